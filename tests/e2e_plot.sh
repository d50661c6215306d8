#!/bin/sh
# End-to-end tests of `infnet plot` as a user runs it: charts of a run
# (metric, final-step and network charts, SVG and PNG, with their scripts and
# data), of a directory that holds only comparison.csv (forest charts only),
# no silent overwrite (--force), the same bytes from the same directory,
# scripts and data without gnuplot on PATH, and exit 2 for a missing
# directory, and refusal (exit 2, as compare) of a header-only or truncated
# summary.csv. Prints TAP lines ("ok N - ...", "not ok N - ..."). INFNET is the
# binary. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"

S=scenarios/examples/broker.yaml
PNG_MAGIC="89504e470d0a1a0a"

# An image is non-empty; a PNG starts with the PNG signature, an SVG holds <svg.
image_ok() {
    [ -s "$1.svg" ] && [ -s "$1.png" ] && grep -q "<svg" "$1.svg" &&
        [ "$(od -An -tx1 -N8 "$1.png" | tr -d ' \n')" = "$PNG_MAGIC" ]
}

# --- a run: metric, final and network charts ----------------------------------
"$INFNET" run "$S" -n 20 -o "$T/r" --quiet >"$T/out" 2>&1 || notok "run broker" "$T/out"
"$INFNET" plot "$T/r" >"$T/info" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && ok "plot a run: exit 0" || notok "plot a run: exit $rc" "$T/err"
P="$T/r/plots"
for c in metric_fragmentation final_fragmentation network_broker-example_step0 \
    network_broker-example_step0_patron network_broker-example_compare; do
    if image_ok "$P/$c" && [ -s "$P/$c.gp" ]; then
        ok "$c: svg, png and script"
    else
        ls -la "$P" >"$T/ls" 2>&1
        notok "$c: svg, png and script" "$T/ls"
    fi
done
[ -s "$P/metric_fragmentation.dat" ] && [ -s "$P/network_broker-example_compare_first_nodes.dat" ] &&
    ok "data files written" || notok "data files written"
# a chart for every metric of summary.csv
missing=0
for m in $(awk -F, 'NR > 1 { print $3 }' "$T/r/summary.csv" | sort -u); do
    [ -s "$P/metric_$m.png" ] && [ -s "$P/final_$m.png" ] || missing=$((missing + 1))
done
[ $missing -eq 0 ] && ok "a metric and a final chart for every metric" ||
    notok "$missing metrics without charts"
# the median of the last step in the data is summary.csv's q50
want=$(awk -F, '$3 == "mean_strength" && $2 == 24 { print $9 }' "$T/r/summary.csv")
got=$(awk '!/^#/ && $1 == 24 { print $3 }' "$P/metric_mean_strength.dat")
[ -n "$want" ] && [ "$want" = "$got" ] && ok "metric data: q50 at step 24 is summary.csv's ($got)" ||
    notok "metric data: q50 '$got', summary.csv '$want'"
grep -q "step (months from 2020-01)" "$P/metric_fragmentation.gp" &&
    ok "x axis in the scenario's unit" || notok "x axis label" "$P/metric_fragmentation.gp"
# no half-written image left
ls "$P" | grep -q '\.tmp$' && notok "temporary files left" || ok "no temporary files left"
# every file written is reported
[ "$(grep -c '^wrote ' "$T/info")" -eq "$(ls "$P" | wc -l)" ] && ok "one line per file written" ||
    notok "one line per file written" "$T/info"

# --- the scripts redraw the charts by themselves --------------------------------
if command -v gnuplot >/dev/null 2>&1; then
    rm -f "$P/final_fragmentation.svg" "$P/final_fragmentation.png"
    (cd "$P" && gnuplot final_fragmentation.gp) >"$T/out" 2>&1 && image_ok "$P/final_fragmentation" &&
        ok "cd plots && gnuplot NAME.gp redraws the chart" || notok "gnuplot NAME.gp by hand" "$T/out"
fi

# --- no silent overwrite; --force; determinism ---------------------------------
"$INFNET" plot "$T/r" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q -- "--force" "$T/out" && ok "existing plots: exit 2, suggests --force" ||
    notok "existing plots: exit $rc" "$T/out"
mkdir "$T/r2" && cp -R "$T/r/summary.csv" "$T/r/final.csv" "$T/r/meta.json" "$T/r/snapshots" "$T/r2/"
"$INFNET" plot "$T/r2" >"$T/out" 2>&1 || notok "plot a copy" "$T/out"
"$INFNET" plot "$T/r" --force >"$T/out" 2>&1 && ok "--force replaces the plots" || notok "--force" "$T/out"
diffs=0
for f in "$P"/*.gp "$P"/*.dat; do
    cmp -s "$f" "$T/r2/plots/$(basename "$f")" || diffs=$((diffs + 1))
done
[ $diffs -eq 0 ] && ok "the same directory gives the same .gp and .dat bytes" ||
    notok "$diffs scripts or data differ between two plots of the same run"

# --- a directory with only comparison.csv: forest charts ------------------------
"$INFNET" run "$S" -n 20 --seed 7 --set name=broker-b -o "$T/b" --quiet >"$T/out" 2>&1 &&
    "$INFNET" compare "$T/r" "$T/b" -o "$T/c" --quiet >/dev/null 2>"$T/out" || notok "compare two runs" "$T/out"
"$INFNET" plot "$T/c" >"$T/info" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && ok "plot a comparison: exit 0" || notok "plot a comparison: exit $rc" "$T/err"
if image_ok "$T/c/plots/forest_broker-b" && image_ok "$T/c/plots/forest_d_broker-b"; then
    ok "forest charts of the comparison"
else
    ls -la "$T/c/plots" >"$T/ls" 2>&1
    notok "forest charts of the comparison" "$T/ls"
fi
others=$(ls "$T/c/plots" | grep -v '^forest_' | wc -l)
[ "$others" -eq 0 ] && ok "only forest charts from comparison.csv" || notok "$others other files in plots/"
# one row per metric, significance from p_holm
rows=$(grep -v '^#' "$T/c/plots/forest_broker-b.dat" | grep -c .)
metrics=$(awk -F, 'NR > 1 { print $3 }' "$T/r/summary.csv" | sort -u | wc -l)
[ "$rows" -eq "$metrics" ] && ok "forest: a row per metric ($rows)" || notok "forest: $rows rows for $metrics metrics"

# --- without gnuplot: scripts and data, exit 0 --------------------------------
mkdir "$T/nobin" "$T/r3" && cp "$T/r/summary.csv" "$T/r/final.csv" "$T/r3/"
case "$INFNET" in /*) BIN="$INFNET" ;; *) BIN="$(pwd)/$INFNET" ;; esac
PATH="$T/nobin" "$BIN" plot "$T/r3" >"$T/info" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "gnuplot not found" "$T/info" && ok "no gnuplot on PATH: exit 0 and a notice" ||
    notok "no gnuplot on PATH: exit $rc" "$T/info"
[ -s "$T/r3/plots/metric_fragmentation.gp" ] && [ -s "$T/r3/plots/metric_fragmentation.dat" ] &&
    [ ! -e "$T/r3/plots/metric_fragmentation.png" ] && ok "no gnuplot: scripts and data written, no images" ||
    notok "no gnuplot: files"

# --- refusals -------------------------------------------------------------------
"$INFNET" plot "$T/missing" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && ok "a missing directory: exit 2" || notok "a missing directory: exit $rc" "$T/out"
mkdir "$T/empty"
"$INFNET" plot "$T/empty" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "nothing to plot" "$T/out" && ok "an empty directory: exit 2" ||
    notok "an empty directory: exit $rc" "$T/out"

# --- a header-only or truncated summary.csv: refused as compare refuses it ------
mkdir "$T/part" && cp "$T/r/summary.csv" "$T/r/final.csv" "$T/r/meta.json" "$T/part/"
head -n 1 "$T/r/summary.csv" >"$T/part/summary.csv"
"$INFNET" plot "$T/part" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "part/summary.csv: error: no results (only a header)" "$T/out" &&
    ok "a header-only summary.csv: exit 2" || notok "a header-only summary.csv: exit $rc" "$T/out"
[ ! -d "$T/part/plots" ] && ok "nothing drawn from it" || notok "plots drawn from a header-only summary"
# cut after the first metric of the second recorded step: that step lacks the other metrics
n_metrics=$(awk -F, 'NR > 1 && $2 == 0' "$T/r/summary.csv" | wc -l)
head -n $((n_metrics + 2)) "$T/r/summary.csv" >"$T/part/summary.csv"
"$INFNET" plot "$T/part" >"$T/out" 2>&1
rc=$?
"$INFNET" compare "$T/part" "$T/r" -o "$T/pc" >"$T/cout" 2>&1
[ $rc -eq 2 ] && grep -q "no row for scenario" "$T/out" && cmp -s "$T/out" "$T/cout" &&
    ok "a truncated summary.csv: exit 2, as compare says" || notok "a truncated summary.csv: exit $rc" "$T/out"
echo "1..$n"
