/* models/dynamics.c - the endogenous mechanisms of the influence model.
 *
 * One function per mechanism, each the equation of the same number and name
 * in docs/MODEL.md (the sections below carry them, in the order of the list
 * in dynamics.h); dynamics_step() runs them in that order. Within a
 * mechanism nodes are visited in index order and ties in index order, and
 * every random draw comes from the gsl_rng argument, so a replica's path is a
 * function of its stream alone.
 * Workspace: struct dynamics_ws is sized by dynamics_ws_prepare(); its `cap`
 * covers both the node count and the tie count (ws->target is per tie, the
 * other arrays per node), so new ties only ever cost an amortised realloc at
 * the start of a step. ws->tie and ws->util are scratch that dynamics_broker
 * zeroes before use. The actors struck this step belong to the pressures
 * (models/pressure.c); the rally reads them through struct dynamics_struck.
 * Includes: GSL (random draws) and igraph via world.h; no I/O.
 */
#include "models/dynamics.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* Tie types through which an agency pulls on a faction (mechanisms 4 and 8). */
#define PULL_TIES (WORLD_TIE_BIT(TIE_COMMAND) | WORLD_TIE_BIT(TIE_FUNDING))
/* Tie types a rally strengthens: the bonds of people under fire. */
#define RALLY_TIES                                                                                           \
    (WORLD_TIE_BIT(TIE_PERSONAL) | WORLD_TIE_BIT(TIE_COORDINATION) | WORLD_TIE_BIT(TIE_COMMAND))

static double clamp01(double x)
{
    return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

static int is_active_kind(const struct world *w, int i, enum node_kind k)
{
    return i >= 0 && i < w->n_nodes && w->nodes[i].active && w->nodes[i].kind == k;
}

void dynamics_ws_init(struct dynamics_ws *ws)
{
    memset(ws, 0, sizeof *ws);
}

void dynamics_ws_destroy(struct dynamics_ws *ws)
{
    if (!ws)
        return;
    free(ws->util);
    free(ws->draw);
    free(ws->cand);
    free(ws->tie);
    free(ws->target);
    memset(ws, 0, sizeof *ws);
}

/* realloc *p to n elements of size sz; NULL-safe, leaves *p on failure. */
static int resize(void **p, size_t n, size_t sz)
{
    void *q = realloc(*p, n * sz);
    if (!q)
        return WORLD_ENOMEM;
    *p = q;
    return WORLD_OK;
}

int dynamics_ws_prepare(struct dynamics_ws *ws, const struct world *w)
{
    int need = w->n_nodes > w->n_edges ? w->n_nodes : w->n_edges;
    if (need <= ws->cap)
        return WORLD_OK;
    /* Grow by half again at least, so ties added one by one over a run cost
     * amortised O(1) each. */
    int cap = ws->cap + ws->cap / 2;
    if (cap < need)
        cap = need;
    size_t n = (size_t)cap;
    if (resize((void **)&ws->util, n, sizeof *ws->util) || resize((void **)&ws->draw, n, sizeof *ws->draw) ||
        resize((void **)&ws->cand, n, sizeof *ws->cand) || resize((void **)&ws->tie, n, sizeof *ws->tie) ||
        resize((void **)&ws->target, n, sizeof *ws->target))
        return WORLD_ENOMEM;
    size_t old = (size_t)ws->cap;
    memset(ws->tie + old, 0, (n - old) * sizeof *ws->tie);
    memset(ws->util + old, 0, (n - old) * sizeof *ws->util);
    ws->cap = cap;
    return WORLD_OK;
}

/* ---- 1. income (always; it only measures) --------------------------------- */

void dynamics_income(struct world *w)
{
    for (int f = 0; f < w->n_nodes; f++) {
        struct actor *a = &w->nodes[f];
        if (!a->active || a->kind != KIND_FACTION)
            continue;
        double flow = a->revenue;
        for (int k = 0; k < w->n_inc[f]; k++) {
            const struct tie *e = &w->edges[w->inc[f][k]];
            if (!e->active || e->type != TIE_FUNDING || e->to != f)
                continue;
            const struct actor *u = &w->nodes[e->from];
            if (u->active)
                flow += e->weight * u->budget * (1.0 - u->sanction);
        }
        a->income = (1.0 - a->sanction) * flow;
    }
}

/* ---- 2. money ------------------------------------------------------------- */

/* z_f = 1 - m_f, m_f = min(1, Y_f / (nu s_f)), m_f = 1 when nu s_f = 0. */
static double shortfall(const struct actor *a, double need)
{
    double denom = need * a->strength;
    if (denom == 0.0)
        return 0.0;
    double m = a->income / denom;
    return m >= 1.0 ? 0.0 : 1.0 - m;
}

double dynamics_sanction_pressure(const struct world *w, int f)
{
    const struct actor *a = &w->nodes[f];
    double keep = 1.0 - a->sanction;
    if (is_active_kind(w, a->patron, KIND_AGENCY))
        keep *= 1.0 - w->nodes[a->patron].sanction;
    return 1.0 - keep;
}

void dynamics_money(struct world *w, const struct model_params *p)
{
    double nu = p->money.need;
    /* Every z is a function of the pre-step strength: the coordination ties
     * are updated before any strength changes, then each faction's command
     * tie and strength, which is the same as computing all z first. */
    for (int e = 0; e < w->n_edges; e++) {
        struct tie *t = &w->edges[e];
        if (!t->active || t->type != TIE_COORDINATION || w->nodes[t->from].kind != KIND_FACTION ||
            w->nodes[t->to].kind != KIND_FACTION)
            continue;
        double zf = shortfall(&w->nodes[t->from], nu);
        double zg = shortfall(&w->nodes[t->to], nu);
        t->weight *= 1.0 - p->money.cohesion_loss * (zf + zg) / 2.0;
    }
    for (int f = 0; f < w->n_nodes; f++) {
        struct actor *a = &w->nodes[f];
        if (!a->active || a->kind != KIND_FACTION)
            continue;
        double z = shortfall(a, nu);
        double m = 1.0 - z;
        if (a->patron >= 0) {
            int e = world_find_tie(w, f, a->patron, TIE_COMMAND);
            if (e >= 0) {
                w->edges[e].weight *= 1.0 - p->money.loyalty_loss * z;
                /* dependence: sanctions on f or its patron tighten the tie */
                double dep = p->sanctions.dependence * dynamics_sanction_pressure(w, f);
                if (dep > 0.0)
                    w->edges[e].weight += dep * (1.0 - w->edges[e].weight);
            }
        }
        a->strength = clamp01(a->strength + p->money.growth * m * (1.0 - a->strength) -
                              p->money.shortfall_loss * z * a->strength);
    }
}

/* ---- 3. broker binding and rivalry ---------------------------------------- */

/* Whether tie e is an active coordination tie between two active factions. */
static int faction_coordination(const struct world *w, int e)
{
    const struct tie *t = &w->edges[e];
    return t->active && t->type == TIE_COORDINATION && is_active_kind(w, t->from, KIND_FACTION) &&
           is_active_kind(w, t->to, KIND_FACTION);
}

/* mark[l] = max(mark[l], weight) over x's active ties to active nodes of kind k. */
static void mark_binders(const struct world *w, int x, enum node_kind k, double *mark)
{
    for (int j = 0; j < w->n_inc[x]; j++) {
        const struct tie *e = &w->edges[w->inc[x][j]];
        int l = e->from == x ? e->to : e->from;
        if (e->active && w->nodes[l].active && w->nodes[l].kind == k && e->weight > mark[l])
            mark[l] = e->weight;
    }
}

static void clear_leaders(const struct world *w, int x, double *mark)
{
    for (int k = 0; k < w->n_inc[x]; k++) {
        const struct tie *e = &w->edges[w->inc[x][k]];
        mark[e->from == x ? e->to : e->from] = 0.0;
    }
}

/* Sum over active nodes l of kind k (leaders or institutions) of
 * a_l link(l,f) link(l,g), a_l the leader's authority (1 for an institution),
 * O(deg f + deg g): mf[] holds link(l,f), mg[] link(l,g); each is cleared
 * after use. */
static double broker_sum(const struct world *w, int f, int g, enum node_kind k, double *mf, double *mg)
{
    mark_binders(w, f, k, mf);
    mark_binders(w, g, k, mg);
    double sum = 0.0;
    for (int j = 0; j < w->n_inc[g]; j++) {
        const struct tie *e = &w->edges[w->inc[g][j]];
        int l = e->from == g ? e->to : e->from;
        if (mg[l] > 0.0) {
            sum += (k == KIND_LEADER ? w->nodes[l].authority : 1.0) * mf[l] * mg[l];
            mg[l] = 0.0; /* a binder with several ties to g counts once */
        }
    }
    clear_leaders(w, f, mf);
    clear_leaders(w, g, mg);
    return sum;
}

static int shared_patron(const struct world *w, int f, int g)
{
    int pf = w->nodes[f].patron;
    return pf >= 0 && pf == w->nodes[g].patron && is_active_kind(w, pf, KIND_AGENCY);
}

/* 1 when f and g answer to two different active agencies. */
static int rival_patrons(const struct world *w, int f, int g)
{
    int pf = w->nodes[f].patron, pg = w->nodes[g].patron;
    return pf >= 0 && pg >= 0 && pf != pg && is_active_kind(w, pf, KIND_AGENCY) &&
           is_active_kind(w, pg, KIND_AGENCY);
}

void dynamics_broker(struct world *w, const struct model_params *p, struct dynamics_ws *ws)
{
    assert(ws->cap >= w->n_nodes && ws->cap >= w->n_edges && "dynamics_ws_prepare first");
    if (w->n_nodes > 0) {
        memset(ws->tie, 0, (size_t)w->n_nodes * sizeof *ws->tie);
        memset(ws->util, 0, (size_t)w->n_nodes * sizeof *ws->util);
    }
    /* Without an active leader (or a binding institution) no pair is bound:
     * skip the incidence scans (on large generated networks they dominate
     * the step). */
    int leaders = 0, institutions = 0;
    for (int i = 0; i < w->n_nodes; i++) {
        leaders |= w->nodes[i].active && w->nodes[i].kind == KIND_LEADER;
        institutions |= w->nodes[i].active && w->nodes[i].kind == KIND_INSTITUTION;
    }
    institutions &= p->institutions.binding > 0.0;
    /* Coordinated directives are a division of labour: no rivalry penalty. */
    double psi = p->directives.coordinated ? 0.0 : p->broker.rivalry;
    /* Targets from the pre-update weights first, then every update. */
    for (int e = 0; e < w->n_edges; e++) {
        if (!faction_coordination(w, e))
            continue;
        int f = w->edges[e].from, g = w->edges[e].to;
        double b = leaders ? p->broker.binding * broker_sum(w, f, g, KIND_LEADER, ws->tie, ws->util) : 0.0;
        if (institutions)
            b += p->institutions.binding * broker_sum(w, f, g, KIND_INSTITUTION, ws->tie, ws->util);
        double c = p->broker.own_share * w->edges[e].base + b +
                   p->broker.shared_patron * shared_patron(w, f, g) - psi * rival_patrons(w, f, g);
        ws->target[e] = clamp01(c);
    }
    for (int e = 0; e < w->n_edges; e++) {
        if (!faction_coordination(w, e))
            continue;
        w->edges[e].weight += p->broker.relax * (ws->target[e] - w->edges[e].weight);
    }
}

/* ---- 4. directives and strain --------------------------------------------- */

/* D_f: the pi-weighted standard deviation of the directives of the agencies
 * pulling on f; 0 with fewer than two. */
static double directive_spread(const struct world *w, int f)
{
    double sum_pi = 0.0, sum_pd = 0.0, pi;
    int n = 0;
    for (int k = 0; k < w->n_inc[f]; k++) {
        int a = world_neighbour(w, f, k, PULL_TIES, KIND_AGENCY, &pi);
        if (a < 0)
            continue;
        sum_pi += pi;
        sum_pd += pi * w->nodes[a].stance;
        n++;
    }
    if (n < 2 || !(sum_pi > 0.0))
        return 0.0;
    double mean = sum_pd / sum_pi, var = 0.0;
    for (int k = 0; k < w->n_inc[f]; k++) {
        int a = world_neighbour(w, f, k, PULL_TIES, KIND_AGENCY, &pi);
        if (a < 0)
            continue;
        double d = w->nodes[a].stance - mean;
        var += pi * d * d;
    }
    return sqrt(var / sum_pi);
}

void dynamics_directives(struct world *w, const struct model_params *p)
{
    for (int f = 0; f < w->n_nodes; f++) {
        struct actor *a = &w->nodes[f];
        if (!a->active || a->kind != KIND_FACTION)
            continue;
        /* coordinated directives are a division of labour: they add no strain */
        double gain = p->directives.coordinated ? 0.0 : p->directives.strain_gain * directive_spread(w, f);
        a->strain = (1.0 - p->directives.strain_decay) * a->strain + gain;
        if (is_active_kind(w, a->patron, KIND_AGENCY))
            a->stance += p->directives.conformity * (w->nodes[a->patron].stance - a->stance);
    }
}

/* ---- 5. patron choice ----------------------------------------------------- */

double dynamics_tie_strength(const struct world *w, int f, int a)
{
    assert(f >= 0 && f < w->n_nodes && a >= 0 && a < w->n_nodes);
    double t = 0.0;
    int x = w->n_inc[f] <= w->n_inc[a] ? f : a;
    int y = x == f ? a : f;
    for (int k = 0; k < w->n_inc[x]; k++) {
        const struct tie *e = &w->edges[w->inc[x][k]];
        if (e->active && (e->type == TIE_COMMAND || e->type == TIE_FUNDING) && (e->from == y || e->to == y))
            t += e->weight;
    }
    double lf;
    for (int k = 0; k < w->n_inc[f]; k++) {
        int l = world_neighbour(w, f, k, WORLD_TIES_ANY, KIND_LEADER, &lf);
        if (l >= 0)
            t += w->nodes[l].authority * lf * world_link(w, l, a);
    }
    return t;
}

/* Make a the patron of f: weaken the old command tie, raise or create a->f. */
static int switch_patron(struct world *w, const struct model_params *p, int f, int a)
{
    int old = w->nodes[f].patron;
    if (old >= 0) {
        int e = world_find_tie(w, f, old, TIE_COMMAND);
        if (e >= 0)
            w->edges[e].weight *= 1.0 - p->alignment.switch_loss;
    }
    int e = world_find_tie(w, a, f, TIE_COMMAND);
    if (e >= 0) {
        if (w->edges[e].weight < p->alignment.new_tie_weight)
            w->edges[e].weight = p->alignment.new_tie_weight;
    } else if (world_add_tie(w, a, f, TIE_COMMAND, p->alignment.new_tie_weight) < 0) {
        return WORLD_ENOMEM;
    }
    world_set_patron(w, f, a);
    return WORLD_OK;
}

int dynamics_patron(struct world *w, const struct model_params *p, gsl_rng *rng, struct dynamics_ws *ws)
{
    int rc = dynamics_ws_prepare(ws, w);
    if (rc != WORLD_OK)
        return rc;
    /* The candidates (active agencies) and the richest effective budget do
     * not change during this mechanism: collect them once. */
    int n_agencies = 0;
    double bmax = 0.0;
    for (int a = 0; a < w->n_nodes; a++) {
        if (!is_active_kind(w, a, KIND_AGENCY))
            continue;
        ws->cand[n_agencies++] = a;
        double b = w->nodes[a].budget * (1.0 - w->nodes[a].sanction);
        if (b > bmax)
            bmax = b;
    }
    for (int f = 0; f < w->n_nodes; f++) {
        if (!is_active_kind(w, f, KIND_FACTION))
            continue;
        double u = gsl_rng_uniform(rng);
        if (!(u < p->alignment.rate) || n_agencies == 0)
            continue;
        const struct actor *fa = &w->nodes[f];
        /* the bonus for the current patron grows with dependence under sanctions */
        double inertia =
            p->alignment.inertia * (1.0 + p->sanctions.dependence * dynamics_sanction_pressure(w, f));
        double umax = -HUGE_VAL;
        for (int j = 0; j < n_agencies; j++) {
            int a = ws->cand[j];
            const struct actor *ag = &w->nodes[a];
            double t = dynamics_tie_strength(w, f, a);
            if (p->alignment.reach == REACH_TIED && !(t > 0.0) && a != fa->patron) {
                ws->util[j] = -HUGE_VAL; /* out of reach: probability 0 */
                continue;
            }
            double btilde = bmax > 0.0 ? ag->budget * (1.0 - ag->sanction) / bmax : 0.0;
            double util = p->alignment.beta_tie * t + p->alignment.beta_funding * btilde +
                          p->alignment.beta_stance * (1.0 - fabs(fa->stance - ag->stance)) +
                          inertia * (a == fa->patron);
            ws->util[j] = util;
            if (util > umax)
                umax = util;
        }
        if (umax == -HUGE_VAL)
            continue; /* no agency within reach */
        double sum = 0.0;
        for (int j = 0; j < n_agencies; j++) {
            ws->util[j] = exp(ws->util[j] - umax);
            sum += ws->util[j];
        }
        for (int j = 0; j < n_agencies; j++)
            ws->util[j] /= sum;
        gsl_ran_multinomial(rng, (size_t)n_agencies, 1, ws->util, ws->draw);
        int chosen = -1;
        for (int j = 0; j < n_agencies; j++)
            if (ws->draw[j] > 0)
                chosen = ws->cand[j];
        assert(chosen >= 0);
        if (chosen != fa->patron) {
            rc = switch_patron(w, p, f, chosen);
            if (rc != WORLD_OK)
                return rc;
        }
    }
    return WORLD_OK;
}

/* ---- 6. drift away from rival command structures -------------------------- */

int dynamics_command_agency(const struct world *w, int l)
{
    int best = -1;
    double best_w = 0.0, link;
    for (int k = 0; k < w->n_inc[l]; k++) {
        int a = world_neighbour(w, l, k, WORLD_TIE_BIT(TIE_COMMAND), KIND_AGENCY, &link);
        if (a >= 0 && (link > best_w || (link == best_w && best >= 0 && a < best))) {
            best = a;
            best_w = link;
        }
    }
    return best;
}

void dynamics_drift(struct world *w, const struct model_params *p)
{
    double keep = 1.0 - p->alignment.drift;
    if (keep >= 1.0)
        return;
    for (int e = 0; e < w->n_edges; e++) {
        struct tie *t = &w->edges[e];
        if (!t->active || (t->type != TIE_COMMAND && t->type != TIE_PERSONAL))
            continue;
        int f = w->nodes[t->to].kind == KIND_FACTION ? t->to : t->from;
        int x = f == t->to ? t->from : t->to;
        if (!is_active_kind(w, f, KIND_FACTION) || !w->nodes[x].active)
            continue;
        int pf = w->nodes[f].patron;
        if (pf < 0 || !is_active_kind(w, pf, KIND_AGENCY))
            continue; /* no patron: nothing to drift toward */
        int owner = w->nodes[x].kind == KIND_AGENCY   ? x
                    : w->nodes[x].kind == KIND_LEADER ? dynamics_command_agency(w, x)
                                                      : -1;
        if (owner >= 0 && owner != pf)
            t->weight *= keep;
    }
}

/* ---- 7. rally of the struck ----------------------------------------------- */

void dynamics_rally(struct world *w, const struct model_params *p, const struct dynamics_struck *struck)
{
    for (int i = 0; i < struck->n; i++) {
        int x = struck->nodes[i];
        if (!w->nodes[x].active)
            continue;
        for (int k = 0; k < w->n_inc[x]; k++) {
            struct tie *e = &w->edges[w->inc[x][k]];
            if (!e->active || !(RALLY_TIES & WORLD_TIE_BIT(e->type)))
                continue;
            /* A tie between two struck actors rallies once: at its lower end. */
            int y = e->from == x ? e->to : e->from;
            if (struck->is_struck[y] && y < x)
                continue;
            e->weight += p->strikes.rally * (1.0 - e->weight);
        }
    }
}

/* ---- 8. splinters and front groups ---------------------------------------- */

static int spawned_count(const struct world *w, int f, enum spawn_kind how)
{
    const struct actor *a = &w->nodes[f];
    int n = 0;
    for (int j = 0; j < a->slots_used; j++)
        n += w->nodes[a->slot_first + j].spawn == how;
    return n;
}

/* The splinter's patron: among the agencies pulling on f, the one whose
 * directive lies farthest from that of f's patron (lowest index on ties);
 * f's patron if none differs. Without an active patron the faction's own
 * stance is the reference and the answer is -1 if no agency pulls on it. */
static int rival_agency(const struct world *w, int f)
{
    int pf = w->nodes[f].patron;
    int has_patron = is_active_kind(w, pf, KIND_AGENCY);
    double ref = has_patron ? w->nodes[pf].stance : w->nodes[f].stance;
    int best = -1;
    double best_diff = 0.0, pi;
    for (int k = 0; k < w->n_inc[f]; k++) {
        int a = world_neighbour(w, f, k, PULL_TIES, KIND_AGENCY, &pi);
        if (a < 0)
            continue;
        double diff = fabs(w->nodes[a].stance - ref);
        if (diff > best_diff || (diff == best_diff && diff > 0.0 && a < best)) {
            best = a;
            best_diff = diff;
        }
    }
    return best >= 0 ? best : has_patron ? pf : -1;
}

/* Activate a slot of f as a new faction with the given strength share,
 * stance, patron and ties. Returns the new index, -1 when no slot is free,
 * or -2 when a tie could not be stored. */
static int spawn_one(struct world *w, int f, enum spawn_kind how, double share, double stance, int patron,
                     double command_w, double coord_w)
{
    int g = world_spawn(w, f, how);
    if (g < 0)
        return -1;
    struct actor *a = &w->nodes[g];
    a->strength = share * w->nodes[f].strength;
    w->nodes[f].strength -= a->strength;
    a->stance = stance;
    a->patron = patron;
    if (patron >= 0 && world_add_tie(w, patron, g, TIE_COMMAND, command_w) < 0)
        return -2;
    if (world_add_tie(w, f, g, TIE_COORDINATION, coord_w) < 0)
        return -2;
    return g;
}

int dynamics_spawn(struct world *w, const struct model_params *p, gsl_rng *rng, struct dynamics_ws *ws)
{
    (void)ws; /* no scratch needed: kept for a uniform mechanism signature */
    for (int f = 0; f < w->n_base; f++) {
        struct actor *a = &w->nodes[f];
        if (!a->active || a->kind != KIND_FACTION || a->slot_count <= 0)
            continue;
        if (a->strength >= p->splinter.min_strength &&
            spawned_count(w, f, SPAWN_SPLINTER) < p->splinter.max) {
            double prob = 1.0 - exp(-p->splinter.rate * a->strain);
            if (gsl_rng_uniform(rng) < prob) {
                int rival = rival_agency(w, f);
                double stance = rival >= 0 ? w->nodes[rival].stance : a->stance;
                int g = spawn_one(w, f, SPAWN_SPLINTER, p->splinter.share, stance, rival,
                                  p->alignment.new_tie_weight, p->splinter.tie_weight);
                if (g == -2)
                    return WORLD_ENOMEM;
                if (g >= 0)
                    w->nodes[f].strain *= 1.0 - p->splinter.share;
            }
        }
        a = &w->nodes[f];
        if (is_active_kind(w, a->patron, KIND_AGENCY) && spawned_count(w, f, SPAWN_FRONT) < p->fronts.max) {
            double prob = 1.0 - exp(-p->fronts.rate * w->nodes[a->patron].stance);
            if (gsl_rng_uniform(rng) < prob) {
                if (!p->fronts.actors) {
                    world_spawn_claim(w, f); /* a name the attacks are claimed under */
                    continue;
                }
                int g = spawn_one(w, f, SPAWN_FRONT, p->fronts.share, a->stance, a->patron,
                                  p->alignment.new_tie_weight, p->fronts.tie_weight);
                if (g == -2)
                    return WORLD_ENOMEM;
            }
        }
    }
    return WORLD_OK;
}

/* ---- 9. dissolution ------------------------------------------------------- */

void dynamics_dissolve(struct world *w, const struct model_params *p)
{
    for (int e = 0; e < w->n_edges; e++)
        if (w->edges[e].active && w->edges[e].weight < p->ties.min_weight)
            world_remove_tie(w, e);
    for (int f = 0; f < w->n_nodes; f++)
        if (is_active_kind(w, f, KIND_FACTION) && w->nodes[f].strength <= 0.0)
            world_remove_node(w, f);
}

/* ---- the step ----------------------------------------------------------- */

int dynamics_step(struct world *w, const struct model_params *p, const struct dynamics_struck *struck,
                  gsl_rng *rng, struct dynamics_ws *ws)
{
    dynamics_income(w);
    if (!p->dynamics)
        return WORLD_OK;
    int rc = dynamics_ws_prepare(ws, w);
    if (rc != WORLD_OK)
        return rc;
    dynamics_money(w, p);
    dynamics_broker(w, p, ws);
    dynamics_directives(w, p);
    rc = dynamics_patron(w, p, rng, ws);
    if (rc != WORLD_OK)
        return rc;
    dynamics_drift(w, p);
    if (struck)
        dynamics_rally(w, p, struck);
    rc = dynamics_spawn(w, p, rng, ws);
    if (rc != WORLD_OK)
        return rc;
    dynamics_dissolve(w, p);
    return WORLD_OK;
}
