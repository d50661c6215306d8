/* analysis/keyplayer.h - key players: the k nodes whose removal most fragments a network.
 *
 * Borgatti's KPP-Neg (Borgatti 2006, "Identifying sets of key players in a
 * social network"): choose S, |S| = k, maximising the fragmentation (F or DF)
 * of the graph with S removed. Greedy selection (add, k times, the candidate
 * whose removal together with the chosen ones gives the highest
 * fragmentation; ties to the lowest vertex id, except that for F, which is
 * flat wherever no single removal disconnects anything, ties before the last
 * step first go to the candidate whose removal leaves the best single next
 * cut, found from the articulation points), then swap improvement (replace
 * a member by a non-member whenever that strictly raises the objective; passes
 * until no swap helps). Deterministic. Fragmentation is computed on the whole
 * vertex set with removed vertices counted as isolates (Borgatti's
 * definition), so removing a vertex never lowers F by shrinking n.
 * Cost: O(k n (n + m)) per pass for F, O(k n * n (n + m)) for DF; meant for
 * networks of up to a few thousand nodes.
 * KPP-Pos (the same paper): choose S, |S| = k, reaching the most others:
 * reach = the share of the n - k non-members within distance D of S (D = 1:
 * their neighbours), ties broken by the distance-weighted reach
 * (1/n) sum over non-members j of 1/d(j, S) (0 where j cannot be reached),
 * then the lowest vertex id; greedy selection and swap improvement as for
 * KPP-Neg. Cost O(k n (n + m)) per pass.
 * Both searches report every evaluation to an optional monitor, poll
 * igraph's interruption handler after it, and return IGRAPH_INTERRUPTED
 * when it asks them to stop.
 * Layer: analysis/ (igraph).
 */
#ifndef INFNET_ANALYSIS_KEYPLAYER_H
#define INFNET_ANALYSIS_KEYPLAYER_H

#include <igraph.h>

enum keyplayer_objective { KEYPLAYER_F, KEYPLAYER_DF };

struct keyplayer_result {
    double value;  /* objective with the set removed */
    double before; /* objective of the intact graph */
    igraph_integer_t swaps;
};

/* k players of g; candidates: NULL (every vertex) or a mask (1 = may be chosen).
 * set: initialised by the caller; filled with the chosen vertex ids in
 * greedy order as improved by swaps. k larger than the candidates gives all
 * candidates. */
int keyplayer_neg(const igraph_t *g, igraph_integer_t k, enum keyplayer_objective obj,
                  const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                  struct keyplayer_result *out);

struct keyplayer_pos_result {
    double reach;          /* share of non-members within distance D of the set */
    double weighted_reach; /* (1/n) sum over non-members of 1/d(j, S) */
    igraph_integer_t swaps;
};

/* KPP-Pos: k players of g reaching the most others within distance (>= 1);
 * candidates and set as for keyplayer_neg. */
int keyplayer_pos(const igraph_t *g, igraph_integer_t k, igraph_integer_t distance,
                  const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                  struct keyplayer_pos_result *out);

/* The KPP-Pos values of a given set (swaps 0). */
int keyplayer_pos_score(const igraph_t *g, const igraph_vector_int_t *set, igraph_integer_t distance,
                        struct keyplayer_pos_result *out);

/* The evaluations (objective scores of one candidate set) a search for k of
 * `pool` candidates makes at least: the greedy steps' pool + (pool - 1) +
 * ... + (pool - k + 1), then one pass of swaps, k (pool - k + 1). More
 * passes follow only while a swap improves the set. */
double keyplayer_evaluations(igraph_integer_t pool, igraph_integer_t k);

/* Feedback on a long search: evaluated(ctx, done, planned) after every
 * evaluation, with planned = keyplayer_evaluations (done exceeds it once a
 * second pass of swaps runs). */
struct keyplayer_monitor {
    void (*evaluated)(void *ctx, double done, double planned);
    void *ctx;
};

/* keyplayer_neg and keyplayer_pos with feedback (mon may be NULL; KPP-Pos
 * plans as many evaluations as KPP-Neg). All four poll igraph's
 * interruption handler after every evaluation and return
 * IGRAPH_INTERRUPTED when it asks to stop (set is then unspecified). */
int keyplayer_neg_monitored(const igraph_t *g, igraph_integer_t k, enum keyplayer_objective obj,
                            const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                            struct keyplayer_result *out, const struct keyplayer_monitor *mon);
int keyplayer_pos_monitored(const igraph_t *g, igraph_integer_t k, igraph_integer_t distance,
                            const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                            struct keyplayer_pos_result *out, const struct keyplayer_monitor *mon);

#endif
