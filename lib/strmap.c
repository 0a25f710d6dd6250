/* strmap.c: the string-keyed hash map behind id lookup and string interning.
 * Linear probing with backward-shift deletion keeps it tombstone-free; a
 * flood of colliding keys switches it to SipHash (hash.c). */
#include <string.h>

#include "alloc.h"
#include "text.h"

uint64_t cxj__strmap_hash(const cxj__strmap *map, const char *key)
{
	return cxj__hash(key, strlen(key), map->strong);
}

/* A hash made before the map switched to SipHash is made again. */
static uint64_t current(const cxj__strmap *map, const char *key, uint64_t hash)
{
	if (!(hash & CXJ__HASH_STRONG) != !map->strong)
		return cxj__strmap_hash(map, key);
	return hash;
}

/* The slot holding key, or the empty slot where it would go; *steps: how
 * far that is from the key's first slot. */
static cxj__strmap_slot *find_slot(const cxj__strmap *map, const char *key,
				   uint64_t hash, size_t *steps)
{
	size_t mask = map->cap - 1, n = 0;
	for (size_t i = hash & mask;; i = (i + 1) & mask, n++) {
		cxj__strmap_slot *slot = &map->slots[i];
		if (slot->key == NULL ||
		    (slot->hash == hash && strcmp(slot->key, key) == 0)) {
			*steps = n;
			return slot;
		}
	}
}

/* Rehashes every key with SipHash where it lies, without memory, so that
 * the put that found the flood cannot fail: an entry still under the fast
 * hash counts as free room, and one it displaces is placed next. Placed
 * entries never move again, so every probe run stays whole. */
static void harden(cxj__strmap *map)
{
	size_t mask = map->cap - 1;
	map->strong = 1;
	for (size_t i = 0; i < map->cap; i++) {
		cxj__strmap_slot e = map->slots[i];
		if (!e.key || (e.hash & CXJ__HASH_STRONG))
			continue;
		map->slots[i].key = NULL;
		for (;;) {
			size_t j;
			e.hash = cxj__strmap_hash(map, e.key);
			j = e.hash & mask;
			while (map->slots[j].key &&
			       (map->slots[j].hash & CXJ__HASH_STRONG))
				j = (j + 1) & mask;
			if (!map->slots[j].key) {
				map->slots[j] = e;
				break;
			}
			/* an entry not yet rehashed: take its place, place it */
			cxj__strmap_slot next = map->slots[j];
			map->slots[j] = e;
			e = next;
		}
	}
}

int cxj__strmap_is_strong(const cxj__strmap *map)
{
	return map->strong;
}

size_t cxj__strmap_longest_probe(const cxj__strmap *map)
{
	size_t longest = 0, steps;
	for (size_t i = 0; i < map->cap; i++)
		if (map->slots[i].key) {
			find_slot(map, map->slots[i].key, map->slots[i].hash,
				  &steps);
			if (steps > longest)
				longest = steps;
		}
	return longest;
}

void *cxj__strmap_get(const cxj__strmap *map, const char *key)
{
	if (map->len == 0 || key == NULL)
		return NULL;
	return cxj__strmap_get_hashed(map, key, cxj__strmap_hash(map, key));
}

void *cxj__strmap_get_hashed(const cxj__strmap *map, const char *key,
			     uint64_t hash)
{
	cxj__strmap_slot *slot;
	size_t steps;
	if (map->len == 0)
		return NULL;
	slot = find_slot(map, key, current(map, key, hash), &steps);
	return slot->key ? slot->value : NULL;
}

void cxj__strmap_prefetch(const cxj__strmap *map, uint64_t hash)
{
#if defined(__GNUC__) || defined(__clang__)
	if (map->cap)
		__builtin_prefetch(&map->slots[hash & (map->cap - 1)]);
#else
	(void)map;
	(void)hash;
#endif
}

int cxj__strmap_reserve(cxj__strmap *map, size_t extra)
{
	size_t need = map->len + extra, ncap = map->cap ? map->cap : 16;
	cxj__strmap_slot *slots;
	/* keep the load factor at or below one half */
	while (ncap / 2 < need) {
		if (ncap > SIZE_MAX / 4 / sizeof *slots)
			return cxj__nomem();
		ncap *= 2;
	}
	if (ncap == map->cap)
		return CXJ_OK;
	slots = cxj__calloc(ncap, sizeof *slots);
	if (!slots)
		return cxj__nomem();
	for (size_t i = 0; i < map->cap; i++) {
		cxj__strmap_slot *old = &map->slots[i];
		if (old->key) {
			size_t j = old->hash & (ncap - 1);
			while (slots[j].key)
				j = (j + 1) & (ncap - 1);
			slots[j] = *old;
		}
	}
	cxj__free(map->slots);
	map->slots = slots;
	map->cap = ncap;
	return CXJ_OK;
}

int cxj__strmap_put(cxj__strmap *map, const char *key, void *value)
{
	return cxj__strmap_put_hashed(map, key, cxj__strmap_hash(map, key),
				      value);
}

int cxj__strmap_put_hashed(cxj__strmap *map, const char *key, uint64_t hash,
			   void *value)
{
	cxj__strmap_slot *slot;
	size_t steps;
	int rc = cxj__strmap_reserve(map, 1);
	if (rc)
		return rc;
	hash = current(map, key, hash);
	slot = find_slot(map, key, hash, &steps);
	if (!slot->key && steps > CXJ__STRMAP_PROBE_LIMIT && !map->strong) {
		harden(map);
		hash = cxj__strmap_hash(map, key);
		slot = find_slot(map, key, hash, &steps);
	}
	if (!slot->key)
		map->len++;
	slot->key = key;
	slot->value = value;
	slot->hash = hash;
	return CXJ_OK;
}

void cxj__strmap_remove(cxj__strmap *map, const char *key)
{
	size_t mask, i, j;
	cxj__strmap_slot *slot;
	size_t steps;
	if (map->len == 0)
		return;
	slot = find_slot(map, key, cxj__strmap_hash(map, key), &steps);
	if (!slot->key)
		return;
	mask = map->cap - 1;
	i = (size_t)(slot - map->slots);
	/* shift later members of the probe run back over the hole */
	for (j = (i + 1) & mask; map->slots[j].key; j = (j + 1) & mask) {
		size_t home = map->slots[j].hash & mask;
		int between = (i <= j) ? (i < home && home <= j)
				       : (i < home || home <= j);
		if (!between) {
			map->slots[i] = map->slots[j];
			i = j;
		}
	}
	map->slots[i].key = NULL;
	map->slots[i].value = NULL;
	map->len--;
}

void cxj__strmap_clear(cxj__strmap *map)
{
	cxj__free(map->slots);
	map->slots = NULL;
	map->cap = map->len = 0;
	map->strong = 0;
}
