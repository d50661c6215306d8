/* sim/engine/checkpoint.c - writing and reading checkpoints (see checkpoint.h).
 *
 * Layout: "INFNET-CHECKPOINT 1\n", the fingerprint's length and text, the
 * scenario index, replicas done, the four stream lengths, then each
 * statistics table (cells, exact capacity, quantiles) and its cells: a mode
 * byte (0 exact values, 1 running statistics), the skipped count, and either
 * the exact values or GSL's rstat fields with the P^2 estimators' fields;
 * last, the SHA-256 of everything before it.
 */
/* SHA-256 through OpenSSL's SHA256_* functions, which allocate nothing;
 * EVP's first use initialises OpenSSL's global state and OpenSSL 3.0 crashes
 * when one of those allocations fails (see sim/output/meta.c). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sim/engine/checkpoint.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "sim/output/atomicfile.h"

static const char MAGIC[] = "INFNET-CHECKPOINT 1\n";
/* Largest checkpoint read back (a checkpoint holds statistics cells, not
 * replicas: far below this for any run the limits allow). */
#define CHECKPOINT_MAX_BYTES ((size_t)1 << 32)

static char *path_of(const char *dir)
{
    size_t n = strlen(dir) + sizeof "/" CHECKPOINT_NAME;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, CHECKPOINT_NAME);
    return p;
}

int checkpoint_exists(const char *dir)
{
    char *p = path_of(dir);
    struct stat st;
    int ok = p && stat(p, &st) == 0;
    free(p);
    return ok;
}

void checkpoint_remove(const char *dir)
{
    char *p = path_of(dir);
    if (p)
        unlink(p);
    free(p);
}

void checkpoint_free(struct checkpoint *ck)
{
    free(ck->fingerprint);
    ck->fingerprint = NULL;
}

/* ---- writing: every byte goes to the file and into the digest ---------- */

struct sink {
    FILE *f;
    SHA256_CTX md;
};

static void put(struct sink *k, const void *p, size_t n)
{
    fwrite(p, 1, n, k->f);
    SHA256_Update(&k->md, p, n);
}

static void put_u64(struct sink *k, uint64_t x)
{
    put(k, &x, sizeof x);
}

static void put_f64(struct sink *k, double x)
{
    put(k, &x, sizeof x);
}

static void put_quantile(struct sink *k, const gsl_rstat_quantile_workspace *q)
{
    put_f64(k, q->p);
    for (int i = 0; i < 5; i++) {
        put_f64(k, q->q[i]);
        put_u64(k, (uint64_t)(int64_t)q->npos[i]);
        put_f64(k, q->np[i]);
        put_f64(k, q->dnp[i]);
    }
    put_u64(k, q->n);
}

static void put_table(struct sink *k, const struct stats_table *t)
{
    put_u64(k, t->n_cells);
    put_u64(k, t->exact_cap);
    put_u64(k, (uint64_t)t->n_q);
    for (size_t i = 0; i < t->n_cells; i++) {
        const struct stats_cell *c = &t->cells[i];
        uint8_t mode = c->p2 ? 1 : 0;
        put(k, &mode, 1);
        put_u64(k, c->skipped);
        if (!mode) {
            put_u64(k, c->nbuf);
            put(k, c->buf, c->nbuf * sizeof *c->buf);
            continue;
        }
        const gsl_rstat_workspace *r = c->rs;
        put_f64(k, r->min);
        put_f64(k, r->max);
        put_f64(k, r->mean);
        put_f64(k, r->M2);
        put_f64(k, r->M3);
        put_f64(k, r->M4);
        put_u64(k, r->n);
        put_quantile(k, r->median_workspace_p);
        for (int q = 0; q < t->n_q; q++) {
            uint8_t has = c->p2[q] != NULL;
            put(k, &has, 1);
            if (has)
                put_quantile(k, c->p2[q]);
        }
    }
}

int checkpoint_write(const char *dir, const struct checkpoint *ck, const struct runner_state *st, struct diag *d)
{
    struct atomicfile af;
    int rc = atomicfile_open(&af, dir, CHECKPOINT_NAME, d);
    if (rc)
        return rc;
    struct sink k = {.f = af.f};
    if (!SHA256_Init(&k.md)) {
        atomicfile_abort(&af);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "cannot digest the checkpoint");
    }
    put(&k, MAGIC, sizeof MAGIC - 1);
    size_t fl = strlen(ck->fingerprint);
    put_u64(&k, fl);
    put(&k, ck->fingerprint, fl);
    put_u64(&k, (uint64_t)ck->scenario);
    put_u64(&k, (uint64_t)ck->done);
    for (int i = 0; i < CK_STREAMS; i++)
        put_u64(&k, (uint64_t)ck->len[i]);
    put_table(&k, &st->summary);
    put_table(&k, &st->nodes);
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256_Final(md, &k.md);
    fwrite(md, 1, sizeof md, af.f);
    return atomicfile_commit(&af, d);
}

/* ---- reading: the whole file, verified, then parsed --------------------- */

struct source {
    const unsigned char *p;
    size_t n, at;
    int bad;
};

static void get(struct source *s, void *out, size_t n)
{
    if (s->bad || n > s->n - s->at) {
        s->bad = 1;
        memset(out, 0, n);
        return;
    }
    memcpy(out, s->p + s->at, n);
    s->at += n;
}

static uint64_t get_u64(struct source *s)
{
    uint64_t x;
    get(s, &x, sizeof x);
    return x;
}

static double get_f64(struct source *s)
{
    double x;
    get(s, &x, sizeof x);
    return x;
}

static void get_quantile(struct source *s, gsl_rstat_quantile_workspace *q)
{
    q->p = get_f64(s);
    for (int i = 0; i < 5; i++) {
        q->q[i] = get_f64(s);
        q->npos[i] = (int)(int64_t)get_u64(s);
        q->np[i] = get_f64(s);
        q->dnp[i] = get_f64(s);
    }
    q->n = (size_t)get_u64(s);
}

/* Read and verify the file; *buf holds its content without the digest. */
static int load(const char *dir, unsigned char **buf, size_t *n, struct diag *d)
{
    char *path = path_of(dir);
    if (!path)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        diag_set(d, DIAG_INPUT, path, 0, 0, "cannot read the checkpoint: %s", strerror(e));
        free(path);
        return DIAG_INPUT;
    }
    unsigned char *b = NULL;
    size_t len = 0, cap = 0;
    int rc = DIAG_OK;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            if (cap > CHECKPOINT_MAX_BYTES) {
                rc = diag_set(d, DIAG_INPUT, path, 0, 0, "the checkpoint is larger than any infnet writes");
                break;
            }
            unsigned char *nb = realloc(b, cap);
            if (!nb) {
                rc = diag_set(d, DIAG_RUNTIME, path, 0, 0, "out of memory reading the checkpoint");
                break;
            }
            b = nb;
        }
        size_t got = fread(b + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (!rc && ferror(f))
        rc = diag_set(d, DIAG_RUNTIME, path, 0, 0, "cannot read the checkpoint: %s", strerror(errno));
    fclose(f);
    unsigned char md[SHA256_DIGEST_LENGTH];
    if (!rc && (len < sizeof MAGIC - 1 + 32 || memcmp(b, MAGIC, sizeof MAGIC - 1) != 0))
        rc = diag_set(d, DIAG_INPUT, path, 0, 0, "not an infnet checkpoint");
    if (!rc && (!SHA256(b, len - 32, md) || memcmp(md, b + len - 32, 32) != 0))
        rc = diag_set(d, DIAG_INPUT, path, 0, 0, "the checkpoint is damaged (its SHA-256 does not match)");
    free(path);
    if (rc) {
        free(b);
        return rc;
    }
    *buf = b;
    *n = len - 32;
    return DIAG_OK;
}

static int parse_header(struct source *s, struct checkpoint *ck)
{
    char magic[sizeof MAGIC];
    get(s, magic, sizeof MAGIC - 1);
    uint64_t fl = get_u64(s);
    if (s->bad || fl > s->n - s->at)
        return -1;
    ck->fingerprint = malloc((size_t)fl + 1);
    if (!ck->fingerprint)
        return -1;
    get(s, ck->fingerprint, (size_t)fl);
    ck->fingerprint[fl] = '\0';
    ck->scenario = (int)get_u64(s);
    ck->done = (long)get_u64(s);
    for (int i = 0; i < CK_STREAMS; i++)
        ck->len[i] = (long)get_u64(s);
    return s->bad ? -1 : 0;
}

int checkpoint_read_header(const char *dir, struct checkpoint *ck, struct diag *d)
{
    unsigned char *b;
    size_t n;
    memset(ck, 0, sizeof *ck);
    int rc = load(dir, &b, &n, d);
    if (rc)
        return rc;
    struct source s = {b, n, 0, 0};
    if (parse_header(&s, ck)) {
        checkpoint_free(ck);
        rc = diag_set(d, DIAG_INPUT, dir, 0, 0, "the checkpoint's header is truncated");
    }
    free(b);
    return rc;
}

static int get_table(struct source *s, struct stats_table *t)
{
    if (get_u64(s) != t->n_cells || get_u64(s) != t->exact_cap || get_u64(s) != (uint64_t)t->n_q)
        return -1;
    for (size_t i = 0; i < t->n_cells && !s->bad; i++) {
        struct stats_cell *c = &t->cells[i];
        uint8_t mode;
        get(s, &mode, 1);
        c->skipped = (size_t)get_u64(s);
        if (mode == 0) {
            uint64_t nb = get_u64(s);
            if (nb > t->exact_cap || nb > (s->n - s->at) / sizeof(double))
                return -1;
            if (nb) {
                c->buf = malloc((size_t)nb * sizeof *c->buf);
                if (!c->buf)
                    return -1;
                c->cap = (size_t)nb;
                get(s, c->buf, (size_t)nb * sizeof *c->buf);
            }
            c->nbuf = (size_t)nb;
            continue;
        }
        if (mode != 1)
            return -1;
        c->rs = gsl_rstat_alloc();
        c->p2 = calloc((size_t)t->n_q + 1, sizeof *c->p2);
        if (!c->rs || !c->p2)
            return -1;
        c->rs->min = get_f64(s);
        c->rs->max = get_f64(s);
        c->rs->mean = get_f64(s);
        c->rs->M2 = get_f64(s);
        c->rs->M3 = get_f64(s);
        c->rs->M4 = get_f64(s);
        c->rs->n = (size_t)get_u64(s);
        get_quantile(s, c->rs->median_workspace_p);
        for (int q = 0; q < t->n_q; q++) {
            uint8_t has;
            get(s, &has, 1);
            if (!has)
                continue;
            if (!(c->p2[q] = gsl_rstat_quantile_alloc(t->probs[q])))
                return -1;
            get_quantile(s, c->p2[q]);
        }
    }
    return s->bad ? -1 : 0;
}

int checkpoint_read_state(const char *dir, struct runner_state *st, struct diag *d)
{
    unsigned char *b;
    size_t n;
    struct checkpoint ck;
    memset(&ck, 0, sizeof ck);
    int rc = load(dir, &b, &n, d);
    if (rc)
        return rc;
    struct source s = {b, n, 0, 0};
    if (parse_header(&s, &ck) || get_table(&s, &st->summary) || get_table(&s, &st->nodes) || s.at != s.n)
        rc = diag_set(d, DIAG_INPUT, dir, 0, 0,
                      "the checkpoint's statistics do not fit this run (another engine version or scenario?)");
    else
        st->done = ck.done;
    checkpoint_free(&ck);
    free(b);
    return rc;
}
