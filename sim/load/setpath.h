/* sim/load/setpath.h - the KEY of --set KEY=VALUE, walked on the merged scenario tree.
 *
 * KEY is a dotted path of mapping keys; a numeric segment indexes a list, and
 * the items of network.nodes and network.edges can also be selected by what
 * names them: network.nodes[ID] and network.edges[FROM->TO] or
 * network.edges[FROM->TO,TYPE] (docs/FORMAT.md, "--set").
 * Internal to sim/load/; errors as sim/load/loader.h, located in the
 * pseudo-file "--set" at line 1 and the column within "KEY=VALUE". */
#ifndef INFNET_SIM_LOAD_SETPATH_H
#define INFNET_SIM_LOAD_SETPATH_H

#include "sim/load/loader.h"

/* The file name reported for errors in --set overrides. */
#define SETPATH_FILE "--set"

/* Check the syntax of key (segments, brackets) without looking at the tree. */
int setpath_check(struct loader *L, const char *key);

/* Put leaf (owned, freed on failure too) at key in L->root, replacing what
 * was there and creating missing mappings on the way. */
int setpath_apply(struct loader *L, const char *key, struct ytree *leaf);

/* The place key reaches in L->root, as a key of mapping keys and list
 * indices only: each selector replaced by the index of the item it picks
 * (network.nodes[qaani].authority -> network.nodes.3.authority), so that
 * two keys that name one place are equal. *out is malloc'd. L->root is
 * changed (the place gets an empty mapping): resolve on a tree about to be
 * thrown away. Errors as setpath_apply(). */
int setpath_resolve(struct loader *L, const char *key, char **out);

#endif
