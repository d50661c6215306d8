/* sim/output/snapshot.h - a world written as GraphML (Gephi, Cytoscape, NetworkX read it).
 *
 * Every scenario node and every spawned node is written, with vertex
 * attributes id, label, kind, patron (the patron's id or ""), strength,
 * stance, active (GraphML boolean), spawn ("", "splinter" or "front") and
 * community (Leiden community in the active network, -1 when inactive);
 * every active tie is an edge with attributes type and weight. Uses igraph's GraphML
 * writer through its C attribute handler, so main() must have installed
 * igraph_cattribute_table.
 */
#ifndef INFNET_SIM_SNAPSHOT_H
#define INFNET_SIM_SNAPSHOT_H

#include "models/world.h"
#include "sim/util/diag.h"
#include "sim/load/scenario.h"

/* Write w (a world of scenario s) to dir/name, atomically. */
int snapshot_write(const struct scenario *s, const struct world *w, const char *dir, const char *name,
                   struct diag *d);

#endif
