/* libcxjourney internals shared by the translation units; never installed.
 * Helpers are named cxj__* and are not exported. */
#ifndef CXJ_INTERNAL_H
#define CXJ_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
/* Gives back what *items grew past keep elements (a failed call's growth);
 * cannot fail: where the allocator will not shrink, the block stays. */
void cxj__shrink(void **items, size_t *cap, size_t keep, size_t size);
/* The same for the small lists of an object (list items, persona
 * references, attributes, targets): most hold one or two entries, and a
 * loaded map has hundreds of thousands of them, so an empty list starts
 * with room for what fits in a malloc's smallest block, then doubles. */
int cxj__reserve_small(void **items, uint32_t *cap, size_t need, size_t size);
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
/* names.c: names compared without regard to ASCII case (a, alen bytes,
 * against the NUL-terminated b), and the nearest known name to one that
 * was not found: offer every known name, then the hint is " (did you mean
 * 'x'?)" or "" (into buf, CXJ__HINT_SIZE bytes). */
#define CXJ__NAME_MAX 255
#define CXJ__HINT_SIZE (CXJ__NAME_MAX + 24)
int cxj__ascii_ieq(const char *a, size_t alen, const char *b);
typedef struct cxj__nearest {
	const char *want;
	size_t len;
	const char *best;
	unsigned cost;
} cxj__nearest;
void cxj__nearest_init(cxj__nearest *n, const char *want);
void cxj__nearest_offer(cxj__nearest *n, const char *name, size_t len);
const char *cxj__nearest_hint(const cxj__nearest *n, char *buf, size_t size);

/* numbers.c: a decimal number, the whole of s ([sign] digits [. digits]
 * [e [sign] digits]): CXJ__NUMBER_OK with *out set, CXJ__NUMBER_SYNTAX,
 * or CXJ__NUMBER_RANGE when it overflows or rounds a nonzero value to 0. */
enum { CXJ__NUMBER_OK, CXJ__NUMBER_SYNTAX, CXJ__NUMBER_RANGE };
int cxj__parse_decimal(const char *s, size_t len, double *out);

/* Whether s (len bytes) may name a respondent, target, segment or metric
 * of the answers: 1..255 bytes of UTF-8 without control characters. */
int cxj__name_ok(const char *s, size_t len);
/* Checks an id: 1..255 bytes, UTF-8, no spaces (Unicode's included),
 * control or invisible format characters. */
int cxj__check_id(const char *id);
/* The same for an id known to be valid UTF-8 (len bytes). */
int cxj__check_loaded_id(const char *id, size_t len);

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
	int strong; /* hashed with SipHash since a flood */
} cxj__strmap;

/* hash.c: string hashes keyed per process. A table hashes with the fast
 * one until an insert probes past its limit (keys that collide: a flood),
 * then rehashes in place with SipHash-1-3 and keeps it. Bit 40 of a hash
 * says which one made it, so a hash computed before a table switched is
 * recognised and made again. */
#define CXJ__HASH_STRONG ((uint64_t)1 << 40)
uint64_t cxj__hash_fast(const char *s, size_t len);
uint64_t cxj__hash_strong(const char *s, size_t len);
static inline uint64_t cxj__hash(const char *s, size_t len, int strong)
{
	return strong ? cxj__hash_strong(s, len) : cxj__hash_fast(s, len);
}
/* SipHash-c-d under a 128-bit key: k[0] holds bytes 0..7, little-endian. */
uint64_t cxj__siphash(const uint64_t k[2], const char *s, size_t len,
		      int c_rounds, int d_rounds);
/* Replaces the process key (tests that build colliding ids need to know
 * it); k[0], k[1] key the fast hash, k[2], k[3] SipHash. */
void cxj__hash_set_key(const uint64_t k[4]);

/* Probes an insert may take before its table switches to SipHash: far past
 * what random keys reach (about 50 at half load and 240 at three quarters,
 * for 16 million keys), so that only a flood switches. */
#define CXJ__STRMAP_PROBE_LIMIT 128
#define CXJ__INTERN_PROBE_LIMIT 1024

/* replace_file.c: a file replaced whole or not at all. begin resolves the
 * path's symbolic links to the file they name, refuses anything but a
 * regular file, and opens fd on a file nobody sees (with the owner, group
 * and mode of the file it replaces, where the process may set them);
 * commit makes it durable and renames it over the target; abort (also
 * after a failed commit, which aborts itself) leaves the target as it was
 * and nothing beside it. */
typedef struct cxj__replace {
	const char *path; /* as given, for messages */
	char *target;     /* the file replaced, links followed */
	const char *base; /* its name, within target */
	char *temp;       /* the temporary's path once named */
	size_t dirlen;
	int fd;
	int named; /* temp exists under its name */
} cxj__replace;
int cxj__replace_begin(const char *path, cxj__replace *r);
int cxj__replace_commit(cxj__replace *r);
void cxj__replace_abort(cxj__replace *r);
/* The temporary name (CXJ__REPLACE_TEMP_LEN bytes and a NUL) a save of a
 * file named base uses with these random digits: one fixed-length name
 * whatever base's length, the same in every process. */
#define CXJ__REPLACE_TEMP_LEN 32
void cxj__replace_temp_name(char *buf, const char *base, uint64_t random);

/* The hash of key for map, with the function the map uses now. */
uint64_t cxj__strmap_hash(const cxj__strmap *map, const char *key);
/* Whether the map switched to SipHash, and its longest probe run now
 * (tests). */
int cxj__strmap_is_strong(const cxj__strmap *map);
size_t cxj__strmap_longest_probe(const cxj__strmap *map);
void *cxj__strmap_get(const cxj__strmap *map, const char *key);
/* The same with the key's cxj__strmap_hash given, for a caller that hashed
 * it already (to prefetch its slot). */
void *cxj__strmap_get_hashed(const cxj__strmap *map, const char *key,
			     uint64_t hash);
/* Starts loading the slot where a lookup of a key of this hash begins. */
void cxj__strmap_prefetch(const cxj__strmap *map, uint64_t hash);
/* Makes room for extra more keys so that the next inserts cannot fail. */
int cxj__strmap_reserve(cxj__strmap *map, size_t extra);
/* Inserts or replaces; fails only with CXJ_ENOMEM. */
int cxj__strmap_put(cxj__strmap *map, const char *key, void *value);
int cxj__strmap_put_hashed(cxj__strmap *map, const char *key, uint64_t hash,
			   void *value);
void cxj__strmap_remove(cxj__strmap *map, const char *key);
void cxj__strmap_clear(cxj__strmap *map);


/* metric.c: the accumulator behind cxj_metric. Survey kinds keep a histogram
 * indexed by the score itself (hist[0] is unused for CSAT and CES); a KPI
 * keeps weighted moments (West's update; Chan's rule when merging). */
#define CXJ__POINTS 11
#define CXJ__UNIT_MAX 255

struct cxj_metric {
	cxj_metric_kind kind;
	int lo, hi;     /* the scale; 0, -1 for a KPI */
	uint64_t count; /* answers, zero weights included */
	double wsum2;   /* sum of squared weights (Kish) */
	uint64_t hist[CXJ__POINTS];
	double hist_w[CXJ__POINTS];
	double wsum;    /* KPI: sum of weights (survey kinds: sum of hist_w) */
	double shift;   /* KPI: the first answer; mean is relative to it */
	double mean, m2, min, max; /* KPI; min/max +inf/-inf when empty */
	char *unit;     /* KPI, or NULL */
};

/* Weighted figures of a metric, the inputs of every interval and test. */
typedef struct cxj__moments {
	double w;     /* weight sum */
	double n;     /* Kish effective n */
	double mean;
	double var;   /* sample variance of the score, n/(n-1) corrected;
			 NaN when n <= 1 */
	double top;   /* top-box share 0..1 (NaN for a KPI or when w = 0) */
	double prom;  /* NPS shares 0..1 */
	double det;
} cxj__moments;

int cxj__metric_alloc(cxj_metric_kind kind, cxj_metric **out);
/* Makes *m an empty metric of kind (a valid one), without a unit. */
void cxj__metric_init(cxj_metric *m, cxj_metric_kind kind);
void cxj__metric_moments(const cxj_metric *m, cxj__moments *out);

/* kinds.c: the table of metric kinds. The value of a kind reports a top-box
 * percent, an NPS or a mean; a target of it lies in target_lo..target_hi. */
typedef enum cxj__value_shape {
	CXJ__VALUE_TOP_BOX,
	CXJ__VALUE_NPS,
	CXJ__VALUE_MEAN
} cxj__value_shape;
typedef struct cxj__kind_info {
	const char *name;
	int lo, hi;   /* the scale; 0, -1 for a KPI */
	int top_from; /* the first point of the top box; 0: none */
	cxj__value_shape value;
	double target_lo, target_hi;
} cxj__kind_info;
/* The row of a kind, or NULL for one that does not exist. */
const cxj__kind_info *cxj__kind_info_of(cxj_metric_kind kind);
/* Whether answers of the kind are points of a scale (not a KPI). */
int cxj__kind_is_survey(cxj_metric_kind kind);
/* An answer store knows four metric names from the start, at these
 * indices: the survey kinds in kind order, then contact. */
#define CXJ__BUILTIN_METRICS 4
/* The index of a built-in metric name (any ASCII case), or -1. */
int cxj__builtin_metric(const char *name, size_t len);
const char *cxj__builtin_metric_name(int index);
/* The kind of the answers at a metric index (0 for contacts). */
cxj_metric_kind cxj__metric_kind_of_index(uint32_t metric_index);
/* 0 when score is a point of a survey kind's scale; else 1 with the
 * message, which quotes text (the score as given): "csat score '4.5' is not
 * a whole number (the scale is 1..5)". */
int cxj__point_check(cxj_metric_kind kind, double score, const char *text,
		     char *msg, size_t size);
/* The kind a stored metric's name is reserved for ("csat", "nps", "ces",
 * compared exactly), CXJ_KPI for any other name. */
cxj_metric_kind cxj__metric_name_kind(const char *name);

/* metric_state.c: the rules that the answers of a metric read from outside
 * must keep, shared by cxj_metric_state_load and the YAML loader so that
 * both accept exactly the same states. A refusal names the part of the
 * state at fault, for a reader that can point at where it came from. */
typedef enum cxj__state_part {
	CXJ__STATE_SQUARED_WEIGHTS = 1,
	CXJ__STATE_POINT_COUNTS, /* the counts of the scale points together */
	CXJ__STATE_POINT_WEIGHT, /* the weight sum of one point */
	CXJ__STATE_WEIGHT_SUM,	 /* a KPI's moments from here on */
	CXJ__STATE_SHIFT,
	CXJ__STATE_MEAN,
	CXJ__STATE_M2,
	CXJ__STATE_MIN,
	CXJ__STATE_MAX
} cxj__state_part;

typedef struct cxj__state_fault {
	cxj__state_part part;
	int point;	 /* the scale point, for the parts of points */
	const char *why; /* e.g. "a point weight is negative or not finite" */
} cxj__state_fault;

/* Checks every field of m but its unit (kind and scale set as
 * cxj__metric_init sets them): CXJ_OK, or CXJ_EPARSE with the first rule
 * broken in *fault and no error recorded, for the caller to report in its
 * own terms. */
int cxj__metric_check_state(const cxj_metric *m, cxj__state_fault *fault);
/* version.c: CXJ_EINVAL naming what unless version is 1..max. */
int cxj__check_version(unsigned int version, unsigned int max,
		       const char *what);
/* version.c: the *_init of a versioned struct of size bytes whose
 * leading member is its version: CXJ_EINVAL naming it (what) when NULL,
 * or naming its type when version is not 1..max; else a copy of init
 * (its _INIT value) with the version set. */
int cxj__init_struct(void *p, const void *init, size_t size,
		     unsigned int version, unsigned int max, const char *what,
		     const char *type);

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

/* responses.c: the interner behind the string tables of cxj_responses:
 * strings back to back in one buffer (each NUL-terminated), and an
 * open-addressing table split in two: 16 hash bits per slot (0: empty),
 * probed first, and the string index, read only when the bits match. The
 * tag array is a third of the table's bytes: for millions of respondents
 * it stays within the reach of the TLB where a combined table would not.
 * A table gets that index only when a string arrives out of byte order:
 * until then (slots_cap 0) it is a sorted array, and the strings of an
 * export numbered in order are interned by one compare each. */
typedef struct cxj__intern {
	char *bytes;
	size_t len, cap;
	size_t *offs; /* start of each string in bytes */
	size_t offs_cap;
	uint16_t *tags;   /* 0: empty */
	uint32_t *slots;  /* string index, where tags[i] != 0 */
	size_t slots_cap; /* a power of two, or 0 */
	uint32_t count;
	int strong; /* hashed with SipHash since a flood */
} cxj__intern;

/* Whether n bytes are equal. Ids are short: a byte loop beats a call to
 * memcmp. */
static inline int cxj__same(const char *a, const char *b, size_t n)
{
	if (n > 16)
		return memcmp(a, b, n) == 0;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The hash of s for the table, with the function it uses now. */
static inline uint64_t cxj__intern_hash(const cxj__intern *in, const char *s,
					size_t len)
{
	return cxj__hash(s, len, in->strong);
}
/* The index of s, or -1. */
long cxj__intern_find(const cxj__intern *in, const char *s, size_t len,
		      uint64_t hash);
/* Finds or inserts s (len bytes, no NUL needed); CXJ_ENOMEM or
 * CXJ_ELIMIT are recorded as the last error. */
int cxj__intern_add(cxj__intern *in, const char *s, size_t len, uint64_t hash,
		    uint32_t *index);
/* names.c: sorts the string indices idx of table in into byte order of
 * the strings. */
void cxj__sort_names(const cxj__intern *in, uint32_t *idx, size_t n);
/* The longest probe of a string in the index (tests). */
size_t cxj__intern_longest_probe(const cxj__intern *in);
/* The same, hashing s themselves. */
long cxj__intern_find_str(const cxj__intern *in, const char *s, size_t len);
int cxj__intern_add_str(cxj__intern *in, const char *s, size_t len,
			uint32_t *index);
/* Inserts s, known to be absent. */
int cxj__intern_insert(cxj__intern *in, const char *s, size_t len,
		       uint64_t hash, uint32_t *index);
/* Makes room for strings more strings of bytes bytes in all. */
int cxj__intern_reserve(cxj__intern *in, size_t strings, size_t bytes);
/* Starts loading the slot a lookup of hash will read first. */
void cxj__intern_prefetch(const cxj__intern *in, uint64_t hash);
/* Forgets the strings from index count on. Never fails. */
void cxj__intern_truncate(cxj__intern *in, uint32_t count);
/* Gives back the room grown past these capacities; never fails. */
void cxj__intern_shrink(cxj__intern *in, size_t bytes_cap, size_t offs_cap,
			size_t slots_cap);
/* Drops the hash index: the table must be in byte order (as it was when
 * it had none). */
void cxj__intern_unindex(cxj__intern *in);
void cxj__intern_clear(cxj__intern *in);
const char *cxj__intern_str(const cxj__intern *in, uint32_t index);
size_t cxj__intern_len(const cxj__intern *in, uint32_t index);

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

/* alloc.c: the arena of a loaded journey. The loader copies touchpoints,
 * their texts, lists and targets, and each stage's list of touchpoints into
 * a few large chunks instead of one block each; the model frees them
 * through cxj__text_release and cxj__arena_free, which leave what the arena
 * holds to cxj__arena_clear when the journey goes, and a public call that
 * grows an arena list first moves it to the heap. A text replaced or an
 * object removed after the load stays in its chunk until then. */
typedef struct cxj__arena_chunk {
	char *base;
	size_t size;
} cxj__arena_chunk;

typedef struct cxj__arena {
	cxj__arena_chunk *chunks; /* by address, for cxj__arena_owns */
	size_t len, cap;
	char *next; /* free room in the newest chunk */
	size_t left;
	size_t grow; /* size of the next chunk */
} cxj__arena;

/* size bytes aligned to align (a power of two), or NULL; never freed alone. */
void *cxj__arena_alloc(cxj__arena *a, size_t size, size_t align);
char *cxj__arena_strndup(cxj__arena *a, const char *s, size_t len);
/* Whether p lies in a chunk of a (which may be NULL). */
int cxj__arena_owns(const cxj__arena *a, const void *p);
void cxj__arena_clear(cxj__arena *a);
/* Frees p or s (NULL allowed) unless the arena a holds it. */
void cxj__arena_free(const cxj__arena *a, void *p);
void cxj__text_release(const cxj__arena *a, char *s);
/* A small list of an object: NULL when empty, else one block holding its
 * length and room, then the items (aligned for pointers and doubles), so
 * that an object pays one pointer per list: a touchpoint holds nine, and a
 * loaded map hundreds of thousands of touchpoints. A block may lie in the
 * journey's arena a, and is then never passed to realloc or free. */
typedef struct cxj__list {
	uint32_t len, cap;
} cxj__list;

static inline size_t cxj__list_len(const cxj__list *l)
{
	return l ? l->len : 0;
}

/* The items of a list that has a block. */
#define CXJ__LIST_ITEMS(l, type) ((type *)(void *)((l) + 1))

/* Room for need items of size bytes: the block grows into the arena when
 * load is set (the loader's lists), else on the heap, an arena block
 * moving out. */
int cxj__list_reserve(cxj__arena *a, int load, cxj__list **l, size_t need,
		      size_t size);
/* Appends the n pointers add, in one arena block of exactly the new
 * length. */
int cxj__list_append_exact(cxj__arena *a, cxj__list **l, void *const *add,
			   size_t n);
/* Frees the block unless the arena holds it; the list is then empty. */
void cxj__list_free(const cxj__arena *a, cxj__list **l);
/* Removes item index of size bytes, keeping the order. */
void cxj__list_remove_at(cxj__list *l, size_t index, size_t size);
/* The same for a large list (a stage's touchpoints), as cxj__reserve. */
int cxj__reserve_in(cxj__arena *a, int load, void **items, size_t *cap,
		    size_t need, size_t size);

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
	cxj__list *b; /* of char * */
} cxj__strlist;

typedef struct cxj__personalist {
	cxj__list *b; /* of cxj_persona * */
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
	cxj_journey *journey;
	char *id, *name, *description;
	cxj_touchpoint **touchpoints;
	size_t touchpoint_len, touchpoint_cap;
	cxj__targets targets;
	cxj__metrics metrics;
};

struct cxj_journey {
	cxj__kind kind_tag;
	char *id, *name, *description;
	cxj_persona **personas;
	size_t persona_len, persona_cap;
	cxj_stage **stages;
	size_t stage_len, stage_cap;
	size_t touchpoint_total;
	size_t unclaimed; /* loaded touchpoints without their ids in the map:
			   * see cxj__touchpoint_claim_loaded */
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
/* For the loader: text (len bytes, NULL to clear) is known to be valid
 * UTF-8 without a NUL; it is copied into the arena. */
int cxj__set_loaded_text(cxj__arena *a, char **slot, const char *text,
			 size_t len);
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
/* The loader's copy of a list item (refused when empty) into the arena. */
int cxj__strlist_copy_loaded(cxj__arena *a, const char *text, size_t len,
			     char **out);
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
		return cxj__journey_rename(journey_of_h, &h->id, id);          \
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
void *cxj__journey_lookup(const cxj_journey *journey, const char *id,
			  cxj__kind kind);
void *cxj__journey_find(const cxj_journey *journey, const char *id,
			cxj__kind kind);
/* Checks that id is well formed and free; reserves a map slot for it. */
int cxj__journey_claim_id(cxj_journey *journey, const char *id);
/* What can fail when an object is added, done before anything changes:
 * claims id and makes room for one more pointer in the list *items (len
 * of them, capacity *cap). */
int cxj__journey_make_room(cxj_journey *journey, const char *id, void **items,
			   size_t *cap, size_t len);
/* Renames an object in the map: *slot holds its current id string. */
int cxj__journey_rename(cxj_journey *journey, char **slot, const char *id);
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
 * journey's map only at the claim (hash: cxj__journey_hash_id), which fails
 * with CXJ_EEXIST where the public add would have. Any number of
 * touchpoints may wait for their claims, which the loader makes in order,
 * its prefetches ahead of them. */
int cxj__stage_load_touchpoint(cxj_stage *s, const char *id,
			       cxj_touchpoint **out);
int cxj__touchpoint_claim_loaded(cxj_touchpoint *tp, uint64_t hash);
/* stage.c: frees a stage and its touchpoints (the journey is going). */
void cxj__stage_destroy(cxj_stage *s);
uint64_t cxj__journey_hash_id(const cxj_journey *j, const char *id);
void cxj__journey_prefetch_id(const cxj_journey *j, uint64_t hash);
int cxj__touchpoint_load_text(cxj_touchpoint *tp, cxj__tp_text field,
			      const char *text, size_t len);
/* A list of the loader is set whole, in an array of exactly its length:
 * each item's text is copied into the arena as it is read (checked as
 * cxj_touchpoint_add_item checks it), then the copies are appended at the
 * end of the sequence. A list of one item then costs one pointer, not the
 * three of a list grown item by item (a large map has a list or two per
 * touchpoint, most of one item). */
int cxj__touchpoint_copy_item(cxj_touchpoint *tp, const char *text,
			      size_t len, char **out);
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
/* The line and column (from 1, columns in code points) of byte offset. */
void cxj__text_position(const void *text, size_t offset, unsigned *line,
			unsigned *col);
int cxj__yreader_new_buffer(const void *data, size_t len,
			    const cxj_load_options *opts, const char *file,
			    cxj__yreader **out);
int cxj__yreader_new_stream(FILE *stream, const cxj_load_options *opts,
			    const char *file, cxj__yreader **out);
void cxj__yreader_free(cxj__yreader *r);
int cxj__yreader_next(cxj__yreader *r, cxj__yev *ev);
/* Bytes handed to the parser so far, and the size of the whole input when
 * it is known (a buffer, a regular file), else 0: for sizing tables. */
size_t cxj__yreader_bytes(const cxj__yreader *r);
size_t cxj__yreader_size(const cxj__yreader *r);
/* drivers_math.c: the linear algebra behind key-driver analysis. */
/* Eigen-decomposition of the symmetric p x p matrix a (row-major, destroyed)
 * by cyclic Jacobi rotations: eigenvalues into values (ascending), unit
 * eigenvectors into the columns of vectors (p x p, row-major). */
int cxj__sym_eigen(double *a, size_t p, double *values, double *vectors);
/* Johnson's relative weights from the predictors' correlation matrix rxx
 * (p x p) and their correlations with the outcome rxy (p). */
int cxj__relative_weights_corr(const double *rxx, const double *rxy, size_t p,
			       double *weights, double *r2);

/* correlate.c */
/* Kendall's two-sided p for S = concordant - discordant among n pairs by
 * the normal approximation with the tie-corrected variance; gx and gy are
 * the sizes of the tie groups of x and y (kx and ky of them). */
double cxj__kendall_p_normal(uint64_t n, int64_t s, const uint64_t *gx,
			     size_t kx, const uint64_t *gy, size_t ky);

#endif
