/* analysis/sensitivity.c - Sobol, Morris and SRC estimators (see sensitivity.h).
 * Each estimator computes its indices once from a list of row indices (the
 * identity for the point estimate, a resample with replacement for each
 * bootstrap draw), so that the intervals resample exactly what the point
 * estimate uses. Bootstrap estimates are kept per index and sorted for the
 * percentile bounds (n_boot doubles per index).
 */
#include "analysis/sensitivity.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multifit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

static void fill_nan(double *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        v[i] = NAN;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* Percentile bounds at `level` of the finite ones among the n_boot
 * estimates in v (compacted and sorted here): a resample whose estimate is
 * undefined (zero variance) is left out, since sorting NaN breaks the
 * order. NaN bounds when no estimate is finite. */
static void percentile(double *v, size_t n_boot, double level, double *lo, double *hi)
{
    size_t n = 0;
    for (size_t i = 0; i < n_boot; i++)
        if (isfinite(v[i]))
            v[n++] = v[i];
    if (n == 0) {
        *lo = *hi = NAN;
        return;
    }
    gsl_sort(v, 1, n);
    *lo = gsl_stats_quantile_from_sorted_data(v, 1, n, (1.0 - level) / 2.0);
    *hi = gsl_stats_quantile_from_sorted_data(v, 1, n, (1.0 + level) / 2.0);
}

/* ---- Sobol ------------------------------------------------------------- */

igraph_error_t sensitivity_sobol_init(struct sensitivity_sobol *s, size_t k, int second_order)
{
    memset(s, 0, sizeof *s);
    if (k == 0 || k > SIZE_MAX / sizeof(double) / k)
        return IGRAPH_EINVAL;
    s->k = k;
    s->second_order = second_order != 0;
    double **one[] = {&s->s1, &s->s1_lo, &s->s1_hi, &s->st, &s->st_lo, &s->st_hi};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        if (!(*one[i] = malloc(k * sizeof **one[i])))
            goto nomem;
    if (second_order) {
        double **two[] = {&s->s2, &s->s2_lo, &s->s2_hi};
        for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
            if (!(*two[i] = malloc(k * k * sizeof **two[i])))
                goto nomem;
    }
    return IGRAPH_SUCCESS;
nomem:
    sensitivity_sobol_destroy(s);
    return IGRAPH_ENOMEM;
}

void sensitivity_sobol_destroy(struct sensitivity_sobol *s)
{
    if (!s)
        return;
    free(s->s1);
    free(s->s1_lo);
    free(s->s1_hi);
    free(s->st);
    free(s->st_lo);
    free(s->st_hi);
    free(s->s2);
    free(s->s2_lo);
    free(s->s2_hi);
    memset(s, 0, sizeof *s);
}

/* The indices of the base points idx[0..n-1] into est: S1 (k), ST (k), then
 * S2 (k x k, NaN off j < l) with second order. y is centered by `mean`. */
static void sobol_estimate(const double *y, double mean, size_t n, size_t k, int so, const size_t *idx,
                           double *est)
{
    size_t block = so ? 2 * k + 2 : k + 2;
    double var = 0.0;
    for (size_t t = 0; t < n; t++) {
        const double *b = y + idx[t] * block;
        double ya = b[0] - mean, yb = b[block - 1] - mean;
        var += ya * ya + yb * yb;
    }
    double ma = 0.0; /* the mean of the A and B outputs drawn */
    for (size_t t = 0; t < n; t++) {
        const double *b = y + idx[t] * block;
        ma += (b[0] - mean) + (b[block - 1] - mean);
    }
    ma /= (double)(2 * n);
    var = var / (double)(2 * n) - ma * ma; /* population variance of A and B together, as SALib */
    if (!(var > 0.0)) {                    /* the indices are shares of a variance there is not */
        fill_nan(est, so ? 2 * k + k * k : 2 * k);
        return;
    }
    double *s1 = est, *st = est + k, *s2 = est + 2 * k;
    for (size_t j = 0; j < k; j++) {
        double f = 0.0, tot = 0.0;
        for (size_t t = 0; t < n; t++) {
            const double *b = y + idx[t] * block;
            double ya = b[0] - mean, yb = b[block - 1] - mean, yab = b[1 + j] - mean;
            f += yb * (yab - ya);
            tot += (ya - yab) * (ya - yab);
        }
        s1[j] = f / (double)n / var;
        st[j] = 0.5 * tot / (double)n / var;
    }
    if (!so)
        return;
    for (size_t j = 0; j < k; j++)
        for (size_t l = 0; l < k; l++) {
            if (l <= j) {
                s2[j * k + l] = NAN;
                continue;
            }
            double v = 0.0;
            for (size_t t = 0; t < n; t++) {
                const double *b = y + idx[t] * block;
                double ya = b[0] - mean, yb = b[block - 1] - mean;
                v += (b[1 + k + j] - mean) * (b[1 + l] - mean) - ya * yb;
            }
            s2[j * k + l] = v / (double)n / var - s1[j] - s1[l];
        }
}

igraph_error_t sensitivity_sobol_analyze(const double *y, size_t n, size_t n_boot, double level,
                                         struct sensitivity_sobol *s, gsl_rng *rng)
{
    size_t k = s->k, block = s->second_order ? 2 * k + 2 : k + 2;
    if (n < 2 || !(level > 0.0 && level < 1.0) || n > SIZE_MAX / block || (n_boot > 0 && !rng))
        return IGRAPH_EINVAL;
    size_t rows = n * block;
    if (!all_finite(y, rows))
        return IGRAPH_EINVAL;
    size_t n_est = s->second_order ? 2 * k + k * k : 2 * k;
    size_t *idx = malloc(n * sizeof *idx);
    double *est = malloc(n_est * sizeof *est);
    double *boot =
        n_boot && n_boot <= SIZE_MAX / sizeof(double) / n_est ? malloc(n_boot * n_est * sizeof *boot) : NULL;
    if (!idx || !est || (n_boot && !boot)) {
        free(idx);
        free(est);
        free(boot);
        return IGRAPH_ENOMEM;
    }
    /* Centering by the mean of every output (as SALib does) keeps the
     * products of the S1 and S2 estimators from cancelling large terms. */
    double mean = gsl_stats_mean(y, 1, rows);
    for (size_t t = 0; t < n; t++)
        idx[t] = t;
    sobol_estimate(y, mean, n, k, s->second_order, idx, est);
    memcpy(s->s1, est, k * sizeof *est);
    memcpy(s->st, est + k, k * sizeof *est);
    if (s->second_order)
        memcpy(s->s2, est + 2 * k, k * k * sizeof *est);

    fill_nan(s->s1_lo, k), fill_nan(s->s1_hi, k), fill_nan(s->st_lo, k), fill_nan(s->st_hi, k);
    if (s->second_order)
        fill_nan(s->s2_lo, k * k), fill_nan(s->s2_hi, k * k);
    for (size_t b = 0; b < n_boot; b++) {
        for (size_t t = 0; t < n; t++)
            idx[t] = (size_t)gsl_rng_uniform_int(rng, (unsigned long)n);
        sobol_estimate(y, mean, n, k, s->second_order, idx, est);
        for (size_t e = 0; e < n_est; e++)
            boot[e * n_boot + b] = est[e];
    }
    for (size_t e = 0; n_boot && e < n_est; e++) {
        double lo, hi;
        if (e >= 2 * k && (e - 2 * k) % k <= (e - 2 * k) / k)
            continue; /* S2 on or below the diagonal */
        percentile(boot + e * n_boot, n_boot, level, &lo, &hi);
        if (e < k)
            s->s1_lo[e] = lo, s->s1_hi[e] = hi;
        else if (e < 2 * k)
            s->st_lo[e - k] = lo, s->st_hi[e - k] = hi;
        else
            s->s2_lo[e - 2 * k] = lo, s->s2_hi[e - 2 * k] = hi;
    }
    free(idx);
    free(est);
    free(boot);
    return IGRAPH_SUCCESS;
}

/* ---- Morris ------------------------------------------------------------ */

igraph_error_t sensitivity_morris_init(struct sensitivity_morris *m, size_t k)
{
    memset(m, 0, sizeof *m);
    if (k == 0 || k > SIZE_MAX / sizeof(double))
        return IGRAPH_EINVAL;
    m->k = k;
    double **v[] = {&m->mu, &m->mu_star, &m->sigma, &m->mu_star_lo, &m->mu_star_hi};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!(*v[i] = malloc(k * sizeof **v[i]))) {
            sensitivity_morris_destroy(m);
            return IGRAPH_ENOMEM;
        }
    return IGRAPH_SUCCESS;
}

void sensitivity_morris_destroy(struct sensitivity_morris *m)
{
    if (!m)
        return;
    free(m->mu);
    free(m->mu_star);
    free(m->sigma);
    free(m->mu_star_lo);
    free(m->mu_star_hi);
    memset(m, 0, sizeof *m);
}

/* Elementary effects of trajectory x (k + 1 rows), outputs y, into ee[0..k-1]
 * by factor. IGRAPH_EINVAL unless each step changes one factor, each once. */
static igraph_error_t morris_effects(const double *x, const double *y, size_t k, double *ee)
{
    fill_nan(ee, k);
    for (size_t s = 0; s < k; s++) {
        const double *a = x + s * k, *b = a + k;
        size_t changed = k;
        for (size_t j = 0; j < k; j++) {
            if (a[j] == b[j])
                continue;
            if (changed != k || !isnan(ee[j]))
                return IGRAPH_EINVAL;
            changed = j;
        }
        if (changed == k)
            return IGRAPH_EINVAL;
        ee[changed] = (y[s + 1] - y[s]) / (b[changed] - a[changed]);
    }
    return IGRAPH_SUCCESS;
}

igraph_error_t sensitivity_morris_analyze(const double *x, const double *y, size_t r, size_t n_boot,
                                          double level, struct sensitivity_morris *m, gsl_rng *rng)
{
    size_t k = m->k;
    if (r == 0 || !(level > 0.0 && level < 1.0) || r > SIZE_MAX / sizeof(double) / (k + 1) / k ||
        (n_boot > 0 && !rng))
        return IGRAPH_EINVAL;
    if (!all_finite(y, r * (k + 1)) || !all_finite(x, r * (k + 1) * k))
        return IGRAPH_EINVAL;
    if (n_boot > SIZE_MAX / sizeof(double) / k)
        return IGRAPH_ENOMEM;
    double *ee = malloc(r * k * sizeof *ee);
    igraph_error_t err = IGRAPH_ENOMEM;
    if (!ee)
        goto out;
    for (size_t t = 0; t < r; t++) {
        err = morris_effects(x + t * (k + 1) * k, y + t * (k + 1), k, ee + t * k);
        if (err)
            goto out;
    }
    for (size_t j = 0; j < k; j++) {
        double sum = 0.0, abs_sum = 0.0;
        for (size_t t = 0; t < r; t++)
            sum += ee[t * k + j], abs_sum += fabs(ee[t * k + j]);
        m->mu[j] = sum / (double)r;
        m->mu_star[j] = abs_sum / (double)r;
        double ss = 0.0;
        for (size_t t = 0; t < r; t++)
            ss += (ee[t * k + j] - m->mu[j]) * (ee[t * k + j] - m->mu[j]);
        m->sigma[j] = r > 1 ? sqrt(ss / (double)(r - 1)) : NAN;
        m->mu_star_lo[j] = m->mu_star_hi[j] = NAN;
    }
    /* One resample of the trajectories serves every factor, as one draw of
     * Sobol's base points serves every index. */
    if (n_boot) {
        double *draws = malloc(n_boot * k * sizeof *draws);
        size_t *pick = malloc(r * sizeof *pick);
        if (!draws || !pick) {
            free(draws);
            free(pick);
            err = IGRAPH_ENOMEM;
            goto out;
        }
        for (size_t b = 0; b < n_boot; b++) {
            for (size_t t = 0; t < r; t++)
                pick[t] = (size_t)gsl_rng_uniform_int(rng, (unsigned long)r);
            for (size_t j = 0; j < k; j++) {
                double abs_sum = 0.0;
                for (size_t t = 0; t < r; t++)
                    abs_sum += fabs(ee[pick[t] * k + j]);
                draws[j * n_boot + b] = abs_sum / (double)r;
            }
        }
        for (size_t j = 0; j < k; j++)
            percentile(draws + j * n_boot, n_boot, level, &m->mu_star_lo[j], &m->mu_star_hi[j]);
        free(draws);
        free(pick);
    }
    err = IGRAPH_SUCCESS;
out:
    free(ee);
    return err;
}

/* ---- SRC --------------------------------------------------------------- */

igraph_error_t sensitivity_src(const double *x, const double *y, size_t n, size_t k, double *coef, double *r2)
{
    if (k == 0 || n <= k + 1 || n > SIZE_MAX / sizeof(double) / (k + 1))
        return IGRAPH_EINVAL;
    if (!all_finite(y, n) || !all_finite(x, n * k))
        return IGRAPH_EINVAL;
    double ym = gsl_stats_mean(y, 1, n), ysd = gsl_stats_sd_m(y, 1, n, ym);
    for (size_t j = 0; j < k; j++) {
        double xm = gsl_stats_mean(x + j, k, n);
        if (gsl_stats_sd_m(x + j, k, n, xm) == 0.0)
            return IGRAPH_EINVAL;
    }
    if (ysd == 0.0) {
        fill_nan(coef, k);
        *r2 = NAN;
        return IGRAPH_SUCCESS;
    }
    /* Fit on standardized columns: the slopes are then the SRCs, and the
     * design matrix is well scaled whatever the factors' units. */
    gsl_matrix *X = gsl_matrix_alloc(n, k + 1);
    gsl_matrix *cov = gsl_matrix_alloc(k + 1, k + 1);
    gsl_vector *Y = gsl_vector_alloc(n), *c = gsl_vector_alloc(k + 1);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, k + 1);
    igraph_error_t err = IGRAPH_ENOMEM;
    if (!X || !cov || !Y || !c || !w)
        goto out;
    for (size_t j = 0; j < k; j++) {
        double xm = gsl_stats_mean(x + j, k, n), xsd = gsl_stats_sd_m(x + j, k, n, xm);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(X, i, j + 1, (x[i * k + j] - xm) / xsd);
    }
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_vector_set(Y, i, (y[i] - ym) / ysd);
    }
    double chisq;
    if (gsl_multifit_linear(X, Y, c, cov, &chisq, w) != GSL_SUCCESS) {
        err = IGRAPH_EINVAL;
        goto out;
    }
    for (size_t j = 0; j < k; j++)
        coef[j] = gsl_vector_get(c, j + 1);
    *r2 = 1.0 - chisq / (double)(n - 1); /* the standardized y's sum of squares is n - 1 */
    err = IGRAPH_SUCCESS;
out:
    if (X)
        gsl_matrix_free(X);
    if (cov)
        gsl_matrix_free(cov);
    if (Y)
        gsl_vector_free(Y);
    if (c)
        gsl_vector_free(c);
    if (w)
        gsl_multifit_linear_free(w);
    return err;
}
