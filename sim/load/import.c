/* sim/load/import.c - network.import: opening the file and adding its nodes and ties.
 *
 * import_check() reads the import key (file, format, kind, type), opens the
 * file relative to the scenario that names it and hands it to the GraphML
 * (sim/load/graphml.c) or edge-list (sim/load/edgelist.c) reader. Both add
 * nodes and ties through import_node() and import_tie(), which hold the
 * rules every imported element obeys (new ids only, ties of a valid type
 * and weight, the limits). Every refusal is located at the import key and
 * names the file and, where there is one, its line.
 * Includes: sim/load/loader.h, the two readers.
 */
#include "sim/load/import.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "sim/load/edgelist.h"
#include "sim/load/graphml.h"
#include "sim/util/infile.h"

/* Bytes read from an import file per fread. */
#define READ_CHUNK 65536

static const char *const import_keys[] = {"file", "format", "kind", "type"};
static const char *const formats[] = {"graphml", "csv"};

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

/* The node `id` of the import file: new (created with the import's kind), or
 * an earlier node of the same file when reuse is allowed (edge lists). */
int import_node(struct import *im, const char *id, long line, int reuse, int *out)
{
    struct loader *L = im->L;
    int j = idmap_get(&L->ids, id), rc;
    char qb[KEY_BUF];
    if (!loader_valid_id(id))
        return import_fail(im, line, "bad node id '%s': %s", loader_quote(qb, sizeof qb, id),
                           loader_id_rule(id));
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
    if (j >= 0) {
        if (!reuse)
            return import_fail(im, line, "duplicate node id '%s'", id);
        *out = j;
        return DIAG_OK;
    }
    if (L->s->world.n_nodes >= L->lim->max_nodes)
        return import_fail(im, line, "more than %ld nodes in all (--limit nodes)", L->lim->max_nodes);
    if ((rc = loader_add_node(L, im->kind, id, NULL, NULL, out)) != DIAG_OK)
        return im->rc = rc;
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
        weight = DEFAULT_WEIGHT;
    if (!(weight >= LOADER_MIN_WEIGHT && weight <= 1))
        return import_fail(im, line, "'weight' must be in [%g, 1], got %s (edge '%s' - '%s')",
                           LOADER_MIN_WEIGHT, wt, s->ids[a], s->ids[b]);
    const char *rule = loader_tie_source_rule(type, s->world.nodes[a].kind);
    if (rule)
        return import_fail(im, line, "%s; '%s' is %s %s", rule, s->ids[a],
                           loader_article(s->world.nodes[a].kind), world_kind_name(s->world.nodes[a].kind));
    if (world_find_tie(&s->world, a, b, type) >= 0)
        return import_fail(im, line, "duplicate %s edge between '%s' and '%s'", world_tie_name(type),
                           s->ids[a], s->ids[b]);
    if (s->world.n_edges >= L->lim->max_edges)
        return import_fail(im, line, "more than %ld edges in all (--limit edges)", L->lim->max_edges);
    if (loader_grow_tie_at(L, s->world.n_edges + 1) != DIAG_OK ||
        world_add_tie(&s->world, a, b, type, weight) < 0)
        return im->rc = loader_oom(L);
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
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int import_check(struct loader *L, const struct ytree *ikey, const struct ytree *iv)
{
    struct scenario *s = L->s;
    struct import im;
    const struct ytree *fv = iv, *v;
    const char *name;
    char sb[KEY_BUF];
    int rc, format;
    memset(&im, 0, sizeof im);
    im.L = L;
    im.at = ikey;
    im.kind = KIND_FACTION;
    im.type = TIE_COORDINATION;
    im.first = s->world.n_nodes;
    if (iv->kind == YTREE_MAP) {
        if ((rc = loader_check_keys(L, iv, import_keys, COUNT(import_keys), "import")) != DIAG_OK ||
            (rc = loader_need(L, iv, "file", "import", &fv)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(iv, "kind")) != NULL && (rc = loader_kind(L, v, "kind", &im.kind)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(iv, "type")) != NULL && (rc = loader_tie_type(L, v, "type", &im.type)) != DIAG_OK)
            return rc;
    } else if (iv->kind != YTREE_SCALAR) {
        return loader_fail(L, iv,
                           "'import' must be a file name or a mapping (file, format, kind, "
                           "type), not %s",
                           ytree_kind_name(iv->kind));
    }
    if ((rc = loader_want(L, fv, "file", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if (!*fv->text)
        return loader_fail(L, fv, "'file' is empty");
    if (iv->kind == YTREE_MAP && (v = loader_opt(iv, "format")) != NULL) {
        if ((rc = loader_want(L, v, "format", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((format = loader_in_list(v->text, formats, COUNT(formats))) < 0)
            return loader_fail(L, v, "unknown import format '%s'%s (use graphml or csv)", v->text,
                               loader_suggest(sb, sizeof sb, v->text, formats, COUNT(formats)));
    } else if (ends_with(fv->text, ".graphml") || ends_with(fv->text, ".xml")) {
        format = 0;
    } else if (ends_with(fv->text, ".csv")) {
        format = 1;
    } else {
        return loader_fail(L, fv,
                           "cannot tell the format of '%s' from its name: add format: graphml "
                           "or format: csv",
                           fv->text);
    }
    char *path = loader_relative_path(fv->file, fv->text);
    if (!path)
        return loader_oom(L);
    rc = loader_add_file(L, path, &name);
    free(path);
    if (rc != DIAG_OK)
        return rc;
    im.file = name;
    FILE *f;
    off_t size = 0;
    const char *why = "";
    /* a regular file only: a FIFO or a device would block or never end */
    int orc = infile_open(name, &f, &size, &why);
    if (orc == DIAG_RUNTIME)
        return loader_oom(L);
    if (orc != 0)
        return loader_fail(L, ikey, "cannot import '%s': %s", name, why);
    if (size > L->lim->max_file_bytes) {
        fclose(f);
        return loader_fail(L, ikey,
                           "cannot import '%s': %lld bytes, above the limit of %ld "
                           "(--limit file-bytes)",
                           name, (long long)size, L->lim->max_file_bytes);
    }
    rc = format == 0 ? graphml_import(&im, f) : edgelist_import(&im, f);
    fclose(f);
    return rc;
}
