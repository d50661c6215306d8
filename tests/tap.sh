# tests/tap.sh - what every end-to-end script shares (sourced, from the repo root):
# a scratch folder $T removed at exit, and TAP lines numbered in order:
#   ok NAME
#   notok NAME [FILE]   (FILE's lines follow as TAP comments)
# A script that shows FILE otherwise, or cleans up more, redefines notok or
# the EXIT trap after sourcing this.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/# /' "$2"; }
