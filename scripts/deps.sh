#!/bin/sh
# Installs what infnet needs to build and test, on Debian and Ubuntu (apt-get),
# and builds a thread-safe igraph when the distribution's is not one.
# Elsewhere it prints the exact list of what is missing and fails.
# Usage: scripts/deps.sh            install what is missing (root, or sudo)
#        scripts/deps.sh --check    only report; exit 1 if anything is missing
#        scripts/deps.sh --bench    also the references `make bench` measures
#                                   infnet against (NetworkX, python-igraph)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# Runtime and build dependencies, by Debian package name. clang with its
# runtime libraries (libFuzzer, the sanitizers: libclang-rt-14-dev) and LLVM's
# OpenMP runtime (libomp-dev, whose Archer tool lets ThreadSanitizer follow
# OpenMP's synchronisation) are for the fuzzing and race tests of the suite.
PKGS="gcc make pkg-config libgsl-dev libyaml-dev libcmocka-dev libjansson-dev
libcsv-dev libxml2-dev libssl-dev libjemalloc-dev libigraph-dev gnuplot-nox libopenmpi-dev openmpi-bin
dpkg-dev cmake jq clang clang-format libclang-rt-14-dev libomp-dev"

check_only=0
[ "${1:-}" = "--check" ] && check_only=1
# make bench compares infnet analyze with NetworkX and python-igraph on the
# same graphs (scripts/bench.sh, sections 6 and 9)
[ "${1:-}" = "--bench" ] && PKGS="$PKGS python3-networkx python3-igraph python3-scipy"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for p in $PKGS; do
        st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
    done
else
    echo "infnet: this is not a Debian or Ubuntu system; install the equivalents of:" >&2
    echo "  $PKGS" | tr '\n' ' ' >&2
    echo "" >&2
    echo "  and igraph 0.10 built with -DIGRAPH_ENABLE_TLS=ON (set IGRAPH_PREFIX to its prefix)" >&2
    "$here/igraph.sh" --check >/dev/null 2>&1 && exit 0
    exit 1
fi

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else
        echo "infnet: need root to run: $*" >&2
        exit 1
    fi
}

if [ -n "$missing" ]; then
    if [ $check_only = 1 ]; then
        echo "infnet: missing packages:$missing" >&2
        echo "infnet: install them with: apt-get install$missing (or run 'make deps')" >&2
        exit 1
    fi
    echo "infnet: installing:$missing" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

if [ $check_only = 1 ]; then
    exec "$here/igraph.sh" --check
fi
exec "$here/igraph.sh" --build
