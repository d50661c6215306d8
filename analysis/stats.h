/* analysis/stats.h - streaming summary statistics in bounded memory.
 *
 * A stats_table holds many cells (one per scenario step and metric, or per
 * node, step and measure). Each cell gives n, mean, sd and a fixed set of
 * quantiles without keeping every value:
 *   - while a cell has at most `exact_cap` values it keeps them: mean and sd
 *     are GSL's gsl_stats_mean / gsl_stats_sd_m, quantiles exact (sorted
 *     data, GSL's linear interpolation between order statistics, R's type 7);
 *   - past that the cell replays its stored values, in order, into GSL's
 *     running statistics (gsl_rstat, Welford's update) and P^2 quantile
 *     estimators (Jain and Chlamtac 1985), frees them and continues so.
 * Cells must be fed in a fixed order (the runner feeds replicas in index
 * order), which makes every result independent of the thread count.
 * Non-finite values are not added (they are counted in `skipped`).
 * Errors are igraph_error_t, the status type of the whole analysis/ layer
 * (igraph's error header only; no igraph graph is used here).
 * Layer: analysis/ (GSL; igraph_error.h).
 */
#ifndef INFNET_ANALYSIS_STATS_H
#define INFNET_ANALYSIS_STATS_H

#include <stddef.h>

#include <gsl/gsl_rstat.h>
#include <igraph_error.h>

/* Largest number of quantiles a table reports. */
#define STATS_MAX_Q 8

struct stats_cell {
    gsl_rstat_workspace *rs;                  /* NULL while exact */
    gsl_rstat_quantile_workspace **p2;        /* NULL while exact */
    double *buf;                              /* exact values while n <= exact_cap */
    size_t nbuf, cap;
    size_t skipped;
};

struct stats_table {
    size_t n_cells;
    struct stats_cell *cells;
    size_t exact_cap;
    int n_q;
    double probs[STATS_MAX_Q];
};

struct stats_summary {
    size_t n;
    double mean, sd;             /* NaN when n == 0; sd NaN when n < 2 */
    double q[STATS_MAX_Q];       /* NaN when n == 0 */
};

/* IGRAPH_SUCCESS, IGRAPH_ENOMEM, or IGRAPH_EINVAL for n_q > STATS_MAX_Q. */
igraph_error_t stats_table_init(struct stats_table *t, size_t n_cells, const double *probs, int n_q, size_t exact_cap);
void stats_table_destroy(struct stats_table *t);

/* Add x to cell i. IGRAPH_SUCCESS or IGRAPH_ENOMEM. */
igraph_error_t stats_add(struct stats_table *t, size_t i, double x);

/* Summarise cell i. `scratch` must hold exact_cap doubles (sorting space). */
void stats_summarize(const struct stats_table *t, size_t i, double *scratch, struct stats_summary *out);

#endif
