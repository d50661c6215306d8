/* analysis/centrality.c - degree, strength, betweenness and PageRank via igraph.
 * PageRank uses igraph's PRPACK solver, which keeps no global state, so it is
 * safe to call from several threads with a thread-safe igraph.
 */
#include "centrality.h"

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

int centrality_betweenness(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out)
{
    if (!weights)
        return igraph_betweenness(g, out, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL);
    igraph_vector_t dist;
    int rc = igraph_vector_init_copy(&dist, weights);
    if (rc)
        return rc;
    for (igraph_integer_t e = 0; e < igraph_vector_size(&dist); e++)
        VECTOR(dist)[e] = 1.0 / VECTOR(dist)[e];
    rc = igraph_betweenness(g, out, igraph_vss_all(), IGRAPH_UNDIRECTED, &dist);
    igraph_vector_destroy(&dist);
    return rc;
}

int centrality_pagerank(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out)
{
    igraph_real_t value;
    return igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, out, &value, igraph_vss_all(),
                           IGRAPH_UNDIRECTED, CENTRALITY_PAGERANK_DAMPING, weights, NULL);
}
