#!/bin/sh
# Data races in the threaded runner: infnet built with ThreadSanitizer
# (make tsan-build: clang, build-tsan/) runs scenarios with --threads 2; any
# race report fails. Prints TAP lines. Run from the repository root.
#
# How the check is made trustworthy:
#  - OpenMP runtime: clang's libomp with its Archer tool, which hands TSan the
#    ordering that barriers, critical sections and atomics create; the build
#    links igraph's GOMP_* calls to the same runtime (Makefile, tsan-build).
#    GCC's libgomp is not instrumented and makes TSan report every
#    barrier-ordered access; tests/races_probe.c shows both directions here:
#    no report on barrier-ordered sharing, one report on a planted race.
#  - TSAN_OPTIONS=ignore_noninstrumented_modules=1, as Archer asks: libomp
#    and the other shared libraries (GSL, libxml2, libyaml) are not compiled
#    with TSan, so the accesses TSan sees from them are only their calls into
#    intercepted functions (pthread_mutex_*, memcpy, malloc), with none of the
#    atomics that order them; libomp's own lock initialisation is then
#    reported as a race against its first use. Only those intercepted calls
#    made from inside the uninstrumented libraries are ignored; every access
#    compiled from sim/, models/ and analysis/ is checked. No suppression file
#    is needed: the runs below report nothing.
#  - igraph is a static library compiled without TSan: its calls into
#    intercepted functions (memcpy, memset, malloc, free) are checked, its own
#    loads and stores are not. Its process-global state is made thread-local
#    by the TLS build that infnet requires (tests/e2e_threadsafety.sh), and
#    external ARPACK runs in a critical section (analysis/centrality.c).
# Skipped when clang or its OpenMP runtime is missing (scripts/deps.sh
# installs them), and under make asan (this suite has already run it).
set -u
. "$(dirname "$0")/tap.sh"
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' "$2" | head -60; }
TSAN_CC=${TSAN_CC:-clang}
export TSAN_OPTIONS="ignore_noninstrumented_modules=1 ${TSAN_OPTIONS:-}"
bin=build-tsan/infnet

if [ "${INFNET_SUITE:-}" = asan ]; then
    ok "the race check is part of make test, not of make asan # SKIP"
    echo "1..$n"
    exit 0
fi
if ! command -v "$TSAN_CC" >/dev/null 2>&1; then
    ok "no $TSAN_CC: race check not run # SKIP"
    echo "1..$n"
    exit 0
fi
ompdir=$("$TSAN_CC" -print-resource-dir)/../..
if [ ! -e "$ompdir/libomp.so" ]; then
    ok "no libomp next to $TSAN_CC (libomp-dev): race check not run # SKIP"
    echo "1..$n"
    exit 0
fi

# --- the detector itself -----------------------------------------------------
probe() {  # probe NAME [-DRACE]: build and run tests/races_probe.c under TSan
    "$TSAN_CC" -std=c11 -g -O1 -fopenmp -fsanitize=thread ${2:-} tests/races_probe.c \
        -o "$T/$1" -L"$ompdir" -Wl,-rpath,"$ompdir" >"$T/$1.log" 2>&1 &&
        "$T/$1" >>"$T/$1.log" 2>&1
}
probe good
rc=$?
if [ $rc -eq 0 ] && ! grep -q 'WARNING: ThreadSanitizer' "$T/good.log"; then
    ok "no report on data shared across OpenMP barriers (Archer active)"
else
    notok "no report on data shared across OpenMP barriers (exit $rc)" "$T/good.log"
fi
probe racy -DRACE
rc=$?
if [ $rc -ne 0 ] && [ "$(grep -c 'WARNING: ThreadSanitizer: data race' "$T/racy.log")" -eq 1 ]; then
    ok "a planted race between two OpenMP threads is reported"
else
    notok "a planted race between two OpenMP threads is reported (exit $rc)" "$T/racy.log"
fi

# --- infnet under TSan -------------------------------------------------------
if ! make --no-print-directory tsan-build >"$T/build" 2>&1; then
    notok "make tsan-build" "$T/build"
    echo "1..$n"
    exit 1
fi
ok "make tsan-build"

race_run() {  # race_run NAME ARGS...: infnet run ARGS under TSan, --threads 2
    name=$1
    shift
    "$bin" run "$@" --threads 2 -o "$T/out-$name" --quiet >"$T/$name.log" 2>&1
    rc=$?
    races=$(grep -c 'WARNING: ThreadSanitizer' "$T/$name.log")
    if [ $rc -eq 0 ] && [ "$races" -eq 0 ] && [ -s "$T/out-$name/summary.csv" ]; then
        ok "no data race: run $* --threads 2"
    else
        echo "# exit $rc, $races reports"
        notok "no data race: run $* --threads 2" "$T/$name.log"
    fi
}
race_run broker scenarios/examples/broker.yaml -n 40
race_run decapitation scenarios/post_soleimani/decapitation_2020.yaml -n 40 --per-replica
race_run attack scenarios/examples/attack_ba.yaml -n 8
race_run percolation scenarios/examples/percolation_er.yaml -n 8
race_run random scenarios/examples/random_ba.yaml -n 8

# the threads really ran in parallel: meta.json records two
if grep -Eq '"threads": *2' "$T/out-broker/meta.json" 2>/dev/null; then
    ok "the checked run used two threads"
else
    notok "the checked run used two threads" "$T/out-broker/meta.json"
fi
echo "1..$n"
