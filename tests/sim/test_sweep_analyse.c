/* tests/sim/test_sweep_analyse.c - sensitivity.csv and discovery.csv on hand-made sweeps whose answers are
 * known.
 *
 * Each test writes a design.csv and a points.csv into a fresh directory,
 * runs sweep_analyse_spec() and reads back the rows it wrote: a linear
 * output gives SRC 1 and R2 1 and an ignored factor SRC 0; a factor the
 * output ignores gets mu_star, S1 and ST exactly 0; the noise shares match
 * their formulas on constructed variances; PRIM finds a known box; bad
 * files are refused at FILE:LINE:COL; a real Saltelli sweep of the broker
 * example gives a factor the model ignores S1 = ST = 0 exactly.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/plot/plot.h"
#include "sim/sweep/analyse.h"
#include "sim/sweep/experiment.h"
#include "sim/sweep/sweep.h"
#include "tests/testutil.h"

#define MAX_ROWS 512

/* One parsed output row: its fields as text. */
struct row {
    char f[10][256];
    int n;
};

static struct row rows[MAX_ROWS];
static int n_rows;

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
    snprintf(dir, 64, "/tmp/infnet-test-analyse-XXXXXX");
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

static FILE *create(const char *dir, const char *name)
{
    char p[600];
    if (snprintf(p, sizeof p, "%s/%s", dir, name) >= (int)sizeof p)
        fail_msg("path too long");
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    return f;
}

/* The whole of dir/name (up to 64 KiB). */
static const char *text_of(const char *dir, const char *name)
{
    static char text[65536];
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    if (!f)
        fail_msg("%s was not written", name);
    size_t n = fread(text, 1, sizeof text - 1, f);
    assert_true(feof(f));
    fclose(f);
    text[n] = '\0';
    return text;
}

/* Read dir/name (no quoting in these files) into rows; returns its header. */
static const char *load(const char *dir, const char *name)
{
    static char header[256];
    char p[256], line[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    if (!f)
        fail_msg("%s was not written", name);
    assert_non_null(fgets(header, sizeof header, f));
    header[strcspn(header, "\n")] = '\0';
    n_rows = 0;
    while (fgets(line, sizeof line, f)) {
        assert_true(n_rows < MAX_ROWS);
        struct row *r = &rows[n_rows++];
        line[strcspn(line, "\n")] = '\0';
        r->n = 0;
        char *s = line;
        for (;;) {
            size_t len = strcspn(s, ",");
            assert_true(r->n < 10 && len < 256);
            memcpy(r->f[r->n], s, len);
            r->f[r->n++][len] = '\0';
            if (!s[len])
                break;
            s += len + 1;
        }
    }
    fclose(f);
    return header;
}

static int access_in(const char *dir, const char *name)
{
    char p[600];
    if (snprintf(p, sizeof p, "%s/%s", dir, name) >= (int)sizeof p)
        fail_msg("path too long");
    return access(p, F_OK);
}

/* `infnet plot DIR` (scripts and data only) of a sweep of method; 1 when plots/chart.gp was written. */
static int plotted(const char *dir, const char *method, const char *chart)
{
    FILE *f = create(dir, "meta.json");
    fprintf(f, "{\"complete\": true, \"experiment\": {\"design\": {\"method\": \"%s\"}}}\n", method);
    fclose(f);
    struct plot_request req = {.dir = dir, .force = 1};
    struct diag d;
    diag_init(&d);
    if (plot_execute(&req, NULL, &d) != DIAG_OK)
        fail_msg("plot: %s", d.msg);
    char p[256];
    snprintf(p, sizeof p, "plots/%s.gp", chart);
    return access_in(dir, p) == 0;
}

static double num(const char *s)
{
    return *s ? strtod(s, NULL) : NAN;
}

/* The sensitivity.csv row of factor and index (the only scenario, metric and step). */
static const struct row *index_row(const char *factor, const char *index)
{
    for (int i = 0; i < n_rows; i++)
        if (!strcmp(rows[i].f[2], factor) && !strcmp(rows[i].f[3], index))
            return &rows[i];
    fail_msg("no row for factor %s, index %s", factor, index);
    return NULL;
}

/* points.csv rows of scenario s, metric m, step 5: mean y[i], sd sd[i], n replicas. */
static void write_points(FILE *f, const double *y, const double *sd, size_t n, long replicas)
{
    fputs("point,scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95,a\n", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%zu,s,5,m,%ld,%.17g,%.17g,0,0,0,0,0,0\n", i, replicas, y[i], sd ? sd[i] : 0.0);
}

static const struct sweep_factor two[] = {{"a", NULL, 0}, {"b", NULL, 0}};

static struct sweep_spec spec_of(enum sweep_method m, size_t k, const struct sweep_factor *f, size_t n)
{
    return (struct sweep_spec){
        .method = m, .k = k, .factors = f, .n_points = n, .seed = 7, .n_boot = 200, .level = SWEEP_LEVEL};
}

/* A 3 x 3 factorial with y = 2a + 1: SRC(a) = 1, SRC(b) = 0, R2 = 1. */
static void test_factorial_linear(void **state)
{
    const char *dir = *state;
    double y[9];
    FILE *f = create(dir, "design.csv");
    fputs("point,a,b\n", f);
    for (int i = 0; i < 9; i++) {
        fprintf(f, "%d,%d,%d\n", i, i / 3, 10 * (i % 3 + 1));
        y[i] = 2.0 * (i / 3) + 1;
    }
    fclose(f);
    write_points(f = create(dir, "points.csv"), y, NULL, 9, 10);
    fclose(f);
    struct sweep_spec s = spec_of(SWEEP_FACTORIAL, 2, two, 9);
    struct diag d;
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
    assert_string_equal(load(dir, "sensitivity.csv"),
                        "metric,step,factor,index,value,ci_low,ci_high,scenario");
    assert_int_equal(n_rows, 5);
    const struct row *r = index_row("a", "SRC");
    assert_string_equal(r->f[0], "m");
    assert_string_equal(r->f[1], "5");
    assert_string_equal(r->f[7], "s");
    assert_close(num(r->f[4]), 1.0, 1e-12);
    assert_close(num(r->f[5]), 1.0, 1e-9);
    assert_close(num(r->f[6]), 1.0, 1e-9);
    r = index_row("b", "SRC");
    assert_close(num(r->f[4]), 0.0, 1e-12);
    r = index_row("*", "R2");
    assert_close(num(r->f[4]), 1.0, 1e-12);
    /* no replica spread: none of the variance is noise */
    assert_string_equal(index_row("*", "noise_share")->f[4], "0");
    assert_string_equal(index_row("*", "noise_share_replicas")->f[4], "0");
    /* no discovery condition, no discovery.csv */
    assert_int_equal(access_in(dir, "discovery.csv"), -1);
}

/* Two Morris trajectories on a 4-level grid, y = 3 u_a: the effects of b are
 * exactly 0, those of a all 3. */
static void test_morris_ignored_factor(void **state)
{
    const char *dir = *state;
    const double t = 2.0 / 3.0;
    const double unit[6 * 2] = {0, 0, t, 0, t, t, 1.0 / 3, t, 1.0 / 3, 0, 1, 0};
    double y[6];
    FILE *f = create(dir, "design.csv");
    fputs("point,a,b\n", f);
    for (int i = 0; i < 6; i++) {
        fprintf(f, "%d,%.17g,%.17g\n", i, 10 * unit[2 * i], 5 + unit[2 * i + 1]);
        y[i] = 3 * unit[2 * i];
    }
    fclose(f);
    write_points(f = create(dir, "points.csv"), y, NULL, 6, 3);
    fclose(f);
    struct sweep_spec s = spec_of(SWEEP_MORRIS, 2, two, 6);
    s.unit = unit;
    struct diag d;
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
    load(dir, "sensitivity.csv");
    assert_int_equal(n_rows, 8);
    const struct row *r = index_row("b", "mu_star");
    assert_string_equal(r->f[4], "0");
    assert_string_equal(r->f[5], "0");
    assert_string_equal(r->f[6], "0");
    assert_string_equal(index_row("b", "mu")->f[4], "0");
    assert_string_equal(index_row("b", "sigma")->f[4], "0");
    assert_close(num(index_row("a", "mu_star")->f[4]), 3.0, 1e-12);
    assert_close(num(index_row("a", "mu")->f[4]), 3.0, 1e-12);
    /* mu and sigma have no interval */
    assert_string_equal(index_row("a", "mu")->f[5], "");
    assert_string_equal(index_row("a", "sigma")->f[6], "");
    /* the chart of mu* against sigma: mu_star sigma low high factor */
    assert_true(plotted(dir, "morris", "morris_s_m_step5"));
    assert_string_equal(load(dir, "plots/morris_s_m_step5.dat"),
                        "# Morris measures of m at step 5, scenario s, from sensitivity.csv");
    assert_int_equal(n_rows, 3);
    assert_string_equal(rows[2].f[0], "0 0 0 0 \"b\"");
    assert_true(plotted(dir, "morris", "response_s_m_step5"));
}

/* A Saltelli layout (A, AB1, AB2, [BA1, BA2,] B per base point) with y =
 * u_a: b's S1 and ST are exactly 0; second order names its pairs a:b. */
static void test_sobol_ignored_factor(void **state)
{
    const char *dir = *state;
    for (int so = 0; so <= 1; so++) {
        size_t nb = 8, per = so ? 6 : 4, n = nb * per;
        double unit[48 * 2], y[48];
        for (size_t i = 0; i < nb; i++) {
            double A[2] = {(double)(i * 5 % 8) / 8 + 0.01, (double)(i * 3 % 8) / 8 + 0.02};
            double B[2] = {(double)(i * 7 % 8) / 8 + 0.03, (double)(i * 1 % 8) / 8 + 0.04};
            double *r = unit + i * per * 2;
            memcpy(r, A, sizeof A);
            r[2] = B[0], r[3] = A[1]; /* AB1 */
            r[4] = A[0], r[5] = B[1]; /* AB2 */
            if (so) {
                r[6] = A[0], r[7] = B[1]; /* BA1 */
                r[8] = B[0], r[9] = A[1]; /* BA2 */
            }
            memcpy(r + (per - 1) * 2, B, sizeof B);
        }
        FILE *f = create(dir, "design.csv");
        fputs("point,a,b\n", f);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "%zu,%.17g,%.17g\n", i, unit[2 * i], unit[2 * i + 1]);
            y[i] = unit[2 * i];
        }
        fclose(f);
        write_points(f = create(dir, "points.csv"), y, NULL, n, 4);
        fclose(f);
        struct sweep_spec s = spec_of(SWEEP_SOBOL, 2, two, n);
        s.second_order = so;
        struct diag d;
        diag_init(&d);
        assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
        load(dir, "sensitivity.csv");
        assert_int_equal(n_rows, so ? 7 : 6);
        for (int c = 4; c <= 6; c++) {
            assert_string_equal(index_row("b", "ST")->f[c], "0");
            assert_string_equal(index_row("b", "S1")->f[c], "0");
        }
        assert_true(num(index_row("a", "ST")->f[4]) > 0.5);
        if (so)
            assert_non_null(index_row("a:b", "S2"));
    }
    /* bars of S1 and ST: i factor S1 low high ST low high */
    assert_true(plotted(dir, "sobol", "sobol_s_m_step5"));
    load(dir, "plots/sobol_s_m_step5.dat");
    assert_int_equal(n_rows, 3);
    assert_string_equal(rows[2].f[0], "1 \"b\" 0 0 0 0 0 0");
}

/* Four LHS points with means 0, 2, 4, 6 and replica sd 2 over n = 4:
 * Var(means) = 20/3, mean(sd^2/n) = 1, so noise_share = 3/20; the factors'
 * variance is 20/3 - 1 and noise_share_replicas = 4 / (4 + 17/3) = 12/29. */
static void test_noise_shares(void **state)
{
    const char *dir = *state;
    static const struct sweep_factor one[] = {{"a", NULL, 0}};
    const double y[4] = {0, 2, 4, 6}, sd[4] = {2, 2, 2, 2};
    FILE *f = create(dir, "design.csv");
    fputs("point,a\n0,0\n1,1\n2,2\n3,3\n", f);
    fclose(f);
    write_points(f = create(dir, "points.csv"), y, sd, 4, 4);
    fclose(f);
    struct sweep_spec s = spec_of(SWEEP_LHS, 1, one, 4);
    struct diag d;
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
    load(dir, "sensitivity.csv");
    assert_close(num(index_row("*", "noise_share")->f[4]), 3.0 / 20.0, 1e-12);
    assert_close(num(index_row("*", "noise_share_replicas")->f[4]), 12.0 / 29.0, 1e-12);
    assert_string_equal(index_row("*", "noise_share")->f[5], "");
    assert_close(num(index_row("a", "SRC")->f[4]), 1.0, 1e-12);
}

/* A 5 x 5 factorial of a in 0..4 and a switch b (levels by name), cases a >
 * 2.5: the peeling reaches the box a in [3, 4], density 1, coverage 1, with
 * only a restricted; box 0 is every point. */
static void test_discovery_known_box(void **state)
{
    const char *dir = *state;
    static const struct sweep_code codes[] = {{"v0", 0}, {"v1", 1}, {"v2", 2}, {"v3", 3}, {"v4", 4}};
    static const struct sweep_factor f2[] = {{"a", NULL, 0}, {"structure", codes, 5}};
    double y[25];
    FILE *f = create(dir, "design.csv");
    fputs("point,a,structure\n", f);
    for (int i = 0; i < 25; i++) {
        fprintf(f, "%d,%d,v%d\n", i + 1, i / 5, i % 5);
        y[i] = i / 5;
    }
    fclose(f);
    f = create(dir, "points.csv");
    fputs("point,scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n", f);
    for (int step = 3; step <= 5; step += 2)
        for (int i = 0; i < 25; i++)
            fprintf(f, "%d,s,%d,m,2,%g,0,0,0,0,0,0\n", i + 1, step, step == 5 ? y[i] : 0.0);
    fclose(f);
    struct sweep_condition c = {"m", -1, SWEEP_GT, 2.5, NULL};
    struct sweep_spec s = spec_of(SWEEP_FACTORIAL, 2, f2, 25);
    s.discovery = &c;
    struct diag d;
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
    assert_string_equal(load(dir, "discovery.csv"),
                        "box,coverage,density,mass,n,factor,lower,upper,restricted,scenario");
    assert_true(n_rows >= 4 && n_rows % 2 == 0);
    assert_string_equal(rows[0].f[0], "0");
    assert_string_equal(rows[0].f[1], "1");
    assert_string_equal(rows[0].f[2], "0.4");
    assert_string_equal(rows[0].f[3], "1");
    assert_string_equal(rows[0].f[4], "25");
    assert_string_equal(rows[0].f[5], "a");
    assert_string_equal(rows[1].f[5], "structure");
    assert_string_equal(rows[1].f[7], "4");
    int found = 0;
    for (int i = 0; i + 1 < n_rows; i += 2)
        if (!strcmp(rows[i].f[1], "1") && !strcmp(rows[i].f[2], "1")) {
            assert_string_equal(rows[i].f[6], "3");
            assert_string_equal(rows[i].f[7], "4");
            assert_string_equal(rows[i].f[8], "1");
            assert_string_equal(rows[i + 1].f[8], "0");
            assert_string_equal(rows[i].f[9], "s");
            found = 1;
            break;
        }
    assert_true(found);
}

/* The condition names one series: with two series in points.csv (s, whose
 * cases are a > 2.5, and a contrast d whose cases are a < 1.5), PRIM runs on
 * the named one only, and a name points.csv does not hold is refused. */
static void test_discovery_one_scenario(void **state)
{
    const char *dir = *state;
    static const struct sweep_factor f1[] = {{"a", NULL, 0}};
    FILE *f = create(dir, "design.csv");
    fputs("point,a\n", f);
    for (int i = 0; i < 5; i++)
        fprintf(f, "%d,%d\n", i, i);
    fclose(f);
    f = create(dir, "points.csv");
    fputs("point,scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n", f);
    for (int i = 0; i < 5; i++)
        fprintf(f, "%d,s,5,m,2,%d,0,0,0,0,0,0\n", i, i);
    for (int i = 0; i < 5; i++)
        fprintf(f, "%d,d,5,m,2,%d,0,,,,,\n", i, 4 - i);
    fclose(f);
    struct sweep_condition c = {"m", -1, SWEEP_GT, 2.5, "d"};
    struct sweep_spec s = spec_of(SWEEP_LHS, 1, f1, 5);
    s.discovery = &c;
    struct diag d;
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
    load(dir, "discovery.csv");
    assert_true(n_rows >= 2);
    int reached = 0;
    for (int i = 0; i < n_rows; i++) {
        assert_string_equal(rows[i].f[9], "d");
        if (!strcmp(rows[i].f[2], "1") && !reached) {
            /* the cases of d are a = 0 and 1: the first pure box is [0, 1] */
            assert_string_equal(rows[i].f[6], "0");
            assert_string_equal(rows[i].f[7], "1");
            reached = 1;
        }
    }
    assert_true(reached);
    c.scenario = "e";
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "no rows of scenario 'e' (the discovery condition's scenario)");
}

/* Three metrics of a 3 x 3 factorial, y_m = (m + 1) a + b: the series loaded
 * one a pass over points.csv give the same bytes as all in one pass, and a
 * row missing from the last series is refused by name. */
static void test_series_passes(void **state)
{
    const char *dir = *state;
    FILE *f = create(dir, "design.csv");
    fputs("point,a,b\n", f);
    for (int i = 0; i < 9; i++)
        fprintf(f, "%d,%d,%d\n", i, i / 3, i % 3);
    fclose(f);
    f = create(dir, "points.csv");
    fputs("point,scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n", f);
    for (int i = 0; i < 9; i++)
        for (int m = 0; m < 3; m++)
            fprintf(f, "%d,s,5,m%d,4,%d,%g,0,0,0,0,0\n", i, m, (m + 1) * (i / 3) + i % 3, 0.5 * m);
    fclose(f);
    struct sweep_spec s = spec_of(SWEEP_FACTORIAL, 2, two, 9);
    struct diag d;
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
    char *whole = strdup(text_of(dir, "sensitivity.csv"));
    s.series_budget = 1;
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_OK);
    assert_string_equal(text_of(dir, "sensitivity.csv"), whole);
    free(whole);
    load(dir, "sensitivity.csv");
    assert_int_equal(n_rows, 3 * 5);
    /* the last series without point 8 */
    f = create(dir, "points.csv");
    fputs("point,scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n", f);
    for (int i = 0; i < 9; i++)
        for (int m = 0; m < 3; m++)
            if (i < 8 || m < 2)
                fprintf(f, "%d,s,5,m%d,4,%d,0,0,0,0,0,0\n", i, m, i);
    fclose(f);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "no row for point 8 of scenario 's', metric 'm2', step 5"));
}

/* Refusals name the file, line and column, or what is missing. */
static void test_refusals(void **state)
{
    const char *dir = *state;
    const double y[4] = {0, 1, 2, 3};
    static const struct sweep_factor one[] = {{"a", NULL, 0}};
    struct sweep_spec s = spec_of(SWEEP_LHS, 1, one, 4);
    struct diag d;
    char msg[2048], want[512];
    FILE *f = create(dir, "points.csv");
    write_points(f, y, NULL, 3, 2);
    fclose(f);

    f = create(dir, "design.csv");
    fputs("point,a\n0,0\n1,x\n2,2\n3,3\n", f);
    fclose(f);
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_INPUT);
    diag_format(&d, msg, sizeof msg);
    snprintf(want, sizeof want,
             "%s/design.csv:3:3: error: a 'x' is neither a number nor one of the factor's values", dir);
    assert_string_equal(msg, want);

    f = create(dir, "design.csv");
    fputs("point,a\n0,0\n2,1\n", f);
    fclose(f);
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_INPUT);
    diag_format(&d, msg, sizeof msg);
    snprintf(want, sizeof want,
             "%s/design.csv:3:1: error: point 2 where point 1 was expected (points are consecutive)", dir);
    assert_string_equal(msg, want);

    f = create(dir, "design.csv");
    fputs("point,a\n0,0\n1,1\n2,2\n3,3\n", f);
    fclose(f);
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_INPUT);
    diag_format(&d, msg, sizeof msg);
    snprintf(want, sizeof want,
             "%s/points.csv: error: no row for point 3 of scenario 's', metric 'm', step 5", dir);
    assert_string_equal(msg, want);

    /* a design that cannot be Saltelli's */
    s.method = SWEEP_SOBOL;
    diag_init(&d);
    assert_int_equal(sweep_analyse_spec(dir, &s, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "4 points are not a Saltelli design of 1 factors");
    assert_int_equal(access_in(dir, "sensitivity.csv"), -1);
}

/* A real Saltelli sweep of the broker example over a parameter it uses and
 * one it ignores (strikes' leader_kill: the scenario has no strikes), with
 * common random numbers: the ignored factor's S1 and ST are 0 with an
 * interval [0, 0] that covers 0; the other's ST is positive; the plot of the
 * directory has the Sobol and response charts. */
static void test_real_sweep(void **state)
{
    const char *dir = *state;
    char cwd[512], out[700];
    assert_non_null(getcwd(cwd, sizeof cwd));
    FILE *f = create(dir, "x.yaml");
    fprintf(f,
            "name: ignored\nscenarios: [%s/scenarios/examples/broker.yaml]\nfactors:\n"
            "  - {key: model.broker.rivalry, range: [0.1, 0.9]}\n"
            "  - {key: model.strikes.leader_kill, range: [0.1, 0.9]}\n"
            "design: {method: sobol, samples: 8, seed: 2}\nreplicas: 4\ncommon_random_numbers: true\n"
            "metrics: [weighted_fragmentation]\ndiscovery: {metric: weighted_fragmentation, op: \">\", "
            "threshold: 0.3}\n",
            cwd);
    fclose(f);
    snprintf(out, sizeof out, "%s/x.yaml", dir);
    char outdir[700];
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    struct scenario_limits lim;
    scenario_limits_default(&lim);
    struct sweep_request req = {.experiment = out,
                                .outdir = outdir,
                                .limits = &lim,
                                .threads = 1,
                                .version = "test",
                                .commit = "test"};
    struct diag d;
    diag_init(&d);
    if (sweep_execute(&req, NULL, NULL, &d) != DIAG_OK)
        fail_msg("sweep: %s", d.msg);
    struct experiment e;
    assert_int_equal(experiment_load(out, &e, &d), DIAG_OK);
    int rc = sweep_analyse(outdir, &e, NULL, NULL, &d);
    experiment_destroy(&e);
    if (rc)
        fail_msg("analyse: %s", d.msg);
    load(outdir, "sensitivity.csv");
    assert_int_equal(n_rows, 6);
    for (int c = 4; c <= 6; c++) {
        assert_string_equal(index_row("model.strikes.leader_kill", "ST")->f[c], "0");
        assert_string_equal(index_row("model.strikes.leader_kill", "S1")->f[c], "0");
    }
    assert_true(num(index_row("model.broker.rivalry", "ST")->f[4]) > 0);
    assert_string_equal(index_row("*", "noise_share")->f[7], "broker-example");
    assert_int_equal(access_in(outdir, "discovery.csv"), 0);
    assert_true(plotted(outdir, "sobol", "sobol_broker-example_weighted_fragmentation_step24"));
    assert_true(plotted(outdir, "sobol", "response_broker-example_weighted_fragmentation_step24"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_factorial_linear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_morris_ignored_factor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sobol_ignored_factor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_noise_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_discovery_known_box, setup, teardown),
        cmocka_unit_test_setup_teardown(test_discovery_one_scenario, setup, teardown),
        cmocka_unit_test_setup_teardown(test_series_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_sweep, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
