/* sim/load/loader.h - the state of one scenario load and the helpers that read located values.
 *
 * Internal to sim/load/, and used by sim/sweep/experiment.c, which reads
 * experiment files with the same messages: every helper that reads a YAML
 * value refuses a bad one with loader_fail(), DIAG_INPUT at the value's
 * FILE:LINE:COL, and returns the diag code; DIAG_OK otherwise. loader_oom()
 * reports memory.
 * Layer: sim/ (models/world.h, sim/load/ytree.h, igraph). */
#ifndef INFNET_SIM_LOAD_LOADER_H
#define INFNET_SIM_LOAD_LOADER_H

#include <stddef.h>

#include <igraph.h>

#include "models/world.h"
#include "sim/load/idmap.h"
#include "sim/load/scenario.h"
#include "sim/load/ytree.h"
#include "sim/util/diag.h"

/* Defaults of values a scenario may leave out (DESIGN.md, docs/FORMAT.md). */
#define DEFAULT_WEIGHT 1.0   /* ties are at full weight unless given */
#define DEFAULT_STRENGTH 1.0 /* actors at full strength unless given */
#define DEFAULT_STANCE 0.5   /* undecided between calm (0) and escalate (1) */

/* Longest scenario name: it becomes a directory and a CSV column value. */
#define NAME_MAX_LEN 64

/* Buffer for a dotted model key (GROUP.NAME), a message fragment or a formatted id. */
#define KEY_BUF 256

/* Room for the decimal digits of an int and a separator ("g" + "123456", "kh" + "+3"). */
#define INT_TEXT 24

/* Ids: [A-Za-z0-9_.:-]+ ; '+' is kept for spawn slots ("PARENT+K"). */
#define ID_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"

/* Smallest tie weight accepted (scenario edges, generate, imports). Weights
 * are in [LOADER_MIN_WEIGHT, 1]: a tie a million times weaker than the
 * strongest is none the model can tell from no tie (ties fade out below
 * model.ties.min_weight anyway), and weights near the subnormal range make
 * igraph's community detection (Leiden) compare quality gains that underflow
 * to 0, so that it never converges (docs/FORMAT.md, "Value ranges"). */
#define LOADER_MIN_WEIGHT 1e-6

/* Largest budget or revenue accepted: sums over every node and replica and
 * their squares (for the standard deviations) stay finite (2e6 nodes x 1e15
 * = 2e21; (1e15)^2 x 1e8 replicas = 1e38, far below DBL_MAX), while a
 * real budget in any currency's units still fits (docs/FORMAT.md). */
#define LOADER_MAX_AMOUNT 1e15

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct loader {
    struct scenario *s;
    const struct scenario_limits *lim;
    struct diag *d;
    struct ytree_limits ylim;
    long yaml_used;
    struct ytree *root;
    struct ytree root_at;         /* position of the main file's root (for "missing ...") */
    struct idmap ids;             /* node id -> index */
    struct idmap sources;         /* source key -> index */
    int cap_names;                /* capacity of s->ids, s->labels, node_at */
    const struct ytree **node_at; /* per node: its YAML mapping, NULL if generated/imported */
    int n_yaml;                   /* nodes written in YAML (the first n_yaml) */
    const struct ytree **tie_at;  /* per tie: its YAML mapping, NULL if generated/imported */
    int cap_ties;
    const char *set_option; /* while an option's override applies: the option (as "-n/--replicas"),
                               the file its errors name; NULL for --set */
    int bare;               /* loading a bare network file (scenario_load_network):
                               refusals name that file, not the scenario made for it */
    const struct scenario_network_options *netopt; /* a bare network file's options, or NULL */
};

/* Which node keys apply to which kinds (keys not listed apply to all). */
struct kind_rule {
    const char *key;
    unsigned kinds;  /* bit k set: applies to kind k */
    const char *who; /* for the message */
};
#define KBIT(k) (1u << (k))

/* igraph calls in the loader report errors as codes (not abort) and keep
 * quiet (library code does not print); the caller's handlers are restored. */
struct loader_quiet {
    igraph_error_handler_t *err;
    igraph_warning_handler_t *warn;
};

/* Refuse: DIAG_INPUT located at `at` (the scenario file when NULL). */
int loader_fail(struct loader *L, const struct ytree *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* DIAG_RUNTIME: out of memory loading the scenario. */
int loader_oom(struct loader *L);

/* " (did you mean 'X'?)" when a candidate is close to s, else "". */
const char *loader_suggest(char *buf, size_t n, const char *s, const char *const *cand, size_t nc);

int loader_in_list(const char *s, const char *const *list, size_t n);

/* Every key of map must be one of allowed; `section` names the map in messages. */
int loader_check_keys(struct loader *L, const struct ytree *map, const char *const *allowed, size_t n,
                      const char *section);

/* The value of key in map, or NULL when absent or null (`key:`, `key: ~`). */
const struct ytree *loader_opt(const struct ytree *map, const char *key);

const struct ytree *loader_key(const struct ytree *map, const char *key);

int loader_need(struct loader *L, const struct ytree *map, const char *key, const char *section,
                const struct ytree **out);

int loader_want(struct loader *L, const struct ytree *v, const char *key, enum ytree_kind kind);

/* Number syntax: [+-]digits[.digits][e[+-]digits] (also .5 and 5.); no
 * hexadecimal, inf or nan, which strtod() would otherwise accept. 0 ok, -1
 * not a finite number, -2 a nonzero number too close to 0 for a normal
 * double (below DBL_MIN: subnormal, or 0 after underflow), which is refused
 * everywhere: such values lose precision and stall iterative algorithms. */
int loader_parse_real(const char *t, double *out);

/* Integer syntax: [+-]digits. 0 ok, -1 not an integer, -2 out of range. */
int loader_parse_long(const char *t, long *out);

int loader_number_node(struct loader *L, const struct ytree *v, const char *key, const char *what);

void loader_range_text(char *buf, size_t n, double lo, double hi, int lo_open);

int loader_real(struct loader *L, const struct ytree *v, const char *key, double lo, double hi, int lo_open,
                double *out);

int loader_long(struct loader *L, const struct ytree *v, const char *key, long lo, long hi, long *out);

int loader_int(struct loader *L, const struct ytree *v, const char *key, long lo, long hi, int *out);

int loader_bool(struct loader *L, const struct ytree *v, const char *key, int *out);

/* Optional variants: leave *out alone when the key is absent or null. */
int loader_opt_real(struct loader *L, const struct ytree *map, const char *key, double lo, double hi,
                    int lo_open, double *out);

int loader_opt_string(struct loader *L, const struct ytree *map, const char *key, const char **out);

/* Owned copy of s into *dst (freeing the old one). */
int loader_set_string(struct loader *L, char **dst, const char *s);

/* Ids: [A-Za-z0-9_.:-]+ ; '+' is kept for spawn slots ("PARENT+K"). */
int loader_valid_id(const char *id);

const char *loader_id_rule(const char *id);

/* NULL when text may be written into every output (CSV, JSON, GraphML) as
 * it is: valid UTF-8 without control characters (C0, DEL, C1) or Unicode
 * noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF), none of which XML 1.0
 * or a CSV reader takes safely. Otherwise the broken rule, for a message. */
const char *loader_text_rule(const char *text);

/* text as it may be quoted in a message: control characters and bytes that
 * are not UTF-8 written as \xNN, cut with "..." to fit buf (n >= 8). Returns buf. */
const char *loader_quote(char *buf, size_t n, const char *text);

/* Add a file name to s->files; *name gets the stored copy. */
int loader_add_file(struct loader *L, const char *path, const char **name);

/* dir(base) joined with rel, unless rel is absolute. Caller frees. */
char *loader_relative_path(const char *base, const char *rel);

int loader_grow_names(struct loader *L, int need_n);

/* Add node `id` (not yet in the map) of kind k; at: its YAML mapping or NULL. */
int loader_add_node(struct loader *L, enum node_kind k, const char *id, const char *label,
                    const struct ytree *at, int *out);

int loader_grow_tie_at(struct loader *L, int need_n);

/* Kind names in the plural, for "applies to ... only" messages. */
const char *loader_kind_plural(enum node_kind k);

const struct kind_rule *loader_kind_rule(const char *key);

/* A funding tie comes from an agency or an institution, a command tie from an
 * agency or a leader: returns the rule text when from's kind breaks it. */
const char *loader_tie_source_rule(enum tie_type t, enum node_kind from);

/* "a" or "an" before a kind name. */
const char *loader_article(enum node_kind k);

/* " (did you mean 'X'?)" over the kind names (models/world.c's spelling). */
const char *loader_suggest_kind(char *buf, size_t n, const char *s);

/* The same over the tie type names. */
const char *loader_suggest_tie(char *buf, size_t n, const char *s);

int loader_kind(struct loader *L, const struct ytree *v, const char *key, enum node_kind *k);

int loader_tie_type(struct loader *L, const struct ytree *v, const char *key, enum tie_type *t);

/* The node named by scalar v; `where` names the place for messages. */
int loader_resolve_node(struct loader *L, const struct ytree *v, const char *key, const char *where,
                        int *out);

/* Position text "L:C" of node a, with its file when it is not in file `in`. */
void loader_where(char *buf, size_t n, const struct ytree *a, const char *in);

void loader_quiet_begin(struct loader_quiet *q);

void loader_quiet_end(const struct loader_quiet *q);

#endif
