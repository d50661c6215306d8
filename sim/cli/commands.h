/* sim/cli/commands.h - the command table: every command of infnet, its operands, options and help.
 *
 * One source of truth for the command line. From the table come the
 * getopt_long arrays and the option parsing (cli_parse), the --help texts
 * (cli_usage, cli_usage_main), the dispatch in main (by enum cli_cmd), and
 * the texts kept beside the code: the man page's SYNOPSIS, the README's
 * command block and the bash completion (cli_write_doc; scripts/cli-docs.sh
 * splices them into docs/infnet.1, README.md and sim/cli/completion.bash, and
 * tests/e2e_terminal.sh fails when those files differ from the table).
 *
 * An option is defined once (enum cli_opt, its names, value and how the
 * value is checked); a command lists the options it takes with its own help
 * text, and may give one as a --set override of the scenario
 * (run -n N is --set monte_carlo.replicas=N). Values are checked here, before
 * any file is read: an empty, null or non-numeric value of a numeric option is
 * refused naming the option, never handed on to be replaced by a default.
 * Layer: sim/cli (uses sim/load for --set and --limit, sim/util for diag).
 */
#ifndef INFNET_SIM_CLI_COMMANDS_H
#define INFNET_SIM_CLI_COMMANDS_H

#include <stdio.h>

#include "sim/load/scenario.h"
#include "sim/util/diag.h"

/* The commands, in the order --help lists them. */
enum cli_cmd {
    CLI_RUN,
    CLI_SWEEP,
    CLI_CALIBRATE,
    CLI_VALIDATE,
    CLI_ANALYZE,
    CLI_COMPARE,
    CLI_PLOT,
    CLI_N_COMMANDS
};

/* Every option any command takes. */
enum cli_opt {
    CLI_OPT_NONE, /* ends a command's option list */
    CLI_OUTPUT,
    CLI_REPLICAS,
    CLI_SEED,
    CLI_THREADS,
    CLI_SET,
    CLI_PER_REPLICA,
    CLI_WEIGHTS,
    CLI_FORCE,
    CLI_RESUME,
    CLI_LIMIT,
    CLI_QUIET,
    CLI_LIST_PRESSURES,
    CLI_ASSUMPTIONS,
    CLI_KEY_PLAYERS,
    CLI_EXACT_LIMIT,
    CLI_SAMPLES,
    CLI_TOP,
    CLI_TIMINGS,
    CLI_REFERENCE,
    CLI_NO_PNG,
    CLI_NO_SVG,
    CLI_SCENARIO,
    CLI_OBSERVATIONS,
    CLI_POSTERIOR,
    CLI_IMPACT,
    CLI_IMPACT_BY,
    CLI_KPP_DISTANCE,
    CLI_FORMAT,
    CLI_WEIGHTS_AS,
    CLI_DEFAULT_KIND,
    CLI_NODES,
    CLI_PAIRED,
    CLI_UNPAIRED,
    CLI_HELP,
    CLI_N_OPTS
};

/* How an option's value is checked and kept. */
enum cli_type {
    CLI_FLAG,     /* no value */
    CLI_TEXT,     /* any non-empty text */
    CLI_COUNT,    /* a decimal integer in [lo, hi] (hi 0: no upper bound here) */
    CLI_SEEDVAL,  /* a decimal integer in [0, 2^63-1] (meta.json's integers are signed 64-bit) */
    CLI_KEYVALUE, /* KEY=VALUE, a --set override */
    CLI_LIMITVAL  /* NAME=N, a safety limit (scenario_limits_set) */
};

/* Option flags. */
enum {
    CLI_REPEAT = 1,         /* may be given more than once, each counts ([--set KEY=VALUE]...) */
    CLI_ALTERNATIVE = 2,    /* in a command: excludes the option before it ([--force | --resume]) */
    CLI_DIR_VALUE = 4,      /* its value is a directory (the completion offers directories) */
    CLI_SHORT_SYNOPSIS = 8, /* the synopsis shows the short name (-o DIR), else the long one */
    CLI_OPTIONAL_VALUE = 16 /* CLI_COUNT whose value may be left out (--impact, --impact 5, --impact=5):
                               num is then 0; value names it in brackets ("[K]") */
};

struct cli_optdef {
    enum cli_opt key;
    char short_name;       /* 0: none */
    const char *long_name; /* without the dashes */
    const char *value;     /* the value's name in help texts; NULL for a flag */
    enum cli_type type;
    long long lo, hi; /* CLI_COUNT */
    /* CLI_COUNT: the safety limit (--limit NAME=N) that bounds the value
     * above, checked once every option is read; NULL: none */
    const char *hi_limit;
    unsigned flags;
};

/* An option as one command takes it. */
struct cli_use {
    enum cli_opt key;
    const char *help;
    const char *set_key; /* given as --set set_key=VALUE (a flag: set_key=true); NULL: kept */
    unsigned flags;      /* CLI_ALTERNATIVE */
};

struct cli_command {
    enum cli_cmd id;
    const char *name;
    const char *operands;           /* as the synopsis shows them: "A B [C...]" */
    const char *summary;            /* one line for infnet --help */
    const char *description;        /* a paragraph for infnet COMMAND --help (wrapped when printed) */
    const char *example;            /* one command line */
    int min_operands, max_operands; /* max 0: no bound */
    const char *no_operand;         /* the message when fewer than min_operands are given */
    const char *too_many;           /* ... when more than max_operands */
    const char *operand_files;      /* the completion's file extensions (yaml|yml); NULL: directories only */
    const struct cli_use *options;  /* ends with CLI_OPT_NONE */
};

/* Upper bound on --set overrides (with -n, --seed, -w) in one command. */
#define CLI_MAX_SETS 256

/* A command line parsed against a command's table. */
struct cli_args {
    const struct cli_command *cmd;
    int given[CLI_N_OPTS];              /* times each option was given */
    const char *text[CLI_N_OPTS];       /* the last value of each */
    unsigned long long num[CLI_N_OPTS]; /* CLI_COUNT and CLI_SEED values */
    struct scenario_set sets[CLI_MAX_SETS];
    char *
        owned[CLI_MAX_SETS]; /* split copies of KEY=VALUE arguments, names of the options behind the others */
    int n_sets;
    struct scenario_limits limits;
    char **operands;
    int n_operands;
};

/* The command named name, or NULL. */
const struct cli_command *cli_command_find(const char *name);
const struct cli_command *cli_command_get(enum cli_cmd id);
/* The definition of option key. */
const struct cli_optdef *cli_option_def(enum cli_opt key);
/* The names of the commands (for suggestions), n = CLI_N_COMMANDS. */
const char *const *cli_command_names(void);

/* Parse argv (argv[0] is the command's name) against cmd. Returns 0 with a
 * filled (a destroyed with cli_args_destroy in every case), or DIAG_INPUT
 * with d's message naming the option or operand at fault, or DIAG_RUNTIME
 * when memory ran out. When --help is given, parsing stops there and
 * a->given[CLI_HELP] is set (operands are not checked). getopt_long's state
 * (optind) is reset; not reentrant. */
int cli_parse(struct cli_args *a, const struct cli_command *cmd, int argc, char **argv, struct diag *d);
void cli_args_destroy(struct cli_args *a);

/* Help texts. */
void cli_usage_main(FILE *f);
void cli_usage(const struct cli_command *cmd, FILE *f);

/* The texts generated from the table (scripts/cli-docs.sh): "man" (the
 * man page's SYNOPSIS lines), "readme" (README.md's command block) and
 * "completion" (the bash completion script). Returns -1 for another name. */
int cli_write_doc(const char *what, FILE *f);

#endif
