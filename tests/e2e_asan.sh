#!/bin/sh
# The suite's sanitizer pass inside make test: every unit test, and the
# command-line tests that walk infnet's error paths (tests/e2e_cli.sh: every
# malformed scenario refused by validate and run; tests/e2e_io.sh: unwritable
# and full disks; tests/e2e_analyze.sh), run against the build under
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer (make
# asan-build, build-asan/). The heavier statistical end-to-end tests are left
# to make asan, which runs the whole suite that way.
# Sanitizer reports go to files (log_path), so a report fails the test even
# where the program was expected to fail anyway (an error path that leaks or
# reads out of bounds still exits 1 or 2, which the tests expect). A unit
# test must pass outright (one that fails only here is reading memory it
# should not); a command-line script must run to its end without a report,
# its own checks being counted by the plain run of the suite.
# Prints TAP lines, one per test program. Run from the repository root.
set -u
. "$(dirname "$0")/tap.sh"
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' "$2" | head -60; }

if [ "${INFNET_SUITE:-}" = asan ]; then
    ok "already running under make asan # SKIP"
    echo "1..$n"
    exit 0
fi
if make --no-print-directory asan-build >"$T/build" 2>&1; then
    ok "make asan-build"
else
    notok "make asan-build" "$T/build"
    echo "1..$n"
    exit 1
fi

mkdir -p "$T/san"
# An exit status of its own for sanitizer findings (tests expect 1 and 2).
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:log_path=$T/san/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$T/san/ubsan"
export INFNET_SUITE=asan
sanitizer_reports() {  # prints and clears what the sanitizers reported
    found=0
    for r in "$T"/san/*; do
        [ -f "$r" ] || continue
        found=1
        sed 's/^/# /' "$r" | head -40
        rm -f "$r"
    done
    return $found
}

for src in tests/models/test_*.c tests/analysis/test_*.c tests/sim/test_*.c; do
    t=$(basename "$src" .c)
    CMOCKA_MESSAGE_OUTPUT=TAP "build-asan/tests/$t" >"$T/log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$T/log")
    f=$(grep -c '^not ok ' "$T/log")
    if sanitizer_reports && [ $rc -eq 0 ] && [ "$f" -eq 0 ]; then
        ok "$t under ASan+UBSan ($p passed)"
    else
        notok "$t under ASan+UBSan (exit $rc, $f failed)" "$T/log"
    fi
done
# The command-line tests' own checks are counted by the suite's plain run;
# here they must run to their end with no sanitizer report (their failures,
# if any, are listed as comments).
for e in e2e_cli.sh e2e_io.sh e2e_analyze.sh; do
    INFNET=build-asan/infnet sh "tests/$e" >"$T/log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$T/log")
    f=$(grep -c '^not ok ' "$T/log")
    if sanitizer_reports && [ $rc -lt 128 ] && grep -q '^1\.\.[0-9]' "$T/log"; then
        ok "$e with infnet under ASan+UBSan: no report in $((p + f)) checks"
        [ "$f" -eq 0 ] || grep '^not ok ' "$T/log" | sed 's/^/# (counted by the plain run) /'
    else
        notok "$e with infnet under ASan+UBSan (exit $rc)" "$T/log"
    fi
done
echo "1..$n"
