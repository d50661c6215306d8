/* analysis/sensitivity.h - global sensitivity indices from a design's outputs.
 *
 *   - Sobol indices (first order S1, total ST, second order S2) from the
 *     outputs of a Saltelli design (design.h's row layout): Saltelli et al.
 *     2010's S1 estimator, Jansen 1999's ST, Saltelli 2002's S2, as SALib
 *     computes them, with percentile bootstrap intervals over the N base
 *     points;
 *   - Morris elementary effects (mu, mu*, sigma; Morris 1991, Campolongo et
 *     al. 2007) with a percentile bootstrap interval for mu* over the
 *     trajectories;
 *   - standardized regression coefficients (SRC) and R^2 of a linear least
 *     squares fit (GSL's gsl_multifit_linear), for factorial or Latin
 *     hypercube designs.
 * Outputs must be finite (a failed run is the caller's to drop or refuse):
 * a non-finite output is IGRAPH_EINVAL. An output of zero variance gives
 * NaN indices. Bootstrap draws come only from the gsl_rng passed in, so the
 * same generator state gives the same bytes. docs/SENSITIVITY.md gives the
 * equations.
 * Errors are igraph_error_t, the status type of the analysis/ layer.
 * Layer: analysis/ (GSL; igraph_error.h).
 */
#ifndef INFNET_ANALYSIS_SENSITIVITY_H
#define INFNET_ANALYSIS_SENSITIVITY_H

#include <stddef.h>

#include <gsl/gsl_rng.h>
#include <igraph_error.h>

/* Sobol indices of k factors, each with the bounds of its interval (NaN
 * when no bootstrap was asked). s2 and its bounds are k x k, row-major,
 * filled for j < l (S2 of factors j and l) and NaN elsewhere; NULL without
 * second order. */
struct sensitivity_sobol {
    size_t k;
    int second_order;
    double *s1, *s1_lo, *s1_hi;
    double *st, *st_lo, *st_hi;
    double *s2, *s2_lo, *s2_hi;
};

/* IGRAPH_SUCCESS, IGRAPH_EINVAL (k == 0) or IGRAPH_ENOMEM. */
igraph_error_t sensitivity_sobol_init(struct sensitivity_sobol *s, size_t k, int second_order);
void sensitivity_sobol_destroy(struct sensitivity_sobol *s);

/* Sobol indices from y, the outputs of the design_saltelli(n, s->k,
 * s->second_order, ...) rows in their order. n_boot resamples (0 for none)
 * of the n base points give percentile intervals at `level` (e.g. 0.95).
 * IGRAPH_EINVAL when n < 2, level is not in (0, 1), or an output is not
 * finite; IGRAPH_ENOMEM. */
igraph_error_t sensitivity_sobol_analyze(const double *y, size_t n, size_t n_boot, double level,
                                         struct sensitivity_sobol *s, gsl_rng *rng);

/* Morris measures of k factors: mean, mean absolute value and standard
 * deviation (n - 1 divisor; NaN for one trajectory) of the elementary
 * effects, in output units per unit of the unit cube (divide by a factor's
 * range for its own units); mu_star_lo/hi bound mu* (NaN without bootstrap). */
struct sensitivity_morris {
    size_t k;
    double *mu, *mu_star, *sigma, *mu_star_lo, *mu_star_hi;
};

/* IGRAPH_SUCCESS, IGRAPH_EINVAL (k == 0) or IGRAPH_ENOMEM. */
igraph_error_t sensitivity_morris_init(struct sensitivity_morris *m, size_t k);
void sensitivity_morris_destroy(struct sensitivity_morris *m);

/* Morris measures from the r trajectories x (design_morris's layout, r (k +
 * 1) rows of k doubles) and their outputs y. Elementary effect of the factor
 * j that changes between consecutive rows a and b of a trajectory:
 * (y_b - y_a) / (x_b[j] - x_a[j]). n_boot resamples of the trajectories give
 * a percentile interval for mu* at `level`. IGRAPH_EINVAL when r == 0, level
 * is not in (0, 1), an output is not finite, or a trajectory is not one
 * change of one factor per step, each factor once; IGRAPH_ENOMEM. */
igraph_error_t sensitivity_morris_analyze(const double *x, const double *y, size_t r, size_t n_boot,
                                          double level, struct sensitivity_morris *m, gsl_rng *rng);

/* Standardized regression coefficients of y on the k factors x (n rows of
 * k, any units): coef[j] = b_j sd(x_j) / sd(y) with b the least squares
 * coefficients of y = b_0 + sum b_j x_j; *r2 the fit's coefficient of
 * determination. A constant y gives NaN coefficients and R^2.
 * IGRAPH_EINVAL when n <= k + 1, a factor is constant, or a value is not
 * finite; IGRAPH_ENOMEM. */
igraph_error_t sensitivity_src(const double *x, const double *y, size_t n, size_t k, double *coef,
                               double *r2);

#endif
