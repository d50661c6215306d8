/* analysis/stats.c - streaming mean, sd and quantiles per cell (see stats.h).
 * The exact buffer of a cell grows by doubling up to exact_cap, so a table of
 * many cells with few values stays small; memory per cell is bounded by
 * exact_cap doubles plus the GSL workspaces, whatever the number of values.
 */
#include "analysis/stats.h"

#include <math.h>
#include <stdint.h>
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

igraph_error_t stats_table_init(struct stats_table *t, size_t n_cells, const double *probs, int n_q,
                                size_t exact_cap)
{
    memset(t, 0, sizeof *t);
    if (n_q < 0 || n_q > STATS_MAX_Q)
        return IGRAPH_EINVAL;
    for (int k = 1; k < n_q; k++)
        if (!(probs[k - 1] < probs[k]))
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
            continue; /* gsl_rstat keeps the median's P^2 estimator itself */
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

/* Quantiles of ascending probabilities never decrease; estimates that do
 * (P^2's estimators run independently and can cross; interpolation can
 * round one off by a unit in the last place) are put in ascending order, the
 * monotone rearrangement: each estimate still lies in the observed range. */
static void rearrange(double *q, int n_q)
{
    for (int k = 1; k < n_q; k++)
        for (int j = k; j > 0 && q[j - 1] > q[j]; j--) {
            double x = q[j];
            q[j] = q[j - 1];
            q[j - 1] = x;
        }
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
            double q =
                c->p2[k] ? gsl_rstat_quantile_get(c->p2[k]) : gsl_rstat_median((gsl_rstat_workspace *)c->rs);
            /* keep estimates inside the observed range; near its ends, the end */
            if (q < lo + snap)
                q = lo;
            else if (q > hi - snap)
                q = hi;
            out->q[k] = q;
        }
        rearrange(out->q, t->n_q);
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
    rearrange(out->q, t->n_q);
}

/* ---- saving and restoring a table's state ------------------------------
 * Layout, in native byte order: the cell count, exact_cap, the quantile
 * count and probabilities; then per cell a mode byte (0 exact values, 1
 * running statistics), the skipped count, and either the exact values or
 * GSL's rstat fields (min, max, mean, M2, M3, M4, n, the median's P^2
 * estimator) and a presence byte and P^2 estimator per quantile. The GSL
 * fields are copied as GSL 2.x declares them in gsl_rstat.h; STATS_STATE_TAG
 * carries the GSL version so that a reader built against another refuses
 * the state instead of misreading it. */

static int put(FILE *f, const void *p, size_t n)
{
    if (n == 0)
        return 0; /* an empty cell's buffer may be NULL */
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int put_u64(FILE *f, uint64_t x)
{
    return put(f, &x, sizeof x);
}

static int put_f64(FILE *f, double x)
{
    return put(f, &x, sizeof x);
}

static int put_quantile(FILE *f, const gsl_rstat_quantile_workspace *q)
{
    int bad = put_f64(f, q->p);
    for (int i = 0; i < 5; i++) {
        bad |= put_f64(f, q->q[i]);
        bad |= put_u64(f, (uint64_t)(int64_t)q->npos[i]);
        bad |= put_f64(f, q->np[i]);
        bad |= put_f64(f, q->dnp[i]);
    }
    return bad | put_u64(f, q->n);
}

static int put_cell(FILE *f, const struct stats_table *t, const struct stats_cell *c)
{
    uint8_t mode = c->p2 ? 1 : 0;
    int bad = put(f, &mode, 1) | put_u64(f, c->skipped);
    if (!mode)
        return bad | put_u64(f, c->nbuf) | put(f, c->buf, c->nbuf * sizeof *c->buf);
    const gsl_rstat_workspace *r = c->rs;
    bad |= put_f64(f, r->min) | put_f64(f, r->max) | put_f64(f, r->mean);
    bad |= put_f64(f, r->M2) | put_f64(f, r->M3) | put_f64(f, r->M4);
    bad |= put_u64(f, r->n) | put_quantile(f, r->median_workspace_p);
    for (int q = 0; q < t->n_q; q++) {
        uint8_t has = c->p2[q] != NULL;
        bad |= put(f, &has, 1);
        if (has)
            bad |= put_quantile(f, c->p2[q]);
    }
    return bad;
}

int stats_table_fwrite(FILE *f, const struct stats_table *t)
{
    int bad = put_u64(f, t->n_cells) | put_u64(f, t->exact_cap) | put_u64(f, (uint64_t)t->n_q);
    for (int q = 0; q < t->n_q; q++)
        bad |= put_f64(f, t->probs[q]);
    for (size_t i = 0; i < t->n_cells && !bad; i++)
        bad = put_cell(f, t, &t->cells[i]);
    return bad || ferror(f) ? STATS_EFORMAT : STATS_OK;
}

/* Reads keep going after a short read (returning zeros) and report it once,
 * at the end of a cell: *bad is set and stays set. */
static void get(FILE *f, void *out, size_t n, int *bad)
{
    if (*bad || fread(out, 1, n, f) != n) {
        *bad = 1;
        memset(out, 0, n);
    }
}

static uint64_t get_u64(FILE *f, int *bad)
{
    uint64_t x;
    get(f, &x, sizeof x, bad);
    return x;
}

static double get_f64(FILE *f, int *bad)
{
    double x;
    get(f, &x, sizeof x, bad);
    return x;
}

static void get_quantile(FILE *f, gsl_rstat_quantile_workspace *q, int *bad)
{
    double p = get_f64(f, bad);
    if (p != q->p) /* the estimator of another probability */
        *bad = 1;
    for (int i = 0; i < 5; i++) {
        q->q[i] = get_f64(f, bad);
        q->npos[i] = (int)(int64_t)get_u64(f, bad);
        q->np[i] = get_f64(f, bad);
        q->dnp[i] = get_f64(f, bad);
    }
    q->n = (size_t)get_u64(f, bad);
}

static int get_exact(FILE *f, const struct stats_table *t, struct stats_cell *c)
{
    int bad = 0;
    uint64_t nb = get_u64(f, &bad);
    if (bad || nb > t->exact_cap)
        return STATS_EFORMAT;
    if (nb) {
        c->buf = malloc((size_t)t->exact_cap * sizeof *c->buf);
        if (!c->buf)
            return STATS_ENOMEM;
        c->cap = t->exact_cap;
        get(f, c->buf, (size_t)nb * sizeof *c->buf, &bad);
    }
    c->nbuf = (size_t)nb;
    return bad ? STATS_EFORMAT : STATS_OK;
}

static int get_running(FILE *f, const struct stats_table *t, struct stats_cell *c)
{
    int bad = 0;
    c->rs = gsl_rstat_alloc();
    c->p2 = calloc((size_t)t->n_q ? (size_t)t->n_q : 1, sizeof *c->p2);
    if (!c->rs || !c->p2)
        return STATS_ENOMEM;
    c->rs->min = get_f64(f, &bad);
    c->rs->max = get_f64(f, &bad);
    c->rs->mean = get_f64(f, &bad);
    c->rs->M2 = get_f64(f, &bad);
    c->rs->M3 = get_f64(f, &bad);
    c->rs->M4 = get_f64(f, &bad);
    c->rs->n = (size_t)get_u64(f, &bad);
    get_quantile(f, c->rs->median_workspace_p, &bad);
    for (int q = 0; q < t->n_q && !bad; q++) {
        uint8_t has;
        get(f, &has, 1, &bad);
        /* cell_to_p2 keeps an estimator for every probability but the median */
        if (bad || has != (t->probs[q] != 0.5))
            return STATS_EFORMAT;
        if (!has)
            continue;
        if (!(c->p2[q] = gsl_rstat_quantile_alloc(t->probs[q])))
            return STATS_ENOMEM;
        get_quantile(f, c->p2[q], &bad);
    }
    return bad ? STATS_EFORMAT : STATS_OK;
}

int stats_table_fread(FILE *f, struct stats_table *t)
{
    int bad = 0;
    if (get_u64(f, &bad) != t->n_cells || get_u64(f, &bad) != t->exact_cap ||
        get_u64(f, &bad) != (uint64_t)t->n_q || bad)
        return STATS_EFORMAT;
    for (int q = 0; q < t->n_q; q++)
        if (get_f64(f, &bad) != t->probs[q] || bad)
            return STATS_EFORMAT;
    for (size_t i = 0; i < t->n_cells; i++) {
        struct stats_cell *c = &t->cells[i];
        uint8_t mode;
        get(f, &mode, 1, &bad);
        c->skipped = (size_t)get_u64(f, &bad);
        if (bad || mode > 1)
            return STATS_EFORMAT;
        int rc = mode == 0 ? get_exact(f, t, c) : get_running(f, t, c);
        if (rc)
            return rc;
    }
    return STATS_OK;
}
