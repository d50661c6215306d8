#!/bin/sh
# End-to-end tests of `infnet analyze` (GraphML, CSV and scenario inputs,
# published values, key players) and of key-player targeting in a run.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
check() {
    name=$1
    shift
    if "$@" >"$T/out" 2>&1; then ok "$name"; else notok "$name" "$T/out"; fi
}
# value of column $3 for node $2 in nodes.csv $1
col() { awk -F, -v node="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR > 1 && $1 == node { print $k }' "$1"; }
graph() { awk -F, -v m="$2" '$1 == m { print $2 }' "$1/graph.csv"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

# Padgett's Florentine families: the Medici's betweenness is 47.5 (Padgett and Ansell 1993)
check "analyze a CSV edge list" "$INFNET" analyze tests/fixtures/florentine.csv -o "$T/flo"
check "nodes.csv header" sh -c "head -n 1 '$T/flo/nodes.csv' | grep -qx 'node,label,kind,degree,strength,betweenness,betweenness_norm,closeness,harmonic,eigenvector,pagerank'"
check "graph.csv header" sh -c "head -n 1 '$T/flo/graph.csv' | grep -qx 'metric,value'"
near "$(col "$T/flo/nodes.csv" Medici betweenness)" 47.5 1e-9 && ok "Medici betweenness 47.5" || notok "Medici betweenness $(col "$T/flo/nodes.csv" Medici betweenness)"
near "$(col "$T/flo/nodes.csv" Medici betweenness_norm)" 0.521978021978022 1e-12 && ok "Medici betweenness_norm 47.5/91" || notok "Medici betweenness_norm"
near "$(col "$T/flo/nodes.csv" Medici degree)" 6 0 && ok "Medici degree 6" || notok "Medici degree"
near "$(graph "$T/flo" fragmentation)" 0 0 && ok "Florentine marriage network is connected (F = 0)" || notok "F"
near "$(graph "$T/flo" nodes)" 15 0 && ok "15 families in the edge list" || notok "nodes"
check "report lists Medici first" sh -c "'$INFNET' analyze tests/fixtures/florentine.csv -o '$T/flo2' | sed -n 3p | grep -q Medici"

# key players: two 8-cliques joined only through bridge nodes x and y
check "analyze --key-players 2" "$INFNET" analyze tests/fixtures/bridges.csv --key-players 2 -o "$T/kp"
check "key_players.csv's KPP-Neg set is exactly {x, y}" sh -c "grep ',neg\$' '$T/kp/key_players.csv' | cut -d, -f1 | sort | tr '\n' ' ' | grep -qx 'x y '"
# removing x and y leaves two 8-cliques and two isolates of 18 nodes: F = 1 - 2*8*7/(18*17)
near "$(graph "$T/kp" key_player_fragmentation)" 0.6339869281045751 1e-12 && ok "key_player_fragmentation = 1 - 112/306" || notok "key_player_fragmentation $(graph "$T/kp" key_player_fragmentation)"

# GraphML and scenario inputs
check "analyze GraphML" "$INFNET" analyze tests/fixtures/good/net.graphml -o "$T/gml"
check "analyze a scenario's network" "$INFNET" analyze scenarios/examples/broker.yaml -o "$T/sc"
near "$(col "$T/sc/nodes.csv" soleimani degree)" 5 0 && ok "soleimani's degree in the scenario network is 5" || notok "soleimani degree $(col "$T/sc/nodes.csv" soleimani degree)"
check "kinds come from the scenario" sh -c "grep -q '^qf,IRGC Quds Force,agency,' '$T/sc/nodes.csv'"
check "weighted analysis runs" "$INFNET" analyze scenarios/examples/broker.yaml --weights -o "$T/scw"
if cmp -s "$T/sc/nodes.csv" "$T/scw/nodes.csv"; then notok "--weights changes the measures"; else ok "--weights changes the measures"; fi

# the motivating case: in the 2019 network the two key players are the men the 2020 strike killed
check "key players of the 2019 network are Soleimani and al-Muhandis" sh -c "'$INFNET' analyze scenarios/post_soleimani/baseline_2019.yaml --key-players 2 -o '$T/k19' >/dev/null && grep ',neg\$' '$T/k19/key_players.csv' | cut -d, -f1 | sort | tr '\n' ' ' | grep -qx 'muhandis soleimani '"

# path measures run in parts on every thread; the values do not depend on the thread count
cat >"$T/ba1500.yaml" <<'EOF2'
name: ba-1500
time: {steps: 1}
monte_carlo: {replicas: 1, seed: 7}
network:
  generate: {model: barabasi_albert, n: 1500, m: 2, kind: faction}
EOF2
check "analyze --threads 1 (1500 nodes)" "$INFNET" analyze "$T/ba1500.yaml" --threads 1 -o "$T/th1"
check "analyze --threads 2 (1500 nodes)" "$INFNET" analyze "$T/ba1500.yaml" --threads 2 -o "$T/th2"
check "nodes.csv identical at 1 and 2 threads" cmp "$T/th1/nodes.csv" "$T/th2/nodes.csv"
check "graph.csv identical at 1 and 2 threads" cmp "$T/th1/graph.csv" "$T/th2/graph.csv"
"$INFNET" analyze "$T/ba1500.yaml" --threads 0 -o "$T/th0" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q -- '--threads' "$T/out" && ok "analyze --threads 0: exit 2" || notok "analyze --threads 0" "$T/out"

# refusals
"$INFNET" analyze tests/fixtures/florentine.csv -o "$T/flo" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q -- '--force' "$T/out" && ok "refuses to overwrite an analysis" || notok "overwrite refused" "$T/out"
"$INFNET" analyze no/such.csv -o "$T/x" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'no/such.csv' "$T/out" && ok "missing network: exit 2 naming it" || notok "missing network" "$T/out"
printf 'from,to,colour\na,b,red\n' >"$T/bad.csv"
"$INFNET" analyze "$T/bad.csv" -o "$T/x" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'colour' "$T/out" && ok "unknown CSV column: exit 2" || notok "unknown CSV column" "$T/out"
"$INFNET" analyze tests/fixtures/florentine.csv --key-players 16 -o "$T/k16" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q 'more key players than .* has nodes (15)' "$T/out" && [ ! -e "$T/k16/nodes.csv" ] &&
    ok "--key-players above the node count: exit 2, nothing written" || notok "--key-players 16 of 15" "$T/out"
"$INFNET" analyze tests/fixtures/florentine.csv --key-players 0 >"$T/out" 2>&1
[ $? -eq 2 ] && ok "--key-players 0: exit 2" || notok "--key-players 0" "$T/out"
check "analyze --timings names every measure" sh -c "'$INFNET' analyze tests/fixtures/florentine.csv -o '$T/tm' --timings 2>&1 >/dev/null | grep -q '^eigenvector '"

# feedback: --quiet prints nothing on success; the key-player search
# first estimates its cost (pool 18, k 2: greedy 18 + 17 evaluations, one
# swap pass 2 * 17)
"$INFNET" analyze tests/fixtures/florentine.csv -o "$T/quiet" --quiet >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -s "$T/out" ] && [ -s "$T/quiet/nodes.csv" ] &&
    ok "--quiet: exit 0, nothing printed, nodes.csv written" || notok "--quiet: exit $rc" "$T/out"
"$INFNET" analyze tests/fixtures/bridges.csv --key-players 2 -o "$T/est" >/dev/null 2>"$T/est.err"
grep -q '^key players: K=2 of 18 nodes, about 69 evaluations, estimated [0-9]* s at the measured rate' "$T/est.err" &&
    ok "--key-players: the estimate of the search's cost comes first" || notok "key-player estimate" "$T/est.err"
"$INFNET" analyze tests/fixtures/bridges.csv --key-players 2 -o "$T/estq" --quiet >"$T/out" 2>&1
[ $? -eq 0 ] && [ ! -s "$T/out" ] && grep -q '^x,' "$T/estq/key_players.csv" &&
    ok "--key-players --quiet: no estimate, the same result" || notok "--key-players --quiet" "$T/out"
# no progress line when stderr is not a terminal (as for run): the import's
# note (the fixture gives no kinds) and the estimate alone
[ "$(wc -l <"$T/est.err")" -eq 2 ] && ! grep -q 'ETA' "$T/est.err" &&
    [ "$(head -n 1 "$T/est.err")" = "infnet: note: tests/fixtures/bridges.csv: 18 nodes with no kind read as faction" ] &&
    ok "no progress line when stderr is a file: the import's note and the estimate alone" ||
    notok "stderr on a file" "$T/est.err"

# Ctrl-C during a long key-player search (20 000 nodes, K = 3: minutes):
# sent once the estimate is out, it stops within seconds with exit 130 and
# one line, removes the directories analyze made and leaves a directory
# that existed as it was
cat >"$T/big.yaml" <<'EOF2'
name: big
time: {steps: 1}
monte_carlo: {replicas: 1, seed: 3}
network:
  generate: {model: barabasi_albert, n: 20000, m: 2, kind: faction}
EOF2
# sigint_at_estimate OUTDIR: start the search, SIGINT after the estimate
# line (at most 120 s of waiting on a loaded machine); rc, seconds in $sig_rc, $sig_secs
sigint_at_estimate() {
    "$INFNET" analyze "$T/big.yaml" --key-players 3 --exact-limit 100 -t 1 -o "$1" >"$T/sig.out" 2>"$T/sig.err" &
    pid=$!
    i=0
    while ! grep -q '^key players: ' "$T/sig.err" 2>/dev/null && [ $i -lt 1200 ] && kill -0 $pid 2>/dev/null; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -INT $pid
    t0=$(date +%s)
    wait $pid
    sig_rc=$?
    sig_secs=$(($(date +%s) - t0))
}
sigint_at_estimate "$T/made/deeper/out"
[ $sig_rc -eq 130 ] && [ $sig_secs -le 10 ] &&
    ok "SIGINT during the key-player search: exit 130 in ${sig_secs}s" ||
    notok "SIGINT during key players: exit $sig_rc after ${sig_secs}s" "$T/sig.err"
[ "$(grep -c . "$T/sig.err")" -eq 2 ] &&
    grep -qx "infnet: interrupted while finding key players ($T/big.yaml); nothing written" "$T/sig.err" &&
    ok "the estimate, then one line: interrupted while finding key players" || notok "interrupted message" "$T/sig.err"
[ ! -e "$T/made" ] && ok "the directories analyze made are removed" ||
    notok "left behind: $(find "$T/made" | tr '\n' ' ')"
mkdir "$T/mine" && echo keep >"$T/mine/notes.txt"
sigint_at_estimate "$T/mine"
[ $sig_rc -eq 130 ] && [ "$(ls -A "$T/mine")" = notes.txt ] &&
    ok "SIGINT into an existing directory: it stays with only the user's file (no lock, no half file)" ||
    notok "existing directory after SIGINT (exit $sig_rc): $(ls -A "$T/mine" | tr '\n' ' ')" "$T/sig.err"

# a removal pressure targeted by key_player removes the bridges
cat >"$T/kp.yaml" <<EOS
name: kp-removal
time: {steps: 1}
monte_carlo: {replicas: 3}
model: {dynamics: false}
network:
  import: $PWD/tests/fixtures/bridges.csv
pressures:
  - {at: 1, type: removal, targets: all, select: targeted, by: key_player, fraction: 0.1}
outputs: {metrics: [nodes, components, fragmentation], node_steps: [1], node_metrics: [degree]}
EOS
check "run with by: key_player" "$INFNET" run "$T/kp.yaml" -o "$T/kprun" --quiet
# removed nodes leave the network: two 8-cliques remain, F = 1 - 2*8*7/(16*15)
check "key-player removal leaves the two cliques" sh -c "grep -q '^kp-removal,1,components,3,2,0,2,2,2,2,2\$' '$T/kprun/summary.csv'"
check "F after key-player removal is 1 - 112/240" sh -c "grep -q '^kp-removal,1,fragmentation,3,0.5333333333333333,0,' '$T/kprun/summary.csv'"
check "x and y are gone in every replica" sh -c "grep -q '^kp-removal,1,x,present,3,0,' '$T/kprun/nodes.csv' && grep -q '^kp-removal,1,y,present,3,0,' '$T/kprun/nodes.csv'"
check "outputs.metrics limits summary.csv" sh -c "[ \$(cut -d, -f3 '$T/kprun/summary.csv' | sort -u | wc -l) -eq 4 ]"
# A 4000-node chain: the gap between the adjacency matrix's two largest
# eigenvalues shrinks as 1/n^2 and ARPACK stops at its iteration limit. The
# other measures are reported; eigenvector centrality is empty, with a warning.
awk 'BEGIN { print "from,to"; for (i = 0; i < 3999; i++) printf "n%d,n%d\n", i, i + 1 }' >"$T/chain.csv"
"$INFNET" analyze "$T/chain.csv" -o "$T/chain" -t 1 >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q '^warning: eigenvector centrality did not converge' "$T/out" &&
    ok "long chain: exit 0 with a warning that eigenvector centrality did not converge" ||
    notok "long chain: exit $rc" "$T/out"
# node n_k of a path of n nodes lies on k (n - 1 - k) shortest paths
check "long chain: the middle node's betweenness is 1999 * 2000, its eigenvector empty" \
    sh -c "grep -q '^n1999,n1999,faction,2,2,3998000,[^,]*,[^,]*,[^,]*,,[0-9]' '$T/chain/nodes.csv'"
# ---- the ORA and keyplayer reports ----
check "analyze --key-players 2 --impact" "$INFNET" analyze tests/fixtures/florentine.csv --key-players 2 --impact -o "$T/rep"
check "brokerage.csv header" sh -c "head -n 1 '$T/rep/brokerage.csv' | grep -qx 'node,label,kind,constraint,effective_size,coordinator,itinerant,representative,gatekeeper,liaison,brokerage'"
check "impact.csv header" sh -c "head -n 1 '$T/rep/impact.csv' | grep -qx 'node,label,measure,before,after,change,removal'"
check "key_entities.csv header" sh -c "head -n 1 '$T/rep/key_entities.csv' | grep -qx 'rank,measure,node,label,value'"
check "key_players.csv: KPP-Neg then KPP-Pos" sh -c "tail -n +2 '$T/rep/key_players.csv' | tr '\n' ' ' | grep -qx 'Medici,Medici,neg Guadagni,Guadagni,neg Medici,Medici,pos Bischeri,Bischeri,pos '"
# NetworkX 3.6.1: nx.constraint(G)['Medici'], nx.effective_size(G)['Medici'] of the same edge list
check "Medici's constraint and effective size are NetworkX's" sh -c "grep -qx 'Medici,Medici,faction,0.20987654320987653,5.666666666666667,28,0,0,0,0,28' '$T/rep/brokerage.csv'"
# Medici and Bischeri reach 9 of the other 13 families at distance 1
near "$(graph "$T/rep" key_player_reach)" 0.6923076923076923 1e-15 && ok "KPP-Pos reach 9/13" || notok "key_player_reach $(graph "$T/rep" key_player_reach)"
check "impact: every family taken out, 11 measures each" sh -c "[ \$(tail -n +2 '$T/rep/impact.csv' | wc -l) -eq 165 ] && ! grep -q ',cumulative\$' '$T/rep/impact.csv'"
# taking out the Medici leaves Acciaiuoli, Pazzi and Ginori's side apart: 3 components
check "impact: without the Medici, 3 components of 14 families" sh -c "grep -qx 'Medici,Medici,components,1,3,2,single' '$T/rep/impact.csv' && grep -qx 'Medici,Medici,nodes,15,14,-1,single' '$T/rep/impact.csv'"
check "impact: before is graph.csv's value" sh -c "grep -q '^Medici,Medici,distance_fragmentation,$(graph "$T/rep" distance_fragmentation),' '$T/rep/impact.csv'"
check "key_entities: Medici first by betweenness (47.5), 10 per measure" sh -c "grep -qx '1,betweenness,Medici,Medici,47.5' '$T/rep/key_entities.csv' && [ \$(grep -c ',betweenness,' '$T/rep/key_entities.csv') -eq 10 ]"
check "key_entities: constraint ranks the least constrained first" sh -c "grep -qx '1,constraint,Medici,Medici,0.20987654320987653' '$T/rep/key_entities.csv'"
check "REPORT.md has every section" sh -c "for h in 'Graph measures' 'Picture' 'Key entities' 'Key players' 'Immediate impact' 'Brokerage leaders'; do grep -q \"^## \$h\" '$T/rep/REPORT.md' || exit 1; done"
if command -v gnuplot >/dev/null 2>&1; then
    check "network.png is a PNG, shown in REPORT.md" sh -c "head -c 8 '$T/rep/network.png' | od -An -c | grep -q 'P   N   G' && grep -qx '!\[the network, coloured by betweenness\](network.png)' '$T/rep/REPORT.md'"
else
    ok "# SKIP network.png: gnuplot not installed"
fi
env PATH=/nonexistent "$INFNET" analyze tests/fixtures/florentine.csv -o "$T/nopic" >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -e "$T/nopic/network.png" ] && grep -qx 'No picture: gnuplot was not found on PATH.' "$T/nopic/REPORT.md" &&
    [ -s "$T/nopic/key_entities.csv" ] && grep -q 'no picture of the network: gnuplot was not found' "$T/out" &&
    ok "without gnuplot: the report says so, the rest is written" || notok "without gnuplot: exit $rc" "$T/out"

# immediate impact against brute force: the network analysed again without
# each node in turn (min degree 2, so no other node drops out of the edge list)
printf 'from,to\np,q\nq,r\nr,p\ns,t\nt,u\nu,s\nh,p\nh,q\nh,s\nh,t\nh,v\nv,w\nw,x\nx,h\n' >"$T/bow.csv"
check "analyze --impact of a 10-node network" "$INFNET" analyze "$T/bow.csv" --impact -o "$T/bow"
bad=""
for x in h p q r s t u v w x; do
    grep -v -e "^$x," -e ",$x\$" "$T/bow.csv" >"$T/bow-$x.csv"
    "$INFNET" analyze "$T/bow-$x.csv" -o "$T/bow-$x" >/dev/null 2>&1 || bad="$bad $x(exit)"
    for m in nodes edges density components giant_fraction fragmentation distance_fragmentation modularity communities centralization_degree centralization_betweenness; do
        want=$(graph "$T/bow-$x" $m)
        got=$(awk -F, -v x="$x" -v m="$m" '$1 == x && $3 == m && $7 == "single" { print $5 }' "$T/bow/impact.csv")
        [ -n "$want" ] && [ "$got" = "$want" ] || bad="$bad $x:$m($got!=$want)"
    done
done
[ -z "$bad" ] && ok "impact: every node's 'after' equals the analysis of the network without it, to the bit" ||
    notok "impact against brute force:$bad"
check "impact: without the hub, three parts" sh -c "grep -qx 'h,h,components,1,3,2,single' '$T/bow/impact.csv'"

# --impact K: the top K by a measure, alone and together
check "analyze --impact 2 --impact-by degree" "$INFNET" analyze "$T/bow.csv" --impact 2 --impact-by degree -o "$T/bow2"
check "meta.json records --impact 2 --impact-by degree" sh -c "[ \"\$(jq -c '.options | [.impact, .impact_by, .kpp_distance]' '$T/bow2/meta.json')\" = '[2,\"degree\",1]' ] && [ \"\$(jq -c '.options | [.impact, .impact_by]' '$T/rep/meta.json')\" = '[0,\"betweenness\"]' ]"
check "impact 2: 2 single and 2 cumulative removals" sh -c "[ \$(grep -c ',single\$' '$T/bow2/impact.csv') -eq 22 ] && [ \$(grep -c ',cumulative\$' '$T/bow2/impact.csv') -eq 22 ]"
# degree: h 6, then p, q, s, t with 3 (p first); h and p together leave q-r, s-t-u, v-w-x
check "impact 2: h then p, cumulatively 3 components of 8" sh -c "grep -qx 'p,p,components,1,3,2,cumulative' '$T/bow2/impact.csv' && grep -qx 'p,p,nodes,10,8,-2,cumulative' '$T/bow2/impact.csv' && grep -qx 'p,p,components,1,1,0,single' '$T/bow2/impact.csv' && head -n 2 '$T/bow2/impact.csv' | grep -q '^h,h,nodes,'"
check "--impact=2, '--impact 2 NETWORK' and 'NETWORK --impact 2' parse alike" sh -c "'$INFNET' analyze --impact=2 --impact-by degree '$T/bow.csv' -o '$T/bow3' >/dev/null && cmp '$T/bow2/impact.csv' '$T/bow3/impact.csv' && '$INFNET' analyze --impact 2 --impact-by degree '$T/bow.csv' -o '$T/bow4' >/dev/null && cmp '$T/bow2/impact.csv' '$T/bow4/impact.csv'"
check "--force without --impact removes an earlier impact.csv" sh -c "'$INFNET' analyze '$T/bow.csv' --force -o '$T/bow3' >/dev/null && [ ! -e '$T/bow3/impact.csv' ] && [ -e '$T/bow3/REPORT.md' ]"
"$INFNET" analyze "$T/bow.csv" --impact 2 --impact-by wealth -o "$T/x" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q "impact-by: unknown measure 'wealth'" "$T/out" && [ ! -e "$T/x/nodes.csv" ] && ok "--impact-by an unknown measure: exit 2" || notok "--impact-by wealth" "$T/out"
"$INFNET" analyze "$T/bow.csv" --impact-by degree -o "$T/x" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q -- "--impact-by needs --impact" "$T/out" && ok "--impact-by without --impact: exit 2" || notok "--impact-by alone" "$T/out"
"$INFNET" analyze "$T/bow.csv" --kpp-distance 2 -o "$T/x" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q -- "--kpp-distance needs --key-players" "$T/out" && ok "--kpp-distance without --key-players: exit 2" || notok "--kpp-distance alone" "$T/out"
"$INFNET" analyze "$T/bow.csv" --impact=0 -o "$T/x" >"$T/out" 2>&1
[ $? -eq 2 ] && grep -q -- "--impact needs an integer from 1" "$T/out" && ok "--impact=0: exit 2" || notok "--impact=0" "$T/out"
# KPP-Pos at distance 2: the hub alone reaches every other node
check "analyze --key-players 1 --kpp-distance 2" "$INFNET" analyze "$T/bow.csv" --key-players 1 --kpp-distance 2 -o "$T/pos"
check "KPP-Pos: the hub reaches all 9 others" sh -c "grep -qx 'h,h,pos' '$T/pos/key_players.csv' && grep -qx 'key_player_reach,1' '$T/pos/graph.csv'"

echo "1..$n"
