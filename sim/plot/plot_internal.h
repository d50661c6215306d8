/* sim/plot/plot_internal.h - what the modules of `infnet plot` share: constants, the call's state, their
 * functions.
 *
 * `infnet plot` (sim/plot/plot.h) is built from one module per job: reading
 * the outputs (outputs.c), reading GraphML (graphml.c), laying networks out
 * (layout.c), writing gnuplot scripts and data (gpwrite.c, with the charts
 * in charts.c and netcharts.c, a sweep's in sweepcharts.c, a calibration's
 * in calcharts.c), running gnuplot (gnuplot.c); plot.c holds
 * plot_execute(), which calls them in order on one struct plot. This header
 * is for those files only. Everything read is owned by the struct plot and
 * freed by plot_execute() before it returns.
 * Layer: sim/ (sim/output/atomicfile.h, models/world.h for the node kinds).
 */
#ifndef INFNET_SIM_PLOT_INTERNAL_H
#define INFNET_SIM_PLOT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "models/world.h"
#include "sim/output/atomicfile.h"
#include "sim/plot/plot.h"
#include "sim/util/diag.h"

/* ---- constants ------------------------------------------------------------- */

/* Longest path built here (DIR/plots/NAME.ext). */
#define PATH_MAX_LEN 4096
/* Longest chart or file name (sanitised from scenario and metric names). */
#define NAME_MAX_LEN 512
/* Room PATH_MAX_LEN keeps after DIR: a subdirectory, a name and its
 * extensions; a longer DIR is refused rather than cut. */
#define PLOT_PATH_ROOM (sizeof "/snapshots/" + NAME_MAX_LEN + sizeof ".svg.tmp")
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
/* The darker band of the middle 50% (q25-q75). */
#define BAND50_ALPHA 0.35
/* Time charts: one panel per scenario, PANEL_H pixels high each (the canvas
 * at least CHART_H), plus room for the title, the legend and the x labels;
 * the panels' margins and spacing (shares of the canvas; pixels for the
 * heights, turned into shares of the canvas' height). */
#define PANEL_H 330
#define PANEL_EXTRA_H 120
#define PANEL_TITLE_H 30
#define PANEL_KEY_H 50
/* Date ticks: at most this many on a time axis. */
#define DATE_TICS_MAX 8
/* Pressures and dated events on time axes: first gnuplot tag used, the
 * shading of a pressure that acts over several steps, the label font size
 * and length, and the room above the data for the labels (shares of the
 * data's span). */
#define MARK_TAG 100
#define MARK_SPAN_ALPHA 0.10
#define FONT_MARK 9
#define MARK_LABEL_CHARS 28
#define MARK_ROOM 4.0
#define COLOUR_EVENT "#555555"
/* Legend samples of what every panel draws (not one scenario's colour). */
#define COLOUR_KEY "#666666"
/* Axis labels of the panels (points): smaller, the panels are small. */
#define FONT_PANEL_LABEL 11
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
/* A final-step chart draws strips of points instead of boxes when a
 * scenario has at least this share of its replicas at 0, or at most this
 * many distinct values; a strip is this wide (in slots). */
#define STRIP_ZERO_SHARE 0.5
#define STRIP_DISTINCT_MAX 5
#define STRIP_WIDTH 0.6
/* The fractional part of the golden ratio: replica r's sideways offset is
 * frac(r * GOLDEN_FRAC) - 0.5, evenly spread and the same every time. */
#define GOLDEN_FRAC 0.6180339887498949
/* A scenario name longer than this rotates the x tick labels of a box plot. */
#define XTIC_ROTATE_LEN 10
/* Degrees of rotation of long x tick labels. */
#define XTIC_ROTATE_DEG 30

/* Significance level of the forest charts (the conventional 5%, as the compare table). */
#define FOREST_ALPHA 0.05
/* The normal quantile of a two-sided 95% interval. */
#define Z_95 1.959963984540054
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
/* Label placement (layout.c): the directions tried around a node, the
 * places tried in all (LABEL_TRIES / LABEL_DIRECTIONS rings), and the room
 * between stacked labels (share of a label's height). */
#define LABEL_DIRECTIONS 8
#define LABEL_TRIES (LABEL_DIRECTIONS * 6)
#define LABEL_SPACING 0.15
/* Labels longer than this many characters are shortened (netcharts.c). */
#define LABEL_MAX_CHARS 24
/* The size of a label character as a share of the font size in points, and
 * the pixels per point (96 dpi): to reserve room for labels in data units. */
#define LABEL_CHAR_W 0.62
#define LABEL_CHAR_H 1.35
#define PX_PER_PT (96.0 / 72.0)
/* Radius in pixels of a node symbol of point size 1 (gnuplot's pt 7). */
#define PS_RADIUS_PX 4.5
/* The plot area of a network drawing in pixels (the canvas less title, key
 * and margins), to reserve the labels' room in data units. */
#define NET_PLOT_W_PX 700.0
#define NET_PLOT_H_PX 560.0
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

/* A colour scale readable in grey and by the colour-blind (viridis' ends and
 * three stops; gnuplot 5.4 has no named viridis). */
#define PALETTE_VIRIDIS                                                                                      \
    "set palette defined (0 '#440154', 1 '#3B528B', 2 '#21918C', 3 '#5EC962', 4 '#FDE725')\n"

/* gnuplot's tag of the note on a chart without data (no other label is set). */
#define EMPTY_LABEL 99

/* While gnuplot runs, plot looks this often (nanoseconds) whether it ended
 * or a signal asked to stop: a blocking wait would miss a signal that comes
 * just before it starts, until gnuplot ends by itself. */
#define GNUPLOT_POLL_NS 5000000L

/* Exit status of the gnuplot child when it could not be started. */
#define CHILD_SETUP_FAILED 126
#define CHILD_EXEC_FAILED 127

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

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Okabe and Ito's colour-blind-safe palette (gpwrite.c). */
#define PLOT_PALETTE_N 8
extern const char *const plot_palette[PLOT_PALETTE_N];
#define KIND_OTHER KIND_COUNT

/* ---- data held during one call ---------------------------------------------- */

struct strlist {
    char **s;
    size_t n, cap;
};

struct srow { /* summary.csv */
    int scen, metric, step;
    long line;
    double q05, q25, q50, q75, q95, mean;
};

struct frow { /* final.csv */
    int scen, metric;
    long replica, line;
    double value;
};

struct crow { /* comparison.csv */
    int metric, step, a, b;
    long line, n_a, n_b;
    double diff, lo, hi, d, p, p_holm;
};

/* A pressure or a dated event of a scenario (meta.json's timeline). */
struct meta_mark {
    int from, to; /* steps, inclusive */
    int pressure; /* 1 a pressure, 0 an event */
    char *label;
};

struct meta_scen {
    char *name, *unit, *start;
    long steps; /* -1 when not given */
    struct meta_mark *marks;
    size_t n_marks;
    /* outputs.network_kinds (bits of enum node_kind) and network_ties (bits
     * of enum tie_type): the measured network; 0 when meta.json has none */
    unsigned kinds, ties;
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
    char **label; /* the node's label (its id when it has none) */
    int *kind;    /* enum node_kind or KIND_OTHER */
    double *strength;
    char **patron;        /* "" when none */
    char **patron_label;  /* the patron's label ("" when none) */
    double *lx, *ly, *lw; /* label boxes (netcharts.c): left edge, vertical centre, width */
    double *x, *y;
    int *from, *to;
    double *weight;
    int *type; /* enum tie_type, or TIE_COUNT when unknown */
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
    struct sweep_plot *sweep; /* a sweep's files (sweepcharts.c); NULL for other directories */
    struct calib_plot *calib; /* a calibration's files (calcharts.c); NULL for other directories */
    struct strlist charts;    /* chart names, in the order they were written */
    char **captions;          /* per chart: its one-line caption (the index) */
    size_t *end_file;         /* per chart: files[end_file[k-1] .. end_file[k]) are its own */
    size_t cap_captions, cap_end;
    char caption[TEXT_MAX_LEN]; /* the caption of the chart being written (gp_head) */
    struct strlist skipped;     /* metrics left out: zero in every replica at every step */
    struct strlist files;       /* every file name written (to refuse a clash) */
};

/* ---- sim/plot/plot.c: the call's state and small helpers shared by the modules */
/* Fill p->d with "out of memory"; returns DIAG_RUNTIME. */
int plot_oom(struct plot *p);
/* 1 when a signal asked to stop (p->d then says so, DIAG_INTERRUPTED), else 0; checked before every file
 * written, every snapshot read and every gnuplot run. */
int plot_stopped(struct plot *p);
/* Interned names: free all; index of s or -1; index of s, added when new (-1: out of memory). */
void strlist_free(struct strlist *l);
int strlist_find(const struct strlist *l, const char *s);
int strlist_intern(struct strlist *l, const char *s);
/* A regular file / a name ending in suffix. */
int plot_is_file(const char *path);
/* 1 when path names anything (a link too, even a dangling one). */
int plot_exists(const char *path);
int plot_ends_with(const char *s, const char *suffix);
/* printf into out, then made safe for a file name (letters, digits, ".-+_"; others and a leading "." become
 * "_"). */
void plot_safe_name(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- sim/plot/outputs.c: reading DIR (summary.csv, final.csv, comparison.csv, meta.json, the snapshot
 * names) */
/* summary.csv and final.csv (checked as compare checks them) and comparison.csv of dir, when present. */
int plot_read_tables(struct plot *p, const char *dir);
/* meta.json of dir, when present: checked (sim/output/results), then each scenario's time unit and start. */
int plot_read_meta(struct plot *p, const char *dir);
/* The meta.json entry of scenario name, or NULL; the x-axis label of the named scenarios' steps. */
const struct meta_scen *plot_meta_of(const struct plot *p, const char *name);
void plot_step_label(const struct plot *p, char *const *names, size_t n, char *out, size_t size);
/* The calendar date of step of scenario m (its start and unit: "2020-01" + 3
 * months -> "2020-04", a year "2021", a week or day "2020-01-22"): 1 when
 * written, 0 when the scenario has no start or a unit of plain steps. */
int plot_step_date(const struct meta_scen *m, long step, char *out, size_t size);
/* The names of the GraphML files in dir/snapshots, sorted by scenario and step; one that is not a
 * regular file, or is a symbolic link, is refused (DIAG_INPUT naming it). */
int plot_list_snapshots(struct plot *p, const char *dir);

/* ---- sim/plot/graphml.c: a snapshot's GraphML read into a struct net */
/* Free a network (a zeroed one too); read snapshot s of dir into n (active nodes and ties). */
void net_free(struct net *n);
int net_read(struct plot *p, const char *dir, const struct snap *s, struct net *n);

/* ---- sim/plot/layout.c: node positions of a network */
/* Fruchterman-Reingold positions for n, from a fixed seed. */
int layout_net(struct plot *p, struct net *n);
/* Positions for b: a node of a where it was in a; a new one beside its parent or on a ring. */
int layout_place_like(struct plot *p, const struct net *a, struct net *b);
/* The extent of n's positions. */
void net_bounds(const struct net *n, double *x0, double *x1, double *y0, double *y1);

/* ---- sim/plot/gpwrite.c: writing gnuplot scripts and data files */
/* A gnuplot string; a data-file string, number (NaN when undefined) and coordinate. */
void gp_str(FILE *f, const char *s);
void dat_str(FILE *f, const char *s);
void dat_num(FILE *f, double x);
void dat_coord(FILE *f, double x);
/* Open DIR/plots/name atomically (refusing a name written before), commit it and report it on info. */
int gp_open(struct plot *p, struct atomicfile *af, const char *name);
int gp_close(struct plot *p, struct atomicfile *af, const char *name);
/* Script pieces: the head, the loop over the formats, an empty chart's note, axis ranges, the grid. */
void gp_head(struct plot *p, FILE *f, const char *chart, const char *what, const char *data);
void gp_loop_begin(const struct plot *p, FILE *f, const char *chart, int w, int h);
void gp_loop_end(FILE *f);
void gp_empty(FILE *f, const char *indent, const char *msg);
void gp_range(FILE *f, const char *axis, double lo, double hi);
void gp_flat_range(FILE *f, const char *metric, double v);
void gp_grid(FILE *f, const char *axes);
/* Remember chart, so that gnuplot runs its script. */
int gp_add_chart(struct plot *p, const char *chart);

/* ---- sim/plot/charts.c: time, final-step and forest charts */
/* The values metric can take (RANGE_ANY when unknown). */
enum metric_range plot_metric_range(const char *metric);
/* The charts of metric m (metric_METRIC, final_METRIC) and of B scenario b (forest_B, forest_d_B). */
int chart_metric(struct plot *p, int m);
int chart_final(struct plot *p, int m);
int chart_forest(struct plot *p, int b, int effect);

/* ---- sim/plot/netcharts.c: network charts */
/* The network charts of every snapshot, and each scenario's first-last comparison. */
int chart_networks(struct plot *p);

/* ---- sim/plot/sweepcharts.c: a sweep's charts */
/* When dir's meta.json is a sweep's: its design.csv, points.csv, sensitivity.csv and discovery.csv, each when
 * present. */
int plot_read_sweep(struct plot *p, const char *dir);
/* 1 when a sweep's files hold something to chart. */
int plot_sweep_has_data(const struct plot *p);
/* The sensitivity, response, heatmap and PRIM charts of a sweep (nothing for other directories). */
int chart_sweep(struct plot *p);
void plot_sweep_free(struct plot *p);

/* ---- sim/plot/calcharts.c: a calibration's charts */
/* When dir's meta.json is a calibration's: its parameters and priors, then posterior.csv, predictive.csv and
 * generations.csv, each when present. */
int plot_read_calibration(struct plot *p, const char *dir);
/* 1 when a calibration's files hold something to chart. */
int plot_calibration_has_data(const struct plot *p);
/* The marginal, pairs, predictive and generations charts of a calibration (nothing for other directories). */
int chart_calibration(struct plot *p);
void plot_calibration_free(struct plot *p);

/* ---- sim/plot/gnuplot.c: running gnuplot */
/* Run gnuplot on DIR/plots/chart.gp; rename its images when it succeeds. */
int gnuplot_run(struct plot *p, const char *gnuplot, const char *chart);

#endif
