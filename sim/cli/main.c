/* sim/cli/main.c - the infnet command: dispatch to run, sweep, validate, analyze, compare, plot; --help,
 * --version.
 *
 * The commands, their options and help texts are the table in
 * sim/cli/commands.c; this file parses argv against it (cli_parse) and
 * hands the values to each command's module; `infnet --generate-doc
 * man|readme|completion`, not a command and not in --help, prints the texts
 * scripts/cli-docs.sh keeps in docs/infnet.1, README.md and completion.bash.
 * The only place that prints, exits or reads the environment. Exit codes
 * (DESIGN.md): 0 success, 1 runtime failure, 2 bad input or usage.
 * Settings made here once, before any thread starts: igraph's C attribute
 * handler (GraphML import and snapshots) and the main thread's igraph error
 * handlers (return codes instead of abort).
 */
#include <errno.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <igraph.h>

#include "sim/util/diag.h"
#include "sim/analyze/analyze.h"
#include "sim/plot/plot.h"
#include "sim/engine/ranks.h"
#include "sim/compare/compare.h"
#include "sim/engine/run.h"
#include "sim/engine/weightonly.h"
#include "sim/sweep/experiment.h"
#include "sim/sweep/sweep.h"
#include "sim/calibrate/calibrate.h"
#include "sim/load/observations.h"
#include "sim/load/scenario.h"
#include "sim/cli/commands.h"
#include "sim/util/interrupt.h"
#include "sim/output/jsonfile.h"

#ifndef INFNET_VERSION
#define INFNET_VERSION "0.0.0"
#endif
#ifndef INFNET_GIT_COMMIT
#define INFNET_GIT_COMMIT "unknown"
#endif

static int report(const struct diag *d)
{
    char buf[4096];
    diag_format(d, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
    return d->code ? d->code : DIAG_RUNTIME;
}

/* A usage error: the message, then where help is. */
static int usage_report(const struct cli_command *cmd, const struct diag *d)
{
    fprintf(stderr, "infnet: error: %s\ntry 'infnet %s%s--help'\n", d->msg, cmd ? cmd->name : "",
            cmd ? " " : "");
    return d->code ? d->code : DIAG_INPUT;
}

/* Threads asked for, or the default: OMP_NUM_THREADS or all cores, one
 * without a thread-safe igraph (where asking for more is refused, exit 2). */
static int threads_of(const struct cli_args *a, int *threads)
{
    if (!a->given[CLI_THREADS]) {
        *threads = IGRAPH_THREAD_SAFE ? omp_get_max_threads() : 1;
        return 0;
    }
    *threads = (int)a->num[CLI_THREADS];
    if (!IGRAPH_THREAD_SAFE && *threads > 1) {
        fprintf(stderr, "infnet: error: this infnet is linked with an igraph built without thread-local "
                        "storage (IGRAPH_THREAD_SAFE is 0); concurrent igraph calls would race. "
                        "Rebuild with 'make deps && make' or run with --threads 1\n");
        return DIAG_INPUT;
    }
    return 0;
}

/* An experiment file given to validate: loaded and checked as `infnet
 * sweep` would (its scenarios, every factor against them, the design),
 * nothing run; --set and --list-pressures are for scenario files. */
static int validate_experiment(const struct cli_args *a, const char *path)
{
    if (a->n_sets || a->given[CLI_LIST_PRESSURES] || a->given[CLI_ASSUMPTIONS]) {
        fprintf(
            stderr,
            "infnet: error: %s is an experiment file (it has 'factors'): %s applies to scenario files only\n",
            path,
            a->n_sets                      ? "--set"
            : a->given[CLI_LIST_PRESSURES] ? "--list-pressures"
                                           : "--assumptions");
        return DIAG_INPUT;
    }
    struct experiment e;
    struct diag d;
    diag_init(&d);
    if (experiment_load_limits(path, &a->limits, &e, &d))
        return report(&d);
    experiment_describe(&e, stdout);
    experiment_destroy(&e);
    return 0;
}

/* An observations file given to validate: checked against the scenario of
 * --scenario (with the --set overrides). */
static int validate_observations(const struct cli_args *a, const char *path)
{
    if (a->given[CLI_ASSUMPTIONS]) {
        fprintf(stderr,
                "infnet: error: %s is an observations file (it has 'observations'): --assumptions applies to "
                "scenario files only\n",
                path);
        return DIAG_INPUT;
    }
    if (!a->given[CLI_SCENARIO]) {
        fprintf(
            stderr,
            "infnet: error: %s is an observations file (it has 'observations'): give the scenario to check "
            "it against with --scenario SCENARIO.yaml\n",
            path);
        return DIAG_INPUT;
    }
    struct scenario s;
    struct observations o;
    struct diag d;
    diag_init(&d);
    memset(&s, 0, sizeof s);
    if (scenario_load(&s, a->text[CLI_SCENARIO], a->sets, a->n_sets, &a->limits, &d))
        return report(&d);
    const struct scenario *sp = &s;
    int rc = observations_load(path, &sp, 1, &a->limits, &o, &d);
    if (!rc) {
        observations_describe(&o, stdout);
        observations_destroy(&o);
    }
    scenario_destroy(&s);
    return rc ? report(&d) : 0;
}

static int cmd_validate(struct cli_args *a, int full_argc, char **full_argv)
{
    (void)full_argc;
    (void)full_argv;
    int worst = 0;
    struct assumption_list list;
    assumption_list_init(&list);
    for (int i = 0; i < a->n_operands; i++) {
        struct scenario s;
        struct diag d;
        diag_init(&d);
        if (observations_file_is(a->operands[i], &a->limits)) {
            int code = validate_observations(a, a->operands[i]);
            if (code > worst)
                worst = code;
            continue;
        }
        if (a->given[CLI_SCENARIO]) {
            fprintf(stderr,
                    "infnet: error: %s is not an observations file: --scenario applies to observations "
                    "files only\n",
                    a->operands[i]);
            worst = DIAG_INPUT;
            continue;
        }
        if (experiment_file_is(a->operands[i], &a->limits)) {
            int code = validate_experiment(a, a->operands[i]);
            if (code > worst)
                worst = code;
            continue;
        }
        memset(&s, 0, sizeof s);
        if (scenario_load_assumptions(&s, a->operands[i], a->sets, a->n_sets, &a->limits,
                                      a->given[CLI_ASSUMPTIONS] ? &list : NULL, &d)) {
            int code = report(&d);
            if (code > worst)
                worst = code;
            continue;
        }
        scenario_describe(&s, stdout);
        char whose[256];
        snprintf(whose, sizeof whose, "scenario '%.200s'", s.name);
        for (int k = 0; k < a->n_sets; k++)
            weightonly_warn(stderr, "--set", a->sets[k].key, s.measure.metrics, s.measure.weighted, whose);
        if (a->given[CLI_LIST_PRESSURES])
            scenario_list_pressures(&s, stdout);
        scenario_destroy(&s);
    }
    /* the ledger of the valid scenarios; none when a file was refused (the
     * counts would leave out what could not be read) */
    if (a->given[CLI_ASSUMPTIONS] && worst == 0)
        assumption_list_print(&list, stdout);
    assumption_list_destroy(&list);
    return worst;
}

static int cmd_analyze(struct cli_args *a, int full_argc, char **full_argv)
{
    int threads, rc;
    if ((rc = threads_of(a, &threads)) != 0)
        return rc;
    /* an option that would change nothing is refused, not ignored */
    if ((a->given[CLI_IMPACT_BY] && !a->given[CLI_IMPACT]) ||
        (a->given[CLI_KPP_DISTANCE] && !a->given[CLI_KEY_PLAYERS])) {
        struct diag d;
        diag_init(&d);
        diag_set(&d, DIAG_INPUT, NULL, 0, 0, "%s",
                 a->given[CLI_IMPACT_BY] && !a->given[CLI_IMPACT] ? "--impact-by needs --impact"
                                                                  : "--kpp-distance needs --key-players");
        return report(&d);
    }
    int quiet = a->given[CLI_QUIET] > 0;
    struct analyze_request req = {
        .input = a->operands[0],
        .network = {.format = a->text[CLI_FORMAT],
                    .weights_as = a->text[CLI_WEIGHTS_AS],
                    .default_kind = a->text[CLI_DEFAULT_KIND],
                    .nodes = a->text[CLI_NODES]},
        .outdir = a->text[CLI_OUTPUT],
        .key_players = a->given[CLI_KEY_PLAYERS] ? (int)a->num[CLI_KEY_PLAYERS] : 0,
        .weighted = a->given[CLI_WEIGHTS] > 0,
        .force = a->given[CLI_FORCE] > 0,
        .exact_limit = a->given[CLI_EXACT_LIMIT] ? (int)a->num[CLI_EXACT_LIMIT] : 0,
        .samples = a->given[CLI_SAMPLES] ? (int)a->num[CLI_SAMPLES] : 0,
        .seed = a->given[CLI_SEED] ? (uint64_t)a->num[CLI_SEED] : 1,
        .top = a->given[CLI_TOP] ? (int)a->num[CLI_TOP] : 10,
        .kpp_distance = a->given[CLI_KPP_DISTANCE] ? (int)a->num[CLI_KPP_DISTANCE] : 1,
        .impact = a->given[CLI_IMPACT] > 0,
        .impact_top = a->given[CLI_IMPACT] ? (int)a->num[CLI_IMPACT] : 0,
        .impact_by = a->text[CLI_IMPACT_BY],
        .limits = &a->limits,
        /* run's rule: a progress line when stderr is a terminal; --quiet
         * leaves only errors (and --timings, asked for) */
        .progress = !quiet && isatty(STDERR_FILENO),
        .notes = quiet ? NULL : stderr,
        .stop = interrupt_flag(),
        .version = INFNET_VERSION,
        .commit = INFNET_GIT_COMMIT,
        .argc = full_argc,
        .argv = full_argv,
    };
    /* the path measures' parts (analysis/parts.c) and PRPACK's loops */
    omp_set_num_threads(threads);
    /* SIGINT/SIGTERM stop the long steps: exit 130, nothing written */
    interrupt_install();
    struct diag d;
    diag_init(&d);
    rc = analyze_execute(&req, quiet ? NULL : stdout, a->given[CLI_TIMINGS] ? stderr : NULL, &d);
    if (rc == DIAG_INTERRUPTED) {
        fprintf(stderr, "infnet: %s (%s); nothing written\n", d.msg, req.input);
        return rc;
    }
    return rc ? report(&d) : 0;
}

static int cmd_plot(struct cli_args *a, int full_argc, char **full_argv)
{
    (void)full_argc;
    (void)full_argv;
    struct plot_request req = {
        .dir = a->operands[0],
        .force = a->given[CLI_FORCE] > 0,
        .png = !a->given[CLI_NO_PNG],
        .svg = !a->given[CLI_NO_SVG],
        .stop = interrupt_flag(),
    };
    /* SIGINT/SIGTERM: gnuplot is stopped, what plot wrote removed, exit 130 */
    interrupt_install();
    struct diag d;
    diag_init(&d);
    int rc = plot_execute(&req, a->given[CLI_QUIET] ? NULL : stdout, &d);
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
    if (p->name != scenario) { /* a new scenario: restart the clock */
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

static int cmd_run(struct cli_args *a, int full_argc, char **full_argv)
{
    int threads, rc;
    if ((rc = threads_of(a, &threads)) != 0)
        return rc;
    int quiet = a->given[CLI_QUIET] > 0;
    struct progress_state ps = {.t0 = {0, 0}, .name = NULL, .last = -1.0};
    struct run_request req = {.files = a->operands,
                              .n_files = a->n_operands,
                              .outdir = a->text[CLI_OUTPUT],
                              .sets = a->sets,
                              .n_sets = a->n_sets,
                              .posterior = a->text[CLI_POSTERIOR],
                              .limits = &a->limits,
                              .threads = threads,
                              .per_replica = a->given[CLI_PER_REPLICA] > 0,
                              .force = a->given[CLI_FORCE] > 0,
                              .resume = a->given[CLI_RESUME] > 0,
                              .stop = interrupt_flag(),
                              .progress = (!quiet && isatty(STDERR_FILENO)) ? progress_line : NULL,
                              .progress_ctx = &ps,
                              .argc = full_argc,
                              .argv = full_argv,
                              .version = INFNET_VERSION,
                              .commit = INFNET_GIT_COMMIT};
    interrupt_install();
    struct diag d;
    diag_init(&d);
    char *dir = NULL;
    double wall = 0;
    rc = run_execute(&req, &dir, &wall, &d);
    if (progress_shown(&ps))
        fputs("\r\033[K", stderr); /* an interrupted progress line */
    if (!rc && !quiet)
        fprintf(stderr, "infnet: wrote %s (%.1f s)\n", dir, wall);
    free(dir);
    return rc ? report(&d) : 0;
}

struct sweep_line {
    struct timespec t0;
    int shown;
    double last;
    long base; /* replicas done at t0 */
};

/* The sweep's progress: design points done, replicas per second (of this
 * session), and the time left at that rate. */
static void sweep_progress_line(void *ctx, const struct sweep_progress *p)
{
    struct sweep_line *l = ctx;
    if (!l->shown) { /* the clock starts at the first replica: the rate is over those after it */
        l->shown = 1;
        clock_gettime(CLOCK_MONOTONIC, &l->t0);
        l->last = 0.0;
        l->base = p->replicas_done;
    }
    double el = seconds_since(l->t0);
    int end = p->points_done >= p->points_total;
    if (!end && el - l->last < PROGRESS_INTERVAL)
        return;
    l->last = el;
    double rate = el > 0 ? (double)(p->replicas_done - l->base) / el : 0.0;
    long eta = rate > 0 ? (long)((double)(p->replicas_total - p->replicas_done) / rate + 0.5) : 0;
    fprintf(stderr, "\r\033[K%s: %ld/%ld points  %.1f replicas/s  ETA %ld:%02ld:%02ld", p->name,
            p->points_done, p->points_total, rate, eta / 3600, (eta / 60) % 60, eta % 60);
    if (end)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static int cmd_sweep(struct cli_args *a, int full_argc, char **full_argv)
{
    int threads, rc;
    if ((rc = threads_of(a, &threads)) != 0)
        return rc;
    int quiet = a->given[CLI_QUIET] > 0;
    struct sweep_line line = {.t0 = {0, 0}, .shown = 0, .last = -1.0, .base = 0};
    struct sweep_request req = {.experiment = a->operands[0],
                                .outdir = a->text[CLI_OUTPUT],
                                .limits = &a->limits,
                                .threads = threads,
                                .force = a->given[CLI_FORCE] > 0,
                                .resume = a->given[CLI_RESUME] > 0,
                                .stop = interrupt_flag(),
                                .progress = (!quiet && isatty(STDERR_FILENO)) ? sweep_progress_line : NULL,
                                .progress_ctx = &line,
                                .argc = full_argc,
                                .argv = full_argv,
                                .version = INFNET_VERSION,
                                .commit = INFNET_GIT_COMMIT};
    interrupt_install();
    struct diag d;
    diag_init(&d);
    char *dir = NULL;
    double wall = 0;
    rc = sweep_execute(&req, &dir, &wall, &d);
    if (line.shown)
        fputs("\r\033[K", stderr);
    if (!rc && !quiet)
        fprintf(stderr, "infnet: wrote %s (%.1f s)\n", dir, wall);
    free(dir);
    return rc ? report(&d) : 0;
}

static int cmd_calibrate(struct cli_args *a, int full_argc, char **full_argv)
{
    int threads, rc;
    if (!a->given[CLI_OBSERVATIONS]) {
        fprintf(stderr, "infnet: error: no observations file given (--observations OBS.yaml)\ntry 'infnet "
                        "calibrate --help'\n");
        return DIAG_INPUT;
    }
    if ((rc = threads_of(a, &threads)) != 0)
        return rc;
    int quiet = a->given[CLI_QUIET] > 0;
    struct calibrate_request req = {.experiment = a->operands[0],
                                    .observations = a->text[CLI_OBSERVATIONS],
                                    .outdir = a->text[CLI_OUTPUT],
                                    .limits = &a->limits,
                                    .threads = threads,
                                    .force = a->given[CLI_FORCE] > 0,
                                    .resume = a->given[CLI_RESUME] > 0,
                                    .quiet = quiet,
                                    .stop = interrupt_flag(),
                                    .argc = full_argc,
                                    .argv = full_argv,
                                    .version = INFNET_VERSION,
                                    .commit = INFNET_GIT_COMMIT};
    interrupt_install();
    struct diag d;
    diag_init(&d);
    char *dir = NULL;
    rc = calibrate_execute(&req, &dir, &d);
    if (!rc && !quiet)
        fprintf(stderr, "infnet: wrote %s\n", dir);
    free(dir);
    return rc ? report(&d) : 0;
}

static int cmd_compare(struct cli_args *a, int full_argc, char **full_argv)
{
    int threads, rc;
    if ((rc = threads_of(a, &threads)) != 0)
        return rc;
    struct compare_request req = {
        .inputs = a->operands,
        .n_inputs = a->n_operands,
        .outdir = a->text[CLI_OUTPUT],
        .force = a->given[CLI_FORCE] > 0,
        .level = COMPARE_DEFAULT_LEVEL,
        .sets = a->sets,
        .n_sets = a->n_sets,
        .limits = &a->limits,
        .threads = threads,
        .argc = full_argc,
        .argv = full_argv,
        .version = INFNET_VERSION,
        .commit = INFNET_GIT_COMMIT,
        .reference = a->text[CLI_REFERENCE],
        .pairing = a->given[CLI_PAIRED]     ? COMPARE_PAIRED
                   : a->given[CLI_UNPAIRED] ? COMPARE_UNPAIRED
                                            : COMPARE_PAIRING_AUTO,
        .resume = a->given[CLI_RESUME] > 0,
        .stop = interrupt_flag(),
    };
    interrupt_install();
    struct diag d;
    diag_init(&d);
    rc = compare_execute(&req, stdout, &d);
    if (!rc && !a->given[CLI_QUIET])
        fprintf(stderr, "infnet: wrote %s/comparison.csv\n", req.outdir ? req.outdir : COMPARE_DEFAULT_DIR);
    return rc ? report(&d) : 0;
}

/* Each command's function, by the table's enum. */
typedef int (*command_fn)(struct cli_args *a, int full_argc, char **full_argv);
static const command_fn command_fns[CLI_N_COMMANDS] = {
    [CLI_RUN] = cmd_run,           [CLI_SWEEP] = cmd_sweep,     [CLI_CALIBRATE] = cmd_calibrate,
    [CLI_VALIDATE] = cmd_validate, [CLI_ANALYZE] = cmd_analyze, [CLI_COMPARE] = cmd_compare,
    [CLI_PLOT] = cmd_plot,
};

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    if (ranks_init(&argc, &argv)) {
        fprintf(stderr, "infnet: error: cannot start the MPI process group\n");
        return DIAG_RUNTIME;
    }
    /* Ranks other than 0 run replicas of `run`, `sweep` and `calibrate` and print nothing. */
    if (ranks_rank() != 0 && (argc < 2 || (strcmp(argv[1], "run") != 0 && strcmp(argv[1], "sweep") != 0 &&
                                           strcmp(argv[1], "calibrate") != 0))) {
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
    /* GSL's default handler aborts (a failed gsl_*_alloc among them); every
     * GSL call's status or NULL is checked instead, so that running out of
     * memory is an exit 1 with a message, not SIGABRT. */
    gsl_set_error_handler_off();
    jsonfile_install();

    if (argc < 2) {
        cli_usage_main(stderr);
        return DIAG_INPUT;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        cli_usage_main(stdout);
        return 0;
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf("infnet %s (git %s; igraph %s, %s)\n", INFNET_VERSION, INFNET_GIT_COMMIT, IGRAPH_VERSION,
               IGRAPH_THREAD_SAFE ? "thread-safe" : "NOT thread-safe");
        return 0;
    }
    /* not a command: the texts made from the table, for scripts/cli-docs.sh */
    if (strcmp(name, "--generate-doc") == 0) {
        if (argc != 3 || cli_write_doc(argv[2], stdout) != 0) {
            fprintf(stderr, "infnet: error: --generate-doc needs one of man, readme, completion\n");
            return DIAG_INPUT;
        }
        return 0;
    }
    const struct cli_command *cmd = cli_command_find(name);
    if (!cmd) {
        const char *near = diag_suggest(name, cli_command_names(), CLI_N_COMMANDS);
        if (near)
            fprintf(stderr, "infnet: error: unknown command '%s' (did you mean '%s'?)\n", name, near);
        else
            fprintf(stderr, "infnet: error: unknown command '%s'\n", name);
        fprintf(stderr, "try 'infnet --help'\n");
        return DIAG_INPUT;
    }
    struct cli_args *a = malloc(sizeof *a);
    if (!a) {
        fprintf(stderr, "infnet: error: out of memory reading the command line\n");
        return DIAG_RUNTIME;
    }
    struct diag d;
    diag_init(&d);
    int rc = cli_parse(a, cmd, argc - 1, argv + 1, &d);
    if (rc)
        rc = d.code == DIAG_INPUT ? usage_report(cmd, &d) : report(&d);
    else if (a->given[CLI_HELP])
        cli_usage(cmd, stdout);
    else
        rc = command_fns[cmd->id](a, argc, argv);
    cli_args_destroy(a);
    free(a);
    return rc;
}
