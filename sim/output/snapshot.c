/* sim/output/snapshot.c - GraphML snapshots of a world via igraph's attribute handler.
 * Writes through a temporary file (atomicfile) so a snapshot is whole or absent.
 * Node attributes: id, label, kind, patron, strength, stance, active (a
 * GraphML boolean), spawn and community; edge attributes: type and weight.
 * The graph stays directed: command and funding ties point from the agency
 * or institution to the faction.
 * community is the node's community in a Leiden partition of the active
 * network (the undirected graph the metrics are measured on, models/world.h
 * world_graph; tie weights used when the scenario measures weighted), -1
 * for inactive nodes. A snapshot is written after its step, outside any
 * replica's random stream, so Leiden draws from a local igraph RNG seeded
 * with SNAPSHOT_LEIDEN_SEED, set as igraph's default for the call only.
 * igraph writes numbers as GraphML "double"; community values are whole.
 * Includes: sim/ (atomicfile), models/world.h, analysis/community.h, igraph.
 */
#include "sim/output/snapshot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "analysis/community.h"
#include "sim/output/atomicfile.h"
#include "sim/util/igraphfix.h"

/* Seed of the community partition written into snapshots: a fixed value so
 * that the same world always gives the same file (any constant would do;
 * this one is the date of the events the shipped scenarios study). */
#define SNAPSHOT_LEIDEN_SEED 20200103u

static const char *spawn_name(enum spawn_kind k)
{
    return k == SPAWN_SPLINTER ? "splinter" : k == SPAWN_FRONT ? "front" : "";
}

/* Nodes written: scenario nodes and spawn slots that were ever used. */
static int written(const struct world *w, int i)
{
    return i < w->n_base || w->nodes[i].spawn != SPAWN_NONE;
}

/* Why communities() failed. */
enum { COMM_OK, COMM_ENOMEM, COMM_EIGRAPH, COMM_INTERRUPTED };

/* comm[i] (n_nodes entries): node i's Leiden community among the active
 * nodes, -1 when inactive. Returns COMM_OK, COMM_ENOMEM, COMM_EIGRAPH or COMM_INTERRUPTED (a
 * signal, through sim/util/interrupt's igraph handler). */
static int communities(const struct scenario *s, const struct world *w, int *comm)
{
    struct world_graph_ws ws;
    igraph_vector_t weights;
    igraph_vector_int_t vid2node, membership;
    igraph_t g;
    igraph_rng_t rng;
    int rc, have_g = 0, have_rng = 0;
    int *node2vid = malloc(((size_t)w->n_nodes + 1) * sizeof *node2vid);
    world_graph_ws_init(&ws);
    /* bit k of bad set: the k-th (0-based) of these vectors was not set up */
    int bad = igraph_vector_init(&weights, 0) ? 1 : 0;
    bad |= igraph_vector_int_init(&vid2node, 0) ? 2 : 0;
    bad |= igraph_vector_int_init(&membership, 0) ? 4 : 0;
    if (!node2vid || bad) {
        rc = COMM_ENOMEM;
        goto cleanup;
    }
    if ((rc = world_graph(w, &g, &weights, &vid2node, node2vid, &ws)) != WORLD_OK) {
        rc = rc == WORLD_ENOMEM ? COMM_ENOMEM : COMM_EIGRAPH;
        goto cleanup;
    }
    have_g = 1;
    if (igraph_rng_init(&rng, &igraph_rngtype_pcg32) != IGRAPH_SUCCESS) {
        rc = COMM_ENOMEM;
        goto cleanup;
    }
    have_rng = 1;
    igraph_rng_seed(&rng, SNAPSHOT_LEIDEN_SEED);
    /* set_default copies the handle: keep a copy of the old one to put back */
    igraph_rng_t saved = *igraph_rng_default();
    igraph_rng_set_default(&rng);
    struct community_result cr;
    igraph_error_t err = community_leiden(&g, s->measure.weighted ? &weights : NULL, &membership, &cr);
    igraph_rng_set_default(&saved);
    if (err != IGRAPH_SUCCESS) {
        rc = err == IGRAPH_ENOMEM ? COMM_ENOMEM : err == IGRAPH_INTERRUPTED ? COMM_INTERRUPTED : COMM_EIGRAPH;
        /* igraph 0.10.2 leaves an interrupted call's temporaries on its
         * cleanup stack (as fault_analysis notes) */
        if (err == IGRAPH_INTERRUPTED)
            IGRAPH_FINALLY_CLEAN(IGRAPH_FINALLY_STACK_SIZE());
        goto cleanup;
    }
    for (int i = 0; i < w->n_nodes; i++)
        comm[i] = -1;
    for (igraph_integer_t v = 0; v < igraph_vector_int_size(&membership); v++)
        comm[VECTOR(vid2node)[v]] = (int)VECTOR(membership)[v];
cleanup:
    if (have_rng)
        igraph_rng_destroy(&rng);
    if (have_g)
        igraph_destroy(&g);
    if (!(bad & 1))
        igraph_vector_destroy(&weights);
    if (!(bad & 2))
        igraph_vector_int_destroy(&vid2node);
    if (!(bad & 4))
        igraph_vector_int_destroy(&membership);
    world_graph_ws_destroy(&ws);
    free(node2vid);
    return rc;
}

int snapshot_write(const struct scenario *s, const struct world *w, const char *dir, const char *name,
                   struct diag *d)
{
    int *vid = malloc(((size_t)w->n_nodes + 1) * sizeof *vid);
    int *comm = malloc(((size_t)w->n_nodes + 1) * sizeof *comm);
    igraph_vector_int_t edges;
    igraph_t g;
    int have_g = 0, rc = DIAG_OK;
    struct atomicfile af = {0};
    if (!vid || !comm || igraph_vector_int_init(&edges, 0)) {
        free(vid);
        free(comm);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    }
    int crc = communities(s, w, comm);
    if (crc == COMM_INTERRUPTED) {
        rc = diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0,
                      "interrupted while partitioning the network of snapshot '%s'", name);
        goto cleanup;
    }
    if (crc) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot partition the network of snapshot '%s' (%s)", name,
                      crc == COMM_ENOMEM ? "out of memory" : "igraph error");
        goto cleanup;
    }
    igraph_integer_t nv = 0;
    for (int i = 0; i < w->n_nodes; i++)
        vid[i] = written(w, i) ? (int)nv++ : -1;
    for (int e = 0; e < w->n_edges; e++) {
        const struct tie *t = &w->edges[e];
        if (!t->active || vid[t->from] < 0 || vid[t->to] < 0)
            continue;
        if (igraph_vector_int_push_back(&edges, vid[t->from]) ||
            igraph_vector_int_push_back(&edges, vid[t->to]))
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
            SETVAB(&g, "active", v, a->active ? 1 : 0) || SETVAS(&g, "spawn", v, spawn_name(a->spawn)) ||
            SETVAN(&g, "community", v, a->active ? comm[i] : -1))
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
    errno = 0;
    igraph_error_t werr = igraphfix_write_graph_graphml(&g, af.f, /*prefixattr=*/0);
    if (werr) {
        int e = errno;
        atomicfile_abort(&af);
        if (werr == IGRAPH_ENOMEM)
            goto oom;
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write GraphML snapshot '%s/%s': %s", dir, name,
                      e ? strerror(e) : "write error");
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
    free(comm);
    return rc;
}
