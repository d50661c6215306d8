#!/bin/sh
# The command line as a terminal user meets it: the progress line appears on
# a terminal (run under script(1), which gives the command a pseudo-terminal;
# a sweep's shows design points, replicas per second and ETA)
# and is absent when stderr is piped or with --quiet; every command has
# --help with an example; make install puts the binary, the man page, the
# bash completion and the scenarios under DESTDIR/PREFIX. Prints TAP lines.
set -u
INFNET=${INFNET:-build/infnet}
. "$(dirname "$0")/tap.sh"

# a run long enough for several progress updates (0.25 s apart)
cat >"$T/slow.yaml" <<EOS
name: slow
time: {steps: 1}
monte_carlo: {replicas: 300}
model: {dynamics: false}
network:
  generate: {model: barabasi_albert, n: 3000, m: 2}
pressures:
  - {at: 1, type: removal, targets: all, select: random, fraction: 0.3}
outputs: {node_steps: none, metrics: [nodes, components, fragmentation, distance_fragmentation]}
EOS
if command -v script >/dev/null 2>&1; then
    script -qec "$INFNET run $T/slow.yaml -o $T/tty --threads 2" "$T/typescript" >/dev/null 2>&1
    if grep -q 'slow: [0-9]*/300 replicas .*/s  ETA' "$T/typescript"; then
        ok "progress line on a terminal (replicas done/total, rate, ETA)"
    else
        notok "progress line on a terminal" "$T/typescript"
    fi
    # the line is redrawn in place and cleared at the end: carriage returns, erase-line
    if grep -q "$(printf '\r')" "$T/typescript" && grep -q "$(printf '\033')\[K" "$T/typescript"; then
        ok "progress redraws in place and clears itself"
    else
        notok "progress redraws in place"
    fi
    # a sweep's line: design points done of all, replicas per second, ETA
    printf 'name: tty\nscenarios: [%s/scenarios/examples/broker.yaml]\nfactors:\n  - {key: model.succession.share, levels: [0.2, 0.5, 0.8]}\ndesign: {method: factorial}\nreplicas: 600\nmetrics: [fragmentation]\n' \
        "$PWD" >"$T/tty_exp.yaml"
    script -qec "$INFNET sweep $T/tty_exp.yaml -o $T/ttysweep --threads 2" "$T/typescript3" >/dev/null 2>&1
    if grep -q 'tty: [0-3]/3 points  [0-9.]* replicas/s  ETA [0-9]*:[0-9][0-9]:[0-9][0-9]' "$T/typescript3" &&
        [ -s "$T/ttysweep/points.csv" ]; then
        ok "sweep: progress line on a terminal (points done/total, replicas per second, ETA)"
    else
        notok "sweep: progress line on a terminal" "$T/typescript3"
    fi
    script -qec "$INFNET run $T/slow.yaml -o $T/ttyq --threads 2 --quiet" "$T/typescript2" >/dev/null 2>&1
    if grep -q 'replicas' "$T/typescript2"; then notok "--quiet: no progress on a terminal" "$T/typescript2"; else ok "--quiet: no progress on a terminal"; fi
else
    ok "script(1) not installed: terminal check skipped # SKIP"
fi
"$INFNET" run "$T/slow.yaml" -o "$T/pipe" --threads 2 2>"$T/err" | cat
if grep -q 'ETA' "$T/err"; then notok "no progress when stderr is not a terminal" "$T/err"; else ok "no progress when stderr is not a terminal"; fi
grep -q "^infnet: wrote $T/pipe" "$T/err" && ok "one closing line when piped" || notok "closing line" "$T/err"

# help: every command, every option listed, an example
for c in run calibrate validate analyze compare plot; do
    if "$INFNET" "$c" --help >"$T/h" 2>&1 && grep -q '^usage: infnet '"$c" "$T/h" && grep -q '^example' "$T/h"; then
        ok "infnet $c --help: usage and example"
    else
        notok "infnet $c --help" "$T/h"
    fi
done
"$INFNET" --help | grep -q 'exit codes' && ok "infnet --help names the exit codes" || notok "infnet --help exit codes"
"$INFNET" run --bogus >"$T/out" 2>&1
grep -q "^infnet: error: unknown option '--bogus'" "$T/out" && ok "messages start with 'infnet: error:'" || notok "error prefix" "$T/out"

# make install
if make --no-print-directory install DESTDIR="$T/root" PREFIX=/usr >"$T/inst" 2>&1; then
    ok "make install DESTDIR=... PREFIX=/usr"
    for f in usr/bin/infnet usr/share/man/man1/infnet.1 usr/share/bash-completion/completions/infnet \
        usr/share/infnet/scenarios/examples/broker.yaml; do
        [ -s "$T/root/$f" ] && ok "installed $f" || notok "installed $f"
    done
    "$T/root/usr/bin/infnet" validate "$T/root/usr/share/infnet/scenarios/examples/broker.yaml" >/dev/null 2>&1 &&
        ok "the installed binary validates an installed scenario" || notok "installed binary"
else
    notok "make install" "$T/inst"
fi
if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww docs/infnet.1 >"$T/man" 2>"$T/manerr"
    # strip the overstrike (bold: X backspace X) that groff's tty output uses
    if [ ! -s "$T/manerr" ] && sed "s/.$(printf '\b')//g" "$T/man" | grep -q 'EXIT STATUS'; then
        ok "the man page renders without warnings"
    else
        notok "man page" "$T/manerr"
    fi
fi
# bash completion: complete "infnet r" and "infnet run --th"
if command -v bash >/dev/null 2>&1; then
    out=$(bash -c '. sim/cli/completion.bash; COMP_WORDS=(infnet r); COMP_CWORD=1; _infnet; echo "${COMPREPLY[*]}"
                   COMP_WORDS=(infnet run --th); COMP_CWORD=2; _infnet; echo "${COMPREPLY[*]}"')
    [ "$out" = "run
--threads" ] && ok "bash completion completes commands and options" || { echo "# got: $out"; notok "bash completion"; }
fi

# one command table: the man page synopsis, the README's command block and
# the completion are what the table makes, and every option of every
# command's --help is in the completion and the man page's OPTIONS
if scripts/cli-docs.sh --check "$INFNET" >"$T/docs" 2>&1; then
    ok "docs/infnet.1, README.md and completion.bash agree with the command table"
else
    notok "docs/infnet.1, README.md or completion.bash differ from the command table (make cli-docs)" "$T/docs"
fi
sed -n '/^\.SH OPTIONS/,/^\.SH EXIT/p' docs/infnet.1 | sed 's/\\-/-/g' >"$T/manopts"
for c in run calibrate validate analyze compare plot; do
    missing=
    for o in $("$INFNET" "$c" --help | sed -n 's/^  \(-., \)\{0,1\} *\(--[a-z-]*\).*/\2/p'); do
        grep -q -- "$o" "$T/manopts" || missing="$missing man:$o"
        grep -q "^ *$c) opts=.*$o" sim/cli/completion.bash || missing="$missing completion:$o"
    done
    [ -z "$missing" ] && ok "every option of infnet $c --help is in the man page and the completion" ||
        notok "infnet $c: options missing from$missing"
done
# the check can fail: a README whose block lost an option is reported
A=$(cd "$(dirname "$INFNET")" && pwd)/$(basename "$INFNET")
mkdir -p "$T/repo/docs" "$T/repo/sim/cli"
cp docs/infnet.1 "$T/repo/docs/" && cp sim/cli/completion.bash "$T/repo/sim/cli/"
sed 's/ \[--per-replica\]//' README.md >"$T/repo/README.md"
(cd "$T/repo" && "$OLDPWD/scripts/cli-docs.sh" --check "$A") >"$T/docs" 2>&1
[ $? -eq 1 ] && grep -q 'README.md differs' "$T/docs" && ok "cli-docs.sh --check reports a README block that lost an option" ||
    notok "cli-docs.sh --check on a changed README" "$T/docs"
echo "1..$n"
