/* tests/test_centrality.c - degree, strength, betweenness, PageRank against hand-computed values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

#include "../analysis/centrality.h"

static void test_centrality_star_degree_and_betweenness(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_star(&g, 5, IGRAPH_STAR_UNDIRECTED, 0);
    assert_int_equal(centrality_degree(&g, &v), 0);
    assert_close(VECTOR(v)[0], 4.0, 0);
    assert_close(VECTOR(v)[3], 1.0, 0);
    assert_int_equal(centrality_betweenness(&g, NULL, &v), 0);
    assert_close(VECTOR(v)[0], 6.0, 1e-12);   /* C(4,2) leaf pairs */
    assert_close(VECTOR(v)[1], 0.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

static void test_centrality_path_betweenness(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_ring(&g, 5, IGRAPH_UNDIRECTED, 0, 0);
    assert_int_equal(centrality_betweenness(&g, NULL, &v), 0);
    assert_close(VECTOR(v)[0], 0.0, 1e-12);
    assert_close(VECTOR(v)[1], 3.0, 1e-12);   /* pairs (0,2) (0,3) (0,4) */
    assert_close(VECTOR(v)[2], 4.0, 1e-12);   /* {0,1} x {3,4} */
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

static void test_centrality_weighted_betweenness_uses_inverse_weights(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v, w;
    igraph_vector_init(&v, 0);
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 0, 2, -1);
    igraph_vector_init_real(&w, 3, 1.0, 1.0, 0.25);  /* 0-2 is a weak tie: distance 4 > 1 + 1 */
    assert_int_equal(centrality_betweenness(&g, NULL, &v), 0);
    assert_close(VECTOR(v)[1], 0.0, 1e-12);
    assert_int_equal(centrality_betweenness(&g, &w, &v), 0);
    assert_close(VECTOR(v)[1], 1.0, 1e-12);
    assert_int_equal(centrality_strength(&g, &w, &v), 0);
    assert_close(VECTOR(v)[0], 1.25, 1e-12);
    assert_close(VECTOR(v)[1], 2.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    igraph_vector_destroy(&w);
}

static void test_centrality_star_pagerank(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_star(&g, 5, IGRAPH_STAR_UNDIRECTED, 0);
    /* c = 0.03 + 3.4 l, l = 0.03 + 0.2125 c  =>  c = 0.132 / 0.2775 */
    double c = 0.132 / 0.2775, l = 0.03 + 0.2125 * c;
    assert_int_equal(centrality_pagerank(&g, NULL, &v), 0);
    assert_close(VECTOR(v)[0], c, 1e-9);
    assert_close(VECTOR(v)[4], l, 1e-9);
    assert_close(igraph_vector_sum(&v), 1.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_centrality_star_degree_and_betweenness),
        cmocka_unit_test(test_centrality_path_betweenness),
        cmocka_unit_test(test_centrality_weighted_betweenness_uses_inverse_weights),
        cmocka_unit_test(test_centrality_star_pagerank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
