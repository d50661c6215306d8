/* tests/sim/test_diag.c - error formatting and did-you-mean suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sim/util/diag.h"

static void test_diag_format_with_location(void **state)
{
    (void)state;
    struct diag d;
    char buf[256];
    diag_init(&d);
    assert_int_equal(diag_set(&d, DIAG_INPUT, "scenarios/x.yaml", 14, 9, "unknown node '%s'", "soleiman"), 2);
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "scenarios/x.yaml:14:9: error: unknown node 'soleiman'");
    diag_set(&d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "infnet: error: out of memory");
    diag_set(&d, DIAG_RUNTIME, "out/x", 0, 0, "not a directory");
    diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "out/x: error: not a directory");
}

static void test_diag_suggest_nearest(void **state)
{
    (void)state;
    const char *ids[] = {"soleimani", "muhandis", "qaani", "kh"};
    assert_string_equal(diag_suggest("soleiman", ids, 4), "soleimani");
    assert_string_equal(diag_suggest("qani", ids, 4), "qaani");
    assert_null(diag_suggest("nasrallah", ids, 4)); /* nothing close */
    const char *keys[] = {"replicas", "seed"};
    assert_string_equal(diag_suggest("replica", keys, 2), "replicas");
    assert_string_equal(diag_suggest("sed", keys, 2), "seed");
    const char *cmds[] = {"run", "validate"};
    assert_string_equal(diag_suggest("rnu", cmds, 2), "run"); /* one transposition */
    assert_string_equal(diag_suggest("valdiate", cmds, 2), "validate");
    assert_null(diag_suggest("x", keys, 2));
}

/* Every status of the two layers below sim/ becomes the right exit code and
 * a message naming the task and the step; an igraph failure is never called
 * "out of memory", nor the reverse (the old sign-joined codes mixed them up). */
static void test_diag_from_fault_maps_each_status(void **state)
{
    (void)state;
    struct diag d;
    struct fault f;
    char buf[512];
    static const struct {
        enum fault_layer layer;
        int status;
        int code;
        const char *msg;
    } cases[] = {
        {FAULT_MODEL, WORLD_ENOMEM, 1, "out of memory while measuring betweenness at step 12"},
        {FAULT_MODEL, WORLD_EIGRAPH, 1, "measuring betweenness at step 12 failed: the graph library failed"},
        {FAULT_MODEL, WORLD_EFULL, 1,
         "measuring betweenness at step 12 failed: a faction has no spawn slot left"},
        {FAULT_ANALYSIS, IGRAPH_ENOMEM, 1, "out of memory while measuring betweenness at step 12"},
        {FAULT_ANALYSIS, IGRAPH_INTERRUPTED, 130, "interrupted while measuring betweenness at step 12"},
        {FAULT_ANALYSIS, IGRAPH_FAILURE, 1, "measuring betweenness at step 12 failed: Failed"},
        {FAULT_ANALYSIS, IGRAPH_EINVAL, 1, "measuring betweenness at step 12 failed: Invalid value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fault_clear(&f);
        if (cases[i].layer == FAULT_MODEL)
            assert_int_equal(fault_model(&f, (enum world_status)cases[i].status, FAULT_BETWEENNESS), 1);
        else
            assert_int_equal(fault_analysis(&f, (igraph_error_t)cases[i].status, FAULT_BETWEENNESS), 1);
        f.step = 12;
        /* the packed form (how a replica's outcome crosses threads and ranks) says the same */
        int packed = fault_pack(&f);
        assert_true(packed > 0);
        struct fault g;
        fault_unpack(packed, &g);
        assert_int_equal(g.layer, cases[i].layer);
        assert_int_equal(g.status, cases[i].status);
        assert_int_equal(g.task, FAULT_BETWEENNESS);
        assert_int_equal(g.step, 12);
        diag_init(&d);
        assert_int_equal(diag_from_fault(&d, &g, NULL, NULL), cases[i].code);
        assert_int_equal(d.code, cases[i].code);
        diag_format(&d, buf, sizeof buf);
        assert_string_equal(d.msg, cases[i].msg);
    }
}

static void test_diag_from_fault_context_and_no_step(void **state)
{
    (void)state;
    struct diag d;
    struct fault f;
    fault_clear(&f);
    assert_int_equal(fault_pack(&f), 0);
    assert_int_equal(fault_model(&f, WORLD_OK, FAULT_COPYING_WORLD), 0);
    assert_int_equal(fault_analysis(&f, IGRAPH_SUCCESS, FAULT_PAGERANK), 0);
    assert_int_equal(f.layer, FAULT_NONE);
    fault_model(&f, WORLD_ENOMEM, FAULT_COPYING_WORLD);
    assert_int_equal(diag_from_fault(&d, &f, NULL, "scenario 'war': replica 3"), DIAG_RUNTIME);
    assert_string_equal(d.msg, "scenario 'war': replica 3: out of memory while copying the network");
    /* a step past what the packed form holds is reported without one */
    f.step = FAULT_STEP_MAX + 1;
    struct fault g;
    fault_unpack(fault_pack(&f), &g);
    assert_int_equal(g.step, -1);
    f.step = FAULT_STEP_MAX;
    fault_unpack(fault_pack(&f), &g);
    assert_int_equal(g.step, FAULT_STEP_MAX);
    for (int t = 0; t < FAULT_TASK_COUNT; t++)
        assert_non_null(fault_task_name((enum fault_task)t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag_format_with_location),
        cmocka_unit_test(test_diag_suggest_nearest),
        cmocka_unit_test(test_diag_from_fault_maps_each_status),
        cmocka_unit_test(test_diag_from_fault_context_and_no_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
