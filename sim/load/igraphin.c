/* sim/load/igraphin.c - GML, Pajek, UCINET DL, NCOL and LGL networks through igraph's own readers.
 *
 * The file is read whole within --limit file-bytes and handed to igraph from
 * memory. A node's id is its string attribute id (Pajek's label), else name
 * (NCOL, LGL, DL labels), else its numeric id (GML), else its position
 * (1, 2, ...); label, kind, strength, stance, budget, revenue, authority,
 * successor and patron are read where the format carries them (GML), and
 * an edge's weight and type. Everything goes through import_add() and
 * import_tie(), so the rules of every import apply. igraph locates a parse
 * error in its message ("... line 3 ..."): that message is quoted as it is,
 * caught by an error handler for the call only (thread-local: the handler
 * takes no user data).
 * Includes: igraph (its C attribute handler), sim/load/import.h.
 */
#include "sim/load/igraphin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* igraph's message of the first error while a reader runs, and whether
 * that error was a failed allocation. */
static _Thread_local char igraph_reason[256];
static _Thread_local int igraph_nomem;

/* The file igraph reads, for the fatal handler's message. */
static _Thread_local const char *reading;

/* igraph's lexers (GML, Pajek, DL, NCOL, LGL) call igraph_fatal() when they
 * cannot allocate their buffers, and igraph's default then aborts. While a
 * file is read nothing has been written yet, so out of memory there ends
 * the process as everywhere else: exit 1 with a message. */
static _Noreturn void fatal_out_of_memory(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    fprintf(stderr, "infnet: error: %s: out of memory (igraph: %s)\n", reading ? reading : "network",
            reason ? reason : "fatal error");
    fflush(stderr);
    _exit(1);
}

static void catch_error(const char *reason, const char *file, int line, igraph_error_t err)
{
    (void)file;
    (void)line;
    igraph_nomem |= err == IGRAPH_ENOMEM;
    if (!igraph_reason[0] && reason)
        snprintf(igraph_reason, sizeof igraph_reason, "%s", reason);
    IGRAPH_FINALLY_FREE();
}

static int vattr_type(const igraph_strvector_t *names, const igraph_vector_int_t *types, const char *name)
{
    for (igraph_integer_t i = 0; i < igraph_strvector_size(names); i++)
        if (!strcmp(igraph_strvector_get(names, i), name))
            return (int)VECTOR(*types)[i];
    return -1;
}

static const char *vstring(const igraph_t *g, const igraph_strvector_t *vn, const igraph_vector_int_t *vt,
                           const char *name, igraph_integer_t v)
{
    return vattr_type(vn, vt, name) == IGRAPH_ATTRIBUTE_STRING ? VAS(g, name, v) : "";
}

/* A numeric vertex attribute: 1 present, 0 absent, -1 not a number (*bad). */
static int vnumber(const igraph_t *g, const igraph_strvector_t *vn, const igraph_vector_int_t *vt,
                   const char *name, igraph_integer_t v, double *x, const char **bad)
{
    int t = vattr_type(vn, vt, name);
    if (t == IGRAPH_ATTRIBUTE_NUMERIC) {
        *x = VAN(g, name, v);
        return isnan(*x) ? 0 : 1;
    }
    if (t == IGRAPH_ATTRIBUTE_STRING && *VAS(g, name, v)) {
        *bad = VAS(g, name, v);
        return loader_parse_real(*bad, x) == 0 ? 1 : -1;
    }
    return 0;
}

static igraph_error_t read_format(igraph_t *g, FILE *mem, int format)
{
    switch (format) {
    case FORMAT_GML: return igraph_read_graph_gml(g, mem);
    case FORMAT_PAJEK: return igraph_read_graph_pajek(g, mem);
    case FORMAT_DL: return igraph_read_graph_dl(g, mem, 0);
    case FORMAT_NCOL: return igraph_read_graph_ncol(g, mem, NULL, 1, IGRAPH_ADD_WEIGHTS_IF_PRESENT, 0);
    default: return igraph_read_graph_lgl(g, mem, 1, IGRAPH_ADD_WEIGHTS_IF_PRESENT, 0);
    }
}

static const char *const format_names[] = {"", "", "GML", "Pajek", "UCINET DL", "NCOL", "LGL"};

int igraphin_import(struct import *im, FILE *f, int format)
{
    struct loader *L = im->L;
    igraph_t g;
    igraph_strvector_t gn, vn, en;
    igraph_vector_int_t gt, vt, et;
    char *text = NULL;
    size_t len = 0;
    int *map = NULL, lists = 0;
    const char *fname = format_names[format];
    if (import_slurp(im, f, &text, &len) != DIAG_OK)
        return im->rc;
    if (len == 0) {
        free(text);
        return import_fail(im, 0, "not valid %s: the file is empty", fname);
    }
    FILE *mem = fmemopen(text, len, "rb");
    if (!mem) {
        free(text);
        return im->rc = loader_oom(L);
    }
    igraph_reason[0] = '\0';
    igraph_nomem = 0;
    igraph_error_handler_t *oldh = igraph_set_error_handler(catch_error);
    igraph_warning_handler_t *oldw = igraph_set_warning_handler(igraph_warning_handler_ignore);
    reading = im->file;
    igraph_fatal_handler_t *oldf = igraph_set_fatal_handler(fatal_out_of_memory);
    igraph_error_t err = read_format(&g, mem, format);
    igraph_set_fatal_handler(oldf);
    reading = NULL;
    igraph_set_error_handler(oldh);
    igraph_set_warning_handler(oldw);
    fclose(mem);
    free(text);
    if (err == IGRAPH_ENOMEM || (err != IGRAPH_SUCCESS && igraph_nomem))
        return im->rc = loader_oom(L);
    if (err != IGRAPH_SUCCESS) {
        /* igraph names the line in its message: "..., line 4 (...)" */
        const char *at = strstr(igraph_reason, "line ");
        long line = at ? strtol(at + 5, NULL, 10) : 0;
        return import_fail(im, line > 0 ? line : 0, "not valid %s (igraph: %s)", fname,
                           igraph_reason[0] ? igraph_reason : igraph_strerror(err));
    }
    if (igraph_strvector_init(&gn, 0) || igraph_strvector_init(&vn, 0) || igraph_strvector_init(&en, 0) ||
        igraph_vector_int_init(&gt, 0) || igraph_vector_int_init(&vt, 0) || igraph_vector_int_init(&et, 0)) {
        im->rc = loader_oom(L);
        goto cleanup;
    }
    lists = 1;
    if (igraph_cattribute_list(&g, &gn, &gt, &vn, &vt, &en, &et) != IGRAPH_SUCCESS) {
        im->rc = loader_oom(L);
        goto cleanup;
    }
    igraph_integer_t nv = igraph_vcount(&g), ne = igraph_ecount(&g);
    if (nv > L->lim->max_nodes - L->s->world.n_nodes) {
        import_fail(im, 0, "%lld nodes, above the limit of %ld in all (--limit nodes)", (long long)nv,
                    L->lim->max_nodes);
        goto cleanup;
    }
    if (ne > L->lim->max_edges - L->s->world.n_edges) {
        import_fail(im, 0, "%lld edges, above the limit of %ld in all (--limit edges)", (long long)ne,
                    L->lim->max_edges);
        goto cleanup;
    }
    if (!(map = malloc((size_t)(nv ? nv : 1) * sizeof *map))) {
        im->rc = loader_oom(L);
        goto cleanup;
    }
    for (igraph_integer_t v = 0; v < nv && im->rc == DIAG_OK; v++) {
        char idb[64];
        const char *id = vstring(&g, &vn, &vt, "id", v);
        if (!*id)
            id = vstring(&g, &vn, &vt, "name", v);
        if (!*id && vattr_type(&vn, &vt, "id") == IGRAPH_ATTRIBUTE_NUMERIC && !isnan(VAN(&g, "id", v))) {
            snprintf(idb, sizeof idb, "%.17g", VAN(&g, "id", v));
            id = idb;
        }
        if (!*id) {
            snprintf(idb, sizeof idb, "%lld", (long long)v + 1);
            id = idb;
        }
        struct import_attrs at;
        memset(&at, 0, sizeof at);
        at.kind = vstring(&g, &vn, &vt, "kind", v);
        at.label = vstring(&g, &vn, &vt, "label", v);
        if (!strcmp(at.label, id))
            at.label = ""; /* Pajek's label is the id */
        at.successor = vstring(&g, &vn, &vt, "successor", v);
        at.patron = vstring(&g, &vn, &vt, "patron", v);
        for (int k = 0; k < IMPORT_NUMBERS; k++) {
            const char *bad = "";
            at.has[k] = vnumber(&g, &vn, &vt, import_number_names[k], v, &at.num[k], &bad);
            at.bad[k] = bad;
        }
        import_add(im, id, 0, &at, &map[v]);
    }
    int wt = vattr_type(&en, &et, "weight");
    for (igraph_integer_t e = 0; e < ne && im->rc == DIAG_OK; e++) {
        double w = wt == IGRAPH_ATTRIBUTE_NUMERIC ? EAN(&g, "weight", e) : NAN;
        const char *type = vattr_type(&en, &et, "type") == IGRAPH_ATTRIBUTE_STRING ? EAS(&g, "type", e) : "";
        int a = map[IGRAPH_FROM(&g, e)], b = map[IGRAPH_TO(&g, e)];
        if (a >= 0 && b >= 0 && !igraph_is_directed(&g)) {
            /* as for GraphML: the lower index first, but a command or
             * funding tie from the end that may issue it */
            enum tie_type t = im->type;
            if (*type)
                world_tie_parse(type, &t); /* a bad name is reported below */
            const struct world *wd = &L->s->world;
            if ((a > b && !loader_tie_source_rule(t, wd->nodes[b].kind)) ||
                (loader_tie_source_rule(t, wd->nodes[a].kind) &&
                 !loader_tie_source_rule(t, wd->nodes[b].kind))) {
                int x = a;
                a = b;
                b = x;
            }
        }
        import_tie(im, a, b, type, !isnan(w), isnan(w) ? 0 : w, NULL, 0);
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
    if (err == IGRAPH_SUCCESS)
        igraph_destroy(&g);
    return im->rc;
}
