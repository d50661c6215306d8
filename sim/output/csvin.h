/* sim/output/csvin.h - reading a CSV file by the names in its header, row by row.
 *
 * csvin_read() parses a file with libcsv (strict quoting) one physical line
 * at a time, finds the wanted columns in its header by name (in any order;
 * other columns are ignored; a UTF-8 byte-order mark before the first name is
 * skipped) and hands every data row to a callback, with the fields of the
 * wanted columns in the order they were asked for. Every refusal fills the
 * caller's struct diag as FILE:LINE:COL, COL being where the field starts on
 * its physical line; codes as in sim/util/diag.h (2 bad input, 1 I/O or memory).
 * Layer: sim/ (uses sim/util/diag.h and libcsv).
 */
#ifndef INFNET_SIM_CSVIN_H
#define INFNET_SIM_CSVIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/util/diag.h"

/* Most wanted columns of one file (comparison.csv, sim/output/schema.h, has twenty-one). */
#define CSVIN_MAX_COLS 24

/* The state of one csvin_read() call; row callbacks see it only through the
 * functions below, and only while the call runs. */
struct csvin_reader;

/* Called for each data row: v[k] is the field of wanted column k, NULL when
 * that column is optional and absent from the header. Returns DIAG_OK, or a
 * code after filling the diag (csvin_fail() does both); a nonzero code stops
 * the reading and is csvin_read()'s result. */
typedef int (*csvin_row_fn)(struct csvin_reader *r, const char *const *v);

/* Read path row by row. want[0 .. n_want) are the column names; the first
 * n_required must be in the header, the others may be missing.
 * n_required <= n_want <= CSVIN_MAX_COLS. user is handed to the callback
 * (csvin_user()). Refused: a file that cannot be opened or read (1), that is
 * empty, malformed (libcsv's message), lacks a required column, names a
 * wanted column twice, has a row with another number of fields than its
 * header or a field with a NUL byte (2), or whatever on_row refuses. */
int csvin_read(const char *path, const char *const *want, size_t n_want, size_t n_required,
               csvin_row_fn on_row, void *user, struct diag *d);

/* Called once after the header row: names[0 .. n) are its fields (the
 * byte-order mark stripped). Returns DIAG_OK or a refusal, as csvin_row_fn. */
typedef int (*csvin_header_fn)(struct csvin_reader *r, const char *const *names, size_t n);

/* What csvin_read_stream() adds to csvin_read(). */
struct csvin_options {
    long max_bytes;            /* > 0: refuse a file longer than this (2) */
    csvin_header_fn on_header; /* NULL: none */
    int keep_spaces;           /* 1: a field's leading and trailing spaces and tabs are part of it (libcsv
                                  strips them otherwise), so that a reader can refuse them */
    uint32_t optional;         /* bit k: wanted column k may be absent even when k < n_required (a column
                                  added to a file after others were written without it) */
};

/* As csvin_read(), on a stream the caller opened (and closes); path names
 * it in messages. opt may be NULL. */
int csvin_read_stream(FILE *f, const char *path, const char *const *want, size_t n_want, size_t n_required,
                      const struct csvin_options *opt, csvin_row_fn on_row, void *user, struct diag *d);
/* As csvin_read(), with options (opt may be NULL). */
int csvin_read_opt(const char *path, const char *const *want, size_t n_want, size_t n_required,
                   const struct csvin_options *opt, csvin_row_fn on_row, void *user, struct diag *d);

/* A numeric field of an infnet output, in the form sim/output/csvout.h
 * writes it and nothing else: decimal, -?D+(.D+)?(e[+-]?D+)? (no space, no
 * '+' sign, no hexadecimal, no "nan" or "inf"), or Inf, -Inf; an empty
 * field (or NULL) is NaN, an undefined value (docs/OUTPUTS.md). 0, or -1
 * for anything else (also a number too large for a double). */
int csvin_number(const char *s, double *out);

/* The user pointer given to csvin_read(). */
void *csvin_user(const struct csvin_reader *r);
/* The physical line (1-based) on which the current row ends. */
long csvin_line(const struct csvin_reader *r);
/* The column (1-based) at which the field of wanted column k starts on the
 * current physical line (1 when that column is absent). */
int csvin_column(const struct csvin_reader *r, size_t k);
/* Refuse the current row at the field of wanted column k: fills the diag
 * (code 2, path, line, the field's column, the message) and returns 2. */
int csvin_fail(struct csvin_reader *r, size_t k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same at field i (0-based) of the current physical line, whether
 * wanted or not (for on_header: column i of the header). */
int csvin_fail_field(struct csvin_reader *r, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
