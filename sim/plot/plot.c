/* sim/plot/plot.c - `infnet plot DIR`: gnuplot scripts and data for the charts of an output directory.
 *
 * Stages: (1) check DIR and DIR/plots (an existing one is replaced only with
 * force); (2) read whatever DIR holds (outputs.c: summary.csv, final.csv,
 * comparison.csv, meta.json, the snapshot names); (3) write every chart's
 * data (.dat) and script (.gp) atomically, in a fixed order, so the same DIR
 * gives the same bytes (charts.c; netcharts.c, which reads the snapshots
 * with graphml.c and places their nodes with layout.c); (4) if gnuplot is
 * on PATH, run it once per script in DIR/plots (gnuplot.c). A signal
 * (req->stop) is looked at before every file, snapshot and gnuplot run, and
 * while gnuplot runs; it ends the call with DIAG_INTERRUPTED after removing
 * what the call wrote into DIR/plots (discard_plots).
 * This file holds the stages' order, the state of one call (struct plot,
 * sim/plot/plot_internal.h) and the small helpers the modules share.
 * Ownership: everything read is held by the struct plot of one call and
 * freed before plot_execute() returns.
 * Includes: sim/plot's modules, sim/output/atomicfile, sim/util/grow, POSIX.
 */
#include "sim/plot/plot.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/output/outdir.h"
#include "sim/plot/plot_internal.h"
#include "sim/util/grow.h"

/* ---- small helpers ------------------------------------------------------------ */

int plot_oom(struct plot *p)
{
    return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
}

int plot_stopped(struct plot *p)
{
    if (!p->req->stop || !*p->req->stop)
        return 0;
    diag_set(p->d, DIAG_INTERRUPTED, NULL, 0, 0, "interrupted");
    return 1;
}

void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->s[i]);
    free(l->s);
    memset(l, 0, sizeof *l);
}

int strlist_find(const struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->s[i], s))
            return (int)i;
    return -1;
}

/* Index of s in l, added at the end when new; -1 when out of memory. */
int strlist_intern(struct strlist *l, const char *s)
{
    int i = strlist_find(l, s);
    if (i >= 0)
        return i;
    if (l->n >= INT_MAX || grow_array((void **)&l->s, &l->cap, l->n + 1, sizeof *l->s))
        return -1;
    if (!(l->s[l->n] = strdup(s)))
        return -1;
    return (int)l->n++;
}

int plot_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int plot_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static int plot_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int plot_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* A name made safe for a file name: letters, digits, '.', '-', '+' and '_'
 * kept, anything else (and a leading '.') becomes '_'. */
void plot_safe_name(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
    for (char *c = out; *c; c++) {
        unsigned char u = (unsigned char)*c;
        int ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
                 u == '+' || u == '_' || (u == '.' && c != out);
        if (!ok)
            *c = '_';
    }
}

/* ---- DIR/plots ------------------------------------------------------------------------ */

/* Remove what an earlier `infnet plot` wrote (scripts, data, images, temporaries). */
static int clear_plots(struct plot *p)
{
    DIR *dd = opendir(p->pdir);
    if (!dd)
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot read directory '%s': %s", p->pdir,
                        strerror(errno));
    struct dirent *e;
    int rc = DIAG_OK;
    while (!rc && (e = readdir(dd)) != NULL) {
        if (!outdir_is_plot_file(e->d_name))
            continue;
        char path[PATH_MAX_LEN];
        snprintf(path, sizeof path, "%s/%s", p->pdir, e->d_name);
        if (plot_is_file(path) && unlink(path) != 0)
            rc = diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot remove '%s': %s", path, strerror(errno));
    }
    closedir(dd);
    return rc;
}

/* After an interruption: remove what this call wrote into DIR/plots, and
 * DIR/plots itself when nothing else is left in it, then say so in p->d
 * after what was interrupted. */
static int discard_plots(struct plot *p)
{
    char what[sizeof p->d->msg], file[sizeof p->d->file];
    snprintf(what, sizeof what, "%s", p->d->msg);
    snprintf(file, sizeof file, "%s", p->d->file); /* the snapshot being read, if any */
    const char *at = file[0] ? file : NULL;
    struct diag why;
    diag_init(&why);
    struct diag *d = p->d;
    p->d = &why; /* a failure to remove is told after the interruption */
    int rc = clear_plots(p);
    p->d = d;
    if (rc)
        return diag_set(d, DIAG_INTERRUPTED, at, 0, 0, "%s; the charts were not finished: %s", what, why.msg);
    if (rmdir(p->pdir) != 0 && errno != ENOTEMPTY && errno != EEXIST)
        return diag_set(d, DIAG_INTERRUPTED, at, 0, 0,
                        "%s; the charts were not finished: cannot remove '%s': %s", what, p->pdir,
                        strerror(errno));
    return diag_set(d, DIAG_INTERRUPTED, at, 0, 0, "%s; the charts were not finished, none was kept in '%s'",
                    what, p->pdir);
}

/* 1 when metric m is 0 in every summary.csv row (each quantile and the
 * mean) and every final.csv value: a chart of it would show nothing. */
static int constant_zero(const struct plot *p, int m)
{
    int seen = 0;
    for (size_t i = 0; i < p->n_sr; i++) {
        const struct srow *r = &p->sr[i];
        if (r->metric != m)
            continue;
        if (r->q05 != 0 || r->q25 != 0 || r->q50 != 0 || r->q75 != 0 || r->q95 != 0 || r->mean != 0)
            return 0;
        seen = 1;
    }
    for (size_t i = 0; i < p->n_fr; i++) {
        if (p->fr[i].metric != m)
            continue;
        if (p->fr[i].value != 0)
            return 0;
        seen = 1;
    }
    return seen;
}

/* The section of the index a chart belongs in, by its name. */
static int index_section(const char *chart)
{
    static const char *const prefix[][2] = {
        {"metric_", "0"},    {"final_", "1"},      {"forest_", "2"},
        {"network_", "3"},   {"sobol_", "4"},      {"src_", "4"},
        {"morris_", "4"},    {"response_", "4"},   {"heatmap_", "4"},
        {"prim_", "4"},      {"marginal_", "5"},   {"pairs", "5"},
        {"predictive", "5"}, {"generations", "5"}, {"model_probabilities", "5"},
    };
    for (size_t i = 0; i < COUNT(prefix); i++)
        if (!strncmp(chart, prefix[i][0], strlen(prefix[i][0])))
            return prefix[i][1][0] - '0';
    return 6;
}

/* DIR/plots/index.md: every chart, grouped, with its caption, its images
 * (those gnuplot made) and its script and data; then the metrics left out. */
static int write_index(struct plot *p)
{
    static const char *const section[] = {
        "Time series", "Final-step distributions", "Comparisons", "Networks", "Sweep", "Calibration",
        "Other charts"};
    struct atomicfile af = {0};
    int rc;
    if ((rc = gp_open(p, &af, "index.md")))
        return rc;
    FILE *f = af.f;
    fprintf(f, "# Charts of %s\n\n", p->req->dir);
    fputs("Written by `infnet plot`. Each chart lists its images, its gnuplot script and its data; "
          "`gnuplot NAME.gp` in this folder redraws it.\n",
          f);
    for (size_t g = 0; g < COUNT(section); g++) {
        int header = 0;
        for (size_t k = 0; k < p->charts.n; k++) {
            const char *chart = p->charts.s[k];
            if (index_section(chart) != (int)g)
                continue;
            if (!header++)
                fprintf(f, "\n## %s\n\n", section[g]);
            fprintf(f, "- **%s**: %s.", chart, p->captions[k]);
            static const char *const image[] = {"png", "svg"};
            for (size_t i = 0; i < COUNT(image); i++) {
                char path[PATH_MAX_LEN];
                snprintf(path, sizeof path, "%s/%s.%s", p->pdir, chart, image[i]);
                if (plot_is_file(path))
                    fprintf(f, " [%s.%s](%s.%s)", chart, image[i], chart, image[i]);
            }
            fputs(" Script and data:", f);
            for (size_t i = k ? p->end_file[k - 1] : 0; i < p->end_file[k]; i++)
                fprintf(f, " [%s](%s)", p->files.s[i], p->files.s[i]);
            fputs("\n", f);
        }
    }
    if (p->skipped.n) {
        fputs("\n## Skipped\n\nZero in every replica at every step, so not charted:", f);
        for (size_t i = 0; i < p->skipped.n; i++)
            fprintf(f, "%s `%s`", i ? "," : "", p->skipped.s[i]);
        fputs(".\n", f);
    }
    return gp_close(p, &af, "index.md");
}

static void plot_free(struct plot *p)
{
    free(p->pdir);
    strlist_free(&p->scen);
    strlist_free(&p->metric);
    strlist_free(&p->cscen);
    strlist_free(&p->cmetric);
    for (size_t i = 0; i < p->charts.n; i++)
        free(p->captions[i]);
    free(p->captions);
    free(p->end_file);
    strlist_free(&p->skipped);
    strlist_free(&p->charts);
    strlist_free(&p->files);
    free(p->sr);
    free(p->fr);
    free(p->cr);
    for (size_t i = 0; i < p->n_meta; i++) {
        free(p->meta[i].name);
        free(p->meta[i].unit);
        free(p->meta[i].start);
        for (size_t k = 0; k < p->meta[i].n_marks; k++)
            free(p->meta[i].marks[k].label);
        free(p->meta[i].marks);
    }
    free(p->meta);
    for (size_t i = 0; i < p->n_snaps; i++) {
        free(p->snaps[i].file);
        free(p->snaps[i].scen);
    }
    free(p->snaps);
    plot_sweep_free(p);
    plot_calibration_free(p);
}

int plot_execute(const struct plot_request *req, FILE *info, struct diag *d)
{
    struct plot p;
    int rc;
    memset(&p, 0, sizeof p);
    p.req = req;
    p.info = info;
    p.d = d;
    p.formats = req->svg && !req->png ? "svg" : req->png && !req->svg ? "png" : "svg png";
    const char *dir = req->dir;
    if (!dir || !*dir)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "no directory to plot");
    if (!plot_is_dir(dir))
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "cannot plot '%s': %s", dir,
                        access(dir, F_OK) == 0 ? "not a directory" : "no such directory");
    /* the fixed path buffers hold DIR, a subdirectory and a file name */
    if (strlen(dir) + PLOT_PATH_ROOM >= PATH_MAX_LEN)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0,
                        "cannot plot '%s': its path has %zu bytes, and plot takes directories of up to %zu",
                        dir, strlen(dir), (size_t)PATH_MAX_LEN - PLOT_PATH_ROOM - 1);
    struct outdir_lock lock;
    if ((rc = outdir_lock(&lock, dir, "infnet plot", d)))
        return rc;
    size_t len = strlen(dir) + sizeof "/plots";
    if (!(p.pdir = malloc(len))) {
        outdir_unlock(&lock);
        return plot_oom(&p);
    }
    snprintf(p.pdir, len, "%s/plots", dir);
    struct stat pst;
    int exists = lstat(p.pdir, &pst) == 0;
    if (exists && S_ISLNK(pst.st_mode)) { /* --force would clear files wherever it points */
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0,
                      "'%s' is a symbolic link; plot writes only into a directory of its "
                      "own there",
                      p.pdir);
        goto cleanup;
    }
    if (exists && !plot_is_dir(p.pdir)) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0, "'%s' exists and is not a directory", p.pdir);
        goto cleanup;
    }
    if (exists && !req->force) {
        rc = diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s already exists; use --force", p.pdir);
        goto cleanup;
    }
    /* meta.json first: it says whether DIR holds a run's results at all */
    if ((rc = plot_read_meta(&p, dir)) || (rc = plot_read_sweep(&p, dir)) ||
        (rc = plot_read_calibration(&p, dir)) ||
        (!p.sweep && !p.calib && ((rc = plot_read_tables(&p, dir)) || (rc = plot_list_snapshots(&p, dir)))))
        goto cleanup;
    if (plot_stopped(&p)) {
        rc = diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0, "interrupted; nothing was written into '%s'", p.pdir);
        goto cleanup;
    }
    if (!p.have_summary && !p.have_final && !p.have_comparison && p.n_snaps == 0 &&
        !plot_sweep_has_data(&p) && !plot_calibration_has_data(&p)) {
        rc = diag_set(
            d, DIAG_INPUT, NULL, 0, 0,
            "nothing to plot in '%s' (no summary.csv, final.csv, comparison.csv, snapshots/*.graphml, "
            "sweep's points.csv or calibration's posterior.csv with data)",
            dir);
        goto cleanup;
    }
    if ((rc = exists ? clear_plots(&p) : atomicfile_subdir(dir, "plots", d)))
        goto cleanup;
    /* from here on, an interruption removes what was written (discard_plots) */

    for (size_t m = 0; m < p.metric.n && !rc; m++) {
        if (constant_zero(&p, (int)m)) { /* nothing to see; the index says so */
            if (strlist_intern(&p.skipped, p.metric.s[m]) < 0)
                rc = plot_oom(&p);
            continue;
        }
        int in_summary = 0, in_final = 0;
        for (size_t i = 0; i < p.n_sr && !in_summary; i++)
            in_summary = p.sr[i].metric == (int)m;
        for (size_t i = 0; i < p.n_fr && !in_final; i++)
            in_final = p.fr[i].metric == (int)m;
        if (in_summary)
            rc = chart_metric(&p, (int)m);
        if (!rc && in_final)
            rc = chart_final(&p, (int)m);
    }
    for (size_t b = 0; b < p.cscen.n && !rc; b++) {
        int is_b = 0;
        for (size_t i = 0; i < p.n_cr && !is_b; i++)
            is_b = p.cr[i].b == (int)b;
        if (is_b && !(rc = chart_forest(&p, (int)b, 0)))
            rc = chart_forest(&p, (int)b, 1);
    }
    if (!rc)
        rc = chart_networks(&p);
    if (!rc)
        rc = chart_sweep(&p);
    if (!rc)
        rc = chart_calibration(&p);
    if (rc || (!req->svg && !req->png))
        goto indexed;

    char found[PATH_MAX_LEN], *gnuplot;
    if (!plot_find_program(getenv("PATH"), "gnuplot", found, sizeof found) ||
        !(gnuplot = realpath(found, NULL))) {
        if (info)
            fprintf(info,
                    "gnuplot not found: wrote the scripts and data into %s; run `gnuplot NAME.gp` there\n",
                    p.pdir);
        goto indexed;
    }
    /* (absolute: the child changes directory before it starts gnuplot) */
    if (info)
        fflush(info); /* what was written comes before anything gnuplot may say */
    for (size_t i = 0; i < p.charts.n && !rc; i++)
        rc = plot_stopped(&p) ? DIAG_INTERRUPTED : gnuplot_run(&p, gnuplot, p.charts.s[i]);
    free(gnuplot);
indexed:
    if (!rc)
        rc = write_index(&p);
    if (rc == DIAG_INTERRUPTED) /* a signal after the last chart was drawn leaves them all */
        rc = discard_plots(&p);
cleanup:
    outdir_unlock(&lock);
    plot_free(&p);
    return rc;
}
