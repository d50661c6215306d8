#!/bin/sh
# infnet sweep as a user meets it: design.csv and points.csv with their
# declared headers and one row per point (and step and metric); the same
# bytes at 1 and 2 threads and under 3 MPI ranks; a sweep stopped by SIGINT
# exits 130 with the completed points written, and --resume (after SIGINT
# or SIGKILL) ends with the bytes of an uninterrupted sweep; the same point
# in two experiments gives the same rows; distinct points draw independent streams unless the
# experiment asks for common random numbers, which are the streams of
# `infnet run`; a sweep stopped during its analysis resumes to the same
# sensitivity.csv and discovery.csv; plot draws a metric the factors leave
# constant without a gnuplot warning; a contrast's rows are the difference of
# its two scenarios' means, its indices those of a shifted series, PRIM runs
# on it alone when discovery names it, and it resumes to the same bytes; bad
# contrasts, bad experiments, --force with --resume and a directory that
# holds results are refused with exit 2.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
MPIBIN=${MPIBIN-build/infnet-mpi}
. "$(dirname "$0")/tap.sh"
F=tests/fixtures/sweep
sweep() { "$INFNET" sweep "$@" --quiet; }
same() {  # DIR1 DIR2: 0 when design.csv and points.csv have the same bytes
    for f in design.csv points.csv; do
        cmp -s "$1/$f" "$2/$f" || { echo "# $f differs"; return 1; }
    done
}

# --- outputs, threads ------------------------------------------------------
if sweep $F/grid.yaml -o "$T/g1" --threads 1 2>"$T/err"; then
    ok "a factorial sweep finishes"
else
    notok "a factorial sweep finishes" "$T/err"
fi
[ "$(head -1 "$T/g1/design.csv")" = "point,model.succession.share,model.broker.rivalry" ] &&
    ok "design.csv: point, then one column per factor headed by its key" || notok "design.csv header" "$T/g1/design.csv"
[ "$(sed -n 4p "$T/g1/design.csv")" = "2,0.2,0.5" ] && [ "$(wc -l <"$T/g1/design.csv")" -eq 7 ] &&
    ok "design.csv: the 2 x 3 factorial points, the last factor fastest" || notok "design.csv rows" "$T/g1/design.csv"
[ "$(head -1 "$T/g1/points.csv")" = \
    "point,scenario,step,metric,n,mean,sd,q05,q25,q50,q75,q95,model.succession.share,model.broker.rivalry" ] &&
    ok "points.csv: the statistics columns, then the factors" || notok "points.csv header" "$T/g1/points.csv"
# 6 points x 2 steps x 2 metrics, each over the 12 replicas, factor values as in design.csv
rows=$(awk -F, 'NR > 1 && $5 == 12' "$T/g1/points.csv" | wc -l)
[ "$rows" -eq 24 ] && [ "$(wc -l <"$T/g1/points.csv")" -eq 25 ] &&
    grep -q '^5,broker-example,24,patron_entropy,12,.*,0.8,0.5$' "$T/g1/points.csv" &&
    ok "points.csv: a row per point, step and metric, n = replicas" || notok "points.csv rows" "$T/g1/points.csv"
[ "$(jq -r '.complete, .experiment.name, .experiment.design.method, (.points | length), .points[4].sets[1]' \
    "$T/g1/meta.json" | tr '\n' ' ')" = "true grid factorial 6 model.broker.rivalry=0.30000000000000004 " ] &&
    ok "meta.json: complete, the experiment, its design and every point's overrides" ||
    notok "meta.json" "$T/g1/meta.json"
# both factors act only through tie weights, and fragmentation and
# patron_entropy ignore weights: one warning per factor, before anything runs
printf '%s\n' "infnet: warning: factor model.succession.share acts only through tie weights, and no metric of experiment 'grid' sees them: the metrics show it only once a tie dissolves or a patron choice tips; add weighted_fragmentation to the metrics (or measure with outputs.weighted: true)" \
    "infnet: warning: factor model.broker.rivalry acts only through tie weights, and no metric of experiment 'grid' sees them: the metrics show it only once a tie dissolves or a patron choice tips; add weighted_fragmentation to the metrics (or measure with outputs.weighted: true)" >"$T/want"
cmp -s "$T/want" "$T/err" && ok "factors that act only through weights the metrics ignore: a warning each" ||
    { diff "$T/want" "$T/err" >"$T/d" 2>&1; notok "weight-only factors warning" "$T/d"; }
sed -e "s|^scenarios: .*|scenarios: [$(pwd)/scenarios/examples/broker.yaml]|" -e 's/^metrics: .*/metrics: [fragmentation, weighted_fragmentation]/' \
    -e 's/^replicas: .*/replicas: 2/' -e 's/levels: 3}/levels: 2}/' $F/grid.yaml >"$T/gridw.yaml"
sweep "$T/gridw.yaml" -o "$T/gw" --threads 1 2>"$T/err" && [ ! -s "$T/err" ] &&
    ok "no warning when weighted_fragmentation is among the metrics" || notok "weighted metrics: a warning or a failure" "$T/err"
sweep $F/grid.yaml -o "$T/g2" --threads 2 2>"$T/err" && same "$T/g1" "$T/g2" &&
    ok "the same bytes at 1 and 2 threads" || notok "threads 1 vs 2" "$T/err"

# --- MPI ---------------------------------------------------------------------
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if [ -z "$MPIBIN" ] || [ ! -x "$MPIBIN" ] || ! command -v mpirun >/dev/null 2>&1; then
    ok "no MPI binary or mpirun # SKIP"
else
    sweep $F/lhs.yaml -o "$T/l1" --threads 1 2>"$T/err" || notok "lhs sweep" "$T/err"
    if mpirun --oversubscribe -np 3 "$MPIBIN" sweep $F/lhs.yaml -o "$T/l3" --threads 1 --quiet >"$T/err" 2>&1 &&
        same "$T/l1" "$T/l3" && [ "$(jq -r .ranks "$T/l3/meta.json")" = 3 ]; then
        ok "under 3 MPI ranks: the bytes of one process"
    else
        notok "sweep under 3 MPI ranks" "$T/err"
    fi
fi

# --- interruption and resume ---------------------------------------------------
sweep $F/long.yaml -o "$T/ref" --threads 2 2>"$T/err" || notok "reference sweep" "$T/err"
d="$T/int"
"$INFNET" sweep $F/long.yaml -o "$d" --threads 2 --quiet 2>"$T/err" &
p=$!
# wait for the first checkpoint (work done, written every 2 s), or the end
w=0
while [ ! -e "$d/.checkpoint" ] && kill -0 $p 2>/dev/null && [ $w -lt 2400 ]; do
    sleep 0.05
    w=$((w + 1))
done
kill -INT $p 2>/dev/null
wait $p
rc=$?
if [ $rc -eq 130 ] && [ "$(jq -r .complete "$d/meta.json")" = false ] &&
    grep -q "continue with: infnet sweep $F/long.yaml -o $d --resume" "$T/err"; then
    ok "SIGINT: exit 130, meta.json complete false, a hint to resume"
    done_n=$(jq -r .points_done "$d/meta.json")
    [ "$(($(wc -l <"$d/points.csv") - 1))" -eq $((done_n * 2)) ] &&
        ok "the interrupted points.csv holds the $done_n completed points" || notok "interrupted rows" "$d/points.csv"
    if sweep $F/long.yaml -o "$d" --threads 1 --resume 2>"$T/err" && same "$T/ref" "$d" &&
        [ ! -e "$d/.checkpoint" ] && [ "$(jq -r .complete "$d/meta.json")" = true ]; then
        ok "--resume (at another thread count): the bytes of an uninterrupted sweep"
    else
        notok "resume after SIGINT" "$T/err"
    fi
elif [ $rc -eq 0 ]; then
    ok "SIGINT came after the sweep had finished # SKIP"
else
    notok "SIGINT: exit $rc" "$T/err"
fi
# killed outright: the checkpoint and the temporary files are what is left
d="$T/kill"
"$INFNET" sweep $F/long.yaml -o "$d" --threads 2 --quiet 2>"$T/err" &
p=$!
w=0
while [ ! -e "$d/.checkpoint" ] && kill -0 $p 2>/dev/null && [ $w -lt 2400 ]; do
    sleep 0.05
    w=$((w + 1))
done
kill -KILL $p 2>/dev/null
wait $p
rc=$?
if [ $rc -eq 0 ]; then
    ok "SIGKILL came after the sweep had finished # SKIP"
elif [ ! -e "$d/points.csv" ] && sweep $F/long.yaml -o "$d" --threads 2 --resume 2>"$T/err" && same "$T/ref" "$d"; then
    ok "killed (no points.csv yet), then --resume: the bytes of an uninterrupted sweep"
else
    notok "resume after SIGKILL (exit $rc)" "$T/err"
fi
# interrupted during the analysis: the points are whole, .analysis-pending
# marks what is left, and --resume runs only the analysis
sweep $F/analysis.yaml -o "$T/aref" --threads 2 2>"$T/err" || notok "analysis reference" "$T/err"
d="$T/aint"
"$INFNET" sweep $F/analysis.yaml -o "$d" --threads 2 --quiet 2>"$T/err" &
p=$!
w=0
while [ ! -e "$d/points.csv" ] && kill -0 $p 2>/dev/null && [ $w -lt 2400 ]; do
    sleep 0.02
    w=$((w + 1))
done
sleep 0.3
kill -INT $p 2>/dev/null
wait $p
rc=$?
if [ $rc -eq 130 ] && [ -e "$d/.analysis-pending" ] && [ ! -e "$d/sensitivity.csv" ] &&
    [ "$(jq -r .complete "$d/meta.json")" = false ] &&
    grep -q "^infnet: error: interrupted during the analysis: '$d' holds every design point's rows, but no sensitivity.csv (meta.json: complete false); finish with: infnet sweep $F/analysis.yaml -o $d --resume$" "$T/err"; then
    ok "SIGINT during the analysis: exit 130, .analysis-pending, no sensitivity.csv, a hint to resume"
    if sweep $F/analysis.yaml -o "$d" --threads 1 --resume 2>"$T/err" && same "$T/aref" "$d" &&
        cmp -s "$T/aref/sensitivity.csv" "$d/sensitivity.csv" && cmp -s "$T/aref/discovery.csv" "$d/discovery.csv" &&
        [ "$(wc -l <"$d/discovery.csv")" -gt 1 ] && [ ! -e "$d/.analysis-pending" ] &&
        [ "$(jq -r .complete "$d/meta.json")" = true ]; then
        ok "--resume after an interrupted analysis: the bytes of an uninterrupted sweep"
    else
        notok "resume of the analysis" "$T/err"
    fi
elif [ $rc -eq 0 ]; then
    ok "SIGINT came after the analysis had finished # SKIP"
else
    notok "SIGINT during the analysis: exit $rc" "$T/err"
fi
sweep $F/long.yaml -o "$T/ref" --resume 2>"$T/err"
[ $? -eq 2 ] && grep -q "holds results but no checkpoint" "$T/err" &&
    ok "--resume of a finished sweep is refused" || notok "--resume of a finished sweep" "$T/err"
sweep $F/grid.yaml -o "$T/g1" 2>"$T/err"
[ $? -eq 2 ] && grep -q "'$T/g1' already holds results; use --resume" "$T/err" &&
    ok "a directory that holds results is refused without --force" || notok "existing results" "$T/err"
sweep $F/grid.yaml -o "$T/g1" --force 2>"$T/err" && same "$T/g1" "$T/g2" &&
    ok "--force replaces them" || notok "--force" "$T/err"

# --- plot ----------------------------------------------------------------------
# grid.yaml's fragmentation is 0 at every point: gnuplot gets ranges it can
# draw (no warnings on stderr) and the SRC chart says why it has no bars
if command -v gnuplot >/dev/null 2>&1; then
    "$INFNET" plot "$T/g2" --quiet >"$T/out" 2>"$T/err"
    rc=$?
    c="$T/g2/plots/src_broker-example_fragmentation_step12"
    [ $rc -eq 0 ] && [ ! -s "$T/err" ] && [ -s "$c.png" ] &&
        grep -q "no index can be estimated: the output does not vary, or is not defined" "$c.gp" &&
        ok "plot a sweep with a constant metric: exit 0, nothing on stderr, an empty SRC chart that says why" ||
        notok "plot a sweep with a constant metric (exit $rc)" "$T/err"
else
    ok "no gnuplot # SKIP"
fi

# --- streams -------------------------------------------------------------------
sweep $F/share_a.yaml -o "$T/sa" --threads 2 2>"$T/err" || notok "share_a" "$T/err"
sweep $F/share_b.yaml -o "$T/sb" --threads 2 2>"$T/err" || notok "share_b" "$T/err"
# share_a's point 3 and share_b's point 1: (share 0.8, rivalry 0.3), columns in each file's order
a=$(awk -F, 'NR > 1 && $1 == 3 { print $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 }' "$T/sa/points.csv")
b=$(awk -F, 'NR > 1 && $1 == 1 { print $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $14, $13 }' "$T/sb/points.csv")
[ -n "$a" ] && [ "$a" = "$b" ] && ok "the same point in two experiments gets the same values" ||
    notok "same point, two experiments: '$a' vs '$b'"
sweep $F/streams.yaml -o "$T/st" 2>"$T/err" || notok "streams" "$T/err"
sweep $F/streams_crn.yaml -o "$T/crn" 2>"$T/err" || notok "streams_crn" "$T/err"
s0=$(awk -F, 'NR == 2 { print $6, $7 }' "$T/st/points.csv")
s1=$(awk -F, 'NR == 3 { print $6, $7 }' "$T/st/points.csv")
[ "$s0" != "$s1" ] && ok "two points of the same scenario draw independent streams" ||
    notok "independent streams: both '$s0'"
c0=$(awk -F, 'NR == 2 { print $5, $6, $7, $8, $9, $10, $11, $12 }' "$T/crn/points.csv")
c1=$(awk -F, 'NR == 3 { print $5, $6, $7, $8, $9, $10, $11, $12 }' "$T/crn/points.csv")
"$INFNET" run scenarios/examples/broker.yaml -n 20 --seed 1 -o "$T/run" --quiet 2>"$T/err" || notok "run" "$T/err"
r=$(awk -F, '$2 == 24 && $3 == "patron_entropy" { print $4, $5, $6, $7, $8, $9, $10, $11 }' "$T/run/summary.csv")
[ -n "$c0" ] && [ "$c0" = "$c1" ] && [ "$c0" = "$r" ] &&
    ok "common_random_numbers: every point draws the streams of infnet run" ||
    notok "common random numbers: '$c0' / '$c1' / run '$r'"

"$INFNET" --help | grep -q "^  plot DIR  *charts of a run, a comparison, a sweep or a$" &&
    ok "--help: plot draws sweeps too" || notok "--help names sweeps under plot"

# --- refusals --------------------------------------------------------------------
sweep $F/grid.yaml --force --resume 2>"$T/err"
[ $? -eq 2 ] && grep -q -- "--force and --resume exclude each other" "$T/err" &&
    ok "--force and --resume together: exit 2" || notok "--force --resume" "$T/err"
printf 'name: bad\nscenarios: [%s/scenarios/examples/broker.yaml]\nfactors:\n  - {key: model.succession.share, range: [0.9, 0.1]}\nreplicas: 2\n' "$PWD" >"$T/bad.yaml"
sweep "$T/bad.yaml" -o "$T/bad" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "^$T/bad.yaml:4:" "$T/err" && [ ! -e "$T/bad" ] &&
    ok "a bad experiment: exit 2 at FILE:LINE, nothing written" || notok "bad experiment (exit $rc)" "$T/err"
sweep "$T/none.yaml" 2>"$T/err"
[ $? -eq 2 ] && ok "a missing experiment file: exit 2" || notok "missing experiment" "$T/err"

# --- contrasts -------------------------------------------------------------------
# contrast.yaml: gap = perc-s - perc-r; perc-r ignores both factors and, with
# common random numbers, has the same mean at every point
if sweep $F/contrast.yaml -o "$T/ct" --threads 2 2>"$T/err"; then
    ok "a sweep with a contrast finishes"
else
    notok "a sweep with a contrast finishes" "$T/err"
fi
# every contrast row: mean = mean(perc-s) - mean(perc-r) exactly, n the
# smaller n, sd^2 / n = sd_s^2 / n_s + sd_r^2 / n_r, no quantiles
bad=$(awk -F, 'NR > 1 {
        k = $1 SUBSEP $3 SUBSEP $4
        if ($2 == "perc-s") { ms[k] = $6; ss[k] = $7; ns[k] = $5 }
        else if ($2 == "perc-r") { mr[k] = $6; sr[k] = $7; nr[k] = $5 }
        else if ($2 == "gap") { mg[k] = $6; sg[k] = $7; ng[k] = $5; q[k] = $8 $9 $10 $11 $12; rows++ }
      }
      END {
        b = 0
        for (k in mg) {
            n = ns[k] < nr[k] ? ns[k] : nr[k]
            v = ss[k] * ss[k] / ns[k] + sr[k] * sr[k] / nr[k]
            e = sg[k] * sg[k] / ng[k] - v
            if (!(k in ms) || !(k in mr) || mg[k] != ms[k] - mr[k] || ng[k] != n || q[k] != "" ||
                e > 1e-12 * v || e < -1e-12 * v)
                b++
        }
        print rows == 128 ? b : "rows " rows
      }' "$T/ct/points.csv")
[ "$bad" = 0 ] &&
    ok "points.csv: a contrast's mean is the difference of its scenarios' means at each point, metric and step" ||
    notok "contrast rows ($bad wrong)" "$T/ct/points.csv"
[ "$(awk -F, 'NR > 1 { print $2 }' "$T/ct/points.csv" | uniq | tr '\n' ' ')" = "perc-s perc-r gap " ] &&
    [ "$(jq -c .experiment.contrasts "$T/ct/meta.json")" = '[{"name":"gap","scenario":"perc-s","reference":"perc-r"}]' ] &&
    ok "points.csv: the contrast's rows after every scenario's; meta.json names the contrast" ||
    notok "contrast rows' order or meta.json" "$T/ct/meta.json"
# the contrast is perc-s shifted by a constant: the same S1 and ST; perc-r,
# constant, has none
bad=$(awk -F, '$1 == "giant_fraction" && ($4 == "S1" || $4 == "ST") {
        k = $3 SUBSEP $4
        if ($8 == "perc-s") s[k] = $5; else if ($8 == "gap") g[k] = $5; else if ($5 != "") b++
      }
      END {
        for (k in s) {
            d = s[k] - g[k]
            if (g[k] == "" || d > 1e-12 || d < -1e-12) b++
            n++
        }
        print n == 4 ? b + 0 : "indices " n
      }' "$T/ct/sensitivity.csv")
[ "$bad" = 0 ] && grep -q '^giant_fraction,1,pressures.0.fraction,S1,0\.9[0-9]*,.*,gap$' "$T/ct/sensitivity.csv" &&
    ok "sensitivity.csv: a contrast against a constant reference has its scenario's Sobol indices" ||
    notok "contrast sensitivity ($bad)" "$T/ct/sensitivity.csv"
# discovery on the contrast only: the cases (giant fraction at least 0.05
# below the reference's) are the points that remove more than half the nodes
[ "$(awk -F, 'NR > 1 { print $10 }' "$T/ct/discovery.csv" | sort -u)" = gap ] &&
    awk -F, '$2 == 1 && $3 == 1 && $6 == "pressures.0.fraction" && $7 > 0.5 { f = 1 } END { exit !f }' "$T/ct/discovery.csv" &&
    ok "discovery.csv with 'scenario': PRIM on the contrast alone, a pure box of the removal fraction above 0.5" ||
    notok "discovery on a contrast" "$T/ct/discovery.csv"
if [ -n "$MPIBIN" ] && [ -x "$MPIBIN" ] && command -v mpirun >/dev/null 2>&1; then
    mpirun --oversubscribe -np 2 "$MPIBIN" sweep $F/contrast.yaml -o "$T/ct2" --threads 1 --quiet >"$T/err" 2>&1 &&
        same "$T/ct" "$T/ct2" && cmp -s "$T/ct/sensitivity.csv" "$T/ct2/sensitivity.csv" &&
        cmp -s "$T/ct/discovery.csv" "$T/ct2/discovery.csv" &&
        ok "contrasts under 2 MPI ranks: the bytes of one process" || notok "contrasts under MPI" "$T/err"
else
    ok "no MPI binary or mpirun # SKIP"
fi
# plot: a contrast's rows have no quantiles, so its response chart has points, no bars
if command -v gnuplot >/dev/null 2>&1; then
    "$INFNET" plot "$T/ct" --quiet >"$T/out" 2>"$T/err"
    rc=$?
    c="$T/ct/plots/response_gap_giant_fraction_step1"
    [ $rc -eq 0 ] && [ ! -s "$T/err" ] && [ -s "$c.png" ] && grep -q "using 5:2 with points" "$c.gp" &&
        ! grep -q yerrorbars "$c.gp" && grep -q yerrorbars "$T/ct/plots/response_perc-s_giant_fraction_step1.gp" &&
        ok "plot a sweep with a contrast: exit 0, nothing on stderr, the contrast's means without bars" ||
        notok "plot a sweep with a contrast (exit $rc)" "$T/err"
else
    ok "no gnuplot # SKIP"
fi
# interrupted and resumed: the contrast's rows are those of an uninterrupted sweep
sweep $F/long_contrast.yaml -o "$T/cref" --threads 2 2>"$T/err" || notok "long_contrast reference" "$T/err"
[ "$(grep -c ',calm-effect,' "$T/cref/points.csv")" -eq 12 ] || notok "long_contrast: 12 contrast rows" "$T/cref/points.csv"
d="$T/cint"
"$INFNET" sweep $F/long_contrast.yaml -o "$d" --threads 2 --quiet 2>"$T/err" &
p=$!
w=0
while [ ! -e "$d/.checkpoint" ] && kill -0 $p 2>/dev/null && [ $w -lt 2400 ]; do
    sleep 0.05
    w=$((w + 1))
done
kill -INT $p 2>/dev/null
wait $p
rc=$?
if [ $rc -eq 130 ]; then
    if ! grep -q ',calm-effect,' "$d/points.csv" && sweep $F/long_contrast.yaml -o "$d" --threads 1 --resume 2>"$T/err" &&
        same "$T/cref" "$d" && cmp -s "$T/cref/sensitivity.csv" "$d/sensitivity.csv"; then
        ok "contrasts: SIGINT, then --resume at another thread count: the bytes of an uninterrupted sweep"
    else
        notok "contrasts: resume after SIGINT" "$T/err"
    fi
elif [ $rc -eq 0 ]; then
    ok "SIGINT came after the contrast sweep had finished # SKIP"
else
    notok "contrasts: SIGINT, exit $rc" "$T/err"
fi
# refusals, each at FILE:LINE:COL with exit 2 and nothing written
refuse() {  # NAME CONTRASTS-AND-MORE EXPECTED-MESSAGE
    printf 'name: c\nscenarios: [%s/%s/perc_s.yaml, %s/%s/perc_r.yaml]\nfactors:\n  - {key: pressures.0.fraction, range: [0.2, 0.8]}\ndesign: {method: lhs, samples: 4}\nreplicas: 2\n%s\n' \
        "$PWD" "$F" "$PWD" "$F" "$2" >"$T/c.yaml"
    sweep "$T/c.yaml" -o "$T/c-out" 2>"$T/err"
    rc=$?
    [ $rc -eq 2 ] && [ ! -e "$T/c-out" ] && [ "$(cat "$T/err")" = "$T/c.yaml:$3" ] &&
        ok "contrasts refused: $1" || { notok "contrasts refused: $1 (exit $rc)" "$T/err"; echo "# want: $T/c.yaml:$3"; }
}
refuse "an unknown scenario, with the nearest name" \
    'contrasts: [{name: d, scenario: perc-q, reference: perc-r}]' \
    "7:33: error: contrast 'd': unknown scenario 'perc-q' (did you mean 'perc-s'?)"
refuse "a scenario's file for its name" \
    'contrasts: [{name: d, scenario: perc-s, reference: perc_r.yaml}]' \
    "7:52: error: contrast 'd': unknown scenario 'perc_r.yaml' (scenarios are named by their 'name': perc-s, perc-r)"
refuse "a name given twice" \
    'contrasts: [{name: d, scenario: perc-s, reference: perc-r}, {name: d, scenario: perc-r, reference: perc-s}]' \
    "7:68: error: contrast 'd' is given twice (first at 7:20)"
refuse "the name of a scenario" \
    'contrasts: [{name: perc-r, scenario: perc-s, reference: perc-r}]' \
    "7:20: error: contrast name 'perc-r' is the name of scenario '$PWD/$F/perc_r.yaml': the rows of a contrast and of a scenario share points.csv's 'scenario' column"
refuse "a scenario against itself" \
    'contrasts: [{name: d, scenario: perc-s, reference: perc-s}]' \
    "7:52: error: contrast 'd' compares scenario 'perc-s' with itself"
refuse "discovery on a series that is neither" \
    'contrasts: [{name: d, scenario: perc-s, reference: perc-r}]
discovery: {metric: components, op: ">", threshold: 1, scenario: e}' \
    "8:66: error: discovery: 'e' is neither a scenario's name nor a contrast (did you mean 'd'?)"
printf 'name: c\nscenarios: [%s/%s/perc_s.yaml, %s/scenarios/examples/broker.yaml]\nfactors:\n  - {key: model.alignment.rate, range: [0.1, 0.2]}\ndesign: {method: lhs, samples: 4}\nreplicas: 2\nmetrics: [components]\ncontrasts:\n  - {name: d, scenario: broker-example, reference: perc-s}\n' \
    "$PWD" "$F" "$PWD" >"$T/c.yaml"
sweep "$T/c.yaml" -o "$T/c-out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && [ ! -e "$T/c-out" ] &&
    [ "$(cat "$T/err")" = "$T/c.yaml:9:5: error: contrast 'd': scenarios 'broker-example' and 'perc-s' end at steps 24 and 1 (list the steps to compare in 'steps')" ] &&
    ok "contrasts refused: two scenarios of other lengths without 'steps'" ||
    notok "contrasts refused: other lengths (exit $rc)" "$T/err"

# --- more factors than one pass of the CSV reader takes ------------------------
if sweep $F/many.yaml -o "$T/many" --threads 2 2>"$T/err"; then
    # every factor, the 16th and 17th included, has its three Morris rows
    nf=$(awk -F, '$4 == "mu_star" && $5 != ""' "$T/many/sensitivity.csv" | wc -l)
    [ "$nf" -eq 17 ] && grep -q '^fragmentation,24,model.ties.min_weight,sigma,' "$T/many/sensitivity.csv" &&
        ok "17 factors: sensitivity.csv has mu_star for every factor" || notok "17 factors: $nf mu_star rows" "$T/many/sensitivity.csv"
else
    notok "a sweep of 17 factors finishes with its analysis" "$T/err"
fi
"$INFNET" plot "$T/many" --no-png --no-svg --quiet >"$T/out" 2>&1 && [ -s "$T/many/plots/morris_broker-example_fragmentation_step24.gp" ] &&
    ok "17 factors: infnet plot draws the Morris chart" || notok "plot of 17 factors" "$T/out"

# a Sobol design of 21 factors: more than GSL's sequence has dimensions for
if sweep $F/sobol_many.yaml -o "$T/sm" --threads 2 2>"$T/err"; then
    nst=$(awk -F, '$4 == "ST" && $5 != ""' "$T/sm/sensitivity.csv" | wc -l)
    [ "$(wc -l <"$T/sm/design.csv")" -eq $((4 * (21 + 2) + 1)) ] && [ "$nst" -eq 21 ] &&
        ok "sobol, 21 factors: N (k + 2) points and ST for every factor" || notok "sobol 21 factors: $nst ST rows" "$T/sm/design.csv"
else
    notok "a Sobol sweep of 21 factors runs" "$T/err"
fi

# --- infnet validate on experiment files ------------------------------------------
# every shipped experiment loads and checks (scenarios, every factor against
# them, the design) without running anything
for f in scenarios/experiments/*.yaml scenarios/experiments/quick/*.yaml; do
    name=$(sed -n 's/^name: *//p' "$f")
    "$INFNET" validate "$f" >"$T/out" 2>&1
    rc=$?
    [ $rc -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 1 ] && grep -q "^experiment $name: " "$T/out" &&
        ok "validate $f" || notok "validate $f (exit $rc)" "$T/out"
done
# the quick versions (make run QUICK=1) infer, screen and contrast exactly
# what the full ones do: the same factors, alternatives, contrasts, metrics,
# steps and discovery; only the sizes differ
for q in scenarios/experiments/quick/*.yaml; do
    f=scenarios/experiments/$(basename "$q")
    body() { grep -vE '^(#|name:|description:|scenarios:|design:|replicas:|calibration:)' "$1" | sed 's/ *#.*//'; }
    body "$f" >"$T/full"
    body "$q" >"$T/quick"
    cmp -s "$T/full" "$T/quick" && ok "$q: the factors and analyses of $f" ||
        notok "$q differs from $f beyond its sizes" "$T/quick"
done
"$INFNET" validate scenarios/experiments/succession_by_sanctions.yaml >"$T/out" 2>&1
[ "$(cat "$T/out")" = "experiment succession-by-sanctions: 1 scenario (scenarios/experiments/../post_soleimani/maximum_pressure.yaml), 2 factors, factorial design (5 levels): 25 points x 50 replicas x 1 scenario = 1250 replicas, seed 20200103, metrics giant_fraction, fragmentation, patron_entropy, at steps 12, 36" ] &&
    ok "validate prints the experiment's design, points and replicas" || notok "validate's summary" "$T/out"
"$INFNET" validate scenarios/experiments/screening_morris.yaml >"$T/out" 2>&1
grep -q ', 39 factors, morris design (20 trajectories, 4 levels, seed 1): 800 points x 64 replicas x 1 scenario = 51200 replicas,' "$T/out" &&
    ok "validate: a Morris design has r (k + 1) points" || notok "validate morris" "$T/out"
# the shipped calibration is for infnet calibrate only: validate prints its
# settings, and sweep refuses it (no design) before writing anything
"$INFNET" validate scenarios/experiments/calibrate_decapitation.yaml >"$T/out" 2>&1
[ "$(cat "$T/out")" = "experiment calibrate-decapitation: 1 scenario (scenarios/experiments/../post_soleimani/decapitation_2020.yaml), 6 factors, calibration abc-smc (200 particles, 7 generations, quantile 0.5, seed 1): 16 replicas per particle, seed 20200103" ] &&
    ok "validate prints the shipped calibration's settings" || notok "validate calibrate_decapitation" "$T/out"
"$INFNET" sweep scenarios/experiments/calibrate_decapitation.yaml -o "$T/cal-sweep" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && [ ! -e "$T/cal-sweep" ] &&
    grep -q "^scenarios/experiments/calibrate_decapitation.yaml:[0-9]*:[0-9]*: error: experiment 'calibrate-decapitation' has no 'design': it has a 'calibration' for infnet calibrate, and a sweep needs a design$" "$T/out" &&
    ok "sweep refuses the shipped calibration-only experiment: exit 2, no output" || notok "sweep calibrate_decapitation (exit $rc)" "$T/out"
"$INFNET" validate "$T/bad.yaml" >"$T/stdout" 2>"$T/out"
rc=$?
[ $rc -eq 2 ] && grep -q "^$T/bad.yaml:4:[0-9]*: error: " "$T/out" && [ ! -s "$T/stdout" ] &&
    ok "validate refuses a bad experiment: exit 2 at FILE:LINE:COL" || notok "validate bad experiment (exit $rc)" "$T/out"
"$INFNET" validate scenarios/examples/broker.yaml $F/grid.yaml >"$T/out" 2>&1
[ $? -eq 0 ] && [ "$(sed -n 1p "$T/out" | cut -c1-25)" = "scenario broker-example: " ] &&
    [ "$(sed -n 2p "$T/out" | cut -c1-11)" = "experiment " ] &&
    ok "validate takes scenarios and experiments together, each by its kind" || notok "validate mixed" "$T/out"
"$INFNET" validate $F/grid.yaml --set model.succession.share=0.2 >"$T/out" 2>&1
[ $? -eq 2 ] && [ "$(cat "$T/out")" = "infnet: error: $F/grid.yaml is an experiment file (it has 'factors'): --set applies to scenario files only" ] &&
    ok "validate --set of an experiment file: exit 2" || notok "validate --set experiment" "$T/out"
echo "1..$n"
