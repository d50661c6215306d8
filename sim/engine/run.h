/* sim/engine/run.h - one `infnet run`: load scenarios, run them into one directory, record meta.json.
 *
 * Shared by the run command and by compare (which runs scenario files it is
 * given). Progress goes through a callback so that only main prints.
 */
#ifndef INFNET_SIM_RUN_H
#define INFNET_SIM_RUN_H

#include <signal.h>

#include "sim/util/diag.h"
#include "sim/load/scenario.h"

struct run_request {
    char *const *files; /* scenario files */
    int n_files;
    const char *outdir; /* NULL: out/NAME, or out/A+B+... */
    const struct scenario_set *sets;
    int n_sets;
    /* --posterior DIR: each replica's factor values drawn from
     * DIR/posterior.csv (sim/engine/posterior.h); NULL: none */
    const char *posterior;
    const struct scenario_limits *limits;
    int threads;
    int per_replica;
    int force;                         /* replace results already in outdir */
    int resume;                        /* continue the interrupted run in outdir */
    const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM: stop after the batch in flight */
    /* progress: called after each batch with the scenario's name; may be NULL */
    void (*progress)(void *ctx, const char *scenario, long done, long total);
    void *progress_ctx;
    int argc; /* command line recorded in meta.json */
    char *const *argv;
    const char *version, *commit;
};

/* Run everything; on success *dir_out (if not NULL) receives the output
 * directory (malloc'd) and *wall (if not NULL) the wall seconds.
 * Interrupted (req->stop set): the completed replicas' outputs are written
 * with meta.json "complete": false, a checkpoint is kept, and the return is
 * DIAG_INTERRUPTED (exit 130); `resume` continues from that checkpoint (or
 * from the one a killed run left) to outputs byte-identical to an
 * uninterrupted run. Checkpoints are written every RUN_CHECKPOINT_SECONDS. */
int run_execute(const struct run_request *req, char **dir_out, double *wall, struct diag *d);

/* Seconds between two checkpoints of a running run (at most this much work
 * is lost when the process is killed). */
#define RUN_CHECKPOINT_SECONDS 2.0

/* Longest directory name run derives from scenario names (out/A+B+...):
 * NAME_MAX (255 on Linux and the BSDs) less room for ".tmp". */
#define RUN_DIR_NAME_MAX 250

/* 1 if dir already holds results of a run, 0 if not, -1 when out of memory. */
int run_dir_holds_results(const char *dir);
/* The same, counting also the n_also files named in also (a sweep's or a
 * calibration's own outputs). */
int run_dir_holds_any(const char *dir, const char *const *also, size_t n_also);

/* Into out (n bytes): the first line where the checkpoint's fingerprint a
 * and this command's b differ, quoted from both, `who` naming this command
 * ("this run"); when one ends first, fewer (a is longer) or more. */
void run_fingerprint_difference(const char *a, const char *b, const char *who, const char *fewer,
                                const char *more, char *out, size_t n);

#endif
