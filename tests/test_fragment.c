/* tests/test_fragment.c - components, giant size and Borgatti F on hand-computed graphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

#include "../analysis/fragment.h"

static void check(igraph_t *g, igraph_integer_t comps, igraph_integer_t giant, double F)
{
    struct fragment_ws ws;
    struct fragment_result r;
    assert_int_equal(fragment_ws_init(&ws), 0);
    assert_int_equal(fragment_compute(g, &r, &ws), 0);
    assert_int_equal(r.components, comps);
    assert_int_equal(r.giant, giant);
    assert_close(r.fragmentation, F, 1e-12);
    fragment_ws_destroy(&ws);
}

static void test_fragment_path_is_connected(void **state)
{
    (void)state;
    igraph_t g;
    igraph_ring(&g, 4, IGRAPH_UNDIRECTED, 0, 0);  /* path 0-1-2-3 */
    check(&g, 1, 4, 0.0);
    igraph_destroy(&g);
}

static void test_fragment_two_triangles_and_isolate(void **state)
{
    (void)state;
    igraph_t g;
    /* sizes 3, 3, 1: F = 1 - (6 + 6 + 0) / (7 * 6) = 30/42 */
    igraph_small(&g, 7, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 2, 0, 3, 4, 4, 5, 5, 3, -1);
    check(&g, 3, 3, 30.0 / 42.0);
    igraph_destroy(&g);
}

static void test_fragment_bridge_joins_triangles(void **state)
{
    (void)state;
    igraph_t g;
    igraph_small(&g, 6, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 2, 0, 3, 4, 4, 5, 5, 3, 2, 3, -1);
    check(&g, 1, 6, 0.0);
    igraph_destroy(&g);
}

static void test_fragment_all_isolates_is_one(void **state)
{
    (void)state;
    igraph_t g;
    igraph_empty(&g, 5, IGRAPH_UNDIRECTED);
    check(&g, 5, 1, 1.0);
    igraph_destroy(&g);
}

static void test_fragment_tiny_graphs_convention(void **state)
{
    (void)state;
    igraph_t g;
    igraph_empty(&g, 0, IGRAPH_UNDIRECTED);
    check(&g, 0, 0, 1.0);
    igraph_destroy(&g);
    igraph_empty(&g, 1, IGRAPH_UNDIRECTED);
    check(&g, 1, 1, 1.0);
    igraph_destroy(&g);
}

static void test_fragment_borgatti_from_sizes(void **state)
{
    (void)state;
    igraph_vector_int_t cs;
    igraph_vector_int_init_int(&cs, 2, 5, 5);
    /* two halves of 10: reachable ordered pairs 2*20 of 90 */
    assert_close(fragment_borgatti(&cs, 10), 1.0 - 40.0 / 90.0, 1e-15);
    igraph_vector_int_destroy(&cs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragment_path_is_connected),
        cmocka_unit_test(test_fragment_two_triangles_and_isolate),
        cmocka_unit_test(test_fragment_bridge_joins_triangles),
        cmocka_unit_test(test_fragment_all_isolates_is_one),
        cmocka_unit_test(test_fragment_tiny_graphs_convention),
        cmocka_unit_test(test_fragment_borgatti_from_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
