/* tests/analysis/test_prim.c - PRIM's peeling trajectory on a box known in advance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "analysis/prim.h"

enum { N = 4000, K = 3 };

/* Uniform points in [0,1)^3; cases where x0 > 0.7 and x1 < 0.4 (x2 is noise). */
static void box_data(double *x, unsigned char *y, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < K; j++)
            x[i * K + j] = gsl_rng_uniform(r);
        y[i] = x[i * K] > 0.7 && x[i * K + 1] < 0.4;
    }
    gsl_rng_free(r);
}

static void test_prim_finds_the_box(void **state)
{
    (void)state;
    static double x[N * K];
    static unsigned char y[N];
    for (unsigned long seed = 1; seed <= 3; seed++) {
        box_data(x, y, seed);
        struct prim_trajectory t;
        assert_int_equal(prim_trajectory_init(&t, K), IGRAPH_SUCCESS);
        assert_int_equal(prim_peel(x, y, N, PRIM_DEFAULT_ALPHA, PRIM_DEFAULT_MIN_MASS, &t), IGRAPH_SUCCESS);
        assert_true(t.n_boxes > 10);
        /* box 0: all points, nothing restricted */
        assert_int_equal(t.count[0], N);
        assert_close(t.mass[0], 1.0, 0);
        assert_close(t.coverage[0], 1.0, 0);
        assert_close(t.density[0], 0.12, 0.02);
        for (size_t j = 0; j < K; j++)
            assert_int_equal(t.restricted[j], 0);
        for (size_t b = 1; b < t.n_boxes; b++) {
            assert_true(t.count[b] < t.count[b - 1]); /* each peel removes points */
            assert_true(t.density[b] >= t.density[b - 1] - 0.05);
            assert_true(t.coverage[b] <= t.coverage[b - 1]);
            assert_true(t.mass[b] >= PRIM_DEFAULT_MIN_MASS);
            assert_close(t.mass[b], (double)t.count[b] / N, 0);
        }
        /* the first pure box is the true one: x0 from 0.7, x1 up to 0.4 */
        size_t b = 0;
        while (b < t.n_boxes && t.density[b] < 1.0)
            b++;
        assert_true(b < t.n_boxes);
        assert_close(t.lower[b * K + 0], 0.7, 0.03);
        assert_close(t.upper[b * K + 1], 0.4, 0.03);
        assert_true(t.coverage[b] > 0.85);
        assert_true(t.restricted[b * K + 0] && t.restricted[b * K + 1]);
        /* the other sides stay near the data range */
        assert_true(t.upper[b * K + 0] > 0.9 && t.lower[b * K + 1] < 0.1);
        /* peeling goes on to the minimum mass, and stays pure */
        size_t last = t.n_boxes - 1;
        assert_close(t.density[last], 1.0, 0);
        assert_true(t.mass[last] < PRIM_DEFAULT_MIN_MASS / (1 - PRIM_DEFAULT_ALPHA) + 1.0 / N);
        prim_trajectory_destroy(&t);
    }
}

static void test_prim_same_data_same_bytes(void **state)
{
    (void)state;
    static double x[N * K];
    static unsigned char y[N];
    box_data(x, y, 8);
    struct prim_trajectory a, b;
    assert_int_equal(prim_trajectory_init(&a, K), 0);
    assert_int_equal(prim_trajectory_init(&b, K), 0);
    assert_int_equal(prim_peel(x, y, N, 0.1, 0.02, &a), 0);
    assert_int_equal(prim_peel(x, y, N, 0.1, 0.02, &b), 0);
    assert_int_equal(a.n_boxes, b.n_boxes);
    assert_memory_equal(a.lower, b.lower, a.n_boxes * K * sizeof(double));
    assert_memory_equal(a.upper, b.upper, a.n_boxes * K * sizeof(double));
    assert_memory_equal(a.density, b.density, a.n_boxes * sizeof(double));
    /* peeling again into a used trajectory starts afresh */
    assert_int_equal(prim_peel(x, y, N, 0.1, 0.02, &a), 0);
    assert_int_equal(a.n_boxes, b.n_boxes);
    prim_trajectory_destroy(&a);
    prim_trajectory_destroy(&b);
}

static void test_prim_ties_and_refusals(void **state)
{
    (void)state;
    /* one factor with two values: a peel takes off all points of a value or none */
    double x[10] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    unsigned char y[10] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 0};
    struct prim_trajectory t;
    assert_int_equal(prim_trajectory_init(&t, 1), 0);
    assert_int_equal(prim_peel(x, y, 10, 0.1, 0.0, &t), IGRAPH_SUCCESS);
    assert_int_equal(t.n_boxes, 2);
    assert_int_equal(t.count[1], 5);
    assert_close(t.lower[1], 1.0, 0);
    assert_close(t.density[1], 0.8, 1e-15);
    assert_close(t.coverage[1], 1.0, 0);
    /* the minimum mass forbids that peel */
    assert_int_equal(prim_peel(x, y, 10, 0.1, 0.6, &t), IGRAPH_SUCCESS);
    assert_int_equal(t.n_boxes, 1);
    unsigned char none[10] = {0};
    assert_int_equal(prim_peel(x, none, 10, 0.1, 0.05, &t), IGRAPH_EINVAL);
    assert_int_equal(prim_peel(x, y, 10, 0.5, 0.05, &t), IGRAPH_EINVAL);
    assert_int_equal(prim_peel(x, y, 10, 0.0, 0.05, &t), IGRAPH_EINVAL);
    assert_int_equal(prim_peel(x, y, 10, 0.1, 1.5, &t), IGRAPH_EINVAL);
    assert_int_equal(prim_peel(x, y, 0, 0.1, 0.05, &t), IGRAPH_EINVAL);
    x[3] = NAN;
    assert_int_equal(prim_peel(x, y, 10, 0.1, 0.05, &t), IGRAPH_EINVAL);
    prim_trajectory_destroy(&t);
    prim_trajectory_destroy(&t);
    assert_int_equal(prim_trajectory_init(&t, 0), IGRAPH_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prim_finds_the_box),
        cmocka_unit_test(test_prim_same_data_same_bytes),
        cmocka_unit_test(test_prim_ties_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
