/* text.h: strings: UTF-8 and id checks (utf8.c), names compared, sorted and
 * suggested (names.c), decimal numbers (numbers.c), the keyed hash
 * (hash.c), the string map (strmap.c) and the interner (intern.c). */
#ifndef CXJ_TEXT_H
#define CXJ_TEXT_H

#include "base.h"

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
	const char *best; /* best_len bytes, not always NUL-terminated */
	size_t best_len;
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


/* intern.c: the interner behind the string tables of cxj_responses:
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

#endif
