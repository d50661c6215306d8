/* sim/sweep/point.h - one point of an experiment's factor space as a loaded scenario, ready for the runner.
 *
 * The machinery `infnet sweep` and `infnet calibrate` share: a point is one
 * value per factor (struct factor_value); sweep_point_load() applies its
 * --set overrides to a base scenario after the experiment's own (replicas,
 * seed, no snapshots, no node statistics) and loads it, again with every
 * step recorded when a step the caller reads is not (outputs.every). A
 * value the scenario refuses is reported with the point's name before the
 * scenario loader's reason.
 * Layer: sim/ (sim/load/ for scenarios).
 */
#ifndef INFNET_SIM_SWEEP_POINT_H
#define INFNET_SIM_SWEEP_POINT_H

#include <stddef.h>

#include "sim/load/scenario.h"
#include "sim/sweep/experiment.h"
#include "sim/util/diag.h"

/* The overrides every point gets before its own. */
#define SWEEP_POINT_COMMON 4

struct sweep_point {
    const struct experiment *e;
    const struct scenario_limits *limits;
    const char *option; /* the "option" the overrides added are reported under */
    char reps[32], seed[32];
    struct scenario_set common[SWEEP_POINT_COMMON];
    int n_common;
    struct scenario_set *sets; /* common + one point's + outputs.every (+ node_metrics) */
    int max_sets;
    /* Per-node statistics to keep (`infnet calibrate`'s node observations):
     * the values of outputs.node_steps and outputs.node_metrics for every
     * point; NULL (the default): none. Not owned. */
    const char *node_steps, *node_metrics;
};

/* DIAG_OK, or DIAG_RUNTIME when out of memory (p empty, safe to destroy). */
int sweep_point_init(struct sweep_point *p, const struct experiment *e, const struct scenario_limits *lim,
                     const char *option, struct diag *d);
void sweep_point_destroy(struct sweep_point *p);

/* Load base scenario sc of the experiment at the point whose values are
 * v[0..k-1] into s, every step of steps[0..n_steps-1] recorded. `what`
 * names the point in a refusal ("design point 3"). Errors as
 * scenario_load's; s is left destroyed on failure. */
int sweep_point_load(struct sweep_point *p, size_t sc, const struct factor_value *v, const int *steps,
                     int n_steps, const char *what, struct scenario *s, struct diag *d);

#endif
