/* sim/load/sections.c - the scalar sections of a scenario: name, sources, time, monte_carlo, model.
 *
 * Each sections_* function validates one top-level key of the merged tree
 * and fills the matching fields of the scenario (the model parameters
 * through models/params.h's table, so every key and range is the one the
 * model declares). sections_src() checks a `src` list against `sources` for
 * the nodes, edges and pressures that carry one.
 * Includes: models/params.h, sim/load/loader.h.
 */
#include "sim/load/sections.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/params.h"

/* Monte Carlo defaults (DESIGN.md, docs/FORMAT.md). */
#define DEFAULT_REPLICAS 100
#define DEFAULT_SEED 1

static const char *const source_keys[] = {"title", "outlet", "date", "url", "note"};
static const char *const time_keys[] = {"steps", "unit", "start"};
static const char *const units[] = {"month", "week", "day", "year", "step"};
static const char *const mc_keys[] = {"replicas", "seed"};

int sections_name(struct loader *L)
{
    const struct ytree *v;
    int rc = loader_need(L, L->root, "name", "the scenario", &v);
    if (rc != DIAG_OK)
        return rc;
    if ((rc = loader_want(L, v, "name", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    size_t n = strlen(v->text);
    if (n == 0 || n > NAME_MAX_LEN || strspn(v->text, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
        return loader_fail(L, v, "bad name '%s': use 1 to %d of a-z, 0-9, '_' and '-'", v->text,
                           NAME_MAX_LEN);
    return loader_set_string(L, &L->s->name, v->text);
}

int sections_sources(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *m = loader_opt(L->root, "sources");
    int rc;
    if (!m)
        return DIAG_OK;
    if ((rc = loader_want(L, m, "sources", YTREE_MAP)) != DIAG_OK)
        return rc;
    if (!(s->sources = calloc(m->n ? m->n : 1, sizeof *s->sources)))
        return loader_oom(L);
    for (size_t i = 0; i < m->n; i++) {
        const struct ytree *k = m->keys[i], *v = m->items[i];
        struct scenario_source *src = &s->sources[s->n_sources];
        size_t n = strlen(k->text);
        char section[KEY_BUF];
        if (n == 0 || strspn(k->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789_.-") != n)
            return loader_fail(L, k, "bad source key '%s': use letters, digits, '_', '.' and '-'", k->text);
        if (!strcmp(k->text, ASSUMPTION_KEY))
            return loader_fail(
                L, k,
                "source key 'assumption' is reserved: 'src: [assumption]' with a 'reason' marks "
                "what no source says");
        const char *f[COUNT(source_keys)] = {"", "", "", "", ""};
        if (!ytree_is_null(v)) {
            if ((rc = loader_want(L, v, k->text, YTREE_MAP)) != DIAG_OK)
                return rc;
            snprintf(section, sizeof section, "source '%s'", k->text);
            if ((rc = loader_check_keys(L, v, source_keys, COUNT(source_keys), section)) != DIAG_OK)
                return rc;
            for (size_t j = 0; j < COUNT(source_keys); j++)
                if ((rc = loader_opt_string(L, v, source_keys[j], &f[j])) != DIAG_OK)
                    return rc;
        }
        s->n_sources++;
        if (!(src->key = strdup(k->text)) || !(src->title = strdup(f[0])) || !(src->outlet = strdup(f[1])) ||
            !(src->date = strdup(f[2])) || !(src->url = strdup(f[3])))
            return loader_oom(L);
        if (idmap_put(&L->sources, src->key, (int)i) < 0)
            return loader_oom(L);
    }
    return DIAG_OK;
}

/* `reason` of map: a text, given exactly when src holds `assumption` (at
 * assumed: that entry, or NULL). */
static int check_reason(struct loader *L, const struct ytree *map, const struct ytree *assumed)
{
    const struct ytree *r = loader_opt(map, "reason");
    const char *text = NULL;
    int rc;
    if (!r && assumed)
        return loader_fail(L, assumed, "'assumption' in src needs a 'reason': what is assumed and why");
    if (!r)
        return DIAG_OK;
    if (!assumed)
        return loader_fail(L, loader_key(map, "reason"),
                           "'reason' needs 'assumption' in src: a reason explains an assumption");
    if ((rc = loader_want(L, r, "reason", YTREE_SCALAR)) != DIAG_OK ||
        (rc = loader_opt_string(L, map, "reason", &text)) != DIAG_OK)
        return rc;
    if (!*text)
        return loader_fail(L, r, "'reason' must say what is assumed and why, not be empty");
    if (loader_text_rule(text))
        return loader_fail(L, r, "bad reason: %s", loader_text_rule(text));
    return DIAG_OK;
}

/* Every entry of map's `src` list must be a key of `sources`, or the
 * reserved `assumption`, which needs a `reason` (and a reason needs it). */
int sections_src(struct loader *L, const struct ytree *map)
{
    const struct ytree *v = loader_opt(map, "src"), *assumed = NULL;
    char sb[KEY_BUF];
    int rc;
    if (!v)
        return check_reason(L, map, NULL);
    if (v->kind != YTREE_SEQ)
        return loader_fail(L, v, "'src' must be a list of source keys, not %s", ytree_kind_name(v->kind));
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        if ((rc = loader_want(L, it, "src", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!strcmp(it->text, ASSUMPTION_KEY)) {
            if (!assumed)
                assumed = it;
            continue;
        }
        if (idmap_get(&L->sources, it->text) >= 0)
            continue;
        if (L->s->n_sources == 0)
            return loader_fail(L, it, "unknown source '%s' in src (the scenario has no sources)", it->text);
        const char **keys = malloc((size_t)L->s->n_sources * sizeof *keys);
        if (!keys)
            return loader_oom(L);
        for (int j = 0; j < L->s->n_sources; j++)
            keys[j] = L->s->sources[j].key;
        rc = loader_fail(L, it, "unknown source '%s' in src%s", it->text,
                         loader_suggest(sb, sizeof sb, it->text, keys, (size_t)L->s->n_sources));
        free(keys);
        return rc;
    }
    return check_reason(L, map, assumed);
}

int sections_time(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *t, *v;
    char sb[KEY_BUF];
    int rc = loader_need(L, L->root, "time", "the scenario", &t);
    if (rc != DIAG_OK)
        return rc;
    if ((rc = loader_want(L, t, "time", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(L, t, time_keys, COUNT(time_keys), "time")) != DIAG_OK ||
        (rc = loader_need(L, t, "steps", "time", &v)) != DIAG_OK ||
        (rc = loader_int(L, v, "steps", 1, L->lim->max_steps, &s->steps)) != DIAG_OK)
        return rc;
    const char *unit = "step", *start = "";
    if ((v = loader_opt(t, "unit")) != NULL) {
        if ((rc = loader_want(L, v, "unit", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (loader_in_list(v->text, units, COUNT(units)) < 0)
            return loader_fail(L, v, "unknown time unit '%s'%s", v->text,
                               loader_suggest(sb, sizeof sb, v->text, units, COUNT(units)));
        unit = v->text;
    }
    if ((rc = loader_opt_string(L, t, "start", &start)) != DIAG_OK)
        return rc;
    if ((rc = loader_set_string(L, &s->unit, unit)) != DIAG_OK)
        return rc;
    return loader_set_string(L, &s->start, start);
}

int sections_monte_carlo(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *m = loader_opt(L->root, "monte_carlo"), *v;
    int rc;
    s->replicas = DEFAULT_REPLICAS;
    s->seed = DEFAULT_SEED;
    if (!m)
        return DIAG_OK;
    if ((rc = loader_want(L, m, "monte_carlo", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(L, m, mc_keys, COUNT(mc_keys), "monte_carlo")) != DIAG_OK)
        return rc;
    if ((v = loader_opt(m, "replicas")) != NULL &&
        (rc = loader_long(L, v, "replicas", 1, L->lim->max_replicas, &s->replicas)) != DIAG_OK)
        return rc;
    if ((v = loader_opt(m, "seed")) != NULL) {
        /* at most INT64_MAX: meta.json records the seed as a JSON integer, a signed 64-bit one */
        if ((rc = loader_number_node(L, v, "seed", "an integer")) != DIAG_OK)
            return rc;
        size_t n = strlen(v->text);
        const char *p = v->text + (v->text[0] == '+');
        if (n == 0 || strspn(p, "0123456789") != strlen(p) || !*p)
            return loader_fail(L, v, "'seed' must be an integer in [0, %lld], got '%s'", (long long)INT64_MAX,
                               v->text);
        errno = 0;
        unsigned long long x = strtoull(p, NULL, 10);
        if (errno == ERANGE || x > (unsigned long long)INT64_MAX)
            return loader_fail(L, v, "'seed' must be in [0, %lld], got %s", (long long)INT64_MAX, v->text);
        s->seed = (uint64_t)x;
    }
    return DIAG_OK;
}

/* A PARAM_ENUM parameter: one of its level names, stored as its index. */
static int model_level(struct loader *L, const struct ytree *v, const char *key,
                       const struct param_info *info, struct model_params *p)
{
    int rc = loader_want(L, v, key, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    int x = params_level(info, v->text);
    if (x < 0) {
        char names[KEY_BUF] = "";
        for (int i = 0; info->levels[i]; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? " or " : "",
                     info->levels[i]);
        return loader_fail(L, v, "'%s' must be %s, got '%s'", key, names, v->text);
    }
    params_set(p, info, x);
    return DIAG_OK;
}

int sections_model(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *m = loader_opt(L->root, "model");
    size_t n_tab;
    const struct param_info *tab = params_table(&n_tab);
    const char **keys = NULL; /* every table key, for suggestions */
    char **groups = NULL;     /* "dynamics" and the GROUP prefixes */
    size_t n_groups = 0;
    char sb[KEY_BUF], full[KEY_BUF];
    int rc = DIAG_OK;
    params_default(&s->params);
    if (!m)
        return DIAG_OK;
    if ((rc = loader_want(L, m, "model", YTREE_MAP)) != DIAG_OK)
        return rc;
    keys = malloc(n_tab * sizeof *keys);
    groups = calloc(n_tab, sizeof *groups);
    if (!keys || !groups) {
        rc = loader_oom(L);
        goto cleanup;
    }
    for (size_t i = 0; i < n_tab; i++) {
        const char *dot = strchr(tab[i].key, '.');
        size_t len = dot ? (size_t)(dot - tab[i].key) : strlen(tab[i].key);
        keys[i] = tab[i].key;
        size_t g = 0;
        while (g < n_groups && !(strlen(groups[g]) == len && !strncmp(groups[g], tab[i].key, len)))
            g++;
        if (g == n_groups) {
            if (!(groups[n_groups] = strndup(tab[i].key, len))) {
                rc = loader_oom(L);
                goto cleanup;
            }
            n_groups++;
        }
    }
    for (size_t i = 0; i < m->n && rc == DIAG_OK; i++) {
        const struct ytree *k = m->keys[i], *v = m->items[i];
        const struct param_info *info = params_find(k->text);
        if (info && !strchr(k->text, '.')) {
            /* a parameter directly under model: (dynamics) */
            int b = 0;
            if (ytree_is_null(v))
                continue;
            if (info->type == PARAM_BOOL) {
                if ((rc = loader_bool(L, v, k->text, &b)) == DIAG_OK)
                    params_set(&s->params, info, b);
            } else {
                double x = 0;
                if ((rc = loader_real(L, v, k->text, info->min, info->max, 0, &x)) == DIAG_OK)
                    params_set(&s->params, info, x);
            }
            continue;
        }
        if (loader_in_list(k->text, (const char *const *)groups, n_groups) < 0) {
            rc = loader_fail(L, k, "unknown key '%s' in model%s", k->text,
                             loader_suggest(sb, sizeof sb, k->text, (const char *const *)groups, n_groups));
            break;
        }
        if (ytree_is_null(v))
            continue;
        if ((rc = loader_want(L, v, k->text, YTREE_MAP)) != DIAG_OK)
            break;
        for (size_t j = 0; j < v->n && rc == DIAG_OK; j++) {
            const struct ytree *pk = v->keys[j], *pv = v->items[j];
            snprintf(full, sizeof full, "%s.%s", k->text, pk->text);
            info = params_find(full);
            if (!info) {
                rc = loader_fail(L, pk, "unknown model parameter '%s'%s", full,
                                 loader_suggest(sb, sizeof sb, full, keys, n_tab));
                break;
            }
            if (ytree_is_null(pv))
                continue;
            if (info->type == PARAM_BOOL) {
                int b = 0;
                if ((rc = loader_bool(L, pv, full, &b)) == DIAG_OK)
                    params_set(&s->params, info, b);
            } else if (info->type == PARAM_ENUM) {
                rc = model_level(L, pv, full, info, &s->params);
            } else if (info->type == PARAM_INT) {
                long x = 0;
                if ((rc = loader_long(L, pv, full, (long)info->min, (long)info->max, &x)) == DIAG_OK)
                    params_set(&s->params, info, (double)x);
            } else {
                double x = 0;
                if ((rc = loader_real(L, pv, full, info->min, info->max, 0, &x)) == DIAG_OK)
                    params_set(&s->params, info, x);
            }
        }
    }
cleanup:
    if (groups)
        for (size_t g = 0; g < n_groups; g++)
            free(groups[g]);
    free(groups);
    free(keys);
    return rc;
}
