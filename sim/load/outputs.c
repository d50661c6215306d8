/* sim/load/outputs.c - the outputs section: recorded steps, snapshots, per-node steps, metrics.
 *
 * Step lists are checked against time.steps and outputs.every; metric and
 * kind names against the tables of sim/engine/measure.h and models/world.h.
 * outputs_check_cells() runs after the spawn slots exist, since they count
 * toward the nodes x steps cells that nodes.csv keeps.
 * Includes: sim/engine/measure.h, sim/load/loader.h.
 */
#include "sim/load/outputs.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const output_keys[] = {"every",         "snapshots",    "node_steps",  "metrics",
                                          "node_metrics",  "weighted",     "exact_limit", "samples",
                                          "network_kinds", "network_ties", "patrons"};

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A list of distinct steps in [0, steps], sorted; recorded_only: each must be recorded. */
static int step_list(struct loader *L, const struct ytree *v, const char *key, int recorded_only, int **out,
                     int *n_out)
{
    struct scenario *s = L->s;
    int rc;
    if ((rc = loader_want(L, v, key, YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n > (size_t)s->steps + 1)
        return loader_fail(L, v, "'%s' lists %zu steps, but there are only %d", key, v->n, s->steps + 1);
    if (v->n == 0)
        return DIAG_OK;
    if (!(*out = malloc(v->n * sizeof **out)))
        return loader_oom(L);
    for (size_t i = 0; i < v->n; i++) {
        int t;
        if ((rc = loader_int(L, v->items[i], key, 0, s->steps, &t)) != DIAG_OK)
            return rc;
        if (recorded_only && !scenario_records(s, t))
            return loader_fail(L, v->items[i],
                               "step %d in '%s' is not recorded (outputs.every is %d: "
                               "use a multiple of it or the last step %d)",
                               t, key, s->every, s->steps);
        for (size_t j = 0; j < i; j++)
            if ((*out)[j] == t)
                return loader_fail(L, v->items[i], "step %d is listed twice in '%s'", t, key);
        (*out)[(*n_out)++] = t;
    }
    qsort(*out, (size_t)*n_out, sizeof **out, int_cmp);
    return DIAG_OK;
}

/* A list of names (or the scalar `all`) into a bit mask. */
static int name_mask(struct loader *L, const struct ytree *v, const char *key, int count,
                     const char *(*name)(int), int (*find)(const char *), uint64_t *mask)
{
    char sb[160];
    const char *names[64];
    for (int m = 0; m < count; m++)
        names[m] = name(m);
    if (v->kind == YTREE_SCALAR && v->plain && !strcmp(v->text, "all"))
        return DIAG_OK;
    int rc = loader_want(L, v, key, YTREE_SEQ);
    if (rc != DIAG_OK)
        return rc;
    *mask = 0;
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        if ((rc = loader_want(L, it, key, YTREE_SCALAR)) != DIAG_OK)
            return rc;
        int m = find(it->text);
        if (m < 0)
            return loader_fail(L, it, "unknown name '%s' in outputs.%s%s", it->text, key,
                               loader_suggest(sb, sizeof sb, it->text, names, (size_t)count));
        if (*mask & ((uint64_t)1 << m))
            return loader_fail(L, it, "'%s' is listed twice in outputs.%s", it->text, key);
        *mask |= (uint64_t)1 << m;
    }
    return DIAG_OK;
}

static const char *kind_name_i(int k)
{
    return world_kind_name((enum node_kind)k);
}

static int kind_find(const char *s)
{
    enum node_kind k;
    return world_kind_parse(s, &k) == 0 ? (int)k : -1;
}

static const char *tie_name_i(int t)
{
    return world_tie_name((enum tie_type)t);
}

static int tie_find(const char *s)
{
    enum tie_type t;
    return world_tie_parse(s, &t) == 0 ? (int)t : -1;
}

static int check_measure_options(struct loader *L, const struct ytree *o)
{
    struct measure_options *mo = &L->s->measure;
    const struct ytree *v;
    int rc;
    if ((v = loader_opt(o, "metrics")) != NULL &&
        (rc = name_mask(L, v, "metrics", METRIC_COUNT, measure_metric_name, measure_metric_find,
                        &mo->metrics)) != DIAG_OK)
        return rc;
    uint64_t mask = mo->node_metrics;
    if ((v = loader_opt(o, "node_metrics")) != NULL &&
        (rc = name_mask(L, v, "node_metrics", NODE_METRIC_COUNT, measure_node_metric_name,
                        measure_node_metric_find, &mask)) != DIAG_OK)
        return rc;
    mo->node_metrics = (uint32_t)mask | 1u << NODE_PRESENT;
    mask = WORLD_ALL_KINDS;
    if ((v = loader_opt(o, "network_kinds")) != NULL &&
        (rc = name_mask(L, v, "network_kinds", KIND_COUNT, kind_name_i, kind_find, &mask)) != DIAG_OK)
        return rc;
    mo->kind_mask = (unsigned)mask;
    mask = WORLD_ALL_TIES;
    if ((v = loader_opt(o, "network_ties")) != NULL &&
        (rc = name_mask(L, v, "network_ties", TIE_COUNT, tie_name_i, tie_find, &mask)) != DIAG_OK)
        return rc;
    mo->tie_mask = (unsigned)mask;
    if ((v = loader_opt(o, "weighted")) != NULL &&
        (rc = loader_bool(L, v, "weighted", &mo->weighted)) != DIAG_OK)
        return rc;
    if ((v = loader_opt(o, "exact_limit")) != NULL &&
        (rc = loader_int(L, v, "exact_limit", 2, INT_MAX, &mo->exact_limit)) != DIAG_OK)
        return rc;
    if ((v = loader_opt(o, "samples")) != NULL &&
        (rc = loader_int(L, v, "samples", 1, INT_MAX, &mo->samples)) != DIAG_OK)
        return rc;
    return DIAG_OK;
}

int outputs_check(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *o = loader_opt(L->root, "outputs"), *v, *ns = NULL;
    int rc;
    s->every = 1;
    s->patrons = 1;
    measure_options_default(&s->measure);
    if (o) {
        if ((rc = loader_want(L, o, "outputs", YTREE_MAP)) != DIAG_OK ||
            (rc = loader_check_keys(L, o, output_keys, COUNT(output_keys), "outputs")) != DIAG_OK ||
            (rc = check_measure_options(L, o)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(o, "patrons")) != NULL &&
            (rc = loader_bool(L, v, "patrons", &s->patrons)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(o, "every")) != NULL &&
            (rc = loader_int(L, v, "every", 1, s->steps, &s->every)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(o, "snapshots")) != NULL &&
            (rc = step_list(L, v, "snapshots", 0, &s->snapshots, &s->n_snapshots)) != DIAG_OK)
            return rc;
        ns = ytree_get(o, "node_steps");
    }
    if (ns && ns->kind == YTREE_SCALAR && ns->plain && !strcmp(ns->text, "none"))
        return DIAG_OK;
    int all = !ns || ytree_is_null(ns) || (ns->kind == YTREE_SCALAR && ns->plain && !strcmp(ns->text, "all"));
    if (!all) {
        if (ns->kind == YTREE_SCALAR)
            return loader_fail(L, ns, "'node_steps' must be a list of steps, all or none, not '%s'",
                               ns->text);
        if (ns->kind != YTREE_SEQ)
            return loader_fail(L, ns, "'node_steps' must be a list of steps, all or none, not %s",
                               ytree_kind_name(ns->kind));
        return step_list(L, ns, "node_steps", 1, &s->node_steps, &s->n_node_steps);
    }
    int n = 0;
    for (int t = 0; t <= s->steps; t++)
        n += scenario_records(s, t);
    if (!(s->node_steps = malloc((size_t)n * sizeof *s->node_steps)))
        return loader_oom(L);
    for (int t = 0; t <= s->steps; t++)
        if (scenario_records(s, t))
            s->node_steps[s->n_node_steps++] = t;
    return DIAG_OK;
}

/* After the slots exist: nodes x node_steps must fit the node-cell limit. */
int outputs_check_cells(struct loader *L)
{
    struct scenario *s = L->s;
    double cells = (double)s->world.n_nodes * s->n_node_steps;
    if (cells <= (double)L->lim->max_node_cells)
        return DIAG_OK;
    const struct ytree *o = loader_opt(L->root, "outputs");
    const struct ytree *at = o && ytree_get(o, "node_steps") ? ytree_get(o, "node_steps")
                             : o                             ? o
                                                             : &L->root_at;
    return loader_fail(L, at,
                       "per-node output would keep %d nodes x %d steps = %.0f cells, above the "
                       "limit of %ld (--limit node-cells): list fewer steps in outputs.node_steps (or "
                       "none)",
                       s->world.n_nodes, s->n_node_steps, cells, L->lim->max_node_cells);
}
