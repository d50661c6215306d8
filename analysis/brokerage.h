/* analysis/brokerage.h - structural-hole and brokerage measures: Burt's constraint and effective size,
 * and the Gould-Fernandez brokerage roles across groups.
 *
 * Constraint and effective size follow Burt (1992) as NetworkX 3.x computes
 * them (networkx.constraint, networkx.effective_size), so that an analyst's
 * numbers agree with NetworkX to round-off: the mutual weight of a pair is
 * the sum of the weights of the ties between them in either direction (1 per
 * tie without weights), p_ij is i's mutual weight with j over i's total, and
 * m_jq is j's over j's largest. Effective size without weights on an
 * undirected graph is Borgatti's n - 2t/n (t: ties among the n contacts), as
 * NetworkX uses there; with weights (or directed) it is Burt's
 * sum_j (1 - sum_q p_iq m_jq). An isolated vertex has neither: NaN. Loops
 * are ignored.
 * Gould and Fernandez (1989): a vertex v brokers the two-path a -> v -> c
 * when a and c are distinct, differ from v and a has no tie to c. The role
 * depends on the groups: coordinator (a, v, c in one group), itinerant or
 * consultant (a and c in one group, v in another), representative (a with
 * v, c elsewhere), gatekeeper (v with c, a elsewhere), liaison (all three
 * different). On an undirected graph every tie counts in both directions,
 * so an open two-path a - v - c is brokered once as a -> v -> c and once as
 * c -> v -> a (a representative role one way is a gatekeeper role the other).
 * Layer: analysis/ (igraph).
 */
#ifndef INFNET_ANALYSIS_BROKERAGE_H
#define INFNET_ANALYSIS_BROKERAGE_H

#include <igraph.h>

/* Burt's constraint of every vertex (igraph_constraint); weights NULL: 1
 * per tie. res: initialised, resized to the vertex count. */
igraph_error_t brokerage_constraint(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *res);

/* Burt's effective size of every vertex, as NetworkX's effective_size
 * (weights NULL: weight=None). res: initialised, resized. */
igraph_error_t brokerage_effective_size(const igraph_t *g, const igraph_vector_t *weights,
                                        igraph_vector_t *res);

enum brokerage_role {
    BROKERAGE_COORDINATOR,
    BROKERAGE_ITINERANT,
    BROKERAGE_REPRESENTATIVE,
    BROKERAGE_GATEKEEPER,
    BROKERAGE_LIAISON,
    BROKERAGE_ROLES
};

const char *brokerage_role_name(int role);

/* Gould-Fernandez role counts: roles is resized to vcount x BROKERAGE_ROLES,
 * row v holding how many two-paths v brokers in each role. group: one group
 * id per vertex. Polls igraph's interruption handler. */
igraph_error_t brokerage_roles(const igraph_t *g, const igraph_vector_int_t *group, igraph_matrix_t *roles);

#endif
