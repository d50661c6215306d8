/* analysis/parts.c - shortest-path measures in fixed parts (see parts.h).
 *
 * Part k of K covers positions [count*k/K, count*(k+1)/K) of the vertex
 * list (parts_measure; each part has its own result vector) or a fixed
 * number of rows of the distance matrix (parts_closeness_harmonic; each
 * part writes its own vertices). Each part records its own status; the
 * first failing part's (in part order) is returned, and once one part has
 * failed (an interruption above all) the parts not yet started are skipped.
 * With an executor of more than one worker, each worker reads its own copy
 * of the graph, made when it takes its first part (struct run below).
 * Layer: analysis/ (igraph).
 */
#include "analysis/parts.h"

#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>

/* What every part of one call shares: the graph, a copy per worker when
 * parts run side by side, and each part's status. */
struct run {
    const igraph_t *g;
    igraph_t *copies;       /* workers copies, or NULL: every part reads g */
    unsigned char *made;    /* copies[w] is initialised */
    igraph_error_t *status; /* one per part */
    atomic_int failed;      /* a part failed: skip the rest */
};

static igraph_error_t run_init(struct run *r, const igraph_t *g, int k_parts, const struct parts_exec *ex)
{
    r->g = g;
    r->copies = NULL;
    r->made = NULL;
    atomic_init(&r->failed, 0);
    r->status = calloc((size_t)k_parts, sizeof *r->status);
    if (!r->status)
        return IGRAPH_ENOMEM;
    if (ex && ex->workers > 1) {
        r->copies = calloc((size_t)ex->workers, sizeof *r->copies);
        r->made = calloc((size_t)ex->workers, 1);
        if (!r->copies || !r->made) {
            free(r->copies);
            free(r->made);
            free(r->status);
            return IGRAPH_ENOMEM;
        }
    }
    return IGRAPH_SUCCESS;
}

/* The graph worker w reads (its copy when parts run side by side), or NULL
 * when the copy could not be made (*rc says why) or another part has failed
 * (*rc IGRAPH_SUCCESS: nothing to report from this part). */
static const igraph_t *run_graph(struct run *r, int w, igraph_error_t *rc)
{
    *rc = IGRAPH_SUCCESS;
    if (atomic_load(&r->failed))
        return NULL;
    if (!r->copies)
        return r->g;
    if (!r->made[w]) {
        if ((*rc = igraph_copy(&r->copies[w], r->g)) != IGRAPH_SUCCESS)
            return NULL;
        r->made[w] = 1;
    }
    return &r->copies[w];
}

/* The first failing part's status; frees r. */
static igraph_error_t run_finish(struct run *r, int k_parts, const struct parts_exec *ex)
{
    igraph_error_t rc = IGRAPH_SUCCESS;
    for (int k = 0; k < k_parts && !rc; k++)
        rc = r->status[k];
    if (r->copies)
        for (int w = 0; w < ex->workers; w++)
            if (r->made[w])
                igraph_destroy(&r->copies[w]);
    free(r->copies);
    free(r->made);
    free(r->status);
    return rc;
}

/* Run n parts with ex, or in order here when ex is NULL. */
static void run_parts(const struct parts_exec *ex, int n, parts_task *task, void *arg)
{
    if (ex) {
        ex->run(ex, n, task, arg);
        return;
    }
    for (int k = 0; k < n; k++)
        task(arg, k, 0);
}

/* A binary min-heap of (distance, vertex) entries; a vertex may be pushed
 * again with a shorter distance, and stale entries are skipped when popped. */
struct heap_entry {
    double d;
    igraph_integer_t v;
};

static void heap_push(struct heap_entry *h, igraph_integer_t *n, double d, igraph_integer_t v)
{
    igraph_integer_t i = (*n)++;
    while (i > 0) {
        igraph_integer_t p = (i - 1) / 2;
        if (h[p].d <= d)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = (struct heap_entry){d, v};
}

static struct heap_entry heap_pop(struct heap_entry *h, igraph_integer_t *n)
{
    struct heap_entry top = h[0], last = h[--(*n)];
    igraph_integer_t i = 0;
    for (;;) {
        igraph_integer_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1].d < h[c].d)
            c++;
        if (last.d <= h[c].d)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n > 0)
        h[i] = last;
    return top;
}

/* Weighted harmonic sums, as igraph_harmonic_centrality(g, res, vs, IGRAPH_ALL,
 * dist, 0) computes them: for each source, the sum over the other vertices it
 * reaches of 1/d, d the length of a shortest path with edge lengths dist
 * (Dijkstra). igraph's own weighted version reads a lazy incidence list whose
 * failed allocation, under an error handler that frees igraph's finally stack,
 * is read after it was freed; this one allocates everything up front, so a
 * failed allocation is an IGRAPH_ENOMEM and nothing more. Tested against
 * igraph's values (tests/analysis/test_parts.c). */
static igraph_error_t harmonic_weighted(const igraph_t *g, igraph_vs_t vs, const igraph_vector_t *dist,
                                        igraph_vector_t *res)
{
    igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g);
    if (igraph_vector_size(dist) != m)
        return IGRAPH_EINVAL;
    for (igraph_integer_t e = 0; e < m; e++)
        if (!(VECTOR(*dist)[e] >= 0))
            return IGRAPH_EINVAL;
    igraph_vit_t vit;
    igraph_error_t rc = igraph_vit_create(g, vs, &vit);
    if (rc)
        return rc;
    igraph_inclist_t il;
    if ((rc = igraph_inclist_init(g, &il, IGRAPH_ALL, IGRAPH_LOOPS_TWICE))) {
        igraph_vit_destroy(&vit);
        return rc;
    }
    double *d = malloc(((size_t)n + 1) * sizeof *d);
    struct heap_entry *h = malloc(((size_t)(2 * m + n) + 1) * sizeof *h);
    if (!d || !h || (rc = igraph_vector_resize(res, IGRAPH_VIT_SIZE(vit)))) {
        rc = rc ? rc : IGRAPH_ENOMEM;
        goto done;
    }
    for (igraph_integer_t k = 0; !IGRAPH_VIT_END(vit); IGRAPH_VIT_NEXT(vit), k++) {
        if (igraph_allow_interruption(NULL) != IGRAPH_SUCCESS) {
            rc = IGRAPH_INTERRUPTED;
            goto done;
        }
        igraph_integer_t src = IGRAPH_VIT_GET(vit), hn = 0;
        for (igraph_integer_t v = 0; v < n; v++)
            d[v] = INFINITY;
        d[src] = 0;
        heap_push(h, &hn, 0, src);
        double sum = 0;
        while (hn > 0) {
            struct heap_entry top = heap_pop(h, &hn);
            if (top.d > d[top.v])
                continue; /* stale */
            if (top.v != src && top.d > 0)
                sum += 1.0 / top.d;
            igraph_vector_int_t *inc = igraph_inclist_get(&il, top.v);
            for (igraph_integer_t j = 0; j < igraph_vector_int_size(inc); j++) {
                igraph_integer_t e = VECTOR(*inc)[j], u = IGRAPH_OTHER(g, e, top.v);
                double nd = top.d + VECTOR(*dist)[e];
                if (nd < d[u]) {
                    d[u] = nd;
                    heap_push(h, &hn, nd, u);
                }
            }
        }
        VECTOR(*res)[k] = sum;
    }
done:
    free(d);
    free(h);
    igraph_inclist_destroy(&il);
    igraph_vit_destroy(&vit);
    return rc;
}

static igraph_error_t one_part(const igraph_t *g, const igraph_vector_t *dist, enum parts_measure m,
                               igraph_vs_t vs, igraph_vector_t *res)
{
    switch (m) {
    case PARTS_HARMONIC_RAW:
        if (dist)
            return harmonic_weighted(g, vs, dist, res);
        return igraph_harmonic_centrality(g, res, vs, IGRAPH_ALL, dist, /* normalized */ 0);
    case PARTS_BETWEENNESS:
        return igraph_betweenness_subset(g, res, igraph_vss_all(), IGRAPH_UNDIRECTED, vs, igraph_vss_all(),
                                         dist);
    }
    return IGRAPH_EINVAL;
}

/* The igraph selector of positions [lo, hi) of vids (NULL: vertex ids lo..hi-1). */
static igraph_vs_t part_vs(const igraph_vector_int_t *vids, igraph_integer_t lo, igraph_integer_t hi,
                           igraph_vector_int_t *view)
{
    if (!vids)
        return igraph_vss_range(lo, hi);
    return igraph_vss_vector(igraph_vector_int_view(view, VECTOR(*vids) + lo, hi - lo));
}

/* parts_measure's shared state. */
struct measure_run {
    struct run run;
    const igraph_vector_t *dist;
    enum parts_measure m;
    const igraph_vector_int_t *vids;
    igraph_integer_t count;
    int k_parts;
    igraph_vector_t *res;
};

static void measure_task(void *arg, int k, int worker)
{
    struct measure_run *mr = arg;
    igraph_integer_t lo = mr->count * k / mr->k_parts, hi = mr->count * (k + 1) / mr->k_parts;
    igraph_vector_int_t view;
    igraph_error_t rc;
    const igraph_t *g = run_graph(&mr->run, worker, &rc);
    if (g)
        rc = one_part(g, mr->dist, mr->m, part_vs(mr->vids, lo, hi, &view), &mr->res[k]);
    if (rc)
        atomic_store(&mr->run.failed, 1);
    mr->run.status[k] = rc;
}

igraph_error_t parts_measure(const igraph_t *g, const igraph_vector_t *dist, enum parts_measure m,
                             const igraph_vector_int_t *vids, igraph_vector_t *out,
                             const struct parts_exec *ex)
{
    igraph_integer_t n = igraph_vcount(g);
    igraph_integer_t count = vids ? igraph_vector_int_size(vids) : n;
    double work = (double)count * ((double)n + (double)igraph_ecount(g));
    int k_parts = work < PARTS_MIN_WORK || count < 2 ? 1 : count < PARTS_MAX ? (int)count : PARTS_MAX;
    if (k_parts == 1) {
        igraph_vector_int_t view;
        return one_part(g, dist, m, part_vs(vids, 0, count, &view), out);
    }

    igraph_vector_t res[PARTS_MAX];
    for (int k = 0; k < k_parts; k++) {
        igraph_error_t e = igraph_vector_init(&res[k], 0);
        if (e) {
            for (int j = 0; j < k; j++)
                igraph_vector_destroy(&res[j]);
            return e;
        }
    }
    struct measure_run mr = {
        .dist = dist, .m = m, .vids = vids, .count = count, .k_parts = k_parts, .res = res};
    igraph_error_t rc = run_init(&mr.run, g, k_parts, ex);
    if (!rc) {
        run_parts(ex, k_parts, measure_task, &mr);
        rc = run_finish(&mr.run, k_parts, ex);
    }
    if (!rc)
        rc = igraph_vector_resize(out, m == PARTS_BETWEENNESS ? n : count);
    if (!rc && m == PARTS_BETWEENNESS) {
        igraph_vector_null(out);
        for (int k = 0; k < k_parts && !rc; k++)
            rc = igraph_vector_add(out, &res[k]);
    } else if (!rc) {
        for (int k = 0; k < k_parts; k++) {
            igraph_integer_t lo = count * k / k_parts;
            for (igraph_integer_t i = 0; i < igraph_vector_size(&res[k]); i++)
                VECTOR(*out)[lo + i] = VECTOR(res[k])[i];
        }
    }
    for (int k = 0; k < k_parts; k++)
        igraph_vector_destroy(&res[k]);
    return rc;
}

/* Rows lo..hi-1 of the distance matrix, summed into the two measures. */
static igraph_error_t distance_part(const igraph_t *g, const igraph_vector_t *dist, igraph_integer_t lo,
                                    igraph_integer_t hi, igraph_vector_t *closeness,
                                    igraph_vector_t *harmonic)
{
    igraph_integer_t n = igraph_vcount(g);
    igraph_matrix_t m;
    igraph_error_t rc = igraph_matrix_init(&m, 0, 0);
    if (rc)
        return rc;
    rc = dist ? igraph_distances_dijkstra(g, &m, igraph_vss_range(lo, hi), igraph_vss_all(), dist, IGRAPH_ALL)
              : igraph_distances(g, &m, igraph_vss_range(lo, hi), igraph_vss_all(), IGRAPH_ALL);
    for (igraph_integer_t i = 0; !rc && i < hi - lo; i++) {
        double sum = 0.0, inv = 0.0;
        igraph_integer_t reached = 0;
        for (igraph_integer_t j = 0; j < n; j++) {
            double d = MATRIX(m, i, j);
            if (j == lo + i || d == IGRAPH_INFINITY)
                continue;
            sum += d;
            inv += 1.0 / d;
            reached++;
        }
        VECTOR(*closeness)[lo + i] = reached > 0 ? (double)reached / sum : NAN;
        VECTOR(*harmonic)[lo + i] = inv;
    }
    igraph_matrix_destroy(&m);
    return rc;
}

/* parts_closeness_harmonic's shared state. */
struct distance_run {
    struct run run;
    const igraph_vector_t *dist;
    igraph_integer_t n, rows;
    igraph_vector_t *closeness, *harmonic;
};

static void distance_task(void *arg, int k, int worker)
{
    struct distance_run *dr = arg;
    igraph_integer_t lo = (igraph_integer_t)k * dr->rows, hi = lo + dr->rows < dr->n ? lo + dr->rows : dr->n;
    igraph_error_t rc;
    const igraph_t *g = run_graph(&dr->run, worker, &rc);
    if (g)
        rc = distance_part(g, dr->dist, lo, hi, dr->closeness, dr->harmonic);
    if (rc)
        atomic_store(&dr->run.failed, 1);
    dr->run.status[k] = rc;
}

igraph_error_t parts_closeness_harmonic(const igraph_t *g, const igraph_vector_t *dist,
                                        igraph_vector_t *closeness, igraph_vector_t *harmonic,
                                        const struct parts_exec *ex)
{
    igraph_integer_t n = igraph_vcount(g);
    igraph_error_t rc = igraph_vector_resize(closeness, n);
    if (!rc)
        rc = igraph_vector_resize(harmonic, n);
    if (rc || n == 0)
        return rc;
    /* rows per part: an even share of PARTS_MAX parts, fewer where the
     * matrix would outgrow PARTS_MATRIX_BYTES (but at least PARTS_MIN_ROWS,
     * so that each call's set-up is spread over several searches), one part
     * for a small graph */
    double work = (double)n * ((double)n + (double)igraph_ecount(g));
    igraph_integer_t rows = work < PARTS_MIN_WORK ? n : (n + PARTS_MAX - 1) / PARTS_MAX;
    igraph_integer_t cap = (igraph_integer_t)(PARTS_MATRIX_BYTES / ((size_t)n * sizeof(double)));
    if (cap < PARTS_MIN_ROWS)
        cap = PARTS_MIN_ROWS;
    if (rows > cap)
        rows = cap;
    igraph_integer_t k_parts = (n + rows - 1) / rows;
    if (k_parts > INT_MAX)
        return IGRAPH_EOVERFLOW;
    struct distance_run dr = {
        .dist = dist, .n = n, .rows = rows, .closeness = closeness, .harmonic = harmonic};
    const struct parts_exec *use = k_parts > 1 ? ex : NULL; /* one part: here, on g itself */
    if ((rc = run_init(&dr.run, g, (int)k_parts, use)))
        return rc;
    run_parts(use, (int)k_parts, distance_task, &dr);
    return run_finish(&dr.run, (int)k_parts, use);
}
