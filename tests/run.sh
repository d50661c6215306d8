#!/bin/sh
# Runs the whole suite: every unit-test binary (cmocka, TAP output) and the
# end-to-end command-line tests, then prints "N passed, N failed, N skipped".
# A TAP line "ok ... # SKIP reason" is a skip, not a pass.
# Environment: TESTBIN (folder of test binaries), INFNET (the binary),
# MPIBIN (the MPI binary; default TESTBIN/../infnet-mpi, empty for none).
# Arguments, if any, name the tests to run (test_stats, e2e_plot.sh, or a
# path to either); without them every test runs.
# Run from the repository root.
set -u
TESTBIN=${TESTBIN:-build/tests}
INFNET=${INFNET:-build/infnet}
export INFNET
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

selected() {  # $1 = a test's name; the arguments select
    [ -z "$ONLY" ] && return 0
    for o in $ONLY; do
        [ "$(basename "$o")" = "$1" ] && return 0
    done
    return 1
}
ONLY="$*"

count() {  # $1 = name, $2 = exit code; TAP lines in $log
    # TAP directives are case-insensitive: "# SKIP", "# skip", "# Skipped"
    s=$(grep -ciE '^ok .*# *skip' "$log")
    p=$(($(grep -c '^ok ' "$log") - s))
    f=$(grep -c '^not ok ' "$log")
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1   # crashed or failed outside a test case
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    sk=
    [ "$s" -ne 0 ] && sk=", $s skipped"
    if [ "$f" -ne 0 ]; then
        echo "FAIL $1 ($p passed, $f failed$sk):"
        sed 's/^/    /' "$log"
    else
        echo "ok   $1 ($p passed$sk)"
        [ "$s" -ne 0 ] && grep -iE '^ok .*# *skip' "$log" | sed 's/^/    /'
    fi
}

for t in "$TESTBIN"/test_*; do
    [ -x "$t" ] || continue
    selected "$(basename "$t")" || continue
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$log" 2>&1
    count "$(basename "$t")" $?
done
for t in tests/e2e_*.sh; do
    [ -f "$t" ] || continue
    selected "$(basename "$t")" || continue
    MPIBIN=${MPIBIN-$TESTBIN/../infnet-mpi} sh "$t" >"$log" 2>&1
    count "$(basename "$t")" $?
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
