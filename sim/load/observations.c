/* sim/load/observations.c - reading and checking observations files (docs/CALIBRATION.md).
 *
 * The file is read with the scenario loader's helpers (sim/load/loader.h),
 * so that its refusals read as the scenario loader's. Checks that need a
 * scenario (metrics measured, horizon, sources cited) are made against every
 * scenario the observations will be compared with.
 */
#include "sim/load/observations.h"

#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/measure.h"
#include "sim/load/loader.h"
#include "sim/load/ytree.h"

static const char *const top_keys[] = {"description", "sources", "observations"};
static const char *const source_keys[] = {"key", "title", "publisher", "date", "url"};
static const char *const obs_keys[] = {"id",      "metric",    "step",  "window", "value",   "min",  "max",
                                       "sd",      "tolerance", "use",   "src",    "quote",   "note", "node",
                                       "measure", "patron",    "event", "reduce", "relative"};
static const char *const unsupported_keys[] = {"event", "reduce"};
static const char *const uses[] = {"calibrate", "validate", "none"};

struct oload {
    struct loader L;
    struct scenario ph; /* placeholder: only path is set */
    struct observations *o;
    const struct scenario *const *s;
    size_t n_s;
    const struct ytree *sources; /* the file's `sources` list, or NULL */
};

static int oom(struct oload *X)
{
    return diag_set(X->L.d, DIAG_RUNTIME, X->o->path, 0, 0, "out of memory loading the observations");
}

static int read_sources(struct oload *X)
{
    const struct ytree *v = loader_opt(X->L.root, "sources"), *k;
    int rc;
    if (!v)
        return DIAG_OK;
    if ((rc = loader_want(&X->L, v, "sources", YTREE_SEQ)) != DIAG_OK)
        return rc;
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *m = v->items[i];
        if ((rc = loader_want(&X->L, m, "sources", YTREE_MAP)) != DIAG_OK ||
            (rc = loader_check_keys(&X->L, m, source_keys, COUNT(source_keys), "a source")) != DIAG_OK ||
            (rc = loader_need(&X->L, m, "key", "a source", &k)) != DIAG_OK ||
            (rc = loader_want(&X->L, k, "key", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        for (size_t j = 0; j < COUNT(source_keys); j++) {
            const char *t;
            if ((rc = loader_opt_string(&X->L, m, source_keys[j], &t)) != DIAG_OK)
                return rc;
        }
        for (size_t j = 0; j < i; j++) {
            const struct ytree *k2 = loader_opt(v->items[j], "key");
            if (strcmp(k2->text, k->text) == 0)
                return loader_fail(&X->L, k, "source '%s' is listed twice (first at %d:%d)", k->text,
                                   k2->line, k2->col);
        }
    }
    X->sources = v;
    return DIAG_OK;
}

/* 1 when key names a source of the file or of every scenario. */
static int source_known(const struct oload *X, const char *key)
{
    for (size_t i = 0; X->sources && i < X->sources->n; i++)
        if (strcmp(loader_opt(X->sources->items[i], "key")->text, key) == 0)
            return 1;
    if (X->n_s == 0)
        return 0;
    for (size_t s = 0; s < X->n_s; s++) {
        int found = 0;
        for (int j = 0; j < X->s[s]->n_sources && !found; j++)
            found = strcmp(X->s[s]->sources[j].key, key) == 0;
        if (!found)
            return 0;
    }
    return 1;
}

static int read_src(struct oload *X, const struct ytree *m)
{
    const struct ytree *v, *q;
    int rc;
    if ((rc = loader_need(&X->L, m, "src", "an observation", &v)) != DIAG_OK)
        return rc;
    if (v->kind != YTREE_SEQ || v->n == 0)
        return loader_fail(&X->L, v, "'src' must be a non-empty list of source keys");
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        if ((rc = loader_want(&X->L, it, "src", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!source_known(X, it->text))
            return loader_fail(&X->L, it,
                               "unknown source '%s' in src: list it in the file's 'sources' or cite a source "
                               "of the scenario",
                               it->text);
    }
    if ((rc = loader_need(&X->L, m, "quote", "an observation", &q)) != DIAG_OK ||
        (rc = loader_want(&X->L, q, "quote", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if (q->len == 0)
        return loader_fail(&X->L, q, "'quote' must give the sentence the observation is taken from");
    const char *t;
    return loader_opt_string(&X->L, m, "quote", &t);
}

/* A step every scenario simulates. */
static int read_step(struct oload *X, const struct ytree *v, const char *key, int *out)
{
    int rc = loader_int(&X->L, v, key, 0, INT_MAX, out);
    if (rc)
        return rc;
    for (size_t s = 0; s < X->n_s; s++)
        if (*out > X->s[s]->steps)
            return loader_fail(&X->L, v,
                               "step %d is beyond the horizon of scenario '%s' (its last step is %d)", *out,
                               X->s[s]->name, X->s[s]->steps);
    return DIAG_OK;
}

/* `relative: true` (a window only): the change over the window divided by
 * the value at its start. */
static int read_relative(struct oload *X, const struct ytree *m, struct observation *ob)
{
    const struct ytree *r = loader_opt(m, "relative");
    if (!r)
        return DIAG_OK;
    if (ob->from < 0)
        return loader_fail(&X->L, r, "'relative' applies to a window, not to a step");
    return loader_bool(&X->L, r, "relative", &ob->relative);
}

static int read_when(struct oload *X, const struct ytree *m, struct observation *ob);

/* The index of node v (`key`) among every scenario's own nodes, at the
 * same place in each, of kind `kind` (KIND_COUNT: any), into *out. `role`
 * names the kind in a refusal ("a faction"). */
static int find_node(struct oload *X, const struct observation *ob, const struct ytree *v, int kind,
                     const char *role, int *out)
{
    char sb[KEY_BUF];
    for (size_t k = 0; k < X->n_s; k++) {
        const struct scenario *sc = X->s[k];
        int at = -1;
        for (int n = 0; n < sc->world.n_base && at < 0; n++)
            if (!strcmp(sc->ids[n], v->text))
                at = n;
        if (at < 0) {
            const char **ids = (const char **)sc->ids;
            return loader_fail(&X->L, v, "no node '%s' in scenario '%s'%s", v->text, sc->name,
                               loader_suggest(sb, sizeof sb, v->text, ids, (size_t)sc->world.n_base));
        }
        if (k > 0 && at != *out)
            return loader_fail(&X->L, v, "node '%s' is not at the same place in every scenario", v->text);
        if (kind != KIND_COUNT && sc->world.nodes[at].kind != (enum node_kind)kind)
            return loader_fail(&X->L, v, "observation '%s': node '%s' is of kind %s in scenario '%s', not %s",
                               ob->id, v->text, world_kind_name(sc->world.nodes[at].kind), sc->name, role);
        *out = at;
    }
    return DIAG_OK;
}

/* `node: FACTION` with `patron: AGENCY`: the share of the replicas in
 * which the faction, active at the step, has that agency as its patron
 * (patrons.csv). */
static int read_patron(struct oload *X, const struct ytree *m, const struct ytree *node,
                       const struct ytree *p, struct observation *ob)
{
    const struct ytree *v;
    int rc;
    if ((v = loader_key(m, "measure")) != NULL)
        return loader_fail(&X->L, v, "give 'measure' or 'patron' with a 'node', not both");
    if ((rc = loader_want(&X->L, node, "node", YTREE_SCALAR)) != DIAG_OK ||
        (rc = loader_want(&X->L, p, "patron", YTREE_SCALAR)) != DIAG_OK ||
        (rc = find_node(X, ob, node, KIND_FACTION, "a faction", &ob->node)) != DIAG_OK)
        return rc;
    for (size_t k = 0; k < X->n_s; k++)
        if (!X->s[k]->patrons)
            return loader_fail(&X->L, p,
                               "observation '%s': scenario '%s' counts no patrons (outputs.patrons is false)",
                               ob->id, X->s[k]->name);
    return find_node(X, ob, p, KIND_AGENCY, "an agency", &ob->patron);
}

/* `node: ID` with `measure: NAME`: a per-node measure of nodes.csv (its
 * replica mean: for a 0/1 measure, the share of replicas). The node must be
 * one of every scenario's own nodes, at the same index in each. */
static int read_node(struct oload *X, const struct ytree *m, const struct ytree *node, struct observation *ob)
{
    const struct ytree *v;
    const char *names[NODE_METRIC_COUNT];
    char sb[KEY_BUF];
    int rc;
    if ((v = loader_key(m, "metric")) != NULL)
        return loader_fail(&X->L, v, "give 'metric' or 'node' with 'measure', not both");
    if ((v = loader_opt(m, "patron")) != NULL)
        return read_patron(X, m, node, v, ob);
    if ((rc = loader_want(&X->L, node, "node", YTREE_SCALAR)) != DIAG_OK ||
        (rc = loader_need(&X->L, m, "measure", "a node observation", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "measure", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    for (int k = 0; k < NODE_METRIC_COUNT; k++)
        names[k] = measure_node_metric_name(k);
    if ((ob->measure = measure_node_metric_find(v->text)) < 0)
        return loader_fail(&X->L, v, "unknown node measure '%s'%s", v->text,
                           loader_suggest(sb, sizeof sb, v->text, names, NODE_METRIC_COUNT));
    return find_node(X, ob, node, KIND_COUNT, NULL, &ob->node);
}

static int read_metric(struct oload *X, const struct ytree *m, struct observation *ob)
{
    const struct ytree *v;
    const char *names[METRIC_COUNT];
    char sb[KEY_BUF];
    int rc;
    if ((v = loader_opt(m, "node")) != NULL) {
        if ((rc = read_node(X, m, v, ob)) != DIAG_OK)
            return rc;
        return read_when(X, m, ob);
    }
    if ((v = loader_key(m, "measure")) != NULL)
        return loader_fail(&X->L, v, "'measure' needs a 'node'");
    if ((v = loader_key(m, "patron")) != NULL)
        return loader_fail(&X->L, v, "'patron' needs a 'node' (the faction)");
    for (int k = 0; k < METRIC_COUNT; k++)
        names[k] = measure_metric_name(k);
    if ((rc = loader_need(&X->L, m, "metric", "an observation", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "metric", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if ((ob->metric = measure_metric_find(v->text)) < 0)
        return loader_fail(&X->L, v, "unknown metric '%s'%s", v->text,
                           loader_suggest(sb, sizeof sb, v->text, names, METRIC_COUNT));
    for (size_t s = 0; s < X->n_s; s++)
        if (!(X->s[s]->measure.metrics & ((uint64_t)1 << ob->metric)))
            return loader_fail(&X->L, v,
                               "metric '%s' is not measured by scenario '%s' (see its outputs.metrics)",
                               v->text, X->s[s]->name);
    return read_when(X, m, ob);
}

/* `step: N` or `window: [A, B]` (with `relative`). */
static int read_when(struct oload *X, const struct ytree *m, struct observation *ob)
{
    const struct ytree *v, *w;
    int rc;
    v = loader_opt(m, "step");
    w = loader_opt(m, "window");
    if (v && w)
        return loader_fail(&X->L, w, "give 'step' or 'window', not both");
    if (!v && !w)
        return loader_fail(&X->L, m, "observation '%s' needs 'step: N' or 'window: [A, B]'", ob->id);
    ob->from = -1;
    if (v) {
        if ((rc = read_step(X, v, "step", &ob->step)) != DIAG_OK)
            return rc;
        return read_relative(X, m, ob);
    }
    if (w->kind != YTREE_SEQ || w->n != 2)
        return loader_fail(&X->L, w, "'window' must be a list of two steps [A, B]");
    if ((rc = read_step(X, w->items[0], "window", &ob->from)) != DIAG_OK ||
        (rc = read_step(X, w->items[1], "window", &ob->step)) != DIAG_OK)
        return rc;
    if (ob->from >= ob->step)
        return loader_fail(&X->L, w, "a window [A, B] needs A < B, got [%d, %d]", ob->from, ob->step);
    return read_relative(X, m, ob);
}

static int read_value(struct oload *X, const struct ytree *m, struct observation *ob)
{
    const struct ytree *v = loader_opt(m, "value"), *lo = loader_opt(m, "min"), *hi = loader_opt(m, "max");
    const struct ytree *sd = loader_opt(m, "sd"), *tol = loader_opt(m, "tolerance");
    int rc;
    if (v && (lo || hi))
        return loader_fail(&X->L, lo ? lo : hi, "give 'value' or bounds ('min', 'max'), not both");
    if (!v && !lo && !hi)
        return loader_fail(&X->L, m, "observation '%s' needs 'value', or 'min' and/or 'max'", ob->id);
    if (sd && tol)
        return loader_fail(&X->L, tol, "give 'sd' or 'tolerance', not both");
    if (!sd && !tol)
        return loader_fail(&X->L, m, "observation '%s' needs 'sd' or 'tolerance' (the distance's scale)",
                           ob->id);
    ob->scale_is_sd = sd != NULL;
    if ((rc = loader_real(&X->L, sd ? sd : tol, sd ? "sd" : "tolerance", 0, HUGE_VAL, 1, &ob->scale)) !=
        DIAG_OK)
        return rc;
    /* a patron observation is a share of replicas */
    double least = ob->patron >= 0 ? 0.0 : -HUGE_VAL, most = ob->patron >= 0 ? 1.0 : HUGE_VAL;
    if (v) {
        ob->bounded = 0;
        return loader_real(&X->L, v, "value", least, most, 0, &ob->value);
    }
    ob->bounded = 1;
    ob->lo = -HUGE_VAL;
    ob->hi = HUGE_VAL;
    if (lo && (rc = loader_real(&X->L, lo, "min", least, most, 0, &ob->lo)) != DIAG_OK)
        return rc;
    if (hi && (rc = loader_real(&X->L, hi, "max", least, most, 0, &ob->hi)) != DIAG_OK)
        return rc;
    if (lo && hi && ob->lo > ob->hi)
        return loader_fail(&X->L, hi, "'max' %g is below 'min' %g", ob->hi, ob->lo);
    return DIAG_OK;
}

static int read_observation(struct oload *X, size_t i, const struct ytree *m)
{
    struct observation *ob = &X->o->obs[i];
    const struct ytree *v;
    int rc;
    ob->line = m->line;
    ob->col = m->col;
    if ((rc = loader_want(&X->L, m, "observations", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(&X->L, m, obs_keys, COUNT(obs_keys), "an observation")) != DIAG_OK ||
        (rc = loader_need(&X->L, m, "id", "an observation", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "id", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if (!loader_valid_id(v->text))
        return loader_fail(&X->L, v, "bad observation id '%s': %s", v->text, loader_id_rule(v->text));
    for (size_t j = 0; j < i; j++)
        if (strcmp(X->o->obs[j].id, v->text) == 0)
            return loader_fail(&X->L, v, "observation id '%s' is used twice (first at %d:%d)", v->text,
                               X->o->obs[j].line, X->o->obs[j].col);
    if (!(ob->id = strdup(v->text)))
        return oom(X);
    for (size_t k = 0; k < COUNT(unsupported_keys); k++)
        if ((v = loader_key(m, unsupported_keys[k])) != NULL)
            return loader_fail(&X->L, v,
                               "'%s' is not supported: no output gives a node's events by replica; "
                               "observe a metric, a node measure (node: ID, measure: left_patron) or a "
                               "faction's patron (node: ID, patron: AGENCY)",
                               unsupported_keys[k]);
    if ((rc = loader_need(&X->L, m, "use", "an observation", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "use", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int u = loader_in_list(v->text, uses, COUNT(uses));
    if (u < 0) {
        char sb[KEY_BUF];
        return loader_fail(&X->L, v, "'use' must be calibrate, validate or none, got '%s'%s", v->text,
                           loader_suggest(sb, sizeof sb, v->text, uses, COUNT(uses)));
    }
    ob->use = (enum obs_use)u;
    const char *note = NULL;
    if ((rc = loader_opt_string(&X->L, m, "note", &note)) != DIAG_OK)
        return rc;
    if (ob->use == OBS_NONE && (!note || !*note))
        return loader_fail(&X->L, v, "observation '%s' has use: none and needs a 'note' saying why", ob->id);
    if ((rc = read_src(X, m)) != DIAG_OK)
        return rc;
    ob->metric = -1;
    ob->node = -1;
    ob->measure = -1;
    ob->patron = -1;
    ob->from = -1;
    if (ob->use == OBS_NONE && !loader_opt(m, "metric") && !loader_opt(m, "node")) {
        static const char *const model_keys[] = {"step", "window", "relative",  "value",   "min",
                                                 "max",  "sd",     "tolerance", "measure", "patron"};
        for (size_t k = 0; k < COUNT(model_keys); k++)
            if ((v = loader_key(m, model_keys[k])) != NULL)
                return loader_fail(&X->L, v, "'%s' needs a 'metric' or a 'node'", model_keys[k]);
        return DIAG_OK;
    }
    if ((rc = read_metric(X, m, ob)) != DIAG_OK)
        return rc;
    if ((rc = read_value(X, m, ob)) != DIAG_OK)
        return rc;
    if (ob->use == OBS_CALIBRATE)
        X->o->n_calibrate++;
    return DIAG_OK;
}

static int validate(struct oload *X)
{
    const struct ytree *v;
    const char *t;
    int rc;
    if (!X->L.root)
        return diag_set(X->L.d, DIAG_INPUT, X->o->path, 1, 1,
                        "the file holds no observations (no YAML content)");
    if (X->L.root->kind != YTREE_MAP)
        return loader_fail(&X->L, X->L.root,
                           "an observations file must be a mapping (observations, sources), not %s",
                           ytree_kind_name(X->L.root->kind));
    X->L.root_at = *X->L.root;
    if ((rc = loader_check_keys(&X->L, X->L.root, top_keys, COUNT(top_keys), "the observations file")) !=
            DIAG_OK ||
        (rc = loader_opt_string(&X->L, X->L.root, "description", &t)) != DIAG_OK ||
        (rc = read_sources(X)) != DIAG_OK ||
        (rc = loader_need(&X->L, X->L.root, "observations", "the observations file", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "observations", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n == 0)
        return loader_fail(&X->L, v, "'observations' is empty");
    if (!(X->o->obs = calloc(v->n, sizeof *X->o->obs)))
        return oom(X);
    for (size_t i = 0; i < v->n; i++) {
        X->o->n = i + 1;
        if ((rc = read_observation(X, i, v->items[i])) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

int observations_load(const char *path, const struct scenario *const *s, size_t n_s,
                      const struct scenario_limits *lim, struct observations *o, struct diag *d)
{
    struct oload X;
    int rc;
    memset(o, 0, sizeof *o);
    memset(&X, 0, sizeof X);
    X.o = o;
    X.s = s;
    X.n_s = n_s;
    X.L.s = &X.ph;
    X.L.lim = lim;
    X.L.d = d;
    X.L.ylim.max_bytes = lim->max_file_bytes;
    X.L.ylim.max_depth = lim->max_depth;
    X.L.ylim.max_nodes = lim->max_yaml_nodes;
    if (!(o->path = strdup(path)))
        return diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory loading the observations");
    X.ph.path = o->path;
    rc = ytree_load(&X.L.root, o->path, &X.L.ylim, &X.L.yaml_used, d);
    if (rc == DIAG_OK)
        rc = validate(&X);
    ytree_free(X.L.root);
    if (rc != DIAG_OK)
        observations_destroy(o);
    return rc;
}

void observations_destroy(struct observations *o)
{
    for (size_t i = 0; o->obs && i < o->n; i++)
        free(o->obs[i].id);
    free(o->obs);
    free(o->path);
    memset(o, 0, sizeof *o);
}

int observations_file_is(const char *path, const struct scenario_limits *lim)
{
    struct ytree_limits ylim = {
        .max_bytes = lim->max_file_bytes, .max_depth = lim->max_depth, .max_nodes = lim->max_yaml_nodes};
    struct ytree *root = NULL;
    struct diag d;
    long used = 0;
    diag_init(&d);
    if (ytree_load(&root, path, &ylim, &used, &d) != DIAG_OK)
        return 0;
    int is = root && root->kind == YTREE_MAP && ytree_find(root, "observations") >= 0;
    ytree_free(root);
    return is;
}

void observations_describe(const struct observations *o, FILE *out)
{
    size_t by[3] = {0, 0, 0};
    for (size_t i = 0; i < o->n; i++)
        by[o->obs[i].use]++;
    fprintf(out, "observations %s: %zu (%zu calibrate, %zu validate, %zu none)\n", o->path, o->n,
            by[OBS_CALIBRATE], by[OBS_VALIDATE], by[OBS_NONE]);
}

double observation_summary(const struct observation *ob,
                           double (*mean_at)(void *ctx, const struct observation *ob, int t), void *ctx)
{
    double end = mean_at(ctx, ob, ob->step);
    if (ob->from < 0)
        return end;
    double start = mean_at(ctx, ob, ob->from);
    if (!ob->relative)
        return end - start;
    return start != 0 ? (end - start) / start : NAN;
}

double observation_distance(const struct observation *ob, double simulated)
{
    if (!ob->bounded)
        return fabs(simulated - ob->value) / ob->scale;
    if (simulated < ob->lo)
        return (ob->lo - simulated) / ob->scale;
    if (simulated > ob->hi)
        return (simulated - ob->hi) / ob->scale;
    return 0;
}

const char *observation_use_name(enum obs_use u)
{
    return uses[u];
}
