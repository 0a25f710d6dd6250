/* check_association.c: chi-square, Cramér's V and its bias-corrected form
 * against scipy.stats (tests/ref/association.py). */
#include <math.h>
#include <string.h>

#include "testutil.h"

#include "ref/association_ref.h"

static double rel(double got, double want)
{
	if (got == want)
		return 0;
	return fabs(got - want) / fabs(want);
}

static void check_result(const struct assoc_case *c,
			 const cxj_association_result *r)
{
	ck_assert_msg(rel(r->chi2, c->chi2) <= 1e-12, "%s: chi2 %.17g, want "
		      "%.17g", c->name, r->chi2, c->chi2);
	ck_assert(r->df == c->df);
	ck_assert_msg(rel(r->p_value, c->p) <= 1e-9, "%s: p %.17g, want %.17g",
		      c->name, r->p_value, c->p);
	ck_assert_msg(fabs(r->cramers_v - c->v) <= 1e-12, "%s: V %.17g, want "
		      "%.17g", c->name, r->cramers_v, c->v);
	ck_assert_msg(fabs(r->cramers_v_corrected - c->v_corrected) <= 1e-12,
		      "%s: corrected V %.17g, want %.17g", c->name,
		      r->cramers_v_corrected, c->v_corrected);
	ck_assert(r->total == c->total);
	ck_assert(rel(r->min_expected, c->min_expected) <= 1e-12);
	ck_assert_int_eq(r->low_expected, c->low_expected);
	ck_assert_uint_eq(r->rows_used, c->rows_used);
	ck_assert_uint_eq(r->cols_used, c->cols_used);
}

START_TEST(against_scipy)
{
	const struct assoc_case *c = &assoc_cases[_i];
	cxj_association_result r = CXJ_ASSOCIATION_RESULT_INIT;
	uint64_t u[64];
	size_t i, cells = c->rows * c->cols;
	int integral = 1;
	ck_assert_rc(cxj_association(c->counts, c->rows, c->cols, &r), CXJ_OK);
	check_result(c, &r);
	ck_assert_uint_le(cells, 64);
	for (i = 0; i < cells; i++) {
		integral &= c->counts[i] == floor(c->counts[i]);
		u[i] = (uint64_t)c->counts[i];
	}
	if (integral) {
		cxj_association_result r2 = CXJ_ASSOCIATION_RESULT_INIT;
		ck_assert_rc(cxj_association_u64(u, c->rows, c->cols, &r2),
			     CXJ_OK);
		check_result(c, &r2);
	}
}
END_TEST

START_TEST(result_init)
{
	cxj_association_result r;
	memset(&r, 0xff, sizeof r);
	ck_assert_rc(cxj_association_result_init(&r,
						 CXJ_ASSOCIATION_RESULT_VERSION),
		     CXJ_OK);
	ck_assert_uint_eq(r.version, CXJ_ASSOCIATION_RESULT_VERSION);
	ck_assert(r.chi2 == 0 && r.rows_used == 0 && r.low_expected == 0);
	ck_assert_rc(cxj_association_result_init(&r, 0), CXJ_EINVAL);
	ck_assert_rc(cxj_association_result_init(&r, 2), CXJ_EINVAL);
	ck_assert_rc(cxj_association_result_init(NULL, 1), CXJ_EINVAL);
}
END_TEST

START_TEST(errors_leave_result_alone)
{
	double t[] = {1, 2, 3, 4, 5, 6};
	uint64_t u[] = {0, 0, 3, 4};
	cxj_association_result r = CXJ_ASSOCIATION_RESULT_INIT, before;
	r.chi2 = 99;
	before = r;
	ck_assert_rc(cxj_association(NULL, 2, 3, &r), CXJ_EINVAL);
	ck_assert_rc(cxj_association_u64(NULL, 2, 2, &r), CXJ_EINVAL);
	ck_assert_rc(cxj_association(t, 2, 3, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_association(t, 1, 6, &r), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "a 1 x 6 table, need at least 2 x 2");
	ck_assert_rc(cxj_association(t, 6, 1, &r), CXJ_EINVAL);
	t[4] = -1;
	ck_assert_rc(cxj_association(t, 2, 3, &r), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "counts[1][1] = -1 is not a count");
	t[4] = NAN;
	ck_assert_rc(cxj_association(t, 2, 3, &r), CXJ_EINVAL);
	t[4] = INFINITY;
	ck_assert_rc(cxj_association(t, 2, 3, &r), CXJ_EINVAL);
	/* one non-empty row */
	ck_assert_rc(cxj_association_u64(u, 2, 2, &r), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "1 non-empty rows and 2 non-empty columns, need at "
			 "least 2 of each");
	ck_assert(r.version == before.version && r.chi2 == before.chi2 &&
		  r.df == before.df && r.p_value == before.p_value &&
		  r.cramers_v == before.cramers_v &&
		  r.cramers_v_corrected == before.cramers_v_corrected &&
		  r.total == before.total &&
		  r.min_expected == before.min_expected &&
		  r.low_expected == before.low_expected &&
		  r.rows_used == before.rows_used &&
		  r.cols_used == before.cols_used);
	t[4] = 5;
	r.version = 0;
	ck_assert_rc(cxj_association(t, 2, 3, &r), CXJ_EINVAL);
	r.version = 2;
	ck_assert_rc(cxj_association(t, 2, 3, &r), CXJ_EINVAL);
}
END_TEST

START_TEST(corrected_v_needs_room)
{
	/* two observations: Bergsma's correction is undefined, V is not */
	const double t[] = {1, 0, 0, 1};
	cxj_association_result r = CXJ_ASSOCIATION_RESULT_INIT;
	ck_assert_rc(cxj_association(t, 2, 2, &r), CXJ_OK);
	ck_assert(fabs(r.cramers_v - 1) < 1e-15);
	ck_assert(isnan(r.cramers_v_corrected));
	ck_assert_int_eq(r.low_expected, 1);
}
END_TEST

typedef struct sweep_ctx {
	cxj_association_result r;
} sweep_ctx;

static int scenario(void *p)
{
	sweep_ctx *c = p;
	return cxj_association(assoc_cases[3].counts, assoc_cases[3].rows,
			       assoc_cases[3].cols, &c->r);
}

static void unchanged(void *p)
{
	sweep_ctx *c = p;
	ck_assert(c->r.chi2 == -1 && c->r.rows_used == 0);
}

START_TEST(allocation_failures)
{
	sweep_ctx c;
	cxj_association_result init = CXJ_ASSOCIATION_RESULT_INIT;
	c.r = init;
	c.r.chi2 = -1;
	ck_assert_uint_eq(cxjt_sweep(scenario, unchanged, &c), 1);
	check_result(&assoc_cases[3], &c.r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("association");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, against_scipy, 0,
			    (int)(sizeof assoc_cases / sizeof *assoc_cases));
	tcase_add_test(tc, result_init);
	tcase_add_test(tc, errors_leave_result_alone);
	tcase_add_test(tc, corrected_v_needs_room);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
