/* libcxjourney: the journey map model. A journey owns its personas, its
 * ordered stages and each stage's ordered touchpoints with the four lines.
 *
 * The journey is the caller's, freed with cxj_journey_free; personas, stages
 * and touchpoints are the journey's, borrowed until they are removed or the
 * journey is freed. Every function below that returns a status fails with
 * CXJ_EINVAL when the object it acts on, its first argument, is NULL; the
 * other codes are given at each function. Getters cannot fail: for NULL
 * they return "" for text, NULL for a handle, 0 for a count or an index. */
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
 * unique across the journey, its personas, stages and touchpoints. An id
 * that breaks these rules, NULL included, is CXJ_EINVAL; one another object
 * of the journey has is CXJ_EEXIST. Text setters copy their argument; NULL
 * or "" clears the field; text that is not valid UTF-8 is CXJ_EINVAL. Text
 * getters never return NULL ("" when unset); the string is the object's,
 * valid until the field changes or the object is removed or freed. */

/* ---- journey ---- */
/* A new, empty journey under id in *out, freed with cxj_journey_free.
 * CXJ_EINVAL for a NULL out or a bad id, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_new(const char *id, cxj_journey **out);
/* Frees the journey and everything it owns; NULL is a no-op. */
CXJ_EXTERN void cxj_journey_free(cxj_journey *journey);
/* The journey's id; the setter renames it: CXJ_EINVAL for a bad id,
 * CXJ_EEXIST when the id is taken, CXJ_ENOMEM. */
CXJ_EXTERN const char *cxj_journey_id(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_set_id(cxj_journey *journey, const char *id);
/* The journey's name and description. The setters: CXJ_EINVAL for text
 * that is not UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN const char *cxj_journey_name(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_set_name(cxj_journey *journey, const char *name);
CXJ_EXTERN const char *cxj_journey_description(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_set_description(cxj_journey *journey,
					   const char *text);

/* ---- personas ---- */
/* Appends a persona of kind under id; *out, when out is not NULL,
 * receives it (borrowed from the journey). CXJ_EINVAL for an unknown kind
 * or a bad id, CXJ_EEXIST when the id is taken, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_add_persona(cxj_journey *journey, const char *id,
				       cxj_persona_kind kind,
				       cxj_persona **out);
/* The number of personas; 0 for NULL. */
CXJ_EXTERN size_t cxj_journey_persona_count(const cxj_journey *journey);
/* The persona at index, in the journey's order (borrowed); NULL when index
 * is out of range. */
CXJ_EXTERN cxj_persona *cxj_journey_persona_at(const cxj_journey *journey,
					       size_t index);
/* The persona with that id (borrowed); NULL when no persona has it, the id
 * of a stage or touchpoint included. Each finder's NULL records
 * CXJ_ENOTFOUND naming the id and the nearest id of the kind ("did you
 * mean 'fi-team'?"), or the kind the id does belong to; CXJ_EINVAL for a
 * NULL argument. */
CXJ_EXTERN cxj_persona *cxj_journey_find_persona(const cxj_journey *journey,
						 const char *id);
/* Moves the persona to index among the journey's personas. CXJ_EINVAL
 * for a NULL persona, one of another journey, or an index not below the
 * count. */
CXJ_EXTERN int cxj_journey_move_persona(cxj_journey *journey,
					cxj_persona *persona, size_t index);
/* Removes the persona and frees it: its handle becomes invalid. CXJ_EINVAL
 * for a NULL persona or one of another journey, CXJ_EINUSE while a
 * touchpoint still refers to it. */
CXJ_EXTERN int cxj_journey_remove_persona(cxj_journey *journey,
					  cxj_persona *persona);

/* The journey that owns the persona, and the persona's place among the
 * journey's personas, from 0; NULL and 0 for NULL. */
CXJ_EXTERN cxj_journey *cxj_persona_journey(const cxj_persona *persona);
CXJ_EXTERN size_t cxj_persona_index(const cxj_persona *persona);
/* The persona's id, name and description. The setters: CXJ_EINVAL for a
 * bad id or text that is not UTF-8, CXJ_EEXIST when the id is taken,
 * CXJ_ENOMEM. */
CXJ_EXTERN const char *cxj_persona_id(const cxj_persona *persona);
CXJ_EXTERN int cxj_persona_set_id(cxj_persona *persona, const char *id);
CXJ_EXTERN const char *cxj_persona_name(const cxj_persona *persona);
CXJ_EXTERN int cxj_persona_set_name(cxj_persona *persona, const char *name);
CXJ_EXTERN const char *cxj_persona_description(const cxj_persona *persona);
CXJ_EXTERN int cxj_persona_set_description(cxj_persona *persona,
					   const char *text);
/* The persona's kind; CXJ_PERSONA_CUSTOMER for NULL. */
CXJ_EXTERN cxj_persona_kind cxj_persona_kind_of(const cxj_persona *persona);
/* Changes the persona's kind. CXJ_EINVAL for an unknown kind, CXJ_EINUSE
 * while a touchpoint refers to the persona and the kind differs (references
 * are filed by kind). */
CXJ_EXTERN int cxj_persona_set_kind(cxj_persona *persona,
				    cxj_persona_kind kind);
/* Free key/value attributes (segment, country, team, ...), kept in the order
 * they were first set. The count; 0 for NULL. */
CXJ_EXTERN size_t cxj_persona_attr_count(const cxj_persona *persona);
/* The attribute at index, through key and value (either may be NULL): the
 * persona's strings, valid until that attribute changes or is removed.
 * CXJ_ENOTFOUND when index is out of range. */
CXJ_EXTERN int cxj_persona_attr_at(const cxj_persona *persona, size_t index,
				   const char **key, const char **value);
/* The value of key (the persona's, valid until that attribute changes or is
 * removed); NULL when the key is not set or is NULL. */
CXJ_EXTERN const char *cxj_persona_attr(const cxj_persona *persona,
					const char *key);
/* Sets key to a copy of value, in place when the key is set already.
 * CXJ_EINVAL for a NULL or empty key, a NULL value or text that is not
 * UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_persona_set_attr(cxj_persona *persona, const char *key,
				    const char *value);
/* Removes key. CXJ_ENOTFOUND when it is not set (or NULL). */
CXJ_EXTERN int cxj_persona_remove_attr(cxj_persona *persona, const char *key);

/* ---- stages ---- */
/* Appends a stage; move it to place it elsewhere. *out, when out is not
 * NULL, receives it (borrowed from the journey). CXJ_EINVAL for a bad id,
 * CXJ_EEXIST when the id is taken, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_add_stage(cxj_journey *journey, const char *id,
				     cxj_stage **out);
/* The number of stages; 0 for NULL. */
CXJ_EXTERN size_t cxj_journey_stage_count(const cxj_journey *journey);
/* The stage at index, in journey order (borrowed); NULL when index is out
 * of range. */
CXJ_EXTERN cxj_stage *cxj_journey_stage_at(const cxj_journey *journey,
					   size_t index);
/* The stage with that id (borrowed); NULL when no stage has it
 * (CXJ_ENOTFOUND recorded, as for cxj_journey_find_persona). */
CXJ_EXTERN cxj_stage *cxj_journey_find_stage(const cxj_journey *journey,
					     const char *id);
/* Moves the stage to index, the stages between shifting by one.
 * CXJ_EINVAL for a NULL stage, one of another journey, or an index not
 * below the count. */
CXJ_EXTERN int cxj_journey_move_stage(cxj_journey *journey, cxj_stage *stage,
				      size_t index);
/* Removes the stage and its touchpoints; their handles become invalid and
 * the personas they referred to are released. CXJ_EINVAL for a NULL stage
 * or one of another journey. */
CXJ_EXTERN int cxj_journey_remove_stage(cxj_journey *journey,
					cxj_stage *stage);

/* The journey that owns the stage; NULL for NULL. */
CXJ_EXTERN cxj_journey *cxj_stage_journey(const cxj_stage *stage);
/* The stage's order within its journey, from 0; 0 for NULL. */
CXJ_EXTERN size_t cxj_stage_index(const cxj_stage *stage);
/* The stage's id, name and description. The setters: CXJ_EINVAL for a bad
 * id or text that is not UTF-8, CXJ_EEXIST when the id is taken,
 * CXJ_ENOMEM. */
CXJ_EXTERN const char *cxj_stage_id(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_set_id(cxj_stage *stage, const char *id);
CXJ_EXTERN const char *cxj_stage_name(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_set_name(cxj_stage *stage, const char *name);
CXJ_EXTERN const char *cxj_stage_description(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_set_description(cxj_stage *stage, const char *text);

/* ---- touchpoints ---- */
/* Appends a touchpoint to the stage; *out, when out is not NULL, receives
 * it (borrowed from the journey). CXJ_EINVAL for a bad id, CXJ_EEXIST
 * when the id is taken, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_stage_add_touchpoint(cxj_stage *stage, const char *id,
					cxj_touchpoint **out);
/* The stage's touchpoints in order: how many (0 for NULL), and the one at
 * index (borrowed; NULL when index is out of range). */
CXJ_EXTERN size_t cxj_stage_touchpoint_count(const cxj_stage *stage);
CXJ_EXTERN cxj_touchpoint *cxj_stage_touchpoint_at(const cxj_stage *stage,
						   size_t index);
/* Places the touchpoint at index in this stage; it may come from another
 * stage of the same journey, and then index may equal the count (append).
 * CXJ_EINVAL for a NULL touchpoint, one of another journey or an index out
 * of range (within its own stage, index must be below the count),
 * CXJ_ENOMEM. */
CXJ_EXTERN int cxj_stage_move_touchpoint(cxj_stage *stage,
					 cxj_touchpoint *touchpoint,
					 size_t index);
/* Removes the touchpoint and frees it: its handle becomes invalid, and the
 * personas it referred to are released. CXJ_EINVAL for a NULL touchpoint,
 * CXJ_ENOTFOUND when it is not in this stage. */
CXJ_EXTERN int cxj_stage_remove_touchpoint(cxj_stage *stage,
					   cxj_touchpoint *touchpoint);
/* The touchpoint with that id, in any stage (borrowed); NULL when no
 * touchpoint has it (CXJ_ENOTFOUND recorded, as for
 * cxj_journey_find_persona). */
CXJ_EXTERN cxj_touchpoint *
cxj_journey_find_touchpoint(const cxj_journey *journey, const char *id);
/* The number of touchpoints in all the journey's stages; 0 for NULL. */
CXJ_EXTERN size_t cxj_journey_touchpoint_count(const cxj_journey *journey);

/* The stage that holds the touchpoint, and its place there from 0; NULL
 * and 0 for NULL. */
CXJ_EXTERN cxj_stage *cxj_touchpoint_stage(const cxj_touchpoint *touchpoint);
CXJ_EXTERN size_t cxj_touchpoint_index(const cxj_touchpoint *touchpoint);
/* The touchpoint's id, name and description. The setters: CXJ_EINVAL for
 * a bad id or text that is not UTF-8, CXJ_EEXIST when the id is taken,
 * CXJ_ENOMEM. */
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
/* Line of journey: the customer's action in the stage. The setter:
 * CXJ_EINVAL for text that is not UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN const char *cxj_touchpoint_activity(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_activity(cxj_touchpoint *touchpoint,
					   const char *text);
/* Line of customer visibility: phone, email, web portal, chat, ... The
 * setter: CXJ_EINVAL for text that is not UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN const char *cxj_touchpoint_channel(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_channel(cxj_touchpoint *touchpoint,
					  const char *channel);
/* Line of internal interaction: the back-end process behind the
 * touchpoint. The setter: CXJ_EINVAL for text that is not UTF-8,
 * CXJ_ENOMEM. */
CXJ_EXTERN const char *
cxj_touchpoint_back_end_process(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_back_end_process(cxj_touchpoint *touchpoint,
						   const char *text);
/* Line of emotional experience: what the customer thinks and feels. The
 * setter: CXJ_EINVAL for text that is not UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN const char *
cxj_touchpoint_think_feel(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_think_feel(cxj_touchpoint *touchpoint,
					     const char *text);
/* Whether the touchpoint is a moment of truth: 1 or 0 (0 for NULL); the
 * getter cannot fail. The setter stores flag != 0; CXJ_EINVAL only for a
 * NULL touchpoint. */
CXJ_EXTERN int cxj_touchpoint_moment_of_truth(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_moment_of_truth(cxj_touchpoint *touchpoint,
						  int flag);
/* The promise a moment of truth keeps (validation asks for one). The
 * setter: CXJ_EINVAL for text that is not UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN const char *cxj_touchpoint_promise(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_promise(cxj_touchpoint *touchpoint,
					  const char *text);
/* The experience the map records for the touchpoint;
 * CXJ_EXPERIENCE_UNKNOWN for NULL. The setter: CXJ_EINVAL for a value
 * that is not a cxj_experience. */
CXJ_EXTERN cxj_experience
cxj_touchpoint_experience(const cxj_touchpoint *touchpoint);
CXJ_EXTERN int cxj_touchpoint_set_experience(cxj_touchpoint *touchpoint,
					     cxj_experience experience);

/* Text lists (steps, systems, pain points, opportunities). The number of
 * items in list; 0 for NULL or an unknown list. */
CXJ_EXTERN size_t cxj_touchpoint_item_count(const cxj_touchpoint *touchpoint,
					    cxj_list list);
/* The item at index (the touchpoint's, valid until that item is set or
 * removed); NULL when index is out of range or the list unknown. */
CXJ_EXTERN const char *cxj_touchpoint_item_at(const cxj_touchpoint *touchpoint,
					      cxj_list list, size_t index);
/* Appends a copy of text to list. CXJ_EINVAL for an unknown list or a
 * text that is NULL, empty or not UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_touchpoint_add_item(cxj_touchpoint *touchpoint,
				       cxj_list list, const char *text);
/* Replaces the item at index with a copy of text. CXJ_EINVAL for an
 * unknown list or a text that is NULL, empty or not UTF-8, CXJ_ENOTFOUND
 * when index is out of range, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_touchpoint_set_item(cxj_touchpoint *touchpoint,
				       cxj_list list, size_t index,
				       const char *text);
/* Moves the item at from to to, the items between shifting by one.
 * CXJ_EINVAL for an unknown list or either index out of range. */
CXJ_EXTERN int cxj_touchpoint_move_item(cxj_touchpoint *touchpoint,
					cxj_list list, size_t from,
					size_t to);
/* Removes the item at index. CXJ_EINVAL for an unknown list,
 * CXJ_ENOTFOUND when index is out of range. */
CXJ_EXTERN int cxj_touchpoint_remove_item(cxj_touchpoint *touchpoint,
					  cxj_list list, size_t index);

/* Persona references: customer personas, front-office roles (the customer
 * interface) and back-office roles, each list holding personas of its kind.
 * The persona must belong to the touchpoint's journey (CXJ_ENOTFOUND).
 * Adding appends a reference to the persona persona_id to the list of its
 * kind: CXJ_EINVAL for a NULL persona_id, CXJ_EEXIST when the touchpoint
 * refers to it already, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_touchpoint_add_persona(cxj_touchpoint *touchpoint,
					  const char *persona_id);
/* Removes the reference to persona_id. CXJ_EINVAL for a NULL persona_id,
 * CXJ_ENOTFOUND when the journey has no such persona or the touchpoint
 * does not refer to it. */
CXJ_EXTERN int cxj_touchpoint_remove_persona(cxj_touchpoint *touchpoint,
					     const char *persona_id);
/* The references of kind: how many (0 for NULL or an unknown kind), and
 * the persona at index (borrowed; NULL when index is out of range). */
CXJ_EXTERN size_t cxj_touchpoint_persona_count(const cxj_touchpoint *touchpoint,
					       cxj_persona_kind kind);
CXJ_EXTERN cxj_persona *
cxj_touchpoint_persona_at(const cxj_touchpoint *touchpoint,
			  cxj_persona_kind kind, size_t index);

/* Free key/value attributes, kept in the order they were first set, as
 * for personas. The count; 0 for NULL. */
CXJ_EXTERN size_t cxj_touchpoint_attr_count(const cxj_touchpoint *touchpoint);
/* The attribute at index, through key and value (either may be NULL): the
 * touchpoint's strings, valid until that attribute changes or is removed.
 * CXJ_ENOTFOUND when index is out of range. */
CXJ_EXTERN int cxj_touchpoint_attr_at(const cxj_touchpoint *touchpoint,
				      size_t index, const char **key,
				      const char **value);
/* The value of key (the touchpoint's, valid until that attribute changes
 * or is removed); NULL when the key is not set or is NULL. */
CXJ_EXTERN const char *cxj_touchpoint_attr(const cxj_touchpoint *touchpoint,
					   const char *key);
/* Sets key to a copy of value, in place when the key is set already.
 * CXJ_EINVAL for a NULL or empty key, a NULL value or text that is not
 * UTF-8, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_touchpoint_set_attr(cxj_touchpoint *touchpoint,
				       const char *key, const char *value);
/* Removes key. CXJ_ENOTFOUND when it is not set (or NULL). */
CXJ_EXTERN int cxj_touchpoint_remove_attr(cxj_touchpoint *touchpoint,
					  const char *key);

/* ---- targets ----
 * The value a metric should reach, keyed by metric name: "csat" (top-two-box
 * percent, 0..100), "nps" (-100..100), "ces" (mean, 1..7) or a KPI name
 * (any finite number); names are compared exactly. Out of scale: CXJ_ERANGE.
 * Kept in the order first set. The getter returns NaN when no target is set.
 *
 * The five calls of the journey, a stage and a touchpoint: set_target sets
 * or replaces the target of metric (CXJ_EINVAL for a NULL or empty name or
 * one that is not UTF-8, CXJ_ERANGE for a value not finite or out of scale,
 * CXJ_ENOMEM); target returns it (NaN for NULL); target_count and target_at
 * list them (0 for NULL), writing through metric, the object's string valid
 * until that target is removed, and value, either of which may be NULL
 * (CXJ_ENOTFOUND when index is out of range); remove_target removes one
 * (CXJ_ENOTFOUND when metric, NULL included, has none). */
CXJ_EXTERN int cxj_journey_set_target(cxj_journey *journey, const char *metric,
				      double value);
CXJ_EXTERN double cxj_journey_target(const cxj_journey *journey,
				     const char *metric);
CXJ_EXTERN size_t cxj_journey_target_count(const cxj_journey *journey);
CXJ_EXTERN int cxj_journey_target_at(const cxj_journey *journey, size_t index,
				     const char **metric, double *value);
CXJ_EXTERN int cxj_journey_remove_target(cxj_journey *journey,
					 const char *metric);
/* The same five for a stage (CXJ_EINVAL, CXJ_ERANGE, CXJ_ENOTFOUND and
 * CXJ_ENOMEM as above). */
CXJ_EXTERN int cxj_stage_set_target(cxj_stage *stage, const char *metric,
				    double value);
CXJ_EXTERN double cxj_stage_target(const cxj_stage *stage, const char *metric);
CXJ_EXTERN size_t cxj_stage_target_count(const cxj_stage *stage);
CXJ_EXTERN int cxj_stage_target_at(const cxj_stage *stage, size_t index,
				   const char **metric, double *value);
CXJ_EXTERN int cxj_stage_remove_target(cxj_stage *stage, const char *metric);
/* The same five for a touchpoint (CXJ_EINVAL, CXJ_ERANGE, CXJ_ENOTFOUND
 * and CXJ_ENOMEM as above). */
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
 * until that name is set again or removed, or the object goes.
 *
 * The six calls of the journey, a stage and a touchpoint: set_metric and
 * merge_metric fail with CXJ_EINVAL for a NULL name or m, an empty name or
 * one that is not UTF-8, or a kind the name does not take, and CXJ_ENOMEM;
 * the merge also with cxj_metric_merge's codes (CXJ_EINVAL for another kind
 * or KPI unit than the stored metric's, or the stored metric itself;
 * CXJ_ERANGE when the sums would overflow). metric returns NULL for NULL
 * too, and for a name nothing is stored under, recording CXJ_ENOTFOUND
 * with the nearest stored name. metric_count and metric_at list them (0 for NULL), writing through
 * name and m, the object's, either of which may be NULL (CXJ_ENOTFOUND when
 * index is out of range).
 * remove_metric frees one: CXJ_EINVAL for a NULL name, CXJ_ENOTFOUND when
 * none is stored under it. */
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
/* The same six for a stage (CXJ_EINVAL, CXJ_ERANGE, CXJ_ENOTFOUND and
 * CXJ_ENOMEM as above). */
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
/* The same six for a touchpoint (CXJ_EINVAL, CXJ_ERANGE, CXJ_ENOTFOUND
 * and CXJ_ENOMEM as above). */
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
	CXJ_RULE_UNKNOWN_KEY = 6,          /* warning from a lenient load */
	/* the report of an answer import (cxj_csv_options.report): */
	CXJ_RULE_NEAR_METRIC = 7,   /* a KPI name near a known metric's */
	CXJ_RULE_SEGMENT_CASE = 8,  /* a segment differing only in case */
	CXJ_RULE_UNKNOWN_ID = 9     /* an id not in cxj_csv_options.journey */
} cxj_rule;

/* The names of the enumerations of the map, as cxjourney(5) and the cxj
 * tool spell them ("front-office", "negative", "pain-points", "warning",
 * "no-channel"); "unknown" for a value out of range. Static strings;
 * they cannot fail. */
CXJ_EXTERN const char *cxj_persona_kind_name(cxj_persona_kind kind);
CXJ_EXTERN const char *cxj_experience_name(cxj_experience experience);
CXJ_EXTERN const char *cxj_list_name(cxj_list list);
CXJ_EXTERN const char *cxj_severity_name(cxj_severity severity);
CXJ_EXTERN const char *cxj_rule_name(cxj_rule rule);

/* Checks the whole journey and lists every problem found. Returns CXJ_OK when
 * there is no error (warnings allowed), CXJ_EINVAL when there is at least one
 * (the last error names the first); in both cases *out, if out is not NULL,
 * receives the list, freed with cxj_diagnostics_free. A NULL journey
 * (CXJ_EINVAL) or a failed allocation (CXJ_ENOMEM) leaves *out untouched. */
CXJ_EXTERN int cxj_journey_validate(const cxj_journey *journey,
				    cxj_diagnostics **out);
/* Frees the list; NULL is a no-op. */
CXJ_EXTERN void cxj_diagnostics_free(cxj_diagnostics *diagnostics);
/* The number of diagnostics, and of those that are errors; 0 for NULL. */
CXJ_EXTERN size_t cxj_diagnostics_count(const cxj_diagnostics *diagnostics);
CXJ_EXTERN size_t
cxj_diagnostics_error_count(const cxj_diagnostics *diagnostics);
/* The severity and the rule of the diagnostic at index; 0 out of range. */
CXJ_EXTERN cxj_severity
cxj_diagnostics_severity(const cxj_diagnostics *diagnostics, size_t index);
CXJ_EXTERN cxj_rule cxj_diagnostics_rule(const cxj_diagnostics *diagnostics,
					 size_t index);
/* One line, e.g. "stage 'resolve' has no touchpoint"; NULL out of range.
 * The strings are the list's, valid until cxj_diagnostics_free. */
CXJ_EXTERN const char *
cxj_diagnostics_message(const cxj_diagnostics *diagnostics, size_t index);
/* The id of the object concerned ("" when none); NULL out of range. */
CXJ_EXTERN const char *
cxj_diagnostics_object(const cxj_diagnostics *diagnostics, size_t index);
/* Source position for diagnostics from a file, counted from 1; 0 when
 * unknown or out of range. */
CXJ_EXTERN unsigned cxj_diagnostics_line(const cxj_diagnostics *diagnostics,
					 size_t index);
CXJ_EXTERN unsigned
cxj_diagnostics_column(const cxj_diagnostics *diagnostics, size_t index);

#ifdef __cplusplus
}
#endif

#endif
