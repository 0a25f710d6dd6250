/* libcxjourney: survey answers and contact records in a compact columnar
 * store with interned ids, filled by calls or by RFC 4180 CSV import.
 *
 * The store is the caller's, freed with cxj_responses_free. Its strings
 * are interned in tables that move as they grow: a string read from the
 * store is valid until the next call that adds to it (an add or an import,
 * even one that fails) or its free. Functions that return a status fail
 * with CXJ_EINVAL for a NULL store or a NULL required argument; a failed
 * add or import stores nothing. */
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

/* A survey mapping (cxj_survey_mapping_load_file). */
typedef struct cxj_survey_mapping cxj_survey_mapping;

/* CSV import. The first record is a header whose names (compared without
 * regard to ASCII case and surrounding spaces) select the columns; the
 * *_column fields rename them for exports from ticketing tools (NULL: the
 * default name in brackets). Other columns are ignored. An optional
 * column may be absent under its default name; one the caller names must
 * be there (CXJ_EPARSE "missing column", with the nearest header name). */
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
	/* Version 2. What the import takes but a person should look at: a
	 * metric name near a known one, taken as a new KPI ("nsp"); a segment
	 * that differs from another only in case ("fi" beside "FI"); an id
	 * that is not in journey. When report is not NULL, a successful import
	 * stores there a new list of them (CXJ_SEVERITY_WARNING, the rules
	 * CXJ_RULE_NEAR_METRIC, _SEGMENT_CASE, _UNKNOWN_ID), each with the name
	 * as its object, the line and column of its first row and its count of
	 * rows, freed with cxj_diagnostics_free; a failed import leaves it
	 * untouched. With strict, each of them is instead an error of the row
	 * where it first appears (CXJ_EPARSE with line and column, or a
	 * skipped row under skip_bad_rows). journey: the map the answers are
	 * for (NULL: ids are not checked). A report, strict or a journey read
	 * the input in the calling thread. */
	cxj_diagnostics **report;
	const cxj_journey *journey;
	int strict;
	/* Version 2. A wide export (as survey tools write them): one row per
	 * respondent, one column per question. When question_count is above
	 * 0, question k is the header column question_columns[k], asking
	 * metric question_metrics[k] ("csat", "nps", "ces" or a KPI name;
	 * not "contact") about question_targets[k] (a touchpoint, stage or
	 * journey id); each non-blank cell of a row is one answer, with the
	 * row's respondent, segment, source, timestamp and weight, in the
	 * order of the questions. Blank cells (empty or spaces) are no answer,
	 * and a row with none adds nothing. target_column, metric_column,
	 * score_column and metric are then not used. A bad cell makes its
	 * row bad, as a bad field does; report, strict and journey apply, a
	 * near-miss metric or an id not in journey being noted at the
	 * question's header cell. The arrays are read during the call only. */
	const char *const *question_columns;
	const char *const *question_targets;
	const char *const *question_metrics;
	size_t question_count;
} cxj_csv_options;

#define CXJ_CSV_OPTIONS_VERSION 2
#define CXJ_CSV_OPTIONS_INIT                                                   \
	{                                                                      \
		CXJ_CSV_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL,   \
		    NULL, NULL, NULL, 0, 0, 0, NULL, NULL, 0, NULL, NULL,      \
		    NULL, 0                                                    \
	}

/* The interned string tables. */
typedef enum cxj_table {
	CXJ_TABLE_RESPONDENTS = 0,
	CXJ_TABLE_TARGETS = 1,
	CXJ_TABLE_SEGMENTS = 2,
	CXJ_TABLE_METRICS = 3
} cxj_table;

/* For bindings that cannot use the _INIT macros: fill the struct with its
 * _INIT value and set its version; CXJ_EINVAL for a NULL struct or a
 * version this library does not know (0, or above the current one). */
CXJ_EXTERN int cxj_answer_init(cxj_answer *answer, unsigned int version);
CXJ_EXTERN int cxj_answer_columns_init(cxj_answer_columns *columns,
				       unsigned int version);
CXJ_EXTERN int cxj_csv_options_init(cxj_csv_options *opts,
				    unsigned int version);

/* A new, empty store in *out, freed with cxj_responses_free (NULL is a
 * no-op there). CXJ_EINVAL for a NULL out, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_responses_new(cxj_responses **out);
CXJ_EXTERN void cxj_responses_free(cxj_responses *responses);

/* Appends one answer; on failure nothing is stored. An out-of-scale score is
 * CXJ_ERANGE, a bad id or name CXJ_EINVAL, a metric name past the 256th
 * (the four built-in names included) CXJ_ELIMIT. CXJ_EINVAL also for a NULL
 * argument, an unknown version, a missing respondent, target or metric, or
 * a source other than the two; CXJ_ERANGE also for a KPI score that is not
 * finite or a weight that is not a finite number above 0; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_responses_add(cxj_responses *responses,
				 const cxj_answer *answer);
/* Records a contact to customer service: shorthand for an answer of metric
 * "contact" by a customer. segment may be NULL, timestamp
 * CXJ_NO_TIMESTAMP. As for cxj_responses_add, CXJ_EINVAL for a missing or
 * bad id or segment, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_responses_add_contact(cxj_responses *responses,
					 const char *customer,
					 const char *touchpoint,
					 const char *segment,
					 int64_t timestamp);
/* Appends every row or, on any failure, none. Each row is checked as by
 * cxj_responses_add, with its codes (CXJ_EINVAL, CXJ_ERANGE, CXJ_ELIMIT,
 * CXJ_ENOMEM), the message naming the row. CXJ_EINVAL also for an unknown
 * version, or, when count > 0, NULL respondents or targets, or NULL scores
 * for a metric other than "contact". */
CXJ_EXTERN int cxj_responses_add_columns(cxj_responses *responses,
					 const cxj_answer_columns *columns);

/* RFC 4180: quoted fields, "" inside quotes, embedded delimiters and line
 * breaks, LF or CRLF, an optional UTF-8 byte order mark. Scores of the scale
 * metrics are whole numbers; timestamps are whole seconds since the epoch or
 * ISO 8601 ("2025-03-01", "2025-03-01T08:30:00Z", "...+02:00"); source is
 * "customer" or "employee" (empty: customer). All rows or none are stored:
 * a bad row fails with CXJ_EPARSE and its file, line and column in
 * cxj_error_last() unless opts->skip_bad_rows. opts may be NULL.
 * CXJ_EPARSE also for a header without a required column or with one
 * twice, or an input without a header. CXJ_EINVAL for a NULL store or path,
 * NULL data with size > 0, an unknown options version, a delimiter that is
 * a quote or a line break, a bad opts->metric or bad questions (a NULL
 * array, a column named twice, a target that is no id, a metric that is no
 * name or is "contact": the message names the question); CXJ_ELIMIT when
 * opts->metric or a question's metric would be the 257th metric name;
 * CXJ_EIO when the file cannot be opened or read; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_responses_import_csv_file(cxj_responses *responses,
					     const char *path,
					     const cxj_csv_options *opts);
CXJ_EXTERN int cxj_responses_import_csv_buffer(cxj_responses *responses,
					       const char *data, size_t size,
					       const cxj_csv_options *opts);

/* A survey mapping: how to read a wide export, kept in a small YAML file
 * beside the map, so that the cxj tool and the bindings share one format:
 *
 *     respondent: ResponseId        # column names, each optional
 *     segment: Region               # (also source, timestamp, weight)
 *     delimiter: ";"                # optional
 *     questions:                    # header name: what it asks
 *       Q1: {target: call-desk, metric: csat}
 *       Q2: {target: support, metric: nps}
 *
 * Loads into *out a mapping freed with cxj_survey_mapping_free (NULL is a
 * no-op there). name labels errors of a buffer (may be NULL). CXJ_EPARSE
 * with file, line and column for YAML that is not well formed, an unknown
 * key (with the nearest known one), a key or question column twice (with
 * where it was first), a question without its target or metric, a target
 * that is no id, a metric that is no name or is "contact", no questions;
 * CXJ_ELIMIT past 16 MiB, nesting or text limits; CXJ_EIO when the file
 * cannot be read or is a directory; CXJ_EINVAL for NULL arguments;
 * CXJ_ENOMEM. On failure *out is untouched. */
CXJ_EXTERN int cxj_survey_mapping_load_file(const char *path,
					    cxj_survey_mapping **out);
CXJ_EXTERN int cxj_survey_mapping_load_buffer(const void *data, size_t len,
					      const char *name,
					      cxj_survey_mapping **out);
CXJ_EXTERN void cxj_survey_mapping_free(cxj_survey_mapping *mapping);
/* The number of questions; 0 for NULL. */
CXJ_EXTERN size_t cxj_survey_mapping_count(const cxj_survey_mapping *mapping);
/* Sets the column names the mapping gives (others are left as they are),
 * its delimiter if it has one, and its questions, into opts, which must
 * be version 2 or later. The strings stay the mapping's: opts is valid
 * for an import while the mapping lives. CXJ_EINVAL for NULL arguments or
 * an older opts version, which is then untouched. */
CXJ_EXTERN int cxj_survey_mapping_apply(const cxj_survey_mapping *mapping,
					cxj_csv_options *opts);
/* Rows skipped by imports with skip_bad_rows, over the store's life, and
 * the line (from 1) where each began; 0 for NULL or out of range. */
CXJ_EXTERN size_t cxj_responses_skipped_count(const cxj_responses *responses);
CXJ_EXTERN unsigned cxj_responses_skipped_line(const cxj_responses *responses,
					       size_t index);

/* Row accessors; out of range: NULL, 0, NaN or CXJ_NO_TIMESTAMP. The
 * number of answers (0 for NULL), then the respondent, target and metric
 * name of the answer at index (the store's strings, valid until the next
 * add or import to the store, which may move them, or its free; the
 * built-in metric names in lower case); NULL out of range. */
CXJ_EXTERN size_t cxj_responses_count(const cxj_responses *responses);
CXJ_EXTERN const char *cxj_responses_respondent(const cxj_responses *responses,
						size_t index);
CXJ_EXTERN const char *cxj_responses_target(const cxj_responses *responses,
					    size_t index);
CXJ_EXTERN const char *cxj_responses_metric(const cxj_responses *responses,
					    size_t index);
/* CXJ_CSAT, CXJ_NPS, CXJ_CES, CXJ_KPI; 0 for a contact or out of range.
 * Like every accessor here, it cannot fail. */
CXJ_EXTERN int cxj_responses_kind(const cxj_responses *responses, size_t index);
/* The scale point, or the KPI value; 0 for a contact, NaN out of range. */
CXJ_EXTERN double cxj_responses_score(const cxj_responses *responses,
				      size_t index);
/* "" when the answer has no segment; NULL out of range (valid as the
 * strings above). */
CXJ_EXTERN const char *cxj_responses_segment(const cxj_responses *responses,
					     size_t index);
/* Who answered (CXJ_SOURCE_CUSTOMER out of range), when
 * (CXJ_NO_TIMESTAMP when the answer has no timestamp, or out of range) and
 * with what weight (1 for unweighted answers, NaN out of range). */
CXJ_EXTERN cxj_source cxj_responses_source(const cxj_responses *responses,
					   size_t index);
CXJ_EXTERN int64_t cxj_responses_timestamp(const cxj_responses *responses,
					   size_t index);
CXJ_EXTERN double cxj_responses_weight(const cxj_responses *responses,
				       size_t index);

/* The distinct strings of each table, in order of first appearance. The
 * metrics table starts with "csat", "nps", "ces", "contact". The count is
 * 0, the string NULL, for NULL, an unknown table or out of range; a string
 * is valid until the next add or import to the store, or its free. */
CXJ_EXTERN size_t cxj_responses_string_count(const cxj_responses *responses,
					     cxj_table table);
CXJ_EXTERN const char *cxj_responses_string_at(const cxj_responses *responses,
					       cxj_table table, size_t index);
/* "customer", "employee"; "respondents", "targets", "segments",
 * "metrics"; "unknown" for a value out of range. Static strings; they
 * cannot fail. */
CXJ_EXTERN const char *cxj_source_name(cxj_source source);
CXJ_EXTERN const char *cxj_table_name(cxj_table table);

/* Memory held: core columns (respondent, target, metric, score, segment,
 * source), optional columns (timestamp, weight, KPI value; 0 until used)
 * and interned strings with their hash tables, in bytes. Each out pointer
 * may be NULL; a NULL store holds 0 bytes. */
CXJ_EXTERN void cxj_responses_memory(const cxj_responses *responses,
				     size_t *core, size_t *optional,
				     size_t *strings);

#ifdef __cplusplus
}
#endif

#endif
