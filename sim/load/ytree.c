/* sim/load/ytree.c - YAML documents as located trees, read with libyaml; overlay merge.
 *
 * Reading is done in three passes over an in-memory copy of the file:
 *  1. a scan of libyaml's event stream (iterative, so any nesting is safe)
 *     that checks the syntax, allows one document only, and computes for
 *     every node its size and height after alias expansion, refusing the
 *     document as soon as the expanded node count or depth passes the limits
 *     (the error points at the alias or node that crossed the line);
 *  2. yaml_parser_load(), whose recursion is now known to be bounded;
 *  3. a recursive copy of libyaml's node graph into struct ytree nodes, where
 *     each use of an alias becomes a separate copy and mapping keys are
 *     checked for duplicates.
 * Invariants: every node has file, line and col set; mapping keys are
 * scalars without NUL bytes; a tree is never shared between two parents.
 * Ownership: see ytree.h (file names are borrowed, everything else owned).
 * Includes: libyaml and sim/util/diag.h only.
 */
#include "sim/load/ytree.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "sim/util/infile.h"

/* Mappings up to this many keys are checked for duplicates pairwise; larger
 * ones are sorted first (pairwise is faster for the handful of keys of a
 * typical scenario mapping, sorting keeps hostile mappings O(n log n)). */
#define YTREE_PAIRWISE_MAX 16

/* First capacity of growing arrays (children, anchors, open collections); they
 * double when full, so the start only saves a few reallocations. */
#define YTREE_MIN_CAP 8

/* Read files in chunks of this size when their size is not known upfront. */
#define YTREE_READ_CHUNK 65536

/* Merge rules are matched on at most this many path segments; deeper paths
 * never have a rule (scenario rules are two levels deep). */
#define YTREE_RULE_DEPTH 8
/* ... and on joined paths of at most this many bytes. */
#define YTREE_RULE_PATH 256

/* ------------------------------------------------------------------ nodes */

struct ytree *ytree_new(enum ytree_kind kind, const char *file, int line, int col)
{
    struct ytree *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->kind = kind;
    t->file = file;
    t->line = line;
    t->col = col;
    if (kind == YTREE_SCALAR) {
        t->text = calloc(1, 1);
        if (!t->text) {
            free(t);
            return NULL;
        }
        t->plain = 1;
    }
    return t;
}

struct ytree *ytree_new_scalar(const char *text, size_t len, int plain, const char *file, int line, int col)
{
    struct ytree *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->kind = YTREE_SCALAR;
    t->file = file;
    t->line = line;
    t->col = col;
    t->plain = plain;
    t->text = malloc(len + 1);
    if (!t->text) {
        free(t);
        return NULL;
    }
    if (len)
        memcpy(t->text, text, len);
    t->text[len] = '\0';
    t->len = len;
    return t;
}

void ytree_free(struct ytree *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        if (t->keys)
            ytree_free(t->keys[i]);
        ytree_free(t->items[i]);
    }
    free(t->keys);
    free(t->items);
    free(t->text);
    free(t);
}

int ytree_append(struct ytree *t, struct ytree *key, struct ytree *val)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : YTREE_MIN_CAP;
        struct ytree **items = realloc(t->items, cap * sizeof *items);
        if (!items)
            return -1;
        t->items = items;
        if (t->kind == YTREE_MAP) {
            struct ytree **keys = realloc(t->keys, cap * sizeof *keys);
            if (!keys)
                return -1;
            t->keys = keys;
        }
        t->cap = cap;
    }
    if (t->kind == YTREE_MAP)
        t->keys[t->n] = key;
    t->items[t->n++] = val;
    return 0;
}

long ytree_find(const struct ytree *t, const char *key)
{
    if (!t || t->kind != YTREE_MAP)
        return -1;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->keys[i]->text, key) == 0)
            return (long)i;
    return -1;
}

struct ytree *ytree_get(const struct ytree *t, const char *key)
{
    long i = ytree_find(t, key);
    return i < 0 ? NULL : t->items[i];
}

int ytree_remove(struct ytree *t, const char *key)
{
    long i = ytree_find(t, key);
    if (i < 0)
        return 0;
    ytree_free(t->keys[i]);
    ytree_free(t->items[i]);
    memmove(t->keys + i, t->keys + i + 1, (t->n - (size_t)i - 1) * sizeof *t->keys);
    memmove(t->items + i, t->items + i + 1, (t->n - (size_t)i - 1) * sizeof *t->items);
    t->n--;
    return 1;
}

int ytree_is_null(const struct ytree *t)
{
    if (!t || t->kind != YTREE_SCALAR || !t->plain)
        return 0;
    return t->len == 0 || strcmp(t->text, "~") == 0 || strcmp(t->text, "null") == 0 ||
           strcmp(t->text, "Null") == 0 || strcmp(t->text, "NULL") == 0;
}

const char *ytree_kind_name(enum ytree_kind kind)
{
    switch (kind) {
    case YTREE_SCALAR: return "a scalar";
    case YTREE_SEQ: return "a list";
    case YTREE_MAP: return "a mapping";
    }
    return "?";
}

/* --------------------------------------------------------------- reading */

/* Where a document's text sits: its file and the position of its first byte. */
struct origin {
    const char *file;
    int line0, col0; /* 1-based position of the text's first character */
    const char *buf; /* the text, for positions given as byte offsets */
    size_t len;
};

static void raw_pos(const struct origin *o, yaml_mark_t m, int *line, int *col)
{
    *line = o->line0 + (int)m.line;
    *col = m.line == 0 ? o->col0 + (int)m.column : (int)m.column + 1;
}

static void offset_pos(const struct origin *o, size_t off, int *line, int *col)
{
    yaml_mark_t m = {0, 0, 0};
    for (size_t i = 0; i < off && i < o->len; i++) {
        if (o->buf[i] == '\n') {
            m.line++;
            m.column = 0;
        } else {
            m.column++;
        }
    }
    raw_pos(o, m, line, col);
}

/* libyaml puts the end of the stream on a line of its own; an error there
 * (an unclosed bracket) is reported just after the last character instead. */
static void mark_pos(const struct origin *o, yaml_mark_t m, int *line, int *col)
{
    if (m.index >= o->len)
        offset_pos(o, o->len, line, col);
    else
        raw_pos(o, m, line, col);
}

static int syntax_error(const yaml_parser_t *p, const struct origin *o, struct diag *d)
{
    int line, col;
    /* libyaml fails without setting an error when some of its own
     * allocations fail (the default tag's yaml_strdup in the loader, for
     * one): every other failure names itself, so no error is memory too. */
    if (p->error == YAML_MEMORY_ERROR || p->error == YAML_NO_ERROR)
        return diag_set(d, DIAG_RUNTIME, o->file, 0, 0, "out of memory reading YAML");
    if (p->error == YAML_READER_ERROR) {
        offset_pos(o, p->problem_offset, &line, &col);
        if (p->problem_value != -1)
            return diag_set(d, DIAG_INPUT, o->file, line, col, "yaml: %s (byte #%X)",
                            p->problem ? p->problem : "cannot read", (unsigned)p->problem_value);
        return diag_set(d, DIAG_INPUT, o->file, line, col, "yaml: %s",
                        p->problem ? p->problem : "cannot read");
    }
    mark_pos(o, p->problem_mark, &line, &col);
    if (p->context) {
        int cl, cc;
        mark_pos(o, p->context_mark, &cl, &cc);
        return diag_set(d, DIAG_INPUT, o->file, line, col, "yaml syntax error: %s (%s at %d:%d)",
                        p->problem ? p->problem : "invalid YAML", p->context, cl, cc);
    }
    return diag_set(d, DIAG_INPUT, o->file, line, col, "yaml syntax error: %s",
                    p->problem ? p->problem : "invalid YAML");
}

/* Pass 1: the event scan. */

struct scan_anchor {
    char *name;
    long size, height; /* of the anchored node after expansion */
    int line, col;
};

struct scan_frame {
    char *anchor;      /* owned copy, or NULL */
    long size, height; /* so far: the collection itself plus its finished children */
    int line, col;
};

struct scan {
    const struct origin *o;
    long max_depth, budget; /* budget: nodes still allowed for this document */
    long limit;             /* the configured node limit, for messages */
    long total;
    struct scan_anchor *a;
    size_t na, cap_a;
    struct scan_frame *f;
    size_t nf, cap_f;
};

static void scan_destroy(struct scan *s)
{
    for (size_t i = 0; i < s->na; i++)
        free(s->a[i].name);
    for (size_t i = 0; i < s->nf; i++)
        free(s->f[i].anchor);
    free(s->a);
    free(s->f);
}

static const struct scan_anchor *scan_lookup(const struct scan *s, const char *name)
{
    for (size_t i = s->na; i-- > 0;)
        if (strcmp(s->a[i].name, name) == 0)
            return &s->a[i];
    return NULL;
}

static int scan_register(struct scan *s, const char *name, long size, long height, int line, int col,
                         struct diag *d)
{
    const struct scan_anchor *old = scan_lookup(s, name);
    if (old)
        return diag_set(d, DIAG_INPUT, s->o->file, line, col, "duplicate anchor '&%s' (first at %d:%d)", name,
                        old->line, old->col);
    if (s->na == s->cap_a) {
        size_t cap = s->cap_a ? 2 * s->cap_a : YTREE_MIN_CAP;
        struct scan_anchor *a = realloc(s->a, cap * sizeof *a);
        if (!a)
            return diag_set(d, DIAG_RUNTIME, s->o->file, 0, 0, "out of memory reading YAML");
        s->a = a;
        s->cap_a = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return diag_set(d, DIAG_RUNTIME, s->o->file, 0, 0, "out of memory reading YAML");
    s->a[s->na++] = (struct scan_anchor){copy, size, height, line, col};
    return DIAG_OK;
}

/* A node of the given expanded size and height starts at (line, col) at the
 * current depth: check the limits, then account for it in its parent. */
static int scan_node(struct scan *s, long size, long height, int line, int col, const char *alias,
                     struct diag *d)
{
    long depth = (long)s->nf + 1;
    if (depth + height - 1 > s->max_depth) {
        if (alias)
            return diag_set(d, DIAG_INPUT, s->o->file, line, col,
                            "alias '*%s' expands deeper than %ld levels of YAML nesting", alias,
                            s->max_depth);
        return diag_set(d, DIAG_INPUT, s->o->file, line, col, "YAML nesting deeper than %ld levels",
                        s->max_depth);
    }
    if (size > s->budget - s->total) {
        if (alias)
            return diag_set(d, DIAG_INPUT, s->o->file, line, col,
                            "alias '*%s' expands past the limit of %ld YAML nodes (every use "
                            "of an alias counts its copy)",
                            alias, s->limit);
        return diag_set(d, DIAG_INPUT, s->o->file, line, col, "more than %ld YAML nodes", s->limit);
    }
    s->total += size;
    if (s->nf > 0) {
        struct scan_frame *p = &s->f[s->nf - 1];
        p->size += size;
        if (height + 1 > p->height)
            p->height = height + 1;
    }
    return DIAG_OK;
}

static int scan_event(struct scan *s, const yaml_event_t *e, int *docs, struct diag *d)
{
    int line, col, rc;
    mark_pos(s->o, e->start_mark, &line, &col);
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*docs > 1)
            return diag_set(d, DIAG_INPUT, s->o->file, line, col,
                            "more than one YAML document (a scenario is one document)");
        return DIAG_OK;
    case YAML_SCALAR_EVENT:
        if ((rc = scan_node(s, 1, 1, line, col, NULL, d)) != DIAG_OK)
            return rc;
        if (e->data.scalar.anchor)
            return scan_register(s, (const char *)e->data.scalar.anchor, 1, 1, line, col, d);
        return DIAG_OK;
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)e->data.alias.anchor;
        const struct scan_anchor *a = scan_lookup(s, name);
        if (!a) {
            for (size_t i = 0; i < s->nf; i++)
                if (s->f[i].anchor && strcmp(s->f[i].anchor, name) == 0)
                    return diag_set(d, DIAG_INPUT, s->o->file, line, col,
                                    "alias '*%s' refers to a node that contains it", name);
            return diag_set(d, DIAG_INPUT, s->o->file, line, col, "undefined alias '*%s'", name);
        }
        return scan_node(s, a->size, a->height, line, col, name, d);
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        const yaml_char_t *anchor = e->type == YAML_SEQUENCE_START_EVENT ? e->data.sequence_start.anchor
                                                                         : e->data.mapping_start.anchor;
        if ((long)s->nf + 1 > s->max_depth)
            return diag_set(d, DIAG_INPUT, s->o->file, line, col, "YAML nesting deeper than %ld levels",
                            s->max_depth);
        if (s->total >= s->budget)
            return diag_set(d, DIAG_INPUT, s->o->file, line, col, "more than %ld YAML nodes", s->limit);
        s->total++;
        if (s->nf == s->cap_f) {
            size_t cap = s->cap_f ? 2 * s->cap_f : YTREE_MIN_CAP;
            struct scan_frame *f = realloc(s->f, cap * sizeof *f);
            if (!f)
                return diag_set(d, DIAG_RUNTIME, s->o->file, 0, 0, "out of memory reading YAML");
            s->f = f;
            s->cap_f = cap;
        }
        char *copy = NULL;
        if (anchor && !(copy = strdup((const char *)anchor)))
            return diag_set(d, DIAG_RUNTIME, s->o->file, 0, 0, "out of memory reading YAML");
        s->f[s->nf++] = (struct scan_frame){copy, 1, 1, line, col};
        return DIAG_OK;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        struct scan_frame fr = s->f[--s->nf];
        rc = DIAG_OK;
        /* The collection itself was counted at its start; pass its contents up. */
        if (s->nf > 0) {
            struct scan_frame *p = &s->f[s->nf - 1];
            p->size += fr.size;
            if (fr.height + 1 > p->height)
                p->height = fr.height + 1;
        }
        if (fr.anchor)
            rc = scan_register(s, fr.anchor, fr.size, fr.height, fr.line, fr.col, d);
        free(fr.anchor);
        return rc;
    }
    default: return DIAG_OK;
    }
}

static int scan_text(const struct origin *o, long max_depth, long budget, long limit, struct diag *d)
{
    yaml_parser_t p;
    struct scan s;
    int docs = 0, rc = DIAG_OK, done = 0;
    memset(&s, 0, sizeof s);
    s.o = o;
    s.max_depth = max_depth;
    s.budget = budget;
    s.limit = limit;
    if (!yaml_parser_initialize(&p))
        return diag_set(d, DIAG_RUNTIME, o->file, 0, 0, "out of memory reading YAML");
    yaml_parser_set_input_string(&p, (const unsigned char *)o->buf, o->len);
    while (!done && rc == DIAG_OK) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            rc = syntax_error(&p, o, d);
            break;
        }
        rc = scan_event(&s, &e, &docs, d);
        done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    scan_destroy(&s);
    return rc;
}

/* Pass 3: libyaml's node graph to a tree. */

struct build {
    const struct origin *o;
    yaml_document_t *doc;
    long *used;
    struct diag *d;
};

static int key_cmp_text(const struct ytree *a, const struct ytree *b)
{
    return strcmp(a->text, b->text);
}

/* Sort helper: indices of a mapping's keys ordered by text, then by index. */
struct key_ref {
    const struct ytree *key;
    size_t index;
};

static int key_ref_cmp(const void *pa, const void *pb)
{
    const struct key_ref *a = pa, *b = pb;
    int c = key_cmp_text(a->key, b->key);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Report the earliest repeated key of mapping m (the repeat with the lowest
 * index, named together with its first occurrence). */
static int check_duplicates(const struct ytree *m, struct diag *d)
{
    size_t first = 0, dup = m->n;
    if (m->n < 2)
        return DIAG_OK;
    if (m->n <= YTREE_PAIRWISE_MAX) {
        for (size_t j = 1; j < m->n && dup == m->n; j++)
            for (size_t i = 0; i < j; i++)
                if (key_cmp_text(m->keys[i], m->keys[j]) == 0) {
                    first = i;
                    dup = j;
                    break;
                }
    } else {
        struct key_ref *r = malloc(m->n * sizeof *r);
        if (!r)
            return diag_set(d, DIAG_RUNTIME, m->file, 0, 0, "out of memory reading YAML");
        for (size_t i = 0; i < m->n; i++)
            r[i] = (struct key_ref){m->keys[i], i};
        qsort(r, m->n, sizeof *r, key_ref_cmp);
        for (size_t i = 1; i < m->n; i++) {
            /* r[i-1] is the first of its run whenever r[i] is the run's second. */
            if (key_cmp_text(r[i - 1].key, r[i].key) == 0 &&
                (i < 2 || key_cmp_text(r[i - 2].key, r[i].key) != 0) && r[i].index < dup) {
                dup = r[i].index;
                first = r[i - 1].index;
            }
        }
        free(r);
    }
    if (dup == m->n)
        return DIAG_OK;
    const struct ytree *a = m->keys[first], *b = m->keys[dup];
    if (a->file == b->file || (a->file && b->file && strcmp(a->file, b->file) == 0))
        return diag_set(d, DIAG_INPUT, b->file, b->line, b->col,
                        "duplicate key '%s' in one mapping (first at %d:%d)", b->text, a->line, a->col);
    return diag_set(d, DIAG_INPUT, b->file, b->line, b->col,
                    "duplicate key '%s' in one mapping (first at %s:%d:%d)", b->text, a->file, a->line,
                    a->col);
}

static int build_node(struct build *b, int index, struct ytree **out)
{
    yaml_node_t *n = yaml_document_get_node(b->doc, index);
    int line, col, rc = DIAG_OK;
    struct ytree *t = NULL;
    *out = NULL;
    if (!n)
        return diag_set(b->d, DIAG_RUNTIME, b->o->file, 0, 0, "broken YAML document");
    mark_pos(b->o, n->start_mark, &line, &col);
    ++*b->used;
    switch (n->type) {
    case YAML_SCALAR_NODE:
        if (memchr(n->data.scalar.value, '\0', n->data.scalar.length))
            return diag_set(b->d, DIAG_INPUT, b->o->file, line, col, "text contains a NUL character");
        t = ytree_new_scalar((const char *)n->data.scalar.value, n->data.scalar.length,
                             n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, b->o->file, line, col);
        if (!t)
            return diag_set(b->d, DIAG_RUNTIME, b->o->file, 0, 0, "out of memory reading YAML");
        break;
    case YAML_SEQUENCE_NODE:
        if (!(t = ytree_new(YTREE_SEQ, b->o->file, line, col)))
            return diag_set(b->d, DIAG_RUNTIME, b->o->file, 0, 0, "out of memory reading YAML");
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
            struct ytree *item;
            if ((rc = build_node(b, *it, &item)) != DIAG_OK)
                goto fail;
            if (ytree_append(t, NULL, item) != 0) {
                ytree_free(item);
                rc = diag_set(b->d, DIAG_RUNTIME, b->o->file, 0, 0, "out of memory reading YAML");
                goto fail;
            }
        }
        break;
    case YAML_MAPPING_NODE:
        if (!(t = ytree_new(YTREE_MAP, b->o->file, line, col)))
            return diag_set(b->d, DIAG_RUNTIME, b->o->file, 0, 0, "out of memory reading YAML");
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            struct ytree *k, *v;
            if ((rc = build_node(b, p->key, &k)) != DIAG_OK)
                goto fail;
            if (k->kind != YTREE_SCALAR) {
                rc = diag_set(b->d, DIAG_INPUT, k->file, k->line, k->col,
                              "a mapping key must be a scalar, not %s", ytree_kind_name(k->kind));
                ytree_free(k);
                goto fail;
            }
            if ((rc = build_node(b, p->value, &v)) != DIAG_OK) {
                ytree_free(k);
                goto fail;
            }
            if (ytree_append(t, k, v) != 0) {
                ytree_free(k);
                ytree_free(v);
                rc = diag_set(b->d, DIAG_RUNTIME, b->o->file, 0, 0, "out of memory reading YAML");
                goto fail;
            }
        }
        if ((rc = check_duplicates(t, b->d)) != DIAG_OK)
            goto fail;
        break;
    default: return diag_set(b->d, DIAG_INPUT, b->o->file, line, col, "empty YAML node");
    }
    *out = t;
    return DIAG_OK;
fail:
    ytree_free(t);
    return rc;
}

static int parse_origin(struct ytree **root, const struct origin *o, const struct ytree_limits *lim,
                        long *used, struct diag *d, int empty_is_scalar)
{
    long max_depth = lim->max_depth < YTREE_MAX_DEPTH ? lim->max_depth : YTREE_MAX_DEPTH;
    long budget = lim->max_nodes - *used;
    yaml_parser_t p;
    yaml_document_t doc;
    int rc;
    *root = NULL;
    if (budget < 0)
        budget = 0;
    if ((rc = scan_text(o, max_depth, budget, lim->max_nodes, d)) != DIAG_OK)
        return rc;
    if (!yaml_parser_initialize(&p))
        return diag_set(d, DIAG_RUNTIME, o->file, 0, 0, "out of memory reading YAML");
    yaml_parser_set_input_string(&p, (const unsigned char *)o->buf, o->len);
    if (!yaml_parser_load(&p, &doc)) {
        rc = syntax_error(&p, o, d);
        yaml_parser_delete(&p);
        return rc;
    }
    yaml_parser_delete(&p);
    if (yaml_document_get_root_node(&doc)) {
        struct build b = {o, &doc, used, d};
        rc = build_node(&b, 1, root);
    } else if (empty_is_scalar) {
        *root = ytree_new(YTREE_SCALAR, o->file, o->line0, o->col0);
        if (!*root)
            rc = diag_set(d, DIAG_RUNTIME, o->file, 0, 0, "out of memory reading YAML");
        else
            ++*used;
    }
    yaml_document_delete(&doc);
    return rc;
}

int ytree_parse(struct ytree **root, const char *text, size_t len, const char *file, int line, int col,
                const struct ytree_limits *lim, long *used, struct diag *d)
{
    struct origin o = {file, line, col, text, len};
    *root = NULL;
    if (lim->max_bytes >= 0 && len > (size_t)lim->max_bytes)
        return diag_set(d, DIAG_INPUT, file, line, col, "text is %zu bytes, above the limit of %ld", len,
                        lim->max_bytes);
    return parse_origin(root, &o, lim, used, d, 1);
}

/* Read all of path into a NUL-terminated buffer of at most max bytes. */
static int read_file(const char *path, long max, char **out, size_t *out_len, struct diag *d)
{
    FILE *f;
    off_t size = 0;
    const char *why = "";
    char *buf = NULL;
    size_t len = 0, cap = 0;
    *out = NULL;
    *out_len = 0;
    /* a regular file only: a FIFO or a device would block or never end */
    int orc = infile_open(path, &f, &size, &why);
    if (orc != 0)
        return diag_set(d, orc, path, 0, 0, "cannot open: %s", why);
    if (size > max) {
        fclose(f);
        return diag_set(d, DIAG_INPUT, path, 0, 0, "file is %lld bytes, above the limit of %ld bytes",
                        (long long)size, max);
    }
    for (;;) {
        if (cap - len < YTREE_READ_CHUNK + 1) {
            size_t ncap = cap ? 2 * cap : YTREE_READ_CHUNK + 1;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                return diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory reading the file");
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, YTREE_READ_CHUNK, f);
        len += got;
        if (len > (size_t)max) {
            free(buf);
            fclose(f);
            return diag_set(d, DIAG_INPUT, path, 0, 0, "file is above the limit of %ld bytes", max);
        }
        if (got < YTREE_READ_CHUNK) {
            if (ferror(f)) {
                int e = errno;
                free(buf);
                fclose(f);
                return diag_set(d, DIAG_RUNTIME, path, 0, 0, "read error: %s", strerror(e));
            }
            break;
        }
    }
    fclose(f);
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return DIAG_OK;
}

int ytree_load(struct ytree **root, const char *path, const struct ytree_limits *lim, long *used,
               struct diag *d)
{
    char *buf;
    size_t len;
    int rc;
    *root = NULL;
    if ((rc = read_file(path, lim->max_bytes, &buf, &len, d)) != DIAG_OK)
        return rc;
    struct origin o = {path, 1, 1, buf, len};
    rc = parse_origin(root, &o, lim, used, d, 0);
    free(buf);
    return rc;
}

/* ----------------------------------------------------------------- merge */

struct merge_ctx {
    const struct ytree_merge_rule *rules;
    size_t n_rules;
    const char *path[YTREE_RULE_DEPTH];
    size_t depth; /* may exceed YTREE_RULE_DEPTH; then no rule applies */
    struct diag *d;
};

static const struct ytree_merge_rule *rule_for(const struct merge_ctx *c)
{
    char path[YTREE_RULE_PATH];
    size_t len = 0;
    if (c->depth > YTREE_RULE_DEPTH)
        return NULL;
    path[0] = '\0';
    for (size_t i = 0; i < c->depth; i++) {
        int w = snprintf(path + len, sizeof path - len, "%s%s", i ? "." : "", c->path[i]);
        if (w < 0 || (size_t)w >= sizeof path - len)
            return NULL; /* longer than any rule's path */
        len += (size_t)w;
    }
    for (size_t r = 0; r < c->n_rules; r++)
        if (strcmp(c->rules[r].path, path) == 0)
            return &c->rules[r];
    return NULL;
}

static int merge_rec(struct ytree **dst, struct ytree *src, struct merge_ctx *c);

static int merge_oom(struct ytree *src, struct merge_ctx *c)
{
    ytree_free(src);
    return diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory merging scenario files");
}

/* Free src's own arrays once all its children have been moved out. */
static void free_shell(struct ytree *t)
{
    free(t->keys);
    free(t->items);
    free(t->text);
    free(t);
}

static int merge_map(struct ytree *dst, struct ytree *src, struct merge_ctx *c)
{
    for (size_t i = 0; i < src->n; i++) {
        struct ytree *k = src->keys[i], *v = src->items[i];
        long j = ytree_find(dst, k->text);
        src->keys[i] = src->items[i] = NULL;
        if (j < 0) {
            if (ytree_append(dst, k, v) != 0) {
                ytree_free(k);
                ytree_free(v);
                return merge_oom(src, c);
            }
            continue;
        }
        if (dst->items[j]->kind != YTREE_MAP || v->kind != YTREE_MAP) {
            /* The value is replaced: so is the key, so both point at the overlay. */
            ytree_free(dst->keys[j]);
            dst->keys[j] = k;
        } else {
            ytree_free(k);
        }
        if (c->depth < YTREE_RULE_DEPTH)
            c->path[c->depth] = dst->keys[j]->text;
        c->depth++;
        int rc = merge_rec(&dst->items[j], v, c);
        c->depth--;
        if (rc != DIAG_OK) {
            ytree_free(src);
            return rc;
        }
    }
    free_shell(src);
    return DIAG_OK;
}

static int merge_seq(struct ytree **dst, struct ytree *src, struct merge_ctx *c)
{
    const struct ytree_merge_rule *rule = rule_for(c);
    size_t n0 = (*dst)->n;
    if (!rule || rule->mode == YTREE_SEQ_REPLACE) {
        ytree_free(*dst);
        *dst = src;
        return DIAG_OK;
    }
    for (size_t i = 0; i < src->n; i++) {
        struct ytree *v = src->items[i];
        src->items[i] = NULL;
        if (rule->mode == YTREE_SEQ_BY_KEY && rule->same && v->kind == YTREE_MAP) {
            size_t j = 0;
            while (j < n0 && !((*dst)->items[j]->kind == YTREE_MAP && rule->same((*dst)->items[j], v)))
                j++;
            if (j < n0) {
                int rc = merge_rec(&(*dst)->items[j], v, c);
                if (rc != DIAG_OK) {
                    ytree_free(src);
                    return rc;
                }
                continue;
            }
        }
        if (ytree_append(*dst, NULL, v) != 0) {
            ytree_free(v);
            return merge_oom(src, c);
        }
    }
    free_shell(src);
    return DIAG_OK;
}

static int merge_rec(struct ytree **dst, struct ytree *src, struct merge_ctx *c)
{
    if (!*dst) {
        *dst = src;
        return DIAG_OK;
    }
    if ((*dst)->kind == YTREE_MAP && src->kind == YTREE_MAP)
        return merge_map(*dst, src, c);
    if ((*dst)->kind == YTREE_SEQ && src->kind == YTREE_SEQ)
        return merge_seq(dst, src, c);
    ytree_free(*dst);
    *dst = src;
    return DIAG_OK;
}

int ytree_merge(struct ytree **dst, struct ytree *src, const struct ytree_merge_rule *rules, size_t n_rules,
                struct diag *d)
{
    struct merge_ctx c;
    memset(&c, 0, sizeof c);
    c.rules = rules;
    c.n_rules = n_rules;
    c.d = d;
    if (!src)
        return DIAG_OK;
    return merge_rec(dst, src, &c);
}
