/* models/world.c - storage of one influence network: actors, ties, spawn
 * slots, the igraph view of the active part and the model-state measures.
 *
 * Invariants: node and tie indices are stable for a world's lifetime (removal
 * clears `active`, nothing is deleted); inc[i] lists every tie ever incident
 * to node i, active or not, in creation order; spawn slots of faction f are
 * the slot_count consecutive nodes from slot_first, all after n_base. Arrays
 * only grow: inc, n_inc and cap_inc are sized cap_nodes, and the incidence
 * lists of indices >= n_nodes stay owned (reused by world_copy).
 * Ownership: a world owns every array in it; callers own the world struct.
 * Includes: igraph (the graph view) and the C library only.
 */
#include "models/world.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Starting capacity of node, tie and incidence arrays; doubled when full. */
enum { WORLD_MIN_CAP = 8 };

/* A neutral actor: full strength, undecided stance, no money, no links. */
static const struct actor neutral_actor = {
    .kind = KIND_FACTION,
    .active = 1,
    .strength = 1.0,
    .stance = 0.5,
    .budget = 0.0,
    .revenue = 0.0,
    .authority = 0.0,
    .successor = -1,
    .patron = -1,
    .strain = 0.0,
    .sanction = 0.0,
    .income = 0.0,
    .parent = -1,
    .spawn = SPAWN_NONE,
    .slot_first = -1,
    .slot_count = 0,
    .slots_used = 0,
    .initial = 0,
    .patron0 = -1,
    .left_step = -1,
};

static const char *const kind_names[KIND_COUNT] = {"agency", "leader", "faction", "institution"};
static const char *const tie_names[TIE_COUNT] = {"command", "funding", "personal", "coordination",
                                                 "political"};

void world_init(struct world *w)
{
    memset(w, 0, sizeof *w);
}

void world_destroy(struct world *w)
{
    if (!w)
        return;
    if (w->inc)
        for (int i = 0; i < w->cap_nodes; i++)
            free(w->inc[i]);
    free(w->inc);
    free(w->n_inc);
    free(w->cap_inc);
    free(w->nodes);
    free(w->edges);
    memset(w, 0, sizeof *w);
}

/* Grow the node-sized arrays to hold at least `need` nodes. New incidence
 * slots start empty (NULL, capacity 0). */
static enum world_status grow_nodes(struct world *w, int need)
{
    if (need <= w->cap_nodes)
        return WORLD_OK;
    int cap = w->cap_nodes > 0 ? w->cap_nodes : WORLD_MIN_CAP;
    while (cap < need)
        cap *= 2;
    struct actor *nodes = realloc(w->nodes, (size_t)cap * sizeof *nodes);
    if (!nodes)
        return WORLD_ENOMEM;
    w->nodes = nodes;
    int **inc = realloc(w->inc, (size_t)cap * sizeof *inc);
    if (!inc)
        return WORLD_ENOMEM;
    w->inc = inc;
    int *n_inc = realloc(w->n_inc, (size_t)cap * sizeof *n_inc);
    if (!n_inc)
        return WORLD_ENOMEM;
    w->n_inc = n_inc;
    int *cap_inc = realloc(w->cap_inc, (size_t)cap * sizeof *cap_inc);
    if (!cap_inc)
        return WORLD_ENOMEM;
    w->cap_inc = cap_inc;
    /* Only after every array has grown is the new capacity recorded, so a
     * failure leaves the world consistent at its old capacity. */
    for (int i = w->cap_nodes; i < cap; i++) {
        w->inc[i] = NULL;
        w->n_inc[i] = 0;
        w->cap_inc[i] = 0;
    }
    w->cap_nodes = cap;
    return WORLD_OK;
}

static enum world_status grow_edges(struct world *w, int need)
{
    if (need <= w->cap_edges)
        return WORLD_OK;
    int cap = w->cap_edges > 0 ? w->cap_edges : WORLD_MIN_CAP;
    while (cap < need)
        cap *= 2;
    struct tie *edges = realloc(w->edges, (size_t)cap * sizeof *edges);
    if (!edges)
        return WORLD_ENOMEM;
    w->edges = edges;
    w->cap_edges = cap;
    return WORLD_OK;
}

/* Make room for `need` entries in node i's incidence list. */
static enum world_status grow_inc(struct world *w, int i, int need)
{
    if (need <= w->cap_inc[i])
        return WORLD_OK;
    int cap = w->cap_inc[i] > 0 ? w->cap_inc[i] : WORLD_MIN_CAP;
    while (cap < need)
        cap *= 2;
    int *list = realloc(w->inc[i], (size_t)cap * sizeof *list);
    if (!list)
        return WORLD_ENOMEM;
    w->inc[i] = list;
    w->cap_inc[i] = cap;
    return WORLD_OK;
}

static void count_event(struct world *w, enum world_event e)
{
    w->ev.total[e]++;
    w->ev.step[e]++;
}

int world_add_node(struct world *w, enum node_kind k)
{
    assert(k >= 0 && k < KIND_COUNT);
    if (grow_nodes(w, w->n_nodes + 1) != WORLD_OK)
        return -1;
    int i = w->n_nodes++;
    w->nodes[i] = neutral_actor;
    w->nodes[i].kind = k;
    w->n_inc[i] = 0;
    return i;
}

int world_add_tie(struct world *w, int from, int to, enum tie_type t, double wt)
{
    assert(from >= 0 && from < w->n_nodes && to >= 0 && to < w->n_nodes);
    assert(from != to && "self-ties never exist");
    assert(t >= 0 && t < TIE_COUNT);
    if (grow_edges(w, w->n_edges + 1) != WORLD_OK || grow_inc(w, from, w->n_inc[from] + 1) != WORLD_OK ||
        grow_inc(w, to, w->n_inc[to] + 1) != WORLD_OK)
        return -1;
    int e = w->n_edges++;
    w->edges[e] = (struct tie){.from = from, .to = to, .type = t, .weight = wt, .base = wt, .active = 1};
    w->inc[from][w->n_inc[from]++] = e;
    w->inc[to][w->n_inc[to]++] = e;
    count_event(w, EVENT_TIES_CREATED);
    return e;
}

int world_find_tie(const struct world *w, int a, int b, enum tie_type t)
{
    assert(a >= 0 && a < w->n_nodes && b >= 0 && b < w->n_nodes);
    int x = w->n_inc[a] <= w->n_inc[b] ? a : b;
    int y = x == a ? b : a;
    for (int k = 0; k < w->n_inc[x]; k++) {
        const struct tie *e = &w->edges[w->inc[x][k]];
        if (e->active && e->type == t && (e->from == y || e->to == y))
            return w->inc[x][k];
    }
    return -1;
}

enum world_status world_reserve_slots(struct world *w, int count)
{
    assert(count >= 0);
    int n = w->n_nodes;
    w->n_base = n;
    if (count == 0)
        return WORLD_OK;
    int n_factions = 0;
    for (int f = 0; f < n; f++)
        n_factions += w->nodes[f].kind == KIND_FACTION;
    if (grow_nodes(w, n + n_factions * count) != WORLD_OK)
        return WORLD_ENOMEM;
    for (int f = 0; f < n; f++) {
        if (w->nodes[f].kind != KIND_FACTION)
            continue;
        w->nodes[f].slot_first = w->n_nodes;
        w->nodes[f].slot_count = count;
        w->nodes[f].slots_used = 0;
        for (int j = 0; j < count; j++) {
            int s = world_add_node(w, KIND_FACTION);
            assert(s >= 0); /* capacity was reserved above */
            w->nodes[s].active = 0;
            w->nodes[s].parent = f;
        }
    }
    return WORLD_OK;
}

void world_seal(struct world *w)
{
    if (w->n_base == 0) {
        int n = 0;
        for (int i = 0; i < w->n_nodes; i++)
            n += w->nodes[i].parent < 0;
        w->n_base = n;
    }
    w->n_initial = world_active_nodes(w);
    for (int k = 0; k < KIND_COUNT; k++)
        w->n_initial_kind[k] = 0;
    for (int i = 0; i < w->n_nodes; i++)
        if (w->nodes[i].active)
            w->n_initial_kind[w->nodes[i].kind]++;
    for (int e = 0; e < w->n_edges; e++)
        w->edges[e].base = w->edges[e].weight;
    for (int i = 0; i < w->n_nodes; i++) {
        struct actor *a = &w->nodes[i];
        a->initial = a->active;
        a->patron0 = a->patron;
        a->left_step = -1;
    }
    memset(&w->ev, 0, sizeof w->ev);
}

void world_begin_step(struct world *w, int t)
{
    memset(w->ev.step, 0, sizeof w->ev.step);
    w->ev.t = t;
}

void world_set_patron(struct world *w, int f, int a)
{
    assert(f >= 0 && f < w->n_nodes);
    struct actor *x = &w->nodes[f];
    if (x->patron == a)
        return;
    x->patron = a;
    count_event(w, EVENT_PATRON_SWITCHES);
    if (x->initial && x->left_step < 0 && a != x->patron0)
        x->left_step = w->ev.t;
}

int world_left_initial_patron(const struct world *w, int *first)
{
    int n = 0, n_first = 0;
    for (int i = 0; i < w->n_base; i++) {
        const struct actor *a = &w->nodes[i];
        if (!a->active || !a->initial || a->kind != KIND_FACTION)
            continue;
        n += a->patron != a->patron0;
        n_first += a->left_step >= 0 && a->left_step == w->ev.t;
    }
    if (first)
        *first = n_first;
    return n;
}

enum world_status world_copy(struct world *dst, const struct world *src)
{
    if (dst == src)
        return WORLD_OK;
    if (grow_nodes(dst, src->n_nodes) != WORLD_OK || grow_edges(dst, src->n_edges) != WORLD_OK)
        return WORLD_ENOMEM;
    for (int i = 0; i < src->n_nodes; i++)
        if (grow_inc(dst, i, src->n_inc[i]) != WORLD_OK)
            return WORLD_ENOMEM;
    if (src->n_nodes > 0) {
        memcpy(dst->nodes, src->nodes, (size_t)src->n_nodes * sizeof *dst->nodes);
        memcpy(dst->n_inc, src->n_inc, (size_t)src->n_nodes * sizeof *dst->n_inc);
    }
    if (src->n_edges > 0)
        memcpy(dst->edges, src->edges, (size_t)src->n_edges * sizeof *dst->edges);
    for (int i = 0; i < src->n_nodes; i++)
        if (src->n_inc[i] > 0)
            memcpy(dst->inc[i], src->inc[i], (size_t)src->n_inc[i] * sizeof *dst->inc[i]);
    /* Incidence lists past src's node count must read as empty. */
    for (int i = src->n_nodes; i < dst->n_nodes; i++)
        dst->n_inc[i] = 0;
    dst->n_nodes = src->n_nodes;
    dst->n_base = src->n_base;
    dst->n_edges = src->n_edges;
    dst->n_initial = src->n_initial;
    memcpy(dst->n_initial_kind, src->n_initial_kind, sizeof dst->n_initial_kind);
    dst->ev = src->ev;
    return WORLD_OK;
}

void world_remove_tie(struct world *w, int e)
{
    assert(e >= 0 && e < w->n_edges);
    if (w->edges[e].active)
        count_event(w, EVENT_TIES_DISSOLVED);
    w->edges[e].active = 0;
}

void world_remove_node(struct world *w, int i)
{
    assert(i >= 0 && i < w->n_nodes);
    if (w->nodes[i].active && w->nodes[i].kind == KIND_LEADER)
        count_event(w, EVENT_LEADERS_KILLED);
    else if (w->nodes[i].active && w->nodes[i].kind == KIND_FACTION)
        count_event(w, EVENT_FACTIONS_DISSOLVED);
    w->nodes[i].active = 0;
    for (int k = 0; k < w->n_inc[i]; k++)
        world_remove_tie(w, w->inc[i][k]);
}

int world_spawn(struct world *w, int f, enum spawn_kind how)
{
    assert(f >= 0 && f < w->n_nodes);
    assert(how == SPAWN_SPLINTER || how == SPAWN_FRONT);
    struct actor *pa = &w->nodes[f];
    if (pa->slot_first < 0 || pa->slots_used >= pa->slot_count)
        return -1;
    int g = pa->slot_first + pa->slots_used++;
    assert(g < w->n_nodes && w->nodes[g].parent == f);
    struct actor *a = &w->nodes[g];
    *a = neutral_actor;
    a->kind = KIND_FACTION;
    a->active = 1;
    a->strength = 0.0;
    a->spawn = how;
    a->parent = f;
    a->patron = -1;
    a->strain = 0.0;
    count_event(w, how == SPAWN_FRONT ? EVENT_FRONTS_CREATED : EVENT_SPLINTERS_CREATED);
    return g;
}

int world_spawn_claim(struct world *w, int f)
{
    int g = world_spawn(w, f, SPAWN_FRONT);
    if (g < 0)
        return -1;
    struct actor *a = &w->nodes[g];
    a->active = 0;
    a->patron = w->nodes[f].patron;
    a->stance = w->nodes[f].stance;
    return g;
}

double world_link(const struct world *w, int a, int b)
{
    assert(a >= 0 && a < w->n_nodes && b >= 0 && b < w->n_nodes);
    int x = w->n_inc[a] <= w->n_inc[b] ? a : b;
    int y = x == a ? b : a;
    double best = 0.0;
    for (int k = 0; k < w->n_inc[x]; k++) {
        const struct tie *e = &w->edges[w->inc[x][k]];
        if (e->active && (e->from == y || e->to == y) && e->weight > best)
            best = e->weight;
    }
    return best;
}

/* Whether tie e is an active tie of a selected type; its other end in *y. */
static int tie_selected(const struct world *w, int x, int e, unsigned types, int *y)
{
    const struct tie *t = &w->edges[e];
    if (!t->active || !(types & WORLD_TIE_BIT(t->type)))
        return 0;
    *y = t->from == x ? t->to : t->from;
    return 1;
}

int world_neighbour(const struct world *w, int x, int k, unsigned types, enum node_kind kind, double *link)
{
    assert(x >= 0 && x < w->n_nodes && k >= 0 && k < w->n_inc[x]);
    int y;
    if (!tie_selected(w, x, w->inc[x][k], types, &y) || !w->nodes[y].active || w->nodes[y].kind != kind)
        return -1;
    int z;
    for (int j = 0; j < k; j++)
        if (tie_selected(w, x, w->inc[x][j], types, &z) && z == y)
            return -1;
    double best = w->edges[w->inc[x][k]].weight;
    for (int j = k + 1; j < w->n_inc[x]; j++)
        if (tie_selected(w, x, w->inc[x][j], types, &z) && z == y && w->edges[w->inc[x][j]].weight > best)
            best = w->edges[w->inc[x][j]].weight;
    *link = best;
    return y;
}

int world_active_nodes(const struct world *w)
{
    int n = 0;
    for (int i = 0; i < w->n_nodes; i++)
        n += w->nodes[i].active != 0;
    return n;
}

int world_active_ties(const struct world *w)
{
    int n = 0;
    for (int e = 0; e < w->n_edges; e++)
        n += w->edges[e].active != 0;
    return n;
}

void world_graph_ws_init(struct world_graph_ws *ws)
{
    memset(ws, 0, sizeof *ws);
    /* A zeroed igraph vector (stor_begin NULL) is what a failed init leaves;
     * world_graph() initialises it on first use, and destroy accepts it. */
}

void world_graph_ws_destroy(struct world_graph_ws *ws)
{
    if (!ws)
        return;
    igraph_vector_int_destroy(&ws->edges);
    free(ws->acc);
    free(ws->touched);
    memset(ws, 0, sizeof *ws);
}

static enum world_status graph_ws_prepare(struct world_graph_ws *ws, int n)
{
    if (ws->edges.stor_begin == NULL && igraph_vector_int_init(&ws->edges, 0) != IGRAPH_SUCCESS)
        return WORLD_ENOMEM;
    if (n <= ws->cap)
        return WORLD_OK;
    double *acc = realloc(ws->acc, (size_t)n * sizeof *acc);
    if (!acc)
        return WORLD_ENOMEM;
    ws->acc = acc;
    int *touched = realloc(ws->touched, (size_t)n * sizeof *touched);
    if (!touched)
        return WORLD_ENOMEM;
    ws->touched = touched;
    for (int i = ws->cap; i < n; i++)
        ws->acc[i] = -1.0;
    ws->cap = n;
    return WORLD_OK;
}

int world_initial_count(const struct world *w, unsigned kind_mask)
{
    int n = 0;
    for (int k = 0; k < KIND_COUNT; k++)
        if (kind_mask & (1u << k))
            n += w->n_initial_kind[k];
    return n;
}

enum world_status world_graph(const struct world *w, igraph_t *g, igraph_vector_t *weights,
                              igraph_vector_int_t *vid2node, int *node2vid, struct world_graph_ws *ws)
{
    return world_graph_filtered(w, WORLD_ALL_KINDS, WORLD_ALL_TIES, g, weights, vid2node, node2vid, ws);
}

enum world_status world_graph_filtered(const struct world *w, unsigned kind_mask, unsigned tie_mask,
                                       igraph_t *g, igraph_vector_t *weights, igraph_vector_int_t *vid2node,
                                       int *node2vid, struct world_graph_ws *ws)
{
    enum world_status rc = graph_ws_prepare(ws, w->n_nodes);
    if (rc != WORLD_OK)
        return rc;
    int nv = 0;
    for (int i = 0; i < w->n_nodes; i++)
        node2vid[i] = w->nodes[i].active && (kind_mask & (1u << w->nodes[i].kind)) ? nv++ : -1;
    if (igraph_vector_int_resize(vid2node, nv) != IGRAPH_SUCCESS)
        return WORLD_ENOMEM;
    for (int i = 0; i < w->n_nodes; i++)
        if (node2vid[i] >= 0)
            VECTOR(*vid2node)[node2vid[i]] = i;
    igraph_vector_int_clear(&ws->edges);
    igraph_vector_clear(weights);

    /* Each pair is emitted by its lower-indexed end u: accumulate the weights
     * of u's active ties to active higher neighbours in acc[v] (marked -1
     * when untouched), then emit one edge per touched v and reset its mark. */
    for (int u = 0; u < w->n_nodes; u++) {
        if (node2vid[u] < 0)
            continue;
        int n_touched = 0;
        for (int k = 0; k < w->n_inc[u]; k++) {
            const struct tie *e = &w->edges[w->inc[u][k]];
            if (!e->active || !(tie_mask & (1u << e->type)))
                continue;
            int v = e->from == u ? e->to : e->from;
            if (v < u || node2vid[v] < 0)
                continue;
            if (ws->acc[v] < 0.0) {
                ws->acc[v] = 0.0;
                ws->touched[n_touched++] = v;
            }
            ws->acc[v] += e->weight;
        }
        for (int j = 0; j < n_touched; j++) {
            int v = ws->touched[j];
            if (igraph_vector_int_push_back(&ws->edges, node2vid[u]) != IGRAPH_SUCCESS ||
                igraph_vector_int_push_back(&ws->edges, node2vid[v]) != IGRAPH_SUCCESS ||
                igraph_vector_push_back(weights, ws->acc[v]) != IGRAPH_SUCCESS) {
                for (int r = j; r < n_touched; r++)
                    ws->acc[ws->touched[r]] = -1.0;
                return WORLD_ENOMEM;
            }
            ws->acc[v] = -1.0;
        }
    }
    igraph_error_t err = igraph_create(g, &ws->edges, nv, IGRAPH_UNDIRECTED);
    if (err == IGRAPH_ENOMEM)
        return WORLD_ENOMEM;
    return err == IGRAPH_SUCCESS ? WORLD_OK : WORLD_EIGRAPH;
}

/* The active agency commanding active faction f, or -1. */
static int active_patron(const struct world *w, int f)
{
    int a = w->nodes[f].patron;
    if (a < 0 || a >= w->n_nodes || !w->nodes[a].active || w->nodes[a].kind != KIND_AGENCY)
        return -1;
    return a;
}

/* Range [*lo, *hi] of the active patrons of active factions; 0 if none. The
 * measures below loop over agencies in this range and factions, O(A * F):
 * scenarios hold a handful of agencies, and the world is const (no scratch). */
static int patron_range(const struct world *w, int *lo, int *hi)
{
    *lo = w->n_nodes;
    *hi = -1;
    for (int f = 0; f < w->n_nodes; f++) {
        if (!w->nodes[f].active || w->nodes[f].kind != KIND_FACTION)
            continue;
        int a = active_patron(w, f);
        if (a < 0)
            continue;
        if (a < *lo)
            *lo = a;
        if (a > *hi)
            *hi = a;
    }
    return *hi >= 0;
}

int world_patron_count(const struct world *w)
{
    int lo, hi;
    if (!patron_range(w, &lo, &hi))
        return 0;
    int count = 0;
    for (int a = lo; a <= hi; a++) {
        if (!w->nodes[a].active || w->nodes[a].kind != KIND_AGENCY)
            continue;
        for (int f = 0; f < w->n_nodes; f++) {
            if (w->nodes[f].active && w->nodes[f].kind == KIND_FACTION && active_patron(w, f) == a) {
                count++;
                break;
            }
        }
    }
    return count;
}

double world_patron_entropy(const struct world *w)
{
    int lo, hi;
    if (!patron_range(w, &lo, &hi))
        return 0.0;
    double total = 0.0;
    for (int f = 0; f < w->n_nodes; f++)
        if (w->nodes[f].active && w->nodes[f].kind == KIND_FACTION && active_patron(w, f) >= 0)
            total += w->nodes[f].strength;
    if (!(total > 0.0))
        return 0.0;
    double h = 0.0;
    for (int a = lo; a <= hi; a++) {
        if (!w->nodes[a].active || w->nodes[a].kind != KIND_AGENCY)
            continue;
        double sa = 0.0;
        for (int f = 0; f < w->n_nodes; f++)
            if (w->nodes[f].active && w->nodes[f].kind == KIND_FACTION && active_patron(w, f) == a)
                sa += w->nodes[f].strength;
        if (sa > 0.0) {
            double q = sa / total;
            h -= q * log(q);
        }
    }
    return h;
}

double world_mean_strength(const struct world *w)
{
    double sum = 0.0;
    int n = 0;
    for (int f = 0; f < w->n_nodes; f++) {
        if (w->nodes[f].active && w->nodes[f].kind == KIND_FACTION) {
            sum += w->nodes[f].strength;
            n++;
        }
    }
    return n > 0 ? sum / n : 0.0;
}

double world_total_funding(const struct world *w)
{
    double sum = 0.0;
    for (int f = 0; f < w->n_nodes; f++)
        if (w->nodes[f].active && w->nodes[f].kind == KIND_FACTION)
            sum += w->nodes[f].income;
    return sum;
}

const char *world_kind_name(enum node_kind k)
{
    return k >= 0 && k < KIND_COUNT ? kind_names[k] : "unknown";
}

const char *world_tie_name(enum tie_type t)
{
    return t >= 0 && t < TIE_COUNT ? tie_names[t] : "unknown";
}

int world_kind_parse(const char *s, enum node_kind *k)
{
    for (int i = 0; i < KIND_COUNT; i++) {
        if (strcmp(s, kind_names[i]) == 0) {
            *k = (enum node_kind)i;
            return 0;
        }
    }
    return -1;
}

int world_tie_parse(const char *s, enum tie_type *t)
{
    for (int i = 0; i < TIE_COUNT; i++) {
        if (strcmp(s, tie_names[i]) == 0) {
            *t = (enum tie_type)i;
            return 0;
        }
    }
    return -1;
}
