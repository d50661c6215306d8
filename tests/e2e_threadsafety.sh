#!/bin/sh
# An infnet linked with an igraph built without thread-local storage (the
# distribution's own, where it is not thread-safe) must refuse to run with
# more than one thread, and still run with one. Builds that variant into
# build-notls/. Skipped (reported as passed with a note) when the system has
# no igraph or its igraph is already thread-safe. Prints TAP lines.
set -u
. "$(dirname "$0")/tap.sh"
notok() { n=$((n + 1)); echo "not ok $n - $1"; }

if ! pkg-config --exists igraph 2>/dev/null; then
    ok "no system igraph: nothing to check # SKIP"
    echo "1..$n"
    exit 0
fi
inc=$(pkg-config --variable=includedir igraph)/igraph
if grep -qs 'define IGRAPH_THREAD_SAFE 1' "$inc/igraph_threading.h"; then
    ok "the system igraph is thread-safe: nothing to check # SKIP"
    echo "1..$n"
    exit 0
fi
if ! make --no-print-directory BUILD=build-notls IGRAPH_CFLAGS="$(pkg-config --cflags igraph)" \
        IGRAPH_LIBS="$(pkg-config --libs igraph)" build-notls/infnet >"$T/build" 2>&1; then
    notok "build against the system igraph"
    sed 's/^/# /' "$T/build" | tail -20
    echo "1..$n"
    exit 1
fi
bin=build-notls/infnet
"$bin" --version | grep -q 'NOT thread-safe' && ok "--version says the igraph is not thread-safe" \
    || notok "--version says the igraph is not thread-safe"
"$bin" run scenarios/examples/broker.yaml -n 4 --threads 2 -o "$T/o2" --quiet >"$T/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q 'thread-local storage' "$T/out" && [ ! -e "$T/o2/summary.csv" ]; then
    ok "refuses --threads 2 with a non-thread-safe igraph (exit 2, reason given, nothing written)"
else
    notok "refuses --threads 2 with a non-thread-safe igraph (exit $rc)"
    sed 's/^/# /' "$T/out"
fi
if "$bin" run scenarios/examples/broker.yaml -n 4 --threads 1 -o "$T/o1" --quiet >"$T/out" 2>&1 &&
    build/infnet run scenarios/examples/broker.yaml -n 4 --threads 2 -o "$T/ts" --quiet >/dev/null 2>&1 &&
    cmp -s "$T/o1/summary.csv" "$T/ts/summary.csv"; then
    ok "runs with --threads 1 and gives the thread-safe build's bytes"
else
    notok "runs with --threads 1 and gives the thread-safe build's bytes"
    sed 's/^/# /' "$T/out"
fi
"$bin" run scenarios/examples/broker.yaml -n 4 -o "$T/od" --quiet >"$T/out" 2>&1 && ok "defaults to one thread" \
    || { notok "defaults to one thread"; sed 's/^/# /' "$T/out"; }
"$bin" analyze tests/fixtures/florentine.csv --threads 2 -o "$T/a2" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q 'thread-local storage' "$T/out" && ok "analyze refuses --threads 2 as well (exit 2)" \
    || { notok "analyze refuses --threads 2 as well (exit $rc)"; sed 's/^/# /' "$T/out"; }
# the two igraph builds are compiled differently: the same values to rounding
if "$bin" analyze tests/fixtures/florentine.csv -o "$T/a1" >"$T/out" 2>&1 &&
    build/infnet analyze tests/fixtures/florentine.csv --threads 2 -o "$T/ats" >/dev/null 2>&1 &&
    paste -d, "$T/a1/nodes.csv" "$T/ats/nodes.csv" | awk -F, 'NR > 1 { h = NF / 2
        for (i = 4; i <= h; i++) { a = $i; b = $(i + h); d = a - b; if (d < 0) d = -d
            if (d > 1e-9 * (1 + (a < 0 ? -a : a))) bad = 1 } }
        END { exit bad }'; then
    ok "analyze defaults to one thread and gives the thread-safe build's values"
else
    notok "analyze defaults to one thread and gives the thread-safe build's values"
    sed 's/^/# /' "$T/out"
fi
echo "1..$n"
