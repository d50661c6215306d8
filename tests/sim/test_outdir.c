/* tests/sim/test_outdir.c - one writer per output directory (sim/output/outdir.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/output/outdir.h"

static void rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A second lock on a held directory is refused naming the holder; once
 * released, the directory can be locked again and no lock file is left. */
static void test_outdir_second_writer_refused(void **state)
{
    (void)state;
    char dir[] = "/tmp/infnet-od-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[600], lockf[700], pid[32];
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    snprintf(lockf, sizeof lockf, "%s/.lock", sub);
    snprintf(pid, sizeof pid, "pid %ld", (long)getpid());
    struct outdir_lock first, second;
    struct diag d;
    diag_init(&d);
    assert_int_equal(outdir_lock(&first, sub, "infnet test", &d), DIAG_OK); /* creates a/b */
    struct stat st;
    assert_int_equal(lstat(lockf, &st), 0);
    assert_int_equal(outdir_lock(&second, sub, "infnet test", &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "being written by another infnet"));
    assert_non_null(strstr(d.msg, pid));
    assert_non_null(strstr(d.msg, "test_outdir")); /* the holder's command line */
    outdir_unlock(&second);                        /* not held: a no-op */
    assert_int_equal(lstat(lockf, &st), 0);
    outdir_unlock(&first);
    assert_int_not_equal(lstat(lockf, &st), 0);
    assert_int_equal(outdir_lock(&second, sub, "infnet test", &d), DIAG_OK);
    outdir_unlock(&second);
    outdir_unlock(&second); /* twice: still a no-op */
    rm_rf(dir);
}

/* A link or a non-file at DIR/.lock is refused, the link not followed. */
static void test_outdir_lock_refuses_links(void **state)
{
    (void)state;
    char dir[] = "/tmp/infnet-od-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char lockf[600], victim[600];
    snprintf(lockf, sizeof lockf, "%s/.lock", dir);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    assert_int_equal(symlink(victim, lockf), 0);
    struct outdir_lock l;
    struct diag d;
    diag_init(&d);
    assert_int_equal(outdir_lock(&l, dir, "infnet test", &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "symbolic link"));
    struct stat st;
    assert_int_not_equal(lstat(victim, &st), 0); /* not created through the link */
    assert_int_equal(unlink(lockf), 0);
    assert_int_equal(mkdir(lockf, 0777), 0);
    assert_int_equal(outdir_lock(&l, dir, "infnet test", &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, lockf));
    rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outdir_second_writer_refused),
        cmocka_unit_test(test_outdir_lock_refuses_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
