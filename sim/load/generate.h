/* sim/load/generate.h - network.generate: Erdos-Renyi, Barabasi-Albert and SBM networks.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_GENERATE_H
#define INFNET_SIM_LOAD_GENERATE_H

#include "sim/load/loader.h"

/* network.generate: gkey is the generate key, gm its mapping. Draws the
 * graph only once every key, id and limit has been checked. */
int generate_check(struct loader *L, const struct ytree *gkey, const struct ytree *gm);

#endif
