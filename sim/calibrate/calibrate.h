/* sim/calibrate/calibrate.h - `infnet calibrate`: ABC-SMC over an experiment's factors against observations.
 *
 * The experiment file of `infnet sweep` with a `calibration` section gives
 * the parameters (its numeric factors, their ranges or distributions as
 * priors; one factor of alternatives as a choice between model variants),
 * the replicas per particle and their seed; the observations file
 * (sim/load/observations.h) gives what the model is compared with. Each
 * generation proposes particles one at a time, by index (analysis/abc.h),
 * proposal i of generation g drawing from the stream seeded by (seed,
 * "calibrate g", i); each proposal is a point of the experiment
 * (sim/sweep/point.h) whose replicas run through the Monte Carlo runner
 * (threads and MPI ranks as `infnet run`), reduced to the observations'
 * summaries and to one distance. Under MPI every rank runs the sampler in
 * lockstep on rank 0's summaries, and only rank 0 writes. The sampler's
 * state is checkpointed (a generation closed, a signal, every
 * RUN_CHECKPOINT_SECONDS), so --resume ends with the same bytes. At the
 * end the posterior's particles are run once more (the posterior
 * predictive) and posterior.csv, generations.csv, predictive.csv and
 * meta.json are renamed into place, meta.json last (docs/CALIBRATION.md,
 * docs/OUTPUTS.md "Calibrations").
 * Layer: sim/ (analysis/abc.h for the sampler).
 */
#ifndef INFNET_SIM_CALIBRATE_CALIBRATE_H
#define INFNET_SIM_CALIBRATE_CALIBRATE_H

#include <signal.h>

#include "sim/load/scenario.h"
#include "sim/util/diag.h"

struct calibrate_request {
    const char *experiment;   /* the experiment file, with a `calibration` section */
    const char *observations; /* the observations file */
    const char *outdir;       /* NULL: out/calibrate-NAME */
    const struct scenario_limits *limits;
    int threads;
    int force, resume;
    int quiet;                         /* no progress line */
    const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM */
    int argc;                          /* command line recorded in meta.json */
    char *const *argv;
    const char *version, *commit;
};

/* Run the calibration; on success (or interruption) *dir_out (if not NULL)
 * receives the output directory (malloc'd). DIAG_OK, DIAG_INPUT (bad
 * files, a generation that cannot be filled within max_proposals, a
 * directory holding results), DIAG_RUNTIME, or DIAG_INTERRUPTED with a
 * checkpoint to resume from. */
int calibrate_execute(const struct calibrate_request *req, char **dir_out, struct diag *d);

#endif
