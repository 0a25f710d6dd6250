/* libcxjourney internals shared by the translation units; never installed.
 * Helpers are named cxj__* and are not exported. */
#ifndef CXJ_INTERNAL_H
#define CXJ_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "cxjourney.h"

#if defined(__GNUC__) || defined(__clang__)
#define CXJ__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CXJ__PRINTF(f, a)
#endif

/* Refuses a NULL handle with CXJ_EINVAL, naming the argument. */
#define CHECK_HANDLE(h)                                                        \
	do {                                                                   \
		if (!(h))                                                      \
			return cxj__error(CXJ_EINVAL, "%s is NULL", #h);       \
	} while (0)

/* alloc.c: every allocation goes through the installed allocator. */
void *cxj__malloc(size_t size);
void *cxj__calloc(size_t count, size_t size);
void *cxj__realloc(void *ptr, size_t size);
/* Grows *items to hold at least need elements of size bytes (capacity in
 * *cap); leaves everything unchanged on failure. */
int cxj__reserve(void **items, size_t *cap, size_t need, size_t size);
void cxj__free(void *ptr);
char *cxj__strdup(const char *s);
char *cxj__strndup(const char *s, size_t len);

/* error.c: record the failure and return its code. */
int cxj__error(int code, const char *fmt, ...) CXJ__PRINTF(2, 3);
int cxj__error_at(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, ...) CXJ__PRINTF(5, 6);
int cxj__error_va(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, va_list ap);
int cxj__nomem(void);

/* utf8.c */
int cxj__utf8_valid(const char *s, size_t len);
/* Checks a text argument: valid UTF-8 (NULL allowed). what names it. */
int cxj__check_text(const char *s, const char *what);
/* Checks an id: 1..255 bytes, UTF-8, no spaces or control characters. */
int cxj__check_id(const char *id);

/* strmap.c: an open-addressing map from NUL-terminated keys, which the
 * caller keeps alive, to values. */
typedef struct cxj__strmap_slot {
	const char *key;
	void *value;
	uint64_t hash;
} cxj__strmap_slot;

typedef struct cxj__strmap {
	cxj__strmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t len;
} cxj__strmap;

uint64_t cxj__hash(const char *s, size_t len);
void *cxj__strmap_get(const cxj__strmap *map, const char *key);
/* Makes room for extra more keys so that the next inserts cannot fail. */
int cxj__strmap_reserve(cxj__strmap *map, size_t extra);
/* Inserts or replaces; fails only with CXJ_ENOMEM. */
int cxj__strmap_put(cxj__strmap *map, const char *key, void *value);
void cxj__strmap_remove(cxj__strmap *map, const char *key);
void cxj__strmap_clear(cxj__strmap *map);

#endif

/* distributions.c: probability functions behind every p-value and interval.
 * sf is the upper tail 1 - cdf, computed directly so that it stays accurate
 * far into the tail; ppf is the quantile (inverse cdf). */
double cxj__norm_cdf(double x);
double cxj__norm_sf(double x);
double cxj__norm_ppf(double p);
double cxj__t_cdf(double t, double df);
double cxj__t_sf(double t, double df);
double cxj__t_ppf(double p, double df);
double cxj__chi2_sf(double x, double df);
double cxj__chi2_cdf(double x, double df);
/* regularized incomplete beta I_x(a, b) and its complement 1 - I_x(a, b) */
double cxj__beta_inc(double a, double b, double x);
double cxj__beta_incc(double a, double b, double x);
/* regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P(a, x) */
double cxj__gamma_p(double a, double x);
double cxj__gamma_q(double a, double x);
double cxj__lgamma(double x);

/* ---- the journey model (journey.c, persona.c, touchpoint.c, fields.c) ----
 * Every object starts with its kind so that the journey's id map, shared by
 * all objects, can say what an id names. Text fields are NULL when unset. */
typedef enum cxj__kind {
	CXJ__JOURNEY = 1,
	CXJ__PERSONA,
	CXJ__STAGE,
	CXJ__TOUCHPOINT
} cxj__kind;

typedef struct cxj__attr {
	char *key;
	char *value;
} cxj__attr;

typedef struct cxj__attrs {
	cxj__attr *items;
	size_t len, cap;
} cxj__attrs;

typedef struct cxj__target {
	char *metric;
	double value;
} cxj__target;

typedef struct cxj__targets {
	cxj__target *items;
	size_t len, cap;
} cxj__targets;

typedef struct cxj__strlist {
	char **items;
	size_t len, cap;
} cxj__strlist;

typedef struct cxj__personalist {
	cxj_persona **items;
	size_t len, cap;
} cxj__personalist;

struct cxj_persona {
	cxj__kind kind_tag;
	cxj_journey *journey;
	char *id, *name, *description;
	cxj_persona_kind kind;
	cxj__attrs attrs;
	size_t refs; /* touchpoint references; removal waits for zero */
};

struct cxj_touchpoint {
	cxj__kind kind_tag;
	cxj_stage *stage;
	char *id, *name, *description;
	char *activity, *channel, *back_end_process, *think_feel, *promise;
	int moment_of_truth;
	cxj_experience experience;
	cxj__strlist lists[4];          /* indexed by cxj_list */
	cxj__personalist personas[3];   /* indexed by cxj_persona_kind */
	cxj__attrs attrs;
	cxj__targets targets;
};

struct cxj_stage {
	cxj__kind kind_tag;
	cxj_journey *journey;
	char *id, *name, *description;
	cxj_touchpoint **touchpoints;
	size_t touchpoint_len, touchpoint_cap;
	cxj__targets targets;
};

struct cxj_journey {
	cxj__kind kind_tag;
	char *id, *name, *description;
	cxj_persona **personas;
	size_t persona_len, persona_cap;
	cxj_stage **stages;
	size_t stage_len, stage_cap;
	size_t touchpoint_total;
	cxj__strmap ids; /* id -> object of any kind, keys owned by objects */
	cxj__targets targets;
};

/* fields.c: the field types objects share. */
const char *cxj__text(const char *s);
int cxj__set_text(char **slot, const char *text, const char *what);
void cxj__attrs_clear(cxj__attrs *attrs);
const char *cxj__attrs_get(const cxj__attrs *attrs, const char *key);
int cxj__attrs_at(const cxj__attrs *attrs, size_t index, const char **key,
		  const char **value);
int cxj__attrs_set(cxj__attrs *attrs, const char *key, const char *value);
int cxj__attrs_remove(cxj__attrs *attrs, const char *key);
void cxj__targets_clear(cxj__targets *targets);
double cxj__targets_get(const cxj__targets *targets, const char *metric);
int cxj__targets_at(const cxj__targets *targets, size_t index,
		    const char **metric, double *value);
int cxj__targets_set(cxj__targets *targets, const char *metric, double value);
int cxj__targets_remove(cxj__targets *targets, const char *metric);
/* Checks that value lies on the scale of the named metric. */
int cxj__target_check(const char *metric, double value);
void cxj__strlist_clear(cxj__strlist *list);
int cxj__strlist_insert(cxj__strlist *list, size_t index, const char *text);
int cxj__strlist_set(cxj__strlist *list, size_t index, const char *text);
int cxj__strlist_move(cxj__strlist *list, size_t from, size_t to);
int cxj__strlist_remove(cxj__strlist *list, size_t index);
/* Moves element from to position to within an array of pointers. */
void cxj__ptr_move(void **items, size_t from, size_t to);
/* Position of item in an array of pointers, or len when absent. */
size_t cxj__ptr_index(void *const *items, size_t len, const void *item);
void cxj__ptr_remove_at(void **items, size_t *len, size_t index);

/* journey.c: the shared id namespace. */
void *cxj__journey_lookup(const cxj_journey *journey, const char *id,
			  cxj__kind kind);
/* Checks that id is well formed and free; reserves a map slot for it. */
int cxj__journey_claim_id(cxj_journey *journey, const char *id);
/* Renames an object in the map: *slot holds its current id string. */
int cxj__journey_rename(cxj_journey *journey, char **slot, const char *id);
void cxj__touchpoint_destroy(cxj_touchpoint *tp);
void cxj__persona_destroy(cxj_persona *p);

/* diagnostics.c: problem lists from validation and lenient loads. */
cxj_diagnostics *cxj__diagnostics_new(void);
int cxj__diagnostics_add(cxj_diagnostics *d, cxj_severity severity,
			 cxj_rule rule, const char *object, unsigned line,
			 unsigned column, const char *fmt, ...)
	CXJ__PRINTF(7, 8);

/* yaml_limits.c: libyaml's event parser behind the load limits, replaying
 * aliases from a log of anchored nodes. Errors carry the reader's file name. */
#include <stdio.h>
enum {
	CXJ__Y_NONE = 0,
	CXJ__Y_STREAM_START,
	CXJ__Y_STREAM_END,
	CXJ__Y_DOC_START,
	CXJ__Y_DOC_END,
	CXJ__Y_ALIAS,
	CXJ__Y_SCALAR,
	CXJ__Y_SEQ_START,
	CXJ__Y_SEQ_END,
	CXJ__Y_MAP_START,
	CXJ__Y_MAP_END
};

/* One event as the loader sees it, valid until the next call. */
typedef struct cxj__yev {
	int type;
	const char *value; /* scalar text, NUL-terminated */
	size_t len;
	int plain;         /* a plain (unquoted) scalar */
	unsigned line, column; /* from 1 */
} cxj__yev;

typedef struct cxj__yreader cxj__yreader;

/* opts must have every limit filled in (no zeros). */
int cxj__yreader_new_buffer(const void *data, size_t len,
			    const cxj_load_options *opts, const char *file,
			    cxj__yreader **out);
int cxj__yreader_new_stream(FILE *stream, const cxj_load_options *opts,
			    const char *file, cxj__yreader **out);
void cxj__yreader_free(cxj__yreader *r);
int cxj__yreader_next(cxj__yreader *r, cxj__yev *ev);
const char *cxj__yreader_file(const cxj__yreader *r);
size_t cxj__yreader_bytes(const cxj__yreader *r);
