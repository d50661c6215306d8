/* analysis/prim.c - PRIM's peeling trajectory (see prim.h).
 * The box is kept as the list of the indices of its points; each step sorts
 * the box's values of every factor (O(k m log m) for m points in the box)
 * to find the candidates' bounds, and counts the points and cases each
 * candidate keeps.
 */
#include "analysis/prim.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

igraph_error_t prim_trajectory_init(struct prim_trajectory *t, size_t k)
{
    memset(t, 0, sizeof *t);
    if (k == 0)
        return IGRAPH_EINVAL;
    t->k = k;
    return IGRAPH_SUCCESS;
}

void prim_trajectory_destroy(struct prim_trajectory *t)
{
    if (!t)
        return;
    free(t->count);
    free(t->mass);
    free(t->density);
    free(t->coverage);
    free(t->lower);
    free(t->upper);
    free(t->restricted);
    memset(t, 0, sizeof *t);
}

/* realloc p to n elements of size sz; 0, or -1 (p unchanged) on failure. */
static int grow(void *pp, size_t n, size_t sz)
{
    void **p = pp;
    if (n > SIZE_MAX / sz)
        return -1;
    void *q = realloc(*p, n * sz);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

/* Append a box with the given bounds to t. */
static igraph_error_t push_box(struct prim_trajectory *t, size_t count, size_t cases, size_t n,
                               size_t n_cases, const double *lower, const double *upper,
                               const unsigned char *restricted)
{
    size_t k = t->k;
    if (t->n_boxes == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        if (cap > SIZE_MAX / k || grow(&t->count, cap, sizeof *t->count) ||
            grow(&t->mass, cap, sizeof *t->mass) || grow(&t->density, cap, sizeof *t->density) ||
            grow(&t->coverage, cap, sizeof *t->coverage) || grow(&t->lower, cap * k, sizeof *t->lower) ||
            grow(&t->upper, cap * k, sizeof *t->upper) ||
            grow(&t->restricted, cap * k, sizeof *t->restricted))
            return IGRAPH_ENOMEM;
        t->cap = cap;
    }
    size_t b = t->n_boxes++;
    t->count[b] = count;
    t->mass[b] = (double)count / (double)n;
    t->density[b] = (double)cases / (double)count;
    t->coverage[b] = (double)cases / (double)n_cases;
    memcpy(t->lower + b * k, lower, k * sizeof *lower);
    memcpy(t->upper + b * k, upper, k * sizeof *upper);
    memcpy(t->restricted + b * k, restricted, k * sizeof *restricted);
    return IGRAPH_SUCCESS;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The points of the box (idx[0..m-1]) a candidate keeps: x_j >= bound
 * (side 0, a lower peel) or x_j <= bound (side 1). */
static int keeps(double v, int side, double bound)
{
    return side == 0 ? v >= bound : v <= bound;
}

igraph_error_t prim_peel(const double *x, const unsigned char *y, size_t n, double alpha, double min_mass,
                         struct prim_trajectory *t)
{
    size_t k = t->k;
    t->n_boxes = 0;
    if (n == 0 || !(alpha > 0.0 && alpha < 0.5) || !(min_mass >= 0.0 && min_mass <= 1.0) ||
        n > SIZE_MAX / sizeof(double) / k)
        return IGRAPH_EINVAL;
    size_t n_cases = 0;
    for (size_t i = 0; i < n; i++)
        n_cases += y[i] != 0;
    for (size_t i = 0; i < n * k; i++)
        if (!isfinite(x[i]))
            return IGRAPH_EINVAL;
    if (n_cases == 0)
        return IGRAPH_EINVAL;

    size_t *idx = malloc(n * sizeof *idx);
    double *vals = malloc(n * sizeof *vals);
    double *lower = malloc(k * sizeof *lower), *upper = malloc(k * sizeof *upper);
    unsigned char *restricted = calloc(k, 1);
    igraph_error_t err = IGRAPH_ENOMEM;
    if (!idx || !vals || !lower || !upper || !restricted)
        goto out;
    for (size_t j = 0; j < k; j++) {
        lower[j] = upper[j] = x[j];
        for (size_t i = 1; i < n; i++) {
            double v = x[i * k + j];
            lower[j] = v < lower[j] ? v : lower[j];
            upper[j] = v > upper[j] ? v : upper[j];
        }
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    size_t m = n, cases = n_cases;
    if ((err = push_box(t, m, cases, n, n_cases, lower, upper, restricted)))
        goto out;

    for (;;) {
        /* the number of points a peel of alpha takes off, at least one */
        size_t q = (size_t)ceil(alpha * (double)m);
        q = q < 1 ? 1 : q;
        if (q >= m)
            break;
        int found = 0, best_side = 0;
        size_t best_j = 0, best_m = 0, best_cases = 0;
        double best_bound = 0.0;
        for (size_t j = 0; j < k; j++) {
            for (size_t i = 0; i < m; i++)
                vals[i] = x[idx[i] * k + j];
            qsort(vals, m, sizeof *vals, cmp_double);
            for (int side = 0; side < 2; side++) {
                double bound = side == 0 ? vals[q] : vals[m - 1 - q];
                /* a quantile tied with the end would take off nothing: take
                 * off every point of the end value instead */
                if (side == 0 && bound == vals[0]) {
                    size_t i = q;
                    while (i < m && vals[i] == vals[0])
                        i++;
                    if (i == m)
                        continue;
                    bound = vals[i];
                } else if (side == 1 && bound == vals[m - 1]) {
                    size_t i = m - 1 - q;
                    while (i > 0 && vals[i] == vals[m - 1])
                        i--;
                    if (vals[i] == vals[m - 1])
                        continue;
                    bound = vals[i];
                }
                size_t kept = 0, kept_cases = 0;
                for (size_t i = 0; i < m; i++)
                    if (keeps(x[idx[i] * k + j], side, bound))
                        kept++, kept_cases += y[idx[i]] != 0;
                if (kept == m || (double)kept < min_mass * (double)n)
                    continue;
                /* density kept_cases / kept against best_cases / best_m (exact for n < 2^26) */
                int better = !found;
                if (found) {
                    double lhs = (double)kept_cases * (double)best_m, rhs = (double)best_cases * (double)kept;
                    better = lhs > rhs || (lhs == rhs && kept > best_m);
                }
                if (better) {
                    found = 1;
                    best_j = j, best_side = side, best_bound = bound;
                    best_m = kept, best_cases = kept_cases;
                }
            }
        }
        if (!found)
            break;
        size_t w = 0;
        for (size_t i = 0; i < m; i++)
            if (keeps(x[idx[i] * k + best_j], best_side, best_bound))
                idx[w++] = idx[i];
        m = w;
        cases = best_cases;
        if (best_side == 0)
            lower[best_j] = best_bound;
        else
            upper[best_j] = best_bound;
        restricted[best_j] = 1;
        if ((err = push_box(t, m, cases, n, n_cases, lower, upper, restricted)))
            goto out;
    }
    err = IGRAPH_SUCCESS;
out:
    free(idx);
    free(vals);
    free(lower);
    free(upper);
    free(restricted);
    return err;
}
