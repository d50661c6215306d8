/* tests/analysis/test_design.c - factorial, Latin hypercube, Saltelli and Morris designs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#include "analysis/design.h"

static gsl_rng *rng_seeded(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, seed);
    return r;
}

static void test_design_factorial_every_combination_once(void **state)
{
    (void)state;
    const size_t levels[] = {2, 3, 4};
    size_t rows = design_factorial_rows(levels, 3);
    assert_int_equal(rows, 24);
    double x[24 * 3];
    int seen[24] = {0};
    assert_int_equal(design_factorial(levels, 3, x), IGRAPH_SUCCESS);
    for (size_t i = 0; i < rows; i++) {
        size_t code = 0;
        for (size_t j = 0; j < 3; j++) {
            double l = x[i * 3 + j] * (double)(levels[j] - 1);
            size_t li = (size_t)lround(l);
            assert_true(li < levels[j]);
            assert_close(x[i * 3 + j], (double)li / (double)(levels[j] - 1), 0); /* exactly on the grid */
            code = code * levels[j] + li;
        }
        assert_int_equal(code, i); /* the last factor varies fastest */
        seen[code]++;
    }
    for (size_t c = 0; c < rows; c++)
        assert_int_equal(seen[c], 1);
    /* one level is the middle of the range; ends are 0 and 1 */
    const size_t one[] = {1, 2};
    double y[4];
    assert_int_equal(design_factorial(one, 2, y), IGRAPH_SUCCESS);
    assert_close(y[0], 0.5, 0);
    assert_close(y[1], 0.0, 0);
    assert_close(y[3], 1.0, 0);
    const size_t zero[] = {3, 0};
    assert_int_equal(design_factorial_rows(zero, 2), 0);
    assert_int_equal(design_factorial(zero, 2, y), IGRAPH_EINVAL);
    assert_int_equal(design_factorial(levels, 0, y), IGRAPH_EINVAL);
}

static void test_design_lhs_each_stratum_once(void **state)
{
    (void)state;
    const size_t ns[] = {1, 2, 7, 50, 1000}, ks[] = {1, 3, 5};
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
        for (size_t b = 0; b < sizeof ks / sizeof ks[0]; b++)
            for (unsigned long seed = 1; seed <= 3; seed++) {
                size_t n = ns[a], k = ks[b];
                gsl_rng *r = rng_seeded(seed);
                double *x = malloc(n * k * sizeof *x);
                int *hit = calloc(n, sizeof *hit);
                assert_int_equal(design_lhs(n, k, x, r), IGRAPH_SUCCESS);
                for (size_t j = 0; j < k; j++) {
                    memset(hit, 0, n * sizeof *hit);
                    for (size_t i = 0; i < n; i++) {
                        double u = x[i * k + j];
                        assert_true(u >= 0.0 && u < 1.0);
                        hit[(size_t)floor(u * (double)n)]++;
                    }
                    for (size_t s = 0; s < n; s++)
                        if (hit[s] != 1)
                            fail_msg("n %zu k %zu seed %lu factor %zu: stratum %zu hit %d times", n, k, seed,
                                     j, s, hit[s]);
                }
                free(x);
                free(hit);
                gsl_rng_free(r);
            }
    gsl_rng *r = rng_seeded(1);
    double x[4];
    assert_int_equal(design_lhs(0, 2, x, r), IGRAPH_EINVAL);
    assert_int_equal(design_lhs(2, 0, x, r), IGRAPH_EINVAL);
    gsl_rng_free(r);
}

static void test_design_same_seed_same_bytes(void **state)
{
    (void)state;
    enum { N = 64, K = 4 };
    static double a[N * K], b[N * K], sa[N * (2 * K + 2) * K], sb[N * (2 * K + 2) * K];
    static double ma[10 * (K + 1) * K], mb[10 * (K + 1) * K];
    gsl_rng *r1 = rng_seeded(42), *r2 = rng_seeded(42);
    assert_int_equal(design_lhs(N, K, a, r1), 0);
    assert_int_equal(design_lhs(N, K, b, r2), 0);
    assert_memory_equal(a, b, sizeof a);
    assert_int_equal(design_saltelli(N, K, 1, DESIGN_SOBOL_SHIFTED, 0, sa, r1), 0);
    assert_int_equal(design_saltelli(N, K, 1, DESIGN_SOBOL_SHIFTED, 0, sb, r2), 0);
    assert_memory_equal(sa, sb, sizeof sa);
    assert_int_equal(design_saltelli(N, K, 1, DESIGN_RANDOM, 0, sa, r1), 0);
    assert_int_equal(design_saltelli(N, K, 1, DESIGN_RANDOM, 0, sb, r2), 0);
    assert_memory_equal(sa, sb, sizeof sa);
    assert_int_equal(design_morris(10, K, 4, ma, r1), 0);
    assert_int_equal(design_morris(10, K, 4, mb, r2), 0);
    assert_memory_equal(ma, mb, sizeof ma);
    /* another seed, another design */
    gsl_rng_set(r2, 43);
    assert_int_equal(design_lhs(N, K, b, r2), 0);
    assert_true(memcmp(a, b, sizeof a) != 0);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

/* Rows of block i: A, AB^(1..k), [BA^(1..k)], B, with A and B the halves of
 * the (skip + i)-th point of GSL's 2k-dimensional Sobol sequence. */
static void check_saltelli(size_t n, size_t k, int so, size_t skip)
{
    size_t block = so ? 2 * k + 2 : k + 2;
    assert_int_equal(design_saltelli_rows(n, k, so), n * block);
    double *x = malloc(n * block * k * sizeof *x), *p = malloc(2 * k * sizeof *p);
    assert_int_equal(design_saltelli(n, k, so, DESIGN_SOBOL, skip, x, NULL), IGRAPH_SUCCESS);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    for (size_t s = 0; s < skip; s++)
        gsl_qrng_get(q, p);
    for (size_t i = 0; i < n; i++) {
        gsl_qrng_get(q, p);
        const double *row = x + i * block * k;
        for (size_t j = 0; j < k; j++) {
            assert_close(row[j], p[j], 0);
            assert_close(row[(block - 1) * k + j], p[k + j], 0);
            for (size_t c = 0; c < k; c++) {
                assert_close(row[(1 + c) * k + j], c == j ? p[k + j] : p[j], 0);
                if (so)
                    assert_close(row[(1 + k + c) * k + j], c == j ? p[j] : p[k + j], 0);
            }
        }
    }
    gsl_qrng_free(q);
    free(x);
    free(p);
}

static void test_design_saltelli_layout(void **state)
{
    (void)state;
    check_saltelli(16, 3, 1, 0);
    check_saltelli(16, 3, 0, 0);
    check_saltelli(8, 5, 1, 7);
    check_saltelli(4, DESIGN_SOBOL_MAX_FACTORS, 0, 0);
    double x[8 * 6];
    assert_int_equal(design_saltelli(1, DESIGN_SOBOL_MAX_FACTORS + 1, 0, DESIGN_SOBOL, 0, x, NULL),
                     IGRAPH_EINVAL);
    assert_int_equal(design_saltelli(0, 2, 0, DESIGN_SOBOL, 0, x, NULL), IGRAPH_EINVAL);
    assert_int_equal(design_saltelli(2, 2, 0, DESIGN_RANDOM, 0, x, NULL), IGRAPH_EINVAL);
    assert_int_equal(design_saltelli(2, 2, 0, DESIGN_SOBOL_SHIFTED, 0, x, NULL), IGRAPH_EINVAL);
    assert_int_equal(design_saltelli(2, 2, 0, (enum design_source)7, 0, x, NULL), IGRAPH_EINVAL);
    /* a shifted or random design stays in [0, 1) */
    gsl_rng *r = rng_seeded(5);
    static double big[256 * 8 * 3];
    for (int src = DESIGN_SOBOL_SHIFTED; src <= DESIGN_RANDOM; src++) {
        assert_int_equal(design_saltelli(256, 3, 1, (enum design_source)src, 0, big, r), IGRAPH_SUCCESS);
        for (size_t i = 0; i < sizeof big / sizeof big[0]; i++)
            assert_true(big[i] >= 0.0 && big[i] < 1.0);
    }
    gsl_rng_free(r);
}

static void test_design_morris_one_step_per_factor(void **state)
{
    (void)state;
    const size_t ps[] = {2, 4, 6, 10};
    for (size_t a = 0; a < sizeof ps / sizeof ps[0]; a++) {
        size_t r = 30, k = 5, p = ps[a];
        double delta = (double)p / (2.0 * (double)(p - 1));
        gsl_rng *g = rng_seeded(p);
        assert_int_equal(design_morris_rows(r, k), r * (k + 1));
        double *x = malloc(r * (k + 1) * k * sizeof *x);
        assert_int_equal(design_morris(r, k, p, x, g), IGRAPH_SUCCESS);
        int ups = 0, downs = 0;
        for (size_t t = 0; t < r; t++) {
            int moved[5] = {0};
            for (size_t s = 0; s <= k; s++)
                for (size_t j = 0; j < k; j++) {
                    double v = x[(t * (k + 1) + s) * k + j] * (double)(p - 1);
                    assert_true(v >= 0.0 && v <= (double)(p - 1));
                    assert_close(v, round(v), 1e-12); /* on the grid */
                }
            for (size_t s = 0; s < k; s++) {
                const double *u = x + (t * (k + 1) + s) * k, *v = u + k;
                size_t changed = 0;
                for (size_t j = 0; j < k; j++)
                    if (u[j] != v[j]) {
                        changed++;
                        moved[j]++;
                        assert_close(fabs(v[j] - u[j]), delta, 1e-12);
                        if (v[j] > u[j])
                            ups++;
                        else
                            downs++;
                    }
                assert_int_equal(changed, 1);
            }
            for (size_t j = 0; j < k; j++)
                assert_int_equal(moved[j], 1);
        }
        assert_true(ups > 0 && downs > 0); /* both directions are drawn */
        free(x);
        gsl_rng_free(g);
    }
    gsl_rng *g = rng_seeded(1);
    double x[64];
    assert_int_equal(design_morris(2, 2, 3, x, g), IGRAPH_EINVAL);
    assert_int_equal(design_morris(2, 2, 0, x, g), IGRAPH_EINVAL);
    assert_int_equal(design_morris(0, 2, 4, x, g), IGRAPH_EINVAL);
    assert_int_equal(design_morris(2, 0, 4, x, g), IGRAPH_EINVAL);
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_factorial_every_combination_once),
        cmocka_unit_test(test_design_lhs_each_stratum_once),
        cmocka_unit_test(test_design_same_seed_same_bytes),
        cmocka_unit_test(test_design_saltelli_layout),
        cmocka_unit_test(test_design_morris_one_step_per_factor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
