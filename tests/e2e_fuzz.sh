#!/bin/sh
# A short fuzzing session as part of the suite: the libFuzzer harnesses of
# the scenario loader and of network import (tests/fuzz/) are built with
# clang under ASan and UBSan (make fuzz-build) and each runs for
# FUZZ_SECONDS (default 20) from the corpus in build/fuzz/corpus/ (seeded
# from the scenarios and fixtures, kept between sessions). A crash, leak,
# timeout or out-of-memory fails the test; the input that caused it is in
# build/fuzz/crashes/ (make it a regression: tests/fuzz/regressions/).
# A session shares the machine with whatever else runs: the per-input
# timeout (FUZZ_TIMEOUT, tests/fuzz/run.sh) is wall-clock time scaled for two
# busy cores under ASan, and no seed is slow by design.
# Longer sessions: make fuzz FUZZ_SECONDS=600. Skipped without clang (or
# under make asan, whose suite this one has already been part of).
# Prints TAP lines. Run from the repository root.
set -u
. "$(dirname "$0")/tap.sh"
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' "$2" | tail -40; }
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
FUZZ_CC=${FUZZ_CC:-clang}

if [ "${INFNET_SUITE:-}" = asan ]; then
    ok "fuzzing is part of make test, not of make asan # SKIP"
    echo "1..$n"
    exit 0
fi
if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
    ok "no $FUZZ_CC: fuzzing not run # SKIP"
    echo "1..$n"
    exit 0
fi
if make --no-print-directory fuzz-build FUZZ_CC="$FUZZ_CC" >"$T/build" 2>&1; then
    ok "make fuzz-build"
else
    notok "make fuzz-build" "$T/build"
    echo "1..$n"
    exit 1
fi
for h in scenario import; do
    if tests/fuzz/run.sh build-fuzz/fuzz build/fuzz "$FUZZ_SECONDS" "$h" >"$T/$h" 2>&1; then
        sed 's/^/# /' "$T/$h"
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/$h")
        ok "fuzz_$h: ${FUZZ_SECONDS}s, ${runs:-?} inputs, no crash, leak or timeout"
    else
        notok "fuzz_$h: ${FUZZ_SECONDS}s without a crash, leak or timeout (input in build/fuzz/crashes/)" "$T/$h"
    fi
done
echo "1..$n"
