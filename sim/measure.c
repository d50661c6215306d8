/* sim/measure.c - metrics of one world at one step (see measure.h).
 * Builds the igraph view once per call and derives every measure from it.
 */
#include "measure.h"

#include <math.h>
#include <stdlib.h>

#include "../analysis/centrality.h"

static const char *const metric_names[METRIC_COUNT] = {
    "nodes", "edges", "components", "giant_fraction", "fragmentation",
    "patron_count", "patron_entropy", "mean_strength", "total_funding",
};

static const char *const node_metric_names[NODE_METRIC_COUNT] = {"present", "degree", "strength"};

const char *measure_metric_name(int m)
{
    return m >= 0 && m < METRIC_COUNT ? metric_names[m] : "?";
}

const char *measure_node_metric_name(int m)
{
    return m >= 0 && m < NODE_METRIC_COUNT ? node_metric_names[m] : "?";
}

int measure_ws_init(struct measure_ws *ws)
{
    ws->node2vid = NULL;
    ws->cap = 0;
    world_graph_ws_init(&ws->gws);
    if (fragment_ws_init(&ws->fws))
        return -1;
    if (igraph_vector_init(&ws->weights, 0) || igraph_vector_int_init(&ws->vid2node, 0) ||
        igraph_vector_init(&ws->vec, 0))
        return -1;
    return 0;
}

void measure_ws_destroy(struct measure_ws *ws)
{
    world_graph_ws_destroy(&ws->gws);
    fragment_ws_destroy(&ws->fws);
    igraph_vector_destroy(&ws->weights);
    igraph_vector_int_destroy(&ws->vid2node);
    igraph_vector_destroy(&ws->vec);
    free(ws->node2vid);
    ws->node2vid = NULL;
}

static int ensure(struct measure_ws *ws, int n)
{
    if (n <= ws->cap)
        return 0;
    int *p = realloc(ws->node2vid, (size_t)n * sizeof *p);
    if (!p)
        return -1;
    ws->node2vid = p;
    ws->cap = n;
    return 0;
}

static int build(const struct world *w, igraph_t *g, struct measure_ws *ws)
{
    if (ensure(ws, w->n_nodes))
        return WORLD_ENOMEM;
    return world_graph(w, g, &ws->weights, &ws->vid2node, ws->node2vid, &ws->gws);
}

int measure_world(const struct world *w, double *metrics, double *node_values, struct measure_ws *ws)
{
    igraph_t g;
    int rc = build(w, &g, ws);
    if (rc)
        return rc;
    struct fragment_result fr;
    rc = fragment_compute(&g, &fr, &ws->fws);
    if (rc)
        goto cleanup;
    metrics[METRIC_NODES] = (double)igraph_vcount(&g);
    metrics[METRIC_EDGES] = (double)igraph_ecount(&g);
    metrics[METRIC_COMPONENTS] = (double)fr.components;
    metrics[METRIC_GIANT_FRACTION] = w->n_initial > 0 ? (double)fr.giant / (double)w->n_initial : 0.0;
    metrics[METRIC_FRAGMENTATION] = fr.fragmentation;
    metrics[METRIC_PATRON_COUNT] = (double)world_patron_count(w);
    metrics[METRIC_PATRON_ENTROPY] = world_patron_entropy(w);
    metrics[METRIC_MEAN_STRENGTH] = world_mean_strength(w);
    metrics[METRIC_TOTAL_FUNDING] = world_total_funding(w);
    if (node_values) {
        for (int i = 0; i < w->n_nodes; i++) {
            double *v = node_values + (size_t)i * NODE_METRIC_COUNT;
            v[NODE_PRESENT] = ws->node2vid[i] >= 0 ? 1.0 : 0.0;
            for (int m = 1; m < NODE_METRIC_COUNT; m++)
                v[m] = NAN;
        }
        rc = centrality_degree(&g, &ws->vec);
        if (rc)
            goto cleanup;
        for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++)
            node_values[(size_t)VECTOR(ws->vid2node)[v] * NODE_METRIC_COUNT + NODE_DEGREE] = VECTOR(ws->vec)[v];
        rc = centrality_strength(&g, &ws->weights, &ws->vec);
        if (rc)
            goto cleanup;
        for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++)
            node_values[(size_t)VECTOR(ws->vid2node)[v] * NODE_METRIC_COUNT + NODE_STRENGTH] = VECTOR(ws->vec)[v];
    }
cleanup:
    igraph_destroy(&g);
    return rc;
}

int measure_scores(const struct world *w, enum pressure_by by, double *scores, struct measure_ws *ws)
{
    igraph_t g;
    int rc = build(w, &g, ws);
    if (rc)
        return rc;
    switch (by) {
    case BY_DEGREE: rc = centrality_degree(&g, &ws->vec); break;
    case BY_BETWEENNESS: rc = centrality_betweenness(&g, NULL, &ws->vec); break;
    case BY_PAGERANK: rc = centrality_pagerank(&g, NULL, &ws->vec); break;
    default: rc = IGRAPH_UNIMPLEMENTED; break;
    }
    if (rc == 0) {
        for (int i = 0; i < w->n_nodes; i++)
            scores[i] = 0.0;
        for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++)
            scores[VECTOR(ws->vid2node)[v]] = VECTOR(ws->vec)[v];
    }
    igraph_destroy(&g);
    return rc;
}
