/* strmap.c: the string-keyed hash map behind id lookup and string interning.
 * Linear probing with backward-shift deletion keeps it tombstone-free. */
#include <string.h>

#include "internal.h"

uint64_t cxj__hash(const char *s, size_t len)
{
	/* eight bytes per multiply, where FNV-1a took one: ids and keys are
	 * hashed on every lookup (a persona reference, a touchpoint's claim);
	 * the final mix makes the low bits usable as an index */
	const uint64_t k = 0xff51afd7ed558ccdULL;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len, w;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static cxj__strmap_slot *find_slot(const cxj__strmap *map, const char *key,
				   uint64_t hash)
{
	size_t mask = map->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		cxj__strmap_slot *slot = &map->slots[i];
		if (slot->key == NULL)
			return slot;
		if (slot->hash == hash && strcmp(slot->key, key) == 0)
			return slot;
	}
}

void *cxj__strmap_get(const cxj__strmap *map, const char *key)
{
	if (map->len == 0 || key == NULL)
		return NULL;
	return cxj__strmap_get_hashed(map, key, cxj__hash(key, strlen(key)));
}

void *cxj__strmap_get_hashed(const cxj__strmap *map, const char *key,
			     uint64_t hash)
{
	cxj__strmap_slot *slot;
	if (map->len == 0)
		return NULL;
	slot = find_slot(map, key, hash);
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
	return cxj__strmap_put_hashed(map, key, cxj__hash(key, strlen(key)),
				      value);
}

int cxj__strmap_put_hashed(cxj__strmap *map, const char *key, uint64_t hash,
			   void *value)
{
	cxj__strmap_slot *slot;
	int rc = cxj__strmap_reserve(map, 1);
	if (rc)
		return rc;
	slot = find_slot(map, key, hash);
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
	if (map->len == 0)
		return;
	slot = find_slot(map, key, cxj__hash(key, strlen(key)));
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
}
