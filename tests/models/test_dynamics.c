/* tests/models/test_dynamics.c - unit tests of models/dynamics.c: one direction test
 * (and where possible an exact first-step value worked out by hand in the
 * comment beside it) per mechanism, on small hand-built worlds, plus the
 * whole step: order, determinism, invariants and dynamics: false.
 * Seeds are fixed, so every run draws the same numbers.
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

/* Field-by-field equality (struct padding is not compared). */
static void assert_actor_equal(const struct actor *x, const struct actor *y)
{
    assert_int_equal(x->kind, y->kind);
    assert_int_equal(x->active, y->active);
    assert_true(x->strength == y->strength && x->stance == y->stance && x->budget == y->budget);
    assert_true(x->revenue == y->revenue && x->authority == y->authority && x->strain == y->strain);
    assert_true(x->sanction == y->sanction && x->income == y->income);
    assert_int_equal(x->successor, y->successor);
    assert_int_equal(x->patron, y->patron);
    assert_int_equal(x->parent, y->parent);
    assert_int_equal(x->spawn, y->spawn);
    assert_int_equal(x->slot_first, y->slot_first);
    assert_int_equal(x->slot_count, y->slot_count);
    assert_int_equal(x->slots_used, y->slots_used);
}

static void assert_ties_equal(const struct world *x, const struct world *y)
{
    assert_int_equal(x->n_edges, y->n_edges);
    for (int e = 0; e < x->n_edges; e++) {
        const struct tie *a = &x->edges[e], *b = &y->edges[e];
        assert_int_equal(a->from, b->from);
        assert_int_equal(a->to, b->to);
        assert_int_equal(a->type, b->type);
        assert_int_equal(a->active, b->active);
        assert_true(a->weight == b->weight && a->base == b->base);
    }
}

/* Fixed seed of every test stream. */
enum { SEED = 20200103 };

static gsl_rng *new_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, seed);
    return r;
}

/* Parameters with every mechanism switched off except the ones a test sets. */
static void quiet_params(struct model_params *p)
{
    params_default(p);
    p->alignment.rate = 0.0;
    p->splinter.rate = 0.0;
    p->fronts.rate = 0.0;
}

/* ---- income ------------------------------------------------------------ */

static void test_dynamics_income_sanctions(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int pmf = world_add_node(&w, KIND_INSTITUTION);
    int f = world_add_node(&w, KIND_FACTION);
    int g = world_add_node(&w, KIND_FACTION);
    w.nodes[a].budget = 1.0;
    w.nodes[pmf].budget = 0.5;
    w.nodes[f].revenue = 0.1;
    world_add_tie(&w, a, f, TIE_FUNDING, 0.6);
    world_add_tie(&w, pmf, f, TIE_FUNDING, 0.4); /* the state payroll */
    world_add_tie(&w, f, g, TIE_FUNDING, 0.9);   /* f funds g: not f's income */
    world_seal(&w);

    /* Y = 0.1 + 0.6 * 1 + 0.4 * 0.5 = 0.9 */
    dynamics_income(&w);
    assert_close(w.nodes[f].income, 0.9);
    assert_close(w.nodes[g].income, 0.0); /* a faction's own budget is 0 */
    /* sanctions I_a = 0.5 on the agency: its flow 0.6 halves, Y = 0.6 */
    w.nodes[a].sanction = 0.5;
    dynamics_income(&w);
    assert_close(w.nodes[f].income, 0.1 + 0.6 * 0.5 + 0.2);
    assert_close(0.9 - w.nodes[f].income, 0.6 * 1.0 * 0.5);
    /* the payroll is untouched by agency sanctions: with no agency money
     * left, Y = revenue + payroll = 0.1 + 0.2 under any agency sanction */
    w.nodes[a].budget = 0.0;
    w.nodes[a].sanction = 0.0;
    dynamics_income(&w);
    double unsanctioned = w.nodes[f].income;
    w.nodes[a].sanction = 0.9;
    dynamics_income(&w);
    assert_close(unsanctioned, 0.3);
    assert_close(w.nodes[f].income, 0.3);
    /* sanctions on the faction itself scale everything: (1 - 0.5) * 0.3 */
    w.nodes[f].sanction = 0.5;
    dynamics_income(&w);
    assert_close(w.nodes[f].income, 0.15);
    /* a removed funder pays nothing */
    w.nodes[f].sanction = 0.0;
    world_remove_node(&w, pmf);
    dynamics_income(&w);
    assert_close(w.nodes[f].income, 0.1);
    world_destroy(&w);
}

/* ---- money ------------------------------------------------------------- */

static void test_dynamics_money_shortfall_and_growth(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* nu 0.5, kappa_g 0.02, kappa_s 0.05, kappa_l 0.1, kappa_c 0.05 */
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int poor = world_add_node(&w, KIND_FACTION);
    int rich = world_add_node(&w, KIND_FACTION);
    int half = world_add_node(&w, KIND_FACTION);
    int other = world_add_node(&w, KIND_FACTION);
    w.nodes[poor].strength = 0.8;
    w.nodes[poor].patron = a;
    w.nodes[rich].strength = 0.5;
    w.nodes[rich].patron = a;
    w.nodes[rich].revenue = 10.0;
    w.nodes[half].strength = 1.0;
    w.nodes[half].revenue = 0.25;
    w.nodes[other].strength = 0.4;
    int cp = world_add_tie(&w, a, poor, TIE_COMMAND, 0.5);
    int cr = world_add_tie(&w, a, rich, TIE_COMMAND, 0.5);
    int pp = world_add_tie(&w, poor, other, TIE_COORDINATION, 0.4); /* z = 1 and 1 */
    int pr = world_add_tie(&w, poor, rich, TIE_COORDINATION, 0.4);  /* z = 1 and 0 */
    int rh = world_add_tie(&w, rich, half, TIE_COORDINATION, 0.4);  /* z = 0 and 0.5 */
    world_seal(&w);
    dynamics_income(&w);
    dynamics_money(&w, &p);
    /* zero income: m = 0, z = 1: s = 0.8 - 0.05 * 0.8 = 0.76; command 0.5 * 0.9 */
    assert_close(w.nodes[poor].strength, 0.76);
    assert_close(w.edges[cp].weight, 0.45);
    /* fully funded: m = 1: s = 0.5 + 0.02 * 0.5 = 0.51; command untouched */
    assert_close(w.nodes[rich].strength, 0.51);
    assert_close(w.edges[cr].weight, 0.5);
    /* Y = 0.25, nu s = 0.5: m = z = 0.5: s = 1 + 0 - 0.05 * 0.5 * 1 = 0.975 */
    assert_close(w.nodes[half].strength, 0.975);
    /* coordination loses kappa_c times the mean shortfall of its ends */
    assert_close(w.edges[pp].weight, 0.4 * (1 - 0.05 * 1.0));
    assert_close(w.edges[pr].weight, 0.4 * (1 - 0.05 * 0.5));
    assert_close(w.edges[rh].weight, 0.4 * (1 - 0.05 * 0.25));
    /* a faction of strength 0 needs nothing: m = 1, z = 0, s = 0 + 0.02 * 1 */
    w.nodes[other].strength = 0.0;
    double cmd = w.edges[cp].weight;
    dynamics_income(&w);
    dynamics_money(&w, &p);
    assert_close(w.nodes[other].strength, 0.02);
    /* and strength stays in [0, 1]: a funded faction at 1 stays at 1 */
    assert_true(w.nodes[rich].strength <= 1.0);
    assert_close(w.edges[cp].weight, cmd * 0.9);
    world_destroy(&w);
}

/* ---- broker ------------------------------------------------------------ */

/* Leader l (authority 1) tied to f at 0.8 and g at 0.5, coordination f-g at
 * 0.3, l's successor q has no ties yet. Returns the coordination tie. */
static int build_broker(struct world *w, int *l, int *q, int *f, int *g)
{
    world_init(w);
    *l = world_add_node(w, KIND_LEADER);
    *q = world_add_node(w, KIND_LEADER);
    *f = world_add_node(w, KIND_FACTION);
    *g = world_add_node(w, KIND_FACTION);
    w->nodes[*l].authority = 1.0;
    w->nodes[*l].successor = *q;
    w->nodes[*q].authority = 1.0;
    world_add_tie(w, *l, *f, TIE_PERSONAL, 0.8);
    world_add_tie(w, *f, *l, TIE_COORDINATION, 0.2); /* weaker second tie: link stays 0.8 */
    world_add_tie(w, *l, *g, TIE_PERSONAL, 0.5);
    int c = world_add_tie(w, *f, *g, TIE_COORDINATION, 0.3);
    world_seal(w);
    return c;
}

static void test_dynamics_broker_exact_step(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* lambda 1, gamma 0.2, omega 0.5, mu 0.3 */
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    int l, q, f, g;
    int c = build_broker(&w, &l, &q, &f, &g);
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    /* c = min(1, 0.5 * 0.3 + 1 * 1 * 0.8 * 0.5) = 0.55; w = 0.3 + 0.2 (0.55 - 0.3) */
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, 0.35);
    /* without the broker: c = 0.15, w = 0.35 + 0.2 (0.15 - 0.35) = 0.31 */
    world_remove_node(&w, l);
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, 0.31);
    world_destroy(&w);

    /* a shared active patron adds mu: c = 0.85, w = 0.3 + 0.2 * 0.55 = 0.41 */
    build_broker(&w, &l, &q, &f, &g);
    int a = world_add_node(&w, KIND_AGENCY);
    w.nodes[f].patron = a;
    w.nodes[g].patron = a;
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, 0.41);
    /* the target is capped at 1: authority 3 gives 0.15 + 1.2 + 0.3 > 1 */
    w.nodes[l].authority = 3.0;
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, 0.41 + 0.2 * (1.0 - 0.41));
    /* a patron that is gone binds nothing: with authority 0.25 the target
     * is 0.15 + 0.25 * 0.8 * 0.5 = 0.25 */
    world_remove_node(&w, a);
    w.nodes[l].authority = 0.25;
    double before = w.edges[c].weight;
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, before + 0.2 * (0.25 - before));
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
}

static void test_dynamics_broker_rivalry_divides(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* omega 0.5, mu 0.3, psi 0.3, gamma 0.2 */
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    int l, q, f, g;
    int c = build_broker(&w, &l, &q, &f, &g);
    int a = world_add_node(&w, KIND_AGENCY), b = world_add_node(&w, KIND_AGENCY);
    world_remove_node(&w, l); /* no broker binds them */
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    /* rival patrons: c = clamp(0.5 * 0.3 + 0 + 0 - 0.3) = 0, w = 0.3 + 0.2 (0 - 0.3) = 0.24 */
    w.nodes[f].patron = a;
    w.nodes[g].patron = b;
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, 0.24);
    /* one patron for both: c = 0.15 + 0.3 = 0.45, w = 0.24 + 0.2 (0.45 - 0.24) = 0.282 */
    w.nodes[g].patron = a;
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, 0.282);
    /* a faction without a patron is no rival: c = 0.15, w = 0.282 + 0.2 (0.15 - 0.282) */
    w.nodes[g].patron = -1;
    dynamics_broker(&w, &p, &ws);
    assert_close(w.edges[c].weight, 0.282 + 0.2 * (0.15 - 0.282));
    /* whole steps: rival clients' coordination dissolves, shared clients' does not */
    struct world rival, shared;
    build_broker(&rival, &l, &q, &f, &g);
    a = world_add_node(&rival, KIND_AGENCY);
    b = world_add_node(&rival, KIND_AGENCY);
    world_remove_node(&rival, l);
    world_init(&shared);
    assert_int_equal(world_copy(&shared, &rival), WORLD_OK);
    rival.nodes[f].patron = a;
    rival.nodes[g].patron = b;
    shared.nodes[f].patron = a;
    shared.nodes[g].patron = a;
    p.money.need = 0.0;
    gsl_rng *rng = new_rng(SEED);
    for (int t = 0; t < 36; t++) {
        assert_int_equal(dynamics_step(&rival, &p, NULL, rng, &ws), WORLD_OK);
        assert_int_equal(dynamics_step(&shared, &p, NULL, rng, &ws), WORLD_OK);
    }
    assert_false(rival.edges[c].active);
    assert_true(shared.edges[c].active);
    assert_close(shared.edges[c].weight, 0.45 + (0.3 - 0.45) * pow(0.8, 36));
    gsl_rng_free(rng);
    world_destroy(&rival);
    world_destroy(&shared);
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
}

/* State institutions bind: b_fg gains lambda_I sum_i link(i,f) link(i,g). */
static void test_dynamics_institutions_bind(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* omega 0.5, gamma 0.2, lambda_I 0 */
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    world_init(&w);
    int pmf = world_add_node(&w, KIND_INSTITUTION), cf = world_add_node(&w, KIND_INSTITUTION);
    int lone = world_add_node(&w, KIND_INSTITUTION);
    int f = world_add_node(&w, KIND_FACTION), g = world_add_node(&w, KIND_FACTION);
    int c = world_add_tie(&w, f, g, TIE_COORDINATION, 0.6);
    world_add_tie(&w, pmf, f, TIE_FUNDING, 0.5);
    world_add_tie(&w, pmf, f, TIE_POLITICAL, 0.4); /* link(pmf,f) = max = 0.5 */
    world_add_tie(&w, pmf, g, TIE_FUNDING, 0.8);
    world_add_tie(&w, cf, f, TIE_POLITICAL, 0.5);
    world_add_tie(&w, cf, g, TIE_POLITICAL, 0.2);
    world_add_tie(&w, lone, f, TIE_POLITICAL, 0.9); /* tied to f only: binds nothing */
    world_seal(&w);
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    /* lambda_I 0 (the default): c = 0.5 * 0.6 = 0.3 */
    dynamics_broker(&w, &p, &ws);
    assert_close(ws.target[c], 0.3);
    assert_close(w.edges[c].weight, 0.6 + 0.2 * (0.3 - 0.6));
    /* lambda_I 0.5: b = 0.5 (0.5 * 0.8 + 0.5 * 0.2) = 0.25, c = 0.55 */
    p.institutions.binding = 0.5;
    w.edges[c].weight = 0.6;
    dynamics_broker(&w, &p, &ws);
    assert_close(ws.target[c], 0.3 + 0.25);
    assert_close(w.edges[c].weight, 0.6 + 0.2 * (0.55 - 0.6));
    /* the Commission gone: only cf binds, b = 0.5 * 0.1 */
    world_remove_node(&w, pmf);
    dynamics_broker(&w, &p, &ws);
    assert_close(ws.target[c], 0.3 + 0.05);
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
}

/* Coordinated directives: no strain from divergent directives, and two
 * clients of different agencies keep their coordination target (no psi). */
static void test_dynamics_directives_coordinated(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* kappa_e 1, phi 0.1, omega 0.5, psi 0.3 */
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    world_init(&w);
    int calm = world_add_node(&w, KIND_AGENCY), hawk = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION), g = world_add_node(&w, KIND_FACTION);
    w.nodes[calm].stance = 0.0;
    w.nodes[hawk].stance = 1.0;
    w.nodes[f].patron = calm;
    w.nodes[g].patron = hawk;
    world_add_tie(&w, calm, f, TIE_COMMAND, 0.5);
    world_add_tie(&w, hawk, f, TIE_FUNDING, 0.5); /* f pulled both ways: D_f = 0.5 */
    world_add_tie(&w, hawk, g, TIE_COMMAND, 0.5);
    int c = world_add_tie(&w, f, g, TIE_COORDINATION, 0.8);
    world_seal(&w);
    struct world cur;
    world_init(&cur);
    assert_int_equal(world_copy(&cur, &w), WORLD_OK);
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    /* current: strain 0.5, target clamp(0.4 - 0.3) = 0.1 */
    dynamics_directives(&cur, &p);
    assert_close(cur.nodes[f].strain, 0.5);
    dynamics_broker(&cur, &p, &ws);
    assert_close(ws.target[c], 0.1);
    /* coordinated: strain stays 0 over many steps, target 0.5 * 0.8 = 0.4 */
    p.directives.coordinated = 1;
    for (int t = 0; t < 12; t++) {
        dynamics_directives(&w, &p);
        dynamics_broker(&w, &p, &ws);
        assert_true(w.nodes[f].strain == 0.0);
        assert_close(ws.target[c], 0.4);
    }
    assert_close(w.edges[c].weight, 0.4 + 0.4 * pow(0.8, 12));
    /* strain accumulated before decays and grows no more: 0.5 -> 0.45 */
    dynamics_directives(&cur, &p);
    assert_close(cur.nodes[f].strain, 0.45);
    world_destroy(&cur);
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
}

static void test_dynamics_drift_from_rival_structures(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* kappa_d = 0.1 */
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY), b = world_add_node(&w, KIND_AGENCY);
    int la = world_add_node(&w, KIND_LEADER), lb = world_add_node(&w, KIND_LEADER);
    int lone = world_add_node(&w, KIND_LEADER);
    int f = world_add_node(&w, KIND_FACTION), g = world_add_node(&w, KIND_FACTION);
    world_add_tie(&w, a, la, TIE_COMMAND, 1.0);
    world_add_tie(&w, b, lb, TIE_COMMAND, 1.0);
    int fa = world_add_tie(&w, a, f, TIE_COMMAND, 0.6);        /* the patron's own tie */
    int fb = world_add_tie(&w, b, f, TIE_COMMAND, 0.5);        /* a rival agency */
    int fund = world_add_tie(&w, b, f, TIE_FUNDING, 0.5);      /* money does not drift */
    int pla = world_add_tie(&w, la, f, TIE_PERSONAL, 0.9);     /* the patron's commander */
    int plb = world_add_tie(&w, lb, f, TIE_PERSONAL, 0.8);     /* a rival's commander */
    int plone = world_add_tie(&w, lone, f, TIE_PERSONAL, 0.7); /* a leader of no agency */
    int gb = world_add_tie(&w, b, g, TIE_COMMAND, 0.5);        /* g has no patron */
    world_seal(&w);
    w.nodes[f].patron = a;
    dynamics_drift(&w, &p);
    assert_close(w.edges[fa].weight, 0.6);
    assert_close(w.edges[fb].weight, 0.45);
    assert_close(w.edges[fund].weight, 0.5);
    assert_close(w.edges[pla].weight, 0.9);
    assert_close(w.edges[plb].weight, 0.72);
    assert_close(w.edges[plone].weight, 0.7);
    assert_close(w.edges[gb].weight, 0.5);
    /* drift 0 leaves everything */
    p.alignment.drift = 0.0;
    dynamics_drift(&w, &p);
    assert_close(w.edges[fb].weight, 0.45);
    world_destroy(&w);
}

static void test_dynamics_broker_removal_loosens(void **state)
{
    (void)state;
    /* The DESIGN example through whole steps: removing the broker lowers the
     * coordination among the factions he bound. Money is switched off
     * (nu = 0: no shortfall) and nobody reconsiders or spawns. */
    enum { STEPS = 24 };
    struct model_params p;
    quiet_params(&p);
    p.money.need = 0.0;
    p.money.growth = 0.0;
    gsl_rng *rng = new_rng(SEED);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world with, without;
    int l, q, f, g;
    int c = build_broker(&with, &l, &q, &f, &g);
    build_broker(&without, &l, &q, &f, &g);
    world_remove_node(&without, l);
    for (int t = 0; t < STEPS; t++) {
        assert_int_equal(dynamics_step(&with, &p, NULL, rng, &ws), WORLD_OK);
        assert_int_equal(dynamics_step(&without, &p, NULL, rng, &ws), WORLD_OK);
    }
    /* with the broker the weight rises toward 0.55; without it decays to 0.15:
     * w_t = c + (0.3 - c) 0.8^t */
    double decay = pow(0.8, STEPS);
    assert_close(with.edges[c].weight, 0.55 + (0.3 - 0.55) * decay);
    assert_close(without.edges[c].weight, 0.15 + (0.3 - 0.15) * decay);
    assert_true(with.edges[c].weight > 0.3);
    assert_true(without.edges[c].weight < 0.3);
    world_destroy(&with);
    world_destroy(&without);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

/* ---- succession -------------------------------------------------------- */

static void test_dynamics_succession_share(void **state)
{
    (void)state;
    enum { STEPS = 12 };
    struct model_params p;
    quiet_params(&p);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world weak, strong;
    int l, q, f, g;
    int c = build_broker(&weak, &l, &q, &f, &g);
    build_broker(&strong, &l, &q, &f, &g);
    assert_int_equal(pressure_decapitate(&weak, l, 0.2), WORLD_OK);
    assert_int_equal(pressure_decapitate(&strong, l, 1.0), WORLD_OK);
    assert_int_equal(weak.nodes[l].active, 0);
    /* the weak successor holds 0.2 of each tie: 0.16 and 0.04 to f (personal,
     * coordination), 0.1 to g, in the removed leader's direction */
    int qf = world_find_tie(&weak, q, f, TIE_PERSONAL);
    int qfc = world_find_tie(&weak, q, f, TIE_COORDINATION);
    int qg = world_find_tie(&weak, q, g, TIE_PERSONAL);
    assert_true(qf >= 0 && qfc >= 0 && qg >= 0);
    assert_close(weak.edges[qf].weight, 0.16);
    assert_close(weak.edges[qfc].weight, 0.04);
    assert_close(weak.edges[qg].weight, 0.1);
    assert_int_equal(weak.edges[qf].from, q);
    assert_int_equal(weak.edges[qfc].to, q); /* f -> l became f -> q */
    assert_close(strong.edges[world_find_tie(&strong, q, f, TIE_PERSONAL)].weight, 0.8);
    /* the inherited ties are 0.2 of the old ones, the coordination tie of the
     * factions is not the leader's and is untouched */
    assert_close(weak.edges[c].weight, 0.3);
    assert_int_equal(world_active_ties(&weak), 4);
    for (int t = 0; t < STEPS; t++) {
        assert_int_equal(dynamics_ws_prepare(&ws, &weak), WORLD_OK);
        dynamics_broker(&weak, &p, &ws);
        assert_int_equal(dynamics_ws_prepare(&ws, &strong), WORLD_OK);
        dynamics_broker(&strong, &p, &ws);
    }
    /* targets: 0.15 + 0.16 * 0.1 = 0.166 (weak), 0.15 + 0.4 = 0.55 (full) */
    double decay = pow(0.8, STEPS);
    assert_close(weak.edges[c].weight, 0.166 + (0.3 - 0.166) * decay);
    assert_close(strong.edges[c].weight, 0.55 + (0.3 - 0.55) * decay);
    assert_true(weak.edges[c].weight < strong.edges[c].weight);
    world_destroy(&weak);
    world_destroy(&strong);
    dynamics_ws_destroy(&ws);
}

/* ---- directives -------------------------------------------------------- */

static void test_dynamics_directives_strain(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* kappa_e 1, phi 0.1, chi 0.05 */
    struct world w;
    world_init(&w);
    int calm = world_add_node(&w, KIND_AGENCY);
    int hawk = world_add_node(&w, KIND_AGENCY);
    int same = world_add_node(&w, KIND_AGENCY);
    int torn = world_add_node(&w, KIND_FACTION);
    int uneven = world_add_node(&w, KIND_FACTION);
    int settled = world_add_node(&w, KIND_FACTION);
    w.nodes[calm].stance = 0.0;
    w.nodes[hawk].stance = 1.0;
    w.nodes[same].stance = 0.7;
    /* torn: pulled at weight 1 by stances 0 and 1: dbar 0.5, D = 0.5 */
    world_add_tie(&w, calm, torn, TIE_COMMAND, 1.0);
    world_add_tie(&w, hawk, torn, TIE_FUNDING, 1.0);
    /* uneven: pi_calm = max(1, 0.4) = 1, pi_hawk = 0.5: dbar = 1/3,
     * D^2 = (1 * 1/9 + 0.5 * 4/9) / 1.5 = 2/9 */
    world_add_tie(&w, calm, uneven, TIE_COMMAND, 1.0);
    world_add_tie(&w, calm, uneven, TIE_FUNDING, 0.4);
    world_add_tie(&w, hawk, uneven, TIE_COMMAND, 0.5);
    world_add_tie(&w, hawk, uneven, TIE_PERSONAL, 0.9); /* not a pull */
    /* settled: pulled by two agencies with equal stances 0.7 and 0.7 */
    int twin = world_add_node(&w, KIND_AGENCY);
    w.nodes[twin].stance = 0.7;
    world_add_tie(&w, same, settled, TIE_COMMAND, 0.9);
    world_add_tie(&w, twin, settled, TIE_FUNDING, 0.3);
    w.nodes[settled].strain = 0.2;
    w.nodes[settled].patron = same;
    w.nodes[settled].stance = 0.2;
    world_seal(&w);

    dynamics_directives(&w, &p);
    assert_close(w.nodes[torn].strain, 0.5);
    assert_close(w.nodes[uneven].strain, sqrt(2.0 / 9.0));
    /* equal directives: no strain gained, the old one decays: 0.9 * 0.2 */
    assert_close(w.nodes[settled].strain, 0.18);
    /* stance drifts toward the patron: 0.2 + 0.05 (0.7 - 0.2) = 0.225 */
    assert_close(w.nodes[settled].stance, 0.225);
    assert_close(w.nodes[torn].stance, 0.5); /* no patron: no drift */
    /* a second step decays and adds again: 0.9 * 0.5 + 0.5 */
    dynamics_directives(&w, &p);
    assert_close(w.nodes[torn].strain, 0.95);
    /* a single agency cannot conflict with itself */
    world_remove_node(&w, hawk);
    dynamics_directives(&w, &p);
    assert_close(w.nodes[torn].strain, 0.855);
    world_destroy(&w);
}

/* ---- patron choice ----------------------------------------------------- */

static void test_dynamics_tie_strength(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION);
    int l = world_add_node(&w, KIND_LEADER);
    int m = world_add_node(&w, KIND_LEADER);
    w.nodes[l].authority = 0.5;
    w.nodes[m].authority = 1.0;
    world_add_tie(&w, a, f, TIE_COMMAND, 0.5);
    world_add_tie(&w, a, f, TIE_FUNDING, 0.25);
    world_add_tie(&w, a, f, TIE_POLITICAL, 0.9); /* not counted directly */
    world_add_tie(&w, l, f, TIE_PERSONAL, 0.8);
    world_add_tie(&w, l, a, TIE_PERSONAL, 0.6);
    world_add_tie(&w, m, f, TIE_PERSONAL, 0.7); /* m has no tie to a: adds 0 */
    /* T = 0.5 + 0.25 + 0.5 * 0.8 * 0.6 = 0.99 */
    assert_close(dynamics_tie_strength(&w, f, a), 0.99);
    world_remove_node(&w, l);
    assert_close(dynamics_tie_strength(&w, f, a), 0.75);
    world_destroy(&w);
}

/* Agencies a (stance 0.5, budget 1), b (stance 0, budget 0.5), c (stance 1,
 * budget 0); faction f (stance 0.5) with patron a, command a->f 0.5, funding
 * b->f 0.3. With a leader (authority 1) tied to f and a at 0.9 when asked. */
static int build_patron(struct world *w, int with_leader, int *a, int *b, int *c)
{
    world_init(w);
    *a = world_add_node(w, KIND_AGENCY);
    *b = world_add_node(w, KIND_AGENCY);
    *c = world_add_node(w, KIND_AGENCY);
    int f = world_add_node(w, KIND_FACTION);
    w->nodes[*a].stance = 0.5;
    w->nodes[*a].budget = 1.0;
    w->nodes[*b].stance = 0.0;
    w->nodes[*b].budget = 0.5;
    w->nodes[*c].stance = 1.0;
    w->nodes[f].stance = 0.5;
    w->nodes[f].patron = *a;
    world_add_tie(w, *a, f, TIE_COMMAND, 0.5);
    world_add_tie(w, *b, f, TIE_FUNDING, 0.3);
    int l = world_add_node(w, KIND_LEADER);
    w->nodes[l].authority = 1.0;
    world_add_tie(w, l, f, TIE_PERSONAL, 0.9);
    world_add_tie(w, l, *a, TIE_PERSONAL, 0.9);
    if (!with_leader)
        world_remove_node(w, l);
    world_seal(w);
    return f;
}

/* Draw `trials` independent patron choices from copies of tpl; counts[j] is
 * how often agency j was chosen. */
static void patron_trials(const struct world *tpl, const struct model_params *p, int f, int trials,
                          int counts[3], gsl_rng *rng)
{
    struct world w;
    world_init(&w);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    counts[0] = counts[1] = counts[2] = 0;
    for (int i = 0; i < trials; i++) {
        assert_int_equal(world_copy(&w, tpl), WORLD_OK);
        assert_int_equal(dynamics_patron(&w, p, rng, &ws), WORLD_OK);
        counts[w.nodes[f].patron]++;
    }
    dynamics_ws_destroy(&ws);
    world_destroy(&w);
}

static void assert_binomial(int count, int trials, double prob)
{
    /* a 4-sigma margin: a correct sampler fails it about once in 16000 runs,
     * and with a fixed seed it either always passes or always fails */
    double mean = trials * prob, sd = sqrt(trials * prob * (1.0 - prob));
    if (fabs(count - mean) > 4.0 * sd)
        fail_msg("count %d, expected %.1f +- 4 * %.2f", count, mean, sd);
}

static void test_dynamics_patron_logit_frequencies(void **state)
{
    (void)state;
    enum { TRIALS = 20000 };
    struct model_params p;
    quiet_params(&p); /* beta_T 3, beta_B 1, beta_S 2, beta_0 1 */
    p.alignment.rate = 1.0;
    p.alignment.reach = REACH_ALL; /* c, untied to f, is a candidate too */
    gsl_rng *rng = new_rng(SEED);
    struct world tpl;
    int a, b, c;
    int f = build_patron(&tpl, 0, &a, &b, &c);
    /* U_a = 3 * 0.5 + 1 * 1 + 2 * 1 + 1 = 5.5
     * U_b = 3 * 0.3 + 1 * 0.5 + 2 * 0.5 = 2.4
     * U_c = 0 + 0 + 2 * 0.5 = 1.0 */
    double ea = exp(5.5), eb = exp(2.4), ec = exp(1.0), z = ea + eb + ec;
    int counts[3];
    patron_trials(&tpl, &p, f, TRIALS, counts, rng);
    assert_binomial(counts[a], TRIALS, ea / z);
    assert_binomial(counts[b], TRIALS, eb / z);
    assert_binomial(counts[c], TRIALS, ec / z);
    assert_true(counts[b] > 0 && counts[c] > 0);

    /* a switch to b: the old command tie loses delta = 0.5, a new command
     * tie b -> f of weight w_new = 0.3 appears */
    struct world w;
    world_init(&w);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    for (int i = 0; i < TRIALS; i++) {
        assert_int_equal(world_copy(&w, &tpl), WORLD_OK);
        assert_int_equal(dynamics_patron(&w, &p, rng, &ws), WORLD_OK);
        if (w.nodes[f].patron == b)
            break;
    }
    assert_int_equal(w.nodes[f].patron, b);
    assert_close(w.edges[world_find_tie(&w, a, f, TIE_COMMAND)].weight, 0.25);
    int e = world_find_tie(&w, b, f, TIE_COMMAND);
    assert_true(e >= 0);
    assert_int_equal(w.edges[e].from, b);
    assert_close(w.edges[e].weight, 0.3);

    /* a sanctioned agency's funding term falls: B~_a = 0 at I_a = 1, so
     * U_a = 4.5 and b becomes relatively likelier */
    struct world sanctioned;
    world_init(&sanctioned);
    world_copy(&sanctioned, &tpl);
    sanctioned.nodes[a].sanction = 1.0;
    /* B~_b = 1 now (b is the richest): U_b = 2.9 */
    double sa = exp(4.5), sb = exp(2.9), zz = sa + sb + ec;
    patron_trials(&sanctioned, &p, f, TRIALS, counts, rng);
    assert_binomial(counts[b], TRIALS, sb / zz);
    assert_binomial(counts[a], TRIALS, sa / zz);

    /* reach tied (the default): c, with no tie to f, is out of reach; the
     * logit runs over a and b alone */
    p.alignment.reach = REACH_TIED;
    patron_trials(&tpl, &p, f, TRIALS, counts, rng);
    assert_int_equal(counts[c], 0);
    assert_binomial(counts[a], TRIALS, ea / (ea + eb));

    /* rate 0: nobody reconsiders */
    p.alignment.rate = 0.0;
    patron_trials(&tpl, &p, f, 100, counts, rng);
    assert_int_equal(counts[a], 100);

    world_destroy(&sanctioned);
    world_destroy(&w);
    world_destroy(&tpl);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

static void test_dynamics_patron_leader_binds(void **state)
{
    (void)state;
    enum { TRIALS = 20000 };
    struct model_params p;
    quiet_params(&p);
    p.alignment.rate = 1.0;
    gsl_rng *rng = new_rng(SEED + 1);
    struct world bound, loose;
    int a, b, c;
    int f = build_patron(&bound, 1, &a, &b, &c);
    build_patron(&loose, 0, &a, &b, &c);
    /* the leader adds 1 * 0.9 * 0.9 = 0.81 to T_fa: U_a = 5.5 + 3 * 0.81;
     * c, untied to f, is out of reach */
    double eb = exp(2.4);
    double p_stay_bound = exp(5.5 + 2.43) / (exp(5.5 + 2.43) + eb);
    double p_stay_loose = exp(5.5) / (exp(5.5) + eb);
    int cb[3], cl[3];
    patron_trials(&bound, &p, f, TRIALS, cb, rng);
    patron_trials(&loose, &p, f, TRIALS, cl, rng);
    assert_binomial(cb[a], TRIALS, p_stay_bound);
    assert_binomial(cl[a], TRIALS, p_stay_loose);
    /* with the binding leader removed the faction leaves more often */
    assert_true(TRIALS - cl[a] > TRIALS - cb[a]);
    world_destroy(&bound);
    world_destroy(&loose);
    gsl_rng_free(rng);
}

/* A faction f whose patron is a, with a command tie a->f and a funding tie
 * b->f; agency x has no tie to f. Every logit weight 0: the choice is pure
 * noise, uniform over the candidates. */
static void test_dynamics_patron_reach(void **state)
{
    (void)state;
    enum { TRIALS = 3000 };
    struct model_params p;
    quiet_params(&p);
    p.alignment.rate = 1.0;
    p.alignment.beta_tie = p.alignment.beta_funding = p.alignment.beta_stance = 0.0;
    p.alignment.inertia = 0.0;
    gsl_rng *rng = new_rng(SEED + 2);
    struct world tpl;
    world_init(&tpl);
    int a = world_add_node(&tpl, KIND_AGENCY), b = world_add_node(&tpl, KIND_AGENCY);
    int x = world_add_node(&tpl, KIND_AGENCY);
    int f = world_add_node(&tpl, KIND_FACTION);
    int lone = world_add_node(&tpl, KIND_FACTION); /* no patron, no tie */
    tpl.nodes[f].patron = a;
    world_add_tie(&tpl, a, f, TIE_COMMAND, 0.5);
    world_add_tie(&tpl, b, f, TIE_FUNDING, 0.3);
    world_seal(&tpl);
    struct world w;
    world_init(&w);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    int picked[3][2] = {{0}}, lone_took[2] = {0};
    for (int reach = REACH_TIED; reach <= REACH_ALL; reach++) {
        p.alignment.reach = reach;
        for (int i = 0; i < TRIALS; i++) {
            assert_int_equal(world_copy(&w, &tpl), WORLD_OK);
            assert_int_equal(dynamics_patron(&w, &p, rng, &ws), WORLD_OK);
            picked[w.nodes[f].patron][reach]++;
            lone_took[reach] += w.nodes[lone].patron >= 0;
        }
    }
    /* tied: x is never chosen, a and b half each; the faction without any
     * tie has no agency within reach and keeps no patron */
    assert_int_equal(picked[x][REACH_TIED], 0);
    assert_binomial(picked[a][REACH_TIED], TRIALS, 0.5);
    assert_int_equal(lone_took[REACH_TIED], 0);
    /* all: noise alone carries a third of the choices to x */
    assert_binomial(picked[x][REACH_ALL], TRIALS, 1.0 / 3.0);
    assert_int_equal(lone_took[REACH_ALL], TRIALS);
    /* a leader tied to both f and x brings x within reach (T_fx > 0) */
    int l = world_add_node(&tpl, KIND_LEADER);
    tpl.nodes[l].authority = 1.0;
    world_add_tie(&tpl, l, f, TIE_PERSONAL, 0.5);
    world_add_tie(&tpl, l, x, TIE_PERSONAL, 0.5);
    p.alignment.reach = REACH_TIED;
    int to_x = 0;
    for (int i = 0; i < TRIALS; i++) {
        assert_int_equal(world_copy(&w, &tpl), WORLD_OK);
        assert_int_equal(dynamics_patron(&w, &p, rng, &ws), WORLD_OK);
        to_x += w.nodes[f].patron == x;
    }
    assert_binomial(to_x, TRIALS, 1.0 / 3.0);
    world_destroy(&w);
    world_destroy(&tpl);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

/* Sanctions increase dependence: the command tie to the patron grows by
 * kappa_D I (1 - w), I = 1 - (1 - I_f)(1 - I_p); and the current patron's
 * logit bonus becomes beta_0 (1 + kappa_D I). */
static void test_dynamics_sanctions_dependence(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p);
    p.money.need = 0.0; /* no shortfall: no loyalty loss */
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION), g = world_add_node(&w, KIND_FACTION);
    int h = world_add_node(&w, KIND_FACTION);
    w.nodes[f].patron = w.nodes[g].patron = w.nodes[h].patron = a;
    int ef = world_add_tie(&w, a, f, TIE_COMMAND, 0.5);
    int eg = world_add_tie(&w, a, g, TIE_COMMAND, 0.5);
    int eh = world_add_tie(&w, a, h, TIE_COMMAND, 0.5);
    world_seal(&w);
    /* default kappa_D = 0: sanctions leave the tie alone */
    w.nodes[f].sanction = 0.5;
    dynamics_money(&w, &p);
    assert_true(w.edges[ef].weight == 0.5);
    /* kappa_D 0.4, I_f 0.5: w = 0.5 + 0.4 * 0.5 * 0.5 = 0.6; g unsanctioned
     * keeps 0.5 */
    p.sanctions.dependence = 0.4;
    dynamics_money(&w, &p);
    assert_close(w.edges[ef].weight, 0.6);
    assert_true(w.edges[eg].weight == 0.5);
    /* the patron sanctioned at 0.5 too: I_f = 1 - 0.5 * 0.5 = 0.75 for f,
     * I = 0.5 for g and h; f: 0.6 + 0.4 * 0.75 * 0.4 = 0.72 */
    w.nodes[a].sanction = 0.5;
    dynamics_money(&w, &p);
    assert_close(w.edges[ef].weight, 0.72);
    assert_close(w.edges[eg].weight, 0.6);
    assert_close(w.edges[eh].weight, 0.6);
    world_destroy(&w);

    /* the logit bonus: f sanctioned fully, kappa_D 1: beta_0 (1 + 1) = 2,
     * U_a = 5.5 + 1 against U_b = 2.4 (c out of reach) */
    enum { TRIALS = 20000 };
    struct world tpl;
    int pa, pb, pc;
    int pf = build_patron(&tpl, 0, &pa, &pb, &pc);
    tpl.nodes[pf].sanction = 1.0;
    struct model_params q;
    quiet_params(&q);
    q.alignment.rate = 1.0;
    q.sanctions.dependence = 1.0;
    gsl_rng *rng = new_rng(SEED + 3);
    int counts[3];
    patron_trials(&tpl, &q, pf, TRIALS, counts, rng);
    assert_binomial(counts[pa], TRIALS, exp(6.5) / (exp(6.5) + exp(2.4)));
    q.sanctions.dependence = 0.0;
    patron_trials(&tpl, &q, pf, TRIALS, counts, rng);
    assert_binomial(counts[pa], TRIALS, exp(5.5) / (exp(5.5) + exp(2.4)));
    world_destroy(&tpl);
    gsl_rng_free(rng);
}

static void test_dynamics_patron_no_agency(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p);
    p.alignment.rate = 1.0;
    gsl_rng *rng = new_rng(SEED);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION);
    w.nodes[f].patron = a;
    world_remove_node(&w, a);
    /* no active agency: the faction keeps its (inactive) patron */
    assert_int_equal(dynamics_patron(&w, &p, rng, &ws), WORLD_OK);
    assert_int_equal(w.nodes[f].patron, a);
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

/* ---- rally ------------------------------------------------------------- */

static void test_dynamics_rally(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* rho 0.2 */
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int l = world_add_node(&w, KIND_LEADER);
    int x = world_add_node(&w, KIND_FACTION);
    int g = world_add_node(&w, KIND_FACTION);
    int h = world_add_node(&w, KIND_FACTION);
    int xl = world_add_tie(&w, x, l, TIE_PERSONAL, 0.5);
    int xg = world_add_tie(&w, x, g, TIE_COORDINATION, 0.3);
    int ax = world_add_tie(&w, a, x, TIE_COMMAND, 0.5);
    int af = world_add_tie(&w, a, x, TIE_FUNDING, 0.4);
    int xp = world_add_tie(&w, x, h, TIE_POLITICAL, 0.4);
    int gh = world_add_tie(&w, g, h, TIE_COORDINATION, 0.2);
    int al = world_add_tie(&w, a, l, TIE_PERSONAL, 0.5); /* neither end struck */
    world_seal(&w);
    /* x and g struck this step (g listed first: order does not matter) */
    int nodes[2] = {g, x};
    unsigned char marks[5] = {0};
    marks[g] = marks[x] = 1;
    struct dynamics_struck struck = {.nodes = nodes, .n = 2, .is_struck = marks};
    dynamics_rally(&w, &p, &struck);
    /* w + rho (1 - w) */
    assert_close(w.edges[xl].weight, 0.6);
    assert_close(w.edges[xg].weight, 0.44); /* once, though both ends were struck */
    assert_close(w.edges[ax].weight, 0.6);
    assert_close(w.edges[af].weight, 0.4); /* funding does not rally */
    assert_close(w.edges[xp].weight, 0.4); /* nor political ties */
    assert_close(w.edges[gh].weight, 0.36);
    assert_close(w.edges[al].weight, 0.5);

    /* a struck node that has been removed rallies nothing */
    int only_h[1] = {h};
    unsigned char marks_h[5] = {0};
    marks_h[h] = 1;
    struct dynamics_struck struck_h = {.nodes = only_h, .n = 1, .is_struck = marks_h};
    world_remove_node(&w, h);
    dynamics_rally(&w, &p, &struck_h);
    assert_close(w.edges[gh].weight, 0.36);
    world_destroy(&w);
}

static void test_dynamics_rally_after_strike(void **state)
{
    (void)state;
    /* the struck list a strike pressure keeps in its own workspace drives
     * the rally, through dynamics_step as through dynamics_rally */
    struct model_params p;
    quiet_params(&p);
    gsl_rng *rng = new_rng(SEED);
    struct pressure_ws pws;
    pressure_ws_init(&pws);
    struct world w;
    world_init(&w);
    int x = world_add_node(&w, KIND_FACTION);
    int g = world_add_node(&w, KIND_FACTION);
    int e = world_add_tie(&w, x, g, TIE_COORDINATION, 0.5);
    world_seal(&w);
    struct pressure_target tg = {.type = TARGET_NODE, .node = x};
    struct pressure pr = {.type = PRESSURE_STRIKES,
                          .from = 0,
                          .to = 0,
                          .targets = &tg,
                          .n_targets = 1,
                          .select = SELECT_LISTED,
                          .rate = 1.0,
                          .severity = 0.1,
                          .share = -1,
                          .kill = 0.0};
    pressure_begin_step(&w, &pws);
    assert_int_equal(pressure_apply(&w, &pr, 0, &p, NULL, rng, &pws), WORLD_OK);
    struct dynamics_struck struck = pressure_struck(&pws);
    assert_int_equal(struck.n, 1);
    assert_int_equal(struck.nodes[0], x);
    dynamics_rally(&w, &p, &struck);
    assert_close(w.edges[e].weight, 0.6);
    /* the next step's pressures start a new list: nothing rallies again */
    pressure_begin_step(&w, &pws);
    struck = pressure_struck(&pws);
    assert_int_equal(struck.n, 0);
    dynamics_rally(&w, &p, &struck);
    assert_close(w.edges[e].weight, 0.6);
    world_destroy(&w);
    pressure_ws_destroy(&pws);
    gsl_rng_free(rng);
}

/* ---- spawn ------------------------------------------------------------- */

static void test_dynamics_spawn_splinter(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* q_p 0.3, w_p 0.2, w_new 0.3, s_min 0.2, m_p 1 */
    p.splinter.rate = 1.0;
    gsl_rng *rng = new_rng(SEED);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int b = world_add_node(&w, KIND_AGENCY);
    int c = world_add_node(&w, KIND_AGENCY);
    int d = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION);
    int weak = world_add_node(&w, KIND_FACTION);
    w.nodes[a].stance = 0.5;
    w.nodes[b].stance = 0.9; /* differs from a by 0.4 */
    w.nodes[c].stance = 0.0; /* differs by 0.5: the rival */
    w.nodes[d].stance = 1.0; /* also 0.5, but a higher index */
    w.nodes[f].patron = a;
    w.nodes[f].strength = 0.8;
    w.nodes[f].strain = 1000.0; /* P(splinter) = 1 - exp(-1000) = 1 */
    w.nodes[f].stance = 0.6;
    w.nodes[weak].strength = 0.1; /* below s_min: never splinters */
    w.nodes[weak].strain = 1000.0;
    world_add_tie(&w, a, f, TIE_COMMAND, 0.5);
    world_add_tie(&w, d, f, TIE_FUNDING, 0.1);
    world_add_tie(&w, b, f, TIE_FUNDING, 0.5);
    world_add_tie(&w, c, f, TIE_COMMAND, 0.2);
    assert_int_equal(world_reserve_slots(&w, 2), WORLD_OK);
    world_seal(&w);
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);

    assert_int_equal(dynamics_spawn(&w, &p, rng, &ws), WORLD_OK);
    int g = w.nodes[f].slot_first;
    assert_int_equal(w.nodes[f].slots_used, 1);
    assert_int_equal(w.nodes[g].active, 1);
    assert_int_equal(w.nodes[g].spawn, SPAWN_SPLINTER);
    /* s_g = 0.3 * 0.8, the parent keeps 0.56, strain * 0.7 */
    assert_close(w.nodes[g].strength, 0.24);
    assert_close(w.nodes[f].strength, 0.56);
    assert_close(w.nodes[f].strain, 700.0);
    /* the rival: c (0.5 from a's directive; d ties at 0.5 with a higher index) */
    assert_int_equal(w.nodes[g].patron, c);
    assert_close(w.nodes[g].stance, 0.0);
    int cmd = world_find_tie(&w, c, g, TIE_COMMAND);
    int coord = world_find_tie(&w, f, g, TIE_COORDINATION);
    assert_true(cmd >= 0 && coord >= 0);
    assert_int_equal(w.edges[cmd].from, c);
    assert_close(w.edges[cmd].weight, 0.3);
    assert_close(w.edges[coord].weight, 0.2);
    assert_int_equal(w.nodes[weak].slots_used, 0);
    /* m_p = 1: no second splinter however strained */
    assert_int_equal(dynamics_spawn(&w, &p, rng, &ws), WORLD_OK);
    assert_int_equal(w.nodes[f].slots_used, 1);
    /* the splinter itself never spawns (it is not a base faction) */
    w.nodes[g].strain = 1000.0;
    assert_int_equal(dynamics_spawn(&w, &p, rng, &ws), WORLD_OK);
    assert_int_equal(w.nodes[g].slots_used, 0);
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

static void test_dynamics_spawn_splinter_no_rival(void **state)
{
    (void)state;
    /* every agency pulling on f agrees with its patron: the splinter keeps it */
    struct model_params p;
    quiet_params(&p);
    p.splinter.rate = 1.0;
    gsl_rng *rng = new_rng(SEED);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int b = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION);
    w.nodes[a].stance = 0.4;
    w.nodes[b].stance = 0.4;
    w.nodes[f].patron = a;
    w.nodes[f].strain = 1000.0;
    world_add_tie(&w, b, f, TIE_COMMAND, 0.5);
    world_add_tie(&w, a, f, TIE_COMMAND, 0.5);
    world_reserve_slots(&w, 1);
    world_seal(&w);
    assert_int_equal(dynamics_spawn(&w, &p, rng, &ws), WORLD_OK);
    int g = w.nodes[f].slot_first;
    assert_int_equal(w.nodes[g].patron, a);
    assert_close(w.nodes[g].stance, 0.4);
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

/* A faction f under patron a of the given stance, with one slot reserved
 * for each of two spawns. */
static int build_front(struct world *w, double patron_stance, int *a)
{
    world_init(w);
    *a = world_add_node(w, KIND_AGENCY);
    int f = world_add_node(w, KIND_FACTION);
    w->nodes[*a].stance = patron_stance;
    w->nodes[f].patron = *a;
    w->nodes[f].strength = 0.8;
    w->nodes[f].stance = 0.7;
    world_add_tie(w, *a, f, TIE_COMMAND, 0.6);
    world_reserve_slots(w, 2);
    world_seal(w);
    return f;
}

static void test_dynamics_spawn_fronts(void **state)
{
    (void)state;
    enum { STEPS = 40 };
    struct model_params p;
    quiet_params(&p);    /* q_f 0.05, w_f 0.8, m_f 1 */
    p.fronts.rate = 1.0; /* P = 1 - exp(-1) per step under stance 1 */
    p.fronts.actors = 1; /* fronts as actors: they take strength and hold ties */
    gsl_rng *rng = new_rng(SEED);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world hot, calm;
    int a, ca;
    int f = build_front(&hot, 1.0, &a);
    build_front(&calm, 0.0, &ca);
    for (int t = 0; t < STEPS; t++) {
        assert_int_equal(dynamics_spawn(&hot, &p, rng, &ws), WORLD_OK);
        assert_int_equal(dynamics_spawn(&calm, &p, rng, &ws), WORLD_OK);
    }
    /* under stance 0 the hazard is exactly 0 */
    assert_int_equal(calm.nodes[f].slots_used, 0);
    /* under stance 1 one front appeared (P(none in 40) = e^-40), and only one */
    assert_int_equal(hot.nodes[f].slots_used, 1);
    int g = hot.nodes[f].slot_first;
    assert_int_equal(hot.nodes[g].spawn, SPAWN_FRONT);
    assert_close(hot.nodes[g].strength, 0.05 * 0.8);
    assert_close(hot.nodes[f].strength, 0.8 - 0.04);
    assert_close(hot.nodes[g].stance, 0.7); /* the parent's stance */
    assert_int_equal(hot.nodes[g].patron, a);
    assert_close(hot.edges[world_find_tie(&hot, a, g, TIE_COMMAND)].weight, 0.3);
    assert_close(hot.edges[world_find_tie(&hot, f, g, TIE_COORDINATION)].weight, 0.8);
    /* without an active patron no front is possible */
    struct world orphan;
    int oa;
    int of = build_front(&orphan, 1.0, &oa);
    world_remove_node(&orphan, oa);
    for (int t = 0; t < STEPS; t++)
        assert_int_equal(dynamics_spawn(&orphan, &p, rng, &ws), WORLD_OK);
    assert_int_equal(orphan.nodes[of].slots_used, 0);
    world_destroy(&orphan);

    /* the default: a front is a claim name. The slot records it (front,
     * parent, patron, stance) and it counts as created, but it takes no
     * strength, holds no tie and is not active */
    p.fronts.actors = 0;
    struct world claim;
    int clf = build_front(&claim, 1.0, &ca);
    int ties0 = claim.n_edges, nodes0 = world_active_nodes(&claim);
    for (int t = 0; t < STEPS; t++)
        assert_int_equal(dynamics_spawn(&claim, &p, rng, &ws), WORLD_OK);
    assert_int_equal(claim.nodes[clf].slots_used, 1);
    g = claim.nodes[clf].slot_first;
    assert_int_equal(claim.nodes[g].spawn, SPAWN_FRONT);
    assert_int_equal(claim.nodes[g].parent, clf);
    assert_int_equal(claim.nodes[g].patron, ca);
    assert_close(claim.nodes[g].stance, 0.7);
    assert_int_equal(claim.nodes[g].active, 0);
    assert_true(claim.nodes[g].strength == 0.0);
    assert_true(claim.nodes[clf].strength == 0.8); /* no strength taken */
    assert_int_equal(claim.n_edges, ties0);        /* no tie */
    assert_int_equal(world_active_nodes(&claim), nodes0);
    assert_int_equal(claim.ev.total[EVENT_FRONTS_CREATED], 1);
    assert_int_equal(claim.ev.total[EVENT_TIES_CREATED], 0);
    /* the measured network: no vertex for the claim, components unchanged */
    igraph_t gr;
    igraph_vector_t wt;
    igraph_vector_int_t vid2node;
    int node2vid[16];
    struct world_graph_ws gws;
    igraph_vector_init(&wt, 0);
    igraph_vector_int_init(&vid2node, 0);
    world_graph_ws_init(&gws);
    assert_true(claim.n_nodes <= 16);
    assert_int_equal(world_graph(&claim, &gr, &wt, &vid2node, node2vid, &gws), WORLD_OK);
    assert_int_equal(igraph_vcount(&gr), 2);
    assert_int_equal(node2vid[g], -1);
    igraph_integer_t ncomp = 0;
    igraph_connected_components(&gr, NULL, NULL, &ncomp, IGRAPH_WEAK);
    assert_int_equal(ncomp, 1);
    assert_int_equal(world_patron_count(&claim), 1);
    assert_close(world_mean_strength(&claim), 0.8);
    igraph_destroy(&gr);
    world_graph_ws_destroy(&gws);
    igraph_vector_int_destroy(&vid2node);
    igraph_vector_destroy(&wt);
    world_destroy(&claim);
    world_destroy(&hot);
    world_destroy(&calm);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

/* ---- dissolve ---------------------------------------------------------- */

static void test_dynamics_dissolve(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p); /* w_min 0.02 */
    struct world w;
    world_init(&w);
    int f = world_add_node(&w, KIND_FACTION);
    int g = world_add_node(&w, KIND_FACTION);
    int h = world_add_node(&w, KIND_FACTION);
    int l = world_add_node(&w, KIND_LEADER);
    int weak = world_add_tie(&w, f, g, TIE_COORDINATION, 0.019);
    int edge = world_add_tie(&w, f, g, TIE_PERSONAL, 0.02);
    int hl = world_add_tie(&w, h, l, TIE_PERSONAL, 0.9);
    w.nodes[h].strength = 0.0;
    w.nodes[l].strength = 0.0; /* only factions dissolve at zero strength */
    world_seal(&w);
    dynamics_dissolve(&w, &p);
    assert_int_equal(w.edges[weak].active, 0);
    assert_int_equal(w.edges[edge].active, 1); /* exactly w_min stays */
    assert_int_equal(w.nodes[h].active, 0);
    assert_int_equal(w.edges[hl].active, 0);
    assert_int_equal(w.nodes[l].active, 1);
    assert_int_equal(w.nodes[f].active, 1);
    world_destroy(&w);
}

/* ---- the whole step ---------------------------------------------------- */

/* A world exercising every mechanism: 3 agencies, 2 leaders, 6 factions,
 * an institution; ties of every type; slots for spawning. */
static void build_rich(struct world *w)
{
    world_init(w);
    int ag[3], ld[2], fc[6];
    for (int i = 0; i < 3; i++) {
        ag[i] = world_add_node(w, KIND_AGENCY);
        w->nodes[ag[i]].budget = 0.5 + 0.25 * i;
        w->nodes[ag[i]].stance = 0.5 * i;
    }
    for (int i = 0; i < 2; i++) {
        ld[i] = world_add_node(w, KIND_LEADER);
        w->nodes[ld[i]].authority = 0.6 + 0.3 * i;
    }
    w->nodes[ld[0]].successor = ld[1];
    int inst = world_add_node(w, KIND_INSTITUTION);
    w->nodes[inst].budget = 0.4;
    for (int i = 0; i < 6; i++) {
        fc[i] = world_add_node(w, KIND_FACTION);
        w->nodes[fc[i]].strength = 0.3 + 0.1 * i;
        w->nodes[fc[i]].stance = 0.15 * i;
        w->nodes[fc[i]].revenue = 0.02 * i;
        w->nodes[fc[i]].patron = ag[i % 3];
        w->nodes[fc[i]].strain = 5.0 * (i % 2);
        world_add_tie(w, ag[i % 3], fc[i], TIE_COMMAND, 0.4 + 0.1 * (i % 3));
        world_add_tie(w, ag[(i + 1) % 3], fc[i], TIE_FUNDING, 0.3);
        world_add_tie(w, ld[i % 2], fc[i], TIE_PERSONAL, 0.5 + 0.05 * i);
        world_add_tie(w, inst, fc[i], i % 2 ? TIE_FUNDING : TIE_POLITICAL, 0.5);
        if (i > 0)
            world_add_tie(w, fc[i - 1], fc[i], TIE_COORDINATION, 0.1 * i);
    }
    world_add_tie(w, ld[0], ag[0], TIE_PERSONAL, 0.7);
    world_add_tie(w, ld[1], ag[2], TIE_PERSONAL, 0.6);
    world_add_tie(w, ld[0], ld[1], TIE_PERSONAL, 0.2);
    world_reserve_slots(w, 2);
    world_seal(w);
}

static void test_dynamics_step_deterministic_and_bounded(void **state)
{
    (void)state;
    enum { STEPS = 60 };
    struct model_params p;
    params_default(&p);
    p.alignment.rate = 0.5;
    p.splinter.rate = 0.5;
    p.fronts.rate = 0.5;
    gsl_rng *r1 = new_rng(SEED), *r2 = new_rng(SEED);
    struct dynamics_ws ws1, ws2;
    dynamics_ws_init(&ws1);
    dynamics_ws_init(&ws2);
    struct world w1, w2;
    build_rich(&w1);
    build_rich(&w2);
    int spawned = 0;
    for (int t = 0; t < STEPS; t++) {
        assert_int_equal(dynamics_step(&w1, &p, NULL, r1, &ws1), WORLD_OK);
        assert_int_equal(dynamics_step(&w2, &p, NULL, r2, &ws2), WORLD_OK);
        for (int i = 0; i < w1.n_nodes; i++) {
            const struct actor *x = &w1.nodes[i];
            if (!x->active)
                continue;
            assert_true(x->strength >= 0.0 && x->strength <= 1.0);
            assert_true(x->stance >= 0.0 && x->stance <= 1.0);
            assert_true(x->strain >= 0.0);
            if (x->kind == KIND_FACTION && x->patron >= 0)
                assert_int_equal(w1.nodes[x->patron].kind, KIND_AGENCY);
        }
        for (int e = 0; e < w1.n_edges; e++) {
            if (!w1.edges[e].active)
                continue;
            assert_true(w1.edges[e].weight >= p.ties.min_weight && w1.edges[e].weight <= 1.0);
            assert_int_equal(w1.nodes[w1.edges[e].from].active, 1);
            assert_int_equal(w1.nodes[w1.edges[e].to].active, 1);
        }
    }
    for (int i = w1.n_base; i < w1.n_nodes; i++)
        spawned += w1.nodes[i].spawn != SPAWN_NONE;
    assert_true(spawned > 0); /* strained factions under hazard 0.5 split */
    /* same seed, same path, to the bit */
    for (int i = 0; i < w1.n_nodes; i++)
        assert_actor_equal(&w1.nodes[i], &w2.nodes[i]);
    assert_ties_equal(&w1, &w2);
    world_destroy(&w1);
    world_destroy(&w2);
    dynamics_ws_destroy(&ws1);
    dynamics_ws_destroy(&ws2);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

static void test_dynamics_step_off_changes_nothing(void **state)
{
    (void)state;
    struct model_params p;
    params_default(&p);
    p.dynamics = 0;
    p.alignment.rate = 1.0;
    p.splinter.rate = 1.0;
    p.fronts.rate = 1.0;
    gsl_rng *rng = new_rng(SEED);
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w, before;
    build_rich(&w);
    world_init(&before);
    world_copy(&before, &w);
    for (int t = 0; t < 10; t++)
        assert_int_equal(dynamics_step(&w, &p, NULL, rng, &ws), WORLD_OK);
    /* income is measured (faction 5: revenue 0.1 + funding 0.3 * budget of
     * agency 0 (0.5) + institution 0.5 * 0.4 = 0.45) ... */
    int f5 = 6 + 5;
    assert_close(w.nodes[f5].income, 0.1 + 0.3 * 0.5 + 0.5 * 0.4);
    /* ... and nothing else changed */
    for (int i = 0; i < w.n_nodes; i++) {
        struct actor x = w.nodes[i];
        x.income = before.nodes[i].income;
        assert_actor_equal(&x, &before.nodes[i]);
    }
    assert_ties_equal(&w, &before);
    /* the stream was not touched either: the next draw equals a fresh one */
    gsl_rng *fresh = new_rng(SEED);
    assert_int_equal(gsl_rng_get(rng), gsl_rng_get(fresh));
    gsl_rng_free(fresh);
    world_destroy(&w);
    world_destroy(&before);
    dynamics_ws_destroy(&ws);
    gsl_rng_free(rng);
}

static void test_dynamics_ws_reuse(void **state)
{
    (void)state;
    /* prepare grows for the larger of nodes and ties and then keeps its arrays */
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    struct world w;
    build_rich(&w);
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    assert_true(ws.cap >= w.n_nodes && ws.cap >= w.n_edges);
    double *target = ws.target;
    int cap = ws.cap;
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    assert_ptr_equal(ws.target, target);
    assert_int_equal(ws.cap, cap);
    for (int i = 0; i < ws.cap; i++)
        assert_true(ws.tie[i] == 0.0); /* zeroed scratch */
    world_destroy(&w);
    dynamics_ws_destroy(&ws);
    dynamics_ws_destroy(&ws);
}

/* ---- events: what the sources report, counted where it happens ---------- */

/* Event counts since step 0 and in the step alone, in enum world_event order. */
static void assert_events(const struct world *w, const long total[EVENT_COUNT], const long step[EVENT_COUNT])
{
    for (int e = 0; e < EVENT_COUNT; e++) {
        if (w->ev.total[e] != total[e])
            fail_msg("step %d: event %d total %ld, expected %ld", w->ev.t, e, w->ev.total[e], total[e]);
        if (w->ev.step[e] != step[e])
            fail_msg("step %d: event %d in the step %ld, expected %ld", w->ev.t, e, w->ev.step[e], step[e]);
    }
}

static void test_dynamics_events_counted(void **state)
{
    (void)state;
    struct model_params p;
    quiet_params(&p);
    p.ties.min_weight = 0.1;
    p.alignment.switch_loss = 0.5;
    p.alignment.new_tie_weight = 0.3;
    p.alignment.beta_tie = 0.0;
    p.alignment.beta_funding = 0.0;
    p.alignment.inertia = 0.0;
    p.alignment.beta_stance = 1e4; /* exp(-1e4) = 0: the nearest stance is chosen surely */
    p.splinter.max = 1;
    p.splinter.tie_weight = 0.2;
    p.fronts.max = 1;
    p.fronts.tie_weight = 0.8;
    /* fronts as actors that may switch patrons, to any agency: every event
     * kind happens in this small world */
    p.fronts.actors = 1;
    p.alignment.reach = REACH_ALL;
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY), b = world_add_node(&w, KIND_AGENCY);
    int l = world_add_node(&w, KIND_LEADER), q = world_add_node(&w, KIND_LEADER);
    int f = world_add_node(&w, KIND_FACTION), g = world_add_node(&w, KIND_FACTION);
    w.nodes[a].stance = 1.0;
    w.nodes[b].stance = 0.0;
    w.nodes[l].successor = q;
    w.nodes[f].stance = 0.0;
    w.nodes[f].patron = a;
    w.nodes[g].stance = 1.0;
    w.nodes[g].patron = a;
    w.nodes[g].strength = 0.5;
    w.nodes[g].strain = 1.0;
    world_add_tie(&w, a, f, TIE_COMMAND, 0.8);
    world_add_tie(&w, a, g, TIE_COMMAND, 0.8);
    world_add_tie(&w, b, g, TIE_FUNDING, 0.5);
    world_add_tie(&w, l, f, TIE_PERSONAL, 0.6);
    world_add_tie(&w, l, g, TIE_PERSONAL, 0.4);
    world_add_tie(&w, q, a, TIE_COMMAND, 0.9);
    world_add_tie(&w, f, g, TIE_COORDINATION, 0.05);
    assert_int_equal(world_reserve_slots(&w, 2), WORLD_OK);
    world_seal(&w);
    /* the scenario's own ties are the step-0 state, not events */
    const long none[EVENT_COUNT] = {0};
    assert_events(&w, none, none);
    assert_int_equal(w.nodes[f].patron0, a);
    assert_int_equal(w.nodes[f].initial, 1);
    assert_int_equal(w.nodes[w.nodes[f].slot_first].initial, 0); /* a slot is not of step 0 */
    struct dynamics_ws ws;
    dynamics_ws_init(&ws);
    gsl_rng *rng = new_rng(SEED);

    /* step 0: l killed (1 leader); q inherits his 2 ties (2 created), his
     * own 2 go (2 dissolved) */
    world_begin_step(&w, 0);
    assert_int_equal(pressure_decapitate(&w, l, 0.5), WORLD_OK);
    const long t0[EVENT_COUNT] = {
        [EVENT_LEADERS_KILLED] = 1, [EVENT_TIES_CREATED] = 2, [EVENT_TIES_DISSOLVED] = 2};
    assert_events(&w, t0, t0);

    /* step 1: g (strain 1, hazard 1 - exp(-1000)) splinters toward b; f and
     * g each spawn a front (patron a's stance 1, hazard 1 - exp(-1000)); 2
     * ties each: 6 created */
    world_begin_step(&w, 1);
    p.splinter.rate = 1e3;
    p.fronts.rate = 1e3;
    assert_int_equal(dynamics_ws_prepare(&ws, &w), WORLD_OK);
    assert_int_equal(dynamics_spawn(&w, &p, rng, &ws), WORLD_OK);
    int fs = w.nodes[f].slot_first, gs = w.nodes[g].slot_first;
    assert_int_equal(w.nodes[fs].spawn, SPAWN_FRONT);
    assert_int_equal(w.nodes[gs].spawn, SPAWN_SPLINTER);
    assert_int_equal(w.nodes[gs + 1].spawn, SPAWN_FRONT);
    assert_int_equal(w.nodes[gs].patron, b);
    const long s1[EVENT_COUNT] = {
        [EVENT_FRONTS_CREATED] = 2, [EVENT_SPLINTERS_CREATED] = 1, [EVENT_TIES_CREATED] = 6};
    const long c1[EVENT_COUNT] = {[EVENT_FRONTS_CREATED] = 2,
                                  [EVENT_SPLINTERS_CREATED] = 1,
                                  [EVENT_LEADERS_KILLED] = 1,
                                  [EVENT_TIES_CREATED] = 8,
                                  [EVENT_TIES_DISSOLVED] = 2};
    assert_events(&w, c1, s1);
    p.splinter.rate = 0.0;
    p.fronts.rate = 0.0;

    /* step 2: every faction reconsiders; stance decides. f (0) and its front
     * (0) go to b: 2 switches, 2 new command ties. The splinter is b's
     * already; g and its front (1) stay with a. Only f is a step-0 faction
     * that has left its step-0 patron. */
    world_begin_step(&w, 2);
    p.alignment.rate = 1.0;
    assert_int_equal(dynamics_patron(&w, &p, rng, &ws), WORLD_OK);
    p.alignment.rate = 0.0;
    assert_int_equal(w.nodes[f].patron, b);
    assert_int_equal(w.nodes[fs].patron, b);
    assert_int_equal(w.nodes[g].patron, a);
    const long s2[EVENT_COUNT] = {[EVENT_PATRON_SWITCHES] = 2, [EVENT_TIES_CREATED] = 2};
    const long c2[EVENT_COUNT] = {
        [EVENT_FRONTS_CREATED] = 2, [EVENT_SPLINTERS_CREATED] = 1, [EVENT_PATRON_SWITCHES] = 2,
        [EVENT_LEADERS_KILLED] = 1, [EVENT_TIES_CREATED] = 10,     [EVENT_TIES_DISSOLVED] = 2};
    assert_events(&w, c2, s2);
    int first = -1;
    assert_int_equal(world_left_initial_patron(&w, &first), 1);
    assert_int_equal(first, 1);
    assert_int_equal(w.nodes[f].left_step, 2);
    assert_int_equal(w.nodes[g].left_step, -1);
    assert_int_equal(w.nodes[fs].left_step, -1); /* spawned after step 0 */

    /* step 3: the f-g tie (0.05 < 0.1) dissolves, then g (strength 0) with
     * its 5 other active ties (a, b, q, its splinter, its front) */
    world_begin_step(&w, 3);
    w.nodes[g].strength = 0.0;
    dynamics_dissolve(&w, &p);
    const long s3[EVENT_COUNT] = {[EVENT_FACTIONS_DISSOLVED] = 1, [EVENT_TIES_DISSOLVED] = 6};
    const long c3[EVENT_COUNT] = {
        [EVENT_FRONTS_CREATED] = 2, [EVENT_SPLINTERS_CREATED] = 1,  [EVENT_PATRON_SWITCHES] = 2,
        [EVENT_LEADERS_KILLED] = 1, [EVENT_FACTIONS_DISSOLVED] = 1, [EVENT_TIES_CREATED] = 10,
        [EVENT_TIES_DISSOLVED] = 8};
    assert_events(&w, c3, s3);
    assert_int_equal(world_left_initial_patron(&w, &first), 1);
    assert_int_equal(first, 0); /* f left at step 2, not 3 */

    /* a switch back is a switch, and f no longer counts as having left;
     * its first leaving stays step 2 */
    world_begin_step(&w, 4);
    world_set_patron(&w, f, a);
    world_set_patron(&w, f, a); /* no change: no switch */
    assert_int_equal(w.ev.step[EVENT_PATRON_SWITCHES], 1);
    assert_int_equal(w.ev.total[EVENT_PATRON_SWITCHES], 3);
    assert_int_equal(world_left_initial_patron(&w, NULL), 0);
    assert_int_equal(w.nodes[f].left_step, 2);

    /* a replica's counts travel with its world */
    struct world c;
    world_init(&c);
    assert_int_equal(world_copy(&c, &w), WORLD_OK);
    assert_events(&c, w.ev.total, w.ev.step);
    assert_int_equal(c.ev.t, 4);
    assert_int_equal(c.nodes[f].left_step, 2);
    assert_int_equal(c.nodes[f].patron0, a);
    world_destroy(&c);
    gsl_rng_free(rng);
    dynamics_ws_destroy(&ws);
    world_destroy(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dynamics_income_sanctions),
        cmocka_unit_test(test_dynamics_money_shortfall_and_growth),
        cmocka_unit_test(test_dynamics_broker_exact_step),
        cmocka_unit_test(test_dynamics_broker_rivalry_divides),
        cmocka_unit_test(test_dynamics_institutions_bind),
        cmocka_unit_test(test_dynamics_directives_coordinated),
        cmocka_unit_test(test_dynamics_drift_from_rival_structures),
        cmocka_unit_test(test_dynamics_broker_removal_loosens),
        cmocka_unit_test(test_dynamics_succession_share),
        cmocka_unit_test(test_dynamics_directives_strain),
        cmocka_unit_test(test_dynamics_tie_strength),
        cmocka_unit_test(test_dynamics_patron_logit_frequencies),
        cmocka_unit_test(test_dynamics_patron_leader_binds),
        cmocka_unit_test(test_dynamics_patron_reach),
        cmocka_unit_test(test_dynamics_sanctions_dependence),
        cmocka_unit_test(test_dynamics_patron_no_agency),
        cmocka_unit_test(test_dynamics_rally),
        cmocka_unit_test(test_dynamics_rally_after_strike),
        cmocka_unit_test(test_dynamics_spawn_splinter),
        cmocka_unit_test(test_dynamics_spawn_splinter_no_rival),
        cmocka_unit_test(test_dynamics_spawn_fronts),
        cmocka_unit_test(test_dynamics_dissolve),
        cmocka_unit_test(test_dynamics_step_deterministic_and_bounded),
        cmocka_unit_test(test_dynamics_step_off_changes_nothing),
        cmocka_unit_test(test_dynamics_ws_reuse),
        cmocka_unit_test(test_dynamics_events_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
