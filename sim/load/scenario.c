/* sim/load/scenario.c - scenario_load(): the stages of loading, and the public helpers.
 *
 * scenario_load() works in four stages:
 *  1. read the file and its `extends` chain, overlaid into one YAML tree
 *     (sim/load/chain.c);
 *  2. apply the --set overrides to the merged tree (sim/load/chain.c);
 *  3. validate the tree section by section, building the scenario as it goes:
 *     the scalar sections (sim/load/sections.c), the network: YAML nodes,
 *     then generated, then imported nodes and ties, then the YAML edges
 *     (sim/load/network.c, generate.c, import.c), then events, pressures
 *     and outputs;
 *  4. give the factions their spawn slots and default patrons
 *     (sim/load/slots.c) and seal the world.
 * Every refusal is DIAG_INPUT located at the YAML node at fault (the import
 * key for a bad import file, whose message names that file and line);
 * DIAG_RUNTIME only for memory and read failures of readable files.
 * Invariants while loading: s->ids/s->labels have one entry per world node
 * (NULL until set) and the id map indexes every id given so far.
 * Ownership: the scenario owns every string and array in it; the loader's
 * trees and maps are freed before scenario_load() returns.
 * Includes: models/ (world, params, pressure), the other sim/load/ modules.
 */
#include "sim/load/scenario.h"

#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sim/load/chain.h"
#include "sim/load/events.h"
#include "sim/load/ledger.h"
#include "sim/load/loader.h"
#include "sim/load/import.h"
#include "sim/load/network.h"
#include "sim/load/outputs.h"
#include "sim/load/pressures.h"
#include "sim/load/sections.h"
#include "sim/load/setpath.h"
#include "sim/load/slots.h"

/* Default limits (docs/FORMAT.md, "Limits"): generous for real studies, small
 * enough that a mistaken or hostile file is refused before it exhausts a
 * workstation's memory. */
#define LIMIT_NODES 2000000L
#define LIMIT_EDGES 20000000L
#define LIMIT_STEPS 100000L
#define LIMIT_REPLICAS 100000000L
#define LIMIT_YAML_NODES 1000000L
#define LIMIT_DEPTH 64L
#define LIMIT_FILE_BYTES (256L * 1024 * 1024)
#define LIMIT_EXTENDS 16L
#define LIMIT_NODE_CELLS 20000000L

static const char *const top_keys[] = {"name",      "description", "extends", "sources",
                                       "time",      "monte_carlo", "model",   "network",
                                       "pressures", "events",      "outputs"};

void scenario_limits_default(struct scenario_limits *lim)
{
    lim->max_nodes = LIMIT_NODES;
    lim->max_edges = LIMIT_EDGES;
    lim->max_steps = LIMIT_STEPS;
    lim->max_replicas = LIMIT_REPLICAS;
    lim->max_yaml_nodes = LIMIT_YAML_NODES;
    lim->max_depth = LIMIT_DEPTH;
    lim->max_file_bytes = LIMIT_FILE_BYTES;
    lim->max_extends = LIMIT_EXTENDS;
    lim->max_node_cells = LIMIT_NODE_CELLS;
}

/* The limits by name (--limit NAME=N). Upper bounds: node, tie and step
 * indices are ints (steps + 1 must fit too); nesting is bounded by the YAML
 * reader's recursion cap. */
static const struct {
    const char *name;
    size_t offset;
    long max;
} limit_rows[] = {
    {"nodes", offsetof(struct scenario_limits, max_nodes), INT_MAX},
    {"edges", offsetof(struct scenario_limits, max_edges), INT_MAX},
    {"steps", offsetof(struct scenario_limits, max_steps), INT_MAX - 1},
    {"replicas", offsetof(struct scenario_limits, max_replicas), LONG_MAX},
    {"yaml-nodes", offsetof(struct scenario_limits, max_yaml_nodes), LONG_MAX / 2},
    {"depth", offsetof(struct scenario_limits, max_depth), YTREE_MAX_DEPTH},
    {"file-bytes", offsetof(struct scenario_limits, max_file_bytes), LONG_MAX / 2},
    {"extends", offsetof(struct scenario_limits, max_extends), INT_MAX / 2},
    {"node-cells", offsetof(struct scenario_limits, max_node_cells), LONG_MAX / 2},
};

long scenario_limits_get(const struct scenario_limits *lim, const char *name)
{
    for (size_t i = 0; name && i < COUNT(limit_rows); i++)
        if (strcmp(limit_rows[i].name, name) == 0)
            return *(const long *)(const void *)((const char *)lim + limit_rows[i].offset);
    return -1;
}

int scenario_limits_set(struct scenario_limits *lim, const char *name, const char *value)
{
    long x = 0;
    if (!name || !value || loader_parse_long(value, &x) != 0 || *value == '+' || *value == '-' || x < 1)
        return -1;
    for (size_t i = 0; i < COUNT(limit_rows); i++) {
        if (strcmp(limit_rows[i].name, name) != 0)
            continue;
        if (x > limit_rows[i].max)
            return -1;
        *(long *)(void *)((char *)lim + limit_rows[i].offset) = x;
        return 0;
    }
    return -1;
}

void scenario_destroy(struct scenario *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->description);
    free(s->path);
    for (int i = 0; i < s->n_files; i++)
        free(s->files[i]);
    free(s->files);
    for (int i = 0; i < s->n_sources; i++) {
        free(s->sources[i].key);
        free(s->sources[i].title);
        free(s->sources[i].outlet);
        free(s->sources[i].date);
        free(s->sources[i].url);
    }
    free(s->sources);
    free(s->unit);
    free(s->start);
    free(s->notes);
    if (s->ids)
        for (int i = 0; i < s->world.n_nodes; i++)
            free(s->ids[i]);
    if (s->labels)
        for (int i = 0; i < s->world.n_nodes; i++)
            free(s->labels[i]);
    free(s->ids);
    free(s->labels);
    world_destroy(&s->world);
    for (int i = 0; i < s->n_pressures; i++)
        free(s->pressures[i].targets);
    free(s->pressures);
    for (int i = 0; i < s->n_events; i++)
        free(s->events[i].changes);
    free(s->events);
    free(s->snapshots);
    free(s->node_steps);
    memset(s, 0, sizeof *s);
}

static int validate(struct loader *L, struct assumption_list *list)
{
    struct scenario *s = L->s;
    const char *text = "";
    int rc;
    if ((rc = chain_root_is_map(L, L->root, s->path)) != DIAG_OK ||
        (rc = loader_check_keys(L, L->root, top_keys, COUNT(top_keys), "scenario")) != DIAG_OK ||
        (rc = sections_name(L)) != DIAG_OK ||
        (rc = loader_opt_string(L, L->root, "description", &text)) != DIAG_OK ||
        (rc = loader_set_string(L, &s->description, text)) != DIAG_OK)
        return rc;
    const struct ytree *ext = loader_opt(L->root, "extends");
    if (ext && (rc = loader_want(L, ext, "extends", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if ((rc = sections_sources(L)) != DIAG_OK || (rc = sections_time(L)) != DIAG_OK ||
        (rc = sections_monte_carlo(L)) != DIAG_OK || (rc = sections_model(L)) != DIAG_OK ||
        (rc = network_check(L)) != DIAG_OK || (rc = events_check(L)) != DIAG_OK ||
        (rc = pressures_check(L)) != DIAG_OK || (rc = outputs_check(L)) != DIAG_OK)
        return rc;
    slots_default_patrons(&s->world);
    if ((rc = slots_reserve(L)) != DIAG_OK)
        return rc;
    world_seal(&s->world);
    if ((rc = outputs_check_cells(L)) != DIAG_OK)
        return rc;
    return ledger_build(L, list);
}

/* An error located in an override that stands for a command-line option
 * (its nodes have the option as their file) names the option instead:
 * "infnet: error: -n/--replicas: MESSAGE". */
static void name_option(struct diag *d, const struct scenario_set *sets, int n_sets)
{
    for (int i = 0; i < n_sets; i++) {
        if (!sets[i].option || strcmp(d->file, sets[i].option) != 0)
            continue;
        char msg[sizeof d->msg];
        snprintf(msg, sizeof msg, "%s", d->msg);
        diag_set(d, d->code, NULL, 0, 0, "%s: %s", sets[i].option, msg);
        return;
    }
}

/* The body shared by scenario_load and scenario_load_network: path is a
 * scenario file, or (text != NULL) the YAML text of a synthetic scenario
 * whose positions are reported in `path`. */
static int load_common(struct scenario *s, const char *path, const char *text,
                       const struct scenario_set *sets, int n_sets, const struct scenario_limits *lim,
                       const struct scenario_network_options *netopt, struct assumption_list *list,
                       struct diag *d)
{
    struct loader L;
    int rc;
    memset(s, 0, sizeof *s);
    world_init(&s->world);
    memset(&L, 0, sizeof L);
    L.s = s;
    L.lim = lim;
    L.d = d;
    L.bare = text != NULL;
    L.netopt = netopt;
    L.ylim.max_bytes = lim->max_file_bytes;
    L.ylim.max_depth = lim->max_depth;
    L.ylim.max_nodes = lim->max_yaml_nodes;
    if (!(s->path = strdup(path))) {
        rc = diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory loading the scenario");
        goto cleanup;
    }
    if (text)
        rc = ytree_parse(&L.root, text, strlen(text), s->path, 1, 1, &L.ylim, &L.yaml_used, d);
    else
        rc = chain_load(&L, path);
    if (rc != DIAG_OK)
        goto cleanup;
    for (int i = 0; i < n_sets; i++)
        if ((rc = chain_apply_set(&L, &sets[i])) != DIAG_OK)
            goto cleanup;
    rc = validate(&L, list);
cleanup:
    if (rc != DIAG_OK)
        name_option(d, sets, n_sets);
    ytree_free(L.root);
    idmap_destroy(&L.ids);
    idmap_destroy(&L.sources);
    free(L.node_at);
    free(L.tie_at);
    if (rc != DIAG_OK)
        scenario_destroy(s);
    return rc;
}

int scenario_load(struct scenario *s, const char *path, const struct scenario_set *sets, int n_sets,
                  const struct scenario_limits *lim, struct diag *d)
{
    return load_common(s, path, NULL, sets, n_sets, lim, NULL, NULL, d);
}

int scenario_load_assumptions(struct scenario *s, const char *path, const struct scenario_set *sets,
                              int n_sets, const struct scenario_limits *lim, struct assumption_list *list,
                              struct diag *d)
{
    return load_common(s, path, NULL, sets, n_sets, lim, NULL, list, d);
}

int scenario_set_place(const char *path, const char *key, const struct scenario_limits *lim, char **out,
                       struct diag *d)
{
    struct scenario s;
    struct loader L;
    memset(&s, 0, sizeof s);
    world_init(&s.world);
    memset(&L, 0, sizeof L);
    L.s = &s;
    L.lim = lim;
    L.d = d;
    L.ylim.max_bytes = lim->max_file_bytes;
    L.ylim.max_depth = lim->max_depth;
    L.ylim.max_nodes = lim->max_yaml_nodes;
    *out = NULL;
    int rc = (s.path = strdup(path))
                 ? DIAG_OK
                 : diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory loading the scenario");
    if (rc == DIAG_OK)
        rc = chain_load(&L, path);
    if (rc == DIAG_OK)
        rc = setpath_check(&L, key);
    if (rc == DIAG_OK)
        rc = setpath_resolve(&L, key, out);
    ytree_free(L.root);
    idmap_destroy(&L.ids);
    idmap_destroy(&L.sources);
    free(L.node_at);
    free(L.tie_at);
    scenario_destroy(&s);
    return rc;
}

int scenario_is_network_file(const char *path)
{
    return import_format_of(path) >= 0;
}

/* The options' values: each one of its list, else refused naming the option. */
static int check_network_options(const struct scenario_network_options *o, struct diag *d)
{
    static const char *const ways[] = {"given", "normalize", "counts"};
    enum node_kind k;
    if (!o)
        return DIAG_OK;
    if (o->format && loader_in_list(o->format, import_formats, FORMAT_COUNT) < 0)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "--format: unknown format '%s' (use %s)", o->format,
                        IMPORT_FORMAT_LIST);
    if (o->weights_as && loader_in_list(o->weights_as, ways, COUNT(ways)) < 0)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0,
                        "--weights-as: unknown way '%s' (use given, normalize or counts)", o->weights_as);
    if (o->default_kind && import_kind_parse(o->default_kind, &k) != 0)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0,
                        "--default-kind: unknown kind '%s' (use agency, leader, faction or institution)",
                        o->default_kind);
    return DIAG_OK;
}

int scenario_load_network(struct scenario *s, const char *path, const struct scenario_network_options *opt,
                          const struct scenario_limits *lim, struct diag *d)
{
    int crc = check_network_options(opt, d);
    if (crc != DIAG_OK) {
        memset(s, 0, sizeof *s);
        world_init(&s->world);
        return crc;
    }
    /* name: the file's base name without extension, reduced to [a-z0-9_-] */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[NAME_MAX_LEN + 1];
    size_t n = 0;
    for (const char *c = base; *c && *c != '.' && n < NAME_MAX_LEN; c++) {
        char ch = (char)tolower((unsigned char)*c);
        name[n++] = (isalnum((unsigned char)ch) || ch == '-' || ch == '_') ? ch : '-';
    }
    if (n == 0)
        name[n++] = 'n';
    name[n] = '\0';
    /* the import names the file relative to itself: dir(path) + base = path */
    size_t cap = 2 * strlen(base) + sizeof name + 128;
    char *text = malloc(cap), *q;
    if (!text)
        return diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory");
    q = text + snprintf(text, cap,
                        "name: %s\ntime: {steps: 1}\nmonte_carlo: {replicas: 1}\n"
                        "model: {dynamics: false}\nnetwork: {import: '",
                        name);
    for (const char *c = base; *c; c++) {
        if (*c == '\'')
            *q++ = '\'';
        *q++ = *c;
    }
    strcpy(q, "'}\noutputs: {node_steps: none}\n");
    int rc = load_common(s, path, text, NULL, 0, lim, opt, NULL, d);
    free(text);
    return rc;
}

int scenario_node_index(const struct scenario *s, const char *id)
{
    for (int i = 0; i < s->world.n_nodes; i++)
        if (s->ids[i] && !strcmp(s->ids[i], id))
            return i;
    return -1;
}

int scenario_records(const struct scenario *s, int t)
{
    return (s->every > 0 && t % s->every == 0) || t == s->steps;
}

/* The structural variants (docs/MODEL.md, "Structural variants") that
 * differ from the defaults, as " (structure: ...)"; nothing when none does. */
static void print_structure(const struct model_params *p, FILE *out)
{
    struct model_params d;
    params_default(&d);
    int n = 0;
    if (p->directives.coordinated != d.directives.coordinated)
        fprintf(out, "%scoordinated directives", n++ ? ", " : " (structure: ");
    if (p->institutions.binding != d.institutions.binding)
        fprintf(out, "%sinstitutions bind %g", n++ ? ", " : " (structure: ", p->institutions.binding);
    if (p->sanctions.dependence != d.sanctions.dependence)
        fprintf(out, "%ssanctions dependence %g", n++ ? ", " : " (structure: ", p->sanctions.dependence);
    if (p->fronts.actors != d.fronts.actors)
        fprintf(out, "%sfronts as actors", n++ ? ", " : " (structure: ");
    if (p->alignment.reach != d.alignment.reach)
        fprintf(out, "%sreach %s", n++ ? ", " : " (structure: ",
                params_level_name(params_find("alignment.reach"), p->alignment.reach));
    if (n)
        fprintf(out, ")");
}

static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void scenario_describe(const struct scenario *s, FILE *out)
{
    const struct world *w = &s->world;
    int kinds[KIND_COUNT] = {0}, types[TIE_COUNT] = {0}, sep = 0;
    int base = w->n_base ? w->n_base : w->n_nodes;
    for (int i = 0; i < base; i++)
        kinds[w->nodes[i].kind]++;
    for (int e = 0; e < w->n_edges; e++)
        types[w->edges[e].type]++;
    fprintf(out, "scenario %s: %d %s (", s->name, base, plural(base, "node", "nodes"));
    for (int k = 0; k < KIND_COUNT; k++)
        if (kinds[k]) {
            fprintf(out, "%s%d %s", sep++ ? ", " : "", kinds[k], world_kind_name((enum node_kind)k));
        }
    fprintf(out, ")");
    if (w->n_nodes > base)
        fprintf(out, " and %d spawn %s", w->n_nodes - base, plural(w->n_nodes - base, "slot", "slots"));
    fprintf(out, ", %d %s", w->n_edges, plural(w->n_edges, "tie", "ties"));
    if (w->n_edges) {
        fprintf(out, " (");
        sep = 0;
        for (int t = 0; t < TIE_COUNT; t++)
            if (types[t])
                fprintf(out, "%s%d %s", sep++ ? ", " : "", types[t], world_tie_name((enum tie_type)t));
        fprintf(out, ")");
    }
    fprintf(out, ", %d %s", s->n_pressures, plural(s->n_pressures, "pressure", "pressures"));
    if (s->n_pressures) {
        fprintf(out, " (");
        for (int i = 0; i < s->n_pressures; i++) {
            const struct pressure *p = &s->pressures[i];
            if (p->from == p->to)
                fprintf(out, "%s%s at %d", i ? ", " : "", pressure_type_name(p->type), p->from);
            else
                fprintf(out, "%s%s %d..%d", i ? ", " : "", pressure_type_name(p->type), p->from, p->to);
        }
        fprintf(out, ")");
    }
    if (s->n_events) {
        int by_kind[3] = {0};
        for (int i = 0; i < s->n_events; i++)
            by_kind[s->events[i].kind]++;
        fprintf(out, ", %d %s (", s->n_events, plural(s->n_events, "event", "events"));
        sep = 0;
        for (int k = 0; k < 3; k++)
            if (by_kind[k])
                fprintf(out, "%s%d %s", sep++ ? ", " : "", by_kind[k], event_kind_name((enum event_kind)k));
        int first = s->events[0].step, last = s->events[s->n_events - 1].step;
        if (first == last)
            fprintf(out, "; step %d)", first);
        else
            fprintf(out, "; steps %d to %d)", first, last);
    }
    fprintf(out, ", %d %s", s->steps, plural(s->steps, "step", "steps"));
    if (s->start && *s->start)
        fprintf(out, " (%s from %s)", s->unit, s->start);
    else if (s->unit && strcmp(s->unit, "step") != 0)
        fprintf(out, " (%s)", s->unit);
    fprintf(out, ", %ld %s, seed %llu, dynamics %s", s->replicas, plural(s->replicas, "replica", "replicas"),
            (unsigned long long)s->seed, s->params.dynamics ? "on" : "off");
    print_structure(&s->params, out);
    fprintf(out, "\n");
}

void scenario_list_pressures(const struct scenario *s, FILE *out)
{
    for (int k = 0; k < s->n_pressures; k++) {
        const struct pressure *p = &s->pressures[k];
        fprintf(out, "%d %s %d %d %s\n", k, pressure_type_name(p->type), p->from, p->to,
                pressure_select_name(p->select));
    }
}
