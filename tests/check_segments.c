/* check_segments.c: one figure compared across every pair of segments, with
 * Holm and Benjamini-Hochberg adjusted p-values. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

static const struct {
	const char *segment;
	int n;
	double scores[12];
} answers[] = {
	{"FI", 12, {10, 9, 9, 8, 7, 6, 3, 10, 9, 2, 9, 10}},
	{"SE", 10, {5, 6, 7, 9, 3, 2, 8, 6, 10, 4}},
	{"NO", 9, {9, 10, 10, 9, 8, 9, 10, 7, 9}},
	{"DK", 8, {0, 3, 6, 9, 5, 7, 2, 6}},
};

static const struct {
	const char *a, *b;
	double difference, std_error, z, p, holm, bh;
} want[] = {
	/* /usr/bin/python3 tests/ref/segments_ref.py (scipy.stats.norm.sf;
	 * Holm and BH written out from their definitions) */
	{"DK", "FI", -95.833333333333343, 34.74651927678299, -2.7580700262361959, 0.0058143740881309199, 0.023257496352523679, 0.01162874817626184},
	{"DK", "NO", -140.27777777777777, 28.240266389458853, -4.9672965489496503, 6.7892725905657837e-07, 4.0735635543394705e-06, 4.0735635543394705e-06},
	{"DK", "SE", -22.5, 35.29119932787777, -0.63755271649910894, 0.52376488346930761, 0.52376488346930761, 0.52376488346930761},
	{"FI", "NO", -44.44444444444445, 28.176155656857294, -1.5773778717618601, 0.11470860395424891, 0.22941720790849782, 0.1376503247450987},
	{"FI", "SE", 73.333333333333343, 35.239918442752561, 2.0809734123665393, 0.037436339731440088, 0.11230901919432026, 0.056154509597160132},
	{"NO", "SE", 117.77777777777779, 28.845171099294934, 4.0831020683616828, 4.4438492954695168e-05, 0.00022219246477347585, 0.00013331547886408549},
};

#define REL(a, b, tol)                                                         \
	ck_assert_msg(fabs((a) - (b)) <= (tol) * fabs(b),                      \
		      "%s = %.17g, want %.17g", #a, (double)(a), (double)(b))

static cxj_journey *journey;
static cxj_responses *responses;
static cxj_scores *scores;

static void setup(void)
{
	cxj_stage *s;
	cxj_answer a = CXJ_ANSWER_INIT;
	char who[32];
	ck_assert_rc(cxj_journey_new("support", &journey), CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(journey, "contact", &s), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "call", NULL), CXJ_OK);
	ck_assert_rc(cxj_responses_new(&responses), CXJ_OK);
	for (size_t g = 0; g < 4; g++)
		for (int i = 0; i < answers[g].n; i++) {
			snprintf(who, sizeof who, "%s-%d", answers[g].segment,
				 i);
			a.respondent = who;
			a.target = "call";
			a.metric = "nps";
			a.score = answers[g].scores[i];
			a.segment = answers[g].segment;
			ck_assert_rc(cxj_responses_add(responses, &a), CXJ_OK);
		}
	/* one CSAT answer: a figure with a single segment */
	a.metric = "csat";
	a.score = 4;
	ck_assert_rc(cxj_responses_add(responses, &a), CXJ_OK);
	ck_assert_rc(cxj_journey_score(journey, responses, NULL, &scores),
		     CXJ_OK);
}

static void teardown(void)
{
	cxj_scores_free(scores);
	cxj_responses_free(responses);
	cxj_journey_free(journey);
}

START_TEST(every_pair_with_adjusted_p_values)
{
	cxj_segment_pairs *l;
	ck_assert_rc(cxj_scores_compare_segments(scores, "call", "nps", NULL,
						 &l),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_segment_pairs_count(l), 6);
	for (size_t i = 0; i < 6; i++) {
		cxj_segment_pair p = CXJ_SEGMENT_PAIR_INIT;
		ck_assert_rc(cxj_segment_pairs_get(l, i, &p), CXJ_OK);
		ck_assert_str_eq(p.segment_a, want[i].a);
		ck_assert_str_eq(p.segment_b, want[i].b);
		REL(p.comparison.difference, want[i].difference, 1e-12);
		REL(p.comparison.std_error, want[i].std_error, 1e-12);
		REL(p.comparison.statistic, want[i].z, 1e-12);
		ck_assert(isinf(p.comparison.df));
		REL(p.comparison.p_value, want[i].p, 1e-9);
		REL(p.p_holm, want[i].holm, 1e-9);
		REL(p.p_bh, want[i].bh, 1e-9);
		ck_assert(p.p_holm >= p.comparison.p_value);
	}
	cxj_segment_pairs_free(l);
	cxj_segment_pairs_free(NULL);
	/* an unknown id is a miss, not "too few segments" */
	l = NULL;
	ck_assert_rc(cxj_scores_compare_segments(scores, "cal", "nps", NULL,
						 &l),
		     CXJ_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message,
				     "did you mean 'call'"));
	ck_assert_ptr_null(l);
}
END_TEST

START_TEST(errors)
{
	cxj_segment_pairs *l = (cxj_segment_pairs *)0x1;
	cxj_segment_pair p = CXJ_SEGMENT_PAIR_INIT;
	cxj_selection sel = CXJ_SELECTION_INIT;
	ck_assert_rc(cxj_scores_compare_segments(scores, "call", "csat", NULL,
						 &l),
		     CXJ_EINVAL);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "1 segment"));
	ck_assert_rc(cxj_scores_compare_segments(scores, "nowhere", "nps", NULL,
						 &l),
		     CXJ_ENOTFOUND);
	ck_assert_rc(cxj_scores_compare_segments(NULL, "call", "nps", NULL, &l),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_scores_compare_segments(scores, "call", "nps", NULL,
						 NULL),
		     CXJ_EINVAL);
	sel.version = 42;
	ck_assert_rc(cxj_scores_compare_segments(scores, "call", "nps", &sel,
						 &l),
		     CXJ_EINVAL);
	ck_assert_ptr_eq(l, (cxj_segment_pairs *)0x1);
	sel.version = CXJ_SELECTION_VERSION;
	sel.source = CXJ_SOURCE_EMPLOYEE; /* no employee answers */
	ck_assert_rc(cxj_scores_compare_segments(scores, "call", "nps", &sel,
						 &l),
		     CXJ_EINVAL);
	sel.source = CXJ_SOURCE_CUSTOMER;
	ck_assert_rc(cxj_scores_compare_segments(scores, "call", "nps", &sel,
						 &l),
		     CXJ_OK);
	ck_assert_rc(cxj_segment_pairs_get(l, 6, &p), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_segment_pairs_get(l, 0, NULL), CXJ_EINVAL);
	p.version = 9;
	ck_assert_rc(cxj_segment_pairs_get(l, 0, &p), CXJ_EINVAL);
	ck_assert_rc(cxj_segment_pair_init(&p, 9), CXJ_EINVAL);
	ck_assert_rc(cxj_segment_pair_init(&p, CXJ_SEGMENT_PAIR_VERSION),
		     CXJ_OK);
	ck_assert_rc(cxj_segment_pairs_get(l, 5, &p), CXJ_OK);
	ck_assert_str_eq(p.segment_a, "NO");
	cxj_segment_pairs_free(l);
	ck_assert_uint_eq(cxj_segment_pairs_count(NULL), 0);
}
END_TEST

static int compare(void *ctx)
{
	cxj_segment_pairs *l;
	int rc = cxj_scores_compare_segments(scores, "call", "nps", NULL, &l);
	if (rc == CXJ_OK) {
		*(size_t *)ctx = cxj_segment_pairs_count(l);
		cxj_segment_pairs_free(l);
	}
	return rc;
}

START_TEST(allocation_failures)
{
	size_t n = 0;
	ck_assert_uint_ge(cxjt_sweep(compare, NULL, &n), 3);
	ck_assert_uint_eq(n, 6);
}
END_TEST

static Suite *segments_suite(void)
{
	Suite *s = suite_create("segments");
	TCase *tc = tcase_create("segments");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_pair_with_adjusted_p_values);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(segments_suite());
}
