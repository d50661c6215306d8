/* tests/analysis/test_keyplayer.c - KPP-Neg and KPP-Pos key players against hand-computed sets and brute
 * force.
 *
 * The reference scorer here is independent of keyplayer.c: it deletes the
 * chosen vertices from a copy of the graph with igraph and scores the rest
 * with igraph's components (F) or distance matrix (DF), counting the
 * deleted vertices as isolates over all n vertices.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include "analysis/keyplayer.h"

/* ---- independent reference -------------------------------------------- */

/* Objective of g with the vertices in `removed` (k ids) deleted. */
static double reference_score(const igraph_t *g, enum keyplayer_objective obj,
                              const igraph_integer_t *removed, int k)
{
    igraph_integer_t n = igraph_vcount(g);
    igraph_t h;
    igraph_vector_int_t del;
    igraph_vector_int_init(&del, k);
    for (int i = 0; i < k; i++)
        VECTOR(del)[i] = removed[i];
    assert_int_equal(igraph_copy(&h, g), 0);
    assert_int_equal(igraph_delete_vertices(&h, igraph_vss_vector(&del)), 0);
    igraph_vector_int_destroy(&del);
    double pairs = 0.0;
    if (obj == KEYPLAYER_F) {
        igraph_vector_int_t csize;
        igraph_integer_t no;
        igraph_vector_int_init(&csize, 0);
        assert_int_equal(igraph_connected_components(&h, NULL, &csize, &no, IGRAPH_WEAK), 0);
        for (igraph_integer_t c = 0; c < no; c++)
            pairs += (double)VECTOR(csize)[c] * (double)(VECTOR(csize)[c] - 1);
        igraph_vector_int_destroy(&csize);
    } else {
        igraph_matrix_t d;
        igraph_matrix_init(&d, 0, 0);
        assert_int_equal(igraph_distances(&h, &d, igraph_vss_all(), igraph_vss_all(), IGRAPH_ALL), 0);
        for (igraph_integer_t i = 0; i < igraph_vcount(&h); i++)
            for (igraph_integer_t j = 0; j < igraph_vcount(&h); j++)
                if (i != j && isfinite(MATRIX(d, i, j)))
                    pairs += 1.0 / MATRIX(d, i, j);
        igraph_matrix_destroy(&d);
    }
    igraph_destroy(&h);
    return 1.0 - pairs / ((double)n * (double)(n - 1));
}

/* Best objective over all pairs {a, b} (brute force, k = 2). */
static double brute_force_pair(const igraph_t *g, enum keyplayer_objective obj)
{
    double best = -1.0;
    igraph_integer_t n = igraph_vcount(g);
    for (igraph_integer_t a = 0; a < n; a++)
        for (igraph_integer_t b = a + 1; b < n; b++) {
            igraph_integer_t s[2] = {a, b};
            double v = reference_score(g, obj, s, 2);
            if (v > best)
                best = v;
        }
    return best;
}

/* Plain greedy (no swaps) with the reference scorer, ties to the lowest id. */
static double reference_greedy(const igraph_t *g, enum keyplayer_objective obj, int k)
{
    igraph_integer_t n = igraph_vcount(g), chosen[8];
    assert_true(k <= 8);
    double value = 0.0;
    for (int t = 0; t < k; t++) {
        double best = -1.0;
        igraph_integer_t pick = -1;
        for (igraph_integer_t c = 0; c < n; c++) {
            int taken = 0;
            for (int i = 0; i < t; i++)
                taken |= chosen[i] == c;
            if (taken)
                continue;
            chosen[t] = c;
            double v = reference_score(g, obj, chosen, t + 1);
            if (v > best + 1e-12) {
                best = v;
                pick = c;
            }
        }
        chosen[t] = pick;
        value = best;
    }
    return value;
}

static int set_has(const igraph_vector_int_t *set, igraph_integer_t v)
{
    return igraph_vector_int_contains(set, v);
}

/* ---- hand-computed cases ---------------------------------------------- */

/* Two 8-cliques A = a0..a0+7 and B = b0..b0+7 and bridges x and y, each
 * adjacent to two vertices of A and two of B (x to the first two, y to the
 * next two). */
static void two_cliques_bridged(igraph_t *g, igraph_integer_t x, igraph_integer_t y, igraph_integer_t a0,
                                igraph_integer_t b0)
{
    igraph_vector_int_t e;
    igraph_vector_int_init(&e, 0);
    for (int i = 0; i < 8; i++)
        for (int j = i + 1; j < 8; j++) {
            igraph_vector_int_push_back(&e, a0 + i);
            igraph_vector_int_push_back(&e, a0 + j);
            igraph_vector_int_push_back(&e, b0 + i);
            igraph_vector_int_push_back(&e, b0 + j);
        }
    igraph_integer_t links[][2] = {{x, a0},     {x, a0 + 1}, {x, b0},     {x, b0 + 1},
                                   {y, a0 + 2}, {y, a0 + 3}, {y, b0 + 2}, {y, b0 + 3}};
    for (int i = 0; i < 8; i++) {
        igraph_vector_int_push_back(&e, links[i][0]);
        igraph_vector_int_push_back(&e, links[i][1]);
    }
    assert_int_equal(igraph_create(g, &e, 18, IGRAPH_UNDIRECTED), 0);
    igraph_vector_int_destroy(&e);
}

static void check_bridges_found(igraph_integer_t x, igraph_integer_t y, igraph_integer_t a0,
                                igraph_integer_t b0)
{
    igraph_t g;
    igraph_vector_int_t set;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 0);
    two_cliques_bridged(&g, x, y, a0, b0);

    assert_int_equal(keyplayer_neg(&g, 2, KEYPLAYER_F, NULL, &set, &r), 0);
    assert_int_equal(igraph_vector_int_size(&set), 2);
    assert_true(set_has(&set, x) && set_has(&set, y));
    /* two components of 8 plus two isolates out of 18 */
    assert_close(r.value, 1.0 - 2.0 * 8 * 7 / (18.0 * 17.0), 1e-12);
    assert_close(r.before, 0.0, 1e-12);
    assert_int_equal(r.swaps, 0);

    assert_int_equal(keyplayer_neg(&g, 2, KEYPLAYER_DF, NULL, &set, &r), 0);
    assert_true(set_has(&set, x) && set_has(&set, y));
    igraph_integer_t xy[2] = {x, y};
    assert_close(r.value, reference_score(&g, KEYPLAYER_DF, xy, 2), 1e-12);
    assert_close(r.value, brute_force_pair(&g, KEYPLAYER_DF), 1e-12);
    assert_close(r.before, reference_score(&g, KEYPLAYER_DF, xy, 0), 1e-12);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
}

static void test_keyplayer_two_cliques_bridges(void **state)
{
    (void)state;
    /* A = 0..7, B = 8..15, x = 16, y = 17. No single removal disconnects
     * the graph, so F ties across all 18 vertices at the first greedy step;
     * the look-ahead prefers x (after it, removing y cuts the graph in two)
     * over vertex 0 (after which no single removal cuts anything). Plain
     * lowest-id greedy would answer {0, 1} with F = 1 - 240/306, and no
     * single swap leads from there to {x, y}. */
    check_bridges_found(16, 17, 0, 8);
}

static void test_keyplayer_two_cliques_bridges_other_numberings(void **state)
{
    (void)state;
    check_bridges_found(0, 1, 2, 10);
    check_bridges_found(8, 17, 0, 9); /* one bridge between the cliques, one after */
}

static void test_keyplayer_star_centre(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_int_t set;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 0);
    igraph_star(&g, 6, IGRAPH_STAR_UNDIRECTED, 5); /* centre is the last vertex */
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_F, NULL, &set, &r), 0);
    assert_int_equal(igraph_vector_int_size(&set), 1);
    assert_int_equal(VECTOR(set)[0], 5);
    assert_close(r.value, 1.0, 1e-12);
    assert_close(r.before, 0.0, 1e-12);
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_DF, NULL, &set, &r), 0);
    assert_int_equal(VECTOR(set)[0], 5);
    assert_close(r.value, 1.0, 1e-12);
    /* 10 ordered centre-leaf pairs at 1, 20 leaf pairs at 2: 1 - 20/30 */
    assert_close(r.before, 1.0 - 20.0 / 30.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
}

static void test_keyplayer_path5_middle(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_int_t set;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 0);
    igraph_ring(&g, 5, IGRAPH_UNDIRECTED, 0, 0);
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_F, NULL, &set, &r), 0);
    assert_int_equal(VECTOR(set)[0], 2);
    assert_close(r.value, 1.0 - 2.0 * 2 * 1 / (5.0 * 4.0), 1e-12); /* 0.8 */
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_DF, NULL, &set, &r), 0);
    assert_int_equal(VECTOR(set)[0], 2);
    /* two pairs at distance 1 remain: 4 ordered pairs of 20 */
    assert_close(r.value, 0.8, 1e-12);
    /* intact: 4 pairs at 1, 3 at 2, 2 at 3, 1 at 4, twice, of 20 */
    assert_close(r.before, 1.0 - 2.0 * (4.0 + 1.5 + 2.0 / 3.0 + 0.25) / 20.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
}

static void test_keyplayer_candidates_mask(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_int_t set;
    igraph_vector_bool_t mask;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 0);
    igraph_vector_bool_init(&mask, 5);
    igraph_vector_bool_fill(&mask, 1);
    VECTOR(mask)[2] = 0; /* the middle of the path may not be chosen */
    igraph_ring(&g, 5, IGRAPH_UNDIRECTED, 0, 0);
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_F, &mask, &set, &r), 0);
    /* 1 and 3 tie ({0} + {2,3,4}: 6 reachable ordered pairs of 20): lowest id */
    assert_int_equal(VECTOR(set)[0], 1);
    assert_close(r.value, 1.0 - 6.0 / 20.0, 1e-12);
    /* k = 2 with only the ends allowed */
    igraph_vector_bool_null(&mask);
    VECTOR(mask)[0] = VECTOR(mask)[4] = 1;
    assert_int_equal(keyplayer_neg(&g, 2, KEYPLAYER_F, &mask, &set, &r), 0);
    assert_true(set_has(&set, 0) && set_has(&set, 4));
    assert_close(r.value, 1.0 - 6.0 / 20.0, 1e-12); /* path 1-2-3 left */
    /* k beyond the candidates: all of them */
    assert_int_equal(keyplayer_neg(&g, 4, KEYPLAYER_F, &mask, &set, &r), 0);
    assert_int_equal(igraph_vector_int_size(&set), 2);
    /* no candidate at all */
    igraph_vector_bool_null(&mask);
    assert_int_equal(keyplayer_neg(&g, 2, KEYPLAYER_F, &mask, &set, &r), 0);
    assert_int_equal(igraph_vector_int_size(&set), 0);
    assert_close(r.value, r.before, 0);
    /* star, centre excluded: the lowest leaf, leaving a star of 5 */
    igraph_destroy(&g);
    igraph_star(&g, 6, IGRAPH_STAR_UNDIRECTED, 0);
    igraph_vector_bool_resize(&mask, 6);
    igraph_vector_bool_fill(&mask, 1);
    VECTOR(mask)[0] = 0;
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_F, &mask, &set, &r), 0);
    assert_int_equal(VECTOR(set)[0], 1);
    assert_close(r.value, 1.0 - 20.0 / 30.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
    igraph_vector_bool_destroy(&mask);
}

static void test_keyplayer_swap_reaches_optimum_path8(void **state)
{
    (void)state;
    /* Path 0..7, k = 2. Greedy takes 3 (parts 3 + 4; ties with 4), then 5
     * (parts 3, 1, 2: 6 + 0 + 2 = 8 reachable ordered pairs). Swapping 3 for
     * 2 gives parts 2, 2, 2 (6 pairs), the optimum. */
    igraph_t g;
    igraph_vector_int_t set;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 0);
    igraph_ring(&g, 8, IGRAPH_UNDIRECTED, 0, 0);
    assert_close(reference_greedy(&g, KEYPLAYER_F, 2), 1.0 - 8.0 / 56.0, 1e-12);
    assert_close(brute_force_pair(&g, KEYPLAYER_F), 1.0 - 6.0 / 56.0, 1e-12);
    assert_int_equal(keyplayer_neg(&g, 2, KEYPLAYER_F, NULL, &set, &r), 0);
    assert_int_equal(r.swaps, 1);
    assert_int_equal(VECTOR(set)[0], 2); /* greedy's first pick, replaced in place */
    assert_int_equal(VECTOR(set)[1], 5);
    assert_close(r.value, 1.0 - 6.0 / 56.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
}

static void test_keyplayer_swap_improves_path11_local_optimum(void **state)
{
    (void)state;
    /* Path 0..10, k = 2: greedy {5, 2} leaves parts 2, 2, 5 (24 pairs);
     * swaps reach parts 2, 3, 4 (20 pairs) and stop there: no single swap
     * reaches the optimum {3, 7} (parts 3, 3, 3: 18 pairs). One member
     * must move by one and the other by two at once. */
    igraph_t g;
    igraph_vector_int_t set;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 0);
    igraph_ring(&g, 11, IGRAPH_UNDIRECTED, 0, 0);
    double greedy = reference_greedy(&g, KEYPLAYER_F, 2);
    assert_close(greedy, 1.0 - 24.0 / 110.0, 1e-12);
    assert_close(brute_force_pair(&g, KEYPLAYER_F), 1.0 - 18.0 / 110.0, 1e-12);
    assert_int_equal(keyplayer_neg(&g, 2, KEYPLAYER_F, NULL, &set, &r), 0);
    assert_true(r.swaps >= 1);
    assert_close(r.value, 1.0 - 20.0 / 110.0, 1e-12);
    assert_close(r.value, reference_score(&g, KEYPLAYER_F, VECTOR(set), 2), 1e-12);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
}

static void test_keyplayer_random_graphs_vs_brute_force(void **state)
{
    (void)state;
    /* k = 2 on 30 G(12, m) graphs for each m below, both objectives, against
     * the brute-force optimum over all 66 pairs. Optimal with these seeds:
     *     m         12  14  16  18  20  24  30   all
     *     F         30  28  25  25  25  29  30   192/210 (91%)
     *     DF        30  26  26  28  24  30  27   191/210 (91%)
     * Misses are local optima of greedy plus single swaps: e.g. the single
     * best vertex is in no optimal pair, and the optimum differs from the
     * greedy pair in both members. Plain greedy without the F look-ahead is
     * optimal for F in 176/210 (84%). Never below plain greedy. */
    enum { GRAPHS = 30, N = 12, DENSITIES = 7 };
    static const igraph_integer_t edges[DENSITIES] = {12, 14, 16, 18, 20, 24, 30};
    igraph_t g;
    igraph_vector_int_t set;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 0);
    int optimal[2] = {0, 0};
    for (int m = 0; m < DENSITIES; m++) {
        igraph_rng_seed(igraph_rng_default(), 1234);
        for (int t = 0; t < GRAPHS; t++) {
            assert_int_equal(igraph_erdos_renyi_game_gnm(&g, N, edges[m], IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS),
                             0);
            for (int o = 0; o < 2; o++) {
                enum keyplayer_objective obj = o == 0 ? KEYPLAYER_F : KEYPLAYER_DF;
                assert_int_equal(keyplayer_neg(&g, 2, obj, NULL, &set, &r), 0);
                double best = brute_force_pair(&g, obj), greedy = reference_greedy(&g, obj, 2);
                /* the reported value is the score of the reported set */
                assert_close(r.value, reference_score(&g, obj, VECTOR(set), 2), 1e-12);
                assert_close(r.before, reference_score(&g, obj, VECTOR(set), 0), 1e-12);
                assert_true(r.value >= greedy - 1e-12);
                assert_true(r.value <= best + 1e-12);
                optimal[o] += r.value >= best - 1e-12;
            }
            igraph_destroy(&g);
        }
    }
    assert_true(optimal[0] >= DENSITIES * GRAPHS * 9 / 10);
    assert_true(optimal[1] >= DENSITIES * GRAPHS * 9 / 10);
    igraph_vector_int_destroy(&set);
}

static void test_keyplayer_edge_cases_and_errors(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_int_t set;
    igraph_vector_bool_t mask;
    struct keyplayer_result r;
    igraph_vector_int_init(&set, 3);
    igraph_vector_bool_init(&mask, 4);
    igraph_ring(&g, 5, IGRAPH_UNDIRECTED, 0, 0);
    /* k = 0: nothing removed */
    assert_int_equal(keyplayer_neg(&g, 0, KEYPLAYER_F, NULL, &set, &r), 0);
    assert_int_equal(igraph_vector_int_size(&set), 0);
    assert_close(r.value, 0.0, 0);
    assert_close(r.before, 0.0, 0);
    /* k = n: everything removed, F = 1 */
    assert_int_equal(keyplayer_neg(&g, 9, KEYPLAYER_F, NULL, &set, &r), 0);
    assert_int_equal(igraph_vector_int_size(&set), 5);
    assert_close(r.value, 1.0, 0);
    /* errors */
    assert_int_equal(keyplayer_neg(&g, -1, KEYPLAYER_F, NULL, &set, &r), IGRAPH_EINVAL);
    assert_int_equal(keyplayer_neg(&g, 1, (enum keyplayer_objective)7, NULL, &set, &r), IGRAPH_EINVAL);
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_F, &mask, &set, &r), IGRAPH_EINVAL); /* 4 != 5 */
    igraph_destroy(&g);

    /* multi-edges and loops do not change reachability */
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 0, 1, 1, 2, 1, 1, -1);
    assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_DF, NULL, &set, &r), 0);
    assert_int_equal(VECTOR(set)[0], 1);
    assert_close(r.value, 1.0, 1e-12);
    assert_close(r.before, 1.0 - 2.0 * (2.0 + 0.5) / 6.0, 1e-12);
    igraph_destroy(&g);

    /* tiny graphs: no pairs, F = 1 by convention */
    for (int n = 0; n < 2; n++) {
        igraph_empty(&g, n, IGRAPH_UNDIRECTED);
        assert_int_equal(keyplayer_neg(&g, 1, KEYPLAYER_F, NULL, &set, &r), 0);
        assert_int_equal(igraph_vector_int_size(&set), n);
        assert_close(r.value, 1.0, 0);
        assert_close(r.before, 1.0, 0);
        igraph_destroy(&g);
    }
    /* edgeless: all ties, lowest ids */
    igraph_empty(&g, 4, IGRAPH_UNDIRECTED);
    assert_int_equal(keyplayer_neg(&g, 2, KEYPLAYER_DF, NULL, &set, &r), 0);
    assert_int_equal(VECTOR(set)[0], 0);
    assert_int_equal(VECTOR(set)[1], 1);
    assert_int_equal(r.swaps, 0);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
    igraph_vector_bool_destroy(&mask);
}

/* ---- KPP-Pos ------------------------------------------------------------ */

/* Independent KPP-Pos values of the set from igraph's distance matrix:
 * reached non-members within D over n - |S|; (1/n) sum of 1/d(j, S). */
static void reference_pos(const igraph_matrix_t *dist, igraph_integer_t n, const igraph_integer_t *s, int k,
                          igraph_integer_t D, double *reach, double *weighted)
{
    double count = 0.0, sum = 0.0;
    for (igraph_integer_t j = 0; j < n; j++) {
        int member = 0;
        double d = INFINITY;
        for (int i = 0; i < k; i++) {
            member |= s[i] == j;
            if (MATRIX(*dist, s[i], j) < d)
                d = MATRIX(*dist, s[i], j);
        }
        if (member)
            continue;
        count += d <= (double)D;
        if (isfinite(d))
            sum += 1.0 / d;
    }
    *reach = n > k ? count / (double)(n - k) : 0.0;
    *weighted = sum / (double)n;
}

/* Lexicographic (reach, weighted reach) order of KPP-Pos. */
static int pos_above(double r, double w, double br, double bw)
{
    return r > br + 1e-12 || (fabs(r - br) <= 1e-12 && w > bw + 1e-12);
}

static void test_keyplayer_pos_star_and_path(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_int_t set;
    struct keyplayer_pos_result r;
    igraph_vector_int_init(&set, 0);
    igraph_star(&g, 7, IGRAPH_STAR_UNDIRECTED, 3);
    assert_int_equal(keyplayer_pos(&g, 1, 1, NULL, &set, &r), 0);
    assert_int_equal(VECTOR(set)[0], 3);
    assert_close(r.reach, 1.0, 0);
    assert_close(r.weighted_reach, 6.0 / 7.0, 1e-15);
    igraph_destroy(&g);
    /* path 0-1-2-3-4-5-6: two members reach at most 4 of the other 5 at
     * distance 1 ({1, 4}: 0, 2, 3, 5); at distance 2 {1, 5} reaches all */
    igraph_ring(&g, 7, IGRAPH_UNDIRECTED, 0, 0);
    assert_int_equal(keyplayer_pos(&g, 2, 1, NULL, &set, &r), 0);
    assert_close(r.reach, 4.0 / 5.0, 1e-15);
    assert_int_equal(keyplayer_pos(&g, 2, 2, NULL, &set, &r), 0);
    assert_close(r.reach, 1.0, 0);
    /* errors */
    assert_int_equal(keyplayer_pos(&g, 2, 0, NULL, &set, &r), IGRAPH_EINVAL);
    assert_int_equal(keyplayer_pos(&g, -1, 1, NULL, &set, &r), IGRAPH_EINVAL);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&set);
}

/* Every K-set of 10-vertex random graphs enumerated: the reported values are
 * those of the reported set, no set beats them by more than a swap could
 * miss (no single swap improves the result), and nearly always the greedy
 * plus swaps set is optimal. */
static void test_keyplayer_pos_vs_brute_force(void **state)
{
    (void)state;
    enum { N = 10, GRAPHS = 20 };
    const igraph_integer_t edges[] = {9, 13, 18};
    igraph_vector_int_t set;
    igraph_vector_int_init(&set, 0);
    igraph_rng_t rng;
    assert_int_equal(igraph_rng_init(&rng, &igraph_rngtype_pcg32), 0);
    assert_int_equal(igraph_rng_seed(&rng, 15), 0);
    igraph_rng_t *saved = igraph_rng_default();
    igraph_rng_set_default(&rng);
    int runs = 0, optimal = 0;
    for (int e = 0; e < 3; e++)
        for (int rep = 0; rep < GRAPHS; rep++)
            for (int k = 2; k <= 3; k++)
                for (igraph_integer_t D = 1; D <= 2; D++) {
                    igraph_t g;
                    igraph_matrix_t dist;
                    struct keyplayer_pos_result r;
                    assert_int_equal(
                        igraph_erdos_renyi_game_gnm(&g, N, edges[e], IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS), 0);
                    igraph_matrix_init(&dist, 0, 0);
                    assert_int_equal(
                        igraph_distances(&g, &dist, igraph_vss_all(), igraph_vss_all(), IGRAPH_ALL), 0);
                    assert_int_equal(keyplayer_pos(&g, k, D, NULL, &set, &r), 0);
                    assert_int_equal(igraph_vector_int_size(&set), k);
                    double rr, rw;
                    reference_pos(&dist, N, VECTOR(set), k, D, &rr, &rw);
                    assert_close(r.reach, rr, 1e-12);
                    assert_close(r.weighted_reach, rw, 1e-12);
                    struct keyplayer_pos_result again;
                    assert_int_equal(keyplayer_pos_score(&g, &set, D, &again), 0);
                    assert_close(again.reach, rr, 1e-12);
                    assert_close(again.weighted_reach, rw, 1e-12);
                    /* every K-set */
                    double br = -1.0, bw = -1.0;
                    igraph_integer_t s[3];
                    for (s[0] = 0; s[0] < N; s[0]++)
                        for (s[1] = s[0] + 1; s[1] < N; s[1]++)
                            for (s[2] = k == 3 ? s[1] + 1 : N; s[2] < (k == 3 ? N : N + 1); s[2]++) {
                                double cr, cw;
                                reference_pos(&dist, N, s, k, D, &cr, &cw);
                                if (pos_above(cr, cw, br, bw)) {
                                    br = cr;
                                    bw = cw;
                                }
                            }
                    assert_false(pos_above(rr, rw, br, bw));
                    optimal += !pos_above(br, bw, rr, rw);
                    /* no single swap improves the result */
                    for (int i = 0; i < k; i++)
                        for (igraph_integer_t c = 0; c < N; c++) {
                            igraph_integer_t t[3];
                            int in = 0;
                            for (int j = 0; j < k; j++) {
                                t[j] = VECTOR(set)[j];
                                in |= t[j] == c;
                            }
                            if (in)
                                continue;
                            t[i] = c;
                            double cr, cw;
                            reference_pos(&dist, N, t, k, D, &cr, &cw);
                            assert_false(pos_above(cr, cw, rr, rw));
                        }
                    runs++;
                    igraph_matrix_destroy(&dist);
                    igraph_destroy(&g);
                }
    igraph_rng_set_default(saved);
    igraph_rng_destroy(&rng);
    assert_int_equal(runs, 3 * GRAPHS * 2 * 2);
    assert_true(optimal >= runs * 9 / 10);
    igraph_vector_int_destroy(&set);
}

/* ---- feedback and interruption ------------------------------------ */

struct seen {
    double last, planned;
    long calls;
    long stop_after; /* interrupt once this many evaluations were seen (0: never) */
};

static struct seen *watched; /* the interruption handler's view of the monitor (this test only) */

static void count_evaluations(void *ctx, double done, double planned)
{
    struct seen *s = ctx;
    assert_true(done == s->last + 1.0); /* one call per evaluation, counted from 1 */
    s->last = done;
    s->planned = planned;
    s->calls++;
}

static igraph_error_t stop_when_told(void *data)
{
    (void)data;
    return watched && watched->stop_after > 0 && watched->calls >= watched->stop_after ? IGRAPH_INTERRUPTED
                                                                                       : IGRAPH_SUCCESS;
}

/* The planned count is the greedy steps plus one swap pass; the monitor sees
 * every evaluation (at least the planned ones); an interruption request
 * stops the search at the next evaluation. */
static void test_keyplayer_monitor_and_interruption(void **state)
{
    (void)state;
    assert_true(keyplayer_evaluations(18, 2) == 69.0); /* 18 + 17, then 2 * 17 */
    assert_true(keyplayer_evaluations(30000, 3) == 30000.0 + 29999.0 + 29998.0 + 3.0 * 29998.0);
    assert_true(keyplayer_evaluations(5, 9) == keyplayer_evaluations(5, 5));
    assert_true(keyplayer_evaluations(5, 0) == 0.0);
    igraph_t g;
    /* two 5-cliques joined by a path through vertices 10 and 11 */
    assert_int_equal(igraph_full(&g, 5, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS), 0);
    igraph_t h;
    assert_int_equal(igraph_full(&h, 5, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS), 0);
    igraph_t u;
    assert_int_equal(igraph_disjoint_union(&u, &g, &h), 0);
    assert_int_equal(igraph_add_vertices(&u, 2, NULL), 0);
    igraph_vector_int_t ends;
    igraph_vector_int_init_int(&ends, 6, 0, 10, 10, 11, 11, 5);
    assert_int_equal(igraph_add_edges(&u, &ends, NULL), 0);
    igraph_vector_int_destroy(&ends);
    igraph_vector_int_t set;
    igraph_vector_int_init(&set, 0);
    struct keyplayer_result res;
    struct seen s = {0.0, 0.0, 0, 0};
    struct keyplayer_monitor mon = {count_evaluations, &s};
    assert_int_equal(keyplayer_neg_monitored(&u, 2, KEYPLAYER_F, NULL, &set, &res, &mon), 0);
    assert_true(s.planned == keyplayer_evaluations(12, 2));
    assert_true((double)s.calls >= s.planned);
    /* the same set as without a monitor */
    igraph_vector_int_t plain;
    igraph_vector_int_init(&plain, 0);
    struct keyplayer_result res2;
    assert_int_equal(keyplayer_neg(&u, 2, KEYPLAYER_F, NULL, &plain, &res2), 0);
    assert_true(igraph_vector_int_all_e(&set, &plain));
    assert_true(res.value == res2.value);
    /* interrupted after 7 evaluations: IGRAPH_INTERRUPTED at once */
    struct seen t = {0.0, 0.0, 0, 7};
    struct keyplayer_monitor mon2 = {count_evaluations, &t};
    watched = &t;
    igraph_interruption_handler_t *old = igraph_set_interruption_handler(stop_when_told);
    assert_int_equal(keyplayer_neg_monitored(&u, 2, KEYPLAYER_F, NULL, &set, &res, &mon2),
                     IGRAPH_INTERRUPTED);
    igraph_set_interruption_handler(old);
    watched = NULL;
    assert_int_equal(t.calls, 7);
    /* KPP-Pos: the same plan and monitor, the same set as without one, and
     * the same stop at once */
    struct keyplayer_pos_result pos, pos2;
    struct seen p = {0.0, 0.0, 0, 0};
    struct keyplayer_monitor mon3 = {count_evaluations, &p};
    assert_int_equal(keyplayer_pos_monitored(&u, 2, 1, NULL, &set, &pos, &mon3), 0);
    assert_true(p.planned == keyplayer_evaluations(12, 2));
    assert_true((double)p.calls >= p.planned);
    assert_int_equal(keyplayer_pos(&u, 2, 1, NULL, &plain, &pos2), 0);
    assert_true(igraph_vector_int_all_e(&set, &plain));
    assert_true(pos.reach == pos2.reach && pos.weighted_reach == pos2.weighted_reach);
    struct seen q = {0.0, 0.0, 0, 5};
    struct keyplayer_monitor mon4 = {count_evaluations, &q};
    watched = &q;
    old = igraph_set_interruption_handler(stop_when_told);
    assert_int_equal(keyplayer_pos_monitored(&u, 2, 1, NULL, &set, &pos, &mon4), IGRAPH_INTERRUPTED);
    igraph_set_interruption_handler(old);
    watched = NULL;
    assert_int_equal(q.calls, 5);
    igraph_vector_int_destroy(&plain);
    igraph_vector_int_destroy(&set);
    igraph_destroy(&u);
    igraph_destroy(&h);
    igraph_destroy(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyplayer_two_cliques_bridges),
        cmocka_unit_test(test_keyplayer_two_cliques_bridges_other_numberings),
        cmocka_unit_test(test_keyplayer_star_centre),
        cmocka_unit_test(test_keyplayer_path5_middle),
        cmocka_unit_test(test_keyplayer_candidates_mask),
        cmocka_unit_test(test_keyplayer_swap_reaches_optimum_path8),
        cmocka_unit_test(test_keyplayer_swap_improves_path11_local_optimum),
        cmocka_unit_test(test_keyplayer_random_graphs_vs_brute_force),
        cmocka_unit_test(test_keyplayer_edge_cases_and_errors),
        cmocka_unit_test(test_keyplayer_pos_star_and_path),
        cmocka_unit_test(test_keyplayer_pos_vs_brute_force),
        cmocka_unit_test(test_keyplayer_monitor_and_interruption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
