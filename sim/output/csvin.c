/* sim/output/csvin.c - reading a CSV file by the names in its header, row by row (see csvin.h).
 *
 * The file is fed to libcsv one physical line at a time (getline), so that
 * the line number and the raw text of the line being parsed are known when
 * libcsv calls back: every refusal can name FILE:LINE:COL. The column of a
 * field is found again in that raw text (field_column), since libcsv reports
 * fields without their position. The first record is the header; each later
 * record must have as many fields as the header.
 * Ownership: the fields of the current record are copies held by the reader
 * and freed after each record; the callback must copy what it keeps. The
 * reader lives on csvin_read()'s stack and nothing outlives the call.
 * Includes: sim/util/diag.h, sim/util/grow.h, libcsv, POSIX getline.
 */
#include "sim/output/csvin.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <csv.h>

#include "sim/util/grow.h"

/* Longest "a,b,c" list of required columns quoted in a missing-column message. */
#define EXPECTED_MAX 256

/* A UTF-8 byte-order mark, which spreadsheet programs put before the first name. */
static const char UTF8_BOM[] = "\xEF\xBB\xBF";

struct csvin_reader {
    const char *path;
    const char *const *want;
    size_t n_want, n_required; /* the first n_required columns must exist; the others may not */
    uint32_t optional;         /* bit k: column k may be absent although k < n_required */
    int col[CSVIN_MAX_COLS];   /* field index of each wanted column, -1 when absent */
    size_t n_cols;             /* fields in the header */
    int header_done;
    long line;       /* the physical line being parsed */
    const char *raw; /* its text */
    char **fields;   /* the current record's fields, copied */
    size_t n_fields, cap_fields;
    csvin_row_fn on_row;
    csvin_header_fn on_header;
    void *user;
    struct diag *d;
    int rc; /* the first refusal; once set, everything else is skipped */
};

static int oom(struct diag *d)
{
    return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
}

/* 1-based column at which field k of the raw line starts (quotes respected). */
static int field_column(const char *raw, size_t k)
{
    size_t field = 0;
    int quoted = 0;
    if (k == 0 || !raw)
        return 1;
    for (size_t i = 0; raw[i]; i++) {
        if (raw[i] == '"')
            quoted = !quoted;
        else if (raw[i] == ',' && !quoted && ++field == k)
            return i + 2 <= INT_MAX ? (int)i + 2 : 1;
    }
    return 1;
}

static int fail_field_v(struct csvin_reader *r, size_t field, const char *fmt, va_list ap)
{
    char msg[sizeof r->d->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    int line = r->line > INT_MAX ? INT_MAX : (int)r->line;
    return r->rc = diag_set(r->d, DIAG_INPUT, r->path, line, field_column(r->raw, field), "%s", msg);
}

/* Refuse the file at field (0-based, of the current physical line). */
static int fail_field(struct csvin_reader *r, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_field(struct csvin_reader *r, size_t field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_field_v(r, field, fmt, ap);
    va_end(ap);
    return rc;
}

void *csvin_user(const struct csvin_reader *r)
{
    return r->user;
}

long csvin_line(const struct csvin_reader *r)
{
    return r->line;
}

int csvin_column(const struct csvin_reader *r, size_t k)
{
    assert(k < r->n_want);
    return field_column(r->raw, r->col[k] >= 0 ? (size_t)r->col[k] : 0);
}

int csvin_fail(struct csvin_reader *r, size_t k, const char *fmt, ...)
{
    assert(k < r->n_want);
    va_list ap;
    va_start(ap, fmt);
    /* an absent optional column is located at the start of the line */
    int rc = fail_field_v(r, r->col[k] >= 0 ? (size_t)r->col[k] : 0, fmt, ap);
    va_end(ap);
    return rc;
}

int csvin_fail_field(struct csvin_reader *r, size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_field_v(r, i, fmt, ap);
    va_end(ap);
    return rc;
}

static void clear_fields(struct csvin_reader *r)
{
    for (size_t i = 0; i < r->n_fields; i++)
        free(r->fields[i]);
    r->n_fields = 0;
}

static void on_field(void *field, size_t len, void *data)
{
    struct csvin_reader *r = data;
    if (r->rc)
        return;
    if (grow_array((void **)&r->fields, &r->cap_fields, r->n_fields + 1, sizeof *r->fields)) {
        r->rc = oom(r->d);
        return;
    }
    if (len && memchr(field, '\0', len)) {
        fail_field(r, r->n_fields, "a field contains a NUL byte");
        return;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->rc = oom(r->d);
        return;
    }
    if (len)
        memcpy(copy, field, len);
    copy[len] = '\0';
    r->fields[r->n_fields++] = copy;
}

/* The first record: find every wanted column. */
static void read_header(struct csvin_reader *r)
{
    char expected[EXPECTED_MAX] = "";
    for (size_t k = 0; k < r->n_required; k++) {
        if (r->optional >> k & 1u)
            continue;
        if (*expected)
            strncat(expected, ",", sizeof expected - strlen(expected) - 1);
        strncat(expected, r->want[k], sizeof expected - strlen(expected) - 1);
    }
    for (size_t k = 0; k < r->n_want; k++)
        r->col[k] = -1;
    for (size_t i = 0; i < r->n_fields; i++) {
        const char *name = r->fields[i];
        if (i == 0 && !strncmp(name, UTF8_BOM, sizeof UTF8_BOM - 1))
            name += sizeof UTF8_BOM - 1;
        for (size_t k = 0; k < r->n_want; k++)
            if (!strcmp(name, r->want[k])) {
                if (r->col[k] >= 0) {
                    fail_field(r, i, "column '%s' appears twice", name);
                    return;
                }
                r->col[k] = (int)i;
            }
    }
    for (size_t k = 0; k < r->n_required; k++)
        if (r->col[k] < 0 && !(r->optional >> k & 1u)) {
            fail_field(r, 0, "missing column '%s' (the header needs %s)", r->want[k], expected);
            return;
        }
    r->n_cols = r->n_fields;
    r->header_done = 1;
    if (r->on_header) {
        if (r->n_fields && !strncmp(r->fields[0], UTF8_BOM, sizeof UTF8_BOM - 1))
            memmove(r->fields[0], r->fields[0] + sizeof UTF8_BOM - 1,
                    strlen(r->fields[0]) - (sizeof UTF8_BOM - 1) + 1);
        r->rc = r->on_header(r, (const char *const *)r->fields, r->n_fields);
    }
}

static void on_record(int term, void *data)
{
    struct csvin_reader *r = data;
    (void)term;
    if (!r->rc) {
        if (!r->header_done) {
            read_header(r);
        } else if (r->n_fields != r->n_cols) {
            fail_field(r, r->n_fields < r->n_cols ? 0 : r->n_cols, "%zu fields, but the header has %zu",
                       r->n_fields, r->n_cols);
        } else {
            const char *v[CSVIN_MAX_COLS];
            for (size_t k = 0; k < r->n_want; k++)
                v[k] = r->col[k] >= 0 ? r->fields[r->col[k]] : NULL;
            r->rc = r->on_row(r, v);
        }
    }
    clear_fields(r);
}

int csvin_read_opt(const char *path, const char *const *want, size_t n_want, size_t n_required,
                   const struct csvin_options *opt, csvin_row_fn on_row, void *user, struct diag *d)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return diag_set(d, DIAG_RUNTIME, path, 0, 0, "cannot open: %s", strerror(errno));
    int rc = csvin_read_stream(f, path, want, n_want, n_required, opt, on_row, user, d);
    fclose(f);
    return rc;
}

int csvin_read(const char *path, const char *const *want, size_t n_want, size_t n_required,
               csvin_row_fn on_row, void *user, struct diag *d)
{
    return csvin_read_opt(path, want, n_want, n_required, NULL, on_row, user, d);
}

/* No character is a space: fields are kept as written. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

int csvin_read_stream(FILE *f, const char *path, const char *const *want, size_t n_want, size_t n_required,
                      const struct csvin_options *opt, csvin_row_fn on_row, void *user, struct diag *d)
{
    assert(n_want <= CSVIN_MAX_COLS && n_required <= n_want);
    struct csvin_reader r;
    long max_bytes = opt ? opt->max_bytes : 0, total = 0;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.want = want;
    r.n_want = n_want;
    r.n_required = n_required;
    r.on_row = on_row;
    r.on_header = opt ? opt->on_header : NULL;
    r.optional = opt ? opt->optional : 0u;
    r.user = user;
    r.d = d;
    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return oom(d);
    if (opt && opt->keep_spaces)
        csv_set_space_func(&cp, no_space);
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    /* getline ends with -1 both at the end of the file and when it cannot
     * grow its buffer (errno ENOMEM, no error flag): errno tells them apart */
    while (!r.rc && (errno = 0, len = getline(&buf, &cap, f)) > 0) {
        r.line++;
        r.raw = buf;
        total += len;
        if (max_bytes > 0 && total > max_bytes) {
            r.rc = diag_set(d, DIAG_INPUT, path, 0, 0, "more than %ld bytes, above the limit", max_bytes);
            break;
        }
        if (csv_parse(&cp, buf, (size_t)len, on_field, on_record, &r) != (size_t)len && !r.rc)
            r.rc = csv_error(&cp) == CSV_ENOMEM
                       ? oom(d)
                       : fail_field(&r, 0, "malformed CSV: %s", csv_strerror(csv_error(&cp)));
    }
    if (!r.rc && len < 0 && errno == ENOMEM)
        r.rc = oom(d);
    if (!r.rc && ferror(f))
        r.rc = diag_set(d, DIAG_RUNTIME, path, 0, 0, "read error: %s", strerror(errno));
    if (!r.rc && csv_fini(&cp, on_field, on_record, &r) != 0 && !r.rc)
        r.rc = csv_error(&cp) == CSV_ENOMEM
                   ? oom(d)
                   : fail_field(&r, 0, "malformed CSV: %s", csv_strerror(csv_error(&cp)));
    if (!r.rc && !r.header_done)
        r.rc = diag_set(d, DIAG_INPUT, path, 0, 0, "the file is empty (expected a header row)");
    csv_free(&cp);
    clear_fields(&r);
    free(r.fields);
    free(buf);
    return r.rc;
}

/* Digits from s on; how many. */
static size_t digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

/* The form csvout_format_number() writes: -?D+(.D+)?(e[+-]?D+)? with D a
 * decimal digit, or Inf, -Inf. Length of that form at the start of s, 0 when
 * s does not start with it. */
static size_t number_form(const char *s)
{
    size_t i = s[0] == '-';
    if (!strcmp(s + i, "Inf"))
        return i + 3;
    size_t n = digits(s + i);
    if (!n)
        return 0;
    i += n;
    if (s[i] == '.') {
        if (!(n = digits(s + i + 1)))
            return 0;
        i += 1 + n;
    }
    if (s[i] == 'e') {
        size_t j = i + 1 + (s[i + 1] == '+' || s[i + 1] == '-');
        if (!(n = digits(s + j)))
            return 0;
        i = j + n;
    }
    return i;
}

int csvin_number(const char *s, double *out)
{
    if (!s || !*s) {
        *out = NAN;
        return 0;
    }
    size_t len = number_form(s);
    if (!len || s[len])
        return -1;
    const char *inf = s + (s[0] == '-');
    if (!strcmp(inf, "Inf")) {
        *out = s[0] == '-' ? -INFINITY : INFINITY;
        return 0;
    }
    errno = 0;
    double v = strtod(s, NULL);
    if (isinf(v) || (errno == ERANGE && fabs(v) > 1))
        return -1;
    *out = v;
    return 0;
}
