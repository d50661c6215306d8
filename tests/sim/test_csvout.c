/* tests/sim/test_csvout.c - CSV fields: shortest round-trip numbers and RFC 4180 quoting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "sim/output/csvout.h"

static void test_csvout_numbers(void **state)
{
    (void)state;
    char b[40];
    csvout_format_number(b, sizeof b, 0.1);
    assert_string_equal(b, "0.1");
    csvout_format_number(b, sizeof b, 1.0 / 3.0);
    assert_string_equal(b, "0.3333333333333333");
    csvout_format_number(b, sizeof b, 0.1 + 0.2);
    assert_string_equal(b, "0.30000000000000004");
    csvout_format_number(b, sizeof b, 36);
    assert_string_equal(b, "36");
    csvout_format_number(b, sizeof b, NAN);
    assert_string_equal(b, "");
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < 10000; i++) {
        double x = (gsl_rng_uniform(r) - 0.5) * pow(10.0, (double)(i % 40) - 20.0);
        csvout_format_number(b, sizeof b, x);
        assert_true(strtod(b, NULL) == x);
    }
    gsl_rng_free(r);
}

static void test_csvout_quoting(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    csvout_string(f, "plain");
    fputc('|', f);
    csvout_string(f, "Kata'ib Hezbollah, KH");
    fputc('|', f);
    csvout_string(f, "say \"calm\"");
    fclose(f);
    assert_string_equal(buf, "plain|\"Kata'ib Hezbollah, KH\"|\"say \"\"calm\"\"\"");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csvout_numbers),
        cmocka_unit_test(test_csvout_quoting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
