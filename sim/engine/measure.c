/* sim/engine/measure.c - metrics of one world at one step (see measure.h).
 * Builds the igraph view once per call and derives every selected measure
 * from it; betweenness is computed once and shared by the node measure and
 * the centralization.
 */
#include "sim/engine/measure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <omp.h>

#include "analysis/community.h"
#include "analysis/estimate.h"
#include "analysis/keyplayer.h"

static const char *const metric_names[METRIC_COUNT] = {
    "nodes",
    "edges",
    "density",
    "components",
    "giant_fraction",
    "giant_initial_fraction",
    "fragmentation",
    "distance_fragmentation",
    "distance_fragmentation_se",
    "weighted_fragmentation",
    "modularity",
    "communities",
    "centralization_degree",
    "centralization_betweenness",
    "patron_count",
    "patron_entropy",
    "mean_strength",
    "total_funding",
    "fronts_created",
    "splinters_created",
    "patron_switches",
    "left_initial_patron",
    "leaders_killed",
    "factions_dissolved",
    "ties_created",
    "ties_dissolved",
    "fronts_created_step",
    "splinters_created_step",
    "patron_switches_step",
    "left_initial_patron_step",
    "leaders_killed_step",
    "factions_dissolved_step",
    "ties_created_step",
    "ties_dissolved_step",
};

static const char *const node_metric_names[NODE_METRIC_COUNT] = {
    "present",  "degree",      "strength", "betweenness", "betweenness_norm", "closeness",
    "harmonic", "eigenvector", "pagerank", "left_patron", "left_step",
};

#define BIT(m) (1u << (m))

void measure_options_default(struct measure_options *o)
{
    o->metrics = METRIC_ALL;
    o->node_metrics = BIT(NODE_METRIC_COUNT) - 1u;
    o->weighted = 0;
    o->exact_limit = MEASURE_EXACT_LIMIT;
    o->samples = MEASURE_SAMPLES;
    o->kind_mask = WORLD_ALL_KINDS;
    o->tie_mask = WORLD_ALL_TIES;
    o->exec = NULL;
    o->paths_progress = NULL;
    o->kp_monitor = NULL;
}

const char *measure_metric_name(int m)
{
    return m >= 0 && m < METRIC_COUNT ? metric_names[m] : "?";
}

const char *measure_node_metric_name(int m)
{
    return m >= 0 && m < NODE_METRIC_COUNT ? node_metric_names[m] : "?";
}

int measure_metric_find(const char *name)
{
    for (int m = 0; m < METRIC_COUNT; m++)
        if (strcmp(metric_names[m], name) == 0)
            return m;
    return -1;
}

int measure_node_metric_find(const char *name)
{
    for (int m = 0; m < NODE_METRIC_COUNT; m++)
        if (strcmp(node_metric_names[m], name) == 0)
            return m;
    return -1;
}

int measure_ws_init(struct measure_ws *ws)
{
    memset(ws, 0, sizeof *ws);
    world_graph_ws_init(&ws->gws);
    centrality_ws_init(&ws->cws);
    if (fragment_ws_init(&ws->fws) || igraph_vector_init(&ws->weights, 0) ||
        igraph_vector_int_init(&ws->vid2node, 0) || igraph_vector_int_init(&ws->membership, 0) ||
        igraph_vector_init(&ws->vec, 0) || igraph_vector_init(&ws->btw, 0) ||
        igraph_vector_init(&ws->harm, 0) || igraph_vector_init(&ws->clo, 0)) {
        measure_ws_destroy(ws); /* the parts made so far (the rest are zeroed) */
        return 1;
    }
    return 0;
}

void measure_ws_destroy(struct measure_ws *ws)
{
    world_graph_ws_destroy(&ws->gws);
    fragment_ws_destroy(&ws->fws);
    centrality_ws_destroy(&ws->cws);
    igraph_vector_destroy(&ws->weights);
    igraph_vector_int_destroy(&ws->vid2node);
    igraph_vector_int_destroy(&ws->membership);
    igraph_vector_destroy(&ws->vec);
    igraph_vector_destroy(&ws->btw);
    igraph_vector_destroy(&ws->harm);
    igraph_vector_destroy(&ws->clo);
    free(ws->node2vid);
    ws->node2vid = NULL;
}

/* The measured network of w into g (uninitialised; initialised only on
 * success). 0, or 1 with f saying what failed. */
static int build(const struct world *w, const struct measure_options *o, igraph_t *g, struct measure_ws *ws,
                 struct fault *f)
{
    if (w->n_nodes > ws->cap) {
        int *p = realloc(ws->node2vid, (size_t)w->n_nodes * sizeof *p);
        if (!p)
            return fault_model(f, WORLD_ENOMEM, FAULT_BUILDING_GRAPH);
        ws->node2vid = p;
        ws->cap = w->n_nodes;
    }
    return fault_model(f,
                       world_graph_filtered(w, o->kind_mask, o->tie_mask, g, &ws->weights, &ws->vid2node,
                                            ws->node2vid, &ws->gws),
                       FAULT_BUILDING_GRAPH);
}

/* Copy a per-vertex vector into the node records (column m). */
static void scatter(const struct measure_ws *ws, const igraph_vector_t *v, double *node_values, int m)
{
    for (igraph_integer_t i = 0; i < igraph_vector_size(v); i++)
        node_values[(size_t)VECTOR(ws->vid2node)[i] * NODE_METRIC_COUNT + (size_t)m] = VECTOR(*v)[i];
}

/* Raw betweenness into ws->btw: exact up to the limit, sampled above it. */
static igraph_error_t betweenness(const igraph_t *g, const igraph_vector_t *wt,
                                  const struct measure_options *o, igraph_rng_t *rng, struct measure_ws *ws)
{
    if (igraph_vcount(g) <= o->exact_limit)
        return centrality_betweenness(g, wt, &ws->btw, o->exec);
    return centrality_betweenness_sampled(g, wt, o->samples, rng, &ws->btw, o->exec);
}

/* PageRank on one thread: PRPACK's own OpenMP loops sum in an order that
 * depends on the thread count, and one thread (this task's setting only)
 * keeps it the same whatever the count. It costs milliseconds even on 100k
 * nodes. */
static igraph_error_t pagerank(const igraph_t *g, const igraph_vector_t *wt, igraph_vector_t *out)
{
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    igraph_error_t rc = centrality_pagerank(g, wt, out);
    omp_set_num_threads(saved);
    return rc;
}

/* Eigenvector centrality; the ARPACK solver keeps global state, so its calls
 * run one at a time across the program's threads (a named critical section
 * every such caller shares). */
static igraph_error_t eigenvector(const igraph_t *g, const igraph_vector_t *wt, struct measure_ws *ws)
{
    igraph_error_t rc;
    if (!centrality_eigenvector_serial(g))
        return centrality_eigenvector(g, wt, &ws->vec, &ws->cws);
#pragma omp critical(infnet_arpack)
    rc = centrality_eigenvector(g, wt, &ws->vec, &ws->cws);
    /* A leading eigenvalue barely apart from the next (a long chain: the
     * gap shrinks as 1/n^2) can keep ARPACK from converging within its
     * iteration limit. The other measures still hold: eigenvector
     * centrality is then NaN (not a number, an empty field), and the count
     * lets the caller say so. */
    if (rc == IGRAPH_ARPACK_MAXIT) {
        if ((rc = igraph_vector_resize(&ws->vec, igraph_vcount(g))) == IGRAPH_SUCCESS) {
            igraph_vector_fill(&ws->vec, NAN);
            ws->eigen_unconverged++;
        }
    }
    return rc;
}

static const char *const phase_names[PHASE_COUNT] = {
    "graph",       "components",
    "density",     "distance_fragmentation",
    "communities", "centralization_degree",
    "betweenness", "model",
    "degree",      "strength",
    "closeness",   "harmonic",
    "eigenvector", "pagerank",
};

const char *measure_phase_name(int ph)
{
    return ph >= 0 && ph < PHASE_COUNT ? phase_names[ph] : "?";
}

/* Phase timer: a no-op when seconds is NULL. */
struct timer {
    double *seconds;
    struct timespec t0;
};

static void tick(struct timer *t)
{
    if (t->seconds)
        clock_gettime(CLOCK_MONOTONIC, &t->t0);
}

static void tock(struct timer *t, int phase)
{
    if (!t->seconds)
        return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    t->seconds[phase] += (double)(t1.tv_sec - t->t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t->t0.tv_nsec);
    t->t0 = t1;
}

int measure_world(const struct world *w, const struct measure_options *o, igraph_rng_t *rng, double *metrics,
                  double *node_values, struct measure_ws *ws, struct fault *f)
{
    return measure_world_timed(w, o, rng, metrics, node_values, ws, NULL, f);
}

/* The event metrics (docs/OUTPUTS.md): the world's counts since step 0 and
 * in this step, in enum world_event's order, and the factions that have
 * left their step-0 patron (a scan of the scenario's factions, only when
 * asked). */
static void events(const struct world *w, uint64_t want, double *metrics)
{
    static const int cumulative[EVENT_COUNT] = {
        [EVENT_FRONTS_CREATED] = METRIC_FRONTS_CREATED,
        [EVENT_SPLINTERS_CREATED] = METRIC_SPLINTERS_CREATED,
        [EVENT_PATRON_SWITCHES] = METRIC_PATRON_SWITCHES,
        [EVENT_LEADERS_KILLED] = METRIC_LEADERS_KILLED,
        [EVENT_FACTIONS_DISSOLVED] = METRIC_FACTIONS_DISSOLVED,
        [EVENT_TIES_CREATED] = METRIC_TIES_CREATED,
        [EVENT_TIES_DISSOLVED] = METRIC_TIES_DISSOLVED,
    };
    static const int per_step[EVENT_COUNT] = {
        [EVENT_FRONTS_CREATED] = METRIC_FRONTS_CREATED_STEP,
        [EVENT_SPLINTERS_CREATED] = METRIC_SPLINTERS_CREATED_STEP,
        [EVENT_PATRON_SWITCHES] = METRIC_PATRON_SWITCHES_STEP,
        [EVENT_LEADERS_KILLED] = METRIC_LEADERS_KILLED_STEP,
        [EVENT_FACTIONS_DISSOLVED] = METRIC_FACTIONS_DISSOLVED_STEP,
        [EVENT_TIES_CREATED] = METRIC_TIES_CREATED_STEP,
        [EVENT_TIES_DISSOLVED] = METRIC_TIES_DISSOLVED_STEP,
    };
    for (int e = 0; e < EVENT_COUNT; e++) {
        metrics[cumulative[e]] = (double)w->ev.total[e];
        metrics[per_step[e]] = (double)w->ev.step[e];
    }
    if (!(want & (METRIC_BIT(METRIC_LEFT_INITIAL_PATRON) | METRIC_BIT(METRIC_LEFT_INITIAL_PATRON_STEP))))
        return;
    int first, now = world_left_initial_patron(w, &first);
    metrics[METRIC_LEFT_INITIAL_PATRON] = (double)now;
    metrics[METRIC_LEFT_INITIAL_PATRON_STEP] = (double)first;
}

/* Distance fragmentation with weights w read as distances 1/w. A link of
 * weight 0 (all its ties decayed to 0, which model.ties.min_weight = 0
 * allows) is infinitely long: it joins nothing, so it is left out. */
static igraph_error_t weighted_distance_fragmentation(const igraph_t *g, const igraph_vector_t *w,
                                                      const struct measure_options *o, igraph_rng_t *rng,
                                                      struct fragment_distance *fd)
{
    igraph_integer_t m = igraph_vector_size(w), zero = 0;
    for (igraph_integer_t e = 0; e < m; e++)
        zero += !(VECTOR(*w)[e] > 0);
    if (!zero)
        return fragment_distance(g, w, o->exact_limit, o->samples, rng, fd, o->exec);
    igraph_t h;
    igraph_vector_int_t gone;
    igraph_vector_t kept;
    igraph_error_t rc = igraph_vector_int_init(&gone, 0);
    if (rc)
        return rc;
    if ((rc = igraph_vector_init(&kept, 0))) {
        igraph_vector_int_destroy(&gone);
        return rc;
    }
    for (igraph_integer_t e = 0; e < m && !rc; e++)
        rc = VECTOR(*w)[e] > 0 ? igraph_vector_push_back(&kept, VECTOR(*w)[e])
                               : igraph_vector_int_push_back(&gone, e);
    if (!rc && !(rc = igraph_copy(&h, g))) {
        /* the remaining edges keep their order, and so match kept */
        if (!(rc = igraph_delete_edges(&h, igraph_ess_vector(&gone))))
            rc = fragment_distance(&h, &kept, o->exact_limit, o->samples, rng, fd, o->exec);
        igraph_destroy(&h);
    }
    igraph_vector_destroy(&kept);
    igraph_vector_int_destroy(&gone);
    return rc;
}

/* In measure_world_timed: run an analysis call, and on failure record it as
 * task T and leave through cleanup. */
#define TRY(T, call)                                                                                         \
    do {                                                                                                     \
        if ((rc = fault_analysis(f, (call), (T))))                                                           \
            goto cleanup;                                                                                    \
    } while (0)

int measure_world_timed(const struct world *w, const struct measure_options *o, igraph_rng_t *rng,
                        double *metrics, double *node_values, struct measure_ws *ws, double *seconds,
                        struct fault *f)
{
    igraph_t g;
    struct timer tm = {seconds, {0, 0}};
    tick(&tm);
    int rc = build(w, o, &g, ws, f);
    if (rc)
        return rc;
    tock(&tm, PHASE_GRAPH);
    const igraph_vector_t *wt = o->weighted ? &ws->weights : NULL;
    igraph_integer_t n = igraph_vcount(&g);
    uint64_t want = o->metrics;
    uint32_t nwant = node_values ? o->node_metrics : 0;
    int have_btw = 0, have_harm = 0;
    for (int m = 0; m < METRIC_COUNT; m++)
        metrics[m] = NAN;

    struct fragment_result fr;
    TRY(FAULT_COMPONENTS, fragment_compute(&g, &fr, &ws->fws));
    metrics[METRIC_NODES] = (double)n;
    metrics[METRIC_EDGES] = (double)igraph_ecount(&g);
    metrics[METRIC_COMPONENTS] = (double)fr.components;
    /* a share of the active nodes (never above 1); the percolation quantity
     * is relative to the network at step 0, which spawned nodes can outgrow */
    int n0 = world_initial_count(w, o->kind_mask);
    metrics[METRIC_GIANT_FRACTION] = n > 0 ? (double)fr.giant / (double)n : 0.0;
    metrics[METRIC_GIANT_INITIAL_FRACTION] = n0 > 0 ? (double)fr.giant / (double)n0 : 0.0;
    metrics[METRIC_FRAGMENTATION] = fr.fragmentation;
    tock(&tm, PHASE_COMPONENTS);
    if (want & METRIC_BIT(METRIC_DENSITY)) {
        igraph_real_t dens;
        TRY(FAULT_DENSITY, igraph_density(&g, &dens, IGRAPH_NO_LOOPS));
        metrics[METRIC_DENSITY] = n < 2 ? 0.0 : dens;
        tock(&tm, PHASE_DENSITY);
    }
    int want_btw = (want & METRIC_BIT(METRIC_CENTRALIZATION_BETWEENNESS)) ||
                   (nwant & (BIT(NODE_BETWEENNESS) | BIT(NODE_BETWEENNESS_NORM)));
    if (!wt && n <= o->exact_limit && want_btw && (nwant & (BIT(NODE_CLOSENESS) | BIT(NODE_HARMONIC)))) {
        /* one search per source gives betweenness, closeness, harmonic
         * centrality and exact DF: the same bytes as igraph's subset
         * betweenness and the distance pass below, in one traversal */
        TRY(FAULT_PATH_MEASURES,
            centrality_paths(&g, &ws->btw, &ws->clo, &ws->harm, o->exec, o->paths_progress));
        have_harm = have_btw = 1;
        tock(&tm, PHASE_BETWEENNESS);
    }
    if (!have_harm && n <= o->exact_limit && (nwant & (BIT(NODE_CLOSENESS) | BIT(NODE_HARMONIC)))) {
        /* one distance pass gives closeness, harmonic centrality and exact DF */
        TRY(FAULT_CLOSENESS_HARMONIC, centrality_closeness_harmonic(&g, wt, &ws->clo, &ws->harm, o->exec));
        have_harm = 1;
        tock(&tm, PHASE_CLOSENESS);
    }
    if (want & (METRIC_BIT(METRIC_DISTANCE_FRAGMENTATION) | METRIC_BIT(METRIC_DISTANCE_FRAGMENTATION_SE))) {
        if (n >= 2 && have_harm) {
            /* exact DF is 1 - mean harmonic centrality */
            metrics[METRIC_DISTANCE_FRAGMENTATION] = 1.0 - igraph_vector_sum(&ws->harm) / (double)n;
            metrics[METRIC_DISTANCE_FRAGMENTATION_SE] = 0.0;
        } else {
            struct fragment_distance fd;
            TRY(FAULT_DISTANCE_FRAGMENTATION,
                fragment_distance(&g, wt, o->exact_limit, o->samples, rng, &fd, o->exec));
            metrics[METRIC_DISTANCE_FRAGMENTATION] = fd.value;
            metrics[METRIC_DISTANCE_FRAGMENTATION_SE] = fd.se;
        }
        tock(&tm, PHASE_DISTANCE_FRAGMENTATION);
    }
    if (want & METRIC_BIT(METRIC_WEIGHTED_FRAGMENTATION)) {
        /* weighted measures: the same quantity as distance_fragmentation */
        if (o->weighted && (want & METRIC_BIT(METRIC_DISTANCE_FRAGMENTATION))) {
            metrics[METRIC_WEIGHTED_FRAGMENTATION] = metrics[METRIC_DISTANCE_FRAGMENTATION];
        } else {
            struct fragment_distance fd;
            TRY(FAULT_DISTANCE_FRAGMENTATION, weighted_distance_fragmentation(&g, &ws->weights, o, rng, &fd));
            metrics[METRIC_WEIGHTED_FRAGMENTATION] = fd.value;
        }
        tock(&tm, PHASE_DISTANCE_FRAGMENTATION);
    }
    if (want & (METRIC_BIT(METRIC_MODULARITY) | METRIC_BIT(METRIC_COMMUNITIES))) {
        struct community_result cr;
        TRY(FAULT_COMMUNITIES, community_leiden(&g, wt, &ws->membership, &cr));
        metrics[METRIC_MODULARITY] = cr.modularity;
        metrics[METRIC_COMMUNITIES] = (double)cr.communities;
        tock(&tm, PHASE_COMMUNITIES);
    }
    if (want & METRIC_BIT(METRIC_CENTRALIZATION_DEGREE)) {
        double c;
        TRY(FAULT_CENTRALIZATION_DEGREE, centrality_centralization_degree(&g, &c));
        metrics[METRIC_CENTRALIZATION_DEGREE] = c;
        tock(&tm, PHASE_CENTRALIZATION_DEGREE);
    }
    if (want_btw) {
        if (!have_btw) {
            TRY(FAULT_BETWEENNESS, betweenness(&g, wt, o, rng, ws));
            have_btw = 1;
        }
        metrics[METRIC_CENTRALIZATION_BETWEENNESS] = centrality_centralization_betweenness(&ws->btw, n);
        tock(&tm, PHASE_BETWEENNESS);
    }
    metrics[METRIC_PATRON_COUNT] = (double)world_patron_count(w);
    metrics[METRIC_PATRON_ENTROPY] = world_patron_entropy(w);
    metrics[METRIC_MEAN_STRENGTH] = world_mean_strength(w);
    metrics[METRIC_TOTAL_FUNDING] = world_total_funding(w);
    events(w, want, metrics);
    tock(&tm, PHASE_MODEL);
    for (int m = 0; m < METRIC_COUNT; m++)
        if (!(want & METRIC_BIT(m)))
            metrics[m] = NAN;
    if (!node_values)
        goto cleanup;

    for (int i = 0; i < w->n_nodes; i++) {
        double *v = node_values + (size_t)i * NODE_METRIC_COUNT;
        v[NODE_PRESENT] = ws->node2vid[i] >= 0 ? 1.0 : 0.0;
        for (int m = 1; m < NODE_METRIC_COUNT; m++)
            v[m] = NAN;
    }
    if (nwant & (BIT(NODE_LEFT_PATRON) | BIT(NODE_LEFT_STEP)))
        for (int i = 0; i < w->n_nodes; i++) {
            /* a history: defined for every faction of step 0, active or not */
            const struct actor *a = &w->nodes[i];
            if (!a->initial || a->kind != KIND_FACTION)
                continue;
            double *v = node_values + (size_t)i * NODE_METRIC_COUNT;
            if (nwant & BIT(NODE_LEFT_PATRON))
                v[NODE_LEFT_PATRON] = a->left_step >= 0 ? 1.0 : 0.0;
            if (nwant & BIT(NODE_LEFT_STEP))
                v[NODE_LEFT_STEP] = a->left_step >= 0 ? (double)a->left_step : NAN;
        }
    if (nwant & BIT(NODE_DEGREE)) {
        TRY(FAULT_DEGREE, centrality_degree(&g, &ws->vec));
        scatter(ws, &ws->vec, node_values, NODE_DEGREE);
        tock(&tm, PHASE_DEGREE);
    }
    if (nwant & BIT(NODE_STRENGTH)) {
        TRY(FAULT_STRENGTH, centrality_strength(&g, &ws->weights, &ws->vec));
        scatter(ws, &ws->vec, node_values, NODE_STRENGTH);
        tock(&tm, PHASE_STRENGTH);
    }
    if (have_btw) {
        if (nwant & BIT(NODE_BETWEENNESS))
            scatter(ws, &ws->btw, node_values, NODE_BETWEENNESS);
        if (nwant & BIT(NODE_BETWEENNESS_NORM)) {
            TRY(FAULT_BETWEENNESS, centrality_betweenness_norm(&ws->btw, n, &ws->vec));
            scatter(ws, &ws->vec, node_values, NODE_BETWEENNESS_NORM);
        }
    }
    if (nwant & (BIT(NODE_CLOSENESS) | BIT(NODE_HARMONIC))) {
        if (have_harm) {
            if (nwant & BIT(NODE_CLOSENESS))
                scatter(ws, &ws->clo, node_values, NODE_CLOSENESS);
            if (nwant & BIT(NODE_HARMONIC))
                scatter(ws, &ws->harm, node_values, NODE_HARMONIC);
        } else {
            /* ws->btw is free again: betweenness was scattered above */
            TRY(FAULT_ESTIMATING_DISTANCES,
                estimate_distance_centrality(&g, wt, o->samples, rng, &ws->vec, &ws->btw));
            if (nwant & BIT(NODE_HARMONIC))
                scatter(ws, &ws->vec, node_values, NODE_HARMONIC);
            if (nwant & BIT(NODE_CLOSENESS))
                scatter(ws, &ws->btw, node_values, NODE_CLOSENESS);
            tock(&tm, PHASE_HARMONIC); /* one pivot pass gives both */
        }
    }
    if (nwant & BIT(NODE_EIGENVECTOR)) {
        TRY(FAULT_EIGENVECTOR, eigenvector(&g, wt, ws));
        scatter(ws, &ws->vec, node_values, NODE_EIGENVECTOR);
        tock(&tm, PHASE_EIGENVECTOR);
    }
    if (nwant & BIT(NODE_PAGERANK)) {
        TRY(FAULT_PAGERANK, pagerank(&g, wt, &ws->vec));
        scatter(ws, &ws->vec, node_values, NODE_PAGERANK);
        tock(&tm, PHASE_PAGERANK);
    }
cleanup:
    igraph_destroy(&g);
    return rc;
}

#undef TRY

static igraph_error_t key_player_scores(const struct world *w, const struct pressure *p, const igraph_t *g,
                                        double *scores, struct measure_ws *ws)
{
    igraph_integer_t n = igraph_vcount(g), cands = 0;
    igraph_vector_bool_t mask;
    igraph_vector_int_t set;
    igraph_error_t rc = igraph_vector_bool_init(&mask, n);
    if (rc)
        return rc;
    if ((rc = igraph_vector_int_init(&set, 0))) {
        igraph_vector_bool_destroy(&mask);
        return rc;
    }
    for (igraph_integer_t v = 0; v < n; v++) {
        VECTOR(mask)[v] = pressure_matches(w, p, VECTOR(ws->vid2node)[v]);
        cands += VECTOR(mask)[v];
    }
    /* the set's size: the k the pressure will hit (for strikes, its expected k rounded up) */
    double want =
        p->type == PRESSURE_STRIKES ? ceil(p->rate * (double)cands) : round(p->fraction * (double)cands);
    igraph_integer_t k = (igraph_integer_t)want;
    struct keyplayer_result kr;
    if (k > 0 && (rc = keyplayer_neg(g, k, KEYPLAYER_F, &mask, &set, &kr)) == 0) {
        igraph_integer_t got = igraph_vector_int_size(&set);
        for (igraph_integer_t j = 0; j < got; j++)
            scores[VECTOR(ws->vid2node)[VECTOR(set)[j]]] = (double)(got - j);
    }
    igraph_vector_int_destroy(&set);
    igraph_vector_bool_destroy(&mask);
    return rc;
}

int measure_scores(const struct world *w, const struct pressure *p, const struct measure_options *o,
                   igraph_rng_t *rng, double *scores, struct measure_ws *ws, struct fault *f)
{
    igraph_t g;
    if (build(w, o, &g, ws, f))
        return 1;
    igraph_error_t rc;
    const igraph_vector_t *wt = o->weighted ? &ws->weights : NULL;
    for (int i = 0; i < w->n_nodes; i++)
        scores[i] = 0.0;
    switch (p->by) {
    case BY_DEGREE: rc = centrality_degree(&g, &ws->vec); break;
    case BY_BETWEENNESS:
        rc = betweenness(&g, wt, o, rng, ws);
        if (!rc)
            rc = igraph_vector_update(&ws->vec, &ws->btw);
        break;
    case BY_PAGERANK: rc = pagerank(&g, wt, &ws->vec); break;
    case BY_KEY_PLAYER:
        rc = key_player_scores(w, p, &g, scores, ws);
        igraph_destroy(&g);
        return fault_analysis(f, rc, FAULT_SCORING_TARGETS);
    default: rc = IGRAPH_UNIMPLEMENTED; break;
    }
    if (rc == IGRAPH_SUCCESS)
        for (igraph_integer_t v = 0; v < igraph_vcount(&g); v++)
            scores[VECTOR(ws->vid2node)[v]] = VECTOR(ws->vec)[v];
    igraph_destroy(&g);
    return fault_analysis(f, rc, FAULT_SCORING_TARGETS);
}

int measure_graph(const struct world *w, const struct measure_options *o, igraph_t *g, struct measure_ws *ws,
                  struct fault *f)
{
    return build(w, o, g, ws, f);
}

int measure_key_players(const struct world *w, const struct measure_options *o, int k, int *nodes, int *n_out,
                        double *before, double *after, struct measure_ws *ws, struct fault *f)
{
    igraph_t g;
    if (build(w, o, &g, ws, f))
        return 1;
    igraph_error_t rc;
    igraph_vector_int_t set;
    struct keyplayer_result kr;
    *n_out = 0;
    if ((rc = igraph_vector_int_init(&set, 0)) == 0) {
        rc = keyplayer_neg_monitored(&g, k, KEYPLAYER_F, NULL, &set, &kr, o->kp_monitor);
        if (!rc) {
            for (igraph_integer_t j = 0; j < igraph_vector_int_size(&set) && j < k; j++)
                nodes[(*n_out)++] = VECTOR(ws->vid2node)[VECTOR(set)[j]];
            *before = kr.before;
            *after = kr.value;
        }
        igraph_vector_int_destroy(&set);
    }
    igraph_destroy(&g);
    return fault_analysis(f, rc, FAULT_KEY_PLAYERS);
}
