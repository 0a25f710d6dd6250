/* check_crosstab.c: contingency tables of two codings in a responses store,
 * and their association, against pandas and scipy. */
#include <math.h>
#include <string.h>

#include "testutil.h"

/* /usr/bin/python3 tests/ref/crosstab_ref.py (writes codings.csv, then
 * pandas.crosstab over each respondent's distinct code pairs and
 * scipy.stats.chi2_contingency(correction=False)):
 * respondents with both: 103; rows [1, 2, 3, 4] cols [1, 2, 3]
 * chi2 81.923042247803608 df 6 p 1.4307258917519568e-15
 * V 0.5770792813316824 min expected 5.4146341463414638 */
static const uint64_t want_counts[] = {1, 1, 16, 20, 3, 2, 23, 20, 0, 3, 15, 19};

static cxj_responses *codings(void)
{
	cxj_responses *r;
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	ck_assert_rc(cxj_responses_import_csv_file(
			     r, "tests/data/csv/codings.csv", NULL),
		     CXJ_OK);
	return r;
}

START_TEST(table_and_association_match_scipy)
{
	cxj_responses *r = codings();
	cxj_crosstab *t;
	cxj_association_result a = CXJ_ASSOCIATION_RESULT_INIT;
	ck_assert_rc(cxj_responses_crosstab(r, "constraint", "experience-factor",
					    &t),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_crosstab_rows(t), 4);
	ck_assert_uint_eq(cxj_crosstab_cols(t), 3);
	ck_assert_uint_eq(cxj_crosstab_respondents(t), 103);
	for (size_t i = 0; i < 4; i++)
		ck_assert(cxj_crosstab_row_code(t, i) == (double)(i + 1));
	for (size_t j = 0; j < 3; j++)
		ck_assert(cxj_crosstab_col_code(t, j) == (double)(j + 1));
	ck_assert(isnan(cxj_crosstab_row_code(t, 4)));
	ck_assert(isnan(cxj_crosstab_col_code(t, 3)));
	for (size_t k = 0; k < 12; k++)
		ck_assert_uint_eq(cxj_crosstab_counts(t)[k], want_counts[k]);
	ck_assert_rc(cxj_association_u64(cxj_crosstab_counts(t),
					 cxj_crosstab_rows(t),
					 cxj_crosstab_cols(t), &a),
		     CXJ_OK);
	ck_assert(fabs(a.chi2 - 81.923042247803608) <= 1e-12 * 81.923);
	ck_assert(a.df == 6);
	ck_assert(fabs(a.p_value - 1.4307258917519568e-15) <=
		  1e-9 * 1.4307258917519568e-15);
	ck_assert(fabs(a.cramers_v - 0.5770792813316824) <= 1e-12);
	ck_assert(fabs(a.min_expected - 5.4146341463414638) <= 1e-12);
	ck_assert_int_eq(a.low_expected, 0);
	cxj_crosstab_free(t);
	/* transposed: the same test */
	ck_assert_rc(cxj_responses_crosstab(r, "experience-factor", "constraint",
					    &t),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_crosstab_rows(t), 3);
	ck_assert_uint_eq(cxj_crosstab_counts(t)[0 * 4 + 2], want_counts[2 * 3]);
	cxj_crosstab_free(t);
	cxj_responses_free(r);
}
END_TEST

START_TEST(scale_codes_multiple_answers_and_errors)
{
	cxj_responses *r;
	cxj_crosstab *t = (cxj_crosstab *)0x1;
	cxj_answer a = CXJ_ANSWER_INIT;
	static const struct {
		const char *who, *metric;
		double score;
	} rows[] = {{"a", "csat", 5}, {"a", "CSAT", 5}, {"a", "nps", 9},
		    {"a", "nps", 3},  {"b", "csat", 2}, {"b", "nps", 3},
		    {"c", "csat", 2}, {"d", "nps", 10}};
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		a.respondent = rows[i].who;
		a.target = "j";
		a.metric = rows[i].metric;
		a.score = rows[i].score;
		ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	}
	ck_assert_rc(cxj_responses_add_contact(r, "a", "j", NULL,
					       CXJ_NO_TIMESTAMP),
		     CXJ_OK);
	ck_assert_rc(cxj_responses_crosstab(r, "csat", "nps", NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_crosstab(NULL, "csat", "nps", &t),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_responses_crosstab(r, "csat", "csat", &t), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_crosstab(r, "csat", "ces", &t), CXJ_EINVAL);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "'ces'"));
	ck_assert_rc(cxj_responses_crosstab(r, "csat", "contact", &t),
		     CXJ_EINVAL);
	ck_assert_ptr_eq(t, (cxj_crosstab *)0x1);
	/* a: csat {5} x nps {3, 9}; b: csat {2} x nps {3}; c and d: one
	 * coding only. Codes ascending: rows 2, 5; columns 3, 9. */
	ck_assert_rc(cxj_responses_crosstab(r, "Csat", "nps", &t), CXJ_OK);
	ck_assert_uint_eq(cxj_crosstab_respondents(t), 2);
	ck_assert_uint_eq(cxj_crosstab_rows(t), 2);
	ck_assert_uint_eq(cxj_crosstab_cols(t), 2);
	ck_assert(cxj_crosstab_row_code(t, 0) == 2);
	ck_assert(cxj_crosstab_col_code(t, 1) == 9);
	ck_assert_uint_eq(cxj_crosstab_counts(t)[0], 1); /* 2 x 3: b */
	ck_assert_uint_eq(cxj_crosstab_counts(t)[1], 0); /* 2 x 9 */
	ck_assert_uint_eq(cxj_crosstab_counts(t)[2], 1); /* 5 x 3: a */
	ck_assert_uint_eq(cxj_crosstab_counts(t)[3], 1); /* 5 x 9: a */
	cxj_crosstab_free(t);
	cxj_crosstab_free(NULL);
	ck_assert_uint_eq(cxj_crosstab_rows(NULL), 0);
	ck_assert_uint_eq(cxj_crosstab_cols(NULL), 0);
	ck_assert_uint_eq(cxj_crosstab_respondents(NULL), 0);
	ck_assert_ptr_null(cxj_crosstab_counts(NULL));
	ck_assert(isnan(cxj_crosstab_row_code(NULL, 0)));
	/* no respondent gave both */
	cxj_responses_free(r);
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	a.respondent = "x";
	a.metric = "csat";
	a.score = 4;
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	a.respondent = "y";
	a.metric = "nps";
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	ck_assert_rc(cxj_responses_crosstab(r, "csat", "nps", &t), CXJ_EINVAL);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "both"));
	cxj_responses_free(r);
}
END_TEST

static int crosstab(void *ctx)
{
	cxj_crosstab *t;
	int rc = cxj_responses_crosstab(ctx, "constraint", "experience-factor",
					&t);
	if (rc == CXJ_OK)
		cxj_crosstab_free(t);
	return rc;
}

START_TEST(allocation_failures)
{
	cxj_responses *r = codings();
	ck_assert_uint_ge(cxjt_sweep(crosstab, NULL, r), 5);
	cxj_responses_free(r);
}
END_TEST

static Suite *crosstab_suite(void)
{
	Suite *s = suite_create("crosstab");
	TCase *tc = tcase_create("crosstab");
	tcase_add_test(tc, table_and_association_match_scipy);
	tcase_add_test(tc, scale_codes_multiple_answers_and_errors);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(crosstab_suite());
}
