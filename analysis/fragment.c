/* analysis/fragment.c - components, giant component and Borgatti fragmentation.
 * Uses igraph_connected_components. The pair sums are products of integers
 * held in doubles: exact while n (n - 1) < 2^53, i.e. up to ~9.5e7 vertices.
 */
#include "fragment.h"

int fragment_ws_init(struct fragment_ws *ws)
{
    int rc = igraph_vector_int_init(&ws->membership, 0);
    if (rc)
        return rc;
    rc = igraph_vector_int_init(&ws->csize, 0);
    if (rc)
        igraph_vector_int_destroy(&ws->membership);
    return rc;
}

void fragment_ws_destroy(struct fragment_ws *ws)
{
    igraph_vector_int_destroy(&ws->membership);
    igraph_vector_int_destroy(&ws->csize);
}

double fragment_borgatti(const igraph_vector_int_t *csize, igraph_integer_t n)
{
    if (n < 2)
        return 1.0;
    double reach = 0.0;
    for (igraph_integer_t k = 0; k < igraph_vector_int_size(csize); k++) {
        double s = (double)VECTOR(*csize)[k];
        reach += s * (s - 1.0);
    }
    return 1.0 - reach / ((double)n * (double)(n - 1));
}

int fragment_compute(const igraph_t *g, struct fragment_result *out, struct fragment_ws *ws)
{
    igraph_integer_t no = 0;
    int rc = igraph_connected_components(g, &ws->membership, &ws->csize, &no, IGRAPH_WEAK);
    if (rc)
        return rc;
    out->components = no;
    out->giant = no > 0 ? igraph_vector_int_max(&ws->csize) : 0;
    out->fragmentation = fragment_borgatti(&ws->csize, igraph_vcount(g));
    return 0;
}
