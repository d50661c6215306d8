/* sim/engine/checkpoint.c - writing and reading checkpoints (see checkpoint.h).
 *
 * Layout: "INFNET-CHECKPOINT <format>\n", the statistics' state tag
 * (STATS_STATE_TAG: its layout and the GSL version it copies) and the
 * fingerprint, each as a length and text, the scenario index, replicas
 * done, the five stream lengths, then the summary and nodes statistics
 * tables as analysis/stats saves them (stats_table_fwrite), each preceded
 * by its byte length, then the patron counts (struct runner_patrons: its
 * three sizes, then the active and patron counts); last, the SHA-256 of everything before it.
 * The format number is read before anything else and a checkpoint of
 * another format, or statistics saved under another tag, is refused by
 * name: this module knows the checkpoint's layout, analysis/stats the
 * statistics' (and GSL's).
 */
/* SHA-256 through OpenSSL's SHA256_* functions, which allocate nothing;
 * EVP's first use initialises OpenSSL's global state and OpenSSL 3.0 crashes
 * when one of those allocations fails (see sim/output/meta.c). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sim/engine/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "sim/output/atomicfile.h"

/* The layout described above; bump it whenever that layout changes. */
#define CHECKPOINT_FORMAT 3
static const char MAGIC[] = "INFNET-CHECKPOINT ";
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

static void put_text(struct sink *k, const char *text)
{
    size_t n = strlen(text);
    put_u64(k, n);
    put(k, text, n);
}

/* A statistics table as analysis/stats saves it, rendered in memory first
 * so that its bytes also go into the digest, after their length. */
static int put_table(struct sink *k, const struct stats_table *t)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    if (!m)
        return -1;
    int bad = stats_table_fwrite(m, t) != STATS_OK;
    bad |= fclose(m) != 0;
    if (!bad) {
        put_u64(k, n);
        put(k, buf, n);
    }
    free(buf);
    return bad ? -1 : 0;
}

int checkpoint_write(const char *dir, const struct checkpoint *ck, const struct runner_state *st,
                     struct diag *d)
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
    char magic[sizeof MAGIC + 24];
    snprintf(magic, sizeof magic, "%s%d\n", MAGIC, CHECKPOINT_FORMAT);
    put(&k, magic, strlen(magic));
    put_text(&k, STATS_STATE_TAG);
    put_text(&k, ck->fingerprint);
    put_u64(&k, (uint64_t)ck->scenario);
    put_u64(&k, (uint64_t)ck->done);
    for (int i = 0; i < CK_STREAMS; i++)
        put_u64(&k, (uint64_t)ck->len[i]);
    if (put_table(&k, &st->summary) || put_table(&k, &st->nodes)) {
        atomicfile_abort(&af);
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory writing the checkpoint");
    }
    const struct runner_patrons *p = &st->patrons;
    size_t cells = (size_t)p->n_rec * (size_t)p->n_factions;
    put_u64(&k, (uint64_t)p->n_rec);
    put_u64(&k, (uint64_t)p->n_factions);
    put_u64(&k, (uint64_t)p->n_agencies);
    for (size_t i = 0; i < cells; i++)
        put_u64(&k, (uint64_t)p->active[i]);
    for (size_t i = 0; i < cells * ((size_t)p->n_agencies + 1); i++)
        put_u64(&k, (uint64_t)p->count[i]);
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

/* A length and text, as put_text wrote it; NULL when truncated or out of memory. */
static char *get_text(struct source *s)
{
    uint64_t n = get_u64(s);
    if (s->bad || n > s->n - s->at)
        return NULL;
    char *t = malloc((size_t)n + 1);
    if (!t)
        return NULL;
    get(s, t, (size_t)n);
    t[n] = '\0';
    return t;
}

/* The format number of the first line, "INFNET-CHECKPOINT <n>\n"; -1 when
 * the content does not start so. *at receives the offset past the line. */
static long format_of(const unsigned char *b, size_t len, size_t *at)
{
    size_t m = sizeof MAGIC - 1, i = m;
    long v = 0;
    if (len < m || memcmp(b, MAGIC, m) != 0)
        return -1;
    while (i < len && i < m + 9 && b[i] >= '0' && b[i] <= '9')
        v = v * 10 + (b[i++] - '0');
    if (i == m || i >= len || b[i] != '\n')
        return -1;
    *at = i + 1;
    return v;
}

/* Read and verify the file; *buf holds its content without the digest and
 * *at the offset past its first line. */
static int load(const char *dir, unsigned char **buf, size_t *n, size_t *at, struct diag *d)
{
    char *path = path_of(dir);
    if (!path)
        return diag_set(d, DIAG_RUNTIME, NULL, 0, 0, "out of memory");
    /* infnet's own file: never through a link, never a FIFO or a device
     * (opening one would wait for a writer, reading one might never end) */
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat fst;
    FILE *f = NULL;
    if (fd >= 0 && fstat(fd, &fst) == 0 && !S_ISREG(fst.st_mode)) {
        close(fd);
        diag_set(d, DIAG_INPUT, path, 0, 0, "cannot read the checkpoint: it is not a regular file");
        free(path);
        return DIAG_INPUT;
    }
    if (fd >= 0 && !(f = fdopen(fd, "rb")))
        close(fd);
    if (!f) {
        int e = errno;
        diag_set(d, e == ENOMEM ? DIAG_RUNTIME : DIAG_INPUT, path, 0, 0, "cannot read the checkpoint: %s",
                 e == ELOOP ? "it is a symbolic link" : strerror(e));
        free(path);
        return e == ENOMEM ? DIAG_RUNTIME : DIAG_INPUT;
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
    long format = rc ? 0 : format_of(b, len, at);
    unsigned char md[SHA256_DIGEST_LENGTH];
    if (!rc && (format < 0 || len < *at + 32))
        rc = diag_set(d, DIAG_INPUT, path, 0, 0, "not an infnet checkpoint");
    /* another format is refused before its content is read any further */
    if (!rc && format != CHECKPOINT_FORMAT)
        rc = diag_set(d, DIAG_INPUT, path, 0, 0,
                      "checkpoint format %ld, this infnet reads %d: resume it with the infnet that wrote it, "
                      "or start again with --force",
                      format, CHECKPOINT_FORMAT);
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

/* The header after the first line; DIAG_OK, or DIAG_INPUT with a message. */
static int parse_header(struct source *s, const char *dir, struct checkpoint *ck, struct diag *d)
{
    char *tag = get_text(s);
    if (tag && strcmp(tag, STATS_STATE_TAG) != 0) {
        int rc = diag_set(d, DIAG_INPUT, dir, 0, 0,
                          "the checkpoint's statistics are '%s', this infnet reads '%s': resume it with the "
                          "infnet that wrote it, or start again with --force",
                          tag, STATS_STATE_TAG);
        free(tag);
        return rc;
    }
    free(tag);
    ck->fingerprint = tag ? get_text(s) : NULL;
    if (!ck->fingerprint)
        return diag_set(d, DIAG_INPUT, dir, 0, 0, "the checkpoint's header is truncated");
    ck->scenario = (int)get_u64(s);
    ck->done = (long)get_u64(s);
    for (int i = 0; i < CK_STREAMS; i++)
        ck->len[i] = (long)get_u64(s);
    if (s->bad)
        return diag_set(d, DIAG_INPUT, dir, 0, 0, "the checkpoint's header is truncated");
    return DIAG_OK;
}

int checkpoint_read_header(const char *dir, struct checkpoint *ck, struct diag *d)
{
    unsigned char *b;
    size_t n, at = 0;
    memset(ck, 0, sizeof *ck);
    int rc = load(dir, &b, &n, &at, d);
    if (rc)
        return rc;
    struct source s = {.p = b, .n = n, .at = at};
    rc = parse_header(&s, dir, ck, d);
    if (rc)
        checkpoint_free(ck);
    free(b);
    return rc;
}

/* A statistics table saved by put_table, restored by analysis/stats. */
static int get_table(struct source *s, struct stats_table *t)
{
    uint64_t len = get_u64(s);
    if (s->bad || len == 0 || len > s->n - s->at)
        return STATS_EFORMAT;
    FILE *m = fmemopen((void *)(s->p + s->at), (size_t)len, "rb");
    if (!m)
        return STATS_ENOMEM;
    int rc = stats_table_fread(m, t);
    /* the table must be exactly the bytes saved */
    if (!rc && fgetc(m) != EOF)
        rc = STATS_EFORMAT;
    fclose(m);
    s->at += (size_t)len;
    return rc;
}

/* The patron counts saved by checkpoint_write, into p, sized for the run:
 * other sizes are refused, and so are counts no run of `done` replicas
 * leaves (a faction's patrons must add up to the replicas it is active in). */
static int get_patrons(struct source *s, struct runner_patrons *p, long done)
{
    if (get_u64(s) != (uint64_t)p->n_rec || get_u64(s) != (uint64_t)p->n_factions ||
        get_u64(s) != (uint64_t)p->n_agencies || s->bad)
        return STATS_EFORMAT;
    size_t cells = (size_t)p->n_rec * (size_t)p->n_factions, G = (size_t)p->n_agencies + 1;
    for (size_t i = 0; i < cells; i++) {
        uint64_t n = get_u64(s);
        if (n > (uint64_t)done)
            s->bad = 1;
        p->active[i] = (long)n;
    }
    for (size_t i = 0; i < cells && !s->bad; i++) {
        uint64_t sum = 0;
        for (size_t g = 0; g < G; g++) {
            uint64_t c = get_u64(s);
            if (c > (uint64_t)done)
                s->bad = 1;
            sum += c;
            p->count[i * G + g] = (long)c;
        }
        if (sum != (uint64_t)p->active[i])
            s->bad = 1;
    }
    return s->bad ? STATS_EFORMAT : STATS_OK;
}

int checkpoint_read_state(const char *dir, struct runner_state *st, struct diag *d)
{
    unsigned char *b;
    size_t n, at = 0;
    struct checkpoint ck;
    memset(&ck, 0, sizeof ck);
    int rc = load(dir, &b, &n, &at, d);
    if (rc)
        return rc;
    struct source s = {.p = b, .n = n, .at = at};
    rc = parse_header(&s, dir, &ck, d);
    if (!rc) {
        int st_rc = get_table(&s, &st->summary);
        if (!st_rc)
            st_rc = get_table(&s, &st->nodes);
        if (!st_rc)
            st_rc = get_patrons(&s, &st->patrons, ck.done);
        if (!st_rc && s.at != s.n)
            st_rc = STATS_EFORMAT;
        if (st_rc == STATS_ENOMEM)
            rc = diag_set(d, DIAG_RUNTIME, dir, 0, 0, "out of memory restoring the checkpoint");
        else if (st_rc)
            rc = diag_set(
                d, DIAG_INPUT, dir, 0, 0,
                "the checkpoint's statistics do not fit this run (another engine version or scenario?)");
        else
            st->done = ck.done;
    }
    checkpoint_free(&ck);
    free(b);
    return rc;
}
