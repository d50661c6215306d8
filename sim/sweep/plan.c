/* sim/sweep/plan.c - an experiment's design points: the samplers of analysis/design.h on its factors.
 *
 * Kept apart from the sweep's execution so that the points can be drawn
 * again, byte for byte, by anything that reads a sweep's outputs.
 */
#include "sim/sweep/plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/design.h"
#include "sim/engine/rng.h"

/* Levels of factor f in a full factorial design: its own levels or
 * alternatives, else the design's points per continuous factor. */
static size_t factorial_levels(const struct experiment *e, const struct factor *f)
{
    if (f->kind == FACTOR_LEVELS)
        return f->n_levels;
    if (f->kind == FACTOR_ALTERNATIVES)
        return f->n_alts;
    return e->design.levels > 0 ? (size_t)e->design.levels : 0;
}

void sweep_plan_destroy(struct sweep_plan *p)
{
    free(p->u);
    memset(p, 0, sizeof *p);
}

static int design_failed(struct sweep_plan *p, const struct experiment *e, igraph_error_t st, struct diag *d)
{
    sweep_plan_destroy(p);
    if (st == IGRAPH_ENOMEM)
        return diag_set(d, DIAG_RUNTIME, e->path, 0, 0, "out of memory drawing the %s design",
                        experiment_method_name(e->design.method));
    return diag_set(d, DIAG_INPUT, e->path, 0, 0, "the %s design cannot be drawn for these %zu factors",
                    experiment_method_name(e->design.method), e->n_factors);
}

int sweep_plan_init(struct sweep_plan *p, const struct experiment *e, struct diag *d)
{
    memset(p, 0, sizeof *p);
    size_t k = e->n_factors, n = 0;
    const struct experiment_design *ds = &e->design;
    size_t *levels = calloc(k + 1, sizeof *levels);
    if (!levels)
        return diag_set(d, DIAG_RUNTIME, e->path, 0, 0, "out of memory drawing the design");
    switch (ds->method) {
    case EXPERIMENT_FACTORIAL:
        for (size_t j = 0; j < k; j++)
            levels[j] = factorial_levels(e, &e->factors[j]);
        n = design_factorial_rows(levels, k);
        break;
    case EXPERIMENT_LHS: n = ds->samples > 0 ? (size_t)ds->samples : 0; break;
    case EXPERIMENT_SOBOL:
        n = ds->samples > 0 ? design_saltelli_rows((size_t)ds->samples, k, ds->second_order) : 0;
        break;
    case EXPERIMENT_MORRIS:
        n = ds->trajectories > 0 ? design_morris_rows((size_t)ds->trajectories, k) : 0;
        break;
    }
    if (n == 0 || k == 0 || n > SIZE_MAX / k / sizeof(double)) {
        free(levels);
        return design_failed(p, e, IGRAPH_EINVAL, d);
    }
    p->n_points = n;
    p->k = k;
    p->u = malloc(n * k * sizeof *p->u);
    struct rng_stream rng;
    int have_rng = 0;
    if (p->u && ds->method != EXPERIMENT_FACTORIAL) {
        if (rng_stream_init(&rng) == 0) {
            have_rng = 1;
            rng_stream_seed_with(&rng, ds->seed);
        }
    }
    igraph_error_t st = IGRAPH_ENOMEM;
    if (p->u && (have_rng || ds->method == EXPERIMENT_FACTORIAL)) {
        switch (ds->method) {
        case EXPERIMENT_FACTORIAL: st = design_factorial(levels, k, p->u); break;
        case EXPERIMENT_LHS: st = design_lhs(n, k, p->u, rng.gsl); break;
        case EXPERIMENT_SOBOL:
            /* GSL's Sobol sequence has 2 DESIGN_SOBOL_MAX_FACTORS dimensions:
             * more factors draw A and B as independent uniforms (docs/SENSITIVITY.md) */
            st = design_saltelli((size_t)ds->samples, k, ds->second_order,
                                 k <= DESIGN_SOBOL_MAX_FACTORS ? DESIGN_SOBOL_SHIFTED : DESIGN_RANDOM, 0,
                                 p->u, rng.gsl);
            break;
        case EXPERIMENT_MORRIS:
            st = design_morris((size_t)ds->trajectories, k, (size_t)ds->levels, p->u, rng.gsl);
            break;
        }
    }
    if (have_rng)
        rng_stream_destroy(&rng);
    free(levels);
    if (st != IGRAPH_SUCCESS)
        return design_failed(p, e, st, d);
    return DIAG_OK;
}

int sweep_plan_point(const struct sweep_plan *p, const struct experiment *e, size_t i, struct factor_value *v)
{
    if (i >= p->n_points)
        return -1;
    for (size_t j = 0; j < p->k; j++)
        if (experiment_factor_value(e, j, p->u[i * p->k + j], &v[j]))
            return -1;
    return 0;
}

int sweep_plan_sets(const struct experiment *e, const struct factor_value *v, struct scenario_set *sets,
                    int max)
{
    int n = 0;
    for (size_t j = 0; j < e->n_factors; j++) {
        int m = experiment_factor_sets(e, j, &v[j], sets + n, max - n);
        if (m > max - n)
            return -1;
        n += m;
    }
    return n;
}

struct named {
    const char *name, *text;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

char *sweep_plan_key(const struct experiment *e, const struct factor_value *v)
{
    struct named *nv = calloc(e->n_factors + 1, sizeof *nv);
    if (!nv)
        return NULL;
    for (size_t j = 0; j < e->n_factors; j++) {
        nv[j].name = e->factors[j].name;
        nv[j].text = experiment_value_text(e, j, &v[j]);
    }
    qsort(nv, e->n_factors, sizeof *nv, by_name);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f) {
        for (size_t j = 0; j < e->n_factors; j++)
            fprintf(f, "%s=%s\n", nv[j].name, nv[j].text);
        if (fclose(f) != 0) {
            free(text);
            text = NULL;
        }
    }
    free(nv);
    return text;
}
