#!/bin/sh
# End-to-end tests of `infnet compare` as a user runs it: two runs of one
# scenario compared (exit 0, the exact header, a row for every metric and
# step), the rank test's nominal rejection rate over 100 pairs of runs that
# differ only in their seed, refusal of runs with different step counts
# (exit 2), scenario files compared directly, no silent overwrite, scenario
# files of different lengths refused before either runs, and refusal (exit
# 2, with the place) of what no run writes: numbers in another form (NaN,
# hexadecimal, a space, inf, an overflow), negative sds, n above the
# replicas, decreasing quantiles, an extra column, an undefined final value
# summary.csv counts, and a meta.json that is missing, a FIFO, an array,
# has a key twice, a string for complete, a complete run short of replicas
# or another scenario's name.
# Prints TAP lines ("ok N - ...", "not ok N - ..."). INFNET is the binary.
# Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"

S=scenarios/examples/broker.yaml
HEADER="metric,step,scenario_a,scenario_b,n_a,n_b,mean_a,mean_b,diff,ci_low,ci_high,effect_size,p_value,test,p_holm"

# --- (1) two runs of one scenario, different seeds ---------------------------
"$INFNET" run "$S" -n 200 --seed 1 -o "$T/s1" --quiet >"$T/out" 2>&1 &&
    "$INFNET" run "$S" -n 200 --seed 2 -o "$T/s2" --quiet >>"$T/out" 2>&1 ||
    notok "run broker twice" "$T/out"
"$INFNET" compare "$T/s1" "$T/s2" -o "$T/c12" >"$T/table" 2>"$T/out"
rc=$?
[ $rc -eq 0 ] && ok "compare two runs: exit 0" || notok "compare two runs: exit $rc" "$T/out"
[ "$(head -n 1 "$T/c12/comparison.csv" 2>/dev/null)" = "$HEADER" ] &&
    ok "comparison.csv header" || notok "comparison.csv header" "$T/c12/comparison.csv"
# every (metric, step) of summary.csv has exactly one row
awk -F, 'NR > 1 { print $3 "," $2 }' "$T/s1/summary.csv" | sort >"$T/want"
awk -F, 'NR > 1 { print $1 "," $2 }' "$T/c12/comparison.csv" | sort >"$T/got"
if [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
    ok "a row for every metric and step ($(wc -l <"$T/want") rows)"
else
    diff "$T/want" "$T/got" >"$T/out" 2>&1
    notok "a row for every metric and step" "$T/out"
fi
last=$(awk -F, 'NR > 1 && $2 + 0 > m { m = $2 + 0 } END { print m }' "$T/s1/summary.csv")
# the last step is tested on final.csv (rank test), earlier steps on summaries (Welch), Holm only last
bad=$(awk -F, -v last="$last" 'NR > 1 && (($2 == last) != ($14 == "mann_whitney") ||
      ($2 == last) != ($15 != "")) { c++ } END { print c + 0 }' "$T/c12/comparison.csv")
[ "$bad" -eq 0 ] && ok "rank test and Holm at the last step, Welch before" ||
    notok "tests by step ($bad rows wrong)" "$T/c12/comparison.csv"
grep -q "step $last" "$T/table" && grep -q "mean_strength" "$T/table" &&
    ok "the table shows the last step" || notok "the table" "$T/table"

# --- no silent overwrite; the same directory twice --------------------------
"$INFNET" compare "$T/s1" "$T/s2" -o "$T/c12" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q -- "--force" "$T/out" && ok "existing comparison.csv: exit 2, suggests --force" ||
    notok "existing comparison.csv: exit $rc" "$T/out"
"$INFNET" compare "$T/s1" "$T/s2" -o "$T/c12" --force >"$T/out" 2>&1 &&
    ok "--force replaces comparison.csv" || notok "--force" "$T/out"
"$INFNET" compare "$T/s1" "$T/s1" -o "$T/c11" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "A vs A" "$T/out" && ok "a directory against itself: exit 2 (A vs A)" ||
    notok "a directory against itself: exit $rc" "$T/out"

# --- (2) nominal rejection rate: 100 pairs that differ only in the seed ------
# The rank test at 5% must reject in about 5 of 100 pairs: at most
# 5 + 3 * sqrt(0.05 * 0.95 * 100) = 11.5, so 11.
PAIRS=100
MAX_REJECT=11
mkdir -p "$T/null"
i=0
fail=0
while [ $i -lt $PAIRS ]; do
    "$INFNET" run "$S" -n 40 --seed $((1000 + i)) -o "$T/null/a$i" --quiet --threads 1 >"$T/out" 2>&1 &&
        "$INFNET" run "$S" -n 40 --seed $((5000 + i)) -o "$T/null/b$i" --quiet --threads 1 >>"$T/out" 2>&1 &&
        "$INFNET" compare "$T/null/a$i" "$T/null/b$i" -o "$T/null/c$i" --quiet >/dev/null 2>>"$T/out" ||
        { fail=1; break; }
    i=$((i + 1))
done
if [ $fail -eq 0 ]; then
    rejected=$(cat "$T"/null/c*/comparison.csv |
        awk -F, -v last="$last" '$1 == "mean_strength" && $2 == last && $13 != "" && $13 + 0 < 0.05 { c++ }
                                 END { print c + 0 }')
    rows=$(cat "$T"/null/c*/comparison.csv | awk -F, -v last="$last" '$1 == "mean_strength" && $2 == last' |
        wc -l)
    [ "$rows" -eq $PAIRS ] && [ "$rejected" -le $MAX_REJECT ] &&
        ok "nominal rejection rate: $rejected of $PAIRS pairs at p < 0.05 (at most $MAX_REJECT)" ||
        notok "nominal rejection rate: $rejected of $rows pairs at p < 0.05 (at most $MAX_REJECT)"
else
    notok "100 pairs of runs and comparisons (pair $i failed)" "$T/out"
fi

# --- (3) different step counts are refused ----------------------------------
"$INFNET" run "$S" -n 20 --seed 3 --set time.steps=12 --set 'outputs.snapshots=[0, 6, 12]' -o "$T/s12" \
    --quiet >"$T/out" 2>&1 || notok "run broker for 12 steps" "$T/out"
"$INFNET" compare "$T/s1" "$T/s12" -o "$T/c1-12" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "different step counts" "$T/out" && grep -q "$T/s12" "$T/out" &&
    ok "different step counts: exit 2 naming the directories" || notok "different step counts: exit $rc" "$T/out"
[ ! -e "$T/c1-12/comparison.csv" ] && ok "nothing written on refusal" || notok "nothing written on refusal"

# --- (4) scenario files directly ---------------------------------------------
sed 's/^name: broker-example$/name: broker-weak-successor/; s/authority: 0.4,/authority: 0.1,/' "$S" \
    >"$T/broker-weak.yaml"
"$INFNET" compare "$S" "$T/broker-weak.yaml" -n 30 --seed 7 -o "$T/cf" >"$T/table" 2>"$T/out"
rc=$?
[ $rc -eq 0 ] && ok "compare two scenario files: exit 0" || notok "compare two scenario files: exit $rc" "$T/out"
[ -f "$T/cf/runs/broker/summary.csv" ] && [ -f "$T/cf/runs/broker-weak/final.csv" ] &&
    ok "scenario files run into DIR/runs/NAME" || notok "runs directories" "$T/out"
awk -F, -v last="$last" '$1 == "mean_strength" && $2 == last && $3 == "broker-example" &&
    $4 == "broker-weak-successor" && $5 == 30 && $6 == 30 { f = 1 } END { exit !f }' "$T/cf/comparison.csv" &&
    ok "rows name both scenarios, 30 replicas each" || notok "rows of the scenario files" "$T/cf/comparison.csv"
"$INFNET" compare "$T/s1" "$T/s2" -o "$T/cs" --seed 3 >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && ok "--seed without a scenario file: exit 2" || notok "--seed without a scenario file: exit $rc" "$T/out"
"$INFNET" run scenarios/examples/attack_ba.yaml scenarios/examples/random_ba.yaml -n 4 -o "$T/two" --quiet >"$T/out" 2>&1
"$INFNET" compare "$T/two" --reference random-ba -o "$T/ref" --quiet >"$T/out" 2>&1
[ $? -eq 0 ] && awk -F, 'NR == 2 { exit !($3 == "random-ba" && $4 == "attack-ba") }' "$T/ref/comparison.csv" &&
    ok "--reference makes the named scenario A" || notok "--reference" "$T/out"
"$INFNET" compare "$T/two" --reference randm-ba -o "$T/ref2" --quiet >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "did you mean 'random-ba'" "$T/out" && ok "--reference of an unknown scenario: exit 2 with suggestion" ||
    notok "--reference unknown" "$T/out"

# --- values no run writes, and meta.json of the wrong shape: exit 2 with the place --
cp -R "$T/s2" "$T/bad"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $5 = "NaN" } { print }' "$T/s2/summary.csv" >"$T/bad/summary.csv"
"$INFNET" compare "$T/s1" "$T/bad" -o "$T/cbad" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad/summary.csv:2:28: error: mean 'NaN' is not a number as infnet writes it" "$T/out" &&
    ok "a NaN mean: exit 2 at FILE:LINE:COL" || notok "a NaN mean: exit $rc" "$T/out"
# the first row with a spread gets a negative sd
awk -F, 'BEGIN { OFS = "," } NR > 1 && !done && $6 + 0 > 0 { $6 = "-" $6; done = NR } { print }
    END { print done > "/dev/stderr" }' "$T/s2/summary.csv" >"$T/bad/summary.csv" 2>"$T/line"
"$INFNET" compare "$T/s1" "$T/bad" -o "$T/cbad" --force >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad/summary.csv:$(cat "$T/line"):[0-9]*: error: sd '-[0-9.e-]*' is not a number >= 0" "$T/out" &&
    ok "a negative sd: exit 2 at FILE:LINE:COL" || notok "a negative sd: exit $rc" "$T/out"
cp "$T/s2/summary.csv" "$T/bad/summary.csv"
printf '[{"complete": true}]\n' >"$T/bad/meta.json"
"$INFNET" compare "$T/s1" "$T/bad" -o "$T/cbad" --force >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad/meta.json: error: meta.json must hold a JSON object, not an array" "$T/out" &&
    ok "meta.json an array: exit 2" || notok "meta.json an array: exit $rc" "$T/out"
printf '{"complete": "false"}\n' >"$T/bad/meta.json"
"$INFNET" compare "$T/s1" "$T/bad" -o "$T/cbad" --force >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "bad/meta.json: error: 'complete' must be true or false" "$T/out" &&
    ok "\"complete\": \"false\" as a string: exit 2" || notok "complete as a string: exit $rc" "$T/out"

# bad: a fresh copy of s2; field FILE LINE FIELD VALUE sets one field of bad/FILE;
# refused NAME TEXT: comparing s1 with bad exits 2 with TEXT (fixed string) in the message
fresh() { rm -rf "$T/bad" && cp -R "$T/s2" "$T/bad"; }
field() {
    awk -F, -v l="$2" -v f="$3" -v v="$4" 'BEGIN { OFS = "," } NR == l { $f = v } { print }' "$T/s2/$1" \
        >"$T/bad/$1"
}
refused() {
    timeout 60 "$INFNET" compare "$T/s1" "$T/bad" -o "$T/cbad" --force >"$T/out" 2>&1
    rc=$?
    [ $rc -eq 2 ] && grep -qF -- "$2" "$T/out" && ok "$1: exit 2" || notok "$1: exit $rc" "$T/out"
}
# line 2 of summary.csv: broker-example,0,nodes,200,8,0,8,8,8,8,8 (mean at column 28, q05 at 32)
NUM="is not a number as infnet writes it"
fresh && field summary.csv 2 5 0x8
refused "a hexadecimal mean" "bad/summary.csv:2:28: error: mean '0x8' $NUM"
fresh && field summary.csv 2 5 " 8"
refused "a mean with a leading space" "bad/summary.csv:2:28: error: mean ' 8' $NUM"
fresh && field summary.csv 2 5 inf
refused "a mean spelt inf" "bad/summary.csv:2:28: error: mean 'inf' $NUM"
fresh && field summary.csv 2 7 1e5000
refused "a q05 beyond a double" "bad/summary.csv:2:32: error: q05 '1e5000' $NUM"
fresh && field summary.csv 2 7 nan
refused "a q05 spelt nan" "bad/summary.csv:2:32: error: q05 'nan' $NUM"
fresh && field summary.csv 2 4 201
refused "n above meta.json's replicas" \
    "bad/summary.csv:2:24: error: n 201 is more than the 200 replicas meta.json records for scenario 'broker-example'"
fresh && field summary.csv 2 11 7
refused "q95 below q75" "bad/summary.csv:2:40: error: q95 '7' is below q75 '8' (quantiles never decrease)"
fresh && awk '{ print $0 (NR == 1 ? ",extra" : ",") }' "$T/s2/summary.csv" >"$T/bad/summary.csv"
refused "an extra column" "bad/summary.csv:1:52: error: column 'extra' is not one of summary.csv's"
# final.csv line 2 is replica 0's nodes: empty (undefined) where summary.csv counts every replica
fresh && field final.csv 2 4 ""
refused "an undefined final value summary.csv counts" \
    "bad/final.csv:2:24: error: an undefined value: 199 values of metric 'nodes'"
fresh && field final.csv 2 4 NaN
refused "a final value spelt NaN" "bad/final.csv:2:24: error: value 'NaN' $NUM"
fresh && field final.csv 2 2 200
refused "a replica number beyond meta.json's count" \
    "bad/final.csv:2:16: error: replica 200, but meta.json records 200 replicas for scenario 'broker-example'"
fresh && sed 's/"complete": true/"complete": true, "complete": false/' "$T/s2/meta.json" >"$T/bad/meta.json"
refused "meta.json with a key twice" "malformed meta.json: duplicate object key near '\"complete\"'"
fresh && sed 's/"replicas_done": 200/"replicas_done": 150/' "$T/s2/meta.json" >"$T/bad/meta.json"
refused "complete, but replicas_done short of replicas" \
    "bad/meta.json: error: scenario 'broker-example' has replicas_done 150 of 200 replicas, but the run is marked complete"
fresh && sed 's/"name": "broker-example"/"name": "broker-other"/' "$T/s2/meta.json" >"$T/bad/meta.json"
refused "meta.json of another scenario" \
    "bad/summary.csv:2:1: error: scenario 'broker-example' is not one meta.json records (it records 'broker-other')"
fresh && rm "$T/bad/meta.json"
refused "no meta.json" "infnet: error: '$T/bad' has no meta.json: not the output directory of 'infnet run'"
fresh && rm "$T/bad/meta.json" && mkfifo "$T/bad/meta.json"
refused "meta.json a FIFO (no wait for a writer)" \
    "bad/meta.json: error: cannot read meta.json: it is a FIFO, not a regular file"

# --- scenario files of different lengths: refused before either runs ---------
sed 's/^name: broker-example$/name: broker-short/; s/steps: 24,/steps: 12,/; s/snapshots: \[0, 6, 24\]/snapshots: [0, 6, 12]/' \
    "$S" >"$T/short.yaml"
"$INFNET" compare "$S" "$T/short.yaml" -n 2000 -o "$T/cshort" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -qF "infnet: error: different step counts: '$S' runs 24 steps, '$T/short.yaml' runs 12 steps; nothing was run" "$T/out" &&
    ok "scenario files of 24 and 12 steps: exit 2 naming both" || notok "scenario files of different lengths: exit $rc" "$T/out"
[ ! -e "$T/cshort/runs" ] && ok "nothing ran" || notok "a run was started" "$T/out"
