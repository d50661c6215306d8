/* sim/load/graphml.h - importing a GraphML network (internal to sim/load/). */
#ifndef INFNET_SIM_LOAD_GRAPHML_H
#define INFNET_SIM_LOAD_GRAPHML_H

#include <stdio.h>

#include "sim/load/import.h"

/* Read f (the file im->file) as GraphML and add its nodes and ties.
 * Returns im->rc. */
int graphml_import(struct import *im, FILE *f);

#endif
