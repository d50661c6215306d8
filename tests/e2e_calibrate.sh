#!/bin/sh
# Observations files and infnet calibrate as a user meets them: a bad
# observation is refused at its FILE:LINE:COL with the reason (unknown
# metric or key with the nearest suggested, a step beyond the horizon, a
# missing citation, a duplicate id, per-node observations); a small ABC-SMC
# calibration of a toy whose answer is known (the removal fraction of an
# Erdos-Renyi percolation scenario, 0.5, from its giant component) writes
# posterior.csv, generations.csv and predictive.csv with their declared
# headers, its posterior 90% interval covers the truth, the bytes are the
# same at 1 and 2 threads, and a calibration stopped by SIGINT exits 130
# and --resume ends with the bytes of an uninterrupted one; model choice
# writes a variant column and the variants' posterior probabilities; under
# 1, 2 and 3 MPI ranks give the same bytes, and a calibration stopped by
# SIGINT to one rank resumes under another rank count; infnet run
# --posterior reads the calibration's directory, and refuses a model
# choice's by name.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
MPIBIN=${MPIBIN-build/infnet-mpi}
. "$(dirname "$0")/tap.sh"
F=tests/fixtures/calibrate
S=$F/percolation.yaml
cal() { "$INFNET" calibrate "$F/experiment.yaml" --observations "$F/observations.yaml" --quiet "$@"; }
same() {  # DIR1 DIR2
    for f in posterior.csv generations.csv predictive.csv; do
        cmp -s "$1/$f" "$2/$f" || { echo "# $f differs"; return 1; }
    done
}

# --- observations files ----------------------------------------------------
out=$("$INFNET" validate $F/observations.yaml --scenario $S 2>"$T/err")
[ "$out" = "observations $F/observations.yaml: 3 (1 calibrate, 1 validate, 1 none)" ] &&
    ok "validate: an observations file checked against a scenario, counted by use" || notok "validate" "$T/err"
refused() {  # NAME OBSERVATION EXPECTED: the file with that one observation is refused so
    printf '%s\n' "sources:" "  - {key: k, title: t}" "observations:" "$2" >"$T/o.yaml"
    "$INFNET" validate "$T/o.yaml" --scenario "${SC:-$S}" 2>"$T/err" >/dev/null
    rc=$?
    [ $rc -eq 2 ] && [ "$(cat "$T/err")" = "$T/o.yaml:$3" ] && ok "$1" || {
        echo "# rc $rc"
        notok "$1" "$T/err"
    }
}
G='metric: giant_fraction'
refused "an unknown metric, with the nearest suggested" \
    '  - {id: a, metric: giant_fractoin, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q}' \
    "4:21: error: unknown metric 'giant_fractoin' (did you mean 'giant_fraction'?)"
refused "a step beyond the scenario's horizon" \
    "  - {id: a, $G, step: 2, value: 1, sd: 1, use: calibrate, src: [k], quote: q}" \
    "4:43: error: step 2 is beyond the horizon of scenario 'percolation-toy' (its last step is 1)"
refused "an observation without its quote" \
    "  - {id: a, $G, step: 1, value: 1, sd: 1, use: calibrate, src: [k]}" \
    "4:5: error: missing required key 'quote' in an observation"
refused "an id used twice" \
    "  - {id: a, $G, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q}
  - {id: a, $G, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q}" \
    "5:10: error: observation id 'a' is used twice (first at 4:5)"
refused "an unknown key, with the nearest suggested" \
    "  - {id: a, $G, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q, tolerence: 2}" \
    "4:99: error: unknown key 'tolerence' in an observation (did you mean 'tolerance'?)"
refused "a node's events are refused by name" \
    '  - {id: a, node: g0, event: left, step: 1, use: calibrate, src: [k], quote: q}' \
    "4:23: error: 'event' is not supported: no output gives a node's events by replica; observe a metric, a node measure (node: ID, measure: left_patron) or a faction's patron (node: ID, patron: AGENCY)"
# patron observations (node: FACTION, patron: AGENCY), against a scenario of factions and agencies
SC=tests/fixtures/good/patrons.yaml
P='step: 2, value: 1, tolerance: 0.1, use: validate, src: [k], quote: q'
refused "patron: the node must be a faction" "  - {id: kh-beit, node: hejazi, patron: beit, $P}" \
    "4:25: error: observation 'kh-beit': node 'hejazi' is of kind leader in scenario 'patrons', not a faction"
refused "patron: the patron must be an agency" "  - {id: kh-beit, node: kh, patron: badr, $P}" \
    "4:37: error: observation 'kh-beit': node 'badr' is of kind faction in scenario 'patrons', not an agency"
refused "patron: an unknown agency, with the nearest suggested" "  - {id: kh-beit, node: kh, patron: bet, $P}" \
    "4:37: error: no node 'bet' in scenario 'patrons' (did you mean 'beit'?)"
refused "patron: the value is a share of replicas" \
    '  - {id: kh-beit, node: kh, patron: beit, step: 2, value: 2, tolerance: 0.1, use: validate, src: [k], quote: q}' \
    "4:59: error: 'value' must be in [0, 1], got 2"
refused "patron: not with a measure" "  - {id: kh-beit, node: kh, patron: beit, measure: present, $P}" \
    "4:43: error: give 'measure' or 'patron' with a 'node', not both"
refused "patron: needs the faction" "  - {id: kh-beit, patron: beit, $P}" \
    "4:19: error: 'patron' needs a 'node' (the faction)"
printf '%s\n' "sources:" "  - {key: k, title: t}" "observations:" "  - {id: kh-beit, node: kh, patron: beit, $P}" \
    "  - {id: aah-qf, node: aah, patron: qf, window: [0, 4], min: 0, tolerance: 0.1, use: calibrate, src: [k], quote: q}" >"$T/o.yaml"
out=$("$INFNET" validate "$T/o.yaml" --scenario $SC 2>"$T/err")
[ "$out" = "observations $T/o.yaml: 2 (1 calibrate, 1 validate, 0 none)" ] &&
    ok "patron observations: a faction and an agency of the scenario, at a step or over a window" || notok "patron observations validate" "$T/err"
unset SC
"$INFNET" validate "$T/o.yaml" --scenario tests/fixtures/good/patrons.yaml --set outputs.patrons=false 2>"$T/err" >/dev/null
[ $? -eq 2 ] && [ "$(cat "$T/err")" = "$T/o.yaml:4:37: error: observation 'kh-beit': scenario 'patrons' counts no patrons (outputs.patrons is false)" ] &&
    ok "patron observations: refused against a scenario with outputs.patrons false" || notok "patrons false" "$T/err"
refused "an unknown node, with the nearest suggested" \
    '  - {id: a, node: g00, measure: present, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q}' \
    "4:19: error: no node 'g00' in scenario 'percolation-toy' (did you mean 'g0'?)"
refused "an unknown node measure, with the nearest suggested" \
    '  - {id: a, node: g0, measure: presnt, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q}' \
    "4:32: error: unknown node measure 'presnt' (did you mean 'present'?)"
refused "a metric and a node in one observation" \
    "  - {id: a, $G, node: g0, measure: present, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q}" \
    "4:13: error: give 'metric' or 'node' with 'measure', not both"
refused "use: none needs a note" '  - {id: a, use: none, src: [k], quote: q}' \
    "4:18: error: observation 'a' has use: none and needs a 'note' saying why"
refused "a source neither the file nor the scenario lists" \
    "  - {id: a, $G, step: 1, value: 1, sd: 1, use: calibrate, src: [nope], quote: q}" \
    "4:85: error: unknown source 'nope' in src: list it in the file's 'sources' or cite a source of the scenario"
refused "a metric the scenario does not measure" \
    '  - {id: a, metric: modularity, step: 1, value: 1, sd: 1, use: calibrate, src: [k], quote: q}' \
    "4:21: error: metric 'modularity' is not measured by scenario 'percolation-toy' (see its outputs.metrics)"
refused "a value without sd or tolerance" \
    "  - {id: a, $G, step: 1, value: 1, use: calibrate, src: [k], quote: q}" \
    "4:5: error: observation 'a' needs 'sd' or 'tolerance' (the distance's scale)"
refused "an empty window" \
    "  - {id: a, $G, window: [1, 1], value: 1, sd: 1, use: calibrate, src: [k], quote: q}" \
    "4:45: error: a window [A, B] needs A < B, got [1, 1]"
refused "relative applies to a window only" \
    "  - {id: a, $G, step: 1, relative: true, value: 1, sd: 1, use: calibrate, src: [k], quote: q}" \
    "4:56: error: 'relative' applies to a window, not to a step"
"$INFNET" validate $F/observations.yaml 2>"$T/err"
[ $? -eq 2 ] && [ "$(cat "$T/err")" = "infnet: error: $F/observations.yaml is an observations file (it has 'observations'): give the scenario to check it against with --scenario SCENARIO.yaml" ] &&
    ok "validate: an observations file needs --scenario" || notok "validate without --scenario" "$T/err"

# --- refusals of calibrate ---------------------------------------------------
"$INFNET" calibrate $F/experiment.yaml 2>"$T/err"
[ $? -eq 2 ] && [ "$(head -1 "$T/err")" = "infnet: error: no observations file given (--observations OBS.yaml)" ] &&
    ok "calibrate: --observations is required" || notok "calibrate without --observations" "$T/err"
"$INFNET" calibrate tests/fixtures/sweep/grid.yaml --observations $F/observations.yaml 2>"$T/err"
[ $? -eq 2 ] && grep -q "^tests/fixtures/sweep/grid.yaml: error: experiment 'grid' has no 'calibration' section" "$T/err" &&
    ok "calibrate: an experiment without a calibration section is refused" || notok "no calibration section" "$T/err"
"$INFNET" sweep $F/experiment.yaml --quiet -o "$T/sw" 2>"$T/err"
[ $? -eq 2 ] && [ "$(cat "$T/err")" = "$F/experiment.yaml:9:14: error: experiment 'percolation-toy' has no 'design': it has a 'calibration' for infnet calibrate, and a sweep needs a design" ] &&
    ok "sweep: an experiment for calibrate only is refused" || notok "sweep of a calibration" "$T/err"
# an experiment like $F/experiment.yaml, in $T: SED is applied to it
variant() {  # NAME SED
    sed -e "s|\[percolation.yaml\]|[$PWD/$S]|" -e "$2" $F/experiment.yaml >"$T/$1.yaml"
}
variant tight 's/seed: 1}/seed: 1, max_proposals: 1, quantile: 0.01}/'
"$INFNET" calibrate "$T/tight.yaml" --observations $F/observations.yaml -o "$T/tight" --quiet 2>"$T/err"
[ $? -eq 2 ] && grep -q "^$T/tight.yaml:9:14: error: generation 1 accepted [0-9]* of 20 particles in 20 proposals (calibration.max_proposals 1 per particle)" "$T/err" &&
    ok "calibrate: a generation that max_proposals cannot fill is refused by name" || notok "max_proposals" "$T/err"

cat >"$T/levels.yaml" <<EOF
name: levels
scenarios: [$PWD/$S]
factors:
  - {key: "pressures.0.fraction", levels: [0.2, 0.5]}
replicas: 2
calibration: {method: abc-smc, particles: 4, generations: 1}
EOF
"$INFNET" calibrate "$T/levels.yaml" --observations $F/observations.yaml -o "$T/lv" --quiet 2>"$T/err"
[ $? -eq 2 ] && [ "$(cat "$T/err")" = "$T/levels.yaml:4:5: error: factor 'pressures.0.fraction' has levels: infnet calibrate infers numbers (a range or a distribution) and chooses among alternatives" ] &&
    ok "calibrate: a factor of levels is refused" || notok "levels refused" "$T/err"

# a factor that acts only through tie weights, and observations of measures
# that ignore them: one warning, for that factor alone, before anything runs
cat >"$T/wonly.yaml" <<EOF
name: weight-only
scenarios: [$PWD/$S]
factors:
  - {key: "pressures.0.fraction", range: [0.1, 0.9]}
  - {key: model.succession.share, range: [0.2, 0.8]}
replicas: 1
calibration: {method: abc-smc, particles: 4, generations: 1, seed: 1}
EOF
"$INFNET" calibrate "$T/wonly.yaml" --observations $F/observations.yaml -o "$T/wo" --quiet 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$T/err")" = "infnet: warning: factor model.succession.share acts only through tie weights, and no metric of the calibration's observations sees them: the metrics show it only once a tie dissolves or a patron choice tips; add weighted_fragmentation to the metrics (or measure with outputs.weighted: true)" ] &&
    ok "calibrate: a weight-only factor the observed measures cannot see: a warning" ||
    notok "calibrate weight-only warning: exit $rc" "$T/err"

# --- model choice --------------------------------------------------------------
cat >"$T/choice.yaml" <<EOF
name: choice
scenarios: [$PWD/$S]
factors:
  - {key: "pressures.0.fraction", distribution: {type: triangular, min: 0.1, mode: 0.5, max: 0.9}}
  - name: degree
    alternatives:
      sparse: {network.generate.mean_degree: 2}
      dense: {network.generate.mean_degree: 4}
replicas: 2
seed: 5
calibration: {method: abc-smc, particles: 10, generations: 2, seed: 1}
EOF
"$INFNET" calibrate "$T/choice.yaml" --observations $F/observations.yaml -o "$T/mc" --quiet 2>"$T/err"
[ $? -eq 0 ] && [ "$(head -1 "$T/mc/posterior.csv")" = "particle,weight,pressures.0.fraction,variant" ] &&
    awk -F, 'NR > 1 && $4 != "sparse" && $4 != "dense" { bad = 1 } END { exit bad || NR != 11 }' "$T/mc/posterior.csv" &&
    jq -e '.model_choice == "degree" and (.model_probabilities | keys == ["dense", "sparse"]) and
        ((.model_probabilities.dense + .model_probabilities.sparse - 1) | fabs < 1e-9)' "$T/mc/meta.json" >/dev/null &&
    ok "model choice: a variant column, and the variants' posterior probabilities in meta.json" ||
    notok "model choice" "$T/err"

# --- a calibration whose answer is known -------------------------------------
if cal -o "$T/c1" --threads 1 2>"$T/err"; then ok "a calibration finishes"; else notok "a calibration finishes" "$T/err"; fi
[ "$(head -1 "$T/c1/posterior.csv")" = "particle,weight,pressures.0.fraction" ] && [ "$(wc -l <"$T/c1/posterior.csv")" -eq 21 ] &&
    ok "posterior.csv: particle, weight, one column per factor key; a row per particle" ||
    notok "posterior.csv" "$T/c1/posterior.csv"
[ "$(head -1 "$T/c1/generations.csv")" = "generation,tolerance,proposed,accepted,acceptance_rate,ess" ] &&
    [ "$(wc -l <"$T/c1/generations.csv")" -eq 4 ] && grep -q '^0,Inf,20,20,1,' "$T/c1/generations.csv" &&
    awk -F, 'NR > 2 && !($2 < prev) { bad = 1 } NR > 1 { prev = $2 } END { exit bad }' "$T/c1/generations.csv" &&
    ok "generations.csv: a row per generation, the tolerance falling" || notok "generations.csv" "$T/c1/generations.csv"
[ "$(head -1 "$T/c1/predictive.csv")" = "observation,use,observed,median,q05,q95,covered,lower,upper" ] &&
    grep -q '^giant,calibrate,0.398,.*,1,,$' "$T/c1/predictive.csv" &&
    grep -q '^nodes-left,validate,,.*,-220,-180$' "$T/c1/predictive.csv" && ! grep -q not-modelled "$T/c1/predictive.csv" &&
    ok "predictive.csv: the calibrate and validate observations beside the predictive interval" ||
    notok "predictive.csv" "$T/c1/predictive.csv"
# the weighted 5% and 95% quantiles of the posterior bracket the truth 0.5
sort -t, -k3,3g "$T/c1/posterior.csv" | awk -F, '$1 != "particle" { c += $2; if (!lo && c >= 0.05) lo = $3; if (!hi && c >= 0.95) hi = $3 }
    END { printf "# posterior 90%% interval [%s, %s]\n", lo, hi; exit !(lo < 0.5 && hi > 0.5 && hi - lo < 0.5) }' &&
    ok "the posterior 90% interval covers the true removal fraction 0.5" || notok "posterior covers the truth" "$T/c1/posterior.csv"
[ "$(jq -r '.command, .calibration.particles, .parameters[0]' "$T/c1/meta.json" | tr '\n' ' ')" = \
    "calibrate 20 pressures.0.fraction " ] && ok "meta.json: command calibrate, the settings, the parameters" ||
    notok "meta.json" "$T/c1/meta.json"
cal -o "$T/c2" --threads 2 2>"$T/err" && same "$T/c1" "$T/c2" && ok "the same bytes at 1 and 2 threads" ||
    notok "threads 1 vs 2" "$T/err"
# the posterior carries into a run: infnet run --posterior reads a calibration's directory
"$INFNET" run $S -n 40 --posterior "$T/c1" -o "$T/pr" --quiet 2>"$T/err" &&
    [ "$(jq -c '.posterior | [.particles, .keys]' "$T/pr/meta.json")" = '[20,["pressures.0.fraction"]]' ] &&
    ok "infnet run --posterior DIR runs with a calibration's posterior" || notok "run --posterior" "$T/err"
"$INFNET" run $S -n 4 --posterior "$T/mc" -o "$T/prm" --quiet 2>"$T/err" &&
    jq -e '.alternatives == {"sparse": {"network.generate.mean_degree": "2"}, "dense": {"network.generate.mean_degree": "4"}}' "$T/mc/meta.json" >/dev/null &&
    [ "$(jq -c '.posterior | [.keys, .variants]' "$T/prm/meta.json")" = '[["pressures.0.fraction","variant"],2]' ] &&
    ok "model choice: meta.json lists each variant's overrides, and infnet run --posterior draws from the variants" ||
    notok "run --posterior, model choice" "$T/err"
# Node observations: node g0's `present` is 1 in every replica at step 0, so
# its predictive median is exactly 1; at step 1 a particle's mean over its 2
# replicas is 0, 0.5 or 1.
{
    sed -n '/^sources:/,/^observations:/p' $F/observations.yaml
    echo '  - {id: giant, metric: giant_initial_fraction, step: 1, value: 0.398, sd: 0.02, use: calibrate, src: [theory], quote: q}'
    echo '  - {id: g0-0, node: g0, measure: present, step: 0, value: 1, tolerance: 0.01, use: validate, src: [theory], quote: q}'
    echo '  - {id: g0-1, node: g0, measure: present, step: 1, min: 0, max: 1, sd: 1, use: validate, src: [theory], quote: q}'
} >"$T/nodes.yaml"
if "$INFNET" calibrate "$F/experiment.yaml" --observations "$T/nodes.yaml" --quiet -o "$T/cn" 2>"$T/err" &&
    grep -q '^g0-0,validate,1,1,1,1,1,,$' "$T/cn/predictive.csv" &&
    grep -Eq '^g0-1,validate,,(0|0\.5|1),[^,]*,[^,]*,1,0,1$' "$T/cn/predictive.csv" &&
    cmp -s "$T/cn/posterior.csv" "$T/c1/posterior.csv"; then
    ok "node observations: a node's measure from nodes.csv's statistics, the posterior unchanged by validate rows"
else
    cat "$T/cn/predictive.csv" >>"$T/err" 2>/dev/null
    notok "node observations" "$T/err"
fi
# Patron observations: in tests/fixtures/good/patrons.yaml patrons do not
# move, so kh is beit's in every replica (share 1), qf is never kh's (the
# change over [0, 4] is 0), and aah, removed at step 2, has no share at
# step 3 (not recorded there: calibrate records every step it reads).
cat >"$T/pexp.yaml" <<EOF
name: patrons-toy
scenarios: [$PWD/tests/fixtures/good/patrons.yaml]
factors:
  - {key: "network.nodes.0.budget", range: [0.5, 1.5]}
replicas: 2
seed: 5
calibration: {method: abc-smc, particles: 6, generations: 2, seed: 1}
EOF
{
    printf '%s\n' "sources:" "  - {key: k, title: t}" "observations:"
    echo '  - {id: kh-beit, node: kh, patron: beit, step: 2, value: 1, tolerance: 0.1, use: calibrate, src: [k], quote: q}'
    echo '  - {id: aah-qf, node: aah, patron: qf, step: 0, min: 0.5, tolerance: 0.1, use: validate, src: [k], quote: q}'
    echo '  - {id: kh-qf, node: kh, patron: qf, window: [0, 4], value: 0, tolerance: 0.1, use: validate, src: [k], quote: q}'
    echo '  - {id: aah-late, node: aah, patron: qf, step: 3, value: 1, tolerance: 0.1, use: validate, src: [k], quote: q}'
} >"$T/pobs.yaml"
if "$INFNET" calibrate "$T/pexp.yaml" --observations "$T/pobs.yaml" --quiet -o "$T/cp" 2>"$T/err" &&
    [ "$(cat "$T/cp/predictive.csv")" = "observation,use,observed,median,q05,q95,covered,lower,upper
kh-beit,calibrate,1,1,1,1,1,,
aah-qf,validate,,1,1,1,1,0.5,
kh-qf,validate,0,0,0,0,1,,
aah-late,validate,1,,,,0,," ]; then
    ok "patron observations: the share of replicas with that patron, in the distance and the predictive check"
else
    cat "$T/cp/predictive.csv" >>"$T/err" 2>/dev/null
    notok "patron observations in calibrate" "$T/err"
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if [ -z "$MPIBIN" ] || [ ! -x "$MPIBIN" ] || ! command -v mpirun >/dev/null 2>&1; then
    ok "no MPI binary or mpirun # SKIP"
else
    for np in 1 2 3; do
        mpirun --oversubscribe -np $np "$MPIBIN" calibrate $F/experiment.yaml --observations $F/observations.yaml \
            -o "$T/m$np" --threads 1 --quiet >"$T/err" 2>&1 && same "$T/c1" "$T/m$np" &&
            [ "$(jq -r .ranks "$T/m$np/meta.json")" = $np ] &&
            ok "under $np MPI rank(s): the bytes of one process, the rank count in meta.json" ||
            notok "MPI $np rank(s)" "$T/err"
    done
    mpirun --oversubscribe -np 2 "$MPIBIN" calibrate $F/experiment.yaml --observations $F/observations.yaml \
        -o "$T/m2" --quiet >"$T/err" 2>&1
    rc=$?
    [ $rc -eq 2 ] && [ "$(grep -c 'already holds results; use --resume' "$T/err")" -eq 1 ] &&
        ok "under 2 MPI ranks a directory that holds results is refused: exit 2, one message" ||
        notok "MPI refusal (exit $rc)" "$T/err"
    # a failure in the middle of the generations ends every rank alike
    mpirun --oversubscribe -np 2 "$MPIBIN" calibrate "$T/tight.yaml" --observations $F/observations.yaml \
        -o "$T/mtight" --quiet >"$T/err" 2>&1
    rc=$?
    [ $rc -eq 2 ] && [ "$(grep -c "^$T/tight.yaml:9:14: error: generation 1 accepted [0-9]* of 20 particles in 20 proposals" "$T/err")" -eq 1 ] &&
        [ ! -e "$T/mtight/posterior.csv" ] &&
        ok "under 2 MPI ranks a generation max_proposals cannot fill: exit 2, one message, no results" ||
        notok "MPI max_proposals (exit $rc)" "$T/err"
fi
cal -o "$T/c1" 2>"$T/err"
[ $? -eq 2 ] && grep -q "already holds results; use --resume" "$T/err" &&
    ok "a directory that holds results is refused without --force" || notok "holds results" "$T/err"

# --- interrupted and resumed -------------------------------------------------
# more replicas per particle, so that the signal falls inside the calibration
variant slow 's/^replicas: 2/replicas: 16/'
slow() { "$INFNET" calibrate "$T/slow.yaml" --observations $F/observations.yaml --quiet "$@"; }
slow -o "$T/c4" --threads 2 2>"$T/err" || notok "the slower calibration finishes" "$T/err"
"$INFNET" calibrate "$T/slow.yaml" --observations $F/observations.yaml --quiet -o "$T/c3" --threads 2 2>"$T/err3" &
pid=$!
i=0
while [ ! -f "$T/c3/.calibration-checkpoint" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
if [ $rc -eq 130 ]; then
    [ ! -e "$T/c3/posterior.csv" ] && [ ! -e "$T/c3/predictive.csv" ] && grep -q "continue with: infnet calibrate" "$T/err3" &&
        ok "SIGINT: exit 130, a checkpoint and no results" || notok "SIGINT" "$T/err3"
else
    ok "SIGINT: the calibration finished before the signal # SKIP rc $rc"
fi
sed 's/0.398/0.4/' $F/observations.yaml >"$T/other.yaml"
"$INFNET" calibrate "$T/slow.yaml" --observations "$T/other.yaml" -o "$T/c3" --resume --quiet 2>"$T/err"
rc2=$?
if [ $rc -eq 130 ]; then
    [ $rc2 -eq 2 ] && grep -q "cannot resume '$T/c3': it was started with other inputs: the checkpoint has 'observations" "$T/err" &&
        ok "--resume with other observations is refused" || notok "--resume other inputs" "$T/err"
fi
slow -o "$T/c3" --threads 1 --resume 2>"$T/err" && same "$T/c4" "$T/c3" && [ ! -e "$T/c3/.calibration-checkpoint" ] &&
    ok "--resume ends with the bytes of an uninterrupted calibration" || notok "--resume" "$T/err"

# --- interrupted and resumed under MPI ---------------------------------------
rank_pid() {  # RANK: the pid of that rank of this script's MPI calibration
    for p in $(pgrep -f "calibrate $T/slow.yaml"); do
        { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$1" && echo "$p"
    done
}
if [ -z "$MPIBIN" ] || [ ! -x "$MPIBIN" ] || ! command -v mpirun >/dev/null 2>&1; then
    ok "no MPI binary or mpirun # SKIP"
else
    # SIGINT to rank 1 alone: every rank stops after the same proposal
    mpirun --oversubscribe -np 2 "$MPIBIN" calibrate "$T/slow.yaml" --observations $F/observations.yaml --quiet \
        -o "$T/m5" --threads 1 >"$T/err5" 2>&1 &
    mp=$!
    i=0
    while [ ! -f "$T/m5/.calibration-checkpoint" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
    victim=$(rank_pid 1)
    # shellcheck disable=SC2086
    if [ -n "$victim" ] && kill -INT $victim 2>/dev/null; then
        wait $mp
        rc=$?
        [ $rc -eq 130 ] && [ ! -e "$T/m5/posterior.csv" ] && [ -e "$T/m5/.calibration-checkpoint" ] &&
            [ "$(grep -c 'continue with: infnet calibrate' "$T/err5")" -eq 1 ] &&
            ok "under 2 MPI ranks, SIGINT to rank 1: exit 130, a checkpoint and no results" ||
            notok "MPI SIGINT (exit $rc)" "$T/err5"
    else
        wait $mp
        rc=$?
        ok "MPI SIGINT: the calibration finished before the signal # SKIP rc $rc"
    fi
    # resumed on another rank count, it ends with the bytes of one uninterrupted process
    if [ $rc -eq 130 ]; then
        mpirun --oversubscribe -np 3 "$MPIBIN" calibrate "$T/slow.yaml" --observations $F/observations.yaml \
            --quiet -o "$T/m5" --threads 1 --resume >"$T/err" 2>&1 && same "$T/c4" "$T/m5" &&
            [ ! -e "$T/m5/.calibration-checkpoint" ] &&
            ok "interrupted under 2 MPI ranks, resumed under 3: the bytes of an uninterrupted calibration" ||
            notok "MPI --resume" "$T/err"
    fi
fi
echo "1..$n"
