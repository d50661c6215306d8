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

# `infnet analyze` per measure on Barabasi-Albert graphs (m = 2). Path-based
# measures are exact up to 20000 nodes and sampled (100 sources) above, so
# the 100k column times the estimators.
echo
for n in 1000 10000 100000; do
    printf 'name: ba-%s\ntime: {steps: 1}\nnetwork:\n  generate: {model: barabasi_albert, n: %s, m: 2}\n' \
        "$n" "$n" >"$T/ba$n.yaml"
    "$infnet" analyze "$T/ba$n.yaml" -o "$T/a$n" --force --timings 2>"$T/t$n" >/dev/null
done
printf '%-28s %12s %12s %12s\n' "analyze, seconds (BA m=2)" 1k 10k 100k
awk '{ v[FILENAME, $1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
     END { for (i = 1; i <= k; i++) { m = order[i];
             printf "%-28s %12.4f %12.4f %12.4f\n", m, v[f1, m], v[f2, m], v[f3, m] } }' \
    f1="$T/t1000" f2="$T/t10000" f3="$T/t100000" "$T/t1000" "$T/t10000" "$T/t100000"
echo "(harmonic is computed together with distance_fragmentation when both are exact;"
echo " above the exact limit closeness and harmonic share one pivot pass, timed under harmonic)"
"$infnet" analyze "$T/ba1000.yaml" -o "$T/kp" --force --key-players 3 --timings 2>"$T/kp.t" >/dev/null
awk '$1 == "key_players" { printf "%-28s %12.4f   (k = 3, greedy + swaps on F; O(k n (n + m)) per pass)\n", "key_players", $2 }' "$T/kp.t"
