/* sim/load/network.h - network: the YAML nodes and edges, then generated and imported ones.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_NETWORK_H
#define INFNET_SIM_LOAD_NETWORK_H

#include "sim/load/loader.h"

/* network (required): YAML nodes, generate, import, node references, then
 * YAML edges, in that order (ids are numbered so). */
int network_check(struct loader *L);

#endif
