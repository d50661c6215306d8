#!/bin/sh
# infnet run --posterior DIR as a user meets it: a posterior whose only
# weighted particle sets a value gives exactly the bytes of a plain run with
# that value as --set (a particle of weight 0 is never drawn); two particles
# of equal weight widen the spread of the result beyond either one's (the
# intervals carry the parameter uncertainty); the bytes are the same at 1
# and 2 threads and under 2 MPI ranks; meta.json records the posterior;
# --resume continues an interrupted run to the same bytes and refuses a
# changed posterior.csv by name; a signal while the particles load stops
# the run (exit 130) before anything is written; a bad posterior.csv is refused at its
# FILE:LINE:COL with the reason.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
MPIBIN=${MPIBIN-build/infnet-mpi}
. "$(dirname "$0")/tap.sh"
S=tests/fixtures/calibrate/percolation.yaml
K=pressures.0.fraction
run() { "$INFNET" run "$S" --quiet "$@"; }
post() {  # DIR ROWS...: DIR/posterior.csv with the header particle,weight,$K and the rows
    d=$1
    shift
    mkdir -p "$d"
    { echo "particle,weight,$K"; for r in "$@"; do echo "$r"; done; } >"$d/posterior.csv"
}
same() {  # DIR1 DIR2
    for f in summary.csv final.csv nodes.csv patrons.csv $(cd "$1" && ls snapshots/* 2>/dev/null); do
        cmp -s "$1/$f" "$2/$f" || { echo "# $f differs"; return 1; }
    done
}
# the sd of giant_initial_fraction at step 1 in DIR's summary.csv
sd() { awk -F, '$2 == 1 && $3 == "giant_initial_fraction" { print $6 }' "$1/summary.csv"; }

# --- a weight-0 particle is never drawn ------------------------------------
post "$T/p10" "0,1,0.3" "1,0,0.7"
SNAP=outputs.snapshots=[1]
if run -n 30 --set "$SNAP" --posterior "$T/p10" -o "$T/a" 2>"$T/err"; then ok "--posterior: exit 0"; else notok "--posterior: exit 0" "$T/err"; fi
run -n 30 --set "$SNAP" --set $K=0.3 -o "$T/b" 2>"$T/err" || notok "plain run" "$T/err"
[ -s "$T/a/snapshots/percolation-toy_step1.graphml" ] && same "$T/a" "$T/b" &&
    ok "weights 1 and 0: the bytes of a plain run with --set of the weighted particle's value, snapshots too" ||
    notok "weights 1 and 0: the bytes of --set $K=0.3"
[ "$(jq -c '.posterior | [.directory, .particles, .keys]' "$T/a/meta.json")" = "[\"$T/p10\",2,[\"$K\"]]" ] &&
    [ "$(jq -r .posterior.sha256 "$T/a/meta.json")" = "$(sha256sum "$T/p10/posterior.csv" | cut -d' ' -f1)" ] &&
    ok "meta.json records the posterior's directory, SHA-256, particle count and keys" ||
    notok "meta.json posterior" "$T/a/meta.json"
jq -e 'has("posterior") | not' "$T/b/meta.json" >/dev/null && ok "a run without --posterior records none" ||
    notok "meta.json of a plain run"
# the command line's --set comes first: the particle's value overrides it
run -n 30 --set "$SNAP" --set $K=0.9 --posterior "$T/p10" -o "$T/a9" 2>"$T/err" && same "$T/a9" "$T/b" &&
    ok "the particle's value is applied after the command line's --set" || notok "--set then the particle" "$T/err"

# --- parameter uncertainty shows ---------------------------------------------
post "$T/eq" "0,0.5,0.3" "1,0.5,0.7"
run -n 60 --posterior "$T/eq" -o "$T/e1" --threads 1 2>"$T/err" || notok "equal weights" "$T/err"
run -n 60 --set $K=0.3 -o "$T/s3" 2>/dev/null
run -n 60 --set $K=0.7 -o "$T/s7" 2>/dev/null
sd_mix=$(sd "$T/e1")
sd3=$(sd "$T/s3")
sd7=$(sd "$T/s7")
awk -v m="$sd_mix" -v a="$sd3" -v b="$sd7" 'BEGIN { exit !(m > 0 && m > 5 * a && m > 5 * b) }' &&
    ok "two particles of equal weight: sd of giant_initial_fraction $sd_mix, above either one's ($sd3, $sd7)" ||
    notok "parameter uncertainty: sd $sd_mix vs $sd3, $sd7"
# both particles were drawn: final values near each particle's giant component
awk -F, '$3 == "giant_initial_fraction" { if ($4 > 0.5) hi++; else lo++ } END { exit !(hi > 10 && lo > 10) }' \
    "$T/e1/final.csv" && ok "both particles are drawn" || notok "both particles are drawn" "$T/e1/final.csv"
run -n 60 --posterior "$T/eq" -o "$T/e2" --threads 2 2>"$T/err" && same "$T/e1" "$T/e2" &&
    ok "the same bytes at 1 and 2 threads" || notok "1 and 2 threads" "$T/err"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if [ -z "$MPIBIN" ] || [ ! -x "$MPIBIN" ] || ! command -v mpirun >/dev/null 2>&1; then
    ok "no MPI binary or mpirun # SKIP"
else
    mpirun --oversubscribe -np 2 "$MPIBIN" run "$S" -n 60 --posterior "$T/eq" -o "$T/em" --threads 1 --quiet \
        >"$T/err" 2>&1 && same "$T/e1" "$T/em" && ok "the same bytes under 2 MPI ranks" || notok "2 MPI ranks" "$T/err"
fi

# --- resume --------------------------------------------------------------------
R=6000
run -n $R --set "$SNAP" --posterior "$T/eq" -o "$T/ref" --threads 1 2>"$T/err" || notok "reference run" "$T/err"
"$INFNET" run "$S" --quiet -n $R --set "$SNAP" --posterior "$T/eq" -o "$T/int" --threads 1 2>"$T/err" &
p=$!
w=0
while [ ! -e "$T/int/.summary.csv.tmp" ] && kill -0 $p 2>/dev/null && [ $w -lt 2400 ]; do
    sleep 0.05
    w=$((w + 1))
done
kill -INT $p 2>/dev/null
wait $p
rc=$?
if [ $rc -eq 130 ]; then
    post "$T/eq2" "0,0.5,0.3" "1,0.5,0.71"
    run -n $R --set "$SNAP" --posterior "$T/eq2" -o "$T/int" --threads 1 --resume 2>"$T/err"
    rc=$?
    h1=$(sha256sum "$T/eq/posterior.csv" | cut -d' ' -f1)
    h2=$(sha256sum "$T/eq2/posterior.csv" | cut -d' ' -f1)
    [ $rc -eq 2 ] && [ "$(cat "$T/err")" = "infnet: error: cannot resume '$T/int': it was started with other inputs: the checkpoint has '--posterior $T/eq/posterior.csv sha256 $h1', this run has '--posterior $T/eq2/posterior.csv sha256 $h2'" ] &&
        ok "--resume with another posterior.csv: refused by name (exit 2)" || notok "--resume, other posterior (exit $rc)" "$T/err"
    rm -rf "$T/int/snapshots" # written again by the resume, from replica 0's particle
    run -n $R --set "$SNAP" --posterior "$T/eq" -o "$T/int" --threads 2 --resume 2>"$T/err" &&
        same "$T/ref" "$T/int" && ok "--resume with the same posterior: the bytes of an uninterrupted run, snapshots too" ||
        notok "--resume" "$T/err"
elif [ $rc -eq 0 ]; then
    ok "SIGINT came after the run had finished # SKIP"
else
    notok "SIGINT: exit $rc" "$T/err"
fi

# a signal while the particles load: exit 130, nothing written
mkdir -p "$T/many"
awk -v k=$K 'BEGIN { print "particle,weight," k; for (i = 0; i < 20000; i++) print i ",1,0.5" }' >"$T/many/posterior.csv"
"$INFNET" run "$S" --quiet -n 4 --posterior "$T/many" -o "$T/many-out" 2>"$T/err" &
p=$!
sleep 1
kill -INT $p 2>/dev/null
wait $p
rc=$?
if [ $rc -eq 130 ] && grep -q "^infnet: error: interrupted while loading particle [0-9]* of 20000 of '$T/many/posterior.csv' for scenario 'percolation-toy'$" "$T/err" &&
    [ ! -e "$T/many-out" ]; then
    ok "SIGINT while loading the particles: exit 130, no output directory"
elif [ $rc -eq 0 ]; then
    ok "SIGINT came after the run had finished # SKIP"
else
    notok "SIGINT while loading (exit $rc)" "$T/err"
fi

# --- model choice: a particle's variant applies its alternative's overrides ------
mkdir -p "$T/mc"
printf 'particle,weight,%s,variant\n0,0,0.7,sparse\n1,1,0.3,dense\n' $K >"$T/mc/posterior.csv"
echo '{"alternatives": {"sparse": {"network.generate.mean_degree": "2"}, "dense": {"network.generate.mean_degree": "4"}}}' >"$T/mc/meta.json"
run -n 20 --posterior "$T/mc" -o "$T/mca" 2>"$T/err" || notok "--posterior with a variant column" "$T/err"
run -n 20 --set network.generate.mean_degree=4 --set $K=0.3 -o "$T/mcb" 2>"$T/err" || notok "plain run" "$T/err"
same "$T/mca" "$T/mcb" && [ "$(jq -c '.posterior | [.variants, .meta_sha256 == "'"$(sha256sum "$T/mc/meta.json" | cut -d' ' -f1)"'"]' "$T/mca/meta.json")" = "[2,true]" ] &&
    ok "model choice: the drawn particle's variant overrides, then its values: the bytes of the plain run" ||
    notok "model choice posterior" "$T/err"
printf 'particle,weight,%s,variant\n0,0,0.7,dense\n1,1,0.3,sparse\n' $K >"$T/mc/posterior.csv"
run -n 20 --posterior "$T/mc" -o "$T/mcc" 2>"$T/err" && ! cmp -s "$T/mca/summary.csv" "$T/mcc/summary.csv" &&
    ok "model choice: another variant gives another result" || notok "model choice: variant matters" "$T/err"

# --- refusals --------------------------------------------------------------------
refused() {  # NAME EXPECTED-MESSAGE (the posterior in $T/$NAME)
    run -n 4 --posterior "$T/$1" -o "$T/out-$1" 2>"$T/err"
    rc=$?
    [ $rc -eq 2 ] && [ "$(cat "$T/err")" = "$2" ] && [ ! -e "$T/out-$1/summary.csv" ] && ok "refused: $1" ||
        { echo "# exit $rc"; notok "refused: $1" "$T/err"; }
}
refused none "infnet: error: --posterior: cannot read '$T/none/posterior.csv': No such file or directory (DIR must be an output directory of infnet calibrate)"
post "$T/neg" "0,1,0.3" "1,-0.5,0.7"
refused neg "$T/neg/posterior.csv:3:3: error: weight -0.5 is negative"
post "$T/nan" "0,1,0.3" "1,,0.7"
refused nan "$T/nan/posterior.csv:3:3: error: weight '' is not a finite number"
post "$T/zero" "0,0,0.3" "1,0,0.7"
refused zero "$T/zero/posterior.csv: error: the weights sum to 0: no particle can be drawn"
mkdir -p "$T/var"
printf 'particle,weight,%s,variant\n0,1,0.3,dense\n' $K >"$T/var/posterior.csv"
refused var "infnet: error: --posterior: cannot read '$T/var/meta.json': No such file or directory (posterior.csv has a 'variant' column: the alternatives are read from there)"
mkdir -p "$T/varlast"
printf 'particle,weight,variant,%s\n0,1,dense,0.3\n' $K >"$T/varlast/posterior.csv"
refused varlast "$T/varlast/posterior.csv:1:17: error: column 'variant' (model choice) must be the last, as infnet calibrate writes it"
mkdir -p "$T/varnone"
printf 'particle,weight,%s,variant\n0,1,0.3,dense\n' $K >"$T/varnone/posterior.csv"
echo '{"command": "calibrate"}' >"$T/varnone/meta.json"
refused varnone "$T/varnone/meta.json: error: no \"alternatives\" object of two or more variants, which posterior.csv's 'variant' column needs (it is written by infnet calibrate under model choice)"
mkdir -p "$T/varunk"
printf 'particle,weight,%s,variant\n0,1,0.3,dense\n1,1,0.3,medium\n' $K >"$T/varunk/posterior.csv"
echo '{"alternatives": {"sparse": {"network.generate.mean_degree": "2"}, "dense": {"network.generate.mean_degree": "4"}}}' >"$T/varunk/meta.json"
refused varunk "$T/varunk/posterior.csv:3:9: error: particle 1: variant 'medium' is not among the alternatives of '$T/varunk/meta.json'"
mkdir -p "$T/unk"
printf 'particle,weight,pressures.0.fractoin\n0,1,0.3\n' >"$T/unk/posterior.csv"
refused unk "$T/unk/posterior.csv:2:5: error: particle 0, column 'pressures.0.fractoin': unknown key 'fractoin' in pressure (did you mean 'fraction'?)"
post "$T/val" "0,1,0.3" "1,1,1.5"
refused val "$T/val/posterior.csv:3:5: error: particle 1, column '$K': 'fraction' must be in (0, 1], got 1.5"
mkdir -p "$T/shape"
printf 'particle,weight,network.generate.n\n0,1,300\n' >"$T/shape/posterior.csv"
refused shape "$T/shape/posterior.csv:2:1: error: particle 0 changes the number of nodes of scenario 'percolation-toy' (a posterior may set parameters only, not what the run records)"
post "$T/order" "1,1,0.3"
refused order "$T/order/posterior.csv:2:1: error: particle 1 where particle 0 was expected (particles are numbered 0, 1, ... in order)"
mkdir -p "$T/bare"
printf 'particle,weight\n0,1\n' >"$T/bare/posterior.csv"
refused bare "$T/bare/posterior.csv:1:10: error: no factor column after 'weight': there is nothing to draw"
post "$T/empty"
refused empty "$T/empty/posterior.csv: error: no particles (the file has a header only)"
post "$T/short" "0,1"
refused short "$T/short/posterior.csv:2:1: error: 2 fields, but the header has 3"
echo "1..$n"
