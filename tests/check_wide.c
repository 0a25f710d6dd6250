/* check_wide.c: the import of wide survey exports (one row per respondent,
 * one column per question): the same answers as the long rows they stand
 * for, in threads or not; blank cells; errors, report and strict mode at
 * the cells and header cells at fault; the questions checked up front. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* cxj__csv_parallel_reads */
#include "same_store.h"
#include "testutil.h"

static const char *const cols[] = {"Q1", "Q2 NPS", "Handling time"};
static const char *const targets[] = {"call-desk", "support", "portal"};
static const char *const metrics[] = {"csat", "nps", "aht"};

static cxj_responses *fresh(void)
{
	cxj_responses *r = NULL;
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	return r;
}

static cxj_csv_options wide_options(void)
{
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	o.question_columns = cols;
	o.question_targets = targets;
	o.question_metrics = metrics;
	o.question_count = 3;
	return o;
}

static int import(cxj_responses *r, const char *text, const cxj_csv_options *o)
{
	return cxj_responses_import_csv_buffer(r, text, strlen(text), o);
}

static void assert_same(const cxj_responses *a, const cxj_responses *b)
{
	char why[200];
	ck_assert_msg(cxjt_same_store(a, b, why, sizeof why), "%s", why);
}

START_TEST(wide_rows_are_the_long_rows_they_stand_for)
{
	/* the header in another order, with a column no question reads, a
	 * cell of spaces and a quoted cell; r3 answered nothing */
	static const char wide[] =
	    "Segment,respondent,Q2 NPS,note,q1,Handling time,timestamp\n"
	    "FI,r1,9,x,4,312.5,2025-03-01\n"
	    "SE,r2,,y,5,,2025-03-02\n"
	    "FI,r3,,z,  ,,2025-03-02\n"
	    "SE,r4,\"10\",w,,95,2025-03-03\n";
	static const char long_rows[] =
	    "respondent,touchpoint,metric,score,segment,timestamp\n"
	    "r1,call-desk,csat,4,FI,2025-03-01\n"
	    "r1,support,nps,9,FI,2025-03-01\n"
	    "r1,portal,aht,312.5,FI,2025-03-01\n"
	    "r2,call-desk,csat,5,SE,2025-03-02\n"
	    "r4,support,nps,10,SE,2025-03-03\n"
	    "r4,portal,aht,95,SE,2025-03-03\n";
	cxj_responses *w = fresh(), *l = fresh();
	cxj_csv_options o = wide_options();
	ck_assert_rc(import(w, wide, &o), CXJ_OK);
	ck_assert_rc(import(l, long_rows, NULL), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(w), 6);
	assert_same(w, l);
	ck_assert_str_eq(cxj_responses_respondent(w, 4), "r4");
	ck_assert_double_eq(cxj_responses_score(w, 2), 312.5);
	/* no respondent without an answer */
	ck_assert_uint_eq(cxj_responses_string_count(w, CXJ_TABLE_RESPONDENTS),
			  3);
	cxj_responses_free(w);
	cxj_responses_free(l);
}
END_TEST

/* A body large enough to cut: threads give the store one thread gives,
 * and both equal the long rows. */
START_TEST(threads_read_wide_files_alike)
{
	size_t rows = 30000, cap = rows * 48 + 64, lcap = rows * 3 * 40 + 64;
	char *wide = malloc(cap), *lng = malloc(lcap);
	size_t n = 0, m = 0;
	unsigned long before = cxj__csv_parallel_reads;
	cxj_responses *one = fresh(), *four = fresh(), *l = fresh();
	cxj_csv_options o = wide_options();
	uint32_t x = 12345;
	n += (size_t)sprintf(wide + n, "respondent,segment,Q1,Q2 NPS,"
				       "Handling time\n");
	m += (size_t)sprintf(lng + m,
			     "respondent,touchpoint,metric,score,segment\n");
	for (size_t i = 0; i < rows; i++) {
		int a, b, c;
		x = x * 1103515245u + 12345u;
		a = (int)(x >> 16) % 6; /* 0: blank */
		b = (int)(x >> 8) % 12; /* 11: blank */
		c = (int)(x >> 4) % 5;	/* 0: blank */
		if (i == 0)
			a = b = c = 1;
		n += (size_t)sprintf(wide + n, "r%zu,%s,", i % 9000,
				     i % 3 ? "FI" : "SE");
		n += a ? (size_t)sprintf(wide + n, "%d,", a)
		       : (size_t)sprintf(wide + n, ",");
		n += b < 11 ? (size_t)sprintf(wide + n, "%d,", b)
			    : (size_t)sprintf(wide + n, ",");
		n += c ? (size_t)sprintf(wide + n, "%d.25\n", c * 60)
		       : (size_t)sprintf(wide + n, "\n");
		if (a)
			m += (size_t)sprintf(lng + m, "r%zu,call-desk,csat,%d,%s\n",
					     i % 9000, a, i % 3 ? "FI" : "SE");
		if (b < 11)
			m += (size_t)sprintf(lng + m, "r%zu,support,nps,%d,%s\n",
					     i % 9000, b, i % 3 ? "FI" : "SE");
		if (c)
			m += (size_t)sprintf(lng + m,
					     "r%zu,portal,aht,%d.25,%s\n",
					     i % 9000, c * 60,
					     i % 3 ? "FI" : "SE");
	}
	o.threads = 1;
	ck_assert_rc(cxj_responses_import_csv_buffer(one, wide, n, &o), CXJ_OK);
	o.threads = 4;
	ck_assert_rc(cxj_responses_import_csv_buffer(four, wide, n, &o),
		     CXJ_OK);
	ck_assert_uint_eq(cxj__csv_parallel_reads, before + 1);
	ck_assert_rc(cxj_responses_import_csv_buffer(l, lng, m, NULL), CXJ_OK);
	ck_assert_uint_gt(cxj_responses_count(one), 2 * rows);
	assert_same(one, four);
	assert_same(one, l);
	free(wide);
	free(lng);
	cxj_responses_free(one);
	cxj_responses_free(four);
	cxj_responses_free(l);
}
END_TEST

/* Bad cells are errors of their row at their cell; a missing question
 * column is named with the nearest header; skipping drops whole rows. */
START_TEST(bad_cells_and_missing_columns)
{
	static const char half[] = "respondent,Q1,Q2 NPS,Handling time\n"
				   "r1,4,9,10\n"
				   "r2,4.5,9,10\n"
				   "r3,5,11,10\n"
				   "r4,5,7,fast\n"
				   "r5,5,7,1\n";
	cxj_responses *r = fresh();
	cxj_csv_options o = wide_options();
	ck_assert_rc(import(r, half, &o), CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "csat score '4.5' is not a whole number (the scale "
			 "is 1..5)");
	ck_assert_uint_eq(cxj_error_last()->line, 3);
	ck_assert_uint_eq(cxj_error_last()->column, 4);
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_TARGETS), 0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);

	o.skip_bad_rows = 1;
	ck_assert_rc(import(r, half, &o), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 6); /* r1 and r5 */
	ck_assert_uint_eq(cxj_responses_skipped_count(r), 3);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 0), 3);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 1), 4);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 2), 5);
	ck_assert_str_eq(cxj_responses_respondent(r, 3), "r5");
	cxj_responses_free(r);

	r = fresh();
	o.skip_bad_rows = 0;
	ck_assert_rc(import(r, "respondent,Q1,Q2 NPS,Handling tim\nr1,4,9,1\n",
			    &o),
		     CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "missing column 'Handling time' (did you mean "
			 "'Handling tim'?)");
	ck_assert_uint_eq(cxj_error_last()->line, 1);
	ck_assert_rc(import(r, "respondent,Q1,Q2 NPS,q1,Handling time\n", &o),
		     CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "column 'Q1' appears twice");
	ck_assert_uint_eq(cxj_error_last()->column, 22);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_TARGETS), 0);
	cxj_responses_free(r);
}
END_TEST

/* What the questions bring is noted at their header cells, and refused
 * there under strict; segments differing in case are noted at their row. */
START_TEST(the_report_points_at_header_cells)
{
	static const char *const t[] = {"call-desk", "call-dsk"};
	static const char *const mt[] = {"nsp", "csat"};
	static const char *const c[] = {"Q1", "Q2"};
	static const char csv[] = "respondent,segment,Q1,Q2\n"
				  "r1,FI,9,4\n"
				  "r2,fi,8,\n"
				  "r3,FI,,5\n";
	cxj_journey *j = NULL;
	cxj_responses *r = fresh();
	cxj_diagnostics *d = NULL;
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	ck_assert_rc(cxj_journey_load_file("examples/itsm-support.yaml", NULL,
					   &j),
		     CXJ_OK);
	o.question_columns = c;
	o.question_targets = t;
	o.question_metrics = mt;
	o.question_count = 2;
	o.journey = j;
	o.report = &d;
	ck_assert_rc(import(r, csv, &o), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 4);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 3);
	ck_assert_int_eq(cxj_diagnostics_rule(d, 0), CXJ_RULE_NEAR_METRIC);
	ck_assert_str_eq(cxj_diagnostics_message(d, 0),
			 "metric 'nsp' is no known metric (did you mean "
			 "'nps'?), taken as a KPI: 2 row(s)");
	ck_assert_uint_eq(cxj_diagnostics_line(d, 0), 1);
	ck_assert_uint_eq(cxj_diagnostics_column(d, 0), 20);
	ck_assert_int_eq(cxj_diagnostics_rule(d, 1), CXJ_RULE_UNKNOWN_ID);
	ck_assert_str_eq(cxj_diagnostics_message(d, 1),
			 "'call-dsk' is no touchpoint, stage or journey of map "
			 "'itsm-support' (did you mean 'call-desk'?): 2 "
			 "row(s)");
	ck_assert_uint_eq(cxj_diagnostics_column(d, 1), 23);
	ck_assert_int_eq(cxj_diagnostics_rule(d, 2), CXJ_RULE_SEGMENT_CASE);
	ck_assert_uint_eq(cxj_diagnostics_line(d, 2), 3);
	cxj_diagnostics_free(d);
	cxj_responses_free(r);

	r = fresh();
	d = NULL;
	o.strict = 1;
	o.skip_bad_rows = 1; /* the header is no row to skip */
	ck_assert_rc(import(r, csv, &o), CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "metric 'nsp' is no known metric (did you mean "
			 "'nps'?) (a strict import refuses it)");
	ck_assert_uint_eq(cxj_error_last()->line, 1);
	ck_assert_uint_eq(cxj_error_last()->column, 20);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);
	cxj_responses_free(r);
	cxj_journey_free(j);
}
END_TEST

/* The questions are checked before anything is read. */
START_TEST(questions_are_checked_first)
{
	static const char *const bad_target[] = {"call-desk", ""};
	static const char *const contact[] = {"csat", "contact"};
	static const char *const twice[] = {"Q1", "q1"};
	static const char *const two_cols[] = {"Q1", "Q2"};
	static const char *const two_metrics[] = {"csat", "nps"};
	static const char *const two_targets[] = {"a", "b"};
	cxj_responses *r = fresh();
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	const char *csv = "respondent,Q1,Q2\nr1,4,9\n";
	o.question_count = 2;
	ck_assert_rc(import(r, csv, &o), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "question_columns, question_targets and "
			 "question_metrics are required with a "
			 "question_count");
	o.question_columns = two_cols;
	o.question_targets = bad_target;
	o.question_metrics = two_metrics;
	ck_assert_rc(import(r, csv, &o), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "question 2 ('Q2'): target '' is not a valid id");
	o.question_targets = two_targets;
	o.question_metrics = contact;
	ck_assert_rc(import(r, csv, &o), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "question 2 ('Q2'): contacts have no score to put in "
			 "a column (import them as long rows)");
	o.question_metrics = two_metrics;
	o.question_columns = twice;
	ck_assert_rc(import(r, csv, &o), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "questions 1 and 2 both read column 'q1'");
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	/* and the same questions read: metric and target columns are not
	 * needed, the fixed metric is not used */
	o.question_columns = two_cols;
	o.metric = "ces";
	ck_assert_rc(import(r, csv, &o), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 2);
	ck_assert_str_eq(cxj_responses_metric(r, 1), "nps");
	ck_assert_str_eq(cxj_responses_target(r, 1), "b");
	cxj_responses_free(r);
}
END_TEST

typedef struct sweep_ctx {
	cxj_responses *r;
	const char *text;
	const cxj_csv_options *o;
} sweep_ctx;

static int sweep_import(void *p)
{
	sweep_ctx *c = p;
	return import(c->r, c->text, c->o);
}

static void sweep_unchanged(void *p)
{
	sweep_ctx *c = p;
	size_t opt;
	ck_assert_uint_eq(cxj_responses_count(c->r), 1);
	ck_assert_uint_eq(
	    cxj_responses_string_count(c->r, CXJ_TABLE_RESPONDENTS), 1);
	ck_assert_uint_eq(cxj_responses_string_count(c->r, CXJ_TABLE_TARGETS),
			  1);
	ck_assert_uint_eq(cxj_responses_string_count(c->r, CXJ_TABLE_METRICS),
			  4);
	ck_assert_uint_eq(cxj_responses_skipped_count(c->r), 0);
	cxj_responses_memory(c->r, NULL, &opt, NULL);
	ck_assert_uint_eq(opt, 0);
}

/* Each allocation of a wide import failing in turn leaves the store as
 * it was; then it succeeds with every answer. */
START_TEST(allocation_failures_change_nothing)
{
	cxj_csv_options o = wide_options();
	sweep_ctx c;
	unsigned long n;
	o.skip_bad_rows = 1;
	c.r = fresh();
	ck_assert_rc(import(c.r, "respondent,touchpoint,metric,score\n"
				 "first,t,nps,1\n",
			    NULL),
		     CXJ_OK);
	c.o = &o;
	c.text = "respondent,segment,weight,Q1,Q2 NPS,Handling time\n"
		 "\"q\"\"1\",S,2,4,9,300\n"
		 "bad,S,1,9,9,300\n"
		 "r2,S2,3,,10,\"45.5\"\n";
	n = cxjt_sweep(sweep_import, sweep_unchanged, &c);
	ck_assert_uint_ge(n, 8);
	ck_assert_uint_eq(cxj_responses_count(c.r), 6);
	ck_assert_uint_eq(cxj_responses_skipped_count(c.r), 1);
	ck_assert_str_eq(cxj_responses_respondent(c.r, 3), "q\"1");
	ck_assert_double_eq(cxj_responses_weight(c.r, 5), 3);
	ck_assert_double_eq(cxj_responses_score(c.r, 5), 45.5);
	cxj_responses_free(c.r);
}
END_TEST

/* A mapping file gives the options; the import reads as with the
 * options set by hand. */
START_TEST(a_survey_mapping_sets_the_options)
{
	static const char yaml[] =
	    "# how to read the export\n"
	    "respondent: ResponseId\n"
	    "segment: Region\n"
	    "delimiter: \";\"\n"
	    "questions:\n"
	    "  Q1: {target: call-desk, metric: csat}\n"
	    "  \"Q2 NPS\":\n"
	    "    metric: nps\n"
	    "    target: support\n"
	    "  Handling time: {metric: aht, target: portal}\n";
	static const char csv[] = "ResponseId;Region;Q1;Q2 NPS;Handling time\n"
				  "r1;FI;4;9;312.5\n"
				  "r2;SE;5;;\n";
	static const char same[] = "respondent,segment,Q1,Q2 NPS,Handling time\n"
				   "r1,FI,4,9,312.5\n"
				   "r2,SE,5,,\n";
	cxj_survey_mapping *m = NULL;
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT, by_hand = wide_options();
	cxj_responses *a = fresh(), *b = fresh();
	ck_assert_rc(cxj_survey_mapping_load_buffer(yaml, strlen(yaml),
						    "survey.yaml", &m),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_survey_mapping_count(m), 3);
	o.weight_column = "kept";
	ck_assert_rc(cxj_survey_mapping_apply(m, &o), CXJ_OK);
	ck_assert_str_eq(o.respondent_column, "ResponseId");
	ck_assert_str_eq(o.segment_column, "Region");
	ck_assert_str_eq(o.weight_column, "kept"); /* not in the mapping */
	ck_assert_int_eq(o.delimiter, ';');
	ck_assert_uint_eq(o.question_count, 3);
	ck_assert_str_eq(o.question_columns[1], "Q2 NPS");
	ck_assert_str_eq(o.question_targets[1], "support");
	ck_assert_str_eq(o.question_metrics[2], "aht");
	o.weight_column = NULL;
	ck_assert_rc(import(a, csv, &o), CXJ_OK);
	ck_assert_rc(import(b, same, &by_hand), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(a), 4);
	assert_same(a, b);
	/* an options struct of version 1 has no questions */
	o.version = 1;
	o.question_count = 0;
	ck_assert_rc(cxj_survey_mapping_apply(m, &o), CXJ_EINVAL);
	ck_assert_uint_eq(o.question_count, 0);
	cxj_survey_mapping_free(m);
	cxj_responses_free(a);
	cxj_responses_free(b);
}
END_TEST

/* Each mistake in a mapping file is named at its line and column. */
START_TEST(survey_mapping_errors_point_at_the_node)
{
	static const struct {
		const char *yaml;
		unsigned line, column;
		const char *message;
	} bad[] = {
	    {"respondant: id\nquestions: {Q1: {target: a, metric: csat}}\n", 1,
	     1, "survey mapping: unknown key 'respondant' (did you mean "
		"'respondent'?)"},
	    {"questions:\n  Q1: {target: a, metric: csat}\n"
	     "  q1: {target: b, metric: nps}\n",
	     3, 3,
	     "questions: column 'q1' appears twice (first at line 2, column "
	     "3)"},
	    {"questions:\n  Q1: {target: a}\n", 2, 3,
	     "question 'Q1' has no metric"},
	    {"questions:\n  Q1: {target: a, metric: contact}\n", 2, 27,
	     "question 'Q1': contacts have no score to put in a column"},
	    {"questions:\n  Q1: {target: a, metrc: csat}\n", 2, 19,
	     "question 'Q1': unknown key 'metrc' (did you mean 'metric'?)"},
	    {"segment: a\nsegment: b\nquestions: {Q1: {target: a, metric: "
	     "csat}}\n",
	     2, 1, "key 'segment' appears twice (first at line 1, column 1)"},
	    {"questions: {}\n", 1, 13, "questions: no question"},
	    {"segment: Region\n", 2, 1, "a survey mapping needs questions"},
	    {"delimiter: ab\nquestions: {Q1: {target: a, metric: csat}}\n", 1,
	     12,
	     "delimiter takes one character other than a quote or a line "
	     "break"},
	    {"- Q1\n", 1, 1, "a survey mapping is a mapping"},
	    {"questions:\n  Q1: {target: a, metric: csat\n", 3, 1, ""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cxj_survey_mapping *m = (cxj_survey_mapping *)&bad;
		const cxj_error *e;
		ck_assert_rc(cxj_survey_mapping_load_buffer(
				 bad[i].yaml, strlen(bad[i].yaml), "s.yaml", &m),
			     CXJ_EPARSE);
		e = cxj_error_last();
		ck_assert_ptr_eq(m, (cxj_survey_mapping *)&bad);
		ck_assert_msg(strstr(e->message, bad[i].message),
			      "case %zu: '%s' lacks '%s'", i, e->message,
			      bad[i].message);
		ck_assert_msg(e->line == bad[i].line &&
				  e->column == bad[i].column,
			      "case %zu: at %u:%u, want %u:%u (%s)", i, e->line,
			      e->column, bad[i].line, bad[i].column,
			      e->message);
		ck_assert_str_eq(e->file, "s.yaml");
	}
	{
		cxj_survey_mapping *m = NULL;
		ck_assert_rc(cxj_survey_mapping_load_file("tests", &m), CXJ_EIO);
		ck_assert_str_eq(cxj_error_last()->message,
				 "cannot load 'tests': it is a directory, not "
				 "a survey mapping");
		ck_assert_rc(cxj_survey_mapping_load_file("no/such.yaml", &m),
			     CXJ_EIO);
		ck_assert_ptr_null(m);
	}
}
END_TEST

static Suite *wide_suite(void)
{
	Suite *s = suite_create("wide");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, wide_rows_are_the_long_rows_they_stand_for);
	tcase_add_test(tc, threads_read_wide_files_alike);
	tcase_add_test(tc, bad_cells_and_missing_columns);
	tcase_add_test(tc, the_report_points_at_header_cells);
	tcase_add_test(tc, questions_are_checked_first);
	tcase_add_test(tc, allocation_failures_change_nothing);
	tcase_add_test(tc, a_survey_mapping_sets_the_options);
	tcase_add_test(tc, survey_mapping_errors_point_at_the_node);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(wide_suite());
}
