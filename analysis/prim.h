/* analysis/prim.h - scenario discovery by PRIM's peeling (Friedman and Fisher 1999).
 *
 * Given points x (n rows of k factors) and a boolean outcome y (a case of
 * interest or not), PRIM looks for boxes (a lower and upper bound on each
 * factor) where the cases of interest are dense. Peeling starts from the
 * box of all points (each factor's data range) and repeatedly takes off the
 * slice, among the 2k candidates (the alpha share of the box's points with
 * the lowest, or the highest, values of one factor), that leaves the highest
 * density in the box; ties go to the larger box, then to the lower factor,
 * then to the lower side. It stops when no candidate removes a point and
 * keeps at least min_mass of all points. Every box on the way is kept: the
 * peeling trajectory, from which an analyst picks a trade-off between
 * coverage and density (as EMA Workbench's prim shows). Pasting is not done.
 * A slice's bound is a data value (the point at the alpha quantile, at
 * least one point in): the box keeps the points with lower <= x_j <= upper,
 * so tied values stay or go together. When that quantile is tied with the
 * box's end value (a discrete factor), the slice is every point of the end
 * value instead, larger than alpha; a factor with one value left is not
 * peeled.
 * Errors are igraph_error_t, the status type of the analysis/ layer.
 * Layer: analysis/ (igraph_error.h).
 */
#ifndef INFNET_ANALYSIS_PRIM_H
#define INFNET_ANALYSIS_PRIM_H

#include <stddef.h>

#include <igraph_error.h>

/* Friedman and Fisher's usual peeling share and EMA Workbench's defaults. */
#define PRIM_DEFAULT_ALPHA 0.05
#define PRIM_DEFAULT_MIN_MASS 0.05

/* The peeling trajectory: box b (0 = all points) has count[b] points, mass
 * count/n, density (share of its points that are cases), coverage (share of
 * all cases inside it), and bounds lower/upper[b * k + j]; restricted[b * k
 * + j] is 1 when factor j has been peeled (its bounds are no longer the data
 * range). */
struct prim_trajectory {
    size_t k, n_boxes, cap;
    size_t *count;
    double *mass, *density, *coverage;
    double *lower, *upper;
    unsigned char *restricted;
};

/* IGRAPH_SUCCESS, IGRAPH_EINVAL (k == 0) or IGRAPH_ENOMEM. */
igraph_error_t prim_trajectory_init(struct prim_trajectory *t, size_t k);
void prim_trajectory_destroy(struct prim_trajectory *t);

/* Peel the n points x (row-major, t->k factors) with outcomes y (nonzero =
 * case of interest) into t (emptied first). IGRAPH_EINVAL when n == 0, no y
 * is a case, alpha is not in (0, 0.5), min_mass is not in [0, 1], or an x is
 * not finite; IGRAPH_ENOMEM. */
igraph_error_t prim_peel(const double *x, const unsigned char *y, size_t n, double alpha, double min_mass,
                         struct prim_trajectory *t);

#endif
