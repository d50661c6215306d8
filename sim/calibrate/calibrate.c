/* sim/calibrate/calibrate.c - `infnet calibrate`: the ABC-SMC driver over the runner (calibrate.h).
 *
 * Follows sim/sweep/sweep.c: one writer per directory (outdir lock), the
 * outputs under temporary names renamed at the end, meta.json last. The
 * checkpoint, DIR/.calibration-checkpoint, holds the inputs' fingerprint,
 * the next proposal's index and the sampler's whole state
 * (abc_smc_save): proposals are evaluated one at a time in index order, so
 * the state after proposal i is the same in any session, and a proposal
 * interrupted half-way is run again from its first replica. Under MPI the
 * ranks agree on every outcome at the same points (agree), so that they
 * stop together with one exit code.
 */
#include "sim/calibrate/calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "analysis/abc.h"
#include "analysis/stats.h"
#include "sim/engine/measure.h"
#include "sim/engine/ranks.h"
#include "sim/engine/rng.h"
#include "sim/engine/run.h"
#include "sim/engine/runner.h"
#include "sim/engine/weightonly.h"
#include "sim/load/observations.h"
#include "sim/output/atomicfile.h"
#include "sim/output/meta.h"
#include "sim/output/outdir.h"
#include "sim/output/schema.h"
#include "sim/sweep/experiment.h"
#include "sim/sweep/point.h"
#include "sim/util/infile.h"

#define CAL_OPTION "infnet calibrate"
#define CAL_CHECKPOINT ".calibration-checkpoint"
#define CAL_CHECKPOINT_TAG "infnet calibration checkpoint 1"

/* The predictive check's interval: its quantiles. */
#define PRED_LO 0.05
#define PRED_HI 0.95

struct cal {
    const struct calibrate_request *req;
    struct diag *d;
    struct experiment e;
    struct observations o;
    struct scenario base;
    char ***hashes; /* [1][file]: the base scenario's files' digests */
    char **sha;     /* hashes[0] */
    char exp_sha[65], obs_sha[65];
    struct sweep_point pt;
    struct factor_value *v; /* [n_factors] */
    size_t k;               /* continuous factors: the sampler's parameters */
    size_t *param_factor;   /* [k]: the factor of parameter p */
    long choice;            /* the factor of alternatives (model choice), or -1 */
    struct abc_prior *priors;
    struct abc_smc s;
    int s_ready;
    int *steps; /* the steps the observations read */
    int n_steps;
    char *node_steps, *node_measures; /* node observations: outputs.node_steps and node_metrics */
    double *scratch;                  /* RUNNER_EXACT_CAP doubles */
    double *sim;                      /* [o.n]: one evaluation's summaries */
    double *theta;                    /* [k] */
    char *dir, *print;
    long next; /* the next proposal's index in the open generation */
    struct timespec last_ck;
};

static double seconds_since(struct timespec t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - t0.tv_nsec);
}

static int oom(struct cal *c)
{
    return diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
}

static int from_igraph(struct cal *c, igraph_error_t err, const char *what)
{
    if (err == IGRAPH_ENOMEM)
        return diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory %s", what);
    return diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "%s failed: %s", what, igraph_strerror(err));
}

/* Every rank, at the same point: the worst of the ranks' outcomes, so that
 * all go on or all stop with one exit code. A rank that failed keeps its
 * own message; one that did not learns that another did. */
static int agree(struct cal *c, int rc)
{
    int worst = ranks_max_int(rc);
    if (worst == rc)
        return rc;
    if (rc == DIAG_OK)
        return diag_set(c->d, worst, NULL, 0, 0, "another MPI rank stopped the calibration");
    c->d->code = worst;
    return worst;
}

/* ---- setup --------------------------------------------------------------- */

/* The priors from the factors: numbers are parameters, one factor of
 * alternatives is the model choice; levels are refused. */
static int make_priors(struct cal *c)
{
    const struct experiment *e = &c->e;
    c->choice = -1;
    c->param_factor = calloc(e->n_factors + 1, sizeof *c->param_factor);
    c->priors = calloc(e->n_factors + 1, sizeof *c->priors);
    if (!c->param_factor || !c->priors)
        return oom(c);
    for (size_t j = 0; j < e->n_factors; j++) {
        const struct factor *f = &e->factors[j];
        if (f->kind == FACTOR_LEVELS)
            return diag_set(c->d, DIAG_INPUT, e->path, f->line, f->col,
                            "factor '%s' has levels: infnet calibrate infers numbers (a range or a "
                            "distribution) and chooses among alternatives",
                            f->name);
        if (f->kind == FACTOR_ALTERNATIVES) {
            if (c->choice >= 0)
                return diag_set(c->d, DIAG_INPUT, e->path, f->line, f->col,
                                "factor '%s' is a second factor of alternatives: a calibration chooses among "
                                "the variants of one ('%s')",
                                f->name, e->factors[c->choice].name);
            c->choice = (long)j;
            continue;
        }
        struct abc_prior *p = &c->priors[c->k];
        p->model = -1;
        p->integer = f->type == FACTOR_INTEGER;
        p->lo = f->lo;
        p->hi = f->hi;
        switch (f->kind) {
        case FACTOR_TRIANGULAR:
            p->kind = ABC_TRIANGULAR;
            p->mode = f->mode;
            break;
        case FACTOR_NORMAL:
            p->kind = ABC_NORMAL;
            p->mean = f->mean;
            p->sd = f->sd;
            break;
        default: p->kind = ABC_UNIFORM; break;
        }
        if (abc_prior_check(p) != IGRAPH_SUCCESS)
            return diag_set(c->d, DIAG_INPUT, e->path, f->line, f->col,
                            "factor '%s' cannot be a prior: its support is empty", f->name);
        c->param_factor[c->k++] = j;
    }
    return DIAG_OK;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The per-node statistics the node observations read: outputs.node_steps
 * (their steps) and outputs.node_metrics (their measures), as --set values;
 * none when there is no node observation. */
static int node_outputs(struct cal *c)
{
    char *steps = NULL, *measures = NULL;
    size_t ls = 0, lm = 0;
    FILE *fs = open_memstream(&steps, &ls), *fm = open_memstream(&measures, &lm);
    int any = 0, failed = !fs || !fm;
    unsigned seen = 0;
    int last = -1;
    for (size_t i = 0; i < c->o.n && !failed; i++) {
        const struct observation *ob = &c->o.obs[i];
        if (ob->node < 0 || ob->measure < 0 || (seen & (1u << ob->measure)))
            continue;
        seen |= 1u << ob->measure;
        fprintf(fm, "%s%s", any ? ", " : "[", measure_node_metric_name(ob->measure));
        any = 1;
    }
    any = 0;
    for (int k = 0; k < c->n_steps && !failed; k++) {
        int t = c->steps[k], wanted = 0;
        for (size_t i = 0; i < c->o.n && !wanted; i++)
            wanted = c->o.obs[i].measure >= 0 && (c->o.obs[i].step == t || c->o.obs[i].from == t);
        if (!wanted || t == last)
            continue;
        fprintf(fs, "%s%d", any ? ", " : "[", t);
        any = 1;
        last = t;
    }
    if (fs && any)
        fputs("]", fs);
    if (fm && any)
        fputs("]", fm);
    if (fs && fclose(fs))
        failed = 1;
    if (fm && fclose(fm))
        failed = 1;
    if (failed || !any) {
        free(steps);
        free(measures);
        return failed ? oom(c) : DIAG_OK;
    }
    c->node_steps = steps;
    c->node_measures = measures;
    c->pt.node_steps = steps;
    c->pt.node_metrics = measures;
    return DIAG_OK;
}

/* The steps the observations read, sorted and distinct. */
static int observed_steps(struct cal *c)
{
    c->steps = calloc(2 * c->o.n + 1, sizeof *c->steps);
    if (!c->steps)
        return oom(c);
    for (size_t i = 0; i < c->o.n; i++) {
        const struct observation *ob = &c->o.obs[i];
        if (ob->metric < 0 && ob->node < 0)
            continue;
        c->steps[c->n_steps++] = ob->step;
        if (ob->from >= 0)
            c->steps[c->n_steps++] = ob->from;
    }
    qsort(c->steps, (size_t)c->n_steps, sizeof *c->steps, int_cmp);
    int n = 0;
    for (int i = 0; i < c->n_steps; i++)
        if (n == 0 || c->steps[n - 1] != c->steps[i])
            c->steps[n++] = c->steps[i];
    c->n_steps = n;
    return node_outputs(c);
}

static char *fingerprint(const struct cal *c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    fprintf(f, "engine infnet %s (git %s)\n", c->req->version, c->req->commit);
    fprintf(f, "experiment %s sha256 %s\n", c->e.path, c->exp_sha);
    fprintf(f, "observations %s sha256 %s\n", c->o.path, c->obs_sha);
    for (int j = 0; j < c->base.n_files; j++)
        fprintf(f, "file %s sha256 %s\n", c->base.files[j], c->sha[j]);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* ---- one evaluation ---------------------------------------------------- */

struct means {
    const struct scenario *s;
    const struct runner_state *st;
    double *scratch;
};

static double mean_at(void *ctx, const struct observation *ob, int t)
{
    struct means *m = ctx;
    struct stats_summary sm;
    if (ob->patron >= 0) /* the share of the replicas: whole counts, exact */
        return runner_patron_share(m->s, m->st, t, ob->node, ob->patron);
    if (ob->node >= 0) {
        const struct scenario *s = m->s;
        for (int k = 0; k < s->n_node_steps; k++)
            if (s->node_steps[k] == t) {
                size_t cell = ((size_t)k * (size_t)s->world.n_nodes + (size_t)ob->node) * NODE_METRIC_COUNT +
                              (size_t)ob->measure;
                stats_summarize(&m->st->nodes, cell, m->scratch, &sm);
                return sm.mean;
            }
        return NAN;
    }
    long cell = runner_summary_cell(m->s, t, ob->metric);
    if (cell < 0)
        return NAN;
    stats_summarize(&m->st->summary, (size_t)cell, m->scratch, &sm);
    return sm.mean;
}

/* The factor values of (theta, model) into c->v. */
static int point_of(struct cal *c, const double *theta, int model)
{
    for (size_t p = 0; p < c->k; p++)
        if (experiment_factor_at(&c->e, c->param_factor[p], abc_prior_value(&c->priors[p], theta[p]),
                                 &c->v[c->param_factor[p]]))
            return diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "a proposal's value is not a number");
    if (c->choice >= 0 && experiment_factor_at(&c->e, (size_t)c->choice, (double)model, &c->v[c->choice]))
        return diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "a proposal's variant is out of range");
    return DIAG_OK;
}

/* Run the replicas of the point (theta, model) with the streams of `key`,
 * and put every observation's summary into c->sim. */
static int evaluate(struct cal *c, const double *theta, int model, const char *what, const char *key)
{
    struct scenario s;
    struct runner_state st;
    int rc = point_of(c, theta, model), loaded = 0;
    if (!rc && !(rc = sweep_point_load(&c->pt, 0, c->v, c->steps, c->n_steps, what, &s, c->d)))
        loaded = 1;
    char *stream = loaded ? atomicfile_pathf("%s\n%s", s.name, key) : NULL;
    if (loaded && (!stream || runner_state_init(&st, &s, 0))) {
        free(stream);
        scenario_destroy(&s);
        loaded = 0;
        rc = diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory for statistics");
    }
    /* every rank loaded the point, or none runs it */
    if ((rc = agree(c, rc))) {
        if (loaded) {
            runner_state_destroy(&st);
            scenario_destroy(&s);
            free(stream);
        }
        return rc;
    }
    int threads = c->req->threads < c->e.replicas ? c->req->threads : (int)c->e.replicas;
    struct runner_options ro = {
        .threads = threads, .exact_cap = RUNNER_EXACT_CAP, .stop = c->req->stop, .stream_key = stream};
    /* the replicas are shared among the ranks; rank 0 folds them */
    rc = agree(c, runner_run(&s, &ro, NULL, &st, c->d));
    if (!rc && ranks_rank() == 0) {
        struct means m = {.s = &s, .st = &st, .scratch = c->scratch};
        for (size_t i = 0; i < c->o.n; i++)
            c->sim[i] = c->o.obs[i].metric < 0 && c->o.obs[i].node < 0
                            ? NAN
                            : observation_summary(&c->o.obs[i], mean_at, &m);
    }
    /* every rank's sampler accepts or rejects on rank 0's summaries */
    if (!rc && ranks_bcast_doubles(c->sim, c->o.n))
        rc = diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "%s: sharing the summaries among the ranks failed",
                      what);
    runner_state_destroy(&st);
    scenario_destroy(&s);
    free(stream);
    return rc;
}

/* The distance of c->sim: the Euclidean norm of the calibrate observations'
 * scaled differences; +infinity when a summary is not a number. */
static double distance(const struct cal *c)
{
    double sum = 0;
    for (size_t i = 0; i < c->o.n; i++) {
        const struct observation *ob = &c->o.obs[i];
        if (ob->use != OBS_CALIBRATE)
            continue;
        if (isnan(c->sim[i]))
            return HUGE_VAL;
        double x = observation_distance(ob, c->sim[i]);
        sum += x * x;
    }
    return sqrt(sum);
}

/* ---- checkpoint -------------------------------------------------------- */

/* The checkpoint's text: tag, fingerprint, next proposal, sampler. 0 or -1. */
static int put_checkpoint(const struct cal *c, FILE *f)
{
    fprintf(f, "%s\nfingerprint %zu\n%snext %ld\n", CAL_CHECKPOINT_TAG, strlen(c->print), c->print, c->next);
    return abc_smc_save(&c->s, f) != IGRAPH_SUCCESS || fflush(f) != 0 || ferror(f) ? -1 : 0;
}

/* Every rank: rank 0 writes the checkpoint; all learn whether it could. */
static int write_checkpoint(struct cal *c)
{
    struct atomicfile af;
    int rc = DIAG_OK;
    if (ranks_rank() == 0 && !(rc = atomicfile_open(&af, c->dir, CAL_CHECKPOINT, c->d))) {
        if (put_checkpoint(c, af.f)) {
            atomicfile_abort(&af);
            rc = diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s/%s': %s", c->dir, CAL_CHECKPOINT,
                          strerror(errno));
        } else
            rc = atomicfile_commit(&af, c->d);
    }
    clock_gettime(CLOCK_MONOTONIC, &c->last_ck);
    return agree(c, rc);
}

/* Restore the sampler from a checkpoint's text in f (size bytes), read from path. */
static int parse_checkpoint(struct cal *c, FILE *f, off_t size, const char *path)
{
    char tag[64];
    size_t len = 0;
    int rc = DIAG_OK;
    if (!fgets(tag, sizeof tag, f) || strcmp(tag, CAL_CHECKPOINT_TAG "\n") != 0 ||
        fscanf(f, "fingerprint %zu", &len) != 1 || fgetc(f) != '\n' || len > (size_t)size)
        rc = diag_set(c->d, DIAG_INPUT, path, 0, 0, "not a checkpoint of infnet calibrate");
    char *text = rc ? NULL : malloc(len + 1);
    if (!rc && !text)
        rc = oom(c);
    if (!rc && fread(text, 1, len, f) != len)
        rc = diag_set(c->d, DIAG_INPUT, path, 0, 0, "the checkpoint is truncated");
    if (!rc) {
        text[len] = '\0';
        if (strcmp(text, c->print) != 0) {
            char why2[1024];
            run_fingerprint_difference(text, c->print, "this calibration",
                                       "this calibration reads fewer files",
                                       "this calibration reads more files", why2, sizeof why2);
            rc = diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                          "cannot resume '%s': it was started with other inputs: %s", c->dir, why2);
        }
    }
    if (!rc && (fscanf(f, "next %ld", &c->next) != 1 || fgetc(f) != '\n' || c->next < 0))
        rc = diag_set(c->d, DIAG_INPUT, path, 0, 0, "the checkpoint is damaged (its 'next' line)");
    if (!rc) {
        igraph_error_t err = abc_smc_load(&c->s, f);
        if (err == IGRAPH_ENOMEM)
            rc = oom(c);
        else if (err)
            rc = diag_set(c->d, DIAG_INPUT, path, 0, 0, "the checkpoint's sampler state is damaged");
        else if (c->s.k != c->k || c->s.n != (size_t)c->e.calibration.particles ||
                 c->s.n_models != (c->choice >= 0 ? c->e.factors[c->choice].n_alts : 1)) {
            abc_smc_destroy(&c->s);
            rc = diag_set(c->d, DIAG_INPUT, path, 0, 0,
                          "the checkpoint's sampler does not fit the experiment");
        } else
            c->s_ready = 1;
    }
    free(text);
    return rc;
}

/* Restore the sampler from dir's checkpoint (rank 0). */
static int read_checkpoint(struct cal *c, const char *path)
{
    FILE *f;
    off_t size;
    const char *why;
    int rc = infile_open_own(path, &f, &size, &why);
    if (rc)
        return rc == DIAG_RUNTIME ? oom(c) : diag_set(c->d, DIAG_INPUT, path, 0, 0, "cannot read: %s", why);
    rc = parse_checkpoint(c, f, size, path);
    fclose(f);
    return rc;
}

/* Every rank, after rank 0 prepared the directory: rank 0's sampler and
 * next proposal (fresh or resumed) on every other rank, as the text of a
 * checkpoint, so that all propose the same particles from here on. */
static int share_sampler(struct cal *c)
{
    if (ranks_size() == 1)
        return DIAG_OK;
    char *text = NULL;
    size_t len = 0;
    int rc = DIAG_OK;
    if (ranks_rank() == 0) {
        FILE *f = open_memstream(&text, &len);
        if (!f)
            rc = oom(c);
        else if (put_checkpoint(c, f) | fclose(f))
            rc = oom(c);
    }
    if ((rc = agree(c, rc))) {
        free(text);
        return rc;
    }
    if (ranks_bcast_text(&text, &len))
        rc = diag_set(c->d, DIAG_RUNTIME, NULL, 0, 0, "sharing the sampler among the ranks failed");
    if (!rc && ranks_rank() != 0) {
        FILE *f = fmemopen(text, len, "r");
        rc = f ? parse_checkpoint(c, f, (off_t)len, "rank 0's sampler") : oom(c);
        if (f)
            fclose(f);
    }
    free(text);
    return agree(c, rc);
}

/* Take dir: a fresh sampler, or the checkpoint's under --resume. */
static int prepare_dir(struct cal *c, struct outdir_lock *lock)
{
    int rc = outdir_lock(lock, c->dir, CAL_OPTION, c->d);
    if (rc)
        return rc;
    char *ck = atomicfile_pathf("%s/%s", c->dir, CAL_CHECKPOINT);
    if (!ck)
        return oom(c);
    struct stat st;
    int has_ck = lstat(ck, &st) == 0;
    if (c->req->resume && has_ck) {
        rc = read_checkpoint(c, ck);
        free(ck);
        return rc;
    }
    free(ck);
    static const char *const ours[] = {"posterior.csv", "generations.csv", "predictive.csv", "design.csv",
                                       "points.csv"};
    int held = run_dir_holds_any(c->dir, ours, sizeof ours / sizeof ours[0]);
    if (held < 0)
        return oom(c);
    if (c->req->resume && held)
        return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                        "'%s' holds results but no calibration checkpoint: nothing to resume", c->dir);
    if (!c->req->force && !c->req->resume && (held || has_ck))
        return diag_set(c->d, DIAG_INPUT, NULL, 0, 0,
                        "'%s' already holds results; use --resume to continue an interrupted calibration "
                        "there, --force to replace them, or -o for another directory",
                        c->dir);
    if (c->req->force && (rc = outdir_clear(c->dir, NULL, 0, c->d)))
        return rc;
    size_t n_models = c->choice >= 0 ? c->e.factors[c->choice].n_alts : 1;
    igraph_error_t err = abc_smc_init(&c->s, c->k, c->priors, (size_t)c->e.calibration.particles, n_models,
                                      NULL, c->e.calibration.quantile);
    if (err)
        return from_igraph(c, err, "setting up the sampler");
    c->s_ready = 1;
    c->next = 0;
    return DIAG_OK;
}

/* ---- the generations --------------------------------------------------- */

static void progress(const struct cal *c, size_t accepted)
{
    if (c->req->quiet || !isatty(STDERR_FILENO))
        return;
    fprintf(stderr, "\r\033[K%s: generation %zu/%ld, %zu/%ld accepted of %ld proposals", c->e.name,
            c->s.t + 1, c->e.calibration.generations, accepted, c->e.calibration.particles, c->next);
    fflush(stderr);
}

/* Fill and close generation c->s.t; *interrupted on a signal (checkpoint written). */
static int run_generation(struct cal *c, int *interrupted)
{
    const struct experiment_calibration *cal = &c->e.calibration;
    long limit = cal->max_proposals * cal->particles;
    struct rng_stream r;
    char key[96], what[96];
    size_t accepted = 0;
    int no_stream = rng_stream_init(&r) != 0;
    int rc = agree(c, no_stream ? oom(c) : DIAG_OK);
    if (rc) {
        if (!no_stream)
            rng_stream_destroy(&r);
        return rc;
    }
    snprintf(key, sizeof key, "calibrate %zu", c->s.t);
    while (!abc_smc_full(&c->s)) {
        if (c->next >= limit) {
            rc = diag_set(c->d, DIAG_INPUT, c->e.path, cal->line, cal->col,
                          "generation %zu accepted %zu of %ld particles in %ld proposals (calibration."
                          "max_proposals %ld per particle): the tolerance %g is out of reach; raise "
                          "max_proposals, lower 'generations' or raise 'quantile'",
                          c->s.t, accepted, cal->particles, limit, cal->max_proposals, c->s.epsilon);
            break;
        }
        int model = 0;
        rng_stream_seed_with(&r, rng_stream_seed(cal->seed, key, (uint64_t)c->next));
        igraph_error_t err = abc_smc_propose(&c->s, r.gsl, c->theta, &model);
        if (err)
            rc = err == IGRAPH_DIVERGED
                     ? diag_set(c->d, DIAG_INPUT, c->e.path, cal->line, cal->col,
                                "generation %zu: proposal %ld found no value inside the priors' support",
                                c->s.t, c->next)
                     : from_igraph(c, err, "proposing a particle");
        if ((rc = agree(c, rc)))
            break;
        snprintf(what, sizeof what, "proposal %ld of generation %zu", c->next, c->s.t);
        char stream[96];
        snprintf(stream, sizeof stream, "calibrate %zu %ld", c->s.t, c->next);
        rc = evaluate(c, c->theta, model, what, stream);
        if (rc == DIAG_INTERRUPTED) {
            *interrupted = 1;
            rc = write_checkpoint(c);
            break;
        }
        if (rc)
            break;
        int acc = 0;
        if ((err = abc_smc_accept(&c->s, (size_t)c->next, c->theta, model, distance(c), &acc)))
            rc = from_igraph(c, err, "accepting a particle");
        if ((rc = agree(c, rc)))
            break;
        accepted += acc != 0;
        c->next++;
        progress(c, accepted);
        /* one decision for every rank: a signal on any of them stops all
         * (2); rank 0's clock says when a checkpoint is due (1) */
        int stop = c->req->stop && *c->req->stop ? 2 : 0;
        int due = ranks_rank() == 0 && seconds_since(c->last_ck) >= RUN_CHECKPOINT_SECONDS;
        int next = ranks_max_int(stop | due);
        if (next >= 2) {
            *interrupted = 1;
            rc = write_checkpoint(c);
            break;
        }
        if (next == 1 && (rc = write_checkpoint(c)))
            break;
    }
    if (!rc && !*interrupted) {
        igraph_error_t err = abc_smc_next_generation(&c->s);
        if (!(rc = agree(c, err ? from_igraph(c, err, "closing a generation") : DIAG_OK))) {
            c->next = 0;
            rc = write_checkpoint(c);
        }
    }
    rng_stream_destroy(&r);
    return rc;
}

/* ---- outputs ----------------------------------------------------------- */

static int write_posterior(struct cal *c, struct atomicfile *af)
{
    const char **names = calloc(c->k + 2, sizeof *names);
    if (!names)
        return oom(c);
    size_t n_extra = 0;
    for (size_t p = 0; p < c->k; p++)
        names[n_extra++] = c->e.factors[c->param_factor[p]].name;
    if (c->choice >= 0)
        names[n_extra++] = "variant";
    int rc = atomicfile_open(af, c->dir, schema_posterior.file, c->d);
    if (!rc) {
        schema_write_header_extra(af->f, &schema_posterior, names, n_extra);
        for (size_t i = 0; i < c->s.n && !rc; i++) {
            int model = c->s.model ? c->s.model[i] : 0;
            if ((rc = point_of(c, c->s.theta + i * c->k, model)))
                break;
            struct schema_row r;
            schema_row_begin(&r, af->f, &schema_posterior);
            schema_row_whole(&r, i);
            schema_row_number(&r, c->s.weight[i]);
            for (size_t p = 0; p < c->k; p++)
                schema_row_extra(&r,
                                 experiment_value_text(&c->e, c->param_factor[p], &c->v[c->param_factor[p]]));
            if (c->choice >= 0)
                schema_row_extra(&r, experiment_value_text(&c->e, (size_t)c->choice, &c->v[c->choice]));
            schema_row_end(&r);
        }
    }
    free(names);
    return rc;
}

static int write_generations(struct cal *c, struct atomicfile *af)
{
    int rc = atomicfile_open(af, c->dir, schema_generations.file, c->d);
    if (rc)
        return rc;
    schema_write_header(af->f, &schema_generations);
    for (size_t g = 0; g < c->s.t; g++) {
        const struct abc_generation *h = &c->s.history[g];
        struct schema_row r;
        schema_row_begin(&r, af->f, &schema_generations);
        schema_row_whole(&r, g);
        schema_row_number(&r, h->epsilon);
        schema_row_whole(&r, h->n_proposed);
        schema_row_whole(&r, c->s.n);
        schema_row_number(&r, h->acceptance);
        schema_row_number(&r, h->ess);
        schema_row_end(&r);
    }
    return DIAG_OK;
}

/* Every rank: run every particle of the posterior again (streams
 * "predictive I"); *val receives observation j's value for particle i at
 * [j * n + i]. */
static int predictive_values(struct cal *c, double **val_out, int *interrupted)
{
    size_t n = c->s.n, no = c->o.n;
    double *val = malloc((n * no + 1) * sizeof *val);
    int rc = agree(c, val ? DIAG_OK : oom(c));
    char what[64], stream[64];
    for (size_t i = 0; i < n && !rc; i++) {
        snprintf(what, sizeof what, "posterior particle %zu", i);
        snprintf(stream, sizeof stream, "predictive %zu", i);
        rc = evaluate(c, c->s.theta + i * c->k, c->s.model ? c->s.model[i] : 0, what, stream);
        if (rc == DIAG_INTERRUPTED)
            *interrupted = 1;
        if (!rc)
            for (size_t j = 0; j < no; j++)
                val[j * n + i] = c->sim[j];
    }
    if (rc)
        free(val);
    else
        *val_out = val;
    return rc;
}

/* Write each observation's weighted median and 90% interval of the
 * predictive values (rank 0). */
static int write_predictive(struct cal *c, struct atomicfile *af, const double *val)
{
    size_t n = c->s.n, no = c->o.n;
    int rc = atomicfile_open(af, c->dir, schema_predictive.file, c->d);
    if (!rc)
        schema_write_header(af->f, &schema_predictive);
    for (size_t j = 0; j < no && !rc; j++) {
        const struct observation *ob = &c->o.obs[j];
        if (ob->use == OBS_NONE)
            continue;
        double q[3], p[3] = {0.5, PRED_LO, PRED_HI};
        for (int k = 0; k < 3 && !rc; k++) {
            igraph_error_t err = abc_weighted_quantile(val + j * n, c->s.weight, n, p[k], &q[k]);
            if (err)
                rc = from_igraph(c, err, "the predictive quantiles");
        }
        if (rc)
            break;
        int covered =
            ob->bounded ? !(q[2] < ob->lo || q[1] > ob->hi) : ob->value >= q[1] && ob->value <= q[2];
        struct schema_row r;
        schema_row_begin(&r, af->f, &schema_predictive);
        schema_row_text(&r, ob->id);
        schema_row_text(&r, observation_use_name(ob->use));
        schema_row_number(&r, ob->bounded ? NAN : ob->value);
        schema_row_number(&r, q[0]);
        schema_row_number(&r, q[1]);
        schema_row_number(&r, q[2]);
        schema_row_whole(&r, (unsigned long long)covered);
        schema_row_number(&r, ob->bounded && isfinite(ob->lo) ? ob->lo : NAN);
        schema_row_number(&r, ob->bounded && isfinite(ob->hi) ? ob->hi : NAN);
        schema_row_end(&r);
    }
    return rc;
}

/* A bound of a prior: a number, or null when infinite (JSON has no infinity). */
static json_t *bound_json(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* One prior as meta.json records it, for `infnet plot` to draw it against the posterior. */
static json_t *prior_json(const struct abc_prior *p)
{
    json_t *o = json_object();
    static const char *const kinds[] = {
        [ABC_UNIFORM] = "uniform", [ABC_TRIANGULAR] = "triangular", [ABC_NORMAL] = "normal"};
    json_object_set_new(o, "type", json_string(kinds[p->kind]));
    json_object_set_new(o, "min", bound_json(p->lo));
    json_object_set_new(o, "max", bound_json(p->hi));
    if (p->kind == ABC_TRIANGULAR)
        json_object_set_new(o, "mode", json_real(p->mode));
    if (p->kind == ABC_NORMAL) {
        json_object_set_new(o, "mean", json_real(p->mean));
        json_object_set_new(o, "sd", json_real(p->sd));
    }
    json_object_set_new(o, "integer", json_boolean(p->integer));
    return o;
}

static json_t *calibration_json(const struct cal *c)
{
    const struct experiment_calibration *cal = &c->e.calibration;
    json_t *x = json_object(), *o = json_object(), *facs = json_array();
    json_object_set_new(x, "experiment", json_string(c->e.path));
    json_object_set_new(x, "experiment_sha256", json_string(c->exp_sha));
    json_object_set_new(x, "observations", json_string(c->o.path));
    json_object_set_new(x, "observations_sha256", json_string(c->obs_sha));
    json_object_set_new(o, "method", json_string("abc-smc"));
    json_object_set_new(o, "particles", json_integer(cal->particles));
    json_object_set_new(o, "generations", json_integer(cal->generations));
    json_object_set_new(o, "seed", json_integer((json_int_t)cal->seed));
    json_object_set_new(o, "quantile", json_real(cal->quantile));
    json_object_set_new(o, "max_proposals", json_integer(cal->max_proposals));
    json_object_set_new(o, "replicas", json_integer(c->e.replicas));
    json_object_set_new(x, "calibration", o);
    json_t *priors = json_array();
    for (size_t p = 0; p < c->k; p++) {
        json_array_append_new(facs, json_string(c->e.factors[c->param_factor[p]].name));
        json_array_append_new(priors, prior_json(&c->priors[p]));
    }
    json_object_set_new(x, "parameters", facs);
    json_object_set_new(x, "priors", priors);
    json_object_set_new(x, "model_choice",
                        c->choice >= 0 ? json_string(c->e.factors[c->choice].name) : json_null());
    if (c->choice >= 0) {
        /* each variant's overrides, so that `infnet run --posterior` can apply them */
        json_t *alts = json_object();
        const struct factor *f = &c->e.factors[c->choice];
        for (size_t a = 0; a < f->n_alts; a++) {
            json_t *sets = json_object();
            for (int j = 0; j < f->alts[a].n_sets; j++)
                json_object_set_new(sets, f->alts[a].sets[j].key, json_string(f->alts[a].sets[j].value));
            json_object_set_new(alts, f->alts[a].name, sets);
        }
        json_object_set_new(x, "alternatives", alts);
    }
    if (c->choice >= 0 && c->s.t > 0) {
        json_t *mp = json_object();
        const struct factor *f = &c->e.factors[c->choice];
        for (size_t a = 0; a < f->n_alts; a++)
            json_object_set_new(mp, f->alts[a].name,
                                json_real(c->s.model_prob[(c->s.t - 1) * c->s.n_models + a]));
        json_object_set_new(x, "model_probabilities", mp);
    }
    return x;
}

/* ---- the command ------------------------------------------------------- */

static int setup(struct cal *c)
{
    const struct calibrate_request *req = c->req;
    int rc;
    if ((rc = experiment_load_limits(req->experiment, req->limits, &c->e, c->d)))
        return rc;
    if (!c->e.calibration.given)
        return diag_set(c->d, DIAG_INPUT, c->e.path, 0, 0,
                        "experiment '%s' has no 'calibration' section (calibration: {method: abc-smc, "
                        "particles: N, generations: G})",
                        c->e.name);
    if (c->e.n_scenarios != 1)
        return diag_set(c->d, DIAG_INPUT, c->e.path, 0, 0,
                        "experiment '%s' names %zu scenarios: a calibration compares one scenario with the "
                        "observations",
                        c->e.name, c->e.n_scenarios);
    if ((rc = make_priors(c)))
        return rc;
    if ((rc = sweep_point_init(&c->pt, &c->e, req->limits, CAL_OPTION, c->d)))
        return rc;
    memset(&c->base, 0, sizeof c->base);
    if ((rc = scenario_load(&c->base, c->e.scenarios[0], c->pt.common, c->pt.n_common, req->limits, c->d)))
        return rc;
    const struct scenario *sp = &c->base;
    if ((rc = observations_load(req->observations, &sp, 1, req->limits, &c->o, c->d)))
        return rc;
    if (c->o.n_calibrate == 0)
        return diag_set(c->d, DIAG_INPUT, c->o.path, 0, 0,
                        "the observations file has no observation with use: calibrate");
    /* a factor the observed measures cannot see: said before anything runs */
    uint64_t observed = 0;
    for (size_t i = 0; i < c->o.n; i++) {
        const struct observation *ob = &c->o.obs[i];
        if (ob->use != OBS_CALIBRATE)
            continue;
        if (ob->metric >= 0)
            observed |= METRIC_BIT(ob->metric);
        else if (ob->measure == NODE_STRENGTH) /* a node's strength sums its tie weights */
            observed |= METRIC_BIT(METRIC_WEIGHTED_FRAGMENTATION);
    }
    for (size_t k = 0; k < c->e.n_factors; k++)
        if (c->e.factors[k].key)
            weightonly_warn(stderr, "factor", c->e.factors[k].key, observed, c->base.measure.weighted,
                            "the calibration's observations");
    if ((rc = observed_steps(c)))
        return rc;
    struct scenario *bp = &c->base;
    if ((rc = meta_hash_scenarios(&bp, 1, &c->hashes, c->d)))
        return rc;
    c->sha = c->hashes[0];
    if ((rc = meta_sha256_file(c->e.path, c->exp_sha, c->d)) ||
        (rc = meta_sha256_file(c->o.path, c->obs_sha, c->d)))
        return rc;
    c->v = calloc(c->e.n_factors + 1, sizeof *c->v);
    c->scratch = malloc(RUNNER_EXACT_CAP * sizeof *c->scratch);
    c->sim = malloc((c->o.n + 1) * sizeof *c->sim);
    c->theta = malloc((c->k + 1) * sizeof *c->theta);
    c->dir = req->outdir ? strdup(req->outdir) : atomicfile_pathf("out/calibrate-%s", c->e.name);
    if (!c->v || !c->scratch || !c->sim || !c->theta || !c->dir || !(c->print = fingerprint(c)))
        return oom(c);
    return DIAG_OK;
}

static void destroy(struct cal *c)
{
    free(c->node_steps);
    free(c->node_measures);
    if (c->s_ready)
        abc_smc_destroy(&c->s);
    struct scenario *bp = &c->base;
    meta_hashes_free(c->hashes, &bp, 1);
    scenario_destroy(&c->base);
    observations_destroy(&c->o);
    sweep_point_destroy(&c->pt);
    experiment_destroy(&c->e);
    free(c->param_factor);
    free(c->priors);
    free(c->steps);
    free(c->scratch);
    free(c->sim);
    free(c->theta);
    free(c->v);
    free(c->print);
}

/* Rank 0: write the results under temporary names, rename them into place
 * and meta.json last, and remove the checkpoint. */
static int finish(struct cal *c, const double *val, struct meta_run *meta, struct timespec mono0)
{
    struct atomicfile post = {0}, gens = {0}, pred = {0};
    int rc = write_predictive(c, &pred, val);
    if (!rc)
        rc = write_posterior(c, &post);
    if (!rc)
        rc = write_generations(c, &gens);
    if (!rc && !(rc = atomicfile_commit(&post, c->d)) && !(rc = atomicfile_commit(&gens, c->d)))
        rc = atomicfile_commit(&pred, c->d);
    atomicfile_abort(&post);
    atomicfile_abort(&gens);
    atomicfile_abort(&pred);
    if (rc)
        return rc;
    clock_gettime(CLOCK_REALTIME, &meta->finished);
    meta->wall_seconds = seconds_since(mono0);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        meta->peak_rss_kib = ru.ru_maxrss;
    json_t *extra = calibration_json(c);
    struct scenario *bp = &c->base;
    meta->sha256 = c->hashes;
    meta->extra = extra;
    rc = extra ? meta_write(c->dir, meta, &bp, 1, c->d) : oom(c);
    json_decref(extra);
    if (rc) {
        static const char *const names[] = {"posterior.csv", "generations.csv", "predictive.csv"};
        for (size_t i = 0; i < 3; i++) {
            char *p = atomicfile_pathf("%s/%s", c->dir, names[i]);
            if (p)
                unlink(p);
            free(p);
        }
        return rc;
    }
    char *ck = atomicfile_pathf("%s/%s", c->dir, CAL_CHECKPOINT);
    if (ck)
        unlink(ck);
    free(ck);
    return DIAG_OK;
}

/* Every rank runs the sampler in lockstep: the same proposals from the
 * same streams, each proposal's replicas shared among the ranks by the
 * runner and its summaries broadcast from rank 0 (evaluate), every outcome
 * agreed at the same points (agree). Only rank 0 holds the lock and
 * writes. */
int calibrate_execute(const struct calibrate_request *req, char **dir_out, struct diag *d)
{
    struct cal c;
    struct outdir_lock lock;
    int rc, interrupted = 0, rank = ranks_rank();
    double *val = NULL;
    memset(&c, 0, sizeof c);
    c.req = req;
    c.d = d;
    outdir_lock_init(&lock);
    struct meta_run meta = {.command = "calibrate",
                            .version = req->version,
                            .commit = req->commit,
                            .argc = req->argc,
                            .argv = req->argv,
                            .threads = req->threads,
                            .ranks = ranks_size(),
                            .complete = 1};
    struct timespec mono0;
    clock_gettime(CLOCK_REALTIME, &meta.started);
    clock_gettime(CLOCK_MONOTONIC, &mono0);
    if ((rc = agree(&c, setup(&c))))
        goto done;
    /* libgomp's team, before any output file exists (as run does) */
    int team = req->threads > 0 ? req->threads : 1, started = 0;
#pragma omp parallel num_threads(team) reduction(+ : started)
    started += 1;
    (void)started;
    if ((rc = agree(&c, rank == 0 ? prepare_dir(&c, &lock) : DIAG_OK)))
        goto done;
    if ((rc = share_sampler(&c)))
        goto done;
    clock_gettime(CLOCK_MONOTONIC, &c.last_ck);
    while (c.s.t < (size_t)c.e.calibration.generations && !rc && !interrupted)
        rc = run_generation(&c, &interrupted);
    if (!req->quiet && isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    if (rc || interrupted)
        goto done;
    if ((rc = predictive_values(&c, &val, &interrupted)) || interrupted)
        goto done;
    rc = agree(&c, rank == 0 ? finish(&c, val, &meta, mono0) : DIAG_OK);

done:
    free(val);
    if (interrupted && (!rc || rc == DIAG_INTERRUPTED)) {
        /* the checkpoint holds the sampler as the last proposal or generation left it */
        rc = diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0,
                      "interrupted in generation %zu of %ld: '%s' holds a checkpoint and no results; "
                      "continue with: infnet calibrate %s --observations %s -o %s --resume",
                      c.s.t, c.e.calibration.generations, c.dir, req->experiment, req->observations, c.dir);
    }
    outdir_unlock(&lock);
    destroy(&c);
    if ((!rc || rc == DIAG_INTERRUPTED) && dir_out)
        *dir_out = c.dir;
    else
        free(c.dir);
    return rc;
}
