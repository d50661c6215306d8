/* tests/sim/test_meta.c - file digests (SHA-256 test vectors of FIPS 180-2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/output/meta.h"

static void digest_of(const char *text, char hex[65])
{
    char path[] = "/tmp/infnet-sha-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct diag d;
    diag_init(&d);
    assert_int_equal(meta_sha256_file(path, hex, &d), DIAG_OK);
    unlink(path);
}

static void test_meta_sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    digest_of("abc", hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_of("", hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_meta_sha256_missing_file(void **state)
{
    (void)state;
    char hex[65];
    struct diag d;
    diag_init(&d);
    assert_int_equal(meta_sha256_file("/no/such/infnet/file", hex, &d), DIAG_RUNTIME);
    assert_non_null(strstr(d.msg, "/no/such/infnet/file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta_sha256_vectors),
        cmocka_unit_test(test_meta_sha256_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
