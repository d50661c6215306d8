/* sim/load/ledger.c - what a scenario assumes: its items without a source and its judgement-call numbers.
 *
 * Runs last, on the merged tree that every other stage has validated: each
 * node, edge, pressure and event written in YAML is an item, which cites a
 * document or is an assumption (`src: [assumption]` with a `reason`; an
 * event's `assumption` text; or no `src` at all, which is an assumption
 * nobody stated). Each number of the model written in YAML is a judgement
 * call unless its item quotes the source's words for it in `values_src`.
 * Dates (at, from, to), run settings and the sizes of generated networks
 * are not numbers in this sense: they say when and how much to simulate,
 * not how the world is (docs/FORMAT.md, "Sources and assumptions").
 * Includes: models/params.h, sim/load/loader.h, sim/load/assumptions.h.
 */
#include "sim/load/ledger.h"

#include <stdio.h>
#include <string.h>

#include "models/params.h"
#include "sim/load/sections.h"

#define WHAT_BUF 512

static const char *const node_numbers[] = {"strength", "stance", "budget", "revenue", "authority"};
static const char *const edge_numbers[] = {"weight"};
static const char *const pressure_numbers[] = {"fraction", "intensity", "rate", "severity", "kill", "share"};
static const char *const set_numbers[] = {"strength", "stance", "budget", "revenue", "authority"};

struct walk {
    struct loader *L;
    struct assumption_list *list;
};

static const char *text_of(const struct ytree *m, const char *key)
{
    const struct ytree *v = loader_opt(m, key);
    return v && v->kind == YTREE_SCALAR ? v->text : "?";
}

static int note(struct walk *w, const struct ytree *at, int number, int flagged, const char *what,
                const char *reason)
{
    struct assumption_counts *c = &w->L->s->assumptions;
    if (number) {
        c->numbers++;
        c->judgement += flagged;
    } else {
        c->items++;
        c->assumed += flagged;
    }
    if (w->list &&
        assumption_list_add(w->list, at->file, at->line, at->col, number, flagged, what, reason) < 0)
        return loader_oom(w->L);
    return DIAG_OK;
}

/* 1 if the src list of m has `assumption`; *doc set when it has another key. */
static int src_assumes(const struct ytree *m, int *doc)
{
    const struct ytree *v = loader_opt(m, "src");
    int assumes = 0;
    *doc = 0;
    for (size_t i = 0; v && v->kind == YTREE_SEQ && i < v->n; i++) {
        if (!strcmp(v->items[i]->text, ASSUMPTION_KEY))
            assumes = 1;
        else
            *doc = 1;
    }
    return assumes;
}

/* values_src of item m: each key one of `numbers` written in `holder` (m, or
 * an event's tie or set), its value the source's words; the item must cite
 * a document. */
static int check_values_src(struct loader *L, const struct ytree *m, const struct ytree *holder,
                            const char *const *numbers, size_t n, const char *who)
{
    const struct ytree *vs = loader_opt(m, "values_src");
    char list[KEY_BUF] = "";
    int doc, rc;
    if (!vs)
        return DIAG_OK;
    if (vs->kind != YTREE_MAP)
        return loader_fail(L, vs,
                           "'values_src' must be a mapping of a number's key to the source's words, not %s",
                           ytree_kind_name(vs->kind));
    (void)src_assumes(m, &doc);
    if (!doc)
        return loader_fail(L, loader_key(m, "values_src"),
                           "'values_src' needs a source in 'src': the document its words come from");
    for (size_t j = 0; j < n; j++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "", numbers[j]);
    for (size_t i = 0; i < vs->n; i++) {
        const struct ytree *k = vs->keys[i], *q = vs->items[i];
        const char *text = NULL;
        if (loader_in_list(k->text, numbers, n) < 0)
            return loader_fail(L, k, "'values_src' names '%s', which is not a number of %s (%s)", k->text,
                               who, list);
        if (!loader_opt(holder, k->text))
            return loader_fail(L, k, "'values_src' names '%s', which %s does not set", k->text, who);
        if ((rc = loader_want(L, q, k->text, YTREE_SCALAR)) != DIAG_OK ||
            (rc = loader_opt_string(L, vs, k->text, &text)) != DIAG_OK)
            return rc;
        if (!*text)
            return loader_fail(L, q, "'values_src' for '%s' needs the source's words, not an empty text",
                               k->text);
        if (loader_text_rule(text))
            return loader_fail(L, q, "bad values_src text: %s", loader_text_rule(text));
    }
    return DIAG_OK;
}

/* Item m described by `what`, located at its src (where the citation is
 * written), else at the mapping. extra: an event's assumption text. */
static int item(struct walk *w, const struct ytree *m, const char *what, const char *extra)
{
    const struct ytree *src = loader_opt(m, "src");
    const struct ytree *reason = loader_opt(m, "reason");
    char buf[WHAT_BUF];
    int doc, assumes = src_assumes(m, &doc);
    const char *why = NULL;
    if (assumes && extra)
        snprintf(buf, sizeof buf, "%s; %s", reason ? reason->text : "", extra), why = buf;
    else if (assumes)
        why = reason ? reason->text : "";
    else if (extra)
        why = extra;
    else if (!doc)
        why = "no source given";
    return note(w, src ? src : m, 0, why != NULL, what, why);
}

/* Numbers of holder (keys `numbers`), sourced when m's values_src names them. */
static int numbers_of(struct walk *w, const struct ytree *m, const struct ytree *holder, const char *what,
                      const char *const *numbers, size_t n)
{
    const struct ytree *vs = loader_opt(m, "values_src");
    char buf[WHAT_BUF];
    int rc;
    for (size_t j = 0; j < n; j++) {
        const struct ytree *v = loader_opt(holder, numbers[j]);
        if (!v)
            continue;
        int sourced = vs && loader_opt(vs, numbers[j]) != NULL;
        snprintf(buf, sizeof buf, "%s %s %s", what, numbers[j], v->text);
        if ((rc = note(w, v, 1, !sourced, buf, sourced ? "sourced" : "judgement call")) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

static int walk_model(struct walk *w)
{
    const struct ytree *m = loader_opt(w->L->root, "model");
    char key[KEY_BUF], buf[WHAT_BUF];
    int rc;
    for (size_t i = 0; m && i < m->n; i++) {
        const struct ytree *g = m->items[i];
        if (g->kind != YTREE_MAP)
            continue; /* dynamics: a switch, not a number */
        for (size_t j = 0; j < g->n; j++) {
            const struct ytree *v = g->items[j];
            snprintf(key, sizeof key, "%s.%s", m->keys[i]->text, g->keys[j]->text);
            const struct param_info *info = params_find(key);
            if (!info || info->type == PARAM_BOOL || ytree_is_null(v))
                continue;
            snprintf(buf, sizeof buf, "model %s %s", key, v->text);
            if ((rc = note(w, v, 1, 1, buf, "judgement call")) != DIAG_OK)
                return rc;
        }
    }
    return DIAG_OK;
}

static int walk_network(struct walk *w)
{
    struct loader *L = w->L;
    const struct ytree *net = loader_opt(L->root, "network");
    const struct ytree *nodes = net ? loader_opt(net, "nodes") : NULL;
    const struct ytree *edges = net ? loader_opt(net, "edges") : NULL;
    char what[WHAT_BUF];
    int rc;
    for (size_t i = 0; nodes && i < nodes->n; i++) {
        const struct ytree *m = nodes->items[i];
        snprintf(what, sizeof what, "node %s", text_of(m, "id"));
        if ((rc = check_values_src(L, m, m, node_numbers, COUNT(node_numbers), "this node")) != DIAG_OK ||
            (rc = item(w, m, what, NULL)) != DIAG_OK ||
            (rc = numbers_of(w, m, m, what, node_numbers, COUNT(node_numbers))) != DIAG_OK)
            return rc;
    }
    for (size_t i = 0; edges && i < edges->n; i++) {
        const struct ytree *m = edges->items[i];
        snprintf(what, sizeof what, "tie %s->%s %s", text_of(m, "from"), text_of(m, "to"),
                 text_of(m, "type"));
        if ((rc = check_values_src(L, m, m, edge_numbers, COUNT(edge_numbers), "this tie")) != DIAG_OK ||
            (rc = item(w, m, what, NULL)) != DIAG_OK ||
            (rc = numbers_of(w, m, m, what, edge_numbers, COUNT(edge_numbers))) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

static int walk_pressures(struct walk *w)
{
    const struct ytree *list = loader_opt(w->L->root, "pressures");
    char what[WHAT_BUF];
    int rc;
    for (size_t i = 0; list && i < list->n; i++) {
        const struct ytree *m = list->items[i], *t = loader_opt(m, "targets");
        int k = snprintf(what, sizeof what, "pressure %s", text_of(m, "type"));
        if (loader_opt(m, "at"))
            k += snprintf(what + k, sizeof what - (size_t)k, " at %s", text_of(m, "at"));
        else
            k += snprintf(what + k, sizeof what - (size_t)k, " from %s", text_of(m, "from"));
        if (loader_opt(m, "to") && (size_t)k < sizeof what)
            k += snprintf(what + k, sizeof what - (size_t)k, " to %s", text_of(m, "to"));
        if (t && t->kind == YTREE_SCALAR && (size_t)k < sizeof what)
            k += snprintf(what + k, sizeof what - (size_t)k, " on %s", t->text);
        for (size_t j = 0; t && t->kind == YTREE_SEQ && j < t->n && (size_t)k < sizeof what; j++)
            k += snprintf(what + k, sizeof what - (size_t)k, "%s%s", j ? "," : " on ", t->items[j]->text);
        if ((rc = check_values_src(w->L, m, m, pressure_numbers, COUNT(pressure_numbers), "this pressure")) !=
                DIAG_OK ||
            (rc = item(w, m, what, NULL)) != DIAG_OK ||
            (rc = numbers_of(w, m, m, what, pressure_numbers, COUNT(pressure_numbers))) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

static int walk_events(struct walk *w)
{
    const struct ytree *list = loader_opt(w->L->root, "events");
    char what[WHAT_BUF];
    int rc;
    for (size_t i = 0; list && i < list->n; i++) {
        const struct ytree *m = list->items[i], *v;
        const struct ytree *holder = m;
        const char *const *numbers = NULL;
        size_t n = 0;
        const char *extra = NULL;
        if ((v = loader_opt(m, "appear")) != NULL) {
            snprintf(what, sizeof what, "event at %s appear %s", text_of(m, "at"), v->text);
        } else if ((v = loader_opt(m, "tie")) != NULL) {
            snprintf(what, sizeof what, "event at %s tie %s->%s %s", text_of(m, "at"), text_of(v, "from"),
                     text_of(v, "to"), text_of(v, "type"));
            holder = v, numbers = edge_numbers, n = COUNT(edge_numbers);
        } else {
            v = loader_opt(m, "set");
            snprintf(what, sizeof what, "event at %s set %s", text_of(m, "at"), v ? text_of(v, "node") : "?");
            holder = v, numbers = set_numbers, n = COUNT(set_numbers);
        }
        if ((v = loader_opt(m, "assumption")) != NULL && v->kind == YTREE_SCALAR)
            extra = v->text;
        if (n == 0 && loader_opt(m, "values_src"))
            return loader_fail(w->L, loader_key(m, "values_src"),
                               "'values_src' names numbers of a tie or set event; an appearance has none");
        if ((n && (rc = check_values_src(w->L, m, holder, numbers, n, "this event")) != DIAG_OK) ||
            (rc = item(w, m, what, extra)) != DIAG_OK ||
            (n && (rc = numbers_of(w, m, holder, what, numbers, n)) != DIAG_OK))
            return rc;
    }
    return DIAG_OK;
}

int ledger_build(struct loader *L, struct assumption_list *list)
{
    struct walk w = {L, list};
    int rc;
    memset(&L->s->assumptions, 0, sizeof L->s->assumptions);
    if ((rc = walk_model(&w)) != DIAG_OK || (rc = walk_network(&w)) != DIAG_OK ||
        (rc = walk_pressures(&w)) != DIAG_OK || (rc = walk_events(&w)) != DIAG_OK)
        return rc;
    return DIAG_OK;
}
