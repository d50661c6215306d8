/* analysis/abc.c - ABC-SMC sampler (see abc.h).
 * Weights are computed in logs (a kernel sum is a log-sum-exp), so kernels
 * of small covariance in many dimensions neither overflow nor underflow.
 * The Cholesky factor is computed here rather than by GSL's
 * gsl_linalg_cholesky_decomp1, which calls GSL's error handler (abort,
 * unless the program switched it off) on the singular covariance of a model
 * left with one distinct particle; a factor that fails is retried with a
 * growing ridge on the diagonal.
 */
#include "analysis/abc.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>

/* ---- priors ---------------------------------------------------------- */

/* The latent support: [lo, hi], widened by 1/2 on each side for an integer. */
static void support(const struct abc_prior *p, double *a, double *b)
{
    double h = p->integer ? 0.5 : 0.0;
    *a = p->lo - h;
    *b = p->hi + h;
}

/* Mass of the untruncated normal inside the support. */
static double normal_mass(const struct abc_prior *p)
{
    double a, b;
    support(p, &a, &b);
    double za = (a - p->mean) / p->sd, zb = (b - p->mean) / p->sd;
    if (za > 0)
        return gsl_cdf_ugaussian_Q(za) - gsl_cdf_ugaussian_Q(zb);
    return gsl_cdf_ugaussian_P(zb) - gsl_cdf_ugaussian_P(za);
}

static int is_integral(double x)
{
    return isinf(x) || (isfinite(x) && x == floor(x));
}

igraph_error_t abc_prior_check(const struct abc_prior *p)
{
    if (!(p->lo < p->hi) || p->model < -1)
        return IGRAPH_EINVAL;
    switch (p->kind) {
    case ABC_UNIFORM:
        if (!isfinite(p->lo) || !isfinite(p->hi))
            return IGRAPH_EINVAL;
        break;
    case ABC_TRIANGULAR:
        if (!isfinite(p->lo) || !isfinite(p->hi) || !(p->mode >= p->lo && p->mode <= p->hi))
            return IGRAPH_EINVAL;
        break;
    case ABC_NORMAL:
        if (!isfinite(p->mean) || !(p->sd > 0) || !isfinite(p->sd))
            return IGRAPH_EINVAL;
        break;
    default: return IGRAPH_EINVAL;
    }
    if (p->integer && (!is_integral(p->lo) || !is_integral(p->hi)))
        return IGRAPH_EINVAL;
    if (p->kind == ABC_NORMAL && !(normal_mass(p) > 0))
        return IGRAPH_EINVAL;
    return IGRAPH_SUCCESS;
}

double abc_prior_pdf(const struct abc_prior *p, double x)
{
    double a, b;
    support(p, &a, &b);
    if (!(x >= a && x <= b))
        return 0.0;
    switch (p->kind) {
    case ABC_UNIFORM: return 1.0 / (b - a);
    case ABC_TRIANGULAR: {
        double c = p->mode;
        if (x < c)
            return 2.0 * (x - a) / ((b - a) * (c - a));
        if (x > c)
            return 2.0 * (b - x) / ((b - a) * (b - c));
        return 2.0 / (b - a);
    }
    case ABC_NORMAL: return gsl_ran_gaussian_pdf(x - p->mean, p->sd) / normal_mass(p);
    }
    return 0.0;
}

double abc_prior_sample(const struct abc_prior *p, gsl_rng *rng)
{
    double a, b, x;
    support(p, &a, &b);
    double u = gsl_rng_uniform_pos(rng);
    switch (p->kind) {
    case ABC_UNIFORM: x = a + u * (b - a); break;
    case ABC_TRIANGULAR: {
        double c = p->mode;
        if (u < (c - a) / (b - a))
            x = a + sqrt(u * (b - a) * (c - a));
        else
            x = b - sqrt((1.0 - u) * (b - a) * (b - c));
        break;
    }
    default: { /* ABC_NORMAL, by the inverse distribution function */
        double za = (a - p->mean) / p->sd, zb = (b - p->mean) / p->sd;
        if (za > 0) { /* upper tail: work with Q for precision */
            double qa = gsl_cdf_ugaussian_Q(za), qb = gsl_cdf_ugaussian_Q(zb);
            x = p->mean + p->sd * gsl_cdf_ugaussian_Qinv(qa - u * (qa - qb));
        } else {
            double pa = gsl_cdf_ugaussian_P(za), pb = gsl_cdf_ugaussian_P(zb);
            x = p->mean + p->sd * gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa));
        }
        break;
    }
    }
    return x < a ? a : x > b ? b : x;
}

double abc_prior_value(const struct abc_prior *p, double x)
{
    if (!p->integer || isnan(x))
        return x;
    double r = floor(x + 0.5);
    return r < p->lo ? p->lo : r > p->hi ? p->hi : r;
}

/* ---- helpers --------------------------------------------------------- */

/* malloc of n elements of sz bytes (at least one element); NULL on overflow. */
static void *alloc(size_t n, size_t sz)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / sz)
        return NULL;
    return malloc(n * sz);
}

/* realloc p to n elements of size sz; 0, or -1 (p unchanged) on failure. */
static int grow(void *pp, size_t n, size_t sz)
{
    void **p = pp;
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / sz)
        return -1;
    void *q = realloc(*p, n * sz);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

/* Whether parameter j belongs to model m. */
static int active(const struct abc_smc *s, size_t j, int m)
{
    return s->priors[j].model < 0 || s->priors[j].model == m;
}

/* First position p in [lo, hi) with cum[p] > u (hi - 1 when rounding leaves none). */
static size_t search(const double *cum, size_t lo, size_t hi, double u)
{
    size_t end = hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo < end ? lo : end - 1;
}

size_t abc_draw_index(const double *w, size_t n, gsl_rng *rng)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    double u = gsl_rng_uniform(rng) * total, c = 0.0;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] > 0)
            last = i;
        c += w[i];
        if (c > u && w[i] > 0)
            return i;
    }
    return last;
}

double abc_distance(const double *sim, const double *obs, const double *scale, size_t n)
{
    double d2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double z = (sim[i] - obs[i]) / scale[i];
        if (isnan(z))
            return NAN;
        d2 += z * z;
    }
    return sqrt(d2);
}

struct wpoint {
    double x, w;
};

static int cmp_wpoint(const void *a, const void *b)
{
    double x = ((const struct wpoint *)a)->x, y = ((const struct wpoint *)b)->x;
    return (x > y) - (x < y);
}

igraph_error_t abc_weighted_quantile(const double *x, const double *w, size_t n, double p, double *q)
{
    if (!(p >= 0.0 && p <= 1.0))
        return IGRAPH_EINVAL;
    struct wpoint *v = alloc(n, sizeof *v);
    if (!v)
        return IGRAPH_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && w[i] > 0)
            v[m++] = (struct wpoint){x[i], w[i]};
    qsort(v, m, sizeof *v, cmp_wpoint);
    double total = 0.0;
    for (size_t i = 0; i < m; i++)
        total += v[i].w;
    *q = NAN;
    double c = 0.0;
    for (size_t i = 0; i < m; i++) {
        c += v[i].w;
        if (c >= p * total) {
            *q = v[i].x;
            break;
        }
    }
    free(v);
    return IGRAPH_SUCCESS;
}

/* log(sum exp(x_i)) of n values; -inf when n == 0. */
static double log_sum_exp(const double *x, size_t n)
{
    double mx = -INFINITY;
    for (size_t i = 0; i < n; i++)
        mx = x[i] > mx ? x[i] : mx;
    if (!isfinite(mx))
        return mx;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += exp(x[i] - mx);
    return mx + log(sum);
}

/* ---- set-up ---------------------------------------------------------- */

igraph_error_t abc_smc_init(struct abc_smc *s, size_t k, const struct abc_prior *priors, size_t n_particles,
                            size_t n_models, const double *model_priors, double alpha)
{
    memset(s, 0, sizeof *s);
    if (n_particles < 2 || n_models < 1 || n_models > INT_MAX || (k == 0 && n_models < 2) ||
        !(alpha > 0.0 && alpha < 1.0))
        return IGRAPH_EINVAL;
    for (size_t j = 0; j < k; j++) {
        if (abc_prior_check(&priors[j]) != IGRAPH_SUCCESS || priors[j].model >= (int)n_models)
            return IGRAPH_EINVAL;
    }
    double total = 0.0;
    for (size_t m = 0; model_priors && m < n_models; m++) {
        if (!(model_priors[m] >= 0.0) || !isfinite(model_priors[m]))
            return IGRAPH_EINVAL;
        total += model_priors[m];
    }
    if (model_priors && !(total > 0.0 && isfinite(total)))
        return IGRAPH_EINVAL;
    if (k > 0 && (n_particles > SIZE_MAX / k || k > SIZE_MAX / k || n_models > SIZE_MAX / (k * k)))
        return IGRAPH_ENOMEM;

    s->k = k;
    s->n = n_particles;
    s->n_models = n_models;
    s->alpha = alpha;
    s->epsilon = INFINITY;
    s->priors = alloc(k, sizeof *s->priors);
    s->model_prior = alloc(n_models, sizeof *s->model_prior);
    s->theta = alloc(n_particles * k, sizeof *s->theta);
    s->model = alloc(n_particles, sizeof *s->model);
    s->weight = alloc(n_particles, sizeof *s->weight);
    s->distance = alloc(n_particles, sizeof *s->distance);
    s->chol = alloc(n_models * k * k, sizeof *s->chol);
    s->log_norm = alloc(n_models, sizeof *s->log_norm);
    s->cum = alloc(n_particles, sizeof *s->cum);
    s->log_w = alloc(n_particles, sizeof *s->log_w);
    s->order = alloc(n_particles, sizeof *s->order);
    s->start = alloc(n_models + 1, sizeof *s->start);
    s->work = alloc(k > n_particles ? k : n_particles, sizeof *s->work);
    if (!s->priors || !s->model_prior || !s->theta || !s->model || !s->weight || !s->distance || !s->chol ||
        !s->log_norm || !s->cum || !s->log_w || !s->order || !s->start || !s->work) {
        abc_smc_destroy(s);
        return IGRAPH_ENOMEM;
    }
    if (k > 0)
        memcpy(s->priors, priors, k * sizeof *priors);
    for (size_t m = 0; m < n_models; m++)
        s->model_prior[m] = model_priors ? model_priors[m] / total : 1.0 / (double)n_models;
    return IGRAPH_SUCCESS;
}

void abc_smc_destroy(struct abc_smc *s)
{
    if (!s)
        return;
    free(s->priors);
    free(s->model_prior);
    free(s->theta);
    free(s->model);
    free(s->weight);
    free(s->distance);
    free(s->history);
    free(s->model_prob);
    free(s->acc_index);
    free(s->acc_theta);
    free(s->acc_distance);
    free(s->acc_model);
    free(s->reported);
    free(s->chol);
    free(s->log_norm);
    free(s->cum);
    free(s->log_w);
    free(s->order);
    free(s->start);
    free(s->work);
    memset(s, 0, sizeof *s);
}

/* ---- proposals ------------------------------------------------------- */

/* A model drawn from probabilities p[0..n-1] (sum 1). */
static int draw_model(const double *p, size_t n, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng), c = 0.0;
    size_t last = 0;
    for (size_t m = 0; m < n; m++) {
        if (p[m] > 0)
            last = m;
        c += p[m];
        if (u < c && p[m] > 0)
            return (int)m;
    }
    return (int)last;
}

static size_t n_alive(const double *prob, size_t n)
{
    size_t a = 0;
    for (size_t m = 0; m < n; m++)
        a += prob[m] > 0;
    return a;
}

/* The model kernel K_M(m | from) over the models alive in prob. */
static double model_kernel(const double *prob, size_t n, int m, int from)
{
    size_t alive = n_alive(prob, n);
    if (m == from)
        return alive > 1 ? ABC_MODEL_STAY : 1.0;
    if (!(prob[m] > 0))
        return 0.0;
    return (1.0 - ABC_MODEL_STAY) / (double)(alive - 1);
}

/* Whether every parameter of model m in theta is inside its prior's support. */
static int in_support(const struct abc_smc *s, const double *theta, int m)
{
    for (size_t j = 0; j < s->k; j++) {
        double a, b;
        support(&s->priors[j], &a, &b);
        if (active(s, j, m) && !(theta[j] >= a && theta[j] <= b))
            return 0;
    }
    return 1;
}

igraph_error_t abc_smc_propose(const struct abc_smc *s, gsl_rng *rng, double *theta, int *model)
{
    size_t k = s->k, nm = s->n_models;
    if (s->t == 0) {
        int m = nm > 1 ? draw_model(s->model_prior, nm, rng) : 0;
        for (size_t j = 0; j < k; j++)
            theta[j] = active(s, j, m) ? abc_prior_sample(&s->priors[j], rng) : NAN;
        *model = m;
        return IGRAPH_SUCCESS;
    }
    const double *prob = s->model_prob + (s->t - 1) * nm;
    size_t alive = n_alive(prob, nm);
    for (size_t r = 0; r < ABC_MAX_RETRIES; r++) {
        int m = 0;
        if (nm > 1) {
            m = draw_model(prob, nm, rng);
            if (alive > 1 && gsl_rng_uniform(rng) >= ABC_MODEL_STAY) {
                /* jump to the l-th other alive model */
                size_t l = gsl_rng_uniform_int(rng, alive - 1);
                for (size_t c = 0; c < nm; c++) {
                    if ((int)c == m || !(prob[c] > 0))
                        continue;
                    if (l-- == 0) {
                        m = (int)c;
                        break;
                    }
                }
            }
        }
        size_t lo = s->start[m], hi = s->start[m + 1];
        size_t parent = s->order[search(s->cum, lo, hi, gsl_rng_uniform(rng) * s->cum[hi - 1])];
        const double *L = s->chol + (size_t)m * k * k;
        const double *base = s->theta + parent * k;
        for (size_t j = 0; j < k; j++)
            theta[j] = active(s, j, m) ? gsl_ran_ugaussian(rng) : 0.0;
        /* theta = base + L z, in place from the last row up */
        for (size_t a = k; a-- > 0;) {
            if (!active(s, a, m)) {
                theta[a] = NAN;
                continue;
            }
            double v = 0.0;
            for (size_t b = 0; b <= a; b++)
                if (active(s, b, m))
                    v += L[a * k + b] * theta[b];
            theta[a] = base[a] + v;
        }
        if (in_support(s, theta, m)) {
            *model = m;
            return IGRAPH_SUCCESS;
        }
    }
    return IGRAPH_DIVERGED;
}

/* ---- reports --------------------------------------------------------- */

igraph_error_t abc_smc_accept(struct abc_smc *s, size_t i, const double *theta, int model, double distance,
                              int *accepted)
{
    size_t k = s->k;
    if (accepted)
        *accepted = 0;
    if (model < 0 || (size_t)model >= s->n_models || isnan(distance) || distance < 0)
        return IGRAPH_EINVAL;
    if (!(s->model_prior[model] > 0) ||
        (s->t > 0 && !(s->model_prob[(s->t - 1) * s->n_models + (size_t)model] > 0)))
        return IGRAPH_EINVAL;
    if (!in_support(s, theta, model))
        return IGRAPH_EINVAL;
    if (i == SIZE_MAX)
        return IGRAPH_EINVAL;
    if (i >= s->cap_reported) {
        size_t cap = s->cap_reported ? s->cap_reported : 64;
        while (cap <= i)
            cap = cap > SIZE_MAX / 2 ? SIZE_MAX : 2 * cap;
        if (grow(&s->reported, cap, 1))
            return IGRAPH_ENOMEM;
        memset(s->reported + s->cap_reported, 0, cap - s->cap_reported);
        s->cap_reported = cap;
    }
    if (s->reported[i])
        return IGRAPH_EINVAL;
    int ok = distance <= s->epsilon;
    if (ok && s->n_acc == s->cap_acc) {
        size_t cap = s->cap_acc ? 2 * s->cap_acc : s->n;
        if (cap > SIZE_MAX / (k ? k : 1) || grow(&s->acc_index, cap, sizeof *s->acc_index) ||
            grow(&s->acc_theta, cap * k, sizeof *s->acc_theta) ||
            grow(&s->acc_distance, cap, sizeof *s->acc_distance) ||
            grow(&s->acc_model, cap, sizeof *s->acc_model))
            return IGRAPH_ENOMEM;
        s->cap_acc = cap;
    }
    s->reported[i] = 1;
    while (s->frontier < s->cap_reported && s->reported[s->frontier])
        s->frontier++;
    if (ok) {
        size_t a = s->n_acc++;
        s->acc_index[a] = i;
        for (size_t j = 0; j < k; j++)
            s->acc_theta[a * k + j] = active(s, j, model) ? theta[j] : NAN;
        s->acc_model[a] = model;
        s->acc_distance[a] = distance;
    }
    if (accepted)
        *accepted = ok;
    return IGRAPH_SUCCESS;
}

int abc_smc_reported(const struct abc_smc *s, size_t i)
{
    return i < s->cap_reported && s->reported[i];
}

int abc_smc_full(const struct abc_smc *s)
{
    size_t c = 0;
    for (size_t a = 0; a < s->n_acc; a++)
        c += s->acc_index[a] < s->frontier;
    return c >= s->n;
}

/* ---- closing a generation -------------------------------------------- */

/* Lower Cholesky factor of the k x k matrix a into l (only the active
 * rows/columns of model m; the others get the identity). -1 when a is
 * not positive definite. */
static int cholesky(const struct abc_smc *s, int m, const double *a, double *l)
{
    size_t k = s->k;
    memset(l, 0, k * k * sizeof *l);
    for (size_t i = 0; i < k; i++) {
        if (!active(s, i, m)) {
            l[i * k + i] = 1.0;
            continue;
        }
        for (size_t j = 0; j <= i; j++) {
            if (!active(s, j, m))
                continue;
            double v = a[i * k + j];
            for (size_t c = 0; c < j; c++)
                v -= l[i * k + c] * l[j * k + c];
            if (i == j) {
                if (!(v > 0) || !isfinite(v))
                    return -1;
                l[i * k + i] = sqrt(v);
            } else {
                l[i * k + j] = v / l[j * k + j];
            }
        }
    }
    return 0;
}

/* A scale of parameter j for the ridge: its support's width, or its sd. */
static double scale_of(const struct abc_prior *p)
{
    double a, b;
    support(p, &a, &b);
    return isfinite(b - a) ? b - a : p->sd;
}

/* Group the population by model, accumulate its weights, and build each
 * alive model's kernel: covariance 2 x the weighted covariance of its
 * particles, Cholesky factor, log normalising constant. cov: k x k scratch. */
static igraph_error_t build_kernels(struct abc_smc *s, double *cov)
{
    size_t k = s->k, n = s->n, nm = s->n_models;
    size_t p = 0;
    for (size_t m = 0; m < nm; m++) {
        s->start[m] = p;
        double c = 0.0;
        for (size_t i = 0; i < n; i++) {
            if (s->model[i] != (int)m)
                continue;
            c += s->weight[i];
            s->order[p] = i;
            s->cum[p++] = c;
        }
    }
    s->start[nm] = p;
    for (size_t m = 0; m < nm; m++) {
        size_t lo = s->start[m], hi = s->start[m + 1];
        double *L = s->chol + m * k * k;
        s->log_norm[m] = 0.0;
        if (lo == hi) { /* dead model: never proposed */
            for (size_t i = 0; i < k * k; i++)
                L[i] = i % (k + 1) == 0;
            continue;
        }
        double W = s->cum[hi - 1];
        for (size_t q = lo; q < hi; q++)
            s->log_w[q] = log(s->weight[s->order[q]] / W);
        double *mean = s->work;
        for (size_t j = 0; j < k; j++) {
            mean[j] = 0.0;
            if (!active(s, j, (int)m))
                continue;
            for (size_t q = lo; q < hi; q++)
                mean[j] += s->weight[s->order[q]] * s->theta[s->order[q] * k + j];
            mean[j] /= W;
        }
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b <= a; b++) {
                double v = 0.0;
                if (active(s, a, (int)m) && active(s, b, (int)m))
                    for (size_t q = lo; q < hi; q++) {
                        size_t i = s->order[q];
                        v += s->weight[i] * (s->theta[i * k + a] - mean[a]) * (s->theta[i * k + b] - mean[b]);
                    }
                cov[a * k + b] = cov[b * k + a] = 2.0 * v / W;
            }
        /* a ridge of (10^(r-9) x scale)^2 until the factor exists */
        int r = 0;
        while (cholesky(s, (int)m, cov, L) != 0) {
            if (r == 9)
                return IGRAPH_EINTERNAL;
            for (size_t j = 0; j < k; j++) {
                double h = scale_of(&s->priors[j]) * pow(10.0, (double)r - 9.0);
                cov[j * k + j] += h * h;
            }
            r++;
        }
        double ln = 0.0;
        size_t d = 0;
        for (size_t j = 0; j < k; j++)
            if (active(s, j, (int)m)) {
                ln -= log(L[j * k + j]);
                d++;
            }
        s->log_norm[m] = ln - 0.5 * (double)d * log(2.0 * M_PI);
    }
    return IGRAPH_SUCCESS;
}

/* log q(theta | m): the log density of the perturbed mixture of model m's
 * particles at theta. terms: n scratch. */
static double log_kernel_mix(const struct abc_smc *s, const double *theta, int m, double *terms)
{
    size_t k = s->k, lo = s->start[m], hi = s->start[m + 1];
    const double *L = s->chol + (size_t)m * k * k;
    double *y = s->work;
    for (size_t q = lo; q < hi; q++) {
        size_t i = s->order[q];
        double maha = 0.0;
        for (size_t a = 0; a < k; a++) {
            if (!active(s, a, m))
                continue;
            double v = theta[a] - s->theta[i * k + a];
            for (size_t b = 0; b < a; b++)
                if (active(s, b, m))
                    v -= L[a * k + b] * y[b];
            y[a] = v / L[a * k + a];
            maha += y[a] * y[a];
        }
        terms[q - lo] = s->log_w[q] - 0.5 * maha;
    }
    return s->log_norm[m] + log_sum_exp(terms, hi - lo);
}

/* The p-quantile of the n sorted values x, interpolated between order
 * statistics as gsl_stats_quantile_from_sorted_data does, except that an
 * exact order statistic is returned as is (GSL's 0 x infinity would give
 * NaN when the next one is infinite). */
static double quantile_sorted(const double *x, size_t n, double p)
{
    double idx = p * (double)(n - 1);
    size_t lhs = (size_t)idx;
    double delta = idx - (double)lhs;
    if (delta == 0.0 || lhs + 1 >= n)
        return x[lhs];
    if (isinf(x[lhs + 1]))
        return x[lhs + 1];
    return (1.0 - delta) * x[lhs] + delta * x[lhs + 1];
}

/* An accepted report: its proposal index and its place in the acc_ arrays. */
struct report_pos {
    size_t index, pos;
};

static int cmp_by_index(const void *a, const void *b)
{
    size_t x = ((const struct report_pos *)a)->index, y = ((const struct report_pos *)b)->index;
    return (x > y) - (x < y);
}

igraph_error_t abc_smc_next_generation(struct abc_smc *s)
{
    size_t k = s->k, n = s->n, nm = s->n_models;
    if (!abc_smc_full(s))
        return IGRAPH_EINVAL;
    size_t t = s->t;
    igraph_error_t err = IGRAPH_ENOMEM;
    struct report_pos *pos = alloc(s->n_acc, sizeof *pos);
    double *theta = alloc(n * k, sizeof *theta), *weight = alloc(n, sizeof *weight);
    double *distance = alloc(n, sizeof *distance), *terms = alloc(n, sizeof *terms);
    double *cov = alloc(k * k, sizeof *cov);
    int *model = alloc(n, sizeof *model);
    if (!pos || !theta || !weight || !distance || !terms || !cov || !model ||
        grow(&s->history, t + 1, sizeof *s->history) ||
        grow(&s->model_prob, (t + 1) * nm, sizeof *s->model_prob))
        goto out;

    /* the first n accepted proposals by index (indices are distinct, so
     * qsort's order is total) */
    for (size_t a = 0; a < s->n_acc; a++)
        pos[a] = (struct report_pos){s->acc_index[a], a};
    qsort(pos, s->n_acc, sizeof *pos, cmp_by_index);
    for (size_t i = 0; i < n; i++) {
        size_t a = pos[i].pos;
        if (k > 0)
            memcpy(theta + i * k, s->acc_theta + a * k, k * sizeof *theta);
        model[i] = s->acc_model[a];
        distance[i] = s->acc_distance[a];
    }
    size_t n_proposed = pos[n - 1].index + 1;

    /* log weights against the previous generation's kernels */
    if (t == 0) {
        for (size_t i = 0; i < n; i++)
            weight[i] = 0.0;
    } else {
        const double *prob = s->model_prob + (t - 1) * nm;
        for (size_t i = 0; i < n; i++) {
            int m = model[i];
            double lp = log(s->model_prior[m]);
            for (size_t j = 0; j < k; j++)
                if (active(s, j, m))
                    lp += log(abc_prior_pdf(&s->priors[j], theta[i * k + j]));
            double qm = 0.0;
            for (size_t f = 0; f < nm; f++)
                if (prob[f] > 0)
                    qm += prob[f] * model_kernel(prob, nm, m, (int)f);
            weight[i] = lp - log(qm) - log_kernel_mix(s, theta + i * k, m, terms);
        }
    }
    double mx = -INFINITY, sum = 0.0, sum2 = 0.0;
    for (size_t i = 0; i < n; i++)
        mx = weight[i] > mx ? weight[i] : mx;
    if (!isfinite(mx)) {
        err = IGRAPH_EINTERNAL;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        weight[i] = exp(weight[i] - mx);
        sum += weight[i];
    }
    for (size_t i = 0; i < n; i++) {
        weight[i] /= sum;
        sum2 += weight[i] * weight[i];
    }

    /* commit: nothing below fails but the kernels' ridge */
    struct abc_generation *g = &s->history[t];
    g->epsilon = s->epsilon;
    g->n_proposed = n_proposed;
    g->acceptance = (double)n / (double)n_proposed;
    g->ess = 1.0 / sum2;
    double *prob = s->model_prob + t * nm;
    for (size_t m = 0; m < nm; m++)
        prob[m] = 0.0;
    for (size_t i = 0; i < n; i++)
        prob[model[i]] += weight[i];
    double *swap_d;
    int *swap_i;
    swap_d = s->theta, s->theta = theta, theta = swap_d;
    swap_d = s->weight, s->weight = weight, weight = swap_d;
    swap_d = s->distance, s->distance = distance, distance = swap_d;
    swap_i = s->model, s->model = model, model = swap_i;

    /* the next tolerance: the alpha-quantile of the accepted distances */
    memcpy(terms, s->distance, n * sizeof *terms);
    gsl_sort(terms, 1, n);
    s->epsilon = quantile_sorted(terms, n, s->alpha);

    s->t = t + 1;
    s->n_acc = 0;
    s->frontier = 0;
    if (s->reported)
        memset(s->reported, 0, s->cap_reported);
    err = build_kernels(s, cov);
out:
    free(pos);
    free(theta);
    free(weight);
    free(distance);
    free(terms);
    free(cov);
    free(model);
    return err;
}

/* ---- save and load --------------------------------------------------- */

#define MAGIC "infnet-abc-smc"

static const char *kind_name[] = {"uniform", "triangular", "normal"};

igraph_error_t abc_smc_save(const struct abc_smc *s, FILE *f)
{
    size_t k = s->k, nm = s->n_models;
    fprintf(f, "%s %d\n", MAGIC, ABC_FORMAT_VERSION);
    fprintf(f, "setup %zu %zu %zu %a\n", k, s->n, nm, s->alpha);
    for (size_t j = 0; j < k; j++) {
        const struct abc_prior *p = &s->priors[j];
        fprintf(f, "prior %s %a %a %a %a %a %d %d\n", kind_name[p->kind], p->lo, p->hi, p->mode, p->mean,
                p->sd, p->integer, p->model);
    }
    fprintf(f, "models");
    for (size_t m = 0; m < nm; m++)
        fprintf(f, " %a", s->model_prior[m]);
    fprintf(f, "\ngeneration %zu %a\n", s->t, s->epsilon);
    for (size_t g = 0; g < s->t; g++) {
        const struct abc_generation *h = &s->history[g];
        fprintf(f, "history %a %a %a %zu", h->epsilon, h->acceptance, h->ess, h->n_proposed);
        for (size_t m = 0; m < nm; m++)
            fprintf(f, " %a", s->model_prob[g * nm + m]);
        fprintf(f, "\n");
    }
    for (size_t i = 0; s->t > 0 && i < s->n; i++) {
        fprintf(f, "particle %d %a %a", s->model[i], s->weight[i], s->distance[i]);
        for (size_t j = 0; j < k; j++)
            fprintf(f, " %a", s->theta[i * k + j]);
        fprintf(f, "\n");
    }
    size_t extra = 0;
    for (size_t i = s->frontier; i < s->cap_reported; i++)
        extra += s->reported[i];
    fprintf(f, "reported %zu %zu", s->frontier, extra);
    for (size_t i = s->frontier; i < s->cap_reported; i++)
        if (s->reported[i])
            fprintf(f, " %zu", i);
    fprintf(f, "\naccepted %zu\n", s->n_acc);
    for (size_t a = 0; a < s->n_acc; a++) {
        fprintf(f, "report %zu %d %a", s->acc_index[a], s->acc_model[a], s->acc_distance[a]);
        for (size_t j = 0; j < k; j++)
            fprintf(f, " %a", s->acc_theta[a * k + j]);
        fprintf(f, "\n");
    }
    fprintf(f, "end\n");
    return ferror(f) ? IGRAPH_EFILE : IGRAPH_SUCCESS;
}

/* One whitespace-separated token of at most 63 characters into buf. */
static int token(FILE *f, char *buf)
{
    return fscanf(f, "%63s", buf) == 1 ? 0 : -1;
}

static int expect(FILE *f, const char *word)
{
    char buf[64];
    return token(f, buf) == 0 && strcmp(buf, word) == 0 ? 0 : -1;
}

static int read_double(FILE *f, double *x)
{
    char buf[64], *end;
    if (token(f, buf))
        return -1;
    *x = strtod(buf, &end);
    return *end == '\0' && end != buf ? 0 : -1;
}

static int read_size(FILE *f, size_t *x)
{
    char buf[64], *end;
    if (token(f, buf) || buf[0] == '-')
        return -1;
    unsigned long long v = strtoull(buf, &end, 10);
    if (*end != '\0' || end == buf || v > SIZE_MAX)
        return -1;
    *x = (size_t)v;
    return 0;
}

static int read_int(FILE *f, int *x)
{
    char buf[64], *end;
    if (token(f, buf))
        return -1;
    long v = strtol(buf, &end, 10);
    if (*end != '\0' || end == buf || v < INT_MIN || v > INT_MAX)
        return -1;
    *x = (int)v;
    return 0;
}

/* The body of abc_smc_load once s is set up; s->k etc. are valid. */
static igraph_error_t load_state(struct abc_smc *s, FILE *f)
{
    size_t k = s->k, n = s->n, nm = s->n_models, t;
    if (expect(f, "generation") || read_size(f, &t) || read_double(f, &s->epsilon) || isnan(s->epsilon))
        return IGRAPH_PARSEERROR;
    if (t > SIZE_MAX / (nm * sizeof(double)) || grow(&s->history, t, sizeof *s->history) ||
        grow(&s->model_prob, t * nm, sizeof *s->model_prob))
        return IGRAPH_ENOMEM;
    for (size_t g = 0; g < t; g++) {
        struct abc_generation *h = &s->history[g];
        if (expect(f, "history") || read_double(f, &h->epsilon) || read_double(f, &h->acceptance) ||
            read_double(f, &h->ess) || read_size(f, &h->n_proposed))
            return IGRAPH_PARSEERROR;
        for (size_t m = 0; m < nm; m++)
            if (read_double(f, &s->model_prob[g * nm + m]))
                return IGRAPH_PARSEERROR;
    }
    for (size_t i = 0; t > 0 && i < n; i++) {
        if (expect(f, "particle") || read_int(f, &s->model[i]) || read_double(f, &s->weight[i]) ||
            read_double(f, &s->distance[i]))
            return IGRAPH_PARSEERROR;
        if (s->model[i] < 0 || (size_t)s->model[i] >= nm || !(s->weight[i] >= 0))
            return IGRAPH_EINVAL;
        for (size_t j = 0; j < k; j++)
            if (read_double(f, &s->theta[i * k + j]))
                return IGRAPH_PARSEERROR;
    }
    s->t = t;
    if (t > 0) {
        double *cov = alloc(k * k, sizeof *cov);
        if (!cov)
            return IGRAPH_ENOMEM;
        igraph_error_t err = build_kernels(s, cov);
        free(cov);
        if (err != IGRAPH_SUCCESS)
            return err;
        for (size_t m = 0; m < nm; m++)
            if (s->model_prob[(t - 1) * nm + m] > 0 && s->start[m] == s->start[m + 1])
                return IGRAPH_EINVAL;
    }
    size_t frontier, extra, n_acc;
    if (expect(f, "reported") || read_size(f, &frontier) || read_size(f, &extra))
        return IGRAPH_PARSEERROR;
    /* re-report: mark 0..frontier-1 and the extra indices */
    size_t *idx = alloc(extra, sizeof *idx);
    if (!idx)
        return IGRAPH_ENOMEM;
    size_t top = frontier;
    for (size_t e = 0; e < extra; e++) {
        if (read_size(f, &idx[e]) || idx[e] <= frontier || idx[e] == SIZE_MAX) {
            free(idx);
            return IGRAPH_PARSEERROR;
        }
        top = idx[e] + 1 > top ? idx[e] + 1 : top;
    }
    if (top > 0) {
        if (grow(&s->reported, top, 1)) {
            free(idx);
            return IGRAPH_ENOMEM;
        }
        memset(s->reported, 0, top);
        memset(s->reported, 1, frontier);
        for (size_t e = 0; e < extra; e++)
            s->reported[idx[e]] = 1;
        s->cap_reported = top;
    }
    free(idx);
    s->frontier = frontier;
    if (expect(f, "accepted") || read_size(f, &n_acc))
        return IGRAPH_PARSEERROR;
    if (n_acc > 0) {
        if (n_acc > SIZE_MAX / (k ? k : 1) || grow(&s->acc_index, n_acc, sizeof *s->acc_index) ||
            grow(&s->acc_theta, n_acc * k, sizeof *s->acc_theta) ||
            grow(&s->acc_distance, n_acc, sizeof *s->acc_distance) ||
            grow(&s->acc_model, n_acc, sizeof *s->acc_model))
            return IGRAPH_ENOMEM;
        s->cap_acc = n_acc;
    }
    for (size_t a = 0; a < n_acc; a++) {
        if (expect(f, "report") || read_size(f, &s->acc_index[a]) || read_int(f, &s->acc_model[a]) ||
            read_double(f, &s->acc_distance[a]))
            return IGRAPH_PARSEERROR;
        for (size_t j = 0; j < k; j++)
            if (read_double(f, &s->acc_theta[a * k + j]))
                return IGRAPH_PARSEERROR;
        if (s->acc_model[a] < 0 || (size_t)s->acc_model[a] >= nm || s->acc_index[a] >= s->cap_reported ||
            !s->reported[s->acc_index[a]] || !(s->acc_distance[a] <= s->epsilon))
            return IGRAPH_EINVAL;
        s->n_acc = a + 1;
    }
    if (expect(f, "end"))
        return IGRAPH_PARSEERROR;
    return IGRAPH_SUCCESS;
}

igraph_error_t abc_smc_load(struct abc_smc *s, FILE *f)
{
    memset(s, 0, sizeof *s);
    int version;
    size_t k, n, nm;
    double alpha;
    if (expect(f, MAGIC) || read_int(f, &version) || version != ABC_FORMAT_VERSION)
        return IGRAPH_PARSEERROR;
    if (expect(f, "setup") || read_size(f, &k) || read_size(f, &n) || read_size(f, &nm) ||
        read_double(f, &alpha))
        return IGRAPH_PARSEERROR;
    if (nm == 0 || nm > INT_MAX || k > 1u << 20 || nm > 1u << 20)
        return IGRAPH_EINVAL;
    struct abc_prior *priors = alloc(k, sizeof *priors);
    double *mp = alloc(nm, sizeof *mp);
    igraph_error_t err = IGRAPH_ENOMEM;
    if (!priors || !mp)
        goto out;
    err = IGRAPH_PARSEERROR;
    for (size_t j = 0; j < k; j++) {
        struct abc_prior *p = &priors[j];
        char kind[64];
        if (expect(f, "prior") || token(f, kind))
            goto out;
        size_t c = 0;
        while (c < 3 && strcmp(kind, kind_name[c]) != 0)
            c++;
        if (c == 3)
            goto out;
        p->kind = (enum abc_prior_kind)c;
        if (read_double(f, &p->lo) || read_double(f, &p->hi) || read_double(f, &p->mode) ||
            read_double(f, &p->mean) || read_double(f, &p->sd) || read_int(f, &p->integer) ||
            read_int(f, &p->model))
            goto out;
    }
    if (expect(f, "models"))
        goto out;
    for (size_t m = 0; m < nm; m++)
        if (read_double(f, &mp[m]))
            goto out;
    err = abc_smc_init(s, k, priors, n, nm, mp, alpha);
    if (err == IGRAPH_SUCCESS) {
        /* keep the saved normalised probabilities bit for bit */
        memcpy(s->model_prior, mp, nm * sizeof *mp);
        err = load_state(s, f);
    }
    if (err != IGRAPH_SUCCESS)
        abc_smc_destroy(s);
out:
    free(priors);
    free(mp);
    return err;
}
