/* tests/analysis/test_brokerage.c - constraint and effective size against NetworkX, brokerage roles by hand.
 *
 * The expected constraint and effective size values were computed with
 * NetworkX 3.6.1 (not needed to run this test) by this snippet, run from the
 * repository's root; the vertex ids are the order in which the names first
 * appear in tests/fixtures/florentine.csv:
 *
 *   import csv, networkx as nx
 *   rows = list(csv.DictReader(open('tests/fixtures/florentine.csv')))
 *   names = []
 *   for r in rows:
 *       for k in ('from', 'to'):
 *           if r[k] not in names: names.append(r[k])
 *   G = nx.Graph(); G.add_nodes_from(range(len(names)))
 *   G.add_edges_from((names.index(r['from']), names.index(r['to'])) for r in rows)
 *   print(nx.constraint(G), nx.effective_size(G))
 *   W = [(0,1,2.0),(0,2,1.0),(1,2,3.0),(2,3,0.5),(3,4,4.0),(2,4,1.5),(4,5,2.5),(5,6,1.0),(3,6,2.0)]
 *   H = nx.Graph(); H.add_nodes_from(range(8)); H.add_weighted_edges_from(W)
 *   print(nx.constraint(H, weight='weight'), nx.effective_size(H, weight='weight'))
 *   print(nx.constraint(H), nx.effective_size(H))
 *
 * printed with "%.17g". Vertex 7 of H is isolated: NaN in both.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include "analysis/brokerage.h"

static const igraph_integer_t florentine_edges[] = {0, 1,  2, 3,  2,  4,  2, 1, 5,  6,  5,  1,  7, 4,
                                                    7, 8,  7, 9,  6,  8,  6, 9, 4,  10, 4,  11, 1, 12,
                                                    1, 13, 1, 11, 14, 13, 8, 9, 12, 9,  12, 11};
static const double florentine_constraint[15] = {1,
                                                 0.20987654320987653,
                                                 0.33333333333333331,
                                                 1,
                                                 0.25,
                                                 0.5,
                                                 0.48225308641975301,
                                                 0.48225308641975301,
                                                 0.65586419753086411,
                                                 0.45833333333333331,
                                                 1,
                                                 0.45987654320987648,
                                                 0.45987654320987648,
                                                 0.5,
                                                 1};
static const double florentine_effsize[15] = {1,
                                              5.666666666666667,
                                              3,
                                              1,
                                              4,
                                              2,
                                              2.3333333333333335,
                                              2.3333333333333335,
                                              1.6666666666666667,
                                              3,
                                              1,
                                              2.3333333333333335,
                                              2.3333333333333335,
                                              2,
                                              1};

static const igraph_integer_t small_edges[] = {0, 1, 0, 2, 1, 2, 2, 3, 3, 4, 2, 4, 4, 5, 5, 6, 3, 6};
static const double small_weights[] = {2.0, 1.0, 3.0, 0.5, 4.0, 1.5, 2.5, 1.0, 2.0};
static const double small_wconstraint[8] = {
    1.2322222222222221,  0.78777777777777769, 0.64207488677039959, 0.53439349112426049,
    0.41458400748890534, 0.59183673469387754, 0.55555555555555558, NAN};
static const double small_weffsize[8] = {
    1, 1.5666666666666667, 3.0555555555555554, 2.6634615384615383, 2.8932291666666665, 2, 2, NAN};
static const double small_uconstraint[8] = {
    0.953125, 0.953125, 0.50347222222222221, 0.48225308641975301, 0.48225308641975301, 0.5, 0.5, NAN};
static const double small_ueffsize[8] = {1, 1, 3, 2.3333333333333335, 2.3333333333333335, 2, 2, NAN};

static void make_graph(igraph_t *g, igraph_integer_t n, const igraph_integer_t *e, size_t n_ints,
                       int directed)
{
    igraph_vector_int_t v;
    igraph_vector_int_init(&v, (igraph_integer_t)n_ints);
    for (size_t i = 0; i < n_ints; i++)
        VECTOR(v)[i] = e[i];
    assert_int_equal(igraph_create(g, &v, n, directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED), 0);
    igraph_vector_int_destroy(&v);
}

static void assert_values(const igraph_vector_t *got, const double *want, igraph_integer_t n)
{
    assert_int_equal(igraph_vector_size(got), n);
    for (igraph_integer_t i = 0; i < n; i++) {
        if (isnan(want[i])) {
            assert_true(isnan(VECTOR(*got)[i]));
            continue;
        }
        if (fabs(VECTOR(*got)[i] - want[i]) > 1e-9)
            fail_msg("vertex %" IGRAPH_PRId ": %.17g, NetworkX %.17g", i, VECTOR(*got)[i], want[i]);
    }
}

static void test_brokerage_florentine_vs_networkx(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    make_graph(&g, 15, florentine_edges, sizeof florentine_edges / sizeof florentine_edges[0], 0);
    igraph_vector_init(&v, 0);
    assert_int_equal(brokerage_constraint(&g, NULL, &v), 0);
    assert_values(&v, florentine_constraint, 15);
    assert_int_equal(brokerage_effective_size(&g, NULL, &v), 0);
    assert_values(&v, florentine_effsize, 15);
    /* Burt's formula with unit weights agrees with Borgatti's shortcut */
    igraph_vector_t ones;
    igraph_vector_init(&ones, igraph_ecount(&g));
    igraph_vector_fill(&ones, 1.0);
    assert_int_equal(brokerage_effective_size(&g, &ones, &v), 0);
    assert_values(&v, florentine_effsize, 15);
    igraph_vector_destroy(&ones);
    igraph_vector_destroy(&v);
    igraph_destroy(&g);
}

static void test_brokerage_weighted_vs_networkx(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v, w;
    make_graph(&g, 8, small_edges, sizeof small_edges / sizeof small_edges[0], 0);
    igraph_vector_init(&v, 0);
    igraph_vector_init(&w, 9);
    for (int i = 0; i < 9; i++)
        VECTOR(w)[i] = small_weights[i];
    assert_int_equal(brokerage_constraint(&g, &w, &v), 0);
    assert_values(&v, small_wconstraint, 8);
    assert_int_equal(brokerage_effective_size(&g, &w, &v), 0);
    assert_values(&v, small_weffsize, 8);
    assert_int_equal(brokerage_constraint(&g, NULL, &v), 0);
    assert_values(&v, small_uconstraint, 8);
    assert_int_equal(brokerage_effective_size(&g, NULL, &v), 0);
    assert_values(&v, small_ueffsize, 8);
    igraph_vector_destroy(&w);
    igraph_vector_destroy(&v);
    igraph_destroy(&g);
}

/* Five vertices, groups A A A B C, ties 0->1 1->2 2->3 3->4 4->0 1->3 3->0.
 * Two-paths a->v->c with no tie a->c, counted by hand:
 *   v0: 4->0->1 (C,A,A) and 3->0->1 (B,A,A): gatekeeper 2
 *   v1: 0->1->2 (A,A,A) coordinator; 0->1->3 (A,A,B) representative
 *   v2: 1->2->3 is closed by 1->3: none
 *   v3: 2->3->4, 1->3->4 (A,B,C) liaison 2; 2->3->0, 1->3->0 (A,B,A) itinerant 2
 *   v4: 3->4->0 is closed by 3->0: none
 * Undirected, each open two-path counts once each way:
 *   v0: 1-0-4 open: representative (1,0,4) and gatekeeper (4,0,1)
 *   v1: 0-1-2 open: coordinator 2;  v2, v4: none
 *   v3: 2-3-0 itinerant 2; 2-3-4 and 1-3-4 liaison 4 */
static void test_brokerage_roles_by_hand(void **state)
{
    (void)state;
    static const igraph_integer_t e[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 1, 3, 3, 0};
    static const double directed[5][BROKERAGE_ROLES] = {
        {0, 0, 0, 2, 0}, {1, 0, 1, 0, 0}, {0, 0, 0, 0, 0}, {0, 2, 0, 0, 2}, {0, 0, 0, 0, 0}};
    static const double undirected[5][BROKERAGE_ROLES] = {
        {0, 0, 1, 1, 0}, {2, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 2, 0, 0, 4}, {0, 0, 0, 0, 0}};
    igraph_vector_int_t group;
    igraph_matrix_t m;
    igraph_vector_int_init(&group, 5);
    VECTOR(group)[3] = 1;
    VECTOR(group)[4] = 2;
    igraph_matrix_init(&m, 0, 0);
    for (int d = 0; d < 2; d++) {
        igraph_t g;
        make_graph(&g, 5, e, sizeof e / sizeof e[0], d == 0);
        assert_int_equal(brokerage_roles(&g, &group, &m), 0);
        assert_int_equal(igraph_matrix_nrow(&m), 5);
        assert_int_equal(igraph_matrix_ncol(&m), BROKERAGE_ROLES);
        for (int v = 0; v < 5; v++)
            for (int r = 0; r < BROKERAGE_ROLES; r++)
                if (MATRIX(m, v, r) != (d == 0 ? directed : undirected)[v][r])
                    fail_msg("%s: vertex %d, %s: %g", d == 0 ? "directed" : "undirected", v,
                             brokerage_role_name(r), MATRIX(m, v, r));
        igraph_destroy(&g);
    }
    /* group vector of the wrong size */
    igraph_t g;
    make_graph(&g, 6, e, sizeof e / sizeof e[0], 1);
    assert_int_equal(brokerage_roles(&g, &group, &m), IGRAPH_EINVAL);
    igraph_destroy(&g);
    assert_string_equal(brokerage_role_name(BROKERAGE_ITINERANT), "itinerant");
    assert_string_equal(brokerage_role_name(BROKERAGE_ROLES), "?");
    igraph_matrix_destroy(&m);
    igraph_vector_int_destroy(&group);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brokerage_florentine_vs_networkx),
        cmocka_unit_test(test_brokerage_weighted_vs_networkx),
        cmocka_unit_test(test_brokerage_roles_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
