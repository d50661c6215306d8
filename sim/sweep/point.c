/* sim/sweep/point.c - a point's overrides applied to a base scenario (sim/sweep/point.h). */
#include "sim/sweep/point.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sweep/plan.h"

int sweep_point_init(struct sweep_point *p, const struct experiment *e, const struct scenario_limits *lim,
                     const char *option, struct diag *d)
{
    memset(p, 0, sizeof *p);
    p->e = e;
    p->limits = lim;
    p->option = option;
    snprintf(p->reps, sizeof p->reps, "%ld", e->replicas);
    snprintf(p->seed, sizeof p->seed, "%llu", (unsigned long long)e->seed);
    p->common[p->n_common++] =
        (struct scenario_set){.key = "monte_carlo.replicas", .value = p->reps, .option = option};
    p->common[p->n_common++] =
        (struct scenario_set){.key = "monte_carlo.seed", .value = p->seed, .option = option};
    p->common[p->n_common++] =
        (struct scenario_set){.key = "outputs.snapshots", .value = "[]", .option = option};
    p->common[p->n_common++] =
        (struct scenario_set){.key = "outputs.node_steps", .value = "none", .option = option};
    p->max_sets = p->n_common + 4;
    for (size_t j = 0; j < e->n_factors; j++) {
        const struct factor *f = &e->factors[j];
        int most = 1;
        for (size_t a = 0; f->kind == FACTOR_ALTERNATIVES && a < f->n_alts; a++)
            if (f->alts[a].n_sets > most)
                most = f->alts[a].n_sets;
        p->max_sets += most;
    }
    if (!(p->sets = calloc((size_t)p->max_sets, sizeof *p->sets)))
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    return DIAG_OK;
}

void sweep_point_destroy(struct sweep_point *p)
{
    free(p->sets);
    p->sets = NULL;
}

/* Whether every step of steps is recorded by s. */
static int steps_recorded(const int *steps, int n, const struct scenario *s)
{
    for (int k = 0; k < n; k++)
        if (steps[k] > s->steps || !scenario_records(s, steps[k]))
            return 0;
    return 1;
}

int sweep_point_load(struct sweep_point *p, size_t sc, const struct factor_value *v, const int *steps,
                     int n_steps, const char *what, struct scenario *s, struct diag *d)
{
    memcpy(p->sets, p->common, (size_t)p->n_common * sizeof *p->sets);
    int n = p->n_common;
    if (p->node_steps) {
        for (int i = 0; i < n; i++)
            if (!strcmp(p->sets[i].key, "outputs.node_steps"))
                p->sets[i].value = p->node_steps;
        p->sets[n++] = (struct scenario_set){
            .key = "outputs.node_metrics", .value = p->node_metrics, .option = p->option};
        /* node steps must be recorded steps */
        p->sets[n++] = (struct scenario_set){.key = "outputs.every", .value = "1", .option = p->option};
    }
    int m = sweep_plan_sets(p->e, v, p->sets + n, p->max_sets - n - 1);
    if (m < 0)
        return diag_set(d, DIAG_RUNTIME, p->e->path, 0, 0, "%s has too many overrides", what);
    n += m;
    memset(s, 0, sizeof *s);
    int rc = scenario_load(s, p->e->scenarios[sc], p->sets, n, p->limits, d);
    if (!rc && !steps_recorded(steps, n_steps, s)) {
        scenario_destroy(s);
        memset(s, 0, sizeof *s);
        p->sets[n++] = (struct scenario_set){.key = "outputs.every", .value = "1", .option = p->option};
        rc = scenario_load(s, p->e->scenarios[sc], p->sets, n, p->limits, d);
    }
    if (rc == DIAG_INPUT) {
        char msg[sizeof d->msg + 512];
        snprintf(msg, sizeof msg, "%s of experiment '%s': %s", what, p->e->name, d->msg);
        size_t len = strlen(msg);
        if (len >= sizeof d->msg)
            len = sizeof d->msg - 1;
        memcpy(d->msg, msg, len);
        d->msg[len] = '\0';
    }
    return rc;
}
