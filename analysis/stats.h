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
 * The probabilities are ascending, and so are the quantiles reported
 * (estimates that cross are put in order; readers of summary.csv refuse
 * quantiles that decrease).
 * Cells must be fed in a fixed order (the runner feeds replicas in index
 * order), which makes every result independent of the thread count.
 * Non-finite values are not added (they are counted in `skipped`).
 * Errors are igraph_error_t, the status type of the whole analysis/ layer
 * (igraph's error header only; no igraph graph is used here).
 * A table's state is saved and restored here (stats_table_fwrite /
 * stats_table_fread, as gsl_rng_fwrite does for a generator), so that no
 * other module depends on the cells' layout or on GSL's workspaces. That
 * state holds GSL's rstat and P^2 fields, which GSL may change between
 * versions: STATS_STATE_TAG names the layout and the GSL version, and a
 * reader refuses state saved under another.
 * Layer: analysis/ (GSL; igraph_error.h; stdio for the save and restore).
 */
#ifndef INFNET_ANALYSIS_STATS_H
#define INFNET_ANALYSIS_STATS_H

#include <stddef.h>
#include <stdio.h>

#include <gsl/gsl_rstat.h>
#include <igraph_error.h>
#include <gsl/gsl_version.h>

/* The statuses of saving and restoring, as igraph_error_t values (the
 * layer's one status type): state of another shape is a parse error. */
enum { STATS_OK = IGRAPH_SUCCESS, STATS_ENOMEM = IGRAPH_ENOMEM, STATS_EFORMAT = IGRAPH_PARSEERROR };

/* The layout of a saved table (bump STATS_STATE_FORMAT when it changes) and
 * the GSL version whose workspaces it copies: state is restored only under
 * the same tag. */
#define STATS_STATE_FORMAT 1
#define STATS_STRINGIFY_(x) #x
#define STATS_STRINGIFY(x) STATS_STRINGIFY_(x)
#define STATS_STATE_TAG "stats " STATS_STRINGIFY(STATS_STATE_FORMAT) ", gsl " GSL_VERSION

/* Largest number of quantiles a table reports. */
#define STATS_MAX_Q 8

struct stats_cell {
    gsl_rstat_workspace *rs;           /* NULL while exact */
    gsl_rstat_quantile_workspace **p2; /* NULL while exact */
    double *buf;                       /* exact values while n <= exact_cap */
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
    double mean, sd;       /* NaN when n == 0; sd NaN when n < 2 */
    double q[STATS_MAX_Q]; /* NaN when n == 0 */
};

/* IGRAPH_SUCCESS, IGRAPH_ENOMEM, or IGRAPH_EINVAL for n_q > STATS_MAX_Q or
 * probabilities that do not ascend. */
igraph_error_t stats_table_init(struct stats_table *t, size_t n_cells, const double *probs, int n_q,
                                size_t exact_cap);
void stats_table_destroy(struct stats_table *t);

/* Add x to cell i. IGRAPH_SUCCESS or IGRAPH_ENOMEM. */
igraph_error_t stats_add(struct stats_table *t, size_t i, double x);

/* Summarise cell i. `scratch` must hold exact_cap doubles (sorting space). */
void stats_summarize(const struct stats_table *t, size_t i, double *scratch, struct stats_summary *out);

/* Save the state of t to f (native byte order: restore on the same
 * architecture). STATS_OK, or STATS_EFORMAT when f reports a write error. */
int stats_table_fwrite(FILE *f, const struct stats_table *t);

/* Restore into t, freshly initialised with the shape (cells, exact_cap,
 * probabilities) of the table saved, the state stats_table_fwrite saved
 * (under the same STATS_STATE_TAG). STATS_OK; STATS_EFORMAT when the data
 * is truncated, malformed or of another shape; STATS_ENOMEM. On failure t
 * holds a partial state: destroy it. */
int stats_table_fread(FILE *f, struct stats_table *t);

#endif
