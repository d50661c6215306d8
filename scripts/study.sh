#!/bin/sh
# The study `make run` performs: every example scenario in scenarios/examples/
# into OUT/<scenario>/. Usage: scripts/study.sh INFNET OUT
set -eu
infnet=$1
out=$2
mkdir -p "$out"
for f in scenarios/examples/*.yaml; do
    name=$(sed -n 's/^name: *//p' "$f" | head -n 1)
    echo "infnet: running $f into $out/$name" >&2
    "$infnet" run "$f" -o "$out/$name" --force --quiet
done
echo "infnet: results in $out/" >&2
