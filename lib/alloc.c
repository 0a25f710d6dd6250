/* alloc.c: the pluggable allocator. Every allocation of the library goes
 * through here so that hosts can route memory and tests can fail the Nth. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *default_malloc(size_t size, void *user)
{
	(void)user;
	return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *user)
{
	(void)user;
	return realloc(ptr, size);
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

int cxj__reserve_small(void **items, size_t *cap, size_t need, size_t size)
{
	/* as many as fit in 24 bytes, the smallest block of common mallocs
	 * (glibc's 32-byte chunk): three pointers cost no more than one */
	return grow(items, cap, need, size, size < 24 ? 24 / size : 1);
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
