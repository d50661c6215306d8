#!/bin/sh
# End-to-end tests of the infnet command as a user runs it: help and exit
# codes, validation of every example, refusal of every malformed scenario by
# both `validate` and `run` (exit 2, FILE:LINE:COL), byte-identical outputs
# across thread counts, output columns, no silent overwrite.
# Prints TAP lines ("ok N - ...", "not ok N - ..."). Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
check() {  # check NAME COMMAND...: ok when the command succeeds
    name=$1
    shift
    if "$@" >"$T/out" 2>&1; then ok "$name"; else notok "$name" "$T/out"; fi
}

# --- help, version, usage errors -------------------------------------------
check "help exits 0" "$INFNET" --help
check "run --help lists --threads" sh -c "'$INFNET' run --help | grep -q -- '--threads'"
check "version names the git commit" sh -c "'$INFNET' --version | grep -q 'git '"
"$INFNET" rnu >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "did you mean 'run'" "$T/out" && ok "unknown command: exit 2 and suggestion" || notok "unknown command" "$T/out"
"$INFNET" run >"$T/out" 2>&1
[ $? -eq 2 ] && ok "run without a scenario: exit 2" || notok "run without a scenario" "$T/out"
"$INFNET" run scenarios/examples/broker.yaml --threads 0 >"$T/out" 2>&1
[ $? -eq 2 ] && ok "bad --threads: exit 2" || notok "bad --threads" "$T/out"
"$INFNET" run scenarios/examples/broker.yaml --bogus >"$T/out" 2>&1
[ $? -eq 2 ] && ok "unknown option: exit 2" || notok "unknown option" "$T/out"
# a numeric option's value is checked on the command line: an empty, null or
# non-numeric one is refused naming the option, never replaced by the
# scenario's value or a default (the scenario is not even read)
for c in run compare; do
    for bad in "--seed=" "--seed=~" "--seed=null" "--seed=-1" "--seed=1e3" "--seed= 5" \
        "--replicas=" "--replicas=~" "--replicas=0" "--replicas=x" "--threads=" "--threads=two"; do
        opt=${bad%%=*}
        "$INFNET" $c no/such/file.yaml "$bad" >"$T/out" 2>&1
        rc=$?
        if [ $rc -eq 2 ] && grep -q -- "$opt needs" "$T/out" && ! grep -q 'no/such' "$T/out"; then
            ok "$c $bad: exit 2 naming $opt"
        else
            notok "$c $bad: exit $rc" "$T/out"
        fi
    done
done
for bad in "-n" "--seed"; do
    "$INFNET" run no/such/file.yaml $bad '' >"$T/out" 2>&1
    [ $? -eq 2 ] && grep -q "needs an integer.*got ''" "$T/out" && ok "run $bad '': exit 2" || notok "run $bad ''" "$T/out"
done
for bad in "--limit=nodes=" "--limit=nodes=~" "--limit==5" "--output=" "--set==1"; do
    "$INFNET" run no/such/file.yaml "$bad" >"$T/out" 2>&1
    [ $? -eq 2 ] && ! grep -q 'no/such' "$T/out" && ok "run $bad: exit 2" || notok "run $bad" "$T/out"
done
for bad in "--seed=" "--seed=~" "--top=" "--samples=x" "--exact-limit=1" "--key-players=0"; do
    "$INFNET" analyze no/such/file.csv "$bad" >"$T/out" 2>&1
    [ $? -eq 2 ] && grep -q -- "${bad%%=*} needs" "$T/out" && ok "analyze $bad: exit 2 naming the option" ||
        notok "analyze $bad" "$T/out"
done
# good values still reach the scenario: the largest seed, INT64_MAX, is
# recorded exactly (meta.json's integers are signed 64-bit)
"$INFNET" run scenarios/examples/broker.yaml -n 3 --seed 9223372036854775807 -o "$T/seedmax" --quiet >"$T/out" 2>&1 &&
    [ "$(jq -r ".scenarios[0].seed_text" "$T/seedmax/meta.json")" = 9223372036854775807 ] &&
    grep -q '"seed": 9223372036854775807,' "$T/seedmax/meta.json" &&
    [ "$(grep -c '"seed": 9223372036854775807,' "$T/seedmax/meta.json")" = 2 ] &&
    [ "$(jq -r '.scenarios[0].replicas_done' "$T/seedmax/meta.json")" = 3 ] &&
    ok "run -n 3 --seed 2^63-1: both reach the run, the seed recorded exactly" || notok "run -n 3 --seed 2^63-1" "$T/out"
# one above is refused everywhere, before anything is written
for c in run compare analyze; do
    "$INFNET" $c no/such/file.yaml --seed 9223372036854775808 >"$T/out" 2>&1
    [ $? -eq 2 ] &&
        grep -qx "infnet: error: --seed needs an integer from 0 to 9223372036854775807, got '9223372036854775808'" "$T/out" &&
        ok "$c --seed 2^63: exit 2 with the range" || notok "$c --seed 2^63" "$T/out"
done
"$INFNET" run scenarios/examples/broker.yaml --set monte_carlo.seed=18446744073709551615 -o "$T/seedset" >"$T/out" 2>&1
[ $? -eq 2 ] && [ ! -e "$T/seedset" ] &&
    grep -qx -- "--set:1:18: error: 'seed' must be in \[0, 9223372036854775807\], got 18446744073709551615" "$T/out" &&
    ok "--set monte_carlo.seed=2^64-1: exit 2 at --set:1:18" || notok "--set monte_carlo.seed=2^64-1" "$T/out"
# -n is bounded by the replicas limit, and its errors name -n (not the
# monte_carlo.replicas override it becomes)
for c in run compare; do
    "$INFNET" $c scenarios/examples/broker.yaml -n 9223372036854775807 -o "$T/nmax" >"$T/out" 2>&1
    [ $? -eq 2 ] && [ ! -e "$T/nmax" ] &&
        grep -qx "infnet: error: -n/--replicas needs an integer from 1 to 100000000 (the replicas limit; --limit replicas=N changes it), got '9223372036854775807'" "$T/out" &&
        ok "$c -n 2^63-1: exit 2 naming -n and its range" || notok "$c -n 2^63-1" "$T/out"
done
"$INFNET" run scenarios/examples/broker.yaml --replicas 4 --limit replicas=3 -o "$T/nlim" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "^infnet: error: -n/--replicas needs an integer from 1 to 3 " "$T/out" &&
    ok "run --replicas above --limit replicas: exit 2 naming -n" || notok "run --replicas above --limit" "$T/out"
printf 'name: mc\ntime: {steps: 2}\nmonte_carlo: 5\nnetwork:\n  nodes: [{id: a}, {id: b}]\n' >"$T/mc.yaml"
"$INFNET" run "$T/mc.yaml" -n 3 -o "$T/mc" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -qx "infnet: error: -n/--replicas: 'monte_carlo.replicas' reaches into a scalar" "$T/out" &&
    ok "run -n into a scalar monte_carlo: the error names -n" || notok "run -n into a scalar" "$T/out"
"$INFNET" run scenarios/examples/broker.yaml --thread 2 --seedd 3 >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "did you mean '--seed'" "$T/out" && ok "a misspelt option: exit 2 and the nearest option" ||
    notok "misspelt option" "$T/out"

"$INFNET" validate no/such/file.yaml >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "no/such/file.yaml" "$T/out" && ok "missing scenario file: exit 2 naming it" || notok "missing file" "$T/out"

# --- every shipped scenario validates ---------------------------------------
# (scenarios/experiments/ holds experiment files for infnet sweep, and
# observations.yaml files hold observed facts for infnet calibrate: neither
# is a scenario; tests/e2e_sweep.sh and tests/e2e_library.sh check them)
for f in $(find scenarios -name '*.yaml' -not -path 'scenarios/experiments/*' -not -name 'observations.yaml' | sort); do
    check "validate $f" "$INFNET" validate "$f"
done

# --- the malformed corpus: refused by validate and by run ------------------
nbad=0
for f in tests/fixtures/bad/*.yaml; do
    nbad=$((nbad + 1))
    for cmd in validate run; do
        if [ $cmd = run ]; then
            "$INFNET" run "$f" -o "$T/bad-out" --quiet >"$T/out" 2>&1
        else
            "$INFNET" validate "$f" >"$T/out" 2>&1
        fi
        rc=$?
        if [ $rc -eq 2 ] && grep -Eq '^[^:]+:[0-9]+:[0-9]+: error: ' "$T/out"; then
            ok "$cmd refuses $f"
        else
            echo "# exit $rc"
            notok "$cmd refuses $f" "$T/out"
        fi
    done
    if [ -e "$T/bad-out/summary.csv" ] || [ -e "$T/bad-out/meta.json" ]; then
        notok "run of $f left results behind"
    fi
done
[ "$nbad" -ge 25 ] && ok "malformed corpus has $nbad files (>= 25)" || notok "malformed corpus has only $nbad files"

# --- determinism: 1 and 2 threads give the same bytes; another seed differs --
"$INFNET" run scenarios/examples/broker.yaml -n 48 --threads 1 -o "$T/t1" --quiet --per-replica >"$T/out" 2>&1 || notok "run 1 thread" "$T/out"
"$INFNET" run scenarios/examples/broker.yaml -n 48 --threads 2 -o "$T/t2" --quiet --per-replica >"$T/out" 2>&1 || notok "run 2 threads" "$T/out"
for f in summary.csv final.csv nodes.csv replicas.csv patrons.csv; do
    check "$f identical for 1 and 2 threads" cmp "$T/t1/$f" "$T/t2/$f"
done
for f in $(cd "$T/t1/snapshots" && ls); do
    check "snapshot $f identical for 1 and 2 threads" cmp "$T/t1/snapshots/$f" "$T/t2/snapshots/$f"
done
"$INFNET" run scenarios/examples/broker.yaml -n 48 --threads 2 --seed 99 -o "$T/s99" --quiet >"$T/out" 2>&1
if cmp -s "$T/t1/summary.csv" "$T/s99/summary.csv"; then notok "another seed gives other results"; else ok "another seed gives other results"; fi

# --- dated events ------------------------------------------------------------
# the library's rivalry scenario dates Hejazi's and Nasrallah's ties
"$INFNET" validate scenarios/post_soleimani/agency_rivalry_2021.yaml >"$T/out" 2>&1 &&
    grep -q ', 2 pressures (sanctions 0..36, decapitation at 0), 8 events (1 appear, 7 tie; steps 1 to 13), 36 steps' "$T/out" &&
    ok "validate agency_rivalry_2021: its 8 dated events counted" || notok "validate agency_rivalry_2021 events" "$T/out"
# refusals at the value at fault, with the place of the appearance they contradict
ev_refused() {  # NAME FILE EXPECTED-LINE [--set KEY=VALUE]
    name=$1 file=$2 want=$3
    shift 3
    "$INFNET" validate "$file" "$@" >"$T/out" 2>&1
    rc=$?
    if [ $rc -eq 2 ] && grep -qxF -- "$want" "$T/out"; then ok "$name"; else echo "# exit $rc"; notok "$name" "$T/out"; fi
}
B=tests/fixtures/bad
ev_refused "events: a tie before its node appears" $B/event_tie_before_appear.yaml \
    "$B/event_tie_before_appear.yaml:13:25: error: 'hejazi' appears at step 3 (at 14:21): an event at step 2 cannot name it"
ev_refused "events: a step-0 edge to a node that appears later" $B/event_edge_to_appearing.yaml \
    "$B/event_edge_to_appearing.yaml:13:7: error: command edge between 'beit' and 'hejazi' at step 0, but 'hejazi' appears at step 3 (at 15:21): date the tie with a tie event"
ev_refused "events: a step beyond the horizon" $B/event_beyond_horizon.yaml \
    "$B/event_beyond_horizon.yaml:13:10: error: 'at' must be in [0, 36], got 40"
ev_refused "events: a negative weight" $B/event_negative_weight.yaml \
    "$B/event_negative_weight.yaml:13:64: error: 'weight' must be in [1e-06, 1], got -0.5"
ev_refused "events: an authority out of range" $B/event_attr_range.yaml \
    "$B/event_attr_range.yaml:13:44: error: 'authority' must be in [0, 1], got 1.5"
ev_refused "events: an unknown node with the nearest id" $B/event_unknown_node.yaml \
    "$B/event_unknown_node.yaml:13:21: error: unknown node 'hejaz' in appear (did you mean 'hejazi'?)"
E=tests/fixtures/good/events.yaml
ev_refused "events: --set moves an appearance after its tie" $E \
    "$E:20:25: error: 'hejazi' appears at step 4 (at 21:21): an event at step 3 cannot name it" --set events.1.at=4
ev_refused "events: --set a step beyond the horizon" $E \
    "--set:1:13: error: 'at' must be in [0, 6], got 7" --set events.3.at=7

# --- sources and assumptions (docs/FORMAT.md, "Sources and assumptions") -----
# validate --assumptions on a base and a child that extends it: each written
# item listed once, sorted by file and line, with its reason; numbers sourced
# through values_src are counted but not listed; an item citing nothing is
# "no source given"; the child's override drops the inherited reason.
G=tests/fixtures/good
"$INFNET" validate $G/assumptions_base.yaml $G/assumptions_child.yaml --assumptions >"$T/out" 2>&1
rc=$?
cat >"$T/want" <<EOF
scenario assumptions-base: 3 nodes (1 agency, 1 leader, 1 faction) and 2 spawn slots, 2 ties (1 command, 1 funding), 1 pressure (sanctions at 1), 1 event (1 tie; step 1), 2 steps, 100 replicas, seed 1, dynamics on
scenario assumptions-child: 3 nodes (1 agency, 1 leader, 1 faction) and 2 spawn slots, 3 ties (2 command, 1 funding), 1 pressure (sanctions at 1), 1 event (1 tie; step 1), 2 steps, 100 replicas, seed 1, dynamics on
$G/assumptions_base.yaml:10: number model alignment.rate 0.2: judgement call
$G/assumptions_base.yaml:13: number node a stance 0.4: judgement call
$G/assumptions_base.yaml:14: node l: no source names the leader
$G/assumptions_base.yaml:14: number node l authority 0.5: judgement call
$G/assumptions_base.yaml:15: node f: no source given
$G/assumptions_base.yaml:15: number node f strength 0.8: judgement call
$G/assumptions_base.yaml:17: number tie a->f funding weight 0.3: judgement call
$G/assumptions_base.yaml:18: tie l->f command: the document does not say which faction
$G/assumptions_base.yaml:20: pressure sanctions at 1 on a: a what-if
$G/assumptions_base.yaml:20: number pressure sanctions at 1 on a intensity 0.5: judgement call
$G/assumptions_base.yaml:22: event at 1 tie l->f command: dated at step 1
$G/assumptions_base.yaml:22: number event at 1 tie l->f command weight 0.6: judgement call
$G/assumptions_child.yaml:10: tie a->l command: the agency's command of him is assumed
$G/assumptions_child.yaml:10: number tie a->l command weight 0.7: judgement call
assumptions: 6 of 9 items; 8 of 10 numbers are judgement calls
EOF
[ $rc -eq 0 ] && cmp -s "$T/out" "$T/want" && ok "validate --assumptions: the exact ledger of a base and its child" ||
    { diff "$T/want" "$T/out" >"$T/diff"; notok "validate --assumptions ledger (exit $rc)" "$T/diff"; }
# the child alone: its merged scenario only (the leader is sourced there)
"$INFNET" validate $G/assumptions_child.yaml --assumptions 2>&1 | tail -n 1 >"$T/out"
[ "$(cat "$T/out")" = "assumptions: 5 of 8 items; 7 of 9 numbers are judgement calls" ] &&
    ok "validate --assumptions: a child's merged scenario counted alone" || notok "child's counts" "$T/out"
# run records the counts in meta.json
"$INFNET" run $G/assumptions_base.yaml -n 2 -o "$T/asm" --quiet >"$T/out" 2>&1 &&
    [ "$(jq -c '.scenarios[0].assumptions' "$T/asm/meta.json")" = '{"items":7,"assumed_items":5,"numbers":8,"judgement_calls":7}' ] &&
    ok "run: meta.json records the scenario's assumption counts" ||
    notok "meta.json assumptions: $(jq -c '.scenarios[0].assumptions' "$T/asm/meta.json" 2>&1)" "$T/out"
# refusals, exit 2 at the value at fault
asm_refused() {  # NAME EXPECTED NODE-LINE [SOURCES-LINE]
    name=$1 want=$2 item=$3 srcs=${4:-"sources: {doc: {title: T}}"}
    printf 'name: asm\n%s\ntime: {steps: 2}\nnetwork:\n  nodes:\n%s\n' "$srcs" "$item" >"$T/asm.yaml"
    "$INFNET" validate "$T/asm.yaml" >"$T/out" 2>&1
    rc=$?
    if [ $rc -eq 2 ] && [ "$(cat "$T/out")" = "$T/asm.yaml:$want" ]; then ok "$name"; else echo "# exit $rc"; notok "$name" "$T/out"; fi
}
asm_refused "assumption without a reason" \
    "6:40: error: 'assumption' in src needs a 'reason': what is assumed and why" \
    "    - {id: a, kind: agency, src: [doc, assumption]}"
asm_refused "a reason without assumption" \
    "6:41: error: 'reason' needs 'assumption' in src: a reason explains an assumption" \
    '    - {id: a, kind: agency, src: [doc], reason: "why"}'
asm_refused "a reason and no src at all" \
    "6:29: error: 'reason' needs 'assumption' in src: a reason explains an assumption" \
    '    - {id: a, kind: agency, reason: "why"}'
asm_refused "an empty reason" \
    "6:56: error: 'reason' must say what is assumed and why, not be empty" \
    '    - {id: a, kind: agency, src: [assumption], reason: ""}'
asm_refused "'assumption' as a source key" \
    "2:11: error: source key 'assumption' is reserved: 'src: [assumption]' with a 'reason' marks what no source says" \
    '    - {id: a, kind: agency, src: [assumption], reason: "why"}' "sources: {assumption: {title: T}}"
asm_refused "values_src naming a number the item does not have" \
    "6:67: error: 'values_src' names 'weight', which is not a number of this node (strength, stance, budget, revenue, authority)" \
    '    - {id: a, kind: agency, budget: 0.5, src: [doc], values_src: {weight: "w"}}'
asm_refused "values_src naming a number the item does not set" \
    "6:67: error: 'values_src' names 'stance', which this node does not set" \
    '    - {id: a, kind: agency, budget: 0.5, src: [doc], values_src: {stance: "w"}}'
asm_refused "values_src without a document" \
    "6:72: error: 'values_src' needs a source in 'src': the document its words come from" \
    '    - {id: a, kind: agency, budget: 0.5, src: [assumption], reason: r, values_src: {budget: "w"}}'
"$INFNET" validate scenarios/experiments/succession_by_sanctions.yaml --assumptions >"$T/out" 2>&1
[ $? -eq 2 ] && grep -qxF "infnet: error: scenarios/experiments/succession_by_sanctions.yaml is an experiment file (it has 'factors'): --assumptions applies to scenario files only" "$T/out" &&
    ok "validate --assumptions refuses an experiment file" || notok "--assumptions on an experiment file" "$T/out"
# a sweep may vary an event's step; a step its scenario refuses is reported at the factor
printf 'name: ev-sweep\nscenarios: [%s]\nfactors:\n  - {key: events.1.at, range: [0, 3]}\ndesign: {method: factorial, levels: 4}\nreplicas: 4\n' \
    "$PWD/$E" >"$T/evx.yaml"
"$INFNET" validate "$T/evx.yaml" >"$T/out" 2>&1 && grep -q '1 factor, factorial design (4 levels): 4 points x 4 replicas' "$T/out" &&
    ok "events: an experiment varies events.1.at" || notok "events: an experiment varies events.1.at" "$T/out"
sed -i 's/range: \[0, 3\]/range: [0, 4]/' "$T/evx.yaml"
ev_refused "events: an experiment's step its scenario refuses" "$T/evx.yaml" \
    "$T/evx.yaml:4:35: error: cannot set events.1.at=4 in $PWD/$E: $PWD/$E:20:25: 'hejazi' appears at step 4 (at 21:21): an event at step 3 cannot name it"
# the same bytes at 1 and 2 threads; a node and its tie absent before their step
for th in 1 2; do
    "$INFNET" run $E -n 24 --threads $th -o "$T/ev$th" --quiet --per-replica >"$T/out" 2>&1 || notok "run events $th" "$T/out"
done
for f in summary.csv final.csv nodes.csv replicas.csv patrons.csv; do
    check "events: $f identical for 1 and 2 threads" cmp "$T/ev1/$f" "$T/ev2/$f"
done
# nodes.csv: scenario,step,node,metric,n,mean,...: hejazi present (mean) 0 at
# steps 0..2 and 1 from step 3, with the one command tie dated at step 3
awk -F, '$3 == "hejazi" && $4 == "present" { printf "%s:%s ", $2, $6 }' "$T/ev1/nodes.csv" >"$T/out"
[ "$(cat "$T/out")" = "0:0 1:0 2:0 3:1 4:1 5:1 6:1 " ] && ok "events: hejazi absent before step 3, present from it" ||
    notok "events: hejazi's presence by step" "$T/out"
awk -F, '$3 == "hejazi" && $4 == "degree" { printf "%s:%s:%s ", $2, $5, $6 }' "$T/ev1/nodes.csv" >"$T/out"
[ "$(cat "$T/out")" = "0:0: 1:0: 2:0: 3:24:1 4:24:1 5:24:1 6:24:1 " ] && ok "events: hejazi's tie from step 3 on" ||
    notok "events: hejazi's degree by step" "$T/out"
# patrons.csv: patrons that do not move (dynamics off) give exact shares; a
# faction removed at step 2 is counted in no replica from then on
"$INFNET" run tests/fixtures/good/patrons.yaml --threads 2 -o "$T/pat" --quiet >"$T/out" 2>&1 || notok "run patrons" "$T/out"
awk -F, '$2 == 0 || $2 == 4 { printf "%s:%s:%s:%s:%s ", $2, $3, $4, $5, $6 }' "$T/pat/patrons.csv" >"$T/out"
[ "$(head -1 "$T/pat/patrons.csv")" = "scenario,step,node,patron,n,share" ] &&
    [ "$(cat "$T/out")" = "0:kh:qf:8:0 0:kh:beit:8:1 0:kh:none:8:0 0:aah:qf:8:1 0:aah:beit:8:0 0:aah:none:8:0 0:badr:qf:8:0 0:badr:beit:8:0 0:badr:none:8:1 4:kh:qf:8:0 4:kh:beit:8:1 4:kh:none:8:0 4:aah:qf:0: 4:aah:beit:0: 4:aah:none:0: 4:badr:qf:8:0 4:badr:beit:8:0 4:badr:none:8:1 " ] &&
    [ "$(wc -l <"$T/pat/patrons.csv")" -eq 28 ] &&
    ok "patrons.csv: each faction's patron by replica, exact shares; none after its removal" ||
    notok "patrons.csv of tests/fixtures/good/patrons.yaml" "$T/out"
# outputs.patrons false, or a scenario without agencies: the header alone
"$INFNET" run tests/fixtures/good/patrons.yaml --set outputs.patrons=false -o "$T/nopat" --quiet >"$T/out" 2>&1 &&
    "$INFNET" run tests/fixtures/calibrate/percolation.yaml -n 2 -o "$T/noag" --quiet >>"$T/out" 2>&1 &&
    [ "$(cat "$T/nopat/patrons.csv")" = "scenario,step,node,patron,n,share" ] &&
    [ "$(cat "$T/noag/patrons.csv")" = "scenario,step,node,patron,n,share" ] &&
    [ "$(jq -c '[.scenarios[0].outputs.patrons]' "$T/nopat/meta.json")" = "[false]" ] &&
    ok "patrons.csv: no rows with outputs.patrons false or without agencies" || notok "patrons.csv switched off" "$T/out"
# the shares of one faction at one step add up to 1 (spawned factions included)
awk -F, 'NR > 1 && $5 > 0 { s[$2 "," $3] += $6 } END { for (k in s) if (s[k] < 0.999999 || s[k] > 1.000001) { print "# " k " " s[k]; bad = 1 } exit bad }' \
    "$T/t1/patrons.csv" >"$T/out" && grep -q '^broker-example,0,kh,qf,48,1$' "$T/t1/patrons.csv" &&
    ok "patrons.csv: shares add up to 1 per faction and step" || notok "patrons.csv shares" "$T/out"
for th in 1 2; do
    "$INFNET" run scenarios/post_soleimani/agency_rivalry_2021.yaml -n 16 --threads $th -o "$T/ar$th" --quiet >"$T/out" 2>&1 ||
        notok "run agency_rivalry_2021 $th" "$T/out"
done
for f in summary.csv final.csv nodes.csv patrons.csv; do
    check "agency_rivalry_2021: $f identical for 1 and 2 threads" cmp "$T/ar1/$f" "$T/ar2/$f"
done

# --- columns and contents ----------------------------------------------------
check "summary.csv header" sh -c "head -n 1 '$T/t1/summary.csv' | grep -qx 'scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95'"
check "final.csv header" sh -c "head -n 1 '$T/t1/final.csv' | grep -qx 'scenario,replica,metric,value'"
check "nodes.csv header" sh -c "head -n 1 '$T/t1/nodes.csv' | grep -qx 'scenario,step,node,metric,n,mean,sd,q05,q50,q95'"
check "replicas.csv header" sh -c "head -n 1 '$T/t1/replicas.csv' | grep -qx 'scenario,replica,step,metric,value'"
# 25 recorded steps x 34 metrics + header
check "summary.csv has one row per step and metric" sh -c "[ \$(wc -l < '$T/t1/summary.csv') -eq $((25 * 34 + 1)) ]"
# 48 replicas x 34 metrics + header
check "final.csv has one row per replica and metric" sh -c "[ \$(wc -l < '$T/t1/final.csv') -eq $((48 * 34 + 1)) ]"

# --- event metrics: counts consistent with each other, replica by replica ----
# broker.yaml records every step, so in every replica each cumulative count
# is the running sum of its _step count; the factions that have left their
# step-0 patron are no more than the switches, nor than the scenario's 4
# factions; counts are whole and never fall.
awk -F, -v factions=4 '
    NR > 1 { v[$2 "," $3 "," $4] = $5; if ($3 > last) last = $3; reps[$2] = 1 }
    END {
        split("fronts_created splinters_created patron_switches leaders_killed factions_dissolved ties_created ties_dissolved", ev, " ")
        bad = 0; seen = 0
        for (r in reps) {
            for (i in ev) {
                sum = 0
                for (t = 0; t <= last; t++) {
                    c = v[r "," t "," ev[i]]; s = v[r "," t "," ev[i] "_step"]
                    sum += s
                    if (c != sum || c != int(c) || s < 0) { print "# replica " r " step " t " " ev[i] " = " c ", running sum of _step = " sum; bad++ }
                    seen += c
                }
            }
            for (t = 0; t <= last; t++) {
                l = v[r "," t ",left_initial_patron"]
                if (l > v[r "," t ",patron_switches"] || l > factions) { print "# replica " r " step " t ": left_initial_patron " l; bad++ }
                if (v[r "," t ",left_initial_patron_step"] > l) { print "# replica " r " step " t ": left_initial_patron_step above left_initial_patron"; bad++ }
            }
        }
        if (seen == 0) { print "# no event at all: nothing was checked"; bad++ }
        exit bad > 0
    }' "$T/t1/replicas.csv" >"$T/out" 2>&1 &&
    ok "event metrics: cumulative = running sum of _step in every replica; left_initial_patron <= switches, factions" ||
    notok "event metrics consistent" "$T/out"
# the removal of soleimani at step 6 (broker.yaml) is one leader killed in every replica
check "leaders_killed counts the removal at step 6" sh -c "grep -qx 'broker-example,6,leaders_killed_step,48,1,0,1,1,1,1,1' '$T/t1/summary.csv' &&
    grep -qx 'broker-example,5,leaders_killed,48,0,0,0,0,0,0,0' '$T/t1/summary.csv' &&
    grep -qx 'broker-example,24,leaders_killed,48,1,0,1,1,1,1,1' '$T/t1/summary.csv'"
# per faction: left_patron is 0/1 over all replicas for the 4 step-0 factions
# and absent for every other node; left_step, where given, is a step already reached
awk -F, 'NR > 1 && $4 == "left_patron" && ($3 ~ /^(kh|aah|badr|nujaba)$/) != ($5 == 48 && $6 >= 0 && $6 <= 1) { print "# " $0; bad++ }
    NR > 1 && $4 == "left_patron" && $3 !~ /^(kh|aah|badr|nujaba)$/ && $5 != 0 { print "# " $0; bad++ }
    NR > 1 && $4 == "left_step" && $5 > 0 && ($8 < 1 || $10 > $2) { print "# " $0; bad++ }
    NR > 1 && $4 == "left_patron" && $3 == "kh" { kh++ }
    END { if (kh != 25) { print "# kh has " kh " left_patron rows, expected 25"; bad++ } exit bad > 0 }' "$T/t1/nodes.csv" >"$T/out" 2>&1 &&
    ok "nodes.csv: left_patron and left_step of every step-0 faction" || notok "nodes.csv: left_patron and left_step" "$T/out"
check "every final row belongs to the scenario" sh -c "tail -n +2 '$T/t1/final.csv' | cut -d, -f1 | sort -u | grep -qx broker-example"
check "nodes at step 0 are all present" sh -c "grep -q '^broker-example,0,kh,present,48,1,0,1,1,1\$' '$T/t1/nodes.csv'"
check "soleimani absent after his removal at step 6" sh -c "grep -q '^broker-example,6,soleimani,present,48,0,0,0,0,0\$' '$T/t1/nodes.csv'"
check "meta.json parses and records threads" sh -c "jq -e '.threads == 1 and .complete == true and (.scenarios[0].files[0].sha256 | length) == 64' '$T/t1/meta.json'"
check "snapshots are GraphML" sh -c "grep -q '<graphml' '$T/t1/snapshots/broker-example_step0.graphml'"
check "no temporary files left" sh -c "! ls -a '$T/t1' | grep -q '\.tmp\$'"
check "replicas.csv only with --per-replica" sh -c "[ ! -e '$T/s99/replicas.csv' ]"

# --- the budget of exactly kept values goes to the selected metrics ----------
# With one metric selected, its 25 cells share the whole summary budget: 1000
# replicas are all kept and q50 is the exact median (R type 7) of the 1000
# values in final.csv; were all the metrics' cells counted, each would keep
# fewer than 1000 and the median would be a P2 estimate.
"$INFNET" run scenarios/examples/broker.yaml -n 1000 --threads 2 -o "$T/one-metric" --quiet \
    --set 'outputs.metrics=[mean_strength]' >"$T/out" 2>&1 || notok "run with one metric" "$T/out"
want=$(awk -F, 'NR > 1 { print $4 }' "$T/one-metric/final.csv" | sort -g | awk '{ v[NR] = $1 } END { printf "%.17g", (v[500] + v[501]) / 2 }')
got=$(awk -F, '$2 == 24 && $3 == "mean_strength" { print $9 }' "$T/one-metric/summary.csv")
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b != "" && d <= 1e-12 * (a < 0 ? -a : a)) }' &&
    ok "one selected metric keeps every replica: q50 is the exact median" ||
    notok "one selected metric: q50 $got, exact median $want"

# --- several scenarios in one output directory -------------------------------
"$INFNET" run scenarios/examples/attack_ba.yaml scenarios/examples/random_ba.yaml -n 2 -o "$T/multi" --quiet >"$T/out" 2>&1
check "two scenarios share one summary.csv" sh -c "cut -d, -f1 '$T/multi/summary.csv' | sort -u | tr '\n' ' ' | grep -qx 'attack-ba random-ba scenario '"

# --- no silent overwrite ------------------------------------------------------
"$INFNET" run scenarios/examples/broker.yaml -n 4 -o "$T/t1" --quiet >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q -- '--force' "$T/out" && ok "refuses to overwrite results without --force" || notok "overwrite refused" "$T/out"
check "--force replaces results" "$INFNET" run scenarios/examples/broker.yaml -n 4 -o "$T/t1" --quiet --force
check "--force wrote the new replica count" sh -c "[ \$(wc -l < '$T/t1/final.csv') -eq $((4 * 34 + 1)) ]"

# --- --set overrides ---------------------------------------------------------
check "--set changes the step count" sh -c "'$INFNET' run scenarios/examples/broker.yaml -n 2 --set time.steps=8 --set outputs.snapshots=[0] -o '$T/set' --quiet && [ \$(wc -l < '$T/set/summary.csv') -eq $((9 * 34 + 1)) ]"
"$INFNET" run scenarios/examples/broker.yaml --set monte_carlo.replica=5 -o "$T/set2" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "did you mean 'replicas'" "$T/out" && ok "bad --set key: exit 2 with suggestion" || notok "bad --set key" "$T/out"

"$INFNET" validate scenarios/examples/broker.yaml --set pressures.0.at=30 >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "'at' must be in \[0, 24\], got 30" "$T/out" && ok "--set with a list index reaches the pressure" || notok "--set list index" "$T/out"
"$INFNET" validate scenarios/examples/broker.yaml --set pressures.5.at=3 >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "past the end of a list of 1 items" "$T/out" && ok "--set index out of range: exit 2" || notok "--set index out of range" "$T/out"

# --- weighted_fragmentation: a 4-node chain, by hand ---------------------------
# a -1- l -0.5- f1 -0.25- f2; as distances 1/w: d(a,l) = 1, d(l,f1) = 2,
# d(f1,f2) = 4, d(a,f1) = 3, d(l,f2) = 6, d(a,f2) = 7. Sum of 1/d over the 6
# pairs: 1 + 1/2 + 1/4 + 1/3 + 1/6 + 1/7 = 201/84; over the 12 ordered pairs
# the mean is 201/504, so weighted_fragmentation = 1 - 201/504 = 303/504 =
# 0.60119047619...; the unweighted distance_fragmentation (hops 1,1,1,2,2,3)
# is 1 - (3 + 1/2 + 1/2 + 1/3)/6 = 5/18 = 0.27777...
cat >"$T/w4.yaml" <<'YAML'
name: weighted-chain
time: {steps: 1, unit: month, start: 2020-01}
monte_carlo: {replicas: 1, seed: 1}
network:
  nodes:
    - {id: a, kind: agency, budget: 1.0, stance: 0.5}
    - {id: l, kind: leader, authority: 1.0}
    - {id: f1, kind: faction, strength: 0.5, stance: 0.5, patron: a}
    - {id: f2, kind: faction, strength: 0.5, stance: 0.5, patron: a}
  edges:
    - {from: a, to: l, type: command, weight: 1.0}
    - {from: l, to: f1, type: personal, weight: 0.5}
    - {from: f1, to: f2, type: coordination, weight: 0.25}
YAML
"$INFNET" run "$T/w4.yaml" -o "$T/w4" --quiet >"$T/out" 2>&1
got=$(awk -F, '$2 == 0 && ($3 == "weighted_fragmentation" || $3 == "distance_fragmentation") { printf "%s=%.12f ", $3, $5 }' "$T/w4/summary.csv")
[ "$got" = "distance_fragmentation=0.277777777778 weighted_fragmentation=0.601190476190 " ] &&
    ok "weighted_fragmentation of a 4-node weighted chain: 303/504, by default; distance_fragmentation 5/18" ||
    notok "weighted_fragmentation by hand: got '$got'" "$T/out"
"$INFNET" run "$T/w4.yaml" -o "$T/w4w" --weights --quiet >"$T/out" 2>&1
got=$(awk -F, '$2 == 0 && ($3 == "weighted_fragmentation" || $3 == "distance_fragmentation") { printf "%s=%.12f ", $3, $5 }' "$T/w4w/summary.csv")
[ "$got" = "distance_fragmentation=0.601190476190 weighted_fragmentation=0.601190476190 " ] &&
    ok "with --weights distance_fragmentation is weighted_fragmentation" || notok "--weights: got '$got'" "$T/out"

# --- validate --set: a value that acts only through weights the metrics ignore --
"$INFNET" validate scenarios/examples/broker.yaml --set model.succession.share=0.2 \
    --set 'outputs.metrics=[fragmentation, patron_entropy]' --set network.edges.3.weight=0.5 \
    --set model.alignment.rate=0.2 >"$T/out" 2>"$T/err"
rc=$?
printf '%s\n' "infnet: warning: --set model.succession.share acts only through tie weights, and no metric of scenario 'broker-example' sees them: the metrics show it only once a tie dissolves or a patron choice tips; add weighted_fragmentation to the metrics (or measure with outputs.weighted: true)" \
    "infnet: warning: --set network.edges.3.weight acts only through tie weights, and no metric of scenario 'broker-example' sees them: the metrics show it only once a tie dissolves or a patron choice tips; add weighted_fragmentation to the metrics (or measure with outputs.weighted: true)" >"$T/want"
[ $rc -eq 0 ] && cmp -s "$T/want" "$T/err" &&
    ok "validate --set: a warning for each weight-only key the metrics cannot see (exit 0)" ||
    { diff "$T/want" "$T/err" >"$T/d" 2>&1; notok "validate weight-only warning: exit $rc" "$T/d"; }
"$INFNET" validate scenarios/examples/broker.yaml --set model.succession.share=0.2 >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && [ ! -s "$T/err" ] && ok "validate --set: no warning when weighted_fragmentation is measured (the default)" ||
    notok "validate --set with the default metrics warned" "$T/err"

# --- unwritable output directory: exit 1 --------------------------------------
if [ "$(id -u)" != 0 ]; then
    mkdir -p "$T/ro" && chmod 555 "$T/ro"
    "$INFNET" run scenarios/examples/broker.yaml -n 2 -o "$T/ro/x" --quiet >"$T/out" 2>&1
    [ $? -eq 1 ] && ok "unwritable output: exit 1" || notok "unwritable output" "$T/out"
fi
"$INFNET" run scenarios/examples/broker.yaml -n 2 -o /dev/null/x --quiet >"$T/out" 2>&1
[ $? -eq 1 ] && grep -q '/dev/null' "$T/out" && ok "output under a non-directory: exit 1 naming the path" || notok "bad output path" "$T/out"

# --- structural variants (docs/MODEL.md, "Structural variants"): each a model
# parameter, refused out of range at FILE:LINE:COL, shown by validate when not
# the default, and recorded in meta.json
sed 's/^monte_carlo: .*/&\nmodel: {alignment: {reach: some}}/' scenarios/examples/broker.yaml >"$T/reach.yaml"
line=$(grep -n '^model:' "$T/reach.yaml" | cut -d: -f1)
"$INFNET" validate "$T/reach.yaml" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -qxF "$T/reach.yaml:$line:28: error: 'alignment.reach' must be tied or all, got 'some'" "$T/out" &&
    ok "model.alignment.reach: an unknown level refused at FILE:LINE:COL" || notok "model.alignment.reach: some" "$T/out"
for kv in institutions.binding=10.5 sanctions.dependence=-0.1 directives.coordinated=2 fronts.actors=yes; do
    "$INFNET" validate scenarios/examples/broker.yaml --set "model.$kv" >"$T/out" 2>&1
    [ $? -eq 2 ] && grep -q "^--set:1:[0-9]*: error: '${kv%%=*}' must be" "$T/out" &&
        ok "--set model.$kv: refused at --set:1:COL" || notok "--set model.$kv" "$T/out"
done
"$INFNET" validate scenarios/examples/broker.yaml >"$T/out" 2>&1 && ! grep -q structure "$T/out" &&
    ok "validate: the default structure is not mentioned" || notok "validate: default structure" "$T/out"
"$INFNET" validate scenarios/examples/broker.yaml --set model.directives.coordinated=true \
    --set model.institutions.binding=0.5 --set model.sanctions.dependence=0.25 --set model.fronts.actors=true \
    --set model.alignment.reach=all >"$T/out" 2>&1 &&
    grep -q ', dynamics on (structure: coordinated directives, institutions bind 0.5, sanctions dependence 0.25, fronts as actors, reach all)$' "$T/out" &&
    ok "validate: every structural variant shown" || notok "validate: structural variants" "$T/out"
"$INFNET" run scenarios/examples/broker.yaml -n 2 --set model.alignment.reach=all --set model.sanctions.dependence=0.25 \
    -o "$T/variants" --quiet >"$T/out" 2>&1 &&
    [ "$(jq -c '.scenarios[0].parameters | [."alignment.reach", ."directives.coordinated", ."institutions.binding", ."sanctions.dependence", ."fronts.actors"]' "$T/variants/meta.json")" = '["all",false,0,0.25,false]' ] &&
    ok "meta.json records the structural variants" || notok "meta.json: structural variants" "$T/variants/meta.json"

echo "1..$n"
