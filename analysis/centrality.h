/* analysis/centrality.h - per-vertex measures of an undirected igraph graph.
 *
 * Conventions (DESIGN.md, Metrics): degree counts neighbours of the simple
 * graph; strength is the sum of incident edge weights; betweenness is raw
 * (each unordered pair once, as igraph computes it); pagerank uses damping
 * 0.85 and sums to 1. Results go into caller-owned vectors, resized here.
 * Layer: analysis/ (igraph only).
 */
#ifndef INFNET_ANALYSIS_CENTRALITY_H
#define INFNET_ANALYSIS_CENTRALITY_H

#include <igraph.h>

/* PageRank damping factor (Brin and Page 1998; the usual default). */
#define CENTRALITY_PAGERANK_DAMPING 0.85

int centrality_degree(const igraph_t *g, igraph_vector_t *out);
/* weights may be NULL (then strength equals degree). */
int centrality_strength(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out);
/* Unweighted raw betweenness when weights is NULL; with weights, an edge of
 * weight w is a distance of 1/w (strong ties are short). */
int centrality_betweenness(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out);
int centrality_pagerank(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out);

#endif
