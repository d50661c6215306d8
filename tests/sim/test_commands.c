/* tests/sim/test_commands.c - the command table: its consistency, option parsing and value checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/commands.h"

/* Parse a NULL-terminated argument list (argv[0] the command's name). */
static int parse(struct cli_args *a, enum cli_cmd id, struct diag *d, ...)
{
    static char *argv[64];
    va_list ap;
    int argc = 0;
    va_start(ap, d);
    for (char *s = va_arg(ap, char *); s && argc < 63; s = va_arg(ap, char *))
        argv[argc++] = s;
    va_end(ap);
    argv[argc] = NULL;
    diag_init(d);
    return cli_parse(a, cli_command_get(id), argc, argv, d);
}

static void test_commands_table_is_consistent(void **state)
{
    (void)state;
    const char *const *names = cli_command_names();
    for (int c = 0; c < CLI_N_COMMANDS; c++) {
        const struct cli_command *cmd = cli_command_get((enum cli_cmd)c);
        assert_non_null(cmd);
        assert_int_equal(cmd->id, c);
        assert_string_equal(names[c], cmd->name);
        assert_ptr_equal(cli_command_find(cmd->name), cmd);
        assert_non_null(cmd->summary);
        assert_non_null(cmd->description);
        assert_non_null(cmd->example);
        assert_non_null(cmd->no_operand);
        assert_true(cmd->max_operands == 0 || cmd->too_many != NULL);
        int help = 0;
        for (int i = 0; cmd->options[i].key != CLI_OPT_NONE; i++) {
            const struct cli_optdef *o = cli_option_def(cmd->options[i].key);
            assert_int_equal(o->key, cmd->options[i].key); /* defined at its own index */
            assert_non_null(o->long_name);
            assert_non_null(cmd->options[i].help);
            assert_true((o->type == CLI_FLAG) == (o->value == NULL));
            help += o->key == CLI_HELP;
            /* names unique within the command */
            for (int j = 0; j < i; j++) {
                const struct cli_optdef *p = cli_option_def(cmd->options[j].key);
                assert_true(strcmp(o->long_name, p->long_name) != 0);
                assert_true(!o->short_name || o->short_name != p->short_name);
            }
        }
        assert_int_equal(help, 1); /* every command has --help */
    }
    assert_null(cli_command_find("swep")); /* not a command */
    assert_ptr_equal(cli_command_find("sweep"), cli_command_get(CLI_SWEEP));
}

/* sweep: one experiment file, --force and --resume exclusive, no --set. */
static void test_commands_parse_sweep(void **state)
{
    (void)state;
    struct cli_args a;
    struct diag d;
    assert_int_equal(
        parse(&a, CLI_SWEEP, &d, "sweep", "e.yaml", "-o", "out/s", "--threads", "2", "--resume", NULL), 0);
    assert_int_equal(a.n_operands, 1);
    assert_string_equal(a.operands[0], "e.yaml");
    assert_int_equal(a.given[CLI_RESUME], 1);
    assert_int_equal(a.num[CLI_THREADS], 2);
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_SWEEP, &d, "sweep", "e.yaml", "f.yaml", NULL), DIAG_INPUT);
    assert_string_equal(d.msg, "give exactly one experiment file");
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_SWEEP, &d, "sweep", NULL), DIAG_INPUT);
    assert_string_equal(d.msg, "no experiment file given");
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_SWEEP, &d, "sweep", "e.yaml", "--set", "a=b", NULL), DIAG_INPUT);
    cli_args_destroy(&a);
}

static void test_commands_parse_run(void **state)
{
    (void)state;
    struct cli_args a;
    struct diag d;
    assert_int_equal(parse(&a, CLI_RUN, &d, "run", "x.yaml", "-n", "5", "--seed", "7", "--set", "a.b=c=d",
                           "-w", "-o", "out/x", "--per-replica", "--limit", "nodes=10", "y.yaml", NULL),
                     0);
    assert_int_equal(a.n_operands, 2);
    assert_string_equal(a.operands[0], "x.yaml");
    assert_string_equal(a.operands[1], "y.yaml");
    assert_int_equal(a.n_sets, 4); /* in the order given */
    assert_string_equal(a.sets[0].key, "monte_carlo.replicas");
    assert_string_equal(a.sets[0].value, "5");
    assert_string_equal(a.sets[1].key, "monte_carlo.seed");
    assert_string_equal(a.sets[1].value, "7");
    assert_string_equal(a.sets[2].key, "a.b");
    assert_string_equal(a.sets[2].value, "c=d");
    assert_string_equal(a.sets[3].key, "outputs.weighted");
    assert_string_equal(a.sets[3].value, "true");
    assert_string_equal(a.text[CLI_OUTPUT], "out/x");
    assert_int_equal(a.given[CLI_PER_REPLICA], 1);
    assert_int_equal(a.limits.max_nodes, 10);
    cli_args_destroy(&a);
}

static void test_commands_refuse_empty_and_null_numbers(void **state)
{
    (void)state;
    static const struct {
        enum cli_cmd cmd;
        const char *opt, *value, *named;
    } bad[] = {
        {CLI_RUN, "--seed", "", "--seed"},
        {CLI_RUN, "--seed", "~", "--seed"},
        {CLI_RUN, "--seed", "null", "--seed"},
        {CLI_RUN, "--seed", "-1", "--seed"},
        {CLI_RUN, "--seed", "+1", "--seed"},
        {CLI_RUN, "--seed", "18446744073709551616", "--seed"},
        {CLI_RUN, "--seed", "18446744073709551615", "--seed"},
        {CLI_RUN, "--seed", "9223372036854775808", "--seed"},
        {CLI_ANALYZE, "--seed", "9223372036854775808", "--seed"},
        {CLI_RUN, "-n", "", "--replicas"},
        {CLI_RUN, "-n", "~", "--replicas"},
        {CLI_RUN, "-n", "0", "--replicas"},
        {CLI_RUN, "-n", "1.5", "--replicas"},
        {CLI_RUN, "--threads", "", "--threads"},
        {CLI_RUN, "--threads", "4097", "--threads"},
        {CLI_COMPARE, "--seed", "", "--seed"},
        {CLI_COMPARE, "-n", "", "--replicas"},
        {CLI_ANALYZE, "--seed", "", "--seed"},
        {CLI_ANALYZE, "--top", "", "--top"},
        {CLI_ANALYZE, "--samples", " 3", "--samples"},
        {CLI_ANALYZE, "-k", "0x3", "--key-players"},
        {CLI_RUN, "--limit", "nodes=", "limit"},
        {CLI_RUN, "--limit", "nodes=~", "limit"},
        {CLI_RUN, "--set", "=1", "--set"},
        {CLI_RUN, "-o", "", "--output"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct cli_args a;
        struct diag d;
        int rc = parse(&a, bad[i].cmd, &d, "cmd", "x", (char *)bad[i].opt, (char *)bad[i].value, NULL);
        if (rc != DIAG_INPUT || !strstr(d.msg, bad[i].named))
            fail_msg("%s %s '%s': rc %d, '%s'", cli_command_get(bad[i].cmd)->name, bad[i].opt, bad[i].value,
                     rc, d.msg);
        assert_int_equal(a.n_sets, 0); /* nothing handed on */
        cli_args_destroy(&a);
    }
    /* the bounds themselves are accepted */
    struct cli_args a;
    struct diag d;
    assert_int_equal(
        parse(&a, CLI_ANALYZE, &d, "analyze", "x", "--seed", "9223372036854775807", "--top", "0", NULL), 0);
    assert_true(a.num[CLI_SEED] == 9223372036854775807ULL);
    assert_int_equal(a.num[CLI_TOP], 0);
    cli_args_destroy(&a);
}

/* -n's upper end is the replicas limit, wherever --limit is on the line, and
 * an override made by an option carries the option's name for its errors. */
static void test_commands_replicas_bound_by_limit(void **state)
{
    (void)state;
    struct cli_args a;
    struct diag d;
    assert_int_equal(parse(&a, CLI_RUN, &d, "run", "-n", "100000001", "x", NULL), DIAG_INPUT);
    assert_string_equal(d.msg,
                        "-n/--replicas needs an integer from 1 to 100000000 (the replicas limit; --limit "
                        "replicas=N changes it), got '100000001'");
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_COMPARE, &d, "compare", "--limit", "replicas=5", "x", "-n", "6", NULL),
                     DIAG_INPUT);
    assert_string_equal(d.msg, "-n/--replicas needs an integer from 1 to 5 (the replicas limit; --limit "
                               "replicas=N changes it), got '6'");
    cli_args_destroy(&a);
    assert_int_equal(
        parse(&a, CLI_RUN, &d, "run", "-n", "200000000", "x", "--limit", "replicas=200000000", NULL), 0);
    assert_true(a.num[CLI_REPLICAS] == 200000000ULL);
    assert_int_equal(a.n_sets, 1);
    assert_string_equal(a.sets[0].key, "monte_carlo.replicas");
    assert_string_equal(a.sets[0].value, "200000000");
    assert_string_equal(a.sets[0].option, "-n/--replicas");
    cli_args_destroy(&a);
    assert_int_equal(
        parse(&a, CLI_RUN, &d, "run", "--seed", "9223372036854775807", "--set", "k=v", "-w", "x", NULL), 0);
    assert_int_equal(a.n_sets, 3);
    assert_string_equal(a.sets[0].option, "--seed");
    assert_null(a.sets[1].option);
    assert_string_equal(a.sets[2].option, "-w/--weights");
    cli_args_destroy(&a);
}

static void test_commands_operands_help_and_unknown(void **state)
{
    (void)state;
    struct cli_args a;
    struct diag d;
    assert_int_equal(parse(&a, CLI_RUN, &d, "run", NULL), DIAG_INPUT);
    assert_string_equal(d.msg, "no scenario file given");
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_ANALYZE, &d, "analyze", "a", "b", NULL), DIAG_INPUT);
    assert_string_equal(d.msg, "give exactly one network file");
    cli_args_destroy(&a);
    /* --help stops parsing: no operand needed, later errors not reached */
    assert_int_equal(parse(&a, CLI_PLOT, &d, "plot", "--help", "--bogus", NULL), 0);
    assert_int_equal(a.given[CLI_HELP], 1);
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_RUN, &d, "run", "x", "--seedd", "3", NULL), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "did you mean '--seed'"));
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_RUN, &d, "run", "x", "--seed", NULL), DIAG_INPUT);
    assert_string_equal(d.msg, "option '--seed' needs a value");
    cli_args_destroy(&a);
    /* an option of another command */
    assert_int_equal(parse(&a, CLI_VALIDATE, &d, "validate", "x", "--resume", NULL), DIAG_INPUT);
    cli_args_destroy(&a);
    /* the table's alternatives exclude each other, in every command that has them */
    assert_int_equal(parse(&a, CLI_RUN, &d, "run", "x", "--resume", "--force", NULL), DIAG_INPUT);
    assert_string_equal(d.msg, "--force and --resume exclude each other");
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_COMPARE, &d, "compare", "a", "b", "--force", "--resume", NULL),
                     DIAG_INPUT);
    assert_string_equal(d.msg, "--force and --resume exclude each other");
    cli_args_destroy(&a);
    assert_int_equal(parse(&a, CLI_RUN, &d, "run", "x", "--resume", NULL), 0);
    cli_args_destroy(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands_table_is_consistent),
        cmocka_unit_test(test_commands_parse_run),
        cmocka_unit_test(test_commands_parse_sweep),
        cmocka_unit_test(test_commands_refuse_empty_and_null_numbers),
        cmocka_unit_test(test_commands_replicas_bound_by_limit),
        cmocka_unit_test(test_commands_operands_help_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
