/* sim/output/results.c - reading and checking summary.csv, final.csv and meta.json of a run (see results.h).
 *
 * summary.csv is read row by row (schema_read), each row checked on its own,
 * kept in file order; the per-scenario grid of steps x metrics is built after
 * the last row, so that a missing or doubled cell is named with the rows'
 * lines. final.csv rows are checked against that grid. Nothing here decides
 * what a reader does with the values: compare tests them, plot draws them.
 */
#include "sim/output/jsonfile.h"
#include "sim/output/results.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "sim/util/grow.h"
#include "sim/util/infile.h"

static int oom(struct diag *d)
{
    return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
}

static int line_int(long line)
{
    return line > INT_MAX ? INT_MAX : (int)line;
}

void results_init(struct results *res)
{
    memset(res, 0, sizeof *res);
}

void results_destroy(struct results *res)
{
    if (!res)
        return;
    for (int i = 0; i < res->n_sc; i++) {
        struct results_scenario *s = &res->sc[i];
        free(s->name);
        for (int m = 0; m < s->n_metrics; m++)
            free(s->metrics[m]);
        free(s->metrics);
        free(s->steps);
        free(s->cells);
    }
    free(res->sc);
    for (int i = 0; i < res->n_meta; i++) {
        free(res->meta[i].name);
        free(res->meta[i].seed);
        json_decref(res->meta[i].parameters);
    }
    free(res->meta);
    free(res->rows);
    free(res->final);
    memset(res, 0, sizeof *res);
}

int results_step_index(const struct results_scenario *s, int step)
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

int results_metric_index(const struct results_scenario *s, const char *metric)
{
    for (int m = 0; m < s->n_metrics; m++)
        if (!strcmp(s->metrics[m], metric))
            return m;
    return -1;
}

int results_scenario_index(const struct results *res, const char *name)
{
    for (int i = 0; i < res->n_sc; i++)
        if (!strcmp(res->sc[i].name, name))
            return i;
    return -1;
}

/* Index of the scenario called name in res->meta, -1 when meta.json does not record it. */
static int meta_index(const struct results *res, const char *name)
{
    for (int i = 0; i < res->n_meta; i++)
        if (!strcmp(res->meta[i].name, name))
            return i;
    return -1;
}

/* The scenario called name, added when new; -1 when memory ran out. */
static int scenario_of(struct results *res, const char *name)
{
    int i = results_scenario_index(res, name);
    if (i >= 0)
        return i;
    if (res->n_sc == INT_MAX ||
        grow_array((void **)&res->sc, &res->cap_sc, (size_t)res->n_sc + 1, sizeof *res->sc))
        return -1;
    struct results_scenario *s = &res->sc[res->n_sc];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name)))
        return -1;
    return res->n_sc++;
}

/* The metric called name of s, added when new; -1 when memory ran out. */
static int metric_of(struct results_scenario *s, const char *name)
{
    int m = results_metric_index(s, name);
    if (m >= 0)
        return m;
    if (s->n_metrics == INT_MAX ||
        grow_array((void **)&s->metrics, &s->cap_metrics, (size_t)s->n_metrics + 1, sizeof *s->metrics))
        return -1;
    if (!(s->metrics[s->n_metrics] = strdup(name)))
        return -1;
    return s->n_metrics++;
}

/* ---- summary.csv -------------------------------------------------------------- */

/* What the summary rows are gathered into, until the grids are built. */
struct summary_reading {
    struct results *res;
    struct diag *d;
    struct results_cell *cells; /* one per row, file order */
    size_t cap_cells;
};

/* A row's n against its mean and sd, the values compare tests: the mean of
 * n values is defined exactly when n > 0 (an undefined value is not
 * counted); their sd is never negative and is defined when n > 1. */
static int check_counts(struct csvin_reader *r, const struct schema_field *v, size_t n)
{
    double mean = v[SUMMARY_MEAN].number, sd = v[SUMMARY_SD].number;
    if (n > 0 && !isfinite(mean))
        return csvin_fail(r, SUMMARY_MEAN, "mean '%s' is not a finite number, but n is %zu",
                          v[SUMMARY_MEAN].text, n);
    if (n == 0 && !isnan(mean))
        return csvin_fail(r, SUMMARY_MEAN, "mean '%s' of no values (n is 0: the field must be empty)",
                          v[SUMMARY_MEAN].text);
    if (sd < 0 || isinf(sd))
        return csvin_fail(r, SUMMARY_SD, "sd '%s' is not a number >= 0", v[SUMMARY_SD].text);
    if (n > 1 && isnan(sd))
        return csvin_fail(r, SUMMARY_SD, "sd is undefined, but n is %zu", n);
    if (n < 2 && !isnan(sd) && sd != 0)
        return csvin_fail(r, SUMMARY_SD, "sd '%s' with n %zu (fewer than two values have no spread)",
                          v[SUMMARY_SD].text, n);
    for (int k = 0; k < SCHEMA_SUMMARY_Q; k++) {
        const struct schema_field *q = &v[SUMMARY_Q05 + k], *prev = q - 1;
        const char *name = schema_summary.cols[SUMMARY_Q05 + k].name;
        if (n > 0 && !isfinite(q->number))
            return csvin_fail(r, SUMMARY_Q05 + k, "%s '%s' is not a finite number, but n is %zu", name,
                              q->text, n);
        if (n == 0 && !isnan(q->number))
            return csvin_fail(r, SUMMARY_Q05 + k, "%s '%s' of no values (n is 0: the field must be empty)",
                              name, q->text);
        if (n > 0 && k > 0 && q->number < prev->number)
            return csvin_fail(r, SUMMARY_Q05 + k, "%s '%s' is below %s '%s' (quantiles never decrease)", name,
                              q->text, schema_summary.cols[SUMMARY_Q05 + k - 1].name, prev->text);
    }
    return DIAG_OK;
}

/* A row's scenario and n against meta.json: a scenario it records, at most
 * as many values as replicas. */
static int check_meta_row(struct csvin_reader *r, const struct results *res, const struct schema_field *v,
                          size_t n)
{
    const char *name = v[SUMMARY_SCENARIO].text;
    int j = meta_index(res, name);
    if (j < 0)
        return csvin_fail(r, SUMMARY_SCENARIO, "scenario '%s' is not one meta.json records (%s'%s'%s)", name,
                          res->n_meta > 1 ? "among them " : "it records ", res->meta[0].name,
                          res->n_meta > 1 ? ", ..." : "");
    if (n > (size_t)res->meta[j].replicas)
        return csvin_fail(r, SUMMARY_N,
                          "n %zu is more than the %ld replicas meta.json records for scenario '%s'", n,
                          res->meta[j].replicas, name);
    return DIAG_OK;
}

static int summary_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct summary_reading *sr = schema_user(r);
    struct results *res = sr->res;
    size_t n = (size_t)v[SUMMARY_N].whole;
    int rc = check_counts(r, v, n);
    if (!rc && res->have_meta)
        rc = check_meta_row(r, res, v, n);
    if (rc)
        return rc;
    int i = scenario_of(res, v[SUMMARY_SCENARIO].text);
    int m = i >= 0 ? metric_of(&res->sc[i], v[SUMMARY_METRIC].text) : -1;
    if (m < 0 || grow_array((void **)&res->rows, &res->cap_rows, res->n_rows + 1, sizeof *res->rows) ||
        grow_array((void **)&sr->cells, &sr->cap_cells, res->n_rows + 1, sizeof *sr->cells))
        return oom(sr->d);
    struct results_cell *c = &sr->cells[res->n_rows];
    c->n = n;
    c->mean = v[SUMMARY_MEAN].number;
    c->sd = v[SUMMARY_SD].number;
    for (int k = 0; k < SCHEMA_SUMMARY_Q; k++)
        c->q[k] = v[SUMMARY_Q05 + k].number;
    c->line = csvin_line(r);
    res->rows[res->n_rows++] = (struct results_row){i, m, (int)v[SUMMARY_STEP].whole, c->line};
    return DIAG_OK;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Scenario i's sorted steps and its full grid of cells, from the rows. */
static int build_grid(struct results *res, int i, const struct results_cell *cells, const char *path,
                      struct diag *d)
{
    struct results_scenario *s = &res->sc[i];
    size_t n_rows = 0;
    for (size_t j = 0; j < res->n_rows; j++)
        n_rows += res->rows[j].scen == i;
    if (!(s->steps = malloc(n_rows * sizeof *s->steps)))
        return oom(d);
    size_t k = 0;
    for (size_t j = 0; j < res->n_rows; j++)
        if (res->rows[j].scen == i)
            s->steps[k++] = res->rows[j].step;
    qsort(s->steps, n_rows, sizeof *s->steps, cmp_int);
    int n = 0;
    for (size_t j = 0; j < n_rows; j++)
        if (n == 0 || s->steps[n - 1] != s->steps[j])
            s->steps[n++] = s->steps[j];
    s->n_steps = n;
    if (!(s->cells = calloc((size_t)s->n_steps * (size_t)s->n_metrics, sizeof *s->cells)))
        return oom(d);
    for (size_t j = 0; j < res->n_rows; j++) {
        const struct results_row *row = &res->rows[j];
        if (row->scen != i)
            continue;
        struct results_cell *c =
            &s->cells[(size_t)results_step_index(s, row->step) * (size_t)s->n_metrics + (size_t)row->metric];
        if (c->line)
            return diag_set(d, DIAG_INPUT, path, line_int(row->line), 1,
                            "a second row for scenario '%s', step %d, metric '%s' (the first is on line %ld)",
                            s->name, row->step, s->metrics[row->metric], c->line);
        *c = cells[j];
    }
    for (int t = 0; t < s->n_steps; t++)
        for (int m = 0; m < s->n_metrics; m++)
            if (!s->cells[(size_t)t * (size_t)s->n_metrics + (size_t)m].line)
                return diag_set(d, DIAG_INPUT, path, 0, 0,
                                "no row for scenario '%s', step %d, metric '%s' (every recorded step needs "
                                "every metric)",
                                s->name, s->steps[t], s->metrics[m]);
    return DIAG_OK;
}

int results_read_summary(struct results *res, const char *path, struct diag *d)
{
    struct summary_reading sr = {res, d, NULL, 0};
    int rc = schema_read(path, &schema_summary, summary_row, &sr, d);
    if (!rc && res->n_rows == 0)
        rc = diag_set(d, DIAG_INPUT, path, 0, 0, "no results (only a header)");
    for (int i = 0; !rc && i < res->n_sc; i++)
        rc = build_grid(res, i, sr.cells, path, d);
    for (int j = 0; !rc && j < res->n_meta; j++)
        if (results_scenario_index(res, res->meta[j].name) < 0)
            rc =
                diag_set(d, DIAG_INPUT, path, 0, 0,
                         "no row for scenario '%s', which meta.json records; the files are not from the same "
                         "run",
                         res->meta[j].name);
    free(sr.cells);
    res->have_summary = !rc;
    return rc;
}

/* ---- final.csv ------------------------------------------------------------------ */

struct final_reading {
    struct results *res;
    struct diag *d;
    const char *summary; /* the summary.csv path for messages, or NULL when there is none */
};

static int final_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct final_reading *fr = schema_user(r);
    struct results *res = fr->res;
    const char *name = v[FINAL_SCENARIO].text, *metric = v[FINAL_METRIC].text;
    int i, m;
    if (res->have_summary) {
        if ((i = results_scenario_index(res, name)) < 0)
            return csvin_fail(r, FINAL_SCENARIO, "scenario '%s' is not in summary.csv", name);
        if ((m = results_metric_index(&res->sc[i], metric)) < 0)
            return csvin_fail(r, FINAL_METRIC, "metric '%s' of scenario '%s' is not in summary.csv", metric,
                              name);
    } else if ((i = scenario_of(res, name)) < 0 || (m = metric_of(&res->sc[i], metric)) < 0) {
        return oom(fr->d);
    }
    int j = res->have_meta ? meta_index(res, name) : -1;
    if (res->have_meta && j < 0)
        return csvin_fail(r, FINAL_SCENARIO, "scenario '%s' is not one meta.json records", name);
    if (j >= 0 && v[FINAL_REPLICA].whole >= res->meta[j].replicas)
        return csvin_fail(
            r, FINAL_REPLICA,
            "replica %ld, but meta.json records %ld replicas for scenario '%s' (numbered from 0)",
            v[FINAL_REPLICA].whole, res->meta[j].replicas, name);
    if (grow_array((void **)&res->final, &res->cap_final, res->n_final + 1, sizeof *res->final))
        return oom(fr->d);
    res->final[res->n_final++] = (struct results_value){
        i, m, v[FINAL_REPLICA].whole, v[FINAL_VALUE].number, csvin_line(r), csvin_column(r, FINAL_VALUE)};
    return DIAG_OK;
}

/* Metric m of scenario i has count defined values in final.csv, not the n
 * of summary.csv's last step: name the row that breaks the count (the first
 * undefined one when there are too few, the first beyond n when too many),
 * or the file when there is no such row. */
static int count_mismatch(const struct results *res, int i, int m, size_t count, const char *path,
                          struct diag *d)
{
    const struct results_scenario *s = &res->sc[i];
    const struct results_cell *cell = &s->cells[(size_t)(s->n_steps - 1) * (size_t)s->n_metrics + (size_t)m];
    const struct results_value *at = NULL;
    size_t seen = 0;
    for (size_t j = 0; j < res->n_final && !at; j++) {
        const struct results_value *v = &res->final[j];
        if (v->scen != i || v->metric != m)
            continue;
        int defined = isfinite(v->value);
        seen += defined;
        if (count < cell->n ? !defined : seen > cell->n)
            at = v;
    }
    return diag_set(d, DIAG_INPUT, path, at ? line_int(at->line) : 0, at ? at->col : 0,
                    "%s%zu values of metric '%s' for scenario '%s' at step %d, but summary.csv counts %zu "
                    "(line %ld); the files are not from the same run",
                    !at               ? ""
                    : count < cell->n ? "an undefined value: "
                                      : "one value too many: ",
                    count, s->metrics[m], s->name, s->steps[s->n_steps - 1], cell->n, cell->line);
}

/* Each metric's defined values at the last step, against summary.csv's count. */
static int check_final_counts(const struct results *res, const char *path, struct diag *d)
{
    int rc = DIAG_OK;
    for (int i = 0; !rc && i < res->n_sc; i++) {
        const struct results_scenario *s = &res->sc[i];
        size_t *count = calloc((size_t)s->n_metrics + 1, sizeof *count);
        if (!count)
            return oom(d);
        for (size_t j = 0; j < res->n_final; j++)
            if (res->final[j].scen == i && isfinite(res->final[j].value))
                count[res->final[j].metric]++;
        const struct results_cell *last = &s->cells[(size_t)(s->n_steps - 1) * (size_t)s->n_metrics];
        for (int m = 0; !rc && m < s->n_metrics; m++)
            if (count[m] != last[m].n)
                rc = count_mismatch(res, i, m, count[m], path, d);
        free(count);
    }
    return rc;
}

int results_read_final(struct results *res, const char *path, struct diag *d)
{
    struct final_reading fr = {res, d, NULL};
    int rc = schema_read(path, &schema_final, final_row, &fr, d);
    if (!rc && res->have_summary)
        rc = check_final_counts(res, path, d);
    return rc;
}

/* ---- meta.json ------------------------------------------------------------------ */

/* What a JSON value is, in a message. */
static const char *json_type_word(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING: return "string";
    case JSON_INTEGER:
    case JSON_REAL: return "number";
    case JSON_NULL: return "null";
    case JSON_ARRAY: return "list";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "map";
    }
}

int results_load_meta(const char *path, json_t **root, struct diag *d)
{
    FILE *f;
    const char *why;
    *root = NULL;
    int rc = infile_open(path, &f, NULL, &why);
    if (rc)
        return rc == DIAG_RUNTIME ? oom(d)
                                  : diag_set(d, DIAG_INPUT, path, 0, 0, "cannot read meta.json: %s", why);
    json_error_t err;
    int no_memory;
    /* a key twice: jansson would keep the last, a reader of the first sees another run */
    json_t *j = jsonfile_loadf(f, JSON_REJECT_DUPLICATES, &err, &no_memory);
    fclose(f);
    if (!j && no_memory)
        return oom(d);
    if (!j)
        return diag_set(d, DIAG_INPUT, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                        "malformed meta.json: %s", err.text);
    if (!json_is_object(j)) {
        rc = diag_set(d, DIAG_INPUT, path, 0, 0, "meta.json must hold a JSON object, not %s",
                      json_is_array(j) ? "an array" : "a single value");
        json_decref(j);
        return rc;
    }
    *root = j;
    return DIAG_OK;
}

/* The command meta.json names: a run's, or none (written before it was recorded). */
static int check_command(json_t *root, const char *dir, const char *path, struct diag *d)
{
    json_t *command = json_object_get(root, "command");
    if (command && !json_is_string(command))
        return diag_set(d, DIAG_INPUT, path, 0, 0,
                        "'command' must be a string (the infnet command), not a %s", json_type_word(command));
    if (command && strcmp(json_string_value(command), "run") != 0)
        return diag_set(d, DIAG_INPUT, path, 0, 0,
                        "'%s' holds the results of 'infnet %s', not of a run; give the output directory of "
                        "'infnet run'",
                        dir, json_string_value(command));
    return DIAG_OK;
}

int results_check_meta(const char *dir, struct diag *d)
{
    size_t n = strlen(dir) + sizeof "/meta.json";
    char *path = malloc(n);
    if (!path)
        return oom(d);
    snprintf(path, n, "%s/meta.json", dir);
    struct stat st;
    json_t *root = NULL;
    int rc = DIAG_OK;
    if (!(lstat(path, &st) != 0 && errno == ENOENT) && !(rc = results_load_meta(path, &root, d)))
        rc = check_command(root, dir, path, d);
    json_decref(root);
    free(path);
    return rc;
}

/* A whole number in [lo, hi] under key of o (scenario i of meta.json), into *out. */
static int meta_whole(json_t *o, const char *key, long lo, long hi, int i, long *out, const char *path,
                      struct diag *d)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return diag_set(d, DIAG_INPUT, path, 0, 0, "scenario %d lacks '%s'", i + 1, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return diag_set(d, DIAG_INPUT, path, 0, 0, "'%s' of scenario %d must be a whole number %ld .. %ld",
                        key, i + 1, lo, hi);
    *out = (long)json_integer_value(v);
    return DIAG_OK;
}

/* The scenarios of a finished run: names, replicas, all of them done. */
static int meta_scenarios(struct results *res, json_t *root, const char *path, struct diag *d)
{
    json_t *sc = json_object_get(root, "scenarios");
    if (!json_is_array(sc) || json_array_size(sc) == 0)
        return diag_set(d, DIAG_INPUT, path, 0, 0, "'scenarios' must be a list of at least one scenario%s%s",
                        sc ? ", not a " : "", sc ? json_type_word(sc) : "");
    size_t n = json_array_size(sc);
    if (n > INT_MAX || !(res->meta = calloc(n, sizeof *res->meta)))
        return oom(d);
    for (size_t k = 0; k < n; k++) {
        int i = (int)k;
        json_t *o = json_array_get(sc, k), *name = json_object_get(o, "name");
        long replicas, done;
        int rc;
        if (!json_is_object(o))
            return diag_set(d, DIAG_INPUT, path, 0, 0, "scenario %d must be a map, not a %s", i + 1,
                            json_type_word(o));
        if (!json_is_string(name) || !*json_string_value(name))
            return diag_set(d, DIAG_INPUT, path, 0, 0, "scenario %d must have a 'name' (a string)", i + 1);
        if ((rc = meta_whole(o, "replicas", 1, LONG_MAX, i, &replicas, path, d)) ||
            (rc = meta_whole(o, "replicas_done", 0, replicas, i, &done, path, d)))
            return rc;
        if (done != replicas)
            return diag_set(
                d, DIAG_INPUT, path, 0, 0,
                "scenario '%s' has replicas_done %ld of %ld replicas, but the run is marked complete",
                json_string_value(name), done, replicas);
        if (meta_index(res, json_string_value(name)) >= 0)
            return diag_set(d, DIAG_INPUT, path, 0, 0, "scenario '%s' appears twice",
                            json_string_value(name));
        if (!(res->meta[i].name = strdup(json_string_value(name))))
            return oom(d);
        res->meta[i].replicas = replicas;
        res->n_meta++;
        /* the seed and parameters tell whether two runs share random streams and
         * what they vary (infnet compare); a meta.json written before them has neither */
        json_t *seed = json_object_get(o, "seed_text"), *params = json_object_get(o, "parameters");
        char num[32];
        const char *seed_text = json_is_string(seed) ? json_string_value(seed) : NULL;
        if (!seed_text && json_is_integer(seed = json_object_get(o, "seed"))) {
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(seed));
            seed_text = num;
        }
        if (seed_text && !(res->meta[i].seed = strdup(seed_text)))
            return oom(d);
        if (json_is_object(params))
            res->meta[i].parameters = json_incref(params);
        res->meta[i].weighted = json_is_true(json_object_get(json_object_get(o, "outputs"), "weighted"));
    }
    return DIAG_OK;
}

/* The checks of a run's meta.json (results_read_meta), in order. */
static int check_run_meta(struct results *res, json_t *root, const char *dir, const char *path,
                          struct diag *d)
{
    json_t *complete = json_object_get(root, "complete");
    int rc = check_command(root, dir, path, d);
    if (rc)
        return rc;
    if (!complete)
        return diag_set(d, DIAG_INPUT, path, 0, 0, "meta.json lacks 'complete' (true for a finished run)");
    if (!json_is_boolean(complete))
        return diag_set(d, DIAG_INPUT, path, 0, 0, "'complete' must be true or false (not quoted, not a %s)",
                        json_type_word(complete));
    if (json_is_false(complete))
        return diag_set(d, DIAG_INPUT, path, 0, 0,
                        "'%s' holds an interrupted run (complete: false); finish it with 'infnet run "
                        "--resume' or rerun it",
                        dir);
    res->posterior = json_object_get(root, "posterior") != NULL;
    return meta_scenarios(res, root, path, d);
}

int results_read_meta(struct results *res, const char *dir, struct diag *d)
{
    size_t n = strlen(dir) + sizeof "/meta.json";
    char *path = malloc(n);
    if (!path)
        return oom(d);
    snprintf(path, n, "%s/meta.json", dir);
    struct stat st;
    json_t *root = NULL;
    int rc;
    if (lstat(path, &st) != 0 && errno == ENOENT)
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "'%s' has no meta.json: not the output directory of 'infnet run'", dir);
    else if (!(rc = results_load_meta(path, &root, d))) {
        rc = check_run_meta(res, root, dir, path, d);
    }
    res->have_meta = !rc;
    json_decref(root);
    free(path);
    return rc;
}
