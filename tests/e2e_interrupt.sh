#!/bin/sh
# A signal stops every long computation: SIGTERM in the middle of igraph's
# shortest paths or betweenness (a 20 000-node network measured exactly, which
# takes minutes) ends `analyze` and `run` within seconds with exit 130, and
# nothing half-written: analyze leaves no result file, run leaves outputs
# marked incomplete that --resume continues.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"

cat >"$T/busy.yaml" <<'EOS'
name: busy
time: {steps: 1}
monte_carlo: {replicas: 4, seed: 1}
model: {dynamics: false}
network:
  generate: {model: barabasi_albert, n: 20000, m: 3}
outputs: {exact_limit: 100000, metrics: [nodes, centralization_betweenness], node_steps: none}
EOS

# wait_for PATH: until PATH exists (the command has loaded its input and
# started measuring), at most 60 s
wait_for() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 600 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

# stop PID: SIGTERM, then the seconds until it exits (rc in $stop_rc)
stop() {
    kill -TERM "$1"
    t0=$(date +%s)
    wait "$1"
    stop_rc=$?
    stop_secs=$(($(date +%s) - t0))
}

for threads in 1 2; do
    "$INFNET" analyze "$T/busy.yaml" -o "$T/an$threads" -t $threads >"$T/an.out" 2>"$T/an.err" &
    pid=$!
    wait_for "$T/an$threads"
    sleep 1
    stop $pid
    if [ $stop_rc -eq 130 ] && [ $stop_secs -le 5 ]; then
        ok "analyze -t $threads: SIGTERM during the path measures exits 130 in ${stop_secs}s"
    else
        notok "analyze -t $threads: SIGTERM gave exit $stop_rc after ${stop_secs}s (want 130 within 5 s)" "$T/an.err"
    fi
    grep -q "interrupted while" "$T/an.err" && ok "analyze -t $threads: the message says what was interrupted" ||
        notok "analyze -t $threads: message" "$T/an.err"
    if [ -z "$(ls -A "$T/an$threads")" ]; then
        ok "analyze -t $threads: nothing written"
    else
        notok "analyze -t $threads: files left behind: $(ls -A "$T/an$threads" | tr '\n' ' ')"
    fi
done

"$INFNET" run "$T/busy.yaml" -o "$T/run" -t 2 --quiet >"$T/run.out" 2>"$T/run.err" &
pid=$!
wait_for "$T/run/meta.json"
sleep 1
stop $pid
if [ $stop_rc -eq 130 ] && [ $stop_secs -le 5 ]; then
    ok "run: SIGTERM during betweenness exits 130 in ${stop_secs}s"
else
    notok "run: SIGTERM gave exit $stop_rc after ${stop_secs}s (want 130 within 5 s)" "$T/run.err"
fi
if grep -q '"complete": false' "$T/run/meta.json" && [ "$(wc -l <"$T/run/final.csv")" -eq 1 ]; then
    ok "run: outputs marked incomplete and hold no replica"
else
    notok "run: outputs after the interruption" "$T/run/meta.json"
fi
echo "1..$n"
