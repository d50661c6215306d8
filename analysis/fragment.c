/* analysis/fragment.c - components, giant component, Borgatti fragmentation F
 * and distance fragmentation DF.
 * F uses igraph_connected_components; its pair sums are products of integers
 * held in doubles: exact while n (n - 1) < 2^53, i.e. up to ~9.5e7 vertices.
 * DF sums harmonic centralities (igraph_harmonic_centrality), from every
 * vertex or from a uniform sample of sources; weighted edges become
 * distances 1/w through centrality_weight_distances, and the sample is drawn
 * with centrality_sample_vertices from the caller's RNG.
 * Ownership: the workspace and results belong to the caller; temporaries
 * are freed before return on every path.
 * Layer: analysis/ (igraph; the weight and sampling helpers of analysis/centrality).
 */
#include "analysis/fragment.h"

#include <math.h>

#include "analysis/centrality.h"
#include "analysis/parts.h"

int fragment_ws_init(struct fragment_ws *ws)
{
    int rc = igraph_vector_int_init(&ws->membership, 0);
    if (rc)
        return rc;
    rc = igraph_vector_int_init(&ws->csize, 0);
    if (rc)
        igraph_vector_int_destroy(&ws->membership);
    return rc;
}

void fragment_ws_destroy(struct fragment_ws *ws)
{
    igraph_vector_int_destroy(&ws->membership);
    igraph_vector_int_destroy(&ws->csize);
}

double fragment_borgatti(const igraph_vector_int_t *csize, igraph_integer_t n)
{
    if (n < 2)
        return 1.0;
    double reach = 0.0;
    for (igraph_integer_t k = 0; k < igraph_vector_int_size(csize); k++) {
        double s = (double)VECTOR(*csize)[k];
        reach += s * (s - 1.0);
    }
    return 1.0 - reach / ((double)n * (double)(n - 1));
}

int fragment_compute(const igraph_t *g, struct fragment_result *out, struct fragment_ws *ws)
{
    igraph_integer_t no = 0;
    int rc = igraph_connected_components(g, &ws->membership, &ws->csize, &no, IGRAPH_WEAK);
    if (rc)
        return rc;
    out->components = no;
    out->giant = no > 0 ? igraph_vector_int_max(&ws->csize) : 0;
    out->fragmentation = fragment_borgatti(&ws->csize, igraph_vcount(g));
    return 0;
}

/* Exact or sampled DF once the distances are settled (dist NULL: unweighted). */
static int distance_fragmentation(const igraph_t *g, const igraph_vector_t *dist,
                                  igraph_integer_t exact_limit, igraph_integer_t samples, igraph_rng_t *rng,
                                  struct fragment_distance *out, igraph_vector_t *h, igraph_vector_int_t *src,
                                  const struct parts_exec *ex)
{
    igraph_integer_t n = igraph_vcount(g);
    double pairs = (double)n * (double)(n - 1);
    if (n <= exact_limit || samples >= n) {
        /* Unnormalised harmonic centrality: H_i = sum_{j != i} 1 / d_ij. */
        int rc = parts_measure(g, dist, PARTS_HARMONIC_RAW, NULL, h, ex);
        if (rc)
            return rc;
        out->value = 1.0 - igraph_vector_sum(h) / pairs;
        out->sources = n;
        return IGRAPH_SUCCESS;
    }
    /* Two sources at least, or the sample sd (and so se) is undefined. */
    if (samples < 2 || !rng)
        return IGRAPH_EINVAL;
    igraph_integer_t k = samples;
    int rc = centrality_sample_vertices(n, k, rng, src);
    if (rc)
        return rc;
    rc = parts_measure(g, dist, PARTS_HARMONIC_RAW, src, h, ex);
    if (rc)
        return rc;
    /* x_i = H_i / (n - 1): the share of i's reach; DF = 1 - mean x. */
    double mean = igraph_vector_sum(h) / (double)k / (double)(n - 1);
    double ss = 0.0;
    for (igraph_integer_t i = 0; i < k; i++) {
        double d = VECTOR(*h)[i] / (double)(n - 1) - mean;
        ss += d * d;
    }
    double sd = sqrt(ss / (double)(k - 1));
    out->value = 1.0 - mean;
    out->se = sd / sqrt((double)k) * sqrt((double)(n - k) / (double)(n - 1));
    out->sampled = 1;
    out->sources = k;
    return IGRAPH_SUCCESS;
}

int fragment_distance(const igraph_t *g, const igraph_vector_t *weights, igraph_integer_t exact_limit,
                      igraph_integer_t samples, igraph_rng_t *rng, struct fragment_distance *out,
                      const struct parts_exec *ex)
{
    igraph_integer_t n = igraph_vcount(g);
    out->value = 1.0;
    out->se = 0.0;
    out->sampled = 0;
    out->sources = n;
    if (n < 2)
        return IGRAPH_SUCCESS;

    igraph_vector_t dist, h;
    igraph_vector_int_t src;
    int rc = igraph_vector_init(&dist, 0);
    if (rc)
        return rc;
    rc = igraph_vector_init(&h, 0);
    if (rc)
        goto free_dist;
    rc = igraph_vector_int_init(&src, 0);
    if (rc)
        goto free_h;
    if (weights)
        rc = centrality_weight_distances(g, weights, &dist);
    if (rc == IGRAPH_SUCCESS)
        rc = distance_fragmentation(g, weights ? &dist : NULL, exact_limit, samples, rng, out, &h, &src, ex);
    if (rc) {
        out->value = NAN;
        out->se = NAN;
    }
    igraph_vector_int_destroy(&src);
free_h:
    igraph_vector_destroy(&h);
free_dist:
    igraph_vector_destroy(&dist);
    return rc;
}
