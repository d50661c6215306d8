#!/bin/sh
# A signal stops every long computation: SIGTERM in the middle of igraph's
# shortest paths or betweenness (a 20 000-node network measured exactly, which
# takes minutes) ends `analyze` and `run` within seconds with exit 130, and
# nothing half-written: analyze leaves no result file, run leaves outputs
# marked incomplete that --resume continues. A second signal during the stop
# is answered with a message and changes nothing of that.
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

# the reports' long loops: immediate impact over every node (one analysis
# per node) and the key-player searches poll the signal too
cat >"$T/mid.yaml" <<'EOS'
name: mid
time: {steps: 1}
monte_carlo: {replicas: 1, seed: 1}
network:
  generate: {model: barabasi_albert, n: 3000, m: 2}
EOS
for what in "--impact" "--key-players 40"; do
    # shellcheck disable=SC2086 # the option and its value are two words
    "$INFNET" analyze "$T/mid.yaml" $what -o "$T/rep" -t 1 >"$T/an.out" 2>"$T/an.err" &
    pid=$!
    wait_for "$T/rep"
    sleep 3
    stop $pid
    if [ $stop_rc -eq 130 ] && [ $stop_secs -le 5 ] && grep -q "interrupted while" "$T/an.err" &&
        [ ! -e "$T/rep" ]; then
        ok "analyze $what: SIGTERM exits 130 in ${stop_secs}s, says so, leaves not even the directory it made"
    else
        notok "analyze $what: exit $stop_rc after ${stop_secs}s, left: $(ls -A "$T/rep" 2>&1 | tr '\n' ' ')" "$T/an.err"
    fi
    rm -rf "$T/rep"
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
# A second signal while the run stops (Ctrl-C pressed twice) does not kill
# it: the stop still completes the outputs, the checkpoint and the lock, the
# second signal is answered with a message, and --resume continues.
cat >"$T/long.yaml" <<'EOS'
name: long
time: {steps: 1000}
monte_carlo: {replicas: 3, seed: 1}
network:
  generate: {model: barabasi_albert, n: 1000, m: 3}
outputs: {metrics: [nodes], node_steps: none}
EOS
# clean DIR NAME: exit 130 with the run's own message, no temporary file, no
# lock file, a checkpoint; then --resume completes the run
clean() {
    if [ $stop_rc -eq 130 ] && grep -q "^infnet: error: interrupted: '$1' holds the outputs of" "$T/$2.err"; then
        ok "$2: exit 130 with the run's message"
    else
        notok "$2: exit $stop_rc" "$T/$2.err"
    fi
    left=$(ls -A "$1" | grep -E '\.tmp$|^\.lock$' | tr '\n' ' ')
    [ -z "$left" ] && [ -e "$1/.checkpoint" ] && ok "$2: no temporary or lock file left, a checkpoint kept" ||
        notok "$2: left: $(ls -A "$1" | tr '\n' ' ')"
    "$INFNET" run "$T/long.yaml" -o "$1" -t 1 --quiet --resume >"$T/$2.resume" 2>&1 &&
        grep -q '"complete": true' "$1/meta.json" && [ "$(jq -r '.scenarios[0].replicas_done' "$1/meta.json")" = 3 ] &&
        ok "$2: --resume completes the run" || notok "$2: --resume" "$T/$2.resume"
}
# two signals delivered together (the process stopped while both are sent):
# the second always arrives during the stop
"$INFNET" run "$T/long.yaml" -o "$T/twice" -t 1 --quiet >/dev/null 2>"$T/twice.err" &
pid=$!
wait_for "$T/twice/.lock"
kill -STOP $pid
kill -INT $pid
kill -TERM $pid
kill -CONT $pid
wait $pid
stop_rc=$?
grep -qx "infnet: already stopping: completing its files (Ctrl-\\\\ quits at once, but leaves temporary files)" "$T/twice.err" &&
    ok "SIGINT then SIGTERM: the second is answered, not fatal" || notok "SIGINT then SIGTERM: no message" "$T/twice.err"
clean "$T/twice" twice
# Ctrl-C twice in quick succession: 10 ms apart, the second one lands in the
# stop (which takes tens of ms here), where it used to kill the process and
# leave .tmp files, the lock file and no message
"$INFNET" run "$T/long.yaml" -o "$T/intint" -t 1 --quiet >/dev/null 2>"$T/intint.err" &
pid=$!
wait_for "$T/intint/.lock"
kill -INT $pid
sleep 0.01
kill -INT $pid 2>/dev/null
wait $pid
stop_rc=$?
clean "$T/intint" intint
echo "1..$n"
