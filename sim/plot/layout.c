/* sim/plot/layout.c - `infnet plot`: where the nodes of a network are drawn.
 *
 * Fruchterman-Reingold (igraph) from a local RNG seeded with a constant and
 * set as igraph's default only for the call, so the same snapshot is drawn
 * the same way every time; layout_place_like() puts the nodes of a later
 * snapshot where they were in an earlier one (spawned nodes beside their
 * parent), so that two drawings can be compared side by side.
 * Includes: igraph.
 */
#include "sim/plot/plot_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

/* Fruchterman-Reingold positions of n's nodes, from a local RNG seeded with
 * LAYOUT_SEED, set as igraph's default for the call and restored after. */
int layout_net(struct plot *p, struct net *n)
{
    if (n->n == 0)
        return DIAG_OK;
    igraph_vector_int_t ev;
    igraph_matrix_t res;
    igraph_t g;
    igraph_rng_t rng;
    int rc = DIAG_OK;
    if (igraph_vector_int_init(&ev, 2 * (igraph_integer_t)n->m))
        return plot_oom(p);
    for (int e = 0; e < n->m; e++) {
        VECTOR(ev)[2 * e] = n->from[e];
        VECTOR(ev)[2 * e + 1] = n->to[e];
    }
    if (igraph_create(&g, &ev, n->n, IGRAPH_UNDIRECTED)) {
        igraph_vector_int_destroy(&ev);
        return plot_oom(p);
    }
    igraph_vector_int_destroy(&ev);
    if (igraph_matrix_init(&res, 0, 0)) {
        igraph_destroy(&g);
        return plot_oom(p);
    }
    if (igraph_rng_init(&rng, &igraph_rngtype_pcg32)) {
        igraph_matrix_destroy(&res);
        igraph_destroy(&g);
        return plot_oom(p);
    }
    igraph_rng_seed(&rng, LAYOUT_SEED);
    /* set_default copies the handle: keep a copy of the old one to put back */
    igraph_rng_t saved = *igraph_rng_default();
    igraph_rng_set_default(&rng);
    igraph_error_t err = igraph_layout_fruchterman_reingold(
        &g, &res, /*use_seed=*/0, LAYOUT_ITER, sqrt((double)n->n) / LAYOUT_TEMP_DIV, IGRAPH_LAYOUT_AUTOGRID,
        NULL, NULL, NULL, NULL, NULL);
    igraph_rng_set_default(&saved);
    if (err == IGRAPH_SUCCESS) {
        for (int i = 0; i < n->n; i++) {
            n->x[i] = MATRIX(res, i, 0);
            n->y[i] = MATRIX(res, i, 1);
        }
    } else if (err == IGRAPH_INTERRUPTED) { /* a signal (sim/util/interrupt.h) */
        rc = diag_set(p->d, DIAG_INTERRUPTED, NULL, 0, 0, "interrupted while laying out a network");
    } else {
        rc = diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "network layout failed: %s", igraph_strerror(err));
    }
    igraph_rng_destroy(&rng);
    igraph_matrix_destroy(&res);
    igraph_destroy(&g);
    return rc;
}

static int layout_find_id(const struct net *n, const char *id)
{
    for (int i = 0; i < n->n; i++)
        if (!strcmp(n->id[i], id))
            return i;
    return -1;
}

/* Give b's nodes a's positions; nodes new in b go next to their parent (the
 * id before '+'), else on a ring around the drawing. */
int layout_place_like(struct plot *p, const struct net *a, struct net *b)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    net_bounds(a, &x0, &x1, &y0, &y1);
    double span = isfinite(x0) ? fmax(fmax(x1 - x0, y1 - y0), 1.0) : 1.0;
    double cx = isfinite(x0) ? (x0 + x1) / 2 : 0, cy = isfinite(y0) ? (y0 + y1) / 2 : 0;
    char *placed = calloc((size_t)b->n + 1, 1);
    if (!placed)
        return plot_oom(p);
    int n_ring = 0;
    /* first the nodes a knows, then the rest (a spawn's parent may itself be new) */
    for (int i = 0; i < b->n; i++) {
        int j = layout_find_id(a, b->id[i]);
        if (j >= 0) {
            b->x[i] = a->x[j];
            b->y[i] = a->y[j];
            placed[i] = 1;
        }
    }
    for (int i = 0; i < b->n; i++) {
        if (placed[i])
            continue;
        const char *plus = strrchr(b->id[i], '+');
        int parent = -1;
        long slot = 0;
        if (plus) {
            char *parent_id = strndup(b->id[i], (size_t)(plus - b->id[i]));
            if (!parent_id) {
                free(placed);
                return plot_oom(p);
            }
            parent = layout_find_id(b, parent_id);
            if (parent >= 0 && !placed[parent])
                parent = -1;
            free(parent_id);
            slot = strtol(plus + 1, NULL, 10);
        }
        if (parent >= 0) {
            double angle =
                2.0 * M_PI * (double)(labs(slot) % SPAWN_DIRECTIONS) / SPAWN_DIRECTIONS + M_PI / 4.0;
            b->x[i] = b->x[parent] + SPAWN_OFFSET * span * cos(angle);
            b->y[i] = b->y[parent] + SPAWN_OFFSET * span * sin(angle);
        } else {
            double angle = 2.0 * M_PI * (double)(n_ring % SPAWN_DIRECTIONS) / SPAWN_DIRECTIONS;
            double r = RING_RADIUS * span * (1.0 + (double)(n_ring / SPAWN_DIRECTIONS) * SPAWN_OFFSET);
            b->x[i] = cx + r * cos(angle);
            b->y[i] = cy + r * sin(angle);
            n_ring++;
        }
        placed[i] = 1;
    }
    free(placed);
    return DIAG_OK;
}

/* Axis ranges that hold every node of n with room for labels. */
void net_bounds(const struct net *n, double *x0, double *x1, double *y0, double *y1)
{
    for (int i = 0; i < n->n; i++) {
        *x0 = fmin(*x0, n->x[i]);
        *x1 = fmax(*x1, n->x[i]);
        *y0 = fmin(*y0, n->y[i]);
        *y1 = fmax(*y1, n->y[i]);
    }
}

/* ---- label placement ------------------------------------------------------------------ */

/* 1 when boxes [ax, ax + aw] x [ay - ah/2, ay + ah/2] and b's overlap. */
static int boxes_overlap(double ax, double ay, double aw, double ah, double bx, double by, double bw,
                         double bh)
{
    return ax < bx + bw && bx < ax + aw && ay - ah / 2 < by + bh / 2 && by - bh / 2 < ay + ah / 2;
}

/* Candidate k around a node at (x, y), for a label w wide and h high: ring
 * k / LABEL_DIRECTIONS, direction k % LABEL_DIRECTIONS (right first, then
 * above, below, left and the diagonals), each ring one label height further. */
static void label_candidate(double x, double y, double w, double h, double gap, int k, double *lx, double *ly)
{
    static const double dir[LABEL_DIRECTIONS][2] = {{1, 0}, {0, 1},  {0, -1}, {-1, 0},
                                                    {1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
    int ring = k / LABEL_DIRECTIONS;
    const double *d = dir[k % LABEL_DIRECTIONS];
    double r = gap + ring * h;
    /* the box's left edge: to the right of the node, centred on it, or to its left */
    *lx = d[0] > 0 ? x + r : d[0] < 0 ? x - r - w : x - w / 2;
    *ly = y + d[1] * (r + (d[1] ? h / 2 : 0));
}

void plot_place_labels(int n, const double *x, const double *y, const double *r, const double *w, double h,
                       double gap, double *lx, double *ly)
{
    for (int i = 0; i < n; i++) {
        int placed = 0;
        for (int k = 0; k < LABEL_TRIES && !placed; k++) {
            label_candidate(x[i], y[i], w[i], h, r[i] + gap, k, &lx[i], &ly[i]);
            placed = 1;
            for (int j = 0; j < i && placed; j++)
                placed = !boxes_overlap(lx[i], ly[i], w[i], h, lx[j], ly[j], w[j], h);
            /* nor, for the first rings, any node symbol (farther out, a crowded centre would push it away) */
            for (int j = 0; j < n && placed && k < LABEL_TRIES / 2; j++)
                placed = !boxes_overlap(lx[i], ly[i], w[i], h, x[j] - r[j], y[j], 2 * r[j], 2 * r[j]);
        }
        if (!placed) { /* crowded: above every label placed so far, which no box reaches */
            double top = -INFINITY;
            for (int j = 0; j < i; j++)
                top = fmax(top, ly[j] + h / 2);
            lx[i] = x[i] + gap;
            ly[i] = top + h / 2 + h * LABEL_SPACING;
        }
    }
}
