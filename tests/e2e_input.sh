#!/bin/sh
# End-to-end tests of hostile or careless inputs to the scenario loader and to
# `infnet analyze`: files that are not regular files (FIFOs, devices,
# directories), files that are not what they are named, and what a refusal
# may quote. Each case must end at once with exit 2 and a message located at
# FILE:LINE:COL (or FILE), never hang. Prints TAP lines. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
# Seconds any refusal may take; a hang is killed and reported as a failure.
LIMIT=10

# refused NAME PATTERN CMD...: exit 2 within LIMIT seconds, output matching PATTERN
refused() {
    name=$1 pattern=$2
    shift 2
    timeout "$LIMIT" "$@" >"$T/out" 2>&1
    rc=$?
    if [ $rc -eq 2 ] && grep -Eq -- "$pattern" "$T/out"; then ok "$name"; else echo "# exit $rc"; notok "$name" "$T/out"; fi
}

mkfifo "$T/fifo.yaml" "$T/fifo.csv" "$T/fifo.graphml"
printf 'name: child\nextends: fifo.yaml\ntime: {steps: 2}\n' >"$T/extends_fifo.yaml"
printf 'name: imp\ntime: {steps: 2}\nnetwork:\n  import: fifo.csv\n' >"$T/import_fifo.yaml"
printf 'name: imp\ntime: {steps: 2}\nnetwork:\n  import: fifo.graphml\n' >"$T/import_fifo_graphml.yaml"

refused "a FIFO as the scenario" "fifo.yaml: error: cannot open: it is a FIFO" "$INFNET" validate "$T/fifo.yaml"
refused "a FIFO as the scenario of run" "fifo.yaml: error: cannot open: it is a FIFO" "$INFNET" run "$T/fifo.yaml" -o "$T/out-run" --quiet
refused "a FIFO as an extends target names the extends line" \
    "extends_fifo.yaml:2:10: error: cannot read extends file '.*fifo.yaml': cannot open: it is a FIFO" \
    "$INFNET" validate "$T/extends_fifo.yaml"
refused "a FIFO as a CSV import names the import line" \
    "import_fifo.yaml:4:3: error: cannot import '.*fifo.csv': it is a FIFO" "$INFNET" validate "$T/import_fifo.yaml"
refused "a FIFO as a GraphML import names the import line" \
    "import_fifo_graphml.yaml:4:3: error: cannot import '.*fifo.graphml': it is a FIFO" \
    "$INFNET" validate "$T/import_fifo_graphml.yaml"
refused "a FIFO as the input of analyze" "fifo.csv: error: cannot import '.*fifo.csv': it is a FIFO" \
    "$INFNET" analyze "$T/fifo.csv" -o "$T/an"
refused "a device as the scenario" "/dev/zero: error: cannot open: it is a device" "$INFNET" validate /dev/zero
refused "a directory as the scenario" "error: cannot open: it is a directory" "$INFNET" validate "$T"
ln -s /dev/zero "$T/zero.graphml"
refused "a link to a device as the input of analyze" "zero.graphml: error: cannot import .*it is a device" \
    "$INFNET" analyze "$T/zero.graphml" -o "$T/an"

# a file that is not an edge list is refused without quoting a byte of it
printf 'root:$6$S3CRETHASH$abcdefgh:19000:0:99999:7:::\n' >"$T/shadow.csv"
printf 'name: imp\ntime: {steps: 2}\nnetwork:\n  import: shadow.csv\n' >"$T/import_shadow.yaml"
refused "a non-edge-list CSV import is refused" "not a CSV edge list" "$INFNET" validate "$T/import_shadow.yaml"
if grep -q S3CRET "$T/out"; then notok "the refusal quotes nothing of the file" "$T/out"; else ok "the refusal quotes nothing of the file"; fi
refused "a non-edge-list CSV given to analyze" "shadow.csv:1:1: error: not a CSV edge list" \
    "$INFNET" analyze "$T/shadow.csv" -o "$T/an"
if grep -q S3CRET "$T/out"; then notok "analyze quotes nothing of the file" "$T/out"; else ok "analyze quotes nothing of the file"; fi
printf 'from,to,r00t:$6$S3CRETHASH$abc\na,b,c\n' >"$T/odd_column.csv"
refused "an unknown column of odd characters is named by position" "column 3 has an unknown name" \
    "$INFNET" analyze "$T/odd_column.csv" -o "$T/an"
if grep -q S3CRET "$T/out"; then notok "the odd column name is not quoted" "$T/out"; else ok "the odd column name is not quoted"; fi

# an id with a control character is quoted escaped, never as raw bytes (a
# terminal would act on an escape sequence)
printf 'from,to\nfoo\033]0;x\007,b\n' >"$T/ctl_id.csv"
refused "analyze: a control character in an id is quoted escaped" "ctl_id.csv:2:1: error: bad node id 'foo.x1b" \
    "$INFNET" analyze "$T/ctl_id.csv" -o "$T/an"
if tr -d '\n' <"$T/out" | grep -q "$(printf '\033')"; then notok "no raw escape byte in the message" "$T/out"; else ok "no raw escape byte in the message"; fi

# analyze locates its refusals in the file it reads, not in a made-up scenario
printf 'from,to,weight\na,b,0.5\nb,c,nan\n' >"$T/nan.csv"
refused "analyze: a NaN weight is refused at its line" "nan.csv:3:1: error: 'weight' must be a number, got 'nan'" \
    "$INFNET" analyze "$T/nan.csv" -o "$T/an"
printf 'from,to\na,b\na,b,c\n' >"$T/fields.csv"
refused "analyze: a row with too many fields at its line and column" "fields.csv:3:5: error: 3 fields" \
    "$INFNET" analyze "$T/fields.csv" -o "$T/an"

# GraphML refusals name the line of the element at fault, whatever the file
B=tests/fixtures/bad/aux
refused "analyze: a duplicate GraphML node id at the second node's line" \
    "duplicate_id.graphml:10:1: error: a second node with id 'a' \(the first is at line 8\)" \
    "$INFNET" analyze "$B/duplicate_id.graphml" -o "$T/an"
refused "analyze: a NaN GraphML weight at its edge's line" \
    "nan_weight.graphml:10:1: error: 'weight' must be a finite number, got 'NaN'" \
    "$INFNET" analyze "$B/nan_weight.graphml" -o "$T/an"
refused "analyze: an internal entity is refused at the DTD" \
    "entity_internal.graphml:2:1: error: a DTD" "$INFNET" analyze "$B/entity_internal.graphml" -o "$T/an"
refused "analyze: an external entity is refused at the DTD" \
    "entity_external.graphml:2:1: error: a DTD" "$INFNET" analyze "$B/entity_external.graphml" -o "$T/an"
refused "analyze: an undeclared entity at its line" \
    "entity_undeclared.graphml:5:1: error: not valid GraphML: Entity 'kk' not defined" \
    "$INFNET" analyze "$B/entity_undeclared.graphml" -o "$T/an"
refused "analyze: U+FFFE in a label at its line" "fffe_label.graphml:8:1: error: not valid GraphML" \
    "$INFNET" analyze "$B/fffe_label.graphml" -o "$T/an"
refused "analyze: a bad strength at its node's line" \
    "bad_attr.graphml:7:1: error: node 'b': 'strength' must be in \[0, 1\]" \
    "$INFNET" analyze "$B/bad_attr.graphml" -o "$T/an"
refused "analyze: malformed GraphML at the line of the fault" "broken.graphml:7:1: error: not valid GraphML" \
    "$INFNET" analyze "$B/broken.graphml" -o "$T/an"

# what igraph would repair or skip without a word is refused, at its line:
# refused_at FILE LINE MESSAGE: analyze of aux/FILE exits 2 printing exactly
# "aux/FILE:LINE:1: error: MESSAGE"
refused_at() {
    timeout "$LIMIT" "$INFNET" analyze "$B/$1" -o "$T/an" >"$T/out" 2>&1
    rc=$?
    if [ $rc -eq 2 ] && grep -Fxq -- "$B/$1:$2:1: error: $3" "$T/out"; then ok "analyze refuses $1: $3"; else
        echo "# exit $rc"
        notok "analyze refuses $1: $3" "$T/out"
    fi
}
refused_at empty_weight.graphml 9 "<data key='w'> ('weight') is empty: give a value or leave the <data> out"
refused_at empty_default.graphml 6 \
    "the <default> of key 't' ('type') is empty: give a value or leave the <default> out"
refused_at second_default.graphml 5 "a second <default> of key 'w' (the first is at line 4)"
refused_at empty_node_id.graphml 8 "a <node> with an empty 'id'"
refused_at missing_id_data.graphml 9 "node 'n1' has no <data> of the node key 'id', which gives the node ids"
refused_at undeclared_node.graphml 10 "an <edge> to 'c', which no <node> declares"
refused_at second_graph.graphml 9 "a second <graph> (the first is at line 6): infnet reads one graph per file"
refused_at nested_graph.graphml 8 "a <graph> nested in a <node>: nested graphs are not supported"
refused_at hyperedge.graphml 9 "a <hyperedge> is not supported: a tie joins two nodes"
refused_at duplicate_data.graphml 8 "a second <data key='s'> in one <node> (the first is at line 7)"
refused_at undeclared_key.graphml 7 "<data key='strength'>: no <key> with id 'strength' is declared before it"
refused_at key_domain.graphml 7 "<data key='w'> in a <node>: key 'w' is declared for \"edge\""
refused_at key_for_all.graphml 7 \
    "<data key='w'> in an <edge>: key 'w' is declared for \"all\", which igraph does not read: declare it for \"edge\""
refused_at key_without_for.graphml 3 "<key id='w'> has no 'for': give for=\"node\", \"edge\" or \"graph\""
refused_at duplicate_key.graphml 4 "a second <key> with id 'w' (the first is at line 3)"
refused_at untyped_key.graphml 3 "<key id='w'> for 'weight' has no attr.type: igraph would drop its values"
refused_at mixed_edge.graphml 9 \
    "a directed <edge> in a graph whose edgedefault is undirected: mixed graphs are not supported"
refused_at no_edgedefault.graphml 6 "a <graph> without edgedefault: give edgedefault=\"directed\" or \"undirected\""
refused_at node_outside.graphml 8 "a <node> inside <graphml>: it belongs in a <graph>"
refused_at unknown_element.graphml 7 "unknown GraphML element <nodes>"
refused_at root_not_graphml.graphml 2 "the root element is <gexf>, not GraphML's <graphml>"
# igraph numbers nodes by first mention (here b, by the edge): the line is b's
refused_at vertex_order.graphml 9 "node 'b': 'strength' must be in [0, 1], got 2"
# a key's <default> stands for a missing <data>; yEd's graphics are accepted
"$INFNET" analyze tests/fixtures/good/defaults.graphml -o "$T/defaults" >"$T/out" 2>&1 &&
    grep -q "^defaults: 3 nodes, 2 edges" "$T/out" && ok "analyze accepts key defaults and yEd content" ||
    notok "analyze accepts key defaults and yEd content" "$T/out"

# a control character in a label is refused at load, not at the snapshot of a run
refused "run: a label with a control character is refused before running" \
    "label_control.yaml:7:38: error: bad label of 'kh'" \
    "$INFNET" run tests/fixtures/bad/label_control.yaml -o "$T/ctl" --quiet
[ -e "$T/ctl/summary.csv" ] && notok "nothing written for a refused label" || ok "nothing written for a refused label"

# --set of a mapping replaces it; --set extends is refused
"$INFNET" validate tests/fixtures/good/basic.yaml --set 'monte_carlo={replicas: 3}' >"$T/out" 2>&1
grep -q 'seed 1,' "$T/out" && ok "--set of a mapping replaces it (seed back to its default)" || notok "--set of a mapping replaces it" "$T/out"
refused "--set extends is refused" "^--set:1:1: error: --set cannot change 'extends'" \
    "$INFNET" validate tests/fixtures/good/basic.yaml --set extends=other.yaml

# --set by id: nodes and ties written in a parent file are addressable from
# the child's command line, and the values reach the run (step 0's snapshot)
G=tests/fixtures/good
"$INFNET" run "$G/child.yaml" -n 2 --set 'outputs.snapshots=[0]' \
    --set 'network.nodes[badr].strength=0.125' --set 'network.edges[kh->qf].weight=0.375' \
    -o "$T/byid" --quiet >"$T/out" 2>&1
SNAP="$T/byid/snapshots/child-2020_step0.graphml"
if [ -f "$SNAP" ] && grep -A5 '<data key="id">badr</data>' "$SNAP" | grep -q '<data key="strength">0.125</data>' &&
    [ "$(grep -c '<data key="weight">0.375</data>' "$SNAP")" -eq 1 ] &&
    grep -A2 'source="n0" target="n4"' "$SNAP" | grep -q 'weight">0.375<'; then
    ok "--set network.nodes[ID] and network.edges[FROM->TO] change a parent's node and tie"
else
    notok "--set by id reaches the run" "$T/out"
fi
refused "--set of an unknown node id: its column and a suggestion" \
    "^--set:1:15: error: no node with id 'qaanii' \(did you mean 'qaani'\?\)$" \
    "$INFNET" validate "$G/child.yaml" --set 'network.nodes[qaanii].authority=0.5'
refused "--set of a tie between a pair with two ties names both" \
    "^--set:1:15: error: 2 edges between 'kh' and 'soleimani' in network.edges: personal at $G/two_ties.yaml:13:7, command at $G/two_ties.yaml:14:7; add the type, as in network.edges\[kh->soleimani,TYPE\]$" \
    "$INFNET" validate "$G/two_ties.yaml" --set 'network.edges[kh->soleimani].weight=0.5'
refused "--set of a generated node is refused, not ignored" \
    "^--set:1:15: error: node 'f7' is made by network.generate: --set reaches the nodes listed in network.nodes only" \
    "$INFNET" run "$G/gen_er.yaml" --set 'network.nodes[f7].strength=0.5' -o "$T/gen7" --quiet
[ -e "$T/gen7" ] && notok "nothing written for a refused --set" || ok "nothing written for a refused --set"

echo "1..$n"
