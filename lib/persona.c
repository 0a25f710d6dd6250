/* persona.c: the archetypes of a journey: customers, front-office roles and
 * back-office roles. A persona stays while a touchpoint refers to it. */
#include <stddef.h>
#include <string.h>

#include "model.h"

static int check_kind(cxj_persona_kind kind)
{
	if ((int)kind < CXJ_PERSONA_CUSTOMER || kind > CXJ_PERSONA_BACK_OFFICE)
		return cxj__error(CXJ_EINVAL, "unknown persona kind %d",
				  (int)kind);
	return CXJ_OK;
}

int cxj_journey_add_persona(cxj_journey *j, const char *id,
			    cxj_persona_kind kind, cxj_persona **out)
{
	cxj_persona *p;
	int rc;
	CHECK_HANDLE(j);
	if ((rc = check_kind(kind)) ||
	    (rc = cxj__ids_add(j, id, CXJ__PERSONA, sizeof *p,
			       offsetof(cxj_persona, id), (void **)&j->personas,
			       &j->persona_cap, &j->persona_len, (void **)&p)))
		return rc;
	p->journey = j;
	p->kind = kind;
	if (out)
		*out = p;
	return CXJ_OK;
}

CXJ__CHILD_ACCESSORS(journey, j, persona, personas, persona_len)

cxj_persona *cxj_journey_find_persona(const cxj_journey *j, const char *id)
{
	return cxj__ids_find(j, id, CXJ__PERSONA);
}

static int check_owner(const cxj_journey *j, const cxj_persona *p)
{
	if (!j || !p)
		return cxj__error(CXJ_EINVAL, "journey or persona is NULL");
	if (p->journey != j)
		return cxj__error(CXJ_EINVAL, "persona '%s' belongs to another "
					      "journey",
				  p->id);
	return CXJ_OK;
}

int cxj_journey_move_persona(cxj_journey *j, cxj_persona *p, size_t index)
{
	int rc = check_owner(j, p);
	if (rc)
		return rc;
	if (index >= j->persona_len)
		return cxj__error(CXJ_EINVAL,
				  "cannot move persona '%s' to %zu of %zu",
				  p->id, index, j->persona_len);
	cxj__ptr_move((void **)j->personas,
		      cxj__ptr_index((void *const *)j->personas,
				     j->persona_len, p),
		      index);
	return CXJ_OK;
}

int cxj_journey_remove_persona(cxj_journey *j, cxj_persona *p)
{
	int rc = check_owner(j, p);
	if (rc)
		return rc;
	if (p->refs)
		return cxj__error(CXJ_EINUSE,
				  "persona '%s' is still referenced %zu "
				  "time(s) by touchpoints",
				  p->id, p->refs);
	cxj__strmap_remove(&j->ids, p->id);
	cxj__ptr_remove_at((void **)j->personas, &j->persona_len,
			   cxj__ptr_index((void *const *)j->personas,
					  j->persona_len, p));
	cxj__persona_destroy(p);
	return CXJ_OK;
}

void cxj__persona_destroy(cxj_persona *p)
{
	const cxj__arena *a = &p->journey->arena;
	cxj__text_release(a, p->id);
	cxj__text_release(a, p->name);
	cxj__text_release(a, p->description);
	cxj__attrs_clear(&p->attrs);
	cxj__free(p);
}

CXJ__PLACE_ACCESSORS(persona, p, journey, personas, persona_len)

CXJ__ID_FIELD(persona, p, p->journey)
CXJ__TEXT_FIELD(persona, p, name, "name", p->journey)
CXJ__TEXT_FIELD(persona, p, description, "description",
		p->journey)

cxj_persona_kind cxj_persona_kind_of(const cxj_persona *p)
{
	return p ? p->kind : CXJ_PERSONA_CUSTOMER;
}

int cxj_persona_set_kind(cxj_persona *p, cxj_persona_kind kind)
{
	int rc;
	CHECK_HANDLE(p);
	if ((rc = check_kind(kind)))
		return rc;
	if (kind == p->kind)
		return CXJ_OK;
	/* touchpoints file references by kind; changing it would misfile them */
	if (p->refs)
		return cxj__error(CXJ_EINUSE,
				  "persona '%s' is referenced by touchpoints; "
				  "remove the references before changing its "
				  "kind",
				  p->id);
	p->kind = kind;
	return CXJ_OK;
}

CXJ__ATTR_ACCESSORS(persona, p)
