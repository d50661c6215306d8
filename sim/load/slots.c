/* sim/load/slots.c - spawn slots of the factions and their default patrons.
 *
 * Splinters and fronts appear during a run in nodes reserved at load time
 * (models/world.h, world_reserve_slots), so that node indices never change
 * while a replica runs; the slots get ids "PARENT+K" and labels here. A
 * faction given no patron takes the one the model's own rule names
 * (models/dynamics.h).
 * Includes: models/world.h, models/dynamics.h, sim/load/loader.h.
 */
#include "sim/load/slots.h"

#include <stdlib.h>
#include <string.h>

#include "models/dynamics.h"

int slots_reserve(struct loader *L)
{
    struct scenario *s = L->s;
    struct world *w = &s->world;
    const struct model_params *mp = &s->params;
    int count = 0, n_factions = 0;
    if (mp->dynamics &&
        ((mp->splinter.rate > 0 && mp->splinter.max > 0) || (mp->fronts.rate > 0 && mp->fronts.max > 0)))
        count = mp->splinter.max + mp->fronts.max;
    if (count == 0)
        return DIAG_OK;
    for (int i = 0; i < w->n_nodes; i++)
        n_factions += w->nodes[i].kind == KIND_FACTION;
    if ((double)n_factions * count > (double)(L->lim->max_nodes - w->n_nodes)) {
        const struct ytree *m = loader_opt(L->root, "model");
        return loader_fail(L, m ? m : &L->root_at,
                           "%d factions with %d spawn slots each make %.0f nodes, "
                           "above the limit of %ld (--limit nodes; or lower splinter.max/fronts.max)",
                           n_factions, count, (double)w->n_nodes + (double)n_factions * count,
                           L->lim->max_nodes);
    }
    int base = w->n_nodes;
    if (loader_grow_names(L, base + n_factions * count) != DIAG_OK)
        return loader_oom(L);
    if (world_reserve_slots(w, count) != WORLD_OK)
        return loader_oom(L);
    for (int f = 0; f < base; f++) {
        const struct actor *a = &w->nodes[f];
        for (int k = 0; k < a->slot_count; k++) {
            int i = a->slot_first + k;
            size_t il = strlen(s->ids[f]) + INT_TEXT, ll = strlen(s->labels[f]) + KEY_BUF;
            if (!(s->ids[i] = malloc(il)) || !(s->labels[i] = malloc(ll)))
                return loader_oom(L);
            snprintf(s->ids[i], il, "%s+%d", s->ids[f], k + 1);
            snprintf(s->labels[i], ll, "%s (spawn %d)", s->labels[f], k + 1);
        }
    }
    return DIAG_OK;
}

/* A faction without a patron takes the agency the model says it answers to
 * (models/dynamics.h), else none. */
void slots_default_patrons(struct world *w)
{
    for (int f = 0; f < w->n_nodes; f++) {
        struct actor *a = &w->nodes[f];
        if (a->kind == KIND_FACTION && a->patron < 0 && a->parent < 0)
            a->patron = dynamics_command_agency(w, f);
    }
}
