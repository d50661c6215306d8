/* sim/util/diag.c - error reports with location, and did-you-mean suggestions.
 *
 * Suggestions use the optimal string alignment distance (Levenshtein with
 * adjacent transpositions); a candidate is offered when it is
 * within a third of the longer word's length (at least 1, at most 3 edits),
 * the usual threshold of command-line tools (git, cargo) for plausible typos.
 */
#include "sim/util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest word compared; longer names are never typos worth suggesting for. */
#define DIAG_SUGGEST_MAXLEN 64

void diag_init(struct diag *d)
{
    memset(d, 0, sizeof *d);
}

int diag_set(struct diag *d, int code, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    d->code = code;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->col = col;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return code;
}

void diag_format(const struct diag *d, char *buf, size_t n)
{
    if (d->file[0] && d->line > 0)
        snprintf(buf, n, "%s:%d:%d: error: %s", d->file, d->line, d->col, d->msg);
    else if (d->file[0])
        snprintf(buf, n, "%s: error: %s", d->file, d->msg);
    else
        snprintf(buf, n, "infnet: error: %s", d->msg);
}

void fault_clear(struct fault *f)
{
    f->layer = FAULT_NONE;
    f->status = 0;
    f->task = FAULT_TASK_NONE;
    f->step = -1;
}

int fault_model(struct fault *f, enum world_status st, enum fault_task task)
{
    if (st == WORLD_OK)
        return 0;
    f->layer = FAULT_MODEL;
    f->status = (int)st;
    f->task = task;
    f->step = -1;
    return 1;
}

int fault_analysis(struct fault *f, igraph_error_t e, enum fault_task task)
{
    if (e == IGRAPH_SUCCESS)
        return 0;
    /* Some of igraph 0.10.2's loops return IGRAPH_INTERRUPTED without
     * unwinding their temporaries from igraph's (per-thread) cleanup stack;
     * left there, they pile up over later calls until igraph aborts. They
     * are dropped here, where sim/ first sees the status (a leak the exit
     * that follows an interruption makes moot). */
    if (e == IGRAPH_INTERRUPTED)
        IGRAPH_FINALLY_CLEAN(IGRAPH_FINALLY_STACK_SIZE());
    f->layer = FAULT_ANALYSIS;
    f->status = (int)e;
    f->task = task;
    f->step = -1;
    return 1;
}

static const char *const task_names[FAULT_TASK_COUNT] = {
    [FAULT_TASK_NONE] = "working",
    [FAULT_COPYING_WORLD] = "copying the network",
    [FAULT_PREPARING_DYNAMICS] = "preparing the dynamics",
    [FAULT_APPLYING_PRESSURE] = "applying a pressure",
    [FAULT_APPLYING_EVENTS] = "applying the step's events",
    [FAULT_RUNNING_DYNAMICS] = "running the dynamics",
    [FAULT_KEEPING_SNAPSHOT] = "keeping a snapshot",
    [FAULT_SCORING_TARGETS] = "scoring pressure targets",
    [FAULT_BUILDING_GRAPH] = "building the measured network",
    [FAULT_COMPONENTS] = "measuring components",
    [FAULT_DENSITY] = "measuring density",
    [FAULT_CLOSENESS_HARMONIC] = "measuring closeness and harmonic centrality",
    [FAULT_DISTANCE_FRAGMENTATION] = "measuring distance fragmentation",
    [FAULT_COMMUNITIES] = "finding communities",
    [FAULT_CENTRALIZATION_DEGREE] = "measuring degree centralization",
    [FAULT_BETWEENNESS] = "measuring betweenness",
    [FAULT_DEGREE] = "measuring degree",
    [FAULT_STRENGTH] = "measuring strength",
    [FAULT_ESTIMATING_DISTANCES] = "estimating closeness and harmonic centrality",
    [FAULT_EIGENVECTOR] = "measuring eigenvector centrality",
    [FAULT_PAGERANK] = "measuring pagerank",
    [FAULT_KEY_PLAYERS] = "finding key players",
    [FAULT_BROKERAGE] = "measuring brokerage",
    [FAULT_PATH_MEASURES] = "measuring betweenness, closeness and harmonic centrality",
};

const char *fault_task_name(enum fault_task task)
{
    return (int)task >= 0 && task < FAULT_TASK_COUNT ? task_names[task] : task_names[FAULT_TASK_NONE];
}

/* Packed layout, all fields nonnegative: bits 0-7 the status (clamped to
 * 255; igraph's and models' codes are far below), 8-9 the layer, 10-15 the
 * task, 16-30 the step + 1 (0: no step). */
int fault_pack(const struct fault *f)
{
    if (f->layer == FAULT_NONE)
        return 0;
    unsigned status = f->status < 0 ? 0u : f->status > 255 ? 255u : (unsigned)f->status;
    unsigned step = f->step >= 0 && f->step <= FAULT_STEP_MAX ? (unsigned)f->step + 1u : 0u;
    return (int)(status | (unsigned)f->layer << 8 | (unsigned)f->task << 10 | step << 16);
}

void fault_unpack(int packed, struct fault *f)
{
    unsigned u = (unsigned)packed;
    f->status = (int)(u & 0xffu);
    f->layer = (enum fault_layer)((u >> 8) & 0x3u);
    f->task = (enum fault_task)((u >> 10) & 0x3fu);
    f->step = (int)((u >> 16) & 0x7fffu) - 1;
    if (f->task >= FAULT_TASK_COUNT)
        f->task = FAULT_TASK_NONE;
}

/* The cause of a failure other than memory or an interruption. */
static const char *fault_reason(const struct fault *f)
{
    if (f->layer == FAULT_ANALYSIS)
        return igraph_strerror((igraph_error_t)f->status);
    switch ((enum world_status)f->status) {
    case WORLD_OK: return "no error";
    case WORLD_ENOMEM: return "out of memory";
    case WORLD_EIGRAPH: return "the graph library failed";
    case WORLD_EFULL: return "a faction has no spawn slot left";
    }
    return "unknown model status";
}

int diag_from_fault(struct diag *d, const struct fault *f, const char *file, const char *context)
{
    char where[64] = "";
    if (f->step >= 0)
        snprintf(where, sizeof where, " at step %d", f->step);
    const char *sep = context ? ": " : "";
    const char *ctx = context ? context : "";
    const char *task = fault_task_name(f->task);
    int oom = (f->layer == FAULT_MODEL && f->status == WORLD_ENOMEM) ||
              (f->layer == FAULT_ANALYSIS && f->status == IGRAPH_ENOMEM);
    if (oom)
        return diag_set(d, DIAG_RUNTIME, file, 0, 0, "%s%sout of memory while %s%s", ctx, sep, task, where);
    if (f->layer == FAULT_ANALYSIS && f->status == IGRAPH_INTERRUPTED)
        return diag_set(d, DIAG_INTERRUPTED, file, 0, 0, "%s%sinterrupted while %s%s", ctx, sep, task, where);
    return diag_set(d, DIAG_RUNTIME, file, 0, 0, "%s%s%s%s failed: %s", ctx, sep, task, where,
                    fault_reason(f));
}

/* Optimal string alignment distance: Levenshtein plus adjacent transpositions
 * ("rnu" is one edit from "run"), the commonest typo. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t prev2[DIAG_SUGGEST_MAXLEN + 1], prev[DIAG_SUGGEST_MAXLEN + 1], cur[DIAG_SUGGEST_MAXLEN + 1];
    if (la > DIAG_SUGGEST_MAXLEN || lb > DIAG_SUGGEST_MAXLEN)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        memcpy(prev2, prev, (lb + 1) * sizeof *prev);
        memcpy(prev, cur, (lb + 1) * sizeof *cur);
    }
    return prev[lb];
}

const char *diag_suggest(const char *s, const char *const *cand, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (!cand[i])
            continue;
        size_t d = edit_distance(s, cand[i]);
        size_t len = strlen(s) > strlen(cand[i]) ? strlen(s) : strlen(cand[i]);
        size_t limit = len / 3;
        if (limit < 1)
            limit = 1;
        if (limit > 3)
            limit = 3;
        if (d <= limit && d < best_d) {
            best = cand[i];
            best_d = d;
        }
    }
    return best;
}
