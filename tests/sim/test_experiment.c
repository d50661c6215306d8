/* tests/sim/test_experiment.c - experiment files: every field of the good ones, the malformed
 * corpus, and the mapping of design coordinates u to factor values and --set overrides.
 *
 * Expected values are read off tests/fixtures/experiments/good by hand; every
 * file in tests/fixtures/experiments/bad must be refused with exactly its
 * `# expect:` message at its `# at:` position (the corpus is loaded from
 * inside that directory, as a user in it would). Run from the repository root.
 */
#include "sim/sweep/experiment.h"

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <igraph.h>

#include "sim/engine/measure.h"
#include "tests/testutil.h"

#define GOOD "tests/fixtures/experiments/good/"
#define BAD "tests/fixtures/experiments/bad/"

/* Tolerance for values parsed from decimal text, and for inverse CDFs. */
#define EPS 1e-12
#define CDF_EPS 1e-9

static void load_ok(struct experiment *e, const char *path)
{
    struct diag d;
    diag_init(&d);
    if (experiment_load(path, e, &d) != DIAG_OK)
        fail_msg("%s: %s:%d:%d: %s", path, d.file, d.line, d.col, d.msg);
}

static size_t factor(const struct experiment *e, const char *name)
{
    for (size_t j = 0; j < e->n_factors; j++)
        if (!strcmp(e->factors[j].name, name))
            return j;
    fail_msg("no factor '%s'", name);
    return 0;
}

/* The value of factor j at u: its design.csv text and its one --set VALUE. */
static const char *text_at(const struct experiment *e, size_t j, double u, struct factor_value *v)
{
    assert_int_equal(experiment_factor_value(e, j, u, v), 0);
    return experiment_value_text(e, j, v);
}

static const char *set_at(const struct experiment *e, size_t j, double u, struct factor_value *v)
{
    struct scenario_set s[2];
    assert_int_equal(experiment_factor_value(e, j, u, v), 0);
    assert_int_equal(experiment_factor_sets(e, j, v, s, 2), 1);
    assert_string_equal(s[0].key, e->factors[j].key);
    return s[0].value;
}

/* Event metrics (docs/OUTPUTS.md) are experiment metrics like the others,
 * ties_dissolved_step among them: metric 33, past a 32-bit mask. */
static void test_experiment_event_metrics(void **state)
{
    (void)state;
    struct experiment e;
    load_ok(&e, GOOD "events.yaml");
    assert_int_equal(METRIC_TIES_DISSOLVED_STEP, 33);
    assert_true(e.metrics == (METRIC_BIT(METRIC_TIES_DISSOLVED_STEP) | METRIC_BIT(METRIC_FRONTS_CREATED) |
                              METRIC_BIT(METRIC_LEFT_INITIAL_PATRON)));
    assert_int_equal(e.discovery.metric, METRIC_TIES_DISSOLVED_STEP);
    experiment_destroy(&e);
}

static void test_experiment_full(void **state)
{
    (void)state;
    struct experiment e;
    load_ok(&e, GOOD "full.yaml");
    assert_string_equal(e.name, "succession-by-rivalry");
    assert_string_equal(e.description, "Does rivalry between patrons decide who inherits a leader's ties?");
    assert_string_equal(e.path, GOOD "full.yaml");
    assert_int_equal(e.n_scenarios, 2);
    assert_string_equal(e.scenarios[0], GOOD "../../good/basic.yaml");
    assert_string_equal(e.scenarios[1], GOOD "../scenarios/small.yaml");
    assert_int_equal(e.replicas, 20);
    assert_int_equal(e.common_random_numbers, 1);
    assert_true(e.seed == 42);
    assert_int_equal(e.metrics, METRIC_BIT(METRIC_FRAGMENTATION) | METRIC_BIT(METRIC_PATRON_ENTROPY));
    assert_int_equal(e.n_steps, 2);
    assert_int_equal(e.steps[0], 0); /* sorted */
    assert_int_equal(e.steps[1], 12);
    assert_int_equal(e.discovery.metric, METRIC_FRAGMENTATION);
    assert_int_equal(e.discovery.step, 12);
    assert_int_equal(e.discovery.op, DISCOVERY_GE);
    assert_close(e.discovery.threshold, 0.2, EPS);
    /* sobol, N = 16, second order over 11 factors: N (2k + 2) points */
    assert_int_equal(e.design.method, EXPERIMENT_SOBOL);
    assert_string_equal(experiment_method_name(e.design.method), "sobol");
    assert_int_equal(e.design.samples, 16);
    assert_int_equal(e.design.second_order, 1);
    assert_true(e.design.seed == 7);
    assert_int_equal(e.n_factors, 11);
    assert_int_equal(e.design.points, 16 * (2 * 11 + 2));

    const struct factor *f = &e.factors[0];
    assert_string_equal(f->name, "model.succession.share");
    assert_string_equal(f->key, "model.succession.share");
    assert_int_equal(f->kind, FACTOR_RANGE);
    assert_int_equal(f->type, FACTOR_REAL);
    assert_close(f->lo, 0.1, EPS);
    assert_close(f->hi, 0.9, EPS);
    assert_int_equal(f->line, 6);
    assert_int_equal(f->col, 5);
    f = &e.factors[1];
    assert_int_equal(f->kind, FACTOR_LEVELS);
    assert_int_equal(f->type, FACTOR_REAL);
    assert_int_equal(f->n_levels, 3);
    assert_string_equal(f->levels[1].text, "0.3");
    assert_close(f->levels[2].x, 0.5, EPS);
    f = &e.factors[2];
    assert_int_equal(f->kind, FACTOR_TRIANGULAR);
    assert_close(f->lo, 0.2, EPS);
    assert_close(f->mode, 0.5, EPS);
    assert_close(f->hi, 0.9, EPS);
    f = &e.factors[3];
    assert_int_equal(f->type, FACTOR_BOOL);
    assert_string_equal(f->levels[0].yaml, "true");
    assert_string_equal(f->levels[1].yaml, "false");
    assert_close(f->levels[1].x, 0, EPS);
    /* integers: by the parameter table (splinter.max), by the probe (pressures.2.from) */
    assert_int_equal(e.factors[4].type, FACTOR_INTEGER);
    assert_int_equal(e.factors[5].type, FACTOR_INTEGER);
    assert_int_equal(e.factors[0].type, FACTOR_REAL);
    /* normal truncated to the parameter's range, or to the bounds given */
    f = &e.factors[6];
    assert_int_equal(f->kind, FACTOR_NORMAL);
    assert_close(f->mean, 0.2, EPS);
    assert_close(f->sd, 0.1, EPS);
    assert_close(f->lo, 0, EPS);
    assert_close(f->hi, 1, EPS);
    assert_close(e.factors[7].lo, 0.05, EPS);
    assert_close(e.factors[7].hi, 0.6, EPS);
    assert_int_equal(e.factors[8].kind, FACTOR_UNIFORM);
    /* strings: the text as written; quoted ones stay quoted for --set */
    f = &e.factors[9];
    assert_int_equal(f->type, FACTOR_STRING);
    assert_string_equal(f->levels[0].yaml, "strength");
    assert_string_equal(f->levels[1].text, "degree");
    assert_string_equal(f->levels[1].yaml, "\"degree\"");
    /* alternatives: named override sets, in file order; a null one sets nothing */
    f = &e.factors[10];
    assert_string_equal(f->name, "structure");
    assert_null(f->key);
    assert_int_equal(f->kind, FACTOR_ALTERNATIVES);
    assert_int_equal(f->type, FACTOR_SWITCH);
    assert_int_equal(f->n_alts, 3);
    assert_string_equal(f->alts[0].name, "with_drift");
    assert_int_equal(f->alts[0].n_sets, 2);
    assert_string_equal(f->alts[0].sets[0].key, "model.alignment.drift");
    assert_string_equal(f->alts[0].sets[0].value, "0.3");
    assert_string_equal(f->alts[0].sets[1].key, "model.broker.relax");
    assert_string_equal(f->alts[1].name, "without_drift");
    assert_int_equal(f->alts[1].n_sets, 1);
    assert_string_equal(f->alts[2].name, "as_written");
    assert_int_equal(f->alts[2].n_sets, 0);
    experiment_destroy(&e);
    experiment_destroy(&e); /* destroying twice is safe */
}

static void test_experiment_defaults(void **state)
{
    (void)state;
    struct experiment e;
    load_ok(&e, GOOD "minimal.yaml");
    assert_string_equal(e.description, "");
    assert_true(e.seed == 1);
    assert_true(e.design.seed == 1);
    assert_int_equal(e.common_random_numbers, 0); /* each point its own streams */
    assert_int_equal(e.design.method, EXPERIMENT_LHS);
    assert_int_equal(e.design.samples, 10);
    assert_int_equal(e.design.points, 10);
    /* metrics: those the scenario measures (its outputs.metrics) */
    assert_int_equal(e.metrics, METRIC_BIT(METRIC_NODES) | METRIC_BIT(METRIC_FRAGMENTATION) |
                                    METRIC_BIT(METRIC_PATRON_ENTROPY));
    assert_int_equal(e.n_steps, 0);
    assert_null(e.steps);
    assert_int_equal(e.discovery.metric, -1);
    experiment_destroy(&e);

    load_ok(&e, GOOD "factorial.yaml");
    assert_int_equal(e.design.method, EXPERIMENT_FACTORIAL);
    assert_int_equal(e.design.levels, 5);
    assert_int_equal(e.design.points, 5 * 2 * 5); /* levels factors keep their own count */
    experiment_destroy(&e);

    load_ok(&e, GOOD "morris.yaml");
    assert_int_equal(e.design.method, EXPERIMENT_MORRIS);
    assert_int_equal(e.design.trajectories, 10);
    assert_int_equal(e.design.levels, 4);
    assert_int_equal(e.design.points, 10 * 3);
    /* no steps: the discovery step is the last step of each scenario */
    assert_int_equal(e.discovery.metric, METRIC_NODES);
    assert_int_equal(e.discovery.step, -1);
    assert_int_equal(e.discovery.op, DISCOVERY_LT);
    experiment_destroy(&e);
}

/* One malformed file: "# expect: MSG" then "# at: [FILE:]LINE:COL" (FILE relative to BAD). */
static void check_bad(const char *name)
{
    char line1[1024], line2[512], want_file[512];
    struct experiment e;
    struct diag d;
    FILE *f = fopen(name, "r");
    if (!f)
        fail_msg("cannot open %s", name);
    if (!fgets(line1, sizeof line1, f) || !fgets(line2, sizeof line2, f))
        fail_msg("%s: no header", name);
    fclose(f);
    line1[strcspn(line1, "\n")] = '\0';
    line2[strcspn(line2, "\n")] = '\0';
    if (strncmp(line1, "# expect: ", 10) != 0 || strncmp(line2, "# at: ", 6) != 0)
        fail_msg("%s: header must be '# expect: ...' then '# at: ...'", name);
    const char *expect = line1 + 10, *at = line2 + 6, *colon = strrchr(at, ':'), *colon2 = NULL;
    for (const char *p = at; p < colon; p++)
        if (*p == ':')
            colon2 = p;
    int want_line = atoi(colon2 ? colon2 + 1 : at), want_col = atoi(colon + 1);
    if (colon2)
        snprintf(want_file, sizeof want_file, "%.*s", (int)(colon2 - at), at);
    else
        snprintf(want_file, sizeof want_file, "%s", name);
    diag_init(&d);
    int rc = experiment_load(name, &e, &d);
    if (rc != DIAG_INPUT || strcmp(d.msg, expect) != 0 || strcmp(d.file, want_file) != 0 ||
        d.line != want_line || d.col != want_col)
        fail_msg("%s: got code %d at %s:%d:%d: %s\n  want code 2 at %s:%d:%d: %s", name, rc, d.file, d.line,
                 d.col, d.msg, want_file, want_line, want_col, expect);
    /* a failed load leaves e destroyed */
    assert_null(e.name);
    assert_int_equal(e.n_factors, 0);
    experiment_destroy(&e);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_experiment_corpus(void **state)
{
    (void)state;
    char cwd[4096];
    char **names = NULL;
    size_t n = 0;
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(BAD), 0);
    DIR *dir = opendir(".");
    struct dirent *ent;
    assert_non_null(dir);
    while ((ent = readdir(dir)) != NULL) {
        size_t len = strlen(ent->d_name);
        if (len < 6 || strcmp(ent->d_name + len - 5, ".yaml") != 0)
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(names);
        assert_non_null(names[n] = strdup(ent->d_name));
        n++;
    }
    closedir(dir);
    qsort(names, n, sizeof *names, name_cmp);
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        check_bad(names[i]);
        free(names[i]);
    }
    free(names);
    assert_int_equal(chdir(cwd), 0);
}

/* The example of docs/FORMAT.md, "Experiment files", as the page shows it:
 * written next to a link to the shipped scenarios/post_soleimani, which its
 * scenarios path names. */
static void test_experiment_format_example(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/infnet-experiment-XXXXXX", dir[64], link[64], path[80];
    char *doc = NULL, *target = realpath("scenarios/post_soleimani", NULL);
    size_t len = 0;
    assert_non_null(target);
    assert_non_null(mkdtemp(tmpl));
    snprintf(dir, sizeof dir, "%s/x", tmpl);
    snprintf(link, sizeof link, "%s/post_soleimani", tmpl);
    snprintf(path, sizeof path, "%s/exp.yaml", dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(symlink(target, link), 0);
    FILE *f = fopen("docs/FORMAT.md", "r");
    assert_non_null(f);
    assert_int_equal(getdelim(&doc, &len, '\0', f) > 0, 1);
    fclose(f);
    const char *sec = strstr(doc, "## Experiment files"), *a, *b;
    assert_non_null(sec);
    assert_non_null(a = strstr(sec, "```yaml\n"));
    a += 8;
    assert_non_null(b = strstr(a, "```"));
    assert_non_null(f = fopen(path, "w"));
    assert_int_equal(fwrite(a, 1, (size_t)(b - a), f), (size_t)(b - a));
    fclose(f);

    struct experiment e;
    struct factor_value v;
    load_ok(&e, path);
    assert_string_equal(e.name, "succession-by-rivalry");
    assert_int_equal(e.n_factors, 6);
    size_t j = factor(&e, "pressures.1.at"); /* an integer by the probe: 'at' refuses 3.5 */
    assert_int_equal(e.factors[j].type, FACTOR_INTEGER);
    assert_string_equal(set_at(&e, j, 0.5, &v), "3");
    assert_int_equal(e.design.points, 64 * 8); /* N (k + 2) */
    assert_int_equal(e.discovery.step, 36);
    assert_int_equal(e.discovery.op, DISCOVERY_GT);
    experiment_destroy(&e);

    unlink(path);
    unlink(link);
    rmdir(dir);
    rmdir(tmpl);
    free(doc);
    free(target);
}

static void test_experiment_missing_file(void **state)
{
    (void)state;
    struct experiment e;
    struct diag d;
    diag_init(&d);
    assert_int_equal(experiment_load(GOOD "nope.yaml", &e, &d), DIAG_INPUT);
    assert_string_equal(d.file, GOOD "nope.yaml");
    assert_null(e.name);
}

static void test_experiment_map_range(void **state)
{
    (void)state;
    struct experiment e;
    struct factor_value v;
    load_ok(&e, GOOD "full.yaml");
    /* real: lo + u (hi - lo) */
    size_t j = factor(&e, "model.succession.share");
    assert_string_equal(set_at(&e, j, 0, &v), "0.1");
    assert_close(v.x, 0.1, EPS);
    assert_string_equal(set_at(&e, j, 0.5, &v), "0.5");
    assert_string_equal(set_at(&e, j, 1, &v), "0.9");
    assert_int_equal(experiment_factor_value(&e, j, 0.25, &v), 0);
    assert_close(v.x, 0.1 + 0.25 * 0.8, EPS);
    /* integer [0, 4]: lo + floor(u (hi - lo + 1)), every whole number a fifth of [0, 1) */
    j = factor(&e, "model.splinter.max");
    assert_string_equal(set_at(&e, j, 0, &v), "0");
    assert_string_equal(set_at(&e, j, 0.199, &v), "0");
    assert_string_equal(set_at(&e, j, 0.2, &v), "1");
    assert_string_equal(set_at(&e, j, 0.5, &v), "2");
    assert_string_equal(set_at(&e, j, 0.9999, &v), "4");
    assert_string_equal(set_at(&e, j, 1, &v), "4");
    assert_close(v.x, 4, 0);
    j = factor(&e, "pressures.2.from");
    assert_string_equal(set_at(&e, j, 0.35, &v), "4"); /* 1 + floor(0.35 * 10) */
    /* u outside [0, 1], NaN, or no such factor */
    assert_int_equal(experiment_factor_value(&e, 0, -0.001, &v), -1);
    assert_int_equal(experiment_factor_value(&e, 0, 1.001, &v), -1);
    assert_int_equal(experiment_factor_value(&e, 0, NAN, &v), -1);
    assert_int_equal(experiment_factor_value(&e, e.n_factors, 0.5, &v), -1);
    experiment_destroy(&e);
}

static void test_experiment_map_levels(void **state)
{
    (void)state;
    struct experiment e;
    struct factor_value v;
    struct scenario_set s[4];
    load_ok(&e, GOOD "full.yaml");
    /* floor(u n): [0, 1/3) the first of 3, u = 1 the last */
    size_t j = factor(&e, "model.broker.rivalry");
    assert_string_equal(text_at(&e, j, 0, &v), "0.1");
    assert_int_equal(v.level, 0);
    assert_string_equal(text_at(&e, j, 0.3333, &v), "0.1");
    assert_string_equal(text_at(&e, j, 0.3334, &v), "0.3");
    assert_string_equal(text_at(&e, j, 0.99, &v), "0.5");
    assert_string_equal(text_at(&e, j, 1, &v), "0.5");
    assert_int_equal(v.level, 2);
    assert_close(v.x, 0.5, EPS);
    j = factor(&e, "model.dynamics");
    assert_string_equal(set_at(&e, j, 0.49, &v), "true");
    assert_close(v.x, 1, 0);
    assert_string_equal(set_at(&e, j, 0.5, &v), "false");
    assert_string_equal(text_at(&e, j, 0.5, &v), "false");
    j = factor(&e, "pressures.2.by");
    assert_string_equal(set_at(&e, j, 0.5, &v), "\"degree\"");
    assert_string_equal(text_at(&e, j, 0.5, &v), "degree");
    /* alternatives: every override of the one chosen */
    j = factor(&e, "structure");
    assert_string_equal(text_at(&e, j, 0.1, &v), "with_drift");
    assert_int_equal(experiment_factor_sets(&e, j, &v, s, 4), 2);
    assert_string_equal(s[0].key, "model.alignment.drift");
    assert_string_equal(s[0].value, "0.3");
    assert_string_equal(s[1].key, "model.broker.relax");
    assert_string_equal(s[1].value, "0.5");
    assert_int_equal(experiment_factor_sets(&e, j, &v, s, 1), 2); /* the count, even when max is less */
    assert_string_equal(text_at(&e, j, 0.5, &v), "without_drift");
    assert_int_equal(experiment_factor_sets(&e, j, &v, s, 4), 1);
    assert_string_equal(s[0].value, "0");
    assert_string_equal(text_at(&e, j, 1, &v), "as_written");
    assert_int_equal(experiment_factor_sets(&e, j, &v, s, 4), 0);
    experiment_destroy(&e);
}

/* The CDF of the normal (mean, sd) truncated to [lo, hi] at x, by the
 * definition (lower tail): the reference the inverse is checked against. */
static double truncated_cdf(double x, double mean, double sd, double lo, double hi)
{
    double pa = gsl_cdf_gaussian_P(lo - mean, sd), pb = gsl_cdf_gaussian_P(hi - mean, sd);
    return (gsl_cdf_gaussian_P(x - mean, sd) - pa) / (pb - pa);
}

static void test_experiment_map_distributions(void **state)
{
    (void)state;
    struct experiment e;
    struct factor_value v;
    load_ok(&e, GOOD "full.yaml");
    /* uniform [0.25, 1.5] */
    size_t j = factor(&e, "model.money.need");
    assert_string_equal(set_at(&e, j, 0.25, &v), "0.5625");
    assert_string_equal(set_at(&e, j, 1, &v), "1.5");
    /* triangular (0.2, 0.5, 0.9): F(mode) = 0.3 / 0.7; by hand at u = 0.5 above it:
     * 0.9 - sqrt(0.5 x 0.7 x 0.4) = 0.9 - sqrt(0.14); at u = 0.2 below it: 0.2 + sqrt(0.2 x 0.7 x 0.3) */
    j = factor(&e, "pressures.1.intensity");
    assert_int_equal(experiment_factor_value(&e, j, 0.5, &v), 0);
    assert_close(v.x, 0.9 - sqrt(0.14), EPS);
    assert_int_equal(experiment_factor_value(&e, j, 0.2, &v), 0);
    assert_close(v.x, 0.2 + sqrt(0.042), EPS);
    assert_int_equal(experiment_factor_value(&e, j, 0.3 / 0.7, &v), 0);
    assert_close(v.x, 0.5, 1e-9);
    assert_string_equal(set_at(&e, j, 0, &v), "0.2");
    assert_string_equal(set_at(&e, j, 1, &v), "0.9");
    /* normal (0.2, 0.1) truncated to [0, 1] (the parameter's range), and
     * (0.3, 0.2) to the bounds given [0.05, 0.6]: inside the bounds, increasing,
     * and the truncated CDF at the value gives u back */
    static const char *const names[] = {"model.alignment.rate", "pressures.2.severity"};
    for (size_t k = 0; k < 2; k++) {
        j = factor(&e, names[k]);
        const struct factor *f = &e.factors[j];
        double prev = -HUGE_VAL;
        for (int i = 0; i <= 1000; i++) {
            double u = i / 1000.0;
            assert_int_equal(experiment_factor_value(&e, j, u, &v), 0);
            assert_true(v.x >= f->lo && v.x <= f->hi);
            assert_true(v.x >= prev);
            prev = v.x;
            if (i > 0 && i < 1000)
                assert_close(truncated_cdf(v.x, f->mean, f->sd, f->lo, f->hi), u, CDF_EPS);
        }
        assert_string_equal(set_at(&e, j, 0, &v), k ? "0.05" : "0");
    }
    assert_string_equal(set_at(&e, factor(&e, "pressures.2.severity"), 1, &v), "0.6");
    experiment_destroy(&e);
}

static void test_experiment_map_tails_and_integers(void **state)
{
    (void)state;
    struct experiment e;
    struct factor_value v;
    load_ok(&e, GOOD "tails.yaml");
    /* normal (-0.5, 0.1) on [0, 1]: the bounds are 5 sd above the mean, where
     * the lower-tail CDF is 1 - 3e-7; the upper tail keeps the precision */
    size_t j = factor(&e, "model.succession.share");
    double prev = -HUGE_VAL;
    for (int i = 0; i <= 1000; i++) {
        double u = i / 1000.0;
        assert_int_equal(experiment_factor_value(&e, j, u, &v), 0);
        assert_true(v.x >= 0 && v.x <= 1);
        assert_true(v.x >= prev);
        prev = v.x;
        if (i > 0 && i < 1000) {
            double qa = gsl_cdf_gaussian_Q(0.5, 0.1), q = gsl_cdf_gaussian_Q(v.x + 0.5, 0.1);
            assert_close((qa - q) / qa, u, CDF_EPS); /* Q(1.5) is 0 to double precision */
        }
    }
    /* the tail beyond 5 sd is nearly exponential with rate 5 / 0.1 = 50 per
     * unit: its median is a little below ln 2 / 50 = 0.0139 */
    assert_int_equal(experiment_factor_value(&e, j, 0.5, &v), 0);
    assert_true(v.x > 0.012 && v.x < 0.0139);
    /* normal (1.2, 0.1) on [0, 1], below the mean */
    j = factor(&e, "model.broker.rivalry");
    assert_int_equal(experiment_factor_value(&e, j, 0.5, &v), 0);
    assert_true(v.x > 0.9 && v.x < 1);
    /* integer distributions: rounded to the nearest whole number, within bounds */
    j = factor(&e, "model.splinter.max");
    assert_int_equal(e.factors[j].type, FACTOR_INTEGER);
    for (int i = 0; i <= 100; i++) {
        double u = i / 100.0, w = 5, x;
        x = u * w < 1 ? sqrt(u * w * 1) : 5 - sqrt((1 - u) * w * 4); /* triangular (0, 1, 5) */
        assert_int_equal(experiment_factor_value(&e, j, u, &v), 0);
        assert_close(v.x, round(x), 0);
        char want[8];
        snprintf(want, sizeof want, "%.0f", round(x));
        assert_string_equal(experiment_value_text(&e, j, &v), want);
    }
    j = factor(&e, "model.fronts.max");
    for (int i = 0; i <= 100; i++) {
        assert_int_equal(experiment_factor_value(&e, j, i / 100.0, &v), 0);
        assert_true(v.x >= 0 && v.x <= 4 && v.x == floor(v.x));
    }
    assert_string_equal(set_at(&e, j, 0, &v), "0");
    assert_string_equal(set_at(&e, j, 0.5, &v), "2");
    assert_string_equal(set_at(&e, j, 1, &v), "4");
    experiment_destroy(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_experiment_full),
        cmocka_unit_test(test_experiment_event_metrics),
        cmocka_unit_test(test_experiment_defaults),
        cmocka_unit_test(test_experiment_corpus),
        cmocka_unit_test(test_experiment_format_example),
        cmocka_unit_test(test_experiment_missing_file),
        cmocka_unit_test(test_experiment_map_range),
        cmocka_unit_test(test_experiment_map_levels),
        cmocka_unit_test(test_experiment_map_distributions),
        cmocka_unit_test(test_experiment_map_tails_and_integers),
    };
    /* scenarios that import GraphML need igraph's C attribute handler, as main() installs it */
    igraph_set_attribute_table(&igraph_cattribute_table);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
