/* libcxjourney: journey maps as YAML files (see cxjourney(5)). Loading
 * reads through libyaml's event parser under limits; saving is canonical
 * and atomic. */
#ifndef CXJOURNEY_IO_H
#define CXJOURNEY_IO_H

#include <stdio.h>

#include "common.h"
#include "journey.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The major format version written as `cxjourney: 1`; files naming a newer
 * major version are refused. */
#define CXJ_FORMAT_VERSION 1

/* Flags of cxj_load_options. */
#define CXJ_LOAD_UNKNOWN_KEYS_WARN 0x1u /* unknown keys: skipped, warned */

/* How a load reads its input. Fill with CXJ_LOAD_OPTIONS_INIT or
 * cxj_load_options_init; fields are only ever appended. A limit of 0 means
 * its default; SIZE_MAX or UINT_MAX lifts it. */
typedef struct cxj_load_options {
	unsigned int version;
	unsigned int flags;               /* CXJ_LOAD_* */
	unsigned int max_depth;           /* nesting of collections: 64 */
	unsigned int max_alias_expansion; /* aliases may replay at most this
					   * factor times the bytes read: 10 */
	size_t max_scalar_length;         /* bytes of one scalar: 1 MiB */
	size_t max_document_size;         /* bytes of input: 256 MiB */
	size_t max_objects;               /* personas + stages + touchpoints:
					   * 1000000 */
	size_t max_entries;               /* of one attributes or targets
					   * mapping, or one persona list:
					   * 1000 */
	/* When not NULL, a successful load stores here the warnings it raised
	 * (an unknown key under CXJ_LOAD_UNKNOWN_KEYS_WARN), possibly none,
	 * as a list the caller frees with cxj_diagnostics_free. A failed load
	 * leaves it untouched. */
	cxj_diagnostics **warnings;
} cxj_load_options;

#define CXJ_LOAD_OPTIONS_VERSION 1
#define CXJ_LOAD_OPTIONS_INIT                                                  \
	{CXJ_LOAD_OPTIONS_VERSION, 0, 64, 10, 1048576, 268435456, 1000000,    \
	 1000, NULL}

/* Fills *opts with CXJ_LOAD_OPTIONS_INIT and sets its version, which must
 * be 1..CXJ_LOAD_OPTIONS_VERSION (CXJ_EINVAL otherwise, and for NULL). */
CXJ_EXTERN int cxj_load_options_init(cxj_load_options *opts,
				     unsigned int version);

/* Each load returns a new journey in *out (freed with cxj_journey_free), or
 * fails leaving *out untouched: CXJ_EPARSE for syntax and content errors,
 * CXJ_ELIMIT for a limit, CXJ_EIO when reading fails, CXJ_ENOMEM, CXJ_EINVAL
 * for bad arguments. cxj_error_last() gives the message and, for CXJ_EPARSE
 * and CXJ_ELIMIT, the file (or name), line and column. opts may be NULL.
 * Bad arguments: a NULL out, path or stream, NULL data with len > 0, an
 * opts version of 0 or above CXJ_LOAD_OPTIONS_VERSION, unknown flags. The
 * file is opened for reading (CXJ_EIO when it cannot be). */
CXJ_EXTERN int cxj_journey_load_file(const char *path,
				     const cxj_load_options *opts,
				     cxj_journey **out);
/* Loads the len bytes at data; name labels errors (the file field of
 * cxj_error); it may be NULL. Codes as above, but for CXJ_EIO. */
CXJ_EXTERN int cxj_journey_load_buffer(const void *data, size_t len,
				       const char *name,
				       const cxj_load_options *opts,
				       cxj_journey **out);
/* Reads the stream to its end; the caller keeps and closes it. name as
 * for a buffer. Codes as above (CXJ_EIO when reading fails). */
CXJ_EXTERN int cxj_journey_load_stream(FILE *stream, const char *name,
				       const cxj_load_options *opts,
				       cxj_journey **out);

/* How a save writes. Fields are only ever appended. */
typedef struct cxj_save_options {
	unsigned int version;
	unsigned int flags; /* none defined yet: 0 */
} cxj_save_options;

#define CXJ_SAVE_OPTIONS_VERSION 1
#define CXJ_SAVE_OPTIONS_INIT {CXJ_SAVE_OPTIONS_VERSION, 0}

/* Fills *opts with CXJ_SAVE_OPTIONS_INIT and sets its version, which must
 * be 1..CXJ_SAVE_OPTIONS_VERSION (CXJ_EINVAL otherwise, and for NULL). */
CXJ_EXTERN int cxj_save_options_init(cxj_save_options *opts,
				     unsigned int version);

/* Writes the journey in the canonical form of cxjourney(5). The file is
 * replaced atomically: the text goes to a file nobody sees (Linux
 * O_TMPFILE, else a locked temporary file), which is synced and renamed
 * over the target; on any failure (CXJ_EIO) the old file is untouched and
 * nothing is left beside it, and a later save removes what a killed one
 * left. A symbolic link is followed to the file it names (the link stays);
 * anything but a regular file (a directory, device, pipe) is refused. An
 * existing file keeps its permission bits, and its owner and group where
 * the process may set them. opts may be NULL. CXJ_EIO also for a refused
 * target or links that do not end; CXJ_EINVAL for a NULL journey, a NULL or
 * empty path, an opts version of 0 or above CXJ_SAVE_OPTIONS_VERSION, or
 * flags other than 0; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_save_file(const cxj_journey *journey,
				     const char *path,
				     const cxj_save_options *opts);
/* *buf receives the text, NUL-terminated, freed with cxj_free; *len its
 * length without the NUL. On failure both are untouched. CXJ_EINVAL for a
 * NULL argument or bad opts (as for a file), CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_save_buffer(const cxj_journey *journey,
				       const cxj_save_options *opts,
				       char **buf, size_t *len);
/* Writes to an open stream and flushes it; not atomic. CXJ_EIO when
 * writing or flushing fails (part of the text may be written), CXJ_EINVAL
 * for a NULL argument or bad opts (as for a file), CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_save_stream(const cxj_journey *journey,
				       FILE *stream,
				       const cxj_save_options *opts);

#ifdef __cplusplus
}
#endif

#endif
