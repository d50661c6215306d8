/* analysis/centrality_internal.h - the two eigenvector solvers behind centrality_eigenvector.
 *
 * Not part of the public interface: centrality_eigenvector picks the solver
 * by graph order. Exposed so tests can check the two against each other on
 * the same graph. Both return eigenvector centrality scaled to max 1 (all 0
 * without positive weight) and IGRAPH_EINVAL for weights that are not one
 * finite nonnegative value per edge.
 * Layer: analysis/ (igraph, GSL).
 */
#ifndef INFNET_ANALYSIS_CENTRALITY_INTERNAL_H
#define INFNET_ANALYSIS_CENTRALITY_INTERNAL_H

#include "analysis/centrality.h"

/* GSL dense symmetric eigensolver in ws, O(n^3) time, O(n^2) memory. */
int centrality_eigenvector_dense(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out,
                                 struct centrality_ws *ws);
/* igraph's ARPACK solver, not reentrant: one call at a time (the caller serialises). */
int centrality_eigenvector_arpack(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *out);

#endif
