/* sim/load/import.h - network.import and the rules shared by its readers.
 *
 * Internal to sim/load/. Errors as sim/load/loader.h; an import's refusals
 * are located at the import key and name the file (and line). The rules
 * (docs/FORMAT.md, "Importing a network"): any id is accepted and kept as
 * the label, mapped to an internal id; kinds are read in any case; weights
 * above 1 are read only as the import says (weights_as); inactive nodes of
 * an infnet snapshot are absent; successor and patron name ids of the file.
 */
#ifndef INFNET_SIM_LOAD_IMPORT_H
#define INFNET_SIM_LOAD_IMPORT_H

#include <stdio.h>

#include "sim/load/idmap.h"
#include "sim/load/loader.h"

/* The formats an import reads (import format:, analyze --format). */
enum import_format {
    FORMAT_GRAPHML,
    FORMAT_CSV,
    FORMAT_GML,
    FORMAT_PAJEK,
    FORMAT_DL,
    FORMAT_NCOL,
    FORMAT_LGL,
    FORMAT_GEXF,
    FORMAT_DYNETML,
    FORMAT_COUNT
};
extern const char *const import_formats[FORMAT_COUNT];
#define IMPORT_FORMAT_LIST "graphml, csv, gml, pajek, dl, ncol, lgl, gexf or dynetml"

/* The format of a file by its extension (any case): .graphml .xml .csv .gml
 * .net .paj .dl .ncol .lgl .gexf .dynetml; -1 for none of them. */
int import_format_of(const char *name);

/* How weights are read (import weights_as, analyze --weights-as). */
enum import_weights { WEIGHTS_AS_GIVEN, WEIGHTS_NORMALIZE, WEIGHTS_COUNTS };

/* A reference of an imported node (successor or patron), resolved once
 * every node of the file exists. */
struct import_ref {
    int node;   /* the node that names it */
    int patron; /* 1 patron, 0 successor */
    char *id;   /* the file id it names */
    long line;
    const char *file; /* the file of that line (the network or its node table) */
};

/* One import in progress. */
struct import {
    struct loader *L;
    const struct ytree *at; /* the import key: where errors point */
    const char *file;       /* the import file, as named in messages */
    enum node_kind kind;    /* default kind of imported nodes */
    int kind_given;         /* the kind was stated (import kind, --default-kind) */
    enum tie_type type;     /* default type of imported ties */
    enum import_weights weights;
    const char *weights_hint; /* how to say "read weights above 1" in a message */
    int first;                /* index of the first imported node */
    int first_edge;           /* index of the first imported tie */
    int rc;                   /* the first refusal; once set, the import stops */
    struct idmap by_file;     /* the file's own id -> node index, -2 for an absent (inactive) node */
    char **file_ids;          /* owned keys of by_file */
    int n_file_ids, cap_file_ids;
    double *raw;    /* per imported tie: its weight as written (weights_as) */
    long *tie_line; /* per imported tie: its line */
    int cap_raw;
    struct import_ref *refs;
    int n_refs, cap_refs;
    int n_kindless; /* nodes the file gives no kind */
    int n_renamed;  /* nodes whose id is not an infnet id */
    int n_absent;   /* inactive nodes left out */
};

/* What a reader knows of one node; NULL or has = 0 for what the file does not say. */
#define IMPORT_NUMBERS 5 /* strength, stance, budget, revenue, authority */
struct import_attrs {
    const char *label;
    const char *kind;
    int has[IMPORT_NUMBERS]; /* 1 number in num, -1 not a number (text in bad) */
    double num[IMPORT_NUMBERS];
    const char *bad[IMPORT_NUMBERS];
    const char *successor, *patron;
    int inactive; /* an infnet snapshot's active = false */
};

/* The names of the numeric node attributes, in import_attrs order. */
extern const char *const import_number_names[IMPORT_NUMBERS];

/* Refuse the import: DIAG_INPUT at the import key, "in 'FILE' line N: ..."
 * (line 0: no line). Sets and returns im->rc. */
int import_fail(struct import *im, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same, with the column of the fault on that line (when the loader reads
 * a bare network file, whose errors are located in the file itself). */
int import_fail_at(struct import *im, long line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Kind name in any case ("Faction", "FACTION"): 0 ok, -1 unknown. */
int import_kind_parse(const char *text, enum node_kind *k);

/* The node of file id `id`: new (created with the import's kind), or an
 * earlier node of the same file when reuse is allowed (edge lists). *out
 * is -1 for a node left out as inactive. */
int import_node(struct import *im, const char *id, long line, int reuse, int *out);

/* A node with what the file says of it (attrs may be NULL): created as
 * import_node(reuse 0) does, then given its kind, label and state. *out is
 * -1 when the node is inactive (left out). */
int import_add(struct import *im, const char *id, long line, const struct import_attrs *attrs, int *out);

/* Set what the file says of node idx (file id `id`): label, state, references. */
int import_set_attrs(struct import *im, int idx, const char *id, long line, const struct import_attrs *a);

/* Add an imported tie a-b; type_text/weight_text NULL or "" for the defaults. */
int import_tie(struct import *im, int a, int b, const char *type_text, int has_weight, double weight,
               const char *weight_text, long line);

/* Read all of f into *text (malloc'd, len bytes), refusing more than
 * --limit file-bytes. */
int import_slurp(struct import *im, FILE *f, char **text, size_t *len);

/* network.import: ikey is the import key, iv its value (a file name or a mapping). */
int import_check(struct loader *L, const struct ytree *ikey, const struct ytree *iv);

#endif
