/* analysis/estimate.c - pivot-sampled harmonic and closeness centrality (see estimate.h). */
#include "analysis/estimate.h"

#include <math.h>

int estimate_pivots(igraph_integer_t n, igraph_integer_t k, igraph_rng_t *rng, igraph_vector_int_t *out)
{
    if (k > n)
        k = n;
    igraph_vector_int_t perm;
    int rc = igraph_vector_int_init_range(&perm, 0, n);
    if (rc)
        return rc;
    for (igraph_integer_t i = 0; i < k; i++) {
        igraph_integer_t j = igraph_rng_get_integer(rng, i, n - 1);
        igraph_integer_t t = VECTOR(perm)[i];
        VECTOR(perm)[i] = VECTOR(perm)[j];
        VECTOR(perm)[j] = t;
    }
    rc = igraph_vector_int_resize(out, k);
    if (!rc)
        for (igraph_integer_t i = 0; i < k; i++)
            VECTOR(*out)[i] = VECTOR(perm)[i];
    igraph_vector_int_destroy(&perm);
    return rc;
}

int estimate_distance_centrality(const igraph_t *g, const igraph_vector_t *weights, igraph_integer_t k,
                                 igraph_rng_t *rng, igraph_vector_t *harmonic, igraph_vector_t *closeness)
{
    igraph_integer_t n = igraph_vcount(g);
    /* Zeroed so that cleanup may destroy any of them, initialised or not
     * (igraph's destroy functions accept a zeroed object). */
    igraph_vector_int_t piv = {0};
    igraph_vector_t inv = {0}, sum = {0}, cnt = {0}, dist = {0};
    igraph_matrix_t row = {0};
    igraph_error_t rc;
    if ((rc = igraph_vector_int_init(&piv, 0)) || (rc = igraph_vector_init(&inv, n)) ||
        (rc = igraph_vector_init(&sum, n)) || (rc = igraph_vector_init(&cnt, n)) ||
        (rc = igraph_vector_init(&dist, 0)) || (rc = igraph_matrix_init(&row, 0, 0)))
        goto cleanup;
    if (weights) {
        if ((rc = igraph_vector_update(&dist, weights)))
            goto cleanup;
        for (igraph_integer_t e = 0; e < igraph_vector_size(&dist); e++)
            VECTOR(dist)[e] = 1.0 / VECTOR(dist)[e];
    }
    if ((rc = estimate_pivots(n, k, rng, &piv)))
        goto cleanup;
    k = igraph_vector_int_size(&piv);
    for (igraph_integer_t i = 0; i < k; i++) {
        igraph_integer_t s = VECTOR(piv)[i];
        rc = weights
                 ? igraph_distances_dijkstra(g, &row, igraph_vss_1(s), igraph_vss_all(), &dist, IGRAPH_ALL)
                 : igraph_distances(g, &row, igraph_vss_1(s), igraph_vss_all(), IGRAPH_ALL);
        if (rc)
            goto cleanup;
        for (igraph_integer_t v = 0; v < n; v++) {
            double d = MATRIX(row, 0, v);
            if (v == s || !isfinite(d))
                continue;
            VECTOR(inv)[v] += 1.0 / d;
            VECTOR(sum)[v] += d;
            VECTOR(cnt)[v] += 1.0;
        }
    }
    if (harmonic) {
        if ((rc = igraph_vector_resize(harmonic, n)))
            goto cleanup;
        for (igraph_integer_t v = 0; v < n; v++)
            VECTOR(*harmonic)
        [v] = n > 1 && k > 0 ? (double)n / (double)k * VECTOR(inv)[v] / (double)(n - 1) : 0.0;
    }
    if (closeness) {
        if ((rc = igraph_vector_resize(closeness, n)))
            goto cleanup;
        for (igraph_integer_t v = 0; v < n; v++)
            VECTOR(*closeness)[v] = VECTOR(cnt)[v] > 0 ? VECTOR(cnt)[v] / VECTOR(sum)[v] : NAN;
    }
cleanup:
    igraph_vector_int_destroy(&piv);
    igraph_vector_destroy(&inv);
    igraph_vector_destroy(&sum);
    igraph_vector_destroy(&cnt);
    igraph_vector_destroy(&dist);
    igraph_matrix_destroy(&row);
    return rc;
}
