/* sim/plot/plot.c - `infnet plot DIR`: gnuplot scripts and data for the charts of an output directory.
 *
 * Stages: (1) check DIR and DIR/plots (an existing one is replaced only with
 * force); (2) read whatever DIR holds: summary.csv, final.csv and
 * comparison.csv with sim/csvin (every refusal names file:line:col), meta.json
 * with jansson (time unit and start for the axis labels), the names of
 * snapshots/NAME.graphml; (3) write every chart's data (.dat) and script
 * (.gp) atomically, in a fixed order, so the same DIR gives the same bytes;
 * (4) if gnuplot is on PATH, run it once per script in DIR/plots. A script
 * writes NAME.svg and NAME.png, or, when run by infnet (which passes
 * suffix='.tmp'), NAME.svg.tmp and NAME.png.tmp, renamed here after a
 * successful run so that no half-drawn image is left under its final name.
 * Networks are laid out here (igraph's Fruchterman-Reingold, from a local
 * RNG seeded with a constant and set as igraph's default only for the call),
 * so scripts only draw coordinates.
 * Ownership: everything read is held by the struct plot of one call and
 * freed before plot_execute() returns.
 * Includes: sim/ (atomicfile, csvin, csvout), models/world.h (kind names),
 * igraph, jansson, POSIX (fork/exec, directories).
 */
#include "sim/plot/plot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <igraph.h>
#include <jansson.h>

#include "models/world.h"
#include "sim/output/atomicfile.h"
#include "sim/output/csvin.h"
#include "sim/output/csvout.h"

/* ---- constants ------------------------------------------------------------- */

/* Initial capacity of growing arrays. */
#define GROW_MIN 16
/* Longest path built here (DIR/plots/NAME.ext). */
#define PATH_MAX_LEN 4096
/* Longest chart or file name (sanitised from scenario and metric names). */
#define NAME_MAX_LEN 512
/* Longest axis label or title. */
#define TEXT_MAX_LEN 1024
/* Longest description of a chart's data files (four file names and some words). */
#define WHAT_MAX_LEN (4 * NAME_MAX_LEN + TEXT_MAX_LEN)

/* Canvas of the charts in pixels: a 1000x700 PNG is legible at the fonts below. */
#define CHART_W 1000
#define CHART_H 700
/* Side-by-side networks need twice the width. */
#define COMPARE_W 1600
#define COMPARE_H 800
/* Font sizes (points): SVG is scaled by the viewer, PNG is drawn at 96 dpi. */
#define FONT_SVG 16
#define FONT_PNG 13
/* Node labels are smaller, so that they do not hide the nodes. */
#define FONT_NODE_LABEL 10

/* The 5-95% band drawn behind each median: light enough to see overlaps. */
#define BAND_ALPHA 0.18
/* Width of the median lines (gnuplot line widths). */
#define MEDIAN_LW 2.5
/* Fill of the box plots. */
#define BOX_ALPHA 0.35
/* Width of a box, in units of the distance between two boxes. */
#define BOX_WIDTH 0.5
/* The x axis of a box plot has room for at least this many boxes, so that
 * one scenario does not fill the chart with one wide box. */
#define BOX_MIN_SLOTS 3
/* Every replica is drawn as a point beside its box up to this many values
 * per scenario; above, only the outliers. */
#define BOX_POINTS_MAX 200
/* Size of those points, and the factor scaling the sideways offsets that
 * keep equal values apart (gnuplot's set jitter spread). */
#define BOX_POINT_PS 0.6
#define BOX_JITTER_SPREAD 0.5
/* A scenario name longer than this rotates the x tick labels of a box plot. */
#define XTIC_ROTATE_LEN 10
/* Degrees of rotation of long x tick labels. */
#define XTIC_ROTATE_DEG 30

/* Significance level of the forest charts (the conventional 5%, as the compare table). */
#define FOREST_ALPHA 0.05
/* Markers and interval lines of the forest charts. */
#define FOREST_PS 1.5
#define FOREST_LW 2.0
/* Legend samples of node colours (the nodes themselves vary in size). */
#define KEY_PS 2.0
/* Up to this many steps on the x axis, a tick at every step (gnuplot would put some between steps). */
#define UNIT_TICS_SPAN 10
/* Room around the data of a computed axis range, as a share of the data's span. */
#define RANGE_PAD 0.08
/* Half-height of the axis range around a constant value v: |v| * this, or
 * this itself when v is 0 (gnuplot refuses an empty range). */
#define FLAT_PAD 0.1
/* Room below 0 and above 1 when a constant metric is drawn on its whole
 * range (so that a line at 0 or 1 is not hidden by the frame). */
#define UNIT_PAD 0.02

/* Node symbols: point size for strength 0 and the growth up to strength 1. */
#define NODE_PS_MIN 1.2
#define NODE_PS_RANGE 2.3
/* Tie widths: ties are drawn in this many width classes by weight, class k
 * (1-based) with line width EDGE_LW_MIN + (k - 1) * EDGE_LW_STEP
 * (gnuplot's vectors have no variable line width). */
#define EDGE_CLASSES 4
#define EDGE_LW_MIN 0.6
#define EDGE_LW_STEP 0.9
/* Node labels and outlines are drawn up to this many active nodes; above,
 * they would hide the network. */
#define DETAIL_MAX_NODES 150
/* Above this many active nodes, node symbols and ties get thinner by
 * sqrt(NODE_SCALE_N / n), so that a large network is not one blot... */
#define NODE_SCALE_N 100
/* ...ties down to this share of their width. */
#define EDGE_SCALE_MIN 0.3
/* Offset of a node label from its node, in character widths and heights. */
#define LABEL_DX 1.0
#define LABEL_DY 0.7
/* Room around a network drawing (share of its span), for labels at the rim. */
#define NETWORK_PAD 0.12

/* Fruchterman-Reingold: iterations (igraph's default) and the seed of the
 * layout's RNG. Any fixed seed gives reproducible pictures; this one is the
 * date of the events the shipped scenarios study. */
#define LAYOUT_ITER 500
#define LAYOUT_SEED 20200103u
/* igraph's documented default start temperature is sqrt(n) / this. */
#define LAYOUT_TEMP_DIV 10.0
/* A spawned node with no position of its own is drawn this far from its
 * parent (share of the first layout's span), in one of this many directions. */
#define SPAWN_OFFSET 0.06
#define SPAWN_DIRECTIONS 8
/* A later node with no placed parent goes on a ring this far from the
 * centre (share of the span). */
#define RING_RADIUS 0.65
/* Digits of the layout coordinates in the data files (positions on a
 * 1600-pixel canvas need no more). */
#define COORD_DIGITS 6

/* gnuplot's tag of the note on a chart without data (no other label is set). */
#define EMPTY_LABEL 99

/* Exit status of the gnuplot child when it could not be started. */
#define CHILD_SETUP_FAILED 126
#define CHILD_EXEC_FAILED 127

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Okabe and Ito's colour-blind-safe palette (2008), the strongest on white
 * first, yellow last because it is faint. Colours cycle beyond eight series
 * (in time charts the dash pattern then changes). */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
/* Node kinds: four fixed colours from the same palette; unknown kinds grey. */
static const char *const kind_colour[KIND_COUNT] = {"#D55E00", "#0072B2", "#009E73", "#CC79A7"};
#define KIND_OTHER KIND_COUNT
/* Legend names of the kinds (world_kind_name's, and "other" for an unknown kind). */
static const char *const kind_names[KIND_COUNT + 1] = {"agency", "leader", "faction", "institution", "other"};
/* Nodes of an unknown kind, and comparison rows that are not significant. */
#define COLOUR_OTHER "#999999"
/* Nodes without a patron agency. */
#define COLOUR_NONE "#BBBBBB"
/* Ties, node outlines and labels, the grid behind the data. */
#define COLOUR_TIE "#A0A0A0"
#define COLOUR_OUTLINE "#333333"
#define COLOUR_GRID "#DDDDDD"
/* Significant comparison rows. */
#define COLOUR_STRONG "#D55E00"

/* The values a metric can take, for the axis range of a constant series. */
enum metric_range { RANGE_ANY, RANGE_NONNEG, RANGE_UNIT };

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
};

/* ---- data held during one call ---------------------------------------------- */

struct strlist {
    char **s;
    size_t n, cap;
};

struct srow { /* summary.csv */
    int scen, metric, step;
    long line;
    double q05, q50, q95, mean;
};

struct frow { /* final.csv */
    int scen, metric;
    long replica, line;
    double value;
};

struct crow { /* comparison.csv */
    int metric, step, a, b;
    long line;
    double diff, lo, hi, d, p, p_holm;
};

struct meta_scen {
    char *name, *unit, *start;
    long steps; /* -1 when not given */
};

struct snap {   /* one snapshots/NAME.graphml */
    char *file; /* base name */
    char *scen; /* the part before "_step" (or the whole base name) */
    int step;   /* -1 when the name has no _stepT */
};

/* An active network read from a snapshot: nodes and ties among them. */
struct net {
    int n, m;
    char **id;
    int *kind; /* enum node_kind or KIND_OTHER */
    double *strength;
    char **patron; /* "" when none */
    double *x, *y;
    int *from, *to;
    double *weight;
};

struct plot {
    const struct plot_request *req;
    FILE *info;
    struct diag *d;
    char *pdir;                  /* DIR/plots */
    const char *formats;         /* "svg png", "svg" or "png" for the scripts' loop */
    struct strlist scen, metric; /* summary.csv, then final.csv */
    struct srow *sr;
    size_t n_sr, cap_sr;
    struct frow *fr;
    size_t n_fr, cap_fr;
    int have_summary, have_final, have_comparison;
    struct strlist cscen, cmetric; /* comparison.csv */
    struct crow *cr;
    size_t n_cr, cap_cr;
    int has_p_holm;
    struct meta_scen *meta;
    size_t n_meta;
    struct snap *snaps;
    size_t n_snaps, cap_snaps;
    struct strlist charts; /* chart names, in the order they were written */
    struct strlist files;  /* every file name written (to refuse a clash) */
};

/* ---- small helpers ------------------------------------------------------------ */

static int oom(struct plot *p)
{
    return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
}

static int grow(void **ptr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : GROW_MIN;
    while (c < need)
        c *= 2;
    void *q = realloc(*ptr, c * sz);
    if (!q)
        return -1;
    *ptr = q;
    *cap = c;
    return 0;
}

static void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->s[i]);
    free(l->s);
    memset(l, 0, sizeof *l);
}

static int strlist_find(const struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->s[i], s))
            return (int)i;
    return -1;
}

/* Index of s in l, added at the end when new; -1 when out of memory. */
static int strlist_intern(struct strlist *l, const char *s)
{
    int i = strlist_find(l, s);
    if (i >= 0)
        return i;
    if (l->n >= INT_MAX || grow((void **)&l->s, &l->cap, l->n + 1, sizeof *l->s))
        return -1;
    if (!(l->s[l->n] = strdup(s)))
        return -1;
    return (int)l->n++;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* A name made safe for a file name: letters, digits, '.', '-', '+' and '_'
 * kept, anything else (and a leading '.') becomes '_'. */
static void safe_name(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void safe_name(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
    for (char *c = out; *c; c++) {
        unsigned char u = (unsigned char)*c;
        int ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
                 u == '+' || u == '_' || (u == '.' && c != out);
        if (!ok)
            *c = '_';
    }
}

/* A gnuplot single-quoted string: quotes doubled, control characters as spaces. */
static void gp_str(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        unsigned char u = (unsigned char)*s;
        if (u == '\'')
            fputs("''", f);
        else if (u < ' ')
            fputc(' ', f);
        else
            fputc(u, f);
    }
    fputc('\'', f);
}

/* A string field of a data file: double-quoted (gnuplot reads it as one
 * column); a '"' inside becomes '\'', control characters spaces. */
static void dat_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char u = (unsigned char)*s;
        fputc(u == '"' ? '\'' : u < ' ' ? ' ' : u, f);
    }
    fputc('"', f);
}

/* A number of a data file, exact (shortest round trip); NaN and infinities
 * as NaN, which gnuplot skips (set datafile missing "NaN"). */
static void dat_num(FILE *f, double x)
{
    char buf[40];
    if (!isfinite(x)) {
        fputs("NaN", f);
        return;
    }
    csvout_format_number(buf, sizeof buf, x);
    fputs(buf, f);
}

/* A coordinate of a network drawing. */
static void dat_coord(FILE *f, double x)
{
    fprintf(f, "%.*g", COORD_DIGITS, x);
}

static enum metric_range metric_range_of(const char *metric)
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

int plot_find_program(const char *path_env, const char *prog, char *out, size_t n)
{
    const char *s = path_env ? path_env : "/usr/bin:/bin";
    while (*s) {
        const char *colon = strchr(s, ':');
        size_t len = colon ? (size_t)(colon - s) : strlen(s);
        if (len > 0 && len + strlen(prog) + 2 <= n) {
            snprintf(out, n, "%.*s/%s", (int)len, s, prog);
            struct stat st;
            if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
                return 1;
        }
        if (!colon)
            break;
        s = colon + 1;
    }
    if (n)
        out[0] = '\0';
    return 0;
}

static int parse_int(const char *s, long max, long *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    if (*end || errno || v > max)
        return -1;
    *out = v;
    return 0;
}

/* ---- summary.csv, final.csv, comparison.csv ---------------------------------------- */

static const char *const summary_cols[] = {"scenario", "step", "metric", "q05", "q50", "q95", "mean"};
enum { S_SCENARIO, S_STEP, S_METRIC, S_Q05, S_Q50, S_Q95, S_MEAN };
static const char *const final_cols[] = {"scenario", "replica", "metric", "value"};
enum { F_SCENARIO, F_REPLICA, F_METRIC, F_VALUE };
static const char *const comparison_cols[] = {"metric", "step",    "scenario_a",  "scenario_b", "diff",
                                              "ci_low", "ci_high", "effect_size", "p_value",    "p_holm"};
enum { C_METRIC, C_STEP, C_A, C_B, C_DIFF, C_LOW, C_HIGH, C_D, C_P, C_P_HOLM, C_COUNT };
/* p_holm is optional (files written before it existed). */
#define C_REQUIRED C_P_HOLM

static int summary_row(struct csvin_reader *r, const char *const *v)
{
    struct plot *p = csvin_user(r);
    struct srow row;
    long step;
    if (!*v[S_SCENARIO])
        return csvin_fail(r, S_SCENARIO, "empty scenario name");
    if (!*v[S_METRIC])
        return csvin_fail(r, S_METRIC, "empty metric name");
    if (parse_int(v[S_STEP], INT_MAX, &step))
        return csvin_fail(r, S_STEP, "step '%s' is not a whole number >= 0", v[S_STEP]);
    if (csvin_number(v[S_Q05], &row.q05))
        return csvin_fail(r, S_Q05, "q05 '%s' is not a number", v[S_Q05]);
    if (csvin_number(v[S_Q50], &row.q50))
        return csvin_fail(r, S_Q50, "q50 '%s' is not a number", v[S_Q50]);
    if (csvin_number(v[S_Q95], &row.q95))
        return csvin_fail(r, S_Q95, "q95 '%s' is not a number", v[S_Q95]);
    if (csvin_number(v[S_MEAN], &row.mean))
        return csvin_fail(r, S_MEAN, "mean '%s' is not a number", v[S_MEAN]);
    row.step = (int)step;
    row.line = csvin_line(r);
    if ((row.scen = strlist_intern(&p->scen, v[S_SCENARIO])) < 0 ||
        (row.metric = strlist_intern(&p->metric, v[S_METRIC])) < 0 ||
        grow((void **)&p->sr, &p->cap_sr, p->n_sr + 1, sizeof *p->sr))
        return oom(p);
    p->sr[p->n_sr++] = row;
    return DIAG_OK;
}

static int final_row(struct csvin_reader *r, const char *const *v)
{
    struct plot *p = csvin_user(r);
    struct frow row;
    if (!*v[F_SCENARIO])
        return csvin_fail(r, F_SCENARIO, "empty scenario name");
    if (!*v[F_METRIC])
        return csvin_fail(r, F_METRIC, "empty metric name");
    if (parse_int(v[F_REPLICA], LONG_MAX, &row.replica))
        return csvin_fail(r, F_REPLICA, "replica '%s' is not a whole number >= 0", v[F_REPLICA]);
    if (csvin_number(v[F_VALUE], &row.value))
        return csvin_fail(r, F_VALUE, "value '%s' is not a number", v[F_VALUE]);
    row.line = csvin_line(r);
    if ((row.scen = strlist_intern(&p->scen, v[F_SCENARIO])) < 0 ||
        (row.metric = strlist_intern(&p->metric, v[F_METRIC])) < 0 ||
        grow((void **)&p->fr, &p->cap_fr, p->n_fr + 1, sizeof *p->fr))
        return oom(p);
    p->fr[p->n_fr++] = row;
    return DIAG_OK;
}

static int comparison_row(struct csvin_reader *r, const char *const *v)
{
    struct plot *p = csvin_user(r);
    struct crow row;
    long step;
    static const int num_col[] = {C_DIFF, C_LOW, C_HIGH, C_D, C_P, C_P_HOLM};
    double *num_out[] = {&row.diff, &row.lo, &row.hi, &row.d, &row.p, &row.p_holm};
    if (!*v[C_METRIC])
        return csvin_fail(r, C_METRIC, "empty metric name");
    if (!*v[C_B])
        return csvin_fail(r, C_B, "empty scenario name");
    if (parse_int(v[C_STEP], INT_MAX, &step))
        return csvin_fail(r, C_STEP, "step '%s' is not a whole number >= 0", v[C_STEP]);
    for (size_t k = 0; k < COUNT(num_col); k++)
        if (csvin_number(v[num_col[k]], num_out[k]))
            return csvin_fail(r, num_col[k], "%s '%s' is not a number", comparison_cols[num_col[k]],
                              v[num_col[k]]);
    row.step = (int)step;
    row.line = csvin_line(r);
    if (v[C_P_HOLM])
        p->has_p_holm = 1;
    if ((row.metric = strlist_intern(&p->cmetric, v[C_METRIC])) < 0 ||
        (row.a = strlist_intern(&p->cscen, v[C_A])) < 0 || (row.b = strlist_intern(&p->cscen, v[C_B])) < 0 ||
        grow((void **)&p->cr, &p->cap_cr, p->n_cr + 1, sizeof *p->cr))
        return oom(p);
    p->cr[p->n_cr++] = row;
    return DIAG_OK;
}

static int cmp_srow(const void *a, const void *b)
{
    const struct srow *x = a, *y = b;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    if (x->scen != y->scen)
        return x->scen < y->scen ? -1 : 1;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static int cmp_frow(const void *a, const void *b)
{
    const struct frow *x = a, *y = b;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    if (x->scen != y->scen)
        return x->scen < y->scen ? -1 : 1;
    if (x->replica != y->replica)
        return x->replica < y->replica ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static int read_tables(struct plot *p, const char *dir)
{
    char path[PATH_MAX_LEN];
    int rc;
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    if (is_file(path)) {
        if ((rc = csvin_read(path, summary_cols, COUNT(summary_cols), COUNT(summary_cols), summary_row, p,
                             p->d)))
            return rc;
        qsort(p->sr, p->n_sr, sizeof *p->sr, cmp_srow);
        for (size_t i = 1; i < p->n_sr; i++)
            if (p->sr[i].metric == p->sr[i - 1].metric && p->sr[i].scen == p->sr[i - 1].scen &&
                p->sr[i].step == p->sr[i - 1].step)
                return diag_set(p->d, DIAG_INPUT, path,
                                p->sr[i].line > INT_MAX ? INT_MAX : (int)p->sr[i].line, 1,
                                "a second row for scenario '%s', step %d, metric '%s'",
                                p->scen.s[p->sr[i].scen], p->sr[i].step, p->metric.s[p->sr[i].metric]);
        p->have_summary = p->n_sr > 0;
    }
    snprintf(path, sizeof path, "%s/final.csv", dir);
    if (is_file(path)) {
        if ((rc = csvin_read(path, final_cols, COUNT(final_cols), COUNT(final_cols), final_row, p, p->d)))
            return rc;
        qsort(p->fr, p->n_fr, sizeof *p->fr, cmp_frow);
        p->have_final = p->n_fr > 0;
    }
    snprintf(path, sizeof path, "%s/comparison.csv", dir);
    if (is_file(path)) {
        if ((rc = csvin_read(path, comparison_cols, C_COUNT, C_REQUIRED, comparison_row, p, p->d)))
            return rc;
        p->have_comparison = p->n_cr > 0;
    }
    return DIAG_OK;
}

/* ---- meta.json ------------------------------------------------------------------ */

static char *json_str_dup(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return strdup(s ? s : "");
}

static int read_meta(struct plot *p, const char *dir)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    if (!is_file(path))
        return DIAG_OK;
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root)
        return diag_set(p->d, DIAG_INPUT, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                        "malformed JSON: %s", err.text);
    json_t *sc = json_object_get(root, "scenarios");
    size_t n = json_is_array(sc) ? json_array_size(sc) : 0;
    int rc = DIAG_OK;
    if (n) {
        p->meta = calloc(n, sizeof *p->meta);
        if (!p->meta)
            rc = oom(p);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        json_t *o = json_array_get(sc, i);
        struct meta_scen *m = &p->meta[p->n_meta];
        if (!json_is_object(o) || !json_is_string(json_object_get(o, "name")))
            continue;
        m->name = json_str_dup(o, "name");
        m->unit = json_str_dup(o, "unit");
        m->start = json_str_dup(o, "start");
        json_t *st = json_object_get(o, "steps");
        m->steps = json_is_integer(st) && json_integer_value(st) >= 0 && json_integer_value(st) <= INT_MAX
                       ? (long)json_integer_value(st)
                       : -1;
        p->n_meta++;
        if (!m->name || !m->unit || !m->start)
            rc = oom(p);
    }
    json_decref(root);
    return rc;
}

static const struct meta_scen *meta_of(const struct plot *p, const char *name)
{
    for (size_t i = 0; i < p->n_meta; i++)
        if (!strcmp(p->meta[i].name, name))
            return &p->meta[i];
    return NULL;
}

/* The x axis of time charts: "step (months from 2020-01)" when every
 * scenario in names[0..n) has the same unit and start in meta.json, else "step". */
static void step_label(const struct plot *p, char *const *names, size_t n, char *out, size_t size)
{
    const struct meta_scen *first = n ? meta_of(p, names[0]) : NULL;
    for (size_t i = 1; i < n && first; i++) {
        const struct meta_scen *m = meta_of(p, names[i]);
        if (!m || strcmp(m->unit, first->unit) || strcmp(m->start, first->start))
            first = NULL;
    }
    if (!first || !*first->unit || !strcmp(first->unit, "step"))
        snprintf(out, size, "step");
    else if (!*first->start)
        snprintf(out, size, "step (%ss)", first->unit);
    else
        snprintf(out, size, "step (%ss from %s)", first->unit, first->start);
}

/* ---- snapshots/NAME.graphml -------------------------------------------------------------- */

static int cmp_snap(const void *a, const void *b)
{
    const struct snap *x = a, *y = b;
    int c = strcmp(x->scen, y->scen);
    if (c)
        return c;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return strcmp(x->file, y->file);
}

/* Split "SCENARIO_stepT" into its parts; a name without that ending is its own scenario. */
static int add_snapshot(struct plot *p, const char *file)
{
    size_t len = strlen(file) - strlen(".graphml");
    if (grow((void **)&p->snaps, &p->cap_snaps, p->n_snaps + 1, sizeof *p->snaps))
        return oom(p);
    struct snap *s = &p->snaps[p->n_snaps];
    s->file = strdup(file);
    s->scen = strndup(file, len);
    s->step = -1;
    if (!s->file || !s->scen) {
        free(s->file);
        free(s->scen);
        return oom(p);
    }
    p->n_snaps++;
    char *at = NULL;
    for (char *q = strstr(s->scen, "_step"); q; q = strstr(q + 1, "_step"))
        at = q;
    if (at && at > s->scen) {
        long step;
        if (!parse_int(at + strlen("_step"), INT_MAX, &step)) {
            s->step = (int)step;
            *at = '\0';
        }
    }
    return DIAG_OK;
}

static int list_snapshots(struct plot *p, const char *dir)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/snapshots", dir);
    DIR *dd = opendir(path);
    if (!dd)
        return DIAG_OK;
    int rc = DIAG_OK;
    struct dirent *e;
    while (!rc && (e = readdir(dd)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".graphml") ||
            strlen(e->d_name) == strlen(".graphml"))
            continue;
        char full[PATH_MAX_LEN];
        if (snprintf(full, sizeof full, "%s/%s", path, e->d_name) >= (int)sizeof full)
            continue;
        if (is_file(full))
            rc = add_snapshot(p, e->d_name);
    }
    closedir(dd);
    if (!rc)
        qsort(p->snaps, p->n_snaps, sizeof *p->snaps, cmp_snap);
    return rc;
}

static void net_free(struct net *n)
{
    for (int i = 0; i < n->n; i++) {
        free(n->id ? n->id[i] : NULL);
        free(n->patron ? n->patron[i] : NULL);
    }
    free(n->id);
    free(n->patron);
    free(n->kind);
    free(n->strength);
    free(n->x);
    free(n->y);
    free(n->from);
    free(n->to);
    free(n->weight);
    memset(n, 0, sizeof *n);
}

/* The type of vertex (or edge) attribute name, or -1 when absent. */
static int attr_type(const igraph_strvector_t *names, const igraph_vector_int_t *types, const char *name)
{
    for (igraph_integer_t i = 0; i < igraph_strvector_size(names); i++)
        if (!strcmp(igraph_strvector_get(names, i), name))
            return (int)VECTOR(*types)[i];
    return -1;
}

static int vertex_active(const igraph_t *g, int type, igraph_integer_t v)
{
    if (type == IGRAPH_ATTRIBUTE_BOOLEAN)
        return VAB(g, "active", v) ? 1 : 0;
    if (type == IGRAPH_ATTRIBUTE_NUMERIC)
        return VAN(g, "active", v) != 0;
    if (type == IGRAPH_ATTRIBUTE_STRING) {
        const char *s = VAS(g, "active", v);
        return strcmp(s, "0") && strcmp(s, "false") && strcmp(s, "False");
    }
    return 1;
}

/* Copy the active part of g into n. Missing attributes take defaults: id
 * "vK", kind other, strength 0, no patron, active, weight 1. */
static int net_from_graph(struct plot *p, const igraph_t *g, struct net *n)
{
    igraph_strvector_t gn, vn, en;
    igraph_vector_int_t gt, vt, et;
    int rc = DIAG_OK, inited = 0;
    int *map = NULL;
    igraph_integer_t nv = igraph_vcount(g), ne = igraph_ecount(g);
    /* inited counts the vectors set up, so cleanup destroys exactly those */
    if (igraph_strvector_init(&gn, 0) || (inited++, igraph_strvector_init(&vn, 0)) ||
        (inited++, igraph_strvector_init(&en, 0)) || (inited++, igraph_vector_int_init(&gt, 0)) ||
        (inited++, igraph_vector_int_init(&vt, 0)) || (inited++, igraph_vector_int_init(&et, 0))) {
        rc = oom(p);
        goto cleanup;
    }
    inited++;
    if (igraph_cattribute_list(g, &gn, &gt, &vn, &vt, &en, &et) || nv > INT_MAX || ne > INT_MAX) {
        rc = oom(p);
        goto cleanup;
    }
    int t_id = attr_type(&vn, &vt, "id"), t_kind = attr_type(&vn, &vt, "kind");
    int t_str = attr_type(&vn, &vt, "strength"), t_pat = attr_type(&vn, &vt, "patron");
    int t_act = attr_type(&vn, &vt, "active"), t_w = attr_type(&en, &et, "weight");
    map = malloc(((size_t)nv + 1) * sizeof *map);
    if (!map) {
        rc = oom(p);
        goto cleanup;
    }
    int count = 0;
    for (igraph_integer_t v = 0; v < nv; v++)
        map[v] = vertex_active(g, t_act, v) ? count++ : -1;
    size_t cn = (size_t)count + 1, ce = (size_t)ne + 1;
    n->id = calloc(cn, sizeof *n->id);
    n->patron = calloc(cn, sizeof *n->patron);
    n->kind = calloc(cn, sizeof *n->kind);
    n->strength = calloc(cn, sizeof *n->strength);
    n->x = calloc(cn, sizeof *n->x);
    n->y = calloc(cn, sizeof *n->y);
    n->from = calloc(ce, sizeof *n->from);
    n->to = calloc(ce, sizeof *n->to);
    n->weight = calloc(ce, sizeof *n->weight);
    if (!n->id || !n->patron || !n->kind || !n->strength || !n->x || !n->y || !n->from || !n->to ||
        !n->weight) {
        rc = oom(p);
        goto cleanup;
    }
    for (igraph_integer_t v = 0; v < nv; v++) {
        int i = map[v];
        if (i < 0)
            continue;
        char fallback[32];
        snprintf(fallback, sizeof fallback, "v%ld", (long)v);
        n->n = i + 1;
        n->id[i] = strdup(t_id == IGRAPH_ATTRIBUTE_STRING ? VAS(g, "id", v) : fallback);
        n->patron[i] = strdup(t_pat == IGRAPH_ATTRIBUTE_STRING ? VAS(g, "patron", v) : "");
        if (!n->id[i] || !n->patron[i]) {
            rc = oom(p);
            goto cleanup;
        }
        enum node_kind k;
        n->kind[i] = t_kind == IGRAPH_ATTRIBUTE_STRING && !world_kind_parse(VAS(g, "kind", v), &k)
                         ? (int)k
                         : KIND_OTHER;
        double s = t_str == IGRAPH_ATTRIBUTE_NUMERIC ? VAN(g, "strength", v) : 0.0;
        n->strength[i] = isfinite(s) ? s : 0.0;
    }
    for (igraph_integer_t e = 0; e < ne; e++) {
        igraph_integer_t a, b;
        igraph_edge(g, e, &a, &b);
        if (map[a] < 0 || map[b] < 0)
            continue;
        double w = t_w == IGRAPH_ATTRIBUTE_NUMERIC ? EAN(g, "weight", e) : 1.0;
        n->from[n->m] = map[a];
        n->to[n->m] = map[b];
        n->weight[n->m] = isfinite(w) ? w : 1.0;
        n->m++;
    }
cleanup:
    free(map);
    if (inited > 0)
        igraph_strvector_destroy(&gn);
    if (inited > 1)
        igraph_strvector_destroy(&vn);
    if (inited > 2)
        igraph_strvector_destroy(&en);
    if (inited > 3)
        igraph_vector_int_destroy(&gt);
    if (inited > 4)
        igraph_vector_int_destroy(&vt);
    if (inited > 5)
        igraph_vector_int_destroy(&et);
    return rc;
}

static int read_net(struct plot *p, const char *dir, const struct snap *s, struct net *n)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/snapshots/%s", dir, s->file);
    memset(n, 0, sizeof *n);
    FILE *f = fopen(path, "r");
    if (!f)
        return diag_set(p->d, DIAG_RUNTIME, path, 0, 0, "cannot open: %s", strerror(errno));
    igraph_error_handler_t *old_err = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_warning_handler_t *old_warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_t g;
    igraph_error_t err = igraph_read_graph_graphml(&g, f, 0);
    igraph_set_error_handler(old_err);
    igraph_set_warning_handler(old_warn);
    fclose(f);
    if (err != IGRAPH_SUCCESS)
        return diag_set(p->d, err == IGRAPH_ENOMEM ? DIAG_RUNTIME : DIAG_INPUT, path, 0, 0,
                        "cannot read GraphML: %s", igraph_strerror(err));
    int rc = net_from_graph(p, &g, n);
    igraph_destroy(&g);
    if (rc)
        net_free(n);
    return rc;
}

/* Fruchterman-Reingold positions of n's nodes, from a local RNG seeded with
 * LAYOUT_SEED, set as igraph's default for the call and restored after. */
static int layout_net(struct plot *p, struct net *n)
{
    if (n->n == 0)
        return DIAG_OK;
    igraph_vector_int_t ev;
    igraph_matrix_t res;
    igraph_t g;
    igraph_rng_t rng;
    int rc = DIAG_OK;
    if (igraph_vector_int_init(&ev, 2 * (igraph_integer_t)n->m))
        return oom(p);
    for (int e = 0; e < n->m; e++) {
        VECTOR(ev)[2 * e] = n->from[e];
        VECTOR(ev)[2 * e + 1] = n->to[e];
    }
    if (igraph_create(&g, &ev, n->n, IGRAPH_UNDIRECTED)) {
        igraph_vector_int_destroy(&ev);
        return oom(p);
    }
    igraph_vector_int_destroy(&ev);
    if (igraph_matrix_init(&res, 0, 0)) {
        igraph_destroy(&g);
        return oom(p);
    }
    if (igraph_rng_init(&rng, &igraph_rngtype_pcg32)) {
        igraph_matrix_destroy(&res);
        igraph_destroy(&g);
        return oom(p);
    }
    igraph_rng_seed(&rng, LAYOUT_SEED);
    /* set_default copies the handle: keep a copy of the old one to put back */
    igraph_rng_t saved = *igraph_rng_default();
    igraph_rng_set_default(&rng);
    igraph_error_t err = igraph_layout_fruchterman_reingold(
        &g, &res, /*use_seed=*/0, LAYOUT_ITER, sqrt((double)n->n) / LAYOUT_TEMP_DIV, IGRAPH_LAYOUT_AUTOGRID,
        NULL, NULL, NULL, NULL, NULL);
    igraph_rng_set_default(&saved);
    if (err == IGRAPH_SUCCESS) {
        for (int i = 0; i < n->n; i++) {
            n->x[i] = MATRIX(res, i, 0);
            n->y[i] = MATRIX(res, i, 1);
        }
    } else {
        rc = diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "network layout failed: %s", igraph_strerror(err));
    }
    igraph_rng_destroy(&rng);
    igraph_matrix_destroy(&res);
    igraph_destroy(&g);
    return rc;
}

/* ---- writing files -------------------------------------------------------------- */

/* Open DIR/plots/name for writing; a name written twice in one call is refused. */
static int out_open(struct plot *p, struct atomicfile *af, const char *name)
{
    if (strlist_find(&p->files, name) >= 0)
        return diag_set(p->d, DIAG_INPUT, NULL, 0, 0,
                        "two charts would write '%s/%s' (scenario or metric names that differ only in "
                        "characters not allowed in file names?)",
                        p->pdir, name);
    if (strlist_intern(&p->files, name) < 0)
        return oom(p);
    return atomicfile_open(af, p->pdir, name, p->d);
}

static int out_close(struct plot *p, struct atomicfile *af, const char *name)
{
    if (ferror(af->f)) {
        atomicfile_abort(af);
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s/%s'", p->pdir, name);
    }
    int rc = atomicfile_commit(af, p->d);
    if (!rc && p->info)
        fprintf(p->info, "wrote %s/%s\n", p->pdir, name);
    return rc;
}

/* The start of a script: what it draws, how to redraw it, common settings. */
static void gp_head(const struct plot *p, FILE *f, const char *chart, const char *what, const char *data)
{
    fprintf(f, "# %s.gp - %s\n", chart, what);
    fprintf(f, "# Written by `infnet plot`; data: %s (its first lines name the columns).\n", data);
    if (!strcmp(p->formats, "svg png"))
        fprintf(f, "# Redraw after editing: gnuplot %s.gp (writes %s.svg and %s.png here).\n", chart, chart,
                chart);
    else
        fprintf(f, "# Redraw after editing: gnuplot %s.gp (writes %s.%s here).\n", chart, chart, p->formats);
    fputs("if (!exists(\"suffix\")) suffix = \"\"   # infnet passes '.tmp' and renames after success\n", f);
    fputs("set encoding utf8\n", f);
    fputs("set datafile missing \"NaN\"\n", f);
}

/* The loop over output formats: one gnuplot run writes every format. */
static void gp_loop_begin(const struct plot *p, FILE *f, const char *chart, int w, int h)
{
    fprintf(f, "do for [fmt in \"%s\"] {\n", p->formats);
    fputs("    if (fmt eq \"svg\") {\n", f);
    fprintf(
        f,
        "        set terminal svg size %d,%d dynamic noenhanced font \"sans,%d\" background rgb \"white\"\n",
        w, h, FONT_SVG);
    fputs("    } else {\n", f);
    fprintf(f,
            "        set terminal pngcairo size %d,%d noenhanced font \"sans,%d\" background rgb \"white\"\n",
            w, h, FONT_PNG);
    fputs("    }\n", f);
    fprintf(f, "    set output \"%s.\" . fmt . suffix\n", chart);
}

static void gp_loop_end(FILE *f)
{
    fputs("    unset output\n}\n", f);
}

/* A plot with no data: a message in the middle of an empty frame (gnuplot
 * refuses to plot nothing; the constant lies outside the y range). */
static void gp_empty(FILE *f, const char *indent, const char *msg)
{
    fprintf(f, "%sset label %d ", indent, EMPTY_LABEL);
    gp_str(f, msg);
    fputs(" at graph 0.5, graph 0.5 center\n", f);
    fprintf(f, "%sunset xtics\n%sunset ytics\n%sunset grid\n%sunset key\n", indent, indent, indent, indent);
    fprintf(f, "%sset xrange [0:1]\n%sset yrange [0:1]\n%splot 2 notitle\n", indent, indent, indent);
}

/* An explicit axis range around [lo, hi] with room on both sides, or around a constant. */
static void gp_range(FILE *f, const char *axis, double lo, double hi)
{
    double pad = hi > lo ? (hi - lo) * RANGE_PAD : (lo != 0 ? fabs(lo) * FLAT_PAD : FLAT_PAD);
    fprintf(f, "set %srange [%.*g:%.*g]\n", axis, COORD_DIGITS, lo - pad, COORD_DIGITS, hi + pad);
}

/* The y range of a metric whose every value is v: the metric's whole range
 * when it is a share (0 .. 1), from 0 when it is a count at 0, else around v. */
static void gp_flat_range(FILE *f, const char *metric, double v)
{
    enum metric_range r = metric_range_of(metric);
    if (r == RANGE_UNIT && v >= 0 && v <= 1)
        fprintf(f, "set yrange [%g:%g]\n", -UNIT_PAD, 1 + UNIT_PAD);
    else if (r == RANGE_NONNEG && v == 0)
        fprintf(f, "set yrange [%g:1]\n", -UNIT_PAD);
    else
        gp_range(f, "y", v, v);
}

/* A light grid behind the data (lt 1: the default grid type ignores colours). */
static void gp_grid(FILE *f, const char *axes)
{
    fprintf(f, "set grid %s back lt 1 lw 1 lc rgb '%s'\n", axes, COLOUR_GRID);
}

static int add_chart(struct plot *p, const char *chart)
{
    if (strlist_find(&p->charts, chart) >= 0)
        return diag_set(p->d, DIAG_INPUT, NULL, 0, 0, "two charts would be named '%s'", chart);
    return strlist_intern(&p->charts, chart) < 0 ? oom(p) : DIAG_OK;
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

static int chart_metric(struct plot *p, int m)
{
    const char *metric = p->metric.s[m];
    char chart[NAME_MAX_LEN], dat[NAME_MAX_LEN + 8], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN];
    struct atomicfile af = {0};
    int rc;
    safe_name(chart, sizeof chart, "metric_%s", metric);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    int n_scen = (int)p->scen.n;
    int *block = calloc((size_t)n_scen + 1, sizeof *block);   /* gnuplot index of each scenario, -1 none */
    int *finite = calloc((size_t)n_scen + 1, sizeof *finite); /* finite medians per scenario */
    if (!block || !finite) {
        free(block);
        free(finite);
        return oom(p);
    }
    double ymin = INFINITY, ymax = -INFINITY;
    int xmin = INT_MAX, xmax = INT_MIN, n_blocks = 0;
    if ((rc = out_open(p, &af, dat)))
        goto done;
    fprintf(af.f, "# %s from summary.csv: one block per scenario (gnuplot index 0, 1, ...)\n", metric);
    fputs("# step q05 q50 q95 mean\n", af.f);
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
            fprintf(af.f, "%d ", r->step);
            dat_num(af.f, r->q05);
            fputc(' ', af.f);
            dat_num(af.f, r->q50);
            fputc(' ', af.f);
            dat_num(af.f, r->q95);
            fputc(' ', af.f);
            dat_num(af.f, r->mean);
            fputc('\n', af.f);
            const double q[] = {r->q05, r->q50, r->q95, r->mean};
            for (size_t k = 0; k < COUNT(q); k++)
                if (isfinite(q[k])) {
                    ymin = fmin(ymin, q[k]);
                    ymax = fmax(ymax, q[k]);
                }
            if (isfinite(r->q50))
                finite[s]++;
            xmin = r->step < xmin ? r->step : xmin;
            xmax = r->step > xmax ? r->step : xmax;
        }
    }
    if ((rc = out_close(p, &af, dat)))
        goto done;

    if ((rc = out_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    snprintf(text, sizeof text, "%s over time: median (solid), mean (dashed), 5-95%% band of the replicas",
             metric);
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    step_label(p, p->scen.s, p->scen.n, text, sizeof text);
    fputs("\nset xlabel ", f);
    gp_str(f, text);
    fputs("\nset ylabel ", f);
    gp_str(f, plot_metric_label(metric));
    fputs("\nset key outside below center horizontal height 1\nset autoscale xfix\n", f);
    fprintf(f, "set offsets 0, 0, graph %g, graph %g\n", RANGE_PAD / 2, RANGE_PAD / 2);
    gp_grid(f, "xtics ytics");
    fprintf(f, "set style fill transparent solid %g noborder\n", BAND_ALPHA);
    int any = 0;
    for (int s = 0; s < n_scen; s++)
        any |= finite[s] > 0;
    if (any && xmin == xmax)
        fprintf(f, "set xrange [%d:%d]\n", xmin - 1, xmax + 1);
    if (any && (long)xmax - xmin <= UNIT_TICS_SPAN) /* steps are whole: no tick at 0.5 */
        fputs("set xtics 1\n", f);
    if (any && ymin == ymax)
        gp_flat_range(f, metric, ymin);
    else if (any && ymin == 0 && metric_range_of(metric) != RANGE_ANY) /* no tick below 0 */
        fprintf(f, "set yrange [%g:*]\n", -(ymax - ymin) * RANGE_PAD / 2);
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    if (!any) {
        gp_empty(f, "    ", "no defined value of this metric at any step");
    } else {
        /* every band first, then every median, so that no band hides a median */
        const char *sep = "    plot ";
        for (int s = 0; s < n_scen; s++) {
            if (!finite[s])
                continue;
            fprintf(f, "%s'%s' index %d using 1:2:4 with filledcurves lc rgb '%s' notitle", sep, dat,
                    block[s], palette[(size_t)s % COUNT(palette)]);
            sep = ", \\\n         ";
        }
        for (int s = 0; s < n_scen; s++) {
            if (!finite[s])
                continue;
            const char *c = palette[(size_t)s % COUNT(palette)];
            int dash = 1 + s / (int)COUNT(palette);
            if (finite[s] > 1)
                fprintf(f, "%s'%s' index %d using 1:3 with lines lw %g dt %d lc rgb '%s' title ", sep, dat,
                        block[s], MEDIAN_LW, dash, c);
            else
                fprintf(f, "%s'%s' index %d using 1:3 with points pt 7 lc rgb '%s' title ", sep, dat,
                        block[s], c);
            gp_str(f, p->scen.s[s]);
        }
        /* the means, dashed in the scenario's colour: a zero-inflated metric
         * (fragmentation in most replicas 0) moves its mean long before its median */
        for (int s = 0; s < n_scen; s++)
            if (finite[s] > 1)
                fprintf(f, "%s'%s' index %d using 1:5 with lines lw %g dt 2 lc rgb '%s' notitle", sep, dat,
                        block[s], MEDIAN_LW * 0.6, palette[(size_t)s % COUNT(palette)]);
        fprintf(f, "%sNaN with lines lw %g dt 2 lc rgb 'gray30' title 'mean (dashed)'", sep, MEDIAN_LW * 0.6);
        fputc('\n', f);
    }
    gp_loop_end(f);
    if ((rc = out_close(p, &af, gp)))
        goto done;
    rc = add_chart(p, chart);
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
        const struct meta_scen *m = meta_of(p, p->scen.s[s]);
        if (m)
            t = m->steps;
    }
    return t;
}

static int chart_final(struct plot *p, int m)
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
        return oom(p);
    }
    safe_name(chart, sizeof chart, "final_%s", metric);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    double ymin = INFINITY, ymax = -INFINITY;
    int n_blocks = 0, n_shown = 0, rotate = 0, points = 1;
    if ((rc = out_open(p, &af, dat)))
        goto done;
    fprintf(af.f,
            "# %s at the last step, every replica, from final.csv: one block per scenario "
            "(gnuplot index 0, 1, ...)\n",
            metric);
    fputs("# replica value\n", af.f);
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
            fputc('\n', af.f);
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
    if ((rc = out_close(p, &af, dat)))
        goto done;

    /* the title's step: the same last step for every scenario shown, else "the last step" */
    long t = -2;
    for (int s = 0; s < n_scen; s++) {
        if (block[s] < 0)
            continue;
        long ts = last_step(p, s);
        t = t == -2 ? ts : t == ts ? t : -1;
    }
    if (t >= 0)
        snprintf(text, sizeof text, "%s at step %ld: the replicas' values, one box per scenario", metric, t);
    else
        snprintf(text, sizeof text, "%s at the last step: the replicas' values, one box per scenario",
                 metric);
    if ((rc = out_open(p, &af, gp)))
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
        fprintf(f, "set style boxplot nooutliers\nset jitter spread %g\n", BOX_JITTER_SPREAD);
    else
        fputs("set style boxplot outliers pointtype 7\n", f);
    fprintf(f, "set boxwidth %g\n", BOX_WIDTH);
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
            fprintf(f, "%s'%s' index %d using (%d):2 with boxplot lc rgb '%s' notitle", sep, dat, block[s], x,
                    palette[(size_t)s % COUNT(palette)]);
            sep = ", \\\n         ";
            if (points)
                fprintf(f, "%s'%s' index %d using (%d):2 with points pt 7 ps %g lc rgb '%s' notitle", sep,
                        dat, block[s], x, BOX_POINT_PS, palette[(size_t)s % COUNT(palette)]);
        }
        fputc('\n', f);
    }
    gp_loop_end(f);
    if ((rc = out_close(p, &af, gp)))
        goto done;
    rc = add_chart(p, chart);
done:
    free(block);
    free(finite);
    return rc;
}

/* ---- forest_B and forest_d_B: comparison.csv at its last step ------------------------------ */

static int significant(const struct crow *r)
{
    if (isfinite(r->p_holm))
        return r->p_holm < FOREST_ALPHA;
    return isfinite(r->p) && r->p < FOREST_ALPHA;
}

/* One forest chart for scenario b: effect = 0 plots diff with its interval, 1 plots Cohen's d. */
static int chart_forest(struct plot *p, int b, int effect)
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
        return oom(p);
    for (size_t i = 0; i < p->n_cr; i++)
        if (p->cr[i].b == b && p->cr[i].step == step)
            rows[n_rows++] = i;
    safe_name(chart, sizeof chart, effect ? "forest_d_%s" : "forest_%s", p->cscen.s[b]);
    snprintf(dat, sizeof dat, "%s.dat", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    const char *sa = p->cscen.s[a], *sb = p->cscen.s[b];
    const char *ptest = p->has_p_holm ? "p_holm" : "p";
    double xmin = 0.0, xmax = 0.0; /* 0 is always in range: the line of no difference */
    int n_sig = 0, n_other = 0;
    for (size_t k = 0; k < n_rows; k++) {
        const struct crow *r = &p->cr[rows[k]];
        double v = effect ? r->d : r->diff;
        if (!isfinite(v))
            continue;
        double lo = effect || !isfinite(r->lo) ? v : r->lo, hi = effect || !isfinite(r->hi) ? v : r->hi;
        xmin = fmin(xmin, fmin(v, lo));
        xmax = fmax(xmax, fmax(v, hi));
        if (significant(r))
            n_sig++;
        else
            n_other++;
    }

    if ((rc = out_open(p, &af, dat)))
        goto done;
    fprintf(af.f, "# %s of %s - %s at step %d, from comparison.csv; y: row (top = first metric)\n",
            effect ? "Cohen's d" : "difference of means", sb, sa, step);
    fprintf(af.f, "# block 0 (gnuplot index 0): %s < %g; block 1: the others (empty blocks are left out)\n",
            ptest, FOREST_ALPHA);
    fputs(effect ? "# d y metric\n" : "# diff y ci_low ci_high metric\n", af.f);
    int block = 0;
    for (int sig = 1; sig >= 0; sig--) {
        if ((sig ? n_sig : n_other) == 0)
            continue;
        if (block++)
            fputs("\n\n", af.f);
        fprintf(af.f, "# index %d: %s\n", block - 1, sig ? "significant" : "not significant");
        for (size_t k = 0; k < n_rows; k++) {
            const struct crow *r = &p->cr[rows[k]];
            double v = effect ? r->d : r->diff;
            if (!isfinite(v) || significant(r) != sig)
                continue;
            dat_num(af.f, v);
            fprintf(af.f, " %zu ", n_rows - k);
            if (!effect) {
                dat_num(af.f, isfinite(r->lo) ? r->lo : v);
                fputc(' ', af.f);
                dat_num(af.f, isfinite(r->hi) ? r->hi : v);
                fputc(' ', af.f);
            }
            dat_str(af.f, p->cmetric.s[r->metric]);
            fputc('\n', af.f);
        }
    }
    if ((rc = out_close(p, &af, dat)))
        goto done;

    if (effect)
        snprintf(text, sizeof text, "%s vs %s at step %d: effect size (Cohen's d)", sb, sa, step);
    else
        snprintf(text, sizeof text, "%s vs %s at step %d: difference of means, 95%% interval", sb, sa, step);
    if ((rc = out_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    gp_head(p, f, chart, text, dat);
    fputs("set title ", f);
    gp_str(f, text);
    if (effect)
        snprintf(text, sizeof text, "Cohen's d of %s - %s at step %d", sb, sa, step);
    else
        snprintf(text, sizeof text, "difference %s - %s at step %d (in each metric's own unit)", sb, sa,
                 step);
    fputs("\nset xlabel ", f);
    gp_str(f, text);
    fputc('\n', f);
    gp_grid(f, "xtics");
    fputs("set key outside below center vertical Left reverse height 1\n", f);
    fprintf(f, "set yrange [0.5:%zu.5]\n", n_rows > 0 ? n_rows : 1);
    gp_range(f, "x", xmin, xmax);
    fputs("set ytics (", f);
    for (size_t k = 0; k < n_rows; k++) {
        const struct crow *r = &p->cr[rows[k]];
        double v = effect ? r->d : r->diff;
        const char *note = "";
        if (effect && isinf(r->d))
            note = r->d > 0 ? " (d = +inf)" : " (d = -inf)";
        else if (!isfinite(v))
            note = " (no value)";
        else if (!effect && (!isfinite(r->lo) || !isfinite(r->hi)))
            note = " (no interval)";
        snprintf(text, sizeof text, "%s%s%s", isfinite(v) && significant(r) ? "* " : "",
                 p->cmetric.s[r->metric], note);
        fputs(k ? ", " : "", f);
        gp_str(f, text);
        fprintf(f, " %zu", n_rows - k);
    }
    fputs(")\n", f);
    fputs("set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lc rgb 'black'\n", f);
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    if (n_sig + n_other == 0) {
        fputs("    unset ytics\n", f);
        gp_empty(f, "    ", "no defined value at the last step");
    } else {
        const char *sep = "    plot ";
        block = 0;
        for (int sig = 1; sig >= 0; sig--) {
            if ((sig ? n_sig : n_other) == 0)
                continue;
            snprintf(text, sizeof text, sig ? "* significant (%s < %g)" : "not significant (%s >= %g)", ptest,
                     FOREST_ALPHA);
            if (effect)
                fprintf(f, "%s'%s' index %d using 1:2 with points pt 7 ps %g lc rgb '%s' title ", sep, dat,
                        block, FOREST_PS, sig ? COLOUR_STRONG : COLOUR_OTHER);
            else
                fprintf(f,
                        "%s'%s' index %d using 1:2:3:4 with xerrorbars pt 7 ps %g lw %g lc rgb '%s' title ",
                        sep, dat, block, FOREST_PS, FOREST_LW, sig ? COLOUR_STRONG : COLOUR_OTHER);
            gp_str(f, text);
            sep = ", \\\n         ";
            block++;
        }
        fputc('\n', f);
    }
    gp_loop_end(f);
    if ((rc = out_close(p, &af, gp)))
        goto done;
    rc = add_chart(p, chart);
done:
    free(rows);
    return rc;
}

/* ---- network charts --------------------------------------------------------------- */

/* The size factor of a drawing of n active nodes. */
static double net_scale(int n)
{
    return n <= NODE_SCALE_N ? 1.0 : sqrt((double)NODE_SCALE_N / n);
}

static double node_ps(double strength, double scale)
{
    double s = strength < 0 ? 0 : strength > 1 ? 1 : strength;
    return (NODE_PS_MIN + NODE_PS_RANGE * s) * scale;
}

static int edge_class(double w)
{
    double c = w < 0 ? 0 : w > 1 ? 1 : w;
    int k = 1 + (int)(c * EDGE_CLASSES);
    return k > EDGE_CLASSES ? EDGE_CLASSES : k;
}

/* Colour groups of a network chart: by kind, or by patron agency. */
struct groups {
    const char *title; /* what the groups are: "kind" or "patron agency" */
    int n;
    const char **name; /* legend entries (string constants or owned's strings) */
    const char **colour;
    int *of;              /* group of each node */
    struct strlist owned; /* patron names */
};

static void groups_free(struct groups *g)
{
    free(g->name);
    free(g->colour);
    free(g->of);
    strlist_free(&g->owned);
    memset(g, 0, sizeof *g);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* by_patron 0: the four kinds (and other); 1: the patron agency's id (an
 * agency is its own group), sorted, then "none". Only groups with nodes. */
static int make_groups(struct plot *p, const struct net *n, int by_patron, struct groups *g)
{
    memset(g, 0, sizeof *g);
    g->title = by_patron ? "patron agency" : "kind";
    size_t cap = by_patron ? (size_t)n->n + 2 : KIND_COUNT + 1;
    g->name = calloc(cap, sizeof *g->name);
    g->colour = calloc(cap, sizeof *g->colour);
    g->of = calloc((size_t)n->n + 1, sizeof *g->of);
    if (!g->name || !g->colour || !g->of)
        return oom(p);
    if (!by_patron) {
        int idx[KIND_COUNT + 1];
        for (int k = 0; k <= KIND_OTHER; k++) {
            idx[k] = -1;
            for (int i = 0; i < n->n && idx[k] < 0; i++)
                if (n->kind[i] == k) {
                    idx[k] = g->n++;
                    g->name[idx[k]] = kind_names[k];
                    g->colour[idx[k]] = k < KIND_COUNT ? kind_colour[k] : COLOUR_OTHER;
                }
        }
        for (int i = 0; i < n->n; i++)
            g->of[i] = idx[n->kind[i]];
        return DIAG_OK;
    }
    int has_none = 0;
    for (int i = 0; i < n->n; i++) {
        const char *key = *n->patron[i] ? n->patron[i] : n->kind[i] == KIND_AGENCY ? n->id[i] : NULL;
        if (!key)
            has_none = 1;
        else if (strlist_intern(&g->owned, key) < 0)
            return oom(p);
    }
    qsort(g->owned.s, g->owned.n, sizeof *g->owned.s, cmp_str);
    for (size_t k = 0; k < g->owned.n; k++) {
        g->name[g->n] = g->owned.s[k];
        g->colour[g->n] = palette[k % COUNT(palette)];
        g->n++;
    }
    if (has_none) {
        g->name[g->n] = "none";
        g->colour[g->n] = COLOUR_NONE;
        g->n++;
    }
    for (int i = 0; i < n->n; i++) {
        const char *key = *n->patron[i] ? n->patron[i] : n->kind[i] == KIND_AGENCY ? n->id[i] : NULL;
        g->of[i] = key ? strlist_find(&g->owned, key) : g->n - 1;
    }
    return DIAG_OK;
}

/* The legend of two kind groupings: every kind present in either, in kind order. */
static int kind_union(struct plot *p, const struct groups *a, const struct groups *b, struct groups *u)
{
    memset(u, 0, sizeof *u);
    u->title = "kind";
    u->name = calloc(KIND_COUNT + 1, sizeof *u->name);
    u->colour = calloc(KIND_COUNT + 1, sizeof *u->colour);
    if (!u->name || !u->colour)
        return oom(p);
    for (int k = 0; k <= KIND_OTHER; k++) {
        int seen = 0;
        for (int j = 0; j < a->n; j++)
            seen |= !strcmp(a->name[j], kind_names[k]);
        for (int j = 0; j < b->n; j++)
            seen |= !strcmp(b->name[j], kind_names[k]);
        if (seen) {
            u->name[u->n] = kind_names[k];
            u->colour[u->n++] = k < KIND_COUNT ? kind_colour[k] : COLOUR_OTHER;
        }
    }
    return DIAG_OK;
}

/* NAME_nodes.dat (one block per group) and NAME_edges.dat. */
static int write_net_data(struct plot *p, const char *chart, const struct net *n, const struct groups *g,
                          double scale, const char *what)
{
    char name[NAME_MAX_LEN + 16];
    struct atomicfile af = {0};
    int rc;
    snprintf(name, sizeof name, "%s_nodes.dat", chart);
    if ((rc = out_open(p, &af, name)))
        return rc;
    fprintf(af.f, "# active nodes of %s: one block per %s (gnuplot index 0, 1, ...)\n", what, g->title);
    fputs("# x y point_size strength id\n", af.f);
    for (int k = 0; k < g->n; k++) {
        if (k)
            fputs("\n\n", af.f);
        fprintf(af.f, "# index %d: ", k);
        dat_str(af.f, g->name[k]);
        fputc('\n', af.f);
        for (int i = 0; i < n->n; i++) {
            if (g->of[i] != k)
                continue;
            dat_coord(af.f, n->x[i]);
            fputc(' ', af.f);
            dat_coord(af.f, n->y[i]);
            fprintf(af.f, " %.3g ", node_ps(n->strength[i], scale));
            dat_num(af.f, n->strength[i]);
            fputc(' ', af.f);
            dat_str(af.f, n->id[i]);
            fputc('\n', af.f);
        }
    }
    if ((rc = out_close(p, &af, name)))
        return rc;
    snprintf(name, sizeof name, "%s_edges.dat", chart);
    if ((rc = out_open(p, &af, name)))
        return rc;
    fprintf(af.f, "# ties among the active nodes of %s; width_class 1..%d by weight\n", what, EDGE_CLASSES);
    fputs("# x_from y_from x_to y_to width_class weight from to\n", af.f);
    for (int e = 0; e < n->m; e++) {
        int a = n->from[e], b = n->to[e];
        dat_coord(af.f, n->x[a]);
        fputc(' ', af.f);
        dat_coord(af.f, n->y[a]);
        fputc(' ', af.f);
        dat_coord(af.f, n->x[b]);
        fputc(' ', af.f);
        dat_coord(af.f, n->y[b]);
        fprintf(af.f, " %d ", edge_class(n->weight[e]));
        dat_num(af.f, n->weight[e]);
        fputc(' ', af.f);
        dat_str(af.f, n->id[a]);
        fputc(' ', af.f);
        dat_str(af.f, n->id[b]);
        fputc('\n', af.f);
    }
    return out_close(p, &af, name);
}

/* Settings shared by network drawings (before the format loop). */
static void gp_net_settings(FILE *f, double scale)
{
    double s = fmax(scale, EDGE_SCALE_MIN);
    fputs("unset border\nunset xtics\nunset ytics\nset size ratio -1\n", f);
    fprintf(f, "do for [k = 1:%d] { set style arrow k nohead lw (%.3g + (k - 1) * %.3g) lc rgb '%s' }\n",
            EDGE_CLASSES, EDGE_LW_MIN * s, EDGE_LW_STEP * s, COLOUR_TIE);
}

/* The plot command of one network panel (inside the format loop); key: the
 * legend's groups (g itself, or for side-by-side panels the union of both,
 * so that both panels have the same legend and so the same drawing area). */
static void gp_net_plot(FILE *f, const char *chart, const struct net *n, const struct groups *g,
                        const struct groups *key, int detail, const char *indent)
{
    if (n->n == 0) {
        gp_empty(f, indent, "no active nodes");
        return;
    }
    fprintf(f, "%splot ", indent);
    if (n->m > 0)
        fprintf(f,
                "'%s_edges.dat' using 1:2:($3-$1):($4-$2):5 with vectors arrowstyle variable notitle, \\\n%s "
                "    ",
                chart, indent);
    for (int k = 0; k < g->n; k++)
        fprintf(f,
                "'%s_nodes.dat' index %d using 1:2:3 with points pt 7 ps variable lc rgb '%s' notitle, "
                "\\\n%s     ",
                chart, k, g->colour[k], indent);
    /* legend samples of one size (the nodes' own sizes vary) */
    for (int k = 0; k < key->n; k++) {
        fprintf(f, "keyentry with points pt 7 ps %g lc rgb '%s' title ", KEY_PS, key->colour[k]);
        gp_str(f, key->name[k]);
        if (k + 1 < key->n || detail)
            fprintf(f, ", \\\n%s     ", indent);
    }
    if (detail) {
        fprintf(f, "'%s_nodes.dat' using 1:2:3 with points pt 6 ps variable lc rgb '%s' notitle, \\\n%s     ",
                chart, COLOUR_OUTLINE, indent);
        fprintf(
            f, "'%s_nodes.dat' using 1:2:5 with labels left offset char %g,%g font ',%d' tc rgb '%s' notitle",
            chart, LABEL_DX, LABEL_DY, FONT_NODE_LABEL, COLOUR_OUTLINE);
    }
    fputc('\n', f);
}

/* Axis ranges that hold every node of n with room for labels. */
static void net_bounds(const struct net *n, double *x0, double *x1, double *y0, double *y1)
{
    for (int i = 0; i < n->n; i++) {
        *x0 = fmin(*x0, n->x[i]);
        *x1 = fmax(*x1, n->x[i]);
        *y0 = fmin(*y0, n->y[i]);
        *y1 = fmax(*y1, n->y[i]);
    }
}

static void gp_bounds(FILE *f, double x0, double x1, double y0, double y1, const char *indent)
{
    if (!isfinite(x0))
        return;
    double span = fmax(fmax(x1 - x0, y1 - y0), 1.0);
    double pad = span * NETWORK_PAD;
    fprintf(f, "%sset xrange [%.*g:%.*g]\n%sset yrange [%.*g:%.*g]\n", indent, COORD_DIGITS, x0 - pad,
            COORD_DIGITS, x1 + pad, indent, COORD_DIGITS, y0 - pad, COORD_DIGITS, y1 + pad);
}

/* network_SCEN_stepT (by kind) or network_SCEN_stepT_patron. */
static int chart_network(struct plot *p, const struct snap *s, const struct net *n, int by_patron)
{
    char chart[NAME_MAX_LEN], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN], what[WHAT_MAX_LEN];
    struct atomicfile af = {0};
    struct groups g;
    int rc;
    if (s->step >= 0)
        safe_name(chart, sizeof chart, "network_%s_step%d%s", s->scen, s->step, by_patron ? "_patron" : "");
    else
        safe_name(chart, sizeof chart, "network_%s%s", s->scen, by_patron ? "_patron" : "");
    snprintf(gp, sizeof gp, "%s.gp", chart);
    snprintf(what, sizeof what, "snapshots/%s", s->file);
    if ((rc = make_groups(p, n, by_patron, &g)))
        goto done;
    if ((rc = write_net_data(p, chart, n, &g, net_scale(n->n), what)))
        goto done;
    if (s->step >= 0)
        snprintf(text, sizeof text, "%s, step %d (replica 0): %d active nodes, %d ties", s->scen, s->step,
                 n->n, n->m);
    else
        snprintf(text, sizeof text, "%s: %d active nodes, %d ties", s->scen, n->n, n->m);
    if ((rc = out_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    snprintf(what, sizeof what, "%s_nodes.dat, %s_edges.dat", chart, chart);
    gp_head(p, f, chart, text, what);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\n", f);
    gp_net_settings(f, net_scale(n->n));
    fprintf(f, "set key outside right top vertical title %s\n",
            by_patron ? "'patron agency'" : "'kind (size: strength)'");
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    net_bounds(n, &x0, &x1, &y0, &y1);
    gp_bounds(f, x0, x1, y0, y1, "");
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    gp_net_plot(f, chart, n, &g, &g, n->n <= DETAIL_MAX_NODES, "    ");
    gp_loop_end(f);
    if ((rc = out_close(p, &af, gp)))
        goto done;
    rc = add_chart(p, chart);
done:
    groups_free(&g);
    return rc;
}

static int find_id(const struct net *n, const char *id)
{
    for (int i = 0; i < n->n; i++)
        if (!strcmp(n->id[i], id))
            return i;
    return -1;
}

/* Give b's nodes a's positions; nodes new in b go next to their parent (the
 * id before '+'), else on a ring around the drawing. */
static int place_like(struct plot *p, const struct net *a, struct net *b)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    net_bounds(a, &x0, &x1, &y0, &y1);
    double span = isfinite(x0) ? fmax(fmax(x1 - x0, y1 - y0), 1.0) : 1.0;
    double cx = isfinite(x0) ? (x0 + x1) / 2 : 0, cy = isfinite(y0) ? (y0 + y1) / 2 : 0;
    char *placed = calloc((size_t)b->n + 1, 1);
    if (!placed)
        return oom(p);
    int n_ring = 0;
    /* first the nodes a knows, then the rest (a spawn's parent may itself be new) */
    for (int i = 0; i < b->n; i++) {
        int j = find_id(a, b->id[i]);
        if (j >= 0) {
            b->x[i] = a->x[j];
            b->y[i] = a->y[j];
            placed[i] = 1;
        }
    }
    for (int i = 0; i < b->n; i++) {
        if (placed[i])
            continue;
        const char *plus = strrchr(b->id[i], '+');
        int parent = -1;
        long slot = 0;
        if (plus) {
            char *parent_id = strndup(b->id[i], (size_t)(plus - b->id[i]));
            if (!parent_id) {
                free(placed);
                return oom(p);
            }
            parent = find_id(b, parent_id);
            if (parent >= 0 && !placed[parent])
                parent = -1;
            free(parent_id);
            slot = strtol(plus + 1, NULL, 10);
        }
        if (parent >= 0) {
            double angle =
                2.0 * M_PI * (double)(labs(slot) % SPAWN_DIRECTIONS) / SPAWN_DIRECTIONS + M_PI / 4.0;
            b->x[i] = b->x[parent] + SPAWN_OFFSET * span * cos(angle);
            b->y[i] = b->y[parent] + SPAWN_OFFSET * span * sin(angle);
        } else {
            double angle = 2.0 * M_PI * (double)(n_ring % SPAWN_DIRECTIONS) / SPAWN_DIRECTIONS;
            double r = RING_RADIUS * span * (1.0 + (double)(n_ring / SPAWN_DIRECTIONS) * SPAWN_OFFSET);
            b->x[i] = cx + r * cos(angle);
            b->y[i] = cy + r * sin(angle);
            n_ring++;
        }
        placed[i] = 1;
    }
    free(placed);
    return DIAG_OK;
}

/* network_SCEN_compare: first and last snapshot side by side, a node at one place in both. */
static int chart_compare(struct plot *p, const struct snap *sa, const struct snap *sb, const struct net *a,
                         struct net *b)
{
    char chart[NAME_MAX_LEN], pa[NAME_MAX_LEN + 16], pb[NAME_MAX_LEN + 16], gp[NAME_MAX_LEN + 8];
    char text[TEXT_MAX_LEN], what[WHAT_MAX_LEN];
    struct atomicfile af = {0};
    struct groups ga, gb, gu;
    int rc;
    memset(&gb, 0, sizeof gb);
    memset(&gu, 0, sizeof gu);
    safe_name(chart, sizeof chart, "network_%s_compare", sa->scen);
    snprintf(pa, sizeof pa, "%s_first", chart);
    snprintf(pb, sizeof pb, "%s_last", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    memset(&ga, 0, sizeof ga);
    if ((rc = place_like(p, a, b)) || (rc = make_groups(p, a, 0, &ga)) || (rc = make_groups(p, b, 0, &gb)) ||
        (rc = kind_union(p, &ga, &gb, &gu)))
        goto done;
    snprintf(what, sizeof what, "snapshots/%s", sa->file);
    int biggest = a->n > b->n ? a->n : b->n;
    if ((rc = write_net_data(p, pa, a, &ga, net_scale(biggest), what)))
        goto done;
    snprintf(what, sizeof what, "snapshots/%s (positions of step %d; new nodes next to their parent)",
             sb->file, sa->step);
    if ((rc = write_net_data(p, pb, b, &gb, net_scale(biggest), what)))
        goto done;
    snprintf(text, sizeof text, "%s (replica 0): step %d and step %d, each node in the same place", sa->scen,
             sa->step, sb->step);
    if ((rc = out_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    snprintf(what, sizeof what, "%s_nodes.dat, %s_edges.dat, %s_nodes.dat, %s_edges.dat", pa, pa, pb, pb);
    gp_head(p, f, chart, text, what);
    gp_net_settings(f, net_scale(biggest));
    static const char compare_key[] = "set key below horizontal title 'kind (size: strength)'\n";
    fputs(compare_key, f);
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    net_bounds(a, &x0, &x1, &y0, &y1);
    net_bounds(b, &x0, &x1, &y0, &y1);
    gp_bounds(f, x0, x1, y0, y1, "");
    gp_loop_begin(p, f, chart, COMPARE_W, COMPARE_H);
    fputs("    set multiplot layout 1,2 title ", f);
    gp_str(f, text);
    fputc('\n', f);
    const struct net *nets[2] = {a, b};
    const struct groups *gs[2] = {&ga, &gb};
    const struct snap *ss[2] = {sa, sb};
    const char *names[2] = {pa, pb};
    for (int k = 0; k < 2; k++) {
        snprintf(text, sizeof text, "step %d (%d active nodes, %d ties)", ss[k]->step, nets[k]->n,
                 nets[k]->m);
        fputs("    set title ", f);
        gp_str(f, text);
        fputc('\n', f);
        gp_net_plot(f, names[k], nets[k], gs[k], &gu, biggest <= DETAIL_MAX_NODES, "    ");
        if (nets[k]->n == 0) { /* gp_empty changed the ranges and the key, and left a label */
            fprintf(f, "    unset label %d\n    ", EMPTY_LABEL);
            fputs(compare_key, f);
            gp_bounds(f, x0, x1, y0, y1, "    ");
        }
    }
    fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    if ((rc = out_close(p, &af, gp)))
        goto done;
    rc = add_chart(p, chart);
done:
    groups_free(&ga);
    groups_free(&gb);
    groups_free(&gu);
    return rc;
}

/* Every snapshot, then a compare chart per scenario with two or more. */
static int charts_networks(struct plot *p)
{
    int rc = DIAG_OK;
    const char *dir = p->req->dir;
    for (size_t i = 0; i < p->n_snaps && !rc; i++) {
        struct net n;
        if ((rc = read_net(p, dir, &p->snaps[i], &n)))
            break;
        if (!(rc = layout_net(p, &n)) && !(rc = chart_network(p, &p->snaps[i], &n, 0)))
            rc = chart_network(p, &p->snaps[i], &n, 1);
        net_free(&n);
    }
    for (size_t i = 0; i < p->n_snaps && !rc;) {
        size_t j = i;
        while (j < p->n_snaps && !strcmp(p->snaps[j].scen, p->snaps[i].scen))
            j++;
        /* [i, j): one scenario's snapshots by step; those without a step are not compared */
        size_t first = i;
        while (first < j && p->snaps[first].step < 0)
            first++;
        if (j - first >= 2) {
            struct net a, b;
            if ((rc = read_net(p, dir, &p->snaps[first], &a)))
                break;
            if ((rc = read_net(p, dir, &p->snaps[j - 1], &b))) {
                net_free(&a);
                break;
            }
            if (!(rc = layout_net(p, &a)))
                rc = chart_compare(p, &p->snaps[first], &p->snaps[j - 1], &a, &b);
            net_free(&a);
            net_free(&b);
        }
        i = j;
    }
    return rc;
}

/* ---- running gnuplot ----------------------------------------------------------------- */

static void remove_tmp_outputs(const struct plot *p, const char *chart)
{
    static const char *const fmts[] = {"svg", "png"};
    char path[PATH_MAX_LEN];
    for (size_t k = 0; k < COUNT(fmts); k++) {
        snprintf(path, sizeof path, "%s/%s.%s.tmp", p->pdir, chart, fmts[k]);
        unlink(path);
    }
}

/* Run `gnuplot -e "suffix='.tmp'" CHART.gp` in DIR/plots, then rename its outputs. */
static int run_gnuplot(struct plot *p, const char *gnuplot, const char *chart)
{
    static const char *const fmts[] = {"svg", "png"};
    const int want[] = {p->req->svg, p->req->png};
    char script[NAME_MAX_LEN + 8];
    snprintf(script, sizeof script, "%s.gp", chart);
    /* everything the child needs is prepared before fork: it only calls async-signal-safe functions */
    pid_t pid = fork();
    if (pid < 0)
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot start gnuplot: %s", strerror(errno));
    if (pid == 0) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0 || dup2(fd, STDIN_FILENO) < 0 || chdir(p->pdir) != 0)
            _exit(CHILD_SETUP_FAILED);
        execl(gnuplot, "gnuplot", "-e", "suffix='.tmp'", script, (char *)NULL);
        _exit(CHILD_EXEC_FAILED);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            remove_tmp_outputs(p, chart);
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "waiting for gnuplot: %s", strerror(errno));
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        remove_tmp_outputs(p, chart);
        if (WIFSIGNALED(status))
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "gnuplot was killed by signal %d drawing '%s/%s'",
                            WTERMSIG(status), p->pdir, script);
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "gnuplot failed on '%s/%s' (exit status %d)", p->pdir,
                        script, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    for (size_t k = 0; k < COUNT(fmts); k++) {
        if (!want[k])
            continue;
        char tmp[PATH_MAX_LEN], dst[PATH_MAX_LEN];
        snprintf(tmp, sizeof tmp, "%s/%s.%s.tmp", p->pdir, chart, fmts[k]);
        snprintf(dst, sizeof dst, "%s/%s.%s", p->pdir, chart, fmts[k]);
        struct stat st;
        if (stat(tmp, &st) != 0 || st.st_size == 0) {
            remove_tmp_outputs(p, chart);
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "gnuplot wrote no %s image for '%s/%s'", fmts[k],
                            p->pdir, script);
        }
        if (rename(tmp, dst) != 0) {
            int e = errno;
            remove_tmp_outputs(p, chart);
            return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot rename '%s' to '%s': %s", tmp, dst,
                            strerror(e));
        }
        if (p->info)
            fprintf(p->info, "wrote %s\n", dst);
    }
    return DIAG_OK;
}

/* ---- DIR/plots ------------------------------------------------------------------------ */

/* Remove what an earlier `infnet plot` wrote (scripts, data, images, temporaries). */
static int clear_plots(struct plot *p)
{
    static const char *const ours[] = {".gp", ".dat", ".svg", ".png", ".tmp"};
    DIR *dd = opendir(p->pdir);
    if (!dd)
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot read directory '%s': %s", p->pdir,
                        strerror(errno));
    struct dirent *e;
    int rc = DIAG_OK;
    while (!rc && (e = readdir(dd)) != NULL) {
        int match = 0;
        for (size_t k = 0; k < COUNT(ours); k++)
            match |= ends_with(e->d_name, ours[k]);
        if (!match)
            continue;
        char path[PATH_MAX_LEN];
        snprintf(path, sizeof path, "%s/%s", p->pdir, e->d_name);
        if (is_file(path) && unlink(path) != 0)
            rc = diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot remove '%s': %s", path, strerror(errno));
    }
    closedir(dd);
    return rc;
}

static void plot_free(struct plot *p)
{
    free(p->pdir);
    strlist_free(&p->scen);
    strlist_free(&p->metric);
    strlist_free(&p->cscen);
    strlist_free(&p->cmetric);
    strlist_free(&p->charts);
    strlist_free(&p->files);
    free(p->sr);
    free(p->fr);
    free(p->cr);
    for (size_t i = 0; i < p->n_meta; i++) {
        free(p->meta[i].name);
        free(p->meta[i].unit);
        free(p->meta[i].start);
    }
    free(p->meta);
    for (size_t i = 0; i < p->n_snaps; i++) {
        free(p->snaps[i].file);
        free(p->snaps[i].scen);
    }
    free(p->snaps);
}

int plot_execute(const struct plot_request *req, FILE *info, struct diag *d)
{
    struct plot p;
    int rc;
    memset(&p, 0, sizeof p);
    p.req = req;
    p.info = info;
    p.d = d;
    p.formats = req->svg && !req->png ? "svg" : req->png && !req->svg ? "png" : "svg png";
    const char *dir = req->dir;
    if (!dir || !*dir)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "no directory to plot");
    if (!is_dir(dir))
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "cannot plot '%s': %s", dir,
                        access(dir, F_OK) == 0 ? "not a directory" : "no such directory");
    size_t len = strlen(dir) + sizeof "/plots";
    if (!(p.pdir = malloc(len)))
        return oom(&p);
    snprintf(p.pdir, len, "%s/plots", dir);
    int exists = access(p.pdir, F_OK) == 0;
    if (exists && !is_dir(p.pdir)) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0, "'%s' exists and is not a directory", p.pdir);
        goto cleanup;
    }
    if (exists && !req->force) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s already exists; use --force", p.pdir);
        goto cleanup;
    }
    if ((rc = read_tables(&p, dir)) || (rc = read_meta(&p, dir)) || (rc = list_snapshots(&p, dir)))
        goto cleanup;
    if (!p.have_summary && !p.have_final && !p.have_comparison && p.n_snaps == 0) {
        rc = diag_set(
            d, DIAG_INPUT, NULL, 0, 0,
            "nothing to plot in '%s' (no summary.csv, final.csv, comparison.csv or snapshots/*.graphml "
            "with data)",
            dir);
        goto cleanup;
    }
    if ((rc = exists ? clear_plots(&p) : atomicfile_mkdirs(p.pdir, d)))
        goto cleanup;

    for (size_t m = 0; m < p.metric.n && !rc; m++) {
        int in_summary = 0, in_final = 0;
        for (size_t i = 0; i < p.n_sr && !in_summary; i++)
            in_summary = p.sr[i].metric == (int)m;
        for (size_t i = 0; i < p.n_fr && !in_final; i++)
            in_final = p.fr[i].metric == (int)m;
        if (in_summary)
            rc = chart_metric(&p, (int)m);
        if (!rc && in_final)
            rc = chart_final(&p, (int)m);
    }
    for (size_t b = 0; b < p.cscen.n && !rc; b++) {
        int is_b = 0;
        for (size_t i = 0; i < p.n_cr && !is_b; i++)
            is_b = p.cr[i].b == (int)b;
        if (is_b && !(rc = chart_forest(&p, (int)b, 0)))
            rc = chart_forest(&p, (int)b, 1);
    }
    if (!rc)
        rc = charts_networks(&p);
    if (rc || (!req->svg && !req->png))
        goto cleanup;

    char found[PATH_MAX_LEN], *gnuplot;
    if (!plot_find_program(getenv("PATH"), "gnuplot", found, sizeof found) ||
        !(gnuplot = realpath(found, NULL))) {
        if (info)
            fprintf(info,
                    "gnuplot not found: wrote the scripts and data into %s; run `gnuplot NAME.gp` there\n",
                    p.pdir);
        goto cleanup;
    }
    /* (absolute: the child changes directory before it starts gnuplot) */
    if (info)
        fflush(info); /* what was written comes before anything gnuplot may say */
    for (size_t i = 0; i < p.charts.n && !rc; i++)
        rc = run_gnuplot(&p, gnuplot, p.charts.s[i]);
    free(gnuplot);
cleanup:
    plot_free(&p);
    return rc;
}
