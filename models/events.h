/* models/events.h - dated changes to the network: a node appears, a tie
 * appears or changes weight, an actor's attribute changes.
 *
 * A scenario's network is the state at step 0; its events say what the
 * sources date later (a new leader, a new channel of command, a shifted
 * directive). They are facts of the scenario, not draws: applying them uses
 * no random numbers, so a run's bytes stay the same for any thread or rank
 * count. Events of step t apply at the start of step t, before that step's
 * pressures and dynamics: first the step's appearances, then its other
 * events in the order of the array (sim/ keeps it sorted by step, file order
 * within a step).
 * Layer: models/ (no I/O).
 */
#ifndef INFNET_MODELS_EVENTS_H
#define INFNET_MODELS_EVENTS_H

#include "models/world.h"

enum event_kind { EVENT_APPEAR, EVENT_TIE, EVENT_SET };

/* The attributes a `set` event may change (each with the node key's range). */
enum event_attr {
    ATTR_STRENGTH,
    ATTR_STANCE,
    ATTR_BUDGET,
    ATTR_REVENUE,
    ATTR_AUTHORITY,
    ATTR_SUCCESSOR,
    ATTR_COUNT
};

struct event_change {
    enum event_attr attr;
    double value; /* ATTR_STRENGTH .. ATTR_AUTHORITY */
    int node;     /* ATTR_SUCCESSOR: the successor's index */
};

struct event {
    int step; /* applies at the start of this step */
    enum event_kind kind;
    int node;                     /* EVENT_APPEAR, EVENT_SET: the node */
    int from, to;                 /* EVENT_TIE: the ends, in the tie's direction */
    enum tie_type type;           /* EVENT_TIE */
    double weight;                /* EVENT_TIE: in (0, 1] */
    struct event_change *changes; /* EVENT_SET: n_changes changes, applied in order */
    int n_changes;
};

/* Apply the events of step t among ev[0..n) (sorted by step) to w:
 * - appear: the node becomes active (it was inactive until now);
 * - tie: the active tie of that type between from and to (either
 *   direction) takes the event's weight, as its weight and its base w0, and
 *   the event's direction; without one, a new tie is added. An end that is
 *   no longer active (removed by a pressure or dissolved) makes no tie;
 * - set: each change is written into the node, unless it is no longer active.
 * Returns WORLD_OK or WORLD_ENOMEM (a new tie could not be stored). */
int events_apply(struct world *w, const struct event *ev, int n, int t);

const char *event_kind_name(enum event_kind k);
const char *event_attr_name(enum event_attr a);

#endif
