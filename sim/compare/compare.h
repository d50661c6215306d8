/* sim/compare/compare.h - `infnet compare`: scenarios against a reference, from output directories or
 * scenario files.
 *
 * Each input is an output directory of `infnet run` (it holds summary.csv and
 * final.csv) or a scenario file (.yaml, .yml), which is first run into
 * OUTDIR/runs/<its base name>. The first scenario of the first input (or the
 * one named by `reference`) is the reference A; every other scenario is a B, compared with A at every
 * recorded step and for every metric. The result goes to OUTDIR/comparison.csv (docs/OUTPUTS.md, "infnet
 * compare") and a table of the last step to table_out. Only the statistics of analysis/compare.h are computed
 * here.
 */
#ifndef INFNET_SIM_COMPARE_H
#define INFNET_SIM_COMPARE_H

#include <signal.h>
#include <stdio.h>

#include "sim/util/diag.h"
#include "sim/load/scenario.h"

/* Where comparison.csv goes when no directory is given. */
#define COMPARE_DEFAULT_DIR "out/compare"
/* How B is compared with A: paired (replica i with replica i: Wilcoxon
 * signed-rank test, the interval of the paired differences) when both runs
 * drew from the same random streams, else unpaired (Mann-Whitney U, Welch
 * interval); or forced either way. */
enum compare_pairing { COMPARE_PAIRING_AUTO, COMPARE_PAIRED, COMPARE_UNPAIRED };

/* Confidence level of the intervals when the request gives 0. */
#define COMPARE_DEFAULT_LEVEL 0.95

struct compare_request {
    char *const *inputs; /* output directories or scenario files */
    int n_inputs;
    const char *outdir; /* where comparison.csv goes; NULL -> out/compare */
    int force;          /* replace an existing comparison.csv (and earlier runs) */
    double level;       /* 0.95; 0 -> COMPARE_DEFAULT_LEVEL */
    /* for scenario-file inputs, passed to run_execute (sim/engine/run.h); limits NULL -> defaults: */
    const struct scenario_set *sets;
    int n_sets;
    const struct scenario_limits *limits;
    int threads;
    int argc;
    char *const *argv;
    const char *version, *commit;
    const char *reference;             /* name of the reference scenario A; NULL -> the first */
    enum compare_pairing pairing;      /* COMPARE_PAIRING_AUTO: paired when the runs share streams */
    int resume;                        /* continue the runs an interrupted compare left in OUTDIR/runs */
    const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM: stop the scenario files' runs; may be NULL */
};

/* Run the scenario files, read every directory, refuse inputs that cannot be
 * compared (DIAG_INPUT, naming the directory or file:line), write
 * OUTDIR/comparison.csv, and print the last-step table to table_out (may be
 * NULL). DIAG_OK, DIAG_INPUT or DIAG_RUNTIME with d filled; DIAG_INTERRUPTED
 * when *stop was set while a scenario file ran (its run keeps a checkpoint;
 * `resume` continues it, and runs again from the start any run in
 * OUTDIR/runs without one, to the same bytes). OUTDIR is locked
 * (sim/output/outdir.h) for the whole command. */
int compare_execute(const struct compare_request *req, FILE *table_out, struct diag *d);

#endif
