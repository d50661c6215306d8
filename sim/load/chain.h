/* sim/load/chain.h - the extends chain and the --set overrides, merged into one YAML tree.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_CHAIN_H
#define INFNET_SIM_LOAD_CHAIN_H

#include "sim/load/loader.h"

/* The root of a scenario file must be a mapping (t NULL: the file is empty). */
int chain_root_is_map(struct loader *L, const struct ytree *t, const char *file);

/* Read path and its extends chain, and merge them into L->root. */
int chain_load(struct loader *L, const char *path);

/* Apply one --set KEY=VALUE to L->root: the value replaces what is at KEY. */
int chain_apply_set(struct loader *L, const struct scenario_set *set);

#endif
