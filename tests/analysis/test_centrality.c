/* tests/analysis/test_centrality.c - per-vertex measures and centralization against hand-computed and
 * published values.
 *
 * Reference values: hand-computed on small graphs (worked out in comments);
 * Zachary's karate club and Padgett's Florentine marriage network against
 * published NetworkX values, re-derived by an exact brute-force count of
 * shortest paths and by power iteration; and simple in-test references
 * (BFS distances, power iteration) for the fast paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

#include "analysis/centrality.h"
#include "analysis/centrality_internal.h"
#include "analysis/parts.h"
#include "tests/testgraph.h"

#define FLORENTINE_CSV "tests/fixtures/florentine.csv"
#define FLORENTINE_N 16 /* 15 families in the edge list plus Pucci, an isolate */

/* ---- small helpers ---------------------------------------------------- */

static void init_rng(igraph_rng_t *rng, unsigned long seed)
{
    assert_int_equal(igraph_rng_init(rng, &igraph_rngtype_pcg32), 0);
    assert_int_equal(igraph_rng_seed(rng, seed), 0);
}

/* Dense 0/1 adjacency of g (n <= 64), row-major, caller frees. */
static int *dense_adjacency(const igraph_t *g)
{
    igraph_integer_t n = igraph_vcount(g);
    int *a = calloc((size_t)(n * n), sizeof *a);
    assert_non_null(a);
    for (igraph_integer_t e = 0; e < igraph_ecount(g); e++) {
        igraph_integer_t u = IGRAPH_FROM(g, e), v = IGRAPH_TO(g, e);
        a[u * n + v] = a[v * n + u] = 1;
    }
    return a;
}

/* All-pairs hop distances by BFS on the dense adjacency (-1: unreachable). */
static int *bfs_distances(const igraph_t *g)
{
    igraph_integer_t n = igraph_vcount(g);
    int *a = dense_adjacency(g);
    int *d = malloc((size_t)(n * n) * sizeof *d);
    int *queue = malloc((size_t)n * sizeof *queue);
    assert_non_null(d);
    assert_non_null(queue);
    for (igraph_integer_t s = 0; s < n; s++) {
        int *ds = d + s * n;
        for (igraph_integer_t v = 0; v < n; v++)
            ds[v] = -1;
        int head = 0, tail = 0;
        ds[s] = 0;
        queue[tail++] = (int)s;
        while (head < tail) {
            int u = queue[head++];
            for (igraph_integer_t v = 0; v < n; v++)
                if (a[u * n + v] && ds[v] < 0) {
                    ds[v] = ds[u] + 1;
                    queue[tail++] = (int)v;
                }
        }
    }
    free(a);
    free(queue);
    return d;
}

/* Leading eigenvector by power iteration on A + I (same eigenvectors, and
 * the shift keeps bipartite graphs from oscillating), scaled to max 1. */
static void power_iteration(const igraph_t *g, double *x)
{
    enum { ITERATIONS = 20000 };
    igraph_integer_t n = igraph_vcount(g);
    int *a = dense_adjacency(g);
    double *y = malloc((size_t)n * sizeof *y);
    assert_non_null(y);
    for (igraph_integer_t i = 0; i < n; i++)
        x[i] = 1.0;
    for (int it = 0; it < ITERATIONS; it++) {
        double max = 0.0;
        for (igraph_integer_t i = 0; i < n; i++) {
            y[i] = x[i];
            for (igraph_integer_t j = 0; j < n; j++)
                y[i] += a[i * n + j] * x[j];
            if (y[i] > max)
                max = y[i];
        }
        for (igraph_integer_t i = 0; i < n; i++)
            x[i] = y[i] / max;
    }
    free(a);
    free(y);
}

static void karate(igraph_t *g)
{
    assert_int_equal(igraph_famous(g, "Zachary"), 0);
    assert_int_equal(igraph_vcount(g), 34);
    assert_int_equal(igraph_ecount(g), 78);
}

struct florentine {
    char names[FLORENTINE_N][32];
    igraph_integer_t n;
};

static igraph_integer_t family_id(struct florentine *f, const char *name)
{
    for (igraph_integer_t i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0)
            return i;
    assert_true(f->n < FLORENTINE_N);
    assert_true(strlen(name) < sizeof f->names[0]);
    strcpy(f->names[f->n], name);
    return f->n++;
}

/* Padgett's marriage network from the fixture, plus Pucci as an isolate. */
static void florentine(igraph_t *g, struct florentine *f)
{
    FILE *fp = fopen(FLORENTINE_CSV, "r");
    assert_non_null(fp);
    char line[128];
    igraph_vector_int_t edges;
    igraph_vector_int_init(&edges, 0);
    f->n = 0;
    assert_non_null(fgets(line, sizeof line, fp));
    assert_string_equal(line, "from,to\n");
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strchr(line, ',');
        assert_non_null(comma);
        *comma = '\0';
        igraph_vector_int_push_back(&edges, family_id(f, line));
        igraph_vector_int_push_back(&edges, family_id(f, comma + 1));
    }
    fclose(fp);
    assert_int_equal(f->n, 15);
    assert_int_equal(igraph_vector_int_size(&edges), 40);
    family_id(f, "Pucci");
    assert_int_equal(igraph_create(g, &edges, FLORENTINE_N, IGRAPH_UNDIRECTED), 0);
    igraph_vector_int_destroy(&edges);
}

static igraph_integer_t family(const struct florentine *f, const char *name)
{
    for (igraph_integer_t i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0)
            return i;
    fail_msg("no family '%s'", name);
    return -1;
}

/* ---- degree, strength, betweenness, PageRank --------------------------- */

static void test_centrality_star_degree_and_betweenness(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_star(&g, 5, IGRAPH_STAR_UNDIRECTED, 0);
    assert_int_equal(centrality_degree(&g, &v), 0);
    assert_close(VECTOR(v)[0], 4.0, 0);
    assert_close(VECTOR(v)[3], 1.0, 0);
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 6.0, 1e-12); /* C(4,2) leaf pairs */
    assert_close(VECTOR(v)[1], 0.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

static void test_centrality_path_betweenness(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_ring(&g, 5, IGRAPH_UNDIRECTED, 0, 0);
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 0.0, 1e-12);
    assert_close(VECTOR(v)[1], 3.0, 1e-12); /* pairs (0,2) (0,3) (0,4) */
    assert_close(VECTOR(v)[2], 4.0, 1e-12); /* {0,1} x {3,4} */
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

static void test_centrality_weighted_betweenness_uses_inverse_weights(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v, w;
    igraph_vector_init(&v, 0);
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 0, 2, -1);
    igraph_vector_init_real(&w, 3, 1.0, 1.0, 0.25); /* 0-2 is a weak tie: distance 4 > 1 + 1 */
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[1], 0.0, 1e-12);
    assert_int_equal(centrality_betweenness(&g, &w, &v, NULL), 0);
    assert_close(VECTOR(v)[1], 1.0, 1e-12);
    assert_int_equal(centrality_strength(&g, &w, &v), 0);
    assert_close(VECTOR(v)[0], 1.25, 1e-12);
    assert_close(VECTOR(v)[1], 2.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    igraph_vector_destroy(&w);
}

static void test_centrality_star_pagerank(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_star(&g, 5, IGRAPH_STAR_UNDIRECTED, 0);
    /* c = 0.03 + 3.4 l, l = 0.03 + 0.2125 c  =>  c = 0.132 / 0.2775 */
    double c = 0.132 / 0.2775, l = 0.03 + 0.2125 * c;
    assert_int_equal(centrality_pagerank(&g, NULL, &v), 0);
    assert_close(VECTOR(v)[0], c, 1e-9);
    assert_close(VECTOR(v)[4], l, 1e-9);
    assert_close(igraph_vector_sum(&v), 1.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

/* ---- hand-computed small graphs --------------------------------------- */

static void test_centrality_path4_all_measures(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    igraph_ring(&g, 4, IGRAPH_UNDIRECTED, 0, 0); /* 0-1-2-3 */

    assert_int_equal(centrality_degree(&g, &v), 0);
    assert_close(VECTOR(v)[0], 1.0, 0);
    assert_close(VECTOR(v)[1], 2.0, 0);
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 0.0, 1e-12);
    assert_close(VECTOR(v)[1], 2.0, 1e-12); /* (0,2), (0,3) */
    centrality_betweenness_norm(&v, 4, &v); /* / (3 * 2 / 2) */
    assert_close(VECTOR(v)[1], 2.0 / 3.0, 1e-12);
    assert_close(VECTOR(v)[3], 0.0, 1e-12);

    /* 0: distances 1, 2, 3; 1: distances 1, 1, 2 */
    assert_int_equal(centrality_closeness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 3.0 / 6.0, 1e-12);
    assert_close(VECTOR(v)[1], 3.0 / 4.0, 1e-12);
    assert_close(VECTOR(v)[3], 3.0 / 6.0, 1e-12);
    assert_int_equal(centrality_harmonic(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], (1.0 + 1.0 / 2 + 1.0 / 3) / 3.0, 1e-12);
    assert_close(VECTOR(v)[1], (1.0 + 1.0 + 1.0 / 2) / 3.0, 1e-12);

    /* P4: leading eigenvector (sin(k pi/5)), k = 1..4: ends / middle = 1/phi. */
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    double inv_phi = 2.0 / (1.0 + sqrt(5.0));
    assert_close(VECTOR(v)[0], inv_phi, 1e-12);
    assert_close(VECTOR(v)[1], 1.0, 1e-12);
    assert_close(VECTOR(v)[2], 1.0, 1e-12);
    assert_close(VECTOR(v)[3], inv_phi, 1e-12);

    /* PageRank: a = 0.0375 + 0.425 b, b = 0.0375 + 0.85 a + 0.425 b
     * => b = 0.069375 / 0.21375, a = 0.0375 + 0.425 b */
    double b = 0.069375 / 0.21375, a = 0.0375 + 0.425 * b;
    assert_int_equal(centrality_pagerank(&g, NULL, &v), 0);
    assert_close(VECTOR(v)[0], a, 1e-9);
    assert_close(VECTOR(v)[1], b, 1e-9);
    assert_close(igraph_vector_sum(&v), 1.0, 1e-12);

    /* degrees 1 2 2 1: (1 + 0 + 0 + 1) / (3 * 2) */
    double c;
    assert_int_equal(centrality_centralization_degree(&g, &c), 0);
    assert_close(c, 1.0 / 3.0, 1e-12);
    /* betweenness 0 2 2 0: (2 + 0 + 0 + 2) / (3^2 * 2 / 2) */
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(centrality_centralization_betweenness(&v, 4), 4.0 / 9.0, 1e-12);

    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
}

static void test_centrality_star_all_measures(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    igraph_star(&g, 6, IGRAPH_STAR_UNDIRECTED, 0); /* centre 0, five leaves */

    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 10.0, 1e-12); /* C(5,2) */
    assert_close(centrality_centralization_betweenness(&v, 6), 1.0, 1e-12);
    centrality_betweenness_norm(&v, 6, &v);
    assert_close(VECTOR(v)[0], 1.0, 1e-12);
    double c;
    assert_int_equal(centrality_centralization_degree(&g, &c), 0);
    assert_close(c, 1.0, 1e-12);

    assert_int_equal(centrality_closeness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 1.0, 1e-12);
    assert_close(VECTOR(v)[1], 5.0 / 9.0, 1e-12); /* 1 + 4 * 2 */
    assert_int_equal(centrality_harmonic(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 1.0, 1e-12);
    assert_close(VECTOR(v)[1], (1.0 + 4 * 0.5) / 5.0, 1e-12);
    /* star: lambda = sqrt(5), leaves 1/sqrt(5) of the centre */
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    assert_close(VECTOR(v)[0], 1.0, 1e-12);
    assert_close(VECTOR(v)[5], 1.0 / sqrt(5.0), 1e-12);

    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
}

static void test_centrality_betweenness_norm_sizes_out(void **state)
{
    (void)state;
    igraph_vector_t raw, out;
    igraph_vector_init_real(&raw, 4, 0.0, 2.0, 2.0, 0.0);
    igraph_vector_init(&out, 9); /* stale length from an earlier graph */
    assert_int_equal(centrality_betweenness_norm(&raw, 4, &out), 0);
    assert_int_equal(igraph_vector_size(&out), 4);
    assert_close(VECTOR(out)[1], 2.0 / 3.0, 1e-15);
    assert_close(VECTOR(raw)[1], 2.0, 0); /* raw untouched */
    /* n < 3: no pairs between others, all 0 */
    assert_int_equal(centrality_betweenness_norm(&raw, 2, &out), 0);
    for (int i = 0; i < 4; i++)
        assert_close(VECTOR(out)[i], 0.0, 0);
    igraph_vector_destroy(&raw);
    igraph_vector_destroy(&out);
}

static void test_centrality_complete_graph_centralization_zero(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    igraph_full(&g, 6, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
    double c = -1.0;
    assert_int_equal(centrality_centralization_degree(&g, &c), 0);
    assert_close(c, 0.0, 1e-12);
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(centrality_centralization_betweenness(&v, 6), 0.0, 1e-12);
    igraph_destroy(&g);
    /* fewer than 3 vertices: 0 by definition */
    igraph_ring(&g, 2, IGRAPH_UNDIRECTED, 0, 0);
    assert_int_equal(centrality_centralization_degree(&g, &c), 0);
    assert_close(c, 0.0, 0);
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(centrality_centralization_betweenness(&v, 2), 0.0, 0);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

static void test_centrality_centralization_degree_ignores_multi_edges(void **state)
{
    (void)state;
    igraph_t g;
    /* star of 4 with the 0-1 edge doubled and a loop at 2: simple degrees 3 1 1 1 */
    igraph_small(&g, 4, IGRAPH_UNDIRECTED, 0, 1, 0, 1, 0, 2, 0, 3, 2, 2, -1);
    double c;
    assert_int_equal(centrality_centralization_degree(&g, &c), 0);
    assert_close(c, 1.0, 1e-12);
    igraph_destroy(&g);
}

static void test_centrality_bridged_triangles(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    /* triangles 0-1-2 and 3-4-5, bridge 2-3 */
    igraph_small(&g, 6, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 2, 0, 3, 4, 4, 5, 5, 3, 2, 3, -1);

    /* 2 lies on the paths {0,1} x {3,4,5}; 3 on {0,1,2} x {4,5} */
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 0.0, 1e-12);
    assert_close(VECTOR(v)[2], 6.0, 1e-12);
    assert_close(VECTOR(v)[3], 6.0, 1e-12);
    /* max 6: (6 * 4) / (5^2 * 4 / 2) */
    assert_close(centrality_centralization_betweenness(&v, 6), 24.0 / 50.0, 1e-12);
    centrality_betweenness_norm(&v, 6, &v); /* / (5 * 4 / 2) */
    assert_close(VECTOR(v)[2], 0.6, 1e-12);
    double c; /* degrees 2 2 3 3 2 2: 4 / (5 * 4) */
    assert_int_equal(centrality_centralization_degree(&g, &c), 0);
    assert_close(c, 0.2, 1e-12);

    /* 0: distances 1 1 2 3 3; 2: 1 1 1 2 2 */
    assert_int_equal(centrality_closeness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 5.0 / 10.0, 1e-12);
    assert_close(VECTOR(v)[2], 5.0 / 7.0, 1e-12);
    assert_int_equal(centrality_harmonic(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], (2.0 + 0.5 + 2.0 / 3.0) / 5.0, 1e-12);
    assert_close(VECTOR(v)[2], (3.0 + 2 * 0.5) / 5.0, 1e-12);

    /* By symmetry x0 = x1 = a, x2 = x3 = b: lambda a = a + b,
     * lambda b = 2a + b => lambda = 1 + sqrt 2, b = sqrt 2 a. */
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    assert_close(VECTOR(v)[2], 1.0, 1e-12);
    assert_close(VECTOR(v)[3], 1.0, 1e-12);
    assert_close(VECTOR(v)[0], 1.0 / sqrt(2.0), 1e-12);
    assert_close(VECTOR(v)[5], 1.0 / sqrt(2.0), 1e-12);

    assert_int_equal(centrality_pagerank(&g, NULL, &v), 0);
    assert_close(igraph_vector_sum(&v), 1.0, 1e-12);
    assert_close(VECTOR(v)[0], VECTOR(v)[5], 1e-12);
    assert_true(VECTOR(v)[2] > VECTOR(v)[0]);

    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
}

static void test_centrality_disconnected_with_isolates(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    /* triangle 0-1-2, edge 3-4, isolates 5 and 6 */
    igraph_small(&g, 7, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 2, 0, 3, 4, -1);

    assert_int_equal(centrality_degree(&g, &v), 0);
    assert_close(VECTOR(v)[2], 2.0, 0);
    assert_close(VECTOR(v)[4], 1.0, 0);
    assert_close(VECTOR(v)[6], 0.0, 0);
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    for (int i = 0; i < 7; i++)
        assert_close(VECTOR(v)[i], 0.0, 1e-12);

    /* closeness over the reachable vertices only; an isolate has none */
    assert_int_equal(centrality_closeness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 1.0, 1e-12);
    assert_close(VECTOR(v)[3], 1.0, 1e-12);
    assert_true(isnan(VECTOR(v)[5]));
    assert_true(isnan(VECTOR(v)[6]));
    /* harmonic over all n - 1 = 6 others */
    assert_int_equal(centrality_harmonic(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 2.0 / 6.0, 1e-12);
    assert_close(VECTOR(v)[3], 1.0 / 6.0, 1e-12);
    assert_close(VECTOR(v)[5], 0.0, 0);

    /* the triangle (lambda 2) carries the leading eigenvalue; the edge has 1 */
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    assert_close(VECTOR(v)[0], 1.0, 1e-12);
    assert_close(VECTOR(v)[2], 1.0, 1e-12);
    assert_close(VECTOR(v)[3], 0.0, 0);
    assert_close(VECTOR(v)[6], 0.0, 0);
    assert_int_equal(centrality_eigenvector_arpack(&g, NULL, &v), 0);
    assert_close(VECTOR(v)[1], 1.0, 1e-9);
    assert_close(VECTOR(v)[4], 0.0, 1e-9);
    assert_close(VECTOR(v)[5], 0.0, 1e-9);

    assert_int_equal(centrality_pagerank(&g, NULL, &v), 0);
    assert_close(igraph_vector_sum(&v), 1.0, 1e-12);
    assert_close(VECTOR(v)[5], VECTOR(v)[6], 1e-12);

    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
}

static void test_centrality_eigenvector_edge_cases(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v, w;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 3);

    /* edgeless: all 0, both solvers */
    igraph_empty(&g, 4, IGRAPH_UNDIRECTED);
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    assert_int_equal(igraph_vector_size(&v), 4);
    for (int i = 0; i < 4; i++)
        assert_close(VECTOR(v)[i], 0.0, 0);
    assert_int_equal(centrality_eigenvector_arpack(&g, NULL, &v), 0);
    for (int i = 0; i < 4; i++)
        assert_close(VECTOR(v)[i], 0.0, 0);
    igraph_destroy(&g);

    /* null graph */
    igraph_empty(&g, 0, IGRAPH_UNDIRECTED);
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    assert_int_equal(igraph_vector_size(&v), 0);
    igraph_destroy(&g);

    /* two identical triangles share the leading eigenvalue: both components
     * come out positive (all 1), whatever mix the solver returns */
    igraph_small(&g, 6, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 2, 0, 3, 4, 4, 5, 5, 3, -1);
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    for (int i = 0; i < 6; i++)
        assert_close(VECTOR(v)[i], 1.0, 1e-12);
    /* zero weights only: no adjacency at all */
    igraph_vector_init(&w, 6);
    assert_int_equal(centrality_eigenvector(&g, &w, &v, &ws), 0);
    for (int i = 0; i < 6; i++)
        assert_close(VECTOR(v)[i], 0.0, 0);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);

    /* weighted path 0 -3- 1 -4- 2: A x = 5 x for x = (3, 5, 4) */
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, -1);
    igraph_vector_init_real(&w, 2, 3.0, 4.0);
    assert_int_equal(centrality_eigenvector(&g, &w, &v, &ws), 0);
    assert_close(VECTOR(v)[0], 0.6, 1e-12);
    assert_close(VECTOR(v)[1], 1.0, 1e-12);
    assert_close(VECTOR(v)[2], 0.8, 1e-12);
    assert_int_equal(centrality_eigenvector_arpack(&g, &w, &v), 0);
    assert_close(VECTOR(v)[0], 0.6, 1e-9);
    assert_close(VECTOR(v)[2], 0.8, 1e-9);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);

    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
    centrality_ws_destroy(&ws); /* destroying twice is harmless */
    centrality_ws_destroy(NULL);
}

static void test_centrality_eigenvector_workspace_regrows(void **state)
{
    (void)state;
    igraph_t small, big;
    igraph_vector_t v;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    igraph_ring(&small, 4, IGRAPH_UNDIRECTED, 0, 0);
    igraph_star(&big, 10, IGRAPH_STAR_UNDIRECTED, 0);

    assert_int_equal(centrality_eigenvector(&small, NULL, &v, &ws), 0);
    assert_int_equal(ws.n, 4);
    assert_close(VECTOR(v)[0], 2.0 / (1.0 + sqrt(5.0)), 1e-12);
    assert_int_equal(centrality_eigenvector(&big, NULL, &v, &ws), 0);
    assert_int_equal(ws.n, 10);
    assert_close(VECTOR(v)[9], 1.0 / 3.0, 1e-12); /* 1/sqrt(9) */
    /* smaller again: the buffers are reused, the answer unchanged */
    assert_int_equal(centrality_eigenvector(&small, NULL, &v, &ws), 0);
    assert_int_equal(ws.n, 10);
    assert_int_equal(igraph_vector_size(&v), 4);
    assert_close(VECTOR(v)[0], 2.0 / (1.0 + sqrt(5.0)), 1e-12);
    assert_close(VECTOR(v)[1], 1.0, 1e-12);

    igraph_destroy(&small);
    igraph_destroy(&big);
    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
}

/* ---- weighted path measures ------------------------------------------- */

static void test_centrality_weighted_closeness_and_harmonic(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v, w;
    igraph_vector_init(&v, 0);
    /* path 0 -(w 2)- 1 -(w 0.5)- 2: lengths 0.5 and 2, so d02 = 2.5 */
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, -1);
    igraph_vector_init_real(&w, 2, 2.0, 0.5);
    assert_int_equal(centrality_closeness(&g, &w, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 2.0 / (0.5 + 2.5), 1e-12);
    assert_close(VECTOR(v)[1], 2.0 / (0.5 + 2.0), 1e-12);
    assert_close(VECTOR(v)[2], 2.0 / (2.0 + 2.5), 1e-12);
    assert_int_equal(centrality_harmonic(&g, &w, &v, NULL), 0);
    assert_close(VECTOR(v)[0], (2.0 + 0.4) / 2.0, 1e-12);
    assert_close(VECTOR(v)[1], (2.0 + 0.5) / 2.0, 1e-12);
    assert_close(VECTOR(v)[2], (0.5 + 0.4) / 2.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);

    /* triangle with a weak 0-2 tie (length 4): d02 = 2 via 1 */
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, 0, 2, -1);
    igraph_vector_init_real(&w, 3, 1.0, 1.0, 0.25);
    assert_int_equal(centrality_closeness(&g, &w, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 2.0 / 3.0, 1e-12);
    assert_close(VECTOR(v)[1], 1.0, 1e-12);
    assert_int_equal(centrality_harmonic(&g, &w, &v, NULL), 0);
    assert_close(VECTOR(v)[0], (1.0 + 0.5) / 2.0, 1e-12);
    assert_close(VECTOR(v)[1], 1.0, 1e-12);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);
    igraph_vector_destroy(&v);
}

static void test_centrality_weight_distances_and_errors(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v, w, d;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    igraph_vector_init(&d, 0);
    igraph_small(&g, 3, IGRAPH_UNDIRECTED, 0, 1, 1, 2, -1);

    igraph_vector_init_real(&w, 2, 4.0, 0.5);
    assert_int_equal(centrality_weight_distances(&g, &w, &d), 0);
    assert_int_equal(igraph_vector_size(&d), 2);
    assert_close(VECTOR(d)[0], 0.25, 0);
    assert_close(VECTOR(d)[1], 2.0, 0);
    igraph_vector_destroy(&w);

    /* one weight too few */
    igraph_vector_init_real(&w, 1, 1.0);
    assert_int_equal(centrality_weight_distances(&g, &w, &d), IGRAPH_EINVAL);
    assert_int_equal(centrality_closeness(&g, &w, &v, NULL), IGRAPH_EINVAL);
    assert_int_equal(centrality_harmonic(&g, &w, &v, NULL), IGRAPH_EINVAL);
    assert_int_equal(centrality_betweenness(&g, &w, &v, NULL), IGRAPH_EINVAL);
    assert_int_equal(centrality_eigenvector(&g, &w, &v, &ws), IGRAPH_EINVAL);
    assert_int_equal(centrality_eigenvector_arpack(&g, &w, &v), IGRAPH_EINVAL);
    igraph_vector_destroy(&w);

    /* a zero weight is an infinite distance: refused for path measures,
     * allowed (no adjacency) for eigenvector */
    igraph_vector_init_real(&w, 2, 1.0, 0.0);
    assert_int_equal(centrality_closeness(&g, &w, &v, NULL), IGRAPH_EINVAL);
    assert_int_equal(centrality_harmonic(&g, &w, &v, NULL), IGRAPH_EINVAL);
    assert_int_equal(centrality_betweenness(&g, &w, &v, NULL), IGRAPH_EINVAL);
    assert_int_equal(centrality_eigenvector(&g, &w, &v, &ws), 0);
    assert_close(VECTOR(v)[0], 1.0, 1e-12);
    assert_close(VECTOR(v)[2], 0.0, 0);
    igraph_vector_destroy(&w);

    /* negative, NaN and infinite weights */
    igraph_vector_init_real(&w, 2, 1.0, -1.0);
    assert_int_equal(centrality_weight_distances(&g, &w, &d), IGRAPH_EINVAL);
    assert_int_equal(centrality_eigenvector(&g, &w, &v, &ws), IGRAPH_EINVAL);
    VECTOR(w)[1] = NAN;
    assert_int_equal(centrality_weight_distances(&g, &w, &d), IGRAPH_EINVAL);
    assert_int_equal(centrality_eigenvector(&g, &w, &v, &ws), IGRAPH_EINVAL);
    VECTOR(w)[1] = INFINITY;
    assert_int_equal(centrality_weight_distances(&g, &w, &d), IGRAPH_EINVAL);
    assert_int_equal(centrality_eigenvector(&g, &w, &v, &ws), IGRAPH_EINVAL);
    igraph_vector_destroy(&w);

    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    igraph_vector_destroy(&d);
    centrality_ws_destroy(&ws);
}

/* ---- Zachary's karate club -------------------------------------------- */

static void test_centrality_karate_betweenness_published(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t v;
    igraph_vector_init(&v, 0);
    karate(&g);
    /* NetworkX betweenness_centrality(normalized=False); re-derived with an
     * exact rational count of shortest paths over all pairs. */
    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[0], 231.0714285714, 1e-6);
    assert_close(VECTOR(v)[33], 160.5515873016, 1e-6);
    assert_close(VECTOR(v)[32], 76.6904761905, 1e-6);
    assert_close(VECTOR(v)[2], 75.8507936508, 1e-6);
    assert_close(VECTOR(v)[4], 1.0 / 3.0, 1e-9);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
}

static void test_centrality_karate_closeness_harmonic_vs_bfs(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t clo, har;
    igraph_vector_init(&clo, 0);
    igraph_vector_init(&har, 0);
    karate(&g);
    assert_int_equal(centrality_closeness(&g, NULL, &clo, NULL), 0);
    assert_int_equal(centrality_harmonic(&g, NULL, &har, NULL), 0);
    /* published: 33 / 58 and 33 / 60 */
    assert_close(VECTOR(clo)[0], 0.5689655172, 1e-6);
    assert_close(VECTOR(clo)[33], 0.55, 1e-6);

    int *d = bfs_distances(&g);
    for (int i = 0; i < 34; i++) {
        double sum = 0.0, inv = 0.0;
        for (int j = 0; j < 34; j++)
            if (j != i) {
                assert_true(d[i * 34 + j] > 0); /* connected */
                sum += d[i * 34 + j];
                inv += 1.0 / d[i * 34 + j];
            }
        assert_close(VECTOR(clo)[i], 33.0 / sum, 1e-12);
        assert_close(VECTOR(har)[i], inv / 33.0, 1e-12);
    }
    free(d);
    igraph_destroy(&g);
    igraph_vector_destroy(&clo);
    igraph_vector_destroy(&har);
}

static void test_centrality_karate_eigenvector_dense_and_arpack(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t dense, arpack;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&dense, 0);
    igraph_vector_init(&arpack, 0);
    karate(&g);
    assert_int_equal(centrality_eigenvector(&g, NULL, &dense, &ws), 0);
    /* NetworkX eigenvector_centrality rescaled to max 1 (0.37337 and 0.35548
     * unit-norm; re-derived by power iteration to 1e-12) */
    assert_close(VECTOR(dense)[33], 1.0, 1e-12);
    assert_close(VECTOR(dense)[0], 0.9521323665, 1e-6);
    assert_close(VECTOR(dense)[32], 0.8266588575, 1e-6);
    assert_close(VECTOR(dense)[2], 0.8495542005, 1e-6);

    double x[34];
    power_iteration(&g, x);
    assert_int_equal(centrality_eigenvector_arpack(&g, NULL, &arpack), 0);
    for (int i = 0; i < 34; i++) {
        assert_close(VECTOR(dense)[i], x[i], 1e-9);
        assert_close(VECTOR(arpack)[i], VECTOR(dense)[i], 1e-6);
    }
    igraph_destroy(&g);
    igraph_vector_destroy(&dense);
    igraph_vector_destroy(&arpack);
    centrality_ws_destroy(&ws);
}

static void test_centrality_eigenvector_dense_matches_arpack_on_random_graph(void **state)
{
    (void)state;
    igraph_t g;
    igraph_vector_t dense, arpack, w;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&dense, 0);
    igraph_vector_init(&arpack, 0);
    igraph_rng_seed(igraph_rng_default(), 20200103);
    assert_int_equal(igraph_barabasi_game(&g, 300, 1.0, 2, NULL, 0, 1.0, 0, IGRAPH_BARABASI_PSUMTREE, NULL),
                     0);
    assert_int_equal(centrality_eigenvector_dense(&g, NULL, &dense, &ws), 0);
    assert_int_equal(centrality_eigenvector_arpack(&g, NULL, &arpack), 0);
    for (igraph_integer_t i = 0; i < 300; i++)
        assert_close(VECTOR(arpack)[i], VECTOR(dense)[i], 1e-6);
    /* weighted: weights 1, 2, 3, 1, 2, 3, ... */
    igraph_vector_init(&w, igraph_ecount(&g));
    for (igraph_integer_t e = 0; e < igraph_ecount(&g); e++)
        VECTOR(w)[e] = (double)(1 + e % 3);
    assert_int_equal(centrality_eigenvector_dense(&g, &w, &dense, &ws), 0);
    assert_int_equal(centrality_eigenvector_arpack(&g, &w, &arpack), 0);
    for (igraph_integer_t i = 0; i < 300; i++)
        assert_close(VECTOR(arpack)[i], VECTOR(dense)[i], 1e-6);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);
    igraph_vector_destroy(&dense);
    igraph_vector_destroy(&arpack);
    centrality_ws_destroy(&ws);
}

static void test_centrality_eigenvector_large_ring_uses_arpack(void **state)
{
    (void)state;
    enum { N = 1100 }; /* above CENTRALITY_EIGEN_DENSE_MAX */
    igraph_t g;
    igraph_vector_t v;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    assert_true(N > CENTRALITY_EIGEN_DENSE_MAX);
    igraph_ring(&g, N, IGRAPH_UNDIRECTED, 0, 1);
    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    assert_int_equal(ws.n, 0); /* the dense buffers were never needed */
    assert_int_equal(igraph_vector_size(&v), N);
    for (int i = 0; i < N; i++)
        assert_close(VECTOR(v)[i], 1.0, 1e-6);
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
}

/* ---- Padgett's Florentine families ------------------------------------ */

static void test_centrality_florentine_medici(void **state)
{
    (void)state;
    igraph_t g;
    struct florentine f;
    igraph_vector_t v;
    struct centrality_ws ws;
    centrality_ws_init(&ws);
    igraph_vector_init(&v, 0);
    florentine(&g, &f);
    igraph_integer_t medici = family(&f, "Medici"), pucci = family(&f, "Pucci");
    igraph_integer_t strozzi = family(&f, "Strozzi"), guadagni = family(&f, "Guadagni");

    assert_int_equal(centrality_betweenness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[medici], 47.5, 1e-9);
    assert_close(VECTOR(v)[guadagni], 23.1666666667, 1e-9);
    assert_close(VECTOR(v)[strozzi], 9.3333333333, 1e-9);
    assert_close(VECTOR(v)[pucci], 0.0, 0);
    double bmax = VECTOR(v)[medici];
    centrality_betweenness_norm(&v, FLORENTINE_N, &v);
    assert_close(VECTOR(v)[medici], 47.5 / 105.0, 1e-12);
    assert_close(bmax / 91.0, 0.5219780, 1e-7); /* over the 15 connected families */

    /* Medici reach the other 14 connected families at total distance 25 */
    assert_int_equal(centrality_closeness(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[medici], 14.0 / 25.0, 1e-12);
    assert_true(isnan(VECTOR(v)[pucci]));
    assert_int_equal(centrality_harmonic(&g, NULL, &v, NULL), 0);
    assert_close(VECTOR(v)[medici], 9.5 / 15.0, 1e-12);
    assert_close(VECTOR(v)[pucci], 0.0, 0);

    assert_int_equal(centrality_eigenvector(&g, NULL, &v, &ws), 0);
    assert_close(VECTOR(v)[medici], 1.0, 1e-12);
    assert_close(VECTOR(v)[strozzi], 0.8272687717, 1e-6);
    assert_close(VECTOR(v)[pucci], 0.0, 0);

    assert_int_equal(centrality_pagerank(&g, NULL, &v), 0);
    assert_close(igraph_vector_sum(&v), 1.0, 1e-12);
    assert_int_equal(igraph_vector_which_max(&v), medici);

    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    centrality_ws_destroy(&ws);
}

/* ---- sampled betweenness ---------------------------------------------- */

static void test_centrality_sample_vertices_distinct(void **state)
{
    (void)state;
    igraph_rng_t rng, rng2;
    igraph_vector_int_t s, s2;
    igraph_vector_int_init(&s, 0);
    igraph_vector_int_init(&s2, 0);
    init_rng(&rng, 7);
    init_rng(&rng2, 7);
    assert_int_equal(centrality_sample_vertices(50, 20, &rng, &s), 0);
    assert_int_equal(centrality_sample_vertices(50, 20, &rng2, &s2), 0);
    assert_int_equal(igraph_vector_int_size(&s), 20);
    assert_true(igraph_vector_int_all_e(&s, &s2)); /* same seed, same draw */
    char seen[50] = {0};
    for (int i = 0; i < 20; i++) {
        igraph_integer_t x = VECTOR(s)[i];
        assert_true(x >= 0 && x < 50);
        assert_false(seen[x]);
        seen[x] = 1;
    }
    /* k = n: a permutation */
    assert_int_equal(centrality_sample_vertices(5, 5, &rng, &s), 0);
    igraph_vector_int_sort(&s);
    for (int i = 0; i < 5; i++)
        assert_int_equal(VECTOR(s)[i], i);
    assert_int_equal(centrality_sample_vertices(5, 0, &rng, &s), 0);
    assert_int_equal(igraph_vector_int_size(&s), 0);
    assert_int_equal(centrality_sample_vertices(5, 6, &rng, &s), IGRAPH_EINVAL);
    assert_int_equal(centrality_sample_vertices(5, -1, &rng, &s), IGRAPH_EINVAL);
    assert_int_equal(centrality_sample_vertices(5, 2, NULL, &s), IGRAPH_EINVAL);
    igraph_rng_destroy(&rng);
    igraph_rng_destroy(&rng2);
    igraph_vector_int_destroy(&s);
    igraph_vector_int_destroy(&s2);
}

static void test_centrality_subset_betweenness_all_sources_is_exact(void **state)
{
    (void)state;
    /* The n/k scaling relies on igraph's undirected subset betweenness
     * counting each unordered pair once when every vertex is a source. */
    igraph_t g;
    igraph_vector_t exact, subset;
    igraph_vector_init(&exact, 0);
    igraph_vector_init(&subset, 0);
    karate(&g);
    assert_int_equal(igraph_betweenness(&g, &exact, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL), 0);
    assert_int_equal(igraph_betweenness_subset(&g, &subset, igraph_vss_all(), IGRAPH_UNDIRECTED,
                                               igraph_vss_all(), igraph_vss_all(), NULL),
                     0);
    for (int i = 0; i < 34; i++)
        assert_close(VECTOR(subset)[i], VECTOR(exact)[i], 1e-9);
    igraph_destroy(&g);
    igraph_vector_destroy(&exact);
    igraph_vector_destroy(&subset);
}

static void test_centrality_betweenness_sampled_star_by_hand(void **state)
{
    (void)state;
    /* Star of 5, one source: a leaf source puts 3 / 2 on the centre (its
     * paths to the 3 other leaves, halved), scaled by 5 to 7.5; the centre
     * as source gives 0. Expectation 4/5 * 7.5 = 6 = the exact value. */
    igraph_t g;
    igraph_vector_t v;
    igraph_rng_t rng;
    igraph_vector_init(&v, 0);
    init_rng(&rng, 11);
    igraph_star(&g, 5, IGRAPH_STAR_UNDIRECTED, 0);
    int leaf_draws = 0;
    for (int r = 0; r < 200; r++) {
        assert_int_equal(centrality_betweenness_sampled(&g, NULL, 1, &rng, &v, NULL), 0);
        assert_true(VECTOR(v)[0] == 0.0 || VECTOR(v)[0] == 7.5);
        leaf_draws += VECTOR(v)[0] == 7.5;
        for (int i = 1; i < 5; i++)
            assert_close(VECTOR(v)[i], 0.0, 0);
    }
    assert_true(leaf_draws > 130 && leaf_draws < 190); /* ~160 of 200 */
    igraph_destroy(&g);
    igraph_vector_destroy(&v);
    igraph_rng_destroy(&rng);
}

static void test_centrality_betweenness_sampled_unbiased(void **state)
{
    (void)state;
    enum { REPS = 400 };
    igraph_t g;
    igraph_vector_t exact, est, w;
    igraph_rng_t rng;
    igraph_vector_init(&exact, 0);
    igraph_vector_init(&est, 0);
    init_rng(&rng, 20200103);
    karate(&g);
    igraph_integer_t n = igraph_vcount(&g);

    /* sources = n is the exact computation */
    assert_int_equal(centrality_betweenness(&g, NULL, &exact, NULL), 0);
    assert_int_equal(centrality_betweenness_sampled(&g, NULL, n, &rng, &est, NULL), 0);
    for (igraph_integer_t i = 0; i < n; i++)
        assert_close(VECTOR(est)[i], VECTOR(exact)[i], 1e-9);

    /* sources = n/2: the mean over REPS draws within 3 standard errors */
    double sum[34] = {0}, sum2[34] = {0};
    for (int r = 0; r < REPS; r++) {
        assert_int_equal(centrality_betweenness_sampled(&g, NULL, n / 2, &rng, &est, NULL), 0);
        for (igraph_integer_t i = 0; i < n; i++) {
            sum[i] += VECTOR(est)[i];
            sum2[i] += VECTOR(est)[i] * VECTOR(est)[i];
        }
    }
    for (igraph_integer_t i = 0; i < n; i++) {
        double mean = sum[i] / REPS;
        double var = (sum2[i] - REPS * mean * mean) / (REPS - 1);
        double se = sqrt(var > 0.0 ? var : 0.0) / sqrt((double)REPS);
        if (fabs(mean - VECTOR(exact)[i]) > 3.0 * se + 1e-9)
            fail_msg("vertex %d: mean %.6f, exact %.6f, se %.6f", (int)i, mean, VECTOR(exact)[i], se);
    }

    /* weighted: sources = n equals exact weighted betweenness */
    igraph_vector_init(&w, igraph_ecount(&g));
    for (igraph_integer_t e = 0; e < igraph_ecount(&g); e++)
        VECTOR(w)[e] = (double)(1 + e % 4);
    assert_int_equal(centrality_betweenness(&g, &w, &exact, NULL), 0);
    assert_int_equal(centrality_betweenness_sampled(&g, &w, n + 5, &rng, &est, NULL), 0);
    for (igraph_integer_t i = 0; i < n; i++)
        assert_close(VECTOR(est)[i], VECTOR(exact)[i], 1e-9);
    /* weighted sample runs and stays nonnegative */
    assert_int_equal(centrality_betweenness_sampled(&g, &w, 10, &rng, &est, NULL), 0);
    assert_true(igraph_vector_min(&est) >= 0.0);

    /* errors: no sources, no RNG, bad weights */
    assert_int_equal(centrality_betweenness_sampled(&g, NULL, 0, &rng, &est, NULL), IGRAPH_EINVAL);
    assert_int_equal(centrality_betweenness_sampled(&g, NULL, 5, NULL, &est, NULL), IGRAPH_EINVAL);
    VECTOR(w)[0] = 0.0;
    assert_int_equal(centrality_betweenness_sampled(&g, &w, 5, &rng, &est, NULL), IGRAPH_EINVAL);

    igraph_destroy(&g);
    igraph_vector_destroy(&w);
    igraph_vector_destroy(&exact);
    igraph_vector_destroy(&est);
    igraph_rng_destroy(&rng);
}

/* ---- one search per source (centrality_paths) ------------------------ */

/* |a - b| within 1e-12 of max(1, |b|), NaN only against NaN. */
static void assert_close_vectors(const igraph_vector_t *a, const igraph_vector_t *b)
{
    assert_int_equal(igraph_vector_size(a), igraph_vector_size(b));
    for (igraph_integer_t i = 0; i < igraph_vector_size(a); i++) {
        double x = VECTOR(*a)[i], y = VECTOR(*b)[i];
        if (isnan(y)) {
            assert_true(isnan(x));
            continue;
        }
        double scale = fabs(y) > 1.0 ? fabs(y) : 1.0;
        if (!(fabs(x - y) <= 1e-12 * scale))
            fail_msg("vertex %lld: %.17g against igraph's %.17g", (long long)i, x, y);
    }
}

/* centrality_paths against igraph_betweenness, igraph_closeness and
 * igraph_harmonic_centrality (each computed on its own) on g. */
static void check_paths_against_igraph(const igraph_t *g)
{
    igraph_vector_t b, c, h, rb, rc, rh;
    igraph_vector_init(&b, 0);
    igraph_vector_init(&c, 0);
    igraph_vector_init(&h, 0);
    igraph_vector_init(&rb, 0);
    igraph_vector_init(&rc, 0);
    igraph_vector_init(&rh, 0);
    assert_int_equal(centrality_paths(g, &b, &c, &h, NULL, NULL), 0);
    assert_int_equal(igraph_betweenness(g, &rb, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL), 0);
    assert_int_equal(igraph_closeness(g, &rc, NULL, NULL, igraph_vss_all(), IGRAPH_ALL, NULL, 1), 0);
    assert_int_equal(igraph_harmonic_centrality(g, &rh, igraph_vss_all(), IGRAPH_ALL, NULL, 1), 0);
    assert_close_vectors(&b, &rb);
    assert_close_vectors(&c, &rc);
    assert_close_vectors(&h, &rh);
    /* and, byte for byte, the calls a run makes (igraph's subset
     * betweenness in the same parts, the distance-matrix pass): the same
     * operations in the same order */
    assert_int_equal(centrality_closeness_harmonic(g, NULL, &rc, &rh, NULL), 0);
    assert_same_bytes(&c, &rc);
    assert_same_bytes(&h, &rh);
    assert_int_equal(centrality_betweenness(g, NULL, &rb, NULL), 0);
    assert_same_bytes(&b, &rb);
    igraph_vector_destroy(&b);
    igraph_vector_destroy(&c);
    igraph_vector_destroy(&h);
    igraph_vector_destroy(&rb);
    igraph_vector_destroy(&rc);
    igraph_vector_destroy(&rh);
}

/* Random graphs of several components and isolates (G(n, p) below and
 * around the giant-component threshold), with multi-edges and loops, and
 * the empty and one-vertex graphs. */
static void test_centrality_paths_match_igraph(void **state)
{
    (void)state;
    igraph_rng_t rng;
    init_rng(&rng, 1234);
    igraph_rng_t *saved = igraph_rng_default();
    igraph_rng_set_default(&rng);
    const struct {
        igraph_integer_t n;
        double p;
    } cases[] = {{0, 0.0}, {1, 0.0}, {2, 0.0}, {40, 0.02}, {60, 0.03}, {120, 0.01}, {200, 0.02}, {300, 0.05}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int rep = 0; rep < 3; rep++) {
            igraph_t g;
            assert_int_equal(igraph_erdos_renyi_game_gnp(&g, cases[i].n, cases[i].p, IGRAPH_UNDIRECTED, 0),
                             0);
            if (rep == 2 && cases[i].n >= 2) {
                /* doubled edges count as two paths; loops are on no path */
                igraph_integer_t m = igraph_ecount(&g);
                for (igraph_integer_t e = 0; e < m; e += 3)
                    assert_int_equal(igraph_add_edge(&g, IGRAPH_FROM(&g, e), IGRAPH_TO(&g, e)), 0);
                assert_int_equal(igraph_add_edge(&g, 0, 0), 0);
            }
            check_paths_against_igraph(&g);
            igraph_destroy(&g);
        }
    }
    igraph_rng_set_default(saved);
    igraph_rng_destroy(&rng);
}

/* An executor without threads that runs the parts last to first. */
static void reverse_parts(const struct parts_exec *ex, int n, parts_task *task, void *arg)
{
    int *calls = ex->self;
    for (int k = n - 1; k >= 0; k--) {
        task(arg, k, k % ex->workers);
        (*calls)++;
    }
}

struct counted {
    igraph_integer_t done, total, calls;
};

static void count_sources(void *ctx, igraph_integer_t k, igraph_integer_t total)
{
    struct counted *c = ctx;
    c->done += k;
    c->total = total;
    c->calls++;
}

/* A graph big enough for PARTS_MAX parts: the same bytes in order and
 * through an executor, igraph's values, and progress for every source. */
static void test_centrality_paths_parts_and_progress(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 1500);
    igraph_vector_t b1, c1, h1, b2, c2, h2;
    igraph_vector_init(&b1, 0);
    igraph_vector_init(&c1, 0);
    igraph_vector_init(&h1, 0);
    igraph_vector_init(&b2, 0);
    igraph_vector_init(&c2, 0);
    igraph_vector_init(&h2, 0);
    int calls = 0;
    struct parts_exec ex = {reverse_parts, 3, &calls};
    struct counted cnt = {0, 0, 0};
    struct centrality_progress pr = {count_sources, &cnt};
    assert_int_equal(centrality_paths(&g, &b1, &c1, &h1, NULL, NULL), 0);
    assert_int_equal(centrality_paths(&g, &b2, &c2, &h2, &ex, &pr), 0);
    assert_int_equal(calls, PARTS_MAX);
    assert_int_equal(cnt.done, 1500);
    assert_int_equal(cnt.total, 1500);
    assert_true(cnt.calls >= 1500 / 16);
    assert_same_bytes(&b1, &b2);
    assert_same_bytes(&c1, &c2);
    assert_same_bytes(&h1, &h2);
    check_paths_against_igraph(&g);
    igraph_vector_destroy(&b1);
    igraph_vector_destroy(&c1);
    igraph_vector_destroy(&h1);
    igraph_vector_destroy(&b2);
    igraph_vector_destroy(&c2);
    igraph_vector_destroy(&h2);
    igraph_destroy(&g);
}

static igraph_error_t always_interrupt(void *data)
{
    (void)data;
    return IGRAPH_INTERRUPTED;
}

/* An interruption request stops the searches with IGRAPH_INTERRUPTED. */
static void test_centrality_paths_interrupted(void **state)
{
    (void)state;
    igraph_t g;
    ba_graph(&g, 300);
    igraph_vector_t b, c, h;
    igraph_vector_init(&b, 0);
    igraph_vector_init(&c, 0);
    igraph_vector_init(&h, 0);
    igraph_interruption_handler_t *old = igraph_set_interruption_handler(always_interrupt);
    assert_int_equal(centrality_paths(&g, &b, &c, &h, NULL, NULL), IGRAPH_INTERRUPTED);
    igraph_set_interruption_handler(old);
    assert_int_equal(centrality_paths(&g, &b, &c, &h, NULL, NULL), 0);
    igraph_vector_destroy(&b);
    igraph_vector_destroy(&c);
    igraph_vector_destroy(&h);
    igraph_destroy(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_centrality_star_degree_and_betweenness),
        cmocka_unit_test(test_centrality_path_betweenness),
        cmocka_unit_test(test_centrality_weighted_betweenness_uses_inverse_weights),
        cmocka_unit_test(test_centrality_star_pagerank),
        cmocka_unit_test(test_centrality_path4_all_measures),
        cmocka_unit_test(test_centrality_star_all_measures),
        cmocka_unit_test(test_centrality_betweenness_norm_sizes_out),
        cmocka_unit_test(test_centrality_complete_graph_centralization_zero),
        cmocka_unit_test(test_centrality_centralization_degree_ignores_multi_edges),
        cmocka_unit_test(test_centrality_bridged_triangles),
        cmocka_unit_test(test_centrality_disconnected_with_isolates),
        cmocka_unit_test(test_centrality_eigenvector_edge_cases),
        cmocka_unit_test(test_centrality_eigenvector_workspace_regrows),
        cmocka_unit_test(test_centrality_weighted_closeness_and_harmonic),
        cmocka_unit_test(test_centrality_weight_distances_and_errors),
        cmocka_unit_test(test_centrality_karate_betweenness_published),
        cmocka_unit_test(test_centrality_karate_closeness_harmonic_vs_bfs),
        cmocka_unit_test(test_centrality_karate_eigenvector_dense_and_arpack),
        cmocka_unit_test(test_centrality_eigenvector_dense_matches_arpack_on_random_graph),
        cmocka_unit_test(test_centrality_eigenvector_large_ring_uses_arpack),
        cmocka_unit_test(test_centrality_florentine_medici),
        cmocka_unit_test(test_centrality_sample_vertices_distinct),
        cmocka_unit_test(test_centrality_subset_betweenness_all_sources_is_exact),
        cmocka_unit_test(test_centrality_betweenness_sampled_star_by_hand),
        cmocka_unit_test(test_centrality_betweenness_sampled_unbiased),
        cmocka_unit_test(test_centrality_paths_match_igraph),
        cmocka_unit_test(test_centrality_paths_parts_and_progress),
        cmocka_unit_test(test_centrality_paths_interrupted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
