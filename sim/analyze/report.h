/* sim/analyze/report.h - the reports of `infnet analyze` beyond nodes.csv and graph.csv.
 *
 * Brokerage (constraint, effective size, Gould-Fernandez roles across node
 * kinds), KPP-Pos key players, immediate impact (the change in every graph
 * measure when a node, or the top K by a measure one by one and together,
 * is taken out), the key-entity table (the top N nodes by every measure)
 * and REPORT.md with a picture of the network. Everything is computed
 * first (report_compute_*), then written (report_write_*), so that a
 * failure or a signal while computing leaves no file; each file is written
 * atomically (sim/output/atomicfile.h).
 * Layer: sim/ (analysis/brokerage.h, analysis/keyplayer.h, sim/engine/measure.h).
 */
#ifndef INFNET_SIM_ANALYZE_REPORT_H
#define INFNET_SIM_ANALYZE_REPORT_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/analyze/feedback.h"
#include "sim/engine/measure.h"
#include "sim/engine/rng.h"
#include "sim/load/scenario.h"
#include "sim/util/diag.h"

/* The per-node measures ranked in key_entities.csv and usable as --impact-by:
 * nodes.csv's (betweenness_norm ranks as betweenness and is left out), then
 * brokerage.csv's constraint (lowest first: the least constrained broker),
 * effective_size and brokerage (all roles together). */
enum report_measure {
    REPORT_DEGREE,
    REPORT_STRENGTH,
    REPORT_BETWEENNESS,
    REPORT_CLOSENESS,
    REPORT_HARMONIC,
    REPORT_EIGENVECTOR,
    REPORT_PAGERANK,
    REPORT_CONSTRAINT,
    REPORT_EFFECTIVE_SIZE,
    REPORT_BROKERAGE,
    REPORT_MEASURES
};
const char *report_measure_name(int m);
int report_measure_find(const char *name); /* index, or -1 */

/* What the reports hold between computing and writing. */
struct report {
    const struct scenario *s;
    const double *nv; /* analyze's node values, [node][NODE_METRIC_COUNT] */
    /* brokerage, per node index; NaN (constraint, effective size) or 0 (roles) off the measured network */
    double *constraint, *effsize, *roles; /* roles: [node][BROKERAGE_ROLES] */
    /* KPP-Pos */
    int *pos_set, n_pos;
    double pos_reach, pos_weighted;
    /* immediate impact: n_removals removals, each one node (single) or the
     * first j of the order together (cumulative) */
    int n_removals;
    int *removal_node, *removal_cumulative;
    double *before, *after; /* [removal][REPORT_IMPACT_METRICS] */
    int impact_by;
    /* the picture for REPORT.md */
    int picture; /* 1 drawn, 0 not (picture_note says why) */
    char picture_note[256];
};

/* The graph measures immediate impact compares (graph.csv's, without the sampling error). */
#define REPORT_IMPACT_METRICS 11
int report_impact_metric(int j); /* metric_id of the j-th */

void report_init(struct report *r, const struct scenario *s, const double *nv);
void report_destroy(struct report *r);

/* Constraint, effective size (weights when mo->weighted) and roles. 0, or 1 with f filled. */
int report_compute_brokerage(struct report *r, const struct measure_options *mo, struct measure_ws *ws,
                             struct fault *f);
/* KPP-Pos, k players, distance D, reporting to mo->kp_monitor. 0, or 1
 * with f filled (IGRAPH_INTERRUPTED on a signal). */
int report_compute_kpp_pos(struct report *r, const struct measure_options *mo, struct measure_ws *ws, int k,
                           int distance, struct fault *f);
/* Immediate impact: k = 0 every measured node in turn, else the top k by
 * measure `by`, each alone and cumulatively. world: the scenario's, each
 * node taken out by clearing its active flag for the measurement (and put
 * back). rng reseeded with seed before every measurement, as analyze
 * measured the intact network. Polls the stop flag (may be NULL) between
 * measurements and counts them on fb's progress line (fb may be NULL; the
 * measurements' own path progress is not drawn). Codes of sim/util/diag.h. */
int report_compute_impact(struct report *r, struct world *world, const struct measure_options *mo,
                          struct rng_stream *rng, uint64_t seed, int k, int by, struct measure_ws *ws,
                          const volatile sig_atomic_t *stop, struct feedback *fb, const char *input,
                          struct diag *d);

/* The files: brokerage.csv, impact.csv, key_entities.csv (top n per measure). */
int report_write_brokerage(const struct report *r, const char *dir, struct diag *d);
int report_write_impact(const struct report *r, const char *dir, struct diag *d);
int report_write_key_entities(const struct report *r, int top, const char *dir, struct diag *d);

/* DIR/network.png: the measured network coloured by betweenness, drawn by
 * gnuplot when it is on PATH (else r->picture stays 0 with the reason). The
 * drawing fails softly: REPORT.md says why it has no picture. Only a
 * signal is an error (DIAG_INTERRUPTED). */
int report_draw_network(struct report *r, const struct measure_options *mo, struct measure_ws *ws, int top,
                        const char *dir, const volatile sig_atomic_t *stop, struct diag *d);

/* DIR/REPORT.md. metrics: analyze's graph metrics; neg: KPP-Neg set (n_neg,
 * F before and after). */
int report_write_markdown(const struct report *r, const double *metrics, const int *neg, int n_neg,
                          double kp_before, double kp_after, int top, const char *dir, struct diag *d);

#endif
