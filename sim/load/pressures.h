/* sim/load/pressures.h - pressures: when, whom and how hard.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_PRESSURES_H
#define INFNET_SIM_LOAD_PRESSURES_H

#include "sim/load/loader.h"

/* pressures: each entry into s->pressures, in order. */
int pressures_check(struct loader *L);

#endif
