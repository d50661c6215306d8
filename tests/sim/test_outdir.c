/* tests/sim/test_outdir.c - one writer per output directory, and --force's clearing (sim/output/outdir.h). */
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

static void touch(const char *dir, const char *name)
{
    char path[1600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("x\n", f);
    assert_int_equal(fclose(f), 0);
}

static int exists(const char *dir, const char *name)
{
    char path[1600];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return lstat(path, &st) == 0;
}

/* outdir_clear removes infnet's names except those kept, links themselves
 * (not their targets), and an emptied plots/; it leaves other names, a
 * directory under an owned name, and a subdirectory with a user's file. */
static void test_outdir_clear(void **state)
{
    (void)state;
    char dir[] = "/tmp/infnet-od-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[700], victim[700];
    snprintf(path, sizeof path, "%s/snapshots", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s/plots", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s/meta.json", dir); /* not a file: not infnet's */
    assert_int_equal(mkdir(path, 0777), 0);
    const char *files[] = {"summary.csv",
                           "comparison.csv",
                           ".final.csv.tmp",
                           "notes.txt",
                           "snapshots/a_step0.graphml",
                           "snapshots/b_step1.graphml",
                           "snapshots/readme.txt",
                           "plots/x.svg",
                           "plots/x.gp",
                           "victim"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        touch(dir, files[i]);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    snprintf(path, sizeof path, "%s/graph.csv", dir);
    assert_int_equal(symlink(victim, path), 0);
    snprintf(path, sizeof path, "%s/snapshots/c_step2.graphml", dir);
    assert_int_equal(symlink(victim, path), 0);
    const char *const keep[] = {"summary.csv", "snapshots/a_step0.graphml", "snap/b_step1.graphml"};
    struct diag d;
    diag_init(&d);
    assert_int_equal(outdir_clear(dir, keep, 3, &d), DIAG_OK);
    assert_true(exists(dir, "summary.csv"));
    assert_true(exists(dir, "notes.txt"));
    assert_true(exists(dir, "meta.json"));
    assert_true(exists(dir, "victim"));
    assert_true(exists(dir, "snapshots/a_step0.graphml"));
    assert_true(exists(dir, "snapshots/readme.txt"));
    assert_false(exists(dir, "comparison.csv"));
    assert_false(exists(dir, ".final.csv.tmp"));
    assert_false(exists(dir, "graph.csv"));
    assert_false(exists(dir, "snapshots/b_step1.graphml"));
    assert_false(exists(dir, "snapshots/c_step2.graphml"));
    assert_false(exists(dir, "plots"));
    /* nothing kept and nothing of the user's: snapshots/ goes too */
    snprintf(path, sizeof path, "%s/snapshots/readme.txt", dir);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(outdir_clear(dir, NULL, 0, &d), DIAG_OK);
    assert_false(exists(dir, "snapshots"));
    assert_false(exists(dir, "summary.csv"));
    assert_true(exists(dir, "notes.txt"));
    /* a plots/ that is a link is not entered */
    char other[700];
    snprintf(other, sizeof other, "%s/other", dir);
    assert_int_equal(mkdir(other, 0777), 0);
    touch(other, "y.svg");
    snprintf(path, sizeof path, "%s/plots", dir);
    assert_int_equal(symlink(other, path), 0);
    assert_int_equal(outdir_clear(dir, NULL, 0, &d), DIAG_OK);
    assert_true(exists(dir, "plots"));
    assert_true(exists(other, "y.svg"));
    assert_true(outdir_is_plot_file("metric_x.dat") && !outdir_is_plot_file("notes.txt"));
    rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outdir_second_writer_refused),
        cmocka_unit_test(test_outdir_lock_refuses_links),
        cmocka_unit_test(test_outdir_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
