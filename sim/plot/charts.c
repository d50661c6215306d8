/* sim/plot/charts.c - `infnet plot`: metric_METRIC, final_METRIC, forest_B and forest_d_B charts.
 *
 * Each chart is one data file and one script, written from the rows read
 * by outputs.c: a panel per scenario of the median, mean and 50%/90% bands
 * over time, with the scenario's pressures and events marked (summary.csv,
 * meta.json's timeline); strips or box plots of the last step (final.csv);
 * differences and Cohen's d with their intervals, outcomes apart from
 * mechanical counts (comparison.csv at its last step).
 * Includes: gpwrite.c's helpers.
 */
#include "sim/plot/plot_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Axis labels: the metric in words, with its unit or range (docs/OUTPUTS.md). */
static const struct {
    const char *metric, *label;
    enum metric_range range;
} metric_labels[] = {
    {"nodes", "active nodes (count)", RANGE_NONNEG},
    {"edges", "linked pairs of active nodes (count)", RANGE_NONNEG},
    {"density", "density (share of possible links, 0 .. 1)", RANGE_UNIT},
    {"components", "connected components (count)", RANGE_NONNEG},
    {"giant_fraction", "giant component (share of active nodes, 0 .. 1)", RANGE_UNIT},
    {"giant_initial_fraction", "giant component (share of initial nodes)", RANGE_NONNEG},
    {"fragmentation", "fragmentation F (0 connected .. 1 all isolated)", RANGE_UNIT},
    {"distance_fragmentation", "distance fragmentation DF (0 all adjacent .. 1 all unreachable)", RANGE_UNIT},
    {"distance_fragmentation_se", "standard error of DF (sampling)", RANGE_NONNEG},
    {"modularity", "modularity Q of the Leiden partition", RANGE_ANY},
    {"communities", "communities (count)", RANGE_NONNEG},
    {"centralization_degree", "degree centralization (0 regular .. 1 star)", RANGE_UNIT},
    {"centralization_betweenness", "betweenness centralization (0 all equal .. 1 star)", RANGE_UNIT},
    {"patron_count", "agencies commanding a faction (count)", RANGE_NONNEG},
    {"patron_entropy", "patron entropy (nats)", RANGE_NONNEG},
    {"mean_strength", "mean faction strength (0 .. 1)", RANGE_UNIT},
    {"total_funding", "total funding received by factions (per step)", RANGE_NONNEG},
    {"fronts_created", "front groups created since step 0 (count)", RANGE_NONNEG},
    {"splinters_created", "splinters created since step 0 (count)", RANGE_NONNEG},
    {"patron_switches", "patron switches since step 0 (count)", RANGE_NONNEG},
    {"left_initial_patron", "factions away from their step-0 patron (count)", RANGE_NONNEG},
    {"leaders_killed", "leaders killed since step 0 (count)", RANGE_NONNEG},
    {"factions_dissolved", "factions dissolved since step 0 (count)", RANGE_NONNEG},
    {"ties_created", "ties created since step 0 (count)", RANGE_NONNEG},
    {"ties_dissolved", "ties dissolved since step 0 (count)", RANGE_NONNEG},
    {"fronts_created_step", "front groups created in the step (count)", RANGE_NONNEG},
    {"splinters_created_step", "splinters created in the step (count)", RANGE_NONNEG},
    {"patron_switches_step", "patron switches in the step (count)", RANGE_NONNEG},
    {"left_initial_patron_step", "factions first leaving their step-0 patron in the step (count)",
     RANGE_NONNEG},
    {"leaders_killed_step", "leaders killed in the step (count)", RANGE_NONNEG},
    {"factions_dissolved_step", "factions dissolved in the step (count)", RANGE_NONNEG},
    {"ties_created_step", "ties created in the step (count)", RANGE_NONNEG},
    {"ties_dissolved_step", "ties dissolved in the step (count)", RANGE_NONNEG},
};

enum metric_range plot_metric_range(const char *metric)
{
    for (size_t i = 0; i < COUNT(metric_labels); i++)
        if (!strcmp(metric_labels[i].metric, metric))
            return metric_labels[i].range;
    return RANGE_ANY;
}

const char *plot_metric_label(const char *metric)
{
    for (size_t i = 0; i < COUNT(metric_labels); i++)
        if (!strcmp(metric_labels[i].metric, metric))
            return metric_labels[i].label;
    return metric;
}

/* ---- metric_METRIC: median and 5-95% band over time -------------------------------------- */

/* Rows [*lo, *hi) of summary rows for metric m and scenario s (rows are sorted). */
static void srow_range(const struct plot *p, int m, int s, size_t *lo, size_t *hi)
{
    size_t i = 0;
    while (i < p->n_sr && (p->sr[i].metric < m || (p->sr[i].metric == m && p->sr[i].scen < s)))
        i++;
    *lo = i;
    while (i < p->n_sr && p->sr[i].metric == m && p->sr[i].scen == s)
        i++;
    *hi = i;
}

/* The scenario whose meta.json entry dates the time axis: the first of the
 * scenarios with rows, when all of them share its unit and start; else NULL. */
static const struct meta_scen *common_calendar(const struct plot *p, const int *block)
{
    const struct meta_scen *first = NULL;
    for (size_t s = 0; s < p->scen.n; s++) {
        if (block[s] < 0)
            continue;
        const struct meta_scen *m = plot_meta_of(p, p->scen.s[s]);
        if (!m)
            return NULL;
        if (!first)
            first = m;
        else if (strcmp(m->unit, first->unit) || strcmp(m->start, first->start))
            return NULL;
    }
    char probe[64];
    return first && plot_step_date(first, 0, probe, sizeof probe) ? first : NULL;
}

/* Date ticks on the x axis: every k-th step from xmin, k the smallest of the
 * unit's usual spacings that leaves at most DATE_TICS_MAX ticks. */
static void gp_date_tics(FILE *f, const struct meta_scen *m, int xmin, int xmax, int most, const char *indent)
{
    static const long month[] = {1, 2, 3, 6, 12, 24, 60, 120}, year[] = {1, 2, 5, 10, 20, 50, 100},
                      week[] = {1, 2, 4, 13, 26, 52, 104}, day[] = {1, 7, 14, 28, 91, 182, 365, 730};
    const long *k = day;
    size_t nk = COUNT(day);
    if (!strcmp(m->unit, "month"))
        k = month, nk = COUNT(month);
    else if (!strcmp(m->unit, "year"))
        k = year, nk = COUNT(year);
    else if (!strcmp(m->unit, "week"))
        k = week, nk = COUNT(week);
    long span = (long)xmax - xmin, every = k[nk - 1];
    for (size_t i = 0; i < nk; i++)
        if (span / k[i] + 1 <= most) {
            every = k[i];
            break;
        }
    fprintf(f, "%sset xtics (", indent);
    for (long t = xmin; t <= xmax; t += every) {
        char date[64];
        plot_step_date(m, t, date, sizeof date);
        fprintf(f, "%s\"%s\" %ld", t > xmin ? ", " : "", date, t);
    }
    fputs(")\n", f);
}

/* The pressures and dated events of scenario name in [xmin, xmax], as
 * vertical lines (a shaded span for a pressure acting over several steps)
 * with a short label at the top; the marks of one step share one label. */
static int gp_marks(FILE *f, const struct plot *p, const char *name, int xmin, int xmax, int *kinds)
{
    const struct meta_scen *m = plot_meta_of(p, name);
    int tag = MARK_TAG;
    fputs("    unset arrow\n    unset label\n    unset object\n", f);
    for (size_t i = 0; m && i < m->n_marks; i++) {
        const struct meta_mark *k = &m->marks[i];
        if (k->to < xmin || k->from > xmax)
            continue;
        int first = 1, more = 0;
        for (size_t j = 0; j < i; j++)
            first &= m->marks[j].from != k->from;
        for (size_t j = i + 1; j < m->n_marks; j++)
            more += m->marks[j].from == k->from;
        const char *colour = k->pressure ? COLOUR_STRONG : COLOUR_EVENT;
        *kinds |= k->pressure ? 1 : 2;
        if (k->to > k->from)
            fprintf(f,
                    "    set object %d rect from first %d, graph 0 to first %d, graph 1 back fc rgb '%s' "
                    "fs transparent solid %g noborder\n",
                    tag++, k->from, k->to, colour, MARK_SPAN_ALPHA);
        fprintf(f,
                "    set arrow %d from first %d, graph 0 to first %d, graph 1 nohead back dt %d lw 1.5 lc "
                "rgb '%s'\n",
                tag++, k->from, k->from, k->pressure ? 2 : 3, colour);
        if (!first)
            continue;
        char text[MARK_LABEL_CHARS + 8], shortened[MARK_LABEL_CHARS + 32];
        snprintf(text, sizeof text, "%.*s%s", MARK_LABEL_CHARS, k->label,
                 strlen(k->label) > MARK_LABEL_CHARS ? "..." : "");
        if (more)
            snprintf(shortened, sizeof shortened, "%s (+%d)", text, more);
        else
            snprintf(shortened, sizeof shortened, "%s", text);
        fprintf(f, "    set label %d ", tag++);
        gp_str(f, shortened);
        fprintf(
            f, " at first %d, graph 0.97 rotate by 90 right offset char 0.6,0 font ',%d' tc rgb '%s' front\n",
            k->from, FONT_MARK, colour);
    }
    return tag;
}

int chart_metric(struct plot *p, int m)
{
    const char *metric = p->metric.s[m];
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    struct atomicfile af = {0};
    int rc;
    plot_safe_name(chart, sizeof chart, "metric_%s", metric);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    int n_scen = (int)p->scen.n;
    int *block = calloc((size_t)n_scen + 1, sizeof *block);   /* gnuplot index of each scenario, -1 none */
    int *finite = calloc((size_t)n_scen + 1, sizeof *finite); /* finite medians per scenario */
    if (!block || !finite) {
        free(block);
        free(finite);
        return plot_oom(p);
    }
    double ymin = INFINITY, ymax = -INFINITY;
    int xmin = INT_MAX, xmax = INT_MIN, n_blocks = 0;
    if ((rc = gp_open(p, &af, dat)))
        goto done;
    fprintf(af.f, "# %s from summary.csv: one block per scenario (gnuplot index 0, 1, ...)\n", metric);
    fputs("# step q05 q25 q50 q75 q95 mean\n", af.f);
    for (int s = 0; s < n_scen; s++) {
        size_t lo, hi;
        srow_range(p, m, s, &lo, &hi);
        block[s] = -1;
        if (lo == hi)
            continue;
        if (n_blocks)
            fputs("\n\n", af.f);
        block[s] = n_blocks++;
        fprintf(af.f, "# index %d: %s\n", block[s], p->scen.s[s]);
        for (size_t i = lo; i < hi; i++) {
            const struct srow *r = &p->sr[i];
            const double q[] = {r->q05, r->q25, r->q50, r->q75, r->q95, r->mean};
            fprintf(af.f, "%d", r->step);
            for (size_t k = 0; k < COUNT(q); k++) {
                fputc(' ', af.f);
                dat_num(af.f, q[k]);
                if (isfinite(q[k])) {
                    ymin = fmin(ymin, q[k]);
                    ymax = fmax(ymax, q[k]);
                }
            }
            fputc('\n', af.f);
            if (isfinite(r->q50))
                finite[s]++;
            xmin = r->step < xmin ? r->step : xmin;
            xmax = r->step > xmax ? r->step : xmax;
        }
    }
    if ((rc = gp_close(p, &af, dat)))
        goto done;

    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    snprintf(
        text, sizeof text,
        "%s over time, one panel per scenario: median (line), mean (dashed), 50%% and 90%% of the replicas "
        "(bands)",
        metric);
    gp_head(p, f, chart, text, dat);
    int any = 0;
    for (int s = 0; s < n_scen; s++)
        any |= finite[s] > 0;
    /* panels: up to 2 side by side, 3 columns from 5 scenarios on; rows of PANEL_H pixels */
    int cols = n_blocks <= 2 ? (n_blocks ? n_blocks : 1) : n_blocks <= 4 ? 2 : 3;
    int rows = n_blocks ? (n_blocks + cols - 1) / cols : 1;
    int height = rows * PANEL_H + PANEL_EXTRA_H > CHART_H ? rows * PANEL_H + PANEL_EXTRA_H : CHART_H;
    const struct meta_scen *cal = any ? common_calendar(p, block) : NULL;
    if (cal)
        snprintf(text, sizeof text, "%s (step 0 = %s)", cal->unit, cal->start);
    else
        plot_step_label(p, p->scen.s, p->scen.n, text, sizeof text);
    /* axis labels on the outer panels only (below: gp_panel_labels) */
    fputs("xlabel = ", f);
    gp_str(f, text);
    fputs("\nylabel = ", f);
    gp_str(f, plot_metric_label(metric));
    fputs("\n", f);
    /* the panels' axes, as a command set by the panels of every format (the
     * legend below them changes them) */
    char *axes = NULL;
    size_t axes_len = 0;
    FILE *a = open_memstream(&axes, &axes_len);
    if (!a) {
        atomicfile_abort(&af);
        rc = plot_oom(p);
        goto done;
    }
    fputs("set border; set tics\n", a);
    gp_grid(a, "xtics ytics");
    if (any && xmin == xmax)
        fprintf(a, "set xrange [%d:%d]\n", xmin - 1, xmax + 1);
    else if (any)
        fprintf(a, "set xrange [%d:%d]\n", xmin, xmax);
    if (cal)
        gp_date_tics(a, cal, xmin, xmax, DATE_TICS_MAX / cols, "");
    else if (any && (long)xmax - xmin <= UNIT_TICS_SPAN) /* steps are whole: no tick at 0.5 */
        fputs("set xtics 1\n", a);
    else
        fputs("set xtics autofreq\n", a);
    /* one y range for every panel, so that they compare; room above for the marks' labels */
    if (any && ymin == ymax)
        gp_flat_range(a, metric, ymin);
    else if (any) {
        double pad = (ymax - ymin) * RANGE_PAD;
        double lo = ymin == 0 && plot_metric_range(metric) != RANGE_ANY ? -pad / 2 : ymin - pad / 2;
        fprintf(a, "set yrange [%.*g:%.*g]\n", COORD_DIGITS, lo, COORD_DIGITS, ymax + pad * MARK_ROOM);
    }
    if (fclose(a) || !axes) {
        free(axes);
        atomicfile_abort(&af);
        rc = plot_oom(p);
        goto done;
    }
    for (char *c = axes; *c; c++)
        if (*c == '\n')
            *c = ';';
    fputs("axes = ", f);
    gp_str(f, axes);
    fputc('\n', f);
    free(axes);
    gp_loop_begin(p, f, chart, CHART_W, height);
    snprintf(text, sizeof text, "%s: median, 50%% and 90%% of the replicas", metric);
    if (!any) {
        gp_empty(f, "    ", "no defined value of this metric at any step");
    } else {
        /* panels placed by hand, and the legend in a strip of its own below them */
        double key_h = (double)PANEL_KEY_H / height, top = 1.0 - (double)PANEL_TITLE_H / height;
        double pw = 1.0 / cols, ph = (top - key_h) / rows;
        fputs("    set multiplot title ", f);
        gp_str(f, text);
        fputc('\n', f);
        int panel = 0, kinds = 0;
        for (int s = 0; s < n_scen; s++) {
            const struct meta_scen *ms = plot_meta_of(p, p->scen.s[s]);
            for (size_t i = 0; block[s] >= 0 && ms && i < ms->n_marks; i++)
                if (ms->marks[i].to >= xmin && ms->marks[i].from <= xmax)
                    kinds |= ms->marks[i].pressure ? 1 : 2;
        }
        fputs("    unset key\n    eval axes\n", f);
        for (int s = 0; s < n_scen; s++) {
            if (block[s] < 0)
                continue;
            const char *c = plot_palette[(size_t)s % COUNT(plot_palette)];
            int seen = 0;
            gp_marks(f, p, p->scen.s[s], xmin, xmax, &seen);
            fputs("    set title ", f);
            gp_str(f, p->scen.s[s]);
            fputc('\n', f);
            fprintf(f, "    set origin %.4f, %.4f\n    set size %.4f, %.4f\n", (panel % cols) * pw,
                    key_h + (rows - 1 - panel / cols) * ph, pw, ph);
            /* y label on the first column, x label on the last panel of each column */
            fprintf(f, "    set ylabel %s font ',%d'\n", panel % cols == 0 ? "ylabel" : "''",
                    FONT_PANEL_LABEL);
            fprintf(f, "    set xlabel %s\n", panel + cols >= n_blocks ? "xlabel" : "''");
            panel++;
            if (!finite[s]) {
                fputs("    plot NaN notitle\n", f);
                continue;
            }
            fprintf(f,
                    "    plot '%s' index %d using 1:2:6 with filledcurves fs transparent solid %g noborder "
                    "lc rgb "
                    "'%s' notitle, \\\n",
                    dat, block[s], BAND_ALPHA, c);
            fprintf(f,
                    "         '%s' index %d using 1:3:5 with filledcurves fs transparent solid %g noborder "
                    "lc rgb "
                    "'%s' notitle, \\\n",
                    dat, block[s], BAND50_ALPHA, c);
            if (finite[s] > 1)
                fprintf(f, "         '%s' index %d using 1:4 with lines lw %g lc rgb '%s' notitle, \\\n", dat,
                        block[s], MEDIAN_LW, c);
            else
                fprintf(f, "         '%s' index %d using 1:4 with points pt 7 lc rgb '%s' notitle, \\\n", dat,
                        block[s], c);
            /* the mean, dashed: a zero-inflated metric (fragmentation in most
             * replicas 0) moves its mean long before its median */
            fprintf(f, "         '%s' index %d using 1:7 with lines lw %g dt 2 lc rgb '%s' notitle\n", dat,
                    block[s], MEDIAN_LW * 0.6, c);
        }
        /* the legend, in grey: what the lines and bands of every panel mean */
        fprintf(f,
                "    unset arrow\n    unset label\n    unset object\n    unset title\n    unset xlabel\n"
                "    unset ylabel\n    unset border\n    unset tics\n    unset grid\n"
                "    set origin 0, 0\n    set size 1, %.4f\n    set xrange [0:1]\n    set yrange [0:1]\n"
                "    set key center center horizontal samplen 2\n",
                key_h);
        fprintf(f,
                "    plot NaN notitle, \\\n"
                "         keyentry with filledcurves fs solid %g noborder lc rgb '%s' title '90%% of "
                "replicas', \\\n"
                "         keyentry with filledcurves fs solid %g noborder lc rgb '%s' title '50%% of "
                "replicas', \\\n"
                "         keyentry with lines lw %g lc rgb '%s' title 'median', \\\n"
                "         keyentry with lines lw %g dt 2 lc rgb '%s' title 'mean'",
                BAND_ALPHA * 2, COLOUR_KEY, BAND50_ALPHA * 2, COLOUR_KEY, MEDIAN_LW, COLOUR_KEY,
                MEDIAN_LW * 0.6, COLOUR_KEY);
        if (kinds & 1)
            fprintf(f, ", \\\n         keyentry with lines dt 2 lw 1.5 lc rgb '%s' title 'pressure'",
                    COLOUR_STRONG);
        if (kinds & 2)
            fprintf(f, ", \\\n         keyentry with lines dt 3 lw 1.5 lc rgb '%s' title 'dated event'",
                    COLOUR_EVENT);
        fputs("\n    unset multiplot\n", f);
    }
    gp_loop_end(f);
    if ((rc = gp_close(p, &af, gp)))
        goto done;
    rc = gp_add_chart(p, chart);
done:
    free(block);
    free(finite);
    return rc;
}

/* ---- final_METRIC: box plots of the last step --------------------------------------- */

/* The last step of scenario s: summary.csv's largest, else meta.json's steps, else -1. */
static long last_step(const struct plot *p, int s)
{
    long t = -1;
    for (size_t i = 0; i < p->n_sr; i++)
        if (p->sr[i].scen == s && p->sr[i].step > t)
            t = p->sr[i].step;
    if (t < 0) {
        const struct meta_scen *m = plot_meta_of(p, p->scen.s[s]);
        if (m)
            t = m->steps;
    }
    return t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int chart_final(struct plot *p, int m)
{
    const char *metric = p->metric.s[m];
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    struct atomicfile af = {0};
    int rc, n_scen = (int)p->scen.n;
    int *block = calloc((size_t)n_scen + 1, sizeof *block);
    int *finite = calloc((size_t)n_scen + 1, sizeof *finite);
    if (!block || !finite) {
        free(block);
        free(finite);
        return plot_oom(p);
    }
    plot_safe_name(chart, sizeof chart, "final_%s", metric);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    double ymin = INFINITY, ymax = -INFINITY;
    int n_blocks = 0, n_shown = 0, rotate = 0, points = 1;
    /* each scenario's median and share of zeros; a strip of points instead
     * of boxes when a scenario's values are mostly 0 or take few values
     * (a box of them collapses to a line and hides how many sit where) */
    double *med = calloc((size_t)n_scen + 1, sizeof *med), *zero = calloc((size_t)n_scen + 1, sizeof *zero);
    double *vals = malloc((p->n_fr + 1) * sizeof *vals);
    int strip = 0, any_zero = 0;
    if (!med || !zero || !vals) {
        rc = plot_oom(p);
        goto done;
    }
    for (int s = 0; s < n_scen; s++) {
        size_t nv = 0, zeros = 0, distinct = 0;
        for (size_t i = 0; i < p->n_fr; i++)
            if (p->fr[i].metric == m && p->fr[i].scen == s && isfinite(p->fr[i].value))
                vals[nv++] = p->fr[i].value;
        qsort(vals, nv, sizeof *vals, cmp_double);
        for (size_t i = 0; i < nv; i++) {
            zeros += vals[i] == 0;
            distinct += i == 0 || vals[i] != vals[i - 1];
        }
        med[s] = nv ? (vals[(nv - 1) / 2] + vals[nv / 2]) / 2 : NAN;
        zero[s] = nv ? (double)zeros / (double)nv : 0;
        any_zero |= zeros > 0;
        if (nv && (zero[s] >= STRIP_ZERO_SHARE || distinct <= STRIP_DISTINCT_MAX))
            strip = 1;
    }
    if ((rc = gp_open(p, &af, dat)))
        goto done;
    fprintf(
        af.f,
        "# %s at the last step, every replica, from final.csv: one block per scenario "
        "(gnuplot index 0, 1, ...); dx: the point's sideways offset (-0.5 .. 0.5, from the replica number)\n",
        metric);
    fputs("# replica value dx\n", af.f);
    for (int s = 0; s < n_scen; s++) {
        block[s] = -1;
        int started = 0;
        for (size_t i = 0; i < p->n_fr; i++) {
            const struct frow *r = &p->fr[i];
            if (r->metric != m || r->scen != s)
                continue;
            if (!started) {
                if (n_blocks)
                    fputs("\n\n", af.f);
                block[s] = n_blocks++;
                fprintf(af.f, "# index %d: %s\n", block[s], p->scen.s[s]);
                started = 1;
            }
            fprintf(af.f, "%ld ", r->replica);
            dat_num(af.f, r->value);
            /* the golden-ratio sequence: offsets spread evenly, the same for a replica every time */
            double dx = fmod((double)r->replica * GOLDEN_FRAC, 1.0) - 0.5;
            fprintf(af.f, " %.4f\n", dx);
            if (isfinite(r->value)) {
                finite[s]++;
                ymin = fmin(ymin, r->value);
                ymax = fmax(ymax, r->value);
            }
        }
        if (block[s] >= 0) {
            n_shown++;
            rotate |= strlen(p->scen.s[s]) > XTIC_ROTATE_LEN;
            points &= finite[s] <= BOX_POINTS_MAX;
        }
    }
    if ((rc = gp_close(p, &af, dat)))
        goto done;

    /* the title's step: the same last step for every scenario shown, else "the last step" */
    long t = -2;
    for (int s = 0; s < n_scen; s++) {
        if (block[s] < 0)
            continue;
        long ts = last_step(p, s);
        t = t == -2 ? ts : t == ts ? t : -1;
    }
    char when[64];
    if (t >= 0)
        snprintf(when, sizeof when, "step %ld", t);
    else
        snprintf(when, sizeof when, "the last step");
    if (strip)
        snprintf(text, sizeof text, "%s at %s: every replica a point, the median a bar%s", metric, when,
                 any_zero ? ", the share at 0 above" : "");
    else if (points)
        snprintf(text, sizeof text,
                 "%s at %s: a box per scenario (quartiles, 1.5 IQR whiskers), every replica beside it",
                 metric, when);
    else
        snprintf(text, sizeof text, "%s at %s: a box per scenario (quartiles, 1.5 IQR whiskers, outliers)",
                 metric, when);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\nset ylabel ", f);
    gp_str(f, plot_metric_label(metric));
    fputs("\nset xlabel 'scenario'\nunset key\n", f);
    gp_grid(f, "ytics");
    fprintf(f, "set style fill transparent solid %g border lc rgb '%s'\n", BOX_ALPHA, COLOUR_OUTLINE);
    if (points)
        fputs("set style boxplot nooutliers\n", f);
    else
        fputs("set style boxplot outliers pointtype 7\n", f);
    fprintf(f, "set boxwidth %g\n", strip || !points ? BOX_WIDTH : BOX_WIDTH / 2);
    double slack = n_shown < BOX_MIN_SLOTS ? (double)(BOX_MIN_SLOTS - n_shown) / 2.0 : 0.0;
    fprintf(f, "set xrange [%g:%g]\n", 0.5 - slack, (double)n_shown + 0.5 + slack);
    fputs("set xtics (", f);
    int x = 0;
    for (int s = 0; s < n_scen; s++) {
        if (block[s] < 0)
            continue;
        fputs(x ? ", " : "", f);
        gp_str(f, p->scen.s[s]);
        fprintf(f, " %d", ++x);
    }
    fputs(")", f);
    if (rotate)
        fprintf(f, " rotate by %d right", XTIC_ROTATE_DEG);
    fputs("\n", f);
    if (isfinite(ymin) && ymin == ymax)
        gp_flat_range(f, metric, ymin);
    else if (isfinite(ymin) && strip) { /* room above for the shares at 0 */
        double pad = (ymax - ymin) * RANGE_PAD;
        fprintf(f, "set yrange [%.*g:%.*g]\n", COORD_DIGITS, ymin - pad, COORD_DIGITS, ymax + 2.5 * pad);
    }
    if (strip) { /* the median bars and the shares at 0 */
        x = 0;
        for (int s = 0; s < n_scen; s++) {
            if (block[s] < 0)
                continue;
            x++;
            if (!finite[s])
                continue;
            fprintf(f,
                    "set arrow %d from first %g, first %.*g to first %g, first %.*g nohead front lw 3 lc rgb "
                    "'%s'\n",
                    MARK_TAG + x, x - STRIP_WIDTH / 2 - 0.05, COORD_DIGITS, med[s],
                    x + STRIP_WIDTH / 2 + 0.05, COORD_DIGITS, med[s], COLOUR_OUTLINE);
            if (any_zero)
                fprintf(f, "set label %d '%.0f%% at 0' at first %d, graph 0.96 center\n", MARK_TAG + x,
                        100 * zero[s], x);
        }
    }
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    if (!isfinite(ymin)) {
        gp_empty(f, "    ", "no defined value of this metric at the last step");
    } else {
        const char *sep = "    plot ";
        x = 0;
        for (int s = 0; s < n_scen; s++) {
            if (block[s] < 0)
                continue;
            x++;
            if (!finite[s])
                continue;
            const char *c = plot_palette[(size_t)s % COUNT(plot_palette)];
            if (strip) {
                fprintf(f,
                        "%s'%s' index %d using (%d + $3 * %g):2 with points pt 7 ps %g lc rgb '%s' notitle",
                        sep, dat, block[s], x, STRIP_WIDTH, BOX_POINT_PS, c);
                sep = ", \\\n         ";
                continue;
            }
            /* the box left of the slot's centre, the replicas right of it */
            fprintf(f, "%s'%s' index %d using (%g):2 with boxplot lc rgb '%s' notitle", sep, dat, block[s],
                    points ? x - BOX_WIDTH / 4 : (double)x, c);
            sep = ", \\\n         ";
            if (points)
                fprintf(f,
                        "%s'%s' index %d using (%g + $3 * %g):2 with points pt 7 ps %g lc rgb '%s' notitle",
                        sep, dat, block[s], x + BOX_WIDTH / 4 + 0.05, BOX_WIDTH / 4, BOX_POINT_PS, c);
        }
        fputc('\n', f);
    }
    gp_loop_end(f);
    if ((rc = gp_close(p, &af, gp)))
        goto done;
    rc = gp_add_chart(p, chart);
done:
    free(block);
    free(finite);
    free(med);
    free(zero);
    free(vals);
    return rc;
}

/* ---- forest_B and forest_d_B: comparison.csv at its last step ------------------------------ */

static int significant(const struct crow *r)
{
    if (isfinite(r->p_holm))
        return r->p_holm < FOREST_ALPHA;
    return isfinite(r->p) && r->p < FOREST_ALPHA;
}

/* The metrics that move by construction when a pressure removes nodes or
 * ties (counts of the network and of what was removed): drawn in a panel of
 * their own, so that their large effects do not set the scale of the rest. */
static int mechanical_metric(const char *metric)
{
    static const char *const mech[] = {"nodes",
                                       "edges",
                                       "density",
                                       "components",
                                       "giant_fraction",
                                       "giant_initial_fraction",
                                       "distance_fragmentation_se",
                                       "leaders_killed",
                                       "leaders_killed_step",
                                       "factions_dissolved",
                                       "factions_dissolved_step",
                                       "ties_created",
                                       "ties_created_step",
                                       "ties_dissolved",
                                       "ties_dissolved_step"};
    for (size_t i = 0; i < COUNT(mech); i++)
        if (!strcmp(mech[i], metric))
            return 1;
    return 0;
}

/* The 95% interval of Cohen's d from the groups' sizes (Hedges and Olkin's
 * large-sample variance (n_a + n_b) / (n_a n_b) + d^2 / (2 (n_a + n_b))). */
static void d_interval(const struct crow *r, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!isfinite(r->d) || r->n_a < 2 || r->n_b < 2)
        return;
    double na = (double)r->n_a, nb = (double)r->n_b;
    double se = sqrt((na + nb) / (na * nb) + r->d * r->d / (2 * (na + nb)));
    *lo = r->d - Z_95 * se;
    *hi = r->d + Z_95 * se;
}

/* One forest chart for scenario b: effect = 0 plots diff with its interval,
 * 1 Cohen's d with its interval; the outcome metrics in one panel, the
 * mechanical ones (mechanical_metric) in another, each on its own scale. */
int chart_forest(struct plot *p, int b, int effect)
{
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    struct atomicfile af = {0};
    int rc, step = -1, a = -1;
    for (size_t i = 0; i < p->n_cr; i++)
        if (p->cr[i].b == b && p->cr[i].step > step) {
            step = p->cr[i].step;
            a = p->cr[i].a;
        }
    /* the rows of the last step, in file order (A's metric order) */
    size_t n_rows = 0;
    size_t *rows = malloc((p->n_cr + 1) * sizeof *rows);
    if (!rows)
        return plot_oom(p);
    for (size_t i = 0; i < p->n_cr; i++)
        if (p->cr[i].b == b && p->cr[i].step == step)
            rows[n_rows++] = i;
    plot_safe_name(chart, sizeof chart, effect ? "forest_d_%s" : "forest_%s", p->cscen.s[b]);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    const char *sa = p->cscen.s[a], *sb = p->cscen.s[b];
    const char *ptest = p->has_p_holm ? "p_holm" : "p";
    static const char *const group_name[2] = {"outcomes", "mechanical (counts of what the pressure removed)"};
    /* per group (0 outcome, 1 mechanical): its rows, x range, gnuplot blocks of significant and other rows */
    size_t n_group[2] = {0, 0};
    double xmin[2] = {0, 0}, xmax[2] = {0, 0}; /* 0 is always in range: the line of no difference */
    int n_sig[2] = {0, 0}, n_other[2] = {0, 0}, blk[2][2] = {{-1, -1}, {-1, -1}};
    for (size_t k = 0; k < n_rows; k++) {
        const struct crow *r = &p->cr[rows[k]];
        int g = mechanical_metric(p->cmetric.s[r->metric]);
        n_group[g]++;
        double v = effect ? r->d : r->diff, lo, hi;
        if (!isfinite(v))
            continue;
        if (effect)
            d_interval(r, &lo, &hi);
        else
            lo = r->lo, hi = r->hi;
        lo = isfinite(lo) ? lo : v;
        hi = isfinite(hi) ? hi : v;
        xmin[g] = fmin(xmin[g], fmin(v, lo));
        xmax[g] = fmax(xmax[g], fmax(v, hi));
        if (significant(r))
            n_sig[g]++;
        else
            n_other[g]++;
    }

    if ((rc = gp_open(p, &af, dat)))
        goto done;
    fprintf(af.f,
            "# %s of %s - %s at step %d, from comparison.csv; y: row within its panel (top = first metric)\n",
            effect ? "Cohen's d" : "difference of means", sb, sa, step);
    fprintf(
        af.f,
        "# blocks (gnuplot index 0, 1, ...): per panel (outcomes, then mechanical), %s < %g then the others; "
        "empty blocks are left out\n",
        ptest, FOREST_ALPHA);
    fputs(effect ? "# d y ci_low ci_high metric (the interval from n_a, n_b and d)\n"
                 : "# diff y ci_low ci_high metric\n",
          af.f);
    int block = 0;
    for (int g = 0; g < 2; g++)
        for (int sig = 1; sig >= 0; sig--) {
            if ((sig ? n_sig[g] : n_other[g]) == 0)
                continue;
            if (block)
                fputs("\n\n", af.f);
            blk[g][sig] = block;
            fprintf(af.f, "# index %d: %s, %s\n", block++, group_name[g],
                    sig ? "significant" : "not significant");
            size_t y = n_group[g];
            for (size_t k = 0; k < n_rows; k++) {
                const struct crow *r = &p->cr[rows[k]];
                if (mechanical_metric(p->cmetric.s[r->metric]) != g)
                    continue;
                size_t row_y = y--;
                double v = effect ? r->d : r->diff, lo, hi;
                if (!isfinite(v) || significant(r) != sig)
                    continue;
                if (effect)
                    d_interval(r, &lo, &hi);
                else
                    lo = r->lo, hi = r->hi;
                dat_num(af.f, v);
                fprintf(af.f, " %zu ", row_y);
                dat_num(af.f, isfinite(lo) ? lo : v);
                fputc(' ', af.f);
                dat_num(af.f, isfinite(hi) ? hi : v);
                fputc(' ', af.f);
                dat_str(af.f, p->cmetric.s[r->metric]);
                fputc('\n', af.f);
            }
        }
    if ((rc = gp_close(p, &af, dat)))
        goto done;

    if (effect)
        snprintf(text, sizeof text, "%s vs %s at step %d: effect size (Cohen's d) with its 95%% interval", sb,
                 sa, step);
    else
        snprintf(text, sizeof text, "%s vs %s at step %d: difference of means, 95%% interval", sb, sa, step);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    int panels = (n_group[0] > 0) + (n_group[1] > 0);
    gp_loop_begin(p, f, chart, panels > 1 ? COMPARE_W : CHART_W, CHART_H);
    if (n_sig[0] + n_other[0] + n_sig[1] + n_other[1] == 0) {
        fputs("    set title ", f);
        gp_str(f, text);
        fputs("\n    unset ytics\n", f);
        gp_empty(f, "    ", "no defined value at the last step");
    } else {
        fprintf(f, "    set multiplot layout 1,%d title ", panels);
        gp_str(f, text);
        fputc('\n', f);
        if (effect)
            snprintf(text, sizeof text, "Cohen's d of %s - %s", sb, sa);
        else
            snprintf(text, sizeof text, "difference %s - %s (in each metric's own unit)", sb, sa);
        for (int g = 0; g < 2; g++) {
            if (!n_group[g])
                continue;
            fputs("    set title ", f);
            gp_str(f, group_name[g]);
            fputs("\n    set xlabel ", f);
            gp_str(f, text);
            fputc('\n', f);
            gp_grid(f, "xtics");
            fputs("    set key outside below center vertical Left reverse height 1\n", f);
            fprintf(f, "    set yrange [0.5:%zu.5]\n", n_group[g]);
            fputs("    ", f);
            gp_range(f, "x", xmin[g], xmax[g]);
            fputs("    set ytics (", f);
            size_t y = n_group[g], first = 1;
            for (size_t k = 0; k < n_rows; k++) {
                const struct crow *r = &p->cr[rows[k]];
                if (mechanical_metric(p->cmetric.s[r->metric]) != g)
                    continue;
                double v = effect ? r->d : r->diff, lo, hi;
                if (effect)
                    d_interval(r, &lo, &hi);
                else
                    lo = r->lo, hi = r->hi;
                const char *note = "";
                if (effect && isinf(r->d))
                    note = r->d > 0 ? " (d = +inf)" : " (d = -inf)";
                else if (!isfinite(v))
                    note = " (no value)";
                else if (!isfinite(lo) || !isfinite(hi))
                    note = " (no interval)";
                char tic[TEXT_MAX_LEN];
                snprintf(tic, sizeof tic, "%s%s%s", isfinite(v) && significant(r) ? "* " : "",
                         p->cmetric.s[r->metric], note);
                fputs(first ? "" : ", ", f);
                first = 0;
                gp_str(f, tic);
                fprintf(f, " %zu", y--);
            }
            fputs(")\n", f);
            fputs("    set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lc rgb 'black'\n",
                  f);
            if (!n_sig[g] && !n_other[g]) {
                fputs("    plot NaN notitle\n", f);
                continue;
            }
            const char *sep = "    plot ";
            for (int sig = 1; sig >= 0; sig--) {
                if (blk[g][sig] < 0)
                    continue;
                char key[TEXT_MAX_LEN];
                snprintf(key, sizeof key, sig ? "* significant (%s < %g)" : "not significant (%s >= %g)",
                         ptest, FOREST_ALPHA);
                fprintf(f,
                        "%s'%s' index %d using 1:2:3:4 with xerrorbars pt 7 ps %g lw %g lc rgb '%s' title ",
                        sep, dat, blk[g][sig], FOREST_PS, FOREST_LW, sig ? COLOUR_STRONG : COLOUR_OTHER);
                gp_str(f, key);
                sep = ", \\\n         ";
            }
            fputc('\n', f);
        }
        fputs("    unset multiplot\n", f);
    }
    gp_loop_end(f);
    if ((rc = gp_close(p, &af, gp)))
        goto done;
    rc = gp_add_chart(p, chart);
done:
    free(rows);
    return rc;
}
