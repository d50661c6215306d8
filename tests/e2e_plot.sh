#!/bin/sh
# End-to-end tests of `infnet plot` as a user runs it: charts of a run
# (metric, final-step and network charts, SVG and PNG, with their scripts and
# data), of a directory that holds only comparison.csv (forest charts only),
# no silent overwrite (--force), the same bytes from the same directory,
# scripts and data without gnuplot on PATH, and exit 2 for a missing
# directory, refusal (exit 2, as compare) of a header-only or truncated
# summary.csv, refusal (exit 2, without waiting) of a snapshot that is a FIFO
# or a symbolic link, and SIGINT/SIGTERM while gnuplot draws: exit 130, the
# gnuplot stopped, no plots/ or .lock left, and a later plot works (and the
# same while a large network is laid out, before gnuplot); a sweep's charts;
# a calibration's marginal posteriors against their priors (the histogram's
# weights sum to 1, the priors' densities are the declared ones), pairs,
# predictive check (a row per non-none observation, its observed value) and
# generations, and malformed calibration files refused at FILE:LINE:COL. Prints
# TAP lines ("ok N - ...", "not ok N - ..."). INFNET is the binary. Run from
# the repo root.
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
for c in metric_mean_strength final_mean_strength network_broker-example_step0 \
    network_broker-example_step0_patron network_broker-example_compare; do
    if image_ok "$P/$c" && [ -s "$P/$c.gp" ]; then
        ok "$c: svg, png and script"
    else
        ls -la "$P" >"$T/ls" 2>&1
        notok "$c: svg, png and script" "$T/ls"
    fi
done
[ -s "$P/metric_mean_strength.dat" ] && [ -s "$P/network_broker-example_compare_first_nodes.dat" ] &&
    ok "data files written" || notok "data files written"
# a chart for every metric of summary.csv that is not 0 everywhere; those
# that are (in summary.csv and final.csv alike) get none and are named in the index
missing=0 skipped=0
for m in $(awk -F, 'NR > 1 { print $3 }' "$T/r/summary.csv" | sort -u); do
    nonzero=$(awk -F, -v m="$m" 'NR > 1 && $3 == m { for (i = 5; i <= 11; i++) if (i != 6 && $i != 0) n++ }
        END { print n + 0 }' "$T/r/summary.csv")
    nonzero=$((nonzero + $(awk -F, -v m="$m" 'NR > 1 && $3 == m && $4 != 0 { n++ } END { print n + 0 }' \
        "$T/r/final.csv")))
    if [ "$nonzero" -eq 0 ]; then
        skipped=$((skipped + 1))
        [ ! -e "$P/metric_$m.gp" ] && [ ! -e "$P/final_$m.gp" ] &&
            sed -n '/^## Skipped/,$p' "$P/index.md" | grep -q "\`$m\`" || missing=$((missing + 1))
    else
        [ -s "$P/metric_$m.png" ] && [ -s "$P/final_$m.png" ] || missing=$((missing + 1))
    fi
done
[ $missing -eq 0 ] && [ $skipped -gt 0 ] &&
    ok "a metric and a final chart for every metric; the $skipped zero everywhere skipped and named" ||
    notok "$missing metrics without charts or not skipped ($skipped zero everywhere)" "$P/index.md"
# the index lists exactly the files written (and nothing else)
ls "$P" | grep -v '^index\.md$' | sort >"$T/written"
grep -o '](\([^)]*\))' "$P/index.md" | sed 's/^](//; s/)$//' | sort -u >"$T/listed"
diff "$T/written" "$T/listed" >"$T/diff" && [ -s "$T/written" ] &&
    ok "index.md lists exactly the $(wc -l <"$T/written") files written" || notok "index.md and the files" "$T/diff"
grep -q '^## Time series$' "$P/index.md" && grep -q '^## Networks$' "$P/index.md" &&
    grep -q '^- \*\*metric_mean_strength\*\*: mean_strength over time, one panel per scenario' "$P/index.md" &&
    ok "index.md: grouped, with captions" || notok "index.md: groups and captions" "$P/index.md"
# the median of the last step in the data is summary.csv's q50
want=$(awk -F, '$3 == "mean_strength" && $2 == 24 { print $9 }' "$T/r/summary.csv")
got=$(awk '!/^#/ && $1 == 24 { print $4 }' "$P/metric_mean_strength.dat")
[ -n "$want" ] && [ "$want" = "$got" ] && ok "metric data: q50 at step 24 is summary.csv's ($got)" ||
    notok "metric data: q50 '$got', summary.csv '$want'"
grep -q "xlabel = 'month (step 0 = 2020-01)'" "$P/metric_mean_strength.gp" &&
    grep -q 'set xtics ("2020-01" 0, "2020-07" 6, "2021-01" 12, "2021-07" 18, "2022-01" 24)' "$P/metric_mean_strength.gp" &&
    ok "x axis in dates of the scenario's unit" || notok "x axis label and dates" "$P/metric_mean_strength.gp"
# the decapitation at step 6 (meta.json's timeline) is marked and labelled
grep -q '"timeline": \[' "$T/r/meta.json" &&
    grep -q "set arrow 100 from first 6, graph 0 to first 6, graph 1 nohead" "$P/metric_mean_strength.gp" &&
    grep -q "set label 101 'decapitation soleimani' at first 6" "$P/metric_mean_strength.gp" &&
    ok "the pressure at step 6 is marked on the time axis" || notok "pressure mark" "$P/metric_mean_strength.gp"
# one panel per scenario: two scenarios, two panels (and the legend's strip)
printf 'name: broker-two\nextends: %s/%s\n' "$(pwd)" "$S" >"$T/two.yaml"
"$INFNET" run "$S" "$T/two.yaml" -n 4 -o "$T/two" --quiet >"$T/out" 2>&1 &&
    "$INFNET" plot "$T/two" --no-svg --no-png >"$T/out" 2>&1 || notok "run and plot two scenarios" "$T/out"
[ "$(grep -c "^    set title '" "$T/two/plots/metric_mean_strength.gp")" -eq 2 ] &&
    [ "$(grep -c "^    set origin " "$T/two/plots/metric_mean_strength.gp")" -eq 3 ] &&
    grep -q "^    set title 'broker-two'" "$T/two/plots/metric_mean_strength.gp" &&
    ok "two scenarios: two panels" || notok "panels per scenario" "$T/two/plots/metric_mean_strength.gp"
# the network pictures label nodes by their label, shortened ("Ministry of Intelligence (MOIS)" -> "MOIS")
grep -q ' "soleimani" [-0-9.e]* [-0-9.e]* "Qassem Soleimani"$' "$P/network_broker-example_step0_nodes.dat" &&
    grep -q ' "mois" [-0-9.e]* [-0-9.e]* "MOIS"$' "$P/network_broker-example_step0_nodes.dat" &&
    grep -q "title 'command tie'" "$P/network_broker-example_step0.gp" &&
    ok "network: labels by label, tie types in the legend" ||
    notok "network labels and tie types" "$P/network_broker-example_step0_nodes.dat"
# no half-written image left
ls "$P" | grep -q '\.tmp$' && notok "temporary files left" || ok "no temporary files left"
# every file written is reported
[ "$(grep -c '^wrote ' "$T/info")" -eq "$(ls "$P" | wc -l)" ] && ok "one line per file written" ||
    notok "one line per file written" "$T/info"

# the measured network only: baseline_2019 measures leaders and factions, tied by command, personal and
# coordination ties; agencies (qf) and funding or political ties are not drawn
B=scenarios/post_soleimani/baseline_2019.yaml
"$INFNET" run "$B" -n 2 -o "$T/m" --quiet >"$T/out" 2>&1 && "$INFNET" plot "$T/m" --no-svg --no-png >"$T/out" 2>&1 ||
    notok "run and plot baseline_2019" "$T/out"
N="$T/m/plots/network_baseline-2019_step0"
[ -s "${N}_nodes.dat" ] && ! grep -q ' "qf" ' "${N}_nodes.dat" && grep -q ' "kh" ' "${N}_nodes.dat" &&
    ! grep -q -e ' funding$' -e ' political$' "${N}_edges.dat" && grep -q ' command$' "${N}_edges.dat" &&
    ok "network: the measured kinds and ties only (outputs.network_kinds, network_ties)" ||
    notok "network: measured network" "${N}_nodes.dat"

# --- the scripts redraw the charts by themselves --------------------------------
if command -v gnuplot >/dev/null 2>&1; then
    rm -f "$P/final_mean_strength.svg" "$P/final_mean_strength.png"
    (cd "$P" && gnuplot final_mean_strength.gp) >"$T/out" 2>&1 && image_ok "$P/final_mean_strength" &&
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
others=$(ls "$T/c/plots" | grep -v -e '^forest_' -e '^index\.md$' | wc -l)
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
[ -s "$T/r3/plots/metric_mean_strength.gp" ] && [ -s "$T/r3/plots/metric_mean_strength.dat" ] &&
    [ ! -e "$T/r3/plots/metric_mean_strength.png" ] && ok "no gnuplot: scripts and data written, no images" ||
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
# --- snapshots that are not infnet's regular files: refused, nothing drawn -------
SNAP=broker-example_step6.graphml
mkdir "$T/fifo" && cp -R "$T/r/summary.csv" "$T/r/snapshots" "$T/fifo/"
rm "$T/fifo/snapshots/$SNAP" && mkfifo "$T/fifo/snapshots/$SNAP"
timeout 60 "$INFNET" plot "$T/fifo" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] &&
    grep -qx "$T/fifo/snapshots/$SNAP: error: cannot read the snapshot: it is a FIFO, not a regular file" "$T/out" &&
    [ ! -e "$T/fifo/plots" ] && ok "a FIFO snapshot: exit 2 at once, naming it; nothing drawn" ||
    notok "a FIFO snapshot: exit $rc (124: it waited on the FIFO)" "$T/out"
mkdir "$T/link" && cp -R "$T/r/summary.csv" "$T/r/snapshots" "$T/link/"
mv "$T/link/snapshots/$SNAP" "$T/link/elsewhere.graphml"
ln -s ../elsewhere.graphml "$T/link/snapshots/$SNAP"
"$INFNET" plot "$T/link" >"$T/out" 2>&1
rc=$?
[ $rc -eq 2 ] &&
    grep -qx "$T/link/snapshots/$SNAP: error: cannot read the snapshot: it is a symbolic link" "$T/out" &&
    [ ! -e "$T/link/plots" ] && ok "a snapshot that is a symbolic link: exit 2, naming it; nothing drawn" ||
    notok "a symbolic-link snapshot: exit $rc" "$T/out"

# --- a signal while gnuplot draws: exit 130, nothing half-made kept -------------
# A gnuplot first on PATH that starts an image, says it has started (its pid
# in $T/started), then waits: the signal comes while a chart is being drawn,
# however slow the machine.
mkdir "$T/fake"
cat >"$T/fake/gnuplot" <<EOS
#!/bin/sh
echo "half an image" >"\${3%.gp}.svg.tmp"
echo \$\$ >"$T/started.tmp" && mv "$T/started.tmp" "$T/started"
exec sleep 120
EOS
chmod +x "$T/fake/gnuplot"
# interrupt SIG DIR [OPTION]: plot DIR with the slow gnuplot, send SIG once it draws
interrupt() {
    rm -f "$T/started"
    PATH="$T/fake:$PATH" "$INFNET" plot "$2" ${3:-} >"$T/out" 2>"$T/err" &
    pid=$!
    i=0
    while [ ! -s "$T/started" ] && [ $i -lt 600 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -"$1" $pid
    wait $pid
    rc=$?
    gp=$(cat "$T/started" 2>/dev/null)
}
mkdir "$T/sig" && cp -R "$T/r/summary.csv" "$T/r/final.csv" "$T/r/meta.json" "$T/r/snapshots" "$T/sig/"
interrupt INT "$T/sig"
[ $rc -eq 130 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
    grep -q "^infnet: error: interrupted while gnuplot drew '$T/sig/plots/.*\.gp'; the charts were not finished, none was kept in '$T/sig/plots'$" "$T/err" &&
    ok "SIGINT while gnuplot draws: exit 130, one line saying so" || notok "SIGINT during plot: exit $rc" "$T/err"
[ -n "$gp" ] && ! kill -0 "$gp" 2>/dev/null && ok "SIGINT: the gnuplot drawing then is stopped" ||
    notok "SIGINT: gnuplot ($gp) still runs"
[ ! -e "$T/sig/plots" ] && [ ! -e "$T/sig/.lock" ] && ok "SIGINT: no plots/ (nothing half-made) and no .lock left" ||
    notok "SIGINT: left $(ls -A "$T/sig" "$T/sig/plots" 2>&1 | tr '\n' ' ')"
"$INFNET" plot "$T/sig" >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && image_ok "$T/sig/plots/metric_mean_strength" && ! ls -A "$T/sig/plots" | grep -q '\.tmp$' &&
    ok "plot after the interruption: exit 0, charts drawn" || notok "plot after the interruption: exit $rc" "$T/out"
# --force over earlier charts, SIGTERM: the earlier charts were to be replaced, none is left half-made
interrupt TERM "$T/sig" --force
[ $rc -eq 130 ] && grep -q "none was kept in '$T/sig/plots'" "$T/err" && [ ! -e "$T/sig/plots" ] &&
    [ ! -e "$T/sig/.lock" ] && ok "SIGTERM during plot --force: exit 130, no plots/ or .lock left" ||
    notok "SIGTERM during plot --force: exit $rc, left $(ls -A "$T/sig" "$T/sig/plots" 2>&1 | tr '\n' ' ')" "$T/err"
[ -n "$gp" ] && kill "$gp" 2>/dev/null
# before gnuplot: a 20 000-node snapshot takes seconds to lay out; SIGTERM once plots/ exists
mkdir -p "$T/big/snapshots"
awk 'BEGIN { n = 20000
    print "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">"
    print "<graph edgedefault=\"undirected\">"
    for (i = 0; i < n; i++) print "<node id=\"n" i "\"/>"
    for (i = 0; i < n; i++) print "<edge source=\"n" i "\" target=\"n" (i * 7 + 3) % n "\"/>"
    print "</graph>\n</graphml>" }' >"$T/big/snapshots/big_step0.graphml"
"$INFNET" plot "$T/big" >"$T/out" 2>"$T/err" &
pid=$!
i=0
while [ ! -d "$T/big/plots" ] && [ $i -lt 600 ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 130 ] && grep -q "interrupted.*none was kept in '$T/big/plots'$" "$T/err" && [ ! -e "$T/big/plots" ] &&
    [ ! -e "$T/big/.lock" ] && ok "SIGTERM while a network is laid out: exit 130, no plots/ or .lock left" ||
    notok "SIGTERM during the layout: exit $rc, left $(ls -A "$T/big" | tr '\n' ' ')" "$T/err"
# --- a sweep: sensitivity, response, heatmap and PRIM charts ------------------------
# tests/fixtures/sweep_plot is a factorial sweep's directory (design.csv, points.csv,
# meta.json with its experiment) with the sensitivity.csv and discovery.csv
# the analysis wrote for it.
cp -R tests/fixtures/sweep_plot "$T/sw"
"$INFNET" plot "$T/sw" >"$T/info" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && ok "plot a sweep: exit 0" || notok "plot a sweep: exit $rc" "$T/err"
for c in src_decap_fragmentation_step36 src_decap_patron_entropy_step36 response_decap_fragmentation_step36 \
    heatmap_decap_fragmentation_step36_model.succession.share_pressures.1.intensity prim_decap; do
    if image_ok "$T/sw/plots/$c" && [ -s "$T/sw/plots/$c.gp" ] && [ -s "$T/sw/plots/$c.dat" ]; then
        ok "sweep chart $c: svg, png, script and data"
    else
        ls -la "$T/sw/plots" >"$T/ls" 2>&1
        notok "sweep chart $c" "$T/ls"
    fi
done
others=$(ls "$T/sw/plots" | grep -v -e '^index\.md$' -e '^src_' -e '^response_' -e '^heatmap_' -e '^prim_' | wc -l)
[ "$others" -eq 0 ] && ok "a sweep has only sweep charts" || notok "$others other files in the sweep's plots/"
# the SRC bars are sensitivity.csv's values, the PRIM points discovery.csv's boxes
want=$(awk -F, '$1 == "fragmentation" && $3 == "model.succession.share" { print $5, $6, $7 }' "$T/sw/sensitivity.csv")
got=$(awk '!/^#/ && $2 == "\"model.succession.share\"" { print $3, $4, $5 }' "$T/sw/plots/src_decap_fragmentation_step36.dat")
[ -n "$want" ] && [ "$want" = "$got" ] && ok "SRC data: value and interval from sensitivity.csv" ||
    notok "SRC data '$got', sensitivity.csv '$want'"
want=$(awk -F, 'NR > 1 { r[$1] += $9; c[$1] = $2 " " $3 } END { for (b in r) print b, c[b], r[b] }' \
    "$T/sw/discovery.csv" | sort -n)
got=$(awk '!/^#/' "$T/sw/plots/prim_decap.dat")
[ "$want" = "$got" ] && ok "PRIM data: every box's coverage, density and restricted factors" ||
    notok "PRIM data '$got', discovery.csv '$want'"
# a run (its meta.json holds no experiment) gets no sweep charts
ls "$T/r/plots" | grep -q -e '^response_' -e '^sobol_' && notok "sweep charts in a run" ||
    ok "no sweep charts for a run"
# --- a calibration: marginal posteriors, pairs, predictive check, generations ------------
CF=tests/fixtures/calibrate
"$INFNET" calibrate $CF/experiment.yaml --observations $CF/observations.yaml --quiet -o "$T/cal" 2>"$T/err" ||
    notok "calibrate the toy" "$T/err"
"$INFNET" plot "$T/cal" >"$T/info" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/err" ] && ok "plot a calibration: exit 0, nothing on stderr (no gnuplot warning)" ||
    notok "plot a calibration: exit $rc" "$T/err"
CP="$T/cal/plots"
for c in marginal_pressures.0.fraction predictive generations; do
    if image_ok "$CP/$c" && [ -s "$CP/$c.gp" ]; then
        ok "calibration chart $c: svg, png and script"
    else
        ls -la "$CP" >"$T/ls" 2>&1
        notok "calibration chart $c" "$T/ls"
    fi
done
others=$(ls "$CP" | grep -v -e '^index\.md$' -e '^marginal_' -e '^predictive\.' -e '^generations\.' | wc -l)
[ "$others" -eq 0 ] && [ ! -e "$CP/pairs.gp" ] && ok "a calibration of one parameter has its charts only, no pairs" ||
    notok "$others other files in the calibration's plots/" "$T/info"
# the histogram's weights sum to 1 over bins that tile the prior's support [0.1, 0.9], whose density is 1/0.8
H="$CP/marginal_pressures.0.fraction_hist.dat"
awk '!/^#/ { s += $4; n++; if (n == 1) lo = $2; if (n > 1 && $2 != prev) gap = 1; prev = $3
        d = $5 - $4 / ($3 - $2); if (d > 1e-9 || d < -1e-9) bad = 1 }
    END { d = s - 1; if (d < 0) d = -d; printf "# weights sum to %.17g over %d bins [%s, %s]\n", s, n, lo, prev
          exit !(d < 1e-9 && lo == 0.1 && prev == 0.9 && !gap && !bad && n >= 10) }' "$H" &&
    ok "marginal: the weighted histogram's weights sum to 1 over bins tiling the prior's support" ||
    notok "marginal histogram" "$H"
awk '!/^#/ { n++; if ($2 != 1.25) bad = 1 } END { exit bad || n != 201 }' "$CP/marginal_pressures.0.fraction_prior.dat" &&
    ok "marginal: the uniform prior's density 1/(0.9 - 0.1) at every point" ||
    notok "marginal prior" "$CP/marginal_pressures.0.fraction_prior.dat"
# one row per observation that is not 'use: none', with the observed value or bounds of the
# observations file, and the predictive median, interval and coverage of predictive.csv
want='0 "giant" "calibrate" 0.398 NaN NaN|1 "nodes-left" "validate" NaN -220 -180'
got=$(awk '!/^#/ { printf "%s%s %s %s %s %s %s", n++ ? "|" : "", $1, $2, $3, $4, $5, $6 }' "$CP/predictive.dat")
[ "$got" = "$want" ] && ok "predictive: a row per calibrate or validate observation, observed value or bounds" ||
    notok "predictive rows '$got'"
want=$(awk -F, 'NR > 1 { print $4, $5, $6, $7 }' "$T/cal/predictive.csv")
got=$(awk '!/^#/ { print $7, $8, $9, $10 }' "$CP/predictive.dat")
[ -n "$want" ] && [ "$want" = "$got" ] && ok "predictive: median, q05, q95 and covered from predictive.csv" ||
    notok "predictive data '$got', predictive.csv '$want'"
want=$(awk -F, 'NR > 1 { print $1, ($2 == "Inf" ? "NaN" : $2), $5, $6 }' "$T/cal/generations.csv")
got=$(awk '!/^#/ { print $1, $2, $3, $4 }' "$CP/generations.dat")
[ "$(echo "$got" | wc -l)" -eq 3 ] && [ "$want" = "$got" ] &&
    ok "generations: tolerance, acceptance rate and ESS of each generation" || notok "generations data '$got'"

# two parameters (a triangular prior, an integer normal one) and model choice: a pairs chart
cat >"$T/mc.yaml" <<EOF
name: choice
scenarios: [$PWD/$CF/percolation.yaml]
factors:
  - {key: "pressures.0.fraction", distribution: {type: triangular, min: 0.1, mode: 0.45, max: 0.9}}
  - {key: "network.generate.n", distribution: {type: normal, mean: 400, sd: 10, min: 380, max: 420}}
  - name: degree
    alternatives:
      sparse: {network.generate.mean_degree: 2}
      dense: {network.generate.mean_degree: 4}
replicas: 1
seed: 5
calibration: {method: abc-smc, particles: 12, generations: 2, seed: 1}
EOF
"$INFNET" calibrate "$T/mc.yaml" --observations $CF/observations.yaml --quiet -o "$T/mc" 2>"$T/err" ||
    notok "calibrate with model choice" "$T/err"
"$INFNET" plot "$T/mc" >"$T/info" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/err" ] && image_ok "$T/mc/plots/pairs" &&
    [ "$(grep -c '^    plot ' "$T/mc/plots/pairs.gp")" -eq 1 ] && [ "$(grep -vc '^#' "$T/mc/plots/pairs.dat")" -eq 12 ] &&
    ok "two parameters and model choice: a pairs chart of one panel, a row per particle" ||
    notok "pairs chart (exit $rc)" "$T/err"
want=$(jq -r '.model_probabilities | to_entries[] | "\"\(.key)\" \(.value)"' "$T/mc/meta.json")
got=$(awk '!/^#/ { print $2, $3 }' "$T/mc/plots/model_probabilities.dat")
[ -n "$want" ] && [ "$want" = "$got" ] && image_ok "$T/mc/plots/model_probabilities" &&
    ok "model choice: a chart of the variants' posterior probabilities from meta.json" ||
    notok "model probabilities '$got', meta.json '$want'"
# the triangle's peak 2/(0.9 - 0.1) at its mode; the integer normal's density over its latent support
# [379.5, 420.5] integrates to 1, and its histogram has a bin per whole number 380 .. 420
awk '!/^#/ && $1 == 0.45 { print $2 }' "$T/mc/plots/marginal_pressures.0.fraction_prior.dat" | grep -qx 2.5 &&
    ok "marginal: the triangular prior peaks at 2/(max - min) at its mode" ||
    notok "triangular prior" "$T/mc/plots/marginal_pressures.0.fraction_prior.dat"
awk '!/^#/ { if (n) s += ($1 - px) * ($2 + py) / 2; px = $1; py = $2; n++; if (n == 1) lo = $1 }
    END { printf "# integral %.6f over [%s, %s]\n", s, lo, px; d = s - 1; if (d < 0) d = -d
          exit !(d < 1e-3 && lo == 379.5 && px == 420.5) }' "$T/mc/plots/marginal_network.generate.n_prior.dat" &&
    [ "$(grep -vc '^#' "$T/mc/plots/marginal_network.generate.n_hist.dat")" -eq 41 ] &&
    ok "marginal: an integer normal prior integrates to 1 over its latent support; a bin per whole number" ||
    notok "integer normal prior" "$T/mc/plots/marginal_network.generate.n_prior.dat"
"$INFNET" plot --help | tr '\n' ' ' | grep -q "'infnet sweep' or 'infnet calibrate' into DIR/plots/" &&
    ok "plot --help names calibrations" || notok "plot --help"
# SIGINT while a calibration's chart is drawn: exit 130, nothing kept; the calibration's files untouched
mkdir "$T/csig" && cp "$T/cal"/*.csv "$T/cal/meta.json" "$T/csig/" && (cd "$T/csig" && sha256sum ./*) >"$T/csig.sum"
interrupt INT "$T/csig"
[ $rc -eq 130 ] && grep -q "none was kept in '$T/csig/plots'" "$T/err" && [ ! -e "$T/csig/plots" ] &&
    [ ! -e "$T/csig/.lock" ] && (cd "$T/csig" && sha256sum -c --quiet "$T/csig.sum") &&
    ok "SIGINT while a calibration is plotted: exit 130, no plots/ or .lock left, its files untouched" ||
    notok "SIGINT during a calibration's plot: exit $rc" "$T/err"
[ -n "$gp" ] && kill "$gp" 2>/dev/null

# malformed calibration files: exit 2 at FILE:LINE:COL, nothing drawn
bad_cal() { # NAME FILE SED EXPECTED
    rm -rf "$T/bc" && mkdir "$T/bc" && cp "$T/cal"/*.csv "$T/cal/meta.json" "$T/bc/"
    sed -i "$3" "$T/bc/$2"
    "$INFNET" plot "$T/bc" >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -eq 2 ] && [ "$(cat "$T/err")" = "$4" ] && [ ! -e "$T/bc/plots" ] && ok "$1" || {
        echo "# rc $rc"
        notok "$1" "$T/err"
    }
}
bad_cal "posterior.csv: a negative weight is refused at its line" posterior.csv '3s/^1,[^,]*,/1,-0.5,/' \
    "$T/bc/posterior.csv:3:3: error: weight '-0.5' is not a number >= 0"
col=$(($(sed -n 2p "$T/cal/posterior.csv" | cut -d, -f1-2 | wc -c) + 1))
bad_cal "posterior.csv: a value outside its prior's support is refused" posterior.csv '2s/,[^,]*$/,0.95/' \
    "$T/bc/posterior.csv:2:$col: error: 'pressures.0.fraction' is 0.95, outside the support [0.1, 0.9] of its prior in meta.json"
bad_cal "predictive.csv: a use other than calibrate or validate" predictive.csv '2s/,calibrate,/,none,/' \
    "$T/bc/predictive.csv:2:7: error: use 'none' is not calibrate or validate"
bad_cal "meta.json without the priors is refused, saying why" meta.json 's/"priors"/"priorz"/' \
    "$T/bc/meta.json: error: a calibration's meta.json needs 'priors', one per parameter (1); it was written by an infnet calibrate that did not record them: calibrate again to plot it"
echo "1..$n"
