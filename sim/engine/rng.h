/* sim/engine/rng.h - per-replica random streams.
 *
 * Replica r of scenario s with seed S draws from its own stream whose 64-bit
 * seed is rng_stream_seed(S, s, r): FNV-1a-64 of the scenario name, combined
 * with S and r through SplitMix64 (docs/MODEL.md, "Random streams"). The
 * stream is igraph's PCG32 generator (64-bit seed); a gsl_rng of type
 * rng_gsl_type() draws from that same stream, so GSL distributions and igraph
 * functions share one reproducible sequence per replica. Results therefore
 * never depend on the thread, the process or the order replicas finish.
 */
#ifndef INFNET_SIM_RNG_H
#define INFNET_SIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>
#include <igraph.h>

/* Replica index used for a scenario's network generation stream. */
#define RNG_NETWORK_STREAM UINT64_MAX

uint64_t rng_fnv1a64(const char *s);
uint64_t rng_splitmix64(uint64_t x);
uint64_t rng_stream_seed(uint64_t seed, const char *scenario, uint64_t replica);

/* A replica's stream: an igraph RNG and a gsl_rng view of it. */
struct rng_stream {
    igraph_rng_t ig;
    gsl_rng *gsl;
};

/* 0 on success, -1 on allocation failure. */
int rng_stream_init(struct rng_stream *r);
void rng_stream_destroy(struct rng_stream *r);
void rng_stream_seed_with(struct rng_stream *r, uint64_t seed);

#endif
