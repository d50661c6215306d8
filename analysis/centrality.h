/* analysis/centrality.h - per-vertex measures and centralization of an undirected igraph graph.
 *
 * Conventions (DESIGN.md, Metrics): degree counts neighbours of the simple
 * graph; strength is the sum of incident edge weights; betweenness is raw
 * (each unordered pair once, as igraph computes it), betweenness_norm divides
 * it by (n-1)(n-2)/2; closeness is the inverse mean distance to the reachable
 * nodes (NaN for an isolate); harmonic is the mean of 1/d over the other n-1
 * nodes (1/d = 0 when unreachable); eigenvector is scaled to a maximum of 1;
 * pagerank uses damping 0.85 and sums to 1.
 * Weights: a NULL weight vector gives the unweighted measure; with weights,
 * an edge of weight w is a distance of 1/w for the path-based measures
 * (betweenness, closeness, harmonic, distance fragmentation) and an
 * adjacency entry w for eigenvector and pagerank.
 * Results go into caller-owned vectors, resized here. The path-based
 * measures take an executor for their shortest-path parts
 * (analysis/parts.h): NULL runs them on the calling thread.
 * Layer: analysis/ (igraph, GSL).
 */
#ifndef INFNET_ANALYSIS_CENTRALITY_H
#define INFNET_ANALYSIS_CENTRALITY_H

#include <igraph.h>

struct parts_exec; /* analysis/parts.h */

/* PageRank damping factor (Brin and Page 1998; the usual default). */
#define CENTRALITY_PAGERANK_DAMPING 0.85

int centrality_degree(const igraph_t *g, igraph_vector_t *out);
/* weights may be NULL (then strength equals degree). */
int centrality_strength(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out);
/* Unweighted raw betweenness when weights is NULL; with weights, an edge of
 * weight w is a distance of 1/w (strong ties are short). */
int centrality_betweenness(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                           const struct parts_exec *ex);
/* PRPACK may run OpenMP loops of its own whose sums depend on the thread
 * count: callers that need the same bytes at any thread count run it with
 * one (sim/engine/measure.c). */
int centrality_pagerank(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out);

/* Adjacency weights (NULL: every edge 1) must be one per edge, finite and
 * nonnegative: IGRAPH_SUCCESS with their sum in *total, else IGRAPH_EINVAL. */
int centrality_check_weights(const igraph_t *g, const igraph_vector_t *weights, double *total);

/* raw betweenness -> betweenness / ((n-1)(n-2)/2); all 0 when n < 3. out may
 * alias raw; otherwise it is resized to raw's length, the only step that can
 * fail (IGRAPH_ENOMEM). */
int centrality_betweenness_norm(const igraph_vector_t *raw, igraph_integer_t n, igraph_vector_t *out);
/* Closeness (igraph's normalised closeness: the number of vertices a vertex
 * reaches over the sum of its distances to them; NaN when it reaches none)
 * and harmonic centrality (the mean of 1/d over the n - 1 other vertices),
 * both from one shortest-path search per vertex (parts_closeness_harmonic;
 * the sums run in vertex order). The single-measure calls compute both. */
int centrality_closeness_harmonic(const igraph_t *g, const igraph_vector_t *weights,
                                  igraph_vector_t *closeness, igraph_vector_t *harmonic,
                                  const struct parts_exec *ex);
int centrality_closeness(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                         const struct parts_exec *ex);
int centrality_harmonic(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                        const struct parts_exec *ex);

/* Progress of a long path measure: done(ctx, k, total) after every k more
 * of its `total` sources are finished, from whichever thread finished them
 * (so done must be thread-safe). */
struct centrality_progress {
    void (*done)(void *ctx, igraph_integer_t k, igraph_integer_t total);
    void *ctx;
};

/* Raw betweenness (as centrality_betweenness), closeness and harmonic
 * centrality (as centrality_closeness_harmonic) of every vertex of an
 * unweighted graph, from one breadth-first search per source (Brandes
 * 2001): the search counts the shortest paths, its reverse order
 * accumulates the source's dependencies, and a scan of its distances in
 * vertex order gives closeness and harmonic centrality; exact distance
 * fragmentation is 1 minus the mean harmonic centrality. Multi-edges count
 * as separate paths and loops are ignored, as in igraph. The sources are
 * cut into the parts of analysis/parts.h (fixed by the graph, never by the
 * thread count) run by ex; each part keeps its own betweenness sums, added
 * in part order, so the values are the same bytes on any number of
 * threads. progress may be NULL. IGRAPH_INTERRUPTED when igraph's
 * interruption handler asks (polled after every source). Weighted graphs
 * take centrality_betweenness and centrality_closeness_harmonic. */
int centrality_paths(const igraph_t *g, igraph_vector_t *betweenness, igraph_vector_t *closeness,
                     igraph_vector_t *harmonic, const struct parts_exec *ex,
                     const struct centrality_progress *progress);

/* Workspace for eigenvector centrality (dense GSL eigensolver buffers). */
struct centrality_ws {
    void *eigen;         /* gsl_eigen_symmv_workspace */
    void *matrix, *evec; /* gsl_matrix */
    void *eval;          /* gsl_vector */
    igraph_integer_t n;  /* order the buffers are sized for */
};
void centrality_ws_init(struct centrality_ws *ws);
void centrality_ws_destroy(struct centrality_ws *ws);

/* Vertices up to which eigenvector centrality uses GSL's dense symmetric
 * eigensolver (thread-safe, O(n^3): about a millisecond at 200 vertices, 2 s
 * at 1000); above it igraph's ARPACK solver, which keeps global state and is
 * therefore run one call at a time (centrality_eigenvector_serial). */
#define CENTRALITY_EIGEN_DENSE_MAX 200

/* 1 when centrality_eigenvector on g uses ARPACK, which keeps global state
 * (Fortran SAVE variables): a caller running threads lets one such call run
 * at a time; the dense solver (0) is safe on any number of threads. */
int centrality_eigenvector_serial(const igraph_t *g);

/* Eigenvector centrality scaled to max 1 (0 for every vertex of an edgeless graph). */
int centrality_eigenvector(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                           struct centrality_ws *ws);

/* Freeman centralization of degree: sum (max - d_i) / ((n-1)(n-2)); 0 when n < 3. */
int centrality_centralization_degree(const igraph_t *g, double *out);
/* Freeman centralization of betweenness from raw scores: sum (max - b_i) /
 * ((n-1)^2 (n-2) / 2); 0 when n < 3. */
double centrality_centralization_betweenness(const igraph_vector_t *raw_betweenness, igraph_integer_t n);

/* Estimated raw betweenness from `sources` source vertices drawn uniformly
 * without replacement with rng (Brandes and Pich 2007), scaled by n/sources:
 * unbiased for every vertex. sources >= n computes it exactly. */
int centrality_betweenness_sampled(const igraph_t *g, const igraph_vector_t *weights,
                                   igraph_integer_t sources, igraph_rng_t *rng, igraph_vector_t *out,
                                   const struct parts_exec *ex);

/* Path lengths of weighted edges: dist[e] = 1 / weights[e] (dist resized).
 * IGRAPH_EINVAL unless weights holds one positive finite value per edge. */
int centrality_weight_distances(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *dist);

/* k distinct vertex ids from 0..n-1, drawn uniformly without replacement
 * with rng (partial Fisher-Yates), into out (resized to k). IGRAPH_EINVAL
 * unless 0 <= k <= n and rng is set. */
int centrality_sample_vertices(igraph_integer_t n, igraph_integer_t k, igraph_rng_t *rng,
                               igraph_vector_int_t *out);

#endif
