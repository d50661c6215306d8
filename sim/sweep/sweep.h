/* sim/sweep/sweep.h - one `infnet sweep`: every design point of an experiment through the runner.
 *
 * For each base scenario, for each design point (sim/sweep/plan.h), in that
 * order: the point's overrides are applied to the scenario (with the
 * experiment's replicas and seed, and no snapshots or node statistics), the
 * scenario is loaded and its replicas go through the Monte Carlo runner
 * (threads and ranks as `infnet run`), and the point's rows are appended to
 * points.csv as soon as it is done; nothing of a point is kept after it, so
 * memory does not grow with the number of points (the contrasts' rows, appended
 * after every point's, hold the means of the scenarios they name: 24 bytes a
 * point, step and metric). design.csv, points.csv and
 * meta.json are renamed into place at the end, meta.json last. Interrupted:
 * the completed points' rows are written with meta.json "complete": false
 * and a checkpoint is kept, so that --resume ends with the same bytes as an
 * uninterrupted sweep (docs/OUTPUTS.md, "Sweeps").
 */
#ifndef INFNET_SIM_SWEEP_SWEEP_H
#define INFNET_SIM_SWEEP_SWEEP_H

#include <signal.h>

#include "sim/load/scenario.h"
#include "sim/util/diag.h"

/* Where a sweep is, for a progress line. */
struct sweep_progress {
    const char *name;    /* the experiment's */
    long points_done;    /* design points x scenarios finished */
    long points_total;   /* design points x scenarios */
    long replicas_done;  /* replicas finished, with those of an earlier, interrupted session */
    long replicas_total; /* of the whole sweep */
};

struct sweep_request {
    const char *experiment; /* the experiment file */
    const char *outdir;     /* NULL: out/sweep-NAME */
    const struct scenario_limits *limits;
    int threads;
    int force;                         /* replace results already in outdir */
    int resume;                        /* continue the interrupted sweep in outdir */
    const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM */
    /* called on rank 0 after each replica (one rank) or batch (several); may be NULL */
    void (*progress)(void *ctx, const struct sweep_progress *p);
    void *progress_ctx;
    int argc; /* command line recorded in meta.json */
    char *const *argv;
    const char *version, *commit;
};

/* Run the sweep; on success (or interruption) *dir_out (if not NULL)
 * receives the output directory (malloc'd) and *wall (if not NULL) the wall
 * seconds. Returns DIAG_OK, DIAG_INPUT (bad experiment, a point the
 * scenario refuses, a directory that holds results), DIAG_RUNTIME, or
 * DIAG_INTERRUPTED (exit 130) with a checkpoint to resume from. */
int sweep_execute(const struct sweep_request *req, char **dir_out, double *wall, struct diag *d);

#endif
