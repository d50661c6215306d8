/* sim/output/meta.c - meta.json with jansson, file digests with OpenSSL's SHA-256.
 *
 * The digest uses OpenSSL's SHA256_* functions, which work on the caller's
 * SHA256_CTX and allocate nothing, rather than EVP: EVP fetches the digest
 * from a provider, initialising OpenSSL's global state on first use, and
 * OpenSSL 3.0 crashes (a NULL lock) when one of those first allocations fails
 * (tests/e2e_oom.sh). OpenSSL 3 marks them deprecated, hence
 * OPENSSL_SUPPRESS_DEPRECATED; the digest is the same.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sim/output/meta.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <igraph.h>
#include <jansson.h>
#include <openssl/sha.h>

#include "sim/output/atomicfile.h"
#include "sim/output/jsonfile.h"

int meta_sha256_file(const char *path, char hex[65], struct diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot read '%s': %s", path,
                        errno == ENOMEM ? "out of memory" : strerror(errno));
    SHA256_CTX ctx;
    unsigned char buf[1 << 16], md[SHA256_DIGEST_LENGTH];
    int ok = SHA256_Init(&ctx);
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
        ok = SHA256_Update(&ctx, buf, n);
    if (ok && ferror(f))
        ok = 0;
    if (ok)
        ok = SHA256_Final(md, &ctx);
    fclose(f);
    if (!ok)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot digest '%s'", path);
    for (unsigned int i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
    return DIAG_OK;
}

static json_t *iso_time(struct timespec ts)
{
    struct tm tm;
    char buf[64];
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(buf);
}

int meta_hash_scenarios(struct scenario *const *sc, int n_sc, char ****out, struct diag *d)
{
    char ***h = calloc((size_t)n_sc + 1, sizeof *h);
    if (!h)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    for (int i = 0; i < n_sc; i++) {
        h[i] = calloc((size_t)sc[i]->n_files + 1, sizeof **h);
        if (!h[i]) {
            meta_hashes_free(h, sc, n_sc);
            return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
        }
        for (int j = 0; j < sc[i]->n_files; j++) {
            char hex[65];
            int rc = meta_sha256_file(sc[i]->files[j], hex, d);
            if (rc || !(h[i][j] = strdup(hex))) {
                meta_hashes_free(h, sc, n_sc);
                return rc ? rc : diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
            }
        }
    }
    *out = h;
    return DIAG_OK;
}

void meta_hashes_free(char ***h, struct scenario *const *sc, int n_sc)
{
    if (!h)
        return;
    for (int i = 0; i < n_sc; i++) {
        if (!h[i])
            continue;
        for (int j = 0; j < sc[i]->n_files; j++)
            free(h[i][j]);
        free(h[i]);
    }
    free(h);
}

/* The dated marks of a scenario, for the time axes of `infnet plot`: each
 * pressure (steps from..to, its type and targets) and each dated event (its
 * step, what it does), in the scenario's order. Labels are short on purpose. */
static json_t *timeline(const struct scenario *s)
{
    json_t *tl = json_array();
    for (int i = 0; i < s->n_pressures; i++) {
        const struct pressure *pr = &s->pressures[i];
        char label[256];
        size_t len = (size_t)snprintf(label, sizeof label, "%s", pressure_type_name(pr->type));
        for (int k = 0; k < pr->n_targets && len < sizeof label; k++) {
            const struct pressure_target *t = &pr->targets[k];
            const char *what = t->type == TARGET_NODE   ? s->ids[t->node]
                               : t->type == TARGET_KIND ? world_kind_name(t->kind)
                                                        : "all";
            len += (size_t)snprintf(label + len, sizeof label - len, "%s%s", k ? ", " : " ", what);
        }
        json_t *e = json_object();
        json_object_set_new(e, "from", json_integer(pr->from));
        json_object_set_new(e, "to", json_integer(pr->to));
        json_object_set_new(e, "kind", json_string("pressure"));
        json_object_set_new(e, "label", json_string(label));
        json_array_append_new(tl, e);
    }
    for (int i = 0; i < s->n_events; i++) {
        const struct event *ev = &s->events[i];
        char label[256];
        if (ev->kind == EVENT_APPEAR)
            snprintf(label, sizeof label, "%s appears", s->ids[ev->node]);
        else if (ev->kind == EVENT_TIE)
            snprintf(label, sizeof label, "%s tie %s-%s", world_tie_name(ev->type), s->ids[ev->from],
                     s->ids[ev->to]);
        else
            snprintf(label, sizeof label, "%s changes", s->ids[ev->node]);
        json_t *e = json_object();
        json_object_set_new(e, "from", json_integer(ev->step));
        json_object_set_new(e, "to", json_integer(ev->step));
        json_object_set_new(e, "kind", json_string("event"));
        json_object_set_new(e, "label", json_string(label));
        json_array_append_new(tl, e);
    }
    return tl;
}

static json_t *scenario_json(const struct scenario *s, char **sha, long done, struct diag *d)
{
    json_t *o = json_object();
    json_t *files = json_array();
    json_t *params = json_object();
    json_object_set_new(o, "name", json_string(s->name));
    json_object_set_new(o, "file", json_string(s->path));
    for (int i = 0; i < s->n_files; i++) {
        char hex[65];
        if (sha)
            snprintf(hex, sizeof hex, "%s", sha[i]);
        else if (meta_sha256_file(s->files[i], hex, d)) {
            json_decref(o);
            json_decref(files);
            json_decref(params);
            return NULL;
        }
        json_t *f = json_object();
        json_object_set_new(f, "path", json_string(s->files[i]));
        json_object_set_new(f, "sha256", json_string(hex));
        json_array_append_new(files, f);
    }
    json_object_set_new(o, "files", files);
    json_object_set_new(o, "steps", json_integer(s->steps));
    json_object_set_new(o, "unit", json_string(s->unit));
    json_object_set_new(o, "start", json_string(s->start));
    json_object_set_new(o, "replicas", json_integer(s->replicas));
    json_object_set_new(o, "replicas_done", json_integer(done));
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)s->seed);
    /* as a string too: JSON readers may round integers above 2^53 */
    json_object_set_new(o, "seed", json_integer((json_int_t)s->seed));
    json_object_set_new(o, "seed_text", json_string(seed));
    size_t np;
    const struct param_info *tab = params_table(&np);
    for (size_t i = 0; i < np; i++) {
        double v = params_get(&s->params, &tab[i]);
        json_t *jv = tab[i].type == PARAM_ENUM   ? json_string(params_level_name(&tab[i], (int)v))
                     : tab[i].type == PARAM_BOOL ? json_boolean(v != 0)
                     : tab[i].type == PARAM_INT  ? json_integer((json_int_t)v)
                                                 : json_real(v);
        json_object_set_new(params, tab[i].key, jv);
    }
    json_object_set_new(o, "parameters", params);
    /* what the merged scenario's YAML cites and what it assumes (sim/load/assumptions.h) */
    json_t *as = json_object();
    json_object_set_new(as, "items", json_integer(s->assumptions.items));
    json_object_set_new(as, "assumed_items", json_integer(s->assumptions.assumed));
    json_object_set_new(as, "numbers", json_integer(s->assumptions.numbers));
    json_object_set_new(as, "judgement_calls", json_integer(s->assumptions.judgement));
    json_object_set_new(o, "assumptions", as);
    json_t *out = json_object(), *ms = json_array(), *nms = json_array(), *snaps = json_array(),
           *nst = json_array();
    for (int m = 0; m < METRIC_COUNT; m++)
        if (s->measure.metrics & METRIC_BIT(m))
            json_array_append_new(ms, json_string(measure_metric_name(m)));
    for (int m = 0; m < NODE_METRIC_COUNT; m++)
        if (s->measure.node_metrics & (1u << m))
            json_array_append_new(nms, json_string(measure_node_metric_name(m)));
    for (int k = 0; k < s->n_snapshots; k++)
        json_array_append_new(snaps, json_integer(s->snapshots[k]));
    for (int k = 0; k < s->n_node_steps; k++)
        json_array_append_new(nst, json_integer(s->node_steps[k]));
    json_object_set_new(out, "every", json_integer(s->every));
    json_object_set_new(out, "snapshots", snaps);
    json_object_set_new(out, "node_steps", nst);
    json_object_set_new(out, "metrics", ms);
    json_object_set_new(out, "node_metrics", nms);
    json_object_set_new(out, "weighted", json_boolean(s->measure.weighted));
    json_object_set_new(out, "patrons", json_boolean(s->patrons));
    json_object_set_new(out, "exact_limit", json_integer(s->measure.exact_limit));
    json_object_set_new(out, "samples", json_integer(s->measure.samples));
    json_t *nk = json_array(), *nt = json_array();
    for (int k = 0; k < KIND_COUNT; k++)
        if (s->measure.kind_mask & (1u << k))
            json_array_append_new(nk, json_string(world_kind_name((enum node_kind)k)));
    for (int t = 0; t < TIE_COUNT; t++)
        if (s->measure.tie_mask & (1u << t))
            json_array_append_new(nt, json_string(world_tie_name((enum tie_type)t)));
    json_object_set_new(out, "network_kinds", nk);
    json_object_set_new(out, "network_ties", nt);
    json_object_set_new(o, "outputs", out);
    json_object_set_new(o, "nodes", json_integer(s->world.n_base));
    json_object_set_new(o, "ties", json_integer(s->world.n_edges));
    json_object_set_new(o, "pressures", json_integer(s->n_pressures));
    json_object_set_new(o, "timeline", timeline(s));
    return o;
}

static int dump(const char *dir, json_t *root, struct diag *d);
static int dump_list(const char *dir, json_t *root, const struct meta_run *run, struct diag *d);

/* engine, version, git_commit, command, command_line: how both records begin */
static json_t *record_head(const char *version, const char *commit, const char *command, int argc,
                           char *const *argv)
{
    json_t *root = json_object();
    json_t *args = json_array();
    json_object_set_new(root, "engine", json_string("infnet"));
    json_object_set_new(root, "version", json_string(version));
    json_object_set_new(root, "git_commit", json_string(commit));
    json_object_set_new(root, "command", json_string(command));
    for (int i = 0; i < argc; i++)
        json_array_append_new(args, json_string(argv[i]));
    json_object_set_new(root, "command_line", args);
    return root;
}

int meta_write(const char *dir, const struct meta_run *run, struct scenario *const *sc, int n_sc,
               struct diag *d)
{
    jsonfile_watch(); /* a member jansson could not allocate would be missing */
    json_t *root =
        record_head(run->version, run->commit, run->command ? run->command : "run", run->argc, run->argv);
    json_t *scen = json_array();
    json_t *ig = json_object();
    json_object_set_new(ig, "version", json_string(IGRAPH_VERSION));
    json_object_set_new(ig, "thread_safe", json_boolean(IGRAPH_THREAD_SAFE));
    json_object_set_new(root, "igraph", ig);
    for (int i = 0; i < n_sc; i++) {
        json_t *o = scenario_json(sc[i], run->sha256 ? run->sha256[i] : NULL,
                                  run->done ? run->done[i] : sc[i]->replicas, d);
        if (!o) {
            json_decref(root);
            json_decref(scen);
            /* scenario_json sets d for what it can name; NULL alone is jansson out of memory */
            return d->code
                       ? d->code
                       : diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing '%s/meta.json'", dir);
        }
        json_array_append_new(scen, o);
    }
    json_object_set_new(root, "scenarios", scen);
    /* run-wide seed and replicas when every scenario agrees, else null */
    int same_seed = 1, same_reps = 1;
    for (int i = 1; i < n_sc; i++) {
        same_seed &= sc[i]->seed == sc[0]->seed;
        same_reps &= sc[i]->replicas == sc[0]->replicas;
    }
    json_object_set_new(root, "seed",
                        n_sc && same_seed ? json_integer((json_int_t)sc[0]->seed) : json_null());
    json_object_set_new(root, "replicas", n_sc && same_reps ? json_integer(sc[0]->replicas) : json_null());
    json_object_set_new(root, "threads", json_integer(run->threads));
    json_object_set_new(root, "ranks", json_integer(run->ranks));
    json_object_set_new(root, "started", iso_time(run->started));
    json_object_set_new(root, "finished", iso_time(run->finished));
    json_object_set_new(root, "wall_seconds", json_real(run->wall_seconds));
    json_object_set_new(root, "peak_rss_kib", json_integer(run->peak_rss_kib));
    json_object_set_new(root, "complete", json_boolean(run->complete));
    if (run->extra) {
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)run->extra, key, value) json_object_set(root, key, value);
    }
    if (run->list_name)
        return dump_list(dir, root, run, d);
    return dump(dir, root, d);
}

/* Write root as dir/meta.json and release it. */
static int dump(const char *dir, json_t *root, struct diag *d)
{
    struct atomicfile af;
    if (!root || jsonfile_failed()) {
        json_decref(root);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing '%s/meta.json'", dir);
    }
    int rc = atomicfile_open(&af, dir, "meta.json", d);
    if (!rc) {
        errno = 0;
        int no_memory;
        if (jsonfile_dump(root, af.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &no_memory) != 0) {
            int e = no_memory ? ENOMEM : errno;
            atomicfile_abort(&af);
            rc = diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s/meta.json': %s", dir,
                          e == ENOMEM ? "out of memory"
                          : e         ? strerror(e)
                                      : "write error");
        } else {
            fputc('\n', af.f);
            rc = atomicfile_commit(&af, d);
        }
    }
    json_decref(root);
    return rc;
}

/* Write f's part of the list of run (its items, one a line); 0, or ENOMEM, or
 * another errno. */
static int write_list(FILE *f, const struct meta_run *run)
{
    if (fprintf(f, ",\n  \"%s\": [", run->list_name) < 0)
        return errno ? errno : EIO;
    for (size_t i = 0; i < run->list_n; i++) {
        jsonfile_watch();
        json_t *item = run->list_item(run->list_ctx, i);
        int no_memory = 0;
        if (!item || jsonfile_failed()) {
            json_decref(item);
            return ENOMEM;
        }
        errno = 0;
        int bad = fputs(i ? ",\n    " : "\n    ", f) == EOF ||
                  jsonfile_dump(item, f, JSON_COMPACT | JSON_PRESERVE_ORDER, &no_memory) != 0;
        json_decref(item);
        if (bad)
            return no_memory ? ENOMEM : errno ? errno : EIO;
    }
    if (fputs(run->list_n ? "\n  ]\n}\n" : "]\n}\n", f) == EOF)
        return errno ? errno : EIO;
    return 0;
}

/* As dump(), with run's list as root's last member: root is written without
 * its closing brace, then the list, item by item. */
static int dump_list(const char *dir, json_t *root, const struct meta_run *run, struct diag *d)
{
    if (!root || jsonfile_failed()) {
        json_decref(root);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing '%s/meta.json'", dir);
    }
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    size_t len = text ? strlen(text) : 0;
    if (!text || len < 2 || text[len - 1] != '}') {
        free(text);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing '%s/meta.json'", dir);
    }
    /* "{\n  ...\n}": drop the newline and brace that close it */
    len--;
    while (len > 1 && text[len - 1] == '\n')
        len--;
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, "meta.json", d);
    if (rc) {
        free(text);
        return rc;
    }
    errno = 0;
    int e = fwrite(text, 1, len, af.f) == len ? write_list(af.f, run) : (errno ? errno : EIO);
    free(text);
    if (e) {
        atomicfile_abort(&af);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot write '%s/meta.json': %s", dir,
                        e == ENOMEM ? "out of memory" : strerror(e));
    }
    return atomicfile_commit(&af, d);
}

int meta_write_analysis(const char *dir, const struct meta_analysis *a, const struct scenario *s,
                        struct diag *d)
{
    jsonfile_watch();
    json_t *root = record_head(a->version, a->commit, "analyze", a->argc, a->argv);
    json_t *files = json_array(), *opts = json_object();
    json_object_set_new(root, "input", json_string(a->input));
    for (int i = 0; i < s->n_files; i++) {
        char hex[65];
        if (meta_sha256_file(s->files[i], hex, d)) {
            json_decref(root);
            json_decref(files);
            json_decref(opts);
            return d->code;
        }
        json_t *f = json_object();
        json_object_set_new(f, "path", json_string(s->files[i]));
        json_object_set_new(f, "sha256", json_string(hex));
        json_array_append_new(files, f);
    }
    json_object_set_new(root, "files", files);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)a->seed);
    json_object_set_new(opts, "seed", json_integer((json_int_t)a->seed));
    json_object_set_new(opts, "seed_text", json_string(seed));
    json_object_set_new(opts, "key_players", json_integer(a->key_players));
    json_object_set_new(opts, "kpp_distance", json_integer(a->kpp_distance));
    /* null: no immediate impact; 0: every node; K: the top K by impact_by */
    json_object_set_new(opts, "impact", a->impact < 0 ? json_null() : json_integer(a->impact));
    json_object_set_new(opts, "impact_by", a->impact_by ? json_string(a->impact_by) : json_null());
    json_object_set_new(opts, "weighted", json_boolean(a->weighted));
    json_object_set_new(opts, "exact_limit", json_integer(a->exact_limit));
    json_object_set_new(opts, "samples", json_integer(a->samples));
    json_object_set_new(root, "options", opts);
    json_object_set_new(root, "threads", json_integer(a->threads));
    json_object_set_new(root, "started", iso_time(a->started));
    json_object_set_new(root, "finished", iso_time(a->finished));
    json_object_set_new(root, "wall_seconds", json_real(a->wall_seconds));
    json_object_set_new(root, "complete", json_true());
    return dump(dir, root, d);
}
