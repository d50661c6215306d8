/* sim/load/edgelist.c - importing a CSV edge list through the shared reader sim/output/csvin.h.
 *
 * The header names the columns: from and to are required, type and weight
 * optional, any other name is refused (checked here, in on_header: csvin
 * itself ignores columns it was not asked for). Each row adds its two nodes (new, or
 * seen earlier in this file) and one tie. csvin locates its own refusals at
 * FILE:LINE:COL in the CSV file; they are restated here like every import
 * refusal, at the import key, naming the file and line.
 * A node table (import nodes, analyze --nodes) beside the edge list gives
 * the nodes first, with their kind, label and state (nodetable_import).
 * A file whose header has neither a from nor a to column is not an edge
 * list: it is refused without quoting its content, since the file may be
 * anything readable (a mistyped path to a private file, say).
 * Includes: sim/output/csvin.h, sim/load/import.h.
 */
#include "sim/load/edgelist.h"

#include <string.h>

#include "sim/output/csvin.h"

static const char *const csv_columns[] = {"from", "to", "type", "weight"};
enum { CSV_FROM, CSV_TO, CSV_TYPE, CSV_WEIGHT };

/* Longest column name quoted back in a message; longer names, or names with
 * other characters than these, are referred to by their position only. */
#define COLUMN_NAME_MAX 32
#define COLUMN_NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ .-"

static int quotable(const char *name)
{
    size_t n = strlen(name);
    return n > 0 && n <= COLUMN_NAME_MAX && strspn(name, COLUMN_NAME_CHARS) == n;
}

static int on_header(struct csvin_reader *r, const char *const *names, size_t n)
{
    struct import *im = csvin_user(r);
    char sb[KEY_BUF];
    int from = 0, to = 0;
    for (size_t i = 0; i < n; i++) {
        from |= !strcmp(names[i], "from");
        to |= !strcmp(names[i], "to");
    }
    if (!from && !to)
        return import_fail(im, 1,
                           "not a CSV edge list: the header row needs the columns from and "
                           "to (and may have type and weight)");
    for (size_t i = 0; i < n; i++) {
        if (loader_in_list(names[i], csv_columns, COUNT(csv_columns)) >= 0)
            continue;
        if (!quotable(names[i]))
            return import_fail(im, 1,
                               "column %zu has an unknown name; the columns are from, to, "
                               "type, weight",
                               i + 1);
        return import_fail(im, 1,
                           "unknown column '%s' (column %zu)%s; the columns are from, to, "
                           "type, weight",
                           names[i], i + 1,
                           loader_suggest(sb, sizeof sb, names[i], csv_columns, COUNT(csv_columns)));
    }
    if (!from || !to)
        return import_fail(im, 1, "missing column '%s' (the header needs from and to)", from ? "to" : "from");
    return DIAG_OK;
}

/* A node an edge names: one of the node table's, an earlier one, or new
 * (given the import's kind). */
static int edge_node(struct import *im, const char *id, long line, int *out)
{
    if (idmap_get(&im->by_file, id) != -1)
        return import_node(im, id, line, 1, out);
    return import_add(im, id, line, NULL, out);
}

static int on_row(struct csvin_reader *r, const char *const *v)
{
    struct import *im = csvin_user(r);
    long line = csvin_line(r);
    int a, b;
    if (edge_node(im, v[CSV_FROM], line, &a) != DIAG_OK || edge_node(im, v[CSV_TO], line, &b) != DIAG_OK)
        return im->rc;
    import_tie(im, a, b, v[CSV_TYPE], 0, 0, v[CSV_WEIGHT], line);
    return im->rc;
}

/* The csvin refusal in d, restated as an import refusal. */
static int restate(struct import *im, int rc, struct diag *d)
{
    if (rc == DIAG_OK || im->rc != DIAG_OK)
        return im->rc; /* a refusal of this file's rows or header is already in the diag */
    if (d->code != DIAG_INPUT) {
        *im->L->d = *d;
        return im->rc = rc;
    }
    return import_fail_at(im, d->line, d->col, "%s", d->msg);
}

/* ------------------------------------------------------------ node table */

static const char *const table_columns[] = {"id",     "label",   "kind",      "strength",  "stance",
                                            "budget", "revenue", "authority", "successor", "patron"};
enum { T_ID, T_LABEL, T_KIND, T_NUMBERS, T_SUCCESSOR = T_NUMBERS + IMPORT_NUMBERS, T_PATRON };

static int on_table_header(struct csvin_reader *r, const char *const *names, size_t n)
{
    struct import *im = csvin_user(r);
    char sb[KEY_BUF];
    for (size_t i = 0; i < n; i++) {
        if (loader_in_list(names[i], table_columns, COUNT(table_columns)) >= 0)
            continue;
        if (!quotable(names[i]))
            return import_fail(im, 1,
                               "node table: column %zu has an unknown name; the columns are id, label, "
                               "kind, strength, stance, budget, revenue, authority, successor, patron",
                               i + 1);
        return import_fail(im, 1,
                           "node table: unknown column '%s' (column %zu)%s; the columns are id, label, kind, "
                           "strength, stance, budget, revenue, authority, successor, patron",
                           names[i], i + 1,
                           loader_suggest(sb, sizeof sb, names[i], table_columns, COUNT(table_columns)));
    }
    return DIAG_OK;
}

static int on_table_row(struct csvin_reader *r, const char *const *v)
{
    struct import *im = csvin_user(r);
    struct import_attrs a;
    int idx;
    memset(&a, 0, sizeof a);
    a.label = v[T_LABEL];
    a.kind = v[T_KIND];
    a.successor = v[T_SUCCESSOR];
    a.patron = v[T_PATRON];
    for (int k = 0; k < IMPORT_NUMBERS; k++) {
        const char *t = v[T_NUMBERS + k];
        if (!t || !*t)
            continue;
        a.bad[k] = t;
        a.has[k] = loader_parse_real(t, &a.num[k]) == -1 ? -1 : 1;
    }
    return import_add(im, v[T_ID], csvin_line(r), &a, &idx);
}

int nodetable_import(struct import *im, FILE *f, const char *name)
{
    struct diag d;
    struct csvin_options opt = {.max_bytes = im->L->lim->max_file_bytes, .on_header = on_table_header};
    const char *edges = im->file;
    diag_init(&d);
    im->file = name;
    int rc = csvin_read_stream(f, name, table_columns, COUNT(table_columns), 1, &opt, on_table_row, im, &d);
    rc = restate(im, rc, &d);
    im->file = edges;
    return rc;
}

int edgelist_import(struct import *im, FILE *f)
{
    struct diag d;
    struct csvin_options opt = {
        .max_bytes = im->L->lim->max_file_bytes, .on_header = on_header, .keep_spaces = 0};
    diag_init(&d);
    int rc = csvin_read_stream(f, im->file, csv_columns, COUNT(csv_columns), 0, &opt, on_row, im, &d);
    return restate(im, rc, &d);
}
