/* analysis/design.c - factorial, Latin hypercube, Saltelli and Morris designs
 * (see design.h). Each sampler fills caller storage; the permutations are
 * drawn with gsl_ran_shuffle, so a design depends only on the generator's
 * state and the arguments.
 */
#include "analysis/design.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

/* a * b, or 0 when it overflows size_t (or either is 0). */
static size_t mul_size(size_t a, size_t b)
{
    if (a == 0 || b == 0 || a > SIZE_MAX / b)
        return 0;
    return a * b;
}

size_t design_factorial_rows(const size_t *levels, size_t k)
{
    size_t rows = k ? 1 : 0;
    for (size_t j = 0; j < k; j++)
        rows = mul_size(rows, levels[j]);
    return rows;
}

igraph_error_t design_factorial(const size_t *levels, size_t k, double *x)
{
    size_t rows = design_factorial_rows(levels, k);
    if (rows == 0 || mul_size(rows, k) == 0)
        return IGRAPH_EINVAL;
    for (size_t i = 0; i < rows; i++) {
        size_t rest = i; /* mixed-radix digits of i, the last factor fastest */
        for (size_t j = k; j-- > 0;) {
            size_t l = rest % levels[j];
            rest /= levels[j];
            x[i * k + j] = levels[j] == 1 ? 0.5 : (double)l / (double)(levels[j] - 1);
        }
    }
    return IGRAPH_SUCCESS;
}

igraph_error_t design_lhs(size_t n, size_t k, double *x, gsl_rng *rng)
{
    if (n == 0 || k == 0 || mul_size(n, k) == 0)
        return IGRAPH_EINVAL;
    size_t *perm = malloc(n * sizeof *perm);
    if (!perm)
        return IGRAPH_ENOMEM;
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        gsl_ran_shuffle(rng, perm, n, sizeof *perm);
        for (size_t i = 0; i < n; i++) {
            double u = ((double)perm[i] + gsl_rng_uniform(rng)) / (double)n;
            /* (s + u) / n rounds up to (s + 1) / n when u is within an ulp of 1 */
            double top = (double)(perm[i] + 1) / (double)n;
            x[i * k + j] = u < top ? u : nextafter(top, 0.0);
        }
    }
    free(perm);
    return IGRAPH_SUCCESS;
}

size_t design_saltelli_rows(size_t n, size_t k, int second_order)
{
    if (k > SIZE_MAX / 2 - 1)
        return 0;
    return mul_size(n, second_order ? 2 * k + 2 : k + 2);
}

igraph_error_t design_saltelli(size_t n, size_t k, int second_order, enum design_source source, size_t skip,
                               double *x, gsl_rng *rng)
{
    size_t rows = design_saltelli_rows(n, k, second_order);
    if (rows == 0 || mul_size(rows, k) == 0)
        return IGRAPH_EINVAL;
    if (source != DESIGN_SOBOL && source != DESIGN_SOBOL_SHIFTED && source != DESIGN_RANDOM)
        return IGRAPH_EINVAL;
    if (source != DESIGN_RANDOM && k > DESIGN_SOBOL_MAX_FACTORS)
        return IGRAPH_EINVAL;
    if (source != DESIGN_SOBOL && !rng)
        return IGRAPH_EINVAL;
    double *base = malloc(2 * k * sizeof *base);
    double *shift = calloc(2 * k, sizeof *shift);
    gsl_qrng *q = source == DESIGN_RANDOM ? NULL : gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    if (!base || !shift || (source != DESIGN_RANDOM && !q)) {
        free(base);
        free(shift);
        if (q)
            gsl_qrng_free(q);
        return IGRAPH_ENOMEM;
    }
    if (source == DESIGN_SOBOL_SHIFTED)
        for (size_t d = 0; d < 2 * k; d++)
            shift[d] = gsl_rng_uniform(rng);
    for (size_t s = 0; q && s < skip; s++)
        gsl_qrng_get(q, base);

    size_t block = second_order ? 2 * k + 2 : k + 2;
    for (size_t i = 0; i < n; i++) {
        if (q) {
            gsl_qrng_get(q, base);
            for (size_t d = 0; d < 2 * k; d++) {
                double u = base[d] + shift[d];
                base[d] = u >= 1.0 ? u - 1.0 : u;
            }
        } else {
            for (size_t d = 0; d < 2 * k; d++)
                base[d] = gsl_rng_uniform(rng);
        }
        const double *a = base, *b = base + k;
        double *out = x + i * block * k;
        for (size_t j = 0; j < k; j++) {
            out[j] = a[j];                   /* A */
            out[(block - 1) * k + j] = b[j]; /* B */
            for (size_t c = 0; c < k; c++) {
                out[(1 + c) * k + j] = c == j ? b[j] : a[j]; /* AB^(c) */
                if (second_order)
                    out[(1 + k + c) * k + j] = c == j ? a[j] : b[j]; /* BA^(c) */
            }
        }
    }
    free(base);
    free(shift);
    if (q)
        gsl_qrng_free(q);
    return IGRAPH_SUCCESS;
}

size_t design_morris_rows(size_t r, size_t k)
{
    if (k == SIZE_MAX)
        return 0;
    return mul_size(r, k + 1);
}

igraph_error_t design_morris(size_t r, size_t k, size_t p, double *x, gsl_rng *rng)
{
    size_t rows = design_morris_rows(r, k);
    if (rows == 0 || mul_size(rows, k) == 0 || p < 2 || p % 2 != 0)
        return IGRAPH_EINVAL;
    size_t *order = malloc(k * sizeof *order);
    size_t *level = malloc(k * sizeof *level); /* current level index, 0..p-1 */
    int *up = malloc(k * sizeof *up);
    if (!order || !level || !up) {
        free(order);
        free(level);
        free(up);
        return IGRAPH_ENOMEM;
    }
    size_t half = p / 2; /* delta = half / (p - 1) */
    double top = (double)(p - 1);
    for (size_t t = 0; t < r; t++) {
        double *out = x + t * (k + 1) * k;
        for (size_t j = 0; j < k; j++) {
            size_t base = (size_t)gsl_rng_uniform_int(rng, (unsigned long)half);
            up[j] = gsl_rng_uniform_int(rng, 2) == 0;
            level[j] = up[j] ? base : base + half;
            order[j] = j;
        }
        gsl_ran_shuffle(rng, order, k, sizeof *order);
        for (size_t j = 0; j < k; j++)
            out[j] = (double)level[j] / top;
        for (size_t s = 0; s < k; s++) {
            size_t f = order[s];
            level[f] = up[f] ? level[f] + half : level[f] - half;
            for (size_t j = 0; j < k; j++)
                out[(s + 1) * k + j] = (double)level[j] / top;
        }
    }
    free(order);
    free(level);
    free(up);
    return IGRAPH_SUCCESS;
}
