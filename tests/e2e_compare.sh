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
# or another scenario's name. The medians, non-zero shares and Vargha-Delaney
# A are checked against a count over all pairs of final.csv's values; runs
# that share random streams (a --set variant) are compared paired (Wilcoxon
# signed-rank, the interval checked against the differences computed here),
# --unpaired and --paired force either, and --paired with different replica
# counts is refused.
# Prints TAP lines ("ok N - ...", "not ok N - ..."). INFNET is the binary.
# Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"

S=scenarios/examples/broker.yaml
HEADER="metric,step,scenario_a,scenario_b,n_a,n_b,median_a,median_b,median_diff,nonzero_a,nonzero_b,vd_a,effect_size,mean_a,mean_b,diff,ci_low,ci_high,test,p_value,p_holm"

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
bad=$(awk -F, -v last="$last" 'NR > 1 && (($2 == last) != ($19 == "mann_whitney") ||
      ($2 == last) != ($21 != "")) { c++ } END { print c + 0 }' "$T/c12/comparison.csv")
[ "$bad" -eq 0 ] && ok "rank test and Holm at the last step, Welch before" ||
    notok "tests by step ($bad rows wrong)" "$T/c12/comparison.csv"
grep -q "step $last" "$T/table" && grep -q "mean_strength" "$T/table" &&
    ok "the table shows the last step" || notok "the table" "$T/table"
# different seeds: independent streams, so unpaired, and the table says so
grep -qF "unpaired: independent random streams (different seeds)" "$T/table" &&
    ok "runs with different seeds are compared unpaired, and the table says why" || notok "unpaired note" "$T/table"
# the table leads with medians, shares, A and d, and ends with the p-value
head -n 3 "$T/table" | tail -n 1 | grep -qE '^metric +median A +median B +nonzero A +nonzero B +A\(B>A\) +d +mean diff +95% interval +p \(Holm\)$' &&
    ok "the table's columns: medians, shares, A, d, then the interval and p last" || notok "table columns" "$T/table"

# medians, shares and A against an independent computation from final.csv:
# A by counting all 200 x 200 pairs (B > A counts 1, a tie 1/2), the median
# of the sorted values (even n: the mean of the middle two), the share of
# values other than 0
for m in patron_entropy ties_created; do
    for s in s1 s2; do
        awk -F, -v m="$m" 'NR > 1 && $3 == m && $4 != "" { print $4 }' "$T/$s/final.csv" | sort -g >"$T/$s.$m"
    done
    want=$(awk 'FNR == 1 { f++ } f == 1 { a[++na] = $1 } f == 2 { b[++nb] = $1 }
        END { for (j = 1; j <= nb; j++) for (i = 1; i <= na; i++) s += (b[j] > a[i]) + 0.5 * (b[j] == a[i])
              za = 0; for (i = 1; i <= na; i++) za += (a[i] != 0)
              zb = 0; for (j = 1; j <= nb; j++) zb += (b[j] != 0)
              printf "%.12g %.12g %.12g %.12g %.12g\n", (a[na / 2] + a[na / 2 + 1]) / 2, (b[nb / 2] + b[nb / 2 + 1]) / 2,
                  za / na, zb / nb, s / (na * nb) }' "$T/s1.$m" "$T/s2.$m")
    got=$(awk -F, -v m="$m" -v last="$last" '$1 == m && $2 == last {
        printf "%.12g %.12g %.12g %.12g %.12g\n", $7, $8, $10, $11, $12 }' "$T/c12/comparison.csv")
    [ -n "$want" ] && [ "$want" = "$got" ] && ok "$m: medians, shares and A as counted independently ($got)" ||
        notok "$m: medians, shares and A: want '$want', got '$got'"
done

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
        awk -F, -v last="$last" '$1 == "mean_strength" && $2 == last && $20 != "" && $20 + 0 < 0.05 { c++ }
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

# --- (5) paired data get paired tests -----------------------------------------
# A --set variant keeps the scenario's name and seed: replica i of both runs
# draws from the same stream, so compare pairs them (Wilcoxon signed-rank).
"$INFNET" run "$S" -n 30 --seed 11 -o "$T/p0" --quiet >"$T/out" 2>&1 &&
    "$INFNET" run "$S" -n 30 --seed 11 --set model.alignment.rate=0.5 -o "$T/p1" --quiet >>"$T/out" 2>&1 &&
    "$INFNET" run "$S" -n 20 --seed 11 -o "$T/p20" --quiet >>"$T/out" 2>&1 || notok "paired runs" "$T/out"
"$INFNET" compare "$T/p0" "$T/p1" -o "$T/cp" >"$T/table" 2>"$T/out"
rc=$?
bad=$(awk -F, -v last="$last" 'NR > 1 && $2 == last && ($19 != "wilcoxon_signed_rank" || $5 != 30 || $6 != 30) { c++ }
      END { print c + 0 }' "$T/cp/comparison.csv")
[ $rc -eq 0 ] && [ "$bad" -eq 0 ] && ok "a --set variant (same name, seed, replicas): wilcoxon_signed_rank on 30 pairs" ||
    notok "paired by default: exit $rc, $bad rows not paired" "$T/cp/comparison.csv"
grep -qF "paired: both runs of 'broker-example' with seed 11 and 30 replicas share random streams, so replica i is compared with replica i" "$T/table" &&
    grep -qF "p: Wilcoxon signed-rank test" "$T/table" &&
    ok "the table says the comparison is paired and why" || notok "paired note in the table" "$T/table"
"$INFNET" compare "$T/p0" "$T/p1" -o "$T/cu" --unpaired >"$T/table" 2>"$T/out"
rc=$?
bad=$(awk -F, -v last="$last" 'NR > 1 && $2 == last && $19 != "mann_whitney" { c++ } END { print c + 0 }' "$T/cu/comparison.csv")
[ $rc -eq 0 ] && [ "$bad" -eq 0 ] && grep -qF "unpaired (--unpaired)" "$T/table" &&
    ok "--unpaired: mann_whitney on the same runs" || notok "--unpaired: exit $rc, $bad rows" "$T/table"
# medians, shares and A do not depend on the pairing; the interval and p do
cut -d, -f1-13 "$T/cp/comparison.csv" >"$T/cp13" && cut -d, -f1-13 "$T/cu/comparison.csv" >"$T/cu13"
cmp -s "$T/cp13" "$T/cu13" && ok "paired and unpaired give the same medians, shares, A and d" ||
    notok "medians, shares, A or d differ with the pairing"
# the paired interval from the 30 differences of final.csv, computed here:
# mean d +- t(0.975, 29) s_d / sqrt(30), t(0.975, 29) = 2.045229642132703
for m in mean_strength; do
    want=$(awk -F, -v m="$m" 'FNR == 1 { f++ } FNR > 1 && $3 == m { v[f, $2] = $4 }
        END { for (r = 0; r < 30; r++) { d = v[2, r] - v[1, r]; s += d; ss += d * d }
              md = s / 30; sd = sqrt((ss - 30 * md * md) / 29); h = 2.045229642132703 * sd / sqrt(30)
              printf "%.6g %.6g\n", md - h, md + h }' "$T/p0/final.csv" "$T/p1/final.csv")
    got=$(awk -F, -v m="$m" -v last="$last" '$1 == m && $2 == last { printf "%.6g %.6g\n", $17, $18 }' "$T/cp/comparison.csv")
    [ "$want" = "$got" ] && ok "$m: the paired interval from the differences ($got)" ||
        notok "$m: paired interval: want '$want', got '$got'"
done
# a copy of a run against itself: every pair equal, V = 0, p = 1, A = 0.5, [0, 0]
cp -r "$T/p0" "$T/p0copy" && rm -f "$T/p0copy/.lock"
"$INFNET" compare "$T/p0" "$T/p0copy" -o "$T/cc" --quiet >/dev/null 2>"$T/out"
bad=$(awk -F, -v last="$last" 'NR > 1 && $2 == last { rows++ }
      NR > 1 && $2 == last && ($19 != "wilcoxon_signed_rank" ||
      $9 != 0 || $12 != 0.5 || $13 != 0 || $16 != 0 || $17 != 0 || $18 != 0 || $20 != 1) { c++ }
      END { print (rows ? c + 0 : -1) }' "$T/cc/comparison.csv")
[ "$bad" -eq 0 ] && ok "a run against its copy: median_diff 0, A 0.5, d 0, interval [0, 0], p 1 in every row" ||
    notok "a run against its copy: $bad rows" "$T/cc/comparison.csv"
# --paired with different replica counts: refused, naming both
"$INFNET" compare "$T/p0" "$T/p20" -o "$T/cpr" --paired >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -qF "infnet: error: --paired: 'broker-example' ($T/p0) has 30 replicas and 'broker-example' ($T/p20) has 20; pairs need as many on both sides" "$T/out" &&
    [ ! -e "$T/cpr/comparison.csv" ] &&
    ok "--paired with 30 and 20 replicas: exit 2 naming both, nothing written" || notok "--paired refusal: exit $rc" "$T/out"
"$INFNET" compare "$T/p0" "$T/p20" -o "$T/cpr" >"$T/table" 2>"$T/out"
grep -qF "unpaired: independent random streams (different replica counts)" "$T/table" &&
    ok "different replica counts: unpaired by default" || notok "different replica counts" "$T/table"
# runs that differ only in the succession share: a warning when no compared metric sees weights
M='outputs.metrics=[fragmentation, patron_entropy]'
"$INFNET" run "$S" -n 6 --seed 3 --set model.succession.share=0.2 --set "$M" -o "$T/w0" --quiet >"$T/out" 2>&1 &&
    "$INFNET" run "$S" -n 6 --seed 3 --set model.succession.share=0.9 --set "$M" -o "$T/w1" --quiet >>"$T/out" 2>&1 ||
    notok "runs for the weight warning" "$T/out"
"$INFNET" compare "$T/w0" "$T/w1" -o "$T/cw" --quiet >/dev/null 2>"$T/err"
rc=$?
printf '%s\n' "infnet: warning: parameter model.succession.share acts only through tie weights, and no metric of the comparison of 'broker-example' with 'broker-example' sees them: the metrics show it only once a tie dissolves or a patron choice tips; add weighted_fragmentation to the metrics (or measure with outputs.weighted: true)" >"$T/want"
[ $rc -eq 0 ] && cmp -s "$T/want" "$T/err" && ok "compare: runs that differ only in a weight-only parameter the metrics ignore: a warning" ||
    { diff "$T/want" "$T/err" >"$T/d" 2>&1; notok "compare weight-only warning: exit $rc" "$T/d"; }
"$INFNET" compare "$T/p0" "$T/p1" -o "$T/cw2" --quiet >/dev/null 2>"$T/err"
[ ! -s "$T/err" ] && ok "compare: no warning for a parameter that does not act only through weights" ||
    notok "compare warned for model.alignment.rate" "$T/err"
"$INFNET" compare "$T/p0" "$T/p1" -o "$T/cx" --paired --unpaired >"$T/out" 2>&1
[ $? -eq 2 ] && ok "--paired and --unpaired together: exit 2" || notok "--paired --unpaired" "$T/out"
