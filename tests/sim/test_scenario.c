/* tests/sim/test_scenario.c - the scenario loader: every field of a good scenario,
 * extends, --set, generated and imported networks, the malformed corpus, limits.
 *
 * Expected values are read off the fixture files by hand (tests/fixtures/good);
 * every file in tests/fixtures/bad must be refused with its `# expect:`
 * message at its `# at:` position. Run from the repository root.
 */
#include "sim/load/scenario.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <igraph.h>

#include "tests/testutil.h"

#define GOOD "tests/fixtures/good/"
#define BAD "tests/fixtures/bad/"

/* Tolerance for values parsed from decimal text (exact up to rounding). */
#define EPS 1e-12

static void load_ok(struct scenario *s, const char *path, const struct scenario_set *sets, int n_sets)
{
    struct scenario_limits lim;
    struct diag d;
    scenario_limits_default(&lim);
    diag_init(&d);
    int rc = scenario_load(s, path, sets, n_sets, &lim, &d);
    if (rc != DIAG_OK)
        fail_msg("%s: %s:%d:%d: %s", path, d.file, d.line, d.col, d.msg);
}

static int load_err(const char *path, const struct scenario_set *sets, int n_sets,
                    const struct scenario_limits *lim, struct diag *d)
{
    struct scenario s;
    struct scenario_limits def;
    scenario_limits_default(&def);
    diag_init(d);
    int rc = scenario_load(&s, path, sets, n_sets, lim ? lim : &def, d);
    assert_int_not_equal(rc, DIAG_OK);
    /* a failed load leaves s destroyed: destroying again is safe */
    assert_null(s.name);
    assert_int_equal(s.world.n_nodes, 0);
    scenario_destroy(&s);
    return rc;
}

static int idx(const struct scenario *s, const char *id)
{
    int i = scenario_node_index(s, id);
    if (i < 0)
        fail_msg("no node '%s'", id);
    return i;
}

/* The tie of type t between ids a and b (either direction), or fail. */
static const struct tie *tie(const struct scenario *s, const char *a, const char *b, enum tie_type t)
{
    int e = world_find_tie(&s->world, idx(s, a), idx(s, b), t);
    if (e < 0)
        fail_msg("no %s tie %s-%s", world_tie_name(t), a, b);
    return &s->world.edges[e];
}

static void test_scenario_basic_fields(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "basic.yaml", NULL, 0);
    assert_string_equal(s.name, "basic-2020");
    assert_string_equal(s.description, "Two agencies, two leaders, three factions and a state body.");
    assert_string_equal(s.path, GOOD "basic.yaml");
    assert_int_equal(s.n_files, 1);
    assert_string_equal(s.files[0], GOOD "basic.yaml");
    /* sources, in file order; absent fields are "" */
    assert_int_equal(s.n_sources, 2);
    assert_string_equal(s.sources[0].key, "mee-2021");
    assert_string_equal(s.sources[0].title, "Agency rivalry");
    assert_string_equal(s.sources[0].outlet, "Middle East Eye");
    assert_string_equal(s.sources[0].date, "2021-03");
    assert_string_equal(s.sources[0].url, "https://example.org/a");
    assert_string_equal(s.sources[1].key, "crisis-2020");
    assert_string_equal(s.sources[1].date, "");
    assert_string_equal(s.sources[1].url, "");
    /* time and Monte Carlo */
    assert_int_equal(s.steps, 36);
    assert_string_equal(s.unit, "month");
    assert_string_equal(s.start, "2020-01");
    assert_int_equal(s.replicas, 250);
    assert_true(s.seed == 20200103u);
    /* model: given values, defaults elsewhere */
    assert_int_equal(s.params.dynamics, 1);
    assert_close(s.params.alignment.rate, 0.2, EPS);
    assert_close(s.params.alignment.beta_tie, 2.5, EPS);
    assert_close(s.params.alignment.beta_funding, 1.0, EPS);
    assert_close(s.params.succession.share, 0.5, EPS);
    assert_int_equal(s.params.splinter.max, 2);
    assert_int_equal(s.params.fronts.max, 1);

    /* nodes: YAML order, then 3 spawn slots per faction (splinter.max + fronts.max) */
    const struct world *w = &s.world;
    static const char *const ids[] = {"qf", "mois", "soleimani", "qaani", "kh", "aah", "badr", "pmc"};
    static const enum node_kind kinds[] = {KIND_AGENCY,  KIND_AGENCY,  KIND_LEADER,  KIND_LEADER,
                                           KIND_FACTION, KIND_FACTION, KIND_FACTION, KIND_INSTITUTION};
    assert_int_equal(w->n_base, 8);
    assert_int_equal(w->n_nodes, 8 + 3 * 3);
    assert_int_equal(w->n_initial, 8);
    for (int i = 0; i < 8; i++) {
        assert_string_equal(s.ids[i], ids[i]);
        assert_int_equal(w->nodes[i].kind, kinds[i]);
        assert_int_equal(w->nodes[i].active, 1);
        assert_int_equal(scenario_node_index(&s, ids[i]), i);
    }
    assert_int_equal(scenario_node_index(&s, "nope"), -1);
    assert_string_equal(s.labels[0], "IRGC Quds Force");
    assert_string_equal(s.labels[1], "mois"); /* the id when no label */
    assert_string_equal(s.labels[4], "Kata'ib Hezbollah");
    assert_string_equal(s.labels[7], "PMF Commission");
    /* qf */
    assert_close(w->nodes[0].budget, 1.0, EPS);
    assert_close(w->nodes[0].stance, 0.6, EPS);
    assert_close(w->nodes[0].strength, 1.0, EPS);
    assert_int_equal(w->nodes[0].patron, -1);
    /* mois */
    assert_close(w->nodes[1].budget, 0.5, EPS);
    assert_close(w->nodes[1].stance, 0.2, EPS);
    /* soleimani -> qaani */
    assert_close(w->nodes[2].authority, 1.0, EPS);
    assert_int_equal(w->nodes[2].successor, 3);
    assert_int_equal(w->nodes[3].successor, -1);
    assert_close(w->nodes[3].authority, 0.4, EPS);
    assert_close(w->nodes[3].stance, 0.5, EPS);
    /* kh: explicit patron qf */
    assert_close(w->nodes[4].strength, 0.8, EPS);
    assert_close(w->nodes[4].stance, 0.9, EPS);
    assert_close(w->nodes[4].revenue, 0.1, EPS);
    assert_int_equal(w->nodes[4].patron, 0);
    /* aah: command ties qf 0.5 and mois 0.5: equal, the lower index (qf) wins */
    assert_close(w->nodes[5].strength, 0.6, EPS);
    assert_int_equal(w->nodes[5].patron, 0);
    /* badr: its one command tie is from mois; the funding tie from pmc does not count */
    assert_int_equal(w->nodes[6].patron, 1);
    assert_close(w->nodes[6].strength, 0.9, EPS);
    /* pmc */
    assert_close(w->nodes[7].budget, 2.0, EPS);
    assert_int_equal(w->nodes[7].patron, -1);
    /* spawn slots: kh+1..kh+3, aah+1.., badr+1.. */
    assert_int_equal(w->nodes[4].slot_first, 8);
    assert_int_equal(w->nodes[4].slot_count, 3);
    assert_string_equal(s.ids[8], "kh+1");
    assert_string_equal(s.ids[10], "kh+3");
    assert_string_equal(s.labels[8], "Kata'ib Hezbollah (spawn 1)");
    assert_string_equal(s.ids[11], "aah+1");
    assert_string_equal(s.labels[13], "aah (spawn 3)");
    assert_string_equal(s.ids[16], "badr+3");
    assert_int_equal(w->nodes[16].parent, 6);
    assert_int_equal(w->nodes[16].active, 0);
    assert_int_equal(w->nodes[16].kind, KIND_FACTION);
    assert_int_equal(scenario_node_index(&s, "badr+2"), 15);

    /* ties, in file order, weights and their step-0 base */
    assert_int_equal(w->n_edges, 8);
    assert_int_equal(w->edges[0].from, 2);
    assert_int_equal(w->edges[0].to, 4);
    assert_int_equal(w->edges[0].type, TIE_PERSONAL);
    assert_close(w->edges[0].weight, 0.9, EPS);
    assert_close(w->edges[0].base, 0.9, EPS);
    assert_close(tie(&s, "soleimani", "aah", TIE_PERSONAL)->weight, 0.7, EPS);
    assert_close(tie(&s, "qf", "kh", TIE_COMMAND)->weight, 0.8, EPS);
    assert_close(tie(&s, "mois", "badr", TIE_COMMAND)->weight, 0.3, EPS);
    assert_close(tie(&s, "pmc", "badr", TIE_FUNDING)->weight, 0.6, EPS);
    assert_int_equal(tie(&s, "pmc", "badr", TIE_FUNDING)->from, 7);
    assert_close(tie(&s, "kh", "aah", TIE_COORDINATION)->weight, 1.0, EPS); /* default */
    assert_int_equal(world_find_tie(w, 4, 5, TIE_PERSONAL), -1);

    /* pressures */
    assert_int_equal(s.n_pressures, 4);
    const struct pressure *p = &s.pressures[0];
    assert_int_equal(p->type, PRESSURE_DECAPITATION);
    assert_int_equal(p->from, 0);
    assert_int_equal(p->to, 0);
    assert_int_equal(p->n_targets, 1);
    assert_int_equal(p->targets[0].type, TARGET_NODE);
    assert_int_equal(p->targets[0].node, 2);
    assert_int_equal(p->select, SELECT_LISTED);
    assert_int_equal(p->by, BY_NONE);
    assert_close(p->share, 0.3, EPS);
    assert_close(p->fraction, 1.0, EPS);
    p = &s.pressures[1];
    assert_int_equal(p->type, PRESSURE_SANCTIONS);
    assert_int_equal(p->from, 0);
    assert_int_equal(p->to, 36);
    assert_int_equal(p->targets[0].type, TARGET_KIND);
    assert_int_equal(p->targets[0].kind, KIND_AGENCY);
    assert_close(p->intensity, 0.4, EPS);
    assert_true(p->share < 0);
    p = &s.pressures[2];
    assert_int_equal(p->type, PRESSURE_STRIKES);
    assert_int_equal(p->from, 6);
    assert_int_equal(p->to, 36); /* `from` alone runs to the end */
    assert_int_equal(p->targets[0].kind, KIND_FACTION);
    assert_int_equal(p->select, SELECT_TARGETED);
    assert_int_equal(p->by, BY_STRENGTH);
    assert_close(p->rate, 0.1, EPS);
    assert_close(p->severity, 0.3, EPS);
    assert_true(p->kill < 0); /* unset: strikes.leader_kill applies */
    p = &s.pressures[3];
    assert_int_equal(p->type, PRESSURE_REMOVAL);
    assert_int_equal(p->from, 1);
    assert_int_equal(p->to, 1);
    assert_int_equal(p->targets[0].type, TARGET_ALL);
    assert_int_equal(p->select, SELECT_RANDOM);
    assert_close(p->fraction, 0.5, EPS);

    /* outputs: snapshots sorted */
    assert_int_equal(s.every, 3);
    assert_int_equal(s.n_snapshots, 3);
    assert_int_equal(s.snapshots[0], 0);
    assert_int_equal(s.snapshots[1], 12);
    assert_int_equal(s.snapshots[2], 36);
    assert_int_equal(s.n_node_steps, 3);
    assert_int_equal(s.node_steps[1], 12);
    assert_int_equal(scenario_records(&s, 3), 1);
    assert_int_equal(scenario_records(&s, 4), 0);
    assert_int_equal(scenario_records(&s, 36), 1);
    scenario_destroy(&s);
    scenario_destroy(&s); /* twice is safe */
}

static void test_scenario_describe(void **state)
{
    (void)state;
    struct scenario s;
    char *buf = NULL;
    size_t len = 0;
    load_ok(&s, GOOD "basic.yaml", NULL, 0);
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    scenario_describe(&s, f);
    fclose(f);
    assert_string_equal(buf, "scenario basic-2020: 8 nodes (2 agency, 2 leader, 3 faction, 1 "
                             "institution) and 9 spawn slots, 8 ties (4 command, 1 funding, 2 "
                             "personal, 1 coordination), 4 pressures (decapitation at 0, sanctions "
                             "0..36, strikes 6..36, removal at 1), 36 steps (month from 2020-01), 250 "
                             "replicas, seed 20200103, dynamics on\n");
    free(buf);
    scenario_destroy(&s);
}

static void test_scenario_extends(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "child.yaml", NULL, 0);
    assert_string_equal(s.name, "child-2020"); /* not inherited */
    assert_int_equal(s.n_files, 2);
    assert_string_equal(s.files[0], GOOD "child.yaml");
    assert_string_equal(s.files[1], GOOD "basic.yaml");
    /* inherited */
    assert_int_equal(s.steps, 36);
    assert_true(s.seed == 20200103u);
    assert_int_equal(s.n_sources, 2);
    /* overridden */
    assert_int_equal(s.replicas, 10);
    /* kh: strength overridden, everything else kept */
    int kh = idx(&s, "kh");
    assert_int_equal(kh, 4);
    assert_close(s.world.nodes[kh].strength, 0.5, EPS);
    assert_close(s.world.nodes[kh].stance, 0.9, EPS);
    assert_int_equal(s.world.nodes[kh].patron, 0);
    assert_string_equal(s.labels[kh], "Kata'ib Hezbollah");
    /* a new node follows the parent's */
    assert_int_equal(s.world.n_base, 9);
    assert_int_equal(idx(&s, "nujaba"), 8);
    assert_close(s.world.nodes[8].strength, 0.4, EPS);
    /* the coordination tie given the other way round replaces the parent's */
    assert_int_equal(s.world.n_edges, 8);
    const struct tie *t = tie(&s, "kh", "aah", TIE_COORDINATION);
    assert_close(t->weight, 0.3, EPS);
    assert_int_equal(t->from, idx(&s, "aah"));
    /* pressures: the child's is appended */
    assert_int_equal(s.n_pressures, 5);
    assert_int_equal(s.pressures[4].type, PRESSURE_REMOVAL);
    assert_int_equal(s.pressures[4].from, 24);
    assert_int_equal(s.pressures[4].targets[0].node, idx(&s, "badr"));
    assert_int_equal(s.pressures[0].type, PRESSURE_DECAPITATION);
    /* outputs: snapshots replaced, the rest of the mapping inherited */
    assert_int_equal(s.n_snapshots, 1);
    assert_int_equal(s.snapshots[0], 24);
    assert_int_equal(s.every, 3);
    assert_int_equal(s.n_node_steps, 3);
    scenario_destroy(&s);
}

static void test_scenario_set(void **state)
{
    (void)state;
    struct scenario s;
    const struct scenario_set sets[] = {
        {"model.alignment.rate", "0.35", NULL},  {"monte_carlo.replicas", "7", NULL},
        {"outputs.snapshots", "[6, 0]", NULL},   {"model.broker.relax", "0.5", NULL},
        {"description", "with overrides", NULL},
    };
    load_ok(&s, GOOD "basic.yaml", sets, 5);
    assert_close(s.params.alignment.rate, 0.35, EPS);
    assert_close(s.params.alignment.beta_tie, 2.5, EPS); /* untouched */
    assert_close(s.params.broker.relax, 0.5, EPS);
    assert_int_equal(s.replicas, 7);
    assert_int_equal(s.n_snapshots, 2);
    assert_int_equal(s.snapshots[0], 0);
    assert_int_equal(s.snapshots[1], 6);
    assert_string_equal(s.description, "with overrides");
    scenario_destroy(&s);

    /* node_steps none / all */
    const struct scenario_set none = {"outputs.node_steps", "none", NULL};
    load_ok(&s, GOOD "gen_er.yaml", &none, 1);
    assert_int_equal(s.n_node_steps, 0);
    scenario_destroy(&s);
    load_ok(&s, GOOD "gen_er.yaml", NULL, 0);
    assert_int_equal(s.every, 1);
    assert_int_equal(s.n_node_steps, 11); /* steps 0..10 */
    assert_int_equal(s.node_steps[10], 10);
    scenario_destroy(&s);
    const struct scenario_set every4 = {"outputs.every", "4", NULL};
    load_ok(&s, GOOD "gen_er.yaml", &every4, 1);
    assert_int_equal(s.n_node_steps, 4); /* 0, 4, 8 and the last step 10 */
    assert_int_equal(s.node_steps[3], 10);
    scenario_destroy(&s);

    /* a mapping value replaces the mapping at KEY (docs/FORMAT.md), it is
     * not merged into it: basic.yaml's seed 20200103 is gone */
    const struct scenario_set mc = {"monte_carlo", "{replicas: 3}", NULL};
    load_ok(&s, GOOD "basic.yaml", &mc, 1);
    assert_int_equal(s.replicas, 3);
    assert_int_equal(s.seed, 1); /* the default */
    scenario_destroy(&s);
    /* a key under a null value: the null is replaced by a mapping */
    const struct scenario_set under_null[] = {{"outputs", "~", NULL}, {"outputs.every", "2", NULL}};
    load_ok(&s, GOOD "basic.yaml", under_null, 2);
    assert_int_equal(s.every, 2);
    scenario_destroy(&s);
}

static void test_scenario_set_errors(void **state)
{
    (void)state;
    struct diag d;
    /* an unknown key: located at the key in "monte_carlo.replica=5" */
    const struct scenario_set typo = {"monte_carlo.replica", "5", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &typo, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "--set");
    assert_int_equal(d.line, 1);
    assert_int_equal(d.col, 13);
    assert_string_equal(d.msg, "unknown key 'replica' in monte_carlo (did you mean 'replicas'?)");
    /* a bad value: located at the value, after "model.alignment.rate=" */
    const struct scenario_set range = {"model.alignment.rate", "2", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &range, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "--set");
    assert_int_equal(d.col, 22);
    assert_string_equal(d.msg, "'alignment.rate' must be in [0, 1], got 2");
    /* an unknown parameter gets the did-you-mean */
    const struct scenario_set param = {"model.alignment.beta_ti", "2", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &param, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.col, 17);
    assert_non_null(strstr(d.msg, "(did you mean 'alignment.beta_tie'?)"));
    /* a YAML syntax error in the value */
    const struct scenario_set syntax = {"outputs.snapshots", "[0, 12", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &syntax, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "--set");
    assert_non_null(strstr(d.msg, "yaml syntax error"));
    /* empty keys and segments */
    const struct scenario_set empty = {"", "5", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &empty, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.col, 1);
    const struct scenario_set dots = {"model..rate", "5", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &dots, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.col, 7);
    assert_non_null(strstr(d.msg, "empty key segment"));
    /* a wrong type through --set */
    const struct scenario_set list = {"time.steps", "[1, 2]", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &list, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "'steps' must be an integer, not a list");
    assert_int_equal(d.col, 12);
    /* extends cannot be set: the chain is read before the overrides */
    const struct scenario_set ext = {"extends", "other.yaml", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &ext, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "--set");
    assert_int_equal(d.line, 1);
    assert_int_equal(d.col, 1);
    assert_non_null(strstr(d.msg, "--set cannot change 'extends'"));
    /* an override made by an option names the option, not --set text never typed */
    const struct scenario_set opt = {"monte_carlo.replicas", "100000001", "-n/--replicas"};
    assert_int_equal(load_err(GOOD "basic.yaml", &opt, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "");
    assert_int_equal(d.line, 0);
    assert_string_equal(d.msg, "-n/--replicas: 'replicas' must be in [1, 100000000], got 100000001");
    const struct scenario_set into_scalar[] = {{"monte_carlo", "5", NULL},
                                               {"monte_carlo.replicas", "3", "-n/--replicas"}};
    assert_int_equal(load_err(GOOD "basic.yaml", into_scalar, 2, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "");
    assert_string_equal(d.msg, "-n/--replicas: 'monte_carlo.replicas' reaches into a scalar");
    /* a seed above INT64_MAX, which meta.json could not record */
    const struct scenario_set seed = {"monte_carlo.seed", "9223372036854775808", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &seed, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "--set");
    assert_int_equal(d.col, 18);
    assert_string_equal(d.msg, "'seed' must be in [0, 9223372036854775807], got 9223372036854775808");
}

/* --set by id: network.nodes[ID] and network.edges[FROM->TO(,TYPE)], looked
 * up in the merged scenario (a parent's nodes and edges too). */
static void test_scenario_set_by_id(void **state)
{
    (void)state;
    struct scenario s;
    /* qaani and badr are written in basic.yaml, nujaba in child.yaml; the
     * aah-kh tie is basic.yaml's, reweighted by child.yaml */
    const struct scenario_set sets[] = {
        {"network.nodes[qaani].authority", "0.25", NULL},
        {"network.nodes[badr].strength", "0.125", NULL},
        {"network.nodes[nujaba].stance", "0.75", NULL},
        {"network.edges[kh->soleimani].weight", "0.375",
         NULL}, /* written soleimani -> kh: either direction */
        {"network.edges[aah->kh,coordination].weight", "0.625", NULL},
    };
    load_ok(&s, GOOD "child.yaml", sets, 5);
    assert_close(s.world.nodes[idx(&s, "qaani")].authority, 0.25, EPS);
    assert_close(s.world.nodes[idx(&s, "badr")].strength, 0.125, EPS);
    assert_close(s.world.nodes[idx(&s, "nujaba")].stance, 0.75, EPS);
    assert_close(s.world.nodes[idx(&s, "kh")].strength, 0.5, EPS); /* child.yaml's, untouched */
    assert_close(tie(&s, "soleimani", "kh", TIE_PERSONAL)->weight, 0.375, EPS);
    assert_close(tie(&s, "kh", "aah", TIE_COORDINATION)->weight, 0.625, EPS);
    assert_close(tie(&s, "qf", "kh", TIE_COMMAND)->weight, 0.8, EPS); /* untouched */
    assert_int_equal(tie(&s, "soleimani", "kh", TIE_PERSONAL)->from, idx(&s, "soleimani"));
    scenario_destroy(&s);
    /* a whole node replaced by id keeps its place in the list */
    const struct scenario_set whole = {"network.nodes[aah]", "{id: aah, kind: faction, strength: 0.5}", NULL};
    load_ok(&s, GOOD "basic.yaml", &whole, 1);
    assert_int_equal(idx(&s, "aah"), 5);
    assert_close(s.world.nodes[5].strength, 0.5, EPS);
    assert_close(s.world.nodes[5].stance, 0.5, EPS); /* the default: the old stance 0.7 is gone */
    scenario_destroy(&s);
    /* the type tells two ties of one pair apart; [7] is the node with id 7,
     * .2 the third node (the same one here) */
    const struct scenario_set typed[] = {
        {"network.edges[kh->soleimani,command].weight", "0.25", NULL},
        {"network.nodes[7].strength", "0.125", NULL},
        {"network.nodes.3.strength", "0.375", NULL},
    };
    load_ok(&s, GOOD "two_ties.yaml", typed, 3);
    assert_close(tie(&s, "soleimani", "kh", TIE_COMMAND)->weight, 0.25, EPS);
    assert_close(tie(&s, "soleimani", "kh", TIE_PERSONAL)->weight, 0.9, EPS);
    assert_close(s.world.nodes[idx(&s, "7")].strength, 0.125, EPS);
    assert_close(s.world.nodes[idx(&s, "aah")].strength, 0.375, EPS);
    scenario_destroy(&s);
}

static void test_scenario_set_by_id_errors(void **state)
{
    (void)state;
    struct diag d;
    struct {
        const char *file, *key;
        int col;
        const char *msg;
    } cases[] = {
        {"basic.yaml", "network.nodes[qaanii].authority", 15,
         "no node with id 'qaanii' (did you mean 'qaani'?)"},
        {"basic.yaml", "network.nodes.qaani.authority", 15,
         "'qaani' in --set 'network.nodes.qaani.authority' is a list: use an index 0..7, or select by id: "
         "network.nodes[qaani]"},
        {"basic.yaml", "network.edges[soleimanii->kh].weight", 15,
         "no edge from or to 'soleimanii' in network.edges (did you mean 'soleimani'?)"},
        {"basic.yaml", "network.edges[soleimani->khh].weight", 26,
         "no edge from or to 'khh' in network.edges (did you mean 'kh'?)"},
        {"basic.yaml", "network.edges[soleimani->badr].weight", 15,
         "no edge between 'soleimani' and 'badr' in network.edges"},
        {"basic.yaml", "network.edges[soleimani->kh,command].weight", 29,
         "no command edge between 'soleimani' and 'kh' in network.edges; the edges between them: personal at "
         "tests/fixtures/good/basic.yaml:25:7"},
        {"basic.yaml", "network.edges[soleimani->kh,comand].weight", 29,
         "unknown tie type 'comand' (did you mean 'command'?)"},
        {"basic.yaml", "network.edges[kh].weight", 15,
         "an edge is selected by its ends in --set: network.edges[FROM->TO] or network.edges[FROM->TO,TYPE]"},
        {"basic.yaml", "network.edges[kh->].weight", 15,
         "an edge is selected by its ends in --set: network.edges[FROM->TO] or network.edges[FROM->TO,TYPE]"},
        {"basic.yaml", "pressures[0].at", 10,
         "'pressures' has no ids: use an index ([...] selects the items of network.nodes by id and of "
         "network.edges by ends)"},
        {"basic.yaml", "network.nodes[kh", 14, "'[' without ']' in --set 'network.nodes[kh'"},
        {"basic.yaml", "network.nodes[kh]x", 18,
         "']' must end the key or be followed by '.' in --set "
         "'network.nodes[kh]x'"},
        {"basic.yaml", "network.nodes[].x", 14, "empty '[]' in --set 'network.nodes[].x'"},
        {"basic.yaml", "network.nodes[kh]..x", 19, "empty key segment in --set 'network.nodes[kh]..x'"},
        {"basic.yaml", "[kh].x", 1,
         "'[' in --set '[kh].x' must follow the name of a list, as in network.nodes[kh]"},
        {"basic.yaml", "network.time[kh]", 13,
         "'time' has no ids: use an index ([...] selects the items of network.nodes by id and of "
         "network.edges "
         "by ends)"},
        /* two ties between one pair: the type must say which */
        {"two_ties.yaml", "network.edges[kh->soleimani].weight", 15,
         "2 edges between 'kh' and 'soleimani' in network.edges: personal at "
         "tests/fixtures/good/two_ties.yaml:13:7, "
         "command at tests/fixtures/good/two_ties.yaml:14:7; add the type, as in "
         "network.edges[kh->soleimani,TYPE]"},
        {"two_ties.yaml", "network.nodes[8].strength", 15, "no node with id '8' (did you mean '7'?)"},
        /* generated and imported nodes have no YAML entry to change */
        {"gen_er.yaml", "network.nodes[f7].strength", 15,
         "node 'f7' is made by network.generate: --set reaches the nodes listed in network.nodes only "
         "(network.generate's keys set every generated node)"},
        {"gen_er.yaml", "network.nodes[f100].strength", 15, "no node with id 'f100'"},
        {"import_csv.yaml", "network.nodes[x].strength", 15,
         "no node with id 'x'; the nodes of network.import cannot be set one by one"},
        {"import_csv.yaml", "network.edges[x->y].weight", 18,
         "no edge from or to 'y' in network.edges (did you mean 'x'?); the ties of network.generate and "
         "network.import cannot be set one by one"},
    };
    char path[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct scenario_set set = {cases[i].key, "0.5", NULL};
        snprintf(path, sizeof path, GOOD "%s", cases[i].file);
        assert_int_equal(load_err(path, &set, 1, NULL, &d), DIAG_INPUT);
        assert_string_equal(d.file, "--set");
        assert_int_equal(d.line, 1);
        if (d.col != cases[i].col || strcmp(d.msg, cases[i].msg))
            fail_msg("%s: col %d: %s", cases[i].key, d.col, d.msg);
    }
    /* a value that breaks a rule is located at the value, after the selector */
    const struct scenario_set range = {"network.nodes[kh].strength", "2", NULL};
    assert_int_equal(load_err(GOOD "basic.yaml", &range, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.col, 28);
    assert_string_equal(d.msg, "'strength' must be in [0, 1], got 2");
}

static void test_scenario_format_example(void **state)
{
    (void)state;
    /* the complete example of docs/FORMAT.md, and the summary the page shows for it */
    struct scenario s;
    char *buf = NULL;
    size_t len = 0;
    load_ok(&s, GOOD "format_example.yaml", NULL, 0);
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    scenario_describe(&s, f);
    fclose(f);
    assert_string_equal(buf, "scenario decapitation-2020: 9 nodes (2 agency, 3 leader, 3 faction, 1 "
                             "institution) and 9 spawn slots, 9 ties (3 command, 2 funding, 3 "
                             "personal, 1 coordination), 3 pressures (decapitation at 0, sanctions "
                             "0..36, strikes 6..36), 36 steps (month from 2020-01), 1000 replicas, "
                             "seed 20200103, dynamics on\n");
    free(buf);
    assert_int_equal(s.pressures[0].n_targets, 2);
    assert_int_equal(s.pressures[0].targets[1].node, idx(&s, "muhandis"));
    assert_close(s.params.succession.share, 0.4, EPS);
    /* kh: explicit patron; aah: its only command tie; badr: beit's command tie */
    assert_int_equal(s.world.nodes[idx(&s, "kh")].patron, idx(&s, "qf"));
    assert_int_equal(s.world.nodes[idx(&s, "aah")].patron, idx(&s, "qf"));
    assert_int_equal(s.world.nodes[idx(&s, "badr")].patron, idx(&s, "beit"));
    scenario_destroy(&s);
}

/* Every tie's endpoints and type, as a flat list. */
static int *edge_list(const struct scenario *s)
{
    int *e = malloc((size_t)s->world.n_edges * 3 * sizeof *e);
    assert_non_null(e);
    for (int i = 0; i < s->world.n_edges; i++) {
        e[3 * i] = s->world.edges[i].from;
        e[3 * i + 1] = s->world.edges[i].to;
        e[3 * i + 2] = (int)s->world.edges[i].type;
    }
    return e;
}

static void test_scenario_generate_er(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "gen_er.yaml", NULL, 0);
    /* n = 100, mean degree 4: m = 100 * 4 / 2 = 200 ties exactly */
    assert_int_equal(s.world.n_nodes, 100); /* dynamics off: no spawn slots */
    assert_int_equal(s.world.n_edges, 200);
    assert_string_equal(s.ids[0], "f0");
    assert_string_equal(s.ids[99], "f99");
    assert_string_equal(s.labels[42], "f42");
    for (int i = 0; i < 100; i++) {
        assert_int_equal(s.world.nodes[i].kind, KIND_FACTION);
        assert_close(s.world.nodes[i].strength, 0.7, EPS);
        assert_close(s.world.nodes[i].stance, 0.5, EPS);
    }
    for (int e = 0; e < 200; e++) {
        assert_int_equal(s.world.edges[e].type, TIE_COORDINATION);
        assert_close(s.world.edges[e].weight, 1.0, EPS);
        assert_int_not_equal(s.world.edges[e].from, s.world.edges[e].to);
        /* simple graph: one tie per pair */
        assert_int_equal(
            world_find_tie(&s.world, s.world.edges[e].from, s.world.edges[e].to, TIE_COORDINATION), e);
    }
    int *first = edge_list(&s);
    scenario_destroy(&s);

    /* the same scenario and seed give the same ties */
    load_ok(&s, GOOD "gen_er.yaml", NULL, 0);
    int *second = edge_list(&s);
    assert_memory_equal(first, second, 200 * 3 * sizeof *first);
    free(second);
    scenario_destroy(&s);

    /* another seed gives another graph of the same size */
    const struct scenario_set seed = {"monte_carlo.seed", "8", NULL};
    load_ok(&s, GOOD "gen_er.yaml", &seed, 1);
    assert_int_equal(s.world.n_edges, 200);
    int *third = edge_list(&s);
    assert_memory_not_equal(first, third, 200 * 3 * sizeof *first);
    free(third);
    free(first);
    scenario_destroy(&s);
}

static void test_scenario_generate_ba(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "gen_ba.yaml", NULL, 0);
    /* n = 50, m = 2: vertex i >= 1 cites min(i, 2): 1 + 48 * 2 = 97 ties */
    assert_int_equal(s.world.n_nodes, 50);
    assert_int_equal(s.world.n_edges, 97);
    assert_string_equal(s.ids[49], "g49"); /* default prefix */
    for (int e = 0; e < 97; e++) {
        assert_int_equal(s.world.edges[e].type, TIE_PERSONAL);
        assert_close(s.world.edges[e].weight, 0.5, EPS);
    }
    int *first = edge_list(&s);
    scenario_destroy(&s);
    load_ok(&s, GOOD "gen_ba.yaml", NULL, 0);
    int *second = edge_list(&s);
    assert_memory_equal(first, second, 97 * 3 * sizeof *first);
    free(first);
    free(second);
    scenario_destroy(&s);
}

static void test_scenario_generate_sbm(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "gen_sbm.yaml", NULL, 0);
    /* YAML node first, then b0..b29; blocks of 10 and 20, complete inside, nothing across */
    assert_int_equal(s.world.n_nodes, 31);
    assert_string_equal(s.ids[0], "qf");
    assert_string_equal(s.ids[1], "b0");
    assert_string_equal(s.ids[30], "b29");
    assert_int_equal(s.world.n_edges, 45 + 190 + 1);
    int within = 0, across = 0;
    for (int e = 0; e < s.world.n_edges; e++) {
        const struct tie *t = &s.world.edges[e];
        if (t->type != TIE_COORDINATION)
            continue;
        int ba = t->from <= 10, bb = t->to <= 10;
        if (ba == bb)
            within++;
        else
            across++;
    }
    assert_int_equal(within, 235);
    assert_int_equal(across, 0);
    /* the YAML edge reaches a generated node, and makes qf its patron */
    const struct tie *t = tie(&s, "qf", "b0", TIE_COMMAND);
    assert_close(t->weight, 0.4, EPS);
    assert_int_equal(s.world.edges[s.world.n_edges - 1].type, TIE_COMMAND); /* YAML ties last */
    assert_int_equal(s.world.nodes[1].patron, 0);
    assert_int_equal(s.world.nodes[2].patron, -1);
    scenario_destroy(&s);
}

static void test_scenario_import_graphml(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "import_graphml.yaml", NULL, 0);
    assert_int_equal(s.n_files, 2);
    assert_string_equal(s.files[1], GOOD "net.graphml");
    assert_int_equal(s.world.n_base, 5);
    static const char *const ids[] = {"qf", "a", "b", "c", "d"};
    static const enum node_kind kinds[] = {KIND_AGENCY, KIND_FACTION, KIND_LEADER, KIND_FACTION, KIND_AGENCY};
    for (int i = 0; i < 5; i++) {
        assert_string_equal(s.ids[i], ids[i]);
        assert_int_equal(s.world.nodes[i].kind, kinds[i]);
    }
    assert_string_equal(s.labels[1], "Alpha");
    assert_string_equal(s.labels[2], "b");
    assert_close(s.world.nodes[1].strength, 0.5, EPS);
    assert_close(s.world.nodes[2].authority, 0.7, EPS);
    assert_close(s.world.nodes[3].strength, 1.0, EPS);
    assert_close(s.world.nodes[4].budget, 0.5, EPS);
    /* imported ties first (the import's default type: personal), then the YAML one */
    assert_int_equal(s.world.n_edges, 4);
    assert_int_equal(s.world.edges[0].type, TIE_PERSONAL);
    assert_close(s.world.edges[0].weight, 0.25, EPS);
    assert_int_equal(s.world.edges[0].from, 1);
    assert_int_equal(s.world.edges[0].to, 2);
    assert_int_equal(s.world.edges[1].type, TIE_COORDINATION);
    assert_close(s.world.edges[1].weight, 1.0, EPS);
    /* funding from the agency d to the faction c */
    assert_int_equal(s.world.edges[2].type, TIE_FUNDING);
    assert_int_equal(s.world.edges[2].from, 4);
    assert_int_equal(s.world.edges[2].to, 3);
    assert_close(s.world.edges[2].weight, 0.6, EPS);
    assert_int_equal(s.world.edges[3].type, TIE_COMMAND);
    assert_int_equal(s.world.nodes[1].patron, 0);
    assert_int_equal(s.world.nodes[3].patron, -1); /* funding is not command */
    /* dynamics on with default splinter/front rates: 2 slots for each of a and c */
    assert_int_equal(s.world.n_nodes, 9);
    assert_string_equal(s.ids[5], "a+1");
    assert_string_equal(s.ids[8], "c+2");
    scenario_destroy(&s);
}

/* A GraphML key's <default> gives the value of a missing <data>; the nodes
 * come in igraph's order (first mention, here by an edge before the nodes);
 * yEd's graphics, a port and a <desc> are accepted and not read. */
static void test_scenario_import_graphml_defaults(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "import_defaults.yaml", NULL, 0);
    assert_int_equal(s.world.n_base, 3);
    static const char *const ids[] = {"x", "y", "z"};
    static const enum node_kind kinds[] = {KIND_FACTION, KIND_LEADER, KIND_LEADER};
    for (int i = 0; i < 3; i++) {
        assert_string_equal(s.ids[i], ids[i]);
        assert_int_equal(s.world.nodes[i].kind, kinds[i]);
    }
    assert_int_equal(s.world.n_edges, 2);
    assert_int_equal(s.world.edges[0].from, 0);
    assert_int_equal(s.world.edges[0].to, 1);
    assert_close(s.world.edges[0].weight, 0.4, EPS);
    assert_int_equal(s.world.edges[1].from, 2);
    assert_int_equal(s.world.edges[1].to, 0);
    assert_close(s.world.edges[1].weight, 0.8, EPS);
    scenario_destroy(&s);
}

static void test_scenario_import_csv(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "import_csv.yaml", NULL, 0);
    assert_int_equal(s.n_files, 2);
    assert_string_equal(s.files[1], GOOD "net.csv");
    assert_int_equal(s.world.n_nodes, 4);
    assert_string_equal(s.ids[1], "x");
    assert_string_equal(s.ids[2], "y");
    assert_string_equal(s.ids[3], "z");
    for (int i = 1; i < 4; i++)
        assert_int_equal(s.world.nodes[i].kind, KIND_FACTION);
    assert_int_equal(s.world.n_edges, 4);
    /* x,y,0.5,personal / y,z,, (defaults) / z,x,0.75,coordination / YAML qf->x */
    assert_int_equal(s.world.edges[0].type, TIE_PERSONAL);
    assert_close(s.world.edges[0].weight, 0.5, EPS);
    assert_int_equal(s.world.edges[1].type, TIE_COORDINATION);
    assert_close(s.world.edges[1].weight, 1.0, EPS);
    assert_int_equal(s.world.edges[1].from, 2);
    assert_int_equal(s.world.edges[1].to, 3);
    assert_close(s.world.edges[2].weight, 0.75, EPS);
    assert_int_equal(s.world.edges[3].type, TIE_FUNDING);
    assert_close(tie(&s, "qf", "x", TIE_FUNDING)->weight, 0.2, EPS);
    scenario_destroy(&s);
}

/* One malformed fixture: "# expect: MSG" on line 1, "# at: [FILE:]LINE:COL" on line 2. */
static void check_bad(const char *name)
{
    char path[512], line1[1024], line2[512], want_file[512];
    int want_line = 0, want_col = 0;
    struct diag d;
    snprintf(path, sizeof path, BAD "%s", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    if (!fgets(line1, sizeof line1, f) || !fgets(line2, sizeof line2, f))
        fail_msg("%s: no header", path);
    fclose(f);
    line1[strcspn(line1, "\n")] = '\0';
    line2[strcspn(line2, "\n")] = '\0';
    if (strncmp(line1, "# expect: ", 10) != 0 || strncmp(line2, "# at: ", 6) != 0)
        fail_msg("%s: header must be '# expect: ...' then '# at: ...'", path);
    const char *expect = line1 + 10, *at = line2 + 6;
    const char *colon = strrchr(at, ':');
    const char *colon2 = NULL;
    for (const char *p = at; p < colon; p++)
        if (*p == ':')
            colon2 = p;
    if (colon2) { /* FILE:LINE:COL, FILE relative to tests/fixtures/bad */
        snprintf(want_file, sizeof want_file, BAD "%.*s", (int)(colon2 - at), at);
        want_line = atoi(colon2 + 1);
    } else {
        snprintf(want_file, sizeof want_file, "%s", path);
        want_line = atoi(at);
    }
    want_col = atoi(colon + 1);
    int rc = load_err(path, NULL, 0, NULL, &d);
    if (rc != DIAG_INPUT || !strstr(d.msg, expect) || strcmp(d.file, want_file) != 0 || d.line != want_line ||
        d.col != want_col)
        fail_msg("%s: got code %d at %s:%d:%d: %s\n  want code 2 at %s:%d:%d: ...%s...", path, rc, d.file,
                 d.line, d.col, d.msg, want_file, want_line, want_col, expect);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_scenario_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir(BAD);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    assert_non_null(dir);
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(names);
        names[n] = strdup(e->d_name);
        assert_non_null(names[n]);
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof *names, name_cmp);
    assert_true(n >= 30);
    for (size_t i = 0; i < n; i++) {
        check_bad(names[i]);
        free(names[i]);
    }
    free(names);
}

static void test_scenario_limits(void **state)
{
    (void)state;
    struct scenario_limits lim;
    struct diag d;
    scenario_limits_default(&lim);
    assert_int_equal(lim.max_nodes, 2000000);
    assert_int_equal(lim.max_edges, 20000000);
    assert_int_equal(lim.max_steps, 100000);
    assert_int_equal(lim.max_replicas, 100000000);
    assert_int_equal(lim.max_yaml_nodes, 1000000);
    assert_int_equal(lim.max_depth, 64);
    assert_int_equal(lim.max_file_bytes, 256L * 1024 * 1024);
    assert_int_equal(lim.max_extends, 16);
    assert_int_equal(lim.max_node_cells, 20000000);

    static const struct {
        const char *name;
        size_t offset;
    } names[] = {
        {"nodes", offsetof(struct scenario_limits, max_nodes)},
        {"edges", offsetof(struct scenario_limits, max_edges)},
        {"steps", offsetof(struct scenario_limits, max_steps)},
        {"replicas", offsetof(struct scenario_limits, max_replicas)},
        {"yaml-nodes", offsetof(struct scenario_limits, max_yaml_nodes)},
        {"depth", offsetof(struct scenario_limits, max_depth)},
        {"file-bytes", offsetof(struct scenario_limits, max_file_bytes)},
        {"extends", offsetof(struct scenario_limits, max_extends)},
        {"node-cells", offsetof(struct scenario_limits, max_node_cells)},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct scenario_limits l = lim;
        assert_int_equal(scenario_limits_set(&l, names[i].name, "77"), 0);
        assert_int_equal(*(const long *)(const void *)((const char *)&l + names[i].offset), 77);
    }
    assert_int_equal(scenario_limits_set(&lim, "node", "5"), -1);
    assert_int_equal(scenario_limits_set(&lim, "nodes", "abc"), -1);
    assert_int_equal(scenario_limits_set(&lim, "nodes", "0"), -1);
    assert_int_equal(scenario_limits_set(&lim, "nodes", "-3"), -1);
    assert_int_equal(scenario_limits_set(&lim, "nodes", ""), -1);
    assert_int_equal(scenario_limits_set(&lim, "nodes", "5000000000"), -1); /* > INT_MAX */
    assert_int_equal(scenario_limits_set(&lim, "depth", "5000"), -1);       /* > the cap */
    assert_int_equal(scenario_limits_set(&lim, "depth", "4096"), 0);
    assert_int_equal(lim.max_nodes, 2000000); /* failed sets change nothing */

    /* limits in effect */
    scenario_limits_default(&lim);
    lim.max_nodes = 5;
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "above the limit of 5 (--limit nodes)"));
    assert_int_equal(d.line, 16); /* the nodes list starts at its first '-' */
    assert_int_equal(d.col, 5);
    scenario_limits_default(&lim);
    lim.max_nodes = 10; /* 8 nodes fit, their 9 slots do not */
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "spawn slots"));
    scenario_limits_default(&lim);
    lim.max_steps = 10;
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "'steps' must be in [1, 10], got 36");
    scenario_limits_default(&lim);
    lim.max_replicas = 100;
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "'replicas' must be in [1, 100], got 250");
    scenario_limits_default(&lim);
    lim.max_edges = 7;
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "--limit edges"));
    scenario_limits_default(&lim);
    lim.max_edges = 150; /* G(100, 200) does not fit */
    assert_int_equal(load_err(GOOD "gen_er.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "about 200 edges, above the limit of 150"));
    scenario_limits_default(&lim);
    lim.max_extends = 0;
    assert_int_equal(load_err(GOOD "child.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "extends chain longer than 0 files"));
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 10);
    scenario_limits_default(&lim);
    lim.max_file_bytes = 500;
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "above the limit of 500 bytes"));
    scenario_limits_default(&lim);
    lim.max_file_bytes = 600; /* the scenario fits, the GraphML file does not */
    assert_int_equal(load_err(GOOD "import_graphml.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "net.graphml"));
    scenario_limits_default(&lim);
    lim.max_yaml_nodes = 50;
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "more than 50 YAML nodes"));
    scenario_limits_default(&lim);
    lim.max_depth = 3;
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "deeper than 3 levels"));
    scenario_limits_default(&lim);
    lim.max_node_cells = 50; /* 17 nodes x 3 node steps = 51 */
    assert_int_equal(load_err(GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "17 nodes x 3 steps = 51 cells"));
    lim.max_node_cells = 51;
    struct scenario s;
    assert_int_equal(scenario_load(&s, GOOD "basic.yaml", NULL, 0, &lim, &d), DIAG_OK);
    scenario_destroy(&s);
}

static void test_scenario_missing_file(void **state)
{
    (void)state;
    struct diag d;
    assert_int_equal(load_err(GOOD "no_such.yaml", NULL, 0, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, GOOD "no_such.yaml");
    assert_int_equal(d.line, 0);
    assert_non_null(strstr(d.msg, "cannot open"));
    char buf[4096];
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, GOOD "no_such.yaml: error: cannot open: No such file or directory");
}

/* scenario_set_place: the value a --set key reaches, selectors as indices,
 * so that two spellings of one place compare equal. */
static void test_scenario_set_place(void **state)
{
    (void)state;
    static const struct {
        const char *key, *place;
    } cases[] = {
        {"network.nodes[kh].strength", "network.nodes.3.strength"},
        {"network.nodes.03.strength", "network.nodes.3.strength"},
        {"network.edges[kh->sol].weight", "network.edges.2.weight"},
        {"network.edges[sol->kh,personal]", "network.edges.2"},
        {"model.broker.rivalry", "model.broker.rivalry"},
        {"pressures.1.intensity", "pressures.1.intensity"},
    };
    const char *path = "tests/fixtures/experiments/scenarios/small.yaml";
    struct scenario_limits lim;
    struct diag d;
    scenario_limits_default(&lim);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *place = NULL;
        diag_init(&d);
        assert_int_equal(scenario_set_place(path, cases[i].key, &lim, &place, &d), DIAG_OK);
        assert_string_equal(place, cases[i].place);
        free(place);
    }
    char *place = NULL;
    diag_init(&d);
    assert_int_equal(scenario_set_place(path, "network.nodes[khh].strength", &lim, &place, &d), DIAG_INPUT);
    assert_null(place);
    assert_string_equal(d.msg, "no node with id 'khh' (did you mean 'kh'?)");
}

/* events: sorted by step (file order within a step), the node that appears
 * later inactive in the step-0 world and outside n_initial, --set reaches
 * an event by its index in the file. */
static void test_scenario_events(void **state)
{
    (void)state;
    struct scenario s;
    load_ok(&s, GOOD "events.yaml", NULL, 0);
    assert_int_equal(s.n_events, 4);
    int steps[] = {2, 3, 3, 5};
    enum event_kind kinds[] = {EVENT_TIE, EVENT_TIE, EVENT_APPEAR, EVENT_SET};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(s.events[i].step, steps[i]);
        assert_int_equal(s.events[i].kind, kinds[i]);
    }
    int hejazi = idx(&s, "hejazi");
    assert_int_equal(s.events[1].from, hejazi);
    assert_int_equal(s.events[1].to, idx(&s, "kh"));
    assert_int_equal(s.events[1].type, TIE_COMMAND);
    assert_true(fabs(s.events[1].weight - 0.7) < EPS);
    assert_int_equal(s.events[2].node, hejazi);
    assert_int_equal(s.events[3].n_changes, 2);
    assert_int_equal(s.events[3].changes[0].attr, ATTR_STANCE);
    assert_true(fabs(s.events[3].changes[1].value - 0.8) < EPS);
    assert_int_equal(s.world.nodes[hejazi].active, 0);
    assert_int_equal(s.world.n_initial, 4);
    assert_int_equal(s.world.n_initial_kind[KIND_LEADER], 0);
    scenario_destroy(&s);
    /* appearing at step 0 is being there from the start */
    struct scenario_set set0[] = {{"events.1.at", "0", NULL}, {"events.0.at", "4", NULL}};
    load_ok(&s, GOOD "events.yaml", set0, 2);
    hejazi = idx(&s, "hejazi");
    assert_int_equal(s.world.nodes[hejazi].active, 1);
    assert_int_equal(s.world.n_initial, 5);
    assert_int_equal(s.events[0].kind, EVENT_APPEAR);
    assert_int_equal(s.events[2].step, 4);
    scenario_destroy(&s);
    /* moving the appearance after its tie is refused at the tie */
    struct diag d;
    struct scenario_set late[] = {{"events.1.at", "4", NULL}};
    assert_int_equal(load_err(GOOD "events.yaml", late, 1, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "'hejazi' appears at step 4 (at 21:21): an event at step 3 cannot name it");
    assert_int_equal(d.line, 20);
    assert_int_equal(d.col, 25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_basic_fields),
        cmocka_unit_test(test_scenario_describe),
        cmocka_unit_test(test_scenario_format_example),
        cmocka_unit_test(test_scenario_extends),
        cmocka_unit_test(test_scenario_set),
        cmocka_unit_test(test_scenario_set_errors),
        cmocka_unit_test(test_scenario_set_by_id),
        cmocka_unit_test(test_scenario_set_by_id_errors),
        cmocka_unit_test(test_scenario_generate_er),
        cmocka_unit_test(test_scenario_generate_ba),
        cmocka_unit_test(test_scenario_generate_sbm),
        cmocka_unit_test(test_scenario_import_graphml),
        cmocka_unit_test(test_scenario_import_graphml_defaults),
        cmocka_unit_test(test_scenario_import_csv),
        cmocka_unit_test(test_scenario_corpus),
        cmocka_unit_test(test_scenario_limits),
        cmocka_unit_test(test_scenario_missing_file),
        cmocka_unit_test(test_scenario_set_place),
        cmocka_unit_test(test_scenario_events),
    };
    /* GraphML import needs igraph's C attribute handler, as main() installs it. */
    igraph_set_attribute_table(&igraph_cattribute_table);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
