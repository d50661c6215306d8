/* analysis/compare.c - whether two scenarios differ: medians, shares, A, Welch or paired interval, Cohen's d,
 * rank and t tests.
 *
 * compare_samples() ranks without allocating: the caller's scratch holds a
 * sorted copy of a followed by a sorted copy of b, and one merge walk over
 * the two sorted runs assigns midranks to each block of tied values, giving
 * the rank sum of b (hence U and the Vargha-Delaney A) and the tie term
 * sum(t^3 - t) in O(N) after the sorts; the medians come from the same
 * sorted copies. compare_paired() also sorts the non-zero differences by
 * their absolute value in the third part of its scratch.
 * Every degenerate case (zero variances, all values tied) has a defined
 * result (see compare.h); nothing here depends on the order of the inputs.
 * Ownership: nothing is kept between calls; out->test points to a literal.
 * Layer: analysis/ (GSL only).
 */
#include "analysis/compare.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Continuity correction of the normal approximation to U: U moves in steps
 * of 1/2 or 1, so |U - mu| is shrunk by half a step (Mann and Whitney 1947;
 * R's wilcox.test with correct = TRUE). */
#define COMPARE_CONTINUITY 0.5

/* Smallest sample for which a sample variance exists. */
#define COMPARE_MIN_N 2

static int all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

/* diff, interval and Cohen's d from means and sample variances; returns the
 * Welch-Satterthwaite df (NaN when both variances are 0) and the squared
 * standard error of the difference in *se2. */
static double welch_fill(size_t na, double ma, double va, size_t nb, double mb, double vb, double level,
                         struct compare_result *out, double *se2)
{
    double fa = (double)na, fb = (double)nb;
    double wa = va / fa, wb = vb / fb;
    double df = NAN;
    out->n_a = na;
    out->n_b = nb;
    out->mean_a = ma;
    out->mean_b = mb;
    out->diff = mb - ma;
    *se2 = wa + wb;
    if (*se2 > 0) {
        df = *se2 * *se2 / (wa * wa / (fa - 1) + wb * wb / (fb - 1));
        double half = gsl_cdf_tdist_Pinv((1 + level) / 2, df) * sqrt(*se2);
        out->ci_low = out->diff - half;
        out->ci_high = out->diff + half;
    } else {
        out->ci_low = out->diff;
        out->ci_high = out->diff;
    }
    double pooled = ((fa - 1) * va + (fb - 1) * vb) / (fa + fb - 2);
    if (pooled > 0)
        out->effect_size = out->diff / sqrt(pooled);
    else if (out->diff == 0)
        out->effect_size = 0.0;
    else
        out->effect_size = out->diff > 0 ? INFINITY : -INFINITY;
    return df;
}

/* Two-sided Mann-Whitney p-value for sorted a[0..na) and sorted b[0..nb); U of b in *u_out. */
static double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb, double *u_out)
{
    double n = (double)(na + nb);
    double rank_sum_b = 0.0, ties = 0.0;
    size_t i = 0, j = 0, pos = 0; /* pos: values ranked so far */
    while (i < na || j < nb) {
        double v = (j >= nb || (i < na && a[i] <= b[j])) ? a[i] : b[j];
        size_t ca = 0, cb = 0;
        while (i < na && a[i] == v) {
            i++;
            ca++;
        }
        while (j < nb && b[j] == v) {
            j++;
            cb++;
        }
        double t = (double)(ca + cb);
        /* the block takes ranks pos+1 .. pos+t; each gets their mean */
        rank_sum_b += (double)cb * ((double)pos + (t + 1) / 2);
        ties += t * t * t - t;
        pos += ca + cb;
    }
    double fa = (double)na, fb = (double)nb;
    double u = rank_sum_b - fb * (fb + 1) / 2;
    double mu = fa * fb / 2;
    *u_out = u;
    double var = fa * fb / 12 * ((n + 1) - ties / (n * (n - 1)));
    if (!(var > 0))
        return 1.0; /* every value tied: no evidence of a difference */
    double z = (fabs(u - mu) - COMPARE_CONTINUITY) / sqrt(var);
    double p = 2 * gsl_cdf_ugaussian_Q(z);
    return p > 1 ? 1.0 : p;
}

/* Share of the n values that are not zero. */
static double nonzero_share(const double *x, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += x[i] != 0;
    return (double)k / (double)n;
}

/* Medians, shares and A from sorted copies sa[0..na), sb[0..nb). */
static void fill_location(const double *sa, size_t na, const double *sb, size_t nb,
                          struct compare_result *out)
{
    double u;
    out->median_a = gsl_stats_median_from_sorted_data(sa, 1, na);
    out->median_b = gsl_stats_median_from_sorted_data(sb, 1, nb);
    out->nonzero_a = nonzero_share(sa, na);
    out->nonzero_b = nonzero_share(sb, nb);
    out->p_value = mann_whitney_p(sa, na, sb, nb, &u);
    out->statistic = u;
    out->vd_a = u / ((double)na * (double)nb);
}

static void sorted_copies(const double *a, size_t na, const double *b, size_t nb, double *sa, double *sb)
{
    for (size_t i = 0; i < na; i++)
        sa[i] = a[i];
    for (size_t i = 0; i < nb; i++)
        sb[i] = b[i];
    gsl_sort(sa, 1, na);
    gsl_sort(sb, 1, nb);
}

igraph_error_t compare_samples(const double *a, size_t na, const double *b, size_t nb, double level,
                               double *scratch, struct compare_result *out)
{
    assert(level > 0 && level < 1);
    if (na < COMPARE_MIN_N || nb < COMPARE_MIN_N || !all_finite(a, na) || !all_finite(b, nb))
        return IGRAPH_EINVAL;
    double ma = gsl_stats_mean(a, 1, na), mb = gsl_stats_mean(b, 1, nb);
    double va = gsl_stats_variance_m(a, 1, na, ma), vb = gsl_stats_variance_m(b, 1, nb, mb);
    double se2;
    welch_fill(na, ma, va, nb, mb, vb, level, out, &se2);
    double *sa = scratch, *sb = scratch + na;
    sorted_copies(a, na, b, nb, sa, sb);
    fill_location(sa, na, sb, nb, out);
    out->test = "mann_whitney";
    return IGRAPH_SUCCESS;
}

static int by_magnitude(const void *x, const void *y)
{
    double p = fabs(*(const double *)x), q = fabs(*(const double *)y);
    return (p > q) - (p < q);
}

/* Two-sided Wilcoxon signed-rank p-value of the n differences in d (reordered
 * here), zeros dropped; V in *v_out. */
static double signed_rank_p(double *d, size_t n, double *v_out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i] != 0)
            d[k++] = d[i];
    *v_out = 0.0;
    if (k == 0)
        return 1.0; /* every pair equal: no evidence of a difference */
    qsort(d, k, sizeof *d, by_magnitude);
    double v = 0.0, ties = 0.0;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && fabs(d[j]) == fabs(d[i]))
            j++;
        double t = (double)(j - i), rank = ((double)i + 1 + (double)j) / 2; /* midrank of i+1 .. j */
        for (size_t q = i; q < j; q++)
            if (d[q] > 0)
                v += rank;
        ties += t * t * t - t;
        i = j;
    }
    double fk = (double)k;
    double mu = fk * (fk + 1) / 4;
    double var = fk * (fk + 1) * (2 * fk + 1) / 24 - ties / 48;
    *v_out = v;
    double z = v - mu;
    z = (z - (z > 0 ? COMPARE_CONTINUITY : z < 0 ? -COMPARE_CONTINUITY : 0.0)) / sqrt(var);
    double p = 2 * (z > 0 ? gsl_cdf_ugaussian_Q(z) : gsl_cdf_ugaussian_P(z));
    return p > 1 ? 1.0 : p;
}

igraph_error_t compare_paired(const double *a, const double *b, size_t n, double level, double *scratch,
                              struct compare_result *out)
{
    assert(level > 0 && level < 1);
    if (n < COMPARE_MIN_N || !all_finite(a, n) || !all_finite(b, n))
        return IGRAPH_EINVAL;
    double ma = gsl_stats_mean(a, 1, n), mb = gsl_stats_mean(b, 1, n);
    double va = gsl_stats_variance_m(a, 1, n, ma), vb = gsl_stats_variance_m(b, 1, n, mb);
    double se2;
    welch_fill(n, ma, va, n, mb, vb, level, out, &se2); /* n, means, diff and d */
    double *sa = scratch, *sb = scratch + n, *d = scratch + 2 * n;
    for (size_t i = 0; i < n; i++)
        d[i] = b[i] - a[i];
    /* the mean difference is mean(b) - mean(a) as welch_fill gives it, which
     * the mean of the differences equals but for rounding */
    double vd = gsl_stats_variance(d, 1, n);
    if (vd > 0) {
        double half = gsl_cdf_tdist_Pinv((1 + level) / 2, (double)(n - 1)) * sqrt(vd / (double)n);
        out->ci_low = out->diff - half;
        out->ci_high = out->diff + half;
    } else {
        out->ci_low = out->ci_high = out->diff;
    }
    sorted_copies(a, n, b, n, sa, sb);
    fill_location(sa, n, sb, n, out); /* its Mann-Whitney p is replaced below */
    out->p_value = signed_rank_p(d, n, &out->statistic);
    out->test = "wilcoxon_signed_rank";
    return IGRAPH_SUCCESS;
}

igraph_error_t compare_summaries(size_t na, double mean_a, double sd_a, size_t nb, double mean_b, double sd_b,
                                 double level, struct compare_result *out)
{
    assert(level > 0 && level < 1);
    if (na < COMPARE_MIN_N || nb < COMPARE_MIN_N || !isfinite(mean_a) || !isfinite(mean_b) ||
        !isfinite(sd_a) || !isfinite(sd_b) || sd_a < 0 || sd_b < 0)
        return IGRAPH_EINVAL;
    double se2;
    double df = welch_fill(na, mean_a, sd_a * sd_a, nb, mean_b, sd_b * sd_b, level, out, &se2);
    out->median_a = out->median_b = out->nonzero_a = out->nonzero_b = out->vd_a = NAN;
    if (se2 > 0) {
        out->statistic = out->diff / sqrt(se2);
        out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->statistic), df);
    } else { /* no spread: equal means are the same, different means are certainly different */
        out->statistic = NAN;
        out->p_value = out->diff == 0 ? 1.0 : 0.0;
    }
    if (out->p_value > 1)
        out->p_value = 1.0;
    out->test = "welch_t";
    return IGRAPH_SUCCESS;
}

/* Selection order instead of a sort: O(n^2) time and no allocation, since
 * a family is the handful of metrics of one comparison and this function has
 * no way to report an allocation failure. While it runs, adjusted[k] < 0
 * marks a p-value not yet placed in the ascending order. */
void compare_holm(const double *p, size_t n, double *adjusted)
{
    assert(n == 0 || adjusted != p);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        adjusted[k] = isnan(p[k]) ? NAN : -1.0;
        if (!isnan(p[k]))
            m++;
    }
    double running = 0.0;
    for (size_t j = 0; j < m; j++) {
        size_t next = n;
        for (size_t k = 0; k < n; k++) /* smallest unplaced p; ties in index order */
            if (adjusted[k] < 0 && (next == n || p[k] < p[next]))
                next = k;
        assert(next < n);
        double v = (double)(m - j) * p[next];
        if (v > 1)
            v = 1.0;
        if (v > running)
            running = v;
        adjusted[next] = running;
    }
}
