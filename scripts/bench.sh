#!/bin/sh
# `make bench`: replicas per second of each shipped scenario at 1 and 2 threads
# (with the speedup), and peak memory at 100 and 10000 replicas. Figures come
# from each run's meta.json (wall_seconds, peak_rss_kib). A benchmark prints
# figures; it never fails on a slow machine. Usage: scripts/bench.sh INFNET
set -eu
infnet=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# Replicas per scenario: enough for a few seconds of work on 2 cores.
reps_for() {
    case "$1" in
        *percolation*|*_ba.yaml) echo 40 ;;
        *) echo 20000 ;;
    esac
}

run() {  # file replicas threads -> prints wall seconds and peak KiB
    "$infnet" run "$1" -n "$2" --threads "$3" -o "$T/r" --force --quiet >/dev/null
    jq -r '"\(.wall_seconds) \(.peak_rss_kib)"' "$T/r/meta.json"
}

echo "infnet benchmark ($(nproc) cores; $("$infnet" --version))"
echo
printf '%-45s %9s %12s %12s %8s\n' scenario replicas "rep/s (1t)" "rep/s (2t)" speedup
for f in $(find scenarios -name '*.yaml' | sort); do
    n=$(reps_for "$f")
    set -- $(run "$f" "$n" 1)
    w1=$1
    set -- $(run "$f" "$n" 2)
    w2=$1
    awk -v f="$f" -v n="$n" -v a="$w1" -v b="$w2" \
        'BEGIN { printf "%-45s %9d %12.1f %12.1f %7.2fx\n", f, n, n / a, n / b, a / b }'
done
echo
printf '%-45s %9s %14s\n' "peak memory (2 threads)" replicas "peak RSS (MiB)"
f=scenarios/examples/broker.yaml
for n in 100 10000; do
    set -- $(run "$f" "$n" 2)
    awk -v f="$f" -v n="$n" -v k="$2" 'BEGIN { printf "%-45s %9d %14.1f\n", f, n, k / 1024 }'
done
