/* csv.c: the RFC 4180 reader behind cxj_responses_import_csv_*. It walks one
 * buffer (a mapped file) without a malloc per field and interns as it goes. */
#define _DEFAULT_SOURCE /* MAP_POPULATE, where the C library has it */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "civil.h"
#include "model.h"
#include "store.h"

/* for the few helpers of the per-row path that compilers leave as calls */
#if defined(__GNUC__) || defined(__clang__)
#define ROW_INLINE inline __attribute__((always_inline))
#else
#define ROW_INLINE inline
#endif

#ifdef MAP_POPULATE
#define POPULATE MAP_POPULATE
#else
#define POPULATE 0
#endif

enum {
	COL_RESPONDENT,
	COL_TARGET,
	COL_METRIC,
	COL_SCORE,
	COL_SEGMENT,
	COL_SOURCE,
	COL_TIMESTAMP,
	COL_WEIGHT,
	COL_N
};

static const char *const default_names[COL_N] = {
    "respondent", "touchpoint", "metric",    "score",
    "segment",	  "source",	"timestamp", "weight"};

typedef struct field {
	const char *s; /* into the input; NULL: at off in the scratch buffer */
	size_t off, len;
	const char *raw; /* where the field starts in the input (its quote) */
} field;

typedef struct reader {
	const char *p, *end, *line_start;
	unsigned line;
	char delim;
	const char *file;
	unsigned char special[256];
	char *scratch;
	size_t scratch_len, scratch_cap;
	field *fields;
	size_t nfields, fields_cap;
	/* the current record: where and on which line it began */
	const char *rec_start;
	unsigned rec_line;
	/* a structural error in the current record */
	char msg[160];
	unsigned err_line, err_col;
} reader;

enum { REC_OK = 0, REC_EOF = 1, REC_BAD = 2 };

static unsigned col_of(const reader *rd, const char *at)
{
	size_t c = (size_t)(at - rd->line_start) + 1;
	return c > 0xffffffffu ? 0xffffffffu : (unsigned)c;
}

static int bad(reader *rd, const char *at, const char *msg)
{
	rd->err_line = rd->line;
	rd->err_col = col_of(rd, at);
	snprintf(rd->msg, sizeof rd->msg, "%s", msg);
	return REC_BAD;
}

static int scratch_add(reader *rd, const char *s, size_t n)
{
	int rc = cxj__reserve((void **)&rd->scratch, &rd->scratch_cap,
			      rd->scratch_len + n, 1);
	if (rc)
		return rc;
	memcpy(rd->scratch + rd->scratch_len, s, n);
	rd->scratch_len += n;
	return CXJ_OK;
}

/* Counts line breaks inside a quoted span, keeping columns right. */
static void skip_lines(reader *rd, const char *from, const char *to)
{
	const char *nl;
	while (from < to && (nl = memchr(from, '\n', (size_t)(to - from)))) {
		rd->line++;
		rd->line_start = nl + 1;
		from = nl + 1;
	}
}

static int read_quoted(reader *rd, field *f)
{
	const char *open = rd->p, *p = rd->p + 1, *seg = p;
	unsigned open_line = rd->line, open_col = col_of(rd, open);
	int copied = 0;
	for (;;) {
		const char *q = memchr(p, '"', (size_t)(rd->end - p));
		if (!q) {
			skip_lines(rd, p, rd->end);
			rd->p = rd->end;
			rd->err_line = open_line;
			rd->err_col = open_col;
			snprintf(rd->msg, sizeof rd->msg,
				 "quoted field never closed");
			return REC_BAD;
		}
		skip_lines(rd, p, q);
		if (q + 1 < rd->end && q[1] == '"') {
			/* "" stands for one quote: copy up to and with it */
			if (!copied) {
				f->off = rd->scratch_len;
				copied = 1;
			}
			if (scratch_add(rd, seg, (size_t)(q + 1 - seg)))
				return CXJ_ENOMEM;
			p = seg = q + 2;
			continue;
		}
		if (copied) {
			if (scratch_add(rd, seg, (size_t)(q - seg)))
				return CXJ_ENOMEM;
			f->s = NULL;
			f->len = rd->scratch_len - f->off;
		} else {
			f->s = open + 1;
			f->len = (size_t)(q - open - 1);
		}
		rd->p = q + 1;
		if (rd->p < rd->end && *rd->p != rd->delim && *rd->p != '\n' &&
		    *rd->p != '\r')
			return bad(
			    rd, rd->p,
			    "unexpected character after a closing quote");
		return REC_OK;
	}
}

/* The first delimiter, quote, CR or LF from p on. (Eight bytes at a time
 * measured no faster on ids of two to eight bytes.) */
static const char *scan(const reader *rd, const char *p)
{
	while (p < rd->end && !rd->special[(unsigned char)*p])
		p++;
	return p;
}

/* Moves past the rest of a bad record's physical line. */
static void resync(reader *rd)
{
	const char *nl = memchr(rd->p, '\n', (size_t)(rd->end - rd->p));
	if (!nl) {
		rd->p = rd->end;
		return;
	}
	rd->p = nl + 1;
	rd->line++;
	rd->line_start = rd->p;
}

/* Reads one record into rd->fields: REC_OK, REC_EOF, REC_BAD (rd->msg) or
 * CXJ_ENOMEM. */
#ifdef __SSE2__
/* The common record, on one line without quotes or carriage returns, found
 * sixteen bytes at a time: one mask of delimiters and line feeds per block
 * and a bit scan per field. Returns 0 to leave the record to the general
 * reader (quotes, CR, the last bytes of the buffer, many fields). */
static int read_plain(reader *rd)
{
	const char *p = rd->p, *start = p, *end = rd->end;
	field *fl = rd->fields;
	const size_t cap = rd->fields_cap;
	const __m128i d = _mm_set1_epi8(rd->delim), lf = _mm_set1_epi8('\n'),
		      q = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
		      nul = _mm_setzero_si128();
	size_t n = 0;
	while (end - p >= 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, d));
		unsigned ml =
		    (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, lf));
		/* quotes, CRs and NULs go to the general reader */
		unsigned mx = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(b, q), _mm_cmpeq_epi8(b, cr)),
		    _mm_cmpeq_epi8(b, nul)));
		unsigned upto = ml ? (ml & -ml) - 1 : 0xffffu;
		if (mx & upto)
			return 0;
		md &= upto;
		while (md) {
			const char *at = p + __builtin_ctz(md);
			if (n + 1 >= cap)
				return 0;
			fl[n].raw = fl[n].s = start;
			fl[n].len = (size_t)(at - start);
			n++;
			start = at + 1;
			md &= md - 1;
		}
		if (ml) {
			const char *at = p + __builtin_ctz(ml);
			if (n >= cap)
				return 0;
			fl[n].raw = fl[n].s = start;
			fl[n].len = (size_t)(at - start);
			rd->nfields = n + 1;
			rd->p = at + 1;
			rd->line++;
			rd->line_start = rd->p;
			return 1;
		}
		p += 16;
	}
	return 0;
}
#endif

static int read_record(reader *rd)
{
	if (rd->p >= rd->end)
		return REC_EOF;
	rd->scratch_len = 0;
	rd->rec_start = rd->p;
	rd->rec_line = rd->line;
#ifdef __SSE2__
	if (rd->delim != '\n' && read_plain(rd))
		return REC_OK;
#endif
	rd->nfields = 0;
	for (;;) {
		field *f;
		int rc;
		if (rd->nfields == rd->fields_cap &&
		    cxj__reserve((void **)&rd->fields, &rd->fields_cap,
				 rd->nfields + 1, sizeof *rd->fields))
			return CXJ_ENOMEM;
		f = &rd->fields[rd->nfields++];
		f->raw = rd->p;
		if (rd->p < rd->end && *rd->p == '"') {
			rc = read_quoted(rd, f);
			if (rc)
				return rc;
		} else {
			const char *s = rd->p, *p = scan(rd, s);
			f->s = s;
			f->len = (size_t)(p - s);
			rd->p = p;
			if (p < rd->end && *p == '"')
				return bad(rd, p,
					   "quote inside an unquoted "
					   "field");
		}
		if (rd->p >= rd->end)
			return REC_OK;
		if (*rd->p == rd->delim) {
			rd->p++;
			continue;
		}
		if (*rd->p == '\0')
			return bad(rd, rd->p,
				   "a NUL byte: this is binary data or UTF-16 "
				   "text, not a CSV file in UTF-8");
		if (*rd->p == '\r') {
			if (rd->p + 1 >= rd->end || rd->p[1] != '\n')
				return bad(rd, rd->p,
					   "carriage return "
					   "without a line feed");
			rd->p++;
		}
		/* *rd->p == '\n' */
		rd->p++;
		rd->line++;
		rd->line_start = rd->p;
		return REC_OK;
	}
}

static const char *fs(const reader *rd, const field *f)
{
	return f->s ? f->s : rd->scratch + f->off;
}

/* The line and column of a field, worked out only for an error message:
 * counting line breaks from the start of its record. */
static void field_pos(const reader *rd, const field *f, unsigned *line,
		      unsigned *col)
{
	const char *ls = rd->rec_start;
	size_t c;
	*line = rd->rec_line;
	for (const char *q = rd->rec_start; q < f->raw; q++)
		if (*q == '\n') {
			(*line)++;
			ls = q + 1;
		}
	c = (size_t)(f->raw - ls) + 1;
	*col = c > 0xffffffffu ? 0xffffffffu : (unsigned)c;
}

static inline void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* A decimal number, the whole field but its surrounding spaces: a
 * CXJ__NUMBER_* result. */
static int parse_number(const char *s, size_t len, double *out)
{
	trim(&s, &len);
	return cxj__parse_decimal(s, len, out);
}

static int digits_at(const char *s, size_t len, size_t at, size_t n,
		     unsigned *out)
{
	unsigned v = 0;
	if (at + n > len)
		return 0;
	for (size_t i = at; i < at + n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 1;
}

/* Whole seconds since the epoch, or an ISO 8601 date or date-time with an
 * optional Z or +hh:mm offset (none means UTC). */
static int parse_time(const char *s, size_t len, int64_t *out)
{
	unsigned y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
	int64_t off = 0;
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31};
	size_t i;
	trim(&s, &len);
	if (len == 0)
		return 0;
	if (len < 10 || s[4] != '-') {
		/* epoch seconds */
		int64_t v = 0;
		int neg = 0;
		i = 0;
		if (s[0] == '-' || s[0] == '+')
			neg = s[i++] == '-';
		if (i == len || len - i > 17)
			return 0;
		for (; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return 0;
			v = v * 10 + (s[i] - '0');
		}
		*out = neg ? -v : v;
		return 1;
	}
	if (!digits_at(s, len, 0, 4, &y) || s[4] != '-' ||
	    !digits_at(s, len, 5, 2, &mo) || s[7] != '-' ||
	    !digits_at(s, len, 8, 2, &d))
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 &&
	     !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return 0;
	i = 10;
	if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
		if (!digits_at(s, len, i + 1, 2, &h) || i + 3 >= len ||
		    s[i + 3] != ':' || !digits_at(s, len, i + 4, 2, &mi))
			return 0;
		i += 6;
		if (i < len && s[i] == ':') {
			if (!digits_at(s, len, i + 1, 2, &sec))
				return 0;
			i += 3;
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				/* fractions of a second do not change the
				 * period: dropped */
				i++;
				if (i == len || s[i] < '0' || s[i] > '9')
					return 0;
				while (i < len && s[i] >= '0' && s[i] <= '9')
					i++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return 0;
		if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
			i++;
		} else if (i < len && (s[i] == '+' || s[i] == '-')) {
			int sign = s[i] == '-' ? -1 : 1;
			if (!digits_at(s, len, i + 1, 2, &oh))
				return 0;
			i += 3;
			if (i < len && s[i] == ':')
				i++;
			if (!digits_at(s, len, i, 2, &om))
				return 0;
			i += 2;
			if (oh > 23 || om > 59)
				return 0;
			off = -sign * (int64_t)(oh * 3600 + om * 60);
		}
	}
	if (i != len)
		return 0;
	*out = cxj__civil_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec +
	       off;
	return 1;
}

/* Looks a string up without inserting; validates it when it is new. */
typedef struct lookup {
	const char *s;
	size_t len;
	uint64_t hash;
	long index; /* -1: new, to insert once the whole row is good */
} lookup;

/* The last string seen in a column, to skip hashing runs of one value
 * (the answers of one respondent follow each other in most exports). */
typedef struct last {
	const char *s;
	size_t len;
	uint32_t index;
	int valid;
	/* respondents: interned later, in a batch (see flush_respondents) */
	int pending;
	uint64_t hash;
	size_t slot;
} last;

/* A direct-mapped front cache for ids of up to eight bytes, keyed by the
 * bytes themselves: a hit costs one load and two compares, no hashing. */
#define SHORT_BITS_MAX 14 /* 16,384 entries: a thousand ids barely collide */
typedef struct short_entry {
	uint64_t w;
	uint32_t len; /* 0: empty (ids are never empty) */
	uint32_t index;
} short_entry;

/* A lookup in two steps: begin hashes and starts loading the slot, end
 * probes, so that the cache miss of a large table (respondents) overlaps
 * with the rest of the row. Returns 1 when the cache answered. */
static int find_begin(const cxj__intern *in, last *c, const char *s, size_t len,
		      lookup *l)
{
	l->s = s;
	l->len = len;
	if (c->valid && !c->pending && c->len == len && c->index < in->count &&
	    cxj__same(c->s, s, len)) {
		l->index = c->index;
		return 1;
	}
	l->hash = cxj__intern_hash(in, s, len);
	l->index = -2;
	cxj__intern_prefetch(in, l->hash);
	return 0;
}

/* 0 when the string is new and not a valid id. */
static int find_end(const cxj__intern *in, last *c, int in_input, lookup *l)
{
	if (l->index != -2)
		return 1;
	l->index = cxj__intern_find(in, l->s, l->len, l->hash);
	if (l->index >= 0) {
		if (in_input) {
			c->s = l->s;
			c->len = l->len;
			c->index = (uint32_t)l->index;
			c->valid = 1;
		}
		return 1;
	}
	return cxj__name_ok(l->s, l->len);
}

static int find(const cxj__intern *in, last *c, const char *s, size_t len,
		int in_input, lookup *l)
{
	find_begin(in, c, s, len, l);
	return find_end(in, c, in_input, l);
}

static inline int commit(cxj__intern *in, last *c, lookup *l, int in_input,
			 uint32_t *out)
{
	uint32_t k;
	if (l->index >= 0) {
		*out = (uint32_t)l->index;
		return CXJ_OK;
	}
	if (cxj__intern_insert(in, l->s, l->len, l->hash, &k))
		return cxj_error_last()->code;
	/* a later row of the same text finds it without a second insert */
	l->index = k;
	if (in_input) {
		c->s = l->s;
		c->len = l->len;
		c->index = k;
		c->valid = 1;
	}
	*out = k;
	return CXJ_OK;
}

/* A respondent whose interning waits for a batch. */
typedef struct pending {
	size_t row, n; /* its rows: one, or a wide row's answers */
	const char *s; /* NULL: the same respondent as pend[hash] */
	size_t len;
	uint64_t hash;
} pending;

#define PENDING 512
#define AHEAD 8 /* slots prefetched ahead; 4 to 32 measured alike */

typedef struct import {
	cxj_responses *r;
	reader rd;
	const cxj_csv_options *o;
	long col[COL_N];
	size_t ncols;
	const field *fc[COL_N]; /* the fields of the columns, for fc_base */
	const field *fc_base;
	uint8_t fixed_metric;
	int has_fixed_metric;
	last cache[4];
	/* front caches of 1 << (64 - short_shift) entries, sized to the file */
	short_entry *short_targets, *short_segments;
	unsigned short_shift;
	pending pend[PENDING];
	size_t npend;
	/* the last metric text and its index */
	const char *metric_s;
	size_t metric_len;
	uint8_t metric_index;
	/* the raw field of that metric as a short_key word (length 0: none) */
	uint64_t metric_raw;
	size_t metric_raw_len;
	/* the rows the respondent table is sized for (see read_body) */
	size_t rows_hint;
	/* a chunk of a parallel import: a bad row fails it (see read_parallel) */
	int strict;
	/* what the import notes for a report or refuses when strict */
	int watch;
	struct notes *notes;
	/* a wide file: its questions, and a row's answers (nq at most) */
	size_t nq;
	struct question *q;
	struct cell *cells;
	int in_header; /* noting what the header brings: nothing to skip */
	/* the scales of the survey metrics, by metric index, for the common
	 * case of one or two digits */
	int point_lo[CXJ__METRIC_CONTACT], point_hi[CXJ__METRIC_CONTACT];
} import;

/* The scales of the survey metrics, from the kinds table. */
static void read_scales(import *im)
{
	for (uint32_t m = 0; m < CXJ__METRIC_CONTACT; m++) {
		const cxj__kind_info *k =
		    cxj__kind_info_of(cxj__metric_kind_of_index(m));
		im->point_lo[m] = k->lo;
		im->point_hi[m] = k->hi;
	}
}

/* A question of a wide file: its column, and the indexes of its target
 * and metric in the store. */
typedef struct question {
	long col;
	uint32_t target;
	uint8_t metric;
} question;

/* One answer of a wide row. */
typedef struct cell {
	size_t q;
	uint8_t point;
	double value;
} cell;

/* Reports a bad row: an error, or a skip when the options allow it. */
static int row_error(import *im, unsigned line, const field *f, int *skipped,
		     const char *fmt, ...) CXJ__PRINTF(5, 6);

/* line is where the record began; the error points at the field f (which
 * may sit on a later line of a multi-line record) or at the record. */
static int row_error(import *im, unsigned line, const field *f, int *skipped,
		     const char *fmt, ...)
{
	char msg[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (im->o->skip_bad_rows && !im->strict && !im->in_header) {
		*skipped = 1;
		return cxj__responses_add_skipped(im->r, line);
	}
	{
		unsigned fl = line, fc = 1;
		if (f)
			field_pos(&im->rd, f, &fl, &fc);
		return cxj__error_at(CXJ_EPARSE, im->rd.file, fl, fc, "%s",
				     msg);
	}
}

/* A required column the header lacks. When the header is one column that
 * holds another likely delimiter, that is the problem; else the nearest
 * name the header does have is offered. */
static int missing_column(import *im, const char *name)
{
	static const char others[] = ";\t|,";
	const reader *rd = &im->rd;
	char hint[CXJ__HINT_SIZE];
	cxj__nearest near;
	if (rd->nfields == 1) {
		const char *s = fs(rd, &rd->fields[0]);
		size_t len = rd->fields[0].len;
		for (const char *o = others; *o; o++)
			if (*o != rd->delim && memchr(s, *o, len))
				return cxj__error_at(
				    CXJ_EPARSE, rd->file, rd->rec_line, 1,
				    "the header is one column '%.*s%s': the "
				    "delimiter looks like '%s' (set the "
				    "delimiter option)",
				    (int)(len > 60 ? 60 : len), s,
				    len > 60 ? "..." : "",
				    *o == '\t' ? "\\t" : (char[]){*o, 0});
	}
	cxj__nearest_init(&near, name);
	for (size_t i = 0; i < rd->nfields; i++) {
		const char *s = fs(rd, &rd->fields[i]);
		size_t len = rd->fields[i].len;
		trim(&s, &len);
		cxj__nearest_offer(&near, s, len);
	}
	return cxj__error_at(CXJ_EPARSE, rd->file, rd->rec_line, 1,
			     "missing column '%s'%s", name,
			     cxj__nearest_hint(&near, hint, sizeof hint));
}

static int map_header(import *im)
{
	reader *rd = &im->rd;
	const char *names[COL_N];
	const char *const *opt[COL_N] = {
	    &im->o->respondent_column, &im->o->target_column,
	    &im->o->metric_column,     &im->o->score_column,
	    &im->o->segment_column,    &im->o->source_column,
	    &im->o->timestamp_column,  &im->o->weight_column};
	for (int c = 0; c < COL_N; c++) {
		names[c] = *opt[c] ? *opt[c] : default_names[c];
		im->col[c] = -1;
	}
	for (size_t i = 0; i < rd->nfields; i++) {
		const char *s = fs(rd, &rd->fields[i]);
		size_t len = rd->fields[i].len;
		trim(&s, &len);
		for (int c = 0; c < COL_N; c++) {
			int match;
			if (im->nq && c >= COL_TARGET && c <= COL_SCORE)
				continue; /* a wide file has questions */
			match = cxj__ascii_ieq(s, len, names[c]);
			/* "target" names the same column when not renamed:
			 * answers may name a stage or the journey too */
			if (!match && c == COL_TARGET && !im->o->target_column)
				match = cxj__ascii_ieq(s, len, "target");
			if (!match)
				continue;
			if (im->col[c] >= 0) {
				unsigned l, col;
				field_pos(rd, &rd->fields[i], &l, &col);
				return cxj__error_at(
				    CXJ_EPARSE, rd->file, l, col,
				    "column '%s' appears twice", names[c]);
			}
			im->col[c] = (long)i;
		}
	}
	/* the required columns, and optional ones the caller named: a
	 * renamed column that is not there is a mistake, not an empty one */
	for (int c = 0; c < COL_N; c++) {
		if (im->col[c] >= 0 || (c > COL_SCORE && !*opt[c]))
			continue;
		if (im->nq && c >= COL_TARGET && c <= COL_SCORE)
			continue;
		if (c == COL_METRIC && im->has_fixed_metric)
			continue;
		if (c == COL_SCORE && im->has_fixed_metric &&
		    im->fixed_metric == CXJ__METRIC_CONTACT)
			continue;
		return missing_column(im, names[c]);
	}
	return CXJ_OK;
}

/* The columns of a wide file's questions, each once in the header. */
static int map_questions(import *im)
{
	reader *rd = &im->rd;
	const char *const *names = im->o->question_columns;
	for (size_t k = 0; k < im->nq; k++)
		im->q[k].col = -1;
	for (size_t i = 0; i < rd->nfields; i++) {
		const char *s = fs(rd, &rd->fields[i]);
		size_t len = rd->fields[i].len;
		trim(&s, &len);
		for (size_t k = 0; k < im->nq; k++) {
			if (!cxj__ascii_ieq(s, len, names[k]))
				continue;
			if (im->q[k].col >= 0) {
				unsigned l, col;
				field_pos(rd, &rd->fields[i], &l, &col);
				return cxj__error_at(
				    CXJ_EPARSE, rd->file, l, col,
				    "column '%s' appears twice", names[k]);
			}
			im->q[k].col = (long)i;
		}
	}
	for (size_t k = 0; k < im->nq; k++)
		if (im->q[k].col < 0)
			return missing_column(im, names[k]);
	return CXJ_OK;
}

/* Interns the waiting respondents. Their slots are prefetched eight ahead:
 * the respondent table outgrows the caches, and a batch lets the misses
 * overlap instead of stalling one row at a time. */
static int flush_respondents(import *im)
{
	cxj_responses *r = im->r;
	cxj__intern *in = &r->strings[CXJ_TABLE_RESPONDENTS];
	last *c = &im->cache[0];
	for (size_t k = 0; k < im->npend; k++) {
		pending *p = &im->pend[k];
		uint32_t idx;
		if (k + AHEAD < im->npend && im->pend[k + AHEAD].s)
			cxj__intern_prefetch(in, im->pend[k + AHEAD].hash);
		if (!p->s) {
			/* a repeat of an earlier row of this batch */
			idx = r->respondent[im->pend[p->hash].row];
		} else if (cxj__intern_add(in, p->s, p->len, p->hash, &idx)) {
			return cxj_error_last()->code;
		}
		r->respondent[p->row] = idx; /* a long row: one answer */
		for (size_t i = 1; i < p->n; i++)
			r->respondent[p->row + i] = idx;
	}
	if (c->valid && c->pending) {
		c->index = r->respondent[im->pend[c->slot].row];
		c->pending = 0;
	}
	im->npend = 0;
	return CXJ_OK;
}

static uint64_t short_key(const reader *rd, const char *s, size_t len);

/* cxj__same() for two ids in the input: one word compare when both are
 * short */
static ROW_INLINE int same_in(const reader *rd, const char *a, const char *b, size_t n)
{
	if (n <= 8 && a + 8 <= rd->end && b + 8 <= rd->end)
		return short_key(rd, a, n) == short_key(rd, b, n);
	return cxj__same(a, b, n);
}

/* The first len bytes of a word read from memory, either byte order. */
static const uint64_t le_mask[8] = {0,
				    0xff,
				    0xffff,
				    0xffffff,
				    0xffffffffULL,
				    0xffffffffffULL,
				    0xffffffffffffULL,
				    0xffffffffffffffULL};
static const uint64_t be_mask[8] = {0,
				    0xff00000000000000ULL,
				    0xffff000000000000ULL,
				    0xffffff0000000000ULL,
				    0xffffffff00000000ULL,
				    0xffffffffff000000ULL,
				    0xffffffffffff0000ULL,
				    0xffffffffffffff00ULL};

static inline uint64_t short_key(const reader *rd, const char *s, size_t len)
{
	static const union {
		uint32_t u;
		unsigned char c[4];
	} order = {1};
	uint64_t w = 0;
	if (s + 8 <= rd->end) {
		memcpy(&w, s, 8);
		/* keep the first len bytes: the low ones on a little-endian
		 * machine, the high ones on a big-endian one */
		if (len < 8)
			w &= order.c[0] ? le_mask[len] : be_mask[len];
	} else {
		memcpy(&w, s, len);
	}
	return w;
}

static short_entry *short_slot(short_entry *cache, unsigned shift, uint64_t w,
			       size_t len)
{
	uint64_t h = (w ^ len) * 0x9e3779b97f4a7c15ULL;
	return &cache[h >> shift];
}

/* find() with the front cache for short ids in the input. */
static ROW_INLINE int find_short(const reader *rd, const cxj__intern *in,
				 short_entry *cache, unsigned shift, last *c,
				 const field *f, lookup *l)
{
	short_entry *e = NULL;
	uint64_t w = 0;
	if (f->s && f->len && f->len <= 8) {
		w = short_key(rd, f->s, f->len);
		e = short_slot(cache, shift, w, f->len);
		if (e->len == f->len && e->w == w && e->index < in->count) {
			l->s = f->s;
			l->len = f->len;
			l->index = e->index;
			return 1;
		}
	}
	if (!find(in, c, fs(rd, f), f->len, f->s != NULL, l))
		return 0;
	if (e && l->index >= 0) {
		e->w = w;
		e->len = (uint32_t)f->len;
		e->index = (uint32_t)l->index;
	}
	return 1;
}

/* Respondents: decided at the start of a row, reported where the other
 * ids are. 0: known (l->index); 1: to intern in the next batch; 2: in the
 * scratch buffer, interned at once; 3: the respondent of the row before,
 * still waiting in the batch; -1: not a valid id. */
static inline int prepare_respondent(import *im, const field *f, lookup *l)
{
	const cxj__intern *in = &im->r->strings[CXJ_TABLE_RESPONDENTS];
	last *c = &im->cache[0];
	if (!f->s)
		return 2;
	l->s = f->s;
	l->len = f->len;
	if (c->valid && c->len == f->len &&
	    same_in(&im->rd, c->s, f->s, f->len)) {
		if (c->pending)
			return 3;
		if (c->index < in->count) {
			l->index = c->index;
			return 0;
		}
	}
	if (!cxj__name_ok(f->s, f->len))
		return -1;
	l->hash = cxj__intern_hash(in, f->s, f->len);
	return 1;
}

/* The row repeats the waiting respondent of the row before: note the link,
 * or after a flush, the index it now has. */
static int push_repeat(import *im, size_t row, size_t n, uint32_t *index)
{
	last *c = &im->cache[0];
	int rc;
	if (im->npend == PENDING) {
		if ((rc = flush_respondents(im)))
			return rc;
		*index = c->index;
		return CXJ_OK;
	}
	im->pend[im->npend].row = row;
	im->pend[im->npend].n = n;
	im->pend[im->npend].s = NULL;
	im->pend[im->npend].hash = c->slot;
	im->npend++;
	return CXJ_OK;
}

static int push_respondent(import *im, const lookup *l, size_t row, size_t n)
{
	last *c = &im->cache[0];
	int rc;
	if (im->npend == PENDING && (rc = flush_respondents(im)))
		return rc;
	im->pend[im->npend].row = row;
	im->pend[im->npend].n = n;
	im->pend[im->npend].s = l->s;
	im->pend[im->npend].len = l->len;
	im->pend[im->npend].hash = l->hash;
	c->s = l->s;
	c->len = l->len;
	c->hash = l->hash;
	c->pending = 1;
	c->valid = 1;
	c->slot = im->npend++;
	return CXJ_OK;
}

static const field *get(const import *im, int c)
{
	return im->col[c] >= 0 ? &im->rd.fields[im->col[c]] : NULL;
}

/* 1, with why in msg, when the score s (v) is no point of the scale of
 * survey metric index metric. */
static int bad_point(uint8_t metric, double v, const char *s, size_t len,
		     char *msg, size_t size)
{
	return cxj__point_check(cxj__metric_kind_of_index(metric), v, s, len,
				msg, size);
}

/* The fields of the columns, again when the field array moved (or on the
 * first row). */
static ROW_INLINE void fields_of_row(import *im)
{
	if (im->fc_base == im->rd.fields)
		return;
	for (int k = 0; k < COL_N; k++)
		im->fc[k] = get(im, k);
	im->fc_base = im->rd.fields;
}

/* Ids and names lose the spaces around them, as numbers and metric names
 * do: " r1" and "r1" are one respondent. */
static ROW_INLINE void trim_field(const reader *rd, const field *cf)
{
	field *f = (field *)cf; /* one of rd->fields, the reader's own */
	const char *s, *t;
	size_t len = f->len;
	if (!len)
		return;
	s = t = fs(rd, f);
	/* one test per end: spaces, tabs and control bytes all sort below
	 * '!', and trim takes only the first two */
	if ((unsigned char)s[0] > ' ' && (unsigned char)s[len - 1] > ' ')
		return;
	trim(&t, &len);
	if (f->s)
		f->s = t;
	else
		f->off += (size_t)(t - s);
	f->len = len;
}

/* One record's values on their way into the store. */
typedef struct row_in {
	lookup resp, tgt, seg, kpi;
	int resp_state, has_seg, new_kpi;
	uint8_t metric, point, source;
	double value, weight;
	int64_t ts;
} row_in;

/* Each step of a row returns CXJ_OK to go on, or the code of its end: an
 * error, or CXJ_OK with *skipped set for a bad row the options skip. */
#define STEP(call)                                                             \
	do {                                                                   \
		int rc_ = (call);                                              \
		if (rc_ || *skipped)                                           \
			return rc_;                                            \
	} while (0)

/* The metric: the fixed one, or the name in the row, matched first against
 * the raw field of the last name (the usual file repeats one or two). */
static ROW_INLINE int read_metric(import *im, unsigned line, int *skipped,
				  row_in *w)
{
	const cxj__intern *in = &im->r->strings[CXJ_TABLE_METRICS];
	const field *f = im->fc[COL_METRIC];
	const char *s;
	size_t len;
	uint64_t mw = 0;
	int mshort;
	long k;
	if (!f) {
		w->metric = im->fixed_metric;
		return CXJ_OK;
	}
	s = fs(&im->rd, f);
	len = f->len;
	mshort = f->s && len && len <= 8;
	if (mshort)
		mw = short_key(&im->rd, f->s, len);
	if (mshort && im->metric_raw_len == len && im->metric_raw == mw) {
		w->metric = im->metric_index;
		return CXJ_OK;
	}
	trim(&s, &len);
	if (im->metric_s && len == im->metric_len &&
	    cxj__same(s, im->metric_s, len)) {
		w->metric = im->metric_index;
		return CXJ_OK;
	}
	k = cxj__builtin_metric(s, len);
	if (k < 0) {
		w->kpi.s = s;
		w->kpi.len = len;
		w->kpi.hash = cxj__intern_hash(in, s, len);
		k = cxj__intern_find(in, s, len, w->kpi.hash);
	}
	if (k < 0) {
		if (len == 0 || !cxj__name_ok(s, len))
			return row_error(im, line, f, skipped,
					 "metric '%.*s' is not a valid name",
					 (int)(len > 40 ? 40 : len), s);
		if (in->count >= CXJ__METRIC_MAX)
			return row_error(im, line, f, skipped,
					 "more than %d distinct metrics",
					 CXJ__METRIC_MAX);
		w->new_kpi = 1;
		w->metric = 255; /* set on commit */
		return CXJ_OK;
	}
	w->metric = (uint8_t)k;
	if (f->s) {
		im->metric_s = s;
		im->metric_len = len;
		im->metric_index = w->metric;
		im->metric_raw_len = mshort ? f->len : 0;
		im->metric_raw = mw;
	}
	return CXJ_OK;
}

/* The score in field f: a point of the scale of survey metric index
 * metric into *point, or with kpi set, a KPI value into *value. */
static ROW_INLINE int score_of(import *im, unsigned line, int *skipped,
			       const field *f, uint8_t metric, int kpi,
			       uint8_t *point, double *value)
{
	const char *s = fs(&im->rd, f);
	size_t len = f->len;
	double v;
	char msg[160];
	int num;
	if (!kpi && len && len <= 2 && s[0] >= '0' && s[0] <= '9' &&
	    (len == 1 || (s[1] >= '0' && s[1] <= '9'))) {
		/* the common case, one or two digits: no doubles */
		int iv = len == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
		if ((iv < im->point_lo[metric] || iv > im->point_hi[metric]) &&
		    bad_point(metric, iv, s, len, msg, sizeof msg))
			return row_error(im, line, f, skipped, "%s", msg);
		*point = (uint8_t)iv;
		return CXJ_OK;
	}
	if ((num = parse_number(s, len, &v)))
		return row_error(im, line, f, skipped,
				 num == CXJ__NUMBER_RANGE
				     ? "score '%.*s' is out of range"
				     : "score '%.*s' is not a number",
				 (int)(len > 40 ? 40 : len), s);
	if (kpi) {
		*value = v;
		return CXJ_OK;
	}
	if (bad_point(metric, v, s, len, msg, sizeof msg))
		return row_error(im, line, f, skipped, "%s", msg);
	*point = (uint8_t)v;
	return CXJ_OK;
}

/* The score of a long row, unless its metric counts contacts. */
static ROW_INLINE int read_score(import *im, unsigned line, int *skipped,
				 row_in *w)
{
	const field *f = im->fc[COL_SCORE];
	if (w->metric == CXJ__METRIC_CONTACT && !w->new_kpi)
		return CXJ_OK;
	if (!f)
		return row_error(
		    im, line, NULL, skipped, "no score column for metric '%s'",
		    w->new_kpi ? "kpi"
			       : cxj__intern_str(
				     &im->r->strings[CXJ_TABLE_METRICS],
				     w->metric));
	return score_of(im, line, skipped, f, w->metric,
			w->new_kpi || w->metric > CXJ__METRIC_CONTACT,
			&w->point, &w->value);
}

/* Source, timestamp and weight, where the file has them. */
static ROW_INLINE int read_extras(import *im, unsigned line, int *skipped,
				  row_in *w)
{
	const reader *rd = &im->rd;
	const field *f;
	int num;
	if ((f = im->fc[COL_SOURCE]) && f->len) {
		const char *s = fs(rd, f);
		size_t len = f->len;
		trim(&s, &len);
		if (cxj__ascii_ieq(s, len, "employee"))
			w->source = CXJ_SOURCE_EMPLOYEE;
		else if (len && !cxj__ascii_ieq(s, len, "customer"))
			return row_error(im, line, f, skipped,
					 "source '%.*s' is neither customer "
					 "nor employee",
					 (int)(len > 40 ? 40 : len), s);
	}
	if ((f = im->fc[COL_TIMESTAMP]) && f->len &&
	    !parse_time(fs(rd, f), f->len, &w->ts))
		return row_error(im, line, f, skipped,
				 "timestamp '%.*s' is neither epoch seconds "
				 "nor ISO 8601",
				 (int)(f->len > 40 ? 40 : f->len), fs(rd, f));
	if ((f = im->fc[COL_WEIGHT]) && f->len) {
		num = parse_number(fs(rd, f), f->len, &w->weight);
		/* the weight's square enters the sums of squared weights:
		 * refused here, with its line, not later by the scoring */
		if (num == CXJ__NUMBER_OK &&
		    (!isfinite(w->weight * w->weight) ||
		     (w->weight > 0 && w->weight * w->weight < DBL_MIN)))
			num = CXJ__NUMBER_RANGE;
		if (num || w->weight <= 0)
			return row_error(
			    im, line, f, skipped,
			    num == CXJ__NUMBER_RANGE
				? "weight '%.*s' is out of range (its square "
				  "must be a normal number)"
				: "weight '%.*s' is not a number above 0",
			    (int)(f->len > 40 ? 40 : f->len), fs(rd, f));
	}
	return CXJ_OK;
}

/* The ids: looked up and validated, all before any is inserted. */
static ROW_INLINE int find_target(import *im, unsigned line, int *skipped,
				  row_in *w)
{
	const reader *rd = &im->rd;
	const field *f = im->fc[COL_TARGET];
	if (!find_short(rd, &im->r->strings[CXJ_TABLE_TARGETS],
			im->short_targets, im->short_shift, &im->cache[1], f,
			&w->tgt))
		return row_error(im, line, f, skipped,
				 "target '%.*s' is not 1 to 255 bytes of "
				 "UTF-8 without control characters",
				 (int)(f->len > 40 ? 40 : f->len), fs(rd, f));
	return CXJ_OK;
}

/* The respondent and the segment of a row. */
static ROW_INLINE int find_respondent(import *im, unsigned line, int *skipped,
				      row_in *w)
{
	cxj_responses *r = im->r;
	const reader *rd = &im->rd;
	const field *f = im->fc[COL_RESPONDENT];
	/* a quoted respondent is interned at once: intern the waiting ones
	 * first, so that the table keeps the order of first appearance */
	if (w->resp_state == 2 && im->npend && flush_respondents(im))
		return cxj_error_last()->code;
	if (w->resp_state == 2 &&
	    !find(&r->strings[CXJ_TABLE_RESPONDENTS], &im->cache[0], fs(rd, f),
		  f->len, 0, &w->resp))
		w->resp_state = -1;
	if (w->resp_state < 0)
		return row_error(im, line, f, skipped,
				 "respondent '%.*s' is not 1 to 255 bytes of "
				 "UTF-8 without control characters",
				 (int)(f->len > 40 ? 40 : f->len), fs(rd, f));
	if ((f = im->fc[COL_SEGMENT]) && f->len) {
		w->has_seg = 1;
		if (!find_short(rd, &r->strings[CXJ_TABLE_SEGMENTS],
				im->short_segments, im->short_shift,
				&im->cache[2], f, &w->seg))
			return row_error(im, line, f, skipped,
					 "segment '%.*s' is not 1 to 255 "
					 "bytes of UTF-8 without control "
					 "characters",
					 (int)(f->len > 40 ? 40 : f->len),
					 fs(rd, f));
	}
	return CXJ_OK;
}

/* Remembers a new string in the short front cache of its column. */
static void cache_short(import *im, short_entry *cache, const field *f,
			uint32_t index)
{
	uint64_t word;
	short_entry *e;
	if (!f->s || f->len > 8)
		return;
	word = short_key(&im->rd, f->s, f->len);
	e = short_slot(cache, im->short_shift, word, f->len);
	e->w = word;
	e->len = (uint32_t)f->len;
	e->index = index;
}

/* The respondent of the n rows from r->count (pending, or known now into
 * r->respondent) and the segment's number (0: none). */
static ROW_INLINE int commit_respondent_segment(import *im, row_in *w, size_t n,
				     uint32_t *segment)
{
	cxj_responses *r = im->r;
	const field *const *fc = im->fc;
	uint32_t a = 0, c = 0;
	if (w->resp_state == 1) {
		if (push_respondent(im, &w->resp, r->count, n))
			return cxj_error_last()->code;
	} else if (w->resp_state == 3) {
		if (push_repeat(im, r->count, n, &a))
			return cxj_error_last()->code;
	} else if (commit(&r->strings[CXJ_TABLE_RESPONDENTS], &im->cache[0],
			  &w->resp, 0, &a)) {
		return cxj_error_last()->code;
	}
	/* a pending respondent's rows are overwritten by the flush */
	for (size_t i = 0; i < n; i++)
		r->respondent[r->count + i] = a;
	if (w->has_seg) {
		int new_segment = w->seg.index < 0;
		if (commit(&r->strings[CXJ_TABLE_SEGMENTS], &im->cache[2],
			   &w->seg, fc[COL_SEGMENT]->s != NULL, &c))
			return cxj_error_last()->code;
		if (new_segment)
			cache_short(im, im->short_segments, fc[COL_SEGMENT], c);
		c++;
	}
	*segment = c;
	return CXJ_OK;
}

/* One answer at row r->count, its respondent already set. */
static ROW_INLINE void put_answer(cxj_responses *r, const row_in *w,
				  uint32_t target, uint32_t segment,
				  uint8_t metric, uint8_t point, double value)
{
	const cxj__row v = {target, segment, metric, point,
			    w->source, w->ts, w->weight, value};
	cxj__responses_put(r, &v);
}

/* The row is good: its strings interned, its values stored. From here
 * only memory can fail. */
static ROW_INLINE int store_row(import *im, row_in *w)
{
	cxj_responses *r = im->r;
	uint32_t b = 0, c = 0;
	int new_target = w->tgt.index < 0;
	if (cxj__responses_need_columns(r, w->ts, w->weight, !isnan(w->value)))
		return CXJ_ENOMEM;
	if (w->new_kpi) {
		uint32_t k;
		if (cxj__intern_add(&r->strings[CXJ_TABLE_METRICS], w->kpi.s,
				    w->kpi.len, w->kpi.hash, &k))
			return CXJ_ENOMEM;
		w->metric = (uint8_t)k;
	}
	/* the columns were sized from the line count; this only guards */
	if (r->count >= r->cap && cxj__responses_grow(r, 1, 0))
		return CXJ_ENOMEM;
	if (commit_respondent_segment(im, w, 1, &c))
		return cxj_error_last()->code;
	if (commit(&r->strings[CXJ_TABLE_TARGETS], &im->cache[1], &w->tgt,
		   im->fc[COL_TARGET]->s != NULL, &b))
		return cxj_error_last()->code;
	/* a found target is in the front cache already */
	if (new_target)
		cache_short(im, im->short_targets, im->fc[COL_TARGET], b);
	put_answer(r, w, b, c, w->metric, w->point, w->value);
	return CXJ_OK;
}

/* ---- what an import notes ----
 * Rows that are well formed but probably not meant: a new KPI name near a
 * known metric's, a new segment equal to another but for case, a new id
 * not in the map. Each is noted at its first row (or refused there when
 * strict); the report counts their rows once the import is done. */

#define NOTES_KEPT 100 /* per rule; the rest are counted */
#define HINTED_IDS 20  /* unknown ids given a nearest id (each a scan) */

typedef struct note {
	cxj_rule rule;
	cxj_table table;
	char *name;
	char *message;
	unsigned line, column;
} note;

typedef struct notes {
	note *v;
	size_t n, cap;
	size_t kept[3], dropped[3]; /* by rule - CXJ_RULE_NEAR_METRIC */
	size_t hinted;
	/* segments folded to lower case: folded -> the first original */
	cxj__strmap folded;
	char **keys; /* folded and original copies, owned */
	size_t nkeys, capkeys;
	int folded_ready;
} notes;

static void notes_free(notes *ns)
{
	if (!ns)
		return;
	for (size_t i = 0; i < ns->n; i++) {
		cxj__free(ns->v[i].name);
		cxj__free(ns->v[i].message);
	}
	cxj__free(ns->v);
	for (size_t i = 0; i < ns->nkeys; i++)
		cxj__free(ns->keys[i]);
	cxj__free(ns->keys);
	cxj__strmap_clear(&ns->folded);
	cxj__free(ns);
}

static char *keep_copy(notes *ns, const char *s, size_t len, int fold)
{
	char *c;
	if (cxj__reserve((void **)&ns->keys, &ns->capkeys, ns->nkeys + 1,
			 sizeof *ns->keys) ||
	    !(c = cxj__strndup(s, len)))
		return NULL;
	if (fold)
		for (char *p = c; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	ns->keys[ns->nkeys++] = c;
	return c;
}

/* Adds s (an original segment) under its folded form unless one is
 * there; *other: the original already under it, or NULL. */
static int fold_segment(notes *ns, const char *s, size_t len,
			const char **other)
{
	char *folded, *orig;
	if (!(folded = keep_copy(ns, s, len, 1)))
		return cxj__nomem();
	*other = cxj__strmap_get(&ns->folded, folded);
	if (*other)
		return CXJ_OK;
	if (!(orig = keep_copy(ns, s, len, 0)) ||
	    cxj__strmap_put(&ns->folded, folded, orig))
		return cxj__nomem();
	return CXJ_OK;
}

/* The segments of the store before this import, folded once. */
static int fold_known_segments(import *im)
{
	const cxj__intern *in = &im->r->strings[CXJ_TABLE_SEGMENTS];
	notes *ns = im->notes;
	const char *other;
	int rc;
	ns->folded_ready = 1;
	for (uint32_t i = 0; i < in->count; i++)
		if ((rc = fold_segment(ns, cxj__intern_str(in, i),
				       cxj__intern_len(in, i), &other)))
			return rc;
	return CXJ_OK;
}

/* Notes what a row brings (or refuses it when strict): rule, the field, its
 * text and the message without counts. */
static int note_row(import *im, unsigned line, int *skipped, cxj_rule rule,
		    cxj_table table, const field *f, const char *s, size_t len,
		    const char *message)
{
	notes *ns = im->notes;
	int k = (int)rule - (int)CXJ_RULE_NEAR_METRIC;
	note *n;
	if (im->o->strict)
		return row_error(im, line, f, skipped,
				 "%s (a strict import refuses it)", message);
	if (!ns->v && !(ns->v = cxj__calloc(1, sizeof *ns->v)))
		return cxj__nomem();
	if (ns->kept[k] == NOTES_KEPT) {
		ns->dropped[k]++;
		return CXJ_OK;
	}
	if (cxj__reserve((void **)&ns->v, &ns->cap, ns->n + 1, sizeof *ns->v))
		return CXJ_ENOMEM;
	n = &ns->v[ns->n];
	memset(n, 0, sizeof *n);
	n->rule = rule;
	n->table = table;
	n->line = line;
	n->column = 1;
	field_pos(&im->rd, f, &n->line, &n->column);
	if (!(n->name = cxj__strndup(s, len)) ||
	    !(n->message = cxj__strdup(message))) {
		cxj__free(n->name);
		return cxj__nomem();
	}
	ns->n++;
	ns->kept[k]++;
	return CXJ_OK;
}

/* A new KPI name (s, len, in field f) near a known metric's. */
static int watch_metric(import *im, unsigned line, int *skipped,
			const field *f, const char *s, size_t len)
{
	const cxj__intern *in = &im->r->strings[CXJ_TABLE_METRICS];
	char name[CXJ__NAME_MAX + 1], hint[CXJ__HINT_SIZE];
	char msg[CXJ__HINT_SIZE + 320];
	cxj__nearest near;
	const char *h;
	memcpy(name, s, len); /* valid names are <= 255 bytes */
	name[len] = '\0';
	cxj__nearest_init(&near, name);
	for (uint32_t i = 0; i < in->count; i++)
		cxj__nearest_offer(&near, cxj__intern_str(in, i),
				   cxj__intern_len(in, i));
	h = cxj__nearest_hint(&near, hint, sizeof hint);
	if (!*h)
		return CXJ_OK;
	snprintf(msg, sizeof msg, "metric '%s' is no known metric%s", name,
		 h);
	return note_row(im, line, skipped, CXJ_RULE_NEAR_METRIC,
			CXJ_TABLE_METRICS, f, s, len, msg);
}

/* A new segment equal to another but for case. */
static int watch_segment(import *im, unsigned line, int *skipped,
			 const row_in *w)
{
	const field *f = im->fc[COL_SEGMENT];
	const char *s = fs(&im->rd, f), *other;
	char msg[640];
	int rc;
	if (!im->notes->folded_ready && (rc = fold_known_segments(im)))
		return rc;
	if ((rc = fold_segment(im->notes, s, f->len, &other)) || !other)
		return rc;
	snprintf(msg, sizeof msg,
		 "segment '%.*s' differs from segment '%s' only in case",
		 (int)f->len, s, other);
	(void)w;
	return note_row(im, line, skipped, CXJ_RULE_SEGMENT_CASE,
			CXJ_TABLE_SEGMENTS, f, s, f->len, msg);
}

/* A new id (s, len, in field f) that is not in the map. */
static int watch_target(import *im, unsigned line, int *skipped,
			const field *f, const char *s, size_t len)
{
	const cxj_journey *j = im->o->journey;
	char id[CXJ__NAME_MAX + 1], hint[CXJ__HINT_SIZE], msg[640];
	const char *h = "";
	if (len > CXJ__NAME_MAX)
		return CXJ_OK; /* refused as a bad id already */
	memcpy(id, s, len);
	id[len] = '\0';
	if (cxj__ids_holder(j, id))
		return CXJ_OK;
	if (im->notes->hinted < HINTED_IDS) {
		cxj__nearest near;
		cxj__nearest_init(&near, id);
		for (size_t i = 0; i < j->ids.cap; i++)
			if (j->ids.slots[i].key)
				cxj__nearest_offer(
				    &near, j->ids.slots[i].key,
				    strlen(j->ids.slots[i].key));
		h = cxj__nearest_hint(&near, hint, sizeof hint);
		im->notes->hinted++;
	}
	snprintf(msg, sizeof msg,
		 "'%s' is no touchpoint, stage or journey of map '%s'%s", id,
		 cxj_journey_id(j), h);
	return note_row(im, line, skipped, CXJ_RULE_UNKNOWN_ID,
			CXJ_TABLE_TARGETS, f, s, len, msg);
}

static int watch_row(import *im, unsigned line, int *skipped,
		     const row_in *w)
{
	const field *f = im->fc[COL_TARGET];
	if (w->new_kpi)
		STEP(watch_metric(im, line, skipped, im->fc[COL_METRIC],
				  w->kpi.s, w->kpi.len));
	if (w->has_seg && w->seg.index < 0)
		STEP(watch_segment(im, line, skipped, w));
	if (im->o->journey && !im->nq && w->tgt.index < 0)
		STEP(watch_target(im, line, skipped, f, fs(&im->rd, f),
				  f->len));
	return CXJ_OK;
}

/* The report of a successful import: each note with the rows that carry
 * its name among those the import added, then the count of notes past
 * the kept ones. */
static int make_report(import *im, size_t first_row, cxj_diagnostics **out)
{
	const cxj_responses *r = im->r;
	notes *ns = im->notes;
	cxj_diagnostics *d = cxj__diagnostics_new();
	int rc = CXJ_OK;
	if (!d)
		return cxj__nomem();
	for (size_t i = 0; i < ns->n && !rc; i++) {
		const note *n = &ns->v[i];
		long k = cxj__intern_find_str(&r->strings[n->table], n->name,
					      strlen(n->name));
		size_t rows = 0;
		for (size_t row = first_row; k >= 0 && row < r->count; row++)
			rows += n->table == CXJ_TABLE_METRICS
				    ? r->metric[row] == (uint32_t)k
				: n->table == CXJ_TABLE_SEGMENTS
				    ? r->segment[row] == (uint32_t)k + 1
				    : r->target[row] == (uint32_t)k;
		rc = cxj__diagnostics_add(
		    d, CXJ_SEVERITY_WARNING, n->rule, n->name, n->line,
		    n->column, "%s%s: %zu row(s)", n->message,
		    n->rule == CXJ_RULE_NEAR_METRIC ? ", taken as a KPI" : "",
		    rows);
	}
	for (int k = 0; k < 3 && !rc; k++)
		if (ns->dropped[k])
			rc = cxj__diagnostics_add(
			    d, CXJ_SEVERITY_WARNING,
			    (cxj_rule)(CXJ_RULE_NEAR_METRIC + k), "", 0, 0,
			    "%zu more of these not listed (the first %d are)",
			    ns->dropped[k], NOTES_KEPT);
	if (rc) {
		cxj_diagnostics_free(d);
		return rc;
	}
	*out = d;
	return CXJ_OK;
}

/* The respondent and segment of a record trimmed, the defaults of the
 * optional columns, and the respondent's lookup started: the same first
 * step for a long row and a wide one. */
static ROW_INLINE void row_begin(import *im, row_in *w)
{
	reader *rd = &im->rd;
	const field *const *fc = im->fc;
	trim_field(rd, fc[COL_RESPONDENT]);
	if (fc[COL_SEGMENT])
		trim_field(rd, fc[COL_SEGMENT]);
	w->resp.index = w->kpi.index = -1;
	w->resp.s = w->kpi.s = NULL;
	w->resp.len = w->kpi.len = 0;
	w->has_seg = w->new_kpi = 0;
	w->point = 0;
	w->source = CXJ_SOURCE_CUSTOMER;
	w->value = NAN;
	w->weight = 1.0;
	w->ts = CXJ_NO_TIMESTAMP;
	w->resp_state = prepare_respondent(im, fc[COL_RESPONDENT], &w->resp);
}

/* Converts and stores one record; *skipped when it was a bad row that
 * the options let pass. */
static int do_row(import *im, unsigned line, int *skipped)
{
	reader *rd = &im->rd;
	const field *const *fc = im->fc;
	row_in w;
	*skipped = 0;
	fields_of_row(im);
	trim_field(rd, fc[COL_TARGET]);
	row_begin(im, &w);
	STEP(read_metric(im, line, skipped, &w));
	STEP(read_score(im, line, skipped, &w));
	STEP(read_extras(im, line, skipped, &w));
	STEP(find_target(im, line, skipped, &w));
	STEP(find_respondent(im, line, skipped, &w));
	if (im->watch)
		STEP(watch_row(im, line, skipped, &w));
	return store_row(im, &w);
}

/* ---- wide files ----
 * One row per respondent, one column per question: the questions' targets
 * and metrics are interned once, from the header; each non-blank cell of
 * a row is an answer. */

/* The questions' targets and metrics, interned in question order. When
 * noting, what they bring is noted (or refused when strict) at the
 * question's header cell, as a row's would be. */
static int intern_questions(import *im, int noting)
{
	cxj_responses *r = im->r;
	const cxj_csv_options *o = im->o;
	cxj__intern *tg = &r->strings[CXJ_TABLE_TARGETS];
	const cxj__intern *mt = &r->strings[CXJ_TABLE_METRICS];
	int rc = CXJ_OK, skipped = 0;
	im->in_header = 1;
	for (size_t k = 0; k < im->nq && !rc; k++) {
		const char *t = o->question_targets[k];
		const char *m = o->question_metrics[k];
		size_t tl = strlen(t), ml = strlen(m);
		/* a chunk's importer (not noting) has read no header */
		const field *f = noting ? &im->rd.fields[im->q[k].col] : NULL;
		uint64_t h = cxj__intern_hash(tg, t, tl);
		uint32_t idx;
		if (noting && im->watch && cxj__builtin_metric(m, ml) < 0 &&
		    cxj__intern_find_str(mt, m, ml) < 0)
			rc = watch_metric(im, im->rd.rec_line, &skipped, f, m,
					  ml);
		if (!rc && noting && o->journey &&
		    cxj__intern_find(tg, t, tl, h) < 0)
			rc = watch_target(im, im->rd.rec_line, &skipped, f, t,
					  tl);
		if (!rc && cxj__intern_add(tg, t, tl, h, &idx))
			rc = cxj_error_last()->code;
		if (!rc)
			im->q[k].target = idx;
		if (!rc && (rc = cxj__responses_metric(r, m, ml,
						       &im->q[k].metric)))
			rc = rc == CXJ_ELIMIT
				 ? cxj__error(rc,
					      "more than %d distinct metrics",
					      CXJ__METRIC_MAX)
				 : cxj__nomem();
	}
	im->in_header = 0;
	return rc;
}

/* A row of a wide file: its respondent, extras and segment as in a long
 * one, then an answer for each non-blank question cell. */
static int do_wide_row(import *im, unsigned line, int *skipped)
{
	cxj_responses *r = im->r;
	reader *rd = &im->rd;
	cell *cells = im->cells;
	size_t n = 0;
	int has_value = 0;
	uint32_t seg = 0;
	row_in w;
	*skipped = 0;
	fields_of_row(im);
	for (size_t k = 0; k < im->nq; k++) {
		const question *q = &im->q[k];
		field *f = &rd->fields[q->col];
		trim_field(rd, f);
		if (!f->len)
			continue; /* no answer */
		cells[n].q = k;
		cells[n].value = NAN;
		STEP(score_of(im, line, skipped, f, q->metric,
			      q->metric > CXJ__METRIC_CONTACT, &cells[n].point,
			      &cells[n].value));
		has_value |= q->metric > CXJ__METRIC_CONTACT;
		n++;
	}
	if (!n)
		return CXJ_OK; /* a row without answers adds nothing */
	row_begin(im, &w);
	STEP(read_extras(im, line, skipped, &w));
	STEP(find_respondent(im, line, skipped, &w));
	if (im->watch)
		STEP(watch_row(im, line, skipped, &w));
	if (cxj__responses_need_columns(r, w.ts, w.weight, has_value))
		return CXJ_ENOMEM;
	if (r->count + n > r->cap && cxj__responses_grow(r, n, 0))
		return CXJ_ENOMEM;
	if (commit_respondent_segment(im, &w, n, &seg))
		return cxj_error_last()->code;
	for (size_t i = 0; i < n; i++) {
		const question *q = &im->q[cells[i].q];
		put_answer(r, &w, q->target, seg, q->metric, cells[i].point,
			   cells[i].value);
	}
	return CXJ_OK;
}

#define PRESIZE_AFTER 65536

/* Refuses what is not UTF-8 text at its first bytes, saying what it is:
 * UTF-16 (a byte order mark, or NULs between the letters of the header),
 * or binary data. Later bytes are judged row by row. */
static int check_text(const import *im, const char *data, size_t size)
{
	const unsigned char *u = (const unsigned char *)data;
	size_t n = size < 4096 ? size : 4096, bad_at;
	if (size >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
			  (u[0] == 0xFE && u[1] == 0xFF)))
		return cxj__error_at(CXJ_EPARSE, im->rd.file, 1, 1,
				     "UTF-16 text (byte order mark %02X %02X): "
				     "save the file as UTF-8",
				     u[0], u[1]);
	if (size >= 2 && (u[0] == 0 || u[1] == 0) && (u[0] || u[1]))
		return cxj__error_at(CXJ_EPARSE, im->rd.file, 1, 1,
				     "UTF-16 text (a NUL byte beside each "
				     "letter): save the file as UTF-8");
	/* the first line (or 4 KB of it) must be text */
	for (bad_at = 0; bad_at < n && u[bad_at] != '\n'; bad_at++)
		if (u[bad_at] == 0 || (u[bad_at] < 0x20 && u[bad_at] != '\t' &&
				       u[bad_at] != '\r'))
			break;
	if (bad_at < n && u[bad_at] != '\n')
		return cxj__error_at(CXJ_EPARSE, im->rd.file, 1,
				     (unsigned)bad_at + 1,
				     "binary data at byte %zu (0x%02x): not a "
				     "CSV file in UTF-8 text",
				     bad_at, u[bad_at]);
	if (!cxj__utf8_valid(data, bad_at))
		return cxj__error_at(CXJ_EPARSE, im->rd.file, 1, 1,
				     "the header is not UTF-8 text: save the "
				     "file as UTF-8 (or this is binary data)");
	return CXJ_OK;
}

/* The header row: maps the columns and leaves rd->p at the first record. */
static int read_header(import *im, const char *data, size_t size)
{
	reader *rd = &im->rd;
	int rc;
	rd->p = data;
	rd->end = data + size;
	rd->line = 1;
	if ((rc = check_text(im, data, size)))
		return rc;
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		rd->p += 3;
	rd->line_start = rd->p;
	rd->special[(unsigned char)rd->delim] = 1;
	rd->special['\n'] = rd->special['\r'] = rd->special['"'] = 1;
	rd->special[0] = 1;

	rc = read_record(rd);
	if (rc == CXJ_ENOMEM)
		return rc;
	if (rc == REC_EOF)
		return cxj__error_at(CXJ_EPARSE, rd->file, 1, 1,
				     "no header row");
	if (rc == REC_BAD)
		return cxj__error_at(CXJ_EPARSE, rd->file, rd->err_line,
				     rd->err_col, "%s", rd->msg);
	if ((rc = map_header(im)))
		return rc;
	if (im->nq && ((rc = map_questions(im)) || (rc = intern_questions(im, 1))))
		return rc;
	im->ncols = rd->nfields;
	return CXJ_OK;
}

/* A wide file is presized for every cell of every line up to this many
 * answers (240 MB of core columns); past it the columns grow as they fill,
 * and one thread reads. */
#define WIDE_PRESIZE_MAX ((size_t)1 << 24)

/* The answers of rows records at the most. */
static size_t answers_of(const import *im, size_t rows)
{
	size_t per = im->nq ? im->nq : 1;
	return rows > SIZE_MAX / per ? SIZE_MAX : rows * per;
}

/* Sizes the columns for rows more records (exactly: they come from a line
 * count) and the front caches. */
static int prepare_body(import *im, size_t rows)
{
	size_t answers = answers_of(im, rows);
	unsigned bits = 6;
	int rc;
	if (im->nq && answers > WIDE_PRESIZE_MAX)
		answers = WIDE_PRESIZE_MAX;
	if ((rc = cxj__responses_grow(im->r, answers, 1)))
		return rc;
	/* four entries a row up to 16,384, from 64 */
	while (bits < SHORT_BITS_MAX && ((size_t)1 << bits) < 4 * rows)
		bits++;
	im->short_shift = 64 - bits;
	im->short_targets =
	    cxj__calloc((size_t)2 << bits, sizeof *im->short_targets);
	if (!im->short_targets)
		return cxj__nomem();
	im->short_segments = im->short_targets + ((size_t)1 << bits);
	if (!im->rows_hint)
		im->rows_hint = rows;
	return CXJ_OK;
}

/* The records from rd->p to rd->end. */
static int read_body(import *im)
{
	reader *rd = &im->rd;
	cxj__intern *resp = &im->r->strings[CXJ_TABLE_RESPONDENTS];
	uint32_t resp0 = resp->count;
	size_t seen = 0;
	int rc;
	for (;;) {
		unsigned line = rd->line;
		int skipped;
		if (++seen == PRESIZE_AFTER &&
		    im->rows_hint >= 4 * PRESIZE_AFTER) {
			/* size the respondent table for the whole file from
			 * the first rows, sparing a chain of rehashes */
			double per_row;
			if ((rc = flush_respondents(im)))
				return rc;
			per_row = (double)(resp->count - resp0) / PRESIZE_AFTER;
			if (cxj__intern_reserve(
				resp, (size_t)(per_row * 1.1 * im->rows_hint),
				(size_t)(per_row * 1.1 * im->rows_hint *
					 (resp->len + 1.0) /
					 (resp->count + 1.0))))
				cxj_error_clear(); /* only a hint */
		}
		rc = read_record(rd);
		if (rc == REC_EOF)
			break;
		if (rc == CXJ_ENOMEM)
			return rc;
		if (rc == REC_BAD) {
			if (!im->o->skip_bad_rows || im->strict)
				return cxj__error_at(CXJ_EPARSE, rd->file,
						     rd->err_line, rd->err_col,
						     "%s", rd->msg);
			if ((rc = cxj__responses_add_skipped(im->r, line)))
				return rc;
			resync(rd);
			continue;
		}
		if (rd->nfields == 1 && rd->fields[0].len == 0 &&
		    rd->fields[0].s)
			continue; /* a blank line */
		if (rd->nfields != im->ncols) {
			rc = row_error(im, line, NULL, &skipped,
				       "expected %zu fields, found %zu",
				       im->ncols, rd->nfields);
			if (rc)
				return rc;
			continue;
		}
		rc = im->nq ? do_wide_row(im, line, &skipped)
			    : do_row(im, line, &skipped);
		if (rc)
			return rc;
	}
	return flush_respondents(im);
}

static void free_import(import *im)
{
	if (!im)
		return;
	cxj__free(im->short_targets);
	cxj__free(im->q);
	cxj__free(im->cells);
	notes_free(im->notes);
	cxj__free(im->rd.scratch);
	cxj__free(im->rd.fields);
	cxj__free(im);
}

/* ---- a large input in parallel ----
 * The body is cut at record boundaries into chunks. The first is read into
 * the store by the calling thread, each other one into a store of its own
 * by a thread of its own; those stores are then appended in order, which
 * interns their strings in order of first appearance, as one reader would.
 * The chunks are strict: a bad row anywhere, a failed allocation or a
 * failed thread, and the whole body is read again by one reader, so that
 * errors, skipped rows and their lines are exactly those of a sequential
 * import. */

#define CHUNK_MIN ((size_t)8 << 20) /* per thread, when threads is 0 */

unsigned long cxj__csv_parallel_reads;
#define THREADS_MAX 16

typedef struct chunk {
	import *im;
	cxj_responses *own; /* NULL for the first chunk: the caller's store */
	const char *from, *to;
	unsigned line; /* of its first record */
	size_t lines;  /* line feeds in it */
	size_t records; /* the records it may hold: lines, or one more */
	pthread_t thread;
	int started, rc;
} chunk;

/* Counts line feeds (an upper bound on the rows, so that the columns are
 * sized once) and quotes, sixteen bytes at a time: matches add up
 * bytewise (at most 255 rounds), then one sum of absolute differences
 * totals them. */
static size_t count_lines_quotes(const char *s, size_t n, size_t *quotes)
{
	size_t lines = 0, q = 0, i = 0;
#ifdef __SSE2__
	const __m128i lf = _mm_set1_epi8('\n'), dq = _mm_set1_epi8('"'),
		      zero = _mm_setzero_si128();
	while (n - i >= 16) {
		__m128i al = zero, aq = zero, sl, sq;
		size_t rounds = (n - i) / 16;
		if (rounds > 255)
			rounds = 255;
		for (size_t k = 0; k < rounds; k++, i += 16) {
			__m128i b = _mm_loadu_si128(
			    (const __m128i *)(const void *)(s + i));
			al = _mm_sub_epi8(al, _mm_cmpeq_epi8(b, lf));
			aq = _mm_sub_epi8(aq, _mm_cmpeq_epi8(b, dq));
		}
		sl = _mm_sad_epu8(al, zero);
		sq = _mm_sad_epu8(aq, zero);
		lines += (size_t)_mm_cvtsi128_si32(sl) +
			 (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sl, 8));
		q += (size_t)_mm_cvtsi128_si32(sq) +
		     (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sq, 8));
	}
#endif
	for (; i < n; i++) {
		lines += s[i] == '\n';
		q += s[i] == '"';
	}
	*quotes = q;
	return lines;
}

/* How many chunks: the option, or one per processor with at least
 * CHUNK_MIN bytes each. */
static size_t chunk_count(const cxj_csv_options *o, size_t body)
{
	long cpus;
	size_t n;
	if (o->threads > 0)
		return (size_t)o->threads < THREADS_MAX ? (size_t)o->threads
							: THREADS_MAX;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	n = body / CHUNK_MIN;
	if (cpus > 0 && n > (size_t)cpus)
		n = (size_t)cpus;
	return n < THREADS_MAX ? (n ? n : 1) : THREADS_MAX;
}

/* Cuts [from, end) into up to n chunks. A line feed ends a record when
 * an even number of quotes precedes it: in a body that reads without
 * error every quote opens or closes a quoted field or is half of a "".
 * (Where the body has an error, a cut may land inside a record; a chunk
 * then fails and the sequential reader reports the error.) */
static size_t cut_chunks(chunk *c, size_t n, const char *from,
			 const char *end, unsigned line)
{
	size_t made = 0, quotes = 0, size = (size_t)(end - from);
	const char *start = from;
	for (size_t k = 1; k < n && start < end; k++) {
		const char *aim = from + size / n * k, *p;
		size_t lines = 0, q;
		int odd;
		if (aim <= start)
			continue;
		lines = count_lines_quotes(start, (size_t)(aim - start), &q);
		quotes += q;
		odd = (int)(quotes & 1);
		for (p = aim; p < end; p++) {
			if (*p == '"') {
				odd = !odd;
				quotes++;
			} else if (*p == '\n') {
				lines++;
				if (!odd)
					break;
			}
		}
		if (p >= end)
			break;
		c[made].from = start;
		c[made].to = p + 1;
		c[made].line = line;
		c[made].lines = lines;
		made++;
		line += (unsigned)lines;
		start = p + 1;
	}
	{
		size_t q;
		c[made].from = start;
		c[made].to = end;
		c[made].line = line;
		c[made].lines = count_lines_quotes(start,
						   (size_t)(end - start), &q);
	}
	return made + 1;
}

/* A chunk's reader: the header's settings, its own caches and range. */
static int start_chunk(chunk *c, const import *head, cxj_responses *r)
{
	import *im = cxj__calloc(1, sizeof *im);
	if (!(c->im = im))
		return cxj__nomem();
	im->r = r;
	im->o = head->o;
	read_scales(im);
	memcpy(im->col, head->col, sizeof im->col);
	im->ncols = head->ncols;
	im->fixed_metric = head->fixed_metric;
	im->has_fixed_metric = head->has_fixed_metric;
	im->strict = 1;
	im->rd.file = head->rd.file;
	im->rd.delim = head->rd.delim;
	memcpy(im->rd.special, head->rd.special, sizeof im->rd.special);
	im->rd.p = im->rd.line_start = c->from;
	im->rd.end = c->to;
	im->rd.line = c->line;
	if (c->own && im->has_fixed_metric) {
		/* the fixed metric's index in the chunk's own store */
		const char *m = im->o->metric;
		if (cxj__responses_metric(r, m, strlen(m), &im->fixed_metric))
			return CXJ_ENOMEM;
	}
	if (head->nq) {
		im->nq = head->nq;
		im->q = cxj__malloc(im->nq * sizeof *im->q);
		im->cells = cxj__malloc(im->nq * sizeof *im->cells);
		if (!im->q || !im->cells)
			return cxj__nomem();
		memcpy(im->q, head->q, im->nq * sizeof *im->q);
		/* the questions' indexes in the chunk's own store */
		if (c->own)
			return intern_questions(im, 0);
	}
	return CXJ_OK;
}

static void *chunk_thread(void *arg)
{
	chunk *c = arg;
	c->rc = prepare_body(c->im, c->records);
	if (!c->rc)
		c->rc = read_body(c->im);
	return NULL;
}

/* The body in n chunks; anything but CXJ_OK sends the caller back to the
 * sequential reader (with the store rolled back). Every chunk reads into
 * the caller's columns, each from the row it would start at if every line
 * before it were a record, so that nothing is copied afterwards. */
static int read_parallel(import *head, size_t n)
{
	reader *rd = &head->rd;
	cxj_responses *r = head->r;
	chunk c[THREADS_MAX];
	size_t rows = 0, row;
	int rc;
	memset(c, 0, sizeof c);
	n = cut_chunks(c, n, rd->p, rd->end, rd->line);
	if (n < 2)
		return CXJ_EINVAL;
	for (size_t k = 0; k < n; k++)
		rows += c[k].lines;
	rows++; /* a last line without a line feed */
	if (head->nq && answers_of(head, rows) > WIDE_PRESIZE_MAX)
		return CXJ_EINVAL; /* see WIDE_PRESIZE_MAX */
	row = r->count;
	rc = start_chunk(&c[0], head, r);
	if (!rc) {
		/* room for every row, and the respondent table sized for
		 * the whole body */
		c[0].im->rows_hint = rows;
		rc = prepare_body(c[0].im, rows);
	}
	for (size_t k = 1; k < n && !rc; k++) {
		/* a chunk that ends in a line feed has at most one record
		 * a line; the last may have one more */
		row += answers_of(head, c[k - 1].lines);
		if ((rc = cxj_responses_new(&c[k].own)))
			break;
		c[k].records = c[k].lines + (k == n - 1);
		cxj__responses_lend(c[k].own, r, row,
				    answers_of(head, c[k].records));
		rc = start_chunk(&c[k], head, c[k].own);
	}
	for (size_t k = 1; k < n && !rc; k++) {
		if (pthread_create(&c[k].thread, NULL, chunk_thread, &c[k]))
			rc = cxj__error(CXJ_ENOMEM, "cannot start a thread");
		else
			c[k].started = 1;
	}
	if (!rc)
		rc = read_body(c[0].im);
	for (size_t k = 1; k < n; k++) {
		if (!c[k].started)
			continue;
		pthread_join(c[k].thread, NULL);
		if (!rc && c[k].rc)
			rc = c[k].rc;
	}
	for (size_t k = 1; k < n && !rc; k++)
		rc = cxj__responses_append(r, c[k].own);
	for (size_t k = 0; k < n; k++) {
		free_import(c[k].im);
		cxj_responses_free(c[k].own);
	}
	return rc;
}

static int run_import(import *im, const char *data, size_t size)
{
	reader *rd = &im->rd;
	size_t n, quotes;
	int rc;
	if ((rc = read_header(im, data, size)))
		return rc;
	n = chunk_count(im->o, (size_t)(rd->end - rd->p));
	if (n > 1) {
		cxj__responses_mark mark;
		cxj__responses_save_mark(im->r, &mark);
		if (read_parallel(im, n) == CXJ_OK) {
			__atomic_add_fetch(&cxj__csv_parallel_reads, 1,
					   __ATOMIC_RELAXED);
			return CXJ_OK;
		}
		cxj__responses_rollback(im->r, &mark);
		cxj_error_clear();
	}
	n = count_lines_quotes(rd->p, (size_t)(rd->end - rd->p), &quotes);
	if ((rc = prepare_body(im, n + 1)))
		return rc;
	return read_body(im);
}

/* Version 1 ended with threads; version 2 added the report. */
CXJ__VERSIONED(options_type, cxj_csv_options, CXJ_CSV_OPTIONS_INIT,
	       offsetof(cxj_csv_options, report), sizeof(cxj_csv_options));

int cxj_csv_options_init(cxj_csv_options *opts, unsigned int version)
{
	return cxj__versioned_init(&options_type, opts, version, "opts");
}

/* The questions of a wide import, checked before anything is read. */
static int check_questions(const cxj_csv_options *o)
{
	const char *const *cols = o->question_columns;
	if (!o->question_count)
		return CXJ_OK;
	if (!cols || !o->question_targets || !o->question_metrics)
		return cxj__error(CXJ_EINVAL,
				  "question_columns, question_targets and "
				  "question_metrics are required with a "
				  "question_count");
	for (size_t k = 0; k < o->question_count; k++) {
		const char *c = cols[k], *t = o->question_targets[k];
		const char *m = o->question_metrics[k];
		if (!c || !*c)
			return cxj__error(CXJ_EINVAL,
					  "question %zu has no column name",
					  k + 1);
		if (!t || !cxj__name_ok(t, strlen(t)))
			return cxj__error(CXJ_EINVAL,
					  "question %zu ('%.40s'): target "
					  "'%.40s' is not a valid id",
					  k + 1, c, t ? t : "");
		if (!m || !cxj__name_ok(m, strlen(m)))
			return cxj__error(CXJ_EINVAL,
					  "question %zu ('%.40s'): metric "
					  "'%.40s' is not a valid name",
					  k + 1, c, m ? m : "");
		if (cxj__builtin_metric(m, strlen(m)) == CXJ__METRIC_CONTACT)
			return cxj__error(CXJ_EINVAL,
					  "question %zu ('%.40s'): contacts "
					  "have no score to put in a column "
					  "(import them as long rows)",
					  k + 1, c);
		for (size_t i = 0; i < k; i++)
			if (cxj__ascii_ieq(c, strlen(c), cols[i]))
				return cxj__error(CXJ_EINVAL,
						  "questions %zu and %zu both "
						  "read column '%.40s'",
						  i + 1, k + 1, c);
	}
	return CXJ_OK;
}

static int import_data(cxj_responses *r, const char *data, size_t size,
		       const char *file, const cxj_csv_options *given)
{
	cxj_csv_options in, *opts = &in;
	cxj__responses_mark mark;
	cxj_diagnostics *report = NULL;
	import *im;
	int rc;
	if (cxj__versioned_read(&options_type, given, &in))
		return CXJ_EINVAL;
	if (opts->delimiter == '"' || opts->delimiter == '\n' ||
	    opts->delimiter == '\r')
		return cxj__error(CXJ_EINVAL, "the delimiter cannot be a quote "
					      "or a line break");
	if (check_questions(opts))
		return CXJ_EINVAL;
	if (opts->question_count)
		opts->metric = NULL; /* each question has its own */
	im = cxj__calloc(1, sizeof *im);
	if (!im)
		return cxj__nomem();
	if ((im->nq = opts->question_count) &&
	    (!(im->q = cxj__calloc(im->nq, sizeof *im->q)) ||
	     !(im->cells = cxj__malloc(im->nq * sizeof *im->cells)))) {
		free_import(im);
		return cxj__nomem();
	}
	im->r = r;
	im->o = opts;
	read_scales(im);
	im->rd.file = file;
	im->rd.delim = opts->delimiter ? opts->delimiter : ',';
	/* noting what rows bring needs them in order: one thread */
	im->watch = opts->report || opts->strict || opts->journey;
	if (im->watch) {
		opts->threads = 1;
		if (!(im->notes = cxj__calloc(1, sizeof *im->notes))) {
			free_import(im);
			return cxj__nomem();
		}
	}
	/* a new fixed metric name belongs to this import's changes */
	cxj__responses_save_mark(r, &mark);
	rc = CXJ_OK;
	if (opts->metric) {
		rc = cxj__responses_metric(
		    r, opts->metric, strlen(opts->metric), &im->fixed_metric);
		if (rc == CXJ_EINVAL)
			rc = cxj__error(rc,
					"metric '%.40s' is not a valid "
					"name",
					opts->metric);
		else if (rc == CXJ_ELIMIT)
			rc = cxj__error(rc, "more than %d distinct metrics",
					CXJ__METRIC_MAX);
		else if (rc)
			rc = cxj__nomem();
		im->has_fixed_metric = 1;
	}
	if (!rc)
		rc = run_import(im, data, size);
	if (!rc && opts->report)
		rc = make_report(im, mark.count, &report);
	if (rc)
		cxj__responses_rollback(r, &mark);
	else
		cxj__responses_shrink(r);
	if (!rc && opts->report)
		*opts->report = report;
	free_import(im);
	return rc;
}

int cxj_responses_import_csv_buffer(cxj_responses *r, const char *data,
				    size_t size, const cxj_csv_options *opts)
{
	if (!r || (!data && size))
		return cxj__error(CXJ_EINVAL, "responses and data are "
					      "required");
	return import_data(r, data ? data : "", size, NULL, opts);
}

int cxj_responses_import_csv_file(cxj_responses *r, const char *path,
				  const cxj_csv_options *opts)
{
	struct stat st;
	char *data = NULL;
	size_t size = 0;
	int fd, rc, mapped = 0;
	if (!r || !path)
		return cxj__error(CXJ_EINVAL, "responses and path are "
					      "required");
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return cxj__error_at(CXJ_EIO, path, 0, 0,
				     "cannot open '%s': %s", path,
				     strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		size = (size_t)st.st_size;
		/* populate: one batch of page-ins, not one fault per page */
		data =
		    mmap(NULL, size, PROT_READ, MAP_PRIVATE | POPULATE, fd, 0);
		if (data == MAP_FAILED)
			data = NULL;
		else
			mapped = 1;
	}
	if (!mapped) {
		/* pipes and special files: read it all */
		size_t cap = 0;
		ssize_t got;
		size = 0;
		for (;;) {
			if (cxj__reserve((void **)&data, &cap, size + 65536,
					 1)) {
				cxj__free(data);
				close(fd);
				return CXJ_ENOMEM;
			}
			got = read(fd, data + size, cap - size);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				rc = cxj__error_at(CXJ_EIO, path, 0, 0,
						   "cannot read '%s': %s", path,
						   strerror(errno));
				cxj__free(data);
				close(fd);
				return rc;
			}
			if (got == 0)
				break;
			size += (size_t)got;
		}
	} else {
#ifdef POSIX_MADV_SEQUENTIAL
		posix_madvise(data, size, POSIX_MADV_SEQUENTIAL);
#endif
	}
	close(fd);
	rc = import_data(r, data ? data : "", size, path, opts);
	if (mapped)
		munmap(data, size);
	else
		cxj__free(data);
	return rc;
}
