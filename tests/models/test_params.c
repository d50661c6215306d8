/* tests/models/test_params.c - unit tests of models/params.c: defaults, lookup,
 * reading and writing through table rows, and the agreement of the table
 * with docs/MODEL.md, and the one numbering of the model's mechanisms in
 * docs/MODEL.md, models/dynamics.h and the sections of models/dynamics.c
 * (read from the working directory: tests run from the repository root).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "models/params.h"

/* Path of the model documentation, relative to the repository root. */
#define MODEL_DOC "docs/MODEL.md"
/* Longest table line we expect in MODEL.md; longer lines are read in parts. */
enum { LINE_MAX_CHARS = 4096 };

static void test_params_defaults(void **state)
{
    (void)state;
    struct model_params p;
    memset(&p, 0xff, sizeof p);
    params_default(&p);
    /* a few defaults spelled out from the table in params.c */
    assert_int_equal(p.dynamics, 1);
    assert_true(p.alignment.beta_tie == 3.0);
    assert_true(p.alignment.rate == 0.1);
    assert_true(p.broker.own_share == 0.5);
    assert_true(p.succession.share == 0.5);
    assert_true(p.money.need == 0.5);
    assert_true(p.strikes.rally == 0.2);
    assert_int_equal(p.splinter.max, 1);
    assert_int_equal(p.fronts.max, 1);
    assert_true(p.ties.min_weight == 0.02);
    /* and every row: the struct holds the row's default, within its range */
    size_t n;
    const struct param_info *t = params_table(&n);
    assert_true(n >= 30);
    for (size_t i = 0; i < n; i++) {
        assert_true(params_get(&p, &t[i]) == t[i].def);
        assert_true(t[i].min <= t[i].def && t[i].def <= t[i].max);
        assert_non_null(t[i].symbol);
        assert_true(strlen(t[i].meaning) > 0);
    }
}

static void test_params_find(void **state)
{
    (void)state;
    const struct param_info *r = params_find("alignment.beta_tie");
    assert_non_null(r);
    assert_string_equal(r->key, "alignment.beta_tie");
    assert_string_equal(r->symbol, "beta_T");
    assert_int_equal(r->type, PARAM_REAL);
    assert_int_equal(r->offset, offsetof(struct model_params, alignment.beta_tie));
    r = params_find("splinter.max");
    assert_non_null(r);
    assert_int_equal(r->type, PARAM_INT);
    r = params_find("dynamics");
    assert_non_null(r);
    assert_int_equal(r->type, PARAM_BOOL);
    assert_null(params_find("alignment"));
    assert_null(params_find("alignment.beta_ti"));
    assert_null(params_find("model.alignment.beta_tie"));
    assert_null(params_find(""));
    /* keys are unique */
    size_t n;
    const struct param_info *t = params_table(&n);
    for (size_t i = 0; i < n; i++)
        assert_ptr_equal(params_find(t[i].key), &t[i]);
}

static void test_params_set_get_roundtrip(void **state)
{
    (void)state;
    struct model_params p;
    params_default(&p);
    const struct param_info *rate = params_find("alignment.rate");
    params_set(&p, rate, 0.375);
    assert_true(p.alignment.rate == 0.375);
    assert_true(params_get(&p, rate) == 0.375);
    /* an integer parameter rounds to the nearest integer */
    const struct param_info *mx = params_find("fronts.max");
    params_set(&p, mx, 3.0);
    assert_int_equal(p.fronts.max, 3);
    assert_true(params_get(&p, mx) == 3.0);
    params_set(&p, mx, 4.6);
    assert_int_equal(p.fronts.max, 5);
    /* a bool is stored as an int */
    const struct param_info *dyn = params_find("dynamics");
    params_set(&p, dyn, 0.0);
    assert_int_equal(p.dynamics, 0);
    assert_true(params_get(&p, dyn) == 0.0);
    /* writing one field leaves its neighbours alone */
    assert_true(p.alignment.new_tie_weight == 0.3);
    assert_true(p.alignment.inertia == 1.0);
    assert_int_equal(p.splinter.max, 1);
}

/* Trim spaces at both ends of s in place; returns s. */
static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Whether `doc` holds a table row "| `model.KEY` | symbol | DEFAULT | ..."
 * whose default cell is exactly `def`. Sets *found_key when the key's row
 * exists at all. */
static int doc_has_row(const char *doc, const char *key, const char *def, int *found_key)
{
    char head[256];
    snprintf(head, sizeof head, "| `model.%s` |", key);
    *found_key = 0;
    for (const char *line = doc; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len < LINE_MAX_CHARS && strncmp(line, head, strlen(head)) == 0) {
            *found_key = 1;
            char buf[LINE_MAX_CHARS];
            memcpy(buf, line, len);
            buf[len] = '\0';
            /* cells: "", key, symbol, default, ... */
            char *cell = buf;
            for (int c = 0; c < 3 && cell; c++) {
                cell = strchr(cell, '|');
                if (cell)
                    cell++;
            }
            if (cell) {
                char *stop = strchr(cell, '|');
                if (stop) {
                    *stop = '\0';
                    if (strcmp(trim(cell), def) == 0)
                        return 1;
                }
            }
        }
        line = end ? end + 1 : NULL;
    }
    return 0;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *more = realloc(buf, cap * 2);
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static void test_params_doc_lists_every_parameter(void **state)
{
    (void)state;
    char *doc = read_file(MODEL_DOC);
    if (!doc)
        fail_msg("cannot read %s (run the tests from the repository root)", MODEL_DOC);
    size_t n;
    const struct param_info *t = params_table(&n);
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        char def[64];
        if (t[i].type == PARAM_ENUM) /* documented by its level's name */
            snprintf(def, sizeof def, "`%s`", params_level_name(&t[i], (int)t[i].def));
        else
            snprintf(def, sizeof def, "%g", t[i].def);
        int found_key;
        if (!doc_has_row(doc, t[i].key, def, &found_key)) {
            print_error("%s: %s\n", MODEL_DOC,
                        found_key ? "parameter row with a wrong default" : "parameter row missing");
            print_error("    key model.%s, default %s\n", t[i].key, def);
            missing++;
        }
    }
    free(doc);
    assert_int_equal(missing, 0);
}

static void test_params_doc_check_catches_mistakes(void **state)
{
    (void)state;
    /* the checker itself: a wrong default or a missing row is noticed */
    const char *doc = "| key | symbol | default |\n"
                      "| `model.alignment.rate` | r_a | 0.1 | 0 … 1 | x |\n"
                      "| `model.broker.relax` | gamma | 0.25 | 0 … 1 | x |\n";
    int found;
    assert_int_equal(doc_has_row(doc, "alignment.rate", "0.1", &found), 1);
    assert_int_equal(doc_has_row(doc, "broker.relax", "0.2", &found), 0);
    assert_int_equal(found, 1);
    assert_int_equal(doc_has_row(doc, "broker.binding", "1", &found), 0);
    assert_int_equal(found, 0);
    /* a key that is only the prefix of a documented key is not a match */
    assert_int_equal(doc_has_row(doc, "alignment.rat", "0.1", &found), 0);
}

/* ---- the mechanisms: one numbering in MODEL.md, dynamics.h and dynamics.c */

#define DYNAMICS_H "models/dynamics.h"
#define DYNAMICS_C "models/dynamics.c"
/* More mechanisms than the model will ever list. */
enum { MECH_MAX = 32, MECH_NAME = 96 };

struct mech_list {
    int n;
    int num[MECH_MAX];
    char name[MECH_MAX][MECH_NAME];
};

/* Collect the lines of text (from `from` on, up to the first line starting
 * with `stop`, when stop is not NULL) that start with `prefix` followed by
 * "N. NAME"; NAME ends at the line's end or at `end` (when not NULL). */
static void mech_collect(const char *text, const char *from, const char *stop, const char *prefix,
                         const char *end, struct mech_list *out)
{
    memset(out, 0, sizeof *out);
    const char *line = from ? strstr(text, from) : text;
    size_t np = strlen(prefix);
    while (line && *line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (line != text && stop && strncmp(line, stop, strlen(stop)) == 0 &&
            (!from || strncmp(line, from, strlen(from)) != 0))
            break;
        int num, used = 0;
        if (len > np && strncmp(line, prefix, np) == 0 && sscanf(line + np, "%d. %n", &num, &used) == 1 &&
            used > 0 && out->n < MECH_MAX) {
            size_t nl = len - np - (size_t)used;
            const char *name = line + np + used;
            if (end) {
                const char *e = strstr(name, end);
                if (e && (size_t)(e - name) < nl)
                    nl = (size_t)(e - name);
            }
            if (nl >= MECH_NAME)
                nl = MECH_NAME - 1;
            out->num[out->n] = num;
            memcpy(out->name[out->n], name, nl);
            out->name[out->n][nl] = '\0';
            trim(out->name[out->n]);
            out->n++;
        }
        line = eol ? eol + 1 : NULL;
    }
}

/* 0 when the two lists number the same mechanisms alike (1, 2, ... in
 * order; names equal, or with prefix_only, b's a case-insensitive prefix of
 * a's); otherwise the 1-based position of the first difference. */
static int mech_differ(const struct mech_list *a, const struct mech_list *b, int prefix_only)
{
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        if (i >= a->n || i >= b->n || a->num[i] != i + 1 || b->num[i] != i + 1)
            return i + 1;
        size_t lb = strlen(b->name[i]);
        if (prefix_only ? strncasecmp(a->name[i], b->name[i], lb) != 0 : strcmp(a->name[i], b->name[i]) != 0)
            return i + 1;
    }
    return 0;
}

static void test_params_mechanisms_numbered_alike(void **state)
{
    (void)state;
    char *doc = read_file(MODEL_DOC), *h = read_file(DYNAMICS_H), *c = read_file(DYNAMICS_C);
    if (!doc || !h || !c)
        fail_msg("cannot read %s, %s or %s (run the tests from the repository root)", MODEL_DOC, DYNAMICS_H,
                 DYNAMICS_C);
    struct mech_list in_doc, in_headings, in_h, in_c;
    mech_collect(doc, "## One step", "## ", "", NULL, &in_doc);
    mech_collect(doc, "## One step", "## ", "### ", NULL, &in_headings);
    mech_collect(h, NULL, NULL, " *   ", NULL, &in_h);
    mech_collect(c, NULL, NULL, "/* ---- ", " ---", &in_c);
    assert_true(in_doc.n >= 9);
    int d;
    if ((d = mech_differ(&in_doc, &in_h, 0)))
        fail_msg("mechanism %d: %s lists '%s', %s '%s'", d, MODEL_DOC, in_doc.name[d - 1], DYNAMICS_H,
                 in_h.name[d - 1]);
    if ((d = mech_differ(&in_doc, &in_c, 0)))
        fail_msg("mechanism %d: %s lists '%s', the sections of %s '%s'", d, MODEL_DOC, in_doc.name[d - 1],
                 DYNAMICS_C, in_c.name[d - 1]);
    if ((d = mech_differ(&in_doc, &in_headings, 1)))
        fail_msg("mechanism %d: %s lists '%s', its section is headed '%s'", d, MODEL_DOC, in_doc.name[d - 1],
                 in_headings.name[d - 1]);
    free(doc);
    free(h);
    free(c);
}

static void test_params_mechanism_check_catches_mistakes(void **state)
{
    (void)state;
    /* the checker itself: a swapped pair, a missing entry, a renamed one */
    const char *doc =
        "## One step\n\n1. income\n2. money\n3. rally\n\n### 1. Income\n### 2. Money\n### 3. Rally\n"
        "## Pressures\n1. not a mechanism\n";
    const char *swapped = " *   1. income\n *   2. rally\n *   3. money\n";
    const char *short_list = " *   1. income\n *   2. money\n";
    const char *good = "/* ---- 1. income --- */\n/* ---- 2. money --- */\n/* ---- 3. rally ---- */\n";
    struct mech_list a, b;
    mech_collect(doc, "## One step", "## ", "", NULL, &a);
    assert_int_equal(a.n, 3); /* the list ends at the next section */
    mech_collect(good, NULL, NULL, "/* ---- ", " ---", &b);
    assert_int_equal(mech_differ(&a, &b, 0), 0);
    mech_collect(swapped, NULL, NULL, " *   ", NULL, &b);
    assert_int_equal(mech_differ(&a, &b, 0), 2);
    mech_collect(short_list, NULL, NULL, " *   ", NULL, &b);
    assert_int_equal(mech_differ(&a, &b, 0), 3);
    mech_collect(doc, "## One step", "## ", "### ", NULL, &b);
    assert_int_equal(mech_differ(&a, &b, 1), 0);
    strcpy(b.name[2], "Spawn");
    assert_int_equal(mech_differ(&a, &b, 1), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_defaults),
        cmocka_unit_test(test_params_find),
        cmocka_unit_test(test_params_set_get_roundtrip),
        cmocka_unit_test(test_params_doc_lists_every_parameter),
        cmocka_unit_test(test_params_doc_check_catches_mistakes),
        cmocka_unit_test(test_params_mechanisms_numbered_alike),
        cmocka_unit_test(test_params_mechanism_check_catches_mistakes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
