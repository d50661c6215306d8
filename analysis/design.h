/* analysis/design.h - experimental designs as points in the unit hypercube.
 *
 * Every sampler writes row-major points (row i, factor j at x[i * k + j])
 * with coordinates in [0, 1]; the caller maps coordinate u of a factor to its
 * range (lo + u (hi - lo), or a level table). Randomness comes only from the
 * gsl_rng passed in, so the same generator state gives the same bytes.
 *   - full factorial: every combination of levels once; level l of L is
 *     l / (L - 1) (both ends of the range), 0.5 when L = 1; the last factor
 *     varies fastest;
 *   - Latin hypercube: n points, each of the n strata [s/n, (s+1)/n) of every
 *     factor holds exactly one point (McKay, Beckman and Conover 1979);
 *   - Saltelli: base matrices A and B (N rows each) and the mixed matrices
 *     for Sobol indices, in SALib's row layout (design_saltelli below);
 *   - Morris: r one-at-a-time trajectories of k + 1 points on a p-level grid
 *     (Morris 1991; Campolongo, Cariboni and Saltelli 2007).
 * docs/SENSITIVITY.md gives the constructions and the estimators that use them.
 * Errors are igraph_error_t, the status type of the analysis/ layer.
 * Layer: analysis/ (GSL; igraph_error.h).
 */
#ifndef INFNET_ANALYSIS_DESIGN_H
#define INFNET_ANALYSIS_DESIGN_H

#include <stddef.h>

#include <gsl/gsl_rng.h>
#include <igraph_error.h>

/* GSL's Sobol sequence has at most 40 dimensions; a Saltelli design draws A
 * and B side by side from one 2k-dimensional sequence. */
#define DESIGN_SOBOL_MAX_FACTORS 20

/* Where a Saltelli design's base matrices come from. */
enum design_source {
    DESIGN_SOBOL,         /* GSL's Sobol sequence (Bratley and Fox), no randomness */
    DESIGN_SOBOL_SHIFTED, /* the same, every coordinate shifted by one uniform draw
                             per dimension, modulo 1 (Cranley and Patterson 1976) */
    DESIGN_RANDOM         /* independent uniform draws from the generator */
};

/* Number of rows of a full factorial design: the product of levels[0..k-1];
 * 0 when a level count is 0 or the product overflows size_t. */
size_t design_factorial_rows(const size_t *levels, size_t k);

/* Write the design_factorial_rows(levels, k) points of the full factorial
 * design into x. IGRAPH_EINVAL when k == 0, a level count is 0, or the
 * number of points overflows. */
igraph_error_t design_factorial(const size_t *levels, size_t k, double *x);

/* Write n Latin-hypercube points into x (n * k doubles): factor j of point i
 * is (pi_j(i) + u) / n with pi_j a uniform random permutation of 0..n-1 and
 * u uniform in [0, 1). IGRAPH_EINVAL when n or k is 0; IGRAPH_ENOMEM. */
igraph_error_t design_lhs(size_t n, size_t k, double *x, gsl_rng *rng);

/* Rows of a Saltelli design: N (2k + 2) with second order, N (k + 2) without. */
size_t design_saltelli_rows(size_t n, size_t k, int second_order);

/* Write a Saltelli design of base size n into x (design_saltelli_rows rows
 * of k doubles). Base point i (i = 0..n-1) is the (skip + i)-th point of the
 * 2k-dimensional source: its first k coordinates are row i of A, the last k
 * row i of B. The rows of base point i are consecutive, in this order:
 *   A_i, AB_i^(1), ..., AB_i^(k), [BA_i^(1), ..., BA_i^(k),] B_i
 * where AB^(j) is A with column j from B and BA^(j) is B with column j from
 * A (only with second_order). So the block of base point i starts at row
 * i (k + 2), or i (2k + 2) with second order (SALib's saltelli.sample).
 * rng is used by DESIGN_SOBOL_SHIFTED and DESIGN_RANDOM (NULL allowed for
 * DESIGN_SOBOL). IGRAPH_EINVAL when n or k is 0, source is none of the
 * three, k > DESIGN_SOBOL_MAX_FACTORS
 * for a Sobol source, or a random source has no generator; IGRAPH_ENOMEM. */
igraph_error_t design_saltelli(size_t n, size_t k, int second_order, enum design_source source, size_t skip,
                               double *x, gsl_rng *rng);

/* Rows of a Morris design: r (k + 1). */
size_t design_morris_rows(size_t r, size_t k);

/* Write r Morris trajectories into x (design_morris_rows rows of k doubles),
 * on the grid {0, 1/(p-1), ..., 1} with step delta = p / (2 (p - 1)).
 * Trajectory t occupies rows t (k + 1) .. t (k + 1) + k. Its base point has
 * every factor drawn uniformly from the levels {0, ..., p/2 - 1}/(p - 1);
 * each factor is given a direction (+ or -, uniform) and starts at its base
 * level (+) or base + delta (-); the factors then move once each, in a
 * uniform random order, by +delta or -delta, so consecutive rows differ in
 * exactly one factor, by delta. IGRAPH_EINVAL when r or k is 0 or p is odd
 * or below 2 (delta lies on the grid only for even p); IGRAPH_ENOMEM. */
igraph_error_t design_morris(size_t r, size_t k, size_t p, double *x, gsl_rng *rng);

#endif
