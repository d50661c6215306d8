/* sim/load/pressures.c - the pressures section: type, time range, targets, selection, strength.
 *
 * Each entry becomes a struct pressure (models/pressure.h). Keys that belong
 * to another pressure type are refused by name, as are targets the type
 * cannot hit (decapitation and visits hit leaders only).
 * Includes: models/pressure.h, sim/load/loader.h, sim/load/sections.h.
 */
#include "sim/load/pressures.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sim/load/sections.h"

#define DEFAULT_SEVERITY 0.1 /* strikes: strength lost per hit */
#define UNSET_SHARE (-1.0)   /* pressure.share/kill < 0: use the model parameter */

/* The selector prefix of a kind in pressure targets ("kind:agency"). */
static const char KIND_PREFIX[] = "kind:";

static const char *const pressure_keys[] = {
    "type", "at",       "from", "to",    "targets", "select", "by",         "fraction", "intensity",
    "rate", "severity", "kill", "share", "src",     "reason", "values_src", "note"};
static const char *const type_names[PRESSURE_TYPE_COUNT] = {"sanctions", "strikes", "decapitation", "removal",
                                                            "visits"};
static const char *const selects[] = {"listed", "random", "targeted"};
static const char *const bys[] = {"degree", "betweenness", "strength", "pagerank", "key_player"};
static const enum pressure_by by_values[] = {BY_DEGREE, BY_BETWEENNESS, BY_STRENGTH, BY_PAGERANK,
                                             BY_KEY_PLAYER};

/* The subject and verb of the leaders-only refusal ("decapitation targets"). */
static const char *leaders_only(enum pressure_type t)
{
    return t == PRESSURE_VISITS ? "visits target" : "decapitation targets";
}

static int check_targets(struct loader *L, const struct ytree *tv, struct pressure *p)
{
    struct scenario *s = L->s;
    char sb[KEY_BUF];
    size_t n = tv->kind == YTREE_SEQ ? tv->n : 1;
    int rc;
    if (tv->kind == YTREE_MAP || (tv->kind == YTREE_SCALAR && strcmp(tv->text, "all") != 0))
        return loader_fail(L, tv,
                           "'targets' must be a list of selectors (node ids, kind:KIND, all) or "
                           "all, not %s",
                           tv->kind == YTREE_MAP ? "a mapping" : "a single name");
    if (n == 0)
        return loader_fail(L, tv, "'targets' is empty");
    if (!(p->targets = calloc(n, sizeof *p->targets)))
        return loader_oom(L);
    p->n_targets = (int)n;
    for (size_t i = 0; i < n; i++) {
        const struct ytree *v = tv->kind == YTREE_SEQ ? tv->items[i] : tv;
        struct pressure_target *t = &p->targets[i];
        if ((rc = loader_want(L, v, "targets", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!strcmp(v->text, "all")) {
            t->type = TARGET_ALL;
            if (p->type == PRESSURE_DECAPITATION || p->type == PRESSURE_VISITS)
                return loader_fail(L, v, "%s leaders; 'all' selects every kind (use kind:leader)",
                                   leaders_only(p->type));
        } else if (!strncmp(v->text, KIND_PREFIX, sizeof KIND_PREFIX - 1)) {
            const char *k = v->text + sizeof KIND_PREFIX - 1;
            t->type = TARGET_KIND;
            if (world_kind_parse(k, &t->kind) != 0)
                return loader_fail(L, v, "unknown kind '%s' in targets%s", k,
                                   loader_suggest_kind(sb, sizeof sb, k));
            if ((p->type == PRESSURE_DECAPITATION || p->type == PRESSURE_VISITS) && t->kind != KIND_LEADER)
                return loader_fail(L, v, "%s leaders; '%s' selects %s", leaders_only(p->type), v->text,
                                   loader_kind_plural(t->kind));
        } else {
            t->type = TARGET_NODE;
            if ((rc = loader_resolve_node(L, v, "targets", "targets", &t->node)) != DIAG_OK)
                return rc;
            enum node_kind k = s->world.nodes[t->node].kind;
            if ((p->type == PRESSURE_DECAPITATION || p->type == PRESSURE_VISITS) && k != KIND_LEADER)
                return loader_fail(L, v, "%s leaders; '%s' is %s %s", leaders_only(p->type), v->text,
                                   loader_article(k), world_kind_name(k));
        }
    }
    return DIAG_OK;
}

static int check_pressure(struct loader *L, const struct ytree *m, struct pressure *p)
{
    struct scenario *s = L->s;
    const struct ytree *v, *at, *from, *to;
    char sb[KEY_BUF];
    int rc, t;
    /* keys that apply to one type only */
    static const struct {
        const char *key;
        enum pressure_type type;
    } own[] = {{"intensity", PRESSURE_SANCTIONS}, {"intensity", PRESSURE_VISITS},
               {"rate", PRESSURE_STRIKES},        {"severity", PRESSURE_STRIKES},
               {"kill", PRESSURE_STRIKES},        {"share", PRESSURE_DECAPITATION}};
    if (m->kind != YTREE_MAP)
        return loader_fail(L, m, "a pressure must be a mapping (type, at, targets, ...), not %s",
                           ytree_kind_name(m->kind));
    if ((rc = loader_check_keys(L, m, pressure_keys, COUNT(pressure_keys), "pressure")) != DIAG_OK ||
        (rc = loader_need(L, m, "type", "pressure", &v)) != DIAG_OK ||
        (rc = loader_want(L, v, "type", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if ((t = loader_in_list(v->text, type_names, PRESSURE_TYPE_COUNT)) < 0)
        return loader_fail(L, v, "unknown pressure type '%s'%s", v->text,
                           loader_suggest(sb, sizeof sb, v->text, type_names, PRESSURE_TYPE_COUNT));
    p->type = (enum pressure_type)t;
    for (size_t i = 0; i < COUNT(own); i++) {
        const struct ytree *k = loader_key(m, own[i].key);
        if (!k || own[i].type == p->type)
            continue;
        /* a key may belong to several types: refuse only when none of them is p's */
        int mine = 0;
        char types[96] = "";
        for (size_t j = 0; j < COUNT(own); j++)
            if (!strcmp(own[j].key, own[i].key)) {
                mine |= own[j].type == p->type;
                snprintf(types + strlen(types), sizeof types - strlen(types), "%s%s", types[0] ? " and " : "",
                         type_names[own[j].type]);
            }
        if (!mine)
            return loader_fail(L, k, "key '%s' applies to %s only", own[i].key, types);
    }
    /* when */
    at = loader_opt(m, "at");
    from = loader_opt(m, "from");
    to = loader_opt(m, "to");
    if (at && (from || to))
        return loader_fail(L, loader_key(m, from ? "from" : "to"),
                           "'at' and '%s' cannot both be given (at: one step; from/to: a range)",
                           from ? "from" : "to");
    if (at) {
        if ((rc = loader_int(L, at, "at", 0, s->steps, &p->from)) != DIAG_OK)
            return rc;
        p->to = p->from;
    } else if (from) {
        if ((rc = loader_int(L, from, "from", 0, s->steps, &p->from)) != DIAG_OK)
            return rc;
        p->to = s->steps;
        if (to && (rc = loader_int(L, to, "to", 0, s->steps, &p->to)) != DIAG_OK)
            return rc;
        if (p->from > p->to)
            return loader_fail(L, from, "'from' (%d) is after 'to' (%d)", p->from, p->to);
    } else if (to) {
        return loader_fail(L, loader_key(m, "to"), "'to' needs 'from'");
    } else {
        return loader_fail(L, m, "a pressure needs 'at' (one step) or 'from' (a range)");
    }
    /* whom */
    if ((rc = loader_need(L, m, "targets", "pressure", &v)) != DIAG_OK ||
        (rc = check_targets(L, v, p)) != DIAG_OK)
        return rc;
    p->select = SELECT_LISTED;
    p->by = BY_NONE;
    p->fraction = 1;
    p->severity = DEFAULT_SEVERITY;
    p->kill = UNSET_SHARE;
    p->share = UNSET_SHARE;
    const struct ytree *sv = loader_opt(m, "select");
    if (sv) {
        if ((rc = loader_want(L, sv, "select", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((t = loader_in_list(sv->text, selects, COUNT(selects))) < 0)
            return loader_fail(L, sv, "unknown select '%s'%s (use listed, random or targeted)", sv->text,
                               loader_suggest(sb, sizeof sb, sv->text, selects, COUNT(selects)));
        p->select = (enum pressure_select)t;
    }
    v = loader_opt(m, "by");
    if (p->select == SELECT_TARGETED && !v)
        return loader_fail(L, sv,
                           "select: targeted needs 'by' (degree, betweenness, strength, "
                           "pagerank or key_player)");
    if (v && p->select != SELECT_TARGETED)
        return loader_fail(L, loader_key(m, "by"), "key 'by' applies to select: targeted only");
    if (v) {
        if ((rc = loader_want(L, v, "by", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((t = loader_in_list(v->text, bys, COUNT(bys))) < 0)
            return loader_fail(L, v, "unknown measure '%s' in by%s", v->text,
                               loader_suggest(sb, sizeof sb, v->text, bys, COUNT(bys)));
        p->by = by_values[t];
    }
    if ((v = loader_opt(m, "fraction")) != NULL) {
        if (p->type == PRESSURE_STRIKES)
            return loader_fail(L, loader_key(m, "fraction"),
                               "key 'fraction' does not apply to strikes (their rate sets how many are "
                               "hit)");
        if (p->select == SELECT_LISTED)
            return loader_fail(L, loader_key(m, "fraction"),
                               "key 'fraction' applies to select: random or targeted only");
        if ((rc = loader_real(L, v, "fraction", 0, 1, 1, &p->fraction)) != DIAG_OK)
            return rc;
    }
    /* how hard */
    switch (p->type) {
    case PRESSURE_SANCTIONS:
        if ((rc = loader_need(L, m, "intensity", "sanctions", &v)) != DIAG_OK ||
            (rc = loader_real(L, v, "intensity", 0, 1, 0, &p->intensity)) != DIAG_OK)
            return rc;
        break;
    case PRESSURE_STRIKES:
        if ((rc = loader_need(L, m, "rate", "strikes", &v)) != DIAG_OK ||
            (rc = loader_real(L, v, "rate", 0, 1, 0, &p->rate)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "severity", 0, 1, 0, &p->severity)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "kill", 0, 1, 0, &p->kill)) != DIAG_OK)
            return rc;
        break;
    case PRESSURE_DECAPITATION:
        if ((rc = loader_opt_real(L, m, "share", 0, 1, 0, &p->share)) != DIAG_OK)
            return rc;
        break;
    case PRESSURE_VISITS:
        if ((rc = loader_need(L, m, "intensity", "visits", &v)) != DIAG_OK ||
            (rc = loader_real(L, v, "intensity", 0, 1, 0, &p->intensity)) != DIAG_OK)
            return rc;
        break;
    default: break;
    }
    if ((v = loader_opt(m, "note")) != NULL && (rc = loader_want(L, v, "note", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    return sections_src(L, m);
}

int pressures_check(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *list = loader_opt(L->root, "pressures");
    int rc;
    if (!list)
        return DIAG_OK;
    if ((rc = loader_want(L, list, "pressures", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (list->n > INT_MAX)
        return loader_fail(L, list, "too many pressures");
    if (list->n == 0)
        return DIAG_OK;
    if (!(s->pressures = calloc(list->n, sizeof *s->pressures)))
        return loader_oom(L);
    s->n_pressures = (int)list->n;
    for (size_t i = 0; i < list->n; i++)
        if ((rc = check_pressure(L, list->items[i], &s->pressures[i])) != DIAG_OK)
            return rc;
    return DIAG_OK;
}
