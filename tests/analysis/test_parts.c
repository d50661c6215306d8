/* tests/analysis/test_parts.c - path measures in parts against igraph's whole-graph calls:
 * per-vertex measures bit for bit, betweenness to rounding, and the same
 * bytes whatever order and worker the executor runs the parts in (the
 * threaded executor itself is sim/'s: tests/sim/test_exec.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include "analysis/parts.h"
#include "tests/testgraph.h"

static void test_parts_vertex_measures_match_igraph(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1200);
    assert_true(1200.0 * (1200.0 + (double)igraph_ecount(&g)) >= PARTS_MIN_WORK);
    igraph_vector_t whole, parts;
    igraph_vector_init(&whole, 0);
    igraph_vector_init(&parts, 0);

    assert_int_equal(igraph_harmonic_centrality(&g, &whole, igraph_vss_all(), IGRAPH_ALL, NULL, 0), 0);
    assert_int_equal(parts_measure(&g, NULL, PARTS_HARMONIC_RAW, NULL, &parts, NULL), 0);
    assert_same_bytes(&whole, &parts);

    /* a vertex list: values in its order, unnormalised */
    igraph_vector_int_t vids;
    igraph_vector_int_init(&vids, 0);
    for (igraph_integer_t v = 1199; v >= 0; v -= 3)
        igraph_vector_int_push_back(&vids, v);
    assert_int_equal(igraph_harmonic_centrality(&g, &whole, igraph_vss_vector(&vids), IGRAPH_ALL, NULL, 0),
                     0);
    assert_int_equal(parts_measure(&g, NULL, PARTS_HARMONIC_RAW, &vids, &parts, NULL), 0);
    assert_int_equal(igraph_vector_size(&parts), 400);
    assert_same_bytes(&whole, &parts);

    igraph_vector_int_destroy(&vids);
    igraph_vector_destroy(&whole);
    igraph_vector_destroy(&parts);
    igraph_destroy(&g);
}

static void test_parts_betweenness_sums_to_igraph(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1200);
    igraph_vector_t whole, parts;
    igraph_vector_init(&whole, 0);
    igraph_vector_init(&parts, 0);
    assert_int_equal(igraph_betweenness(&g, &whole, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL), 0);
    assert_int_equal(parts_measure(&g, NULL, PARTS_BETWEENNESS, NULL, &parts, NULL), 0);
    assert_int_equal(igraph_vector_size(&parts), 1200);
    double total = 0.0;
    for (igraph_integer_t i = 0; i < 1200; i++) {
        assert_close(VECTOR(parts)[i], VECTOR(whole)[i], 1e-9 * (1.0 + VECTOR(whole)[i]));
        total += VECTOR(parts)[i];
    }
    /* the hub of a BA graph lies on many paths: the values are not all 0 */
    assert_true(igraph_vector_max(&parts) > 1000.0);
    assert_true(total > 0.0);
    igraph_vector_destroy(&whole);
    igraph_vector_destroy(&parts);
    igraph_destroy(&g);
}

/* An executor without threads that runs the parts last to first on three
 * alternating workers: the results must not depend on either. */
static void reverse_run(const struct parts_exec *ex, int n, parts_task *task, void *arg)
{
    int *calls = ex->self;
    for (int k = n - 1; k >= 0; k--) {
        task(arg, k, k % ex->workers);
        (*calls)++;
    }
}

/* The same bytes in order on the calling thread and through an executor. */
static void test_parts_executor_does_not_matter(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1500);
    igraph_vector_t one, other;
    igraph_vector_init(&one, 0);
    igraph_vector_init(&other, 0);
    int calls = 0;
    struct parts_exec ex = {reverse_run, 3, &calls};
    for (int m = PARTS_HARMONIC_RAW; m <= PARTS_BETWEENNESS; m++) {
        calls = 0;
        assert_int_equal(parts_measure(&g, NULL, (enum parts_measure)m, NULL, &one, NULL), 0);
        assert_int_equal(parts_measure(&g, NULL, (enum parts_measure)m, NULL, &other, &ex), 0);
        assert_int_equal(calls, PARTS_MAX); /* the executor ran every part */
        assert_same_bytes(&one, &other);
    }
    igraph_vector_destroy(&one);
    igraph_vector_destroy(&other);
    igraph_destroy(&g);
}

/* A small graph is one igraph call: the values are igraph's, bit for bit. */
static void test_parts_small_graph_is_one_call(void **state)
{
    (void)state;
    igraph_t g;
    /* a path 0-1-2-3-4: betweenness 0, 3, 4, 3, 0 */
    assert_int_equal(igraph_ring(&g, 5, IGRAPH_UNDIRECTED, 0, 0), 0);
    igraph_vector_t b;
    igraph_vector_init(&b, 0);
    assert_int_equal(parts_measure(&g, NULL, PARTS_BETWEENNESS, NULL, &b, NULL), 0);
    const double want[] = {0, 3, 4, 3, 0};
    for (int i = 0; i < 5; i++)
        assert_close(VECTOR(b)[i], want[i], 0);
    /* harmonic of the centre, unnormalised: 1 + 1/2 + 1 + 1/2 = 3 */
    assert_int_equal(parts_measure(&g, NULL, PARTS_HARMONIC_RAW, NULL, &b, NULL), 0);
    assert_close(VECTOR(b)[2], 3.0, 0);
    igraph_vector_destroy(&b);
    igraph_destroy(&g);
}

/* An error in a part comes back: negative edge lengths. */
static void test_parts_error_is_returned(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1200);
    igraph_vector_t len, out;
    igraph_vector_init(&len, igraph_ecount(&g));
    igraph_vector_fill(&len, 1.0);
    VECTOR(len)[7] = -1.0;
    igraph_vector_init(&out, 0);
    igraph_error_handler_t *err = igraph_set_error_handler(igraph_error_handler_ignore);
    assert_int_not_equal(parts_measure(&g, &len, PARTS_HARMONIC_RAW, NULL, &out, NULL), 0);
    assert_int_not_equal(parts_measure(&g, &len, PARTS_BETWEENNESS, NULL, &out, NULL), 0);
    igraph_set_error_handler(err);
    igraph_vector_destroy(&len);
    igraph_vector_destroy(&out);
    igraph_destroy(&g);
}

/* One distance pass: closeness bit for bit as igraph's, harmonic to rounding,
 * on a BA graph cut into parts and on a small graph with an isolated vertex
 * and two components (one part). */
static void check_closeness_harmonic(const igraph_t *g, const igraph_vector_t *len)
{
    igraph_vector_t clo, har, want;
    igraph_vector_init(&clo, 0);
    igraph_vector_init(&har, 0);
    igraph_vector_init(&want, 0);
    assert_int_equal(parts_closeness_harmonic(g, len, &clo, &har, NULL), 0);
    assert_int_equal(igraph_closeness(g, &want, NULL, NULL, igraph_vss_all(), IGRAPH_ALL, len, 1), 0);
    assert_int_equal(igraph_vector_size(&clo), igraph_vcount(g));
    for (igraph_integer_t i = 0; i < igraph_vcount(g); i++) {
        if (isnan(VECTOR(want)[i]))
            assert_true(isnan(VECTOR(clo)[i]));
        else if (len)
            assert_close(VECTOR(clo)[i], VECTOR(want)[i], 1e-12 * VECTOR(want)[i]);
        else
            assert_memory_equal(&VECTOR(clo)[i], &VECTOR(want)[i], sizeof(double));
    }
    assert_int_equal(igraph_harmonic_centrality(g, &want, igraph_vss_all(), IGRAPH_ALL, len, 0), 0);
    for (igraph_integer_t i = 0; i < igraph_vcount(g); i++)
        assert_close(VECTOR(har)[i], VECTOR(want)[i], 1e-12 * (1.0 + VECTOR(want)[i]));
    igraph_vector_destroy(&clo);
    igraph_vector_destroy(&har);
    igraph_vector_destroy(&want);
}

/* Weighted harmonic sums (parts.c's own Dijkstra) against igraph's weighted
 * harmonic centrality, to 1e-12 relative: a graph of several components with
 * a loop, a multi-edge and lengths of many sizes, every vertex and a list. */
static void test_parts_weighted_harmonic_matches_igraph(void **state)
{
    (void)state;
    igraph_t g, h, ba;
    ba_graph(&ba, 900);
    igraph_small(&h, 6, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 1, 2, 2, 2, 3, 4, -1);
    assert_int_equal(igraph_disjoint_union(&g, &ba, &h), 0);
    igraph_destroy(&ba);
    igraph_integer_t m = igraph_ecount(&g);
    igraph_vector_t len, want, got;
    igraph_vector_init(&len, m);
    for (igraph_integer_t e = 0; e < m; e++)
        VECTOR(len)[e] = 0.05 + (double)((e * 37) % 101) / 13.0;
    igraph_vector_init(&want, 0);
    igraph_vector_init(&got, 0);
    assert_int_equal(igraph_harmonic_centrality(&g, &want, igraph_vss_all(), IGRAPH_ALL, &len, 0), 0);
    assert_int_equal(parts_measure(&g, &len, PARTS_HARMONIC_RAW, NULL, &got, NULL), 0);
    assert_int_equal(igraph_vector_size(&got), igraph_vcount(&g));
    for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++)
        assert_true(fabs(VECTOR(got)[v] - VECTOR(want)[v]) <= 1e-12 * fmax(1.0, fabs(VECTOR(want)[v])));
    /* 905 is isolated: nothing reached */
    assert_true(VECTOR(got)[905] == 0.0);
    /* a negative length is refused */
    VECTOR(len)[3] = -1;
    assert_int_equal(parts_measure(&g, &len, PARTS_HARMONIC_RAW, NULL, &got, NULL), IGRAPH_EINVAL);
    igraph_vector_destroy(&len);
    igraph_vector_destroy(&want);
    igraph_vector_destroy(&got);
    igraph_destroy(&h);
    igraph_destroy(&g);
}

static void test_parts_closeness_harmonic_one_pass(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1500);
    check_closeness_harmonic(&g, NULL);
    igraph_vector_t len;
    igraph_vector_init(&len, igraph_ecount(&g));
    for (igraph_integer_t e = 0; e < igraph_ecount(&g); e++)
        VECTOR(len)[e] = 1.0 + (double)(e % 7) / 4.0;
    check_closeness_harmonic(&g, &len);
    igraph_vector_destroy(&len);
    igraph_destroy(&g);

    /* 0-1-2 and 3-4, 5 isolated: closeness of 1 is 2/2 = 1, of 0 is 2/3; of 5 NaN */
    igraph_small(&g, 6, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 3, 4, -1);
    check_closeness_harmonic(&g, NULL);
    igraph_vector_t clo, har;
    igraph_vector_init(&clo, 0);
    igraph_vector_init(&har, 0);
    assert_int_equal(parts_closeness_harmonic(&g, NULL, &clo, &har, NULL), 0);
    assert_close(VECTOR(clo)[1], 1.0, 0);
    assert_close(VECTOR(clo)[0], 2.0 / 3.0, 1e-15);
    assert_true(isnan(VECTOR(clo)[5]));
    assert_close(VECTOR(har)[0], 1.5, 0);
    assert_close(VECTOR(har)[5], 0.0, 0);
    igraph_vector_destroy(&clo);
    igraph_vector_destroy(&har);
    igraph_destroy(&g);
}

/* The same bytes in order and through an executor. */
static void test_parts_closeness_harmonic_executor(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1500);
    igraph_vector_t c1, h1, c2, h2;
    igraph_vector_init(&c1, 0);
    igraph_vector_init(&h1, 0);
    igraph_vector_init(&c2, 0);
    igraph_vector_init(&h2, 0);
    int calls = 0;
    struct parts_exec ex = {reverse_run, 3, &calls};
    assert_int_equal(parts_closeness_harmonic(&g, NULL, &c1, &h1, NULL), 0);
    assert_int_equal(parts_closeness_harmonic(&g, NULL, &c2, &h2, &ex), 0);
    assert_true(calls > 1);
    assert_same_bytes(&c1, &c2);
    assert_same_bytes(&h1, &h2);
    igraph_vector_destroy(&c1);
    igraph_vector_destroy(&h1);
    igraph_vector_destroy(&c2);
    igraph_vector_destroy(&h2);
    igraph_destroy(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_vertex_measures_match_igraph),
        cmocka_unit_test(test_parts_betweenness_sums_to_igraph),
        cmocka_unit_test(test_parts_executor_does_not_matter),
        cmocka_unit_test(test_parts_small_graph_is_one_call),
        cmocka_unit_test(test_parts_error_is_returned),
        cmocka_unit_test(test_parts_weighted_harmonic_matches_igraph),
        cmocka_unit_test(test_parts_closeness_harmonic_one_pass),
        cmocka_unit_test(test_parts_closeness_harmonic_executor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
