/* tests/sim/test_plot.c - `infnet plot` (sim/plot/plot.c) and the GraphML snapshot attributes
 * (sim/output/snapshot.c).
 *
 * Each test gets a fresh fake output directory (setup): a hand-written
 * summary.csv, final.csv, meta.json and comparison.csv for two scenarios
 * (alpha, beta), and two snapshots of tests/fixtures/good/basic.yaml written
 * by snapshot_write: step 0 (the scenario as written) and step 12 (qaani
 * removed, a splinter kh+1 spawned and tied to kh). Expected data lines are
 * the fixture's numbers, copied by hand. Tests that need gnuplot skip when
 * it is not on PATH. Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <igraph.h>

#include "sim/compare/compare.h"
#include "sim/plot/plot.h"
#include "sim/load/scenario.h"
#include "sim/output/snapshot.h"

#define BASIC "tests/fixtures/good/basic.yaml"
#define PNG_SIGNATURE "\x89PNG\r\n\x1a\n"

static const char summary_csv[] = "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n"
                                  "alpha,0,fragmentation,3,0,0,0,0,0,0,0\n"
                                  "alpha,0,nodes,3,8,0,8,8,8,8,8\n"
                                  "alpha,0,modularity,0,,,,,,,\n"
                                  "alpha,1,fragmentation,3,0.25,0.1,0.1,0.2,0.25,0.3,0.4\n"
                                  "alpha,1,nodes,3,7,1,6,6.5,7,7.5,8\n"
                                  "alpha,1,modularity,0,,,,,,,\n"
                                  "alpha,2,fragmentation,3,0.5,0.1,0.3,0.4,0.5,0.6,0.7\n"
                                  "alpha,2,nodes,3,6,1,5,5.5,6,6.5,7\n"
                                  "alpha,2,modularity,0,,,,,,,\n"
                                  "beta,0,fragmentation,3,0,0,0,0,0,0,0\n"
                                  "beta,0,nodes,3,8,0,8,8,8,8,8\n"
                                  "beta,0,modularity,0,,,,,,,\n"
                                  "beta,1,fragmentation,3,0.5,0.1,0.35,0.4,0.5,0.6,0.65\n"
                                  "beta,1,nodes,3,6,1,5,5.5,6,6.5,7\n"
                                  "beta,1,modularity,0,,,,,,,\n"
                                  "beta,2,fragmentation,3,0.75,0.1,0.65,0.7,0.75,0.8,0.9\n"
                                  "beta,2,nodes,3,5,1,4,4.5,5,5.5,6\n"
                                  "beta,2,modularity,0,,,,,,,\n";

static const char final_csv[] = "scenario,replica,metric,value\n"
                                "alpha,0,fragmentation,0.4\nalpha,0,nodes,6\nalpha,0,modularity,\n"
                                "alpha,1,fragmentation,0.5\nalpha,1,nodes,7\nalpha,1,modularity,\n"
                                "alpha,2,fragmentation,0.6\nalpha,2,nodes,5\nalpha,2,modularity,\n"
                                "beta,0,fragmentation,0.7\nbeta,0,nodes,5\nbeta,0,modularity,\n"
                                "beta,1,fragmentation,0.8\nbeta,1,nodes,5\nbeta,1,modularity,\n"
                                "beta,2,fragmentation,0.75\nbeta,2,nodes,4\nbeta,2,modularity,\n";

static const char meta_json[] =
    "{\"engine\": \"infnet\", \"complete\": true, \"scenarios\": [\n"
    "  {\"name\": \"alpha\", \"steps\": 2, \"unit\": \"month\", \"start\": \"2020-01\", \"replicas\": 3,\n"
    "   \"replicas_done\": 3},\n"
    "  {\"name\": \"beta\", \"steps\": 2, \"unit\": \"month\", \"start\": \"2020-01\", \"replicas\": 3,\n"
    "   \"replicas_done\": 3}]}\n";

static const char comparison_csv[] =
    "metric,step,scenario_a,scenario_b,n_a,n_b,mean_a,mean_b,diff,ci_low,ci_high,effect_size,p_value,test,"
    "p_holm\n"
    "fragmentation,1,alpha,beta,4,4,0.25,0.5,0.25,0.1,0.4,2.5,0.02,welch_t,\n"
    "nodes,1,alpha,beta,4,4,7,6,-1,-2.5,0.5,-1,0.1,welch_t,\n"
    "modularity,1,alpha,beta,4,4,,,,,,,,,\n"
    "fragmentation,2,alpha,beta,4,4,0.5,0.7,0.2,0.1,0.3,2,0.004,mann_whitney,0.01\n"
    "nodes,2,alpha,beta,4,4,6,5,-1,-2.5,0.5,Inf,0.1,mann_whitney,0.2\n"
    "modularity,2,alpha,beta,4,4,,,,,,,,,\n";

/* The fixture's expected data files (hand-copied from the CSVs above). */
static const char expect_metric_fragmentation[] =
    "# fragmentation from summary.csv: one block per scenario (gnuplot index 0, 1, ...)\n"
    "# step q05 q25 q50 q75 q95 mean\n"
    "# index 0: alpha\n"
    "0 0 0 0 0 0 0\n"
    "1 0.1 0.2 0.25 0.3 0.4 0.25\n"
    "2 0.3 0.4 0.5 0.6 0.7 0.5\n"
    "\n\n"
    "# index 1: beta\n"
    "0 0 0 0 0 0 0\n"
    "1 0.35 0.4 0.5 0.6 0.65 0.5\n"
    "2 0.65 0.7 0.75 0.8 0.9 0.75\n";

static const char expect_final_nodes[] =
    "# nodes at the last step, every replica, from final.csv: one block per scenario (gnuplot index 0, 1, "
    "...); "
    "dx: the point's sideways offset (-0.5 .. 0.5, from the replica number)\n"
    "# replica value dx\n"
    "# index 0: alpha\n"
    "0 6 -0.5000\n1 7 0.1180\n2 5 -0.2639\n"
    "\n\n"
    "# index 1: beta\n"
    "0 5 -0.5000\n1 5 0.1180\n2 4 -0.2639\n";

static const char expect_forest_beta[] =
    "# difference of means of beta - alpha at step 2, from comparison.csv; y: row within its panel (top = "
    "first "
    "metric)\n"
    "# blocks (gnuplot index 0, 1, ...): per panel (outcomes, then mechanical), p_holm < 0.05 then the "
    "others; "
    "empty blocks are left out\n"
    "# diff y ci_low ci_high metric\n"
    "# index 0: outcomes, significant\n"
    "0.2 2 0.1 0.3 \"fragmentation\"\n"
    "\n\n"
    "# index 1: mechanical (counts of what the pressure removed), not significant\n"
    "-1 1 -2.5 0.5 \"nodes\"\n";

/* d = 2 with n_a = n_b = 4: se = sqrt(8/16 + 4/16) = sqrt(0.75), the interval 2 -+ 1.96 se */
static const char expect_forest_d_beta[] = "# Cohen's d of beta - alpha at step 2, from comparison.csv; y: "
                                           "row within its panel (top = first metric)\n"
                                           "# blocks (gnuplot index 0, 1, ...): per panel (outcomes, then "
                                           "mechanical), p_holm < 0.05 then the others; "
                                           "empty blocks are left out\n"
                                           "# d y ci_low ci_high metric (the interval from n_a, n_b and d)\n"
                                           "# index 0: outcomes, significant\n"
                                           "2 2 0.30262139888574247 3.6973786011142575 \"fragmentation\"\n";

/* Charts of the fixture: every one has NAME.gp, NAME.svg and NAME.png. */
static const char *const charts[] = {
    "metric_fragmentation",
    "final_fragmentation",
    "metric_nodes",
    "final_nodes",
    "metric_modularity",
    "final_modularity",
    "forest_beta",
    "forest_d_beta",
    "network_basic-2020_step0",
    "network_basic-2020_step0_patron",
    "network_basic-2020_step12",
    "network_basic-2020_step12_patron",
    "network_basic-2020_compare",
};

/* Data files of the fixture. */
static const char *const datas[] = {
    "metric_fragmentation.dat",
    "final_fragmentation.dat",
    "metric_nodes.dat",
    "final_nodes.dat",
    "metric_modularity.dat",
    "final_modularity.dat",
    "forest_beta.dat",
    "forest_d_beta.dat",
    "network_basic-2020_step0_nodes.dat",
    "network_basic-2020_step0_edges.dat",
    "network_basic-2020_step0_patron_nodes.dat",
    "network_basic-2020_step0_patron_edges.dat",
    "network_basic-2020_step12_nodes.dat",
    "network_basic-2020_step12_edges.dat",
    "network_basic-2020_compare_first_nodes.dat",
    "network_basic-2020_compare_first_edges.dat",
    "network_basic-2020_compare_last_nodes.dat",
    "network_basic-2020_compare_last_edges.dat",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* Format into a char array, failing the test when it does not fit. */
#define PATHF(buf, ...) assert_true(snprintf((buf), sizeof(buf), __VA_ARGS__) < (int)sizeof(buf))

/* ---- helpers --------------------------------------------------------------------- */

static void write_text(const char *dir, const char *name, const char *text)
{
    char path[4096];
    PATHF(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The whole file, NUL-terminated (binary files may hold NULs: *len tells). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *q = realloc(buf, 2 * cap + 1);
            if (!q) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = q;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static char *slurp_in(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    PATHF(path, "%s/plots/%s", dir, name);
    return slurp(path, len);
}

static int exists_in(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    PATHF(path, "%s/plots/%s", dir, name);
    return stat(path, &st) == 0;
}

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[4096];
            PATHF(sub, "%s/%s", path, e->d_name);
            rm_rf(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static int have_gnuplot(void)
{
    char path[4096];
    return plot_find_program(getenv("PATH"), "gnuplot", path, sizeof path);
}

/* Run plot on dir; *info (may be NULL) receives what it printed (free it). */
static int run_plot(const char *dir, int force, int png, int svg, char **info, struct diag *d)
{
    struct plot_request req = {dir, force, png, svg, NULL};
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    diag_init(d);
    int rc = plot_execute(&req, f, d);
    fclose(f);
    if (info)
        *info = buf;
    else
        free(buf);
    return rc;
}

/* Index of node id in scenario s. */
static int node_of(const struct scenario *s, const char *id)
{
    int i = scenario_node_index(s, id);
    assert_true(i >= 0);
    return i;
}

/* The two snapshots of basic.yaml into dir/snapshots. */
static void write_snapshots(const char *dir)
{
    struct scenario s;
    struct scenario_limits lim;
    struct diag d;
    char sdir[4096];
    scenario_limits_default(&lim);
    diag_init(&d);
    assert_int_equal(scenario_load(&s, BASIC, NULL, 0, &lim, &d), DIAG_OK);
    PATHF(sdir, "%s/snapshots", dir);
    assert_int_equal(mkdir(sdir, 0777), 0);
    assert_int_equal(snapshot_write(&s, &s.world, sdir, "basic-2020_step0.graphml", &d), DIAG_OK);
    struct world w;
    world_init(&w);
    assert_int_equal(world_copy(&w, &s.world), WORLD_OK);
    world_remove_node(&w, node_of(&s, "qaani"));
    int kh = node_of(&s, "kh");
    int g = world_spawn(&w, kh, SPAWN_SPLINTER);
    assert_true(g >= 0);
    assert_string_equal(s.ids[g], "kh+1");
    assert_true(world_add_tie(&w, kh, g, TIE_COORDINATION, 0.5) >= 0);
    assert_int_equal(snapshot_write(&s, &w, sdir, "basic-2020_step12.graphml", &d), DIAG_OK);
    world_destroy(&w);
    scenario_destroy(&s);
}

static int setup(void **state)
{
    char *dir = strdup("/tmp/infnet-test-plot-XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    write_text(dir, "summary.csv", summary_csv);
    write_text(dir, "final.csv", final_csv);
    write_text(dir, "meta.json", meta_json);
    write_text(dir, "comparison.csv", comparison_csv);
    write_snapshots(dir);
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    rm_rf(*state);
    free(*state);
    return 0;
}

/* A line of a nodes .dat file: its coordinates, found by the quoted id. */
static int node_xy(const char *text, const char *id, double *x, double *y)
{
    /* columns: x y point_size strength id label_x label_y label */
    for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        char got[256];
        if (line[0] != '#' && sscanf(line, "%lf %lf %*s %*s \"%255[^\"]\"", x, y, got) == 3 &&
            !strcmp(got, id))
            return 1;
    }
    return 0;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_plot_label_placement(void **state)
{
    (void)state;
    /* 20 nodes, crowded: a 4x4 grid one unit apart (labels 2.5 units wide
     * would collide at every neighbour) and four on one point */
    enum { N = 20 };
    double x[N], y[N], r[N], w[N], lx[N], ly[N];
    const double h = 0.4;
    for (int i = 0; i < N; i++) {
        x[i] = i < 16 ? i % 4 : 1.5;
        y[i] = i < 16 ? i / 4 : 1.5;
        r[i] = 0.1;
        w[i] = 0.5 + 0.1 * (i % 20);
    }
    plot_place_labels(N, x, y, r, w, h, 0.05, lx, ly);
    for (int i = 0; i < N; i++) {
        assert_true(isfinite(lx[i]) && isfinite(ly[i]));
        for (int j = 0; j < i; j++) {
            int overlap = lx[i] < lx[j] + w[j] && lx[j] < lx[i] + w[i] && ly[i] - h / 2 < ly[j] + h / 2 &&
                          ly[j] - h / 2 < ly[i] + h / 2;
            if (overlap)
                fail_msg("labels %d and %d overlap: (%g, %g) and (%g, %g)", i, j, lx[i], ly[i], lx[j], ly[j]);
        }
    }
    /* an uncrowded node keeps its label just right of it, centred */
    double x1 = 0, y1 = 0, r1 = 0.1, w1 = 1, lx1, ly1;
    plot_place_labels(1, &x1, &y1, &r1, &w1, h, 0.05, &lx1, &ly1);
    assert_true(fabs(lx1 - 0.15) < 1e-12 && ly1 == 0);
    /* the same input, the same places */
    double lx2[N], ly2[N];
    plot_place_labels(N, x, y, r, w, h, 0.05, lx2, ly2);
    assert_memory_equal(lx, lx2, sizeof lx);
    assert_memory_equal(ly, ly2, sizeof ly);
}

static void test_plot_short_label(void **state)
{
    (void)state;
    char out[64];
    plot_short_label("Kata'ib Hezbollah", out, sizeof out);
    assert_string_equal(out, "Kata'ib Hezbollah");
    plot_short_label("Ministry of Intelligence and National Security (MOIS)", out, sizeof out);
    assert_string_equal(out, "MOIS");
    plot_short_label("Qassem Soleimani (Quds Force commander)", out, sizeof out);
    assert_string_equal(out, "Qassem Soleimani");
    plot_short_label("Popular Mobilization Forces Commission of Iraq", out, sizeof out);
    assert_string_equal(out, "Popular Mobilization...");
}

static void test_plot_metric_label(void **state)
{
    (void)state;
    assert_string_equal(plot_metric_label("patron_entropy"), "patron entropy (nats)");
    assert_string_equal(plot_metric_label("fragmentation"),
                        "fragmentation F (0 connected .. 1 all isolated)");
    assert_string_equal(plot_metric_label("giant_fraction"),
                        "giant component (share of active nodes, 0 .. 1)");
    assert_string_equal(plot_metric_label("giant_initial_fraction"),
                        "giant component (share of initial nodes)");
    assert_string_equal(plot_metric_label("no_such_metric"), "no_such_metric");
}

static void test_plot_find_program(void **state)
{
    const char *dir = *state;
    char bin[4096], path_env[8192], out[4096];
    PATHF(bin, "%s/bin", dir);
    assert_int_equal(mkdir(bin, 0777), 0);
    write_text(bin, "tool", "#!/bin/sh\nexit 0\n");
    write_text(bin, "plain", "not executable\n");
    char tool[4096];
    PATHF(tool, "%s/tool", bin);
    assert_int_equal(chmod(tool, 0755), 0);
    /* empty entries are skipped, not read as the working directory */
    PATHF(path_env, "::/nonexistent:%s:", bin);
    assert_int_equal(plot_find_program(path_env, "tool", out, sizeof out), 1);
    assert_string_equal(out, tool);
    assert_int_equal(plot_find_program(path_env, "plain", out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(plot_find_program("", "tool", out, sizeof out), 0);
    assert_int_equal(plot_find_program(bin, "missing", out, sizeof out), 0);
    /* a too small buffer is "not found", never a truncated path */
    assert_int_equal(plot_find_program(bin, "tool", out, 8), 0);
}

static void test_plot_full_run(void **state)
{
    const char *dir = *state;
    if (!have_gnuplot())
        skip();
    struct diag d;
    char *info = NULL;
    assert_int_equal(run_plot(dir, 0, 1, 1, &info, &d), DIAG_OK);
    /* one line per file written, no notice */
    assert_non_null(strstr(info, "/plots/metric_fragmentation.dat\n"));
    assert_non_null(strstr(info, "/plots/network_basic-2020_compare.png\n"));
    assert_null(strstr(info, "gnuplot not found"));
    free(info);
    for (size_t i = 0; i < COUNT(charts); i++) {
        char name[512];
        size_t len;
        PATHF(name, "%s.gp", charts[i]);
        char *text = slurp_in(dir, name, &len);
        if (!text || len == 0)
            fail_msg("missing or empty %s", name);
        free(text);
        PATHF(name, "%s.png", charts[i]);
        text = slurp_in(dir, name, &len);
        if (!text || len < 8 || memcmp(text, PNG_SIGNATURE, 8) != 0)
            fail_msg("%s is not a PNG", name);
        free(text);
        PATHF(name, "%s.svg", charts[i]);
        text = slurp_in(dir, name, &len);
        if (!text || !strstr(text, "<svg"))
            fail_msg("%s is not an SVG", name);
        free(text);
        PATHF(name, "%s.svg.tmp", charts[i]);
        assert_false(exists_in(dir, name));
    }
    for (size_t i = 0; i < COUNT(datas); i++) {
        size_t len;
        char *text = slurp_in(dir, datas[i], &len);
        if (!text || len == 0)
            fail_msg("missing or empty %s", datas[i]);
        free(text);
    }
    /* the data hold the fixture's numbers */
    char *text = slurp_in(dir, "metric_fragmentation.dat", NULL);
    assert_non_null(text);
    assert_string_equal(text, expect_metric_fragmentation);
    free(text);
    text = slurp_in(dir, "final_nodes.dat", NULL);
    assert_non_null(text);
    assert_string_equal(text, expect_final_nodes);
    free(text);
    text = slurp_in(dir, "forest_beta.dat", NULL);
    assert_non_null(text);
    assert_string_equal(text, expect_forest_beta);
    free(text);
    text = slurp_in(dir, "forest_d_beta.dat", NULL);
    assert_non_null(text);
    assert_string_equal(text, expect_forest_d_beta);
    free(text);
    /* labels: time unit from meta.json, metric meaning, last step, significance marks */
    text = slurp_in(dir, "metric_fragmentation.gp", NULL);
    assert_non_null(strstr(text, "xlabel = 'month (step 0 = 2020-01)'\n"));
    assert_non_null(strstr(text, "set xtics (\"2020-01\" 0, \"2020-02\" 1, \"2020-03\" 2)"));
    assert_non_null(strstr(text, "ylabel = 'fragmentation F (0 connected .. 1 all isolated)'\n"));
    assert_non_null(strstr(text, "using 1:2:6 with filledcurves")); /* the 90% band */
    assert_non_null(strstr(text, "using 1:3:5 with filledcurves")); /* the 50% band */
    /* one panel per scenario, and the legend says what the bands are */
    assert_non_null(strstr(text, "    set title 'alpha'\n"));
    assert_non_null(strstr(text, "    set title 'beta'\n"));
    assert_non_null(strstr(text, "title '90% of replicas'"));
    assert_non_null(strstr(text, "title '50% of replicas'"));
    free(text);
    text = slurp_in(dir, "final_fragmentation.gp", NULL);
    assert_non_null(strstr(text, "fragmentation at step 2"));
    /* three values per scenario: a strip of points with the median as a bar, no box */
    assert_non_null(strstr(text, "every replica a point, the median a bar"));
    assert_null(strstr(text, "with boxplot"));
    assert_non_null(strstr(text, "using (1 + $3 * 0.6):2 with points"));
    assert_non_null(strstr(text, "set arrow 101 from first 0.65, first 0.5 to first 1.35, first 0.5 nohead"));
    free(text);
    text = slurp_in(dir, "forest_beta.gp", NULL);
    /* two panels: outcomes, then the mechanical counts on a scale of their own */
    assert_non_null(strstr(text, "set multiplot layout 1,2"));
    assert_non_null(strstr(text, "    set ytics ('* fragmentation' 2, 'modularity (no value)' 1)\n"));
    assert_non_null(strstr(text, "    set ytics ('nodes' 1)\n"));
    assert_non_null(strstr(text, "beta vs alpha at step 2: difference of means"));
    assert_non_null(strstr(text, "set xlabel 'difference beta - alpha (in each metric''s own unit)'"));
    free(text);
    text = slurp_in(dir, "forest_d_beta.gp", NULL);
    assert_non_null(strstr(text, "'nodes (d = +inf)' 1"));
    assert_non_null(strstr(text, "with xerrorbars")); /* d with its interval */
    free(text);
    /* a metric without any value draws an empty frame with a note */
    text = slurp_in(dir, "metric_modularity.gp", NULL);
    assert_non_null(strstr(text, "no defined value"));
    free(text);
}

static void test_plot_network_data(void **state)
{
    const char *dir = *state;
    struct diag d;
    assert_int_equal(run_plot(dir, 0, 0, 0, NULL, &d), DIAG_OK);
    /* step 0: every node of basic.yaml is active; step 12: qaani gone, kh+1 new */
    char *first = slurp_in(dir, "network_basic-2020_compare_first_nodes.dat", NULL);
    char *last = slurp_in(dir, "network_basic-2020_compare_last_nodes.dat", NULL);
    char *step0 = slurp_in(dir, "network_basic-2020_step0_nodes.dat", NULL);
    char *patron = slurp_in(dir, "network_basic-2020_step12_patron_nodes.dat", NULL);
    assert_non_null(first);
    assert_non_null(last);
    assert_non_null(step0);
    assert_non_null(patron);
    static const char *const ids[] = {"qf", "mois", "soleimani", "kh", "aah", "badr", "pmc"};
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (size_t i = 0; i < COUNT(ids); i++) {
        double xa, ya, xb, yb, xs, ys;
        if (!node_xy(first, ids[i], &xa, &ya) || !node_xy(last, ids[i], &xb, &yb) ||
            !node_xy(step0, ids[i], &xs, &ys))
            fail_msg("node %s missing", ids[i]);
        /* the same place in both panels, and the layout of the step-0 chart */
        assert_true(xa == xb && ya == yb);
        assert_true(xa == xs && ya == ys);
        x0 = fmin(x0, xa);
        x1 = fmax(x1, xa);
        y0 = fmin(y0, ya);
        y1 = fmax(y1, ya);
    }
    double x, y, xk, yk;
    assert_true(node_xy(first, "qaani", &x, &y));
    assert_false(node_xy(last, "qaani", &x, &y));
    assert_false(node_xy(first, "kh+1", &x, &y));
    assert_true(node_xy(last, "kh+1", &x, &y));
    assert_true(node_xy(last, "kh", &xk, &yk));
    double span = fmax(x1 - x0, y1 - y0), dist = hypot(x - xk, y - yk);
    /* next to its parent: a small, nonzero offset (sim/plot/plot.c SPAWN_OFFSET of the span) */
    assert_true(dist > 0.01 * span && dist < 0.15 * span);
    /* by kind: four blocks in kind order; by patron: agencies (sorted by id, shown by label) then none */
    assert_non_null(strstr(step0, "# index 0: \"agency\"\n"));
    assert_non_null(strstr(step0, "# index 3: \"institution\"\n"));
    assert_non_null(strstr(patron, "# index 0: \"mois\"\n"));
    assert_non_null(strstr(patron, "# index 1: \"IRGC Quds Force\"\n")); /* qf's label */
    assert_non_null(strstr(patron, "# index 2: \"none\"\n"));
    /* kh's patron is qf (basic.yaml): in block 1 */
    const char *b1 = strstr(patron, "# index 1:"), *b2 = strstr(patron, "# index 2:"),
               *khl = strstr(patron, "\"kh\"");
    assert_true(khl > b1 && khl < b2);
    free(first);
    free(last);
    free(step0);
    free(patron);
    /* ties: step 12 has the splinter's tie, with its weight class */
    char *edges = slurp_in(dir, "network_basic-2020_compare_last_edges.dat", NULL);
    assert_non_null(edges);
    /* style = 4 * type + width class: coordination (3), class 3 */
    assert_non_null(strstr(edges, " 15 0.5 \"kh\" \"kh+1\" coordination\n"));
    assert_null(strstr(edges, "\"qaani\""));
    free(edges);
    /* no gnuplot run without an image format */
    assert_false(exists_in(dir, "network_basic-2020_step0.svg"));
    assert_false(exists_in(dir, "network_basic-2020_step0.png"));
}

static void test_plot_refuses_existing(void **state)
{
    const char *dir = *state;
    struct diag d;
    assert_int_equal(run_plot(dir, 0, 0, 0, NULL, &d), DIAG_OK);
    assert_int_equal(run_plot(dir, 0, 0, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "/plots already exists; use --force"));
    assert_int_equal(d.code, DIAG_INPUT);
}

/* Bytes of every .gp and .dat file of the fixture, concatenated with their names. */
static char *scripts_and_data(const char *dir)
{
    size_t total = 0;
    char *all = NULL;
    for (size_t k = 0; k < COUNT(charts) + COUNT(datas); k++) {
        char name[512];
        if (k < COUNT(charts))
            PATHF(name, "%s.gp", charts[k]);
        else
            PATHF(name, "%s", datas[k - COUNT(charts)]);
        size_t len;
        char *text = slurp_in(dir, name, &len);
        assert_non_null(text);
        char *grown = realloc(all, total + strlen(name) + len + 2);
        assert_non_null(grown);
        all = grown;
        memcpy(all + total, name, strlen(name));
        total += strlen(name);
        memcpy(all + total, text, len);
        total += len;
        all[total] = '\0';
        free(text);
    }
    return all;
}

static void test_plot_force_deterministic(void **state)
{
    const char *dir = *state;
    struct diag d;
    char plots[4096];
    assert_int_equal(run_plot(dir, 0, 0, 0, NULL, &d), DIAG_OK);
    char *before = scripts_and_data(dir);
    PATHF(plots, "%s/plots", dir);
    write_text(plots, "stale_chart.png", "old");
    write_text(plots, "notes.txt", "the user's");
    assert_int_equal(run_plot(dir, 1, 0, 0, NULL, &d), DIAG_OK);
    char *after = scripts_and_data(dir);
    assert_string_equal(before, after);
    /* force replaces what plot writes, and leaves other files alone */
    assert_false(exists_in(dir, "stale_chart.png"));
    assert_true(exists_in(dir, "notes.txt"));
    free(before);
    free(after);
}

static void test_plot_no_gnuplot(void **state)
{
    const char *dir = *state;
    char empty[4096], *info = NULL;
    struct diag d;
    PATHF(empty, "%s/emptybin", dir);
    assert_int_equal(mkdir(empty, 0777), 0);
    char *saved = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    assert_int_equal(setenv("PATH", empty, 1), 0);
    int rc = run_plot(dir, 0, 1, 1, &info, &d);
    if (saved) {
        setenv("PATH", saved, 1);
        free(saved);
    } else {
        unsetenv("PATH");
    }
    assert_int_equal(rc, DIAG_OK);
    assert_non_null(strstr(info, "gnuplot not found: wrote the scripts and data into "));
    assert_non_null(strstr(info, "/plots; run `gnuplot NAME.gp` there\n"));
    free(info);
    for (size_t i = 0; i < COUNT(charts); i++) {
        char name[512];
        PATHF(name, "%s.gp", charts[i]);
        assert_true(exists_in(dir, name));
        PATHF(name, "%s.png", charts[i]);
        assert_false(exists_in(dir, name));
    }
    for (size_t i = 0; i < COUNT(datas); i++)
        assert_true(exists_in(dir, datas[i]));
}

/* PATH holding only a fake gnuplot with the given shell body. */
static int run_with_fake_gnuplot(const char *dir, const char *body, struct diag *d)
{
    char bin[4096], exe[4096];
    PATHF(bin, "%s/fakebin", dir);
    mkdir(bin, 0777);
    write_text(bin, "gnuplot", body);
    PATHF(exe, "%s/gnuplot", bin);
    assert_int_equal(chmod(exe, 0755), 0);
    char *saved = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    assert_int_equal(setenv("PATH", bin, 1), 0);
    int rc = run_plot(dir, 1, 1, 1, NULL, d);
    if (saved) {
        setenv("PATH", saved, 1);
        free(saved);
    } else {
        unsetenv("PATH");
    }
    return rc;
}

static void test_plot_gnuplot_fails(void **state)
{
    const char *dir = *state;
    struct diag d;
    /* a failing run names the script */
    assert_int_equal(run_with_fake_gnuplot(dir, "#!/bin/sh\nexit 3\n", &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "gnuplot failed on '"));
    assert_non_null(strstr(d.msg, "/plots/metric_fragmentation.gp' (exit status 3)"));
    /* a run that succeeds without images: refused, and no temporary is left */
    assert_int_equal(run_with_fake_gnuplot(dir, "#!/bin/sh\n: > metric_fragmentation.png.tmp\nexit 0\n", &d),
                     DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "gnuplot wrote no svg image for '"));
    assert_false(exists_in(dir, "metric_fragmentation.png.tmp"));
    assert_false(exists_in(dir, "metric_fragmentation.png"));
    /* the child runs in DIR/plots with the script as its last argument and suffix set */
    assert_int_equal(
        run_with_fake_gnuplot(dir,
                              "#!/bin/sh\n[ -f \"$3\" ] && [ \"$2\" = \"suffix='.tmp'\" ] || exit 9\n"
                              "b=${3%.gp}; echo '<svg/>' > \"$b.svg.tmp\"; "
                              "printf '\\211PNG\\r\\n\\032\\n' > \"$b.png.tmp\"\n",
                              &d),
        DIAG_OK);
    assert_true(exists_in(dir, "forest_beta.svg"));
    assert_false(exists_in(dir, "forest_beta.svg.tmp"));
}

static void test_plot_bad_inputs(void **state)
{
    const char *dir = *state;
    struct diag d;
    char path[4096], sub[4096];
    /* no such directory, or a file */
    PATHF(path, "%s/missing", dir);
    assert_int_equal(run_plot(path, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "no such directory"));
    PATHF(path, "%s/summary.csv", dir);
    assert_int_equal(run_plot(path, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "not a directory"));
    /* an empty directory */
    PATHF(sub, "%s/empty", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    assert_int_equal(run_plot(sub, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "nothing to plot"));
    assert_false(exists_in(sub, "")); /* no plots/ made */
    /* a malformed summary.csv: file, line and column of the bad step */
    write_text(sub, "summary.csv",
               "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n"
               "a,0,nodes,1,1,,1,1,1,1,1\n"
               "a,x1,nodes,1,1,,1,1,1,1,1\n");
    assert_int_equal(run_plot(sub, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 3);
    assert_non_null(strstr(d.file, "empty/summary.csv"));
    assert_non_null(strstr(d.msg, "step 'x1'"));
    /* a missing column */
    write_text(sub, "summary.csv",
               "scenario,step,metric,n,mean,sd,q05,q25,q75,q95\na,0,nodes,1,1,,1,1,1,1\n");
    assert_int_equal(run_plot(sub, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 1);
    assert_non_null(strstr(d.msg, "missing column 'q50'"));
    /* the same cell twice */
    write_text(sub, "summary.csv",
               "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\na,0,nodes,1,1,,1,1,1,1,1\n"
               "a,0,nodes,1,2,,2,2,2,2,2\n");
    assert_int_equal(run_plot(sub, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.msg, "a second row"));
    /* a bad number in comparison.csv */
    unlink(strcat(strcpy(path, sub), "/summary.csv"));
    write_text(
        sub, "comparison.csv",
        "metric,step,scenario_a,scenario_b,n_a,n_b,mean_a,mean_b,diff,ci_low,ci_high,effect_size,p_value,"
        "test\n"
        "nodes,2,a,b,5,5,1,2,1,0,2,0.5,zero,welch_t\n");
    assert_int_equal(run_plot(sub, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 2);
    assert_non_null(strstr(d.msg, "p_value 'zero' is not a number"));
    unlink(strcat(strcpy(path, sub), "/comparison.csv"));
    /* malformed meta.json */
    write_text(sub, "final.csv", "scenario,replica,metric,value\na,0,nodes,3\n");
    write_text(sub, "meta.json", "{\"scenarios\": [\n");
    assert_int_equal(run_plot(sub, 0, 1, 1, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "meta.json"));
    assert_true(d.line >= 1);
    unlink(strcat(strcpy(path, sub), "/meta.json"));
    unlink(strcat(strcpy(path, sub), "/final.csv"));
    /* a snapshot that is not GraphML */
    PATHF(path, "%s/snapshots", sub);
    assert_int_equal(mkdir(path, 0777), 0);
    write_text(path, "x_step0.graphml", "<graphml><graph><node id=\"a\"></graph>\n");
    assert_int_equal(run_plot(sub, 0, 0, 0, NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.file, "x_step0.graphml"));
    assert_non_null(strstr(d.msg, "cannot read GraphML"));
}

static void test_plot_comparison_only(void **state)
{
    const char *dir = *state;
    struct diag d;
    char sub[4096];
    PATHF(sub, "%s/cmp", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
    /* without p_holm: significance from p_value */
    write_text(
        sub, "comparison.csv",
        "metric,step,scenario_a,scenario_b,n_a,n_b,mean_a,mean_b,diff,ci_low,ci_high,effect_size,p_value,"
        "test\n"
        "nodes,2,a,b,5,5,1,2,1,0.5,1.5,3,0.001,welch_t\n"
        "edges,2,a,b,5,5,1,1.5,0.5,-1,2,0.1,0.6,welch_t\n"
        "nodes,2,a,c,5,5,1,1,0,0,0,0,1,welch_t\n"
        "edges,2,a,c,5,5,1,1,0,0,0,0,1,welch_t\n");
    assert_int_equal(run_plot(sub, 0, 0, 0, NULL, &d), DIAG_OK);
    char plots[4096];
    PATHF(plots, "%s/plots", sub);
    DIR *dd = opendir(plots);
    assert_non_null(dd);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dd)) != NULL) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "index.md"))
            continue;
        if (strncmp(e->d_name, "forest_", 7) != 0)
            fail_msg("unexpected %s", e->d_name);
        n++;
    }
    closedir(dd);
    assert_int_equal(n, 8); /* forest_b, forest_d_b, forest_c, forest_d_c: .gp and .dat each */
    /* the index lists them under Comparisons, without images (none was drawn) */
    char *index = slurp_in(sub, "index.md", NULL);
    assert_non_null(index);
    assert_non_null(strstr(index,
                           "\n## Comparisons\n\n- **forest_b**: b vs a at step 2: difference of means, "
                           "95% interval. Script and data: [forest_b.dat](forest_b.dat) "
                           "[forest_b.gp](forest_b.gp)\n"));
    assert_null(strstr(index, ".png"));
    assert_null(strstr(index, "## Skipped"));
    free(index);
    char *text = slurp_in(sub, "forest_b.gp", NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "set ytics ('* nodes' 2, 'edges' 1)"));
    assert_non_null(strstr(text, "'* significant (p < 0.05)'"));
    /* the x range holds 0 and every interval: [-1, 2] with 8% room */
    assert_non_null(strstr(text, "set xrange [-1.24:2.24]"));
    free(text);
    /* all differences 0: the range is around 0, both rows not significant */
    text = slurp_in(sub, "forest_c.dat", NULL);
    assert_non_null(strstr(text, "# index 0: mechanical (counts of what the pressure removed), not "
                                 "significant\n0 2 0 0 \"nodes\"\n0 1 0 0 \"edges\"\n"));
    free(text);
}

static void test_plot_snapshot_attributes(void **state)
{
    const char *dir = *state;
    char path[4096];
    PATHF(path, "%s/snapshots/basic-2020_step12.graphml", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    igraph_t g;
    assert_int_equal(igraph_read_graph_graphml(&g, f, 0), IGRAPH_SUCCESS);
    fclose(f);
    assert_true(igraph_is_directed(&g));
    static const struct {
        const char *name;
        igraph_attribute_elemtype_t elem;
    } want[] = {
        {"id", IGRAPH_ATTRIBUTE_VERTEX},        {"kind", IGRAPH_ATTRIBUTE_VERTEX},
        {"label", IGRAPH_ATTRIBUTE_VERTEX},     {"patron", IGRAPH_ATTRIBUTE_VERTEX},
        {"strength", IGRAPH_ATTRIBUTE_VERTEX},  {"active", IGRAPH_ATTRIBUTE_VERTEX},
        {"community", IGRAPH_ATTRIBUTE_VERTEX}, {"spawn", IGRAPH_ATTRIBUTE_VERTEX},
        {"type", IGRAPH_ATTRIBUTE_EDGE},        {"weight", IGRAPH_ATTRIBUTE_EDGE},
    };
    for (size_t i = 0; i < COUNT(want); i++)
        if (!igraph_cattribute_has_attr(&g, want[i].elem, want[i].name))
            fail_msg("attribute %s missing", want[i].name);
    /* types: active is a boolean, community and strength numbers */
    igraph_strvector_t gn, vn, en;
    igraph_vector_int_t gt, vt, et;
    igraph_strvector_init(&gn, 0);
    igraph_strvector_init(&vn, 0);
    igraph_strvector_init(&en, 0);
    igraph_vector_int_init(&gt, 0);
    igraph_vector_int_init(&vt, 0);
    igraph_vector_int_init(&et, 0);
    assert_int_equal(igraph_cattribute_list(&g, &gn, &gt, &vn, &vt, &en, &et), IGRAPH_SUCCESS);
    for (igraph_integer_t i = 0; i < igraph_strvector_size(&vn); i++) {
        const char *name = igraph_strvector_get(&vn, i);
        if (!strcmp(name, "active"))
            assert_int_equal(VECTOR(vt)[i], IGRAPH_ATTRIBUTE_BOOLEAN);
        if (!strcmp(name, "community") || !strcmp(name, "strength"))
            assert_int_equal(VECTOR(vt)[i], IGRAPH_ATTRIBUTE_NUMERIC);
        if (!strcmp(name, "kind") || !strcmp(name, "id"))
            assert_int_equal(VECTOR(vt)[i], IGRAPH_ATTRIBUTE_STRING);
    }
    igraph_strvector_destroy(&gn);
    igraph_strvector_destroy(&vn);
    igraph_strvector_destroy(&en);
    igraph_vector_int_destroy(&gt);
    igraph_vector_int_destroy(&vt);
    igraph_vector_int_destroy(&et);
    /* basic.yaml's 8 nodes and the used slot kh+1 are written; qaani is inactive */
    assert_int_equal(igraph_vcount(&g), 9);
    int n_active = 0, found_qaani = 0, found_spawn = 0;
    for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++) {
        const char *id = VAS(&g, "id", v);
        double c = VAN(&g, "community", v);
        if (!strcmp(id, "qaani")) {
            found_qaani = 1;
            assert_false(VAB(&g, "active", v));
            assert_true(c == -1);
            continue;
        }
        assert_true(VAB(&g, "active", v));
        n_active++;
        assert_true(c >= 0 && c < 8 && c == floor(c));
        if (!strcmp(id, "kh+1")) {
            found_spawn = 1;
            assert_string_equal(VAS(&g, "spawn", v), "splinter");
            assert_string_equal(VAS(&g, "kind", v), "faction");
        }
    }
    assert_int_equal(n_active, 8);
    assert_true(found_qaani && found_spawn);
    /* kh+1's only tie is to kh: the same community */
    double c_kh = -2, c_spawn = -3;
    for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++) {
        if (!strcmp(VAS(&g, "id", v), "kh"))
            c_kh = VAN(&g, "community", v);
        if (!strcmp(VAS(&g, "id", v), "kh+1"))
            c_spawn = VAN(&g, "community", v);
    }
    assert_true(c_kh == c_spawn);
    /* edges keep type and weight: the splinter tie is coordination 0.5 */
    int found_tie = 0;
    for (igraph_integer_t e = 0; e < igraph_ecount(&g); e++) {
        const char *from = VAS(&g, "id", IGRAPH_FROM(&g, e)), *to = VAS(&g, "id", IGRAPH_TO(&g, e));
        if (!strcmp(from, "kh") && !strcmp(to, "kh+1")) {
            found_tie = 1;
            assert_string_equal(EAS(&g, "type", e), "coordination");
            assert_true(EAN(&g, "weight", e) == 0.5);
        }
        assert_true(strcmp(from, "qaani") && strcmp(to, "qaani"));
    }
    assert_true(found_tie);
    igraph_destroy(&g);
}

static void test_plot_snapshot_deterministic(void **state)
{
    const char *dir = *state;
    char a[4096], b[4096];
    /* the same world gives the same file: the Leiden seed is fixed */
    PATHF(a, "%s/snapshots/basic-2020_step12.graphml", dir);
    char *first = slurp(a, NULL);
    assert_non_null(first);
    PATHF(b, "%s/again", dir);
    assert_int_equal(mkdir(b, 0777), 0);
    write_snapshots(b);
    PATHF(b, "%s/again/snapshots/basic-2020_step12.graphml", dir);
    char *second = slurp(b, NULL);
    assert_non_null(second);
    assert_string_equal(first, second);
    assert_non_null(strstr(first, "attr.name=\"active\" attr.type=\"boolean\""));
    assert_non_null(strstr(first, "<data key=\"community\">-1</data>"));
    free(first);
    free(second);
}

/* A directory holding summary.csv and final.csv (the fixture's unless given) and the fixture's meta.json. */
static void make_results(const char *dir, const char *summary, const char *final)
{
    rm_rf(dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    write_text(dir, "summary.csv", summary ? summary : summary_csv);
    write_text(dir, "final.csv", final ? final : final_csv);
    write_text(dir, "meta.json", meta_json);
}

/* What plot and compare say about dir (compare against a valid reference). */
static void refusals(const char *root, const char *dir, char *plot_msg, char *compare_msg, size_t n)
{
    struct diag d;
    assert_int_equal(run_plot(dir, 0, 0, 0, NULL, &d), DIAG_INPUT);
    diag_format(&d, plot_msg, n);
    char ref[4096], out[4096];
    snprintf(ref, sizeof ref, "%s/ref", root);
    snprintf(out, sizeof out, "%s/cmpout", root);
    make_results(ref, NULL, NULL);
    char *in[] = {ref, (char *)dir};
    struct compare_request req = {.inputs = in,
                                  .n_inputs = 2,
                                  .outdir = out,
                                  .force = 1,
                                  .level = 0.95,
                                  .threads = 1,
                                  .version = "test",
                                  .commit = "test"};
    diag_init(&d);
    assert_int_equal(compare_execute(&req, NULL, &d), DIAG_INPUT);
    diag_format(&d, compare_msg, n);
}

/* A header-only or truncated summary.csv, a truncated final.csv and an
 * interrupted run: plot refuses each as compare does, with the same message. */
static void test_plot_refuses_what_compare_refuses(void **state)
{
    const char *root = *state;
    char dir[4096], sum[4096], fin[4096], pm[4096], cm[4096];
    snprintf(dir, sizeof dir, "%s/partial", root);
    const char *nl;
    /* only the header */
    make_results(dir, "scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n", NULL);
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "summary.csv: error: no results (only a header)"));
    /* cut after its first 8 lines (a whole line: the grid lacks cells) */
    nl = summary_csv;
    for (int i = 0; i < 8; i++)
        nl = strchr(nl, '\n') + 1;
    snprintf(sum, sizeof sum, "%.*s", (int)(nl - summary_csv), summary_csv);
    make_results(dir, sum, NULL);
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "no row for scenario 'alpha', step 2, metric 'nodes'"));
    /* cut in the middle of a line */
    snprintf(sum, sizeof sum, "%.*s", (int)(nl - summary_csv) + 12, summary_csv);
    make_results(dir, sum, NULL);
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "summary.csv:9:"));
    /* final.csv cut: fewer replicas than summary.csv counts */
    snprintf(fin, sizeof fin, "%.*s", (int)(strstr(final_csv, "beta,2,") - final_csv), final_csv);
    make_results(dir, NULL, fin);
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "but summary.csv counts 3"));
    /* an interrupted run; 'complete' as a string */
    make_results(dir, NULL, NULL);
    write_text(dir, "meta.json", "{\"complete\": false}\n");
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "interrupted run"));
    write_text(dir, "meta.json", "{\"complete\": \"false\"}\n");
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "meta.json: error: 'complete' must be true or false"));
    /* a key twice; a complete run short of replicas; n above meta.json's replicas; a FIFO */
    write_text(dir, "meta.json", "{\"complete\": true, \"complete\": false}\n");
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "duplicate object key"));
    write_text(dir, "meta.json",
               "{\"complete\": true, \"scenarios\": [{\"name\": \"alpha\", \"replicas\": 3, "
               "\"replicas_done\": 2}]}\n");
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "replicas_done 2 of 3 replicas, but the run is marked complete"));
    write_text(dir, "meta.json", meta_json);
    snprintf(sum, sizeof sum, "%s", summary_csv);
    memcpy(strstr(sum, "alpha,0,nodes,3,"), "alpha,0,nodes,4,", strlen("alpha,0,nodes,4,"));
    make_results(dir, sum, NULL);
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "summary.csv:3:15: error: n 4 is more than the 3 replicas"));
    make_results(dir, NULL, NULL);
    char fifo[4200];
    snprintf(fifo, sizeof fifo, "%s/meta.json", dir);
    assert_int_equal(unlink(fifo), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    refusals(root, dir, pm, cm, sizeof pm);
    assert_string_equal(pm, cm);
    assert_non_null(strstr(pm, "meta.json: error: cannot read meta.json: it is a FIFO, not a regular file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plot_metric_label),
        cmocka_unit_test(test_plot_label_placement),
        cmocka_unit_test(test_plot_short_label),
        cmocka_unit_test_setup_teardown(test_plot_find_program, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_full_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_network_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_refuses_existing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_force_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_no_gnuplot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_gnuplot_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_bad_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_comparison_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_refuses_what_compare_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_snapshot_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plot_snapshot_deterministic, setup, teardown),
    };
    igraph_set_attribute_table(&igraph_cattribute_table);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
