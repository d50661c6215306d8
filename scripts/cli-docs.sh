#!/bin/sh
# The command line's texts kept beside the code, made from infnet's command
# table (sim/cli/commands.c): the man page's SYNOPSIS (docs/infnet.1, between
# its "generated" comment lines), the README's command block (README.md,
# between its "generated" HTML comments) and the bash completion
# (sim/cli/completion.bash, the whole file). The table is the truth; these
# files are rewritten from it (make cli-docs), and with --check nothing is
# written: the script lists the files that differ from the table and exits 1
# (tests/e2e_terminal.sh runs it so).
# Usage: scripts/cli-docs.sh [--check] INFNET   (from the repository root)
set -u
check=0
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi
infnet=${1:?usage: scripts/cli-docs.sh [--check] INFNET}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
status=0

# splice FILE BEGIN END GENERATED: FILE with the lines strictly between the
# line starting with BEGIN and the next line starting with END replaced
splice() {
    grep -q "^$2" "$1" && grep -q "^$3" "$1" || { echo "cli-docs: $1 has no '$2' ... '$3' lines" >&2; return 1; }
    awk -v b="$2" -v e="$3" -v g="$4" '
        index($0, b) == 1 && !done { print; while ((getline l < g) > 0) print l; skip = 1; next }
        skip && index($0, e) == 1 { skip = 0; done = 1 }
        !skip { print }' "$1"
}

# result FILE NEW: replace FILE by NEW, or with --check compare them
result() {
    if cmp -s "$1" "$2"; then
        return 0
    fi
    if [ $check = 1 ]; then
        echo "cli-docs: $1 differs from infnet's command table (make cli-docs rewrites it):"
        diff -u "$1" "$2" | sed 's/^/    /'
        status=1
    else
        cp "$2" "$1"
        echo "cli-docs: rewrote $1"
    fi
}

"$infnet" --generate-doc man >"$T/man" || exit 1
{ echo '```'; "$infnet" --generate-doc readme; echo '```'; } >"$T/readme" || exit 1
"$infnet" --generate-doc completion >"$T/completion" || exit 1

splice docs/infnet.1 '.\\" begin generated synopsis' '.\\" end generated synopsis' "$T/man" >"$T/infnet.1" || exit 1
result docs/infnet.1 "$T/infnet.1"
splice README.md '<!-- begin generated command block' '<!-- end generated command block' "$T/readme" \
    >"$T/README.md" || exit 1
result README.md "$T/README.md"
result sim/cli/completion.bash "$T/completion"
exit $status
