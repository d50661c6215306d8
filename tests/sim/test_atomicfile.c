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
    assert_int_equal(atomicfile_mkdirs(sub, &d), DIAG_OK); /* idempotent */
    struct stat st;
    assert_int_equal(stat(sub, &st), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A link planted at the temporary name is replaced, never followed: the
 * file it points to keeps its bytes, and the output lands in the directory. */
static void test_atomicfile_open_never_follows_a_link(void **state)
{
    (void)state;
    char dir[] = "/tmp/infnet-af-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char victim[600], tmp[600], path[600];
    snprintf(victim, sizeof victim, "%s/victim", dir);
    snprintf(tmp, sizeof tmp, "%s/.x.csv.tmp", dir);
    snprintf(path, sizeof path, "%s/x.csv", dir);
    FILE *v = fopen(victim, "w");
    assert_non_null(v);
    fputs("precious", v);
    fclose(v);
    assert_int_equal(symlink(victim, tmp), 0);
    struct atomicfile a;
    struct diag d;
    diag_init(&d);
    assert_int_equal(atomicfile_open(&a, dir, "x.csv", &d), DIAG_OK);
    fputs("a,b\n", a.f);
    assert_int_equal(atomicfile_commit(&a, &d), DIAG_OK);
    assert_string_equal(slurp(victim), "precious");
    assert_string_equal(slurp(path), "a,b\n");
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    /* a dangling link too: the open must not create its target */
    char ghost[600];
    snprintf(ghost, sizeof ghost, "%s/ghost", dir);
    assert_int_equal(symlink(ghost, tmp), 0);
    assert_int_equal(atomicfile_open(&a, dir, "y.csv", &d), DIAG_OK);
    atomicfile_abort(&a);
    assert_int_not_equal(lstat(ghost, &st), 0);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* Resuming appends to the temporary file: a link or a hard link there is
 * refused, and the file it names keeps its bytes. */
static void test_atomicfile_resume_refuses_links(void **state)
{
    (void)state;
    char dir[] = "/tmp/infnet-af-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char victim[600], tmp[600], path[600];
    snprintf(victim, sizeof victim, "%s/victim", dir);
    snprintf(tmp, sizeof tmp, "%s/.x.csv.tmp", dir);
    snprintf(path, sizeof path, "%s/x.csv", dir);
    FILE *v = fopen(victim, "w");
    assert_non_null(v);
    fputs("precious bytes", v);
    fclose(v);
    struct atomicfile a;
    struct diag d;
    diag_init(&d);
    assert_int_equal(symlink(victim, tmp), 0);
    assert_int_equal(atomicfile_resume(&a, dir, "x.csv", 4, &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "symbolic link"));
    assert_string_equal(slurp(victim), "precious bytes");
    assert_int_equal(unlink(tmp), 0);
    assert_int_equal(link(victim, tmp), 0);
    assert_int_equal(atomicfile_resume(&a, dir, "x.csv", 4, &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "hard link"));
    assert_string_equal(slurp(victim), "precious bytes");
    assert_int_equal(unlink(tmp), 0);
    /* the final name as a link: not copied from */
    assert_int_equal(symlink(victim, path), 0);
    assert_int_not_equal(atomicfile_resume(&a, dir, "x.csv", 4, &d), DIAG_OK);
    assert_string_equal(slurp(victim), "precious bytes");
    assert_int_equal(unlink(path), 0);
    /* an ordinary temporary file resumes, cut to the recorded length */
    v = fopen(tmp, "w");
    assert_non_null(v);
    fputs("abcdefgh", v);
    fclose(v);
    assert_int_equal(atomicfile_resume(&a, dir, "x.csv", 4, &d), DIAG_OK);
    fputs("XY", a.f);
    assert_int_equal(atomicfile_commit(&a, &d), DIAG_OK);
    assert_string_equal(slurp(path), "abcdXY");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_atomicfile_pathf_never_truncates(void **state)
{
    (void)state;
    char long_name[5000];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    char *p = atomicfile_pathf("%s/%s", "dir", long_name);
    assert_non_null(p);
    assert_int_equal(strlen(p), 4 + sizeof long_name - 1);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomicfile_commit_renames),
        cmocka_unit_test(test_atomicfile_errors_name_the_path),
        cmocka_unit_test(test_atomicfile_mkdirs_nested),
        cmocka_unit_test(test_atomicfile_open_never_follows_a_link),
        cmocka_unit_test(test_atomicfile_resume_refuses_links),
        cmocka_unit_test(test_atomicfile_pathf_never_truncates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
