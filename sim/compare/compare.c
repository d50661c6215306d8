/* sim/compare/compare.c - `infnet compare`: read output directories, refuse what cannot be compared, test, write.
 *
 * Stages: (1) classify the inputs (output directory or scenario file) and
 * refuse a bad one before anything runs; (2) run the scenario files, each
 * into OUTDIR/runs/<base name>; (3) read every directory: meta.json (an
 * interrupted run is refused), summary.csv (the grid of steps and metrics,
 * with n, mean and sd per cell), final.csv (every replica's value at the last
 * step) and, when present, replicas.csv (every replica at every step);
 * (4) check that all scenarios recorded the same steps and metrics; (5) for
 * each B, each metric of A (in A's summary.csv order) and each step, compare
 * per-replica values (rank test) where both sides have them, else summary
 * statistics (Welch's t test); Holm-adjust the last-step p-values of each B;
 * (6) write comparison.csv atomically, then print the last-step table.
 * CSV is read with sim/csvin, so that every refusal names the file, line and
 * column. Everything read is owned by the struct cmp of one call and freed
 * before compare_execute() returns.
 * Includes: sim/ (run, atomicfile, csv reader and writer), analysis/compare, jansson.
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
#include "sim/output/atomicfile.h"
#include "sim/output/csvin.h"
#include "sim/output/jsonfile.h"
#include "sim/output/csvout.h"
#include "sim/engine/run.h"

/* Initial capacity of the growing arrays (rows, values). */
#define GROW_MIN 16
/* Holm-adjusted p below which the table marks a difference with '*' (the
 * conventional 5% family-wise error rate). */
#define TABLE_ALPHA 0.05
/* Significant digits of the numbers in the printed table (comparison.csv has them all). */
#define TABLE_DIGITS 4
/* Longest cell of the printed table, and of one number in it ("%.4g" needs at most 11). */
#define TABLE_CELL 64
#define TABLE_NUM 24
/* Columns of the printed table. */
#define TABLE_COLS 7

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const summary_cols[] = {"scenario", "step", "metric", "n", "mean", "sd"};
enum { S_SCENARIO, S_STEP, S_METRIC, S_N, S_MEAN, S_SD };
static const char *const final_cols[] = {"scenario", "replica", "metric", "value"};
enum { F_SCENARIO, F_REPLICA, F_METRIC, F_VALUE };
static const char *const replicas_cols[] = {"scenario", "replica", "step", "metric", "value"};
enum { R_SCENARIO, R_REPLICA, R_STEP, R_METRIC, R_VALUE };

static const char comparison_header[] = "metric,step,scenario_a,scenario_b,n_a,n_b,mean_a,mean_b,diff,"
                                        "ci_low,ci_high,effect_size,p_value,test,p_holm\n";

/* A growing array of values (one metric at one step, one per replica). */
struct series {
    double *v;
    size_t n, cap;
};

/* One row of summary.csv, kept until the grid is built. */
struct srow {
    int step, metric;
    long line;
    size_t n;
    double mean, sd;
};

/* One cell of the grid: step x metric. */
struct cell {
    size_t n;
    double mean, sd;
    long line;   /* of summary.csv; 0 while no row was seen */
};

struct source;

struct scen {
    char *name;
    const struct source *src;
    char **metrics;          /* in the order of summary.csv */
    int n_metrics, cap_metrics;
    struct srow *rows;
    size_t n_rows, cap_rows;
    int *steps;              /* ascending */
    int n_steps;
    struct cell *cells;      /* n_steps x n_metrics */
    struct series *final;    /* per metric: the values at the last step */
    struct series *reps;     /* n_steps x n_metrics, when src->has_replicas */
};

/* One output directory (given, or where a scenario file was run). */
struct source {
    const char *input;       /* as given */
    char *dir;
    int is_file;             /* a scenario file, run into dir */
    int has_replicas;
    int first, count;        /* its scenarios: sc[first .. first+count) */
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

/* Grow *p (of elements of size sz, capacity *cap) to hold at least need. */
static int grow(void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : GROW_MIN;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * sz);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int series_add(struct series *s, double x)
{
    if (grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
        return -1;
    s->v[s->n++] = x;
    return 0;
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

static int step_index(const struct scen *s, int step)
{
    int lo = 0, hi = s->n_steps;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (s->steps[mid] < step)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_steps && s->steps[lo] == step ? lo : -1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ---- fields ----------------------------------------------------------------- */

static int parse_step(const char *s, int *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < 0 || v > INT_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_count(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* ---- one directory ------------------------------------------------------- */

/* The scenario named name among src's, or a new one (rows come grouped by scenario). */
static int scen_of(struct cmp *c, struct source *src, const char *name, int create)
{
    for (int i = src->first; i < src->first + src->count; i++)
        if (!strcmp(c->sc[i].name, name))
            return i;
    if (!create)
        return -1;
    size_t cap = (size_t)c->cap_sc;
    if (grow((void **)&c->sc, &cap, (size_t)c->n_sc + 1, sizeof *c->sc))
        return -2;
    c->cap_sc = (int)cap;
    struct scen *s = &c->sc[c->n_sc];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    if (!s->name)
        return -2;
    s->src = src;
    src->count++;
    return c->n_sc++;
}

/* What the row callbacks of one file are given (csvin's user pointer). */
struct reading {
    struct cmp *c;
    struct source *src;   /* the directory being read */
};

static int summary_row(struct csvin_reader *r, const char *const *v)
{
    const struct reading *rd = csvin_user(r);
    struct cmp *c = rd->c;
    struct source *src = rd->src;
    if (!*v[S_SCENARIO])
        return csvin_fail(r, S_SCENARIO, "empty scenario name");
    if (!*v[S_METRIC])
        return csvin_fail(r, S_METRIC, "empty metric name");
    struct srow row = {0, 0, csvin_line(r), 0, 0.0, 0.0};
    if (parse_step(v[S_STEP], &row.step))
        return csvin_fail(r, S_STEP, "step '%s' is not a whole number >= 0", v[S_STEP]);
    if (parse_count(v[S_N], &row.n))
        return csvin_fail(r, S_N, "n '%s' is not a whole number >= 0", v[S_N]);
    if (csvin_number(v[S_MEAN], &row.mean))
        return csvin_fail(r, S_MEAN, "mean '%s' is not a number", v[S_MEAN]);
    if (csvin_number(v[S_SD], &row.sd))
        return csvin_fail(r, S_SD, "sd '%s' is not a number", v[S_SD]);
    int i = scen_of(c, src, v[S_SCENARIO], 1);
    if (i < 0)
        return oom(c->d);
    struct scen *s = &c->sc[i];
    row.metric = index_of(s->metrics, s->n_metrics, v[S_METRIC]);
    if (row.metric < 0) {
        size_t cap = (size_t)s->cap_metrics;
        if (grow((void **)&s->metrics, &cap, (size_t)s->n_metrics + 1, sizeof *s->metrics))
            return oom(c->d);
        s->cap_metrics = (int)cap;
        if (!(s->metrics[s->n_metrics] = strdup(v[S_METRIC])))
            return oom(c->d);
        row.metric = s->n_metrics++;
    }
    if (grow((void **)&s->rows, &s->cap_rows, s->n_rows + 1, sizeof *s->rows))
        return oom(c->d);
    s->rows[s->n_rows++] = row;
    return DIAG_OK;
}

/* From the rows of summary.csv: the sorted steps and the full grid of cells. */
static int build_grid(struct cmp *c, struct scen *s, const char *path)
{
    s->steps = malloc(s->n_rows * sizeof *s->steps);
    if (!s->steps)
        return oom(c->d);
    for (size_t i = 0; i < s->n_rows; i++)
        s->steps[i] = s->rows[i].step;
    qsort(s->steps, s->n_rows, sizeof *s->steps, cmp_int);
    int n = 0;
    for (size_t i = 0; i < s->n_rows; i++)
        if (n == 0 || s->steps[n - 1] != s->steps[i])
            s->steps[n++] = s->steps[i];
    s->n_steps = n;
    size_t n_cells = (size_t)s->n_steps * (size_t)s->n_metrics;
    s->cells = calloc(n_cells, sizeof *s->cells);
    s->final = calloc((size_t)s->n_metrics, sizeof *s->final);
    if (!s->cells || !s->final)
        return oom(c->d);
    for (size_t i = 0; i < s->n_rows; i++) {
        const struct srow *row = &s->rows[i];
        struct cell *cl = &s->cells[(size_t)step_index(s, row->step) * (size_t)s->n_metrics + (size_t)row->metric];
        if (cl->line)
            return diag_set(c->d, DIAG_INPUT, path, (int)row->line, 1,
                            "a second row for scenario '%s', step %d, metric '%s' (the first is on line %ld)",
                            s->name, row->step, s->metrics[row->metric], cl->line);
        cl->n = row->n;
        cl->mean = row->mean;
        cl->sd = row->sd;
        cl->line = row->line;
    }
    for (int t = 0; t < s->n_steps; t++)
        for (int m = 0; m < s->n_metrics; m++)
            if (!s->cells[(size_t)t * (size_t)s->n_metrics + (size_t)m].line)
                return diag_set(c->d, DIAG_INPUT, path, 0, 0,
                                "no row for scenario '%s', step %d, metric '%s' (every recorded step needs "
                                "every metric)", s->name, s->steps[t], s->metrics[m]);
    free(s->rows);
    s->rows = NULL;
    s->n_rows = s->cap_rows = 0;
    return DIAG_OK;
}

/* The scenario and metric named in a final.csv or replicas.csv row. */
static int row_target(struct csvin_reader *r, const char *const *v, int k_scen, int k_metric, struct scen **s,
                      int *m)
{
    const struct reading *rd = csvin_user(r);
    struct source *src = rd->src;
    int i = scen_of(rd->c, src, v[k_scen], 0);
    if (i < 0)
        return csvin_fail(r, k_scen, "scenario '%s' is not in %s/summary.csv", v[k_scen], src->dir);
    *s = &rd->c->sc[i];
    *m = index_of((*s)->metrics, (*s)->n_metrics, v[k_metric]);
    if (*m < 0)
        return csvin_fail(r, k_metric, "metric '%s' of scenario '%s' is not in %s/summary.csv", v[k_metric],
                          (*s)->name, src->dir);
    return DIAG_OK;
}

static int final_row(struct csvin_reader *r, const char *const *v)
{
    const struct reading *rd = csvin_user(r);
    struct scen *s;
    int m;
    size_t replica;
    double x;
    int rc = row_target(r, v, F_SCENARIO, F_METRIC, &s, &m);
    if (rc)
        return rc;
    if (parse_count(v[F_REPLICA], &replica))
        return csvin_fail(r, F_REPLICA, "replica '%s' is not a whole number >= 0", v[F_REPLICA]);
    if (csvin_number(v[F_VALUE], &x))
        return csvin_fail(r, F_VALUE, "value '%s' is not a number", v[F_VALUE]);
    if (isfinite(x) && series_add(&s->final[m], x))
        return oom(rd->c->d);
    return DIAG_OK;
}

static int replicas_row(struct csvin_reader *r, const char *const *v)
{
    const struct reading *rd = csvin_user(r);
    struct scen *s;
    int m, step, t;
    size_t replica;
    double x;
    int rc = row_target(r, v, R_SCENARIO, R_METRIC, &s, &m);
    if (rc)
        return rc;
    if (parse_count(v[R_REPLICA], &replica))
        return csvin_fail(r, R_REPLICA, "replica '%s' is not a whole number >= 0", v[R_REPLICA]);
    if (parse_step(v[R_STEP], &step))
        return csvin_fail(r, R_STEP, "step '%s' is not a whole number >= 0", v[R_STEP]);
    if ((t = step_index(s, step)) < 0)
        return csvin_fail(r, R_STEP, "step %d of scenario '%s' is not in summary.csv", step, s->name);
    if (csvin_number(v[R_VALUE], &x))
        return csvin_fail(r, R_VALUE, "value '%s' is not a number", v[R_VALUE]);
    if (isfinite(x) && series_add(&s->reps[(size_t)t * (size_t)s->n_metrics + (size_t)m], x))
        return oom(rd->c->d);
    return DIAG_OK;
}

/* Each series must hold as many values as summary.csv counts in its cell. */
static int check_counts(struct cmp *c, const struct scen *s, const struct series *v, int t, const char *path)
{
    const struct cell *cl = &s->cells[(size_t)t * (size_t)s->n_metrics];
    for (int m = 0; m < s->n_metrics; m++)
        if (v[m].n != cl[m].n)
            return diag_set(c->d, DIAG_INPUT, path, 0, 0,
                            "%zu values of metric '%s' for scenario '%s' at step %d, but summary.csv counts %zu "
                            "(line %ld); the files are not from the same run",
                            v[m].n, s->metrics[m], s->name, s->steps[t], cl[m].n, cl[m].line);
    return DIAG_OK;
}

/* meta.json, when present: an interrupted run (complete: false) is refused. */
static int read_meta(struct cmp *c, const struct source *src)
{
    char *path = path_join(src->dir, "meta.json");
    if (!path)
        return oom(c->d);
    int rc = DIAG_OK;
    if (is_file(path)) {
        json_error_t err;
        int no_memory;
        json_t *root = jsonfile_load(path, 0, &err, &no_memory);
        if (!root && no_memory) {
            rc = oom(c->d);
        } else if (!root) {
            rc = diag_set(c->d, DIAG_INPUT, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                          "malformed meta.json: %s", err.text);
        } else {
            json_t *complete = json_is_object(root) ? json_object_get(root, "complete") : NULL;
            if (complete && json_is_false(complete))
                rc = diag_set(c->d, DIAG_INPUT, path, 0, 0,
                              "'%s' holds an interrupted run (complete: false); finish or rerun it "
                              "before comparing", src->dir);
            json_decref(root);
        }
    }
    free(path);
    return rc;
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
    if ((rc = read_meta(c, src)))
        goto done;
    if (!is_file(summary) || !is_file(final)) {
        rc = diag_set(c->d, DIAG_INPUT, NULL, 0, 0, "'%s' has no %s: not the output directory of 'infnet run'",
                      src->dir, is_file(summary) ? "final.csv" : "summary.csv");
        goto done;
    }
    if ((rc = csvin_read(summary, summary_cols, COUNT(summary_cols), COUNT(summary_cols), summary_row, &rd,
                         c->d)))
        goto done;
    if (src->count == 0) {
        rc = diag_set(c->d, DIAG_INPUT, summary, 0, 0, "no results (only a header)");
        goto done;
    }
    for (int i = src->first; i < src->first + src->count; i++)
        if ((rc = build_grid(c, &c->sc[i], summary)))
            goto done;
    if ((rc = csvin_read(final, final_cols, COUNT(final_cols), COUNT(final_cols), final_row, &rd, c->d)))
        goto done;
    for (int i = src->first; i < src->first + src->count; i++) {
        const struct scen *s = &c->sc[i];
        if ((rc = check_counts(c, s, s->final, s->n_steps - 1, final)))
            goto done;
    }
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
        if ((rc = csvin_read(replicas, replicas_cols, COUNT(replicas_cols), COUNT(replicas_cols),
                             replicas_row, &rd, c->d)))
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
            return diag_set(c->d, DIAG_INPUT, in, 0, 0, "%s (expected an output directory or a scenario file)",
                            errno == ENOENT ? "no such file or directory" : strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            if (!(src->dir = strdup(in)))
                return oom(c->d);
            c->n_src++;
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
            return diag_set(c->d, DIAG_INPUT, in, 0, 0,
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
                              "itself (A vs A)", c->src[j].input, c->src[i].input, c->sc[c->src[i].first].name);
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

/* ---- comparing ------------------------------------------------------------- */

/* One row of comparison.csv. */
struct outcome {
    struct compare_result r;
    int tested;   /* 0: fewer than two values on a side; only n, means and diff are defined */
};

static double sample_mean(const struct series *s)
{
    return s->n ? gsl_stats_mean(s->v, 1, s->n) : NAN;
}

/* Compare metric m of a (mb of b) at step index t. */
static void compare_cell(const struct scen *a, const struct scen *b, int m, int mb, int t, double level,
                         double *scratch, struct outcome *o)
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
        o->tested = compare_samples(sa->v, sa->n, sb->v, sb->n, level, scratch, &o->r) == 0;
        if (!o->tested) {
            o->r.n_a = sa->n;
            o->r.n_b = sb->n;
            o->r.mean_a = sample_mean(sa);
            o->r.mean_b = sample_mean(sb);
        }
    } else {
        const struct cell *ca = &a->cells[(size_t)t * (size_t)a->n_metrics + (size_t)m];
        const struct cell *cb = &b->cells[(size_t)t * (size_t)b->n_metrics + (size_t)mb];
        o->tested = compare_summaries(ca->n, ca->mean, ca->sd, cb->n, cb->mean, cb->sd, level, &o->r) == 0;
        if (!o->tested) {
            o->r.n_a = ca->n;
            o->r.n_b = cb->n;
            o->r.mean_a = ca->mean;
            o->r.mean_b = cb->mean;
        }
    }
    if (!o->tested) {
        o->r.diff = o->r.mean_b - o->r.mean_a;
        o->r.ci_low = o->r.ci_high = o->r.effect_size = o->r.p_value = NAN;
        o->r.test = "";
    }
}

static void write_row(FILE *f, const char *metric, int step, const struct scen *a, const struct scen *b,
                      const struct outcome *o, double p_holm)
{
    csvout_string(f, metric);
    fprintf(f, ",%d,", step);
    csvout_string(f, a->name);
    fputc(',', f);
    csvout_string(f, b->name);
    fprintf(f, ",%zu,%zu,", o->r.n_a, o->r.n_b);
    const double x[] = {o->r.mean_a, o->r.mean_b, o->r.diff, o->r.ci_low, o->r.ci_high, o->r.effect_size,
                        o->r.p_value};
    for (size_t k = 0; k < COUNT(x); k++) {
        csvout_number(f, x[k]);
        fputc(',', f);
    }
    csvout_string(f, o->r.test);
    fputc(',', f);
    csvout_number(f, p_holm);
    fputc('\n', f);
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
                        const double *holm, double level)
{
    char head[TABLE_COLS][TABLE_CELL];
    snprintf(head[0], TABLE_CELL, "metric");
    snprintf(head[1], TABLE_CELL, "mean A");
    snprintf(head[2], TABLE_CELL, "mean B");
    snprintf(head[3], TABLE_CELL, "diff");
    snprintf(head[4], TABLE_CELL, "%g%% interval", 100 * level);
    snprintf(head[5], TABLE_CELL, "d");
    snprintf(head[6], TABLE_CELL, "p (Holm)");
    int nm = a->n_metrics;
    char(*cells)[TABLE_COLS][TABLE_CELL] = calloc((size_t)nm, sizeof *cells);
    int width[TABLE_COLS];
    if (!cells)
        return;   /* the table is a courtesy; comparison.csv is already written */
    for (int k = 0; k < TABLE_COLS; k++)
        width[k] = (int)strlen(head[k]);
    for (int m = 0; m < nm; m++) {
        const struct compare_result *r = &o[m].r;
        char lo[TABLE_NUM], hi[TABLE_NUM];
        snprintf(cells[m][0], TABLE_CELL, "%.*s", TABLE_CELL - 1, a->metrics[m]);
        fmt_num(cells[m][1], TABLE_CELL, r->mean_a);
        fmt_num(cells[m][2], TABLE_CELL, r->mean_b);
        fmt_num(cells[m][3], TABLE_CELL, r->diff);
        fmt_num(lo, TABLE_NUM, r->ci_low);
        fmt_num(hi, TABLE_NUM, r->ci_high);
        snprintf(cells[m][4], TABLE_CELL, "[%s, %s]", lo, hi);
        fmt_num(cells[m][5], TABLE_CELL, r->effect_size);
        fmt_num(cells[m][6], TABLE_CELL, holm[m]);
        for (int k = 0; k < TABLE_COLS; k++)
            if ((int)strlen(cells[m][k]) > width[k])
                width[k] = (int)strlen(cells[m][k]);
    }
    fprintf(out, "step %d (last): '%s' (B) against '%s' (A), difference B - A\n", a->steps[a->n_steps - 1],
            b->name, a->name);
    for (int k = 0; k < TABLE_COLS; k++)
        fprintf(out, k == 0 ? "%-*s" : "  %*s", width[k], head[k]);
    fputc('\n', out);
    for (int m = 0; m < nm; m++) {
        for (int k = 0; k < TABLE_COLS; k++)
            fprintf(out, k == 0 ? "%-*s" : "  %*s", width[k], cells[m][k]);
        fputs(holm[m] < TABLE_ALPHA ? " *\n" : "\n", out);
    }
    fprintf(out, "p: Mann-Whitney U test on the replicas' values, Holm-adjusted over the %d metrics; "
                 "* p < %g\n\n", nm, TABLE_ALPHA);
    free(cells);
}

/* ---- the command ------------------------------------------------------------ */

static void cmp_destroy(struct cmp *c)
{
    for (int i = 0; i < c->n_sc; i++) {
        struct scen *s = &c->sc[i];
        free(s->name);
        for (int m = 0; m < s->n_metrics; m++)
            free(s->metrics[m]);
        free(s->metrics);
        free(s->rows);
        free(s->steps);
        free(s->cells);
        if (s->final)
            for (int m = 0; m < s->n_metrics; m++)
                free(s->final[m].v);
        free(s->final);
        if (s->reps)
            for (size_t k = 0; k < (size_t)s->n_steps * (size_t)s->n_metrics; k++)
                free(s->reps[k].v);
        free(s->reps);
    }
    free(c->sc);
    for (int i = 0; i < c->n_src; i++)
        free(c->src[i].dir);
    free(c->src);
}

/* Write comparison.csv; the last-step outcomes of B i go to last[(i-1) * nm ...], Holm values to holm. */
static int write_comparison(struct cmp *c, const char *outdir, double level, struct outcome *last, double *holm)
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
    double *scratch = malloc((2 * most + 1) * sizeof *scratch);
    double *p = malloc(((size_t)nm + 1) * sizeof *p);
    struct atomicfile af;
    memset(&af, 0, sizeof af);
    if (!scratch || !p) {
        rc = oom(c->d);
        goto done;
    }
    if ((rc = atomicfile_mkdirs(outdir, c->d)) || (rc = atomicfile_open(&af, outdir, "comparison.csv", c->d)))
        goto done;
    fputs(comparison_header, af.f);
    for (int i = 1; i < c->n_sc; i++) {
        const struct scen *b = &c->sc[i];
        struct outcome *lb = last + (size_t)(i - 1) * (size_t)nm;
        double *hb = holm + (size_t)(i - 1) * (size_t)nm;
        for (int m = 0; m < nm; m++) {
            compare_cell(a, b, m, index_of(b->metrics, b->n_metrics, a->metrics[m]), last_t, level, scratch,
                         &lb[m]);
            p[m] = lb[m].r.p_value;
        }
        compare_holm(p, (size_t)nm, hb);
        for (int m = 0; m < nm; m++) {
            int mb = index_of(b->metrics, b->n_metrics, a->metrics[m]);
            for (int t = 0; t < last_t; t++) {
                struct outcome o;
                compare_cell(a, b, m, mb, t, level, scratch, &o);
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
    double *holm = NULL;
    char *target = NULL;
    int rc = DIAG_OK;
    if (!(level > 0 && level < 1))
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "the confidence level must lie between 0 and 1, got %g",
                        level);
    if (req->n_inputs < 1)   /* one directory may hold both scenarios; fewer than two is refused below */
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
    if (!req->force && is_file(target)) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "'%s' already exists; use --force to replace it or -o for another directory", target);
        goto done;
    }
    if ((rc = classify(&c, req, outdir)))
        goto done;
    int n_files = 0;
    for (int i = 0; i < c.n_src; i++)
        n_files += c.src[i].is_file;
    if (req->n_sets > 0 && n_files == 0) {   /* overrides are never ignored silently */
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "overrides (--set, -n, --seed) apply to scenario files, and every input is an output "
                      "directory");
        goto done;
    }
    for (int i = 0; i < c.n_src; i++) {
        if (!c.src[i].is_file)
            continue;
        /* source i is input i; per-replica files are not needed: the last step is in final.csv */
        struct run_request rr = {.files = req->inputs + i, .n_files = 1, .outdir = c.src[i].dir,
                                 .sets = req->sets, .n_sets = req->n_sets, .limits = &lim,
                                 .threads = req->threads, .per_replica = 0, .force = req->force,
                                 .progress = NULL, .progress_ctx = NULL, .argc = req->argc, .argv = req->argv,
                                 .version = req->version, .commit = req->commit};
        if ((rc = run_execute(&rr, NULL, NULL, d)))
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
    if (!last || !holm) {
        rc = oom(d);
        goto done;
    }
    if ((rc = write_comparison(&c, outdir, level, last, holm)))
        goto done;
    if (table_out)
        for (int i = 1; i < c.n_sc; i++)
            print_block(table_out, &c.sc[0], &c.sc[i], last + (size_t)(i - 1) * (size_t)c.sc[0].n_metrics,
                        holm + (size_t)(i - 1) * (size_t)c.sc[0].n_metrics, level);
done:
    free(last);
    free(holm);
    free(target);
    cmp_destroy(&c);
    return rc;
}
