/* tests/sim/test_exec.c - the OpenMP executor of analysis/parts: the same bytes at one and two threads.
 *
 * The path measures of `infnet analyze` run their parts on a team
 * (exec_openmp) and those of a replica worker on its own thread (NULL): the
 * values must not depend on which, nor on the team's size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <igraph.h>

#include "analysis/centrality.h"
#include "analysis/parts.h"
#include "sim/engine/exec.h"
#include "tests/testgraph.h"

static void test_exec_thread_count_does_not_matter(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1500);
    assert_true(1500.0 * (1500.0 + (double)igraph_ecount(&g)) >= PARTS_MIN_WORK);
    struct parts_exec one = exec_openmp(1), two = exec_openmp(2);
    igraph_vector_t here, v1, v2;
    igraph_vector_init(&here, 0);
    igraph_vector_init(&v1, 0);
    igraph_vector_init(&v2, 0);
    for (int m = PARTS_HARMONIC_RAW; m <= PARTS_BETWEENNESS; m++) {
        assert_int_equal(parts_measure(&g, NULL, (enum parts_measure)m, NULL, &here, NULL), 0);
        assert_int_equal(parts_measure(&g, NULL, (enum parts_measure)m, NULL, &v1, &one), 0);
        assert_int_equal(parts_measure(&g, NULL, (enum parts_measure)m, NULL, &v2, &two), 0);
        assert_same_bytes(&here, &v1);
        assert_same_bytes(&here, &v2);
    }
    igraph_vector_t c1, c2;
    igraph_vector_init(&c1, 0);
    igraph_vector_init(&c2, 0);
    assert_int_equal(centrality_closeness_harmonic(&g, NULL, &c1, &v1, NULL), 0);
    assert_int_equal(centrality_closeness_harmonic(&g, NULL, &c2, &v2, &two), 0);
    assert_same_bytes(&c1, &c2);
    assert_same_bytes(&v1, &v2);
    igraph_vector_destroy(&c1);
    igraph_vector_destroy(&c2);
    igraph_vector_destroy(&here);
    igraph_vector_destroy(&v1);
    igraph_vector_destroy(&v2);
    igraph_destroy(&g);
}

/* An igraph error in a part run on a team thread comes back as a status:
 * the team's threads have the silent error handler, not igraph's default
 * one, which would abort. */
static void test_exec_error_is_returned(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1500);
    igraph_vector_t len, out;
    igraph_vector_init(&len, igraph_ecount(&g));
    igraph_vector_fill(&len, -1.0); /* negative lengths: igraph refuses them */
    igraph_vector_init(&out, 0);
    struct parts_exec two = exec_openmp(2);
    assert_int_not_equal(parts_measure(&g, &len, PARTS_HARMONIC_RAW, NULL, &out, &two), 0);
    assert_int_not_equal(parts_measure(&g, &len, PARTS_BETWEENNESS, NULL, &out, &two), 0);
    igraph_vector_destroy(&len);
    igraph_vector_destroy(&out);
    igraph_destroy(&g);
}

int main(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_thread_count_does_not_matter),
        cmocka_unit_test(test_exec_error_is_returned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
