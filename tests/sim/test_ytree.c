/* tests/sim/test_ytree.c - the YAML tree: positions, scalar styles, duplicate keys,
 * alias expansion and its limits, nesting depth, merge rules.
 *
 * Positions below are counted by hand from the literal texts (1-based).
 * Run from the repository root (fixture paths are relative to it).
 */
#include "sim/load/ytree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Generous limits for tests that are not about limits. */
static const struct ytree_limits roomy = {1L << 20, 64, 100000};

static struct ytree *parse_ok(const char *text, long *used)
{
    struct ytree *t = NULL;
    struct diag d;
    long local = 0;
    diag_init(&d);
    int rc = ytree_parse(&t, text, strlen(text), "mem", 1, 1, &roomy, used ? used : &local, &d);
    if (rc != DIAG_OK)
        fail_msg("unexpected error: %d:%d: %s", d.line, d.col, d.msg);
    assert_non_null(t);
    return t;
}

static int parse_err(const char *text, const struct ytree_limits *lim, struct diag *d)
{
    struct ytree *t = NULL;
    long used = 0;
    diag_init(d);
    int rc = ytree_parse(&t, text, strlen(text), "mem", 1, 1, lim ? lim : &roomy, &used, d);
    assert_null(t);
    return rc;
}

static void test_ytree_marks(void **state)
{
    (void)state;
    const char *text = "name: x\n"
                       "time:\n"
                       "  steps: 36\n"
                       "  unit: 'month'\n"
                       "list: [a, \"b\", {k: v}]\n";
    struct ytree *t = parse_ok(text, NULL);
    assert_int_equal(t->kind, YTREE_MAP);
    assert_int_equal(t->line, 1);
    assert_int_equal(t->col, 1);
    assert_int_equal(t->n, 3);
    /* keys keep file order */
    assert_string_equal(t->keys[0]->text, "name");
    assert_string_equal(t->keys[1]->text, "time");
    assert_string_equal(t->keys[2]->text, "list");
    /* "name: x": value at column 7 */
    assert_int_equal(t->items[0]->line, 1);
    assert_int_equal(t->items[0]->col, 7);
    assert_string_equal(t->file, "mem");
    /* time's block mapping starts at its first key, 3:3 */
    struct ytree *time = ytree_get(t, "time");
    assert_int_equal(time->kind, YTREE_MAP);
    assert_int_equal(time->line, 3);
    assert_int_equal(time->col, 3);
    struct ytree *steps = ytree_get(time, "steps");
    assert_int_equal(steps->line, 3);
    assert_int_equal(steps->col, 10);
    assert_true(steps->plain);
    assert_string_equal(steps->text, "36");
    assert_int_equal(steps->len, 2);
    /* a quoted scalar is not plain; its position is the quote */
    struct ytree *unit = ytree_get(time, "unit");
    assert_false(unit->plain);
    assert_string_equal(unit->text, "month");
    assert_int_equal(unit->line, 4);
    assert_int_equal(unit->col, 9);
    /* list: [a, "b", {k: v}] */
    struct ytree *list = ytree_get(t, "list");
    assert_int_equal(list->kind, YTREE_SEQ);
    assert_null(list->keys);
    assert_int_equal(list->n, 3);
    assert_int_equal(list->col, 7);
    assert_int_equal(list->items[0]->col, 8);
    assert_true(list->items[0]->plain);
    assert_int_equal(list->items[1]->col, 11);
    assert_false(list->items[1]->plain);
    assert_int_equal(list->items[2]->kind, YTREE_MAP);
    assert_int_equal(list->items[2]->col, 16);
    assert_int_equal(list->items[2]->keys[0]->col, 17);
    assert_int_equal(list->items[2]->items[0]->col, 20);
    ytree_free(t);
}

static void test_ytree_marks_offset(void **state)
{
    (void)state;
    /* As for --set monte_carlo.seed=[1, 2]: the value starts at column 18. */
    struct ytree *t = NULL;
    struct diag d;
    long used = 0;
    const char *v = "[1, 2]";
    assert_int_equal(ytree_parse(&t, v, strlen(v), "--set", 1, 18, &roomy, &used, &d), DIAG_OK);
    assert_int_equal(t->kind, YTREE_SEQ);
    assert_string_equal(t->file, "--set");
    assert_int_equal(t->line, 1);
    assert_int_equal(t->col, 18);
    assert_int_equal(t->items[1]->col, 22);
    assert_int_equal(used, 3);
    ytree_free(t);
    /* an error inside the value is reported at its shifted column */
    v = "[1, 2";
    assert_int_equal(ytree_parse(&t, v, strlen(v), "--set", 1, 18, &roomy, &used, &d), DIAG_INPUT);
    assert_null(t);
    assert_string_equal(d.file, "--set");
    assert_int_equal(d.line, 1);
    assert_int_equal(d.col, 23); /* the end of the text, 18 + 5 */
    assert_non_null(strstr(d.msg, "yaml syntax error"));
}

static void test_ytree_load_file(void **state)
{
    (void)state;
    struct ytree *t = NULL;
    struct diag d;
    long used = 0;
    diag_init(&d);
    assert_int_equal(ytree_load(&t, "tests/fixtures/good/basic.yaml", &roomy, &used, &d), DIAG_OK);
    assert_int_equal(t->kind, YTREE_MAP);
    assert_string_equal(t->file, "tests/fixtures/good/basic.yaml");
    /* line 1 is a comment: the mapping starts at 2:1 */
    assert_int_equal(t->line, 2);
    assert_int_equal(t->col, 1);
    static const char *const keys[] = {"name",  "description", "sources",   "time",   "monte_carlo",
                                       "model", "network",     "pressures", "outputs"};
    assert_int_equal(t->n, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(t->keys[i]->text, keys[i]);
    /* "time: {steps: 36, unit: month, start: 2020-01}" on line 7 */
    struct ytree *time = ytree_get(t, "time");
    assert_int_equal(time->line, 7);
    assert_int_equal(time->col, 7);
    struct ytree *steps = ytree_get(time, "steps");
    assert_int_equal(steps->line, 7);
    assert_int_equal(steps->col, 15);
    /* a date-like plain scalar stays text */
    assert_string_equal(ytree_get(time, "start")->text, "2020-01");
    assert_true(used > 100);
    ytree_free(t);
}

static void test_ytree_file_errors(void **state)
{
    (void)state;
    struct ytree *t = NULL;
    struct diag d;
    long used = 0;
    struct ytree_limits small = roomy;
    small.max_bytes = 100;
    assert_int_equal(ytree_load(&t, "tests/fixtures/good/basic.yaml", &small, &used, &d), DIAG_INPUT);
    assert_null(t);
    assert_non_null(strstr(d.msg, "above the limit of 100 bytes"));
    assert_string_equal(d.file, "tests/fixtures/good/basic.yaml");
    assert_int_equal(used, 0);

    assert_int_equal(ytree_load(&t, "tests/fixtures/good/no_such.yaml", &roomy, &used, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "cannot open"));
    assert_int_equal(d.line, 0);

    assert_int_equal(ytree_load(&t, "tests/fixtures/good", &roomy, &used, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "directory"));

    /* a file of comments only is an empty document */
    assert_int_equal(ytree_load(&t, "tests/fixtures/bad/empty_file.yaml", &roomy, &used, &d), DIAG_OK);
    assert_null(t);
}

static void test_ytree_duplicate_keys(void **state)
{
    (void)state;
    struct diag d;
    assert_int_equal(parse_err("a: 1\nb: 2\na: 3\n", NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 1);
    assert_string_equal(d.msg, "duplicate key 'a' in one mapping (first at 1:1)");

    /* nested, in a flow mapping */
    assert_int_equal(parse_err("x:\n  m: {k: 1, j: 2, k: 3}\n", NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 19);
    assert_string_equal(d.msg, "duplicate key 'k' in one mapping (first at 2:7)");

    /* a large mapping (sorted check): k5 repeats at the end, k30 earlier wins */
    char big[2048];
    size_t n = 0;
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "k%d: %d\n", i, i);
    n += (size_t)snprintf(big + n, sizeof big - n, "k30: x\n"); /* line 41 */
    n += (size_t)snprintf(big + n, sizeof big - n, "k5: y\n");  /* line 42 */
    assert_int_equal(parse_err(big, NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 41);
    assert_string_equal(d.msg, "duplicate key 'k30' in one mapping (first at 31:1)");

    /* quoted and plain spellings of one key are the same key */
    assert_int_equal(parse_err("a: 1\n\"a\": 2\n", NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 2);

    /* keys must be scalars */
    assert_int_equal(parse_err("? [a, b]\n: 1\n", NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "a mapping key must be a scalar"));
    assert_int_equal(d.line, 1);
    assert_int_equal(d.col, 3);
}

static void test_ytree_alias_expansion(void **state)
{
    (void)state;
    long used = 0;
    struct ytree *t = parse_ok("a: &x [1, 2]\nb: *x\nc: *x\n", &used);
    /* root 1 + 3 keys + the list and its 2 items, three times = 13 */
    assert_int_equal(used, 13);
    struct ytree *a = ytree_get(t, "a"), *b = ytree_get(t, "b"), *c = ytree_get(t, "c");
    assert_ptr_not_equal(a, b);
    assert_ptr_not_equal(b, c);
    assert_int_equal(b->kind, YTREE_SEQ);
    assert_int_equal(b->n, 2);
    assert_string_equal(b->items[1]->text, "2");
    /* a copy carries the position of the anchored node */
    assert_int_equal(b->line, 1);
    assert_int_equal(b->col, 4);
    /* copies are independent */
    b->items[0]->text[0] = '9';
    assert_string_equal(a->items[0]->text, "1");
    assert_string_equal(c->items[0]->text, "1");
    ytree_free(t);

    /* the budget is exact: 13 nodes pass with a limit of 13 ... */
    struct ytree_limits lim = roomy;
    struct diag d;
    struct ytree *u = NULL;
    const char *text = "a: &x [1, 2]\nb: *x\nc: *x\n";
    lim.max_nodes = 13;
    used = 0;
    assert_int_equal(ytree_parse(&u, text, strlen(text), "mem", 1, 1, &lim, &used, &d), DIAG_OK);
    ytree_free(u);
    /* ... and fail with 12, at the second alias (3:4) */
    lim.max_nodes = 12;
    used = 0;
    assert_int_equal(ytree_parse(&u, text, strlen(text), "mem", 1, 1, &lim, &used, &d), DIAG_INPUT);
    assert_null(u);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 4);
    assert_non_null(strstr(d.msg, "alias '*x' expands past the limit of 12 YAML nodes"));
    /* the budget is shared: 5 already used leaves room for 8 only */
    lim.max_nodes = 17;
    used = 5;
    assert_int_equal(ytree_parse(&u, text, strlen(text), "mem", 1, 1, &lim, &used, &d), DIAG_INPUT);
    used = 4;
    assert_int_equal(ytree_parse(&u, text, strlen(text), "mem", 1, 1, &lim, &used, &d), DIAG_OK);
    assert_int_equal(used, 17);
    ytree_free(u);
}

static void test_ytree_alias_bomb(void **state)
{
    (void)state;
    struct ytree *t = NULL;
    struct diag d;
    long used = 0;
    struct ytree_limits lim = {1L << 20, 64, 1000000};
    /* 10^6 copies would be needed: refused at the 8th '*e' of list f */
    assert_int_equal(ytree_load(&t, "tests/fixtures/bad/alias_bomb.yaml", &lim, &used, &d), DIAG_INPUT);
    assert_null(t);
    assert_int_equal(used, 0);
    assert_int_equal(d.line, 14);
    assert_int_equal(d.col, 36);
    assert_non_null(strstr(d.msg, "alias '*e' expands past the limit of 1000000 YAML nodes"));

    /* undefined and self-containing aliases */
    assert_int_equal(parse_err("a: *nope\n", NULL, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "undefined alias '*nope'");
    assert_int_equal(d.col, 4);
    assert_int_equal(parse_err("a: &s [1, *s]\n", NULL, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "alias '*s' refers to a node that contains it");
    assert_int_equal(d.col, 11);
}

static void test_ytree_depth_limit(void **state)
{
    (void)state;
    struct ytree_limits lim = roomy;
    struct diag d;
    /* [[[x]]]: the scalar is at depth 4 */
    lim.max_depth = 4;
    struct ytree *t = NULL;
    long used = 0;
    assert_int_equal(ytree_parse(&t, "[[[x]]]", 7, "mem", 1, 1, &lim, &used, &d), DIAG_OK);
    assert_string_equal(t->items[0]->items[0]->items[0]->text, "x");
    ytree_free(t);
    lim.max_depth = 3;
    assert_int_equal(parse_err("[[[x]]]", &lim, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "YAML nesting deeper than 3 levels");
    assert_int_equal(d.col, 4);
    /* via an alias: b's list (depth 2) holds *a (depth 3) whose height is 3 */
    lim.max_depth = 4;
    assert_int_equal(parse_err("a: &a [[x]]\nb: [*a]\n", &lim, &d), DIAG_INPUT);
    assert_string_equal(d.msg, "alias '*a' expands deeper than 4 levels of YAML nesting");
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 5);
    lim.max_depth = 5;
    used = 0;
    const char *text = "a: &a [[x]]\nb: [*a]\n";
    assert_int_equal(ytree_parse(&t, text, strlen(text), "mem", 1, 1, &lim, &used, &d), DIAG_OK);
    ytree_free(t);
    /* a limit above the hard cap is held to the cap */
    lim.max_depth = 1L << 30;
    char *deep = malloc(2 * YTREE_MAX_DEPTH + 8);
    assert_non_null(deep);
    size_t n = 0;
    for (int i = 0; i < YTREE_MAX_DEPTH + 1; i++)
        deep[n++] = '[';
    deep[n] = '\0';
    assert_int_equal(parse_err(deep, &lim, &d), DIAG_INPUT);
    assert_int_equal(d.col, YTREE_MAX_DEPTH + 1);
    free(deep);
}

static void test_ytree_syntax_error(void **state)
{
    (void)state;
    struct diag d;
    assert_int_equal(parse_err("a: [1, 2\nb: 3\n", NULL, &d), DIAG_INPUT);
    assert_string_equal(d.file, "mem");
    assert_true(d.line >= 1);
    assert_non_null(strstr(d.msg, "yaml syntax error"));
    /* a tab where indentation is expected */
    assert_int_equal(parse_err("a:\n\tb: 1\n", NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 1);
    assert_non_null(strstr(d.msg, "found character that cannot start any token"));
    /* two documents */
    assert_int_equal(parse_err("a: 1\n---\nb: 2\n", NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 2);
    assert_non_null(strstr(d.msg, "more than one YAML document"));
    /* invalid UTF-8: a reader error located by byte offset */
    assert_int_equal(parse_err("a: 1\nb: \xff\n", NULL, &d), DIAG_INPUT);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 4);
    /* a NUL escape */
    assert_int_equal(parse_err("a: \"x\\0y\"\n", NULL, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "NUL"));
}

static void test_ytree_null_and_empty(void **state)
{
    (void)state;
    struct ytree *t = parse_ok("a:\nb: ~\nc: null\nd: 'null'\ne: NULL\nf: x\n", NULL);
    assert_true(ytree_is_null(ytree_get(t, "a")));
    assert_true(ytree_is_null(ytree_get(t, "b")));
    assert_true(ytree_is_null(ytree_get(t, "c")));
    assert_false(ytree_is_null(ytree_get(t, "d"))); /* quoted: a string */
    assert_true(ytree_is_null(ytree_get(t, "e")));
    assert_false(ytree_is_null(ytree_get(t, "f")));
    assert_false(ytree_is_null(NULL));
    assert_null(ytree_get(t, "zz"));
    assert_int_equal(ytree_find(t, "c"), 2);
    assert_int_equal(ytree_find(t, "zz"), -1);
    assert_int_equal(ytree_remove(t, "c"), 1);
    assert_int_equal(ytree_remove(t, "c"), 0);
    assert_int_equal(t->n, 5);
    assert_string_equal(t->keys[2]->text, "d");
    ytree_free(t);
    /* empty text: a plain empty scalar (null) at the given position */
    long used = 0;
    struct diag d;
    assert_int_equal(ytree_parse(&t, "", 0, "--set", 1, 9, &roomy, &used, &d), DIAG_OK);
    assert_int_equal(t->kind, YTREE_SCALAR);
    assert_true(ytree_is_null(t));
    assert_int_equal(t->col, 9);
    ytree_free(t);
    assert_string_equal(ytree_kind_name(YTREE_SEQ), "a list");
    assert_string_equal(ytree_kind_name(YTREE_MAP), "a mapping");
}

static void test_ytree_merge_maps(void **state)
{
    (void)state;
    struct ytree *base = parse_ok("a: {x: 1, y: 2}\nb: [1, 2]\nc: 5\ns: {k: 1}\n", NULL);
    struct ytree *over = NULL;
    struct diag d;
    long used = 0;
    const char *o = "a: {y: 3, z: 4}\nb: [9]\nd: 6\ns: plain\n";
    assert_int_equal(ytree_parse(&over, o, strlen(o), "over", 1, 1, &roomy, &used, &d), DIAG_OK);
    assert_int_equal(ytree_merge(&base, over, NULL, 0, &d), DIAG_OK);
    /* a: merged key by key, base order first */
    struct ytree *a = ytree_get(base, "a");
    assert_int_equal(a->n, 3);
    assert_string_equal(a->keys[0]->text, "x");
    assert_string_equal(a->items[0]->text, "1");
    assert_string_equal(a->items[0]->file, "mem");
    assert_string_equal(a->keys[1]->text, "y");
    assert_string_equal(a->items[1]->text, "3");
    assert_string_equal(a->items[1]->file, "over");
    assert_int_equal(a->items[1]->line, 1);
    assert_int_equal(a->items[1]->col, 8);
    assert_string_equal(a->keys[2]->text, "z");
    /* b: sequences replace by default */
    struct ytree *b = ytree_get(base, "b");
    assert_int_equal(b->n, 1);
    assert_string_equal(b->items[0]->text, "9");
    /* c kept, d appended, s: a mapping replaced by a scalar */
    assert_string_equal(ytree_get(base, "c")->text, "5");
    assert_string_equal(base->keys[4]->text, "d");
    assert_string_equal(ytree_get(base, "s")->text, "plain");
    assert_string_equal(base->keys[3]->file, "over");
    ytree_free(base);

    /* merging into nothing takes the overlay; merging nothing changes nothing */
    struct ytree *none = NULL;
    struct ytree *x = parse_ok("k: v\n", NULL);
    assert_int_equal(ytree_merge(&none, x, NULL, 0, &d), DIAG_OK);
    assert_ptr_equal(none, x);
    assert_int_equal(ytree_merge(&none, NULL, NULL, 0, &d), DIAG_OK);
    assert_ptr_equal(none, x);
    ytree_free(none);
}

static int same_id(const struct ytree *a, const struct ytree *b)
{
    const struct ytree *x = ytree_get(a, "id"), *y = ytree_get(b, "id");
    return x && y && !strcmp(x->text, y->text);
}

static void test_ytree_merge_rules(void **state)
{
    (void)state;
    static const struct ytree_merge_rule rules[] = {
        {"n.items", YTREE_SEQ_BY_KEY, same_id},
        {"p", YTREE_SEQ_APPEND, NULL},
    };
    struct ytree *base = parse_ok("n: {items: [{id: a, v: 1}, {id: b, v: 2, w: 7}]}\n"
                                  "p: [1]\nq: [1]\n",
                                  NULL);
    struct ytree *over = parse_ok("n: {items: [{id: b, v: 5}, {id: c, v: 6}]}\np: [2, 3]\n"
                                  "q: [2]\n",
                                  NULL);
    struct diag d;
    assert_int_equal(ytree_merge(&base, over, rules, 2, &d), DIAG_OK);
    struct ytree *items = ytree_get(ytree_get(base, "n"), "items");
    assert_int_equal(items->n, 3);
    assert_string_equal(ytree_get(items->items[0], "v")->text, "1");
    /* b merged: v from the overlay, w kept */
    assert_string_equal(ytree_get(items->items[1], "id")->text, "b");
    assert_string_equal(ytree_get(items->items[1], "v")->text, "5");
    assert_string_equal(ytree_get(items->items[1], "w")->text, "7");
    assert_string_equal(ytree_get(items->items[2], "id")->text, "c");
    /* p appended, q (no rule) replaced */
    struct ytree *p = ytree_get(base, "p"), *q = ytree_get(base, "q");
    assert_int_equal(p->n, 3);
    assert_string_equal(p->items[0]->text, "1");
    assert_string_equal(p->items[2]->text, "3");
    assert_int_equal(q->n, 1);
    assert_string_equal(q->items[0]->text, "2");
    ytree_free(base);
}

static void test_ytree_build(void **state)
{
    (void)state;
    struct ytree *m = ytree_new(YTREE_MAP, "x", 3, 4);
    struct ytree *k = ytree_new_scalar("key", 3, 1, "x", 3, 4);
    struct ytree *v = ytree_new(YTREE_SCALAR, "x", 3, 9);
    assert_non_null(m);
    assert_non_null(k);
    assert_non_null(v);
    assert_string_equal(v->text, "");
    assert_true(ytree_is_null(v));
    assert_int_equal(ytree_append(m, k, v), 0);
    for (int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof name, "k%d", i);
        assert_int_equal(ytree_append(m, ytree_new_scalar(name, strlen(name), 1, "x", 1, 1),
                                      ytree_new_scalar("1", 1, 1, "x", 1, 1)),
                         0);
    }
    assert_int_equal(m->n, 21);
    assert_ptr_equal(ytree_get(m, "key"), v);
    assert_string_equal(ytree_get(m, "k19")->text, "1");
    ytree_free(m);
    ytree_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ytree_marks),          cmocka_unit_test(test_ytree_marks_offset),
        cmocka_unit_test(test_ytree_load_file),      cmocka_unit_test(test_ytree_file_errors),
        cmocka_unit_test(test_ytree_duplicate_keys), cmocka_unit_test(test_ytree_alias_expansion),
        cmocka_unit_test(test_ytree_alias_bomb),     cmocka_unit_test(test_ytree_depth_limit),
        cmocka_unit_test(test_ytree_syntax_error),   cmocka_unit_test(test_ytree_null_and_empty),
        cmocka_unit_test(test_ytree_merge_maps),     cmocka_unit_test(test_ytree_merge_rules),
        cmocka_unit_test(test_ytree_build),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
