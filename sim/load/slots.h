/* sim/load/slots.h - spawn slots and default patrons, the last steps before the world is sealed.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_SLOTS_H
#define INFNET_SIM_LOAD_SLOTS_H

#include "sim/load/loader.h"

/* Reserve the factions' spawn slots (splinter.max + fronts.max each when
 * those mechanisms are on) and name them "PARENT+K". */
int slots_reserve(struct loader *L);

/* A faction without a patron takes the agency the model says it answers to
 * (dynamics_command_agency), else none. */
void slots_default_patrons(struct world *w);

#endif
