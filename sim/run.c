/* sim/run.c - one `infnet run`: load, refuse to overwrite, run, commit, write meta.json.
 * Outputs appear all at once: the CSV files are renamed into place only after
 * every scenario ran, and meta.json (with complete: true) last.
 */
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "atomicfile.h"
#include "meta.h"
#include "ranks.h"
#include "runner.h"

int run_dir_holds_results(const char *dir)
{
    static const char *const names[] = {"meta.json", "summary.csv", "final.csv", "nodes.csv"};
    char path[4096];
    struct stat st;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0)
            return 1;
    }
    return 0;
}

static double seconds_since(struct timespec t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - t0.tv_nsec);
}

/* out/NAME or out/A+B+... */
static char *default_dir(struct scenario *const *sc, int n)
{
    size_t len = sizeof "out/";
    for (int i = 0; i < n; i++)
        len += strlen(sc[i]->name) + 1;
    char *dir = malloc(len);
    if (!dir)
        return NULL;
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

int run_execute(const struct run_request *req, char **dir_out, double *wall, struct diag *d)
{
    int n_sc = req->n_files, rc = DIAG_OK, files_open = 0;
    struct scenario **sc = calloc((size_t)n_sc + 1, sizeof *sc);
    char *dir = NULL;
    struct run_files rf;
    memset(&rf, 0, sizeof rf);
    int rank = ranks_rank();
    struct meta_run meta = {req->version, req->commit, req->argc, req->argv, req->threads, ranks_size(),
                            {0, 0}, {0, 0}, 0.0, 0, 0};
    struct timespec mono0;
    clock_gettime(CLOCK_REALTIME, &meta.started);
    clock_gettime(CLOCK_MONOTONIC, &mono0);
    if (!sc) {
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
    dir = req->outdir ? strdup(req->outdir) : default_dir(sc, n_sc);
    if (!dir) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* only rank 0 touches the output directory; every rank learns its verdict */
    if (rank == 0) {
        if (!req->force && run_dir_holds_results(dir))
            rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                          "'%s' already holds results; use --force to replace them or -o for another directory",
                          dir);
        if (!rc)
            rc = atomicfile_mkdirs(dir, d);
        if (!rc)
            rc = runner_files_open(&rf, dir, req->per_replica, d);
        files_open = rc == 0;
    }
    {
        int worst = ranks_max_int(rc);
        if (worst && !rc)
            rc = diag_set(d, worst, NULL, 0, 0, "rank 0 could not prepare '%s'", dir);
    }
    if (rc)
        goto done;
    for (int i = 0; i < n_sc && !rc; i++) {
        struct progress_bridge pb = {req, sc[i]->name};
        struct runner_options ro = {req->threads, req->per_replica, RUNNER_EXACT_CAP,
                                    req->progress ? bridge : NULL, &pb};
        rc = runner_run(sc[i], &ro, &rf, d);
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
    meta.complete = 1;
    rc = meta_write(dir, &meta, sc, n_sc, d);
    if (!rc && wall)
        *wall = meta.wall_seconds;

done:
    if (files_open)
        runner_files_abort(&rf);
    if (sc) {
        for (int i = 0; i < n_sc; i++)
            if (sc[i]) {
                scenario_destroy(sc[i]);
                free(sc[i]);
            }
        free(sc);
    }
    if (!rc && dir_out)
        *dir_out = dir;
    else
        free(dir);
    return rc;
}
