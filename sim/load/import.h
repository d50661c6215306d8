/* sim/load/import.h - network.import and the rules shared by its GraphML and CSV readers.
 *
 * Internal to sim/load/. Errors as sim/load/loader.h; an import's refusals
 * are located at the import key and name the file (and line).
 */
#ifndef INFNET_SIM_LOAD_IMPORT_H
#define INFNET_SIM_LOAD_IMPORT_H

#include <stdio.h>

#include "sim/load/loader.h"

/* One import in progress. */
struct import {
    struct loader *L;
    const struct ytree *at; /* the import key: where errors point */
    const char *file;       /* the import file, as named in messages */
    enum node_kind kind;    /* default kind of imported nodes */
    enum tie_type type;     /* default type of imported ties */
    int first;              /* index of the first imported node */
    int rc;                 /* the first refusal; once set, the import stops */
};

/* Refuse the import: DIAG_INPUT at the import key, "in 'FILE' line N: ..."
 * (line 0: no line). Sets and returns im->rc. */
int import_fail(struct import *im, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same, with the column of the fault on that line (when the loader reads
 * a bare network file, whose errors are located in the file itself). */
int import_fail_at(struct import *im, long line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The node `id` of the import file: new (created with the import's kind), or
 * an earlier node of the same file when reuse is allowed (edge lists). */
int import_node(struct import *im, const char *id, long line, int reuse, int *out);

/* Add an imported tie a-b; type_text/weight_text NULL or "" for the defaults. */
int import_tie(struct import *im, int a, int b, const char *type_text, int has_weight, double weight,
               const char *weight_text, long line);

/* Read all of f into *text (malloc'd, len bytes), refusing more than
 * --limit file-bytes. */
int import_slurp(struct import *im, FILE *f, char **text, size_t *len);

/* network.import: ikey is the import key, iv its value (a file name or a mapping). */
int import_check(struct loader *L, const struct ytree *ikey, const struct ytree *iv);

#endif
