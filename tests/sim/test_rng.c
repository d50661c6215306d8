/* tests/sim/test_rng.c - seed hashing (published reference values) and the GSL view of PCG32. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sim/engine/rng.h"

static void test_rng_reference_values(void **state)
{
    (void)state;
    /* FNV-1a 64 of "a" and of "" (reference test vectors of the FNV authors) */
    assert_true(rng_fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    assert_true(rng_fnv1a64("") == 0xcbf29ce484222325ULL);
    /* first output of SplitMix64 from state 0 (Vigna's reference implementation) */
    assert_true(rng_splitmix64(0) == 0xe220a8397b1dcdafULL);
    assert_true(rng_stream_seed(7, "x", 3) == rng_splitmix64(rng_splitmix64(7 ^ rng_fnv1a64("x")) ^ 3));
}

static void test_rng_streams_differ_and_repeat(void **state)
{
    (void)state;
    assert_true(rng_stream_seed(1, "a", 0) != rng_stream_seed(1, "a", 1));
    assert_true(rng_stream_seed(1, "a", 0) != rng_stream_seed(1, "b", 0));
    assert_true(rng_stream_seed(1, "a", 0) != rng_stream_seed(2, "a", 0));
    struct rng_stream a, b;
    assert_int_equal(rng_stream_init(&a), 0);
    assert_int_equal(rng_stream_init(&b), 0);
    rng_stream_seed_with(&a, 99);
    rng_stream_seed_with(&b, 99);
    for (int i = 0; i < 1000; i++) {
        double u = gsl_rng_uniform(a.gsl);
        assert_true(u >= 0.0 && u < 1.0);
        assert_true(u == gsl_rng_uniform(b.gsl));
    }
    /* igraph and GSL draw from one stream: interleaving changes what each sees */
    rng_stream_seed_with(&a, 5);
    rng_stream_seed_with(&b, 5);
    unsigned long x = gsl_rng_get(a.gsl);
    (void)igraph_rng_get_unif01(&b.ig);
    assert_true(gsl_rng_get(b.gsl) != x || gsl_rng_get(a.gsl) != x);
    rng_stream_destroy(&a);
    rng_stream_destroy(&b);
}

static void test_rng_uniform_mean(void **state)
{
    (void)state;
    struct rng_stream a;
    assert_int_equal(rng_stream_init(&a), 0);
    rng_stream_seed_with(&a, rng_stream_seed(20200103, "decapitation-2020", 0));
    double sum = 0;
    enum { N = 100000 };
    for (int i = 0; i < N; i++)
        sum += gsl_rng_uniform(a.gsl);
    /* mean of U(0,1): 0.5 with sd 1/sqrt(12 N) ~ 0.0009; 5 sd */
    assert_true(sum / N > 0.5 - 0.0046 && sum / N < 0.5 + 0.0046);
    rng_stream_destroy(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_reference_values),
        cmocka_unit_test(test_rng_streams_differ_and_repeat),
        cmocka_unit_test(test_rng_uniform_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
