/* sim/load/sections.h - the top-level sections: name, sources, time, monte_carlo, model.
 * Internal to sim/load/; errors as sim/load/loader.h. */
#ifndef INFNET_SIM_LOAD_SECTIONS_H
#define INFNET_SIM_LOAD_SECTIONS_H

#include "sim/load/loader.h"

/* name (required): [a-z0-9_-], 1 to NAME_MAX_LEN characters. */
int sections_name(struct loader *L);

/* sources: key -> {title, outlet, date, url, note}, indexed for sections_src(). */
int sections_sources(struct loader *L);

/* The reserved src entry that marks an item as an assumption (with a `reason`). */
#define ASSUMPTION_KEY "assumption"

/* Every entry of map's `src` list must be a key of `sources`, or
 * ASSUMPTION_KEY, which needs a `reason` (and a `reason` needs it). */
int sections_src(struct loader *L, const struct ytree *map);

/* time (required): steps, unit, start. */
int sections_time(struct loader *L);

/* monte_carlo: replicas and seed, or their defaults. */
int sections_monte_carlo(struct loader *L);

/* model: parameters by models/params.h's table, over its defaults. */
int sections_model(struct loader *L);

#endif
