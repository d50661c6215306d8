/* sim/load/graphml.c - importing a GraphML network with igraph's reader.
 *
 * The file is read whole within --limit file-bytes, checked by a strict
 * pass with libxml2's reader (below: what igraph would repair or skip is
 * refused at its line) and handed to igraph_read_graph_graphml() from
 * memory (igraph reads a stream to its end). Vertex attributes id, kind,
 * label, strength, stance, budget, revenue, authority, successor, patron and
 * active (an infnet snapshot's: false leaves the node out), and edge
 * attributes type and weight, are checked as their YAML counterparts are;
 * everything goes through import_add() and import_tie().
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
 * nodes of one id, creates a node an edge names but no <node> declares,
 * skips what it does not place (a second or nested <graph>, a <hyperedge>,
 * a <data> of an unknown key), lets the last of two <data> win, reads an
 * empty <data> as absent, drops entity references, reads "NaN" as a number
 * and reports no line. So the text is first read here with libxml2's
 * reader, strictly (no recovery, no entity substitution, no network, no DTD
 * loading), and every such case is refused at its line. The nodes are kept
 * in igraph's vertex order (first mention of an id, by a <node> or by an
 * edge's source or target) and the edges in document order, to locate the
 * later checks too. */

#define GRAPHML_NS "http://graphml.graphdrawing.org/xmlns"

/* Vertex and edge attributes read as numbers (docs/FORMAT.md, GraphML import). */
static const char *const numeric_attrs[] = {"strength", "stance", "budget", "revenue", "authority", "weight"};
/* Attributes infnet reads, by domain: an empty value of one is refused. */
static const char *const node_attrs[] = {"id",     "kind",   "label",   "strength",
                                         "stance", "budget", "revenue", "authority"};
static const char *const edge_attrs[] = {"type", "weight"};
/* Of those, the ones read as text: their keys must be strings. */
static const char *const text_attrs[] = {"id", "kind", "label", "type"};
/* Values of a key's 'for' (GraphML's domains); igraph reads the first three. */
static const char *const domains[] = {"node",      "edge", "graph",    "graphml",
                                      "hyperedge", "port", "endpoint", "all"};
enum { DOM_NODE, DOM_EDGE, DOM_GRAPH, DOM_GRAPHML, DOM_PORT = 5, DOM_ALL = 7 };
static const char *const attr_types[] = {"boolean", "int", "long", "float", "double", "string"};

/* Longest stretch of a bad value quoted back in a message. */
#define QUOTE_MAX 40
/* Buffer of one quoted value (loader_quote). */
#define QB (QUOTE_MAX + 8)

/* What an open element is, for the placement of its children. */
enum gel { G_NONE, G_GRAPHML, G_KEY, G_DEFAULT, G_GRAPH, G_NODE, G_EDGE, G_DATA, G_PORT, G_CONTENT };

struct gkey {
    char *id, *name, *dname; /* <key id=... attr.name=...>; dname "for:name" */
    int dom;                 /* index in domains */
    int numeric;             /* for nodes or edges, and named in numeric_attrs */
    int read;                /* infnet reads it: its values may not be empty */
    long line;
    long owner, owner_line; /* the element of its last <data>, and that line */
    long default_line;      /* its <default>, 0 for none */
};

struct gvert {
    char *gid;      /* the GraphML id */
    long line;      /* its <node>; 0 while only an edge names it */
    long edge_line; /* the first edge naming it */
    int by_target;  /* ... as its target */
};

struct frame {
    enum gel kind;
    long serial;       /* tells elements apart (duplicate <data>) */
    const char *qname; /* the reader's, valid while it lives */
};

struct scan {
    struct import *im;
    xmlTextReaderPtr r;
    struct gvert *v; /* in igraph's vertex order */
    long n_v, cap_v;
    struct idmap v_map; /* GraphML id -> index in v */
    long *edge_line;    /* per <edge>, in document order */
    long n_edges, cap_edges;
    struct gkey *keys;
    long n_keys, cap_keys;
    struct idmap keys_map, names_map; /* id / dname -> index in keys */
    struct frame *fr;                 /* the open elements, by depth */
    int cap_fr;
    long serial;
    int namespaced; /* the root is in GraphML's namespace */
    int directed;   /* the graph's edgedefault */
    long graph_line;
    char err[512]; /* libxml2's first error */
    long err_line;
};

static void scan_destroy(struct scan *sc)
{
    for (long i = 0; i < sc->n_v; i++)
        free(sc->v[i].gid);
    free(sc->v);
    idmap_destroy(&sc->v_map);
    free(sc->edge_line);
    for (long i = 0; i < sc->n_keys; i++) {
        free(sc->keys[i].id);
        free(sc->keys[i].name);
        free(sc->keys[i].dname);
    }
    free(sc->keys);
    idmap_destroy(&sc->keys_map);
    idmap_destroy(&sc->names_map);
    free(sc->fr);
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

static int scan_oom(struct scan *sc)
{
    return sc->im->rc = loader_oom(sc->im->L);
}

/* p (capacity *cap elements of size sz), with room for one more than n:
 * p itself, a larger block, or NULL out of memory (p is then unchanged). */
static void *grow(void *p, long n, long *cap, size_t sz)
{
    if (n < *cap)
        return p;
    long c = *cap ? 2 * *cap : 64;
    void *more = realloc(p, (size_t)c * sz);
    if (more)
        *cap = c;
    return more;
}

/* The attribute `name` of the current element, or NULL (xmlFree it). */
static char *scan_attr(const struct scan *sc, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(sc->r, (const xmlChar *)name);
}

/* The vertex of GraphML id gid, added (unnamed by any <node> yet) when new;
 * -1 out of memory. */
static long scan_vertex(struct scan *sc, const char *gid)
{
    int i = idmap_get(&sc->v_map, gid);
    if (i >= 0)
        return i;
    struct gvert *more = sc->n_v < INT_MAX ? grow(sc->v, sc->n_v, &sc->cap_v, sizeof *sc->v) : NULL;
    if (!more)
        return -1;
    sc->v = more;
    struct gvert *v = &sc->v[sc->n_v];
    memset(v, 0, sizeof *v);
    if (!(v->gid = strdup(gid)))
        return -1;
    if (idmap_put(&sc->v_map, v->gid, (int)sc->n_v) < 0) {
        free(v->gid);
        return -1;
    }
    return sc->n_v++;
}

static int scan_key(struct scan *sc, long line)
{
    char *id = scan_attr(sc, "id"), *name = scan_attr(sc, "attr.name");
    char *dom = scan_attr(sc, "for"), *type = scan_attr(sc, "attr.type");
    char q[QB], q2[QB];
    int rc = DIAG_OK, d = dom ? loader_in_list(dom, domains, COUNT(domains)) : -1, first;
    const char *nm = name ? name : id ? id : "";
    if (!id || !*id) {
        rc = import_fail(sc->im, line, "a <key> %s 'id'", id ? "with an empty" : "without an");
        goto done;
    }
    loader_quote(q, sizeof q, id);
    if ((first = idmap_get(&sc->keys_map, id)) >= 0) {
        rc = import_fail(sc->im, line, "a second <key> with id '%s' (the first is at line %ld)", q,
                         sc->keys[first].line);
        goto done;
    }
    if (!dom) {
        rc = import_fail(sc->im, line, "<key id='%s'> has no 'for': give for=\"node\", \"edge\" or \"graph\"",
                         q);
        goto done;
    }
    if (d < 0) {
        rc = import_fail(sc->im, line, "<key id='%s'>: unknown for=\"%s\" (use node, edge or graph)", q,
                         loader_quote(q2, sizeof q2, dom));
        goto done;
    }
    if (type && loader_in_list(type, attr_types, COUNT(attr_types)) < 0) {
        rc = import_fail(sc->im, line,
                         "<key id='%s'>: unknown attr.type=\"%s\" (use boolean, int, long, float, "
                         "double or string)",
                         q, loader_quote(q2, sizeof q2, type));
        goto done;
    }
    int read = (d == DOM_NODE && loader_in_list(nm, node_attrs, COUNT(node_attrs)) >= 0) ||
               (d == DOM_EDGE && loader_in_list(nm, edge_attrs, COUNT(edge_attrs)) >= 0);
    if (read && !type) {
        rc = import_fail(sc->im, line,
                         "<key id='%s'> for '%s' has no attr.type: igraph would drop its values", q, nm);
        goto done;
    }
    /* successor and patron name nodes: text, but may be empty (none) */
    if (d == DOM_NODE && (!strcmp(nm, "successor") || !strcmp(nm, "patron")) &&
        (!type || strcmp(type, "string"))) {
        rc = import_fail(sc->im, line, "<key id='%s'>: '%s' must be declared attr.type=\"string\"", q, nm);
        goto done;
    }
    if (read && loader_in_list(nm, text_attrs, COUNT(text_attrs)) >= 0 && strcmp(type, "string") != 0) {
        rc = import_fail(sc->im, line, "<key id='%s'>: '%s' must be declared attr.type=\"string\"", q, nm);
        goto done;
    }
    struct gkey *more = grow(sc->keys, sc->n_keys, &sc->cap_keys, sizeof *sc->keys);
    if (!more) {
        rc = scan_oom(sc);
        goto done;
    }
    sc->keys = more;
    struct gkey *k = &sc->keys[sc->n_keys];
    memset(k, 0, sizeof *k);
    size_t dl = strlen(dom) + strlen(nm) + 2;
    if (!(k->id = strdup(id)) || !(k->name = strdup(nm)) || !(k->dname = malloc(dl))) {
        free(k->id);
        free(k->name);
        rc = scan_oom(sc);
        goto done;
    }
    snprintf(k->dname, dl, "%s:%s", dom, nm);
    k->dom = d;
    k->line = line;
    k->read = read;
    k->numeric =
        (d == DOM_NODE || d == DOM_EDGE) && loader_in_list(nm, numeric_attrs, COUNT(numeric_attrs)) >= 0;
    sc->n_keys++;
    if (idmap_put(&sc->keys_map, k->id, (int)sc->n_keys - 1) < 0) {
        rc = scan_oom(sc);
        goto done;
    }
    /* igraph refuses two keys of one name for one domain, without a line */
    if (d <= DOM_GRAPH && (first = idmap_get(&sc->names_map, k->dname)) >= 0) {
        char q3[QB];
        rc = import_fail(sc->im, line, "a second %s key named '%s' (the first, '%s', is at line %ld)", dom,
                         loader_quote(q2, sizeof q2, nm), loader_quote(q3, sizeof q3, sc->keys[first].id),
                         sc->keys[first].line);
        goto done;
    }
    if (d <= DOM_GRAPH && idmap_put(&sc->names_map, k->dname, (int)sc->n_keys - 1) < 0) {
        rc = scan_oom(sc);
        goto done;
    }
done:
    xmlFree(id);
    xmlFree(name);
    xmlFree(dom);
    xmlFree(type);
    return rc;
}

static int scan_graph(struct scan *sc, long line)
{
    char *ed = scan_attr(sc, "edgedefault");
    char q[QB];
    int rc = DIAG_OK;
    sc->graph_line = line;
    if (!ed)
        rc = import_fail(sc->im, line,
                         "a <graph> without edgedefault: give edgedefault=\"directed\" or \"undirected\"");
    else if (!strcmp(ed, "directed") || !strcmp(ed, "undirected"))
        sc->directed = ed[0] == 'd';
    else
        rc = import_fail(sc->im, line, "unknown edgedefault=\"%s\" (use directed or undirected)",
                         loader_quote(q, sizeof q, ed));
    xmlFree(ed);
    return rc;
}

static int scan_node(struct scan *sc, long line)
{
    char *id = scan_attr(sc, "id");
    char q[QB];
    int rc = DIAG_OK;
    long i;
    if (!id || !*id)
        rc = import_fail(sc->im, line, "a <node> %s 'id'", id ? "with an empty" : "without an");
    else if ((i = scan_vertex(sc, id)) < 0)
        rc = scan_oom(sc);
    else if (sc->v[i].line > 0)
        rc = import_fail(sc->im, line,
                         "a second node with id '%s' (the first is at line %ld): "
                         "node ids must be unique",
                         loader_quote(q, sizeof q, id), sc->v[i].line);
    else
        sc->v[i].line = line;
    xmlFree(id);
    return rc;
}

/* An edge's end, named by its attribute `end` (source or target). */
static int scan_end(struct scan *sc, long line, const char *end, const char *gid)
{
    long i;
    if (!*gid)
        return import_fail(sc->im, line, "an <edge> with an empty '%s'", end);
    if ((i = scan_vertex(sc, gid)) < 0)
        return scan_oom(sc);
    if (!sc->v[i].edge_line) {
        sc->v[i].edge_line = line;
        sc->v[i].by_target = end[0] == 't';
    }
    return DIAG_OK;
}

static int scan_edge(struct scan *sc, long line)
{
    int rc = DIAG_OK, seen = 0;
    char q[QB];
    long *more = grow(sc->edge_line, sc->n_edges, &sc->cap_edges, sizeof *sc->edge_line);
    if (!more)
        return scan_oom(sc);
    sc->edge_line = more;
    sc->edge_line[sc->n_edges++] = line;
    /* the ends in the order written, as igraph numbers new ids */
    for (int at = xmlTextReaderMoveToFirstAttribute(sc->r); at == 1 && rc == DIAG_OK;
         at = xmlTextReaderMoveToNextAttribute(sc->r)) {
        const char *a = (const char *)xmlTextReaderConstLocalName(sc->r);
        const char *uri = (const char *)xmlTextReaderConstNamespaceUri(sc->r);
        if (!a || (uri && strcmp(uri, GRAPHML_NS)) || (strcmp(a, "source") && strcmp(a, "target")))
            continue;
        const char *val = (const char *)xmlTextReaderConstValue(sc->r);
        seen |= a[0] == 's' ? 1 : 2;
        rc = scan_end(sc, line, a, val ? val : "");
    }
    xmlTextReaderMoveToElement(sc->r);
    if (rc != DIAG_OK)
        return rc;
    if (seen != 3)
        return import_fail(sc->im, line, "an <edge> without a '%s'", seen & 1 ? "target" : "source");
    char *dir = scan_attr(sc, "directed");
    if (dir && strcmp(dir, "true") && strcmp(dir, "false"))
        rc = import_fail(sc->im, line, "an <edge> with directed=\"%s\" (use true or false)",
                         loader_quote(q, sizeof q, dir));
    else if (dir && (dir[0] == 't') != sc->directed)
        rc = import_fail(sc->im, line,
                         "a%s <edge> in a graph whose edgedefault is %s: mixed graphs are not "
                         "supported",
                         sc->directed ? "n undirected" : " directed",
                         sc->directed ? "directed" : "undirected");
    xmlFree(dir);
    return rc;
}

/* The text of a <data> or a <default> of key k (what names it for messages,
 * elem its element name): it must suit the key. */
static int scan_value(struct scan *sc, const struct gkey *k, const char *what, const char *elem, long line)
{
    xmlChar *text = xmlTextReaderReadString(sc->r);
    const char *t = text ? (const char *)text : "", *why;
    size_t b = strspn(t, " \t\r\n"), e = strlen(t);
    int rc = DIAG_OK;
    double x;
    char q[QB];
    while (e > b && strchr(" \t\r\n", t[e - 1]))
        e--;
    char *trim = strndup(t + b, e - b);
    if (!trim)
        rc = scan_oom(sc);
    else if (!*trim && k->read)
        rc = import_fail(sc->im, line, "%s ('%s') is empty: give a value or leave the <%s> out", what,
                         k->name, elem);
    else if (k->numeric && *trim && loader_parse_real(trim, &x) == -2)
        rc = import_fail(sc->im, line,
                         "'%s' is too close to 0 to be held exactly, got "
                         "'%.*s': use 0 or a value of magnitude at least %g",
                         k->name, QUOTE_MAX, trim, DBL_MIN);
    else if (k->numeric && *trim && loader_parse_real(trim, &x) != 0)
        rc = import_fail(sc->im, line, "'%s' must be a finite number, got '%.*s'", k->name, QUOTE_MAX, trim);
    else if (!k->numeric && (k->dom == DOM_NODE || k->dom == DOM_EDGE) && (why = loader_text_rule(t)) != NULL)
        rc = import_fail(sc->im, line, "bad %s value of %s: %s", domains[k->dom],
                         loader_quote(q, sizeof q, k->name), why);
    free(trim);
    xmlFree(text);
    return rc;
}

/* A <default> of the last key (its <key> was read without fault). */
static int scan_default(struct scan *sc, long line)
{
    struct gkey *k = &sc->keys[sc->n_keys - 1];
    char q[QB], what[QB + 32];
    snprintf(what, sizeof what, "the <default> of key '%s'", loader_quote(q, sizeof q, k->id));
    if (k->default_line)
        return import_fail(sc->im, line, "a second <default> of key '%s' (the first is at line %ld)", q,
                           k->default_line);
    k->default_line = line;
    return scan_value(sc, k, what, "default", line);
}

/* "a" or "an", before <name>. */
static const char *article(const char *name)
{
    return strchr("aeiou", name[0]) ? "an" : "a";
}

/* A <data> in the element `owner` (of domain dom). */
static int scan_data(struct scan *sc, const struct frame *owner, int dom, long line)
{
    char *kid = scan_attr(sc, "key");
    char q[QB], what[QB + 16];
    int rc = DIAG_OK, i = kid ? idmap_get(&sc->keys_map, kid) : -1;
    struct gkey *k = i >= 0 ? &sc->keys[i] : NULL;
    if (kid)
        snprintf(what, sizeof what, "<data key='%s'>", loader_quote(q, sizeof q, kid));
    if (!kid)
        rc = import_fail(sc->im, line, "a <data> without a 'key'");
    else if (!k)
        rc = import_fail(sc->im, line, "%s: no <key> with id '%s' is declared before it", what, q);
    else if (k->dom != dom && k->dom == DOM_ALL)
        rc = import_fail(sc->im, line,
                         "%s in %s <%s>: key '%s' is declared for \"all\", which igraph does not read: "
                         "declare it for \"%s\"",
                         what, article(domains[dom]), domains[dom], q, domains[dom]);
    else if (k->dom != dom)
        rc = import_fail(sc->im, line, "%s in %s <%s>: key '%s' is declared for \"%s\"", what,
                         article(domains[dom]), domains[dom], q, domains[k->dom]);
    else if (k->owner == owner->serial)
        rc = import_fail(sc->im, line, "a second %s in one <%s> (the first is at line %ld)", what,
                         domains[dom], k->owner_line);
    else {
        k->owner = owner->serial;
        k->owner_line = line;
        rc = scan_value(sc, k, what, "data", line);
    }
    xmlFree(kid);
    return rc;
}

/* Where a GraphML element belongs: the kind of its parent. */
static enum gel belongs_in(const char *name)
{
    static const struct {
        const char *name;
        enum gel parent;
    } rules[] = {{"key", G_GRAPHML}, {"default", G_KEY}, {"graph", G_GRAPHML}, {"node", G_GRAPH},
                 {"edge", G_GRAPH},  {"port", G_NODE},   {"data", G_NONE}};
    for (size_t i = 0; i < COUNT(rules); i++)
        if (!strcmp(rules[i].name, name))
            return rules[i].parent;
    return G_CONTENT;
}

static int scan_element(struct scan *sc, int depth)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(sc->r);
    const char *uri = (const char *)xmlTextReaderConstNamespaceUri(sc->r);
    const char *qname = (const char *)xmlTextReaderConstName(sc->r);
    const struct frame *up = depth > 0 ? &sc->fr[depth - 1] : NULL;
    enum gel pk = up ? up->kind : G_NONE, kind = G_CONTENT;
    long line = scan_line(sc);
    int rc = DIAG_OK, graphml = uri ? !strcmp(uri, GRAPHML_NS) : !sc->namespaced;
    char q[QB];
    if (!name || !qname || depth < 0 || depth >= 4096)
        return import_fail(sc->im, line, "not valid GraphML: an element nested too deeply");
    if (depth >= sc->cap_fr) {
        int c = sc->cap_fr ? 2 * sc->cap_fr : 16;
        struct frame *more = realloc(sc->fr, (size_t)c * sizeof *more);
        if (!more)
            return scan_oom(sc);
        sc->fr = more;
        sc->cap_fr = c;
    }
    loader_quote(q, sizeof q, qname);
    if (depth == 0) {
        if (strcmp(name, "graphml") || (uri && strcmp(uri, GRAPHML_NS)))
            return import_fail(sc->im, line, "the root element is <%s>, not GraphML's <graphml>", q);
        sc->namespaced = uri != NULL;
        kind = G_GRAPHML;
    } else if (!uri && sc->namespaced) {
        return import_fail(sc->im, line,
                           "<%s> is in no namespace, the file's elements are in GraphML's: "
                           "igraph would skip it",
                           q);
    } else if (graphml) {
        static const char *const unread[] = {"graphml", "hyperedge", "endpoint", "locator"};
        static const char *const why[] = {
            "a <graphml> inside another element",
            "a <hyperedge> is not supported: a tie joins two nodes",
            "an <endpoint> (of a hyperedge) is not supported: a tie joins two nodes",
            "a <locator> (a graph in another file) is not supported",
        };
        static const char *const names[] = {"",     "graphml", "key",  "default", "graph",
                                            "node", "edge",    "data", "port",    ""};
        int u = loader_in_list(name, unread, COUNT(unread));
        enum gel want = belongs_in(name);
        if (u >= 0)
            return import_fail(sc->im, line, "%s", why[u]);
        if (!strcmp(name, "graph") && pk == G_GRAPHML && sc->graph_line)
            return import_fail(sc->im, line,
                               "a second <graph> (the first is at line %ld): infnet reads one graph "
                               "per file",
                               sc->graph_line);
        if (!strcmp(name, "graph") && (pk == G_NODE || pk == G_EDGE || pk == G_PORT))
            return import_fail(sc->im, line, "a <graph> nested in a <%s>: nested graphs are not supported",
                               names[pk]);
        if (want == G_NONE) { /* <data> */
            if (pk != G_GRAPHML && pk != G_GRAPH && pk != G_NODE && pk != G_EDGE && pk != G_PORT)
                return import_fail(sc->im, line,
                                   "a <data> inside %s%s%s: it belongs in a <node>, <edge> or <graph>",
                                   pk == G_CONTENT ? "" : "<", pk == G_CONTENT ? "other content" : names[pk],
                                   pk == G_CONTENT ? "" : ">");
            kind = G_DATA;
        } else if (want == G_CONTENT) {
            if (pk != G_CONTENT && pk != G_DATA && pk != G_DEFAULT && strcmp(name, "desc"))
                return import_fail(sc->im, line, "unknown GraphML element <%s>", q);
        } else if (pk != want && !(want == G_NODE && pk == G_PORT)) {
            return import_fail(sc->im, line, "a <%s> inside %s%s%s: it belongs in a <%s>", name,
                               pk == G_CONTENT ? "" : "<", pk == G_CONTENT ? "other content" : names[pk],
                               pk == G_CONTENT ? "" : ">", names[want]);
        } else {
            kind = !strcmp(name, "key")       ? G_KEY
                   : !strcmp(name, "default") ? G_DEFAULT
                   : !strcmp(name, "graph")   ? G_GRAPH
                   : !strcmp(name, "node")    ? G_NODE
                   : !strcmp(name, "edge")    ? G_EDGE
                                              : G_PORT;
        }
    }
    switch (kind) {
    case G_KEY: rc = scan_key(sc, line); break;
    case G_DEFAULT: rc = scan_default(sc, line); break;
    case G_GRAPH: rc = scan_graph(sc, line); break;
    case G_NODE: rc = scan_node(sc, line); break;
    case G_EDGE: rc = scan_edge(sc, line); break;
    case G_DATA:
        rc = scan_data(sc, up,
                       pk == G_NODE    ? DOM_NODE
                       : pk == G_EDGE  ? DOM_EDGE
                       : pk == G_GRAPH ? DOM_GRAPH
                       : pk == G_PORT  ? DOM_PORT
                                       : DOM_GRAPHML,
                       line);
        break;
    default: break;
    }
    sc->fr[depth].serial = ++sc->serial;
    sc->fr[depth].kind = pk == G_CONTENT || pk == G_DATA || pk == G_DEFAULT ? G_CONTENT : kind;
    sc->fr[depth].qname = qname;
    return rc;
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
        if (type == XML_READER_TYPE_DOCUMENT_TYPE)
            rc = import_fail(sc->im, doctype_line(text, len),
                             "a DTD (<!DOCTYPE ...>) is not accepted: "
                             "GraphML needs no DTD and no entity declarations");
        else if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
            rc = import_fail(sc->im, scan_line(sc), "an entity reference is not accepted");
        else if (type == XML_READER_TYPE_ELEMENT)
            rc = scan_element(sc, xmlTextReaderDepth(sc->r));
    }
    if (rc == DIAG_OK && (ret < 0 || sc->err[0]))
        rc = import_fail(sc->im, sc->err_line, "not valid GraphML: %s",
                         sc->err[0] ? sc->err : "not well-formed XML");
    /* an id an edge names must be declared by a <node>, before or after it */
    for (long i = 0; i < sc->n_v && rc == DIAG_OK; i++)
        if (!sc->v[i].line) {
            char q[QB];
            rc = import_fail(sc->im, sc->v[i].edge_line, "an <edge> %s '%s', which no <node> declares",
                             sc->v[i].by_target ? "to" : "from", loader_quote(q, sizeof q, sc->v[i].gid));
        }
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
    if (nv != sc.n_v || ne != sc.n_edges) { /* the pre-scan mirrors igraph's reading */
        import_fail(im, 0,
                    "not valid GraphML: igraph read %lld nodes and %lld edges, the file declares %ld and %ld",
                    (long long)nv, (long long)ne, sc.n_v, sc.n_edges);
        goto cleanup;
    }
    if (!(map = malloc((size_t)(nv ? nv : 1) * sizeof *map))) {
        im->rc = loader_oom(L);
        goto cleanup;
    }
    for (igraph_integer_t v = 0; v < nv && im->rc == DIAG_OK; v++) {
        long vline = sc.v[v].line;
        /* igraph's 'id': the GraphML id, or the node's <data> of a node key
         * named 'id' (igraph writes its ids so) */
        const char *id = attr_string(&g, 1, &vn, &vt, "id", v);
        if (!*id) {
            char qb[QB];
            import_fail(im, vline, "node '%s' has no <data> of the node key 'id', which gives the node ids",
                        loader_quote(qb, sizeof qb, sc.v[v].gid));
            break;
        }
        struct import_attrs at;
        memset(&at, 0, sizeof at);
        at.kind = attr_string(&g, 1, &vn, &vt, "kind", v);
        at.label = attr_string(&g, 1, &vn, &vt, "label", v);
        at.successor = attr_string(&g, 1, &vn, &vt, "successor", v);
        at.patron = attr_string(&g, 1, &vn, &vt, "patron", v);
        /* an infnet snapshot's removed nodes (active = false) are absent */
        if (attr_type(&vn, &vt, "active") == IGRAPH_ATTRIBUTE_BOOLEAN)
            at.inactive = !VAB(&g, "active", v);
        for (int k = 0; k < IMPORT_NUMBERS; k++) {
            const char *bad = "";
            at.has[k] = attr_number(&g, 1, &vn, &vt, import_number_names[k], v, &at.num[k], &bad);
            at.bad[k] = bad;
        }
        if (import_add(im, id, vline, &at, &map[v]) != DIAG_OK)
            break;
    }
    for (igraph_integer_t e = 0; e < ne && im->rc == DIAG_OK; e++) {
        long eline = sc.edge_line[e];
        double w = 0;
        const char *bad = "";
        int got = attr_number(&g, 0, &en, &et, "weight", e, &w, &bad);
        if (got < 0) {
            import_fail(im, eline, "edge %lld: 'weight' must be a number, got '%s'", (long long)e, bad);
            break;
        }
        int a = map[IGRAPH_FROM(&g, e)], b = map[IGRAPH_TO(&g, e)];
        const char *type_text = attr_string(&g, 0, &en, &et, "type", e);
        if (a >= 0 && b >= 0 && !igraph_is_directed(&g)) {
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
