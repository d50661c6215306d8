/* sim/load/outputs.h - outputs: recorded steps, snapshots, metrics.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_OUTPUTS_H
#define INFNET_SIM_LOAD_OUTPUTS_H

#include "sim/load/loader.h"

/* outputs: every, snapshots, node_steps and the metric selections. */
int outputs_check(struct loader *L);

/* After the slots exist: nodes x node_steps must fit the node-cell limit. */
int outputs_check_cells(struct loader *L);

#endif
