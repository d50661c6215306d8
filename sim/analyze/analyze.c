/* sim/analyze/analyze.c - measures of one static network, written as nodes.csv and graph.csv.
 * Reuses the Monte Carlo measurement (sim/engine/measure.c) on the network's step-0
 * world, so `analyze` and `run` compute every measure the same way. meta.json
 * records the analysis (command "analyze"), so that `compare` and `plot`
 * know the directory for one.
 */
#include "sim/analyze/analyze.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <omp.h>

#include "sim/analyze/report.h"
#include "sim/analyze/feedback.h"
#include "sim/output/atomicfile.h"
#include "sim/output/csvout.h"
#include "sim/output/meta.h"
#include "sim/output/outdir.h"
#include "sim/output/schema.h"
#include "sim/engine/measure.h"
#include "sim/engine/exec.h"
#include "sim/engine/rng.h"

/* Graph-level metrics that apply to a static network (model state excluded). */
static const int graph_metrics[] = {
    METRIC_NODES,
    METRIC_EDGES,
    METRIC_DENSITY,
    METRIC_COMPONENTS,
    METRIC_GIANT_FRACTION,
    METRIC_FRAGMENTATION,
    METRIC_DISTANCE_FRAGMENTATION,
    METRIC_DISTANCE_FRAGMENTATION_SE,
    METRIC_MODULARITY,
    METRIC_COMMUNITIES,
    METRIC_CENTRALIZATION_DEGREE,
    METRIC_CENTRALIZATION_BETWEENNESS,
};
#define N_GRAPH_METRICS (sizeof graph_metrics / sizeof graph_metrics[0])

/* What analyze writes, then what a run leaves: a directory holding any of
 * them is not written into without --force (a run's nodes.csv would be
 * replaced by the analysis's). */
static const char *const analysis_files[] = {"nodes.csv",     "graph.csv",   "key_players.csv",
                                             "brokerage.csv", "impact.csv",  "key_entities.csv",
                                             "REPORT.md",     "network.png", "meta.json"};
static const char *const run_files[] = {"summary.csv", "final.csv", "replicas.csv", "patrons.csv",
                                        "comparison.csv"};

static int refuse_results(const char *dir, struct diag *d)
{
    for (size_t i = 0;
         i < sizeof analysis_files / sizeof analysis_files[0] + sizeof run_files / sizeof run_files[0]; i++) {
        size_t na = sizeof analysis_files / sizeof analysis_files[0];
        const char *name = i < na ? analysis_files[i] : run_files[i - na];
        char *path = atomicfile_pathf("%s/%s", dir, name);
        struct stat st;
        if (!path)
            return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        int found = lstat(path, &st) == 0;
        free(path);
        if (found)
            return diag_set(d, DIAG_INPUT, NULL, 0, 0,
                            "'%s' already holds results (%s); use --force to replace them or -o for another "
                            "directory",
                            dir, name);
    }
    return DIAG_OK;
}

/* Node order for the report: betweenness descending, then index. */
struct ranked {
    double key;
    int node;
};

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return (x->node > y->node) - (x->node < y->node);
}

static int write_nodes(const struct scenario *s, const double *nv, const char *dir, struct diag *d)
{
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "nodes.csv", d);
    if (rc)
        return rc;
    schema_write_header(af.f, &schema_analyze_nodes);
    for (int i = 0; i < s->world.n_nodes; i++) {
        if (!s->world.nodes[i].active || !(s->measure.kind_mask & (1u << s->world.nodes[i].kind)))
            continue;
        struct schema_row w;
        schema_row_begin(&w, af.f, &schema_analyze_nodes);
        schema_row_text(&w, s->ids[i]);
        schema_row_text(&w, s->labels[i]);
        schema_row_text(&w, world_kind_name(s->world.nodes[i].kind));
        /* the measure columns follow measure.h's order (tests/sim/test_schema.c) */
        for (int m = NODE_DEGREE; m < NODE_GRAPH_END; m++)
            schema_row_number(&w, nv[(size_t)i * NODE_METRIC_COUNT + (size_t)m]);
        schema_row_end(&w);
    }
    return atomicfile_commit(&af, d);
}

static int write_graph(const double *metrics, int kp, double kp_frag, const struct report *rep,
                       const char *dir, struct diag *d)
{
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "graph.csv", d);
    if (rc)
        return rc;
    schema_write_header(af.f, &schema_graph);
    struct schema_row w;
    for (size_t j = 0; j < N_GRAPH_METRICS; j++) {
        schema_row_begin(&w, af.f, &schema_graph);
        schema_row_text(&w, measure_metric_name(graph_metrics[j]));
        schema_row_number(&w, metrics[graph_metrics[j]]);
        schema_row_end(&w);
    }
    if (kp) {
        schema_row_begin(&w, af.f, &schema_graph);
        schema_row_text(&w, "key_player_fragmentation");
        schema_row_number(&w, kp_frag);
        schema_row_end(&w);
        schema_row_begin(&w, af.f, &schema_graph);
        schema_row_text(&w, "key_player_reach");
        schema_row_number(&w, rep->pos_reach);
        schema_row_end(&w);
        schema_row_begin(&w, af.f, &schema_graph);
        schema_row_text(&w, "key_player_weighted_reach");
        schema_row_number(&w, rep->pos_weighted);
        schema_row_end(&w);
    }
    return atomicfile_commit(&af, d);
}

/* KPP-Neg's set, then KPP-Pos's, each in the order found. */
static int write_key_players(const struct scenario *s, const int *set, int n, const struct report *rep,
                             const char *dir, struct diag *d)
{
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "key_players.csv", d);
    if (rc)
        return rc;
    schema_write_header(af.f, &schema_key_players);
    for (int p = 0; p < 2; p++)
        for (int j = 0; j < (p ? rep->n_pos : n); j++) {
            int i = p ? rep->pos_set[j] : set[j];
            struct schema_row w;
            schema_row_begin(&w, af.f, &schema_key_players);
            schema_row_text(&w, s->ids[i]);
            schema_row_text(&w, s->labels[i]);
            schema_row_text(&w, p ? "pos" : "neg");
            schema_row_end(&w);
        }
    return atomicfile_commit(&af, d);
}

/* Drops the last component of path p (trailing slashes first); 0 when
 * nothing is left above it ("out", "/out"). */
static int strip_last(char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    char *slash = strrchr(p, '/');
    if (!slash || slash == p)
        return 0;
    *slash = '\0';
    return 1;
}

/* The shallowest directory of dir's path that does not exist yet (all of
 * dir's missing ancestors lie between it and dir), or NULL when dir exists
 * (or on no memory: then nothing is removed). */
static char *first_missing(const char *dir)
{
    char *p = strdup(dir), *missing = NULL;
    struct stat st;
    while (p && lstat(p, &st) != 0 && errno == ENOENT) {
        free(missing);
        missing = strdup(p);
        if (!missing || !strip_last(p))
            break;
    }
    free(p);
    return missing;
}

/* Remove dir and its ancestors up to `top` (first_missing), if empty:
 * rmdir never removes what another process put there meanwhile. */
static void remove_made(const char *dir, const char *top)
{
    char *p = strdup(dir);
    if (!p)
        return;
    for (;;) {
        if (rmdir(p) != 0 || strcmp(p, top) == 0 || !strip_last(p))
            break;
    }
    free(p);
}

/* A SIGINT or SIGTERM since the start: DIAG_INTERRUPTED naming the step. */
static int stopped(const struct analyze_request *req, const char *step, struct diag *d)
{
    if (!req->stop || !*req->stop)
        return DIAG_OK;
    return diag_set(d, DIAG_INTERRUPTED, req->input, 0, 0, "interrupted while %s", step);
}

int analyze_execute(const struct analyze_request *req, FILE *report, FILE *timings, struct diag *d)
{
    struct scenario s;
    struct measure_ws ws;
    struct rng_stream rng;
    int have_ws = 0, have_rng = 0, rc;
    double *nv = NULL, metrics[METRIC_COUNT], seconds[PHASE_COUNT] = {0};
    int *set = NULL, n_set = 0;
    struct ranked *r = NULL;
    double kp_before = 0, kp_after = 0, kp_seconds = 0;
    char *dir = NULL, *made = NULL;
    struct report rep;
    int have_rep = 0;
    int impact_by = REPORT_BETWEENNESS;
    struct feedback fb;
    struct outdir_lock lock;
    outdir_lock_init(&lock);
    igraph_rng_t saved = *igraph_rng_default();
    struct meta_analysis meta = {.version = req->version,
                                 .commit = req->commit,
                                 .argc = req->argc,
                                 .argv = req->argv,
                                 .input = req->input,
                                 .seed = req->seed,
                                 .key_players = req->key_players,
                                 .kpp_distance = req->kpp_distance > 0 ? req->kpp_distance : 1,
                                 .impact = req->impact ? req->impact_top : -1,
                                 .weighted = req->weighted,
                                 .exact_limit = req->exact_limit > 0 ? req->exact_limit : ANALYZE_EXACT_LIMIT,
                                 .samples = req->samples > 0 ? req->samples : MEASURE_SAMPLES,
                                 .threads = omp_get_max_threads()};
    clock_gettime(CLOCK_REALTIME, &meta.started);

    rc = scenario_is_network_file(req->input) || req->network.format
             ? scenario_load_network(&s, req->input, &req->network, req->limits, d)
             : scenario_load(&s, req->input, NULL, 0, req->limits, d);
    if (rc)
        return rc;
    /* what the import read otherwise than written (sim/load/import.h), on
     * notes as the key-player estimate (none with --quiet) */
    for (const char *c = s.notes; req->notes && c && *c;) {
        size_t k = strcspn(c, "\n");
        fprintf(req->notes, "infnet: note: %.*s\n", (int)k, c);
        c += k + (c[k] == '\n');
    }
    if (req->impact)
        meta.impact_by = req->impact_by ? req->impact_by : "betweenness";
    if (req->impact_by && (impact_by = report_measure_find(req->impact_by)) < 0) {
        rc =
            diag_set(d, DIAG_INPUT, NULL, 0, 0,
                     "--impact-by: unknown measure '%s' (degree, strength, betweenness, closeness, harmonic, "
                     "eigenvector, pagerank, constraint, effective_size, brokerage)",
                     req->impact_by);
        scenario_destroy(&s);
        return rc;
    }
    int n_active = 0;
    for (int i = 0; i < s.world.n_nodes; i++)
        n_active += s.world.nodes[i].active != 0;
    if (req->key_players > n_active) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "--key-players %d asks for more key players than '%s' has nodes (%d)", req->key_players,
                      req->input, n_active);
        scenario_destroy(&s);
        return rc;
    }
    if (req->outdir) {
        dir = strdup(req->outdir);
    } else {
        size_t n = strlen(s.name) + sizeof "out/analyze-";
        if ((dir = malloc(n)))
            snprintf(dir, n, "out/analyze-%s", s.name);
    }
    if (!dir) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    feedback_init(&fb, s.name, req->progress, req->notes);
    if ((rc = stopped(req, "loading the network", d)))
        goto cleanup;
    made = first_missing(dir);
    if ((rc = outdir_lock(&lock, dir, "infnet analyze", d)))
        goto cleanup;
    if (!req->force && (rc = refuse_results(dir, d)))
        goto cleanup;
    if (measure_ws_init(&ws)) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    have_ws = 1;
    if (rng_stream_init(&rng)) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    have_rng = 1;
    rng_stream_seed_with(&rng, rng_stream_seed(req->seed, s.name, 0));
    igraph_rng_set_default(&rng.ig); /* Leiden draws from the default stream */

    struct measure_options mo;
    measure_options_default(&mo);
    mo.weighted = req->weighted;
    mo.exact_limit = req->exact_limit > 0 ? req->exact_limit : ANALYZE_EXACT_LIMIT;
    mo.samples = req->samples > 0 ? req->samples : MEASURE_SAMPLES;
    /* a scenario's measured network (outputs.network_kinds, network_ties) */
    mo.kind_mask = s.measure.kind_mask;
    mo.tie_mask = s.measure.tie_mask;
    /* one network: its path measures' parts on every thread */
    struct parts_exec exec = exec_openmp(omp_get_max_threads());
    mo.exec = &exec;
    mo.paths_progress = &fb.paths;
    mo.kp_monitor = &fb.kp;
    nv = malloc((size_t)s.world.n_nodes * NODE_METRIC_COUNT * sizeof *nv + 1);
    if (!nv) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory for %d nodes", s.world.n_nodes);
        goto cleanup;
    }
    struct fault f;
    fault_clear(&f);
    feedback_begin(&fb);
    rc = measure_world_timed(&s.world, &mo, &rng.ig, metrics, nv, &ws, timings ? seconds : NULL, &f);
    feedback_end(&fb);
    if (rc) {
        rc = diag_from_fault(d, &f, req->input, NULL);
        goto cleanup;
    }
    report_init(&rep, &s, nv);
    have_rep = 1;
    if ((rc = stopped(req, "measuring the network", d)))
        goto cleanup;
    if (report_compute_brokerage(&rep, &mo, &ws, &f)) {
        rc = diag_from_fault(d, &f, req->input, NULL);
        goto cleanup;
    }
    if ((rc = stopped(req, "measuring brokerage", d)))
        goto cleanup;
    if (req->key_players > 0) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        set = malloc((size_t)req->key_players * sizeof *set);
        if (!set) {
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
            goto cleanup;
        }
        feedback_key_players(&fb, req->key_players, (long)metrics[METRIC_NODES]);
        feedback_begin(&fb);
        rc =
            measure_key_players(&s.world, &mo, req->key_players, set, &n_set, &kp_before, &kp_after, &ws, &f);
        feedback_end(&fb);
        if (rc) {
            rc = diag_from_fault(d, &f, req->input, NULL);
            goto cleanup;
        }
        if ((rc = stopped(req, "finding key players", d)))
            goto cleanup;
        /* KPP-Pos: the same progress line (the estimate was given once) */
        feedback_begin(&fb);
        rc = report_compute_kpp_pos(&rep, &mo, &ws, req->key_players,
                                    req->kpp_distance > 0 ? req->kpp_distance : 1, &f);
        feedback_end(&fb);
        if (rc) {
            rc = diag_from_fault(d, &f, req->input, NULL);
            goto cleanup;
        }
        if ((rc = stopped(req, "finding reaching players", d)))
            goto cleanup;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        kp_seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    }
    if (req->impact) {
        feedback_begin(&fb);
        rc = report_compute_impact(&rep, &s.world, &mo, &rng, rng_stream_seed(req->seed, s.name, 0),
                                   req->impact_top, impact_by, &ws, req->stop, &fb, req->input, d);
        feedback_end(&fb);
        if (rc)
            goto cleanup;
    }
    /* the report's memory before any file is written: once meta.json says
     * complete, nothing may fail */
    if (report && !(r = malloc(((size_t)s.world.n_nodes + 1) * sizeof *r))) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    /* --force: nothing of another command's stays beside the analysis (a
     * run's summary.csv and meta.json, an earlier analysis's key_players.csv) */
    if (req->force) {
        const char *keep[9] = {"nodes.csv",        "graph.csv", "brokerage.csv",
                               "key_entities.csv", "REPORT.md", "network.png"};
        size_t n_keep = 6;
        if (req->key_players > 0)
            keep[n_keep++] = "key_players.csv";
        if (req->impact)
            keep[n_keep++] = "impact.csv";
        if ((rc = outdir_clear(dir, keep, n_keep, d)))
            goto cleanup;
    }
    /* the picture first: REPORT.md says whether there is one */
    if ((rc = report_draw_network(&rep, &mo, &ws, req->top, dir, req->stop, d)))
        goto cleanup;
    clock_gettime(CLOCK_REALTIME, &meta.finished);
    meta.wall_seconds = (double)(meta.finished.tv_sec - meta.started.tv_sec) +
                        1e-9 * (double)(meta.finished.tv_nsec - meta.started.tv_nsec);
    if ((rc = write_nodes(&s, nv, dir, d)) ||
        (rc = write_graph(metrics, req->key_players > 0, kp_after, &rep, dir, d)) ||
        (req->key_players > 0 && (rc = write_key_players(&s, set, n_set, &rep, dir, d))) ||
        (rc = report_write_brokerage(&rep, dir, d)) ||
        (req->impact && (rc = report_write_impact(&rep, dir, d))) ||
        (rc = report_write_key_entities(&rep, req->top, dir, d)) ||
        (rc = report_write_markdown(&rep, metrics, set, n_set, kp_before, kp_after, req->top, dir, d)) ||
        (rc = meta_write_analysis(dir, &meta, &s, d))) {
        /* all or none: take back the files already written */
        for (size_t i = 0; i < sizeof analysis_files / sizeof analysis_files[0]; i++) {
            char *path = atomicfile_pathf("%s/%s", dir, analysis_files[i]);
            if (path)
                unlink(path);
            free(path);
        }
        goto cleanup;
    }
    if (timings) {
        for (int ph = 0; ph < PHASE_COUNT; ph++)
            if (ph != PHASE_MODEL)
                fprintf(timings, "%-26s %10.4f s\n", measure_phase_name(ph), seconds[ph]);
        if (req->key_players > 0)
            fprintf(timings, "%-26s %10.4f s\n", "key_players", kp_seconds);
    }
    if (report && ws.eigen_unconverged)
        fprintf(report, "warning: eigenvector centrality did not converge within ARPACK's iteration limit; "
                        "its column in nodes.csv is empty\n");
    if (report) {
        int n = 0;
        for (int i = 0; i < s.world.n_nodes; i++)
            if (s.world.nodes[i].active && (s.measure.kind_mask & (1u << s.world.nodes[i].kind)))
                r[n++] = (struct ranked){nv[(size_t)i * NODE_METRIC_COUNT + NODE_BETWEENNESS], i};
        qsort(r, (size_t)n, sizeof *r, cmp_ranked);
        fprintf(report,
                "%s: %.0f nodes, %.0f edges, %.0f components, fragmentation %.4f, "
                "distance fragmentation %.4f%s\n",
                s.name, metrics[METRIC_NODES], metrics[METRIC_EDGES], metrics[METRIC_COMPONENTS],
                metrics[METRIC_FRAGMENTATION], metrics[METRIC_DISTANCE_FRAGMENTATION],
                metrics[METRIC_DISTANCE_FRAGMENTATION_SE] > 0 ? " (sampled)" : "");
        fprintf(report, "top %d by betweenness:\n", n < req->top ? n : req->top);
        for (int j = 0; j < n && j < req->top; j++)
            fprintf(report, "  %-24s %-12s %14.4f\n", s.ids[r[j].node],
                    world_kind_name(s.world.nodes[r[j].node].kind), r[j].key);
        if (req->key_players > 0) {
            fprintf(report, "key players (k = %d), fragmentation %.4f -> %.4f:", req->key_players, kp_before,
                    kp_after);
            for (int j = 0; j < n_set; j++)
                fprintf(report, " %s", s.ids[set[j]]);
            fputc('\n', report);
            fprintf(report, "reaching players (k = %d, distance %d), reach %.4f:", req->key_players,
                    req->kpp_distance > 0 ? req->kpp_distance : 1, rep.pos_reach);
            for (int j = 0; j < rep.n_pos; j++)
                fprintf(report, " %s", s.ids[rep.pos_set[j]]);
            fputc('\n', report);
        }
        if (!rep.picture)
            fprintf(report, "no picture of the network: %s\n", rep.picture_note);
        fprintf(report, "wrote %s/nodes.csv, graph.csv, brokerage.csv, key_entities.csv%s%s, REPORT.md%s\n",
                dir, req->key_players > 0 ? ", key_players.csv" : "", req->impact ? ", impact.csv" : "",
                rep.picture ? " and network.png" : "");
    }
cleanup:
    outdir_unlock(&lock);
    /* nothing of a failed analysis stays: not even the directories it made */
    if (rc && made)
        remove_made(dir, made);
    free(made);
    igraph_rng_set_default(&saved);
    if (have_rng)
        rng_stream_destroy(&rng);
    if (have_ws)
        measure_ws_destroy(&ws);
    if (have_rep)
        report_destroy(&rep);
    free(nv);
    free(set);
    free(r);
    free(dir);
    scenario_destroy(&s);
    return rc;
}
