/* sim/load/graphml.c - importing a GraphML network with igraph's reader.
 *
 * The file is read whole within --limit file-bytes and handed to
 * igraph_read_graph_graphml() from memory (igraph reads a stream to its
 * end). Vertex attributes id (or name), kind, label, strength, stance,
 * budget, revenue and authority, and edge attributes type and weight, are
 * checked as their YAML counterparts are; everything goes through
 * import_node() and import_tie().
 * Includes: igraph (its C attribute handler), sim/load/import.h.
 */
#include "sim/load/graphml.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
/* GraphML attribute helpers: find name's type among the listed attributes. */
static int attr_type(const igraph_strvector_t *names, const igraph_vector_int_t *types,
                     const char *name)
{
    for (igraph_integer_t i = 0; i < igraph_strvector_size(names); i++)
        if (!strcmp(igraph_strvector_get(names, i), name))
            return (int)VECTOR(*types)[i];
    return -1;
}

/* Numeric vertex/edge attribute `name` of element i: 1 present (*x set), 0
 * absent, -1 not a number (text in *bad). */
static int attr_number(const igraph_t *g, int vertex, const igraph_strvector_t *names,
                       const igraph_vector_int_t *types, const char *name, igraph_integer_t i,
                       double *x, const char **bad)
{
    int t = attr_type(names, types, name);
    if (t == IGRAPH_ATTRIBUTE_NUMERIC) {
        *x = vertex ? VAN(g, name, i) : EAN(g, name, i);
        return isnan(*x) ? 0 : 1;
    }
    if (t == IGRAPH_ATTRIBUTE_STRING) {
        const char *s = vertex ? VAS(g, name, i) : EAS(g, name, i);
        if (!*s)
            return 0;
        *bad = s;
        return loader_parse_real(s, x) == 0 ? 1 : -1;
    }
    if (t == IGRAPH_ATTRIBUTE_BOOLEAN) {
        *bad = "a boolean";
        return -1;
    }
    return 0;
}

static const char *attr_string(const igraph_t *g, int vertex, const igraph_strvector_t *names,
                               const igraph_vector_int_t *types, const char *name,
                               igraph_integer_t i)
{
    if (attr_type(names, types, name) != IGRAPH_ATTRIBUTE_STRING)
        return "";
    return vertex ? VAS(g, name, i) : EAS(g, name, i);
}

int graphml_import(struct import *im, FILE *f)
{
    struct loader *L = im->L;
    struct scenario *s = L->s;
    struct loader_quiet q;
    igraph_t g;
    igraph_strvector_t gn, vn, en;
    igraph_vector_int_t gt, vt, et;
    igraph_error_t err;
    int *map = NULL, lists = 0;
    char *text = NULL;
    size_t len = 0;
    static const struct {
        const char *name;
        double lo, hi;
    } numeric[] = {{"strength", 0, 1}, {"stance", 0, 1},   {"budget", 0, HUGE_VAL},
                   {"revenue", 0, HUGE_VAL}, {"authority", 0, 1}};
    if (!igraph_has_attribute_table())
        return im->rc = diag_set(L->d, DIAG_RUNTIME, im->at->file, im->at->line, im->at->col,
                                 "GraphML import needs igraph's attribute handler, which the "
                                 "program did not install");
    /* igraph reads the stream to its end: read it here first, within the
     * byte limit, and hand igraph the bytes. */
    if (import_slurp(im, f, &text, &len) != DIAG_OK)
        return im->rc;
    if (len == 0) {
        free(text);
        return import_fail(im, 0, "not valid GraphML: the file is empty");
    }
    FILE *mem = fmemopen(text, len, "rb");
    if (!mem) {
        free(text);
        return im->rc = loader_oom(L);
    }
    loader_quiet_begin(&q);
    err = igraph_read_graph_graphml(&g, mem, 0);
    loader_quiet_end(&q);
    fclose(mem);
    free(text);
    if (err == IGRAPH_ENOMEM)
        return im->rc = loader_oom(L);
    if (err == IGRAPH_UNIMPLEMENTED)   /* igraph built without libxml2 */
        return im->rc = diag_set(L->d, DIAG_RUNTIME, im->at->file, im->at->line, im->at->col,
                                 "cannot import '%s': this igraph cannot read GraphML",
                                 im->file);
    if (err != IGRAPH_SUCCESS)
        return import_fail(im, 0, "not valid GraphML (igraph: %s)", igraph_strerror(err));
    if (igraph_strvector_init(&gn, 0) || igraph_strvector_init(&vn, 0) ||
        igraph_strvector_init(&en, 0) || igraph_vector_int_init(&gt, 0) ||
        igraph_vector_int_init(&vt, 0) || igraph_vector_int_init(&et, 0)) {
        /* the failed init left its object empty, destroying it is safe */
        im->rc = loader_oom(L);
        goto cleanup;
    }
    lists = 1;
    if (igraph_cattribute_list(&g, &gn, &gt, &vn, &vt, &en, &et) != IGRAPH_SUCCESS) {
        im->rc = loader_oom(L);
        goto cleanup;
    }
    igraph_integer_t nv = igraph_vcount(&g), ne = igraph_ecount(&g);
    if (nv > L->lim->max_nodes - s->world.n_nodes) {
        import_fail(im, 0, "%lld nodes, above the limit of %ld in all (--limit nodes)",
                    (long long)nv, L->lim->max_nodes);
        goto cleanup;
    }
    if (ne > L->lim->max_edges - s->world.n_edges) {
        import_fail(im, 0, "%lld edges, above the limit of %ld in all (--limit edges)",
                    (long long)ne, L->lim->max_edges);
        goto cleanup;
    }
    if (!(map = malloc((size_t)(nv ? nv : 1) * sizeof *map))) {
        im->rc = loader_oom(L);
        goto cleanup;
    }
    for (igraph_integer_t v = 0; v < nv && im->rc == DIAG_OK; v++) {
        char idbuf[KEY_BUF];
        const char *id = attr_string(&g, 1, &vn, &vt, "id", v);
        if (!*id)
            id = attr_string(&g, 1, &vn, &vt, "name", v);
        if (!*id) {
            snprintf(idbuf, sizeof idbuf, "n%lld", (long long)v);
            id = idbuf;
        }
        const char *ktext = attr_string(&g, 1, &vn, &vt, "kind", v);
        enum node_kind kind = im->kind;
        char sb[KEY_BUF];
        if (*ktext && world_kind_parse(ktext, &kind) != 0) {
            import_fail(im, 0, "node '%s': unknown kind '%s'%s", id, ktext,
                        loader_suggest_kind(sb, sizeof sb, ktext));
            break;
        }
        enum node_kind saved = im->kind;
        im->kind = kind;
        int idx;
        int rc = import_node(im, id, 0, 0, &idx);
        im->kind = saved;
        if (rc != DIAG_OK)
            break;
        map[v] = idx;
        const char *label = attr_string(&g, 1, &vn, &vt, "label", v);
        if (*label) {
            char *c = strdup(label);
            if (!c) {
                im->rc = loader_oom(L);
                break;
            }
            free(s->labels[idx]);
            s->labels[idx] = c;
        }
        struct actor *a = &s->world.nodes[idx];
        double *fields[] = {&a->strength, &a->stance, &a->budget, &a->revenue, &a->authority};
        a->strength = DEFAULT_STRENGTH;
        a->stance = DEFAULT_STANCE;
        for (size_t k = 0; k < COUNT(numeric) && im->rc == DIAG_OK; k++) {
            double x = 0;
            const char *bad = "";
            int got = attr_number(&g, 1, &vn, &vt, numeric[k].name, v, &x, &bad);
            if (got == 0)
                continue;
            if (got < 0) {
                import_fail(im, 0, "node '%s': '%s' must be a number, got '%s'", id,
                            numeric[k].name, bad);
                break;
            }
            const struct kind_rule *r = loader_kind_rule(numeric[k].name);
            if (r && !(r->kinds & KBIT(kind))) {
                import_fail(im, 0, "node '%s': '%s' applies to %s only", id, numeric[k].name,
                            r->who);
                break;
            }
            if (x < numeric[k].lo || x > numeric[k].hi) {
                char rb[KEY_BUF];
                loader_range_text(rb, sizeof rb, numeric[k].lo, numeric[k].hi, 0);
                import_fail(im, 0, "node '%s': '%s' must be %s, got %g", id, numeric[k].name,
                            rb, x);
                break;
            }
            *fields[k] = x;
        }
    }
    for (igraph_integer_t e = 0; e < ne && im->rc == DIAG_OK; e++) {
        double w = 0;
        const char *bad = "";
        int got = attr_number(&g, 0, &en, &et, "weight", e, &w, &bad);
        if (got < 0) {
            import_fail(im, 0, "edge %lld: 'weight' must be a number, got '%s'", (long long)e,
                        bad);
            break;
        }
        int a = map[IGRAPH_FROM(&g, e)], b = map[IGRAPH_TO(&g, e)];
        const char *type_text = attr_string(&g, 0, &en, &et, "type", e);
        if (!igraph_is_directed(&g)) {
            /* igraph does not keep the written order of undirected edges:
             * take the lower index first, but orient a command or funding
             * tie from the end that may issue it. */
            enum tie_type t = im->type;
            if (a > b) {
                int x = a;
                a = b;
                b = x;
            }
            if (*type_text)
                world_tie_parse(type_text, &t);   /* a bad name is reported below */
            if (loader_tie_source_rule(t, s->world.nodes[a].kind) &&
                !loader_tie_source_rule(t, s->world.nodes[b].kind)) {
                int x = a;
                a = b;
                b = x;
            }
        }
        import_tie(im, a, b, type_text, got > 0, w, NULL, 0);
    }
cleanup:
    free(map);
    if (lists) {
        igraph_strvector_destroy(&gn);
        igraph_strvector_destroy(&vn);
        igraph_strvector_destroy(&en);
        igraph_vector_int_destroy(&gt);
        igraph_vector_int_destroy(&vt);
        igraph_vector_int_destroy(&et);
    }
    igraph_destroy(&g);
    return im->rc;
}

