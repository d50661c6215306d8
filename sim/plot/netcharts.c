/* sim/plot/netcharts.c - `infnet plot`: the network charts of the snapshots.
 *
 * network_SCENARIO_stepT (nodes coloured by kind), its _patron twin
 * (coloured by patron agency) and network_SCENARIO_compare (first and last
 * snapshot side by side, a node at the same place in both): nodes sized by
 * strength, ties in width classes by weight.
 * Includes: graphml.c, layout.c, gpwrite.c.
 */
#include "sim/plot/plot_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Node kinds: four fixed colours from the same plot_palette; unknown kinds grey. */
static const char *const kind_colour[KIND_COUNT] = {"#D55E00", "#0072B2", "#009E73", "#CC79A7"};
#define KIND_OTHER KIND_COUNT
/* Legend names of the kinds (world_kind_name's, and "other" for an unknown kind). */
static const char *const kind_names[KIND_COUNT + 1] = {"agency", "leader", "faction", "institution", "other"};
/* Tie types: a colour and a dash pattern each (Okabe and Ito; gnuplot dash
 * types), so that they are told apart in grey too; unknown types grey. */
static const char *const tie_colour[TIE_COUNT + 1] = {"#333333", "#E69F00", "#56B4E9",
                                                      "#009E73", "#CC79A7", COLOUR_TIE};
static const int tie_dash[TIE_COUNT + 1] = {1, 2, 1, 4, 3, 1};
static const char *const tie_names[TIE_COUNT + 1] = {"command",      "funding",   "personal",
                                                     "coordination", "political", "other"};

/* ---- labels ------------------------------------------------------------------------ */

static double node_ps(double strength, double scale);

/* Characters (not bytes) of a UTF-8 string. */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A label short enough to draw: itself up to LABEL_MAX_CHARS characters;
 * else a short abbreviation in closing brackets ("... (MOIS)" -> "MOIS"),
 * the part before " (" when short enough, or its first words and "...". */
void plot_short_label(const char *in, char *out, size_t size)
{
    size_t len = strlen(in);
    if (utf8_len(in) <= LABEL_MAX_CHARS) {
        snprintf(out, size, "%s", in);
        return;
    }
    const char *open = strrchr(in, '(');
    if (open && len > 1 && in[len - 1] == ')' && (size_t)(in + len - 1 - open - 1) <= LABEL_MAX_CHARS / 2 &&
        !strchr(open + 1, ' ')) {
        snprintf(out, size, "%.*s", (int)(in + len - 1 - open - 1), open + 1);
        return;
    }
    const char *paren = strstr(in, " (");
    if (paren && paren > in) {
        char head[TEXT_MAX_LEN];
        snprintf(head, sizeof head, "%.*s", (int)(paren - in), in);
        if (utf8_len(head) <= LABEL_MAX_CHARS) {
            snprintf(out, size, "%s", head);
            return;
        }
    }
    /* whole words up to LABEL_MAX_CHARS - 3 characters, then "..." */
    size_t chars = 0, cut = 0, i = 0;
    for (; in[i] && chars < LABEL_MAX_CHARS - 3; i++) {
        if (((unsigned char)in[i] & 0xC0) != 0x80)
            chars++;
        if (in[i] == ' ')
            cut = i;
    }
    while (in[i] && ((unsigned char)in[i] & 0xC0) == 0x80) /* not inside a character */
        i++;
    if (!cut)
        cut = i;
    snprintf(out, size, "%.*s...", (int)cut, in);
}

/* The label drawn for node i: its label shortened, and for a spawned node
 * (id PARENT+K) the "+K" that tells it from its parent. */
static void node_label(const struct net *n, int i, char *out, size_t size)
{
    plot_short_label(n->label ? n->label[i] : n->id[i], out, size);
    const char *plus = strrchr(n->id[i], '+');
    size_t len = strlen(out);
    if (plus && n->label && strcmp(n->label[i], n->id[i]))
        snprintf(out + len, size - len, "%s", plus);
}

/* Boxes for n's labels (shortened), placed by plot_place_labels so that no
 * two overlap in a drawing of units data units per pixel. */
static int place_labels(struct plot *p, struct net *n, double units, double scale)
{
    free(n->lx);
    free(n->ly);
    free(n->lw);
    size_t c = (size_t)n->n + 1;
    n->lx = calloc(c, sizeof *n->lx);
    n->ly = calloc(c, sizeof *n->ly);
    n->lw = calloc(c, sizeof *n->lw);
    if (!n->lx || !n->ly || !n->lw)
        return plot_oom(p);
    double *r = calloc(c, sizeof *r);
    if (!r)
        return plot_oom(p);
    double ch_w = FONT_NODE_LABEL * PX_PER_PT * LABEL_CHAR_W * units;
    double ch_h = FONT_NODE_LABEL * PX_PER_PT * LABEL_CHAR_H * units;
    for (int i = 0; i < n->n; i++) {
        char text[TEXT_MAX_LEN];
        node_label(n, i, text, sizeof text);
        n->lw[i] = (double)utf8_len(text) * ch_w;
        r[i] = node_ps(n->strength[i], scale) * PS_RADIUS_PX * units;
    }
    plot_place_labels(n->n, n->x, n->y, r, n->lw, ch_h, ch_w / 2, n->lx, n->ly);
    free(r);
    return DIAG_OK;
}

/* Data units per pixel of a drawing of the nodes in [x0, x1] x [y0, y1]
 * (the range gp_bounds sets, on a plot area of NET_PLOT_W_PX x NET_PLOT_H_PX pixels). */
static double net_units(double x0, double x1, double y0, double y1)
{
    double span = fmax(fmax(x1 - x0, y1 - y0), 1.0), pad = 2 * span * NETWORK_PAD;
    return fmax((x1 - x0 + pad) / NET_PLOT_W_PX, (y1 - y0 + pad) / NET_PLOT_H_PX);
}

/* The extent of n's label boxes added to [x0, x1] x [y0, y1]. */
static void label_bounds(const struct net *n, double ch_h, double *x0, double *x1, double *y0, double *y1)
{
    for (int i = 0; n->lx && i < n->n; i++) {
        *x0 = fmin(*x0, n->lx[i]);
        *x1 = fmax(*x1, n->lx[i] + n->lw[i]);
        *y0 = fmin(*y0, n->ly[i] - ch_h / 2);
        *y1 = fmax(*y1, n->ly[i] + ch_h / 2);
    }
}

/* Labels placed for the drawing's range, and that range grown to hold them:
 * twice, since the labels widen the range and so shrink the drawing. */
static int label_net(struct plot *p, struct net *n, double scale, double *x0, double *x1, double *y0,
                     double *y1)
{
    int rc = DIAG_OK;
    double nx0 = *x0, nx1 = *x1, ny0 = *y0, ny1 = *y1;
    for (int pass = 0; pass < 2 && !rc && isfinite(nx0); pass++) {
        double units = net_units(*x0, *x1, *y0, *y1);
        if ((rc = place_labels(p, n, units, scale)))
            break;
        *x0 = nx0, *x1 = nx1, *y0 = ny0, *y1 = ny1;
        label_bounds(n, FONT_NODE_LABEL * PX_PER_PT * LABEL_CHAR_H * units, x0, x1, y0, y1);
    }
    return rc;
}

/* ---- network charts --------------------------------------------------------------- */

/* The size factor of a drawing of n active nodes. */
static double net_scale(int n)
{
    return n <= NODE_SCALE_N ? 1.0 : sqrt((double)NODE_SCALE_N / n);
}

static double node_ps(double strength, double scale)
{
    double s = strength < 0 ? 0 : strength > 1 ? 1 : strength;
    return (NODE_PS_MIN + NODE_PS_RANGE * s) * scale;
}

static int edge_class(double w)
{
    double c = w < 0 ? 0 : w > 1 ? 1 : w;
    int k = 1 + (int)(c * EDGE_CLASSES);
    return k > EDGE_CLASSES ? EDGE_CLASSES : k;
}

/* Colour groups of a network chart: by kind, or by patron agency. */
struct groups {
    const char *title; /* what the groups are: "kind" or "patron agency" */
    int n;
    const char **name; /* legend entries (string constants or owned's strings) */
    const char **colour;
    int *of;              /* group of each node */
    struct strlist owned; /* patron ids */
    char **shown;         /* per patron: its label, shortened (owned) */
};

static void groups_free(struct groups *g)
{
    free(g->name);
    free(g->colour);
    free(g->of);
    for (size_t k = 0; g->shown && k < g->owned.n; k++)
        free(g->shown[k]);
    free(g->shown);
    strlist_free(&g->owned);
    memset(g, 0, sizeof *g);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* by_patron 0: the four kinds (and other); 1: the patron agency's id (an
 * agency is its own group), sorted, then "none". Only groups with nodes. */
static int make_groups(struct plot *p, const struct net *n, int by_patron, struct groups *g)
{
    memset(g, 0, sizeof *g);
    g->title = by_patron ? "patron agency" : "kind";
    size_t cap = by_patron ? (size_t)n->n + 2 : KIND_COUNT + 1;
    g->name = calloc(cap, sizeof *g->name);
    g->colour = calloc(cap, sizeof *g->colour);
    g->of = calloc((size_t)n->n + 1, sizeof *g->of);
    if (!g->name || !g->colour || !g->of)
        return plot_oom(p);
    if (!by_patron) {
        int idx[KIND_COUNT + 1];
        for (int k = 0; k <= KIND_OTHER; k++) {
            idx[k] = -1;
            for (int i = 0; i < n->n && idx[k] < 0; i++)
                if (n->kind[i] == k) {
                    idx[k] = g->n++;
                    g->name[idx[k]] = kind_names[k];
                    g->colour[idx[k]] = k < KIND_COUNT ? kind_colour[k] : COLOUR_OTHER;
                }
        }
        for (int i = 0; i < n->n; i++)
            g->of[i] = idx[n->kind[i]];
        return DIAG_OK;
    }
    int has_none = 0;
    for (int i = 0; i < n->n; i++) {
        const char *key = *n->patron[i] ? n->patron[i] : n->kind[i] == KIND_AGENCY ? n->id[i] : NULL;
        if (!key)
            has_none = 1;
        else if (strlist_intern(&g->owned, key) < 0)
            return plot_oom(p);
    }
    qsort(g->owned.s, g->owned.n, sizeof *g->owned.s, cmp_str);
    if (!(g->shown = calloc(g->owned.n + 1, sizeof *g->shown)))
        return plot_oom(p);
    for (size_t k = 0; k < g->owned.n; k++) {
        /* the patron's label, from a node it commands or the agency itself */
        const char *label = g->owned.s[k];
        for (int i = 0; i < n->n; i++)
            if (!strcmp(n->patron[i], g->owned.s[k]) && *n->patron_label[i])
                label = n->patron_label[i];
            else if (!*n->patron[i] && n->kind[i] == KIND_AGENCY && !strcmp(n->id[i], g->owned.s[k]))
                label = n->label[i];
        char text[TEXT_MAX_LEN];
        plot_short_label(label, text, sizeof text);
        if (!(g->shown[k] = strdup(text)))
            return plot_oom(p);
        g->name[g->n] = g->shown[k];
        g->colour[g->n] = plot_palette[k % COUNT(plot_palette)];
        g->n++;
    }
    if (has_none) {
        g->name[g->n] = "none";
        g->colour[g->n] = COLOUR_NONE;
        g->n++;
    }
    for (int i = 0; i < n->n; i++) {
        const char *key = *n->patron[i] ? n->patron[i] : n->kind[i] == KIND_AGENCY ? n->id[i] : NULL;
        g->of[i] = key ? strlist_find(&g->owned, key) : g->n - 1;
    }
    return DIAG_OK;
}

/* The legend of two kind groupings: every kind present in either, in kind order. */
static int kind_union(struct plot *p, const struct groups *a, const struct groups *b, struct groups *u)
{
    memset(u, 0, sizeof *u);
    u->title = "kind";
    u->name = calloc(KIND_COUNT + 1, sizeof *u->name);
    u->colour = calloc(KIND_COUNT + 1, sizeof *u->colour);
    if (!u->name || !u->colour)
        return plot_oom(p);
    for (int k = 0; k <= KIND_OTHER; k++) {
        int seen = 0;
        for (int j = 0; j < a->n; j++)
            seen |= !strcmp(a->name[j], kind_names[k]);
        for (int j = 0; j < b->n; j++)
            seen |= !strcmp(b->name[j], kind_names[k]);
        if (seen) {
            u->name[u->n] = kind_names[k];
            u->colour[u->n++] = k < KIND_COUNT ? kind_colour[k] : COLOUR_OTHER;
        }
    }
    return DIAG_OK;
}

/* NAME_nodes.dat (one block per group) and NAME_edges.dat. */
static int write_net_data(struct plot *p, const char *chart, const struct net *n, const struct groups *g,
                          double scale, const char *what)
{
    char name[NAME_MAX_LEN + 16];
    struct atomicfile af = {0};
    int rc;
    snprintf(name, sizeof name, "%s_nodes.dat", chart);
    if ((rc = gp_open(p, &af, name)))
        return rc;
    fprintf(af.f, "# active nodes of %s: one block per %s (gnuplot index 0, 1, ...)\n", what, g->title);
    fputs("# x y point_size strength id label_x label_y label (label_x: its left edge; shortened)\n", af.f);
    for (int k = 0; k < g->n; k++) {
        if (k)
            fputs("\n\n", af.f);
        fprintf(af.f, "# index %d: ", k);
        dat_str(af.f, g->name[k]);
        fputc('\n', af.f);
        for (int i = 0; i < n->n; i++) {
            if (g->of[i] != k)
                continue;
            dat_coord(af.f, n->x[i]);
            fputc(' ', af.f);
            dat_coord(af.f, n->y[i]);
            fprintf(af.f, " %.3g ", node_ps(n->strength[i], scale));
            dat_num(af.f, n->strength[i]);
            fputc(' ', af.f);
            dat_str(af.f, n->id[i]);
            fputc(' ', af.f);
            dat_coord(af.f, n->lx ? n->lx[i] : n->x[i]);
            fputc(' ', af.f);
            dat_coord(af.f, n->ly ? n->ly[i] : n->y[i]);
            fputc(' ', af.f);
            char text[TEXT_MAX_LEN];
            node_label(n, i, text, sizeof text);
            dat_str(af.f, text);
            fputc('\n', af.f);
        }
    }
    if ((rc = gp_close(p, &af, name)))
        return rc;
    snprintf(name, sizeof name, "%s_edges.dat", chart);
    if ((rc = gp_open(p, &af, name)))
        return rc;
    fprintf(af.f,
            "# ties among the active nodes of %s; style = %d * type_index + width class (1..%d by weight)\n",
            what, EDGE_CLASSES, EDGE_CLASSES);
    fputs("# x_from y_from x_to y_to style weight from to type\n", af.f);
    for (int e = 0; e < n->m; e++) {
        int a = n->from[e], b = n->to[e];
        dat_coord(af.f, n->x[a]);
        fputc(' ', af.f);
        dat_coord(af.f, n->y[a]);
        fputc(' ', af.f);
        dat_coord(af.f, n->x[b]);
        fputc(' ', af.f);
        dat_coord(af.f, n->y[b]);
        int type = n->type ? n->type[e] : TIE_COUNT;
        fprintf(af.f, " %d ", type * EDGE_CLASSES + edge_class(n->weight[e]));
        dat_num(af.f, n->weight[e]);
        fputc(' ', af.f);
        dat_str(af.f, n->id[a]);
        fputc(' ', af.f);
        dat_str(af.f, n->id[b]);
        fprintf(af.f, " %s\n", tie_names[type]);
    }
    return gp_close(p, &af, name);
}

/* Settings shared by network drawings (before the format loop). */
static void gp_net_settings(FILE *f, double scale)
{
    double s = fmax(scale, EDGE_SCALE_MIN);
    fputs("unset border\nunset xtics\nunset ytics\nset size ratio -1\n", f);
    for (int t = 0; t <= TIE_COUNT; t++)
        fprintf(f,
                "do for [k = 1:%d] { set style arrow %d + k nohead lw (%.3g + (k - 1) * %.3g) dt %d lc rgb "
                "'%s' }\n",
                EDGE_CLASSES, t * EDGE_CLASSES, EDGE_LW_MIN * s, EDGE_LW_STEP * s, tie_dash[t],
                tie_colour[t]);
}

/* The tie types among n's ties, as bits (bit TIE_COUNT: unknown). */
static int tie_types(const struct net *n)
{
    int bits = 0;
    for (int e = 0; e < n->m; e++)
        bits |= 1 << (n->type ? n->type[e] : TIE_COUNT);
    return bits;
}

/* The plot command of one network panel (inside the format loop); key: the
 * legend's groups (g itself, or for side-by-side panels the union of both,
 * so that both panels have the same legend and so the same drawing area). */
static void gp_net_plot(FILE *f, const char *chart, const struct net *n, const struct groups *g,
                        const struct groups *key, int ties, int detail, const char *indent)
{
    if (n->n == 0) {
        gp_empty(f, indent, "no active nodes");
        return;
    }
    fprintf(f, "%splot ", indent);
    if (n->m > 0)
        fprintf(f,
                "'%s_edges.dat' using 1:2:($3-$1):($4-$2):5 with vectors arrowstyle variable notitle, \\\n%s "
                "    ",
                chart, indent);
    for (int k = 0; k < g->n; k++)
        fprintf(f,
                "'%s_nodes.dat' index %d using 1:2:3 with points pt 7 ps variable lc rgb '%s' notitle, "
                "\\\n%s     ",
                chart, k, g->colour[k], indent);
    /* legend samples of one size (the nodes' own sizes vary), then the tie types drawn */
    for (int k = 0; k < key->n; k++) {
        fprintf(f, "keyentry with points pt 7 ps %g lc rgb '%s' title ", KEY_PS, key->colour[k]);
        gp_str(f, key->name[k]);
        fprintf(f, ", \\\n%s     ", indent);
    }
    int types = ties ? ties : tie_types(n);
    for (int t = 0; t <= TIE_COUNT; t++)
        if (types & (1 << t))
            fprintf(f, "keyentry with lines lw %g dt %d lc rgb '%s' title '%s tie', \\\n%s     ",
                    EDGE_LW_MIN + EDGE_LW_STEP, tie_dash[t], tie_colour[t], tie_names[t], indent);
    if (detail) {
        fprintf(f, "'%s_nodes.dat' using 1:2:3 with points pt 6 ps variable lc rgb '%s' notitle, \\\n%s     ",
                chart, COLOUR_OUTLINE, indent);
        fprintf(f, "'%s_nodes.dat' using 6:7:8 with labels left font ',%d' tc rgb '%s' notitle", chart,
                FONT_NODE_LABEL, COLOUR_OUTLINE);
    } else {
        fputs("NaN notitle", f);
    }
    fputc('\n', f);
}

static void gp_bounds(FILE *f, double x0, double x1, double y0, double y1, const char *indent)
{
    if (!isfinite(x0))
        return;
    double span = fmax(fmax(x1 - x0, y1 - y0), 1.0);
    double pad = span * NETWORK_PAD;
    fprintf(f, "%sset xrange [%.*g:%.*g]\n%sset yrange [%.*g:%.*g]\n", indent, COORD_DIGITS, x0 - pad,
            COORD_DIGITS, x1 + pad, indent, COORD_DIGITS, y0 - pad, COORD_DIGITS, y1 + pad);
}

/* network_SCEN_stepT (by kind) or network_SCEN_stepT_patron. */
static int chart_network(struct plot *p, const struct snap *s, struct net *n, int by_patron)
{
    char chart[NAME_MAX_LEN], gp[NAME_MAX_LEN + 8], text[TEXT_MAX_LEN], what[WHAT_MAX_LEN];
    struct atomicfile af = {0};
    struct groups g;
    int rc;
    if (s->step >= 0)
        plot_safe_name(chart, sizeof chart, "network_%s_step%d%s", s->scen, s->step,
                       by_patron ? "_patron" : "");
    else
        plot_safe_name(chart, sizeof chart, "network_%s%s", s->scen, by_patron ? "_patron" : "");
    snprintf(gp, sizeof gp, "%s.gp", chart);
    snprintf(what, sizeof what, "snapshots/%s", s->file);
    if ((rc = make_groups(p, n, by_patron, &g)))
        goto done;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    net_bounds(n, &x0, &x1, &y0, &y1);
    if (n->n <= DETAIL_MAX_NODES && (rc = label_net(p, n, net_scale(n->n), &x0, &x1, &y0, &y1)))
        goto done;
    if ((rc = write_net_data(p, chart, n, &g, net_scale(n->n), what)))
        goto done;
    if (s->step >= 0)
        snprintf(text, sizeof text, "%s, step %d (replica 0): %d active nodes, %d ties", s->scen, s->step,
                 n->n, n->m);
    else
        snprintf(text, sizeof text, "%s: %d active nodes, %d ties", s->scen, n->n, n->m);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    snprintf(what, sizeof what, "%s_nodes.dat, %s_edges.dat", chart, chart);
    gp_head(p, f, chart, text, what);
    fputs("set title ", f);
    gp_str(f, text);
    fputs("\n", f);
    gp_net_settings(f, net_scale(n->n));
    fprintf(f, "set key outside right top vertical title %s\n",
            by_patron ? "'patron agency'" : "'kind (size: strength)'");
    gp_bounds(f, x0, x1, y0, y1, "");
    gp_loop_begin(p, f, chart, CHART_W, CHART_H);
    gp_net_plot(f, chart, n, &g, &g, 0, n->n <= DETAIL_MAX_NODES, "    ");
    gp_loop_end(f);
    if ((rc = gp_close(p, &af, gp)))
        goto done;
    rc = gp_add_chart(p, chart);
done:
    groups_free(&g);
    return rc;
}

/* network_SCEN_compare: first and last snapshot side by side, a node at one place in both. */
static int chart_compare(struct plot *p, const struct snap *sa, const struct snap *sb, struct net *a,
                         struct net *b)
{
    char chart[NAME_MAX_LEN], pa[NAME_MAX_LEN + 16], pb[NAME_MAX_LEN + 16], gp[NAME_MAX_LEN + 8];
    char text[TEXT_MAX_LEN], what[WHAT_MAX_LEN];
    struct atomicfile af = {0};
    struct groups ga, gb, gu;
    int rc;
    memset(&gb, 0, sizeof gb);
    memset(&gu, 0, sizeof gu);
    plot_safe_name(chart, sizeof chart, "network_%s_compare", sa->scen);
    snprintf(pa, sizeof pa, "%s_first", chart);
    snprintf(pb, sizeof pb, "%s_last", chart);
    snprintf(gp, sizeof gp, "%s.gp", chart);
    memset(&ga, 0, sizeof ga);
    if ((rc = layout_place_like(p, a, b)) || (rc = make_groups(p, a, 0, &ga)) ||
        (rc = make_groups(p, b, 0, &gb)) || (rc = kind_union(p, &ga, &gb, &gu)))
        goto done;
    snprintf(what, sizeof what, "snapshots/%s", sa->file);
    int biggest = a->n > b->n ? a->n : b->n;
    /* one range for both panels, grown to hold the labels of both */
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    net_bounds(a, &x0, &x1, &y0, &y1);
    net_bounds(b, &x0, &x1, &y0, &y1);
    double nx0 = x0, nx1 = x1, ny0 = y0, ny1 = y1;
    for (int pass = 0; pass < 2 && biggest <= DETAIL_MAX_NODES && isfinite(nx0); pass++) {
        double units = net_units(x0, x1, y0, y1);
        if ((rc = place_labels(p, a, units, net_scale(biggest))) ||
            (rc = place_labels(p, b, units, net_scale(biggest))))
            goto done;
        x0 = nx0, x1 = nx1, y0 = ny0, y1 = ny1;
        double ch_h = FONT_NODE_LABEL * PX_PER_PT * LABEL_CHAR_H * units;
        label_bounds(a, ch_h, &x0, &x1, &y0, &y1);
        label_bounds(b, ch_h, &x0, &x1, &y0, &y1);
    }
    if ((rc = write_net_data(p, pa, a, &ga, net_scale(biggest), what)))
        goto done;
    snprintf(what, sizeof what, "snapshots/%s (positions of step %d; new nodes next to their parent)",
             sb->file, sa->step);
    if ((rc = write_net_data(p, pb, b, &gb, net_scale(biggest), what)))
        goto done;
    snprintf(text, sizeof text, "%s (replica 0): step %d and step %d, each node in the same place", sa->scen,
             sa->step, sb->step);
    if ((rc = gp_open(p, &af, gp)))
        goto done;
    FILE *f = af.f;
    snprintf(what, sizeof what, "%s_nodes.dat, %s_edges.dat, %s_nodes.dat, %s_edges.dat", pa, pa, pb, pb);
    gp_head(p, f, chart, text, what);
    gp_net_settings(f, net_scale(biggest));
    static const char compare_key[] = "set key below horizontal title 'kind (size: strength)'\n";
    fputs(compare_key, f);
    gp_bounds(f, x0, x1, y0, y1, "");
    gp_loop_begin(p, f, chart, COMPARE_W, COMPARE_H);
    fputs("    set multiplot layout 1,2 title ", f);
    gp_str(f, text);
    fputc('\n', f);
    const struct net *nets[2] = {a, b};
    const struct groups *gs[2] = {&ga, &gb};
    const struct snap *ss[2] = {sa, sb};
    const char *names[2] = {pa, pb};
    for (int k = 0; k < 2; k++) {
        snprintf(text, sizeof text, "step %d (%d active nodes, %d ties)", ss[k]->step, nets[k]->n,
                 nets[k]->m);
        fputs("    set title ", f);
        gp_str(f, text);
        fputc('\n', f);
        gp_net_plot(f, names[k], nets[k], gs[k], &gu, tie_types(a) | tie_types(b),
                    biggest <= DETAIL_MAX_NODES, "    ");
        if (nets[k]->n == 0) { /* gp_empty changed the ranges and the key, and left a label */
            fprintf(f, "    unset label %d\n    ", EMPTY_LABEL);
            fputs(compare_key, f);
            gp_bounds(f, x0, x1, y0, y1, "    ");
        }
    }
    fputs("    unset multiplot\n", f);
    gp_loop_end(f);
    if ((rc = gp_close(p, &af, gp)))
        goto done;
    rc = gp_add_chart(p, chart);
done:
    groups_free(&ga);
    groups_free(&gb);
    groups_free(&gu);
    return rc;
}

/* Every snapshot, then a compare chart per scenario with two or more. */
int chart_networks(struct plot *p)
{
    int rc = DIAG_OK;
    const char *dir = p->req->dir;
    for (size_t i = 0; i < p->n_snaps && !rc; i++) {
        struct net n;
        if (plot_stopped(p))
            return DIAG_INTERRUPTED;
        if ((rc = net_read(p, dir, &p->snaps[i], &n)))
            break;
        if (!(rc = layout_net(p, &n)) && !(rc = chart_network(p, &p->snaps[i], &n, 0)))
            rc = chart_network(p, &p->snaps[i], &n, 1);
        net_free(&n);
    }
    for (size_t i = 0; i < p->n_snaps && !rc;) {
        size_t j = i;
        while (j < p->n_snaps && !strcmp(p->snaps[j].scen, p->snaps[i].scen))
            j++;
        /* [i, j): one scenario's snapshots by step; those without a step are not compared */
        size_t first = i;
        while (first < j && p->snaps[first].step < 0)
            first++;
        if (j - first >= 2) {
            struct net a, b;
            if (plot_stopped(p))
                return DIAG_INTERRUPTED;
            if ((rc = net_read(p, dir, &p->snaps[first], &a)))
                break;
            if ((rc = net_read(p, dir, &p->snaps[j - 1], &b))) {
                net_free(&a);
                break;
            }
            if (!(rc = layout_net(p, &a)))
                rc = chart_compare(p, &p->snaps[first], &p->snaps[j - 1], &a, &b);
            net_free(&a);
            net_free(&b);
        }
        i = j;
    }
    return rc;
}
