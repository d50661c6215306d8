/* sim/sweep/analyse.h - a sweep's analysis: sensitivity.csv and discovery.csv from design.csv and points.csv.
 *
 * Run after a sweep has written DIR/design.csv (point, one column per
 * factor) and DIR/points.csv (point, scenario, step, metric, n, mean, sd,
 * quantiles, factor columns). For every scenario, metric and step, the
 * output of design point i is the mean over its replicas (points.csv's
 * `mean`), so replica noise is averaged out before any index is estimated;
 * how much of the variance is still noise is reported beside the indices
 * (docs/SENSITIVITY.md, "Noise"). The estimators are analysis/'s:
 *   - sobol: S1, ST (and S2) with percentile bootstrap intervals;
 *   - morris: mu, mu_star (with its bootstrap interval), sigma, on the unit
 *     design the sampler drew (the elementary effects need its steps);
 *   - factorial, lhs: standardized regression coefficients of the factor
 *     values (design.csv; levels and alternatives by their codes) with
 *     percentile bootstrap intervals over the points, and R2.
 * With a discovery condition, PRIM's peeling trajectory over the factor
 * values, the cases being the points whose mean satisfies it, per scenario
 * (or for the one the condition names). A contrast's rows (sim/sweep/sweep.c)
 * are a series like a scenario's, under the contrast's name.
 * Both files are written whole through sim/output/atomicfile; bootstrap
 * draws come from a stream seeded by the design seed, the scenario, the
 * metric and the step, so the same files give the same bytes. docs/OUTPUTS.md
 * describes the columns.
 * sweep_analyse() builds the spec from an experiment (sim/sweep/experiment.h)
 * and its plan (sim/sweep/plan.h); sweep_analyse_spec() needs neither, so
 * that it is tested on hand-made files.
 * Layer: sim/ (analysis/ estimators; sim/output readers and writers).
 */
#ifndef INFNET_SIM_SWEEP_ANALYSE_H
#define INFNET_SIM_SWEEP_ANALYSE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/util/diag.h"

/* Bootstrap resamples and interval level of every index with an interval. */
#define SWEEP_BOOTSTRAP 1000
#define SWEEP_LEVEL 0.95

enum sweep_method { SWEEP_FACTORIAL, SWEEP_LHS, SWEEP_SOBOL, SWEEP_MORRIS };
enum sweep_op { SWEEP_LT, SWEEP_LE, SWEEP_GT, SWEEP_GE };

/* The number a non-numeric design.csv value stands for (a level's text, an
 * alternative's name). */
struct sweep_code {
    const char *text;
    double x;
};

struct sweep_factor {
    const char *name; /* its design.csv column */
    const struct sweep_code *codes;
    size_t n_codes;
};

/* A point is a case when the mean of metric at step compares with threshold
 * as op says; step -1 is the last step points.csv holds for the scenario.
 * scenario names the one series of points.csv (a scenario or a contrast)
 * PRIM runs on; NULL: each one points.csv names. */
struct sweep_condition {
    const char *metric;
    int step;
    enum sweep_op op;
    double threshold;
    const char *scenario;
};

/* What the analysis needs to know of an experiment. */
struct sweep_spec {
    enum sweep_method method;
    int second_order; /* sobol: also S2 */
    size_t k;
    const struct sweep_factor *factors;
    size_t n_points;
    const double *unit; /* n_points x k: the sampler's unit design, row i = point i (morris needs it) */
    uint64_t seed;      /* of the bootstrap streams: the design seed */
    size_t n_boot;      /* resamples (SWEEP_BOOTSTRAP) */
    double level;       /* of the intervals (SWEEP_LEVEL) */
    const struct sweep_condition *discovery; /* NULL: no discovery.csv */
    size_t series_budget;              /* bytes of point means one pass over points.csv loads; 0: 256 KiB */
    const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM: stop; may be NULL */
};

/* Read DIR/design.csv and DIR/points.csv and write DIR/sensitivity.csv (and
 * DIR/discovery.csv with a condition). design.csv must hold the k factor
 * columns and n_points rows with consecutive point ids; points.csv a row
 * for every point of each (scenario, metric, step) it names. An index that
 * cannot be estimated (an output that is not finite or does not vary, a
 * constant factor, too few points for the regression) is written empty.
 * DIAG_OK; DIAG_INPUT for files that disagree with the spec or each other
 * (FILE:LINE:COL where a field is at fault); DIAG_RUNTIME for I/O and
 * memory; DIAG_INTERRUPTED on a signal. */
int sweep_analyse_spec(const char *dir, const struct sweep_spec *s, struct diag *d);

struct experiment;

struct sweep_plan;

/* The stage `infnet sweep` runs after points.csv is complete: the spec of
 * experiment e (its factors' names and value codes, the unit design of plan,
 * or when plan is NULL that drawn again by sim/sweep/plan from the method,
 * parameters and design seed, its discovery condition), then
 * sweep_analyse_spec(). stop may be NULL. */
int sweep_analyse(const char *dir, const struct experiment *e, const struct sweep_plan *plan,
                  const volatile sig_atomic_t *stop, struct diag *d);

#endif
