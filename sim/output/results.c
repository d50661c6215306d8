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

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "sim/util/grow.h"

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
    return DIAG_OK;
}

static int summary_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct summary_reading *sr = schema_user(r);
    struct results *res = sr->res;
    size_t n = (size_t)v[SUMMARY_N].whole;
    int rc = check_counts(r, v, n);
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
    if (grow_array((void **)&res->final, &res->cap_final, res->n_final + 1, sizeof *res->final))
        return oom(fr->d);
    res->final[res->n_final++] =
        (struct results_value){i, m, v[FINAL_REPLICA].whole, v[FINAL_VALUE].number, csvin_line(r)};
    return DIAG_OK;
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
                rc = diag_set(
                    d, DIAG_INPUT, path, 0, 0,
                    "%zu values of metric '%s' for scenario '%s' at step %d, but summary.csv counts "
                    "%zu (line %ld); the files are not from the same run",
                    count[m], s->metrics[m], s->name, s->steps[s->n_steps - 1], last[m].n, last[m].line);
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
    default: return "map";
    }
}

int results_check_meta(const char *dir, struct diag *d)
{
    size_t n = strlen(dir) + sizeof "/meta.json";
    char *path = malloc(n);
    if (!path)
        return oom(d);
    snprintf(path, n, "%s/meta.json", dir);
    struct stat st;
    int rc = DIAG_OK;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(path);
        return DIAG_OK;
    }
    json_error_t err;
    int no_memory;
    json_t *root = jsonfile_load(path, 0, &err, &no_memory);
    if (!root && no_memory) {
        rc = oom(d);
    } else if (!root) {
        rc = diag_set(d, DIAG_INPUT, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                      "malformed meta.json: %s", err.text);
    } else if (!json_is_object(root)) {
        rc = diag_set(d, DIAG_INPUT, path, 0, 0, "meta.json must hold a JSON object, not %s",
                      json_is_array(root) ? "an array" : "a single value");
    } else {
        json_t *complete = json_object_get(root, "complete"), *command = json_object_get(root, "command");
        if (command && !json_is_string(command))
            rc = diag_set(d, DIAG_INPUT, path, 0, 0,
                          "'command' must be a string (the infnet command), not a %s",
                          json_type_word(command));
        else if (command && strcmp(json_string_value(command), "run") != 0)
            rc = diag_set(d, DIAG_INPUT, path, 0, 0,
                          "'%s' holds the results of 'infnet %s', not of a run; give the output directory of "
                          "'infnet run'",
                          dir, json_string_value(command));
        else if (complete && !json_is_boolean(complete))
            rc =
                diag_set(d, DIAG_INPUT, path, 0, 0, "'complete' must be true or false (not quoted, not a %s)",
                         json_type_word(complete));
        else if (complete && json_is_false(complete))
            rc = diag_set(d, DIAG_INPUT, path, 0, 0,
                          "'%s' holds an interrupted run (complete: false); finish it with 'infnet run "
                          "--resume' or rerun it",
                          dir);
    }
    json_decref(root);
    free(path);
    return rc;
}
