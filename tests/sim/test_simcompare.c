/* tests/sim/test_simcompare.c - `infnet compare` back end on hand-written output directories.
 *
 * Each test builds small output directories (summary.csv, final.csv, and
 * sometimes replicas.csv and meta.json) with known values in a temporary
 * directory, runs compare_execute() and checks comparison.csv row by row, or
 * checks the refusal (code, file, line and the words of the message).
 * Expected statistics are the hand-computed ones of tests/analysis/test_compare.c.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <igraph.h>

#include "sim/compare/compare.h"

/* Columns of comparison.csv, in order. */
enum {
    C_METRIC,
    C_STEP,
    C_A,
    C_B,
    C_NA,
    C_NB,
    C_MEDIAN_A,
    C_MEDIAN_B,
    C_MEDIAN_DIFF,
    C_NONZERO_A,
    C_NONZERO_B,
    C_VD_A,
    C_D,
    C_MEAN_A,
    C_MEAN_B,
    C_DIFF,
    C_LOW,
    C_HIGH,
    C_TEST,
    C_P,
    C_HOLM,
    C_COUNT
};

static const char header_exact[] =
    "metric,step,scenario_a,scenario_b,n_a,n_b,median_a,median_b,median_diff,nonzero_a,nonzero_b,vd_a,"
    "effect_size,mean_a,mean_b,diff,ci_low,ci_high,test,p_value,p_holm";

static const char summary_head[] = "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n";
static const char final_head[] = "scenario,replica,metric,value\n";

/* Scenario NAME with steps 0 and 2 and metrics nodes and strength. At step 0
 * both metrics come from summary statistics (nodes: 10 +- 0; strength:
 * s0 +- 0.1, n 5); at step 2, nodes are the five given values and strength
 * is {0.1, ..., 0.5}. */
static void summary_text(char *buf, size_t n, const char *name, double s0, const double nodes[5])
{
    double mean = 0;
    for (int i = 0; i < 5; i++)
        mean += nodes[i] / 5;
    snprintf(buf, n,
             "%s"
             "%s,0,nodes,5,10,0,10,10,10,10,10\n"
             "%s,0,strength,5,%.17g,0.1,0,0,0,0,0\n"
             "%s,2,nodes,5,%.17g,1,0,0,0,0,0\n"
             "%s,2,strength,5,0.3,0.15811388300841897,0,0,0,0,0\n",
             summary_head, name, name, s0, name, mean, name);
}

static void final_text(char *buf, size_t n, const char *name, const double nodes[5])
{
    size_t len = (size_t)snprintf(buf, n, "%s", final_head);
    for (int r = 0; r < 5; r++)
        len += (size_t)snprintf(buf + len, n - len, "%s,%d,nodes,%.17g\n%s,%d,strength,%.17g\n", name, r,
                                nodes[r], name, r, 0.1 * (r + 1));
}

static const double nodes_a[5] = {1, 2, 3, 4, 5}, nodes_b[5] = {6, 7, 8, 9, 10};

struct fixture {
    char root[64];
    char path[8][512]; /* scratch for paths */
};

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* dir/meta.json of a finished run of the scenarios names[0 .. n), five replicas each. */
static void write_meta(const char *dir, const char *const *names, int n)
{
    char text[1024];
    size_t len = (size_t)snprintf(text, sizeof text, "{\"engine\": \"infnet\", \"scenarios\": [");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "%s{\"name\": \"%s\", \"replicas\": 5, \"replicas_done\": 5}", i ? ", " : "",
                                names[i]);
    snprintf(text + len, sizeof text - len, "], \"complete\": true}\n");
    write_file(dir, "meta.json", text);
}

/* root/NAME holding one scenario NAME; returns the directory in buf. */
static const char *make_dir(const struct fixture *fx, char *buf, size_t n, const char *name, double s0,
                            const double nodes[5])
{
    char text[4096];
    snprintf(buf, n, "%s/%s", fx->root, name);
    assert_int_equal(mkdir(buf, 0777), 0);
    summary_text(text, sizeof text, name, s0, nodes);
    write_file(buf, "summary.csv", text);
    final_text(text, sizeof text, name, nodes);
    write_file(buf, "final.csv", text);
    write_meta(buf, &name, 1);
    return buf;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    snprintf(fx->root, sizeof fx->root, "/tmp/infnet-simcompare-XXXXXX");
    if (!mkdtemp(fx->root)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    nftw(fx->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(fx);
    return 0;
}

/* Run compare on the inputs into root/out; the table goes to *table (malloc'd) when not NULL. */
static int run_compare(const struct fixture *fx, char **inputs, int n, int force, char **table,
                       struct diag *d)
{
    char out[512];
    snprintf(out, sizeof out, "%s/out", fx->root);
    struct compare_request req = {.inputs = inputs,
                                  .n_inputs = n,
                                  .outdir = out,
                                  .force = force,
                                  .level = 0.95,
                                  .threads = 1,
                                  .version = "test",
                                  .commit = "test"};
    diag_init(d);
    size_t len = 0;
    char *buf = NULL;
    FILE *t = table ? open_memstream(&buf, &len) : NULL;
    int rc = compare_execute(&req, t, d);
    if (t) {
        fclose(t);
        *table = buf;
    }
    return rc;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static char *read_comparison(const struct fixture *fx)
{
    char path[512];
    snprintf(path, sizeof path, "%s/out/comparison.csv", fx->root);
    char *s = slurp(path);
    assert_non_null(s);
    return s;
}

/* Split the row of comparison.csv that starts with "METRIC,STEP," and has scenario_b B into fields. */
static void find_row(const char *csv, const char *metric, int step, const char *b, char f[C_COUNT][64])
{
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s,%d,", metric, step);
    for (const char *line = csv; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, prefix, strlen(prefix)) != 0)
            continue;
        int k = 0;
        size_t len = 0;
        for (const char *p = line; *p && *p != '\n'; p++) {
            if (*p == ',') {
                f[k][len] = '\0';
                k++;
                len = 0;
                assert_true(k < C_COUNT);
            } else if (len + 1 < 64) {
                f[k][len++] = *p;
            }
        }
        f[k][len] = '\0';
        assert_int_equal(k, C_COUNT - 1);
        if (!strcmp(f[C_B], b))
            return;
    }
    fail_msg("no row %s,%d for scenario_b %s", metric, step, b);
}

static double num(const char *s)
{
    return *s ? strtod(s, NULL) : NAN;
}

static void test_simcompare_rows_and_holm(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.6, nodes_b)};
    struct diag d;
    char *table = NULL;
    assert_int_equal(run_compare(fx, in, 2, 0, &table, &d), DIAG_OK);
    char *csv = read_comparison(fx);
    assert_memory_equal(csv, header_exact, strlen(header_exact));
    assert_int_equal(csv[strlen(header_exact)], '\n');
    /* rows by scenario_b, then metric (summary order), then step: 2 metrics x 2 steps */
    const char *order[] = {"nodes,0,", "nodes,2,", "strength,0,", "strength,2,"};
    const char *p = csv + strlen(header_exact) + 1;
    for (int i = 0; i < 4; i++) {
        assert_memory_equal(p, order[i], strlen(order[i]));
        p = strchr(p, '\n') + 1;
    }
    assert_int_equal(*p, '\0');

    char f[C_COUNT][64];
    /* last step, per-replica values: the textbook example, U = 25, p = 0.0121857803553448 */
    find_row(csv, "nodes", 2, "alt", f);
    assert_string_equal(f[C_A], "base");
    assert_string_equal(f[C_NA], "5");
    assert_string_equal(f[C_NB], "5");
    assert_string_equal(f[C_TEST], "mann_whitney");
    assert_close(num(f[C_DIFF]), 5.0, 1e-12);
    assert_close(num(f[C_LOW]), 2.693995864795833, 1e-9);
    assert_close(num(f[C_HIGH]), 7.306004135204167, 1e-9);
    assert_close(num(f[C_D]), 3.162277660168379, 1e-12);
    assert_close(num(f[C_P]), 0.0121857803553448, 1e-12);
    /* Holm over the two last-step p-values {0.0121858, 1}: 2 * 0.0121858 and max(that, 1) */
    assert_close(num(f[C_HOLM]), 0.0243715607106896, 1e-12);
    find_row(csv, "strength", 2, "alt", f);
    assert_string_equal(f[C_TEST], "mann_whitney");
    assert_close(num(f[C_P]), 1.0, 0);
    assert_close(num(f[C_HOLM]), 1.0, 0);
    /* step 0, summaries only: Welch on (5, 0.5, 0.1) vs (5, 0.6, 0.1): se^2 = 0.004, df = 8,
     * t = 1.58114, p = 0.152502285208014, half-width 2.306004 * 0.0632456 = 0.145844507220241 */
    find_row(csv, "strength", 0, "alt", f);
    assert_string_equal(f[C_TEST], "welch_t");
    assert_close(num(f[C_DIFF]), 0.1, 1e-12);
    assert_close(num(f[C_P]), 0.152502285208014, 1e-9);
    assert_close(num(f[C_HIGH]) - num(f[C_DIFF]), 0.145844507220241, 1e-9);
    assert_close(num(f[C_D]), 1.0, 1e-12);
    assert_string_equal(f[C_HOLM], ""); /* Holm only at the last step */
    find_row(csv, "nodes", 0, "alt", f);
    assert_close(num(f[C_P]), 1.0, 0); /* equal constant summaries */
    assert_close(num(f[C_LOW]), 0.0, 0);

    /* the table: the last step, names, the interval, the marker for the Holm p < 0.05 */
    assert_non_null(table);
    assert_non_null(strstr(table, "step 2"));
    assert_non_null(strstr(table, "'alt' (B) against 'base' (A)"));
    assert_non_null(strstr(table, "95% interval"));
    assert_non_null(strstr(table, "[2.694, 7.306]"));
    const char *nodes_line = strstr(table, "\nnodes ");
    assert_non_null(nodes_line);
    const char *eol = strchr(nodes_line + 1, '\n');
    assert_true(eol[-1] == '*');
    const char *strength_line = strstr(table, "\nstrength ");
    assert_non_null(strength_line);
    assert_true(strchr(strength_line + 1, '\n')[-1] != '*');
    free(table);
    free(csv);
}

static void test_simcompare_one_dir_two_scenarios_and_replicas(void **state)
{
    struct fixture *fx = *state;
    /* one directory holding scenarios x and y (one run of two files), with replicas.csv */
    char dir[512], text[8192], part[4096];
    snprintf(dir, sizeof dir, "%s/both", fx->root);
    assert_int_equal(mkdir(dir, 0777), 0);
    summary_text(text, sizeof text, "x", 0.5, nodes_a);
    summary_text(part, sizeof part, "y", 0.5, nodes_b);
    strcat(text, part + strlen(summary_head));
    write_file(dir, "summary.csv", text);
    final_text(text, sizeof text, "x", nodes_a);
    final_text(part, sizeof part, "y", nodes_b);
    strcat(text, part + strlen(final_head));
    write_file(dir, "final.csv", text);
    /* step 0 per replica: x strength {0.4, 0.45, 0.5, 0.55, 0.6}, y the same: p = 1; nodes all 10 */
    size_t len = (size_t)snprintf(text, sizeof text, "scenario,replica,step,metric,value\n");
    const char *names[] = {"x", "y"};
    for (int s = 0; s < 2; s++)
        for (int r = 0; r < 5; r++) {
            len +=
                (size_t)snprintf(text + len, sizeof text - len, "%s,%d,0,nodes,10\n%s,%d,0,strength,%.17g\n",
                                 names[s], r, names[s], r, 0.4 + 0.05 * r);
            len += (size_t)snprintf(text + len, sizeof text - len,
                                    "%s,%d,2,nodes,%.17g\n%s,%d,2,strength,%.17g\n", names[s], r,
                                    s ? nodes_b[r] : nodes_a[r], names[s], r, 0.1 * (r + 1));
        }
    write_file(dir, "replicas.csv", text);
    write_meta(dir, names, 2);
    char *in[] = {dir};
    struct diag d;
    assert_int_equal(run_compare(fx, in, 1, 0, NULL, &d), DIAG_OK);
    char *csv = read_comparison(fx);
    char f[C_COUNT][64];
    find_row(csv, "strength", 0, "y", f);
    assert_string_equal(f[C_A], "x");
    assert_string_equal(f[C_TEST], "mann_whitney"); /* per-replica values at every step */
    assert_close(num(f[C_P]), 1.0, 0);
    find_row(csv, "nodes", 2, "y", f);
    assert_close(num(f[C_P]), 0.0121857803553448, 1e-12);
    free(csv);
}

static void test_simcompare_replicas_in_one_only(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b)};
    /* replicas.csv in one directory only: step 0 still uses summaries */
    write_file(da, "replicas.csv", "scenario,replica,step,metric,value\n");
    struct diag d;
    /* an empty replicas.csv disagrees with summary.csv's counts: refused */
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "replicas.csv"));
    assert_non_null(strstr(d.msg, "not from the same run"));
    char path[600];
    snprintf(path, sizeof path, "%s/replicas.csv", da);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_OK);
    char *csv = read_comparison(fx);
    char f[C_COUNT][64];
    find_row(csv, "strength", 0, "alt", f);
    assert_string_equal(f[C_TEST], "welch_t");
    free(csv);
}

static void test_simcompare_refuses_different_steps(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512], text[4096];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b)};
    /* alt also records step 1 */
    summary_text(text, sizeof text, "alt", 0.5, nodes_b);
    strcat(text, "alt,1,nodes,5,10,0,10,10,10,10,10\nalt,1,strength,5,0.5,0.1,0,0,0,0,0\n");
    write_file(db, "summary.csv", text);
    struct diag d;
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "different step counts"));
    assert_non_null(strstr(d.msg, "'base'"));
    assert_non_null(strstr(d.msg, "'alt'"));
    assert_non_null(strstr(d.msg, "2 steps (0 to 2)"));
    assert_non_null(strstr(d.msg, "3 steps (0 to 2)"));
    /* same count, other steps: step 1 instead of step 0 */
    snprintf(text, sizeof text,
             "%salt,1,nodes,5,10,0,10,10,10,10,10\nalt,1,strength,5,0.5,0.1,0,0,0,0,0\n"
             "alt,2,nodes,5,8,1,0,0,0,0,0\nalt,2,strength,5,0.3,0.1,0,0,0,0,0\n",
             summary_head);
    write_file(db, "summary.csv", text);
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "different recorded steps"));
    assert_non_null(strstr(d.msg, "records step 0"));
}

static void test_simcompare_refuses_different_metrics(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b)};
    write_file(db, "summary.csv",
               "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n"
               "alt,0,nodes,5,10,0,10,10,10,10,10\n"
               "alt,2,nodes,5,8,1.5811388300841898,0,0,0,0,0\n");
    write_file(db, "final.csv",
               "scenario,replica,metric,value\nalt,0,nodes,6\nalt,1,nodes,7\nalt,2,nodes,8\n"
               "alt,3,nodes,9\nalt,4,nodes,10\n");
    struct diag d;
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "metric 'strength' of 'base'"));
    assert_non_null(strstr(d.msg, "missing from 'alt'"));
}

static void test_simcompare_refuses_missing_files(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b)};
    char path[600];
    snprintf(path, sizeof path, "%s/final.csv", db);
    assert_int_equal(unlink(path), 0);
    struct diag d;
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "has no final.csv"));
    assert_non_null(strstr(d.msg, db));
    snprintf(path, sizeof path, "%s/summary.csv", db);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "has no summary.csv"));
    /* a path that does not exist, and a file that is not a scenario */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/nowhere", fx->root);
    char *in2[] = {da, missing};
    assert_int_equal(run_compare(fx, in2, 2, 0, NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, missing);
    snprintf(path, sizeof path, "%s/summary.csv", da);
    char *in3[] = {da, path};
    assert_int_equal(run_compare(fx, in3, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "nor a scenario file"));
    /* nothing was written */
    snprintf(path, sizeof path, "%s/out/comparison.csv", fx->root);
    assert_int_equal(access(path, F_OK), -1);
}

static void test_simcompare_refuses_malformed_csv(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b)};
    struct diag d;
    /* line 3: n is not a number; the field starts at column 19 ("alt,0,strength,5x" -> col of n) */
    write_file(db, "summary.csv",
               "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n"
               "alt,0,nodes,5,10,0,10,10,10,10,10\n"
               "alt,0,strength,five,0.5,0.1,0,0,0,0,0\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "alt/summary.csv"));
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 16);
    assert_non_null(strstr(d.msg, "'five'"));
    /* a short row */
    write_file(db, "summary.csv",
               "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n"
               "alt,0,nodes,5,10\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 2);
    assert_non_null(strstr(d.msg, "5 fields, but the header has 11"));
    /* a quote inside an unquoted field: libcsv's strict mode refuses it */
    write_file(db, "summary.csv",
               "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n"
               "alt,0,nodes,5,10,0,10,10,10,10,10\n"
               "al\"t,0,strength,5,0.5,0.1,0,0,0,0,0\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.msg, "malformed CSV"));
    /* a missing column */
    write_file(db, "summary.csv", "scenario,step,metric,mean,sd\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 1);
    assert_non_null(strstr(d.msg, "missing column 'n'"));
    /* only a header; then an empty file */
    write_file(db, "summary.csv", summary_head);
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "no results"));
    write_file(db, "summary.csv", "");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "empty"));
    /* the same cell twice (line 4 repeats line 2) */
    char text[4096];
    summary_text(text, sizeof text, "alt", 0.5, nodes_b);
    strcat(text, "alt,0,nodes,5,10,0,10,10,10,10,10\n");
    write_file(db, "summary.csv", text);
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 6);
    assert_non_null(strstr(d.msg, "first is on line 2"));
    /* final.csv: an unknown metric on line 2, then a bad value on line 3 */
    summary_text(text, sizeof text, "alt", 0.5, nodes_b);
    write_file(db, "summary.csv", text);
    write_file(db, "final.csv", "scenario,replica,metric,value\nalt,0,nodse,6\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "alt/final.csv"));
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 7);
    assert_non_null(strstr(d.msg, "metric 'nodse'"));
    write_file(db, "final.csv", "scenario,replica,metric,value\nalt,0,nodes,6\nalt,1,nodes,7,5\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 3);
    write_file(db, "final.csv", "scenario,replica,metric,value\nalt,0,nodes,6\nalt,1,nodes,seven\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 13);
    /* final.csv from another run: 2 values where summary.csv counts 5 */
    write_file(db, "final.csv", "scenario,replica,metric,value\nalt,0,nodes,6\nalt,1,nodes,7\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "2 values of metric 'nodes'"));
}

/* Values no run writes: a NaN or infinite mean of n > 0 values, a mean of
 * no values, a negative or undefined sd; and a meta.json that is not an
 * object or whose 'complete' is not a boolean. Each is refused (exit 2)
 * naming the file, and for CSV the line and column. */
static void test_simcompare_refuses_impossible_values(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b)};
    static const struct {
        const char *row; /* line 3 of summary.csv */
        int col;
        const char *msg;
    } bad[] = {
        {"alt,0,strength,5,NaN,0.1,0,0,0,0,0", 18, "mean 'NaN' is not a number as infnet writes it"},
        {"alt,0,strength,5,nan,0.1,0,0,0,0,0", 18, "mean 'nan' is not a number as infnet writes it"},
        {"alt,0,strength,5,0x1,0.1,0,0,0,0,0", 18, "mean '0x1' is not a number as infnet writes it"},
        {"alt,0,strength,5, 0.5,0.1,0,0,0,0,0", 18, "mean ' 0.5' is not a number as infnet writes it"},
        {"alt,0,strength,5,inf,0.1,0,0,0,0,0", 18, "mean 'inf' is not a number as infnet writes it"},
        {"alt,0,strength,5,0.5,0.1,1e5000,0,0,0,0", 26, "q05 '1e5000' is not a number as infnet writes it"},
        {"alt,0,strength,5,,0.1,0,0,0,0,0", 18, "mean '' is not a finite number"},
        {"alt,0,strength,5,-Inf,0.1,0,0,0,0,0", 18, "is not a finite number"},
        {"alt,0,strength,0,0.5,,,,,,", 18, "mean '0.5' of no values"},
        {"alt,0,strength,5,0.5,-0.1,0,0,0,0,0", 22, "sd '-0.1' is not a number >= 0"},
        {"alt,0,strength,5,0.5,-Inf,0,0,0,0,0", 22, "sd '-Inf' is not a number >= 0"},
        {"alt,0,strength,5,0.5,,0,0,0,0,0", 22, "sd is undefined, but n is 5"},
        {"alt,0,strength,1,0.5,0.3,0,0,0,0,0", 22, "fewer than two values"},
        {"alt,0,strength,6,0.5,0.1,0,0,0,0,0", 16, "n 6 is more than the 5 replicas meta.json records"},
        {"alt,0,strength,5,0.5,0.1,0.2,0.3,0.4,0.5,0.1", 42, "q95 '0.1' is below q75 '0.5'"},
        {"alt,0,strength,5,0.5,0.1,0.2,0.1,0.4,0.5,0.6", 30, "q25 '0.1' is below q05 '0.2'"},
        {"alt,0,strength,5,0.5,0.1,0.2,0.3,,0.5,0.6", 34, "q50 '' is not a finite number, but n is 5"},
        {"alt,0,strength,0,,,,,0,,", 22, "q50 '0' of no values"},
        {"alt2,0,strength,5,0.5,0.1,0,0,0,0,0", 1,
         "scenario 'alt2' is not one meta.json records (it records 'alt')"},
    };
    struct diag d;
    char text[1024];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "%salt,0,nodes,5,10,0,10,10,10,10,10\n%s\n", summary_head, bad[i].row);
        write_file(db, "summary.csv", text);
        assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
        assert_non_null(strstr(d.file, "alt/summary.csv"));
        if (d.line != 3 || d.col != bad[i].col || !strstr(d.msg, bad[i].msg))
            fail_msg("row '%s': got %d:%d '%s'", bad[i].row, d.line, d.col, d.msg);
    }
    /* a valid directory again; then meta.json of the wrong shape */
    summary_text(text, sizeof text, "alt", 0.5, nodes_b);
    write_file(db, "summary.csv", text);
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_OK);
    static const struct {
        const char *json;
        const char *msg;
    } meta[] = {
        {"[{\"complete\": true}]\n", "must hold a JSON object, not an array"},
        {"\"complete\"\n", "malformed meta.json"}, /* jansson takes only an object or array */
        {"{\"complete\": \"false\"}\n", "'complete' must be true or false (not quoted, not a string)"},
        {"{\"complete\": \"true\"}\n", "'complete' must be true or false"},
        {"{\"complete\": 0}\n", "'complete' must be true or false"},
        {"{\"scenarios\": [{\"name\": \"alt\", \"replicas\": 5, \"replicas_done\": 5}]}\n",
         "lacks 'complete'"},
        {"{\"complete\": true, \"complete\": false, \"scenarios\": []}\n", "duplicate object key"},
        {"{\"complete\": true}\n", "'scenarios' must be a list of at least one scenario"},
        {"{\"complete\": true, \"scenarios\": [{\"name\": \"alt\", \"replicas\": 5}]}\n",
         "scenario 1 lacks 'replicas_done'"},
        {"{\"complete\": true, \"scenarios\": [{\"name\": \"alt\", \"replicas\": 5, \"replicas_done\": "
         "4}]}\n",
         "scenario 'alt' has replicas_done 4 of 5 replicas, but the run is marked complete"},
        {"{\"complete\": true, \"scenarios\": [{\"name\": \"alt\", \"replicas\": 5, \"replicas_done\": "
         "6}]}\n",
         "'replicas_done' of scenario 1 must be a whole number 0 .. 5"},
        {"{\"complete\": true, \"scenarios\": [{\"name\": \"alt\", \"replicas\": 5, \"replicas_done\": 5}, "
         "{\"name\": \"alt\", \"replicas\": 5, \"replicas_done\": 5}]}\n",
         "scenario 'alt' appears twice"},
    };
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++) {
        write_file(db, "meta.json", meta[i].json);
        assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_INPUT);
        assert_non_null(strstr(d.file, "alt/meta.json"));
        if (!strstr(d.msg, meta[i].msg))
            fail_msg("meta.json '%s': got '%s'", meta[i].json, d.msg);
    }
    /* the scenario meta.json records is not the one of the tables */
    write_file(db, "meta.json",
               "{\"complete\": true, \"scenarios\": [{\"name\": \"other\", \"replicas\": 5, "
               "\"replicas_done\": 5}]}\n");
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "alt/summary.csv"));
    assert_int_equal(d.line, 2);
    assert_string_equal(d.msg, "scenario 'alt' is not one meta.json records (it records 'other')");
    /* meta.json records a second scenario the tables lack */
    write_file(db, "meta.json",
               "{\"complete\": true, \"scenarios\": [{\"name\": \"alt\", \"replicas\": 5, "
               "\"replicas_done\": 5}, {\"name\": \"gone\", \"replicas\": 5, \"replicas_done\": 5}]}\n");
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "no row for scenario 'gone', which meta.json records"));
    /* no meta.json; a FIFO in its place is refused without waiting for a writer */
    char path[600];
    snprintf(path, sizeof path, "%s/meta.json", db);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "has no meta.json: not the output directory of 'infnet run'"));
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "alt/meta.json"));
    assert_string_equal(d.msg, "cannot read meta.json: it is a FIFO, not a regular file");
    assert_int_equal(unlink(path), 0);
    const char *alt = "alt";
    write_meta(db, &alt, 1);
    /* final.csv: a replica number beyond meta.json's count; an undefined value summary.csv counts */
    char fin[512];
    final_text(fin, sizeof fin, "alt", nodes_b);
    *strstr(fin, "alt,4,nodes") = '\0';
    snprintf(text, sizeof text, "%salt,5,nodes,10\nalt,4,strength,0.5\n", fin);
    write_file(db, "final.csv", text);
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 10);
    assert_int_equal(d.col, 5);
    assert_string_equal(d.msg,
                        "replica 5, but meta.json records 5 replicas for scenario 'alt' (numbered from 0)");
    snprintf(text, sizeof text, "%salt,4,nodes,\nalt,4,strength,0.5\n", fin);
    write_file(db, "final.csv", text);
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "alt/final.csv"));
    assert_int_equal(d.line, 10);
    assert_int_equal(d.col, 13);
    assert_non_null(strstr(d.msg, "an undefined value: 4 values of metric 'nodes'"));
}

static void test_simcompare_refuses_same_name_twice(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512], dc[512], again[600];
    make_dir(fx, da, sizeof da, "base", 0.5, nodes_a);
    /* the same directory twice, once by another path: A vs A */
    snprintf(again, sizeof again, "%s/../%s/base", fx->root, strrchr(fx->root, '/') + 1);
    char *in[] = {da, again};
    struct diag d;
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "A vs A"));
    assert_non_null(strstr(d.msg, "'base'"));
    /* two B's of the same name in different directories: their rows could not be told apart */
    make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b);
    snprintf(dc, sizeof dc, "%s/alt-copy", fx->root);
    assert_int_equal(mkdir(dc, 0777), 0);
    char text[4096];
    summary_text(text, sizeof text, "alt", 0.5, nodes_b);
    write_file(dc, "summary.csv", text);
    final_text(text, sizeof text, "alt", nodes_b);
    write_file(dc, "final.csv", text);
    const char *alt = "alt";
    write_meta(dc, &alt, 1);
    char *in3[] = {da, db, dc};
    assert_int_equal(run_compare(fx, in3, 3, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "scenario 'alt' appears in both"));
    /* A and B of the same name from different runs (another seed) are compared */
    char *in2[] = {db, dc};
    assert_int_equal(run_compare(fx, in2, 2, 0, NULL, &d), DIAG_OK);
}

static void test_simcompare_refuses_fewer_than_two(void **state)
{
    struct fixture *fx = *state;
    char da[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a)};
    struct diag d;
    assert_int_equal(run_compare(fx, in, 1, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "only scenario 'base'"));
    assert_int_equal(run_compare(fx, in, 0, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "nothing to compare"));
}

static void test_simcompare_meta_and_force(void **state)
{
    struct fixture *fx = *state;
    char da[512], db[512];
    char *in[] = {(char *)make_dir(fx, da, sizeof da, "base", 0.5, nodes_a),
                  (char *)make_dir(fx, db, sizeof db, "alt", 0.5, nodes_b)};
    struct diag d;
    write_file(db, "meta.json", "{\"engine\": \"infnet\",\n \"complete\": false}\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "interrupted"));
    assert_non_null(strstr(d.msg, db));
    write_file(db, "meta.json", "{\"engine\": \"infnet\",\n \"complete\": tru}\n");
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "meta.json"));
    assert_int_equal(d.line, 2);
    assert_non_null(strstr(d.msg, "malformed meta.json"));
    const char *alt = "alt";
    write_meta(db, &alt, 1);
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_OK);
    /* an existing comparison.csv is kept unless forced */
    assert_int_equal(run_compare(fx, in, 2, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "use --force"));
    assert_int_equal(run_compare(fx, in, 2, 1, NULL, &d), DIAG_OK);
    /* overrides without a scenario file to apply them to */
    char out[512];
    snprintf(out, sizeof out, "%s/out", fx->root);
    struct scenario_set sets[] = {{"monte_carlo.seed", "2", NULL}};
    struct compare_request with_sets = {.inputs = in,
                                        .n_inputs = 2,
                                        .outdir = out,
                                        .force = 1,
                                        .level = 0.95,
                                        .sets = sets,
                                        .n_sets = 1,
                                        .threads = 1,
                                        .version = "test",
                                        .commit = "test"};
    diag_init(&d);
    assert_int_equal(compare_execute(&with_sets, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "apply to scenario files"));
    /* a bad confidence level */
    struct compare_request req = {.inputs = in,
                                  .n_inputs = 2,
                                  .outdir = out,
                                  .force = 1,
                                  .level = 1.5,
                                  .threads = 1,
                                  .version = "test",
                                  .commit = "test"};
    diag_init(&d);
    assert_int_equal(compare_execute(&req, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "confidence level"));
}

static void test_simcompare_scenario_files(void **state)
{
    struct fixture *fx = *state;
    static const char scenario[] = "name: %s\n"
                                   "time: {steps: 3}\n"
                                   "monte_carlo: {replicas: 10, seed: 1}\n"
                                   "network:\n"
                                   "  nodes:\n"
                                   "    - {id: qf, kind: agency}\n"
                                   "    - {id: kh, kind: faction, strength: 0.5, patron: qf}\n"
                                   "  edges:\n"
                                   "    - {from: qf, to: kh, type: command, weight: 0.5}\n";
    char text[1024], fa[512], fb[512], out[512], path[700];
    snprintf(text, sizeof text, scenario, "tiny-a");
    write_file(fx->root, "tiny-a.yaml", text);
    snprintf(text, sizeof text, scenario, "tiny-b");
    write_file(fx->root, "tiny-b.yml", text);
    snprintf(fa, sizeof fa, "%s/tiny-a.yaml", fx->root);
    snprintf(fb, sizeof fb, "%s/tiny-b.yml", fx->root);
    snprintf(out, sizeof out, "%s/out", fx->root);
    char *in[] = {fa, fb};
    struct scenario_set sets[] = {{"monte_carlo.replicas", "6", NULL}};
    struct compare_request req = {.inputs = in,
                                  .n_inputs = 2,
                                  .outdir = out,
                                  .sets = sets,
                                  .n_sets = 1,
                                  .threads = 1,
                                  .version = "test",
                                  .commit = "test"};
    struct diag d;
    diag_init(&d);
    assert_int_equal(compare_execute(&req, NULL, &d), DIAG_OK);
    snprintf(path, sizeof path, "%s/runs/tiny-a/summary.csv", out);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/runs/tiny-b/final.csv", out);
    assert_int_equal(access(path, F_OK), 0);
    char *csv = read_comparison(fx);
    char f[C_COUNT][64];
    find_row(csv, "nodes", 3, "tiny-b", f);
    assert_string_equal(f[C_A], "tiny-a");
    assert_string_equal(f[C_NA], "6"); /* the --set reached the runs */
    assert_string_equal(f[C_TEST], "mann_whitney");
    free(csv);
    /* again without force: the runs already hold results */
    req.n_inputs = 2;
    snprintf(path, sizeof path, "%s/comparison.csv", out);
    assert_int_equal(unlink(path), 0);
    diag_init(&d);
    assert_int_equal(compare_execute(&req, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "--force"));
    /* the same file twice */
    char *twice[] = {fa, fa};
    req.inputs = twice;
    req.force = 1;
    diag_init(&d);
    assert_int_equal(compare_execute(&req, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "A vs A"));
    /* files of 3 and 4 steps: refused after loading, before either runs */
    char fc[512], want[1200];
    snprintf(text, sizeof text, scenario, "tiny-c");
    strstr(text, "steps: 3")[strlen("steps: ")] = '4';
    write_file(fx->root, "tiny-c.yaml", text);
    snprintf(fc, sizeof fc, "%s/tiny-c.yaml", fx->root);
    char *differ[] = {fa, fc};
    req.inputs = differ;
    diag_init(&d);
    assert_int_equal(compare_execute(&req, NULL, &d), DIAG_INPUT);
    snprintf(want, sizeof want,
             "different step counts: '%s' runs 3 steps, '%s' runs 4 steps; nothing was run", fa, fc);
    assert_string_equal(d.msg, want);
    snprintf(path, sizeof path, "%s/runs/tiny-c", out);
    assert_int_equal(access(path, F_OK), -1);
    /* a bad scenario file is refused with its location */
    write_file(fx->root, "tiny-a.yaml", "name: tiny-a\ntime: {stesp: 3}\n");
    req.inputs = in;
    diag_init(&d);
    assert_int_equal(compare_execute(&req, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "tiny-a.yaml"));
    assert_int_equal(d.line, 2);
}

int main(void)
{
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_simcompare_rows_and_holm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_one_dir_two_scenarios_and_replicas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_replicas_in_one_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_refuses_different_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_refuses_different_metrics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_refuses_missing_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_refuses_malformed_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_refuses_impossible_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_refuses_same_name_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_refuses_fewer_than_two, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_meta_and_force, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simcompare_scenario_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
