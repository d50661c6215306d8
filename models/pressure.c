/* models/pressure.c - external pressures on the network: sanctions, strikes,
 * decapitation and removal, and the selection of the nodes they hit.
 *
 * pressure_apply() builds the matched set M (active nodes named by the
 * targets, deduplicated, in index order), selects the hit set H from it
 * (listed, random sample, or the highest scores with random tie-breaking) and
 * applies the effect to H in index order. All draws come from the gsl_rng
 * argument. Struck actors are recorded in the pressure workspace (struck list
 * plus is_struck marks, each node once per step), which the rally mechanism
 * reads through pressure_struck(); the dynamics never write it.
 * Workspace: pressure_ws arrays are sized `cap` >= max(nodes, targets) and
 * grow on demand (keeping this step's struck list); ws->key holds cap
 * triples {key, u, node} for ranking.
 * Includes: GSL (draws), igraph via world.h; no I/O.
 */
#include "models/pressure.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* Doubles per ranking record in ws->key: {key, u, node}. */
enum { RANK_FIELDS = 3 };

/* Names by enum value (designated, so that reordering an enum cannot shift them). */
static const char *const type_names[PRESSURE_TYPE_COUNT] = {[PRESSURE_SANCTIONS] = "sanctions",
                                                            [PRESSURE_STRIKES] = "strikes",
                                                            [PRESSURE_DECAPITATION] = "decapitation",
                                                            [PRESSURE_REMOVAL] = "removal",
                                                            [PRESSURE_VISITS] = "visits"};
static const char *const by_names[BY_COUNT] = {[BY_NONE] = "none",         [BY_DEGREE] = "degree",
                                               [BY_STRENGTH] = "strength", [BY_BETWEENNESS] = "betweenness",
                                               [BY_PAGERANK] = "pagerank", [BY_KEY_PLAYER] = "key_player"};
static const char *const select_names[] = {
    [SELECT_LISTED] = "listed", [SELECT_RANDOM] = "random", [SELECT_TARGETED] = "targeted"};

void pressure_ws_init(struct pressure_ws *ws)
{
    memset(ws, 0, sizeof *ws);
}

void pressure_ws_destroy(struct pressure_ws *ws)
{
    if (!ws)
        return;
    free(ws->cand);
    free(ws->key);
    free(ws->order);
    free(ws->struck);
    free(ws->is_struck);
    memset(ws, 0, sizeof *ws);
}

static int ws_reserve(struct pressure_ws *ws, int need)
{
    if (need <= ws->cap)
        return WORLD_OK;
    int *cand = realloc(ws->cand, (size_t)need * sizeof *cand);
    if (!cand)
        return WORLD_ENOMEM;
    ws->cand = cand;
    double *key = realloc(ws->key, (size_t)need * RANK_FIELDS * sizeof *key);
    if (!key)
        return WORLD_ENOMEM;
    ws->key = key;
    int *order = realloc(ws->order, (size_t)need * sizeof *order);
    if (!order)
        return WORLD_ENOMEM;
    ws->order = order;
    int *struck = realloc(ws->struck, (size_t)need * sizeof *struck);
    if (!struck)
        return WORLD_ENOMEM;
    ws->struck = struck;
    unsigned char *is_struck = realloc(ws->is_struck, (size_t)need * sizeof *is_struck);
    if (!is_struck)
        return WORLD_ENOMEM;
    memset(is_struck + ws->cap, 0, (size_t)(need - ws->cap) * sizeof *is_struck);
    ws->is_struck = is_struck;
    ws->cap = need;
    return WORLD_OK;
}

int pressure_active(const struct pressure *p, int t)
{
    return p->from <= t && t <= p->to;
}

int pressure_needs_scores(const struct pressure *p)
{
    return p->select == SELECT_TARGETED &&
           (p->by == BY_DEGREE || p->by == BY_BETWEENNESS || p->by == BY_PAGERANK || p->by == BY_KEY_PLAYER);
}

void pressure_begin_step(struct world *w, struct pressure_ws *ws)
{
    for (int i = 0; i < w->n_nodes; i++)
        w->nodes[i].sanction = 0.0;
    for (int i = 0; i < ws->n_struck; i++)
        ws->is_struck[ws->struck[i]] = 0;
    ws->n_struck = 0;
}

struct dynamics_struck pressure_struck(const struct pressure_ws *ws)
{
    return (struct dynamics_struck){.nodes = ws->struck, .n = ws->n_struck, .is_struck = ws->is_struck};
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Descending key, then ascending tie-break draw u. */
static int cmp_rank(const void *a, const void *b)
{
    const double *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? 1 : -1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

int pressure_matches(const struct world *w, const struct pressure *p, int node)
{
    for (int j = 0; j < p->n_targets; j++) {
        const struct pressure_target *t = &p->targets[j];
        switch (t->type) {
        case TARGET_ALL: return 1;
        case TARGET_KIND:
            assert(t->kind >= 0 && t->kind < KIND_COUNT);
            if (w->nodes[node].kind == t->kind)
                return 1;
            break;
        case TARGET_NODE:
            assert(t->node >= 0 && t->node < w->n_nodes);
            if (t->node == node)
                return 1;
            break;
        }
    }
    return 0;
}

/* M into ws->order (index order, no duplicates); returns N. */
static int matched_set(const struct world *w, const struct pressure *p, struct pressure_ws *ws)
{
    int n = 0;
    for (int i = 0; i < w->n_nodes; i++)
        if (w->nodes[i].active && pressure_matches(w, p, i))
            ws->order[n++] = i;
    return n;
}

/* The number of nodes hit among n matched, for random and targeted selection. */
static int hit_count(const struct pressure *p, int n, gsl_rng *rng)
{
    if (p->type == PRESSURE_STRIKES)
        return (int)gsl_ran_binomial(rng, p->rate, (unsigned int)n);
    long k = lround(p->fraction * n);
    return k < 0 ? 0 : k > n ? n : (int)k;
}

/* H into *hit (index order); returns |H|. */
static int hit_set(const struct world *w, const struct pressure *p, const double *scores, gsl_rng *rng,
                   struct pressure_ws *ws, int n, const int **hit)
{
    if (p->select == SELECT_LISTED) {
        if (p->type != PRESSURE_STRIKES) {
            *hit = ws->order;
            return n;
        }
        int k = 0;
        for (int j = 0; j < n; j++)
            if (gsl_rng_uniform(rng) < p->rate)
                ws->cand[k++] = ws->order[j];
        *hit = ws->cand;
        return k;
    }
    int k = hit_count(p, n, rng);
    *hit = ws->cand;
    if (p->select == SELECT_RANDOM) {
        if (k > 0)
            gsl_ran_choose(rng, ws->cand, (size_t)k, ws->order, (size_t)n, sizeof *ws->cand);
        return k;
    }
    assert(p->select == SELECT_TARGETED);
    assert(!pressure_needs_scores(p) || scores);
    for (int j = 0; j < n; j++) {
        int x = ws->order[j];
        double key = p->by == BY_STRENGTH ? w->nodes[x].strength : p->by == BY_NONE ? 0.0 : scores[x];
        double *r = ws->key + (size_t)j * RANK_FIELDS;
        r[0] = isnan(key) ? -HUGE_VAL : key; /* a total order for qsort */
        r[1] = gsl_rng_uniform(rng);
        r[2] = x;
    }
    qsort(ws->key, (size_t)n, RANK_FIELDS * sizeof *ws->key, cmp_rank);
    for (int j = 0; j < k; j++)
        ws->cand[j] = (int)ws->key[(size_t)j * RANK_FIELDS + 2];
    qsort(ws->cand, (size_t)k, sizeof *ws->cand, cmp_int);
    return k;
}

static void mark_struck(struct pressure_ws *ws, int x)
{
    if (ws->is_struck[x])
        return;
    ws->is_struck[x] = 1;
    ws->struck[ws->n_struck++] = x;
}

/* One strike on x: strength loss, leader kills, removal at zero. */
static int strike(struct world *w, const struct pressure *p, const struct model_params *mp, gsl_rng *rng,
                  struct pressure_ws *ws, int x)
{
    double eta = mp->succession.share;
    double kill = p->kill >= 0.0 ? p->kill : mp->strikes.leader_kill;
    w->nodes[x].strength -= p->severity;
    mark_struck(ws, x);
    if (w->nodes[x].kind == KIND_FACTION) {
        /* The leaders tied to x when the strike lands; a successor who
         * inherits a tie during this loop is not at risk from this strike. */
        int n = w->n_inc[x];
        double link;
        for (int k = 0; k < n; k++) {
            int l = world_neighbour(w, x, k, WORLD_TIES_ANY, KIND_LEADER, &link);
            if (l < 0 || !(link > 0.0))
                continue;
            double prob = kill * link < 1.0 ? kill * link : 1.0;
            if (gsl_rng_uniform(rng) < prob) {
                int rc = pressure_decapitate(w, l, eta);
                if (rc != WORLD_OK)
                    return rc;
            }
        }
    }
    if (w->nodes[x].strength <= 0.0) {
        w->nodes[x].strength = 0.0;
        if (w->nodes[x].kind == KIND_LEADER) {
            int rc = pressure_decapitate(w, x, eta);
            if (rc != WORLD_OK)
                return rc;
        } else {
            world_remove_node(w, x);
        }
    }
    return WORLD_OK;
}

int pressure_apply(struct world *w, const struct pressure *p, int t, const struct model_params *mp,
                   const double *scores, gsl_rng *rng, struct pressure_ws *ws)
{
    if (!pressure_active(p, t))
        return WORLD_OK;
    int need = w->n_nodes > p->n_targets ? w->n_nodes : p->n_targets;
    int rc = ws_reserve(ws, need);
    if (rc != WORLD_OK)
        return rc;
    int n = matched_set(w, p, ws);
    const int *hit;
    int k = hit_set(w, p, scores, rng, ws, n, &hit);
    for (int j = 0; j < k; j++) {
        int x = hit[j];
        /* An earlier hit of this pressure (a kill, a succession) may have removed x. */
        if (!w->nodes[x].active)
            continue;
        struct actor *a = &w->nodes[x];
        switch (p->type) {
        case PRESSURE_SANCTIONS: a->sanction = 1.0 - (1.0 - a->sanction) * (1.0 - p->intensity); break;
        case PRESSURE_STRIKES: rc = strike(w, p, mp, rng, ws, x); break;
        case PRESSURE_DECAPITATION:
            if (a->kind == KIND_LEADER)
                rc = pressure_decapitate(w, x, p->share >= 0.0 ? p->share : mp->succession.share);
            else
                world_remove_node(w, x);
            break;
        case PRESSURE_REMOVAL: world_remove_node(w, x); break;
        case PRESSURE_VISITS: pressure_visit(w, x, p->intensity); break;
        default: assert(0 && "unknown pressure type");
        }
        if (rc != WORLD_OK)
            return rc;
    }
    return WORLD_OK;
}

void pressure_visit(struct world *w, int l, double intensity)
{
    for (int k = 0; k < w->n_inc[l]; k++) {
        struct tie *t = &w->edges[w->inc[l][k]];
        if (!t->active || (t->type != TIE_PERSONAL && t->type != TIE_COMMAND && t->type != TIE_COORDINATION))
            continue;
        int x = t->from == l ? t->to : t->from;
        if (w->nodes[x].active && w->nodes[x].kind == KIND_FACTION)
            t->weight += intensity * (1.0 - t->weight);
    }
}

int pressure_decapitate(struct world *w, int l, double share)
{
    assert(l >= 0 && l < w->n_nodes);
    int q = w->nodes[l].successor;
    if (q >= 0 && q != l && w->nodes[q].active && w->nodes[l].active) {
        /* inc[l] does not grow here (new ties join q and x), but edges and
         * other incidence lists may be reallocated: index, never hold. */
        int n = w->n_inc[l];
        for (int k = 0; k < n; k++) {
            int e = w->inc[l][k];
            struct tie te = w->edges[e];
            int x = te.from == l ? te.to : te.from;
            if (!te.active || x == q || !w->nodes[x].active)
                continue;
            double inherit = share * te.weight;
            int f = world_find_tie(w, q, x, te.type);
            if (f >= 0) {
                if (w->edges[f].weight < inherit)
                    w->edges[f].weight = inherit;
            } else if (inherit > 0.0) {
                int from = te.from == l ? q : x;
                int to = te.from == l ? x : q;
                if (world_add_tie(w, from, to, te.type, inherit) < 0)
                    return WORLD_ENOMEM;
            }
        }
    }
    world_remove_node(w, l);
    return WORLD_OK;
}

const char *pressure_type_name(enum pressure_type t)
{
    return t >= 0 && t < PRESSURE_TYPE_COUNT ? type_names[t] : "unknown";
}

const char *pressure_by_name(enum pressure_by b)
{
    return b >= 0 && b < BY_COUNT ? by_names[b] : "unknown";
}

const char *pressure_select_name(enum pressure_select s)
{
    return s >= SELECT_LISTED && s <= SELECT_TARGETED ? select_names[s] : "unknown";
}
