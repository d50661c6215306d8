/* sim/analyze/analyze.h - `infnet analyze`: every measure of one static network.
 *
 * The network is a file of any import format (GraphML, CSV edge list with
 * an optional node table, GML, Pajek, UCINET DL, NCOL, LGL, GEXF, DyNetML:
 * docs/FORMAT.md, "Importing a network"), or a scenario file (its
 * network as written, before any pressure). Writes DIR/nodes.csv (node,
 * label, kind, then every per-node measure), DIR/graph.csv (metric,value:
 * the graph-level metrics that apply to a static network) and, with
 * key_players > 0, DIR/key_players.csv (node,label) plus
 * key_player_fragmentation in graph.csv, and DIR/meta.json (what produced
 * them). It also writes DIR/brokerage.csv, DIR/key_entities.csv, DIR/REPORT.md
 * (with DIR/network.png when gnuplot is installed), KPP-Pos beside KPP-Neg
 * in key_players.csv (column problem), and with impact DIR/impact.csv
 * (sim/analyze/report.h). With force, the other files infnet had written
 * there are removed first (sim/output/outdir.h). All or nothing: a failure
 * or an interruption leaves no result file, and removes the directories the
 * analysis created (those that existed stay).
 */
#ifndef INFNET_SIM_ANALYZE_H
#define INFNET_SIM_ANALYZE_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/util/diag.h"
#include "sim/load/scenario.h"

struct analyze_request {
    const char *input;
    struct scenario_network_options network; /* how a network file is read (--format, ...) */
    const char *outdir;                      /* NULL: out/analyze-NAME */
    int key_players;                         /* k, 0 for none */
    int weighted;
    int force;
    int exact_limit;       /* <= 0: ANALYZE_EXACT_LIMIT */
    int samples;           /* <= 0: MEASURE_SAMPLES */
    uint64_t seed;         /* Leiden and sampling */
    int top;               /* nodes listed on the report and per measure in key_entities.csv */
    int kpp_distance;      /* KPP-Pos reach distance, <= 0: 1 */
    int impact;            /* 1: immediate impact (impact.csv) */
    int impact_top;        /* with impact: 0 every node, K the top K by impact_by */
    const char *impact_by; /* the measure ranking --impact's top K; NULL: betweenness */
    const struct scenario_limits *limits;
    /* feedback (sim/analyze/feedback.h): a progress line on stderr for the
     * long steps, the key-player estimate and the import's notes on notes
     * (NULL: none) */
    int progress;
    FILE *notes;
    /* set by SIGINT/SIGTERM (NULL: never): the analysis stops, removes what
     * it wrote and the directories it made, and returns DIAG_INTERRUPTED */
    const volatile sig_atomic_t *stop;
    /* for meta.json */
    const char *version;
    const char *commit;
    int argc;
    char *const *argv;
};

/* One analysis is a single computation, so exact path measures are
 * affordable on larger networks than in a Monte Carlo run. */
#define ANALYZE_EXACT_LIMIT 20000

/* Run the analysis; print a short report to `report` (may be NULL) and, if
 * `timings` is not NULL, one line per measure with its wall seconds. */
int analyze_execute(const struct analyze_request *req, FILE *report, FILE *timings, struct diag *d);

#endif
