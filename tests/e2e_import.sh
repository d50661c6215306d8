#!/bin/sh
# End-to-end tests of importing a network (docs/FORMAT.md, "Importing a
# network"): the lenient, stated rules (any id, weights above 1 only as the
# option says, kinds in any case, a snapshot's inactive nodes absent,
# successor and patron from the file or network.update) and every reader
# (GraphML, CSV with a node table, GML, Pajek, UCINET DL, NCOL, LGL, GEXF,
# DyNetML), each on a small file written here whose content the test states.
# Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
# nodes.csv of DIR, first five columns (node,label,kind,degree,strength)
cols() { cut -d, -f1-5 "$1/nodes.csv"; }
graph() { awk -F, -v m="$2" '$1 == m { print $2 }' "$1/graph.csv"; }
# same NAME EXPECTED-FILE ACTUAL-FILE
same() { if cmp -s "$2" "$3"; then ok "$1"; else diff "$2" "$3" >"$T/diff" 2>&1; notok "$1" "$T/diff"; fi; }
# refused NAME EXPECTED-STDERR CMD...: exit 2, stderr exactly as stated, no nodes.csv
refused() {
    name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
    printf '%s\n' "$want" >"$T/want"
    if [ $rc -eq 2 ] && cmp -s "$T/want" "$T/err"; then ok "$name"; else
        { echo "exit $rc"; diff "$T/want" "$T/err"; } >"$T/diff" 2>&1
        notok "$name" "$T/diff"
    fi
}
cd "$T" || exit 1
INFNET=$(command -v "$OLDPWD/$INFNET" || echo "$OLDPWD/$INFNET")

# --- ids with spaces and apostrophes, weights above 1 ----------------------
printf "from,to,weight\nKata'ib Hezbollah,Badr Org,5\nBadr Org,PMF+1,2\nPMF+1,Kata'ib Hezbollah,1\n" >w.csv
refused "a weight above 1 is refused at its line, naming --weights-as" \
    "w.csv:2:1: error: 'weight' 5 is above 1 (edge 'Kata_ib_Hezbollah' - 'Badr_Org'): to read weights above 1, use --weights-as normalize (divide by the largest) or counts (interaction counts)" \
    "$INFNET" analyze w.csv -o w0
"$INFNET" analyze w.csv --weights-as normalize -o w1 >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && ok "--weights-as normalize: exit 0" || notok "--weights-as normalize" "$T/err"
cat >want <<'EOF'
node,label,kind,degree,strength
Kata_ib_Hezbollah,Kata'ib Hezbollah,faction,2,1.2
Badr_Org,Badr Org,faction,2,1.4
PMF+1,PMF+1,faction,2,0.6000000000000001
EOF
cols w1 >got
same "ids kept as labels under internal ids; weights divided by the largest (5)" want got
cat >want <<'EOF'
infnet: note: w.csv: weights divided by the largest, 5
infnet: note: w.csv: 3 nodes with no kind read as faction
infnet: note: w.csv: 2 node ids are not infnet ids: kept as the label, under an internal id
EOF
same "normalize, the default kind and the renamed ids are said on stderr" want err
"$INFNET" analyze w.csv --weights-as counts --default-kind LEADER -o w2 >/dev/null 2>"$T/err"
# mean count 8/3: w = 1 - exp(-3c/8); strength of Badr Org = w(5) + w(2)
awk -F, 'NR > 1 { print $1, $3, $5 }' w2/nodes.csv >got
awk 'BEGIN { m = 8 / 3; printf "Kata_ib_Hezbollah leader %.17g\nBadr_Org leader %.17g\nPMF+1 leader %.17g\n", (1 - exp(-5 / m)) + (1 - exp(-1 / m)), (1 - exp(-5 / m)) + (1 - exp(-2 / m)), (1 - exp(-2 / m)) + (1 - exp(-1 / m)) }' >want
awk '{ print $1, $2 }' want >want2
awk '{ print $1, $2 }' got >got2
same "--default-kind LEADER (any case) gives every node that kind" want2 got2
paste -d' ' got want | awk '{ d = $3 - $6; if (d < 0) d = -d; if (d > 1e-12) bad = 1 } END { exit bad }' &&
    ok "--weights-as counts: w = 1 - exp(-c / mean c)" || notok "counts strengths" got
grep -qx 'infnet: note: w.csv: weights read as counts c, w = 1 - exp(-c / 2.6666666666666665) (the mean count)' err &&
    ok "counts: the mean count is said on stderr" || notok "counts note" err
"$INFNET" analyze w.csv --weights-as normalize --quiet -o w4 >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/err" ] && [ -s w4/nodes.csv ] &&
    ok "--quiet: the import's notes are not printed either (nothing but errors)" || notok "quiet notes" "$T/err"
refused "--weights-as of an unknown way" \
    "infnet: error: --weights-as: unknown way 'scale' (use given, normalize or counts)" \
    "$INFNET" analyze w.csv --weights-as scale -o w3
refused "--default-kind of an unknown kind" \
    "infnet: error: --default-kind: unknown kind 'actor' (use agency, leader, faction or institution)" \
    "$INFNET" analyze w.csv --default-kind actor -o w3
refused "--format of an unknown format" \
    "infnet: error: --format: unknown format 'xls' (use graphml, csv, gml, pajek, dl, ncol, lgl, gexf or dynetml)" \
    "$INFNET" analyze w.csv --format xls -o w3
printf 'from,to,weight\na,b,0\n' >zero.csv
refused "counts: a weight of 0 is refused at its line" \
    "zero.csv:2:1: error: 'weight' must be a positive number, got 0 (edge 'a' - 'b')" \
    "$INFNET" analyze zero.csv --weights-as counts -o w3
[ ! -e w3 ] && ok "nothing written for a refused network" || notok "w3 exists"

# --- GraphML: kinds in any case, successor, lines of the bad element --------
cat >k.graphml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="successor" for="node" attr.name="successor" attr.type="string"/>
  <key id="strength" for="node" attr.name="strength" attr.type="double"/>
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="undirected">
    <node id="Kata'ib Hezbollah"><data key="kind">Faction</data></node>
    <node id="Abu Mahdi"><data key="kind">LEADER</data><data key="successor">Abu Fadak</data></node>
    <node id="Abu Fadak"><data key="kind">leader</data><data key="strength">0.5</data></node>
    <edge source="Abu Mahdi" target="Kata'ib Hezbollah"><data key="w">0.5</data></edge>
    <edge source="Abu Fadak" target="Kata'ib Hezbollah"/>
  </graph>
</graphml>
EOF
"$INFNET" analyze k.graphml -o k1 >/dev/null 2>&1
cat >want <<'EOF'
node,label,kind,degree,strength
Kata_ib_Hezbollah,Kata'ib Hezbollah,faction,2,1.5
Abu_Mahdi,Abu Mahdi,leader,1,0.5
Abu_Fadak,Abu Fadak,leader,1,1
EOF
cols k1 >got
same "GraphML: ids with spaces and apostrophes, kind Faction and LEADER" want got
sed 's/0.5<\/data><\/node>/2<\/data><\/node>/' k.graphml >k2.graphml
refused "GraphML: a bad value of the third node is refused at its line (10)" \
    "k2.graphml:10:1: error: node 'Abu Fadak': 'strength' must be in [0, 1], got 2" \
    "$INFNET" analyze k2.graphml -o k2
sed 's/>Abu Fadak</>Nobody</' k.graphml >k3.graphml
refused "GraphML: a successor no node has, at the naming node's line" \
    "k3.graphml:9:1: error: node 'Abu_Mahdi': successor 'Nobody' is no node of the file" \
    "$INFNET" analyze k3.graphml -o k3
sed 's/">Faction</">Faktion</' k.graphml >k4.graphml
refused "GraphML: an unknown kind at its line" \
    "k4.graphml:8:1: error: node 'Kata'ib Hezbollah': unknown kind 'Faktion' (did you mean 'faction'?)" \
    "$INFNET" analyze k4.graphml -o k4
sed 's/attr.name="successor" attr.type="string"/attr.name="successor" attr.type="int"/' k.graphml >k5.graphml
refused "GraphML: a successor key that is not a string, at the key's line" \
    "k5.graphml:4:1: error: <key id='successor'>: 'successor' must be declared attr.type=\"string\"" \
    "$INFNET" analyze k5.graphml -o k5
# the successor is read: a run's decapitation hands Abu Mahdi's tie to Badr to Abu Fadak
sed -e 's|^    <edge source="Abu Fadak"|    <node id="Badr"><data key="kind">faction</data></node>\n    <edge source="Abu Mahdi" target="Badr"/>\n&|' k.graphml >ks.graphml
sed 's|<data key="successor">Abu Fadak</data>||' ks.graphml >kn.graphml
for g in ks kn; do
    cat >$g.yaml <<EOF
name: $g
time: {steps: 1}
monte_carlo: {replicas: 1}
model: {dynamics: false}
network:
  import: $g.graphml
pressures:
  - {at: 1, type: decapitation, targets: [Abu_Mahdi]}
outputs: {metrics: [nodes], node_steps: [1], node_metrics: [degree]}
EOF
    "$INFNET" run $g.yaml -o $g --quiet >"$T/out" 2>&1 || notok "run $g" "$T/out"
done
grep -q '^ks,1,Abu_Fadak,degree,1,2,' ks/nodes.csv 2>/dev/null && grep -q '^kn,1,Abu_Fadak,degree,1,1,' kn/nodes.csv 2>/dev/null &&
    ok "GraphML successor: the heir inherits the tie to Badr (degree 2; 1 without a successor)" || notok "successor run" ks/nodes.csv

# --- an infnet snapshot: inactive nodes absent, spawned ids with '+' --------
# (fronts as actors, model.fronts.actors=true, so that the spawned front
# AAH+1 is an active node of the snapshot rather than a claim name)
"$INFNET" run "$OLDPWD/scenarios/examples/broker.yaml" -n 2 --set model.fronts.actors=true -o snap --quiet >"$T/out" 2>&1 || notok "broker run" "$T/out"
S=snap/snapshots/broker-example_step24.graphml
grep -q '<data key="id">[a-z]*+1</data>' "$S" && grep -q '<data key="active">false</data>' "$S" &&
    ok "the step-24 snapshot holds a splinter (PARENT+1) and a removed node" || notok "snapshot content" "$S"
"$INFNET" analyze "$S" -o snapa >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && ok "analyze a snapshot with a splinter" || notok "analyze snapshot" "$T/err"
grep -qx 'infnet: note: snap/snapshots/broker-example_step24.graphml: 1 inactive node read as absent' err &&
    ok "the removed leader is said to be read as absent" || notok "absent note" err
for m in nodes edges fragmentation distance_fragmentation; do
    run=$(awk -F, -v m=$m '$2 == 0 && $3 == m { print $4 }' snap/final.csv)
    an=$(graph snapa $m)
    [ -n "$run" ] && [ "$run" = "$an" ] && ok "snapshot: analyze's $m ($an) is the run's for replica 0 at step 24" ||
        notok "snapshot $m: run '$run', analyze '$an'"
done

# a removal that fragments: the run's F (0.8333, the four that remain) is
# analyze's, not the 0.9 of counting the removed leader as an isolate
cat >star.yaml <<'EOF'
name: star
time: {steps: 1}
monte_carlo: {replicas: 2}
model: {dynamics: false}
network:
  nodes:
    - {id: boss, kind: leader}
    - {id: a, kind: faction}
    - {id: b, kind: faction}
    - {id: c, kind: faction}
    - {id: d, kind: faction}
  edges:
    - {from: boss, to: a, type: personal}
    - {from: boss, to: b, type: personal}
    - {from: boss, to: c, type: personal}
    - {from: c, to: d, type: coordination}
pressures:
  - {at: 1, type: removal, targets: [boss]}
outputs: {snapshots: [1]}
EOF
"$INFNET" run star.yaml -o star --quiet >"$T/out" 2>&1 || notok "star run" "$T/out"
"$INFNET" analyze star/snapshots/star_step1.graphml -o stara >"$T/out" 2>&1 || notok "analyze star snapshot" "$T/out"
run=$(awk -F, '$2 == 0 && $3 == "fragmentation" { print $4 }' star/final.csv)
[ "$run" = 0.8333333333333334 ] && [ "$(graph stara fragmentation)" = "$run" ] && [ "$(graph stara nodes)" = 4 ] &&
    ok "snapshot after a removal: F = 1 - 2/12 in the run and in analyze" ||
    notok "star snapshot: run F '$run', analyze F '$(graph stara fragmentation)'"

# --- CSV edge list with a node table ---------------------------------------
printf 'id,label,kind,successor,authority\nmuhandis,Abu Mahdi,Leader,fadak,0.9\nfadak,Abu Fadak,leader,,\nkh,Kata'"'"'ib Hezbollah,FACTION,,\n' >nodes.csv
printf 'from,to,weight\nmuhandis,kh,1\nfadak,kh,0.5\nkh,other,0.5\n' >e.csv
"$INFNET" analyze e.csv --nodes nodes.csv -o t1 >/dev/null 2>"$T/err"
cat >want <<'EOF'
node,label,kind,degree,strength
muhandis,Abu Mahdi,leader,1,1
fadak,Abu Fadak,leader,1,0.5
kh,Kata'ib Hezbollah,faction,3,2
other,other,faction,1,0.5
EOF
cols t1 >got
same "node table: kinds (any case) and labels, table order first" want got
grep -qx 'infnet: note: e.csv: 1 node with no kind read as faction' err && ok "the one node outside the table is said to be a faction" || notok "kindless note" err
printf 'id,kind,succesor\n' >nt_bad.csv
refused "node table: an unknown column, with a suggestion" \
    "nt_bad.csv:1:1: error: node table: unknown column 'succesor' (column 3) (did you mean 'successor'?); the columns are id, label, kind, strength, stance, budget, revenue, authority, successor, patron" \
    "$INFNET" analyze e.csv --nodes nt_bad.csv -o t2
printf 'id,kind\nmuhandis,leader\nfadak,chief\n' >nt_kind.csv
refused "node table: an unknown kind at its line" \
    "nt_kind.csv:3:1: error: node 'fadak': unknown kind 'chief'" \
    "$INFNET" analyze e.csv --nodes nt_kind.csv -o t2
printf 'id,kind,successor\nmuhandis,leader,kh\nkh,faction,\n' >nt_succ.csv
refused "node table: a successor that is not a leader" \
    "nt_succ.csv:2:1: error: successor 'kh' of 'muhandis' is a faction, not a leader" \
    "$INFNET" analyze e.csv --nodes nt_succ.csv -o t2

# --- the same rules in a scenario's import --------------------------------
cat >imp.yaml <<'EOF'
name: imp
time: {steps: 1}
monte_carlo: {replicas: 1}
network:
  import: {file: w.csv, weights_as: count}
EOF
refused "a scenario's weights_as of an unknown way, at its column" \
    "imp.yaml:5:37: error: unknown weights_as 'count' (did you mean 'counts'?) (use given, normalize or counts)" \
    "$INFNET" validate imp.yaml
sed -i 's/weights_as: count}/weights_as: counts, kind: LEADER}/' imp.yaml
"$INFNET" validate imp.yaml >"$T/out" 2>&1 && ok "a scenario imports w.csv with weights_as: counts and kind: LEADER" || notok "validate imp.yaml" "$T/out"
sed -i 's/weights_as: counts, //' imp.yaml
refused "a scenario's import refuses a weight above 1 at the import key, naming weights_as" \
    "imp.yaml:5:3: error: in 'w.csv' line 2: 'weight' 5 is above 1 (edge 'Kata_ib_Hezbollah' - 'Badr_Org'): to read weights above 1, use weights_as: normalize (divide by the largest) or counts (interaction counts)" \
    "$INFNET" validate imp.yaml

# --- network.update sets keys on imported nodes by id ----------------------
printf 'from,to\nmuhandis,kh\nmuhandis,aah\nfadak,badr\n' >e2.csv
cat >upd.yaml <<'EOF'
name: upd
time: {steps: 1}
monte_carlo: {replicas: 1}
model: {dynamics: false}
network:
  import: {file: e2.csv, kind: leader}
  update:
    - {id: muhandis, successor: fadak}
pressures:
  - {at: 1, type: decapitation, targets: [muhandis]}
outputs: {metrics: [nodes], node_steps: [1], node_metrics: [degree]}
EOF
"$INFNET" run upd.yaml -o upd --quiet >"$T/out" 2>&1
grep -q '^upd,1,fadak,degree,1,3,' upd/nodes.csv 2>/dev/null &&
    ok "update: the successor set on an imported leader inherits his two ties" || notok "update successor" "$T/out"
sed 's/id: muhandis,/id: muhandes,/' upd.yaml >upd2.yaml
refused "update: an unknown id at FILE:LINE:COL" \
    "upd2.yaml:8:12: error: unknown node 'muhandes' in update (did you mean 'muhandis'?)" \
    "$INFNET" validate upd2.yaml

# --- every reader: a small file, its nodes, kinds, labels and weights -------
# each: 3 nodes, the middle one tied to both others; strength = weighted degree
reader() { # NAME FILE EXPECTED-COLUMNS [OPTIONS...]
    name=$1 file=$2 want=$3
    shift 3
    "$INFNET" analyze "$file" -o "out-$file" "$@" >"$T/out" 2>&1 || { notok "$name: exit 0" "$T/out"; return; }
    printf '%s\n' "$want" >want
    cols "out-$file" >got
    same "$name" want got
}
cat >g.gml <<'EOF'
graph [
  directed 0
  node [ id 1 label "Kata'ib Hezbollah" kind "Faction" ]
  node [ id 2 label "Badr" kind "faction" ]
  node [ id 3 label "Quds Force" kind "AGENCY" ]
  edge [ source 1 target 2 weight 3 ]
  edge [ source 3 target 2 weight 1 type "funding" ]
]
EOF
reader "GML: numeric ids, labels, kinds in any case, weights normalised, a funding tie" g.gml "node,label,kind,degree,strength
1,Kata'ib Hezbollah,faction,1,1
2,Badr,faction,2,1.3333333333333333
3,Quds Force,agency,1,0.3333333333333333" --weights-as normalize
printf '*Vertices 3\n1 "Kata ib"\n2 "Badr"\n3 "Nujaba"\n*Edges\n1 2 0.5\n2 3 0.25\n' >p.net
reader "Pajek .net: labels as ids, edge weights" p.net "node,label,kind,degree,strength
Kata_ib,Kata ib,faction,1,0.5
Badr,Badr,faction,2,0.75
Nujaba,Nujaba,faction,1,0.25"
printf 'DL N=3\nFORMAT = EDGELIST1\nLABELS:\nx,y,z\nDATA:\n1 2 0.5\n2 3 1\n' >d.dl
reader "UCINET DL: labels, edge list with weights" d.dl "node,label,kind,degree,strength
x,x,faction,1,0.5
y,y,faction,2,1.5
z,z,faction,1,1"
printf 'a b 1\nb c 0.5\n' >n.ncol
reader "NCOL: names and weights" n.ncol "node,label,kind,degree,strength
a,a,faction,1,1
b,b,faction,2,1.5
c,c,faction,1,0.5"
printf '# a\nb 1\nc 0.5\n# b\nc 0.25\n' >l.lgl
reader "LGL: names and weights" l.lgl "node,label,kind,degree,strength
a,a,faction,2,1.5
b,b,faction,2,1.25
c,c,faction,2,0.75"
cp n.ncol n.txt
reader "--format ncol reads a file of any name" n.txt "node,label,kind,degree,strength
a,a,faction,1,1
b,b,faction,2,1.5
c,c,faction,1,0.5" --format ncol
cat >x.gexf <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
  <graph defaultedgetype="undirected">
    <attributes class="node">
      <attribute id="0" title="kind" type="string"/>
    </attributes>
    <nodes>
      <node id="n0" label="Kata'ib Hezbollah"><attvalues><attvalue for="0" value="Faction"/></attvalues></node>
      <node id="n1" label="Quds Force"><attvalues><attvalue for="0" value="agency"/></attvalues></node>
      <node id="n 2" label="Badr"/>
    </nodes>
    <edges>
      <edge id="0" source="n1" target="n0" weight="4"/>
      <edge id="1" source="n0" target="n 2" weight="2"/>
    </edges>
  </graph>
</gexf>
EOF
reader "GEXF: ids, labels, kinds from attvalues, weights normalised" x.gexf "node,label,kind,degree,strength
n0,Kata'ib Hezbollah,faction,2,1.5
n1,Quds Force,agency,1,1
n_2,Badr,faction,1,0.5" --weights-as normalize
cat >o.dynetml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<DynamicNetwork>
  <MetaNetwork>
    <nodes>
      <nodeclass type="Agent" id="agent">
        <node id="Abu Mahdi" title="Abu Mahdi al-Muhandis"><properties><property id="kind" value="Leader"/></properties></node>
        <node id="Fadak"><properties><property id="kind" value="leader"/></properties></node>
      </nodeclass>
      <nodeclass type="Organization" id="org">
        <node id="KH"/>
      </nodeclass>
    </nodes>
    <networks>
      <network id="agent x org" sourceType="agent" targetType="org" isDirected="false">
        <link source="Abu Mahdi" target="KH" value="0.75"/>
        <link source="Fadak" target="KH" value="0.25"/>
      </network>
    </networks>
  </MetaNetwork>
</DynamicNetwork>
EOF
reader "DyNetML: ids, titles as labels, kinds from properties, link values as weights" o.dynetml "node,label,kind,degree,strength
Abu_Mahdi,Abu Mahdi al-Muhandis,leader,1,0.75
Fadak,Fadak,leader,1,0.25
KH,KH,faction,2,1"

cp o.dynetml ora.xml
reader "ORA's .xml (root <DynamicNetwork>) is read as DyNetML" ora.xml "node,label,kind,degree,strength
Abu_Mahdi,Abu Mahdi al-Muhandis,leader,1,0.75
Fadak,Fadak,leader,1,0.25
KH,KH,faction,2,1"

# --- readers' refusals, at the line the format gives ------------------------
printf 'graph [\n node [ id 1 \n edge [ source 1 target 2 ]\n' >bad.gml
refused "GML: igraph's parse error, at the line it names" \
    "bad.gml:4:1: error: not valid GML (igraph: Parse error in GML file, line 4 (syntax error, unexpected end of file, expecting keyword or ]))" \
    "$INFNET" analyze bad.gml -o bad1
sed 's/target="n 2"/target="n3"/' x.gexf >bad.gexf
refused "GEXF: an edge to an undeclared node, at its line" \
    "bad.gexf:14:1: error: an <edge> to 'n3', which no <node> declares" \
    "$INFNET" analyze bad.gexf -o bad2 --weights-as normalize
sed 's|</nodeclass>|</nodeclas>|' o.dynetml >bad.dynetml
refused "DyNetML: XML that is not well-formed, at its line" \
    "bad.dynetml:8:1: error: not valid DyNetML: Opening and ending tag mismatch: nodeclass line 5 and nodeclas" \
    "$INFNET" analyze bad.dynetml -o bad3
refused "--nodes goes with a CSV edge list only" \
    "infnet: error: --nodes: a node table goes with a CSV edge list, not with gml" \
    "$INFNET" analyze g.gml --nodes nodes.csv -o bad4
echo "1..$n"
