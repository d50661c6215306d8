/* tests/sim/test_diag.c - error formatting and did-you-mean suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sim/util/diag.h"

static void test_diag_format_with_location(void **state)
{
    (void)state;
    struct diag d;
    char buf[256];
    diag_init(&d);
    assert_int_equal(diag_set(&d, DIAG_INPUT, "scenarios/x.yaml", 14, 9, "unknown node '%s'", "soleiman"), 2);
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "scenarios/x.yaml:14:9: error: unknown node 'soleiman'");
    diag_set(&d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "infnet: error: out of memory");
    diag_set(&d, DIAG_RUNTIME, "out/x", 0, 0, "not a directory");
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "out/x: error: not a directory");
}

static void test_diag_suggest_nearest(void **state)
{
    (void)state;
    const char *ids[] = {"soleimani", "muhandis", "qaani", "kh"};
    assert_string_equal(diag_suggest("soleiman", ids, 4), "soleimani");
    assert_string_equal(diag_suggest("qani", ids, 4), "qaani");
    assert_null(diag_suggest("nasrallah", ids, 4));   /* nothing close */
    const char *keys[] = {"replicas", "seed"};
    assert_string_equal(diag_suggest("replica", keys, 2), "replicas");
    assert_string_equal(diag_suggest("sed", keys, 2), "seed");
    const char *cmds[] = {"run", "validate"};
    assert_string_equal(diag_suggest("rnu", cmds, 2), "run");          /* one transposition */
    assert_string_equal(diag_suggest("valdiate", cmds, 2), "validate");
    assert_null(diag_suggest("x", keys, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag_format_with_location),
        cmocka_unit_test(test_diag_suggest_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
