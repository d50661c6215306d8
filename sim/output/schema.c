/* sim/output/schema.c - the column tables of infnet's CSV outputs, and writing and reading by them (see
 * schema.h).
 *
 * The tables are constant data; the row writer only checks positions and
 * types (assert: a writer that disagrees with its declaration is a
 * programming error) and formats with sim/output/csvout, so the bytes are
 * those the writers produced before the tables existed. The reader is
 * sim/output/csvin with the declared names as the wanted columns.
 */
#include "sim/output/schema.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sim/output/csvout.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define TABLE(f, c, req)                                                                                     \
    {                                                                                                        \
        (f), (c), COUNT(c), (req), 0, 0, 0                                                                   \
    }
#define OPEN_TABLE(f, c)                                                                                     \
    {                                                                                                        \
        (f), (c), COUNT(c), COUNT(c), 1, 0, 0                                                                \
    }

const double schema_summary_probs[SCHEMA_SUMMARY_Q] = {0.05, 0.25, 0.50, 0.75, 0.95};
const double schema_nodes_probs[SCHEMA_NODES_Q] = {0.05, 0.50, 0.95};

static const struct schema_column summary_cols[] = {
    {"scenario", SCHEMA_NAME}, {"step", SCHEMA_STEP},  {"metric", SCHEMA_NAME}, {"n", SCHEMA_COUNT},
    {"mean", SCHEMA_NUMBER},   {"sd", SCHEMA_NUMBER},  {"q05", SCHEMA_NUMBER},  {"q25", SCHEMA_NUMBER},
    {"q50", SCHEMA_NUMBER},    {"q75", SCHEMA_NUMBER}, {"q95", SCHEMA_NUMBER},
};
static const struct schema_column final_cols[] = {
    {"scenario", SCHEMA_NAME},
    {"replica", SCHEMA_COUNT},
    {"metric", SCHEMA_NAME},
    {"value", SCHEMA_NUMBER},
};
static const struct schema_column nodes_cols[] = {
    {"scenario", SCHEMA_NAME}, {"step", SCHEMA_STEP},   {"node", SCHEMA_NAME}, {"metric", SCHEMA_NAME},
    {"n", SCHEMA_COUNT},       {"mean", SCHEMA_NUMBER}, {"sd", SCHEMA_NUMBER}, {"q05", SCHEMA_NUMBER},
    {"q50", SCHEMA_NUMBER},    {"q95", SCHEMA_NUMBER},
};
static const struct schema_column replicas_cols[] = {
    {"scenario", SCHEMA_NAME}, {"replica", SCHEMA_COUNT}, {"step", SCHEMA_STEP},
    {"metric", SCHEMA_NAME},   {"value", SCHEMA_NUMBER},
};
static const struct schema_column patrons_cols[] = {
    {"scenario", SCHEMA_NAME}, {"step", SCHEMA_STEP}, {"node", SCHEMA_NAME},
    {"patron", SCHEMA_NAME},   {"n", SCHEMA_COUNT},   {"share", SCHEMA_NUMBER},
};
static const struct schema_column comparison_cols[] = {
    {"metric", SCHEMA_NAME},        {"step", SCHEMA_STEP},        {"scenario_a", SCHEMA_NAME},
    {"scenario_b", SCHEMA_NAME},    {"n_a", SCHEMA_COUNT},        {"n_b", SCHEMA_COUNT},
    {"median_a", SCHEMA_NUMBER},    {"median_b", SCHEMA_NUMBER},  {"median_diff", SCHEMA_NUMBER},
    {"nonzero_a", SCHEMA_NUMBER},   {"nonzero_b", SCHEMA_NUMBER}, {"vd_a", SCHEMA_NUMBER},
    {"effect_size", SCHEMA_NUMBER}, {"mean_a", SCHEMA_NUMBER},    {"mean_b", SCHEMA_NUMBER},
    {"diff", SCHEMA_NUMBER},        {"ci_low", SCHEMA_NUMBER},    {"ci_high", SCHEMA_NUMBER},
    {"test", SCHEMA_TEXT},          {"p_value", SCHEMA_NUMBER},   {"p_holm", SCHEMA_NUMBER},
};
static const struct schema_column design_cols[] = {{"point", SCHEMA_COUNT}};
static const struct schema_column points_cols[] = {
    {"point", SCHEMA_COUNT}, {"scenario", SCHEMA_NAME}, {"step", SCHEMA_STEP},  {"metric", SCHEMA_NAME},
    {"n", SCHEMA_COUNT},     {"mean", SCHEMA_NUMBER},   {"sd", SCHEMA_NUMBER},  {"q05", SCHEMA_NUMBER},
    {"q25", SCHEMA_NUMBER},  {"q50", SCHEMA_NUMBER},    {"q75", SCHEMA_NUMBER}, {"q95", SCHEMA_NUMBER},
};
static const struct schema_column graph_cols[] = {{"metric", SCHEMA_NAME}, {"value", SCHEMA_NUMBER}};
static const struct schema_column key_players_cols[] = {
    {"node", SCHEMA_NAME}, {"label", SCHEMA_TEXT}, {"problem", SCHEMA_NAME}};
static const struct schema_column brokerage_cols[] = {
    {"node", SCHEMA_NAME},
    {"label", SCHEMA_TEXT},
    {"kind", SCHEMA_NAME},
    {"constraint", SCHEMA_NUMBER},
    {"effective_size", SCHEMA_NUMBER},
    {"coordinator", SCHEMA_COUNT},
    {"itinerant", SCHEMA_COUNT},
    {"representative", SCHEMA_COUNT},
    {"gatekeeper", SCHEMA_COUNT},
    {"liaison", SCHEMA_COUNT},
    {"brokerage", SCHEMA_COUNT},
};
static const struct schema_column impact_cols[] = {
    {"node", SCHEMA_NAME},    {"label", SCHEMA_TEXT},    {"measure", SCHEMA_NAME}, {"before", SCHEMA_NUMBER},
    {"after", SCHEMA_NUMBER}, {"change", SCHEMA_NUMBER}, {"removal", SCHEMA_NAME},
};
static const struct schema_column key_entities_cols[] = {
    {"rank", SCHEMA_COUNT}, {"measure", SCHEMA_NAME}, {"node", SCHEMA_NAME},
    {"label", SCHEMA_TEXT}, {"value", SCHEMA_NUMBER},
};
static const struct schema_column analyze_nodes_cols[] = {
    {"node", SCHEMA_NAME},
    {"label", SCHEMA_TEXT},
    {"kind", SCHEMA_NAME},
    {"degree", SCHEMA_NUMBER},
    {"strength", SCHEMA_NUMBER},
    {"betweenness", SCHEMA_NUMBER},
    {"betweenness_norm", SCHEMA_NUMBER},
    {"closeness", SCHEMA_NUMBER},
    {"harmonic", SCHEMA_NUMBER},
    {"eigenvector", SCHEMA_NUMBER},
    {"pagerank", SCHEMA_NUMBER},
};
static const struct schema_column sensitivity_cols[] = {
    {"metric", SCHEMA_NAME},    {"step", SCHEMA_STEP},     {"factor", SCHEMA_NAME},
    {"index", SCHEMA_NAME},     {"value", SCHEMA_NUMBER},  {"ci_low", SCHEMA_NUMBER},
    {"ci_high", SCHEMA_NUMBER}, {"scenario", SCHEMA_NAME},
};
static const struct schema_column discovery_cols[] = {
    {"box", SCHEMA_COUNT},     {"coverage", SCHEMA_NUMBER}, {"density", SCHEMA_NUMBER},
    {"mass", SCHEMA_NUMBER},   {"n", SCHEMA_COUNT},         {"factor", SCHEMA_NAME},
    {"lower", SCHEMA_NUMBER},  {"upper", SCHEMA_NUMBER},    {"restricted", SCHEMA_COUNT},
    {"scenario", SCHEMA_NAME},
};
static const struct schema_column posterior_cols[] = {{"particle", SCHEMA_COUNT}, {"weight", SCHEMA_NUMBER}};
static const struct schema_column generations_cols[] = {
    {"generation", SCHEMA_COUNT}, {"tolerance", SCHEMA_NUMBER},       {"proposed", SCHEMA_COUNT},
    {"accepted", SCHEMA_COUNT},   {"acceptance_rate", SCHEMA_NUMBER}, {"ess", SCHEMA_NUMBER},
};
static const struct schema_column predictive_cols[] = {
    {"observation", SCHEMA_NAME}, {"use", SCHEMA_NAME},     {"observed", SCHEMA_NUMBER},
    {"median", SCHEMA_NUMBER},    {"q05", SCHEMA_NUMBER},   {"q95", SCHEMA_NUMBER},
    {"covered", SCHEMA_COUNT},    {"lower", SCHEMA_NUMBER}, {"upper", SCHEMA_NUMBER},
};

_Static_assert(COUNT(posterior_cols) == POSTERIOR_COLS, "posterior.csv: enum and table disagree");
_Static_assert(COUNT(generations_cols) == GENERATIONS_COLS, "generations.csv: enum and table disagree");
_Static_assert(COUNT(predictive_cols) == PREDICTIVE_COLS, "predictive.csv: enum and table disagree");
_Static_assert(COUNT(summary_cols) == SUMMARY_COLS, "summary.csv: enum and table disagree");
_Static_assert(COUNT(final_cols) == FINAL_COLS, "final.csv: enum and table disagree");
_Static_assert(COUNT(nodes_cols) == NODES_COLS, "nodes.csv: enum and table disagree");
_Static_assert(COUNT(replicas_cols) == REPLICAS_COLS, "replicas.csv: enum and table disagree");
_Static_assert(COUNT(patrons_cols) == PATRONS_COLS, "patrons.csv: enum and table disagree");
_Static_assert(COUNT(comparison_cols) == COMPARISON_COLS, "comparison.csv: enum and table disagree");
_Static_assert(COUNT(design_cols) == DESIGN_COLS, "design.csv: enum and table disagree");
_Static_assert(COUNT(points_cols) == POINTS_COLS, "points.csv: enum and table disagree");
_Static_assert(POINTS_Q95 - POINTS_Q05 + 1 == SCHEMA_SUMMARY_Q, "points.csv: quantile columns");
_Static_assert(COUNT(graph_cols) == GRAPH_COLS, "graph.csv: enum and table disagree");
_Static_assert(COUNT(key_players_cols) == KEY_PLAYERS_COLS, "key_players.csv: enum and table disagree");
_Static_assert(COUNT(brokerage_cols) == BROKERAGE_COLS, "brokerage.csv: enum and table disagree");
_Static_assert(COUNT(impact_cols) == IMPACT_COLS, "impact.csv: enum and table disagree");
_Static_assert(COUNT(key_entities_cols) == KEY_ENTITIES_COLS, "key_entities.csv: enum and table disagree");
_Static_assert(COUNT(analyze_nodes_cols) == ANALYZE_NODES_COLS, "analyze nodes.csv: enum and table disagree");
_Static_assert(COUNT(sensitivity_cols) == SENSITIVITY_COLS, "sensitivity.csv: enum and table disagree");
_Static_assert(COUNT(discovery_cols) == DISCOVERY_COLS, "discovery.csv: enum and table disagree");
_Static_assert(SUMMARY_COLS <= CSVIN_MAX_COLS && COMPARISON_COLS <= CSVIN_MAX_COLS &&
                   ANALYZE_NODES_COLS <= CSVIN_MAX_COLS,
               "a declared file has more columns than csvin reads");
_Static_assert(SUMMARY_Q95 - SUMMARY_Q05 + 1 == SCHEMA_SUMMARY_Q, "summary.csv: quantile columns");
_Static_assert(NODES_Q95 - NODES_Q05 + 1 == SCHEMA_NODES_Q, "nodes.csv: quantile columns");

const struct schema schema_summary = TABLE("summary.csv", summary_cols, SUMMARY_COLS);
const struct schema schema_final = TABLE("final.csv", final_cols, FINAL_COLS);
const struct schema schema_nodes = TABLE("nodes.csv", nodes_cols, NODES_COLS);
const struct schema schema_replicas = TABLE("replicas.csv", replicas_cols, REPLICAS_COLS);
const struct schema schema_patrons = TABLE("patrons.csv", patrons_cols, PATRONS_COLS);
/* p_holm, then the medians, shares and A came later than the other columns:
 * a comparison.csv written before them is still read (without those values). */
#define COMPARISON_LATER                                                                                     \
    (SCHEMA_BIT(COMPARISON_P_HOLM) | SCHEMA_BIT(COMPARISON_MEDIAN_A) | SCHEMA_BIT(COMPARISON_MEDIAN_B) |     \
     SCHEMA_BIT(COMPARISON_MEDIAN_DIFF) | SCHEMA_BIT(COMPARISON_NONZERO_A) |                                 \
     SCHEMA_BIT(COMPARISON_NONZERO_B) | SCHEMA_BIT(COMPARISON_VD_A))
const struct schema schema_comparison = {
    "comparison.csv", comparison_cols, COUNT(comparison_cols), COMPARISON_COLS, 0, 0, COMPARISON_LATER};
/* a sweep's factor columns follow the declared ones */
const struct schema schema_design = OPEN_TABLE("design.csv", design_cols);
const struct schema schema_points = OPEN_TABLE("points.csv", points_cols);
const struct schema schema_graph = TABLE("graph.csv", graph_cols, GRAPH_COLS);
/* problem came later than node and label: a key_players.csv written before it
 * (KPP-Neg only) is still read */
const struct schema schema_key_players = TABLE("key_players.csv", key_players_cols, KEY_PLAYERS_PROBLEM);
const struct schema schema_brokerage = TABLE("brokerage.csv", brokerage_cols, BROKERAGE_COLS);
const struct schema schema_impact = TABLE("impact.csv", impact_cols, IMPACT_COLS);
const struct schema schema_key_entities = TABLE("key_entities.csv", key_entities_cols, KEY_ENTITIES_COLS);
const struct schema schema_analyze_nodes = TABLE("nodes.csv", analyze_nodes_cols, ANALYZE_NODES_COLS);
const struct schema schema_sensitivity = TABLE("sensitivity.csv", sensitivity_cols, SENSITIVITY_COLS);
const struct schema schema_discovery = TABLE("discovery.csv", discovery_cols, DISCOVERY_COLS);
/* a calibration's factor columns (and `variant`) follow the declared ones */
const struct schema schema_posterior = OPEN_TABLE("posterior.csv", posterior_cols);
const struct schema schema_generations = TABLE("generations.csv", generations_cols, GENERATIONS_COLS);
const struct schema schema_predictive = TABLE("predictive.csv", predictive_cols, PREDICTIVE_COLS);

/* ---- writing ---------------------------------------------------------------- */

void schema_write_header(FILE *f, const struct schema *s)
{
    for (size_t k = 0; k < s->n_cols; k++) {
        if (k)
            fputc(',', f);
        fputs(s->cols[k].name, f);
    }
    fputc('\n', f);
}

void schema_write_header_extra(FILE *f, const struct schema *s, const char *const *extra, size_t n_extra)
{
    assert((s->open_ended || n_extra == 0) && "further columns in a closed table");
    for (size_t k = 0; k < s->n_cols; k++) {
        if (k)
            fputc(',', f);
        fputs(s->cols[k].name, f);
    }
    for (size_t k = 0; k < n_extra; k++) {
        fputc(',', f);
        csvout_string(f, extra[k]);
    }
    fputc('\n', f);
}

void schema_row_begin(struct schema_row *w, FILE *f, const struct schema *s)
{
    w->f = f;
    w->s = s;
    w->k = 0;
}

/* The next column, which must have one of the types a or b; writes its separator. */
static void next_column(struct schema_row *w, enum schema_type a, enum schema_type b)
{
    assert(w->k < w->s->n_cols && "more fields than the declaration has columns");
    assert((w->s->cols[w->k].type == a || w->s->cols[w->k].type == b) && "a field of the wrong type");
    (void)a;
    (void)b;
    if (w->k++)
        fputc(',', w->f);
}

void schema_row_text(struct schema_row *w, const char *v)
{
    next_column(w, SCHEMA_TEXT, SCHEMA_NAME);
    csvout_string(w->f, v);
}

void schema_row_whole(struct schema_row *w, unsigned long long v)
{
    next_column(w, SCHEMA_STEP, SCHEMA_COUNT);
    fprintf(w->f, "%llu", v);
}

void schema_row_number(struct schema_row *w, double v)
{
    next_column(w, SCHEMA_NUMBER, SCHEMA_NUMBER);
    csvout_number(w->f, v);
}

void schema_row_extra(struct schema_row *w, const char *v)
{
    assert(w->s->open_ended && w->k >= w->s->n_cols && "a further column before the declared ones end");
    w->k++;
    fputc(',', w->f);
    csvout_string(w->f, v);
}

void schema_row_end(struct schema_row *w)
{
    assert((w->k == w->s->n_cols || (w->s->open_ended && w->k > w->s->n_cols)) &&
           "fewer fields than the declaration has columns");
    fputc('\n', w->f);
}

/* ---- reading ---------------------------------------------------------------- */

struct schema_reading {
    const struct schema *s;
    schema_row_fn on_row;
    void *user;
};

void *schema_user(const struct csvin_reader *r)
{
    const struct schema_reading *sr = csvin_user(r);
    return sr->user;
}

/* A whole number 0 .. max: digits only, no sign, no space. */
static int parse_whole(const char *s, long max, long *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v > max)
        return -1;
    *out = v;
    return 0;
}

static int typed_row(struct csvin_reader *r, const char *const *v)
{
    const struct schema_reading *sr = csvin_user(r);
    const struct schema *s = sr->s;
    struct schema_field f[CSVIN_MAX_COLS];
    for (size_t k = 0; k < s->n_cols; k++) {
        const struct schema_column *c = &s->cols[k];
        f[k].text = v[k];
        f[k].whole = 0;
        f[k].number = 0;
        switch (c->type) {
        case SCHEMA_TEXT: break;
        case SCHEMA_NAME:
            if (v[k] && !*v[k])
                return csvin_fail(r, k, "empty %s", c->name);
            break;
        case SCHEMA_STEP:
        case SCHEMA_COUNT:
            if (v[k] && parse_whole(v[k], c->type == SCHEMA_STEP ? INT_MAX : LONG_MAX, &f[k].whole))
                return csvin_fail(r, k, "%s '%s' is not a whole number >= 0", c->name, v[k]);
            break;
        case SCHEMA_NUMBER:
            if (csvin_number(v[k], &f[k].number))
                return csvin_fail(r, k,
                                  "%s '%s' is not a number as infnet writes it (decimal such as -1.5e-07, "
                                  "Inf, or empty when undefined)",
                                  c->name, v[k]);
            break;
        }
    }
    return sr->on_row(r, f);
}

/* Every column of the header is one the declaration has: infnet writes no
 * other (an open-ended file's further columns, a sweep's factors, follow
 * the declared ones; a window of the columns checks nothing else). */
static int known_columns(struct csvin_reader *r, const char *const *names, size_t n)
{
    const struct schema_reading *sr = csvin_user(r);
    const struct schema *s = sr->s;
    if (s->window)
        return DIAG_OK;
    for (size_t i = 0; i < n; i++) {
        if (s->open_ended && i >= s->n_cols)
            break;
        size_t k = 0;
        while (k < s->n_cols && strcmp(names[i], s->cols[k].name))
            k++;
        if (k == s->n_cols)
            return csvin_fail_field(r, i, "column '%s' is not one of %s's (infnet writes no other)", names[i],
                                    s->file);
    }
    return DIAG_OK;
}

int schema_read(const char *path, const struct schema *s, schema_row_fn on_row, void *user, struct diag *d)
{
    const char *want[CSVIN_MAX_COLS];
    struct schema_reading sr = {s, on_row, user};
    /* fields as written: " 0.5" is not a number infnet writes */
    const struct csvin_options opt = {
        .max_bytes = 0, .on_header = known_columns, .keep_spaces = 1, .optional = s->optional};
    for (size_t k = 0; k < s->n_cols; k++)
        want[k] = s->cols[k].name;
    return csvin_read_opt(path, want, s->n_cols, s->n_required, &opt, typed_row, &sr, d);
}
