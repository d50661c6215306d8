#!/bin/sh
# Layers the build enforces (DESIGN.md, "Folders and dependency direction"):
# models/ and analysis/ include none of <omp.h>, <mpi.h>, <yaml.h> (only sim/
# may), and their archives neither need OpenMP, MPI or libyaml symbols nor
# any symbol that only another of infnet's layers defines. The same checks
# run first on sim's archive, which does use OpenMP and both other layers,
# to show that they can fail.
# Prints TAP lines. Run from the repo root.
set -u
TESTBIN=${TESTBIN:-build/tests}
LIBDIR=${LIBDIR:-$(dirname "$TESTBIN")/lib}
. "$(dirname "$0")/tap.sh"

models=$LIBDIR/libinfnet_models.a
analysis=$LIBDIR/libinfnet_analysis.a
sim=$LIBDIR/libinfnet_sim.a
for a in "$models" "$analysis" "$sim"; do
    [ -f "$a" ] || { echo "Bail out! $a missing (make tests first)"; exit 1; }
done

# sources: no #include of omp.h, mpi.h or yaml.h outside sim/
bad=$(grep -EnH '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](omp|mpi|yaml)\.h[>"]' models/*.[ch] analysis/*.[ch] || true)
if [ -z "$bad" ]; then
    ok "models/ and analysis/ include none of omp.h, mpi.h, yaml.h"
else
    echo "$bad" >"$T/inc"
    notok "a header only sim/ may include" "$T/inc"
fi

# defined(ARCHIVE): the global symbols the archive defines
defined() {
    nm -g --defined-only "$1" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u
}
# undefined(ARCHIVE): the symbols it needs and does not define itself
undefined() {
    nm -g --undefined-only "$1" 2>/dev/null | awk '{ print $NF }' | sort -u >"$T/u"
    defined "$1" >"$T/d"
    comm -23 "$T/u" "$T/d"
}
# foreign(ARCHIVE, OTHER...): symbols ARCHIVE needs that OTHER archives define
foreign() {
    a=$1
    shift
    undefined "$a" >"$T/need"
    for o in "$@"; do defined "$o"; done | sort -u >"$T/theirs"
    comm -12 "$T/need" "$T/theirs"
}
# runtime(ARCHIVE): OpenMP, MPI or libyaml symbols it needs
runtime() {
    undefined "$1" | grep -E '^(omp_|GOMP_|MPI_|ompi_|yaml_)' || true
}

# the detector works: sim's archive needs OpenMP and the other two layers
if [ -n "$(runtime "$sim")" ] && [ -n "$(foreign "$sim" "$models" "$analysis")" ]; then
    ok "the checks find OpenMP symbols and other layers' symbols in sim's archive"
else
    notok "the checks find nothing in sim's archive: they cannot be trusted"
fi

for layer in models analysis; do
    eval a=\$$layer
    r=$(runtime "$a")
    if [ -z "$r" ]; then
        ok "$layer: no OpenMP, MPI or libyaml symbol needed"
    else
        echo "$r" >"$T/r"
        notok "$layer needs a runtime only sim/ may use" "$T/r"
    fi
    if [ $layer = models ]; then others="$analysis $sim"; else others="$models $sim"; fi
    # shellcheck disable=SC2086
    f=$(foreign "$a" $others)
    if [ -z "$f" ]; then
        ok "$layer: needs no symbol that only another layer defines"
    else
        echo "$f" >"$T/f"
        notok "$layer needs symbols of another layer" "$T/f"
    fi
done
echo "1..$n"
