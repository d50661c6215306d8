/* tests/analysis/test_compare.c - scenario comparison statistics against hand-computed values and
 * calibration.
 *
 * Reference values were computed independently of GSL (by hand, and the t
 * quantiles by inverting the t cdf written as a regularized incomplete beta
 * function, 30 digits). The calibration tests draw many pairs of samples with
 * a fixed seed and check the rank test's size and power and the Welch
 * interval's coverage against binomial bounds (3 standard errors).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis/compare.h"

/* Trials of every calibration test, and the binomial tolerance they allow. */
#define TRIALS 2000
#define SIGMAS 3.0
#define LEVEL 0.95
#define ALPHA 0.05

static void test_compare_mann_whitney_textbook(void **state)
{
    (void)state;
    /* a = 1..5, b = 6..10: every b above every a.
     * R_b = 6+7+8+9+10 = 40, U = R_b - nb(nb+1)/2 = 40 - 15 = 25; mu = 5*5/2 = 12.5;
     * no ties: sigma^2 = 25/12 * 11 = 22.9167, sigma = 4.78714;
     * z = (|25 - 12.5| - 0.5)/4.78714 = 2.506718, p = 2 Q(z) = 0.0121857803553448
     * (R: wilcox.test(1:5, 6:10, exact = FALSE) gives 0.01219).
     * Welch: means 3 and 8, both variances 2.5: se^2 = 0.5 + 0.5 = 1,
     * df = 1 / (0.25/4 + 0.25/4) = 8, t_{8, 0.975} = 2.306004135204167:
     * interval 5 -+ 2.306004 = [2.693995864795833, 7.306004135204167];
     * d = 5 / sqrt(2.5) = 3.162277660168379. */
    const double a[] = {1, 2, 3, 4, 5}, b[] = {6, 7, 8, 9, 10};
    double scratch[10];
    struct compare_result r;
    assert_int_equal(compare_samples(a, 5, b, 5, LEVEL, scratch, &r), 0);
    assert_string_equal(r.test, "mann_whitney");
    assert_int_equal(r.n_a, 5);
    assert_int_equal(r.n_b, 5);
    assert_close(r.mean_a, 3.0, 1e-15);
    assert_close(r.mean_b, 8.0, 1e-15);
    assert_close(r.diff, 5.0, 1e-15);
    assert_close(r.p_value, 0.0121857803553448, 1e-12);
    assert_close(r.ci_low, 2.693995864795833, 1e-9);
    assert_close(r.ci_high, 7.306004135204167, 1e-9);
    assert_close(r.effect_size, 3.162277660168379, 1e-12);

    /* swapping the roles mirrors everything but p */
    struct compare_result s;
    assert_int_equal(compare_samples(b, 5, a, 5, LEVEL, scratch, &s), 0);
    assert_close(s.diff, -5.0, 1e-15);
    assert_close(s.ci_low, -7.306004135204167, 1e-9);
    assert_close(s.effect_size, -3.162277660168379, 1e-12);
    assert_close(s.p_value, r.p_value, 1e-15);
}

static void test_compare_mann_whitney_ties(void **state)
{
    (void)state;
    /* a = {1, 2, 2, 3}, b = {2, 3, 3, 4, 5} (given unsorted below), N = 9.
     * Pooled order: 1a | 2a 2a 2b | 3a 3b 3b | 4b | 5b.
     * Midranks: 1 -> 1; the three 2s share ranks 2..4 -> 3; the three 3s share 5..7 -> 6; 4 -> 8; 5 -> 9.
     * R_b = 3 + 6 + 6 + 8 + 9 = 32, U = 32 - 5*6/2 = 17, mu = 4*5/2 = 10.
     * Ties: two blocks of t = 3: sum(t^3 - t) = 2 * 24 = 48.
     * sigma^2 = 4*5/12 * ((9 + 1) - 48/(9*8)) = (5/3) * (28/3) = 140/9 = 15.5556.
     * z = (|17 - 10| - 0.5)/sqrt(140/9) = 6.5/3.944053 = 1.648051, p = 2 Q(z) = 0.0993422478534653. */
    const double a[] = {3, 2, 1, 2}, b[] = {5, 3, 2, 4, 3};
    const double a_copy[] = {3, 2, 1, 2};
    double scratch[9];
    struct compare_result r;
    assert_int_equal(compare_samples(a, 4, b, 5, LEVEL, scratch, &r), 0);
    assert_close(r.p_value, 0.0993422478534653, 1e-12);
    assert_close(r.diff, 3.4 - 2.0, 1e-15);
    assert_memory_equal(a, a_copy, sizeof a); /* inputs are not reordered */
}

static void test_compare_vargha_delaney_medians_shares(void **state)
{
    (void)state;
    /* a = {1, 2, 3}, b = {2, 3, 4}. By pairs: b = 2 beats 1 and ties 2 (1.5),
     * b = 3 beats 1, 2 and ties 3 (2.5), b = 4 beats all three (3): A = 7/9.
     * From ranks: pooled 1a | 2a 2b | 3a 3b | 4b, midranks 1, 2.5, 4.5, 6:
     * R_b = 2.5 + 4.5 + 6 = 13, A = (13/3 - 2)/3 = 7/9 = 0.777...
     * Ties: two blocks of t = 2, sum(t^3 - t) = 12; sigma^2 = 9/12 (7 - 12/30) = 4.95;
     * z = (|7 - 4.5| - 0.5)/sqrt(4.95) = 0.898933, p = 2 Q(z) = 0.3686882693617816.
     * Medians 2 and 3; every value non-zero. */
    const double a[] = {3, 1, 2}, b[] = {4, 2, 3};
    double scratch[6];
    struct compare_result r;
    assert_int_equal(compare_samples(a, 3, b, 3, LEVEL, scratch, &r), 0);
    assert_close(r.vd_a, 7.0 / 9.0, 1e-15);
    assert_close(r.statistic, 7.0, 1e-15);
    assert_close(r.p_value, 0.3686882693617816, 1e-12);
    assert_close(r.median_a, 2.0, 0);
    assert_close(r.median_b, 3.0, 0);
    assert_close(r.nonzero_a, 1.0, 0);
    assert_close(r.nonzero_b, 1.0, 0);

    /* every b above every a: A = 1 (and 0 the other way round) */
    const double lo[] = {0, 0, 0, 0.5}, hi[] = {1, 2, 3, 4, 5};
    double scratch9[9];
    assert_int_equal(compare_samples(lo, 4, hi, 5, LEVEL, scratch9, &r), 0);
    assert_close(r.vd_a, 1.0, 0);
    /* medians of an even sample: the mean of the middle two; shares of non-zero values */
    assert_close(r.median_a, 0.0, 0);
    assert_close(r.median_b, 3.0, 0);
    assert_close(r.nonzero_a, 0.25, 0);
    assert_int_equal(compare_samples(hi, 5, lo, 4, LEVEL, scratch9, &r), 0);
    assert_close(r.vd_a, 0.0, 0);

    /* identical samples: A = 0.5 exactly, whatever the ties */
    const double same[] = {0, 0, 0, 1, 2, 2};
    double scratch12[12];
    assert_int_equal(compare_samples(same, 6, same, 6, LEVEL, scratch12, &r), 0);
    assert_close(r.vd_a, 0.5, 0);
    assert_close(r.nonzero_a, 0.5, 0);
    assert_close(r.median_a, 0.5, 0);
}

static void test_compare_signed_rank_hand(void **state)
{
    (void)state;
    /* a = {1, 2, 3, 4, 5}, b = {2, 4, 3, 8, 4}: d = b - a = {1, 2, 0, 4, -1}.
     * The zero is dropped (n = 4); |d| = 1, 2, 4, 1: the two 1s share ranks
     * 1..2 -> 1.5, 2 -> 3, 4 -> 4. V = 1.5 + 3 + 4 = 8.5 (the -1 has rank 1.5).
     * mu = 4*5/4 = 5; sigma^2 = 4*5*9/24 - (2^3 - 2)/48 = 7.5 - 0.125 = 7.375;
     * z = (8.5 - 5 - 0.5)/sqrt(7.375) = 1.104690, p = 2 Q(z) = 0.26929413671973673.
     * Paired interval: d mean 6/5 = 1.2. */
    const double a[] = {1, 2, 3, 4, 5}, b[] = {2, 4, 3, 8, 4};
    double scratch[15];
    struct compare_result r;
    assert_int_equal(compare_paired(a, b, 5, LEVEL, scratch, &r), 0);
    assert_string_equal(r.test, "wilcoxon_signed_rank");
    assert_int_equal(r.n_a, 5);
    assert_int_equal(r.n_b, 5);
    assert_close(r.statistic, 8.5, 0);
    assert_close(r.p_value, 0.26929413671973673, 1e-12);
    assert_close(r.diff, 1.2, 1e-15);

    /* every pair equal: V = 0, p = 1, interval [0, 0] */
    assert_int_equal(compare_paired(a, a, 5, LEVEL, scratch, &r), 0);
    assert_close(r.statistic, 0.0, 0);
    assert_close(r.p_value, 1.0, 0);
    assert_close(r.ci_low, 0.0, 0);
    assert_close(r.ci_high, 0.0, 0);
    assert_close(r.vd_a, 0.5, 0);

    assert_int_equal(compare_paired(a, b, 1, LEVEL, scratch, &r), IGRAPH_EINVAL);
}

static void test_compare_signed_rank_textbook(void **state)
{
    (void)state;
    /* Hollander and Wolfe (1973), Nonparametric Statistical Methods, p. 29:
     * Hamilton depression scale at the first (x) and second (y) visit of 9
     * patients; R's example(wilcox.test) uses them. d = x - y:
     * 0.952 -0.147 1.022 0.43 0.62 0.59 0.49 -0.08 0.01, no zeros, no ties;
     * the negatives have ranks 3 (0.147) and 2 (0.08): V = 45 - 5 = 40, the
     * published statistic (exact one-sided p 0.01953, two-sided 0.03906).
     * Normal approximation: mu = 22.5, sigma^2 = 9*10*19/24 = 71.25,
     * z = (40 - 22.5 - 0.5)/sqrt(71.25) = 2.013986, p = 2 Q(z) = 0.04401098401295146
     * (R: wilcox.test(x, y, paired = TRUE, exact = FALSE) gives 0.04401).
     * Paired interval: mean d = 0.431888..., sd 0.4268554920709246,
     * t_{8, 0.975} = 2.306004135204167: [0.1037787122721684, 0.7599990655056095]. */
    const double x[] = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
    const double y[] = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
    double scratch[27];
    struct compare_result r;
    /* B = x against A = y: V counts the positive x - y */
    assert_int_equal(compare_paired(y, x, 9, LEVEL, scratch, &r), 0);
    assert_close(r.statistic, 40.0, 1e-12);
    assert_close(r.p_value, 0.04401098401295146, 1e-10);
    assert_close(r.ci_low, 0.1037787122721684, 1e-9);
    assert_close(r.ci_high, 0.7599990655056095, 1e-9);
    /* the other way round: V = 5, the same p */
    assert_int_equal(compare_paired(x, y, 9, LEVEL, scratch, &r), 0);
    assert_close(r.statistic, 5.0, 1e-12);
    assert_close(r.p_value, 0.04401098401295146, 1e-10);
}

static void test_compare_welch_interval(void **state)
{
    (void)state;
    /* a = {1, 2, 3, 4}: mean 2.5, variance 5/3; b = {2, 4, ..., 12}: mean 7, variance 14.
     * diff = 4.5; se^2 = (5/3)/4 + 14/6 = 5/12 + 7/3 = 2.75.
     * df = 2.75^2 / ((5/12)^2/3 + (7/3)^2/5) = 7.5625 / (0.0578704 + 1.0888889) = 6.594671
     * t_{6.594671, 0.975} = 2.394408194674454; half-width = 2.394408 * sqrt(2.75) = 3.970676788343707:
     * interval [0.529323211656293, 8.470676788343707].
     * Pooled variance = (3 * 5/3 + 5 * 14)/8 = 9.375: d = 4.5 / 3.061862 = 1.469693845669907.
     * Welch t = 4.5 / sqrt(2.75) = 2.713602, two-sided p on 6.594671 df = 0.0318244437808415. */
    const double a[] = {1, 2, 3, 4}, b[] = {2, 4, 6, 8, 10, 12};
    double scratch[10];
    struct compare_result r, s;
    assert_int_equal(compare_samples(a, 4, b, 6, LEVEL, scratch, &r), 0);
    assert_close(r.diff, 4.5, 1e-14);
    assert_close(r.ci_low, 0.529323211656293, 1e-9);
    assert_close(r.ci_high, 8.470676788343707, 1e-9);
    assert_close(r.effect_size, 1.469693845669907, 1e-12);

    assert_int_equal(compare_summaries(4, 2.5, sqrt(5.0 / 3.0), 6, 7.0, sqrt(14.0), LEVEL, &s), 0);
    assert_string_equal(s.test, "welch_t");
    assert_int_equal(s.n_a, 4);
    assert_int_equal(s.n_b, 6);
    assert_close(s.ci_low, 0.529323211656293, 1e-9);
    assert_close(s.ci_high, 8.470676788343707, 1e-9);
    assert_close(s.effect_size, 1.469693845669907, 1e-12);
    assert_close(s.p_value, 0.0318244437808415, 1e-10);

    /* a 90% interval is narrower and nested */
    assert_int_equal(compare_summaries(4, 2.5, sqrt(5.0 / 3.0), 6, 7.0, sqrt(14.0), 0.90, &s), 0);
    assert_true(s.ci_low > r.ci_low && s.ci_high < r.ci_high);
}

static void test_compare_degenerate(void **state)
{
    (void)state;
    double scratch[6];
    struct compare_result r;
    /* equal constant samples: nothing differs */
    const double c1[] = {2, 2, 2}, c2[] = {2, 2, 2}, c3[] = {1, 1, 1};
    assert_int_equal(compare_samples(c1, 3, c2, 3, LEVEL, scratch, &r), 0);
    assert_true(r.diff == 0.0 && r.ci_low == 0.0 && r.ci_high == 0.0);
    assert_true(r.effect_size == 0.0);
    assert_true(r.p_value == 1.0);
    /* constant but different: d = +Inf, interval [1, 1], p from the rank test:
     * U = 9, mu = 4.5, ties 2 * (27 - 3) = 48, sigma^2 = 9/12 * (7 - 48/30) = 4.05,
     * z = (4.5 - 0.5)/sqrt(4.05) = 1.987616, p = 0.0468541776038737. */
    assert_int_equal(compare_samples(c3, 3, c1, 3, LEVEL, scratch, &r), 0);
    assert_true(isinf(r.effect_size) && r.effect_size > 0);
    assert_true(r.ci_low == 1.0 && r.ci_high == 1.0);
    assert_close(r.p_value, 0.0468541776038737, 1e-12);
    assert_int_equal(compare_samples(c1, 3, c3, 3, LEVEL, scratch, &r), 0);
    assert_true(isinf(r.effect_size) && r.effect_size < 0);
    /* the same from summaries: p 1 for equal means, 0 for different ones */
    assert_int_equal(compare_summaries(3, 2.0, 0.0, 3, 2.0, 0.0, LEVEL, &r), 0);
    assert_true(r.p_value == 1.0 && r.effect_size == 0.0 && r.ci_low == 0.0 && r.ci_high == 0.0);
    assert_int_equal(compare_summaries(3, 1.0, 0.0, 3, 2.0, 0.0, LEVEL, &r), 0);
    assert_true(r.p_value == 0.0 && isinf(r.effect_size));
    /* identical samples: U = mu, so |U - mu| - 0.5 < 0 and 2 Q(z) > 1: capped at exactly 1 */
    const double x[] = {1, 2, 3}, y[] = {3, 2, 1};
    assert_int_equal(compare_samples(x, 3, y, 3, LEVEL, scratch, &r), 0);
    assert_true(r.p_value == 1.0 && r.diff == 0.0 && r.effect_size == 0.0);
}

static void test_compare_refuses_small_or_missing(void **state)
{
    (void)state;
    double scratch[8];
    struct compare_result r;
    const double a[] = {1, 2, 3}, b[] = {4, 5, 6}, bad[] = {1, NAN, 3};
    assert_int_equal(compare_samples(a, 1, b, 3, LEVEL, scratch, &r), IGRAPH_EINVAL);
    assert_int_equal(compare_samples(a, 3, b, 1, LEVEL, scratch, &r), IGRAPH_EINVAL);
    assert_int_equal(compare_samples(a, 3, bad, 3, LEVEL, scratch, &r), IGRAPH_EINVAL);
    assert_int_equal(compare_summaries(1, 0.0, 1.0, 5, 0.0, 1.0, LEVEL, &r), IGRAPH_EINVAL);
    assert_int_equal(compare_summaries(5, 0.0, NAN, 5, 0.0, 1.0, LEVEL, &r), IGRAPH_EINVAL);
    assert_int_equal(compare_summaries(5, 0.0, -1.0, 5, 0.0, 1.0, LEVEL, &r), IGRAPH_EINVAL);
}

static void test_compare_holm_example(void **state)
{
    (void)state;
    /* sorted: 0.005 * 4 = 0.02; 0.01 * 3 = 0.03; 0.03 * 2 = 0.06; 0.04 * 1 = 0.04 -> max 0.06 */
    const double p[] = {0.01, 0.04, 0.03, 0.005};
    double adj[4];
    compare_holm(p, 4, adj);
    assert_close(adj[0], 0.03, 1e-15);
    assert_close(adj[1], 0.06, 1e-15);
    assert_close(adj[2], 0.06, 1e-15);
    assert_close(adj[3], 0.02, 1e-15);
}

static void test_compare_holm_nan_cap_ties(void **state)
{
    (void)state;
    /* NaN is skipped and not counted: m = 2, 0.01 * 2 = 0.02, 0.04 * 1 = 0.04 */
    const double p[] = {0.01, NAN, 0.04};
    double adj[3];
    compare_holm(p, 3, adj);
    assert_close(adj[0], 0.02, 1e-15);
    assert_true(isnan(adj[1]));
    assert_close(adj[2], 0.04, 1e-15);
    /* capped at 1 and monotone: 0.5 * 2 = 1, then max(1, 0.6) */
    const double q[] = {0.6, 0.5};
    double adq[2];
    compare_holm(q, 2, adq);
    assert_true(adq[0] == 1.0 && adq[1] == 1.0);
    /* ties get the same adjusted value: 0.02 * 3 = 0.06 and 0.02 * 2 = 0.04 -> 0.06 both */
    const double t[] = {0.02, 0.5, 0.02};
    double adt[3];
    compare_holm(t, 3, adt);
    assert_close(adt[0], 0.06, 1e-15);
    assert_close(adt[2], 0.06, 1e-15);
    assert_close(adt[1], 0.5, 1e-15);
    compare_holm(NULL, 0, NULL); /* an empty family is allowed */
}

/* Binomial tolerance of a share estimated from TRIALS trials. */
static double tolerance(double share)
{
    return SIGMAS * sqrt(share * (1 - share) / TRIALS);
}

static void test_compare_calibration_size(void **state)
{
    (void)state;
    /* same continuous distribution (exponential, skewed on purpose): p < 0.05 in ~5% of pairs */
    enum { N = 30 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20200103);
    double a[N], b[N], scratch[2 * N];
    int rejected = 0;
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < N; i++) {
            a[i] = gsl_ran_exponential(rng, 1.0);
            b[i] = gsl_ran_exponential(rng, 1.0);
        }
        struct compare_result r;
        assert_int_equal(compare_samples(a, N, b, N, LEVEL, scratch, &r), 0);
        rejected += r.p_value < ALPHA;
    }
    gsl_rng_free(rng);
    double share = (double)rejected / TRIALS;
    print_message("# rank test size: %.4f (nominal %.2f)\n", share, ALPHA);
    assert_close(share, ALPHA, tolerance(ALPHA));
}

static void test_compare_calibration_coverage(void **state)
{
    (void)state;
    /* N(0, 1), n 40 against N(0.5, 2^2), n 25: true difference 0.5, unequal variances and sizes */
    enum { NA = 40, NB = 25 };
    const double true_diff = 0.5;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    double a[NA], b[NB], scratch[NA + NB];
    int covered = 0;
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < NA; i++)
            a[i] = gsl_ran_gaussian(rng, 1.0);
        for (int i = 0; i < NB; i++)
            b[i] = true_diff + gsl_ran_gaussian(rng, 2.0);
        struct compare_result r;
        assert_int_equal(compare_samples(a, NA, b, NB, LEVEL, scratch, &r), 0);
        covered += r.ci_low <= true_diff && true_diff <= r.ci_high;
    }
    gsl_rng_free(rng);
    double share = (double)covered / TRIALS;
    print_message("# Welch coverage: %.4f (nominal %.2f)\n", share, LEVEL);
    assert_close(share, LEVEL, tolerance(LEVEL));
}

static void test_compare_calibration_power(void **state)
{
    (void)state;
    /* N(0, 1) against N(1, 1), n 30 each: d = 1, the rank test's power is about 0.96 */
    enum { N = 30 };
    const double min_power = 0.95;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 17);
    double a[N], b[N], scratch[2 * N];
    int rejected = 0;
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < N; i++) {
            a[i] = gsl_ran_gaussian(rng, 1.0);
            b[i] = 1.0 + gsl_ran_gaussian(rng, 1.0);
        }
        struct compare_result r;
        assert_int_equal(compare_samples(a, N, b, N, LEVEL, scratch, &r), 0);
        rejected += r.p_value < ALPHA;
    }
    gsl_rng_free(rng);
    double share = (double)rejected / TRIALS;
    print_message("# rank test power at d = 1: %.4f\n", share);
    assert_true(share > min_power);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_mann_whitney_textbook),
        cmocka_unit_test(test_compare_mann_whitney_ties),
        cmocka_unit_test(test_compare_vargha_delaney_medians_shares),
        cmocka_unit_test(test_compare_signed_rank_hand),
        cmocka_unit_test(test_compare_signed_rank_textbook),
        cmocka_unit_test(test_compare_welch_interval),
        cmocka_unit_test(test_compare_degenerate),
        cmocka_unit_test(test_compare_refuses_small_or_missing),
        cmocka_unit_test(test_compare_holm_example),
        cmocka_unit_test(test_compare_holm_nan_cap_ties),
        cmocka_unit_test(test_compare_calibration_size),
        cmocka_unit_test(test_compare_calibration_coverage),
        cmocka_unit_test(test_compare_calibration_power),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
