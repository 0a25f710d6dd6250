/* stage.c: the stages of a journey, and the touchpoints placed in them:
 * added, found, moved, removed, and each stage's fields. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "model.h"

int cxj_journey_add_stage(cxj_journey *j, const char *id, cxj_stage **out)
{
	cxj_stage *s;
	int rc;
	CHECK_HANDLE(j);
	if ((rc = cxj__ids_add(j, id, CXJ__STAGE, sizeof *s,
			       offsetof(cxj_stage, id), (void **)&j->stages,
			       &j->stage_cap, &j->stage_len, (void **)&s)))
		return rc;
	s->journey = j;
	if (out)
		*out = s;
	return CXJ_OK;
}

CXJ__CHILD_ACCESSORS(journey, j, stage, stages, stage_len)

cxj_stage *cxj_journey_find_stage(const cxj_journey *j, const char *id)
{
	return cxj__ids_find(j, id, CXJ__STAGE);
}

static int check_owner(const cxj_journey *j, const cxj_stage *s)
{
	CHECK_HANDLE(j);
	CHECK_HANDLE(s);
	if (s->journey != j)
		return cxj__error(CXJ_EINVAL, "stage '%s' belongs to another "
					      "journey",
				  s->id);
	return CXJ_OK;
}

int cxj_journey_move_stage(cxj_journey *j, cxj_stage *s, size_t index)
{
	size_t from;
	int rc;
	if ((rc = check_owner(j, s)))
		return rc;
	if (index >= j->stage_len)
		return cxj__error(CXJ_EINVAL,
				  "cannot move stage '%s' to %zu of %zu", s->id,
				  index, j->stage_len);
	from = cxj__ptr_index((void *const *)j->stages, j->stage_len, s);
	cxj__ptr_move((void **)j->stages, from, index);
	return CXJ_OK;
}

int cxj_journey_remove_stage(cxj_journey *j, cxj_stage *s)
{
	size_t at;
	int rc;
	if ((rc = check_owner(j, s)))
		return rc;
	at = cxj__ptr_index((void *const *)j->stages, j->stage_len, s);
	for (size_t i = 0; i < s->touchpoint_len; i++)
		cxj__strmap_remove(&j->ids, s->touchpoints[i]->id);
	j->touchpoint_total -= s->touchpoint_len;
	cxj__strmap_remove(&j->ids, s->id);
	cxj__ptr_remove_at((void **)j->stages, &j->stage_len, at);
	cxj__stage_destroy(s);
	return CXJ_OK;
}

CXJ__PLACE_ACCESSORS(stage, s, journey, stages, stage_len)

CXJ__ID_FIELD(stage, s, s->journey)
CXJ__TEXT_FIELD(stage, s, name, "name", s->journey)
CXJ__TEXT_FIELD(stage, s, description, "description",
		s->journey)
CXJ__TARGET_ACCESSORS(stage, s, s->journey)
CXJ__METRIC_ACCESSORS(stage, s)

/* ---- touchpoints within stages ---- */

int cxj_stage_add_touchpoint(cxj_stage *s, const char *id,
			     cxj_touchpoint **out)
{
	cxj_journey *j;
	cxj_touchpoint *tp;
	int rc;
	CHECK_HANDLE(s);
	j = s->journey;
	if ((rc = cxj__ids_add(j, id, CXJ__TOUCHPOINT, sizeof *tp,
			       offsetof(cxj_touchpoint, id),
			       (void **)&s->touchpoints, &s->touchpoint_cap,
			       &s->touchpoint_len, (void **)&tp)))
		return rc;
	tp->stage = s;
	j->touchpoint_total++;
	if (out)
		*out = tp;
	return CXJ_OK;
}

/* The loader's add: the touchpoint and its id go into the arena, and the
 * id's UTF-8, which libyaml checked, is not checked again. The id is
 * claimed later (see cxj__ids_claim_loaded); room is kept for
 * the claim. */
int cxj__stage_load_touchpoint(cxj_stage *s, const char *id,
			       cxj_touchpoint **out)
{
	cxj_journey *j = s->journey;
	size_t len = strlen(id);
	cxj_touchpoint *tp;
	int rc;
	if ((rc = cxj__check_loaded_id(id, len)))
		return rc;
	/* the list grows in the arena: a realloc of a large block makes
	 * glibc consolidate every small block libyaml freed */
	if (cxj__strmap_reserve(&j->ids, j->unclaimed + 1) ||
	    cxj__reserve_in(&j->arena, 1, (void **)&s->touchpoints,
			    &s->touchpoint_cap, s->touchpoint_len + 1,
			    sizeof *s->touchpoints) ||
	    !(tp = cxj__arena_alloc(&j->arena, sizeof *tp, sizeof(void *))))
		return cxj__nomem();
	memset(tp, 0, sizeof *tp);
	if (!(tp->id = cxj__arena_strndup(&j->arena, id, len)))
		return cxj__nomem();
	tp->kind_tag = CXJ__TOUCHPOINT;
	tp->stage = s;
	s->touchpoints[s->touchpoint_len++] = tp;
	j->touchpoint_total++;
	j->unclaimed++;
	*out = tp;
	return CXJ_OK;
}

CXJ__CHILD_ACCESSORS(stage, s, touchpoint, touchpoints, touchpoint_len)

int cxj_stage_move_touchpoint(cxj_stage *s, cxj_touchpoint *tp, size_t index)
{
	cxj_stage *from;
	size_t at;
	CHECK_HANDLE(s);
	CHECK_HANDLE(tp);
	from = tp->stage;
	if (from->journey != s->journey)
		return cxj__error(CXJ_EINVAL, "touchpoint '%s' belongs to "
					      "another journey",
				  tp->id);
	at = cxj__ptr_index((void *const *)from->touchpoints,
			    from->touchpoint_len, tp);
	if (from == s) {
		if (index >= s->touchpoint_len)
			return cxj__error(CXJ_EINVAL,
					  "cannot move touchpoint '%s' to %zu "
					  "of %zu",
					  tp->id, index, s->touchpoint_len);
		cxj__ptr_move((void **)s->touchpoints, at, index);
		return CXJ_OK;
	}
	if (index > s->touchpoint_len)
		return cxj__error(CXJ_EINVAL,
				  "cannot place touchpoint '%s' at %zu of %zu",
				  tp->id, index, s->touchpoint_len);
	if (cxj__reserve_in(&s->journey->arena, 0, (void **)&s->touchpoints,
			    &s->touchpoint_cap, s->touchpoint_len + 1,
			    sizeof *s->touchpoints))
		return cxj__nomem();
	cxj__ptr_remove_at((void **)from->touchpoints, &from->touchpoint_len,
			   at);
	memmove(s->touchpoints + index + 1, s->touchpoints + index,
		(s->touchpoint_len - index) * sizeof *s->touchpoints);
	s->touchpoints[index] = tp;
	s->touchpoint_len++;
	tp->stage = s;
	return CXJ_OK;
}

int cxj_stage_remove_touchpoint(cxj_stage *s, cxj_touchpoint *tp)
{
	CHECK_HANDLE(s);
	CHECK_HANDLE(tp);
	if (tp->stage != s)
		return cxj__error(CXJ_ENOTFOUND, "touchpoint '%s' is not in "
						 "stage '%s'",
				  tp->id, s->id);
	cxj__ptr_remove_at((void **)s->touchpoints, &s->touchpoint_len,
			   cxj__ptr_index((void *const *)s->touchpoints,
					  s->touchpoint_len, tp));
	cxj__strmap_remove(&s->journey->ids, tp->id);
	s->journey->touchpoint_total--;
	cxj__touchpoint_destroy(tp);
	return CXJ_OK;
}

void cxj__stage_destroy(cxj_stage *s)
{
	for (size_t i = 0; i < s->touchpoint_len; i++)
		cxj__touchpoint_destroy(s->touchpoints[i]);
	cxj__arena_free(&s->journey->arena, s->touchpoints);
	cxj__text_release(&s->journey->arena, s->id);
	cxj__text_release(&s->journey->arena, s->name);
	cxj__text_release(&s->journey->arena, s->description);
	cxj__targets_clear(&s->journey->arena, &s->targets);
	cxj__metrics_clear(&s->metrics);
	cxj__free(s);
}
