/* check_metric.c: metric accumulators: adding, refusing, figures, merging,
 * cloning and the portable state. References: tests/ref/metric_ref.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ref/metric_ref.h"
#include "testutil.h"
#include "fuzz/state_invariants.h"



static cxj_metric *new_metric(cxj_metric_kind kind)
{
	cxj_metric *m = NULL;
	ck_assert_rc(cxj_metric_new(kind, &m), CXJ_OK);
	ck_assert_ptr_nonnull(m);
	return m;
}

/* every point of the scale given a count */
static cxj_metric *from_counts(cxj_metric_kind kind, const uint64_t *c,
			       size_t n)
{
	int lo, hi;
	ck_assert_rc(cxj_metric_kind_scale(kind, &lo, &hi), CXJ_OK);
	ck_assert_uint_eq((size_t)(hi - lo + 1), n);
	return cxjt_from_counts(kind, c, n);
}

static cxj_metric *from_array(cxj_metric_kind kind, const double *x, size_t n)
{
	cxj_metric *m = new_metric(kind);
	ck_assert_rc(cxj_metric_add_array(m, x, n), CXJ_OK);
	return m;
}

/* Equal states, field by field: counts exactly, sums to rel. */
static void assert_same(const cxj_metric *a, const cxj_metric *b, double rel)
{
	cxj_metric_summary sa = CXJ_METRIC_SUMMARY_INIT;
	cxj_metric_summary sb = CXJ_METRIC_SUMMARY_INIT;
	ck_assert_int_eq(cxj_metric_kind_of(a), cxj_metric_kind_of(b));
	ck_assert_uint_eq(cxj_metric_count(a), cxj_metric_count(b));
	for (int k = 0; k <= 10; k++) {
		ck_assert_uint_eq(cxj_metric_point_count(a, k),
				  cxj_metric_point_count(b, k));
		ck_close(cxj_metric_point_weight(a, k),
			 cxj_metric_point_weight(b, k), rel);
	}
	ck_assert_rc(cxj_metric_summarize(a, &sa), CXJ_OK);
	ck_assert_rc(cxj_metric_summarize(b, &sb), CXJ_OK);
	ck_close(sa.weight_sum, sb.weight_sum, rel);
	ck_close(sa.effective_n, sb.effective_n, rel);
	if (sa.count) {
		ck_close(sa.mean, sb.mean, rel);
		ck_close(sa.value, sb.value, rel);
		ck_assert(sa.min == sb.min && sa.max == sb.max);
	}
	if (sa.count > 1)
		ck_close(sa.stddev, sb.stddev, rel);
	ck_close(a->m2, b->m2, rel);
	ck_close(a->wsum2, b->wsum2, rel);
	ck_assert_str_eq(cxj_metric_unit(a), cxj_metric_unit(b));
}

/* ---- basics ---- */

START_TEST(new_free_and_kinds)
{
	cxj_metric *m = NULL;
	cxj_metric_kind k;
	int lo, hi;
	ck_assert_rc(cxj_metric_new((cxj_metric_kind)0, &m), CXJ_EINVAL);
	ck_assert_ptr_null(m);
	ck_assert_rc(cxj_metric_new((cxj_metric_kind)5, &m), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_new(CXJ_NPS, NULL), CXJ_EINVAL);
	cxj_metric_free(NULL);
	m = new_metric(CXJ_NPS);
	ck_assert_int_eq(cxj_metric_kind_of(m), CXJ_NPS);
	ck_assert_int_eq(cxj_metric_kind_of(NULL), 0);
	ck_assert_uint_eq(cxj_metric_count(m), 0);
	ck_assert(isnan(cxj_metric_value(m)));
	ck_assert(isnan(cxj_metric_stderr(m)));
	ck_assert(isnan(cxj_metric_mean(m)));
	ck_assert(cxj_metric_weight_sum(m) == 0);
	ck_assert(cxj_metric_effective_n(m) == 0);
	cxj_metric_free(m);

	ck_assert_rc(cxj_metric_kind_scale(CXJ_CSAT, &lo, &hi), CXJ_OK);
	ck_assert(lo == 1 && hi == 5);
	ck_assert_rc(cxj_metric_kind_scale(CXJ_NPS, &lo, &hi), CXJ_OK);
	ck_assert(lo == 0 && hi == 10);
	ck_assert_rc(cxj_metric_kind_scale(CXJ_CES, &lo, &hi), CXJ_OK);
	ck_assert(lo == 1 && hi == 7);
	ck_assert_rc(cxj_metric_kind_scale(CXJ_KPI, &lo, &hi), CXJ_EINVAL);
	ck_assert_str_eq(cxj_metric_kind_name(CXJ_CES), "ces");
	ck_assert_str_eq(cxj_metric_kind_name((cxj_metric_kind)9), "unknown");
	ck_assert_rc(cxj_metric_kind_from_name("NpS", &k), CXJ_OK);
	ck_assert_int_eq(k, CXJ_NPS);
	ck_assert_rc(cxj_metric_kind_from_name("kpi", &k), CXJ_OK);
	ck_assert_int_eq(k, CXJ_KPI);
	ck_assert_rc(cxj_metric_kind_from_name("npsx", &k), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message, "unknown metric kind 'npsx'");
	ck_assert_rc(cxj_metric_kind_from_name("cs", &k), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_kind_from_name("\xff", &k), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_kind_from_name(NULL, &k), CXJ_EINVAL);
	ck_assert_str_eq(cxj_method_name(CXJ_METHOD_AGRESTI_COULL),
			 "agresti-coull");
	ck_assert_str_eq(cxj_method_name(CXJ_METHOD_ADJUSTED_WALD),
			 "adjusted-wald");
	ck_assert_str_eq(cxj_method_name((cxj_method)99), "unknown");
}
END_TEST

START_TEST(out_of_scale_scores_change_nothing)
{
	static const struct {
		cxj_metric_kind kind;
		double score;
		const char *msg;
	} bad[] = {
		{CXJ_CSAT, 0, "csat score 0 is outside the scale 1..5"},
		{CXJ_CSAT, 6, "csat score 6 is outside the scale 1..5"},
		{CXJ_CSAT, 3.5,
		 "csat score 3.5 is not a whole number (the scale is 1..5)"},
		{CXJ_CSAT, NAN,
		 "csat score is NaN, not a point of the scale 1..5"},
		{CXJ_NPS, -1, "nps score -1 is outside the scale 0..10"},
		{CXJ_NPS, 11, "nps score 11 is outside the scale 0..10"},
		{CXJ_NPS, 9.000001,
		 "nps score 9.000001 is not a whole number (the scale is 0..10)"},
		{CXJ_CES, 8, "ces score 8 is outside the scale 1..7"},
		{CXJ_CES, INFINITY,
		 "ces score inf is not a whole number (the scale is 1..7)"},
		{CXJ_KPI, NAN, "kpi score nan is not finite"},
		{CXJ_KPI, -INFINITY, "kpi score -inf is not finite"},
	};
	for (size_t i = 0; i < N_OF(bad); i++) {
		cxj_metric *m = new_metric(bad[i].kind);
		ck_assert_rc(cxj_metric_add(m, bad[i].kind == CXJ_NPS ? 7 : 3),
			     CXJ_OK);
		ck_assert_rc(cxj_metric_add(m, bad[i].score), CXJ_ERANGE);
		ck_assert_str_eq(cxj_error_last()->message, bad[i].msg);
		ck_assert_rc(cxj_metric_add_weighted(m, bad[i].score, 2),
			     CXJ_ERANGE);
		ck_assert_rc(cxj_metric_add_count(m, bad[i].score, 3),
			     CXJ_ERANGE);
		ck_assert_rc(cxj_metric_add_array(m, &bad[i].score, 1),
			     CXJ_ERANGE);
		ck_assert_uint_eq(cxj_metric_count(m), 1);
		ck_assert(cxj_metric_weight_sum(m) == 1);
		cxj_metric_free(m);
	}
}
END_TEST

START_TEST(bad_weights_change_nothing)
{
	static const double w[] = {-1, -0.0001, NAN, INFINITY, 1e200};
	cxj_metric_kind kinds[] = {CXJ_CSAT, CXJ_KPI};
	for (size_t k = 0; k < 2; k++) {
		cxj_metric *m = new_metric(kinds[k]);
		ck_assert_rc(cxj_metric_add_weighted(m, 4, 0.5), CXJ_OK);
		for (size_t i = 0; i < N_OF(w); i++)
			ck_assert_rc(cxj_metric_add_weighted(m, 4, w[i]),
				     CXJ_ERANGE);
		ck_assert_str_eq(cxj_error_last()->message,
				 "weight 1e+200 is too large");
		ck_assert_uint_eq(cxj_metric_count(m), 1);
		ck_assert(cxj_metric_weight_sum(m) == 0.5);
		/* a zero weight counts the answer but moves nothing */
		ck_assert_rc(cxj_metric_add_weighted(m, 5, 0), CXJ_OK);
		ck_assert_uint_eq(cxj_metric_count(m), 2);
		ck_assert(cxj_metric_weight_sum(m) == 0.5);
		ck_assert(cxj_metric_mean(m) == 4);
		cxj_metric_free(m);
	}
}
END_TEST

START_TEST(null_arguments)
{
	cxj_metric *m = new_metric(CXJ_CSAT);
	double x = 3;
	ck_assert_rc(cxj_metric_add(NULL, 3), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_add_weighted(NULL, 3, 1), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_add_count(NULL, 3, 1), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_add_array(NULL, &x, 1), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_add_array(m, NULL, 1), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_add_array(m, NULL, 0), CXJ_OK);
	ck_assert_rc(cxj_metric_merge(NULL, m), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_merge(m, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_clone(NULL, &m), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_set_unit(NULL, "s"), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_metric_count(NULL), 0);
	ck_assert(isnan(cxj_metric_value(NULL)));
	ck_assert(isnan(cxj_metric_stderr(NULL)));
	ck_assert_str_eq(cxj_metric_unit(NULL), "");
	ck_assert_uint_eq(cxj_metric_point_count(NULL, 3), 0);
	cxj_metric_reset(NULL);
	ck_assert_uint_eq(cxj_metric_count(m), 0);
	cxj_metric_free(m);
}
END_TEST

START_TEST(add_array_is_all_or_nothing)
{
	double s[20];
	cxj_metric *m = new_metric(CXJ_NPS);
	cxj_metric *k = new_metric(CXJ_KPI);
	for (int i = 0; i < 20; i++)
		s[i] = i % 11;
	s[7] = 10.5;
	ck_assert_rc(cxj_metric_add(m, 9), CXJ_OK);
	ck_assert_rc(cxj_metric_add_array(m, s, 20), CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "scores[7]: nps score 10.5 is not a whole number (the "
			 "scale is 0..10)");
	ck_assert_uint_eq(cxj_metric_count(m), 1);
	ck_assert_uint_eq(cxj_metric_point_count(m, 9), 1);
	ck_assert_uint_eq(cxj_metric_point_count(m, 0), 0);
	s[7] = 7;
	ck_assert_rc(cxj_metric_add_array(m, s, 20), CXJ_OK);
	ck_assert_uint_eq(cxj_metric_count(m), 21);
	ck_assert_uint_eq(cxj_metric_point_count(m, 9), 2);
	ck_assert_uint_eq(cxj_metric_point_count(m, 7), 2);
	ck_assert_uint_eq(cxj_metric_point_count(m, 0), 2);
	/* a bad score anywhere in a block of four or in the tail is named
	 * by its own index */
	for (size_t bad = 0; bad < 20; bad++) {
		char want[128];
		s[bad] = bad % 2 ? -1 : 2.5;
		ck_assert_rc(cxj_metric_add_array(m, s, 20), CXJ_ERANGE);
		snprintf(want, sizeof want, "scores[%zu]: nps score %s", bad,
			 bad % 2 ? "-1 is outside the scale 0..10"
				 : "2.5 is not a whole number (the scale is "
				   "0..10)");
		ck_assert_str_eq(cxj_error_last()->message, want);
		ck_assert_uint_eq(cxj_metric_count(m), 21);
		s[bad] = (double)(bad % 11);
	}
	ck_assert_rc(cxj_metric_add_array(m, s, 19), CXJ_OK);
	ck_assert_uint_eq(cxj_metric_count(m), 40);
	ck_assert_uint_eq(cxj_metric_point_count(m, 8), 3);

	/* a KPI failure past the first chunk still leaves nothing behind */
	{
		size_t n = 5000;
		double *x = malloc(n * sizeof *x);
		for (size_t i = 0; i < n; i++)
			x[i] = (double)i;
		x[4321] = NAN;
		ck_assert_rc(cxj_metric_add(k, 2), CXJ_OK);
		ck_assert_rc(cxj_metric_add_array(k, x, n), CXJ_ERANGE);
		ck_assert_str_eq(cxj_error_last()->message,
				 "scores[4321]: kpi score nan is not finite");
		ck_assert_uint_eq(cxj_metric_count(k), 1);
		ck_assert(cxj_metric_mean(k) == 2);
		x[4321] = 4321;
		ck_assert_rc(cxj_metric_add_array(k, x, n), CXJ_OK);
		ck_assert_uint_eq(cxj_metric_count(k), n + 1);
		ck_close(cxj_metric_mean(k),
			 ((double)n * (n - 1) / 2 + 2) / (double)(n + 1),
			 1e-14);
		free(x);
	}
	cxj_metric_free(m);
	cxj_metric_free(k);
}
END_TEST

START_TEST(kpi_sums_that_would_overflow_are_refused)
{
	cxj_metric *k = new_metric(CXJ_KPI);
	double big[2] = {1.5e308, -1.5e308};
	ck_assert_rc(cxj_metric_add_array(k, big, 2), CXJ_ERANGE);
	ck_assert_uint_eq(cxj_metric_count(k), 0);
	ck_assert_rc(cxj_metric_add(k, 1.5e308), CXJ_OK);
	ck_assert_rc(cxj_metric_add(k, -1.5e308), CXJ_ERANGE);
	ck_assert_uint_eq(cxj_metric_count(k), 1);
	ck_assert(cxj_metric_mean(k) == 1.5e308);
	cxj_metric_free(k);
}
END_TEST

/* ---- figures against the references ---- */

START_TEST(csat_figures)
{
	cxj_metric *m = from_counts(CXJ_CSAT, CSAT_A, N_OF(CSAT_A));
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	ck_assert_uint_eq(cxj_metric_count(m), 85);
	ck_close(cxj_metric_value(m), CSAT_A_TOP, 1e-12);
	ck_close(cxj_metric_stderr(m), CSAT_A_TOP_SE, 1e-12);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_assert_int_eq(s.kind, CXJ_CSAT);
	ck_assert_uint_eq(s.count, 85);
	ck_assert(s.weight_sum == 85 && s.effective_n == 85);
	ck_close(s.value, CSAT_A_TOP, 1e-12);
	ck_close(s.top_box, CSAT_A_TOP, 1e-12);
	ck_close(s.mean, CSAT_A_MEAN, 1e-12);
	ck_close(s.stddev, CSAT_A_SD, 1e-12);
	ck_assert(s.min == 1 && s.max == 5);
	ck_assert(isnan(s.promoters) && isnan(s.passives) &&
		  isnan(s.detractors));
	for (int k = 1; k <= 5; k++)
		ck_assert_uint_eq(cxj_metric_point_count(m, k), CSAT_A[k - 1]);
	ck_assert_uint_eq(cxj_metric_point_count(m, 0), 0);
	ck_assert_uint_eq(cxj_metric_point_count(m, 6), 0);
	ck_assert(cxj_metric_point_weight(m, 4) == 40);
	cxj_metric_free(m);
}
END_TEST

START_TEST(nps_figures)
{
	cxj_metric *m = from_counts(CXJ_NPS, NPS_A, N_OF(NPS_A));
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	ck_close(cxj_metric_value(m), NPS_A_VALUE, 1e-12);
	ck_close(cxj_metric_stderr(m), NPS_A_SE, 1e-12);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_close(s.promoters, NPS_A_PROM, 1e-12);
	ck_close(s.passives, NPS_A_PASS, 1e-12);
	ck_close(s.detractors, NPS_A_DET, 1e-12);
	ck_close(s.top_box, NPS_A_PROM, 1e-12);
	ck_close(s.mean, NPS_A_MEAN, 1e-12);
	ck_assert(s.min == 0 && s.max == 10);
	cxj_metric_free(m);

	m = from_counts(CXJ_NPS, NPS_B, N_OF(NPS_B));
	ck_close(cxj_metric_value(m), NPS_B_VALUE, 1e-12);
	ck_close(cxj_metric_stderr(m), NPS_B_SE, 1e-12);
	cxj_metric_free(m);
}
END_TEST

START_TEST(ces_and_kpi_figures)
{
	cxj_metric *m = from_counts(CXJ_CES, CES_A, N_OF(CES_A));
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	ck_close(cxj_metric_value(m), CES_A_MEAN, 1e-12);
	ck_close(cxj_metric_stderr(m), CES_A_SE, 1e-12);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_close(s.top_box, CES_A_TOP, 1e-12);
	ck_close(s.stddev, CES_A_SD, 1e-12);
	ck_assert(s.min == 1 && s.max == 7);
	cxj_metric_free(m);

	m = from_array(CXJ_KPI, KPI_A, N_OF(KPI_A));
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_close(s.value, KPI_A_MEAN, 1e-12);
	ck_close(s.mean, KPI_A_MEAN, 1e-12);
	ck_close(s.stddev, KPI_A_SD, 1e-12);
	ck_close(s.std_error, KPI_A_SE, 1e-12);
	ck_assert(s.min == KPI_A_MIN && s.max == KPI_A_MAX);
	ck_assert(isnan(s.top_box) && isnan(s.promoters));
	ck_assert_uint_eq(cxj_metric_point_count(m, 1), 0);
	ck_assert(cxj_metric_point_weight(m, 1) == 0);
	cxj_metric_free(m);

	/* one at a time gives the same */
	m = new_metric(CXJ_KPI);
	for (size_t i = 0; i < N_OF(KPI_B); i++)
		ck_assert_rc(cxj_metric_add(m, KPI_B[i]), CXJ_OK);
	ck_close(cxj_metric_value(m), KPI_B_MEAN, 1e-12);
	ck_close(cxj_metric_stderr(m), KPI_B_SE, 1e-12);
	cxj_metric_free(m);
}
END_TEST

START_TEST(empty_and_single_answers)
{
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	cxj_metric *m = new_metric(CXJ_KPI);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_assert_uint_eq(s.count, 0);
	ck_assert(isnan(s.value) && isnan(s.mean) && isnan(s.min) &&
		  isnan(s.max) && isnan(s.stddev) && isnan(s.std_error));
	ck_assert_rc(cxj_metric_add(m, 42), CXJ_OK);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_assert(s.value == 42 && s.min == 42 && s.max == 42);
	ck_assert(isnan(s.stddev) && isnan(s.std_error));
	cxj_metric_free(m);

	m = new_metric(CXJ_CSAT);
	ck_assert_rc(cxj_metric_add(m, 5), CXJ_OK);
	ck_assert(cxj_metric_value(m) == 100);
	ck_assert(cxj_metric_stderr(m) == 0);
	cxj_metric_free(m);
}
END_TEST

START_TEST(summary_versions)
{
	cxj_metric_summary s;
	cxj_metric *m = new_metric(CXJ_CSAT);
	memset(&s, 0, sizeof s);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_summarize(m, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_summary_init(&s, 2), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_summary_init(&s, 0), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_summary_init(NULL, 1), CXJ_EINVAL);
	ck_assert_rc(cxj_metric_summary_init(&s, CXJ_METRIC_SUMMARY_VERSION),
		     CXJ_OK);
	ck_assert_uint_eq(s.version, 1);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_assert_int_eq(s.kind, CXJ_CSAT);
	cxj_metric_free(m);
}
END_TEST

START_TEST(weighted_uses_kish_n)
{
	cxj_metric *m = new_metric(CXJ_CSAT);
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	for (size_t i = 0; i < N_OF(WCSAT_S); i++)
		ck_assert_rc(cxj_metric_add_weighted(m, WCSAT_S[i], WCSAT_WT[i]),
			     CXJ_OK);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_assert_uint_eq(s.count, N_OF(WCSAT_S));
	ck_close(s.weight_sum, WCSAT_WSUM, 1e-12);
	ck_close(s.effective_n, WCSAT_NEFF, 1e-12);
	ck_close(s.value, WCSAT_TOP, 1e-12);
	ck_close(s.std_error, WCSAT_SE, 1e-12);
	ck_close(s.mean, WCSAT_MEAN, 1e-12);
	ck_close(s.stddev, WCSAT_SD, 1e-12);
	cxj_metric_free(m);

	m = new_metric(CXJ_KPI);
	for (size_t i = 0; i < N_OF(WKPI_X); i++)
		ck_assert_rc(cxj_metric_add_weighted(m, WKPI_X[i], WKPI_WT[i]),
			     CXJ_OK);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_close(s.weight_sum, WKPI_WSUM, 1e-12);
	ck_close(s.effective_n, WKPI_NEFF, 1e-12);
	ck_close(s.mean, WKPI_MEAN, 1e-12);
	ck_close(s.stddev, WKPI_SD, 1e-12);
	ck_close(s.std_error, WKPI_SE, 1e-12);
	cxj_metric_free(m);
}
END_TEST

/* ---- properties ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64: deterministic across runs and machines */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double unif(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static double draw(cxj_metric_kind kind)
{
	int lo, hi;
	if (kind == CXJ_KPI)
		return 1000 * unif() * unif() - 50;
	cxj_metric_kind_scale(kind, &lo, &hi);
	return lo + (double)(rnd() % (uint64_t)(hi - lo + 1));
}

START_TEST(weights_of_one_equal_unweighted)
{
	static const cxj_metric_kind kinds[] = {CXJ_CSAT, CXJ_NPS, CXJ_CES,
						CXJ_KPI};
	rng_state = 7;
	for (size_t k = 0; k < N_OF(kinds); k++) {
		cxj_metric *a = new_metric(kinds[k]);
		cxj_metric *b = new_metric(kinds[k]);
		cxj_metric *c = new_metric(kinds[k]);
		double x[3000];
		for (size_t i = 0; i < N_OF(x); i++) {
			x[i] = draw(kinds[k]);
			ck_assert_rc(cxj_metric_add(a, x[i]), CXJ_OK);
			ck_assert_rc(cxj_metric_add_weighted(b, x[i], 1),
				     CXJ_OK);
		}
		ck_assert_rc(cxj_metric_add_array(c, x, N_OF(x)), CXJ_OK);
		/* one at a time, weighted or not, is the same computation */
		assert_same(a, b, 0);
		assert_same(a, c, 1e-12);
		ck_assert(cxj_metric_effective_n(b) == 3000);
		cxj_metric_free(a);
		cxj_metric_free(b);
		cxj_metric_free(c);
	}
}
END_TEST

START_TEST(weighted_array_equals_weighted_adds)
{
	cxj_metric *a = new_metric(CXJ_CSAT), *b = new_metric(CXJ_CSAT);
	cxj_metric *k = new_metric(CXJ_KPI), *l = new_metric(CXJ_KPI);
	double s[N_OF(WCSAT_S)], w[N_OF(WCSAT_S)];
	for (size_t i = 0; i < N_OF(WCSAT_S); i++) {
		ck_assert_rc(cxj_metric_add_weighted(a, WCSAT_S[i],
						     WCSAT_WT[i]),
			     CXJ_OK);
		s[i] = WCSAT_S[i];
		w[i] = WCSAT_WT[i];
	}
	for (size_t i = 0; i < N_OF(WKPI_X); i++)
		ck_assert_rc(cxj_metric_add_weighted(k, WKPI_X[i], WKPI_WT[i]),
			     CXJ_OK);
	/* refused whole: a bad weight, a bad score, each named */
	w[13] = -2;
	ck_assert_rc(cxj_metric_add_weighted_array(b, s, w, N_OF(s)),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "weights[13]: weight -2 is negative or not finite");
	w[13] = WCSAT_WT[13];
	s[39] = 0;
	ck_assert_rc(cxj_metric_add_weighted_array(b, s, w, N_OF(s)),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "scores[39]: csat score 0 is outside the scale 1..5");
	ck_assert_uint_eq(cxj_metric_count(b), 0);
	s[39] = WCSAT_S[39];
	ck_assert_rc(cxj_metric_add_weighted_array(b, s, w, N_OF(s)), CXJ_OK);
	ck_assert_rc(cxj_metric_add_weighted_array(l, WKPI_X, WKPI_WT,
						   N_OF(WKPI_X)),
		     CXJ_OK);
	assert_same(a, b, 1e-13);
	assert_same(k, l, 0);
	ck_assert_rc(cxj_metric_add_weighted_array(l, WKPI_X, NULL, 3),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_metric_add_weighted_array(NULL, WKPI_X, WKPI_WT, 3),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_metric_add_weighted_array(l, NULL, NULL, 0), CXJ_OK);
	{
		double inf = INFINITY, one = 1;
		ck_assert_rc(cxj_metric_add_weighted_array(l, &inf, &one, 1),
			     CXJ_ERANGE);
		ck_assert_str_eq(cxj_error_last()->message,
				 "scores[0]: kpi score inf is not finite");
	}
	ck_assert_uint_eq(cxj_metric_count(l), N_OF(WKPI_X));
	cxj_metric_free(a);
	cxj_metric_free(b);
	cxj_metric_free(k);
	cxj_metric_free(l);
}
END_TEST

/* Far from zero (1e9 with a spread of 0.01) the shifted Welford, chunk and
 * Chan updates keep the spread to the last digits; a sum of squares, or a
 * running mean rounded to the ulp of 1e9, would not. The reference is the
 * exact rational variance of the stored doubles. */
START_TEST(kpi_moments_are_stable_far_from_zero)
{
	cxj_metric *a = from_array(CXJ_KPI, KPI_BIG, N_OF(KPI_BIG));
	cxj_metric *b = new_metric(CXJ_KPI), *c = new_metric(CXJ_KPI);
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	for (size_t i = 0; i < N_OF(KPI_BIG); i++)
		ck_assert_rc(cxj_metric_add(b, KPI_BIG[i]), CXJ_OK);
	for (size_t at = 0; at < N_OF(KPI_BIG); at += 300) {
		size_t n = N_OF(KPI_BIG) - at < 300 ? N_OF(KPI_BIG) - at : 300;
		cxj_metric *part = from_array(CXJ_KPI, KPI_BIG + at, n);
		ck_assert_rc(cxj_metric_merge(c, part), CXJ_OK);
		cxj_metric_free(part);
	}
	ck_assert_rc(cxj_metric_summarize(a, &s), CXJ_OK);
	ck_close(s.mean, KPI_BIG_MEAN, 1e-15);
	ck_close(s.stddev, KPI_BIG_SD, 1e-13);
	ck_assert_rc(cxj_metric_summarize(b, &s), CXJ_OK);
	ck_close(s.mean, KPI_BIG_MEAN, 1e-15);
	ck_close(s.stddev, KPI_BIG_SD, 1e-13);
	ck_assert_rc(cxj_metric_summarize(c, &s), CXJ_OK);
	ck_close(s.mean, KPI_BIG_MEAN, 1e-15);
	ck_close(s.stddev, KPI_BIG_SD, 1e-13);
	cxj_metric_free(a);
	cxj_metric_free(b);
	cxj_metric_free(c);
}
END_TEST

START_TEST(add_count_equals_repeated_adds)
{
	cxj_metric *a = new_metric(CXJ_CES), *b = new_metric(CXJ_CES);
	cxj_metric *k = new_metric(CXJ_KPI), *l = new_metric(CXJ_KPI);
	for (int i = 0; i < 17; i++) {
		ck_assert_rc(cxj_metric_add(a, 6), CXJ_OK);
		ck_assert_rc(cxj_metric_add(k, 2.5), CXJ_OK);
	}
	ck_assert_rc(cxj_metric_add(a, 2), CXJ_OK);
	ck_assert_rc(cxj_metric_add(k, 9.25), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(b, 6, 17), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(b, 2, 1), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(b, 3, 0), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(l, 2.5, 17), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(l, 9.25, 1), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(l, 1e9, 0), CXJ_OK);
	assert_same(a, b, 0);
	assert_same(k, l, 1e-13);
	ck_assert_rc(cxj_metric_add_count(b, 6, UINT64_MAX), CXJ_ERANGE);
	ck_assert_rc(cxj_metric_add_count(l, 6, UINT64_MAX), CXJ_ERANGE);
	ck_assert_uint_eq(cxj_metric_count(b), 18);
	/* a count at the top of uint64_t takes nothing more */
	ck_assert_rc(cxj_metric_add_count(b, 6, UINT64_MAX - 18), CXJ_OK);
	ck_assert_rc(cxj_metric_add(b, 6), CXJ_ERANGE);
	ck_assert_rc(cxj_metric_add_array(b, &(double){6}, 1), CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "the answer count would overflow");
	ck_assert_rc(cxj_metric_merge(b, a), CXJ_ERANGE);
	ck_assert(cxj_metric_count(b) == UINT64_MAX);
	cxj_metric_free(a);
	cxj_metric_free(b);
	cxj_metric_free(k);
	cxj_metric_free(l);
}
END_TEST

/* Random data, randomly weighted or not, split at random into parts that
 * each go through a different entry point (and, every other round, through
 * state bytes); merged, the parts equal one metric fed everything in
 * order. */
START_TEST(merging_random_partitions_equals_the_whole)
{
	static const cxj_metric_kind kinds[] = {CXJ_CSAT, CXJ_NPS, CXJ_CES,
						CXJ_KPI};
	rng_state = 20261123;
	for (int round = 0; round < 40; round++) {
		cxj_metric_kind kind = kinds[round % 4];
		int weighted = round % 3 == 0;
		size_t n = 1 + rnd() % 4000, parts = 1 + rnd() % 9;
		double *x = malloc(n * sizeof *x), *w = malloc(n * sizeof *w);
		cxj_metric *whole = new_metric(kind);
		cxj_metric *merged = new_metric(kind);
		size_t *cut = malloc((parts + 1) * sizeof *cut);
		for (size_t i = 0; i < n; i++) {
			x[i] = draw(kind);
			w[i] = weighted ? 0.1 + 3 * unif() : 1;
			ck_assert_rc(cxj_metric_add_weighted(whole, x[i], w[i]),
				     CXJ_OK);
		}
		cut[0] = 0;
		cut[parts] = n;
		for (size_t p = 1; p < parts; p++)
			cut[p] = rnd() % (n + 1);
		/* sorted cuts; empty parts are allowed and must merge too */
		for (size_t p = 1; p < parts; p++)
			for (size_t q = p + 1; q < parts; q++)
				if (cut[q] < cut[p]) {
					size_t t = cut[p];
					cut[p] = cut[q];
					cut[q] = t;
				}
		for (size_t p = 0; p < parts; p++) {
			cxj_metric *part = new_metric(kind);
			size_t a = cut[p], b = cut[p + 1];
			if (!weighted && p % 2)
				ck_assert_rc(cxj_metric_add_array(part, x + a,
								  b - a),
					     CXJ_OK);
			else
				for (size_t i = a; i < b; i++)
					ck_assert_rc(cxj_metric_add_weighted(
							     part, x[i], w[i]),
						     CXJ_OK);
			if (round % 2) {
				/* as from another process: through bytes */
				uint8_t *bytes = NULL;
				size_t len = 0;
				cxj_metric *moved = NULL;
				ck_assert_rc(cxj_metric_state_save(part, &bytes,
								   &len),
					     CXJ_OK);
				ck_assert_rc(cxj_metric_state_load(bytes, len,
								   &moved),
					     CXJ_OK);
				cxj_free(bytes);
				cxj_metric_free(part);
				part = moved;
			}
			ck_assert_rc(cxj_metric_merge(merged, part), CXJ_OK);
			cxj_metric_free(part);
		}
		assert_same(whole, merged, 1e-12);
		free(x);
		free(w);
		free(cut);
		cxj_metric_free(whole);
		cxj_metric_free(merged);
	}
}
END_TEST

START_TEST(merge_refuses_mismatches)
{
	cxj_metric *a = new_metric(CXJ_CSAT), *b = new_metric(CXJ_CES);
	cxj_metric *k = new_metric(CXJ_KPI), *l = new_metric(CXJ_KPI);
	ck_assert_rc(cxj_metric_add(a, 4), CXJ_OK);
	ck_assert_rc(cxj_metric_add(b, 4), CXJ_OK);
	ck_assert_rc(cxj_metric_merge(a, b), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "cannot merge a ces metric into a csat metric");
	ck_assert_rc(cxj_metric_merge(a, a), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_metric_count(a), 1);
	ck_assert_rc(cxj_metric_set_unit(k, "s"), CXJ_OK);
	ck_assert_rc(cxj_metric_set_unit(l, "min"), CXJ_OK);
	ck_assert_rc(cxj_metric_add(l, 3), CXJ_OK);
	ck_assert_rc(cxj_metric_merge(k, l), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "cannot merge kpi unit 'min' into unit 's'");
	ck_assert_uint_eq(cxj_metric_count(k), 0);
	/* an unset unit takes the other's */
	ck_assert_rc(cxj_metric_set_unit(k, NULL), CXJ_OK);
	ck_assert_rc(cxj_metric_merge(k, l), CXJ_OK);
	ck_assert_str_eq(cxj_metric_unit(k), "min");
	ck_assert_uint_eq(cxj_metric_count(k), 1);
	cxj_metric_free(a);
	cxj_metric_free(b);
	cxj_metric_free(k);
	cxj_metric_free(l);
}
END_TEST

START_TEST(clone_and_reset)
{
	cxj_metric *k = from_array(CXJ_KPI, KPI_A, N_OF(KPI_A)), *c = NULL;
	ck_assert_rc(cxj_metric_set_unit(k, "s"), CXJ_OK);
	ck_assert_rc(cxj_metric_clone(k, &c), CXJ_OK);
	assert_same(k, c, 0);
	ck_assert_ptr_ne(cxj_metric_unit(k), cxj_metric_unit(c));
	cxj_metric_reset(k);
	ck_assert_uint_eq(cxj_metric_count(k), 0);
	ck_assert(isnan(cxj_metric_value(k)));
	ck_assert_str_eq(cxj_metric_unit(k), "s");
	ck_assert_uint_eq(cxj_metric_count(c), N_OF(KPI_A));
	/* reset gives a metric equal to a new one */
	ck_assert_rc(cxj_metric_add_array(k, KPI_A, N_OF(KPI_A)), CXJ_OK);
	assert_same(k, c, 0);
	ck_assert_rc(cxj_metric_clone(k, NULL), CXJ_EINVAL);
	cxj_metric_free(k);
	cxj_metric_free(c);
}
END_TEST

START_TEST(units)
{
	char longer[300];
	cxj_metric *m = new_metric(CXJ_NPS), *k = new_metric(CXJ_KPI);
	ck_assert_rc(cxj_metric_set_unit(m, "s"), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message, "a nps metric has no unit");
	ck_assert_str_eq(cxj_metric_unit(m), "");
	ck_assert_str_eq(cxj_metric_unit(k), "");
	ck_assert_rc(cxj_metric_set_unit(k, "sekuntia ⏱"), CXJ_OK);
	ck_assert_str_eq(cxj_metric_unit(k), "sekuntia ⏱");
	ck_assert_rc(cxj_metric_set_unit(k, "bad \xc3"), CXJ_EINVAL);
	memset(longer, 'a', sizeof longer);
	longer[256] = '\0';
	ck_assert_rc(cxj_metric_set_unit(k, longer), CXJ_EINVAL);
	ck_assert_str_eq(cxj_metric_unit(k), "sekuntia ⏱");
	longer[255] = '\0';
	ck_assert_rc(cxj_metric_set_unit(k, longer), CXJ_OK);
	ck_assert_uint_eq(strlen(cxj_metric_unit(k)), 255);
	ck_assert_rc(cxj_metric_set_unit(k, ""), CXJ_OK);
	ck_assert_str_eq(cxj_metric_unit(k), "");
	cxj_metric_free(m);
	cxj_metric_free(k);
}
END_TEST

/* ---- state ---- */

static cxj_metric *round_trip(const cxj_metric *m)
{
	uint8_t *b = NULL, *b2 = NULL;
	size_t len = 0, len2 = 0;
	cxj_metric *back = NULL;
	ck_assert_rc(cxj_metric_state_save(m, &b, &len), CXJ_OK);
	ck_assert_rc(cxj_metric_state_load(b, len, &back), CXJ_OK);
	ck_assert_rc(cxj_metric_state_save(back, &b2, &len2), CXJ_OK);
	ck_assert_uint_eq(len, len2);
	ck_assert(memcmp(b, b2, len) == 0);
	cxj_free(b);
	cxj_free(b2);
	return back;
}

START_TEST(state_round_trip)
{
	static const cxj_metric_kind kinds[] = {CXJ_CSAT, CXJ_NPS, CXJ_CES,
						CXJ_KPI};
	rng_state = 99;
	for (size_t k = 0; k < N_OF(kinds); k++) {
		cxj_metric *m = new_metric(kinds[k]), *back;
		back = round_trip(m); /* empty */
		assert_same(m, back, 0);
		cxj_metric_free(back);
		for (int i = 0; i < 500; i++)
			ck_assert_rc(cxj_metric_add_weighted(m, draw(kinds[k]),
							     i % 5 ? 1 : 0.37 * (i % 7)),
				     CXJ_OK);
		if (kinds[k] == CXJ_KPI)
			ck_assert_rc(cxj_metric_set_unit(m, "ms"), CXJ_OK);
		back = round_trip(m);
		/* bit for bit: the same doubles come back */
		assert_same(m, back, 0);
		ck_assert(memcmp(back->hist_w, m->hist_w, sizeof m->hist_w) == 0);
		ck_assert(back->mean == m->mean && back->m2 == m->m2 &&
			  back->shift == m->shift &&
			  back->wsum == m->wsum && back->wsum2 == m->wsum2);
		/* and it merges on */
		ck_assert_rc(cxj_metric_merge(back, m), CXJ_OK);
		ck_assert_uint_eq(cxj_metric_count(back), 1000);
		cxj_metric_free(back);
		cxj_metric_free(m);
	}
}
END_TEST

/* The layout is fixed: little-endian, IEEE-754, on every machine. */
START_TEST(state_bytes_are_portable)
{
	static const uint8_t want[] = {
		'C', 'X', 'J', 'M', 1, 0, 1, 0,
		3, 0, 0, 0, 0, 0, 0, 0,                     /* count 3 */
		0, 0, 0, 0, 0, 0, 0x18, 0x40,               /* wsum2 6.0 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 1 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 2 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 3 */
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, /* 4: 2.0 */
		2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, /* 5: 2.0 */
	};
	cxj_metric *m = new_metric(CXJ_CSAT), *back = NULL;
	uint8_t *b = NULL;
	size_t len = 0;
	ck_assert_rc(cxj_metric_add_weighted(m, 4, 2), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(m, 5, 2), CXJ_OK);
	ck_assert_rc(cxj_metric_state_save(m, &b, &len), CXJ_OK);
	ck_assert_uint_eq(len, sizeof want);
	ck_assert(memcmp(b, want, len) == 0);
	cxj_free(b);
	ck_assert_rc(cxj_metric_state_load(want, sizeof want, &back), CXJ_OK);
	ck_close(cxj_metric_value(back), 100, 0);
	ck_close(cxj_metric_effective_n(back), 16.0 / 6, 1e-15);
	cxj_metric_free(back);
	cxj_metric_free(m);
}
END_TEST

static void put64(uint8_t *p, double d)
{
	uint64_t v;
	memcpy(&v, &d, 8);
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void expect_parse_error(const uint8_t *b, size_t len, const char *msg)
{
	cxj_metric *m = NULL;
	ck_assert_rc(cxj_metric_state_load(b, len, &m), CXJ_EPARSE);
	ck_assert_ptr_null(m);
	if (msg)
		ck_assert_str_eq(cxj_error_last()->message, msg);
}

START_TEST(state_load_rejects_malformed_bytes)
{
	cxj_metric *m = from_counts(CXJ_NPS, NPS_A, N_OF(NPS_A));
	cxj_metric *k = from_array(CXJ_KPI, KPI_A, N_OF(KPI_A));
	uint8_t *b = NULL, *kb = NULL, *t;
	size_t len, klen;
	ck_assert_rc(cxj_metric_set_unit(k, "s"), CXJ_OK);
	ck_assert_rc(cxj_metric_state_save(m, &b, &len), CXJ_OK);
	ck_assert_rc(cxj_metric_state_save(k, &kb, &klen), CXJ_OK);
	ck_assert_uint_eq(len, 200);
	ck_assert_uint_eq(klen, 75);
	/* every truncation fails; the allocation is exact, so ASan sees any
	 * read past the end */
	for (size_t cut = 0; cut < len; cut++) {
		t = malloc(cut ? cut : 1);
		memcpy(t, b, cut);
		expect_parse_error(t, cut, NULL);
		free(t);
	}
	for (size_t cut = 0; cut < klen; cut++) {
		t = malloc(cut ? cut : 1);
		memcpy(t, kb, cut);
		expect_parse_error(t, cut, NULL);
		free(t);
	}
	expect_parse_error(b, 10, "metric state: truncated at 10 of at least "
				  "24 bytes");
	expect_parse_error(kb, 60, "metric state: truncated at 60 of at least "
				   "74 bytes");
	expect_parse_error(kb, 74, "metric state: 74 bytes where a kpi state "
				   "has 75");
	t = malloc(len + 1);
	memcpy(t, b, len);
	t[len] = 0;
	expect_parse_error(t, len + 1, "metric state: 201 bytes where a nps "
				       "state has 200");
	free(t);

	t = malloc(len);
#define MUTATE(off, val, msg)                                                  \
	do {                                                                   \
		memcpy(t, b, len);                                             \
		t[off] = (val);                                                \
		expect_parse_error(t, len, msg);                               \
	} while (0)
	MUTATE(0, 'X', "metric state: not a metric state (bad magic)");
	MUTATE(4, 2, "metric state: format version 2 is not supported (this "
		     "library reads 1)");
	MUTATE(6, 9, "metric state: unknown kind 9");
	MUTATE(6, 0, "metric state: unknown kind 0");
	MUTATE(6, 1, "metric state: 200 bytes where a csat state has 104");
	MUTATE(7, 1, "metric state: reserved byte is not 0");
	MUTATE(8, 99, "metric state: point counts do not add up to the count");
	MUTATE(24, 3, "metric state: point counts do not add up to the count");
	memcpy(t, b, len);
	put64(t + 32, -1);
	expect_parse_error(t, len,
			   "metric state: a point weight is negative or not "
			   "finite");
	put64(t + 32, NAN);
	expect_parse_error(t, len, NULL);
	memcpy(t, b, len);
	put64(t + 16, INFINITY);
	expect_parse_error(t, len,
			   "metric state: sum of squared weights is negative "
			   "or not finite");
	memcpy(t, b, len);
	memset(t + 8, 0xff, 8); /* a count near 2^64 overflows the sum */
	memset(t + 24, 0xff, 8);
	memset(t + 40, 0xff, 8);
	expect_parse_error(t, len, "metric state: point counts overflow");
	free(t);

	t = malloc(klen);
#define KMUTATE(off, d, msg)                                                   \
	do {                                                                   \
		memcpy(t, kb, klen);                                           \
		put64(t + (off), (d));                                         \
		expect_parse_error(t, klen, msg);                              \
	} while (0)
	KMUTATE(24, -3, "metric state: kpi moments are negative or not "
			"finite");
	KMUTATE(32, NAN, "metric state: kpi moments are negative or not "
			 "finite");
	KMUTATE(40, INFINITY, "metric state: kpi moments are negative or not "
			      "finite");
	KMUTATE(48, -1, "metric state: kpi moments are negative or not "
			"finite");
	KMUTATE(56, 1e9, "metric state: kpi min and max are not a finite "
			 "range");
	KMUTATE(64, -INFINITY, "metric state: kpi min and max are not a "
			       "finite range");
	KMUTATE(32, 1e6, "metric state: kpi shift is not one of the answers");
	KMUTATE(40, 1e6, "metric state: kpi mean lies outside min..max");
	memcpy(t, kb, klen);
	t[74] = 0xc3;
	expect_parse_error(t, klen,
			   "metric state: the unit is not valid UTF-8 text");
	t[74] = 0;
	expect_parse_error(t, klen,
			   "metric state: the unit is not valid UTF-8 text");
	memcpy(t, kb, klen);
	t[72] = 0;
	t[73] = 1;
	expect_parse_error(t, klen, "metric state: the unit is longer than "
				    "255 bytes");
	free(t);

	/* an empty kpi with moments */
	{
		cxj_metric *e = new_metric(CXJ_KPI);
		uint8_t *eb = NULL;
		size_t elen;
		ck_assert_rc(cxj_metric_state_save(e, &eb, &elen), CXJ_OK);
		put64(eb + 32, 5);
		expect_parse_error(eb, elen,
				   "metric state: an empty kpi has moments");
		cxj_free(eb);
		cxj_metric_free(e);
	}
	{
		cxj_metric *back = NULL;
		ck_assert_rc(cxj_metric_state_load(NULL, 0, &back), CXJ_EPARSE);
		ck_assert_rc(cxj_metric_state_load(NULL, 5, &back), CXJ_EINVAL);
		ck_assert_rc(cxj_metric_state_load(b, len, NULL), CXJ_EINVAL);
		ck_assert_rc(cxj_metric_state_save(NULL, &t, &len), CXJ_EINVAL);
		ck_assert_rc(cxj_metric_state_save(m, NULL, &len), CXJ_EINVAL);
	}
	cxj_free(b);
	cxj_free(kb);
	cxj_metric_free(m);
	cxj_metric_free(k);
}
END_TEST

/* States that no sequence of answers can produce, each refused with the
 * part at fault named. */
static uint8_t *saved(const cxj_metric *m, size_t *len)
{
	uint8_t *b = NULL;
	ck_assert_rc(cxj_metric_state_save(m, &b, len), CXJ_OK);
	return b;
}

static double get64(const uint8_t *p)
{
	uint64_t v = 0;
	double d;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	memcpy(&d, &v, 8);
	return d;
}

START_TEST(impossible_states_are_refused)
{
	static const double w[] = {0.5, 2, 1, 3, 0.25, 1.5};
	cxj_metric *nps = new_metric(CXJ_NPS), *zero = new_metric(CXJ_CSAT);
	cxj_metric *one = new_metric(CXJ_KPI), *kpi = new_metric(CXJ_KPI);
	uint8_t *b, *t;
	size_t len;
	for (int i = 0; i < 6; i++) {
		ck_assert_rc(cxj_metric_add_weighted(nps, i * 2, w[i]), CXJ_OK);
		ck_assert_rc(cxj_metric_add_weighted(kpi, i * 1.5, w[i]),
			     CXJ_OK);
	}
	ck_assert_rc(cxj_metric_add_weighted(zero, 4, 0), CXJ_OK);
	/* a weight whose square underflows would leave the squared weights
	 * at 0 under a weight above 0 (found by fuzz_metric_state) */
	ck_assert_rc(cxj_metric_add_weighted(zero, 4, 1e-160), CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message, "weight 1e-160 is too small");
	ck_assert_rc(cxj_metric_add_weighted(one, 42.5, 2), CXJ_OK);

	/* squared weights outside [W^2 / n, W^2]: Kish's n outside 1..n */
	b = saved(nps, &len);
	t = malloc(len);
	memcpy(t, b, len);
	put64(t + 16, get64(b + 16) * 1000);
	expect_parse_error(t, len, "metric state: squared weights are above "
				   "the square of the weight sum (effective n "
				   "below 1)");
	put64(t + 16, get64(b + 16) / 1000);
	expect_parse_error(t, len, "metric state: squared weights are below "
				   "what the weights allow (effective n above "
				   "the count)");
	/* tiny squared weights made the t quantile of a huge df loop */
	put64(t + 16, 1e-300);
	expect_parse_error(t, len, NULL);
	put64(t + 16, 0);
	expect_parse_error(t, len, "metric state: squared weights are below "
				   "what the weights allow (effective n above "
				   "the count)");
	free(t);
	cxj_free(b);

	b = saved(zero, &len);
	put64(b + 16, 1);
	expect_parse_error(b, len, "metric state: squared weights without "
				   "any weight");
	cxj_free(b);

	/* one answer: min is max is the shift, no spread */
	b = saved(one, &len);
	t = malloc(len);
#define ONE(off, d)                                                            	do {                                                                   		memcpy(t, b, len);                                             		put64(t + (off), (d));                                         		expect_parse_error(t, len,                                     				   "metric state: a kpi with one answer has a "  				   "different min, max and mean or a "         				   "spread");                                  	} while (0)
	ONE(72 - 8, 43);   /* max */
	ONE(56, 42);	   /* min, then max differs */
	ONE(48, 0.5);	   /* m2 */
	memcpy(t, b, len);
	put64(t + 16, 3);
	expect_parse_error(t, len, "metric state: squared weights of one "
				   "answer are not the square of its weight");
	free(t);
	cxj_free(b);

	/* spread wider than min..max allows (Popoviciu) */
	b = saved(kpi, &len);
	put64(b + 48, get64(b + 48) * 1e6);
	expect_parse_error(b, len, "metric state: kpi spread is wider than "
				   "min..max allows");
	cxj_free(b);

	/* within every bound, but with Kish's n a hair above 1 the variance
	 * of a range of 2e150 is no number */
	{
		cxj_metric *two = new_metric(CXJ_KPI);
		ck_assert_rc(cxj_metric_add_weighted(two, -1e150, 1), CXJ_OK);
		ck_assert_rc(cxj_metric_add_weighted(two, 1e150, 1e-100),
			     CXJ_OK);
		b = saved(two, &len);
		put64(b + 16, 1 - 1e-10);     /* squared weights */
		put64(b + 24, 1);	      /* weight sum */
		put64(b + 40, 1e150);	      /* mean, from the shift -1e150 */
		put64(b + 48, 1e300);	      /* m2 = W range^2 / 4 */
		expect_parse_error(b, len, "metric state: kpi standard error "
					   "is not a finite number");
		cxj_free(b);
		cxj_metric_free(two);
	}
	cxj_metric_free(nps);
	cxj_metric_free(zero);
	cxj_metric_free(one);
	cxj_metric_free(kpi);
}
END_TEST

/* Found by fuzz_round_trip and fuzz_metric_state: a variance computed as
 * m2 n / (W (n - 1)) overflowed where the variance itself is modest, so
 * answers the API took saved a state the loader refused; and one answer
 * of a subnormal weight loaded with no squared weight at all. */
START_TEST(huge_weights_keep_a_finite_spread)
{
	cxj_metric *kpi = new_metric(CXJ_KPI), *back = NULL;
	uint8_t *b;
	size_t len;
	/* two answers 1.5e77 apart, of equal weight 9e153: m2 = 1.0125e308,
	 * so m2 n overflows; the plain sample gives SE = 1.5e77 / 2 */
	ck_assert_rc(cxj_metric_add_weighted(kpi, 0, 9e153), CXJ_OK);
	ck_assert_rc(cxj_metric_add_weighted(kpi, 1.5e77, 9e153), CXJ_OK);
	ck_assert_double_eq_tol(cxj_metric_stderr(kpi), 7.5e76, 7.5e76 * 1e-12);
	b = saved(kpi, &len);
	ck_assert_rc(cxj_metric_state_load(b, len, &back), CXJ_OK);
	ck_assert_double_eq(cxj_metric_stderr(back), cxj_metric_stderr(kpi));
	cxj_free(b);
	cxj_metric_free(back);
	cxj_metric_free(kpi);

	kpi = new_metric(CXJ_KPI);
	ck_assert_rc(cxj_metric_add_weighted(kpi, 3, 1), CXJ_OK);
	b = saved(kpi, &len);
	put64(b + 16, 0);		     /* squared weights */
	put64(b + 24, 4.9406564584124654e-324); /* weight sum */
	expect_parse_error(b, len, "metric state: squared weights are below "
				   "what the weights allow (effective n above "
				   "the count)");
	cxj_free(b);
	cxj_metric_free(kpi);
}
END_TEST

/* Every single-byte change of valid states of each shape either fails to
 * load or loads as a state that answers could produce, whose interval,
 * comparison and target test end with numbers or a clear refusal. */
START_TEST(damaged_states_load_only_as_possible_ones)
{
	cxj_metric *m[5];
	unsigned long refused = 0, loaded = 0;
	for (int i = 0; i < 5; i++)
		m[i] = new_metric(i < 3 ? (cxj_metric_kind)(i + 1) : CXJ_KPI);
	for (int k = 1; k <= 5; k++)
		ck_assert_rc(cxj_metric_add_count(m[0], k, (uint64_t)k * 7),
			     CXJ_OK);
	for (int k = 0; k <= 10; k++)
		ck_assert_rc(cxj_metric_add_weighted(m[1], k, 0.25 + k % 3),
			     CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(m[2], 3, 1000000000000000ULL),
		     CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(m[2], 5, 1000000000000000ULL),
		     CXJ_OK);
	ck_assert_rc(cxj_metric_add_weighted(m[3], 42.5, 2), CXJ_OK);
	for (int k = 0; k < 9; k++)
		ck_assert_rc(cxj_metric_add_weighted(m[4], k * k - 20.5,
						     1 + k % 4),
			     CXJ_OK);
	ck_assert_rc(cxj_metric_set_unit(m[4], "min"), CXJ_OK);
	for (int i = 0; i < 5; i++) {
		size_t len;
		uint8_t *b = saved(m[i], &len), *t = malloc(len);
		for (size_t at = 0; at < len; at++)
			for (unsigned v = 0; v < 256; v++) {
				cxj_metric *back = NULL;
				const char *why;
				if (v == b[at])
					continue;
				memcpy(t, b, len);
				t[at] = (uint8_t)v;
				if (cxj_metric_state_load(t, len, &back)) {
					refused++;
					continue;
				}
				loaded++;
				why = cxjt_state_invariants(back);
				ck_assert_msg(why == NULL,
					      "state %d, byte %zu = %u: %s", i,
					      at, v, why);
				cxj_metric_free(back);
			}
		free(t);
		cxj_free(b);
	}
	/* the sweep reached both outcomes */
	ck_assert_uint_gt(refused, 0);
	ck_assert_uint_gt(loaded, 0);
	for (int i = 0; i < 5; i++)
		cxj_metric_free(m[i]);
}
END_TEST

/* Answers of one score, one weight dominating: no spread, a fraction of a
 * degree of freedom, so at a high level t is infinite. The interval is the
 * point, not inf * 0 (fuzz_metric_state found it as NaN bounds). */
START_TEST(interval_without_spread_is_its_point)
{
	static const double levels[] = {0.5, 0.95, 0.999999};
	cxj_metric *m = new_metric(CXJ_KPI);
	ck_assert_rc(cxj_metric_add_weighted(m, 10, 10), CXJ_OK);
	ck_assert_rc(cxj_metric_add_weighted(m, 10, 0.001), CXJ_OK);
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		cxj_interval iv = CXJ_INTERVAL_INIT;
		ck_assert_rc(cxj_metric_interval(m, CXJ_FIGURE_VALUE,
						 CXJ_METHOD_DEFAULT, levels[i],
						 &iv),
			     CXJ_OK);
		ck_assert(iv.df > 0 && iv.df < 0.001);
		ck_assert_double_eq(iv.std_error, 0);
		ck_assert_double_eq(iv.lo, 10);
		ck_assert_double_eq(iv.hi, 10);
	}
	cxj_metric_free(m);
}
END_TEST

/* 2e15 CES answers: the t quantile of df 2e15 - 1 comes from the normal
 * limit, promptly, and the interval is the z interval to rounding. */
START_TEST(interval_of_a_huge_count_ends)
{
	cxj_metric *m = new_metric(CXJ_CES);
	cxj_interval iv = CXJ_INTERVAL_INIT;
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	/* scipy.stats.norm.ppf(0.975) */
	const double z = 1.959963984540054, se = 1 / sqrt(2e15);
	ck_assert_rc(cxj_metric_add_count(m, 3, 1000000000000000ULL), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(m, 5, 1000000000000000ULL), CXJ_OK);
	ck_assert_rc(cxj_metric_interval(m, CXJ_FIGURE_VALUE,
					 CXJ_METHOD_DEFAULT, 0.95, &iv),
		     CXJ_OK);
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_assert_double_eq_tol(iv.df, 2e15 - 1, 1);
	/* the sample sd is 1 to within 1e-15: se is 1 / sqrt(n) */
	ck_assert_double_eq_tol(iv.std_error, se, 1e-12 * se);
	ck_assert_double_eq_tol(iv.lo, 4 - z * se, 1e-9 * se);
	ck_assert_double_eq_tol(iv.hi, 4 + z * se, 1e-9 * se);
	cxj_metric_free(m);
}
END_TEST

/* ---- allocation failures ---- */

typedef struct sweep_ctx {
	cxj_metric *a, *b, *out;
	uint8_t *bytes;
	size_t len;
	uint64_t count;
} sweep_ctx;

static int sc_new(void *p)
{
	sweep_ctx *c = p;
	return cxj_metric_new(CXJ_NPS, &c->out);
}

static int sc_clone(void *p)
{
	sweep_ctx *c = p;
	return cxj_metric_clone(c->a, &c->out);
}

static int sc_merge(void *p)
{
	sweep_ctx *c = p;
	return cxj_metric_merge(c->b, c->a);
}

static void merge_unchanged(void *p)
{
	sweep_ctx *c = p;
	ck_assert_uint_eq(cxj_metric_count(c->b), c->count);
	ck_assert_str_eq(cxj_metric_unit(c->b), "");
}

static int sc_save(void *p)
{
	sweep_ctx *c = p;
	return cxj_metric_state_save(c->a, &c->bytes, &c->len);
}

static int sc_load(void *p)
{
	sweep_ctx *c = p;
	return cxj_metric_state_load(c->bytes, c->len, &c->out);
}

static int sc_unit(void *p)
{
	sweep_ctx *c = p;
	return cxj_metric_set_unit(c->b, "seconds");
}

static void unit_unchanged(void *p)
{
	sweep_ctx *c = p;
	ck_assert_str_eq(cxj_metric_unit(c->b), "min");
}

static void out_unset(void *p)
{
	sweep_ctx *c = p;
	ck_assert_ptr_null(c->out);
}

START_TEST(allocation_failures)
{
	sweep_ctx c = {0};
	c.a = from_array(CXJ_KPI, KPI_A, N_OF(KPI_A));
	ck_assert_rc(cxj_metric_set_unit(c.a, "s"), CXJ_OK);

	ck_assert_uint_ge(cxjt_sweep(sc_new, out_unset, &c), 1);
	ck_assert_int_eq(cxj_metric_kind_of(c.out), CXJ_NPS);
	cxj_metric_free(c.out);
	c.out = NULL;

	ck_assert_uint_ge(cxjt_sweep(sc_clone, out_unset, &c), 2);
	assert_same(c.a, c.out, 0);
	cxj_metric_free(c.out);
	c.out = NULL;

	c.b = from_array(CXJ_KPI, KPI_B, N_OF(KPI_B));
	c.count = cxj_metric_count(c.b);
	ck_assert_uint_ge(cxjt_sweep(sc_merge, merge_unchanged, &c), 1);
	ck_assert_uint_eq(cxj_metric_count(c.b), c.count + N_OF(KPI_A));
	ck_assert_str_eq(cxj_metric_unit(c.b), "s");

	ck_assert_rc(cxj_metric_set_unit(c.b, "min"), CXJ_OK);
	ck_assert_uint_ge(cxjt_sweep(sc_unit, unit_unchanged, &c), 1);
	ck_assert_str_eq(cxj_metric_unit(c.b), "seconds");

	ck_assert_uint_ge(cxjt_sweep(sc_save, NULL, &c), 1);
	ck_assert_uint_ge(cxjt_sweep(sc_load, out_unset, &c), 2);
	assert_same(c.a, c.out, 0);
	cxj_metric_free(c.out);
	cxj_free(c.bytes);
	cxj_metric_free(c.a);
	cxj_metric_free(c.b);
}
END_TEST

static Suite *metric_suite(void)
{
	Suite *s = suite_create("metric");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, new_free_and_kinds);
	tcase_add_test(tc, out_of_scale_scores_change_nothing);
	tcase_add_test(tc, bad_weights_change_nothing);
	tcase_add_test(tc, null_arguments);
	tcase_add_test(tc, add_array_is_all_or_nothing);
	tcase_add_test(tc, kpi_sums_that_would_overflow_are_refused);
	tcase_add_test(tc, csat_figures);
	tcase_add_test(tc, nps_figures);
	tcase_add_test(tc, ces_and_kpi_figures);
	tcase_add_test(tc, empty_and_single_answers);
	tcase_add_test(tc, summary_versions);
	tcase_add_test(tc, weighted_uses_kish_n);
	tcase_add_test(tc, weights_of_one_equal_unweighted);
	tcase_add_test(tc, weighted_array_equals_weighted_adds);
	tcase_add_test(tc, kpi_moments_are_stable_far_from_zero);
	tcase_add_test(tc, add_count_equals_repeated_adds);
	tcase_add_test(tc, merging_random_partitions_equals_the_whole);
	tcase_add_test(tc, merge_refuses_mismatches);
	tcase_add_test(tc, clone_and_reset);
	tcase_add_test(tc, units);
	tcase_add_test(tc, state_round_trip);
	tcase_add_test(tc, state_bytes_are_portable);
	tcase_add_test(tc, state_load_rejects_malformed_bytes);
	tcase_add_test(tc, impossible_states_are_refused);
	tcase_add_test(tc, huge_weights_keep_a_finite_spread);
	tcase_add_test(tc, damaged_states_load_only_as_possible_ones);
	tcase_add_test(tc, interval_of_a_huge_count_ends);
	tcase_add_test(tc, interval_without_spread_is_its_point);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(metric_suite());
}
