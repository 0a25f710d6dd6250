/* touchpoint.c: the fields of a touchpoint across the four lines of the map:
 * journey, customer visibility, internal interaction, emotional experience. */
#include <math.h>
#include <string.h>

#include "model.h"

/* The arena of the journey that tp belongs to. */
static cxj__arena *arena_of(const cxj_touchpoint *tp)
{
	return &tp->stage->journey->arena;
}

static size_t persona_len(const cxj_touchpoint *tp, size_t kind)
{
	return cxj__plist_len(&tp->personas[kind].p);
}

static void **persona_items(const cxj_touchpoint *tp, size_t kind)
{
	return cxj__plist_items(&tp->personas[kind].p);
}

static cxj_persona *persona_at(const cxj_touchpoint *tp, size_t kind,
			       size_t index)
{
	return persona_items(tp, kind)[index];
}

void cxj__touchpoint_destroy(cxj_touchpoint *tp)
{
	const cxj__arena *a = arena_of(tp);
	char **texts[] = {&tp->id,	 &tp->name,	      &tp->description,
			  &tp->activity, &tp->channel,	      &tp->back_end_process,
			  &tp->think_feel, &tp->promise};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		cxj__text_release(a, *texts[i]);
	for (size_t i = 0; i < 4; i++)
		cxj__strlist_clear(a, &tp->lists[i]);
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < persona_len(tp, k); i++)
			persona_at(tp, k, i)->refs--;
		cxj__plist_free(a, &tp->personas[k].p);
	}
	cxj__attrs_clear(&tp->attrs);
	cxj__targets_clear(a, &tp->targets);
	cxj__metrics_clear(&tp->metrics);
	if (!cxj__arena_owns(a, tp))
		cxj__free(tp);
}

CXJ__PLACE_ACCESSORS(touchpoint, tp, stage, touchpoints, touchpoint_len)

CXJ__ID_FIELD(touchpoint, tp, tp->stage->journey)
CXJ__TEXT_FIELD(touchpoint, tp, name, "name",
		tp->stage->journey)
CXJ__TEXT_FIELD(touchpoint, tp, description, "description",
		tp->stage->journey)
CXJ__TEXT_FIELD(touchpoint, tp, activity, "activity",
		tp->stage->journey)
CXJ__TEXT_FIELD(touchpoint, tp, channel, "channel",
		tp->stage->journey)
CXJ__TEXT_FIELD(touchpoint, tp, back_end_process, "back-end process",
		tp->stage->journey)
CXJ__TEXT_FIELD(touchpoint, tp, think_feel, "think & feel",
		tp->stage->journey)
CXJ__TEXT_FIELD(touchpoint, tp, promise, "promise",
		tp->stage->journey)

int cxj_touchpoint_moment_of_truth(const cxj_touchpoint *tp)
{
	return tp ? tp->moment_of_truth : 0;
}

int cxj_touchpoint_set_moment_of_truth(cxj_touchpoint *tp, int flag)
{
	CHECK_HANDLE(tp);
	tp->moment_of_truth = flag != 0;
	return CXJ_OK;
}

cxj_experience cxj_touchpoint_experience(const cxj_touchpoint *tp)
{
	return tp ? (cxj_experience)tp->experience : CXJ_EXPERIENCE_UNKNOWN;
}

int cxj_touchpoint_set_experience(cxj_touchpoint *tp, cxj_experience e)
{
	CHECK_HANDLE(tp);
	if ((int)e < CXJ_EXPERIENCE_UNKNOWN || e > CXJ_EXPERIENCE_POSITIVE)
		return cxj__error(CXJ_EINVAL, "unknown experience %d", (int)e);
	tp->experience = (unsigned char)e;
	return CXJ_OK;
}

/* ---- text lists ---- */

static cxj__strlist *list_of(const cxj_touchpoint *tp, cxj_list list)
{
	if (!tp || (int)list < CXJ_LIST_STEPS || list > CXJ_LIST_OPPORTUNITIES)
		return NULL;
	return (cxj__strlist *)&tp->lists[list];
}

static int bad_list(const cxj_touchpoint *tp, cxj_list list)
{
	if (!tp)
		return cxj__error(CXJ_EINVAL, "touchpoint is NULL");
	return cxj__error(CXJ_EINVAL, "unknown list %d", (int)list);
}

size_t cxj_touchpoint_item_count(const cxj_touchpoint *tp, cxj_list list)
{
	cxj__strlist *l = list_of(tp, list);
	return l ? cxj__strlist_len(l) : 0;
}

const char *cxj_touchpoint_item_at(const cxj_touchpoint *tp, cxj_list list,
				   size_t index)
{
	cxj__strlist *l = list_of(tp, list);
	return l ? cxj__strlist_at(l, index) : NULL;
}

int cxj_touchpoint_add_item(cxj_touchpoint *tp, cxj_list list,
			    const char *text)
{
	cxj__strlist *l = list_of(tp, list);
	return l ? cxj__strlist_insert(arena_of(tp), l, cxj__strlist_len(l),
				       text)
		 : bad_list(tp, list);
}

int cxj_touchpoint_set_item(cxj_touchpoint *tp, cxj_list list, size_t index,
			    const char *text)
{
	cxj__strlist *l = list_of(tp, list);
	return l ? cxj__strlist_set(arena_of(tp), l, index, text)
		 : bad_list(tp, list);
}

int cxj_touchpoint_move_item(cxj_touchpoint *tp, cxj_list list, size_t from,
			     size_t to)
{
	cxj__strlist *l = list_of(tp, list);
	return l ? cxj__strlist_move(l, from, to) : bad_list(tp, list);
}

int cxj_touchpoint_remove_item(cxj_touchpoint *tp, cxj_list list,
			       size_t index)
{
	cxj__strlist *l = list_of(tp, list);
	return l ? cxj__strlist_remove(arena_of(tp), l, index)
		 : bad_list(tp, list);
}

/* ---- the loader's path ---- */

int cxj__touchpoint_load_text(cxj_touchpoint *tp, cxj__tp_text field,
			      const char *text, size_t len)
{
	char **slots[] = {&tp->name,	 &tp->description,
			  &tp->activity, &tp->channel,
			  &tp->back_end_process, &tp->think_feel,
			  &tp->promise};
	/* the lines' vocabulary: what the customer does, through which
	 * channel, by which process; the rest is prose */
	static const unsigned char share[] = {
	    CXJ__SHARE_NONE,	 CXJ__SHARE_NONE,    CXJ__SHARE_ACTIVITY,
	    CXJ__SHARE_CHANNEL, CXJ__SHARE_PROCESS, CXJ__SHARE_NONE,
	    CXJ__SHARE_NONE};
	return cxj__set_loaded_text(arena_of(tp), slots[field], text, len,
				    share[field]);
}

int cxj__touchpoint_copy_item(cxj_touchpoint *tp, cxj_list list,
			      const char *text, size_t len, char **out)
{
	/* of the lists, only the systems name things of a vocabulary */
	return cxj__strlist_copy_loaded(arena_of(tp),
					list == CXJ_LIST_SYSTEMS
					    ? CXJ__SHARE_SYSTEM
					    : CXJ__SHARE_NONE,
					text, len, out);
}

int cxj__touchpoint_load_items(cxj_touchpoint *tp, cxj_list list,
			       void *const *items, size_t n)
{
	cxj__strlist *l = list_of(tp, list);
	if (!l)
		return bad_list(tp, list);
	return cxj__plist_load(arena_of(tp), &l->p, items, n, CXJ__SHARE_NONE);
}

int cxj__touchpoint_load_target(cxj_touchpoint *tp, const char *metric,
				double value)
{
	return cxj__targets_set_loaded(arena_of(tp), &tp->targets, metric,
				       value);
}

/* ---- persona references ---- */

static int find_persona(const cxj_touchpoint *tp, const char *persona_id,
			cxj_persona **out)
{
	if (!tp)
		return cxj__error(CXJ_EINVAL, "touchpoint is NULL");
	if (!persona_id)
		return cxj__error(CXJ_EINVAL, "persona id is NULL");
	*out = cxj__ids_lookup(tp->stage->journey, persona_id,
				   CXJ__PERSONA);
	if (!*out)
		return cxj__error(CXJ_ENOTFOUND, "unknown persona '%s'",
				  persona_id);
	return CXJ_OK;
}

int cxj_touchpoint_add_persona(cxj_touchpoint *tp, const char *persona_id)
{
	cxj_persona *p;
	int rc = find_persona(tp, persona_id, &p);
	if (rc)
		return rc;
	return cxj__touchpoint_refer(tp, p, 0);
}

int cxj__touchpoint_check_refer(const cxj_touchpoint *tp,
				void *const *read, size_t n,
				const cxj_persona *p)
{
	size_t len = persona_len(tp, p->kind);
	if (cxj__ptr_index(persona_items(tp, p->kind), len, p) < len ||
	    cxj__ptr_index(read, n, p) < n)
		return cxj__error(CXJ_EEXIST,
				  "touchpoint '%s' already refers to persona "
				  "'%s'",
				  tp->id, p->id);
	return CXJ_OK;
}

int cxj__touchpoint_load_personas(cxj_touchpoint *tp, cxj_persona_kind kind,
				  void *const *items, size_t n)
{
	/* pairs of references repeat across a map: one block serves them */
	int rc = cxj__plist_load(arena_of(tp), &tp->personas[kind].p, items, n,
				 CXJ__SHARE_PERSONAS);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		((cxj_persona *)items[i])->refs++;
	return CXJ_OK;
}

int cxj__touchpoint_refer(cxj_touchpoint *tp, cxj_persona *p, int load)
{
	cxj__plist *l = &tp->personas[p->kind].p;
	int rc = cxj__touchpoint_check_refer(tp, NULL, 0, p);
	if (rc)
		return rc;
	if (cxj__plist_insert(arena_of(tp), load, l, cxj__plist_len(l), p))
		return cxj__nomem();
	p->refs++;
	return CXJ_OK;
}

int cxj_touchpoint_remove_persona(cxj_touchpoint *tp, const char *persona_id)
{
	cxj_persona *p;
	size_t at, len;
	int rc = find_persona(tp, persona_id, &p);
	if (rc)
		return rc;
	len = persona_len(tp, p->kind);
	at = cxj__ptr_index(persona_items(tp, p->kind), len, p);
	if (at == len)
		return cxj__error(CXJ_ENOTFOUND,
				  "touchpoint '%s' does not refer to persona "
				  "'%s'",
				  tp->id, p->id);
	cxj__plist_remove_at(arena_of(tp), &tp->personas[p->kind].p, at);
	p->refs--;
	return CXJ_OK;
}

size_t cxj_touchpoint_persona_count(const cxj_touchpoint *tp,
				    cxj_persona_kind kind)
{
	if (!tp || (int)kind < 0 || kind > CXJ_PERSONA_BACK_OFFICE)
		return 0;
	return persona_len(tp, kind);
}

cxj_persona *cxj_touchpoint_persona_at(const cxj_touchpoint *tp,
				       cxj_persona_kind kind, size_t index)
{
	if (index >= cxj_touchpoint_persona_count(tp, kind))
		return NULL;
	return persona_at(tp, kind, index);
}

/* ---- attributes, targets and stored metrics ---- */

CXJ__ATTR_ACCESSORS(touchpoint, tp)
CXJ__TARGET_ACCESSORS(touchpoint, tp, tp->stage->journey)
CXJ__METRIC_ACCESSORS(touchpoint, tp)
