/* sim/load/igraphin.h - importing the formats igraph reads besides GraphML (internal to sim/load/). */
#ifndef INFNET_SIM_LOAD_IGRAPHIN_H
#define INFNET_SIM_LOAD_IGRAPHIN_H

#include <stdio.h>

#include "sim/load/import.h"

/* Read f (the file im->file) in `format` (FORMAT_GML, FORMAT_PAJEK,
 * FORMAT_DL, FORMAT_NCOL or FORMAT_LGL) with igraph's reader and add its
 * nodes and ties. Returns im->rc. */
int igraphin_import(struct import *im, FILE *f, int format);

#endif
