/* sim/engine/rng.c - per-replica random streams: seed hashing and a GSL view of igraph's PCG32.
 *
 * Seed of replica r of scenario s under seed S:
 *     h = FNV-1a-64(s)
 *     seed(S, s, r) = SplitMix64(SplitMix64(S ^ h) ^ r)
 * SplitMix64 (Steele, Lea and Flood 2014) is a bijection with full avalanche,
 * so nearby (S, r) pairs give unrelated streams. The stream itself is PCG32
 * (O'Neill 2014) as implemented by igraph, seeded with all 64 bits.
 *
 * The gsl_rng type below keeps a pointer to the stream's igraph_rng_t in its
 * state and draws 32-bit words and doubles from it, so that GSL's
 * distributions and igraph's randomised algorithms consume one sequence.
 */
#include "sim/engine/rng.h"

#include <stdlib.h>

uint64_t rng_fnv1a64(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a 64-bit offset basis */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL; /* FNV-1a 64-bit prime */
    }
    return h;
}

uint64_t rng_splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t rng_stream_seed(uint64_t seed, const char *scenario, uint64_t replica)
{
    return rng_splitmix64(rng_splitmix64(seed ^ rng_fnv1a64(scenario)) ^ replica);
}

struct gsl_view_state {
    igraph_rng_t *ig;
};

static void view_set(void *state, unsigned long seed)
{
    (void)state;
    (void)seed; /* seeding goes through rng_stream_seed_with() */
}

static unsigned long view_get(void *state)
{
    struct gsl_view_state *st = state;
    return (unsigned long)igraph_rng_get_integer(st->ig, 0, 0xffffffffL);
}

static double view_get_double(void *state)
{
    struct gsl_view_state *st = state;
    return igraph_rng_get_unif01(st->ig);
}

static const gsl_rng_type view_type = {
    "infnet-pcg32", 0xffffffffUL, 0, sizeof(struct gsl_view_state), view_set, view_get, view_get_double,
};

int rng_stream_init(struct rng_stream *r)
{
    r->gsl = NULL;
    if (igraph_rng_init(&r->ig, &igraph_rngtype_pcg32) != IGRAPH_SUCCESS)
        return -1;
    r->gsl = gsl_rng_alloc(&view_type);
    if (!r->gsl) {
        igraph_rng_destroy(&r->ig);
        return -1;
    }
    ((struct gsl_view_state *)r->gsl->state)->ig = &r->ig;
    return 0;
}

void rng_stream_destroy(struct rng_stream *r)
{
    if (!r || !r->gsl)
        return;
    gsl_rng_free(r->gsl);
    igraph_rng_destroy(&r->ig);
    r->gsl = NULL;
}

void rng_stream_seed_with(struct rng_stream *r, uint64_t seed)
{
    igraph_rng_seed(&r->ig, (igraph_uint_t)seed);
}
