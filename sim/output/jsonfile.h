/* sim/output/jsonfile.h - JSON files read with jansson, out of memory told apart from malformed.
 *
 * jansson reports a failed allocation while parsing as a syntax error
 * ("invalid token": its lexer drops a character it could not save), so a
 * reader cannot tell a malformed file from a full heap by the error alone.
 * jsonfile_install() gives jansson allocation functions that note a failure
 * in the calling thread; jsonfile_load() clears the note, parses, and reports
 * whether an allocation failed; jsonfile_dump() does the same for writing.
 * sim/ only (STYLE.md: main installs once,
 * before any thread starts).
 */
#ifndef INFNET_SIM_JSONFILE_H
#define INFNET_SIM_JSONFILE_H

#include <stdio.h>

#include <jansson.h>

/* Route jansson's allocations through the watch (once, from main). */
void jsonfile_install(void);

/* json_load_file(path, flags, err); when it returns NULL, *oom is 1 if an
 * allocation failed during the parse (then err is not about the file). */
json_t *jsonfile_load(const char *path, size_t flags, json_error_t *err, int *oom);

/* The same on a stream the caller opened (and closes). */
json_t *jsonfile_loadf(FILE *f, size_t flags, json_error_t *err, int *oom);

/* Clear the calling thread's note of a failed jansson allocation; then
 * jsonfile_failed() tells whether one failed since. A document built with
 * json_object_set_new and friends silently lacks what could not be
 * allocated: check before writing it. */
void jsonfile_watch(void);
int jsonfile_failed(void);

/* json_dumpf(json, f, flags); when it fails, *oom is 1 if an allocation
 * failed during the dump (then the failure is not the file's). */
int jsonfile_dump(const json_t *json, FILE *f, size_t flags, int *oom);

#endif
