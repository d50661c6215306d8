# infnet - build, test, run, benchmark, install.
#
#   make            build build/infnet (needs the dependencies: see 'make deps')
#   make mpi        build build/infnet-mpi with Open MPI (mpicc)
#                   (make test builds and tests it when mpicc is found;
#                   MPI=0 leaves it out, MPI=1 requires it)
#   make deps       install missing packages (apt-get) and a thread-safe igraph
#   make test       deps, build, then the whole suite (ends "N passed, N failed")
#   make run        deps, build, then the shipped study into out/
#   make bench      benchmark table (replicas/s, speedup, peak memory)
#   make asan       the suite under AddressSanitizer and UBSan
#   make fuzz       libFuzzer on the scenario loader and network import
#                   (clang; FUZZ_SECONDS=60 per harness; crashes in build/fuzz/crashes/)
#   make tsan       the threaded runner under ThreadSanitizer (tests/e2e_races.sh)
#   make oom        fail every allocation in turn (tests/e2e_oom.sh in full)
#   make install    PREFIX=/usr/local DESTDIR=
#   make cli-docs   rewrite the man page synopsis, the README's command block
#                   and the bash completion from the command table
#   make format     rewrite every C file as .clang-format says (tests/e2e_format.sh checks it)
#
# igraph must be built with thread-local storage (see scripts/igraph.sh); its
# flags come from build/igraph.mk, which scripts/igraph.sh writes.

CC       ?= cc
BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
THREADS  ?= 2

WARN     := -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla
OPT      ?= -O2 -g
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKGS     := gsl yaml-0.1 jansson libcrypto libxml-2.0

# Goals that only install or call a sub-make do not need igraph's flags (and
# on a fresh machine there is no thread-safe igraph to find before 'deps').
NEEDS_IGRAPH := $(if $(MAKECMDGOALS),$(filter-out deps test run bench asan asan-build fuzz fuzz-build tsan tsan-build clean format,$(MAKECMDGOALS)),all)
ifneq ($(NEEDS_IGRAPH),)
-include $(BUILD)/igraph.mk
endif

VERSION  := 0.1.0
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) -fopenmp -I. $(IGRAPH_CFLAGS) $(IGRAPH_WRAP_DEFINE) \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
             -DINFNET_VERSION='"$(VERSION)"' $(EXTRA_CFLAGS)
# The allocator is glibc's. jemalloc (MALLOC_LIBS=-ljemalloc) made the
# threaded runner faster (igraph allocates its work vectors afresh in every
# call; docs/PERFORMANCE.md), but jemalloc 5.3 dies with SIGSEGV instead of
# failing an allocation when the address space runs out (ulimit -v): in its
# first allocation, before main, and when a new thread's arena cannot be
# mapped (tests/e2e_oom.sh). The sanitizer builds keep their own allocators.
MALLOC_LIBS ?=
# sim/util/igraphfix.c guards two defects of igraph 0.10.2 met when memory
# runs out (a double free in Leiden, an abort in the GraphML writer): every
# link of sim/'s archive routes these functions through it. Only a static
# igraph can be wrapped so (a shared libigraph keeps igraph_i_* internal, and
# its calls from within the library are not routed): against one, as in
# tests/e2e_threadsafety.sh's build on the distribution's igraph, the guards
# are left out.
IGRAPH_WRAP_FLAGS := -Wl,--wrap=igraph_create -Wl,--wrap=igraph_i_attribute_get_info \
                     -Wl,--undefined=__wrap_igraph_create
IGRAPH_WRAP = $(if $(findstring libigraph.a,$(IGRAPH_LIBS)),$(IGRAPH_WRAP_FLAGS))
IGRAPH_WRAP_DEFINE = $(if $(findstring libigraph.a,$(IGRAPH_LIBS)),-DINFNET_IGRAPH_WRAP)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv $(IGRAPH_LIBS) -fopenmp -lm $(MALLOC_LIBS) \
             $(EXTRA_LDFLAGS)

# Three layers, three archives (DESIGN.md, "Folders and dependency direction"):
# models/ and analysis/ see neither each other nor sim/. Each unit test links
# only its own layer's archive (tests/models/ against models, tests/analysis/
# against analysis, tests/sim/ against all three), so a wrong dependency is a
# link error, not a convention.
MODEL_SRC    := $(wildcard models/*.c)
ANALYSIS_SRC := $(wildcard analysis/*.c)
SIM_SRC      := $(filter-out sim/cli/main.c,$(wildcard sim/*/*.c))
MODEL_LIB    := $(BUILD)/lib/libinfnet_models.a
ANALYSIS_LIB := $(BUILD)/lib/libinfnet_analysis.a
SIM_LIB      := $(BUILD)/lib/libinfnet_sim.a
ALL_LIBS     := $(SIM_LIB) $(ANALYSIS_LIB) $(MODEL_LIB)
LIB_SRC      := $(MODEL_SRC) $(ANALYSIS_SRC) $(SIM_SRC)
LIB_OBJ      := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC     := $(wildcard tests/models/test_*.c tests/analysis/test_*.c tests/sim/test_*.c)
TEST_BIN     := $(foreach t,$(TEST_SRC),$(BUILD)/tests/$(basename $(notdir $(t))))

.PHONY: all deps test run bench asan install clean check-igraph tests mpi fuzz fuzz-build cli-docs \
        fuzz-bins tsan tsan-build asan-build asan-bins oom format

all: $(BUILD)/infnet

deps:
	@scripts/deps.sh >/dev/null

# The Open MPI build: the same sources compiled with mpicc and INFNET_MPI
# (sim/engine/ranks.c), in build-mpi/, copied to build/infnet-mpi.
mpi: $(BUILD)/infnet-mpi

# Whether 'make tests' builds the MPI binary and 'make test' runs its tests:
# MPI=1 asks for it (and fails without mpicc), MPI=0 leaves it out; by
# default it is built when mpicc is on the PATH ('make deps' installs it, so
# CI tests it). Without it tests/e2e_mpi.sh reports a skip.
MPICC ?= mpicc
MPI   ?= $(if $(shell command -v $(MPICC) 2>/dev/null),1,0)
MPI_BIN := $(if $(filter 1,$(MPI)),$(BUILD)/infnet-mpi)

$(BUILD)/infnet-mpi: FORCE
	@$(MAKE) --no-print-directory BUILD=build-mpi CC=$(MPICC) EXTRA_CFLAGS=-DINFNET_MPI build-mpi/infnet
	@mkdir -p $(BUILD)
	@cp build-mpi/infnet $@.tmp && mv -f $@.tmp $@

$(BUILD)/igraph.mk: scripts/igraph.sh
	@mkdir -p $(BUILD)
	@scripts/igraph.sh --check > $@.tmp || { rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

$(BUILD)/obj/%.o: %.c $(BUILD)/igraph.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(COMMIT_CFLAGS) -MMD -MP -c $< -o $@

# The commit is compiled only into main.o, so a new commit relinks, nothing more.
$(BUILD)/obj/sim/cli/main.o: COMMIT_CFLAGS = -DINFNET_GIT_COMMIT='"$(GIT_COMMIT)"'
$(BUILD)/obj/sim/cli/main.o: $(BUILD)/commit.stamp
$(BUILD)/commit.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(GIT_COMMIT)' | cmp -s - $@ || echo '$(GIT_COMMIT)' > $@
FORCE:

$(MODEL_LIB): $(MODEL_SRC:%.c=$(BUILD)/obj/%.o)
$(ANALYSIS_LIB): $(ANALYSIS_SRC:%.c=$(BUILD)/obj/%.o)
$(SIM_LIB): $(SIM_SRC:%.c=$(BUILD)/obj/%.o)
$(ALL_LIBS):
	@mkdir -p $(dir $@)
	@rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/infnet: $(BUILD)/obj/sim/cli/main.o $(ALL_LIBS)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(IGRAPH_WRAP) $(LDLIBS_ALL)

# Test binaries are named after their source (build/tests/test_world); a
# layer's tests see only that layer's archive (and the sim tests all three).
define test_rule
$(BUILD)/tests/$(basename $(notdir $(1))): $(1) $(2)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_ALL) -Wno-missing-prototypes -o $$@ $$< $(2) $(3) $$(LDLIBS_ALL) -lcmocka
endef
$(foreach t,$(wildcard tests/models/test_*.c),$(eval $(call test_rule,$(t),$(MODEL_LIB))))
$(foreach t,$(wildcard tests/analysis/test_*.c),$(eval $(call test_rule,$(t),$(ANALYSIS_LIB))))
$(foreach t,$(wildcard tests/sim/test_*.c),$(eval $(call test_rule,$(t),$(ALL_LIBS),$(IGRAPH_WRAP))))

tests: $(TEST_BIN) $(BUILD)/infnet $(MPI_BIN) $(BUILD)/oom/failmalloc.so

# --- allocation failures --------------------------------------------------------
# tests/oom/failmalloc.c, preloaded, fails the Nth allocation of a process
# (tests/oom/loop.sh, tests/e2e_oom.sh). make test runs a subset of every
# allocation (strides); make oom fails each one in turn, in run, analyze and
# compare, against build/infnet and then build-asan/infnet with leak checks.
$(BUILD)/oom/failmalloc.so: tests/oom/failmalloc.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(WARN) -fPIC -shared -o $@ $< -ldl

oom: $(BUILD)/infnet $(BUILD)/oom/failmalloc.so
	@$(MAKE) --no-print-directory asan-build
	@OOM_FULL=1 INFNET=$(BUILD)/infnet sh tests/e2e_oom.sh

# MPIBIN is empty without MPI, so that a build/infnet-mpi left by an earlier
# build is not tested in its place (tests/e2e_mpi.sh then reports a skip).
test: deps
	@$(MAKE) --no-print-directory tests
	@MPIBIN=$(MPI_BIN) INFNET=$(BUILD)/infnet TESTBIN=$(BUILD)/tests tests/run.sh

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/study.sh $(BUILD)/infnet out $(if $(QUICK),--quick)

bench:
	@scripts/deps.sh --bench >/dev/null
	@$(MAKE) --no-print-directory all mpi
	@scripts/bench.sh $(BUILD)/infnet $(BUILD)/infnet-mpi

# The whole suite under the sanitizers. make test runs a part of it
# (tests/e2e_asan.sh: every unit test and the command-line tests that walk
# the error paths); INFNET_SUITE=asan tells the suite's own sanitizer, race
# and fuzzing scripts that they need not run again inside this one.
ASAN_MAKE = $(MAKE) --no-print-directory BUILD=build-asan MALLOC_LIBS= OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined"

asan: deps
	@$(ASAN_MAKE) tests
	@ASAN_OPTIONS=detect_leaks=1 INFNET_SUITE=asan INFNET=build-asan/infnet TESTBIN=build-asan/tests tests/run.sh

# The unit tests and infnet under the sanitizers, without running them.
asan-build:
	@$(ASAN_MAKE) asan-bins

asan-bins: $(TEST_BIN) $(BUILD)/infnet

# --- fuzzing -----------------------------------------------------------------
# libFuzzer harnesses (tests/fuzz/) built with clang in build-fuzz/ under ASan
# and UBSan, linked with every library object (all sources but sim/cli/main.c).
# The seed corpus is copied from the scenarios and fixtures into
# build/fuzz/corpus/{scenario,import}/, which then keeps what the fuzzer finds;
# crashes, leaks and timeouts go to build/fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_HARNESS := scenario import
FUZZ_BIN     := $(FUZZ_HARNESS:%=$(BUILD)/fuzz/fuzz_%)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run.sh build-fuzz/fuzz build/fuzz $(FUZZ_SECONDS) $(FUZZ_HARNESS)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz MALLOC_LIBS= CC=$(FUZZ_CC) \
	    OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-bins

fuzz-bins: $(FUZZ_BIN)

# The regression test of the fuzzers' findings loads inputs as they do.
$(BUILD)/tests/test_fuzz_regressions: tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< tests/fuzz/fuzz_common.c $(ALL_LIBS) \
	    $(IGRAPH_WRAP) $(LDLIBS_ALL) -fsanitize=fuzzer $(FUZZ_SAN)

# --- data races ----------------------------------------------------------------
# infnet built with ThreadSanitizer in build-tsan/, run threaded by
# tests/e2e_races.sh. clang's OpenMP runtime (libomp) tells TSan about its
# barriers, locks and tasks through its Archer tool; GCC's libgomp is not
# instrumented, so under it TSan reports every barrier-ordered access as a
# race. igraph's static library is compiled against libgomp's interface
# (-lgomp in IGRAPH_LIBS): linking from clang's library folder first makes
# -lgomp resolve to LLVM's libgomp.so (libomp, which implements GOMP_*), so
# that the whole process runs on the one, annotated, runtime.
TSAN_CC     ?= clang
TSAN_OMPDIR  = $(abspath $(shell $(TSAN_CC) -print-resource-dir)/../..)

tsan: deps
	@sh tests/e2e_races.sh

tsan-build:
	@$(MAKE) --no-print-directory BUILD=build-tsan MALLOC_LIBS= CC=$(TSAN_CC) \
	    OPT="-O1 -g -fno-omit-frame-pointer" EXTRA_CFLAGS=-fsanitize=thread \
	    EXTRA_LDFLAGS="-fsanitize=thread -L$(TSAN_OMPDIR) -Wl,-rpath,$(TSAN_OMPDIR)" build-tsan/infnet

# The texts made from the command table (sim/cli/commands.c); make test
# fails when they differ from it (tests/e2e_terminal.sh).
format:
	@git ls-files '*.c' '*.h' | xargs clang-format -i

cli-docs: $(BUILD)/infnet
	@scripts/cli-docs.sh $(BUILD)/infnet

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/infnet/scenarios \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/infnet $(DESTDIR)$(PREFIX)/bin/infnet
	install -m 644 docs/infnet.1 $(DESTDIR)$(PREFIX)/share/man/man1/infnet.1
	install -m 644 sim/cli/completion.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/infnet
	cp -R scenarios/. $(DESTDIR)$(PREFIX)/share/infnet/scenarios/

clean:
	rm -rf build build-asan build-notls build-mpi build-fuzz build-tsan

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/sim/cli/main.d
