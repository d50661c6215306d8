/* sim/load/sections.h - the top-level sections: name, sources, time, monte_carlo, model.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_SECTIONS_H
#define INFNET_SIM_LOAD_SECTIONS_H

#include "sim/load/loader.h"

int sections_name(struct loader *L);

int sections_sources(struct loader *L);

/* Every entry of map's `src` list must be a key of `sources`. */
int sections_src(struct loader *L, const struct ytree *map);

int sections_time(struct loader *L);

int sections_monte_carlo(struct loader *L);

int sections_model(struct loader *L);

#endif
