/* check_journey.c: the journey model: personas, stages, touchpoints, their
 * fields, ids, references, targets, validation and allocation failures. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* the one pointer of stored metrics */
#include "testutil.h"

/* Runs call with the 1st, 2nd, ... allocation failing until it succeeds;
 * each failure must be CXJ_ENOMEM and leave j as it was. A failed call may
 * keep capacity it grew inside j, so leaks are checked once j is freed. */
#define SWEPT(j, call)                                                         \
	do {                                                                   \
		for (unsigned long n_ = 1;; n_++) {                            \
			char *before_ = cxjt_dump(j);                               \
			int rc_;                                               \
			cxjt_fail_at(n_);                                      \
			rc_ = (call);                                          \
			cxjt_fail_at(0);                                       \
			if (rc_ == CXJ_OK) {                                   \
				free(before_);                                 \
				break;                                         \
			}                                                      \
			ck_assert_msg(rc_ == CXJ_ENOMEM,                       \
				      "%s with allocation %lu failing: %d",    \
				      #call, n_, rc_);                         \
			{                                                      \
				char *after_ = cxjt_dump(j);                        \
				ck_assert_str_eq(before_, after_);             \
				free(after_);                                  \
			}                                                      \
			free(before_);                                         \
		}                                                              \
	} while (0)

/* ---- a small fixture ---- */

static cxj_journey *fixture(void)
{
	cxj_journey *j;
	cxj_stage *s;
	cxj_touchpoint *tp;
	ck_assert_rc(cxj_journey_new("support", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "fi", CXJ_PERSONA_CUSTOMER,
					     NULL),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "agent",
					     CXJ_PERSONA_FRONT_OFFICE, NULL),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "l2", CXJ_PERSONA_BACK_OFFICE,
					     NULL),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "contact", &s), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "call", &tp), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_channel(tp, "phone"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "fi"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "agent"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "l2"), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "email", NULL), CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "resolve", NULL), CXJ_OK);
	return j;
}

/* ---- journey ---- */

START_TEST(journey_new_and_fields)
{
	cxj_journey *j = NULL;
	ck_assert_rc(cxj_journey_new("itsm", &j), CXJ_OK);
	ck_assert_str_eq(cxj_journey_id(j), "itsm");
	ck_assert_str_eq(cxj_journey_name(j), "");
	ck_assert_str_eq(cxj_journey_description(j), "");
	ck_assert_rc(cxj_journey_set_name(j, "ITSM support"), CXJ_OK);
	ck_assert_rc(cxj_journey_set_description(j, "Tickets, ✓ äö"), CXJ_OK);
	ck_assert_str_eq(cxj_journey_name(j), "ITSM support");
	ck_assert_str_eq(cxj_journey_description(j), "Tickets, ✓ äö");
	ck_assert_rc(cxj_journey_set_name(j, NULL), CXJ_OK);
	ck_assert_str_eq(cxj_journey_name(j), "");
	ck_assert_rc(cxj_journey_set_name(j, "x\xff"), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_set_id(j, "itsm-2"), CXJ_OK);
	ck_assert_str_eq(cxj_journey_id(j), "itsm-2");
	ck_assert_uint_eq(cxj_journey_stage_count(j), 0);
	ck_assert_uint_eq(cxj_journey_persona_count(j), 0);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 0);
	ck_assert_ptr_null(cxj_journey_stage_at(j, 0));
	ck_assert_ptr_null(cxj_journey_persona_at(j, 0));
	cxj_journey_free(j);
	cxj_journey_free(NULL);
}
END_TEST

START_TEST(journey_new_refuses_bad_ids)
{
	cxj_journey *j = (cxj_journey *)0x1;
	char longid[300];
	memset(longid, 'a', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	ck_assert_rc(cxj_journey_new(NULL, &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new("", &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new("two words", &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new("tab\there", &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new("bad\xc3", &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new("\xed\xa0\x80", &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new("\xc0\xaf", &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new(longid, &j), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_new("ok", NULL), CXJ_EINVAL);
	/* a failed call leaves *out untouched */
	ck_assert_ptr_eq(j, (cxj_journey *)0x1);
	longid[255] = '\0';
	ck_assert_rc(cxj_journey_new(longid, &j), CXJ_OK);
	cxj_journey_free(j);
	ck_assert_rc(cxj_journey_new("kundresa-ö", &j), CXJ_OK);
	cxj_journey_free(j);
}
END_TEST

START_TEST(null_handles_are_refused_not_crashed)
{
	ck_assert_rc(cxj_journey_set_name(NULL, "x"), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_add_stage(NULL, "x", NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_add_persona(NULL, "x", 0, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_add_touchpoint(NULL, "x", NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_set_channel(NULL, "x"), CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_add_item(NULL, CXJ_LIST_STEPS, "x"),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_add_persona(NULL, "x"), CXJ_EINVAL);
	ck_assert_rc(cxj_persona_set_attr(NULL, "k", "v"), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_validate(NULL, NULL), CXJ_EINVAL);
	ck_assert_str_eq(cxj_journey_id(NULL), "");
	ck_assert_str_eq(cxj_touchpoint_channel(NULL), "");
	ck_assert_uint_eq(cxj_stage_touchpoint_count(NULL), 0);
	ck_assert(isnan(cxj_touchpoint_target(NULL, "nps")));
	ck_assert_ptr_null(cxj_persona_attr(NULL, "k"));
}
END_TEST

/* ---- ids ---- */

START_TEST(ids_are_unique_across_the_journey)
{
	cxj_journey *j = fixture();
	cxj_stage *s = cxj_journey_stage_at(j, 0);
	ck_assert_rc(cxj_journey_add_stage(j, "call", NULL), CXJ_EEXIST);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "'call'"));
	ck_assert_rc(cxj_journey_add_persona(j, "contact", 0, NULL),
		     CXJ_EEXIST);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "fi", NULL), CXJ_EEXIST);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "support", NULL), CXJ_EEXIST);
	ck_assert_rc(cxj_stage_set_id(s, "resolve"), CXJ_EEXIST);
	ck_assert_rc(cxj_stage_set_id(s, "bad id"), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_set_id(s, "contact"), CXJ_OK); /* same id */
	ck_assert_rc(cxj_stage_set_id(s, "first-contact"), CXJ_OK);
	ck_assert_ptr_eq(cxj_journey_find_stage(j, "first-contact"), s);
	ck_assert_ptr_null(cxj_journey_find_stage(j, "contact"));
	/* the old id is free again */
	ck_assert_rc(cxj_journey_add_persona(j, "contact", 0, NULL), CXJ_OK);
	/* find checks the kind behind the id */
	ck_assert_ptr_null(cxj_journey_find_stage(j, "call"));
	ck_assert_ptr_null(cxj_journey_find_persona(j, "call"));
	ck_assert_ptr_nonnull(cxj_journey_find_touchpoint(j, "call"));
	ck_assert_ptr_null(cxj_journey_find_touchpoint(j, NULL));
	ck_assert_rc(cxj_journey_set_id(j, "call"), CXJ_EEXIST);
	cxj_journey_free(j);
}
END_TEST

/* ---- personas ---- */

START_TEST(personas_add_find_move_remove)
{
	cxj_journey *j;
	cxj_persona *a, *b, *c;
	ck_assert_rc(cxj_journey_new("j", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "a", CXJ_PERSONA_CUSTOMER, &a),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "b", CXJ_PERSONA_FRONT_OFFICE,
					     &b),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "c", CXJ_PERSONA_BACK_OFFICE,
					     &c),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "d", (cxj_persona_kind)7, NULL),
		     CXJ_EINVAL);
	ck_assert_uint_eq(cxj_journey_persona_count(j), 3);
	ck_assert_ptr_eq(cxj_journey_persona_at(j, 1), b);
	ck_assert_ptr_eq(cxj_journey_find_persona(j, "c"), c);
	ck_assert_ptr_eq(cxj_persona_journey(c), j);
	ck_assert_int_eq(cxj_persona_kind_of(b), CXJ_PERSONA_FRONT_OFFICE);
	ck_assert_rc(cxj_journey_move_persona(j, c, 0), CXJ_OK);
	ck_assert_uint_eq(cxj_persona_index(c), 0);
	ck_assert_uint_eq(cxj_persona_index(a), 1);
	ck_assert_uint_eq(cxj_persona_index(b), 2);
	ck_assert_rc(cxj_journey_move_persona(j, c, 3), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_move_persona(j, c, 2), CXJ_OK);
	ck_assert_ptr_eq(cxj_journey_persona_at(j, 2), c);
	ck_assert_rc(cxj_persona_set_name(a, "Finnish team"), CXJ_OK);
	ck_assert_rc(cxj_persona_set_description(a, "Delivery executives"),
		     CXJ_OK);
	ck_assert_str_eq(cxj_persona_name(a), "Finnish team");
	ck_assert_str_eq(cxj_persona_description(a), "Delivery executives");
	ck_assert_rc(cxj_persona_set_kind(a, CXJ_PERSONA_BACK_OFFICE), CXJ_OK);
	ck_assert_int_eq(cxj_persona_kind_of(a), CXJ_PERSONA_BACK_OFFICE);
	ck_assert_rc(cxj_persona_set_kind(a, (cxj_persona_kind)-1),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_persona_set_id(a, "fi-team"), CXJ_OK);
	ck_assert_ptr_eq(cxj_journey_find_persona(j, "fi-team"), a);
	ck_assert_rc(cxj_journey_remove_persona(j, b), CXJ_OK);
	ck_assert_uint_eq(cxj_journey_persona_count(j), 2);
	ck_assert_ptr_null(cxj_journey_find_persona(j, "b"));
	{
		cxj_journey *other;
		cxj_persona *x;
		ck_assert_rc(cxj_journey_new("other", &other), CXJ_OK);
		ck_assert_rc(cxj_journey_add_persona(other, "x", 0, &x), CXJ_OK);
		ck_assert_rc(cxj_journey_remove_persona(j, x), CXJ_EINVAL);
		ck_assert_rc(cxj_journey_move_persona(j, x, 0), CXJ_EINVAL);
		cxj_journey_free(other);
	}
	cxj_journey_free(j);
}
END_TEST

START_TEST(referenced_persona_cannot_be_removed)
{
	cxj_journey *j = fixture();
	cxj_persona *fi = cxj_journey_find_persona(j, "fi");
	cxj_touchpoint *call = cxj_journey_find_touchpoint(j, "call");
	ck_assert_rc(cxj_journey_remove_persona(j, fi), CXJ_EINUSE);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "'fi'"));
	ck_assert_rc(cxj_persona_set_kind(fi, CXJ_PERSONA_BACK_OFFICE),
		     CXJ_EINUSE);
	ck_assert_rc(cxj_persona_set_kind(fi, CXJ_PERSONA_CUSTOMER), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_remove_persona(call, "fi"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_remove_persona(call, "fi"), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_journey_remove_persona(j, fi), CXJ_OK);
	/* removing a touchpoint releases its references */
	ck_assert_rc(cxj_journey_remove_persona(
			     j, cxj_journey_find_persona(j, "agent")),
		     CXJ_EINUSE);
	ck_assert_rc(cxj_stage_remove_touchpoint(cxj_touchpoint_stage(call),
						 call),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_remove_persona(
			     j, cxj_journey_find_persona(j, "agent")),
		     CXJ_OK);
	/* so does removing a stage */
	ck_assert_rc(cxj_stage_add_touchpoint(cxj_journey_find_stage(j,
								     "resolve"),
					      "fix", &call),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(call, "l2"), CXJ_OK);
	ck_assert_rc(cxj_journey_remove_stage(j, cxj_journey_find_stage(
							 j, "resolve")),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_remove_persona(j, cxj_journey_find_persona(
							   j, "l2")),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_journey_persona_count(j), 0);
	cxj_journey_free(j);
}
END_TEST

START_TEST(persona_attributes)
{
	cxj_journey *j;
	cxj_persona *p;
	const char *k, *v;
	ck_assert_rc(cxj_journey_new("j", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "fi", 0, &p), CXJ_OK);
	ck_assert_uint_eq(cxj_persona_attr_count(p), 0);
	ck_assert_rc(cxj_persona_set_attr(p, "country", "FI"), CXJ_OK);
	ck_assert_rc(cxj_persona_set_attr(p, "segment", "enterprise"), CXJ_OK);
	ck_assert_rc(cxj_persona_set_attr(p, "country", "Suomi"), CXJ_OK);
	ck_assert_uint_eq(cxj_persona_attr_count(p), 2);
	ck_assert_str_eq(cxj_persona_attr(p, "country"), "Suomi");
	ck_assert_ptr_null(cxj_persona_attr(p, "team"));
	ck_assert_rc(cxj_persona_attr_at(p, 1, &k, &v), CXJ_OK);
	ck_assert_str_eq(k, "segment");
	ck_assert_str_eq(v, "enterprise");
	ck_assert_rc(cxj_persona_attr_at(p, 2, &k, &v), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_persona_set_attr(p, "", "x"), CXJ_EINVAL);
	ck_assert_rc(cxj_persona_set_attr(p, NULL, "x"), CXJ_EINVAL);
	ck_assert_rc(cxj_persona_set_attr(p, "k", NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_persona_set_attr(p, "k", "\x80"), CXJ_EINVAL);
	ck_assert_rc(cxj_persona_remove_attr(p, "country"), CXJ_OK);
	ck_assert_rc(cxj_persona_remove_attr(p, "country"), CXJ_ENOTFOUND);
	ck_assert_uint_eq(cxj_persona_attr_count(p), 1);
	ck_assert_rc(cxj_persona_attr_at(p, 0, &k, NULL), CXJ_OK);
	ck_assert_str_eq(k, "segment");
	cxj_journey_free(j);
}
END_TEST

/* ---- stages and touchpoints ---- */

START_TEST(stages_order_and_removal)
{
	cxj_journey *j = fixture();
	cxj_stage *contact = cxj_journey_find_stage(j, "contact");
	cxj_stage *resolve = cxj_journey_find_stage(j, "resolve");
	cxj_stage *follow;
	ck_assert_rc(cxj_journey_add_stage(j, "follow-up", &follow), CXJ_OK);
	ck_assert_uint_eq(cxj_journey_stage_count(j), 3);
	ck_assert_uint_eq(cxj_stage_index(follow), 2);
	ck_assert_ptr_eq(cxj_stage_journey(follow), j);
	ck_assert_rc(cxj_journey_move_stage(j, follow, 0), CXJ_OK);
	ck_assert_ptr_eq(cxj_journey_stage_at(j, 0), follow);
	ck_assert_ptr_eq(cxj_journey_stage_at(j, 1), contact);
	ck_assert_ptr_eq(cxj_journey_stage_at(j, 2), resolve);
	ck_assert_rc(cxj_journey_move_stage(j, follow, 3), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_set_name(resolve, "Resolve"), CXJ_OK);
	ck_assert_rc(cxj_stage_set_description(resolve, "Fix it"), CXJ_OK);
	ck_assert_str_eq(cxj_stage_name(resolve), "Resolve");
	ck_assert_str_eq(cxj_stage_description(resolve), "Fix it");
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 2);
	ck_assert_rc(cxj_journey_remove_stage(j, contact), CXJ_OK);
	ck_assert_uint_eq(cxj_journey_stage_count(j), 2);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 0);
	ck_assert_ptr_null(cxj_journey_find_touchpoint(j, "call"));
	/* ids of removed touchpoints may be used again */
	ck_assert_rc(cxj_stage_add_touchpoint(resolve, "call", NULL), CXJ_OK);
	{
		cxj_journey *other;
		cxj_stage *x;
		ck_assert_rc(cxj_journey_new("o", &other), CXJ_OK);
		ck_assert_rc(cxj_journey_add_stage(other, "x", &x), CXJ_OK);
		ck_assert_rc(cxj_journey_remove_stage(j, x), CXJ_EINVAL);
		ck_assert_rc(cxj_journey_move_stage(j, x, 0), CXJ_EINVAL);
		ck_assert_rc(cxj_stage_move_touchpoint(
				     x, cxj_journey_find_touchpoint(j, "call"),
				     0),
			     CXJ_EINVAL);
		cxj_journey_free(other);
	}
	cxj_journey_free(j);
}
END_TEST

START_TEST(touchpoints_move_within_and_across_stages)
{
	cxj_journey *j = fixture();
	cxj_stage *contact = cxj_journey_find_stage(j, "contact");
	cxj_stage *resolve = cxj_journey_find_stage(j, "resolve");
	cxj_touchpoint *call = cxj_journey_find_touchpoint(j, "call");
	cxj_touchpoint *email = cxj_journey_find_touchpoint(j, "email");
	cxj_touchpoint *chat;
	ck_assert_rc(cxj_stage_add_touchpoint(contact, "chat", &chat), CXJ_OK);
	ck_assert_uint_eq(cxj_stage_touchpoint_count(contact), 3);
	ck_assert_uint_eq(cxj_touchpoint_index(chat), 2);
	ck_assert_rc(cxj_stage_move_touchpoint(contact, chat, 0), CXJ_OK);
	ck_assert_ptr_eq(cxj_stage_touchpoint_at(contact, 0), chat);
	ck_assert_ptr_eq(cxj_stage_touchpoint_at(contact, 1), call);
	ck_assert_ptr_eq(cxj_stage_touchpoint_at(contact, 2), email);
	ck_assert_ptr_null(cxj_stage_touchpoint_at(contact, 3));
	ck_assert_rc(cxj_stage_move_touchpoint(contact, chat, 3), CXJ_EINVAL);
	/* across stages: index may equal the count */
	ck_assert_rc(cxj_stage_move_touchpoint(resolve, call, 1), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_move_touchpoint(resolve, call, 0), CXJ_OK);
	ck_assert_rc(cxj_stage_move_touchpoint(resolve, email, 1), CXJ_OK);
	ck_assert_ptr_eq(cxj_touchpoint_stage(call), resolve);
	ck_assert_uint_eq(cxj_stage_touchpoint_count(contact), 1);
	ck_assert_uint_eq(cxj_stage_touchpoint_count(resolve), 2);
	ck_assert_uint_eq(cxj_touchpoint_index(email), 1);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 3);
	ck_assert_rc(cxj_stage_remove_touchpoint(contact, call), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_stage_remove_touchpoint(resolve, call), CXJ_OK);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 2);
	cxj_journey_free(j);
}
END_TEST

START_TEST(touchpoint_four_lines)
{
	cxj_journey *j = fixture();
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "call");
	ck_assert_rc(cxj_touchpoint_set_name(tp, "Call the desk"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_description(tp, "d"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_activity(tp, "Report"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_back_end_process(tp, "Routing"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_think_feel(tp, "Heard"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_promise(tp, "Answer in 2 min"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_moment_of_truth(tp, 5), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_experience(tp, CXJ_EXPERIENCE_POSITIVE),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_experience(tp, (cxj_experience)4),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_touchpoint_id(tp), "call");
	ck_assert_str_eq(cxj_touchpoint_name(tp), "Call the desk");
	ck_assert_str_eq(cxj_touchpoint_description(tp), "d");
	ck_assert_str_eq(cxj_touchpoint_activity(tp), "Report");
	ck_assert_str_eq(cxj_touchpoint_channel(tp), "phone");
	ck_assert_str_eq(cxj_touchpoint_back_end_process(tp), "Routing");
	ck_assert_str_eq(cxj_touchpoint_think_feel(tp), "Heard");
	ck_assert_str_eq(cxj_touchpoint_promise(tp), "Answer in 2 min");
	ck_assert_int_eq(cxj_touchpoint_moment_of_truth(tp), 1);
	ck_assert_int_eq(cxj_touchpoint_experience(tp),
			 CXJ_EXPERIENCE_POSITIVE);
	ck_assert_rc(cxj_touchpoint_set_think_feel(tp, "\xe2\x82"), CXJ_EINVAL);
	ck_assert_str_eq(cxj_touchpoint_think_feel(tp), "Heard");
	ck_assert_rc(cxj_touchpoint_set_channel(tp, ""), CXJ_OK);
	ck_assert_str_eq(cxj_touchpoint_channel(tp), "");
	ck_assert_rc(cxj_touchpoint_set_id(tp, "phone-call"), CXJ_OK);
	ck_assert_ptr_eq(cxj_journey_find_touchpoint(j, "phone-call"), tp);
	ck_assert_rc(cxj_touchpoint_set_id(tp, "email"), CXJ_EEXIST);
	cxj_journey_free(j);
}
END_TEST

START_TEST(touchpoint_lists)
{
	cxj_journey *j = fixture();
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "call");
	for (int l = CXJ_LIST_STEPS; l <= CXJ_LIST_OPPORTUNITIES; l++)
		ck_assert_uint_eq(cxj_touchpoint_item_count(tp, l), 0);
	ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS, "a"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS, "b"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS, "c"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_SYSTEMS, "ITSM"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS, ""),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS, NULL),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_add_item(tp, (cxj_list)9, "x"), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_touchpoint_item_count(tp, CXJ_LIST_PAIN_POINTS),
			  3);
	ck_assert_uint_eq(cxj_touchpoint_item_count(tp, CXJ_LIST_SYSTEMS), 1);
	ck_assert_uint_eq(cxj_touchpoint_item_count(tp, (cxj_list)9), 0);
	ck_assert_rc(cxj_touchpoint_move_item(tp, CXJ_LIST_PAIN_POINTS, 2, 0),
		     CXJ_OK);
	ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS, 0),
			 "c");
	ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS, 1),
			 "a");
	ck_assert_rc(cxj_touchpoint_move_item(tp, CXJ_LIST_PAIN_POINTS, 0, 3),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_set_item(tp, CXJ_LIST_PAIN_POINTS, 1, "A"),
		     CXJ_OK);
	ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS, 1),
			 "A");
	ck_assert_rc(cxj_touchpoint_set_item(tp, CXJ_LIST_PAIN_POINTS, 5, "A"),
		     CXJ_ENOTFOUND);
	ck_assert_rc(cxj_touchpoint_remove_item(tp, CXJ_LIST_PAIN_POINTS, 0),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_remove_item(tp, CXJ_LIST_PAIN_POINTS, 2),
		     CXJ_ENOTFOUND);
	ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS, 0),
			 "A");
	ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS, 1),
			 "b");
	ck_assert_ptr_null(cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS, 2));
	ck_assert_rc(cxj_touchpoint_set_item(tp, (cxj_list)-1, 0, "x"),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_move_item(tp, (cxj_list)-1, 0, 0),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_remove_item(tp, (cxj_list)-1, 0),
		     CXJ_EINVAL);
	cxj_journey_free(j);
}
END_TEST

START_TEST(touchpoint_persona_references)
{
	cxj_journey *j = fixture();
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "email");
	cxj_persona *se;
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "fi-team"), CXJ_ENOTFOUND);
	ck_assert_str_eq(cxj_error_last()->message, "unknown persona 'fi-team'");
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "contact"), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_add_persona(j, "se", CXJ_PERSONA_CUSTOMER,
					     &se),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "se"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "fi"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "fi"), CXJ_EEXIST);
	ck_assert_rc(cxj_touchpoint_add_persona(tp, "l2"), CXJ_OK);
	ck_assert_uint_eq(cxj_touchpoint_persona_count(tp, CXJ_PERSONA_CUSTOMER),
			  2);
	ck_assert_uint_eq(
		cxj_touchpoint_persona_count(tp, CXJ_PERSONA_FRONT_OFFICE), 0);
	ck_assert_uint_eq(
		cxj_touchpoint_persona_count(tp, CXJ_PERSONA_BACK_OFFICE), 1);
	ck_assert_uint_eq(cxj_touchpoint_persona_count(tp, (cxj_persona_kind)5),
			  0);
	ck_assert_ptr_eq(cxj_touchpoint_persona_at(tp, CXJ_PERSONA_CUSTOMER, 0),
			 se);
	ck_assert_ptr_null(
		cxj_touchpoint_persona_at(tp, CXJ_PERSONA_CUSTOMER, 2));
	ck_assert_rc(cxj_touchpoint_remove_persona(tp, "se"), CXJ_OK);
	ck_assert_str_eq(cxj_persona_id(cxj_touchpoint_persona_at(
				 tp, CXJ_PERSONA_CUSTOMER, 0)),
			 "fi");
	ck_assert_rc(cxj_touchpoint_remove_persona(tp, "nobody"),
		     CXJ_ENOTFOUND);
	/* a renamed persona is still the one referred to */
	ck_assert_rc(cxj_persona_set_id(cxj_journey_find_persona(j, "fi"),
					"fi-team"),
		     CXJ_OK);
	ck_assert_str_eq(cxj_persona_id(cxj_touchpoint_persona_at(
				 tp, CXJ_PERSONA_CUSTOMER, 0)),
			 "fi-team");
	cxj_journey_free(j);
}
END_TEST

START_TEST(touchpoint_attributes)
{
	cxj_journey *j = fixture();
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "call");
	const char *k, *v;
	ck_assert_rc(cxj_touchpoint_set_attr(tp, "queue", "L1"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_attr(tp, "sla", "4h"), CXJ_OK);
	ck_assert_uint_eq(cxj_touchpoint_attr_count(tp), 2);
	ck_assert_str_eq(cxj_touchpoint_attr(tp, "sla"), "4h");
	ck_assert_rc(cxj_touchpoint_attr_at(tp, 0, &k, &v), CXJ_OK);
	ck_assert_str_eq(k, "queue");
	ck_assert_str_eq(v, "L1");
	ck_assert_rc(cxj_touchpoint_attr_at(tp, 9, &k, &v), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_touchpoint_remove_attr(tp, "queue"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_remove_attr(tp, "queue"), CXJ_ENOTFOUND);
	ck_assert_uint_eq(cxj_touchpoint_attr_count(tp), 1);
	cxj_journey_free(j);
}
END_TEST

START_TEST(targets_on_every_level)
{
	cxj_journey *j = fixture();
	cxj_stage *s = cxj_journey_find_stage(j, "contact");
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "call");
	const char *m;
	double v;
	ck_assert_rc(cxj_journey_set_target(j, "nps", 30), CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "nps", -100), CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "nps", 120), CXJ_ERANGE);
	ck_assert_rc(cxj_journey_set_target(j, "csat", 100.5), CXJ_ERANGE);
	ck_assert_rc(cxj_journey_set_target(j, "ces", 0.5), CXJ_ERANGE);
	ck_assert_rc(cxj_journey_set_target(j, "ces", NAN), CXJ_ERANGE);
	ck_assert_rc(cxj_journey_set_target(j, "handle-time", INFINITY),
		     CXJ_ERANGE);
	ck_assert_rc(cxj_journey_set_target(j, "", 1), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_set_target(j, NULL, 1), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_journey_target_count(j), 1);
	ck_assert(cxj_journey_target(j, "nps") == -100);
	ck_assert(isnan(cxj_journey_target(j, "csat")));
	ck_assert_rc(cxj_stage_set_target(s, "csat", 85), CXJ_OK);
	ck_assert_rc(cxj_stage_set_target(s, "ces", 5.5), CXJ_OK);
	ck_assert_uint_eq(cxj_stage_target_count(s), 2);
	ck_assert_rc(cxj_stage_target_at(s, 1, &m, &v), CXJ_OK);
	ck_assert_str_eq(m, "ces");
	ck_assert(v == 5.5);
	ck_assert(cxj_stage_target(s, "csat") == 85);
	ck_assert_rc(cxj_stage_target_at(s, 2, &m, &v), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_stage_remove_target(s, "csat"), CXJ_OK);
	ck_assert_rc(cxj_stage_remove_target(s, "csat"), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_touchpoint_set_target(tp, "handle-time", 240.0),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_target(tp, "handle-time", -3.0),
		     CXJ_OK); /* KPIs have no fixed scale */
	ck_assert(cxj_touchpoint_target(tp, "handle-time") == -3.0);
	ck_assert_uint_eq(cxj_touchpoint_target_count(tp), 1);
	ck_assert_rc(cxj_touchpoint_target_at(tp, 0, &m, NULL), CXJ_OK);
	ck_assert_str_eq(m, "handle-time");
	ck_assert_rc(cxj_touchpoint_remove_target(tp, "handle-time"), CXJ_OK);
	ck_assert_uint_eq(cxj_touchpoint_target_count(tp), 0);
	ck_assert_rc(cxj_journey_target_at(j, 0, &m, &v), CXJ_OK);
	ck_assert_rc(cxj_journey_remove_target(j, "nps"), CXJ_OK);
	ck_assert_rc(cxj_journey_remove_target(j, NULL), CXJ_ENOTFOUND);
	cxj_journey_free(j);
}
END_TEST

/* ---- stored metrics ---- */

/* The six calls of one kind of object, behind one signature, so that one
 * test body checks all three kinds. */
typedef struct metric_api {
	int (*set)(void *o, const char *name, const cxj_metric *m);
	int (*merge)(void *o, const char *name, const cxj_metric *m);
	const cxj_metric *(*get)(const void *o, const char *name);
	size_t (*count)(const void *o);
	int (*at)(const void *o, size_t i, const char **name,
		  const cxj_metric **m);
	int (*remove)(void *o, const char *name);
	cxj__metrics *(*field)(void *o); /* the one pointer it pays */
} metric_api;

#define METRIC_API(obj, set_, merge_, get_, count_, at_, remove_)              \
	static int obj##_set(void *o, const char *n, const cxj_metric *m)      \
	{                                                                      \
		return set_(o, n, m);                                          \
	}                                                                      \
	static int obj##_merge(void *o, const char *n, const cxj_metric *m)    \
	{                                                                      \
		return merge_(o, n, m);                                        \
	}                                                                      \
	static const cxj_metric *obj##_get(const void *o, const char *n)       \
	{                                                                      \
		return get_(o, n);                                             \
	}                                                                      \
	static size_t obj##_count(const void *o)                               \
	{                                                                      \
		return count_(o);                                              \
	}                                                                      \
	static int obj##_at(const void *o, size_t i, const char **n,           \
			    const cxj_metric **m)                              \
	{                                                                      \
		return at_(o, i, n, m);                                        \
	}                                                                      \
	static int obj##_remove(void *o, const char *n)                        \
	{                                                                      \
		return remove_(o, n);                                          \
	}                                                                      \
	static cxj__metrics *obj##_field(void *o)                              \
	{                                                                      \
		return &((struct cxj_##obj *)o)->metrics;                      \
	}                                                                      \
	static const metric_api obj##_api = {                                  \
	    obj##_set, obj##_merge,  obj##_get,	 obj##_count,                  \
	    obj##_at,  obj##_remove, obj##_field}

METRIC_API(journey, cxj_journey_set_metric, cxj_journey_merge_metric,
	   cxj_journey_metric, cxj_journey_metric_count, cxj_journey_metric_at,
	   cxj_journey_remove_metric);
METRIC_API(stage, cxj_stage_set_metric, cxj_stage_merge_metric,
	   cxj_stage_metric, cxj_stage_metric_count, cxj_stage_metric_at,
	   cxj_stage_remove_metric);
METRIC_API(touchpoint, cxj_touchpoint_set_metric, cxj_touchpoint_merge_metric,
	   cxj_touchpoint_metric, cxj_touchpoint_metric_count,
	   cxj_touchpoint_metric_at, cxj_touchpoint_remove_metric);

static const metric_api *const metric_apis[] = {&journey_api, &stage_api,
						&touchpoint_api};

/* The object of fixture() that metric_apis[i] applies to. */
static void *metric_owner(cxj_journey *j, int i)
{
	if (i == 0)
		return j;
	if (i == 1)
		return cxj_journey_find_stage(j, "contact");
	return cxj_journey_find_touchpoint(j, "call");
}

static cxj_metric *metric_of(cxj_metric_kind kind, const double *scores,
			     const double *weights, size_t n)
{
	cxj_metric *m;
	ck_assert_rc(cxj_metric_new(kind, &m), CXJ_OK);
	if (weights)
		ck_assert_rc(
		    cxj_metric_add_weighted_array(m, scores, weights, n),
		    CXJ_OK);
	else
		ck_assert_rc(cxj_metric_add_array(m, scores, n), CXJ_OK);
	return m;
}

/* Whether two metrics have the same state, to the byte. */
static int same_state(const cxj_metric *a, const cxj_metric *b)
{
	uint8_t *x, *y;
	size_t nx, ny;
	int same;
	ck_assert_rc(cxj_metric_state_save(a, &x, &nx), CXJ_OK);
	ck_assert_rc(cxj_metric_state_save(b, &y, &ny), CXJ_OK);
	same = nx == ny && memcmp(x, y, nx) == 0;
	cxj_free(x);
	cxj_free(y);
	return same;
}

static const double nps_a[] = {9, 10, 6, 8, 0, 10};
static const double nps_b[] = {7, 3, 10, 10};
static const double nps_w[] = {0.5, 2, 1.25, 0};
static const double kpi_a[] = {1700000000.5, 1700000012, 1699999990.25};
static const double kpi_b[] = {1700000100, 1700000001.75};

START_TEST(stored_metrics_on_every_level)
{
	const metric_api *api = metric_apis[_i];
	cxj_journey *j = fixture();
	void *o = metric_owner(j, _i);
	cxj_metric *nps = metric_of(CXJ_NPS, nps_a, NULL, 6);
	cxj_metric *orig = metric_of(CXJ_NPS, nps_a, NULL, 6);
	cxj_metric *csat = metric_of(CXJ_CSAT, nps_a, NULL, 0);
	cxj_metric *csat2 = metric_of(CXJ_CSAT, nps_a + 3, NULL, 0);
	cxj_metric *kpi = metric_of(CXJ_KPI, kpi_a, NULL, 3);
	const cxj_metric *got;
	const char *name;
	ck_assert_uint_eq(api->count(o), 0);
	ck_assert_ptr_null(api->field(o)->b);
	ck_assert_ptr_null(api->get(o, "nps"));
	ck_assert_rc(api->at(o, 0, &name, &got), CXJ_ENOTFOUND);
	/* a copy: the caller's metric goes on, or goes, on its own */
	ck_assert_rc(api->set(o, "nps", nps), CXJ_OK);
	got = api->get(o, "nps");
	ck_assert_ptr_nonnull(got);
	ck_assert_ptr_ne(got, nps);
	ck_assert(same_state(got, nps));
	ck_assert_rc(cxj_metric_add(nps, 10), CXJ_OK);
	ck_assert_uint_eq(cxj_metric_count(got), 6);
	ck_assert(!same_state(got, nps));
	cxj_metric_free(nps);
	ck_assert(same_state(got, orig));
	ck_assert(cxj_metric_value(got) == cxj_metric_value(orig));
	/* the reserved names hold their own kind, others any kind */
	ck_assert_rc(api->set(o, "csat", kpi), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "metric 'csat' must be a csat metric, not kpi");
	ck_assert_rc(api->set(o, "ces", csat), CXJ_EINVAL);
	ck_assert_rc(api->merge(o, "nps", csat), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "metric 'nps' must be a nps metric, not csat");
	ck_assert_rc(api->set(o, "NPS", kpi), CXJ_OK); /* exact names only */
	ck_assert_rc(api->set(o, "csat", csat), CXJ_OK);
	ck_assert_rc(api->set(o, "handle-time", kpi), CXJ_OK);
	ck_assert_rc(api->set(o, "csat-by-phone", csat), CXJ_OK);
	/* insertion order, kept when a name is stored again */
	ck_assert_uint_eq(api->count(o), 5);
	ck_assert_rc(api->set(o, "csat", csat2), CXJ_OK);
	ck_assert(same_state(api->get(o, "csat"), csat2));
	{
		static const char *const order[] = {
		    "nps", "NPS", "csat", "handle-time", "csat-by-phone"};
		for (size_t i = 0; i < 5; i++) {
			ck_assert_rc(api->at(o, i, &name, &got), CXJ_OK);
			ck_assert_str_eq(name, order[i]);
			ck_assert_ptr_eq(got, api->get(o, order[i]));
		}
		ck_assert_rc(api->at(o, 1, NULL, NULL), CXJ_OK);
		ck_assert_rc(api->at(o, 5, &name, &got), CXJ_ENOTFOUND);
	}
	/* bad arguments change nothing */
	ck_assert_rc(api->set(o, NULL, csat), CXJ_EINVAL);
	ck_assert_rc(api->set(o, "", csat), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "a stored metric needs a name");
	ck_assert_rc(api->set(o, "bad\xff", csat), CXJ_EINVAL);
	ck_assert_rc(api->set(o, "x", NULL), CXJ_EINVAL);
	ck_assert_rc(api->merge(o, NULL, csat), CXJ_EINVAL);
	ck_assert_rc(api->merge(o, "x", NULL), CXJ_EINVAL);
	ck_assert_rc(api->remove(o, NULL), CXJ_EINVAL);
	ck_assert_ptr_null(api->get(o, NULL));
	ck_assert_uint_eq(api->count(o), 5);
	/* removal keeps the order of the rest; the last one frees the block */
	ck_assert_rc(api->remove(o, "NPS"), CXJ_OK);
	ck_assert_rc(api->remove(o, "NPS"), CXJ_ENOTFOUND);
	ck_assert_str_eq(cxj_error_last()->message, "no metric 'NPS'");
	ck_assert_rc(api->at(o, 1, &name, NULL), CXJ_OK);
	ck_assert_str_eq(name, "csat");
	ck_assert_ptr_nonnull(api->field(o)->b);
	while (api->count(o)) {
		ck_assert_rc(api->at(o, 0, &name, NULL), CXJ_OK);
		ck_assert_rc(api->remove(o, name), CXJ_OK);
	}
	ck_assert_ptr_null(api->field(o)->b);
	/* the journey frees what its objects still store */
	ck_assert_rc(api->set(o, "handle-time", kpi), CXJ_OK);
	cxj_metric_free(orig);
	cxj_metric_free(csat);
	cxj_metric_free(csat2);
	cxj_metric_free(kpi);
	cxj_journey_free(j);
	ck_assert_int_eq(cxjt_live(), 0);
}
END_TEST

/* A merge gives what one metric fed both inputs holds, exactly. */
START_TEST(stored_metrics_merge_like_one_metric)
{
	const metric_api *api = metric_apis[_i];
	cxj_journey *j = fixture();
	void *o = metric_owner(j, _i);
	cxj_metric *a = metric_of(CXJ_NPS, nps_a, NULL, 6);
	cxj_metric *b = metric_of(CXJ_NPS, nps_b, nps_w, 4);
	cxj_metric *both = metric_of(CXJ_NPS, nps_a, NULL, 6);
	cxj_metric *ka = metric_of(CXJ_KPI, kpi_a, NULL, 3);
	cxj_metric *kb = metric_of(CXJ_KPI, kpi_b, NULL, 2);
	cxj_metric *kboth = metric_of(CXJ_KPI, kpi_a, NULL, 3);
	const cxj_metric *got;
	ck_assert_rc(cxj_metric_add_weighted_array(both, nps_b, nps_w, 4),
		     CXJ_OK);
	ck_assert_rc(cxj_metric_add_array(kboth, kpi_b, 2), CXJ_OK);
	ck_assert_rc(cxj_metric_set_unit(kb, "s"), CXJ_OK);
	ck_assert_rc(cxj_metric_set_unit(kboth, "s"), CXJ_OK);
	/* the first merge stores a copy, the second merges into it */
	ck_assert_rc(api->merge(o, "nps", a), CXJ_OK);
	ck_assert(same_state(api->get(o, "nps"), a));
	got = api->get(o, "nps");
	ck_assert_rc(api->merge(o, "nps", b), CXJ_OK);
	ck_assert_ptr_eq(api->get(o, "nps"), got); /* merged in place */
	ck_assert_uint_eq(cxj_metric_count(got), cxj_metric_count(both));
	ck_assert(cxj_metric_value(got) == cxj_metric_value(both));
	ck_assert(cxj_metric_stderr(got) == cxj_metric_stderr(both));
	ck_assert(same_state(got, both));
	/* a KPI without a unit takes the unit of what merges into it */
	ck_assert_rc(api->merge(o, "aht", ka), CXJ_OK);
	ck_assert_rc(api->merge(o, "aht", kb), CXJ_OK);
	got = api->get(o, "aht");
	ck_assert_str_eq(cxj_metric_unit(got), "s");
	ck_assert_uint_eq(cxj_metric_count(got), 5);
	ck_assert(cxj_metric_mean(got) == cxj_metric_mean(kboth));
	ck_assert(same_state(got, kboth));
	/* a failed merge changes nothing */
	ck_assert_rc(cxj_metric_set_unit(ka, "min"), CXJ_OK);
	ck_assert_rc(api->merge(o, "aht", ka), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "cannot merge kpi unit 'min' into unit 's'");
	ck_assert(same_state(api->get(o, "aht"), kboth));
	ck_assert_rc(api->merge(o, "aht", a), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "cannot merge a nps metric into a kpi metric");
	ck_assert(same_state(api->get(o, "aht"), kboth));
	ck_assert_rc(api->merge(o, "nps", api->get(o, "nps")), CXJ_EINVAL);
	ck_assert(same_state(api->get(o, "nps"), both));
	ck_assert_uint_eq(api->count(o), 2);
	cxj_metric_free(a);
	cxj_metric_free(b);
	cxj_metric_free(both);
	cxj_metric_free(ka);
	cxj_metric_free(kb);
	cxj_metric_free(kboth);
	cxj_journey_free(j);
	ck_assert_int_eq(cxjt_live(), 0);
}
END_TEST

START_TEST(stored_metrics_null_handles)
{
	cxj_metric *m;
	const char *name = "x";
	const cxj_metric *got = (const cxj_metric *)&name;
	ck_assert_rc(cxj_metric_new(CXJ_CES, &m), CXJ_OK);
	ck_assert_rc(cxj_journey_set_metric(NULL, "ces", m), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_merge_metric(NULL, "ces", m), CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_set_metric(NULL, "ces", m), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message, "tp is NULL");
	ck_assert_rc(cxj_touchpoint_merge_metric(NULL, "ces", m), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_merge_metric(NULL, "ces", m), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_set_metric(NULL, "ces", m), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_remove_metric(NULL, "ces"), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_remove_metric(NULL, "ces"), CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_remove_metric(NULL, "ces"), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_metric_at(NULL, 0, &name, &got), CXJ_EINVAL);
	ck_assert_rc(cxj_stage_metric_at(NULL, 0, &name, &got), CXJ_EINVAL);
	ck_assert_rc(cxj_touchpoint_metric_at(NULL, 0, &name, &got),
		     CXJ_EINVAL);
	ck_assert_str_eq(name, "x");
	ck_assert_ptr_eq(got, (const cxj_metric *)&name);
	ck_assert_ptr_null(cxj_journey_metric(NULL, "ces"));
	ck_assert_ptr_null(cxj_stage_metric(NULL, "ces"));
	ck_assert_ptr_null(cxj_touchpoint_metric(NULL, "ces"));
	ck_assert_uint_eq(cxj_journey_metric_count(NULL), 0);
	ck_assert_uint_eq(cxj_stage_metric_count(NULL), 0);
	ck_assert_uint_eq(cxj_touchpoint_metric_count(NULL), 0);
	cxj_metric_free(m);
}
END_TEST

/* ---- validation ---- */

static size_t count_rule(const cxj_diagnostics *d, cxj_rule rule,
			 const char *object)
{
	size_t n = 0;
	for (size_t i = 0; i < cxj_diagnostics_count(d); i++)
		if (cxj_diagnostics_rule(d, i) == rule &&
		    strcmp(cxj_diagnostics_object(d, i), object) == 0)
			n++;
	return n;
}

START_TEST(validate_lists_every_problem)
{
	cxj_journey *j = fixture();
	cxj_diagnostics *d = NULL;
	cxj_touchpoint *email = cxj_journey_find_touchpoint(j, "email");
	ck_assert_rc(cxj_journey_add_persona(j, "idle", 0, NULL), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_moment_of_truth(email, 1), CXJ_OK);
	ck_assert_rc(cxj_journey_validate(j, &d), CXJ_EINVAL);
	/* email: no channel, moment of truth without promise; resolve is
	 * empty; idle is unreferenced */
	ck_assert_uint_eq(cxj_diagnostics_count(d), 4);
	ck_assert_uint_eq(cxj_diagnostics_error_count(d), 3);
	ck_assert_uint_eq(count_rule(d, CXJ_RULE_NO_CHANNEL, "email"), 1);
	ck_assert_uint_eq(count_rule(d, CXJ_RULE_PROMISE_MISSING, "email"), 1);
	ck_assert_uint_eq(count_rule(d, CXJ_RULE_EMPTY_STAGE, "resolve"), 1);
	ck_assert_uint_eq(count_rule(d, CXJ_RULE_UNREFERENCED_PERSONA, "idle"),
			  1);
	for (size_t i = 0; i < cxj_diagnostics_count(d); i++) {
		ck_assert_uint_eq(cxj_diagnostics_line(d, i), 0);
		ck_assert_uint_eq(cxj_diagnostics_column(d, i), 0);
		if (cxj_diagnostics_rule(d, i) == CXJ_RULE_UNREFERENCED_PERSONA)
			ck_assert_int_eq(cxj_diagnostics_severity(d, i),
					 CXJ_SEVERITY_WARNING);
		else
			ck_assert_int_eq(cxj_diagnostics_severity(d, i),
					 CXJ_SEVERITY_ERROR);
	}
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "3 error(s)"));
	ck_assert_ptr_null(cxj_diagnostics_message(d, 4));
	ck_assert_ptr_null(cxj_diagnostics_object(d, 4));
	ck_assert_int_eq(cxj_diagnostics_rule(d, 4), 0);
	ck_assert_int_eq(cxj_diagnostics_severity(d, 4), 0);
	ck_assert_uint_eq(cxj_diagnostics_line(d, 4), 0);
	cxj_diagnostics_free(d);
	cxj_diagnostics_free(NULL);
	ck_assert_uint_eq(cxj_diagnostics_count(NULL), 0);

	/* fix the errors; the warning alone does not fail */
	ck_assert_rc(cxj_touchpoint_set_channel(email, "email"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_promise(email, "Reply in 4 h"), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(cxj_journey_find_stage(j,
								     "resolve"),
					      "fix", &email),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_channel(email, "email"), CXJ_OK);
	ck_assert_rc(cxj_journey_validate(j, &d), CXJ_OK);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 1);
	ck_assert_uint_eq(cxj_diagnostics_error_count(d), 0);
	ck_assert_str_eq(cxj_diagnostics_message(d, 0),
			 "persona 'idle' is not used by any touchpoint");
	cxj_diagnostics_free(d);
	ck_assert_rc(cxj_journey_validate(j, NULL), CXJ_OK);
	cxj_journey_free(j);
}
END_TEST

START_TEST(validate_empty_journey)
{
	cxj_journey *j;
	cxj_diagnostics *d;
	ck_assert_rc(cxj_journey_new("empty", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_validate(j, &d), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 1);
	ck_assert_int_eq(cxj_diagnostics_rule(d, 0), CXJ_RULE_NO_STAGES);
	cxj_diagnostics_free(d);
	ck_assert_rc(cxj_journey_validate(j, NULL), CXJ_EINVAL);
	cxj_journey_free(j);
}
END_TEST

/* ---- allocation failures ---- */

static int new_journey(void *ctx)
{
	return cxj_journey_new("swept", (cxj_journey **)ctx);
}

START_TEST(sweep_journey_new)
{
	cxj_journey *j = NULL;
	unsigned long failures = cxjt_sweep(new_journey, NULL, &j);
	ck_assert_uint_ge(failures, 2);
	ck_assert_str_eq(cxj_journey_id(j), "swept");
	cxj_journey_free(j);
	ck_assert_int_eq(cxjt_live(), 0);
}
END_TEST

/* Builds a complete journey one call at a time, failing every allocation
 * of every call in turn. */
START_TEST(sweep_build_complete_journey)
{
	cxj_journey *j = NULL;
	cxj_stage *s;
	cxj_touchpoint *tp;
	cxj_persona *p;
	const char *stages[] = {"contact", "diagnose", "resolve", "follow-up"};
	cxjt_sweep(new_journey, NULL, &j);
	SWEPT(j, cxj_journey_set_name(j, "ITSM support"));
	SWEPT(j, cxj_journey_set_description(j, "Service desk tickets"));
	SWEPT(j, cxj_journey_set_target(j, "nps", 30));
	SWEPT(j, cxj_journey_add_persona(j, "fi", CXJ_PERSONA_CUSTOMER, &p));
	SWEPT(j, cxj_persona_set_name(p, "Finnish customer team"));
	SWEPT(j, cxj_persona_set_attr(p, "country", "FI"));
	SWEPT(j, cxj_persona_set_attr(p, "country", "Suomi"));
	SWEPT(j, cxj_journey_add_persona(j, "se", CXJ_PERSONA_CUSTOMER, NULL));
	SWEPT(j, cxj_journey_add_persona(j, "agent", CXJ_PERSONA_FRONT_OFFICE,
					 NULL));
	SWEPT(j, cxj_journey_add_persona(j, "l2", CXJ_PERSONA_BACK_OFFICE,
					 NULL));
	for (size_t i = 0; i < 4; i++) {
		SWEPT(j, cxj_journey_add_stage(j, stages[i], &s));
		SWEPT(j, cxj_stage_set_name(s, stages[i]));
		SWEPT(j, cxj_stage_set_target(s, "csat", 80));
		for (int t = 0; t < 3; t++) {
			char id[64];
			snprintf(id, sizeof id, "%s-%d", stages[i], t);
			SWEPT(j, cxj_stage_add_touchpoint(s, id, &tp));
			SWEPT(j, cxj_touchpoint_set_name(tp, "Touchpoint"));
			SWEPT(j, cxj_touchpoint_set_activity(tp, "Act"));
			SWEPT(j, cxj_touchpoint_set_channel(tp, "phone"));
			SWEPT(j, cxj_touchpoint_add_persona(tp, "fi"));
			SWEPT(j, cxj_touchpoint_add_persona(tp, "agent"));
			SWEPT(j, cxj_touchpoint_add_persona(tp, "l2"));
			SWEPT(j, cxj_touchpoint_set_back_end_process(tp, "Triage"));
			SWEPT(j, cxj_touchpoint_add_item(tp, CXJ_LIST_STEPS, "s1"));
			SWEPT(j, cxj_touchpoint_add_item(tp, CXJ_LIST_SYSTEMS,
							 "ITSM tool"));
			SWEPT(j, cxj_touchpoint_set_think_feel(tp, "Hmm"));
			SWEPT(j, cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS,
							 "Slow"));
			SWEPT(j, cxj_touchpoint_add_item(
					 tp, CXJ_LIST_OPPORTUNITIES, "Faster"));
			SWEPT(j, cxj_touchpoint_set_item(tp, CXJ_LIST_STEPS, 0,
							 "step one"));
			SWEPT(j, cxj_touchpoint_set_moment_of_truth(tp, 1));
			SWEPT(j, cxj_touchpoint_set_promise(tp, "Fast answer"));
			SWEPT(j, cxj_touchpoint_set_experience(
					 tp, CXJ_EXPERIENCE_NEUTRAL));
			SWEPT(j, cxj_touchpoint_set_attr(tp, "queue", "L1"));
			SWEPT(j, cxj_touchpoint_set_target(tp, "ces", 5));
		}
	}
	SWEPT(j, cxj_stage_move_touchpoint(cxj_journey_stage_at(j, 0),
					   cxj_journey_find_touchpoint(
						   j, "resolve-1"),
					   1));
	SWEPT(j, cxj_touchpoint_set_id(cxj_journey_find_touchpoint(j,
								   "contact-0"),
				       "first-contact"));
	SWEPT(j, cxj_journey_set_id(j, "itsm-support"));
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 12);
	ck_assert_uint_eq(cxj_stage_touchpoint_count(cxj_journey_stage_at(j, 0)),
			  4);
	ck_assert_rc(cxj_journey_validate(j, NULL), CXJ_OK);
	{
		cxj_diagnostics *d = NULL;
		SWEPT(j, cxj_journey_validate(j, &d));
		ck_assert_uint_eq(cxj_diagnostics_count(d), 1); /* se unused */
		cxj_diagnostics_free(d);
	}
	cxj_journey_free(j);
	ck_assert_int_eq(cxjt_live(), 0);
}
END_TEST

/* Every allocation of a set or merge failing in turn leaves the object as
 * it was: SWEPT compares dumps that hold the stored states to the byte. */
START_TEST(sweep_stored_metrics)
{
	cxj_journey *j = fixture();
	cxj_metric *nps = metric_of(CXJ_NPS, nps_a, NULL, 6);
	cxj_metric *weighted = metric_of(CXJ_NPS, nps_b, nps_w, 4);
	cxj_metric *kpi = metric_of(CXJ_KPI, kpi_a, NULL, 3);
	cxj_metric *secs = metric_of(CXJ_KPI, kpi_b, NULL, 2);
	ck_assert_rc(cxj_metric_set_unit(secs, "s"), CXJ_OK);
	for (int i = 0; i < 3; i++) {
		const metric_api *api = metric_apis[i];
		void *o = metric_owner(j, i);
		SWEPT(j, api->set(o, "nps", nps));	      /* a new name */
		SWEPT(j, api->set(o, "nps", weighted));	      /* replaced */
		SWEPT(j, api->merge(o, "nps", nps));	      /* in place */
		SWEPT(j, api->merge(o, "handle-time", kpi));  /* a copy */
		SWEPT(j, api->merge(o, "handle-time", secs)); /* its unit */
		SWEPT(j, api->set(o, "wait", secs));
		ck_assert_uint_eq(api->count(o), 3);
		ck_assert_str_eq(cxj_metric_unit(api->get(o, "handle-time")),
				 "s");
		ck_assert_uint_eq(cxj_metric_count(api->get(o, "nps")), 10);
	}
	cxj_metric_free(nps);
	cxj_metric_free(weighted);
	cxj_metric_free(kpi);
	cxj_metric_free(secs);
	cxj_journey_free(j);
	ck_assert_int_eq(cxjt_live(), 0);
}
END_TEST

START_TEST(allocator_cannot_change_once_used)
{
	cxj_journey *j;
	ck_assert_rc(cxj_journey_new("x", &j), CXJ_OK);
	ck_assert_rc(cxj_set_allocator(NULL), CXJ_EINUSE);
	cxj_journey_free(j);
}
END_TEST

/* Many objects: lookups stay correct through map growth and removal. */
START_TEST(many_touchpoints)
{
	cxj_journey *j;
	cxj_stage *s;
	char id[32];
	ck_assert_rc(cxj_journey_new("big", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "s", &s), CXJ_OK);
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "tp-%d", i);
		ck_assert_rc(cxj_stage_add_touchpoint(s, id, NULL), CXJ_OK);
	}
	for (int i = 0; i < 5000; i += 2) {
		snprintf(id, sizeof id, "tp-%d", i);
		ck_assert_rc(cxj_stage_remove_touchpoint(
				     s, cxj_journey_find_touchpoint(j, id)),
			     CXJ_OK);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "tp-%d", i);
		if (i % 2)
			ck_assert_str_eq(cxj_touchpoint_id(
						 cxj_journey_find_touchpoint(j, id)),
					 id);
		else
			ck_assert_ptr_null(cxj_journey_find_touchpoint(j, id));
	}
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 2500);
	ck_assert_str_eq(cxj_touchpoint_id(cxj_stage_touchpoint_at(s, 0)),
			 "tp-1");
	cxj_journey_free(j);
}
END_TEST

/* ---- threads ---- */

static void *read_shared(void *arg)
{
	const cxj_journey *j = arg;
	long ok = 1;
	for (int round = 0; round < 2000; round++) {
		const cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "call");
		cxj_diagnostics *d = NULL;
		ok &= tp && strcmp(cxj_touchpoint_channel(tp), "phone") == 0;
		ok &= cxj_touchpoint_persona_count(tp, CXJ_PERSONA_CUSTOMER) == 1;
		ok &= cxj_journey_validate(j, &d) == CXJ_EINVAL;
		ok &= cxj_diagnostics_count(d) == 2;
		cxj_diagnostics_free(d);
	}
	return (void *)ok;
}

static void *build_own(void *arg)
{
	long ok = 1;
	(void)arg;
	for (int round = 0; round < 200; round++) {
		cxj_journey *j = fixture();
		/* errors stay on the thread that made them */
		ok &= cxj_journey_add_stage(j, "call", NULL) == CXJ_EEXIST;
		ok &= cxj_error_last()->code == CXJ_EEXIST;
		cxj_journey_free(j);
	}
	return (void *)ok;
}

START_TEST(threads_read_one_journey_and_build_their_own)
{
	cxj_journey *shared = fixture();
	pthread_t t[4];
	void *ok;
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL,
						i % 2 ? build_own : read_shared,
						shared),
				 0);
	ck_assert_rc(cxj_journey_new("bad id", &shared), CXJ_EINVAL);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_join(t[i], &ok), 0);
		ck_assert_msg(ok == (void *)1, "thread %d saw a wrong result", i);
	}
	/* this thread's error is still its own */
	ck_assert_int_eq(cxj_error_last()->code, CXJ_EINVAL);
	cxj_journey_free(shared);
}
END_TEST

static Suite *journey_suite(void)
{
	Suite *s = suite_create("journey");
	TCase *tc = tcase_create("model");
	tcase_add_test(tc, journey_new_and_fields);
	tcase_add_test(tc, journey_new_refuses_bad_ids);
	tcase_add_test(tc, null_handles_are_refused_not_crashed);
	tcase_add_test(tc, ids_are_unique_across_the_journey);
	tcase_add_test(tc, personas_add_find_move_remove);
	tcase_add_test(tc, referenced_persona_cannot_be_removed);
	tcase_add_test(tc, persona_attributes);
	tcase_add_test(tc, stages_order_and_removal);
	tcase_add_test(tc, touchpoints_move_within_and_across_stages);
	tcase_add_test(tc, touchpoint_four_lines);
	tcase_add_test(tc, touchpoint_lists);
	tcase_add_test(tc, touchpoint_persona_references);
	tcase_add_test(tc, touchpoint_attributes);
	tcase_add_test(tc, targets_on_every_level);
	tcase_add_loop_test(tc, stored_metrics_on_every_level, 0, 3);
	tcase_add_loop_test(tc, stored_metrics_merge_like_one_metric, 0, 3);
	tcase_add_test(tc, stored_metrics_null_handles);
	tcase_add_test(tc, validate_lists_every_problem);
	tcase_add_test(tc, validate_empty_journey);
	tcase_add_test(tc, allocator_cannot_change_once_used);
	tcase_add_test(tc, many_touchpoints);
	tcase_add_test(tc, threads_read_one_journey_and_build_their_own);
	suite_add_tcase(s, tc);
	tc = tcase_create("allocation failures");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sweep_journey_new);
	tcase_add_test(tc, sweep_build_complete_journey);
	tcase_add_test(tc, sweep_stored_metrics);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(journey_suite());
}
