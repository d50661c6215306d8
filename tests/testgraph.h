/* tests/testgraph.h - graphs and byte comparisons shared by the tests of the path measures.
 *
 * Include after <cmocka.h> and <igraph.h>. The graph comes from a fixed seed
 * on its own RNG, so every test that builds it sees the same edges whatever
 * ran before it.
 */
#ifndef INFNET_TESTS_TESTGRAPH_H
#define INFNET_TESTS_TESTGRAPH_H

#include <stddef.h>

/* A Barabasi-Albert graph of n vertices (2 edges per new vertex, seed 42). */
static inline void ba_graph(igraph_t *g, igraph_integer_t n)
{
    igraph_rng_t rng;
    assert_int_equal(igraph_rng_init(&rng, &igraph_rngtype_pcg32), 0);
    assert_int_equal(igraph_rng_seed(&rng, 42), 0);
    igraph_rng_t *saved = igraph_rng_default();
    igraph_rng_set_default(&rng);
    assert_int_equal(igraph_barabasi_game(g, n, 1.0, 2, NULL, 1, 1.0, 0, IGRAPH_BARABASI_PSUMTREE, NULL), 0);
    igraph_rng_set_default(saved);
    igraph_rng_destroy(&rng);
}

/* Fails unless a and b hold the same doubles, bit for bit. */
static inline void assert_same_bytes(const igraph_vector_t *a, const igraph_vector_t *b)
{
    assert_int_equal(igraph_vector_size(a), igraph_vector_size(b));
    assert_memory_equal(VECTOR(*a), VECTOR(*b), (size_t)igraph_vector_size(a) * sizeof(double));
}

#endif
