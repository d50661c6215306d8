/* analysis/estimate.h - per-vertex distance measures estimated from sampled pivots.
 *
 * Above a size where all-pairs shortest paths cost too much (n BFS of O(m)),
 * harmonic and closeness centrality are estimated from k pivot vertices drawn
 * uniformly without replacement (Eppstein and Wang 2004): one BFS (Dijkstra
 * with weights, distance 1/w) from each pivot gives every vertex's distances
 * to the pivots.
 *   harmonic_v  ~ (n / k) * sum_{pivots s != v} (1 / d(s,v)) / (n - 1)     (unbiased)
 *   closeness_v ~ 1 / mean of d(s,v) over pivots s != v reachable from v  (ratio estimate)
 * A vertex no pivot reaches gets closeness NaN (as an isolate does exactly).
 * Cost O(k (n + m)) time, O(n) memory.
 * Layer: analysis/ (igraph).
 */
#ifndef INFNET_ANALYSIS_ESTIMATE_H
#define INFNET_ANALYSIS_ESTIMATE_H

#include <igraph.h>

/* Draw k distinct vertices of 0..n-1 uniformly with rng (partial Fisher-Yates) into out. */
int estimate_pivots(igraph_integer_t n, igraph_integer_t k, igraph_rng_t *rng, igraph_vector_int_t *out);

/* harmonic and closeness may each be NULL. weights: NULL or edge weights (distance 1/w). */
int estimate_distance_centrality(const igraph_t *g, const igraph_vector_t *weights, igraph_integer_t k,
                                 igraph_rng_t *rng, igraph_vector_t *harmonic, igraph_vector_t *closeness);

#endif
