/* sim/cli/main.c - the infnet command: run, validate, --help, --version.
 *
 * The only place that prints, exits or reads the environment. Exit codes
 * (DESIGN.md): 0 success, 1 runtime failure, 2 bad input or usage.
 * Settings made here once, before any thread starts: igraph's C attribute
 * handler (GraphML import and snapshots) and the main thread's igraph error
 * handlers (return codes instead of abort).
 */
#include <errno.h>
#include <getopt.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <igraph.h>

#include "sim/util/diag.h"
#include "sim/util/interrupt.h"
#include "sim/analyze/analyze.h"
#include "sim/plot/plot.h"
#include "sim/engine/ranks.h"
#include "sim/compare/compare.h"
#include "sim/engine/run.h"
#include "sim/load/scenario.h"

#ifndef INFNET_VERSION
#define INFNET_VERSION "0.0.0"
#endif
#ifndef INFNET_GIT_COMMIT
#define INFNET_GIT_COMMIT "unknown"
#endif

/* Upper bound on --set / -n / --seed overrides in one command. */
#define MAX_SETS 256

static const char *const commands[] = {"run", "validate", "analyze", "compare", "plot"};

static void usage_main(FILE *f)
{
    fputs("usage: infnet COMMAND [OPTIONS]\n"
          "\n"
          "Influence-network simulation: Monte Carlo replicas of YAML scenarios of\n"
          "factions, command agencies and brokers under sanctions, strikes and\n"
          "leadership decapitation, with fragmentation and centrality measures.\n"
          "\n"
          "commands:\n"
          "  run SCENARIO.yaml...      run the replicas, write results into a directory\n"
          "  validate SCENARIO.yaml... check scenario files and summarise them\n"
          "  analyze NETWORK           every measure of one network (GraphML, CSV or scenario)\n"
          "  compare A B [C...]        does each scenario differ from the first? (output\n"
          "                            directories or scenario files)\n"
          "  plot DIR                  charts of a run or a comparison, with gnuplot\n"
          "\n"
          "options:\n"
          "  -h, --help                this help (infnet COMMAND --help for a command)\n"
          "  -V, --version             version and git commit\n"
          "\n"
          "exit codes: 0 success, 1 runtime failure, 2 bad input or usage,\n"
          "130 interrupted (completed replicas kept; run --resume continues).\n"
          "docs: README.md, docs/FORMAT.md, docs/MODEL.md, docs/OUTPUTS.md\n",
          f);
}

static void usage_run(FILE *f)
{
    fputs("usage: infnet run SCENARIO.yaml... [-o DIR] [-n REPLICAS] [--seed S] [--threads T]\n"
          "                  [--set KEY=VALUE]... [--per-replica] [--weights] [--force | --resume]\n"
          "                  [--quiet]\n"
          "\n"
          "Runs every replica of each scenario and writes summary.csv, final.csv,\n"
          "nodes.csv, meta.json (and replicas.csv, snapshots/) into DIR.\n"
          "\n"
          "  -o, --output DIR      output directory (default out/SCENARIO; several\n"
          "                        scenarios: out/A+B+...)\n"
          "  -n, --replicas N      replicas per scenario (overrides monte_carlo.replicas)\n"
          "      --seed S          seed (overrides monte_carlo.seed)\n"
          "  -t, --threads T       OpenMP threads (default: OMP_NUM_THREADS or all cores;\n"
          "                        1 when igraph is not thread-safe, see --version);\n"
          "                        results are byte-identical for any T\n"
          "      --set KEY=VALUE   override a scenario key, e.g. model.alignment.rate=0.2\n"
          "      --per-replica     also write replicas.csv (every replica, every step)\n"
          "  -w, --weights         weighted measures (as --set outputs.weighted=true)\n"
          "      --force           write into a directory that already holds results\n"
          "      --resume          continue the interrupted run in DIR (Ctrl-C, SIGTERM, or a\n"
          "                        killed process); the outputs end byte-identical to an\n"
          "                        uninterrupted run. The same scenarios, seed and options\n"
          "                        must be given again\n"
          "      --limit NAME=N    raise or lower a safety limit (nodes, edges, steps,\n"
          "                        replicas, yaml-nodes, depth, file-bytes, extends, node-cells)\n"
          "  -q, --quiet           no progress line\n"
          "  -h, --help            this help\n"
          "\n"
          "example:\n"
          "  infnet run scenarios/examples/broker.yaml -n 200 --threads 2 -o out/broker\n",
          f);
}

static void usage_validate(FILE *f)
{
    fputs("usage: infnet validate SCENARIO.yaml... [--set KEY=VALUE]... [--limit NAME=N]\n"
          "                       [--list-pressures]\n"
          "\n"
          "Loads and checks each scenario (extends, imports, every key and reference)\n"
          "and prints a one-line summary of each valid one. Errors name FILE:LINE:COL.\n"
          "Exit 0 when all are valid, 2 otherwise.\n"
          "\n"
          "      --list-pressures  also print each pressure of the merged scenario as\n"
          "                        INDEX TYPE FROM TO SELECT (INDEX for --set pressures.INDEX.KEY=V)\n"
          "\n"
          "example:\n"
          "  infnet validate scenarios/examples/*.yaml\n",
          f);
}

static void usage_analyze(FILE *f)
{
    fputs("usage: infnet analyze NETWORK [-o DIR] [--key-players K] [--weights] [--force]\n"
          "                      [--exact-limit N] [--samples K] [--seed S] [--top N] [--threads T]\n"
          "                      [--timings]\n"
          "\n"
          "Measures one network: a GraphML file, an edge-list CSV (from,to[,type,weight])\n"
          "or a scenario file (its network as written, before any pressure). Writes\n"
          "DIR/nodes.csv (node,label,kind,degree,strength,betweenness,betweenness_norm,\n"
          "closeness,harmonic,eigenvector,pagerank) and DIR/graph.csv (metric,value), and\n"
          "prints the top nodes by betweenness.\n"
          "\n"
          "  -o, --output DIR      output directory (default out/analyze-NAME)\n"
          "  -k, --key-players K   also find the K key players (KPP-Neg: the set whose removal\n"
          "                        most fragments the network), write DIR/key_players.csv\n"
          "  -w, --weights         use tie weights (a weight w is a distance 1/w)\n"
          "      --exact-limit N   exact path measures up to N nodes (default 20000), sampled above\n"
          "      --samples K       sampled sources above the limit (default 100)\n"
          "      --seed S          seed for Leiden communities and sampling (default 1)\n"
          "      --top N           nodes listed in the report (default 10)\n"
          "  -t, --threads T       threads for the path measures (default: OMP_NUM_THREADS or\n"
          "                        all cores; 1 when igraph is not thread-safe); the values\n"
          "                        do not depend on it\n"
          "      --timings         print each measure's wall time to stderr\n"
          "      --force           replace an earlier analysis in DIR\n"
          "  -h, --help            this help\n"
          "\n"
          "example:\n"
          "  infnet analyze tests/fixtures/florentine.csv --key-players 2 -o out/florentine\n",
          f);
}

static int report(const struct diag *d)
{
    char buf[4096];
    diag_format(d, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    return d->code ? d->code : DIAG_RUNTIME;
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "infnet: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\ntry 'infnet %s--help'\n", cmd ? cmd : "");
    return DIAG_INPUT;
}

/* Options shared by run and validate. */
struct common_opts {
    struct scenario_set sets[MAX_SETS];
    char *owned[MAX_SETS];   /* split copies of KEY=VALUE arguments */
    int n_sets;
    struct scenario_limits limits;
};

static int add_set(struct common_opts *c, const char *cmd, const char *kv, const char *key_override)
{
    if (c->n_sets >= MAX_SETS)
        return usage_error(cmd, "too many overrides (at most %s)", "256");
    if (key_override) {
        c->sets[c->n_sets].key = key_override;
        c->sets[c->n_sets].value = kv;
        c->n_sets++;
        return 0;
    }
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return usage_error(cmd, "--set needs KEY=VALUE, got '%s'", kv);
    /* the key is kept in place: split a private copy */
    char *copy = strdup(kv);
    if (!copy)
        return DIAG_RUNTIME;
    copy[eq - kv] = '\0';
    c->owned[c->n_sets] = copy;
    c->sets[c->n_sets].key = copy;
    c->sets[c->n_sets].value = copy + (eq - kv) + 1;
    c->n_sets++;
    return 0;
}

static void free_sets(struct common_opts *c)
{
    for (int i = 0; i < c->n_sets; i++)
        free(c->owned[i]);
    c->n_sets = 0;
}

static int parse_limit(struct common_opts *c, const char *cmd, const char *arg)
{
    char name[64];
    const char *eq = strchr(arg, '=');
    if (!eq || (size_t)(eq - arg) >= sizeof name)
        return usage_error(cmd, "--limit needs NAME=N, got '%s'", arg);
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    if (scenario_limits_set(&c->limits, name, eq + 1))
        return usage_error(cmd, "bad limit '%s' (names: nodes, edges, steps, replicas, yaml-nodes, "
                                "depth, file-bytes, extends, node-cells; N a positive integer)", arg);
    return 0;
}

static int parse_threads(const char *cmd, const char *arg, int *threads)
{
    char *end;
    errno = 0;
    long t = strtol(arg, &end, 10);
    if (errno || *end || t < 1 || t > 4096)
        return usage_error(cmd, "--threads needs an integer from 1 to 4096, got '%s'", arg);
    *threads = (int)t;
    return 0;
}

/* Refuse threads on an igraph without thread-local storage (exit 2). */
static int check_threads(int threads)
{
    if (!IGRAPH_THREAD_SAFE && threads > 1) {
        fprintf(stderr, "infnet: error: this infnet is linked with an igraph built without thread-local "
                        "storage (IGRAPH_THREAD_SAFE is 0); concurrent igraph calls would race. "
                        "Rebuild with 'make deps && make' or run with --threads 1\n");
        return DIAG_INPUT;
    }
    return 0;
}

static int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"list-pressures", no_argument, NULL, 'P'},
        {"set", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    struct common_opts c;
    memset(&c, 0, sizeof c);
    scenario_limits_default(&c.limits);
    int ch, rc = 0, list = 0;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'P': list = 1; break;
        case 's': rc = add_set(&c, "validate ", optarg, NULL); break;
        case 'L': rc = parse_limit(&c, "validate ", optarg); break;
        case 'h': usage_validate(stdout); free_sets(&c); return 0;
        default: rc = usage_error("validate ", "unknown option '%s'", argv[optind - 1]); break;
        }
        if (rc) {
            free_sets(&c);
            return rc;
        }
    }
    if (optind >= argc) {
        free_sets(&c);
        return usage_error("validate ", "%s", "no scenario file given");
    }
    int worst = 0;
    for (int i = optind; i < argc; i++) {
        struct scenario s;
        struct diag d;
        diag_init(&d);
        memset(&s, 0, sizeof s);
        if (scenario_load(&s, argv[i], c.sets, c.n_sets, &c.limits, &d)) {
            int code = report(&d);
            if (code > worst)
                worst = code;
            continue;
        }
        scenario_describe(&s, stdout);
        if (list)
            scenario_list_pressures(&s, stdout);
        scenario_destroy(&s);
    }
    free_sets(&c);
    return worst;
}

static int parse_count(const char *cmd, const char *opt, const char *arg, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        fprintf(stderr, "infnet: error: %s needs an integer from %ld to %ld, got '%s'\ntry 'infnet %s--help'\n",
                opt, lo, hi, arg, cmd);
        return DIAG_INPUT;
    }
    *out = v;
    return 0;
}

static int cmd_analyze(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"key-players", required_argument, NULL, 'k'},
        {"weights", no_argument, NULL, 'w'},
        {"force", no_argument, NULL, 'F'},
        {"exact-limit", required_argument, NULL, 'E'},
        {"samples", required_argument, NULL, 'K'},
        {"seed", required_argument, NULL, 'S'},
        {"top", required_argument, NULL, 'T'},
        {"timings", no_argument, NULL, 'M'},
        {"limit", required_argument, NULL, 'L'},
        {"threads", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    struct common_opts c;
    memset(&c, 0, sizeof c);
    scenario_limits_default(&c.limits);
    int threads = IGRAPH_THREAD_SAFE ? omp_get_max_threads() : 1;
    struct analyze_request req = {NULL, NULL, 0, 0, 0, 0, 0, 1, 10, &c.limits};
    int timings = 0, ch, rc = 0;
    long v;
    char *end;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "o:k:wt:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': req.outdir = optarg; break;
        case 't': rc = parse_threads("analyze ", optarg, &threads); break;
        case 'k': rc = parse_count("analyze ", "--key-players", optarg, 1, 1000000, &v); req.key_players = (int)v; break;
        case 'w': req.weighted = 1; break;
        case 'F': req.force = 1; break;
        case 'E': rc = parse_count("analyze ", "--exact-limit", optarg, 2, 2000000000L, &v); req.exact_limit = (int)v; break;
        case 'K': rc = parse_count("analyze ", "--samples", optarg, 1, 2000000000L, &v); req.samples = (int)v; break;
        case 'T': rc = parse_count("analyze ", "--top", optarg, 0, 1000000, &v); req.top = (int)v; break;
        case 'S':
            errno = 0;
            req.seed = strtoull(optarg, &end, 10);
            if (errno || *end || optarg[0] == '-' || !optarg[0])
                rc = usage_error("analyze ", "--seed needs a non-negative integer, got '%s'", optarg);
            break;
        case 'M': timings = 1; break;
        case 'L': rc = parse_limit(&c, "analyze ", optarg); break;
        case 'h': usage_analyze(stdout); return 0;
        case ':': rc = usage_error("analyze ", "option '%s' needs a value", argv[optind - 1]); break;
        default: rc = usage_error("analyze ", "unknown option '%s'", argv[optind - 1]); break;
        }
        if (rc)
            return rc;
    }
    if (optind != argc - 1)
        return usage_error("analyze ", "%s", optind >= argc ? "no network file given" : "give exactly one network file");
    if ((rc = check_threads(threads)) != 0)
        return rc;
    /* the path measures' parts (analysis/parts.c) and PRPACK's loops */
    omp_set_num_threads(threads);
    req.input = argv[optind];
    /* SIGINT/SIGTERM stop igraph's long loops: exit 130, nothing written */
    interrupt_install();
    struct diag d;
    diag_init(&d);
    rc = analyze_execute(&req, stdout, timings ? stderr : NULL, &d);
    return rc ? report(&d) : 0;
}

static void usage_plot(FILE *f)
{
    fputs("usage: infnet plot DIR [--force] [--no-png] [--no-svg] [--quiet]\n"
          "\n"
          "Draws the charts of an output directory of 'infnet run' or 'infnet compare'\n"
          "into DIR/plots/: every metric over time (median and 5-95% band, one line per\n"
          "scenario), final-step distributions, forest plots of comparison.csv, and the\n"
          "network at each snapshot (by kind, by patron, first and last side by side).\n"
          "Each chart is NAME.svg and NAME.png beside NAME.gp, the gnuplot script, and\n"
          "its data: 'cd DIR/plots && gnuplot NAME.gp' redraws it after an edit.\n"
          "Without gnuplot the scripts and data are still written.\n"
          "\n"
          "      --force           replace the charts of an earlier plot\n"
          "      --no-png          do not draw PNG files\n"
          "      --no-svg          do not draw SVG files\n"
          "  -q, --quiet           do not list the files written\n"
          "  -h, --help            this help\n"
          "\n"
          "example:\n"
          "  infnet plot out/broker-example\n",
          f);
}

static int cmd_plot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"force", no_argument, NULL, 'F'},
        {"no-png", no_argument, NULL, 'P'},
        {"no-svg", no_argument, NULL, 'G'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    struct plot_request req = {NULL, 0, 1, 1};
    int quiet = 0, ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'F': req.force = 1; break;
        case 'P': req.png = 0; break;
        case 'G': req.svg = 0; break;
        case 'q': quiet = 1; break;
        case 'h': usage_plot(stdout); return 0;
        default: return usage_error("plot ", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return usage_error("plot ", "%s", optind >= argc ? "no directory given" : "give exactly one directory");
    req.dir = argv[optind];
    struct diag d;
    diag_init(&d);
    int rc = plot_execute(&req, quiet ? NULL : stdout, &d);
    return rc ? report(&d) : 0;
}

struct progress_state {
    struct timespec t0;
    const char *name;
    double last;
};

static double seconds_since(struct timespec t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - t0.tv_nsec);
}

/* Minimum seconds between two redraws of the progress line. */
#define PROGRESS_INTERVAL 0.25

static void progress_line(void *ctx, const char *scenario, long done, long total)
{
    struct progress_state *p = ctx;
    if (p->name != scenario) {   /* a new scenario: restart the clock */
        p->name = scenario;
        clock_gettime(CLOCK_MONOTONIC, &p->t0);
        p->last = -1.0;
    }
    double el = seconds_since(p->t0);
    if (done < total && el - p->last < PROGRESS_INTERVAL)
        return;
    p->last = el;
    double rate = el > 0 ? (double)done / el : 0.0;
    long eta = rate > 0 ? (long)((double)(total - done) / rate + 0.5) : 0;
    fprintf(stderr, "\r\033[K%s: %ld/%ld replicas  %.1f/s  ETA %ld:%02ld:%02ld", scenario, done, total, rate,
            eta / 3600, (eta / 60) % 60, eta % 60);
    if (done >= total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static int progress_shown(const struct progress_state *p)
{
    return p->name != NULL;
}

static int cmd_run(int argc, char **argv, int full_argc, char **full_argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"replicas", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 'S'},
        {"threads", required_argument, NULL, 't'},
        {"set", required_argument, NULL, 's'},
        {"per-replica", no_argument, NULL, 'R'},
        {"weights", no_argument, NULL, 'w'},
        {"force", no_argument, NULL, 'F'},
        {"resume", no_argument, NULL, 'U'},
        {"limit", required_argument, NULL, 'L'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    struct common_opts c;
    memset(&c, 0, sizeof c);
    scenario_limits_default(&c.limits);
    const char *outdir = NULL;
    int resume = 0;
    /* Without a thread-safe igraph the default is one thread; asking for more is refused. */
    int threads = IGRAPH_THREAD_SAFE ? omp_get_max_threads() : 1;
    int per_replica = 0, force = 0, quiet = 0, ch, rc = 0;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "o:n:t:wqh", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': outdir = optarg; break;
        case 'n': rc = add_set(&c, "run ", optarg, "monte_carlo.replicas"); break;
        case 'S': rc = add_set(&c, "run ", optarg, "monte_carlo.seed"); break;
        case 't': rc = parse_threads("run ", optarg, &threads); break;
        case 's': rc = add_set(&c, "run ", optarg, NULL); break;
        case 'R': per_replica = 1; break;
        case 'w': rc = add_set(&c, "run ", "true", "outputs.weighted"); break;
        case 'F': force = 1; break;
        case 'U': resume = 1; break;
        case 'L': rc = parse_limit(&c, "run ", optarg); break;
        case 'q': quiet = 1; break;
        case 'h': usage_run(stdout); free_sets(&c); return 0;
        case ':': rc = usage_error("run ", "option '%s' needs a value", argv[optind - 1]); break;
        default: rc = usage_error("run ", "unknown option '%s'", argv[optind - 1]); break;
        }
        if (rc) {
            free_sets(&c);
            return rc;
        }
    }
    if (optind >= argc) {
        free_sets(&c);
        return usage_error("run ", "%s", "no scenario file given");
    }
    if ((rc = check_threads(threads)) != 0) {
        free_sets(&c);
        return rc;
    }
    struct progress_state ps = {{0, 0}, NULL, -1.0};
    struct run_request req = {.files = argv + optind, .n_files = argc - optind, .outdir = outdir,
                              .sets = c.sets, .n_sets = c.n_sets, .limits = &c.limits, .threads = threads,
                              .per_replica = per_replica, .force = force, .resume = resume,
                              .stop = interrupt_flag(),
                              .progress = (!quiet && isatty(STDERR_FILENO)) ? progress_line : NULL,
                              .progress_ctx = &ps, .argc = full_argc, .argv = full_argv,
                              .version = INFNET_VERSION, .commit = INFNET_GIT_COMMIT};
    if (force && resume) {
        free_sets(&c);
        return usage_error("run ", "%s", "--force and --resume exclude each other");
    }
    /* SIGINT/SIGTERM: the run stops after the batch in flight (igraph calls
     * in flight return at once), writes what it completed and a checkpoint,
     * and exits 130 */
    interrupt_install();
    struct diag d;
    diag_init(&d);
    char *dir = NULL;
    double wall = 0;
    rc = run_execute(&req, &dir, &wall, &d);
    if (progress_shown(&ps))
        fputs("\r\033[K", stderr);   /* an interrupted progress line */
    if (!rc && !quiet)
        fprintf(stderr, "infnet: wrote %s (%.1f s)\n", dir, wall);
    free(dir);
    free_sets(&c);
    return rc ? report(&d) : 0;
}

static void usage_compare(FILE *f)
{
    fputs("usage: infnet compare A B [C...] [-o DIR] [--reference NAME] [--force] [-n REPLICAS] [--seed S]\n"
          "                      [--threads T] [--set KEY=VALUE]... [--limit NAME=N] [--quiet]\n"
          "\n"
          "Compares every scenario with the first one (A). For every metric and recorded\n"
          "step: the difference B - A with a 95% Welch interval, Cohen's d and a p-value\n"
          "(Mann-Whitney U on the replicas' values where both sides have them, as\n"
          "final.csv does for the last step; else Welch's t test from summary.csv), the\n"
          "last step's p-values Holm-adjusted across the metrics. Writes\n"
          "DIR/comparison.csv and prints the last step. A, B, ... are output directories\n"
          "of 'infnet run' (one may hold several scenarios) or scenario files, which are\n"
          "run first, each into DIR/runs/NAME.\n"
          "\n"
          "  -o, --output DIR      where comparison.csv goes (default out/compare)\n"
          "  -r, --reference NAME  the scenario the others are compared with (default: the first)\n"
          "      --force           replace comparison.csv, and earlier runs in DIR/runs\n"
          "  -n, --replicas N      replicas of each scenario file (overrides monte_carlo.replicas)\n"
          "      --seed S          seed of the scenario files (overrides monte_carlo.seed)\n"
          "  -t, --threads T       OpenMP threads for the scenario files' runs\n"
          "      --set KEY=VALUE   override a key of the scenario files\n"
          "      --limit NAME=N    raise or lower a safety limit (as for run)\n"
          "  -q, --quiet           no message on stderr when all went well\n"
          "  -h, --help            this help\n"
          "\n"
          "example:\n"
          "  infnet compare out/baseline out/decapitation -o out/decapitation-vs-baseline\n",
          f);
}

static int cmd_compare(int argc, char **argv, int full_argc, char **full_argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'F'},
        {"replicas", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 'S'},
        {"threads", required_argument, NULL, 't'},
        {"set", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'L'},
        {"reference", required_argument, NULL, 'r'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    struct common_opts c;
    memset(&c, 0, sizeof c);
    scenario_limits_default(&c.limits);
    const char *outdir = NULL, *reference = NULL;
    int threads = IGRAPH_THREAD_SAFE ? omp_get_max_threads() : 1;
    int force = 0, quiet = 0, ch, rc = 0;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "o:n:t:r:qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': outdir = optarg; break;
        case 'F': force = 1; break;
        case 'n': rc = add_set(&c, "compare ", optarg, "monte_carlo.replicas"); break;
        case 'S': rc = add_set(&c, "compare ", optarg, "monte_carlo.seed"); break;
        case 't': rc = parse_threads("compare ", optarg, &threads); break;
        case 's': rc = add_set(&c, "compare ", optarg, NULL); break;
        case 'L': rc = parse_limit(&c, "compare ", optarg); break;
        case 'r': reference = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': usage_compare(stdout); free_sets(&c); return 0;
        case ':': rc = usage_error("compare ", "option '%s' needs a value", argv[optind - 1]); break;
        default: rc = usage_error("compare ", "unknown option '%s'", argv[optind - 1]); break;
        }
        if (rc) {
            free_sets(&c);
            return rc;
        }
    }
    if (optind >= argc) {
        free_sets(&c);
        return usage_error("compare ", "%s", "no output directory or scenario file given");
    }
    if ((rc = check_threads(threads)) != 0) {
        free_sets(&c);
        return rc;
    }
    struct compare_request req = {argv + optind, argc - optind, outdir, force, COMPARE_DEFAULT_LEVEL,
                                  c.sets, c.n_sets, &c.limits, threads, full_argc, full_argv,
                                  INFNET_VERSION, INFNET_GIT_COMMIT, reference};
    struct diag d;
    diag_init(&d);
    rc = compare_execute(&req, stdout, &d);
    if (!rc && !quiet)
        fprintf(stderr, "infnet: wrote %s/comparison.csv\n", outdir ? outdir : COMPARE_DEFAULT_DIR);
    free_sets(&c);
    return rc ? report(&d) : 0;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    if (ranks_init(&argc, &argv)) {
        fprintf(stderr, "infnet: error: cannot start the MPI process group\n");
        return DIAG_RUNTIME;
    }
    /* Ranks other than 0 run replicas of `run` and print nothing. */
    if (ranks_rank() != 0 && (argc < 2 || strcmp(argv[1], "run") != 0)) {
        ranks_finalize();
        return 0;
    }
    if (ranks_rank() != 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            return DIAG_RUNTIME;
    }
    int rc = dispatch(argc, argv);
    /* what was printed must have reached stdout (a full disk, a closed pipe) */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "infnet: error: cannot write standard output: %s\n", strerror(errno));
        if (!rc)
            rc = DIAG_RUNTIME;
    }
    ranks_finalize();
    return rc;
}

static int dispatch(int argc, char **argv)
{
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);

    if (argc < 2) {
        usage_main(stderr);
        return DIAG_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage_main(stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("infnet %s (git %s; igraph %s, %s)\n", INFNET_VERSION, INFNET_GIT_COMMIT, IGRAPH_VERSION,
               IGRAPH_THREAD_SAFE ? "thread-safe" : "NOT thread-safe");
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1, argc, argv);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "analyze") == 0)
        return cmd_analyze(argc - 1, argv + 1);
    if (strcmp(cmd, "plot") == 0)
        return cmd_plot(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc - 1, argv + 1, argc, argv);
    const char *near = diag_suggest(cmd, commands, sizeof commands / sizeof commands[0]);
    if (near)
        fprintf(stderr, "infnet: error: unknown command '%s' (did you mean '%s'?)\n", cmd, near);
    else
        fprintf(stderr, "infnet: error: unknown command '%s'\n", cmd);
    fprintf(stderr, "try 'infnet --help'\n");
    return DIAG_INPUT;
}
