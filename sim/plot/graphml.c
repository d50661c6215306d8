/* sim/plot/graphml.c - `infnet plot`: a snapshot read into a network to draw.
 *
 * The GraphML is read with igraph's reader and its C attribute handler
 * (installed by main); the active nodes and the ties among them are copied
 * into a struct net with the attributes the charts show (id, kind,
 * strength, patron, weight).
 * The file is opened by sim/util/infile (a regular file, not a link).
 * Includes: igraph, models/world.h (kind names), sim/util/infile.
 */
#include "sim/plot/plot_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "sim/util/infile.h"

void net_free(struct net *n)
{
    for (int i = 0; i < n->n; i++) {
        free(n->id ? n->id[i] : NULL);
        free(n->label ? n->label[i] : NULL);
        free(n->patron_label ? n->patron_label[i] : NULL);
        free(n->patron ? n->patron[i] : NULL);
    }
    free(n->id);
    free(n->label);
    free(n->patron_label);
    free(n->type);
    free(n->patron);
    free(n->kind);
    free(n->strength);
    free(n->x);
    free(n->y);
    free(n->from);
    free(n->to);
    free(n->weight);
    free(n->lx);
    free(n->ly);
    free(n->lw);
    memset(n, 0, sizeof *n);
}

/* The type of vertex (or edge) attribute name, or -1 when absent. */
static int attr_type(const igraph_strvector_t *names, const igraph_vector_int_t *types, const char *name)
{
    for (igraph_integer_t i = 0; i < igraph_strvector_size(names); i++)
        if (!strcmp(igraph_strvector_get(names, i), name))
            return (int)VECTOR(*types)[i];
    return -1;
}

static int vertex_active(const igraph_t *g, int type, igraph_integer_t v)
{
    if (type == IGRAPH_ATTRIBUTE_BOOLEAN)
        return VAB(g, "active", v) ? 1 : 0;
    if (type == IGRAPH_ATTRIBUTE_NUMERIC)
        return VAN(g, "active", v) != 0;
    if (type == IGRAPH_ATTRIBUTE_STRING) {
        const char *s = VAS(g, "active", v);
        return strcmp(s, "0") && strcmp(s, "false") && strcmp(s, "False");
    }
    return 1;
}

/* Copy the active part of g into n, only nodes of the kinds in the bit set
 * kinds and ties of the types in ties (0: all). Missing attributes take defaults: id
 * "vK", kind other, strength 0, no patron, active, weight 1. */
static int net_from_graph(struct plot *p, const igraph_t *g, unsigned kinds, unsigned ties, struct net *n)
{
    igraph_strvector_t gn, vn, en;
    igraph_vector_int_t gt, vt, et;
    int rc = DIAG_OK, inited = 0;
    int *map = NULL;
    igraph_integer_t nv = igraph_vcount(g), ne = igraph_ecount(g);
    /* inited counts the vectors set up, so cleanup destroys exactly those */
    if (igraph_strvector_init(&gn, 0) || (inited++, igraph_strvector_init(&vn, 0)) ||
        (inited++, igraph_strvector_init(&en, 0)) || (inited++, igraph_vector_int_init(&gt, 0)) ||
        (inited++, igraph_vector_int_init(&vt, 0)) || (inited++, igraph_vector_int_init(&et, 0))) {
        rc = plot_oom(p);
        goto cleanup;
    }
    inited++;
    if (igraph_cattribute_list(g, &gn, &gt, &vn, &vt, &en, &et) || nv > INT_MAX || ne > INT_MAX) {
        rc = plot_oom(p);
        goto cleanup;
    }
    int t_id = attr_type(&vn, &vt, "id"), t_kind = attr_type(&vn, &vt, "kind");
    int t_str = attr_type(&vn, &vt, "strength"), t_pat = attr_type(&vn, &vt, "patron");
    int t_act = attr_type(&vn, &vt, "active"), t_w = attr_type(&en, &et, "weight");
    int t_label = attr_type(&vn, &vt, "label"), t_type = attr_type(&en, &et, "type");
    map = malloc(((size_t)nv + 1) * sizeof *map);
    if (!map) {
        rc = plot_oom(p);
        goto cleanup;
    }
    int count = 0;
    for (igraph_integer_t v = 0; v < nv; v++) {
        enum node_kind k;
        int measured = !kinds || (t_kind == IGRAPH_ATTRIBUTE_STRING &&
                                  !world_kind_parse(VAS(g, "kind", v), &k) && (kinds & (1u << k)));
        map[v] = vertex_active(g, t_act, v) && measured ? count++ : -1;
    }
    size_t cn = (size_t)count + 1, ce = (size_t)ne + 1;
    n->id = calloc(cn, sizeof *n->id);
    n->label = calloc(cn, sizeof *n->label);
    n->patron_label = calloc(cn, sizeof *n->patron_label);
    n->type = calloc(ce, sizeof *n->type);
    n->patron = calloc(cn, sizeof *n->patron);
    n->kind = calloc(cn, sizeof *n->kind);
    n->strength = calloc(cn, sizeof *n->strength);
    n->x = calloc(cn, sizeof *n->x);
    n->y = calloc(cn, sizeof *n->y);
    n->from = calloc(ce, sizeof *n->from);
    n->to = calloc(ce, sizeof *n->to);
    n->weight = calloc(ce, sizeof *n->weight);
    if (!n->id || !n->label || !n->patron_label || !n->type || !n->patron || !n->kind || !n->strength ||
        !n->x || !n->y || !n->from || !n->to || !n->weight) {
        rc = plot_oom(p);
        goto cleanup;
    }
    for (igraph_integer_t v = 0; v < nv; v++) {
        int i = map[v];
        if (i < 0)
            continue;
        char fallback[32];
        snprintf(fallback, sizeof fallback, "v%ld", (long)v);
        n->n = i + 1;
        n->id[i] = strdup(t_id == IGRAPH_ATTRIBUTE_STRING ? VAS(g, "id", v) : fallback);
        n->patron[i] = strdup(t_pat == IGRAPH_ATTRIBUTE_STRING ? VAS(g, "patron", v) : "");
        const char *label = t_label == IGRAPH_ATTRIBUTE_STRING ? VAS(g, "label", v) : "";
        n->label[i] = strdup(*label ? label : n->id[i] ? n->id[i] : "");
        /* the patron's label, found among all nodes (an agency is not always measured) */
        const char *pl = n->patron[i] ? n->patron[i] : "";
        for (igraph_integer_t u = 0;
             u < nv && *pl && t_id == IGRAPH_ATTRIBUTE_STRING && t_label == IGRAPH_ATTRIBUTE_STRING; u++)
            if (!strcmp(VAS(g, "id", u), n->patron[i]) && *VAS(g, "label", u)) {
                pl = VAS(g, "label", u);
                break;
            }
        n->patron_label[i] = strdup(pl);
        if (!n->id[i] || !n->label[i] || !n->patron[i] || !n->patron_label[i]) {
            rc = plot_oom(p);
            goto cleanup;
        }
        enum node_kind k;
        n->kind[i] = t_kind == IGRAPH_ATTRIBUTE_STRING && !world_kind_parse(VAS(g, "kind", v), &k)
                         ? (int)k
                         : KIND_OTHER;
        double s = t_str == IGRAPH_ATTRIBUTE_NUMERIC ? VAN(g, "strength", v) : 0.0;
        n->strength[i] = isfinite(s) ? s : 0.0;
    }
    for (igraph_integer_t e = 0; e < ne; e++) {
        igraph_integer_t a, b;
        igraph_edge(g, e, &a, &b);
        if (map[a] < 0 || map[b] < 0)
            continue;
        enum tie_type type;
        int typed = t_type == IGRAPH_ATTRIBUTE_STRING && !world_tie_parse(EAS(g, "type", e), &type);
        if (ties && !(typed && (ties & (1u << type))))
            continue;
        n->type[n->m] = typed ? (int)type : TIE_COUNT;
        double w = t_w == IGRAPH_ATTRIBUTE_NUMERIC ? EAN(g, "weight", e) : 1.0;
        n->from[n->m] = map[a];
        n->to[n->m] = map[b];
        n->weight[n->m] = isfinite(w) ? w : 1.0;
        n->m++;
    }
cleanup:
    free(map);
    if (inited > 0)
        igraph_strvector_destroy(&gn);
    if (inited > 1)
        igraph_strvector_destroy(&vn);
    if (inited > 2)
        igraph_strvector_destroy(&en);
    if (inited > 3)
        igraph_vector_int_destroy(&gt);
    if (inited > 4)
        igraph_vector_int_destroy(&vt);
    if (inited > 5)
        igraph_vector_int_destroy(&et);
    return rc;
}

int net_read(struct plot *p, const char *dir, const struct snap *s, struct net *n)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/snapshots/%s", dir, s->file);
    memset(n, 0, sizeof *n);
    /* not through a link, and never waiting on a FIFO put there since it was listed */
    FILE *f;
    const char *why;
    int orc = infile_open_own(path, &f, NULL, &why);
    if (orc)
        return diag_set(p->d, orc, path, 0, 0, "cannot read the snapshot: %s", why);
    igraph_error_handler_t *old_err = igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_warning_handler_t *old_warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_t g;
    igraph_error_t err = igraph_read_graph_graphml(&g, f, 0);
    igraph_set_error_handler(old_err);
    igraph_set_warning_handler(old_warn);
    fclose(f);
    if (err == IGRAPH_INTERRUPTED) /* a signal (sim/util/interrupt.h) */
        return diag_set(p->d, DIAG_INTERRUPTED, path, 0, 0, "interrupted while reading the snapshot");
    if (err != IGRAPH_SUCCESS)
        return diag_set(p->d, err == IGRAPH_ENOMEM ? DIAG_RUNTIME : DIAG_INPUT, path, 0, 0,
                        "cannot read GraphML: %s", igraph_strerror(err));
    /* the measured network (outputs.network_kinds, network_ties), as meta.json records it */
    const struct meta_scen *m = plot_meta_of(p, s->scen);
    int rc = net_from_graph(p, &g, m ? m->kinds : 0u, m ? m->ties : 0u, n);
    igraph_destroy(&g);
    if (rc)
        net_free(n);
    return rc;
}
