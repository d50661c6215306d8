/* sim/util/grow.h - growing a heap array by doubling, with the size arithmetic checked.
 *
 * The readers of sim/ collect rows, names and fields whose count is known
 * only at the end. grow_array() is the one place that doubles such an array:
 * it refuses a capacity whose byte size would not fit in a size_t instead of
 * letting the multiplication wrap and realloc() hand back a smaller block.
 * Layer: sim/ (libc only).
 */
#ifndef INFNET_SIM_GROW_H
#define INFNET_SIM_GROW_H

#include <stddef.h>

/* First capacity of an array grown from empty (doubled as needed). */
#define GROW_MIN 16

/* Make *p (an array of elements of size elem, capacity *cap elements) hold
 * at least need elements: unchanged when it already does, else realloc'd to
 * the first doubling of max(*cap, GROW_MIN) that does. 0 on success; -1 when
 * memory ran out or need * elem overflows, with *p and *cap untouched (the
 * caller still owns and frees *p). */
int grow_array(void **p, size_t *cap, size_t need, size_t elem);

#endif
