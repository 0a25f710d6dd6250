/* model.h: the journey model: journey.c, ids.c, persona.c, stage.c,
 * touchpoint.c, fields.c, stored_metrics.c, validation and diagnostics. */
#ifndef CXJ_MODEL_H
#define CXJ_MODEL_H

#include "alloc.h"
#include "base.h"
#include "metrics.h"
#include "text.h"

typedef struct cxj__attr {
	char *key;
	char *value;
} cxj__attr;

/* ---- the journey model (journey.c, persona.c, touchpoint.c, fields.c) ----
 * Every object starts with its kind so that the journey's id map, shared by
 * all objects, can say what an id names. Text fields are NULL when unset.
 * The small lists of an object count in 32 bits: a touchpoint holds nine
 * of them, and a loaded map hundreds of thousands of touchpoints. */
typedef enum cxj__kind {
	CXJ__JOURNEY = 1,
	CXJ__PERSONA,
	CXJ__STAGE,
	CXJ__TOUCHPOINT
} cxj__kind;

/* The small lists, one cxj__list each, typed by what they hold. */
typedef struct cxj__attrs {
	cxj__list *b; /* of cxj__attr */
} cxj__attrs;

typedef struct cxj__target {
	char *metric;
	double value;
} cxj__target;

typedef struct cxj__targets {
	cxj__list *b; /* of cxj__target */
} cxj__targets;

/* The metric states an object stores (stored_metrics.c), NULL while it
 * stores none, as most objects of a large map never do. Always on the
 * heap, never in the loader's arena. */
typedef struct cxj__metrics {
	cxj__list *b; /* of cxj__stored (stored_metrics.c) */
} cxj__metrics;

typedef struct cxj__strlist {
	cxj__plist p; /* of char * */
} cxj__strlist;

typedef struct cxj__personalist {
	cxj__plist p; /* of cxj_persona * */
} cxj__personalist;

/* Every object begins as a cxj__object: its kind, then where the loader
 * read its id (line and column from 1; 0 for an object made by a call),
 * for the positions of duplicates and of validation. */
typedef struct cxj__object {
	cxj__kind kind_tag;
	unsigned line, column;
} cxj__object;

struct cxj_persona {
	cxj__kind kind_tag;
	unsigned line, column;
	cxj_journey *journey;
	char *id, *name, *description;
	cxj_persona_kind kind;
	cxj__attrs attrs;
	size_t refs; /* touchpoint references; removal waits for zero */
};

struct cxj_touchpoint {
	cxj__kind kind_tag;
	unsigned line, column;
	unsigned char moment_of_truth;
	unsigned char experience; /* a cxj_experience */
	cxj_stage *stage;
	char *id, *name, *description;
	char *activity, *channel, *back_end_process, *think_feel, *promise;
	cxj__strlist lists[4];          /* indexed by cxj_list */
	cxj__personalist personas[3];   /* indexed by cxj_persona_kind */
	cxj__attrs attrs;
	cxj__targets targets;
	cxj__metrics metrics;
};

struct cxj_stage {
	cxj__kind kind_tag;
	unsigned line, column;
	cxj_journey *journey;
	char *id, *name, *description;
	cxj_touchpoint **touchpoints;
	size_t touchpoint_len, touchpoint_cap;
	cxj__targets targets;
	cxj__metrics metrics;
};

struct cxj_journey {
	cxj__kind kind_tag;
	unsigned line, column;
	char *id, *name, *description;
	cxj_persona **personas;
	size_t persona_len, persona_cap;
	cxj_stage **stages;
	size_t stage_len, stage_cap;
	size_t touchpoint_total;
	size_t unclaimed; /* loaded touchpoints without their ids in the map:
			   * see cxj__ids_claim_loaded */
	cxj__strmap ids; /* id -> object of any kind, keys owned by objects */
	cxj__targets targets;
	cxj__metrics metrics;
	cxj__arena arena; /* what a load put there; see cxj__arena */
};

/* fields.c: the field types objects share. */
const char *cxj__text(const char *s);
/* Texts are released through the arena a of their journey. */
int cxj__set_text(const cxj__arena *a, char **slot, const char *text,
		  const char *what);
/* The classes of texts the loader shares in the arena (cxj__arena_share):
 * the fields whose texts come from a map's vocabulary rather than its
 * prose. A text of class CXJ__SHARE_NONE is copied. */
enum {
	CXJ__SHARE_NONE,
	CXJ__SHARE_ACTIVITY,
	CXJ__SHARE_CHANNEL,
	CXJ__SHARE_PROCESS,
	CXJ__SHARE_SYSTEM,
	CXJ__SHARE_METRIC,
	CXJ__SHARE_PERSONAS /* a pair of persona references */
};
/* For the loader: text (NULL to clear) is known to be valid UTF-8 of len
 * bytes without a NUL, and to end with one; it goes into the arena, shared
 * there under class share. */
int cxj__set_loaded_text(cxj__arena *a, char **slot, const char *text,
			 size_t len, unsigned share);
static inline size_t cxj__attrs_len(const cxj__attrs *attrs)
{
	return cxj__list_len(attrs->b);
}
static inline size_t cxj__targets_len(const cxj__targets *targets)
{
	return cxj__list_len(targets->b);
}
void cxj__attrs_clear(cxj__attrs *attrs);
const char *cxj__attrs_get(const cxj__attrs *attrs, const char *key);
int cxj__attrs_at(const cxj__attrs *attrs, size_t index, const char **key,
		  const char **value);
int cxj__attrs_set(cxj__attrs *attrs, const char *key, const char *value);
int cxj__attrs_remove(cxj__attrs *attrs, const char *key);
void cxj__targets_clear(const cxj__arena *a, cxj__targets *targets);
double cxj__targets_get(const cxj__targets *targets, const char *metric);
int cxj__targets_at(const cxj__targets *targets, size_t index,
		    const char **metric, double *value);
int cxj__targets_set(cxj__arena *a, cxj__targets *targets, const char *metric,
		     double value);
/* The loader's set, as cxj__set_loaded_text: the name and the list go into
 * the arena. */
int cxj__targets_set_loaded(cxj__arena *a, cxj__targets *targets,
			    const char *metric, double value);
int cxj__targets_remove(const cxj__arena *a, cxj__targets *targets,
			const char *metric);
/* Checks that value lies on the scale of the named metric. */
int cxj__target_check(const char *metric, double value);
/* Checks that name may hold a metric of kind: non-empty UTF-8, and a
 * reserved name only its own kind (kind 0: the name alone). */
int cxj__metrics_check(const char *name, cxj_metric_kind kind);
static inline size_t cxj__metrics_len(const cxj__metrics *ms)
{
	return cxj__list_len(ms->b);
}
void cxj__metrics_clear(cxj__metrics *ms);
/* The metric stored under name; NULL with CXJ_ENOTFOUND naming the owner
 * (its id) and the nearest stored name. has: silently, whether it is. */
const cxj_metric *cxj__metrics_get(const cxj__metrics *ms, const char *name,
				   const char *owner);
int cxj__metrics_has(const cxj__metrics *ms, const char *name);
int cxj__metrics_at(const cxj__metrics *ms, size_t index, const char **name,
		    const cxj_metric **m);
/* A copy of m under name, in place of the one stored there. */
int cxj__metrics_set(cxj__metrics *ms, const char *name, const cxj_metric *m);
/* m merged into the metric stored under name, or a copy when there is
 * none. */
int cxj__metrics_merge(cxj__metrics *ms, const char *name, const cxj_metric *m);
int cxj__metrics_remove(cxj__metrics *ms, const char *name);
size_t cxj__strlist_len(const cxj__strlist *list);
const char *cxj__strlist_at(const cxj__strlist *list, size_t index);
void cxj__strlist_clear(const cxj__arena *a, cxj__strlist *list);
int cxj__strlist_insert(cxj__arena *a, cxj__strlist *list, size_t index,
			const char *text);
/* The loader's copy of a list item (refused when empty; ends with a NUL at
 * len) into the arena, at an even address (see cxj__plist), shared there
 * under class share. */
int cxj__strlist_copy_loaded(cxj__arena *a, unsigned share, const char *text,
			     size_t len, char **out);
int cxj__strlist_set(const cxj__arena *a, cxj__strlist *list, size_t index,
		     const char *text);
int cxj__strlist_move(cxj__strlist *list, size_t from, size_t to);
int cxj__strlist_remove(const cxj__arena *a, cxj__strlist *list,
			size_t index);
/* Moves element from to position to within an array of pointers. */
void cxj__ptr_move(void **items, size_t from, size_t to);
/* Position of item in an array of pointers, or len when absent. */
size_t cxj__ptr_index(void *const *items, size_t len, const void *item);
void cxj__ptr_remove_at(void **items, size_t *len, size_t index);

/* The thin public accessors that every object with the field repeats,
 * generated for cxj_<obj>_* with the handle parameter h (named in the
 * CXJ_EINVAL message for a NULL handle). A NULL handle reads as the
 * default: "" for text, NULL for an attribute or a stored metric, NaN for
 * a target (the file includes math.h), 0 for a count. */
#define CXJ__ID_FIELD(obj, h, journey_of_h)                                    \
	const char *cxj_##obj##_id(const cxj_##obj *h)                         \
	{                                                                      \
		return h ? h->id : "";                                         \
	}                                                                      \
	int cxj_##obj##_set_id(cxj_##obj *h, const char *id)                   \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__ids_rename(journey_of_h, &h->id, id);          \
	}

/* An object's list of children: cxj_<obj>_<item>_count and _at. */
#define CXJ__CHILD_ACCESSORS(obj, h, item, items, len)                         \
	size_t cxj_##obj##_##item##_count(const cxj_##obj *h)                  \
	{                                                                      \
		return h ? h->len : 0;                                         \
	}                                                                      \
	cxj_##item *cxj_##obj##_##item##_at(const cxj_##obj *h, size_t index)  \
	{                                                                      \
		return h && index < h->len ? h->items[index] : NULL;           \
	}

/* A child's place: its parent (NULL for NULL) and its index among its
 * siblings (0 for NULL). */
#define CXJ__PLACE_ACCESSORS(obj, h, parent, items, len)                       \
	cxj_##parent *cxj_##obj##_##parent(const cxj_##obj *h)                 \
	{                                                                      \
		return h ? h->parent : NULL;                                   \
	}                                                                      \
	size_t cxj_##obj##_index(const cxj_##obj *h)                           \
	{                                                                      \
		if (!h)                                                        \
			return 0;                                              \
		return cxj__ptr_index((void *const *)h->parent->items,         \
				      h->parent->len, h);                      \
	}

#define CXJ__TEXT_FIELD(obj, h, field, what, journey_of_h)                     \
	const char *cxj_##obj##_##field(const cxj_##obj *h)                    \
	{                                                                      \
		return h ? cxj__text(h->field) : "";                           \
	}                                                                      \
	int cxj_##obj##_set_##field(cxj_##obj *h, const char *text)            \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__set_text(&(journey_of_h)->arena, &h->field, text,  \
				     what);                                    \
	}

#define CXJ__ATTR_ACCESSORS(obj, h)                                            \
	size_t cxj_##obj##_attr_count(const cxj_##obj *h)                      \
	{                                                                      \
		return h ? cxj__attrs_len(&h->attrs) : 0;                      \
	}                                                                      \
	int cxj_##obj##_attr_at(const cxj_##obj *h, size_t index,              \
				const char **key, const char **value)          \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__attrs_at(&h->attrs, index, key, value);            \
	}                                                                      \
	const char *cxj_##obj##_attr(const cxj_##obj *h, const char *key)      \
	{                                                                      \
		return h ? cxj__attrs_get(&h->attrs, key) : NULL;              \
	}                                                                      \
	int cxj_##obj##_set_attr(cxj_##obj *h, const char *key,                \
				 const char *value)                            \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__attrs_set(&h->attrs, key, value);                  \
	}                                                                      \
	int cxj_##obj##_remove_attr(cxj_##obj *h, const char *key)             \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__attrs_remove(&h->attrs, key);                      \
	}

#define CXJ__TARGET_ACCESSORS(obj, h, journey_of_h)                            \
	int cxj_##obj##_set_target(cxj_##obj *h, const char *metric,           \
				   double value)                               \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__targets_set(&(journey_of_h)->arena, &h->targets,   \
					metric, value);                        \
	}                                                                      \
	double cxj_##obj##_target(const cxj_##obj *h, const char *metric)      \
	{                                                                      \
		return h ? cxj__targets_get(&h->targets, metric) : NAN;        \
	}                                                                      \
	size_t cxj_##obj##_target_count(const cxj_##obj *h)                    \
	{                                                                      \
		return h ? cxj__targets_len(&h->targets) : 0;                  \
	}                                                                      \
	int cxj_##obj##_target_at(const cxj_##obj *h, size_t index,            \
				  const char **metric, double *value)          \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__targets_at(&h->targets, index, metric, value);     \
	}                                                                      \
	int cxj_##obj##_remove_target(cxj_##obj *h, const char *metric)        \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__targets_remove(&(journey_of_h)->arena,             \
					   &h->targets, metric);               \
	}

#define CXJ__METRIC_ACCESSORS(obj, h)                                          \
	int cxj_##obj##_set_metric(cxj_##obj *h, const char *name,             \
				   const cxj_metric *m)                        \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__metrics_set(&h->metrics, name, m);                 \
	}                                                                      \
	int cxj_##obj##_merge_metric(cxj_##obj *h, const char *name,           \
				     const cxj_metric *m)                      \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__metrics_merge(&h->metrics, name, m);               \
	}                                                                      \
	const cxj_metric *cxj_##obj##_metric(const cxj_##obj *h,               \
					     const char *name)                 \
	{                                                                      \
		return h ? cxj__metrics_get(&h->metrics, name, h->id) : NULL;  \
	}                                                                      \
	size_t cxj_##obj##_metric_count(const cxj_##obj *h)                    \
	{                                                                      \
		return h ? cxj__metrics_len(&h->metrics) : 0;                  \
	}                                                                      \
	int cxj_##obj##_metric_at(const cxj_##obj *h, size_t index,            \
				  const char **name, const cxj_metric **m)     \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__metrics_at(&h->metrics, index, name, m);           \
	}                                                                      \
	int cxj_##obj##_remove_metric(cxj_##obj *h, const char *name)          \
	{                                                                      \
		CHECK_HANDLE(h);                                               \
		return cxj__metrics_remove(&h->metrics, name);                 \
	}

/* ids.c: the shared id namespace. lookup is the library's own, silent on a
 * miss; find is the public finders', which record CXJ_ENOTFOUND naming
 * what was asked and the nearest id of the kind. */
void *cxj__ids_lookup(const cxj_journey *journey, const char *id,
			  cxj__kind kind);
void *cxj__ids_find(const cxj_journey *journey, const char *id,
			cxj__kind kind);
/* The object of any kind that holds id, or NULL. */
const cxj__object *cxj__ids_holder(const cxj_journey *journey, const char *id);
/* Checks that id is well formed and free; reserves a map slot for it. */
int cxj__ids_claim(cxj_journey *journey, const char *id);
/* The one way a call adds a persona, stage or touchpoint; what can fail
 * is done before anything changes. Claims id, allocates a zeroed object of
 * size bytes with its kind and a copy of id (the char * at id_offset), and
 * appends it to the owner's list *items (*len of them, capacity *cap).
 * The caller links it to its owner. */
int cxj__ids_add(cxj_journey *journey, const char *id, cxj__kind kind,
		 size_t size, size_t id_offset, void **items, size_t *cap,
		 size_t *len, void **out);
/* Renames an object in the map: *slot holds its current id string. */
int cxj__ids_rename(cxj_journey *journey, char **slot, const char *id);
void cxj__touchpoint_destroy(cxj_touchpoint *tp);

/* The loader's path into the model: texts come from libyaml, which checked
 * their UTF-8 already, and go into the journey's arena. Otherwise each call
 * behaves as its public counterpart, errors included. */
typedef enum cxj__tp_text {
	CXJ__TP_NAME,
	CXJ__TP_DESCRIPTION,
	CXJ__TP_ACTIVITY,
	CXJ__TP_CHANNEL,
	CXJ__TP_BACK_END_PROCESS,
	CXJ__TP_THINK_FEEL,
	CXJ__TP_PROMISE
} cxj__tp_text;
/* The touchpoint is made and placed at once, but takes its id in the
 * journey's map only at the claim (hash: cxj__ids_hash), which fails
 * with CXJ_EEXIST where the public add would have. Any number of
 * touchpoints may wait for their claims, which the loader makes in order,
 * its prefetches ahead of them. */
int cxj__stage_load_touchpoint(cxj_stage *s, const char *id,
			       cxj_touchpoint **out);
int cxj__ids_claim_loaded(cxj_touchpoint *tp, uint64_t hash);
/* stage.c: frees a stage and its touchpoints (the journey is going). */
void cxj__stage_destroy(cxj_stage *s);
uint64_t cxj__ids_hash(const cxj_journey *j, const char *id);
void cxj__ids_prefetch(const cxj_journey *j, uint64_t hash);
int cxj__touchpoint_load_text(cxj_touchpoint *tp, cxj__tp_text field,
			      const char *text, size_t len);
/* A list of the loader is set whole, in an array of exactly its length:
 * each item's text is copied into the arena as it is read (checked as
 * cxj_touchpoint_add_item checks it), then the copies are appended at the
 * end of the sequence. A list of one item then costs one pointer, not the
 * three of a list grown item by item (a large map has a list or two per
 * touchpoint, most of one item). */
int cxj__touchpoint_copy_item(cxj_touchpoint *tp, cxj_list list,
			      const char *text, size_t len, char **out);
int cxj__touchpoint_load_items(cxj_touchpoint *tp, cxj_list list,
			       void *const *items, size_t n);
int cxj__touchpoint_load_target(cxj_touchpoint *tp, const char *metric,
				double value);
/* cxj_touchpoint_add_persona with the persona p of tp's journey found;
 * load: the loader's call (its list goes into the arena). */
int cxj__touchpoint_refer(cxj_touchpoint *tp, cxj_persona *p, int load);
/* The same for a whole list, as cxj__touchpoint_load_items: the check of
 * one reference against the list and the n read before it, then the
 * append of all n. */
int cxj__touchpoint_check_refer(const cxj_touchpoint *tp,
				void *const *read, size_t n,
				const cxj_persona *p);
int cxj__touchpoint_load_personas(cxj_touchpoint *tp, cxj_persona_kind kind,
				  void *const *items, size_t n);
void cxj__persona_destroy(cxj_persona *p);

/* diagnostics.c: problem lists from validation and lenient loads. */
cxj_diagnostics *cxj__diagnostics_new(void);
int cxj__diagnostics_add(cxj_diagnostics *d, cxj_severity severity,
			 cxj_rule rule, const char *object, unsigned line,
			 unsigned column, const char *fmt, ...)
	CXJ__PRINTF(7, 8);

#endif
