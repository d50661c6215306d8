/* sim/util/igraphfix.c - guards around two defects of igraph 0.10.2 met when memory runs out.
 *
 * infnet is linked with -Wl,--wrap=igraph_create and
 * -Wl,--wrap=igraph_i_attribute_get_info (Makefile, IGRAPH_WRAP), so every
 * call of those functions, igraph's own included, comes here first.
 *
 * 1. Leiden (src/community/leiden.c, igraph_i_community_leiden_aggregate)
 *    destroys its aggregated graph, which stays on igraph's FINALLY stack,
 *    then calls igraph_create on it. When an allocation in that igraph_create
 *    fails, the error handler frees the whole FINALLY stack, and with it
 *    destroys the destroyed graph again: a double free (a crash instead of
 *    exit 1). Here the target is zeroed first (igraph_create's target is
 *    uninitialised by contract, and igraph_destroy of a zeroed graph frees
 *    nothing: its storage, attributes and cache are NULL) and the graph is
 *    built in a local igraph_t, moved into the target only when complete.
 *
 * 2. igraph_write_graph_graphml (src/io/graphml.c) ignores the status of
 *    igraph_i_attribute_get_info. When an allocation in it fails, the error
 *    handler frees the writer's vectors, which the writer then reads: igraph
 *    aborts on its own assertion. igraphfix_write_graph_graphml marks its
 *    thread as writing GraphML; for such a call the attribute listing runs
 *    under an error handler that leaves the FINALLY stack alone (the listing
 *    only resizes and fills the vectors it is given, and pushes nothing on
 *    that stack), so the writer goes on with intact vectors, and the failure
 *    is returned afterwards so that the caller discards the file. Every other
 *    caller of the listing checks its status and keeps igraph's handling.
 *
 * The marks are thread-local (igraph's error handlers are too): the only
 * mutable state here, written and read around one call on one thread.
 * Only a static igraph can be wrapped so: the Makefile defines
 * INFNET_IGRAPH_WRAP when it links one, and without it (a shared igraph)
 * igraphfix_write_graph_graphml is igraph's writer itself.
 */
#include "sim/util/igraphfix.h"

#include <string.h>

#ifdef INFNET_IGRAPH_WRAP

igraph_error_t __real_igraph_create(igraph_t *graph, const igraph_vector_int_t *edges, igraph_integer_t n,
                                    igraph_bool_t directed);
igraph_error_t __wrap_igraph_create(igraph_t *graph, const igraph_vector_int_t *edges, igraph_integer_t n,
                                    igraph_bool_t directed);
/* igraph's internal listing of attribute names and types (src/graph/attributes.h) */
igraph_error_t __real_igraph_i_attribute_get_info(const igraph_t *graph, igraph_strvector_t *gnames,
                                                  igraph_vector_int_t *gtypes, igraph_strvector_t *vnames,
                                                  igraph_vector_int_t *vtypes, igraph_strvector_t *enames,
                                                  igraph_vector_int_t *etypes);
igraph_error_t __wrap_igraph_i_attribute_get_info(const igraph_t *graph, igraph_strvector_t *gnames,
                                                  igraph_vector_int_t *gtypes, igraph_strvector_t *vnames,
                                                  igraph_vector_int_t *vtypes, igraph_strvector_t *enames,
                                                  igraph_vector_int_t *etypes);

igraph_error_t __wrap_igraph_create(igraph_t *graph, const igraph_vector_int_t *edges, igraph_integer_t n,
                                    igraph_bool_t directed)
{
    igraph_t built;
    memset(graph, 0, sizeof *graph);
    igraph_error_t err = __real_igraph_create(&built, edges, n, directed);
    if (err == IGRAPH_SUCCESS)
        *graph = built; /* an igraph_t holds no pointer to itself: moving it is safe */
    return err;
}

static _Thread_local int writing_graphml;
static _Thread_local igraph_error_t listing_failed;

/* An error handler that records nothing and frees nothing. */
static void keep_finally_stack(const char *reason, const char *file, int line, igraph_error_t err)
{
    (void)reason;
    (void)file;
    (void)line;
    (void)err;
}

igraph_error_t __wrap_igraph_i_attribute_get_info(const igraph_t *graph, igraph_strvector_t *gnames,
                                                  igraph_vector_int_t *gtypes, igraph_strvector_t *vnames,
                                                  igraph_vector_int_t *vtypes, igraph_strvector_t *enames,
                                                  igraph_vector_int_t *etypes)
{
    if (!writing_graphml)
        return __real_igraph_i_attribute_get_info(graph, gnames, gtypes, vnames, vtypes, enames, etypes);
    igraph_error_handler_t *saved = igraph_set_error_handler(keep_finally_stack);
    igraph_error_t err =
        __real_igraph_i_attribute_get_info(graph, gnames, gtypes, vnames, vtypes, enames, etypes);
    igraph_set_error_handler(saved);
    if (err != IGRAPH_SUCCESS && listing_failed == IGRAPH_SUCCESS)
        listing_failed = err;
    return err;
}

igraph_error_t igraphfix_write_graph_graphml(const igraph_t *g, FILE *f, igraph_bool_t prefixattr)
{
    writing_graphml = 1;
    listing_failed = IGRAPH_SUCCESS;
    igraph_error_t err = igraph_write_graph_graphml(g, f, prefixattr);
    writing_graphml = 0;
    return listing_failed != IGRAPH_SUCCESS ? listing_failed : err;
}

#else

igraph_error_t igraphfix_write_graph_graphml(const igraph_t *g, FILE *f, igraph_bool_t prefixattr)
{
    return igraph_write_graph_graphml(g, f, prefixattr);
}

#endif
