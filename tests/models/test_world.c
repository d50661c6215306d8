/* tests/models/test_world.c - unit tests of models/world.c: storage, ties, spawn
 * slots, copying, the merged igraph view and the model-state measures.
 * Every expected value is worked out by hand in the comment beside it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "models/world.h"

/* Tolerance for values computed in a few floating-point operations. */
#define EPS 1e-12

#define assert_close(a, b)                                                                                   \
    do {                                                                                                     \
        double a_ = (a), b_ = (b);                                                                           \
        if (!(fabs(a_ - b_) <= EPS))                                                                         \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                                              \
    } while (0)

static void test_world_add_node_neutral(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int l = world_add_node(&w, KIND_LEADER);
    assert_int_equal(a, 0);
    assert_int_equal(l, 1);
    assert_int_equal(w.n_nodes, 2);
    const struct actor *x = &w.nodes[l];
    assert_int_equal(x->kind, KIND_LEADER);
    assert_int_equal(x->active, 1);
    assert_close(x->strength, 1.0);
    assert_close(x->stance, 0.5);
    assert_close(x->budget, 0.0);
    assert_close(x->revenue, 0.0);
    assert_close(x->authority, 0.0);
    assert_int_equal(x->successor, -1);
    assert_int_equal(x->patron, -1);
    assert_close(x->strain, 0.0);
    assert_close(x->sanction, 0.0);
    assert_close(x->income, 0.0);
    assert_int_equal(x->parent, -1);
    assert_int_equal(x->spawn, SPAWN_NONE);
    assert_int_equal(x->slot_first, -1);
    assert_int_equal(x->slot_count, 0);
    assert_int_equal(x->slots_used, 0);
    world_destroy(&w);
    world_destroy(&w); /* destroy accepts a zeroed world */
}

static void test_world_add_find_ties(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION);
    int g = world_add_node(&w, KIND_FACTION);
    int e0 = world_add_tie(&w, a, f, TIE_COMMAND, 0.7);
    int e1 = world_add_tie(&w, f, g, TIE_COORDINATION, 0.3);
    int e2 = world_add_tie(&w, g, f, TIE_PERSONAL, 0.4);
    assert_int_equal(e0, 0);
    assert_int_equal(e1, 1);
    assert_int_equal(e2, 2);
    assert_close(w.edges[e0].weight, 0.7);
    assert_close(w.edges[e0].base, 0.7);
    assert_int_equal(w.edges[e0].active, 1);
    /* incidence: f holds all three ties, in creation order */
    assert_int_equal(w.n_inc[f], 3);
    assert_int_equal(w.inc[f][0], e0);
    assert_int_equal(w.inc[f][2], e2);
    assert_int_equal(w.n_inc[a], 1);
    /* found in either direction, only with its type */
    assert_int_equal(world_find_tie(&w, a, f, TIE_COMMAND), e0);
    assert_int_equal(world_find_tie(&w, f, a, TIE_COMMAND), e0);
    assert_int_equal(world_find_tie(&w, f, a, TIE_FUNDING), -1);
    assert_int_equal(world_find_tie(&w, f, g, TIE_PERSONAL), e2);
    assert_int_equal(world_find_tie(&w, a, g, TIE_COMMAND), -1);
    /* an inactive tie is not found */
    world_remove_tie(&w, e1);
    assert_int_equal(world_find_tie(&w, g, f, TIE_COORDINATION), -1);
    assert_int_equal(world_active_ties(&w), 2);
    /* removing a node deactivates its ties, keeps indices */
    world_remove_node(&w, a);
    assert_int_equal(w.nodes[a].active, 0);
    assert_int_equal(w.edges[e0].active, 0);
    assert_int_equal(world_active_nodes(&w), 2);
    assert_int_equal(world_active_ties(&w), 1);
    world_destroy(&w);
}

static void test_world_growth(void **state)
{
    (void)state;
    /* Enough nodes and ties to force several reallocations of every array. */
    enum { N = 300 };
    struct world w;
    world_init(&w);
    for (int i = 0; i < N; i++)
        assert_int_equal(world_add_node(&w, KIND_FACTION), i);
    int last = -1;
    for (int i = 1; i < N; i++) {
        /* ties alternate hub, chain: the hub tie to i is number 2i - 2 */
        last = world_add_tie(&w, 0, i, TIE_COORDINATION, 0.5);
        assert_int_equal(last, 2 * i - 2);
        assert_int_equal(world_add_tie(&w, i, i % (N - 1) + 1, TIE_PERSONAL, 0.25), 2 * i - 1);
    }
    assert_int_equal(w.n_edges, 2 * (N - 1));
    assert_int_equal(w.n_inc[0], N - 1);
    assert_int_equal(w.n_inc[5], 3); /* hub, 5-6, 4-5 */
    for (int k = 0; k < N - 1; k++)
        assert_int_equal(w.inc[0][k], 2 * k);
    assert_int_equal(world_find_tie(&w, N - 1, 0, TIE_COORDINATION), last);
    assert_int_equal(world_find_tie(&w, 7, 8, TIE_PERSONAL) >= 0, 1);
    assert_int_equal(world_active_ties(&w), 2 * (N - 1));
    world_destroy(&w);
}

static void test_world_link_neighbour(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    int l = world_add_node(&w, KIND_LEADER);
    int f = world_add_node(&w, KIND_FACTION);
    int a = world_add_node(&w, KIND_AGENCY);
    world_add_tie(&w, l, f, TIE_PERSONAL, 0.4);     /* inc[f][0] */
    world_add_tie(&w, a, f, TIE_COMMAND, 0.6);      /* inc[f][1] */
    world_add_tie(&w, f, l, TIE_COORDINATION, 0.9); /* inc[f][2] */
    world_add_tie(&w, a, f, TIE_FUNDING, 0.2);      /* inc[f][3] */
    /* link = the largest weight of any type, either direction */
    assert_close(world_link(&w, l, f), 0.9);
    assert_close(world_link(&w, f, a), 0.6);
    assert_close(world_link(&w, l, a), 0.0);
    double lk = -1;
    /* the leader appears once, at its first entry, with the max link */
    assert_int_equal(world_neighbour(&w, f, 0, WORLD_TIES_ANY, KIND_LEADER, &lk), l);
    assert_close(lk, 0.9);
    assert_int_equal(world_neighbour(&w, f, 2, WORLD_TIES_ANY, KIND_LEADER, &lk), -1);
    assert_int_equal(world_neighbour(&w, f, 1, WORLD_TIES_ANY, KIND_LEADER, &lk), -1);
    /* restricted to command+funding: the agency with max(0.6, 0.2) */
    unsigned pull = WORLD_TIE_BIT(TIE_COMMAND) | WORLD_TIE_BIT(TIE_FUNDING);
    assert_int_equal(world_neighbour(&w, f, 1, pull, KIND_AGENCY, &lk), a);
    assert_close(lk, 0.6);
    assert_int_equal(world_neighbour(&w, f, 3, pull, KIND_AGENCY, &lk), -1);
    /* the first entry is inactive: the neighbour is read at the next one */
    world_remove_tie(&w, 0);
    assert_int_equal(world_neighbour(&w, f, 0, WORLD_TIES_ANY, KIND_LEADER, &lk), -1);
    assert_int_equal(world_neighbour(&w, f, 2, WORLD_TIES_ANY, KIND_LEADER, &lk), l);
    assert_close(lk, 0.9);
    world_destroy(&w);
}

static void test_world_graph_merges_pairs(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    /* nodes 0 agency, 1 faction, 2 leader (removed), 3 faction, 4 faction */
    for (int k = 0; k < 5; k++)
        world_add_node(&w, k == 0 ? KIND_AGENCY : k == 2 ? KIND_LEADER : KIND_FACTION);
    world_add_tie(&w, 0, 1, TIE_COMMAND, 0.4);
    world_add_tie(&w, 1, 0, TIE_PERSONAL, 0.3);             /* same pair, other direction: 0.7 */
    world_add_tie(&w, 2, 1, TIE_PERSONAL, 0.9);             /* to the removed leader: dropped */
    world_add_tie(&w, 2, 3, TIE_PERSONAL, 0.9);             /* dropped */
    int dead = world_add_tie(&w, 3, 4, TIE_POLITICAL, 0.5); /* inactive tie: dropped */
    world_add_tie(&w, 4, 3, TIE_COORDINATION, 0.25);
    world_add_tie(&w, 0, 4, TIE_FUNDING, 0.125);
    world_remove_tie(&w, dead);
    world_remove_node(&w, 2);

    igraph_t g;
    igraph_vector_t wt;
    igraph_vector_int_t vid2node;
    int node2vid[5];
    struct world_graph_ws ws;
    igraph_vector_init(&wt, 0);
    igraph_vector_int_init(&vid2node, 0);
    world_graph_ws_init(&ws);
    for (int rep = 0; rep < 2; rep++) { /* a second call reuses the workspace */
        assert_int_equal(world_graph(&w, &g, &wt, &vid2node, node2vid, &ws), WORLD_OK);
        assert_int_equal(igraph_vcount(&g), 4);
        assert_int_equal(igraph_ecount(&g), 3);
        assert_false(igraph_is_directed(&g));
        int expect_n2v[5] = {0, 1, -1, 2, 3};
        int expect_v2n[4] = {0, 1, 3, 4};
        for (int i = 0; i < 5; i++)
            assert_int_equal(node2vid[i], expect_n2v[i]);
        assert_int_equal(igraph_vector_int_size(&vid2node), 4);
        for (int v = 0; v < 4; v++)
            assert_int_equal(VECTOR(vid2node)[v], expect_v2n[v]);
        /* edges in order of the lower node: (0,1) 0.7, (0,4) 0.125, (3,4) 0.25 */
        int expect_from[3] = {0, 0, 2}, expect_to[3] = {1, 3, 3};
        double expect_w[3] = {0.7, 0.125, 0.25};
        for (int e = 0; e < 3; e++) {
            igraph_integer_t from, to;
            igraph_edge(&g, e, &from, &to);
            assert_int_equal(from < to ? from : to, expect_from[e]);
            assert_int_equal(from < to ? to : from, expect_to[e]);
            assert_close(VECTOR(wt)[e], expect_w[e]);
        }
        igraph_destroy(&g);
    }
    /* every accumulator mark is cleared after a call */
    for (int i = 0; i < 5; i++)
        assert_true(ws.acc[i] < 0);
    world_graph_ws_destroy(&ws);
    world_graph_ws_destroy(&ws);
    igraph_vector_destroy(&wt);
    igraph_vector_int_destroy(&vid2node);
    world_destroy(&w);
}

static void test_world_graph_empty(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    int f = world_add_node(&w, KIND_FACTION);
    world_remove_node(&w, f);
    igraph_t g;
    igraph_vector_t wt;
    igraph_vector_int_t vid2node;
    int node2vid[1];
    struct world_graph_ws ws;
    igraph_vector_init(&wt, 0);
    igraph_vector_int_init(&vid2node, 0);
    world_graph_ws_init(&ws);
    assert_int_equal(world_graph(&w, &g, &wt, &vid2node, node2vid, &ws), WORLD_OK);
    assert_int_equal(igraph_vcount(&g), 0);
    assert_int_equal(node2vid[0], -1);
    igraph_destroy(&g);
    world_graph_ws_destroy(&ws);
    igraph_vector_destroy(&wt);
    igraph_vector_int_destroy(&vid2node);
    world_destroy(&w);
}

/* A small world with slots, used by the copy and spawn tests. */
static void build_small(struct world *w)
{
    world_init(w);
    int a = world_add_node(w, KIND_AGENCY);
    int l = world_add_node(w, KIND_LEADER);
    int f = world_add_node(w, KIND_FACTION);
    int g = world_add_node(w, KIND_FACTION);
    w->nodes[a].budget = 1.0;
    w->nodes[f].patron = a;
    w->nodes[f].strength = 0.8;
    w->nodes[g].stance = 0.9;
    w->nodes[l].authority = 0.7;
    world_add_tie(w, a, f, TIE_COMMAND, 0.6);
    world_add_tie(w, l, f, TIE_PERSONAL, 0.5);
    world_add_tie(w, l, g, TIE_PERSONAL, 0.4);
    world_add_tie(w, f, g, TIE_COORDINATION, 0.3);
    assert_int_equal(world_reserve_slots(w, 2), WORLD_OK);
    world_seal(w);
}

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

static void assert_worlds_equal(const struct world *x, const struct world *y)
{
    assert_int_equal(x->n_nodes, y->n_nodes);
    assert_int_equal(x->n_base, y->n_base);
    assert_int_equal(x->n_edges, y->n_edges);
    assert_int_equal(x->n_initial, y->n_initial);
    for (int i = 0; i < x->n_nodes; i++)
        assert_actor_equal(&x->nodes[i], &y->nodes[i]);
    for (int e = 0; e < x->n_edges; e++) {
        const struct tie *a = &x->edges[e], *b = &y->edges[e];
        assert_int_equal(a->from, b->from);
        assert_int_equal(a->to, b->to);
        assert_int_equal(a->type, b->type);
        assert_int_equal(a->active, b->active);
        assert_true(a->weight == b->weight && a->base == b->base);
    }
    for (int i = 0; i < x->n_nodes; i++) {
        assert_int_equal(x->n_inc[i], y->n_inc[i]);
        if (x->n_inc[i] > 0)
            assert_memory_equal(x->inc[i], y->inc[i], (size_t)x->n_inc[i] * sizeof(int));
    }
}

static void test_world_reserve_spawn_slots(void **state)
{
    (void)state;
    struct world w;
    build_small(&w);
    /* 4 scenario nodes, then 2 slots for each of the 2 factions */
    assert_int_equal(w.n_base, 4);
    assert_int_equal(w.n_nodes, 8);
    assert_int_equal(w.n_initial, 4);
    assert_int_equal(w.nodes[2].slot_first, 4);
    assert_int_equal(w.nodes[2].slot_count, 2);
    assert_int_equal(w.nodes[3].slot_first, 6);
    assert_int_equal(w.nodes[0].slot_first, -1); /* agencies get none */
    for (int s = 4; s < 8; s++) {
        assert_int_equal(w.nodes[s].kind, KIND_FACTION);
        assert_int_equal(w.nodes[s].active, 0);
        assert_int_equal(w.nodes[s].parent, s < 6 ? 2 : 3);
        assert_int_equal(w.nodes[s].slot_count, 0);
    }
    /* spawning takes the next slot, then fails when they run out */
    w.nodes[4].stance = 0.1; /* leftovers in the slot are reset */
    int g1 = world_spawn(&w, 2, SPAWN_SPLINTER);
    int g2 = world_spawn(&w, 2, SPAWN_FRONT);
    assert_int_equal(g1, 4);
    assert_int_equal(g2, 5);
    assert_int_equal(world_spawn(&w, 2, SPAWN_FRONT), -1);
    assert_int_equal(world_spawn(&w, 0, SPAWN_FRONT), -1); /* an agency has no slots */
    assert_int_equal(w.nodes[2].slots_used, 2);
    assert_int_equal(w.nodes[g1].active, 1);
    assert_int_equal(w.nodes[g1].spawn, SPAWN_SPLINTER);
    assert_int_equal(w.nodes[g2].spawn, SPAWN_FRONT);
    assert_int_equal(w.nodes[g1].parent, 2);
    assert_int_equal(w.nodes[g1].patron, -1);
    assert_close(w.nodes[g1].strength, 0.0);
    assert_close(w.nodes[g1].strain, 0.0);
    assert_close(w.nodes[g1].stance, 0.5);
    assert_int_equal(w.nodes[g1].slot_count, 0); /* spawned factions never spawn */
    assert_int_equal(world_active_nodes(&w), 6);
    world_destroy(&w);
}

static void test_world_seal_without_slots(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    world_add_node(&w, KIND_FACTION);
    world_add_node(&w, KIND_FACTION);
    world_add_node(&w, KIND_AGENCY);
    int e = world_add_tie(&w, 2, 0, TIE_COMMAND, 0.5);
    w.edges[e].weight = 0.75; /* a weight set after creation becomes the base */
    world_remove_node(&w, 1);
    world_seal(&w);
    assert_int_equal(w.n_base, 3);
    assert_int_equal(w.n_initial, 2);
    assert_close(w.edges[e].base, 0.75);
    world_destroy(&w);
}

static void test_world_copy_exact_and_reuses_storage(void **state)
{
    (void)state;
    struct world src, dst;
    build_small(&src);
    world_spawn(&src, 3, SPAWN_FRONT);
    world_add_tie(&src, 0, 6, TIE_COMMAND, 0.3);
    world_remove_node(&src, 1);
    world_init(&dst);
    assert_int_equal(world_copy(&dst, &src), WORLD_OK);
    assert_worlds_equal(&dst, &src);

    /* the copy is independent of the source */
    dst.nodes[2].strength = 0.1;
    dst.edges[0].weight = 0.05;
    assert_close(src.nodes[2].strength, 0.8);
    assert_close(src.edges[0].weight, 0.6);

    /* copying the same source again reuses every array */
    const struct actor *nodes = dst.nodes;
    const struct tie *edges = dst.edges;
    int **inc = dst.inc;
    int *inc2 = dst.inc[2];
    int cap_nodes = dst.cap_nodes, cap_edges = dst.cap_edges, cap_inc2 = dst.cap_inc[2];
    assert_int_equal(world_copy(&dst, &src), WORLD_OK);
    assert_worlds_equal(&dst, &src);
    assert_ptr_equal(dst.nodes, nodes);
    assert_ptr_equal(dst.edges, edges);
    assert_ptr_equal(dst.inc, inc);
    assert_ptr_equal(dst.inc[2], inc2);
    assert_int_equal(dst.cap_nodes, cap_nodes);
    assert_int_equal(dst.cap_edges, cap_edges);
    assert_int_equal(dst.cap_inc[2], cap_inc2);

    /* a smaller source into a larger destination is still exact */
    struct world tiny;
    world_init(&tiny);
    world_add_node(&tiny, KIND_LEADER);
    world_add_node(&tiny, KIND_LEADER);
    world_add_tie(&tiny, 0, 1, TIE_PERSONAL, 0.2);
    world_seal(&tiny);
    assert_int_equal(world_copy(&dst, &tiny), WORLD_OK);
    assert_worlds_equal(&dst, &tiny);
    assert_int_equal(world_find_tie(&dst, 1, 0, TIE_PERSONAL), 0);
    /* and back again */
    assert_int_equal(world_copy(&dst, &src), WORLD_OK);
    assert_worlds_equal(&dst, &src);
    assert_int_equal(world_copy(&dst, &dst), WORLD_OK);

    world_destroy(&tiny);
    world_destroy(&dst);
    world_destroy(&src);
}

static void test_world_patron_count_entropy(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    int a = world_add_node(&w, KIND_AGENCY);
    int b = world_add_node(&w, KIND_AGENCY);
    int c = world_add_node(&w, KIND_AGENCY);
    int f[5];
    for (int i = 0; i < 5; i++)
        f[i] = world_add_node(&w, KIND_FACTION);
    /* strengths 0.5, 0.5 under a and 1 under b: q = (1/2, 1/2), H = ln 2 */
    w.nodes[f[0]].strength = 0.5;
    w.nodes[f[0]].patron = a;
    w.nodes[f[1]].strength = 0.5;
    w.nodes[f[1]].patron = a;
    w.nodes[f[2]].strength = 1.0;
    w.nodes[f[2]].patron = b;
    w.nodes[f[3]].strength = 2.0; /* no patron: not counted */
    w.nodes[f[4]].strength = 3.0; /* patron c, which is removed below */
    w.nodes[f[4]].patron = c;
    world_remove_node(&w, c);
    assert_int_equal(world_patron_count(&w), 2);
    assert_close(world_patron_entropy(&w), log(2.0));
    /* shares 0.5 / 1.5 and 1 / 1.5 once f1 is removed */
    world_remove_node(&w, f[1]);
    assert_close(world_patron_entropy(&w), -(1.0 / 3) * log(1.0 / 3) - (2.0 / 3) * log(2.0 / 3));
    /* with b gone only a commands: one patron, entropy 0 */
    world_remove_node(&w, b);
    assert_int_equal(world_patron_count(&w), 1);
    assert_close(world_patron_entropy(&w), 0.0);
    /* zero total strength: entropy 0; no patrons at all: count 0 */
    w.nodes[f[0]].strength = 0.0;
    assert_close(world_patron_entropy(&w), 0.0);
    world_remove_node(&w, a);
    assert_int_equal(world_patron_count(&w), 0);
    assert_close(world_patron_entropy(&w), 0.0);
    world_destroy(&w);
}

static void test_world_mean_strength_total_funding(void **state)
{
    (void)state;
    struct world w;
    world_init(&w);
    assert_close(world_mean_strength(&w), 0.0); /* no factions */
    int a = world_add_node(&w, KIND_AGENCY);
    int f = world_add_node(&w, KIND_FACTION);
    int g = world_add_node(&w, KIND_FACTION);
    int h = world_add_node(&w, KIND_FACTION);
    w.nodes[a].strength = 1.0; /* agencies are not factions */
    w.nodes[a].income = 9.0;
    w.nodes[f].strength = 0.2;
    w.nodes[f].income = 0.25;
    w.nodes[g].strength = 0.6;
    w.nodes[g].income = 0.5;
    w.nodes[h].strength = 0.9;
    w.nodes[h].income = 4.0;
    world_remove_node(&w, h);
    assert_close(world_mean_strength(&w), 0.4);  /* (0.2 + 0.6) / 2 */
    assert_close(world_total_funding(&w), 0.75); /* 0.25 + 0.5 */
    world_destroy(&w);
}

static void test_world_names_parse(void **state)
{
    (void)state;
    const char *kinds[] = {"agency", "leader", "faction", "institution"};
    const char *ties[] = {"command", "funding", "personal", "coordination", "political"};
    for (int k = 0; k < KIND_COUNT; k++) {
        enum node_kind got;
        assert_string_equal(world_kind_name((enum node_kind)k), kinds[k]);
        assert_int_equal(world_kind_parse(kinds[k], &got), 0);
        assert_int_equal(got, k);
    }
    for (int t = 0; t < TIE_COUNT; t++) {
        enum tie_type got;
        assert_string_equal(world_tie_name((enum tie_type)t), ties[t]);
        assert_int_equal(world_tie_parse(ties[t], &got), 0);
        assert_int_equal(got, t);
    }
    enum node_kind k = KIND_LEADER;
    enum tie_type t = TIE_FUNDING;
    assert_int_equal(world_kind_parse("Agency", &k), -1);
    assert_int_equal(world_kind_parse("", &k), -1);
    assert_int_equal(k, KIND_LEADER); /* untouched on failure */
    assert_int_equal(world_tie_parse("commands", &t), -1);
    assert_int_equal(t, TIE_FUNDING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_world_add_node_neutral),
        cmocka_unit_test(test_world_add_find_ties),
        cmocka_unit_test(test_world_growth),
        cmocka_unit_test(test_world_link_neighbour),
        cmocka_unit_test(test_world_graph_merges_pairs),
        cmocka_unit_test(test_world_graph_empty),
        cmocka_unit_test(test_world_reserve_spawn_slots),
        cmocka_unit_test(test_world_seal_without_slots),
        cmocka_unit_test(test_world_copy_exact_and_reuses_storage),
        cmocka_unit_test(test_world_patron_count_entropy),
        cmocka_unit_test(test_world_mean_strength_total_funding),
        cmocka_unit_test(test_world_names_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
