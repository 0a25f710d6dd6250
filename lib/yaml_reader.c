/* yaml_limits.c: libyaml's event parser behind the load limits. Aliases are
 * replayed from a log of their anchored nodes, charged against a budget. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "alloc.h"
#include "text.h"
#include "yaml_reader.h"

/* One event kept because it lies inside an anchored node. */
typedef struct rec {
	char *value;   /* scalar text, NUL-terminated; NULL otherwise */
	size_t len;
	uint64_t cum;  /* expanded cost of the log before this record */
	size_t anchor; /* alias: the anchor it names */
	unsigned line, column;
	unsigned char type, plain;
} rec;

typedef struct anchor {
	char *name;
	size_t start, end; /* records [start, end) */
	uint64_t cost;     /* events + scalar bytes once fully expanded */
	int open;
} anchor;

typedef struct open_anchor {
	size_t anchor;
	size_t depth; /* parser depth of its collection */
} open_anchor;

typedef struct frame {
	size_t pos, end;
} frame;

struct cxj__yreader {
	yaml_parser_t parser;
	yaml_event_t event;
	int have_event;
	int parser_ready;
	cxj_load_options opts;
	const char *file;

	const unsigned char *data; /* buffer input */
	size_t len, off;
	FILE *stream; /* or stream input */
	size_t size;  /* of the whole input when known, else 0 */
	size_t bytes; /* read so far */
	int io_errno, too_big;
	unsigned stop_line, stop_col; /* where reading stopped, for both */

	rec *log;
	size_t nlog, caplog;
	uint64_t log_cost;
	anchor *anchors;
	size_t nanchors, capanchors;
	cxj__strmap anchor_names;
	open_anchor *opened;
	size_t nopened, capopened;
	frame *replay;
	size_t nreplay, capreplay;
	uint64_t expanded;
	size_t parser_depth;
	unsigned depth;
};

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Advances (line, col) over bytes, counting columns in code points as
 * libyaml does. Every chunk of a streamed file passes through here:
 * memchr jumps from break to break, and only the last line's bytes are
 * looked at one by one. */
static void advance(const unsigned char *s, size_t n, unsigned *line,
		    unsigned *col)
{
	const unsigned char *p = s, *end = s + n, *q;
	size_t lines = 0;
	while (p < end && (q = memchr(p, '\n', (size_t)(end - p)))) {
		lines++;
		p = q + 1;
	}
	if (lines) {
		*line += (unsigned)lines;
		*col = 1;
	}
	for (; p < end; p++)
		if ((*p & 0xC0) != 0x80)
			(*col)++;
}

void cxj__text_position(const void *text, size_t offset, unsigned *line,
			unsigned *col)
{
	*line = 1;
	*col = 1;
	advance(text, offset, line, col);
}

/* The line and column of a reader error at byte offset. A buffer is at
 * hand. Of a streamed file, libyaml still holds what lies between its
 * scanner and the error: the scanner's mark, the characters it decoded
 * past it, which are the input's own bytes (UTF-8 in, UTF-8 out), and the
 * raw bytes of the character it could not decode (the error names the
 * offending byte within them). Nothing needs to be kept or counted while
 * the file is read. */
static void offset_position(const cxj__yreader *r, size_t offset,
			    unsigned *line, unsigned *col)
{
	const yaml_parser_t *p = &r->parser;
	size_t ahead, raw, before = 0, extra = 0;
	*line = 1;
	*col = 1;
	if (!r->stream) {
		advance(r->data, offset < r->len ? offset : r->len, line, col);
		return;
	}
	ahead = (size_t)(p->buffer.last - p->buffer.pointer);
	raw = (size_t)(p->raw_buffer.last - p->raw_buffer.pointer);
	if (offset >= p->offset)
		extra = offset - p->offset;  /* into the undecoded bytes */
	else
		before = p->offset - offset; /* decoded past the error */
	if (before > ahead || extra > raw) {
		*line = *col = 0; /* not what libyaml holds */
		return;
	}
	*line = (unsigned)p->mark.line + 1;
	*col = (unsigned)p->mark.column + 1;
	advance(p->buffer.pointer, ahead - before, line, col);
	advance(p->raw_buffer.pointer, extra, line, col);
}

static int read_handler(void *data, unsigned char *buffer, size_t size,
			size_t *size_read)
{
	cxj__yreader *r = data;
	size_t n;
	if (r->stream) {
		n = fread(buffer, 1, size, r->stream);
		if (n < size && ferror(r->stream)) {
			r->io_errno = errno ? errno : EIO;
			offset_position(r, r->bytes, &r->stop_line,
					&r->stop_col);
			return 0;
		}
	} else {
		n = r->len - r->off < size ? r->len - r->off : size;
		memcpy(buffer, r->data + r->off, n);
		r->off += n;
	}
	if (n > r->opts.max_document_size - r->bytes) {
		/* the position of the limit: what libyaml holds, then the
		 * part of this chunk within the limit */
		offset_position(r, r->bytes, &r->stop_line, &r->stop_col);
		advance(buffer, r->opts.max_document_size - r->bytes,
			&r->stop_line, &r->stop_col);
		r->too_big = 1;
		return 0;
	}
	r->bytes += n;
	*size_read = n;
	return 1;
}

/* A reader with its parser ready; the caller sets its input. */
static int reader_new(const cxj_load_options *opts, const char *file,
		      cxj__yreader **out)
{
	cxj__yreader *r = cxj__malloc(sizeof *r);
	if (!r)
		return cxj__nomem();
	memset(r, 0, sizeof *r);
	r->opts = *opts;
	r->file = file;
	if (!yaml_parser_initialize(&r->parser)) {
		cxj__free(r);
		return cxj__nomem();
	}
	r->parser_ready = 1;
	/* the format is UTF-8: no guessing of UTF-16 from a byte order mark */
	yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input(&r->parser, read_handler, r);
	*out = r;
	return CXJ_OK;
}

int cxj__yreader_new_buffer(const void *data, size_t len,
			    const cxj_load_options *opts, const char *file,
			    cxj__yreader **out)
{
	int rc = reader_new(opts, file, out);
	if (!rc) {
		(*out)->data = data;
		(*out)->len = (*out)->size = len;
	}
	return rc;
}

int cxj__yreader_new_stream(FILE *stream, const cxj_load_options *opts,
			    const char *file, cxj__yreader **out)
{
	int rc = reader_new(opts, file, out);
	struct stat st;
	long at;
	if (rc)
		return rc;
	(*out)->stream = stream;
	/* what is left of a regular file */
	if (fstat(fileno(stream), &st) == 0 && S_ISREG(st.st_mode) &&
	    (at = ftell(stream)) >= 0 && st.st_size > at)
		(*out)->size = (size_t)(st.st_size - at);
	return CXJ_OK;
}

size_t cxj__yreader_bytes(const cxj__yreader *r)
{
	return r->bytes;
}

size_t cxj__yreader_size(const cxj__yreader *r)
{
	return r->size;
}

void cxj__yreader_free(cxj__yreader *r)
{
	if (!r)
		return;
	if (r->have_event)
		yaml_event_delete(&r->event);
	if (r->parser_ready)
		yaml_parser_delete(&r->parser);
	for (size_t i = 0; i < r->nlog; i++)
		cxj__free(r->log[i].value);
	cxj__free(r->log);
	for (size_t i = 0; i < r->nanchors; i++)
		cxj__free(r->anchors[i].name);
	cxj__free(r->anchors);
	cxj__strmap_clear(&r->anchor_names);
	cxj__free(r->opened);
	cxj__free(r->replay);
	cxj__free(r);
}

static int parser_failure(cxj__yreader *r)
{
	yaml_parser_t *p = &r->parser;
	unsigned line, col;
	if (p->error == YAML_MEMORY_ERROR)
		return cxj__nomem();
	if (r->too_big)
		return cxj__error_at(CXJ_ELIMIT, r->file, r->stop_line,
				     r->stop_col,
				     "the document is larger than the limit "
				     "of %zu bytes",
				     r->opts.max_document_size);
	if (r->io_errno)
		return cxj__error_at(CXJ_EIO, r->file, r->stop_line,
				     r->stop_col, "cannot read the document: %s",
				     strerror(r->io_errno));
	if (p->error == YAML_READER_ERROR) {
		offset_position(r, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			return cxj__error_at(CXJ_EPARSE, r->file, line, col,
					     "%s (byte 0x%02x)",
					     p->problem ? p->problem
							: "unreadable input",
					     (unsigned)p->problem_value & 0xFF);
		return cxj__error_at(CXJ_EPARSE, r->file, line, col, "%s",
				     p->problem ? p->problem
						: "unreadable input");
	}
	line = (unsigned)p->problem_mark.line + 1;
	col = (unsigned)p->problem_mark.column + 1;
	if (p->context)
		return cxj__error_at(CXJ_EPARSE, r->file, line, col,
				     "syntax error: %s %s", p->context,
				     p->problem ? p->problem : "");
	return cxj__error_at(CXJ_EPARSE, r->file, line, col,
			     "syntax error: %s",
			     p->problem ? p->problem : "malformed YAML");
}

/* Appends the current parser event to the log of open anchors. */
static int record(cxj__yreader *r, const cxj__yev *ev, size_t anchor_index)
{
	rec *x;
	uint64_t cost;
	if (cxj__reserve((void **)&r->log, &r->caplog, r->nlog + 1,
			 sizeof *r->log))
		return CXJ_ENOMEM;
	x = &r->log[r->nlog];
	memset(x, 0, sizeof *x);
	if (ev->type == CXJ__Y_SCALAR) {
		x->value = cxj__strndup(ev->value, ev->len);
		if (!x->value)
			return cxj__nomem();
		x->len = ev->len;
	}
	x->type = (unsigned char)ev->type;
	x->plain = (unsigned char)ev->plain;
	x->line = ev->line;
	x->column = ev->column;
	x->anchor = anchor_index;
	x->cum = r->log_cost;
	cost = ev->type == CXJ__Y_ALIAS ? r->anchors[anchor_index].cost
					: sat_add(1, ev->len);
	r->log_cost = sat_add(r->log_cost, cost);
	r->nlog++;
	return CXJ_OK;
}

static int open_anchor_at(cxj__yreader *r, const char *name, size_t start)
{
	anchor *a;
	char *copy;
	if (cxj__reserve((void **)&r->anchors, &r->capanchors,
			 r->nanchors + 1, sizeof *r->anchors) ||
	    cxj__reserve((void **)&r->opened, &r->capopened, r->nopened + 1,
			 sizeof *r->opened) ||
	    cxj__strmap_reserve(&r->anchor_names, 1))
		return CXJ_ENOMEM;
	copy = cxj__strdup(name);
	if (!copy)
		return cxj__nomem();
	a = &r->anchors[r->nanchors];
	a->name = copy;
	a->start = start;
	a->end = start;
	a->cost = 0;
	a->open = 1;
	/* a later anchor of the same name shadows the earlier one */
	cxj__strmap_put(&r->anchor_names, copy,
			(void *)(uintptr_t)(r->nanchors + 1));
	r->opened[r->nopened].anchor = r->nanchors;
	r->opened[r->nopened].depth = r->parser_depth;
	r->nopened++;
	r->nanchors++;
	return CXJ_OK;
}

static void close_top(cxj__yreader *r)
{
	anchor *a = &r->anchors[r->opened[r->nopened - 1].anchor];
	a->end = r->nlog;
	a->cost = r->log_cost - r->log[a->start].cum;
	a->open = 0;
	r->nopened--;
}

static void close_anchors(cxj__yreader *r)
{
	while (r->nopened &&
	       r->opened[r->nopened - 1].depth == r->parser_depth)
		close_top(r);
}

static int push_replay(cxj__yreader *r, size_t index)
{
	if (cxj__reserve((void **)&r->replay, &r->capreplay, r->nreplay + 1,
			 sizeof *r->replay))
		return CXJ_ENOMEM;
	r->replay[r->nreplay].pos = r->anchors[index].start;
	r->replay[r->nreplay].end = r->anchors[index].end;
	r->nreplay++;
	return CXJ_OK;
}

/* Charges the whole expansion of an anchor to the budget, for an alias at
 * (line, col) in the input, and starts its replay. Aliases met during the
 * replay are part of what was charged. */
static int start_alias(cxj__yreader *r, size_t index, unsigned line,
		       unsigned col)
{
	const anchor *a = &r->anchors[index];
	uint64_t budget = (uint64_t)r->opts.max_alias_expansion *
			  (uint64_t)(r->bytes ? r->bytes : 1);
	if (r->opts.max_alias_expansion == UINT_MAX)
		budget = UINT64_MAX;
	if (sat_add(r->expanded, a->cost) > budget)
		return cxj__error_at(CXJ_ELIMIT, r->file, line, col,
				     "alias '*%s' would expand the document "
				     "beyond %u times its size",
				     a->name, r->opts.max_alias_expansion);
	r->expanded = sat_add(r->expanded, a->cost);
	return push_replay(r, index);
}

static int from_replay(cxj__yreader *r, cxj__yev *ev, int *got)
{
	frame *f = &r->replay[r->nreplay - 1];
	const rec *x;
	*got = 0;
	if (f->pos == f->end) {
		r->nreplay--;
		return CXJ_OK;
	}
	x = &r->log[f->pos++];
	if (x->type == CXJ__Y_ALIAS)
		return push_replay(r, x->anchor);
	ev->type = x->type;
	ev->value = x->value;
	ev->len = x->len;
	ev->plain = x->plain;
	ev->line = x->line;
	ev->column = x->column;
	*got = 1;
	return CXJ_OK;
}

static const char *event_anchor(const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT: return (const char *)e->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)e->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return (const char *)e->data.mapping_start.anchor;
	default: return NULL;
	}
}

static void translate(const yaml_event_t *e, cxj__yev *ev)
{
	ev->line = (unsigned)e->start_mark.line + 1;
	ev->column = (unsigned)e->start_mark.column + 1;
	ev->value = NULL;
	ev->len = 0;
	ev->plain = 0;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		ev->type = CXJ__Y_SCALAR;
		ev->value = (const char *)e->data.scalar.value;
		ev->len = e->data.scalar.length;
		ev->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		break;
	case YAML_MAPPING_START_EVENT: ev->type = CXJ__Y_MAP_START; break;
	case YAML_MAPPING_END_EVENT: ev->type = CXJ__Y_MAP_END; break;
	case YAML_SEQUENCE_START_EVENT: ev->type = CXJ__Y_SEQ_START; break;
	case YAML_SEQUENCE_END_EVENT: ev->type = CXJ__Y_SEQ_END; break;
	case YAML_ALIAS_EVENT: ev->type = CXJ__Y_ALIAS; break;
	case YAML_STREAM_START_EVENT: ev->type = CXJ__Y_STREAM_START; break;
	case YAML_STREAM_END_EVENT: ev->type = CXJ__Y_STREAM_END; break;
	case YAML_DOCUMENT_START_EVENT: ev->type = CXJ__Y_DOC_START; break;
	case YAML_DOCUMENT_END_EVENT: ev->type = CXJ__Y_DOC_END; break;
	default: ev->type = CXJ__Y_NONE; break;
	}
}

/* The event just parsed, with the log of anchored nodes kept. *got is 0
 * when an alias only started a replay. */
static int take_event(cxj__yreader *r, cxj__yev *ev, int *got)
{
	const char *name;
	int rc;
	*got = 0;
	r->have_event = 1;
	translate(&r->event, ev);
	if (ev->type == CXJ__Y_ALIAS) {
		void *v;
		size_t index;
		name = (const char *)r->event.data.alias.anchor;
		v = cxj__strmap_get(&r->anchor_names, name);
		if (!v)
			return cxj__error_at(CXJ_EPARSE, r->file, ev->line,
					     ev->column,
					     "alias '*%s' names no anchor "
					     "defined before it",
					     name);
		index = (size_t)(uintptr_t)v - 1;
		if (r->anchors[index].open)
			return cxj__error_at(CXJ_EPARSE, r->file, ev->line,
					     ev->column,
					     "alias '*%s' refers to a node that "
					     "contains it",
					     name);
		if (r->nopened && (rc = record(r, ev, index)))
			return rc;
		return start_alias(r, index, ev->line, ev->column);
	}
	if (ev->type == CXJ__Y_SEQ_START || ev->type == CXJ__Y_MAP_START)
		r->parser_depth++;
	name = event_anchor(&r->event);
	if (name && (rc = open_anchor_at(r, name, r->nlog)))
		return rc;
	if (r->nopened) {
		if ((rc = record(r, ev, 0)))
			return rc;
		if (ev->type == CXJ__Y_SCALAR) {
			/* an anchored scalar closes at once */
			if (name)
				close_top(r);
		} else if (ev->type == CXJ__Y_SEQ_END ||
			   ev->type == CXJ__Y_MAP_END) {
			close_anchors(r);
		}
	}
	if (ev->type == CXJ__Y_SEQ_END || ev->type == CXJ__Y_MAP_END)
		r->parser_depth--;
	*got = 1;
	return CXJ_OK;
}

/* Takes the next event from libyaml (see take_event). */
static int from_parser(cxj__yreader *r, cxj__yev *ev, int *got)
{
	*got = 0;
	if (r->have_event) {
		yaml_event_delete(&r->event);
		r->have_event = 0;
	}
	if (!yaml_parser_parse(&r->parser, &r->event))
		return parser_failure(r);
	return take_event(r, ev, got);
}

/* The limits every event is held to, wherever it comes from. */
static int open_level(cxj__yreader *r, const cxj__yev *ev)
{
	if (r->depth >= r->opts.max_depth)
		return cxj__error_at(CXJ_ELIMIT, r->file, ev->line, ev->column,
				     "nesting deeper than the limit of %u "
				     "levels",
				     r->opts.max_depth);
	r->depth++;
	return CXJ_OK;
}

static int too_long(const cxj__yreader *r, const cxj__yev *ev)
{
	return cxj__error_at(CXJ_ELIMIT, r->file, ev->line, ev->column,
			     "a scalar of %zu bytes exceeds the limit of %zu "
			     "bytes",
			     ev->len, r->opts.max_scalar_length);
}

/* The usual event, outside anchored nodes and replays and without an
 * anchor of its own: translated and checked in one pass. Returns 0 to
 * leave the event to from_parser's bookkeeping. */
static int plain_event(cxj__yreader *r, cxj__yev *ev, int *rc)
{
	const yaml_event_t *e = &r->event;
	ev->line = (unsigned)e->start_mark.line + 1;
	ev->column = (unsigned)e->start_mark.column + 1;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		if (e->data.scalar.anchor)
			return 0;
		ev->type = CXJ__Y_SCALAR;
		ev->value = (const char *)e->data.scalar.value;
		ev->len = e->data.scalar.length;
		ev->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		*rc = ev->len > r->opts.max_scalar_length ? too_long(r, ev)
							  : CXJ_OK;
		return 1;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (e->type == YAML_MAPPING_START_EVENT
			? e->data.mapping_start.anchor != NULL
			: e->data.sequence_start.anchor != NULL)
			return 0;
		ev->type = e->type == YAML_MAPPING_START_EVENT
			       ? CXJ__Y_MAP_START
			       : CXJ__Y_SEQ_START;
		r->parser_depth++;
		*rc = open_level(r, ev);
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		ev->type = e->type == YAML_MAPPING_END_EVENT ? CXJ__Y_MAP_END
							     : CXJ__Y_SEQ_END;
		r->parser_depth--;
		r->depth--;
		*rc = CXJ_OK;
		break;
	default: return 0;
	}
	ev->value = NULL;
	ev->len = 0;
	ev->plain = 0;
	return 1;
}

int cxj__yreader_next(cxj__yreader *r, cxj__yev *ev)
{
	int got = 0, rc;
	if (!r->nreplay && !r->nopened) {
		if (r->have_event) {
			yaml_event_delete(&r->event);
			r->have_event = 0;
		}
		if (!yaml_parser_parse(&r->parser, &r->event))
			return parser_failure(r);
		r->have_event = 1;
		if (plain_event(r, ev, &rc))
			return rc;
		r->have_event = 0; /* from_parser takes it from here */
		rc = take_event(r, ev, &got);
		if (rc)
			return rc;
	}
	while (!got) {
		rc = r->nreplay ? from_replay(r, ev, &got)
				: from_parser(r, ev, &got);
		if (rc)
			return rc;
	}
	switch (ev->type) {
	case CXJ__Y_SEQ_START:
	case CXJ__Y_MAP_START: return open_level(r, ev);
	case CXJ__Y_SEQ_END:
	case CXJ__Y_MAP_END: r->depth--; break;
	case CXJ__Y_SCALAR:
		if (ev->len > r->opts.max_scalar_length)
			return too_long(r, ev);
		break;
	default: break;
	}
	return CXJ_OK;
}
