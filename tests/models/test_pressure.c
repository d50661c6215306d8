/* tests/models/test_pressure.c - unit tests of models/pressure.c: target matching,
 * listed/random/targeted selection, and the effects of sanctions, strikes,
 * decapitation and removal. Expected values are worked out by hand in the
 * comment beside each assertion; seeds are fixed.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "models/dynamics.h"
#include "models/params.h"
#include "models/pressure.h"
#include "models/world.h"

/* Tolerance for values computed in a few floating-point operations. */
#define EPS 1e-12

#define assert_close(a, b)                                                                                   \
    do {                                                                                                     \
        double a_ = (a), b_ = (b);                                                                           \
        if (!(fabs(a_ - b_) <= EPS))                                                                         \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                                              \
    } while (0)

/* Fixed seed of every test stream. */
enum { SEED = 20200103 };

/* Everything a test needs to apply pressures. */
struct fixture {
    struct world w;
    struct model_params mp;
    struct pressure_ws ws;
    gsl_rng *rng;
};

static void fixture_init(struct fixture *fx, unsigned long seed)
{
    world_init(&fx->w);
    params_default(&fx->mp);
    pressure_ws_init(&fx->ws);
    fx->rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(fx->rng);
    gsl_rng_set(fx->rng, seed);
}

static void fixture_destroy(struct fixture *fx)
{
    world_destroy(&fx->w);
    pressure_ws_destroy(&fx->ws);
    gsl_rng_free(fx->rng);
}

static int apply(struct fixture *fx, const struct pressure *p, int t, const double *scores)
{
    return pressure_apply(&fx->w, p, t, &fx->mp, scores, fx->rng, &fx->ws);
}

/* A pressure of the given type acting at step 0 on the given targets. */
static struct pressure make(enum pressure_type type, struct pressure_target *tg, int n)
{
    struct pressure p = {.type = type,
                         .from = 0,
                         .to = 0,
                         .targets = tg,
                         .n_targets = n,
                         .select = SELECT_LISTED,
                         .by = BY_NONE,
                         .share = -1.0,
                         .kill = -1.0};
    return p;
}

static struct pressure_target node_target(int i)
{
    return (struct pressure_target){.type = TARGET_NODE, .node = i};
}

static struct pressure_target kind_target(enum node_kind k)
{
    return (struct pressure_target){.type = TARGET_KIND, .kind = k};
}

/* n factions in a ring of coordination ties. */
static void build_ring(struct world *w, int n)
{
    for (int i = 0; i < n; i++)
        world_add_node(w, KIND_FACTION);
    for (int i = 0; i < n; i++)
        world_add_tie(w, i, (i + 1) % n, TIE_COORDINATION, 0.5);
    world_seal(w);
}

/* The one matching rule: a node id, a kind, or all; any target of the list
 * matches; activity is not part of it (selection skips inactive nodes). */
static void test_pressure_matches_id_kind_all(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int a = world_add_node(&fx.w, KIND_AGENCY);
    int l = world_add_node(&fx.w, KIND_LEADER);
    int f = world_add_node(&fx.w, KIND_FACTION);
    int g = world_add_node(&fx.w, KIND_FACTION);
    world_seal(&fx.w);
    struct pressure_target tg[2] = {node_target(a), kind_target(KIND_FACTION)};
    struct pressure p = make(PRESSURE_REMOVAL, tg, 2);
    assert_int_equal(pressure_matches(&fx.w, &p, a), 1); /* by id */
    assert_int_equal(pressure_matches(&fx.w, &p, l), 0); /* neither its id nor its kind */
    assert_int_equal(pressure_matches(&fx.w, &p, f), 1); /* by kind */
    fx.w.nodes[g].active = 0;
    assert_int_equal(pressure_matches(&fx.w, &p, g), 1); /* matched even when inactive */
    p.n_targets = 1;
    assert_int_equal(pressure_matches(&fx.w, &p, f), 0); /* only the id now */
    struct pressure_target all = {.type = TARGET_ALL};
    struct pressure q = make(PRESSURE_REMOVAL, &all, 1);
    for (int i = 0; i < fx.w.n_nodes; i++)
        assert_int_equal(pressure_matches(&fx.w, &q, i), 1);
    struct pressure none = make(PRESSURE_REMOVAL, NULL, 0);
    assert_int_equal(pressure_matches(&fx.w, &none, a), 0);
    fixture_destroy(&fx);
}

/* The struck list lives in the pressure workspace: a later pressure of the
 * same step that grows the workspace keeps it, and pressure_struck shows it. */
static void test_pressure_struck_list_survives_growth(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int f = world_add_node(&fx.w, KIND_FACTION);
    world_add_node(&fx.w, KIND_FACTION);
    world_seal(&fx.w);
    struct pressure_target tf = node_target(f);
    struct pressure p = make(PRESSURE_STRIKES, &tf, 1);
    p.rate = 1.0;
    p.severity = 0.1;
    p.kill = 0.0;
    pressure_begin_step(&fx.w, &fx.ws);
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    int cap = fx.ws.cap;
    /* more targets than the workspace holds (the same node, listed over and over) */
    enum { MANY = 64 };
    struct pressure_target many[MANY];
    for (int i = 0; i < MANY; i++)
        many[i] = node_target(f);
    struct pressure q = make(PRESSURE_SANCTIONS, many, MANY);
    q.intensity = 0.5;
    assert_int_equal(apply(&fx, &q, 0, NULL), WORLD_OK);
    assert_true(fx.ws.cap > cap);
    struct dynamics_struck st = pressure_struck(&fx.ws);
    assert_int_equal(st.n, 1);
    assert_int_equal(st.nodes[0], f);
    assert_int_equal(st.is_struck[f], 1);
    assert_int_equal(st.is_struck[1], 0);
    fixture_destroy(&fx);
}

static void test_pressure_active_windows(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int a = world_add_node(&fx.w, KIND_AGENCY);
    world_seal(&fx.w);
    struct pressure_target tg = node_target(a);
    struct pressure p = make(PRESSURE_SANCTIONS, &tg, 1);
    p.from = 2;
    p.to = 5;
    p.intensity = 0.5;
    assert_int_equal(pressure_active(&p, 1), 0);
    assert_int_equal(pressure_active(&p, 2), 1);
    assert_int_equal(pressure_active(&p, 5), 1);
    assert_int_equal(pressure_active(&p, 6), 0);
    /* outside its window a pressure does nothing */
    assert_int_equal(apply(&fx, &p, 6, NULL), WORLD_OK);
    assert_close(fx.w.nodes[a].sanction, 0.0);
    assert_int_equal(apply(&fx, &p, 3, NULL), WORLD_OK);
    assert_close(fx.w.nodes[a].sanction, 0.5);
    fixture_destroy(&fx);
}

static void test_pressure_sanctions_combine(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int a = world_add_node(&fx.w, KIND_AGENCY);
    int f = world_add_node(&fx.w, KIND_FACTION);
    world_seal(&fx.w);
    struct pressure_target ta = node_target(a);
    struct pressure p1 = make(PRESSURE_SANCTIONS, &ta, 1), p2 = p1;
    p1.intensity = 0.4;
    p2.intensity = 0.5;
    pressure_begin_step(&fx.w, &fx.ws);
    assert_int_equal(apply(&fx, &p1, 0, NULL), WORLD_OK);
    assert_int_equal(apply(&fx, &p2, 0, NULL), WORLD_OK);
    /* 1 - (1 - 0.4)(1 - 0.5) = 0.7 */
    assert_close(fx.w.nodes[a].sanction, 0.7);
    assert_close(fx.w.nodes[f].sanction, 0.0);
    /* a new step starts unsanctioned */
    pressure_begin_step(&fx.w, &fx.ws);
    assert_close(fx.w.nodes[a].sanction, 0.0);
    fixture_destroy(&fx);
}

static void test_pressure_selectors_kind_all(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int a = world_add_node(&fx.w, KIND_AGENCY);
    int b = world_add_node(&fx.w, KIND_AGENCY);
    int l = world_add_node(&fx.w, KIND_LEADER);
    int f = world_add_node(&fx.w, KIND_FACTION);
    int g = world_add_node(&fx.w, KIND_FACTION);
    int gone = world_add_node(&fx.w, KIND_AGENCY);
    world_remove_node(&fx.w, gone);
    world_seal(&fx.w);

    /* kind:agency hits the active agencies only */
    struct pressure_target tk = kind_target(KIND_AGENCY);
    struct pressure p = make(PRESSURE_SANCTIONS, &tk, 1);
    p.intensity = 0.5;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_close(fx.w.nodes[a].sanction, 0.5);
    assert_close(fx.w.nodes[b].sanction, 0.5);
    assert_close(fx.w.nodes[gone].sanction, 0.0);
    assert_close(fx.w.nodes[l].sanction, 0.0);
    assert_close(fx.w.nodes[f].sanction, 0.0);

    /* f named and matched by kind:faction, twice by name: hit once, 0.2 */
    pressure_begin_step(&fx.w, &fx.ws);
    struct pressure_target mix[4] = {node_target(f), kind_target(KIND_FACTION), node_target(f),
                                     node_target(l)};
    p = make(PRESSURE_SANCTIONS, mix, 4);
    p.intensity = 0.2;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_close(fx.w.nodes[f].sanction, 0.2);
    assert_close(fx.w.nodes[g].sanction, 0.2);
    assert_close(fx.w.nodes[l].sanction, 0.2);
    assert_close(fx.w.nodes[a].sanction, 0.0);

    /* a named node listed twice, without kinds: still once */
    pressure_begin_step(&fx.w, &fx.ws);
    struct pressure_target twice[3] = {node_target(b), node_target(gone), node_target(b)};
    p = make(PRESSURE_SANCTIONS, twice, 3);
    p.intensity = 0.2;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_close(fx.w.nodes[b].sanction, 0.2);
    assert_close(fx.w.nodes[gone].sanction, 0.0); /* inactive: not matched */

    /* all: every active node, removed ones excepted */
    pressure_begin_step(&fx.w, &fx.ws);
    struct pressure_target tall = {.type = TARGET_ALL};
    p = make(PRESSURE_SANCTIONS, &tall, 1);
    p.intensity = 0.3;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    for (int i = 0; i < fx.w.n_nodes; i++)
        assert_close(fx.w.nodes[i].sanction, i == gone ? 0.0 : 0.3);
    fixture_destroy(&fx);
}

static void test_pressure_strikes_strength_and_removal(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int f = world_add_node(&fx.w, KIND_FACTION);
    int g = world_add_node(&fx.w, KIND_FACTION);
    int e = world_add_tie(&fx.w, f, g, TIE_COORDINATION, 0.5);
    fx.w.nodes[f].strength = 0.5;
    world_seal(&fx.w);
    struct pressure_target tf = node_target(f);
    struct pressure p = make(PRESSURE_STRIKES, &tf, 1);
    p.rate = 1.0;
    p.severity = 0.3;
    p.kill = 0.0;
    pressure_begin_step(&fx.w, &fx.ws);
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    /* 0.5 - 0.3 = 0.2; f is on the struck list */
    assert_close(fx.w.nodes[f].strength, 0.2);
    assert_int_equal(fx.w.nodes[f].active, 1);
    assert_int_equal(fx.ws.n_struck, 1);
    assert_int_equal(fx.ws.struck[0], f);
    assert_int_equal(fx.ws.is_struck[f], 1);
    /* a second strike in the same step: 0.2 - 0.3 < 0: removed at 0, its
     * ties gone, listed once */
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_close(fx.w.nodes[f].strength, 0.0);
    assert_int_equal(fx.w.nodes[f].active, 0);
    assert_int_equal(fx.w.edges[e].active, 0);
    assert_int_equal(fx.ws.n_struck, 1);
    /* the next step clears the list and the marks */
    pressure_begin_step(&fx.w, &fx.ws);
    assert_int_equal(fx.ws.n_struck, 0);
    assert_int_equal(fx.ws.is_struck[f], 0);
    /* rate 0: never hit */
    struct pressure_target tg = node_target(g);
    p.targets = &tg;
    p.rate = 0.0;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_close(fx.w.nodes[g].strength, 1.0);
    assert_int_equal(fx.ws.n_struck, 0);
    fixture_destroy(&fx);
}

static void test_pressure_strikes_listed_rate(void **state)
{
    (void)state;
    /* listed strikes: each matched node is hit with probability rate */
    enum { N = 2000 };
    struct fixture fx;
    fixture_init(&fx, SEED);
    build_ring(&fx.w, N);
    struct pressure_target tk = kind_target(KIND_FACTION);
    struct pressure p = make(PRESSURE_STRIKES, &tk, 1);
    p.rate = 0.25;
    p.severity = 0.1;
    p.kill = 0.0;
    pressure_begin_step(&fx.w, &fx.ws);
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    /* Binomial(2000, 0.25): mean 500, sd 19.4; 4 sigma */
    assert_true(fabs(fx.ws.n_struck - 500.0) <= 4 * sqrt(N * 0.25 * 0.75));
    int hit = 0;
    for (int i = 0; i < N; i++)
        hit += fx.w.nodes[i].strength < 1.0;
    assert_int_equal(hit, fx.ws.n_struck);
    /* random strikes: k ~ Binomial(N, rate) then a uniform sample */
    pressure_begin_step(&fx.w, &fx.ws);
    p.select = SELECT_RANDOM;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_true(fabs(fx.ws.n_struck - 500.0) <= 4 * sqrt(N * 0.25 * 0.75));
    pressure_begin_step(&fx.w, &fx.ws);
    p.rate = 1.0;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_int_equal(fx.ws.n_struck, N);
    fixture_destroy(&fx);
}

static void test_pressure_strike_kills_leader(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int f = world_add_node(&fx.w, KIND_FACTION);
    int g = world_add_node(&fx.w, KIND_FACTION);
    int l = world_add_node(&fx.w, KIND_LEADER);
    int q = world_add_node(&fx.w, KIND_LEADER);
    int far = world_add_node(&fx.w, KIND_LEADER);
    fx.w.nodes[l].successor = q;
    world_add_tie(&fx.w, l, f, TIE_PERSONAL, 1.0);
    world_add_tie(&fx.w, l, g, TIE_PERSONAL, 0.6);
    world_add_tie(&fx.w, far, g, TIE_PERSONAL, 1.0); /* not tied to f: safe */
    world_seal(&fx.w);
    fx.mp.succession.share = 0.5;
    struct pressure_target tf = node_target(f);
    struct pressure p = make(PRESSURE_STRIKES, &tf, 1);
    p.rate = 1.0;
    p.severity = 0.1;
    p.kill = 1.0; /* P(kill) = min(1, 1 * 1) = 1 */
    pressure_begin_step(&fx.w, &fx.ws);
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_int_equal(fx.w.nodes[l].active, 0);
    assert_int_equal(fx.w.nodes[far].active, 1);
    assert_int_equal(fx.w.nodes[f].active, 1);
    assert_close(fx.w.nodes[f].strength, 0.9);
    /* the successor inherits share * w of each tie: 0.5 and 0.3 */
    int qf = world_find_tie(&fx.w, q, f, TIE_PERSONAL);
    int qg = world_find_tie(&fx.w, q, g, TIE_PERSONAL);
    assert_true(qf >= 0 && qg >= 0);
    assert_close(fx.w.edges[qf].weight, 0.5);
    assert_close(fx.w.edges[qg].weight, 0.3);
    assert_int_equal(fx.w.edges[qf].from, q);
    /* the successor who took the tie during the strike was not at risk */
    assert_int_equal(fx.w.nodes[q].active, 1);
    /* kill 0 spares leaders; kill < 0 falls back to strikes.leader_kill */
    p.kill = 0.0;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_int_equal(fx.w.nodes[q].active, 1);
    p.kill = -1.0;
    fx.mp.strikes.leader_kill = 1.0; /* with link 0.5: P = 0.5 per strike */
    int strikes = 0;
    while (fx.w.nodes[q].active && strikes < 200) {
        fx.w.nodes[f].strength = 1.0;
        assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
        strikes++;
    }
    assert_int_equal(fx.w.nodes[q].active, 0);
    fixture_destroy(&fx);
}

static void test_pressure_strike_removes_leader_with_succession(void **state)
{
    (void)state;
    /* a leader struck to zero strength is decapitated: his successor inherits */
    struct fixture fx;
    fixture_init(&fx, SEED);
    int l = world_add_node(&fx.w, KIND_LEADER);
    int q = world_add_node(&fx.w, KIND_LEADER);
    int f = world_add_node(&fx.w, KIND_FACTION);
    fx.w.nodes[l].successor = q;
    fx.w.nodes[l].strength = 0.2;
    world_add_tie(&fx.w, l, f, TIE_PERSONAL, 0.8);
    world_seal(&fx.w);
    fx.mp.succession.share = 0.25;
    struct pressure_target tl = node_target(l);
    struct pressure p = make(PRESSURE_STRIKES, &tl, 1);
    p.rate = 1.0;
    p.severity = 0.5;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_int_equal(fx.w.nodes[l].active, 0);
    assert_close(fx.w.nodes[l].strength, 0.0);
    assert_close(fx.w.edges[world_find_tie(&fx.w, q, f, TIE_PERSONAL)].weight, 0.2);
    fixture_destroy(&fx);
}

static void test_pressure_visits_strengthen_ties_to_factions(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int l = world_add_node(&fx.w, KIND_LEADER);
    int f = world_add_node(&fx.w, KIND_FACTION);
    int g = world_add_node(&fx.w, KIND_FACTION);
    int a = world_add_node(&fx.w, KIND_AGENCY);
    int lf = world_add_tie(&fx.w, l, f, TIE_PERSONAL, 0.3);
    int gl = world_add_tie(&fx.w, g, l, TIE_COORDINATION, 0.5);
    int lg = world_add_tie(&fx.w, l, g, TIE_FUNDING, 0.5); /* money is not a visit's to give */
    int al = world_add_tie(&fx.w, a, l, TIE_COMMAND, 0.4); /* not a faction */
    world_seal(&fx.w);
    struct pressure_target tl = node_target(l);
    struct pressure p = make(PRESSURE_VISITS, &tl, 1);
    p.from = 1;
    p.to = 2;
    p.intensity = 0.2;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK); /* not active at step 0 */
    assert_close(fx.w.edges[lf].weight, 0.3);
    assert_int_equal(apply(&fx, &p, 1, NULL), WORLD_OK);
    assert_close(fx.w.edges[lf].weight, 0.3 + 0.2 * 0.7); /* 0.44 */
    assert_close(fx.w.edges[gl].weight, 0.5 + 0.2 * 0.5); /* 0.6 */
    assert_close(fx.w.edges[lg].weight, 0.5);
    assert_close(fx.w.edges[al].weight, 0.4);
    assert_int_equal(apply(&fx, &p, 2, NULL), WORLD_OK);
    assert_close(fx.w.edges[lf].weight, 0.44 + 0.2 * 0.56);
    assert_string_equal(pressure_type_name(PRESSURE_VISITS), "visits");
    fixture_destroy(&fx);
}

static void test_pressure_decapitation(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int l = world_add_node(&fx.w, KIND_LEADER);
    int q = world_add_node(&fx.w, KIND_LEADER);
    int f = world_add_node(&fx.w, KIND_FACTION);
    int g = world_add_node(&fx.w, KIND_FACTION);
    int a = world_add_node(&fx.w, KIND_AGENCY);
    fx.w.nodes[l].successor = q;
    world_add_tie(&fx.w, l, f, TIE_PERSONAL, 0.8);
    world_add_tie(&fx.w, a, l, TIE_COMMAND, 0.5);  /* l at the `to` end */
    world_add_tie(&fx.w, l, q, TIE_PERSONAL, 0.9); /* to the successor himself: not inherited */
    int old = world_add_tie(&fx.w, q, g, TIE_PERSONAL, 0.3);
    world_add_tie(&fx.w, l, g, TIE_PERSONAL, 0.4);
    world_add_tie(&fx.w, g, l, TIE_POLITICAL, 0.0); /* share * 0 = 0: not created */
    world_seal(&fx.w);
    struct pressure_target tl = node_target(l);
    struct pressure p = make(PRESSURE_DECAPITATION, &tl, 1);
    p.share = 0.5;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_int_equal(fx.w.nodes[l].active, 0);
    /* q: f 0.4 (new), a -> q command 0.25 (new, q at the `to` end),
     * g: existing 0.3 vs 0.5 * 0.4 = 0.2 -> keeps max 0.3 */
    int qf = world_find_tie(&fx.w, q, f, TIE_PERSONAL);
    int aq = world_find_tie(&fx.w, a, q, TIE_COMMAND);
    assert_close(fx.w.edges[qf].weight, 0.4);
    assert_close(fx.w.edges[aq].weight, 0.25);
    assert_int_equal(fx.w.edges[aq].from, a);
    assert_int_equal(fx.w.edges[aq].to, q);
    assert_int_equal(world_find_tie(&fx.w, q, g, TIE_PERSONAL), old);
    assert_close(fx.w.edges[old].weight, 0.3);
    assert_int_equal(world_find_tie(&fx.w, q, g, TIE_POLITICAL), -1);
    /* active ties: q-g, q-f, a-q */
    assert_int_equal(world_active_ties(&fx.w), 3);
    fixture_destroy(&fx);
}

static void test_pressure_decapitation_defaults_and_edges(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    int l = world_add_node(&fx.w, KIND_LEADER);
    int q = world_add_node(&fx.w, KIND_LEADER);
    int m = world_add_node(&fx.w, KIND_LEADER);
    int f = world_add_node(&fx.w, KIND_FACTION);
    fx.w.nodes[l].successor = q;
    fx.w.nodes[m].successor = l; /* successor removed by then: nobody inherits */
    world_add_tie(&fx.w, l, f, TIE_PERSONAL, 0.8);
    world_add_tie(&fx.w, m, f, TIE_COORDINATION, 0.6);
    world_seal(&fx.w);
    fx.mp.succession.share = 0.25;
    /* share < 0: succession.share applies, 0.25 * 0.8 = 0.2; the targets
     * are decapitated in index order, so l goes before m */
    struct pressure_target tg[3] = {node_target(m), node_target(l), node_target(f)};
    struct pressure p = make(PRESSURE_DECAPITATION, tg, 2);
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_close(fx.w.edges[world_find_tie(&fx.w, q, f, TIE_PERSONAL)].weight, 0.2);
    assert_int_equal(fx.w.nodes[m].active, 0);
    assert_int_equal(world_find_tie(&fx.w, q, f, TIE_COORDINATION), -1);
    /* a non-leader target is simply removed */
    p = make(PRESSURE_DECAPITATION, &tg[2], 1);
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_int_equal(fx.w.nodes[f].active, 0);
    /* decapitating a leader without a successor just removes him */
    assert_int_equal(pressure_decapitate(&fx.w, q, 1.0), WORLD_OK);
    assert_int_equal(fx.w.nodes[q].active, 0);
    assert_int_equal(world_active_ties(&fx.w), 0);
    fixture_destroy(&fx);
}

static void test_pressure_random_removal_count(void **state)
{
    (void)state;
    enum { N = 20 };
    for (unsigned long seed = 1; seed <= 10; seed++) {
        struct fixture fx;
        fixture_init(&fx, seed);
        build_ring(&fx.w, N);
        struct pressure_target tall = {.type = TARGET_ALL};
        struct pressure p = make(PRESSURE_REMOVAL, &tall, 1);
        p.select = SELECT_RANDOM;
        p.fraction = 0.33; /* round(0.33 * 20) = round(6.6) = 7 */
        assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
        assert_int_equal(world_active_nodes(&fx.w), N - 7);
        /* of the 13 left, round(0.5 * 13) = round(6.5) = 7 more */
        p.fraction = 0.5;
        assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
        assert_int_equal(world_active_nodes(&fx.w), 6);
        /* fraction 0 removes none, fraction 1 removes all */
        p.fraction = 0.0;
        assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
        assert_int_equal(world_active_nodes(&fx.w), 6);
        p.fraction = 1.0;
        assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
        assert_int_equal(world_active_nodes(&fx.w), 0);
        assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK); /* empty M */
        fixture_destroy(&fx);
    }
}

static void test_pressure_random_removal_uniform(void **state)
{
    (void)state;
    /* each node is removed with probability k / N = 1/4 over replicas */
    enum { N = 8, REPS = 4000 };
    int removed[N] = {0};
    struct fixture fx;
    fixture_init(&fx, SEED);
    struct world tpl;
    world_init(&tpl);
    build_ring(&tpl, N);
    struct pressure_target tall = {.type = TARGET_ALL};
    struct pressure p = make(PRESSURE_REMOVAL, &tall, 1);
    p.select = SELECT_RANDOM;
    p.fraction = 0.25;
    for (int r = 0; r < REPS; r++) {
        world_copy(&fx.w, &tpl);
        assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
        for (int i = 0; i < N; i++)
            removed[i] += !fx.w.nodes[i].active;
    }
    for (int i = 0; i < N; i++)
        assert_true(fabs(removed[i] - REPS * 0.25) <= 4 * sqrt(REPS * 0.25 * 0.75));
    world_destroy(&tpl);
    fixture_destroy(&fx);
}

static void test_pressure_targeted_by_scores(void **state)
{
    (void)state;
    enum { N = 10 };
    struct fixture fx;
    fixture_init(&fx, SEED);
    build_ring(&fx.w, N);
    /* hand-given scores: the top three are nodes 7, 2, 9 */
    double scores[N] = {1, 2, 9, 3, 0.5, 4, 2.5, 10, 1.5, 8};
    struct pressure_target tall = {.type = TARGET_ALL};
    struct pressure p = make(PRESSURE_REMOVAL, &tall, 1);
    p.select = SELECT_TARGETED;
    p.by = BY_DEGREE;
    p.fraction = 0.3; /* k = 3 */
    assert_int_equal(pressure_needs_scores(&p), 1);
    assert_int_equal(apply(&fx, &p, 0, scores), WORLD_OK);
    for (int i = 0; i < N; i++)
        assert_int_equal(fx.w.nodes[i].active, !(i == 7 || i == 2 || i == 9));
    /* only matched nodes compete: among the factions left the next two by
     * score are 5 (4) and 3 (3) */
    p.fraction = 2.0 / 7.0; /* round(2) */
    assert_int_equal(apply(&fx, &p, 0, scores), WORLD_OK);
    assert_int_equal(fx.w.nodes[5].active, 0);
    assert_int_equal(fx.w.nodes[3].active, 0);
    assert_int_equal(world_active_nodes(&fx.w), 5);
    fixture_destroy(&fx);
}

static void test_pressure_targeted_by_strength(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    build_ring(&fx.w, 5);
    double s[5] = {0.3, 0.9, 0.1, 0.7, 0.5};
    for (int i = 0; i < 5; i++)
        fx.w.nodes[i].strength = s[i];
    struct pressure_target tk = kind_target(KIND_FACTION);
    struct pressure p = make(PRESSURE_SANCTIONS, &tk, 1);
    p.select = SELECT_TARGETED;
    p.by = BY_STRENGTH;
    p.fraction = 0.4; /* k = 2: the strongest, 1 (0.9) and 3 (0.7) */
    p.intensity = 1.0;
    assert_int_equal(pressure_needs_scores(&p), 0);
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    for (int i = 0; i < 5; i++)
        assert_close(fx.w.nodes[i].sanction, (i == 1 || i == 3) ? 1.0 : 0.0);
    fixture_destroy(&fx);
}

static void test_pressure_targeted_ties_random(void **state)
{
    (void)state;
    /* nodes 1 and 4 tie on the top score; k = 1 picks each of them over
     * many seeds, and never anyone else */
    enum { N = 6, SEEDS = 400 };
    double scores[N] = {1, 5, 2, 3, 5, 0};
    int picked[N] = {0};
    for (unsigned long seed = 1; seed <= SEEDS; seed++) {
        struct fixture fx;
        fixture_init(&fx, seed);
        build_ring(&fx.w, N);
        struct pressure_target tall = {.type = TARGET_ALL};
        struct pressure p = make(PRESSURE_REMOVAL, &tall, 1);
        p.select = SELECT_TARGETED;
        p.by = BY_PAGERANK;
        p.fraction = 1.0 / N;
        assert_int_equal(apply(&fx, &p, 0, scores), WORLD_OK);
        for (int i = 0; i < N; i++)
            picked[i] += !fx.w.nodes[i].active;
        fixture_destroy(&fx);
    }
    assert_int_equal(picked[1] + picked[4], SEEDS);
    assert_true(fabs(picked[1] - SEEDS / 2.0) <= 4 * sqrt(SEEDS * 0.25));
    assert_true(picked[4] > 0);
}

static void test_pressure_needs_scores_and_names(void **state)
{
    (void)state;
    struct pressure p = {.select = SELECT_TARGETED};
    enum pressure_by needs[] = {BY_DEGREE, BY_BETWEENNESS, BY_PAGERANK, BY_KEY_PLAYER};
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++) {
        p.by = needs[i];
        assert_int_equal(pressure_needs_scores(&p), 1);
    }
    p.by = BY_STRENGTH;
    assert_int_equal(pressure_needs_scores(&p), 0);
    p.by = BY_DEGREE;
    p.select = SELECT_RANDOM;
    assert_int_equal(pressure_needs_scores(&p), 0);
    p.select = SELECT_LISTED;
    assert_int_equal(pressure_needs_scores(&p), 0);

    assert_string_equal(pressure_type_name(PRESSURE_SANCTIONS), "sanctions");
    assert_string_equal(pressure_type_name(PRESSURE_STRIKES), "strikes");
    assert_string_equal(pressure_type_name(PRESSURE_DECAPITATION), "decapitation");
    assert_string_equal(pressure_type_name(PRESSURE_REMOVAL), "removal");
    const char *by[] = {"none", "degree", "strength", "betweenness", "pagerank", "key_player"};
    for (int b = 0; b < BY_COUNT; b++)
        assert_string_equal(pressure_by_name((enum pressure_by)b), by[b]);
    assert_string_equal(pressure_select_name(SELECT_LISTED), "listed");
    assert_string_equal(pressure_select_name(SELECT_RANDOM), "random");
    assert_string_equal(pressure_select_name(SELECT_TARGETED), "targeted");
}

static void test_pressure_ws_grows_and_is_reused(void **state)
{
    (void)state;
    struct fixture fx;
    fixture_init(&fx, SEED);
    build_ring(&fx.w, 50);
    struct pressure_target tall = {.type = TARGET_ALL};
    struct pressure p = make(PRESSURE_SANCTIONS, &tall, 1);
    p.select = SELECT_RANDOM;
    p.fraction = 0.5;
    p.intensity = 0.1;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_true(fx.ws.cap >= 50);
    int *cand = fx.ws.cand;
    double *key = fx.ws.key;
    int cap = fx.ws.cap;
    p.select = SELECT_TARGETED;
    p.by = BY_STRENGTH;
    assert_int_equal(apply(&fx, &p, 0, NULL), WORLD_OK);
    assert_ptr_equal(fx.ws.cand, cand);
    assert_ptr_equal(fx.ws.key, key);
    assert_int_equal(fx.ws.cap, cap);
    fixture_destroy(&fx);
    struct pressure_ws empty;
    pressure_ws_init(&empty);
    pressure_ws_destroy(&empty);
    pressure_ws_destroy(&empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pressure_matches_id_kind_all),
        cmocka_unit_test(test_pressure_struck_list_survives_growth),
        cmocka_unit_test(test_pressure_active_windows),
        cmocka_unit_test(test_pressure_visits_strengthen_ties_to_factions),
        cmocka_unit_test(test_pressure_sanctions_combine),
        cmocka_unit_test(test_pressure_selectors_kind_all),
        cmocka_unit_test(test_pressure_strikes_strength_and_removal),
        cmocka_unit_test(test_pressure_strikes_listed_rate),
        cmocka_unit_test(test_pressure_strike_kills_leader),
        cmocka_unit_test(test_pressure_strike_removes_leader_with_succession),
        cmocka_unit_test(test_pressure_decapitation),
        cmocka_unit_test(test_pressure_decapitation_defaults_and_edges),
        cmocka_unit_test(test_pressure_random_removal_count),
        cmocka_unit_test(test_pressure_random_removal_uniform),
        cmocka_unit_test(test_pressure_targeted_by_scores),
        cmocka_unit_test(test_pressure_targeted_by_strength),
        cmocka_unit_test(test_pressure_targeted_ties_random),
        cmocka_unit_test(test_pressure_needs_scores_and_names),
        cmocka_unit_test(test_pressure_ws_grows_and_is_reused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
