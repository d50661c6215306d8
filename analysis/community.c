/* analysis/community.c - Leiden communities (modularity objective) and their modularity.
 *
 * igraph's Leiden optimises the generalised quality
 *     Q = sum_ij (A_ij - gamma n_i n_j) delta(c_i, c_j)
 * which is modularity (up to the factor 1/(2m)) when the node weights n_i are
 * the strengths and gamma = 1/(2m), m the total edge weight. The randomness
 * comes from the calling thread's igraph default RNG. Modularity is then
 * recomputed by igraph_modularity so it is the textbook value.
 * Ownership: membership is the caller's; the node-weight vector is a
 * temporary freed before return.
 * Layer: analysis/ (igraph).
 */
#include "analysis/community.h"

#include "analysis/centrality.h"

#include <math.h>

/* Leiden's randomness in the refinement step (Traag et al. 2019 use 0.01;
 * igraph's documented default). */
#define LEIDEN_BETA 0.01

/* Negative: iterate Leiden until an iteration changes nothing. */
#define LEIDEN_UNTIL_STABLE (-1)

/* Weights whose largest value lies outside [1/LEIDEN_WEIGHT_RANGE,
 * LEIDEN_WEIGHT_RANGE] are rescaled before Leiden. With weights near 1e-310
 * the resolution 1/(2m) overflows to infinity and igraph's Leiden never
 * settles; with weights below ~1e-154 the products of strengths in the
 * quality underflow to 0. Modularity is the same for any common factor of the
 * weights, so the partition's meaning does not change. The bound is far
 * outside the weights of any scenario (ties in (0, 1], at most a few summed),
 * whose arithmetic is therefore untouched. */
#define LEIDEN_WEIGHT_RANGE 1e100

/* *use: weights itself, or storage (initialised here, the caller destroys
 * it when *use == storage) holding weights times a power of two that brings
 * the largest into [0.5, 1) (exact: only exponents change). */
static igraph_error_t leiden_weights(const igraph_vector_t *weights, igraph_vector_t *storage,
                                     const igraph_vector_t **use)
{
    *use = weights;
    if (!weights || igraph_vector_size(weights) == 0)
        return IGRAPH_SUCCESS;
    double max = igraph_vector_max(weights);
    if (!(max > 0.0) || (max >= 1.0 / LEIDEN_WEIGHT_RANGE && max <= LEIDEN_WEIGHT_RANGE))
        return IGRAPH_SUCCESS;
    int e;
    (void)frexp(max, &e); /* max = f 2^e, f in [0.5, 1) */
    igraph_error_t rc = igraph_vector_init_copy(storage, weights);
    if (rc)
        return rc;
    for (igraph_integer_t i = 0; i < igraph_vector_size(storage); i++)
        VECTOR(*storage)[i] = ldexp(VECTOR(*storage)[i], -e);
    *use = storage;
    return IGRAPH_SUCCESS;
}

int community_leiden(const igraph_t *g, const igraph_vector_t *given, igraph_vector_int_t *membership,
                     struct community_result *out)
{
    igraph_integer_t n = igraph_vcount(g);
    double total;
    int rc = centrality_check_weights(g, given, &total);
    if (rc)
        return rc;
    igraph_vector_t scaled;
    const igraph_vector_t *weights;
    if ((rc = leiden_weights(given, &scaled, &weights)))
        return rc;
    if (weights != given && (rc = centrality_check_weights(g, weights, &total))) {
        igraph_vector_destroy(&scaled);
        return rc;
    }
    if (!(total > 0.0)) {
        /* No edge weight: modularity is 0/0; every vertex is its own community. */
        if (weights != given)
            igraph_vector_destroy(&scaled);
        rc = igraph_vector_int_resize(membership, n);
        if (rc)
            return rc;
        for (igraph_integer_t i = 0; i < n; i++)
            VECTOR(*membership)[i] = i;
        out->communities = n;
        out->modularity = NAN;
        return IGRAPH_SUCCESS;
    }

    igraph_vector_t strength;
    rc = igraph_vector_init(&strength, n);
    if (rc) {
        if (weights != given)
            igraph_vector_destroy(&scaled);
        return rc;
    }
    /* Loops count twice, as in igraph_modularity's degrees. */
    rc = igraph_strength(g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, weights);
    igraph_integer_t nb = 0;
    igraph_real_t quality = 0.0;
    if (rc == IGRAPH_SUCCESS)
        rc = igraph_community_leiden(g, weights, &strength, 1.0 / (2.0 * total), LEIDEN_BETA, /* start */ 0,
                                     LEIDEN_UNTIL_STABLE, membership, &nb, &quality);
    igraph_real_t q = NAN;
    if (rc == IGRAPH_SUCCESS)
        rc = igraph_modularity(g, membership, weights, /* resolution */ 1.0, IGRAPH_UNDIRECTED, &q);
    if (rc == IGRAPH_SUCCESS) {
        out->communities = nb;
        out->modularity = q;
    }
    igraph_vector_destroy(&strength);
    if (weights != given)
        igraph_vector_destroy(&scaled);
    return rc;
}
