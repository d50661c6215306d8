/* sim/load/loader.c - the loading state and the located-value helpers every section uses.
 *
 * A struct loader carries one scenario_load() call: the scenario being built,
 * the limits, the diag, the merged YAML tree and the id maps. The helpers
 * here read one YAML value each (a number in a range, a kind, a node
 * reference, ...) and refuse it with a message located at that value, so
 * the section modules (sections, network, generate, import, pressures,
 * outputs) only say which value they want. They also keep the per-node and
 * per-tie arrays (ids, labels, where each was written) in step with the world.
 * Includes: models/world.h, sim/load/ytree.h, sim/load/idmap.h, igraph.
 */
#include "sim/load/loader.h"

#include <assert.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* First capacity of the per-node and per-tie arrays; they double when full. */
#define NAMES_MIN_CAP 64

int loader_fail(struct loader *L, const struct ytree *at, const char *fmt, ...)
{
    char msg[sizeof L->d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!at || L->bare) /* a bare network file's scenario is made up: no position in it */
        return diag_set(L->d, DIAG_INPUT, L->s->path, 0, 0, "%s", msg);
    return diag_set(L->d, DIAG_INPUT, at->file, at->line, at->col, "%s", msg);
}

int loader_oom(struct loader *L)
{
    return diag_set(L->d, DIAG_RUNTIME, L->s->path, 0, 0, "out of memory loading the scenario");
}

/* " (did you mean 'X'?)" when a candidate is close to s, else "". */
const char *loader_suggest(char *buf, size_t n, const char *s, const char *const *cand, size_t nc)
{
    const char *best = diag_suggest(s, cand, nc);
    if (!best)
        return "";
    snprintf(buf, n, " (did you mean '%s'?)", best);
    return buf;
}

int loader_in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return (int)i;
    return -1;
}

/* Every key of map must be one of allowed; `section` names the map in messages. */
int loader_check_keys(struct loader *L, const struct ytree *map, const char *const *allowed, size_t n,
                      const char *section)
{
    char sb[KEY_BUF];
    for (size_t i = 0; i < map->n; i++) {
        const struct ytree *k = map->keys[i];
        if (loader_in_list(k->text, allowed, n) < 0)
            return loader_fail(L, k, "unknown key '%s' in %s%s", k->text, section,
                               loader_suggest(sb, sizeof sb, k->text, allowed, n));
    }
    return DIAG_OK;
}

/* The value of key in map, or NULL when absent or null (`key:`, `key: ~`). */
const struct ytree *loader_opt(const struct ytree *map, const char *key)
{
    const struct ytree *v = ytree_get(map, key);
    return ytree_is_null(v) ? NULL : v;
}

const struct ytree *loader_key(const struct ytree *map, const char *key)
{
    long i = ytree_find(map, key);
    return i < 0 ? NULL : map->keys[i];
}

int loader_need(struct loader *L, const struct ytree *map, const char *key, const char *section,
                const struct ytree **out)
{
    const struct ytree *k;
    *out = loader_opt(map, key);
    if (*out)
        return DIAG_OK;
    k = loader_key(map, key);
    if (!k && map == L->root)
        map = &L->root_at; /* after extends the root node may come from a parent */
    return loader_fail(L, k ? k : map, "missing required key '%s' in %s", key, section);
}

int loader_want(struct loader *L, const struct ytree *v, const char *key, enum ytree_kind kind)
{
    if (v->kind == kind)
        return DIAG_OK;
    return loader_fail(L, v, "'%s' must be %s, not %s", key,
                       kind == YTREE_SCALAR ? "a string" : ytree_kind_name(kind), ytree_kind_name(v->kind));
}

/* Number syntax: [+-]digits[.digits][e[+-]digits] (also .5 and 5.); no
 * hexadecimal, inf or nan, which strtod() would otherwise accept. */
int loader_parse_real(const char *t, double *out)
{
    size_t len = strlen(t);
    char *end;
    if (len == 0 || strspn(t, "0123456789+-.eE") != len || strpbrk(t, "0123456789") == NULL)
        return -1;
    errno = 0;
    double x = strtod(t, &end);
    if (end != t + len || !isfinite(x))
        return -1;
    if (errno == ERANGE || (x != 0 && fabs(x) < DBL_MIN))
        return -2; /* underflow: nonzero text that became 0 or a subnormal */
    *out = x;
    return 0;
}

/* Integer syntax: [+-]digits. 0 ok, -1 not an integer, -2 out of range. */
int loader_parse_long(const char *t, long *out)
{
    const char *p = t + (*t == '+' || *t == '-');
    char *end;
    if (!*p || strspn(p, "0123456789") != strlen(p))
        return -1;
    errno = 0;
    long x = strtol(t, &end, 10);
    if (errno == ERANGE)
        return -2;
    *out = x;
    return 0;
}

int loader_number_node(struct loader *L, const struct ytree *v, const char *key, const char *what)
{
    if (v->kind != YTREE_SCALAR)
        return loader_fail(L, v, "'%s' must be %s, not %s", key, what, ytree_kind_name(v->kind));
    if (!v->plain)
        return loader_fail(L, v, "'%s' must be %s, not the quoted string \"%s\"", key, what, v->text);
    return DIAG_OK;
}

void loader_range_text(char *buf, size_t n, double lo, double hi, int lo_open)
{
    if (hi == HUGE_VAL)
        snprintf(buf, n, "%s %g", lo_open ? ">" : ">=", lo);
    else
        snprintf(buf, n, "in %c%g, %g]", lo_open ? '(' : '[', lo, hi);
}

int loader_real(struct loader *L, const struct ytree *v, const char *key, double lo, double hi, int lo_open,
                double *out)
{
    char rb[KEY_BUF];
    double x = 0;
    int rc = loader_number_node(L, v, key, "a number");
    if (rc != DIAG_OK)
        return rc;
    if ((rc = loader_parse_real(v->text, &x)) == -2 && (lo > 0 || lo_open)) {
        loader_range_text(rb, sizeof rb, lo, hi, lo_open); /* 0 is out of range too */
        return loader_fail(L, v, "'%s' must be %s, got %s", key, rb, v->text);
    }
    if (rc == -2)
        return loader_fail(L, v,
                           "'%s' is too close to 0 to be held exactly, got %s: use 0 or a "
                           "value of magnitude at least %g",
                           key, v->text, DBL_MIN);
    if (rc != 0)
        return loader_fail(L, v, "'%s' must be a number, got '%s'", key, v->text);
    if (x < lo || x > hi || (lo_open && x <= lo)) {
        loader_range_text(rb, sizeof rb, lo, hi, lo_open);
        return loader_fail(L, v, "'%s' must be %s, got %s", key, rb, v->text);
    }
    *out = x;
    return DIAG_OK;
}

int loader_long(struct loader *L, const struct ytree *v, const char *key, long lo, long hi, long *out)
{
    long x = 0;
    int rc = loader_number_node(L, v, key, "an integer");
    if (rc != DIAG_OK)
        return rc;
    rc = loader_parse_long(v->text, &x);
    if (rc == -1)
        return loader_fail(L, v, "'%s' must be an integer, got '%s'", key, v->text);
    if (rc == -2 || x < lo || x > hi)
        return loader_fail(L, v, "'%s' must be in [%ld, %ld], got %s", key, lo, hi, v->text);
    *out = x;
    return DIAG_OK;
}

int loader_int(struct loader *L, const struct ytree *v, const char *key, long lo, long hi, int *out)
{
    long x = 0;
    int rc = loader_long(L, v, key, lo < INT_MIN ? INT_MIN : lo, hi > INT_MAX ? INT_MAX : hi, &x);
    if (rc == DIAG_OK)
        *out = (int)x;
    return rc;
}

int loader_bool(struct loader *L, const struct ytree *v, const char *key, int *out)
{
    int rc = loader_number_node(L, v, key, "true or false");
    if (rc != DIAG_OK)
        return rc;
    if (!strcmp(v->text, "true") || !strcmp(v->text, "True") || !strcmp(v->text, "TRUE"))
        *out = 1;
    else if (!strcmp(v->text, "false") || !strcmp(v->text, "False") || !strcmp(v->text, "FALSE"))
        *out = 0;
    else
        return loader_fail(L, v, "'%s' must be true or false, got '%s'", key, v->text);
    return DIAG_OK;
}

/* Optional variants: leave *out alone when the key is absent or null. */
int loader_opt_real(struct loader *L, const struct ytree *map, const char *key, double lo, double hi,
                    int lo_open, double *out)
{
    const struct ytree *v = loader_opt(map, key);
    return v ? loader_real(L, v, key, lo, hi, lo_open, out) : DIAG_OK;
}

int loader_opt_string(struct loader *L, const struct ytree *map, const char *key, const char **out)
{
    const struct ytree *v = loader_opt(map, key);
    if (!v)
        return DIAG_OK;
    int rc = loader_want(L, v, key, YTREE_SCALAR);
    if (rc == DIAG_OK)
        *out = v->text;
    return rc;
}

/* Owned copy of s into *dst (freeing the old one). */
int loader_set_string(struct loader *L, char **dst, const char *s)
{
    char *c = strdup(s);
    if (!c)
        return loader_oom(L);
    free(*dst);
    *dst = c;
    return DIAG_OK;
}

/* Ids: [A-Za-z0-9_.:-]+ ; '+' is kept for spawn slots ("PARENT+K"). */
int loader_valid_id(const char *id)
{
    size_t n = strlen(id);
    return n > 0 && strspn(id, ID_CHARS) == n;
}

const char *loader_id_rule(const char *id)
{
    if (strchr(id, '+'))
        return "'+' is reserved for spawn slot ids";
    if (!*id)
        return "it is empty";
    return "use letters, digits, '_', '.', ':' and '-'";
}

/* Length of the UTF-8 sequence at s and its code point, or 0 when the bytes
 * are not well-formed UTF-8 (overlong forms, surrogates and values above
 * U+10FFFF included, as RFC 3629 says). */
static int utf8_next(const unsigned char *s, unsigned long *cp)
{
    int n = s[0] < 0x80             ? 1
            : (s[0] & 0xE0) == 0xC0 ? 2
            : (s[0] & 0xF0) == 0xE0 ? 3
            : (s[0] & 0xF8) == 0xF0 ? 4
                                    : 0;
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (n == 0)
        return 0;
    unsigned long c = n == 1 ? s[0] : s[0] & (0x3F >> (n - 1));
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

const char *loader_text_rule(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned long c = 0;
        int n = utf8_next(p, &c);
        if (n == 0)
            return "it is not valid UTF-8";
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            return "it holds a control character";
        if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
            return "it holds a Unicode noncharacter (such as U+FFFE or U+FFFF)";
        p += n;
    }
    return NULL;
}

const char *loader_quote(char *buf, size_t n, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)text;
    size_t o = 0;
    assert(n >= 8);
    while (*p && o + 5 < n) {
        unsigned long c = 0;
        int k = utf8_next(p, &c);
        if (k > 0 && !(c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
            if (o + (size_t)k + 4 >= n)
                break;
            memcpy(buf + o, p, (size_t)k);
            o += (size_t)k;
            p += k;
        } else { /* a control character or a byte that is not UTF-8: \xNN */
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[*p >> 4];
            buf[o++] = hex[*p & 15];
            p++;
        }
    }
    if (*p) {
        while (o + 4 > n)
            o--;
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

/* Add a file name to s->files; *name gets the stored copy. */
int loader_add_file(struct loader *L, const char *path, const char **name)
{
    struct scenario *s = L->s;
    char **f = realloc(s->files, (size_t)(s->n_files + 1) * sizeof *f);
    if (!f)
        return loader_oom(L);
    s->files = f;
    if (!(f[s->n_files] = strdup(path)))
        return loader_oom(L);
    *name = f[s->n_files++];
    return DIAG_OK;
}

/* dir(base) joined with rel, unless rel is absolute. Caller frees. */
char *loader_relative_path(const char *base, const char *rel)
{
    const char *slash = strrchr(base, '/');
    size_t dl = (rel[0] == '/' || !slash) ? 0 : (size_t)(slash - base + 1);
    char *p = malloc(dl + strlen(rel) + 1);
    if (!p)
        return NULL;
    memcpy(p, base, dl);
    strcpy(p + dl, rel);
    return p;
}

/* ---------------------------------------------------- nodes in the world */

int loader_grow_names(struct loader *L, int need_n)
{
    struct scenario *s = L->s;
    if (need_n <= L->cap_names)
        return DIAG_OK;
    int cap = L->cap_names ? L->cap_names : NAMES_MIN_CAP;
    while (cap < need_n)
        cap = cap > INT_MAX / 2 ? INT_MAX : 2 * cap;
    char **ids = realloc(s->ids, (size_t)cap * sizeof *ids);
    if (ids)
        s->ids = ids;
    char **labels = realloc(s->labels, (size_t)cap * sizeof *labels);
    if (labels)
        s->labels = labels;
    const struct ytree **at = realloc(L->node_at, (size_t)cap * sizeof *at);
    if (at)
        L->node_at = at;
    if (!ids || !labels || !at)
        return loader_oom(L);
    for (int i = L->cap_names; i < cap; i++) {
        s->ids[i] = s->labels[i] = NULL;
        L->node_at[i] = NULL;
    }
    L->cap_names = cap;
    return DIAG_OK;
}

/* Add node `id` (not yet in the map) of kind k; at: its YAML mapping or NULL. */
int loader_add_node(struct loader *L, enum node_kind k, const char *id, const char *label,
                    const struct ytree *at, int *out)
{
    struct scenario *s = L->s;
    int rc = loader_grow_names(L, s->world.n_nodes + 1);
    if (rc != DIAG_OK)
        return rc;
    int i = world_add_node(&s->world, k);
    if (i < 0)
        return loader_oom(L);
    s->ids[i] = strdup(id);
    s->labels[i] = strdup(label ? label : id);
    L->node_at[i] = at;
    if (!s->ids[i] || !s->labels[i] || idmap_put(&L->ids, s->ids[i], i) < 0)
        return loader_oom(L);
    *out = i;
    return DIAG_OK;
}

int loader_grow_tie_at(struct loader *L, int need_n)
{
    if (need_n <= L->cap_ties)
        return DIAG_OK;
    int cap = L->cap_ties ? L->cap_ties : NAMES_MIN_CAP;
    while (cap < need_n)
        cap = cap > INT_MAX / 2 ? INT_MAX : 2 * cap;
    const struct ytree **t = realloc(L->tie_at, (size_t)cap * sizeof *t);
    if (!t)
        return loader_oom(L);
    for (int i = L->cap_ties; i < cap; i++)
        t[i] = NULL;
    L->tie_at = t;
    L->cap_ties = cap;
    return DIAG_OK;
}

/* Kind names in the plural, for "applies to ... only" messages. */
const char *loader_kind_plural(enum node_kind k)
{
    static const char *const names[KIND_COUNT] = {"agencies", "leaders", "factions", "institutions"};
    return names[k];
}

static const struct kind_rule kind_rules[] = {
    {"budget", KBIT(KIND_AGENCY) | KBIT(KIND_INSTITUTION), "agencies and institutions"},
    {"revenue", KBIT(KIND_FACTION), "factions"},
    {"authority", KBIT(KIND_LEADER), "leaders"},
    {"successor", KBIT(KIND_LEADER), "leaders"},
    {"patron", KBIT(KIND_FACTION), "factions"},
};

const struct kind_rule *loader_kind_rule(const char *key)
{
    for (size_t i = 0; i < COUNT(kind_rules); i++)
        if (strcmp(kind_rules[i].key, key) == 0)
            return &kind_rules[i];
    return NULL;
}

/* A funding tie comes from an agency or an institution, a command tie from an
 * agency or a leader: returns the rule text when from's kind breaks it. */
const char *loader_tie_source_rule(enum tie_type t, enum node_kind from)
{
    if (t == TIE_FUNDING && from != KIND_AGENCY && from != KIND_INSTITUTION)
        return "a funding tie must come from an agency or an institution";
    if (t == TIE_COMMAND && from != KIND_AGENCY && from != KIND_LEADER)
        return "a command tie must come from an agency or a leader";
    return NULL;
}

/* "a" or "an" before a kind name. */
const char *loader_article(enum node_kind k)
{
    return k == KIND_AGENCY || k == KIND_INSTITUTION ? "an" : "a";
}

/* " (did you mean 'X'?)" over the kind names (models/world.c's spelling). */
const char *loader_suggest_kind(char *buf, size_t n, const char *s)
{
    const char *names[KIND_COUNT];
    for (int k = 0; k < KIND_COUNT; k++)
        names[k] = world_kind_name((enum node_kind)k);
    return loader_suggest(buf, n, s, names, KIND_COUNT);
}

/* The same over the tie type names. */
const char *loader_suggest_tie(char *buf, size_t n, const char *s)
{
    const char *names[TIE_COUNT];
    for (int t = 0; t < TIE_COUNT; t++)
        names[t] = world_tie_name((enum tie_type)t);
    return loader_suggest(buf, n, s, names, TIE_COUNT);
}

int loader_kind(struct loader *L, const struct ytree *v, const char *key, enum node_kind *k)
{
    char sb[KEY_BUF];
    int rc = loader_want(L, v, key, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    if (world_kind_parse(v->text, k) != 0)
        return loader_fail(L, v, "unknown kind '%s'%s", v->text, loader_suggest_kind(sb, sizeof sb, v->text));
    return DIAG_OK;
}

int loader_tie_type(struct loader *L, const struct ytree *v, const char *key, enum tie_type *t)
{
    char sb[KEY_BUF];
    int rc = loader_want(L, v, key, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    if (world_tie_parse(v->text, t) != 0)
        return loader_fail(L, v, "unknown tie type '%s'%s", v->text,
                           loader_suggest_tie(sb, sizeof sb, v->text));
    return DIAG_OK;
}

/* The node named by scalar v; `where` names the place for messages. */
int loader_resolve_node(struct loader *L, const struct ytree *v, const char *key, const char *where, int *out)
{
    char sb[KEY_BUF];
    int rc = loader_want(L, v, key, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    *out = idmap_get(&L->ids, v->text);
    if (*out >= 0)
        return DIAG_OK;
    return loader_fail(
        L, v, "unknown node '%s' in %s%s", v->text, where,
        loader_suggest(sb, sizeof sb, v->text, (const char *const *)L->s->ids, (size_t)L->s->world.n_nodes));
}

/* Position text "L:C" of node a, with its file when it is not in file `in`. */
void loader_where(char *buf, size_t n, const struct ytree *a, const char *in)
{
    if (in && a->file && strcmp(a->file, in) == 0)
        snprintf(buf, n, "%d:%d", a->line, a->col);
    else
        snprintf(buf, n, "%s:%d:%d", a->file ? a->file : "?", a->line, a->col);
}

void loader_quiet_begin(struct loader_quiet *q)
{
    q->err = igraph_set_error_handler(igraph_error_handler_ignore);
    q->warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
}

void loader_quiet_end(const struct loader_quiet *q)
{
    igraph_set_error_handler(q->err);
    igraph_set_warning_handler(q->warn);
}
