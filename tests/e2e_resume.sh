#!/bin/sh
# Interruption and resume as a user meets them: runs stopped by SIGINT or
# killed by SIGKILL at random moments, then continued with --resume, end with
# outputs byte-identical to an uninterrupted run; an interrupted run leaves
# consistent outputs (meta.json complete: false) and exits 130; resuming with
# other inputs, over a finished run, from a damaged checkpoint or from one of
# another format (or statistics of another GSL) is refused.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
S=scenarios/examples/broker.yaml
R=8000
run() { "$INFNET" run "$S" -n $R --threads 2 --per-replica --quiet "$@"; }
# Background runs call infnet directly, so that $! is infnet's own pid (a
# shell function would run in a subshell, and the signal would hit the shell).
ARGS="run $S -n $R --threads 2 --per-replica --quiet"
same_as_ref() {  # DIR: 0 when every output equals the reference's bytes
    for f in summary.csv final.csv nodes.csv replicas.csv patrons.csv; do
        cmp -s "$T/ref/$f" "$1/$f" || { echo "# $f differs"; return 1; }
    done
}
run -o "$T/ref" >/dev/null 2>&1 || notok "reference run"
# random moments (milliseconds) from the shell's own pid: different each run
ms() { awk -v s="$$$1" 'BEGIN { srand(s); printf "%.3f", 0.3 + rand() * 3.0 }'; }
# Waits until FILE exists in the run's directory DIR (the run has loaded its
# scenario and opened its outputs) or process PID has ended, for at most two
# minutes: a fixed sleep would fall before the run has begun when another
# suite loads the machine.
started() {  # started DIR PID FILE
    w=0
    while [ ! -e "$1/$3" ] && kill -0 "$2" 2>/dev/null && [ $w -lt 2400 ]; do
        sleep 0.05
        w=$((w + 1))
    done
}

for k in 1 2 3; do
    d="$T/int$k"
    t=$(ms "$k")
    # shellcheck disable=SC2086
    "$INFNET" $ARGS -o "$d" 2>"$T/err" &
    p=$!
    started "$d" $p .summary.csv.tmp
    sleep "$t"
    kill -INT $p
    wait $p
    rc=$?
    if [ $rc -eq 130 ] && [ "$(jq -r .complete "$d/meta.json")" = false ] && grep -q -- '--resume' "$T/err"; then
        ok "SIGINT after ${t}s: exit 130, meta.json complete false, a hint to resume"
    elif [ $rc -eq 0 ]; then
        ok "SIGINT after ${t}s came after the run had finished # SKIP"
        continue
    else
        notok "SIGINT after ${t}s: exit $rc" "$T/err"
    fi
    # the outputs of the completed replicas are consistent: final.csv holds replicas_done x 34 rows
    done_n=$(jq -r '.scenarios[0].replicas_done' "$d/meta.json")
    rows=$(($(wc -l <"$d/final.csv") - 1))
    [ "$rows" -eq $((done_n * 34)) ] && ok "interrupted outputs hold exactly the $done_n completed replicas" ||
        notok "final.csv has $rows rows for $done_n replicas"
    grep -q ",0,nodes,$done_n," "$d/summary.csv" && ok "summary.csv counts the $done_n completed replicas" ||
        notok "summary.csv n"
    if run -o "$d" --resume >"$T/err" 2>&1 && same_as_ref "$d"; then
        ok "resumed after SIGINT: byte-identical to the uninterrupted run"
    else
        notok "resume after SIGINT" "$T/err"
    fi
    [ ! -e "$d/.checkpoint" ] && [ "$(jq -r .complete "$d/meta.json")" = true ] &&
        ok "a finished resume removes its checkpoint and says complete" || notok "checkpoint left after resume"
done

for k in 4 5 6; do
    d="$T/kill$k"
    t=$(ms "$k")
    # shellcheck disable=SC2086
    "$INFNET" $ARGS -o "$d" >/dev/null 2>&1 &
    p=$!
    started "$d" $p .summary.csv.tmp
    sleep "$t"
    kill -KILL $p
    wait $p 2>/dev/null
    for f in summary.csv final.csv nodes.csv patrons.csv; do
        [ -e "$d/$f" ] && [ ! -e "$d/meta.json" ] && notok "a killed run left $f under its final name without meta.json"
    done
    if run -o "$d" --resume >"$T/err" 2>&1 && same_as_ref "$d"; then
        ok "resumed after SIGKILL at ${t}s: byte-identical to the uninterrupted run"
    else
        notok "resume after SIGKILL at ${t}s" "$T/err"
    fi
done

# two scenarios, interrupted in the second: resume continues there
two="$S scenarios/post_soleimani/baseline_2019.yaml"
# shellcheck disable=SC2086
"$INFNET" run $two -n 3000 --threads 2 -o "$T/two-ref" --quiet >/dev/null 2>&1
# shellcheck disable=SC2086
"$INFNET" run $two -n 3000 --threads 2 -o "$T/two" --quiet 2>/dev/null &
p=$!
# the second scenario has begun once its first batch wrote its snapshots
i=0
while [ ! -e "$T/two/snapshots/baseline-2019_step0.graphml" ] && [ $i -lt 2400 ] && kill -0 $p 2>/dev/null; do
    sleep 0.05
    i=$((i + 1))
done
kill -INT $p
wait $p
[ "$(jq -r '.scenarios[1].replicas_done' "$T/two/meta.json" 2>/dev/null)" -lt 3000 ] 2>/dev/null &&
    [ "$(jq -r '.scenarios[0].replicas_done' "$T/two/meta.json")" -eq 3000 ] &&
    ok "two scenarios: interrupted in the second, after the first had finished" ||
    notok "two scenarios: the interruption did not fall in the second scenario"
# shellcheck disable=SC2086
if "$INFNET" run $two -n 3000 --threads 2 -o "$T/two" --quiet --resume >"$T/err" 2>&1 &&
    cmp -s "$T/two-ref/summary.csv" "$T/two/summary.csv" && cmp -s "$T/two-ref/final.csv" "$T/two/final.csv" &&
    cmp -s "$T/two-ref/nodes.csv" "$T/two/nodes.csv" && cmp -s "$T/two-ref/patrons.csv" "$T/two/patrons.csv"; then
    ok "two scenarios interrupted and resumed: byte-identical"
else
    notok "two scenarios resumed" "$T/err"
fi

# refusals
# shellcheck disable=SC2086
"$INFNET" $ARGS -o "$T/int9" >/dev/null 2>&1 &
p=$!
started "$T/int9" $p .checkpoint
kill -INT $p
wait $p
run -o "$T/int9" --resume --seed 99 >"$T/err" 2>&1
[ $? -eq 2 ] && grep -q "seed 99" "$T/err" && ok "resume with another seed: refused naming the seed" ||
    notok "resume with another seed" "$T/err"
sed 's/budget: 0.6/budget: 0.5/' "$S" >"$T/changed.yaml"
"$INFNET" run "$T/changed.yaml" -n $R --threads 2 --per-replica -o "$T/int9" --resume >"$T/err" 2>&1
[ $? -eq 2 ] && grep -q "changed.yaml" "$T/err" && ok "resume with another scenario file: refused naming it" ||
    notok "resume with another scenario" "$T/err"
run -o "$T/int9" >"$T/err" 2>&1
[ $? -eq 2 ] && grep -q -- '--resume' "$T/err" && ok "no silent overwrite of an interrupted run" ||
    notok "overwrite of an interrupted run" "$T/err"
run -o "$T/int9" --resume --force >"$T/err" 2>&1
[ $? -eq 2 ] && ok "--resume with --force: usage error" || notok "--resume --force" "$T/err"
# a damaged checkpoint is refused, never half-read
cp "$T/int9/.checkpoint" "$T/ck.bak"
printf 'X' | dd of="$T/int9/.checkpoint" bs=1 seek=200 conv=notrunc 2>/dev/null
run -o "$T/int9" --resume >"$T/err" 2>&1
[ $? -eq 2 ] && grep -q "damaged" "$T/err" && ok "a damaged checkpoint is refused" || notok "damaged checkpoint" "$T/err"
# a checkpoint of another format is refused by its number, before anything else is read
LC_ALL=C sed '1s/^INFNET-CHECKPOINT [0-9]*$/INFNET-CHECKPOINT 1/' "$T/ck.bak" >"$T/int9/.checkpoint"
run -o "$T/int9" --resume >"$T/err" 2>&1
[ $? -eq 2 ] && grep -q "checkpoint format 1, this infnet reads 3" "$T/err" &&
    ok "a checkpoint of another format: refused naming both formats" || notok "checkpoint format" "$T/err"
# statistics saved under another GSL (a valid digest over the changed tag) are refused by name
if command -v openssl >/dev/null 2>&1; then
    head -c -32 "$T/ck.bak" | LC_ALL=C sed 's/, gsl [0-9][0-9]*\./, gsl 0./' >"$T/body"
    cat "$T/body" >"$T/int9/.checkpoint"
    openssl dgst -sha256 -binary "$T/body" >>"$T/int9/.checkpoint"
    run -o "$T/int9" --resume >"$T/err" 2>&1
    [ $? -eq 2 ] && grep -q "statistics are 'stats [0-9]*, gsl 0\." "$T/err" &&
        ok "statistics saved under another GSL: refused naming its version" || notok "checkpoint gsl version" "$T/err"
else
    ok "statistics saved under another GSL: the openssl command is needed to forge one # SKIP"
fi
# a whole checkpoint (valid digest) whose counts no run could have written:
# replicas done beyond the run's, an output stream of length 0
forge() {  # $1 = field: 1 replicas done, 2 the first stream's length; $2 = value
    python3 - "$T/ck.bak" "$T/int9/.checkpoint" "$1" "$2" <<'PY'
import hashlib, struct, sys
b = open(sys.argv[1], 'rb').read()[:-32]
at = b.index(b'\n') + 1
for _ in range(2):                      # the statistics' tag, the fingerprint
    n = struct.unpack_from('=Q', b, at)[0]
    at += 8 + n
at += 8                                 # the scenario index
at += 8 * (int(sys.argv[3]) - 1)
b = b[:at] + struct.pack('=q', int(sys.argv[4])) + b[at + 8:]
open(sys.argv[2], 'wb').write(b + hashlib.sha256(b).digest())
PY
}
if command -v python3 >/dev/null 2>&1; then
    forge 1 $((R + 5))
    run -o "$T/int9" --resume >"$T/err" 2>&1
    [ $? -eq 2 ] && grep -q "replicas done" "$T/err" &&
        ok "a checkpoint counting more replicas than the run has: refused" || notok "forged replicas done" "$T/err"
    forge 2 0
    run -o "$T/int9" --resume >"$T/err" 2>&1
    [ $? -eq 2 ] && grep -q "length of 0 bytes" "$T/err" &&
        ok "a checkpoint giving summary.csv no bytes: refused" || notok "forged stream length" "$T/err"
    # the patron counts (after the two statistics tables): one faction's
    # active replicas no longer the sum of its patrons' counts
    python3 - "$T/ck.bak" "$T/int9/.checkpoint" <<'PY'
import hashlib, struct, sys
b = open(sys.argv[1], 'rb').read()[:-32]
at = b.index(b'\n') + 1
for _ in range(2):                      # the statistics' tag, the fingerprint
    n = struct.unpack_from('=Q', b, at)[0]
    at += 8 + n
at += 8 * (2 + 5)                       # scenario, replicas done, five stream lengths
for _ in range(2):                      # the summary and nodes tables
    n = struct.unpack_from('=Q', b, at)[0]
    at += 8 + n
at += 8 * 3                             # recorded steps, factions, agencies
n = struct.unpack_from('=Q', b, at)[0]  # the first faction's active replicas
b = b[:at] + struct.pack('=Q', n - 1) + b[at + 8:]
open(sys.argv[2], 'wb').write(b + hashlib.sha256(b).digest())
PY
    run -o "$T/int9" --resume >"$T/err" 2>&1
    [ $? -eq 2 ] && grep -q "the checkpoint's statistics do not fit this run" "$T/err" &&
        ok "a checkpoint whose patron counts do not add up: refused" || notok "forged patron counts" "$T/err"
else
    ok "forged checkpoint counts: python3 is needed to forge one # SKIP"
fi
# the checkpoint is infnet's own file: a FIFO there is refused at once, not waited on
rm -f "$T/int9/.checkpoint" && mkfifo "$T/int9/.checkpoint"
timeout 60 "$INFNET" $ARGS -o "$T/int9" --resume >"$T/err" 2>&1
[ $? -eq 2 ] && grep -q "not a regular file" "$T/err" && ok "a FIFO at .checkpoint: refused, no wait" ||
    notok "FIFO at .checkpoint" "$T/err"
rm -f "$T/int9/.checkpoint"
cp "$T/ck.bak" "$T/int9/.checkpoint"
run -o "$T/int9" --resume >/dev/null 2>&1 && same_as_ref "$T/int9" && ok "the restored checkpoint resumes" ||
    notok "restored checkpoint"
run -o "$T/int9" --resume >"$T/err" 2>&1
[ $? -eq 2 ] && grep -q "nothing to resume" "$T/err" && ok "resuming a finished run: refused (nothing to resume)" ||
    notok "resume of a finished run" "$T/err"
echo "1..$n"
