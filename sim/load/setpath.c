/* sim/load/setpath.c - the KEY of --set KEY=VALUE, walked on the merged scenario tree.
 *
 * A KEY is segments separated by '.': a mapping key, a list index (digits),
 * or, for the two lists whose items have names, a list key followed by a
 * selector in brackets: network.nodes[ID] picks the node whose `id` is ID,
 * network.edges[FROM->TO] the edge between FROM and TO (in either direction,
 * as extends matches edges) and network.edges[FROM->TO,TYPE] the one of that
 * type. Ids may hold '.', ':' and '-' and may be all digits, so an id is
 * never written as a dotted segment (network.nodes.3 is the fourth node,
 * network.nodes[3] the node with id 3), and the type follows a ',', which no
 * id holds. Brackets and '>' are in no id, so a selector ends at the first
 * ']' and FROM at the first "->".
 * The lookup is on the merged tree (after extends, before validation): the
 * nodes and edges written in any file of the chain are addressable; those of
 * network.generate and network.import are not (they have no YAML entry), and
 * a selector naming one says so.
 * Includes: sim/load/loader.h (ytree, ids, messages), models/world.h (tie names).
 */
#include "sim/load/setpath.h"

#include <ctype.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest mapping key or index one segment may hold. */
#define SEG_MAX 255

/* One segment of KEY: the name [name, name_end) and, when has_sel, the
 * selector [sel, sel_end) between the brackets; end is the index of the '.'
 * that follows, or the key's length. */
struct seg {
    size_t name, name_end;
    int has_sel;
    size_t sel, sel_end;
    size_t end;
};

/* The key being walked: the original (for messages) and a copy cut into
 * NUL-terminated pieces. */
struct walk {
    struct loader *L;
    const char *key;
    size_t klen;
    char *k;
};

/* The pseudo-file of the override's positions. */
static const char *setpath_file(const struct loader *L)
{
    return L->set_option ? L->set_option : SETPATH_FILE;
}

static int fail(struct loader *L, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct loader *L, size_t at, const char *fmt, ...)
{
    char msg[sizeof L->d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return diag_set(L->d, DIAG_INPUT, setpath_file(L), 1, (int)at + 1, "%s", msg);
}

/* The override as messages name it: "--set 'KEY'", or "'KEY'" for an
 * override that stands for an option (whose name is the message's file). */
static const char *what(const struct loader *L, const char *key, char *buf, size_t n)
{
    char q[KEY_BUF];
    snprintf(buf, n, "%s'%s'", L->set_option ? "" : "--set ", loader_quote(q, sizeof q, key));
    return buf;
}

/* Append to a message being built in buf (n bytes, *len used); cut when full. */
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
    if (*len >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *len, n - *len, fmt, ap);
    va_end(ap);
    if (w > 0)
        *len += (size_t)w < n - *len ? (size_t)w : n - *len;
}

/* Parse the segment of key that starts at start. */
static int parse_seg(struct loader *L, const char *key, size_t klen, size_t start, struct seg *s)
{
    char q[KEY_BUF];
    size_t i = start;
    while (i < klen && key[i] != '.' && key[i] != '[' && key[i] != ']')
        i++;
    if (i < klen && key[i] == ']')
        return fail(L, i, "']' without '[' in %s", what(L, key, q, sizeof q));
    if (i == start && i < klen && key[i] == '[')
        return fail(L, i, "'[' in %s must follow the name of a list, as in network.nodes[kh]",
                    what(L, key, q, sizeof q));
    if (i == start)
        return fail(L, start, "empty key segment in %s", what(L, key, q, sizeof q));
    if (i - start > SEG_MAX)
        return fail(L, start, "bad key segment in %s", what(L, key, q, sizeof q));
    s->name = start;
    s->name_end = i;
    s->has_sel = 0;
    if (i < klen && key[i] == '[') {
        size_t j = i + 1;
        while (j < klen && key[j] != ']' && key[j] != '[')
            j++;
        if (j == klen || key[j] == '[')
            return fail(L, i, "'[' without ']' in %s", what(L, key, q, sizeof q));
        if (j == i + 1)
            return fail(L, i, "empty '[]' in %s", what(L, key, q, sizeof q));
        s->has_sel = 1;
        s->sel = i + 1;
        s->sel_end = j;
        i = j + 1;
        if (i < klen && key[i] != '.')
            return fail(L, i, "']' must end the key or be followed by '.' in %s", what(L, key, q, sizeof q));
    }
    s->end = i;
    return DIAG_OK;
}

int setpath_check(struct loader *L, const char *key)
{
    size_t klen = strlen(key), start = 0;
    for (;;) {
        struct seg s;
        int rc = parse_seg(L, key, klen, start, &s);
        if (rc != DIAG_OK)
            return rc;
        if (s.end == klen)
            return DIAG_OK;
        start = s.end + 1;
    }
}

/* The scalar text of key in mapping item, or NULL. */
static const char *scalar_of(const struct ytree *item, const char *key)
{
    const struct ytree *v = ytree_get(item, key);
    return v && v->kind == YTREE_SCALAR ? v->text : NULL;
}

/* 1 if id is one network.generate would make: its prefix (default "g")
 * then an index below its node count (when that can be read yet). */
static int generated_id(const struct ytree *root, const char *id)
{
    const struct ytree *gen = ytree_get(ytree_get(root, "network"), "generate");
    if (!gen || gen->kind != YTREE_MAP)
        return 0;
    const char *prefix = scalar_of(gen, "prefix");
    if (!prefix)
        prefix = "g";
    size_t plen = strlen(prefix);
    const char *rest = id + plen;
    if (strncmp(id, prefix, plen) != 0 || !*rest || strspn(rest, "0123456789") != strlen(rest) ||
        (rest[0] == '0' && rest[1]) || strlen(rest) > 18)
        return 0;
    long idx = strtol(rest, NULL, 10), n = 0, v;
    const struct ytree *sizes = ytree_get(gen, "sizes");
    const char *count = scalar_of(gen, "n");
    if (count) {
        if (loader_parse_long(count, &n) != 0)
            return 1;
    } else if (sizes && sizes->kind == YTREE_SEQ) {
        for (size_t i = 0; i < sizes->n; i++) {
            if (sizes->items[i]->kind != YTREE_SCALAR || loader_parse_long(sizes->items[i]->text, &v) != 0 ||
                v < 0 || n > LONG_MAX - v)
                return 1;
            n += v;
        }
    } else {
        return 1;
    }
    return idx < n;
}

/* 1 if the merged scenario has network.KEY (generate, import). */
static int has_network(const struct ytree *root, const char *key)
{
    const struct ytree *v = ytree_get(ytree_get(root, "network"), key);
    return v && !ytree_is_null(v);
}

/* network.nodes[ID]: the index in list (NULL: no nodes) of the node with that id. */
static int select_node(struct walk *w, const struct seg *s, const struct ytree *list, size_t *out)
{
    struct loader *L = w->L;
    char q[KEY_BUF], sb[KEY_BUF], msg[sizeof L->d->msg];
    const char *id = w->k + s->sel;
    size_t n = list ? list->n : 0, count = 0, len = 0;
    w->k[s->sel_end] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *t = scalar_of(list->items[i], "id");
        if (t && !strcmp(t, id) && count++ == 0)
            *out = i;
    }
    if (count == 1)
        return DIAG_OK;
    if (count > 1) { /* the file is wrong (ids repeat): name where */
        add(msg, sizeof msg, &len, "%zu nodes with id '%s' in network.nodes (at", count,
            loader_quote(q, sizeof q, id));
        for (size_t i = 0, k = 0; i < n; i++) {
            const char *t = scalar_of(list->items[i], "id");
            if (t && !strcmp(t, id)) {
                loader_where(sb, sizeof sb, list->items[i], NULL);
                add(msg, sizeof msg, &len, "%s %s", k++ ? "," : "", sb);
            }
        }
        add(msg, sizeof msg, &len, ")");
        return fail(L, s->sel, "%s", msg);
    }
    if (generated_id(L->root, id))
        return fail(L, s->sel,
                    "node '%s' is made by network.generate: --set reaches the nodes listed in "
                    "network.nodes only (network.generate's keys set every generated node)",
                    loader_quote(q, sizeof q, id));
    const char **cand = malloc((n ? n : 1) * sizeof *cand);
    if (!cand)
        return loader_oom(L);
    for (size_t i = 0; i < n; i++) {
        const char *t = scalar_of(list->items[i], "id");
        cand[i] = t && loader_valid_id(t) ? t : NULL;
    }
    add(msg, sizeof msg, &len, "no node with id '%s'%s", loader_quote(q, sizeof q, id),
        loader_suggest(sb, sizeof sb, id, cand, n));
    free(cand);
    if (has_network(L->root, "import"))
        add(msg, sizeof msg, &len, "; the nodes of network.import cannot be set one by one");
    return fail(L, s->sel, "%s", msg);
}

/* 1 if edge item joins a and b, in either direction. */
static int joins(const struct ytree *item, const char *a, const char *b)
{
    const char *f = scalar_of(item, "from"), *t = scalar_of(item, "to");
    return f && t && ((!strcmp(f, a) && !strcmp(t, b)) || (!strcmp(f, b) && !strcmp(t, a)));
}

/* 1 if id is an end of some edge of list; else the message for it, with a did-you-mean. */
static int edge_end_known(const struct ytree *list, const char *id, char *msg, size_t n_msg)
{
    char q[KEY_BUF], sb[KEY_BUF];
    size_t n = list ? list->n : 0;
    for (size_t i = 0; i < n; i++) {
        const char *f = scalar_of(list->items[i], "from"), *t = scalar_of(list->items[i], "to");
        if ((f && !strcmp(f, id)) || (t && !strcmp(t, id)))
            return 1;
    }
    const char **cand = malloc((n ? 2 * n : 1) * sizeof *cand);
    if (!cand)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *f = scalar_of(list->items[i], "from"), *t = scalar_of(list->items[i], "to");
        cand[2 * i] = f && loader_valid_id(f) ? f : NULL;
        cand[2 * i + 1] = t && loader_valid_id(t) ? t : NULL;
    }
    snprintf(msg, n_msg, "no edge from or to '%s' in network.edges%s", loader_quote(q, sizeof q, id),
             loader_suggest(sb, sizeof sb, id, cand, 2 * n));
    free(cand);
    return 0;
}

/* network.edges[FROM->TO] or [FROM->TO,TYPE]: the index in list (NULL when
 * there are none) of the one edge it names. */
static int select_edge(struct walk *w, const struct seg *s, const struct ytree *list, size_t *out)
{
    struct loader *L = w->L;
    char qa[KEY_BUF], qb[KEY_BUF], sb[KEY_BUF], msg[sizeof L->d->msg];
    char *sel = w->k + s->sel, *arrow, *comma;
    size_t n = list ? list->n : 0, len = 0;
    w->k[s->sel_end] = '\0';
    arrow = strstr(sel, "->");
    comma = arrow ? strchr(arrow + 2, ',') : NULL;
    if (!arrow || arrow == sel || arrow[2] == '\0' || arrow + 2 == comma || (comma && comma[1] == '\0'))
        return fail(L, s->sel,
                    "an edge is selected by its ends in --set: network.edges[FROM->TO] or "
                    "network.edges[FROM->TO,TYPE]");
    size_t to_at = s->sel + (size_t)(arrow + 2 - sel),
           type_at = comma ? s->sel + (size_t)(comma + 1 - sel) : 0;
    const char *a = sel, *b = arrow + 2, *type = NULL;
    *arrow = '\0';
    if (comma) {
        *comma = '\0';
        type = comma + 1;
        enum tie_type tt;
        if (world_tie_parse(type, &tt) != 0)
            return fail(L, type_at, "unknown tie type '%s'%s", loader_quote(qa, sizeof qa, type),
                        loader_suggest_tie(sb, sizeof sb, type));
    }
    size_t pair = 0, typed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!joins(list->items[i], a, b))
            continue;
        pair++;
        const char *t = scalar_of(list->items[i], "type");
        if (!type) {
            *out = i;
        } else if (t && !strcmp(t, type) && typed++ == 0) {
            *out = i;
        }
    }
    size_t matched = type ? typed : pair;
    if (matched == 1)
        return DIAG_OK;
    loader_quote(qa, sizeof qa, a);
    loader_quote(qb, sizeof qb, b);
    if (pair == 0) {
        size_t at = s->sel;
        int known = edge_end_known(list, a, msg, sizeof msg);
        if (known == 1) {
            at = to_at;
            known = edge_end_known(list, b, msg, sizeof msg);
        }
        if (known < 0)
            return loader_oom(L);
        if (known == 1) {
            at = s->sel;
            snprintf(msg, sizeof msg, "no edge between '%s' and '%s' in network.edges", qa, qb);
        }
        len = strlen(msg);
        if (has_network(L->root, "generate") || has_network(L->root, "import"))
            add(msg, sizeof msg, &len,
                "; the ties of network.generate and network.import cannot be set one by one");
        return fail(L, at, "%s", msg);
    }
    /* none of the type, or more than one: list the edges of the pair */
    if (matched == 0)
        add(msg, sizeof msg, &len,
            "no %s edge between '%s' and '%s' in network.edges; the edges between them:", type, qa, qb);
    else
        add(msg, sizeof msg, &len, "%zu %s%sedges between '%s' and '%s' in network.edges:", matched,
            type ? type : "", type ? " " : "", qa, qb);
    for (size_t i = 0, k = 0; i < n; i++) {
        const char *t = scalar_of(list->items[i], "type");
        if (!joins(list->items[i], a, b) || (matched && type && (!t || strcmp(t, type))))
            continue;
        loader_where(sb, sizeof sb, list->items[i], NULL);
        add(msg, sizeof msg, &len, "%s %s at %s", k++ ? "," : "",
            t ? loader_quote(qa, sizeof qa, t) : "(no type)", sb);
    }
    if (matched > 1 && !type)
        add(msg, sizeof msg, &len, "; add the type, as in network.edges[%s->%s,TYPE]",
            loader_quote(qa, sizeof qa, a), qb);
    return fail(L, matched == 0 ? type_at : s->sel, "%s", msg);
}

/* setpath_apply(), and with path non-NULL (open) the place KEY reaches
 * written to it, each selector as the index it picks. */
static int walk_apply(struct loader *L, const char *key, struct ytree *leaf, FILE *path)
{
    struct walk w = {L, key, strlen(key), NULL};
    struct ytree *cur = L->root;
    size_t start = 0;
    int rc, depth = 0, under_network = 0;
    const char *in_list = NULL; /* "nodes" or "edges" when cur is that list of network */
    char q[KEY_BUF];
    if (!(w.k = strdup(key))) {
        ytree_free(leaf);
        return loader_oom(L);
    }
    for (;; depth++) {
        struct seg s;
        struct ytree **slot = NULL; /* where the value this segment names is held */
        if ((rc = parse_seg(L, key, w.klen, start, &s)) != DIAG_OK)
            goto out;
        int last = s.end == w.klen;
        const char *name = w.k + s.name;
        w.k[s.name_end] = '\0';
        const char *dot = depth ? "." : "";
        if (!cur || (cur->kind != YTREE_SEQ && cur->kind != YTREE_MAP)) {
            rc = fail(L, start, "%s reaches into a scalar", what(L, key, q, sizeof q));
            goto out;
        }
        if (cur->kind == YTREE_SEQ) {
            char *stop;
            unsigned long idx = strtoul(name, &stop, 10);
            if (*stop || !isdigit((unsigned char)name[0])) {
                char qn[KEY_BUF], hint[KEY_BUF + 64] = "";
                loader_quote(qn, sizeof qn, name);
                if (in_list)
                    snprintf(hint, sizeof hint, ", or select by %s: network.%s[%s]",
                             !strcmp(in_list, "nodes") ? "id" : "ends", in_list,
                             !strcmp(in_list, "nodes") ? qn : "FROM->TO");
                rc = fail(L, start, "'%s' in %s is a list: use an index 0..%zu%s", qn,
                          what(L, key, q, sizeof q), cur->n ? cur->n - 1 : 0, hint);
                goto out;
            }
            if (idx >= cur->n) {
                rc = fail(L, start, "index %lu in %s is past the end of a list of %zu items", idx,
                          what(L, key, q, sizeof q), cur->n);
                goto out;
            }
            slot = &cur->items[idx];
            if (path)
                fprintf(path, "%s%lu", dot, idx);
        } else if (s.has_sel) {
            long i = ytree_find(cur, name);
            slot = i < 0 ? NULL : &cur->items[i];
        } else {
            struct ytree *next = ytree_get(cur, name);
            if (path)
                fprintf(path, "%s%s", dot, name);
            if (last || !next || ytree_is_null(next)) {
                if (next) /* replaced: the value at KEY, or a null on the way to it */
                    ytree_remove(cur, name);
                struct ytree *k = ytree_new_scalar(name, strlen(name), 1, setpath_file(L), 1, (int)start + 1);
                struct ytree *v = last ? leaf : ytree_new(YTREE_MAP, setpath_file(L), 1, (int)start + 1);
                if (!k || !v || ytree_append(cur, k, v) != 0) {
                    ytree_free(k);
                    if (v != leaf)
                        ytree_free(v);
                    leaf = NULL;
                    rc = loader_oom(L);
                    goto out;
                }
                if (last) {
                    leaf = NULL;
                    rc = DIAG_OK;
                    goto out;
                }
                next = v;
            }
            slot = &cur->items[ytree_find(cur, name)];
        }
        if (s.has_sel) {
            int nodes = under_network && depth == 1 && !strcmp(name, "nodes");
            int edges = under_network && depth == 1 && !strcmp(name, "edges");
            struct ytree *list = slot ? *slot : NULL;
            size_t at = 0;
            if (!nodes && !edges) {
                rc = fail(L, s.name_end,
                          "'%s' has no ids: use an index ([...] selects the items of network.nodes by id "
                          "and of network.edges by ends)",
                          loader_quote(q, sizeof q, name));
                goto out;
            }
            if (list && ytree_is_null(list))
                list = NULL;
            if (list && list->kind != YTREE_SEQ) {
                rc = fail(L, s.name, "network.%s is %s, not a list", name, ytree_kind_name(list->kind));
                goto out;
            }
            rc = nodes ? select_node(&w, &s, list, &at) : select_edge(&w, &s, list, &at);
            if (rc != DIAG_OK)
                goto out;
            if (path)
                fprintf(path, "%s%s.%zu", dot, name, at);
            slot = &list->items[at];
        }
        if (last) {
            ytree_free(*slot);
            *slot = leaf;
            leaf = NULL;
            rc = DIAG_OK;
            goto out;
        }
        in_list = under_network && depth == 1 && !s.has_sel && (*slot)->kind == YTREE_SEQ &&
                          (!strcmp(name, "nodes") || !strcmp(name, "edges"))
                      ? (!strcmp(name, "nodes") ? "nodes" : "edges")
                      : NULL;
        under_network = depth == 0 && !s.has_sel && !strcmp(name, "network");
        cur = *slot;
        start = s.end + 1;
    }
out:
    ytree_free(leaf);
    free(w.k);
    return rc;
}

int setpath_apply(struct loader *L, const char *key, struct ytree *leaf)
{
    return walk_apply(L, key, leaf, NULL);
}

int setpath_resolve(struct loader *L, const char *key, char **out)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    struct ytree *leaf = ytree_new(YTREE_MAP, setpath_file(L), 1, 1);
    FILE *path = leaf ? open_memstream(&text, &len) : NULL;
    if (!path) {
        ytree_free(leaf);
        return loader_oom(L);
    }
    int rc = walk_apply(L, key, leaf, path);
    /* glibc's fclose reports no failure to size the text: it leaves it NULL */
    if ((fclose(path) != 0 || !text) && rc == DIAG_OK)
        rc = loader_oom(L);
    if (rc == DIAG_OK)
        *out = text;
    else
        free(text);
    return rc;
}
