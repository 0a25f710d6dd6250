/* check_drivers.c: key-driver analysis and Johnson's relative weights,
 * against figures computed independently with scipy and numpy. */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

#define REL(a, b, tol)                                                         \
	ck_assert_msg(fabs((a) - (b)) <= (tol) * fabs(b),                      \
		      "%s = %.17g, want %.17g", #a, (double)(a), (double)(b))
#define ABS(a, b, tol)                                                         \
	ck_assert_msg(fabs((a) - (b)) <= (tol), "%s = %.17g, want %.17g", #a, \
		      (double)(a), (double)(b))

typedef struct ref {
	const char *tp, *stage;
	size_t pairs;
	double r, p, weight, perf;
	uint64_t answers;
	int quadrant;
} ref;

/* /usr/bin/python3 tests/ref/drivers_ref.py (pandas, scipy.stats.spearmanr,
 * numpy.linalg.eigh) on examples/itsm-responses.csv:
 * respondents 60, R2 0.31347088734711348, mean importance
 * 0.12936509968845647, mean performance 45.661866719403157 */
static const ref expected[] = {
	{"escalate", "diagnose", 24, 0.32113836776072402, 0.12598639221051899, 0.057307730768849097, 18.75, 32, 1},
	{"raise-ticket", "contact", 30, 0.25796408346362421, 0.16872408412327555, 0.013898742499535316, 19.444444444444446, 36, 1},
	{"first-answer", "diagnose", 25, 0.24326818266707734, 0.24128738327421534, 0.013975305197822878, 35.483870967741936, 31, 1},
	{"call-desk", "contact", 35, 0.32659919655531722, 0.055505647639308008, 0.068171203006713074, 81.395348837209298, 43, 2},
	{"renewal", "follow-up", 26, 0.31145006533724595, 0.12143036098799756, 0.093620757664104146, 56.25, 32, 2},
	{"workaround", "resolve", 30, 0.16704719985457844, 0.37761461430595511, 0.002860967745822552, 52.777777777777779, 36, 2},
	{"service-review", "follow-up", 21, 0.16026562558206386, 0.48770457648864374, 0.0066332289442329771, 100, 27, 2},
	{"find-channel", "contact", 19, -0.22915978099069312, 0.34531642591319023, 0.014047186926243604, 12, 25, 3},
	{"confirm", "resolve", 30, 0.057164049903570963, 0.76414538450434089, 0.0027886980375547762, 22.222222222222221, 36, 3},
	{"clarify", "diagnose", 29, 0.11998953082291915, 0.53526642040850547, 0.017662670060043812, 26.47058823529412, 34, 3},
	{"survey", "follow-up", 26, -0.22749411608006187, 0.26370336159143876, 0.019206782521372388, 41.666666666666671, 36, 3},
	{"fix-delivered", "resolve", 22, 0.044148791385111415, 0.84532773748920798, 0.0032976139748188472, 81.481481481481481, 27, 4},
};

static cxj_journey *journey;
static cxj_responses *responses;

static void load_example(void)
{
	ck_assert_rc(cxj_journey_load_file("examples/itsm-support.yaml", NULL,
					   &journey),
		     CXJ_OK);
	ck_assert_rc(cxj_responses_new(&responses), CXJ_OK);
	ck_assert_rc(cxj_responses_import_csv_file(
			     responses, "examples/itsm-responses.csv", NULL),
		     CXJ_OK);
}

static void unload_example(void)
{
	cxj_responses_free(responses);
	cxj_journey_free(journey);
	responses = NULL;
	journey = NULL;
}

START_TEST(example_matches_scipy_and_numpy)
{
	cxj_drivers *d;
	double sum = 0;
	load_example();
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, NULL, &d),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_drivers_count(d), 12);
	ck_assert_uint_eq(cxj_drivers_ranked(d), 12);
	ck_assert_uint_eq(cxj_drivers_respondents(d), 60);
	REL(cxj_drivers_r2(d), 0.31347088734711348, 1e-9);
	REL(cxj_drivers_mean_importance(d), 0.12936509968845647, 1e-12);
	REL(cxj_drivers_mean_performance(d), 45.661866719403157, 1e-12);
	for (size_t i = 0; i < 12; i++) {
		cxj_driver dr = CXJ_DRIVER_INIT;
		const ref *e = &expected[i];
		ck_assert_rc(cxj_drivers_get(d, i, &dr), CXJ_OK);
		ck_assert_str_eq(dr.touchpoint, e->tp);
		ck_assert_str_eq(dr.stage, e->stage);
		ck_assert_uint_eq(dr.pairs, e->pairs);
		ABS(dr.importance, e->r, 1e-12);
		REL(dr.p_value, e->p, 1e-9);
		REL(dr.relative_weight, e->weight, 1e-9);
		REL(dr.relative_share, 100 * e->weight / 0.31347088734711348,
		    1e-9);
		REL(dr.performance, e->perf, 1e-12);
		ck_assert_uint_eq(dr.answers, e->answers);
		ck_assert_int_eq(dr.quadrant, e->quadrant);
		sum += dr.relative_weight;
	}
	REL(sum, cxj_drivers_r2(d), 1e-12);
	cxj_drivers_free(d);
	unload_example();
}
END_TEST

/* The touchpoint's place in the whole map, stage after stage. */
static size_t map_position(const char *id)
{
	size_t pos = 0;
	for (size_t s = 0; s < cxj_journey_stage_count(journey); s++) {
		const cxj_stage *st = cxj_journey_stage_at(journey, s);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++, pos++)
			if (strcmp(cxj_touchpoint_id(cxj_stage_touchpoint_at(st, t)),
				   id) == 0)
				return pos;
	}
	ck_abort_msg("touchpoint '%s' is not in the map", id);
	return pos;
}

START_TEST(too_few_pairs_are_listed_not_ranked)
{
	cxj_driver_options o = CXJ_DRIVER_OPTIONS_INIT;
	cxj_drivers *d;
	cxj_driver dr = CXJ_DRIVER_INIT;
	size_t unranked = 0, last_order = 0;
	load_example();
	o.min_pairs = 25; /* four touchpoints have fewer (see expected[]) */
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_drivers_count(d), 12);
	ck_assert_uint_eq(cxj_drivers_ranked(d), 8);
	for (size_t i = 0; i < 12; i++) {
		ck_assert_rc(cxj_drivers_get(d, i, &dr), CXJ_OK);
		if (i < 8) {
			ck_assert_int_ne(dr.quadrant, CXJ_QUADRANT_NONE);
			ck_assert_uint_ge(dr.pairs, 25);
			continue;
		}
		/* unranked: after the ranked, in map order, no figures */
		ck_assert_int_eq(dr.quadrant, CXJ_QUADRANT_NONE);
		ck_assert(dr.pairs < 25);
		ck_assert(isnan(dr.importance) && isnan(dr.p_value));
		ck_assert(isnan(dr.relative_weight));
		ck_assert(!isnan(dr.performance));
		ck_assert_uint_ge(map_position(dr.touchpoint), last_order);
		last_order = map_position(dr.touchpoint);
		unranked++;
	}
	ck_assert_uint_eq(unranked, 4);
	cxj_drivers_free(d);
	unload_example();
}
END_TEST

START_TEST(segment_and_methods)
{
	cxj_driver_options o = CXJ_DRIVER_OPTIONS_INIT;
	cxj_drivers *d;
	cxj_driver dr = CXJ_DRIVER_INIT;
	load_example();
	o.segment = "FI"; /* 36 FI respondents answered the journey NPS */
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_drivers_respondents(d), 36);
	cxj_drivers_free(d);
	o.segment = "NO";
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_EINVAL);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "0 respondent"));
	o.segment = NULL;
	o.method = CXJ_KENDALL_B;
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_OK);
	ck_assert_rc(cxj_drivers_get(d, 0, &dr), CXJ_OK);
	ck_assert(dr.importance > -1 && dr.importance < 1);
	cxj_drivers_free(d);
	/* the example has no journey-level CSAT answers */
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_CSAT, NULL, &d),
		     CXJ_EINVAL);
	unload_example();
}
END_TEST

START_TEST(bad_arguments)
{
	cxj_driver_options o = CXJ_DRIVER_OPTIONS_INIT;
	cxj_drivers *d = (cxj_drivers *)0x1;
	cxj_driver dr = CXJ_DRIVER_INIT;
	load_example();
	ck_assert_rc(cxj_journey_drivers(NULL, responses, CXJ_NPS, NULL, &d),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_journey_drivers(journey, NULL, CXJ_NPS, NULL, &d),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, NULL, NULL),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_KPI, NULL, &d),
		     CXJ_EINVAL);
	o.touchpoint_metric = CXJ_KPI;
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_EINVAL);
	o.touchpoint_metric = CXJ_CSAT;
	o.min_pairs = 2;
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_EINVAL);
	o.min_pairs = 10;
	o.method = (cxj_corr_method)9;
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_EINVAL);
	o.method = CXJ_SPEARMAN;
	o.version = 99;
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, &o, &d),
		     CXJ_EINVAL);
	ck_assert_ptr_eq(d, (cxj_drivers *)0x1); /* untouched on failure */
	ck_assert_rc(cxj_driver_options_init(&o, 99), CXJ_EINVAL);
	ck_assert_rc(cxj_driver_options_init(&o, CXJ_DRIVER_OPTIONS_VERSION),
		     CXJ_OK);
	ck_assert_int_eq(o.method, CXJ_SPEARMAN);
	ck_assert_uint_eq(o.min_pairs, 10);
	ck_assert_rc(cxj_driver_init(&dr, 2), CXJ_EINVAL);
	ck_assert_rc(cxj_driver_init(&dr, CXJ_DRIVER_VERSION), CXJ_OK);
	ck_assert_rc(cxj_journey_drivers(journey, responses, CXJ_NPS, NULL, &d),
		     CXJ_OK);
	ck_assert_rc(cxj_drivers_get(d, 12, &dr), CXJ_ENOTFOUND);
	ck_assert_rc(cxj_drivers_get(d, 0, NULL), CXJ_EINVAL);
	dr.version = 7;
	ck_assert_rc(cxj_drivers_get(d, 0, &dr), CXJ_EINVAL);
	cxj_drivers_free(d);
	cxj_drivers_free(NULL);
	ck_assert_uint_eq(cxj_drivers_count(NULL), 0);
	ck_assert_uint_eq(cxj_drivers_ranked(NULL), 0);
	ck_assert_uint_eq(cxj_drivers_respondents(NULL), 0);
	ck_assert(isnan(cxj_drivers_r2(NULL)));
	ck_assert(isnan(cxj_drivers_mean_importance(NULL)));
	ck_assert(isnan(cxj_drivers_mean_performance(NULL)));
	ck_assert_str_eq(cxj_quadrant_name(CXJ_QUADRANT_FIX_FIRST), "fix first");
	ck_assert_str_eq(cxj_quadrant_name(CXJ_QUADRANT_STRENGTH), "strength");
	ck_assert_str_eq(cxj_quadrant_name(CXJ_QUADRANT_LOW_PRIORITY),
			 "low priority");
	ck_assert_str_eq(cxj_quadrant_name(CXJ_QUADRANT_MAINTAIN), "maintain");
	ck_assert_str_eq(cxj_quadrant_name(CXJ_QUADRANT_NONE), "not ranked");
	unload_example();
}
END_TEST

/* The drivers' weights come from cxj__relative_weights_corr; its worked
 * example from numpy.linalg.eigh:
 * /usr/bin/python3 -c "import numpy as np; rxx=np.array([[1,.5,.3],
 *   [.5,1,.2],[.3,.2,1]]); rxy=np.array([.6,.5,.4]); lam,v=np.linalg.eigh(rxx);
 *   half=(v*np.sqrt(lam))@v.T; beta=(v/np.sqrt(lam))@v.T@rxy;
 *   print((half**2)@(beta**2), rxy@np.linalg.solve(rxx,rxy))" */
START_TEST(relative_weights_from_correlations)
{
	const double rxx[] = {1, .5, .3, .5, 1, .2, .3, .2, 1};
	const double rxy[] = {.6, .5, .4};
	const double want[] = {0.22552278961306921, 0.13922630386824883,
			       0.095692082989270982};
	const double sing[] = {1, 1, .3, 1, 1, .3, .3, .3, 1};
	double w[3], r2;
	ck_assert_rc(cxj__relative_weights_corr(rxx, rxy, 3, w, &r2), CXJ_OK);
	for (int i = 0; i < 3; i++)
		REL(w[i], want[i], 1e-9);
	/* the weights add up to the regression R squared */
	REL(r2, 0.46044117647058824, 1e-12);
	ck_assert_rc(cxj__relative_weights_corr(rxx, rxy, 1, w, NULL), CXJ_OK);
	REL(w[0], 0.36, 1e-12); /* one predictor: r squared */
	ck_assert_rc(cxj__relative_weights_corr(sing, rxy, 3, w, &r2),
		     CXJ_EINVAL);
}
END_TEST

static int run_drivers(void *ctx)
{
	cxj_drivers *d = NULL;
	int rc = cxj_journey_drivers(journey, responses, CXJ_NPS, NULL, &d);
	if (rc == CXJ_OK) {
		*(size_t *)ctx = cxj_drivers_ranked(d);
		cxj_drivers_free(d);
	}
	return rc;
}

START_TEST(allocation_failures)
{
	size_t ranked = 0;
	load_example();
	ck_assert_uint_gt(cxjt_sweep(run_drivers, NULL, &ranked), 5);
	ck_assert_uint_eq(ranked, 12);
	unload_example();
}
END_TEST

static Suite *drivers_suite(void)
{
	Suite *s = suite_create("drivers");
	TCase *tc = tcase_create("drivers");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, example_matches_scipy_and_numpy);
	tcase_add_test(tc, too_few_pairs_are_listed_not_ranked);
	tcase_add_test(tc, segment_and_methods);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, relative_weights_from_correlations);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(drivers_suite());
}
