/* sim/load/ytree.h - a small YAML document tree (scalars, sequences, mappings) with source positions.
 *
 * ytree_load() reads one YAML document with libyaml and turns it into a tree
 * of struct ytree nodes, each carrying the file, line and column (1-based) it
 * was written at, so that every later validation error can point at the
 * offending node. Mapping keys keep their file order; a key written twice in
 * one mapping is an error naming both places. Aliases are expanded into
 * copies; every copy counts against the node budget, and the budget and the
 * nesting depth are checked on the event stream before anything is built, so
 * an alias bomb ("billion laughs") or a pathologically deep file is refused
 * with a located error instead of exhausting memory or the stack.
 *
 * ytree_merge() overlays one tree on another (mappings key by key, sequences
 * by a caller-given rule per path); the scenario loader uses it for
 * `extends` and --set.
 *
 * Ownership: a tree owns its nodes and their text. The file name a node
 * points to is NOT copied: it must outlive the tree (the scenario loader
 * keeps every file name in struct scenario's file list).
 * Layer: sim/ (includes <yaml.h> in ytree.c only).
 */
#ifndef INFNET_SIM_YTREE_H
#define INFNET_SIM_YTREE_H

#include <stddef.h>

#include "sim/util/diag.h"

enum ytree_kind { YTREE_SCALAR, YTREE_SEQ, YTREE_MAP };

struct ytree {
    enum ytree_kind kind;
    const char *file;     /* not owned; see above */
    int line, col;        /* 1-based position of the node's first character */
    int plain;            /* scalars: 1 when written plain (not quoted, not a block scalar) */
    char *text;           /* scalars: the text, NUL-terminated; NULL otherwise */
    size_t len;           /* scalars: length of text */
    size_t n, cap;        /* sequences: items; mappings: key/value pairs */
    struct ytree **keys;  /* mappings: the key scalars (NULL for sequences) */
    struct ytree **items; /* sequences: the items; mappings: the values */
};

/* Hard cap on the nesting depth, whatever the configured limit: libyaml's
 * loader and the tree builder recurse once per level on the C stack (a few
 * hundred bytes per level); 4096 levels stay far below a default 8 MiB stack
 * while being hundreds of times deeper than any real scenario. */
#define YTREE_MAX_DEPTH 4096

/* Bounds applied while reading. */
struct ytree_limits {
    long max_bytes; /* size of the file or string */
    long max_depth; /* nesting depth after alias expansion (the root is depth 1);
                       at most YTREE_MAX_DEPTH is used */
    long max_nodes; /* nodes built, alias copies included, summed over *used */
};

/* Read the single YAML document in file `path` (which also names the nodes'
 * file and must outlive the tree). *used counts nodes built so far (several
 * files can share one budget): it is increased by this document's node count.
 * An empty document gives *root = NULL. Returns DIAG_OK, DIAG_INPUT (bad or
 * unreadable file, syntax, limits, duplicate keys) or DIAG_RUNTIME (out of
 * memory, read error of an open file), with d filled. */
int ytree_load(struct ytree **root, const char *path, const struct ytree_limits *lim, long *used,
               struct diag *d);

/* Parse text (len bytes) as a YAML document; positions are reported in file
 * `file` (not copied) shifted so that the text's first character is at
 * (line, col). Empty text gives a plain empty scalar. Same returns as above. */
int ytree_parse(struct ytree **root, const char *text, size_t len, const char *file, int line, int col,
                const struct ytree_limits *lim, long *used, struct diag *d);

void ytree_free(struct ytree *t);

/* A new empty node (text "" for scalars), or NULL when out of memory. */
struct ytree *ytree_new(enum ytree_kind kind, const char *file, int line, int col);
/* A new scalar holding a copy of len bytes of text, or NULL. */
struct ytree *ytree_new_scalar(const char *text, size_t len, int plain, const char *file, int line, int col);
/* Append an item to a sequence (val) or a pair to a mapping (key, val); the
 * container takes ownership. 0 ok, -1 out of memory (nothing taken). */
int ytree_append(struct ytree *t, struct ytree *key, struct ytree *val);

/* Index of key in mapping t, or -1 (also when t is not a mapping). */
long ytree_find(const struct ytree *t, const char *key);
/* Value of key in mapping t, or NULL. */
struct ytree *ytree_get(const struct ytree *t, const char *key);
/* Remove and free the pair of key in mapping t; 1 if it was there, else 0. */
int ytree_remove(struct ytree *t, const char *key);

/* 1 if t is a YAML null: a plain scalar "", "~", "null", "Null" or "NULL". */
int ytree_is_null(const struct ytree *t);
/* "a scalar", "a list", "a mapping": for messages. */
const char *ytree_kind_name(enum ytree_kind kind);

/* How ytree_merge() combines two sequences found at the same path. */
enum ytree_seq_merge {
    YTREE_SEQ_REPLACE, /* the overlay's sequence replaces the base's (the default) */
    YTREE_SEQ_APPEND,  /* the overlay's items follow the base's */
    YTREE_SEQ_BY_KEY   /* items that `same` matches merge; the others are appended */
};
struct ytree_merge_rule {
    const char *path; /* dotted mapping keys from the root, e.g. "network.nodes" */
    enum ytree_seq_merge mode;
    int (*same)(const struct ytree *a, const struct ytree *b); /* YTREE_SEQ_BY_KEY */
};

/* Overlay src on *dst and consume src: mappings merge key by key
 * (recursively), sequences follow the rule for their path (replace when
 * none), anything else is replaced by src. Nodes keep their own file and
 * position. Returns DIAG_OK, or DIAG_RUNTIME when out of memory (then *dst is
 * still a valid tree and src has been freed). */
int ytree_merge(struct ytree **dst, struct ytree *src, const struct ytree_merge_rule *rules, size_t n_rules,
                struct diag *d);

#endif
