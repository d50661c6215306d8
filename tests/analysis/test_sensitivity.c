/* tests/analysis/test_sensitivity.c - Sobol, Morris and SRC estimators against
 * functions whose indices are known analytically (Ishigami, Sobol's G,
 * linear models). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "analysis/design.h"
#include "analysis/sensitivity.h"

static gsl_rng *rng_seeded(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, seed);
    return r;
}

/* Ishigami (a = 7, b = 0.1) on [-pi, pi]^3, from the unit cube. */
#define ISH_A 7.0
#define ISH_B 0.1
static double ishigami(const double *u)
{
    double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1], x3 = -M_PI + 2 * M_PI * u[2];
    return sin(x1) + ISH_A * sin(x2) * sin(x2) + ISH_B * pow(x3, 4) * sin(x1);
}

/* Sobol's G function, g = prod (|4u - 2| + a_i) / (1 + a_i). */
static const double g_a[8] = {0, 1, 4.5, 9, 99, 99, 99, 99};
static double g_function(const double *u)
{
    double g = 1.0;
    for (int i = 0; i < 8; i++)
        g *= (fabs(4 * u[i] - 2) + g_a[i]) / (1 + g_a[i]);
    return g;
}

/* Evaluate f on every row of a Saltelli design of base size n (k factors). */
static double *saltelli_outputs(size_t n, size_t k, int so, enum design_source src, gsl_rng *r,
                                double (*f)(const double *))
{
    size_t rows = design_saltelli_rows(n, k, so);
    double *x = malloc(rows * k * sizeof *x), *y = malloc(rows * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(design_saltelli(n, k, so, src, 0, x, r), IGRAPH_SUCCESS);
    for (size_t i = 0; i < rows; i++)
        y[i] = f(x + i * k);
    free(x);
    return y;
}

static void assert_covers(double lo, double hi, double truth, const char *what, size_t j)
{
    if (!(lo <= truth && truth <= hi))
        fail_msg("%s[%zu]: interval [%g, %g] misses %g", what, j, lo, hi, truth);
    if (!(hi - lo < 0.1))
        fail_msg("%s[%zu]: interval [%g, %g] too wide to mean anything", what, j, lo, hi);
}

static void test_sensitivity_sobol_ishigami(void **state)
{
    (void)state;
    /* Analytic variances (Ishigami and Homma 1990): V1 = (1 + b pi^4 / 5)^2 / 2,
     * V2 = a^2 / 8, V13 = 8 b^2 pi^8 / 225, V = V1 + V2 + V13. */
    double pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v1 = 0.5 * pow(1 + ISH_B * pi4 / 5, 2), v2 = ISH_A * ISH_A / 8,
           v13 = 8 * ISH_B * ISH_B * pi8 / 225;
    double v = v1 + v2 + v13;
    double s1[3] = {v1 / v, v2 / v, 0.0}, st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
    assert_close(s1[0], 0.3139, 1e-4); /* the published values */
    assert_close(s1[1], 0.4424, 1e-4);
    assert_close(st[0], 0.5576, 1e-4);
    assert_close(st[2], 0.2437, 1e-4);

    size_t n = 1u << 13;
    double *y = saltelli_outputs(n, 3, 1, DESIGN_SOBOL, NULL, ishigami);
    struct sensitivity_sobol s;
    gsl_rng *r = rng_seeded(2024);
    assert_int_equal(sensitivity_sobol_init(&s, 3, 1), IGRAPH_SUCCESS);
    assert_int_equal(sensitivity_sobol_analyze(y, n, 300, 0.95, &s, r), IGRAPH_SUCCESS);
    for (size_t j = 0; j < 3; j++) {
        assert_close(s.s1[j], s1[j], 0.02);
        assert_close(s.st[j], st[j], 0.02);
        assert_covers(s.s1_lo[j], s.s1_hi[j], s1[j], "S1", j);
        assert_covers(s.st_lo[j], s.st_hi[j], st[j], "ST", j);
    }
    /* S2: only x1 and x3 interact */
    double s2[3][3] = {{0, 0, v13 / v}, {0, 0, 0}, {0, 0, 0}};
    for (size_t j = 0; j < 3; j++)
        for (size_t l = 0; l < 3; l++) {
            if (l <= j) {
                assert_true(isnan(s.s2[j * 3 + l]) && isnan(s.s2_lo[j * 3 + l]));
                continue;
            }
            assert_close(s.s2[j * 3 + l], s2[j][l], 0.03);
            if (!(s.s2_lo[j * 3 + l] <= s2[j][l] && s2[j][l] <= s.s2_hi[j * 3 + l]))
                fail_msg("S2[%zu][%zu]: [%g, %g] misses %g", j, l, s.s2_lo[j * 3 + l], s.s2_hi[j * 3 + l],
                         s2[j][l]);
        }
    sensitivity_sobol_destroy(&s);
    gsl_rng_free(r);
    free(y);
}

/* Analytic indices of the G function: V_i = 1 / (3 (1 + a_i)^2),
 * V = prod (1 + V_i) - 1, S1_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V. */
static void g_indices(double *s1, double *st)
{
    double vi[8], prod = 1.0;
    for (int i = 0; i < 8; i++) {
        vi[i] = 1.0 / (3.0 * (1 + g_a[i]) * (1 + g_a[i]));
        prod *= 1 + vi[i];
    }
    for (int i = 0; i < 8; i++) {
        s1[i] = vi[i] / (prod - 1.0);
        st[i] = vi[i] * (prod / (1 + vi[i])) / (prod - 1.0);
    }
}

static void test_sensitivity_sobol_g_function(void **state)
{
    (void)state;
    double s1[8], st[8];
    g_indices(s1, st);
    size_t n = 1u << 13;
    gsl_rng *r = rng_seeded(7);
    double *y = saltelli_outputs(n, 8, 0, DESIGN_SOBOL, NULL, g_function);
    struct sensitivity_sobol s;
    assert_int_equal(sensitivity_sobol_init(&s, 8, 0), IGRAPH_SUCCESS);
    assert_null(s.s2);
    assert_int_equal(sensitivity_sobol_analyze(y, n, 300, 0.95, &s, r), IGRAPH_SUCCESS);
    for (size_t i = 0; i < 8; i++) {
        assert_close(s.s1[i], s1[i], 0.02);
        assert_close(s.st[i], st[i], 0.02);
        assert_covers(s.s1_lo[i], s.s1_hi[i], s1[i], "S1", i);
        assert_covers(s.st_lo[i], s.st_hi[i], st[i], "ST", i);
    }
    /* the ordering is what a reader acts on: x1 before x2 before x3 */
    assert_true(s.s1[0] > s.s1[1] && s.s1[1] > s.s1[2] && s.s1[2] > s.s1[4]);
    sensitivity_sobol_destroy(&s);
    gsl_rng_free(r);
    free(y);
}

/* On independent random base points, the bootstrap's premise, 95% intervals
 * cover the true index about 95% of the time: 20 designs x 16 intervals. */
static void test_sensitivity_sobol_intervals_are_calibrated(void **state)
{
    (void)state;
    double s1[8], st[8];
    g_indices(s1, st);
    size_t n = 1024, covered = 0, total = 0;
    struct sensitivity_sobol s;
    assert_int_equal(sensitivity_sobol_init(&s, 8, 0), IGRAPH_SUCCESS);
    for (unsigned long seed = 1; seed <= 20; seed++) {
        gsl_rng *r = rng_seeded(seed);
        double *y = saltelli_outputs(n, 8, 0, DESIGN_RANDOM, r, g_function);
        assert_int_equal(sensitivity_sobol_analyze(y, n, 200, 0.95, &s, r), IGRAPH_SUCCESS);
        for (size_t i = 0; i < 8; i++) {
            covered += s.s1_lo[i] <= s1[i] && s1[i] <= s.s1_hi[i];
            covered += s.st_lo[i] <= st[i] && st[i] <= s.st_hi[i];
            total += 2;
        }
        free(y);
        gsl_rng_free(r);
    }
    double rate = (double)covered / (double)total;
    if (!(rate >= 0.88 && rate <= 0.99))
        fail_msg("95%% intervals covered the truth %zu times in %zu", covered, total);
    sensitivity_sobol_destroy(&s);
}

static void test_sensitivity_sobol_same_seed_same_bytes(void **state)
{
    (void)state;
    size_t n = 256;
    double *y = saltelli_outputs(n, 3, 1, DESIGN_SOBOL, NULL, ishigami);
    struct sensitivity_sobol a, b;
    gsl_rng *r1 = rng_seeded(9), *r2 = rng_seeded(9);
    assert_int_equal(sensitivity_sobol_init(&a, 3, 1), 0);
    assert_int_equal(sensitivity_sobol_init(&b, 3, 1), 0);
    assert_int_equal(sensitivity_sobol_analyze(y, n, 100, 0.9, &a, r1), 0);
    assert_int_equal(sensitivity_sobol_analyze(y, n, 100, 0.9, &b, r2), 0);
    assert_memory_equal(a.s1_lo, b.s1_lo, 3 * sizeof(double));
    assert_memory_equal(a.st_hi, b.st_hi, 3 * sizeof(double));
    assert_memory_equal(a.s2_hi, b.s2_hi, 9 * sizeof(double)); /* NaN below the diagonal, same bits */
    /* without bootstrap the intervals are NaN and the generator is not needed */
    assert_int_equal(sensitivity_sobol_analyze(y, n, 0, 0.9, &a, NULL), 0);
    assert_true(isnan(a.s1_lo[0]) && isnan(a.st_hi[2]) && isnan(a.s2_lo[2]));
    assert_memory_equal(a.s1, b.s1, 3 * sizeof(double)); /* the point estimate does not use the generator */

    /* refusals: a failed run's output, a level outside (0, 1), one base point */
    y[5] = NAN;
    assert_int_equal(sensitivity_sobol_analyze(y, n, 0, 0.9, &a, NULL), IGRAPH_EINVAL);
    y[5] = 0.0;
    assert_int_equal(sensitivity_sobol_analyze(y, n, 0, 1.0, &a, NULL), IGRAPH_EINVAL);
    assert_int_equal(sensitivity_sobol_analyze(y, n, 0, 0.0, &a, NULL), IGRAPH_EINVAL);
    assert_int_equal(sensitivity_sobol_analyze(y, 1, 0, 0.9, &a, NULL), IGRAPH_EINVAL);
    assert_int_equal(sensitivity_sobol_analyze(y, n, 10, 0.9, &a, NULL), IGRAPH_EINVAL);
    /* a constant output has no variance to share out */
    for (size_t i = 0; i < design_saltelli_rows(n, 3, 1); i++)
        y[i] = 3.0;
    assert_int_equal(sensitivity_sobol_analyze(y, n, 0, 0.9, &a, NULL), 0);
    assert_true(isnan(a.s1[0]) && isnan(a.st[1]));
    sensitivity_sobol_destroy(&a);
    sensitivity_sobol_destroy(&b);
    sensitivity_sobol_destroy(&b); /* destroy twice is harmless */
    assert_int_equal(sensitivity_sobol_init(&a, 0, 0), IGRAPH_EINVAL);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    free(y);
}

/* Few base points: some resamples draw only base points whose A and B
 * outputs are equal, so their variance is zero and their indices undefined.
 * Those resamples are left out of the intervals, which stay ordered and
 * finite (sorting NaN with the other draws gave ci_low > ci_high). Outputs
 * whose A and B rows do not vary while the AB rows do have no indices
 * (they were infinite). */
static void test_sensitivity_sobol_degenerate_resamples(void **state)
{
    (void)state;
    /* k = 2 with second order: blocks A, AB_1, AB_2, BA_1, BA_2, B */
    const double y[4 * 6] = {0, 1, 2, 3, 1, 5, /* the only base point whose A and B differ */
                             1, 2, 1, 3, 1, 1, 1, 3, 2, 1, 2, 1, 1, 1, 2, 2, 3, 1};
    struct sensitivity_sobol s;
    gsl_rng *r = rng_seeded(3);
    assert_int_equal(sensitivity_sobol_init(&s, 2, 1), 0);
    assert_int_equal(sensitivity_sobol_analyze(y, 4, 400, 0.9, &s, r), 0);
    for (size_t j = 0; j < 2; j++) {
        assert_true(isfinite(s.s1[j]) && isfinite(s.st[j]));
        assert_true(isfinite(s.s1_lo[j]) && isfinite(s.s1_hi[j]) && s.s1_lo[j] <= s.s1_hi[j]);
        assert_true(isfinite(s.st_lo[j]) && isfinite(s.st_hi[j]) && s.st_lo[j] <= s.st_hi[j]);
    }
    assert_true(isfinite(s.s2_lo[1]) && isfinite(s.s2_hi[1]) && s.s2_lo[1] <= s.s2_hi[1]);
    assert_true(isnan(s.s2_lo[2]) && isnan(s.s2_hi[0])); /* below and on the diagonal */
    /* A and B constant, AB varying */
    const double flat[2 * 6] = {1, 2, 0, 4, 1, 1, 1, 5, 1, 0, 2, 1};
    assert_int_equal(sensitivity_sobol_analyze(flat, 2, 50, 0.9, &s, r), 0);
    assert_true(isnan(s.s1[0]) && isnan(s.st[1]) && isnan(s.s2[1]));
    assert_true(isnan(s.s1_lo[0]) && isnan(s.st_hi[1]) && isnan(s.s2_lo[1]));
    sensitivity_sobol_destroy(&s);
    gsl_rng_free(r);
}

/* Morris on y = sum c_j (lo_j + u_j (hi_j - lo_j)) + a term in u_0 u_1:
 * with `inter` 0 every elementary effect of factor j is c_j (hi_j - lo_j). */
static const double m_c[4] = {3.0, -2.0, 0.0, 0.5}, m_lo[4] = {10, -1, 0, 0}, m_hi[4] = {14, 1, 5, 0.25};
static double morris_f(const double *u, double inter)
{
    double y = 0.0;
    for (int j = 0; j < 4; j++)
        if (m_c[j] != 0.0) /* factor 2 is ignored: it never enters y */
            y += m_c[j] * (m_lo[j] + u[j] * (m_hi[j] - m_lo[j]));
    return y + inter * u[0] * u[1];
}

static void run_morris(double inter, size_t r, size_t n_boot, struct sensitivity_morris *m)
{
    size_t k = 4, rows = design_morris_rows(r, k);
    double *x = malloc(rows * k * sizeof *x), *y = malloc(rows * sizeof *y);
    gsl_rng *g = rng_seeded(11);
    assert_int_equal(design_morris(r, k, 4, x, g), IGRAPH_SUCCESS);
    for (size_t i = 0; i < rows; i++)
        y[i] = morris_f(x + i * k, inter);
    assert_int_equal(sensitivity_morris_init(m, k), IGRAPH_SUCCESS);
    assert_int_equal(sensitivity_morris_analyze(x, y, r, n_boot, 0.95, m, g), IGRAPH_SUCCESS);
    free(x);
    free(y);
    gsl_rng_free(g);
}

static void test_sensitivity_morris_linear(void **state)
{
    (void)state;
    struct sensitivity_morris m;
    run_morris(0.0, 20, 200, &m);
    for (size_t j = 0; j < 4; j++) {
        double ee = m_c[j] * (m_hi[j] - m_lo[j]);
        assert_close(m.mu[j], ee, 1e-9);
        assert_close(m.mu_star[j], fabs(ee), 1e-9);
        assert_close(m.sigma[j], 0.0, 1e-9);
        assert_close(m.mu_star_lo[j], fabs(ee), 1e-9); /* every resample gives the same mu* */
        assert_close(m.mu_star_hi[j], fabs(ee), 1e-9);
    }
    assert_close(m.mu_star[0], 12.0, 1e-9);
    assert_close(m.mu[1], -4.0, 1e-9);
    /* the ignored factor: exactly nothing */
    assert_true(m.mu_star[2] == 0.0 && m.sigma[2] == 0.0 && m.mu[2] == 0.0);
    sensitivity_morris_destroy(&m);
}

static void test_sensitivity_morris_interaction(void **state)
{
    (void)state;
    struct sensitivity_morris m, again;
    run_morris(8.0, 30, 200, &m);
    /* the effect of u_0 is 12 + 8 u_1 with u_1 in {0, 1/3, 2/3, 1}: mu* in [12, 20], sigma > 0 */
    assert_true(m.mu_star[0] > 12.0 && m.mu_star[0] < 20.0);
    assert_true(m.sigma[0] > 0.5 && m.sigma[1] > 0.5);
    assert_true(m.mu_star_lo[0] <= m.mu_star[0] && m.mu_star[0] <= m.mu_star_hi[0]);
    assert_true(m.mu_star_hi[0] > m.mu_star_lo[0]);
    assert_true(m.mu_star[2] == 0.0 && m.sigma[2] == 0.0);
    assert_true(m.mu_star_lo[2] == 0.0 && m.mu_star_hi[2] == 0.0);
    assert_close(m.mu_star[3], 0.125, 1e-12); /* additive: its effect is 0.5 * 0.25 everywhere */
    assert_close(m.sigma[3], 0.0, 1e-12);
    run_morris(8.0, 30, 200, &again);
    assert_memory_equal(m.mu_star_lo, again.mu_star_lo, 4 * sizeof(double));
    assert_memory_equal(m.mu_star_hi, again.mu_star_hi, 4 * sizeof(double));
    sensitivity_morris_destroy(&m);
    sensitivity_morris_destroy(&again);
}

static void test_sensitivity_morris_refuses_bad_trajectories(void **state)
{
    (void)state;
    /* k = 2: (0,0) -> (1,0) -> (1,1) is a trajectory; */
    double x[] = {0, 0, 1, 0, 1, 1}, y[] = {0, 1, 3};
    struct sensitivity_morris m;
    assert_int_equal(sensitivity_morris_init(&m, 2), 0);
    assert_int_equal(sensitivity_morris_analyze(x, y, 1, 0, 0.95, &m, NULL), IGRAPH_SUCCESS);
    assert_close(m.mu[0], 1.0, 0);
    assert_close(m.mu[1], 2.0, 0);
    assert_true(isnan(m.sigma[0]) && isnan(m.mu_star_lo[0])); /* one trajectory: no spread */
    double two[] = {0, 0, 1, 1, 1, 1};                        /* both factors in one step */
    assert_int_equal(sensitivity_morris_analyze(two, y, 1, 0, 0.95, &m, NULL), IGRAPH_EINVAL);
    double back[] = {0, 0, 1, 0, 0, 0}; /* factor 0 twice, factor 1 never */
    assert_int_equal(sensitivity_morris_analyze(back, y, 1, 0, 0.95, &m, NULL), IGRAPH_EINVAL);
    double still[] = {0, 0, 0, 0, 0, 1}; /* no change */
    assert_int_equal(sensitivity_morris_analyze(still, y, 1, 0, 0.95, &m, NULL), IGRAPH_EINVAL);
    y[2] = INFINITY;
    assert_int_equal(sensitivity_morris_analyze(x, y, 1, 0, 0.95, &m, NULL), IGRAPH_EINVAL);
    y[2] = 3;
    assert_int_equal(sensitivity_morris_analyze(x, y, 0, 0, 0.95, &m, NULL), IGRAPH_EINVAL);
    assert_int_equal(sensitivity_morris_analyze(x, y, 1, 0, 1.5, &m, NULL), IGRAPH_EINVAL);
    sensitivity_morris_destroy(&m);
}

static void test_sensitivity_src_linear(void **state)
{
    (void)state;
    enum { N = 200, K = 3 };
    const double b[K] = {2.0, -1.0, 0.5}, scale[K] = {1.0, 10.0, 0.1};
    static double x[N * K], y[N], coef[K];
    gsl_rng *r = rng_seeded(3);
    assert_int_equal(design_lhs(N, K, x, r), 0);
    for (size_t i = 0; i < N; i++) {
        y[i] = 4.0;
        for (size_t j = 0; j < K; j++) {
            x[i * K + j] *= scale[j]; /* factors in their own units */
            y[i] += b[j] / scale[j] * x[i * K + j];
        }
    }
    double r2;
    assert_int_equal(sensitivity_src(x, y, N, K, coef, &r2), IGRAPH_SUCCESS);
    assert_close(r2, 1.0, 1e-12);
    double ysd = gsl_stats_sd(y, 1, N);
    for (size_t j = 0; j < K; j++) {
        double src = b[j] / scale[j] * gsl_stats_sd(x + j, K, N) / ysd;
        assert_close(coef[j], src, 1e-10);
    }
    /* uniform factors of equal spread (in unit-cube terms): SRC_j = b_j / |b| */
    double norm = sqrt(2.0 * 2.0 + 1.0 + 0.25);
    for (size_t j = 0; j < K; j++)
        assert_close(coef[j], b[j] / norm, 0.05); /* 200 points: sample correlations of a few hundredths */
    /* noise lowers R^2 */
    for (size_t i = 0; i < N; i++)
        y[i] += 2.0 * (gsl_rng_uniform(r) - 0.5);
    assert_int_equal(sensitivity_src(x, y, N, K, coef, &r2), IGRAPH_SUCCESS);
    assert_true(r2 < 0.99 && r2 > 0.5);
    /* refusals and a constant output */
    assert_int_equal(sensitivity_src(x, y, K + 1, K, coef, &r2), IGRAPH_EINVAL);
    for (size_t i = 0; i < N; i++)
        y[i] = 1.0;
    assert_int_equal(sensitivity_src(x, y, N, K, coef, &r2), IGRAPH_SUCCESS);
    assert_true(isnan(coef[0]) && isnan(r2));
    for (size_t i = 0; i < N; i++)
        x[i * K + 1] = 2.0;
    assert_int_equal(sensitivity_src(x, y, N, K, coef, &r2), IGRAPH_EINVAL);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sensitivity_sobol_ishigami),
        cmocka_unit_test(test_sensitivity_sobol_g_function),
        cmocka_unit_test(test_sensitivity_sobol_intervals_are_calibrated),
        cmocka_unit_test(test_sensitivity_sobol_same_seed_same_bytes),
        cmocka_unit_test(test_sensitivity_sobol_degenerate_resamples),
        cmocka_unit_test(test_sensitivity_morris_linear),
        cmocka_unit_test(test_sensitivity_morris_interaction),
        cmocka_unit_test(test_sensitivity_morris_refuses_bad_trajectories),
        cmocka_unit_test(test_sensitivity_src_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
