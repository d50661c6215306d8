/* analysis/fragment.h - connectivity and fragmentation of an undirected igraph graph.
 *
 * Borgatti's fragmentation F = 1 - sum_k s_k (s_k - 1) / (n (n - 1)) over the
 * component sizes s_k of a graph with n vertices: the share of ordered vertex
 * pairs that cannot reach each other. With n < 2 there are no pairs; F is
 * then 1 (nothing left that can reach anything), a convention documented in
 * docs/OUTPUTS.md.
 * Layer: analysis/ (igraph only; knows nothing of the model).
 */
#ifndef INFNET_ANALYSIS_FRAGMENT_H
#define INFNET_ANALYSIS_FRAGMENT_H

#include <igraph.h>

struct parts_exec; /* analysis/parts.h */

struct fragment_ws {
    igraph_vector_int_t membership;
    igraph_vector_int_t csize;
};

struct fragment_result {
    igraph_integer_t components; /* weakly connected components */
    igraph_integer_t giant;      /* vertices in the largest component */
    double fragmentation;        /* Borgatti F */
};

/* 0 on success, an igraph error code otherwise. */
int fragment_ws_init(struct fragment_ws *ws);
void fragment_ws_destroy(struct fragment_ws *ws);

/* Components, giant size and F of g. */
int fragment_compute(const igraph_t *g, struct fragment_result *out, struct fragment_ws *ws);

/* F from component sizes summing to n. */
double fragment_borgatti(const igraph_vector_int_t *csize, igraph_integer_t n);

/* Borgatti's distance-weighted fragmentation
 *     DF = 1 - sum_{i != j} (1 / d_ij) / (n (n - 1))      (1/d = 0 when unreachable)
 * i.e. 1 minus the mean harmonic centrality. Exact (a BFS or Dijkstra from
 * every vertex) when n <= exact_limit; above it, estimated from `samples`
 * source vertices drawn uniformly without replacement with rng: the sample
 * mean of the sources' harmonic centralities is unbiased for the population
 * mean, and se is its standard error sd/sqrt(k) * sqrt((n-k)/(n-1)) (finite
 * population correction). With n < 2, DF = 1 and se = 0. weights: NULL, or
 * edge weights read as distances 1/w. ex runs the shortest-path parts
 * (analysis/parts.h; NULL: on the calling thread). */
struct fragment_distance {
    double value;
    double se;   /* 0 when exact */
    int sampled; /* 1 when estimated */
    igraph_integer_t sources;
};
int fragment_distance(const igraph_t *g, const igraph_vector_t *weights, igraph_integer_t exact_limit,
                      igraph_integer_t samples, igraph_rng_t *rng, struct fragment_distance *out,
                      const struct parts_exec *ex);

#endif
