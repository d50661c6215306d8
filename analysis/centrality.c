/* analysis/centrality.c - per-vertex centralities and Freeman centralization via igraph and GSL.
 *
 * Path-based measures (betweenness, closeness, harmonic) read an edge weight
 * w as a distance 1/w; the conversion and its checks live in one place,
 * centrality_weight_distances. They run in parts (analysis/parts.c) by the
 * caller's executor. centrality_paths gives the three unweighted path
 * measures from one breadth-first search per source (Brandes' algorithm,
 * hand-written: it does in one pass what igraph does in two, and is tested
 * against igraph's values). Eigenvector centrality uses GSL's dense
 * symmetric eigensolver in a caller-owned workspace up to
 * CENTRALITY_EIGEN_DENSE_MAX vertices (thread-safe, no hidden state) and
 * igraph's ARPACK solver above it; external ARPACK keeps global state, so a
 * caller running threads serialises those calls (centrality_eigenvector_serial
 * says which). PageRank uses igraph's PRPACK solver, which keeps no global
 * state; its thread count is the caller's (sim/engine/measure.c runs it on one).
 * Ownership: results go into caller-owned vectors; temporaries are freed
 * before return on every path.
 * Layer: analysis/ (igraph, GSL).
 */
#include "analysis/centrality.h"
#include "analysis/centrality_internal.h"
#include "analysis/parts.h"

#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Entries of the leading eigenvector smaller than this share of its largest
 * entry are round-off around an exact zero (vertices outside the component
 * that carries the leading eigenvalue) and are set to 0. */
#define EIGEN_ZERO_REL 1e-12

/* Eigenvalues within this share of the largest are taken as equal to it:
 * far above the ~1e-15 relative error of GSL's symmetric QR iteration, far
 * below any real gap between the spectral radii of two components. */
#define EIGEN_DEGENERATE_REL 1e-10

static int degree_like(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out)
{
    return igraph_strength(g, out, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS, weights);
}

int centrality_degree(const igraph_t *g, igraph_vector_t *out)
{
    return degree_like(g, NULL, out);
}

int centrality_strength(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out)
{
    return degree_like(g, weights, out);
}

int centrality_weight_distances(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *dist)
{
    igraph_integer_t m = igraph_ecount(g);
    if (igraph_vector_size(weights) != m)
        return IGRAPH_EINVAL;
    for (igraph_integer_t e = 0; e < m; e++) {
        double w = VECTOR(*weights)[e];
        if (!(w > 0.0) || !isfinite(w))
            return IGRAPH_EINVAL;
    }
    int rc = igraph_vector_update(dist, weights);
    if (rc)
        return rc;
    for (igraph_integer_t e = 0; e < m; e++)
        VECTOR(*dist)[e] = 1.0 / VECTOR(*dist)[e];
    return IGRAPH_SUCCESS;
}

/* *dist points at the distances to use: NULL when weights is NULL, else
 * storage (initialised here) filled with 1/w; the caller destroys storage
 * when *dist is non-NULL. */
static int distances_begin(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *storage,
                           const igraph_vector_t **dist)
{
    *dist = NULL;
    if (!weights)
        return IGRAPH_SUCCESS;
    int rc = igraph_vector_init(storage, 0);
    if (rc)
        return rc;
    rc = centrality_weight_distances(g, weights, storage);
    if (rc) {
        igraph_vector_destroy(storage);
        return rc;
    }
    *dist = storage;
    return IGRAPH_SUCCESS;
}

static void distances_end(igraph_vector_t *storage, const igraph_vector_t *dist)
{
    if (dist)
        igraph_vector_destroy(storage);
}

int centrality_betweenness(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                           const struct parts_exec *ex)
{
    igraph_vector_t storage;
    const igraph_vector_t *dist;
    int rc = distances_begin(g, weights, &storage, &dist);
    if (rc)
        return rc;
    rc = parts_measure(g, dist, PARTS_BETWEENNESS, NULL, out, ex);
    distances_end(&storage, dist);
    return rc;
}

int centrality_pagerank(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out)
{
    igraph_real_t value;
    return igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, out, &value, igraph_vss_all(), IGRAPH_UNDIRECTED,
                           CENTRALITY_PAGERANK_DAMPING, weights, NULL);
}

int centrality_betweenness_norm(const igraph_vector_t *raw, igraph_integer_t n, igraph_vector_t *out)
{
    igraph_integer_t len = igraph_vector_size(raw);
    if (out != raw) {
        int rc = igraph_vector_resize(out, len);
        if (rc)
            return rc;
    }
    double pairs = n >= 3 ? (double)(n - 1) * (double)(n - 2) / 2.0 : 0.0;
    for (igraph_integer_t i = 0; i < len; i++)
        VECTOR(*out)[i] = pairs > 0.0 ? VECTOR(*raw)[i] / pairs : 0.0;
    return IGRAPH_SUCCESS;
}

int centrality_closeness_harmonic(const igraph_t *g, const igraph_vector_t *weights,
                                  igraph_vector_t *closeness, igraph_vector_t *harmonic,
                                  const struct parts_exec *ex)
{
    igraph_vector_t storage;
    const igraph_vector_t *dist;
    int rc = distances_begin(g, weights, &storage, &dist);
    if (rc)
        return rc;
    rc = parts_closeness_harmonic(g, dist, closeness, harmonic, ex);
    /* normalised as igraph's: by the n - 1 other vertices */
    igraph_integer_t n = igraph_vcount(g);
    if (!rc && n > 1)
        igraph_vector_scale(harmonic, 1.0 / (double)(n - 1));
    distances_end(&storage, dist);
    return rc;
}

/* One of the two measures of centrality_closeness_harmonic; the other goes
 * to a scratch vector. */
static int closeness_or_harmonic(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                                 int harmonic, const struct parts_exec *ex)
{
    igraph_vector_t other;
    int rc = igraph_vector_init(&other, 0);
    if (rc)
        return rc;
    rc = harmonic ? centrality_closeness_harmonic(g, weights, &other, out, ex)
                  : centrality_closeness_harmonic(g, weights, out, &other, ex);
    igraph_vector_destroy(&other);
    return rc;
}

int centrality_closeness(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                         const struct parts_exec *ex)
{
    return closeness_or_harmonic(g, weights, out, 0, ex);
}

int centrality_harmonic(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                        const struct parts_exec *ex)
{
    return closeness_or_harmonic(g, weights, out, 1, ex);
}

/* Sources between two calls of a centrality_progress. */
#define PATHS_PROGRESS_BATCH 16

/* centrality_paths' shared state: the graph as compressed rows (the
 * neighbours of u are adj[off[u]..off[u+1])), read by every part; each part
 * k sums its sources' dependencies into btw[k n ..] and writes the
 * closeness and harmonic centrality of its own sources. */
struct paths_run {
    igraph_integer_t n;
    const igraph_integer_t *off;
    const int *adj;
    const double *recip; /* recip[d] = 1.0 / d */
    int k_parts;
    double *btw;
    double *clo, *harm;
    igraph_error_t *status; /* one per part */
    atomic_int failed;      /* a part failed: the others stop */
    const struct centrality_progress *progress;
};

/* Brandes' search from every source of part k. */
static void paths_task(void *arg, int k, int worker)
{
    (void)worker;
    struct paths_run *r = arg;
    igraph_integer_t n = r->n, lo = n * k / r->k_parts, hi = n * (k + 1) / r->k_parts;
    if (atomic_load(&r->failed))
        return;
    int *dist = malloc((size_t)n * sizeof *dist), *queue = malloc((size_t)n * sizeof *queue);
    double *sigma = malloc((size_t)n * sizeof *sigma), *delta = malloc((size_t)n * sizeof *delta);
    igraph_error_t rc = IGRAPH_SUCCESS;
    if (!dist || !queue || !sigma || !delta) {
        rc = IGRAPH_ENOMEM;
        goto done;
    }
    for (igraph_integer_t i = 0; i < n; i++) {
        dist[i] = -1;
        delta[i] = 0.0;
    }
    const igraph_integer_t *off = r->off;
    const int *adj = r->adj;
    double *b = r->btw + (size_t)k * (size_t)n;
    igraph_integer_t pending = 0;
    for (igraph_integer_t s = lo; s < hi; s++) {
        /* forward: distances and shortest-path counts, in BFS order */
        igraph_integer_t tail = 1;
        dist[s] = 0;
        sigma[s] = 1.0;
        queue[0] = (int)s;
        for (igraph_integer_t head = 0; head < tail; head++) {
            int u = queue[head], du = dist[u];
            double su = sigma[u];
            for (igraph_integer_t e = off[u]; e < off[u + 1]; e++) {
                int v = adj[e];
                if (dist[v] < 0) {
                    dist[v] = du + 1;
                    sigma[v] = su;
                    queue[tail++] = v;
                } else if (dist[v] == du + 1) {
                    sigma[v] += su;
                }
            }
        }
        /* backward: each vertex's dependency passes to its predecessors */
        for (igraph_integer_t i = tail - 1; i > 0; i--) {
            int w = queue[i], dw = dist[w];
            double coeff = (1.0 + delta[w]) / sigma[w];
            for (igraph_integer_t e = off[w]; e < off[w + 1]; e++) {
                int v = adj[e];
                if (dist[v] == dw - 1)
                    delta[v] += sigma[v] * coeff;
            }
            b[w] += delta[w];
        }
        /* closeness and harmonic centrality, summed in vertex order; the
         * scan also clears the search for the next source */
        long long sum = 0;
        double inv = 0.0;
        for (igraph_integer_t j = 0; j < n; j++) {
            int d = dist[j];
            if (d > 0) {
                sum += d;
                inv += r->recip[d];
            }
            dist[j] = -1;
            delta[j] = 0.0;
        }
        r->clo[s] = tail > 1 ? (double)(tail - 1) / (double)sum : NAN;
        r->harm[s] = inv;
        if (r->progress && (++pending == PATHS_PROGRESS_BATCH || s + 1 == hi)) {
            r->progress->done(r->progress->ctx, pending, n);
            pending = 0;
        }
        if (igraph_allow_interruption(NULL) != IGRAPH_SUCCESS) {
            rc = IGRAPH_INTERRUPTED;
            break;
        }
        if (atomic_load(&r->failed))
            break;
    }
done:
    if (rc)
        atomic_store(&r->failed, 1);
    r->status[k] = rc;
    free(dist);
    free(queue);
    free(sigma);
    free(delta);
}

/* The graph's compressed rows (loops dropped, multi-edges kept, as igraph's
 * betweenness reads it: each vertex's neighbours in igraph_neighbors' order);
 * *off and *adj are the caller's to free. Built from igraph_neighbors, which
 * polls no interruption: an interrupted igraph_adjlist_init would leave its
 * allocations on igraph's finally stack with no safe way to free them. */
static igraph_error_t paths_rows(const igraph_t *g, igraph_integer_t **off, int **adj)
{
    igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g);
    *off = malloc(((size_t)n + 1) * sizeof **off);
    *adj = malloc((2 * (size_t)m + 1) * sizeof **adj);
    igraph_vector_int_t nb;
    igraph_error_t rc = *off && *adj ? igraph_vector_int_init(&nb, 0) : IGRAPH_ENOMEM;
    if (rc) {
        free(*off);
        free(*adj);
        *off = NULL;
        *adj = NULL;
        return rc;
    }
    igraph_integer_t e = 0;
    for (igraph_integer_t u = 0; u < n && !rc; u++) {
        (*off)[u] = e;
        if ((rc = igraph_neighbors(g, &nb, u, IGRAPH_ALL)))
            break;
        for (igraph_integer_t j = 0; j < igraph_vector_int_size(&nb); j++)
            if (VECTOR(nb)[j] != u)
                (*adj)[e++] = (int)VECTOR(nb)[j];
    }
    (*off)[n] = e;
    igraph_vector_int_destroy(&nb);
    if (rc) {
        free(*off);
        free(*adj);
        *off = NULL;
        *adj = NULL;
    }
    return rc;
}

int centrality_paths(const igraph_t *g, igraph_vector_t *betweenness, igraph_vector_t *closeness,
                     igraph_vector_t *harmonic, const struct parts_exec *ex,
                     const struct centrality_progress *progress)
{
    igraph_integer_t n = igraph_vcount(g);
    if (n > INT_MAX)
        return IGRAPH_EOVERFLOW;
    igraph_error_t rc = igraph_vector_resize(betweenness, n);
    if (!rc)
        rc = igraph_vector_resize(closeness, n);
    if (!rc)
        rc = igraph_vector_resize(harmonic, n);
    if (rc)
        return rc;
    igraph_vector_null(betweenness);
    if (n == 0)
        return IGRAPH_SUCCESS;
    /* the parts of analysis/parts.h: one for a small graph, else PARTS_MAX */
    double work = (double)n * ((double)n + (double)igraph_ecount(g));
    int k_parts = work < PARTS_MIN_WORK || n < 2 ? 1 : n < PARTS_MAX ? (int)n : PARTS_MAX;
    struct paths_run r = {.n = n, .k_parts = k_parts, .progress = progress};
    atomic_init(&r.failed, 0);
    igraph_integer_t *off = NULL;
    int *adj = NULL;
    double *recip = malloc(((size_t)n + 1) * sizeof *recip);
    r.btw = calloc((size_t)k_parts * (size_t)n, sizeof *r.btw);
    r.status = calloc((size_t)k_parts, sizeof *r.status);
    if (!recip || !r.btw || !r.status) {
        rc = IGRAPH_ENOMEM;
        goto done;
    }
    if ((rc = paths_rows(g, &off, &adj)))
        goto done;
    recip[0] = 0.0;
    for (igraph_integer_t d = 1; d <= n; d++)
        recip[d] = 1.0 / (double)d;
    r.off = off;
    r.adj = adj;
    r.recip = recip;
    r.clo = VECTOR(*closeness);
    r.harm = VECTOR(*harmonic);
    if (ex && k_parts > 1)
        ex->run(ex, k_parts, paths_task, &r);
    else
        for (int k = 0; k < k_parts; k++)
            paths_task(&r, k, 0);
    for (int k = 0; k < k_parts && !rc; k++)
        rc = r.status[k];
    if (rc)
        goto done;
    /* each unordered pair was counted from both ends */
    for (int k = 0; k < k_parts; k++)
        for (igraph_integer_t v = 0; v < n; v++)
            VECTOR(*betweenness)[v] += r.btw[(size_t)k * (size_t)n + (size_t)v];
    igraph_vector_scale(betweenness, 0.5);
    /* normalised as igraph's: by the n - 1 other vertices */
    if (n > 1)
        igraph_vector_scale(harmonic, 1.0 / (double)(n - 1));
done:
    free(recip);
    free(r.btw);
    free(r.status);
    free(off);
    free(adj);
    return rc;
}

void centrality_ws_init(struct centrality_ws *ws)
{
    ws->eigen = NULL;
    ws->matrix = NULL;
    ws->evec = NULL;
    ws->eval = NULL;
    ws->n = 0;
}

void centrality_ws_destroy(struct centrality_ws *ws)
{
    if (!ws)
        return;
    if (ws->eigen)
        gsl_eigen_symmv_free(ws->eigen);
    if (ws->matrix)
        gsl_matrix_free(ws->matrix);
    if (ws->evec)
        gsl_matrix_free(ws->evec);
    if (ws->eval)
        gsl_vector_free(ws->eval);
    centrality_ws_init(ws);
}

/* Sizes the buffers for at least n vertices; they only ever grow. */
static int ws_reserve(struct centrality_ws *ws, igraph_integer_t n)
{
    if (n <= ws->n && ws->eigen)
        return IGRAPH_SUCCESS;
    centrality_ws_destroy(ws);
    size_t sz = (size_t)n;
    ws->eigen = gsl_eigen_symmv_alloc(sz);
    ws->matrix = gsl_matrix_alloc(sz, sz);
    ws->evec = gsl_matrix_alloc(sz, sz);
    ws->eval = gsl_vector_alloc(sz);
    if (!ws->eigen || !ws->matrix || !ws->evec || !ws->eval) {
        centrality_ws_destroy(ws);
        return IGRAPH_ENOMEM;
    }
    ws->n = n;
    return IGRAPH_SUCCESS;
}

int centrality_check_weights(const igraph_t *g, const igraph_vector_t *weights, double *total)
{
    igraph_integer_t m = igraph_ecount(g);
    if (!weights) {
        *total = (double)m;
        return IGRAPH_SUCCESS;
    }
    if (igraph_vector_size(weights) != m)
        return IGRAPH_EINVAL;
    double sum = 0.0;
    for (igraph_integer_t e = 0; e < m; e++) {
        double w = VECTOR(*weights)[e];
        if (!(w >= 0.0) || !isfinite(w))
            return IGRAPH_EINVAL;
        sum += w;
    }
    *total = sum;
    return IGRAPH_SUCCESS;
}

int centrality_eigenvector_dense(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                                 struct centrality_ws *ws)
{
    igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g);
    double total;
    int rc = centrality_check_weights(g, weights, &total);
    if (rc)
        return rc;
    rc = igraph_vector_resize(out, n);
    if (rc)
        return rc;
    igraph_vector_null(out);
    if (n == 0 || !(total > 0.0))
        return IGRAPH_SUCCESS;
    rc = ws_reserve(ws, n);
    if (rc)
        return rc;

    gsl_matrix_view a = gsl_matrix_submatrix(ws->matrix, 0, 0, (size_t)n, (size_t)n);
    gsl_matrix_view evec = gsl_matrix_submatrix(ws->evec, 0, 0, (size_t)n, (size_t)n);
    gsl_vector_view eval = gsl_vector_subvector(ws->eval, 0, (size_t)n);
    gsl_matrix_set_zero(&a.matrix);
    /* A self-loop adds 2w to its diagonal entry, as igraph counts it twice. */
    for (igraph_integer_t e = 0; e < m; e++) {
        size_t u = (size_t)IGRAPH_FROM(g, e), v = (size_t)IGRAPH_TO(g, e);
        double w = weights ? VECTOR(*weights)[e] : 1.0;
        *gsl_matrix_ptr(&a.matrix, u, v) += w;
        *gsl_matrix_ptr(&a.matrix, v, u) += w;
    }
    if (gsl_eigen_symmv(&a.matrix, &eval.vector, &evec.matrix, ws->eigen))
        return IGRAPH_FAILURE;

    /* x = P 1, the all-ones vector projected onto the leading eigenspace.
     * With a simple leading eigenvalue (every connected graph, by
     * Perron-Frobenius) that is the eigenvector signed to a positive sum.
     * When components share the leading eigenvalue the solver may return
     * any basis of that space; the projection does not depend on the basis
     * and gives each such component its Perron vector. */
    double lmax = gsl_vector_max(&eval.vector);
    for (size_t j = 0; j < (size_t)n; j++) {
        if (gsl_vector_get(&eval.vector, j) < lmax - EIGEN_DEGENERATE_REL * lmax)
            continue;
        gsl_vector_view x = gsl_matrix_column(&evec.matrix, j);
        double sum = 0.0;
        for (size_t i = 0; i < (size_t)n; i++)
            sum += gsl_vector_get(&x.vector, i);
        for (size_t i = 0; i < (size_t)n; i++)
            VECTOR(*out)[(igraph_integer_t)i] += sum * gsl_vector_get(&x.vector, i);
    }
    double max = igraph_vector_max(out);
    if (!(max > 0.0))
        return IGRAPH_FAILURE; /* a nonnegative matrix always has a nonnegative leading eigenvector */
    /* Entries of either sign below EIGEN_ZERO_REL of the maximum are
     * round-off around an exact 0 (as in the ARPACK path). */
    for (igraph_integer_t i = 0; i < n; i++)
        if (VECTOR(*out)[i] < EIGEN_ZERO_REL * max)
            VECTOR(*out)[i] = 0.0;
    igraph_vector_scale(out, 1.0 / igraph_vector_max(out));
    return IGRAPH_SUCCESS;
}

int centrality_eigenvector_arpack(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out)
{
    igraph_integer_t n = igraph_vcount(g);
    double total;
    int rc = centrality_check_weights(g, weights, &total);
    if (rc)
        return rc;
    if (n == 0 || !(total > 0.0)) {
        rc = igraph_vector_resize(out, n);
        if (rc == IGRAPH_SUCCESS)
            igraph_vector_null(out);
        return rc;
    }
    /* Options of our own: igraph's defaults are a shared static struct that
     * the call would write into. */
    igraph_arpack_options_t options;
    igraph_arpack_options_init(&options);
    igraph_real_t value;
    /* ARPACK keeps global state (Fortran SAVE variables): the caller lets
     * one such call run at a time (centrality_eigenvector_serial). */
    rc = igraph_eigenvector_centrality(g, out, &value, IGRAPH_UNDIRECTED, /* scale */ 1, weights, &options);
    if (rc)
        return rc;
    /* Vertices outside the leading component come back as round-off of
     * either sign: report them as 0, as the dense path does. */
    double max = igraph_vector_max(out);
    for (igraph_integer_t i = 0; i < n; i++)
        if (fabs(VECTOR(*out)[i]) < EIGEN_ZERO_REL * max)
            VECTOR(*out)[i] = 0.0;
    return IGRAPH_SUCCESS;
}

int centrality_eigenvector_serial(const igraph_t *g)
{
    return igraph_vcount(g) > CENTRALITY_EIGEN_DENSE_MAX;
}

int centrality_eigenvector(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                           struct centrality_ws *ws)
{
    if (igraph_vcount(g) <= CENTRALITY_EIGEN_DENSE_MAX)
        return centrality_eigenvector_dense(g, weights, out, ws);
    return centrality_eigenvector_arpack(g, weights, out);
}

int centrality_centralization_degree(const igraph_t *g, double *out)
{
    igraph_integer_t n = igraph_vcount(g);
    *out = 0.0;
    if (n < 3)
        return IGRAPH_SUCCESS;
    /* Degree in the simple graph: distinct neighbours, loops ignored. */
    igraph_adjlist_t adj;
    int rc = igraph_adjlist_init(g, &adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE);
    if (rc)
        return rc;
    double max = 0.0, sum = 0.0;
    for (igraph_integer_t v = 0; v < n; v++) {
        double d = (double)igraph_vector_int_size(igraph_adjlist_get(&adj, v));
        sum += d;
        if (d > max)
            max = d;
    }
    igraph_adjlist_destroy(&adj);
    *out = ((double)n * max - sum) / ((double)(n - 1) * (double)(n - 2));
    return IGRAPH_SUCCESS;
}

double centrality_centralization_betweenness(const igraph_vector_t *raw_betweenness, igraph_integer_t n)
{
    if (n < 3)
        return 0.0;
    igraph_integer_t len = igraph_vector_size(raw_betweenness);
    double max = 0.0;
    for (igraph_integer_t i = 0; i < len; i++)
        if (VECTOR(*raw_betweenness)[i] > max)
            max = VECTOR(*raw_betweenness)[i];
    double dev = 0.0;
    for (igraph_integer_t i = 0; i < len; i++)
        dev += max - VECTOR(*raw_betweenness)[i];
    double nm1 = (double)(n - 1);
    return dev / (nm1 * nm1 * (double)(n - 2) / 2.0);
}

int centrality_sample_vertices(igraph_integer_t n, igraph_integer_t k, igraph_rng_t *rng,
                               igraph_vector_int_t *out)
{
    if (n < 0 || k < 0 || k > n || !rng)
        return IGRAPH_EINVAL;
    int rc = igraph_vector_int_resize(out, n);
    if (rc)
        return rc;
    for (igraph_integer_t i = 0; i < n; i++)
        VECTOR(*out)[i] = i;
    /* Partial Fisher-Yates: positions 0..k-1 end up a uniform k-subset in uniform order. */
    for (igraph_integer_t i = 0; i < k; i++) {
        igraph_integer_t j = igraph_rng_get_integer(rng, i, n - 1);
        igraph_integer_t t = VECTOR(*out)[i];
        VECTOR(*out)[i] = VECTOR(*out)[j];
        VECTOR(*out)[j] = t;
    }
    return igraph_vector_int_resize(out, k);
}

int centrality_betweenness_sampled(const igraph_t *g, const igraph_vector_t *weights,
                                   igraph_integer_t sources, igraph_rng_t *rng, igraph_vector_t *out,
                                   const struct parts_exec *ex)
{
    igraph_integer_t n = igraph_vcount(g);
    if (sources >= n)
        return centrality_betweenness(g, weights, out, ex);
    if (sources < 1 || !rng)
        return IGRAPH_EINVAL;
    igraph_vector_t storage;
    const igraph_vector_t *dist;
    int rc = distances_begin(g, weights, &storage, &dist);
    if (rc)
        return rc;
    igraph_vector_int_t src;
    rc = igraph_vector_int_init(&src, 0);
    if (rc)
        goto done;
    rc = centrality_sample_vertices(n, sources, rng, &src);
    /* Undirected subset betweenness adds, for every source s and every
     * target t, s's dependency on the s-t paths, then halves the total; with
     * every vertex a source that counts each unordered pair once. A uniform
     * k-subset of sources holds each s with probability k/n, so the expected
     * total is k/n times the exact value: n/k makes it unbiased. */
    if (rc == IGRAPH_SUCCESS)
        rc = parts_measure(g, dist, PARTS_BETWEENNESS, &src, out, ex);
    if (rc == IGRAPH_SUCCESS)
        igraph_vector_scale(out, (double)n / (double)sources);
    igraph_vector_int_destroy(&src);
done:
    distances_end(&storage, dist);
    return rc;
}
