/* tests/sim/test_atomicfile.c - files appear whole under their final name, or not at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/output/atomicfile.h"

static int exists(const char *dir, const char *name)
{
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

static void test_atomicfile_commit_renames(void **state)
{
    (void)state;
    char dir[] = "/tmp/infnet-af-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct atomicfile a;
    struct diag d;
    diag_init(&d);
    assert_int_equal(atomicfile_open(&a, dir, "x.csv", &d), DIAG_OK);
    fputs("a,b\n", a.f);
    assert_true(exists(dir, ".x.csv.tmp"));
    assert_false(exists(dir, "x.csv"));
    assert_int_equal(atomicfile_commit(&a, &d), DIAG_OK);
    assert_true(exists(dir, "x.csv"));
    assert_false(exists(dir, ".x.csv.tmp"));
    /* abort leaves nothing */
    assert_int_equal(atomicfile_open(&a, dir, "y.csv", &d), DIAG_OK);
    fputs("half", a.f);
    atomicfile_abort(&a);
    assert_false(exists(dir, "y.csv"));
    assert_false(exists(dir, ".y.csv.tmp"));
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_atomicfile_errors_name_the_path(void **state)
{
    (void)state;
    struct atomicfile a;
    struct diag d;
    diag_init(&d);
    assert_int_equal(atomicfile_open(&a, "/nonexistent-dir-infnet", "x.csv", &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "/nonexistent-dir-infnet/.x.csv.tmp"));
    assert_int_equal(atomicfile_mkdirs("/dev/null/sub", &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "/dev/null"));
}

static void test_atomicfile_mkdirs_nested(void **state)
{
    (void)state;
    char dir[] = "/tmp/infnet-af-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[256];
    struct diag d;
    snprintf(sub, sizeof sub, "%s/a/b/c", dir);
    assert_int_equal(atomicfile_mkdirs(sub, &d), DIAG_OK);
    assert_int_equal(atomicfile_mkdirs(sub, &d), DIAG_OK);   /* idempotent */
    struct stat st;
    assert_int_equal(stat(sub, &st), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomicfile_commit_renames),
        cmocka_unit_test(test_atomicfile_errors_name_the_path),
        cmocka_unit_test(test_atomicfile_mkdirs_nested),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
