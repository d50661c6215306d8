#!/bin/sh
# Out of memory, in the manner of SQLite's malloc-failure tests.
#
# 1. tests/oom/failmalloc.so, preloaded, fails the Nth heap allocation of the
#    process (infnet's, igraph's, GSL's, libyaml's, jansson's, libcsv's,
#    OpenSSL's, libc's); tests/oom/loop.sh runs a small 'infnet run',
#    'analyze', 'compare' and 'sweep' for N = FIRST, FIRST+STRIDE, ... past the last
#    allocation and checks each: exit 1 (or 0 with every output byte-identical
#    to an unfailed run), a message that memory ran out, no signal, no
#    sanitizer report, no temporary file left, no meta.json marked complete,
#    no output left under its final name that is not whole (loop.sh says
#    exactly what). One-shot failures (only call N fails) test recovery;
#    persistent ones (every call from N on) test real exhaustion.
#    make test runs strides that cover every part of each command (about 420
#    processes); make oom (OOM_FULL=1) fails every allocation in turn (about
#    7 500 processes, 15 minutes or more on two busy cores).
# 2. The same loops against build-asan/infnet (AddressSanitizer and
#    LeakSanitizer, leaks checked at every exit): the shim is preloaded before
#    libasan, so that it stands between the program and ASan's allocator
#    (ASAN_OPTIONS=verify_asan_link_order=0 lets ASan start second). A coarser
#    stride in make test (about 80 processes; one costs five plain ones),
#    every N in make oom. Leaks inside third-party code that infnet cannot
#    free are suppressed by name in tests/oom/lsan.supp, each with its reason.
# 3. The address-space limits of the adversarial tests (ulimit -v, 56 to 86 MB,
#    war_2026.yaml, two threads): no signal, exit 1 with a message or 0 with
#    outputs, no temporary files; limits at which the process cannot start
#    at all (infnet --version fails there too) are listed, not tested.
# Under make asan (INFNET_SUITE=asan) INFNET is already the ASan build: the
# loops run once, against it, and part 3 is left to the plain suite
# (ASan reserves terabytes of address space, so ulimit -v cannot apply).
set -u
. "$(dirname "$0")/tap.sh"
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' "$2" | head -40; }
INFNET=${INFNET:-build/infnet}
full=${OOM_FULL:-0}

if make --no-print-directory build/oom/failmalloc.so >"$T/build" 2>&1; then
    ok "make build/oom/failmalloc.so"
else
    notok "make build/oom/failmalloc.so" "$T/build"
    echo "1..$n"
    exit 1
fi
export OOM_SHIM=build/oom/failmalloc.so

# loops NAME BINARY PRELOAD RUN_STRIDE ANALYZE_STRIDE COMPARE_STRIDE PERSIST_STRIDE SWEEP_STRIDE
loops() {
    for spec in "run 1 $4" "analyze 1 $5" "compare 1 $6" "sweep 1 $8"; do
        set -- "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" $spec
        if INFNET=$2 OOM_PRELOAD=$3 OOM_DIR="$T/$1-$9" sh tests/oom/loop.sh "$9" "${10}" "${11}" >"$T/out" 2>&1; then
            ok "$1: fail allocation N of infnet $9 ($(tail -1 "$T/out"))"
        else
            notok "$1: fail allocation N of infnet $9" "$T/out"
        fi
    done
    # Persistent failures start after the allocations made before main (the
    # libraries' constructors: libgfortran's recurses without end when all of
    # its first allocations fail; nothing infnet does can change that):
    # infnet --version makes no more than those and one stdout buffer.
    rm -f "$T/log"
    LD_PRELOAD="$(pwd)/$OOM_SHIM${3:+ $3}" INFNET_FAIL_ALLOC_LOG="$T/log" "$2" --version >/dev/null 2>&1
    first=$(($(sed -n 's/^calls //p' "$T/log") + 1))
    if INFNET=$2 OOM_PRELOAD=$3 OOM_PERSIST=1 OOM_DIR="$T/$1-persist" \
        sh tests/oom/loop.sh run "$first" "$7" >"$T/out" 2>&1; then
        ok "$1: every allocation from N on fails in infnet run ($(tail -1 "$T/out"))"
    else
        notok "$1: every allocation from N on fails in infnet run" "$T/out"
    fi
}

asanlib=$(cc -print-file-name=libasan.so)
# Full stacks (fast_unwind_on_malloc=0), for the suppressions of third-party
# leaks in tests/oom/lsan.supp to match inside igraph's frames.
asan_options=verify_asan_link_order=0:detect_leaks=1:fast_unwind_on_malloc=0
export LSAN_OPTIONS="suppressions=$(pwd)/tests/oom/lsan.supp:print_suppressions=0"
if [ "${INFNET_SUITE:-}" = asan ]; then
    export ASAN_OPTIONS=$asan_options
    if [ "$full" = 1 ]; then loops asan "$INFNET" "$asanlib" 1 1 1 1 1; else loops asan "$INFNET" "$asanlib" 61 29 47 97 599; fi
    echo "1..$n"
    exit 0
fi

# Strides: primes, so that the subsets fall on different sites in every
# part of each command (reading the scenario, building the workers, each
# replica's measures, statistics, snapshots, meta.json, the readers of
# compare); every one of them was seen failing before its fix.
if [ "$full" = 1 ]; then loops plain "$INFNET" "" 1 1 1 1 1; else loops plain "$INFNET" "" 29 13 19 53 97; fi

if [ "$full" = 1 ] && ! make --no-print-directory asan-build >"$T/build" 2>&1; then
    notok "make asan-build" "$T/build"
elif [ -x build-asan/infnet ]; then
    (
        export ASAN_OPTIONS=$asan_options
        if [ "$full" = 1 ]; then loops asan build-asan/infnet "$asanlib" 1 1 1 1 1
        else loops asan build-asan/infnet "$asanlib" 173 37 113 401 1201; fi
        echo "$n" >"$T/n"
    )
    n=$(cat "$T/n")
else
    notok "build-asan/infnet is missing (tests/e2e_asan.sh or make asan-build builds it)"
fi

# 3. Address-space limits: no signal, whatever the limit.
bad=0
: >"$T/limits"
for v in $(seq 56000 400 86000); do
    out="$T/lim$v"
    # Below some limit the process cannot start: the dynamic loader fails
    # (exit 127) or a library's initializer does (libgfortran's, pulled in
    # by igraph's ARPACK, recurses on a failed malloc until the stack
    # overflows), before infnet's main runs. `infnet --version` shows it:
    # at such a limit there is no infnet code to test.
    (ulimit -v "$v"; "$INFNET" --version) >/dev/null 2>&1
    vrc=$?
    if [ "$vrc" -ne 0 ]; then
        echo "$v KB: cannot start (infnet --version: exit $vrc), not tested" >>"$T/limits"
        continue
    fi
    (ulimit -v "$v"; "$INFNET" run scenarios/post_soleimani/war_2026.yaml -n 20 --threads 2 -o "$out" -q) \
        >/dev/null 2>"$T/err"
    rc=$?
    tmps=$(find "$out" -name '*.tmp' 2>/dev/null | head -1)
    echo "$v KB: exit $rc $(head -c 120 "$T/err" | tr '\n' ' ')" >>"$T/limits"
    if [ "$rc" -ge 128 ] || { [ "$rc" -eq 1 ] && [ ! -s "$T/err" ]; } || [ -n "$tmps" ] \
        || { [ "$rc" -eq 0 ] && ! grep -q '"complete": true' "$out/meta.json"; }; then
        bad=1
        echo "  ^ bad${tmps:+ (left $tmps)}" >>"$T/limits"
    fi
    rm -rf "$out"
done
if [ "$bad" -eq 0 ]; then
    ok "ulimit -v 56-86 MB on war_2026.yaml: no signal, exit 0/1 with a message (where infnet can start)"
else
    notok "ulimit -v 56-86 MB on war_2026.yaml: no signal, exit 0/1 with a message (where infnet can start)" "$T/limits"
fi
echo "1..$n"
