/* tests/sim/test_schema.c - the declared output columns against what the writers emit and the readers demand.
 *
 * Every declaration of sim/output/schema.h is checked three ways: its header
 * is the documented one (docs/OUTPUTS.md; the bytes of existing outputs do
 * not change), each writer (runner_files_open, analyze_execute) emits that
 * header, and schema_read() refuses a file from which any one declared
 * (required) column is missing; docs/OUTPUTS.md shows every header as
 * declared. Also: the analyze nodes.csv measure columns
 * follow sim/engine/measure.h, field types are checked on reading, and
 * grow_array refuses sizes that overflow.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <igraph.h>

#include "sim/analyze/analyze.h"
#include "sim/engine/measure.h"
#include "sim/engine/runner.h"
#include "sim/output/schema.h"
#include "sim/util/grow.h"

/* The documented headers (docs/OUTPUTS.md, DESIGN.md), byte for byte. */
static const struct {
    const struct schema *s;
    const char *header;
} documented[] = {
    {&schema_summary, "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95"},
    {&schema_final, "scenario,replica,metric,value"},
    {&schema_nodes, "scenario,step,node,metric,n,mean,sd,q05,q50,q95"},
    {&schema_replicas, "scenario,replica,step,metric,value"},
    {&schema_patrons, "scenario,step,node,patron,n,share"},
    {&schema_comparison, "metric,step,scenario_a,scenario_b,n_a,n_b,median_a,median_b,median_diff,nonzero_a,"
                         "nonzero_b,vd_a,effect_size,mean_a,mean_b,diff,ci_low,ci_high,test,p_value,p_holm"},
    {&schema_design, "point"},
    {&schema_points, "point,scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95"},
    {&schema_graph, "metric,value"},
    {&schema_key_players, "node,label,problem"},
    {&schema_brokerage, "node,label,kind,constraint,effective_size,coordinator,itinerant,representative,"
                        "gatekeeper,liaison,brokerage"},
    {&schema_impact, "node,label,measure,before,after,change,removal"},
    {&schema_key_entities, "rank,measure,node,label,value"},
    {&schema_analyze_nodes, "node,label,kind,degree,strength,betweenness,betweenness_norm,closeness,harmonic,"
                            "eigenvector,pagerank"},
    {&schema_sensitivity, "metric,step,factor,index,value,ci_low,ci_high,scenario"},
    {&schema_discovery, "box,coverage,density,mass,n,factor,lower,upper,restricted,scenario"},
};
#define N_DOCUMENTED (sizeof documented / sizeof documented[0])

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    char *dir = malloc(64);
    snprintf(dir, 64, "/tmp/infnet-test-schema-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    nftw(*state, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(*state);
    return 0;
}

/* The header schema_write_header() writes, without its newline, into buf. */
static void header_of(const struct schema *s, char *buf, size_t n)
{
    FILE *f = fmemopen(buf, n, "w");
    assert_non_null(f);
    schema_write_header(f, s);
    fclose(f);
    size_t len = strlen(buf);
    assert_true(len > 0 && buf[len - 1] == '\n');
    buf[len - 1] = '\0';
}

/* design.csv and points.csv: the declared columns, then the factors' (quoted as CSV needs). */
static void test_schema_open_ended(void **state)
{
    (void)state;
    char buf[512];
    const char *names[] = {"model.succession.share", "a,b"};
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    schema_write_header_extra(f, &schema_design, names, 2);
    struct schema_row w;
    schema_row_begin(&w, f, &schema_design);
    schema_row_whole(&w, 7);
    schema_row_extra(&w, "0.5");
    schema_row_extra(&w, "with \"quotes\"");
    schema_row_end(&w);
    fclose(f);
    assert_string_equal(buf, "point,model.succession.share,\"a,b\"\n7,0.5,\"with \"\"quotes\"\"\"\n");
    assert_true(schema_design.open_ended && schema_points.open_ended && !schema_summary.open_ended);
}

/* The first line of a file, without its newline. */
static void first_line(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    assert_non_null(fgets(buf, (int)n, f));
    fclose(f);
    buf[strcspn(buf, "\n")] = '\0';
}

static void test_schema_documented_headers(void **state)
{
    (void)state;
    char buf[512];
    for (size_t i = 0; i < N_DOCUMENTED; i++) {
        header_of(documented[i].s, buf, sizeof buf);
        assert_string_equal(buf, documented[i].header);
        assert_true(documented[i].s->n_required <= documented[i].s->n_cols);
    }
    /* only the columns added later (p_holm, then the medians, shares and A)
     * may be missing from comparison.csv */
    assert_int_equal(schema_comparison.n_required, COMPARISON_COLS);
    assert_int_equal(schema_comparison.optional,
                     SCHEMA_BIT(COMPARISON_P_HOLM) | SCHEMA_BIT(COMPARISON_MEDIAN_A) |
                         SCHEMA_BIT(COMPARISON_MEDIAN_B) | SCHEMA_BIT(COMPARISON_MEDIAN_DIFF) |
                         SCHEMA_BIT(COMPARISON_NONZERO_A) | SCHEMA_BIT(COMPARISON_NONZERO_B) |
                         SCHEMA_BIT(COMPARISON_VD_A));
    assert_int_equal(schema_summary.n_required, SUMMARY_COLS);
    assert_int_equal(schema_summary.optional, 0);
}

/* docs/OUTPUTS.md lists each file's header as declared ("| `FILE` | `HEADER`"),
 * and every column of comparison.csv in its table. */
static void test_schema_docs_agree(void **state)
{
    (void)state;
    FILE *f = fopen("docs/OUTPUTS.md", "r");
    assert_non_null(f);
    static char doc[1 << 17];
    size_t len = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof doc - 1);
    doc[len] = '\0';
    char header[512], want[640];
    for (size_t i = 0; i < N_DOCUMENTED; i++) {
        const struct schema *s = documented[i].s;
        if (s == &schema_comparison) {
            for (size_t k = 0; k < s->n_cols; k++) {
                snprintf(want, sizeof want, "`%s`", s->cols[k].name);
                if (!strstr(doc, want))
                    fail_msg("docs/OUTPUTS.md does not describe comparison.csv's column %s", want);
            }
            continue;
        }
        header_of(s, header, sizeof header);
        snprintf(want, sizeof want, "| `%s` | `%s`", s->file, header);
        if (!strstr(doc, want))
            fail_msg("docs/OUTPUTS.md lacks \"%s\"", want);
    }
}

/* analyze's nodes.csv: a column per node measure, in measure.h's order. */
static void test_schema_analyze_measures(void **state)
{
    (void)state;
    assert_int_equal(ANALYZE_NODES_COLS - ANALYZE_NODES_FIRST_MEASURE, NODE_GRAPH_END - NODE_DEGREE);
    for (int m = NODE_DEGREE; m < NODE_GRAPH_END; m++)
        assert_string_equal(schema_analyze_nodes.cols[ANALYZE_NODES_FIRST_MEASURE + m - NODE_DEGREE].name,
                            measure_node_metric_name(m));
}

/* runner_files_open() writes the declared headers of summary, final, nodes, replicas and patrons. */
static void test_schema_runner_headers(void **state)
{
    const char *dir = *state;
    struct run_files rf;
    struct diag d;
    diag_init(&d);
    assert_int_equal(runner_files_open(&rf, dir, 1, &d), DIAG_OK);
    struct atomicfile *af[] = {&rf.summary, &rf.final, &rf.nodes, &rf.replicas, &rf.patrons};
    const struct schema *s[] = {&schema_summary, &schema_final, &schema_nodes, &schema_replicas,
                                &schema_patrons};
    char got[512], want[512];
    for (int i = 0; i < 5; i++) {
        assert_int_equal(fflush(af[i]->f), 0);
        first_line(af[i]->tmp, got, sizeof got);
        header_of(s[i], want, sizeof want);
        assert_string_equal(got, want);
    }
    runner_files_abort(&rf);
}

/* analyze_execute() writes the declared headers of nodes.csv, graph.csv, key_players.csv and the reports. */
static void test_schema_analyze_headers(void **state)
{
    const char *dir = *state;
    char out[256], path[512], got[512], want[512];
    snprintf(out, sizeof out, "%s/an", dir);
    struct scenario_limits lim;
    scenario_limits_default(&lim);
    struct analyze_request req = {.input = "tests/fixtures/florentine.csv",
                                  .outdir = out,
                                  .key_players = 2,
                                  .impact = 1,
                                  .impact_top = 2,
                                  .seed = 1,
                                  .top = 3,
                                  .limits = &lim};
    struct diag d;
    diag_init(&d);
    assert_int_equal(analyze_execute(&req, NULL, NULL, &d), DIAG_OK);
    const char *file[] = {"nodes.csv",     "graph.csv",  "key_players.csv",
                          "brokerage.csv", "impact.csv", "key_entities.csv"};
    const struct schema *s[] = {&schema_analyze_nodes, &schema_graph,  &schema_key_players,
                                &schema_brokerage,     &schema_impact, &schema_key_entities};
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "%s/%s", out, file[i]);
        first_line(path, got, sizeof got);
        header_of(s[i], want, sizeof want);
        assert_string_equal(got, want);
    }
}

static int count_row(struct csvin_reader *r, const struct schema_field *v)
{
    (void)v;
    (*(int *)schema_user(r))++;
    return DIAG_OK;
}

/* For every declaration: a file with every column is read; without any one
 * required column it is refused, naming that column, at line 1 (a file of
 * one column without it has no header at all: csvin's own refusal). */
static void test_schema_reader_refuses_missing_column(void **state)
{
    const char *dir = *state;
    char path[512], line[1024], want[128];
    snprintf(path, sizeof path, "%s/x.csv", dir);
    for (size_t i = 0; i < N_DOCUMENTED; i++) {
        const struct schema *s = documented[i].s;
        for (size_t drop = s->n_cols > 1 ? 0 : 1; drop <= s->n_cols; drop++) {
            FILE *f = fopen(path, "w");
            assert_non_null(f);
            size_t len = 0;
            line[0] = '\0';
            for (size_t k = 0; k < s->n_cols; k++)
                if (k != drop) {
                    fprintf(f, "%s%s", len++ ? "," : "", s->cols[k].name);
                    /* a valid value of the column's type */
                    const char *v = s->cols[k].type == SCHEMA_NUMBER ? "0.5"
                                    : s->cols[k].type == SCHEMA_TEXT ? ""
                                    : s->cols[k].type == SCHEMA_NAME ? "a"
                                                                     : "3";
                    strcat(line, len > 1 ? "," : "");
                    strcat(line, v);
                }
            fprintf(f, "\n%s\n", line);
            fclose(f);
            int rows = 0;
            struct diag d;
            diag_init(&d);
            int rc = schema_read(path, s, count_row, &rows, &d);
            if (drop < s->n_required && !(s->optional & SCHEMA_BIT(drop))) {
                if (rc != DIAG_INPUT)
                    fail_msg("%s without '%s' was read", s->file, s->cols[drop].name);
                assert_int_equal(d.line, 1);
                snprintf(want, sizeof want, "missing column '%s'", s->cols[drop].name);
                assert_non_null(strstr(d.msg, want));
                assert_int_equal(rows, 0);
            } else {
                if (rc != DIAG_OK)
                    fail_msg("%s (without column %zu): %s", s->file, drop, d.msg);
                assert_int_equal(rows, 1);
            }
        }
    }
}

/* Fields are checked by their declared type, at their line and column. */
static void test_schema_reader_types(void **state)
{
    const char *dir = *state;
    static const struct {
        const char *row;
        int col;
        const char *msg;
    } bad[] = {
        {"a,x,metric,0.5", 3, "replica 'x' is not a whole number >= 0"},
        {"a,-1,metric,0.5", 3, "replica '-1' is not a whole number >= 0"},
        {",1,metric,0.5", 1, "empty scenario"},
        {"a,1,,0.5", 5, "empty metric"},
        {"a,1,metric,half", 12,
         "value 'half' is not a number as infnet writes it (decimal such as -1.5e-07, Inf, or empty when "
         "undefined)"},
        {"a,1,metric,0x10", 12,
         "value '0x10' is not a number as infnet writes it (decimal such as -1.5e-07, Inf, or empty when "
         "undefined)"},
        {"a,1,metric, 0.5", 12,
         "value ' 0.5' is not a number as infnet writes it (decimal such as -1.5e-07, Inf, or empty when "
         "undefined)"},
        {"a, 1,metric,0.5", 3, "replica ' 1' is not a whole number >= 0"},
    };
    char path[512];
    snprintf(path, sizeof path, "%s/final.csv", dir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "scenario,replica,metric,value\na,0,metric,1\n%s\n", bad[i].row);
        fclose(f);
        int rows = 0;
        struct diag d;
        diag_init(&d);
        assert_int_equal(schema_read(path, &schema_final, count_row, &rows, &d), DIAG_INPUT);
        assert_int_equal(d.line, 3);
        assert_int_equal(d.col, bad[i].col);
        assert_string_equal(d.msg, bad[i].msg);
    }
}

/* A header with a column the declaration lacks is refused at that column. */
static void test_schema_reader_unknown_column(void **state)
{
    const char *dir = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/final.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("scenario,replica,metric,value,extra\na,0,metric,1,x\n", f);
    fclose(f);
    int rows = 0;
    struct diag d;
    diag_init(&d);
    assert_int_equal(schema_read(path, &schema_final, count_row, &rows, &d), DIAG_INPUT);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.col, 31);
    assert_string_equal(d.msg, "column 'extra' is not one of final.csv's (infnet writes no other)");
    assert_int_equal(rows, 0);
}

static void test_schema_grow_array(void **state)
{
    (void)state;
    double *v = NULL;
    size_t cap = 0;
    assert_int_equal(grow_array((void **)&v, &cap, 1, sizeof *v), 0);
    assert_int_equal(cap, GROW_MIN);
    assert_int_equal(grow_array((void **)&v, &cap, GROW_MIN + 1, sizeof *v), 0);
    assert_int_equal(cap, 2 * GROW_MIN);
    v[2 * GROW_MIN - 1] = 1;
    /* sizes whose byte count overflows are refused, the array untouched */
    double *keep = v;
    assert_int_equal(grow_array((void **)&v, &cap, SIZE_MAX / sizeof *v + 1, sizeof *v), -1);
    assert_int_equal(grow_array((void **)&v, &cap, SIZE_MAX, 2), -1);
    assert_ptr_equal(v, keep);
    assert_int_equal(cap, 2 * GROW_MIN);
    free(v);
}

int main(void)
{
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_documented_headers),
        cmocka_unit_test(test_schema_analyze_measures),
        cmocka_unit_test(test_schema_docs_agree),
        cmocka_unit_test(test_schema_open_ended),
        cmocka_unit_test_setup_teardown(test_schema_runner_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_analyze_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_reader_refuses_missing_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_reader_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_reader_unknown_column, setup, teardown),
        cmocka_unit_test(test_schema_grow_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
