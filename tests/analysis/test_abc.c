/* tests/analysis/test_abc.c - ABC-SMC against posteriors known in advance.
 *
 * A normal mean (conjugate posterior), Erdos-Renyi site percolation (theory
 * gives the giant component), simulation-based calibration of the ranks
 * (Talts et al. 2018), model choice between two noise levels, save/load,
 * and the population's independence from the order of the reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/testutil.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis/abc.h"

/* A simulator: the distance of one simulation at (theta, model) from the
 * observed data in ctx, with its noise drawn from rng. */
typedef double (*sim_fn)(const double *theta, int model, gsl_rng *rng, const void *ctx);

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Proposal i of generation t draws from its own generator. */
static void seed_proposal(gsl_rng *r, unsigned long seed, size_t t, size_t i)
{
    gsl_rng_set(r, (unsigned long)splitmix(splitmix(splitmix(seed) ^ t) ^ i));
}

/* Fill generation s->t: proposals in batches of `batch`, each batch
 * reported in reverse order (as a parallel runner might). */
static void fill_generation(struct abc_smc *s, unsigned long seed, sim_fn sim, const void *ctx, size_t batch)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2); /* cheap to seed, once per proposal */
    double *theta = malloc((s->k ? s->k : 1) * batch * sizeof *theta);
    double *d = malloc(batch * sizeof *d);
    int *m = malloc(batch * sizeof *m);
    size_t i = 0;
    while (!abc_smc_full(s)) {
        for (size_t b = 0; b < batch; b++) {
            d[b] = NAN; /* reported already (a resumed generation) */
            if (abc_smc_reported(s, i + b))
                continue;
            seed_proposal(r, seed, s->t, i + b);
            assert_int_equal(abc_smc_propose(s, r, theta + b * s->k, &m[b]), IGRAPH_SUCCESS);
            d[b] = sim(theta + b * s->k, m[b], r, ctx);
        }
        for (size_t b = batch; b-- > 0;)
            if (!isnan(d[b]))
                assert_int_equal(abc_smc_accept(s, i + b, theta + b * s->k, m[b], d[b], NULL),
                                 IGRAPH_SUCCESS);
        i += batch;
    }
    free(theta);
    free(d);
    free(m);
    gsl_rng_free(r);
}

static void run(struct abc_smc *s, size_t generations, unsigned long seed, sim_fn sim, const void *ctx,
                size_t batch)
{
    for (size_t g = 0; g < generations; g++) {
        fill_generation(s, seed, sim, ctx, batch);
        assert_int_equal(abc_smc_next_generation(s), IGRAPH_SUCCESS);
    }
}

/* Weighted mean and sd of parameter j of the last generation. */
static void moments(const struct abc_smc *s, size_t j, double *mean, double *sd)
{
    double m = 0.0, v = 0.0;
    for (size_t i = 0; i < s->n; i++)
        m += s->weight[i] * s->theta[i * s->k + j];
    for (size_t i = 0; i < s->n; i++) {
        double e = s->theta[i * s->k + j] - m;
        v += s->weight[i] * e * e;
    }
    *mean = m;
    *sd = sqrt(v);
}

static struct abc_prior uniform(double lo, double hi)
{
    return (struct abc_prior){.kind = ABC_UNIFORM, .lo = lo, .hi = hi, .model = -1};
}

/* ---- 1. normal mean with known sd ------------------------------------ */

/* The mean of N_OBS draws from N(theta, 1) is N(theta, 1/N_OBS). */
enum { N_OBS = 10 };

static double sim_mean(const double *theta, int model, gsl_rng *rng, const void *ctx)
{
    (void)model;
    double obs = *(const double *)ctx;
    double ybar = theta[0] + gsl_ran_gaussian(rng, 1.0 / sqrt(N_OBS));
    return fabs(ybar - obs);
}

static void test_abc_normal_mean(void **state)
{
    (void)state;
    /* uniform(-5, 5) prior, wide enough to leave the conjugate posterior
     * N(ybar, 1/N_OBS) untouched */
    struct abc_prior p = uniform(-5, 5);
    double obs = 1.3;
    double sd_true = 1.0 / sqrt(N_OBS);
    struct abc_smc s;
    assert_int_equal(abc_smc_init(&s, 1, &p, 1000, 1, NULL, ABC_DEFAULT_ALPHA), IGRAPH_SUCCESS);
    double sd_err[9];
    for (size_t g = 0; g < 9; g++) {
        run(&s, 1, 11, sim_mean, &obs, 64);
        double mean, sd;
        moments(&s, 0, &mean, &sd);
        sd_err[g] = fabs(sd - sd_true);
    }
    /* tolerances fall strictly, from infinity */
    assert_true(isinf(s.history[0].epsilon));
    for (size_t g = 1; g < 9; g++) {
        assert_true(s.history[g].epsilon < s.history[g - 1].epsilon);
        assert_true(s.history[g].acceptance > 0 && s.history[g].acceptance <= 1);
        assert_true(s.history[g].ess > 100 && s.history[g].ess <= 1000 + 1e-9);
    }
    assert_close(s.history[0].acceptance, 1.0, 0);
    assert_int_equal(s.history[0].n_proposed, 1000);
    assert_close(s.history[0].ess, 1000.0, 1e-9);
    assert_true(s.history[8].epsilon < 0.05);
    /* the posterior approaches N(obs, 1/N_OBS) as the tolerance falls */
    double mean, sd;
    moments(&s, 0, &mean, &sd);
    assert_close(mean, obs, 0.04);
    assert_close(sd, sd_true, 0.03);
    assert_true(sd_err[8] < 0.25 * sd_err[1]);
    double sum = 0.0;
    for (size_t i = 0; i < s.n; i++)
        sum += s.weight[i];
    assert_close(sum, 1.0, 1e-12);
    assert_close(s.model_prob[8], 1.0, 1e-12);
    abc_smc_destroy(&s);
}

/* ---- 2. Erdos-Renyi site percolation --------------------------------- */

/* Giant component share S of an ER graph of mean degree c with a share phi
 * of its nodes kept: the largest root of S = phi (1 - exp(-c S)). */
static double giant(double phi, double c)
{
    double s = phi;
    for (int it = 0; it < 2000; it++)
        s = phi * (1.0 - exp(-c * s));
    return s;
}

struct perc {
    double c, obs, noise;
};

static double sim_perc(const double *theta, int model, gsl_rng *rng, const void *ctx)
{
    (void)model;
    const struct perc *p = ctx;
    double s = giant(theta[0], p->c) + gsl_ran_gaussian(rng, p->noise);
    return fabs(s - p->obs) / p->noise;
}

static void interval90(const struct abc_smc *s, double *lo, double *hi)
{
    assert_int_equal(abc_weighted_quantile(s->theta, s->weight, s->n, 0.05, lo), IGRAPH_SUCCESS);
    assert_int_equal(abc_weighted_quantile(s->theta, s->weight, s->n, 0.95, hi), IGRAPH_SUCCESS);
}

static void test_abc_percolation(void **state)
{
    (void)state;
    const double phi_true = 0.6;
    struct perc p = {.c = 4.0, .noise = 0.01};
    p.obs = giant(phi_true, p.c);
    assert_close(p.obs, 0.6 * (1 - exp(-4.0 * p.obs)), 1e-12);
    assert_true(p.obs > 0.5 && p.obs < 0.6);
    struct abc_prior pr = uniform(0, 1);
    struct abc_smc s;
    assert_int_equal(abc_smc_init(&s, 1, &pr, 400, 1, NULL, ABC_DEFAULT_ALPHA), IGRAPH_SUCCESS);
    double lo1 = 0, hi1 = 0, lo, hi;
    for (size_t g = 0; g < 7; g++) {
        run(&s, 1, 5, sim_perc, &p, 50);
        interval90(&s, &lo, &hi);
        assert_true(lo <= phi_true && phi_true <= hi);
        if (g == 1)
            lo1 = lo, hi1 = hi;
    }
    assert_true(hi - lo < 0.3 * (hi1 - lo1));
    assert_true(hi - lo < 0.05);
    for (size_t g = 1; g < 7; g++)
        assert_true(s.history[g].epsilon < s.history[g - 1].epsilon);
    abc_smc_destroy(&s);
}

/* ---- 3. simulation-based calibration ---------------------------------- */

/* y ~ N(theta, SBC_SD), uniform(0, 1) prior; the distance to y_obs. */
#define SBC_SD 0.1

static double sim_sbc(const double *theta, int model, gsl_rng *rng, const void *ctx)
{
    (void)model;
    return fabs(theta[0] + gsl_ran_gaussian(rng, SBC_SD) - *(const double *)ctx);
}

static void test_abc_sbc_ranks_uniform(void **state)
{
    (void)state;
    /* M = 1000 repetitions, L = 9 posterior draws each: ranks 0..9 in 10
     * bins of 100 expected. Chi-square test on 9 degrees of freedom, rejected
     * at p < 0.001. */
    enum { M = 1000, L = 9, BINS = L + 1 };
    size_t count[BINS] = {0};
    /* a prior as informative as the data, so that the weights matter */
    struct abc_prior pr = {.kind = ABC_NORMAL, .lo = 0, .hi = 1, .mean = 0.3, .sd = 0.15, .model = -1};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2018);
    for (size_t rep = 0; rep < M; rep++) {
        double truth = abc_prior_sample(&pr, r);
        double obs = truth + gsl_ran_gaussian(r, SBC_SD);
        struct abc_smc s;
        assert_int_equal(abc_smc_init(&s, 1, &pr, 100, 1, NULL, ABC_DEFAULT_ALPHA), IGRAPH_SUCCESS);
        run(&s, 6, 1000 + rep, sim_sbc, &obs, 32);
        size_t rank = 0;
        for (size_t l = 0; l < L; l++)
            rank += s.theta[abc_draw_index(s.weight, s.n, r)] < truth;
        count[rank]++;
        abc_smc_destroy(&s);
    }
    gsl_rng_free(r);
    double chi2 = 0.0, e = (double)M / BINS;
    for (size_t b = 0; b < BINS; b++)
        chi2 += (count[b] - e) * (count[b] - e) / e;
    double pval = gsl_cdf_chisq_Q(chi2, BINS - 1);
    if (pval < 0.001) {
        for (size_t b = 0; b < BINS; b++)
            print_message("rank %zu: %zu\n", b, count[b]);
        fail_msg("ranks not uniform: chi2 = %g, p = %g", chi2, pval);
    }
}

/* ---- 4. model choice ---------------------------------------------------- */

/* Model 0: 50 draws from N(theta_0, 1); model 1: 50 draws from N(theta_1,
 * 3). Summaries: mean and sd. The data come from model 0. */
struct choice {
    double mean, sd;
};

static void summaries(double mu, double sigma, gsl_rng *rng, double *mean, double *sd)
{
    double x[50], m = 0.0, v = 0.0;
    for (int i = 0; i < 50; i++)
        m += (x[i] = mu + gsl_ran_gaussian(rng, sigma)) / 50;
    for (int i = 0; i < 50; i++)
        v += (x[i] - m) * (x[i] - m) / 49;
    *mean = m;
    *sd = sqrt(v);
}

static double sim_choice(const double *theta, int model, gsl_rng *rng, const void *ctx)
{
    const struct choice *o = ctx;
    double sim[2], obs[2] = {o->mean, o->sd}, scale[2] = {0.2, 0.1};
    summaries(theta[model], model == 0 ? 1.0 : 3.0, rng, &sim[0], &sim[1]);
    return abc_distance(sim, obs, scale, 2);
}

static double sim_offset(const double *theta, int model, gsl_rng *rng, const void *ctx)
{
    (void)theta, (void)ctx;
    return fabs(gsl_ran_gaussian(rng, 1.0)) + (model == 1 ? 0.5 : 0.0);
}

static void test_abc_model_choice(void **state)
{
    (void)state;
    struct abc_prior pr[2] = {uniform(-5, 5), uniform(-5, 5)};
    pr[0].model = 0;
    pr[1].model = 1;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    struct choice o;
    summaries(1.0, 1.0, r, &o.mean, &o.sd);
    gsl_rng_free(r);
    struct abc_smc s;
    assert_int_equal(abc_smc_init(&s, 2, pr, 400, 2, NULL, ABC_DEFAULT_ALPHA), IGRAPH_SUCCESS);
    assert_close(s.model_prior[0], 0.5, 0);
    run(&s, 7, 3, sim_choice, &o, 40);
    double p0 = s.model_prob[6 * 2 + 0], p1 = s.model_prob[6 * 2 + 1];
    assert_close(p0 + p1, 1.0, 1e-12);
    assert_true(p0 > 0.9);
    /* generation 0 is the prior: about half each */
    assert_close(s.model_prob[0], 0.5, 0.1);
    /* a particle has only its model's parameter */
    for (size_t i = 0; i < s.n; i++) {
        assert_true(isnan(s.theta[i * 2 + 1 - (size_t)s.model[i]]));
        assert_false(isnan(s.theta[i * 2 + (size_t)s.model[i]]));
    }
    double w = 0.0, m = 0.0;
    for (size_t i = 0; i < s.n; i++)
        if (s.model[i] == 0)
            w += s.weight[i], m += s.weight[i] * s.theta[i * 2];
    assert_close(m / w, o.mean, 0.2);
    abc_smc_destroy(&s);

    /* model choice alone (no parameter): model 1's distances are never
     * below 0.5, so it dies once the tolerance is below that; the weights
     * of one model's particles are equal (pi(m) / q(m)) */
    double mp0[2] = {1, 1};
    assert_int_equal(abc_smc_init(&s, 0, NULL, 200, 2, mp0, 0.5), IGRAPH_SUCCESS);
    run(&s, 6, 4, sim_offset, NULL, 10);
    assert_true(s.history[5].epsilon < 0.5);
    assert_close(s.model_prob[5 * 2 + 0], 1.0, 1e-12);
    assert_close(s.model_prob[5 * 2 + 1], 0.0, 0);
    assert_close(s.model_prob[3 * 2 + 0] + s.model_prob[3 * 2 + 1], 1.0, 1e-12);
    for (size_t g = 1; g < 6; g++)
        assert_true(s.model_prob[g * 2] >= s.model_prob[(g - 1) * 2] - 0.05);
    for (size_t i = 0; i < s.n; i++)
        assert_close(s.weight[i], 1.0 / 200, 1e-15);
    abc_smc_destroy(&s);

    /* unequal model priors are normalised */
    double mp[2] = {1, 3};
    assert_int_equal(abc_smc_init(&s, 2, pr, 10, 2, mp, 0.5), IGRAPH_SUCCESS);
    assert_close(s.model_prior[1], 0.75, 0);
    abc_smc_destroy(&s);
}

/* ---- 5. save and load ----------------------------------------------------- */

static char *save_to_string(const struct abc_smc *s, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    assert_int_equal(abc_smc_save(s, f), IGRAPH_SUCCESS);
    fclose(f);
    return buf;
}

static void load_from_string(struct abc_smc *s, const char *text, igraph_error_t want)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(f);
    assert_int_equal(abc_smc_load(s, f), want);
    fclose(f);
}

static void assert_same_population(const struct abc_smc *a, const struct abc_smc *b)
{
    assert_int_equal(a->t, b->t);
    assert_memory_equal(a->theta, b->theta, a->n * a->k * sizeof(double));
    assert_memory_equal(a->weight, b->weight, a->n * sizeof(double));
    assert_memory_equal(a->distance, b->distance, a->n * sizeof(double));
    assert_memory_equal(a->model, b->model, a->n * sizeof(int));
    assert_memory_equal(a->history, b->history, a->t * sizeof *a->history);
    assert_memory_equal(a->model_prob, b->model_prob, a->t * a->n_models * sizeof(double));
    assert_memory_equal(&a->epsilon, &b->epsilon, sizeof(double));
}

static double sim_two(const double *theta, int model, gsl_rng *rng, const void *ctx)
{
    (void)ctx;
    double x = theta[model == 0 ? 0 : 2] + gsl_ran_gaussian(rng, 0.3);
    const struct abc_prior count = {.kind = ABC_UNIFORM, .lo = 0, .hi = 10, .integer = 1, .model = -1};
    double y = abc_prior_value(&count, theta[1]) + gsl_ran_gaussian(rng, 1.0);
    return hypot(x - 0.5, (y - 4.0) / 3.0);
}

static void test_abc_save_load(void **state)
{
    (void)state;
    /* three parameters of all three kinds, one integer, one per model */
    struct abc_prior pr[3] = {
        {.kind = ABC_TRIANGULAR, .lo = -1, .hi = 2, .mode = 0.5, .model = 0},
        {.kind = ABC_UNIFORM, .lo = 0, .hi = 10, .integer = 1, .model = -1},
        {.kind = ABC_NORMAL, .lo = -INFINITY, .hi = 3, .mean = 0, .sd = 1, .model = 1},
    };
    double mp[2] = {0.3, 0.7};
    struct abc_smc a, b;
    assert_int_equal(abc_smc_init(&a, 3, pr, 60, 2, mp, 0.4), IGRAPH_SUCCESS);
    run(&a, 3, 9, sim_two, NULL, 16);
    /* report part of generation 3, with a hole: 0..9 and 12 */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double th[3];
    int m;
    for (size_t i = 0; i < 13; i++) {
        if (i == 10 || i == 11)
            continue;
        seed_proposal(r, 9, a.t, i);
        assert_int_equal(abc_smc_propose(&a, r, th, &m), IGRAPH_SUCCESS);
        assert_int_equal(abc_smc_accept(&a, i, th, m, sim_two(th, m, r, NULL), NULL), IGRAPH_SUCCESS);
    }
    size_t len1, len2;
    char *text1 = save_to_string(&a, &len1);
    load_from_string(&b, text1, IGRAPH_SUCCESS);
    char *text2 = save_to_string(&b, &len2);
    assert_int_equal(len1, len2);
    assert_string_equal(text1, text2);
    assert_same_population(&a, &b);
    assert_memory_equal(a.chol, b.chol, 2 * 9 * sizeof(double));
    /* the same proposals after loading, bit for bit */
    for (size_t i = 0; i < 50; i++) {
        double ta[3], tb[3];
        int ma, mb;
        seed_proposal(r, 77, 0, i);
        assert_int_equal(abc_smc_propose(&a, r, ta, &ma), IGRAPH_SUCCESS);
        seed_proposal(r, 77, 0, i);
        assert_int_equal(abc_smc_propose(&b, r, tb, &mb), IGRAPH_SUCCESS);
        assert_int_equal(ma, mb);
        assert_memory_equal(ta, tb, sizeof ta);
    }
    /* the loaded state knows 12 was reported */
    assert_int_equal(abc_smc_accept(&b, 12, th, m, 0.0, NULL), IGRAPH_EINVAL);
    /* finishing the generation gives the same population */
    gsl_rng_free(r);
    run(&a, 2, 9, sim_two, NULL, 16);
    run(&b, 2, 9, sim_two, NULL, 16);
    assert_same_population(&a, &b);
    abc_smc_destroy(&a);
    abc_smc_destroy(&b);

    /* another version, a truncated file and a bad prior are refused */
    char *bad = strdup(text1);
    bad[strlen("infnet-abc-smc ")] = '9';
    load_from_string(&b, bad, IGRAPH_PARSEERROR);
    assert_null(b.priors);
    free(bad);
    bad = strndup(text1, len1 / 2);
    load_from_string(&b, bad, IGRAPH_PARSEERROR);
    free(bad);
    bad = strdup(text1);
    char *hi = strstr(bad, "prior triangular ");
    assert_non_null(hi);
    memcpy(hi + strlen("prior "), "uniformxx ", 10);
    load_from_string(&b, bad, IGRAPH_PARSEERROR);
    free(bad);
    load_from_string(&b, "", IGRAPH_PARSEERROR);
    free(text1);
    free(text2);
}

/* ---- the order of reports and the batch size do not matter ----------- */

static void test_abc_same_bytes_any_batch(void **state)
{
    (void)state;
    struct abc_prior pr = uniform(-5, 5);
    double obs = 0.7;
    struct abc_smc a, b;
    assert_int_equal(abc_smc_init(&a, 1, &pr, 200, 1, NULL, 0.5), IGRAPH_SUCCESS);
    assert_int_equal(abc_smc_init(&b, 1, &pr, 200, 1, NULL, 0.5), IGRAPH_SUCCESS);
    run(&a, 4, 21, sim_mean, &obs, 1);
    run(&b, 4, 21, sim_mean, &obs, 97);
    assert_same_population(&a, &b);
    abc_smc_destroy(&a);
    abc_smc_destroy(&b);
}

/* ---- priors, helpers and refusals ---------------------------------------- */

static void test_abc_priors(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1);
    struct abc_prior tri = {.kind = ABC_TRIANGULAR, .lo = 0, .hi = 3, .mode = 1, .model = -1};
    struct abc_prior nor = {.kind = ABC_NORMAL, .lo = 0, .hi = INFINITY, .mean = 0, .sd = 2, .model = -1};
    struct abc_prior tail = {.kind = ABC_NORMAL, .lo = 6, .hi = 7, .mean = 0, .sd = 1, .model = -1};
    struct abc_prior in = {.kind = ABC_UNIFORM, .lo = 1, .hi = 3, .integer = 1, .model = -1};
    assert_int_equal(abc_prior_check(&tri), IGRAPH_SUCCESS);
    assert_int_equal(abc_prior_check(&nor), IGRAPH_SUCCESS);
    assert_int_equal(abc_prior_check(&tail), IGRAPH_SUCCESS);
    assert_int_equal(abc_prior_check(&in), IGRAPH_SUCCESS);
    double st = 0, sn = 0, stail = 0;
    size_t ci[4] = {0};
    enum { DRAWS = 200000 };
    for (int i = 0; i < DRAWS; i++) {
        st += abc_prior_sample(&tri, r);
        double x = abc_prior_sample(&nor, r);
        assert_true(x >= 0);
        sn += x;
        x = abc_prior_sample(&tail, r);
        assert_true(x >= 6 && x <= 7);
        stail += x;
        ci[(size_t)abc_prior_value(&in, abc_prior_sample(&in, r))]++;
    }
    assert_close(st / DRAWS, (0 + 1 + 3) / 3.0, 0.01);
    assert_close(sn / DRAWS, 2 * sqrt(2 / M_PI), 0.01); /* half-normal mean */
    assert_close(stail / DRAWS, 6 + 1 / 6.0, 0.01);     /* about 1/lo above lo */
    assert_int_equal(ci[0], 0);
    for (size_t v = 1; v <= 3; v++)
        assert_close(ci[v] / (double)DRAWS, 1 / 3.0, 0.01);
    /* densities */
    assert_close(abc_prior_pdf(&tri, 1), 2.0 / 3, 1e-15);
    assert_close(abc_prior_pdf(&tri, 0.5), 1.0 / 3, 1e-15);
    assert_close(abc_prior_pdf(&tri, 2), 1.0 / 3, 1e-15);
    assert_close(abc_prior_pdf(&tri, 3.1), 0, 0);
    assert_close(abc_prior_pdf(&nor, 0), 2 * gsl_ran_gaussian_pdf(0, 2), 1e-15);
    assert_close(abc_prior_pdf(&nor, -0.1), 0, 0);
    assert_close(abc_prior_pdf(&in, 0.5), 1.0 / 3, 1e-15); /* over [0.5, 3.5] */
    assert_close(abc_prior_pdf(&in, 0.49), 0, 0);
    assert_close(abc_prior_value(&in, 3.5), 3, 0);
    assert_close(abc_prior_value(&in, 0.5), 1, 0);
    assert_close(abc_prior_value(&in, 2.49), 2, 0);
    assert_close(abc_prior_value(&tri, 2.49), 2.49, 0);
    /* refusals */
    struct abc_prior bad = tri;
    bad.mode = 4;
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    bad = in;
    bad.hi = 3.5;
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    bad = nor;
    bad.sd = 0;
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    bad = nor;
    bad.lo = 200, bad.hi = 201; /* no mass left in double precision */
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    bad = uniform(1, 1);
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    bad = uniform(0, INFINITY);
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    bad = uniform(0, NAN);
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    bad = uniform(0, 1);
    bad.kind = 7;
    assert_int_equal(abc_prior_check(&bad), IGRAPH_EINVAL);
    gsl_rng_free(r);
}

static void test_abc_helpers_and_refusals(void **state)
{
    (void)state;
    double sim[2] = {1, 5}, obs[2] = {4, 1}, scale[2] = {3, 2};
    assert_close(abc_distance(sim, obs, scale, 2), sqrt(1 + 4), 1e-15);
    sim[1] = NAN;
    assert_true(isnan(abc_distance(sim, obs, scale, 2)));
    sim[1] = INFINITY;
    assert_true(isinf(abc_distance(sim, obs, scale, 2)));

    double x[5] = {5, 1, NAN, 3, 2}, w[5] = {1, 1, 9, 2, 0}, q;
    assert_int_equal(abc_weighted_quantile(x, w, 5, 0.5, &q), IGRAPH_SUCCESS);
    assert_close(q, 3, 0); /* 1 (0.25), 3 (0.75), 5 (1) */
    assert_int_equal(abc_weighted_quantile(x, w, 5, 0.25, &q), IGRAPH_SUCCESS);
    assert_close(q, 1, 0);
    assert_int_equal(abc_weighted_quantile(x, w, 5, 1.0, &q), IGRAPH_SUCCESS);
    assert_close(q, 5, 0);
    assert_int_equal(abc_weighted_quantile(x, w, 5, 1.5, &q), IGRAPH_EINVAL);
    assert_int_equal(abc_weighted_quantile(x, w, 0, 0.5, &q), IGRAPH_SUCCESS);
    assert_true(isnan(q));

    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double dw[4] = {0, 1, 0, 3};
    size_t c[4] = {0};
    for (int i = 0; i < 40000; i++)
        c[abc_draw_index(dw, 4, r)]++;
    assert_int_equal(c[0] + c[2], 0);
    assert_close(c[3] / 40000.0, 0.75, 0.01);

    struct abc_prior p = uniform(0, 1), pm = uniform(0, 1);
    pm.model = 1;
    struct abc_smc s;
    assert_int_equal(abc_smc_init(&s, 1, &p, 1, 1, NULL, 0.5), IGRAPH_EINVAL);
    assert_int_equal(abc_smc_init(&s, 1, &p, 10, 0, NULL, 0.5), IGRAPH_EINVAL);
    assert_int_equal(abc_smc_init(&s, 1, &p, 10, 1, NULL, 1.0), IGRAPH_EINVAL);
    assert_int_equal(abc_smc_init(&s, 0, NULL, 10, 1, NULL, 0.5), IGRAPH_EINVAL);
    assert_int_equal(abc_smc_init(&s, 1, &pm, 10, 1, NULL, 0.5), IGRAPH_EINVAL);
    double mp[2] = {0, 0};
    assert_int_equal(abc_smc_init(&s, 1, &p, 10, 2, mp, 0.5), IGRAPH_EINVAL);
    mp[1] = -1;
    assert_int_equal(abc_smc_init(&s, 1, &p, 10, 2, mp, 0.5), IGRAPH_EINVAL);
    abc_smc_destroy(&s);

    assert_int_equal(abc_smc_init(&s, 1, &p, 3, 1, NULL, 0.5), IGRAPH_SUCCESS);
    double th = 0.5;
    int acc = -1;
    assert_int_equal(abc_smc_next_generation(&s), IGRAPH_EINVAL);
    assert_int_equal(abc_smc_accept(&s, 0, &th, 0, NAN, &acc), IGRAPH_EINVAL);
    assert_int_equal(acc, 0);
    assert_int_equal(abc_smc_accept(&s, 0, &th, 0, -1, NULL), IGRAPH_EINVAL);
    assert_int_equal(abc_smc_accept(&s, 0, &th, 1, 1, NULL), IGRAPH_EINVAL);
    th = 1.5; /* outside the prior */
    assert_int_equal(abc_smc_accept(&s, 0, &th, 0, 1, NULL), IGRAPH_EINVAL);
    th = 0.5;
    /* indices 0, 2, 3 reported: not full until 1 is */
    assert_int_equal(abc_smc_accept(&s, 0, &th, 0, 1, &acc), IGRAPH_SUCCESS);
    assert_int_equal(acc, 1);
    assert_int_equal(abc_smc_accept(&s, 0, &th, 0, 1, NULL), IGRAPH_EINVAL);
    assert_int_equal(abc_smc_accept(&s, 3, &th, 0, 3, NULL), IGRAPH_SUCCESS);
    assert_int_equal(abc_smc_accept(&s, 2, &th, 0, INFINITY, NULL), IGRAPH_SUCCESS);
    assert_false(abc_smc_full(&s));
    assert_int_equal(abc_smc_next_generation(&s), IGRAPH_EINVAL);
    th = 0.25;
    assert_int_equal(abc_smc_accept(&s, 1, &th, 0, 2, NULL), IGRAPH_SUCCESS);
    assert_true(abc_smc_full(&s));
    assert_int_equal(abc_smc_next_generation(&s), IGRAPH_SUCCESS);
    /* the first three by index: distances 1, 2, inf; index 3 is dropped */
    assert_int_equal(s.history[0].n_proposed, 3);
    assert_close(s.distance[1], 2, 0);
    assert_close(s.theta[1], 0.25, 0);
    assert_true(isinf(s.distance[2]));
    assert_close(s.epsilon, 2, 0); /* median of 1, 2, inf */
    /* after generation 0, a distance above the tolerance is rejected */
    assert_int_equal(abc_smc_accept(&s, 0, &th, 0, 2.5, &acc), IGRAPH_SUCCESS);
    assert_int_equal(acc, 0);
    assert_int_equal(abc_smc_accept(&s, 1, &th, 0, INFINITY, &acc), IGRAPH_SUCCESS);
    assert_int_equal(acc, 0);
    abc_smc_destroy(&s);
    abc_smc_destroy(&s);

    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abc_normal_mean),
        cmocka_unit_test(test_abc_percolation),
        cmocka_unit_test(test_abc_sbc_ranks_uniform),
        cmocka_unit_test(test_abc_model_choice),
        cmocka_unit_test(test_abc_save_load),
        cmocka_unit_test(test_abc_same_bytes_any_batch),
        cmocka_unit_test(test_abc_priors),
        cmocka_unit_test(test_abc_helpers_and_refusals),
    };
    if (getenv("ABC_FILTER"))
        cmocka_set_test_filter(getenv("ABC_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
