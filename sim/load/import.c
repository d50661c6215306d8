/* sim/load/import.c - network.import: opening the file and adding its nodes and ties.
 *
 * import_check() reads the import key (file, format, kind, type,
 * weights_as, nodes), or a bare network file's options, opens the file
 * relative to the scenario that names it and hands it to its reader:
 * GraphML (sim/load/graphml.c), CSV edge list and node table
 * (sim/load/edgelist.c), GML, Pajek, DL, NCOL, LGL (sim/load/igraphin.c),
 * GEXF and DyNetML (sim/load/xmlnet.c). Every reader adds nodes and ties
 * through import_add()/import_node() and import_tie(), which hold the rules
 * every imported element obeys (docs/FORMAT.md, "Importing a network"):
 * any id, mapped to an internal id; kinds in any case; weights above 1 only
 * as weights_as says (rescaled by import_finish() once every tie is read);
 * inactive snapshot nodes absent; successor and patron resolved once every
 * node exists; ties of a valid type; the limits. What is read otherwise
 * than written becomes a line of the scenario's notes. Every refusal is
 * located at the import key and names the file and, where there is one,
 * its line.
 * Includes: sim/load/loader.h, the readers.
 */
#include "sim/load/import.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "sim/load/edgelist.h"
#include "sim/load/graphml.h"
#include "sim/load/igraphin.h"
#include "sim/load/xmlnet.h"
#include "sim/util/infile.h"

/* Bytes read from an import file per fread. */
#define READ_CHUNK 65536

static const char *const import_keys[] = {"file", "format", "kind", "type", "weights_as", "nodes"};
const char *const import_formats[FORMAT_COUNT] = {"graphml", "csv", "gml",  "pajek",  "dl",
                                                  "ncol",    "lgl", "gexf", "dynetml"};

static int fail_v(struct import *im, long line, int col, const char *fmt, va_list ap)
{
    char msg[sizeof im->L->d->msg];
    int l = line > INT_MAX ? INT_MAX : (int)line;
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (im->L->bare) /* no scenario file: the import file itself is at fault */
        im->rc = diag_set(im->L->d, DIAG_INPUT, im->file, l > 0 ? l : 0, l > 0 ? (col > 0 ? col : 1) : 0,
                          "%s", msg);
    else if (line > 0)
        im->rc = diag_set(im->L->d, DIAG_INPUT, im->at->file, im->at->line, im->at->col,
                          "in '%s' line %ld: %s", im->file, line, msg);
    else
        im->rc = diag_set(im->L->d, DIAG_INPUT, im->at->file, im->at->line, im->at->col, "in '%s': %s",
                          im->file, msg);
    return im->rc;
}

int import_fail(struct import *im, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_v(im, line, 0, fmt, ap);
    va_end(ap);
    return rc;
}

int import_fail_at(struct import *im, long line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_v(im, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

const char *const import_number_names[IMPORT_NUMBERS] = {"strength", "stance", "budget", "revenue",
                                                         "authority"};

int import_kind_parse(const char *text, enum node_kind *k)
{
    for (int i = 0; i < KIND_COUNT; i++)
        if (!strcasecmp(text, world_kind_name((enum node_kind)i))) {
            *k = (enum node_kind)i;
            return 0;
        }
    return -1;
}

/* Remember file id `id` as node idx (-2: absent). */
static int remember(struct import *im, const char *id, int idx)
{
    if (im->n_file_ids == im->cap_file_ids) {
        int cap = im->cap_file_ids ? 2 * im->cap_file_ids : 64;
        char **more = realloc(im->file_ids, (size_t)cap * sizeof *more);
        if (!more)
            return im->rc = loader_oom(im->L);
        im->file_ids = more;
        im->cap_file_ids = cap;
    }
    char *c = strdup(id);
    if (!c || idmap_put(&im->by_file, c, idx) < 0) {
        free(c);
        return im->rc = loader_oom(im->L);
    }
    im->file_ids[im->n_file_ids++] = c;
    return DIAG_OK;
}

/* The internal id of file id `id` into buf: the id itself when it is an
 * infnet id ([A-Za-z0-9_.:-], and '+' when a network file is read on its
 * own: there are no spawn slots then) not yet taken; otherwise every run of
 * other characters becomes one '_' and, while that is taken, "-2", "-3", ...
 * is appended. Sets *renamed when it differs from id. */
static void internal_id(const struct import *im, const char *id, char *buf, size_t n, int *renamed)
{
    const char *ok = im->L->bare ? ID_CHARS "+" : ID_CHARS;
    size_t len = strlen(id), k = 0;
    *renamed = 0;
    if (len < n && strspn(id, ok) == len && idmap_get(&im->L->ids, id) < 0) {
        snprintf(buf, n, "%s", id);
        return;
    }
    *renamed = 1;
    for (const char *c = id; *c && k + 1 < n - INT_TEXT; c++) {
        if (strchr(ok, *c))
            buf[k++] = *c;
        else if (k == 0 || buf[k - 1] != '_')
            buf[k++] = '_';
    }
    if (k == 0)
        buf[k++] = 'n';
    buf[k] = '\0';
    for (long suffix = 2; idmap_get(&im->L->ids, buf) >= 0; suffix++)
        snprintf(buf + k, n - k, "-%ld", suffix);
}

/* The node `id` of the import file: new (created with the import's kind), or
 * an earlier node of the same file when reuse is allowed (edge lists). */
int import_node(struct import *im, const char *id, long line, int reuse, int *out)
{
    struct loader *L = im->L;
    int j = idmap_get(&im->by_file, id), rc;
    char qb[KEY_BUF], idb[KEY_BUF];
    *out = -1;
    if (!*id)
        return import_fail(im, line, "a node id is empty");
    if (loader_text_rule(id))
        return import_fail(im, line, "bad node id '%s': %s", loader_quote(qb, sizeof qb, id),
                           loader_text_rule(id));
    if (j != -1) {
        if (!reuse)
            return import_fail(im, line, "duplicate node id '%s'", loader_quote(qb, sizeof qb, id));
        *out = j >= 0 ? j : -1;
        return DIAG_OK;
    }
    j = idmap_get(&L->ids, id);
    if (j >= 0 && j < im->first) {
        char wb[KEY_BUF];
        if (L->node_at[j])
            loader_where(wb, sizeof wb, ytree_get(L->node_at[j], "id"), im->at->file);
        else
            snprintf(wb, sizeof wb, "a generated node");
        return import_fail(im, line,
                           "node '%s' is already defined (%s); imported ids must be "
                           "new",
                           id, wb);
    }
    if (L->s->world.n_nodes >= L->lim->max_nodes)
        return import_fail(im, line, "more than %ld nodes in all (--limit nodes)", L->lim->max_nodes);
    int renamed;
    internal_id(im, id, idb, sizeof idb, &renamed);
    if ((rc = loader_add_node(L, im->kind, idb, renamed ? id : NULL, NULL, out)) != DIAG_OK)
        return im->rc = rc;
    im->n_renamed += renamed;
    return remember(im, id, *out);
}

static int add_ref(struct import *im, int node, int patron, const char *id, long line)
{
    if (im->n_refs == im->cap_refs) {
        int cap = im->cap_refs ? 2 * im->cap_refs : 16;
        struct import_ref *more = realloc(im->refs, (size_t)cap * sizeof *more);
        if (!more)
            return im->rc = loader_oom(im->L);
        im->refs = more;
        im->cap_refs = cap;
    }
    char *c = strdup(id);
    if (!c)
        return im->rc = loader_oom(im->L);
    im->refs[im->n_refs++] = (struct import_ref){node, patron, c, line, im->file};
    return DIAG_OK;
}

int import_set_attrs(struct import *im, int idx, const char *id, long line, const struct import_attrs *a)
{
    static const double lo[IMPORT_NUMBERS] = {0, 0, 0, 0, 0};
    static const double hi[IMPORT_NUMBERS] = {1, 1, LOADER_MAX_AMOUNT, LOADER_MAX_AMOUNT, 1};
    struct scenario *s = im->L->s;
    struct actor *n = &s->world.nodes[idx];
    double *fields[IMPORT_NUMBERS] = {&n->strength, &n->stance, &n->budget, &n->revenue, &n->authority};
    char qb[KEY_BUF];
    loader_quote(qb, sizeof qb, id);
    if (a && a->label && *a->label) {
        if (loader_text_rule(a->label))
            return import_fail(im, line, "node '%s': bad label: %s", qb, loader_text_rule(a->label));
        char *c = strdup(a->label);
        if (!c)
            return im->rc = loader_oom(im->L);
        free(s->labels[idx]);
        s->labels[idx] = c;
    }
    for (int k = 0; a && k < IMPORT_NUMBERS; k++) {
        double x = a->num[k];
        if (!a->has[k])
            continue;
        if (a->has[k] < 0)
            return import_fail(im, line, "node '%s': '%s' must be a number, got '%s'", qb,
                               import_number_names[k], a->bad[k] ? a->bad[k] : "");
        const struct kind_rule *r = loader_kind_rule(import_number_names[k]);
        if (r && !(r->kinds & KBIT(n->kind)))
            return import_fail(im, line, "node '%s': '%s' applies to %s only", qb, import_number_names[k],
                               r->who);
        if (x != 0 && fabs(x) < DBL_MIN)
            return import_fail(im, line,
                               "node '%s': '%s' is too close to 0 to be held exactly, "
                               "got %g: use 0 or a value of magnitude at least %g",
                               qb, import_number_names[k], x, DBL_MIN);
        if (x < lo[k] || x > hi[k]) {
            char rb[KEY_BUF];
            loader_range_text(rb, sizeof rb, lo[k], hi[k], 0);
            return import_fail(im, line, "node '%s': '%s' must be %s, got %g", qb, import_number_names[k], rb,
                               x);
        }
        *fields[k] = x;
    }
    if (a && a->successor && *a->successor && add_ref(im, idx, 0, a->successor, line) != DIAG_OK)
        return im->rc;
    if (a && a->patron && *a->patron && add_ref(im, idx, 1, a->patron, line) != DIAG_OK)
        return im->rc;
    return DIAG_OK;
}

int import_add(struct import *im, const char *id, long line, const struct import_attrs *a, int *out)
{
    enum node_kind kind = im->kind, saved = im->kind;
    char sb[KEY_BUF], qb[KEY_BUF], kb[KEY_BUF];
    *out = -1;
    if (a && a->kind && *a->kind && import_kind_parse(a->kind, &kind) != 0)
        return import_fail(im, line, "node '%s': unknown kind '%s'%s", loader_quote(qb, sizeof qb, id),
                           loader_quote(kb, sizeof kb, a->kind), loader_suggest_kind(sb, sizeof sb, a->kind));
    if (a && a->inactive) {
        if (!*id)
            return import_fail(im, line, "a node id is empty");
        if (idmap_get(&im->by_file, id) != -1)
            return import_fail(im, line, "duplicate node id '%s'", loader_quote(qb, sizeof qb, id));
        im->n_absent++;
        return remember(im, id, -2);
    }
    im->kind = kind;
    int rc = import_node(im, id, line, 0, out);
    im->kind = saved;
    if (rc != DIAG_OK)
        return rc;
    if (!(a && a->kind && *a->kind) && !im->kind_given)
        im->n_kindless++;
    struct actor *n = &im->L->s->world.nodes[*out];
    n->strength = DEFAULT_STRENGTH;
    n->stance = DEFAULT_STANCE;
    return import_set_attrs(im, *out, id, line, a);
}

static int grow_raw(struct import *im, int need)
{
    if (need <= im->cap_raw)
        return DIAG_OK;
    int cap = im->cap_raw ? 2 * im->cap_raw : 256;
    while (cap < need)
        cap *= 2;
    double *r = realloc(im->raw, (size_t)cap * sizeof *r);
    if (r)
        im->raw = r;
    long *l = r ? realloc(im->tie_line, (size_t)cap * sizeof *l) : NULL;
    if (!l)
        return im->rc = loader_oom(im->L);
    im->tie_line = l;
    im->cap_raw = cap;
    return DIAG_OK;
}

/* Add an imported tie a-b; type_text/weight_text NULL or "" for the defaults. */
int import_tie(struct import *im, int a, int b, const char *type_text, int has_weight, double weight,
               const char *weight_text, long line)
{
    struct loader *L = im->L;
    struct scenario *s = L->s;
    enum tie_type type = im->type;
    char sb[KEY_BUF];
    if (a < 0 || b < 0)
        return DIAG_OK; /* a tie of a node left out as inactive */
    if (a == b)
        return import_fail(im, line, "self-loop on node '%s'", s->ids[a]);
    if (type_text && *type_text && world_tie_parse(type_text, &type) != 0)
        return import_fail(im, line, "unknown tie type '%s'%s", type_text,
                           loader_suggest_tie(sb, sizeof sb, type_text));
    char wt[KEY_BUF];
    if (weight_text && *weight_text) {
        int pr = loader_parse_real(weight_text, &weight);
        if (pr == -1)
            return import_fail(im, line, "'weight' must be a number, got '%s'", weight_text);
        if (pr == -2)
            weight = 0; /* too close to 0: refused by the range below */
        has_weight = 1;
        snprintf(wt, sizeof wt, "%s", weight_text);
    } else {
        snprintf(wt, sizeof wt, "%g", weight);
    }
    if (!has_weight)
        weight = im->weights == WEIGHTS_AS_GIVEN ? DEFAULT_WEIGHT : 1;
    if (im->weights != WEIGHTS_AS_GIVEN) {
        if (!(weight > 0 && weight <= DBL_MAX))
            return import_fail(im, line, "'weight' must be a positive number, got %s (edge '%s' - '%s')", wt,
                               s->ids[a], s->ids[b]);
    } else if (weight > 1 && weight <= DBL_MAX) {
        return import_fail(im, line,
                           "'weight' %s is above 1 (edge '%s' - '%s'): to read weights above 1, use %s "
                           "normalize (divide by the largest) or counts (interaction counts)",
                           wt, s->ids[a], s->ids[b], im->weights_hint);
    } else if (!(weight >= LOADER_MIN_WEIGHT && weight <= 1)) {
        return import_fail(im, line, "'weight' must be in [%g, 1], got %s (edge '%s' - '%s')",
                           LOADER_MIN_WEIGHT, wt, s->ids[a], s->ids[b]);
    }
    const char *rule = loader_tie_source_rule(type, s->world.nodes[a].kind);
    if (rule)
        return import_fail(im, line, "%s; '%s' is %s %s", rule, s->ids[a],
                           loader_article(s->world.nodes[a].kind), world_kind_name(s->world.nodes[a].kind));
    if (world_find_tie(&s->world, a, b, type) >= 0)
        return import_fail(im, line, "duplicate %s edge between '%s' and '%s'", world_tie_name(type),
                           s->ids[a], s->ids[b]);
    if (s->world.n_edges >= L->lim->max_edges)
        return import_fail(im, line, "more than %ld edges in all (--limit edges)", L->lim->max_edges);
    int k = s->world.n_edges - im->first_edge;
    if (im->weights != WEIGHTS_AS_GIVEN && grow_raw(im, k + 1) != DIAG_OK)
        return im->rc;
    if (loader_grow_tie_at(L, s->world.n_edges + 1) != DIAG_OK ||
        world_add_tie(&s->world, a, b, type, im->weights == WEIGHTS_AS_GIVEN ? weight : 1) < 0)
        return im->rc = loader_oom(L);
    if (im->weights != WEIGHTS_AS_GIVEN) {
        im->raw[k] = weight;
        im->tie_line[k] = line;
    }
    return DIAG_OK;
}

/* The import file is longer than --limit file-bytes. The size check on
 * opening covers regular files; this one covers what has no size to check
 * (a pipe, a device such as /dev/zero), counted as it is read. */
static int import_too_long(struct import *im)
{
    return im->rc = loader_fail(im->L, im->at,
                                "cannot import '%s': more than %ld bytes, above the limit "
                                "(--limit file-bytes)",
                                im->file, im->L->lim->max_file_bytes);
}

/* Read all of f into *text (malloc'd, len bytes), refusing more than
 * --limit file-bytes. */
int import_slurp(struct import *im, FILE *f, char **text, size_t *len)
{
    size_t cap = 0, n = 0, max = (size_t)im->L->lim->max_file_bytes;
    char *buf = NULL;
    *text = NULL;
    *len = 0;
    for (;;) {
        if (cap - n < READ_CHUNK) {
            /* double, but never past one chunk beyond the limit (n <= max here) */
            size_t ncap = cap ? 2 * cap : READ_CHUNK;
            if (ncap > max + READ_CHUNK)
                ncap = max + READ_CHUNK;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return im->rc = loader_oom(im->L);
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, READ_CHUNK, f);
        n += got;
        if (n > max) {
            free(buf);
            return import_too_long(im);
        }
        if (got < READ_CHUNK)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        return im->rc = diag_set(im->L->d, DIAG_RUNTIME, im->file, 0, 0, "read error: %s", strerror(e));
    }
    *text = buf;
    *len = n;
    return DIAG_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int import_format_of(const char *name)
{
    static const struct {
        const char *ext;
        enum import_format f;
    } exts[] = {{".graphml", FORMAT_GRAPHML}, {".xml", FORMAT_GRAPHML},    {".csv", FORMAT_CSV},
                {".gml", FORMAT_GML},         {".net", FORMAT_PAJEK},      {".paj", FORMAT_PAJEK},
                {".dl", FORMAT_DL},           {".ncol", FORMAT_NCOL},      {".lgl", FORMAT_LGL},
                {".gexf", FORMAT_GEXF},       {".dynetml", FORMAT_DYNETML}};
    for (size_t i = 0; i < COUNT(exts); i++)
        if (ends_with(name, exts[i].ext))
            return (int)exts[i].f;
    return -1;
}

/* Append a line to the scenario's notes (what the import read otherwise
 * than written, said by the command that loads it). */
static int note(struct import *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int note(struct import *im, const char *fmt, ...)
{
    struct scenario *s = im->L->s;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = s->notes ? strlen(s->notes) : 0;
    char *more = realloc(s->notes, old + strlen(line) + 2);
    if (!more)
        return im->rc = loader_oom(im->L);
    snprintf(more + old, strlen(line) + 2, "%s\n", line);
    s->notes = more;
    return DIAG_OK;
}

/* After the reader: weights read as stated, references resolved, notes. */
static int import_finish(struct import *im)
{
    struct scenario *s = im->L->s;
    int n = s->world.n_edges - im->first_edge;
    char qb[KEY_BUF];
    if (im->weights != WEIGHTS_AS_GIVEN && n > 0) {
        double max = 0, sum = 0;
        for (int k = 0; k < n; k++) {
            max = im->raw[k] > max ? im->raw[k] : max;
            sum += im->raw[k];
        }
        double mean = sum / n;
        for (int k = 0; k < n; k++) {
            struct tie *t = &s->world.edges[im->first_edge + k];
            double w = im->weights == WEIGHTS_NORMALIZE ? im->raw[k] / max : -expm1(-im->raw[k] / mean);
            if (!(w >= LOADER_MIN_WEIGHT))
                return import_fail(im, im->tie_line[k],
                                   "'weight' %g reads as %g, below the smallest weight %g (edge '%s' - '%s')",
                                   im->raw[k], w, LOADER_MIN_WEIGHT, s->ids[t->from], s->ids[t->to]);
            t->weight = t->base = w > 1 ? 1 : w;
        }
        if (im->weights == WEIGHTS_NORMALIZE &&
            note(im, "%s: weights divided by the largest, %.17g", im->file, max))
            return im->rc;
        if (im->weights == WEIGHTS_COUNTS &&
            note(im, "%s: weights read as counts c, w = 1 - exp(-c / %.17g) (the mean count)", im->file,
                 mean))
            return im->rc;
    }
    const char *net = im->file;
    for (int r = 0; r < im->n_refs; r++) {
        const struct import_ref *f = &im->refs[r];
        int j = idmap_get(&im->by_file, f->id);
        const char *what = f->patron ? "patron" : "successor";
        im->file = f->file; /* the node table's or the network file's line */
        struct actor *a = &s->world.nodes[f->node];
        if (j == -2)
            continue; /* names a node left out as inactive: none */
        if (j < 0)
            return import_fail(im, f->line, "node '%s': %s '%s' is no node of the file", s->ids[f->node],
                               what, loader_quote(qb, sizeof qb, f->id));
        if (!f->patron && j == f->node)
            return import_fail(im, f->line, "'%s' cannot be his own successor", s->ids[j]);
        if (s->world.nodes[j].kind != (f->patron ? KIND_AGENCY : KIND_LEADER))
            return import_fail(im, f->line, "%s '%s' of '%s' is %s %s, not %s", what, s->ids[j],
                               s->ids[f->node], loader_article(s->world.nodes[j].kind),
                               world_kind_name(s->world.nodes[j].kind), f->patron ? "an agency" : "a leader");
        if (f->patron && a->kind != KIND_FACTION)
            return import_fail(im, f->line, "node '%s': 'patron' applies to factions only", s->ids[f->node]);
        if (!f->patron && a->kind != KIND_LEADER)
            return import_fail(im, f->line, "node '%s': 'successor' applies to leaders only",
                               s->ids[f->node]);
        if (f->patron)
            a->patron = j;
        else
            a->successor = j;
    }
    im->file = net;
    if (im->n_kindless && note(im, "%s: %d node%s with no kind read as %s", im->file, im->n_kindless,
                               im->n_kindless == 1 ? "" : "s", world_kind_name(im->kind)))
        return im->rc;
    if (im->n_renamed &&
        note(im, "%s: %d node id%s not infnet id%s: kept as the label, under an internal id", im->file,
             im->n_renamed, im->n_renamed == 1 ? " is" : "s are", im->n_renamed == 1 ? "" : "s"))
        return im->rc;
    if (im->n_absent && note(im, "%s: %d inactive node%s read as absent", im->file, im->n_absent,
                             im->n_absent == 1 ? "" : "s"))
        return im->rc;
    return DIAG_OK;
}

static void import_destroy(struct import *im)
{
    idmap_destroy(&im->by_file);
    for (int i = 0; i < im->n_file_ids; i++)
        free(im->file_ids[i]);
    free(im->file_ids);
    free(im->raw);
    free(im->tie_line);
    for (int i = 0; i < im->n_refs; i++)
        free(im->refs[i].id);
    free(im->refs);
}

/* Bytes of an .xml file read to find its root element. */
#define XML_SNIFF 4096

/* The format of an .xml file by its root element: ORA writes DyNetML
 * (<DynamicNetwork>, <MetaNetwork>) and some tools GEXF (<gexf>) as .xml;
 * anything else is read as GraphML. f is rewound. */
static int xml_format(FILE *f)
{
    char buf[XML_SNIFF + 1];
    size_t n = fread(buf, 1, XML_SNIFF, f);
    int format = FORMAT_GRAPHML;
    buf[n] = '\0';
    rewind(f);
    for (const char *p = buf; (p = strchr(p, '<')) != NULL; p++) {
        if (p[1] == '?' || p[1] == '!')
            continue; /* the XML declaration, a comment or a document type */
        size_t k = strcspn(p + 1, " \t\r\n/>");
        const char *colon = memchr(p + 1, ':', k);
        const char *local = colon ? colon + 1 : p + 1;
        size_t lk = k - (size_t)(local - (p + 1));
        if ((lk == 14 && !strncmp(local, "DynamicNetwork", lk)) ||
            (lk == 11 && !strncmp(local, "MetaNetwork", lk)))
            format = FORMAT_DYNETML;
        else if (lk == 4 && !strncmp(local, "gexf", lk))
            format = FORMAT_GEXF;
        break;
    }
    return format;
}

/* Open name (a regular file within --limit file-bytes) for the import. */
static int open_file(struct import *im, const char *name, FILE **f)
{
    struct loader *L = im->L;
    off_t size = 0;
    const char *why = "";
    int orc = infile_open(name, f, &size, &why);
    if (orc == DIAG_RUNTIME)
        return im->rc = loader_oom(L);
    if (orc != 0)
        return im->rc = loader_fail(L, im->at, "cannot import '%s': %s", name, why);
    if (size > L->lim->max_file_bytes) {
        fclose(*f);
        return im->rc = loader_fail(L, im->at,
                                    "cannot import '%s': %lld bytes, above the limit of %ld "
                                    "(--limit file-bytes)",
                                    name, (long long)size, L->lim->max_file_bytes);
    }
    return DIAG_OK;
}

/* The file named by scalar fv, relative to the scenario (or, for a bare
 * network's --nodes, as given), recorded among the files read. */
static int file_name(struct loader *L, const struct ytree *fv, int as_given, const char **name)
{
    char *path = as_given ? strdup(fv->text) : loader_relative_path(fv->file, fv->text);
    if (!path)
        return loader_oom(L);
    int rc = loader_add_file(L, path, name);
    free(path);
    return rc;
}

int import_check(struct loader *L, const struct ytree *ikey, const struct ytree *iv)
{
    struct scenario *s = L->s;
    struct import im;
    const struct ytree *fv = iv, *v, *nv = NULL;
    const struct scenario_network_options *o = L->bare ? L->netopt : NULL;
    const char *name, *tname = NULL;
    char sb[KEY_BUF];
    int rc, format, by_name = 0;
    memset(&im, 0, sizeof im);
    im.L = L;
    im.at = ikey;
    im.kind = KIND_FACTION;
    im.type = TIE_COORDINATION;
    im.first = s->world.n_nodes;
    im.first_edge = s->world.n_edges;
    im.weights_hint = L->bare ? "--weights-as" : "weights_as:";
    if (iv->kind == YTREE_MAP) {
        if ((rc = loader_check_keys(L, iv, import_keys, COUNT(import_keys), "import")) != DIAG_OK ||
            (rc = loader_need(L, iv, "file", "import", &fv)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(iv, "kind")) != NULL) {
            if ((rc = loader_want(L, v, "kind", YTREE_SCALAR)) != DIAG_OK)
                return rc;
            if (import_kind_parse(v->text, &im.kind) != 0)
                return loader_fail(L, v, "unknown kind '%s'%s", v->text,
                                   loader_suggest_kind(sb, sizeof sb, v->text));
            im.kind_given = 1;
        }
        if ((v = loader_opt(iv, "type")) != NULL && (rc = loader_tie_type(L, v, "type", &im.type)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(iv, "weights_as")) != NULL) {
            static const char *const ways[] = {"given", "normalize", "counts"};
            int w;
            if ((rc = loader_want(L, v, "weights_as", YTREE_SCALAR)) != DIAG_OK)
                return rc;
            if ((w = loader_in_list(v->text, ways, COUNT(ways))) < 0)
                return loader_fail(L, v, "unknown weights_as '%s'%s (use given, normalize or counts)",
                                   v->text, loader_suggest(sb, sizeof sb, v->text, ways, COUNT(ways)));
            im.weights = (enum import_weights)w;
        }
        if ((nv = loader_opt(iv, "nodes")) != NULL &&
            (rc = loader_want(L, nv, "nodes", YTREE_SCALAR)) != DIAG_OK)
            return rc;
    } else if (iv->kind != YTREE_SCALAR) {
        return loader_fail(L, iv,
                           "'import' must be a file name or a mapping (file, format, kind, "
                           "type, weights_as, nodes), not %s",
                           ytree_kind_name(iv->kind));
    }
    if (o) { /* analyze's options (checked by scenario_load_network) */
        if (o->default_kind) {
            import_kind_parse(o->default_kind, &im.kind);
            im.kind_given = 1;
        }
        if (o->weights_as)
            im.weights = !strcmp(o->weights_as, "normalize") ? WEIGHTS_NORMALIZE
                         : !strcmp(o->weights_as, "counts")  ? WEIGHTS_COUNTS
                                                             : WEIGHTS_AS_GIVEN;
    }
    if ((rc = loader_want(L, fv, "file", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if (!*fv->text)
        return loader_fail(L, fv, "'file' is empty");
    if (o && o->format) {
        format = loader_in_list(o->format, import_formats, FORMAT_COUNT);
    } else if (iv->kind == YTREE_MAP && (v = loader_opt(iv, "format")) != NULL) {
        if ((rc = loader_want(L, v, "format", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((format = loader_in_list(v->text, import_formats, FORMAT_COUNT)) < 0)
            return loader_fail(L, v, "unknown import format '%s'%s (use %s)", v->text,
                               loader_suggest(sb, sizeof sb, v->text, import_formats, FORMAT_COUNT),
                               IMPORT_FORMAT_LIST);
    } else if ((format = import_format_of(fv->text)) >= 0) {
        by_name = 1;
    } else {
        return loader_fail(L, fv, "cannot tell the format of '%s' from its name: add format: (%s)", fv->text,
                           IMPORT_FORMAT_LIST);
    }
    if (o && o->nodes && format != FORMAT_CSV)
        return diag_set(L->d, DIAG_INPUT, NULL, 0, 0,
                        "--nodes: a node table goes with a CSV edge list, not with %s",
                        import_formats[format]);
    if (nv && format != FORMAT_CSV)
        return loader_fail(L, nv, "a node table goes with a CSV edge list, not with %s",
                           import_formats[format]);
    if ((rc = file_name(L, fv, 0, &name)) != DIAG_OK)
        return rc;
    if (o && o->nodes) {
        struct ytree t = *fv;
        t.text = (char *)o->nodes;
        if ((rc = file_name(L, &t, 1, &tname)) != DIAG_OK)
            return rc;
    } else if (nv && (rc = file_name(L, nv, 0, &tname)) != DIAG_OK) {
        return rc;
    }
    im.file = name;
    FILE *f;
    if (tname) {
        if (open_file(&im, tname, &f) != DIAG_OK) {
            import_destroy(&im);
            return im.rc;
        }
        nodetable_import(&im, f, tname);
        fclose(f);
    }
    if (im.rc == DIAG_OK && open_file(&im, name, &f) == DIAG_OK) {
        if (format == FORMAT_GRAPHML && by_name && ends_with(name, ".xml"))
            format = xml_format(f);
        switch (format) {
        case FORMAT_GRAPHML: graphml_import(&im, f); break;
        case FORMAT_CSV: edgelist_import(&im, f); break;
        case FORMAT_GEXF:
        case FORMAT_DYNETML: xmlnet_import(&im, f, format == FORMAT_GEXF); break;
        default: igraphin_import(&im, f, format); break;
        }
        fclose(f);
    }
    if (im.rc == DIAG_OK)
        import_finish(&im);
    rc = im.rc;
    import_destroy(&im);
    return rc;
}
