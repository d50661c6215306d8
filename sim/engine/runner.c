/* sim/engine/runner.c - parallel Monte Carlo replicas with ordered, streaming aggregation.
 *
 * Invariants: replica r always draws from rng_stream_seed(seed, name, r);
 * records are folded strictly in replica order; a batch never holds more
 * than RUNNER_BATCH_BYTES of records. Every thread computes replicas, then
 * the threads fold blocks of the statistics cells (each cell still gets its
 * values in replica order). With several ranks (sim/engine/ranks.c) each rank
 * computes a contiguous share of a batch, gathered on rank 0 before it is
 * folded; only rank 0 folds and writes, so it takes a smaller share, sized
 * from the last batch's timings. Which rank or thread computes a replica
 * never changes its values, so batch sizes and shares may follow the clock
 * while the outputs stay byte-identical.
 * Replicas are parallel here; inside a replica the path measures run their
 * parts one after another (analysis/parts.c). MPI is only in ranks.c.
 * runner_run is one parallel region, run_batches, made of functions of one
 * job each, called by every thread (workers_start, batch_compute,
 * batch_fold) or by one (batch_share: gather, agree on a stop, decide and
 * schedule the next batch; batch_folded: snapshot and checkpoint); their
 * shared state is struct run, written between barriers.
 */
#include "sim/engine/runner.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <igraph.h>

#include "analysis/stats.h"
#include "models/dynamics.h"
#include "models/events.h"
#include "models/pressure.h"
#include "sim/engine/measure.h"
#include "sim/engine/ranks.h"
#include "sim/engine/rng.h"
#include "sim/output/schema.h"
#include "sim/output/snapshot.h"
#include "sim/util/interrupt.h"

/* Bytes of exactly kept values per statistics table, and the fewest values
 * a cell keeps exactly whatever the table's size. summary.csv, the table
 * read most, gets the larger share; together they are the memory that
 * grows with the replica count before it stops (docs/OUTPUTS.md). */
#define RUNNER_EXACT_BUDGET_SUMMARY ((size_t)2 << 20)
#define RUNNER_EXACT_BUDGET_NODES ((size_t)1 << 20)
#define RUNNER_EXACT_MIN 32
/* Fewest cells folded by one thread in one go (a block of a record's values). */
#define RUNNER_FOLD_BLOCK_MIN 16
/* Replicas per thread in one batch: the first batch has the fewest; later
 * ones are sized to take about RUNNER_BATCH_SECONDS (so that a signal is
 * answered soon and checkpoints come often), up to the most. */
#define RUNNER_BATCH_MIN_PER_THREAD 4
#define RUNNER_BATCH_MAX_PER_THREAD 128
#define RUNNER_BATCH_SECONDS 0.5
/* Memory of one batch of records (bytes). Above RUNNER_BATCH_SOFT_BYTES a
 * batch holds no more than RUNNER_BATCH_SOFT_PER_THREAD records per worker
 * (small beside the statistics' budgets, so that the batch adds little to
 * the memory that grows with the replica count, yet enough records per
 * worker to even out unequal replica times); above RUNNER_BATCH_BYTES, one
 * per worker. */
#define RUNNER_BATCH_SOFT_BYTES ((size_t)1 << 20)
#define RUNNER_BATCH_SOFT_PER_THREAD 8
#define RUNNER_BATCH_RANKS_FACTOR 8
#define RUNNER_BATCH_BYTES ((size_t)256 << 20)

/* The quantiles of summary.csv and nodes.csv are those their columns declare (sim/output/schema.h). */
#define N_SUMMARY_Q SCHEMA_SUMMARY_Q
#define N_NODE_Q SCHEMA_NODES_Q

/* ---- output files ---------------------------------------------------- */

int runner_files_open(struct run_files *rf, const char *dir, int per_replica, struct diag *d)
{
    memset(rf, 0, sizeof *rf);
    rf->dir = strdup(dir);
    rf->per_replica = per_replica;
    if (!rf->dir)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    if (atomicfile_open(&rf->summary, dir, "summary.csv", d) ||
        atomicfile_open(&rf->final, dir, "final.csv", d) ||
        atomicfile_open(&rf->nodes, dir, "nodes.csv", d) ||
        (per_replica && atomicfile_open(&rf->replicas, dir, "replicas.csv", d)) ||
        atomicfile_open(&rf->patrons, dir, schema_patrons.file, d)) {
        runner_files_abort(rf);
        return d->code;
    }
    schema_write_header(rf->summary.f, &schema_summary);
    schema_write_header(rf->final.f, &schema_final);
    schema_write_header(rf->nodes.f, &schema_nodes);
    if (per_replica)
        schema_write_header(rf->replicas.f, &schema_replicas);
    schema_write_header(rf->patrons.f, &schema_patrons);
    return DIAG_OK;
}

int runner_files_resume(struct run_files *rf, const char *dir, int per_replica,
                        const long len[RUNNER_STREAMS], struct diag *d)
{
    memset(rf, 0, sizeof *rf);
    rf->dir = strdup(dir);
    rf->per_replica = per_replica;
    if (!rf->dir)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    if (atomicfile_resume(&rf->summary, dir, "summary.csv", len[0], d) ||
        atomicfile_resume(&rf->final, dir, "final.csv", len[1], d) ||
        atomicfile_resume(&rf->nodes, dir, "nodes.csv", len[2], d) ||
        (per_replica && atomicfile_resume(&rf->replicas, dir, "replicas.csv", len[3], d)) ||
        atomicfile_resume(&rf->patrons, dir, schema_patrons.file, len[4], d)) {
        runner_files_abort(rf);
        return d->code;
    }
    return DIAG_OK;
}

int runner_files_sync(struct run_files *rf, long len[RUNNER_STREAMS], struct diag *d)
{
    struct atomicfile *f[RUNNER_STREAMS] = {&rf->summary, &rf->final, &rf->nodes, &rf->replicas,
                                            &rf->patrons};
    for (int i = 0; i < RUNNER_STREAMS; i++) {
        len[i] = 0;
        if (!f[i]->f)
            continue;
        if (fflush(f[i]->f) != 0 || ferror(f[i]->f) || fsync(fileno(f[i]->f)) != 0)
            return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", f[i]->tmp, strerror(errno));
        len[i] = ftell(f[i]->f);
    }
    return DIAG_OK;
}

int runner_files_commit(struct run_files *rf, struct diag *d)
{
    /* A file that fails takes back the ones already renamed: all or none. */
    struct atomicfile *f[RUNNER_STREAMS] = {&rf->summary, &rf->final, &rf->nodes, &rf->patrons,
                                            &rf->replicas};
    char *done[RUNNER_STREAMS] = {NULL};
    int rc = DIAG_OK, n = rf->per_replica ? RUNNER_STREAMS : RUNNER_STREAMS - 1;
    for (int i = 0; i < n && !rc; i++) {
        done[i] = f[i]->path ? strdup(f[i]->path) : NULL;
        rc = atomicfile_commit(f[i], d);
        if (rc) {
            free(done[i]);
            done[i] = NULL;
        }
    }
    for (int i = 0; i < n; i++) {
        if (rc && done[i])
            unlink(done[i]);
        free(done[i]);
    }
    if (rc)
        runner_files_abort(rf);
    free(rf->dir);
    rf->dir = NULL;
    return rc;
}

void runner_files_unlink(const char *dir)
{
    static const char *const names[] = {"summary.csv", "final.csv", "nodes.csv", "replicas.csv",
                                        "patrons.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = atomicfile_pathf("%s/%s", dir, names[i]);
        if (!path)
            continue; /* out of memory: the file stays (meta.json, absent, marks it incomplete) */
        unlink(path);
        free(path);
    }
}

void runner_files_abort(struct run_files *rf)
{
    atomicfile_abort(&rf->summary);
    atomicfile_abort(&rf->final);
    atomicfile_abort(&rf->nodes);
    atomicfile_abort(&rf->replicas);
    atomicfile_abort(&rf->patrons);
    free(rf->dir);
    rf->dir = NULL;
}

/* ---- plan: which steps are recorded, which get node statistics ------- */

struct plan {
    int n_rec;          /* recorded steps */
    int *rec_step;      /* [n_rec] */
    int *rec_index;     /* [steps+1]: index into rec_step or -1 */
    int *node_index;    /* [steps+1]: index into s->node_steps or -1 */
    int *snap_index;    /* [steps+1]: index into s->snapshots or -1 */
    size_t metric_vals; /* n_rec * METRIC_COUNT */
    size_t node_vals;   /* n_node_steps * n_nodes * NODE_METRIC_COUNT */
    /* patrons.csv: a record ends with n_rec * n_factions values, each
     * faction's agency slot at a recorded step (PATRON_NONE, PATRON_INACTIVE) */
    int n_factions;
    int *faction;   /* [n_factions]: node indices */
    int *agency_of; /* [n_nodes]: a node's agency slot, or -1 */
    size_t patron_vals;
};

/* What a record holds for a faction without a patron, and for one not active. */
#define PATRON_NONE (-1.0)
#define PATRON_INACTIVE (-2.0)

static void plan_destroy(struct plan *p)
{
    free(p->rec_step);
    free(p->rec_index);
    free(p->node_index);
    free(p->snap_index);
    free(p->faction);
    free(p->agency_of);
    memset(p, 0, sizeof *p);
}

static int plan_init(struct plan *p, const struct scenario *s)
{
    memset(p, 0, sizeof *p);
    size_t T = (size_t)s->steps + 1;
    p->rec_step = malloc(T * sizeof *p->rec_step);
    p->rec_index = malloc(T * sizeof *p->rec_index);
    p->node_index = malloc(T * sizeof *p->node_index);
    p->snap_index = malloc(T * sizeof *p->snap_index);
    if (!p->rec_step || !p->rec_index || !p->node_index || !p->snap_index) {
        plan_destroy(p);
        return -1;
    }
    for (int t = 0; t <= s->steps; t++) {
        p->rec_index[t] = -1;
        p->node_index[t] = -1;
        p->snap_index[t] = -1;
        if (scenario_records(s, t)) {
            p->rec_index[t] = p->n_rec;
            p->rec_step[p->n_rec++] = t;
        }
    }
    for (int k = 0; k < s->n_node_steps; k++)
        p->node_index[s->node_steps[k]] = k;
    for (int k = 0; k < s->n_snapshots; k++)
        p->snap_index[s->snapshots[k]] = k;
    p->metric_vals = (size_t)p->n_rec * METRIC_COUNT;
    p->node_vals = (size_t)s->n_node_steps * (size_t)s->world.n_nodes * NODE_METRIC_COUNT;
    size_t N = (size_t)s->world.n_nodes;
    p->faction = malloc((N + 1) * sizeof *p->faction);
    p->agency_of = malloc((N + 1) * sizeof *p->agency_of);
    if (!p->faction || !p->agency_of) {
        plan_destroy(p);
        return -1;
    }
    int n_ag = 0;
    for (int i = 0; i < s->world.n_nodes; i++)
        p->agency_of[i] = s->world.nodes[i].kind == KIND_AGENCY ? n_ag++ : -1;
    /* none without agencies (every faction's patron would be none) or
     * with outputs.patrons false */
    for (int i = 0; i < s->world.n_nodes && n_ag > 0 && s->patrons; i++)
        if (s->world.nodes[i].kind == KIND_FACTION)
            p->faction[p->n_factions++] = i;
    p->patron_vals = (size_t)p->n_rec * (size_t)p->n_factions;
    return 0;
}

long runner_summary_cell(const struct scenario *s, int t, int m)
{
    if (t < 0 || t > s->steps || m < 0 || m >= METRIC_COUNT || !scenario_records(s, t))
        return -1;
    long k = 0;
    for (int u = 0; u < t; u++)
        k += scenario_records(s, u);
    return k * METRIC_COUNT + m;
}

/* ---- one worker: the state a thread reuses for all its replicas ------ */

struct worker {
    struct world world;
    struct dynamics_ws dws;
    struct pressure_ws pws;
    struct measure_ws mws;
    struct rng_stream rng;
    double *scores;
    igraph_rng_t saved_default;
    igraph_error_handler_t *saved_error;
    igraph_warning_handler_t *saved_warning;
    struct interrupt_saved saved_interrupt;
    const volatile sig_atomic_t *stop;                    /* the run's stop flag, or NULL */
    const char *key;                                      /* the streams' key (runner_options.stream_key) */
    const struct scenario *(*variant)(void *ctx, long r); /* runner_options.variant */
    void *variant_ctx;
    int handlers; /* igraph's handlers set (and to restore) */
    int ok;
};

static int worker_init(struct worker *wk, const struct scenario *s)
{
    memset(wk, 0, sizeof *wk);
    wk->key = s->name;
    world_init(&wk->world);
    dynamics_ws_init(&wk->dws);
    pressure_ws_init(&wk->pws);
    /* igraph keeps its error handlers per thread, and a new thread starts
     * with the default one, which aborts: they are set before the first
     * igraph allocation, so that memory running out in this thread's
     * workspaces is a status like any other, not SIGABRT. A signal stops
     * igraph's long loops on this thread too. */
    wk->saved_error = igraph_set_error_handler(igraph_error_handler_ignore);
    wk->saved_warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
    interrupt_igraph_attach(&wk->saved_interrupt);
    wk->handlers = 1;
    if (measure_ws_init(&wk->mws))
        return -1;
    if (rng_stream_init(&wk->rng))
        return -1;
    wk->scores = malloc(((size_t)s->world.n_nodes + 1) * sizeof *wk->scores);
    if (!wk->scores)
        return -1;
    /* igraph keeps its default RNG per thread too. The default is a copy of
     * the stream's handle (same state), taken after a first seeding:
     * igraph's RNG_BEGIN reseeds an unseeded default from the clock, which
     * would break reproducibility. */
    wk->saved_default = *igraph_rng_default();
    rng_stream_seed_with(&wk->rng, 0);
    igraph_rng_set_default(&wk->rng.ig);
    wk->ok = 1;
    return 0;
}

static void worker_destroy(struct worker *wk)
{
    if (wk->ok)
        igraph_rng_set_default(&wk->saved_default);
    world_destroy(&wk->world);
    dynamics_ws_destroy(&wk->dws);
    pressure_ws_destroy(&wk->pws);
    measure_ws_destroy(&wk->mws);
    rng_stream_destroy(&wk->rng);
    free(wk->scores);
    wk->scores = NULL;
    if (wk->handlers) {
        interrupt_igraph_detach(&wk->saved_interrupt);
        igraph_set_error_handler(wk->saved_error);
        igraph_set_warning_handler(wk->saved_warning);
    }
}

/* The patrons of the factions of w at recorded step ri into pat (the
 * record's patrons.csv part). */
static void record_patrons(const struct world *w, const struct plan *pl, int ri, double *pat)
{
    double *v = pat + (size_t)ri * (size_t)pl->n_factions;
    for (int j = 0; j < pl->n_factions; j++) {
        const struct actor *a = &w->nodes[pl->faction[j]];
        int slot = a->patron >= 0 && a->patron < w->n_nodes ? pl->agency_of[a->patron] : -1;
        v[j] = !a->active ? PATRON_INACTIVE : slot < 0 ? PATRON_NONE : (double)slot;
    }
}

/* Run replica r; fill its metric, node and patron records; copy snapshots when given.
 * The replica simulates the worker's variant for r when it has one (its
 * world, parameters, pressures, events and measures), in s's plan with s's
 * stream. Returns 0, or the failure as fault_pack() packs it (sim/util/diag.h). */
static int run_replica(const struct scenario *base, const struct plan *pl, long r, struct worker *wk,
                       double *metrics, double *nodes, struct world *snaps)
{
    const struct scenario *s = wk->variant ? wk->variant(wk->variant_ctx, r) : base;
    struct fault f;
    fault_clear(&f);
    if (wk->stop && *wk->stop) {
        /* stopping: a replica not yet begun is not begun (its igraph calls
         * would each return at once, interrupted) */
        fault_analysis(&f, IGRAPH_INTERRUPTED, FAULT_COPYING_WORLD);
        return fault_pack(&f);
    }
    rng_stream_seed_with(&wk->rng, rng_stream_seed(base->seed, wk->key, (uint64_t)r));
    int rc = fault_model(&f, world_copy(&wk->world, &s->world), FAULT_COPYING_WORLD);
    if (!rc)
        rc = fault_model(&f, dynamics_ws_prepare(&wk->dws, &wk->world), FAULT_PREPARING_DYNAMICS);
    for (int t = 0; !rc && t <= base->steps; t++) {
        world_begin_step(&wk->world, t);
        rc = fault_model(&f, events_apply(&wk->world, s->events, s->n_events, t), FAULT_APPLYING_EVENTS);
        if (rc) {
            f.step = t;
            break;
        }
        pressure_begin_step(&wk->world, &wk->pws);
        for (int k = 0; !rc && k < s->n_pressures; k++) {
            const struct pressure *p = &s->pressures[k];
            if (!pressure_active(p, t))
                continue;
            if (pressure_needs_scores(p))
                rc = measure_scores(&wk->world, p, &s->measure, &wk->rng.ig, wk->scores, &wk->mws, &f);
            if (!rc)
                rc = fault_model(
                    &f, pressure_apply(&wk->world, p, t, &s->params, wk->scores, wk->rng.gsl, &wk->pws),
                    FAULT_APPLYING_PRESSURE);
        }
        if (rc) {
            f.step = t;
            break;
        }
        struct dynamics_struck struck = pressure_struck(&wk->pws);
        if (t == 0)
            dynamics_income(&wk->world);
        else
            rc = fault_model(&f, dynamics_step(&wk->world, &s->params, &struck, wk->rng.gsl, &wk->dws),
                             FAULT_RUNNING_DYNAMICS);
        if (rc) {
            f.step = t;
            break;
        }
        int ri = pl->rec_index[t];
        if (ri >= 0) {
            int ni = pl->node_index[t];
            double *nv =
                ni >= 0 ? nodes + (size_t)ni * (size_t)base->world.n_nodes * NODE_METRIC_COUNT : NULL;
            rc = measure_world(&wk->world, &s->measure, &wk->rng.ig, metrics + (size_t)ri * METRIC_COUNT, nv,
                               &wk->mws, &f);
            record_patrons(&wk->world, pl, ri, nodes + pl->node_vals);
        }
        if (!rc && snaps && pl->snap_index[t] >= 0)
            rc = fault_model(&f, world_copy(&snaps[pl->snap_index[t]], &wk->world), FAULT_KEEPING_SNAPSHOT);
        if (rc)
            f.step = t;
    }
    return rc ? fault_pack(&f) : 0;
}

/* ---- folding records in replica order -------------------------------- */

/* final.csv (and replicas.csv) rows of replica r, whose record is rec. */
static void write_replica_rows(const struct scenario *s, const struct plan *pl, long r, const double *rec,
                               struct run_files *rf)
{
    const double *last = rec + (size_t)(pl->n_rec - 1) * METRIC_COUNT;
    for (int m = 0; m < METRIC_COUNT; m++) {
        if (!(s->measure.metrics & METRIC_BIT(m)))
            continue;
        struct schema_row w;
        schema_row_begin(&w, rf->final.f, &schema_final);
        schema_row_text(&w, s->name);
        schema_row_whole(&w, (unsigned long long)r);
        schema_row_text(&w, measure_metric_name(m));
        schema_row_number(&w, last[m]);
        schema_row_end(&w);
    }
    if (rf->per_replica) {
        for (int k = 0; k < pl->n_rec; k++)
            for (int m = 0; m < METRIC_COUNT; m++) {
                if (!(s->measure.metrics & METRIC_BIT(m)))
                    continue;
                struct schema_row w;
                schema_row_begin(&w, rf->replicas.f, &schema_replicas);
                schema_row_text(&w, s->name);
                schema_row_whole(&w, (unsigned long long)r);
                schema_row_whole(&w, (unsigned long long)pl->rec_step[k]);
                schema_row_text(&w, measure_metric_name(m));
                schema_row_number(&w, rec[(size_t)k * METRIC_COUNT + m]);
                schema_row_end(&w);
            }
    }
}

/* The statistics columns that end a summary.csv or nodes.csv row: n, mean, sd, the quantiles. */
static void write_stats_row(struct schema_row *w, const struct stats_summary *sm, int n_q)
{
    schema_row_whole(w, sm->n);
    schema_row_number(w, sm->mean);
    schema_row_number(w, sm->sd);
    for (int k = 0; k < n_q; k++)
        schema_row_number(w, sm->q[k]);
    schema_row_end(w);
}

/* patrons.csv rows: per recorded step, every faction active at some
 * recorded step of some replica, and every agency then none, the replicas in
 * which the faction is active and the share of them in which that agency is
 * its patron (empty when it is active in none at that step). */
static void write_patrons(const struct scenario *s, const struct plan *pl, const struct runner_patrons *p,
                          struct run_files *rf)
{
    int G = p->n_agencies + 1;
    for (int k = 0; k < p->n_rec; k++)
        for (int j = 0; j < p->n_factions; j++) {
            long ever = 0;
            for (int u = 0; u < p->n_rec && !ever; u++)
                ever = p->active[(size_t)u * (size_t)p->n_factions + (size_t)j];
            if (!ever)
                continue;
            size_t fj = (size_t)k * (size_t)p->n_factions + (size_t)j;
            long n = p->active[fj];
            for (int g = 0; g < G; g++) {
                long c = p->count[fj * (size_t)G + (size_t)g];
                struct schema_row w;
                schema_row_begin(&w, rf->patrons.f, &schema_patrons);
                schema_row_text(&w, s->name);
                schema_row_whole(&w, (unsigned long long)pl->rec_step[k]);
                schema_row_text(&w, s->ids[p->faction[j]]);
                schema_row_text(&w, g < p->n_agencies ? s->ids[p->agency[g]] : "none");
                schema_row_whole(&w, (unsigned long long)n);
                schema_row_number(&w, n > 0 ? (double)c / (double)n : NAN);
                schema_row_end(&w);
            }
        }
}

int runner_write_aggregates(const struct scenario *s, const struct runner_state *st, struct run_files *rf)
{
    struct plan pl;
    struct stats_summary sm;
    size_t cap = st->summary.exact_cap > st->nodes.exact_cap ? st->summary.exact_cap : st->nodes.exact_cap;
    double *scratch = malloc((cap ? cap : 1) * sizeof *scratch);
    if (!scratch || plan_init(&pl, s)) {
        free(scratch);
        return -1;
    }
    for (int k = 0; k < pl.n_rec; k++)
        for (int m = 0; m < METRIC_COUNT; m++) {
            if (!(s->measure.metrics & METRIC_BIT(m)))
                continue;
            stats_summarize(&st->summary, (size_t)k * METRIC_COUNT + m, scratch, &sm);
            struct schema_row w;
            schema_row_begin(&w, rf->summary.f, &schema_summary);
            schema_row_text(&w, s->name);
            schema_row_whole(&w, (unsigned long long)pl.rec_step[k]);
            schema_row_text(&w, measure_metric_name(m));
            write_stats_row(&w, &sm, N_SUMMARY_Q);
        }
    size_t i = 0;
    for (int k = 0; k < s->n_node_steps; k++)
        for (int v = 0; v < s->world.n_nodes; v++)
            for (int m = 0; m < NODE_METRIC_COUNT; m++, i++) {
                if (m != NODE_PRESENT && !(s->measure.node_metrics & (1u << m)))
                    continue;
                stats_summarize(&st->nodes, i, scratch, &sm);
                struct schema_row w;
                schema_row_begin(&w, rf->nodes.f, &schema_nodes);
                schema_row_text(&w, s->name);
                schema_row_whole(&w, (unsigned long long)s->node_steps[k]);
                schema_row_text(&w, s->ids[v]);
                schema_row_text(&w, measure_node_metric_name(m));
                write_stats_row(&w, &sm, N_NODE_Q);
            }
    write_patrons(s, &pl, &st->patrons, rf);
    free(scratch);
    plan_destroy(&pl);
    return 0;
}

static int write_snapshots(const struct scenario *s, struct world *snaps, const char *dir, struct diag *d)
{
    if (s->n_snapshots == 0)
        return DIAG_OK;
    size_t n = strlen(dir) + sizeof "/snapshots";
    char *sdir = malloc(n);
    if (!sdir)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    snprintf(sdir, n, "%s/snapshots", dir);
    int rc = atomicfile_subdir(dir, "snapshots", d);
    for (int k = 0; !rc && k < s->n_snapshots; k++) {
        char *name = atomicfile_pathf("%s_step%d.graphml", s->name, s->snapshots[k]);
        if (!name) {
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
            break;
        }
        rc = snapshot_write(s, &snaps[k], sdir, name, d);
        free(name);
    }
    free(sdir);
    return rc;
}

int runner_snapshots(const struct scenario *s, const struct runner_options *o, const char *dir,
                     struct diag *d)
{
    if (s->n_snapshots == 0)
        return DIAG_OK;
    struct plan pl;
    struct worker wk;
    if (plan_init(&pl, s))
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    struct world *snaps = calloc((size_t)s->n_snapshots, sizeof *snaps);
    double *rec = malloc((pl.metric_vals + pl.node_vals + pl.patron_vals) * sizeof *rec + 1);
    int rc = DIAG_OK, wrc = worker_init(&wk, s);
    if (o && o->stream_key)
        wk.key = o->stream_key;
    if (o) {
        wk.variant = o->variant;
        wk.variant_ctx = o->variant_ctx;
    }
    if (snaps)
        for (int k = 0; k < s->n_snapshots; k++)
            world_init(&snaps[k]);
    if (!snaps || !rec || wrc) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    int st = run_replica(s, &pl, 0, &wk, rec, rec + pl.metric_vals, snaps);
    if (st)
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "scenario '%s': replica 0 failed: %s", s->name,
                      st > 0                ? igraph_strerror(st)
                      : st == -WORLD_ENOMEM ? "out of memory"
                                            : "model error");
    else
        rc = write_snapshots(s, snaps, dir, d);
cleanup:
    worker_destroy(&wk);
    if (snaps)
        for (int k = 0; k < s->n_snapshots; k++)
            world_destroy(&snaps[k]);
    free(snaps);
    free(rec);
    plan_destroy(&pl);
    return rc;
}

/* ---- the run ---------------------------------------------------------- */

/* Rank 0's master-thread clock (omp_get_wtime): t0 the batch's compute
 * start, t1 its own share computed, tg the batch gathered, t2 the next
 * batch shared out, t3 folded and written (t2 and t3 of the batch before
 * while the next one is planned). slot and fold are smoothed estimates (0:
 * none yet) of the wall seconds per slot of a rank's share and of the fold
 * per batch. */
struct batch_clock {
    double t0, t1, tg, t2, t3;
    double slot, fold;
};

static double smooth(double old, double now)
{
    return old > 0.0 ? 0.5 * (old + now) : now;
}

/* Size the batch that starts at replica `start` and share it out: sched[1 + k]
 * slots for rank k (sched[1 ..] still holds the last batch's shares). The
 * batch is sized to take about RUNNER_BATCH_SECONDS; rank 0, which also
 * folds and writes, gets fewer slots by its fold time, so that every rank
 * ends its part of the next batch at about the same time. Replica 0 (whose
 * snapshots rank 0 keeps) is always rank 0's. */
static void schedule_batch(int *sched, int nranks, int threads, long start, long replicas, size_t cap,
                           struct batch_clock *bc)
{
    long workers = (long)threads * nranks;
    if (bc->t1 > bc->t0) {
        if (sched[1] > 0)
            bc->slot = smooth(bc->slot, (bc->t1 - bc->t0) / sched[1]);
        else if (nranks > 1 && sched[2] > 0)
            bc->slot = smooth(bc->slot, (bc->tg - bc->t0) / sched[2]);
        bc->fold = smooth(bc->fold, bc->t3 - bc->t2);
    }
    long n = workers * RUNNER_BATCH_MIN_PER_THREAD, last = 0;
    for (int k = 0; k < nranks; k++)
        last += sched[1 + k];
    if (bc->slot > 0.0) {
        double want = RUNNER_BATCH_SECONDS / bc->slot * nranks;
        n = want > (double)cap ? (long)cap : (long)want;
        /* at most twice the last batch: the first timings include each
         * worker's start-up and would share out a large batch unevenly */
        if (last > 0 && n > 2 * last)
            n = 2 * last;
        if (n < workers * RUNNER_BATCH_MIN_PER_THREAD)
            n = workers * RUNNER_BATCH_MIN_PER_THREAD;
    }
    if (n > (long)cap)
        n = (long)cap;
    /* whole rounds of the workers, so that none waits at the batch's end */
    if (n > workers)
        n -= n % workers;
    if (n > replicas - start)
        n = replicas - start;
    long root = n;
    if (nranks > 1) {
        /* n = root + (nranks - 1) * other, root + fold / slot = other,
         * in whole rounds of rank 0's threads */
        double h = bc->slot > 0.0 ? bc->fold / bc->slot : 0.0;
        double r = ((double)n - (nranks - 1) * h) / nranks;
        root = r <= 0.0 ? 0 : r >= (double)n ? n : (long)(r / threads + 0.5) * threads;
        if (root > n)
            root = n;
        if (start == 0 && root == 0 && n > 0)
            root = 1;
    }
    sched[1] = (int)root;
    long rest = n - root;
    for (int k = 1; k < nranks; k++)
        sched[1 + k] = (int)(rest / (nranks - 1) + (k - 1 < rest % (nranks - 1) ? 1 : 0));
}

/* Values a cell keeps exactly: its share of the table's budget, between
 * RUNNER_EXACT_MIN and max. Memory then stops growing with the replica
 * count once every cell holds that many (docs/OUTPUTS.md). */
static size_t exact_cap_for(size_t budget, size_t cells, size_t max)
{
    size_t cap = cells ? budget / (cells * sizeof(double)) : max;
    if (cap < RUNNER_EXACT_MIN)
        cap = RUNNER_EXACT_MIN;
    return cap < max ? cap : max;
}

int runner_state_init(struct runner_state *st, const struct scenario *s, size_t exact_cap_max)
{
    struct plan pl;
    memset(st, 0, sizeof *st);
    if (plan_init(&pl, s))
        return -1;
    size_t cap_max = exact_cap_max ? exact_cap_max : RUNNER_EXACT_CAP;
    /* a cell never holds more values than there are replicas */
    if (s->replicas > 0 && (size_t)s->replicas < cap_max)
        cap_max = (size_t)s->replicas;
    /* the budgets are shared among the cells that receive values: those of
     * the selected metrics and node measures, not of every one there is */
    size_t metrics = 0, measures = 0;
    for (int m = 0; m < METRIC_COUNT; m++)
        metrics += (s->measure.metrics & METRIC_BIT(m)) != 0;
    for (int m = 0; m < NODE_METRIC_COUNT; m++)
        measures += m == NODE_PRESENT || (s->measure.node_metrics & (1u << m));
    size_t summary_cells = (size_t)pl.n_rec * metrics;
    size_t node_cells = (size_t)s->n_node_steps * (size_t)s->world.n_nodes * measures;
    int rc = stats_table_init(&st->summary, pl.metric_vals, schema_summary_probs, N_SUMMARY_Q,
                              exact_cap_for(RUNNER_EXACT_BUDGET_SUMMARY, summary_cells, cap_max)) ||
             stats_table_init(&st->nodes, pl.node_vals, schema_nodes_probs, N_NODE_Q,
                              exact_cap_for(RUNNER_EXACT_BUDGET_NODES, node_cells, cap_max));
    struct runner_patrons *p = &st->patrons;
    p->n_rec = pl.n_rec;
    p->n_factions = pl.n_factions;
    for (int i = 0; i < s->world.n_nodes; i++)
        p->n_agencies += pl.agency_of[i] >= 0;
    size_t cells = (size_t)p->n_rec * (size_t)p->n_factions;
    p->faction = malloc(((size_t)p->n_factions + 1) * sizeof *p->faction);
    p->agency = malloc(((size_t)p->n_agencies + 1) * sizeof *p->agency);
    p->active = calloc(cells + 1, sizeof *p->active);
    p->count = calloc(cells * ((size_t)p->n_agencies + 1) + 1, sizeof *p->count);
    rc |= !p->faction || !p->agency || !p->active || !p->count;
    if (!rc) {
        memcpy(p->faction, pl.faction, (size_t)p->n_factions * sizeof *p->faction);
        for (int i = 0; i < s->world.n_nodes; i++)
            if (pl.agency_of[i] >= 0)
                p->agency[pl.agency_of[i]] = i;
    }
    plan_destroy(&pl);
    if (rc) {
        runner_state_destroy(st);
        return -1;
    }
    return 0;
}

double runner_patron_share(const struct scenario *s, const struct runner_state *st, int t, int faction,
                           int agency)
{
    const struct runner_patrons *p = &st->patrons;
    if (t < 0 || t > s->steps || !scenario_records(s, t))
        return NAN;
    int k = 0, j = -1, g = -1;
    for (int u = 0; u < t; u++)
        k += scenario_records(s, u);
    for (int i = 0; i < p->n_factions && j < 0; i++)
        if (p->faction[i] == faction)
            j = i;
    for (int i = 0; i < p->n_agencies && g < 0; i++)
        if (p->agency[i] == agency)
            g = i;
    if (k >= p->n_rec || j < 0 || g < 0)
        return NAN;
    size_t fj = (size_t)k * (size_t)p->n_factions + (size_t)j;
    long n = p->active[fj];
    return n > 0 ? (double)p->count[fj * ((size_t)p->n_agencies + 1) + (size_t)g] / (double)n : NAN;
}

void runner_state_destroy(struct runner_state *st)
{
    if (!st)
        return;
    stats_table_destroy(&st->summary);
    stats_table_destroy(&st->nodes);
    free(st->patrons.faction);
    free(st->patrons.agency);
    free(st->patrons.active);
    free(st->patrons.count);
    memset(&st->patrons, 0, sizeof st->patrons);
    st->done = 0;
}

/* ---- the run: one job per function ------------------------------------ */

/* The decision rank 0 shares after each batch (sched[0]). */
enum { BATCH_GO = 0, BATCH_FAILED = 1, BATCH_LAST = 2, BATCH_DROPPED = 3 };

/* One runner_run: its inputs, the buffers of a batch and what the batches
 * found. The threads of the parallel region share it: the master thread
 * writes the schedule, the clock, `start` and the flags between barriers;
 * `oom` is written atomically during the fold; everyone reads after a
 * barrier. */
struct run {
    const struct scenario *s;
    const struct runner_options *o;
    struct run_files *rf;
    struct runner_state *st;
    struct diag *d;
    struct plan pl;
    struct world *snaps; /* replica 0's snapshots, [n_snapshots] */
    double *recs;        /* the batch's records, [cap][rec_vals] */
    int *status;         /* each replica's status, [cap] */
    int *sched;          /* [0] the decision (BATCH_*); [1 + k] rank k's share of the batch */
    size_t cap, rec_vals, n_cells, fold_block;
    int threads, rank, nranks;
    struct batch_clock bc;
    long start; /* first replica of the batch in flight */
    long done;  /* replicas computed so far, from st->done (progress, one rank) */
    int stop, oom, fold_failed, init_failed, comm_failed, interrupted, side_rc;
    long fail_replica;
    int fail_code;
};

/* Records a batch holds: RUNNER_BATCH_MAX_PER_THREAD per worker, fewer when
 * records are large (RUNNER_BATCH_SOFT_BYTES, RUNNER_BATCH_BYTES), never
 * more than the replicas. */
static size_t batch_capacity(const struct run *r)
{
    size_t workers = (size_t)r->threads * (size_t)r->nranks;
    size_t cap = workers * RUNNER_BATCH_MAX_PER_THREAD;
    size_t rec_bytes = r->rec_vals * sizeof(double) + 1;
    /* with several ranks every batch costs a gather and two broadcasts:
     * larger batches spread that cost */
    size_t soft = RUNNER_BATCH_SOFT_BYTES * (r->nranks > 1 ? RUNNER_BATCH_RANKS_FACTOR : 1) / rec_bytes;
    size_t hard = RUNNER_BATCH_BYTES / rec_bytes;
    if (cap > soft)
        cap = soft > workers * RUNNER_BATCH_SOFT_PER_THREAD ? soft : workers * RUNNER_BATCH_SOFT_PER_THREAD;
    if (cap > hard)
        cap = hard > workers ? hard : workers;
    if (cap > (size_t)r->s->replicas)
        cap = (size_t)r->s->replicas;
    return cap;
}

static void run_destroy(struct run *r)
{
    if (r->snaps)
        for (int k = 0; k < r->s->n_snapshots; k++)
            world_destroy(&r->snaps[k]);
    free(r->snaps);
    free(r->recs);
    free(r->status);
    free(r->sched);
    plan_destroy(&r->pl);
}

/* The plan, the snapshot worlds and the batch buffers. DIAG_OK or DIAG_RUNTIME. */
static int run_init(struct run *r)
{
    if (plan_init(&r->pl, r->s))
        return diag_set(r->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    r->snaps = calloc((size_t)r->s->n_snapshots + 1, sizeof *r->snaps);
    if (!r->snaps)
        return diag_set(r->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    for (int k = 0; k < r->s->n_snapshots; k++)
        world_init(&r->snaps[k]);
    r->rec_vals = r->pl.metric_vals + r->pl.node_vals + r->pl.patron_vals;
    r->n_cells = r->pl.metric_vals + r->pl.node_vals; /* the statistics cells; patrons are counted */
    r->cap = batch_capacity(r);
    /* cells per fold block: several blocks per thread, so that the threads
     * share the fold evenly whatever the cells cost */
    r->fold_block = r->n_cells / (size_t)(r->threads * 8) + 1;
    if (r->fold_block < RUNNER_FOLD_BLOCK_MIN)
        r->fold_block = RUNNER_FOLD_BLOCK_MIN;
    r->recs = malloc(r->cap * r->rec_vals * sizeof *r->recs);
    r->status = calloc(r->cap, sizeof *r->status);
    r->sched = calloc((size_t)r->nranks + 1, sizeof *r->sched);
    if (!r->recs || !r->status || !r->sched)
        return diag_set(r->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory for %zu replica records", r->cap);
    return DIAG_OK;
}

/* Every thread: prepare its worker; then the master thread learns whether
 * every worker of every rank started and shares out the first batch. */
static void workers_start(struct run *r, struct worker *wk)
{
    int init_rc = worker_init(wk, r->s);
    wk->stop = r->o->stop;
    if (r->o->stream_key)
        wk->key = r->o->stream_key;
    wk->variant = r->o->variant;
    wk->variant_ctx = r->o->variant_ctx;
    if (init_rc) {
#pragma omp atomic write
        r->init_failed = 1;
    }
#pragma omp barrier
#pragma omp master
    {
        r->init_failed = ranks_max_int(r->init_failed); /* every rank stops if one cannot start */
        r->stop = r->init_failed;
        if (r->rank == 0)
            schedule_batch(r->sched, r->nranks, r->threads, r->start, r->s->replicas, r->cap, &r->bc);
        ranks_bcast_ints(r->sched, r->nranks + 1);
    }
#pragma omp barrier
}

/* Every thread: the size of the batch shared out (0: the run is over) and,
 * in *mine, the first slot of this rank's share. */
static long batch_size(const struct run *r, long *mine)
{
    long n = 0;
    *mine = 0;
    for (int k = 0; k < r->nranks; k++) {
        if (k < r->rank)
            *mine += r->sched[1 + k];
        n += r->sched[1 + k];
    }
    return r->stop ? 0 : n;
}

/* Every thread: compute this rank's share of the batch, sched[1 + rank]
 * slots from `mine`, each replica into its own record. */
static void batch_compute(struct run *r, struct worker *wk, long mine)
{
#pragma omp master
    r->bc.t0 = omp_get_wtime();
#pragma omp for schedule(dynamic, 1)
    for (long j = mine; j < mine + r->sched[1 + r->rank]; j++) {
        long rep = r->start + j;
        double *rec = r->recs + (size_t)j * r->rec_vals;
        r->status[j] =
            run_replica(r->s, &r->pl, rep, wk, rec, rec + r->pl.metric_vals, rep == 0 ? r->snaps : NULL);
        if (r->o->progress && r->nranks == 1) {
            /* one caller at a time; the callback throttles its own output */
#pragma omp critical(infnet_progress)
            r->o->progress(r->o->progress_ctx, ++r->done, r->s->replicas);
        }
    }
}

/* Whether a signal asked any rank to stop. Every rank asks every batch, so
 * that a signal that reached only some ranks (one killed by hand, or a
 * launcher that signals its processes one by one) stops them all alike. */
static int stop_requested(const struct run *r)
{
    int mine = r->o->stop && *r->o->stop ? 1 : 0;
    return r->nranks > 1 ? ranks_max_int(mine) : mine;
}

/* Rank 0: the decision after the batch [start, end): BATCH_FAILED for a
 * failed replica (the first, in replica order) or trouble in the last fold,
 * BATCH_DROPPED when a signal interrupted one of its replicas (the batch is
 * not folded, so the checkpoint stays at its start), BATCH_LAST for a stop
 * request, BATCH_GO otherwise. */
static int batch_decide(struct run *r, long end, int stop)
{
    if (r->fold_failed)
        return BATCH_FAILED;
    for (long rep = r->start; rep < end; rep++)
        if (r->status[rep - r->start]) {
            struct fault fl;
            fault_unpack(r->status[rep - r->start], &fl);
            if (fl.layer == FAULT_ANALYSIS && fl.status == IGRAPH_INTERRUPTED)
                return BATCH_DROPPED;
            r->fail_replica = rep;
            r->fail_code = r->status[rep - r->start];
            return BATCH_FAILED;
        }
    return stop ? BATCH_LAST : BATCH_GO;
}

/* Master thread: the batch is complete on this rank. Gather it on rank 0,
 * which decides for everyone whether to go on and shares out the next
 * batch, so that the other ranks compute it while rank 0 folds this one. */
static void batch_share(struct run *r, long end)
{
    r->bc.t1 = omp_get_wtime();
    if (r->nranks > 1 && ranks_gather_batch(r->recs, r->status, r->sched + 1, r->rec_vals))
        r->comm_failed = 1;
    r->bc.tg = omp_get_wtime();
    int stop = stop_requested(r);
    if (r->rank == 0) {
        int f = batch_decide(r, end, stop);
        if (f != BATCH_GO)
            for (int k = 0; k < r->nranks; k++)
                r->sched[1 + k] = 0;
        else
            schedule_batch(r->sched, r->nranks, r->threads, end, r->s->replicas, r->cap, &r->bc);
        r->sched[0] = f;
    }
    ranks_bcast_ints(r->sched, r->nranks + 1);
    r->stop = r->sched[0] == BATCH_FAILED || r->sched[0] == BATCH_DROPPED || r->comm_failed;
    if ((r->sched[0] == BATCH_LAST && end < r->s->replicas) || r->sched[0] == BATCH_DROPPED)
        r->interrupted = 1;
    r->bc.t2 = omp_get_wtime();
}

/* Count one replica's patrons (the record's patrons.csv part). */
static void fold_patrons(struct runner_patrons *p, const double *pat)
{
    size_t cells = (size_t)p->n_rec * (size_t)p->n_factions, G = (size_t)p->n_agencies + 1;
    for (size_t i = 0; i < cells; i++) {
        if (pat[i] == PATRON_INACTIVE)
            continue;
        p->active[i]++;
        p->count[i * G + (pat[i] == PATRON_NONE ? G - 1 : (size_t)pat[i])]++;
    }
}

/* Every thread of rank 0: one thread writes the batch's final.csv (and
 * replicas.csv) rows while the others start the fold, in parallel over
 * blocks of cells: each cell still receives the replicas' values in replica
 * order, so the statistics do not depend on the thread or rank count. */
static void batch_fold(struct run *r, long end)
{
#pragma omp single nowait
    for (long rep = r->start; rep < end && r->rf; rep++)
        write_replica_rows(r->s, &r->pl, rep, r->recs + (size_t)(rep - r->start) * r->rec_vals, r->rf);
#pragma omp single nowait
    for (long rep = r->start; rep < end; rep++)
        fold_patrons(&r->st->patrons, r->recs + (size_t)(rep - r->start) * r->rec_vals + r->n_cells);
    int local_oom = 0;
#pragma omp for schedule(dynamic, 1) nowait
    for (size_t c0 = 0; c0 < r->n_cells; c0 += r->fold_block) {
        size_t c1 = c0 + r->fold_block < r->n_cells ? c0 + r->fold_block : r->n_cells;
        for (long rep = r->start; rep < end; rep++) {
            const double *rec = r->recs + (size_t)(rep - r->start) * r->rec_vals;
            for (size_t c = c0; c < c1; c++)
                local_oom |= c < r->pl.metric_vals ? stats_add(&r->st->summary, c, rec[c])
                                                   : stats_add(&r->st->nodes, c - r->pl.metric_vals, rec[c]);
        }
    }
    if (local_oom) {
#pragma omp atomic write
        r->oom = 1;
    }
#pragma omp barrier
}

/* One thread of rank 0, after the fold: replica 0's snapshots once the
 * first batch is folded (so that they are there as soon as possible). */
static void batch_snapshot(struct run *r)
{
    if (r->start == 0 && !r->side_rc && r->rf)
        r->side_rc = write_snapshots(r->s, r->snaps, r->rf->dir, r->d);
}

/* One thread of rank 0, after the fold: offer the state to the checkpoint
 * callback (which decides whether to write one). */
static void batch_checkpoint(struct run *r)
{
    if (!r->side_rc && r->o->checkpoint)
        r->side_rc = r->o->checkpoint(r->o->checkpoint_ctx, r->st, r->d);
}

/* One thread of rank 0: the batch [start, end) is folded. */
static void batch_folded(struct run *r, long end)
{
    if (r->oom) {
        r->fold_failed = 1;
        return;
    }
    r->st->done = end;
    batch_snapshot(r);
    batch_checkpoint(r);
    if (r->side_rc)
        r->fold_failed = 1;
    if (r->o->progress && r->nranks > 1)
        r->o->progress(r->o->progress_ctx, end, r->s->replicas);
}

/* Every thread: the batches, until the last one is folded or the run stops. */
static void run_batches(struct run *r)
{
    struct worker wk;
    workers_start(r, &wk);
    for (;;) {
        long mine, n = batch_size(r, &mine);
        if (n == 0)
            break;
        long end = r->start + n;
        batch_compute(r, &wk, mine);
#pragma omp master
        batch_share(r, end);
#pragma omp barrier
        if (r->rank == 0 && r->sched[0] != BATCH_FAILED && r->sched[0] != BATCH_DROPPED && !r->comm_failed) {
            batch_fold(r, end);
#pragma omp single
            batch_folded(r, end);
        }
#pragma omp master
        {
            r->bc.t3 = omp_get_wtime();
            r->start = end;
        }
#pragma omp barrier
    }
    worker_destroy(&wk);
}

/* What ended the batches, as the diagnostic runner_run returns. */
static int run_outcome(const struct run *r)
{
    const char *name = r->s->name;
    if (r->init_failed)
        return diag_set(r->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory preparing the workers");
    if (r->comm_failed)
        return diag_set(r->d, DIAG_RUNTIME, NULL, 0, 0,
                        "scenario '%s': gathering the replicas of the ranks failed", name);
    if (r->oom)
        return diag_set(r->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory while aggregating");
    if (r->fail_replica >= 0) {
        struct fault f;
        char context[512];
        fault_unpack(r->fail_code, &f);
        snprintf(context, sizeof context, "scenario '%s': replica %ld", name, r->fail_replica);
        return diag_from_fault(r->d, &f, NULL, context);
    }
    if (r->side_rc) /* a snapshot or checkpoint could not be written: d says why */
        return r->side_rc;
    if (r->interrupted)
        return diag_set(r->d, DIAG_INTERRUPTED, NULL, 0, 0,
                        "scenario '%s': interrupted after %ld of %ld replicas", name, r->st->done,
                        r->s->replicas);
    if (r->stop && r->rank != 0) /* rank 0 stopped the run; it reports why */
        return diag_set(r->d, DIAG_RUNTIME, NULL, 0, 0, "scenario '%s': the run stopped on rank 0", name);
    return DIAG_OK;
}

int runner_run(const struct scenario *s, const struct runner_options *o, struct run_files *rf,
               struct runner_state *st, struct diag *d)
{
    struct run r = {.s = s,
                    .o = o,
                    .rf = rf,
                    .st = st,
                    .d = d,
                    .threads = o->threads > 0 ? o->threads : 1,
                    .rank = ranks_rank(),
                    .nranks = ranks_size(),
                    .start = st->done,
                    .done = st->done,
                    .fail_replica = -1};
    int rc = run_init(&r);
    if (!rc) {
#pragma omp parallel num_threads(r.threads)
        run_batches(&r);
        rc = run_outcome(&r);
    }
    /* only rank 0 holds the aggregates and writes */
    if (!rc && r.rank == 0 && rf && runner_write_aggregates(s, st, rf))
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing the statistics");
    run_destroy(&r);
    return rc;
}
