/* models/world.h - the state of one influence network: actors, ties, patrons.
 *
 * A world holds every actor (node) and tie (edge) of a scenario plus spare
 * slots for the splinters and front groups factions may spawn. Removal never
 * deletes: it clears `active`, so node indices are stable for a whole run and
 * outputs can name nodes. The runner keeps one template world per scenario
 * (the step-0 state) and copies it into each worker's world per replica;
 * world_copy() reuses the destination's storage, so after the first replica a
 * worker allocates nothing.
 * Ownership: a world owns its arrays. Names (ids, labels) live in sim/.
 * Layer: models/ (igraph for the graph view; no I/O).
 */
#ifndef INFNET_MODELS_WORLD_H
#define INFNET_MODELS_WORLD_H

#include <igraph.h>

enum node_kind { KIND_AGENCY, KIND_LEADER, KIND_FACTION, KIND_INSTITUTION, KIND_COUNT };
enum tie_type { TIE_COMMAND, TIE_FUNDING, TIE_PERSONAL, TIE_COORDINATION, TIE_POLITICAL, TIE_COUNT };
enum spawn_kind { SPAWN_NONE, SPAWN_SPLINTER, SPAWN_FRONT };

/* The status of a models/ function that can fail: the layer's only error
 * codes. sim/ turns them into a diagnostic (sim/util/diag.h: diag_from_fault);
 * nothing else in the program shares these values. */
enum world_status {
    WORLD_OK = 0,
    WORLD_ENOMEM = 1,  /* an allocation failed */
    WORLD_EIGRAPH = 2, /* igraph failed for a reason other than memory */
    WORLD_EFULL = 3    /* a faction has no spawn slot left */
};

struct actor {
    enum node_kind kind;
    int active;            /* 0 once removed or not yet spawned */
    double strength;       /* s in [0,1] */
    double stance;         /* sigma in [0,1]: 0 calm ... 1 escalate; an agency's directive */
    double budget;         /* B0 >= 0: base budget per step (agencies, institutions) */
    double revenue;        /* r >= 0: own (illicit) revenue per step (factions) */
    double authority;      /* alpha in [0,1]: a leader's brokering reach */
    int successor;         /* leader index inheriting this leader's ties, or -1 */
    int patron;            /* index of the agency commanding this faction, or -1 */
    double strain;         /* e >= 0: accumulated cross-pressure */
    double sanction;       /* I(t) in [0,1]: sanction intensity this step */
    double income;         /* Y(t): income received this step (factions) */
    int parent;            /* spawned slots: the faction that spawns them; else -1 */
    enum spawn_kind spawn; /* what a spawned slot became (SPAWN_NONE while unused) */
    int slot_first;        /* factions: index of the first spawn slot, -1 if none */
    int slot_count;        /* factions: number of spawn slots */
    int slots_used;        /* factions: slots used so far */
    int initial;           /* 1 when active at step 0 (world_seal) */
    int patron0;           /* the patron at step 0 (world_seal), -1 if none */
    int left_step;         /* step at which the patron first differed from patron0, -1 if never */
};

struct tie {
    int from, to; /* node indices; command/funding point from agency/institution to faction */
    enum tie_type type;
    double weight; /* w in [0,1] */
    double base;   /* w0: the weight at step 0 */
    int active;
};

/* Model events counted where they happen (docs/MODEL.md, "Event counts"): the
 * observables of the sources. Counting starts at world_seal (the step-0
 * state as the scenario writes it), so step 0's pressures count. */
enum world_event {
    EVENT_FRONTS_CREATED,     /* spawn slots activated as front groups (world_spawn) */
    EVENT_SPLINTERS_CREATED,  /* spawn slots activated as splinters (world_spawn) */
    EVENT_PATRON_SWITCHES,    /* a faction's patron changed (world_set_patron) */
    EVENT_LEADERS_KILLED,     /* active leaders removed (world_remove_node) */
    EVENT_FACTIONS_DISSOLVED, /* active factions removed (world_remove_node) */
    EVENT_TIES_CREATED,       /* ties added (world_add_tie) */
    EVENT_TIES_DISSOLVED,     /* active ties deactivated (world_remove_tie, world_remove_node) */
    EVENT_COUNT
};

struct world_events {
    long total[EVENT_COUNT]; /* since world_seal */
    long step[EVENT_COUNT];  /* since the last world_begin_step */
    int t;                   /* the step world_begin_step last began */
};

struct world {
    int n_nodes; /* all slots: scenario nodes then spawn slots */
    int n_base;  /* scenario nodes (slots start here) */
    int cap_nodes;
    struct actor *nodes;
    int n_edges, cap_edges;
    struct tie *edges;
    int **inc; /* inc[i]: indices of the ties incident to node i */
    int *n_inc, *cap_inc;
    int n_initial;                  /* active nodes at step 0, before any pressure */
    int n_initial_kind[KIND_COUNT]; /* the same, by kind */
    struct world_events ev;         /* event counts (zero at world_seal) */
};

/* An empty world. */
void world_init(struct world *w);
void world_destroy(struct world *w);

/* Add a node with kind k and neutral state; returns its index or -1 (ENOMEM). */
int world_add_node(struct world *w, enum node_kind k);
/* Add an active tie of weight wt (also its base); returns its index or -1. */
int world_add_tie(struct world *w, int from, int to, enum tie_type t, double wt);
/* Index of the active tie of type t between a and b (either direction), or -1. */
int world_find_tie(const struct world *w, int a, int b, enum tie_type t);

/* Give every faction `count` inactive spawn slots (after all scenario nodes
 * are in); slot j of faction f is named by sim/ after f. Returns WORLD_OK. */
enum world_status world_reserve_slots(struct world *w, int count);

/* Freeze the step-0 state: records n_initial, each tie's base weight, each
 * node's step-0 activity and patron, and zeroes the event counts. */
void world_seal(struct world *w);

/* Begin step t: zero the per-step event counts (ev.step) and note t, the
 * step a faction's left_step records. */
void world_begin_step(struct world *w, int t);
/* Make agency a the patron of faction f: counts a patron switch when it
 * differs from the current patron, and records the step at which f first
 * holds a patron other than its step-0 one. */
void world_set_patron(struct world *w, int f, int a);
/* Active factions that were active at step 0 and whose patron now differs
 * from their step-0 patron; *first (when not NULL) receives how many of the
 * active step-0 factions first left it in the step now begun (left_step). */
int world_left_initial_patron(const struct world *w, int *first);

/* Make dst an exact copy of src, reusing dst's storage. WORLD_OK or WORLD_ENOMEM. */
enum world_status world_copy(struct world *dst, const struct world *src);

/* Deactivate node i and all its ties (counting the leader or faction
 * removed and the ties deactivated). */
void world_remove_node(struct world *w, int i);
/* Deactivate tie e. */
void world_remove_tie(struct world *w, int e);
/* Activate spawn slot s of faction f (kind faction, given spawn kind). */
int world_spawn(struct world *w, int f, enum spawn_kind how);
/* Use a spawn slot of f as a claim name: a front group that is a label with
 * a parent, not an actor. The slot records the front (spawn kind front,
 * parent f, f's patron and stance, strength 0) and counts as a front
 * created, but stays inactive: no strength, no ties, no pressure reaches it
 * and no measure sees it. Returns its index, or -1 when no slot is free. */
int world_spawn_claim(struct world *w, int f);

/* Tie-type masks for world_neighbour(): bit t set selects ties of type t. */
#define WORLD_TIE_BIT(t) (1u << (unsigned)(t))
#define WORLD_TIES_ANY ((1u << (unsigned)TIE_COUNT) - 1u)

/* link(a,b): the largest weight among the active ties of any type between a
 * and b (either direction), 0 if none. O(min(deg a, deg b)). */
double world_link(const struct world *w, int a, int b);
/* Entry k of x's incidence list read as a distinct neighbour: returns y when
 * tie inc[x][k] is active, of a type in `types`, y is active and of kind
 * `kind`, and no earlier entry of inc[x] is such an active tie to y (so a loop
 * over k visits each neighbour once, in incidence order); *link then receives
 * the largest weight among x's active ties of those types to y. Else -1. */
int world_neighbour(const struct world *w, int x, int k, unsigned types, enum node_kind kind, double *link);

/* Counts of active nodes and ties. */
int world_active_nodes(const struct world *w);
int world_active_ties(const struct world *w);

/* Workspace for world_graph(): reused between calls, grown on demand. */
struct world_graph_ws {
    igraph_vector_int_t edges; /* endpoints, 2 per merged edge */
    double *acc;               /* per-node accumulated weight, -1 unmarked */
    int *touched;
    int cap;
};
void world_graph_ws_init(struct world_graph_ws *ws);
void world_graph_ws_destroy(struct world_graph_ws *ws);

/* The undirected simple graph of active nodes and ties: one edge per linked
 * pair, weight = the sum of the pair's active tie weights. vid2node maps a
 * vertex to its node index (size = vertices), node2vid (size n_nodes) maps a
 * node to its vertex or -1. g must be uninitialised; weights and vid2node
 * initialised (resized here). Returns WORLD_OK, WORLD_ENOMEM (any allocation,
 * igraph's included) or WORLD_EIGRAPH (another igraph failure). */
enum world_status world_graph(const struct world *w, igraph_t *g, igraph_vector_t *weights,
                              igraph_vector_int_t *vid2node, int *node2vid, struct world_graph_ws *ws);

/* Bit masks selecting node kinds (1 << KIND_*) and tie types (1 << TIE_*). */
#define WORLD_ALL_KINDS ((1u << KIND_COUNT) - 1u)
#define WORLD_ALL_TIES ((1u << TIE_COUNT) - 1u)

/* As world_graph, restricted to active nodes whose kind is in kind_mask and
 * active ties whose type is in tie_mask (the measured network a scenario
 * chooses with outputs.network_kinds / outputs.network_ties). */
enum world_status world_graph_filtered(const struct world *w, unsigned kind_mask, unsigned tie_mask,
                                       igraph_t *g, igraph_vector_t *weights, igraph_vector_int_t *vid2node,
                                       int *node2vid, struct world_graph_ws *ws);

/* Active nodes at step 0 whose kind is in kind_mask. */
int world_initial_count(const struct world *w, unsigned kind_mask);

/* Model-state measures. */
int world_patron_count(const struct world *w);      /* agencies commanding >= 1 active faction */
double world_patron_entropy(const struct world *w); /* nats, strength-weighted patron shares */
double world_mean_strength(const struct world *w);  /* over active factions; 0 if none */
double world_total_funding(const struct world *w);  /* sum of factions' income Y this step */

const char *world_kind_name(enum node_kind k);
const char *world_tie_name(enum tie_type t);
int world_kind_parse(const char *s, enum node_kind *k); /* 0 ok, -1 unknown */
int world_tie_parse(const char *s, enum tie_type *t);

#endif
