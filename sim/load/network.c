/* sim/load/network.c - the network section: YAML nodes, generated and imported nodes, edges.
 *
 * Order matters for ids and messages: the YAML nodes first (pass 1: id, kind,
 * state), then `generate`, then `import`, then the references of the YAML
 * nodes (pass 2: successor, patron, src, which may name generated or
 * imported nodes), then `update` (keys set on generated or imported nodes
 * by id), then the YAML edges.
 * Includes: sim/load/loader.h and the generate, import and sections modules.
 */
#include "sim/load/network.h"

#include <math.h>
#include <string.h>

#include "sim/load/generate.h"
#include "sim/load/import.h"
#include "sim/load/sections.h"

static const char *const network_keys[] = {"nodes", "edges", "generate", "import", "update"};
static const char *const update_keys[] = {"id",        "label",     "strength", "stance", "budget", "revenue",
                                          "authority", "successor", "patron",   "src",    "note"};
static const char *const node_keys[] = {"id",     "kind",    "label",      "strength",  "stance",
                                        "budget", "revenue", "authority",  "successor", "patron",
                                        "src",    "reason",  "values_src", "note"};
static const char *const edge_keys[] = {"from", "to",     "type",       "weight",
                                        "src",  "reason", "values_src", "note"};

/* Pass 1 over network.nodes: keys, id, kind, state. References (successor,
 * patron, src) wait for pass 2, when generated and imported nodes exist. */
static int check_nodes(struct loader *L, const struct ytree *list)
{
    struct scenario *s = L->s;
    int rc;
    if ((rc = loader_want(L, list, "nodes", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (list->n > (size_t)L->lim->max_nodes)
        return loader_fail(L, list, "%zu nodes, above the limit of %ld (--limit nodes)", list->n,
                           L->lim->max_nodes);
    for (size_t i = 0; i < list->n; i++) {
        const struct ytree *m = list->items[i], *idv, *kv, *v;
        char section[KEY_BUF + INT_TEXT], wb[KEY_BUF];
        enum node_kind kind;
        const char *label = NULL;
        int idx;
        if (m->kind != YTREE_MAP)
            return loader_fail(L, m, "a node must be a mapping (id, kind, ...), not %s",
                               ytree_kind_name(m->kind));
        idv = loader_opt(m, "id");
        if (idv && idv->kind == YTREE_SCALAR)
            snprintf(section, sizeof section, "node '%s'", idv->text);
        else
            snprintf(section, sizeof section, "node");
        if ((rc = loader_check_keys(L, m, node_keys, COUNT(node_keys), section)) != DIAG_OK)
            return rc;
        if ((rc = loader_need(L, m, "id", "node", &idv)) != DIAG_OK ||
            (rc = loader_want(L, idv, "id", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!loader_valid_id(idv->text))
            return loader_fail(L, idv, "bad node id '%s': %s", loader_quote(wb, sizeof wb, idv->text),
                               loader_id_rule(idv->text));
        if ((idx = idmap_get(&L->ids, idv->text)) >= 0) {
            loader_where(wb, sizeof wb, ytree_get(L->node_at[idx], "id"), idv->file);
            return loader_fail(L, idv, "duplicate node id '%s' (first defined at %s)", idv->text, wb);
        }
        if ((rc = loader_need(L, m, "kind", section, &kv)) != DIAG_OK ||
            (rc = loader_kind(L, kv, "kind", &kind)) != DIAG_OK)
            return rc;
        for (size_t j = 0; j < m->n; j++) {
            const struct kind_rule *r = loader_kind_rule(m->keys[j]->text);
            if (r && !(r->kinds & KBIT(kind)) && !ytree_is_null(m->items[j]))
                return loader_fail(L, m->keys[j], "key '%s' applies to %s only ('%s' is %s %s)", r->key,
                                   r->who, idv->text, loader_article(kind), world_kind_name(kind));
        }
        if ((rc = loader_opt_string(L, m, "label", &label)) != DIAG_OK)
            return rc;
        if (label && loader_text_rule(label))
            return loader_fail(L, loader_opt(m, "label"), "bad label of '%s': %s", idv->text,
                               loader_text_rule(label));
        if ((rc = loader_add_node(L, kind, idv->text, label, m, &idx)) != DIAG_OK)
            return rc;
        struct actor *a = &s->world.nodes[idx];
        a->strength = DEFAULT_STRENGTH;
        a->stance = DEFAULT_STANCE;
        if ((rc = loader_opt_real(L, m, "strength", 0, 1, 0, &a->strength)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "stance", 0, 1, 0, &a->stance)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "budget", 0, LOADER_MAX_AMOUNT, 0, &a->budget)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "revenue", 0, LOADER_MAX_AMOUNT, 0, &a->revenue)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "authority", 0, 1, 0, &a->authority)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(m, "note")) != NULL && (rc = loader_want(L, v, "note", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        L->n_yaml++;
    }
    return DIAG_OK;
}

/* A node's successor and patron (of a node of network.nodes, or of an
 * update), resolved now that every node exists: a successor must be a leader
 * other than the node, a patron an agency. */
static int resolve_refs(struct loader *L, const struct ytree *m, int idx)
{
    struct scenario *s = L->s;
    struct actor *a = &s->world.nodes[idx];
    const struct ytree *v;
    int j, rc;
    if ((v = loader_opt(m, "successor")) != NULL) {
        if ((rc = loader_resolve_node(L, v, "successor", "successor", &j)) != DIAG_OK)
            return rc;
        if (j == idx)
            return loader_fail(L, v, "'%s' cannot be his own successor", s->ids[idx]);
        if (s->world.nodes[j].kind != KIND_LEADER)
            return loader_fail(L, v, "successor '%s' of '%s' is %s %s, not a leader", s->ids[j], s->ids[idx],
                               loader_article(s->world.nodes[j].kind),
                               world_kind_name(s->world.nodes[j].kind));
        a->successor = j;
    }
    if ((v = loader_opt(m, "patron")) != NULL) {
        if ((rc = loader_resolve_node(L, v, "patron", "patron", &j)) != DIAG_OK)
            return rc;
        if (s->world.nodes[j].kind != KIND_AGENCY)
            return loader_fail(L, v, "patron '%s' of '%s' is %s %s, not an agency", s->ids[j], s->ids[idx],
                               loader_article(s->world.nodes[j].kind),
                               world_kind_name(s->world.nodes[j].kind));
        a->patron = j;
    }
    return DIAG_OK;
}

/* Pass 2: successor, patron and src of the YAML nodes. */
static int check_node_refs(struct loader *L)
{
    int rc;
    for (int i = 0; i < L->n_yaml; i++) {
        const struct ytree *m = L->node_at[i];
        if ((rc = resolve_refs(L, m, i)) != DIAG_OK)
            return rc;
        if ((rc = sections_src(L, m)) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

/* network.update: state and references set on generated or imported nodes,
 * each named by its id (the id nodes.csv shows). */
static int check_updates(struct loader *L, const struct ytree *list)
{
    struct scenario *s = L->s;
    int rc;
    if ((rc = loader_want(L, list, "update", YTREE_SEQ)) != DIAG_OK)
        return rc;
    for (size_t i = 0; i < list->n; i++) {
        const struct ytree *m = list->items[i], *idv, *v;
        const char *label = NULL;
        int idx;
        if (m->kind != YTREE_MAP)
            return loader_fail(L, m, "an update must be a mapping (id, successor, ...), not %s",
                               ytree_kind_name(m->kind));
        if ((rc = loader_check_keys(L, m, update_keys, COUNT(update_keys), "update")) != DIAG_OK ||
            (rc = loader_need(L, m, "id", "update", &idv)) != DIAG_OK ||
            (rc = loader_resolve_node(L, idv, "id", "update", &idx)) != DIAG_OK)
            return rc;
        if (idx < L->n_yaml)
            return loader_fail(L, idv, "'%s' is a node of network.nodes: set its keys there, not in update",
                               idv->text);
        struct actor *a = &s->world.nodes[idx];
        for (size_t k = 0; k < m->n; k++) {
            const struct kind_rule *r = loader_kind_rule(m->keys[k]->text);
            if (r && !(r->kinds & KBIT(a->kind)) && !ytree_is_null(m->items[k]))
                return loader_fail(L, m->keys[k], "key '%s' applies to %s only ('%s' is %s %s)", r->key,
                                   r->who, idv->text, loader_article(a->kind), world_kind_name(a->kind));
        }
        if ((rc = loader_opt_string(L, m, "label", &label)) != DIAG_OK)
            return rc;
        if (label && loader_text_rule(label))
            return loader_fail(L, loader_opt(m, "label"), "bad label of '%s': %s", idv->text,
                               loader_text_rule(label));
        if (label && (rc = loader_set_string(L, &s->labels[idx], label)) != DIAG_OK)
            return rc;
        if ((rc = loader_opt_real(L, m, "strength", 0, 1, 0, &a->strength)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "stance", 0, 1, 0, &a->stance)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "budget", 0, LOADER_MAX_AMOUNT, 0, &a->budget)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "revenue", 0, LOADER_MAX_AMOUNT, 0, &a->revenue)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "authority", 0, 1, 0, &a->authority)) != DIAG_OK)
            return rc;
        if ((rc = resolve_refs(L, m, idx)) != DIAG_OK)
            return rc;
        if ((v = loader_opt(m, "note")) != NULL && (rc = loader_want(L, v, "note", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((rc = sections_src(L, m)) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

/* ---------------------------------------------------------------- edges */

static int check_edges(struct loader *L, const struct ytree *list)
{
    struct scenario *s = L->s;
    int rc;
    if ((rc = loader_want(L, list, "edges", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if ((long)list->n > L->lim->max_edges - s->world.n_edges)
        return loader_fail(L, list,
                           "%zu edges besides %d generated or imported, above the limit of %ld "
                           "(--limit edges)",
                           list->n, s->world.n_edges, L->lim->max_edges);
    for (size_t i = 0; i < list->n; i++) {
        const struct ytree *m = list->items[i], *fv, *tv, *yv, *v;
        enum tie_type type;
        double weight = DEFAULT_WEIGHT;
        int a, b, e;
        char wb[KEY_BUF];
        if (m->kind != YTREE_MAP)
            return loader_fail(L, m, "an edge must be a mapping (from, to, type, ...), not %s",
                               ytree_kind_name(m->kind));
        if ((rc = loader_check_keys(L, m, edge_keys, COUNT(edge_keys), "edge")) != DIAG_OK ||
            (rc = loader_need(L, m, "from", "edge", &fv)) != DIAG_OK ||
            (rc = loader_need(L, m, "to", "edge", &tv)) != DIAG_OK ||
            (rc = loader_need(L, m, "type", "edge", &yv)) != DIAG_OK ||
            (rc = loader_resolve_node(L, fv, "from", "edge", &a)) != DIAG_OK ||
            (rc = loader_resolve_node(L, tv, "to", "edge", &b)) != DIAG_OK)
            return rc;
        if (a == b)
            return loader_fail(L, tv, "self-loop: edge from '%s' to itself", s->ids[a]);
        if ((rc = loader_tie_type(L, yv, "type", &type)) != DIAG_OK ||
            (rc = loader_opt_real(L, m, "weight", LOADER_MIN_WEIGHT, 1, 0, &weight)) != DIAG_OK)
            return rc;
        const char *rule = loader_tie_source_rule(type, s->world.nodes[a].kind);
        if (rule)
            return loader_fail(L, fv, "%s; '%s' is %s %s", rule, s->ids[a],
                               loader_article(s->world.nodes[a].kind),
                               world_kind_name(s->world.nodes[a].kind));
        if ((e = world_find_tie(&s->world, a, b, type)) >= 0) {
            if (e < L->cap_ties && L->tie_at[e]) {
                loader_where(wb, sizeof wb, L->tie_at[e], m->file);
                return loader_fail(L, m, "duplicate %s edge between '%s' and '%s' (first at %s)",
                                   world_tie_name(type), s->ids[a], s->ids[b], wb);
            }
            return loader_fail(L, m,
                               "duplicate %s edge between '%s' and '%s' (already generated or "
                               "imported)",
                               world_tie_name(type), s->ids[a], s->ids[b]);
        }
        if ((v = loader_opt(m, "note")) != NULL && (rc = loader_want(L, v, "note", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if ((rc = sections_src(L, m)) != DIAG_OK)
            return rc;
        if ((rc = loader_grow_tie_at(L, s->world.n_edges + 1)) != DIAG_OK)
            return rc;
        if ((e = world_add_tie(&s->world, a, b, type, weight)) < 0)
            return loader_oom(L);
        L->tie_at[e] = m;
    }
    return DIAG_OK;
}

int network_check(struct loader *L)
{
    struct scenario *s = L->s;
    const struct ytree *net, *v;
    int rc;
    if ((rc = loader_need(L, L->root, "network", "the scenario", &net)) != DIAG_OK ||
        (rc = loader_want(L, net, "network", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(L, net, network_keys, COUNT(network_keys), "network")) != DIAG_OK)
        return rc;
    if ((v = loader_opt(net, "nodes")) != NULL && (rc = check_nodes(L, v)) != DIAG_OK)
        return rc;
    if ((v = loader_opt(net, "generate")) != NULL &&
        (rc = generate_check(L, loader_key(net, "generate"), v)) != DIAG_OK)
        return rc;
    if ((v = loader_opt(net, "import")) != NULL &&
        (rc = import_check(L, loader_key(net, "import"), v)) != DIAG_OK)
        return rc;
    if (s->world.n_nodes == 0)
        return loader_fail(L, net, "network has no nodes");
    if ((rc = check_node_refs(L)) != DIAG_OK)
        return rc;
    if ((v = loader_opt(net, "update")) != NULL && (rc = check_updates(L, v)) != DIAG_OK)
        return rc;
    if ((v = loader_opt(net, "edges")) != NULL && (rc = check_edges(L, v)) != DIAG_OK)
        return rc;
    return DIAG_OK;
}
