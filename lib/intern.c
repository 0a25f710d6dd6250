/* intern.c: the interner behind the string tables of the answers and the
 * scores: each distinct string stored once, found again by a tagged hash
 * index, or by one compare while the strings arrive in byte order. */
#include <string.h>

#include "alloc.h"
#include "text.h"

/* A hash made before the table switched to SipHash is made again. */
static uint64_t current(const cxj__intern *in, const char *s, size_t len,
			uint64_t hash)
{
	if (!(hash & CXJ__HASH_STRONG) != !in->strong)
		return cxj__intern_hash(in, s, len);
	return hash;
}

size_t cxj__intern_len(const cxj__intern *in, uint32_t i)
{
	size_t end = i + 1 < in->count ? in->offs[i + 1] : in->len;
	return end - in->offs[i] - 1;
}

const char *cxj__intern_str(const cxj__intern *in, uint32_t i)
{
	return in->bytes + in->offs[i];
}

void cxj__intern_prefetch(const cxj__intern *in, uint64_t hash)
{
#if defined(__GNUC__) || defined(__clang__)
	/* the tag a lookup reads, and the index an insert would write */
	if (in->slots_cap) {
		__builtin_prefetch(&in->tags[hash & (in->slots_cap - 1)]);
		__builtin_prefetch(&in->slots[hash & (in->slots_cap - 1)], 1);
	}
#else
	(void)in;
	(void)hash;
#endif
}

/* The probe uses the low bits of the hash, the tag the top 16 (never 0). */
static uint16_t tag_of(uint64_t hash)
{
	uint16_t t = (uint16_t)(hash >> 48);
	return t ? t : 1;
}

/* Byte order, a prefix first: the order of an ordered table. */
static int compare(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	if (n > 16) {
		int c = memcmp(a, b, n);
		if (c)
			return c;
	} else {
		/* ids are short: a byte loop beats a call to memcmp */
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return (unsigned char)a[i] < (unsigned char)b[i]
					   ? -1
					   : 1;
	}
	return alen < blen ? -1 : alen > blen;
}

/* How s compares with the last string of a table that has one. */
static int compare_last(const cxj__intern *in, const char *s, size_t len)
{
	uint32_t last = in->count - 1;
	return compare(s, len, cxj__intern_str(in, last),
		       cxj__intern_len(in, last));
}

/* An ordered table (no hash index yet, every string greater than the one
 * before): a string past the last is new at the cost of one compare, and
 * any other is found by bisection. */
static long find_ordered(const cxj__intern *in, const char *s, size_t len)
{
	size_t lo = 0, hi;
	int c;
	if (in->count == 0 || (c = compare_last(in, s, len)) > 0)
		return -1;
	if (c == 0)
		return (long)in->count - 1;
	hi = in->count - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		c = compare(s, len, cxj__intern_str(in, (uint32_t)mid),
			    cxj__intern_len(in, (uint32_t)mid));
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

long cxj__intern_find(const cxj__intern *in, const char *s, size_t len,
		      uint64_t hash)
{
	size_t mask, i;
	uint16_t tag;
	if (in->slots_cap == 0)
		return find_ordered(in, s, len);
	hash = current(in, s, len, hash);
	tag = tag_of(hash);
	mask = in->slots_cap - 1;
	for (i = hash & mask;; i = (i + 1) & mask) {
		uint16_t t = in->tags[i];
		uint32_t k;
		if (t == 0)
			return -1;
		if (t != tag)
			continue;
		k = in->slots[i];
		if (cxj__intern_len(in, k) == len &&
		    cxj__same(in->bytes + in->offs[k], s, len))
			return (long)k;
	}
}

/* Returns how many slots the insert stepped over. */
static size_t slot_put(uint16_t *tags, uint32_t *slots, size_t cap,
		       uint64_t hash, uint32_t k)
{
	size_t mask = cap - 1, i = hash & mask, steps = 0;
	while (tags[i]) {
		i = (i + 1) & mask;
		steps++;
	}
	tags[i] = tag_of(hash);
	slots[i] = k;
	return steps;
}

/* Rebuilds the index of the first count strings where it lies: needs no
 * memory, so neither a rollback nor the switch to SipHash can fail. */
static void reindex(cxj__intern *in, uint32_t count)
{
	memset(in->tags, 0, in->slots_cap * sizeof *in->tags);
	for (uint32_t k = 0; k < count; k++)
		slot_put(in->tags, in->slots, in->slots_cap,
			 cxj__intern_hash(in, cxj__intern_str(in, k),
					  cxj__intern_len(in, k)),
			 k);
}

static int rehash(cxj__intern *in, size_t ncap)
{
	uint16_t *tags = cxj__calloc(ncap, sizeof *tags);
	uint32_t *slots = cxj__malloc(ncap * sizeof *slots);
	uint64_t ahead[8];
	if (!tags || !slots) {
		cxj__free(tags);
		cxj__free(slots);
		return cxj__nomem();
	}
	/* hash eight strings ahead and prefetch their slots: the writes land
	 * all over a table far larger than the cache */
	for (size_t k = 0; k < (size_t)in->count + 8; k++) {
		if (k >= 8)
			slot_put(tags, slots, ncap, ahead[(k - 8) & 7],
				 (uint32_t)(k - 8));
		if (k < in->count) {
			uint64_t h =
			    cxj__intern_hash(in, cxj__intern_str(in, (uint32_t)k),
					     cxj__intern_len(in, (uint32_t)k));
#if defined(__GNUC__) || defined(__clang__)
			__builtin_prefetch(&tags[h & (ncap - 1)], 1);
#endif
			ahead[k & 7] = h;
		}
	}
	cxj__free(in->tags);
	cxj__free(in->slots);
	in->tags = tags;
	in->slots = slots;
	in->slots_cap = ncap;
	return CXJ_OK;
}

/* The hash table for n strings: at most three quarters full, so that the
 * tags keep probe runs cheap (32 to a cache line, no string read). */
static size_t slots_for(size_t n)
{
	size_t cap = 64;
	while (n > cap / 4 * 3)
		cap *= 2;
	return cap;
}

/* Gives an ordered table its hash index, sized for what was reserved. */
static int index_table(cxj__intern *in)
{
	size_t n = in->offs_cap > in->count ? in->offs_cap : in->count;
	return rehash(in, slots_for(n + 1));
}

int cxj__intern_reserve(cxj__intern *in, size_t strings, size_t bytes)
{
	size_t need = (size_t)in->count + strings, ncap;
	int rc;
	if (strings > UINT32_MAX)
		return cxj__nomem();
	rc = cxj__reserve((void **)&in->bytes, &in->cap, in->len + bytes, 1);
	if (!rc)
		rc = cxj__reserve((void **)&in->offs, &in->offs_cap, need,
				  sizeof *in->offs);
	if (rc || in->slots_cap == 0)
		return rc; /* an ordered table needs no index */
	ncap = slots_for(need);
	return ncap > in->slots_cap ? rehash(in, ncap) : CXJ_OK;
}

/* Room for one more string of len bytes, within the limit on their number:
 * everything is reserved before anything changes. */
static int make_room(cxj__intern *in, size_t len)
{
	int rc;
	if (in->count >= UINT32_MAX - 1)
		return cxj__error(CXJ_ELIMIT, "more than %u distinct strings",
				  UINT32_MAX - 2);
	rc = cxj__reserve((void **)&in->bytes, &in->cap, in->len + len + 1, 1);
	if (!rc)
		rc = cxj__reserve((void **)&in->offs, &in->offs_cap,
				  (size_t)in->count + 1, sizeof *in->offs);
	return rc;
}

/* Stores s once there is room (and an index, if it needs one). */
static void append(cxj__intern *in, const char *s, size_t len, uint64_t hash,
		   uint32_t *index)
{
	memcpy(in->bytes + in->len, s, len);
	in->bytes[in->len + len] = '\0';
	in->offs[in->count] = in->len;
	in->len += len + 1;
	*index = in->count++;
	if (in->slots_cap &&
	    slot_put(in->tags, in->slots, in->slots_cap,
		     current(in, s, len, hash), *index) >
		CXJ__INTERN_PROBE_LIMIT &&
	    !in->strong) {
		in->strong = 1; /* a flood: SipHash from here on */
		reindex(in, in->count);
	}
}

int cxj__intern_insert(cxj__intern *in, const char *s, size_t len,
		       uint64_t hash, uint32_t *index)
{
	int rc = make_room(in, len);
	if (rc)
		return rc;
	if (in->slots_cap == 0 && in->count &&
	    compare_last(in, s, len) < 0 && (rc = index_table(in)))
		return rc; /* out of order: the table needs its index now */
	if (in->slots_cap && (size_t)in->count + 1 > in->slots_cap / 4 * 3 &&
	    (rc = rehash(in, in->slots_cap * 2)))
		return rc;
	append(in, s, len, hash, index);
	return CXJ_OK;
}

size_t cxj__intern_longest_probe(const cxj__intern *in)
{
	size_t mask = in->slots_cap - 1, longest = 0;
	for (size_t i = 0; i < in->slots_cap; i++) {
		size_t home, steps;
		uint32_t k;
		if (!in->tags[i])
			continue;
		k = in->slots[i];
		home = cxj__intern_hash(in, cxj__intern_str(in, k),
					cxj__intern_len(in, k)) & mask;
		steps = (i - home) & mask;
		if (steps > longest)
			longest = steps;
	}
	return longest;
}

long cxj__intern_find_str(const cxj__intern *in, const char *s, size_t len)
{
	return cxj__intern_find(in, s, len, cxj__intern_hash(in, s, len));
}

int cxj__intern_add_str(cxj__intern *in, const char *s, size_t len,
			uint32_t *index)
{
	return cxj__intern_add(in, s, len, cxj__intern_hash(in, s, len), index);
}

int cxj__intern_add(cxj__intern *in, const char *s, size_t len, uint64_t hash,
		    uint32_t *index)
{
	long found;
	if (in->slots_cap == 0 && in->count) {
		int c = compare_last(in, s, len);
		if (c == 0) {
			*index = in->count - 1;
			return CXJ_OK;
		}
		if (c > 0) {
			/* in order: the common case of an export numbered
			 * in order, one compare and no index */
			int rc = make_room(in, len);
			if (!rc)
				append(in, s, len, hash, index);
			return rc;
		}
		/* a lookup behind the last string would bisect: from a
		 * stream of additions, index the table instead */
		if (in->count > 64) {
			int rc = index_table(in);
			if (rc)
				return rc;
		}
	}
	found = cxj__intern_find(in, s, len, hash);
	if (found >= 0) {
		*index = (uint32_t)found;
		return CXJ_OK;
	}
	return cxj__intern_insert(in, s, len, hash, index);
}

void cxj__intern_truncate(cxj__intern *in, uint32_t count)
{
	if (count >= in->count)
		return;
	in->len = count ? in->offs[count] : 0;
	in->count = count;
	if (in->slots_cap == 0)
		return; /* still ordered */
	reindex(in, count);
}

void cxj__intern_shrink(cxj__intern *in, size_t bytes_cap, size_t offs_cap,
			size_t slots_cap)
{
	cxj__shrink((void **)&in->bytes, &in->cap,
		    bytes_cap > in->len ? bytes_cap : in->len, 1);
	cxj__shrink((void **)&in->offs, &in->offs_cap,
		    offs_cap > in->count ? offs_cap : in->count,
		    sizeof *in->offs);
	/* a smaller index is a new one; without the memory, the larger one
	 * serves */
	if (in->slots_cap > slots_cap && slots_cap &&
	    slots_for(in->count) <= slots_cap)
		(void)rehash(in, slots_cap);
}

void cxj__intern_unindex(cxj__intern *in)
{
	cxj__free(in->tags);
	cxj__free(in->slots);
	in->tags = NULL;
	in->slots = NULL;
	in->slots_cap = 0;
}

void cxj__intern_clear(cxj__intern *in)
{
	cxj__free(in->bytes);
	cxj__free(in->offs);
	cxj__free(in->tags);
	cxj__free(in->slots);
	memset(in, 0, sizeof *in);
}
