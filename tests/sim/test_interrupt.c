/* tests/sim/test_interrupt.c - the stop flag's signal handlers: the first
 * SIGINT or SIGTERM sets the flag, a later one (while the stop completes the
 * outputs) leaves the process alive and says it is already stopping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/util/interrupt.h"

#define AGAIN                                                                                                \
    "infnet: already stopping: completing its files (Ctrl-\\ quits at once, "                                \
    "but leaves temporary files)\n"

/* What the handlers write to stderr while fn runs, into out[n]. */
static void capture_stderr(void (*fn)(void), char *out, size_t n)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fds[1], STDERR_FILENO) >= 0);
    close(fds[1]);
    fn();
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    ssize_t got = read(fds[0], out, n - 1);
    close(fds[0]);
    out[got > 0 ? got : 0] = '\0';
}

static void first_signal(void)
{
    assert_int_equal(raise(SIGINT), 0);
}

static void later_signals(void)
{
    assert_int_equal(raise(SIGINT), 0);
    assert_int_equal(raise(SIGTERM), 0);
    assert_int_equal(raise(SIGINT), 0);
}

static void test_interrupt_second_signal_is_reported_not_fatal(void **state)
{
    (void)state;
    char out[1024];
    interrupt_install();
    const volatile sig_atomic_t *flag = interrupt_flag();
    assert_int_equal(*flag, 0);
    capture_stderr(first_signal, out, sizeof out);
    assert_int_equal(*flag, 1);
    assert_string_equal(out, ""); /* the first one only asks for the stop */
    /* the handlers stay installed (no reset to the default, fatal, action):
     * still alive here, each later signal said once */
    capture_stderr(later_signals, out, sizeof out);
    assert_int_equal(*flag, 1);
    assert_string_equal(out, AGAIN AGAIN AGAIN);
    struct sigaction sa;
    assert_int_equal(sigaction(SIGINT, NULL, &sa), 0);
    assert_true(sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
    assert_int_equal(sigaction(SIGTERM, NULL, &sa), 0);
    assert_true(sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interrupt_second_signal_is_reported_not_fatal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
