/* sim/analyze/feedback.c - progress line and key-player estimate of `infnet analyze` (see feedback.h). */
#include "sim/analyze/feedback.h"

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* One redraw: done of total units, at the rate since the step began. */
static void draw(struct feedback *fb, double el, double done, double total, const char *unit)
{
    double rate = el > 0 ? done / el : 0.0;
    long eta = rate > 0 && total > done ? (long)((total - done) / rate + 0.5) : 0;
    fprintf(stderr, "\r\033[K%s: %.0f/%.0f %s  %.1f/s  ETA %ld:%02ld:%02ld", fb->name, done, total, unit,
            rate, eta / 3600, (eta / 60) % 60, eta % 60);
    fflush(stderr);
    fb->shown = 1;
    fb->last = el;
}

static void paths_done(void *ctx, igraph_integer_t k, igraph_integer_t total)
{
    struct feedback *fb = ctx;
    long long done = atomic_fetch_add(&fb->done, (long long)k) + (long long)k;
    if (!fb->line || atomic_flag_test_and_set(&fb->drawing))
        return; /* another thread is drawing: the next call redraws */
    double el = since(&fb->t0);
    if (done < (long long)total && el - fb->last >= FEEDBACK_INTERVAL)
        draw(fb, el, (double)done, (double)total, "sources");
    atomic_flag_clear(&fb->drawing);
}

static void kp_evaluated(void *ctx, double done, double planned)
{
    struct feedback *fb = ctx;
    double el = since(&fb->t0);
    if (!fb->estimated && fb->notes &&
        (done >= FEEDBACK_ESTIMATE_EVALUATIONS || el >= FEEDBACK_ESTIMATE_SECONDS || done >= planned)) {
        fb->estimated = 1;
        double rate = el > 0 ? done / el : 0.0;
        if (fb->shown)
            fputs("\r\033[K", stderr);
        fb->shown = 0;
        fprintf(
            fb->notes,
            "key players: K=%ld of %ld nodes, about %.0f evaluations, estimated %.0f s at the measured rate "
            "(%.0f evaluations/s over the first %.0f)\n",
            fb->kp_k, fb->kp_nodes, planned, rate > 0 ? planned / rate : 0.0, rate, done);
        fflush(fb->notes);
    }
    if (fb->line && done < planned && el - fb->last >= FEEDBACK_INTERVAL)
        draw(fb, el, done, planned, "key-player evaluations");
}

void feedback_count(struct feedback *fb, double done, double total, const char *unit)
{
    if (!fb->line)
        return;
    double el = since(&fb->t0);
    if (done < total && el - fb->last >= FEEDBACK_INTERVAL)
        draw(fb, el, done, total, unit);
}

void feedback_init(struct feedback *fb, const char *name, int line, FILE *notes)
{
    fb->name = name;
    fb->line = line;
    fb->notes = notes;
    fb->shown = 0;
    fb->last = 0.0;
    fb->t0.tv_sec = 0;
    fb->t0.tv_nsec = 0;
    atomic_init(&fb->done, 0);
    atomic_flag_clear(&fb->drawing);
    fb->kp_k = 0;
    fb->kp_nodes = 0;
    fb->estimated = 0;
    fb->paths = (struct centrality_progress){paths_done, fb};
    fb->kp = (struct keyplayer_monitor){kp_evaluated, fb};
}

void feedback_begin(struct feedback *fb)
{
    clock_gettime(CLOCK_MONOTONIC, &fb->t0);
    fb->last = 0.0;
    atomic_store(&fb->done, 0);
}

void feedback_key_players(struct feedback *fb, long k, long nodes)
{
    fb->kp_k = k;
    fb->kp_nodes = nodes;
    fb->estimated = 0;
}

void feedback_end(struct feedback *fb)
{
    if (fb->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    fb->shown = 0;
}
