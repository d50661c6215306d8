/* sim/util/igraphfix.h - guards around two defects of igraph 0.10.2 met when memory runs out.
 *
 * Both come to light only when an allocation inside igraph fails; infnet is
 * linked with -Wl,--wrap for the functions concerned (Makefile, IGRAPH_WRAP),
 * so igraph's own calls go through sim/util/igraphfix.c. See that file.
 */
#ifndef INFNET_SIM_IGRAPHFIX_H
#define INFNET_SIM_IGRAPHFIX_H

#include <stdio.h>

#include <igraph.h>

/* igraph_write_graph_graphml(g, f, prefixattr), except that a failure to
 * list the graph's attributes (which igraph ignores, then aborts on the
 * vectors its error handler freed) is returned as IGRAPH_ENOMEM, or as the
 * code of that failure; what was written to f is then to be discarded. */
igraph_error_t igraphfix_write_graph_graphml(const igraph_t *g, FILE *f, igraph_bool_t prefixattr);

#endif
