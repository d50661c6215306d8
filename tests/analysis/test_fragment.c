/* tests/analysis/test_fragment.c - components, giant size, Borgatti F and distance fragmentation DF
 * on hand-computed graphs; sampled DF against the exact value on a large graph. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include "analysis/fragment.h"

/* Exact DF of g (unweighted unless w), checking the exact-result fields. */
static double df_exact(const igraph_t *g, const igraph_vector_t *w)
{
    struct fragment_distance d;
    assert_int_equal(fragment_distance(g, w, igraph_vcount(g), 0, NULL, &d, NULL), 0);
    assert_int_equal(d.sampled, 0);
    assert_close(d.se, 0.0, 0);
    assert_int_equal(d.sources, igraph_vcount(g));
    return d.value;
}

static void init_rng(igraph_rng_t *rng, unsigned long seed)
{
    assert_int_equal(igraph_rng_init(rng, &igraph_rngtype_pcg32), 0);
    assert_int_equal(igraph_rng_seed(rng, seed), 0);
}

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
    igraph_ring(&g, 4, IGRAPH_UNDIRECTED, 0, 0); /* path 0-1-2-3 */
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

static void test_fragment_distance_path4(void **state)
{
    (void)state;
    igraph_t g;
    igraph_ring(&g, 4, IGRAPH_UNDIRECTED, 0, 0);
    /* pair distances 1,1,1,2,2,3: sum over ordered pairs of 1/d = 2 (3 + 1 + 1/3) = 26/3 */
    assert_close(df_exact(&g, NULL), 1.0 - (26.0 / 3.0) / 12.0, 1e-12);
    igraph_destroy(&g);
}

static void test_fragment_distance_two_triangles_and_isolate(void **state)
{
    (void)state;
    igraph_t g;
    igraph_small(&g, 7, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 2, 0, 3, 4, 4, 5, 5, 3, -1);
    /* 12 ordered pairs at distance 1, the rest unreachable: DF = F = 30/42 */
    assert_close(df_exact(&g, NULL), 30.0 / 42.0, 1e-12);
    igraph_destroy(&g);
}

static void test_fragment_distance_star(void **state)
{
    (void)state;
    igraph_t g;
    igraph_star(&g, 5, IGRAPH_STAR_UNDIRECTED, 0);
    /* 8 ordered centre-leaf pairs at 1, 12 leaf-leaf pairs at 2: 8 + 6 = 14 of 20 */
    assert_close(df_exact(&g, NULL), 1.0 - 14.0 / 20.0, 1e-12);
    igraph_destroy(&g);
}

static void test_fragment_distance_weighted(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t w;
    /* path 0 -(w 2)- 1 -(w 0.5)- 2: lengths 0.5, 2 and 2.5 */
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, -1);
    igraph_vector_init_real(&w, 2, 2.0, 0.5);
    assert_close(df_exact(&g, &w), 1.0 - 2.0 * (2.0 + 0.5 + 0.4) / 6.0, 1e-12);
    /* unweighted for comparison: 2 (1 + 1 + 1/2) of 6 */
    assert_close(df_exact(&g, NULL), 1.0 - 5.0 / 6.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);
}

static void test_fragment_distance_tiny_and_edgeless(void **state)
{
    (void)state;
    igraph_t g;
    struct fragment_distance d;
    for (int n = 0; n < 2; n++) {
        igraph_empty(&g, n, IGRAPH_UNDIRECTED);
        assert_int_equal(fragment_distance(&g, NULL, 0, 0, NULL, &d, NULL), 0);
        assert_close(d.value, 1.0, 0);
        assert_close(d.se, 0.0, 0);
        assert_int_equal(d.sampled, 0);
        igraph_destroy(&g);
    }
    igraph_empty(&g, 5, IGRAPH_UNDIRECTED);
    assert_close(df_exact(&g, NULL), 1.0, 0);
    igraph_destroy(&g);
    igraph_full(&g, 5, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
    assert_close(df_exact(&g, NULL), 0.0, 1e-15);
    igraph_destroy(&g);
}

static void test_fragment_distance_errors(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t w;
    igraph_rng_t rng;
    struct fragment_distance d;
    init_rng(&rng, 1);
    igraph_ring(&g, 10, IGRAPH_UNDIRECTED, 0, 1);
    /* sampling needs two sources at least and an RNG */
    assert_int_equal(fragment_distance(&g, NULL, 5, 1, &rng, &d, NULL), IGRAPH_EINVAL);
    assert_int_equal(fragment_distance(&g, NULL, 5, 0, &rng, &d, NULL), IGRAPH_EINVAL);
    assert_int_equal(fragment_distance(&g, NULL, 5, 4, NULL, &d, NULL), IGRAPH_EINVAL);
    /* weights: one per edge, positive and finite */
    igraph_vector_init(&w, 9);
    igraph_vector_fill(&w, 1.0);
    assert_int_equal(fragment_distance(&g, &w, 100, 0, NULL, &d, NULL), IGRAPH_EINVAL);
    igraph_vector_resize(&w, 10);
    VECTOR(w)[9] = 1.0;
    VECTOR(w)[3] = 0.0;
    assert_int_equal(fragment_distance(&g, &w, 100, 0, NULL, &d, NULL), IGRAPH_EINVAL);
    VECTOR(w)[3] = -2.0;
    assert_int_equal(fragment_distance(&g, &w, 100, 0, NULL, &d, NULL), IGRAPH_EINVAL);
    VECTOR(w)[3] = 1.0;
    assert_int_equal(fragment_distance(&g, &w, 100, 0, NULL, &d, NULL), 0);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);
    igraph_rng_destroy(&rng);
}

static void test_fragment_distance_sampled_small_cases(void **state)
{
    (void)state;
    igraph_t g;
    igraph_rng_t rng;
    struct fragment_distance d;
    init_rng(&rng, 2);
    /* ring of 12: every vertex has the same harmonic sum, so any sample is
     * exact and its sd 0; H = 2 (1 + 1/2 + ... + 1/5) + 1/6 */
    igraph_ring(&g, 12, IGRAPH_UNDIRECTED, 0, 1);
    double h = 2.0 * (1.0 + 0.5 + 1.0 / 3 + 0.25 + 0.2) + 1.0 / 6;
    assert_int_equal(fragment_distance(&g, NULL, 5, 4, &rng, &d, NULL), 0);
    assert_int_equal(d.sampled, 1);
    assert_int_equal(d.sources, 4);
    assert_close(d.value, 1.0 - h / 11.0, 1e-12);
    assert_close(d.se, 0.0, 1e-12);
    /* samples >= n: exact whatever the limit */
    assert_int_equal(fragment_distance(&g, NULL, 5, 12, &rng, &d, NULL), 0);
    assert_int_equal(d.sampled, 0);
    assert_int_equal(d.sources, 12);
    assert_close(d.value, 1.0 - h / 11.0, 1e-12);
    igraph_destroy(&g);

    /* star of 5 with 2 of 5 sources: x = H/(n-1) is 1 for the centre and
     * 2.5/4 for a leaf; with both leaves drawn se = 0, else sd = 0.375 / sqrt 2 */
    igraph_star(&g, 5, IGRAPH_STAR_UNDIRECTED, 0);
    int saw_centre = 0, saw_leaves = 0;
    for (int r = 0; r < 50; r++) {
        assert_int_equal(fragment_distance(&g, NULL, 2, 2, &rng, &d, NULL), 0);
        if (d.se == 0.0) {
            assert_close(d.value, 1.0 - 0.625, 1e-12);
            saw_leaves = 1;
        } else {
            assert_close(d.value, 1.0 - (1.0 + 0.625) / 2.0, 1e-12);
            assert_close(d.se, 0.375 / sqrt(2.0) / sqrt(2.0) * sqrt(3.0 / 4.0), 1e-12);
            saw_centre = 1;
        }
    }
    assert_true(saw_centre && saw_leaves);
    igraph_destroy(&g);
    igraph_rng_destroy(&rng);
}

static void test_fragment_distance_sampled_matches_exact_ba3000(void **state)
{
    (void)state;
    enum { N = 3000, SOURCES = 200, SEEDS = 40, STRICT_SEEDS = 6 };
    igraph_t g;
    igraph_rng_t rng;
    struct fragment_distance exact, d;
    igraph_rng_seed(igraph_rng_default(), 42);
    assert_int_equal(igraph_barabasi_game(&g, N, 1.0, 2, NULL, 0, 1.0, 0, IGRAPH_BARABASI_PSUMTREE, NULL), 0);
    assert_int_equal(fragment_distance(&g, NULL, N, SOURCES, NULL, &exact, NULL), 0);
    assert_int_equal(exact.sampled, 0);
    assert_true(exact.value > 0.5 && exact.value < 0.9); /* mean distance ~4-5 */

    int within2 = 0;
    for (int s = 0; s < SEEDS; s++) {
        init_rng(&rng, 1000 + (unsigned long)s);
        assert_int_equal(fragment_distance(&g, NULL, 1000, SOURCES, &rng, &d, NULL), 0);
        igraph_rng_destroy(&rng);
        assert_int_equal(d.sampled, 1);
        assert_int_equal(d.sources, SOURCES);
        assert_true(d.se > 0.0 && d.se < 0.01);
        double z = fabs(d.value - exact.value) / d.se;
        if (s < STRICT_SEEDS && z > 3.0)
            fail_msg("seed %d: DF %.6f, exact %.6f, se %.6f", s, d.value, exact.value, d.se);
        within2 += z <= 2.0;
    }
    /* ~95% expected within 2 se */
    assert_true(within2 >= (int)(0.85 * SEEDS));
    igraph_destroy(&g);
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
        cmocka_unit_test(test_fragment_distance_path4),
        cmocka_unit_test(test_fragment_distance_two_triangles_and_isolate),
        cmocka_unit_test(test_fragment_distance_star),
        cmocka_unit_test(test_fragment_distance_weighted),
        cmocka_unit_test(test_fragment_distance_tiny_and_edgeless),
        cmocka_unit_test(test_fragment_distance_errors),
        cmocka_unit_test(test_fragment_distance_sampled_small_cases),
        cmocka_unit_test(test_fragment_distance_sampled_matches_exact_ba3000),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
