/* yaml_load.c: reads a journey map (cxjourney(5)) from YAML events into the
 * model, checking every key, type and reference against the format. */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "model.h"
#include "yaml_reader.h"

#define PATH_MAX_SEGS 16

/* One step of the path that names a node in messages: a key or an index. */
typedef struct seg {
	const char *key; /* NULL for an index */
	size_t index;
} seg;

/* A persona reference read before the personas: resolved at the end. */
typedef struct pending {
	cxj_touchpoint *touchpoint;
	cxj_persona_kind kind;
	char *id;
	char *path;
	unsigned line, column;
} pending;

typedef struct warning {
	char *message;
	char *object;
	unsigned line, column;
} warning;

/* A touchpoint whose id waits to be claimed, with where its id was read. */
typedef struct unclaimed {
	cxj_touchpoint *tp;
	uint64_t hash;
	unsigned line, column;
	size_t npath;
	seg path[PATH_MAX_SEGS];
} unclaimed;

typedef struct loader {
	cxj__yreader *r;
	cxj__yev ev;
	const cxj_load_options *opts;
	const char *file;
	cxj_journey *journey;
	seg path[PATH_MAX_SEGS];
	size_t npath;
	size_t objects;
	unsigned long placeholders;
	int personas_read;
	/* the personas that references found, by id: a small map that stays
	 * in cache, where the journey's map of every id does not */
	cxj__strmap persona_cache;
	char *key; /* the current user key (attribute, target, metric) */
	size_t keycap;
	char *unit; /* the unit of the metric being read */
	size_t unitcap;
	pending *pend;
	size_t npend, cappend;
	/* touchpoints whose ids wait to be claimed (see settle_ids) */
	unclaimed *unclaimed;
	size_t nunclaimed;
	/* the items or personas of the list being read */
	void **list;
	size_t nlist, caplist;
	warning *warn;
	size_t nwarn, capwarn;
	size_t warn_dropped; /* past MAX_WARNINGS: counted, not kept */
} loader;

/* ---- messages ---- */

static size_t format_path(const loader *L, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < L->npath && n < size; i++) {
		int k;
		if (L->path[i].key)
			k = snprintf(buf + n, size - n, "%s%s", n ? "." : "",
				     L->path[i].key);
		else
			k = snprintf(buf + n, size - n, "[%zu]",
				     L->path[i].index);
		if (k < 0)
			break;
		n += (size_t)k;
	}
	return n < size ? n : size - 1;
}

static int failv(loader *L, int code, unsigned line, unsigned col,
		 const char *fmt, va_list ap)
{
	char where[256], what[384];
	format_path(L, where, sizeof where);
	vsnprintf(what, sizeof what, fmt, ap);
	if (where[0])
		return cxj__error_at(code, L->file, line, col, "%s: %s", where,
				     what);
	return cxj__error_at(code, L->file, line, col, "%s", what);
}

static int fail_at(loader *L, int code, unsigned line, unsigned col,
		   const char *fmt, ...) CXJ__PRINTF(5, 6);
static int fail_at(loader *L, int code, unsigned line, unsigned col,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	failv(L, code, line, col, fmt, ap);
	va_end(ap);
	return code;
}

/* An error at the current event. */
static int fail(loader *L, const char *fmt, ...) CXJ__PRINTF(2, 3);
static int fail(loader *L, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	failv(L, CXJ_EPARSE, L->ev.line, L->ev.column, fmt, ap);
	va_end(ap);
	return CXJ_EPARSE;
}

/* The model refused a value read at (line, col): a parse error there,
 * quoting the model's own message. Running out of memory stays itself. */
static int refused(loader *L, int rc, unsigned line, unsigned col)
{
	char msg[512];
	if (rc == CXJ_ENOMEM)
		return rc;
	snprintf(msg, sizeof msg, "%s", cxj_error_last()->message);
	return fail_at(L, CXJ_EPARSE, line, col, "%s", msg);
}

/* What the model answered when given a value read at the current event:
 * CXJ_OK, or its refusal as a parse error there. */
static int stored(loader *L, int rc)
{
	return rc ? refused(L, rc, L->ev.line, L->ev.column) : CXJ_OK;
}

static void push_key(loader *L, const char *key)
{
	if (L->npath < PATH_MAX_SEGS) {
		L->path[L->npath].key = key;
		L->path[L->npath].index = 0;
	}
	L->npath++;
}

static void push_index(loader *L, size_t index)
{
	if (L->npath < PATH_MAX_SEGS) {
		L->path[L->npath].key = NULL;
		L->path[L->npath].index = index;
	}
	L->npath++;
}

static void pop(loader *L)
{
	L->npath--;
}

/* ---- events ---- */

static int next(loader *L)
{
	return cxj__yreader_next(L->r, &L->ev);
}

static const char *kind_name(int type)
{
	switch (type) {
	case CXJ__Y_SCALAR: return "a scalar";
	case CXJ__Y_SEQ_START: return "a sequence";
	case CXJ__Y_MAP_START: return "a mapping";
	default: return "the end of a collection";
	}
}

static int is_null(const cxj__yev *ev)
{
	const char *v = ev->value;
	if (ev->type != CXJ__Y_SCALAR || !ev->plain)
		return 0;
	switch (ev->len) {
	case 0: return 1;
	case 1: return v[0] == '~';
	case 4:
		return (v[0] == 'n' || v[0] == 'N') &&
		       (strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
			strcmp(v, "NULL") == 0);
	default: return 0;
	}
}

static int expect(loader *L, int type)
{
	if (L->ev.type != type)
		return fail(L, "expected %s, found %s", kind_name(type),
			    kind_name(L->ev.type));
	return CXJ_OK;
}

/* The current scalar as text: NULL for a YAML null. */
static int text(loader *L, const char **out)
{
	int rc = expect(L, CXJ__Y_SCALAR);
	if (rc)
		return rc;
	/* only an escape in a quoted scalar can make a NUL */
	if (!L->ev.plain && strlen(L->ev.value) != L->ev.len)
		return fail(L, "text contains a NUL character");
	*out = is_null(&L->ev) ? NULL : L->ev.value;
	return CXJ_OK;
}

/* Consumes the node that starts with the current event. */
static int skip(loader *L)
{
	size_t depth = 0;
	int rc;
	for (;;) {
		switch (L->ev.type) {
		case CXJ__Y_SEQ_START:
		case CXJ__Y_MAP_START: depth++; break;
		case CXJ__Y_SEQ_END:
		case CXJ__Y_MAP_END: depth--; break;
		default: break;
		}
		if (depth == 0)
			return CXJ_OK;
		if ((rc = next(L)))
			return rc;
	}
}

/* A sequence or mapping may also be written as null (empty). *empty is set
 * when there is nothing to read. */
static int open_collection(loader *L, int type, int *empty)
{
	*empty = 0;
	if (is_null(&L->ev)) {
		*empty = 1;
		return CXJ_OK;
	}
	return expect(L, type);
}

/* Reads the next key of a mapping into *key (valid until the next event);
 * *key is NULL at the end of the mapping. */
static int next_key(loader *L, const char **key)
{
	int rc = next(L);
	if (rc)
		return rc;
	if (L->ev.type == CXJ__Y_MAP_END) {
		*key = NULL;
		return CXJ_OK;
	}
	if (L->ev.type != CXJ__Y_SCALAR)
		return fail(L, "expected a key, found %s",
			    kind_name(L->ev.type));
	if (!L->ev.plain && strlen(L->ev.value) != L->ev.len)
		return fail(L, "key contains a NUL character");
	*key = L->ev.value;
	return CXJ_OK;
}

/* Copies the current key, which the next event would overwrite. */
static int keep_key(loader *L)
{
	if (cxj__reserve((void **)&L->key, &L->keycap, L->ev.len + 1, 1))
		return CXJ_ENOMEM;
	memcpy(L->key, L->ev.value, L->ev.len + 1);
	return CXJ_OK;
}

/* A key of the format, with its length to compare before the bytes. */
typedef struct key_name {
	const char *name;
	size_t len;
} key_name;

#define KEY(s) {s, sizeof s - 1}
#define NKEYS(keys) ((int)(sizeof keys / sizeof *keys))

static int same_key(const key_name *k, const char *key, size_t len)
{
	return k->len == len && k->name[0] == key[0] &&
	       memcmp(k->name, key, len) == 0;
}

static int lookup(const key_name *keys, int n, const char *key, size_t len)
{
	for (int i = 0; i < n; i++)
		if (same_key(&keys[i], key, len))
			return i;
	return -1;
}

/* Looks a key up starting after the previous one found: in the canonical
 * order that is the next key of the table, found at the first compare. */
static int lookup_next(const key_name *keys, int n, const char *key,
		       size_t len, int *hint)
{
	for (int k = 0, i = *hint + 1; k < n; k++, i++) {
		if (i >= n)
			i = 0;
		if (same_key(&keys[i], key, len)) {
			*hint = i;
			return i;
		}
	}
	return -1;
}

/* Copies two strings: both, or neither and CXJ_ENOMEM. */
static int copy_pair(const char *a, const char *b, char **ca, char **cb)
{
	*ca = cxj__strdup(a);
	*cb = cxj__strdup(b);
	if (!*ca || !*cb) {
		cxj__free(*ca);
		cxj__free(*cb);
		return cxj__nomem();
	}
	return CXJ_OK;
}

/* Warnings kept for one load: a file of a million unknown keys must not
 * make a million messages; the rest are counted in a last one. */
#define MAX_WARNINGS 1000

static int add_warning(loader *L, unsigned line, unsigned col,
		       const char *object, const char *fmt, ...)
	CXJ__PRINTF(5, 6);
static int add_warning(loader *L, unsigned line, unsigned col,
		       const char *object, const char *fmt, ...)
{
	char where[256], what[384], msg[660];
	va_list ap;
	warning *w;
	if (L->nwarn == MAX_WARNINGS) {
		L->warn_dropped++;
		return CXJ_OK;
	}
	if (cxj__reserve((void **)&L->warn, &L->capwarn, L->nwarn + 1,
			 sizeof *L->warn))
		return CXJ_ENOMEM;
	format_path(L, where, sizeof where);
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof msg, "%s%s%s", where, where[0] ? ": " : "", what);
	w = &L->warn[L->nwarn];
	if (copy_pair(msg, object ? object : "", &w->message, &w->object))
		return CXJ_ENOMEM;
	w->line = line;
	w->column = col;
	L->nwarn++;
	return CXJ_OK;
}

/* An unknown key (the current event): an error, or under
 * CXJ_LOAD_UNKNOWN_KEYS_WARN a warning and its value skipped. */
static int unknown_key(loader *L, const char *object, const key_name *keys,
		       int nkeys)
{
	unsigned line = L->ev.line, col = L->ev.column;
	cxj__nearest near;
	char buf[CXJ__HINT_SIZE];
	const char *hint;
	int rc;
	/* the key meant, when one of the object's is near */
	cxj__nearest_init(&near, L->ev.value);
	for (int k = 0; k < nkeys; k++)
		cxj__nearest_offer(&near, keys[k].name, keys[k].len);
	hint = cxj__nearest_hint(&near, buf, sizeof buf);
	if (!(L->opts->flags & CXJ_LOAD_UNKNOWN_KEYS_WARN))
		return fail(L, "unknown key '%s'%s", L->ev.value, hint);
	if ((rc = add_warning(L, line, col, object, "unknown key '%s'%s",
			      L->ev.value, hint)))
		return rc;
	if ((rc = next(L)))
		return rc;
	return skip(L);
}

static int duplicate_key(loader *L, const char *key)
{
	return fail(L, "duplicate key '%s'", key);
}

/* Attributes, targets and persona references are checked against the
 * entries before them, so their count per object is bounded to keep a
 * load linear in the document. */
static int count_entry(loader *L, size_t *n)
{
	if (*n >= L->opts->max_entries)
		return fail_at(L, CXJ_ELIMIT, L->ev.line, L->ev.column,
			       "more than the limit of %zu entries",
			       L->opts->max_entries);
	(*n)++;
	return CXJ_OK;
}

/* ---- values ---- */

static int parse_number(loader *L, double *out)
{
	const char *s = L->ev.value;
	int rc = expect(L, CXJ__Y_SCALAR);
	if (rc)
		return rc;
	if (!L->ev.plain)
		return fail(L, "expected a number, found '%s'", s);
	switch (cxj__parse_decimal(s, L->ev.len, out)) {
	case CXJ__NUMBER_OK:
		return CXJ_OK;
	case CXJ__NUMBER_RANGE:
		return fail(L, "number '%s' is out of range", s);
	default:
		return fail(L, "expected a number, found '%s'", s);
	}
}

/* A count of answers: unquoted decimal digits, 0 to 2^64 - 1. */
static int parse_count(loader *L, uint64_t *out)
{
	const char *s = L->ev.value;
	uint64_t v = 0;
	int rc = expect(L, CXJ__Y_SCALAR);
	if (rc)
		return rc;
	if (!L->ev.plain || L->ev.len == 0 ||
	    strspn(s, "0123456789") != L->ev.len)
		return fail(L, "expected a count (0, 1, 2, ...), found '%s'",
			    s);
	for (size_t i = 0; i < L->ev.len; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return fail(L, "count %s is larger than %llu", s,
				    (unsigned long long)UINT64_MAX);
		v = v * 10 + d;
	}
	*out = v;
	return CXJ_OK;
}

static int parse_bool(loader *L, int *out)
{
	const char *s = L->ev.value;
	int rc = expect(L, CXJ__Y_SCALAR);
	if (rc)
		return rc;
	if (L->ev.plain && (!strcmp(s, "true") || !strcmp(s, "True") ||
			    !strcmp(s, "TRUE"))) {
		*out = 1;
		return CXJ_OK;
	}
	if (L->ev.plain && (!strcmp(s, "false") || !strcmp(s, "False") ||
			    !strcmp(s, "FALSE"))) {
		*out = 0;
		return CXJ_OK;
	}
	return fail(L, "expected true or false, found '%s'", s);
}

typedef int (*set_target_fn)(void *obj, const char *metric, double value);
typedef double (*get_target_fn)(const void *obj, const char *metric);

/* The target callbacks of a kind of object: its public calls. */
#define TARGET_CALLBACKS(kind)                                                 \
	static int set_##kind##_target(void *obj, const char *metric,          \
				       double value)                           \
	{                                                                      \
		return cxj_##kind##_set_target(obj, metric, value);            \
	}                                                                      \
	static double get_##kind##_target(const void *obj, const char *metric) \
	{                                                                      \
		return cxj_##kind##_target(obj, metric);                       \
	}

TARGET_CALLBACKS(journey)
TARGET_CALLBACKS(stage)

/* A touchpoint's targets go through the loader's path into the arena: the
 * two small blocks each took, long-lived among libyaml's short-lived ones,
 * made glibc consolidate its fast bins again and again (perf: 7% of a load
 * in malloc_consolidate, unlink_chunk and _int_malloc). */
static int load_touchpoint_target(void *obj, const char *metric, double value)
{
	return cxj__touchpoint_load_target(obj, metric, value);
}

static double get_touchpoint_target(const void *obj, const char *metric)
{
	return cxj_touchpoint_target(obj, metric);
}

/* targets: {metric: number, ...} */
static int parse_targets(loader *L, void *obj, set_target_fn set,
			 get_target_fn get)
{
	const char *key;
	size_t n = 0;
	int rc, empty;
	if ((rc = open_collection(L, CXJ__Y_MAP_START, &empty)) || empty)
		return rc;
	for (;;) {
		double v = 0;
		unsigned line, col;
		if ((rc = next_key(L, &key)) || !key)
			return rc;
		if ((rc = count_entry(L, &n)))
			return rc;
		if (!isnan(get(obj, key)))
			return duplicate_key(L, key);
		if ((rc = keep_key(L)) || (rc = next(L)))
			return rc;
		push_key(L, L->key);
		line = L->ev.line;
		col = L->ev.column;
		if ((rc = parse_number(L, &v)))
			return rc;
		if ((rc = set(obj, L->key, v)))
			return refused(L, rc, line, col);
		pop(L);
	}
}

typedef int (*set_attr_fn)(void *obj, const char *key, const char *value);
typedef const char *(*get_attr_fn)(const void *obj, const char *key);

/* The attribute callbacks of a kind of object: its public calls. */
#define ATTR_CALLBACKS(kind)                                                   \
	static int set_##kind##_attr(void *obj, const char *key,               \
				     const char *value)                        \
	{                                                                      \
		return cxj_##kind##_set_attr(obj, key, value);                 \
	}                                                                      \
	static const char *get_##kind##_attr(const void *obj, const char *key) \
	{                                                                      \
		return cxj_##kind##_attr(obj, key);                            \
	}

ATTR_CALLBACKS(persona)
ATTR_CALLBACKS(touchpoint)

/* attributes: {key: text, ...} */
static int parse_attributes(loader *L, void *obj, set_attr_fn set,
			    get_attr_fn get)
{
	const char *key, *value;
	size_t n = 0;
	int rc, empty;
	if ((rc = open_collection(L, CXJ__Y_MAP_START, &empty)) || empty)
		return rc;
	for (;;) {
		if ((rc = next_key(L, &key)) || !key)
			return rc;
		if ((rc = count_entry(L, &n)))
			return rc;
		if (get(obj, key))
			return duplicate_key(L, key);
		if ((rc = keep_key(L)) || (rc = next(L)))
			return rc;
		push_key(L, L->key);
		if ((rc = text(L, &value)))
			return rc;
		if ((rc = set(obj, L->key, value ? value : "")))
			return refused(L, rc, L->ev.line, L->ev.column);
		pop(L);
	}
}

/* Creates an object whose id is not known yet: its mapping did not start
 * with `id`. A unique placeholder (with U+FFFF, which no sane id holds)
 * stands in until the id key arrives. */
static void placeholder(loader *L, char *buf, size_t size)
{
	snprintf(buf, size, "\xEF\xBF\xBFpending-%lu", ++L->placeholders);
}

/* After this many objects of a large input, the journey's id map is sized
 * for the whole input from the bytes they took: one table, not a chain of
 * rehashes whose random writes into fresh memory cost more than the
 * inserts (the map of 200,000 touchpoints is 12 MB). */
#define PRESIZE_AFTER 4096

static void presize_ids(loader *L)
{
	size_t size = cxj__yreader_size(L->r), bytes = cxj__yreader_bytes(L->r);
	double expect;
	if (!L->journey || !size || !bytes || bytes >= size)
		return;
	expect = (double)L->objects * ((double)size / (double)bytes) * 1.1;
	if (expect > (double)L->opts->max_objects)
		expect = (double)L->opts->max_objects;
	if (expect > (double)L->objects &&
	    cxj__strmap_reserve(&L->journey->ids, (size_t)expect - L->objects))
		cxj_error_clear(); /* only a hint */
}

static int count_object(loader *L, unsigned line, unsigned col)
{
	if (L->objects >= L->opts->max_objects)
		return fail_at(L, CXJ_ELIMIT, line, col,
			       "more than the limit of %zu objects (personas, "
			       "stages and touchpoints)",
			       L->opts->max_objects);
	if (++L->objects == PRESIZE_AFTER)
		presize_ids(L);
	return CXJ_OK;
}

/* ---- objects ---- */

/* What the walk over an object's mapping needs to know of its kind; the
 * rest of the walk is the same for all. */
typedef struct object_type {
	const key_name *keys;
	int nkeys;
	int id_key;  /* -1: the object exists before its mapping is read */
	int counted; /* counts against max_objects */
	int claims_later; /* its id: see settle_ids */
	int (*add)(void *parent, const char *id, void **out);
	int (*set_id)(void *obj, const char *id);
	const char *(*id_of)(const void *obj);
	/* reads the value of keys[k], the current event */
	int (*value)(loader *L, void *obj, int k);
} object_type;

/* The walks (objects, sequences) are expanded where they are used, with
 * their type or item reader a constant: the callbacks become direct calls,
 * inlined on the hot path (a touchpoint's values and lists), so that a
 * large map loads as fast as with one parser written out per object
 * (callgrind). */
#if defined(__GNUC__) || defined(__clang__)
#define WALK_INLINE inline __attribute__((always_inline))
#else
#define WALK_INLINE inline
#endif

/* The walk's set_id and id_of for a kind of object: its public calls. */
#define ID_CALLBACKS(kind)                                                     \
	static int set_##kind##_id(void *obj, const char *id)                  \
	{                                                                      \
		return cxj_##kind##_set_id(obj, id);                           \
	}                                                                      \
	static const char *kind##_id(const void *obj)                          \
	{                                                                      \
		return cxj_##kind##_id(obj);                                   \
	}

/* The same with add_<kind>, where add is the public call that adds the
 * object o to parent under id. */
#define OBJECT_CALLBACKS(kind, add)                                            \
	static int add_##kind(void *parent, const char *id, void **out)        \
	{                                                                      \
		cxj_##kind *o;                                                 \
		int rc = add;                                                  \
		if (!rc)                                                       \
			*out = o;                                              \
		return rc;                                                     \
	}                                                                      \
	ID_CALLBACKS(kind)

/* Touchpoints claim their ids in batches of UNCLAIMED, in document order,
 * with the slot of the claim UNCLAIMED_AHEAD places on loaded meanwhile:
 * in the map of every id of a large journey each claim is a cache and TLB
 * miss, which one at a time cost a 200,000-touchpoint load 45 ms. The
 * batch is settled before anything else takes or changes an id, and
 * before an error is reported: a taken id is reported where it was read,
 * as if it had been claimed there. */
#define UNCLAIMED 128
#define UNCLAIMED_AHEAD 8

/* An id taken already, reported at (line, col) with where the object that
 * holds it was read. */
static int duplicate_id(loader *L, unsigned line, unsigned col, const char *id)
{
	const cxj__object *first = cxj__ids_holder(L->journey, id);
	if (first && first->line)
		return fail_at(L, CXJ_EPARSE, line, col,
			       "duplicate id '%s' (first at line %u, column "
			       "%u)",
			       id, first->line, first->column);
	return fail_at(L, CXJ_EPARSE, line, col, "duplicate id '%s'", id);
}

static void set_position(void *obj, unsigned line, unsigned col)
{
	((cxj__object *)obj)->line = line;
	((cxj__object *)obj)->column = col;
}

static int settle_ids(loader *L)
{
	seg here[PATH_MAX_SEGS];
	size_t nhere = L->npath, n = L->nunclaimed;
	unclaimed *u = L->unclaimed;
	int rc = CXJ_OK;
	L->nunclaimed = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + UNCLAIMED_AHEAD < n)
			cxj__ids_prefetch(L->journey,
						 u[i + UNCLAIMED_AHEAD].hash);
		if ((rc = cxj__ids_claim_loaded(u[i].tp, u[i].hash)) !=
		    CXJ_EEXIST)
			continue;
		memcpy(here, L->path, sizeof here);
		memcpy(L->path, u[i].path, sizeof here);
		L->npath = u[i].npath;
		rc = duplicate_id(L, u[i].line, u[i].column,
				  cxj_touchpoint_id(u[i].tp));
		memcpy(L->path, here, sizeof here);
		L->npath = nhere;
		return rc;
	}
	return rc;
}

/* Keeps tp, just made under id, for the next settle_ids. */
static int leave_unclaimed(loader *L, cxj_touchpoint *tp, const char *id,
			   unsigned line, unsigned col)
{
	size_t n = L->npath < PATH_MAX_SEGS ? L->npath : PATH_MAX_SEGS;
	unclaimed *u;
	int rc;
	if (!L->unclaimed &&
	    !(L->unclaimed = cxj__malloc(UNCLAIMED * sizeof *L->unclaimed)))
		return cxj__nomem();
	u = &L->unclaimed[L->nunclaimed++];
	u->tp = tp;
	u->hash = cxj__ids_hash(L->journey, id);
	u->line = line;
	u->column = col;
	memcpy(u->path, L->path, n * sizeof *L->path);
	u->npath = L->npath;
	if (L->nunclaimed == UNCLAIMED && (rc = settle_ids(L)))
		return rc;
	return CXJ_OK;
}

/* Adds an object under the id read at (line, col); an id taken already is
 * a parse error there. */
static int create_object(loader *L, const object_type *type, void *parent,
			 const char *id, unsigned line, unsigned col,
			 void **out)
{
	int rc;
	if (!type->claims_later && (rc = settle_ids(L)))
		return rc;
	if (type->counted && (rc = count_object(L, line, col)))
		return rc;
	rc = type->add(parent, id, out);
	if (rc == CXJ_EEXIST)
		return duplicate_id(L, line, col, id);
	if (rc)
		return refused(L, rc, line, col);
	set_position(*out, line, col);
	if (type->claims_later)
		return leave_unclaimed(L, *out, id, line, col);
	return CXJ_OK;
}

/* The value of the id key: creates the object, or gives the one created
 * under a placeholder its real id. */
static WALK_INLINE int object_id(loader *L, const object_type *type,
				 void *parent, void **obj)
{
	const char *s;
	int rc = text(L, &s);
	if (rc)
		return rc;
	if (!*obj)
		return create_object(L, type, parent, s ? s : "", L->ev.line,
				     L->ev.column, obj);
	if ((rc = settle_ids(L)))
		return rc;
	if ((rc = type->set_id(*obj, s))) {
		if (rc == CXJ_EEXIST)
			return duplicate_id(L, L->ev.line, L->ev.column, s);
		return refused(L, rc, L->ev.line, L->ev.column);
	}
	set_position(*obj, L->ev.line, L->ev.column);
	return CXJ_OK;
}

/* Reads the keys of an object's mapping, whose start was at (line, col),
 * up to its end. seen holds the keys read before. obj is NULL until the
 * object is created: by its id key, or under a placeholder id when another
 * key comes first. */
static WALK_INLINE int parse_object(loader *L, const object_type *type,
				    void *parent, void *obj, unsigned seen,
				    unsigned line, unsigned col)
{
	int hint = -1;
	const char *key;
	int rc, k;
	char tmp[64];
	for (;;) {
		if ((rc = next_key(L, &key)))
			return rc;
		if (!key)
			break;
		k = lookup_next(type->keys, type->nkeys, key, L->ev.len, &hint);
		if (k < 0) {
			if ((rc = unknown_key(L, obj ? type->id_of(obj) : "",
					      type->keys, type->nkeys)))
				return rc;
			continue;
		}
		if (seen & (1u << k))
			return duplicate_key(L, key);
		seen |= 1u << k;
		/* an object whose mapping does not start with its id */
		if (!obj && k != type->id_key) {
			placeholder(L, tmp, sizeof tmp);
			if ((rc = create_object(L, type, parent, tmp, line, col,
						&obj)))
				return rc;
		}
		if ((rc = next(L)))
			return rc;
		push_key(L, type->keys[k].name);
		if (k == type->id_key)
			rc = object_id(L, type, parent, &obj);
		else
			rc = type->value(L, obj, k);
		if (rc)
			return rc;
		pop(L);
	}
	if (type->id_key >= 0 && !(seen & (1u << type->id_key)))
		return fail_at(L, CXJ_EPARSE, line, col, "missing key 'id'");
	return CXJ_OK;
}

/* [item, ...], or null for none: item reads each element, the current
 * event, with its index on the path. */
static WALK_INLINE int parse_sequence(loader *L,
				      int (*item)(loader *L, void *ctx),
				      void *ctx)
{
	int rc, empty;
	size_t i = 0;
	if ((rc = open_collection(L, CXJ__Y_SEQ_START, &empty)) || empty)
		return rc;
	for (;; i++) {
		if ((rc = next(L)))
			return rc;
		if (L->ev.type == CXJ__Y_SEQ_END)
			return CXJ_OK;
		push_index(L, i);
		if ((rc = item(L, ctx)))
			return rc;
		pop(L);
	}
}

typedef struct objects {
	const object_type *type;
	void *parent;
} objects;

static WALK_INLINE int object_item(loader *L, void *ctx)
{
	const objects *o = ctx;
	int rc = expect(L, CXJ__Y_MAP_START);
	if (rc)
		return rc;
	return parse_object(L, o->type, o->parent, NULL, 0, L->ev.line,
			    L->ev.column);
}

/* [{object}, ...] */
static WALK_INLINE int parse_objects(loader *L, const object_type *type,
				     void *parent)
{
	objects o = {type, parent};
	return parse_sequence(L, object_item, &o);
}

/* ---- stored metrics ---- */

/* A metric's keys may come in any order, and what each must hold depends
 * on the kind: the values are kept as read, with where they were read,
 * and checked at the end of the mapping. */
static const key_name metric_keys[] = {
	KEY("kind"),	KEY("unit"),	     KEY("answers"),
	KEY("weights"), KEY("count"),	     KEY("min"),
	KEY("max"),	KEY("weight-sum"),   KEY("squared-weights"),
	KEY("shift"),	KEY("shifted-mean"), KEY("squared-deviations")};
enum {
	MK_KIND,
	MK_UNIT,
	MK_ANSWERS,
	MK_WEIGHTS,
	MK_COUNT,
	MK_MIN,
	MK_MAX,
	MK_WEIGHT_SUM,
	MK_SQUARED_WEIGHTS,
	MK_SHIFT,
	MK_SHIFTED_MEAN,
	MK_SQUARED_DEVIATIONS,
	MK_KEYS
};

#define MK(k) (1u << (k))
/* the keys of the survey kinds and of a KPI */
#define MK_SURVEY                                                              \
	(MK(MK_KIND) | MK(MK_ANSWERS) | MK(MK_WEIGHTS) | MK(MK_SQUARED_WEIGHTS))
#define MK_KPI ((MK(MK_KEYS) - 1) & ~(MK(MK_ANSWERS) | MK(MK_WEIGHTS)))
/* what a KPI with answers must give */
#define MK_MOMENTS                                                             \
	(MK(MK_MIN) | MK(MK_MAX) | MK(MK_SHIFT) | MK(MK_SHIFTED_MEAN) |        \
	 MK(MK_SQUARED_DEVIATIONS))

typedef struct position {
	unsigned line, column;
} position;

typedef struct metric_read {
	const char *owner; /* the object's id, for warnings */
	position start;	   /* of the metric's mapping */
	cxj_metric_kind kind;
	unsigned seen; /* MK() of the keys read */
	position at[MK_KEYS];
	uint64_t count;
	double number[MK_KEYS]; /* the values of the number keys */
	int has_unit;		/* the unit is in the loader's buffer */
	/* the per-point lists, as far as a scale goes; their lengths */
	uint64_t answers[CXJ__POINTS];
	double weights[CXJ__POINTS];
	position weight_at[CXJ__POINTS];
	size_t nanswers, nweights;
} metric_read;

/* A parse error at the value of key k of the metric (at its item index
 * when index >= 0), or at the metric itself when that key was left out
 * and the value was implied. */
static int metric_fail(loader *L, const metric_read *r, int k, int index,
		       const char *fmt, ...) CXJ__PRINTF(5, 6);
static int metric_fail(loader *L, const metric_read *r, int k, int index,
		       const char *fmt, ...)
{
	position at = r->start;
	size_t depth = L->npath;
	va_list ap;
	if (r->seen & MK(k)) {
		push_key(L, metric_keys[k].name);
		at = r->at[k];
		if (index >= 0) {
			push_index(L, (size_t)index);
			at = r->weight_at[index];
		}
	}
	va_start(ap, fmt);
	failv(L, CXJ_EPARSE, at.line, at.column, fmt, ap);
	va_end(ap);
	L->npath = depth;
	return CXJ_EPARSE;
}

static int parse_metric_kind(loader *L, cxj_metric_kind *kind)
{
	const char *s;
	int rc = text(L, &s);
	if (rc)
		return rc;
	for (int k = CXJ_CSAT; k <= CXJ_KPI; k++)
		if (s &&
		    strcmp(s, cxj_metric_kind_name((cxj_metric_kind)k)) == 0) {
			*kind = (cxj_metric_kind)k;
			return CXJ_OK;
		}
	return fail(L, "kind must be csat, nps, ces or kpi, not '%s'",
		    L->ev.value);
}

static WALK_INLINE int answer_item(loader *L, void *ctx)
{
	metric_read *r = ctx;
	uint64_t c;
	int rc = parse_count(L, &c);
	if (rc)
		return rc;
	if (r->nanswers < CXJ__POINTS)
		r->answers[r->nanswers] = c;
	r->nanswers++;
	return CXJ_OK;
}

static WALK_INLINE int weight_item(loader *L, void *ctx)
{
	metric_read *r = ctx;
	double w;
	int rc = parse_number(L, &w);
	if (rc)
		return rc;
	if (r->nweights < CXJ__POINTS) {
		r->weights[r->nweights] = w;
		r->weight_at[r->nweights].line = L->ev.line;
		r->weight_at[r->nweights].column = L->ev.column;
	}
	r->nweights++;
	return CXJ_OK;
}

/* The unit goes into the loader's buffer until the metric is made. */
static int keep_unit(loader *L, metric_read *r)
{
	const char *s;
	int rc = text(L, &s);
	if (rc || !s || !*s)
		return rc;
	if (cxj__reserve((void **)&L->unit, &L->unitcap, L->ev.len + 1, 1))
		return CXJ_ENOMEM;
	memcpy(L->unit, s, L->ev.len + 1);
	r->has_unit = 1;
	return CXJ_OK;
}

static int metric_value(loader *L, void *obj, int k)
{
	metric_read *r = obj;
	int rc;
	r->seen |= MK(k);
	r->at[k].line = L->ev.line;
	r->at[k].column = L->ev.column;
	switch (k) {
	case MK_KIND:
		if ((rc = parse_metric_kind(L, &r->kind)))
			return rc;
		/* the metric's name is L->key: nothing below keeps a key */
		return stored(L, cxj__metrics_check(L->key, r->kind));
	case MK_UNIT:
		return keep_unit(L, r);
	case MK_ANSWERS:
		return parse_sequence(L, answer_item, r);
	case MK_WEIGHTS:
		return parse_sequence(L, weight_item, r);
	case MK_COUNT:
		return parse_count(L, &r->count);
	default:
		return parse_number(L, &r->number[k]);
	}
}

static const char *metric_owner(const void *r)
{
	return ((const metric_read *)r)->owner;
}

static const object_type metric_type = {
	metric_keys, MK_KEYS, -1, 0, 0, NULL, NULL, metric_owner, metric_value};

/* The keys the kind takes, those it needs, weights with their squares,
 * one count or weight per scale point. */
static int check_metric_keys(loader *L, const metric_read *r)
{
	int kpi = r->kind == CXJ_KPI, lo, hi;
	int sums = kpi ? MK_WEIGHT_SUM : MK_WEIGHTS;
	unsigned takes = kpi ? MK_KPI : MK_SURVEY;
	unsigned need =
	    kpi ? MK(MK_COUNT) | (r->count ? MK_MOMENTS : 0) : MK(MK_ANSWERS);
	size_t points;
	if (!(r->seen & MK(MK_KIND)))
		return fail_at(L, CXJ_EPARSE, r->start.line, r->start.column,
			       "missing key 'kind'");
	for (int k = 0; k < MK_KEYS; k++) {
		if (r->seen & ~takes & MK(k))
			return metric_fail(L, r, k, -1, "a %s metric has no %s",
					   cxj_metric_kind_name(r->kind),
					   metric_keys[k].name);
		if ((need & MK(k)) && !(r->seen & MK(k)))
			return fail_at(L, CXJ_EPARSE, r->start.line,
				       r->start.column, "missing key '%s'",
				       metric_keys[k].name);
	}
	if (!(r->seen & MK(sums)) != !(r->seen & MK(MK_SQUARED_WEIGHTS))) {
		int given = r->seen & MK(sums) ? sums : MK_SQUARED_WEIGHTS;
		int other = given == sums ? MK_SQUARED_WEIGHTS : sums;
		return metric_fail(L, r, given, -1, "%s without %s",
				   metric_keys[given].name,
				   metric_keys[other].name);
	}
	if (kpi)
		return CXJ_OK;
	cxj_metric_kind_scale(r->kind, &lo, &hi);
	points = (size_t)(hi - lo + 1);
	if (r->nanswers != points)
		return metric_fail(L, r, MK_ANSWERS, -1,
				   "expected %zu counts, found %zu", points,
				   r->nanswers);
	if ((r->seen & MK(MK_WEIGHTS)) && r->nweights != points)
		return metric_fail(L, r, MK_WEIGHTS, -1,
				   "expected %zu weights, found %zu", points,
				   r->nweights);
	return CXJ_OK;
}

/* The state the keys give: left out, the weights are those of unweighted
 * answers (each point's count, the count) and the moments those of an
 * empty KPI, which is how they are written. */
static void fill_metric(const metric_read *r, cxj_metric *m)
{
	/* the number keys and the fields they set */
	static const int keys[] = {MK_MIN, MK_MAX, MK_WEIGHT_SUM,
				   MK_SQUARED_WEIGHTS, MK_SHIFT,
				   MK_SHIFTED_MEAN, MK_SQUARED_DEVIATIONS};
	double *fields[] = {&m->min, &m->max, &m->wsum, &m->wsum2,
			    &m->shift, &m->mean, &m->m2};
	cxj__metric_init(m, r->kind);
	if (r->kind == CXJ_KPI) {
		m->count = r->count;
		m->wsum = (double)m->count;
	} else {
		for (size_t i = 0; i < r->nanswers; i++) {
			/* a sum that wraps is refused as an overflow */
			m->count += r->answers[i];
			m->hist[m->lo + (int)i] = r->answers[i];
			m->hist_w[m->lo + (int)i] = r->seen & MK(MK_WEIGHTS)
							? r->weights[i]
							: (double)r->answers[i];
		}
	}
	m->wsum2 = (double)m->count;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (r->seen & MK(keys[i]))
			*fields[i] = r->number[keys[i]];
}

/* The key that holds a part of the state. */
static int part_key(cxj__state_part part)
{
	switch (part) {
	case CXJ__STATE_SQUARED_WEIGHTS:
		return MK_SQUARED_WEIGHTS;
	case CXJ__STATE_POINT_COUNTS:
		return MK_ANSWERS;
	case CXJ__STATE_POINT_WEIGHT:
		return MK_WEIGHTS;
	case CXJ__STATE_WEIGHT_SUM:
		return MK_WEIGHT_SUM;
	case CXJ__STATE_SHIFT:
		return MK_SHIFT;
	case CXJ__STATE_MEAN:
		return MK_SHIFTED_MEAN;
	case CXJ__STATE_M2:
		return MK_SQUARED_DEVIATIONS;
	case CXJ__STATE_MIN:
		return MK_MIN;
	default:
		return MK_MAX;
	}
}

/* Makes the metric read and stores it under the name in L->key: the
 * checks of cxj_metric_state_load, reported at the node at fault. */
static int store_metric(loader *L, const metric_read *r, cxj__metrics *ms)
{
	cxj__state_fault fault;
	cxj_metric m;
	int rc;
	if ((rc = check_metric_keys(L, r)))
		return rc;
	fill_metric(r, &m);
	if (cxj__metric_check_state(&m, &fault))
		return metric_fail(L, r, part_key(fault.part),
				   fault.part == CXJ__STATE_POINT_WEIGHT
				       ? fault.point - m.lo
				       : -1,
				   "%s", fault.why);
	if (r->has_unit && (rc = cxj_metric_set_unit(&m, L->unit))) {
		char msg[512];
		if (rc == CXJ_ENOMEM)
			return rc;
		snprintf(msg, sizeof msg, "%s", cxj_error_last()->message);
		return metric_fail(L, r, MK_UNIT, -1, "%s", msg);
	}
	rc = cxj__metrics_set(ms, L->key, &m);
	cxj__free(m.unit);
	return rc ? refused(L, rc, r->start.line, r->start.column) : CXJ_OK;
}

/* metrics: {name: {kind: ..., ...}, ...} into the store ms of the object
 * whose id is owner. */
static int parse_metrics(loader *L, cxj__metrics *ms, const char *owner)
{
	const char *key;
	size_t n = 0;
	int rc, empty;
	if ((rc = open_collection(L, CXJ__Y_MAP_START, &empty)) || empty)
		return rc;
	for (;;) {
		metric_read r;
		if ((rc = next_key(L, &key)) || !key)
			return rc;
		if ((rc = count_entry(L, &n)))
			return rc;
		if (cxj__metrics_has(ms, key))
			return duplicate_key(L, key);
		if ((rc = stored(L, cxj__metrics_check(key, 0))) ||
		    (rc = keep_key(L)) || (rc = next(L)))
			return rc;
		push_key(L, L->key);
		if ((rc = expect(L, CXJ__Y_MAP_START)))
			return rc;
		memset(&r, 0, sizeof r);
		r.owner = owner;
		r.start.line = L->ev.line;
		r.start.column = L->ev.column;
		if ((rc = parse_object(L, &metric_type, NULL, &r, 0,
				       r.start.line, r.start.column)) ||
		    (rc = store_metric(L, &r, ms)))
			return rc;
		pop(L);
	}
}

/* ---- personas ---- */

static const key_name persona_keys[] = {KEY("id"), KEY("kind"), KEY("name"),
					KEY("description"), KEY("attributes")};
enum { P_ID, P_KIND, P_NAME, P_DESCRIPTION, P_ATTRIBUTES };

static int parse_kind(loader *L, cxj_persona_kind *kind)
{
	const char *s;
	int rc = text(L, &s);
	if (rc)
		return rc;
	if (s && strcmp(s, "customer") == 0)
		*kind = CXJ_PERSONA_CUSTOMER;
	else if (s && strcmp(s, "front-office") == 0)
		*kind = CXJ_PERSONA_FRONT_OFFICE;
	else if (s && strcmp(s, "back-office") == 0)
		*kind = CXJ_PERSONA_BACK_OFFICE;
	else
		return fail(L, "kind must be customer, front-office or "
			       "back-office, not '%s'",
			    L->ev.value);
	return CXJ_OK;
}

static int persona_value(loader *L, void *obj, int k)
{
	cxj_persona *p = obj;
	cxj_persona_kind kind = CXJ_PERSONA_CUSTOMER;
	const char *s;
	int rc;
	switch (k) {
	case P_KIND:
		if ((rc = parse_kind(L, &kind)))
			return rc;
		rc = cxj_persona_set_kind(p, kind);
		break;
	case P_NAME:
	case P_DESCRIPTION:
		if ((rc = text(L, &s)))
			return rc;
		rc = k == P_NAME ? cxj_persona_set_name(p, s)
				 : cxj_persona_set_description(p, s);
		break;
	case P_ATTRIBUTES:
		return parse_attributes(L, p, set_persona_attr,
					get_persona_attr);
	default: return CXJ_OK;
	}
	return stored(L, rc);
}

/* a persona is added as a customer until its kind is read */
OBJECT_CALLBACKS(persona, cxj_journey_add_persona(parent, id,
						  CXJ_PERSONA_CUSTOMER, &o))

static const object_type persona_type = {
	persona_keys, NKEYS(persona_keys), P_ID, 1, 0,
	add_persona, set_persona_id, persona_id, persona_value};

static int parse_personas(loader *L)
{
	L->personas_read = 1;
	return parse_objects(L, &persona_type, L->journey);
}

/* ---- touchpoints ---- */

static const key_name touchpoint_keys[] = {
	KEY("id"),	    KEY("name"),	     KEY("description"),
	KEY("activity"),    KEY("steps"),	     KEY("customers"),
	KEY("channel"),	    KEY("front-office"),     KEY("back-office"),
	KEY("back-end-process"), KEY("systems"),     KEY("think-feel"),
	KEY("pain-points"), KEY("moment-of-truth"),  KEY("experience"),
	KEY("opportunities"), KEY("attributes"),     KEY("targets"),
	KEY("metrics")};
enum {
	T_ID,
	T_NAME,
	T_DESCRIPTION,
	T_ACTIVITY,
	T_STEPS,
	T_CUSTOMERS,
	T_CHANNEL,
	T_FRONT_OFFICE,
	T_BACK_OFFICE,
	T_BACK_END_PROCESS,
	T_SYSTEMS,
	T_THINK_FEEL,
	T_PAIN_POINTS,
	T_MOMENT_OF_TRUTH,
	T_EXPERIENCE,
	T_OPPORTUNITIES,
	T_ATTRIBUTES,
	T_TARGETS,
	T_METRICS,
	T_COUNT
};

static const char *kind_label(cxj_persona_kind kind)
{
	switch (kind) {
	case CXJ_PERSONA_CUSTOMER: return "customer";
	case CXJ_PERSONA_FRONT_OFFICE: return "front-office";
	default: return "back-office";
	}
}

/* The persona of a reference, or NULL; CXJ_ENOMEM when the cache cannot
 * grow. */
static int find_persona(loader *L, const char *id, cxj_persona **out)
{
	cxj_persona *p = cxj__strmap_get(&L->persona_cache, id);
	if (!p) {
		p = cxj__ids_lookup(L->journey, id, CXJ__PERSONA);
		if (p && cxj__strmap_put(&L->persona_cache, cxj_persona_id(p),
					 p))
			return CXJ_ENOMEM;
	}
	*out = p;
	return CXJ_OK;
}

/* A reference to the persona p found for id (NULL: none) of a list of
 * kind, read at (line, col). */
static int check_persona(loader *L, const cxj_persona *p, const char *id,
			 cxj_persona_kind kind, unsigned line, unsigned col)
{
	if (!p)
		return fail_at(L, CXJ_EPARSE, line, col, "unknown persona '%s'",
			       id);
	if (cxj_persona_kind_of(p) != kind)
		return fail_at(L, CXJ_EPARSE, line, col,
			       "persona '%s' is %s, not %s", id,
			       kind_label(cxj_persona_kind_of(p)),
			       kind_label(kind));
	return CXJ_OK;
}

/* Keeps a reference for the end of the document, with its path. */
static int defer(loader *L, cxj_touchpoint *t, const char *id,
		 cxj_persona_kind kind)
{
	char where[256];
	pending *x;
	if (cxj__reserve((void **)&L->pend, &L->cappend, L->npend + 1,
			 sizeof *L->pend))
		return CXJ_ENOMEM;
	format_path(L, where, sizeof where);
	x = &L->pend[L->npend];
	if (copy_pair(id, where, &x->id, &x->path))
		return CXJ_ENOMEM;
	x->touchpoint = t;
	x->kind = kind;
	x->line = L->ev.line;
	x->column = L->ev.column;
	L->npend++;
	return CXJ_OK;
}

/* A list of persona references, counted against the entry limit. */
typedef struct references {
	cxj_touchpoint *t;
	cxj_persona_kind kind;
	size_t n;
} references;

/* Keeps one more entry of the list being read. */
static int keep_listed(loader *L, void *entry)
{
	if (cxj__reserve((void **)&L->list, &L->caplist, L->nlist + 1,
			 sizeof *L->list))
		return CXJ_ENOMEM;
	L->list[L->nlist++] = entry;
	return CXJ_OK;
}

static WALK_INLINE int reference_item(loader *L, void *ctx)
{
	references *r = ctx;
	const char *id;
	cxj_persona *p;
	int rc;
	if ((rc = count_entry(L, &r->n)) || (rc = text(L, &id)))
		return rc;
	if (!id)
		return fail(L, "expected a persona id, found null");
	if (!L->personas_read)
		return defer(L, r->t, id, r->kind);
	if ((rc = find_persona(L, id, &p)) ||
	    (rc = check_persona(L, p, id, r->kind, L->ev.line, L->ev.column)))
		return rc;
	if ((rc = cxj__touchpoint_check_refer(r->t, L->list,
					      L->nlist, p)))
		return refused(L, rc, L->ev.line, L->ev.column);
	return keep_listed(L, p);
}

static int parse_references(loader *L, cxj_touchpoint *t,
			    cxj_persona_kind kind)
{
	references r = {t, kind, 0};
	int rc;
	L->nlist = 0;
	if ((rc = parse_sequence(L, reference_item, &r)))
		return rc;
	return cxj__touchpoint_load_personas(t, kind, L->list,
					     L->nlist);
}

typedef struct item_list {
	cxj_touchpoint *t;
	cxj_list list;
} item_list;

static WALK_INLINE int list_item(loader *L, void *ctx)
{
	const item_list *it = ctx;
	const char *s;
	char *copy;
	int rc = text(L, &s);
	if (rc)
		return rc;
	if ((rc = cxj__touchpoint_copy_item(it->t, it->list, s ? s : "",
					    s ? L->ev.len : 0, &copy)))
		return refused(L, rc, L->ev.line, L->ev.column);
	return keep_listed(L, copy);
}

static int parse_items(loader *L, cxj_touchpoint *t, cxj_list list)
{
	item_list it = {t, list};
	int rc;
	L->nlist = 0;
	if ((rc = parse_sequence(L, list_item, &it)))
		return rc;
	return cxj__touchpoint_load_items(t, list, L->list, L->nlist);
}

static int parse_experience(loader *L, cxj_touchpoint *t)
{
	static const key_name names[] = {KEY("unknown"), KEY("negative"),
					 KEY("neutral"), KEY("positive")};
	const char *s;
	int rc = text(L, &s), k;
	if (rc)
		return rc;
	k = s ? lookup(names, 4, s, L->ev.len) : -1;
	if (k < 0)
		return fail(L, "experience must be unknown, negative, neutral "
			       "or positive, not '%s'",
			    L->ev.value);
	return stored(L, cxj_touchpoint_set_experience(t, (cxj_experience)k));
}

/* The mapping form of moment-of-truth: the flag is kept until its end. */
typedef struct moment {
	cxj_touchpoint *t;
	int flag;
} moment;

static const key_name moment_keys[] = {KEY("promise"), KEY("flag")};
enum { M_PROMISE, M_FLAG };

static int moment_value(loader *L, void *obj, int k)
{
	moment *m = obj;
	const char *s;
	int rc;
	if (k == M_FLAG)
		return parse_bool(L, &m->flag);
	if ((rc = text(L, &s)))
		return rc;
	return stored(L, cxj__touchpoint_load_text(m->t, CXJ__TP_PROMISE, s,
						   L->ev.len));
}

static const char *moment_id(const void *m)
{
	return cxj_touchpoint_id(((const moment *)m)->t);
}

static const object_type moment_type = {
	moment_keys, NKEYS(moment_keys), -1, 0, 0, NULL, NULL, moment_id,
	moment_value};

/* moment-of-truth: true | false | {promise: text, flag: bool} */
static int parse_moment(loader *L, cxj_touchpoint *t)
{
	moment m = {t, 1};
	int rc;
	if (L->ev.type == CXJ__Y_SCALAR) {
		if ((rc = parse_bool(L, &m.flag)))
			return rc;
	} else if (L->ev.type != CXJ__Y_MAP_START) {
		return fail(L, "expected true, false or a mapping, found %s",
			    kind_name(L->ev.type));
	} else if ((rc = parse_object(L, &moment_type, NULL, &m, 0,
				      L->ev.line, L->ev.column))) {
		return rc;
	}
	return stored(L, cxj_touchpoint_set_moment_of_truth(t, m.flag));
}

/* The text field of a touchpoint key, or -1. */
static int touchpoint_text_field(int k)
{
	switch (k) {
	case T_NAME: return CXJ__TP_NAME;
	case T_DESCRIPTION: return CXJ__TP_DESCRIPTION;
	case T_ACTIVITY: return CXJ__TP_ACTIVITY;
	case T_CHANNEL: return CXJ__TP_CHANNEL;
	case T_BACK_END_PROCESS: return CXJ__TP_BACK_END_PROCESS;
	case T_THINK_FEEL: return CXJ__TP_THINK_FEEL;
	default: return -1;
	}
}

static WALK_INLINE int touchpoint_value(loader *L, void *obj, int k)
{
	cxj_touchpoint *t = obj;
	int field = touchpoint_text_field(k);
	const char *s;
	int rc;
	if (field >= 0) {
		if ((rc = text(L, &s)))
			return rc;
		return stored(L, cxj__touchpoint_load_text(
					 t, (cxj__tp_text)field, s, L->ev.len));
	}
	switch (k) {
	case T_STEPS: return parse_items(L, t, CXJ_LIST_STEPS);
	case T_SYSTEMS: return parse_items(L, t, CXJ_LIST_SYSTEMS);
	case T_PAIN_POINTS: return parse_items(L, t, CXJ_LIST_PAIN_POINTS);
	case T_OPPORTUNITIES: return parse_items(L, t, CXJ_LIST_OPPORTUNITIES);
	case T_CUSTOMERS:
		return parse_references(L, t, CXJ_PERSONA_CUSTOMER);
	case T_FRONT_OFFICE:
		return parse_references(L, t, CXJ_PERSONA_FRONT_OFFICE);
	case T_BACK_OFFICE:
		return parse_references(L, t, CXJ_PERSONA_BACK_OFFICE);
	case T_MOMENT_OF_TRUTH: return parse_moment(L, t);
	case T_EXPERIENCE: return parse_experience(L, t);
	case T_ATTRIBUTES:
		return parse_attributes(L, t, set_touchpoint_attr,
					get_touchpoint_attr);
	case T_TARGETS:
		return parse_targets(L, t, load_touchpoint_target,
				     get_touchpoint_target);
	case T_METRICS:
		return parse_metrics(L, &t->metrics, cxj_touchpoint_id(t));
	default: return CXJ_OK;
	}
}

/* through the loader's path into the model (the arena) */
OBJECT_CALLBACKS(touchpoint, cxj__stage_load_touchpoint(parent, id, &o))

static const object_type touchpoint_type = {
	touchpoint_keys, T_COUNT, T_ID, 1, 1,
	add_touchpoint, set_touchpoint_id, touchpoint_id, touchpoint_value};

/* ---- stages ---- */

static const key_name stage_keys[] = {
	KEY("id"),	KEY("name"),	KEY("description"),
	KEY("targets"), KEY("metrics"), KEY("touchpoints")};
enum { S_ID, S_NAME, S_DESCRIPTION, S_TARGETS, S_METRICS, S_TOUCHPOINTS };

static int stage_value(loader *L, void *obj, int k)
{
	cxj_stage *st = obj;
	const char *s;
	int rc;
	switch (k) {
	case S_NAME:
	case S_DESCRIPTION:
		if ((rc = text(L, &s)))
			return rc;
		return stored(L, k == S_NAME ? cxj_stage_set_name(st, s)
					     : cxj_stage_set_description(st, s));
	case S_TARGETS:
		return parse_targets(L, st, set_stage_target, get_stage_target);
	case S_TOUCHPOINTS: return parse_objects(L, &touchpoint_type, st);
	case S_METRICS:
		return parse_metrics(L, &st->metrics, cxj_stage_id(st));
	default: return CXJ_OK;
	}
}

OBJECT_CALLBACKS(stage, cxj_journey_add_stage(parent, id, &o))

static const object_type stage_type = {
	stage_keys, NKEYS(stage_keys), S_ID, 1, 0,
	add_stage, set_stage_id, stage_id, stage_value};

/* ---- the journey ---- */

static const key_name journey_keys[] = {
	KEY("cxjourney"), KEY("id"),	  KEY("name"),	   KEY("description"),
	KEY("targets"),	  KEY("metrics"), KEY("personas"), KEY("stages")};
enum {
	J_VERSION,
	J_ID,
	J_NAME,
	J_DESCRIPTION,
	J_TARGETS,
	J_METRICS,
	J_PERSONAS,
	J_STAGES
};

static int parse_version(loader *L)
{
	const char *s = L->ev.value;
	unsigned long major;
	char *end;
	int rc = expect(L, CXJ__Y_SCALAR);
	if (rc)
		return rc;
	errno = 0;
	major = strtoul(s, &end, 10);
	if (!L->ev.plain || !isdigit((unsigned char)s[0]) || errno ||
	    major == 0 ||
	    (*end && !(end[0] == '.' && isdigit((unsigned char)end[1]) &&
		       strspn(end + 1, "0123456789") == strlen(end + 1))))
		return fail(L, "format version must be a number such as 1, "
			       "not '%s'",
			    s);
	if (major > CXJ_FORMAT_VERSION)
		return fail(L, "format version %s is newer than this library "
			       "reads (%d): upgrade libcxjourney",
			    s, CXJ_FORMAT_VERSION);
	return CXJ_OK;
}

static int journey_value(loader *L, void *obj, int k)
{
	const char *s;
	int rc;
	switch (k) {
	case J_NAME:
	case J_DESCRIPTION:
		if ((rc = text(L, &s)))
			return rc;
		return stored(L, k == J_NAME
					 ? cxj_journey_set_name(obj, s)
					 : cxj_journey_set_description(obj, s));
	case J_TARGETS:
		return parse_targets(L, obj, set_journey_target,
				     get_journey_target);
	case J_METRICS:
		return parse_metrics(L, &((cxj_journey *)obj)->metrics,
				     cxj_journey_id(obj));
	case J_PERSONAS: return parse_personas(L);
	case J_STAGES: return parse_objects(L, &stage_type, obj);
	default: return CXJ_OK;
	}
}

/* The journey has no parent: it is created into the slot given. */
static int add_journey(void *slot, const char *id, void **out)
{
	cxj_journey **j = slot;
	int rc = cxj_journey_new(id, j);
	if (!rc)
		*out = *j;
	return rc;
}

ID_CALLBACKS(journey)

static const object_type journey_type = {
	journey_keys, NKEYS(journey_keys), J_ID, 0, 0,
	add_journey, set_journey_id, journey_id, journey_value};

static int parse_root(loader *L)
{
	unsigned line, col;
	const char *key;
	int rc;
	if ((rc = next(L)) || (rc = next(L))) /* stream and document start */
		return rc;
	if (L->ev.type == CXJ__Y_STREAM_END)
		return fail(L, "the document is empty: it must start with "
			       "'cxjourney: %d'",
			    CXJ_FORMAT_VERSION);
	if ((rc = next(L)))
		return rc;
	line = L->ev.line;
	col = L->ev.column;
	if (L->ev.type != CXJ__Y_MAP_START)
		return fail(L, "the document must be a mapping starting with "
			       "'cxjourney: %d'",
			    CXJ_FORMAT_VERSION);
	if ((rc = next_key(L, &key)))
		return rc;
	if (!key || strcmp(key, "cxjourney") != 0)
		return fail(L, "the document must start with 'cxjourney: %d'",
			    CXJ_FORMAT_VERSION);
	push_key(L, "cxjourney");
	if ((rc = next(L)) || (rc = parse_version(L)))
		return rc;
	pop(L);
	if ((rc = parse_object(L, &journey_type, &L->journey, NULL,
			       1u << J_VERSION, line, col)) ||
	    (rc = settle_ids(L)))
		return rc;
	if ((rc = next(L)))
		return rc;
	if ((rc = next(L)))
		return rc;
	if (L->ev.type != CXJ__Y_STREAM_END)
		return fail(L, "a journey file holds one document; found a "
			       "second");
	return CXJ_OK;
}

static int resolve_pending(loader *L)
{
	for (size_t i = 0; i < L->npend; i++) {
		const pending *x = &L->pend[i];
		cxj_persona *p;
		int rc = find_persona(L, x->id, &p);
		if (rc)
			return rc;
		if (!p)
			return cxj__error_at(CXJ_EPARSE, L->file, x->line,
					     x->column,
					     "%s: unknown persona '%s'", x->path,
					     x->id);
		if (cxj_persona_kind_of(p) != x->kind)
			return cxj__error_at(
				CXJ_EPARSE, L->file, x->line, x->column,
				"%s: persona '%s' is %s, not %s", x->path,
				x->id, kind_label(cxj_persona_kind_of(p)),
				kind_label(x->kind));
		rc = cxj__touchpoint_refer(x->touchpoint, p, 1);
		if (rc == CXJ_ENOMEM)
			return rc;
		if (rc) {
			/* the message is copied out of the buffer that the
			 * new error is written into */
			char msg[512];
			snprintf(msg, sizeof msg, "%s",
				 cxj_error_last()->message);
			return cxj__error_at(CXJ_EPARSE, L->file, x->line,
					     x->column, "%s: %s", x->path, msg);
		}
	}
	return CXJ_OK;
}

static void loader_release(loader *L)
{
	for (size_t i = 0; i < L->npend; i++) {
		cxj__free(L->pend[i].id);
		cxj__free(L->pend[i].path);
	}
	cxj__free(L->pend);
	cxj__free(L->list);
	cxj__free(L->unclaimed);
	for (size_t i = 0; i < L->nwarn; i++) {
		cxj__free(L->warn[i].message);
		cxj__free(L->warn[i].object);
	}
	cxj__free(L->warn);
	cxj__free(L->key);
	cxj__free(L->unit);
	cxj__strmap_clear(&L->persona_cache);
	cxj__yreader_free(L->r);
}

static int make_warnings(loader *L, cxj_diagnostics **out)
{
	cxj_diagnostics *d = cxj__diagnostics_new();
	int rc;
	if (!d)
		return cxj__nomem();
	for (size_t i = 0; i < L->nwarn; i++) {
		const warning *w = &L->warn[i];
		rc = cxj__diagnostics_add(d, CXJ_SEVERITY_WARNING,
					  CXJ_RULE_UNKNOWN_KEY, w->object,
					  w->line, w->column, "%s",
					  w->message);
		if (rc) {
			cxj_diagnostics_free(d);
			return rc;
		}
	}
	if (L->warn_dropped &&
	    (rc = cxj__diagnostics_add(
		 d, CXJ_SEVERITY_WARNING, CXJ_RULE_UNKNOWN_KEY, "", 0, 0,
		 "%zu more unknown key(s) not listed (the first %d are)",
		 L->warn_dropped, MAX_WARNINGS))) {
		cxj_diagnostics_free(d);
		return rc;
	}
	*out = d;
	return CXJ_OK;
}

static int load(cxj__yreader *r, const cxj_load_options *opts,
		const char *file, cxj_journey **out)
{
	loader L;
	cxj_diagnostics *warnings = NULL;
	int rc;
	/* numbers are read with a point, whatever locale the host set */
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	memset(&L, 0, sizeof L);
	L.r = r;
	L.opts = opts;
	L.file = file;
	rc = parse_root(&L);
	if (rc && settle_ids(&L) == CXJ_EPARSE)
		rc = CXJ_EPARSE; /* a taken id before the error */
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	if (!rc)
		rc = resolve_pending(&L);
	if (!rc) /* the journey's arena is filled */
		cxj__arena_unindex(&L.journey->arena);
	if (!rc && opts->warnings)
		rc = make_warnings(&L, &warnings);
	loader_release(&L);
	if (rc) {
		cxj_journey_free(L.journey);
		return rc;
	}
	if (opts->warnings)
		*opts->warnings = warnings;
	*out = L.journey;
	return CXJ_OK;
}

/* ---- the public calls ---- */

CXJ__VERSIONED(options_type, cxj_load_options, CXJ_LOAD_OPTIONS_INIT,
	       sizeof(cxj_load_options));

int cxj_load_options_init(cxj_load_options *opts, unsigned int version)
{
	return cxj__versioned_init(&options_type, opts, version, "opts");
}

/* Fills in the defaults for zero limits and for fields an older caller's
 * struct does not have. */
static int resolve_options(const cxj_load_options *given, cxj_load_options *o)
{
	cxj_load_options copy, *in = &copy;
	*o = options_type_init;
	if (!given)
		return CXJ_OK;
	if (cxj__versioned_read(&options_type, given, &copy))
		return CXJ_EINVAL;
	if (in->flags & ~CXJ_LOAD_UNKNOWN_KEYS_WARN)
		return cxj__error(CXJ_EINVAL, "unknown load flags 0x%x",
				  in->flags);
	o->flags = in->flags;
	if (in->max_depth)
		o->max_depth = in->max_depth;
	if (in->max_alias_expansion)
		o->max_alias_expansion = in->max_alias_expansion;
	if (in->max_scalar_length)
		o->max_scalar_length = in->max_scalar_length;
	if (in->max_document_size)
		o->max_document_size = in->max_document_size;
	if (in->max_objects)
		o->max_objects = in->max_objects;
	if (in->max_entries)
		o->max_entries = in->max_entries;
	o->warnings = in->warnings;
	return CXJ_OK;
}

int cxj_journey_load_buffer(const void *data, size_t len, const char *name,
			    const cxj_load_options *opts, cxj_journey **out)
{
	cxj_load_options o;
	cxj__yreader *r;
	int rc;
	if (!out || (!data && len))
		return cxj__error(CXJ_EINVAL, "load_buffer needs data and out");
	if ((rc = resolve_options(opts, &o)))
		return rc;
	if (len > o.max_document_size) {
		unsigned line, col;
		cxj__text_position(data, o.max_document_size, &line, &col);
		return cxj__error_at(CXJ_ELIMIT, name, line, col,
				     "the document is larger than the limit "
				     "of %zu bytes",
				     o.max_document_size);
	}
	if ((rc = cxj__yreader_new_buffer(data ? data : "", len, &o, name,
					  &r)))
		return rc;
	return load(r, &o, name, out);
}

int cxj_journey_load_stream(FILE *stream, const char *name,
			    const cxj_load_options *opts, cxj_journey **out)
{
	cxj_load_options o;
	cxj__yreader *r;
	int rc;
	if (!stream || !out)
		return cxj__error(CXJ_EINVAL, "load_stream needs a stream and "
					      "out");
	if ((rc = resolve_options(opts, &o)))
		return rc;
	if ((rc = cxj__yreader_new_stream(stream, &o, name, &r)))
		return rc;
	return load(r, &o, name, out);
}

int cxj_journey_load_file(const char *path, const cxj_load_options *opts,
			  cxj_journey **out)
{
	FILE *f;
	int rc;
	if (!path || !out)
		return cxj__error(CXJ_EINVAL, "load_file needs a path and out");
	if ((rc = cxj__open_read(path, "a map file", &f)))
		return rc;
	rc = cxj_journey_load_stream(f, path, opts, out);
	fclose(f);
	return rc;
}
