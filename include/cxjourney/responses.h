/* libcxjourney: survey answers and contact records in a compact columnar
 * store with interned ids, filled by calls or by RFC 4180 CSV import. */
#ifndef CXJOURNEY_RESPONSES_H
#define CXJOURNEY_RESPONSES_H

#include "common.h"
#include "journey.h"
#include "metric.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cxj_responses cxj_responses;

/* Who gave the answer: a built-in segment, so that customer and employee
 * feedback on one touchpoint can be compared side by side. */
typedef enum cxj_source {
	CXJ_SOURCE_CUSTOMER = 0,
	CXJ_SOURCE_EMPLOYEE = 1
} cxj_source;

/* The metric name of a contact record (a contact to customer service
 * attributed to the touchpoint where the experience broke). */
#define CXJ_METRIC_CONTACT "contact"

/* "No timestamp": the answer belongs to no period. */
#define CXJ_NO_TIMESTAMP INT64_MIN

/* One answer. Fill with CXJ_ANSWER_INIT; fields are only ever appended.
 * metric is "csat" (score 1..5), "nps" (0..10), "ces" (1..7), "contact"
 * (score ignored) or the name of a numeric KPI (score: any finite number).
 * The four built-in names are matched without regard to case. Ids and names
 * are 1..255 bytes of UTF-8 without control characters; they are copied
 * (interned). */
typedef struct cxj_answer {
	unsigned int version;
	const char *respondent; /* required */
	const char *target;	/* touchpoint, stage or journey id; required */
	const char *metric;	/* required */
	double score;
	const char *segment; /* NULL or "": none */
	cxj_source source;
	int64_t timestamp; /* seconds since 1970-01-01 UTC, or
			      CXJ_NO_TIMESTAMP */
	double weight;	   /* finite, > 0; 1 means unweighted */
} cxj_answer;

#define CXJ_ANSWER_VERSION 1
#define CXJ_ANSWER_INIT                                                        \
	{                                                                      \
		CXJ_ANSWER_VERSION, NULL, NULL, NULL, 0, NULL,                 \
		    CXJ_SOURCE_CUSTOMER, CXJ_NO_TIMESTAMP, 1.0                 \
	}

/* Many answers of one metric as parallel arrays of count elements (the
 * shape of a data frame's columns). Optional arrays may be NULL: no
 * segment, customer source, no timestamp, weight 1. Fill with
 * CXJ_ANSWER_COLUMNS_INIT. */
typedef struct cxj_answer_columns {
	unsigned int version;
	size_t count;
	const char *metric;		/* one metric for every row */
	const char *const *respondents; /* required */
	const char *const *targets;	/* required */
	const double *scores;		/* required except for contacts */
	const char *const *segments;	/* optional; NULL elements: none */
	const unsigned char *sources;	/* optional; cxj_source values */
	const int64_t *timestamps;	/* optional */
	const double *weights;		/* optional */
} cxj_answer_columns;

#define CXJ_ANSWER_COLUMNS_VERSION 1
#define CXJ_ANSWER_COLUMNS_INIT                                                \
	{                                                                      \
		CXJ_ANSWER_COLUMNS_VERSION, 0, NULL, NULL, NULL, NULL, NULL,   \
		    NULL, NULL, NULL                                           \
	}

/* CSV import. The first record is a header whose names (compared without
 * regard to ASCII case and surrounding spaces) select the columns; the
 * *_column fields rename them for exports from ticketing tools (NULL: the
 * default name in brackets). Other columns are ignored. */
typedef struct cxj_csv_options {
	unsigned int version;
	const char *respondent_column; /* ["respondent"], required */
	const char *target_column;     /* ["touchpoint"], required */
	const char *metric_column;     /* ["metric"], unless metric is set */
	const char *score_column;      /* ["score"], required */
	const char *segment_column;    /* ["segment"], optional */
	const char *source_column;     /* ["source"], optional */
	const char *timestamp_column;  /* ["timestamp"], optional */
	const char *weight_column;     /* ["weight"], optional */
	/* The metric of every row when the file has no metric column. */
	const char *metric;
	char delimiter; /* ',' when 0 */
	/* 0: the first bad row fails the import. Otherwise bad rows are
	 * skipped and counted (cxj_responses_skipped_count). */
	int skip_bad_rows;
	/* Threads reading one input: 0 (the default) starts one per processor
	 * for each 8 MiB of input; 1 reads in the calling thread alone; n
	 * cuts any input into up to n parts (at most 16). The result is the
	 * same either way, errors and skipped rows included; the allocator
	 * is then called from those threads too. */
	int threads;
} cxj_csv_options;

#define CXJ_CSV_OPTIONS_VERSION 1
#define CXJ_CSV_OPTIONS_INIT                                                   \
	{                                                                      \
		CXJ_CSV_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL,   \
		    NULL, NULL, NULL, 0, 0, 0                                  \
	}

/* The interned string tables. */
typedef enum cxj_table {
	CXJ_TABLE_RESPONDENTS = 0,
	CXJ_TABLE_TARGETS = 1,
	CXJ_TABLE_SEGMENTS = 2,
	CXJ_TABLE_METRICS = 3
} cxj_table;

CXJ_EXTERN int cxj_answer_init(cxj_answer *answer, unsigned int version);
CXJ_EXTERN int cxj_answer_columns_init(cxj_answer_columns *columns,
				       unsigned int version);
CXJ_EXTERN int cxj_csv_options_init(cxj_csv_options *opts,
				    unsigned int version);

CXJ_EXTERN int cxj_responses_new(cxj_responses **out);
CXJ_EXTERN void cxj_responses_free(cxj_responses *responses);

/* Appends one answer; on failure nothing is stored. An out-of-scale score is
 * CXJ_ERANGE, a bad id or name CXJ_EINVAL, a metric name past the 256th
 * (the four built-in names included) CXJ_ELIMIT. */
CXJ_EXTERN int cxj_responses_add(cxj_responses *responses,
				 const cxj_answer *answer);
/* Records a contact to customer service: shorthand for an answer of metric
 * "contact" by a customer. */
CXJ_EXTERN int cxj_responses_add_contact(cxj_responses *responses,
					 const char *customer,
					 const char *touchpoint,
					 const char *segment,
					 int64_t timestamp);
/* Appends every row or, on any failure, none. */
CXJ_EXTERN int cxj_responses_add_columns(cxj_responses *responses,
					 const cxj_answer_columns *columns);

/* RFC 4180: quoted fields, "" inside quotes, embedded delimiters and line
 * breaks, LF or CRLF, an optional UTF-8 byte order mark. Scores of the scale
 * metrics are whole numbers; timestamps are whole seconds since the epoch or
 * ISO 8601 ("2025-03-01", "2025-03-01T08:30:00Z", "...+02:00"); source is
 * "customer" or "employee" (empty: customer). All rows or none are stored:
 * a bad row fails with CXJ_EPARSE and its file, line and column in
 * cxj_error_last() unless opts->skip_bad_rows. opts may be NULL. */
CXJ_EXTERN int cxj_responses_import_csv_file(cxj_responses *responses,
					     const char *path,
					     const cxj_csv_options *opts);
CXJ_EXTERN int cxj_responses_import_csv_buffer(cxj_responses *responses,
					       const char *data, size_t size,
					       const cxj_csv_options *opts);
/* Rows skipped by imports with skip_bad_rows, over the store's life, and
 * the line (from 1) where each began. */
CXJ_EXTERN size_t cxj_responses_skipped_count(const cxj_responses *responses);
CXJ_EXTERN unsigned cxj_responses_skipped_line(const cxj_responses *responses,
					       size_t index);

/* Row accessors; out of range: NULL, 0, NaN or CXJ_NO_TIMESTAMP. */
CXJ_EXTERN size_t cxj_responses_count(const cxj_responses *responses);
CXJ_EXTERN const char *cxj_responses_respondent(const cxj_responses *responses,
						size_t index);
CXJ_EXTERN const char *cxj_responses_target(const cxj_responses *responses,
					    size_t index);
CXJ_EXTERN const char *cxj_responses_metric(const cxj_responses *responses,
					    size_t index);
/* CXJ_CSAT, CXJ_NPS, CXJ_CES, CXJ_KPI; 0 for a contact or out of range. */
CXJ_EXTERN int cxj_responses_kind(const cxj_responses *responses, size_t index);
/* The scale point, or the KPI value; 0 for a contact. */
CXJ_EXTERN double cxj_responses_score(const cxj_responses *responses,
				      size_t index);
/* "" when the answer has no segment. */
CXJ_EXTERN const char *cxj_responses_segment(const cxj_responses *responses,
					     size_t index);
CXJ_EXTERN cxj_source cxj_responses_source(const cxj_responses *responses,
					   size_t index);
CXJ_EXTERN int64_t cxj_responses_timestamp(const cxj_responses *responses,
					   size_t index);
CXJ_EXTERN double cxj_responses_weight(const cxj_responses *responses,
				       size_t index);

/* The distinct strings of each table, in order of first appearance. The
 * metrics table starts with "csat", "nps", "ces", "contact". */
CXJ_EXTERN size_t cxj_responses_string_count(const cxj_responses *responses,
					     cxj_table table);
CXJ_EXTERN const char *cxj_responses_string_at(const cxj_responses *responses,
					       cxj_table table, size_t index);

/* Memory held: core columns (respondent, target, metric, score, segment,
 * source), optional columns (timestamp, weight, KPI value; 0 until used)
 * and interned strings with their hash tables, in bytes. */
CXJ_EXTERN void cxj_responses_memory(const cxj_responses *responses,
				     size_t *core, size_t *optional,
				     size_t *strings);

/* ---- scoring a journey ----
 * cxj_journey_score turns the answers into cxj_metric accumulators per
 * touchpoint, stage and journey, per metric, overall and per segment,
 * source and period. An answer names a touchpoint, a stage or the journey
 * itself; answers naming other ids are counted as unknown, never dropped
 * silently. The scores own copies of every id: they outlive the journey
 * and the responses. */

typedef struct cxj_scores cxj_scores;

typedef enum cxj_period {
	CXJ_PERIOD_NONE = 0,
	CXJ_PERIOD_DAY = 1,  /* UTC days */
	CXJ_PERIOD_WEEK = 2, /* ISO weeks, Monday to Sunday, UTC */
	CXJ_PERIOD_MONTH = 3,
	CXJ_PERIOD_QUARTER = 4
} cxj_period;

/* Each touchpoint's emotional-curve value is the answer-weighted mean of
 * its CSAT, NPS and CES figures, each put on -1..1: NPS / 100,
 * (CSAT mean - 3) / 2, (CES mean - 4) / 3. Its experience is negative below
 * negative_below, positive from positive_from, neutral between, unknown
 * without answers. Fill with CXJ_SCORE_OPTIONS_INIT. */
typedef struct cxj_score_options {
	unsigned int version;
	cxj_period period;     /* CXJ_PERIOD_NONE: no period figures */
	double negative_below; /* 0 */
	double positive_from;  /* 0.3 */
	/* The base of contact rates: customers served. 0: the distinct
	 * customer respondents in the responses (answers and contacts). */
	double customers;
} cxj_score_options;

#define CXJ_SCORE_OPTIONS_VERSION 1
#define CXJ_SCORE_OPTIONS_INIT                                                 \
	{                                                                      \
		CXJ_SCORE_OPTIONS_VERSION, CXJ_PERIOD_NONE, 0.0, 0.3, 0.0      \
	}

#define CXJ_ANY_SOURCE (-1)
#define CXJ_ALL_PERIODS ((size_t)-1)

/* Which answers a figure counts. Fill with CXJ_SELECTION_INIT (everything:
 * all segments, both sources, all periods, answers naming the id). */
typedef struct cxj_selection {
	unsigned int version;
	const char *segment; /* NULL: all; "": answers without a segment */
	int source;	     /* CXJ_ANY_SOURCE or a cxj_source */
	size_t period;	     /* CXJ_ALL_PERIODS or a period index */
	/* 0: answers naming the id; 1: also those naming anything inside it
	 * (a stage's touchpoints; the journey's stages and touchpoints) */
	int rollup;
} cxj_selection;

#define CXJ_SELECTION_VERSION 1
#define CXJ_SELECTION_INIT                                                     \
	{                                                                      \
		CXJ_SELECTION_VERSION, NULL, CXJ_ANY_SOURCE, CXJ_ALL_PERIODS,  \
		    0                                                          \
	}

/* Respondent ids behind a figure (drill-down), distinct, in order of first
 * appearance; owned by the list. */
typedef struct cxj_idlist cxj_idlist;

CXJ_EXTERN int cxj_score_options_init(cxj_score_options *opts,
				      unsigned int version);
CXJ_EXTERN int cxj_selection_init(cxj_selection *sel, unsigned int version);

/* opts may be NULL. More than 4094 periods, 2^20 - 2 segments or 2^21 - 1
 * touchpoints and stages: CXJ_ELIMIT. */
CXJ_EXTERN int cxj_journey_score(const cxj_journey *journey,
				 const cxj_responses *responses,
				 const cxj_score_options *opts,
				 cxj_scores **out);
CXJ_EXTERN void cxj_scores_free(cxj_scores *scores);

/* The accumulator of metric ("csat", "nps", "ces" or a KPI name) for id
 * under sel (NULL: everything); borrowed from the scores. NULL when no
 * answer falls under it, or when an argument names nothing known. */
CXJ_EXTERN const cxj_metric *cxj_scores_metric(const cxj_scores *scores,
					       const char *id,
					       const char *metric,
					       const cxj_selection *sel);
/* Contacts (failure demand) attributed to id under sel; their share of all
 * contacts attributed in the map (NaN when none) and their rate per
 * customer (see cxj_score_options.customers; NaN when the base is 0 or,
 * with the default base, when no contact names anything in the map). */
CXJ_EXTERN uint64_t cxj_scores_contacts(const cxj_scores *scores,
					const char *id,
					const cxj_selection *sel);
CXJ_EXTERN double cxj_scores_contact_share(const cxj_scores *scores,
					   const char *id,
					   const cxj_selection *sel);
CXJ_EXTERN double cxj_scores_contact_rate(const cxj_scores *scores,
					  const char *id,
					  const cxj_selection *sel);

/* The map's target for metric on id (cxj_touchpoint_target and the like;
 * NaN when none), and the gap: the value minus the target, where the value
 * is the figure of the answers naming id when there are any, else
 * its rollup. NaN without a target or without answers. */
CXJ_EXTERN double cxj_scores_target(const cxj_scores *scores, const char *id,
				    const char *metric);
CXJ_EXTERN double cxj_scores_gap(const cxj_scores *scores, const char *id,
				 const char *metric);

/* The emotional curve: one value per touchpoint in map order (NaN without
 * answers), and each touchpoint's derived experience. */
CXJ_EXTERN size_t cxj_scores_curve_count(const cxj_scores *scores);
CXJ_EXTERN double cxj_scores_curve_value(const cxj_scores *scores,
					 size_t index);
CXJ_EXTERN const char *cxj_scores_curve_id(const cxj_scores *scores,
					   size_t index);
CXJ_EXTERN cxj_experience cxj_scores_experience(const cxj_scores *scores,
						const char *touchpoint_id);

/* Periods from the first to the last timestamp, empty ones included;
 * each starts at a UTC boundary (seconds since the epoch). */
CXJ_EXTERN size_t cxj_scores_period_count(const cxj_scores *scores);
CXJ_EXTERN int64_t cxj_scores_period_start(const cxj_scores *scores,
					   size_t index);
/* The figure of sel->period against the period before it (a minus b),
 * by cxj_metric_compare. CXJ_EINVAL for period 0 or none; CXJ_ENOTFOUND
 * when either period has no answers. */
CXJ_EXTERN int cxj_scores_trend(const cxj_scores *scores, const char *id,
				const char *metric, const cxj_selection *sel,
				cxj_comparison *out);

/* Distinct segments and metrics seen in the responses. */
CXJ_EXTERN size_t cxj_scores_segment_count(const cxj_scores *scores);
CXJ_EXTERN const char *cxj_scores_segment_at(const cxj_scores *scores,
					     size_t index);

/* Answers naming ids that are not in the map: how many, and which ids
 * with how many answers each. */
CXJ_EXTERN uint64_t cxj_scores_unknown_count(const cxj_scores *scores);
CXJ_EXTERN size_t cxj_scores_unknown_id_count(const cxj_scores *scores);
CXJ_EXTERN const char *cxj_scores_unknown_id_at(const cxj_scores *scores,
						size_t index);
CXJ_EXTERN uint64_t cxj_scores_unknown_id_answers(const cxj_scores *scores,
						  size_t index);

/* Drill-down: the respondents behind a figure whose score (KPI value) lies
 * in min_score..max_score, e.g. 0..6 for the detractors of an NPS figure.
 * responses must be the store that was scored, unchanged since
 * (CXJ_EINVAL otherwise). CXJ_ENOTFOUND for an unknown id. */
CXJ_EXTERN int cxj_scores_drill(const cxj_scores *scores,
				const cxj_responses *responses, const char *id,
				const char *metric, const cxj_selection *sel,
				double min_score, double max_score,
				cxj_idlist **out);
/* ---- many segments at once ----
 * Every pair of segments with answers for a figure, compared with
 * cxj_metric_compare, with Holm and Benjamini-Hochberg adjusted p-values
 * beside the raw ones (the family: all pairs that could be compared). */
typedef struct cxj_segment_pair {
	unsigned int version;
	const char *segment_a; /* borrowed from the list */
	const char *segment_b;
	cxj_comparison comparison; /* a minus b; NaN figures when the pair
				    * could not be compared */
	double p_holm;
	double p_bh;
} cxj_segment_pair;

#define CXJ_SEGMENT_PAIR_VERSION 1
#define CXJ_SEGMENT_PAIR_INIT                                                  \
	{CXJ_SEGMENT_PAIR_VERSION, NULL, NULL, CXJ_COMPARISON_INIT, 0, 0}

typedef struct cxj_segment_pairs cxj_segment_pairs;

CXJ_EXTERN int cxj_segment_pair_init(cxj_segment_pair *pair,
				     unsigned int version);
/* sel may be NULL; its segment is ignored. Pairs come in the order of
 * cxj_scores_segment_at. CXJ_EINVAL with fewer than two segments that have
 * answers for the figure. */
CXJ_EXTERN int cxj_scores_compare_segments(const cxj_scores *scores,
					   const char *id, const char *metric,
					   const cxj_selection *sel,
					   cxj_segment_pairs **out);
CXJ_EXTERN void cxj_segment_pairs_free(cxj_segment_pairs *pairs);
CXJ_EXTERN size_t cxj_segment_pairs_count(const cxj_segment_pairs *pairs);
CXJ_EXTERN int cxj_segment_pairs_get(const cxj_segment_pairs *pairs,
				     size_t index, cxj_segment_pair *out);

CXJ_EXTERN void cxj_idlist_free(cxj_idlist *list);
CXJ_EXTERN size_t cxj_idlist_count(const cxj_idlist *list);
CXJ_EXTERN const char *cxj_idlist_at(const cxj_idlist *list, size_t index);

#ifdef __cplusplus
}
#endif

#endif
