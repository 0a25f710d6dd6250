/* check_loaded.c: a journey that came from YAML is edited through every
 * kind of mutation. The loader keeps touchpoints, texts and lists in a
 * journey arena, so these paths differ from a journey built by calls; run
 * under ASan and valgrind (make sanitize, make valgrind) they prove that
 * nothing arena-held is freed or grown as if it were a heap block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h" /* the lists' blocks, to see what is shared */
#include "testutil.h"

#define EXAMPLE "examples/itsm-support.yaml"

static cxj_journey *load_example(void)
{
	cxj_journey *j = NULL;
	ck_assert_rc(cxj_journey_load_file(EXAMPLE, NULL, &j), CXJ_OK);
	return j;
}

/* A journey built again from its own saved text dumps the same. */
static void assert_saves_and_reloads(const cxj_journey *j)
{
	char *text = NULL, *d1, *d2;
	size_t len = 0;
	cxj_journey *again = NULL;
	ck_assert_rc(cxj_journey_save_buffer(j, NULL, &text, &len), CXJ_OK);
	ck_assert_rc(cxj_journey_load_buffer(text, len, "saved", NULL, &again),
		     CXJ_OK);
	d1 = cxjt_dump(j);
	d2 = cxjt_dump(again);
	ck_assert_str_eq(d1, d2);
	free(d1);
	free(d2);
	cxj_free(text);
	cxj_journey_free(again);
}

START_TEST(texts_of_loaded_touchpoints_are_replaced_and_cleared)
{
	cxj_journey *j = load_example();
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++) {
		cxj_stage *st = cxj_journey_stage_at(j, s);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++) {
			cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			ck_assert_rc(cxj_touchpoint_set_name(tp, "renamed"),
				     CXJ_OK);
			ck_assert_rc(cxj_touchpoint_set_think_feel(tp, NULL),
				     CXJ_OK);
			ck_assert_rc(cxj_touchpoint_set_channel(tp, "chat"),
				     CXJ_OK);
			ck_assert_rc(cxj_touchpoint_set_promise(tp, "kept"),
				     CXJ_OK);
			ck_assert_str_eq(cxj_touchpoint_name(tp), "renamed");
			ck_assert_str_eq(cxj_touchpoint_think_feel(tp), "");
		}
	}
	assert_saves_and_reloads(j);
	cxj_journey_free(j);
}
END_TEST

START_TEST(lists_of_loaded_touchpoints_grow_shrink_and_move)
{
	cxj_journey *j = load_example();
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "call-desk");
	size_t n;
	char item[32];
	ck_assert_ptr_nonnull(tp);
	n = cxj_touchpoint_item_count(tp, CXJ_LIST_PAIN_POINTS);
	ck_assert_uint_gt(n, 0);
	/* growing past the loaded capacity moves the list out of the arena */
	for (int i = 0; i < 40; i++) {
		snprintf(item, sizeof item, "pain %d", i);
		ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS,
						     item),
			     CXJ_OK);
	}
	ck_assert_uint_eq(cxj_touchpoint_item_count(tp, CXJ_LIST_PAIN_POINTS),
			  n + 40);
	ck_assert_rc(cxj_touchpoint_set_item(tp, CXJ_LIST_PAIN_POINTS, 0, "first"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_move_item(tp, CXJ_LIST_PAIN_POINTS, 0, n + 39),
		     CXJ_OK);
	ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS,
						n + 39),
			 "first");
	while (cxj_touchpoint_item_count(tp, CXJ_LIST_STEPS))
		ck_assert_rc(cxj_touchpoint_remove_item(tp, CXJ_LIST_STEPS, 0),
			     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_STEPS, "only"), CXJ_OK);
	/* persona lists and attributes and targets of loaded touchpoints */
	for (int k = 0; k < 3; k++)
		while (cxj_touchpoint_persona_count(tp, k))
			ck_assert_rc(cxj_touchpoint_remove_persona(
					     tp, cxj_persona_id(
							 cxj_touchpoint_persona_at(
								 tp, k, 0))),
				     CXJ_OK);
	for (size_t p = 0; p < cxj_journey_persona_count(j); p++)
		ck_assert_rc(cxj_touchpoint_add_persona(
				     tp, cxj_persona_id(
						 cxj_journey_persona_at(j, p))),
			     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_attr(tp, "queue", "L1"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_target(tp, "csat", 90), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_target(tp, "ces", 6), CXJ_OK);
	while (cxj_touchpoint_target_count(tp)) {
		const char *m;
		ck_assert_rc(cxj_touchpoint_target_at(tp, 0, &m, NULL), CXJ_OK);
		ck_assert_rc(cxj_touchpoint_remove_target(tp, m), CXJ_OK);
	}
	assert_saves_and_reloads(j);
	cxj_journey_free(j);
}
END_TEST

START_TEST(loaded_objects_are_renamed_moved_and_removed)
{
	cxj_journey *j = load_example();
	cxj_stage *first = cxj_journey_stage_at(j, 0);
	cxj_stage *last = cxj_journey_stage_at(j, cxj_journey_stage_count(j) - 1);
	cxj_touchpoint *tp = cxj_stage_touchpoint_at(first, 0);
	size_t total = cxj_journey_touchpoint_count(j);
	char id[32];
	ck_assert_rc(cxj_touchpoint_set_id(tp, "renamed-touchpoint"), CXJ_OK);
	ck_assert_ptr_eq(cxj_journey_find_touchpoint(j, "renamed-touchpoint"),
			 tp);
	/* a loaded stage's touchpoint list grows and loses members */
	ck_assert_rc(cxj_stage_move_touchpoint(last, tp, 0), CXJ_OK);
	for (int i = 0; i < 50; i++) {
		snprintf(id, sizeof id, "added-%d", i);
		ck_assert_rc(cxj_stage_add_touchpoint(last, id, NULL), CXJ_OK);
	}
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), total + 50);
	ck_assert_rc(cxj_stage_remove_touchpoint(
			     first, cxj_stage_touchpoint_at(first, 0)),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_remove_stage(j, cxj_journey_stage_at(j, 1)),
		     CXJ_OK);
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++)
		ck_assert_uint_gt(cxj_stage_touchpoint_count(
					  cxj_journey_stage_at(j, s)),
				  0);
	ck_assert_rc(cxj_journey_set_id(j, "itsm-renamed"), CXJ_OK);
	assert_saves_and_reloads(j);
	cxj_journey_free(j);
}
END_TEST

/* Stored metrics of loaded objects are heap blocks whatever the arena
 * holds around them: stored, merged, replaced and removed, and saved. */
START_TEST(stored_metrics_of_loaded_objects)
{
	static const double scores[] = {9, 10, 4, 8};
	cxj_journey *j = load_example();
	cxj_metric *nps;
	char *text = NULL;
	size_t len = 0;
	ck_assert_rc(cxj_metric_new(CXJ_NPS, &nps), CXJ_OK);
	ck_assert_rc(cxj_metric_add_array(nps, scores, 4), CXJ_OK);
	ck_assert_rc(cxj_journey_set_metric(j, "nps", nps), CXJ_OK);
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++) {
		cxj_stage *st = cxj_journey_stage_at(j, s);
		ck_assert_rc(cxj_stage_merge_metric(st, "nps", nps), CXJ_OK);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++) {
			cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			ck_assert_rc(
			    cxj_touchpoint_merge_metric(tp, "nps", nps),
			    CXJ_OK);
			ck_assert_rc(
			    cxj_touchpoint_merge_metric(tp, "nps", nps),
			    CXJ_OK);
			ck_assert_rc(
			    cxj_touchpoint_set_metric(tp, "nps-email", nps),
			    CXJ_OK);
		}
	}
	assert_saves_and_reloads(j);
	/* the same through a journey whose metrics came from its text */
	ck_assert_rc(cxj_journey_save_buffer(j, NULL, &text, &len), CXJ_OK);
	cxj_journey_free(j);
	ck_assert_rc(cxj_journey_load_buffer(text, len, "saved", NULL, &j),
		     CXJ_OK);
	cxj_free(text);
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++) {
		cxj_stage *st = cxj_journey_stage_at(j, s);
		cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, 0);
		ck_assert_uint_eq(
		    cxj_metric_count(cxj_touchpoint_metric(tp, "nps")), 8);
		ck_assert_rc(cxj_touchpoint_remove_metric(tp, "nps"), CXJ_OK);
		ck_assert_rc(cxj_touchpoint_set_metric(tp, "nps-email", nps),
			     CXJ_OK);
		ck_assert_rc(cxj_stage_remove_metric(st, "nps"), CXJ_OK);
	}
	ck_assert_rc(
	    cxj_stage_remove_touchpoint(
		cxj_journey_stage_at(j, 0),
		cxj_stage_touchpoint_at(cxj_journey_stage_at(j, 0), 1)),
	    CXJ_OK);
	ck_assert_rc(cxj_journey_remove_stage(j, cxj_journey_stage_at(j, 1)),
		     CXJ_OK);
	assert_saves_and_reloads(j);
	cxj_metric_free(nps);
	cxj_journey_free(j);
}
END_TEST

/* An edit to a loaded journey that fails for memory leaves it as it was,
 * as for a built one. (Capacity a failed call grew may stay with the
 * journey; leaks are LeakSanitizer's and valgrind's to find.) */
START_TEST(loaded_edits_under_failing_allocations)
{
	cxj_journey *j = load_example();
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, "confirm");
	for (int i = 0; i < 12; i++) {
		for (unsigned long n = 1;; n++) {
			char *before = cxjt_dump(j), *after;
			int rc;
			cxjt_fail_at(n);
			rc = cxj_touchpoint_add_item(tp, CXJ_LIST_OPPORTUNITIES,
						     "more");
			cxjt_fail_at(0);
			if (rc == CXJ_OK) {
				free(before);
				break;
			}
			ck_assert_int_eq(rc, CXJ_ENOMEM);
			after = cxjt_dump(j);
			ck_assert_str_eq(before, after);
			free(before);
			free(after);
		}
	}
	ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_OPPORTUNITIES,
						cxj_touchpoint_item_count(
							tp,
							CXJ_LIST_OPPORTUNITIES) -
							1),
			 "more");
	assert_saves_and_reloads(j);
	cxj_journey_free(j);
}
END_TEST

/* ---- texts shared in the arena ---- */

/* Three touchpoints with the same vocabulary (activity, channel, process,
 * systems, a target's metric) and the same prose (a step). */
static const char shared_doc[] =
	"cxjourney: 1\n"
	"id: j\n"
	"stages:\n"
	"- id: s\n"
	"  touchpoints:\n"
	"  - id: t1\n"
	"    activity: Report the issue\n"
	"    steps: [Submit]\n"
	"    channel: phone\n"
	"    back-end-process: Ticket triage\n"
	"    systems: [ITSM tool, CRM]\n"
	"    targets: {csat: 80}\n"
	"  - id: t2\n"
	"    activity: Report the issue\n"
	"    steps: [Submit]\n"
	"    channel: phone\n"
	"    back-end-process: Ticket triage\n"
	"    systems: [CRM, ITSM tool]\n"
	"    targets: {csat: 90}\n"
	"  - id: t3\n"
	"    activity: Report the issue\n"
	"    channel: phone\n"
	"    back-end-process: Ticket triage\n"
	"    systems: [ITSM tool]\n"
	"    targets: {csat: 70}\n";

static cxj_journey *load_shared(void)
{
	cxj_journey *j = NULL;
	ck_assert_rc(cxj_journey_load_buffer(shared_doc, strlen(shared_doc),
					     "shared", NULL, &j),
		     CXJ_OK);
	return j;
}

static const char *target_name(const cxj_touchpoint *tp)
{
	const char *m = NULL;
	ck_assert_rc(cxj_touchpoint_target_at(tp, 0, &m, NULL), CXJ_OK);
	return m;
}

/* What t2 and t3 hold as loaded. */
static void assert_t2_t3_as_loaded(const cxj_journey *j)
{
	const cxj_touchpoint *t2 = cxj_journey_find_touchpoint(j, "t2");
	const cxj_touchpoint *t3 = cxj_journey_find_touchpoint(j, "t3");
	for (int k = 0; k < 2; k++) {
		const cxj_touchpoint *tp = k ? t3 : t2;
		ck_assert_str_eq(cxj_touchpoint_activity(tp),
				 "Report the issue");
		ck_assert_str_eq(cxj_touchpoint_channel(tp), "phone");
		ck_assert_str_eq(cxj_touchpoint_back_end_process(tp),
				 "Ticket triage");
		ck_assert_str_eq(target_name(tp), "csat");
	}
	ck_assert_str_eq(cxj_touchpoint_item_at(t2, CXJ_LIST_SYSTEMS, 0), "CRM");
	ck_assert_str_eq(cxj_touchpoint_item_at(t2, CXJ_LIST_SYSTEMS, 1),
			 "ITSM tool");
	ck_assert_str_eq(cxj_touchpoint_item_at(t3, CXJ_LIST_SYSTEMS, 0),
			 "ITSM tool");
	ck_assert_str_eq(cxj_touchpoint_item_at(t2, CXJ_LIST_STEPS, 0),
			 "Submit");
}

START_TEST(vocabulary_is_stored_once)
{
	cxj_journey *j = load_shared();
	cxj_touchpoint *t1 = cxj_journey_find_touchpoint(j, "t1");
	cxj_touchpoint *t2 = cxj_journey_find_touchpoint(j, "t2");
	cxj_touchpoint *t3 = cxj_journey_find_touchpoint(j, "t3");
	ck_assert_ptr_eq(cxj_touchpoint_channel(t1), cxj_touchpoint_channel(t3));
	ck_assert_ptr_eq(cxj_touchpoint_activity(t1),
			 cxj_touchpoint_activity(t2));
	ck_assert_ptr_eq(cxj_touchpoint_back_end_process(t2),
			 cxj_touchpoint_back_end_process(t3));
	ck_assert_ptr_eq(cxj_touchpoint_item_at(t1, CXJ_LIST_SYSTEMS, 0),
			 cxj_touchpoint_item_at(t2, CXJ_LIST_SYSTEMS, 1));
	ck_assert_ptr_eq(cxj_touchpoint_item_at(t1, CXJ_LIST_SYSTEMS, 0),
			 cxj_touchpoint_item_at(t3, CXJ_LIST_SYSTEMS, 0));
	ck_assert_ptr_eq(target_name(t1), target_name(t3));
	/* prose is each touchpoint's own */
	ck_assert_ptr_ne(cxj_touchpoint_item_at(t1, CXJ_LIST_STEPS, 0),
			 cxj_touchpoint_item_at(t2, CXJ_LIST_STEPS, 0));
	cxj_journey_free(j);
}
END_TEST

/* Every change through the public calls to t1's shared texts, then t1
 * itself removed: t2 and t3 keep theirs, and freeing the journey frees
 * nothing twice (ASan, valgrind). */
START_TEST(shared_texts_are_edited_apart)
{
	cxj_journey *j = load_shared();
	cxj_touchpoint *t1 = cxj_journey_find_touchpoint(j, "t1");
	ck_assert_rc(cxj_touchpoint_set_channel(t1, "chat"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_activity(t1, NULL), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_back_end_process(t1, ""), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_item(t1, CXJ_LIST_SYSTEMS, 0, "Jira"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_move_item(t1, CXJ_LIST_SYSTEMS, 0, 1),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_remove_item(t1, CXJ_LIST_SYSTEMS, 0),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_target(t1, "csat", 85), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_remove_target(t1, "csat"), CXJ_OK);
	ck_assert_str_eq(cxj_touchpoint_channel(t1), "chat");
	ck_assert_str_eq(cxj_touchpoint_item_at(t1, CXJ_LIST_SYSTEMS, 0),
			 "Jira");
	assert_t2_t3_as_loaded(j);
	ck_assert_rc(cxj_stage_remove_touchpoint(cxj_journey_stage_at(j, 0),
						 t1),
		     CXJ_OK);
	assert_t2_t3_as_loaded(j);
	assert_saves_and_reloads(j);
	cxj_journey_free(j);
}
END_TEST

typedef struct shared_edit {
	cxj_journey *j;
	char *before;
} shared_edit;

static int set_shared_item(void *p)
{
	shared_edit *e = p;
	return cxj_touchpoint_set_item(cxj_journey_find_touchpoint(e->j, "t3"),
				       CXJ_LIST_SYSTEMS, 0, "Jira");
}

static void journey_unchanged(void *p)
{
	shared_edit *e = p;
	char *now = cxjt_dump(e->j);
	ck_assert_str_eq(now, e->before);
	free(now);
}

/* A shared item replaced under failing allocations: the journey, the
 * other holders of the text included, is as it was until it succeeds. */
START_TEST(shared_item_set_under_failing_allocations)
{
	shared_edit e = {load_shared(), NULL};
	e.before = cxjt_dump(e.j);
	ck_assert_uint_ge(cxjt_sweep(set_shared_item, journey_unchanged, &e),
			  1);
	ck_assert_str_eq(cxj_touchpoint_item_at(
				 cxj_journey_find_touchpoint(e.j, "t3"),
				 CXJ_LIST_SYSTEMS, 0),
			 "Jira");
	ck_assert_str_eq(cxj_touchpoint_item_at(
				 cxj_journey_find_touchpoint(e.j, "t1"),
				 CXJ_LIST_SYSTEMS, 0),
			 "ITSM tool");
	free(e.before);
	cxj_journey_free(e.j);
}
END_TEST

/* A field whose texts do not repeat stops being looked up after a trial:
 * 1,100 channels all different, then two the same, which are no longer
 * shared; the systems, which do repeat, still are. */
START_TEST(a_vocabulary_that_does_not_repeat_is_copied)
{
	size_t cap = 1 << 18, len = 0;
	char *doc = malloc(cap);
	cxj_journey *j = NULL;
	const cxj_touchpoint *a, *b;
	len += (size_t)snprintf(doc + len, cap - len,
				"cxjourney: 1\nid: j\nstages:\n- id: s\n"
				"  touchpoints:\n");
	for (int i = 0; i < 1102; i++)
		len += (size_t)snprintf(doc + len, cap - len,
					"  - id: t%d\n    channel: %s%d\n"
					"    systems: [CRM]\n",
					i, i < 1100 ? "channel-" : "same",
					i < 1100 ? i : 0);
	ck_assert_uint_lt(len, cap);
	ck_assert_rc(cxj_journey_load_buffer(doc, len, "many", NULL, &j),
		     CXJ_OK);
	a = cxj_journey_find_touchpoint(j, "t1100");
	b = cxj_journey_find_touchpoint(j, "t1101");
	ck_assert_str_eq(cxj_touchpoint_channel(a), "same0");
	ck_assert_ptr_ne(cxj_touchpoint_channel(a), cxj_touchpoint_channel(b));
	ck_assert_ptr_eq(cxj_touchpoint_item_at(a, CXJ_LIST_SYSTEMS, 0),
			 cxj_touchpoint_item_at(b, CXJ_LIST_SYSTEMS, 0));
	free(doc);
	cxj_journey_free(j);
}
END_TEST

/* ---- lists of one item, and shared pairs of persona references ---- */

static const char pairs_doc[] = "cxjourney: 1\n"
				"id: j\n"
				"personas:\n"
				"- id: a\n"
				"- id: b\n"
				"- id: c\n"
				"stages:\n"
				"- id: s\n"
				"  touchpoints:\n"
				"  - id: t1\n"
				"    steps: [Call]\n"
				"    customers: [a, b]\n"
				"  - id: t2\n"
				"    customers: [a, b]\n"
				"  - id: t3\n"
				"    customers: [a, b]\n"
				"  - id: t4\n"
				"    customers: [b, a]\n"
				"  - id: t5\n"
				"    customers: [c]\n";

static cxj_touchpoint *tp_of(const cxj_journey *j, const char *id)
{
	cxj_touchpoint *tp = cxj_journey_find_touchpoint(j, id);
	ck_assert_ptr_nonnull(tp);
	return tp;
}

/* The customers of touchpoint id, as "a,b". */
static void assert_customers(const cxj_journey *j, const char *id,
			     const char *want)
{
	const cxj_touchpoint *tp = tp_of(j, id);
	char got[64] = "";
	for (size_t i = 0;
	     i < cxj_touchpoint_persona_count(tp, CXJ_PERSONA_CUSTOMER); i++) {
		if (i)
			strcat(got, ",");
		strcat(got, cxj_persona_id(cxj_touchpoint_persona_at(
				    tp, CXJ_PERSONA_CUSTOMER, i)));
	}
	ck_assert_str_eq(got, want);
}

static const cxj__plist *customers_of(const cxj_journey *j, const char *id)
{
	return &tp_of(j, id)->personas[CXJ_PERSONA_CUSTOMER].p;
}

static cxj_journey *load_pairs(void)
{
	cxj_journey *j = NULL;
	ck_assert_rc(cxj_journey_load_buffer(pairs_doc, strlen(pairs_doc),
					     "pairs", NULL, &j),
		     CXJ_OK);
	return j;
}

START_TEST(equal_pairs_of_references_share_a_block)
{
	cxj_journey *j = load_pairs();
	ck_assert(cxj__plist_is_block(customers_of(j, "t1")));
	ck_assert_ptr_eq(customers_of(j, "t1")->v, customers_of(j, "t2")->v);
	ck_assert_ptr_eq(customers_of(j, "t1")->v, customers_of(j, "t3")->v);
	ck_assert_ptr_ne(customers_of(j, "t1")->v, customers_of(j, "t4")->v);
	/* one reference, or one step, takes no block at all */
	ck_assert(!cxj__plist_is_block(customers_of(j, "t5")));
	ck_assert(!cxj__plist_is_block(
	    &tp_of(j, "t1")->lists[CXJ_LIST_STEPS].p));
	assert_customers(j, "t4", "b,a");
	assert_customers(j, "t5", "c");
	cxj_journey_free(j);
}
END_TEST

/* References removed from and added to touchpoints that share a pair: each
 * changes alone, and the personas count their references right through
 * (a persona still referred to cannot be removed). */
START_TEST(shared_pairs_are_edited_apart)
{
	cxj_journey *j = load_pairs();
	cxj_persona *a = cxj_journey_find_persona(j, "a");
	ck_assert_rc(cxj_touchpoint_remove_persona(tp_of(j, "t1"), "a"),
		     CXJ_OK);
	assert_customers(j, "t1", "b");
	ck_assert(!cxj__plist_is_block(customers_of(j, "t1")));
	ck_assert_rc(cxj_touchpoint_add_persona(tp_of(j, "t2"), "c"), CXJ_OK);
	assert_customers(j, "t2", "a,b,c");
	ck_assert_rc(cxj_touchpoint_remove_persona(tp_of(j, "t2"), "b"),
		     CXJ_OK);
	assert_customers(j, "t2", "a,c");
	ck_assert_rc(cxj_touchpoint_remove_persona(tp_of(j, "t3"), "b"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_remove_persona(tp_of(j, "t3"), "a"),
		     CXJ_OK);
	assert_customers(j, "t3", "");
	assert_customers(j, "t4", "b,a");
	assert_customers(j, "t1", "b");
	/* a is left on t2 and t4 */
	ck_assert_rc(cxj_journey_remove_persona(j, a), CXJ_EINUSE);
	ck_assert_rc(cxj_touchpoint_remove_persona(tp_of(j, "t2"), "a"),
		     CXJ_OK);
	ck_assert_rc(cxj_stage_remove_touchpoint(cxj_journey_stage_at(j, 0),
						 tp_of(j, "t4")),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_remove_persona(j, a), CXJ_OK);
	assert_customers(j, "t2", "c");
	assert_customers(j, "t1", "b");
	assert_saves_and_reloads(j);
	cxj_journey_free(j);
}
END_TEST

/* A list of one item grows, shrinks back to one (which again takes no
 * block) and to none, on a loaded touchpoint and on one built by calls. */
START_TEST(one_item_lists_grow_and_shrink)
{
	cxj_journey *j = load_pairs();
	cxj_touchpoint *built;
	ck_assert_rc(cxj_stage_add_touchpoint(cxj_journey_stage_at(j, 0), "new",
					      &built),
		     CXJ_OK);
	for (int k = 0; k < 2; k++) {
		cxj_touchpoint *tp = k ? built : tp_of(j, "t1");
		const cxj__plist *steps = &tp->lists[CXJ_LIST_STEPS].p;
		if (k)
			ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_STEPS,
							     "Call"),
				     CXJ_OK);
		ck_assert(!cxj__plist_is_block(steps));
		ck_assert_rc(cxj_touchpoint_move_item(tp, CXJ_LIST_STEPS, 0, 0),
			     CXJ_OK);
		ck_assert_rc(cxj_touchpoint_set_item(tp, CXJ_LIST_STEPS, 0,
						     "Phone"),
			     CXJ_OK);
		ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_STEPS, "Wait"),
			     CXJ_OK);
		ck_assert_rc(cxj_touchpoint_add_item(tp, CXJ_LIST_STEPS, "Talk"),
			     CXJ_OK);
		ck_assert_rc(cxj_touchpoint_move_item(tp, CXJ_LIST_STEPS, 2, 0),
			     CXJ_OK);
		ck_assert_rc(cxj_touchpoint_remove_item(tp, CXJ_LIST_STEPS, 1),
			     CXJ_OK);
		ck_assert(cxj__plist_is_block(steps));
		ck_assert_rc(cxj_touchpoint_remove_item(tp, CXJ_LIST_STEPS, 0),
			     CXJ_OK);
		ck_assert(!cxj__plist_is_block(steps));
		ck_assert_uint_eq(cxj_touchpoint_item_count(tp, CXJ_LIST_STEPS),
				  1);
		ck_assert_str_eq(cxj_touchpoint_item_at(tp, CXJ_LIST_STEPS, 0),
				 "Wait");
		ck_assert_rc(cxj_touchpoint_remove_item(tp, CXJ_LIST_STEPS, 0),
			     CXJ_OK);
		ck_assert_uint_eq(cxj_touchpoint_item_count(tp, CXJ_LIST_STEPS),
				  0);
		ck_assert_ptr_null(steps->v);
		/* t1 holds a shared [a, b]; the built one none */
		ck_assert_rc(cxj_touchpoint_add_persona(tp, "c"), CXJ_OK);
		ck_assert_rc(cxj_touchpoint_add_persona(tp, k ? "a" : "b"),
			     k ? CXJ_OK : CXJ_EEXIST);
		ck_assert_rc(cxj_touchpoint_remove_persona(tp, "c"), CXJ_OK);
		if (!k)
			ck_assert_rc(cxj_touchpoint_remove_persona(tp, "b"),
				     CXJ_OK);
	}
	assert_customers(j, "t1", "a");
	assert_customers(j, "new", "a");
	assert_saves_and_reloads(j);
	cxj_journey_free(j);
}
END_TEST

static int add_to_shared_pair(void *p)
{
	shared_edit *e = p;
	return cxj_touchpoint_add_persona(tp_of(e->j, "t2"), "c");
}

/* A reference added to a shared pair under failing allocations: the
 * journey, the pair's other holders included, is as it was until it
 * succeeds. */
START_TEST(shared_pair_grows_under_failing_allocations)
{
	shared_edit e = {load_pairs(), NULL};
	e.before = cxjt_dump(e.j);
	ck_assert_uint_ge(
	    cxjt_sweep(add_to_shared_pair, journey_unchanged, &e), 1);
	assert_customers(e.j, "t2", "a,b,c");
	assert_customers(e.j, "t3", "a,b");
	free(e.before);
	cxj_journey_free(e.j);
}
END_TEST

static Suite *loaded_suite(void)
{
	Suite *s = suite_create("loaded");
	TCase *tc = tcase_create("edits");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, texts_of_loaded_touchpoints_are_replaced_and_cleared);
	tcase_add_test(tc, lists_of_loaded_touchpoints_grow_shrink_and_move);
	tcase_add_test(tc, loaded_objects_are_renamed_moved_and_removed);
	tcase_add_test(tc, stored_metrics_of_loaded_objects);
	tcase_add_test(tc, loaded_edits_under_failing_allocations);
	tcase_add_test(tc, vocabulary_is_stored_once);
	tcase_add_test(tc, shared_texts_are_edited_apart);
	tcase_add_test(tc, shared_item_set_under_failing_allocations);
	tcase_add_test(tc, a_vocabulary_that_does_not_repeat_is_copied);
	tcase_add_test(tc, equal_pairs_of_references_share_a_block);
	tcase_add_test(tc, shared_pairs_are_edited_apart);
	tcase_add_test(tc, one_item_lists_grow_and_shrink);
	tcase_add_test(tc, shared_pair_grows_under_failing_allocations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(loaded_suite());
}
