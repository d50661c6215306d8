/* tests/sim/test_fuzz_regressions.c - inputs that once broke the scenario loader, loaded again.
 *
 * Every input the fuzzers (tests/fuzz/, make fuzz) found to crash, leak or
 * hang the loader is kept in tests/fuzz/regressions/scenario/ (a scenario
 * input, fuzz_common.h) or tests/fuzz/regressions/import/ (a network file
 * whose first byte chooses the format: even GraphML, odd CSV) and loaded here
 * exactly as the harness loads it (tests/fuzz/fuzz_common.c). Each must load or
 * be refused as bad input (DIAG_OK or DIAG_INPUT with a message); run under
 * ASan and UBSan by make asan, anything else they did shows up there too.
 * Inputs found by other means (review) go there as well, with a test below
 * when their refusal has a definite message.
 * Run from the repository root.
 */
/* The harnesses' scratch directory and limits, compiled into this test
 * because the suite builds each test from one source file. */
#include "tests/fuzz/fuzz_common.c"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define REGRESSIONS "tests/fuzz/regressions/"

/* Longest regression input: libFuzzer's inputs here stay below it. */
#define REGRESSION_MAX_BYTES (1L << 20)

/* The bytes of file path (at most REGRESSION_MAX_BYTES); *size set. Fails the test when unreadable. */
static uint8_t *read_input(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = malloc(REGRESSION_MAX_BYTES);
    if (!f || !buf)
        fail_msg("cannot read %s", path);
    *size = fread(buf, 1, REGRESSION_MAX_BYTES, f);
    fclose(f);
    return buf;
}

/* Load file path as a scenario input (import = 0) or a network input
 * (import = 1), as the harnesses do; returns the code, d filled. */
static int load_input(const char *path, int import, struct diag *d)
{
    size_t size;
    uint8_t *data = read_input(path, &size);
    int rc = import ? fuzz_load_network(data, size, d) : fuzz_load_scenario(data, size, d);
    free(data);
    return rc;
}

/* Load every input of folder REGRESSIONS/sub; returns how many. */
static int load_all(const char *sub, int import)
{
    char dir[FUZZ_PATH_MAX], path[2 * FUZZ_PATH_MAX];
    struct dirent *e;
    struct diag d;
    int count = 0;
    snprintf(dir, sizeof dir, REGRESSIONS "%s", sub);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        int rc = load_input(path, import, &d);
        if (rc != DIAG_OK && rc != DIAG_INPUT)
            fail_msg("%s: code %d: %s", path, rc, d.msg);
        if (rc == DIAG_INPUT && !d.msg[0])
            fail_msg("%s: refused without a message", path);
        count++;
    }
    closedir(dp);
    return count;
}

static void test_fuzz_regressions_scenario(void **state)
{
    (void)state;
    assert_true(load_all("scenario", 0) >= 2);
}

static void test_fuzz_regressions_import(void **state)
{
    (void)state;
    assert_true(load_all("import", 1) >= 2);
}

/* An import from a device is refused on opening, without reading from it:
 * /dev/zero used to be read without end (and later up to --limit
 * file-bytes, which took seconds under the sanitizers). The message points
 * at the import key (line 4, column 11 of the file, after the comment line). */
static void test_fuzz_regressions_device_import(void **state)
{
    (void)state;
    static const char *const names[] = {"import_dev_zero_csv.yaml", "import_dev_zero_graphml.yaml"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[FUZZ_PATH_MAX];
        struct diag d;
        snprintf(path, sizeof path, REGRESSIONS "scenario/%s", names[i]);
        assert_int_equal(load_input(path, 0, &d), DIAG_INPUT);
        assert_int_equal(d.line, 4);
        assert_int_equal(d.col, 11);
        if (!strstr(d.msg, "cannot import '/dev/zero': it is a device, not a regular file"))
            fail_msg("%s: %s", names[i], d.msg);
    }
}

/* An empty GraphML file is refused as such (it is read into memory first). */
static void test_fuzz_regressions_empty_graphml(void **state)
{
    (void)state;
    struct diag d;
    assert_int_equal(load_input(REGRESSIONS "import/empty_graphml", 1, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "not valid GraphML: the file is empty"));
    /* and an empty CSV lacks its header */
    assert_int_equal(load_input(REGRESSIONS "import/empty_csv", 1, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "the file is empty"));
}

/* The scenario input format carries extends chains and --set overrides:
 * a child extending a parent given in the input loads; an override with a
 * misspelt key is refused with the loader's suggestion, located in --set. */
static void test_fuzz_regressions_input_format(void **state)
{
    (void)state;
    static const char chain[] = "name: child\nextends: parent.yaml\n"
                                "#@file parent.yaml\n"
                                "name: parent\ntime: {steps: 3}\n"
                                "network:\n  nodes:\n    - {id: a, kind: faction}\n";
    static const char set[] = "name: child\nextends: parent.yaml\n"
                              "#@file parent.yaml\n"
                              "name: parent\ntime: {steps: 3}\n"
                              "network:\n  nodes:\n    - {id: a, kind: faction}\n"
                              "#@set\nmonte_carlo.replica=5\n";
    static const char orphan[] = "name: child\nextends: parent.yaml\n";
    struct diag d;
    assert_int_equal(fuzz_load_scenario((const uint8_t *)chain, sizeof chain - 1, &d), DIAG_OK);
    assert_int_equal(fuzz_load_scenario((const uint8_t *)set, sizeof set - 1, &d), DIAG_INPUT);
    assert_string_equal(d.file, "--set");
    assert_non_null(strstr(d.msg, "did you mean 'replicas'"));
    /* the parent of an earlier input is gone: every input stands alone */
    assert_int_equal(fuzz_load_scenario((const uint8_t *)orphan, sizeof orphan - 1, &d), DIAG_INPUT);
    assert_non_null(strstr(d.msg, "cannot read extends file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_regressions_scenario),
        cmocka_unit_test(test_fuzz_regressions_import),
        cmocka_unit_test(test_fuzz_regressions_device_import),
        cmocka_unit_test(test_fuzz_regressions_empty_graphml),
        cmocka_unit_test(test_fuzz_regressions_input_format),
    };
    fuzz_setup();
    fuzz_setup_fixtures();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
