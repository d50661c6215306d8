/* sim/plot/calcharts.c - `infnet plot` of a calibration directory: posteriors, predictive check, generations.
 *
 * A directory is a calibration's when its meta.json says `"command":
 * "calibrate"`. Its `parameters` and `priors` (as sim/calibrate records
 * them) say what posterior.csv's factor columns are and which prior each
 * was inferred under; posterior.csv, predictive.csv and generations.csv are
 * read through their declared schemas, each when present. Charts:
 *   - marginal_PARAM: the weighted histogram of each parameter's posterior
 *     (as a density, the bins' weights summing to 1) with its prior's
 *     density over the prior's support, the weighted median and 90%
 *     interval in the title;
 *   - pairs: the posterior of every pair of the first PAIRS_MAX parameters,
 *     one point per particle, sized and coloured by its weight;
 *   - predictive: one panel per observation (calibrate and validate), the
 *     posterior predictive median and 90% interval beside the observed
 *     value or bounds, coloured by whether the interval covers it;
 *   - generations: the tolerance, acceptance rate and effective sample size
 *     of each generation;
 *   - model_probabilities: under model choice, each variant's posterior
 *     probability (meta.json), the prior's equal share dashed.
 * Numbers go to the data files exactly (dat_num); the same DIR gives the
 * same bytes. The prior densities come from analysis/abc.h, the sampler's
 * own, so the curve is the prior the calibration used.
 * Includes: gpwrite.c's helpers; sim/output (schema, csvin, results); analysis/abc.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis/abc.h"
#include "sim/output/csvin.h"
#include "sim/output/results.h"
#include "sim/output/schema.h"
#include "sim/plot/plot_internal.h"
#include "sim/util/grow.h"

/* Bins of a continuous parameter's histogram: about the square root of the
 * particles (the usual rule for a few hundred points), within these bounds. */
#define HIST_BINS_MIN 10
#define HIST_BINS_MAX 40
/* An integer parameter with up to this many values gets one bin per value. */
#define INT_BINS_MAX 60
/* Points of a prior's density curve. */
#define PRIOR_POINTS 201
/* A normal prior without a bound is drawn this many sd beyond its mean. */
#define NORMAL_SPAN_SD 4.0
/* The pairs chart shows the pairs of the first this many parameters. */
#define PAIRS_MAX 4
/* Intervals between the x tics of a pairs panel (narrow panels: few labels). */
#define PAIR_TICS 4
/* Panels of the pairs and predictive charts are laid out in rows of at most this many. */
#define PANEL_COLS 3
/* Point size of a particle of average weight (1 / N) in the pairs chart, and its bounds. */
#define PAIR_PS 0.8
#define PAIR_PS_MIN 0.25
#define PAIR_PS_MAX 3.0
/* The posterior histogram's fill. */
#define HIST_ALPHA 0.45
/* Colours of an observation the 90% interval covers, and of one it misses. */
#define COLOUR_COVERED "#009E73"
#define COLOUR_MISSED "#D55E00"
/* Posterior predictive quantiles (as sim/calibrate writes them). */
#define PRED_P_LO 0.05
#define PRED_P_HI 0.95

struct prrow { /* predictive.csv */
    char *id, *use;
    double observed, median, q05, q95, lower, upper;
    long covered;
};

struct genrow { /* generations.csv */
    long generation, proposed, accepted;
    double tolerance, acceptance, ess;
};

struct calib_plot {
    struct strlist param;    /* meta.json's parameters: posterior.csv's factor columns */
    struct abc_prior *prior; /* one per parameter */
    int model_choice;        /* posterior.csv ends with `variant` */
    size_t n, cap;           /* particles of posterior.csv */
    double *weight;          /* n */
    double *x;               /* n x k, NaN where a particle lacks the parameter; grown by rows */
    size_t c0, c1, row;      /* the parameters of the current pass, the row within it */
    double *lo, *hi;         /* per parameter: the range drawn (the prior's support, widened to the data) */
    struct prrow *pr;
    size_t n_pr, cap_pr;
    struct genrow *gr;
    size_t n_gr, cap_gr;
    int have_posterior;
    char *choice;           /* the factor of alternatives (model_choice), or NULL */
    struct strlist variant; /* model_probabilities: the variants, in meta.json's order */
    double *prob;           /* and their posterior probabilities */
    struct plot *p;
};

void plot_calibration_free(struct plot *p)
{
    struct calib_plot *c = p->calib;
    if (!c)
        return;
    strlist_free(&c->param);
    strlist_free(&c->variant);
    free(c->choice);
    free(c->prob);
    free(c->prior);
    free(c->weight);
    free(c->x);
    free(c->lo);
    free(c->hi);
    for (size_t i = 0; i < c->n_pr; i++) {
        free(c->pr[i].id);
        free(c->pr[i].use);
    }
    free(c->pr);
    free(c->gr);
    free(c);
    p->calib = NULL;
}

int plot_calibration_has_data(const struct plot *p)
{
    const struct calib_plot *c = p->calib;
    return c && (c->n || c->n_pr || c->n_gr);
}

/* ---- meta.json ------------------------------------------------------------------ */

/* A number of a prior; a bound may be null (infinite: -inf for min, +inf for max) when nullable. */
static int prior_number(json_t *o, const char *key, int nullable, double inf, double *out)
{
    json_t *v = json_object_get(o, key);
    if (nullable && json_is_null(v)) {
        *out = inf;
        return 0;
    }
    if (!json_is_number(v))
        return -1;
    *out = json_number_value(v);
    return isfinite(*out) ? 0 : -1;
}

/* Prior i of meta.json's `priors`, for parameter name, into *q. */
static int read_prior(struct plot *p, const char *path, json_t *o, size_t i, const char *name,
                      struct abc_prior *q)
{
    const char *type = json_string_value(json_object_get(o, "type"));
    json_t *integer = json_object_get(o, "integer");
    memset(q, 0, sizeof *q);
    q->model = -1;
    const char *why = NULL;
    if (!json_is_object(o))
        why = "is not a map";
    else if (!type || (strcmp(type, "uniform") && strcmp(type, "triangular") && strcmp(type, "normal")))
        why = "has no 'type' uniform, triangular or normal";
    else if (!json_is_boolean(integer))
        why = "has no 'integer' true or false";
    else {
        q->kind = !strcmp(type, "uniform")      ? ABC_UNIFORM
                  : !strcmp(type, "triangular") ? ABC_TRIANGULAR
                                                : ABC_NORMAL;
        q->integer = json_is_true(integer);
        int normal = q->kind == ABC_NORMAL;
        if (prior_number(o, "min", normal, -INFINITY, &q->lo) ||
            prior_number(o, "max", normal, INFINITY, &q->hi))
            why = normal ? "has no 'min' and 'max' (numbers, or null when unbounded)"
                         : "has no 'min' and 'max'";
        else if (q->kind == ABC_TRIANGULAR && prior_number(o, "mode", 0, 0, &q->mode))
            why = "has no 'mode'";
        else if (normal && (prior_number(o, "mean", 0, 0, &q->mean) || prior_number(o, "sd", 0, 0, &q->sd)))
            why = "has no 'mean' and 'sd'";
        else if (abc_prior_check(q) != IGRAPH_SUCCESS)
            why = "is not a prior a calibration can have (its support is empty, or its numbers disagree)";
    }
    if (why)
        return diag_set(p->d, DIAG_INPUT, path, 0, 0, "prior %zu ('%s') of 'priors' %s", i + 1, name, why);
    return DIAG_OK;
}

/* 1 when dir's meta.json is a calibration's (0: not, or no meta.json; -1: out of memory); a malformed
 * meta.json is left to plot_read_meta, which has read it already. */
static int is_calibration(struct plot *p, const char *path, json_t **root)
{
    *root = NULL;
    if (!plot_exists(path))
        return 0;
    struct diag quiet;
    diag_init(&quiet);
    if (results_load_meta(path, root, &quiet))
        return quiet.code == DIAG_RUNTIME ? (plot_oom(p), -1) : 0;
    const char *cmd = json_string_value(json_object_get(*root, "command"));
    if (cmd && !strcmp(cmd, "calibrate"))
        return 1;
    json_decref(*root);
    *root = NULL;
    return 0;
}

static int read_calibration_meta(struct calib_plot *c, const char *path, json_t *root)
{
    struct plot *p = c->p;
    json_t *params = json_object_get(root, "parameters"), *priors = json_object_get(root, "priors");
    json_t *choice = json_object_get(root, "model_choice");
    if (!json_is_array(params))
        return diag_set(p->d, DIAG_INPUT, path, 0, 0,
                        "a calibration's meta.json needs 'parameters' (the factor columns of posterior.csv)");
    if (!json_is_array(priors) || json_array_size(priors) != json_array_size(params))
        return diag_set(
            p->d, DIAG_INPUT, path, 0, 0,
            "a calibration's meta.json needs 'priors', one per parameter (%zu); it was written by an "
            "infnet calibrate that did not record them: calibrate again to plot it",
            json_array_size(params));
    if (!json_is_null(choice) && !json_is_string(choice))
        return diag_set(p->d, DIAG_INPUT, path, 0, 0,
                        "'model_choice' must be the name of the factor of alternatives, or null");
    c->model_choice = json_is_string(choice);
    json_t *mp = json_object_get(root, "model_probabilities");
    if (c->model_choice && !(c->choice = strdup(json_string_value(choice))))
        return plot_oom(p);
    if (c->model_choice && json_is_object(mp)) {
        size_t nv = json_object_size(mp);
        if (!(c->prob = calloc(nv + 1, sizeof *c->prob)))
            return plot_oom(p);
        const char *name;
        json_t *v;
        json_object_foreach(mp, name, v)
        {
            double x = json_number_value(v);
            if (!json_is_number(v) || !(x >= 0 && x <= 1))
                return diag_set(p->d, DIAG_INPUT, path, 0, 0,
                                "'model_probabilities' of '%s' must be a probability (a number in [0, 1])",
                                name);
            c->prob[c->variant.n] = x;
            if (strlist_intern(&c->variant, name) < 0)
                return plot_oom(p);
        }
    }
    size_t k = json_array_size(params);
    c->prior = calloc(k + 1, sizeof *c->prior);
    c->lo = calloc(k + 1, sizeof *c->lo);
    c->hi = calloc(k + 1, sizeof *c->hi);
    if (!c->prior || !c->lo || !c->hi)
        return plot_oom(p);
    for (size_t i = 0; i < k; i++) {
        const char *name = json_string_value(json_array_get(params, i));
        if (!name || !*name || !strcmp(name, "particle") || !strcmp(name, "weight") ||
            !strcmp(name, "variant"))
            return diag_set(
                p->d, DIAG_INPUT, path, 0, 0,
                "parameter %zu of 'parameters' must be the name of a factor column of posterior.csv", i + 1);
        if (strlist_find(&c->param, name) >= 0)
            return diag_set(p->d, DIAG_INPUT, path, 0, 0, "parameter '%s' is named twice in 'parameters'",
                            name);
        if (strlist_intern(&c->param, name) < 0)
            return plot_oom(p);
        int rc = read_prior(p, path, json_array_get(priors, i), i, name, &c->prior[i]);
        if (rc)
            return rc;
    }
    return DIAG_OK;
}

/* ---- posterior.csv ------------------------------------------------------------ */

static int posterior_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct calib_plot *c = schema_user(r);
    size_t k = c->param.n, i = c->row;
    if (v[POSTERIOR_PARTICLE].whole != (long)i)
        return csvin_fail(r, POSTERIOR_PARTICLE,
                          "particle %ld where particle %zu was expected (particles are "
                          "numbered 0, 1, ... in order)",
                          v[POSTERIOR_PARTICLE].whole, i);
    double w = v[POSTERIOR_WEIGHT].number;
    if (!isfinite(w) || w < 0)
        return csvin_fail(r, POSTERIOR_WEIGHT, "weight '%s' is not a number >= 0", v[POSTERIOR_WEIGHT].text);
    if (c->c0 == 0) {
        size_t had = c->cap;
        if (grow_array((void **)&c->weight, &c->cap, i + 1, sizeof *c->weight))
            return plot_oom(c->p);
        if (c->cap != had || !c->x) { /* x grows with weight: c->cap rows */
            double *x = realloc(c->x, (c->cap * k + 1) * sizeof *x);
            if (!x)
                return plot_oom(c->p);
            c->x = x;
        }
        c->weight[i] = w;
        c->n = i + 1;
    } else if (i >= c->n || c->weight[i] != w) {
        return csvin_fail(r, POSTERIOR_WEIGHT, "posterior.csv changed while it was read");
    }
    for (size_t j = c->c0; j < c->c1; j++) {
        const struct schema_field *f = &v[POSTERIOR_COLS + j - c->c0];
        const struct abc_prior *q = &c->prior[j];
        double x = f->number;
        if (*f->text && (!isfinite(x) || x < q->lo || x > q->hi))
            return csvin_fail(r, POSTERIOR_COLS + j - c->c0,
                              "'%s' is %s, outside the support [%g, %g] of its prior in meta.json",
                              c->param.s[j], f->text, q->lo, q->hi);
        c->x[i * k + j] = x; /* NaN when empty: the particle's model lacks the parameter */
    }
    c->row++;
    return DIAG_OK;
}

/* posterior.csv: particle, weight, meta.json's parameters (and variant), in passes of at most
 * CSVIN_MAX_COLS columns; one pass checks the header is exactly those columns. */
static int read_posterior(struct calib_plot *c, const char *path)
{
    size_t k = c->param.n;
    struct schema_column cols[CSVIN_MAX_COLS];
    size_t per = CSVIN_MAX_COLS - POSTERIOR_COLS;
    int whole = POSTERIOR_COLS + k + (size_t)c->model_choice <= CSVIN_MAX_COLS;
    cols[POSTERIOR_PARTICLE] = schema_posterior.cols[POSTERIOR_PARTICLE];
    cols[POSTERIOR_WEIGHT] = schema_posterior.cols[POSTERIOR_WEIGHT];
    c->c0 = 0;
    do {
        c->c1 = c->c0 + per < k ? c->c0 + per : k;
        size_t n = POSTERIOR_COLS;
        for (size_t j = c->c0; j < c->c1; j++)
            cols[n++] = (struct schema_column){c->param.s[j], SCHEMA_NUMBER};
        if (whole && c->model_choice)
            cols[n++] = (struct schema_column){"variant", SCHEMA_NAME};
        struct schema table = {
            .file = "posterior.csv", .cols = cols, .n_cols = n, .n_required = n, .window = !whole};
        c->row = 0;
        int rc = schema_read(path, &table, posterior_row, c, c->p->d);
        if (rc)
            return rc;
        if (c->c0 > 0 && c->row != c->n)
            return diag_set(c->p->d, DIAG_INPUT, path, 0, 0, "posterior.csv changed while it was read");
        c->c0 = c->c1;
    } while (c->c0 < k);
    double sum = 0;
    for (size_t i = 0; i < c->n; i++)
        sum += c->weight[i];
    if (c->n && !(sum > 0))
        return diag_set(c->p->d, DIAG_INPUT, path, 0, 0, "the weights of posterior.csv sum to 0");
    c->have_posterior = 1;
    return DIAG_OK;
}

/* ---- predictive.csv, generations.csv ------------------------------------------------- */

static int predictive_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct calib_plot *c = schema_user(r);
    const char *use = v[PREDICTIVE_USE].text;
    if (strcmp(use, "calibrate") && strcmp(use, "validate"))
        return csvin_fail(r, PREDICTIVE_USE, "use '%s' is not calibrate or validate", use);
    if (v[PREDICTIVE_COVERED].whole > 1)
        return csvin_fail(r, PREDICTIVE_COVERED, "covered '%s' is not 0 or 1", v[PREDICTIVE_COVERED].text);
    double obs = v[PREDICTIVE_OBSERVED].number, lo = v[PREDICTIVE_LOWER].number,
           hi = v[PREDICTIVE_UPPER].number;
    if (isfinite(obs) ? (!isnan(lo) || !isnan(hi)) : (isnan(obs) && isnan(lo) && isnan(hi)))
        return csvin_fail(r, PREDICTIVE_OBSERVED,
                          "an observation has an observed value or bounds (lower, upper), not %s",
                          isfinite(obs) ? "both" : "neither");
    if (!isnan(obs) && !isfinite(obs))
        return csvin_fail(r, PREDICTIVE_OBSERVED, "observed '%s' is not a finite number",
                          v[PREDICTIVE_OBSERVED].text);
    if (isinf(lo) || isinf(hi) || (lo > hi))
        return csvin_fail(r, isinf(lo) ? PREDICTIVE_LOWER : PREDICTIVE_UPPER,
                          "the bounds [%s, %s] are not finite numbers lower <= upper",
                          v[PREDICTIVE_LOWER].text, v[PREDICTIVE_UPPER].text);
    for (size_t i = 0; i < c->n_pr; i++)
        if (!strcmp(c->pr[i].id, v[PREDICTIVE_OBSERVATION].text))
            return csvin_fail(r, PREDICTIVE_OBSERVATION, "observation '%s' twice", c->pr[i].id);
    if (grow_array((void **)&c->pr, &c->cap_pr, c->n_pr + 1, sizeof *c->pr))
        return plot_oom(c->p);
    struct prrow *q = &c->pr[c->n_pr];
    *q = (struct prrow){strdup(v[PREDICTIVE_OBSERVATION].text),
                        strdup(use),
                        obs,
                        v[PREDICTIVE_MEDIAN].number,
                        v[PREDICTIVE_Q05].number,
                        v[PREDICTIVE_Q95].number,
                        lo,
                        hi,
                        v[PREDICTIVE_COVERED].whole};
    c->n_pr++;
    return q->id && q->use ? DIAG_OK : plot_oom(c->p);
}

static int generations_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct calib_plot *c = schema_user(r);
    if (v[GENERATIONS_GENERATION].whole != (long)c->n_gr)
        return csvin_fail(r, GENERATIONS_GENERATION, "generation %ld where generation %zu was expected",
                          v[GENERATIONS_GENERATION].whole, c->n_gr);
    if (grow_array((void **)&c->gr, &c->cap_gr, c->n_gr + 1, sizeof *c->gr))
        return plot_oom(c->p);
    c->gr[c->n_gr++] = (struct genrow){v[GENERATIONS_GENERATION].whole,       v[GENERATIONS_PROPOSED].whole,
                                       v[GENERATIONS_ACCEPTED].whole,         v[GENERATIONS_TOLERANCE].number,
                                       v[GENERATIONS_ACCEPTANCE_RATE].number, v[GENERATIONS_ESS].number};
    return DIAG_OK;
}

/* The range drawn for parameter j: its prior's support (an integer's widened by a half on each side; an
 * unbounded normal's NORMAL_SPAN_SD sd from its mean), widened to the posterior's values. */
static void param_range(struct calib_plot *c, size_t j)
{
    const struct abc_prior *q = &c->prior[j];
    double half = q->integer ? 0.5 : 0;
    double lo = isfinite(q->lo) ? q->lo - half : q->mean - NORMAL_SPAN_SD * q->sd;
    double hi = isfinite(q->hi) ? q->hi + half : q->mean + NORMAL_SPAN_SD * q->sd;
    size_t k = c->param.n;
    for (size_t i = 0; i < c->n; i++) {
        double x = c->x[i * k + j];
        if (isfinite(x)) {
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
    }
    if (!(hi > lo)) { /* a prior whose support is one point */
        lo -= 0.5;
        hi += 0.5;
    }
    c->lo[j] = lo;
    c->hi[j] = hi;
}

int plot_read_calibration(struct plot *p, const char *dir)
{
    char path[PATH_MAX_LEN];
    json_t *root;
    snprintf(path, sizeof path, "%s/meta.json", dir);
    int is = is_calibration(p, path, &root);
    if (is <= 0)
        return is < 0 ? DIAG_RUNTIME : DIAG_OK;
    struct calib_plot *c = calloc(1, sizeof *c);
    if (!c) {
        json_decref(root);
        return plot_oom(p);
    }
    p->calib = c;
    c->p = p;
    int rc = read_calibration_meta(c, path, root);
    json_decref(root);
    snprintf(path, sizeof path, "%s/posterior.csv", dir);
    if (!rc && plot_exists(path))
        rc = read_posterior(c, path);
    for (size_t j = 0; !rc && j < c->param.n; j++)
        param_range(c, j);
    snprintf(path, sizeof path, "%s/predictive.csv", dir);
    if (!rc && plot_exists(path))
        rc = schema_read(path, &schema_predictive, predictive_row, c, p->d);
    snprintf(path, sizeof path, "%s/generations.csv", dir);
    if (!rc && plot_exists(path))
        rc = schema_read(path, &schema_generations, generations_row, c, p->d);
    return rc;
}

/* ---- marginal posteriors --------------------------------------------------------- */

/* The weighted quantile pr of parameter j's values (NaN when none). */
static int param_quantile(struct calib_plot *c, const double *x, double pr, double *q)
{
    igraph_error_t err = abc_weighted_quantile(x, c->weight, c->n, pr, q);
    if (err == IGRAPH_ENOMEM)
        return plot_oom(c->p);
    if (err)
        *q = NAN;
    return DIAG_OK;
}

static int chart_marginal(struct plot *p, size_t j)
{
    struct calib_plot *c = p->calib;
    size_t k = c->param.n, n = c->n;
    const struct abc_prior *q = &c->prior[j];
    const char *name = c->param.s[j];
    char chart[NAME_MAX_LEN], hist[NAME_MAX_LEN + 16], pri[NAME_MAX_LEN + 16], gp[NAME_MAX_LEN + 8];
    char text[TEXT_MAX_LEN], what[WHAT_MAX_LEN];
    plot_safe_name(chart, sizeof chart, "marginal_%s", name);
    snprintf(hist, sizeof hist, "%s_hist.dat", chart);
    snprintf(pri, sizeof pri, "%s_prior.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    double lo = c->lo[j], hi = c->hi[j], total = 0;
    double *x = malloc((n + 1) * sizeof *x), *bw = NULL;
    if (!x)
        return plot_oom(p);
    for (size_t i = 0; i < n; i++) {
        x[i] = c->x[i * k + j];
        if (isfinite(x[i]))
            total += c->weight[i];
    }
    /* the bins: one per value of an integer with few values, else about sqrt(particles) */
    size_t nb;
    if (q->integer && hi - lo <= INT_BINS_MAX)
        nb = (size_t)llround(hi - lo);
    else {
        nb = (size_t)ceil(sqrt((double)n));
        nb = nb < HIST_BINS_MIN ? HIST_BINS_MIN : nb > HIST_BINS_MAX ? HIST_BINS_MAX : nb;
    }
    if (nb == 0)
        nb = 1;
    int rc = DIAG_OK;
    double med, q05, q95;
    if (!(bw = calloc(nb, sizeof *bw))) {
        rc = plot_oom(p);
        goto done;
    }
    double width = (hi - lo) / (double)nb;
    for (size_t i = 0; i < n && total > 0; i++) {
        if (!isfinite(x[i]))
            continue;
        double b = floor((x[i] - lo) / width);
        size_t at = b < 0 ? 0 : b >= (double)nb ? nb - 1 : (size_t)b;
        bw[at] += c->weight[i] / total;
    }
    if ((rc = param_quantile(c, x, 0.5, &med)) || (rc = param_quantile(c, x, PRED_P_LO, &q05)) ||
        (rc = param_quantile(c, x, PRED_P_HI, &q95)))
        goto done;

    struct atomicfile af = {0};
    if ((rc = gp_open(p, &af, hist)))
        goto done;
    fprintf(af.f,
            "# posterior of %s: the weighted histogram of posterior.csv's particles, weights normalised\n",
            name);
    fputs("# (over the particles that have the parameter) to sum to 1; density = weight / (upper - lower)\n",
          af.f);
    fputs("# centre lower upper weight density\n", af.f);
    double ymax = 0;
    for (size_t b = 0; b < nb; b++) {
        double a = lo + width * (double)b, e = b + 1 == nb ? hi : lo + width * (double)(b + 1);
        double dens = bw[b] / (e - a);
        dat_num(af.f, (a + e) / 2);
        fputc(' ', af.f);
        dat_num(af.f, a);
        fputc(' ', af.f);
        dat_num(af.f, e);
        fputc(' ', af.f);
        dat_num(af.f, bw[b]);
        fputc(' ', af.f);
        dat_num(af.f, dens);
        fputc('\n', af.f);
        ymax = dens > ymax ? dens : ymax;
    }
    if ((rc = gp_close(p, &af, hist)) || (rc = gp_open(p, &af, pri)))
        goto done;
    fprintf(af.f, "# prior of %s (meta.json's priors): its density over the range drawn", name);
    fputs(q->integer ? ", of the latent value of an integer (the value rounded to the nearest integer)\n"
                     : "\n",
          af.f);
    fputs("# x density\n", af.f);
    int mode_out = q->kind != ABC_TRIANGULAR;
    for (int i = 0; i < PRIOR_POINTS; i++) {
        double t = lo + (hi - lo) * i / (PRIOR_POINTS - 1);
        if (!mode_out && q->mode <= t) { /* the triangle's peak, exactly */
            mode_out = 1;
            if (q->mode < t) {
                dat_num(af.f, q->mode);
                fputc(' ', af.f);
                dat_num(af.f, abc_prior_pdf(q, q->mode));
                fputc('\n', af.f);
                ymax = fmax(ymax, abc_prior_pdf(q, q->mode));
            }
        }
        double d = abc_prior_pdf(q, t);
        dat_num(af.f, t);
        fputc(' ', af.f);
        dat_num(af.f, d);
        fputc('\n', af.f);
        ymax = fmax(ymax, d);
    }
    if ((rc = gp_close(p, &af, pri)))
        goto done;

    if (isfinite(med))
        snprintf(text, sizeof text,
                 "%s: posterior of %zu particles and prior; median %.4g, 90%% in [%.4g, %.4g]", name, n, med,
                 q05, q95);
    else
        snprintf(text, sizeof text, "%s: posterior of %zu particles and prior", name, n);
    snprintf(what, sizeof what, "%s and %s", hist, pri);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, what);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\nset xlabel ", f);
    gp_str(f, name);
    fputs("\nset ylabel 'density'\nset key top right\n", f);
    gp_grid(f, "xtics ytics");
    fprintf(f, "set style fill transparent solid %g border lc rgb '%s'\n", HIST_ALPHA, COLOUR_OUTLINE);
    fprintf(f, "set xrange [%.17g:%.17g]\n", lo, hi);
    fprintf(f, "set yrange [0:%.*g]\n", COORD_DIGITS, ymax > 0 ? ymax * (1 + RANGE_PAD) : 1);
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    if (total > 0)
        fprintf(f,
                "    plot '%s' using 1:5:($3-$2) with boxes lc rgb '%s' title 'posterior (weighted "
                "histogram)', \\\n"
                "         '%s' using 1:2 with lines lw %g lc rgb '%s' title 'prior'\n",
                hist, plot_palette[0], pri, MEDIAN_LW, plot_palette[1]);
    else
        fprintf(f,
                "    plot '%s' using 1:2 with lines lw %g lc rgb '%s' title 'prior (no particle has %s)'\n",
                pri, MEDIAN_LW, plot_palette[1], "the parameter");
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
done:
    free(x);
    free(bw);
    return rc;
}

/* ---- pairs ------------------------------------------------------------------------ */

static int chart_pairs(struct plot *p)
{
    struct calib_plot *c = p->calib;
    size_t k = c->param.n, m = k < PAIRS_MAX ? k : PAIRS_MAX, n = c->n;
    const char *chart = "pairs", *dat = "pairs.dat", *gp = "pairs.gp";
    char text[TEXT_MAX_LEN];
    double total = 0, wmax = 0;
    for (size_t i = 0; i < n; i++) {
        total += c->weight[i];
        wmax = fmax(wmax, c->weight[i]);
    }
    struct atomicfile af = {0};
    int rc = gp_open(p, &af, dat);
    if (rc)
        return rc;
    fprintf(
        af.f,
        "# the posterior's particles (posterior.csv), the first %zu parameters; size: the point size of a\n",
        m);
    fputs("# particle, sqrt(its share of the weight x particles) x the size of an average one\n", af.f);
    fputs("# particle weight size then the parameters:", af.f);
    for (size_t j = 0; j < m; j++)
        fprintf(af.f, " %s", c->param.s[j]);
    fputc('\n', af.f);
    for (size_t i = 0; i < n; i++) {
        double s = PAIR_PS * sqrt(c->weight[i] / total * (double)n);
        s = s < PAIR_PS_MIN ? PAIR_PS_MIN : s > PAIR_PS_MAX ? PAIR_PS_MAX : s;
        fprintf(af.f, "%zu ", i);
        dat_num(af.f, c->weight[i]);
        fputc(' ', af.f);
        dat_coord(af.f, s);
        for (size_t j = 0; j < m; j++) {
            fputc(' ', af.f);
            dat_num(af.f, c->x[i * k + j]);
        }
        fputc('\n', af.f);
    }
    if ((rc = gp_close(p, &af, dat)))
        return rc;
    size_t pairs = m * (m - 1) / 2, cols = pairs < PANEL_COLS ? pairs : PANEL_COLS,
           rows = (pairs + cols - 1) / cols;
    snprintf(text, sizeof text,
             "posterior of each pair of parameters: a point per particle, larger and lighter the heavier");
    if ((rc = gp_open(p, &af, gp)))
        return rc;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("unset key\nunset colorbox\nset format x '%.3g'\nset format y '%.3g'\n" PALETTE_VIRIDIS, f);
    fprintf(f, "set cbrange [0:%.17g]\n", wmax);
    gp_grid(f, "xtics ytics");
    gp_loop_begin(p, f, chart, CHART_W, rows > 1 ? CHART_H * 3 / 4 * (int)rows : CHART_H);
    fprintf(f, "    set multiplot layout %zu,%zu title ", rows, cols);
    gp_str(f, text);
    fputc('\n', f);
    for (size_t a = 0; a < m; a++)
        for (size_t b = a + 1; b < m; b++) {
            int any = 0;
            for (size_t i = 0; i < n && !any; i++)
                any = isfinite(c->x[i * k + a]) && isfinite(c->x[i * k + b]);
            fputs("    set xlabel ", f);
            gp_str(f, c->param.s[a]);
            fputs("\n    set ylabel ", f);
            gp_str(f, c->param.s[b]);
            fprintf(f, "\n    set xrange [%.17g:%.17g]\n    set yrange [%.17g:%.17g]\n", c->lo[a], c->hi[a],
                    c->lo[b], c->hi[b]);
            fprintf(f, "    set xtics %.17g, %.17g, %.17g\n", c->lo[a], (c->hi[a] - c->lo[a]) / PAIR_TICS,
                    c->hi[a]);
            if (any)
                fprintf(f, "    plot '%s' using %zu:%zu:3:2 with points pt 7 ps variable lc palette\n", dat,
                        4 + a, 4 + b);
            else
                fprintf(f,
                        "    set label %d 'no particle has both' at graph 0.5, graph 0.5 center\n"
                        "    plot %.17g notitle lc rgb 'white'\n    unset label %d\n",
                        EMPTY_LABEL, c->hi[b] + (c->hi[b] - c->lo[b]), EMPTY_LABEL);
        }
    fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
    return rc;
}

/* ---- predictive check ---------------------------------------------------------------- */

static void widen(double v, double *lo, double *hi)
{
    if (isfinite(v)) {
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
    }
}

static int chart_predictive(struct plot *p)
{
    struct calib_plot *c = p->calib;
    const char *chart = "predictive", *dat = "predictive.dat", *gp = "predictive.gp";
    char text[TEXT_MAX_LEN];
    size_t n = c->n_pr;
    double *ylo = malloc((n + 1) * sizeof *ylo), *yhi = malloc((n + 1) * sizeof *yhi);
    int rc = DIAG_OK;
    if (!ylo || !yhi) {
        rc = plot_oom(p);
        goto done;
    }
    /* each panel's y range: the predictive interval, the observed value and bounds, with room */
    for (size_t i = 0; i < n; i++) {
        const struct prrow *r = &c->pr[i];
        double lo = INFINITY, hi = -INFINITY;
        widen(r->observed, &lo, &hi);
        widen(r->lower, &lo, &hi);
        widen(r->upper, &lo, &hi);
        widen(r->median, &lo, &hi);
        widen(r->q05, &lo, &hi);
        widen(r->q95, &lo, &hi);
        double pad = hi > lo ? (hi - lo) * RANGE_PAD : (lo != 0 ? fabs(lo) * FLAT_PAD : FLAT_PAD);
        ylo[i] = lo - pad;
        yhi[i] = hi + pad;
    }
    struct atomicfile af = {0};
    if ((rc = gp_open(p, &af, dat)))
        goto done;
    fputs("# the posterior predictive check (predictive.csv): one row per observation, in its order; "
          "observed is\n"
          "# NaN for bounds; shown_lower shown_upper: the observed range drawn (the value, or the bounds "
          "with an\n"
          "# open side at the panel's edge)\n",
          af.f);
    fputs("# panel observation use observed lower upper median q05 q95 covered shown_lower shown_upper\n",
          af.f);
    for (size_t i = 0; i < n; i++) {
        const struct prrow *r = &c->pr[i];
        fprintf(af.f, "%zu ", i);
        dat_str(af.f, r->id);
        fputc(' ', af.f);
        dat_str(af.f, r->use);
        const double v[] = {r->observed, r->lower, r->upper, r->median, r->q05, r->q95};
        for (size_t q = 0; q < COUNT(v); q++) {
            fputc(' ', af.f);
            dat_num(af.f, v[q]);
        }
        fprintf(af.f, " %ld ", r->covered);
        int value = isfinite(r->observed);
        dat_num(af.f, value ? r->observed : isfinite(r->lower) ? r->lower : ylo[i]);
        fputc(' ', af.f);
        dat_num(af.f, value ? r->observed : isfinite(r->upper) ? r->upper : yhi[i]);
        fputc('\n', af.f);
    }
    if ((rc = gp_close(p, &af, dat)))
        goto done;
    size_t cols = n < PANEL_COLS ? n : PANEL_COLS, rows = n ? (n + cols - 1) / cols : 1;
    snprintf(
        text, sizeof text,
        "posterior predictive median and 90%% interval beside the observed value or bounds (green: covered)");
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("unset key\nset xrange [-1:1]\nset xtics ('predictive' -0.4, 'observed' 0.4)\n", f);
    gp_grid(f, "ytics");
    gp_loop_begin(p, f, chart, CHART_W, rows > 1 ? CHART_H * 3 / 4 * (int)rows : CHART_H);
    if (n == 0) {
        gp_empty(f, "    ", "no observation in predictive.csv");
    } else {
        fprintf(f, "    set multiplot layout %zu,%zu title ", rows, cols);
        gp_str(f, text);
        fputc('\n', f);
    }
    for (size_t i = 0; i < n; i++) {
        const struct prrow *r = &c->pr[i];
        char title[TEXT_MAX_LEN];
        snprintf(title, sizeof title, "%s (%s): %s", r->id, r->use, r->covered ? "covered" : "not covered");
        fputs("    set title ", f);
        gp_str(f, title);
        fprintf(f, "\n    set yrange [%.17g:%.17g]\n", ylo[i], yhi[i]);
        const char *colour = r->covered ? COLOUR_COVERED : COLOUR_MISSED;
        /* (the three are NaN together: no particle gave the summary a value) */
        int pred = isfinite(r->median) && isfinite(r->q05) && isfinite(r->q95);
        fputs("    plot ", f);
        if (pred)
            fprintf(f,
                    "'%s' every ::%zu::%zu using (-0.4):7:8:9 with yerrorbars pt 7 ps 1.5 lw 2 lc rgb '%s', "
                    "\\\n         ",
                    dat, i, i, plot_palette[0]);
        if (isfinite(r->observed))
            fprintf(f, "'%s' every ::%zu::%zu using (0.4):4 with points pt 5 ps 2 lc rgb '%s'\n", dat, i, i,
                    colour);
        else
            fprintf(
                f,
                "'%s' every ::%zu::%zu using (0.4):11:(0):($12-$11) with vectors nohead lw 6 lc rgb '%s'\n",
                dat, i, i, colour);
    }
    if (n)
        fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
done:
    free(ylo);
    free(yhi);
    return rc;
}

/* ---- generations -------------------------------------------------------------------- */

static int chart_generations(struct plot *p)
{
    struct calib_plot *c = p->calib;
    const char *chart = "generations", *dat = "generations.dat", *gp = "generations.gp";
    char text[TEXT_MAX_LEN];
    size_t n = c->n_gr;
    double tmax = 0, emax = 0;
    long particles = 0;
    int any_tol = 0;
    for (size_t g = 0; g < n; g++) {
        const struct genrow *r = &c->gr[g];
        if (isfinite(r->tolerance)) {
            any_tol = 1;
            tmax = fmax(tmax, r->tolerance);
        }
        if (isfinite(r->ess))
            emax = fmax(emax, r->ess);
        particles = r->accepted > particles ? r->accepted : particles;
    }
    struct atomicfile af = {0};
    int rc = gp_open(p, &af, dat);
    if (rc)
        return rc;
    fputs(
        "# the generations of the calibration (generations.csv); tolerance NaN for generation 0 (infinite)\n",
        af.f);
    fputs("# generation tolerance acceptance_rate ess proposed accepted\n", af.f);
    for (size_t g = 0; g < n; g++) {
        const struct genrow *r = &c->gr[g];
        fprintf(af.f, "%ld ", r->generation);
        dat_num(af.f, r->tolerance);
        fputc(' ', af.f);
        dat_num(af.f, r->acceptance);
        fputc(' ', af.f);
        dat_num(af.f, r->ess);
        fprintf(af.f, " %ld %ld\n", r->proposed, r->accepted);
    }
    if ((rc = gp_close(p, &af, dat)))
        return rc;
    snprintf(text, sizeof text, "ABC-SMC generations: tolerance, acceptance rate and effective sample size");
    if ((rc = gp_open(p, &af, gp)))
        return rc;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("unset key\nset xlabel 'generation'\n", f);
    fprintf(f, "set xrange [-0.5:%zu.5]\nset xtics 1\n", n ? n - 1 : 0);
    gp_grid(f, "xtics ytics");
    gp_loop_begin(p, f, chart, CHART_W, CHART_H * 3 / 2);
    if (n == 0) {
        gp_empty(f, "    ", "no generation in generations.csv");
    } else {
        fputs("    set multiplot layout 3,1 title ", f);
        gp_str(f, text);
        fputc('\n', f);
        fputs("    set title 'tolerance (generation 0 accepts every proposal: infinite)'\n"
              "    set ylabel 'tolerance'\n",
              f);
        fprintf(f, "    set yrange [0:%.*g]\n", COORD_DIGITS, tmax > 0 ? tmax * (1 + RANGE_PAD) : 1);
        if (any_tol)
            fprintf(f, "    plot '%s' using 1:2 with linespoints pt 7 lw 2 lc rgb '%s'\n", dat,
                    plot_palette[0]);
        else
            fprintf(
                f,
                "    set label %d 'only generation 0' at graph 0.5, graph 0.5 center\n    plot -1 notitle\n"
                "    unset label %d\n",
                EMPTY_LABEL, EMPTY_LABEL);
        fprintf(
            f,
            "    set title 'acceptance rate'\n    set ylabel 'accepted / proposed'\n    set yrange [0:%g]\n",
            1 + UNIT_PAD);
        fprintf(f, "    plot '%s' using 1:3 with linespoints pt 7 lw 2 lc rgb '%s'\n", dat, plot_palette[2]);
        fprintf(f,
                "    set title 'effective sample size (dashed: the %ld particles)'\n    set ylabel 'ESS'\n",
                particles);
        double ymax = fmax(emax, (double)particles);
        fprintf(f, "    set yrange [0:%.*g]\n", COORD_DIGITS, ymax > 0 ? ymax * (1 + RANGE_PAD) : 1);
        fprintf(f,
                "    plot '%s' using 1:4 with linespoints pt 7 lw 2 lc rgb '%s', %ld with lines dt 2 lc rgb "
                "'black'\n",
                dat, plot_palette[1], particles);
        fputs("    unset multiplot\n", f);
    }
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
    return rc;
}

/* ---- model probabilities -------------------------------------------------------------- */

static int chart_models(struct plot *p)
{
    struct calib_plot *c = p->calib;
    const char *chart = "model_probabilities", *dat = "model_probabilities.dat",
               *gp = "model_probabilities.gp";
    char text[TEXT_MAX_LEN];
    size_t n = c->variant.n;
    struct atomicfile af = {0};
    int rc = gp_open(p, &af, dat);
    if (rc)
        return rc;
    fprintf(af.f, "# the posterior probability of each variant of '%s' (meta.json's model_probabilities)\n",
            c->choice);
    fputs("# index variant probability\n", af.f);
    for (size_t i = 0; i < n; i++) {
        fprintf(af.f, "%zu ", i);
        dat_str(af.f, c->variant.s[i]);
        fputc(' ', af.f);
        dat_num(af.f, c->prob[i]);
        fputc('\n', af.f);
    }
    if ((rc = gp_close(p, &af, dat)))
        return rc;
    snprintf(text, sizeof text, "posterior probability of each variant of %s (equal prior probabilities)",
             c->choice);
    if ((rc = gp_open(p, &af, gp)))
        return rc;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\nset ylabel 'posterior probability'\nunset key\n", f);
    gp_grid(f, "ytics");
    fprintf(f, "set style fill solid 0.6 border lc rgb '%s'\nset boxwidth 0.6 absolute\n", COLOUR_OUTLINE);
    fprintf(f, "set xrange [-0.6:%zu.6]\nset yrange [0:%g]\n", n - 1, 1 + UNIT_PAD);
    fprintf(f,
            "set arrow 1 from graph 0, first %.17g to graph 1, first %.17g nohead back dt 2 lc rgb 'black'\n",
            1.0 / (double)n, 1.0 / (double)n);
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    fprintf(f, "    plot '%s' using 1:3:xtic(2) with boxes lc rgb '%s'\n", dat, plot_palette[0]);
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
    return rc;
}

/* ---- every chart ----------------------------------------------------------------------- */

int chart_calibration(struct plot *p)
{
    struct calib_plot *c = p->calib;
    if (!c)
        return DIAG_OK;
    int rc = DIAG_OK;
    for (size_t j = 0; c->n && j < c->param.n && !rc; j++)
        rc = chart_marginal(p, j);
    if (!rc && c->n && c->param.n >= 2)
        rc = chart_pairs(p);
    if (!rc && c->n_pr)
        rc = chart_predictive(p);
    if (!rc && c->n_gr)
        rc = chart_generations(p);
    if (!rc && c->variant.n)
        rc = chart_models(p);
    return rc;
}
