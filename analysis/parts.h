/* analysis/parts.h - shortest-path measures computed in fixed parts, run by an executor the caller chooses.
 *
 * Closeness, harmonic centrality and betweenness cost one shortest-path
 * search per vertex (per source for betweenness). Above PARTS_MIN_WORK the
 * vertices (sources) are cut into at most PARTS_MAX contiguous parts (rows
 * of the distance matrix for closeness with harmonic centrality), one
 * igraph call each. The parts depend only on the graph and the vertex list,
 * never on the thread count, and their results are put together in part
 * order, so the values are the same whether the parts run on one thread
 * (inside a replica worker of `infnet run`) or on all of them (`infnet
 * analyze`). Per-vertex parts give exactly igraph's whole-graph values;
 * betweenness is the sum of the parts' subset betweenness, equal to igraph's
 * up to rounding.
 * Who runs the parts is the caller's decision, not this layer's: it passes
 * a struct parts_exec (sim/engine/exec.h runs them on an OpenMP team), or
 * NULL to run them in order on the calling thread. analysis/ starts no
 * threads of its own.
 * Layer: analysis/ (igraph).
 */
#ifndef INFNET_ANALYSIS_PARTS_H
#define INFNET_ANALYSIS_PARTS_H

#include <igraph.h>

/* Shortest-path searches times (vertices + edges) below which one igraph
 * call does the whole measure: parts and threads cost more than they save. */
#define PARTS_MIN_WORK ((double)(1 << 20))
/* Most parts a measure is cut into (enough to balance two to sixteen threads). */
#define PARTS_MAX 16

/* One part: task(arg, k, worker) computes part k. worker is in [0, workers)
 * and no two parts run at once with the same worker. */
typedef void parts_task(void *arg, int k, int worker);

/* An executor: run(ex, n, task, arg) calls task(arg, k, w) once for every k
 * in [0, n), in any order and on up to ex->workers threads at once, and
 * returns when all are done. With workers > 1 parts may run side by side:
 * each worker then reads its own copy of the graph, since igraph writes its
 * property cache into the graph it is given. The executor also sets up each
 * thread it uses for igraph (error, warning and interruption handlers). */
struct parts_exec {
    void (*run)(const struct parts_exec *ex, int n, parts_task *task, void *arg);
    int workers;
    void *self; /* the executor's own state, if any */
};

enum parts_measure {
    PARTS_HARMONIC_RAW, /* igraph_harmonic_centrality, unnormalised: sum of 1/d
                           (out: one value per vertex of vids) */
    PARTS_BETWEENNESS   /* igraph_betweenness_subset from the sources vids to every vertex
                           (out: one value per vertex of g) */
};

/* Measure m of g over the vertices vids (NULL: every vertex), undirected,
 * with edge lengths dist (NULL: unweighted), the parts run by ex (NULL: in
 * order on the calling thread). IGRAPH_SUCCESS or the first part's error. */
igraph_error_t parts_measure(const igraph_t *g, const igraph_vector_t *dist, enum parts_measure m,
                             const igraph_vector_int_t *vids, igraph_vector_t *out,
                             const struct parts_exec *ex);

/* Largest distance matrix (bytes) of one part of parts_closeness_harmonic,
 * unless that leaves fewer than PARTS_MIN_ROWS rows. */
#define PARTS_MATRIX_BYTES ((size_t)1 << 20)
#define PARTS_MIN_ROWS 8

/* Closeness (as igraph_closeness, normalised: the number of vertices a
 * vertex reaches over the sum of its distances to them; NaN when it reaches
 * none) and unnormalised harmonic centrality (the sum of 1/d) of every
 * vertex, both from one shortest-path search per vertex: igraph_distances
 * (igraph_distances_dijkstra with dist) from the vertices of each part, a
 * part's matrix bounded as above. The sums run in vertex order. ex as for
 * parts_measure. */
igraph_error_t parts_closeness_harmonic(const igraph_t *g, const igraph_vector_t *dist,
                                        igraph_vector_t *closeness, igraph_vector_t *harmonic,
                                        const struct parts_exec *ex);

#endif
