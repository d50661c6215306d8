/* analysis/compare.h - whether two scenarios differ: effect sizes first, then interval and test.
 *
 * For samples a (reference) and b:
 *   - the medians of both (GSL's gsl_stats_median_from_sorted_data: the mean
 *     of the two middle values of an even sample) and the share of values
 *     that are not zero in each (for fragmentation: the share of replicas in
 *     which the network fragmented at all);
 *   - the Vargha-Delaney A = P(B > A) + P(B = A)/2 over all na * nb pairs,
 *     exactly from the midranks: A = (R_b/nb - (nb + 1)/2)/na = U/(na nb)
 *     (Vargha and Delaney 2000). A and the shares do not shrink as replicas
 *     grow, unlike an interval's width or a p-value.
 * The difference is mean(b) - mean(a), with
 *   - a 95% (level) Welch interval: diff +- t_{df, (1+level)/2} * sqrt(sa^2/na + sb^2/nb),
 *     df by Welch-Satterthwaite;
 *   - Cohen's d: diff / s_pooled, s_pooled^2 = ((na-1) sa^2 + (nb-1) sb^2) / (na + nb - 2);
 *   - the Mann-Whitney U test (two-sided), normal approximation with tie
 *     correction and continuity correction (test "mann_whitney"); from summary
 *     statistics alone, Welch's t test (test "welch_t").
 * Paired samples (compare_paired: replica i of a and replica i of b drew from
 * the same random stream) get the interval of the mean difference, t on the
 * n - 1 df of the differences, and the Wilcoxon signed-rank test (test
 * "wilcoxon_signed_rank"): zero differences are dropped (Wilcoxon's
 * convention, R's wilcox.test), |d| ranked with midranks, V = the sum of the
 * positive differences' ranks, mu = n(n+1)/4,
 * sigma^2 = n(n+1)(2n+1)/24 - sum(t^3 - t)/48 over the n non-zero
 * differences, z = (V - mu - sign(V - mu)/2)/sigma, p = 2 min(Phi(z), 1 - Phi(z));
 * no non-zero difference gives V = 0 and p = 1. Cohen's d and A are those of
 * the two samples, as for unpaired data, so that both read on one scale.
 * Degenerate cases are defined, not NaN-by-accident: equal constant samples
 * give diff 0, interval [0, 0], d 0 and p 1; constant but different samples
 * give d = +-Inf and p from the rank test.
 * Errors are igraph_error_t, the status type of the whole analysis/ layer.
 * Layer: analysis/ (GSL; igraph_error.h).
 */
#ifndef INFNET_ANALYSIS_COMPARE_H
#define INFNET_ANALYSIS_COMPARE_H

#include <stddef.h>

#include <igraph_error.h>

struct compare_result {
    size_t n_a, n_b;             /* paired: both the number of pairs */
    double median_a, median_b;   /* NaN from summaries (the caller may know them) */
    double nonzero_a, nonzero_b; /* shares of values != 0; NaN from summaries */
    double vd_a;                 /* Vargha-Delaney A; NaN from summaries */
    double mean_a, mean_b;
    double diff, ci_low, ci_high;
    double effect_size; /* Cohen's d */
    double statistic;   /* U (mann_whitney), V (wilcoxon_signed_rank), t (welch_t) */
    double p_value;
    const char *test; /* "mann_whitney", "wilcoxon_signed_rank" or "welch_t" */
};

/* From raw samples (copies are sorted in `scratch`, na + nb doubles).
 * IGRAPH_SUCCESS, or IGRAPH_EINVAL if na or nb < 2 (or a value is not finite:
 * the caller drops missing values). */
igraph_error_t compare_samples(const double *a, size_t na, const double *b, size_t nb, double level,
                               double *scratch, struct compare_result *out);

/* From n pairs (a[i], b[i]) (copies are sorted in `scratch`, 3n doubles):
 * the paired interval and the Wilcoxon signed-rank test. IGRAPH_SUCCESS, or
 * IGRAPH_EINVAL if n < 2 (or a value is not finite: the caller drops the
 * pairs with a missing value). */
igraph_error_t compare_paired(const double *a, const double *b, size_t n, double level, double *scratch,
                              struct compare_result *out);

/* From summary statistics (Welch t test). IGRAPH_SUCCESS, or IGRAPH_EINVAL if
 * na or nb < 2 (or a mean or sd is not finite, or an sd negative). */
igraph_error_t compare_summaries(size_t na, double mean_a, double sd_a, size_t nb, double mean_b, double sd_b,
                                 double level, struct compare_result *out);

/* Holm's step-down adjustment of n p-values (Holm 1979), monotone, capped at 1.
 * NaN p-values stay NaN and are not counted; adjusted must not alias p. */
void compare_holm(const double *p, size_t n, double *adjusted);

#endif
