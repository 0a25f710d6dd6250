/* libcxjourney: the journey map model. A journey owns its personas, its
 * ordered stages and each stage's ordered touchpoints with the four lines. */
#ifndef CXJOURNEY_JOURNEY_H
#define CXJOURNEY_JOURNEY_H

#include "common.h"
#include "metric.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cxj_journey cxj_journey;
typedef struct cxj_persona cxj_persona;
typedef struct cxj_stage cxj_stage;
typedef struct cxj_touchpoint cxj_touchpoint;

typedef enum cxj_persona_kind {
	CXJ_PERSONA_CUSTOMER = 0,
	CXJ_PERSONA_FRONT_OFFICE = 1,
	CXJ_PERSONA_BACK_OFFICE = 2
} cxj_persona_kind;

typedef enum cxj_experience {
	CXJ_EXPERIENCE_UNKNOWN = 0,
	CXJ_EXPERIENCE_NEGATIVE = 1,
	CXJ_EXPERIENCE_NEUTRAL = 2,
	CXJ_EXPERIENCE_POSITIVE = 3
} cxj_experience;

/* The text lists of a touchpoint. */
typedef enum cxj_list {
	CXJ_LIST_STEPS = 0,        /* line of journey: moves inside the activity */
	CXJ_LIST_SYSTEMS = 1,      /* line of internal interaction: tools */
	CXJ_LIST_PAIN_POINTS = 2,  /* line of emotional experience */
	CXJ_LIST_OPPORTUNITIES = 3 /* ideas raised from the pain points */
} cxj_list;

/* Ids: 1 to 255 bytes of UTF-8 without spaces or control characters
 * (Unicode's spaces, C1 controls and invisible format characters included),
 * unique across the journey, its personas, stages and touchpoints. Text
 * setters copy their argument; NULL or "" clears the field. Text getters never return NULL
 * ("" when unset); the string is the object's, valid until it changes. */

/* ---- journey ---- */
CXJ_EXTERN int cxj_journey_new(const char *id, cxj_journey **out);
CXJ_EXTERN void cxj_journey_free(cxj_journey *journey);
CXJ_EXTERN const char *cxj_journey_id(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_set_id(cxj_journey *journey, const char *id);
CXJ_EXTERN const char *cxj_journey_name(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_set_name(cxj_journey *journey, const char *name);
CXJ_EXTERN const char *cxj_journey_description(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_set_description(cxj_journey *journey,
					   const char *text);

/* ---- personas ---- */
CXJ_EXTERN int cxj_journey_add_persona(cxj_journey *journey, const char *id,
				       cxj_persona_kind kind,
				       cxj_persona **out);
CXJ_EXTERN size_t cxj_journey_persona_count(const cxj_journey *journey);
/* NULL when index is out of range. */
CXJ_EXTERN cxj_persona *cxj_journey_persona_at(const cxj_journey *journey,
					       size_t index);
/* NULL when no persona has that id. */
CXJ_EXTERN cxj_persona *cxj_journey_find_persona(const cxj_journey *journey,
						 const char *id);
CXJ_EXTERN int cxj_journey_move_persona(cxj_journey *journey,
					cxj_persona *persona, size_t index);
/* CXJ_EINUSE while a touchpoint still refers to the persona. */
CXJ_EXTERN int cxj_journey_remove_persona(cxj_journey *journey,
					  cxj_persona *persona);

CXJ_EXTERN cxj_journey *cxj_persona_journey(const cxj_persona *persona);
CXJ_EXTERN size_t cxj_persona_index(const cxj_persona *persona);
CXJ_EXTERN const char *cxj_persona_id(const cxj_persona *persona);
CXJ_EXTERN int cxj_persona_set_id(cxj_persona *persona, const char *id);
CXJ_EXTERN const char *cxj_persona_name(const cxj_persona *persona);
CXJ_EXTERN int cxj_persona_set_name(cxj_persona *persona, const char *name);
CXJ_EXTERN const char *cxj_persona_description(const cxj_persona *persona);
CXJ_EXTERN int cxj_persona_set_description(cxj_persona *persona,
					   const char *text);
CXJ_EXTERN cxj_persona_kind cxj_persona_kind_of(const cxj_persona *persona);
/* CXJ_EINUSE while a touchpoint refers to the persona. */
CXJ_EXTERN int cxj_persona_set_kind(cxj_persona *persona,
				    cxj_persona_kind kind);
/* Free key/value attributes (segment, country, team, ...), kept in the order
 * they were first set. */
CXJ_EXTERN size_t cxj_persona_attr_count(const cxj_persona *persona);
CXJ_EXTERN int cxj_persona_attr_at(const cxj_persona *persona, size_t index,
				   const char **key, const char **value);
/* NULL when the key is not set. */
CXJ_EXTERN const char *cxj_persona_attr(const cxj_persona *persona,
					const char *key);
CXJ_EXTERN int cxj_persona_set_attr(cxj_persona *persona, const char *key,
				    const char *value);
CXJ_EXTERN int cxj_persona_remove_attr(cxj_persona *persona, const char *key);

/* ---- stages ---- */
/* Appends a stage; move it to place it elsewhere. */
CXJ_EXTERN int cxj_journey_add_stage(cxj_journey *journey, const char *id,
				     cxj_stage **out);
CXJ_EXTERN size_t cxj_journey_stage_count(const cxj_journey *journey);
CXJ_EXTERN cxj_stage *cxj_journey_stage_at(const cxj_journey *journey,
					   size_t index);
CXJ_EXTERN cxj_stage *cxj_journey_find_stage(const cxj_journey *journey,
					     const char *id);
CXJ_EXTERN int cxj_journey_move_stage(cxj_journey *journey, cxj_stage *stage,
				      size_t index);
/* Removes the stage and its touchpoints; their handles become invalid. */
CXJ_EXTERN int cxj_journey_remove_stage(cxj_journey *journey,
					cxj_stage *stage);

CXJ_EXTERN cxj_journey *cxj_stage_journey(const cxj_stage *stage);
/* The stage's order within its journey, from 0. */
CXJ_EXTERN size_t cxj_stage_index(const cxj_stage *stage);
CXJ_EXTERN const char *cxj_stage_id(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_set_id(cxj_stage *stage, const char *id);
CXJ_EXTERN const char *cxj_stage_name(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_set_name(cxj_stage *stage, const char *name);
CXJ_EXTERN const char *cxj_stage_description(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_set_description(cxj_stage *stage, const char *text);

/* ---- touchpoints ---- */
CXJ_EXTERN int cxj_stage_add_touchpoint(cxj_stage *stage, const char *id,
					cxj_touchpoint **out);
CXJ_EXTERN size_t cxj_stage_touchpoint_count(const cxj_stage *stage);
CXJ_EXTERN cxj_touchpoint *cxj_stage_touchpoint_at(const cxj_stage *stage,
						   size_t index);
/* Places the touchpoint at index in this stage; it may come from another
 * stage of the same journey. index may equal the count (append). */
CXJ_EXTERN int cxj_stage_move_touchpoint(cxj_stage *stage,
					 cxj_touchpoint *touchpoint,
					 size_t index);
CXJ_EXTERN int cxj_stage_remove_touchpoint(cxj_stage *stage,
					   cxj_touchpoint *touchpoint);
CXJ_EXTERN cxj_touchpoint *
cxj_journey_find_touchpoint(const cxj_journey *journey, const char *id);
/* All touchpoints of the journey, stage by stage. */
CXJ_EXTERN size_t cxj_journey_touchpoint_count(const cxj_journey *journey);

CXJ_EXTERN cxj_stage *cxj_touchpoint_stage(const cxj_touchpoint *touchpoint);
CXJ_EXTERN size_t cxj_touchpoint_index(const cxj_touchpoint *touchpoint);
CXJ_EXTERN const char *cxj_touchpoint_id(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_id(cxj_touchpoint *touchpoint,
				     const char *id);
CXJ_EXTERN const char *cxj_touchpoint_name(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_name(cxj_touchpoint *touchpoint,
				       const char *name);
CXJ_EXTERN const char *
cxj_touchpoint_description(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_description(cxj_touchpoint *touchpoint,
					      const char *text);
/* Line of journey: the customer's action in the stage. */
CXJ_EXTERN const char *cxj_touchpoint_activity(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_activity(cxj_touchpoint *touchpoint,
					   const char *text);
/* Line of customer visibility: phone, email, web portal, chat, ... */
CXJ_EXTERN const char *cxj_touchpoint_channel(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_channel(cxj_touchpoint *touchpoint,
					  const char *channel);
/* Line of internal interaction. */
CXJ_EXTERN const char *
cxj_touchpoint_back_end_process(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_back_end_process(cxj_touchpoint *touchpoint,
						   const char *text);
/* Line of emotional experience. */
CXJ_EXTERN const char *
cxj_touchpoint_think_feel(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_think_feel(cxj_touchpoint *touchpoint,
					     const char *text);
CXJ_EXTERN int cxj_touchpoint_moment_of_truth(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_moment_of_truth(cxj_touchpoint *touchpoint,
						  int flag);
CXJ_EXTERN const char *cxj_touchpoint_promise(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_promise(cxj_touchpoint *touchpoint,
					  const char *text);
CXJ_EXTERN cxj_experience
cxj_touchpoint_experience(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_experience(cxj_touchpoint *touchpoint,
					     cxj_experience experience);

/* Text lists (steps, systems, pain points, opportunities). */
CXJ_EXTERN size_t cxj_touchpoint_item_count(const cxj_touchpoint *touchpoint,
					    cxj_list list);
/* NULL when index is out of range. */
CXJ_EXTERN const char *cxj_touchpoint_item_at(const cxj_touchpoint *touchpoint,
					      cxj_list list, size_t index);
CXJ_EXTERN int cxj_touchpoint_add_item(cxj_touchpoint *touchpoint,
				       cxj_list list, const char *text);
CXJ_EXTERN int cxj_touchpoint_set_item(cxj_touchpoint *touchpoint,
				       cxj_list list, size_t index,
				       const char *text);
CXJ_EXTERN int cxj_touchpoint_move_item(cxj_touchpoint *touchpoint,
					cxj_list list, size_t from,
					size_t to);
CXJ_EXTERN int cxj_touchpoint_remove_item(cxj_touchpoint *touchpoint,
					  cxj_list list, size_t index);

/* Persona references: customer personas, front-office roles (the customer
 * interface) and back-office roles, each list holding personas of its kind.
 * The persona must belong to the touchpoint's journey (CXJ_ENOTFOUND). */
CXJ_EXTERN int cxj_touchpoint_add_persona(cxj_touchpoint *touchpoint,
					  const char *persona_id);
CXJ_EXTERN int cxj_touchpoint_remove_persona(cxj_touchpoint *touchpoint,
					     const char *persona_id);
CXJ_EXTERN size_t cxj_touchpoint_persona_count(const cxj_touchpoint *touchpoint,
					       cxj_persona_kind kind);
CXJ_EXTERN cxj_persona *
cxj_touchpoint_persona_at(const cxj_touchpoint *touchpoint,
			  cxj_persona_kind kind, size_t index);

CXJ_EXTERN size_t cxj_touchpoint_attr_count(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_attr_at(const cxj_touchpoint *touchpoint,
				      size_t index, const char **key,
				      const char **value);
CXJ_EXTERN const char *cxj_touchpoint_attr(const cxj_touchpoint *touchpoint,
					   const char *key);
CXJ_EXTERN int cxj_touchpoint_set_attr(cxj_touchpoint *touchpoint,
				       const char *key, const char *value);
CXJ_EXTERN int cxj_touchpoint_remove_attr(cxj_touchpoint *touchpoint,
					  const char *key);

/* ---- targets ----
 * The value a metric should reach, keyed by metric name: "csat" (top-two-box
 * percent, 0..100), "nps" (-100..100), "ces" (mean, 1..7) or a KPI name
 * (any finite number). Out of scale: CXJ_ERANGE. Kept in the order first
 * set. The getter returns NaN when no target is set. */
CXJ_EXTERN int cxj_journey_set_target(cxj_journey *journey, const char *metric,
				      double value);
CXJ_EXTERN double cxj_journey_target(const cxj_journey *journey,
				     const char *metric);
CXJ_EXTERN size_t cxj_journey_target_count(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_target_at(const cxj_journey *journey, size_t index,
				     const char **metric, double *value);
CXJ_EXTERN int cxj_journey_remove_target(cxj_journey *journey,
					 const char *metric);
CXJ_EXTERN int cxj_stage_set_target(cxj_stage *stage, const char *metric,
				    double value);
CXJ_EXTERN double cxj_stage_target(const cxj_stage *stage, const char *metric);
CXJ_EXTERN size_t cxj_stage_target_count(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_target_at(const cxj_stage *stage, size_t index,
				   const char **metric, double *value);
CXJ_EXTERN int cxj_stage_remove_target(cxj_stage *stage, const char *metric);
CXJ_EXTERN int cxj_touchpoint_set_target(cxj_touchpoint *touchpoint,
					 const char *metric, double value);
CXJ_EXTERN double cxj_touchpoint_target(const cxj_touchpoint *touchpoint,
					const char *metric);
CXJ_EXTERN size_t cxj_touchpoint_target_count(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_target_at(const cxj_touchpoint *touchpoint,
					size_t index, const char **metric,
					double *value);
CXJ_EXTERN int cxj_touchpoint_remove_target(cxj_touchpoint *touchpoint,
					    const char *metric);

/* ---- stored metrics ----
 * The state of the metrics scored on an object, kept with the map (and in
 * its YAML), keyed by name: "csat", "nps" and "ces" hold a metric of that
 * kind only (CXJ_EINVAL otherwise), any other non-empty UTF-8 name a
 * metric of any kind. Kept in the order first stored. The setter stores a
 * copy of m, replacing the one of that name; the merge adds m into it as
 * cxj_metric_merge does, or stores a copy when there is none. The getter
 * returns NULL when none is stored; the metric is the object's, valid
 * until that name is set again or removed, or the object goes. */
CXJ_EXTERN int cxj_journey_set_metric(cxj_journey *journey, const char *name,
				      const cxj_metric *m);
CXJ_EXTERN int cxj_journey_merge_metric(cxj_journey *journey, const char *name,
					const cxj_metric *m);
CXJ_EXTERN const cxj_metric *cxj_journey_metric(const cxj_journey *journey,
						const char *name);
CXJ_EXTERN size_t cxj_journey_metric_count(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_metric_at(const cxj_journey *journey, size_t index,
				     const char **name, const cxj_metric **m);
CXJ_EXTERN int cxj_journey_remove_metric(cxj_journey *journey,
					 const char *name);
CXJ_EXTERN int cxj_stage_set_metric(cxj_stage *stage, const char *name,
				    const cxj_metric *m);
CXJ_EXTERN int cxj_stage_merge_metric(cxj_stage *stage, const char *name,
				      const cxj_metric *m);
CXJ_EXTERN const cxj_metric *cxj_stage_metric(const cxj_stage *stage,
					      const char *name);
CXJ_EXTERN size_t cxj_stage_metric_count(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_metric_at(const cxj_stage *stage, size_t index,
				   const char **name, const cxj_metric **m);
CXJ_EXTERN int cxj_stage_remove_metric(cxj_stage *stage, const char *name);
CXJ_EXTERN int cxj_touchpoint_set_metric(cxj_touchpoint *touchpoint,
					 const char *name, const cxj_metric *m);
CXJ_EXTERN int cxj_touchpoint_merge_metric(cxj_touchpoint *touchpoint,
					   const char *name,
					   const cxj_metric *m);
CXJ_EXTERN const cxj_metric *
cxj_touchpoint_metric(const cxj_touchpoint *touchpoint, const char *name);
CXJ_EXTERN size_t cxj_touchpoint_metric_count(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_metric_at(const cxj_touchpoint *touchpoint,
					size_t index, const char **name,
					const cxj_metric **m);
CXJ_EXTERN int cxj_touchpoint_remove_metric(cxj_touchpoint *touchpoint,
					    const char *name);

/* ---- validation ---- */
typedef struct cxj_diagnostics cxj_diagnostics;

typedef enum cxj_severity {
	CXJ_SEVERITY_WARNING = 1,
	CXJ_SEVERITY_ERROR = 2
} cxj_severity;

/* What a diagnostic is about. Append-only. */
typedef enum cxj_rule {
	CXJ_RULE_EMPTY_STAGE = 1,          /* error: a stage has no touchpoint */
	CXJ_RULE_NO_CHANNEL = 2,           /* error: touchpoint without channel */
	CXJ_RULE_PROMISE_MISSING = 3,      /* error: moment of truth, no promise */
	CXJ_RULE_UNREFERENCED_PERSONA = 4, /* warning: no touchpoint uses it */
	CXJ_RULE_NO_STAGES = 5,            /* error: the journey has no stage */
	CXJ_RULE_UNKNOWN_KEY = 6           /* warning from a lenient load */
} cxj_rule;

/* Checks the whole journey and lists every problem found. Returns CXJ_OK when
 * there is no error (warnings allowed), CXJ_EINVAL when there is at least one
 * (the last error names the first); in both cases *out, if out is not NULL,
 * receives the list, freed with cxj_diagnostics_free. */
CXJ_EXTERN int cxj_journey_validate(const cxj_journey *journey,
				    cxj_diagnostics **out);
CXJ_EXTERN void cxj_diagnostics_free(cxj_diagnostics *diagnostics);
CXJ_EXTERN size_t cxj_diagnostics_count(const cxj_diagnostics *diagnostics);
CXJ_EXTERN size_t
cxj_diagnostics_error_count(const cxj_diagnostics *diagnostics);
CXJ_EXTERN cxj_severity
cxj_diagnostics_severity(const cxj_diagnostics *diagnostics, size_t index);
CXJ_EXTERN cxj_rule cxj_diagnostics_rule(const cxj_diagnostics *diagnostics,
					 size_t index);
/* One line, e.g. "stage 'resolve' has no touchpoint"; NULL out of range. */
CXJ_EXTERN const char *
cxj_diagnostics_message(const cxj_diagnostics *diagnostics, size_t index);
/* The id of the object concerned ("" when none). */
CXJ_EXTERN const char *
cxj_diagnostics_object(const cxj_diagnostics *diagnostics, size_t index);
/* Source position for diagnostics from a file; 0 when unknown. */
CXJ_EXTERN unsigned cxj_diagnostics_line(const cxj_diagnostics *diagnostics,
					 size_t index);
CXJ_EXTERN unsigned
cxj_diagnostics_column(const cxj_diagnostics *diagnostics, size_t index);

#ifdef __cplusplus
}
#endif

#endif
