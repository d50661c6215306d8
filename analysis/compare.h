/* analysis/compare.h - whether two scenarios differ: interval, effect size, rank test.
 *
 * For samples a (reference) and b, the difference is mean(b) - mean(a), with
 *   - a 95% (level) Welch interval: diff +- t_{df, (1+level)/2} * sqrt(sa^2/na + sb^2/nb),
 *     df by Welch-Satterthwaite;
 *   - Cohen's d: diff / s_pooled, s_pooled^2 = ((na-1) sa^2 + (nb-1) sb^2) / (na + nb - 2);
 *   - the Mann-Whitney U test (two-sided), normal approximation with tie
 *     correction and continuity correction (test "mann_whitney"); from summary
 *     statistics alone, Welch's t test (test "welch_t").
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
    size_t n_a, n_b;
    double mean_a, mean_b;
    double diff, ci_low, ci_high;
    double effect_size; /* Cohen's d */
    double p_value;
    const char *test; /* "mann_whitney" or "welch_t" */
};

/* From raw samples (copies are sorted in `scratch`, na + nb doubles).
 * IGRAPH_SUCCESS, or IGRAPH_EINVAL if na or nb < 2 (or a value is not finite:
 * the caller drops missing values). */
igraph_error_t compare_samples(const double *a, size_t na, const double *b, size_t nb, double level,
                               double *scratch, struct compare_result *out);

/* From summary statistics (Welch t test). IGRAPH_SUCCESS, or IGRAPH_EINVAL if
 * na or nb < 2 (or a mean or sd is not finite, or an sd negative). */
igraph_error_t compare_summaries(size_t na, double mean_a, double sd_a, size_t nb, double mean_b, double sd_b,
                                 double level, struct compare_result *out);

/* Holm's step-down adjustment of n p-values (Holm 1979), monotone, capped at 1.
 * NaN p-values stay NaN and are not counted; adjusted must not alias p. */
void compare_holm(const double *p, size_t n, double *adjusted);

#endif
