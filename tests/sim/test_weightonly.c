/* tests/sim/test_weightonly.c - the keys that act only through tie weights, and the measures that see them.
 *
 * Checks the table against the parameter table (every model key in it is a
 * parameter infnet knows), the two indexed patterns, and which metric masks
 * count as seeing weights, with and without outputs.weighted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/params.h"
#include "sim/engine/measure.h"
#include "sim/engine/weightonly.h"

static void test_weightonly_keys(void **state)
{
    (void)state;
    assert_true(weightonly_key("model.succession.share"));
    assert_true(weightonly_key("model.broker.binding"));
    assert_true(weightonly_key("model.broker.rivalry"));
    assert_true(weightonly_key("model.institutions.binding"));
    assert_false(weightonly_key("model.sanctions.dependence")); /* it also moves the patron choice */
    assert_true(weightonly_key("network.edges.3.weight"));
    assert_true(weightonly_key("network.edges.12.weight"));
    assert_true(weightonly_key("pressures.0.share"));
    /* parameters that act on more than weights, and near misses of the patterns */
    assert_false(weightonly_key("model.alignment.rate"));
    assert_false(weightonly_key("model.ties.min_weight"));
    assert_false(weightonly_key("model.succession.share.x"));
    assert_false(weightonly_key("network.edges.weight"));
    assert_false(weightonly_key("network.edges.3.from"));
    assert_false(weightonly_key("network.edges.3.4.weight"));
    assert_false(weightonly_key("pressures.0.fraction"));
    assert_false(weightonly_key("monte_carlo.seed"));
}

/* Every model.* key the table holds is a parameter of models/params.h. */
static void test_weightonly_table_names_parameters(void **state)
{
    (void)state;
    size_t n;
    const struct param_info *tab = params_table(&n);
    int found = 0;
    char key[256];
    for (size_t i = 0; i < n; i++) {
        snprintf(key, sizeof key, "model.%s", tab[i].key);
        found += weightonly_key(key);
    }
    /* succession.share; broker x 5; institutions.binding; alignment x 3; money x 2; strikes.rally; splinter
     * and fronts tie_weight */
    assert_int_equal(found, 15);
}

static void test_weightonly_seen(void **state)
{
    (void)state;
    uint64_t unweighted = METRIC_BIT(METRIC_FRAGMENTATION) | METRIC_BIT(METRIC_PATRON_ENTROPY) |
                          METRIC_BIT(METRIC_DISTANCE_FRAGMENTATION);
    assert_false(weightonly_seen(unweighted, 0));
    assert_true(weightonly_seen(unweighted, 1)); /* distance fragmentation then reads weights */
    assert_false(weightonly_seen(METRIC_BIT(METRIC_FRAGMENTATION), 1));
    assert_true(weightonly_seen(METRIC_BIT(METRIC_WEIGHTED_FRAGMENTATION), 0));
    assert_true(weightonly_seen(METRIC_ALL, 0));
    assert_false(weightonly_seen(0, 1));
}

static void test_weightonly_warn(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(weightonly_warn(f, "--set", "model.alignment.rate", 0, 0, "scenario 's'"), 0);
    assert_int_equal(weightonly_warn(f, "--set", "model.succession.share", METRIC_ALL, 0, "scenario 's'"), 0);
    assert_int_equal(weightonly_warn(f, "--set", "model.succession.share", METRIC_BIT(METRIC_FRAGMENTATION),
                                     0, "scenario 's'"),
                     1);
    fclose(f);
    assert_string_equal(buf,
                        "infnet: warning: --set model.succession.share acts only through tie weights, and no "
                        "metric of scenario 's' sees them: the metrics show it only once a tie dissolves or "
                        "a patron choice tips; add "
                        "weighted_fragmentation to the metrics (or measure with outputs.weighted: true)\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weightonly_keys),
        cmocka_unit_test(test_weightonly_table_names_parameters),
        cmocka_unit_test(test_weightonly_seen),
        cmocka_unit_test(test_weightonly_warn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
