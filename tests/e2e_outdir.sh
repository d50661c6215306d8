#!/bin/sh
# Output directories are infnet's alone while it writes them: links planted
# at the temporary (or final) names are never followed; one writer at a
# time per directory (DIR/.lock), a second one refused naming the holder;
# analyze does not replace a run's results without --force; --force removes
# the other files infnet wrote there, never the user's; a resumed run
# writes deleted snapshots again; default directory names too long for a
# file name are refused; compare stops on Ctrl-C with advice it accepts.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
case $INFNET in /*) ;; *) INFNET=$(pwd)/$INFNET ;; esac
S=scenarios/examples/broker.yaml
N=600
ARGS="run $S -n $N --threads 2 --quiet"

# wait_busy DIR PID: 0 once PID writes its outputs in DIR (it holds DIR/.lock
# by then), 1 if PID ended first
wait_busy() {
    w=0
    while [ ! -e "$1/.summary.csv.tmp" ]; do
        kill -0 "$2" 2>/dev/null || return 1
        [ $w -ge 1200 ] && return 1
        sleep 0.05
        w=$((w + 1))
    done
    kill -0 "$2" 2>/dev/null
}
same_outputs() {  # DIR REF: 0 when the CSVs and snapshots equal the reference's bytes
    for f in summary.csv final.csv nodes.csv; do
        cmp -s "$2/$f" "$1/$f" || { echo "# $f differs"; return 1; }
    done
    for f in "$2"/snapshots/*; do
        cmp -s "$f" "$1/snapshots/${f##*/}" || { echo "# snapshots/${f##*/} differs or is missing"; return 1; }
    done
}

# ---- links at the temporary and final names --------------------------------
"$INFNET" $ARGS -o "$T/ref" 2>"$T/err" || notok "reference run" "$T/err"
printf 'precious\n' >"$T/victim"
plant() {  # DIR NAME...: links to $T/victim at each name
    d=$1
    shift
    for f in "$@"; do ln -s "$T/victim" "$d/$f"; done
}
intact() { [ "$(cat "$T/victim")" = precious ]; }
mkdir -p "$T/links/snapshots"
plant "$T/links" .summary.csv.tmp .final.csv.tmp .nodes.csv.tmp .replicas.csv.tmp .meta.json.tmp \
    .checkpoint.tmp .checkpoint
plant "$T/links/snapshots" .broker-example_step0.graphml.tmp .broker-example_step6.graphml.tmp
if "$INFNET" $ARGS -o "$T/links" --force --per-replica 2>"$T/err" && intact && same_outputs "$T/links" "$T/ref" &&
    [ ! -L "$T/links/summary.csv" ] && [ "$(jq -r .complete "$T/links/meta.json")" = true ]; then
    ok "run: links at the temporary names are replaced, never followed; the outputs are the reference's"
else
    notok "run followed a planted link (victim: $(head -c 40 "$T/victim"))" "$T/err"
fi
mkdir -p "$T/alinks"
plant "$T/alinks" .nodes.csv.tmp .graph.csv.tmp .key_players.csv.tmp
"$INFNET" analyze tests/fixtures/florentine.csv --key-players 2 -o "$T/aref" >/dev/null 2>&1
if "$INFNET" analyze tests/fixtures/florentine.csv --key-players 2 -o "$T/alinks" --force >/dev/null 2>"$T/err" &&
    intact && cmp -s "$T/alinks/nodes.csv" "$T/aref/nodes.csv" && cmp -s "$T/alinks/graph.csv" "$T/aref/graph.csv"; then
    ok "analyze: links at the temporary names are not followed"
else
    notok "analyze followed a planted link" "$T/err"
fi
cp -r "$T/ref" "$T/plinks"
mkdir -p "$T/plinks/plots"
plant "$T/plinks/plots" .final_nodes.dat.tmp .final_nodes.gp.tmp final_nodes.svg.tmp final_nodes.png.tmp
"$INFNET" plot "$T/plinks" --force >/dev/null 2>"$T/err"
intact && ok "plot: links at the temporary names (its own and gnuplot's) are not followed" ||
    notok "plot followed a planted link" "$T/err"
# a directory link planted where infnet makes its own subdirectories
mkdir -p "$T/elsewhere" "$T/dlinks" "$T/plink"
printf 'keep\n' >"$T/elsewhere/keep.svg"
ln -s "$T/elsewhere" "$T/dlinks/snapshots"
"$INFNET" $ARGS -o "$T/dlinks" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'symbolic link' "$T/err" && [ -z "$(ls "$T/elsewhere" | grep -v keep.svg)" ] &&
    [ ! -e "$T/dlinks/meta.json" ] && ok "a link at snapshots/: refused (exit 1), nothing written through it" ||
    notok "a link at snapshots/: exit $rc" "$T/err"
cp "$T/ref/summary.csv" "$T/ref/final.csv" "$T/ref/meta.json" "$T/plink/"
ln -s "$T/elsewhere" "$T/plink/plots"
"$INFNET" plot "$T/plink" --force >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'symbolic link' "$T/err" && [ "$(ls "$T/elsewhere")" = keep.svg ] &&
    ok "plot --force with plots/ a link: refused (exit 2), nothing cleared or written there" ||
    notok "plot with plots/ a link: exit $rc" "$T/err"
mkdir -p "$T/locklink"
plant "$T/locklink" .lock
"$INFNET" $ARGS -o "$T/locklink" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && intact && grep -q 'lock' "$T/err" && ok "a link at .lock: refused (exit 1), the link not followed" ||
    notok "a link at .lock: exit $rc" "$T/err"

# ---- one writer per directory ------------------------------------------------
d=$T/busy
# shellcheck disable=SC2086
"$INFNET" $ARGS -o "$d" 2>"$T/err_a" &
pa=$!
if wait_busy "$d" $pa; then
    # shellcheck disable=SC2086
    "$INFNET" $ARGS -o "$d" --force --seed 2 >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -eq 1 ] && grep -q "pid $pa" "$T/err" && grep -q "infnet run" "$T/err" &&
        ok "--force --seed 2 into a directory being written: refused (exit 1) naming the holder's pid and command" ||
        notok "--force into a busy directory: exit $rc" "$T/err"
    "$INFNET" analyze tests/fixtures/florentine.csv -o "$d" --force >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -eq 1 ] && grep -q "pid $pa" "$T/err" && ok "analyze -o a busy directory: refused (exit 1)" ||
        notok "analyze -o a busy directory: exit $rc" "$T/err"
    "$INFNET" compare "$T/ref" "$T/ref" -o "$d" --force >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -eq 1 ] && grep -q "pid $pa" "$T/err" && ok "compare -o a busy directory: refused (exit 1)" ||
        notok "compare -o a busy directory: exit $rc" "$T/err"
    "$INFNET" plot "$d" --force >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -eq 1 ] && grep -q "pid $pa" "$T/err" && ok "plot of a busy directory: refused (exit 1)" ||
        notok "plot of a busy directory: exit $rc" "$T/err"
    wait $pa
    rc=$?
    if [ $rc -eq 0 ] && same_outputs "$d" "$T/ref" && [ "$(jq -r '.scenarios[0].seed' "$d/meta.json")" = \
        "$(jq -r '.scenarios[0].seed' "$T/ref/meta.json")" ] && [ ! -e "$d/.lock" ]; then
        ok "the first writer's outputs are its own: the reference's bytes, meta.json's seed, no lock left"
    else
        notok "the first writer's outputs (exit $rc)" "$T/err_a"
    fi
else
    ok "a second writer # SKIP the run ended before it could be seen writing"
fi
# a lock file left by a killed process does not hold the directory
printf 'pid 999999\ncommand infnet run x\nstarted then\n' >"$T/stale.lock"
mkdir -p "$T/stale" && cp "$T/stale.lock" "$T/stale/.lock"
"$INFNET" analyze tests/fixtures/florentine.csv -o "$T/stale" >/dev/null 2>"$T/err" &&
    [ ! -e "$T/stale/.lock" ] && ok "a lock file nobody holds does not block, and is removed after" ||
    notok "a stale lock file blocked" "$T/err"

# ---- two --resume at once, and snapshots deleted before resuming ---------------
d=$T/twice
# shellcheck disable=SC2086
"$INFNET" $ARGS -o "$d" 2>"$T/err" &
pa=$!
if wait_busy "$d" $pa; then
    kill -INT $pa
fi
wait $pa
rc=$?
if [ $rc -eq 130 ]; then
    if [ -e "$d/snapshots/broker-example_step24.graphml" ]; then
        rm -rf "$d/snapshots"
        deleted=1
    else
        deleted=0
    fi
    # shellcheck disable=SC2086
    "$INFNET" $ARGS -o "$d" --resume 2>"$T/err_b" &
    pb=$!
    if wait_busy "$d" $pb; then
        # shellcheck disable=SC2086
        "$INFNET" $ARGS -o "$d" --resume >/dev/null 2>"$T/err"
        rc=$?
        [ $rc -eq 1 ] && grep -q "pid $pb" "$T/err" &&
            ok "a second --resume while one runs: refused (exit 1) naming the first" ||
            notok "a second --resume: exit $rc" "$T/err"
    else
        ok "a second --resume # SKIP the first resume ended before it could be seen"
    fi
    wait $pb
    rc=$?
    if [ $rc -eq 0 ] && same_outputs "$d" "$T/ref" && [ "$(grep -c . "$d/final.csv")" = "$(grep -c . "$T/ref/final.csv")" ]; then
        ok "the resumed directory equals an uninterrupted run's, every row once"
    else
        notok "resume after a refused second resume (exit $rc)" "$T/err_b"
    fi
    if [ $deleted = 1 ]; then
        same_outputs "$d" "$T/ref" && ok "snapshots deleted before --resume are written again, the same bytes" ||
            notok "snapshots deleted before --resume"
    else
        ok "snapshots deleted before --resume # SKIP interrupted before replica 0 was folded"
    fi
else
    ok "two --resume at once # SKIP SIGINT came after the run had finished (exit $rc)"
fi

# ---- analyze into a run's directory ----------------------------------------------
cp -r "$T/ref" "$T/runa"
"$INFNET" analyze tests/fixtures/florentine.csv -o "$T/runa" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q -- '--force' "$T/err" && cmp -s "$T/runa/nodes.csv" "$T/ref/nodes.csv" &&
    ok "analyze -o a run's directory: refused without --force (exit 2), nodes.csv kept" ||
    notok "analyze -o a run's directory: exit $rc" "$T/err"
"$INFNET" analyze tests/fixtures/florentine.csv -o "$T/runa" --force >/dev/null 2>"$T/err" &&
    cmp -s "$T/runa/nodes.csv" "$T/aref/nodes.csv" && ok "analyze --force replaces them" ||
    notok "analyze --force into a run's directory" "$T/err"

# ---- --force leaves the new command's files alone beside the user's ------------------
# a run with three snapshots and replicas.csv, plotted and compared into its own
# directory; the user's files beside them; links at names infnet owns
F="run $S -n 20 --threads 2 --quiet"
d=$T/forced
# shellcheck disable=SC2086
"$INFNET" $F --per-replica -o "$d" 2>"$T/err" || notok "run with snapshots" "$T/err"
"$INFNET" plot "$d" --no-png --no-svg >/dev/null 2>"$T/err" || notok "plot of the run" "$T/err"
"$INFNET" compare "$T/ref" "$d" -o "$d" --quiet >/dev/null 2>"$T/err" || notok "compare into the run" "$T/err"
printf 'mine\n' >"$d/notes.txt"
printf 'mine\n' >"$d/snapshots/readme.txt"
printf 'mine\n' >"$d/plots/mine.txt"
ln -s "$T/victim" "$d/snapshots/old_step99.graphml"
ln -s "$T/victim" "$d/graph.csv"
# shellcheck disable=SC2086
"$INFNET" $F --set 'outputs.snapshots=[0]' -o "$T/forced-ref" 2>"$T/err" || notok "reference run" "$T/err"
# shellcheck disable=SC2086
"$INFNET" $F --set 'outputs.snapshots=[0]' -o "$d" --force 2>"$T/err"
rc=$?
got=$(cd "$d" && find . ! -name . | LC_ALL=C sort | tr '\n' ' ')
want='./final.csv ./meta.json ./nodes.csv ./notes.txt ./patrons.csv ./plots ./plots/mine.txt ./snapshots ./snapshots/broker-example_step0.graphml ./snapshots/readme.txt ./summary.csv '
if [ $rc -eq 0 ] && [ "$got" = "$want" ] && intact && same_outputs "$d" "$T/forced-ref" &&
    [ "$(jq -r .command "$d/meta.json")" = run ]; then
    ok "run --force: the earlier run's snapshots, replicas.csv, charts and comparison are gone, the user's files stay"
else
    echo "# got: $got"
    notok "run --force over another run's directory (exit $rc)" "$T/err"
fi
[ ! -e "$d/graph.csv" ] && [ ! -L "$d/graph.csv" ] && intact &&
    ok "run --force: a link at a name of infnet's is removed, not what it points to" ||
    notok "run --force and a link at graph.csv"
# plots/ a link: nothing cleared through it
mkdir -p "$T/pl-elsewhere"
printf 'keep\n' >"$T/pl-elsewhere/keep.svg"
rm -r "$d/plots"
ln -s "$T/pl-elsewhere" "$d/plots"
# shellcheck disable=SC2086
"$INFNET" $F --set 'outputs.snapshots=[0]' -o "$d" --force >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ -L "$d/plots" ] && [ "$(ls "$T/pl-elsewhere")" = keep.svg ] &&
    ok "run --force with plots/ a link: the link left, nothing cleared where it points" ||
    notok "run --force with plots/ a link: exit $rc" "$T/err"
rm "$d/plots"
# analyze --force over the run: the run's results go, its meta.json says analyze
"$INFNET" analyze tests/fixtures/florentine.csv --key-players 2 -o "$d" --force >/dev/null 2>"$T/err"
rc=$?
got=$(cd "$d" && find . ! -name . | LC_ALL=C sort | tr '\n' ' ')
want='./REPORT.md ./brokerage.csv ./graph.csv ./key_entities.csv ./key_players.csv ./meta.json ./nodes.csv ./notes.txt ./snapshots ./snapshots/readme.txt '
command -v gnuplot >/dev/null 2>&1 &&
    want='./REPORT.md ./brokerage.csv ./graph.csv ./key_entities.csv ./key_players.csv ./meta.json ./network.png ./nodes.csv ./notes.txt ./snapshots ./snapshots/readme.txt '
[ $rc -eq 0 ] && [ "$got" = "$want" ] && cmp -s "$d/nodes.csv" "$T/aref/nodes.csv" &&
    [ "$(jq -r .command "$d/meta.json")" = analyze ] &&
    ok "analyze --force over a run: only the analysis (with its meta.json) and the user's files are left" ||
    { echo "# got: $got"; notok "analyze --force over a run (exit $rc)" "$T/err"; }
"$INFNET" analyze tests/fixtures/florentine.csv -o "$d" --force >/dev/null 2>"$T/err"
[ $? -eq 0 ] && [ ! -e "$d/key_players.csv" ] && [ "$(jq -r '.options.key_players' "$d/meta.json")" = 0 ] &&
    ok "analyze --force without --key-players: the earlier key_players.csv is gone" ||
    notok "analyze --force left key_players.csv" "$T/err"
# a run's tables put back beside the analysis: compare and plot still refuse it
cp "$T/forced-ref/summary.csv" "$T/forced-ref/final.csv" "$d/"
"$INFNET" compare "$T/ref" "$d" -o "$T/cmp-an" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "^$d/meta.json: error: '$d' holds the results of 'infnet analyze', not of a run" "$T/err" &&
    [ ! -e "$T/cmp-an/comparison.csv" ] &&
    ok "compare of an analysis's directory: refused (exit 2) naming its meta.json" ||
    notok "compare of an analysis's directory: exit $rc" "$T/err"
"$INFNET" plot "$d" --no-png --no-svg >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "^$d/meta.json: error: .*'infnet analyze', not of a run" "$T/err" && [ ! -e "$d/plots" ] &&
    ok "plot of an analysis's directory: refused (exit 2) naming its meta.json" ||
    notok "plot of an analysis's directory: exit $rc" "$T/err"

# ---- default output names that cannot be a file name -------------------------------
mkdir -p "$T/long"
for k in 1 2 3 4; do
    name=$(printf 'scenario_%s_%053d' "$k" 0)
    sed "s/^name: .*/name: $name/" "$S" >"$T/long/s$k.yaml"
done
(cd "$T/long" && "$INFNET" run s1.yaml s2.yaml s3.yaml s4.yaml -n 2 --quiet) >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q '250 bytes' "$T/err" && grep -q -- '-o' "$T/err" && [ ! -e "$T/long/out" ] &&
    ok "a default directory name longer than a file name may be: refused (exit 2), naming the limit and -o" ||
    notok "long default directory name: exit $rc" "$T/err"
(cd "$T/long" && "$INFNET" run s1.yaml s2.yaml -n 2 --quiet) >/dev/null 2>"$T/err" &&
    ok "two long names still fit the default directory" || notok "two long names" "$T/err"
long=$T/$(printf '%0300d' 0)
"$INFNET" run "$S" -n 2 -o "$long/x" --quiet >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'too long' "$T/err" && ok "-o with a component longer than a file name: exit 1 naming it" ||
    notok "-o with a too long component: exit $rc" "$T/err"

# ---- Ctrl-C during compare of scenario files -----------------------------------
cp "$S" "$T/a.yaml"
sed 's/^name: .*/name: other/' "$S" >"$T/b.yaml"
CARGS="compare $T/a.yaml $T/b.yaml -n $N --threads 2 --quiet"
# shellcheck disable=SC2086
"$INFNET" $CARGS -o "$T/cref" >/dev/null 2>"$T/err" || notok "reference compare" "$T/err"
# shellcheck disable=SC2086
"$INFNET" $CARGS -o "$T/cint" >/dev/null 2>"$T/err" &
pc=$!
if wait_busy "$T/cint/runs/a" $pc; then
    kill -INT $pc
fi
wait $pc
rc=$?
if [ $rc -eq 130 ]; then
    grep -q 'interrupted' "$T/err" && grep -q -- '--resume' "$T/err" && [ ! -e "$T/cint/comparison.csv" ] &&
        ok "SIGINT during compare: exit 130, a message, no comparison written" || notok "SIGINT during compare" "$T/err"
    # shellcheck disable=SC2086
    "$INFNET" $CARGS -o "$T/cint" --resume >/dev/null 2>"$T/err"
    rc=$?
    [ $rc -eq 0 ] && cmp -s "$T/cint/comparison.csv" "$T/cref/comparison.csv" &&
        same_outputs "$T/cint/runs/a" "$T/cref/runs/a" && same_outputs "$T/cint/runs/b" "$T/cref/runs/b" &&
        ok "compare --resume, as advised, ends with the uninterrupted comparison's bytes" ||
        notok "compare --resume after SIGINT: exit $rc" "$T/err"
else
    ok "SIGINT during compare # SKIP compare had finished (exit $rc)"
fi
mkdir -p "$T/clinks"
plant "$T/clinks" .comparison.csv.tmp
"$INFNET" compare "$T/cref/runs/a" "$T/cref/runs/b" -o "$T/clinks" >/dev/null 2>"$T/err" && intact &&
    cmp -s "$T/clinks/comparison.csv" "$T/cref/comparison.csv" &&
    ok "compare: a link at .comparison.csv.tmp is not followed" || notok "compare followed a planted link" "$T/err"
# a finished comparison has nothing to resume: it is not run again with other inputs
cp "$T/cref/comparison.csv" "$T/cref.csv"
"$INFNET" compare "$T/a.yaml" "$T/b.yaml" -n 3 --seed 7 --quiet -o "$T/cref" --resume >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q 'nothing to resume' "$T/err" && cmp -s "$T/cref.csv" "$T/cref/comparison.csv" &&
    ok "compare --resume of a finished comparison: refused, comparison.csv untouched" ||
    notok "compare --resume of a finished comparison" "$T/err"
"$INFNET" compare "$T/a.yaml" "$T/b.yaml" --force --resume >/dev/null 2>"$T/err"
[ $? -eq 2 ] && ok "compare --force --resume: refused as a usage error" || notok "compare --force --resume" "$T/err"

echo "1..$n"
