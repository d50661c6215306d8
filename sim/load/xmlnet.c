/* sim/load/xmlnet.c - GEXF (Gephi) and DyNetML (CASOS ORA) networks, read with libxml2.
 *
 * igraph reads neither, so the document is parsed here (no network access,
 * no entity substitution, no DTD loading) and walked by element names,
 * whatever their namespace. Every element keeps its line, so a refusal
 * names the line of the node or edge at fault.
 *   GEXF: <node id label> with <attvalue for value> of the node attributes
 *   declared in <attributes class="node"> by their title (kind, strength,
 *   stance, budget, revenue, authority, successor, patron); <edge source
 *   target weight> with an edge attribute titled type (the tie type; GEXF's
 *   own type attribute says directedness, and is not read).
 *   DyNetML: <node id title> in any <nodeclass>, with <property id value>
 *   (the same names); the kind is the property kind, else the nodeclass's
 *   type when it names a kind; <link source target value> of every
 *   <network> (value: the weight; a property or attribute type: the tie type).
 * Includes: libxml2's tree API, sim/load/import.h.
 */
#include "sim/load/xmlnet.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

/* Most declared GEXF attributes kept. */
#define XN_MAX_ATTRS 256

struct xn {
    struct import *im;
    int gexf;
    /* GEXF: declared node/edge attribute ids and titles */
    char *node_id[XN_MAX_ATTRS], *node_title[XN_MAX_ATTRS];
    int n_node;
    char *edge_id[XN_MAX_ATTRS], *edge_title[XN_MAX_ATTRS];
    int n_edge;
    int oom; /* an attribute the element has could not be copied */
};

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The attribute `name` of n (xmlFree it), or NULL when n has none; one n
 * has that cannot be copied (out of memory) sets x->oom. */
static char *xprop(struct xn *x, const xmlNode *n, const char *name)
{
    char *v = (char *)xmlGetProp(n, (const xmlChar *)name);
    if (!v && xmlHasProp(n, (const xmlChar *)name))
        x->oom = 1;
    return v;
}
#define prop(n, name) xprop(x, n, name)

static long line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? l : 0;
}

/* The first descendant element named name (depth first), or NULL. */
static xmlNode *find(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next) {
        if (is(c, name))
            return c;
        xmlNode *d = find(c, name);
        if (d)
            return d;
    }
    return NULL;
}

/* Strings of one node's attributes, freed by attrs_free. */
struct held {
    char *v[16];
    int n;
};

static const char *hold(struct held *h, char *s)
{
    if (s && h->n < 16)
        h->v[h->n++] = s;
    else if (s)
        xmlFree(s);
    return s && h->n <= 16 ? s : NULL;
}

static void held_free(struct held *h)
{
    for (int i = 0; i < h->n; i++)
        xmlFree(h->v[i]);
    h->n = 0;
}

/* Set attribute `title` of a to value (a's strings point into h). */
static void set_attr(struct import_attrs *a, struct held *h, const char *title, char *value)
{
    const char *v = hold(h, value);
    if (!v)
        return;
    if (!strcmp(title, "kind"))
        a->kind = v;
    else if (!strcmp(title, "label") && (!a->label || !*a->label))
        a->label = v;
    else if (!strcmp(title, "successor"))
        a->successor = v;
    else if (!strcmp(title, "patron"))
        a->patron = v;
    else if (!strcmp(title, "active"))
        a->inactive = !strcmp(v, "false") || !strcmp(v, "0");
    else
        for (int k = 0; k < IMPORT_NUMBERS; k++)
            if (!strcmp(title, import_number_names[k]) && *v) {
                a->bad[k] = v;
                a->has[k] = loader_parse_real(v, &a->num[k]) == -1 ? -1 : 1;
            }
}

static const char *title_of(char *const *ids, char *const *titles, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(ids[i], id))
            return titles[i];
    return NULL;
}

/* GEXF <attributes class="..."> declarations. */
static int gexf_declare(struct xn *x, xmlNode *root)
{
    for (xmlNode *g = root->children; g; g = g->next)
        for (xmlNode *as = g->children; is(g, "graph") && as; as = as->next) {
            if (!is(as, "attributes"))
                continue;
            char *cls = prop(as, "class");
            int node = cls && !strcmp(cls, "node"), edge = cls && !strcmp(cls, "edge");
            xmlFree(cls);
            for (xmlNode *a = as->children; a; a = a->next) {
                if (!is(a, "attribute"))
                    continue;
                char *id = prop(a, "id"), *title = prop(a, "title");
                int *n = node ? &x->n_node : &x->n_edge;
                if (!id || !title || (!node && !edge) || *n >= XN_MAX_ATTRS) {
                    long l = line_of(a);
                    int none = !id || !title;
                    xmlFree(id);
                    xmlFree(title);
                    if (none)
                        return import_fail(x->im, l, "an <attribute> needs an id and a title");
                    if (!node && !edge)
                        continue;
                    return import_fail(x->im, l, "more than %d declared attributes", XN_MAX_ATTRS);
                }
                (node ? x->node_id : x->edge_id)[*n] = id;
                (node ? x->node_title : x->edge_title)[*n] = title;
                (*n)++;
            }
        }
    return DIAG_OK;
}

static int add_node(struct xn *x, xmlNode *n, const char *class_type)
{
    struct import_attrs a;
    struct held h = {{0}, 0};
    long line = line_of(n);
    int idx;
    memset(&a, 0, sizeof a);
    char *id = prop(n, "id");
    if (!id) {
        return import_fail(x->im, line, "a <node> without an id");
    }
    a.label = hold(&h, prop(n, x->gexf ? "label" : "title"));
    for (xmlNode *c = n->children; c; c = c->next) {
        xmlNode *list = c;
        if (!(x->gexf ? is(c, "attvalues") : is(c, "properties")))
            continue;
        for (xmlNode *v = list->children; v; v = v->next) {
            if (!is(v, x->gexf ? "attvalue" : "property"))
                continue;
            char *key = prop(v, x->gexf ? "for" : "id");
            char *value = prop(v, "value");
            const char *title = key && x->gexf ? title_of(x->node_id, x->node_title, x->n_node, key) : key;
            if (!key || !value) {
                xmlFree(key);
                xmlFree(value);
                xmlFree(id);
                held_free(&h);
                return import_fail(x->im, line_of(v), "a <%s> without %s", x->gexf ? "attvalue" : "property",
                                   key       ? "a value"
                                   : x->gexf ? "'for'"
                                             : "an id");
            }
            if (title)
                set_attr(&a, &h, title, value);
            else
                xmlFree(value);
            xmlFree(key);
        }
    }
    enum node_kind k;
    if ((!a.kind || !*a.kind) && class_type && import_kind_parse(class_type, &k) == 0)
        a.kind = class_type;
    import_add(x->im, id, line, &a, &idx);
    xmlFree(id);
    held_free(&h);
    return x->im->rc;
}

static int add_edge(struct xn *x, xmlNode *e, const char *net_type)
{
    long line = line_of(e);
    char *src = prop(e, "source"), *dst = prop(e, "target"), *w = prop(e, x->gexf ? "weight" : "value");
    char *type = NULL;
    int a = -1, b = -1;
    if (!src || !dst) {
        import_fail(x->im, line, "an <%s> without a %s", x->gexf ? "edge" : "link",
                    src ? "target" : "source");
        goto done;
    }
    for (xmlNode *c = e->children; c && !type; c = c->next)
        for (xmlNode *v = c->children; v && !type; v = v->next) {
            if (!is(v, x->gexf ? "attvalue" : "property"))
                continue;
            char *key = prop(v, x->gexf ? "for" : "id");
            const char *title = key && x->gexf ? title_of(x->edge_id, x->edge_title, x->n_edge, key) : key;
            if (title && !strcmp(title, "type"))
                type = prop(v, "value");
            xmlFree(key);
        }
    int ia = idmap_get(&x->im->by_file, src), ib = idmap_get(&x->im->by_file, dst);
    if (ia == -1 || ib == -1) {
        char qb[KEY_BUF];
        import_fail(x->im, line, "an <%s> %s '%s', which no <node> declares", x->gexf ? "edge" : "link",
                    ia == -1 ? "from" : "to", loader_quote(qb, sizeof qb, ia == -1 ? src : dst));
        goto done;
    }
    if (import_node(x->im, src, line, 1, &a) != DIAG_OK || import_node(x->im, dst, line, 1, &b) != DIAG_OK)
        goto done;
    import_tie(x->im, a, b, type ? type : net_type, 0, 0, w ? w : "", line);
done:
    xmlFree(src);
    xmlFree(dst);
    xmlFree(w);
    xmlFree(type);
    return x->im->rc;
}

static int walk_gexf(struct xn *x, xmlNode *root)
{
    xmlNode *graph = find(root, "graph");
    if (!graph)
        return import_fail(x->im, line_of(root), "not valid GEXF: no <graph>");
    if (gexf_declare(x, root) != DIAG_OK)
        return x->im->rc;
    for (xmlNode *s = graph->children; s && x->im->rc == DIAG_OK; s = s->next)
        for (xmlNode *n = s->children; is(s, "nodes") && n && x->im->rc == DIAG_OK; n = n->next)
            if (is(n, "node"))
                add_node(x, n, NULL);
    for (xmlNode *s = graph->children; s && x->im->rc == DIAG_OK; s = s->next)
        for (xmlNode *e = s->children; is(s, "edges") && e && x->im->rc == DIAG_OK; e = e->next)
            if (is(e, "edge"))
                add_edge(x, e, NULL);
    return x->im->rc;
}

static int walk_dynetml(struct xn *x, xmlNode *root)
{
    xmlNode *meta = is(root, "MetaNetwork") ? root : find(root, "MetaNetwork");
    if (!meta)
        return import_fail(x->im, line_of(root), "not valid DyNetML: no <MetaNetwork>");
    for (xmlNode *s = meta->children; s && x->im->rc == DIAG_OK; s = s->next)
        for (xmlNode *cl = s->children; is(s, "nodes") && cl && x->im->rc == DIAG_OK; cl = cl->next) {
            if (!is(cl, "nodeclass"))
                continue;
            char *type = prop(cl, "type");
            for (xmlNode *n = cl->children; n && x->im->rc == DIAG_OK; n = n->next)
                if (is(n, "node"))
                    add_node(x, n, type);
            xmlFree(type);
        }
    for (xmlNode *s = meta->children; s && x->im->rc == DIAG_OK; s = s->next)
        for (xmlNode *net = s->children; is(s, "networks") && net && x->im->rc == DIAG_OK; net = net->next) {
            if (!is(net, "network"))
                continue;
            char *type = prop(net, "type");
            enum tie_type t;
            const char *nt = type && world_tie_parse(type, &t) == 0 ? type : NULL;
            for (xmlNode *l = net->children; l && x->im->rc == DIAG_OK; l = l->next)
                if (is(l, "link"))
                    add_edge(x, l, nt);
            xmlFree(type);
        }
    return x->im->rc;
}

/* The parser's first error (libxml2 keeps only the last one). */
struct first_error {
    char msg[256];
    long line;
    int oom; /* libxml2 ran out of memory */
};

/* libxml2 before 2.12 passes a non-const xmlErrorPtr, later ones a const one. */
#if LIBXML_VERSION >= 21200
static void on_error(void *data, const xmlError *e)
#else
static void on_error(void *data, xmlErrorPtr e)
#endif
{
    xmlParserCtxtPtr ctxt = data; /* the parser's user data is its context */
    struct first_error *fe = ctxt ? ctxt->_private : NULL;
    if (fe && e && e->code == XML_ERR_NO_MEMORY)
        fe->oom = 1;
    if (!fe || fe->msg[0] || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(fe->msg, sizeof fe->msg, "%s", e->message ? e->message : "error");
    fe->msg[strcspn(fe->msg, "\r\n")] = '\0';
    fe->line = e->line > 0 ? e->line : 0;
}

/* The document of text, strictly: no network, no entity substitution, no
 * DTD loading; NULL with fe->msg set when it is not well-formed, NULL with
 * fe->msg empty out of memory. */
static xmlDocPtr parse(const char *text, int len, struct first_error *fe)
{
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(text, len);
    if (!ctxt)
        return NULL;
    ctxt->_private = fe;
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->sax->serror = on_error;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    ctxt->sax->serror = on_error; /* the options may reset the handlers */
    ctxt->vctxt.error = NULL;     /* no message of libxml2's own on stderr */
    xmlParseDocument(ctxt);
    xmlDocPtr doc = ctxt->myDoc;
    if (!ctxt->wellFormed && !fe->msg[0])
        snprintf(fe->msg, sizeof fe->msg, "not well-formed XML");
    ctxt->myDoc = NULL;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

int xmlnet_import(struct import *im, FILE *f, int gexf)
{
    const char *fname = gexf ? "GEXF" : "DyNetML";
    char *text = NULL;
    size_t len = 0;
    if (import_slurp(im, f, &text, &len) != DIAG_OK)
        return im->rc;
    if (len == 0 || len > INT_MAX) {
        free(text);
        return import_fail(im, 0, "not valid %s: the file is %s", fname, len ? "too large to read" : "empty");
    }
    struct first_error fe = {{0}, 0, 0};
    xmlDocPtr doc = parse(text, (int)len, &fe);
    free(text);
    if ((!doc && !fe.msg[0]) || fe.oom) {
        xmlFreeDoc(doc);
        return im->rc = loader_oom(im->L);
    }
    if (!doc || fe.msg[0]) {
        xmlFreeDoc(doc);
        return import_fail(im, fe.line, "not valid %s: %s", fname,
                           fe.msg[0] ? fe.msg : "not well-formed XML");
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    struct xn x;
    memset(&x, 0, sizeof x);
    x.im = im;
    x.gexf = gexf;
    if (!root && !doc->intSubset)
        x.oom = 1; /* a well-formed document has a root */
    if (doc->intSubset)
        import_fail(im, 1, "a DTD (<!DOCTYPE ...>) is not accepted");
    else if (!root || (!is(root, gexf ? "gexf" : "DynamicNetwork") && (gexf || !is(root, "MetaNetwork"))))
        import_fail(im, root ? line_of(root) : 0, "not valid %s: the root element is <%s>, not <%s>", fname,
                    root ? (const char *)root->name : "", gexf ? "gexf" : "DynamicNetwork");
    else if (gexf)
        walk_gexf(&x, root);
    else
        walk_dynetml(&x, root);
    for (int i = 0; i < x.n_node; i++) {
        xmlFree(x.node_id[i]);
        xmlFree(x.node_title[i]);
    }
    for (int i = 0; i < x.n_edge; i++) {
        xmlFree(x.edge_id[i]);
        xmlFree(x.edge_title[i]);
    }
    xmlFreeDoc(doc);
    if (x.oom) /* what looked like a missing attribute was a failed copy */
        im->rc = loader_oom(im->L);
    return im->rc;
}
