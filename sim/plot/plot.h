/* sim/plot/plot.h - `infnet plot DIR`: charts of an output directory, drawn with gnuplot.
 *
 * Reads what DIR holds (summary.csv, final.csv, meta.json, comparison.csv,
 * snapshots/NAME.graphml; each is optional, at least one is needed) and writes
 * into DIR/plots/, for every chart NAME, the gnuplot script NAME.gp and its
 * data NAME.dat or NAME_*.dat (whitespace-separated, a comment line naming
 * the columns), then runs gnuplot once per script (working directory
 * DIR/plots) to make NAME.svg and NAME.png. The scripts read their data by
 * relative name, so `cd DIR/plots && gnuplot NAME.gp` redraws a chart after
 * editing it. The same DIR gives the same .gp and .dat bytes.
 *
 * Charts: metric_METRIC (a panel per scenario: median, mean, 50% and 90%
 * bands over time, dated axis, pressures and events of meta.json's timeline
 * marked), final_METRIC (the replicas' last-step values: strips of points
 * for mostly-zero or few-valued metrics, else boxes with the replicas
 * beside them), forest_B and forest_d_B (comparison.csv at its last step:
 * differences and Cohen's d with their 95% intervals, outcomes and
 * mechanical counts in separate panels), network_SCENARIO_stepT and
 * network_SCENARIO_stepT_patron (each snapshot, coloured by kind and by
 * patron agency) and network_SCENARIO_compare (first and last snapshot of a
 * scenario side by side, a node at the same place in both). A sweep's
 * directory (meta.json with an experiment) adds sobol_*, src_*, morris_*,
 * response_*, heatmap_* and prim_* (sim/plot/sweepcharts.c); a calibration's
 * (meta.json's command "calibrate") marginal_*, pairs, predictive and
 * generations (sim/plot/calcharts.c). Last, DIR/plots/index.md lists every
 * chart with its caption and files; metrics 0 everywhere get no chart and
 * are named there.
 *
 * GraphML is read through igraph's C attribute handler: main() must have
 * installed igraph_cattribute_table.
 */
#ifndef INFNET_SIM_PLOT_H
#define INFNET_SIM_PLOT_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "sim/util/diag.h"

struct plot_request {
    const char *dir; /* an output directory of `infnet run` or `infnet compare` */
    int force;       /* replace an existing DIR/plots (its .gp, .dat, .svg, .png files) */
    int png, svg;    /* 1 = write that format; with neither, only scripts and data are written */
    /* set by a signal handler (sim/util/interrupt.h) to stop; may be NULL */
    const volatile sig_atomic_t *stop;
};

/* Write the charts of req->dir into req->dir/plots. info (may be NULL)
 * receives one line per file written, and the notice when gnuplot is not on
 * PATH (then the scripts and data are still written and DIAG_OK returned).
 * DIAG_INPUT: DIR missing, nothing to plot, malformed input (file:line:col),
 * DIR/plots exists without force, a snapshot that is not a regular file or
 * is a symbolic link. DIAG_RUNTIME: I/O, memory, a gnuplot run that failed
 * (naming its script). DIAG_INTERRUPTED: *req->stop was set; the gnuplot
 * running then is killed, and everything this call wrote into DIR/plots is
 * removed again (DIR/plots itself when nothing else is left in it), so that
 * no half-made set of charts remains and a later plot starts afresh. */
int plot_execute(const struct plot_request *req, FILE *info, struct diag *d);

/* The axis label of a metric: its name and meaning in words, with its unit
 * ("patron_entropy" -> "patron entropy (nats)"); an unknown metric is its name. */
const char *plot_metric_label(const char *metric);

/* Place the labels of n nodes at (x[i], y[i]), drawn as discs of radius
 * r[i], so that no two labels overlap: label i is a box w[i] wide and h
 * high (in the coordinates' units) whose left edge is lx[i] and vertical
 * centre ly[i]. Each label goes, in node order, to the first of a fixed
 * list of places around its node (right, above, below, left, the
 * diagonals; r[i] + gap away, then one label height further each round)
 * that overlaps no label placed before (and, in the first rounds, no
 * node); a node with no such place nearby gets its label above all the
 * others. Deterministic. */
void plot_place_labels(int n, const double *x, const double *y, const double *r, const double *w, double h,
                       double gap, double *lx, double *ly);

/* A node label short enough to draw beside its node: the label itself up to
 * 24 characters; else the abbreviation in its closing brackets ("Ministry
 * of Intelligence (MOIS)" -> "MOIS"), the part before " (" when short
 * enough, or its first words and "...". */
void plot_short_label(const char *in, char *out, size_t size);

/* Find an executable named prog in the directories of path_env (a PATH
 * value; NULL is taken as "/usr/bin:/bin"; empty entries are skipped, not
 * read as the working directory) and write its full path into out[n].
 * Returns 1 when found, else 0. */
int plot_find_program(const char *path_env, const char *prog, char *out, size_t n);

#endif
