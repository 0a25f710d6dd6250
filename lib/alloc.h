/* alloc.h: allocation through the installed allocator, the arena of a
 * loaded journey, and the small lists objects keep in it (alloc.c). */
#ifndef CXJ_ALLOC_H
#define CXJ_ALLOC_H

#include "base.h"

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
	struct cxj__arena_index *index; /* of shared blocks, while loading */
} cxj__arena;

/* size bytes aligned to align (a power of two), or NULL; never freed alone. */
void *cxj__arena_alloc(cxj__arena *a, size_t size, size_t align);
char *cxj__arena_strndup(cxj__arena *a, const char *s, size_t len);
/* Whether p lies in a chunk of a (which may be NULL). */
int cxj__arena_owns(const cxj__arena *a, const void *p);
void cxj__arena_clear(cxj__arena *a);
/* The loader's sharing: a block that repeats across a map (a channel, a
 * system, a process, the name of a metric) is stored once in the arena
 * and held by reference wherever it occurs. Nothing writes into a text or
 * a block of the arena once it is placed, and nothing frees one alone
 * (a text set or removed through a public call is a pointer replaced or
 * dropped, see cxj__text_release), so a change to one holder leaves the
 * others as they were. cls (1 .. CXJ__SHARE_CLASSES - 1) names what the
 * block holds: a class whose first blocks barely repeat is copied from
 * then on, without a lookup. Returns the arena's copy of the len bytes p,
 * aligned to align, or NULL (CXJ_ENOMEM). The index lives while the
 * loader fills the arena; cxj__arena_unindex drops it. */
#define CXJ__SHARE_CLASSES 8
void *cxj__arena_share(cxj__arena *a, unsigned cls, const void *p, size_t len,
		       size_t align);
void cxj__arena_unindex(cxj__arena *a);
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
/* Frees the block unless the arena holds it; the list is then empty. */
void cxj__list_free(const cxj__arena *a, cxj__list **l);
/* Removes item index of size bytes, keeping the order. */
void cxj__list_remove_at(cxj__list *l, size_t index, size_t size);
/* A list of pointers, as a touchpoint's four text lists and three lists
 * of persona references: NULL when empty; the item itself when it holds
 * one, as most of them do (a block would cost 16 bytes more); else a
 * cxj__list block of void *, its address tagged with bit 0. Items are at
 * even addresses: persona handles, and texts from the allocator or from
 * the arena at an alignment of 2. A list that drops to one item holds it
 * alone again. The loader may share a block of two between lists (see
 * cxj__arena_share): such a block is exact (room for two), so an insert
 * moves it out, and a removal leaves the other item alone, so it is never
 * written; a longer block is never shared. */
typedef struct cxj__plist {
	void *v;
} cxj__plist;
static inline int cxj__plist_is_block(const cxj__plist *l)
{
	return (int)((uintptr_t)l->v & 1);
}
static inline cxj__list *cxj__plist_block(const cxj__plist *l)
{
	return (cxj__list *)((uintptr_t)l->v & ~(uintptr_t)1);
}
static inline size_t cxj__plist_len(const cxj__plist *l)
{
	if (!l->v)
		return 0;
	return cxj__plist_is_block(l) ? cxj__plist_block(l)->len : 1;
}
/* The items in place: the block's, or the one the list holds. */
static inline void **cxj__plist_items(const cxj__plist *l)
{
	if (cxj__plist_is_block(l))
		return CXJ__LIST_ITEMS(cxj__plist_block(l), void *);
	return (void **)&((cxj__plist *)l)->v;
}
/* Inserts item (at an even address) at index <= length: a block grows in
 * the arena when load is set (the loader's lists), else on the heap, an
 * arena block moving out. Fails only with CXJ_ENOMEM, the list unchanged. */
int cxj__plist_insert(cxj__arena *a, int load, cxj__plist *l, size_t index,
		      void *item);
/* Removes the item at index; never fails. */
void cxj__plist_remove_at(const cxj__arena *a, cxj__plist *l, size_t index);
/* Frees the block unless the arena holds it; the list is then empty. */
void cxj__plist_free(const cxj__arena *a, cxj__plist *l);
/* The loader's append of the n items add, into an arena block of exactly
 * the new length; a block of two is shared under class share (0: not). */
int cxj__plist_load(cxj__arena *a, cxj__plist *l, void *const *add, size_t n,
		    unsigned share);
/* The same for a large list (a stage's touchpoints), as cxj__reserve. */
int cxj__reserve_in(cxj__arena *a, int load, void **items, size_t *cap,
		    size_t need, size_t size);

#endif
