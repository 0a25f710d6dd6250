/* ids.c: the id namespace a journey shares with its personas, stages and
 * touchpoints (one map from id to object, each object tagged with its
 * kind): looking ids up, claiming and renaming them, and the loader's
 * deferred claims. A lookup that misses says what was asked and the
 * nearest id of that kind. */
#include <string.h>

#include "model.h"

void *cxj__ids_lookup(const cxj_journey *journey, const char *id,
			  cxj__kind kind)
{
	cxj__kind *obj;
	if (!journey || !id)
		return NULL;
	obj = cxj__strmap_get(&journey->ids, id);
	return obj && *obj == kind ? obj : NULL;
}

static const char *kind_name(cxj__kind kind)
{
	switch (kind) {
	case CXJ__JOURNEY: return "the journey";
	case CXJ__PERSONA: return "a persona";
	case CXJ__STAGE: return "a stage";
	default: return "a touchpoint";
	}
}

const cxj__object *cxj__ids_holder(const cxj_journey *journey, const char *id)
{
	return journey && id ? cxj__strmap_get(&journey->ids, id) : NULL;
}

void *cxj__ids_find(const cxj_journey *journey, const char *id,
			cxj__kind kind)
{
	static const char *const what[] = {"", "journey", "persona", "stage",
					   "touchpoint"};
	const cxj__strmap *ids;
	cxj__kind *obj;
	cxj__nearest near;
	char hint[CXJ__HINT_SIZE];
	if (!journey || !id) {
		cxj__error(CXJ_EINVAL, "journey or id is NULL");
		return NULL;
	}
	ids = &journey->ids;
	obj = cxj__strmap_get(ids, id);
	if (obj && *obj == kind)
		return obj;
	if (obj) {
		cxj__error(CXJ_ENOTFOUND, "'%s' is %s, not a %s", id,
			   kind_name(*obj), what[kind]);
		return NULL;
	}
	cxj__nearest_init(&near, id);
	for (size_t i = 0; i < ids->cap; i++)
		if (ids->slots[i].key &&
		    *(const cxj__kind *)ids->slots[i].value == kind)
			cxj__nearest_offer(&near, ids->slots[i].key,
					   strlen(ids->slots[i].key));
	cxj__error(CXJ_ENOTFOUND, "no %s '%s' in journey '%s'%s", what[kind],
		   id, journey->id, cxj__nearest_hint(&near, hint, sizeof hint));
	return NULL;
}

int cxj__ids_claim(cxj_journey *journey, const char *id)
{
	cxj__kind *other;
	int rc = cxj__check_id(id);
	if (rc)
		return rc;
	other = cxj__strmap_get(&journey->ids, id);
	if (other)
		return cxj__error(CXJ_EEXIST, "id '%s' is already taken by %s",
				  id, kind_name(*other));
	return cxj__strmap_reserve(&journey->ids, 1);
}

int cxj__ids_add(cxj_journey *journey, const char *id, cxj__kind kind,
		 size_t size, size_t id_offset, void **items, size_t *cap,
		 size_t *len, void **out)
{
	cxj__object *obj;
	char *copy;
	int rc = cxj__ids_claim(journey, id);
	if (rc)
		return rc;
	if (cxj__reserve_in(&journey->arena, 0, items, cap, *len + 1,
			    sizeof(void *)))
		return cxj__nomem();
	obj = cxj__calloc(1, size);
	if (!obj || !(copy = cxj__strdup(id))) {
		cxj__free(obj);
		return cxj__nomem();
	}
	obj->kind_tag = kind;
	memcpy((char *)obj + id_offset, &copy, sizeof copy);
	cxj__strmap_put(&journey->ids, copy, obj); /* reserved by the claim */
	((void **)*items)[(*len)++] = obj;
	*out = obj;
	return CXJ_OK;
}

int cxj__ids_rename(cxj_journey *journey, char **slot, const char *id)
{
	void *obj;
	char *copy;
	int rc;
	if (id && *slot && strcmp(id, *slot) == 0)
		return CXJ_OK;
	if ((rc = cxj__ids_claim(journey, id)))
		return rc;
	if (!(copy = cxj__strdup(id)))
		return cxj__nomem();
	obj = cxj__strmap_get(&journey->ids, *slot);
	cxj__strmap_remove(&journey->ids, *slot);
	cxj__strmap_put(&journey->ids, copy, obj); /* reserved: cannot fail */
	cxj__text_release(&journey->arena, *slot);
	*slot = copy;
	return CXJ_OK;
}

uint64_t cxj__ids_hash(const cxj_journey *j, const char *id)
{
	return cxj__strmap_hash(&j->ids, id);
}

void cxj__ids_prefetch(const cxj_journey *j, uint64_t hash)
{
	cxj__strmap_prefetch(&j->ids, hash);
}

int cxj__ids_claim_loaded(cxj_touchpoint *tp, uint64_t hash)
{
	cxj_journey *j = tp->stage->journey;
	cxj__kind *other = cxj__strmap_get_hashed(&j->ids, tp->id, hash);
	if (other)
		return cxj__error(CXJ_EEXIST, "id '%s' is already taken by %s",
				  tp->id, kind_name(*other));
	cxj__strmap_put_hashed(&j->ids, tp->id, hash, tp); /* reserved */
	j->unclaimed--;
	return CXJ_OK;
}
