/* sim/sweep/experiment.c - reading and validating an experiment file; design coordinates to --set values.
 *
 * experiment_load() works in order: the top-level keys; the scenarios, each
 * loaded once unchanged (its own errors pass through as they are, located in
 * the scenario); replicas, seed, metrics and steps, checked against every
 * scenario; the contrasts (pairs of scenarios by name);
 * the factors, each checked by applying representative values to
 * every scenario through scenario_load()'s --set overrides; the design and
 * its size; the discovery condition. The YAML helpers of sim/load/loader.h
 * give the located messages (the struct loader here carries a placeholder
 * scenario that holds only the experiment's path, for messages without a
 * node). A scenario's refusal of an override is reported at the experiment
 * node it came from: the factor's `key` when the scenario could not address
 * the key (its position lies within KEY of KEY=VALUE), else the value
 * applied (a range bound, a level, a distribution bound), with the scenario
 * loader's message after "cannot set KEY=VALUE in SCENARIO: ".
 * Integer factors are recognised from the parameter table for model.*
 * keys, and for other keys by a probe: whole bounds that the scenario
 * accepts while it refuses the fraction between them.
 * Ownership: everything in struct experiment is owned by it; the YAML tree
 * and the base scenarios are freed before experiment_load() returns.
 * Includes: sim/load/ (scenario, loader, ytree), sim/engine/measure.h for
 * metric names, sim/output/csvout.h for number text, models/params.h, GSL.
 */
#include "sim/sweep/experiment.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/params.h"
#include "sim/engine/measure.h"
#include "sim/load/loader.h"
#include "sim/output/csvout.h"

/* Defaults (docs/FORMAT.md, "Experiment files"). */
#define DEFAULT_SEED 1          /* as monte_carlo.seed's */
#define DEFAULT_MORRIS_LEVELS 4 /* the usual choice (Saltelli et al. 2008, ch. 3) */

/* A truncated normal whose bounds hold less probability than this is
 * refused: its inverse CDF could no longer tell values inside them apart. */
#define NORMAL_MIN_MASS 1e-9

/* Room for a number's text (csvout_format_number needs 32). */
#define NUM_TEXT 32

static const char *const top_keys[] = {"name",       "description", "scenarios", "factors",
                                       "design",     "replicas",    "metrics",   "steps",
                                       "discovery",  "contrasts",   "seed",      "common_random_numbers",
                                       "calibration"};
static const char *const calibration_keys[] = {"method", "particles", "generations",
                                               "seed",   "quantile",  "max_proposals"};
static const char *const factor_keys[] = {"key", "name", "range", "levels", "distribution", "alternatives"};
static const char *const value_keys[] = {"range", "levels", "distribution", "alternatives"};
static const char *const dist_types[] = {"uniform", "triangular", "normal"};
static const char *const uniform_keys[] = {"type", "min", "max"};
static const char *const triangular_keys[] = {"type", "min", "mode", "max"};
static const char *const normal_keys[] = {"type", "mean", "sd", "min", "max"};
static const char *const methods[] = {"factorial", "lhs", "sobol", "morris"};
static const char *const factorial_keys[] = {"method", "levels"};
static const char *const lhs_keys[] = {"method", "samples", "seed"};
static const char *const sobol_keys[] = {"method", "samples", "second_order", "seed"};
static const char *const morris_keys[] = {"method", "trajectories", "levels", "seed"};
static const char *const discovery_keys[] = {"metric", "step", "op", "threshold", "scenario"};
static const char *const contrast_keys[] = {"name", "scenario", "reference"};
static const char *const ops[] = {"<", "<=", ">", ">="};

/* Scenario keys a factor may not set, and why. */
static const struct {
    const char *root;
    const char *why;
} refused_roots[] = {
    {"monte_carlo", "the replicas and their seed are the experiment's own ('replicas', 'seed')"},
    {"time", "metrics are read at fixed steps of a fixed horizon (the experiment's 'steps')"},
    {"outputs", "outputs choose what is measured, not the model (the experiment's 'metrics')"},
    {"name", "it labels the scenario and does not change the model"},
    {"description", "it labels the scenario and does not change the model"},
    {"sources", "it labels the scenario and does not change the model"},
    {"extends", "the files a scenario extends are read before any override"},
};

/* The state of one experiment_load() call. */
struct xload {
    struct loader L;    /* the YAML helpers' state: diag, limits, root */
    struct scenario ph; /* placeholder: only path is set */
    struct experiment *e;
    const struct scenario_limits *lim;
    struct scenario *bases; /* the scenarios as written, one per e->scenarios */
    size_t n_bases;
    const struct ytree **key_at; /* per factor: its `key` value (or `name` for alternatives) */
};

/* ------------------------------------------------------------ small helpers */

static int oom(struct xload *X)
{
    return diag_set(X->L.d, DIAG_RUNTIME, X->e->path, 0, 0, "out of memory loading the experiment");
}

static int whole(double x)
{
    return floor(x) == x;
}

static void number_text(char *buf, size_t n, double x, int integer)
{
    if (x == 0)
        x = 0; /* no "-0" */
    if (integer)
        snprintf(buf, n, "%.0f", x);
    else
        csvout_format_number(buf, n, x);
}

/* A growing text buffer for YAML emitted from a tree. */
struct text {
    char *s;
    size_t n, cap;
    int failed;
};

static void text_add(struct text *t, const char *s, size_t len)
{
    if (t->failed)
        return;
    if (t->n + len + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < t->n + len + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, len);
    t->n += len;
    t->s[t->n] = '\0';
}

static void text_puts(struct text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

/* Plain scalars are written as they are when made of these characters only
 * (numbers, booleans, null, ids, dates: nothing YAML could read otherwise
 * inside a flow collection); anything else is double-quoted. */
#define PLAIN_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-~"

static void emit_scalar(struct text *t, const struct ytree *v)
{
    static const char hex[] = "0123456789abcdef";
    if (v->plain && v->len == 0) {
        text_puts(t, "~");
        return;
    }
    if (v->plain && strspn(v->text, PLAIN_CHARS) == v->len && v->text[0] != '-') {
        text_puts(t, v->text);
        return;
    }
    if (v->plain && v->text[0] == '-' && strspn(v->text, PLAIN_CHARS) == v->len && v->len > 1 &&
        v->text[1] != ' ') {
        text_puts(t, v->text); /* a negative number */
        return;
    }
    text_puts(t, "\"");
    for (const unsigned char *p = (const unsigned char *)v->text; *p; p++) {
        char esc[5] = {'\\', (char)*p, 0, 0, 0};
        if (*p == '"' || *p == '\\')
            text_add(t, esc, 2);
        else if (*p < 0x20 || *p == 0x7f) {
            esc[1] = 'x';
            esc[2] = hex[*p >> 4];
            esc[3] = hex[*p & 15];
            text_add(t, esc, 4);
        } else
            text_add(t, (const char *)p, 1);
    }
    text_puts(t, "\"");
}

/* v as flow-style YAML that parses back to the same tree. */
static void emit(struct text *t, const struct ytree *v)
{
    if (v->kind == YTREE_SCALAR) {
        emit_scalar(t, v);
        return;
    }
    text_puts(t, v->kind == YTREE_SEQ ? "[" : "{");
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            text_puts(t, ", ");
        if (v->kind == YTREE_MAP) {
            emit_scalar(t, v->keys[i]);
            text_puts(t, ": ");
        }
        emit(t, v->items[i]);
    }
    text_puts(t, v->kind == YTREE_SEQ ? "]" : "}");
}

static int emit_dup(struct xload *X, const struct ytree *v, char **out)
{
    struct text t = {NULL, 0, 0, 0};
    emit(&t, v);
    if (t.failed || !t.s) {
        free(t.s);
        return oom(X);
    }
    *out = t.s;
    return DIAG_OK;
}

/* An unsigned 64-bit seed (as monte_carlo.seed is read). */
static int read_seed(struct xload *X, const struct ytree *v, const char *key, uint64_t *out)
{
    int rc = loader_number_node(&X->L, v, key, "an integer");
    if (rc != DIAG_OK)
        return rc;
    const char *p = v->text + (v->text[0] == '+');
    if (!*p || strspn(p, "0123456789") != strlen(p))
        return loader_fail(&X->L, v, "'%s' must be an integer in [0, %llu], got '%s'", key,
                           (unsigned long long)UINT64_MAX, v->text);
    errno = 0;
    unsigned long long x = strtoull(p, NULL, 10);
    if (errno == ERANGE || x > UINT64_MAX)
        return loader_fail(&X->L, v, "'%s' must be in [0, %llu], got %s", key, (unsigned long long)UINT64_MAX,
                           v->text);
    *out = (uint64_t)x;
    return DIAG_OK;
}

/* ----------------------------------------------- top level and scenarios */

static int read_name(struct xload *X)
{
    const struct ytree *v;
    const char *text = "";
    int rc;
    if ((rc = loader_need(&X->L, X->L.root, "name", "the experiment", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "name", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    size_t n = strlen(v->text);
    if (n == 0 || n > NAME_MAX_LEN || strspn(v->text, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
        return loader_fail(&X->L, v, "bad name '%s': use 1 to %d of a-z, 0-9, '_' and '-'", v->text,
                           NAME_MAX_LEN);
    if ((rc = loader_opt_string(&X->L, X->L.root, "description", &text)) != DIAG_OK)
        return rc;
    const struct ytree *dv = loader_opt(X->L.root, "description");
    const char *why = loader_text_rule(text);
    if (why)
        return loader_fail(&X->L, dv, "bad description: %s", why);
    if (!(X->e->name = strdup(v->text)) || !(X->e->description = strdup(text)))
        return oom(X);
    return DIAG_OK;
}

/* Load scenario path unchanged into X->bases[i]; its errors pass through. */
static int read_scenarios(struct xload *X)
{
    struct experiment *e = X->e;
    const struct ytree *v;
    int rc;
    if ((rc = loader_need(&X->L, X->L.root, "scenarios", "the experiment", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "scenarios", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n == 0)
        return loader_fail(&X->L, v, "'scenarios' lists no scenario file");
    if (!(e->scenarios = calloc(v->n, sizeof *e->scenarios)) ||
        !(X->bases = calloc(v->n, sizeof *X->bases)) ||
        !(e->scenario_names = calloc(v->n, sizeof *e->scenario_names)))
        return oom(X);
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        if ((rc = loader_want(&X->L, it, "scenarios", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!it->len)
            return loader_fail(&X->L, it, "empty scenario path in 'scenarios'");
        if (!(e->scenarios[i] = loader_relative_path(e->path, it->text)))
            return oom(X);
        e->n_scenarios = i + 1;
        char *real = realpath(e->scenarios[i], NULL);
        if (!real)
            return loader_fail(&X->L, it, "cannot read scenario '%s': %s", e->scenarios[i], strerror(errno));
        free(real);
        for (size_t j = 0; j < i; j++) {
            char *a = realpath(e->scenarios[j], NULL), *b = realpath(e->scenarios[i], NULL);
            int same = a && b && !strcmp(a, b);
            free(a);
            free(b);
            if (same)
                return loader_fail(&X->L, it, "scenario '%s' is listed twice in 'scenarios' (first at %d:%d)",
                                   it->text, v->items[j]->line, v->items[j]->col);
        }
        if ((rc = scenario_load(&X->bases[i], e->scenarios[i], NULL, 0, X->lim, X->L.d)) != DIAG_OK) {
            /* a file that cannot be read at all (a directory, too large) is
             * the fault of the entry that names it */
            if (rc == DIAG_INPUT && X->L.d->line == 0 && !strcmp(X->L.d->file, e->scenarios[i])) {
                char msg[sizeof X->L.d->msg];
                snprintf(msg, sizeof msg, "%s", X->L.d->msg);
                return loader_fail(&X->L, it, "cannot read scenario '%s': %s", e->scenarios[i], msg);
            }
            return rc;
        }
        X->n_bases = i + 1;
        if (!(e->scenario_names[i] = strdup(X->bases[i].name)))
            return oom(X);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(X->bases[j].name, X->bases[i].name))
                return loader_fail(
                    &X->L, it, "scenario '%s' has the name '%s' of scenario '%s' (first at %d:%d)", it->text,
                    X->bases[i].name, v->items[j]->text, v->items[j]->line, v->items[j]->col);
    }
    return DIAG_OK;
}

static int read_runs(struct xload *X)
{
    const struct ytree *v;
    int rc;
    if ((rc = loader_need(&X->L, X->L.root, "replicas", "the experiment", &v)) != DIAG_OK ||
        (rc = loader_long(&X->L, v, "replicas", 1, X->lim->max_replicas, &X->e->replicas)) != DIAG_OK)
        return rc;
    X->e->seed = DEFAULT_SEED;
    if ((v = loader_opt(X->L.root, "seed")) != NULL && (rc = read_seed(X, v, "seed", &X->e->seed)) != DIAG_OK)
        return rc;
    X->e->common_random_numbers = 0;
    if ((v = loader_opt(X->L.root, "common_random_numbers")) != NULL)
        return loader_bool(&X->L, v, "common_random_numbers", &X->e->common_random_numbers);
    return DIAG_OK;
}

static int read_metrics(struct xload *X)
{
    struct experiment *e = X->e;
    const struct ytree *v = loader_opt(X->L.root, "metrics");
    const char *names[METRIC_COUNT];
    char sb[KEY_BUF];
    int rc;
    for (int m = 0; m < METRIC_COUNT; m++)
        names[m] = measure_metric_name(m);
    if (!v || (v->kind == YTREE_SCALAR && v->plain && !strcmp(v->text, "all"))) {
        /* every metric that every scenario measures */
        e->metrics = METRIC_ALL;
        for (size_t i = 0; i < X->n_bases; i++)
            e->metrics &= X->bases[i].measure.metrics;
        if (!e->metrics)
            return loader_fail(&X->L, v ? v : X->L.root, "the scenarios measure no metric in common");
        return DIAG_OK;
    }
    if ((rc = loader_want(&X->L, v, "metrics", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n == 0)
        return loader_fail(&X->L, v, "'metrics' lists no metric (leave it out for all)");
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        if ((rc = loader_want(&X->L, it, "metrics", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        int m = measure_metric_find(it->text);
        if (m < 0)
            return loader_fail(&X->L, it, "unknown metric '%s'%s", it->text,
                               loader_suggest(sb, sizeof sb, it->text, names, METRIC_COUNT));
        if (e->metrics & METRIC_BIT(m))
            return loader_fail(&X->L, it, "metric '%s' is listed twice in 'metrics'", it->text);
        for (size_t s = 0; s < X->n_bases; s++)
            if (!(X->bases[s].measure.metrics & METRIC_BIT(m)))
                return loader_fail(&X->L, it,
                                   "metric '%s' is not measured by scenario '%s' (see its outputs.metrics)",
                                   it->text, e->scenarios[s]);
        e->metrics |= METRIC_BIT(m);
    }
    return DIAG_OK;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Step t (at v) must exist and be recorded in every scenario. */
static int check_step(struct xload *X, const struct ytree *v, int t)
{
    for (size_t s = 0; s < X->n_bases; s++) {
        const struct scenario *b = &X->bases[s];
        if (t > b->steps)
            return loader_fail(&X->L, v, "step %d is past the last step of scenario '%s' (time.steps is %d)",
                               t, X->e->scenarios[s], b->steps);
        if (!scenario_records(b, t))
            return loader_fail(&X->L, v,
                               "step %d is not recorded by scenario '%s' (outputs.every is %d: use a "
                               "multiple of it or the last step %d)",
                               t, X->e->scenarios[s], b->every, b->steps);
    }
    return DIAG_OK;
}

static int read_steps(struct xload *X)
{
    struct experiment *e = X->e;
    const struct ytree *v = loader_opt(X->L.root, "steps");
    int rc;
    if (!v)
        return DIAG_OK;
    if ((rc = loader_want(&X->L, v, "steps", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n == 0)
        return loader_fail(&X->L, v, "'steps' lists no step (leave it out for the last step)");
    if (!(e->steps = malloc(v->n * sizeof *e->steps)))
        return oom(X);
    for (size_t i = 0; i < v->n; i++) {
        int t;
        if ((rc = loader_int(&X->L, v->items[i], "steps", 0, INT_MAX, &t)) != DIAG_OK ||
            (rc = check_step(X, v->items[i], t)) != DIAG_OK)
            return rc;
        for (int j = 0; j < e->n_steps; j++)
            if (e->steps[j] == t)
                return loader_fail(&X->L, v->items[i], "step %d is listed twice in 'steps'", t);
        e->steps[e->n_steps++] = t;
    }
    qsort(e->steps, (size_t)e->n_steps, sizeof *e->steps, int_cmp);
    return DIAG_OK;
}

/* ------------------------------------------------------------------ keys */

/* A factor or override key: dotted, nonempty segments, not a refused root. */
static int check_key(struct xload *X, const struct ytree *k, const char *what)
{
    int rc = loader_want(&X->L, k, what, YTREE_SCALAR);
    if (rc != DIAG_OK)
        return rc;
    const char *key = k->text;
    size_t n = strlen(key);
    if (n == 0)
        return loader_fail(&X->L, k, "empty %s", what);
    /* nonempty segments ("a..b", ".a", "a." are not keys), no '=' or blanks (a --set KEY has none) */
    int bad = strpbrk(key, "= \t") != NULL || key[0] == '.' || key[n - 1] == '.' || strstr(key, "..");
    if (bad)
        return loader_fail(&X->L, k, "bad %s '%s': use dotted scenario keys such as model.alignment.rate",
                           what, key);
    size_t root = strcspn(key, ".");
    for (size_t i = 0; i < COUNT(refused_roots); i++)
        if (strlen(refused_roots[i].root) == root && !strncmp(key, refused_roots[i].root, root))
            return loader_fail(&X->L, k, "'%s' cannot be a factor: %s", key, refused_roots[i].why);
    return DIAG_OK;
}

/* 1 when keys a and b set the same value or one lies inside the other. */
static int keys_overlap(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;
    if (strncmp(a, b, n) != 0)
        return 0;
    return na == nb || (na < nb ? b[na] == '.' : a[nb] == '.');
}

/* ------------------------------------------- applying values to scenarios */

/* Apply sets to every base scenario. A refusal becomes DIAG_INPUT at
 * key_at when the scenario's message points into the KEY of a single
 * override, else at val_at. */
static int try_sets(struct xload *X, const struct scenario_set *sets, int n_sets, const struct ytree *key_at,
                    const struct ytree *val_at)
{
    for (size_t s = 0; s < X->n_bases; s++) {
        struct scenario sc;
        struct diag d2;
        diag_init(&d2);
        int rc = scenario_load(&sc, X->e->scenarios[s], sets, n_sets, X->lim, &d2);
        scenario_destroy(&sc);
        if (rc == DIAG_OK)
            continue;
        if (rc != DIAG_INPUT) {
            *X->L.d = d2;
            return rc;
        }
        int on_set = !strcmp(d2.file, "--set");
        const struct ytree *at = val_at;
        if (n_sets == 1 && on_set && d2.col <= (int)strlen(sets[0].key))
            at = key_at;
        char where[sizeof d2.file + 64] = "";
        if (!on_set && d2.file[0] && d2.line > 0)
            snprintf(where, sizeof where, "%s:%d:%d: ", d2.file, d2.line, d2.col);
        else if (!on_set && d2.file[0])
            snprintf(where, sizeof where, "%s: ", d2.file);
        if (n_sets == 1)
            return loader_fail(&X->L, at, "cannot set %s=%s in %s: %s%s", sets[0].key, sets[0].value,
                               X->e->scenarios[s], where, d2.msg);
        return loader_fail(&X->L, at, "cannot apply these overrides together in %s: %s%s", X->e->scenarios[s],
                           where, d2.msg);
    }
    return DIAG_OK;
}

static int try_value(struct xload *X, const struct factor *f, const char *yaml, const struct ytree *key_at,
                     const struct ytree *val_at)
{
    struct scenario_set set = {.key = f->key, .value = yaml, .option = NULL};
    return try_sets(X, &set, 1, key_at, val_at);
}

/* 1 when every scenario accepts yaml at f's key (errors other than refusal returned as < 0). */
static int accepts(struct xload *X, const struct factor *f, const char *yaml, int *rc)
{
    struct scenario_set set = {.key = f->key, .value = yaml, .option = NULL};
    *rc = DIAG_OK;
    for (size_t s = 0; s < X->n_bases; s++) {
        struct scenario sc;
        struct diag d2;
        diag_init(&d2);
        int r = scenario_load(&sc, X->e->scenarios[s], &set, 1, X->lim, &d2);
        scenario_destroy(&sc);
        if (r == DIAG_INPUT)
            return 0;
        if (r != DIAG_OK) {
            *X->L.d = d2;
            *rc = r;
            return 0;
        }
    }
    return 1;
}

/* The model parameter a key names, or NULL. */
static const struct param_info *model_param(const char *key)
{
    return strncmp(key, "model.", 6) ? NULL : params_find(key + 6);
}

/* A continuous factor (range or distribution over [f->lo, f->hi]): decide
 * whether it is an integer, then apply both bounds. lo_at, hi_at: where the
 * bounds are written (the distribution when they come from the table). */
static int check_continuous(struct xload *X, struct factor *f, const struct ytree *key_at,
                            const struct ytree *lo_at, const struct ytree *hi_at)
{
    const struct param_info *p = model_param(f->key);
    char lo[NUM_TEXT], hi[NUM_TEXT], mid[NUM_TEXT];
    int rc;
    f->type = FACTOR_REAL;
    if (p && p->type == PARAM_INT)
        f->type = FACTOR_INTEGER;
    if (f->type == FACTOR_INTEGER && (!whole(f->lo) || !whole(f->hi)))
        return loader_fail(&X->L, whole(f->lo) ? hi_at : lo_at,
                           "'%s' takes whole numbers: its bounds must be whole numbers, got [%g, %g]", f->key,
                           f->lo, f->hi);
    number_text(lo, sizeof lo, f->lo, whole(f->lo));
    number_text(hi, sizeof hi, f->hi, whole(f->hi));
    if ((rc = try_value(X, f, lo, key_at, lo_at)) != DIAG_OK ||
        (rc = try_value(X, f, hi, key_at, hi_at)) != DIAG_OK)
        return rc;
    if (!p && whole(f->lo) && whole(f->hi)) {
        /* a key outside the parameter table: integer when it refuses a fraction */
        number_text(mid, sizeof mid, floor((f->lo + f->hi) / 2) + 0.5, 0);
        if (!accepts(X, f, mid, &rc)) {
            if (rc != DIAG_OK)
                return rc;
            f->type = FACTOR_INTEGER;
        }
    }
    return DIAG_OK;
}

/* ---------------------------------------------------------------- factors */

static int read_number(struct xload *X, const struct ytree *v, const char *key, double *out)
{
    return loader_real(&X->L, v, key, -HUGE_VAL, HUGE_VAL, 0, out);
}

static int read_range(struct xload *X, struct factor *f, const struct ytree *key_at, const struct ytree *v)
{
    int rc;
    if ((rc = loader_want(&X->L, v, "range", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n != 2)
        return loader_fail(&X->L, v, "'range' must be [lo, hi], got %zu values", v->n);
    if ((rc = read_number(X, v->items[0], "range", &f->lo)) != DIAG_OK ||
        (rc = read_number(X, v->items[1], "range", &f->hi)) != DIAG_OK)
        return rc;
    if (!(f->lo < f->hi))
        return loader_fail(&X->L, v, "'range' must have lo < hi, got [%s, %s]", v->items[0]->text,
                           v->items[1]->text);
    f->kind = FACTOR_RANGE;
    return check_continuous(X, f, key_at, v->items[0], v->items[1]);
}

/* The type of one level: number (integer or real), boolean or string. */
static enum factor_type level_type(const struct ytree *v, double *x)
{
    int b = -1;
    if (v->plain) {
        if (!strcmp(v->text, "true") || !strcmp(v->text, "True") || !strcmp(v->text, "TRUE"))
            b = 1;
        else if (!strcmp(v->text, "false") || !strcmp(v->text, "False") || !strcmp(v->text, "FALSE"))
            b = 0;
        if (b >= 0) {
            *x = b;
            return FACTOR_BOOL;
        }
        long l;
        if (loader_parse_long(v->text, &l) == 0) {
            *x = (double)l;
            return FACTOR_INTEGER;
        }
        if (loader_parse_real(v->text, x) == 0)
            return FACTOR_REAL;
    }
    return FACTOR_STRING;
}

static const char *type_name(enum factor_type t)
{
    switch (t) {
    case FACTOR_REAL:
    case FACTOR_INTEGER: return "a number";
    case FACTOR_BOOL: return "a boolean";
    case FACTOR_STRING: return "a string";
    case FACTOR_SWITCH: return "an alternative";
    }
    return "?";
}

static int read_levels(struct xload *X, struct factor *f, const struct ytree *key_at, const struct ytree *v)
{
    int rc;
    if ((rc = loader_want(&X->L, v, "levels", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n < 2)
        return loader_fail(&X->L, v, "'levels' needs at least 2 values, got %zu", v->n);
    if (!(f->levels = calloc(v->n, sizeof *f->levels)))
        return oom(X);
    f->kind = FACTOR_LEVELS;
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *it = v->items[i];
        struct factor_level *l = &f->levels[i];
        double x = 0;
        if (it->kind != YTREE_SCALAR || ytree_is_null(it))
            return loader_fail(&X->L, it, "a level must be a number, a boolean or a string, not %s",
                               it->kind == YTREE_SCALAR ? "null" : ytree_kind_name(it->kind));
        enum factor_type t = level_type(it, &x);
        if (i == 0)
            f->type = t;
        else if (t == FACTOR_REAL && f->type == FACTOR_INTEGER)
            f->type = FACTOR_REAL;
        else if (!(t == FACTOR_INTEGER && f->type == FACTOR_REAL) && t != f->type)
            return loader_fail(&X->L, it, "levels mix types: '%s' is %s, the first level is %s", it->text,
                               type_name(t), type_name(f->type));
        const char *why = loader_text_rule(it->text);
        if (why)
            return loader_fail(&X->L, it, "bad level: %s", why);
        char num[NUM_TEXT];
        f->n_levels = i + 1;
        if (t == FACTOR_STRING) {
            l->x = (double)i;
            if (!(l->text = strdup(it->text)) || emit_dup(X, it, &l->yaml) != DIAG_OK)
                return oom(X);
        } else {
            l->x = x;
            if (t == FACTOR_BOOL)
                snprintf(num, sizeof num, "%s", x ? "true" : "false");
            else
                number_text(num, sizeof num, x, t == FACTOR_INTEGER);
            if (!(l->text = strdup(num)) || !(l->yaml = strdup(num)))
                return oom(X);
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(f->levels[j].text, l->text))
                return loader_fail(&X->L, it, "level '%s' is listed twice in 'levels' (first at %d:%d)",
                                   it->text, v->items[j]->line, v->items[j]->col);
    }
    for (size_t i = 0; i < f->n_levels; i++)
        if ((rc = try_value(X, f, f->levels[i].yaml, key_at, v->items[i])) != DIAG_OK)
            return rc;
    return DIAG_OK;
}

static int read_distribution(struct xload *X, struct factor *f, const struct ytree *key_at,
                             const struct ytree *v)
{
    const struct ytree *t, *lo_at, *hi_at, *x;
    char sb[KEY_BUF];
    int rc;
    if ((rc = loader_want(&X->L, v, "distribution", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_need(&X->L, v, "type", "distribution", &t)) != DIAG_OK ||
        (rc = loader_want(&X->L, t, "type", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int k = loader_in_list(t->text, dist_types, COUNT(dist_types));
    if (k < 0)
        return loader_fail(&X->L, t, "unknown distribution '%s'%s", t->text,
                           loader_suggest(sb, sizeof sb, t->text, dist_types, COUNT(dist_types)));
    if (k == 0) {
        f->kind = FACTOR_UNIFORM;
        rc = loader_check_keys(&X->L, v, uniform_keys, COUNT(uniform_keys), "a uniform distribution");
    } else if (k == 1) {
        f->kind = FACTOR_TRIANGULAR;
        rc =
            loader_check_keys(&X->L, v, triangular_keys, COUNT(triangular_keys), "a triangular distribution");
    } else {
        f->kind = FACTOR_NORMAL;
        rc = loader_check_keys(&X->L, v, normal_keys, COUNT(normal_keys), "a normal distribution");
    }
    if (rc != DIAG_OK)
        return rc;
    if (f->kind == FACTOR_NORMAL) {
        if ((rc = loader_need(&X->L, v, "mean", "a normal distribution", &x)) != DIAG_OK ||
            (rc = read_number(X, x, "mean", &f->mean)) != DIAG_OK ||
            (rc = loader_need(&X->L, v, "sd", "a normal distribution", &x)) != DIAG_OK ||
            (rc = loader_real(&X->L, x, "sd", 0, HUGE_VAL, 1, &f->sd)) != DIAG_OK)
            return rc;
        /* truncation: the bounds given, else the parameter's range */
        const struct param_info *p = model_param(f->key);
        lo_at = loader_opt(v, "min");
        hi_at = loader_opt(v, "max");
        if ((!lo_at || !hi_at) && !p)
            return loader_fail(&X->L, v,
                               "a normal distribution over '%s' needs 'min' and 'max' to truncate it to "
                               "(its valid range is known for model parameters only)",
                               f->key);
        f->lo = p ? p->min : 0;
        f->hi = p ? p->max : 0;
        if ((lo_at && (rc = read_number(X, lo_at, "min", &f->lo)) != DIAG_OK) ||
            (hi_at && (rc = read_number(X, hi_at, "max", &f->hi)) != DIAG_OK))
            return rc;
        if (!lo_at)
            lo_at = v;
        if (!hi_at)
            hi_at = v;
    } else {
        if ((rc = loader_need(&X->L, v, "min", "the distribution", &lo_at)) != DIAG_OK ||
            (rc = read_number(X, lo_at, "min", &f->lo)) != DIAG_OK ||
            (rc = loader_need(&X->L, v, "max", "the distribution", &hi_at)) != DIAG_OK ||
            (rc = read_number(X, hi_at, "max", &f->hi)) != DIAG_OK)
            return rc;
    }
    if (!(f->lo < f->hi))
        return loader_fail(&X->L, hi_at, "the distribution must have min < max, got min %g and max %g", f->lo,
                           f->hi);
    if (f->kind == FACTOR_TRIANGULAR) {
        if ((rc = loader_need(&X->L, v, "mode", "a triangular distribution", &x)) != DIAG_OK ||
            (rc = read_number(X, x, "mode", &f->mode)) != DIAG_OK)
            return rc;
        if (f->mode < f->lo || f->mode > f->hi)
            return loader_fail(&X->L, x, "'mode' must be in [min, max] = [%g, %g], got %s", f->lo, f->hi,
                               x->text);
    }
    if (f->kind == FACTOR_NORMAL) {
        double mass =
            f->lo > f->mean
                ? gsl_cdf_gaussian_Q(f->lo - f->mean, f->sd) - gsl_cdf_gaussian_Q(f->hi - f->mean, f->sd)
            : f->hi < f->mean
                ? gsl_cdf_gaussian_P(f->hi - f->mean, f->sd) - gsl_cdf_gaussian_P(f->lo - f->mean, f->sd)
                : 1 - gsl_cdf_gaussian_P(f->lo - f->mean, f->sd) - gsl_cdf_gaussian_Q(f->hi - f->mean, f->sd);
        if (!(mass >= NORMAL_MIN_MASS))
            return loader_fail(&X->L, v,
                               "the normal distribution (mean %g, sd %g) has almost no probability in "
                               "[%g, %g]: move the mean or widen sd",
                               f->mean, f->sd, f->lo, f->hi);
    }
    return check_continuous(X, f, key_at, lo_at, hi_at);
}

static int places_overlap(struct xload *X, const char *a, const char *b, size_t *sc, int *rc);

static int read_alternatives(struct xload *X, struct factor *f, const struct ytree *name_at,
                             const struct ytree *v)
{
    int rc;
    if ((rc = loader_want(&X->L, v, "alternatives", YTREE_MAP)) != DIAG_OK)
        return rc;
    if (v->n < 2)
        return loader_fail(&X->L, v, "'alternatives' needs at least 2 alternatives, got %zu", v->n);
    if (!(f->alts = calloc(v->n, sizeof *f->alts)))
        return oom(X);
    f->kind = FACTOR_ALTERNATIVES;
    f->type = FACTOR_SWITCH;
    for (size_t i = 0; i < v->n; i++) {
        const struct ytree *k = v->keys[i], *m = v->items[i];
        struct factor_alternative *a = &f->alts[i];
        f->n_alts = i + 1;
        if (!loader_valid_id(k->text) || strchr(k->text, '+'))
            return loader_fail(&X->L, k, "bad alternative name '%s': %s", k->text, loader_id_rule(k->text));
        if (!(a->name = strdup(k->text)))
            return oom(X);
        if (ytree_is_null(m))
            continue; /* no overrides: the scenario as written */
        if ((rc = loader_want(&X->L, m, a->name, YTREE_MAP)) != DIAG_OK)
            return rc;
        if (m->n && !(a->sets = calloc(m->n, sizeof *a->sets)))
            return oom(X);
        for (size_t j = 0; j < m->n; j++) {
            const struct ytree *ok = m->keys[j];
            char *value = NULL;
            if ((rc = check_key(X, ok, "override key")) != DIAG_OK)
                return rc;
            for (size_t q = 0; q < j; q++)
                if (keys_overlap(m->keys[q]->text, ok->text))
                    return loader_fail(&X->L, ok,
                                       "override '%s' overlaps '%s' (at %d:%d) in alternative '%s'", ok->text,
                                       m->keys[q]->text, m->keys[q]->line, m->keys[q]->col, a->name);
            if ((rc = emit_dup(X, m->items[j], &value)) != DIAG_OK)
                return rc;
            a->sets[j].value = value;
            a->n_sets = (int)j + 1;
            if (!(a->sets[j].key = strdup(ok->text)))
                return oom(X);
            if ((rc = try_sets(X, &a->sets[j], 1, ok, m->items[j])) != DIAG_OK)
                return rc;
            for (size_t q = 0; q < j; q++) {
                size_t sc = 0;
                if (places_overlap(X, m->keys[q]->text, ok->text, &sc, &rc))
                    return loader_fail(&X->L, ok,
                                       "override '%s' names the same value as '%s' (at %d:%d) in alternative "
                                       "'%s' in %s",
                                       ok->text, m->keys[q]->text, m->keys[q]->line, m->keys[q]->col, a->name,
                                       X->e->scenarios[sc]);
                if (rc)
                    return rc;
            }
        }
        if (a->n_sets > 1 && (rc = try_sets(X, a->sets, a->n_sets, k, k)) != DIAG_OK)
            return rc;
    }
    (void)name_at;
    return DIAG_OK;
}

/* 1 when keys a and b name places that overlap in some base scenario once
 * their selectors are resolved (network.nodes[qaani].authority and
 * network.nodes.3.authority), the scenario's index into *sc; 0 when not;
 * a diag code (< 0 never) in *rc when a place cannot be resolved. */
static int places_overlap(struct xload *X, const char *a, const char *b, size_t *sc, int *rc)
{
    *rc = DIAG_OK;
    if (!strchr(a, '[') && !strchr(b, '['))
        return 0;
    for (size_t s = 0; s < X->n_bases; s++) {
        char *pa = NULL, *pb = NULL;
        *rc = scenario_set_place(X->e->scenarios[s], a, X->lim, &pa, X->L.d);
        if (!*rc)
            *rc = scenario_set_place(X->e->scenarios[s], b, X->lim, &pb, X->L.d);
        int same = !*rc && keys_overlap(pa, pb);
        free(pa);
        free(pb);
        if (*rc || same) {
            *sc = s;
            return same;
        }
    }
    return 0;
}

/* The keys a factor sets (its key, or every override of its alternatives):
 * a factor's keys must not overlap another factor's, as written or as the
 * places they select. */
static int check_overlaps(struct xload *X, size_t j, const struct ytree *fac)
{
    const struct factor *f = &X->e->factors[j];
    for (size_t i = 0; i < j; i++) {
        const struct factor *g = &X->e->factors[i];
        if (!strcmp(f->name, g->name))
            return loader_fail(&X->L, X->key_at[j], "factor '%s' is given twice (first at %d:%d)", f->name,
                               X->key_at[i]->line, X->key_at[i]->col);
        for (size_t a = 0; a < (f->key ? 1 : f->n_alts); a++)
            for (int s = 0; s < (f->key ? 1 : f->alts[a].n_sets); s++) {
                const char *fk = f->key ? f->key : f->alts[a].sets[s].key;
                for (size_t b = 0; b < (g->key ? 1 : g->n_alts); b++)
                    for (int t = 0; t < (g->key ? 1 : g->alts[b].n_sets); t++) {
                        const char *gk = g->key ? g->key : g->alts[b].sets[t].key;
                        if (keys_overlap(fk, gk))
                            return loader_fail(&X->L, f->key ? X->key_at[j] : fac,
                                               "'%s' is already set by factor '%s' (at %d:%d): a key belongs "
                                               "to one factor",
                                               fk, g->name, X->key_at[i]->line, X->key_at[i]->col);
                        size_t sc = 0;
                        int rc, same = places_overlap(X, fk, gk, &sc, &rc);
                        if (rc)
                            return rc;
                        if (same)
                            return loader_fail(
                                &X->L, f->key ? X->key_at[j] : fac,
                                "'%s' names the same value as '%s' (factor '%s' at %d:%d) in %s: a "
                                "value belongs to one factor",
                                fk, gk, g->name, X->key_at[i]->line, X->key_at[i]->col, X->e->scenarios[sc]);
                    }
            }
    }
    return DIAG_OK;
}

static int read_factor(struct xload *X, size_t j, const struct ytree *m)
{
    struct factor *f = &X->e->factors[j];
    const struct ytree *given = NULL, *kv, *nv;
    int rc;
    f->line = m->line;
    f->col = m->col;
    if ((rc = loader_want(&X->L, m, "factors", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(&X->L, m, factor_keys, COUNT(factor_keys), "a factor")) != DIAG_OK)
        return rc;
    for (size_t i = 0; i < COUNT(value_keys); i++) {
        const struct ytree *k = loader_key(m, value_keys[i]);
        if (!k || !loader_opt(m, value_keys[i]))
            continue;
        if (given)
            return loader_fail(&X->L, k,
                               "a factor has one of 'range', 'levels', 'distribution' or "
                               "'alternatives', not both '%s' and '%s'",
                               given->text, k->text);
        given = k;
    }
    if (!given)
        return loader_fail(&X->L, m,
                           "a factor needs one of 'range', 'levels', 'distribution' or 'alternatives'");
    const struct ytree *v = loader_opt(m, given->text);
    kv = loader_opt(m, "key");
    nv = loader_opt(m, "name");
    if (!strcmp(given->text, "alternatives")) {
        if (kv)
            return loader_fail(&X->L, loader_key(m, "key"),
                               "'key' does not apply to alternatives: each alternative names its own keys");
        if ((rc = loader_need(&X->L, m, "name", "a factor with alternatives", &nv)) != DIAG_OK)
            return rc;
    } else {
        if ((rc = loader_need(&X->L, m, "key", "a factor", &kv)) != DIAG_OK ||
            (rc = check_key(X, kv, "factor key")) != DIAG_OK)
            return rc;
        if (!(f->key = strdup(kv->text)))
            return oom(X);
    }
    if (nv) {
        if ((rc = loader_want(&X->L, nv, "name", YTREE_SCALAR)) != DIAG_OK)
            return rc;
        if (!loader_valid_id(nv->text) || strchr(nv->text, '+'))
            return loader_fail(&X->L, nv, "bad factor name '%s': %s", nv->text, loader_id_rule(nv->text));
    }
    X->key_at[j] = nv ? nv : kv;
    if (!(f->name = strdup(nv ? nv->text : kv->text)))
        return oom(X);
    if (!strcmp(given->text, "range"))
        rc = read_range(X, f, kv, v);
    else if (!strcmp(given->text, "levels"))
        rc = read_levels(X, f, kv, v);
    else if (!strcmp(given->text, "distribution"))
        rc = read_distribution(X, f, kv, v);
    else
        rc = read_alternatives(X, f, nv, v);
    if (rc != DIAG_OK)
        return rc;
    return check_overlaps(X, j, m);
}

static int read_factors(struct xload *X)
{
    const struct ytree *v;
    int rc;
    if ((rc = loader_need(&X->L, X->L.root, "factors", "the experiment", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "factors", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n == 0)
        return loader_fail(&X->L, v, "'factors' lists no factor");
    if (!(X->e->factors = calloc(v->n, sizeof *X->e->factors)) ||
        !(X->key_at = calloc(v->n, sizeof *X->key_at)))
        return oom(X);
    for (size_t j = 0; j < v->n; j++) {
        X->e->n_factors = j + 1;
        if ((rc = read_factor(X, j, v->items[j])) != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

/* ----------------------------------------------------------------- design */

/* a * b into *out, 0 when it overflows a long. */
static int mul(long a, long b, long *out)
{
    if (a > 0 && b > LONG_MAX / a)
        return 0;
    *out = a * b;
    return 1;
}

static int design_points(struct xload *X, const struct ytree *v)
{
    struct experiment *e = X->e;
    struct experiment_design *g = &e->design;
    long k = (long)e->n_factors, p = 1, runs;
    int ok = 1;
    switch (g->method) {
    case EXPERIMENT_FACTORIAL:
        for (size_t j = 0; j < e->n_factors && ok; j++) {
            const struct factor *f = &e->factors[j];
            long n = f->kind == FACTOR_LEVELS         ? (long)f->n_levels
                     : f->kind == FACTOR_ALTERNATIVES ? (long)f->n_alts
                                                      : g->levels;
            ok = mul(p, n, &p);
        }
        break;
    case EXPERIMENT_LHS: p = g->samples; break;
    case EXPERIMENT_SOBOL: ok = mul(g->samples, g->second_order ? 2 * k + 2 : k + 2, &p); break;
    case EXPERIMENT_MORRIS: ok = mul(g->trajectories, k + 1, &p); break;
    }
    g->points = p;
    if (!ok || !mul(p, e->replicas, &runs) || !mul(runs, (long)e->n_scenarios, &runs) ||
        runs > X->lim->max_replicas) {
        char pts[NUM_TEXT];
        if (ok)
            snprintf(pts, sizeof pts, "%ld", p);
        else
            snprintf(pts, sizeof pts, "more than %ld", LONG_MAX);
        return loader_fail(&X->L, v,
                           "the design has %s points x %ld replicas x %zu scenario%s, above the limit of %ld "
                           "replicas in all (--limit replicas)",
                           pts, e->replicas, e->n_scenarios, e->n_scenarios == 1 ? "" : "s",
                           X->lim->max_replicas);
    }
    return DIAG_OK;
}

static int read_design(struct xload *X)
{
    struct experiment *e = X->e;
    struct experiment_design *g = &e->design;
    const struct ytree *v, *m, *x;
    char sb[KEY_BUF], sect[KEY_BUF];
    int rc, continuous = 0;
    for (size_t j = 0; j < e->n_factors; j++)
        continuous |= e->factors[j].kind != FACTOR_LEVELS && e->factors[j].kind != FACTOR_ALTERNATIVES;
    if (!loader_opt(X->L.root, "design") && loader_opt(X->L.root, "calibration"))
        return DIAG_OK; /* for `infnet calibrate` only */
    e->has_design = 1;
    if ((rc = loader_need(&X->L, X->L.root, "design", "the experiment", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "design", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_need(&X->L, v, "method", "design", &m)) != DIAG_OK ||
        (rc = loader_want(&X->L, m, "method", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int k = loader_in_list(m->text, methods, COUNT(methods));
    if (k < 0)
        return loader_fail(&X->L, m, "unknown design method '%s'%s", m->text,
                           loader_suggest(sb, sizeof sb, m->text, methods, COUNT(methods)));
    g->method = (enum design_method)k;
    snprintf(sect, sizeof sect, "design (method %s)", m->text);
    static const struct {
        const char *const *keys;
        size_t n;
    } allowed[] = {{factorial_keys, COUNT(factorial_keys)},
                   {lhs_keys, COUNT(lhs_keys)},
                   {sobol_keys, COUNT(sobol_keys)},
                   {morris_keys, COUNT(morris_keys)}};
    if ((rc = loader_check_keys(&X->L, v, allowed[k].keys, allowed[k].n, sect)) != DIAG_OK)
        return rc;
    g->seed = DEFAULT_SEED;
    if ((x = loader_opt(v, "seed")) != NULL && (rc = read_seed(X, x, "seed", &g->seed)) != DIAG_OK)
        return rc;
    switch (g->method) {
    case EXPERIMENT_FACTORIAL:
        if (!continuous) {
            if ((x = loader_opt(v, "levels")) != NULL)
                return loader_fail(
                    &X->L, loader_key(v, "levels"),
                    "'levels' does not apply: every factor has its own levels or alternatives");
            break;
        }
        if ((rc = loader_need(&X->L, v, "levels", sect, &x)) != DIAG_OK ||
            (rc = loader_long(&X->L, x, "levels", 2, X->lim->max_replicas, &g->levels)) != DIAG_OK)
            return rc;
        break;
    case EXPERIMENT_LHS:
        if ((rc = loader_need(&X->L, v, "samples", sect, &x)) != DIAG_OK ||
            (rc = loader_long(&X->L, x, "samples", 2, X->lim->max_replicas, &g->samples)) != DIAG_OK)
            return rc;
        break;
    case EXPERIMENT_SOBOL:
        if ((rc = loader_need(&X->L, v, "samples", sect, &x)) != DIAG_OK ||
            (rc = loader_long(&X->L, x, "samples", 2, X->lim->max_replicas, &g->samples)) != DIAG_OK)
            return rc;
        if (g->samples & (g->samples - 1))
            return loader_fail(&X->L, x, "'samples' must be a power of two for a Sobol' design, got %ld",
                               g->samples);
        if ((x = loader_opt(v, "second_order")) != NULL &&
            (rc = loader_bool(&X->L, x, "second_order", &g->second_order)) != DIAG_OK)
            return rc;
        if (g->second_order && e->n_factors < 2)
            return loader_fail(&X->L, x, "'second_order' needs at least 2 factors");
        break;
    case EXPERIMENT_MORRIS:
        if ((rc = loader_need(&X->L, v, "trajectories", sect, &x)) != DIAG_OK ||
            (rc = loader_long(&X->L, x, "trajectories", 2, X->lim->max_replicas, &g->trajectories)) !=
                DIAG_OK)
            return rc;
        g->levels = DEFAULT_MORRIS_LEVELS;
        if ((x = loader_opt(v, "levels")) != NULL) {
            if ((rc = loader_long(&X->L, x, "levels", 2, X->lim->max_replicas, &g->levels)) != DIAG_OK)
                return rc;
            if (g->levels % 2)
                return loader_fail(&X->L, x, "'levels' must be even for a Morris design, got %ld", g->levels);
        }
        break;
    }
    return design_points(X, v);
}

/* -------------------------------------------------------------- contrasts */

/* The index of the scenario named `name` at v, or -1 with the refusal in *rc. */
static long scenario_named(struct xload *X, const struct ytree *v, const char *what, const char *contrast,
                           int *rc)
{
    const struct experiment *e = X->e;
    char sb[KEY_BUF];
    *rc = loader_want(&X->L, v, what, YTREE_SCALAR);
    if (*rc != DIAG_OK)
        return -1;
    for (size_t i = 0; i < e->n_scenarios; i++)
        if (!strcmp(e->scenario_names[i], v->text))
            return (long)i;
    const char *hint =
        loader_suggest(sb, sizeof sb, v->text, (const char *const *)e->scenario_names, e->n_scenarios);
    if (*hint) {
        *rc = loader_fail(&X->L, v, "contrast '%s': unknown scenario '%s'%s", contrast, v->text, hint);
        return -1;
    }
    char names[KEY_BUF] = "";
    size_t len = 0;
    for (size_t i = 0; i < e->n_scenarios && len < sizeof names; i++)
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", e->scenario_names[i]);
    *rc = loader_fail(&X->L, v,
                      "contrast '%s': unknown scenario '%s' (scenarios are named by their 'name': %s)",
                      contrast, v->text, names);
    return -1;
}

static int read_contrast(struct xload *X, const struct ytree *m, struct experiment_contrast *c)
{
    struct experiment *e = X->e;
    const struct ytree *v, *sv, *rv;
    int rc;
    if ((rc = loader_want(&X->L, m, "contrasts", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(&X->L, m, contrast_keys, COUNT(contrast_keys), "a contrast")) != DIAG_OK ||
        (rc = loader_need(&X->L, m, "name", "a contrast", &v)) != DIAG_OK ||
        (rc = loader_want(&X->L, v, "name", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    size_t n = strlen(v->text);
    if (n == 0 || n > NAME_MAX_LEN || strspn(v->text, "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
        return loader_fail(&X->L, v, "bad contrast name '%s': use 1 to %d of a-z, 0-9, '_' and '-'", v->text,
                           NAME_MAX_LEN);
    for (size_t i = 0; i < e->n_scenarios; i++)
        if (!strcmp(e->scenario_names[i], v->text))
            return loader_fail(&X->L, v,
                               "contrast name '%s' is the name of scenario '%s': the rows of a contrast and "
                               "of a scenario share points.csv's 'scenario' column",
                               v->text, e->scenarios[i]);
    for (size_t i = 0; i < e->n_contrasts; i++)
        if (!strcmp(e->contrasts[i].name, v->text))
            return loader_fail(&X->L, v, "contrast '%s' is given twice (first at %d:%d)", v->text,
                               e->contrasts[i].line, e->contrasts[i].col);
    if (!(c->name = strdup(v->text)))
        return oom(X);
    c->line = v->line;
    c->col = v->col;
    if ((rc = loader_need(&X->L, m, "scenario", "a contrast", &sv)) != DIAG_OK ||
        (rc = loader_need(&X->L, m, "reference", "a contrast", &rv)) != DIAG_OK)
        return rc;
    long s = scenario_named(X, sv, "scenario", c->name, &rc);
    if (s < 0)
        return rc;
    long r = scenario_named(X, rv, "reference", c->name, &rc);
    if (r < 0)
        return rc;
    if (s == r)
        return loader_fail(&X->L, rv, "contrast '%s' compares scenario '%s' with itself", c->name, sv->text);
    if (!e->n_steps && X->bases[s].steps != X->bases[r].steps)
        return loader_fail(&X->L, m,
                           "contrast '%s': scenarios '%s' and '%s' end at steps %d and %d (list the steps to "
                           "compare in 'steps')",
                           c->name, sv->text, rv->text, X->bases[s].steps, X->bases[r].steps);
    c->scenario = (size_t)s;
    c->reference = (size_t)r;
    return DIAG_OK;
}

static int read_contrasts(struct xload *X)
{
    struct experiment *e = X->e;
    const struct ytree *v = loader_opt(X->L.root, "contrasts");
    int rc;
    if (!v)
        return DIAG_OK;
    if ((rc = loader_want(&X->L, v, "contrasts", YTREE_SEQ)) != DIAG_OK)
        return rc;
    if (v->n == 0)
        return loader_fail(&X->L, v, "'contrasts' lists no contrast (leave it out for none)");
    if (!(e->contrasts = calloc(v->n, sizeof *e->contrasts)))
        return oom(X);
    for (size_t i = 0; i < v->n; i++) {
        rc = read_contrast(X, v->items[i], &e->contrasts[i]);
        if (e->contrasts[i].name)
            e->n_contrasts = i + 1;
        if (rc != DIAG_OK)
            return rc;
    }
    return DIAG_OK;
}

/* -------------------------------------------------------------- discovery */

static int read_discovery(struct xload *X)
{
    struct experiment *e = X->e;
    struct experiment_discovery *q = &e->discovery;
    const struct ytree *v = loader_opt(X->L.root, "discovery"), *x;
    const char *names[METRIC_COUNT];
    char sb[KEY_BUF];
    int rc, t;
    q->metric = -1;
    if (!v)
        return DIAG_OK;
    for (int m = 0; m < METRIC_COUNT; m++)
        names[m] = measure_metric_name(m);
    if ((rc = loader_want(&X->L, v, "discovery", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(&X->L, v, discovery_keys, COUNT(discovery_keys), "discovery")) != DIAG_OK ||
        (rc = loader_need(&X->L, v, "metric", "discovery", &x)) != DIAG_OK ||
        (rc = loader_want(&X->L, x, "metric", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int m = measure_metric_find(x->text);
    if (m < 0)
        return loader_fail(&X->L, x, "unknown metric '%s'%s", x->text,
                           loader_suggest(sb, sizeof sb, x->text, names, METRIC_COUNT));
    if (!(e->metrics & METRIC_BIT(m)))
        return loader_fail(&X->L, x, "metric '%s' is not among the experiment's 'metrics'", x->text);
    q->metric = m;
    q->step = -1; /* the last step */
    if (e->n_steps)
        q->step = e->steps[e->n_steps - 1];
    if ((x = loader_opt(v, "step")) != NULL) {
        if ((rc = loader_int(&X->L, x, "step", 0, INT_MAX, &t)) != DIAG_OK)
            return rc;
        int found = 0;
        for (int i = 0; i < e->n_steps; i++)
            found |= e->steps[i] == t;
        if (e->n_steps && !found)
            return loader_fail(&X->L, x, "step %d is not among the experiment's 'steps'", t);
        if (!e->n_steps)
            for (size_t s = 0; s < X->n_bases; s++)
                if (t != X->bases[s].steps)
                    return loader_fail(&X->L, x,
                                       "step %d is not the last step %d of scenario '%s' (list the steps "
                                       "to analyse in 'steps')",
                                       t, X->bases[s].steps, e->scenarios[s]);
        q->step = e->n_steps ? t : -1;
    }
    if ((rc = loader_need(&X->L, v, "op", "discovery", &x)) != DIAG_OK ||
        (rc = loader_want(&X->L, x, "op", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int o = loader_in_list(x->text, ops, COUNT(ops));
    if (o < 0)
        return loader_fail(&X->L, x, "'op' must be one of \"<\", \"<=\", \">\", \">=\" (quoted), got '%s'",
                           x->text);
    q->op = (enum discovery_op)o;
    if ((rc = loader_need(&X->L, v, "threshold", "discovery", &x)) != DIAG_OK ||
        (rc = read_number(X, x, "threshold", &q->threshold)) != DIAG_OK)
        return rc;
    if ((x = loader_opt(v, "scenario")) == NULL)
        return DIAG_OK;
    if ((rc = loader_want(&X->L, x, "scenario", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    int known = 0;
    for (size_t i = 0; i < e->n_scenarios && !known; i++)
        known = !strcmp(e->scenario_names[i], x->text);
    for (size_t i = 0; i < e->n_contrasts && !known; i++)
        known = !strcmp(e->contrasts[i].name, x->text);
    if (!known) {
        size_t n = e->n_scenarios + e->n_contrasts;
        const char **cand = calloc(n, sizeof *cand);
        if (!cand)
            return oom(X);
        for (size_t i = 0; i < e->n_scenarios; i++)
            cand[i] = e->scenario_names[i];
        for (size_t i = 0; i < e->n_contrasts; i++)
            cand[e->n_scenarios + i] = e->contrasts[i].name;
        rc = loader_fail(&X->L, x, "discovery: '%s' is neither a scenario's name nor a contrast%s", x->text,
                         loader_suggest(sb, sizeof sb, x->text, cand, n));
        free(cand);
        return rc;
    }
    if (!(q->scenario = strdup(x->text)))
        return oom(X);
    return DIAG_OK;
}

/* ------------------------------------------------------------ calibration */

static int read_calibration(struct xload *X)
{
    struct experiment_calibration *c = &X->e->calibration;
    const struct ytree *v = loader_opt(X->L.root, "calibration"), *x;
    int rc;
    if (!v)
        return DIAG_OK;
    if ((rc = loader_want(&X->L, v, "calibration", YTREE_MAP)) != DIAG_OK ||
        (rc = loader_check_keys(&X->L, v, calibration_keys, COUNT(calibration_keys), "calibration")) !=
            DIAG_OK ||
        (rc = loader_need(&X->L, v, "method", "calibration", &x)) != DIAG_OK ||
        (rc = loader_want(&X->L, x, "method", YTREE_SCALAR)) != DIAG_OK)
        return rc;
    if (strcmp(x->text, "abc-smc") != 0)
        return loader_fail(&X->L, x, "unknown calibration method '%s' (infnet calibrates by abc-smc)",
                           x->text);
    c->given = 1;
    c->line = v->line;
    c->col = v->col;
    c->seed = DEFAULT_SEED;
    c->quantile = CALIBRATION_DEFAULT_QUANTILE;
    c->max_proposals = CALIBRATION_DEFAULT_MAX_PROPOSALS;
    if ((rc = loader_need(&X->L, v, "particles", "calibration", &x)) != DIAG_OK ||
        (rc = loader_long(&X->L, x, "particles", 2, 1000000, &c->particles)) != DIAG_OK ||
        (rc = loader_need(&X->L, v, "generations", "calibration", &x)) != DIAG_OK ||
        (rc = loader_long(&X->L, x, "generations", 1, 1000, &c->generations)) != DIAG_OK)
        return rc;
    if ((x = loader_opt(v, "seed")) != NULL && (rc = read_seed(X, x, "seed", &c->seed)) != DIAG_OK)
        return rc;
    if ((x = loader_opt(v, "quantile")) != NULL) {
        if ((rc = loader_real(&X->L, x, "quantile", 0, 1, 1, &c->quantile)) != DIAG_OK)
            return rc;
        if (c->quantile >= 1)
            return loader_fail(&X->L, x, "'quantile' must be in (0, 1), got %s", x->text);
    }
    if ((x = loader_opt(v, "max_proposals")) != NULL &&
        (rc = loader_long(&X->L, x, "max_proposals", 1, 1000000, &c->max_proposals)) != DIAG_OK)
        return rc;
    return DIAG_OK;
}

/* ------------------------------------------------------------------ load */

static int validate(struct xload *X)
{
    int rc;
    if (!X->L.root)
        return diag_set(X->L.d, DIAG_INPUT, X->e->path, 1, 1,
                        "the file holds no experiment (no YAML content)");
    if (X->L.root->kind != YTREE_MAP)
        return loader_fail(&X->L, X->L.root,
                           "an experiment must be a mapping of keys (name, scenarios, factors, ...), not %s",
                           ytree_kind_name(X->L.root->kind));
    X->L.root_at = *X->L.root;
    if ((rc = loader_check_keys(&X->L, X->L.root, top_keys, COUNT(top_keys), "the experiment")) != DIAG_OK ||
        (rc = read_name(X)) != DIAG_OK || (rc = read_scenarios(X)) != DIAG_OK ||
        (rc = read_runs(X)) != DIAG_OK || (rc = read_metrics(X)) != DIAG_OK ||
        (rc = read_steps(X)) != DIAG_OK || (rc = read_contrasts(X)) != DIAG_OK ||
        (rc = read_factors(X)) != DIAG_OK || (rc = read_calibration(X)) != DIAG_OK ||
        (rc = read_design(X)) != DIAG_OK)
        return rc;
    return read_discovery(X);
}

int experiment_load_limits(const char *path, const struct scenario_limits *lim, struct experiment *e,
                           struct diag *d)
{
    struct xload X;
    int rc;
    memset(e, 0, sizeof *e);
    memset(&X, 0, sizeof X);
    X.e = e;
    X.lim = lim;
    X.L.s = &X.ph;
    X.L.lim = lim;
    X.L.d = d;
    X.L.ylim.max_bytes = lim->max_file_bytes;
    X.L.ylim.max_depth = lim->max_depth;
    X.L.ylim.max_nodes = lim->max_yaml_nodes;
    if (!(e->path = strdup(path)))
        return diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory loading the experiment");
    X.ph.path = e->path;
    rc = ytree_load(&X.L.root, e->path, &X.L.ylim, &X.L.yaml_used, d);
    if (rc == DIAG_OK)
        rc = validate(&X);
    ytree_free(X.L.root);
    for (size_t i = 0; i < X.n_bases; i++)
        scenario_destroy(&X.bases[i]);
    free(X.bases);
    free(X.key_at);
    if (rc != DIAG_OK)
        experiment_destroy(e);
    return rc;
}

int experiment_file_is(const char *path, const struct scenario_limits *lim)
{
    struct ytree_limits ylim = {
        .max_bytes = lim->max_file_bytes, .max_depth = lim->max_depth, .max_nodes = lim->max_yaml_nodes};
    struct ytree *root = NULL;
    struct diag d;
    long used = 0;
    diag_init(&d);
    if (ytree_load(&root, path, &ylim, &used, &d) != DIAG_OK)
        return 0;
    int is = root && root->kind == YTREE_MAP && ytree_find(root, "factors") >= 0;
    ytree_free(root);
    return is;
}

void experiment_describe(const struct experiment *e, FILE *out)
{
    const struct experiment_design *g = &e->design;
    const struct experiment_calibration *c = &e->calibration;
    fprintf(out, "experiment %s: %zu scenario%s (", e->name, e->n_scenarios, e->n_scenarios == 1 ? "" : "s");
    for (size_t i = 0; i < e->n_scenarios; i++)
        fprintf(out, "%s%s", i ? ", " : "", e->scenarios[i]);
    if (!e->has_design) {
        char q[40];
        csvout_format_number(q, sizeof q, c->quantile);
        fprintf(
            out,
            "), %zu factor%s, calibration abc-smc (%ld particles, %ld generations, quantile %s, seed %llu): "
            "%ld replicas per particle, seed %llu\n",
            e->n_factors, e->n_factors == 1 ? "" : "s", c->particles, c->generations, q,
            (unsigned long long)c->seed, e->replicas, (unsigned long long)e->seed);
        return;
    }
    fprintf(out, "), %zu factor%s, %s design (", e->n_factors, e->n_factors == 1 ? "" : "s",
            experiment_method_name(g->method));
    switch (g->method) {
    case EXPERIMENT_FACTORIAL:
        if (g->levels > 0)
            fprintf(out, "%ld levels", g->levels);
        else
            fputs("levels as listed", out);
        break;
    case EXPERIMENT_LHS:
        fprintf(out, "%ld samples, seed %llu", g->samples, (unsigned long long)g->seed);
        break;
    case EXPERIMENT_SOBOL:
        fprintf(out, "N %ld%s, seed %llu", g->samples, g->second_order ? ", second order" : "",
                (unsigned long long)g->seed);
        break;
    case EXPERIMENT_MORRIS:
        fprintf(out, "%ld trajectories, %ld levels, seed %llu", g->trajectories, g->levels,
                (unsigned long long)g->seed);
        break;
    }
    fprintf(out, "): %ld points x %ld replicas x %zu scenario%s = %ld replicas, seed %llu%s, metrics",
            g->points, e->replicas, e->n_scenarios, e->n_scenarios == 1 ? "" : "s",
            g->points * e->replicas * (long)e->n_scenarios, (unsigned long long)e->seed,
            e->common_random_numbers ? " (common random numbers)" : "");
    const char *sep = " ";
    for (int m = 0; m < METRIC_COUNT; m++)
        if (e->metrics & METRIC_BIT(m)) {
            fprintf(out, "%s%s", sep, measure_metric_name(m));
            sep = ", ";
        }
    if (e->n_steps == 0)
        fputs(", at each scenario's last step", out);
    else {
        fputs(", at step", out);
        fputs(e->n_steps == 1 ? " " : "s ", out);
        for (int i = 0; i < e->n_steps; i++)
            fprintf(out, "%s%d", i ? ", " : "", e->steps[i]);
    }
    if (e->discovery.metric >= 0) {
        char thr[40];
        csvout_format_number(thr, sizeof thr, e->discovery.threshold);
        fprintf(out, ", discovery %s %s %s", measure_metric_name(e->discovery.metric), ops[e->discovery.op],
                thr);
        if (e->discovery.step >= 0)
            fprintf(out, " at step %d", e->discovery.step);
        else
            fputs(" at the last step", out);
        if (e->discovery.scenario)
            fprintf(out, " of %s", e->discovery.scenario);
    }
    for (size_t i = 0; i < e->n_contrasts; i++) {
        const struct experiment_contrast *ct = &e->contrasts[i];
        fprintf(out, "%s%s = %s - %s", i ? ", " : ", contrasts ", ct->name, e->scenario_names[ct->scenario],
                e->scenario_names[ct->reference]);
    }
    fputc('\n', out);
}

int experiment_load(const char *path, struct experiment *e, struct diag *d)
{
    struct scenario_limits lim;
    scenario_limits_default(&lim);
    return experiment_load_limits(path, &lim, e, d);
}

void experiment_destroy(struct experiment *e)
{
    if (!e)
        return;
    free(e->name);
    free(e->description);
    free(e->path);
    for (size_t i = 0; i < e->n_scenarios; i++) {
        free(e->scenarios[i]);
        if (e->scenario_names)
            free(e->scenario_names[i]);
    }
    free(e->scenarios);
    free(e->scenario_names);
    for (size_t i = 0; i < e->n_contrasts; i++)
        free(e->contrasts[i].name);
    free(e->contrasts);
    free(e->discovery.scenario);
    for (size_t j = 0; j < e->n_factors; j++) {
        struct factor *f = &e->factors[j];
        free(f->name);
        free(f->key);
        for (size_t i = 0; i < f->n_levels; i++) {
            free(f->levels[i].text);
            free(f->levels[i].yaml);
        }
        free(f->levels);
        for (size_t i = 0; i < f->n_alts; i++) {
            for (int s = 0; s < f->alts[i].n_sets; s++) {
                free((char *)(uintptr_t)f->alts[i].sets[s].key);
                free((char *)(uintptr_t)f->alts[i].sets[s].value);
            }
            free(f->alts[i].sets);
            free(f->alts[i].name);
        }
        free(f->alts);
    }
    free(e->factors);
    free(e->steps);
    memset(e, 0, sizeof *e);
}

/* ----------------------------------------------------- design coordinates */

/* Inverse CDF of the normal (mean, sd) truncated to [lo, hi] at u: the
 * quantile between the CDF values of the bounds, taken in the upper tail's
 * complement when both bounds lie above the mean (so that bounds far in
 * that tail keep their precision). */
static double truncated_normal(double u, double mean, double sd, double lo, double hi)
{
    double x;
    if (lo > mean) {
        double qa = gsl_cdf_gaussian_Q(lo - mean, sd), qb = gsl_cdf_gaussian_Q(hi - mean, sd);
        x = mean + gsl_cdf_gaussian_Qinv(qa - u * (qa - qb), sd);
    } else {
        double pa = gsl_cdf_gaussian_P(lo - mean, sd), pb = gsl_cdf_gaussian_P(hi - mean, sd);
        x = mean + gsl_cdf_gaussian_Pinv(pa + u * (pb - pa), sd);
    }
    return x < lo ? lo : x > hi ? hi : x; /* rounding, and u = 0 or 1 (infinite quantiles) */
}

static double triangular(double u, double lo, double mode, double hi)
{
    double w = hi - lo;
    if (u * w < mode - lo)
        return lo + sqrt(u * w * (mode - lo));
    return hi - sqrt((1 - u) * w * (hi - mode));
}

int experiment_factor_value(const struct experiment *e, size_t j, double u, struct factor_value *v)
{
    if (j >= e->n_factors || !(u >= 0 && u <= 1))
        return -1;
    const struct factor *f = &e->factors[j];
    int integer = f->type == FACTOR_INTEGER;
    double x = 0;
    memset(v, 0, sizeof *v);
    switch (f->kind) {
    case FACTOR_LEVELS:
    case FACTOR_ALTERNATIVES: {
        size_t n = f->kind == FACTOR_LEVELS ? f->n_levels : f->n_alts;
        size_t k = (size_t)(u * (double)n);
        v->level = k < n ? k : n - 1;
        v->x = f->kind == FACTOR_LEVELS ? f->levels[v->level].x : (double)v->level;
        return 0;
    }
    case FACTOR_RANGE:
        if (integer) {
            double n = f->hi - f->lo + 1, k = floor(u * n);
            x = f->lo + (k < n ? k : n - 1);
        } else {
            x = u < 1 ? f->lo + u * (f->hi - f->lo) : f->hi; /* hi exactly, whatever the rounding */
        }
        break;
    case FACTOR_UNIFORM: x = u < 1 ? gsl_cdf_flat_Pinv(u, f->lo, f->hi) : f->hi; break;
    case FACTOR_TRIANGULAR: x = triangular(u, f->lo, f->mode, f->hi); break;
    case FACTOR_NORMAL: x = truncated_normal(u, f->mean, f->sd, f->lo, f->hi); break;
    }
    if (integer && f->kind != FACTOR_RANGE)
        x = round(x);
    x = x < f->lo ? f->lo : x > f->hi ? f->hi : x;
    v->x = x;
    number_text(v->num, sizeof v->num, x, integer);
    return 0;
}

int experiment_factor_at(const struct experiment *e, size_t j, double x, struct factor_value *v)
{
    if (j >= e->n_factors || isnan(x))
        return -1;
    const struct factor *f = &e->factors[j];
    memset(v, 0, sizeof *v);
    if (f->kind == FACTOR_LEVELS || f->kind == FACTOR_ALTERNATIVES) {
        size_t n = f->kind == FACTOR_LEVELS ? f->n_levels : f->n_alts;
        double k = round(x);
        v->level = k < 0 ? 0 : k >= (double)n ? n - 1 : (size_t)k;
        v->x = f->kind == FACTOR_LEVELS ? f->levels[v->level].x : (double)v->level;
        return 0;
    }
    int integer = f->type == FACTOR_INTEGER;
    if (integer)
        x = round(x);
    x = x < f->lo ? f->lo : x > f->hi ? f->hi : x;
    v->x = x;
    number_text(v->num, sizeof v->num, x, integer);
    return 0;
}

const char *experiment_value_text(const struct experiment *e, size_t j, const struct factor_value *v)
{
    const struct factor *f = &e->factors[j];
    if (f->kind == FACTOR_LEVELS)
        return f->levels[v->level].text;
    if (f->kind == FACTOR_ALTERNATIVES)
        return f->alts[v->level].name;
    return v->num;
}

int experiment_factor_sets(const struct experiment *e, size_t j, const struct factor_value *v,
                           struct scenario_set *sets, int max)
{
    const struct factor *f = &e->factors[j];
    if (f->kind == FACTOR_ALTERNATIVES) {
        const struct factor_alternative *a = &f->alts[v->level];
        for (int i = 0; i < a->n_sets && i < max; i++)
            sets[i] = a->sets[i];
        return a->n_sets;
    }
    if (max > 0) {
        sets[0].key = f->key;
        sets[0].value = f->kind == FACTOR_LEVELS ? f->levels[v->level].yaml : v->num;
    }
    return 1;
}

const char *experiment_method_name(enum design_method m)
{
    return (unsigned)m < COUNT(methods) ? methods[m] : "?";
}
