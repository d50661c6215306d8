/* sim/plot/outputs.c - `infnet plot`: reading what DIR holds.
 *
 * summary.csv and final.csv are read and checked by sim/output/results, as
 * `infnet compare` reads them (so a file compare refuses is refused here
 * too), comparison.csv by its declaration in sim/output/schema, meta.json
 * with jansson (checked as compare checks it, then the time unit and start
 * of the axis labels), and the names of snapshots/NAME.graphml (each must
 * be a regular file, not a link: a FIFO would block the reader, a link
 * would draw something infnet did not write). Rows are kept sorted so that
 * charts come out in a fixed order.
 * Includes: sim/output (results, schema, csvin), sim/util (grow, infile), jansson, POSIX directories.
 */
#include "sim/plot/plot_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sim/output/csvin.h"
#include "sim/output/results.h"
#include "sim/output/schema.h"
#include "sim/util/grow.h"
#include "sim/util/infile.h"

static int parse_int(const char *s, long max, long *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    if (*end || errno || v > max)
        return -1;
    *out = v;
    return 0;
}

/* ---- summary.csv, final.csv, comparison.csv ---------------------------------------- */

static int comparison_row(struct csvin_reader *r, const struct schema_field *v)
{
    struct plot *p = schema_user(r);
    struct crow row = {.step = (int)v[COMPARISON_STEP].whole,
                       .line = csvin_line(r),
                       .n_a = (long)v[COMPARISON_N_A].whole,
                       .n_b = (long)v[COMPARISON_N_B].whole,
                       .diff = v[COMPARISON_DIFF].number,
                       .lo = v[COMPARISON_CI_LOW].number,
                       .hi = v[COMPARISON_CI_HIGH].number,
                       .d = v[COMPARISON_EFFECT_SIZE].number,
                       .p = v[COMPARISON_P_VALUE].number,
                       .p_holm = v[COMPARISON_P_HOLM].number};
    if (v[COMPARISON_P_HOLM].text)
        p->has_p_holm = 1;
    if ((row.metric = strlist_intern(&p->cmetric, v[COMPARISON_METRIC].text)) < 0 ||
        (row.a = strlist_intern(&p->cscen, v[COMPARISON_SCENARIO_A].text)) < 0 ||
        (row.b = strlist_intern(&p->cscen, v[COMPARISON_SCENARIO_B].text)) < 0 ||
        grow_array((void **)&p->cr, &p->cap_cr, p->n_cr + 1, sizeof *p->cr))
        return plot_oom(p);
    p->cr[p->n_cr++] = row;
    return DIAG_OK;
}

static int cmp_srow(const void *a, const void *b)
{
    const struct srow *x = a, *y = b;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    if (x->scen != y->scen)
        return x->scen < y->scen ? -1 : 1;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static int cmp_frow(const void *a, const void *b)
{
    const struct frow *x = a, *y = b;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    if (x->scen != y->scen)
        return x->scen < y->scen ? -1 : 1;
    if (x->replica != y->replica)
        return x->replica < y->replica ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* The rows of summary.csv and final.csv, as read and checked by
 * sim/output/results (so that plot refuses what compare refuses), with the
 * scenario and metric names interned in file order. */
static int take_results(struct plot *p, const struct results *res)
{
    for (size_t i = 0; i < res->n_rows; i++) {
        const struct results_row *row = &res->rows[i];
        const struct results_scenario *s = &res->sc[row->scen];
        const struct results_cell *c =
            &s->cells[(size_t)results_step_index(s, row->step) * (size_t)s->n_metrics + (size_t)row->metric];
        struct srow sr = {.step = row->step,
                          .line = row->line,
                          .q05 = c->q[0],
                          .q25 = c->q[1],
                          .q50 = c->q[2],
                          .q75 = c->q[3],
                          .q95 = c->q[SCHEMA_SUMMARY_Q - 1],
                          .mean = c->mean};
        if ((sr.scen = strlist_intern(&p->scen, s->name)) < 0 ||
            (sr.metric = strlist_intern(&p->metric, s->metrics[row->metric])) < 0 ||
            grow_array((void **)&p->sr, &p->cap_sr, p->n_sr + 1, sizeof *p->sr))
            return plot_oom(p);
        p->sr[p->n_sr++] = sr;
    }
    for (size_t i = 0; i < res->n_final; i++) {
        const struct results_value *v = &res->final[i];
        const struct results_scenario *s = &res->sc[v->scen];
        struct frow fr = {.replica = v->replica, .line = v->line, .value = v->value};
        if ((fr.scen = strlist_intern(&p->scen, s->name)) < 0 ||
            (fr.metric = strlist_intern(&p->metric, s->metrics[v->metric])) < 0 ||
            grow_array((void **)&p->fr, &p->cap_fr, p->n_fr + 1, sizeof *p->fr))
            return plot_oom(p);
        p->fr[p->n_fr++] = fr;
    }
    if (p->n_sr)
        qsort(p->sr, p->n_sr, sizeof *p->sr, cmp_srow);
    if (p->n_fr)
        qsort(p->fr, p->n_fr, sizeof *p->fr, cmp_frow);
    p->have_summary = p->n_sr > 0;
    p->have_final = p->n_fr > 0;
    return DIAG_OK;
}

int plot_read_tables(struct plot *p, const char *dir)
{
    char path[PATH_MAX_LEN];
    struct results res;
    int rc = DIAG_OK;
    results_init(&res);
    /* meta.json, when DIR has one (a comparison's has none), first: the tables are checked against it */
    snprintf(path, sizeof path, "%s/meta.json", dir);
    if (plot_exists(path) && (rc = results_read_meta(&res, dir, p->d)))
        goto done;
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    if (plot_is_file(path) && (rc = results_read_summary(&res, path, p->d)))
        goto done;
    snprintf(path, sizeof path, "%s/final.csv", dir);
    if (plot_is_file(path) && (rc = results_read_final(&res, path, p->d)))
        goto done;
    if ((rc = take_results(p, &res)))
        goto done;
    snprintf(path, sizeof path, "%s/comparison.csv", dir);
    if (plot_is_file(path)) {
        if ((rc = schema_read(path, &schema_comparison, comparison_row, p, p->d)))
            goto done;
        p->have_comparison = p->n_cr > 0;
    }
done:
    results_destroy(&res);
    return rc;
}

/* ---- meta.json ------------------------------------------------------------------ */

static char *json_str_dup(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return strdup(s ? s : "");
}

/* A scenario's timeline (pressures and dated events; absent in a meta.json
 * written before it was recorded): entries that are not as meta.c writes
 * them are left out, they only mark the time axes. */
static int read_marks(struct plot *p, json_t *o, struct meta_scen *m)
{
    json_t *tl = json_object_get(o, "timeline");
    size_t n = json_is_array(tl) ? json_array_size(tl) : 0;
    if (!n)
        return DIAG_OK;
    if (!(m->marks = calloc(n, sizeof *m->marks)))
        return plot_oom(p);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(tl, i), *from = json_object_get(e, "from"), *to = json_object_get(e, "to");
        const char *label = json_string_value(json_object_get(e, "label"));
        const char *kind = json_string_value(json_object_get(e, "kind"));
        if (!json_is_integer(from) || !json_is_integer(to) || !label || !kind)
            continue;
        json_int_t a = json_integer_value(from), b = json_integer_value(to);
        if (a < 0 || b < a || b > INT_MAX)
            continue;
        struct meta_mark *k = &m->marks[m->n_marks];
        if (!(k->label = strdup(label)))
            return plot_oom(p);
        k->from = (int)a;
        k->to = (int)b;
        k->pressure = !strcmp(kind, "pressure");
        m->n_marks++;
    }
    return DIAG_OK;
}

int plot_read_meta(struct plot *p, const char *dir)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    if (!plot_exists(path))
        return DIAG_OK;
    /* checked as compare checks it by plot_read_tables; read here for the axis labels */
    json_t *root;
    int rc = results_load_meta(path, &root, p->d);
    if (rc)
        return rc;
    json_t *sc = json_object_get(root, "scenarios");
    size_t n = json_is_array(sc) ? json_array_size(sc) : 0;
    if (n) {
        p->meta = calloc(n, sizeof *p->meta);
        if (!p->meta)
            rc = plot_oom(p);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        json_t *o = json_array_get(sc, i);
        struct meta_scen *m = &p->meta[p->n_meta];
        if (!json_is_object(o) || !json_is_string(json_object_get(o, "name")))
            continue;
        m->name = json_str_dup(o, "name");
        m->unit = json_str_dup(o, "unit");
        m->start = json_str_dup(o, "start");
        json_t *st = json_object_get(o, "steps");
        m->steps = json_is_integer(st) && json_integer_value(st) >= 0 && json_integer_value(st) <= INT_MAX
                       ? (long)json_integer_value(st)
                       : -1;
        p->n_meta++;
        if (!m->name || !m->unit || !m->start)
            rc = plot_oom(p);
        if (!rc)
            rc = read_marks(p, o, m);
        json_t *out = json_object_get(o, "outputs");
        json_t *v;
        size_t k;
        json_array_foreach(json_object_get(out, "network_kinds"), k, v)
        {
            enum node_kind kind;
            if (json_is_string(v) && !world_kind_parse(json_string_value(v), &kind))
                m->kinds |= 1u << kind;
        }
        json_array_foreach(json_object_get(out, "network_ties"), k, v)
        {
            enum tie_type type;
            if (json_is_string(v) && !world_tie_parse(json_string_value(v), &type))
                m->ties |= 1u << type;
        }
    }
    json_decref(root);
    return rc;
}

const struct meta_scen *plot_meta_of(const struct plot *p, const char *name)
{
    for (size_t i = 0; i < p->n_meta; i++)
        if (!strcmp(p->meta[i].name, name))
            return &p->meta[i];
    return NULL;
}

/* The x axis of time charts: "step (months from 2020-01)" when every
 * scenario in names[0..n) has the same unit and start in meta.json, else "step". */
void plot_step_label(const struct plot *p, char *const *names, size_t n, char *out, size_t size)
{
    const struct meta_scen *first = n ? plot_meta_of(p, names[0]) : NULL;
    for (size_t i = 1; i < n && first; i++) {
        const struct meta_scen *m = plot_meta_of(p, names[i]);
        if (!m || strcmp(m->unit, first->unit) || strcmp(m->start, first->start))
            first = NULL;
    }
    if (!first || !*first->unit || !strcmp(first->unit, "step"))
        snprintf(out, size, "step");
    else if (!*first->start)
        snprintf(out, size, "step (%ss)", first->unit);
    else
        snprintf(out, size, "step (%ss from %s)", first->unit, first->start);
}

/* ---- snapshots/NAME.graphml -------------------------------------------------------------- */

static int cmp_snap(const void *a, const void *b)
{
    const struct snap *x = a, *y = b;
    int c = strcmp(x->scen, y->scen);
    if (c)
        return c;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return strcmp(x->file, y->file);
}

/* Split "SCENARIO_stepT" into its parts; a name without that ending is its own scenario. */
static int add_snapshot(struct plot *p, const char *file)
{
    size_t len = strlen(file) - strlen(".graphml");
    if (grow_array((void **)&p->snaps, &p->cap_snaps, p->n_snaps + 1, sizeof *p->snaps))
        return plot_oom(p);
    struct snap *s = &p->snaps[p->n_snaps];
    s->file = strdup(file);
    s->scen = strndup(file, len);
    s->step = -1;
    if (!s->file || !s->scen) {
        free(s->file);
        free(s->scen);
        return plot_oom(p);
    }
    p->n_snaps++;
    char *at = NULL;
    for (char *q = strstr(s->scen, "_step"); q; q = strstr(q + 1, "_step"))
        at = q;
    if (at && at > s->scen) {
        long step;
        if (!parse_int(at + strlen("_step"), INT_MAX, &step)) {
            s->step = (int)step;
            *at = '\0';
        }
    }
    return DIAG_OK;
}

int plot_list_snapshots(struct plot *p, const char *dir)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/snapshots", dir);
    DIR *dd = opendir(path);
    if (!dd)
        return DIAG_OK;
    int rc = DIAG_OK;
    struct dirent *e;
    while (!rc && (e = readdir(dd)) != NULL) {
        if (e->d_name[0] == '.' || !plot_ends_with(e->d_name, ".graphml") ||
            strlen(e->d_name) == strlen(".graphml"))
            continue;
        char full[PATH_MAX_LEN];
        if (snprintf(full, sizeof full, "%s/%s", path, e->d_name) >= (int)sizeof full)
            continue;
        /* every snapshot is opened once here, so that one that cannot be read
         * is refused before anything is written */
        FILE *f;
        const char *why;
        int orc = infile_open_own(full, &f, NULL, &why);
        if (orc)
            rc = diag_set(p->d, orc, full, 0, 0, "cannot read the snapshot: %s", why);
        else {
            fclose(f);
            rc = add_snapshot(p, e->d_name);
        }
    }
    closedir(dd);
    if (!rc)
        qsort(p->snaps, p->n_snaps, sizeof *p->snaps, cmp_snap);
    return rc;
}

/* ---- dates of steps ----------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (H. Hinnant's algorithms: exact for every date of the calendar). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int plot_step_date(const struct meta_scen *m, long step, char *out, size_t size)
{
    if (!m || !m->start || !m->unit)
        return 0;
    long y = 0;
    int mo = 1, d = 1, len = 0;
    int got = sscanf(m->start, "%4ld-%2d-%2d%n", &y, &mo, &d, &len);
    if (got < 3) {
        d = 1;
        len = 0;
        got = sscanf(m->start, "%4ld-%2d%n", &y, &mo, &len);
        if (got < 2) {
            mo = 1;
            len = 0;
            got = sscanf(m->start, "%4ld%n", &y, &len);
        }
    }
    if (got < 1 || m->start[len] || mo < 1 || mo > 12 || d < 1 || d > 31)
        return 0;
    if (!strcmp(m->unit, "year")) {
        snprintf(out, size, "%ld", y + step);
        return 1;
    }
    if (!strcmp(m->unit, "month") && got >= 2) {
        long k = y * 12 + (mo - 1) + step;
        snprintf(out, size, "%ld-%02ld", k / 12, k % 12 + 1);
        return 1;
    }
    long per = !strcmp(m->unit, "week") ? 7 : !strcmp(m->unit, "day") ? 1 : 0;
    if (!per || got < 2)
        return 0;
    long z = days_from_civil(y, mo, d) + step * per;
    civil_from_days(z, &y, &mo, &d);
    snprintf(out, size, "%ld-%02d-%02d", y, mo, d);
    return 1;
}
