/* sim/load/generate.c - network.generate: drawing an ER, BA or SBM network with igraph.
 *
 * The generator's keys are checked first, then the ids it would make and
 * its expected edge count against the limits, so that nothing is drawn for
 * a scenario that will be refused. The graph is drawn from the scenario's
 * own network stream (sim/engine/rng.h), so the same seed gives the same
 * network whatever the thread or rank count.
 * Includes: igraph, sim/engine/rng.h, sim/load/loader.h.
 */
#include "sim/load/generate.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine/rng.h"

static const char *const generate_keys[] = {"model",  "n",        "mean_degree", "m",      "sizes",
                                            "p_in",   "p_out",    "kind",        "prefix", "type",
                                            "weight", "strength", "stance"};
static const char *const generators[] = {"erdos_renyi", "barabasi_albert", "sbm"};
enum generator { GEN_ER, GEN_BA, GEN_SBM };
struct gen_spec {
    enum generator model;
    long n;
    double mean_degree;
    long m;
    long *sizes;
    size_t n_sizes;
    double p_in, p_out;
};

/* Draw the graph from the scenario's network stream. */
static int generate_graph(struct loader *L, const struct gen_spec *g, igraph_t *graph)
{
    struct scenario *s = L->s;
    igraph_rng_t rng, prev;
    struct loader_quiet q;
    igraph_error_t err = IGRAPH_SUCCESS;
    igraph_matrix_t pref;
    igraph_vector_int_t sizes;
    if (igraph_rng_init(&rng, &igraph_rngtype_pcg32) != IGRAPH_SUCCESS)
        return loader_oom(L);
    igraph_rng_seed(&rng, (igraph_uint_t)rng_stream_seed(s->seed, s->name, RNG_NETWORK_STREAM));
    loader_quiet_begin(&q);
    /* set_default copies the handle: keep a copy of the old one to put back */
    prev = *igraph_rng_default();
    igraph_rng_set_default(&rng);
    switch (g->model) {
    case GEN_ER: {
        igraph_integer_t m = (igraph_integer_t)llround((double)g->n * g->mean_degree / 2.0);
        err = igraph_erdos_renyi_game_gnm(graph, g->n, m, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
        break;
    }
    case GEN_BA:
        err = igraph_barabasi_game(graph, g->n, 1.0, g->m, NULL, 0, 1.0, IGRAPH_UNDIRECTED,
                                   IGRAPH_BARABASI_PSUMTREE, NULL);
        break;
    case GEN_SBM: {
        igraph_integer_t k = (igraph_integer_t)g->n_sizes;
        if ((err = igraph_matrix_init(&pref, k, k)) != IGRAPH_SUCCESS)
            break;
        if ((err = igraph_vector_int_init(&sizes, k)) != IGRAPH_SUCCESS) {
            igraph_matrix_destroy(&pref);
            break;
        }
        for (igraph_integer_t i = 0; i < k; i++) {
            VECTOR(sizes)[i] = g->sizes[i];
            for (igraph_integer_t j = 0; j < k; j++)
                MATRIX(pref, i, j) = i == j ? g->p_in : g->p_out;
        }
        err = igraph_sbm_game(graph, g->n, &pref, &sizes, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS);
        igraph_vector_int_destroy(&sizes);
        igraph_matrix_destroy(&pref);
        break;
    }
    }
    igraph_rng_set_default(&prev);
    loader_quiet_end(&q);
    igraph_rng_destroy(&rng);
    if (err == IGRAPH_ENOMEM)
        return loader_oom(L);
    if (err != IGRAPH_SUCCESS)
        return diag_set(L->d, DIAG_RUNTIME, L->s->path, 0, 0, "generating the network failed: %s",
                        igraph_strerror(err));
    return DIAG_OK;
}

/* Expected edge count of the generator (exact for G(n,m) and BA). */
static double expected_edges(const struct gen_spec *g)
{
    double n = (double)g->n;
    switch (g->model) {
    case GEN_ER: return (double)llround(n * g->mean_degree / 2.0);
    case GEN_BA: {
        /* vertex i (i >= 1) cites min(i, m) distinct earlier vertices */
        double m = (double)g->m;
        if (m >= n - 1)
            return n * (n - 1) / 2.0;
        return m * (m + 1) / 2.0 + (n - 1 - m) * m;
    }
    case GEN_SBM: {
        double e = 0, total = 0;
        for (size_t i = 0; i < g->n_sizes; i++) {
            double k = (double)g->sizes[i];
            e += g->p_in * k * (k - 1) / 2.0;
            total += k;
        }
        double cross = 0;
        for (size_t i = 0; i < g->n_sizes; i++)
            cross += (double)g->sizes[i] * (total - (double)g->sizes[i]);
        return e + g->p_out * cross / 2.0;
    }
    }
    return 0;
}

int generate_check(struct loader *L, const struct ytree *gkey, const struct ytree *gm)
{
    struct scenario *s = L->s;
    struct gen_spec g;
    const struct ytree *v;
    enum node_kind kind = KIND_FACTION;
    enum tie_type type = TIE_COORDINATION;
    double weight = DEFAULT_WEIGHT, strength = DEFAULT_STRENGTH, stance = DEFAULT_STANCE;
    const char *prefix = "g";
    char sb[KEY_BUF], id[KEY_BUF + INT_TEXT];
    long room = L->lim->max_nodes - s->world.n_nodes;
    igraph_t graph;
    int rc;
    memset(&g, 0, sizeof g);
    if ((rc = loader_want(L, gm, "generate", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(L, gm, generate_keys, COUNT(generate_keys), "generate")) != DIAG_OK ||
        (rc = loader_need(L, gm, "model", "generate", &v)) != DIAG_OK ||
        (rc = loader_want(L, v, "model", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int model = loader_in_list(v->text, generators, COUNT(generators));
    if (model < 0)
        return loader_fail(L, v, "unknown generator '%s'%s (use erdos_renyi, barabasi_albert or sbm)",
                           v->text, loader_suggest(sb, sizeof sb, v->text, generators, COUNT(generators)));
    g.model = (enum generator)model;
    /* Keys that belong to other generators. */
    static const struct {
        const char *key;
        unsigned models;
    } owners[] = {
        {"n", 1u << GEN_ER | 1u << GEN_BA}, {"mean_degree", 1u << GEN_ER}, {"m", 1u << GEN_BA},
        {"sizes", 1u << GEN_SBM},           {"p_in", 1u << GEN_SBM},       {"p_out", 1u << GEN_SBM}};
    for (size_t i = 0; i < COUNT(owners); i++) {
        const struct ytree *k = loader_key(gm, owners[i].key);
        if (k && !(owners[i].models & (1u << g.model)))
            return loader_fail(
                L, k, "key '%s' does not apply to %s%s", owners[i].key, generators[g.model],
                g.model == GEN_SBM && !strcmp(owners[i].key, "n") ? " (its size is the sum of sizes)" : "");
    }
    if (g.model == GEN_SBM) {
        if ((rc = loader_need(L, gm, "sizes", "generate", &v)) != DIAG_OK ||
            (rc = loader_want(L, v, "sizes", YTREE_SEQ)) != DIAG_OK)
            return rc;
        if (v->n == 0)
            return loader_fail(L, v, "'sizes' is empty");
        if (!(g.sizes = calloc(v->n, sizeof *g.sizes)))
            return loader_oom(L);
        g.n_sizes = v->n;
        for (size_t i = 0; i < v->n && rc == DIAG_OK; i++) {
            rc = loader_long(L, v->items[i], "sizes", 1, LONG_MAX, &g.sizes[i]);
            if (rc == DIAG_OK && g.sizes[i] > room - g.n)
                rc = loader_fail(L, v->items[i],
                                 "generate would add more than %ld nodes to the %d "
                                 "given, above the limit of %ld (--limit nodes)",
                                 room, s->world.n_nodes, L->lim->max_nodes);
            if (rc == DIAG_OK)
                g.n += g.sizes[i];
        }
        if (rc != DIAG_OK || (rc = loader_need(L, gm, "p_in", "generate", &v)) != DIAG_OK ||
            (rc = loader_real(L, v, "p_in", 0, 1, 0, &g.p_in)) != DIAG_OK ||
            (rc = loader_need(L, gm, "p_out", "generate", &v)) != DIAG_OK ||
            (rc = loader_real(L, v, "p_out", 0, 1, 0, &g.p_out)) != DIAG_OK)
            goto done;
    } else {
        if ((rc = loader_need(L, gm, "n", "generate", &v)) != DIAG_OK ||
            (rc = loader_long(L, v, "n", 1, LONG_MAX, &g.n)) != DIAG_OK)
            goto done;
        if (g.n > room) {
            rc = loader_fail(L, v,
                             "generate would add %ld nodes to the %d given, above the limit of "
                             "%ld (--limit nodes)",
                             g.n, s->world.n_nodes, L->lim->max_nodes);
            goto done;
        }
        if (g.model == GEN_ER) {
            if ((rc = loader_need(L, gm, "mean_degree", "generate", &v)) != DIAG_OK ||
                (rc = loader_real(L, v, "mean_degree", 0, (double)(g.n - 1), 0, &g.mean_degree)) != DIAG_OK)
                goto done;
        } else {
            if ((rc = loader_need(L, gm, "m", "generate", &v)) != DIAG_OK ||
                (rc = loader_long(L, v, "m", 1, g.n > 1 ? g.n - 1 : 1, &g.m)) != DIAG_OK)
                goto done;
        }
    }
    if ((v = loader_opt(gm, "kind")) != NULL && (rc = loader_kind(L, v, "kind", &kind)) != DIAG_OK)
        goto done;
    if ((v = loader_opt(gm, "type")) != NULL && (rc = loader_tie_type(L, v, "type", &type)) != DIAG_OK)
        goto done;
    if ((rc = loader_opt_real(L, gm, "weight", LOADER_MIN_WEIGHT, 1, 0, &weight)) != DIAG_OK ||
        (rc = loader_opt_real(L, gm, "strength", 0, 1, 0, &strength)) != DIAG_OK ||
        (rc = loader_opt_real(L, gm, "stance", 0, 1, 0, &stance)) != DIAG_OK)
        goto done;
    if ((v = ytree_get(gm, "prefix")) != NULL) {
        if ((rc = loader_want(L, v, "prefix", YTREE_SCALAR)) != DIAG_OK)
            goto done;
        prefix = v->text;
        if (strlen(prefix) > KEY_BUF || (*prefix && strspn(prefix, ID_CHARS) != strlen(prefix))) {
            rc = loader_fail(L, v, "bad prefix '%s': %s", prefix, loader_id_rule(prefix));
            goto done;
        }
    }
    double edges = expected_edges(&g);
    if (edges > (double)(L->lim->max_edges - s->world.n_edges)) {
        rc = loader_fail(L, gm,
                         "generate would make about %.0f edges, above the limit of %ld "
                         "(--limit edges)",
                         edges, L->lim->max_edges);
        goto done;
    }
    const char *tie_rule = loader_tie_source_rule(type, kind);
    if (tie_rule) {
        rc = loader_fail(L, loader_opt(gm, "type") ? loader_opt(gm, "type") : gm,
                         "%s; generated nodes are %s", tie_rule, loader_kind_plural(kind));
        goto done;
    }
    /* Ids first, so that a clash is reported before anything is drawn. */
    for (long i = 0; i < g.n; i++) {
        snprintf(id, sizeof id, "%s%ld", prefix, i);
        int j = idmap_get(&L->ids, id);
        if (j >= 0) {
            char wb[KEY_BUF];
            loader_where(wb, sizeof wb, ytree_get(L->node_at[j], "id"), gm->file);
            rc = loader_fail(L, gkey,
                             "generated id '%s' is already the id of the node at %s (choose "
                             "another prefix)",
                             id, wb);
            goto done;
        }
    }
    if ((rc = generate_graph(L, &g, &graph)) != DIAG_OK)
        goto done;
    int base = s->world.n_nodes;
    for (long i = 0; i < g.n && rc == DIAG_OK; i++) {
        int idx;
        snprintf(id, sizeof id, "%s%ld", prefix, i);
        if ((rc = loader_add_node(L, kind, id, NULL, NULL, &idx)) == DIAG_OK) {
            s->world.nodes[idx].strength = strength;
            s->world.nodes[idx].stance = stance;
        }
    }
    for (igraph_integer_t e = 0; e < igraph_ecount(&graph) && rc == DIAG_OK; e++) {
        int a = base + (int)IGRAPH_FROM(&graph, e), b = base + (int)IGRAPH_TO(&graph, e);
        if ((rc = loader_grow_tie_at(L, s->world.n_edges + 1)) == DIAG_OK &&
            world_add_tie(&s->world, a, b, type, weight) < 0)
            rc = loader_oom(L);
    }
    igraph_destroy(&graph);
done:
    free(g.sizes);
    return rc;
}
