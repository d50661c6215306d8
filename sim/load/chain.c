/* sim/load/chain.c - reading a scenario with its extends chain, and applying --set.
 *
 * chain_load() reads the file and each parent it extends (relative paths are
 * relative to the file that names them), refusing cycles and chains longer
 * than --limit extends, then overlays each child on its parent: nodes merge
 * by id, edges by from/to/type, pressures and events append, other lists
 * replace, and
 * a parent's name is dropped. chain_apply_set() applies one --set KEY=VALUE
 * to the merged tree; its positions are columns of "KEY=VALUE" on line 1 of
 * the pseudo-file "--set", and sim/load/setpath.c walks its KEY. An
 * override that stands for an option (-n is monte_carlo.replicas) has no
 * such text: its errors name the option, and its nodes have the option as
 * their file, which scenario_load turns into "OPTION: MESSAGE" (scenario.h,
 * struct scenario_set).
 * Includes: sim/load/ytree.h, sim/load/loader.h, sim/load/setpath.h.
 */
#include "sim/load/chain.h"
#include "sim/load/setpath.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same_scalar(const struct ytree *a, const struct ytree *b, const char *key)
{
    const struct ytree *x = ytree_get(a, key), *y = ytree_get(b, key);
    if (!x || !y)
        return !x && !y;
    return x->kind == YTREE_SCALAR && y->kind == YTREE_SCALAR && !strcmp(x->text, y->text);
}

static int same_node(const struct ytree *a, const struct ytree *b)
{
    const struct ytree *x = ytree_get(a, "id"), *y = ytree_get(b, "id");
    return x && y && x->kind == YTREE_SCALAR && y->kind == YTREE_SCALAR && !strcmp(x->text, y->text);
}

/* Edges are the same tie when from, to and type agree, in either direction. */
static int same_edge(const struct ytree *a, const struct ytree *b)
{
    const struct ytree *af = ytree_get(a, "from"), *at = ytree_get(a, "to");
    const struct ytree *bf = ytree_get(b, "from"), *bt = ytree_get(b, "to");
    if (!af || !at || !bf || !bt || af->kind != YTREE_SCALAR || at->kind != YTREE_SCALAR ||
        bf->kind != YTREE_SCALAR || bt->kind != YTREE_SCALAR || !same_scalar(a, b, "type"))
        return 0;
    return (!strcmp(af->text, bf->text) && !strcmp(at->text, bt->text)) ||
           (!strcmp(af->text, bt->text) && !strcmp(at->text, bf->text));
}

static const struct ytree_merge_rule merge_rules[] = {
    {"network.nodes", YTREE_SEQ_BY_KEY, same_node},
    {"network.edges", YTREE_SEQ_BY_KEY, same_edge},
    {"pressures", YTREE_SEQ_APPEND, NULL},
    {"events", YTREE_SEQ_APPEND, NULL},
};

int chain_root_is_map(struct loader *L, const struct ytree *t, const char *file)
{
    if (!t)
        return diag_set(L->d, DIAG_INPUT, file, 1, 1, "the file holds no scenario (no YAML content)");
    if (t->kind != YTREE_MAP)
        return loader_fail(L, t, "a scenario must be a mapping of keys (name, time, network, ...), not %s",
                           ytree_kind_name(t->kind));
    return DIAG_OK;
}

/* Read path and its extends chain, and merge them into L->root. */
int chain_load(struct loader *L, const char *path)
{
    long cap = L->lim->max_extends + 1;
    struct ytree **trees = calloc((size_t)cap, sizeof *trees);
    char **real = calloc((size_t)cap, sizeof *real);
    const char **names = calloc((size_t)cap, sizeof *names);
    long n = 0;
    int rc = DIAG_OK;
    const char *name;
    const struct ytree *from = NULL; /* the extends value that named the file being read */
    if (!trees || !real || !names) {
        rc = loader_oom(L);
        goto cleanup;
    }
    if ((rc = loader_add_file(L, path, &name)) != DIAG_OK)
        goto cleanup;
    for (;;) {
        if ((rc = ytree_load(&trees[n], name, &L->ylim, &L->yaml_used, L->d)) != DIAG_OK) {
            /* a parent that cannot be read at all (a directory, a FIFO, too
             * large) is the fault of the line that names it */
            if (from && L->d->line == 0) {
                char msg[sizeof L->d->msg];
                snprintf(msg, sizeof msg, "%s", L->d->msg);
                rc = loader_fail(L, from, "cannot read extends file '%s': %s", name, msg);
            }
            goto cleanup;
        }
        names[n] = name;
        real[n] = realpath(name, NULL);
        n++;
        if ((rc = chain_root_is_map(L, trees[n - 1], name)) != DIAG_OK)
            goto cleanup;
        const struct ytree *ext = loader_opt(trees[n - 1], "extends");
        if (!ext)
            break;
        if ((rc = loader_want(L, ext, "extends", YTREE_SCALAR)) != DIAG_OK)
            goto cleanup;
        if (n >= cap) {
            rc = loader_fail(L, ext, "extends chain longer than %ld files (--limit extends)",
                             L->lim->max_extends);
            goto cleanup;
        }
        char *parent = loader_relative_path(name, ext->text);
        if (!parent) {
            rc = loader_oom(L);
            goto cleanup;
        }
        char *rp = realpath(parent, NULL);
        if (!rp) {
            rc = loader_fail(L, ext, "cannot read extends file '%s': %s", parent, strerror(errno));
            free(parent);
            goto cleanup;
        }
        for (long i = 0; i < n; i++) {
            if (real[i] && !strcmp(real[i], rp)) {
                char msg[sizeof L->d->msg];
                size_t len = (size_t)snprintf(msg, sizeof msg, "extends cycle: ");
                for (long j = i; j < n && len < sizeof msg; j++)
                    len += (size_t)snprintf(msg + len, sizeof msg - len, "%s -> ", names[j]);
                if (len < sizeof msg)
                    snprintf(msg + len, sizeof msg - len, "%s", names[i]);
                rc = loader_fail(L, ext, "%s", msg);
                free(rp);
                free(parent);
                goto cleanup;
            }
        }
        free(rp);
        from = ext;
        rc = loader_add_file(L, parent, &name);
        free(parent);
        if (rc != DIAG_OK)
            goto cleanup;
    }
    /* Overlay each child on its parent, from the root of the chain down. */
    L->root_at.file = trees[0]->file;
    L->root_at.line = trees[0]->line;
    L->root_at.col = trees[0]->col;
    L->root = trees[n - 1];
    trees[n - 1] = NULL;
    for (long i = n - 2; i >= 0; i--) {
        ytree_remove(L->root, "name"); /* a scenario's name is its own */
        rc = ytree_merge(&L->root, trees[i], merge_rules, COUNT(merge_rules), L->d);
        trees[i] = NULL;
        if (rc != DIAG_OK)
            goto cleanup;
    }
cleanup:
    for (long i = 0; i < n && trees; i++)
        ytree_free(trees[i]);
    for (long i = 0; i < n && real; i++)
        free(real[i]);
    free(trees);
    free(real);
    free(names);
    return rc;
}

int chain_apply_set(struct loader *L, const struct scenario_set *set)
{
    const char *key = set->key ? set->key : "", *value = set->value ? set->value : "";
    size_t klen = strlen(key);
    struct ytree *leaf = NULL;
    int rc;
    if (klen == 0)
        return diag_set(L->d, DIAG_INPUT, SETPATH_FILE, 1, 1,
                        "--set needs KEY=VALUE, e.g. "
                        "monte_carlo.replicas=500");
    /* the chain was read before any override: an extends set here would be ignored */
    if (!strcmp(key, "extends") || !strncmp(key, "extends.", 8))
        return diag_set(L->d, DIAG_INPUT, SETPATH_FILE, 1, 1,
                        "--set cannot change 'extends': the "
                        "files a scenario extends are read before the overrides (write a "
                        "scenario that extends the one you want)");
    /* an option's override: positions in text never typed would mislead */
    const char *file = set->option ? set->option : SETPATH_FILE;
    rc = ytree_parse(&leaf, value, strlen(value), file, 1, (int)klen + 2, &L->ylim, &L->yaml_used, L->d);
    if (rc != DIAG_OK)
        return rc;
    /* Every segment must be well formed ("a..b", ".a", "a." and "a[b" are
     * not keys) before anything is looked up. */
    L->set_option = set->option;
    if ((rc = setpath_check(L, key)) == DIAG_OK)
        /* The value replaces what is at KEY, a mapping too (docs/FORMAT.md):
         * it is put in place, not merged. */
        rc = setpath_apply(L, key, leaf);
    else
        ytree_free(leaf);
    L->set_option = NULL;
    return rc;
}
