/* libcxjourney: scoring a journey: the answers of a cxj_responses turned
 * into metrics per touchpoint, stage and journey, by segment, source and
 * period, with targets, gaps, the emotional curve, drill-down and segment
 * comparisons. */
#ifndef CXJOURNEY_SCORE_H
#define CXJOURNEY_SCORE_H

#include "common.h"
#include "journey.h"
#include "metric.h"
#include "responses.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/* For bindings that cannot use the _INIT macros: fill the struct with its
 * _INIT value and set its version; CXJ_EINVAL for a NULL struct or a
 * version this library does not know (0, or above the current one). */
CXJ_EXTERN int cxj_score_options_init(cxj_score_options *opts,
				      unsigned int version);
CXJ_EXTERN int cxj_selection_init(cxj_selection *sel, unsigned int version);

/* Scores the responses against the journey into *out, new, freed with
 * cxj_scores_free. opts may be NULL. More than 4094 periods, 2^20 - 2
 * segments or 2^21 - 2 touchpoints and stages: CXJ_ELIMIT. CXJ_EINVAL for
 * a NULL journey, responses or out, an unknown options version or period,
 * thresholds that are NaN or out of order, or customers that is negative
 * or not finite; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_score(const cxj_journey *journey,
				 const cxj_responses *responses,
				 const cxj_score_options *opts,
				 cxj_scores **out);
/* Frees the scores; the metrics and strings taken from them go with them.
 * NULL is a no-op. */
CXJ_EXTERN void cxj_scores_free(cxj_scores *scores);

/* The accumulator of metric ("csat", "nps", "ces" or a KPI name) for id
 * under sel (NULL: everything); borrowed from the scores, valid until
 * cxj_scores_free. A figure without answers (a stage asked nothing, a
 * segment that never answered this metric) is an empty metric of the kind
 * (count 0, value NaN), never NULL. NULL means a miss, recorded in
 * cxj_error_last(): CXJ_ENOTFOUND for an id, metric or segment the scores
 * do not know or a period past the last (the message names the nearest
 * known name: "did you mean 'call-desk'?"); CXJ_EINVAL for NULL arguments,
 * an unknown source or selection version, or "contact" (ask
 * cxj_scores_contacts). */
CXJ_EXTERN const cxj_metric *cxj_scores_metric(const cxj_scores *scores,
					       const char *id,
					       const char *metric,
					       const cxj_selection *sel);
/* Contacts (failure demand) attributed to id under sel; their share of all
 * contacts attributed in the map (NaN when none) and their rate per
 * customer (see cxj_score_options.customers; NaN when the base is 0 or,
 * with the default base, when no contact names anything in the map). An id
 * or selection the scores do not know gives 0 contacts (NaN share and
 * rate) and records CXJ_ENOTFOUND or CXJ_EINVAL as cxj_scores_metric does:
 * call cxj_error_clear() first to tell a miss from no contacts. */
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
 * its rollup. NaN without a target or without answers; an id the scores do
 * not know also records CXJ_ENOTFOUND (a metric without a target is not a
 * miss). */
CXJ_EXTERN double cxj_scores_target(const cxj_scores *scores, const char *id,
				    const char *metric);
CXJ_EXTERN double cxj_scores_gap(const cxj_scores *scores, const char *id,
				 const char *metric);

/* The emotional curve: one value per touchpoint in map order (NaN without
 * answers), and each touchpoint's derived experience. The count is 0 for
 * NULL; out of range the value is NaN and the id (the scores' copy) NULL;
 * the experience of an id that is no touchpoint of the map, or for NULL,
 * is CXJ_EXPERIENCE_UNKNOWN, with CXJ_ENOTFOUND (an unknown id) or
 * CXJ_EINVAL (a stage or the journey) recorded. */
CXJ_EXTERN size_t cxj_scores_curve_count(const cxj_scores *scores);
CXJ_EXTERN double cxj_scores_curve_value(const cxj_scores *scores,
					 size_t index);
CXJ_EXTERN const char *cxj_scores_curve_id(const cxj_scores *scores,
					   size_t index);
CXJ_EXTERN cxj_experience cxj_scores_experience(const cxj_scores *scores,
						const char *touchpoint_id);

/* Periods from the first to the last timestamp, empty ones included;
 * each starts at a UTC boundary (seconds since the epoch). None without a
 * period in the options or without timestamps; CXJ_NO_TIMESTAMP out of
 * range. */
CXJ_EXTERN size_t cxj_scores_period_count(const cxj_scores *scores);
CXJ_EXTERN int64_t cxj_scores_period_start(const cxj_scores *scores,
					   size_t index);
/* "none", "day", "week", "month", "quarter"; "unknown" for a value out of
 * range. A static string; it cannot fail. */
CXJ_EXTERN const char *cxj_period_name(cxj_period period);
/* The figure of sel->period against the period before it (a minus b),
 * by cxj_metric_compare. CXJ_EINVAL for period 0 or none; CXJ_ENOTFOUND
 * when either period has no answers. CXJ_EINVAL also for a NULL argument,
 * sel included, a period past the last, or what cxj_metric_compare refuses
 * (too few answers, no variance); CXJ_ENOTFOUND also for an id or metric
 * the scores do not know. */
CXJ_EXTERN int cxj_scores_trend(const cxj_scores *scores, const char *id,
				const char *metric, const cxj_selection *sel,
				cxj_comparison *out);

/* The distinct segments of the scored responses, in byte order of their
 * names (whatever order the answers came in, so that the pairs of
 * cxj_scores_compare_segments keep their sign from one export to the
 * next): how many (0 for NULL), and the name at index (the scores' copy;
 * NULL out of range). */
CXJ_EXTERN size_t cxj_scores_segment_count(const cxj_scores *scores);
CXJ_EXTERN const char *cxj_scores_segment_at(const cxj_scores *scores,
					     size_t index);

/* Answers naming ids that are not in the map: how many, and which ids
 * with how many answers each (the scores' copies; NULL and 0 out of
 * range, 0 for NULL). */
CXJ_EXTERN uint64_t cxj_scores_unknown_count(const cxj_scores *scores);
CXJ_EXTERN size_t cxj_scores_unknown_id_count(const cxj_scores *scores);
CXJ_EXTERN const char *cxj_scores_unknown_id_at(const cxj_scores *scores,
						size_t index);
CXJ_EXTERN uint64_t cxj_scores_unknown_id_answers(const cxj_scores *scores,
						  size_t index);

/* Drill-down: the respondents behind a figure whose score (KPI value) lies
 * in min_score..max_score, e.g. 0..6 for the detractors of an NPS figure.
 * responses must be the store that was scored, unchanged since
 * (CXJ_EINVAL otherwise). CXJ_ENOTFOUND for an unknown id. The list is
 * new, freed with cxj_idlist_free. sel may be NULL. CXJ_EINVAL also for a
 * NULL argument or an unknown selection version or source; CXJ_ENOTFOUND
 * also for a KPI name the responses do not hold, or a segment or period
 * the scores do not know; CXJ_ENOMEM. */
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

/* As the other *_init functions: the _INIT value with version set;
 * CXJ_EINVAL for a NULL pair or an unknown version. */
CXJ_EXTERN int cxj_segment_pair_init(cxj_segment_pair *pair,
				     unsigned int version);
/* sel may be NULL; its segment is ignored. Pairs come in the order of
 * cxj_scores_segment_at. CXJ_EINVAL with fewer than two segments that have
 * answers for the figure. The list is new, freed with
 * cxj_segment_pairs_free. CXJ_EINVAL also for a NULL argument or an
 * unknown selection version; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_scores_compare_segments(const cxj_scores *scores,
					   const char *id, const char *metric,
					   const cxj_selection *sel,
					   cxj_segment_pairs **out);
/* Frees the list; NULL is a no-op. */
CXJ_EXTERN void cxj_segment_pairs_free(cxj_segment_pairs *pairs);
/* The number of pairs; 0 for NULL. */
CXJ_EXTERN size_t cxj_segment_pairs_count(const cxj_segment_pairs *pairs);
/* Copies the pair at index into *out, whose version the caller sets; its
 * segment names are the list's, valid until cxj_segment_pairs_free.
 * CXJ_EINVAL for a NULL argument or an unknown version, CXJ_ENOTFOUND
 * when index is out of range. */
CXJ_EXTERN int cxj_segment_pairs_get(const cxj_segment_pairs *pairs,
				     size_t index, cxj_segment_pair *out);

/* Frees the list; NULL is a no-op. The count (0 for NULL) and the id at
 * index: the list's copy, valid until cxj_idlist_free; NULL out of
 * range. */
CXJ_EXTERN void cxj_idlist_free(cxj_idlist *list);
CXJ_EXTERN size_t cxj_idlist_count(const cxj_idlist *list);
CXJ_EXTERN const char *cxj_idlist_at(const cxj_idlist *list, size_t index);

#ifdef __cplusplus
}
#endif

#endif
