/* tests/fuzz/fuzz_common.c - writing fuzz inputs to scratch files and loading them (see fuzz_common.h).
 *
 * State lives in file statics: libFuzzer calls LLVMFuzzerTestOneInput with no
 * context argument, so the scratch directory's name must outlive the calls,
 * and the atexit() handler that removes it takes no argument either.
 * Ownership: the scratch directory and its files are this module's; the
 * files a scenario input names are removed after each load, so that every
 * input is self-contained.
 * Includes: sim/load/scenario.h, igraph.
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <igraph.h>

/* Room for the scratch directory's path and a file name in it. */
#define FUZZ_PATH_MAX 256

/* The section markers of a scenario input (fuzz_common.h). */
static const char FILE_MARK[] = "\n#@file ";
static const char SET_MARK[] = "\n#@set\n";

/* Where the fixtures copied by fuzz_setup_fixtures() are, from the repository root. */
static const char FIXTURES[] = "tests/fixtures/good/";

/* Ids looked up again at each end of a loaded scenario's node list: enough
 * to catch a misnumbered world, few enough to stay linear in practice. */
#define FUZZ_ID_CHECKS 64

/* The scratch directory (mkdtemp template, then its name) and whether it exists. */
static char fuzz_dir[FUZZ_PATH_MAX] = "/tmp/infnet-fuzz-XXXXXX";
static int fuzz_dir_made;
/* Files the harness made in it, removed at exit. */
#define FUZZ_MAX_FILES 8
static char fuzz_files[FUZZ_MAX_FILES][FUZZ_PATH_MAX];
static int fuzz_n_files;

static void fuzz_cleanup(void)
{
    for (int i = 0; i < fuzz_n_files; i++)
        unlink(fuzz_files[i]);
    if (fuzz_dir_made)
        rmdir(fuzz_dir);
}

void fuzz_limits(struct scenario_limits *lim)
{
    scenario_limits_default(lim);
    lim->max_nodes = FUZZ_MAX_NODES;
    lim->max_edges = FUZZ_MAX_EDGES;
    lim->max_steps = FUZZ_MAX_STEPS;
    lim->max_replicas = FUZZ_MAX_REPLICAS;
    lim->max_yaml_nodes = FUZZ_MAX_YAML_NODES;
    lim->max_depth = FUZZ_MAX_DEPTH;
    lim->max_file_bytes = FUZZ_MAX_FILE_BYTES;
    lim->max_extends = FUZZ_MAX_EXTENDS;
    lim->max_node_cells = FUZZ_MAX_NODE_CELLS;
}

void fuzz_setup(void)
{
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (!mkdtemp(fuzz_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    fuzz_dir_made = 1;
    atexit(fuzz_cleanup);
}

const char *fuzz_path(const char *name)
{
    for (int i = 0; i < fuzz_n_files; i++) {
        const char *base = strrchr(fuzz_files[i], '/') + 1;
        if (!strcmp(base, name))
            return fuzz_files[i];
    }
    if (fuzz_n_files == FUZZ_MAX_FILES)
        abort(); /* the harnesses use a fixed handful of names */
    int len = snprintf(fuzz_files[fuzz_n_files], FUZZ_PATH_MAX, "%s/%s", fuzz_dir, name);
    if (len < 0 || len >= FUZZ_PATH_MAX)
        abort(); /* the harnesses' names are short: a programming error */
    return fuzz_files[fuzz_n_files++];
}

int fuzz_path_in(char *buf, size_t n, const char *name)
{
    int len = snprintf(buf, n, "%s/%s", fuzz_dir, name);
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

void fuzz_copy(const char *src, const char *name)
{
    FILE *f = fopen(src, "rb");
    uint8_t buf[FUZZ_MAX_FILE_BYTES / 16];
    size_t got;
    if (!f)
        return;
    got = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fuzz_write(fuzz_path(name), buf, got);
}

void fuzz_touch(const struct scenario *s)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        abort(); /* see fuzz_setup */
    scenario_describe(s, sink);
    scenario_list_pressures(s, sink);
    fclose(sink);
    /* Every id names its own node (the lookup is linear: check both ends). */
    for (int i = 0; i < s->world.n_nodes; i++) {
        if (i == FUZZ_ID_CHECKS && s->world.n_nodes > 2 * FUZZ_ID_CHECKS)
            i = s->world.n_nodes - FUZZ_ID_CHECKS;
        if (!s->ids[i] || scenario_node_index(s, s->ids[i]) != i)
            abort();
    }
    for (int t = 0; t <= s->steps; t++)
        (void)scenario_records(s, t);
}

void fuzz_setup_fixtures(void)
{
    char src[FUZZ_PATH_MAX];
    snprintf(src, sizeof src, "%snet.csv", FIXTURES);
    fuzz_copy(src, "net.csv");
    snprintf(src, sizeof src, "%snet.graphml", FIXTURES);
    fuzz_copy(src, "net.graphml");
}

/* The first occurrence of mark (NUL-terminated) in [p, end), or NULL. */
static char *find_mark(char *p, const char *end, const char *mark)
{
    size_t m = strlen(mark);
    for (; p + m <= end; p++)
        if (!memcmp(p, mark, m))
            return p;
    return NULL;
}

/* 1 when name may be written into the scratch directory: short, plain, and
 * not one of the files the harness owns. */
static int name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > FUZZ_NAME_MAX || name[0] == '.' ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-.") != n)
        return 0;
    return strcmp(name, "scenario.yaml") && strcmp(name, "net.csv") && strcmp(name, "net.graphml");
}

int fuzz_load_scenario(const uint8_t *data, size_t size, struct diag *d)
{
    const char *path = fuzz_path("scenario.yaml");
    char *buf = malloc(size + 1), *end, *sets_at, *p;
    char written[FUZZ_MAX_FILES_IN][FUZZ_PATH_MAX];
    int n_written = 0, n_sets = 0;
    struct scenario_set sets[FUZZ_MAX_SETS];
    struct scenario_limits lim;
    struct scenario s;
    if (!buf)
        abort(); /* out of memory in the harness itself */
    if (size)
        memcpy(buf, data, size);
    buf[size] = '\0';
    end = buf + size;
    /* the overrides: KEY=VALUE lines after the set mark (NUL-split in place) */
    if ((sets_at = find_mark(buf, end, SET_MARK)) != NULL) {
        p = sets_at + strlen(SET_MARK);
        end = sets_at;
        while (*p && n_sets < FUZZ_MAX_SETS) {
            char *nl = strchr(p, '\n'), *eq;
            if (nl)
                *nl = '\0';
            if ((eq = strchr(p, '=')) != NULL && eq != p) { /* as main() requires */
                *eq = '\0';
                sets[n_sets].key = p;
                sets[n_sets].value = eq + 1;
                sets[n_sets].option = NULL; /* a --set, as main() makes it */
                n_sets++;
            }
            if (!nl)
                break;
            p = nl + 1;
        }
    }
    /* the scenario, then each named file: its text runs to the next mark
     * (the newline that starts a mark ends the text before it) */
    char *next = find_mark(buf, end, FILE_MARK);
    fuzz_write(path, (const uint8_t *)buf, (size_t)((next ? next + 1 : end) - buf));
    while (next) {
        char name[FUZZ_NAME_MAX + 2];
        char *at = next + strlen(FILE_MARK);
        char *nl = memchr(at, '\n', (size_t)(end - at));
        if (!nl)
            break;
        size_t len = (size_t)(nl - at);
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name - 1 ? len : sizeof name - 1), at);
        next = find_mark(nl, end, FILE_MARK);
        char *text = nl + 1, *text_end = next ? next + 1 : end;
        if (n_written < FUZZ_MAX_FILES_IN && len <= FUZZ_NAME_MAX && name_ok(name) &&
            fuzz_path_in(written[n_written], sizeof written[n_written], name) == 0) {
            fuzz_write(written[n_written], (const uint8_t *)text, (size_t)(text_end - text));
            n_written++;
        }
    }
    fuzz_limits(&lim);
    diag_init(d);
    int rc = scenario_load(&s, path, sets, n_sets, &lim, d);
    if (rc == DIAG_OK)
        fuzz_touch(&s);
    scenario_destroy(&s);
    for (int i = 0; i < n_written; i++)
        unlink(written[i]);
    free(buf);
    return rc;
}

int fuzz_load_network(const uint8_t *data, size_t size, struct diag *d)
{
    struct scenario_limits lim;
    struct scenario s;
    diag_init(d);
    if (size == 0)
        return DIAG_OK; /* no format byte: nothing to load */
    const char *path = fuzz_path((data[0] & 1) ? "input.csv" : "input.graphml");
    fuzz_write(path, data + 1, size - 1);
    fuzz_limits(&lim);
    int rc = scenario_load_network(&s, path, NULL, &lim, d);
    if (rc == DIAG_OK)
        fuzz_touch(&s);
    scenario_destroy(&s);
    return rc;
}
