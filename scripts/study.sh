#!/bin/sh
# The study `make run` performs (docs/STUDY.md), rebuilt on evidence:
#   1. the assumptions of the shipped library, listed and counted;
#   2. the library run (what happened and its counterfactuals) and compared;
#   3. a calibration with model choice against the observed history
#      (scenarios/experiments/calibrate_structures.yaml), which weighs four
#      structures of the model and infers six parameters, the `validate`
#      observations held out;
#   4. the headline (the 2020 decapitation against the counterfactual) with
#      every replica's structure and parameters drawn from that posterior;
#   5. the headline under each structure alone;
#   6. what drives the headline and where it vanishes: a Morris screening
#      and Sobol indices of the headline difference, and PRIM boxes;
#   7. the plots and OUT/REPORT.md, generated from the files of 1 to 6.
# Usage: scripts/study.sh INFNET OUT [--quick]
# --quick (make run QUICK=1) runs the same pipeline with few replicas, a
# coarse calibration and small designs: it shows every step in a few
# minutes, and its numbers are not results.
set -eu
infnet=$1
out=$2
quick=0
[ "${3:-}" = "--quick" ] && quick=1
lib=scenarios/post_soleimani
exp=scenarios/experiments
if [ $quick = 1 ]; then
    REPLICAS=300
    cal=$exp/quick/calibrate_structures.yaml
    morris=$exp/quick/headline_morris.yaml
    sobol=$exp/quick/headline_sobol.yaml
else
    REPLICAS=2000
    cal=$exp/calibrate_structures.yaml
    morris=$exp/headline_morris.yaml
    sobol=$exp/headline_sobol.yaml
fi
files="$lib/baseline_2019.yaml $lib/decapitation_2020.yaml $lib/strong_successor.yaml
$lib/agency_rivalry_2021.yaml $lib/maximum_pressure.yaml"
files2026="$lib/no_war_2026.yaml $lib/war_2026.yaml"
obs=$lib/observations.yaml

say() { echo "infnet study: $*" >&2; }
mkdir -p "$out"
t0=$(date +%s)
echo "$quick" >"$out/.quick"

say "1. the assumptions of the library"
# shellcheck disable=SC2086
"$infnet" validate $files $files2026 --assumptions >"$out/assumptions.txt"

say "2. the library ($REPLICAS replicas a scenario) into $out/study and $out/study-2026"
# shellcheck disable=SC2086
"$infnet" run $files -n "$REPLICAS" -o "$out/study" --force --quiet
# shellcheck disable=SC2086
"$infnet" run $files2026 -n "$REPLICAS" -o "$out/study-2026" --force --quiet
"$infnet" compare "$out/study" -o "$out/compare-baseline" --force --quiet >"$out/compare-baseline.txt"
"$infnet" compare "$out/study" --reference decapitation-2020 -o "$out/compare-decapitation" --force \
    --quiet >"$out/compare-decapitation.txt"
"$infnet" compare "$out/study-2026" -o "$out/compare-2026" --force --quiet >"$out/compare-2026.txt"

say "3. calibration with model choice ($cal)"
"$infnet" calibrate "$cal" --observations "$obs" -o "$out/calibrate" --force --quiet

say "4. the headline with structure and parameters drawn from the posterior"
"$infnet" run "$lib/baseline_2019.yaml" "$lib/decapitation_2020.yaml" -n "$REPLICAS" \
    --posterior "$out/calibrate" -o "$out/headline" --force --quiet
"$infnet" compare "$out/headline" -o "$out/headline" --force --quiet >"$out/headline.txt"

say "5. the headline under each structure"
rm -rf "$out/structures"
mkdir -p "$out/structures"
for v in $(jq -r '.alternatives | keys_unsorted[]' "$out/calibrate/meta.json"); do
    sets=$(jq -r --arg v "$v" '.alternatives[$v] | to_entries[] | "--set \(.key)=\(.value)"' "$out/calibrate/meta.json")
    # shellcheck disable=SC2086
    "$infnet" run "$lib/baseline_2019.yaml" "$lib/decapitation_2020.yaml" -n "$REPLICAS" $sets \
        -o "$out/structures/$v" --force --quiet
    "$infnet" compare "$out/structures/$v" -o "$out/structures/$v" --force --quiet >/dev/null
done

say "6. sensitivity of the headline: $morris, $sobol"
"$infnet" sweep "$morris" -o "$out/sensitivity-morris" --force --quiet
"$infnet" sweep "$sobol" -o "$out/sensitivity-sobol" --force --quiet

say "7. plots"
for d in study study-2026 compare-baseline compare-decapitation compare-2026 calibrate headline \
    sensitivity-morris sensitivity-sobol; do
    "$infnet" plot "$out/$d" --force >/dev/null
done

say "examples"
for f in scenarios/examples/*.yaml; do
    name=$(sed -n 's/^name: *//p' "$f" | head -n 1)
    "$infnet" run "$f" -o "$out/examples/$name" --force --quiet
done

echo $(($(date +%s) - t0)) >"$out/.seconds"
scripts/report.sh "$out" >"$out/REPORT.md.tmp"
mv "$out/REPORT.md.tmp" "$out/REPORT.md"
say "wrote $out/REPORT.md ($(cat "$out/.seconds") s)"
