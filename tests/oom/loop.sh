#!/bin/sh
# tests/oom/loop.sh - fail the Nth allocation of one infnet command, for N in
# FIRST, FIRST+STRIDE, ... until N passes the command's last allocation, and
# check what each failure left behind (see tests/e2e_oom.sh, make oom).
#
#   tests/oom/loop.sh KIND FIRST STRIDE [LAST]
#
# KIND is run, analyze, compare or sweep: a small 'infnet run' of
# tests/oom/tiny.yaml (two replicas, two steps, one thread so that the count
# is deterministic), an 'infnet analyze' of tests/fixtures/florentine.csv, an
# 'infnet compare' of two such runs, or an 'infnet sweep' of
# tests/oom/sweep.yaml (four points of tiny.yaml, with its analysis). Environment: INFNET (the binary), OOM_SHIM (failmalloc.so),
# OOM_PRELOAD (what LD_PRELOAD holds after the shim, e.g. libasan), OOM_DIR
# (scratch folder), OOM_PERSIST=1 (fail every call from the Nth on).
#
# For each N where the shim failed an allocation it asserts: exit 1 (or exit
# 0 with every output byte-identical to an unfailed run: a failure the program
# worked around, such as a stdio buffer); a message that memory ran out; no
# signal, no sanitizer or leak report; no temporary file left; no meta.json
# marked complete; and every output file left under its final name either
# byte-identical to the unfailed run's or (a run's partial CSVs, kept for
# --resume under a meta.json marked incomplete) a prefix of it.
# One exception: libgomp ends the process itself (exit 1, "libgomp: Out of
# memory allocating N bytes") when it cannot allocate a team at the start of a
# parallel region; infnet gets no say, and the temporary files and the
# directory's .lock (a flock no one holds) stay as after a kill (--resume
# continues from them). Those are counted, not failed.
# Prints one line per failed check ("N: what") and ends with a summary line
# "KIND: N tried, N failed allocations, N worked around, N ended by libgomp,
# N bad, last call K".
# Exit status 0 when no check failed.
set -u
kind=$1
first=$2
stride=$3
last=${4:-0}
INFNET=${INFNET:-build/infnet}
OOM_SHIM=${OOM_SHIM:-build/oom/failmalloc.so}
OOM_PRELOAD=${OOM_PRELOAD:-}
dir=${OOM_DIR:?}
scn=tests/oom/tiny.yaml

preload="$(cd "$(dirname "$OOM_SHIM")" && pwd)/$(basename "$OOM_SHIM")${OOM_PRELOAD:+ $OOM_PRELOAD}"

# cmd OUT: the command line under test, writing into OUT.
cmd() {
    case $kind in
    run) "$INFNET" run "$scn" --threads 1 -q -o "$1" ;;
    analyze) "$INFNET" analyze tests/fixtures/florentine.csv -o "$1" ;;
    compare) "$INFNET" compare "$dir/a" "$dir/b" -o "$1" ;;
    sweep) "$INFNET" sweep tests/oom/sweep.yaml --threads 1 -q -o "$1" ;;
    esac
}

# under N OUT: cmd under the shim failing call N; sets rc, writes $dir/err, $dir/log.
under() {
    rm -f "$dir/log"
    LD_PRELOAD="$preload" INFNET_FAIL_ALLOC=$1 INFNET_FAIL_ALLOC_LOG="$dir/log" \
        INFNET_FAIL_ALLOC_PERSIST=${OOM_PERSIST:-0} \
        OMP_NUM_THREADS=1 cmd "$2" >"$dir/out" 2>"$dir/err"
    rc=$?
}

mkdir -p "$dir"
if [ "$kind" = compare ]; then
    "$INFNET" run "$scn" --threads 1 -q -o "$dir/a" --force || exit 1
    "$INFNET" run "$scn" --threads 1 -q -o "$dir/b" --force --seed 5 \
        --set model.alignment.rate=0.3 || exit 1
fi
rm -rf "$dir/ref"
under 0 "$dir/ref"
if [ "$rc" -ne 0 ]; then
    echo "reference: exit $rc"
    sed 's/^/  /' "$dir/err"
    exit 1
fi
total=$(sed -n 's/^calls //p' "$dir/log")

keys() { grep -o '"[A-Za-z_.0-9]*":' "$1" 2>/dev/null | sort | tr '\n' ' '; }

bad=0
tried=0
failed=0
benign=0
gomp=0
say() { echo "$N: $1"; bad=$((bad + 1)); }

# outputs_ok OUT: the checks on what the failed command left in OUT.
outputs_ok() {
    if [ ! -d "$1" ]; then
        return
    fi
    tmps=$(find "$1" -name '*.tmp' | head -3)
    ended=0
    if grep -q '^libgomp: Out of memory' "$dir/err"; then
        gomp=$((gomp + 1))
        ended=1
    elif [ -n "$tmps" ]; then
        say "temporary files left: $tmps"
    fi
    if [ -f "$1/meta.json" ] && grep -q '"complete": *true' "$1/meta.json"; then
        say "meta.json marked complete after exit $rc"
    fi
    for f in $(cd "$1" && find . -type f ! -name meta.json); do
        case $f in */.*.tmp) continue ;; esac   # checked above
        # ended by libgomp, as by a kill: the lock file stays (flock: no one holds it)
        [ "$f" = ./.lock ] && [ "$ended" = 1 ] && continue
        if [ ! -f "$dir/ref/$f" ]; then
            say "unexpected file $f"
        elif ! cmp -s "$1/$f" "$dir/ref/$f"; then
            if [ "$kind" = run ] && [ -f "$1/meta.json" ] && case $f in ./*.csv) true ;; *) false ;; esac; then
                sz=$(wc -c <"$1/$f")
                head -c "$sz" "$dir/ref/$f" | cmp -s - "$1/$f" || say "$f is not a prefix of the complete file"
            else
                say "$f differs from the complete file"
            fi
        fi
    done
}

N=$first
while :; do
    [ "$last" -gt 0 ] && [ "$N" -gt "$last" ] && break
    out="$dir/o"
    rm -rf "$out"
    under "$N" "$out"
    tried=$((tried + 1))
    if grep -q '^failed ' "$dir/log" 2>/dev/null; then
        failed=$((failed + 1))
        if [ "$rc" -eq 0 ]; then
            benign=$((benign + 1))
            diff -r -x meta.json "$out" "$dir/ref" >/dev/null 2>&1 || say "exit 0 but the outputs differ"
            # meta.json holds times: its keys, not its bytes, must match
            if [ -f "$dir/ref/meta.json" ] && [ "$(keys "$out/meta.json")" != "$(keys "$dir/ref/meta.json")" ]; then
                say "exit 0 but meta.json lacks keys of the complete run"
            fi
        elif [ "$rc" -ne 1 ]; then
            say "exit $rc: $(head -c 300 "$dir/err" | tr '\n' ' ')"
        elif ! grep -qi 'out of memory\|cannot allocate memory' "$dir/err"; then
            say "no out-of-memory message: $(head -c 300 "$dir/err" | tr '\n' ' ')"
        fi
        if grep -q 'Sanitizer\|runtime error:' "$dir/err"; then
            say "sanitizer report: $(grep -m1 'Sanitizer\|runtime error:' "$dir/err")"
        fi
        [ "$rc" -eq 0 ] || outputs_ok "$out"
    else
        [ "$rc" -eq 0 ] || say "exit $rc with no allocation failed"
        break
    fi
    N=$((N + stride))
done
rm -rf "$dir/o"
echo "$kind: $tried tried, $failed failed allocations, $benign worked around, $gomp ended by libgomp, $bad bad, last call $total"
[ "$bad" -eq 0 ]
