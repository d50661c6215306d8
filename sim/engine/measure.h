/* sim/engine/measure.h - what is measured on a replica's world at a recorded step.
 *
 * Graph metrics come from analysis/ on the igraph view of the world
 * (models/world_graph: active nodes, one edge per linked pair, weight = sum
 * of the pair's tie weights); model metrics come from the world itself.
 * Metric and per-node measure names are those of DESIGN.md (Metrics) and
 * appear in outputs in the order of the tables here. Which ones are computed
 * is chosen per scenario (outputs.metrics, outputs.node_metrics); path-based
 * measures are exact up to outputs.exact_limit active nodes and estimated
 * from outputs.samples sampled sources above it (docs/OUTPUTS.md).
 * A measure_ws is one worker's reusable workspace.
 */
#ifndef INFNET_SIM_MEASURE_H
#define INFNET_SIM_MEASURE_H

#include <stdint.h>

#include <igraph.h>

#include "analysis/centrality.h"
#include "analysis/fragment.h"
#include "models/pressure.h"
#include "models/world.h"
#include "sim/util/diag.h"

enum metric_id {
    METRIC_NODES,
    METRIC_EDGES,
    METRIC_DENSITY,
    METRIC_COMPONENTS,
    METRIC_GIANT_FRACTION,
    METRIC_GIANT_INITIAL_FRACTION,
    METRIC_FRAGMENTATION,
    METRIC_DISTANCE_FRAGMENTATION,
    METRIC_DISTANCE_FRAGMENTATION_SE,
    /* distance fragmentation with tie weights as distances 1/w, whatever
     * outputs.weighted says: the headline measure that sees weight changes */
    METRIC_WEIGHTED_FRAGMENTATION,
    METRIC_MODULARITY,
    METRIC_COMMUNITIES,
    METRIC_CENTRALIZATION_DEGREE,
    METRIC_CENTRALIZATION_BETWEENNESS,
    METRIC_PATRON_COUNT,
    METRIC_PATRON_ENTROPY,
    METRIC_MEAN_STRENGTH,
    METRIC_TOTAL_FUNDING,
    /* model events since step 0 (models/world.h, struct world_events) */
    METRIC_FRONTS_CREATED,
    METRIC_SPLINTERS_CREATED,
    METRIC_PATRON_SWITCHES,
    METRIC_LEFT_INITIAL_PATRON,
    METRIC_LEADERS_KILLED,
    METRIC_FACTIONS_DISSOLVED,
    METRIC_TIES_CREATED,
    METRIC_TIES_DISSOLVED,
    /* the same in the recorded step alone, in the same order */
    METRIC_FRONTS_CREATED_STEP,
    METRIC_SPLINTERS_CREATED_STEP,
    METRIC_PATRON_SWITCHES_STEP,
    METRIC_LEFT_INITIAL_PATRON_STEP,
    METRIC_LEADERS_KILLED_STEP,
    METRIC_FACTIONS_DISSOLVED_STEP,
    METRIC_TIES_CREATED_STEP,
    METRIC_TIES_DISSOLVED_STEP,
    METRIC_COUNT
};

/* Bit m of a metric mask (struct measure_options.metrics): 64 bits hold them all. */
#define METRIC_BIT(m) ((uint64_t)1 << (unsigned)(m))
#define METRIC_ALL (METRIC_BIT(METRIC_COUNT) - 1u)
_Static_assert(METRIC_COUNT < 64, "metric masks are 64 bits");

/* Per-node measures; `present` is 1/0, the others are NaN where absent. */
enum node_metric_id {
    NODE_PRESENT,
    NODE_DEGREE,
    NODE_STRENGTH,
    NODE_BETWEENNESS,
    NODE_BETWEENNESS_NORM,
    NODE_CLOSENESS,
    NODE_HARMONIC,
    NODE_EIGENVECTOR,
    NODE_PAGERANK,
    NODE_LEFT_PATRON, /* 1 once a step-0 faction has left its step-0 patron, else 0 */
    NODE_LEFT_STEP,   /* the step at which it first did; NaN until then */
    NODE_METRIC_COUNT
};
/* The graph measures end with pagerank (NODE_DEGREE .. NODE_GRAPH_END - 1):
 * `infnet analyze` writes those; the model's per-node histories follow. */
#define NODE_GRAPH_END (NODE_PAGERANK + 1)

/* Defaults of the measurement options (docs/OUTPUTS.md). Exact path-based
 * measures cost n shortest-path searches per recorded step; 1000 nodes keeps
 * that to milliseconds, 100 sampled sources give DF a standard error of a
 * few thousandths on sparse graphs. */
#define MEASURE_EXACT_LIMIT 1000
#define MEASURE_SAMPLES 100

struct measure_options {
    uint64_t metrics;      /* METRIC_BIT(m): compute metric m */
    uint32_t node_metrics; /* bit m: compute node measure m (NODE_PRESENT always) */
    int weighted;          /* use tie weights (distances 1/w) */
    int exact_limit;       /* active nodes up to which path measures are exact */
    int samples;           /* sources above it */
    unsigned kind_mask;    /* node kinds in the measured network (outputs.network_kinds) */
    unsigned tie_mask;     /* tie types in the measured network (outputs.network_ties) */
    /* Runs the parts of the path-based measures (analysis/parts.h): NULL on
     * the calling thread (a replica worker), sim/engine/exec.h's OpenMP
     * executor for one big network (`infnet analyze`). Not owned. */
    const struct parts_exec *exec;
    /* Feedback on long steps (`infnet analyze`): the path measures' sources
     * and the key-player search's evaluations; NULL for none. Not owned. */
    const struct centrality_progress *paths_progress;
    const struct keyplayer_monitor *kp_monitor;
};

void measure_options_default(struct measure_options *o);

const char *measure_metric_name(int m);
const char *measure_node_metric_name(int m);
int measure_metric_find(const char *name);      /* index or -1 */
int measure_node_metric_find(const char *name); /* index or -1 */

struct measure_ws {
    struct world_graph_ws gws;
    struct fragment_ws fws;
    struct centrality_ws cws;
    igraph_vector_t weights;
    igraph_vector_int_t vid2node;
    igraph_vector_int_t membership;
    igraph_vector_t vec, btw, harm, clo;
    int *node2vid;
    int cap;
    /* Times eigenvector centrality did not converge (ARPACK's iteration
     * limit): its values are then NaN, an empty field in the outputs. */
    long eigen_unconverged;
};

/* 0, or 1 when out of memory. */
int measure_ws_init(struct measure_ws *ws);
void measure_ws_destroy(struct measure_ws *ws);

/* Measure w. metrics: METRIC_COUNT values (unselected ones NaN). node_values:
 * NULL, or w->n_nodes * NODE_METRIC_COUNT values laid out [node][measure].
 * rng: the replica's stream (sampling); Leiden uses the thread's default
 * igraph RNG, which the runner sets to the same stream.
 * Returns 0, or 1 with f saying what failed (the step is the caller's to
 * fill in); sim/util/diag.h: diag_from_fault turns it into the message. */
int measure_world(const struct world *w, const struct measure_options *o, igraph_rng_t *rng, double *metrics,
                  double *node_values, struct measure_ws *ws, struct fault *f);

/* Phases timed by measure_world_timed (wall seconds, for `infnet analyze --timings`). */
enum measure_phase {
    PHASE_GRAPH,
    PHASE_COMPONENTS,
    PHASE_DENSITY,
    PHASE_DISTANCE_FRAGMENTATION,
    PHASE_COMMUNITIES,
    PHASE_CENTRALIZATION_DEGREE,
    PHASE_BETWEENNESS,
    PHASE_MODEL,
    PHASE_DEGREE,
    PHASE_STRENGTH,
    PHASE_CLOSENESS,
    PHASE_HARMONIC,
    PHASE_EIGENVECTOR,
    PHASE_PAGERANK,
    PHASE_COUNT
};
const char *measure_phase_name(int ph);
/* As measure_world, and adds each phase's wall seconds to seconds[PHASE_COUNT] when not NULL. */
int measure_world_timed(const struct world *w, const struct measure_options *o, igraph_rng_t *rng,
                        double *metrics, double *node_values, struct measure_ws *ws, double *seconds,
                        struct fault *f);

/* The igraph view of w's measured network (o's kinds and ties), as every
 * measure sees it: g uninitialised, the caller destroys it after a 0;
 * ws->weights and ws->vid2node then describe its edges and vertices.
 * 0, or 1 with f filled. */
int measure_graph(const struct world *w, const struct measure_options *o, igraph_t *g, struct measure_ws *ws,
                  struct fault *f);

/* Key players (KPP-Neg on F) among the nodes of the measured network (o's
 * kinds and ties): up to k node indices into nodes (caller-sized k), their
 * count into *n_out, F before and after. 0, or 1 with f filled. */
int measure_key_players(const struct world *w, const struct measure_options *o, int k, int *nodes, int *n_out,
                        double *before, double *after, struct measure_ws *ws, struct fault *f);

/* Scores by a graph measure for targeted pressures, per node index
 * (0 for inactive nodes). scores holds w->n_nodes values. For key_player,
 * k members of the key-player set among the matched candidates get scores
 * k..1 in selection order, everything else 0. 0, or 1 with f filled. */
int measure_scores(const struct world *w, const struct pressure *p, const struct measure_options *o,
                   igraph_rng_t *rng, double *scores, struct measure_ws *ws, struct fault *f);

#endif
