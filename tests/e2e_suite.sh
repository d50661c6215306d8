#!/bin/sh
# The suite's own machinery, which every other result is read through:
# tests/run.sh counts "# SKIP" lines as skips (not passes) and ends
# "N passed, N failed, N skipped"; tests/fuzz/run.sh seeds no input that is
# slow by design (one reading /dev/zero) and gives libFuzzer a per-input
# timeout scaled for a loaded machine; make test needs no MPI compiler
# unless MPI is asked for.
# Prints TAP lines. Run from the repository root.
set -u
. "$(dirname "$0")/tap.sh"
ROOT=$(pwd)

# --- tests/run.sh on a made-up suite: 3 passes, 1 failure, 2 skips ---------
mkdir -p "$T/suite/tests" "$T/suite/bin"
cat >"$T/suite/bin/test_fake" <<'EOS'
#!/bin/sh
echo "ok 1 - first"
echo "ok 2 - second # SKIP not here"
echo "not ok 3 - third"
echo "1..3"
exit 1
EOS
chmod +x "$T/suite/bin/test_fake"
cat >"$T/suite/tests/e2e_fake.sh" <<'EOS'
echo "ok 1 - a"
echo "ok 2 - b # skip lower case too"
echo "ok 3 - c"
echo "1..3"
EOS
(cd "$T/suite" && TESTBIN=bin INFNET=/bin/true MPIBIN= sh "$ROOT/tests/run.sh") >"$T/out" 2>&1
rc=$?
last=$(tail -n 1 "$T/out")
[ "$last" = "3 passed, 1 failed, 2 skipped" ] && ok "run.sh: skips counted apart from passes ($last)" ||
    notok "run.sh counts: '$last'" "$T/out"
[ $rc -ne 0 ] && ok "run.sh: a failure fails the suite" || notok "run.sh exit $rc with a failure" "$T/out"
echo "$last" | grep -qE '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' && ok "run.sh: the last line keeps its form" ||
    notok "run.sh last line '$last'"

# --- make test and MPI ------------------------------------------------------
make -n --no-print-directory tests MPICC=/nonexistent/mpicc >"$T/mk" 2>&1
if ! grep -q 'build-mpi' "$T/mk" && ! grep -q '/nonexistent/mpicc' "$T/mk"; then
    ok "make tests without mpicc: no MPI build"
else
    notok "make tests without mpicc builds the MPI binary" "$T/mk"
fi
make -n --no-print-directory test MPICC=/nonexistent/mpicc 2>&1 | grep 'tests/run.sh' >"$T/mk"
grep -q 'MPIBIN= ' "$T/mk" && ok "make test without mpicc: tests/run.sh gets no MPI binary" ||
    notok "make test without mpicc: MPIBIN" "$T/mk"
make -n --no-print-directory tests MPI=1 >"$T/mk" 2>&1
grep -q 'build-mpi' "$T/mk" && ok "make tests MPI=1: the MPI build" || notok "make tests MPI=1" "$T/mk"
MPIBIN= sh tests/e2e_mpi.sh >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q '^ok .*# SKIP' "$T/out" && ! grep -q '^not ok' "$T/out" &&
    ok "e2e_mpi.sh without an MPI binary: a skip" || notok "e2e_mpi.sh without an MPI binary (exit $rc)" "$T/out"

# --- tests/fuzz/run.sh's seeds and bounds, with a stand-in harness ---------
mkdir -p "$T/fbin"
cat >"$T/fbin/fuzz_scenario" <<EOS
#!/bin/sh
# records its arguments; refuses to merge, so that the corpus stays as seeded
echo "\$*" >>"$T/fargs"
case "\$*" in *-merge=1*) exit 1 ;; esac
exit 0
EOS
chmod +x "$T/fbin/fuzz_scenario"
mkdir -p "$T/fout/corpus/scenario"
printf 'name: old\nnetwork: {import: {file: /dev/zero, format: csv}}\n' >"$T/fout/corpus/scenario/0123abcd"
tests/fuzz/run.sh "$T/fbin" "$T/fout" 1 scenario >"$T/out" 2>&1 || notok "fuzz/run.sh with a stand-in harness" "$T/out"
c=$T/fout/corpus/scenario
if [ -n "$(ls "$c" | grep '^seed-')" ] && [ -z "$(grep -l -a '/dev/' "$c"/* 2>/dev/null)" ]; then
    ok "fuzz seeds: none reads a device (nor one kept from an earlier session)"
else
    notok "fuzz seeds read a device: $(grep -l -a '/dev/' "$c"/* 2>/dev/null | tr '\n' ' ')"
fi
t=$(sed -n 's/.*-timeout=\([0-9]*\).*/\1/p' "$T/fargs" | head -n 1)
[ "${t:-0}" -ge 60 ] && ok "fuzz timeout per input ${t}s: scaled for two busy cores under ASan" ||
    notok "fuzz timeout per input '${t}'" "$T/fargs"
echo "1..$n"
