/* sim/load/idmap.h - map from borrowed id strings to indices.
 *
 * Zero-initialise a struct idmap before use; idmap_destroy() frees it
 * (the keys are the caller's) and leaves it zeroed. */
#ifndef INFNET_SIM_LOAD_IDMAP_H
#define INFNET_SIM_LOAD_IDMAP_H

#include <stddef.h>

/* Open-addressing hash map from borrowed strings to node indices. */
struct idmap {
    const char **key;
    int *val;
    size_t cap, n;
};

/* Free the table (not the keys) and zero m. */
void idmap_destroy(struct idmap *m);

/* The index stored for key, or -1. */
int idmap_get(const struct idmap *m, const char *key);

/* 0 added, 1 already there (unchanged), -1 out of memory. */
int idmap_put(struct idmap *m, const char *key, int val);

#endif
