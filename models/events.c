/* models/events.c - applying a scenario's dated events to a world.
 *
 * The events array is sorted by step, so the events of step t are found by
 * a binary search and applied in array order: O(log n + events of t) per
 * step. Nothing here draws a random number, and the only allocation is a
 * new tie's (world_add_tie, which reuses a worker's storage after the first
 * replica). The loader (sim/load/events.c) has checked every reference: a
 * node that appears was inactive in the step-0 world and is named by no
 * earlier event, tie ends and set nodes have appeared by the event's step.
 * Includes: models/world.h and the C library only.
 */
#include "models/events.h"

#include <assert.h>

static const char *const kind_names[] = {"appear", "tie", "set"};
static const char *const attr_names[ATTR_COUNT] = {"strength", "stance",    "budget",
                                                   "revenue",  "authority", "successor"};

/* Index of the first event of ev[0..n) whose step is >= t. */
static int first_at(const struct event *ev, int n, int t)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ev[mid].step < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int apply_tie(struct world *w, const struct event *e)
{
    if (!w->nodes[e->from].active || !w->nodes[e->to].active)
        return WORLD_OK;
    int k = world_find_tie(w, e->from, e->to, e->type);
    if (k < 0)
        return world_add_tie(w, e->from, e->to, e->type, e->weight) < 0 ? WORLD_ENOMEM : WORLD_OK;
    struct tie *tie = &w->edges[k];
    tie->from = e->from;
    tie->to = e->to;
    tie->weight = e->weight;
    tie->base = e->weight;
    return WORLD_OK;
}

static void apply_set(struct world *w, const struct event *e)
{
    struct actor *a = &w->nodes[e->node];
    if (!a->active)
        return;
    for (int i = 0; i < e->n_changes; i++) {
        const struct event_change *c = &e->changes[i];
        switch (c->attr) {
        case ATTR_STRENGTH: a->strength = c->value; break;
        case ATTR_STANCE: a->stance = c->value; break;
        case ATTR_BUDGET: a->budget = c->value; break;
        case ATTR_REVENUE: a->revenue = c->value; break;
        case ATTR_AUTHORITY: a->authority = c->value; break;
        case ATTR_SUCCESSOR: a->successor = c->node; break;
        default: assert(0 && "unknown event attribute");
        }
    }
}

int events_apply(struct world *w, const struct event *ev, int n, int t)
{
    int first = first_at(ev, n, t);
    /* Appearances first, so that a tie or a change dated at the step a node
     * appears finds it present, wherever the file lists it. */
    for (int i = first; i < n && ev[i].step == t; i++)
        if (ev[i].kind == EVENT_APPEAR)
            w->nodes[ev[i].node].active = 1;
    for (int i = first; i < n && ev[i].step == t; i++) {
        const struct event *e = &ev[i];
        switch (e->kind) {
        case EVENT_APPEAR: break;
        case EVENT_TIE:
            if (apply_tie(w, e) != WORLD_OK)
                return WORLD_ENOMEM;
            break;
        case EVENT_SET: apply_set(w, e); break;
        default: assert(0 && "unknown event kind");
        }
    }
    return WORLD_OK;
}

const char *event_kind_name(enum event_kind k)
{
    return k >= EVENT_APPEAR && k <= EVENT_SET ? kind_names[k] : "unknown";
}

const char *event_attr_name(enum event_attr a)
{
    return a >= 0 && a < ATTR_COUNT ? attr_names[a] : "unknown";
}
