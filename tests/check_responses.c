/* check_responses.c: the answer store filled by calls: one answer, contacts,
 * column arrays, accessors, string tables, memory and allocation failures. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

static cxj_responses *fresh(void)
{
	cxj_responses *r = NULL;
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	ck_assert_ptr_nonnull(r);
	return r;
}

static cxj_answer answer(const char *resp, const char *target,
			 const char *metric, double score)
{
	cxj_answer a = CXJ_ANSWER_INIT;
	a.respondent = resp;
	a.target = target;
	a.metric = metric;
	a.score = score;
	return a;
}

START_TEST(new_store_is_empty)
{
	cxj_responses *r = fresh();
	size_t core = 1, opt = 1, str = 0;
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_METRICS, 0),
			 "csat");
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_METRICS, 1),
			 "nps");
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_METRICS, 2),
			 "ces");
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_METRICS, 3),
			 "contact");
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  0);
	cxj_responses_memory(r, &core, &opt, &str);
	ck_assert_uint_eq(core, 0);
	ck_assert_uint_eq(opt, 0);
	ck_assert_uint_gt(str, 0);
	ck_assert_rc(cxj_responses_new(NULL), CXJ_EINVAL);
	cxj_responses_free(r);
	cxj_responses_free(NULL);
}
END_TEST

START_TEST(add_one_answer_and_read_it_back)
{
	cxj_responses *r = fresh();
	cxj_answer a = answer("alice", "portal", "NPS", 9);
	a.segment = "FI";
	a.source = CXJ_SOURCE_EMPLOYEE;
	a.timestamp = 1740787200;
	a.weight = 0.5;
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	a = answer("bob", "portal", "csat", 4);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	a = answer("alice", "resolve", "aht", -3.25);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 3);
	ck_assert_str_eq(cxj_responses_respondent(r, 0), "alice");
	ck_assert_str_eq(cxj_responses_metric(r, 0), "nps");
	ck_assert_int_eq(cxj_responses_kind(r, 0), CXJ_NPS);
	ck_assert_double_eq(cxj_responses_score(r, 0), 9);
	ck_assert_str_eq(cxj_responses_segment(r, 0), "FI");
	ck_assert_int_eq(cxj_responses_source(r, 0), CXJ_SOURCE_EMPLOYEE);
	ck_assert_int_eq(cxj_responses_timestamp(r, 0), 1740787200);
	ck_assert_double_eq(cxj_responses_weight(r, 0), 0.5);
	/* defaults for the rows added before and after the optional columns */
	ck_assert_str_eq(cxj_responses_segment(r, 1), "");
	ck_assert_int_eq(cxj_responses_timestamp(r, 1), CXJ_NO_TIMESTAMP);
	ck_assert_double_eq(cxj_responses_weight(r, 1), 1.0);
	ck_assert_int_eq(cxj_responses_kind(r, 1), CXJ_CSAT);
	ck_assert_int_eq(cxj_responses_kind(r, 2), CXJ_KPI);
	ck_assert_double_eq(cxj_responses_score(r, 2), -3.25);
	ck_assert_str_eq(cxj_responses_metric(r, 2), "aht");
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  2);
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_TARGETS, 1),
			 "resolve");
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_SEGMENTS, 0),
			 "FI");
	/* out of range */
	ck_assert_ptr_null(cxj_responses_respondent(r, 3));
	ck_assert_ptr_null(cxj_responses_target(r, 3));
	ck_assert_ptr_null(cxj_responses_metric(r, 3));
	ck_assert_ptr_null(cxj_responses_segment(r, 3));
	ck_assert_int_eq(cxj_responses_kind(r, 3), 0);
	ck_assert(isnan(cxj_responses_score(r, 3)));
	ck_assert(isnan(cxj_responses_weight(r, 3)));
	ck_assert_int_eq(cxj_responses_timestamp(r, 3), CXJ_NO_TIMESTAMP);
	ck_assert_int_eq(cxj_responses_source(r, 3), CXJ_SOURCE_CUSTOMER);
	ck_assert_ptr_null(cxj_responses_string_at(r, CXJ_TABLE_SEGMENTS, 1));
	ck_assert_ptr_null(cxj_responses_string_at(r, (cxj_table)9, 0));
	ck_assert_uint_eq(cxj_responses_string_count(r, (cxj_table)9), 0);
	ck_assert_uint_eq(cxj_responses_count(NULL), 0);
	ck_assert_ptr_null(cxj_responses_respondent(NULL, 0));
	cxj_responses_free(r);
}
END_TEST

START_TEST(bad_answers_are_refused_and_change_nothing)
{
	cxj_responses *r = fresh();
	cxj_answer a;
	static const struct {
		const char *m;
		double s;
	} out[] = {{"nps", 11},	 {"nps", -1},	   {"nps", 7.5}, {"csat", 0},
		   {"csat", 6},	 {"ces", 0},	   {"ces", 8},	 {"nps", NAN},
		   {"aht", NAN}, {"aht", INFINITY}};
	for (size_t i = 0; i < sizeof out / sizeof *out; i++) {
		a = answer("x", "t", out[i].m, out[i].s);
		ck_assert_rc(cxj_responses_add(r, &a), CXJ_ERANGE);
	}
	/* the message says what is wrong with the score */
	a = answer("x", "t", "csat", 4.5);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "csat score 4.5 is not a whole number (the scale is "
			 "1..5)");
	a = answer("x", "t", "nps", 11);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "nps score 11 is outside the scale 0..10");
	a = answer("x", "t", "nps", NAN);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "nps score is NaN, not a point of the scale 0..10");
	a = answer("x", "t", "nps", 1);
	a.weight = 0;
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_ERANGE);
	a.weight = NAN;
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_ERANGE);
	a = answer(NULL, "t", "nps", 1);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	a = answer("x", "", "nps", 1);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	a = answer("x", "t", NULL, 1);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	a = answer("x", "t", "bad\nname", 1);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	a = answer("x\xc3", "t", "nps", 1);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	a = answer("x", "t", "nps", 1);
	a.segment = "\x7f";
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	a.segment = NULL;
	a.source = (cxj_source)2;
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	a.source = CXJ_SOURCE_CUSTOMER;
	a.version = 7;
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_add(r, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_add(NULL, &a), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);
	cxj_responses_free(r);
}
END_TEST

START_TEST(at_most_256_metrics)
{
	cxj_responses *r = fresh();
	char name[16];
	for (int i = 0; i < 252; i++) {
		cxj_answer a;
		sprintf(name, "kpi%d", i);
		a = answer("x", "t", name, i);
		ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	}
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS),
			  256);
	{
		cxj_answer a = answer("x", "t", "one_too_many", 1);
		ck_assert_rc(cxj_responses_add(r, &a), CXJ_ELIMIT);
		/* a known one still goes in */
		a.metric = "kpi251";
		ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
		ck_assert_str_eq(cxj_responses_metric(r, 252), "kpi251");
	}
	cxj_responses_free(r);
}
END_TEST

START_TEST(contacts_are_answers_of_metric_contact)
{
	cxj_responses *r = fresh();
	ck_assert_rc(
	    cxj_responses_add_contact(r, "c1", "invoice", "FI", 1740787200),
	    CXJ_OK);
	ck_assert_rc(cxj_responses_add_contact(r, "c2", "invoice", NULL,
					       CXJ_NO_TIMESTAMP),
		     CXJ_OK);
	ck_assert_str_eq(cxj_responses_metric(r, 0), CXJ_METRIC_CONTACT);
	ck_assert_int_eq(cxj_responses_kind(r, 0), 0);
	ck_assert_double_eq(cxj_responses_score(r, 0), 0);
	ck_assert_str_eq(cxj_responses_segment(r, 0), "FI");
	ck_assert_int_eq(cxj_responses_timestamp(r, 1), CXJ_NO_TIMESTAMP);
	ck_assert_rc(cxj_responses_add_contact(r, NULL, "invoice", NULL, 0),
		     CXJ_EINVAL);
	ck_assert_uint_eq(cxj_responses_count(r), 2);
	cxj_responses_free(r);
}
END_TEST

START_TEST(columns_all_or_nothing)
{
	cxj_responses *r = fresh();
	const char *resp[] = {"a", "b", "c"};
	const char *tp[] = {"t1", "t2", "t1"};
	const char *seg[] = {"FI", NULL, "SE"};
	const double scores[] = {10, 0, 6};
	const unsigned char src[] = {0, 1, 0};
	const int64_t ts[] = {1, 2, 3};
	const double w[] = {1, 2, 3};
	cxj_answer_columns c;
	ck_assert_rc(cxj_answer_columns_init(&c, CXJ_ANSWER_COLUMNS_VERSION),
		     CXJ_OK);
	ck_assert_rc(cxj_answer_columns_init(&c, 0), CXJ_EINVAL);
	ck_assert_rc(cxj_answer_columns_init(&c, CXJ_ANSWER_COLUMNS_VERSION),
		     CXJ_OK);
	c.count = 3;
	c.metric = "nps";
	c.respondents = resp;
	c.targets = tp;
	c.scores = scores;
	c.segments = seg;
	c.sources = src;
	c.timestamps = ts;
	c.weights = w;
	ck_assert_rc(cxj_responses_add_columns(r, &c), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 3);
	ck_assert_str_eq(cxj_responses_segment(r, 1), "");
	ck_assert_int_eq(cxj_responses_source(r, 1), CXJ_SOURCE_EMPLOYEE);
	ck_assert_int_eq(cxj_responses_timestamp(r, 2), 3);
	ck_assert_double_eq(cxj_responses_weight(r, 2), 3);
	ck_assert_double_eq(cxj_responses_score(r, 0), 10);
	/* a bad third row: nothing from this call stays */
	{
		const char *r2[] = {"new1", "new2", "new3"};
		const double bad[] = {1, 2, 11};
		c.respondents = r2;
		c.scores = bad;
		ck_assert_rc(cxj_responses_add_columns(r, &c), CXJ_ERANGE);
		ck_assert_ptr_nonnull(
		    strstr(cxj_error_last()->message, "row 2"));
		ck_assert_uint_eq(cxj_responses_count(r), 3);
		ck_assert_uint_eq(
		    cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS), 3);
	}
	/* contacts need no scores; others do */
	c.scores = NULL;
	c.respondents = resp;
	ck_assert_rc(cxj_responses_add_columns(r, &c), CXJ_EINVAL);
	c.metric = "contact";
	c.segments = NULL;
	c.sources = NULL;
	c.timestamps = NULL;
	c.weights = NULL;
	ck_assert_rc(cxj_responses_add_columns(r, &c), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 6);
	ck_assert_str_eq(cxj_responses_metric(r, 5), "contact");
	ck_assert_int_eq(cxj_responses_timestamp(r, 5), CXJ_NO_TIMESTAMP);
	/* argument errors */
	c.respondents = NULL;
	ck_assert_rc(cxj_responses_add_columns(r, &c), CXJ_EINVAL);
	c.count = 0;
	ck_assert_rc(cxj_responses_add_columns(r, &c), CXJ_OK);
	c.version = 5;
	ck_assert_rc(cxj_responses_add_columns(r, &c), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_add_columns(r, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_add_columns(NULL, &c), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_responses_count(r), 6);
	cxj_responses_free(r);
}
END_TEST

START_TEST(init_functions_check_versions)
{
	cxj_answer a;
	cxj_csv_options o;
	ck_assert_rc(cxj_answer_init(&a, CXJ_ANSWER_VERSION), CXJ_OK);
	ck_assert_uint_eq(a.version, CXJ_ANSWER_VERSION);
	ck_assert_int_eq(a.timestamp, CXJ_NO_TIMESTAMP);
	ck_assert_double_eq(a.weight, 1.0);
	ck_assert_rc(cxj_answer_init(&a, 2), CXJ_EINVAL);
	ck_assert_rc(cxj_answer_init(NULL, CXJ_ANSWER_VERSION), CXJ_EINVAL);
	ck_assert_rc(cxj_csv_options_init(&o, CXJ_CSV_OPTIONS_VERSION), CXJ_OK);
	ck_assert_ptr_null(o.metric);
	ck_assert_int_eq(o.skip_bad_rows, 0);
	ck_assert_rc(cxj_csv_options_init(NULL, CXJ_CSV_OPTIONS_VERSION),
		     CXJ_EINVAL);
}
END_TEST

START_TEST(core_columns_take_15_bytes_per_answer)
{
	cxj_responses *r = fresh();
	size_t core, opt;
	char text[64];
	for (int i = 0; i < 1000; i++) {
		cxj_answer a;
		sprintf(text, "r%d", i);
		a = answer(text, "t", "nps", i % 11);
		a.segment = i % 2 ? "A" : "B";
		ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	}
	cxj_responses_memory(r, &core, &opt, NULL);
	/* capacity doubles when adding one at a time: 1024 rows of 15 */
	ck_assert_uint_eq(core, 1024 * 15);
	ck_assert_uint_eq(opt, 0);
	cxj_responses_free(r);
}
END_TEST

static int sweep_add(void *p)
{
	cxj_responses *r = p;
	cxj_answer a = answer("new-resp", "new-tp", "new-kpi", 2.5);
	a.segment = "new-seg";
	a.timestamp = 5;
	a.weight = 2;
	return cxj_responses_add(r, &a);
}

static void unchanged_one(void *p)
{
	cxj_responses *r = p;
	size_t opt;
	ck_assert_uint_eq(cxj_responses_count(r), 1);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  1);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_TARGETS), 1);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_SEGMENTS), 0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);
	cxj_responses_memory(r, NULL, &opt, NULL);
	ck_assert_uint_eq(opt, 0);
	ck_assert_str_eq(cxj_responses_respondent(r, 0), "old");
}

static int sweep_columns(void *p)
{
	cxj_responses *r = p;
	const char *resp[] = {"a", "b"}, *tp[] = {"t1", "t2"},
		   *seg[] = {"S", "T"};
	const double s[] = {3, 4}, w[] = {2, 1};
	const int64_t ts[] = {9, 10};
	cxj_answer_columns c = CXJ_ANSWER_COLUMNS_INIT;
	c.count = 2;
	c.metric = "handle_time";
	c.respondents = resp;
	c.targets = tp;
	c.scores = s;
	c.segments = seg;
	c.weights = w;
	c.timestamps = ts;
	return cxj_responses_add_columns(r, &c);
}

static int sweep_new(void *p)
{
	return cxj_responses_new(p);
}

START_TEST(allocation_failure_sweeps)
{
	cxj_responses *r = NULL;
	cxj_answer a = answer("old", "t", "nps", 1);
	unsigned long n;
	/* creating the store */
	n = cxjt_sweep(sweep_new, NULL, &r);
	ck_assert_uint_ge(n, 1);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	n = cxjt_sweep(sweep_add, unchanged_one, r);
	ck_assert_uint_ge(n, 5);
	ck_assert_uint_eq(cxj_responses_count(r), 2);
	ck_assert_str_eq(cxj_responses_metric(r, 1), "new-kpi");
	cxj_responses_free(r);

	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
	n = cxjt_sweep(sweep_columns, unchanged_one, r);
	ck_assert_uint_ge(n, 5);
	ck_assert_uint_eq(cxj_responses_count(r), 3);
	ck_assert_double_eq(cxj_responses_weight(r, 1), 2);
	cxj_responses_free(r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("responses");
	TCase *tc = tcase_create("store");
	tcase_add_test(tc, new_store_is_empty);
	tcase_add_test(tc, add_one_answer_and_read_it_back);
	tcase_add_test(tc, bad_answers_are_refused_and_change_nothing);
	tcase_add_test(tc, at_most_256_metrics);
	tcase_add_test(tc, contacts_are_answers_of_metric_contact);
	tcase_add_test(tc, columns_all_or_nothing);
	tcase_add_test(tc, init_functions_check_versions);
	tcase_add_test(tc, core_columns_take_15_bytes_per_answer);
	tcase_add_test(tc, allocation_failure_sweeps);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
