/* analysis/community.h - community structure: a Leiden partition and its modularity.
 *
 * Leiden (Traag, Waltman and van Eck 2019) with the modularity objective
 * (resolution 1; node weights the vertex strengths, resolution parameter
 * 1/(2m)), iterated until the partition is stable, starting from singletons.
 * Leiden is randomised: it draws from the calling thread's igraph default
 * RNG, which the runner sets to the replica's stream, so partitions are
 * reproducible. Modularity is igraph_modularity of the partition found.
 * An edgeless graph has modularity NaN (undefined) and n communities.
 * Weights far from 1 (the largest below 1e-100 or above 1e100, e.g.
 * subnormal ones) are first multiplied by a power of two that brings the
 * largest into [0.5, 1): modularity does not depend on a common factor, and
 * igraph's Leiden does not finish on weights whose total is subnormal.
 * Layer: analysis/ (igraph).
 */
#ifndef INFNET_ANALYSIS_COMMUNITY_H
#define INFNET_ANALYSIS_COMMUNITY_H

#include <igraph.h>

struct community_result {
    igraph_integer_t communities;
    double modularity;
};

/* membership: initialised by the caller, resized here. */
int community_leiden(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_int_t *membership,
                     struct community_result *out);

#endif
