/* tests/fuzz/fuzz_import.c - libFuzzer harness for network import (scenario_load_network).
 *
 * The first byte of an input chooses the format (even: GraphML, odd:
 * edge-list CSV); the rest is the file (fuzz_common.h). The outcome must be a
 * scenario whose parts can all be read, or DIAG_INPUT / DIAG_RUNTIME with a
 * message; anything else (another code, a crash, a leak, a sanitizer report)
 * is a bug. Build and run: make fuzz. Includes: tests/fuzz/fuzz_common.h.
 */
#include "fuzz_common.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    int rc = fuzz_load_network(data, size, &d);
    if (rc != DIAG_OK && ((rc != DIAG_INPUT && rc != DIAG_RUNTIME) || !d.msg[0]))
        abort(); /* a refusal must say why, with a known code */
    return 0;
}
