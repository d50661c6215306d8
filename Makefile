# infnet - build, test, run, benchmark, install.
#
#   make            build build/infnet (needs the dependencies: see 'make deps')
#   make mpi        build build/infnet-mpi with Open MPI (mpicc)
#   make deps       install missing packages (apt-get) and a thread-safe igraph
#   make test       deps, build, then the whole suite (ends "N passed, N failed")
#   make run        deps, build, then the shipped study into out/
#   make bench      benchmark table (replicas/s, speedup, peak memory)
#   make asan       the suite under AddressSanitizer and UBSan
#   make install    PREFIX=/usr/local DESTDIR=
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
PKGS     := gsl yaml-0.1 jansson libcrypto

# Goals that only install or call a sub-make do not need igraph's flags (and
# on a fresh machine there is no thread-safe igraph to find before 'deps').
NEEDS_IGRAPH := $(if $(MAKECMDGOALS),$(filter-out deps test run bench asan clean,$(MAKECMDGOALS)),all)
ifneq ($(NEEDS_IGRAPH),)
-include $(BUILD)/igraph.mk
endif

VERSION  := 0.1.0
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) -fopenmp $(IGRAPH_CFLAGS) \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
             -DINFNET_VERSION='"$(VERSION)"' $(EXTRA_CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv $(IGRAPH_LIBS) -fopenmp -lm $(EXTRA_LDFLAGS)

MODEL_SRC    := $(wildcard models/*.c)
ANALYSIS_SRC := $(wildcard analysis/*.c)
SIM_SRC      := $(filter-out sim/main.c,$(wildcard sim/*.c))
LIB_SRC      := $(MODEL_SRC) $(ANALYSIS_SRC) $(SIM_SRC)
LIB_OBJ      := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC     := $(wildcard tests/test_*.c)
TEST_BIN     := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps test run bench asan install clean check-igraph tests mpi

all: $(BUILD)/infnet

deps:
	@scripts/deps.sh >/dev/null

# The Open MPI build: the same sources compiled with mpicc and INFNET_MPI
# (sim/ranks.c), in build-mpi/, copied to build/infnet-mpi.
mpi: $(BUILD)/infnet-mpi

$(BUILD)/infnet-mpi: FORCE
	@$(MAKE) --no-print-directory BUILD=build-mpi CC=mpicc EXTRA_CFLAGS=-DINFNET_MPI build-mpi/infnet
	@mkdir -p $(BUILD)
	@cp build-mpi/infnet $@

$(BUILD)/igraph.mk: scripts/igraph.sh
	@mkdir -p $(BUILD)
	@scripts/igraph.sh --check > $@.tmp || { rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@

$(BUILD)/obj/%.o: %.c $(BUILD)/igraph.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# The commit is compiled only into main.o, so a new commit relinks, nothing more.
$(BUILD)/obj/sim/main.o: EXTRA_CFLAGS += -DINFNET_GIT_COMMIT='"$(GIT_COMMIT)"'
$(BUILD)/obj/sim/main.o: $(BUILD)/commit.stamp
$(BUILD)/commit.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(GIT_COMMIT)' | cmp -s - $@ || echo '$(GIT_COMMIT)' > $@
FORCE:

# Objects are linked directly (no archive: analysis/compare.o and
# sim/compare.o would share a member name in one).
$(BUILD)/infnet: $(BUILD)/obj/sim/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(LIB_OBJ) $(LDLIBS_ALL) -lcmocka

tests: $(TEST_BIN) $(BUILD)/infnet $(BUILD)/infnet-mpi

test: deps
	@$(MAKE) --no-print-directory tests
	@INFNET=$(BUILD)/infnet TESTBIN=$(BUILD)/tests tests/run.sh

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/study.sh $(BUILD)/infnet out

bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench.sh $(BUILD)/infnet

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" tests
	@ASAN_OPTIONS=detect_leaks=1 INFNET=build-asan/infnet TESTBIN=build-asan/tests tests/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/infnet/scenarios \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/infnet $(DESTDIR)$(PREFIX)/bin/infnet
	install -m 644 docs/infnet.1 $(DESTDIR)$(PREFIX)/share/man/man1/infnet.1
	install -m 644 sim/completion.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/infnet
	cp -R scenarios/. $(DESTDIR)$(PREFIX)/share/infnet/scenarios/

clean:
	rm -rf build build-asan build-notls build-mpi

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/sim/main.d
