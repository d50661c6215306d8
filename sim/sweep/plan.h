/* sim/sweep/plan.h - an experiment's design: the unit-hypercube points and each point's overrides.
 *
 * The one place where an experiment (sim/sweep/experiment.h) becomes design
 * points, so that `infnet sweep` and whatever reads its outputs back
 * (sensitivity estimators, plots) agree on every point:
 *   - sweep_plan_init draws the design with the samplers of analysis/design.h
 *     from the experiment's method, parameters and design.seed alone; row i
 *     of the sampler's output is point i (design.csv's `point` column), in
 *     the sampler's order (Saltelli's blocks, Morris' trajectories);
 *   - sweep_plan_point maps row i to each factor's value
 *     (experiment_factor_value), and sweep_plan_sets and sweep_plan_key give
 *     the point's --set overrides and its canonical text.
 * Generators: factorial designs draw nothing; lhs, sobol and morris draw from
 * the PCG32 stream of sim/engine/rng.h seeded with design.seed; sobol uses
 * GSL's Sobol sequence shifted by one uniform draw per dimension
 * (DESIGN_SOBOL_SHIFTED, no points skipped). docs/OUTPUTS.md, "Sweeps".
 * Layer: sim/ (analysis/design.h for the samplers).
 */
#ifndef INFNET_SIM_SWEEP_PLAN_H
#define INFNET_SIM_SWEEP_PLAN_H

#include <stddef.h>

#include "sim/sweep/experiment.h"
#include "sim/util/diag.h"

struct sweep_plan {
    size_t n_points; /* rows */
    size_t k;        /* factors (columns) */
    double *u;       /* n_points x k, row-major: factor j of point i at u[i * k + j], in [0, 1] */
};

/* Draw the design of e. DIAG_OK; DIAG_INPUT when the design cannot be drawn
 * for these factors (d names the experiment file); DIAG_RUNTIME when out of
 * memory. On failure p is empty (safe to destroy). */
int sweep_plan_init(struct sweep_plan *p, const struct experiment *e, struct diag *d);
void sweep_plan_destroy(struct sweep_plan *p);

/* The factor values of point i into v[0..k-1]. 0, or -1 when i is out of range. */
int sweep_plan_point(const struct sweep_plan *p, const struct experiment *e, size_t i,
                     struct factor_value *v);

/* The --set overrides of the point whose values are v (every factor's,
 * in factor order; at most max). Strings valid while e and v are. Returns
 * the count, or -1 when they do not fit in max. */
int sweep_plan_sets(const struct experiment *e, const struct factor_value *v, struct scenario_set *sets,
                    int max);

/* The point's canonical text: one `name=value` line per factor (the text
 * design.csv prints), sorted by factor name, so that the same values give
 * the same text in any experiment and any factor order. malloc'd; NULL when
 * out of memory. */
char *sweep_plan_key(const struct experiment *e, const struct factor_value *v);

#endif
