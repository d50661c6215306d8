#!/bin/sh
# The Open MPI build (make mpi): replicas spread over 3 ranks (oversubscribed
# on this machine) give byte-identical outputs to one process with one
# thread; meta.json records the ranks; only rank 0 writes; an interruption
# that reaches any rank stops every rank and exits 130; a rank that dies
# fails the whole run and leaves no result under a final name.
# Prints TAP lines. Run from the repo root; MPIBIN is the MPI binary (empty:
# none was built, as 'make test' without mpicc or with MPI=0, and the script
# reports a skip).
set -u
MPIBIN=${MPIBIN-build/infnet-mpi}
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
# CI runs as root; Open MPI refuses that unless told it is intended.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN="mpirun --oversubscribe -np 3"

if [ -z "$MPIBIN" ] || [ ! -x "$MPIBIN" ]; then
    ok "no MPI binary${MPIBIN:+ $MPIBIN} (make mpi, or make test with mpicc installed) # SKIP"
    echo "1..$n"
    exit 0
fi
if ! command -v mpirun >/dev/null 2>&1; then
    ok "no mpirun to start $MPIBIN # SKIP"
    echo "1..$n"
    exit 0
fi
S=scenarios/examples/broker.yaml
"$INFNET" run "$S" -n 90 --threads 1 -o "$T/one" --quiet --per-replica >"$T/out" 2>&1 || notok "one process" "$T/out"
if $MPIRUN "$MPIBIN" run "$S" -n 90 --threads 1 -o "$T/three" --quiet --per-replica >"$T/out" 2>&1; then
    ok "3 ranks: exit 0"
else
    notok "3 ranks: exit 0" "$T/out"
fi
for f in summary.csv final.csv nodes.csv replicas.csv patrons.csv; do
    cmp -s "$T/one/$f" "$T/three/$f" && ok "$f identical for 1 process and 3 ranks" || notok "$f identical for 1 process and 3 ranks"
done
for f in $(cd "$T/one/snapshots" && ls); do
    cmp -s "$T/one/snapshots/$f" "$T/three/snapshots/$f" && ok "snapshot $f identical" || notok "snapshot $f identical"
done
[ "$(jq .ranks "$T/three/meta.json")" = 3 ] && ok "meta.json records 3 ranks" || notok "meta.json ranks"
# 2 ranks with 2 threads each and a replica count that does not divide evenly
$MPIRUN "$MPIBIN" run "$S" -n 37 --threads 2 -o "$T/mix" --quiet >"$T/out" 2>&1
"$INFNET" run "$S" -n 37 --threads 2 -o "$T/mix1" --quiet >/dev/null 2>&1
cmp -s "$T/mix/summary.csv" "$T/mix1/summary.csv" && cmp -s "$T/mix/final.csv" "$T/mix1/final.csv" &&
    cmp -s "$T/mix/patrons.csv" "$T/mix1/patrons.csv" && ok "3 ranks x 2 threads, 37 replicas: identical" || notok "ranks x threads" "$T/out"
# a bad scenario: every rank refuses it, exit 2, one message
$MPIRUN "$MPIBIN" validate tests/fixtures/bad/edge_unknown_node.yaml >"$T/out" 2>&1
rc=$?
[ $rc -ne 0 ] && [ "$(grep -c 'error:' "$T/out")" -eq 1 ] && ok "a bad scenario: failure, one message (rank 0)" ||
    notok "bad scenario under mpirun (exit $rc)" "$T/out"
# an interruption that reaches one rank only (here the last, not rank 0) or
# every rank at once stops them all alike: exit 130, outputs marked
# incomplete, and --resume under mpirun ends byte-identical to one process
rank_pid() {  # RANK: the pid of that rank of the running infnet-mpi
    for p in $(pgrep -x infnet-mpi); do
        { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$1" && echo "$p"
    done
}
"$INFNET" run "$S" -n 2000 --threads 1 -o "$T/int-ref" --quiet >/dev/null 2>&1
for who in last all; do
    d="$T/int-$who"
    $MPIRUN "$MPIBIN" run "$S" -n 2000 --threads 1 -o "$d" --quiet >"$T/out" 2>&1 &
    mp=$!
    i=0
    while [ -z "$(rank_pid 2)" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 1
    if [ $who = last ]; then victims=$(rank_pid 2); else victims="$(rank_pid 0) $(rank_pid 1) $(rank_pid 2)"; fi
    # shellcheck disable=SC2086
    if ! kill -INT $victims 2>/dev/null; then
        wait $mp
        ok "SIGINT to $who rank(s) came after the run had finished # SKIP"
        continue
    fi
    wait $mp
    rc=$?
    [ $rc -eq 130 ] && [ "$(jq -r .complete "$d/meta.json" 2>/dev/null)" = false ] && grep -q -- '--resume' "$T/out" &&
        ok "SIGINT to $who rank(s): every rank stops, exit 130, meta.json complete false" ||
        notok "SIGINT to $who rank(s): exit $rc" "$T/out"
    if $MPIRUN "$MPIBIN" run "$S" -n 2000 --threads 1 -o "$d" --quiet --resume >"$T/out" 2>&1 &&
        cmp -s "$T/int-ref/summary.csv" "$d/summary.csv" && cmp -s "$T/int-ref/final.csv" "$d/final.csv" &&
        cmp -s "$T/int-ref/nodes.csv" "$d/nodes.csv" && cmp -s "$T/int-ref/patrons.csv" "$d/patrons.csv"; then
        ok "interrupted at $who rank(s) and resumed under mpirun: identical to one process"
    else
        notok "resume after SIGINT to $who rank(s)" "$T/out"
    fi
done
# a rank killed in the middle of a run: the run fails and writes nothing final
cat >"$T/slow.yaml" <<EOS
name: slow
time: {steps: 1}
monte_carlo: {replicas: 3000}
model: {dynamics: false}
network:
  generate: {model: barabasi_albert, n: 3000, m: 2}
pressures:
  - {at: 1, type: removal, targets: all, select: random, fraction: 0.3}
outputs: {node_steps: none}
EOS
$MPIRUN "$MPIBIN" run "$T/slow.yaml" --threads 1 -o "$T/killed" --quiet >"$T/out" 2>&1 &
mp=$!
# once rank 0 has opened the outputs every rank is past MPI_Init and at work;
# waiting for that (at most two minutes) rather than a fixed time holds on a
# loaded machine
i=0
while [ ! -e "$T/killed/.summary.csv.tmp" ] && kill -0 $mp 2>/dev/null && [ $i -lt 2400 ]; do
    sleep 0.05
    i=$((i + 1))
done
victim=$(pgrep -f "infnet-mpi run $T/slow.yaml" | grep -vx "$mp" | tail -n 1)   # a rank, not mpirun
[ -n "$victim" ] && kill -9 "$victim"
wait $mp
rc=$?
if [ $rc -ne 0 ] && [ ! -e "$T/killed/summary.csv" ] && [ ! -e "$T/killed/meta.json" ]; then
    ok "a killed rank fails the run (exit $rc) with no result under a final name"
else
    notok "killed rank (exit $rc)" "$T/out"
fi
echo "1..$n"
