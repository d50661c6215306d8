/* tests/fuzz/fuzz_scenario.c - libFuzzer harness for the scenario loader (scenario_load).
 *
 * Each input is a scenario file, possibly carrying the files it extends and
 * --set overrides (format: fuzz_common.h). A load must either succeed, giving
 * a scenario whose parts can all be read, or fail with DIAG_INPUT (bad input)
 * or DIAG_RUNTIME (a file it names cannot be read), with a message; any other
 * outcome, a crash, a leak or a sanitizer report is a bug.
 * Build and run: make fuzz. Includes: tests/fuzz/fuzz_common.h.
 */
#include "fuzz_common.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    fuzz_setup_fixtures();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    int rc = fuzz_load_scenario(data, size, &d);
    if (rc != DIAG_OK && ((rc != DIAG_INPUT && rc != DIAG_RUNTIME) || !d.msg[0]))
        abort(); /* a refusal must say why, with a known code */
    return 0;
}
