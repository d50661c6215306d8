/* sim/measure.h - what is measured on a replica's world at a recorded step.
 *
 * Graph metrics come from analysis/ on the igraph view of the world
 * (models/world_graph: active nodes, one edge per linked pair); model metrics
 * come from the world itself. Metric and per-node measure names are those of
 * DESIGN.md (Metrics) and appear in outputs in the order of the tables here.
 * A measure_ws is one worker's reusable workspace.
 */
#ifndef INFNET_SIM_MEASURE_H
#define INFNET_SIM_MEASURE_H

#include <igraph.h>

#include "../analysis/fragment.h"
#include "../models/pressure.h"
#include "../models/world.h"

enum metric_id {
    METRIC_NODES, METRIC_EDGES, METRIC_COMPONENTS, METRIC_GIANT_FRACTION, METRIC_FRAGMENTATION,
    METRIC_PATRON_COUNT, METRIC_PATRON_ENTROPY, METRIC_MEAN_STRENGTH, METRIC_TOTAL_FUNDING,
    METRIC_COUNT
};

/* Per-node measures; `present` is 1/0, the others are NaN where absent. */
enum node_metric_id { NODE_PRESENT, NODE_DEGREE, NODE_STRENGTH, NODE_METRIC_COUNT };

const char *measure_metric_name(int m);
const char *measure_node_metric_name(int m);

struct measure_ws {
    struct world_graph_ws gws;
    struct fragment_ws fws;
    igraph_vector_t weights;
    igraph_vector_int_t vid2node;
    igraph_vector_t vec;
    int *node2vid;
    int cap;
};

int measure_ws_init(struct measure_ws *ws);
void measure_ws_destroy(struct measure_ws *ws);

/* Measure w. metrics: METRIC_COUNT values. node_values: NULL, or
 * w->n_nodes * NODE_METRIC_COUNT values laid out [node][measure].
 * Returns 0 or an igraph/world error code. */
int measure_world(const struct world *w, double *metrics, double *node_values, struct measure_ws *ws);

/* Scores by a graph measure for targeted pressures, per node index
 * (0 for inactive nodes). scores holds w->n_nodes values. */
int measure_scores(const struct world *w, enum pressure_by by, double *scores, struct measure_ws *ws);

#endif
