/* analysis/stats.c - streaming mean, sd and quantiles per cell (see stats.h).
 * The exact buffer of a cell grows by doubling up to exact_cap, so a table of
 * many cells with few values stays small; memory per cell is bounded by
 * exact_cap doubles plus the GSL workspaces, whatever the number of values.
 */
#include "analysis/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Relative distance (to the observed range) within which a P^2 estimate is
 * reported as the range's end. On data piled on one value (counts, shares
 * that are mostly 0) P^2's parabolic updates leave estimates 1e-60 to 1e-7
 * (of the range) off that value; one part in a million of the range is
 * below any spacing a reader would act on. */
#define STATS_P2_SNAP 1e-6

igraph_error_t stats_table_init(struct stats_table *t, size_t n_cells, const double *probs, int n_q, size_t exact_cap)
{
    memset(t, 0, sizeof *t);
    if (n_q < 0 || n_q > STATS_MAX_Q)
        return IGRAPH_EINVAL;
    t->cells = calloc(n_cells ? n_cells : 1, sizeof *t->cells);
    if (!t->cells)
        return IGRAPH_ENOMEM;
    t->n_cells = n_cells;
    t->exact_cap = exact_cap;
    t->n_q = n_q;
    for (int k = 0; k < n_q; k++)
        t->probs[k] = probs[k];
    return IGRAPH_SUCCESS;
}

static void cell_free(struct stats_cell *c, int n_q)
{
    if (c->rs)
        gsl_rstat_free(c->rs);
    if (c->p2) {
        for (int k = 0; k < n_q; k++)
            if (c->p2[k])
                gsl_rstat_quantile_free(c->p2[k]);
        free(c->p2);
    }
    free(c->buf);
    memset(c, 0, sizeof *c);
}

void stats_table_destroy(struct stats_table *t)
{
    if (!t || !t->cells)
        return;
    for (size_t i = 0; i < t->n_cells; i++)
        cell_free(&t->cells[i], t->n_q);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* Switch cell c from exact storage to running statistics (GSL rstat: mean,
 * sd) and P^2 estimators, replaying its values in order; frees the buffer. */
static igraph_error_t cell_to_p2(const struct stats_table *t, struct stats_cell *c)
{
    c->rs = gsl_rstat_alloc();
    c->p2 = calloc((size_t)t->n_q ? (size_t)t->n_q : 1, sizeof *c->p2);
    if (!c->rs || !c->p2)
        return IGRAPH_ENOMEM;
    for (size_t j = 0; j < c->nbuf; j++)
        gsl_rstat_add(c->buf[j], c->rs);
    for (int k = 0; k < t->n_q; k++) {
        if (t->probs[k] == 0.5)
            continue;   /* gsl_rstat keeps the median's P^2 estimator itself */
        c->p2[k] = gsl_rstat_quantile_alloc(t->probs[k]);
        if (!c->p2[k])
            return IGRAPH_ENOMEM;
        for (size_t j = 0; j < c->nbuf; j++)
            gsl_rstat_quantile_add(c->buf[j], c->p2[k]);
    }
    free(c->buf);
    c->buf = NULL;
    c->nbuf = c->cap = 0;
    return IGRAPH_SUCCESS;
}

igraph_error_t stats_add(struct stats_table *t, size_t i, double x)
{
    struct stats_cell *c = &t->cells[i];
    if (!isfinite(x)) {
        c->skipped++;
        return IGRAPH_SUCCESS;
    }
    if (!c->p2 && c->nbuf == t->exact_cap && cell_to_p2(t, c) != IGRAPH_SUCCESS)
        return IGRAPH_ENOMEM;
    if (c->p2) {
        gsl_rstat_add(x, c->rs);
        for (int k = 0; k < t->n_q; k++)
            if (c->p2[k])
                gsl_rstat_quantile_add(x, c->p2[k]);
        return IGRAPH_SUCCESS;
    }
    if (c->nbuf == c->cap) {
        /* one allocation of the whole exact share: growing by steps would
         * leave the allocator a trail of freed buffers as large as the budget */
        size_t want = t->exact_cap;
        double *nb = realloc(c->buf, want * sizeof *nb);
        if (!nb)
            return IGRAPH_ENOMEM;
        c->buf = nb;
        c->cap = want;
    }
    c->buf[c->nbuf++] = x;
    return IGRAPH_SUCCESS;
}

void stats_summarize(const struct stats_table *t, size_t i, double *scratch, struct stats_summary *out)
{
    const struct stats_cell *c = &t->cells[i];
    size_t n = c->p2 ? gsl_rstat_n(c->rs) : c->nbuf;
    out->n = n;
    for (int k = 0; k < t->n_q; k++)
        out->q[k] = NAN;
    out->mean = out->sd = NAN;
    if (n == 0)
        return;
    if (c->p2) {
        out->mean = gsl_rstat_mean(c->rs);
        out->sd = n > 1 ? gsl_rstat_sd(c->rs) : NAN;
        double lo = gsl_rstat_min(c->rs), hi = gsl_rstat_max(c->rs);
        double snap = STATS_P2_SNAP * (hi - lo);
        for (int k = 0; k < t->n_q; k++) {
            double q = c->p2[k] ? gsl_rstat_quantile_get(c->p2[k]) : gsl_rstat_median((gsl_rstat_workspace *)c->rs);
            /* keep estimates inside the observed range; near its ends, the end */
            if (q < lo + snap)
                q = lo;
            else if (q > hi - snap)
                q = hi;
            out->q[k] = q;
        }
        return;
    }
    out->mean = gsl_stats_mean(c->buf, 1, c->nbuf);
    out->sd = n > 1 ? gsl_stats_sd_m(c->buf, 1, c->nbuf, out->mean) : NAN;
    memcpy(scratch, c->buf, c->nbuf * sizeof *scratch);
    gsl_sort(scratch, 1, c->nbuf);
    for (int k = 0; k < t->n_q; k++) {
        out->q[k] = gsl_stats_quantile_from_sorted_data(scratch, 1, c->nbuf, t->probs[k]);
        /* Between two equal order statistics the interpolation (1-d) x + d x
         * can round off x; the quantile is then exactly that value. */
        size_t lo = (size_t)floor((double)(c->nbuf - 1) * t->probs[k]);
        size_t hi = lo + 1 < c->nbuf ? lo + 1 : lo;
        if (scratch[lo] == scratch[hi])
            out->q[k] = scratch[lo];
    }
}
