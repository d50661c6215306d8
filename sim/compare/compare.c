/* sim/compare/compare.c - `infnet compare`: read output directories, refuse what cannot be compared, test,
 * write.
 *
 * Stages: (1) classify the inputs (output directory or scenario file) and
 * refuse a bad one before anything runs, scenario files of different
 * lengths included (they are loaded, not run, to tell); (2) run the
 * scenario files, each into OUTDIR/runs/<base name>; (3) read every
 * directory: meta.json (required; an interrupted run is refused, the
 * tables are checked against its scenarios and replicas), summary.csv (the
 * grid of steps and metrics, with n, mean and sd per cell), final.csv (every
 * replica's value at the last step) and, when present, replicas.csv (every
 * replica at every step);
 * (4) check that all scenarios recorded the same steps and metrics; (5) for
 * each B, each metric of A (in A's summary.csv order) and each step, compare
 * per-replica values (rank test) where both sides have them, else summary
 * statistics (Welch's t test); Holm-adjust the last-step p-values of each B;
 * (6) write comparison.csv atomically, then print the last-step table.
 * summary.csv, final.csv and meta.json are read and checked by
 * sim/output/results (as `infnet plot` reads them), replicas.csv by the
 * declaration of sim/output/schema, so that every refusal names the file,
 * line and column. Everything read is owned by the struct cmp of one call and
 * freed before compare_execute() returns.
 * Includes: sim/ (run, scenario, atomicfile, results, schema, grow), analysis/compare.
 */
#include "sim/compare/compare.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_statistics_double.h>
#include <jansson.h>

#include "analysis/compare.h"
#include "sim/engine/checkpoint.h"
#include "sim/engine/measure.h"
#include "sim/engine/weightonly.h"
#include "sim/engine/run.h"
#include "sim/load/scenario.h"
#include "sim/output/atomicfile.h"
#include "sim/output/csvin.h"
#include "sim/output/csvout.h"
#include "sim/output/outdir.h"
#include "sim/output/results.h"
#include "sim/output/schema.h"
#include "sim/util/grow.h"

/* Holm-adjusted p below which the table marks a difference with '*' (the
 * conventional 5% family-wise error rate). */
#define TABLE_ALPHA 0.05
/* Significant digits of the numbers in the printed table (comparison.csv has them all). */
#define TABLE_DIGITS 4
/* Longest cell of the printed table, and of one number in it ("%.4g" needs at most 11). */
#define TABLE_CELL 64
#define TABLE_NUM 24
/* Columns of the printed table. */
#define TABLE_COLS 10

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A growing array of values (one metric at one step, one per replica) and
 * the replica each came from (paired comparisons match them). */
struct series {
    double *v;
    long *rep;
    size_t n, cap, cap_rep;
};

struct source;

/* One scenario of one directory: its grid (owned by the source's results)
 * and the per-replica values gathered from final.csv and replicas.csv. */
struct scen {
    const char *name;
    const struct source *src;
    char *const *metrics; /* in the order of summary.csv */
    int n_metrics;
    const int *steps; /* ascending */
    int n_steps;
    const struct results_cell *cells; /* n_steps x n_metrics */
    struct series *final;             /* per metric: the defined values at the last step */
    struct series *reps;              /* n_steps x n_metrics, when src->has_replicas */
};

/* One output directory (given, or where a scenario file was run). */
struct source {
    const char *input; /* as given */
    char *dir;
    int is_file; /* a scenario file, run into dir */
    int has_replicas;
    struct results res; /* its summary.csv and final.csv */
    int first, count;   /* its scenarios: sc[first .. first+count) */
};

struct cmp {
    struct diag *d;
    struct source *src;
    int n_src;
    struct scen *sc;
    int n_sc, cap_sc;
};

/* ---- small helpers ------------------------------------------------------- */

static int oom(struct diag *d)
{
    return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
}

static int series_add(struct series *s, double x, long replica)
{
    if (grow_array((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v) ||
        grow_array((void **)&s->rep, &s->cap_rep, s->n + 1, sizeof *s->rep))
        return -1;
    s->v[s->n] = x;
    s->rep[s->n++] = replica;
    return 0;
}

static void series_free(struct series *s)
{
    free(s->v);
    free(s->rep);
}

static char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A scenario file: a name ending in .yaml or .yml. */
static int has_yaml_ext(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml"));
}

/* The base name of path without its extension, malloc'd. */
static char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = '\0';
    }
    return s;
}

static int index_of(char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return i;
    return -1;
}

/* ---- one directory ------------------------------------------------------- */

/* What the replicas.csv row callback is given (schema_user). */
struct reading {
    struct cmp *c;
    struct source *src; /* the directory being read */
};

static int replicas_row(struct csvin_reader *r, const struct schema_field *v)
{
    const struct reading *rd = schema_user(r);
    const struct source *src = rd->src;
    int i = results_scenario_index(&src->res, v[REPLICAS_SCENARIO].text);
    if (i < 0)
        return csvin_fail(r, REPLICAS_SCENARIO, "scenario '%s' is not in %s/summary.csv",
                          v[REPLICAS_SCENARIO].text, src->dir);
    struct scen *s = &rd->c->sc[src->first + i];
    int m = index_of(s->metrics, s->n_metrics, v[REPLICAS_METRIC].text);
    if (m < 0)
        return csvin_fail(r, REPLICAS_METRIC, "metric '%s' of scenario '%s' is not in %s/summary.csv",
                          v[REPLICAS_METRIC].text, s->name, src->dir);
    int step = (int)v[REPLICAS_STEP].whole;
    int t = results_step_index(&src->res.sc[i], step);
    if (t < 0)
        return csvin_fail(r, REPLICAS_STEP, "step %d of scenario '%s' is not in summary.csv", step, s->name);
    double x = v[REPLICAS_VALUE].number;
    if (isfinite(x) && series_add(&s->reps[(size_t)t * (size_t)s->n_metrics + (size_t)m], x,
                                  (long)v[REPLICAS_REPLICA].whole))
        return oom(rd->c->d);
    return DIAG_OK;
}

/* Each series must hold as many values as summary.csv counts in its cell. */
static int check_counts(struct cmp *c, const struct scen *s, const struct series *v, int t, const char *path)
{
    const struct results_cell *cl = &s->cells[(size_t)t * (size_t)s->n_metrics];
    for (int m = 0; m < s->n_metrics; m++)
        if (v[m].n != cl[m].n)
            return diag_set(
                c->d, DIAG_INPUT, path, 0, 0,
                "%zu values of metric '%s' for scenario '%s' at step %d, but summary.csv counts %zu "
                "(line %ld); the files are not from the same run",
                v[m].n, s->metrics[m], s->name, s->steps[t], cl[m].n, cl[m].line);
    return DIAG_OK;
}

/* The scenarios of src's results, appended to c->sc, with their last-step values. */
static int add_scenarios(struct cmp *c, struct source *src)
{
    const struct results *res = &src->res;
    size_t cap = (size_t)c->cap_sc;
    if (grow_array((void **)&c->sc, &cap, (size_t)c->n_sc + (size_t)res->n_sc, sizeof *c->sc))
        return oom(c->d);
    c->cap_sc = (int)cap;
    src->first = c->n_sc;
    for (int i = 0; i < res->n_sc; i++) {
        const struct results_scenario *rs = &res->sc[i];
        struct scen *s = &c->sc[c->n_sc++];
        memset(s, 0, sizeof *s);
        src->count++;
        s->name = rs->name;
        s->src = src;
        s->metrics = rs->metrics;
        s->n_metrics = rs->n_metrics;
        s->steps = rs->steps;
        s->n_steps = rs->n_steps;
        s->cells = rs->cells;
        if (!(s->final = calloc((size_t)s->n_metrics, sizeof *s->final)))
            return oom(c->d);
    }
    for (size_t j = 0; j < res->n_final; j++) {
        const struct results_value *v = &res->final[j];
        if (isfinite(v->value) &&
            series_add(&c->sc[src->first + v->scen].final[v->metric], v->value, v->replica))
            return oom(c->d);
    }
    return DIAG_OK;
}

static int read_source(struct cmp *c, struct source *src)
{
    char *summary = path_join(src->dir, "summary.csv"), *final = path_join(src->dir, "final.csv");
    char *replicas = path_join(src->dir, "replicas.csv");
    struct reading rd = {c, src};
    int rc = DIAG_OK;
    src->first = c->n_sc;
    src->count = 0;
    if (!summary || !final || !replicas) {
        rc = oom(c->d);
        goto done;
    }
    if ((rc = results_read_meta(&src->res, src->dir, c->d)))
        goto done;
    if (!is_file(summary) || !is_file(final)) {
        rc =
            diag_set(c->d, DIAG_INPUT, NULL, 0, 0, "'%s' has no %s: not the output directory of 'infnet run'",
                     src->dir, is_file(summary) ? "final.csv" : "summary.csv");
        goto done;
    }
    if ((rc = results_read_summary(&src->res, summary, c->d)) ||
        (rc = results_read_final(&src->res, final, c->d)) || (rc = add_scenarios(c, src)))
        goto done;
    src->has_replicas = is_file(replicas);
    if (src->has_replicas) {
        for (int i = src->first; i < src->first + src->count; i++) {
            struct scen *s = &c->sc[i];
            s->reps = calloc((size_t)s->n_steps * (size_t)s->n_metrics, sizeof *s->reps);
            if (!s->reps) {
                rc = oom(c->d);
                goto done;
            }
        }
        if ((rc = schema_read(replicas, &schema_replicas, replicas_row, &rd, c->d)))
            goto done;
        for (int i = src->first; i < src->first + src->count; i++) {
            const struct scen *s = &c->sc[i];
            for (int t = 0; t < s->n_steps && !rc; t++)
                rc = check_counts(c, s, s->reps + (size_t)t * (size_t)s->n_metrics, t, replicas);
            if (rc)
                goto done;
        }
    }
done:
    free(summary);
    free(final);
    free(replicas);
    return rc;
}

/* ---- inputs ------------------------------------------------------------- */

/* Classify every input before anything runs; scenario files get their run directory. */
static int classify(struct cmp *c, const struct compare_request *req, const char *outdir)
{
    for (int i = 0; i < req->n_inputs; i++) {
        struct source *src = &c->src[c->n_src];
        const char *in = req->inputs[i];
        struct stat st;
        src->input = in;
        if (stat(in, &st) != 0)
            return diag_set(c->d, DIAG_INPUT, in, 0, 0,
                            "%s (expected an output directory or a scenario file)",
                            errno == ENOENT ? "no such file or directory" : strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            if (!(src->dir = strdup(in)))
                return oom(c->d);
            c->n_src++;
            int rc = results_check_meta(in, c->d); /* an analysis's directory is named as one */
            if (rc)
                return rc;
            char *summary = path_join(in, "summary.csv");
            if (!summary)
                return oom(c->d);
            int ok = is_file(summary);
            free(summary);
            if (!ok)
                return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                                "'%s' has no summary.csv: not the output directory of 'infnet run'", in);
            continue;
        }
        if (!S_ISREG(st.st_mode) || !has_yaml_ext(in))
            return diag_set(
                c->d, DIAG_INPUT, in, 0, 0,
                "neither an output directory (with summary.csv) nor a scenario file (.yaml, .yml)");
        char *base = base_name(in), *runs = path_join(outdir, "runs");
        src->dir = base && runs ? path_join(runs, base) : NULL;
        free(runs);
        if (!src->dir) {
            free(base);
            return oom(c->d);
        }
        src->is_file = 1;
        c->n_src++;
        for (int j = 0; j < c->n_src - 1; j++)
            if (c->src[j].is_file && !strcmp(c->src[j].dir, src->dir)) {
                int rc = !strcmp(c->src[j].input, in)
                             ? diag_set(c->d, DIAG_INPUT, in, 0, 0,
                                        "given twice: the scenario would be compared with itself (A vs A)")
                             : diag_set(c->d, DIAG_INPUT, in, 0, 0,
                                        "'%s' and '%s' would both run into '%s'; rename one of the files",
                                        c->src[j].input, in, src->dir);
                free(base);
                return rc;
            }
        free(base);
    }
    return DIAG_OK;
}

/* Scenario files that would run for different numbers of steps, or record
 * different steps, cannot be compared: refused after loading them all,
 * before any of them runs (a bad file is refused here too). */
static int check_files_steps(struct cmp *c, const struct compare_request *req,
                             const struct scenario_limits *lim)
{
    struct scenario first, s;
    int have_first = 0, rc = DIAG_OK;
    const char *first_in = NULL;
    memset(&first, 0, sizeof first);
    for (int i = 0; i < c->n_src && !rc; i++) {
        if (!c->src[i].is_file)
            continue;
        if (!have_first) {
            if ((rc = scenario_load(&first, c->src[i].input, req->sets, req->n_sets, lim, c->d)))
                break;
            first_in = c->src[i].input;
            have_first = 1;
            continue;
        }
        memset(&s, 0, sizeof s);
        if ((rc = scenario_load(&s, c->src[i].input, req->sets, req->n_sets, lim, c->d)))
            break;
        if (s.steps != first.steps)
            rc = diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                          "different step counts: '%s' runs %d steps, '%s' runs %d steps; nothing was run",
                          first_in, first.steps, c->src[i].input, s.steps);
        for (int t = 0; !rc && t <= s.steps; t++)
            if (scenario_records(&s, t) != scenario_records(&first, t)) {
                int in_first = scenario_records(&first, t);
                rc =
                    diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                             "different recorded steps: '%s' records step %d, '%s' does not; nothing was run",
                             in_first ? first_in : c->src[i].input, t, in_first ? c->src[i].input : first_in);
            }
        scenario_destroy(&s);
    }
    if (have_first)
        scenario_destroy(&first);
    return rc;
}

/* The same directory given twice (by any path): its scenarios against themselves. */
static int check_same_dir(struct cmp *c)
{
    int rc = DIAG_OK;
    char **real = calloc(c->n_src > 0 ? (size_t)c->n_src : 1, sizeof *real);
    if (!real)
        return oom(c->d);
    for (int i = 0; i < c->n_src && !rc; i++) {
        real[i] = realpath(c->src[i].dir, NULL);
        if (!real[i]) {
            rc = diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "cannot resolve '%s': %s", c->src[i].dir,
                          strerror(errno));
            break;
        }
        for (int j = 0; j < i; j++)
            if (!strcmp(real[i], real[j])) {
                rc = diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                              "'%s' and '%s' are the same directory: scenario '%s' would be compared with "
                              "itself (A vs A)",
                              c->src[j].input, c->src[i].input, c->sc[c->src[i].first].name);
                break;
            }
    }
    for (int i = 0; i < c->n_src; i++)
        free(real[i]);
    free(real);
    return rc;
}

/* Make the scenario called name the reference sc[0]; the others keep their order. */
static int move_reference(struct cmp *c, const char *name)
{
    int r = -1;
    for (int i = 0; i < c->n_sc && r < 0; i++)
        if (!strcmp(c->sc[i].name, name))
            r = i;
    if (r < 0) {
        const char **names = calloc((size_t)c->n_sc + 1, sizeof *names);
        if (!names)
            return oom(c->d);
        for (int i = 0; i < c->n_sc; i++)
            names[i] = c->sc[i].name;
        const char *near = diag_suggest(name, names, (size_t)c->n_sc);
        diag_set(c->d, DIAG_INPUT, NULL, 0, 0, "no scenario named '%s' among the inputs%s%s%s", name,
                 near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        free(names);
        return DIAG_INPUT;
    }
    struct scen ref = c->sc[r];
    memmove(&c->sc[1], &c->sc[0], (size_t)r * sizeof *c->sc);
    c->sc[0] = ref;
    return DIAG_OK;
}

/* Everything must line up with the reference A = sc[0]. */
static int check_comparable(struct cmp *c)
{
    if (c->n_sc < 2)
        return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                        "nothing to compare: %s holds only scenario '%s'; give at least two scenarios",
                        c->src[0].dir, c->sc[0].name);
    const struct scen *a = &c->sc[0];
    for (int i = 1; i < c->n_sc; i++) {
        const struct scen *b = &c->sc[i];
        /* a name twice among the B's would make their rows indistinguishable */
        for (int j = 1; j < i; j++)
            if (!strcmp(c->sc[j].name, b->name))
                return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                                "scenario '%s' appears in both '%s' and '%s'; comparison rows could not tell "
                                "them apart: run one under another name (--set name=...)",
                                b->name, c->sc[j].src->dir, b->src->dir);
        if (b->n_steps != a->n_steps)
            return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                            "different step counts: '%s' (%s) records %d steps (%d to %d), '%s' (%s) records "
                            "%d steps (%d to %d)",
                            a->name, a->src->dir, a->n_steps, a->steps[0], a->steps[a->n_steps - 1], b->name,
                            b->src->dir, b->n_steps, b->steps[0], b->steps[b->n_steps - 1]);
        for (int t = 0; t < a->n_steps; t++)
            if (a->steps[t] != b->steps[t]) {
                int only_a = a->steps[t] < b->steps[t];
                return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                                "different recorded steps: '%s' (%s) records step %d, '%s' (%s) does not",
                                only_a ? a->name : b->name, only_a ? a->src->dir : b->src->dir,
                                only_a ? a->steps[t] : b->steps[t], only_a ? b->name : a->name,
                                only_a ? b->src->dir : a->src->dir);
            }
        for (int pass = 0; pass < 2; pass++) {
            const struct scen *x = pass ? b : a, *y = pass ? a : b;
            for (int m = 0; m < x->n_metrics; m++)
                if (index_of(y->metrics, y->n_metrics, x->metrics[m]) < 0)
                    return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                                    "different metrics: metric '%s' of '%s' (%s) is missing from '%s' (%s)",
                                    x->metrics[m], x->name, x->src->dir, y->name, y->src->dir);
        }
    }
    return DIAG_OK;
}

/* ---- pairing ----------------------------------------------------------------- */

/* Whether B is compared with A replica by replica, and why. */
struct pairing {
    int paired;
    char why[256]; /* for the printed table */
};

static const struct results_meta *scen_meta(const struct scen *s)
{
    for (int i = 0; i < s->src->res.n_meta; i++)
        if (!strcmp(s->src->res.meta[i].name, s->name))
            return &s->src->res.meta[i];
    return NULL;
}

/* Replica i of a and of b drew from the same random stream when the streams'
 * key (the scenario's name, after "posterior\n" for a --posterior run), the
 * seed and the replica count agree (docs/MODEL.md, "Random streams"); a
 * --set variant keeps all three. `mode` forces one or the other; --paired
 * with different replica counts is refused. */
static int decide_pairing(struct cmp *c, const struct scen *a, const struct scen *b, int mode,
                          struct pairing *p)
{
    const struct results_meta *ma = scen_meta(a), *mb = scen_meta(b);
    long ra = ma ? ma->replicas : -1, rb = mb ? mb->replicas : -1;
    memset(p, 0, sizeof *p);
    if (mode == COMPARE_PAIRED) {
        if (ra != rb)
            return diag_set(
                c->d, DIAG_INPUT, NULL, 0, 0,
                "--paired: '%s' (%s) has %ld replicas and '%s' (%s) has %ld; pairs need as many on "
                "both sides",
                a->name, a->src->dir, ra, b->name, b->src->dir, rb);
        p->paired = 1;
        snprintf(p->why, sizeof p->why, "paired (--paired): replica i of each compared with replica i");
        return DIAG_OK;
    }
    if (mode == COMPARE_UNPAIRED) {
        snprintf(p->why, sizeof p->why, "unpaired (--unpaired)");
        return DIAG_OK;
    }
    if (!ma || !mb || !ma->seed || !mb->seed) {
        snprintf(p->why, sizeof p->why, "unpaired: meta.json records no seed");
        return DIAG_OK;
    }
    if (strcmp(a->name, b->name) || strcmp(ma->seed, mb->seed) || ra != rb ||
        a->src->res.posterior != b->src->res.posterior) {
        snprintf(p->why, sizeof p->why, "unpaired: independent random streams (%s)",
                 strcmp(a->name, b->name)     ? "different scenario names"
                 : strcmp(ma->seed, mb->seed) ? "different seeds"
                 : ra != rb                   ? "different replica counts"
                                              : "one run draws from a posterior");
        return DIAG_OK;
    }
    p->paired = 1;
    snprintf(
        p->why, sizeof p->why,
        "paired: both runs of '%.64s' with seed %.24s and %ld replicas share random streams, so replica i "
        "is compared with replica i",
        a->name, ma->seed, ra);
    return DIAG_OK;
}

/* ---- measures that cannot see the difference ---------------------------------- */

/* Warn when B's parameters differ from A's only in keys that act through
 * tie weights and none of the compared metrics sees weights
 * (sim/engine/weightonly.h); parameters meta.json does not record are not
 * compared. */
static void warn_weight_only(const struct scen *a, const struct scen *b)
{
    const struct results_meta *ma = scen_meta(a), *mb = scen_meta(b);
    if (!ma || !mb || !ma->parameters || !mb->parameters)
        return;
    const char *key;
    json_t *va;
    int n_diff = 0, all_weight = 1;
    char full[256];
    json_object_foreach(ma->parameters, key, va)
    {
        if (json_equal(va, json_object_get(mb->parameters, key)))
            continue;
        snprintf(full, sizeof full, "model.%s", key);
        n_diff++;
        all_weight &= weightonly_key(full);
    }
    if (!n_diff || !all_weight)
        return;
    uint64_t metrics = 0;
    for (int m = 0; m < a->n_metrics; m++) {
        int id = measure_metric_find(a->metrics[m]);
        if (id >= 0)
            metrics |= METRIC_BIT(id);
    }
    char whose[256];
    snprintf(whose, sizeof whose, "the comparison of '%.100s' with '%.100s'", b->name, a->name);
    json_object_foreach(ma->parameters, key, va)
    {
        if (json_equal(va, json_object_get(mb->parameters, key)))
            continue;
        snprintf(full, sizeof full, "model.%s", key);
        weightonly_warn(stderr, "parameter", full, metrics, ma->weighted && mb->weighted, whose);
    }
}

/* ---- comparing ------------------------------------------------------------- */

/* One row of comparison.csv. */
struct outcome {
    struct compare_result r;
    int tested; /* 0: fewer than two values on a side; only n, means and diff are defined */
};

/* Working space of compare_cell: pairs by replica, their two columns, and the statistics' scratch. */
struct cellspace {
    double *by_rep; /* n_rep */
    size_t n_rep;
    double *pa, *pb; /* most */
    double *scratch; /* 3 * most */
};

static double sample_mean(const struct series *s)
{
    return s->n ? gsl_stats_mean(s->v, 1, s->n) : NAN;
}

/* The pairs (a, b) of the replicas both sides have a value for, in b's order; their count. */
static size_t gather_pairs(const struct series *sa, const struct series *sb, struct cellspace *w)
{
    size_t k = 0;
    for (size_t r = 0; r < w->n_rep; r++)
        w->by_rep[r] = NAN;
    for (size_t i = 0; i < sa->n; i++)
        if (sa->rep[i] >= 0 && (size_t)sa->rep[i] < w->n_rep)
            w->by_rep[sa->rep[i]] = sa->v[i];
    for (size_t j = 0; j < sb->n; j++)
        if (sb->rep[j] >= 0 && (size_t)sb->rep[j] < w->n_rep && !isnan(w->by_rep[sb->rep[j]])) {
            w->pa[k] = w->by_rep[sb->rep[j]];
            w->pb[k++] = sb->v[j];
        }
    return k;
}

/* Compare metric m of a (mb of b) at step index t. */
static void compare_cell(const struct scen *a, const struct scen *b, int m, int mb, int t, double level,
                         int paired, struct cellspace *w, struct outcome *o)
{
    const struct series *sa = NULL, *sb = NULL;
    if (t == a->n_steps - 1) {
        sa = &a->final[m];
        sb = &b->final[mb];
    } else if (a->reps && b->reps) {
        sa = &a->reps[(size_t)t * (size_t)a->n_metrics + (size_t)m];
        sb = &b->reps[(size_t)t * (size_t)b->n_metrics + (size_t)mb];
    }
    memset(o, 0, sizeof *o);
    if (sa) {
        if (paired) {
            size_t k = gather_pairs(sa, sb, w);
            o->tested = compare_paired(w->pa, w->pb, k, level, w->scratch, &o->r) == 0;
        } else {
            o->tested = compare_samples(sa->v, sa->n, sb->v, sb->n, level, w->scratch, &o->r) == 0;
        }
        if (!o->tested) {
            o->r.n_a = sa->n;
            o->r.n_b = sb->n;
            o->r.mean_a = sample_mean(sa);
            o->r.mean_b = sample_mean(sb);
        }
    } else {
        const struct results_cell *ca = &a->cells[(size_t)t * (size_t)a->n_metrics + (size_t)m];
        const struct results_cell *cb = &b->cells[(size_t)t * (size_t)b->n_metrics + (size_t)mb];
        o->tested = compare_summaries(ca->n, ca->mean, ca->sd, cb->n, cb->mean, cb->sd, level, &o->r) == 0;
        if (!o->tested) {
            o->r.n_a = ca->n;
            o->r.n_b = cb->n;
            o->r.mean_a = ca->mean;
            o->r.mean_b = cb->mean;
        }
        /* the medians as summary.csv gives them (q50); shares and A need the replicas */
        o->r.median_a = ca->q[SUMMARY_Q50 - SUMMARY_Q05];
        o->r.median_b = cb->q[SUMMARY_Q50 - SUMMARY_Q05];
        o->r.nonzero_a = o->r.nonzero_b = o->r.vd_a = NAN;
    }
    if (!o->tested) {
        o->r.diff = o->r.mean_b - o->r.mean_a;
        o->r.ci_low = o->r.ci_high = o->r.effect_size = o->r.p_value = o->r.statistic = NAN;
        if (sa) /* what the values give without a test */
            o->r.median_a = o->r.median_b = o->r.nonzero_a = o->r.nonzero_b = o->r.vd_a = NAN;
        o->r.test = "";
    }
}

static void write_row(FILE *f, const char *metric, int step, const struct scen *a, const struct scen *b,
                      const struct outcome *o, double p_holm)
{
    struct schema_row w;
    schema_row_begin(&w, f, &schema_comparison);
    schema_row_text(&w, metric);
    schema_row_whole(&w, (unsigned long long)step);
    schema_row_text(&w, a->name);
    schema_row_text(&w, b->name);
    schema_row_whole(&w, o->r.n_a);
    schema_row_whole(&w, o->r.n_b);
    const double x[] = {o->r.median_a,    o->r.median_b,  o->r.median_b - o->r.median_a,
                        o->r.nonzero_a,   o->r.nonzero_b, o->r.vd_a,
                        o->r.effect_size, o->r.mean_a,    o->r.mean_b,
                        o->r.diff,        o->r.ci_low,    o->r.ci_high};
    for (size_t k = 0; k < COUNT(x); k++)
        schema_row_number(&w, x[k]);
    schema_row_text(&w, o->r.test);
    schema_row_number(&w, o->r.p_value);
    schema_row_number(&w, p_holm);
    schema_row_end(&w);
}

/* ---- the printed table ----------------------------------------------------- */

static void fmt_num(char *buf, size_t n, double x)
{
    if (isnan(x))
        snprintf(buf, n, "NA");
    else
        snprintf(buf, n, "%.*g", TABLE_DIGITS, x);
}

static void print_block(FILE *out, const struct scen *a, const struct scen *b, const struct outcome *o,
                        const double *holm, double level, const struct pairing *pr)
{
    char head[TABLE_COLS][TABLE_CELL];
    snprintf(head[0], TABLE_CELL, "metric");
    snprintf(head[1], TABLE_CELL, "median A");
    snprintf(head[2], TABLE_CELL, "median B");
    snprintf(head[3], TABLE_CELL, "nonzero A");
    snprintf(head[4], TABLE_CELL, "nonzero B");
    snprintf(head[5], TABLE_CELL, "A(B>A)");
    snprintf(head[6], TABLE_CELL, "d");
    snprintf(head[7], TABLE_CELL, "mean diff");
    snprintf(head[8], TABLE_CELL, "%g%% interval", 100 * level);
    snprintf(head[9], TABLE_CELL, "p (Holm)");
    int nm = a->n_metrics;
    char(*cells)[TABLE_COLS][TABLE_CELL] = calloc((size_t)nm, sizeof *cells);
    int width[TABLE_COLS];
    if (!cells)
        return; /* the table is a courtesy; comparison.csv is already written */
    for (int k = 0; k < TABLE_COLS; k++)
        width[k] = (int)strlen(head[k]);
    const char *test = "";
    for (int m = 0; m < nm; m++) {
        const struct compare_result *r = &o[m].r;
        char lo[TABLE_NUM], hi[TABLE_NUM];
        if (*r->test)
            test = r->test;
        snprintf(cells[m][0], TABLE_CELL, "%.*s", TABLE_CELL - 1, a->metrics[m]);
        fmt_num(cells[m][1], TABLE_CELL, r->median_a);
        fmt_num(cells[m][2], TABLE_CELL, r->median_b);
        fmt_num(cells[m][3], TABLE_CELL, r->nonzero_a);
        fmt_num(cells[m][4], TABLE_CELL, r->nonzero_b);
        fmt_num(cells[m][5], TABLE_CELL, r->vd_a);
        fmt_num(cells[m][6], TABLE_CELL, r->effect_size);
        fmt_num(cells[m][7], TABLE_CELL, r->diff);
        fmt_num(lo, TABLE_NUM, r->ci_low);
        fmt_num(hi, TABLE_NUM, r->ci_high);
        snprintf(cells[m][8], TABLE_CELL, "[%s, %s]", lo, hi);
        fmt_num(cells[m][9], TABLE_CELL, holm[m]);
        for (int k = 0; k < TABLE_COLS; k++)
            if ((int)strlen(cells[m][k]) > width[k])
                width[k] = (int)strlen(cells[m][k]);
    }
    fprintf(out, "step %d (last): '%s' (B) against '%s' (A), difference B - A\n", a->steps[a->n_steps - 1],
            b->name, a->name);
    fprintf(out, "%s\n", pr->why);
    for (int k = 0; k < TABLE_COLS; k++)
        fprintf(out, k == 0 ? "%-*s" : "  %*s", width[k], head[k]);
    fputc('\n', out);
    for (int m = 0; m < nm; m++) {
        for (int k = 0; k < TABLE_COLS; k++)
            fprintf(out, k == 0 ? "%-*s" : "  %*s", width[k], cells[m][k]);
        fputs(holm[m] < TABLE_ALPHA ? " *\n" : "\n", out);
    }
    fprintf(out,
            "nonzero: share of replicas with a value other than 0; A(B>A): Vargha-Delaney A, the chance "
            "that a B replica exceeds an A replica (ties half; 0.5: no difference); d: Cohen's d; "
            "interval: of the mean difference%s\n",
            pr->paired ? ", from the replicas' paired differences" : " (Welch)");
    fprintf(out,
            "p: %s test on the replicas' values, Holm-adjusted over the %d metrics; * p < %g. A p-value "
            "shrinks with the number of replicas: read A and d for the size of a difference\n\n",
            !strcmp(test, "wilcoxon_signed_rank") ? "Wilcoxon signed-rank"
            : !strcmp(test, "welch_t")            ? "Welch t"
                                                  : "Mann-Whitney U",
            nm, TABLE_ALPHA);
    free(cells);
}

/* ---- the command ------------------------------------------------------------ */

static void cmp_destroy(struct cmp *c)
{
    for (int i = 0; i < c->n_sc; i++) {
        struct scen *s = &c->sc[i];
        if (s->final)
            for (int m = 0; m < s->n_metrics; m++)
                series_free(&s->final[m]);
        free(s->final);
        if (s->reps)
            for (size_t k = 0; k < (size_t)s->n_steps * (size_t)s->n_metrics; k++)
                series_free(&s->reps[k]);
        free(s->reps);
    }
    free(c->sc);
    for (int i = 0; c->src && i < c->n_src; i++) {
        free(c->src[i].dir);
        results_destroy(&c->src[i].res);
    }
    free(c->src);
}

/* Write comparison.csv; the last-step outcomes of B i go to last[(i-1) * nm ...], Holm values to holm. */
static int write_comparison(struct cmp *c, const char *outdir, double level, const struct pairing *pr,
                            struct outcome *last, double *holm)
{
    const struct scen *a = &c->sc[0];
    int nm = a->n_metrics, last_t = a->n_steps - 1, rc;
    size_t most = 0;
    for (int i = 0; i < c->n_sc; i++) {
        const struct scen *s = &c->sc[i];
        for (int m = 0; m < s->n_metrics; m++) {
            if (s->final[m].n > most)
                most = s->final[m].n;
            for (int t = 0; s->reps && t < s->n_steps; t++)
                if (s->reps[(size_t)t * (size_t)s->n_metrics + (size_t)m].n > most)
                    most = s->reps[(size_t)t * (size_t)s->n_metrics + (size_t)m].n;
        }
    }
    struct cellspace w = {.n_rep = 0};
    for (int i = 0; i < c->n_src; i++)
        for (int j = 0; j < c->src[i].res.n_meta; j++)
            if ((size_t)c->src[i].res.meta[j].replicas > w.n_rep)
                w.n_rep = (size_t)c->src[i].res.meta[j].replicas;
    double *scratch = malloc((5 * most + 1) * sizeof *scratch);
    w.by_rep = malloc((w.n_rep + 1) * sizeof *w.by_rep);
    w.scratch = scratch;
    w.pa = scratch ? scratch + 3 * most : NULL;
    w.pb = scratch ? scratch + 4 * most : NULL;
    double *p = malloc(((size_t)nm + 1) * sizeof *p);
    struct atomicfile af;
    memset(&af, 0, sizeof af);
    if (!scratch || !p || !w.by_rep) {
        rc = oom(c->d);
        goto done;
    }
    if ((rc = atomicfile_mkdirs(outdir, c->d)) || (rc = atomicfile_open(&af, outdir, "comparison.csv", c->d)))
        goto done;
    schema_write_header(af.f, &schema_comparison);
    for (int i = 1; i < c->n_sc; i++) {
        const struct scen *b = &c->sc[i];
        struct outcome *lb = last + (size_t)(i - 1) * (size_t)nm;
        double *hb = holm + (size_t)(i - 1) * (size_t)nm;
        for (int m = 0; m < nm; m++) {
            compare_cell(a, b, m, index_of(b->metrics, b->n_metrics, a->metrics[m]), last_t, level,
                         pr[i - 1].paired, &w, &lb[m]);
            p[m] = lb[m].r.p_value;
        }
        compare_holm(p, (size_t)nm, hb);
        for (int m = 0; m < nm; m++) {
            int mb = index_of(b->metrics, b->n_metrics, a->metrics[m]);
            for (int t = 0; t < last_t; t++) {
                struct outcome o;
                compare_cell(a, b, m, mb, t, level, pr[i - 1].paired, &w, &o);
                write_row(af.f, a->metrics[m], a->steps[t], a, b, &o, NAN);
            }
            write_row(af.f, a->metrics[m], a->steps[last_t], a, b, &lb[m], hb[m]);
        }
    }
    rc = atomicfile_commit(&af, c->d);
    af.f = NULL;
done:
    if (af.f)
        atomicfile_abort(&af);
    free(scratch);
    free(w.by_rep);
    free(p);
    return rc;
}

int compare_execute(const struct compare_request *req, FILE *table_out, struct diag *d)
{
    struct cmp c;
    memset(&c, 0, sizeof c);
    c.d = d;
    const char *outdir = req->outdir ? req->outdir : COMPARE_DEFAULT_DIR;
    double level = req->level == 0 ? COMPARE_DEFAULT_LEVEL : req->level;
    struct scenario_limits lim;
    struct outcome *last = NULL;
    struct pairing *pr = NULL;
    double *holm = NULL;
    char *target = NULL;
    struct outdir_lock lock;
    outdir_lock_init(&lock);
    int rc = DIAG_OK;
    if (!(level > 0 && level < 1))
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "the confidence level must lie between 0 and 1, got %g",
                        level);
    if (req->n_inputs < 1) /* one directory may hold both scenarios; fewer than two is refused below */
        return diag_set(d, DIAG_INPUT, NULL, 0, 0,
                        "nothing to compare: give output directories or scenario files");
    if (req->limits)
        lim = *req->limits;
    else
        scenario_limits_default(&lim);
    if (!(target = path_join(outdir, "comparison.csv")) ||
        !(c.src = calloc((size_t)req->n_inputs, sizeof *c.src))) {
        rc = oom(d);
        goto done;
    }
    if ((rc = outdir_lock(&lock, outdir, "infnet compare", d)))
        goto done;
    if (!req->force && !req->resume && is_file(target)) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "'%s' already exists; use --force to replace it or -o for another directory", target);
        goto done;
    }
    /* comparison.csv is written last: where it exists, the compare finished */
    if (req->resume && is_file(target)) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "nothing to resume: '%s' holds a finished comparison; use --force to replace it",
                      target);
        goto done;
    }
    if ((rc = classify(&c, req, outdir)))
        goto done;
    int n_files = 0;
    for (int i = 0; i < c.n_src; i++)
        n_files += c.src[i].is_file;
    if (req->n_sets > 0 && n_files == 0) { /* overrides are never ignored silently */
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "overrides (--set, -n, --seed) apply to scenario files, and every input is an output "
                      "directory");
        goto done;
    }
    if ((rc = check_files_steps(&c, req, &lim)))
        goto done;
    for (int i = 0; i < c.n_src; i++) {
        if (!c.src[i].is_file)
            continue;
        /* source i is input i; per-replica files are not needed: the last step is in final.csv */
        /* resuming: a run with a checkpoint continues; any other one starts
         * again (a finished run's inputs cannot be checked without one) */
        int resume = req->resume && checkpoint_exists(c.src[i].dir);
        struct run_request rr = {.files = req->inputs + i,
                                 .n_files = 1,
                                 .outdir = c.src[i].dir,
                                 .sets = req->sets,
                                 .n_sets = req->n_sets,
                                 .limits = &lim,
                                 .threads = req->threads,
                                 .per_replica = 0,
                                 .force = req->force || (req->resume && !resume),
                                 .resume = resume,
                                 .stop = req->stop,
                                 .progress = NULL,
                                 .progress_ctx = NULL,
                                 .argc = req->argc,
                                 .argv = req->argv,
                                 .version = req->version,
                                 .commit = req->commit};
        if (req->stop && *req->stop)
            rc = DIAG_INTERRUPTED;
        else
            rc = run_execute(&rr, NULL, NULL, d);
        if (rc == DIAG_INTERRUPTED) {
            rc =
                diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0,
                         "interrupted while running '%s' into '%s'; no comparison was written; continue with "
                         "the same command and --resume",
                         c.src[i].input, c.src[i].dir);
            goto done;
        }
        if (rc)
            goto done;
    }
    for (int i = 0; i < c.n_src; i++)
        if ((rc = read_source(&c, &c.src[i])))
            goto done;
    if ((rc = check_same_dir(&c)) || (req->reference && (rc = move_reference(&c, req->reference))) ||
        (rc = check_comparable(&c)))
        goto done;
    size_t n_last = (size_t)(c.n_sc - 1) * (size_t)c.sc[0].n_metrics;
    last = calloc(n_last ? n_last : 1, sizeof *last);
    holm = calloc(n_last ? n_last : 1, sizeof *holm);
    pr = calloc((size_t)c.n_sc, sizeof *pr);
    if (!last || !holm || !pr) {
        rc = oom(d);
        goto done;
    }
    for (int i = 1; i < c.n_sc; i++)
        if ((rc = decide_pairing(&c, &c.sc[0], &c.sc[i], req->pairing, &pr[i - 1])))
            goto done;
    for (int i = 1; i < c.n_sc; i++)
        warn_weight_only(&c.sc[0], &c.sc[i]);
    if ((rc = write_comparison(&c, outdir, level, pr, last, holm)))
        goto done;
    if (table_out)
        for (int i = 1; i < c.n_sc; i++)
            print_block(table_out, &c.sc[0], &c.sc[i], last + (size_t)(i - 1) * (size_t)c.sc[0].n_metrics,
                        holm + (size_t)(i - 1) * (size_t)c.sc[0].n_metrics, level, &pr[i - 1]);
done:
    outdir_unlock(&lock);
    free(pr);
    free(last);
    free(holm);
    free(target);
    cmp_destroy(&c);
    return rc;
}
