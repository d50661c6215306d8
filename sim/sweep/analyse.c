/* sim/sweep/analyse.c - sensitivity.csv and discovery.csv from a sweep's design.csv and points.csv (see
 * analyse.h).
 *
 * Both input files are read back through the declared schemas (design.csv's
 * columns are the factors', so its table is built here), into one table of
 * factor values (points x factors) and one series of point means per
 * scenario, metric and step. Each series then goes through the design's
 * estimator and the noise estimate, and is written as rows of
 * sensitivity.csv; the discovery condition's series, when asked, through
 * PRIM into discovery.csv. The table is as large as the design and the
 * series are loaded a few at a time (SERIES_BUDGET bytes of them a pass
 * over points.csv), so that memory grows with the design table only, not
 * with points.csv.
 */
#include "sim/sweep/analyse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analysis/prim.h"
#include "analysis/sensitivity.h"
#include "sim/engine/rng.h"
#include "sim/output/atomicfile.h"
#include "sim/output/csvin.h"
#include "sim/output/schema.h"
#include "sim/engine/measure.h"
#include "sim/sweep/experiment.h"
#include "sim/sweep/plan.h"

/* The factor columns of design.csv read per pass: csvin takes CSVIN_MAX_COLS, one is `point`. */
#define DESIGN_CHUNK (CSVIN_MAX_COLS - 1)

/* The bytes of series values one pass over points.csv loads when the spec
 * does not say (at least one series a pass). */
#define SERIES_BUDGET (1u << 18)

/* The point means of one scenario, metric and step, in point order; the
 * arrays are NULL while the series is not loaded. */
struct series {
    char *scenario, *metric;
    int step;
    double *mean, *sd;
    long *n;
    unsigned char *seen;
};

struct analysis {
    const struct sweep_spec *s;
    const char *dir;
    struct diag *d;
    char *design_path, *points_path;
    double *x;     /* n_points x k factor values */
    long base;     /* the first point id */
    size_t rows;   /* design.csv rows read in the current pass */
    size_t c0, c1; /* the factors of the current pass */
    struct series *series;
    size_t n_series, cap_series;
    size_t lo, hi;  /* the series loaded by the current pass */
    int collecting; /* the pass that finds the series: adds them, loads none */
};

static int oom(struct diag *d)
{
    return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory while analysing the sweep");
}

static int stopped(const struct analysis *A)
{
    return A->s->stop && *A->s->stop;
}

static int interrupted(struct diag *d)
{
    return diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0, "interrupted while analysing the sweep");
}

/* ---- design.csv ---------------------------------------------------------- */

/* The number factor j's text stands for: a number as written, else one of
 * its codes, else true/false as 1/0. 0, or -1 when it is none of these. */
static int factor_number(const struct sweep_factor *f, const char *t, double *x)
{
    if (*t && csvin_number(t, x) == 0)
        return isfinite(*x) ? 0 : -1;
    for (size_t c = 0; c < f->n_codes; c++)
        if (!strcmp(f->codes[c].text, t)) {
            *x = f->codes[c].x;
            return 0;
        }
    if (!strcmp(t, "true") || !strcmp(t, "false")) {
        *x = !strcmp(t, "true");
        return 0;
    }
    return -1;
}

static int design_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct analysis *A = schema_user(r);
    const struct sweep_spec *s = A->s;
    if (A->rows == 0 && A->c0 == 0)
        A->base = v[0].whole;
    if (A->rows >= s->n_points)
        return csvin_fail(r, 0, "more points than the design's %zu", s->n_points);
    if (v[0].whole != A->base + (long)A->rows)
        return csvin_fail(r, 0, "point %ld where point %ld was expected (points are consecutive)", v[0].whole,
                          A->base + (long)A->rows);
    for (size_t j = A->c0; j < A->c1; j++) {
        const struct sweep_factor *f = &s->factors[j];
        double *x = &A->x[A->rows * s->k + j];
        if (factor_number(f, v[1 + j - A->c0].text, x))
            return csvin_fail(r, 1 + j - A->c0, "%s '%s' is neither a number nor one of the factor's values",
                              f->name, v[1 + j - A->c0].text);
    }
    A->rows++;
    return DIAG_OK;
}

/* Read the factor values, DESIGN_CHUNK columns at a time. */
static int read_design(struct analysis *A)
{
    const struct sweep_spec *s = A->s;
    struct schema_column cols[CSVIN_MAX_COLS];
    cols[0] = (struct schema_column){"point", SCHEMA_COUNT};
    for (A->c0 = 0; A->c0 < s->k; A->c0 = A->c1) {
        A->c1 = A->c0 + DESIGN_CHUNK < s->k ? A->c0 + DESIGN_CHUNK : s->k;
        for (size_t j = A->c0; j < A->c1; j++)
            cols[1 + j - A->c0] = (struct schema_column){s->factors[j].name, SCHEMA_TEXT};
        struct schema table = {.file = "design.csv",
                               .cols = cols,
                               .n_cols = 1 + A->c1 - A->c0,
                               .n_required = 1 + A->c1 - A->c0,
                               .window = 1};
        A->rows = 0;
        int rc = schema_read(A->design_path, &table, design_row, A, A->d);
        if (rc)
            return rc;
        if (A->rows != s->n_points)
            return diag_set(A->d, DIAG_INPUT, A->design_path, 0, 0, "%zu points where the design has %zu",
                            A->rows, s->n_points);
    }
    return DIAG_OK;
}

/* ---- points.csv ---------------------------------------------------------- */

static void series_unload(struct series *g)
{
    free(g->mean);
    free(g->sd);
    free(g->n);
    free(g->seen);
    g->mean = g->sd = NULL;
    g->n = NULL;
    g->seen = NULL;
}

static void series_free(struct series *g)
{
    free(g->scenario);
    free(g->metric);
    series_unload(g);
}

static long series_find(const struct analysis *A, const char *scenario, const char *metric, int step)
{
    for (size_t i = A->n_series; i-- > 0;) {
        const struct series *g = &A->series[i];
        if (g->step == step && !strcmp(g->metric, metric) && !strcmp(g->scenario, scenario))
            return (long)i;
    }
    return -1;
}

/* A new series, not loaded: its index, or -1 when out of memory. */
static long series_add(struct analysis *A, const char *scenario, const char *metric, int step)
{
    if (A->n_series == A->cap_series) {
        size_t cap = A->cap_series ? 2 * A->cap_series : 16;
        struct series *p = realloc(A->series, cap * sizeof *p);
        if (!p)
            return -1;
        A->series = p;
        A->cap_series = cap;
    }
    struct series *g = &A->series[A->n_series];
    *g = (struct series){.scenario = strdup(scenario), .metric = strdup(metric), .step = step};
    if (!g->scenario || !g->metric) {
        series_free(g);
        return -1;
    }
    return (long)A->n_series++;
}

static int points_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct analysis *A = schema_user(r);
    long i = v[POINTS_POINT].whole - A->base;
    if (i < 0 || i >= (long)A->s->n_points)
        return csvin_fail(r, POINTS_POINT, "point %ld is not in design.csv (%ld to %ld)",
                          v[POINTS_POINT].whole, A->base, A->base + (long)A->s->n_points - 1);
    const char *scenario = v[POINTS_SCENARIO].text, *metric = v[POINTS_METRIC].text;
    int step = (int)v[POINTS_STEP].whole;
    long at = series_find(A, scenario, metric, step);
    if (at < 0 && A->collecting && (at = series_add(A, scenario, metric, step)) < 0)
        return oom(A->d);
    if (at < 0)
        return csvin_fail(r, POINTS_METRIC,
                          "scenario '%s', metric '%s', step %d: points.csv changed while it was read",
                          scenario, metric, step);
    if ((size_t)at < A->lo || (size_t)at >= A->hi)
        return DIAG_OK;
    struct series *g = &A->series[at];
    if (g->seen[i])
        return csvin_fail(r, POINTS_POINT, "a second row for point %ld, scenario '%s', metric '%s', step %d",
                          v[POINTS_POINT].whole, scenario, metric, step);
    g->seen[i] = 1;
    g->mean[i] = v[POINTS_MEAN].number;
    g->sd[i] = v[POINTS_SD].number;
    g->n[i] = v[POINTS_N].whole;
    return DIAG_OK;
}

/* The pass that finds every series of points.csv, loading none. */
static int find_series(struct analysis *A)
{
    A->collecting = 1;
    A->lo = A->hi = 0;
    int rc = schema_read(A->points_path, &schema_points, points_row, A, A->d);
    A->collecting = 0;
    return rc;
}

/* The number of series a pass loads. */
static size_t series_per_pass(const struct analysis *A)
{
    size_t each = A->s->n_points * (2 * sizeof(double) + sizeof(long) + 1);
    size_t budget = A->s->series_budget ? A->s->series_budget : SERIES_BUDGET;
    return each >= budget ? 1 : budget / each;
}

static void unload_series(struct analysis *A)
{
    for (size_t g = A->lo; g < A->hi; g++)
        series_unload(&A->series[g]);
    A->lo = A->hi = 0;
}

/* Load series lo to hi - 1 in one pass over points.csv, each with a row for
 * every point. */
static int load_series(struct analysis *A, size_t lo, size_t hi)
{
    size_t n = A->s->n_points;
    A->lo = lo;
    A->hi = hi;
    for (size_t i = lo; i < hi; i++) {
        struct series *g = &A->series[i];
        g->mean = malloc(n * sizeof(double));
        g->sd = malloc(n * sizeof(double));
        g->n = malloc(n * sizeof(long));
        g->seen = calloc(n, 1);
        if (!g->mean || !g->sd || !g->n || !g->seen)
            return oom(A->d);
    }
    int rc = schema_read(A->points_path, &schema_points, points_row, A, A->d);
    if (rc)
        return rc;
    for (size_t g = lo; g < hi; g++)
        for (size_t i = 0; i < n; i++)
            if (!A->series[g].seen[i])
                return diag_set(A->d, DIAG_INPUT, A->points_path, 0, 0,
                                "no row for point %ld of scenario '%s', metric '%s', step %d",
                                A->base + (long)i, A->series[g].scenario, A->series[g].metric,
                                A->series[g].step);
    return DIAG_OK;
}

/* ---- sensitivity.csv ----------------------------------------------------- */

static void put(FILE *f, const struct series *g, const char *factor, const char *index, double value,
                double lo, double hi)
{
    struct schema_row w;
    schema_row_begin(&w, f, &schema_sensitivity);
    schema_row_text(&w, g->metric);
    schema_row_whole(&w, (unsigned long long)g->step);
    schema_row_text(&w, factor);
    schema_row_text(&w, index);
    schema_row_number(&w, value);
    schema_row_number(&w, lo);
    schema_row_number(&w, hi);
    schema_row_text(&w, g->scenario);
    schema_row_end(&w);
}

/* The noise rows (docs/SENSITIVITY.md, "Noise"). With W the mean over points
 * of the replicas' variance sd^2 and M the variance of the point means:
 * noise_share = mean(sd^2 / n) / M, the share of M that replica noise alone
 * would give; noise_share_replicas = W / (W + F), F = max(0, M - mean(sd^2 /
 * n)) the variance the factors give the true point means, the share of the
 * variance of single replica values that is noise. */
static void noise_rows(FILE *f, const struct series *g, size_t n)
{
    double w = 0, wn = 0, nan = NAN;
    int ok = n >= 2;
    for (size_t i = 0; i < n && ok; i++) {
        ok = isfinite(g->mean[i]) && isfinite(g->sd[i]) && g->n[i] > 0;
        if (ok) {
            w += g->sd[i] * g->sd[i];
            wn += g->sd[i] * g->sd[i] / (double)g->n[i];
        }
    }
    double share = nan, share_r = nan;
    if (ok) {
        w /= (double)n;
        wn /= (double)n;
        double m = gsl_stats_variance(g->mean, 1, n);
        double fv = m > wn ? m - wn : 0;
        if (m > 0)
            share = wn / m;
        if (w + fv > 0)
            share_r = w / (w + fv);
    }
    put(f, g, "*", "noise_share", share, nan, nan);
    put(f, g, "*", "noise_share_replicas", share_r, nan, nan);
}

static int all_finite(const double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return 0;
    return 1;
}

static int sobol_rows(struct analysis *A, FILE *f, const struct series *g, gsl_rng *rng)
{
    const struct sweep_spec *s = A->s;
    size_t k = s->k, per = s->second_order ? 2 * k + 2 : k + 2, nb = s->n_points / per;
    struct sensitivity_sobol so;
    if (sensitivity_sobol_init(&so, k, s->second_order))
        return oom(A->d);
    int ok = all_finite(g->mean, s->n_points);
    if (ok) {
        igraph_error_t e = sensitivity_sobol_analyze(g->mean, nb, s->n_boot, s->level, &so, rng);
        if (e == IGRAPH_ENOMEM) {
            sensitivity_sobol_destroy(&so);
            return oom(A->d);
        }
        ok = e == IGRAPH_SUCCESS;
    }
    double nan = NAN;
    for (size_t j = 0; j < k; j++)
        put(f, g, s->factors[j].name, "S1", ok ? so.s1[j] : nan, ok ? so.s1_lo[j] : nan,
            ok ? so.s1_hi[j] : nan);
    for (size_t j = 0; j < k; j++)
        put(f, g, s->factors[j].name, "ST", ok ? so.st[j] : nan, ok ? so.st_lo[j] : nan,
            ok ? so.st_hi[j] : nan);
    int rc = DIAG_OK;
    if (s->second_order)
        for (size_t j = 0; j < k && !rc; j++)
            for (size_t l = j + 1; l < k; l++) {
                char *name = atomicfile_pathf("%s:%s", s->factors[j].name, s->factors[l].name);
                if (!name) {
                    rc = oom(A->d);
                    break;
                }
                size_t c = j * k + l;
                put(f, g, name, "S2", ok ? so.s2[c] : nan, ok ? so.s2_lo[c] : nan, ok ? so.s2_hi[c] : nan);
                free(name);
            }
    sensitivity_sobol_destroy(&so);
    return rc;
}

static int morris_rows(struct analysis *A, FILE *f, const struct series *g, gsl_rng *rng)
{
    const struct sweep_spec *s = A->s;
    size_t k = s->k, r = s->n_points / (k + 1);
    struct sensitivity_morris m;
    if (sensitivity_morris_init(&m, k))
        return oom(A->d);
    int ok = all_finite(g->mean, s->n_points);
    if (ok) {
        igraph_error_t e = sensitivity_morris_analyze(s->unit, g->mean, r, s->n_boot, s->level, &m, rng);
        if (e != IGRAPH_SUCCESS) {
            sensitivity_morris_destroy(&m);
            return e == IGRAPH_ENOMEM ? oom(A->d)
                                      : diag_set(A->d, DIAG_INPUT, A->design_path, 0, 0,
                                                 "the unit design is not %zu Morris trajectories", r);
        }
    }
    double nan = NAN;
    for (size_t j = 0; j < k; j++) {
        const char *name = s->factors[j].name;
        put(f, g, name, "mu", ok ? m.mu[j] : nan, nan, nan);
        put(f, g, name, "mu_star", ok ? m.mu_star[j] : nan, ok ? m.mu_star_lo[j] : nan,
            ok ? m.mu_star_hi[j] : nan);
        put(f, g, name, "sigma", ok ? m.sigma[j] : nan, nan, nan);
    }
    sensitivity_morris_destroy(&m);
    return DIAG_OK;
}

/* SRC and R2 of the point means on the factors that vary, with percentile
 * intervals from n_boot resamples of the points (resamples in which a factor
 * or the output is constant, or the fit is singular, are left out). */
static int src_rows(struct analysis *A, FILE *f, const struct series *g, gsl_rng *rng)
{
    const struct sweep_spec *s = A->s;
    size_t n = s->n_points, k = s->k, kv = 0;
    double nan = NAN;
    size_t *var = malloc(k * sizeof *var);
    double *coef = malloc((k + 1) * sizeof *coef), *xv = malloc(n * k * sizeof *xv),
           *yb = malloc(n * sizeof *yb), *xb = malloc(n * k * sizeof *xb),
           *draws = malloc((k + 1) * (s->n_boot + 1) * sizeof *draws), *lo = malloc((k + 1) * sizeof *lo),
           *hi = malloc((k + 1) * sizeof *hi);
    int rc = DIAG_OK;
    if (!var || !coef || !xv || !yb || !xb || !draws || !lo || !hi) {
        rc = oom(A->d);
        goto done;
    }
    for (size_t j = 0; j < k; j++) {
        int constant = 1;
        for (size_t i = 1; i < n && constant; i++)
            constant = A->x[i * k + j] == A->x[j];
        if (!constant)
            var[kv++] = j;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t v = 0; v < kv; v++)
            xv[i * kv + v] = A->x[i * k + var[v]];
    for (size_t v = 0; v <= kv; v++)
        coef[v] = lo[v] = hi[v] = nan;
    int ok = kv > 0 && all_finite(g->mean, n);
    if (ok && sensitivity_src(xv, g->mean, n, kv, coef, &coef[kv]) != IGRAPH_SUCCESS)
        for (size_t v = 0; v <= kv; v++)
            coef[v] = nan;
    ok = ok && isfinite(coef[kv]);
    size_t good = 0;
    for (size_t b = 0; ok && b < s->n_boot; b++) {
        for (size_t i = 0; i < n; i++) {
            size_t p = (size_t)gsl_rng_uniform_int(rng, n);
            yb[i] = g->mean[p];
            memcpy(xb + i * kv, xv + p * kv, kv * sizeof *xb);
        }
        double *out = draws + good * (kv + 1);
        if (sensitivity_src(xb, yb, n, kv, out, &out[kv]) != IGRAPH_SUCCESS || !all_finite(out, kv + 1))
            continue;
        good++;
    }
    if (good > 0) {
        double *v = malloc(good * sizeof *v);
        if (!v) {
            rc = oom(A->d);
            goto done;
        }
        for (size_t c = 0; c <= kv; c++) {
            for (size_t b = 0; b < good; b++)
                v[b] = draws[b * (kv + 1) + c];
            gsl_sort(v, 1, good);
            lo[c] = gsl_stats_quantile_from_sorted_data(v, 1, good, (1.0 - s->level) / 2.0);
            hi[c] = gsl_stats_quantile_from_sorted_data(v, 1, good, (1.0 + s->level) / 2.0);
        }
        free(v);
    }
    for (size_t j = 0, v = 0; j < k; j++) {
        if (v < kv && var[v] == j) {
            put(f, g, s->factors[j].name, "SRC", coef[v], lo[v], hi[v]);
            v++;
        } else
            put(f, g, s->factors[j].name, "SRC", nan, nan, nan);
    }
    put(f, g, "*", "R2", coef[kv], lo[kv], hi[kv]);
done:
    free(var);
    free(coef);
    free(xv);
    free(yb);
    free(xb);
    free(draws);
    free(lo);
    free(hi);
    return rc;
}

/* The bootstrap stream of one series: the design seed, the scenario and
 * metric's names, the step. */
static uint64_t series_seed(uint64_t seed, const struct series *g)
{
    return rng_stream_seed(seed ^ rng_fnv1a64(g->metric), g->scenario, (uint64_t)g->step);
}

static int write_sensitivity(struct analysis *A)
{
    const struct sweep_spec *s = A->s;
    struct rng_stream rs;
    if (rng_stream_init(&rs))
        return oom(A->d);
    struct atomicfile af;
    int rc = atomicfile_open(&af, A->dir, "sensitivity.csv", A->d);
    if (rc) {
        rng_stream_destroy(&rs);
        return rc;
    }
    schema_write_header(af.f, &schema_sensitivity);
    size_t per = series_per_pass(A);
    for (size_t lo = 0; lo < A->n_series && !rc; lo += per) {
        size_t hi = lo + per < A->n_series ? lo + per : A->n_series;
        rc = stopped(A) ? interrupted(A->d) : load_series(A, lo, hi);
        for (size_t i = lo; i < hi && !rc; i++) {
            const struct series *g = &A->series[i];
            if (stopped(A)) {
                rc = interrupted(A->d);
                break;
            }
            rng_stream_seed_with(&rs, series_seed(s->seed, g));
            switch (s->method) {
            case SWEEP_SOBOL: rc = sobol_rows(A, af.f, g, rs.gsl); break;
            case SWEEP_MORRIS: rc = morris_rows(A, af.f, g, rs.gsl); break;
            case SWEEP_FACTORIAL:
            case SWEEP_LHS: rc = src_rows(A, af.f, g, rs.gsl); break;
            }
            if (!rc)
                noise_rows(af.f, g, s->n_points);
        }
        unload_series(A);
    }
    rng_stream_destroy(&rs);
    if (rc) {
        atomicfile_abort(&af);
        return rc;
    }
    return atomicfile_commit(&af, A->d);
}

/* ---- discovery.csv ------------------------------------------------------- */

static int is_case(const struct sweep_condition *c, double y)
{
    switch (c->op) {
    case SWEEP_LT: return y < c->threshold;
    case SWEEP_LE: return y <= c->threshold;
    case SWEEP_GT: return y > c->threshold;
    case SWEEP_GE: return y >= c->threshold;
    }
    return 0;
}

/* The series of the condition for a scenario: its step, or the last step;
 * -1 when there is none. */
static long condition_series(const struct analysis *A, const char *scenario)
{
    const struct sweep_condition *c = A->s->discovery;
    long best = -1;
    for (size_t i = 0; i < A->n_series; i++) {
        const struct series *g = &A->series[i];
        if (strcmp(g->scenario, scenario) || strcmp(g->metric, c->metric))
            continue;
        if (c->step >= 0 ? g->step == c->step : (best < 0 || g->step > A->series[best].step))
            best = (long)i;
    }
    return best;
}

static int discovery_scenario(struct analysis *A, FILE *f, const struct series *g, unsigned char *y,
                              struct prim_trajectory *t)
{
    const struct sweep_spec *s = A->s;
    size_t n = s->n_points, cases = 0;
    for (size_t i = 0; i < n; i++)
        cases += y[i] = (unsigned char)is_case(s->discovery, g->mean[i]);
    if (cases == 0)
        return DIAG_OK;
    igraph_error_t e = prim_peel(A->x, y, n, PRIM_DEFAULT_ALPHA, PRIM_DEFAULT_MIN_MASS, t);
    if (e == IGRAPH_ENOMEM)
        return oom(A->d);
    if (e != IGRAPH_SUCCESS)
        return diag_set(A->d, DIAG_RUNTIME, NULL, 0, 0, "scenario discovery of scenario '%s' failed",
                        g->scenario);
    for (size_t b = 0; b < t->n_boxes; b++)
        for (size_t j = 0; j < s->k; j++) {
            struct schema_row w;
            schema_row_begin(&w, f, &schema_discovery);
            schema_row_whole(&w, b);
            schema_row_number(&w, t->coverage[b]);
            schema_row_number(&w, t->density[b]);
            schema_row_number(&w, t->mass[b]);
            schema_row_whole(&w, t->count[b]);
            schema_row_text(&w, s->factors[j].name);
            schema_row_number(&w, t->lower[b * s->k + j]);
            schema_row_number(&w, t->upper[b * s->k + j]);
            schema_row_whole(&w, t->restricted[b * s->k + j]);
            schema_row_text(&w, g->scenario);
            schema_row_end(&w);
        }
    return DIAG_OK;
}

static int write_discovery(struct analysis *A)
{
    const struct sweep_spec *s = A->s;
    struct prim_trajectory t;
    unsigned char *y = malloc(s->n_points);
    if (!y || prim_trajectory_init(&t, s->k)) {
        free(y);
        return oom(A->d);
    }
    struct atomicfile af = {0};
    int rc = atomicfile_open(&af, A->dir, "discovery.csv", A->d);
    if (!rc)
        schema_write_header(af.f, &schema_discovery);
    /* each scenario once, in the order points.csv names them (or the one
     * the condition names, which must be there) */
    int found = 0;
    for (size_t i = 0; i < A->n_series && !rc; i++) {
        if (s->discovery->scenario && strcmp(A->series[i].scenario, s->discovery->scenario))
            continue;
        found = 1;
        int first = 1;
        for (size_t p = 0; p < i && first; p++)
            first = strcmp(A->series[p].scenario, A->series[i].scenario) != 0;
        if (!first)
            continue;
        if (stopped(A)) {
            rc = interrupted(A->d);
            break;
        }
        long g = condition_series(A, A->series[i].scenario);
        if (g < 0)
            rc = diag_set(A->d, DIAG_INPUT, A->points_path, 0, 0,
                          "no rows of metric '%s' at step %d for scenario '%s' (the discovery condition)",
                          s->discovery->metric, s->discovery->step, A->series[i].scenario);
        if (!rc)
            rc = load_series(A, (size_t)g, (size_t)g + 1);
        if (!rc)
            rc = discovery_scenario(A, af.f, &A->series[g], y, &t);
        unload_series(A);
    }
    if (!rc && s->discovery->scenario && !found)
        rc =
            diag_set(A->d, DIAG_INPUT, A->points_path, 0, 0,
                     "no rows of scenario '%s' (the discovery condition's scenario)", s->discovery->scenario);
    prim_trajectory_destroy(&t);
    free(y);
    if (rc) {
        if (af.f)
            atomicfile_abort(&af);
        return rc;
    }
    return atomicfile_commit(&af, A->d);
}

/* ---- the stage ----------------------------------------------------------- */

/* The spec's own consistency: the point count its method makes. */
static int check_spec(const struct analysis *A)
{
    const struct sweep_spec *s = A->s;
    if (s->k == 0 || s->n_points == 0)
        return diag_set(A->d, DIAG_INPUT, NULL, 0, 0,
                        "a sweep without factors or points has nothing to analyse");
    size_t per = s->method == SWEEP_SOBOL    ? (s->second_order ? 2 * s->k + 2 : s->k + 2)
                 : s->method == SWEEP_MORRIS ? s->k + 1
                                             : 1;
    if (s->n_points % per || (s->method == SWEEP_SOBOL && s->n_points / per < 2))
        return diag_set(A->d, DIAG_INPUT, NULL, 0, 0, "%zu points are not a %s design of %zu factors",
                        s->n_points, s->method == SWEEP_SOBOL ? "Saltelli" : "Morris", s->k);
    if (s->method == SWEEP_MORRIS && !s->unit)
        return diag_set(A->d, DIAG_INPUT, NULL, 0, 0, "a Morris analysis needs the unit design");
    return DIAG_OK;
}

int sweep_analyse_spec(const char *dir, const struct sweep_spec *s, struct diag *d)
{
    struct analysis A = {.s = s, .dir = dir, .d = d};
    int rc = check_spec(&A);
    if (rc)
        return rc;
    A.design_path = atomicfile_pathf("%s/design.csv", dir);
    A.points_path = atomicfile_pathf("%s/points.csv", dir);
    A.x = malloc(s->n_points * s->k * sizeof *A.x);
    if (!A.design_path || !A.points_path || !A.x)
        rc = oom(d);
    if (!rc)
        rc = read_design(&A);
    if (!rc)
        rc = find_series(&A);
    if (!rc)
        rc = write_sensitivity(&A);
    if (!rc && s->discovery)
        rc = write_discovery(&A);
    for (size_t i = 0; i < A.n_series; i++)
        series_free(&A.series[i]);
    free(A.series);
    free(A.x);
    free(A.design_path);
    free(A.points_path);
    return rc;
}

/* ---- from an experiment ------------------------------------------------------ */

/* The codes of factor f's values that design.csv may print as text: its
 * levels' texts (numbers, true/false 1/0, strings their index) and its
 * alternatives' names (their index). NULL with *n = 0 when there are none;
 * -1 when out of memory. */
static int factor_codes(const struct factor *f, struct sweep_code **out, size_t *n)
{
    size_t m = f->kind == FACTOR_ALTERNATIVES ? f->n_alts : f->kind == FACTOR_LEVELS ? f->n_levels : 0;
    *out = NULL;
    *n = 0;
    if (!m)
        return 0;
    struct sweep_code *c = malloc(m * sizeof *c);
    if (!c)
        return -1;
    for (size_t i = 0; i < m; i++)
        c[i] = f->kind == FACTOR_ALTERNATIVES ? (struct sweep_code){f->alts[i].name, (double)i}
                                              : (struct sweep_code){f->levels[i].text, f->levels[i].x};
    *out = c;
    *n = m;
    return 0;
}

int sweep_analyse(const char *dir, const struct experiment *e, const struct sweep_plan *given,
                  const volatile sig_atomic_t *stop, struct diag *d)
{
    static const enum sweep_method methods[] = {
        [EXPERIMENT_FACTORIAL] = SWEEP_FACTORIAL,
        [EXPERIMENT_LHS] = SWEEP_LHS,
        [EXPERIMENT_SOBOL] = SWEEP_SOBOL,
        [EXPERIMENT_MORRIS] = SWEEP_MORRIS,
    };
    static const enum sweep_op ops[] = {
        [DISCOVERY_LT] = SWEEP_LT,
        [DISCOVERY_LE] = SWEEP_LE,
        [DISCOVERY_GT] = SWEEP_GT,
        [DISCOVERY_GE] = SWEEP_GE,
    };
    struct sweep_plan drawn = {0};
    int rc = given ? DIAG_OK : sweep_plan_init(&drawn, e, d);
    if (rc)
        return rc;
    const struct sweep_plan *plan = given ? given : &drawn;
    size_t k = e->n_factors;
    struct sweep_factor *fs = calloc(k ? k : 1, sizeof *fs);
    if (!fs)
        rc = oom(d);
    for (size_t j = 0; j < k && !rc; j++) {
        struct sweep_code *c;
        fs[j].name = e->factors[j].name;
        if (factor_codes(&e->factors[j], &c, &fs[j].n_codes))
            rc = oom(d);
        fs[j].codes = c;
    }
    struct sweep_condition cond;
    if (!rc && e->discovery.metric >= 0)
        cond = (struct sweep_condition){measure_metric_name(e->discovery.metric), e->discovery.step,
                                        ops[e->discovery.op], e->discovery.threshold, e->discovery.scenario};
    struct sweep_spec s = {
        .method = methods[e->design.method],
        .second_order = e->design.second_order,
        .k = k,
        .factors = fs,
        .n_points = plan->n_points,
        .unit = plan->u,
        .seed = e->design.seed,
        .n_boot = SWEEP_BOOTSTRAP,
        .level = SWEEP_LEVEL,
        .discovery = e->discovery.metric >= 0 ? &cond : NULL,
        .stop = stop,
    };
    if (!rc)
        rc = sweep_analyse_spec(dir, &s, d);
    for (size_t j = 0; fs && j < k; j++)
        free((void *)fs[j].codes);
    free(fs);
    sweep_plan_destroy(&drawn);
    return rc;
}
