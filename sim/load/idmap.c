/* sim/load/idmap.c - the loader's map from ids (node ids, source keys) to indices.
 *
 * Open addressing with linear probing over a power-of-two table that doubles
 * at half load, hashed with FNV-1a (sim/engine/rng.h). Keys are borrowed: the
 * map stores the caller's pointers and never copies or frees the strings,
 * which the scenario owns and keeps for as long as the map lives.
 * Includes: sim/engine/rng.h.
 */
#include "sim/load/idmap.h"

#include <stdlib.h>
#include <string.h>

#include "sim/engine/rng.h"

/* Smallest capacity (a power of two; the map doubles at half load). */
#define IDMAP_MIN_CAP 64

void idmap_destroy(struct idmap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

static size_t idmap_slot(const struct idmap *m, const char *key)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)rng_fnv1a64(key) & mask;
    while (m->key[i] && strcmp(m->key[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

int idmap_get(const struct idmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    size_t i = idmap_slot(m, key);
    return m->key[i] ? m->val[i] : -1;
}

/* 0 added, 1 already there (unchanged), -1 out of memory. */
int idmap_put(struct idmap *m, const char *key, int val)
{
    if (2 * (m->n + 1) > m->cap) {
        struct idmap g = {0};
        g.cap = m->cap ? 2 * m->cap : IDMAP_MIN_CAP;
        g.key = calloc(g.cap, sizeof *g.key);
        g.val = malloc(g.cap * sizeof *g.val);
        if (!g.key || !g.val) {
            idmap_destroy(&g);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->key[i])
                continue;
            size_t j = idmap_slot(&g, m->key[i]);
            g.key[j] = m->key[i];
            g.val[j] = m->val[i];
            g.n++;
        }
        idmap_destroy(m);
        *m = g;
    }
    size_t i = idmap_slot(m, key);
    if (m->key[i])
        return 1;
    m->key[i] = key;
    m->val[i] = val;
    m->n++;
    return 0;
}
