/* sim/plot/gpwrite.c - `infnet plot`: the pieces every gnuplot script and data file is made of.
 *
 * Files are written atomically (sim/output/atomicfile) under names checked
 * for clashes; scripts share their head (terminal loop over the formats,
 * fonts, the '.tmp' suffix infnet passes) and their ranges and grid; data
 * files quote strings and write numbers exactly, NaN for a missing value.
 * Includes: sim/output (atomicfile, csvout).
 */
#include "sim/plot/plot_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/output/csvout.h"
#include "sim/util/grow.h"

/* Okabe and Ito's colour-blind-safe plot_palette (2008), the strongest on white
 * first, yellow last because it is faint. Colours cycle beyond eight series
 * (in time charts the dash pattern then changes). */
const char *const plot_palette[PLOT_PALETTE_N] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                  "#E69F00", "#56B4E9", "#000000", "#F0E442"};

/* A gnuplot single-quoted string: quotes doubled, control characters as spaces. */
void gp_str(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        unsigned char u = (unsigned char)*s;
        if (u == '\'')
            fputs("''", f);
        else if (u < ' ')
            fputc(' ', f);
        else
            fputc(u, f);
    }
    fputc('\'', f);
}

/* A string field of a data file: double-quoted (gnuplot reads it as one
 * column); a '"' inside becomes '\'', control characters spaces. */
void dat_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char u = (unsigned char)*s;
        fputc(u == '"' ? '\'' : u < ' ' ? ' ' : u, f);
    }
    fputc('"', f);
}

/* A number of a data file, exact (shortest round trip); NaN and infinities
 * as NaN, which gnuplot skips (set datafile missing "NaN"). */
void dat_num(FILE *f, double x)
{
    char buf[40];
    if (!isfinite(x)) {
        fputs("NaN", f);
        return;
    }
    csvout_format_number(buf, sizeof buf, x);
    fputs(buf, f);
}

/* A coordinate of a network drawing. */
void dat_coord(FILE *f, double x)
{
    fprintf(f, "%.*g", COORD_DIGITS, x);
}

/* ---- writing files -------------------------------------------------------------- */

/* Open DIR/plots/name for writing; a name written twice in one call is
 * refused, and no file is begun after a signal asked to stop. */
int gp_open(struct plot *p, struct atomicfile *af, const char *name)
{
    if (plot_stopped(p))
        return DIAG_INTERRUPTED;
    if (strlist_find(&p->files, name) >= 0)
        return diag_set(p->d, DIAG_INPUT, NULL, 0, 0,
                        "two charts would write '%s/%s' (scenario or metric names that differ only in "
                        "characters not allowed in file names?)",
                        p->pdir, name);
    if (strlist_intern(&p->files, name) < 0)
        return plot_oom(p);
    return atomicfile_open(af, p->pdir, name, p->d);
}

int gp_close(struct plot *p, struct atomicfile *af, const char *name)
{
    if (ferror(af->f)) {
        atomicfile_abort(af);
        return diag_set(p->d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s/%s'", p->pdir, name);
    }
    int rc = atomicfile_commit(af, p->d);
    if (!rc && p->info)
        fprintf(p->info, "wrote %s/%s\n", p->pdir, name);
    return rc;
}

/* The start of a script: what it draws, how to redraw it, common settings. */
void gp_head(struct plot *p, FILE *f, const char *chart, const char *what, const char *data)
{
    snprintf(p->caption, sizeof p->caption, "%s", what);
    fprintf(f, "# %s.gp - %s\n", chart, what);
    fprintf(f, "# Written by `infnet plot`; data: %s (its first lines name the columns).\n", data);
    if (!strcmp(p->formats, "svg png"))
        fprintf(f, "# Redraw after editing: gnuplot %s.gp (writes %s.svg and %s.png here).\n", chart, chart,
                chart);
    else
        fprintf(f, "# Redraw after editing: gnuplot %s.gp (writes %s.%s here).\n", chart, chart, p->formats);
    fputs("if (!exists(\"suffix\")) suffix = \"\"   # infnet passes '.tmp' and renames after success\n", f);
    fputs("set encoding utf8\n", f);
    fputs("set datafile missing \"NaN\"\n", f);
}

/* The loop over output formats: one gnuplot run writes every format. */
void gp_loop_begin(const struct plot *p, FILE *f, const char *chart, int w, int h)
{
    fprintf(f, "do for [fmt in \"%s\"] {\n", p->formats);
    fputs("    if (fmt eq \"svg\") {\n", f);
    fprintf(
        f,
        "        set terminal svg size %d,%d dynamic noenhanced font \"sans,%d\" background rgb \"white\"\n",
        w, h, FONT_SVG);
    fputs("    } else {\n", f);
    fprintf(f,
            "        set terminal pngcairo size %d,%d noenhanced font \"sans,%d\" background rgb \"white\"\n",
            w, h, FONT_PNG);
    fputs("    }\n", f);
    fprintf(f, "    set output \"%s.\" . fmt . suffix\n", chart);
}

void gp_loop_end(FILE *f)
{
    fputs("    unset output\n}\n", f);
}

/* A plot with no data: a message in the middle of an empty frame (gnuplot
 * refuses to plot nothing; the constant lies outside the y range). */
void gp_empty(FILE *f, const char *indent, const char *msg)
{
    fprintf(f, "%sset label %d ", indent, EMPTY_LABEL);
    gp_str(f, msg);
    fputs(" at graph 0.5, graph 0.5 center\n", f);
    fprintf(f, "%sunset xtics\n%sunset ytics\n%sunset grid\n%sunset key\n", indent, indent, indent, indent);
    fprintf(f, "%sset xrange [0:1]\n%sset yrange [0:1]\n%splot 2 notitle\n", indent, indent, indent);
}

/* An explicit axis range around [lo, hi] with room on both sides, or around a constant. */
void gp_range(FILE *f, const char *axis, double lo, double hi)
{
    double pad = hi > lo ? (hi - lo) * RANGE_PAD : (lo != 0 ? fabs(lo) * FLAT_PAD : FLAT_PAD);
    fprintf(f, "set %srange [%.*g:%.*g]\n", axis, COORD_DIGITS, lo - pad, COORD_DIGITS, hi + pad);
}

/* The y range of a metric whose every value is v: the metric's whole range
 * when it is a share (0 .. 1), from 0 when it is a count at 0, else around v. */
void gp_flat_range(FILE *f, const char *metric, double v)
{
    enum metric_range r = plot_metric_range(metric);
    if (r == RANGE_UNIT && v >= 0 && v <= 1)
        fprintf(f, "set yrange [%g:%g]\n", -UNIT_PAD, 1 + UNIT_PAD);
    else if (r == RANGE_NONNEG && v == 0)
        fprintf(f, "set yrange [%g:1]\n", -UNIT_PAD);
    else
        gp_range(f, "y", v, v);
}

/* A light grid behind the data (lt 1: the default grid type ignores colours). */
void gp_grid(FILE *f, const char *axes)
{
    fprintf(f, "set grid %s back lt 1 lw 1 lc rgb '%s'\n", axes, COLOUR_GRID);
}

int gp_add_chart(struct plot *p, const char *chart)
{
    if (strlist_find(&p->charts, chart) >= 0)
        return diag_set(p->d, DIAG_INPUT, NULL, 0, 0, "two charts would be named '%s'", chart);
    size_t k = p->charts.n;
    if (grow_array((void **)&p->captions, &p->cap_captions, k + 1, sizeof *p->captions) ||
        grow_array((void **)&p->end_file, &p->cap_end, k + 1, sizeof *p->end_file) ||
        !(p->captions[k] = strdup(p->caption)))
        return plot_oom(p);
    /* the files written since the previous chart are this one's */
    p->end_file[k] = p->files.n;
    if (strlist_intern(&p->charts, chart) < 0) {
        free(p->captions[k]);
        return plot_oom(p);
    }
    p->caption[0] = '\0';
    return DIAG_OK;
}
