/* sim/load/scenario.c - scenario files: extends chain, --set, validation, the step-0 world.
 *
 * scenario_load() works in four stages:
 *  1. read the file and its `extends` chain (sim/load/ytree.c), each parent first
 *     stripped of `name`, then overlaid by its child (nodes merge by id,
 *     edges by from/to/type, pressures append, other lists replace);
 *  2. apply the --set overrides to the merged tree;
 *  3. validate the tree section by section, building the scenario as it goes:
 *     YAML nodes, then generated nodes and ties, then imported nodes and ties,
 *     then the YAML edges, pressures and outputs;
 *  4. give the factions their spawn slots, default patrons, seal the world.
 * Every refusal is DIAG_INPUT located at the YAML node at fault (the import
 * key for a bad import file, whose message names that file and line);
 * DIAG_RUNTIME only for memory and read failures of readable files.
 * Invariants while loading: s->ids/s->labels have one entry per world node
 * (NULL until set) and the id map indexes every id given so far.
 * Ownership: the scenario owns every string and array in it; the loader's
 * trees and maps are freed before scenario_load() returns.
 * Includes: models/ (world, params, pressure), libcsv, igraph, sim/ytree, sim/rng.
 */
#include "sim/load/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>   /* libcsv, the edge-list reader (sim/output/csvout.h writes CSV) */
#include <igraph.h>

#include "sim/engine/rng.h"
#include "sim/load/ytree.h"

/* Default limits (docs/FORMAT.md, "Limits"): generous for real studies, small
 * enough that a mistaken or hostile file is refused before it exhausts a
 * workstation's memory. */
#define LIMIT_NODES 2000000L
#define LIMIT_EDGES 20000000L
#define LIMIT_STEPS 100000L
#define LIMIT_REPLICAS 100000000L
#define LIMIT_YAML_NODES 1000000L
#define LIMIT_DEPTH 64L
#define LIMIT_FILE_BYTES (256L * 1024 * 1024)
#define LIMIT_EXTENDS 16L
#define LIMIT_NODE_CELLS 20000000L

/* Scenario defaults (DESIGN.md, docs/FORMAT.md). */
#define DEFAULT_REPLICAS 100
#define DEFAULT_SEED 1
#define DEFAULT_WEIGHT 1.0     /* ties are at full weight unless given */
#define DEFAULT_STRENGTH 1.0   /* actors at full strength unless given */
#define DEFAULT_STANCE 0.5     /* undecided between calm (0) and escalate (1) */
#define DEFAULT_SEVERITY 0.1   /* strikes: strength lost per hit */
#define UNSET_SHARE (-1.0)     /* pressure.share/kill < 0: use the model parameter */

/* Longest scenario name: it becomes a directory and a CSV column value. */
#define NAME_MAX_LEN 64

/* Smallest id-map capacity (a power of two; the map doubles at half load). */
#define IDMAP_MIN_CAP 64

/* Buffer for a dotted model key (GROUP.NAME), a message fragment or a formatted id. */
#define KEY_BUF 256

/* Room for the decimal digits of an int and a separator ("g" + "123456", "kh" + "+3"). */
#define INT_TEXT 24

/* First capacity of the CSV field list; it doubles when full. */
#define FIELDS_MIN_CAP 8

/* The selector prefix of a kind in pressure targets ("kind:agency"). */
static const char KIND_PREFIX[] = "kind:";

/* A UTF-8 byte order mark, which spreadsheets put before a CSV header. */
static const char UTF8_BOM[] = "\xEF\xBB\xBF";

/* Bytes read from an import file per fread. */
#define READ_CHUNK 65536

/* The file name reported for errors in --set overrides. */
static const char SET_FILE[] = "--set";

static const char *const top_keys[] = {"name",  "description", "extends", "sources",   "time",
                                       "monte_carlo", "model", "network", "pressures", "outputs"};
static const char *const source_keys[] = {"title", "outlet", "date", "url", "note"};
static const char *const time_keys[] = {"steps", "unit", "start"};
static const char *const units[] = {"month", "week", "day", "year", "step"};
static const char *const mc_keys[] = {"replicas", "seed"};
static const char *const network_keys[] = {"nodes", "edges", "generate", "import"};
static const char *const node_keys[] = {"id",     "kind",      "label",     "strength",
                                        "stance", "budget",    "revenue",   "authority",
                                        "successor", "patron", "src",       "note"};
static const char *const edge_keys[] = {"from", "to", "type", "weight", "src", "note"};
static const char *const generate_keys[] = {"model", "n",      "mean_degree", "m",
                                            "sizes", "p_in",   "p_out",       "kind",
                                            "prefix", "type",  "weight",      "strength",
                                            "stance"};
static const char *const generators[] = {"erdos_renyi", "barabasi_albert", "sbm"};
enum generator { GEN_ER, GEN_BA, GEN_SBM };
static const char *const import_keys[] = {"file", "format", "kind", "type"};
static const char *const formats[] = {"graphml", "csv"};
static const char *const pressure_keys[] = {"type",     "at",   "from",     "to",    "targets",
                                            "select",   "by",   "fraction", "intensity",
                                            "rate",     "severity", "kill", "share", "src",
                                            "note"};
static const char *const type_names[PRESSURE_TYPE_COUNT] = {"sanctions", "strikes",
                                                            "decapitation", "removal", "visits"};
static const char *const selects[] = {"listed", "random", "targeted"};
static const char *const bys[] = {"degree", "betweenness", "strength", "pagerank", "key_player"};
static const enum pressure_by by_values[] = {BY_DEGREE, BY_BETWEENNESS, BY_STRENGTH, BY_PAGERANK,
                                             BY_KEY_PLAYER};
static const char *const output_keys[] = {"every", "snapshots", "node_steps", "metrics", "node_metrics",
                                          "weighted", "exact_limit", "samples", "network_kinds",
                                          "network_ties"};
static const char *const csv_columns[] = {"from", "to", "type", "weight"};
enum { CSV_FROM, CSV_TO, CSV_TYPE, CSV_WEIGHT, CSV_NCOLS };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------- id map */

/* Open-addressing hash map from borrowed strings to node indices. */
struct idmap {
    const char **key;
    int *val;
    size_t cap, n;
};

static void idmap_destroy(struct idmap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

static size_t idmap_slot(const struct idmap *m, const char *key)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)rng_fnv1a64(key) & mask;
    while (m->key[i] && strcmp(m->key[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

static int idmap_get(const struct idmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    size_t i = idmap_slot(m, key);
    return m->key[i] ? m->val[i] : -1;
}

/* 0 added, 1 already there (unchanged), -1 out of memory. */
static int idmap_put(struct idmap *m, const char *key, int val)
{
    if (2 * (m->n + 1) > m->cap) {
        struct idmap g = {0};
        g.cap = m->cap ? 2 * m->cap : IDMAP_MIN_CAP;
        g.key = calloc(g.cap, sizeof *g.key);
        g.val = malloc(g.cap * sizeof *g.val);
        if (!g.key || !g.val) {
            idmap_destroy(&g);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->key[i])
                continue;
            size_t j = idmap_slot(&g, m->key[i]);
            g.key[j] = m->key[i];
            g.val[j] = m->val[i];
            g.n++;
        }
        idmap_destroy(m);
        *m = g;
    }
    size_t i = idmap_slot(m, key);
    if (m->key[i])
        return 1;
    m->key[i] = key;
    m->val[i] = val;
    m->n++;
    return 0;
}

/* ------------------------------------------------------------- loader */

struct loader {
    struct scenario *s;
    const struct scenario_limits *lim;
    struct diag *d;
    struct ytree_limits ylim;
    long yaml_used;
    struct ytree *root;
    struct ytree root_at;           /* position of the main file's root (for "missing ...") */
    struct idmap ids;               /* node id -> index */
    struct idmap sources;           /* source key -> index */
    int cap_names;                  /* capacity of s->ids, s->labels, node_at */
    const struct ytree **node_at;   /* per node: its YAML mapping, NULL if generated/imported */
    int n_yaml;                     /* nodes written in YAML (the first n_yaml) */
    const struct ytree **tie_at;    /* per tie: its YAML mapping, NULL if generated/imported */
    int cap_ties;
};

static int fail(struct loader *L, const struct ytree *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct loader *L, const struct ytree *at, const char *fmt, ...)
{
    char msg[sizeof L->d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!at)
        return diag_set(L->d, DIAG_INPUT, L->s->path, 0, 0, "%s", msg);
    return diag_set(L->d, DIAG_INPUT, at->file, at->line, at->col, "%s", msg);
}

static int oom(struct loader *L)
{
    return diag_set(L->d, DIAG_RUNTIME, L->s->path, 0, 0, "out of memory loading the scenario");
}

/* " (did you mean 'X'?)" when a candidate is close to s, else "". */
static const char *suggest(char *buf, size_t n, const char *s, const char *const *cand, size_t nc)
{
    const char *best = diag_suggest(s, cand, nc);
    if (!best)
        return "";
    snprintf(buf, n, " (did you mean '%s'?)", best);
    return buf;
}

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return (int)i;
    return -1;
}

/* Every key of map must be one of allowed; `section` names the map in messages. */
static int check_keys(struct loader *L, const struct ytree *map, const char *const *allowed,
                      size_t n, const char *section)
{
    char sb[KEY_BUF];
    for (size_t i = 0; i < map->n; i++) {
        const struct ytree *k = map->keys[i];
        if (in_list(k->text, allowed, n) < 0)
            return fail(L, k, "unknown key '%s' in %s%s", k->text, section,
                        suggest(sb, sizeof sb, k->text, allowed, n));
    }
    return DIAG_OK;
}

/* The value of key in map, or NULL when absent or null (`key:`, `key: ~`). */
static const struct ytree *opt(const struct ytree *map, const char *key)
{
    const struct ytree *v = ytree_get(map, key);
    return ytree_is_null(v) ? NULL : v;
}

static const struct ytree *key_node(const struct ytree *map, const char *key)
{
    long i = ytree_find(map, key);
    return i < 0 ? NULL : map->keys[i];
}

static int need(struct loader *L, const struct ytree *map, const char *key, const char *section,
                const struct ytree **out)
{
    const struct ytree *k;
    *out = opt(map, key);
    if (*out)
        return DIAG_OK;
    k = key_node(map, key);
    if (!k && map == L->root)
        map = &L->root_at;   /* after extends the root node may come from a parent */
    return fail(L, k ? k : map, "missing required key '%s' in %s", key, section);
}

static int want(struct loader *L, const struct ytree *v, const char *key, enum ytree_kind kind)
{
    if (v->kind == kind)
        return DIAG_OK;
    return fail(L, v, "'%s' must be %s, not %s", key,
                kind == YTREE_SCALAR ? "a string" : ytree_kind_name(kind),
                ytree_kind_name(v->kind));
}

/* Number syntax: [+-]digits[.digits][e[+-]digits] (also .5 and 5.); no
 * hexadecimal, inf or nan, which strtod() would otherwise accept. */
static int parse_real(const char *t, double *out)
{
    size_t len = strlen(t);
    char *end;
    if (len == 0 || strspn(t, "0123456789+-.eE") != len || strpbrk(t, "0123456789") == NULL)
        return -1;
    errno = 0;
    double x = strtod(t, &end);
    if (end != t + len || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

/* Integer syntax: [+-]digits. 0 ok, -1 not an integer, -2 out of range. */
static int parse_long(const char *t, long *out)
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

static int number_node(struct loader *L, const struct ytree *v, const char *key, const char *what)
{
    if (v->kind != YTREE_SCALAR)
        return fail(L, v, "'%s' must be %s, not %s", key, what, ytree_kind_name(v->kind));
    if (!v->plain)
        return fail(L, v, "'%s' must be %s, not the quoted string \"%s\"", key, what, v->text);
    return DIAG_OK;
}

static void range_text(char *buf, size_t n, double lo, double hi, int lo_open)
{
    if (hi == HUGE_VAL)
        snprintf(buf, n, "%s %g", lo_open ? ">" : ">=", lo);
    else
        snprintf(buf, n, "in %c%g, %g]", lo_open ? '(' : '[', lo, hi);
}

static int get_real(struct loader *L, const struct ytree *v, const char *key, double lo, double hi,
                    int lo_open, double *out)
{
    char rb[KEY_BUF];
    double x = 0;
    int rc = number_node(L, v, key, "a number");
    if (rc != DIAG_OK)
        return rc;
    if (parse_real(v->text, &x) != 0)
        return fail(L, v, "'%s' must be a number, got '%s'", key, v->text);
    if (x < lo || x > hi || (lo_open && x <= lo)) {
        range_text(rb, sizeof rb, lo, hi, lo_open);
        return fail(L, v, "'%s' must be %s, got %s", key, rb, v->text);
    }
    *out = x;
    return DIAG_OK;
}

static int get_long(struct loader *L, const struct ytree *v, const char *key, long lo, long hi,
                    long *out)
{
    long x = 0;
    int rc = number_node(L, v, key, "an integer");
    if (rc != DIAG_OK)
        return rc;
    rc = parse_long(v->text, &x);
    if (rc == -1)
        return fail(L, v, "'%s' must be an integer, got '%s'", key, v->text);
    if (rc == -2 || x < lo || x > hi)
        return fail(L, v, "'%s' must be in [%ld, %ld], got %s", key, lo, hi, v->text);
    *out = x;
    return DIAG_OK;
}

static int get_int(struct loader *L, const struct ytree *v, const char *key, long lo, long hi,
                   int *out)
{
    long x = 0;
    int rc = get_long(L, v, key, lo < INT_MIN ? INT_MIN : lo, hi > INT_MAX ? INT_MAX : hi, &x);
    if (rc == DIAG_OK)
        *out = (int)x;
    return rc;
}

static int get_bool(struct loader *L, const struct ytree *v, const char *key, int *out)
{
    int rc = number_node(L, v, key, "true or false");
    if (rc != DIAG_OK)
        return rc;
    if (!strcmp(v->text, "true") || !strcmp(v->text, "True") || !strcmp(v->text, "TRUE"))
        *out = 1;
    else if (!strcmp(v->text, "false") || !strcmp(v->text, "False") || !strcmp(v->text, "FALSE"))
        *out = 0;
    else
        return fail(L, v, "'%s' must be true or false, got '%s'", key, v->text);
    return DIAG_OK;
}

/* Optional variants: leave *out alone when the key is absent or null. */
static int opt_real(struct loader *L, const struct ytree *map, const char *key, double lo,
                    double hi, int lo_open, double *out)
{
    const struct ytree *v = opt(map, key);
    return v ? get_real(L, v, key, lo, hi, lo_open, out) : DIAG_OK;
}

static int opt_string(struct loader *L, const struct ytree *map, const char *key, const char **out)
{
    const struct ytree *v = opt(map, key);
    if (!v)
        return DIAG_OK;
    int rc = want(L, v, key, YTREE_SCALAR);
    if (rc == DIAG_OK)
        *out = v->text;
    return rc;
}

/* Owned copy of s into *dst (freeing the old one). */
static int set_string(struct loader *L, char **dst, const char *s)
{
    char *c = strdup(s);
    if (!c)
        return oom(L);
    free(*dst);
    *dst = c;
    return DIAG_OK;
}

/* Ids: [A-Za-z0-9_.:-]+ ; '+' is kept for spawn slots ("PARENT+K"). */
#define ID_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"
static int valid_id(const char *id)
{
    size_t n = strlen(id);
    return n > 0 && strspn(id, ID_CHARS) == n;
}

static const char *id_rule(const char *id)
{
    if (strchr(id, '+'))
        return "'+' is reserved for spawn slot ids";
    if (!*id)
        return "it is empty";
    return "use letters, digits, '_', '.', ':' and '-'";
}

/* Add a file name to s->files; *name gets the stored copy. */
static int add_file(struct loader *L, const char *path, const char **name)
{
    struct scenario *s = L->s;
    char **f = realloc(s->files, (size_t)(s->n_files + 1) * sizeof *f);
    if (!f)
        return oom(L);
    s->files = f;
    if (!(f[s->n_files] = strdup(path)))
        return oom(L);
    *name = f[s->n_files++];
    return DIAG_OK;
}

/* dir(base) joined with rel, unless rel is absolute. Caller frees. */
static char *relative_path(const char *base, const char *rel)
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

static int grow_names(struct loader *L, int need_n)
{
    struct scenario *s = L->s;
    if (need_n <= L->cap_names)
        return DIAG_OK;
    int cap = L->cap_names ? L->cap_names : IDMAP_MIN_CAP;
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
        return oom(L);
    for (int i = L->cap_names; i < cap; i++) {
        s->ids[i] = s->labels[i] = NULL;
        L->node_at[i] = NULL;
    }
    L->cap_names = cap;
    return DIAG_OK;
}

/* Add node `id` (not yet in the map) of kind k; at: its YAML mapping or NULL. */
static int add_node(struct loader *L, enum node_kind k, const char *id, const char *label,
                    const struct ytree *at, int *out)
{
    struct scenario *s = L->s;
    int rc = grow_names(L, s->world.n_nodes + 1);
    if (rc != DIAG_OK)
        return rc;
    int i = world_add_node(&s->world, k);
    if (i < 0)
        return oom(L);
    s->ids[i] = strdup(id);
    s->labels[i] = strdup(label ? label : id);
    L->node_at[i] = at;
    if (!s->ids[i] || !s->labels[i] || idmap_put(&L->ids, s->ids[i], i) < 0)
        return oom(L);
    *out = i;
    return DIAG_OK;
}

static int grow_tie_at(struct loader *L, int need_n)
{
    if (need_n <= L->cap_ties)
        return DIAG_OK;
    int cap = L->cap_ties ? L->cap_ties : IDMAP_MIN_CAP;
    while (cap < need_n)
        cap = cap > INT_MAX / 2 ? INT_MAX : 2 * cap;
    const struct ytree **t = realloc(L->tie_at, (size_t)cap * sizeof *t);
    if (!t)
        return oom(L);
    for (int i = L->cap_ties; i < cap; i++)
        t[i] = NULL;
    L->tie_at = t;
    L->cap_ties = cap;
    return DIAG_OK;
}

/* Kind names in the plural, for "applies to ... only" messages. */
static const char *kind_plural(enum node_kind k)
{
    static const char *const names[KIND_COUNT] = {"agencies", "leaders", "factions",
                                                  "institutions"};
    return names[k];
}

/* Which node keys apply to which kinds (keys not listed apply to all). */
struct kind_rule {
    const char *key;
    unsigned kinds;           /* bit k set: applies to kind k */
    const char *who;          /* for the message */
};
#define KBIT(k) (1u << (k))
static const struct kind_rule kind_rules[] = {
    {"budget", KBIT(KIND_AGENCY) | KBIT(KIND_INSTITUTION), "agencies and institutions"},
    {"revenue", KBIT(KIND_FACTION), "factions"},
    {"authority", KBIT(KIND_LEADER), "leaders"},
    {"successor", KBIT(KIND_LEADER), "leaders"},
    {"patron", KBIT(KIND_FACTION), "factions"},
};

static const struct kind_rule *kind_rule_for(const char *key)
{
    for (size_t i = 0; i < COUNT(kind_rules); i++)
        if (strcmp(kind_rules[i].key, key) == 0)
            return &kind_rules[i];
    return NULL;
}

/* A funding tie comes from an agency or an institution, a command tie from an
 * agency or a leader: returns the rule text when from's kind breaks it. */
static const char *tie_source_rule(enum tie_type t, enum node_kind from)
{
    if (t == TIE_FUNDING && from != KIND_AGENCY && from != KIND_INSTITUTION)
        return "a funding tie must come from an agency or an institution";
    if (t == TIE_COMMAND && from != KIND_AGENCY && from != KIND_LEADER)
        return "a command tie must come from an agency or a leader";
    return NULL;
}

/* "a" or "an" before a kind name. */
static const char *article(enum node_kind k)
{
    return k == KIND_AGENCY || k == KIND_INSTITUTION ? "an" : "a";
}

/* " (did you mean 'X'?)" over the kind names (models/world.c's spelling). */
static const char *suggest_kind(char *buf, size_t n, const char *s)
{
    const char *names[KIND_COUNT];
    for (int k = 0; k < KIND_COUNT; k++)
        names[k] = world_kind_name((enum node_kind)k);
    return suggest(buf, n, s, names, KIND_COUNT);
}

/* The same over the tie type names. */
static const char *suggest_tie(char *buf, size_t n, const char *s)
{
    const char *names[TIE_COUNT];
    for (int t = 0; t < TIE_COUNT; t++)
        names[t] = world_tie_name((enum tie_type)t);
    return suggest(buf, n, s, names, TIE_COUNT);
}

static int get_kind(struct loader *L, const struct ytree *v, const char *key, enum node_kind *k)
{
    char sb[KEY_BUF];
    int rc = want(L, v, key, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    if (world_kind_parse(v->text, k) != 0)
        return fail(L, v, "unknown kind '%s'%s", v->text,
                    suggest_kind(sb, sizeof sb, v->text));
    return DIAG_OK;
}

static int get_tie_type(struct loader *L, const struct ytree *v, const char *key,
                        enum tie_type *t)
{
    char sb[KEY_BUF];
    int rc = want(L, v, key, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    if (world_tie_parse(v->text, t) != 0)
        return fail(L, v, "unknown tie type '%s'%s", v->text,
                    suggest_tie(sb, sizeof sb, v->text));
    return DIAG_OK;
}

/* The node named by scalar v; `where` names the place for messages. */
static int resolve_node(struct loader *L, const struct ytree *v, const char *key,
                        const char *where, int *out)
{
    char sb[KEY_BUF];
    int rc = want(L, v, key, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    *out = idmap_get(&L->ids, v->text);
    if (*out >= 0)
        return DIAG_OK;
    return fail(L, v, "unknown node '%s' in %s%s", v->text, where,
                suggest(sb, sizeof sb, v->text, (const char *const *)L->s->ids,
                        (size_t)L->s->world.n_nodes));
}

/* Position text "L:C" of node a, with its file when it is not in file `in`. */
static void where_text(char *buf, size_t n, const struct ytree *a, const char *in)
{
    if (in && a->file && strcmp(a->file, in) == 0)
        snprintf(buf, n, "%d:%d", a->line, a->col);
    else
        snprintf(buf, n, "%s:%d:%d", a->file ? a->file : "?", a->line, a->col);
}

/* ------------------------------------------------------------ sections */

static int check_name(struct loader *L)
{
    const struct ytree *v;
    int rc = need(L, L->root, "name", "the scenario", &v);
    if (rc != DIAG_OK)
        return rc;
    if ((rc = want(L, v, "name", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    size_t n = strlen(v->text);
    if (n == 0 || n > NAME_MAX_LEN ||
        strspn(v->text, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
        return fail(L, v, "bad name '%s': use 1 to %d of a-z, 0-9, '_' and '-'", v->text,
                    NAME_MAX_LEN);
    return set_string(L, &L->s->name, v->text);
}

static int check_sources(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *m = opt(L->root, "sources");
    int rc;
    if (!m)
        return DIAG_OK;
    if ((rc = want(L, m, "sources", YTREE_MAP)) != DIAG_OK)
        return rc;
    if (!(s->sources = calloc(m->n ? m->n : 1, sizeof *s->sources)))
        return oom(L);
    for (size_t i = 0; i < m->n; i++) {
        const struct ytree *k = m->keys[i], *v = m->items[i];
        struct scenario_source *src = &s->sources[s->n_sources];
        size_t n = strlen(k->text);
        char section[KEY_BUF];
        if (n == 0 || strspn(k->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789_.-") != n)
            return fail(L, k, "bad source key '%s': use letters, digits, '_', '.' and '-'",
                        k->text);
        const char *f[COUNT(source_keys)] = {"", "", "", "", ""};
        if (!ytree_is_null(v)) {
            if ((rc = want(L, v, k->text, YTREE_MAP)) != DIAG_OK)
                return rc;
            snprintf(section, sizeof section, "source '%s'", k->text);
            if ((rc = check_keys(L, v, source_keys, COUNT(source_keys), section)) != DIAG_OK)
                return rc;
            for (size_t j = 0; j < COUNT(source_keys); j++)
                if ((rc = opt_string(L, v, source_keys[j], &f[j])) != DIAG_OK)
                    return rc;
        }
        s->n_sources++;
        if (!(src->key = strdup(k->text)) || !(src->title = strdup(f[0])) ||
            !(src->outlet = strdup(f[1])) || !(src->date = strdup(f[2])) ||
            !(src->url = strdup(f[3])))
            return oom(L);
        if (idmap_put(&L->sources, src->key, (int)i) < 0)
            return oom(L);
    }
    return DIAG_OK;
}

/* Every entry of map's `src` list must be a key of `sources`. */
static int check_src(struct loader *L, const struct ytree *map)
{
    const struct ytree *v = opt(map, "src");
    char sb[KEY_BUF];
    int rc;
    if (!v)
        return DIAG_OK;
    if (v->kind != YTREE_SEQ)
        return fail(L, v, "'src' must be a list of source keys, not %s", ytree_kind_name(v->kind));
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        if ((rc = want(L, it, "src", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (idmap_get(&L->sources, it->text) >= 0)
            continue;
        if (L->s->n_sources == 0)
            return fail(L, it, "unknown source '%s' in src (the scenario has no sources)",
                        it->text);
        const char **keys = malloc((size_t)L->s->n_sources * sizeof *keys);
        if (!keys)
            return oom(L);
        for (int j = 0; j < L->s->n_sources; j++)
            keys[j] = L->s->sources[j].key;
        rc = fail(L, it, "unknown source '%s' in src%s", it->text,
                  suggest(sb, sizeof sb, it->text, keys, (size_t)L->s->n_sources));
        free(keys);
        return rc;
    }
    return DIAG_OK;
}

static int check_time(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *t, *v;
    char sb[KEY_BUF];
    int rc = need(L, L->root, "time", "the scenario", &t);
    if (rc != DIAG_OK)
        return rc;
    if ((rc = want(L, t, "time", YTREE_MAP)) != DIAG_OK ||
        (rc = check_keys(L, t, time_keys, COUNT(time_keys), "time")) != DIAG_OK ||
        (rc = need(L, t, "steps", "time", &v)) != DIAG_OK ||
        (rc = get_int(L, v, "steps", 1, L->lim->max_steps, &s->steps)) != DIAG_OK)
        return rc;
    const char *unit = "step", *start = "";
    if ((v = opt(t, "unit")) != NULL) {
        if ((rc = want(L, v, "unit", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (in_list(v->text, units, COUNT(units)) < 0)
            return fail(L, v, "unknown time unit '%s'%s", v->text,
                        suggest(sb, sizeof sb, v->text, units, COUNT(units)));
        unit = v->text;
    }
    if ((rc = opt_string(L, t, "start", &start)) != DIAG_OK)
        return rc;
    if ((rc = set_string(L, &s->unit, unit)) != DIAG_OK)
        return rc;
    return set_string(L, &s->start, start);
}

static int check_monte_carlo(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *m = opt(L->root, "monte_carlo"), *v;
    int rc;
    s->replicas = DEFAULT_REPLICAS;
    s->seed = DEFAULT_SEED;
    if (!m)
        return DIAG_OK;
    if ((rc = want(L, m, "monte_carlo", YTREE_MAP)) != DIAG_OK ||
        (rc = check_keys(L, m, mc_keys, COUNT(mc_keys), "monte_carlo")) != DIAG_OK)
        return rc;
    if ((v = opt(m, "replicas")) != NULL &&
        (rc = get_long(L, v, "replicas", 1, L->lim->max_replicas, &s->replicas)) != DIAG_OK)
        return rc;
    if ((v = opt(m, "seed")) != NULL) {
        if ((rc = number_node(L, v, "seed", "an integer")) != DIAG_OK)
            return rc;
        size_t n = strlen(v->text);
        const char *p = v->text + (v->text[0] == '+');
        if (n == 0 || strspn(p, "0123456789") != strlen(p) || !*p)
            return fail(L, v, "'seed' must be an integer in [0, %llu], got '%s'",
                        (unsigned long long)UINT64_MAX, v->text);
        errno = 0;
        unsigned long long x = strtoull(p, NULL, 10);
        if (errno == ERANGE || x > UINT64_MAX)
            return fail(L, v, "'seed' must be in [0, %llu], got %s",
                        (unsigned long long)UINT64_MAX, v->text);
        s->seed = (uint64_t)x;
    }
    return DIAG_OK;
}

static int check_model(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *m = opt(L->root, "model");
    size_t n_tab;
    const struct param_info *tab = params_table(&n_tab);
    const char **keys = NULL;    /* every table key, for suggestions */
    char **groups = NULL;        /* "dynamics" and the GROUP prefixes */
    size_t n_groups = 0;
    char sb[KEY_BUF], full[KEY_BUF];
    int rc = DIAG_OK;
    params_default(&s->params);
    if (!m)
        return DIAG_OK;
    if ((rc = want(L, m, "model", YTREE_MAP)) != DIAG_OK)
        return rc;
    keys = malloc(n_tab * sizeof *keys);
    groups = calloc(n_tab, sizeof *groups);
    if (!keys || !groups) {
        rc = oom(L);
        goto cleanup;
    }
    for (size_t i = 0; i < n_tab; i++) {
        const char *dot = strchr(tab[i].key, '.');
        size_t len = dot ? (size_t)(dot - tab[i].key) : strlen(tab[i].key);
        keys[i] = tab[i].key;
        size_t g = 0;
        while (g < n_groups && !(strlen(groups[g]) == len && !strncmp(groups[g], tab[i].key, len)))
            g++;
        if (g == n_groups) {
            if (!(groups[n_groups] = strndup(tab[i].key, len))) {
                rc = oom(L);
                goto cleanup;
            }
            n_groups++;
        }
    }
    for (size_t i = 0; i < m->n && rc == DIAG_OK; i++) {
        const struct ytree *k = m->keys[i], *v = m->items[i];
        const struct param_info *info = params_find(k->text);
        if (info && !strchr(k->text, '.')) {
            /* a parameter directly under model: (dynamics) */
            int b = 0;
            if (ytree_is_null(v))
                continue;
            if (info->type == PARAM_BOOL) {
                if ((rc = get_bool(L, v, k->text, &b)) == DIAG_OK)
                    params_set(&s->params, info, b);
            } else {
                double x = 0;
                if ((rc = get_real(L, v, k->text, info->min, info->max, 0, &x)) == DIAG_OK)
                    params_set(&s->params, info, x);
            }
            continue;
        }
        if (in_list(k->text, (const char *const *)groups, n_groups) < 0) {
            rc = fail(L, k, "unknown key '%s' in model%s", k->text,
                      suggest(sb, sizeof sb, k->text, (const char *const *)groups, n_groups));
            break;
        }
        if (ytree_is_null(v))
            continue;
        if ((rc = want(L, v, k->text, YTREE_MAP)) != DIAG_OK)
            break;
        for (size_t j = 0; j < v->n && rc == DIAG_OK; j++) {
            const struct ytree *pk = v->keys[j], *pv = v->items[j];
            snprintf(full, sizeof full, "%s.%s", k->text, pk->text);
            info = params_find(full);
            if (!info) {
                rc = fail(L, pk, "unknown model parameter '%s'%s", full,
                          suggest(sb, sizeof sb, full, keys, n_tab));
                break;
            }
            if (ytree_is_null(pv))
                continue;
            if (info->type == PARAM_BOOL) {
                int b = 0;
                if ((rc = get_bool(L, pv, full, &b)) == DIAG_OK)
                    params_set(&s->params, info, b);
            } else if (info->type == PARAM_INT) {
                long x = 0;
                if ((rc = get_long(L, pv, full, (long)info->min, (long)info->max, &x)) == DIAG_OK)
                    params_set(&s->params, info, (double)x);
            } else {
                double x = 0;
                if ((rc = get_real(L, pv, full, info->min, info->max, 0, &x)) == DIAG_OK)
                    params_set(&s->params, info, x);
            }
        }
    }
cleanup:
    if (groups)
        for (size_t g = 0; g < n_groups; g++)
            free(groups[g]);
    free(groups);
    free(keys);
    return rc;
}

/* ---------------------------------------------------------------- nodes */

/* Pass 1 over network.nodes: keys, id, kind, state. References (successor,
 * patron, src) wait for pass 2, when generated and imported nodes exist. */
static int check_nodes(struct loader *L, const struct ytree *list)
{
    struct scenario *s = L->s;
    int rc;
    if ((rc = want(L, list, "nodes", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (list->n > (size_t)L->lim->max_nodes)
        return fail(L, list, "%zu nodes, above the limit of %ld (--limit nodes)", list->n,
                    L->lim->max_nodes);
    for (size_t i = 0; i < list->n; i++) {
        const struct ytree *m = list->items[i], *idv, *kv, *v;
        char section[KEY_BUF + INT_TEXT], wb[KEY_BUF];
        enum node_kind kind;
        const char *label = NULL;
        int idx;
        if (m->kind != YTREE_MAP)
            return fail(L, m, "a node must be a mapping (id, kind, ...), not %s",
                        ytree_kind_name(m->kind));
        idv = opt(m, "id");
        if (idv && idv->kind == YTREE_SCALAR)
            snprintf(section, sizeof section, "node '%s'", idv->text);
        else
            snprintf(section, sizeof section, "node");
        if ((rc = check_keys(L, m, node_keys, COUNT(node_keys), section)) != DIAG_OK)
            return rc;
        if ((rc = need(L, m, "id", "node", &idv)) != DIAG_OK ||
            (rc = want(L, idv, "id", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!valid_id(idv->text))
            return fail(L, idv, "bad node id '%s': %s", idv->text, id_rule(idv->text));
        if ((idx = idmap_get(&L->ids, idv->text)) >= 0) {
            where_text(wb, sizeof wb, ytree_get(L->node_at[idx], "id"), idv->file);
            return fail(L, idv, "duplicate node id '%s' (first defined at %s)", idv->text, wb);
        }
        if ((rc = need(L, m, "kind", section, &kv)) != DIAG_OK ||
            (rc = get_kind(L, kv, "kind", &kind)) != DIAG_OK)
            return rc;
        for (size_t j = 0; j < m->n; j++) {
            const struct kind_rule *r = kind_rule_for(m->keys[j]->text);
            if (r && !(r->kinds & KBIT(kind)) && !ytree_is_null(m->items[j]))
                return fail(L, m->keys[j], "key '%s' applies to %s only ('%s' is %s %s)", r->key,
                            r->who, idv->text, article(kind), world_kind_name(kind));
        }
        if ((rc = opt_string(L, m, "label", &label)) != DIAG_OK)
            return rc;
        if ((rc = add_node(L, kind, idv->text, label, m, &idx)) != DIAG_OK)
            return rc;
        struct actor *a = &s->world.nodes[idx];
        a->strength = DEFAULT_STRENGTH;
        a->stance = DEFAULT_STANCE;
        if ((rc = opt_real(L, m, "strength", 0, 1, 0, &a->strength)) != DIAG_OK ||
            (rc = opt_real(L, m, "stance", 0, 1, 0, &a->stance)) != DIAG_OK ||
            (rc = opt_real(L, m, "budget", 0, HUGE_VAL, 0, &a->budget)) != DIAG_OK ||
            (rc = opt_real(L, m, "revenue", 0, HUGE_VAL, 0, &a->revenue)) != DIAG_OK ||
            (rc = opt_real(L, m, "authority", 0, 1, 0, &a->authority)) != DIAG_OK)
            return rc;
        if ((v = opt(m, "note")) != NULL && (rc = want(L, v, "note", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        L->n_yaml++;
    }
    return DIAG_OK;
}

/* Pass 2: successor, patron and src of the YAML nodes. */
static int check_node_refs(struct loader *L)
{
    struct scenario *s = L->s;
    int rc;
    for (int i = 0; i < L->n_yaml; i++) {
        const struct ytree *m = L->node_at[i], *v;
        struct actor *a = &s->world.nodes[i];
        int j;
        if ((v = opt(m, "successor")) != NULL) {
            if ((rc = resolve_node(L, v, "successor", "successor", &j)) != DIAG_OK)
                return rc;
            if (j == i)
                return fail(L, v, "'%s' cannot be his own successor", s->ids[i]);
            if (s->world.nodes[j].kind != KIND_LEADER)
                return fail(L, v, "successor '%s' of '%s' is %s %s, not a leader", s->ids[j],
                            s->ids[i], article(s->world.nodes[j].kind),
                            world_kind_name(s->world.nodes[j].kind));
            a->successor = j;
        }
        if ((v = opt(m, "patron")) != NULL) {
            if ((rc = resolve_node(L, v, "patron", "patron", &j)) != DIAG_OK)
                return rc;
            if (s->world.nodes[j].kind != KIND_AGENCY)
                return fail(L, v, "patron '%s' of '%s' is %s %s, not an agency", s->ids[j],
                            s->ids[i], article(s->world.nodes[j].kind),
                            world_kind_name(s->world.nodes[j].kind));
            a->patron = j;
        }
        if ((rc = check_src(L, m)) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

/* ---------------------------------------------------------------- edges */

static int check_edges(struct loader *L, const struct ytree *list)
{
    struct scenario *s = L->s;
    int rc;
    if ((rc = want(L, list, "edges", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if ((long)list->n > L->lim->max_edges - s->world.n_edges)
        return fail(L, list, "%zu edges besides %d generated or imported, above the limit of %ld "
                    "(--limit edges)", list->n, s->world.n_edges, L->lim->max_edges);
    for (size_t i = 0; i < list->n; i++) {
        const struct ytree *m = list->items[i], *fv, *tv, *yv, *v;
        enum tie_type type;
        double weight = DEFAULT_WEIGHT;
        int a, b, e;
        char wb[KEY_BUF];
        if (m->kind != YTREE_MAP)
            return fail(L, m, "an edge must be a mapping (from, to, type, ...), not %s",
                        ytree_kind_name(m->kind));
        if ((rc = check_keys(L, m, edge_keys, COUNT(edge_keys), "edge")) != DIAG_OK ||
            (rc = need(L, m, "from", "edge", &fv)) != DIAG_OK ||
            (rc = need(L, m, "to", "edge", &tv)) != DIAG_OK ||
            (rc = need(L, m, "type", "edge", &yv)) != DIAG_OK ||
            (rc = resolve_node(L, fv, "from", "edge", &a)) != DIAG_OK ||
            (rc = resolve_node(L, tv, "to", "edge", &b)) != DIAG_OK)
            return rc;
        if (a == b)
            return fail(L, tv, "self-loop: edge from '%s' to itself", s->ids[a]);
        if ((rc = get_tie_type(L, yv, "type", &type)) != DIAG_OK ||
            (rc = opt_real(L, m, "weight", 0, 1, 1, &weight)) != DIAG_OK)
            return rc;
        const char *rule = tie_source_rule(type, s->world.nodes[a].kind);
        if (rule)
            return fail(L, fv, "%s; '%s' is %s %s", rule, s->ids[a],
                        article(s->world.nodes[a].kind), world_kind_name(s->world.nodes[a].kind));
        if ((e = world_find_tie(&s->world, a, b, type)) >= 0) {
            if (e < L->cap_ties && L->tie_at[e]) {
                where_text(wb, sizeof wb, L->tie_at[e], m->file);
                return fail(L, m, "duplicate %s edge between '%s' and '%s' (first at %s)",
                            world_tie_name(type), s->ids[a], s->ids[b], wb);
            }
            return fail(L, m, "duplicate %s edge between '%s' and '%s' (already generated or "
                        "imported)", world_tie_name(type), s->ids[a], s->ids[b]);
        }
        if ((v = opt(m, "note")) != NULL && (rc = want(L, v, "note", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((rc = check_src(L, m)) != DIAG_OK)
            return rc;
        if ((rc = grow_tie_at(L, s->world.n_edges + 1)) != DIAG_OK)
            return rc;
        if ((e = world_add_tie(&s->world, a, b, type, weight)) < 0)
            return oom(L);
        L->tie_at[e] = m;
    }
    return DIAG_OK;
}

/* ------------------------------------------------------------- generate */

/* igraph calls in the loader report errors as codes (not abort) and keep
 * quiet (library code does not print); the caller's handlers are restored. */
struct igraph_quiet {
    igraph_error_handler_t *err;
    igraph_warning_handler_t *warn;
};

static void igraph_quiet_begin(struct igraph_quiet *q)
{
    q->err = igraph_set_error_handler(igraph_error_handler_ignore);
    q->warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
}

static void igraph_quiet_end(const struct igraph_quiet *q)
{
    igraph_set_error_handler(q->err);
    igraph_set_warning_handler(q->warn);
}

struct gen_spec {
    enum generator model;
    long n;
    double mean_degree;
    long m;
    long *sizes;
    size_t n_sizes;
    double p_in, p_out;
};

/* Draw the graph from the scenario's network stream. */
static int generate_graph(struct loader *L, const struct gen_spec *g, igraph_t *graph)
{
    struct scenario *s = L->s;
    igraph_rng_t rng, prev;
    struct igraph_quiet q;
    igraph_error_t err = IGRAPH_SUCCESS;
    igraph_matrix_t pref;
    igraph_vector_int_t sizes;
    if (igraph_rng_init(&rng, &igraph_rngtype_pcg32) != IGRAPH_SUCCESS)
        return oom(L);
    igraph_rng_seed(&rng, (igraph_uint_t)rng_stream_seed(s->seed, s->name, RNG_NETWORK_STREAM));
    igraph_quiet_begin(&q);
    /* set_default copies the handle: keep a copy of the old one to put back */
    prev = *igraph_rng_default();
    igraph_rng_set_default(&rng);
    switch (g->model) {
    case GEN_ER: {
        igraph_integer_t m = (igraph_integer_t)llround((double)g->n * g->mean_degree / 2.0);
        err = igraph_erdos_renyi_game_gnm(graph, g->n, m, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
        break;
    }
    case GEN_BA:
        err = igraph_barabasi_game(graph, g->n, 1.0, g->m, NULL, 0, 1.0, IGRAPH_UNDIRECTED,
                                   IGRAPH_BARABASI_PSUMTREE, NULL);
        break;
    case GEN_SBM: {
        igraph_integer_t k = (igraph_integer_t)g->n_sizes;
        if ((err = igraph_matrix_init(&pref, k, k)) != IGRAPH_SUCCESS)
            break;
        if ((err = igraph_vector_int_init(&sizes, k)) != IGRAPH_SUCCESS) {
            igraph_matrix_destroy(&pref);
            break;
        }
        for (igraph_integer_t i = 0; i < k; i++) {
            VECTOR(sizes)[i] = g->sizes[i];
            for (igraph_integer_t j = 0; j < k; j++)
                MATRIX(pref, i, j) = i == j ? g->p_in : g->p_out;
        }
        err = igraph_sbm_game(graph, g->n, &pref, &sizes, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
        igraph_vector_int_destroy(&sizes);
        igraph_matrix_destroy(&pref);
        break;
    }
    }
    igraph_rng_set_default(&prev);
    igraph_quiet_end(&q);
    igraph_rng_destroy(&rng);
    if (err == IGRAPH_ENOMEM)
        return oom(L);
    if (err != IGRAPH_SUCCESS)
        return diag_set(L->d, DIAG_RUNTIME, L->s->path, 0, 0,
                        "generating the network failed: %s", igraph_strerror(err));
    return DIAG_OK;
}

/* Expected edge count of the generator (exact for G(n,m) and BA). */
static double expected_edges(const struct gen_spec *g)
{
    double n = (double)g->n;
    switch (g->model) {
    case GEN_ER:
        return (double)llround(n * g->mean_degree / 2.0);
    case GEN_BA: {
        /* vertex i (i >= 1) cites min(i, m) distinct earlier vertices */
        double m = (double)g->m;
        if (m >= n - 1)
            return n * (n - 1) / 2.0;
        return m * (m + 1) / 2.0 + (n - 1 - m) * m;
    }
    case GEN_SBM: {
        double e = 0, total = 0;
        for (size_t i = 0; i < g->n_sizes; i++) {
            double k = (double)g->sizes[i];
            e += g->p_in * k * (k - 1) / 2.0;
            total += k;
        }
        double cross = 0;
        for (size_t i = 0; i < g->n_sizes; i++)
            cross += (double)g->sizes[i] * (total - (double)g->sizes[i]);
        return e + g->p_out * cross / 2.0;
    }
    }
    return 0;
}

static int check_generate(struct loader *L, const struct ytree *gkey, const struct ytree *gm)
{
    struct scenario *s = L->s;
    struct gen_spec g;
    const struct ytree *v;
    enum node_kind kind = KIND_FACTION;
    enum tie_type type = TIE_COORDINATION;
    double weight = DEFAULT_WEIGHT, strength = DEFAULT_STRENGTH, stance = DEFAULT_STANCE;
    const char *prefix = "g";
    char sb[KEY_BUF], id[KEY_BUF + INT_TEXT];
    long room = L->lim->max_nodes - s->world.n_nodes;
    igraph_t graph;
    int rc;
    memset(&g, 0, sizeof g);
    if ((rc = want(L, gm, "generate", YTREE_MAP)) != DIAG_OK ||
        (rc = check_keys(L, gm, generate_keys, COUNT(generate_keys), "generate")) != DIAG_OK ||
        (rc = need(L, gm, "model", "generate", &v)) != DIAG_OK ||
        (rc = want(L, v, "model", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int model = in_list(v->text, generators, COUNT(generators));
    if (model < 0)
        return fail(L, v, "unknown generator '%s'%s (use erdos_renyi, barabasi_albert or sbm)",
                    v->text, suggest(sb, sizeof sb, v->text, generators, COUNT(generators)));
    g.model = (enum generator)model;
    /* Keys that belong to other generators. */
    static const struct {
        const char *key;
        unsigned models;
    } owners[] = {{"n", 1u << GEN_ER | 1u << GEN_BA}, {"mean_degree", 1u << GEN_ER},
                  {"m", 1u << GEN_BA},                {"sizes", 1u << GEN_SBM},
                  {"p_in", 1u << GEN_SBM},            {"p_out", 1u << GEN_SBM}};
    for (size_t i = 0; i < COUNT(owners); i++) {
        const struct ytree *k = key_node(gm, owners[i].key);
        if (k && !(owners[i].models & (1u << g.model)))
            return fail(L, k, "key '%s' does not apply to %s%s", owners[i].key,
                        generators[g.model],
                        g.model == GEN_SBM && !strcmp(owners[i].key, "n")
                            ? " (its size is the sum of sizes)" : "");
    }
    if (g.model == GEN_SBM) {
        if ((rc = need(L, gm, "sizes", "generate", &v)) != DIAG_OK ||
            (rc = want(L, v, "sizes", YTREE_SEQ)) != DIAG_OK)
            return rc;
        if (v->n == 0)
            return fail(L, v, "'sizes' is empty");
        if (!(g.sizes = calloc(v->n, sizeof *g.sizes)))
            return oom(L);
        g.n_sizes = v->n;
        for (size_t i = 0; i < v->n && rc == DIAG_OK; i++) {
            rc = get_long(L, v->items[i], "sizes", 1, LONG_MAX, &g.sizes[i]);
            if (rc == DIAG_OK && g.sizes[i] > room - g.n)
                rc = fail(L, v->items[i], "generate would add more than %ld nodes to the %d "
                          "given, above the limit of %ld (--limit nodes)", room, s->world.n_nodes,
                          L->lim->max_nodes);
            if (rc == DIAG_OK)
                g.n += g.sizes[i];
        }
        if (rc != DIAG_OK ||
            (rc = need(L, gm, "p_in", "generate", &v)) != DIAG_OK ||
            (rc = get_real(L, v, "p_in", 0, 1, 0, &g.p_in)) != DIAG_OK ||
            (rc = need(L, gm, "p_out", "generate", &v)) != DIAG_OK ||
            (rc = get_real(L, v, "p_out", 0, 1, 0, &g.p_out)) != DIAG_OK)
            goto done;
    } else {
        if ((rc = need(L, gm, "n", "generate", &v)) != DIAG_OK ||
            (rc = get_long(L, v, "n", 1, LONG_MAX, &g.n)) != DIAG_OK)
            goto done;
        if (g.n > room) {
            rc = fail(L, v, "generate would add %ld nodes to the %d given, above the limit of "
                      "%ld (--limit nodes)", g.n, s->world.n_nodes, L->lim->max_nodes);
            goto done;
        }
        if (g.model == GEN_ER) {
            if ((rc = need(L, gm, "mean_degree", "generate", &v)) != DIAG_OK ||
                (rc = get_real(L, v, "mean_degree", 0, (double)(g.n - 1), 0, &g.mean_degree)) !=
                    DIAG_OK)
                goto done;
        } else {
            if ((rc = need(L, gm, "m", "generate", &v)) != DIAG_OK ||
                (rc = get_long(L, v, "m", 1, g.n > 1 ? g.n - 1 : 1, &g.m)) != DIAG_OK)
                goto done;
        }
    }
    if ((v = opt(gm, "kind")) != NULL && (rc = get_kind(L, v, "kind", &kind)) != DIAG_OK)
        goto done;
    if ((v = opt(gm, "type")) != NULL && (rc = get_tie_type(L, v, "type", &type)) != DIAG_OK)
        goto done;
    if ((rc = opt_real(L, gm, "weight", 0, 1, 1, &weight)) != DIAG_OK ||
        (rc = opt_real(L, gm, "strength", 0, 1, 0, &strength)) != DIAG_OK ||
        (rc = opt_real(L, gm, "stance", 0, 1, 0, &stance)) != DIAG_OK)
        goto done;
    if ((v = ytree_get(gm, "prefix")) != NULL) {
        if ((rc = want(L, v, "prefix", YTREE_SCALAR)) != DIAG_OK)
            goto done;
        prefix = v->text;
        if (strlen(prefix) > KEY_BUF ||
            (*prefix && strspn(prefix, ID_CHARS) != strlen(prefix))) {
            rc = fail(L, v, "bad prefix '%s': %s", prefix, id_rule(prefix));
            goto done;
        }
    }
    double edges = expected_edges(&g);
    if (edges > (double)(L->lim->max_edges - s->world.n_edges)) {
        rc = fail(L, gm, "generate would make about %.0f edges, above the limit of %ld "
                  "(--limit edges)", edges, L->lim->max_edges);
        goto done;
    }
    const char *tie_rule = tie_source_rule(type, kind);
    if (tie_rule) {
        rc = fail(L, opt(gm, "type") ? opt(gm, "type") : gm, "%s; generated nodes are %s",
                  tie_rule, kind_plural(kind));
        goto done;
    }
    /* Ids first, so that a clash is reported before anything is drawn. */
    for (long i = 0; i < g.n; i++) {
        snprintf(id, sizeof id, "%s%ld", prefix, i);
        int j = idmap_get(&L->ids, id);
        if (j >= 0) {
            char wb[KEY_BUF];
            where_text(wb, sizeof wb, ytree_get(L->node_at[j], "id"), gm->file);
            rc = fail(L, gkey, "generated id '%s' is already the id of the node at %s (choose "
                      "another prefix)", id, wb);
            goto done;
        }
    }
    if ((rc = generate_graph(L, &g, &graph)) != DIAG_OK)
        goto done;
    int base = s->world.n_nodes;
    for (long i = 0; i < g.n && rc == DIAG_OK; i++) {
        int idx;
        snprintf(id, sizeof id, "%s%ld", prefix, i);
        if ((rc = add_node(L, kind, id, NULL, NULL, &idx)) == DIAG_OK) {
            s->world.nodes[idx].strength = strength;
            s->world.nodes[idx].stance = stance;
        }
    }
    for (igraph_integer_t e = 0; e < igraph_ecount(&graph) && rc == DIAG_OK; e++) {
        int a = base + (int)IGRAPH_FROM(&graph, e), b = base + (int)IGRAPH_TO(&graph, e);
        if ((rc = grow_tie_at(L, s->world.n_edges + 1)) == DIAG_OK &&
            world_add_tie(&s->world, a, b, type, weight) < 0)
            rc = oom(L);
    }
    igraph_destroy(&graph);
done:
    free(g.sizes);
    return rc;
}

/* --------------------------------------------------------------- import */

struct import {
    struct loader *L;
    const struct ytree *at;   /* the import key: where errors point */
    const char *file;         /* the import file, as named in messages */
    enum node_kind kind;      /* default kind of imported nodes */
    enum tie_type type;       /* default type of imported ties */
    int first;                /* index of the first imported node */
    int rc;
    /* CSV state */
    long line;                /* current record, 1-based (the header is 1) */
    int col[CSV_NCOLS];       /* column of each known field, -1 when absent */
    size_t n_cols;
    char **fields;
    size_t n_fields, cap_fields;
};

static int import_fail(struct import *im, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int import_fail(struct import *im, long line, const char *fmt, ...)
{
    char msg[sizeof im->L->d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        im->rc = diag_set(im->L->d, DIAG_INPUT, im->at->file, im->at->line, im->at->col,
                          "in '%s' line %ld: %s", im->file, line, msg);
    else
        im->rc = diag_set(im->L->d, DIAG_INPUT, im->at->file, im->at->line, im->at->col,
                          "in '%s': %s", im->file, msg);
    return im->rc;
}

/* The node `id` of the import file: new (created with the import's kind), or
 * an earlier node of the same file when reuse is allowed (edge lists). */
static int import_node(struct import *im, const char *id, long line, int reuse, int *out)
{
    struct loader *L = im->L;
    int j = idmap_get(&L->ids, id), rc;
    if (!valid_id(id))
        return import_fail(im, line, "bad node id '%s': %s", id, id_rule(id));
    if (j >= 0 && j < im->first) {
        char wb[KEY_BUF];
        if (L->node_at[j])
            where_text(wb, sizeof wb, ytree_get(L->node_at[j], "id"), im->at->file);
        else
            snprintf(wb, sizeof wb, "a generated node");
        return import_fail(im, line, "node '%s' is already defined (%s); imported ids must be "
                           "new", id, wb);
    }
    if (j >= 0) {
        if (!reuse)
            return import_fail(im, line, "duplicate node id '%s'", id);
        *out = j;
        return DIAG_OK;
    }
    if (L->s->world.n_nodes >= L->lim->max_nodes)
        return import_fail(im, line, "more than %ld nodes in all (--limit nodes)",
                           L->lim->max_nodes);
    if ((rc = add_node(L, im->kind, id, NULL, NULL, out)) != DIAG_OK)
        return im->rc = rc;
    return DIAG_OK;
}

/* Add an imported tie a-b; type_text/weight_text NULL or "" for the defaults. */
static int import_tie(struct import *im, int a, int b, const char *type_text, int has_weight,
                      double weight, const char *weight_text, long line)
{
    struct loader *L = im->L;
    struct scenario *s = L->s;
    enum tie_type type = im->type;
    char sb[KEY_BUF];
    if (a == b)
        return import_fail(im, line, "self-loop on node '%s'", s->ids[a]);
    if (type_text && *type_text && world_tie_parse(type_text, &type) != 0)
        return import_fail(im, line, "unknown tie type '%s'%s", type_text,
                           suggest_tie(sb, sizeof sb, type_text));
    if (weight_text && *weight_text) {
        if (parse_real(weight_text, &weight) != 0)
            return import_fail(im, line, "'weight' must be a number, got '%s'", weight_text);
        has_weight = 1;
    }
    if (!has_weight)
        weight = DEFAULT_WEIGHT;
    if (!(weight > 0 && weight <= 1))
        return import_fail(im, line, "'weight' must be in (0, 1], got %g (edge '%s' - '%s')",
                           weight, s->ids[a], s->ids[b]);
    const char *rule = tie_source_rule(type, s->world.nodes[a].kind);
    if (rule)
        return import_fail(im, line, "%s; '%s' is %s %s", rule, s->ids[a],
                           article(s->world.nodes[a].kind),
                           world_kind_name(s->world.nodes[a].kind));
    if (world_find_tie(&s->world, a, b, type) >= 0)
        return import_fail(im, line, "duplicate %s edge between '%s' and '%s'",
                           world_tie_name(type), s->ids[a], s->ids[b]);
    if (s->world.n_edges >= L->lim->max_edges)
        return import_fail(im, line, "more than %ld edges in all (--limit edges)",
                           L->lim->max_edges);
    if (grow_tie_at(L, s->world.n_edges + 1) != DIAG_OK ||
        world_add_tie(&s->world, a, b, type, weight) < 0)
        return im->rc = oom(L);
    return DIAG_OK;
}

/* CSV: one record is complete. */
static void csv_record(struct import *im)
{
    if (im->rc != DIAG_OK)
        return;
    if (im->line == 1) {
        /* the header */
        for (int c = 0; c < CSV_NCOLS; c++)
            im->col[c] = -1;
        im->n_cols = im->n_fields;
        for (size_t i = 0; i < im->n_fields; i++) {
            const char *name = im->fields[i];
            if (i == 0 && !strncmp(name, UTF8_BOM, sizeof UTF8_BOM - 1))
                name += sizeof UTF8_BOM - 1;
            int c = in_list(name, csv_columns, COUNT(csv_columns));
            if (c < 0) {
                char sb[KEY_BUF];
                import_fail(im, 1, "unknown column '%s' (column %zu)%s; the columns are from, "
                            "to, type, weight", name, i + 1,
                            suggest(sb, sizeof sb, name, csv_columns, COUNT(csv_columns)));
                return;
            }
            if (im->col[c] >= 0) {
                import_fail(im, 1, "column '%s' appears twice", name);
                return;
            }
            im->col[c] = (int)i;
        }
        if (im->col[CSV_FROM] < 0 || im->col[CSV_TO] < 0)
            import_fail(im, 1, "missing column '%s' (the header needs from and to)",
                        im->col[CSV_FROM] < 0 ? "from" : "to");
        return;
    }
    if (im->n_fields != im->n_cols) {
        import_fail(im, im->line, "%zu fields, but the header has %zu", im->n_fields, im->n_cols);
        return;
    }
    const char *from = im->fields[im->col[CSV_FROM]], *to = im->fields[im->col[CSV_TO]];
    const char *type = im->col[CSV_TYPE] >= 0 ? im->fields[im->col[CSV_TYPE]] : NULL;
    const char *weight = im->col[CSV_WEIGHT] >= 0 ? im->fields[im->col[CSV_WEIGHT]] : NULL;
    int a, b;
    if (import_node(im, from, im->line, 1, &a) != DIAG_OK ||
        import_node(im, to, im->line, 1, &b) != DIAG_OK)
        return;
    import_tie(im, a, b, type, 0, 0, weight, im->line);
}

static void csv_clear_fields(struct import *im)
{
    for (size_t i = 0; i < im->n_fields; i++)
        free(im->fields[i]);
    im->n_fields = 0;
}

static void csv_on_field(void *field, size_t len, void *data)
{
    struct import *im = data;
    if (im->rc != DIAG_OK)
        return;
    if (im->n_fields == im->cap_fields) {
        size_t cap = im->cap_fields ? 2 * im->cap_fields : FIELDS_MIN_CAP;
        char **f = realloc(im->fields, cap * sizeof *f);
        if (!f) {
            im->rc = oom(im->L);
            return;
        }
        im->fields = f;
        im->cap_fields = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        im->rc = oom(im->L);
        return;
    }
    if (len)
        memcpy(copy, field, len);
    copy[len] = '\0';
    if (memchr(copy, '\0', len)) {
        free(copy);
        import_fail(im, im->line + 1, "a field contains a NUL byte");
        return;
    }
    im->fields[im->n_fields++] = copy;
}

static void csv_on_record(int c, void *data)
{
    struct import *im = data;
    (void)c;
    im->line++;
    csv_record(im);
    csv_clear_fields(im);
}

/* The import file is longer than --limit file-bytes. The size check on
 * opening covers regular files; this one covers what has no size to check
 * (a pipe, a device such as /dev/zero), counted as it is read. */
static int import_too_long(struct import *im)
{
    return im->rc = fail(im->L, im->at, "cannot import '%s': more than %ld bytes, above the limit "
                         "(--limit file-bytes)", im->file, im->L->lim->max_file_bytes);
}

static int import_csv(struct import *im, FILE *f)
{
    struct csv_parser p;
    char buf[READ_CHUNK];
    size_t got, total = 0;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return im->rc = oom(im->L);
    while (im->rc == DIAG_OK && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        total += got;
        if (total > (size_t)im->L->lim->max_file_bytes) {
            import_too_long(im);
            break;
        }
        if (csv_parse(&p, buf, got, csv_on_field, csv_on_record, im) != got && im->rc == DIAG_OK)
            import_fail(im, im->line + 1, "malformed CSV: %s", csv_strerror(csv_error(&p)));
    }
    if (im->rc == DIAG_OK && ferror(f))
        im->rc = diag_set(im->L->d, DIAG_RUNTIME, im->file, 0, 0, "read error");
    if (im->rc == DIAG_OK && csv_fini(&p, csv_on_field, csv_on_record, im) != 0 &&
        im->rc == DIAG_OK)
        import_fail(im, im->line + 1, "malformed CSV: %s", csv_strerror(csv_error(&p)));
    csv_free(&p);
    csv_clear_fields(im);
    free(im->fields);
    im->fields = NULL;
    if (im->rc == DIAG_OK && im->line == 0)
        import_fail(im, 0, "the file is empty (a header row 'from,to' is required)");
    return im->rc;
}

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
        return parse_real(s, x) == 0 ? 1 : -1;
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

/* Read all of f into *text (malloc'd, len bytes), refusing more than
 * --limit file-bytes. */
static int import_slurp(struct import *im, FILE *f, char **text, size_t *len)
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
                return im->rc = oom(im->L);
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
        return im->rc = diag_set(im->L->d, DIAG_RUNTIME, im->file, 0, 0, "read error: %s",
                                 strerror(e));
    }
    *text = buf;
    *len = n;
    return DIAG_OK;
}

static int import_graphml(struct import *im, FILE *f)
{
    struct loader *L = im->L;
    struct scenario *s = L->s;
    struct igraph_quiet q;
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
        return im->rc = oom(L);
    }
    igraph_quiet_begin(&q);
    err = igraph_read_graph_graphml(&g, mem, 0);
    igraph_quiet_end(&q);
    fclose(mem);
    free(text);
    if (err == IGRAPH_ENOMEM)
        return im->rc = oom(L);
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
        im->rc = oom(L);
        goto cleanup;
    }
    lists = 1;
    if (igraph_cattribute_list(&g, &gn, &gt, &vn, &vt, &en, &et) != IGRAPH_SUCCESS) {
        im->rc = oom(L);
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
        im->rc = oom(L);
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
                        suggest_kind(sb, sizeof sb, ktext));
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
                im->rc = oom(L);
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
            const struct kind_rule *r = kind_rule_for(numeric[k].name);
            if (r && !(r->kinds & KBIT(kind))) {
                import_fail(im, 0, "node '%s': '%s' applies to %s only", id, numeric[k].name,
                            r->who);
                break;
            }
            if (x < numeric[k].lo || x > numeric[k].hi) {
                char rb[KEY_BUF];
                range_text(rb, sizeof rb, numeric[k].lo, numeric[k].hi, 0);
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
            if (tie_source_rule(t, s->world.nodes[a].kind) &&
                !tie_source_rule(t, s->world.nodes[b].kind)) {
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

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int check_import(struct loader *L, const struct ytree *ikey, const struct ytree *iv)
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
        if ((rc = check_keys(L, iv, import_keys, COUNT(import_keys), "import")) != DIAG_OK ||
            (rc = need(L, iv, "file", "import", &fv)) != DIAG_OK)
            return rc;
        if ((v = opt(iv, "kind")) != NULL && (rc = get_kind(L, v, "kind", &im.kind)) != DIAG_OK)
            return rc;
        if ((v = opt(iv, "type")) != NULL &&
            (rc = get_tie_type(L, v, "type", &im.type)) != DIAG_OK)
            return rc;
    } else if (iv->kind != YTREE_SCALAR) {
        return fail(L, iv, "'import' must be a file name or a mapping (file, format, kind, "
                    "type), not %s", ytree_kind_name(iv->kind));
    }
    if ((rc = want(L, fv, "file", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if (!*fv->text)
        return fail(L, fv, "'file' is empty");
    if (iv->kind == YTREE_MAP && (v = opt(iv, "format")) != NULL) {
        if ((rc = want(L, v, "format", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((format = in_list(v->text, formats, COUNT(formats))) < 0)
            return fail(L, v, "unknown import format '%s'%s (use graphml or csv)", v->text,
                        suggest(sb, sizeof sb, v->text, formats, COUNT(formats)));
    } else if (ends_with(fv->text, ".graphml") || ends_with(fv->text, ".xml")) {
        format = 0;
    } else if (ends_with(fv->text, ".csv")) {
        format = 1;
    } else {
        return fail(L, fv, "cannot tell the format of '%s' from its name: add format: graphml "
                    "or format: csv", fv->text);
    }
    char *path = relative_path(fv->file, fv->text);
    if (!path)
        return oom(L);
    rc = add_file(L, path, &name);
    free(path);
    if (rc != DIAG_OK)
        return rc;
    im.file = name;
    FILE *f = fopen(name, "rb");
    if (!f && errno == ENOMEM)
        return oom(L);
    if (!f)
        return fail(L, ikey, "cannot import '%s': %s", name, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 &&
        (S_ISDIR(st.st_mode) || st.st_size > L->lim->max_file_bytes)) {
        fclose(f);
        if (S_ISDIR(st.st_mode))
            return fail(L, ikey, "cannot import '%s': it is a directory", name);
        return fail(L, ikey, "cannot import '%s': %lld bytes, above the limit of %ld "
                    "(--limit file-bytes)", name, (long long)st.st_size, L->lim->max_file_bytes);
    }
    rc = format == 0 ? import_graphml(&im, f) : import_csv(&im, f);
    fclose(f);
    return rc;
}

static int check_network(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *net, *v;
    int rc;
    if ((rc = need(L, L->root, "network", "the scenario", &net)) != DIAG_OK ||
        (rc = want(L, net, "network", YTREE_MAP)) != DIAG_OK ||
        (rc = check_keys(L, net, network_keys, COUNT(network_keys), "network")) != DIAG_OK)
        return rc;
    if ((v = opt(net, "nodes")) != NULL && (rc = check_nodes(L, v)) != DIAG_OK)
        return rc;
    if ((v = opt(net, "generate")) != NULL &&
        (rc = check_generate(L, key_node(net, "generate"), v)) != DIAG_OK)
        return rc;
    if ((v = opt(net, "import")) != NULL &&
        (rc = check_import(L, key_node(net, "import"), v)) != DIAG_OK)
        return rc;
    if (s->world.n_nodes == 0)
        return fail(L, net, "network has no nodes");
    if ((rc = check_node_refs(L)) != DIAG_OK)
        return rc;
    if ((v = opt(net, "edges")) != NULL && (rc = check_edges(L, v)) != DIAG_OK)
        return rc;
    return DIAG_OK;
}

/* ------------------------------------------------------------ pressures */

/* The subject and verb of the leaders-only refusal ("decapitation targets"). */
static const char *leaders_only(enum pressure_type t)
{
    return t == PRESSURE_VISITS ? "visits target" : "decapitation targets";
}

static int check_targets(struct loader *L, const struct ytree *tv, struct pressure *p)
{
    struct scenario *s = L->s;
    char sb[KEY_BUF];
    size_t n = tv->kind == YTREE_SEQ ? tv->n : 1;
    int rc;
    if (tv->kind == YTREE_MAP || (tv->kind == YTREE_SCALAR && strcmp(tv->text, "all") != 0))
        return fail(L, tv, "'targets' must be a list of selectors (node ids, kind:KIND, all) or "
                    "all, not %s", tv->kind == YTREE_MAP ? "a mapping" : "a single name");
    if (n == 0)
        return fail(L, tv, "'targets' is empty");
    if (!(p->targets = calloc(n, sizeof *p->targets)))
        return oom(L);
    p->n_targets = (int)n;
    for (size_t i = 0; i < n; i++) {
        const struct ytree *v = tv->kind == YTREE_SEQ ? tv->items[i] : tv;
        struct pressure_target *t = &p->targets[i];
        if ((rc = want(L, v, "targets", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!strcmp(v->text, "all")) {
            t->type = TARGET_ALL;
            if (p->type == PRESSURE_DECAPITATION || p->type == PRESSURE_VISITS)
                return fail(L, v, "%s leaders; 'all' selects every kind (use kind:leader)",
                            leaders_only(p->type));
        } else if (!strncmp(v->text, KIND_PREFIX, sizeof KIND_PREFIX - 1)) {
            const char *k = v->text + sizeof KIND_PREFIX - 1;
            t->type = TARGET_KIND;
            if (world_kind_parse(k, &t->kind) != 0)
                return fail(L, v, "unknown kind '%s' in targets%s", k,
                            suggest_kind(sb, sizeof sb, k));
            if ((p->type == PRESSURE_DECAPITATION || p->type == PRESSURE_VISITS) && t->kind != KIND_LEADER)
                return fail(L, v, "%s leaders; '%s' selects %s", leaders_only(p->type), v->text,
                            kind_plural(t->kind));
        } else {
            t->type = TARGET_NODE;
            if ((rc = resolve_node(L, v, "targets", "targets", &t->node)) != DIAG_OK)
                return rc;
            enum node_kind k = s->world.nodes[t->node].kind;
            if ((p->type == PRESSURE_DECAPITATION || p->type == PRESSURE_VISITS) && k != KIND_LEADER)
                return fail(L, v, "%s leaders; '%s' is %s %s", leaders_only(p->type), v->text,
                            article(k), world_kind_name(k));
        }
    }
    return DIAG_OK;
}

static int check_pressure(struct loader *L, const struct ytree *m, struct pressure *p)
{
    struct scenario *s = L->s;
    const struct ytree *v, *at, *from, *to;
    char sb[KEY_BUF];
    int rc, t;
    /* keys that apply to one type only */
    static const struct {
        const char *key;
        enum pressure_type type;
    } own[] = {{"intensity", PRESSURE_SANCTIONS}, {"intensity", PRESSURE_VISITS},
               {"rate", PRESSURE_STRIKES},        {"severity", PRESSURE_STRIKES},
               {"kill", PRESSURE_STRIKES},        {"share", PRESSURE_DECAPITATION}};
    if (m->kind != YTREE_MAP)
        return fail(L, m, "a pressure must be a mapping (type, at, targets, ...), not %s",
                    ytree_kind_name(m->kind));
    if ((rc = check_keys(L, m, pressure_keys, COUNT(pressure_keys), "pressure")) != DIAG_OK ||
        (rc = need(L, m, "type", "pressure", &v)) != DIAG_OK ||
        (rc = want(L, v, "type", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if ((t = in_list(v->text, type_names, PRESSURE_TYPE_COUNT)) < 0)
        return fail(L, v, "unknown pressure type '%s'%s", v->text,
                    suggest(sb, sizeof sb, v->text, type_names, PRESSURE_TYPE_COUNT));
    p->type = (enum pressure_type)t;
    for (size_t i = 0; i < COUNT(own); i++) {
        const struct ytree *k = key_node(m, own[i].key);
        if (!k || own[i].type == p->type)
            continue;
        /* a key may belong to several types: refuse only when none of them is p's */
        int mine = 0;
        char types[96] = "";
        for (size_t j = 0; j < COUNT(own); j++)
            if (!strcmp(own[j].key, own[i].key)) {
                mine |= own[j].type == p->type;
                snprintf(types + strlen(types), sizeof types - strlen(types), "%s%s", types[0] ? " and " : "",
                         type_names[own[j].type]);
            }
        if (!mine)
            return fail(L, k, "key '%s' applies to %s only", own[i].key, types);
    }
    /* when */
    at = opt(m, "at");
    from = opt(m, "from");
    to = opt(m, "to");
    if (at && (from || to))
        return fail(L, key_node(m, from ? "from" : "to"),
                    "'at' and '%s' cannot both be given (at: one step; from/to: a range)",
                    from ? "from" : "to");
    if (at) {
        if ((rc = get_int(L, at, "at", 0, s->steps, &p->from)) != DIAG_OK)
            return rc;
        p->to = p->from;
    } else if (from) {
        if ((rc = get_int(L, from, "from", 0, s->steps, &p->from)) != DIAG_OK)
            return rc;
        p->to = s->steps;
        if (to && (rc = get_int(L, to, "to", 0, s->steps, &p->to)) != DIAG_OK)
            return rc;
        if (p->from > p->to)
            return fail(L, from, "'from' (%d) is after 'to' (%d)", p->from, p->to);
    } else if (to) {
        return fail(L, key_node(m, "to"), "'to' needs 'from'");
    } else {
        return fail(L, m, "a pressure needs 'at' (one step) or 'from' (a range)");
    }
    /* whom */
    if ((rc = need(L, m, "targets", "pressure", &v)) != DIAG_OK ||
        (rc = check_targets(L, v, p)) != DIAG_OK)
        return rc;
    p->select = SELECT_LISTED;
    p->by = BY_NONE;
    p->fraction = 1;
    p->severity = DEFAULT_SEVERITY;
    p->kill = UNSET_SHARE;
    p->share = UNSET_SHARE;
    const struct ytree *sv = opt(m, "select");
    if (sv) {
        if ((rc = want(L, sv, "select", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((t = in_list(sv->text, selects, COUNT(selects))) < 0)
            return fail(L, sv, "unknown select '%s'%s (use listed, random or targeted)", sv->text,
                        suggest(sb, sizeof sb, sv->text, selects, COUNT(selects)));
        p->select = (enum pressure_select)t;
    }
    v = opt(m, "by");
    if (p->select == SELECT_TARGETED && !v)
        return fail(L, sv, "select: targeted needs 'by' (degree, betweenness, strength, "
                    "pagerank or key_player)");
    if (v && p->select != SELECT_TARGETED)
        return fail(L, key_node(m, "by"), "key 'by' applies to select: targeted only");
    if (v) {
        if ((rc = want(L, v, "by", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((t = in_list(v->text, bys, COUNT(bys))) < 0)
            return fail(L, v, "unknown measure '%s' in by%s", v->text,
                        suggest(sb, sizeof sb, v->text, bys, COUNT(bys)));
        p->by = by_values[t];
    }
    if ((v = opt(m, "fraction")) != NULL) {
        if (p->type == PRESSURE_STRIKES)
            return fail(L, key_node(m, "fraction"),
                        "key 'fraction' does not apply to strikes (their rate sets how many are "
                        "hit)");
        if (p->select == SELECT_LISTED)
            return fail(L, key_node(m, "fraction"),
                        "key 'fraction' applies to select: random or targeted only");
        if ((rc = get_real(L, v, "fraction", 0, 1, 1, &p->fraction)) != DIAG_OK)
            return rc;
    }
    /* how hard */
    switch (p->type) {
    case PRESSURE_SANCTIONS:
        if ((rc = need(L, m, "intensity", "sanctions", &v)) != DIAG_OK ||
            (rc = get_real(L, v, "intensity", 0, 1, 0, &p->intensity)) != DIAG_OK)
            return rc;
        break;
    case PRESSURE_STRIKES:
        if ((rc = need(L, m, "rate", "strikes", &v)) != DIAG_OK ||
            (rc = get_real(L, v, "rate", 0, 1, 0, &p->rate)) != DIAG_OK ||
            (rc = opt_real(L, m, "severity", 0, 1, 0, &p->severity)) != DIAG_OK ||
            (rc = opt_real(L, m, "kill", 0, 1, 0, &p->kill)) != DIAG_OK)
            return rc;
        break;
    case PRESSURE_DECAPITATION:
        if ((rc = opt_real(L, m, "share", 0, 1, 0, &p->share)) != DIAG_OK)
            return rc;
        break;
    case PRESSURE_VISITS:
        if ((rc = need(L, m, "intensity", "visits", &v)) != DIAG_OK ||
            (rc = get_real(L, v, "intensity", 0, 1, 0, &p->intensity)) != DIAG_OK)
            return rc;
        break;
    default:
        break;
    }
    if ((v = opt(m, "note")) != NULL && (rc = want(L, v, "note", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    return check_src(L, m);
}

static int check_pressures(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *list = opt(L->root, "pressures");
    int rc;
    if (!list)
        return DIAG_OK;
    if ((rc = want(L, list, "pressures", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (list->n > INT_MAX)
        return fail(L, list, "too many pressures");
    if (list->n == 0)
        return DIAG_OK;
    if (!(s->pressures = calloc(list->n, sizeof *s->pressures)))
        return oom(L);
    s->n_pressures = (int)list->n;
    for (size_t i = 0; i < list->n; i++)
        if ((rc = check_pressure(L, list->items[i], &s->pressures[i])) != DIAG_OK)
            return rc;
    return DIAG_OK;
}

/* ---------------------------------------------------------- spawn slots */

static int reserve_slots(struct loader *L)
{
    struct scenario *s = L->s;
    struct world *w = &s->world;
    const struct model_params *mp = &s->params;
    int count = 0, n_factions = 0;
    if (mp->dynamics && ((mp->splinter.rate > 0 && mp->splinter.max > 0) ||
                         (mp->fronts.rate > 0 && mp->fronts.max > 0)))
        count = mp->splinter.max + mp->fronts.max;
    if (count == 0)
        return DIAG_OK;
    for (int i = 0; i < w->n_nodes; i++)
        n_factions += w->nodes[i].kind == KIND_FACTION;
    if ((double)n_factions * count > (double)(L->lim->max_nodes - w->n_nodes)) {
        const struct ytree *m = opt(L->root, "model");
        return fail(L, m ? m : &L->root_at, "%d factions with %d spawn slots each make %.0f nodes, "
                    "above the limit of %ld (--limit nodes; or lower splinter.max/fronts.max)",
                    n_factions, count, (double)w->n_nodes + (double)n_factions * count,
                    L->lim->max_nodes);
    }
    int base = w->n_nodes;
    if (grow_names(L, base + n_factions * count) != DIAG_OK)
        return oom(L);
    if (world_reserve_slots(w, count) != WORLD_OK)
        return oom(L);
    for (int f = 0; f < base; f++) {
        const struct actor *a = &w->nodes[f];
        for (int k = 0; k < a->slot_count; k++) {
            int i = a->slot_first + k;
            size_t il = strlen(s->ids[f]) + INT_TEXT, ll = strlen(s->labels[f]) + KEY_BUF;
            if (!(s->ids[i] = malloc(il)) || !(s->labels[i] = malloc(ll)))
                return oom(L);
            snprintf(s->ids[i], il, "%s+%d", s->ids[f], k + 1);
            snprintf(s->labels[i], ll, "%s (spawn %d)", s->labels[f], k + 1);
        }
    }
    return DIAG_OK;
}

/* A faction without a patron takes the agency with the strongest active
 * command tie to it (equal weights: the lowest agency index), else none. */
static void default_patrons(struct world *w)
{
    for (int f = 0; f < w->n_nodes; f++) {
        struct actor *a = &w->nodes[f];
        if (a->kind != KIND_FACTION || a->patron >= 0 || a->parent >= 0)
            continue;
        int best = -1;
        double best_w = 0;
        for (int k = 0; k < w->n_inc[f]; k++) {
            const struct tie *t = &w->edges[w->inc[f][k]];
            int o = t->from == f ? t->to : t->from;
            if (!t->active || t->type != TIE_COMMAND || w->nodes[o].kind != KIND_AGENCY ||
                !w->nodes[o].active)
                continue;
            if (best < 0 || t->weight > best_w || (t->weight == best_w && o < best)) {
                best = o;
                best_w = t->weight;
            }
        }
        a->patron = best;
    }
}

/* -------------------------------------------------------------- outputs */

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A list of distinct steps in [0, steps], sorted; recorded_only: each must be recorded. */
static int step_list(struct loader *L, const struct ytree *v, const char *key, int recorded_only,
                     int **out, int *n_out)
{
    struct scenario *s = L->s;
    int rc;
    if ((rc = want(L, v, key, YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n > (size_t)s->steps + 1)
        return fail(L, v, "'%s' lists %zu steps, but there are only %d", key, v->n, s->steps + 1);
    if (v->n == 0)
        return DIAG_OK;
    if (!(*out = malloc(v->n * sizeof **out)))
        return oom(L);
    for (size_t i = 0; i < v->n; i++) {
        int t;
        if ((rc = get_int(L, v->items[i], key, 0, s->steps, &t)) != DIAG_OK)
            return rc;
        if (recorded_only && !scenario_records(s, t))
            return fail(L, v->items[i], "step %d in '%s' is not recorded (outputs.every is %d: "
                        "use a multiple of it or the last step %d)", t, key, s->every, s->steps);
        for (size_t j = 0; j < i; j++)
            if ((*out)[j] == t)
                return fail(L, v->items[i], "step %d is listed twice in '%s'", t, key);
        (*out)[(*n_out)++] = t;
    }
    qsort(*out, (size_t)*n_out, sizeof **out, int_cmp);
    return DIAG_OK;
}

/* A list of names (or the scalar `all`) into a bit mask. */
static int name_mask(struct loader *L, const struct ytree *v, const char *key, int count,
                     const char *(*name)(int), int (*find)(const char *), uint32_t *mask)
{
    char sb[160];
    const char *names[32];
    for (int m = 0; m < count; m++)
        names[m] = name(m);
    if (v->kind == YTREE_SCALAR && v->plain && !strcmp(v->text, "all"))
        return DIAG_OK;
    int rc = want(L, v, key, YTREE_SEQ);
    if (rc != DIAG_OK)
        return rc;
    *mask = 0;
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        if ((rc = want(L, it, key, YTREE_SCALAR)) != DIAG_OK)
            return rc;
        int m = find(it->text);
        if (m < 0)
            return fail(L, it, "unknown name '%s' in outputs.%s%s", it->text, key,
                        suggest(sb, sizeof sb, it->text, names, (size_t)count));
        if (*mask & (1u << m))
            return fail(L, it, "'%s' is listed twice in outputs.%s", it->text, key);
        *mask |= 1u << m;
    }
    return DIAG_OK;
}

static const char *kind_name_i(int k)
{
    return world_kind_name((enum node_kind)k);
}

static int kind_find(const char *s)
{
    enum node_kind k;
    return world_kind_parse(s, &k) == 0 ? (int)k : -1;
}

static const char *tie_name_i(int t)
{
    return world_tie_name((enum tie_type)t);
}

static int tie_find(const char *s)
{
    enum tie_type t;
    return world_tie_parse(s, &t) == 0 ? (int)t : -1;
}

static int check_measure_options(struct loader *L, const struct ytree *o)
{
    struct measure_options *mo = &L->s->measure;
    const struct ytree *v;
    int rc;
    if ((v = opt(o, "metrics")) != NULL &&
        (rc = name_mask(L, v, "metrics", METRIC_COUNT, measure_metric_name, measure_metric_find,
                        &mo->metrics)) != DIAG_OK)
        return rc;
    if ((v = opt(o, "node_metrics")) != NULL &&
        (rc = name_mask(L, v, "node_metrics", NODE_METRIC_COUNT, measure_node_metric_name,
                        measure_node_metric_find, &mo->node_metrics)) != DIAG_OK)
        return rc;
    mo->node_metrics |= 1u << NODE_PRESENT;
    uint32_t mask = WORLD_ALL_KINDS;
    if ((v = opt(o, "network_kinds")) != NULL &&
        (rc = name_mask(L, v, "network_kinds", KIND_COUNT, kind_name_i, kind_find, &mask)) != DIAG_OK)
        return rc;
    mo->kind_mask = mask;
    mask = WORLD_ALL_TIES;
    if ((v = opt(o, "network_ties")) != NULL &&
        (rc = name_mask(L, v, "network_ties", TIE_COUNT, tie_name_i, tie_find, &mask)) != DIAG_OK)
        return rc;
    mo->tie_mask = mask;
    if ((v = opt(o, "weighted")) != NULL && (rc = get_bool(L, v, "weighted", &mo->weighted)) != DIAG_OK)
        return rc;
    if ((v = opt(o, "exact_limit")) != NULL &&
        (rc = get_int(L, v, "exact_limit", 2, INT_MAX, &mo->exact_limit)) != DIAG_OK)
        return rc;
    if ((v = opt(o, "samples")) != NULL && (rc = get_int(L, v, "samples", 1, INT_MAX, &mo->samples)) != DIAG_OK)
        return rc;
    return DIAG_OK;
}

static int check_outputs(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *o = opt(L->root, "outputs"), *v, *ns = NULL;
    int rc;
    s->every = 1;
    measure_options_default(&s->measure);
    if (o) {
        if ((rc = want(L, o, "outputs", YTREE_MAP)) != DIAG_OK ||
            (rc = check_keys(L, o, output_keys, COUNT(output_keys), "outputs")) != DIAG_OK ||
            (rc = check_measure_options(L, o)) != DIAG_OK)
            return rc;
        if ((v = opt(o, "every")) != NULL &&
            (rc = get_int(L, v, "every", 1, s->steps, &s->every)) != DIAG_OK)
            return rc;
        if ((v = opt(o, "snapshots")) != NULL &&
            (rc = step_list(L, v, "snapshots", 0, &s->snapshots, &s->n_snapshots)) != DIAG_OK)
            return rc;
        ns = ytree_get(o, "node_steps");
    }
    if (ns && ns->kind == YTREE_SCALAR && ns->plain && !strcmp(ns->text, "none"))
        return DIAG_OK;
    int all = !ns || ytree_is_null(ns) ||
              (ns->kind == YTREE_SCALAR && ns->plain && !strcmp(ns->text, "all"));
    if (!all) {
        if (ns->kind == YTREE_SCALAR)
            return fail(L, ns, "'node_steps' must be a list of steps, all or none, not '%s'",
                        ns->text);
        if (ns->kind != YTREE_SEQ)
            return fail(L, ns, "'node_steps' must be a list of steps, all or none, not %s",
                        ytree_kind_name(ns->kind));
        return step_list(L, ns, "node_steps", 1, &s->node_steps, &s->n_node_steps);
    }
    int n = 0;
    for (int t = 0; t <= s->steps; t++)
        n += scenario_records(s, t);
    if (!(s->node_steps = malloc((size_t)n * sizeof *s->node_steps)))
        return oom(L);
    for (int t = 0; t <= s->steps; t++)
        if (scenario_records(s, t))
            s->node_steps[s->n_node_steps++] = t;
    return DIAG_OK;
}

/* After the slots exist: nodes x node_steps must fit the node-cell limit. */
static int check_node_cells(struct loader *L)
{
    struct scenario *s = L->s;
    double cells = (double)s->world.n_nodes * s->n_node_steps;
    if (cells <= (double)L->lim->max_node_cells)
        return DIAG_OK;
    const struct ytree *o = opt(L->root, "outputs");
    const struct ytree *at = o && ytree_get(o, "node_steps") ? ytree_get(o, "node_steps")
                             : o ? o : &L->root_at;
    return fail(L, at, "per-node output would keep %d nodes x %d steps = %.0f cells, above the "
                "limit of %ld (--limit node-cells): list fewer steps in outputs.node_steps (or "
                "none)", s->world.n_nodes, s->n_node_steps, cells, L->lim->max_node_cells);
}

/* ------------------------------------------------ files, extends, --set */

static int same_scalar(const struct ytree *a, const struct ytree *b, const char *key)
{
    const struct ytree *x = ytree_get(a, key), *y = ytree_get(b, key);
    if (!x || !y)
        return !x && !y;
    return x->kind == YTREE_SCALAR && y->kind == YTREE_SCALAR && !strcmp(x->text, y->text);
}

static int same_node(const struct ytree *a, const struct ytree *b)
{
    const struct ytree *x = ytree_get(a, "id"), *y = ytree_get(b, "id");
    return x && y && x->kind == YTREE_SCALAR && y->kind == YTREE_SCALAR &&
           !strcmp(x->text, y->text);
}

/* Edges are the same tie when from, to and type agree, in either direction. */
static int same_edge(const struct ytree *a, const struct ytree *b)
{
    const struct ytree *af = ytree_get(a, "from"), *at = ytree_get(a, "to");
    const struct ytree *bf = ytree_get(b, "from"), *bt = ytree_get(b, "to");
    if (!af || !at || !bf || !bt || af->kind != YTREE_SCALAR || at->kind != YTREE_SCALAR ||
        bf->kind != YTREE_SCALAR || bt->kind != YTREE_SCALAR || !same_scalar(a, b, "type"))
        return 0;
    return (!strcmp(af->text, bf->text) && !strcmp(at->text, bt->text)) ||
           (!strcmp(af->text, bt->text) && !strcmp(at->text, bf->text));
}

static const struct ytree_merge_rule merge_rules[] = {
    {"network.nodes", YTREE_SEQ_BY_KEY, same_node},
    {"network.edges", YTREE_SEQ_BY_KEY, same_edge},
    {"pressures", YTREE_SEQ_APPEND, NULL},
};

static int root_is_map(struct loader *L, const struct ytree *t, const char *file)
{
    if (!t)
        return diag_set(L->d, DIAG_INPUT, file, 1, 1,
                        "the file holds no scenario (no YAML content)");
    if (t->kind != YTREE_MAP)
        return fail(L, t, "a scenario must be a mapping of keys (name, time, network, ...), not %s",
                    ytree_kind_name(t->kind));
    return DIAG_OK;
}

/* Read path and its extends chain, and merge them into L->root. */
static int load_chain(struct loader *L, const char *path)
{
    long cap = L->lim->max_extends + 1;
    struct ytree **trees = calloc((size_t)cap, sizeof *trees);
    char **real = calloc((size_t)cap, sizeof *real);
    const char **names = calloc((size_t)cap, sizeof *names);
    long n = 0;
    int rc = DIAG_OK;
    const char *name;
    if (!trees || !real || !names) {
        rc = oom(L);
        goto cleanup;
    }
    if ((rc = add_file(L, path, &name)) != DIAG_OK)
        goto cleanup;
    for (;;) {
        if ((rc = ytree_load(&trees[n], name, &L->ylim, &L->yaml_used, L->d)) != DIAG_OK)
            goto cleanup;
        names[n] = name;
        real[n] = realpath(name, NULL);
        n++;
        if ((rc = root_is_map(L, trees[n - 1], name)) != DIAG_OK)
            goto cleanup;
        const struct ytree *ext = opt(trees[n - 1], "extends");
        if (!ext)
            break;
        if ((rc = want(L, ext, "extends", YTREE_SCALAR)) != DIAG_OK)
            goto cleanup;
        if (n >= cap) {
            rc = fail(L, ext, "extends chain longer than %ld files (--limit extends)",
                      L->lim->max_extends);
            goto cleanup;
        }
        char *parent = relative_path(name, ext->text);
        if (!parent) {
            rc = oom(L);
            goto cleanup;
        }
        char *rp = realpath(parent, NULL);
        if (!rp) {
            rc = fail(L, ext, "cannot read extends file '%s': %s", parent, strerror(errno));
            free(parent);
            goto cleanup;
        }
        for (long i = 0; i < n; i++) {
            if (real[i] && !strcmp(real[i], rp)) {
                char msg[sizeof L->d->msg];
                size_t len = (size_t)snprintf(msg, sizeof msg, "extends cycle: ");
                for (long j = i; j < n && len < sizeof msg; j++)
                    len += (size_t)snprintf(msg + len, sizeof msg - len, "%s -> ", names[j]);
                if (len < sizeof msg)
                    snprintf(msg + len, sizeof msg - len, "%s", names[i]);
                rc = fail(L, ext, "%s", msg);
                free(rp);
                free(parent);
                goto cleanup;
            }
        }
        free(rp);
        rc = add_file(L, parent, &name);
        free(parent);
        if (rc != DIAG_OK)
            goto cleanup;
    }
    /* Overlay each child on its parent, from the root of the chain down. */
    L->root_at.file = trees[0]->file;
    L->root_at.line = trees[0]->line;
    L->root_at.col = trees[0]->col;
    L->root = trees[n - 1];
    trees[n - 1] = NULL;
    for (long i = n - 2; i >= 0; i--) {
        ytree_remove(L->root, "name");   /* a scenario's name is its own */
        rc = ytree_merge(&L->root, trees[i], merge_rules, COUNT(merge_rules), L->d);
        trees[i] = NULL;
        if (rc != DIAG_OK)
            goto cleanup;
    }
cleanup:
    for (long i = 0; i < n && trees; i++)
        ytree_free(trees[i]);
    for (long i = 0; i < n && real; i++)
        free(real[i]);
    free(trees);
    free(real);
    free(names);
    return rc;
}

/* Apply one --set KEY=VALUE: positions are columns of "KEY=VALUE" on line 1 of "--set". */
/* --set with list indices: walk the merged tree along KEY (a numeric segment
 * indexes a list, 0-based), creating missing mappings, and put leaf (owned)
 * at the end, replacing what was there. */
static int set_in_place(struct loader *L, const char *key, struct ytree *leaf)
{
    struct ytree *cur = L->root;
    size_t klen = strlen(key), start = 0;
    char seg[256];
    while (cur) {
        size_t end = start;
        while (end < klen && key[end] != '.')
            end++;
        if (end == start || end - start >= sizeof seg) {
            ytree_free(leaf);
            return diag_set(L->d, DIAG_INPUT, SET_FILE, 1, (int)start + 1, "bad key segment in --set '%s'", key);
        }
        memcpy(seg, key + start, end - start);
        seg[end - start] = '\0';
        int last = end == klen;
        char *stop;
        unsigned long idx = strtoul(seg, &stop, 10);
        if (cur->kind == YTREE_SEQ) {
            if (*stop || !isdigit((unsigned char)seg[0])) {
                ytree_free(leaf);
                return diag_set(L->d, DIAG_INPUT, SET_FILE, 1, (int)start + 1,
                                "'%s' in --set '%s' is a list: use an index 0..%zu", seg, key,
                                cur->n ? cur->n - 1 : 0);
            }
            if (idx >= cur->n) {
                ytree_free(leaf);
                return diag_set(L->d, DIAG_INPUT, SET_FILE, 1, (int)start + 1,
                                "index %lu in --set '%s' is past the end of a list of %zu items", idx, key, cur->n);
            }
            if (last) {
                ytree_free(cur->items[idx]);
                cur->items[idx] = leaf;
                return DIAG_OK;
            }
            cur = cur->items[idx];
        } else if (cur->kind == YTREE_MAP) {
            struct ytree *next = ytree_get(cur, seg);
            if (last || !next) {
                if (last)
                    ytree_remove(cur, seg);
                struct ytree *k = ytree_new_scalar(seg, strlen(seg), 1, SET_FILE, 1, (int)start + 1);
                struct ytree *v = last ? leaf : ytree_new(YTREE_MAP, SET_FILE, 1, (int)start + 1);
                if (!k || !v || ytree_append(cur, k, v) != 0) {
                    ytree_free(k);
                    if (v != leaf)
                        ytree_free(v);
                    ytree_free(leaf);
                    return oom(L);
                }
                if (last)
                    return DIAG_OK;
                next = v;
            }
            cur = next;
        } else {
            break;
        }
        start = end + 1;
    }
    ytree_free(leaf);
    return diag_set(L->d, DIAG_INPUT, SET_FILE, 1, (int)start + 1, "--set '%s' reaches into a scalar", key);
}

static int apply_set(struct loader *L, const struct scenario_set *set)
{
    const char *key = set->key ? set->key : "", *value = set->value ? set->value : "";
    size_t klen = strlen(key);
    struct ytree *over = NULL, *leaf = NULL, *cur;
    int rc;
    if (klen == 0)
        return diag_set(L->d, DIAG_INPUT, SET_FILE, 1, 1, "--set needs KEY=VALUE, e.g. "
                        "monte_carlo.replicas=500");
    rc = ytree_parse(&leaf, value, strlen(value), SET_FILE, 1, (int)klen + 2, &L->ylim,
                     &L->yaml_used, L->d);
    if (rc != DIAG_OK)
        return rc;
    /* A key with a list index (pressures.2.intensity) is set in place. */
    for (size_t i = 0; i < klen; i++)
        if ((i == 0 || key[i - 1] == '.') && isdigit((unsigned char)key[i]))
            return set_in_place(L, key, leaf);
    /* Build {seg1: {seg2: ... {segN: leaf}}} from the inside out. */
    cur = leaf;
    size_t end = klen;
    for (;;) {
        size_t start = end;
        while (start > 0 && key[start - 1] != '.')
            start--;
        if (start == end) {
            ytree_free(cur);
            return diag_set(L->d, DIAG_INPUT, SET_FILE, 1, (int)end + 1,
                            "empty key segment in --set '%s'", key);
        }
        struct ytree *k = ytree_new_scalar(key + start, end - start, 1, SET_FILE, 1,
                                           (int)start + 1);
        struct ytree *m = ytree_new(YTREE_MAP, SET_FILE, 1, (int)start + 1);
        if (!k || !m || ytree_append(m, k, cur) != 0) {
            ytree_free(k);
            ytree_free(m);
            ytree_free(cur);
            return oom(L);
        }
        cur = m;
        if (start == 0)
            break;
        end = start - 1;
    }
    over = cur;
    return ytree_merge(&L->root, over, NULL, 0, L->d);
}

/* -------------------------------------------------------------- public */

void scenario_limits_default(struct scenario_limits *lim)
{
    lim->max_nodes = LIMIT_NODES;
    lim->max_edges = LIMIT_EDGES;
    lim->max_steps = LIMIT_STEPS;
    lim->max_replicas = LIMIT_REPLICAS;
    lim->max_yaml_nodes = LIMIT_YAML_NODES;
    lim->max_depth = LIMIT_DEPTH;
    lim->max_file_bytes = LIMIT_FILE_BYTES;
    lim->max_extends = LIMIT_EXTENDS;
    lim->max_node_cells = LIMIT_NODE_CELLS;
}

int scenario_limits_set(struct scenario_limits *lim, const char *name, const char *value)
{
    /* Upper bounds: node, tie and step indices are ints (steps + 1 must fit
     * too); nesting is bounded by the YAML reader's recursion cap. */
    static const struct {
        const char *name;
        size_t offset;
        long max;
    } rows[] = {
        {"nodes", offsetof(struct scenario_limits, max_nodes), INT_MAX},
        {"edges", offsetof(struct scenario_limits, max_edges), INT_MAX},
        {"steps", offsetof(struct scenario_limits, max_steps), INT_MAX - 1},
        {"replicas", offsetof(struct scenario_limits, max_replicas), LONG_MAX},
        {"yaml-nodes", offsetof(struct scenario_limits, max_yaml_nodes), LONG_MAX / 2},
        {"depth", offsetof(struct scenario_limits, max_depth), YTREE_MAX_DEPTH},
        {"file-bytes", offsetof(struct scenario_limits, max_file_bytes), LONG_MAX / 2},
        {"extends", offsetof(struct scenario_limits, max_extends), INT_MAX / 2},
        {"node-cells", offsetof(struct scenario_limits, max_node_cells), LONG_MAX / 2},
    };
    long x = 0;
    if (!name || !value || parse_long(value, &x) != 0 || *value == '+' || *value == '-' || x < 1)
        return -1;
    for (size_t i = 0; i < COUNT(rows); i++) {
        if (strcmp(rows[i].name, name) != 0)
            continue;
        if (x > rows[i].max)
            return -1;
        *(long *)(void *)((char *)lim + rows[i].offset) = x;
        return 0;
    }
    return -1;
}

void scenario_destroy(struct scenario *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->description);
    free(s->path);
    for (int i = 0; i < s->n_files; i++)
        free(s->files[i]);
    free(s->files);
    for (int i = 0; i < s->n_sources; i++) {
        free(s->sources[i].key);
        free(s->sources[i].title);
        free(s->sources[i].outlet);
        free(s->sources[i].date);
        free(s->sources[i].url);
    }
    free(s->sources);
    free(s->unit);
    free(s->start);
    if (s->ids)
        for (int i = 0; i < s->world.n_nodes; i++)
            free(s->ids[i]);
    if (s->labels)
        for (int i = 0; i < s->world.n_nodes; i++)
            free(s->labels[i]);
    free(s->ids);
    free(s->labels);
    world_destroy(&s->world);
    for (int i = 0; i < s->n_pressures; i++)
        free(s->pressures[i].targets);
    free(s->pressures);
    free(s->snapshots);
    free(s->node_steps);
    memset(s, 0, sizeof *s);
}

static int validate(struct loader *L)
{
    struct scenario *s = L->s;
    const char *text = "";
    int rc;
    if ((rc = root_is_map(L, L->root, s->path)) != DIAG_OK ||
        (rc = check_keys(L, L->root, top_keys, COUNT(top_keys), "scenario")) != DIAG_OK ||
        (rc = check_name(L)) != DIAG_OK ||
        (rc = opt_string(L, L->root, "description", &text)) != DIAG_OK ||
        (rc = set_string(L, &s->description, text)) != DIAG_OK)
        return rc;
    const struct ytree *ext = opt(L->root, "extends");
    if (ext && (rc = want(L, ext, "extends", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if ((rc = check_sources(L)) != DIAG_OK || (rc = check_time(L)) != DIAG_OK ||
        (rc = check_monte_carlo(L)) != DIAG_OK || (rc = check_model(L)) != DIAG_OK ||
        (rc = check_network(L)) != DIAG_OK || (rc = check_pressures(L)) != DIAG_OK ||
        (rc = check_outputs(L)) != DIAG_OK)
        return rc;
    default_patrons(&s->world);
    if ((rc = reserve_slots(L)) != DIAG_OK)
        return rc;
    world_seal(&s->world);
    return check_node_cells(L);
}

/* The body shared by scenario_load and scenario_load_network: path is a
 * scenario file, or (text != NULL) the YAML text of a synthetic scenario
 * whose positions are reported in `path`. */
static int load_common(struct scenario *s, const char *path, const char *text, const struct scenario_set *sets,
                       int n_sets, const struct scenario_limits *lim, struct diag *d)
{
    struct loader L;
    int rc;
    memset(s, 0, sizeof *s);
    world_init(&s->world);
    memset(&L, 0, sizeof L);
    L.s = s;
    L.lim = lim;
    L.d = d;
    L.ylim.max_bytes = lim->max_file_bytes;
    L.ylim.max_depth = lim->max_depth;
    L.ylim.max_nodes = lim->max_yaml_nodes;
    if (!(s->path = strdup(path))) {
        rc = diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory loading the scenario");
        goto cleanup;
    }
    if (text)
        rc = ytree_parse(&L.root, text, strlen(text), s->path, 1, 1, &L.ylim, &L.yaml_used, d);
    else
        rc = load_chain(&L, path);
    if (rc != DIAG_OK)
        goto cleanup;
    for (int i = 0; i < n_sets; i++)
        if ((rc = apply_set(&L, &sets[i])) != DIAG_OK)
            goto cleanup;
    rc = validate(&L);
cleanup:
    ytree_free(L.root);
    idmap_destroy(&L.ids);
    idmap_destroy(&L.sources);
    free(L.node_at);
    free(L.tie_at);
    if (rc != DIAG_OK)
        scenario_destroy(s);
    return rc;
}

int scenario_load(struct scenario *s, const char *path, const struct scenario_set *sets, int n_sets,
                  const struct scenario_limits *lim, struct diag *d)
{
    return load_common(s, path, NULL, sets, n_sets, lim, d);
}

int scenario_load_network(struct scenario *s, const char *path, const struct scenario_limits *lim,
                          struct diag *d)
{
    /* name: the file's base name without extension, reduced to [a-z0-9_-] */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[NAME_MAX_LEN + 1];
    size_t n = 0;
    for (const char *c = base; *c && *c != '.' && n < NAME_MAX_LEN; c++) {
        char ch = (char)tolower((unsigned char)*c);
        name[n++] = (isalnum((unsigned char)ch) || ch == '-' || ch == '_') ? ch : '-';
    }
    if (n == 0)
        name[n++] = 'n';
    name[n] = '\0';
    /* the import names the file relative to itself: dir(path) + base = path */
    size_t cap = 2 * strlen(base) + sizeof name + 128;
    char *text = malloc(cap), *q;
    if (!text)
        return diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory");
    q = text + snprintf(text, cap, "name: %s\ntime: {steps: 1}\nmonte_carlo: {replicas: 1}\n"
                                   "model: {dynamics: false}\nnetwork: {import: '", name);
    for (const char *c = base; *c; c++) {
        if (*c == '\'')
            *q++ = '\'';
        *q++ = *c;
    }
    strcpy(q, "'}\noutputs: {node_steps: none}\n");
    int rc = load_common(s, path, text, NULL, 0, lim, d);
    free(text);
    return rc;
}

int scenario_node_index(const struct scenario *s, const char *id)
{
    for (int i = 0; i < s->world.n_nodes; i++)
        if (s->ids[i] && !strcmp(s->ids[i], id))
            return i;
    return -1;
}

int scenario_records(const struct scenario *s, int t)
{
    return (s->every > 0 && t % s->every == 0) || t == s->steps;
}

static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void scenario_describe(const struct scenario *s, FILE *out)
{
    const struct world *w = &s->world;
    int kinds[KIND_COUNT] = {0}, types[TIE_COUNT] = {0}, sep = 0;
    int base = w->n_base ? w->n_base : w->n_nodes;
    for (int i = 0; i < base; i++)
        kinds[w->nodes[i].kind]++;
    for (int e = 0; e < w->n_edges; e++)
        types[w->edges[e].type]++;
    fprintf(out, "scenario %s: %d %s (", s->name, base, plural(base, "node", "nodes"));
    for (int k = 0; k < KIND_COUNT; k++)
        if (kinds[k]) {
            fprintf(out, "%s%d %s", sep++ ? ", " : "", kinds[k],
                    world_kind_name((enum node_kind)k));
        }
    fprintf(out, ")");
    if (w->n_nodes > base)
        fprintf(out, " and %d spawn %s", w->n_nodes - base,
                plural(w->n_nodes - base, "slot", "slots"));
    fprintf(out, ", %d %s", w->n_edges, plural(w->n_edges, "tie", "ties"));
    if (w->n_edges) {
        fprintf(out, " (");
        sep = 0;
        for (int t = 0; t < TIE_COUNT; t++)
            if (types[t])
                fprintf(out, "%s%d %s", sep++ ? ", " : "", types[t],
                        world_tie_name((enum tie_type)t));
        fprintf(out, ")");
    }
    fprintf(out, ", %d %s", s->n_pressures, plural(s->n_pressures, "pressure", "pressures"));
    if (s->n_pressures) {
        fprintf(out, " (");
        for (int i = 0; i < s->n_pressures; i++) {
            const struct pressure *p = &s->pressures[i];
            if (p->from == p->to)
                fprintf(out, "%s%s at %d", i ? ", " : "", type_names[p->type], p->from);
            else
                fprintf(out, "%s%s %d..%d", i ? ", " : "", type_names[p->type], p->from,
                        p->to);
        }
        fprintf(out, ")");
    }
    fprintf(out, ", %d %s", s->steps, plural(s->steps, "step", "steps"));
    if (s->start && *s->start)
        fprintf(out, " (%s from %s)", s->unit, s->start);
    else if (s->unit && strcmp(s->unit, "step") != 0)
        fprintf(out, " (%s)", s->unit);
    fprintf(out, ", %ld %s, seed %llu, dynamics %s\n", s->replicas,
            plural(s->replicas, "replica", "replicas"), (unsigned long long)s->seed,
            s->params.dynamics ? "on" : "off");
}

void scenario_list_pressures(const struct scenario *s, FILE *out)
{
    for (int k = 0; k < s->n_pressures; k++) {
        const struct pressure *p = &s->pressures[k];
        fprintf(out, "%d %s %d %d %s\n", k, pressure_type_name(p->type), p->from, p->to,
                pressure_select_name(p->select));
    }
}
