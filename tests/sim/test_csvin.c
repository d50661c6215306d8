/* tests/sim/test_csvin.c - the header-checked CSV reader (sim/csvin) on small hand-written files.
 *
 * Each test writes a file into a temporary directory, reads it with
 * csvin_read() and a callback that copies every row it is given, then checks
 * the rows (wanted columns in the asked order, their line numbers) or the
 * refusal: code, file, line, column and the exact message.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/output/csvin.h"
#include "sim/util/diag.h"

/* Rows a collector keeps; the files here are shorter. */
#define MAX_ROWS 8
/* Longest field a collector keeps. */
#define FIELD_LEN 32

/* The callback's user data: what it was given, and what it refuses. */
struct collect {
    size_t n_want;
    size_t n_rows;
    char v[MAX_ROWS][CSVIN_MAX_COLS][FIELD_LEN];
    int absent[MAX_ROWS][CSVIN_MAX_COLS]; /* 1 where the field was NULL */
    long line[MAX_ROWS];
    const char *reject; /* refuse a row whose wanted column reject_k holds this (NULL: none) */
    size_t reject_k;
    int reject_code; /* 0: refuse with csvin_fail(); else return this code as it is */
};

struct fixture {
    char dir[64];
    char path[128];
    struct diag d;
    struct collect c;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/infnet-csvin-XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    snprintf(fx->path, sizeof fx->path, "%s/t.csv", fx->dir);
    diag_init(&fx->d);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    unlink(fx->path);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

/* Write len bytes of text (len lets a test put a NUL byte in a file). */
static void write_bytes(const struct fixture *fx, const char *text, size_t len)
{
    FILE *f = fopen(fx->path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void write_text(const struct fixture *fx, const char *text)
{
    write_bytes(fx, text, strlen(text));
}

static int collect_row(struct csvin_reader *r, const char *const *v)
{
    struct collect *c = csvin_user(r);
    assert_true(c->n_rows < MAX_ROWS);
    if (c->reject && v[c->reject_k] && !strcmp(v[c->reject_k], c->reject)) {
        if (c->reject_code)
            return c->reject_code;
        return csvin_fail(r, c->reject_k, "value '%s' is not a number", v[c->reject_k]);
    }
    for (size_t k = 0; k < c->n_want; k++) {
        c->absent[c->n_rows][k] = v[k] == NULL;
        snprintf(c->v[c->n_rows][k], FIELD_LEN, "%s", v[k] ? v[k] : "");
    }
    c->line[c->n_rows++] = csvin_line(r);
    return DIAG_OK;
}

static const char *const want3[] = {"name", "step", "value"};
#define N_WANT3 (sizeof want3 / sizeof want3[0])

static int read3(struct fixture *fx, size_t n_required)
{
    fx->c.n_want = N_WANT3;
    return csvin_read(fx->path, want3, N_WANT3, n_required, collect_row, &fx->c, &fx->d);
}

/* The refusal as main prints it. */
static void assert_diag(const struct fixture *fx, int code, int line, int col, const char *msg)
{
    assert_int_equal(fx->d.code, code);
    assert_string_equal(fx->d.file, fx->path);
    assert_int_equal(fx->d.line, line);
    assert_int_equal(fx->d.col, col);
    assert_string_equal(fx->d.msg, msg);
}

/* text (with three wanted columns, the first n_required required) is refused as bad input. */
static void assert_refused(struct fixture *fx, const char *text, size_t n_required, int line, int col,
                           const char *msg)
{
    write_text(fx, text);
    fx->c.n_rows = 0;
    assert_int_equal(read3(fx, n_required), DIAG_INPUT);
    assert_diag(fx, DIAG_INPUT, line, col, msg);
}

/* Wanted columns come in the asked order whatever the header's order; other
 * columns are skipped; a byte-order mark, quoted commas, a quoted line break
 * and CRLF line ends are read as such. */
static void test_csvin_header_order(void **state)
{
    struct fixture *fx = *state;
    write_text(fx, "\xEF\xBB\xBFvalue,extra,step,name\n"
                   "0.5,x,3,kh\n"
                   "\"1,5\",\"y\"\"z\",4,\"Kata'ib\nHezbollah\"\n"
                   "-2,,5,aah\r\n");
    assert_int_equal(read3(fx, N_WANT3), DIAG_OK);
    assert_int_equal(fx->c.n_rows, 3);
    assert_string_equal(fx->c.v[0][0], "kh");
    assert_string_equal(fx->c.v[0][1], "3");
    assert_string_equal(fx->c.v[0][2], "0.5");
    assert_int_equal(fx->c.line[0], 2);
    assert_string_equal(fx->c.v[1][0], "Kata'ib\nHezbollah");
    assert_string_equal(fx->c.v[1][1], "4");
    assert_string_equal(fx->c.v[1][2], "1,5");
    assert_int_equal(fx->c.line[1], 4); /* the row ends on the second physical line */
    assert_string_equal(fx->c.v[2][0], "aah");
    assert_string_equal(fx->c.v[2][1], "5");
    assert_string_equal(fx->c.v[2][2], "-2");
    assert_int_equal(fx->c.line[2], 5);
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < N_WANT3; k++)
            assert_int_equal(fx->c.absent[i][k], 0);
    assert_int_equal(fx->d.code, DIAG_OK);
}

/* A required column missing: the header line, column 1, the required list. */
static void test_csvin_missing_column(void **state)
{
    struct fixture *fx = *state;
    assert_refused(fx, "name,value,extra\nkh,0.5,x\n", N_WANT3, 1, 1,
                   "missing column 'step' (the header needs name,step,value)");
    assert_int_equal(fx->c.n_rows, 0);
    char buf[2048], want[256];
    diag_format(&fx->d, buf, sizeof buf);
    snprintf(want, sizeof want, "%s:1:1: error: missing column 'step' (the header needs name,step,value)",
             fx->path);
    assert_string_equal(buf, want);
}

/* An optional column may be absent (NULL); the message lists only the required ones. */
static void test_csvin_optional_column(void **state)
{
    struct fixture *fx = *state;
    write_text(fx, "step,name\n7,kh\n");
    assert_int_equal(read3(fx, 2), DIAG_OK);
    assert_int_equal(fx->c.n_rows, 1);
    assert_string_equal(fx->c.v[0][0], "kh");
    assert_string_equal(fx->c.v[0][1], "7");
    assert_int_equal(fx->c.absent[0][0], 0);
    assert_int_equal(fx->c.absent[0][2], 1);

    assert_refused(fx, "value,step\n0.5,7\n", 2, 1, 1, "missing column 'name' (the header needs name,step)");
}

/* A wanted column named twice: located at the second. */
static void test_csvin_column_twice(void **state)
{
    struct fixture *fx = *state;
    assert_refused(fx, "name,step,value,step\n", N_WANT3, 1, 17, "column 'step' appears twice");
}

/* A quote inside an unquoted field: libcsv's message, the line, column 1;
 * the rows before it were read, none after. */
static void test_csvin_malformed_quote(void **state)
{
    struct fixture *fx = *state;
    assert_refused(fx,
                   "name,step,value\n"
                   "kh,1,0.5\n"
                   "aah,2,0\"5\n"
                   "nuj,3,0.7\n",
                   N_WANT3, 3, 1, "malformed CSV: error parsing data while strict checking enabled");
    assert_int_equal(fx->c.n_rows, 1);
    assert_string_equal(fx->c.v[0][0], "kh");
}

/* A quote left open at the end of the file: refused at its last line. */
static void test_csvin_unterminated_quote(void **state)
{
    struct fixture *fx = *state;
    assert_refused(fx,
                   "name,step,value\n"
                   "kh,1,0.5\n"
                   "\"aah,2,0.5\n"
                   "nuj,3,0.7\n",
                   N_WANT3, 4, 1, "malformed CSV: error parsing data while strict checking enabled");
    assert_int_equal(fx->c.n_rows, 1);
}

/* The callback refuses a row: its line and the column where the field
 * starts (a quoted comma before it does not count); reading stops there. */
static void test_csvin_row_error(void **state)
{
    struct fixture *fx = *state;
    write_text(fx, "step,name,value\n"
                   "1,kh,0.5\n"
                   "2,\"Kata'ib, KH\",oops\n"
                   "3,nuj,oops\n");
    fx->c.reject = "oops";
    fx->c.reject_k = 2;
    assert_int_equal(read3(fx, N_WANT3), DIAG_INPUT);
    assert_diag(fx, DIAG_INPUT, 3, 17, "value 'oops' is not a number");
    assert_int_equal(fx->c.n_rows, 1);
    assert_int_equal(fx->c.line[0], 2);
}

/* A code the callback returns without csvin_fail() is csvin_read()'s. */
static void test_csvin_row_code(void **state)
{
    struct fixture *fx = *state;
    write_text(fx, "name,step,value\nkh,1,0.5\naah,2,stop\nnuj,3,0.7\n");
    fx->c.reject = "stop";
    fx->c.reject_k = 2;
    fx->c.reject_code = DIAG_RUNTIME;
    assert_int_equal(read3(fx, N_WANT3), DIAG_RUNTIME);
    assert_int_equal(fx->c.n_rows, 1);
}

/* Rows with fewer fields than the header are located at column 1, with more
 * at the first extra field. */
static void test_csvin_field_count(void **state)
{
    struct fixture *fx = *state;
    assert_refused(fx, "name,step,value\nkh,1\n", N_WANT3, 2, 1, "2 fields, but the header has 3");

    assert_refused(fx, "name,step,value\nkh,1,0.5\nkh,2,0.5,9\n", N_WANT3, 3, 10,
                   "4 fields, but the header has 3");
}

/* A NUL byte in a field is refused at that field. */
static void test_csvin_nul_byte(void **state)
{
    struct fixture *fx = *state;
    static const char text[] = "name,step,value\nkh,1,0\0005\n";
    write_bytes(fx, text, sizeof text - 1);
    assert_int_equal(read3(fx, N_WANT3), DIAG_INPUT);
    assert_diag(fx, DIAG_INPUT, 2, 6, "a field contains a NUL byte");
}

/* An empty file has no header: refused without a line; a header alone is no rows. */
static void test_csvin_empty_file(void **state)
{
    struct fixture *fx = *state;
    assert_refused(fx, "", N_WANT3, 0, 0, "the file is empty (expected a header row)");
    assert_int_equal(fx->c.n_rows, 0);

    write_text(fx, "name,step,value\n");
    diag_init(&fx->d);
    assert_int_equal(read3(fx, N_WANT3), DIAG_OK);
    assert_int_equal(fx->c.n_rows, 0);
    assert_int_equal(fx->d.code, DIAG_OK);
}

/* A file that does not exist is a runtime failure (exit 1), not bad input. */
static void test_csvin_no_file(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(read3(fx, N_WANT3), DIAG_RUNTIME);
    assert_diag(fx, DIAG_RUNTIME, 0, 0, "cannot open: No such file or directory");
}

/* Numeric fields: empty is NaN, Inf is a number; only the form csvout writes
 * is read: trailing text, spaces, signs, hexadecimal, other spellings of
 * infinity and NaN, and overflow are refused. */
static void test_csvin_number(void **state)
{
    (void)state;
    double x = 0.0;
    assert_int_equal(csvin_number("", &x), 0);
    assert_true(isnan(x));
    assert_int_equal(csvin_number(NULL, &x), 0);
    assert_true(isnan(x));
    assert_int_equal(csvin_number("-2.5e-3", &x), 0);
    assert_true(x == -2.5e-3);
    assert_int_equal(csvin_number("Inf", &x), 0);
    assert_true(isinf(x) && x > 0);
    assert_int_equal(csvin_number("-Inf", &x), 0);
    assert_true(isinf(x) && x < 0);
    assert_int_equal(csvin_number("1e+20", &x), 0);
    assert_true(x == 1e20);
    assert_int_equal(csvin_number("-0", &x), 0);
    assert_true(x == 0.0 && signbit(x));
    const char *refused[] = {"inf", "-inf", "infinity", "nan", "NaN", "0x10", " 0.5", "+1",
                             ".5",  "5.",   "1e",       "1E5", "1e+", "--1",  "1..2", "Inf "};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        assert_int_equal(csvin_number(refused[i], &x), -1);
    assert_int_equal(csvin_number("1e-400", &x), 0); /* underflow: a tiny value, kept */
    assert_true(x >= 0.0 && x < 1e-300);
    assert_int_equal(csvin_number("1e400", &x), -1);
    assert_int_equal(csvin_number("1.5x", &x), -1);
    assert_int_equal(csvin_number("1.5 ", &x), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csvin_header_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_missing_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_optional_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_column_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_malformed_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_unterminated_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_row_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_row_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_field_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_nul_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csvin_no_file, setup, teardown),
        cmocka_unit_test(test_csvin_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
