/* tests/fuzz/fuzz_common.h - loading fuzz inputs as the libFuzzer harnesses and their regression test do.
 *
 * The loader reads files by path, so every input is written into a
 * per-process scratch directory under /tmp (made once, removed at exit) and
 * loaded from there, with limits far below the defaults: an input cannot
 * make the loader allocate gigabytes legitimately, so anything the fuzzer
 * finds above them (memory, time) is a real bug, not a big network.
 * igraph is set up as main() sets it up: the C attribute handler installed
 * (GraphML import needs it), errors and warnings silenced (the loader turns
 * them into diagnostics).
 *
 * Scenario inputs (fuzz_load_scenario) are a scenario file, optionally
 * followed by the files it extends and by --set overrides:
 *
 *     SCENARIO TEXT
 *     #@file NAME          (any number; the first FUZZ_MAX_FILES_IN are used)
 *     TEXT OF FILE NAME
 *     #@set                (once, last)
 *     KEY=VALUE            (one override a line; the first FUZZ_MAX_SETS are used)
 *
 * each marker on a line of its own. The scenario goes to scenario.yaml, each
 * NAME ([a-z0-9_.-], at most FUZZ_NAME_MAX characters, not starting with '.')
 * next to it, removed again after the load; the fixtures' net.csv and
 * net.graphml (fuzz_setup_fixtures) are there to import. Without markers an
 * input is simply a scenario file, as in the seed corpus.
 * Network inputs (fuzz_load_network): the first byte chooses the format (even
 * GraphML, odd edge-list CSV), the rest is the file, loaded with
 * scenario_load_network.
 * Layer: tests (links sim/).
 */
#ifndef INFNET_TESTS_FUZZ_COMMON_H
#define INFNET_TESTS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>

#include "sim/load/scenario.h"

/* libFuzzer's entry points (it declares none for C). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Limits for fuzzing: a few thousand nodes and ties cover every code path of
 * the loader (generators, imports, spawn slots) while keeping one input well
 * under a millisecond of work and a few MiB of memory. */
#define FUZZ_MAX_NODES 5000L
#define FUZZ_MAX_EDGES 20000L
#define FUZZ_MAX_STEPS 1000L
#define FUZZ_MAX_REPLICAS 1000L
#define FUZZ_MAX_YAML_NODES 20000L
#define FUZZ_MAX_DEPTH 64L
#define FUZZ_MAX_FILE_BYTES (1L << 20)
#define FUZZ_MAX_EXTENDS 4L
#define FUZZ_MAX_NODE_CELLS 100000L

/* Files a scenario input may carry besides the scenario: an extends chain
 * longer than that adds nothing the loader does not do for a few links. */
#define FUZZ_MAX_FILES_IN 4
/* --set overrides a scenario input may carry. */
#define FUZZ_MAX_SETS 8
/* Longest file name a scenario input may give. */
#define FUZZ_NAME_MAX 32

/* Make the scratch directory (removed at exit) and set igraph up; aborts
 * when /tmp is unusable (a harness that cannot write its input tests nothing). */
void fuzz_setup(void);
/* Copy the fixtures' net.csv and net.graphml into the scratch directory
 * (from tests/fixtures/good/, relative to the working directory; skipped
 * when absent), for scenario inputs to import. */
void fuzz_setup_fixtures(void);

/* Load one input as described above. Returns the loader's code with d
 * filled; a loaded scenario has been read through (fuzz_touch) and freed. */
int fuzz_load_scenario(const uint8_t *data, size_t size, struct diag *d);
int fuzz_load_network(const uint8_t *data, size_t size, struct diag *d);

/* The limits above, in the loader's struct. */
void fuzz_limits(struct scenario_limits *lim);
/* The scratch path of file `name`; the file is removed at exit. */
const char *fuzz_path(const char *name);
/* The scratch path of file `name` in buf (n bytes), not registered: the
 * caller removes the file. 0 ok, -1 when it does not fit. */
int fuzz_path_in(char *buf, size_t n, const char *name);
/* Write size bytes to path, replacing it; aborts on failure. */
void fuzz_write(const char *path, const uint8_t *data, size_t size);
/* Copy file src into the scratch directory as name, when src exists. */
void fuzz_copy(const char *src, const char *name);
/* Read everything a loaded scenario offers (describe, list, id lookups), so
 * that a half-built scenario shows up under ASan here and not in a run. */
void fuzz_touch(const struct scenario *s);

#endif
