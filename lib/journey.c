/* journey.c: the journey itself: made, freed, its fields, and the finding
 * and counting of touchpoints across its stages. Objects are allocated one
 * by one so that a handle stays valid while its siblings are added, moved
 * or removed. */
#include <math.h>
#include <string.h>

#include "model.h"

/* ---- journey ---- */

int cxj_journey_new(const char *id, cxj_journey **out)
{
	cxj_journey *j;
	int rc;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if ((rc = cxj__check_id(id)))
		return rc;
	j = cxj__calloc(1, sizeof *j);
	if (!j)
		return cxj__nomem();
	j->kind_tag = CXJ__JOURNEY;
	if (!(j->id = cxj__strdup(id)) ||
	    cxj__strmap_put(&j->ids, j->id, j)) {
		cxj__free(j->id);
		cxj__free(j);
		return cxj__nomem();
	}
	*out = j;
	return CXJ_OK;
}

void cxj_journey_free(cxj_journey *j)
{
	if (!j)
		return;
	/* touchpoints first: they point at personas */
	for (size_t i = 0; i < j->stage_len; i++)
		cxj__stage_destroy(j->stages[i]);
	for (size_t i = 0; i < j->persona_len; i++)
		cxj__persona_destroy(j->personas[i]);
	cxj__free(j->stages);
	cxj__free(j->personas);
	cxj__strmap_clear(&j->ids);
	cxj__targets_clear(&j->arena, &j->targets);
	cxj__metrics_clear(&j->metrics);
	cxj__text_release(&j->arena, j->id);
	cxj__text_release(&j->arena, j->name);
	cxj__text_release(&j->arena, j->description);
	/* last: the objects above may live in it */
	cxj__arena_clear(&j->arena);
	cxj__free(j);
}

CXJ__ID_FIELD(journey, j, j)
CXJ__TEXT_FIELD(journey, j, name, "name", j)
CXJ__TEXT_FIELD(journey, j, description, "description", j)
CXJ__TARGET_ACCESSORS(journey, j, j)
CXJ__METRIC_ACCESSORS(journey, j)

cxj_touchpoint *cxj_journey_find_touchpoint(const cxj_journey *j,
					    const char *id)
{
	return cxj__ids_find(j, id, CXJ__TOUCHPOINT);
}

size_t cxj_journey_touchpoint_count(const cxj_journey *j)
{
	return j ? j->touchpoint_total : 0;
}
