/* analysis/parts.c - shortest-path measures in fixed parts (see parts.h).
 *
 * Part k of K covers positions [count*k/K, count*(k+1)/K) of the vertex
 * list (parts_measure; each part has its own result vector) or a fixed
 * number of rows of the distance matrix (parts_closeness_harmonic; each
 * part writes its own vertices). An igraph error in any part is returned.
 * Threads that run parts side by side each read their own copy of the
 * graph, since igraph writes its property cache into the graph it is given.
 * New OpenMP threads start with igraph's default handlers, which abort on
 * error and print warnings, so the parts set the silent ones, as the
 * program's main thread has (sim/cli/main.c).
 * Layer: analysis/ (igraph, OpenMP).
 */
#include "analysis/parts.h"

#include <math.h>

#include <omp.h>

static int one_part(const igraph_t *g, const igraph_vector_t *dist, enum parts_measure m, igraph_vs_t vs,
                    igraph_vector_t *res)
{
    switch (m) {
    case PARTS_HARMONIC_RAW:
        return igraph_harmonic_centrality(g, res, vs, IGRAPH_ALL, dist, /* normalized */ 0);
    case PARTS_BETWEENNESS:
        return igraph_betweenness_subset(g, res, igraph_vss_all(), IGRAPH_UNDIRECTED, vs, igraph_vss_all(), dist);
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

int parts_measure(const igraph_t *g, const igraph_vector_t *dist, enum parts_measure m,
                  const igraph_vector_int_t *vids, igraph_vector_t *out)
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
    int rcs[PARTS_MAX];
    for (int k = 0; k < k_parts; k++) {
        rcs[k] = igraph_vector_init(&res[k], 0);
        if (rcs[k]) {
            for (int j = 0; j < k; j++)
                igraph_vector_destroy(&res[j]);
            return rcs[k];
        }
    }
    /* Only at the outermost level: inside a replica worker (even a team of
     * one) the parts run one after another on the worker's thread. */
#pragma omp parallel for schedule(dynamic, 1) if (omp_get_level() == 0)
    for (int k = 0; k < k_parts; k++) {
        igraph_integer_t lo = count * k / k_parts, hi = count * (k + 1) / k_parts;
        igraph_error_handler_t *err = igraph_set_error_handler(igraph_error_handler_ignore);
        igraph_warning_handler_t *warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
        igraph_vector_int_t view;
        /* igraph caches graph properties inside the graph as it goes:
         * threads that run together get their own copy to write to */
        igraph_t copy;
        int own = omp_get_num_threads() > 1;
        rcs[k] = own ? igraph_copy(&copy, g) : IGRAPH_SUCCESS;
        if (!rcs[k])
            rcs[k] = one_part(own ? &copy : g, dist, m, part_vs(vids, lo, hi, &view), &res[k]);
        if (own)
            igraph_destroy(&copy);
        igraph_set_warning_handler(warn);
        igraph_set_error_handler(err);
    }

    int rc = IGRAPH_SUCCESS;
    for (int k = 0; k < k_parts && !rc; k++)
        rc = rcs[k];
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
static int distance_part(const igraph_t *g, const igraph_vector_t *dist, igraph_integer_t lo, igraph_integer_t hi,
                         igraph_vector_t *closeness, igraph_vector_t *harmonic)
{
    igraph_integer_t n = igraph_vcount(g);
    igraph_matrix_t m;
    int rc = igraph_matrix_init(&m, 0, 0);
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

int parts_closeness_harmonic(const igraph_t *g, const igraph_vector_t *dist, igraph_vector_t *closeness,
                             igraph_vector_t *harmonic)
{
    igraph_integer_t n = igraph_vcount(g);
    int rc = igraph_vector_resize(closeness, n);
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
    int failed = IGRAPH_SUCCESS;
#pragma omp parallel if (omp_get_level() == 0 && k_parts > 1)
    {
        /* one copy of the graph per thread that runs beside others */
        igraph_error_handler_t *err = igraph_set_error_handler(igraph_error_handler_ignore);
        igraph_warning_handler_t *warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
        igraph_t copy;
        int own = omp_get_num_threads() > 1;
        int r = own ? igraph_copy(&copy, g) : IGRAPH_SUCCESS;
        const igraph_t *gk = own ? &copy : g;
#pragma omp for schedule(dynamic, 1)
        for (igraph_integer_t k = 0; k < k_parts; k++) {
            igraph_integer_t lo = k * rows, hi = lo + rows < n ? lo + rows : n;
            int e = r ? r : distance_part(gk, dist, lo, hi, closeness, harmonic);
            if (e) {
#pragma omp critical(infnet_parts_error)
                if (!failed)
                    failed = e;
            }
        }
        if (own && !r)
            igraph_destroy(&copy);
        igraph_set_warning_handler(warn);
        igraph_set_error_handler(err);
    }
    return failed;
}
