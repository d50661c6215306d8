/* tests/analysis/test_stats.c - streaming statistics against batch statistics (GSL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "analysis/stats.h"

static const double probs[] = {0.05, 0.25, 0.5, 0.75, 0.95};

static void test_stats_exact_one_to_hundred(void **state)
{
    (void)state;
    struct stats_table t;
    struct stats_summary s;
    double scratch[1000];
    assert_int_equal(stats_table_init(&t, 1, probs, 5, 1000), 0);
    for (int i = 100; i >= 1; i--) /* order must not matter for exact quantiles */
        assert_int_equal(stats_add(&t, 0, (double)i), 0);
    stats_summarize(&t, 0, scratch, &s);
    assert_int_equal(s.n, 100);
    assert_close(s.mean, 50.5, 1e-12);
    assert_close(s.sd, sqrt(100.0 * 101.0 / 12.0), 1e-9); /* sample sd of 1..n: sqrt(n(n+1)/12) */
    assert_close(s.q[0], 5.95, 1e-12);                    /* R type 7: x[4] + 0.95 (x[5] - x[4]) */
    assert_close(s.q[2], 50.5, 1e-12);
    assert_close(s.q[4], 95.05, 1e-12);
    stats_table_destroy(&t);
}

static void test_stats_empty_and_single(void **state)
{
    (void)state;
    struct stats_table t;
    struct stats_summary s;
    double scratch[4];
    assert_int_equal(stats_table_init(&t, 2, probs, 5, 4), 0);
    stats_summarize(&t, 0, scratch, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean) && isnan(s.sd) && isnan(s.q[2]));
    stats_add(&t, 1, 7.0);
    stats_add(&t, 1, NAN); /* skipped, not counted */
    stats_summarize(&t, 1, scratch, &s);
    assert_int_equal(s.n, 1);
    assert_close(s.mean, 7.0, 0);
    assert_true(isnan(s.sd));
    assert_close(s.q[0], 7.0, 0);
    assert_int_equal(t.cells[1].skipped, 1);
    stats_table_destroy(&t);
}

static void test_stats_p2_beyond_cap_matches_batch(void **state)
{
    (void)state;
    enum { N = 20000, CAP = 64 };
    struct stats_table t;
    struct stats_summary s;
    double scratch[CAP];
    double *all = malloc(N * sizeof *all);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    assert_int_equal(stats_table_init(&t, 1, probs, 5, CAP), 0);
    for (int i = 0; i < N; i++) {
        all[i] = gsl_rng_uniform(r);
        assert_int_equal(stats_add(&t, 0, all[i]), 0);
    }
    assert_null(t.cells[0].buf); /* the exact buffer is gone: memory stays bounded */
    stats_summarize(&t, 0, scratch, &s);
    assert_int_equal(s.n, N);
    assert_close(s.mean, gsl_stats_mean(all, 1, N), 1e-12);
    assert_close(s.sd, gsl_stats_sd(all, 1, N), 1e-12);
    gsl_sort(all, 1, N);
    for (int k = 0; k < 5; k++) {
        double exact = gsl_stats_quantile_from_sorted_data(all, 1, N, probs[k]);
        assert_true(fabs(s.q[k] - exact) < 0.01); /* P^2 on U(0,1), n = 20000 */
    }
    stats_table_destroy(&t);
    gsl_rng_free(r);
    free(all);
}

static void test_stats_equal_values_give_that_value(void **state)
{
    (void)state;
    struct stats_table t;
    struct stats_summary s;
    double scratch[8];
    assert_int_equal(stats_table_init(&t, 1, probs, 5, 8), 0);
    stats_add(&t, 0, 0.99759);
    stats_add(&t, 0, 0.99759);
    stats_summarize(&t, 0, scratch, &s);
    for (int k = 0; k < 5; k++)
        assert_true(s.q[k] == 0.99759); /* no interpolation round-off */
    stats_table_destroy(&t);
}

static void test_stats_p2_mostly_zero_reports_zero(void **state)
{
    (void)state;
    /* 90% zeros, 10% ones: P^2 beyond the exact capacity; q05..q75 are 0 and q95 is 1 exactly */
    struct stats_table t;
    struct stats_summary s;
    double scratch[16];
    assert_int_equal(stats_table_init(&t, 1, probs, 5, 16), 0);
    for (int i = 0; i < 4000; i++)
        assert_int_equal(stats_add(&t, 0, i % 10 == 0 ? 1.0 : 0.0), 0);
    assert_non_null(t.cells[0].p2);
    stats_summarize(&t, 0, scratch, &s);
    for (int k = 0; k < 4; k++)
        assert_true(s.q[k] == 0.0);
    assert_true(s.q[4] >= 0.0 && s.q[4] <= 1.0);
    stats_table_destroy(&t);
}

static void test_stats_bad_arguments(void **state)
{
    (void)state;
    struct stats_table t;
    assert_int_equal(stats_table_init(&t, 1, probs, STATS_MAX_Q + 1, 10), IGRAPH_EINVAL);
    stats_table_destroy(&t);
    const double down[] = {0.5, 0.25}, twice[] = {0.5, 0.5};
    assert_int_equal(stats_table_init(&t, 1, down, 2, 10), IGRAPH_EINVAL);
    stats_table_destroy(&t);
    assert_int_equal(stats_table_init(&t, 1, twice, 2, 10), IGRAPH_EINVAL);
    stats_table_destroy(&t);
}

/* P^2's five estimators run independently: on skewed, lumpy data beyond the
 * exact capacity their estimates cross; the quantiles reported never
 * decrease (summary.csv's readers refuse a row whose quantiles do). */
static void test_stats_quantiles_never_decrease(void **state)
{
    (void)state;
    enum { CELLS = 400, N = 300, CAP = 8 };
    struct stats_table t;
    struct stats_summary s;
    double scratch[CAP];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    assert_int_equal(stats_table_init(&t, CELLS, probs, 5, CAP), 0);
    for (int i = 0; i < N; i++)
        for (size_t c = 0; c < CELLS; c++) {
            /* a few values, most of them on one: counts, shares, small graphs */
            double u = gsl_rng_uniform(r);
            double x = u < 0.6 ? 1.0 : u < 0.9 ? (double)(c % 7) : floor(u * 50 * (1 + c % 5));
            assert_int_equal(stats_add(&t, c, x), 0);
        }
    for (size_t c = 0; c < CELLS; c++) {
        stats_summarize(&t, c, scratch, &s);
        for (int k = 1; k < 5; k++)
            assert_true(s.q[k - 1] <= s.q[k]);
    }
    stats_table_destroy(&t);
    gsl_rng_free(r);
}

/* Summaries of every cell of a and b are bit-for-bit equal. */
static void assert_same_summaries(const struct stats_table *a, const struct stats_table *b)
{
    double sa[64], sb[64];
    struct stats_summary x, y;
    for (size_t i = 0; i < a->n_cells; i++) {
        stats_summarize(a, i, sa, &x);
        stats_summarize(b, i, sb, &y);
        assert_int_equal(x.n, y.n);
        assert_memory_equal(&x.mean, &y.mean, sizeof x.mean);
        assert_memory_equal(&x.sd, &y.sd, sizeof x.sd);
        assert_memory_equal(x.q, y.q, (size_t)a->n_q * sizeof x.q[0]);
        assert_int_equal(a->cells[i].skipped, b->cells[i].skipped);
    }
}

/* A table with an empty cell, an exact one (with a skipped NaN) and one past
 * the exact capacity (GSL rstat and P^2 state). */
static void fill_mixed(struct stats_table *t, gsl_rng *r)
{
    assert_int_equal(stats_table_init(t, 3, probs, 5, 64), 0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(stats_add(t, 1, gsl_rng_uniform(r)), 0);
    stats_add(t, 1, NAN);
    for (int i = 0; i < 500; i++)
        assert_int_equal(stats_add(t, 2, gsl_rng_uniform(r)), 0);
    assert_non_null(t->cells[2].p2);
}

/* Save, restore into a fresh table of the same shape: the same summaries,
 * and the same ones again after both receive the same further values (the
 * running state, not only its summary, survived). */
static void test_stats_fwrite_fread_round_trip(void **state)
{
    (void)state;
    struct stats_table a, b;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    fill_mixed(&a, r);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_int_equal(stats_table_fwrite(f, &a), STATS_OK);
    fclose(f);
    assert_int_equal(stats_table_init(&b, 3, probs, 5, 64), 0);
    f = fmemopen(buf, n, "rb");
    assert_int_equal(stats_table_fread(f, &b), STATS_OK);
    assert_int_equal(fgetc(f), EOF); /* every byte saved was read back */
    fclose(f);
    assert_same_summaries(&a, &b);
    for (int i = 0; i < 100; i++) {
        double x = gsl_rng_uniform(r);
        for (size_t c = 0; c < 3; c++) {
            assert_int_equal(stats_add(&a, c, x), 0);
            assert_int_equal(stats_add(&b, c, x), 0);
        }
    }
    assert_non_null(b.cells[1].p2); /* the exact cell crossed its capacity after the restore */
    assert_same_summaries(&a, &b);
    stats_table_destroy(&a);
    stats_table_destroy(&b);
    free(buf);
    gsl_rng_free(r);
}

/* State of another shape, or cut short anywhere, is refused (STATS_EFORMAT). */
static void test_stats_fread_refuses_other_shape_and_truncation(void **state)
{
    (void)state;
    struct stats_table a, b;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 8);
    fill_mixed(&a, r);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_int_equal(stats_table_fwrite(f, &a), STATS_OK);
    fclose(f);
    struct {
        size_t cells, cap;
        int n_q;
    } other[] = {{.cells = 4, .cap = 64, .n_q = 5},
                 {.cells = 3, .cap = 32, .n_q = 5},
                 {.cells = 3, .cap = 64, .n_q = 4}};
    for (size_t k = 0; k < sizeof other / sizeof other[0]; k++) {
        assert_int_equal(stats_table_init(&b, other[k].cells, probs, other[k].n_q, other[k].cap), 0);
        f = fmemopen(buf, n, "rb");
        assert_int_equal(stats_table_fread(f, &b), STATS_EFORMAT);
        fclose(f);
        stats_table_destroy(&b);
    }
    for (size_t cut = 0; cut < n; cut += 7) {
        assert_int_equal(stats_table_init(&b, 3, probs, 5, 64), 0);
        f = fmemopen(buf, cut ? cut : 1, "rb");
        if (!cut)
            fgetc(f); /* an empty stream */
        assert_int_equal(stats_table_fread(f, &b), STATS_EFORMAT);
        fclose(f);
        stats_table_destroy(&b);
    }
    stats_table_destroy(&a);
    free(buf);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_exact_one_to_hundred),
        cmocka_unit_test(test_stats_empty_and_single),
        cmocka_unit_test(test_stats_p2_beyond_cap_matches_batch),
        cmocka_unit_test(test_stats_equal_values_give_that_value),
        cmocka_unit_test(test_stats_p2_mostly_zero_reports_zero),
        cmocka_unit_test(test_stats_bad_arguments),
        cmocka_unit_test(test_stats_quantiles_never_decrease),
        cmocka_unit_test(test_stats_fwrite_fread_round_trip),
        cmocka_unit_test(test_stats_fread_refuses_other_shape_and_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
