/* sim/load/xmlnet.h - importing Gephi's GEXF and ORA's DyNetML (internal to sim/load/). */
#ifndef INFNET_SIM_LOAD_XMLNET_H
#define INFNET_SIM_LOAD_XMLNET_H

#include <stdio.h>

#include "sim/load/import.h"

/* Read f (the file im->file) as GEXF (gexf = 1) or DyNetML (gexf = 0) and
 * add its nodes and ties. Returns im->rc. */
int xmlnet_import(struct import *im, FILE *f, int gexf);

#endif
