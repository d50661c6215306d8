/* tests/models/test_events.c - unit tests of models/events.c: a node inactive
 * until it appears, a tie absent before its step and at its weight from it,
 * a weight change of an existing tie, attribute changes, events about
 * removed nodes, appearances before the other events of their step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "models/events.h"
#include "models/world.h"

/* agency a, leader l (appears at step 3), factions f and g. */
struct net {
    struct world w;
    int a, l, f, g;
};

static void net_init(struct net *n)
{
    world_init(&n->w);
    n->a = world_add_node(&n->w, KIND_AGENCY);
    n->l = world_add_node(&n->w, KIND_LEADER);
    n->f = world_add_node(&n->w, KIND_FACTION);
    n->g = world_add_node(&n->w, KIND_FACTION);
    assert_true(world_add_tie(&n->w, n->a, n->f, TIE_COMMAND, 0.8) >= 0);
    n->w.nodes[n->l].active = 0; /* as sim/load leaves a node that appears later */
    world_seal(&n->w);
}

/* A leader appearing at step 3 with a command tie dated at the same step
 * (listed before the appearance, as a file may list it): absent at steps
 * 0..2, present with the event's weight from step 3 on. */
static void test_events_tie_and_node_from_their_step(void **state)
{
    (void)state;
    struct net n;
    net_init(&n);
    struct event ev[] = {
        {.step = 3, .kind = EVENT_TIE, .from = n.l, .to = n.f, .type = TIE_COMMAND, .weight = 0.7},
        {.step = 3, .kind = EVENT_APPEAR, .node = n.l},
    };
    assert_int_equal(n.w.n_initial, 3); /* the leader is not in the step-0 count */
    for (int t = 0; t <= 5; t++) {
        assert_int_equal(events_apply(&n.w, ev, 2, t), WORLD_OK);
        int e = world_find_tie(&n.w, n.l, n.f, TIE_COMMAND);
        if (t < 3) {
            assert_int_equal(n.w.nodes[n.l].active, 0);
            assert_int_equal(e, -1);
            assert_int_equal(world_active_ties(&n.w), 1);
        } else {
            assert_int_equal(n.w.nodes[n.l].active, 1);
            assert_int_equal(e, 1); /* the second tie of the world */
            assert_true(n.w.edges[e].weight == 0.7);
            assert_true(n.w.edges[e].base == 0.7);
            assert_int_equal(n.w.edges[e].from, n.l);
            assert_int_equal(world_active_ties(&n.w), 2);
        }
    }
    assert_int_equal(n.w.n_initial, 3); /* unchanged by the appearance */
    world_destroy(&n.w);
}

/* A tie event on an existing tie sets its weight and base weight (and
 * direction) instead of adding a second tie. */
static void test_events_tie_changes_weight(void **state)
{
    (void)state;
    struct net n;
    net_init(&n);
    assert_true(world_add_tie(&n.w, n.f, n.g, TIE_COORDINATION, 0.5) >= 0);
    struct event ev[] = {
        {.step = 2, .kind = EVENT_TIE, .from = n.a, .to = n.f, .type = TIE_COMMAND, .weight = 0.3},
        {.step = 4, .kind = EVENT_TIE, .from = n.g, .to = n.f, .type = TIE_COORDINATION, .weight = 0.9},
    };
    assert_int_equal(events_apply(&n.w, ev, 2, 1), WORLD_OK);
    assert_true(n.w.edges[0].weight == 0.8);
    assert_int_equal(events_apply(&n.w, ev, 2, 2), WORLD_OK);
    assert_true(n.w.edges[0].weight == 0.3 && n.w.edges[0].base == 0.3);
    assert_true(n.w.edges[1].weight == 0.5);
    assert_int_equal(events_apply(&n.w, ev, 2, 4), WORLD_OK);
    assert_true(n.w.edges[1].weight == 0.9 && n.w.edges[1].base == 0.9);
    assert_int_equal(n.w.edges[1].from, n.g); /* the event's direction */
    assert_int_equal(n.w.edges[1].to, n.f);
    assert_int_equal(n.w.n_edges, 2); /* no tie added */
    world_destroy(&n.w);
}

/* set: each listed attribute changes at its step, the others keep. */
static void test_events_set_attributes(void **state)
{
    (void)state;
    struct net n;
    net_init(&n);
    n.w.nodes[n.a].stance = 0.9;
    n.w.nodes[n.a].budget = 0.5;
    struct event_change ca[] = {{.attr = ATTR_STANCE, .value = 0.2}, {.attr = ATTR_BUDGET, .value = 2.5}};
    struct event_change cf[] = {{.attr = ATTR_STRENGTH, .value = 0.4}, {.attr = ATTR_REVENUE, .value = 0.1}};
    struct event ev[] = {
        {.step = 1, .kind = EVENT_SET, .node = n.a, .changes = ca, .n_changes = 2},
        {.step = 2, .kind = EVENT_SET, .node = n.f, .changes = cf, .n_changes = 2},
    };
    assert_int_equal(events_apply(&n.w, ev, 2, 0), WORLD_OK);
    assert_true(n.w.nodes[n.a].stance == 0.9 && n.w.nodes[n.a].budget == 0.5);
    assert_int_equal(events_apply(&n.w, ev, 2, 1), WORLD_OK);
    assert_true(n.w.nodes[n.a].stance == 0.2 && n.w.nodes[n.a].budget == 2.5);
    assert_true(n.w.nodes[n.f].strength == 1.0);
    assert_int_equal(events_apply(&n.w, ev, 2, 2), WORLD_OK);
    assert_true(n.w.nodes[n.f].strength == 0.4 && n.w.nodes[n.f].revenue == 0.1);
    assert_true(n.w.nodes[n.a].stance == 0.2); /* kept */
    world_destroy(&n.w);
}

/* A leader appointed (authority, successor) after he appears. */
static void test_events_set_leader(void **state)
{
    (void)state;
    struct net n;
    net_init(&n);
    int q = world_add_node(&n.w, KIND_LEADER);
    struct event_change c[] = {{.attr = ATTR_AUTHORITY, .value = 0.5}, {.attr = ATTR_SUCCESSOR, .node = q}};
    struct event ev[] = {
        {.step = 1, .kind = EVENT_APPEAR, .node = n.l},
        {.step = 1, .kind = EVENT_SET, .node = n.l, .changes = c, .n_changes = 2},
    };
    assert_int_equal(events_apply(&n.w, ev, 2, 1), WORLD_OK);
    assert_true(n.w.nodes[n.l].authority == 0.5);
    assert_int_equal(n.w.nodes[n.l].successor, q);
    world_destroy(&n.w);
}

/* The removed make no new ties and take no changes. */
static void test_events_skip_removed_nodes(void **state)
{
    (void)state;
    struct net n;
    net_init(&n);
    struct event_change c[] = {{.attr = ATTR_STRENGTH, .value = 0.1}};
    struct event ev[] = {
        {.step = 2, .kind = EVENT_TIE, .from = n.f, .to = n.g, .type = TIE_COORDINATION, .weight = 0.6},
        {.step = 2, .kind = EVENT_SET, .node = n.g, .changes = c, .n_changes = 1},
    };
    world_remove_node(&n.w, n.g);
    assert_int_equal(events_apply(&n.w, ev, 2, 2), WORLD_OK);
    assert_int_equal(n.w.n_edges, 1);
    assert_int_equal(world_find_tie(&n.w, n.f, n.g, TIE_COORDINATION), -1);
    assert_true(n.w.nodes[n.g].strength == 1.0);
    world_destroy(&n.w);
}

/* No events, or none at this step: nothing changes. */
static void test_events_none(void **state)
{
    (void)state;
    struct net n;
    net_init(&n);
    assert_int_equal(events_apply(&n.w, NULL, 0, 0), WORLD_OK);
    struct event ev[] = {{.step = 4, .kind = EVENT_APPEAR, .node = n.l}};
    for (int t = 0; t < 4; t++)
        assert_int_equal(events_apply(&n.w, ev, 1, t), WORLD_OK);
    assert_int_equal(n.w.nodes[n.l].active, 0);
    assert_int_equal(events_apply(&n.w, ev, 1, 6), WORLD_OK);
    assert_int_equal(n.w.nodes[n.l].active, 0); /* step 4 was never run */
    assert_string_equal(event_kind_name(EVENT_TIE), "tie");
    assert_string_equal(event_attr_name(ATTR_SUCCESSOR), "successor");
    world_destroy(&n.w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_tie_and_node_from_their_step),
        cmocka_unit_test(test_events_tie_changes_weight),
        cmocka_unit_test(test_events_set_attributes),
        cmocka_unit_test(test_events_set_leader),
        cmocka_unit_test(test_events_skip_removed_nodes),
        cmocka_unit_test(test_events_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
