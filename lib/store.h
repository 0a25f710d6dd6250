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
