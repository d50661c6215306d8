/* sim/load/events.h - events: dated appearances, ties and attribute changes.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_EVENTS_H
#define INFNET_SIM_LOAD_EVENTS_H

#include "sim/load/loader.h"

/* events: each entry into s->events (sorted by step, file order within a
 * step); a node that appears after step 0 is made inactive in the step-0
 * world. Runs after the network, before the pressures. */
int events_check(struct loader *L);

#endif
