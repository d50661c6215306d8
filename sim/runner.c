/* sim/runner.c - parallel Monte Carlo replicas with ordered, streaming aggregation.
 *
 * Invariants: replica r always draws from rng_stream_seed(seed, name, r);
 * records are folded strictly in replica order; a batch never holds more
 * than RUNNER_BATCH_BYTES of records. Every thread computes replicas, then
 * every thread folds a block of the statistics cells (each cell still gets
 * its values in replica order). With several ranks
 * (sim/ranks.c) slot j of a batch is computed by rank j % size and gathered
 * on rank 0 before it is folded; only rank 0 writes.
 * Only this file, main and ranks.c use OpenMP or MPI.
 */
#include "runner.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <igraph.h>

#include "../analysis/stats.h"
#include "../models/dynamics.h"
#include "../models/pressure.h"
#include "csvout.h"
#include "measure.h"
#include "ranks.h"
#include "rng.h"
#include "snapshot.h"

/* Bytes of exactly kept values per statistics table (summary, nodes), and
 * the fewest values a cell keeps exactly whatever the table's size. */
#define RUNNER_EXACT_BUDGET ((size_t)2 << 20)
#define RUNNER_EXACT_MIN 32
/* Cells folded by one thread in one go (a block of a record's values). */
#define RUNNER_FOLD_BLOCK 256
/* Replicas per thread in one batch: enough to balance uneven replica times. */
#define RUNNER_BATCH_PER_THREAD 16
/* Upper bound on the memory of one batch of records (bytes). */
#define RUNNER_BATCH_BYTES ((size_t)256 << 20)

static const double summary_probs[] = {0.05, 0.25, 0.50, 0.75, 0.95};
static const double node_probs[] = {0.05, 0.50, 0.95};
#define N_SUMMARY_Q 5
#define N_NODE_Q 3

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
        (per_replica && atomicfile_open(&rf->replicas, dir, "replicas.csv", d))) {
        runner_files_abort(rf);
        return d->code;
    }
    fputs("scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95\n", rf->summary.f);
    fputs("scenario,replica,metric,value\n", rf->final.f);
    fputs("scenario,step,node,metric,n,mean,sd,q05,q50,q95\n", rf->nodes.f);
    if (per_replica)
        fputs("scenario,replica,step,metric,value\n", rf->replicas.f);
    return DIAG_OK;
}

int runner_files_resume(struct run_files *rf, const char *dir, int per_replica, const long len[4], struct diag *d)
{
    memset(rf, 0, sizeof *rf);
    rf->dir = strdup(dir);
    rf->per_replica = per_replica;
    if (!rf->dir)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    if (atomicfile_resume(&rf->summary, dir, "summary.csv", len[0], d) ||
        atomicfile_resume(&rf->final, dir, "final.csv", len[1], d) ||
        atomicfile_resume(&rf->nodes, dir, "nodes.csv", len[2], d) ||
        (per_replica && atomicfile_resume(&rf->replicas, dir, "replicas.csv", len[3], d))) {
        runner_files_abort(rf);
        return d->code;
    }
    return DIAG_OK;
}

int runner_files_sync(struct run_files *rf, long len[4], struct diag *d)
{
    struct atomicfile *f[4] = {&rf->summary, &rf->final, &rf->nodes, &rf->replicas};
    for (int i = 0; i < 4; i++) {
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
    struct atomicfile *f[4] = {&rf->summary, &rf->final, &rf->nodes, &rf->replicas};
    char *done[4] = {NULL, NULL, NULL, NULL};
    int rc = DIAG_OK, n = rf->per_replica ? 4 : 3;
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
    static const char *const names[] = {"summary.csv", "final.csv", "nodes.csv", "replicas.csv"};
    char path[4096];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
}

void runner_files_abort(struct run_files *rf)
{
    atomicfile_abort(&rf->summary);
    atomicfile_abort(&rf->final);
    atomicfile_abort(&rf->nodes);
    atomicfile_abort(&rf->replicas);
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
};

static void plan_destroy(struct plan *p)
{
    free(p->rec_step);
    free(p->rec_index);
    free(p->node_index);
    free(p->snap_index);
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
    return 0;
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
    int ok;
};

static int worker_init(struct worker *wk, const struct scenario *s)
{
    memset(wk, 0, sizeof *wk);
    world_init(&wk->world);
    dynamics_ws_init(&wk->dws);
    pressure_ws_init(&wk->pws);
    if (measure_ws_init(&wk->mws))
        return -1;
    if (rng_stream_init(&wk->rng))
        return -1;
    wk->scores = malloc(((size_t)s->world.n_nodes + 1) * sizeof *wk->scores);
    if (!wk->scores)
        return -1;
    /* igraph keeps its default RNG and error handlers per thread. The
     * default is a copy of the stream's handle (same state), taken after a
     * first seeding: igraph's RNG_BEGIN reseeds an unseeded default from the
     * clock, which would break reproducibility. */
    wk->saved_default = *igraph_rng_default();
    rng_stream_seed_with(&wk->rng, 0);
    igraph_rng_set_default(&wk->rng.ig);
    wk->saved_error = igraph_set_error_handler(igraph_error_handler_ignore);
    wk->saved_warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
    wk->ok = 1;
    return 0;
}

static void worker_destroy(struct worker *wk)
{
    if (wk->ok) {
        igraph_rng_set_default(&wk->saved_default);
        igraph_set_error_handler(wk->saved_error);
        igraph_set_warning_handler(wk->saved_warning);
    }
    world_destroy(&wk->world);
    dynamics_ws_destroy(&wk->dws);
    pressure_ws_destroy(&wk->pws);
    measure_ws_destroy(&wk->mws);
    rng_stream_destroy(&wk->rng);
    free(wk->scores);
    wk->scores = NULL;
}

/* Run replica r; fill its metric and node records; copy snapshots when given.
 * Returns 0, an igraph error code (> 0) from a measure, or minus a models/
 * status code (< 0). */
static int run_replica(const struct scenario *s, const struct plan *pl, long r, struct worker *wk,
                       double *metrics, double *nodes, struct world *snaps)
{
    rng_stream_seed_with(&wk->rng, rng_stream_seed(s->seed, s->name, (uint64_t)r));
    int rc = -world_copy(&wk->world, &s->world);
    if (!rc)
        rc = -dynamics_ws_prepare(&wk->dws, &wk->world);
    for (int t = 0; !rc && t <= s->steps; t++) {
        pressure_begin_step(&wk->world, &wk->dws);
        for (int k = 0; !rc && k < s->n_pressures; k++) {
            const struct pressure *p = &s->pressures[k];
            if (!pressure_active(p, t))
                continue;
            if (pressure_needs_scores(p))
                rc = measure_scores(&wk->world, p, &s->measure, &wk->rng.ig, wk->scores, &wk->mws);
            if (!rc)
                rc = -pressure_apply(&wk->world, p, t, &s->params, wk->scores, wk->rng.gsl, &wk->pws, &wk->dws);
        }
        if (rc)
            break;
        if (t == 0)
            dynamics_income(&wk->world);
        else
            rc = -dynamics_step(&wk->world, &s->params, wk->rng.gsl, &wk->dws);
        if (rc)
            break;
        int ri = pl->rec_index[t];
        if (ri >= 0) {
            int ni = pl->node_index[t];
            double *nv = ni >= 0 ? nodes + (size_t)ni * (size_t)s->world.n_nodes * NODE_METRIC_COUNT : NULL;
            rc = measure_world(&wk->world, &s->measure, &wk->rng.ig, metrics + (size_t)ri * METRIC_COUNT, nv,
                               &wk->mws);
        }
        if (!rc && snaps && pl->snap_index[t] >= 0)
            rc = -world_copy(&snaps[pl->snap_index[t]], &wk->world);
    }
    return rc;
}

/* ---- folding records in replica order -------------------------------- */

/* final.csv (and replicas.csv) rows of replica r, whose record is rec. */
static void write_replica_rows(const struct scenario *s, const struct plan *pl, long r, const double *rec,
                               struct run_files *rf)
{
    const double *last = rec + (size_t)(pl->n_rec - 1) * METRIC_COUNT;
    for (int m = 0; m < METRIC_COUNT; m++) {
        if (!(s->measure.metrics & (1u << m)))
            continue;
        csvout_string(rf->final.f, s->name);
        fprintf(rf->final.f, ",%ld,%s,", r, measure_metric_name(m));
        csvout_number(rf->final.f, last[m]);
        fputc('\n', rf->final.f);
    }
    if (rf->per_replica) {
        for (int k = 0; k < pl->n_rec; k++)
            for (int m = 0; m < METRIC_COUNT; m++) {
                if (!(s->measure.metrics & (1u << m)))
                    continue;
                csvout_string(rf->replicas.f, s->name);
                fprintf(rf->replicas.f, ",%ld,%d,%s,", r, pl->rec_step[k], measure_metric_name(m));
                csvout_number(rf->replicas.f, rec[(size_t)k * METRIC_COUNT + m]);
                fputc('\n', rf->replicas.f);
            }
    }
}

static void write_stats_row(FILE *f, const struct stats_summary *sm, int n_q)
{
    fprintf(f, ",%zu,", sm->n);
    csvout_number(f, sm->mean);
    fputc(',', f);
    csvout_number(f, sm->sd);
    for (int k = 0; k < n_q; k++) {
        fputc(',', f);
        csvout_number(f, sm->q[k]);
    }
    fputc('\n', f);
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
            if (!(s->measure.metrics & (1u << m)))
                continue;
            stats_summarize(&st->summary, (size_t)k * METRIC_COUNT + m, scratch, &sm);
            csvout_string(rf->summary.f, s->name);
            fprintf(rf->summary.f, ",%d,%s", pl.rec_step[k], measure_metric_name(m));
            write_stats_row(rf->summary.f, &sm, N_SUMMARY_Q);
        }
    size_t i = 0;
    for (int k = 0; k < s->n_node_steps; k++)
        for (int v = 0; v < s->world.n_nodes; v++)
            for (int m = 0; m < NODE_METRIC_COUNT; m++, i++) {
                if (m != NODE_PRESENT && !(s->measure.node_metrics & (1u << m)))
                    continue;
                stats_summarize(&st->nodes, i, scratch, &sm);
                csvout_string(rf->nodes.f, s->name);
                fprintf(rf->nodes.f, ",%d,", s->node_steps[k]);
                csvout_string(rf->nodes.f, s->ids[v]);
                fprintf(rf->nodes.f, ",%s", measure_node_metric_name(m));
                write_stats_row(rf->nodes.f, &sm, N_NODE_Q);
            }
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
    int rc = atomicfile_mkdirs(sdir, d);
    for (int k = 0; !rc && k < s->n_snapshots; k++) {
        char name[256];
        snprintf(name, sizeof name, "%s_step%d.graphml", s->name, s->snapshots[k]);
        rc = snapshot_write(s, &snaps[k], sdir, name, d);
    }
    free(sdir);
    return rc;
}

/* ---- the run ---------------------------------------------------------- */

/* Values a cell keeps exactly: the table's share of RUNNER_EXACT_BUDGET,
 * between RUNNER_EXACT_MIN and max. Memory then stops growing with the
 * replica count once every cell holds that many (docs/OUTPUTS.md). */
static size_t exact_cap_for(size_t cells, size_t max)
{
    size_t cap = cells ? RUNNER_EXACT_BUDGET / (cells * sizeof(double)) : max;
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
    int rc = stats_table_init(&st->summary, pl.metric_vals, summary_probs, N_SUMMARY_Q,
                              exact_cap_for(pl.metric_vals, cap_max)) ||
             stats_table_init(&st->nodes, pl.node_vals, node_probs, N_NODE_Q, exact_cap_for(pl.node_vals, cap_max));
    plan_destroy(&pl);
    if (rc) {
        runner_state_destroy(st);
        return -1;
    }
    return 0;
}

void runner_state_destroy(struct runner_state *st)
{
    if (!st)
        return;
    stats_table_destroy(&st->summary);
    stats_table_destroy(&st->nodes);
    st->done = 0;
}

int runner_run(const struct scenario *s, const struct runner_options *o, struct run_files *rf,
               struct runner_state *st, struct diag *d)
{
    struct plan pl;
    struct world *snaps = NULL;
    double *recs = NULL, *mpi_scratch = NULL;
    int *status = NULL;
    int rc = DIAG_OK;

    if (plan_init(&pl, s))
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    snaps = calloc((size_t)s->n_snapshots + 1, sizeof *snaps);
    if (!snaps) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    for (int k = 0; k < s->n_snapshots; k++)
        world_init(&snaps[k]);

    int threads = o->threads > 0 ? o->threads : 1;
    int rank = ranks_rank(), nranks = ranks_size();
    size_t rec_vals = pl.metric_vals + pl.node_vals;
    size_t batch = (size_t)threads * (size_t)nranks * RUNNER_BATCH_PER_THREAD;
    size_t by_mem = RUNNER_BATCH_BYTES / (rec_vals * sizeof(double) + 1);
    if (batch > by_mem)
        batch = by_mem > (size_t)threads * (size_t)nranks ? by_mem : (size_t)threads * (size_t)nranks;
    if (batch > (size_t)s->replicas)
        batch = (size_t)s->replicas;
    recs = malloc(batch * rec_vals * sizeof *recs);
    status = calloc(batch, sizeof *status);
    if (!recs || !status || (nranks > 1 && !(mpi_scratch = malloc(batch * (rec_vals + 1) * sizeof *mpi_scratch)))) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory for %zu replica records", batch);
        goto cleanup;
    }

    /* Shared state: `stop` is written by the master thread between barriers,
     * `oom` atomically during the fold; everyone reads them after a barrier. */
    int stop = 0, oom = 0, init_failed = 0, comm_failed = 0, interrupted = 0, side_rc = 0;
    long done = 0, fail_replica = -1;
    int fail_code = 0;
    size_t n_cells = pl.metric_vals + pl.node_vals;
#pragma omp parallel num_threads(threads)
    {
        struct worker wk;
        if (worker_init(&wk, s)) {
#pragma omp atomic write
            init_failed = 1;
        }
#pragma omp barrier
#pragma omp master
        {
            init_failed = ranks_max_int(init_failed);   /* every rank stops if one cannot start */
            stop = init_failed;
        }
#pragma omp barrier
        for (long start = st->done; start < s->replicas && !stop; start += (long)batch) {
            long end = start + (long)batch;
            if (end > s->replicas)
                end = s->replicas;
            /* this rank's replicas of the batch: slots j = rank, rank + nranks, ... */
#pragma omp for schedule(dynamic, 1)
            for (long j = rank; j < end - start; j += nranks) {
                long r = start + j;
                double *rec = recs + (size_t)j * rec_vals;
                status[j] = run_replica(s, &pl, r, &wk, rec, rec + pl.metric_vals, r == 0 ? snaps : NULL);
                if (o->progress && nranks == 1) {
                    /* one caller at a time; the callback throttles its own output */
#pragma omp critical(infnet_progress)
                    o->progress(o->progress_ctx, ++done, s->replicas);
                }
            }
            /* the batch is complete on this rank: gather it on rank 0, decide together */
#pragma omp master
            {
                int f = 0;
                if (nranks > 1 && ranks_gather_batch(recs, status, (size_t)(end - start), rec_vals, mpi_scratch))
                    comm_failed = f = 1;
                if (rank == 0)
                    for (long r = start; r < end && fail_replica < 0; r++)
                        if (status[r - start]) {
                            fail_replica = r;
                            fail_code = status[r - start];
                            f = 1;
                        }
                ranks_bcast_int(&f);
                stop = f;
            }
#pragma omp barrier
            if (rank == 0 && !stop) {
                /* Fold in parallel over cells: each cell still receives the
                 * replicas' values in replica order, so the statistics do not
                 * depend on the thread count. */
                int local_oom = 0;
#pragma omp for schedule(static)
                for (size_t c0 = 0; c0 < n_cells; c0 += RUNNER_FOLD_BLOCK) {
                    size_t c1 = c0 + RUNNER_FOLD_BLOCK < n_cells ? c0 + RUNNER_FOLD_BLOCK : n_cells;
                    for (long r = start; r < end; r++) {
                        const double *rec = recs + (size_t)(r - start) * rec_vals;
                        for (size_t c = c0; c < c1; c++)
                            local_oom |= c < pl.metric_vals ? stats_add(&st->summary, c, rec[c])
                                                            : stats_add(&st->nodes, c - pl.metric_vals, rec[c]);
                    }
                }
                if (local_oom) {
#pragma omp atomic write
                    oom = 1;
                }
#pragma omp single
                {
                    for (long r = start; r < end; r++)
                        write_replica_rows(s, &pl, r, recs + (size_t)(r - start) * rec_vals, rf);
                    st->done = end;
                    if (start == 0 && !side_rc)
                        side_rc = write_snapshots(s, snaps, rf->dir, d);
                    if (!side_rc && o->checkpoint)
                        side_rc = o->checkpoint(o->checkpoint_ctx, st, d);
                    if (o->progress && nranks > 1)
                        o->progress(o->progress_ctx, end, s->replicas);
                }
            }
#pragma omp master
            {
                /* stop on memory or I/O trouble, or when asked to (a signal) */
                int f = oom || side_rc ? 1 : (o->stop && *o->stop) ? 2 : 0;
                ranks_bcast_int(&f);
                if (f == 2 && end < s->replicas)
                    interrupted = 1;
                stop |= f != 0;
            }
#pragma omp barrier
        }
        worker_destroy(&wk);
    }
    if (init_failed) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory preparing the workers");
        goto cleanup;
    }
    if (comm_failed) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "scenario '%s': gathering the replicas of the ranks failed",
                      s->name);
        goto cleanup;
    }
    if (oom) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory while aggregating");
        goto cleanup;
    }
    if (fail_replica >= 0) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "scenario '%s': replica %ld failed: %s", s->name, fail_replica,
                      fail_code > 0 ? igraph_strerror(fail_code)
                      : fail_code == -WORLD_ENOMEM ? "out of memory" : "model error");
        goto cleanup;
    }
    if (side_rc) {   /* a snapshot or checkpoint could not be written: d says why */
        rc = side_rc;
        goto cleanup;
    }
    if (interrupted) {
        rc = diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0, "scenario '%s': interrupted after %ld of %ld replicas",
                      s->name, st->done, s->replicas);
        goto cleanup;
    }
    if (stop && rank != 0) {   /* rank 0 stopped the run; it reports why */
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "scenario '%s': the run stopped on rank 0", s->name);
        goto cleanup;
    }
    if (rank != 0)
        goto cleanup;   /* only rank 0 holds the aggregates and writes */
    if (runner_write_aggregates(s, st, rf))
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing the statistics");

cleanup:
    if (snaps)
        for (int k = 0; k < s->n_snapshots; k++)
            world_destroy(&snaps[k]);
    free(snaps);
    free(recs);
    free(status);
    free(mpi_scratch);
    plan_destroy(&pl);
    return rc;
}
