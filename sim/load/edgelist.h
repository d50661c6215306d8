/* sim/load/edgelist.h - importing a CSV edge list (internal to sim/load/). */
#ifndef INFNET_SIM_LOAD_EDGELIST_H
#define INFNET_SIM_LOAD_EDGELIST_H

#include <stdio.h>

#include "sim/load/import.h"

/* Read f (the file im->file) as a CSV edge list with the header from, to
 * and optionally type and weight, and add its nodes and ties. Returns im->rc. */
int edgelist_import(struct import *im, FILE *f);

/* Read f (the file `name`) as a node table: the header names id (required)
 * and any of label, kind, strength, stance, budget, revenue, authority,
 * successor, patron; each row adds one node. Returns im->rc. */
int nodetable_import(struct import *im, FILE *f, const char *name);

#endif
