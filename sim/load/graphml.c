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
#include <float.h>
#include <limits.h>
#include <string.h>

#include <libxml/xmlreader.h>
/* GraphML attribute helpers: find name's type among the listed attributes. */
static int attr_type(const igraph_strvector_t *names, const igraph_vector_int_t *types, const char *name)
{
    for (igraph_integer_t i = 0; i < igraph_strvector_size(names); i++)
        if (!strcmp(igraph_strvector_get(names, i), name))
            return (int)VECTOR(*types)[i];
    return -1;
}

/* Numeric vertex/edge attribute `name` of element i: 1 present (*x set), 0
 * absent, -1 not a number (text in *bad). */
static int attr_number(const igraph_t *g, int vertex, const igraph_strvector_t *names,
                       const igraph_vector_int_t *types, const char *name, igraph_integer_t i, double *x,
                       const char **bad)
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
                               const igraph_vector_int_t *types, const char *name, igraph_integer_t i)
{
    if (attr_type(names, types, name) != IGRAPH_ATTRIBUTE_STRING)
        return "";
    return vertex ? VAS(g, name, i) : EAS(g, name, i);
}

/* ------------------------------------------------------------- pre-scan */

/* igraph's reader recovers from what it does not expect: it merges two
 * nodes of one id, drops entity references, reads "NaN" as a number and
 * reports no line. So the text is first read here with libxml2's reader,
 * strictly (no recovery, no entity substitution, no network, no DTD
 * loading), and every such case is refused at its line; the lines of the
 * nodes and edges are kept, in document order (igraph's vertex and edge
 * order), to locate the later checks too. */

/* Vertex and edge attributes read as numbers (docs/FORMAT.md, GraphML import). */
static const char *const numeric_attrs[] = {"strength", "stance", "budget", "revenue", "authority", "weight"};

/* Longest stretch of a bad value quoted back in a message. */
#define QUOTE_MAX 40

struct gkey {
    char *id, *name; /* <key id=... attr.name=...> */
    int numeric;     /* name is one of numeric_attrs */
};

struct scan {
    struct import *im;
    xmlTextReaderPtr r;
    long *node_line, *edge_line; /* per <node> / <edge>, in document order */
    long n_nodes, n_edges, cap_nodes, cap_edges;
    char **ids; /* node ids, owned; indexed by ids_map */
    struct idmap ids_map;
    struct gkey *keys;
    size_t n_keys;
    int in;        /* 1 inside a <node>, 2 inside an <edge> */
    char err[512]; /* libxml2's first error */
    long err_line;
};

static void scan_destroy(struct scan *sc)
{
    free(sc->node_line);
    free(sc->edge_line);
    for (long i = 0; i < sc->n_nodes && sc->ids; i++)
        free(sc->ids[i]);
    free(sc->ids);
    idmap_destroy(&sc->ids_map);
    for (size_t i = 0; i < sc->n_keys; i++) {
        free(sc->keys[i].id);
        free(sc->keys[i].name);
    }
    free(sc->keys);
}

/* libxml2 before 2.12 passes a non-const xmlErrorPtr, later ones a const one. */
#if LIBXML_VERSION >= 21200
static void on_xml_error(void *data, const xmlError *e)
#else
static void on_xml_error(void *data, xmlErrorPtr e)
#endif
{
    struct scan *sc = data;
    if (sc->err[0] || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(sc->err, sizeof sc->err, "%s", e->message ? e->message : "error");
    sc->err[strcspn(sc->err, "\r\n")] = '\0';
    sc->err_line = e->line;
}

/* The line of the node the reader is on (the parser itself may be ahead). */
static long scan_line(const struct scan *sc)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(sc->r);
    long l = n ? xmlGetLineNo(n) : -1;
    if (l <= 0)
        l = xmlTextReaderGetParserLineNumber(sc->r);
    return l > 0 ? l : 0;
}

static int grow_lines(struct scan *sc, long **lines, long n, long *cap)
{
    if (n < *cap)
        return 0;
    long c = *cap ? 2 * *cap : 64;
    long *more = realloc(*lines, (size_t)c * sizeof *more);
    if (!more)
        return -1;
    *lines = more;
    *cap = c;
    if (lines == &sc->node_line) {
        char **ids = realloc(sc->ids, (size_t)c * sizeof *ids);
        if (!ids)
            return -1;
        sc->ids = ids;
    }
    return 0;
}

static int scan_key(struct scan *sc)
{
    xmlChar *id = xmlTextReaderGetAttribute(sc->r, (const xmlChar *)"id");
    xmlChar *name = xmlTextReaderGetAttribute(sc->r, (const xmlChar *)"attr.name");
    struct gkey *more = realloc(sc->keys, (sc->n_keys + 1) * sizeof *more);
    int rc = DIAG_OK;
    if (more)
        sc->keys = more;
    if (!more || !(more[sc->n_keys].id = strdup(id ? (const char *)id : "")) ||
        !(more[sc->n_keys].name = strdup(name ? (const char *)name : ""))) {
        if (more)
            free(more[sc->n_keys].id);
        rc = sc->im->rc = loader_oom(sc->im->L);
    } else {
        more[sc->n_keys].numeric =
            loader_in_list(more[sc->n_keys].name, numeric_attrs, COUNT(numeric_attrs)) >= 0;
        sc->n_keys++;
    }
    xmlFree(id);
    xmlFree(name);
    return rc;
}

static int scan_node(struct scan *sc)
{
    long line = scan_line(sc);
    xmlChar *id = xmlTextReaderGetAttribute(sc->r, (const xmlChar *)"id");
    int rc = DIAG_OK;
    if (grow_lines(sc, &sc->node_line, sc->n_nodes, &sc->cap_nodes) != 0) {
        xmlFree(id);
        return sc->im->rc = loader_oom(sc->im->L);
    }
    sc->node_line[sc->n_nodes] = line;
    sc->ids[sc->n_nodes] = strdup(id ? (const char *)id : "");
    if (!sc->ids[sc->n_nodes]) {
        xmlFree(id);
        return sc->im->rc = loader_oom(sc->im->L);
    }
    const char *key = sc->ids[sc->n_nodes++];
    int first = *key ? idmap_get(&sc->ids_map, key) : -1;
    if (first >= 0)
        rc = import_fail(sc->im, line,
                         "a second node with id '%.*s' (the first is at line %ld): "
                         "node ids must be unique",
                         QUOTE_MAX, key, sc->node_line[first]);
    else if (*key && idmap_put(&sc->ids_map, key, (int)(sc->n_nodes - 1)) < 0)
        rc = sc->im->rc = loader_oom(sc->im->L);
    xmlFree(id);
    return rc;
}

/* A <data> element inside a node or an edge: its text must suit its key. */
static int scan_data(struct scan *sc)
{
    long line = scan_line(sc);
    xmlChar *kid = xmlTextReaderGetAttribute(sc->r, (const xmlChar *)"key");
    xmlChar *text = xmlTextReaderReadString(sc->r);
    const struct gkey *k = NULL;
    const char *t = text ? (const char *)text : "", *why;
    int rc = DIAG_OK;
    for (size_t i = 0; kid && i < sc->n_keys; i++)
        if (!strcmp(sc->keys[i].id, (const char *)kid))
            k = &sc->keys[i];
    if (k && k->numeric) {
        double x;
        size_t b = strspn(t, " \t\r\n"), e = strlen(t);
        while (e > b && strchr(" \t\r\n", t[e - 1]))
            e--;
        char *trim = strndup(t + b, e - b);
        if (!trim)
            rc = sc->im->rc = loader_oom(sc->im->L);
        else if (*trim && loader_parse_real(trim, &x) == -2)
            rc = import_fail(sc->im, line,
                             "'%s' is too close to 0 to be held exactly, got "
                             "'%.*s': use 0 or a value of magnitude at least %g",
                             k->name, QUOTE_MAX, trim, DBL_MIN);
        else if (*trim && loader_parse_real(trim, &x) != 0)
            rc = import_fail(sc->im, line, "'%s' must be a finite number, got '%.*s'", k->name, QUOTE_MAX,
                             trim);
        free(trim);
    } else if ((why = loader_text_rule(t)) != NULL) {
        rc = import_fail(sc->im, line, "bad %s value%s%s: %s", sc->in == 1 ? "node" : "edge", k ? " of " : "",
                         k ? k->name : "", why);
    }
    xmlFree(kid);
    xmlFree(text);
    return rc;
}

static int scan_element(struct scan *sc, const char *name, int empty)
{
    if (!strcmp(name, "key"))
        return scan_key(sc);
    if (!strcmp(name, "node")) {
        sc->in = empty ? 0 : 1;
        return scan_node(sc);
    }
    if (!strcmp(name, "edge")) {
        if (grow_lines(sc, &sc->edge_line, sc->n_edges, &sc->cap_edges) != 0)
            return sc->im->rc = loader_oom(sc->im->L);
        sc->edge_line[sc->n_edges++] = scan_line(sc);
        sc->in = empty ? 0 : 2;
        return DIAG_OK;
    }
    if (!strcmp(name, "data") && sc->in)
        return scan_data(sc);
    return DIAG_OK;
}

/* The line of the document type declaration: the first "<!DOCTYPE" of the
 * text, since it must come before the root element (libxml2 keeps no line
 * for it); 0 when not found. */
static long doctype_line(const char *text, size_t len)
{
    static const char tag[] = "<!DOCTYPE";
    long line = 1;
    for (size_t i = 0; i + sizeof tag - 1 <= len; i++) {
        if (!memcmp(text + i, tag, sizeof tag - 1))
            return line;
        line += text[i] == '\n';
    }
    return 0;
}

static int scan_run(struct scan *sc, const char *text, size_t len)
{
    int ret, rc = DIAG_OK;
    if (len > INT_MAX)
        return import_fail(sc->im, 0, "not valid GraphML: the file is too large to read");
    sc->r = xmlReaderForMemory(text, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    if (!sc->r)
        return sc->im->rc = loader_oom(sc->im->L);
    xmlTextReaderSetStructuredErrorHandler(sc->r, on_xml_error, sc);
    while (rc == DIAG_OK && (ret = xmlTextReaderRead(sc->r)) == 1) {
        int type = xmlTextReaderNodeType(sc->r);
        const char *name = (const char *)xmlTextReaderConstLocalName(sc->r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE)
            rc = import_fail(sc->im, doctype_line(text, len),
                             "a DTD (<!DOCTYPE ...>) is not accepted: "
                             "GraphML needs no DTD and no entity declarations");
        else if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
            rc = import_fail(sc->im, scan_line(sc), "an entity reference is not accepted");
        else if (type == XML_READER_TYPE_ELEMENT && name)
            rc = scan_element(sc, name, xmlTextReaderIsEmptyElement(sc->r) == 1);
        else if (type == XML_READER_TYPE_END_ELEMENT && name &&
                 (!strcmp(name, "node") || !strcmp(name, "edge")))
            sc->in = 0;
    }
    if (rc == DIAG_OK && (ret < 0 || sc->err[0]))
        rc = import_fail(sc->im, sc->err_line, "not valid GraphML: %s",
                         sc->err[0] ? sc->err : "not well-formed XML");
    xmlFreeTextReader(sc->r);
    sc->r = NULL;
    return rc;
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
    } numeric[] = {{"strength", 0, 1},
                   {"stance", 0, 1},
                   {"budget", 0, LOADER_MAX_AMOUNT},
                   {"revenue", 0, LOADER_MAX_AMOUNT},
                   {"authority", 0, 1}};
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
    struct scan sc;
    memset(&sc, 0, sizeof sc);
    sc.im = im;
    if (scan_run(&sc, text, len) != DIAG_OK) {
        scan_destroy(&sc);
        free(text);
        return im->rc;
    }
    FILE *mem = fmemopen(text, len, "rb");
    if (!mem) {
        scan_destroy(&sc);
        free(text);
        return im->rc = loader_oom(L);
    }
    loader_quiet_begin(&q);
    err = igraph_read_graph_graphml(&g, mem, 0);
    loader_quiet_end(&q);
    fclose(mem);
    free(text);
    if (err != IGRAPH_SUCCESS)
        scan_destroy(&sc);
    if (err == IGRAPH_ENOMEM)
        return im->rc = loader_oom(L);
    if (err == IGRAPH_UNIMPLEMENTED) /* igraph built without libxml2 */
        return im->rc = diag_set(L->d, DIAG_RUNTIME, im->at->file, im->at->line, im->at->col,
                                 "cannot import '%s': this igraph cannot read GraphML", im->file);
    if (err != IGRAPH_SUCCESS)
        return import_fail(im, 0, "not valid GraphML (igraph: %s)", igraph_strerror(err));
    if (igraph_strvector_init(&gn, 0) || igraph_strvector_init(&vn, 0) || igraph_strvector_init(&en, 0) ||
        igraph_vector_int_init(&gt, 0) || igraph_vector_int_init(&vt, 0) || igraph_vector_int_init(&et, 0)) {
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
        import_fail(im, 0, "%lld nodes, above the limit of %ld in all (--limit nodes)", (long long)nv,
                    L->lim->max_nodes);
        goto cleanup;
    }
    if (ne > L->lim->max_edges - s->world.n_edges) {
        import_fail(im, 0, "%lld edges, above the limit of %ld in all (--limit edges)", (long long)ne,
                    L->lim->max_edges);
        goto cleanup;
    }
    if (!(map = malloc((size_t)(nv ? nv : 1) * sizeof *map))) {
        im->rc = loader_oom(L);
        goto cleanup;
    }
    for (igraph_integer_t v = 0; v < nv && im->rc == DIAG_OK; v++) {
        long vline = sc.n_nodes == nv ? sc.node_line[v] : 0;
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
            import_fail(im, vline, "node '%s': unknown kind '%s'%s", id, ktext,
                        loader_suggest_kind(sb, sizeof sb, ktext));
            break;
        }
        enum node_kind saved = im->kind;
        im->kind = kind;
        int idx;
        int rc = import_node(im, id, vline, 0, &idx);
        im->kind = saved;
        if (rc != DIAG_OK)
            break;
        map[v] = idx;
        const char *label = attr_string(&g, 1, &vn, &vt, "label", v);
        if (*label && loader_text_rule(label)) {
            import_fail(im, vline, "node '%s': bad label: %s", id, loader_text_rule(label));
            break;
        }
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
                import_fail(im, vline, "node '%s': '%s' must be a number, got '%s'", id, numeric[k].name,
                            bad);
                break;
            }
            const struct kind_rule *r = loader_kind_rule(numeric[k].name);
            if (r && !(r->kinds & KBIT(kind))) {
                import_fail(im, vline, "node '%s': '%s' applies to %s only", id, numeric[k].name, r->who);
                break;
            }
            if (x != 0 && fabs(x) < DBL_MIN) {
                import_fail(im, vline,
                            "node '%s': '%s' is too close to 0 to be held exactly, "
                            "got %g: use 0 or a value of magnitude at least %g",
                            id, numeric[k].name, x, DBL_MIN);
                break;
            }
            if (x < numeric[k].lo || x > numeric[k].hi) {
                char rb[KEY_BUF];
                loader_range_text(rb, sizeof rb, numeric[k].lo, numeric[k].hi, 0);
                import_fail(im, vline, "node '%s': '%s' must be %s, got %g", id, numeric[k].name, rb, x);
                break;
            }
            *fields[k] = x;
        }
    }
    for (igraph_integer_t e = 0; e < ne && im->rc == DIAG_OK; e++) {
        long eline = sc.n_edges == ne ? sc.edge_line[e] : 0;
        double w = 0;
        const char *bad = "";
        int got = attr_number(&g, 0, &en, &et, "weight", e, &w, &bad);
        if (got < 0) {
            import_fail(im, eline, "edge %lld: 'weight' must be a number, got '%s'", (long long)e, bad);
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
                world_tie_parse(type_text, &t); /* a bad name is reported below */
            if (loader_tie_source_rule(t, s->world.nodes[a].kind) &&
                !loader_tie_source_rule(t, s->world.nodes[b].kind)) {
                int x = a;
                a = b;
                b = x;
            }
        }
        import_tie(im, a, b, type_text, got > 0, w, NULL, eline);
    }
cleanup:
    scan_destroy(&sc);
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
