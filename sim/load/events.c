/* sim/load/events.c - the events section: when, what, and the source that dates it.
 *
 * Each entry becomes a struct event (models/events.h). Two passes: the first
 * reads every event's step and kind and records when each node appears (so
 * a tie may name a node whose appearance is listed after it); the second
 * reads ties and changes and refuses any that names a node before it
 * appears. A node that appears after step 0 has no tie at step 0: an edge of
 * the network to it is refused, and is written as a tie event instead. The
 * events are then sorted by step (a counting sort: stable, so file order
 * holds within a step) for models/events.c.
 * Includes: models/events.h, sim/load/loader.h, sim/load/sections.h.
 */
#include "sim/load/events.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "models/events.h"
#include "sim/load/sections.h"

static const char *const event_keys[] = {"at",    "appear",     "tie",        "set",    "src",
                                         "quote", "assumption", "values_src", "reason", "note"};
static const char *const what_keys[] = {"appear", "tie", "set"};
static const char *const tie_keys[] = {"from", "to", "type", "weight"};
static const char *const set_keys[] = {"node",    "strength",  "stance",   "budget",
                                       "revenue", "authority", "successor"};

/* Per node: the step it appears at (-1: present from step 0 as written) and
 * the `appear` value that says so. */
struct appearances {
    int *step;
    const struct ytree **at;
};

/* Refuse a reference v to node x in an event of step t when x appears later. */
static int check_present(struct loader *L, const struct appearances *ap, const struct ytree *v, int x, int t)
{
    char wb[KEY_BUF];
    if (ap->step[x] <= t)
        return DIAG_OK;
    loader_where(wb, sizeof wb, ap->at[x], v->file);
    return loader_fail(L, v, "'%s' appears at step %d (at %s): an event at step %d cannot name it",
                       L->s->ids[x], ap->step[x], wb, t);
}

/* Pass 1: keys, `at`, which of appear/tie/set, and the appearances. */
static int check_head(struct loader *L, const struct ytree *m, struct appearances *ap, struct event *e)
{
    struct scenario *s = L->s;
    const struct ytree *v, *given = NULL;
    char wb[KEY_BUF];
    int rc;
    if (m->kind != YTREE_MAP)
        return loader_fail(L, m, "an event must be a mapping (at, appear/tie/set, src, ...), not %s",
                           ytree_kind_name(m->kind));
    if ((rc = loader_check_keys(L, m, event_keys, COUNT(event_keys), "event")) != DIAG_OK ||
        (rc = loader_need(L, m, "at", "event", &v)) != DIAG_OK ||
        (rc = loader_int(L, v, "at", 0, s->steps, &e->step)) != DIAG_OK)
        return rc;
    for (size_t i = 0; i < COUNT(what_keys); i++) {
        if (!loader_opt(m, what_keys[i]))
            continue;
        if (given)
            return loader_fail(
                L, loader_key(m, what_keys[i]),
                "an event is one change: '%s' and '%s' cannot both be given (write two events)", given->text,
                what_keys[i]);
        given = loader_key(m, what_keys[i]);
        e->kind = (enum event_kind)i;
    }
    if (!given)
        return loader_fail(L, m, "an event needs one of 'appear' (a node), 'tie' or 'set'");
    if (e->kind != EVENT_APPEAR)
        return DIAG_OK;
    v = loader_opt(m, "appear");
    if ((rc = loader_resolve_node(L, v, "appear", "appear", &e->node)) != DIAG_OK)
        return rc;
    if (ap->at[e->node]) {
        loader_where(wb, sizeof wb, ap->at[e->node], v->file);
        return loader_fail(L, v, "'%s' appears twice (first at %s)", s->ids[e->node], wb);
    }
    ap->at[e->node] = v;
    ap->step[e->node] = e->step > 0 ? e->step : -1;
    return DIAG_OK;
}

/* A node that appears after step 0 has no tie at step 0. */
static int check_network_ties(struct loader *L, const struct appearances *ap)
{
    struct scenario *s = L->s;
    char wb[KEY_BUF];
    for (int e = 0; e < s->world.n_edges; e++) {
        const struct tie *t = &s->world.edges[e];
        int x = ap->step[t->from] > 0 ? t->from : ap->step[t->to] > 0 ? t->to : -1;
        if (x < 0)
            continue;
        const struct ytree *m = e < L->cap_ties ? L->tie_at[e] : NULL;
        if (!m)
            return loader_fail(L, ap->at[x],
                               "'%s' has a %s tie to '%s' at step 0 (made by network.generate or "
                               "network.import), so it cannot appear later",
                               s->ids[x], world_tie_name(t->type), s->ids[x == t->from ? t->to : t->from]);
        loader_where(wb, sizeof wb, ap->at[x], m->file);
        return loader_fail(L, m,
                           "%s edge between '%s' and '%s' at step 0, but '%s' appears at step %d (at %s): "
                           "date the tie with a tie event",
                           world_tie_name(t->type), s->ids[t->from], s->ids[t->to], s->ids[x], ap->step[x],
                           wb);
    }
    return DIAG_OK;
}

static int check_tie(struct loader *L, const struct ytree *m, const struct appearances *ap, struct event *e)
{
    struct scenario *s = L->s;
    const struct ytree *fv, *tv, *yv, *wv;
    int rc;
    if ((rc = loader_want(L, m, "tie", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(L, m, tie_keys, COUNT(tie_keys), "tie")) != DIAG_OK ||
        (rc = loader_need(L, m, "from", "tie", &fv)) != DIAG_OK ||
        (rc = loader_need(L, m, "to", "tie", &tv)) != DIAG_OK ||
        (rc = loader_need(L, m, "type", "tie", &yv)) != DIAG_OK ||
        (rc = loader_need(L, m, "weight", "tie", &wv)) != DIAG_OK ||
        (rc = loader_resolve_node(L, fv, "from", "tie", &e->from)) != DIAG_OK ||
        (rc = loader_resolve_node(L, tv, "to", "tie", &e->to)) != DIAG_OK)
        return rc;
    if (e->from == e->to)
        return loader_fail(L, tv, "self-loop: tie from '%s' to itself", s->ids[e->from]);
    if ((rc = loader_tie_type(L, yv, "type", &e->type)) != DIAG_OK ||
        (rc = loader_real(L, wv, "weight", LOADER_MIN_WEIGHT, 1, 0, &e->weight)) != DIAG_OK)
        return rc;
    enum node_kind k = s->world.nodes[e->from].kind;
    const char *rule = loader_tie_source_rule(e->type, k);
    if (rule)
        return loader_fail(L, fv, "%s; '%s' is %s %s", rule, s->ids[e->from], loader_article(k),
                           world_kind_name(k));
    if ((rc = check_present(L, ap, fv, e->from, e->step)) != DIAG_OK ||
        (rc = check_present(L, ap, tv, e->to, e->step)) != DIAG_OK)
        return rc;
    return DIAG_OK;
}

static int check_set(struct loader *L, const struct ytree *m, const struct appearances *ap, struct event *e)
{
    struct scenario *s = L->s;
    const struct ytree *nv;
    int rc;
    if ((rc = loader_want(L, m, "set", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(L, m, set_keys, COUNT(set_keys), "set")) != DIAG_OK ||
        (rc = loader_need(L, m, "node", "set", &nv)) != DIAG_OK ||
        (rc = loader_resolve_node(L, nv, "node", "set", &e->node)) != DIAG_OK ||
        (rc = check_present(L, ap, nv, e->node, e->step)) != DIAG_OK)
        return rc;
    enum node_kind kind = s->world.nodes[e->node].kind;
    if (!(e->changes = calloc(m->n, sizeof *e->changes)))
        return loader_oom(L);
    for (size_t j = 0; j < m->n; j++) {
        const char *key = m->keys[j]->text;
        const struct ytree *v = m->items[j];
        if (!strcmp(key, "node") || ytree_is_null(v))
            continue;
        const struct kind_rule *r = loader_kind_rule(key);
        if (r && !(r->kinds & KBIT(kind)))
            return loader_fail(L, m->keys[j], "key '%s' applies to %s only ('%s' is %s %s)", r->key, r->who,
                               s->ids[e->node], loader_article(kind), world_kind_name(kind));
        struct event_change *c = &e->changes[e->n_changes];
        if (!strcmp(key, "successor")) {
            c->attr = ATTR_SUCCESSOR;
            if ((rc = loader_resolve_node(L, v, "successor", "successor", &c->node)) != DIAG_OK)
                return rc;
            if (c->node == e->node)
                return loader_fail(L, v, "'%s' cannot be his own successor", s->ids[e->node]);
            enum node_kind sk = s->world.nodes[c->node].kind;
            if (sk != KIND_LEADER)
                return loader_fail(L, v, "successor '%s' of '%s' is %s %s, not a leader", s->ids[c->node],
                                   s->ids[e->node], loader_article(sk), world_kind_name(sk));
        } else {
            int money = !strcmp(key, "budget") || !strcmp(key, "revenue");
            for (int a = 0; a < ATTR_COUNT; a++)
                if (!strcmp(key, event_attr_name((enum event_attr)a)))
                    c->attr = (enum event_attr)a;
            if ((rc = loader_real(L, v, key, 0, money ? LOADER_MAX_AMOUNT : 1, 0, &c->value)) != DIAG_OK)
                return rc;
        }
        e->n_changes++;
    }
    if (e->n_changes == 0)
        return loader_fail(L, m,
                           "'set' needs a value to change besides 'node' (strength, stance, budget, revenue, "
                           "authority or successor)");
    return DIAG_OK;
}

/* Pass 2: the change itself and its citation. */
static int check_body(struct loader *L, const struct ytree *m, const struct appearances *ap, struct event *e)
{
    const struct ytree *v;
    const char *text = NULL;
    int rc;
    if (e->kind == EVENT_TIE && (rc = check_tie(L, loader_opt(m, "tie"), ap, e)) != DIAG_OK)
        return rc;
    if (e->kind == EVENT_SET && (rc = check_set(L, loader_opt(m, "set"), ap, e)) != DIAG_OK)
        return rc;
    if ((rc = sections_src(L, m)) != DIAG_OK)
        return rc;
    static const char *const texts[] = {"quote", "assumption", "note"};
    for (size_t i = 0; i < COUNT(texts); i++) {
        text = NULL;
        if ((rc = loader_opt_string(L, m, texts[i], &text)) != DIAG_OK)
            return rc;
        if (text && loader_text_rule(text))
            return loader_fail(L, loader_opt(m, texts[i]), "bad %s: %s", texts[i], loader_text_rule(text));
    }
    if ((v = loader_opt(m, "quote")) != NULL && !loader_opt(m, "src"))
        return loader_fail(L, loader_key(m, "quote"), "'quote' needs 'src': the source it quotes");
    if (!loader_opt(m, "src") && !loader_opt(m, "assumption"))
        return loader_fail(L, m,
                           "an event needs 'src' (the sources that date it) or 'assumption' (why it is dated "
                           "so)");
    return DIAG_OK;
}

/* Sort ev[0..n) by step, keeping file order within a step, into *out. */
static int sort_by_step(struct loader *L, struct event *ev, int n, struct event **out)
{
    int steps = L->s->steps;
    int *start = calloc((size_t)steps + 2, sizeof *start);
    struct event *sorted = malloc((size_t)n * sizeof *sorted);
    if (!start || !sorted) {
        free(start);
        free(sorted);
        return loader_oom(L);
    }
    for (int i = 0; i < n; i++)
        start[ev[i].step + 1]++;
    for (int t = 0; t <= steps; t++)
        start[t + 1] += start[t];
    for (int i = 0; i < n; i++)
        sorted[start[ev[i].step]++] = ev[i];
    free(start);
    *out = sorted;
    return DIAG_OK;
}

int events_check(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *list = loader_opt(L->root, "events");
    struct appearances ap = {NULL, NULL};
    struct event *ev = NULL;
    int n = 0, rc;
    if (!list)
        return DIAG_OK;
    if ((rc = loader_want(L, list, "events", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (list->n > INT_MAX)
        return loader_fail(L, list, "too many events");
    if (list->n == 0)
        return DIAG_OK;
    int nodes = s->world.n_nodes;
    ap.step = malloc((size_t)nodes * sizeof *ap.step);
    ap.at = calloc((size_t)nodes, sizeof *ap.at);
    ev = calloc(list->n, sizeof *ev);
    if (!ap.step || !ap.at || !ev) {
        rc = loader_oom(L);
        goto cleanup;
    }
    for (int i = 0; i < nodes; i++)
        ap.step[i] = -1;
    n = (int)list->n;
    for (int i = 0; i < n; i++)
        if ((rc = check_head(L, list->items[i], &ap, &ev[i])) != DIAG_OK)
            goto cleanup;
    if ((rc = check_network_ties(L, &ap)) != DIAG_OK)
        goto cleanup;
    for (int i = 0; i < n; i++)
        if ((rc = check_body(L, list->items[i], &ap, &ev[i])) != DIAG_OK)
            goto cleanup;
    if ((rc = sort_by_step(L, ev, n, &s->events)) != DIAG_OK)
        goto cleanup;
    s->n_events = n;
    free(ev); /* the sorted copy owns the changes now */
    ev = NULL;
    for (int i = 0; i < nodes; i++)
        if (ap.step[i] > 0)
            s->world.nodes[i].active = 0;
cleanup:
    if (ev)
        for (int i = 0; i < n; i++)
            free(ev[i].changes);
    free(ev);
    free(ap.step);
    free(ap.at);
    return rc;
}
