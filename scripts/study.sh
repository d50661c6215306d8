#!/bin/sh
# The study `make run` performs (docs/STUDY.md): the post-Soleimani library
# run in one go, compared against the counterfactual baseline and against
# the decapitation, plotted, rerun over a grid of the judgement-call
# parameters, and summarised in OUT/REPORT.md, which is generated from the
# run's own files. Also runs the small examples into OUT/examples/.
# Usage: scripts/study.sh INFNET OUT
set -eu
infnet=$1
out=$2
lib=scenarios/post_soleimani
# The 2020-2022 clock (36 months), baseline first: it is the reference of
# the first comparison. The 2026 war runs on its own clock (77 months, to
# June 2026) against its own reference, a world without the war.
files="$lib/baseline_2019.yaml $lib/decapitation_2020.yaml $lib/strong_successor.yaml
$lib/agency_rivalry_2021.yaml $lib/maximum_pressure.yaml"
files2026="$lib/no_war_2026.yaml $lib/war_2026.yaml"
# Replicas of each robustness run: enough for p < 0.01 on the headline
# differences, few enough for the whole grid to take about a minute.
GRID_REPLICAS=${GRID_REPLICAS:-300}

say() { echo "infnet study: $*" >&2; }
mkdir -p "$out"

say "running the library ($(echo $files | wc -w) scenarios) into $out/study"
# shellcheck disable=SC2086
"$infnet" run $files -o "$out/study" --force --quiet

say "running the 2026 war and its reference into $out/study-2026"
# shellcheck disable=SC2086
"$infnet" run $files2026 -o "$out/study-2026" --force --quiet

say "comparing against baseline-2019, against decapitation-2020, and the war against no-war-2026"
"$infnet" compare "$out/study" -o "$out/compare-baseline" --force --quiet >"$out/compare-baseline.txt"
"$infnet" compare "$out/study" --reference decapitation-2020 -o "$out/compare-decapitation" --force \
    --quiet >"$out/compare-decapitation.txt"
"$infnet" compare "$out/study-2026" -o "$out/compare-2026" --force --quiet >"$out/compare-2026.txt"

say "plotting"
"$infnet" plot "$out/study" --force >/dev/null
"$infnet" plot "$out/compare-baseline" --force >/dev/null
"$infnet" plot "$out/compare-decapitation" --force >/dev/null
"$infnet" plot "$out/study-2026" --force >/dev/null
"$infnet" plot "$out/compare-2026" --force >/dev/null

# Robustness of the headline (decapitation-2020 against baseline-2019): each
# judgement-call parameter over a documented range, the others at their
# defaults. KEY=VALUE pairs are passed to both scenarios with --set.
say "robustness grid ($GRID_REPLICAS replicas per run)"
grid="model.succession.share=0.2 model.succession.share=0.5 model.succession.share=0.8
model.broker.binding=0.5 model.broker.binding=1 model.broker.binding=2
model.broker.rivalry=0.1 model.broker.rivalry=0.3 model.broker.rivalry=0.5
model.alignment.drift=0.05 model.alignment.drift=0.1 model.alignment.drift=0.2"
rm -rf "$out/robustness"
mkdir -p "$out/robustness"
for kv in $grid; do
    tag=$(echo "$kv" | sed 's/^model\.//; s/=/-/')
    "$infnet" run "$lib/baseline_2019.yaml" "$lib/decapitation_2020.yaml" -n "$GRID_REPLICAS" --set "$kv" \
        -o "$out/robustness/$tag" --force --quiet
    "$infnet" compare "$out/robustness/$tag" -o "$out/robustness/$tag" --force --quiet >/dev/null
done
# Sanction intensity: maximum_pressure against baseline, every sanctions
# pressure maximum_pressure adds scaled to the same intensity (the base's own
# sanctions, its first pressures, stay as they are on both sides).
nbase=$("$infnet" validate "$lib/baseline_2019.yaml" --list-pressures 2>/dev/null | tail -n +2 | wc -l)
for v in 0.2 0.4 0.6; do
    sets=$("$infnet" validate "$lib/maximum_pressure.yaml" --list-pressures 2>/dev/null |
        awk -v v="$v" -v nb="$nbase" 'NR > 1 && $2 == "sanctions" && $1 >= nb { printf " --set pressures.%s.intensity=%s", $1, v }')
    tag="sanctions.intensity-$v"
    # shellcheck disable=SC2086
    "$infnet" run "$lib/maximum_pressure.yaml" -n "$GRID_REPLICAS" $sets -o "$out/robustness/$tag-run" --force --quiet
    "$infnet" run "$lib/baseline_2019.yaml" -n "$GRID_REPLICAS" -o "$out/robustness/baseline-$GRID_REPLICAS" \
        --force --quiet
    "$infnet" compare "$out/robustness/baseline-$GRID_REPLICAS" "$out/robustness/$tag-run" \
        -o "$out/robustness/$tag" --force --quiet >/dev/null
done

say "examples"
for f in scenarios/examples/*.yaml; do
    name=$(sed -n 's/^name: *//p' "$f" | head -n 1)
    "$infnet" run "$f" -o "$out/examples/$name" --force --quiet
done

scripts/report.sh "$out" >"$out/REPORT.md.tmp"
mv "$out/REPORT.md.tmp" "$out/REPORT.md"
say "wrote $out/REPORT.md"
