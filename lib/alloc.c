/* alloc.c: the pluggable allocator. Every allocation of the library goes
 * through here so that hosts can route memory and tests can fail the Nth. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "alloc.h"
#include "text.h"

/* Large blocks of the default allocator (columns, id tables, arena
 * chunks) start on a 2 MB boundary and ask for transparent huge pages: they
 * are filled once, front to back, and a page fault per 4 KB costs more than
 * the parse that fills them (10 us a fault measured on a virtual machine,
 * 0.25 us per 4 KB with huge pages). A host's own allocator keeps its own
 * policy. */
#define HUGE_PAGE ((size_t)2 << 20)

static void advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + size) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (p && e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

static void *default_malloc(size_t size, void *user)
{
	void *p;
	(void)user;
	if (size < HUGE_PAGE)
		return malloc(size);
	if (posix_memalign(&p, HUGE_PAGE, size))
		return NULL;
	advise_huge(p, size);
	return p;
}

static void *default_realloc(void *ptr, size_t size, void *user)
{
	void *p;
	if (!ptr)
		return default_malloc(size, user);
	p = realloc(ptr, size);
	if (size >= HUGE_PAGE)
		advise_huge(p, size);
	return p;
}

static void default_free(void *ptr, void *user)
{
	(void)user;
	free(ptr);
}

static cxj_allocator current = {default_malloc, default_realloc, default_free,
				NULL};
/* Set by the first allocation: from then on the allocator is fixed, since
 * memory must be freed by the allocator that gave it. */
static int allocator_used;

static void mark_used(void)
{
	if (!__atomic_load_n(&allocator_used, __ATOMIC_RELAXED))
		__atomic_store_n(&allocator_used, 1, __ATOMIC_RELAXED);
}

int cxj_set_allocator(const cxj_allocator *allocator)
{
	if (__atomic_load_n(&allocator_used, __ATOMIC_RELAXED))
		return cxj__error(CXJ_EINUSE,
				  "the allocator is already in use; set it "
				  "before any other call");
	if (allocator == NULL) {
		current.malloc = default_malloc;
		current.realloc = default_realloc;
		current.free = default_free;
		current.user = NULL;
		return CXJ_OK;
	}
	if (!allocator->malloc || !allocator->realloc || !allocator->free)
		return cxj__error(CXJ_EINVAL,
				  "allocator needs malloc, realloc and free");
	current = *allocator;
	return CXJ_OK;
}

void *cxj__malloc(size_t size)
{
	mark_used();
	return current.malloc(size ? size : 1, current.user);
}

void *cxj__calloc(size_t count, size_t size)
{
	void *p;
	if (size && count > SIZE_MAX / size)
		return NULL;
	p = cxj__malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *cxj__realloc(void *ptr, size_t size)
{
	mark_used();
	return current.realloc(ptr, size ? size : 1, current.user);
}

void cxj__free(void *ptr)
{
	if (ptr)
		current.free(ptr, current.user);
}

void cxj_free(void *ptr)
{
	cxj__free(ptr);
}

static int grow(void **items, size_t *cap, size_t need, size_t size,
		size_t first)
{
	size_t ncap;
	void *p;
	if (need <= *cap)
		return CXJ_OK;
	ncap = *cap ? *cap : first;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			return cxj__nomem();
		ncap *= 2;
	}
	p = cxj__realloc(*items, ncap * size);
	if (!p)
		return cxj__nomem();
	*items = p;
	*cap = ncap;
	return CXJ_OK;
}

int cxj__reserve(void **items, size_t *cap, size_t need, size_t size)
{
	return grow(items, cap, need, size, 4);
}

void cxj__shrink(void **items, size_t *cap, size_t keep, size_t size)
{
	void *p;
	if (*cap <= keep)
		return;
	if (keep == 0) {
		cxj__free(*items);
		*items = NULL;
		*cap = 0;
		return;
	}
	/* a failed shrink leaves the larger block, which is as good */
	if ((p = cxj__realloc(*items, keep * size)) != NULL) {
		*items = p;
		*cap = keep;
	}
}

char *cxj__strndup(const char *s, size_t len)
{
	char *p = cxj__malloc(len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *cxj__strdup(const char *s)
{
	return cxj__strndup(s, strlen(s));
}

/* ---- the arena of a loaded journey ---- */

/* Chunks double from 64 KB to 16 MB: a large map asks malloc for a dozen,
 * and the pages of the last one that are never written cost no memory. */
#define ARENA_FIRST 65536
#define ARENA_MAX (1u << 24)

/* Where the chunk that may hold p would sit: the number of chunks that
 * start at or before it. */
static size_t arena_rank(const cxj__arena *a, uintptr_t p)
{
	size_t lo = 0, hi = a->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)a->chunks[mid].base <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int cxj__arena_owns(const cxj__arena *a, const void *p)
{
	uintptr_t u = (uintptr_t)p;
	size_t k;
	if (!a || !p || !a->len)
		return 0;
	k = arena_rank(a, u);
	return k > 0 && u - (uintptr_t)a->chunks[k - 1].base <
				a->chunks[k - 1].size;
}

/* A new chunk of size bytes, filed by address. */
static char *arena_chunk(cxj__arena *a, size_t size)
{
	char *base;
	size_t k;
	if (cxj__reserve((void **)&a->chunks, &a->cap, a->len + 1,
			 sizeof *a->chunks))
		return NULL;
	base = cxj__malloc(size);
	if (!base)
		return NULL;
	k = arena_rank(a, (uintptr_t)base);
	memmove(a->chunks + k + 1, a->chunks + k,
		(a->len - k) * sizeof *a->chunks);
	a->chunks[k].base = base;
	a->chunks[k].size = size;
	a->len++;
	return base;
}

/* A new chunk for a block of size bytes. */
static void *arena_alloc_chunk(cxj__arena *a, size_t size)
{
	char *p;
	if (size > ARENA_MAX / 4) /* a chunk of its own; malloc aligns it */
		return arena_chunk(a, size);
	if (!a->grow)
		a->grow = ARENA_FIRST;
	while (a->grow < size * 4)
		a->grow *= 2;
	if (!(p = arena_chunk(a, a->grow)))
		return NULL;
	a->next = p + size;
	a->left = a->grow - size;
	if (a->grow < ARENA_MAX)
		a->grow *= 2;
	return p;
}

/* The room at the end of the newest chunk, else a new chunk: inlined on
 * the loader's paths, which place a block or two per value read. */
static inline void *arena_alloc(cxj__arena *a, size_t size, size_t align)
{
	size_t pad = (size_t)(-(uintptr_t)a->next & (align - 1));
	char *p;
	if (a->next && pad <= a->left && size <= a->left - pad) {
		p = a->next + pad;
		a->next = p + size;
		a->left -= pad + size;
		return p;
	}
	return arena_alloc_chunk(a, size);
}

void *cxj__arena_alloc(cxj__arena *a, size_t size, size_t align)
{
	return arena_alloc(a, size, align);
}

char *cxj__arena_strndup(cxj__arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1, 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void cxj__arena_clear(cxj__arena *a)
{
	cxj__arena_unindex(a);
	for (size_t i = 0; i < a->len; i++)
		cxj__free(a->chunks[i].base);
	cxj__free(a->chunks);
	memset(a, 0, sizeof *a);
}

/* ---- blocks shared in the arena ---- */

/* A class is judged after SHARE_TRIAL lookups, and shared from then on
 * while at least a quarter of its blocks are found. A block longer than
 * SHARE_MAX_LEN, or whose probe run passes SHARE_PROBES (keys that
 * collide), is copied; past SHARE_MAX_ENTRIES distinct blocks the index
 * stops growing (2 MB), and only finds. */
#define SHARE_TRIAL 1024
#define SHARE_MAX_LEN 1024
#define SHARE_PROBES 32
#define SHARE_MAX_ENTRIES (1u << 16)

typedef struct share_slot {
	const void *p; /* NULL: empty */
	uint32_t len, hash;
} share_slot;

struct cxj__arena_index {
	share_slot *slots;
	size_t cap, len; /* cap: a power of two */
	struct {
		uint32_t tries, hits;
		int off;
	} cls[CXJ__SHARE_CLASSES];
};

static void *arena_copy(cxj__arena *a, const void *p, size_t len,
			size_t align)
{
	void *copy = arena_alloc(a, len, align);
	return copy ? memcpy(copy, p, len) : NULL;
}

/* Doubles the index; the slots keep their blocks. */
static int index_grow(struct cxj__arena_index *ix)
{
	size_t ncap = ix->cap ? ix->cap * 2 : 64, mask = ncap - 1;
	share_slot *slots = cxj__calloc(ncap, sizeof *slots);
	if (!slots)
		return CXJ_ENOMEM;
	for (size_t i = 0; i < ix->cap; i++) {
		size_t j = ix->slots[i].hash & mask;
		if (!ix->slots[i].p)
			continue;
		while (slots[j].p)
			j = (j + 1) & mask;
		slots[j] = ix->slots[i];
	}
	cxj__free(ix->slots);
	ix->slots = slots;
	ix->cap = ncap;
	return CXJ_OK;
}

/* Whether blocks of class cls are still looked up; counts the lookup. */
static int class_shared(struct cxj__arena_index *ix, unsigned cls)
{
	if (ix->cls[cls].off)
		return 0;
	if (ix->cls[cls].tries >= SHARE_TRIAL &&
	    ix->cls[cls].hits < ix->cls[cls].tries / 4) {
		ix->cls[cls].off = 1;
		return 0;
	}
	ix->cls[cls].tries++;
	return 1;
}

/* The slot that holds a block equal to the len bytes p (hash h) at an
 * address aligned to align, else the empty slot where it would go, or
 * NULL when the probe run is too long. */
static share_slot *index_find(const struct cxj__arena_index *ix, uint64_t h,
			      const void *p, size_t len, size_t align)
{
	size_t mask = ix->cap - 1, i = h & mask;
	uint32_t tag = (uint32_t)(h >> 32);
	for (size_t steps = 0; steps < SHARE_PROBES; steps++) {
		share_slot *s = &ix->slots[i];
		if (!s->p || (s->hash == tag && s->len == len &&
			      !((uintptr_t)s->p & (align - 1)) &&
			      cxj__same(s->p, p, len)))
			return s;
		i = (i + 1) & mask;
	}
	return NULL;
}

void *cxj__arena_share(cxj__arena *a, unsigned cls, const void *p, size_t len,
		       size_t align)
{
	struct cxj__arena_index *ix = a->index;
	share_slot *slot;
	uint64_t h;
	void *copy;
	if (cls == 0 || cls >= CXJ__SHARE_CLASSES || len > SHARE_MAX_LEN)
		return arena_copy(a, p, len, align);
	if (!ix) {
		if (!(ix = cxj__calloc(1, sizeof *ix)))
			return NULL;
		a->index = ix;
	}
	if (!class_shared(ix, cls))
		return arena_copy(a, p, len, align);
	if (ix->len < SHARE_MAX_ENTRIES && (ix->len + 1) * 2 > ix->cap &&
	    index_grow(ix))
		return NULL;
	h = cxj__hash_fast(p, len);
	slot = index_find(ix, h, p, len, align);
	if (slot && slot->p) {
		ix->cls[cls].hits++;
		return (void *)(uintptr_t)slot->p;
	}
	copy = arena_copy(a, p, len, align);
	if (copy && slot && ix->len < SHARE_MAX_ENTRIES) {
		slot->p = copy;
		slot->len = (uint32_t)len;
		slot->hash = (uint32_t)(h >> 32);
		ix->len++;
	}
	return copy;
}

void cxj__arena_unindex(cxj__arena *a)
{
	if (a->index) {
		cxj__free(a->index->slots);
		cxj__free(a->index);
		a->index = NULL;
	}
}

void cxj__arena_free(const cxj__arena *a, void *p)
{
	if (p && !cxj__arena_owns(a, p))
		cxj__free(p);
}

void cxj__text_release(const cxj__arena *a, char *s)
{
	cxj__arena_free(a, s);
}

/* Grows an array that may lie in the arena: see cxj__reserve_in. */
static int arena_grow(cxj__arena *a, int load, void **items, size_t *cap,
		      size_t need, size_t size, size_t first)
{
	int owned;
	size_t ncap;
	void *p;
	if (need <= *cap)
		return CXJ_OK;
	owned = cxj__arena_owns(a, *items);
	if (!load && !owned)
		return grow(items, cap, need, size, first);
	ncap = *cap ? *cap : first;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			return cxj__nomem();
		ncap *= 2;
	}
	p = load ? arena_alloc(a, ncap * size, sizeof(void *))
		 : cxj__malloc(ncap * size);
	if (!p)
		return cxj__nomem();
	if (*cap)
		memcpy(p, *items, *cap * size);
	if (!owned)
		cxj__free(*items);
	*items = p;
	*cap = ncap;
	return CXJ_OK;
}

int cxj__reserve_in(cxj__arena *a, int load, void **items, size_t *cap,
		    size_t need, size_t size)
{
	return arena_grow(a, load, items, cap, need, size, 4);
}

/* ---- small lists ---- */

int cxj__list_reserve(cxj__arena *a, int load, cxj__list **l, size_t need,
		      size_t size)
{
	size_t len = cxj__list_len(*l), cap = *l ? (*l)->cap : 0, ncap;
	int owned;
	cxj__list *p;
	if (need <= cap)
		return CXJ_OK;
	owned = *l && cxj__arena_owns(a, *l);
	/* a first heap block fills glibc's smallest chunk (24 bytes); the
	 * loader's grow one at a time, its lists being mostly of one */
	ncap = cap ? cap : load ? 1 : size < 16 ? 16 / size : 1;
	while (ncap < need) {
		if (ncap > UINT32_MAX / 2)
			return cxj__nomem();
		ncap *= 2;
	}
	if (ncap > (SIZE_MAX - sizeof *p) / size)
		return cxj__nomem();
	if (!load && !owned) {
		if (!(p = cxj__realloc(*l, sizeof *p + ncap * size)))
			return cxj__nomem();
	} else {
		p = load ? arena_alloc(a, sizeof *p + ncap * size,
					    sizeof(void *))
			 : cxj__malloc(sizeof *p + ncap * size);
		if (!p)
			return cxj__nomem();
		if (len)
			memcpy(p + 1, *l + 1, len * size);
		if (*l && !owned)
			cxj__free(*l);
	}
	p->len = (uint32_t)len;
	p->cap = (uint32_t)ncap;
	*l = p;
	return CXJ_OK;
}

void cxj__list_free(const cxj__arena *a, cxj__list **l)
{
	cxj__arena_free(a, *l);
	*l = NULL;
}

void cxj__list_remove_at(cxj__list *l, size_t index, size_t size)
{
	char *items = CXJ__LIST_ITEMS(l, char);
	memmove(items + index * size, items + (index + 1) * size,
		(l->len - index - 1) * size);
	l->len--;
}

/* ---- lists of pointers: one item alone, or a block ---- */

static void plist_set_block(cxj__plist *l, cxj__list *b)
{
	l->v = (void *)((uintptr_t)b | 1);
}

int cxj__plist_insert(cxj__arena *a, int load, cxj__plist *l, size_t index,
		      void *item)
{
	size_t n = cxj__plist_len(l);
	cxj__list *b = cxj__plist_is_block(l) ? cxj__plist_block(l) : NULL;
	void **items;
	if (n == 0) {
		l->v = item;
		return CXJ_OK;
	}
	if (cxj__list_reserve(a, load, &b, n + 1, sizeof item))
		return CXJ_ENOMEM;
	items = CXJ__LIST_ITEMS(b, void *);
	if (!cxj__plist_is_block(l)) { /* the one item moves into the block */
		items[0] = l->v;
		b->len = 1;
	}
	memmove(items + index + 1, items + index, (n - index) * sizeof item);
	items[index] = item;
	b->len++;
	plist_set_block(l, b);
	return CXJ_OK;
}

void cxj__plist_remove_at(const cxj__arena *a, cxj__plist *l, size_t index)
{
	cxj__list *b;
	if (!cxj__plist_is_block(l)) {
		l->v = NULL;
		return;
	}
	b = cxj__plist_block(l);
	if (b->len == 2) { /* the other alone: a shared pair is not written */
		l->v = CXJ__LIST_ITEMS(b, void *)[1 - index];
		cxj__arena_free(a, b);
		return;
	}
	cxj__list_remove_at(b, index, sizeof(void *));
}

void cxj__plist_free(const cxj__arena *a, cxj__plist *l)
{
	if (cxj__plist_is_block(l))
		cxj__arena_free(a, cxj__plist_block(l));
	l->v = NULL;
}

int cxj__plist_load(cxj__arena *a, cxj__plist *l, void *const *add, size_t n,
		    unsigned share)
{
	size_t len = cxj__plist_len(l), total = len + n, size;
	cxj__list *b;
	if (!n)
		return CXJ_OK;
	if (total == 1) {
		l->v = add[0];
		return CXJ_OK;
	}
	if (total > UINT32_MAX ||
	    total > (SIZE_MAX - sizeof *b) / sizeof(void *))
		return cxj__nomem();
	size = sizeof *b + total * sizeof(void *);
	if (share && total == 2) {
		/* the pair is made where it is looked up, then placed once */
		union {
			cxj__list h;
			void *align;
			unsigned char bytes[sizeof(cxj__list) + 2 * sizeof(void *)];
		} pair;
		memset(&pair, 0, sizeof pair);
		pair.h.len = pair.h.cap = 2;
		memcpy(pair.bytes + sizeof pair.h, cxj__plist_items(l),
		       len * sizeof(void *));
		memcpy(pair.bytes + sizeof pair.h + len * sizeof(void *), add,
		       n * sizeof(void *));
		b = cxj__arena_share(a, share, pair.bytes, size, sizeof(void *));
		if (!b)
			return cxj__nomem();
	} else {
		if (!(b = arena_alloc(a, size, sizeof(void *))))
			return cxj__nomem();
		memcpy(CXJ__LIST_ITEMS(b, void *), cxj__plist_items(l),
		       len * sizeof(void *));
		memcpy(CXJ__LIST_ITEMS(b, void *) + len, add, n * sizeof(void *));
		b->len = b->cap = (uint32_t)total;
	}
	cxj__plist_free(a, l);
	plist_set_block(l, b);
	return CXJ_OK;
}
