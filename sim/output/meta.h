/* sim/output/meta.h - meta.json: what produced a run or an analysis, so that it can be reproduced.
 *
 * Records the engine version and git commit, the command (run or
 * analyze: `compare` and `plot` read only a run's), the command line, every
 * scenario file read with its SHA-256, the resolved parameters, seeds and
 * replica counts, threads and ranks, start and end times and wall seconds.
 */
#ifndef INFNET_SIM_META_H
#define INFNET_SIM_META_H

#include <stdint.h>
#include <time.h>

struct json_t;

#include "sim/util/diag.h"
#include "sim/load/scenario.h"

struct meta_run {
    const char *command; /* recorded as "command": NULL for "run"; "sweep" */
    const char *version;
    const char *commit;
    int argc;
    char *const *argv;
    int threads;
    int ranks;
    struct timespec started, finished; /* CLOCK_REALTIME */
    double wall_seconds;
    long peak_rss_kib; /* getrusage(RUSAGE_SELF).ru_maxrss at the end */
    int complete;
    char ***sha256;   /* [scenario][file]: digests taken when the run started; NULL: hash now */
    const long *done; /* [scenario]: replicas in the outputs; NULL: all */
    /* Members added after "complete" (`infnet sweep`: the experiment and its
     * points), a JSON object; NULL: none. Not taken over. */
    const struct json_t *extra;
    /* A list written after every other member, as "list_name": [...], one
     * item a line, each made by list_item(list_ctx, i) for i < list_n and
     * released once written: a list of any length (a sweep's points) is never
     * held whole. list_item returns NULL when out of memory. list_name NULL:
     * none. */
    const char *list_name;
    size_t list_n;
    struct json_t *(*list_item)(void *ctx, size_t i);
    void *list_ctx;
};

/* SHA-256 of every file of each scenario, taken when a run starts so that a
 * file changed or deleted during the run cannot change what the run records:
 * (*out)[i][j] for scenario i's file j. Free with meta_hashes_free. */
int meta_hash_scenarios(struct scenario *const *sc, int n_sc, char ****out, struct diag *d);
void meta_hashes_free(char ***h, struct scenario *const *sc, int n_sc);

/* SHA-256 of a file as 64 lowercase hex digits into hex[65]. DIAG_OK or DIAG_RUNTIME. */
int meta_sha256_file(const char *path, char hex[65], struct diag *d);

/* Write dir/meta.json atomically. */
int meta_write(const char *dir, const struct meta_run *run, struct scenario *const *sc, int n_sc,
               struct diag *d);

/* What produced an `infnet analyze` directory. */
struct meta_analysis {
    const char *version;
    const char *commit;
    int argc;
    char *const *argv;
    const char *input;
    uint64_t seed;
    int key_players, weighted, exact_limit, samples, threads;
    int kpp_distance;                  /* KPP-Pos reach distance (with key_players) */
    int impact;                        /* -1 no immediate impact, 0 every node, K the top K */
    const char *impact_by;             /* the measure ranking the top K */
    struct timespec started, finished; /* CLOCK_REALTIME */
    double wall_seconds;
};

/* Write dir/meta.json of an analysis of s (command "analyze"; every file
 * read with its SHA-256, the options) atomically. */
int meta_write_analysis(const char *dir, const struct meta_analysis *a, const struct scenario *s,
                        struct diag *d);

#endif
