/* sim/engine/run.c - one `infnet run`: load, refuse to overwrite, run, commit, write meta.json.
 * Outputs appear all at once: the CSV files are renamed into place only after
 * every scenario ran, and meta.json (with complete: true) last.
 */
#include "sim/engine/run.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "sim/output/atomicfile.h"
#include "sim/engine/checkpoint.h"
#include "sim/output/meta.h"
#include "sim/output/outdir.h"
#include "sim/engine/posterior.h"
#include "sim/engine/ranks.h"
#include "sim/engine/runner.h"

/* 1 if dir/name exists (a link not followed), 0 if not, -1 when out of memory. */
static int dir_has(const char *dir, const char *name)
{
    struct stat st;
    char *path = atomicfile_pathf("%s/%s", dir, name);
    if (!path)
        return -1;
    int found = lstat(path, &st) == 0;
    free(path);
    return found;
}

int run_dir_holds_any(const char *dir, const char *const *also, size_t n_also)
{
    static const char *const names[] = {"meta.json", "summary.csv", "final.csv", "nodes.csv", "patrons.csv"};
    int found = 0; /* -1, out of memory, is true too: a caller that does not ask refuses */
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !found; i++)
        found = dir_has(dir, names[i]);
    for (size_t i = 0; i < n_also && !found; i++)
        found = dir_has(dir, also[i]);
    return found;
}

int run_dir_holds_results(const char *dir)
{
    return run_dir_holds_any(dir, NULL, 0);
}

/* --force: remove what infnet wrote into dir before and this run will not
 * write again (another run's snapshots, replicas.csv, plots, a comparison,
 * an analysis), so that dir ends up holding this run's outputs alone. */
static int clear_other_files(const char *dir, struct scenario *const *sc, int n_sc, int per_replica,
                             struct diag *d)
{
    static const char *const ours[] = {"summary.csv", "final.csv", "nodes.csv",
                                       "patrons.csv", "meta.json", "replicas.csv"};
    size_t n_ours = per_replica ? 6 : 5, n = n_ours;
    for (int i = 0; i < n_sc; i++)
        n += (size_t)sc[i]->n_snapshots;
    char **keep = calloc(n + 1, sizeof *keep);
    int rc = keep ? DIAG_OK : diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    size_t k = n_ours;
    for (int i = 0; !rc && i < n_sc; i++)
        for (int j = 0; !rc && j < sc[i]->n_snapshots; j++)
            if (!(keep[k++] =
                      atomicfile_pathf("snapshots/%s_step%d.graphml", sc[i]->name, sc[i]->snapshots[j])))
                rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    if (!rc) {
        for (size_t j = 0; j < n_ours; j++)
            keep[j] = (char *)ours[j];
        rc = outdir_clear(dir, (const char *const *)keep, n, d);
    }
    if (keep)
        for (size_t j = n_ours; j < n; j++)
            free(keep[j]);
    free(keep);
    return rc;
}

static double seconds_since(struct timespec t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - t0.tv_nsec);
}

/* out/NAME or out/A+B+...; NULL with d set when out of memory or when the
 * name would not fit a file name (NAME_MAX bytes, with room for the
 * temporary names' ".tmp" where a directory might become a file). */
static char *default_dir(struct scenario *const *sc, int n, struct diag *d)
{
    size_t len = sizeof "out/";
    for (int i = 0; i < n; i++)
        len += strlen(sc[i]->name) + 1;
    if (len - sizeof "out/" > RUN_DIR_NAME_MAX) {
        diag_set(d, DIAG_INPUT, NULL, 0, 0,
                 "the default output directory of these %d scenarios would be named by their %zu-byte joined "
                 "names, longer than the %d bytes a directory name may have here; give one with -o DIR",
                 n, len - sizeof "out/", RUN_DIR_NAME_MAX);
        return NULL;
    }
    char *dir = malloc(len);
    if (!dir) {
        diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        return NULL;
    }
    strcpy(dir, "out/");
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(dir, "+");
        strcat(dir, sc[i]->name);
    }
    return dir;
}

struct progress_bridge {
    const struct run_request *req;
    const char *name;
};

static void bridge(void *ctx, long done, long total)
{
    struct progress_bridge *b = ctx;
    b->req->progress(b->req->progress_ctx, b->name, done, total);
}

/* The fingerprint of a run's inputs: one line per fact, so that a refused
 * resume can say which fact differs. */
static char *fingerprint(const struct run_request *req, struct scenario *const *sc, int n_sc, char ***sha,
                         const struct posterior *post)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    fprintf(f, "engine infnet %s (git %s)\n", req->version, req->commit);
    fprintf(f, "per-replica %s\n", req->per_replica ? "yes" : "no");
    for (int i = 0; i < n_sc; i++) {
        fprintf(f, "scenario %s: seed %llu, %ld replicas\n", sc[i]->name, (unsigned long long)sc[i]->seed,
                sc[i]->replicas);
        for (int j = 0; j < sc[i]->n_files; j++)
            fprintf(f, "file %s sha256 %s\n", sc[i]->files[j], sha[i][j]);
    }
    for (int i = 0; i < req->n_sets; i++)
        fprintf(f, "--set %s=%s\n", req->sets[i].key, req->sets[i].value);
    if (post)
        fprintf(f, "--posterior %s sha256 %s%s%s\n", post->path, post->sha256,
                post->variant_col >= 0 ? " meta.json sha256 " : "",
                post->variant_col >= 0 ? post->meta_sha256 : "");
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

void run_fingerprint_difference(const char *a, const char *b, const char *who, const char *fewer,
                                const char *more, char *out, size_t n)
{
    while (*a && *b) {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || strncmp(a, b, la) != 0) {
            snprintf(out, n, "the checkpoint has '%.*s', %s has '%.*s'", (int)la, a, who, (int)lb, b);
            return;
        }
        a += la + (a[la] == '\n');
        b += lb + (b[lb] == '\n');
    }
    snprintf(out, n, "%s", *a ? fewer : more);
}

/* State shared with the checkpoint callback. */
struct ckctx {
    const char *dir;
    struct run_files *rf;
    struct checkpoint ck;
    struct timespec last;
};

static int write_checkpoint(struct ckctx *c, const struct runner_state *st, struct diag *d)
{
    int rc = runner_files_sync(c->rf, c->ck.len, d);
    if (!rc) {
        c->ck.done = st->done;
        rc = checkpoint_write(c->dir, &c->ck, st, d);
    }
    clock_gettime(CLOCK_MONOTONIC, &c->last);
    return rc;
}

static int maybe_checkpoint(void *ctx, const struct runner_state *st, struct diag *d)
{
    struct ckctx *c = ctx;
    if (seconds_since(c->last) < RUN_CHECKPOINT_SECONDS)
        return DIAG_OK;
    return write_checkpoint(c, st, d);
}

int run_execute(const struct run_request *req, char **dir_out, double *wall, struct diag *d)
{
    int n_sc = req->n_files, rc = DIAG_OK, files_open = 0, rank = ranks_rank();
    struct scenario **sc = calloc((size_t)n_sc + 1, sizeof *sc);
    long *done = calloc((size_t)n_sc + 1, sizeof *done);
    char *dir = NULL, ***sha = NULL, *print = NULL;
    struct posterior post;
    struct posterior_variants *var = calloc((size_t)n_sc + 1, sizeof *var);
    json_t *extra = NULL;
    int have_post = 0;
    struct run_files rf;
    struct runner_state st;
    struct ckctx ck;
    struct outdir_lock lock;
    outdir_lock_init(&lock);
    memset(&rf, 0, sizeof rf);
    memset(&st, 0, sizeof st);
    memset(&ck, 0, sizeof ck);
    struct meta_run meta = {.version = req->version,
                            .commit = req->commit,
                            .argc = req->argc,
                            .argv = req->argv,
                            .threads = req->threads,
                            .ranks = ranks_size()};
    struct timespec mono0;
    clock_gettime(CLOCK_REALTIME, &meta.started);
    clock_gettime(CLOCK_MONOTONIC, &mono0);
    if (!sc || !done || !var) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (int i = 0; i < n_sc; i++) {
        sc[i] = calloc(1, sizeof **sc);
        if (!sc[i]) {
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
            goto done;
        }
        rc = scenario_load(sc[i], req->files[i], req->sets, req->n_sets, req->limits, d);
        if (rc)
            goto done;
        for (int j = 0; j < i; j++)
            if (strcmp(sc[j]->name, sc[i]->name) == 0) {
                rc = diag_set(d, DIAG_INPUT, sc[i]->path, 0, 0,
                              "scenario name '%s' is also the name of '%s'; names must differ within one run",
                              sc[i]->name, sc[j]->path);
                goto done;
            }
    }
    if (req->posterior) {
        if ((rc = posterior_read(&post, req->posterior, d)))
            goto done;
        have_post = 1;
        for (int i = 0; i < n_sc; i++)
            if ((rc = posterior_variants_load(&var[i], &post, sc[i], req->sets, req->n_sets, req->limits,
                                              req->stop, d)))
                goto done;
        extra = json_object();
        json_t *pm = posterior_meta(&post);
        if (!extra || !pm || json_object_set(extra, "posterior", pm)) {
            json_decref(pm);
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
            goto done;
        }
        json_decref(pm);
        meta.extra = extra;
    }
    /* the files as they were read: a file changed or deleted later cannot alter the record */
    if ((rc = meta_hash_scenarios(sc, n_sc, &sha, d)))
        goto done;
    meta.sha256 = sha;
    if (!req->outdir && !(dir = default_dir(sc, n_sc, d))) {
        rc = d->code;
        goto done;
    }
    if (req->outdir)
        dir = strdup(req->outdir);
    print = fingerprint(req, sc, n_sc, sha, have_post ? &post : NULL);
    if (!dir || !print) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto done;
    }
    ck.dir = dir;
    ck.rf = &rf;
    ck.ck.fingerprint = print;

    /* libgomp creates its threads and team at the first parallel region,
     * and ends the process (exit 1, "out of memory" or "thread creation
     * failed") when it cannot: let that happen here, before any output file
     * exists; the runner's regions reuse them. (A one-thread team is
     * allocated afresh by every region: libgomp can still end a run there,
     * leaving temporary files as a kill does; tests/oom/loop.sh.) */
    int team = req->threads > 0 ? req->threads : 1, started = 0;
#pragma omp parallel num_threads(team) reduction(+ : started)
    started += 1; /* a region with a body: GCC drops an empty one */
    (void)started;

    /* Only rank 0 touches the output directory; every rank learns where to
     * start (scenario, replica) and whether it may. */
    int start_sc = 0;
    long start_done = 0;
    if (rank == 0 && !(rc = outdir_lock(&lock, dir, "infnet run", d))) {
        if (req->resume && checkpoint_exists(dir)) {
            struct checkpoint old;
            rc = checkpoint_read_header(dir, &old, d);
            if (!rc && strcmp(old.fingerprint, print) != 0) {
                char why[1024];
                run_fingerprint_difference(
                    old.fingerprint, print, "this run", "this run has fewer scenarios, files or overrides",
                    "this run has more scenarios, files or overrides", why, sizeof why);
                rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                              "cannot resume '%s': it was started with other inputs: %s", dir, why);
            }
            if (!rc && (old.scenario < 0 || old.scenario >= n_sc))
                rc = diag_set(d, DIAG_INPUT, dir, 0, 0, "the checkpoint names scenario %d of %d",
                              old.scenario, n_sc);
            /* the digest shows the checkpoint whole, not that it is one this
             * run could have written: its counts must fit the run */
            if (!rc && (old.done < 0 || old.done > sc[old.scenario]->replicas))
                rc = diag_set(d, DIAG_INPUT, dir, 0, 0,
                              "the checkpoint counts %ld replicas done of scenario '%s', which has %ld",
                              old.done, sc[old.scenario]->name, (long)sc[old.scenario]->replicas);
            for (int k = 0; !rc && k < CK_STREAMS; k++)
                if (old.len[k] < 0 || (old.len[k] == 0) != (k == CK_REPLICAS && !req->per_replica))
                    rc = diag_set(d, DIAG_INPUT, dir, 0, 0,
                                  "the checkpoint gives output stream %d a length of %ld bytes, which no run "
                                  "of these options leaves",
                                  k, old.len[k]);
            if (!rc) {
                start_sc = old.scenario;
                start_done = old.done;
            }
            /* snapshots are written once, after replica 0: the ones of the
             * scenarios already started are written again, in case they
             * were deleted or damaged since */
            for (int i = 0; !rc && i <= start_sc; i++)
                if (i < start_sc || start_done > 0)
                    rc = runner_snapshots(
                        sc[i],
                        &(struct runner_options){.variant = have_post ? posterior_variant : NULL,
                                                 .variant_ctx = &var[i]},
                        dir, d);
            if (!rc)
                rc = runner_files_resume(&rf, dir, req->per_replica, old.len, d);
            checkpoint_free(&old);
        } else if (req->resume && run_dir_holds_results(dir)) {
            rc =
                diag_set(d, DIAG_INPUT, NULL, 0, 0,
                         "'%s' holds results but no checkpoint: the run there finished (or is not infnet's); "
                         "nothing to resume",
                         dir);
        } else {
            if (!req->force && !req->resume && (run_dir_holds_results(dir) || checkpoint_exists(dir)))
                rc =
                    diag_set(d, DIAG_INPUT, NULL, 0, 0,
                             "'%s' already holds results; use --resume to continue an interrupted run there, "
                             "--force to replace them, or -o for another directory",
                             dir);
            if (!rc && req->force)
                rc = clear_other_files(dir, sc, n_sc, req->per_replica, d);
            if (!rc) {
                checkpoint_remove(dir);
                rc = runner_files_open(&rf, dir, req->per_replica, d);
            }
        }
        files_open = rc == 0;
    }
    {
        int worst = ranks_max_int(rc);
        if (worst && !rc)
            rc = diag_set(d, worst, NULL, 0, 0, "rank 0 could not prepare '%s'", dir);
    }
    if (rc)
        goto done;
    ranks_bcast_int(&start_sc);
    {
        int lo = (int)start_done; /* replica counts fit an int (limits) */
        ranks_bcast_int(&lo);
        start_done = lo;
    }
    for (int i = 0; i < start_sc; i++)
        done[i] = sc[i]->replicas;
    clock_gettime(CLOCK_MONOTONIC, &ck.last);

    int interrupted = 0;
    for (int i = start_sc; i < n_sc && !rc; i++) {
        if (runner_state_init(&st, sc[i], 0)) {
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory for statistics");
            break;
        }
        if (i == start_sc && start_done > 0) {
            if (rank == 0)
                rc = checkpoint_read_state(dir, &st, d);
            int worst = ranks_max_int(rc);
            if (worst && !rc)
                rc = diag_set(d, worst, NULL, 0, 0, "rank 0 could not restore the checkpoint");
            if (rc)
                break;
            st.done = start_done;
        }
        ck.ck.scenario = i;
        struct progress_bridge pb = {req, sc[i]->name};
        struct runner_options ro = {.threads = req->threads,
                                    .per_replica = req->per_replica,
                                    .exact_cap = RUNNER_EXACT_CAP,
                                    .progress = req->progress ? bridge : NULL,
                                    .progress_ctx = &pb,
                                    .stop = req->stop,
                                    .checkpoint = rank == 0 ? maybe_checkpoint : NULL,
                                    .checkpoint_ctx = &ck,
                                    .variant = have_post ? posterior_variant : NULL,
                                    .variant_ctx = &var[i]};
        rc = runner_run(sc[i], &ro, &rf, &st, d);
        done[i] = st.done;
        if (rc == DIAG_INTERRUPTED) {
            interrupted = 1;
            if (rank == 0) {
                /* the checkpoint first (lengths before the partial summary), then the partial outputs */
                rc = write_checkpoint(&ck, &st, d);
                if (!rc && runner_write_aggregates(sc[i], &st, &rf))
                    rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing the statistics");
            } else {
                rc = DIAG_OK;
            }
        }
        runner_state_destroy(&st);
        if (interrupted)
            break;
    }
    if (rc || rank != 0)
        goto done;
    files_open = 0;
    rc = runner_files_commit(&rf, d);
    if (rc)
        goto done;
    clock_gettime(CLOCK_REALTIME, &meta.finished);
    meta.wall_seconds = seconds_since(mono0);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        meta.peak_rss_kib = ru.ru_maxrss;
    meta.complete = !interrupted;
    meta.done = done;
    rc = meta_write(dir, &meta, sc, n_sc, d);
    if (rc)
        runner_files_unlink(dir); /* no results without their meta.json */
    if (!rc && !interrupted)
        checkpoint_remove(dir);
    if (!rc && wall)
        *wall = meta.wall_seconds;
    if (!rc && interrupted) {
        long total = 0, all = 0;
        for (int i = 0; i < n_sc; i++) {
            total += done[i];
            all += sc[i]->replicas;
        }
        rc = diag_set(
            d, DIAG_INTERRUPTED, NULL, 0, 0,
            "interrupted: '%s' holds the outputs of %ld of %ld replicas (meta.json: complete false); "
            "continue with: infnet run ... -o %s --resume",
            dir, total, all, dir);
    }

done:
    if (files_open)
        runner_files_abort(&rf);
    outdir_unlock(&lock);
    runner_state_destroy(&st);
    if (sc) {
        meta_hashes_free(sha, sc, n_sc);
        for (int i = 0; i < n_sc; i++)
            if (sc[i]) {
                scenario_destroy(sc[i]);
                free(sc[i]);
            }
        free(sc);
    }
    if (var)
        for (int i = 0; i < n_sc; i++)
            posterior_variants_destroy(&var[i]);
    free(var);
    if (have_post)
        posterior_destroy(&post);
    json_decref(extra);
    free(done);
    free(print);
    if ((!rc || rc == DIAG_INTERRUPTED) && dir_out)
        *dir_out = dir;
    else
        free(dir);
    return rc;
}
