/* sim/runner.h - the Monte Carlo runner: replicas of a scenario, in parallel, aggregated as they finish.
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

#include <stddef.h>

#include "atomicfile.h"
#include "diag.h"
#include "scenario.h"

struct runner_options {
    int threads;             /* OpenMP threads, >= 1 */
    int per_replica;         /* also write replicas.csv */
    size_t exact_cap;        /* at most this many exact values per cell (0: RUNNER_EXACT_CAP) */
    /* Called after each replica (from the worker that ran it, one call at a
     * time) with the number finished so far; may be NULL. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
};

/* Largest exact-quantile capacity of a statistics cell; the runner gives a
 * table's cells less when many share its memory budget (docs/OUTPUTS.md). */
#define RUNNER_EXACT_CAP 1000

/* The files of one `infnet run`, shared by all its scenarios. */
struct run_files {
    char *dir;
    int per_replica;
    struct atomicfile summary, final, nodes, replicas;
};

/* Open the output files (temporary names) in dir and write their headers. */
int runner_files_open(struct run_files *rf, const char *dir, int per_replica, struct diag *d);
/* Rename every file to its final name. */
int runner_files_commit(struct run_files *rf, struct diag *d);
/* Remove the temporary files. */
void runner_files_abort(struct run_files *rf);

/* Run every replica of s (s->replicas, seed s->seed) and append its rows to
 * rf; write replica 0's snapshots into rf->dir/snapshots/. */
int runner_run(const struct scenario *s, const struct runner_options *o, struct run_files *rf, struct diag *d);

#endif
