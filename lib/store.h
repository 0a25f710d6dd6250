/* store.h: the columnar store of answers (responses.c) and its CSV import
 * (csv.c). */
#ifndef CXJ_STORE_H
#define CXJ_STORE_H

#include "base.h"
#include "text.h"

/* The columnar store. Core columns always exist (15 bytes per answer);
 * optional columns are NULL until an answer needs them. */
#define CXJ__METRIC_CSAT 0
#define CXJ__METRIC_NPS 1
#define CXJ__METRIC_CES 2
#define CXJ__METRIC_CONTACT 3
#define CXJ__METRIC_MAX 256

struct cxj_responses {
	size_t count, cap;
	uint32_t *respondent;
	uint32_t *target;
	uint32_t *segment; /* index + 1; 0: no segment */
	uint8_t *metric;   /* index into strings[CXJ_TABLE_METRICS] */
	uint8_t *score;    /* scale point; 0 for KPI and contact */
	uint8_t *source;
	int64_t *timestamp; /* optional; CXJ_NO_TIMESTAMP */
	double *weight;     /* optional; 1 */
	double *value;      /* optional: KPI values; NaN elsewhere */
	cxj__intern strings[4]; /* by cxj_table */
	unsigned *skipped;
	size_t skipped_count, skipped_cap;
	int borrowed; /* the core columns are lent (cxj__responses_lend) */
};


/* A point to return to when an import fails part-way. */
typedef struct cxj__responses_mark {
	size_t count, skipped;
	size_t cap, skipped_cap; /* given back on a rollback */
	size_t string_bytes[4], string_offs[4], string_slots[4];
	uint32_t strings[4];
	int had_timestamp, had_weight, had_value;
	/* blocks that did not exist yet are freed again on a rollback */
	int had_core, had_skipped, had_strings[4];
	int had_index[4]; /* an ordered table goes back to being one */
} cxj__responses_mark;

/* One answer as the store keeps it, its respondent apart (the CSV import
 * gives one to all the answers of a wide row): its strings interned
 * (segment: index + 1, 0 for none), its score a scale point (0 for KPIs
 * and contacts) or a KPI value (NaN elsewhere). */
typedef struct cxj__row {
	uint32_t target, segment;
	uint8_t metric, point, source;
	int64_t timestamp; /* CXJ_NO_TIMESTAMP: none */
	double weight, value;
} cxj__row;

void cxj__responses_save_mark(const cxj_responses *r, cxj__responses_mark *m);
void cxj__responses_rollback(cxj_responses *r, const cxj__responses_mark *m);
/* Makes room for extra more rows; exact: no more than that. */
int cxj__responses_grow(cxj_responses *r, size_t extra, int exact);
/* Releases spare capacity after a bulk import; never fails. */
void cxj__responses_shrink(cxj_responses *r);
/* Creates an optional column (defaults for earlier rows) at capacity. */
int cxj__responses_need_timestamp(cxj_responses *r);
int cxj__responses_need_weight(cxj_responses *r);
int cxj__responses_need_value(cxj_responses *r);
/* Creates the optional columns that answers with this timestamp, weight
 * and (has_value) a KPI value need and the store lacks. Inline, as
 * cxj__responses_put: the CSV import stores every row through them. */
static inline int cxj__responses_need_columns(cxj_responses *r,
					      int64_t timestamp, double weight,
					      int has_value)
{
	if (timestamp != CXJ_NO_TIMESTAMP && cxj__responses_need_timestamp(r))
		return CXJ_ENOMEM;
	if (weight != 1.0 && cxj__responses_need_weight(r))
		return CXJ_ENOMEM;
	if (has_value && cxj__responses_need_value(r))
		return CXJ_ENOMEM;
	return CXJ_OK;
}
/* Stores w at r->count, whose respondent the caller set: the room and the
 * optional columns it needs are in place. */
static inline void cxj__responses_put(cxj_responses *r, const cxj__row *w)
{
	size_t i = r->count;
	r->target[i] = w->target;
	r->segment[i] = w->segment;
	r->metric[i] = w->metric;
	r->score[i] = w->point;
	r->source[i] = w->source;
	if (r->timestamp)
		r->timestamp[i] = w->timestamp;
	if (r->weight)
		r->weight[i] = w->weight;
	if (r->value)
		r->value[i] = w->value;
	r->count++;
}
/* The metric index for a name: the built-in names without regard to case,
 * else a KPI name, interned. CXJ_ELIMIT past 256 metrics, CXJ_EINVAL for a
 * bad name (neither recorded: the caller reports with context). */
int cxj__responses_metric(cxj_responses *r, const char *name, size_t len,
			  uint8_t *index);
int cxj__responses_add_skipped(cxj_responses *r, unsigned line);
/* csv.c: imports whose body was read in parts by threads (for the tests,
 * which must know the parts were read and not fallen back from). */
extern unsigned long cxj__csv_parallel_reads;
/* Appends the answers of from (interning its strings into r's tables in
 * their order) and its skipped lines. On failure r may hold part of them:
 * the caller rolls back to a mark. */
int cxj__responses_append(cxj_responses *r, cxj_responses *from);
/* Lends rows [row, row + rows) of r's core columns (within its capacity)
 * to the empty store to, which then reads into them in place; append moves
 * them down to r's end and rewrites their indexes where they lie. Unlend
 * before freeing to. */
void cxj__responses_lend(cxj_responses *to, cxj_responses *r, size_t row,
			 size_t rows);
void cxj__responses_unlend(cxj_responses *to);

#endif
