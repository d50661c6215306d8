#!/bin/sh
# Runs libFuzzer harnesses for a given time each and prints their figures.
# Usage: tests/fuzz/run.sh BINDIR OUTDIR SECONDS HARNESS...
#   BINDIR   holds fuzz_HARNESS (make fuzz-build puts them in build-fuzz/fuzz)
#   OUTDIR   gets corpus/HARNESS/ (seeds copied in, then what the fuzzer
#            adds) and crashes/ (crash-*, leak-*, timeout-*, oom-* inputs)
# Seeds: scenario - every YAML file of scenarios/ and tests/fixtures/, those
#                   that extend others also with their chain attached, and
#                   one with --set overrides (the input format is described in
#                   tests/fuzz/fuzz_common.h);
#        import   - every .graphml and .csv of tests/ (GraphML prefixed with
#                   '0', CSV with '1': the harness's format byte, see
#                   tests/fuzz/fuzz_common.h); both also get
#                   tests/fuzz/regressions/HARNESS/ (but those that read a
#                   device such as /dev/zero, slow by design).
# Dictionaries: tests/fuzz/HARNESS.dict (the format's keywords).
# Prints, per harness, libFuzzer's final statistics (executions, time, peak
# memory) and its last coverage line (cov: edges, ft: features, corp: inputs);
# exits 1 when any harness failed (a crash, leak, timeout or out-of-memory).
# After a clean session the corpus is merged down to the inputs that add
# coverage (libFuzzer -merge=1).
# Run from the repository root.
set -u
bindir=$1
out=$2
secs=$3
shift 3
# Bounds per input. libFuzzer's timeout is wall-clock time, and the suite
# may share two cores with another 'make test' while ASan slows every
# allocation several times: 60 s (FUZZ_TIMEOUT) is still thousands of times
# what one load of a fuzzing-sized input takes, so reaching it is a hang,
# not a slow input on a busy machine. 2 GiB is far above what the fuzzing
# limits allow (tests/fuzz/fuzz_common.h), so reaching it is a leak or a
# runaway allocation.
TIMEOUT=${FUZZ_TIMEOUT:-60}
RSS_MB=2048
mkdir -p "$out/crashes"
status=0

seed() {  # seed HARNESS: copy the seeds into $out/corpus/HARNESS
    dir=$out/corpus/$1
    mkdir -p "$dir"
    case $1 in
    scenario)
        find scenarios tests/fixtures -name '*.yaml' | while read -r f; do
            cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
            # with its extends chain carried along (tests/fuzz/fuzz_common.h)
            if grep -q '^extends: *[a-z0-9_.-]*$' "$f"; then
                out="$dir/seed-chain-$(echo "$f" | tr '/' '_')"
                cat "$f" >"$out"
                cur=$f
                k=0
                while [ $k -lt 4 ] && p=$(sed -n 's/^extends: *\([a-z0-9_.-]*\)$/\1/p' "$cur") &&
                    [ -n "$p" ] && [ -f "$(dirname "$cur")/$p" ]; do
                    printf '\n#@file %s\n' "$p" >>"$out"
                    cur=$(dirname "$cur")/$p
                    cat "$cur" >>"$out"
                    k=$((k + 1))
                done
            fi
        done
        # with --set overrides (KEY=VALUE lines after #@set)
        { cat scenarios/examples/broker.yaml
          printf '\n#@set\npressures.0.at=3\nmodel.alignment.rate=0.2\nmonte_carlo.replicas=5\n'
          printf 'network.nodes.1.strength=0.5\noutputs.snapshots=[0, 2]\n'; } >"$dir/seed-set-broker"
        ;;
    import)
        find tests -name '*.graphml' -not -path 'tests/fuzz/regressions/*' | while read -r f; do
            { printf '0'; cat "$f"; } >"$dir/seed-$(echo "$f" | tr '/' '_')"
        done
        find tests -name '*.csv' -not -path 'tests/fuzz/regressions/*' | while read -r f; do
            { printf '1'; cat "$f"; } >"$dir/seed-$(echo "$f" | tr '/' '_')"
        done
        ;;
    esac
    if [ -d "tests/fuzz/regressions/$1" ]; then
        for f in "tests/fuzz/regressions/$1"/*; do
            [ -f "$f" ] && cp "$f" "$dir/regression-$(basename "$f")"
        done
    fi
    # Inputs that read a device (/dev/zero has no size: it is read up to
    # --limit file-bytes) are slow by design, not a good place to mutate
    # from: neither the regressions that do (tests/sim/test_fuzz_regressions.c
    # loads them all) nor any the corpus kept from an earlier session.
    grep -l -a '/dev/' "$dir"/* 2>/dev/null | while read -r f; do rm -f "$f"; done
}

for h in "$@"; do
    bin=$bindir/fuzz_$h
    if [ ! -x "$bin" ]; then
        echo "fuzz: no harness $bin (make fuzz-build)" >&2
        status=1
        continue
    fi
    seed "$h"
    log=$out/fuzz_$h.log
    echo "== fuzz_$h: ${secs}s, corpus $out/corpus/$h ($(ls "$out/corpus/$h" | wc -l) inputs)"
    dict=
    [ -f "tests/fuzz/$h.dict" ] && dict=-dict=tests/fuzz/$h.dict
    "$bin" -max_total_time="$secs" -rss_limit_mb=$RSS_MB -timeout=$TIMEOUT $dict \
        -print_final_stats=1 -artifact_prefix="$out/crashes/$h-" \
        "$out/corpus/$h" >"$log" 2>&1 </dev/null
    rc=$?
    # the last status line (#N DONE / pulse / NEW: cov, ft, corp, exec/s, rss)
    grep -aE '^#[0-9]+' "$log" | tail -n 1
    grep -aE '^stat::' "$log"
    if [ $rc -ne 0 ]; then
        status=1
        echo "fuzz_$h FAILED (exit $rc); the report:"
        grep -aE 'ERROR|SUMMARY|Test unit written|artifact_prefix' "$log" | head -20
        echo "full log: $log"
    else
        # keep the corpus minimal: only inputs that add coverage, so that the
        # next session does not spend its time reloading redundant ones
        rm -rf "$out/corpus/$h.min"
        mkdir -p "$out/corpus/$h.min"
        if "$bin" -merge=1 -rss_limit_mb=$RSS_MB -timeout=$TIMEOUT "$out/corpus/$h.min" \
            "$out/corpus/$h" >"$out/merge_$h.log" 2>&1 </dev/null; then
            rm -rf "$out/corpus/$h"
            mv "$out/corpus/$h.min" "$out/corpus/$h"
            echo "corpus kept: $(ls "$out/corpus/$h" | wc -l) inputs"
        else
            rm -rf "$out/corpus/$h.min"
        fi
    fi
done
exit $status
