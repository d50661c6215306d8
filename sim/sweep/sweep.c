/* sim/sweep/sweep.c - `infnet sweep`: design points x replicas through the runner, one point at a time.
 *
 * Follows sim/engine/run.c: one writer per directory (outdir lock), files
 * under temporary names renamed at the end, meta.json last, a checkpoint
 * every RUN_CHECKPOINT_SECONDS and on a signal (the work item in progress,
 * its replicas folded, their statistics and the length of points.csv), and
 * under MPI only rank 0 touches the directory while every rank runs every
 * point's replicas with it. The runner writes no file here: a point's rows
 * come from its statistics (runner_state) once its replicas are folded.
 * Work item w is scenario w / points, design point w % points. The
 * contrasts' rows (differences of two scenarios' point means) follow once
 * every item is done, computed from the rows already in points.csv.
 */
#include "sim/sweep/sweep.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "analysis/stats.h"
#include "sim/engine/checkpoint.h"
#include "sim/engine/measure.h"
#include "sim/engine/ranks.h"
#include "sim/engine/run.h"
#include "sim/engine/runner.h"
#include "sim/engine/weightonly.h"
#include "sim/output/atomicfile.h"
#include "sim/output/csvout.h"
#include "sim/output/jsonfile.h"
#include "sim/output/meta.h"
#include "sim/output/outdir.h"
#include "sim/output/schema.h"
#include "sim/sweep/experiment.h"
#include "sim/sweep/analyse.h"
#include "sim/sweep/plan.h"
#include "sim/sweep/point.h"
#include "sim/util/infile.h"

/* The "option" an override the sweep adds itself is reported under. */
#define SWEEP_OPTION "infnet sweep"

static double seconds_since(struct timespec t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - t0.tv_nsec);
}

/* Everything one sweep holds. */
struct sweep {
    const struct sweep_request *req;
    struct diag *d;
    struct experiment e;
    struct sweep_plan p;
    struct scenario **base; /* [n_scenarios]: each base scenario with the common overrides */
    char ***sha;            /* their files' digests */
    char exp_sha[65];
    char *dir, *print;
    struct sweep_point pt;  /* the overrides of a point (sim/sweep/point.h) */
    struct factor_value *v; /* [k]: the point in progress */
    long n_work;            /* scenarios x points */
    struct atomicfile design, points;
    struct runner_state st;
    struct sweep_progress pr;
    long rep_base; /* replicas of the finished work items */
    struct timespec last_ck;
    long ck_work, ck_done;
    long points_len;   /* bytes of points.csv at the end of the last finished item */
    int analysis_only; /* --resume of a sweep whose points are all written: only the analysis is left */
};

/* Load scenario sc at the point whose values are w->v, into s, with the
 * experiment's steps recorded. */
static int load_point(struct sweep *w, int sc, size_t point, struct scenario *s)
{
    char what[64];
    snprintf(what, sizeof what, "design point %zu", point);
    return sweep_point_load(&w->pt, (size_t)sc, w->v, w->e.steps, w->e.n_steps, what, s, w->d);
}

/* The fingerprint of a sweep's inputs, one fact a line (as run's). */
static char *fingerprint(const struct sweep *w)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    fprintf(f, "engine infnet %s (git %s)\n", w->req->version, w->req->commit);
    fprintf(f, "experiment %s sha256 %s\n", w->e.path, w->exp_sha);
    fprintf(f, "design %s: %zu points of %zu factors\n", experiment_method_name(w->e.design.method),
            w->p.n_points, w->p.k);
    for (size_t i = 0; i < w->e.n_scenarios; i++)
        for (int j = 0; j < w->base[i]->n_files; j++)
            fprintf(f, "file %s sha256 %s\n", w->base[i]->files[j], w->sha[i][j]);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* ---- output files ------------------------------------------------------ */

static const char *const *factor_names(const struct experiment *e, const char **names)
{
    for (size_t j = 0; j < e->n_factors; j++)
        names[j] = e->factors[j].name;
    return names;
}

/* design.csv, whole: one row per design point. */
static int write_design(struct sweep *w)
{
    const char **names = calloc(w->p.k + 1, sizeof *names);
    if (!names)
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    int rc = atomicfile_open(&w->design, w->dir, schema_design.file, w->d);
    if (!rc) {
        schema_write_header_extra(w->design.f, &schema_design, factor_names(&w->e, names), w->p.k);
        for (size_t i = 0; i < w->p.n_points && !rc; i++) {
            if (sweep_plan_point(&w->p, &w->e, i, w->v)) {
                rc = diag_set(w->d, DIAG_RUNTIME, w->e.path, 0, 0, "design point %zu is outside the design",
                              i);
                break;
            }
            struct schema_row r;
            schema_row_begin(&r, w->design.f, &schema_design);
            schema_row_whole(&r, i);
            for (size_t j = 0; j < w->p.k; j++)
                schema_row_extra(&r, experiment_value_text(&w->e, j, &w->v[j]));
            schema_row_end(&r);
        }
    }
    free(names);
    return rc;
}

static int open_points(struct sweep *w)
{
    const char **names = calloc(w->p.k + 1, sizeof *names);
    if (!names)
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    int rc = atomicfile_open(&w->points, w->dir, schema_points.file, w->d);
    if (!rc)
        schema_write_header_extra(w->points.f, &schema_points, factor_names(&w->e, names), w->p.k);
    free(names);
    return rc;
}

/* points.csv rows of the finished point (values w->v) of scenario s. */
static int write_point_rows(struct sweep *w, size_t point, const struct scenario *s)
{
    int last = s->steps, n_steps = w->e.n_steps ? w->e.n_steps : 1;
    size_t cap = w->st.summary.exact_cap;
    double *scratch = malloc((cap ? cap : 1) * sizeof *scratch);
    if (!scratch)
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing the statistics");
    for (int k = 0; k < n_steps; k++) {
        int t = w->e.n_steps ? w->e.steps[k] : last;
        for (int m = 0; m < METRIC_COUNT; m++) {
            if (!(w->e.metrics & METRIC_BIT(m)) || !(s->measure.metrics & METRIC_BIT(m)))
                continue;
            long cell = runner_summary_cell(s, t, m);
            if (cell < 0)
                continue; /* not recorded: load_point records every step it needs */
            struct stats_summary sm;
            stats_summarize(&w->st.summary, (size_t)cell, scratch, &sm);
            struct schema_row r;
            schema_row_begin(&r, w->points.f, &schema_points);
            schema_row_whole(&r, point);
            schema_row_text(&r, s->name);
            schema_row_whole(&r, (unsigned long long)t);
            schema_row_text(&r, measure_metric_name(m));
            schema_row_whole(&r, sm.n);
            schema_row_number(&r, sm.mean);
            schema_row_number(&r, sm.sd);
            for (int q = 0; q < SCHEMA_SUMMARY_Q; q++)
                schema_row_number(&r, sm.q[q]);
            for (size_t j = 0; j < w->p.k; j++)
                schema_row_extra(&r, experiment_value_text(&w->e, j, &w->v[j]));
            schema_row_end(&r);
        }
    }
    free(scratch);
    return DIAG_OK;
}

/* Flush and fsync points.csv; its length into *len. */
static int sync_points(struct sweep *w, long *len)
{
    FILE *f = w->points.f;
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", w->points.tmp,
                        strerror(errno));
    *len = ftell(f);
    return DIAG_OK;
}

/* ---- contrasts ---------------------------------------------------------- */

/* One scenario's point statistics, read back from points.csv: slot
 * (point, step index, metric) of the scenarios the contrasts name. */
struct contrast_cell {
    double mean, sd;
    long n;
    unsigned char seen;
};

struct contrast_table {
    const struct experiment *e;
    size_t n_points;
    int n_st;                    /* the experiment's steps, or 1: the last step */
    long *slot;                  /* [n_scenarios]: its block in cells, or -1 when no contrast names it */
    struct contrast_cell *cells; /* blocks of n_points x n_st x METRIC_COUNT */
};

static size_t contrast_at(const struct contrast_table *t, long block, size_t point, int k, int m)
{
    return (size_t)block * t->n_points * (size_t)t->n_st * METRIC_COUNT +
           (point * (size_t)t->n_st + (size_t)k) * METRIC_COUNT + (size_t)m;
}

static int contrast_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct contrast_table *t = schema_user(r);
    const struct experiment *e = t->e;
    long block = -1;
    for (size_t i = 0; i < e->n_scenarios && block < 0; i++)
        if (t->slot[i] >= 0 && !strcmp(e->scenario_names[i], v[POINTS_SCENARIO].text))
            block = t->slot[i];
    int m = measure_metric_find(v[POINTS_METRIC].text), k = 0;
    if (block < 0 || m < 0 || v[POINTS_POINT].whole < 0 || (size_t)v[POINTS_POINT].whole >= t->n_points)
        return DIAG_OK;
    if (e->n_steps) {
        for (k = 0; k < e->n_steps && e->steps[k] != (int)v[POINTS_STEP].whole; k++)
            ;
        if (k == e->n_steps)
            return DIAG_OK;
    }
    struct contrast_cell *c = &t->cells[contrast_at(t, block, (size_t)v[POINTS_POINT].whole, k, m)];
    *c = (struct contrast_cell){v[POINTS_MEAN].number, v[POINTS_SD].number, v[POINTS_N].whole, 1};
    return DIAG_OK;
}

/* The rows of every contrast, appended to points.csv once every design
 * point of every scenario is in it: for each contrast, design point, step
 * and metric (the order of a scenario's rows), n the smaller of the two
 * counts, mean the difference of the two means, and sd such that sd^2 / n is
 * the variance of that difference, sd_S^2 / n_S + sd_R^2 / n_R (the two
 * scenarios' replicas draw independent streams); no quantiles. The means
 * are read back from points.csv, whose numbers read back exactly, so that a
 * resumed sweep writes the same rows. */
static int write_contrast_rows(struct sweep *w)
{
    const struct experiment *e = &w->e;
    if (!e->n_contrasts)
        return DIAG_OK;
    long dummy;
    int rc = sync_points(w, &dummy);
    if (rc)
        return rc;
    struct contrast_table t = {.e = e, .n_points = w->p.n_points, .n_st = e->n_steps ? e->n_steps : 1};
    t.slot = malloc((e->n_scenarios + 1) * sizeof *t.slot);
    long blocks = 0;
    for (size_t i = 0; t.slot && i < e->n_scenarios; i++) {
        int used = 0;
        for (size_t c = 0; c < e->n_contrasts; c++)
            used |= e->contrasts[c].scenario == i || e->contrasts[c].reference == i;
        t.slot[i] = used ? blocks++ : -1;
    }
    size_t n_cells = (size_t)blocks * t.n_points * (size_t)t.n_st * METRIC_COUNT;
    t.cells = t.slot ? calloc(n_cells ? n_cells : 1, sizeof *t.cells) : NULL;
    if (!t.slot || !t.cells) {
        free(t.slot);
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory computing the contrasts");
    }
    rc = schema_read(w->points.tmp, &schema_points, contrast_row, &t, w->d);
    for (size_t c = 0; c < e->n_contrasts && !rc; c++) {
        const struct experiment_contrast *ct = &e->contrasts[c];
        long bs = t.slot[ct->scenario], br = t.slot[ct->reference];
        for (size_t i = 0; i < t.n_points && !rc; i++) {
            if (sweep_plan_point(&w->p, e, i, w->v)) {
                rc = diag_set(w->d, DIAG_RUNTIME, e->path, 0, 0, "design point %zu is outside the design", i);
                break;
            }
            for (int k = 0; k < t.n_st && !rc; k++)
                for (int m = 0; m < METRIC_COUNT; m++) {
                    if (!(e->metrics & METRIC_BIT(m)))
                        continue;
                    const struct contrast_cell *a = &t.cells[contrast_at(&t, bs, i, k, m)],
                                               *b = &t.cells[contrast_at(&t, br, i, k, m)];
                    if (!a->seen || !b->seen) {
                        rc = diag_set(w->d, DIAG_RUNTIME, w->points.tmp, 0, 0,
                                      "contrast '%s': no row of metric '%s' for design point %zu of "
                                      "scenario '%s'",
                                      ct->name, measure_metric_name(m), i,
                                      e->scenario_names[a->seen ? ct->reference : ct->scenario]);
                        break;
                    }
                    long n = a->n < b->n ? a->n : b->n;
                    double var = a->sd * a->sd / (double)a->n + b->sd * b->sd / (double)b->n;
                    double sd = n > 0 ? sqrt((double)n * var) : NAN;
                    int step = e->n_steps ? e->steps[k] : w->base[ct->scenario]->steps;
                    struct schema_row r;
                    schema_row_begin(&r, w->points.f, &schema_points);
                    schema_row_whole(&r, i);
                    schema_row_text(&r, ct->name);
                    schema_row_whole(&r, (unsigned long long)step);
                    schema_row_text(&r, measure_metric_name(m));
                    schema_row_whole(&r, (unsigned long long)(n > 0 ? n : 0));
                    schema_row_number(&r, a->mean - b->mean);
                    schema_row_number(&r, sd);
                    for (int q = 0; q < SCHEMA_SUMMARY_Q; q++)
                        schema_row_number(&r, NAN);
                    for (size_t j = 0; j < w->p.k; j++)
                        schema_row_extra(&r, experiment_value_text(e, j, &w->v[j]));
                    schema_row_end(&r);
                }
        }
    }
    free(t.slot);
    free(t.cells);
    return rc;
}

/* The checkpoint: work item ck_work with st->done replicas folded, and
 * points.csv as long as it was when the item began. */
static int write_checkpoint(struct sweep *w, const struct runner_state *st)
{
    struct checkpoint ck = {.fingerprint = w->print, .scenario = (int)w->ck_work, .done = st->done};
    int rc = sync_points(w, &ck.len[CK_SUMMARY]);
    if (!rc) {
        ck.len[CK_SUMMARY] = w->points_len;
        rc = checkpoint_write(w->dir, &ck, st, w->d);
    }
    clock_gettime(CLOCK_MONOTONIC, &w->last_ck);
    return rc;
}

static int maybe_checkpoint(void *ctx, const struct runner_state *st, struct diag *d)
{
    struct sweep *w = ctx;
    (void)d;
    if (seconds_since(w->last_ck) < RUN_CHECKPOINT_SECONDS)
        return DIAG_OK;
    return write_checkpoint(w, st);
}

static void bridge(void *ctx, long done, long total)
{
    struct sweep *w = ctx;
    (void)total;
    w->pr.replicas_done = w->rep_base + done;
    w->req->progress(w->req->progress_ctx, &w->pr);
}

/* ---- meta.json --------------------------------------------------------- */

static json_t *factor_json(const struct experiment *e, size_t j)
{
    static const char *const kinds[] = {"range", "levels", "uniform", "triangular", "normal", "alternatives"};
    static const char *const types[] = {"real", "integer", "boolean", "string", "alternatives"};
    const struct factor *f = &e->factors[j];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(f->name));
    json_object_set_new(o, "key", f->key ? json_string(f->key) : json_null());
    json_object_set_new(o, "kind", json_string(kinds[f->kind]));
    json_object_set_new(o, "type", json_string(types[f->type]));
    if (f->kind == FACTOR_RANGE || f->kind == FACTOR_UNIFORM || f->kind == FACTOR_TRIANGULAR ||
        f->kind == FACTOR_NORMAL) {
        json_object_set_new(o, "min", json_real(f->lo));
        json_object_set_new(o, "max", json_real(f->hi));
    }
    if (f->kind == FACTOR_TRIANGULAR)
        json_object_set_new(o, "mode", json_real(f->mode));
    if (f->kind == FACTOR_NORMAL) {
        json_object_set_new(o, "mean", json_real(f->mean));
        json_object_set_new(o, "sd", json_real(f->sd));
    }
    if (f->kind == FACTOR_LEVELS) {
        json_t *lv = json_array();
        for (size_t l = 0; l < f->n_levels; l++)
            json_array_append_new(lv, json_string(f->levels[l].text));
        json_object_set_new(o, "levels", lv);
    }
    if (f->kind == FACTOR_ALTERNATIVES) {
        json_t *alts = json_object();
        for (size_t a = 0; a < f->n_alts; a++) {
            json_t *sets = json_array();
            for (int s = 0; s < f->alts[a].n_sets; s++) {
                char *kv = atomicfile_pathf("%s=%s", f->alts[a].sets[s].key, f->alts[a].sets[s].value);
                json_array_append_new(sets, kv ? json_string(kv) : NULL);
                free(kv);
            }
            json_object_set_new(alts, f->alts[a].name, sets);
        }
        json_object_set_new(o, "alternatives", alts);
    }
    return o;
}

/* meta.json's record of design point i: its factor values and the --set
 * overrides it ran with (meta_run.list_item). */
static json_t *point_json(void *ctx, size_t i)
{
    struct sweep *w = ctx;
    const struct experiment *e = &w->e;
    json_t *pt = json_object(), *vals = json_object(), *sets = json_array();
    if (sweep_plan_point(&w->p, e, i, w->v)) {
        json_decref(pt);
        json_decref(vals);
        json_decref(sets);
        return NULL;
    }
    for (size_t j = 0; j < e->n_factors; j++)
        json_object_set_new(vals, e->factors[j].name, json_string(experiment_value_text(e, j, &w->v[j])));
    int n = sweep_plan_sets(e, w->v, w->pt.sets, w->pt.max_sets);
    for (int s = 0; s < n; s++) {
        char *kv = atomicfile_pathf("%s=%s", w->pt.sets[s].key, w->pt.sets[s].value);
        json_array_append_new(sets, kv ? json_string(kv) : NULL);
        free(kv);
    }
    json_object_set_new(pt, "point", json_integer((json_int_t)i));
    json_object_set_new(pt, "values", vals);
    json_object_set_new(pt, "sets", sets);
    return pt;
}

/* The members meta.json gets beyond run's: the experiment and its design
 * (every point's values and overrides follow as the streamed list
 * "points", point_json). NULL when out of memory. */
static json_t *sweep_json(struct sweep *w, long work_done)
{
    const struct experiment *e = &w->e;
    jsonfile_watch();
    json_t *root = json_object(), *x = json_object(), *ds = json_object(), *fs = json_array(),
           *ms = json_array(), *steps = json_array();
    json_object_set_new(x, "name", json_string(e->name));
    json_object_set_new(x, "description", json_string(e->description ? e->description : ""));
    json_object_set_new(x, "file", json_string(e->path));
    json_object_set_new(x, "sha256", json_string(w->exp_sha));
    json_object_set_new(ds, "method", json_string(experiment_method_name(e->design.method)));
    switch (e->design.method) {
    case EXPERIMENT_FACTORIAL: json_object_set_new(ds, "levels", json_integer(e->design.levels)); break;
    case EXPERIMENT_LHS: json_object_set_new(ds, "samples", json_integer(e->design.samples)); break;
    case EXPERIMENT_SOBOL:
        json_object_set_new(ds, "samples", json_integer(e->design.samples));
        json_object_set_new(ds, "second_order", json_boolean(e->design.second_order));
        break;
    case EXPERIMENT_MORRIS:
        json_object_set_new(ds, "trajectories", json_integer(e->design.trajectories));
        json_object_set_new(ds, "levels", json_integer(e->design.levels));
        break;
    }
    json_object_set_new(ds, "seed", json_integer((json_int_t)e->design.seed));
    json_object_set_new(ds, "points", json_integer((json_int_t)w->p.n_points));
    json_object_set_new(x, "design", ds);
    json_object_set_new(x, "replicas", json_integer(e->replicas));
    json_object_set_new(x, "seed", json_integer((json_int_t)e->seed));
    json_object_set_new(x, "common_random_numbers", json_boolean(e->common_random_numbers));
    for (size_t j = 0; j < e->n_factors; j++)
        json_array_append_new(fs, factor_json(e, j));
    json_object_set_new(x, "factors", fs);
    for (int m = 0; m < METRIC_COUNT; m++)
        if (e->metrics & METRIC_BIT(m))
            json_array_append_new(ms, json_string(measure_metric_name(m)));
    json_object_set_new(x, "metrics", ms);
    for (int k = 0; k < e->n_steps; k++)
        json_array_append_new(steps, json_integer(e->steps[k]));
    json_object_set_new(x, "steps", e->n_steps ? steps : json_null());
    if (!e->n_steps)
        json_decref(steps);
    if (e->n_contrasts) {
        json_t *cs = json_array();
        for (size_t i = 0; i < e->n_contrasts; i++) {
            json_t *c = json_object();
            json_object_set_new(c, "name", json_string(e->contrasts[i].name));
            json_object_set_new(c, "scenario", json_string(e->scenario_names[e->contrasts[i].scenario]));
            json_object_set_new(c, "reference", json_string(e->scenario_names[e->contrasts[i].reference]));
            json_array_append_new(cs, c);
        }
        json_object_set_new(x, "contrasts", cs);
    }
    json_object_set_new(root, "experiment", x);
    json_object_set_new(root, "points_done", json_integer(work_done));
    if (jsonfile_failed()) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* ---- the sweep --------------------------------------------------------- */

/* Load the base scenarios (with the common overrides), hash every file read. */
static int load_bases(struct sweep *w)
{
    int n = (int)w->e.n_scenarios;
    w->base = calloc((size_t)n + 1, sizeof *w->base);
    if (!w->base)
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    for (int i = 0; i < n; i++) {
        if (!(w->base[i] = calloc(1, sizeof **w->base)))
            return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        int rc =
            scenario_load(w->base[i], w->e.scenarios[i], w->pt.common, w->pt.n_common, w->req->limits, w->d);
        if (rc)
            return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(w->base[j]->name, w->base[i]->name) == 0)
                return diag_set(
                    w->d, DIAG_INPUT, w->e.path, 0, 0,
                    "scenario name '%s' is also the name of '%s'; names must differ within one sweep",
                    w->base[i]->name, w->base[j]->path);
    }
    return meta_hash_scenarios(w->base, n, &w->sha, w->d);
}

static void sweep_destroy(struct sweep *w)
{
    runner_state_destroy(&w->st);
    if (w->base) {
        meta_hashes_free(w->sha, w->base, (int)w->e.n_scenarios);
        for (size_t i = 0; i < w->e.n_scenarios; i++)
            if (w->base[i]) {
                scenario_destroy(w->base[i]);
                free(w->base[i]);
            }
        free(w->base);
    }
    sweep_plan_destroy(&w->p);
    experiment_destroy(&w->e);
    sweep_point_destroy(&w->pt);
    free(w->v);
    free(w->print);
}

/* Rank 0: take the directory, and open the outputs afresh or where a
 * checkpoint left them; *start and *start_done say where to begin. */
/* The file that marks a sweep whose points are whole and whose analysis was
 * interrupted: it holds the sweep's fingerprint, so that --resume runs the
 * analysis only for the same inputs. */
#define SWEEP_PENDING ".analysis-pending"

static int write_pending(struct sweep *w)
{
    struct atomicfile af;
    int rc = atomicfile_open(&af, w->dir, SWEEP_PENDING, w->d);
    if (rc)
        return rc;
    if (fputs(w->print, af.f) == EOF) {
        atomicfile_abort(&af);
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s/%s': %s", w->dir, SWEEP_PENDING,
                        strerror(errno));
    }
    return atomicfile_commit(&af, w->d);
}

static void remove_pending(const char *dir)
{
    char *path = atomicfile_pathf("%s/%s", dir, SWEEP_PENDING);
    if (path)
        unlink(path);
    free(path);
}

/* 1 when dir holds a sweep of the same inputs waiting for its analysis, 0
 * when it holds none, or a diag code (*rc) for one of other inputs. */
static int pending_matches(struct sweep *w, int *rc)
{
    *rc = DIAG_OK;
    char *path = atomicfile_pathf("%s/%s", w->dir, SWEEP_PENDING);
    if (!path) {
        *rc = diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        return 0;
    }
    FILE *f;
    off_t size;
    const char *why;
    int orc = infile_open_own(path, &f, &size, &why);
    if (orc) {
        struct stat st;
        if (lstat(path, &st) == 0 || errno != ENOENT)
            *rc = orc == DIAG_RUNTIME ? diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory")
                                      : diag_set(w->d, DIAG_INPUT, path, 0, 0, "cannot read: %s", why);
        free(path);
        return 0;
    }
    size_t want = strlen(w->print);
    char *text = (size_t)size == want ? malloc(want + 1) : NULL;
    int same = text && fread(text, 1, want, f) == want && memcmp(text, w->print, want) == 0;
    if (!same) {
        char why2[1024] = "";
        if (text) {
            text[want] = '\0';
            run_fingerprint_difference(text, w->print, "this sweep", "this sweep has fewer scenario files",
                                       "this sweep has more scenario files", why2, sizeof why2);
        }
        *rc =
            diag_set(w->d, DIAG_INPUT, NULL, 0, 0, "cannot resume '%s': it was started with other inputs%s%s",
                     w->dir, *why2 ? ": " : "", why2);
    }
    free(text);
    fclose(f);
    free(path);
    return same;
}

static int prepare_dir(struct sweep *w, struct outdir_lock *lock, long *start, long *start_done)
{
    const char *dir = w->dir;
    int rc = outdir_lock(lock, dir, "infnet sweep", w->d);
    if (rc)
        return rc;
    if (w->req->resume && checkpoint_exists(dir)) {
        struct checkpoint old;
        rc = checkpoint_read_header(dir, &old, w->d);
        if (rc)
            return rc;
        if (strcmp(old.fingerprint, w->print) != 0) {
            char why[1024];
            run_fingerprint_difference(old.fingerprint, w->print, "this sweep",
                                       "this sweep has fewer scenario files",
                                       "this sweep has more scenario files", why, sizeof why);
            rc = diag_set(w->d, DIAG_INPUT, NULL, 0, 0,
                          "cannot resume '%s': it was started with other inputs: %s", dir, why);
        }
        if (!rc && (old.scenario < 0 || old.scenario >= w->n_work))
            rc = diag_set(w->d, DIAG_INPUT, dir, 0, 0, "the checkpoint names design point %d of %ld",
                          old.scenario, w->n_work);
        if (!rc && (old.done < 0 || old.done > w->e.replicas))
            rc = diag_set(w->d, DIAG_INPUT, dir, 0, 0,
                          "the checkpoint counts %ld replicas done of a point, which has %ld", old.done,
                          w->e.replicas);
        for (int k = 0; !rc && k < CK_STREAMS; k++)
            if (old.len[k] < 0 || (old.len[k] == 0) != (k != CK_SUMMARY))
                rc = diag_set(
                    w->d, DIAG_INPUT, dir, 0, 0,
                    "the checkpoint gives output stream %d a length of %ld bytes, which no sweep leaves", k,
                    old.len[k]);
        if (!rc) {
            *start = old.scenario;
            *start_done = old.done;
            w->points_len = old.len[CK_SUMMARY];
            rc = atomicfile_resume(&w->points, dir, schema_points.file, old.len[CK_SUMMARY], w->d);
        }
        checkpoint_free(&old);
        if (!rc)
            rc = write_design(w);
        return rc;
    }
    if (w->req->resume) {
        int pending = pending_matches(w, &rc);
        if (rc)
            return rc;
        if (pending) {
            *start = w->n_work;
            *start_done = 0;
            w->analysis_only = 1;
            return DIAG_OK;
        }
    }
    static const char *const ours[] = {"design.csv", "points.csv"};
    int held = run_dir_holds_any(dir, ours, 2);
    if (held < 0)
        return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    if (w->req->resume && held)
        return diag_set(
            w->d, DIAG_INPUT, NULL, 0, 0,
            "'%s' holds results but no checkpoint: the sweep there finished (or is not infnet's); "
            "nothing to resume",
            dir);
    if (!w->req->force && !w->req->resume && (held || checkpoint_exists(dir)))
        return diag_set(w->d, DIAG_INPUT, NULL, 0, 0,
                        "'%s' already holds results; use --resume to continue an interrupted sweep there, "
                        "--force to replace them, or -o for another directory",
                        dir);
    /* --force: another run's or sweep's files go (docs/OUTPUTS.md, --force) */
    if (w->req->force && (rc = outdir_clear(dir, NULL, 0, w->d)))
        return rc;
    checkpoint_remove(dir);
    rc = write_design(w);
    if (!rc)
        rc = open_points(w);
    if (!rc)
        rc = sync_points(w, &w->points_len);
    return rc;
}

/* Run work item wi (from `done` replicas on); rank 0 appends its rows. */
static int run_item(struct sweep *w, long wi, long done, int *interrupted)
{
    int rank = ranks_rank(), rc;
    size_t point = (size_t)(wi % (long)w->p.n_points);
    int sc = (int)(wi / (long)w->p.n_points);
    struct scenario s;
    if (sweep_plan_point(&w->p, &w->e, point, w->v))
        return diag_set(w->d, DIAG_RUNTIME, w->e.path, 0, 0, "design point %zu is outside the design", point);
    if ((rc = load_point(w, sc, point, &s)))
        return rc;
    char *key = NULL;
    if (!w->e.common_random_numbers) {
        char *text = sweep_plan_key(&w->e, w->v);
        key = text ? atomicfile_pathf("%s\n%s", s.name, text) : NULL;
        free(text);
        if (!key) {
            scenario_destroy(&s);
            return diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        }
    }
    if (runner_state_init(&w->st, &s, 0)) {
        rc = diag_set(w->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory for statistics");
        goto out;
    }
    if (done > 0) {
        if (rank == 0)
            rc = checkpoint_read_state(w->dir, &w->st, w->d);
        int worst = ranks_max_int(rc);
        if (worst && !rc)
            rc = diag_set(w->d, worst, NULL, 0, 0, "rank 0 could not restore the checkpoint");
        if (rc)
            goto out;
        w->st.done = done;
    }
    w->ck_work = wi;
    /* no more threads than replicas: an idle thread still waits at every barrier */
    int threads = w->req->threads < w->e.replicas ? w->req->threads : (int)w->e.replicas;
    struct runner_options ro = {.threads = threads,
                                .exact_cap = RUNNER_EXACT_CAP,
                                .progress = w->req->progress && rank == 0 ? bridge : NULL,
                                .progress_ctx = w,
                                .stop = w->req->stop,
                                .checkpoint = rank == 0 ? maybe_checkpoint : NULL,
                                .checkpoint_ctx = w,
                                .stream_key = key};
    w->rep_base = wi * w->e.replicas;
    rc = runner_run(&s, &ro, NULL, &w->st, w->d);
    if (rc == DIAG_INTERRUPTED) {
        *interrupted = 1;
        rc = rank == 0 ? write_checkpoint(w, &w->st) : DIAG_OK;
        goto out;
    }
    if (!rc && rank == 0) {
        rc = write_point_rows(w, point, &s);
        if (!rc)
            w->points_len = ftell(w->points.f);
    }
out:
    runner_state_destroy(&w->st);
    scenario_destroy(&s);
    free(key);
    return rc;
}

int sweep_execute(const struct sweep_request *req, char **dir_out, double *wall, struct diag *d)
{
    struct sweep w;
    struct outdir_lock lock;
    int rc, rank = ranks_rank(), files_open = 0, interrupted = 0;
    long start = 0, start_done = 0, wi = 0;
    memset(&w, 0, sizeof w);
    w.req = req;
    w.d = d;
    outdir_lock_init(&lock);
    struct meta_run meta = {.command = "sweep",
                            .version = req->version,
                            .commit = req->commit,
                            .argc = req->argc,
                            .argv = req->argv,
                            .threads = req->threads,
                            .ranks = ranks_size()};
    struct timespec mono0;
    clock_gettime(CLOCK_REALTIME, &meta.started);
    clock_gettime(CLOCK_MONOTONIC, &mono0);

    if ((rc = experiment_load_limits(req->experiment, req->limits, &w.e, d)))
        goto done;
    if (!w.e.has_design) {
        rc = diag_set(
            d, DIAG_INPUT, w.e.path, w.e.calibration.line, w.e.calibration.col,
            "experiment '%s' has no 'design': it has a 'calibration' for infnet calibrate, and a sweep "
            "needs a design",
            w.e.name);
        goto done;
    }
    if ((rc = meta_sha256_file(req->experiment, w.exp_sha, d)))
        goto done;
    if ((rc = sweep_plan_init(&w.p, &w.e, d)))
        goto done;
    if ((rc = sweep_point_init(&w.pt, &w.e, req->limits, SWEEP_OPTION, d)))
        goto done;
    if ((rc = load_bases(&w)))
        goto done;
    if (rank == 0) /* a factor the measures cannot see: said before anything runs */
        for (size_t k = 0; k < w.e.n_factors; k++) {
            int weighted = 1;
            for (size_t i = 0; i < w.e.n_scenarios; i++)
                weighted &= w.base[i]->measure.weighted != 0;
            char whose[256];
            snprintf(whose, sizeof whose, "experiment '%.200s'", w.e.name);
            if (w.e.factors[k].key)
                weightonly_warn(stderr, "factor", w.e.factors[k].key, w.e.metrics, weighted, whose);
        }
    w.v = calloc(w.p.k + 1, sizeof *w.v);
    w.n_work = (long)w.e.n_scenarios * (long)w.p.n_points;
    w.dir = req->outdir ? strdup(req->outdir) : atomicfile_pathf("out/sweep-%s", w.e.name);
    if (!w.v || !w.dir || !(w.print = fingerprint(&w))) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* libgomp's team, before any output file exists (as run does) */
    int team = req->threads > 0 ? req->threads : 1, started = 0;
#pragma omp parallel num_threads(team) reduction(+ : started)
    started += 1;
    (void)started;

    if (rank == 0) {
        rc = prepare_dir(&w, &lock, &start, &start_done);
        files_open = w.design.f || w.points.f;
    }
    {
        int worst = ranks_max_int(rc);
        if (worst && !rc)
            rc = diag_set(d, worst, NULL, 0, 0, "rank 0 could not prepare '%s'", w.dir);
    }
    if (rc)
        goto done;
    {
        int at[2] = {(int)start, (int)start_done};
        ranks_bcast_ints(at, 2);
        start = at[0];
        start_done = at[1];
    }
    w.pr = (struct sweep_progress){.name = w.e.name,
                                   .points_done = start,
                                   .points_total = w.n_work,
                                   .replicas_done = start * w.e.replicas + start_done,
                                   .replicas_total = w.n_work * w.e.replicas};
    clock_gettime(CLOCK_MONOTONIC, &w.last_ck);
    for (wi = start; wi < w.n_work && !rc; wi++) {
        rc = run_item(&w, wi, wi == start ? start_done : 0, &interrupted);
        if (rc || interrupted)
            break;
        w.pr.points_done = wi + 1;
        w.pr.replicas_done = (wi + 1) * w.e.replicas;
        if (req->progress && rank == 0)
            req->progress(req->progress_ctx, &w.pr);
    }
    if (rc || rank != 0)
        goto done;
    if (!w.analysis_only && !interrupted && (rc = write_contrast_rows(&w)))
        goto done;
    files_open = 0;
    if (!w.analysis_only) {
        rc = atomicfile_commit(&w.design, d);
        if (!rc)
            rc = atomicfile_commit(&w.points, d);
        if (rc) {
            atomicfile_abort(&w.design);
            atomicfile_abort(&w.points);
            goto done;
        }
    }
    /* The analysis reads the whole design.csv and points.csv; interrupted,
     * it writes nothing, and --resume runs it again (SWEEP_PENDING). */
    int analysis_stopped = 0;
    if (!interrupted) {
        rc = sweep_analyse(w.dir, &w.e, &w.p, req->stop, d);
        if (rc == DIAG_INTERRUPTED) {
            analysis_stopped = interrupted = 1;
            rc = write_pending(&w);
        }
        if (rc)
            goto done;
    }
    clock_gettime(CLOCK_REALTIME, &meta.finished);
    meta.wall_seconds = seconds_since(mono0);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        meta.peak_rss_kib = ru.ru_maxrss;
    meta.complete = !interrupted;
    long *done = calloc(w.e.n_scenarios + 1, sizeof *done);
    for (size_t i = 0; done && i < w.e.n_scenarios; i++) {
        long lo = (long)i * (long)w.p.n_points, items = wi - lo;
        items = items < 0 ? 0 : items > (long)w.p.n_points ? (long)w.p.n_points : items;
        done[i] = items * w.e.replicas;
    }
    json_t *extra = done ? sweep_json(&w, wi) : NULL;
    if (!extra) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing '%s/meta.json'", w.dir);
    } else {
        meta.done = done;
        meta.sha256 = w.sha;
        meta.extra = extra;
        meta.list_name = "points";
        meta.list_n = w.p.n_points;
        meta.list_item = point_json;
        meta.list_ctx = &w;
        rc = meta_write(w.dir, &meta, w.base, (int)w.e.n_scenarios, d);
    }
    json_decref(extra);
    free(done);
    if (rc) {
        char *p1 = atomicfile_pathf("%s/%s", w.dir, schema_design.file),
             *p2 = atomicfile_pathf("%s/%s", w.dir, schema_points.file);
        if (p1)
            unlink(p1);
        if (p2)
            unlink(p2);
        free(p1);
        free(p2);
        goto done;
    }
    if (!interrupted) {
        checkpoint_remove(w.dir);
        remove_pending(w.dir);
    }
    if (wall)
        *wall = meta.wall_seconds;
    if (analysis_stopped)
        rc = diag_set(
            d, DIAG_INTERRUPTED, NULL, 0, 0,
            "interrupted during the analysis: '%s' holds every design point's rows, but no "
            "sensitivity.csv (meta.json: complete false); finish with: infnet sweep %s -o %s --resume",
            w.dir, req->experiment, w.dir);
    else if (interrupted)
        rc = diag_set(
            d, DIAG_INTERRUPTED, NULL, 0, 0,
            "interrupted: '%s' holds the rows of %ld of %ld design points (meta.json: complete false); "
            "continue with: infnet sweep %s -o %s --resume",
            w.dir, wi, w.n_work, req->experiment, w.dir);

done:
    if (files_open) {
        atomicfile_abort(&w.design);
        atomicfile_abort(&w.points);
    }
    outdir_unlock(&lock);
    sweep_destroy(&w);
    if ((!rc || rc == DIAG_INTERRUPTED) && dir_out)
        *dir_out = w.dir;
    else
        free(w.dir);
    return rc;
}
