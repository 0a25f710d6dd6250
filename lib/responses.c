/* responses.c: the columnar answer store. One array per field keeps an
 * answer at 15 bytes and lets scoring stream columns. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "alloc.h"
#include "metrics.h"
#include "store.h"

/* ---- option structs ---- */

CXJ__VERSIONED(answer_type, cxj_answer, CXJ_ANSWER_INIT, sizeof(cxj_answer));
CXJ__VERSIONED(columns_type, cxj_answer_columns, CXJ_ANSWER_COLUMNS_INIT,
	       sizeof(cxj_answer_columns));

int cxj_answer_init(cxj_answer *answer, unsigned int version)
{
	return cxj__versioned_init(&answer_type, answer, version, "answer");
}

int cxj_answer_columns_init(cxj_answer_columns *columns, unsigned int version)
{
	return cxj__versioned_init(&columns_type, columns, version, "columns");
}

/* ---- the store ---- */

/* Every column of a store, where it sits in the struct and the size of its
 * elements: the six core columns first, then the optional ones. What is
 * done to every block (grow, shrink, free) runs down this table. */
static const struct column {
	size_t offset, size;
} columns[] = {
    {offsetof(cxj_responses, respondent), sizeof(uint32_t)},
    {offsetof(cxj_responses, target), sizeof(uint32_t)},
    {offsetof(cxj_responses, segment), sizeof(uint32_t)},
    {offsetof(cxj_responses, metric), sizeof(uint8_t)},
    {offsetof(cxj_responses, score), sizeof(uint8_t)},
    {offsetof(cxj_responses, source), sizeof(uint8_t)},
    {offsetof(cxj_responses, timestamp), sizeof(int64_t)},
    {offsetof(cxj_responses, weight), sizeof(double)},
    {offsetof(cxj_responses, value), sizeof(double)},
};
#define CORE_COLUMNS 6
#define COLUMNS (sizeof columns / sizeof *columns)

/* The block pointer of column k of r. */
static void **column(cxj_responses *r, size_t k)
{
	return (void **)((char *)r + columns[k].offset);
}

/* Frees a block and forgets it. */
static void drop(void **block)
{
	cxj__free(*block);
	*block = NULL;
}

/* Frees columns [from, to) and forgets them. */
static void drop_columns(cxj_responses *r, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		drop(column(r, k));
}

int cxj_responses_new(cxj_responses **out)
{
	cxj_responses *r;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out must not be NULL");
	r = cxj__calloc(1, sizeof *r);
	if (!r)
		return cxj__nomem();
	for (int i = 0; i < CXJ__BUILTIN_METRICS; i++) {
		const char *m = cxj__builtin_metric_name(i);
		uint32_t k;
		if (cxj__intern_add_str(&r->strings[CXJ_TABLE_METRICS], m,
					strlen(m), &k)) {
			cxj_responses_free(r);
			return cxj__nomem();
		}
	}
	*out = r;
	return CXJ_OK;
}

void cxj_responses_free(cxj_responses *r)
{
	if (!r)
		return;
	if (r->borrowed)
		cxj__responses_unlend(r);
	drop_columns(r, 0, COLUMNS);
	for (int i = 0; i < 4; i++)
		cxj__intern_clear(&r->strings[i]);
	cxj__free(r->skipped);
	cxj__free(r);
}

static int grow_column(void **col, size_t ncap, size_t size)
{
	void *p;
	if (!*col)
		return CXJ_OK;
	p = cxj__realloc(*col, ncap * size);
	if (!p)
		return cxj__nomem();
	*col = p;
	return CXJ_OK;
}

int cxj__responses_grow(cxj_responses *r, size_t extra, int exact)
{
	size_t need, ncap, k = 0;
	if (extra > SIZE_MAX / 16 - r->count)
		return cxj__nomem();
	need = r->count + extra;
	if (need <= r->cap)
		return CXJ_OK;
	if (r->borrowed) /* lent rows cannot grow: the import falls back */
		return cxj__error(CXJ_ELIMIT, "more rows than lent");
	ncap = need;
	if (!exact && ncap < r->cap * 2)
		ncap = r->cap * 2;
	if (!exact && ncap < 64)
		ncap = 64;
	/* a column that grew before a later one failed keeps a larger block:
	 * harmless, since cap only counts what every column holds */
	if (!r->respondent) {
		/* first use: allocate the core columns together */
		int failed = 0;
		for (k = 0; k < CORE_COLUMNS; k++)
			failed |= !(*column(r, k) =
					cxj__malloc(ncap * columns[k].size));
		if (failed) {
			drop_columns(r, 0, CORE_COLUMNS);
			return cxj__nomem();
		}
	}
	for (; k < COLUMNS; k++)
		if (grow_column(column(r, k), ncap, columns[k].size))
			return CXJ_ENOMEM;
	r->cap = ncap;
	return CXJ_OK;
}

static void shrink_column(void **col, size_t n, size_t size)
{
	void *p;
	if (!*col)
		return;
	p = cxj__realloc(*col, n * size);
	if (p)
		*col = p;
}

void cxj__responses_shrink(cxj_responses *r)
{
	size_t n = r->count ? r->count : 1;
	/* only worth a copy when a tenth or more lies unused; each column
	 * keeps at least n either way, so a failed shrink changes nothing */
	if (!r->respondent || r->cap - r->count <= r->count / 10)
		return;
	for (size_t k = 0; k < COLUMNS; k++)
		shrink_column(column(r, k), n, columns[k].size);
	r->cap = n;
}

static void *new_optional(size_t cap, size_t size)
{
	return cxj__malloc((cap ? cap : 1) * size);
}

int cxj__responses_need_timestamp(cxj_responses *r)
{
	int64_t *t;
	if (r->timestamp)
		return CXJ_OK;
	if (!(t = new_optional(r->cap, sizeof *t)))
		return cxj__nomem();
	for (size_t i = 0; i < r->count; i++)
		t[i] = CXJ_NO_TIMESTAMP;
	r->timestamp = t;
	return CXJ_OK;
}

/* A column of doubles with fill for the rows so far. */
static int need_doubles(const cxj_responses *r, double **col, double fill)
{
	double *d;
	if (*col)
		return CXJ_OK;
	if (!(d = new_optional(r->cap, sizeof *d)))
		return cxj__nomem();
	for (size_t i = 0; i < r->count; i++)
		d[i] = fill;
	*col = d;
	return CXJ_OK;
}

int cxj__responses_need_weight(cxj_responses *r)
{
	return need_doubles(r, &r->weight, 1.0);
}

int cxj__responses_need_value(cxj_responses *r)
{
	return need_doubles(r, &r->value, NAN);
}

void cxj__responses_save_mark(const cxj_responses *r, cxj__responses_mark *m)
{
	m->count = r->count;
	m->skipped = r->skipped_count;
	m->cap = r->cap;
	m->skipped_cap = r->skipped_cap;
	for (int i = 0; i < 4; i++) {
		m->strings[i] = r->strings[i].count;
		m->string_bytes[i] = r->strings[i].cap;
		m->string_offs[i] = r->strings[i].offs_cap;
		m->string_slots[i] = r->strings[i].slots_cap;
	}
	m->had_timestamp = r->timestamp != NULL;
	m->had_weight = r->weight != NULL;
	m->had_value = r->value != NULL;
	m->had_core = r->respondent != NULL;
	m->had_skipped = r->skipped != NULL;
	for (int i = 0; i < 4; i++) {
		m->had_strings[i] = r->strings[i].bytes != NULL;
		m->had_index[i] = r->strings[i].slots_cap != 0;
	}
}

/* The room the failed call grew the columns by goes back: a host that
 * retries an import must not keep a second copy's worth of memory. Each
 * column holds at least cap rows, so one that keeps a larger block where
 * the allocator would not shrink it is still right. */
static void give_back_rows(cxj_responses *r, const cxj__responses_mark *m)
{
	size_t keep = m->cap > r->count ? m->cap : r->count, cap;
	if (r->borrowed || !r->respondent || r->cap <= keep)
		goto skipped;
	for (size_t k = 0; k < COLUMNS; k++) {
		cap = r->cap;
		if (*column(r, k))
			cxj__shrink(column(r, k), &cap, keep, columns[k].size);
	}
	r->cap = keep;
skipped:
	cxj__shrink((void **)&r->skipped, &r->skipped_cap,
		    m->skipped_cap > r->skipped_count ? m->skipped_cap
						      : r->skipped_count,
		    sizeof *r->skipped);
}

void cxj__responses_rollback(cxj_responses *r, const cxj__responses_mark *m)
{
	r->count = m->count;
	r->skipped_count = m->skipped;
	for (int i = 0; i < 4; i++) {
		if (m->had_strings[i] && !m->had_index[i]) {
			cxj__intern_unindex(&r->strings[i]);
			cxj__intern_truncate(&r->strings[i], m->strings[i]);
		} else if (m->had_strings[i]) {
			cxj__intern_truncate(&r->strings[i], m->strings[i]);
		}
		else
			cxj__intern_clear(&r->strings[i]);
		cxj__intern_shrink(&r->strings[i], m->string_bytes[i],
				   m->string_offs[i], m->string_slots[i]);
	}
	give_back_rows(r, m);
	if (!m->had_core) {
		drop_columns(r, 0, CORE_COLUMNS);
		r->cap = 0;
	}
	if (!m->had_skipped) {
		drop((void **)&r->skipped);
		r->skipped_cap = 0;
	}
	if (!m->had_timestamp)
		drop((void **)&r->timestamp);
	if (!m->had_weight)
		drop((void **)&r->weight);
	if (!m->had_value)
		drop((void **)&r->value);
}

/* Ids and names: 1..255 bytes of UTF-8 without control characters. */
int cxj__responses_metric(cxj_responses *r, const char *name, size_t len,
			  uint8_t *index)
{
	cxj__intern *in = &r->strings[CXJ_TABLE_METRICS];
	uint64_t h;
	long k;
	uint32_t idx;
	if ((k = cxj__builtin_metric(name, len)) >= 0) {
		*index = (uint8_t)k;
		return CXJ_OK;
	}
	if (!cxj__name_ok(name, len))
		return CXJ_EINVAL;
	h = cxj__intern_hash(in, name, len);
	k = cxj__intern_find(in, name, len, h);
	if (k >= 0) {
		*index = (uint8_t)k;
		return CXJ_OK;
	}
	if (in->count >= CXJ__METRIC_MAX)
		return CXJ_ELIMIT;
	if (cxj__intern_add(in, name, len, h, &idx))
		return CXJ_ENOMEM;
	*index = (uint8_t)idx;
	return CXJ_OK;
}

int cxj__responses_add_skipped(cxj_responses *r, unsigned line)
{
	int rc = cxj__reserve((void **)&r->skipped, &r->skipped_cap,
			      r->skipped_count + 1, sizeof *r->skipped);
	if (rc)
		return rc;
	r->skipped[r->skipped_count++] = line;
	return CXJ_OK;
}

/* Interns every string of one table of from into r's, in from's order (so
 * r keeps the order of first appearance), and fills map[k] with r's index
 * of from's string k. Hashes run eight ahead of the probes: a table of
 * millions of respondents lies far outside the cache. */
static int intern_all(cxj__intern *into, const cxj__intern *from,
		      uint32_t *map)
{
	enum { AHEAD = 16 };
	uint64_t hash[AHEAD];
	for (size_t k = 0; k < (size_t)from->count + AHEAD; k++) {
		if (k >= AHEAD) {
			size_t j = k - AHEAD;
			const char *s = cxj__intern_str(from, (uint32_t)j);
			if (cxj__intern_add(into, s,
					    cxj__intern_len(from, (uint32_t)j),
					    hash[j % AHEAD], &map[j]))
				return CXJ_ENOMEM;
		}
		if (k < from->count) {
			uint64_t h = cxj__intern_hash(
			    into, cxj__intern_str(from, (uint32_t)k),
			    cxj__intern_len(from, (uint32_t)k));
			cxj__intern_prefetch(into, h);
			hash[k % AHEAD] = h;
		}
	}
	return CXJ_OK;
}

void cxj__responses_lend(cxj_responses *to, cxj_responses *r, size_t row,
			 size_t rows)
{
	to->respondent = r->respondent + row;
	to->target = r->target + row;
	to->segment = r->segment + row;
	to->metric = r->metric + row;
	to->score = r->score + row;
	to->source = r->source + row;
	to->cap = rows;
	to->borrowed = 1;
}

void cxj__responses_unlend(cxj_responses *to)
{
	to->respondent = to->target = to->segment = NULL;
	to->metric = to->score = to->source = NULL;
	to->cap = 0;
	to->borrowed = 0;
}

/* Moves lent rows down to r->count, where the rows before them ended. */
static void close_gap(cxj_responses *r, cxj_responses *from)
{
	size_t n = from->count, at = r->count;
	if (from->respondent == r->respondent + at)
		return;
	memmove(r->respondent + at, from->respondent, n * 4);
	memmove(r->target + at, from->target, n * 4);
	memmove(r->segment + at, from->segment, n * 4);
	memmove(r->metric + at, from->metric, n);
	memmove(r->score + at, from->score, n);
	memmove(r->source + at, from->source, n);
	cxj__responses_lend(from, r, at, from->cap);
}

int cxj__responses_append(cxj_responses *r, cxj_responses *from)
{
	uint32_t *map[4] = {NULL, NULL, NULL, NULL}, metric_map[256];
	size_t base = r->count, n = from->count;
	int lent = from->borrowed;
	int rc = CXJ_OK;
	for (int t = 0; t < 4 && !rc; t++) {
		size_t count = from->strings[t].count;
		if (t == CXJ_TABLE_METRICS) {
			map[t] = metric_map;
		} else if (!(map[t] = cxj__malloc((count ? count : 1) *
						  sizeof *map[t]))) {
			rc = cxj__nomem();
			break;
		}
		if ((rc = cxj__intern_reserve(&r->strings[t], count,
					      from->strings[t].len)) ||
		    (rc = intern_all(&r->strings[t], &from->strings[t],
				     map[t])))
			break;
		if (t == CXJ_TABLE_METRICS &&
		    r->strings[t].count > CXJ__METRIC_MAX)
			rc = cxj__error(CXJ_ELIMIT,
					"more than %d distinct metrics",
					CXJ__METRIC_MAX);
	}
	/* lent rows lie within r's capacity: this grows nothing then */
	if (!rc && !lent)
		rc = cxj__responses_grow(r, n, 0);
	if (!rc && from->timestamp)
		rc = cxj__responses_need_timestamp(r);
	if (!rc && from->weight)
		rc = cxj__responses_need_weight(r);
	if (!rc && from->value)
		rc = cxj__responses_need_value(r);
	for (size_t k = 0; k < from->skipped_count && !rc; k++)
		rc = cxj__responses_add_skipped(r, from->skipped[k]);
	if (!rc) {
		const uint32_t *resp = map[CXJ_TABLE_RESPONDENTS],
			       *tgt = map[CXJ_TABLE_TARGETS],
			       *seg = map[CXJ_TABLE_SEGMENTS];
		if (lent)
			close_gap(r, from);
		for (size_t i = 0; i < n; i++) {
			uint32_t s = from->segment[i];
			r->respondent[base + i] = resp[from->respondent[i]];
			r->target[base + i] = tgt[from->target[i]];
			r->segment[base + i] = s ? seg[s - 1] + 1 : 0;
			r->metric[base + i] =
			    (uint8_t)metric_map[from->metric[i]];
		}
		if (!lent) {
			memcpy(r->score + base, from->score, n);
			memcpy(r->source + base, from->source, n);
		}
		/* an optional column only one side has gets its default */
		for (size_t i = 0; r->timestamp && i < n; i++)
			r->timestamp[base + i] = from->timestamp
						     ? from->timestamp[i]
						     : CXJ_NO_TIMESTAMP;
		for (size_t i = 0; r->weight && i < n; i++)
			r->weight[base + i] =
			    from->weight ? from->weight[i] : 1.0;
		for (size_t i = 0; r->value && i < n; i++)
			r->value[base + i] = from->value ? from->value[i] : NAN;
		r->count += n;
	}
	for (int t = 0; t < 3; t++)
		cxj__free(map[t]);
	return rc;
}

/* Validates the score for the metric's scale; sets *point or *value. */
static int check_score(const cxj_responses *r, uint8_t metric, double score,
		       uint8_t *point, double *value)
{
	char msg[128];
	*point = 0;
	*value = NAN;
	if (metric == CXJ__METRIC_CONTACT)
		return CXJ_OK;
	if (metric > CXJ__METRIC_CONTACT) {
		if (!isfinite(score))
			return cxj__error(
			    CXJ_ERANGE, "kpi '%s': value is not finite",
			    cxj__intern_str(&r->strings[CXJ_TABLE_METRICS],
					    metric));
		*value = score;
		return CXJ_OK;
	}
	if (cxj__point_check(cxj__metric_kind_of_index(metric), score, NULL, 0,
			     msg, sizeof msg))
		return cxj__error(CXJ_ERANGE, "%s", msg);
	*point = (uint8_t)score;
	return CXJ_OK;
}

/* One validated row, with its strings still to intern into v. */
typedef struct row {
	const char *respondent, *target, *segment;
	cxj__row v;
} row;

static int intern_str(cxj__intern *in, const char *s, uint32_t *out)
{
	return cxj__intern_add_str(in, s, strlen(s), out);
}

/* Stores a validated row at r->count, with the optional columns it needs
 * and its strings interned; the capacity is in place already. */
static int put_row(cxj_responses *r, row *w)
{
	uint32_t a;
	int rc;
	if (cxj__responses_need_columns(r, w->v.timestamp, w->v.weight,
					!isnan(w->v.value)))
		return CXJ_ENOMEM;
	w->v.segment = 0;
	/* the tables' own codes: a full table is CXJ_ELIMIT, not ENOMEM */
	if ((rc = intern_str(&r->strings[CXJ_TABLE_RESPONDENTS], w->respondent,
			     &a)) ||
	    (rc = intern_str(&r->strings[CXJ_TABLE_TARGETS], w->target,
			     &w->v.target)))
		return rc;
	if (w->segment && *w->segment) {
		if ((rc = intern_str(&r->strings[CXJ_TABLE_SEGMENTS],
				     w->segment, &w->v.segment)))
			return rc;
		w->v.segment++;
	}
	r->respondent[r->count] = a;
	cxj__responses_put(r, &w->v);
	return CXJ_OK;
}

static int check_str(const char *s, const char *what, int required)
{
	if (!s || !*s)
		return required ? cxj__error(CXJ_EINVAL, "%s is missing", what)
				: CXJ_OK;
	if (!cxj__name_ok(s, strlen(s)))
		return cxj__error(CXJ_EINVAL,
				  "%s '%.40s' is not 1 to 255 bytes of UTF-8 "
				  "without control characters",
				  what, s);
	return CXJ_OK;
}

/* Validates one answer into w; may intern a new KPI name (the caller's
 * mark undoes it on a later failure). */
static int make_row(cxj_responses *r, const char *respondent,
		    const char *target, const char *metric, double score,
		    const char *segment, int source, int64_t timestamp,
		    double weight, row *w)
{
	int rc;
	if ((rc = check_str(respondent, "respondent", 1)) ||
	    (rc = check_str(target, "target", 1)) ||
	    (rc = check_str(segment, "segment", 0)))
		return rc;
	if (!metric || !*metric)
		return cxj__error(CXJ_EINVAL, "metric is missing");
	if (source != CXJ_SOURCE_CUSTOMER && source != CXJ_SOURCE_EMPLOYEE)
		return cxj__error(CXJ_EINVAL,
				  "source %d is neither customer "
				  "nor employee",
				  source);
	if (!isfinite(weight) || weight <= 0)
		return cxj__error(CXJ_ERANGE,
				  "weight %g is not a finite number above 0",
				  weight);
	rc = cxj__responses_metric(r, metric, strlen(metric), &w->v.metric);
	if (rc == CXJ_EINVAL)
		return cxj__error(CXJ_EINVAL,
				  "metric '%.40s' is not a valid name", metric);
	if (rc == CXJ_ELIMIT)
		return cxj__error(CXJ_ELIMIT, "more than %d distinct metrics",
				  CXJ__METRIC_MAX);
	if (rc)
		return rc;
	if ((rc = check_score(r, w->v.metric, score, &w->v.point,
			      &w->v.value)))
		return rc;
	w->respondent = respondent;
	w->target = target;
	w->segment = segment;
	w->v.source = (uint8_t)source;
	w->v.timestamp = timestamp;
	w->v.weight = weight;
	return CXJ_OK;
}

int cxj_responses_add(cxj_responses *r, const cxj_answer *given)
{
	cxj__responses_mark mark;
	cxj_answer in, *a = &in;
	row w;
	int rc;
	if (!r || !given)
		return cxj__error(CXJ_EINVAL, "responses and answer are "
					      "required");
	if (cxj__versioned_read(&answer_type, given, &in))
		return CXJ_EINVAL;
	cxj__responses_save_mark(r, &mark);
	rc = make_row(r, a->respondent, a->target, a->metric, a->score,
		      a->segment, (int)a->source, a->timestamp, a->weight, &w);
	if (!rc)
		rc = cxj__responses_grow(r, 1, 0);
	if (!rc)
		rc = put_row(r, &w);
	if (rc)
		cxj__responses_rollback(r, &mark);
	return rc;
}

int cxj_responses_add_contact(cxj_responses *r, const char *customer,
			      const char *touchpoint, const char *segment,
			      int64_t timestamp)
{
	cxj_answer a = CXJ_ANSWER_INIT;
	a.respondent = customer;
	a.target = touchpoint;
	a.metric = CXJ_METRIC_CONTACT;
	a.segment = segment;
	a.timestamp = timestamp;
	return cxj_responses_add(r, &a);
}

int cxj_responses_add_columns(cxj_responses *r,
			      const cxj_answer_columns *given)
{
	cxj__responses_mark mark;
	cxj_answer_columns in, *c = &in;
	int rc = CXJ_OK;
	if (!r || !given)
		return cxj__error(CXJ_EINVAL, "responses and columns are "
					      "required");
	if (cxj__versioned_read(&columns_type, given, &in))
		return CXJ_EINVAL;
	if (c->count == 0)
		return CXJ_OK;
	if (!c->respondents || !c->targets)
		return cxj__error(CXJ_EINVAL,
				  "respondents and targets are required");
	cxj__responses_save_mark(r, &mark);
	rc = cxj__responses_grow(r, c->count, 0);
	for (size_t i = 0; !rc && i < c->count; i++) {
		row w;
		double score = c->scores ? c->scores[i] : 0;
		if (!c->scores &&
		    cxj__builtin_metric(c->metric ? c->metric : "",
					c->metric ? strlen(c->metric) : 0) !=
			CXJ__METRIC_CONTACT) {
			rc = cxj__error(CXJ_EINVAL, "scores are required");
			break;
		}
		rc = make_row(r, c->respondents[i], c->targets[i], c->metric,
			      score, c->segments ? c->segments[i] : NULL,
			      c->sources ? c->sources[i] : CXJ_SOURCE_CUSTOMER,
			      c->timestamps ? c->timestamps[i]
					    : CXJ_NO_TIMESTAMP,
			      c->weights ? c->weights[i] : 1.0, &w);
		if (rc) {
			/* name the row: the message says what, this says
			 * where */
			const cxj_error *e = cxj_error_last();
			char msg[400];
			snprintf(msg, sizeof msg, "%s", e->message);
			rc = cxj__error(rc, "row %zu: %s", i, msg);
			break;
		}
		rc = put_row(r, &w);
	}
	if (rc)
		cxj__responses_rollback(r, &mark);
	return rc;
}

size_t cxj_responses_skipped_count(const cxj_responses *r)
{
	return r ? r->skipped_count : 0;
}

unsigned cxj_responses_skipped_line(const cxj_responses *r, size_t index)
{
	return r && index < r->skipped_count ? r->skipped[index] : 0;
}

/* ---- accessors ---- */

size_t cxj_responses_count(const cxj_responses *r)
{
	return r ? r->count : 0;
}

const char *cxj_responses_respondent(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return NULL;
	return cxj__intern_str(&r->strings[CXJ_TABLE_RESPONDENTS],
			       r->respondent[i]);
}

const char *cxj_responses_target(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return NULL;
	return cxj__intern_str(&r->strings[CXJ_TABLE_TARGETS], r->target[i]);
}

const char *cxj_responses_metric(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return NULL;
	return cxj__intern_str(&r->strings[CXJ_TABLE_METRICS], r->metric[i]);
}

int cxj_responses_kind(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return 0;
	return (int)cxj__metric_kind_of_index(r->metric[i]);
}

double cxj_responses_score(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return NAN;
	if (r->metric[i] > CXJ__METRIC_CONTACT)
		return r->value[i];
	return r->score[i];
}

const char *cxj_responses_segment(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return NULL;
	if (r->segment[i] == 0)
		return "";
	return cxj__intern_str(&r->strings[CXJ_TABLE_SEGMENTS],
			       r->segment[i] - 1);
}

cxj_source cxj_responses_source(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return CXJ_SOURCE_CUSTOMER;
	return (cxj_source)r->source[i];
}

int64_t cxj_responses_timestamp(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count || !r->timestamp)
		return CXJ_NO_TIMESTAMP;
	return r->timestamp[i];
}

double cxj_responses_weight(const cxj_responses *r, size_t i)
{
	if (!r || i >= r->count)
		return NAN;
	return r->weight ? r->weight[i] : 1.0;
}

size_t cxj_responses_string_count(const cxj_responses *r, cxj_table table)
{
	if (!r || (unsigned)table > CXJ_TABLE_METRICS)
		return 0;
	return r->strings[table].count;
}

const char *cxj_responses_string_at(const cxj_responses *r, cxj_table table,
				    size_t index)
{
	if (!r || (unsigned)table > CXJ_TABLE_METRICS ||
	    index >= r->strings[table].count)
		return NULL;
	return cxj__intern_str(&r->strings[table], (uint32_t)index);
}

void cxj_responses_memory(const cxj_responses *r, size_t *core,
			  size_t *optional, size_t *strings)
{
	size_t c = 0, o = 0, s = 0;
	if (r) {
		c = r->respondent ? r->cap * 15 : 0;
		o = ((r->timestamp ? 8 : 0) + (r->weight ? 8 : 0) +
		     (r->value ? 8 : 0)) *
		    r->cap;
		for (int i = 0; i < 4; i++) {
			const cxj__intern *in = &r->strings[i];
			s += in->cap + in->offs_cap * sizeof *in->offs +
			     in->slots_cap *
				 (sizeof *in->tags + sizeof *in->slots);
		}
	}
	if (core)
		*core = c;
	if (optional)
		*optional = o;
	if (strings)
		*strings = s;
}
