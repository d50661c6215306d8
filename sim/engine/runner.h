/* sim/engine/runner.h - the Monte Carlo runner: replicas of a scenario, in parallel, aggregated as they
 * finish.
 *
 * Replicas run in batches; within a batch OpenMP threads take replicas
 * dynamically, each into its own record; after the batch one thread folds the
 * records into the streaming statistics and the per-replica files in replica
 * order. Outputs therefore do not depend on the thread count, and memory is
 * bounded by the batch (a few records per thread) plus the statistics cells,
 * not by the number of replicas.
 * Each worker owns its world, workspaces and RNG stream, and sets that stream
 * as its thread's igraph default RNG, with igraph's error handler set to
 * return codes instead of aborting.
 */
#ifndef INFNET_SIM_RUNNER_H
#define INFNET_SIM_RUNNER_H

#include <signal.h>
#include <stddef.h>

#include "analysis/stats.h"
#include "sim/output/atomicfile.h"
#include "sim/util/diag.h"
#include "sim/load/scenario.h"

struct runner_state;

struct runner_options {
    int threads;      /* OpenMP threads, >= 1 */
    int per_replica;  /* also write replicas.csv */
    size_t exact_cap; /* at most this many exact values per cell (0: RUNNER_EXACT_CAP) */
    /* Called after each replica (from the worker that ran it, one call at a
     * time; with several ranks, on rank 0 after each batch) with the number
     * finished so far, those of a resumed state included; may be NULL. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
    /* Set (by a signal handler) to stop after the batch in flight; may be NULL. */
    const volatile sig_atomic_t *stop;
    /* Called on rank 0 after each folded batch with the state so far (the
     * callback decides whether to write a checkpoint); may be NULL. Returns
     * 0, or a diag code to abandon the run. */
    int (*checkpoint)(void *ctx, const struct runner_state *st, struct diag *d);
    void *checkpoint_ctx;
    /* The text replica r's stream is keyed by: rng_stream_seed(seed,
     * stream_key, r). NULL: the scenario's name (`infnet run`). */
    const char *stream_key;
    /* The scenario replica r simulates (`infnet run --posterior`: the
     * scenario loaded with the particle drawn for r): its world, parameters,
     * pressures, events and measure options are used, while the plan
     * (steps, recorded steps, node steps, snapshots), the outputs and the
     * streams stay the run's scenario's, whose shape it must have (nodes,
     * steps, node steps, metrics). Called from any worker thread at once, so
     * it must only read. NULL: the run's scenario itself. */
    const struct scenario *(*variant)(void *ctx, long r);
    void *variant_ctx;
};

/* Whose patron each faction is, counted over the replicas folded so far
 * (patrons.csv): for every recorded step and faction node (spawn slots
 * included), the replicas in which it is active and, among those, the ones
 * in which each agency (or none) is its patron. Whole counts, so that they
 * are exact whatever the order of the replicas. */
struct runner_patrons {
    int n_rec, n_factions, n_agencies;
    int *faction; /* [n_factions]: node indices of the faction nodes */
    int *agency;  /* [n_agencies]: node indices of the agency nodes */
    long *active; /* [n_rec][n_factions] */
    long *count;  /* [n_rec][n_factions][n_agencies + 1]: the last counts no patron */
};

/* What a scenario's run has folded so far: the streaming statistics and the
 * number of replicas in them (always replicas 0..done-1). Owned by the
 * caller, so that an interrupted run can be checkpointed and resumed. */
struct runner_state {
    long done;
    struct stats_table summary; /* recorded steps x METRIC_COUNT cells */
    struct stats_table nodes;   /* node steps x nodes x NODE_METRIC_COUNT cells */
    struct runner_patrons patrons;
};

/* An empty state sized for s (exact_cap_max: 0 for RUNNER_EXACT_CAP). */
int runner_state_init(struct runner_state *st, const struct scenario *s, size_t exact_cap_max);
void runner_state_destroy(struct runner_state *st);

/* Largest exact-quantile capacity of a statistics cell; the runner gives a
 * table's cells less when many share its memory budget (docs/OUTPUTS.md). */
#define RUNNER_EXACT_CAP 1000

/* The files of one `infnet run`, shared by all its scenarios. */
struct run_files {
    char *dir;
    int per_replica;
    struct atomicfile summary, final, nodes, replicas, patrons;
};

/* The output streams of a run, in the order of the lengths a checkpoint records. */
#define RUNNER_STREAMS 5

/* Open the output files (temporary names) in dir and write their headers. */
int runner_files_open(struct run_files *rf, const char *dir, int per_replica, struct diag *d);
/* Reopen the files of an interrupted run for appending, each holding the
 * byte length a checkpoint recorded (len: summary, final, nodes, replicas,
 * patrons). */
int runner_files_resume(struct run_files *rf, const char *dir, int per_replica,
                        const long len[RUNNER_STREAMS], struct diag *d);
/* Flush and fsync the files and report their lengths (0 for a file not open). */
int runner_files_sync(struct run_files *rf, long len[RUNNER_STREAMS], struct diag *d);
/* Rename every file to its final name. */
int runner_files_commit(struct run_files *rf, struct diag *d);
/* Remove the final output files from dir (when meta.json could not follow them). */
void runner_files_unlink(const char *dir);
/* Remove the temporary files. */
void runner_files_abort(struct run_files *rf);

/* Run the replicas st->done .. s->replicas-1 of s, folding them into st and
 * appending their final.csv (replicas.csv) rows to rf; write replica 0's
 * snapshots into rf->dir/snapshots/ as soon as it is folded. At the end,
 * append the summary.csv, nodes.csv and patrons.csv rows. rf NULL: no file is written
 * (no rows, no snapshots); the caller reads the statistics from st. When *o->stop is set, stop
 * after the batch in flight and return DIAG_INTERRUPTED with st->done
 * replicas folded (no summary rows written). Under MPI only rank 0 folds
 * and writes. */
int runner_run(const struct scenario *s, const struct runner_options *o, struct run_files *rf,
               struct runner_state *st, struct diag *d);

/* Write the snapshots of s (replica 0's networks at the snapshot steps)
 * into dir/snapshots/ again, as runner_run with options o (may be NULL)
 * wrote them: a resumed run whose snapshots were deleted or damaged ends
 * with the same bytes. */
int runner_snapshots(const struct scenario *s, const struct runner_options *o, const char *dir,
                     struct diag *d);

/* Append the summary.csv, nodes.csv and patrons.csv rows of st (rank 0). 0, or -1 when out of memory. */
int runner_write_aggregates(const struct scenario *s, const struct runner_state *st, struct run_files *rf);

/* The summary cell of st->summary that holds metric m at step t of s, or -1
 * when step t is not recorded. */
long runner_summary_cell(const struct scenario *s, int t, int m);

/* The share of the replicas folded into st in which node `faction` of s is
 * active at recorded step t with node `agency` as its patron: NaN when t is
 * not recorded, the node is not a faction or agency `agency` is not one,
 * or the faction is active in no replica at t. */
double runner_patron_share(const struct scenario *s, const struct runner_state *st, int t, int faction,
                           int agency);

#endif
