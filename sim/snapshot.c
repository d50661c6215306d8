/* sim/snapshot.c - GraphML snapshots of a world via igraph's attribute handler.
 * Writes through a temporary file (atomicfile) so a snapshot is whole or absent.
 */
#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "atomicfile.h"

static const char *spawn_name(enum spawn_kind k)
{
    return k == SPAWN_SPLINTER ? "splinter" : k == SPAWN_FRONT ? "front" : "";
}

/* Nodes written: scenario nodes and spawn slots that were ever used. */
static int written(const struct world *w, int i)
{
    return i < w->n_base || w->nodes[i].spawn != SPAWN_NONE;
}

int snapshot_write(const struct scenario *s, const struct world *w, const char *dir, const char *name,
                   struct diag *d)
{
    int *vid = malloc(((size_t)w->n_nodes + 1) * sizeof *vid);
    igraph_vector_int_t edges;
    igraph_t g;
    int have_g = 0, rc = DIAG_OK;
    struct atomicfile af = {0};
    if (!vid || igraph_vector_int_init(&edges, 0)) {
        free(vid);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    }
    igraph_integer_t nv = 0;
    for (int i = 0; i < w->n_nodes; i++)
        vid[i] = written(w, i) ? (int)nv++ : -1;
    for (int e = 0; e < w->n_edges; e++) {
        const struct tie *t = &w->edges[e];
        if (!t->active || vid[t->from] < 0 || vid[t->to] < 0)
            continue;
        if (igraph_vector_int_push_back(&edges, vid[t->from]) || igraph_vector_int_push_back(&edges, vid[t->to]))
            goto oom;
    }
    if (igraph_create(&g, &edges, nv, IGRAPH_DIRECTED))
        goto oom;
    have_g = 1;
    for (int i = 0; i < w->n_nodes; i++) {
        if (vid[i] < 0)
            continue;
        const struct actor *a = &w->nodes[i];
        igraph_integer_t v = vid[i];
        if (SETVAS(&g, "id", v, s->ids[i]) || SETVAS(&g, "label", v, s->labels[i]) ||
            SETVAS(&g, "kind", v, world_kind_name(a->kind)) ||
            SETVAS(&g, "patron", v, a->patron >= 0 ? s->ids[a->patron] : "") ||
            SETVAN(&g, "strength", v, a->strength) || SETVAN(&g, "stance", v, a->stance) ||
            SETVAN(&g, "active", v, a->active ? 1 : 0) || SETVAS(&g, "spawn", v, spawn_name(a->spawn)))
            goto oom;
    }
    igraph_integer_t k = 0;
    for (int e = 0; e < w->n_edges; e++) {
        const struct tie *t = &w->edges[e];
        if (!t->active || vid[t->from] < 0 || vid[t->to] < 0)
            continue;
        if (SETEAS(&g, "type", k, world_tie_name(t->type)) || SETEAN(&g, "weight", k, t->weight))
            goto oom;
        k++;
    }
    rc = atomicfile_open(&af, dir, name, d);
    if (rc)
        goto cleanup;
    if (igraph_write_graph_graphml(&g, af.f, /*prefixattr=*/0)) {
        atomicfile_abort(&af);
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write GraphML snapshot '%s/%s'", dir, name);
        goto cleanup;
    }
    rc = atomicfile_commit(&af, d);
    goto cleanup;
oom:
    rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing snapshot '%s'", name);
cleanup:
    if (have_g)
        igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    free(vid);
    return rc;
}
