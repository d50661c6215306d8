#!/bin/sh
# Finds, or builds once, an igraph with thread-local storage (IGRAPH_THREAD_SAFE 1).
# Debian and Ubuntu build igraph with -DIGRAPH_ENABLE_TLS=OFF, which makes its
# error stack and default RNG process-global: OpenMP workers calling igraph
# would race. When the system igraph is not thread-safe, this rebuilds the
# distribution's own source package with the distribution's flags (debian/rules)
# except IGRAPH_ENABLE_TLS=ON, as a static library in a cache folder, once.
#
#   igraph.sh --check   print make variables for a thread-safe igraph, or fail
#   igraph.sh --build   make sure one exists (builds it if needed), then --check
#
# Cache: $INFNET_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/infnet.
# IGRAPH_PREFIX=DIR uses an igraph installed under DIR instead.
set -eu

cache=${INFNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infnet}
ver=$(dpkg-query -W -f='${Version}' libigraph-dev 2>/dev/null || echo unknown)
prefix_cached="$cache/igraph-tls-$ver"

is_tls() { grep -qs 'define IGRAPH_THREAD_SAFE 1' "$1/igraph_threading.h"; }

emit_prefix() {  # $1 = prefix with include/igraph, lib/libigraph.a and its .pc file
    pcf=$(find "$1" -name igraph.pc | head -n 1)
    priv=$(sed -n 's/^Libs.private: *//p' "$pcf")
    req=$(sed -n 's/^Requires.private: *//p' "$pcf")
    [ -z "$req" ] || priv="$priv $(pkg-config --static --libs $req)"
    echo "IGRAPH_CFLAGS := -isystem $1/include/igraph"
    echo "IGRAPH_LIBS := $1/lib/libigraph.a $priv"
    echo "IGRAPH_ORIGIN := $1"
}

check() {
    if [ -n "${IGRAPH_PREFIX:-}" ]; then
        if is_tls "$IGRAPH_PREFIX/include/igraph"; then emit_prefix "$IGRAPH_PREFIX"; return 0; fi
        echo "infnet: IGRAPH_PREFIX=$IGRAPH_PREFIX has no thread-safe igraph (IGRAPH_THREAD_SAFE is not 1)" >&2
        return 1
    fi
    if pkg-config --exists igraph 2>/dev/null; then
        inc=$(pkg-config --variable=includedir igraph)/igraph
        if is_tls "$inc"; then
            echo "IGRAPH_CFLAGS := $(pkg-config --cflags igraph)"
            echo "IGRAPH_LIBS := $(pkg-config --libs igraph)"
            echo "IGRAPH_ORIGIN := system"
            return 0
        fi
    fi
    if is_tls "$prefix_cached/include/igraph" && [ -f "$prefix_cached/lib/libigraph.a" ]; then
        emit_prefix "$prefix_cached"
        return 0
    fi
    echo "infnet: no thread-safe igraph found (the system one has IGRAPH_THREAD_SAFE 0);" >&2
    echo "infnet: run 'make deps' to build one into $prefix_cached" >&2
    return 1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "infnet: need root to run: $*" >&2; exit 1; fi
}

# A deb-src entry derived from the machine's own apt sources, so that
# 'apt-get source' works without naming any mirror here.
ensure_deb_src() {
    if apt-get source --print-uris igraph >/dev/null 2>&1; then return 0; fi
    out=/etc/apt/sources.list.d/infnet-deb-src
    found=0
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        case "$f" in "$out"*) continue ;; esac
        if grep -q '^Types:.*\bdeb\b' "$f"; then
            sed 's/^Types:.*/Types: deb-src/' "$f" | as_root tee "$out.sources" >/dev/null
            found=1
            break
        fi
    done
    if [ $found = 0 ]; then
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -f "$f" ] || continue
            if grep -q '^deb ' "$f"; then
                sed -n 's/^deb /deb-src /p' "$f" | as_root tee "$out.list" >/dev/null
                found=1
                break
            fi
        done
    fi
    [ $found = 1 ] || { echo "infnet: no apt source found to derive a deb-src entry from" >&2; exit 1; }
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
}

build() {
    echo "infnet: building a thread-safe igraph ($ver) into $prefix_cached (once)" >&2
    ensure_deb_src
    as_root env DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -q --arch-only igraph >/dev/null
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && apt-get source -q igraph >/dev/null 2>&1)
    src=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'igraph-*' | head -n 1)
    [ -n "$src" ] || { echo "infnet: apt-get source igraph gave no source tree" >&2; exit 1; }
    # The distribution's configure flags (debian/rules CONF_FLAGS), with TLS on.
    flags=$(sed -n '/^CONF_FLAGS/,/^$/p' "$src/debian/rules" | tr -d '\\' | tr ' \t' '\n\n' | grep '^-D' | grep -v IGRAPH_ENABLE_TLS || true)
    mkdir -p "$work/b"
    # shellcheck disable=SC2086
    cmake -S "$src" -B "$work/b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix_cached.tmp" \
        -DBUILD_SHARED_LIBS=OFF -DIGRAPH_ENABLE_LTO=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
        $flags -DIGRAPH_ENABLE_TLS=ON >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; exit 1; }
    cmake --build "$work/b" --target igraph -j "$(nproc)" >"$work/build.log" 2>&1 || { tail -50 "$work/build.log" >&2; exit 1; }
    rm -rf "$prefix_cached.tmp"
    cmake --install "$work/b" >/dev/null
    is_tls "$prefix_cached.tmp/include/igraph" || { echo "infnet: the rebuilt igraph is still not thread-safe" >&2; exit 1; }
    rm -rf "$prefix_cached"
    mkdir -p "$cache"
    mv "$prefix_cached.tmp" "$prefix_cached"
}

case "${1:---check}" in
    --check) check ;;
    --build) check >/dev/null 2>&1 || build; check ;;
    *) echo "usage: $0 --check | --build" >&2; exit 2 ;;
esac
