#!/bin/sh
# I/O failures as a user meets them: an output directory that cannot be
# written, a disk that fills up, standard output on a full device, a scenario
# that vanishes or changes while it runs. Every failure must exit 1 with a
# message naming the path and the system's reason, and leave no half-written
# file and no results of the failed command under a final name (the files are
# written to temporary names and renamed when complete: DESIGN.md, Outputs).
# Read-only and full disks are small tmpfs mounts, which needs root; without
# root those tests are skipped (TAP "# SKIP"). Every mount is unmounted on
# exit, failed or not. Prints TAP lines. Run from the repository root.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"
MNT=$T/mnt
mounted=0
cleanup() {
    [ $mounted = 1 ] && umount "$MNT" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' "$2" | head -40; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
root=0
[ "$(id -u)" = 0 ] && root=1
# The page size tmpfs allocates in: a file of k bytes takes ceil(k / PAGE) pages.
PAGE=4096

tmpfs() {  # tmpfs OPTIONS: a fresh tmpfs on $MNT
    mkdir -p "$MNT"
    [ $mounted = 1 ] && { umount "$MNT" || return 1; mounted=0; }
    mount -t tmpfs -o "$1" infnet-io-test "$MNT" || return 1
    mounted=1
}
untmpfs() {
    [ $mounted = 1 ] && umount "$MNT" && mounted=0
}
# leftovers DIR: the temporary files (.NAME.tmp) under DIR, one per line
leftovers() { find "$1" -name '.*.tmp' 2>/dev/null; }
# results DIR: the result files under their final names in DIR (summary.csv,
# final.csv, nodes.csv, meta.json of a run; nodes.csv, graph.csv, meta.json of analyze;
# comparison.csv of compare), not the snapshots/ a run writes as it goes
results() { find "$1" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | sed 's|.*/||'; }
# says FILE PATH REASON: the message names PATH (a prefix of the file named)
# and gives the system's REASON
says() { grep -q "'$2[^']*'" "$1" && grep -q "$3" "$1"; }

S=scenarios/examples/broker.yaml
RUN_N=4
# A description of 6000 characters makes meta.json (which records the command
# line) span three pages, so that the disk also fills up in the middle of it.
DESC=description=$(printf 'x%.0s' $(seq 1 6000))
"$INFNET" run "$S" -n $RUN_N --set "$DESC" -o "$T/ref" --quiet >"$T/out" 2>&1 ||
    notok "reference run" "$T/out"
# a second run to compare with
"$INFNET" run "$S" -n $RUN_N --seed 2 -o "$T/ref2" --quiet >"$T/out" 2>&1 ||
    notok "second reference run" "$T/out"

# --- an output directory that cannot be written --------------------------------
"$INFNET" run "$S" -n $RUN_N -o /dev/null/x --quiet >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] && says "$T/out" /dev/null/x 'Not a directory' &&
    ok "run -o under a non-directory: exit 1 naming the path and 'Not a directory'" ||
    { echo "# exit $rc"; notok "run -o under a non-directory" "$T/out"; }

if [ $root = 0 ]; then
    skip "read-only output directory" "not root: cannot mount a read-only tmpfs"
elif ! tmpfs ro,size=64k; then
    notok "mount a read-only tmpfs"
else
    "$INFNET" run "$S" -n $RUN_N -o "$MNT/out" --quiet >"$T/out" 2>&1
    rc=$?
    [ $rc -eq 1 ] && says "$T/out" "$MNT/out" 'Read-only file system' &&
        ok "run -o a new directory on a read-only disk: exit 1, path and reason" ||
        { echo "# exit $rc"; notok "run -o a new directory on a read-only disk" "$T/out"; }
    "$INFNET" run "$S" -n $RUN_N -o "$MNT" --quiet >"$T/out" 2>&1
    rc=$?
    [ $rc -eq 1 ] && says "$T/out" "$MNT/" 'Read-only file system' &&
        ok "run -o an existing read-only directory: exit 1, path and reason" ||
        { echo "# exit $rc"; notok "run -o an existing read-only directory" "$T/out"; }
    "$INFNET" analyze tests/fixtures/florentine.csv -o "$MNT/an" >"$T/out" 2>&1
    rc=$?
    [ $rc -eq 1 ] && says "$T/out" "$MNT/an" 'Read-only file system' &&
        ok "analyze -o a read-only disk: exit 1, path and reason" ||
        { echo "# exit $rc"; notok "analyze -o a read-only disk" "$T/out"; }
    "$INFNET" compare "$T/ref" "$T/ref2" -o "$MNT/cmp" >"$T/out" 2>&1
    rc=$?
    [ $rc -eq 1 ] && says "$T/out" "$MNT/cmp" 'Read-only file system' &&
        ok "compare -o a read-only disk: exit 1, path and reason" ||
        { echo "# exit $rc"; notok "compare -o a read-only disk" "$T/out"; }
    untmpfs
fi

# --- a disk that fills up --------------------------------------------------------
# The run is repeated on tmpfs disks of every size from one page to the size
# the reference run needs, so that the disk fills up in each file in turn (a
# snapshot, summary.csv, final.csv, nodes.csv, meta.json) and at each point of
# writing it. Every run must either succeed with the reference's bytes or
# exit 1 naming a path on the disk with "No space left on device", leaving no
# temporary file and none of the run's results under a final name.
full_disk() {  # full_disk NAME REFDIR COMMAND...: COMMAND writes into $MNT/out
    name=$1
    ref=$2
    shift 2
    pages=0
    for f in $(find "$ref" -type f); do
        sz=$(wc -c <"$f")
        pages=$((pages + (sz + PAGE - 1) / PAGE))
    done
    bad_rc="" bad_msg="" bad_tmp="" bad_final="" bad_bytes="" fits=0 tried=0
    p=1
    while [ $p -le $((pages + 2)) ]; do
        if ! tmpfs "size=$((p * PAGE))"; then
            notok "$name: mount a tmpfs of $p pages"
            return
        fi
        "$@" >"$T/out" 2>&1
        rc=$?
        tried=$((tried + 1))
        if [ $rc -eq 0 ]; then
            fits=$((fits + 1))
            for f in $(cd "$ref" && find . -type f ! -name meta.json); do
                cmp -s "$ref/$f" "$MNT/out/$f" || bad_bytes="$bad_bytes $p:$f"
            done
        elif [ $rc -ne 1 ]; then
            bad_rc="$bad_rc $p:exit$rc"
        else
            says "$T/out" "$MNT/out" 'No space left on device' ||
                bad_msg="$bad_msg $p:'$(tr '\n' ' ' <"$T/out")'"
            [ -z "$(leftovers "$MNT")" ] || bad_tmp="$bad_tmp $p:$(leftovers "$MNT" | tr '\n' ,)"
            [ -z "$(results "$MNT/out")" ] || bad_final="$bad_final $p:$(results "$MNT/out" | tr '\n' ,)"
            # whatever is left under a final name is complete
            for f in $(cd "$MNT/out" 2>/dev/null && find . -type f ! -name meta.json ! -name '.*'); do
                cmp -s "$ref/$f" "$MNT/out/$f" || bad_bytes="$bad_bytes $p:$f"
            done
        fi
        untmpfs
        p=$((p + 1))
    done
    echo "# $name: $tried disk sizes of 1 to $((pages + 2)) pages, $fits large enough"
    [ $fits -ge 1 ] && [ $fits -lt $tried ] && ok "$name: the disk sizes span failure and success" ||
        notok "$name: the disk sizes span failure and success ($fits of $tried runs succeeded)"
    [ -z "$bad_rc" ] && ok "$name: a full disk exits 1" ||
        { echo "# pages:exit$bad_rc"; notok "$name: a full disk exits 1"; }
    [ -z "$bad_msg" ] && ok "$name: the message names the file and 'No space left on device'" ||
        { echo "# pages:message$bad_msg"; notok "$name: the message names the file and 'No space left on device'"; }
    [ -z "$bad_tmp" ] && ok "$name: no temporary file is left" ||
        { echo "# pages:files$bad_tmp"; notok "$name: no temporary file is left"; }
    [ -z "$bad_bytes" ] && ok "$name: every file under its final name is complete" ||
        { echo "# pages:file$bad_bytes"; notok "$name: every file under its final name is complete"; }
    [ -z "$bad_final" ] && ok "$name: a failed command leaves no results under a final name" ||
        { echo "# pages:files$bad_final"; notok "$name: a failed command leaves no results under a final name"; }
}

if [ $root = 0 ]; then
    skip "full disk" "not root: cannot mount a small tmpfs"
else
    full_disk "run on a full disk" "$T/ref" "$INFNET" run "$S" -n $RUN_N --set "$DESC" -o "$MNT/out" --quiet
    "$INFNET" analyze tests/fixtures/florentine.csv -o "$T/an-ref" >/dev/null 2>&1 || notok "analyze reference"
    full_disk "analyze on a full disk" "$T/an-ref" "$INFNET" analyze tests/fixtures/florentine.csv -o "$MNT/out"
    "$INFNET" compare "$T/ref" "$T/ref2" -o "$T/cmp-ref" >/dev/null 2>&1 || notok "compare reference"
    full_disk "compare on a full disk" "$T/cmp-ref" "$INFNET" compare "$T/ref" "$T/ref2" -o "$MNT/out"
fi

# --- standard output on a full device ---------------------------------------------
# /dev/full accepts nothing (ENOSPC): a command whose report cannot be
# written has failed, as cat or printf would.
if [ -w /dev/full ]; then
    stdout_full() {  # stdout_full LABEL ARGS...: infnet ARGS >/dev/full
        label=$1
        shift
        "$INFNET" "$@" >/dev/full 2>"$T/out"
        rc=$?
        if [ $rc -eq 1 ] && grep -q 'No space left on device' "$T/out"; then
            ok "$label > /dev/full: exit 1 with 'No space left on device'"
        else
            echo "# exit $rc"
            notok "$label > /dev/full: exit 1 with 'No space left on device'" "$T/out"
        fi
    }
    stdout_full "validate" validate "$S"
    stdout_full "validate --list-pressures" validate --list-pressures "$S"
    stdout_full "compare" compare "$T/ref" "$T/ref2" -o "$T/cmp-full"
    stdout_full "analyze" analyze tests/fixtures/florentine.csv -o "$T/an-full"
else
    skip "standard output on /dev/full" "no writable /dev/full"
fi

# --- a scenario that vanishes or changes while it runs -----------------------------
# The scenario (a child and the parent it extends) is read at the start; the
# run goes on without it. Two outcomes are coherent: the run completes and
# meta.json records the sha256 of the files as they were read, or it fails
# (exit 1, naming the file) and leaves no results. Completing with hashes of
# other bytes, or failing after results were committed, is not.
V=$T/vanish
mkdir -p "$V"
VAN_N=40
vanish() {  # vanish NAME ACTION: ACTION is run on $V/*.yaml once the run has started
    name=$1
    action=$2
    rm -rf "$V/out" "$V"/*.yaml
    cp scenarios/examples/random_ba.yaml "$V/parent.yaml"
    printf 'extends: parent.yaml\nname: vanish\n' >"$V/child.yaml"
    sum_child=$(sha256sum <"$V/child.yaml" | cut -d' ' -f1)
    sum_parent=$(sha256sum <"$V/parent.yaml" | cut -d' ' -f1)
    "$INFNET" run "$V/child.yaml" -n $VAN_N --threads 2 -o "$V/out" --quiet >"$T/out" 2>&1 &
    pid=$!
    # the output files are opened after the scenario has been loaded
    w=0
    while [ ! -e "$V/out/.summary.csv.tmp" ] && kill -0 $pid 2>/dev/null && [ $w -lt 2400 ]; do
        sleep 0.05
        w=$((w + 1))
    done
    eval "$action"
    running=0
    kill -0 $pid 2>/dev/null && running=1
    wait $pid
    rc=$?
    if [ $running = 0 ]; then
        skip "scenario $name mid-run" "the run had ended before the files changed"
    elif [ $rc -eq 0 ]; then
        if [ "$(jq -r '.scenarios[0].files[0].sha256' "$V/out/meta.json")" = "$sum_child" ] &&
            [ "$(jq -r '.scenarios[0].files[1].sha256' "$V/out/meta.json")" = "$sum_parent" ] &&
            [ -z "$(leftovers "$V/out")" ]; then
            ok "scenario $name mid-run: the run completes, meta.json has the sha256 of what was read"
        else
            notok "scenario $name mid-run: exit 0 but meta.json's sha256 are not those of the files read" "$V/out/meta.json"
        fi
    elif [ $rc -eq 1 ] && grep -q "$V/" "$T/out" && [ -z "$(results "$V/out")" ] &&
        [ -z "$(leftovers "$V/out")" ]; then
        ok "scenario $name mid-run: exit 1 naming the file, no results left"
    else
        echo "# exit $rc; left: $(results "$V/out" | tr '\n' ' ') $(leftovers "$V/out" | tr '\n' ' ')"
        notok "scenario $name mid-run: exit $rc" "$T/out"
    fi
}
vanish "deleted" 'rm -f "$V/child.yaml" "$V/parent.yaml"'
vanish "rewritten" 'echo "name: other" >"$V/child.yaml"; echo "# changed" >>"$V/parent.yaml"'

echo "1..$n"
