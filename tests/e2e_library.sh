#!/bin/sh
# End-to-end tests of the post-Soleimani scenario library
# (scenarios/post_soleimani/) as the study uses it:
# - every file validates (exit 0);
# - every `src:` key used in a file is defined under `sources:` in that file or
#   in a file it extends (transitively), and the base defines the five source
#   keys of the project's source list;
# - every node, edge and pressure carries `src:` (the files are written in flow
#   style, one item per line, so this is checked line by line);
# - `validate --assumptions` over the library: every item cites one of the
#   five documents or is an assumption with a reason (none cites nothing),
#   the library defines no source besides the five, and the count line has
#   the library's counts;
# - observations.yaml: ids unique, every src key defined in its sources: list,
#   every observation with a use, quote and note, compared ones with an
#   output, a value or bound and an uncertainty, at least a third held out
#   for validation, and the nodes it names present in decapitation_2020.yaml;
# - the headline: decapitation_2020 against baseline_2019 at the last step,
#   patron_entropy and fragmentation higher with Mann-Whitney p < 0.01, with
#   under the default structure (patron choice among the agencies a faction
#   is tied to: the base gives MOIS, Beit Rahbari and the Supreme Leader's
#   office weak client ties to every faction);
# - strong_successor as docs/STUDY.md describes it: below the decapitation
#   on patron_entropy and fragmentation and nearer the baseline than the
#   decapitation (it closes more than half the gap), with al-Muhandis's
#   loss showing as higher distance_fragmentation (p < 0.01);
# - the other scenarios as their stories say: more patron entropy under the
#   agency rivalry, less strength and money under maximum pressure and in the
#   2026 war.
# Runs use 500 replicas (the effects are many standard errors wide at that
# size; checked over several seeds). Prints TAP lines ("ok N - ...",
# "not ok N - ..."). INFNET is the binary; LIBRARY_SEED, if set, replaces the
# files' seed; LIBRARY_DIR another copy of the library. Run from the repo root.
set -u
INFNET=${INFNET:-build/infnet}
DIR=${LIBRARY_DIR:-scenarios/post_soleimani}
REPLICAS=500
. "$(dirname "$0")/tap.sh"
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/# /' "$2"; return 0; }

# --- every file validates --------------------------------------------------
# (observations.yaml is not a scenario: it is checked in its own section)
files=$(ls "$DIR"/*.yaml 2>/dev/null | grep -v '/observations\.yaml$')
[ -n "$files" ] && ok "library files found: $(echo "$files" | wc -l)" || notok "no files in $DIR"
for f in $files; do
    if "$INFNET" validate "$f" >"$T/out" 2>&1; then
        ok "validate $(basename "$f")"
    else
        notok "validate $(basename "$f") (exit $?)" "$T/out"
    fi
done

# --- sources ----------------------------------------------------------------
# Keys defined under a block-style top-level `sources:` mapping of one file.
defined_keys() {
    awk '/^sources:/ { s = 1; next }
         s && /^[^ #]/ { s = 0 }
         s && /^  [A-Za-z0-9_.-]+:/ { k = $1; sub(/:$/, "", k); print k }' "$1"
}
# The file and every file it extends, one path per line.
chain() {
    f=$1
    i=0
    while [ -n "$f" ] && [ $i -lt 16 ]; do
        echo "$f"
        p=$(sed -n 's/^extends: *//p' "$f" | sed 's/ *#.*//; s/^["'\'']//; s/["'\'']$//' | head -n 1)
        [ -n "$p" ] && f=$(dirname "$f")/$p || f=
        i=$((i + 1))
    done
}
# Keys used in `src: [...]` lists of one file (`assumption` is reserved, not a source).
used_keys() {
    grep -o 'src: *\[[^]]*\]' "$1" | sed 's/^src: *\[//; s/\]$//' | tr ',' '\n' |
        sed 's/^ *//; s/ *$//; s/^["'\'']//; s/["'\'']$//' | grep -v '^$' | grep -vx 'assumption' | sort -u
}
for f in $files; do
    : >"$T/defined"
    for c in $(chain "$f"); do
        [ -f "$c" ] && defined_keys "$c" >>"$T/defined"
    done
    used_keys "$f" >"$T/used"
    missing=$(grep -vxF -f "$T/defined" "$T/used" | tr '\n' ' ')
    if [ ! -s "$T/used" ]; then
        # a file may cite no document when its items are all assumptions
        grep -q 'src: *\[ *assumption *\]' "$f" &&
            ok "$(basename "$f"): cites no document: its items are assumptions" ||
            notok "$(basename "$f"): no src keys used"
    elif [ -z "$missing" ]; then
        ok "$(basename "$f"): every src key resolves ($(wc -l <"$T/used") keys)"
    else
        notok "$(basename "$f"): undefined src keys: $missing"
    fi
    # a src written any other way than a flow list would escape the check
    if grep -n 'src:' "$f" | grep -v '^[0-9]*: *#' | grep -v 'src: *\[' >"$T/out"; then
        notok "$(basename "$f"): src not written as a [list]" "$T/out"
    fi
done
want="irgc-iraq-policy inss-2146-2026 atlantic-post-soleimani-2020 republic-rented-guns-2026 mee-agency-rivalry-2021"
defined_keys "$DIR/baseline_2019.yaml" >"$T/base_keys"
miss=
for k in $want; do grep -qxF "$k" "$T/base_keys" || miss="$miss $k"; done
[ -z "$miss" ] && ok "the base defines the five source keys" || notok "the base lacks source keys:$miss"
# ... and no other: every citation in the library is of one of the five documents
extra=
for f in $files; do
    for k in $(defined_keys "$f"); do
        echo " $want " | grep -q " $k " || extra="$extra $(basename "$f"):$k"
    done
done
[ -z "$extra" ] && ok "the library defines no source besides the five documents" ||
    notok "sources that are not among the five documents:$extra"

# --- assumptions: every item cites a document or is an assumption -----------
# validate --assumptions lists each assumed item (with its reason) and each
# judgement-call number once, however many files extend the file it is in.
# An item that cites nothing is listed as "no source given": the library has
# none. The count line is the library's: a change to the library that adds or
# removes items, assumptions or numbers must update it here.
"$INFNET" validate $files --assumptions >"$T/assume" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && ok "validate --assumptions over the library: exit 0" || notok "validate --assumptions: exit $rc" "$T/err"
tail -n 1 "$T/assume" >"$T/count"
grep -Eqx 'assumptions: [0-9]+ of [0-9]+ items; [0-9]+ of [0-9]+ numbers are judgement calls' "$T/count" &&
    ok "the ledger ends with its count line: $(cat "$T/count")" || notok "no count line" "$T/assume"
want_count="assumptions: 46 of 108 items; 117 of 117 numbers are judgement calls"
[ "$(cat "$T/count")" = "$want_count" ] && ok "the library's counts: $want_count" ||
    notok "the library's counts: expected '$want_count'" "$T/count"
grep -n 'no source given' "$T/assume" >"$T/out" && notok "items that cite nothing and are not marked as assumptions" "$T/out" ||
    ok "every item of the library cites a document or is marked as an assumption"
# every listed item has a non-empty reason; every line is FILE:LINE: WHAT: REASON
grep -v '^assumptions: ' "$T/assume" | grep -v '^scenario ' |
    grep -Ev "^$DIR/[a-z0-9_]+\.yaml:[0-9]+: (number )?(node|tie|pressure|event|model) [^:]+: .+$" >"$T/out" &&
    notok "ledger lines not of the form FILE:LINE: WHAT: REASON" "$T/out" || ok "every ledger line is FILE:LINE: WHAT: REASON"
# the items the study's sources section names as assumptions are listed
for pat in "baseline_2019.yaml:[0-9]*: tie kh->aah coordination: no source names a tie between two factions" \
    "baseline_2019.yaml:[0-9]*: tie qf->kss funding: no source names KSS's funding" \
    "baseline_2019.yaml:[0-9]*: tie mois->kh command: the source says each agency 'controls dozens" \
    "strong_successor.yaml:[0-9]*: node qaani: counterfactual" \
    "maximum_pressure.yaml:[0-9]*: pressure sanctions from 0 on qf,mois,beit,slo: a what-if"; do
    grep -q "$pat" "$T/assume" && ok "listed: $(echo "$pat" | sed 's/:\[0-9\]\*//')" || notok "not listed: $pat" "$T/assume"
done

# --- every node, edge and pressure carries src ------------------------------
for f in $files; do
    b=$(basename "$f")
    # items must be flow mappings on one line: `- {id: ...}`, `- {from: ...}`, `- {at: ...}`
    grep -nE '^ *- *(id|from|at|to|type|kind):' "$f" >"$T/out" &&
        notok "$b: block-style node/edge/pressure items (write them in flow style)" "$T/out"
    items=$(grep -cE '^ *- *\{ *(id|from|at) *:' "$f")
    grep -nE '^ *- *\{ *(id|from|at) *:' "$f" | grep -v 'src: *\[ *[^] ]' >"$T/out"
    if [ -s "$T/out" ]; then
        notok "$b: items without src" "$T/out"
    else
        ok "$b: all $items nodes, edges and pressures carry src"
    fi
    grep -nE '^ *- *\{ *(id|from|at) *:' "$f" | sed 's/ *#.*$//' | grep -v '} *$' >"$T/out"
    [ -s "$T/out" ] && notok "$b: an item spans several lines" "$T/out"
done

# --- the observations file ---------------------------------------------------
# observations.yaml (docs/CALIBRATION.md): one record per observation, read
# from its block-style items ("  - id: X" then "    key: value" lines) as
# id|use|src|quote|value|min|max|sd|tolerance|metric|node|patron|reduce|note.
OBS=$DIR/observations.yaml
obs_records() {
    awk 'function flush() { if (id != "") print id "|" f["use"] "|" f["src"] "|" f["quote"] "|" f["value"] "|" f["min"] "|" f["max"] "|" f["sd"] "|" f["tolerance"] "|" f["metric"] "|" f["node"] "|" f["patron"] "|" f["reduce"] "|" f["note"]; split("", f) }
         /^observations:/ { o = 1; next }
         o && /^[^ #]/ { flush(); id = ""; o = 0 }
         o && /^  - id: / { flush(); id = $3; next }
         o && /^    [a-z_]+:/ { k = $1; sub(/:$/, "", k); v = $0; sub(/^    [a-z_]+: */, "", v); f[k] = (v == "" ? "-" : v) }
         END { flush() }' "$1"
}
if [ -f "$OBS" ]; then
    obs_records "$OBS" >"$T/obs"
    nobs=$(wc -l <"$T/obs")
    [ "$nobs" -gt 0 ] && ok "observations.yaml: $nobs observations" || notok "observations.yaml: no observations read"
    cut -d'|' -f1 "$T/obs" | sort | uniq -d >"$T/out"
    [ -s "$T/out" ] && notok "observations.yaml: duplicate ids" "$T/out" || ok "observations.yaml: ids are unique"
    # every src key is defined by a `- {key: ...}` item of its sources: list
    sed -n 's/^  - {key: *\([A-Za-z0-9_.-]*\),.*/\1/p' "$OBS" | sort -u >"$T/defined"
    cut -d'|' -f3 "$T/obs" | sed 's/^\[//; s/\]$//' | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep -v '^$' |
        sort -u >"$T/used"
    missing=$(grep -vxF -f "$T/defined" "$T/used" | tr '\n' ' ')
    [ -s "$T/used" ] && [ -z "$missing" ] && ok "observations.yaml: every src key resolves ($(wc -l <"$T/used") keys)" ||
        notok "observations.yaml: undefined src keys: $missing"
    for k in $(cat "$T/defined"); do
        grep -q "^  - {key: $k, title: \"[^\"]\{1,\}\", publisher: \"[^\"]\{1,\}\", date: \"[^\"]\{1,\}\", url: " "$OBS" ||
            notok "observations.yaml: source $k lacks a title, publisher or date"
    done
    # every observation: a use, a src, a non-empty quote and a note
    awk -F'|' '$2 !~ /^(calibrate|validate|none)$/ || $3 !~ /^\[.+\]$/ || $4 !~ /^".+"$/ || $14 == "" { print $1 }' \
        "$T/obs" >"$T/out"
    [ -s "$T/out" ] && notok "observations.yaml: observations without use, src, quote or note" "$T/out" ||
        ok "observations.yaml: every observation has a use, src, quote and note"
    # compared ones: one output, a value or a bound, and an uncertainty; use: none carries no output
    awk -F'|' '$2 != "none" && (($10 == "" && $11 == "") || ($5 == "" && $6 == "" && $7 == "") || ($8 == "" && $9 == "")) { print $1 " (compared, incomplete)" }
               $2 == "none" && ($10 != "" || $11 != "" || $5 != "" || $6 != "" || $7 != "") { print $1 " (use: none with an output)" }' \
        "$T/obs" >"$T/out"
    [ -s "$T/out" ] && notok "observations.yaml: malformed observations" "$T/out" ||
        ok "observations.yaml: compared observations name an output, a value or bound, and an uncertainty"
    # at least a third of the compared observations held out
    ncal=$(awk -F'|' '$2 == "calibrate"' "$T/obs" | wc -l)
    nval=$(awk -F'|' '$2 == "validate"' "$T/obs" | wc -l)
    [ "$ncal" -gt 0 ] && [ $((3 * nval)) -ge $((ncal + nval)) ] &&
        ok "observations.yaml: $nval of $((ncal + nval)) compared observations held out for validation" ||
        notok "observations.yaml: $nval validate of $((ncal + nval)): fewer than a third held out"
    # the nodes and agencies named exist in the scenario the file is read against
    for id in $(cut -d'|' -f11,12 "$T/obs" | tr '|' '\n' | grep -v '^$' | sort -u); do
        cat "$DIR/baseline_2019.yaml" "$DIR/decapitation_2020.yaml" | grep -q "^ *- {id: $id," &&
            ok "observations.yaml: node $id is in decapitation_2020.yaml" ||
            notok "observations.yaml: node $id is not in decapitation_2020.yaml"
    done
    # infnet itself checks the file against the scenario (metrics measured,
    # nodes of the right kind, steps within the horizon): counted by use
    out=$("$INFNET" validate "$OBS" --scenario "$DIR/decapitation_2020.yaml" 2>"$T/err")
    [ "$out" = "observations $OBS: 15 (5 calibrate, 5 validate, 5 none)" ] &&
        ok "observations.yaml: infnet validate against decapitation_2020.yaml" ||
        { echo "# $out"; notok "observations.yaml: infnet validate" "$T/err"; }
else
    notok "no observations.yaml in $DIR"
fi

# --- runs -------------------------------------------------------------------
run() {  # $1 = file stem, $2 = output name (default: the stem), rest = options
    stem=$1
    out=${2:-$1}
    if [ $# -ge 2 ]; then shift 2; else shift; fi
    "$INFNET" run "$DIR/$stem.yaml" -n $REPLICAS ${LIBRARY_SEED:+--seed "$LIBRARY_SEED"} -o "$T/$out" --quiet "$@" \
        >"$T/run_$out" 2>&1 ||
        { notok "run $out" "$T/run_$out"; return 1; }
}
for s in baseline_2019 decapitation_2020 strong_successor agency_rivalry_2021 maximum_pressure no_war_2026 war_2026; do
    run $s
done

# compare A B... into $T/cmp_NAME; prints a TAP line only on failure
cmp_runs() {  # $1 = name, rest = run directories
    name=$1
    shift
    "$INFNET" compare "$@" -o "$T/cmp_$name" >"$T/cmpout_$name" 2>&1 ||
        notok "compare $name" "$T/cmpout_$name"
}
# field of the last-step row of metric $3 for scenario_b $2 in comparison $1:
# mean_a (7), mean_b (8), diff (9), p_value (13)
last() {  # $1 = comparison name, $2 = scenario_b, $3 = metric, $4 = field number
    awk -F, -v b="$2" -v m="$3" -v c="$4" '
        NR > 1 { if ($2 + 0 > last) last = $2 + 0; row[$4 "," $1 "," $2] = $0 }
        END { split(row[b "," m "," last], f, ","); print f[c] }' "$T/cmp_$1/comparison.csv" 2>/dev/null
}
# check_diff NAME B METRIC SIGN: the last-step difference B - A has sign SIGN (+/-), p < 0.01
check_diff() {
    d=$(last "$1" "$2" "$3" 16)
    p=$(last "$1" "$2" "$3" 20)
    if awk -v d="$d" -v p="$p" -v s="$4" 'BEGIN { exit !(d != "" && p != "" &&
            ((s == "+" && d + 0 > 0) || (s == "-" && d + 0 < 0)) && p + 0 < 0.01) }'; then
        ok "$2 vs $(last "$1" "$2" "$3" 3) $3: diff $d, p $p"
    else
        notok "$2 $3: expected diff $4 with p < 0.01, got diff '$d', p '$p'"
    fi
}

cmp_runs base "$T/baseline_2019" "$T/decapitation_2020" "$T/strong_successor"
cmp_runs dec "$T/decapitation_2020" "$T/agency_rivalry_2021" "$T/maximum_pressure"
cmp_runs war "$T/no_war_2026" "$T/war_2026"

# the headline: decapitation against the counterfactual
check_diff base decapitation-2020 patron_entropy +
check_diff base decapitation-2020 fragmentation +

# the strong successor (docs/STUDY.md, "The strong successor"): below the
# decapitation and nearer the baseline on the two headline measures
for m in patron_entropy fragmentation; do
    a=$(last base strong-successor $m 14)
    s=$(last base strong-successor $m 15)
    d=$(last base decapitation-2020 $m 15)
    if awk -v a="$a" -v s="$s" -v d="$d" 'BEGIN { gap = d - a; dev = s - a; if (dev < 0) dev = -dev;
            exit !(a != "" && s != "" && d != "" && gap > 0 && s < d && dev < 0.5 * gap) }'; then
        ok "strong-successor $m $s: nearer the baseline's $a than decapitation's $d"
    else
        notok "strong-successor $m: baseline '$a', strong successor '$s', decapitation '$d'"
    fi
done
check_diff base strong-successor distance_fragmentation +

# the other scenarios' stories
check_diff dec agency-rivalry-2021 patron_entropy +
check_diff dec maximum-pressure mean_strength -
check_diff dec maximum-pressure total_funding -
check_diff war war-2026 mean_strength -
check_diff war war-2026 total_funding -

echo "1..$n"
