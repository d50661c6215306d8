/* sim/load/ledger.h - the walk that counts a scenario's assumptions and checks `values_src`.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_LEDGER_H
#define INFNET_SIM_LOAD_LEDGER_H

#include "sim/load/assumptions.h"
#include "sim/load/loader.h"

/* Over the validated merged tree: check every `values_src`, set
 * L->s->assumptions, and when list is not NULL add every item and number to
 * it (sim/load/assumptions.h). */
int ledger_build(struct loader *L, struct assumption_list *list);

#endif
