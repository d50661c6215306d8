/* sim/plot/sweepcharts.c - `infnet plot` of a sweep directory: sensitivity, response and discovery charts.
 *
 * A directory is a sweep's when its meta.json has an `experiment` object
 * (written by `infnet sweep`). Then this module reads design.csv (the
 * factor columns), points.csv, sensitivity.csv and discovery.csv, each when
 * present, through the declared schemas, and draws per scenario, metric and
 * step:
 *   - sobol_*: S1 and ST bars per factor with their intervals as whiskers;
 *   - src_*: the standardized regression coefficients likewise (factorial
 *     and lhs designs), R2 in the title;
 *   - morris_*: mu* against sigma, one labelled point per factor, mu*'s
 *     interval as a horizontal whisker;
 *   - response_*: one panel per numeric factor, each point's mean against
 *     the factor's value with its replicas' q05-q95 as a bar (none for a
 *     contrast, whose rows have no quantiles);
 *   - heatmap_*_A_B: for factorial designs, the mean over the other factors
 *     of each cell of two numeric factors' levels;
 * and per scenario prim_*: PRIM's trade-off, coverage against density of
 * each box of the peeling trajectory, coloured by its restricted factors.
 * Numbers go to the data files exactly (dat_num); the same DIR gives the
 * same bytes. A factor whose values are not all numbers (levels of text,
 * alternatives) has no response panel or heatmap.
 * Includes: gpwrite.c's helpers; sim/output/schema, csvin, jsonfile.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sim/output/csvin.h"
#include "sim/output/jsonfile.h"
#include "sim/output/schema.h"
#include "sim/plot/plot_internal.h"
#include "sim/util/grow.h"
#include "sim/util/infile.h"

/* Panels of a response chart are laid out in rows of at most this many. */
#define RESPONSE_COLS 3
/* Sensitivity bars: width of one of the two bars of a factor. */
#define BAR_W 0.35

struct prow { /* points.csv */
    size_t point;
    int scen, metric, step;
    double mean, q05, q95;
};

struct zrow { /* sensitivity.csv */
    int scen, metric, step, factor, index;
    double value, lo, hi;
};

struct brow { /* discovery.csv, one row per box */
    int scen;
    long box;
    double coverage, density;
    long restricted;
};

struct sweep_plot {
    char method[16];         /* from meta.json's experiment.design.method; "" when not given */
    struct strlist factors;  /* design.csv's columns after `point` */
    unsigned char *numeric;  /* per factor: every value a finite number */
    double *x;               /* n_points x k */
    size_t n_points, c0, c1; /* design.csv rows; the factors of the current pass */
    long base;               /* the first point id */
    struct strlist scen, metric, zfactor, index;
    struct prow *pr;
    size_t n_pr, cap_pr;
    struct zrow *zr;
    size_t n_zr, cap_zr;
    struct brow *br;
    size_t n_br, cap_br;
    struct plot *p;
};

void plot_sweep_free(struct plot *p)
{
    struct sweep_plot *w = p->sweep;
    if (!w)
        return;
    strlist_free(&w->factors);
    strlist_free(&w->scen);
    strlist_free(&w->metric);
    strlist_free(&w->zfactor);
    strlist_free(&w->index);
    free(w->numeric);
    free(w->x);
    free(w->pr);
    free(w->zr);
    free(w->br);
    free(w);
    p->sweep = NULL;
}

/* ---- reading ------------------------------------------------------------------ */

static int design_header(struct csvin_reader *r, const char *const *names, size_t n)
{
    struct sweep_plot *w = csvin_user(r);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], "point"))
            continue;
        if (strlist_find(&w->factors, names[i]) >= 0)
            return csvin_fail_field(r, i, "column '%s' twice", names[i]);
        if (strlist_intern(&w->factors, names[i]) < 0)
            return plot_oom(w->p);
    }
    return DIAG_OK;
}

static int design_count(struct csvin_reader *r, const char *const *v)
{
    (void)v;
    struct sweep_plot *w = csvin_user(r);
    w->n_points++;
    return DIAG_OK;
}

static int design_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct sweep_plot *w = schema_user(r);
    size_t k = w->factors.n, i = w->n_points;
    if (i == 0 && w->c0 == 0)
        w->base = v[0].whole;
    if (v[0].whole != w->base + (long)i)
        return csvin_fail(r, 0, "point %ld where point %ld was expected (points are consecutive)", v[0].whole,
                          w->base + (long)i);
    for (size_t j = w->c0; j < w->c1; j++) {
        double x;
        const char *t = v[1 + j - w->c0].text;
        if (!*t || csvin_number(t, &x) || !isfinite(x)) {
            w->numeric[j] = 0;
            x = NAN;
        }
        w->x[i * k + j] = x;
    }
    w->n_points++;
    return DIAG_OK;
}

/* design.csv: its factor names from the header, then their values, CSVIN_MAX_COLS - 1 at a time. */
static int read_design(struct sweep_plot *w, const char *path)
{
    struct plot *p = w->p;
    FILE *f;
    const char *why;
    int orc = infile_open_own(path, &f, NULL, &why);
    if (orc)
        return orc == DIAG_RUNTIME
                   ? diag_set(p->d, DIAG_RUNTIME, path, 0, 0, "out of memory")
                   : diag_set(p->d, DIAG_INPUT, path, 0, 0, "cannot read design.csv: %s", why);
    static const char *const point[] = {"point"};
    struct csvin_options opt = {.max_bytes = 0, .on_header = design_header, .keep_spaces = 1};
    int rc = csvin_read_stream(f, path, point, 1, 1, &opt, design_count, w, p->d);
    fclose(f);
    if (rc)
        return rc;
    size_t k = w->factors.n, n = w->n_points;
    if (k == 0 || n == 0)
        return DIAG_OK;
    w->numeric = malloc(k);
    w->x = malloc(n * k * sizeof *w->x);
    if (!w->numeric || !w->x)
        return plot_oom(p);
    memset(w->numeric, 1, k);
    struct schema_column cols[CSVIN_MAX_COLS];
    cols[0] = (struct schema_column){"point", SCHEMA_COUNT};
    for (w->c0 = 0; w->c0 < k; w->c0 = w->c1) {
        w->c1 = w->c0 + CSVIN_MAX_COLS - 1 < k ? w->c0 + CSVIN_MAX_COLS - 1 : k;
        for (size_t j = w->c0; j < w->c1; j++)
            cols[1 + j - w->c0] = (struct schema_column){w->factors.s[j], SCHEMA_TEXT};
        struct schema table = {.file = "design.csv",
                               .cols = cols,
                               .n_cols = 1 + w->c1 - w->c0,
                               .n_required = 1 + w->c1 - w->c0,
                               .window = 1};
        w->n_points = 0;
        if ((rc = schema_read(path, &table, design_row, w, p->d)))
            return rc;
    }
    return DIAG_OK;
}

static int points_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct sweep_plot *w = schema_user(r);
    long i = v[POINTS_POINT].whole - w->base;
    if (i < 0 || (size_t)i >= w->n_points)
        return csvin_fail(r, POINTS_POINT, "point %ld is not in design.csv", v[POINTS_POINT].whole);
    if (grow_array((void **)&w->pr, &w->cap_pr, w->n_pr + 1, sizeof *w->pr))
        return plot_oom(w->p);
    struct prow *q = &w->pr[w->n_pr];
    q->point = (size_t)i;
    q->scen = strlist_intern(&w->scen, v[POINTS_SCENARIO].text);
    q->metric = strlist_intern(&w->metric, v[POINTS_METRIC].text);
    if (q->scen < 0 || q->metric < 0)
        return plot_oom(w->p);
    q->step = (int)v[POINTS_STEP].whole;
    q->mean = v[POINTS_MEAN].number;
    q->q05 = v[POINTS_Q05].number;
    q->q95 = v[POINTS_Q95].number;
    w->n_pr++;
    return DIAG_OK;
}

static int sensitivity_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct sweep_plot *w = schema_user(r);
    if (grow_array((void **)&w->zr, &w->cap_zr, w->n_zr + 1, sizeof *w->zr))
        return plot_oom(w->p);
    struct zrow *q = &w->zr[w->n_zr];
    q->scen = strlist_intern(&w->scen, v[SENSITIVITY_SCENARIO].text);
    q->metric = strlist_intern(&w->metric, v[SENSITIVITY_METRIC].text);
    q->factor = strlist_intern(&w->zfactor, v[SENSITIVITY_FACTOR].text);
    q->index = strlist_intern(&w->index, v[SENSITIVITY_INDEX].text);
    if (q->scen < 0 || q->metric < 0 || q->factor < 0 || q->index < 0)
        return plot_oom(w->p);
    q->step = (int)v[SENSITIVITY_STEP].whole;
    q->value = v[SENSITIVITY_VALUE].number;
    q->lo = v[SENSITIVITY_CI_LOW].number;
    q->hi = v[SENSITIVITY_CI_HIGH].number;
    w->n_zr++;
    return DIAG_OK;
}

static int discovery_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct sweep_plot *w = schema_user(r);
    int s = strlist_intern(&w->scen, v[DISCOVERY_SCENARIO].text);
    if (s < 0)
        return plot_oom(w->p);
    struct brow *last = w->n_br ? &w->br[w->n_br - 1] : NULL;
    if (!last || last->scen != s || last->box != v[DISCOVERY_BOX].whole) {
        if (grow_array((void **)&w->br, &w->cap_br, w->n_br + 1, sizeof *w->br))
            return plot_oom(w->p);
        last = &w->br[w->n_br++];
        *last = (struct brow){s, v[DISCOVERY_BOX].whole, v[DISCOVERY_COVERAGE].number,
                              v[DISCOVERY_DENSITY].number, 0};
    }
    last->restricted += v[DISCOVERY_RESTRICTED].whole != 0;
    return DIAG_OK;
}

/* The design method of a sweep's meta.json; 1 when dir holds a sweep, else 0 (-1: out of memory). */
static int sweep_meta(const char *dir, char *method, size_t n)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    if (!plot_is_file(path))
        return 0;
    json_error_t err;
    int no_memory;
    json_t *root = jsonfile_load(path, 0, &err, &no_memory);
    if (!root)
        return no_memory ? -1 : 0; /* plot_read_meta reports a malformed file */
    json_t *x = json_object_get(root, "experiment");
    int is = json_is_object(x);
    json_t *m = is ? json_object_get(json_object_get(x, "design"), "method") : NULL;
    snprintf(method, n, "%s", json_is_string(m) ? json_string_value(m) : "");
    json_decref(root);
    return is;
}

int plot_read_sweep(struct plot *p, const char *dir)
{
    char method[16], path[PATH_MAX_LEN];
    int is = sweep_meta(dir, method, sizeof method);
    if (is < 0)
        return plot_oom(p);
    if (!is)
        return DIAG_OK;
    struct sweep_plot *w = calloc(1, sizeof *w);
    if (!w)
        return plot_oom(p);
    p->sweep = w;
    w->p = p;
    snprintf(w->method, sizeof w->method, "%s", method);
    int rc = DIAG_OK;
    snprintf(path, sizeof path, "%s/design.csv", dir);
    if (plot_is_file(path))
        rc = read_design(w, path);
    snprintf(path, sizeof path, "%s/points.csv", dir);
    if (!rc && w->n_points && plot_is_file(path))
        rc = schema_read(path, &schema_points, points_row, w, p->d);
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    if (!rc && plot_is_file(path))
        rc = schema_read(path, &schema_sensitivity, sensitivity_row, w, p->d);
    snprintf(path, sizeof path, "%s/discovery.csv", dir);
    if (!rc && plot_is_file(path))
        rc = schema_read(path, &schema_discovery, discovery_row, w, p->d);
    return rc;
}

int plot_sweep_has_data(const struct plot *p)
{
    const struct sweep_plot *w = p->sweep;
    return w && (w->n_pr || w->n_zr || w->n_br);
}

/* ---- sensitivity charts ---------------------------------------------------------- */

/* The value, bounds and presence of index `index` of factor f in series (s, m, t). */
static const struct zrow *zfind(const struct sweep_plot *w, int s, int m, int t, int f, const char *index)
{
    int x = strlist_find(&w->index, index);
    if (x < 0)
        return NULL;
    for (size_t i = 0; i < w->n_zr; i++) {
        const struct zrow *z = &w->zr[i];
        if (z->scen == s && z->metric == m && z->step == t && z->factor == f && z->index == x)
            return z;
    }
    return NULL;
}

/* The factors (sensitivity.csv's, excluding "*" and pairs) that have index `a` in series (s, m, t). */
static size_t zfactors(const struct sweep_plot *w, int s, int m, int t, const char *a, int *out)
{
    size_t n = 0;
    for (size_t f = 0; f < w->zfactor.n; f++) {
        const char *name = w->zfactor.s[f];
        if (!strcmp(name, "*") || strchr(name, ':'))
            continue;
        if (zfind(w, s, m, t, (int)f, a))
            out[n++] = (int)f;
    }
    return n;
}

static void chart_name(char *out, size_t n, const char *kind, const struct sweep_plot *w, int s, int m, int t)
{
    plot_safe_name(out, n, "%s_%s_%s_step%d", kind, w->scen.s[s], w->metric.s[m], t);
}

static void put3(FILE *f, const struct zrow *z)
{
    double v = z ? z->value : NAN;
    dat_num(f, v);
    fputc(' ', f);
    dat_num(f, z && isfinite(z->lo) ? z->lo : v);
    fputc(' ', f);
    dat_num(f, z && isfinite(z->hi) ? z->hi : v);
}

/* Bars with whiskers: S1 and ST (sobol) or SRC (src) per factor of series (s, m, t). */
static int chart_bars(struct plot *p, int s, int m, int t, int sobol)
{
    struct sweep_plot *w = p->sweep;
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    int *fs = malloc((w->zfactor.n + 1) * sizeof *fs);
    if (!fs)
        return plot_oom(p);
    size_t n = zfactors(w, s, m, t, sobol ? "ST" : "SRC", fs);
    struct atomicfile af = {0};
    chart_name(chart, sizeof chart, sobol ? "sobol" : "src", w, s, m, t);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    double lo = 0, hi = 0;
    int defined = 0; /* an index with a value: none when the output does not vary */
    int rc = gp_open(p, &af, dat);
    if (rc)
        goto done;
    fprintf(af.f, "# %s of %s at step %d, scenario %s, from sensitivity.csv\n",
            sobol ? "Sobol indices" : "standardized regression coefficients", w->metric.s[m], t,
            w->scen.s[s]);
    fputs(sobol ? "# i factor S1 S1_low S1_high ST ST_low ST_high\n" : "# i factor SRC SRC_low SRC_high\n",
          af.f);
    for (size_t i = 0; i < n; i++) {
        const struct zrow *a = zfind(w, s, m, t, fs[i], sobol ? "S1" : "SRC");
        const struct zrow *b = sobol ? zfind(w, s, m, t, fs[i], "ST") : NULL;
        fprintf(af.f, "%zu ", i);
        dat_str(af.f, w->zfactor.s[fs[i]]);
        fputc(' ', af.f);
        put3(af.f, a);
        defined |= (a && isfinite(a->value)) || (b && isfinite(b->value));
        if (sobol) {
            fputc(' ', af.f);
            put3(af.f, b);
        }
        fputc('\n', af.f);
        const struct zrow *zz[2] = {a, b};
        for (int k = 0; k < 2; k++)
            if (zz[k])
                for (int c = 0; c < 3; c++) {
                    double v = c == 0 ? zz[k]->value : c == 1 ? zz[k]->lo : zz[k]->hi;
                    if (isfinite(v)) {
                        lo = fmin(lo, v);
                        hi = fmax(hi, v);
                    }
                }
    }
    if ((rc = gp_close(p, &af, dat)))
        goto done;
    const struct zrow *r2 = sobol ? NULL : zfind(w, s, m, t, strlist_find(&w->zfactor, "*"), "R2");
    if (sobol)
        snprintf(text, sizeof text, "%s at step %d (%s): Sobol indices, 95%% intervals", w->metric.s[m], t,
                 w->scen.s[s]);
    else if (r2 && isfinite(r2->value))
        snprintf(text, sizeof text, "%s at step %d (%s): standardized regression coefficients (R2 = %.3g)",
                 w->metric.s[m], t, w->scen.s[s], r2->value);
    else
        snprintf(text, sizeof text, "%s at step %d (%s): standardized regression coefficients",
                 w->metric.s[m], t, w->scen.s[s]);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    fputs(sobol ? "\nset ylabel 'index (share of variance)'\n" : "\nset ylabel 'SRC'\n", f);
    fputs("set key outside below center horizontal\n", f);
    gp_grid(f, "ytics");
    fprintf(f, "set style fill solid 0.6 border lc rgb '%s'\nset boxwidth %g absolute\n", COLOUR_OUTLINE,
            BAR_W);
    fprintf(f, "set xrange [-0.6:%zu.6]\n", n ? n - 1 : 0);
    gp_range(f, "y", lo, hi > lo ? hi : lo + 1);
    fputs("set xtics (", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        gp_str(f, w->zfactor.s[fs[i]]);
        fprintf(f, " %zu", i);
    }
    fputs(")", f);
    if (n > 4)
        fprintf(f, " rotate by %d right", XTIC_ROTATE_DEG);
    fputs("\nset arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb 'black'\n", f);
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    if (n == 0) {
        gp_empty(f, "    ", "no index in sensitivity.csv");
    } else if (!defined) {
        gp_empty(f, "    ", "no index can be estimated: the output does not vary, or is not defined");
    } else if (sobol) {
        fprintf(f,
                "    plot '%s' using ($1-%g):3 with boxes lc rgb '%s' title 'S1 (first order)', \\\n"
                "         '%s' using ($1-%g):3:4:5 with yerrorbars pt 7 ps 0.4 lc rgb 'black' notitle, \\\n"
                "         '%s' using ($1+%g):6 with boxes lc rgb '%s' title 'ST (total)', \\\n"
                "         '%s' using ($1+%g):6:7:8 with yerrorbars pt 7 ps 0.4 lc rgb 'black' notitle\n",
                dat, BAR_W / 2, plot_palette[0], dat, BAR_W / 2, dat, BAR_W / 2, plot_palette[1], dat,
                BAR_W / 2);
    } else {
        fprintf(
            f,
            "    plot '%s' using 1:3 with boxes lc rgb '%s' title 'SRC', \\\n"
            "         '%s' using 1:3:4:5 with yerrorbars pt 7 ps 0.4 lc rgb 'black' title '95%% interval'\n",
            dat, plot_palette[0], dat);
    }
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
done:
    free(fs);
    return rc;
}

/* mu* against sigma per factor, labelled, with mu*'s interval. */
static int chart_morris(struct plot *p, int s, int m, int t)
{
    struct sweep_plot *w = p->sweep;
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    int *fs = malloc((w->zfactor.n + 1) * sizeof *fs);
    if (!fs)
        return plot_oom(p);
    size_t n = zfactors(w, s, m, t, "mu_star", fs);
    struct atomicfile af = {0};
    chart_name(chart, sizeof chart, "morris", w, s, m, t);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    double xmax = 0, ymax = 0;
    int any = 0, rc = gp_open(p, &af, dat);
    if (rc)
        goto done;
    fprintf(af.f, "# Morris measures of %s at step %d, scenario %s, from sensitivity.csv\n", w->metric.s[m],
            t, w->scen.s[s]);
    fputs("# mu_star sigma mu_star_low mu_star_high factor\n", af.f);
    for (size_t i = 0; i < n; i++) {
        const struct zrow *a = zfind(w, s, m, t, fs[i], "mu_star"), *b = zfind(w, s, m, t, fs[i], "sigma");
        double ms = a->value, sg = b ? b->value : NAN;
        dat_num(af.f, ms);
        fputc(' ', af.f);
        dat_num(af.f, sg);
        fputc(' ', af.f);
        dat_num(af.f, isfinite(a->lo) ? a->lo : ms);
        fputc(' ', af.f);
        dat_num(af.f, isfinite(a->hi) ? a->hi : ms);
        fputc(' ', af.f);
        dat_str(af.f, w->zfactor.s[fs[i]]);
        fputc('\n', af.f);
        if (isfinite(ms) && isfinite(sg)) {
            any = 1;
            xmax = fmax(xmax, isfinite(a->hi) ? fmax(ms, a->hi) : ms);
            ymax = fmax(ymax, sg);
        }
    }
    if ((rc = gp_close(p, &af, dat)))
        goto done;
    snprintf(text, sizeof text, "%s at step %d (%s): Morris mu* and sigma of the elementary effects",
             w->metric.s[m], t, w->scen.s[s]);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\nset xlabel 'mu* (mean absolute effect, per unit of the factor range)'\n"
          "set ylabel 'sigma (interaction or nonlinearity)'\nunset key\n",
          f);
    gp_grid(f, "xtics ytics");
    gp_range(f, "x", 0, xmax > 0 ? xmax : 1);
    gp_range(f, "y", 0, ymax > 0 ? ymax : 1);
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    if (!any)
        gp_empty(f, "    ", "no defined mu* and sigma in sensitivity.csv");
    else
        fprintf(f,
                "    plot '%s' using 1:2:3:4 with xerrorbars pt 7 ps %g lc rgb '%s' notitle, \\\n"
                "         '%s' using 1:2:5 with labels left offset 1,0.6 notitle\n",
                dat, FOREST_PS, plot_palette[0], dat);
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
done:
    free(fs);
    return rc;
}

/* ---- response charts ------------------------------------------------------------ */

/* One panel per numeric factor: each point's mean of series (s, m, t) with q05-q95. */
static int chart_response(struct plot *p, int s, int m, int t)
{
    struct sweep_plot *w = p->sweep;
    size_t k = w->factors.n, shown = 0;
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    for (size_t j = 0; j < k; j++)
        shown += w->numeric[j];
    if (!shown)
        return DIAG_OK;
    struct atomicfile af = {0};
    chart_name(chart, sizeof chart, "response", w, s, m, t);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    int rc = gp_open(p, &af, dat);
    if (rc)
        return rc;
    fprintf(af.f, "# %s at step %d, scenario %s, from points.csv: one row per design point\n", w->metric.s[m],
            t, w->scen.s[s]);
    fputs("# point mean q05 q95 then the factors' values:", af.f);
    for (size_t j = 0; j < k; j++)
        fprintf(af.f, " %s", w->factors.s[j]);
    fputc('\n', af.f);
    int any = 0, bars = 0; /* bars: a point has replica quantiles (a contrast's rows have none) */
    double ylo = INFINITY, yhi = -INFINITY; /* over the finite means and bars */
    for (size_t i = 0; i < w->n_pr; i++) {
        const struct prow *r = &w->pr[i];
        if (r->scen != s || r->metric != m || r->step != t)
            continue;
        if (isfinite(r->mean)) {
            const double y[] = {r->mean, r->q05, r->q95};
            for (size_t q = 0; q < sizeof y / sizeof y[0]; q++)
                if (isfinite(y[q])) {
                    ylo = y[q] < ylo ? y[q] : ylo;
                    yhi = y[q] > yhi ? y[q] : yhi;
                }
        }
        fprintf(af.f, "%zu ", r->point);
        dat_num(af.f, r->mean);
        fputc(' ', af.f);
        dat_num(af.f, r->q05);
        fputc(' ', af.f);
        dat_num(af.f, r->q95);
        for (size_t j = 0; j < k; j++) {
            fputc(' ', af.f);
            dat_num(af.f, w->x[r->point * k + j]);
        }
        fputc('\n', af.f);
        any |= isfinite(r->mean);
        bars |= isfinite(r->q05) && isfinite(r->q95);
    }
    if ((rc = gp_close(p, &af, dat)))
        return rc;
    if (bars)
        snprintf(text, sizeof text,
                 "%s at step %d (%s): mean of each design point, bar: 5-95%% of its replicas", w->metric.s[m],
                 t, w->scen.s[s]);
    else
        snprintf(text, sizeof text, "%s at step %d (%s): mean of each design point", w->metric.s[m], t,
                 w->scen.s[s]);
    if ((rc = gp_open(p, &af, gp)))
        return rc;
    FILE *f = af.f;
    size_t cols = shown < RESPONSE_COLS ? shown : RESPONSE_COLS, rows = (shown + cols - 1) / cols;
    gp_head(p, f, chart, text, dat);
    fputs("unset key\nset offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\nset ylabel ", f);
    gp_str(f, plot_metric_label(w->metric.s[m]));
    fputc('\n', f);
    gp_grid(f, "xtics ytics");
    if (any && ylo == yhi) /* a metric the factors leave unchanged: a range gnuplot can draw */
        gp_flat_range(f, w->metric.s[m], ylo);
    gp_loop_begin(p, f, chart, CHART_W, rows > 1 ? CHART_H * 3 / 4 * (int)rows : CHART_H);
    if (!any) {
        gp_empty(f, "    ", "no defined mean at any design point");
    } else {
        fprintf(f, "    set multiplot layout %zu,%zu title ", rows, cols);
        gp_str(f, text);
        fputc('\n', f);
        for (size_t j = 0; j < k; j++) {
            if (!w->numeric[j])
                continue;
            fputs("    set xlabel ", f);
            gp_str(f, w->factors.s[j]);
            if (bars)
                fprintf(f, "\n    plot '%s' using %zu:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '%s'\n", dat,
                        5 + j, plot_palette[0]);
            else
                fprintf(f, "\n    plot '%s' using %zu:2 with points pt 7 ps 0.8 lc rgb '%s'\n", dat, 5 + j,
                        plot_palette[0]);
        }
        fputs("    unset multiplot\n", f);
    }
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The distinct values of factor j, sorted, into v; their count. */
static size_t levels_of(const struct sweep_plot *w, size_t j, double *v)
{
    size_t k = w->factors.n, n = 0;
    for (size_t i = 0; i < w->n_points; i++)
        v[n++] = w->x[i * k + j];
    qsort(v, n, sizeof *v, cmp_double);
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        if (d == 0 || v[i] != v[d - 1])
            v[d++] = v[i];
    return d;
}

static size_t level_index(const double *v, size_t n, double x)
{
    size_t i = 0;
    while (i + 1 < n && v[i] != x)
        i++;
    return i;
}

/* The mean over the other factors of series (s, m, t) in each cell of factors a and b. */
static int chart_heatmap(struct plot *p, int s, int m, int t, size_t a, size_t b)
{
    struct sweep_plot *w = p->sweep;
    size_t k = w->factors.n, n = w->n_points;
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    double *va = malloc(n * sizeof *va), *vb = malloc(n * sizeof *vb);
    double *sum = NULL;
    size_t *cnt = NULL;
    int rc = DIAG_OK;
    if (!va || !vb) {
        rc = plot_oom(p);
        goto done;
    }
    size_t na = levels_of(w, a, va), nb = levels_of(w, b, vb);
    sum = calloc(na * nb, sizeof *sum);
    cnt = calloc(na * nb, sizeof *cnt);
    if (!sum || !cnt) {
        rc = plot_oom(p);
        goto done;
    }
    for (size_t i = 0; i < w->n_pr; i++) {
        const struct prow *r = &w->pr[i];
        if (r->scen != s || r->metric != m || r->step != t || !isfinite(r->mean))
            continue;
        size_t c =
            level_index(va, na, w->x[r->point * k + a]) * nb + level_index(vb, nb, w->x[r->point * k + b]);
        sum[c] += r->mean;
        cnt[c]++;
    }
    struct atomicfile af = {0};
    plot_safe_name(chart, sizeof chart, "heatmap_%s_%s_step%d_%s_%s", w->scen.s[s], w->metric.s[m], t,
                   w->factors.s[a], w->factors.s[b]);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    if ((rc = gp_open(p, &af, dat)))
        goto done;
    fprintf(af.f, "# %s at step %d, scenario %s, from points.csv: mean over the other factors per cell\n",
            w->metric.s[m], t, w->scen.s[s]);
    fprintf(af.f, "# i j mean (i: level of %s, j: level of %s)\n", w->factors.s[a], w->factors.s[b]);
    int any = 0;
    double vlo = INFINITY, vhi = -INFINITY;
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < nb; j++) {
            double v = cnt[i * nb + j] ? sum[i * nb + j] / (double)cnt[i * nb + j] : NAN;
            fprintf(af.f, "%zu %zu ", i, j);
            dat_num(af.f, v);
            fputc('\n', af.f);
            any |= isfinite(v);
            if (isfinite(v)) {
                vlo = v < vlo ? v : vlo;
                vhi = v > vhi ? v : vhi;
            }
        }
        fputc('\n', af.f);
    }
    if ((rc = gp_close(p, &af, dat)))
        goto done;
    snprintf(text, sizeof text, "%s at step %d (%s): mean over the design points of each cell",
             w->metric.s[m], t, w->scen.s[s]);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\nset xlabel ", f);
    gp_str(f, w->factors.s[a]);
    fputs("\nset ylabel ", f);
    gp_str(f, w->factors.s[b]);
    fputs("\nset cblabel ", f);
    gp_str(f, plot_metric_label(w->metric.s[m]));
    fputs("\nunset key\n" PALETTE_VIRIDIS, f);
    fprintf(f, "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\n", na - 1, nb - 1);
    if (any && vlo == vhi) /* one value in every cell: a colour range gnuplot can draw */
        gp_range(f, "cb", vlo, vhi);
    const double *lv[2] = {va, vb};
    size_t nl[2] = {na, nb};
    for (int ax = 0; ax < 2; ax++) {
        fprintf(f, "set %ctics (", ax ? 'y' : 'x');
        for (size_t i = 0; i < nl[ax]; i++)
            fprintf(f, "%s\"%.6g\" %zu", i ? ", " : "", lv[ax][i], i);
        fputs(")\n", f);
    }
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    if (!any)
        gp_empty(f, "    ", "no defined mean in any cell");
    else
        fprintf(f,
                "    plot '%s' using 1:2:3 with image, \\\n"
                "         '%s' using 1:2:(sprintf('%%.3g', $3)) with labels tc rgb 'white' notitle\n",
                dat, dat);
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
done:
    free(va);
    free(vb);
    free(sum);
    free(cnt);
    return rc;
}

/* ---- PRIM ------------------------------------------------------------------------ */

static int chart_prim(struct plot *p, int s)
{
    struct sweep_plot *w = p->sweep;
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    struct atomicfile af = {0};
    plot_safe_name(chart, sizeof chart, "prim_%s", w->scen.s[s]);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    int rc = gp_open(p, &af, dat);
    if (rc)
        return rc;
    fprintf(af.f, "# PRIM's peeling trajectory of scenario %s, from discovery.csv\n", w->scen.s[s]);
    fputs("# box coverage density restricted_factors\n", af.f);
    long most = 0;
    for (size_t i = 0; i < w->n_br; i++) {
        const struct brow *b = &w->br[i];
        if (b->scen != s)
            continue;
        fprintf(af.f, "%ld ", b->box);
        dat_num(af.f, b->coverage);
        fputc(' ', af.f);
        dat_num(af.f, b->density);
        fprintf(af.f, " %ld\n", b->restricted);
        most = b->restricted > most ? b->restricted : most;
    }
    if ((rc = gp_close(p, &af, dat)))
        return rc;
    snprintf(text, sizeof text, "%s: scenario discovery, PRIM's boxes (coverage against density)",
             w->scen.s[s]);
    if ((rc = gp_open(p, &af, gp)))
        return rc;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\nset xlabel 'coverage (share of all cases in the box)'\n"
          "set ylabel 'density (share of the box that are cases)'\n"
          "set cblabel 'restricted factors'\nunset key\n",
          f);
    gp_grid(f, "xtics ytics");
    fprintf(f, "set xrange [0:%g]\nset yrange [0:%g]\n", 1 + UNIT_PAD, 1 + UNIT_PAD);
    fprintf(f, "set cbrange [-0.5:%ld.5]\nset cbtics 1\nset palette maxcolors %ld\n", most, most + 1);
    fputs(PALETTE_VIRIDIS, f);
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    fprintf(f,
            "    plot '%s' using 2:3 with lines lc rgb '%s' notitle, \\\n"
            "         '%s' using 2:3:4 with points pt 7 ps %g palette notitle\n",
            dat, COLOUR_TIE, dat, FOREST_PS);
    gp_loop_end(f);
    if (!(rc = gp_close(p, &af, gp)))
        rc = gp_add_chart(p, chart);
    return rc;
}

/* ---- every chart ----------------------------------------------------------------- */

/* The distinct series (scenario, metric, step), in order of first appearance. */
struct series_list {
    int (*v)[3];
    size_t n, cap;
};

static int series_note(struct series_list *l, int s, int m, int t)
{
    if (l->n && l->v[l->n - 1][0] == s && l->v[l->n - 1][1] == m && l->v[l->n - 1][2] == t)
        return 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i][0] == s && l->v[i][1] == m && l->v[i][2] == t)
            return 0;
    if (grow_array((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return -1;
    l->v[l->n][0] = s, l->v[l->n][1] = m, l->v[l->n][2] = t;
    l->n++;
    return 0;
}

int chart_sweep(struct plot *p)
{
    struct sweep_plot *w = p->sweep;
    if (!w)
        return DIAG_OK;
    struct series_list zs = {0}, ps = {0};
    int rc = DIAG_OK;
    for (size_t i = 0; i < w->n_zr && !rc; i++)
        if (series_note(&zs, w->zr[i].scen, w->zr[i].metric, w->zr[i].step))
            rc = plot_oom(p);
    for (size_t i = 0; i < w->n_pr && !rc; i++)
        if (series_note(&ps, w->pr[i].scen, w->pr[i].metric, w->pr[i].step))
            rc = plot_oom(p);
    for (size_t i = 0; i < zs.n && !rc; i++) {
        int s = zs.v[i][0], m = zs.v[i][1], t = zs.v[i][2], has_st = 0, has_mu = 0, has_src = 0;
        for (int f = 0; f < (int)w->zfactor.n; f++) {
            has_st |= zfind(w, s, m, t, f, "ST") != NULL;
            has_mu |= zfind(w, s, m, t, f, "mu_star") != NULL;
            has_src |= zfind(w, s, m, t, f, "SRC") != NULL;
        }
        if (has_st)
            rc = chart_bars(p, s, m, t, 1);
        if (!rc && has_src)
            rc = chart_bars(p, s, m, t, 0);
        if (!rc && has_mu)
            rc = chart_morris(p, s, m, t);
    }
    int factorial = !strcmp(w->method, "factorial");
    for (size_t i = 0; i < ps.n && !rc; i++) {
        int s = ps.v[i][0], m = ps.v[i][1], t = ps.v[i][2];
        rc = chart_response(p, s, m, t);
        for (size_t a = 0; factorial && a < w->factors.n && !rc; a++)
            for (size_t b = a + 1; w->numeric[a] && b < w->factors.n && !rc; b++)
                if (w->numeric[b])
                    rc = chart_heatmap(p, s, m, t, a, b);
    }
    for (size_t s = 0; s < w->scen.n && !rc; s++) {
        int has = 0;
        for (size_t i = 0; i < w->n_br && !has; i++)
            has = w->br[i].scen == (int)s;
        if (has)
            rc = chart_prim(p, (int)s);
    }
    free(zs.v);
    free(ps.v);
    return rc;
}
