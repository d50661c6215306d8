/* sim/cli/commands.c - the command table and what is made from it: parsing, help, man, README, completion.
 *
 * The tables below are the only place a command, an option or a help text
 * is written (see commands.h). Everything else is generated: the
 * getopt_long arrays are built per call from a command's option list, the
 * usage lines and option columns of --help are laid out and wrapped here,
 * and the man page's synopsis, the README's command block and the bash
 * completion are printed by cli_write_doc. Help texts are single strings
 * wrapped when printed, so that a long one cannot break the layout.
 */
#include "sim/cli/commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Help texts: the option column and the width they are wrapped to. */
#define HELP_COL 26
#define HELP_WIDTH 80
/* The command column of infnet --help. */
#define SUMMARY_COL 28
/* getopt_long's value for an option without a short name: above any char. */
#define LONG_ONLY_BASE 256

static const struct cli_optdef optdefs[CLI_N_OPTS] = {
    [CLI_OUTPUT] = {.key = CLI_OUTPUT,
                    .short_name = 'o',
                    .long_name = "output",
                    .value = "DIR",
                    .type = CLI_TEXT,
                    .flags = CLI_DIR_VALUE | CLI_SHORT_SYNOPSIS},
    [CLI_REPLICAS] = {.key = CLI_REPLICAS,
                      .short_name = 'n',
                      .long_name = "replicas",
                      .value = "REPLICAS",
                      .type = CLI_COUNT,
                      .lo = 1,
                      .hi_limit = "replicas",
                      .flags = CLI_SHORT_SYNOPSIS},
    [CLI_SEED] = {.key = CLI_SEED, .long_name = "seed", .value = "S", .type = CLI_SEEDVAL},
    [CLI_THREADS] = {.key = CLI_THREADS,
                     .short_name = 't',
                     .long_name = "threads",
                     .value = "T",
                     .type = CLI_COUNT,
                     .lo = 1,
                     .hi = 4096},
    [CLI_SET] =
        {.key = CLI_SET, .long_name = "set", .value = "KEY=VALUE", .type = CLI_KEYVALUE, .flags = CLI_REPEAT},
    [CLI_PER_REPLICA] = {.key = CLI_PER_REPLICA, .long_name = "per-replica", .type = CLI_FLAG},
    [CLI_WEIGHTS] = {.key = CLI_WEIGHTS, .short_name = 'w', .long_name = "weights", .type = CLI_FLAG},
    [CLI_FORCE] = {.key = CLI_FORCE, .long_name = "force", .type = CLI_FLAG},
    [CLI_RESUME] = {.key = CLI_RESUME, .long_name = "resume", .type = CLI_FLAG},
    [CLI_LIMIT] = {.key = CLI_LIMIT,
                   .long_name = "limit",
                   .value = "NAME=N",
                   .type = CLI_LIMITVAL,
                   .flags = CLI_REPEAT},
    [CLI_QUIET] = {.key = CLI_QUIET, .short_name = 'q', .long_name = "quiet", .type = CLI_FLAG},
    [CLI_LIST_PRESSURES] = {.key = CLI_LIST_PRESSURES, .long_name = "list-pressures", .type = CLI_FLAG},
    [CLI_ASSUMPTIONS] = {.key = CLI_ASSUMPTIONS, .long_name = "assumptions", .type = CLI_FLAG},
    [CLI_KEY_PLAYERS] = {.key = CLI_KEY_PLAYERS,
                         .short_name = 'k',
                         .long_name = "key-players",
                         .value = "K",
                         .type = CLI_COUNT,
                         .lo = 1,
                         .hi = 1000000},
    [CLI_EXACT_LIMIT] = {.key = CLI_EXACT_LIMIT,
                         .long_name = "exact-limit",
                         .value = "N",
                         .type = CLI_COUNT,
                         .lo = 2,
                         .hi = 2000000000},
    [CLI_SAMPLES] = {.key = CLI_SAMPLES,
                     .long_name = "samples",
                     .value = "K",
                     .type = CLI_COUNT,
                     .lo = 1,
                     .hi = 2000000000},
    [CLI_TOP] = {.key = CLI_TOP, .long_name = "top", .value = "N", .type = CLI_COUNT, .lo = 0, .hi = 1000000},
    [CLI_TIMINGS] = {.key = CLI_TIMINGS, .long_name = "timings", .type = CLI_FLAG},
    [CLI_REFERENCE] = {.key = CLI_REFERENCE,
                       .short_name = 'r',
                       .long_name = "reference",
                       .value = "NAME",
                       .type = CLI_TEXT},
    [CLI_NO_PNG] = {.key = CLI_NO_PNG, .long_name = "no-png", .type = CLI_FLAG},
    [CLI_NO_SVG] = {.key = CLI_NO_SVG, .long_name = "no-svg", .type = CLI_FLAG},
    [CLI_SCENARIO] = {.key = CLI_SCENARIO,
                      .long_name = "scenario",
                      .value = "SCENARIO.yaml",
                      .type = CLI_TEXT},
    [CLI_OBSERVATIONS] = {.key = CLI_OBSERVATIONS,
                          .long_name = "observations",
                          .value = "OBS.yaml",
                          .type = CLI_TEXT},
    [CLI_POSTERIOR] = {.key = CLI_POSTERIOR,
                       .long_name = "posterior",
                       .value = "DIR",
                       .type = CLI_TEXT,
                       .flags = CLI_DIR_VALUE},
    [CLI_IMPACT] = {.key = CLI_IMPACT,
                    .long_name = "impact",
                    .value = "[K]",
                    .type = CLI_COUNT,
                    .lo = 1,
                    .hi = 1000000,
                    .flags = CLI_OPTIONAL_VALUE},
    [CLI_IMPACT_BY] = {.key = CLI_IMPACT_BY, .long_name = "impact-by", .value = "MEASURE", .type = CLI_TEXT},
    [CLI_KPP_DISTANCE] = {.key = CLI_KPP_DISTANCE,
                          .long_name = "kpp-distance",
                          .value = "D",
                          .type = CLI_COUNT,
                          .lo = 1,
                          .hi = 1000000},
    [CLI_FORMAT] = {.key = CLI_FORMAT, .long_name = "format", .value = "NAME", .type = CLI_TEXT},
    [CLI_WEIGHTS_AS] = {.key = CLI_WEIGHTS_AS, .long_name = "weights-as", .value = "HOW", .type = CLI_TEXT},
    [CLI_DEFAULT_KIND] = {.key = CLI_DEFAULT_KIND,
                          .long_name = "default-kind",
                          .value = "KIND",
                          .type = CLI_TEXT},
    [CLI_NODES] = {.key = CLI_NODES, .long_name = "nodes", .value = "FILE", .type = CLI_TEXT},
    [CLI_PAIRED] = {.key = CLI_PAIRED, .long_name = "paired", .type = CLI_FLAG},
    [CLI_UNPAIRED] = {.key = CLI_UNPAIRED, .long_name = "unpaired", .type = CLI_FLAG},
    [CLI_HELP] = {.key = CLI_HELP, .short_name = 'h', .long_name = "help", .type = CLI_FLAG},
};

#define LIMIT_NAMES "nodes, edges, steps, replicas, yaml-nodes, depth, file-bytes, extends, node-cells"
#define THREADS_HELP                                                                                         \
    "OpenMP threads (default: OMP_NUM_THREADS or all cores; 1 when igraph is not thread-safe, see "          \
    "--version)"

static const struct cli_use run_opts[] = {
    {.key = CLI_OUTPUT, .help = "output directory (default out/SCENARIO; several scenarios: out/A+B+...)"},
    {.key = CLI_REPLICAS,
     .help = "replicas per scenario (overrides monte_carlo.replicas)",
     .set_key = "monte_carlo.replicas"},
    {.key = CLI_SEED, .help = "seed (overrides monte_carlo.seed)", .set_key = "monte_carlo.seed"},
    {.key = CLI_THREADS, .help = THREADS_HELP "; results are byte-identical for any T"},
    {.key = CLI_SET, .help = "override a scenario key, e.g. model.alignment.rate=0.2"},
    {.key = CLI_POSTERIOR,
     .help =
         "draw each replica's factor values by weight from DIR/posterior.csv, the output of 'infnet "
         "calibrate', as --set overrides after the others: the intervals carry the parameter uncertainty"},
    {.key = CLI_PER_REPLICA, .help = "also write replicas.csv (every replica, every step)"},
    {.key = CLI_WEIGHTS,
     .help = "weighted measures (as --set outputs.weighted=true)",
     .set_key = "outputs.weighted"},
    {.key = CLI_FORCE, .help = "write into a directory that already holds results"},
    {.key = CLI_RESUME,
     .flags = CLI_ALTERNATIVE,
     .help =
         "continue the interrupted run in DIR (Ctrl-C, SIGTERM, or a killed process); the outputs end "
         "byte-identical to an uninterrupted run. The same scenarios, seed and options must be given again"},
    {.key = CLI_LIMIT, .help = "raise or lower a safety limit (" LIMIT_NAMES ")"},
    {.key = CLI_QUIET, .help = "no progress line"},
    {.key = CLI_HELP, .help = "this help"},
    {.key = CLI_OPT_NONE},
};

static const struct cli_use sweep_opts[] = {
    {.key = CLI_OUTPUT, .help = "output directory (default out/sweep-NAME, NAME the experiment's name)"},
    {.key = CLI_THREADS, .help = THREADS_HELP "; results are byte-identical for any T"},
    {.key = CLI_FORCE, .help = "write into a directory that already holds results"},
    {.key = CLI_RESUME,
     .flags = CLI_ALTERNATIVE,
     .help = "continue the interrupted sweep in DIR; the outputs end byte-identical to an uninterrupted "
             "sweep. The same experiment and scenario files must be given again"},
    {.key = CLI_LIMIT, .help = "raise or lower a safety limit (as for run)"},
    {.key = CLI_QUIET, .help = "no progress line"},
    {.key = CLI_HELP, .help = "this help"},
    {.key = CLI_OPT_NONE},
};

static const struct cli_use calibrate_opts[] = {
    {.key = CLI_OBSERVATIONS,
     .help = "the observations file (required): what the model is compared with (docs/CALIBRATION.md)"},
    {.key = CLI_OUTPUT, .help = "output directory (default out/calibrate-NAME, NAME the experiment's name)"},
    {.key = CLI_THREADS, .help = THREADS_HELP "; results are byte-identical for any T"},
    {.key = CLI_FORCE, .help = "write into a directory that already holds results"},
    {.key = CLI_RESUME,
     .flags = CLI_ALTERNATIVE,
     .help =
         "continue the interrupted calibration in DIR from its checkpoint; the outputs end byte-identical "
         "to an uninterrupted calibration. The same files must be given again"},
    {.key = CLI_LIMIT, .help = "raise or lower a safety limit (as for run)"},
    {.key = CLI_QUIET, .help = "no progress line"},
    {.key = CLI_HELP, .help = "this help"},
    {.key = CLI_OPT_NONE},
};

static const struct cli_use validate_opts[] = {
    {.key = CLI_SET, .help = "override a scenario key, e.g. model.alignment.rate=0.2 (scenario files only)"},
    {.key = CLI_LIMIT, .help = "raise or lower a safety limit (as for run)"},
    {.key = CLI_LIST_PRESSURES,
     .help = "also print each pressure of the merged scenario as INDEX TYPE FROM TO SELECT (INDEX for --set "
             "pressures.INDEX.KEY=V)"},
    {.key = CLI_ASSUMPTIONS,
     .help = "after the summaries, list every item no source supports and every judgement-call number of the "
             "scenarios (each written item once) as FILE:LINE: WHAT: REASON, and count them (scenario files "
             "only)"},
    {.key = CLI_SCENARIO,
     .help = "the scenario an observations file is checked against (its metrics, steps and sources)"},
    {.key = CLI_HELP, .help = "this help"},
    {.key = CLI_OPT_NONE},
};

static const struct cli_use analyze_opts[] = {
    {.key = CLI_OUTPUT, .help = "output directory (default out/analyze-NAME)"},
    {.key = CLI_KEY_PLAYERS,
     .help = "also find two sets of K key players, written to DIR/key_players.csv: KPP-Neg (the set whose "
             "removal most fragments the network) and KPP-Pos (the set that reaches the most others)"},
    {.key = CLI_KPP_DISTANCE, .help = "KPP-Pos counts the nodes within distance D of the set (default 1)"},
    {.key = CLI_IMPACT,
     .help =
         "immediate impact: remove each node in turn (or, with K, the top K by --impact-by, one at a time "
         "and cumulatively) and write the change in every graph measure to DIR/impact.csv"},
    {.key = CLI_IMPACT_BY,
     .help = "the measure that picks --impact's top K: degree, strength, betweenness (default), closeness, "
             "harmonic, eigenvector, pagerank, constraint (lowest first), effective_size or brokerage"},
    {.key = CLI_WEIGHTS, .help = "use tie weights (a weight w is a distance 1/w)"},
    {.key = CLI_FORCE, .help = "replace earlier results in DIR (an analysis, or a run's)"},
    {.key = CLI_EXACT_LIMIT, .help = "exact path measures up to N nodes (default 20000), sampled above"},
    {.key = CLI_SAMPLES, .help = "sampled sources above the limit (default 100)"},
    {.key = CLI_SEED, .help = "seed for Leiden communities and sampling (default 1)"},
    {.key = CLI_TOP,
     .help = "nodes listed in the report and per measure in DIR/key_entities.csv (default 10)"},
    {.key = CLI_THREADS,
     .help = "threads for the path measures (default: OMP_NUM_THREADS or all cores; 1 when "
             "igraph is not thread-safe); the values do not depend on it"},
    {.key = CLI_TIMINGS, .help = "print each measure's wall time to stderr"},
    {.key = CLI_FORMAT,
     .help = "read NETWORK as graphml, csv, gml, pajek, dl, ncol, lgl, gexf or dynetml (default: by its "
             "extension)"},
    {.key = CLI_WEIGHTS_AS,
     .help = "weights above 1: normalize (divide by the largest) or counts (w = 1 - exp(-c / mean c)); "
             "without it a weight above 1 is refused"},
    {.key = CLI_DEFAULT_KIND,
     .help = "kind of the nodes the file gives none (default faction; agency, leader, faction or "
             "institution, any case)"},
    {.key = CLI_NODES,
     .help = "node table beside a CSV edge list: id and any of label, kind, strength, stance, budget, "
             "revenue, authority, successor, patron"},
    {.key = CLI_QUIET,
     .help = "print nothing but errors (no report, progress line or key-player estimate; --timings still "
             "prints)"},
    {.key = CLI_LIMIT, .help = "raise or lower a safety limit (as for run)"},
    {.key = CLI_HELP, .help = "this help"},
    {.key = CLI_OPT_NONE},
};

static const struct cli_use compare_opts[] = {
    {.key = CLI_OUTPUT, .help = "where comparison.csv goes (default out/compare)"},
    {.key = CLI_REFERENCE, .help = "the scenario the others are compared with (default: the first)"},
    {.key = CLI_PAIRED,
     .help = "compare replica i of B with replica i of A (Wilcoxon signed-rank test), as is done by default "
             "when both runs share random streams (same scenario name, seed and replicas)"},
    {.key = CLI_UNPAIRED,
     .flags = CLI_ALTERNATIVE,
     .help = "compare the replicas as independent samples (Mann-Whitney U test) even when the runs share "
             "random streams"},
    {.key = CLI_FORCE, .help = "replace comparison.csv, and earlier runs in DIR/runs"},
    {.key = CLI_RESUME,
     .flags = CLI_ALTERNATIVE,
     .help = "continue after an interrupted compare: the run it stopped continues from its checkpoint, the "
             "others run again"},
    {.key = CLI_REPLICAS,
     .help = "replicas of each scenario file (overrides monte_carlo.replicas)",
     .set_key = "monte_carlo.replicas"},
    {.key = CLI_SEED,
     .help = "seed of the scenario files (overrides monte_carlo.seed)",
     .set_key = "monte_carlo.seed"},
    {.key = CLI_THREADS, .help = "OpenMP threads for the scenario files' runs"},
    {.key = CLI_SET, .help = "override a key of the scenario files"},
    {.key = CLI_LIMIT, .help = "raise or lower a safety limit (as for run)"},
    {.key = CLI_QUIET, .help = "no message on stderr when all went well"},
    {.key = CLI_HELP, .help = "this help"},
    {.key = CLI_OPT_NONE},
};

static const struct cli_use plot_opts[] = {
    {.key = CLI_FORCE, .help = "replace the charts of an earlier plot"},
    {.key = CLI_NO_PNG, .help = "do not draw PNG files"},
    {.key = CLI_NO_SVG, .help = "do not draw SVG files"},
    {.key = CLI_QUIET, .help = "do not list the files written"},
    {.key = CLI_HELP, .help = "this help"},
    {.key = CLI_OPT_NONE},
};

static const struct cli_command commands[CLI_N_COMMANDS] = {
    [CLI_RUN] =
        {
            .id = CLI_RUN,
            .name = "run",
            .operands = "SCENARIO.yaml...",
            .summary = "run the replicas, write results into a directory",
            .description =
                "Runs every replica of each scenario and writes summary.csv, final.csv, nodes.csv, "
                "patrons.csv, meta.json (and replicas.csv, snapshots/) into DIR.",
            .example = "infnet run scenarios/examples/broker.yaml -n 200 --threads 2 -o out/broker",
            .min_operands = 1,
            .no_operand = "no scenario file given",
            .operand_files = "yaml|yml",
            .options = run_opts,
        },
    [CLI_SWEEP] =
        {
            .id = CLI_SWEEP,
            .name = "sweep",
            .operands = "EXPERIMENT.yaml",
            .summary = "run every design point of an experiment (parameter sweep)",
            .description =
                "Runs the replicas of every design point of an experiment file (docs/FORMAT.md, "
                "\"Experiment files\": base scenarios, factors, a factorial, Latin hypercube, Sobol or "
                "Morris design) through the runner, point after point, and writes design.csv (one row "
                "per point, one column per factor), points.csv (the statistics of each point's metrics "
                "at the experiment's steps, with the factor values as columns) and meta.json (the "
                "experiment, its design and every point's overrides) into DIR.",
            .example = "infnet sweep scenarios/experiments/succession_by_sanctions.yaml --threads 2",
            .min_operands = 1,
            .max_operands = 1,
            .no_operand = "no experiment file given",
            .too_many = "give exactly one experiment file",
            .operand_files = "yaml|yml",
            .options = sweep_opts,
        },
    [CLI_CALIBRATE] =
        {
            .id = CLI_CALIBRATE,
            .name = "calibrate",
            .operands = "EXPERIMENT.yaml",
            .summary = "infer an experiment's factors from observations (ABC-SMC)",
            .description =
                "Approximate Bayesian computation by sequential Monte Carlo over the factors of an "
                "experiment file with a 'calibration' section (docs/CALIBRATION.md): the factors' ranges "
                "and distributions are the priors, a factor of alternatives is a choice between model "
                "variants; each particle runs the experiment's replicas through the runner and is "
                "compared with the 'calibrate' observations of --observations. Writes posterior.csv "
                "(weighted particles), generations.csv (tolerance, acceptance rate and effective sample "
                "size per generation), predictive.csv (every observation beside the posterior predictive "
                "median and 90% interval) and meta.json into DIR.",
            .example = "infnet calibrate tests/fixtures/calibrate/experiment.yaml --observations "
                       "tests/fixtures/calibrate/observations.yaml -o out/calibrate-toy",
            .min_operands = 1,
            .max_operands = 1,
            .no_operand = "no experiment file given",
            .too_many = "give exactly one experiment file",
            .operand_files = "yaml|yml",
            .options = calibrate_opts,
        },
    [CLI_VALIDATE] =
        {
            .id = CLI_VALIDATE,
            .name = "validate",
            .operands = "FILE.yaml...",
            .summary = "check scenario and experiment files and summarise them",
            .description =
                "Loads and checks each scenario (extends, imports, every key and reference) and prints a "
                "one-line summary of each valid one. A file with a top-level 'factors' key is an "
                "experiment file (infnet sweep): it is checked as sweep checks it (its scenarios, every "
                "factor against them, the design) without running anything, and summarised (factors, "
                "design, points, replicas). Errors name FILE:LINE:COL. Exit 0 when all are valid, 2 "
                "otherwise.",
            .example = "infnet validate scenarios/examples/*.yaml",
            .min_operands = 1,
            .no_operand = "no scenario or experiment file given",
            .operand_files = "yaml|yml",
            .options = validate_opts,
        },
    [CLI_ANALYZE] =
        {
            .id = CLI_ANALYZE,
            .name = "analyze",
            .operands = "NETWORK",
            .summary = "every measure of one network (GraphML, CSV, GML, Pajek, GEXF, ... or scenario)",
            .description =
                "Measures one network: a GraphML, GML, Pajek (.net), UCINET DL, NCOL, LGL, GEXF or "
                "DyNetML file, an edge-list CSV (from,to[,type,weight]) with an optional node table, or a "
                "scenario file (its network as written, before any pressure). Writes DIR/nodes.csv "
                "(node,label,kind,degree,strength,betweenness,betweenness_norm, closeness,harmonic,"
                "eigenvector,pagerank), DIR/graph.csv (metric,value), DIR/brokerage.csv (constraint, "
                "effective size and Gould-Fernandez brokerage roles across node kinds), DIR/key_entities.csv "
                "(the top nodes by every measure) and DIR/REPORT.md (a summary with a picture of the "
                "network, "
                "DIR/network.png, when gnuplot is installed), and prints the top nodes by betweenness.",
            .example = "infnet analyze tests/fixtures/florentine.csv --key-players 2 -o out/florentine",
            .min_operands = 1,
            .max_operands = 1,
            .no_operand = "no network file given",
            .too_many = "give exactly one network file",
            .operand_files = "yaml|yml|graphml|xml|csv|gml|net|paj|dl|ncol|lgl|gexf|dynetml",
            .options = analyze_opts,
        },
    [CLI_COMPARE] =
        {
            .id = CLI_COMPARE,
            .name = "compare",
            .operands = "A B [C...]",
            .summary = "does each scenario differ from the first? (output directories or scenario files)",
            .description =
                "Compares every scenario with the first one (A). For every metric and recorded step: the "
                "medians, the shares of replicas with a non-zero value, the Vargha-Delaney A (the chance "
                "that a B replica exceeds an A one) and Cohen's d, which do not shrink as replicas grow; "
                "then the mean difference B - A with a 95% interval and a p-value: paired (Wilcoxon "
                "signed-rank test, replica i with replica i) when both runs share random streams (same "
                "scenario name, seed and replicas, as a --set variant does), else unpaired (Mann-Whitney "
                "U) where both sides have the replicas' values, as final.csv does for the last step; "
                "else Welch's t test from summary.csv. The last step's p-values are Holm-adjusted across "
                "the metrics. Writes DIR/comparison.csv and prints the last step. A, B, ... are output "
                "directories of 'infnet run' (one may hold several scenarios) or scenario files, which "
                "are run first, each into DIR/runs/NAME.",
            .example = "infnet compare out/baseline out/decapitation -o out/decapitation-vs-baseline",
            .min_operands = 1,
            .no_operand = "no output directory or scenario file given",
            .operand_files = "yaml|yml",
            .options = compare_opts,
        },
    [CLI_PLOT] =
        {
            .id = CLI_PLOT,
            .name = "plot",
            .operands = "DIR",
            .summary = "charts of a run, a comparison, a sweep or a calibration, with gnuplot",
            .description =
                "Draws the charts of an output directory of 'infnet run', 'infnet compare', 'infnet "
                "sweep' or 'infnet calibrate' into DIR/plots/: every metric over time (one panel per "
                "scenario: median, mean, 50% and 90% bands, pressures and dated events marked, dates on "
                "the axis), final-step distributions (strips of points for mostly-zero metrics), forest "
                "plots of comparison.csv (d with its interval; outcomes apart from mechanical counts), and "
                "the measured network at each snapshot (labelled, tie types told apart; by kind, by patron, "
                "first and last side by side); for a sweep, its "
                "sensitivity indices (Sobol, Morris, regression), the response over each factor, "
                "factorial heatmaps and PRIM's boxes; for a calibration, each parameter's weighted posterior "
                "against its prior, the pairs of parameters, the posterior predictive check of every "
                "observation and the tolerance, acceptance and ESS of each generation. Each chart is "
                "NAME.svg and "
                "NAME.png beside NAME.gp, the gnuplot script, and its data: 'cd DIR/plots && gnuplot "
                "NAME.gp' redraws it after an edit. DIR/plots/index.md lists every chart with a caption; "
                "metrics that are 0 everywhere are skipped and named there. Without gnuplot the scripts "
                "and data are still written.",
            .example = "infnet plot out/broker-example",
            .min_operands = 1,
            .max_operands = 1,
            .no_operand = "no directory given",
            .too_many = "give exactly one directory",
            .options = plot_opts,
        },
};

static const char *const command_names[CLI_N_COMMANDS] = {
    [CLI_RUN] = "run",           [CLI_SWEEP] = "sweep",     [CLI_CALIBRATE] = "calibrate",
    [CLI_VALIDATE] = "validate", [CLI_ANALYZE] = "analyze", [CLI_COMPARE] = "compare",
    [CLI_PLOT] = "plot",
};

const struct cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < COUNT(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

const struct cli_command *cli_command_get(enum cli_cmd id)
{
    return (unsigned)id < CLI_N_COMMANDS ? &commands[id] : NULL;
}

const struct cli_optdef *cli_option_def(enum cli_opt key)
{
    return (unsigned)key < CLI_N_OPTS ? &optdefs[key] : NULL;
}

const char *const *cli_command_names(void)
{
    return command_names;
}

/* --- parsing -------------------------------------------------------------- */

static int n_uses(const struct cli_command *cmd)
{
    int n = 0;
    while (cmd->options[n].key != CLI_OPT_NONE)
        n++;
    return n;
}

static int getopt_value(const struct cli_optdef *o)
{
    return o->short_name ? o->short_name : LONG_ONLY_BASE + (int)o->key;
}

/* The spelling of an option for messages: "-n/--replicas" or "--seed". */
static void option_name(const struct cli_optdef *o, char *buf, size_t n)
{
    if (o->short_name)
        snprintf(buf, n, "-%c/--%s", o->short_name, o->long_name);
    else
        snprintf(buf, n, "--%s", o->long_name);
}

/* A decimal integer of digits only (no sign, space, exponent or base) in [lo, hi]. */
static int parse_decimal(const char *s, unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
    if (!s[0] || strspn(s, "0123456789") != strlen(s))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Hand on one override; option: the spelling of the option it stands for
 * (kept, for its errors), NULL for a --set. */
static int add_set(struct cli_args *a, const char *key, const char *value, const char *option, struct diag *d)
{
    if (a->n_sets >= CLI_MAX_SETS)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "too many overrides (at most %d)", CLI_MAX_SETS);
    char *name = NULL;
    if (option && !(name = strdup(option)))
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory reading the command line");
    a->owned[a->n_sets] = name;
    a->sets[a->n_sets] = (struct scenario_set){.key = key, .value = value, .option = name};
    a->n_sets++;
    return 0;
}

/* Check and keep one option's value. */
static int take(struct cli_args *a, const struct cli_use *u, const char *arg, struct diag *d)
{
    const struct cli_optdef *o = &optdefs[u->key];
    char name[64];
    option_name(o, name, sizeof name);
    a->given[o->key]++;
    a->text[o->key] = arg;
    if (!arg && (o->flags & CLI_OPTIONAL_VALUE)) {
        a->num[o->key] = 0; /* left out */
        return 0;
    }
    switch (o->type) {
    case CLI_FLAG: return u->set_key ? add_set(a, u->set_key, "true", name, d) : 0;
    case CLI_TEXT:
        if (!arg[0])
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s needs a value, got '%s'", name, arg);
        return 0;
    case CLI_COUNT: {
        unsigned long long hi = o->hi ? (unsigned long long)o->hi : (unsigned long long)INT64_MAX;
        if (parse_decimal(arg, (unsigned long long)o->lo, hi, &a->num[o->key]) != 0) {
            char range[96];
            if (o->hi)
                snprintf(range, sizeof range, "an integer from %lld to %lld", o->lo, o->hi);
            else
                snprintf(range, sizeof range, "an integer of at least %lld", o->lo);
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s needs %s, got '%s'", name, range, arg);
        }
        return u->set_key ? add_set(a, u->set_key, arg, name, d) : 0;
    }
    case CLI_SEEDVAL:
        /* a seed is recorded in meta.json as a JSON integer: a signed 64-bit one */
        if (parse_decimal(arg, 0, INT64_MAX, &a->num[o->key]) != 0)
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s needs an integer from 0 to %lld, got '%s'", name,
                            (long long)INT64_MAX, arg);
        return u->set_key ? add_set(a, u->set_key, arg, name, d) : 0;
    case CLI_KEYVALUE: {
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg)
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s needs KEY=VALUE, got '%s'", name, arg);
        if (a->n_sets >= CLI_MAX_SETS)
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "too many overrides (at most %d)", CLI_MAX_SETS);
        /* the key is kept in place: split a private copy */
        char *copy = strdup(arg);
        if (!copy)
            return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory reading the command line");
        copy[eq - arg] = '\0';
        a->owned[a->n_sets] = copy;
        a->sets[a->n_sets] =
            (struct scenario_set){.key = copy, .value = copy + (eq - arg) + 1, .option = NULL};
        a->n_sets++;
        return 0;
    }
    case CLI_LIMITVAL: {
        char lname[64];
        const char *eq = strchr(arg, '=');
        if (!eq || (size_t)(eq - arg) >= sizeof lname)
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s needs NAME=N, got '%s'", name, arg);
        memcpy(lname, arg, (size_t)(eq - arg));
        lname[eq - arg] = '\0';
        if (scenario_limits_set(&a->limits, lname, eq + 1))
            return diag_set(d, DIAG_INPUT, NULL, 0, 0,
                            "bad limit '%s' (names: " LIMIT_NAMES "; N a positive integer)", arg);
        return 0;
    }
    }
    return 0;
}

int cli_parse(struct cli_args *a, const struct cli_command *cmd, int argc, char **argv, struct diag *d)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    scenario_limits_default(&a->limits);
    int n = n_uses(cmd);
    /* getopt_long's tables, built from the command's list: at most one entry
     * per option there is, and three characters per short option */
    struct option longopts[CLI_N_OPTS + 1];
    char shortopts[2 + 3 * CLI_N_OPTS];
    size_t ns = 0;
    shortopts[ns++] = ':'; /* a missing value is told apart from an unknown option */
    for (int i = 0; i < n; i++) {
        const struct cli_optdef *o = &optdefs[cmd->options[i].key];
        longopts[i] = (struct option){.name = o->long_name,
                                      .has_arg = o->type == CLI_FLAG               ? no_argument
                                                 : (o->flags & CLI_OPTIONAL_VALUE) ? optional_argument
                                                                                   : required_argument,
                                      .flag = NULL,
                                      .val = getopt_value(o)};
        if (o->short_name) {
            shortopts[ns++] = o->short_name;
            if (o->type != CLI_FLAG)
                shortopts[ns++] = ':';
        }
    }
    longopts[n] = (struct option){0};
    shortopts[ns] = '\0';

    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const char *bad = argv[optind - 1];
        if (ch == ':')
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "option '%s' needs a value", bad);
        const struct cli_use *u = NULL;
        for (int i = 0; i < n && !u; i++)
            if (getopt_value(&optdefs[cmd->options[i].key]) == ch)
                u = &cmd->options[i];
        if (!u) {
            /* the nearest long option the command has, for a misspelt one */
            const char *cand[CLI_N_OPTS];
            for (int i = 0; i < n; i++)
                cand[i] = optdefs[cmd->options[i].key].long_name;
            const char *near = NULL;
            if (strncmp(bad, "--", 2) == 0) {
                char word[64];
                snprintf(word, sizeof word, "%.*s", (int)strcspn(bad + 2, "="), bad + 2);
                near = diag_suggest(word, cand, (size_t)n);
                if (near && strcmp(near, word) == 0) /* --flag=VALUE */
                    return diag_set(d, DIAG_INPUT, NULL, 0, 0, "option '--%s' takes no value", word);
            }
            if (near)
                return diag_set(d, DIAG_INPUT, NULL, 0, 0, "unknown option '%s' (did you mean '--%s'?)", bad,
                                near);
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "unknown option '%s'", bad);
        }
        if (u->key == CLI_HELP) {
            a->given[CLI_HELP] = 1;
            return 0;
        }
        const char *arg = optarg;
        /* an optional value may also follow as the next word (--impact 5) */
        if (!arg && (optdefs[u->key].flags & CLI_OPTIONAL_VALUE) && optind < argc && argv[optind][0] >= '0' &&
            argv[optind][0] <= '9' && argv[optind][strspn(argv[optind], "0123456789")] == '\0')
            arg = argv[optind++];
        int rc = take(a, u, arg, d);
        if (rc)
            return rc;
    }
    a->operands = argv + optind;
    a->n_operands = argc - optind;
    if (a->n_operands < cmd->min_operands)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s", cmd->no_operand);
    if (cmd->max_operands && a->n_operands > cmd->max_operands)
        return diag_set(d, DIAG_INPUT, NULL, 0, 0, "%s", cmd->too_many);
    /* a bound that is a safety limit: a --limit anywhere on the line sets it */
    for (const struct cli_use *u = cmd->options; u->key != CLI_OPT_NONE; u++) {
        const struct cli_optdef *o = &optdefs[u->key];
        long hi = o->hi_limit ? scenario_limits_get(&a->limits, o->hi_limit) : -1;
        if (a->given[o->key] && hi >= 0 && a->num[o->key] > (unsigned long long)hi) {
            char name[64];
            option_name(o, name, sizeof name);
            return diag_set(d, DIAG_INPUT, NULL, 0, 0,
                            "%s needs an integer from %lld to %ld (the %s limit; --limit %s=N changes it), "
                            "got '%s'",
                            name, o->lo, hi, o->hi_limit, o->hi_limit, a->text[o->key]);
        }
    }
    /* an option marked CLI_ALTERNATIVE excludes the one before it */
    for (const struct cli_use *u = cmd->options; u->key != CLI_OPT_NONE; u++)
        if ((u[1].flags & CLI_ALTERNATIVE) && a->given[u->key] && a->given[u[1].key])
            return diag_set(d, DIAG_INPUT, NULL, 0, 0, "--%s and --%s exclude each other",
                            optdefs[u->key].long_name, optdefs[u[1].key].long_name);
    return 0;
}

void cli_args_destroy(struct cli_args *a)
{
    if (!a)
        return;
    for (int i = 0; i < a->n_sets; i++)
        free(a->owned[i]);
    a->n_sets = 0;
}

/* --- help texts ------------------------------------------------------------ */

/* Print text from column col, wrapping at HELP_WIDTH with continuation lines
 * indented to indent; ends with a newline. Words longer than a line stay whole. */
static void wrap(FILE *f, const char *text, int col, int indent)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        size_t w = strcspn(p, " ");
        if (!first && col + 1 + (int)w > HELP_WIDTH) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, w, f);
        col += (int)w;
        first = 0;
        p += w;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

/* One synopsis item of an option: "[-o DIR]", "[--set KEY=VALUE]...";
 * with alt, the option after it joins the brackets: "[--force | --resume]". */
static void synopsis_item(const struct cli_optdef *o, const struct cli_optdef *alt, char *buf, size_t n)
{
    char one[96], two[96] = "";
    if (o->flags & CLI_SHORT_SYNOPSIS)
        snprintf(one, sizeof one, "-%c%s%s", o->short_name, o->value ? " " : "", o->value ? o->value : "");
    else
        snprintf(one, sizeof one, "--%s%s%s", o->long_name, o->value ? " " : "", o->value ? o->value : "");
    if (alt)
        snprintf(two, sizeof two, " | --%s", alt->long_name);
    snprintf(buf, n, "[%s%s]%s", one, two, (o->flags & CLI_REPEAT) ? "..." : "");
}

/* The synopsis items of cmd, help excluded; returns their number. */
static int synopsis_items(const struct cli_command *cmd, char items[][256], int max)
{
    int k = 0, n = n_uses(cmd);
    for (int i = 0; i < n && k < max; i++) {
        const struct cli_use *u = &cmd->options[i];
        if (u->key == CLI_HELP || (u->flags & CLI_ALTERNATIVE))
            continue;
        const struct cli_use *next = i + 1 < n ? &cmd->options[i + 1] : NULL;
        const struct cli_optdef *alt = next && (next->flags & CLI_ALTERNATIVE) ? &optdefs[next->key] : NULL;
        synopsis_item(&optdefs[u->key], alt, items[k++], sizeof items[0]);
    }
    return k;
}

/* "PREFIX infnet CMD OPERANDS [items]..." wrapped at width, continuation
 * lines indented under the operands. */
static void synopsis_line(FILE *f, const char *prefix, const struct cli_command *cmd, int width)
{
    char items[CLI_N_OPTS][256];
    int k = synopsis_items(cmd, items, CLI_N_OPTS);
    int col = fprintf(f, "%sinfnet %s %s", prefix, cmd->name, cmd->operands);
    int indent = (int)strlen(prefix) + (int)strlen("infnet ") + (int)strlen(cmd->name) + 1;
    for (int i = 0; i < k; i++) {
        int w = (int)strlen(items[i]);
        if (col + 1 + w > width) {
            fprintf(f, "\n%*s%s", indent, "", items[i]);
            col = indent + w;
        } else {
            col += fprintf(f, " %s", items[i]);
        }
    }
    fputc('\n', f);
}

void cli_usage_main(FILE *f)
{
    fputs("usage: infnet COMMAND [OPTIONS]\n"
          "\n"
          "Influence-network simulation: Monte Carlo replicas of YAML scenarios of\n"
          "factions, command agencies and brokers under sanctions, strikes and\n"
          "leadership decapitation, with fragmentation and centrality measures.\n"
          "\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < COUNT(commands); i++) {
        int col = fprintf(f, "  %s %s", commands[i].name, commands[i].operands);
        if (col + 1 > SUMMARY_COL) {
            fprintf(f, "\n%*s", SUMMARY_COL, "");
            col = SUMMARY_COL;
        }
        fprintf(f, "%*s", SUMMARY_COL - col, "");
        wrap(f, commands[i].summary, SUMMARY_COL, SUMMARY_COL);
    }
    fputs("\n"
          "options:\n"
          "  -h, --help                this help (infnet COMMAND --help for a command)\n"
          "  -V, --version             version and git commit\n"
          "\n"
          "exit codes: 0 success, 1 runtime failure, 2 bad input or usage,\n"
          "130 interrupted (completed replicas kept; run --resume continues).\n"
          "docs: README.md, docs/FORMAT.md, docs/MODEL.md, docs/OUTPUTS.md\n",
          f);
}

void cli_usage(const struct cli_command *cmd, FILE *f)
{
    synopsis_line(f, "usage: ", cmd, HELP_WIDTH);
    fputc('\n', f);
    wrap(f, cmd->description, 0, 0);
    fputc('\n', f);
    for (int i = 0; cmd->options[i].key != CLI_OPT_NONE; i++) {
        const struct cli_optdef *o = &optdefs[cmd->options[i].key];
        int col;
        if (o->short_name)
            col = fprintf(f, "  -%c, --%s", o->short_name, o->long_name);
        else
            col = fprintf(f, "      --%s", o->long_name);
        if (o->value)
            col += fprintf(f, " %s", o->value);
        if (col + 2 > HELP_COL) {
            fprintf(f, "\n%*s", HELP_COL, "");
            col = HELP_COL;
        }
        fprintf(f, "%*s", HELP_COL - col, "");
        wrap(f, cmd->options[i].help, HELP_COL, HELP_COL);
    }
    fprintf(f, "\nexample:\n  %s\n", cmd->example);
}

/* --- documents ------------------------------------------------------------ */

/* s with troff's special characters escaped: '-' as "\-". */
static void man_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '-')
            fputs("\\-", f);
        else if (*s == '\\')
            fputs("\\e", f);
        else
            fputc(*s, f);
    }
}

static void man_synopsis(FILE *f)
{
    for (size_t c = 0; c < COUNT(commands); c++) {
        const struct cli_command *cmd = &commands[c];
        fprintf(f, ".B infnet %s\n", cmd->name);
        /* operands: plain words in italics, [X...] as optional */
        char ops[128];
        snprintf(ops, sizeof ops, "%s", cmd->operands);
        for (char *save = NULL, *w = strtok_r(ops, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
            if (w[0] == '[') {
                w[strcspn(w, "]")] = '\0';
                fputs(".RI [ ", f);
                man_text(f, w + 1);
                fputs(" ]\n", f);
            } else {
                fputs(".I ", f);
                man_text(f, w);
                fputc('\n', f);
            }
        }
        int n = n_uses(cmd);
        for (int i = 0; i < n; i++) {
            const struct cli_use *u = &cmd->options[i];
            if (u->key == CLI_HELP || (u->flags & CLI_ALTERNATIVE))
                continue;
            const struct cli_optdef *o = &optdefs[u->key];
            const struct cli_use *next = i + 1 < n ? &cmd->options[i + 1] : NULL;
            fputs(".RB [ ", f);
            if (o->flags & CLI_SHORT_SYNOPSIS)
                fprintf(f, "\\-%c", o->short_name);
            else {
                fputs("\\-\\-", f);
                man_text(f, o->long_name);
            }
            if (next && (next->flags & CLI_ALTERNATIVE)) {
                fputs(" \" | \" \\-\\-", f);
                man_text(f, optdefs[next->key].long_name);
            }
            if (o->value) {
                /* KEY=VALUE: the names in italics, the '=' upright */
                const char *eq = strchr(o->value, '=');
                fputs("\n.IR ", f);
                if (eq) {
                    fprintf(f, "%.*s = ", (int)(eq - o->value), o->value);
                    man_text(f, eq + 1);
                } else {
                    man_text(f, o->value);
                }
                fputs(" ]", f);
            } else {
                fputs(" ]", f);
            }
            fputs((o->flags & CLI_REPEAT) ? "...\n" : "\n", f);
        }
        fputs(".br\n", f);
    }
    fputs(".B infnet\n.BR \\-\\-help \" | \" \\-\\-version\n", f);
}

static void readme_block(FILE *f)
{
    for (size_t c = 0; c < COUNT(commands); c++)
        synopsis_line(f, "", &commands[c], 100);
    fputs("infnet --help | --version | COMMAND --help\n", f);
}

static void completion(FILE *f)
{
    fputs("# bash completion for infnet (installed as share/bash-completion/completions/infnet)\n"
          "# Generated from infnet's command table (sim/cli/commands.c) by scripts/cli-docs.sh.\n"
          "_infnet()\n"
          "{\n"
          "    local cur prev cmd\n"
          "    cur=${COMP_WORDS[COMP_CWORD]}\n"
          "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    cmd=${COMP_WORDS[1]}\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        COMPREPLY=($(compgen -W \"",
          f);
    for (size_t c = 0; c < COUNT(commands); c++)
        fprintf(f, "%s ", commands[c].name);
    fputs("--help --version\" -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    case $prev in\n",
          f);
    /* options whose value is a directory, then those with any other value */
    for (int pass = 0; pass < 2; pass++) {
        int k = 0;
        for (int o = 1; o < CLI_N_OPTS; o++) {
            const struct cli_optdef *d = &optdefs[o];
            if (d->type == CLI_FLAG || (pass == 0) != ((d->flags & CLI_DIR_VALUE) != 0))
                continue;
            fprintf(f, "%s", k++ ? "|" : "        ");
            if (d->short_name)
                fprintf(f, "-%c|", d->short_name);
            fprintf(f, "--%s", d->long_name);
        }
        if (k)
            fputs(pass == 0 ? ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n" : ") return ;;\n", f);
    }
    fputs("    esac\n"
          "    local opts\n"
          "    case $cmd in\n",
          f);
    for (size_t c = 0; c < COUNT(commands); c++) {
        fprintf(f, "        %s) opts=\"", commands[c].name);
        for (int i = 0; commands[c].options[i].key != CLI_OPT_NONE; i++)
            fprintf(f, "%s--%s", i ? " " : "", optdefs[commands[c].options[i].key].long_name);
        fputs("\" ;;\n", f);
    }
    fputs("    esac\n"
          "    if [[ $cur == -* ]]; then\n"
          "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    case $cmd in\n",
          f);
    for (size_t c = 0; c < COUNT(commands); c++) {
        if (commands[c].operand_files)
            fprintf(
                f,
                "        %s) COMPREPLY=($(compgen -f -X '!*.@(%s)' -- \"$cur\") $(compgen -d -- \"$cur\")) "
                ";;\n",
                commands[c].name, commands[c].operand_files);
        else
            fprintf(f, "        %s) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n", commands[c].name);
    }
    fputs("    esac\n"
          "}\n"
          "complete -o filenames -F _infnet infnet\n",
          f);
}

int cli_write_doc(const char *what, FILE *f)
{
    if (strcmp(what, "man") == 0)
        man_synopsis(f);
    else if (strcmp(what, "readme") == 0)
        readme_block(f);
    else if (strcmp(what, "completion") == 0)
        completion(f);
    else
        return -1;
    return 0;
}
