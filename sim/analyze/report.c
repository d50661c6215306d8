/* sim/analyze/report.c - brokerage, KPP-Pos, immediate impact, key entities and REPORT.md for `infnet
 * analyze`.
 *
 * The measures come from analysis/ on the same igraph view of the network as
 * every other measure of analyze (measure_graph), mapped back to node
 * indices; immediate impact re-measures the world with nodes taken out
 * through measure_world, so that its "before" and "after" are computed
 * exactly as graph.csv is. The picture is drawn by gnuplot reading its
 * script on standard input, the data inline, into a temporary file created
 * here (never through a link) and renamed into place.
 */
#include "sim/analyze/report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/brokerage.h"
#include "analysis/keyplayer.h"
#include "sim/output/atomicfile.h"
#include "sim/output/schema.h"
#include "sim/plot/plot.h"

/* Above this many nodes a drawing is a hairball that takes long to lay out: no picture. */
#define PICTURE_MAX_NODES 5000

static const char *const measure_names[REPORT_MEASURES] = {
    "degree",      "strength", "betweenness", "closeness",      "harmonic",
    "eigenvector", "pagerank", "constraint",  "effective_size", "brokerage",
};
static const int measure_columns[REPORT_PAGERANK + 1] = {
    NODE_DEGREE,   NODE_STRENGTH,    NODE_BETWEENNESS, NODE_CLOSENESS,
    NODE_HARMONIC, NODE_EIGENVECTOR, NODE_PAGERANK,
};

static const int impact_metrics[REPORT_IMPACT_METRICS] = {
    METRIC_NODES,
    METRIC_EDGES,
    METRIC_DENSITY,
    METRIC_COMPONENTS,
    METRIC_GIANT_FRACTION,
    METRIC_FRAGMENTATION,
    METRIC_DISTANCE_FRAGMENTATION,
    METRIC_MODULARITY,
    METRIC_COMMUNITIES,
    METRIC_CENTRALIZATION_DEGREE,
    METRIC_CENTRALIZATION_BETWEENNESS,
};

const char *report_measure_name(int m)
{
    return m >= 0 && m < REPORT_MEASURES ? measure_names[m] : "?";
}

int report_measure_find(const char *name)
{
    for (int m = 0; m < REPORT_MEASURES; m++)
        if (strcmp(name, measure_names[m]) == 0)
            return m;
    return -1;
}

int report_impact_metric(int j)
{
    return impact_metrics[j];
}

void report_init(struct report *r, const struct scenario *s, const double *nv)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->nv = nv;
    r->impact_by = REPORT_BETWEENNESS;
}

void report_destroy(struct report *r)
{
    free(r->constraint);
    free(r->effsize);
    free(r->roles);
    free(r->pos_set);
    free(r->removal_node);
    free(r->removal_cumulative);
    free(r->before);
    free(r->after);
    memset(r, 0, sizeof *r);
}

/* A node of the measured network: active and of a measured kind. */
static int measured(const struct scenario *s, int i)
{
    return s->world.nodes[i].active && (s->measure.kind_mask & (1u << s->world.nodes[i].kind));
}

static double brokerage_total(const struct report *r, int i)
{
    double t = 0.0;
    for (int k = 0; k < BROKERAGE_ROLES; k++)
        t += r->roles[(size_t)i * BROKERAGE_ROLES + (size_t)k];
    return t;
}

/* Node i's value of measure m (NaN where undefined). */
static double value_of(const struct report *r, int m, int i)
{
    if (m <= REPORT_PAGERANK)
        return r->nv[(size_t)i * NODE_METRIC_COUNT + (size_t)measure_columns[m]];
    if (m == REPORT_CONSTRAINT)
        return r->constraint[i];
    if (m == REPORT_EFFECTIVE_SIZE)
        return r->effsize[i];
    return brokerage_total(r, i);
}

/* ---- brokerage ------------------------------------------------------------------------------ */

int report_compute_brokerage(struct report *r, const struct measure_options *mo, struct measure_ws *ws,
                             struct fault *f)
{
    int n = r->s->world.n_nodes;
    size_t cnt = n > 0 ? (size_t)n : 1;
    r->constraint = malloc(cnt * sizeof *r->constraint);
    r->effsize = malloc(cnt * sizeof *r->effsize);
    r->roles = calloc(cnt * BROKERAGE_ROLES, sizeof *r->roles);
    if (!r->constraint || !r->effsize || !r->roles)
        return fault_analysis(f, IGRAPH_ENOMEM, FAULT_BROKERAGE);
    for (int i = 0; i < n; i++)
        r->constraint[i] = r->effsize[i] = NAN;
    igraph_t g;
    if (measure_graph(&r->s->world, mo, &g, ws, f))
        return 1;
    const igraph_vector_t *wt = mo->weighted ? &ws->weights : NULL;
    igraph_integer_t nv = igraph_vcount(&g);
    igraph_vector_t c, e;
    igraph_vector_int_t group;
    igraph_matrix_t roles;
    igraph_error_t rc = igraph_vector_init(&c, 0);
    if (!rc && (rc = igraph_vector_init(&e, 0)))
        igraph_vector_destroy(&c);
    if (!rc && (rc = igraph_vector_int_init(&group, nv))) {
        igraph_vector_destroy(&c);
        igraph_vector_destroy(&e);
    }
    if (!rc && (rc = igraph_matrix_init(&roles, 0, 0))) {
        igraph_vector_destroy(&c);
        igraph_vector_destroy(&e);
        igraph_vector_int_destroy(&group);
    }
    if (rc) {
        igraph_destroy(&g);
        return fault_analysis(f, rc, FAULT_BROKERAGE);
    }
    for (igraph_integer_t v = 0; v < nv; v++)
        VECTOR(group)[v] = r->s->world.nodes[VECTOR(ws->vid2node)[v]].kind;
    if (!(rc = brokerage_constraint(&g, wt, &c)) && !(rc = brokerage_effective_size(&g, wt, &e)) &&
        !(rc = brokerage_roles(&g, &group, &roles))) {
        for (igraph_integer_t v = 0; v < nv; v++) {
            int i = VECTOR(ws->vid2node)[v];
            r->constraint[i] = VECTOR(c)[v];
            r->effsize[i] = VECTOR(e)[v];
            for (int k = 0; k < BROKERAGE_ROLES; k++)
                r->roles[(size_t)i * BROKERAGE_ROLES + (size_t)k] = MATRIX(roles, v, k);
        }
    }
    igraph_matrix_destroy(&roles);
    igraph_vector_int_destroy(&group);
    igraph_vector_destroy(&e);
    igraph_vector_destroy(&c);
    igraph_destroy(&g);
    return fault_analysis(f, rc, FAULT_BROKERAGE);
}

/* ---- KPP-Pos -------------------------------------------------------------------------------- */

int report_compute_kpp_pos(struct report *r, const struct measure_options *mo, struct measure_ws *ws, int k,
                           int distance, struct fault *f)
{
    r->pos_set = malloc((k > 0 ? (size_t)k : 1) * sizeof *r->pos_set);
    if (!r->pos_set)
        return fault_analysis(f, IGRAPH_ENOMEM, FAULT_KEY_PLAYERS);
    igraph_t g;
    if (measure_graph(&r->s->world, mo, &g, ws, f))
        return 1;
    igraph_vector_int_t set;
    struct keyplayer_pos_result kr;
    igraph_error_t rc = igraph_vector_int_init(&set, 0);
    if (!rc) {
        rc = keyplayer_pos_monitored(&g, k, distance, NULL, &set, &kr, mo->kp_monitor);
        if (!rc) {
            r->n_pos = 0;
            for (igraph_integer_t j = 0; j < igraph_vector_int_size(&set) && j < k; j++)
                r->pos_set[r->n_pos++] = VECTOR(ws->vid2node)[VECTOR(set)[j]];
            r->pos_reach = kr.reach;
            r->pos_weighted = kr.weighted_reach;
        }
        igraph_vector_int_destroy(&set);
    }
    igraph_destroy(&g);
    return fault_analysis(f, rc, FAULT_KEY_PLAYERS);
}

/* ---- immediate impact ----------------------------------------------------------------------- */

struct ranked {
    double key;
    int node;
};

/* Highest first (lowest for constraint: set by the caller's sign), undefined last, then node index. */
static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    int nx = isnan(x->key), ny = isnan(y->key);
    if (nx != ny)
        return nx - ny;
    if (!nx && x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return (x->node > y->node) - (x->node < y->node);
}

/* The measured nodes ranked by m into out (room for n_nodes); returns their number. */
static int rank_by(const struct report *r, int m, struct ranked *out)
{
    int n = 0;
    for (int i = 0; i < r->s->world.n_nodes; i++)
        if (measured(r->s, i)) {
            double v = value_of(r, m, i);
            out[n++] = (struct ranked){m == REPORT_CONSTRAINT ? -v : v, i};
        }
    qsort(out, (size_t)n, sizeof *out, cmp_ranked);
    return n;
}

/* The graph measures of w as analyze measures them: the same options, the
 * node values too (scratch), so that the intact network gives graph.csv's
 * values bit for bit. */
static int measure_impact(struct world *w, const struct measure_options *mo, struct rng_stream *rng,
                          uint64_t seed, struct measure_ws *ws, double *scratch, double *out,
                          const char *input, struct diag *d)
{
    double metrics[METRIC_COUNT];
    struct fault f;
    fault_clear(&f);
    rng_stream_seed_with(rng, seed);
    if (measure_world(w, mo, &rng->ig, metrics, scratch, ws, &f))
        return diag_from_fault(d, &f, input, "immediate impact");
    for (int j = 0; j < REPORT_IMPACT_METRICS; j++)
        out[j] = metrics[impact_metrics[j]];
    return DIAG_OK;
}

int report_compute_impact(struct report *r, struct world *world, const struct measure_options *mo,
                          struct rng_stream *rng, uint64_t seed, int k, int by, struct measure_ws *ws,
                          const volatile sig_atomic_t *stop, struct feedback *fb, const char *input,
                          struct diag *d)
{
    /* one progress line for the whole step: the measurements' own are not drawn */
    struct measure_options quiet = *mo;
    quiet.paths_progress = NULL;
    quiet.kp_monitor = NULL;
    mo = &quiet;
    int n = world->n_nodes;
    struct ranked *order = malloc((n > 0 ? (size_t)n : 1) * sizeof *order);
    if (!order)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    int m = rank_by(r, by, order);
    if (k == 0) { /* every node in turn, in index order */
        for (int j = 0; j < m; j++)
            order[j].node = -1;
        int j = 0;
        for (int i = 0; i < n; i++)
            if (measured(r->s, i))
                order[j++].node = i;
    }
    int singles = k == 0 || k > m ? m : k;
    int removals = k == 0 ? singles : 2 * singles;
    size_t cells = (size_t)(removals > 0 ? removals : 1) * REPORT_IMPACT_METRICS;
    r->impact_by = by;
    r->removal_node = malloc((size_t)(removals > 0 ? removals : 1) * sizeof *r->removal_node);
    r->removal_cumulative = malloc((size_t)(removals > 0 ? removals : 1) * sizeof *r->removal_cumulative);
    r->before = malloc(cells * sizeof *r->before);
    r->after = malloc(cells * sizeof *r->after);
    double *scratch = malloc(((size_t)n + 1) * NODE_METRIC_COUNT * sizeof *scratch);
    if (!r->removal_node || !r->removal_cumulative || !r->before || !r->after || !scratch) {
        free(order);
        free(scratch);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    }
    double intact[REPORT_IMPACT_METRICS];
    int rc = measure_impact(world, mo, rng, seed, ws, scratch, intact, input, d);
    for (int t = 0; t < removals && !rc; t++) {
        if (stop && *stop) {
            rc = diag_set(d, DIAG_INTERRUPTED, input, 0, 0, "interrupted while measuring immediate impact");
            break;
        }
        int cumulative = t >= singles, j = cumulative ? t - singles : t;
        int node = order[j].node;
        r->removal_node[t] = node;
        r->removal_cumulative[t] = cumulative;
        if (cumulative) {
            for (int q = 0; q <= j; q++)
                world->nodes[order[q].node].active = 0;
        } else {
            world->nodes[node].active = 0;
        }
        rc = measure_impact(world, mo, rng, seed, ws, scratch, r->after + (size_t)t * REPORT_IMPACT_METRICS,
                            input, d);
        for (int q = cumulative ? 0 : j; q <= j; q++)
            world->nodes[order[q].node].active = 1;
        memcpy(r->before + (size_t)t * REPORT_IMPACT_METRICS, intact, sizeof intact);
        if (fb)
            feedback_count(fb, (double)(t + 1), (double)removals, "removals");
    }
    free(order);
    free(scratch);
    if (!rc)
        r->n_removals = removals;
    return rc;
}

/* ---- CSV files ------------------------------------------------------------------------------ */

int report_write_brokerage(const struct report *r, const char *dir, struct diag *d)
{
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "brokerage.csv", d);
    if (rc)
        return rc;
    schema_write_header(af.f, &schema_brokerage);
    const struct scenario *s = r->s;
    for (int i = 0; i < s->world.n_nodes; i++) {
        if (!measured(s, i))
            continue;
        struct schema_row w;
        schema_row_begin(&w, af.f, &schema_brokerage);
        schema_row_text(&w, s->ids[i]);
        schema_row_text(&w, s->labels[i]);
        schema_row_text(&w, world_kind_name(s->world.nodes[i].kind));
        schema_row_number(&w, r->constraint[i]);
        schema_row_number(&w, r->effsize[i]);
        for (int k = 0; k < BROKERAGE_ROLES; k++)
            schema_row_whole(&w, (unsigned long long)r->roles[(size_t)i * BROKERAGE_ROLES + (size_t)k]);
        schema_row_whole(&w, (unsigned long long)brokerage_total(r, i));
        schema_row_end(&w);
    }
    return atomicfile_commit(&af, d);
}

int report_write_impact(const struct report *r, const char *dir, struct diag *d)
{
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "impact.csv", d);
    if (rc)
        return rc;
    schema_write_header(af.f, &schema_impact);
    for (int t = 0; t < r->n_removals; t++) {
        int i = r->removal_node[t];
        for (int j = 0; j < REPORT_IMPACT_METRICS; j++) {
            double b = r->before[(size_t)t * REPORT_IMPACT_METRICS + (size_t)j];
            double a = r->after[(size_t)t * REPORT_IMPACT_METRICS + (size_t)j];
            struct schema_row w;
            schema_row_begin(&w, af.f, &schema_impact);
            schema_row_text(&w, r->s->ids[i]);
            schema_row_text(&w, r->s->labels[i]);
            schema_row_text(&w, measure_metric_name(impact_metrics[j]));
            schema_row_number(&w, b);
            schema_row_number(&w, a);
            schema_row_number(&w, a - b);
            schema_row_text(&w, r->removal_cumulative[t] ? "cumulative" : "single");
            schema_row_end(&w);
        }
    }
    return atomicfile_commit(&af, d);
}

int report_write_key_entities(const struct report *r, int top, const char *dir, struct diag *d)
{
    struct ranked *order = malloc(((size_t)r->s->world.n_nodes + 1) * sizeof *order);
    if (!order)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "key_entities.csv", d);
    if (rc) {
        free(order);
        return rc;
    }
    schema_write_header(af.f, &schema_key_entities);
    for (int m = 0; m < REPORT_MEASURES; m++) {
        int n = rank_by(r, m, order);
        for (int j = 0; j < n && j < top; j++) {
            int i = order[j].node;
            double v = value_of(r, m, i);
            if (isnan(v))
                break; /* undefined values rank last and are not listed */
            struct schema_row w;
            schema_row_begin(&w, af.f, &schema_key_entities);
            schema_row_whole(&w, (unsigned long long)j + 1);
            schema_row_text(&w, measure_names[m]);
            schema_row_text(&w, r->s->ids[i]);
            schema_row_text(&w, r->s->labels[i]);
            schema_row_number(&w, v);
            schema_row_end(&w);
        }
    }
    free(order);
    return atomicfile_commit(&af, d);
}

/* ---- the picture ---------------------------------------------------------------------------- */

/* A label as gnuplot reads it inside double quotes in inline data: quotes,
 * backslashes and control characters become spaces. */
static void gp_label(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' || *s == '\\' || (unsigned char)*s < 0x20 ? ' ' : *s, f);
    fputc('"', f);
}

/* A path inside gnuplot single quotes: a quote is doubled. */
static void gp_path(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* Fruchterman-Reingold positions from a fixed seed: the same network is drawn the same way. */
static igraph_error_t layout(const igraph_t *g, igraph_matrix_t *xy)
{
    igraph_rng_t rng;
    igraph_error_t rc = igraph_rng_init(&rng, &igraph_rngtype_pcg32);
    if (rc)
        return rc;
    igraph_rng_seed(&rng, 1);
    igraph_rng_t saved = *igraph_rng_default();
    igraph_rng_set_default(&rng);
    rc = igraph_layout_fruchterman_reingold(g, xy, 0, 500, sqrt((double)igraph_vcount(g)),
                                            IGRAPH_LAYOUT_AUTOGRID, NULL, NULL, NULL, NULL, NULL);
    igraph_rng_set_default(&saved);
    igraph_rng_destroy(&rng);
    return rc;
}

static void script(FILE *f, const struct report *r, const igraph_t *g, const igraph_matrix_t *xy,
                   const struct measure_ws *ws, int top, const char *out)
{
    igraph_integer_t nv = igraph_vcount(g);
    /* the top nodes by betweenness carry their names */
    int *named = calloc((size_t)r->s->world.n_nodes + 1, sizeof *named);
    struct ranked *order = malloc(((size_t)r->s->world.n_nodes + 1) * sizeof *order);
    if (named && order) {
        int n = rank_by(r, REPORT_BETWEENNESS, order);
        for (int j = 0; j < n && j < top; j++)
            named[order[j].node] = 1;
    }
    fputs("set terminal pngcairo size 1000,800 noenhanced font \"sans,10\" background rgb \"white\"\n", f);
    fputs("set output ", f);
    gp_path(f, out);
    fputs("\nunset key\nunset border\nunset tics\nset cbtics\nset size ratio -1\n"
          "set palette defined (0 '#ffffb2', 0.4 '#fd8d3c', 1 '#bd0026')\n"
          "set cblabel 'betweenness'\nset colorbox\nset title 'the network, coloured by betweenness'\n",
          f);
    fputs("$edges << EOD\n", f);
    for (igraph_integer_t e = 0; e < igraph_ecount(g); e++) {
        igraph_integer_t a = IGRAPH_FROM(g, e), b = IGRAPH_TO(g, e);
        fprintf(f, "%.6g %.6g\n%.6g %.6g\n\n", MATRIX(*xy, a, 0), MATRIX(*xy, a, 1), MATRIX(*xy, b, 0),
                MATRIX(*xy, b, 1));
    }
    fputs("EOD\n$nodes << EOD\n", f);
    for (igraph_integer_t v = 0; v < nv; v++) {
        int i = VECTOR(ws->vid2node)[v];
        double b = value_of(r, REPORT_BETWEENNESS, i);
        fprintf(f, "%.6g %.6g %.17g ", MATRIX(*xy, v, 0), MATRIX(*xy, v, 1), isnan(b) ? 0.0 : b);
        gp_label(f, named && named[i] ? r->s->ids[i] : "");
        fputc('\n', f);
    }
    fputs("EOD\n", f);
    if (igraph_ecount(g) > 0)
        fputs("plot $edges with lines lc rgb '#c8c8c8' lw 1, \\\n", f);
    else
        fputs("plot ", f);
    fputs("     $nodes using 1:2:3 with points pt 7 ps 1.6 lc palette, \\\n"
          "     $nodes using 1:2:4 with labels offset 0,1 font ',9'\n",
          f);
    free(named);
    free(order);
}

/* Run gnuplot on the script in `text` (fed on its standard input). 0 when it
 * succeeded; 1 on a failure (note says which); DIAG_INTERRUPTED on a signal. */
static int run_gnuplot(const char *gnuplot, const char *text, size_t len, const volatile sig_atomic_t *stop,
                       char *note, size_t n)
{
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(note, n, "cannot start gnuplot: %s", strerror(errno));
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(note, n, "cannot start gnuplot: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return 1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (dup2(fds[0], STDIN_FILENO) < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0 ||
            dup2(null, STDERR_FILENO) < 0)
            _exit(126);
        close(fds[1]);
        execl(gnuplot, "gnuplot", (char *)NULL);
        _exit(127);
    }
    close(fds[0]);
    /* gnuplot may die early: a write to the closed pipe must not kill infnet */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fds[1], text + off, len - off);
        if (w < 0 && errno == EINTR && !(stop && *stop))
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fds[1]);
    sigaction(SIGPIPE, &old, NULL);
    const struct timespec tick = {0, 5000000L};
    int status = 0, killed = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, killed ? 0 : WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            snprintf(note, n, "waiting for gnuplot: %s", strerror(errno));
            return 1;
        }
        if (!killed && stop && *stop) {
            kill(pid, SIGKILL);
            killed = 1;
        } else if (r == 0) {
            nanosleep(&tick, NULL);
        }
    }
    if (killed || (stop && *stop))
        return DIAG_INTERRUPTED;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(note, n, "gnuplot failed (exit status %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return 1;
    }
    return 0;
}

int report_draw_network(struct report *r, const struct measure_options *mo, struct measure_ws *ws, int top,
                        const char *dir, const volatile sig_atomic_t *stop, struct diag *d)
{
    char gnuplot[4096];
    r->picture = 0;
    if (!plot_find_program(getenv("PATH"), "gnuplot", gnuplot, sizeof gnuplot)) {
        snprintf(r->picture_note, sizeof r->picture_note, "gnuplot was not found on PATH");
        return DIAG_OK;
    }
    struct fault f;
    fault_clear(&f);
    igraph_t g;
    if (measure_graph(&r->s->world, mo, &g, ws, &f))
        return diag_from_fault(d, &f, NULL, "the picture of the network");
    if (igraph_vcount(&g) > PICTURE_MAX_NODES) {
        snprintf(r->picture_note, sizeof r->picture_note,
                 "the network has %" IGRAPH_PRId " nodes, more than the %d a legible picture can show",
                 igraph_vcount(&g), PICTURE_MAX_NODES);
        igraph_destroy(&g);
        return DIAG_OK;
    }
    igraph_matrix_t xy;
    /* sized before the layout: igraph 0.10.2's Fruchterman-Reingold writes its random start
     * into the matrix even when resizing it failed */
    igraph_error_t err = igraph_matrix_init(&xy, igraph_vcount(&g), 2);
    if (!err && (err = layout(&g, &xy)))
        igraph_matrix_destroy(&xy);
    if (err) {
        igraph_destroy(&g);
        if (err == IGRAPH_INTERRUPTED)
            return diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0, "interrupted while laying out the network");
        if (err == IGRAPH_ENOMEM)
            return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory while laying out the network");
        snprintf(r->picture_note, sizeof r->picture_note, "the layout failed: %s", igraph_strerror(err));
        return DIAG_OK;
    }
    char *tmp = atomicfile_pathf("%s/.network.png.tmp", dir),
         *final = atomicfile_pathf("%s/network.png", dir);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = tmp && final ? open_memstream(&text, &len) : NULL;
    int rc = DIAG_OK;
    if (!mem) {
        rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    } else {
        script(mem, r, &g, &xy, ws, top, tmp);
        if (fclose(mem) != 0 || !text) {
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        } else {
            /* gnuplot opens its output without O_NOFOLLOW: it is created here first, afresh */
            int fd = -1;
            if ((unlink(tmp) != 0 && errno != ENOENT) ||
                (fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0) {
                rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", tmp, strerror(errno));
            } else {
                close(fd);
                int g_rc = run_gnuplot(gnuplot, text, len, stop, r->picture_note, sizeof r->picture_note);
                if (g_rc == DIAG_INTERRUPTED)
                    rc = diag_set(d, DIAG_INTERRUPTED, NULL, 0, 0, "interrupted while gnuplot drew '%s'",
                                  final);
                else if (g_rc == 0 && rename(tmp, final) != 0)
                    rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s': %s", final,
                                  strerror(errno));
                else
                    r->picture = g_rc == 0;
                if (!r->picture)
                    unlink(tmp);
            }
        }
    }
    free(text);
    free(tmp);
    free(final);
    igraph_matrix_destroy(&xy);
    igraph_destroy(&g);
    return rc;
}

/* ---- REPORT.md ------------------------------------------------------------------------------ */

/* Markdown table text: a pipe or a line break would end the cell. */
static void md(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
    }
}

static void md_num(FILE *f, double v)
{
    if (isnan(v))
        fputs("–", f);
    else
        fprintf(f, "%.6g", v);
}

int report_write_markdown(const struct report *r, const double *metrics, const int *neg, int n_neg,
                          double kp_before, double kp_after, int top, const char *dir, struct diag *d)
{
    const struct scenario *s = r->s;
    struct ranked *order = malloc(((size_t)s->world.n_nodes + 1) * sizeof *order);
    if (!order)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "REPORT.md", d);
    if (rc) {
        free(order);
        return rc;
    }
    FILE *f = af.f;
    fputs("# Network report: ", f);
    md(f, s->name);
    fputs("\n\n## Graph measures\n\n| measure | value |\n|---|---|\n", f);
    for (int j = 0; j < REPORT_IMPACT_METRICS; j++) {
        fprintf(f, "| %s | ", measure_metric_name(impact_metrics[j]));
        md_num(f, metrics[impact_metrics[j]]);
        fputs(" |\n", f);
    }
    fputs("\n## Picture\n\n", f);
    if (r->picture)
        fputs("![the network, coloured by betweenness](network.png)\n", f);
    else
        fprintf(f, "No picture: %s.\n", r->picture_note);

    fprintf(f, "\n## Key entities\n\nThe top %d nodes by each measure (key_entities.csv has the values).\n\n",
            top);
    fputs("| rank |", f);
    for (int m = 0; m < REPORT_MEASURES; m++)
        fprintf(f, " %s |", measure_names[m]);
    fputs("\n|---|", f);
    for (int m = 0; m < REPORT_MEASURES; m++)
        fputs("---|", f);
    fputc('\n', f);
    int rows = rank_by(r, 0, order);
    rows = rows < top ? rows : top;
    /* each measure's top nodes, -1 where its value is undefined */
    int *tops = malloc((size_t)(rows > 0 ? rows : 1) * REPORT_MEASURES * sizeof *tops);
    if (!tops) {
        atomicfile_abort(&af);
        free(order);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    }
    for (int m = 0; m < REPORT_MEASURES; m++) {
        rank_by(r, m, order);
        for (int j = 0; j < rows; j++)
            tops[j * REPORT_MEASURES + m] = isnan(value_of(r, m, order[j].node)) ? -1 : order[j].node;
    }
    for (int j = 0; j < rows; j++) {
        fprintf(f, "| %d |", j + 1);
        for (int m = 0; m < REPORT_MEASURES; m++) {
            fputc(' ', f);
            if (tops[j * REPORT_MEASURES + m] >= 0)
                md(f, s->ids[tops[j * REPORT_MEASURES + m]]);
            fputs(" |", f);
        }
        fputc('\n', f);
    }
    free(tops);

    if (n_neg > 0 || r->n_pos > 0) {
        fputs("\n## Key players\n\n", f);
        fprintf(f, "KPP-Neg (the set whose removal most fragments the network): fragmentation %.6g -> %.6g:",
                kp_before, kp_after);
        for (int j = 0; j < n_neg; j++) {
            fputs(j ? ", " : " ", f);
            md(f, s->ids[neg[j]]);
        }
        fprintf(f,
                ".\n\nKPP-Pos (the set that reaches the most others): reach %.6g, distance-weighted reach "
                "%.6g:",
                r->pos_reach, r->pos_weighted);
        for (int j = 0; j < r->n_pos; j++) {
            fputs(j ? ", " : " ", f);
            md(f, s->ids[r->pos_set[j]]);
        }
        fputs(".\n", f);
    }

    if (r->n_removals > 0) {
        /* the single removals that raise fragmentation most */
        int frag = 0;
        while (impact_metrics[frag] != METRIC_FRAGMENTATION)
            frag++;
        int n = 0;
        for (int t = 0; t < r->n_removals; t++)
            if (!r->removal_cumulative[t]) {
                size_t c = (size_t)t * REPORT_IMPACT_METRICS + (size_t)frag;
                order[n++] = (struct ranked){r->after[c] - r->before[c], t};
            }
        qsort(order, (size_t)n, sizeof *order, cmp_ranked);
        fputs("\n## Immediate impact\n\nThe 10 single removals that raise fragmentation most "
              "(impact.csv has every measure).\n\n"
              "| node | fragmentation after | change | components after | distance fragmentation after |\n"
              "|---|---|---|---|---|\n",
              f);
        for (int j = 0; j < n && j < 10; j++) {
            int t = order[j].node;
            const double *a = r->after + (size_t)t * REPORT_IMPACT_METRICS;
            fputs("| ", f);
            md(f, s->ids[r->removal_node[t]]);
            fputs(" | ", f);
            for (int q = 0; q < REPORT_IMPACT_METRICS; q++)
                if (impact_metrics[q] == METRIC_FRAGMENTATION) {
                    md_num(f, a[q]);
                    fputs(" | ", f);
                    md_num(f, order[j].key);
                    fputs(" | ", f);
                }
            for (int q = 0; q < REPORT_IMPACT_METRICS; q++)
                if (impact_metrics[q] == METRIC_COMPONENTS) {
                    md_num(f, a[q]);
                    fputs(" | ", f);
                }
            for (int q = 0; q < REPORT_IMPACT_METRICS; q++)
                if (impact_metrics[q] == METRIC_DISTANCE_FRAGMENTATION) {
                    md_num(f, a[q]);
                    fputs(" |\n", f);
                }
        }
    }

    fputs("\n## Brokerage leaders\n\nThe nodes brokering the most two-paths between others (Gould-Fernandez, "
          "across node kinds; brokerage.csv has every node).\n\n"
          "| node | kind | brokerage | coordinator | itinerant | representative | gatekeeper | liaison | "
          "constraint | effective size |\n|---|---|---|---|---|---|---|---|---|---|\n",
          f);
    int n = rank_by(r, REPORT_BROKERAGE, order);
    for (int j = 0; j < n && j < top; j++) {
        int i = order[j].node;
        fputs("| ", f);
        md(f, s->ids[i]);
        fprintf(f, " | %s | %.0f |", world_kind_name(s->world.nodes[i].kind), brokerage_total(r, i));
        for (int k = 0; k < BROKERAGE_ROLES; k++)
            fprintf(f, " %.0f |", r->roles[(size_t)i * BROKERAGE_ROLES + (size_t)k]);
        fputc(' ', f);
        md_num(f, r->constraint[i]);
        fputs(" | ", f);
        md_num(f, r->effsize[i]);
        fputs(" |\n", f);
    }
    free(order);
    return atomicfile_commit(&af, d);
}
