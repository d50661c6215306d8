/* sim/engine/posterior.c - a calibration's posterior as each replica's parameters (sim/engine/posterior.h).
 *
 * posterior.csv is read through its declared schema (sim/output/schema.h):
 * once for the header (the factor keys after particle,weight), then the
 * declared columns with a window of factor columns at a time, as a sweep's
 * design.csv is read, every field checked by its type. The particles are
 * drawn before the run, one per replica, so that the runner's workers only
 * read.
 */
#include "sim/engine/posterior.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis/abc.h"
#include "sim/engine/rng.h"
#include "sim/output/atomicfile.h"
#include "sim/output/csvin.h"
#include "sim/output/meta.h"
#include "sim/output/schema.h"

/* Factor columns read in one pass: the others of a window are particle and weight. */
#define POSTERIOR_WINDOW (CSVIN_MAX_COLS - 2)

static int oom(struct diag *d)
{
    return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
}

void posterior_destroy(struct posterior *p)
{
    if (p->keys)
        for (size_t j = 0; j < p->k; j++)
            free(p->keys[j]);
    if (p->values)
        for (size_t i = 0; i < p->n * p->k; i++)
            free(p->values[i]);
    for (size_t a = 0; a < p->n_alts; a++) {
        free(p->alt_names ? p->alt_names[a] : NULL);
        if (p->alt_sets && p->alt_sets[a])
            for (int j = 0; j < p->alt_n_sets[a]; j++) {
                free((char *)p->alt_sets[a][j].key);
                free((char *)p->alt_sets[a][j].value);
                free((char *)p->alt_sets[a][j].option);
            }
        free(p->alt_sets ? p->alt_sets[a] : NULL);
    }
    free(p->alt_names);
    free(p->alt_sets);
    free(p->alt_n_sets);
    free(p->alt_of);
    free(p->keys);
    free(p->values);
    free(p->weight);
    free(p->line);
    free(p->col);
    free(p->dir);
    free(p->path);
    memset(p, 0, sizeof *p);
}

/* ---- reading posterior.csv ------------------------------------------------ */

struct reading {
    struct posterior *p;
    struct diag *d;
    size_t rows;   /* rows read in this pass */
    size_t c0, c1; /* the window of factor columns of this pass */
};

/* The header: particle, weight, then the factor keys (pass one). */
static int header(struct csvin_reader *r, const char *const *names, size_t n)
{
    struct reading *R = csvin_user(r);
    struct posterior *p = R->p;
    if (n < 2 || strcmp(names[0], "particle") || strcmp(names[1], "weight"))
        return csvin_fail_field(r, 0,
                                "the header must begin with particle,weight (as infnet calibrate writes it)");
    if (n == 2)
        return csvin_fail_field(r, 1, "no factor column after 'weight': there is nothing to draw");
    for (size_t i = 2; i < n; i++) {
        if (!*names[i])
            return csvin_fail_field(r, i, "empty column name (a factor's --set key)");
        if (!strcmp(names[i], "variant")) {
            if (i != n - 1)
                return csvin_fail_field(
                    r, i,
                    "column 'variant' (model choice) must be the last, as infnet calibrate "
                    "writes it");
            p->variant_col = (long)(i - 2);
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(names[i], names[j]))
                return csvin_fail_field(r, i, "column '%s' appears twice", names[i]);
    }
    p->k = n - 2;
    if (!(p->keys = calloc(p->k, sizeof *p->keys)))
        return oom(R->d);
    for (size_t j = 0; j < p->k; j++)
        if (!(p->keys[j] = strdup(names[2 + j])))
            return oom(R->d);
    return DIAG_OK;
}

static int count_row(struct csvin_reader *r, const char *const *v)
{
    struct reading *R = csvin_user(r);
    (void)v;
    R->rows++;
    return DIAG_OK;
}

/* A row of one window: particle, weight, factor keys c0 .. c1. */
static int window_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct reading *R = schema_user(r);
    struct posterior *p = R->p;
    size_t i = R->rows++;
    if (i >= p->n)
        return csvin_fail(r, 0, "more particles than when the file was first read (it changed)");
    if (R->c0 == 0) {
        if (v[0].whole != (long)i)
            return csvin_fail(r, 0,
                              "particle %ld where particle %zu was expected (particles are numbered 0, 1, "
                              "... in order)",
                              v[0].whole, i);
        if (!isfinite(v[1].number))
            return csvin_fail(r, 1, "weight '%s' is not a finite number", v[1].text);
        if (v[1].number < 0)
            return csvin_fail(r, 1, "weight %s is negative", v[1].text);
        p->weight[i] = v[1].number;
        p->line[i] = csvin_line(r);
    }
    for (size_t j = R->c0; j < R->c1; j++) {
        size_t c = 2 + j - R->c0;
        if (!(p->values[i * p->k + j] = strdup(v[c].text)))
            return oom(R->d);
        p->col[i * p->k + j] = csvin_column(r, c);
    }
    return DIAG_OK;
}

/* The file given, or a refusal that names --posterior when it cannot be opened. */
static int check_exists(const struct posterior *p, struct diag *d)
{
    FILE *f = fopen(p->path, "rb");
    if (f) {
        fclose(f);
        return DIAG_OK;
    }
    int e = errno;
    return diag_set(d, e == ENOENT || e == ENOTDIR ? DIAG_INPUT : DIAG_RUNTIME, NULL, 0, 0,
                    "--posterior: cannot read '%s': %s (DIR must be an output directory of infnet calibrate)",
                    p->path, strerror(e));
}

/* The alternatives of a model choice, from DIR/meta.json, and each
 * particle's among them. */
static int read_alternatives(struct posterior *p, struct diag *d)
{
    char *path = atomicfile_pathf("%s/meta.json", p->dir);
    if (!path)
        return oom(d);
    FILE *f = fopen(path, "rb");
    int rc = DIAG_OK;
    if (!f) {
        int e = errno;
        rc = diag_set(d, e == ENOENT || e == ENOTDIR ? DIAG_INPUT : DIAG_RUNTIME, NULL, 0, 0,
                      "--posterior: cannot read '%s': %s (posterior.csv has a 'variant' column: the "
                      "alternatives are read from there)",
                      path, strerror(e));
    } else
        fclose(f);
    if (!rc)
        rc = meta_sha256_file(path, p->meta_sha256, d);
    json_error_t err;
    json_t *root = rc ? NULL : json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!rc && !root)
        rc = diag_set(d, DIAG_INPUT, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                      "%s (posterior.csv has a 'variant' column: the alternatives are read from there)",
                      err.text);
    json_t *alts = root ? json_object_get(root, "alternatives") : NULL;
    if (!rc && (!json_is_object(alts) || json_object_size(alts) < 2))
        rc = diag_set(d, DIAG_INPUT, path, 0, 0,
                      "no \"alternatives\" object of two or more variants, which posterior.csv's 'variant' "
                      "column needs (it is written by infnet calibrate under model choice)");
    if (!rc) {
        p->n_alts = json_object_size(alts);
        p->alt_names = calloc(p->n_alts, sizeof *p->alt_names);
        p->alt_sets = calloc(p->n_alts, sizeof *p->alt_sets);
        p->alt_n_sets = calloc(p->n_alts, sizeof *p->alt_n_sets);
        p->alt_of = calloc(p->n, sizeof *p->alt_of);
        if (!p->alt_names || !p->alt_sets || !p->alt_n_sets || !p->alt_of)
            rc = oom(d);
    }
    size_t a = 0;
    const char *name;
    json_t *sets;
    if (!rc)
        json_object_foreach(alts, name, sets)
        {
            if (!json_is_object(sets)) {
                rc = diag_set(d, DIAG_INPUT, path, 0, 0,
                              "alternative '%s' is not an object of --set overrides", name);
                break;
            }
            if (!(p->alt_names[a] = strdup(name)) ||
                (json_object_size(sets) &&
                 !(p->alt_sets[a] = calloc(json_object_size(sets), sizeof *p->alt_sets[a])))) {
                rc = oom(d);
                break;
            }
            const char *key;
            json_t *v;
            json_object_foreach(sets, key, v)
            {
                if (!json_is_string(v)) {
                    rc = diag_set(d, DIAG_INPUT, path, 0, 0,
                                  "alternative '%s': the value of '%s' is not a string", name, key);
                    break;
                }
                struct scenario_set *o = &p->alt_sets[a][p->alt_n_sets[a]++];
                o->key = strdup(key);
                o->value = strdup(json_string_value(v));
                o->option = atomicfile_pathf("%s: alternative %s", path, name);
                if (!o->key || !o->value || !o->option) {
                    rc = oom(d);
                    break;
                }
            }
            a++;
            if (rc)
                break;
        }
    for (size_t i = 0; !rc && i < p->n; i++) {
        const char *v = p->values[i * p->k + (size_t)p->variant_col];
        size_t b = 0;
        while (b < p->n_alts && strcmp(p->alt_names[b], v))
            b++;
        if (b == p->n_alts)
            rc = diag_set(d, DIAG_INPUT, p->path, (int)p->line[i], p->col[i * p->k + (size_t)p->variant_col],
                          "particle %zu: variant '%s' is not among the alternatives of '%s'", i, v, path);
        else
            p->alt_of[i] = b;
    }
    json_decref(root);
    free(path);
    return rc;
}

int posterior_read(struct posterior *p, const char *dir, struct diag *d)
{
    memset(p, 0, sizeof *p);
    p->variant_col = -1;
    p->dir = strdup(dir);
    p->path = atomicfile_pathf("%s/posterior.csv", dir);
    if (!p->dir || !p->path) {
        posterior_destroy(p);
        return oom(d);
    }
    int rc = check_exists(p, d);
    if (!rc)
        rc = meta_sha256_file(p->path, p->sha256, d);
    struct reading R = {.p = p, .d = d};
    if (!rc) {
        static const char *const want[] = {"particle", "weight"};
        const struct csvin_options opt = {.on_header = header, .keep_spaces = 1};
        rc = csvin_read_opt(p->path, want, 2, 2, &opt, count_row, &R, d);
    }
    if (!rc && R.rows == 0)
        rc = diag_set(d, DIAG_INPUT, p->path, 0, 0, "no particles (the file has a header only)");
    if (!rc) {
        p->n = R.rows;
        p->weight = calloc(p->n, sizeof *p->weight);
        p->line = calloc(p->n, sizeof *p->line);
        p->values = calloc(p->n * p->k, sizeof *p->values);
        p->col = calloc(p->n * p->k, sizeof *p->col);
        if (!p->weight || !p->line || !p->values || !p->col)
            rc = oom(d);
    }
    struct schema_column cols[CSVIN_MAX_COLS];
    cols[0] = (struct schema_column){"particle", SCHEMA_COUNT};
    cols[1] = (struct schema_column){"weight", SCHEMA_NUMBER};
    for (R.c0 = 0; !rc && R.c0 < p->k; R.c0 = R.c1) {
        R.c1 = R.c0 + POSTERIOR_WINDOW < p->k ? R.c0 + POSTERIOR_WINDOW : p->k;
        for (size_t j = R.c0; j < R.c1; j++)
            cols[2 + j - R.c0] = (struct schema_column){p->keys[j], SCHEMA_NAME};
        struct schema table = {.file = "posterior.csv",
                               .cols = cols,
                               .n_cols = 2 + R.c1 - R.c0,
                               .n_required = 2 + R.c1 - R.c0,
                               .window = 1};
        R.rows = 0;
        rc = schema_read(p->path, &table, window_row, &R, d);
        if (!rc && R.rows != p->n)
            rc = diag_set(d, DIAG_INPUT, p->path, 0, 0,
                          "%zu particles where the file first had %zu (it changed)", R.rows, p->n);
    }
    if (!rc && p->variant_col >= 0)
        rc = read_alternatives(p, d);
    if (!rc) {
        double total = 0;
        for (size_t i = 0; i < p->n; i++)
            total += p->weight[i];
        if (!(total > 0))
            rc = diag_set(d, DIAG_INPUT, p->path, 0, 0, "the weights sum to 0: no particle can be drawn");
        else if (!isfinite(total))
            rc = diag_set(d, DIAG_INPUT, p->path, 0, 0, "the weights sum to more than a double holds");
    }
    if (rc)
        posterior_destroy(p);
    return rc;
}

/* ---- one scenario's variants ----------------------------------------------- */

void posterior_variants_destroy(struct posterior_variants *v)
{
    for (size_t i = 0; i < v->n_loaded; i++)
        scenario_destroy(&v->sc[i]);
    free(v->sc);
    free(v->pick);
    memset(v, 0, sizeof *v);
}

const struct scenario *posterior_variant(void *ctx, long r)
{
    const struct posterior_variants *v = ctx;
    return &v->sc[v->pick[r]];
}

static int same_ints(const int *a, const int *b, int n)
{
    return n == 0 || !memcmp(a, b, (size_t)n * sizeof *a);
}

/* What of base's shape the variant s does not have, or NULL. */
static const char *shape_difference(const struct scenario *base, const struct scenario *s)
{
    if (s->world.n_nodes != base->world.n_nodes)
        return "the number of nodes";
    for (int i = 0; i < s->world.n_nodes; i++)
        if (strcmp(s->ids[i], base->ids[i]))
            return "the node ids";
    if (s->steps != base->steps)
        return "the steps";
    if (s->every != base->every)
        return "the recorded steps (outputs.every)";
    if (s->n_node_steps != base->n_node_steps || !same_ints(s->node_steps, base->node_steps, s->n_node_steps))
        return "the node steps (outputs.node_steps)";
    if (s->n_snapshots != base->n_snapshots || !same_ints(s->snapshots, base->snapshots, s->n_snapshots))
        return "the snapshots (outputs.snapshots)";
    if (s->measure.metrics != base->measure.metrics)
        return "the metrics (outputs.metrics)";
    if (s->measure.node_metrics != base->measure.node_metrics)
        return "the node measures (outputs.node_metrics)";
    if (s->replicas != base->replicas)
        return "the replicas (monte_carlo.replicas)";
    if (s->seed != base->seed)
        return "the seed (monte_carlo.seed)";
    return NULL;
}

/* A refusal of particle i's override j, which scenario_load reports as
 * "WHERE: MESSAGE" (the override's option): the value's place in
 * posterior.csv as the location, the particle and column in the message. */
static void locate(const struct posterior *p, size_t i, char *const *where, struct diag *d)
{
    for (size_t j = 0; j < p->k; j++) {
        if (!where[j])
            continue;
        size_t n = strlen(where[j]);
        if (d->file[0] || strncmp(d->msg, where[j], n) || strncmp(d->msg + n, ": ", 2))
            continue;
        char msg[sizeof d->msg];
        snprintf(msg, sizeof msg, "%s", d->msg + n + 2);
        diag_set(d, d->code, p->path, (int)p->line[i], p->col[i * p->k + j], "particle %zu, column '%s': %s",
                 i, p->keys[j], msg);
        return;
    }
    if (d->file[0]) {
        /* a refusal located in the scenario's files: say which particle led there */
        char msg[sizeof d->msg + 1024];
        snprintf(msg, sizeof msg, "with particle %zu of '%s' (line %ld): %s", i, p->path, p->line[i], d->msg);
        size_t len = strlen(msg);
        if (len >= sizeof d->msg)
            len = sizeof d->msg - 1;
        memcpy(d->msg, msg, len);
        d->msg[len] = '\0';
    }
}

/* Load particle i's variant into s: sets, then the particle's values, each
 * override named by its place in posterior.csv. */
static int load_variant(const struct posterior *p, size_t i, const struct scenario *base,
                        const struct scenario_set *sets, int n_sets, const struct scenario_limits *lim,
                        struct scenario_set *all, char **where, struct scenario *s, struct diag *d)
{
    int rc = DIAG_OK, n = n_sets;
    memcpy(all, sets, (size_t)n_sets * sizeof *all);
    if (p->variant_col >= 0) {
        size_t a = p->alt_of[i];
        for (int j = 0; j < p->alt_n_sets[a]; j++)
            all[n++] = p->alt_sets[a][j];
    }
    for (size_t j = 0; j < p->k; j++) {
        if ((long)j == p->variant_col)
            continue;
        where[j] = atomicfile_pathf("%s:%ld:%d", p->path, p->line[i], p->col[i * p->k + j]);
        if (!where[j])
            rc = oom(d);
        all[n++] =
            (struct scenario_set){.key = p->keys[j], .value = p->values[i * p->k + j], .option = where[j]};
    }
    if (!rc) {
        rc = scenario_load(s, base->path, all, n, lim, d);
        if (rc == DIAG_INPUT)
            locate(p, i, where, d);
    }
    for (size_t j = 0; j < p->k; j++) {
        free(where[j]);
        where[j] = NULL;
    }
    return rc;
}

int posterior_variants_load(struct posterior_variants *v, const struct posterior *p,
                            const struct scenario *base, const struct scenario_set *sets, int n_sets,
                            const struct scenario_limits *lim, const volatile sig_atomic_t *stop,
                            struct diag *d)
{
    memset(v, 0, sizeof *v);
    v->replicas = base->replicas;
    v->sc = calloc(p->n, sizeof *v->sc);
    v->pick = calloc((size_t)base->replicas + 1, sizeof *v->pick);
    size_t most = 0; /* the most overrides of one alternative */
    for (size_t a = 0; a < p->n_alts; a++)
        if ((size_t)p->alt_n_sets[a] > most)
            most = (size_t)p->alt_n_sets[a];
    struct scenario_set *all = calloc((size_t)n_sets + p->k + most, sizeof *all);
    char **where = calloc(p->k, sizeof *where);
    int rc = v->sc && v->pick && all && where ? DIAG_OK : oom(d);
    for (size_t i = 0; !rc && i < p->n; i++) {
        if (stop && *stop) {
            rc = diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0,
                          "interrupted while loading particle %zu of %zu of '%s' for scenario '%s'", i, p->n,
                          p->path, base->name);
            break;
        }
        rc = load_variant(p, i, base, sets, n_sets, lim, all, where, &v->sc[i], d);
        if (rc)
            break;
        v->n_loaded++;
        const char *what = shape_difference(base, &v->sc[i]);
        if (what)
            rc = diag_set(d, DIAG_INPUT, p->path, (int)p->line[i], 1,
                          "particle %zu changes %s of scenario '%s' (a posterior may set parameters only, "
                          "not what the run records)",
                          i, what, base->name);
    }
    free(all);
    free(where);
    /* every replica's particle, from its own stream */
    struct rng_stream rs;
    char *key = rc ? NULL : atomicfile_pathf("posterior\n%s", base->name);
    if (!rc && (!key || rng_stream_init(&rs)))
        rc = oom(d);
    else if (!rc) {
        for (long r = 0; r < base->replicas; r++) {
            rng_stream_seed_with(&rs, rng_stream_seed(base->seed, key, (uint64_t)r));
            v->pick[r] = (int)abc_draw_index(p->weight, p->n, rs.gsl);
        }
        rng_stream_destroy(&rs);
    }
    free(key);
    if (rc)
        posterior_variants_destroy(v);
    return rc;
}

json_t *posterior_meta(const struct posterior *p)
{
    json_t *o = json_object(), *keys = json_array();
    if (!o || !keys) {
        json_decref(o);
        json_decref(keys);
        return NULL;
    }
    for (size_t j = 0; j < p->k; j++)
        json_array_append_new(keys, json_string(p->keys[j]));
    json_object_set_new(o, "directory", json_string(p->dir));
    json_object_set_new(o, "sha256", json_string(p->sha256));
    json_object_set_new(o, "particles", json_integer((json_int_t)p->n));
    json_object_set_new(o, "keys", keys);
    if (p->variant_col >= 0) {
        json_object_set_new(o, "meta_sha256", json_string(p->meta_sha256));
        json_object_set_new(o, "variants", json_integer((json_int_t)p->n_alts));
    }
    return o;
}
