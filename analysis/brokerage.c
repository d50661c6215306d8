/* analysis/brokerage.c - Burt's constraint and effective size, and the Gould-Fernandez brokerage roles.
 *
 * Effective size gathers each vertex's contacts once, with their mutual
 * weights, into compressed rows (struct contacts), so that a pair joined by
 * ties in both directions, or by several ties, is one contact as in
 * NetworkX; the redundancy sums then cost sum_v deg(v)^2. The roles walk
 * every two-path through a broker with a mark array of the sender's
 * out-neighbours, so "a has no tie to c" is one lookup.
 * Ownership: every buffer is allocated and freed within the call.
 * Layer: analysis/ (igraph).
 */
#include "analysis/brokerage.h"

#include <math.h>
#include <stdlib.h>

static const char *const role_names[BROKERAGE_ROLES] = {"coordinator", "itinerant", "representative",
                                                        "gatekeeper", "liaison"};

const char *brokerage_role_name(int role)
{
    return role >= 0 && role < BROKERAGE_ROLES ? role_names[role] : "?";
}

igraph_error_t brokerage_constraint(const igraph_t *g, const igraph_vector_t *weights, igraph_vector_t *res)
{
    return igraph_constraint(g, res, igraph_vss_all(), weights);
}

/* Each vertex's distinct contacts (either direction, loops left out) with
 * the mutual weight, their sum and their largest. */
struct contacts {
    igraph_integer_t *start; /* n + 1 row offsets */
    igraph_integer_t *who;
    double *mw;
    double *sum, *max;
};

static void contacts_free(struct contacts *c)
{
    free(c->start);
    free(c->who);
    free(c->mw);
    free(c->sum);
    free(c->max);
}

static igraph_error_t contacts_build(const igraph_t *g, const igraph_vector_t *weights, struct contacts *c)
{
    igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g);
    size_t cn = (size_t)n + 1, cm = 2 * (size_t)m + 1;
    igraph_inclist_t il;
    igraph_error_t rc = igraph_inclist_init(g, &il, IGRAPH_ALL, IGRAPH_LOOPS_TWICE); /* loops skipped below */
    if (rc)
        return rc;
    c->start = malloc(cn * sizeof *c->start);
    c->who = malloc(cm * sizeof *c->who);
    c->mw = malloc(cm * sizeof *c->mw);
    c->sum = malloc(cn * sizeof *c->sum);
    c->max = malloc(cn * sizeof *c->max);
    igraph_integer_t *slot = malloc(cn * sizeof *slot);
    if (!c->start || !c->who || !c->mw || !c->sum || !c->max || !slot) {
        contacts_free(c);
        free(slot);
        igraph_inclist_destroy(&il);
        return IGRAPH_ENOMEM;
    }
    for (igraph_integer_t v = 0; v < n; v++)
        slot[v] = -1;
    igraph_integer_t top = 0;
    for (igraph_integer_t v = 0; v < n; v++) {
        c->start[v] = top;
        igraph_vector_int_t *inc = igraph_inclist_get(&il, v);
        igraph_integer_t deg = igraph_vector_int_size(inc);
        for (igraph_integer_t j = 0; j < deg; j++) {
            igraph_integer_t e = VECTOR(*inc)[j], u = IGRAPH_OTHER(g, e, v);
            if (u == v)
                continue;
            double w = weights ? VECTOR(*weights)[e] : 1.0;
            if (slot[u] < 0) {
                slot[u] = top;
                c->who[top] = u;
                c->mw[top++] = 0.0;
            }
            c->mw[slot[u]] += w;
        }
        double sum = 0.0, max = 0.0;
        for (igraph_integer_t j = c->start[v]; j < top; j++) {
            slot[c->who[j]] = -1;
            sum += c->mw[j];
            if (c->mw[j] > max)
                max = c->mw[j];
        }
        c->sum[v] = sum;
        c->max[v] = max;
    }
    c->start[n] = top;
    free(slot);
    igraph_inclist_destroy(&il);
    return IGRAPH_SUCCESS;
}

igraph_error_t brokerage_effective_size(const igraph_t *g, const igraph_vector_t *weights,
                                        igraph_vector_t *res)
{
    igraph_integer_t n = igraph_vcount(g);
    igraph_error_t rc = igraph_vector_resize(res, n);
    if (rc)
        return rc;
    struct contacts c;
    if ((rc = contacts_build(g, weights, &c)))
        return rc;
    size_t cn = n > 0 ? (size_t)n : 1;
    double *p = malloc(cn * sizeof *p); /* p_vw of the current v, 0 elsewhere */
    char *in = calloc(cn, 1);           /* 1 = a contact of the current v */
    if (!p || !in) {
        free(p);
        free(in);
        contacts_free(&c);
        return IGRAPH_ENOMEM;
    }
    int borgatti = !weights && !igraph_is_directed(g);
    for (igraph_integer_t v = 0; v < n; v++)
        p[v] = 0.0;
    for (igraph_integer_t v = 0; v < n; v++) {
        igraph_integer_t a = c.start[v], b = c.start[v + 1];
        if (a == b) {
            VECTOR(*res)[v] = NAN;
            continue;
        }
        for (igraph_integer_t j = a; j < b; j++) {
            in[c.who[j]] = 1;
            p[c.who[j]] = c.sum[v] > 0 ? c.mw[j] / c.sum[v] : 0.0;
        }
        double es = 0.0;
        if (borgatti) {
            /* n - 2t/n: t ties among the contacts, each seen from both ends */
            double ties2 = 0.0, size = (double)(b - a);
            for (igraph_integer_t j = a; j < b; j++) {
                igraph_integer_t u = c.who[j];
                for (igraph_integer_t q = c.start[u]; q < c.start[u + 1]; q++)
                    ties2 += in[c.who[q]];
            }
            es = size - ties2 / size;
        } else {
            for (igraph_integer_t j = a; j < b; j++) {
                igraph_integer_t u = c.who[j];
                double r = 0.0;
                if (c.max[u] > 0)
                    for (igraph_integer_t q = c.start[u]; q < c.start[u + 1]; q++)
                        r += p[c.who[q]] * (c.mw[q] / c.max[u]);
                es += 1.0 - r;
            }
        }
        VECTOR(*res)[v] = es;
        for (igraph_integer_t j = a; j < b; j++) {
            in[c.who[j]] = 0;
            p[c.who[j]] = 0.0;
        }
    }
    free(p);
    free(in);
    contacts_free(&c);
    return IGRAPH_SUCCESS;
}

static int role_of(igraph_integer_t ga, igraph_integer_t gv, igraph_integer_t gc)
{
    if (ga == gv && gv == gc)
        return BROKERAGE_COORDINATOR;
    if (ga == gc)
        return BROKERAGE_ITINERANT;
    if (ga == gv)
        return BROKERAGE_REPRESENTATIVE;
    if (gv == gc)
        return BROKERAGE_GATEKEEPER;
    return BROKERAGE_LIAISON;
}

igraph_error_t brokerage_roles(const igraph_t *g, const igraph_vector_int_t *group, igraph_matrix_t *roles)
{
    igraph_integer_t n = igraph_vcount(g);
    if (igraph_vector_int_size(group) != n)
        return IGRAPH_EINVAL;
    igraph_error_t rc = igraph_matrix_resize(roles, n, BROKERAGE_ROLES);
    if (rc)
        return rc;
    igraph_matrix_null(roles);
    igraph_adjlist_t in, out;
    if ((rc = igraph_adjlist_init(g, &in, IGRAPH_IN, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE)))
        return rc;
    if ((rc = igraph_adjlist_init(g, &out, IGRAPH_OUT, IGRAPH_NO_LOOPS, IGRAPH_NO_MULTIPLE))) {
        igraph_adjlist_destroy(&in);
        return rc;
    }
    igraph_integer_t *mark = malloc((n > 0 ? (size_t)n : 1) * sizeof *mark);
    if (!mark) {
        igraph_adjlist_destroy(&in);
        igraph_adjlist_destroy(&out);
        return IGRAPH_ENOMEM;
    }
    igraph_integer_t stamps = 0;
    for (igraph_integer_t v = 0; v < n; v++)
        mark[v] = 0;
    for (igraph_integer_t v = 0; v < n && rc == IGRAPH_SUCCESS; v++) {
        igraph_vector_int_t *senders = igraph_adjlist_get(&in, v), *receivers = igraph_adjlist_get(&out, v);
        igraph_integer_t ns = igraph_vector_int_size(senders), nr = igraph_vector_int_size(receivers);
        for (igraph_integer_t i = 0; i < ns; i++) {
            igraph_integer_t a = VECTOR(*senders)[i];
            igraph_vector_int_t *reach = igraph_adjlist_get(&out, a);
            /* a's out-neighbours, stamped afresh for each (v, a) */
            igraph_integer_t stamp = ++stamps;
            for (igraph_integer_t j = 0; j < igraph_vector_int_size(reach); j++)
                mark[VECTOR(*reach)[j]] = stamp;
            for (igraph_integer_t j = 0; j < nr; j++) {
                igraph_integer_t c = VECTOR(*receivers)[j];
                if (c == a || mark[c] == stamp)
                    continue;
                MATRIX(*roles, v, role_of(VECTOR(*group)[a], VECTOR(*group)[v], VECTOR(*group)[c])) += 1.0;
            }
        }
        if ((v & 63) == 63 && igraph_allow_interruption(NULL) != IGRAPH_SUCCESS)
            rc = IGRAPH_INTERRUPTED;
    }
    free(mark);
    igraph_adjlist_destroy(&in);
    igraph_adjlist_destroy(&out);
    return rc;
}
