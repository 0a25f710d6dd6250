/* yaml_reader.h: libyaml's event parser behind the load limits
 * (yaml_reader.c). */
#ifndef CXJ_YAML_READER_H
#define CXJ_YAML_READER_H

#include "base.h"

/* yaml_limits.c: libyaml's event parser behind the load limits, replaying
 * aliases from a log of anchored nodes. Errors carry the reader's file name. */
#include <stdio.h>
enum {
	CXJ__Y_NONE = 0,
	CXJ__Y_STREAM_START,
	CXJ__Y_STREAM_END,
	CXJ__Y_DOC_START,
	CXJ__Y_DOC_END,
	CXJ__Y_ALIAS,
	CXJ__Y_SCALAR,
	CXJ__Y_SEQ_START,
	CXJ__Y_SEQ_END,
	CXJ__Y_MAP_START,
	CXJ__Y_MAP_END
};

/* One event as the loader sees it, valid until the next call. */
typedef struct cxj__yev {
	int type;
	const char *value; /* scalar text, NUL-terminated */
	size_t len;
	int plain;         /* a plain (unquoted) scalar */
	unsigned line, column; /* from 1 */
} cxj__yev;

typedef struct cxj__yreader cxj__yreader;

/* opts must have every limit filled in (no zeros). */
/* The line and column (from 1, columns in code points) of byte offset. */
void cxj__text_position(const void *text, size_t offset, unsigned *line,
			unsigned *col);
int cxj__yreader_new_buffer(const void *data, size_t len,
			    const cxj_load_options *opts, const char *file,
			    cxj__yreader **out);
int cxj__yreader_new_stream(FILE *stream, const cxj_load_options *opts,
			    const char *file, cxj__yreader **out);
void cxj__yreader_free(cxj__yreader *r);
int cxj__yreader_next(cxj__yreader *r, cxj__yev *ev);
/* Bytes handed to the parser so far, and the size of the whole input when
 * it is known (a buffer, a regular file), else 0: for sizing tables. */
size_t cxj__yreader_bytes(const cxj__yreader *r);
size_t cxj__yreader_size(const cxj__yreader *r);

#endif
