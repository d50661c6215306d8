/* analysis/keyplayer.c - Borgatti's KPP-Neg and KPP-Pos: greedy selection plus swap improvement.
 *
 * Every candidate set is scored on the original graph by breadth-first
 * search that skips the removed vertices, so no subgraph is ever built; a
 * removed vertex is a singleton component and contributes no reachable pair,
 * and the denominator stays n (n - 1) over all n vertices.
 * F counts reachable ordered pairs per component (integers held exactly in
 * doubles). DF sums 1/d over ordered pairs from a histogram of pair
 * distances summed in order of distance, so two sets with the same
 * distance profile score bit-identically and ties fall to the lowest id.
 * F alone is flat across every set that disconnects nothing, so the greedy
 * steps before the last break F ties by a one-step look-ahead: the most
 * pairs one further removal could cut, for all vertices at once from one
 * depth-first search (articulation points and the subtrees they cut off).
 * Without it, two bridges between two cliques lose to the two lowest ids.
 * KPP-Pos marks the set in the same `removed` array and scores it by one
 * breadth-first search from all members at once.
 * Every evaluation is counted for the caller's monitor (a progress line, an
 * estimate of the cost) and followed by a poll of igraph's interruption
 * handler, so a search of minutes stops at once on a signal.
 * Ownership: one workspace per call, allocated up front and freed on every
 * path; the caller owns the graph, the mask and the result vector.
 * Layer: analysis/ (igraph).
 */
#include "analysis/keyplayer.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

/* F and DF lie in [0, 1]; scores closer than this differ by round-off in
 * the order of summation only, so they count as a tie (kept by the lower
 * vertex id) and are not an improvement worth a swap. */
#define KEYPLAYER_TIE_TOL 1e-12

struct kp_ws {
    igraph_adjlist_t adj; /* simple graph: no loops, no multi-edges */
    igraph_integer_t n;
    enum keyplayer_objective obj;
    char *removed;           /* 1 = vertex taken out */
    igraph_integer_t *queue; /* BFS queue */
    igraph_integer_t *seen;  /* epoch at which a vertex was last reached */
    igraph_integer_t *depth; /* BFS distance from the current source */
    double *hist;            /* ordered pairs at each distance (DF) */
    igraph_integer_t epoch;
    /* Depth-first search for the F look-ahead (articulation points). */
    igraph_integer_t *disc, *low, *sub, *next, *parent, *order;
    double *cut_pairs;          /* reachable pairs inside the subtrees cut off by removing v */
    igraph_integer_t *cut_size; /* vertices in those subtrees */
    const igraph_vector_bool_t *candidates;
    /* feedback and interruption */
    const struct keyplayer_monitor *mon;
    double done, planned;
    int interrupted;
};

static void ws_free(struct kp_ws *ws)
{
    igraph_adjlist_destroy(&ws->adj);
    free(ws->removed);
    free(ws->queue);
    free(ws->seen);
    free(ws->depth);
    free(ws->hist);
    free(ws->disc);
    free(ws->low);
    free(ws->sub);
    free(ws->next);
    free(ws->parent);
    free(ws->order);
    free(ws->cut_pairs);
    free(ws->cut_size);
}

static int ws_alloc(struct kp_ws *ws, const igraph_t *g, enum keyplayer_objective obj,
                    const igraph_vector_bool_t *candidates)
{
    igraph_integer_t n = igraph_vcount(g);
    int rc = igraph_adjlist_init(g, &ws->adj, IGRAPH_ALL, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE);
    if (rc)
        return rc;
    ws->n = n;
    ws->obj = obj;
    ws->candidates = candidates;
    ws->epoch = 0;
    ws->mon = NULL;
    ws->done = 0.0;
    ws->planned = 0.0;
    ws->interrupted = 0;
    size_t cnt = n > 0 ? (size_t)n : 1;
    ws->removed = calloc(cnt, sizeof *ws->removed);
    ws->queue = malloc(cnt * sizeof *ws->queue);
    ws->seen = calloc(cnt, sizeof *ws->seen);
    ws->depth = malloc(cnt * sizeof *ws->depth);
    ws->hist = calloc(cnt, sizeof *ws->hist);
    ws->disc = malloc(cnt * sizeof *ws->disc);
    ws->low = malloc(cnt * sizeof *ws->low);
    ws->sub = malloc(cnt * sizeof *ws->sub);
    ws->next = malloc(cnt * sizeof *ws->next);
    ws->parent = malloc(cnt * sizeof *ws->parent);
    ws->order = malloc(cnt * sizeof *ws->order);
    ws->cut_pairs = malloc(cnt * sizeof *ws->cut_pairs);
    ws->cut_size = malloc(cnt * sizeof *ws->cut_size);
    if (!ws->removed || !ws->queue || !ws->seen || !ws->depth || !ws->hist || !ws->disc || !ws->low ||
        !ws->sub || !ws->next || !ws->parent || !ws->order || !ws->cut_pairs || !ws->cut_size) {
        ws_free(ws);
        return IGRAPH_ENOMEM;
    }
    return IGRAPH_SUCCESS;
}

/* BFS from s over vertices not removed; returns the number reached
 * (s included) and leaves depth[] set for them. */
static igraph_integer_t bfs(struct kp_ws *ws, igraph_integer_t s)
{
    igraph_integer_t epoch = ++ws->epoch, head = 0, tail = 0;
    ws->seen[s] = epoch;
    ws->depth[s] = 0;
    ws->queue[tail++] = s;
    while (head < tail) {
        igraph_integer_t u = ws->queue[head++];
        igraph_vector_int_t *nb = igraph_adjlist_get(&ws->adj, u);
        igraph_integer_t deg = igraph_vector_int_size(nb);
        for (igraph_integer_t j = 0; j < deg; j++) {
            igraph_integer_t v = VECTOR(*nb)[j];
            if (ws->removed[v] || ws->seen[v] == epoch)
                continue;
            ws->seen[v] = epoch;
            ws->depth[v] = ws->depth[u] + 1;
            ws->queue[tail++] = v;
        }
    }
    return tail;
}

/* Borgatti's F with the removed vertices as isolates. */
static double score_f(struct kp_ws *ws)
{
    igraph_integer_t n = ws->n;
    /* One epoch stamp per component; a vertex reached by an earlier
     * component's BFS has a stamp above `start`. */
    igraph_integer_t start = ws->epoch;
    double reach = 0.0;
    for (igraph_integer_t v = 0; v < n; v++) {
        if (ws->removed[v] || ws->seen[v] > start)
            continue;
        double s = (double)bfs(ws, v);
        reach += s * (s - 1.0);
    }
    return 1.0 - reach / ((double)n * (double)(n - 1));
}

/* Borgatti's DF with the removed vertices as isolates. */
static double score_df(struct kp_ws *ws)
{
    igraph_integer_t n = ws->n, maxd = 0;
    for (igraph_integer_t s = 0; s < n; s++) {
        if (ws->removed[s])
            continue;
        igraph_integer_t reached = bfs(ws, s);
        for (igraph_integer_t q = 1; q < reached; q++) {
            igraph_integer_t d = ws->depth[ws->queue[q]];
            ws->hist[d] += 1.0;
            if (d > maxd)
                maxd = d;
        }
    }
    double sum = 0.0;
    for (igraph_integer_t d = 1; d <= maxd; d++) {
        sum += ws->hist[d] / (double)d;
        ws->hist[d] = 0.0;
    }
    return 1.0 - sum / ((double)n * (double)(n - 1));
}

static double score(struct kp_ws *ws)
{
    if (ws->n < 2)
        return 1.0; /* no pairs: the fragment.h convention */
    return ws->obj == KEYPLAYER_F ? score_f(ws) : score_df(ws);
}

/* After an evaluation: the monitor, then igraph's interruption handler
 * (1 when it asks to stop). */
static int evaluated(struct kp_ws *ws)
{
    ws->done += 1.0;
    if (ws->mon)
        ws->mon->evaluated(ws->mon->ctx, ws->done, ws->planned);
    if (igraph_allow_interruption(NULL) != IGRAPH_SUCCESS)
        ws->interrupted = 1;
    return ws->interrupted;
}

static int eligible(const struct kp_ws *ws, igraph_integer_t v)
{
    return !ws->removed[v] && (!ws->candidates || VECTOR(*ws->candidates)[v]);
}

/* The most reachable ordered pairs one more eligible removal could cut, over
 * the graph without the removed vertices. One iterative depth-first search
 * per component (Hopcroft and Tarjan): removing v splits v's component of
 * size S into the DFS subtrees of the children c with low[c] >= disc[v] and
 * the rest, so every vertex is assessed in O(n + m) in all. */
static double best_next_cut(struct kp_ws *ws)
{
    igraph_integer_t n = ws->n, timer = 0;
    double best = 0.0;
    for (igraph_integer_t v = 0; v < n; v++)
        ws->disc[v] = -1;
    for (igraph_integer_t root = 0; root < n; root++) {
        if (ws->removed[root] || ws->disc[root] >= 0)
            continue;
        igraph_integer_t top = 0, visited = 0;
        ws->queue[top++] = root; /* the queue serves as the DFS stack */
        ws->parent[root] = -1;
        ws->disc[root] = ws->low[root] = timer++;
        ws->sub[root] = 1;
        ws->next[root] = 0;
        ws->cut_pairs[root] = 0.0;
        ws->cut_size[root] = 0;
        ws->order[visited++] = root;
        while (top > 0) {
            igraph_integer_t u = ws->queue[top - 1];
            igraph_vector_int_t *nb = igraph_adjlist_get(&ws->adj, u);
            if (ws->next[u] < igraph_vector_int_size(nb)) {
                igraph_integer_t w = VECTOR(*nb)[ws->next[u]++];
                if (ws->removed[w])
                    continue;
                if (ws->disc[w] < 0) {
                    ws->parent[w] = u;
                    ws->disc[w] = ws->low[w] = timer++;
                    ws->sub[w] = 1;
                    ws->next[w] = 0;
                    ws->cut_pairs[w] = 0.0;
                    ws->cut_size[w] = 0;
                    ws->order[visited++] = w;
                    ws->queue[top++] = w;
                } else if (w != ws->parent[u] && ws->disc[w] < ws->low[u]) {
                    ws->low[u] = ws->disc[w];
                }
                continue;
            }
            top--;
            igraph_integer_t p = ws->parent[u];
            if (p < 0)
                continue;
            ws->sub[p] += ws->sub[u];
            if (ws->low[u] < ws->low[p])
                ws->low[p] = ws->low[u];
            if (ws->low[u] >= ws->disc[p]) {
                double s = (double)ws->sub[u];
                ws->cut_pairs[p] += s * (s - 1.0);
                ws->cut_size[p] += ws->sub[u];
            }
        }
        double size = (double)visited, whole = size * (size - 1.0);
        for (igraph_integer_t i = 0; i < visited; i++) {
            igraph_integer_t v = ws->order[i];
            if (!eligible(ws, v))
                continue;
            double rest = (double)(visited - 1 - ws->cut_size[v]);
            double cut = whole - ws->cut_pairs[v] - rest * (rest - 1.0);
            if (cut > best)
                best = cut;
        }
    }
    return best;
}

/* The eligible vertex whose addition to the removed set scores highest,
 * provided it scores above `above` (by more than the tolerance); -1 when
 * none does, -2 when interrupted (ws->interrupted). *value: its score, else `above`. Ties: with `lookahead`
 * (F only, when another greedy step follows), the vertex after whose removal one more removal could cut the
 * most pairs; then the lowest id. */
static igraph_integer_t best_addition(struct kp_ws *ws, double above, int lookahead, double *value)
{
    igraph_integer_t best = -1;
    double best_value = above, best_next = -1.0;
    for (igraph_integer_t c = 0; c < ws->n; c++) {
        if (!eligible(ws, c))
            continue;
        ws->removed[c] = 1;
        double v = score(ws);
        int better = v > best_value + KEYPLAYER_TIE_TOL;
        double next = -1.0;
        if (lookahead && !better && best >= 0 && v >= best_value - KEYPLAYER_TIE_TOL) {
            next = best_next_cut(ws);
            better = next > best_next;
        } else if (lookahead && better) {
            next = best_next_cut(ws);
        }
        ws->removed[c] = 0;
        if (evaluated(ws))
            return -2;
        if (better) {
            best = c;
            best_value = v;
            best_next = next;
        }
    }
    *value = best_value;
    return best;
}

double keyplayer_evaluations(igraph_integer_t pool, igraph_integer_t k)
{
    if (k > pool)
        k = pool;
    if (k <= 0)
        return 0.0;
    double p = (double)pool, kk = (double)k;
    return kk * p - kk * (kk - 1.0) / 2.0 + kk * (p - kk + 1.0);
}

int keyplayer_neg(const igraph_t *g, igraph_integer_t k, enum keyplayer_objective obj,
                  const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                  struct keyplayer_result *out)
{
    return keyplayer_neg_monitored(g, k, obj, candidates, set, out, NULL);
}

/* The candidates' count (every vertex when candidates is NULL) into *pool,
 * k cut to it, and set resized to k. IGRAPH_EINVAL when the mask does not
 * cover the graph. */
static int size_set(igraph_integer_t n, const igraph_vector_bool_t *candidates, igraph_integer_t *k,
                    igraph_integer_t *pool, igraph_vector_int_t *set)
{
    if (candidates && igraph_vector_bool_size(candidates) != n)
        return IGRAPH_EINVAL;
    *pool = 0;
    for (igraph_integer_t v = 0; v < n; v++)
        *pool += !candidates || VECTOR(*candidates)[v];
    if (*k > *pool)
        *k = *pool;
    return igraph_vector_int_resize(set, *k);
}

int keyplayer_neg_monitored(const igraph_t *g, igraph_integer_t k, enum keyplayer_objective obj,
                            const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                            struct keyplayer_result *out, const struct keyplayer_monitor *mon)
{
    igraph_integer_t n = igraph_vcount(g);
    if (k < 0 || (obj != KEYPLAYER_F && obj != KEYPLAYER_DF))
        return IGRAPH_EINVAL;
    igraph_integer_t pool;
    int rc = size_set(n, candidates, &k, &pool, set);
    if (rc)
        return rc;

    struct kp_ws ws;
    rc = ws_alloc(&ws, g, obj, candidates);
    if (rc)
        return rc;
    ws.mon = mon;
    ws.planned = keyplayer_evaluations(pool, k);
    out->before = score(&ws);
    out->swaps = 0;
    double current = out->before;

    /* Greedy: k additions, each the best given those already chosen. */
    for (igraph_integer_t t = 0; t < k; t++) {
        int lookahead = obj == KEYPLAYER_F && t + 1 < k;
        igraph_integer_t c = best_addition(&ws, -INFINITY, lookahead, &current);
        if (c == -2)
            goto interrupted;
        assert(c >= 0 && "k never exceeds the candidates");
        ws.removed[c] = 1;
        VECTOR(*set)[t] = c;
    }

    /* Swaps: for each member in turn, its best strictly improving
     * replacement; passes until one changes nothing. Each swap raises the
     * objective by more than the tolerance, so this ends. */
    int improved = 1;
    while (improved) {
        improved = 0;
        for (igraph_integer_t i = 0; i < k; i++) {
            igraph_integer_t member = VECTOR(*set)[i];
            ws.removed[member] = 0;
            double value;
            igraph_integer_t c = best_addition(&ws, current, 0, &value);
            if (c == -2)
                goto interrupted;
            if (c >= 0) {
                VECTOR(*set)[i] = c;
                current = value;
                out->swaps++;
                improved = 1;
            }
            ws.removed[VECTOR(*set)[i]] = 1;
        }
    }
    out->value = current;
    ws_free(&ws);
    return IGRAPH_SUCCESS;
interrupted:
    ws_free(&ws);
    return IGRAPH_INTERRUPTED;
}

/* ---- KPP-Pos ---------------------------------------------------------- */

/* Reach of the set (the vertices marked removed): one breadth-first search
 * from all members at once. count: non-members within distance D; sum:
 * sum over non-members of 1/d(j, S), 0 where unreachable. */
static void reach_of(struct kp_ws *ws, igraph_integer_t distance, double *count, double *sum)
{
    igraph_integer_t epoch = ++ws->epoch, head = 0, tail = 0;
    for (igraph_integer_t v = 0; v < ws->n; v++)
        if (ws->removed[v]) {
            ws->seen[v] = epoch;
            ws->depth[v] = 0;
            ws->queue[tail++] = v;
        }
    double c = 0.0;
    /* sums of 1/d in order of distance, so that equal profiles score equally */
    igraph_integer_t maxd = 0;
    while (head < tail) {
        igraph_integer_t u = ws->queue[head++];
        igraph_vector_int_t *nb = igraph_adjlist_get(&ws->adj, u);
        igraph_integer_t deg = igraph_vector_int_size(nb);
        for (igraph_integer_t j = 0; j < deg; j++) {
            igraph_integer_t v = VECTOR(*nb)[j];
            if (ws->seen[v] == epoch)
                continue;
            ws->seen[v] = epoch;
            igraph_integer_t d = ws->depth[v] = ws->depth[u] + 1;
            ws->queue[tail++] = v;
            ws->hist[d] += 1.0;
            if (d > maxd)
                maxd = d;
            if (d <= distance)
                c += 1.0;
        }
    }
    double s = 0.0;
    for (igraph_integer_t d = 1; d <= maxd; d++) {
        s += ws->hist[d] / (double)d;
        ws->hist[d] = 0.0;
    }
    *count = c;
    *sum = s;
}

/* Strictly better: more reached, or as many and a higher weighted reach. */
static int pos_better(double count, double sum, double best_count, double best_sum)
{
    if (count != best_count)
        return count > best_count;
    return sum > best_sum + KEYPLAYER_TIE_TOL;
}

/* The eligible vertex whose joining the set reaches most, if that beats
 * (count, sum); ties to the lowest id. -1 when none does, -2 when
 * interrupted (ws->interrupted). */
static igraph_integer_t best_joiner(struct kp_ws *ws, igraph_integer_t distance, double *count, double *sum)
{
    igraph_integer_t best = -1;
    for (igraph_integer_t c = 0; c < ws->n; c++) {
        if (!eligible(ws, c))
            continue;
        ws->removed[c] = 1;
        double cc, cs;
        reach_of(ws, distance, &cc, &cs);
        ws->removed[c] = 0;
        if (evaluated(ws))
            return -2;
        if (pos_better(cc, cs, *count, *sum)) {
            best = c;
            *count = cc;
            *sum = cs;
        }
    }
    return best;
}

static void pos_values(const struct kp_ws *ws, igraph_integer_t members, double count, double sum,
                       struct keyplayer_pos_result *out)
{
    igraph_integer_t others = ws->n - members;
    out->reach = others > 0 ? count / (double)others : 0.0;
    out->weighted_reach = ws->n > 0 ? sum / (double)ws->n : 0.0;
}

int keyplayer_pos(const igraph_t *g, igraph_integer_t k, igraph_integer_t distance,
                  const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                  struct keyplayer_pos_result *out)
{
    return keyplayer_pos_monitored(g, k, distance, candidates, set, out, NULL);
}

int keyplayer_pos_monitored(const igraph_t *g, igraph_integer_t k, igraph_integer_t distance,
                            const igraph_vector_bool_t *candidates, igraph_vector_int_t *set,
                            struct keyplayer_pos_result *out, const struct keyplayer_monitor *mon)
{
    igraph_integer_t n = igraph_vcount(g);
    if (k < 0 || distance < 1)
        return IGRAPH_EINVAL;
    igraph_integer_t pool;
    int rc = size_set(n, candidates, &k, &pool, set);
    if (rc)
        return rc;
    struct kp_ws ws;
    if ((rc = ws_alloc(&ws, g, KEYPLAYER_F, candidates)))
        return rc;
    ws.mon = mon;
    ws.planned = keyplayer_evaluations(pool, k);
    out->swaps = 0;
    double count = -1.0, sum = 0.0;
    for (igraph_integer_t t = 0; t < k; t++) {
        count = -1.0;
        sum = 0.0;
        igraph_integer_t c = best_joiner(&ws, distance, &count, &sum);
        if (c == -2)
            goto interrupted;
        assert(c >= 0 && "k never exceeds the candidates");
        ws.removed[c] = 1;
        VECTOR(*set)[t] = c;
    }
    if (k == 0)
        reach_of(&ws, distance, &count, &sum);
    int improved = k > 0;
    while (improved) {
        improved = 0;
        for (igraph_integer_t i = 0; i < k; i++) {
            ws.removed[VECTOR(*set)[i]] = 0;
            igraph_integer_t c = best_joiner(&ws, distance, &count, &sum);
            if (c == -2)
                goto interrupted;
            if (c >= 0) {
                VECTOR(*set)[i] = c;
                out->swaps++;
                improved = 1;
            }
            ws.removed[VECTOR(*set)[i]] = 1;
        }
    }
    pos_values(&ws, k, count, sum, out);
    ws_free(&ws);
    return IGRAPH_SUCCESS;
interrupted:
    ws_free(&ws);
    return IGRAPH_INTERRUPTED;
}

int keyplayer_pos_score(const igraph_t *g, const igraph_vector_int_t *set, igraph_integer_t distance,
                        struct keyplayer_pos_result *out)
{
    if (distance < 1)
        return IGRAPH_EINVAL;
    struct kp_ws ws;
    int rc = ws_alloc(&ws, g, KEYPLAYER_F, NULL);
    if (rc)
        return rc;
    igraph_integer_t members = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(set); i++) {
        igraph_integer_t v = VECTOR(*set)[i];
        if (v < 0 || v >= ws.n) {
            ws_free(&ws);
            return IGRAPH_EINVVID;
        }
        members += !ws.removed[v];
        ws.removed[v] = 1;
    }
    double count, sum;
    reach_of(&ws, distance, &count, &sum);
    pos_values(&ws, members, count, sum, out);
    out->swaps = 0;
    ws_free(&ws);
    return IGRAPH_SUCCESS;
}
