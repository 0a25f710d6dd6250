/* check_csv.c: the RFC 4180 import of answers: quoting, line breaks, BOM,
 * header mapping, exact error positions, skipping, all-or-nothing. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* cxj__csv_parallel_reads */
#include "same_store.h"
#include "testutil.h"

#define DATA "tests/data/csv/"

static cxj_responses *fresh(void)
{
	cxj_responses *r = NULL;
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	return r;
}

static int import(cxj_responses *r, const char *text, const cxj_csv_options *o)
{
	return cxj_responses_import_csv_buffer(r, text, strlen(text), o);
}

/* Asserts that text fails with CXJ_EPARSE at line:col with a message
 * containing what, and that the store is untouched. */
static void fails_at(const char *text, unsigned line, unsigned col,
		     const char *what)
{
	cxj_responses *r = fresh();
	int rc = import(r, text, NULL);
	ck_assert_msg(rc == CXJ_EPARSE, "want CXJ_EPARSE, got %d for %s", rc,
		      text);
	ck_assert_int_eq(cxj_error_last()->code, CXJ_EPARSE);
	ck_assert_msg(
	    cxj_error_last()->line == line && cxj_error_last()->column == col,
	    "error at %u:%u (%s), want %u:%u", cxj_error_last()->line,
	    cxj_error_last()->column, cxj_error_last()->message, line, col);
	ck_assert_msg(strstr(cxj_error_last()->message, what),
		      "message '%s' lacks '%s'", cxj_error_last()->message,
		      what);
	ck_assert_ptr_null(cxj_error_last()->file);
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);
	cxj_responses_free(r);
}

START_TEST(file_with_bom_crlf_quotes_and_every_column)
{
	/* 2025-03-01 -> 1740787200, 2025-03-01T08:30:00Z -> 1740817800,
	 * 2025-03-02T10:00:00+02:00 -> 1740902400: /usr/bin/python3 -c
	 * "import datetime as d; print(int(d.datetime.fromisoformat(
	 * '2025-03-02T10:00:00+02:00').timestamp()))" and likewise */
	cxj_responses *r = fresh();
	size_t core, opt, str;
	ck_assert_rc(
	    cxj_responses_import_csv_file(r, DATA "exports_crlf_bom.csv", NULL),
	    CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 5);
	ck_assert_str_eq(cxj_responses_respondent(r, 0), "r1");
	ck_assert_str_eq(cxj_responses_target(r, 0), "portal");
	ck_assert_str_eq(cxj_responses_metric(r, 0), "nps");
	ck_assert_int_eq(cxj_responses_kind(r, 0), CXJ_NPS);
	ck_assert_double_eq(cxj_responses_score(r, 0), 9);
	ck_assert_str_eq(cxj_responses_segment(r, 0), "FI");
	ck_assert_int_eq(cxj_responses_timestamp(r, 0), 1740787200);
	ck_assert_double_eq(cxj_responses_weight(r, 0), 1.0);
	/* an embedded comma */
	ck_assert_str_eq(cxj_responses_target(r, 1), "call, phone");
	ck_assert_int_eq(cxj_responses_kind(r, 1), CXJ_CSAT);
	ck_assert_int_eq(cxj_responses_source(r, 1), CXJ_SOURCE_CUSTOMER);
	ck_assert_int_eq(cxj_responses_timestamp(r, 1), 1740817800);
	/* escaped quotes, employee source, epoch seconds, a weight */
	ck_assert_str_eq(cxj_responses_respondent(r, 2), "r \"2\"");
	ck_assert_int_eq(cxj_responses_source(r, 2), CXJ_SOURCE_EMPLOYEE);
	ck_assert_int_eq(cxj_responses_timestamp(r, 2), 1740818000);
	ck_assert_double_eq(cxj_responses_weight(r, 2), 2.5);
	ck_assert_str_eq(cxj_responses_segment(r, 2), "SE");
	/* an embedded CRLF in the ignored comment column */
	ck_assert_str_eq(cxj_responses_target(r, 3), "call, phone");
	ck_assert_str_eq(cxj_responses_segment(r, 3), "");
	ck_assert_int_eq(cxj_responses_timestamp(r, 3), 1740902400);
	/* a KPI */
	ck_assert_str_eq(cxj_responses_metric(r, 4), "handle_time");
	ck_assert_int_eq(cxj_responses_kind(r, 4), CXJ_KPI);
	ck_assert_double_eq(cxj_responses_score(r, 4), 12.5);
	ck_assert_int_eq(cxj_responses_timestamp(r, 4), CXJ_NO_TIMESTAMP);
	/* interned: r1 and r3 twice, portal three times */
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  3);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_TARGETS), 2);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_SEGMENTS), 2);
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_METRICS, 4),
			 "handle_time");
	cxj_responses_memory(r, &core, &opt, &str);
	ck_assert_uint_eq(core, 5 * 15);
	ck_assert_uint_eq(opt, 5 * 24);
	ck_assert_uint_gt(str, 0);
	cxj_responses_free(r);
}
END_TEST

START_TEST(absent_columns_cost_nothing)
{
	cxj_responses *r = fresh();
	size_t core, opt;
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "a,t1,nps,10\nb,t1,csat,3\n",
			    NULL),
		     CXJ_OK);
	cxj_responses_memory(r, &core, &opt, NULL);
	ck_assert_uint_eq(core, 2 * 15);
	ck_assert_uint_eq(opt, 0);
	ck_assert_int_eq(cxj_responses_timestamp(r, 0), CXJ_NO_TIMESTAMP);
	ck_assert_double_eq(cxj_responses_weight(r, 1), 1.0);
	/* a timestamp column whose cells are all empty costs nothing either */
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score,timestamp\n"
			    "c,t1,nps,1,\n",
			    NULL),
		     CXJ_OK);
	cxj_responses_memory(r, NULL, &opt, NULL);
	ck_assert_uint_eq(opt, 0);
	ck_assert_uint_eq(cxj_responses_count(r), 3);
	cxj_responses_free(r);
}
END_TEST

START_TEST(quoting_edge_cases)
{
	cxj_responses *r = fresh();
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score,note\n"
			    "\"\"\"\",t,nps,1,\n"	   /* a lone quote */
			    "\"a,\"\"b\"\",c\",t,nps,2,\n" /* a,"b",c */
			    "x,t,nps,\"3\",\"l\n\nf\"\n"   /* LF inside */
			    "last,t,nps,4,\"\"",	   /* no final LF */
			    NULL),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 4);
	ck_assert_str_eq(cxj_responses_respondent(r, 0), "\"");
	ck_assert_str_eq(cxj_responses_respondent(r, 1), "a,\"b\",c");
	ck_assert_str_eq(cxj_responses_respondent(r, 2), "x");
	ck_assert_double_eq(cxj_responses_score(r, 2), 3);
	ck_assert_str_eq(cxj_responses_respondent(r, 3), "last");
	cxj_responses_free(r);
}
END_TEST

/* Quoted ids are interned at once, plain ones in batches: the tables must
 * still list strings in the order they first appear. */
START_TEST(quoted_and_plain_ids_keep_first_appearance_order)
{
	cxj_responses *r = fresh();
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "r1,t,nps,1\n"
			    "\"r \"\"2\"\"\",t,nps,2\n"
			    "r3,t,nps,3\n"
			    "r1,t,nps,4\n"
			    "\"r3\",t,nps,5\n",
			    NULL),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  3);
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_RESPONDENTS, 0),
			 "r1");
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_RESPONDENTS, 1),
			 "r \"2\"");
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_RESPONDENTS, 2),
			 "r3");
	ck_assert_str_eq(cxj_responses_respondent(r, 4), "r3");
	ck_assert_str_eq(cxj_responses_respondent(r, 3), "r1");
	cxj_responses_free(r);
}
END_TEST

START_TEST(metric_names_alternate)
{
	/* the reader remembers the last metric name by its raw bytes:
	 * alternating, padded and differently cased names stay apart */
	cxj_responses *r = fresh();
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "a,t, nps ,1\n"
			    "a,t,nps,2\n"
			    "a,t,csat,3\n"
			    "a,t, nps ,4\n"
			    "a,t,CES,5\n"
			    "a,t,aht,6.5\n"
			    "a,t,aht ,7\n"
			    "a,t,\"nps\",8\n",
			    NULL),
		     CXJ_OK);
	ck_assert_str_eq(cxj_responses_metric(r, 0), "nps");
	ck_assert_str_eq(cxj_responses_metric(r, 1), "nps");
	ck_assert_str_eq(cxj_responses_metric(r, 2), "csat");
	ck_assert_str_eq(cxj_responses_metric(r, 3), "nps");
	ck_assert_str_eq(cxj_responses_metric(r, 4), "ces");
	ck_assert_str_eq(cxj_responses_metric(r, 5), "aht");
	ck_assert_str_eq(cxj_responses_metric(r, 6), "aht");
	ck_assert_double_eq(cxj_responses_score(r, 6), 7);
	ck_assert_str_eq(cxj_responses_metric(r, 7), "nps");
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 5);
	cxj_responses_free(r);
}
END_TEST

START_TEST(blank_lines_and_spaces)
{
	cxj_responses *r = fresh();
	ck_assert_rc(import(r,
			    " Respondent , TOUCHPOINT ,Metric,score\r\n"
			    "\r\n"
			    "a,t,NPS, 7 \n"
			    "\n"
			    "b,t,Csat,5\n\n",
			    NULL),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 2);
	ck_assert_str_eq(cxj_responses_metric(r, 0), "nps");
	ck_assert_double_eq(cxj_responses_score(r, 0), 7);
	ck_assert_str_eq(cxj_responses_metric(r, 1), "csat");
	cxj_responses_free(r);
}
END_TEST

START_TEST(error_positions_are_exact)
{
	const char *h = "respondent,touchpoint,metric,score\n";
	char buf[512];
#define CASE(body, line, col, what)                                            \
	do {                                                                   \
		snprintf(buf, sizeof buf, "%s%s", h, body);                    \
		fails_at(buf, line, col, what);                                \
	} while (0)
	CASE("a,t,nps,9\na,t,nps,11\n", 3, 9, "outside the scale 0..10");
	CASE("a,t,csat,0\n", 2, 10, "outside the scale 1..5");
	CASE("a,t,ces,8\n", 2, 9, "outside the scale 1..7");
	CASE("a,t,nps,7.5\n", 2, 9,
	     "nps score '7.5' is not a whole number (the scale is 0..10)");
	CASE("a,t,nps,x\n", 2, 9, "is not a number");
	CASE("a,t,nps,\n", 2, 9, "is not a number");
	CASE("a,t,kpi_x,1e999\n", 2, 11, "score '1e999' is out of range");
	/* underflow is out of range too, not a silent 0 */
	CASE("a,t,kpi_x,1e-400\n", 2, 11, "score '1e-400' is out of range");
	fails_at("respondent,touchpoint,metric,score,weight\na,t,nps,9,1e308\n",
		 2, 11, "weight '1e308' is out of range (its square must be a "
			"normal number)");
	fails_at("respondent,touchpoint,metric,score,weight\na,t,nps,9,1e-160\n",
		 2, 11, "weight '1e-160' is out of range");
	fails_at("respondent,touchpoint,metric,score,weight\na,t,nps,9,1e-400\n",
		 2, 11, "weight '1e-400' is out of range");
	CASE("a,t,nps,0x1\n", 2, 9, "is not a number");
	CASE("a,t,nps\n", 2, 1, "expected 4 fields, found 3");
	CASE("a,t,nps,1,extra\n", 2, 1, "expected 4 fields, found 5");
	CASE(",t,nps,1\n", 2, 1, "respondent");
	CASE("a,,nps,1\n", 2, 3, "target");
	CASE("a,t,,1\n", 2, 5, "metric");
	CASE("a,t,nps,1\n\"open,t,nps,1\n", 3, 1, "never closed");
	CASE("a,t,nps,1\n\"x\"y,t,nps,1\n", 3, 4, "after a closing quote");
	CASE("a,t,nps,1\nx\"y,t,nps,1\n", 3, 2, "quote inside");
	CASE("a,t,nps,1\rb,t,nps,1\n", 2, 10, "carriage return");
	/* the bad field sits on the last line of a three-line record */
	CASE("\"m\nu\nl\",t,nps,99\n", 4, 10, "outside the scale");
	CASE("\"m\nu\nl\",t,nps,9\n", 2, 1, "control characters");
	CASE("a,\xff\xfe,nps,1\n", 2, 3, "UTF-8");
	CASE("a\x01,t,nps,1\n", 2, 1, "control");
#undef CASE
	fails_at("", 1, 1, "no header row");
	/* one column and no delimiter, in the sixteen-byte fast path */
	fails_at("a_single_column_header_of_more_than_16\n", 1, 1,
		 "missing column 'respondent'");
	fails_at("respondent,touchpoint,score\nx,t,1\n", 1, 1,
		 "missing column 'metric'");
	fails_at("respondent,metric,score\n", 1, 1,
		 "missing column 'touchpoint'");
	fails_at("respondent,touchpoint,metric,score,Score\n", 1, 36,
		 "column 'score' appears twice");
	fails_at("respondent,\"touch\"x,metric,score\n", 1, 19,
		 "after a closing quote");
}
END_TEST

START_TEST(optional_columns_are_checked)
{
	const char *h = "respondent,touchpoint,metric,score,source,timestamp,"
			"weight\n";
	char buf[512];
#define CASE(body, line, col, what)                                            \
	do {                                                                   \
		snprintf(buf, sizeof buf, "%s%s", h, body);                    \
		fails_at(buf, line, col, what);                                \
	} while (0)
	CASE("a,t,nps,1,robot,,\n", 2, 11, "neither customer nor employee");
	CASE("a,t,nps,1,,2025-02-30,\n", 2, 12, "ISO 8601");
	CASE("a,t,nps,1,,2025-13-01,\n", 2, 12, "ISO 8601");
	CASE("a,t,nps,1,,2025-03-01T25:00,\n", 2, 12, "ISO 8601");
	CASE("a,t,nps,1,,yesterday,\n", 2, 12, "ISO 8601");
	CASE("a,t,nps,1,,,0\n", 2, 13, "above 0");
	CASE("a,t,nps,1,,,-1\n", 2, 13, "above 0");
	CASE("a,t,nps,1,,,w\n", 2, 13, "above 0");
#undef CASE
}
END_TEST

START_TEST(timestamps_in_every_accepted_form)
{
	/* references from /usr/bin/python3 datetime.fromisoformat(...)
	 * .timestamp(): 1969-12-31T23:59:59Z -> -1,
	 * 2000-02-29T12:00:00-05:30 -> 951845400,
	 * 1600-03-01 -> -11670912000 */
	cxj_responses *r = fresh();
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score,timestamp\n"
			    "a,t,nps,1,1969-12-31T23:59:59Z\n"
			    "a,t,nps,1,2000-02-29 12:00:00-05:30\n"
			    "a,t,nps,1,1600-03-01\n"
			    "a,t,nps,1,-1\n"
			    "a,t,nps,1,2025-03-01T08:30:00.250Z\n"
			    "a,t,nps,1,2025-03-01T10:30+0200\n",
			    NULL),
		     CXJ_OK);
	ck_assert_int_eq(cxj_responses_timestamp(r, 0), -1);
	ck_assert_int_eq(cxj_responses_timestamp(r, 1), 951845400);
	ck_assert_int_eq(cxj_responses_timestamp(r, 2), -11670912000LL);
	ck_assert_int_eq(cxj_responses_timestamp(r, 3), -1);
	ck_assert_int_eq(cxj_responses_timestamp(r, 4), 1740817800);
	ck_assert_int_eq(cxj_responses_timestamp(r, 5), 1740817800);
	cxj_responses_free(r);
}
END_TEST

START_TEST(file_errors_name_the_file_and_line)
{
	cxj_responses *r = fresh();
	ck_assert_rc(
	    cxj_responses_import_csv_file(r, DATA "bad_score_line6.csv", NULL),
	    CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->file, DATA "bad_score_line6.csv");
	ck_assert_uint_eq(cxj_error_last()->line, 6);
	ck_assert_uint_eq(cxj_error_last()->column, 15);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "'12'"));
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	ck_assert_rc(cxj_responses_import_csv_file(r, DATA "no_such.csv", NULL),
		     CXJ_EIO);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "no_such.csv"));
	/* a directory cannot be read */
	ck_assert_rc(cxj_responses_import_csv_file(r, DATA, NULL), CXJ_EIO);
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	cxj_responses_free(r);
}
END_TEST

START_TEST(bad_rows_skipped_and_counted_on_request)
{
	cxj_responses *r = fresh();
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	o.skip_bad_rows = 1;
	ck_assert_rc(
	    cxj_responses_import_csv_file(r, DATA "bad_score_line6.csv", &o),
	    CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 3);
	ck_assert_uint_eq(cxj_responses_skipped_count(r), 1);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 0), 6);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 1), 0);
	/* structural errors resynchronise at the next line */
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "a,t,nps,1\n"
			    "x\"y,t,nps,1\n"
			    "b,t,nps\n"
			    "c,t,nps,2\n"
			    "\"d\"e,t,nps,3\n"
			    "f,t,nps,4\n",
			    &o),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 3 + 3);
	ck_assert_uint_eq(cxj_responses_skipped_count(r), 4);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 1), 3);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 2), 4);
	ck_assert_uint_eq(cxj_responses_skipped_line(r, 3), 6);
	ck_assert_str_eq(cxj_responses_respondent(r, 5), "f");
	/* a bad row's new strings are not interned */
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "ghost,ghost_tp,nps,99\n",
			    &o),
		     CXJ_OK);
	ck_assert_ptr_null(cxj_responses_string_at(
	    r, CXJ_TABLE_RESPONDENTS,
	    cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS)));
	for (size_t i = 0;
	     i < cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS); i++)
		ck_assert_str_ne(
		    cxj_responses_string_at(r, CXJ_TABLE_RESPONDENTS, i),
		    "ghost");
	ck_assert_uint_eq(cxj_responses_skipped_count(r), 5);
	/* an unterminated quote swallows the rest: one skipped row */
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "\"open,t,nps,1\nz,t,nps,1\n",
			    &o),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_skipped_count(r), 6);
	ck_assert_uint_eq(cxj_responses_count(r), 6);
	cxj_responses_free(r);
}
END_TEST

START_TEST(column_mapping_for_ticketing_exports)
{
	cxj_responses *r = fresh();
	cxj_csv_options o;
	ck_assert_rc(cxj_csv_options_init(&o, CXJ_CSV_OPTIONS_VERSION), CXJ_OK);
	o.respondent_column = "Requester";
	o.target_column = "Ticket Category";
	o.score_column = "satisfaction";
	o.segment_column = "Country";
	o.metric = "CSAT";
	ck_assert_rc(
	    cxj_responses_import_csv_file(r, DATA "ticketing_export.csv", &o),
	    CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 3);
	ck_assert_str_eq(cxj_responses_respondent(r, 2), "carol");
	ck_assert_str_eq(cxj_responses_target(r, 2), "log \"ticket\"");
	ck_assert_str_eq(cxj_responses_metric(r, 1), "csat");
	ck_assert_double_eq(cxj_responses_score(r, 1), 2);
	ck_assert_str_eq(cxj_responses_segment(r, 0), "FI");
	/* without the mapping the file lacks the required columns */
	ck_assert_rc(
	    cxj_responses_import_csv_file(r, DATA "ticketing_export.csv", NULL),
	    CXJ_EPARSE);
	ck_assert_uint_eq(cxj_error_last()->line, 1);
	ck_assert_uint_eq(cxj_responses_count(r), 3);
	cxj_responses_free(r);
}
END_TEST

START_TEST(fixed_kpi_metric_and_delimiter)
{
	cxj_responses *r = fresh();
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	o.metric = "time_to_resolve";
	o.delimiter = ';';
	o.target_column = "step";
	ck_assert_rc(import(r,
			    "respondent;step;score\n"
			    "a;resolve;3,5\n",
			    &o),
		     CXJ_EPARSE);
	/* the failed import forgot the KPI name it brought */
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);
	ck_assert_rc(import(r,
			    "respondent;step;score\n"
			    "a;resolve;3.5\n"
			    "b;\"x;y\";-2e1\n",
			    &o),
		     CXJ_OK);
	ck_assert_str_eq(cxj_responses_metric(r, 0), "time_to_resolve");
	ck_assert_int_eq(cxj_responses_kind(r, 0), CXJ_KPI);
	ck_assert_double_eq(cxj_responses_score(r, 0), 3.5);
	ck_assert_str_eq(cxj_responses_target(r, 1), "x;y");
	ck_assert_double_eq(cxj_responses_score(r, 1), -20);
	/* contacts need no score column */
	o.metric = CXJ_METRIC_CONTACT;
	o.delimiter = 0;
	o.target_column = NULL;
	ck_assert_rc(import(r, "respondent,target\nc,invoice\n", &o), CXJ_OK);
	ck_assert_str_eq(cxj_responses_metric(r, 2), "contact");
	ck_assert_int_eq(cxj_responses_kind(r, 2), 0);
	ck_assert_double_eq(cxj_responses_score(r, 2), 0);
	cxj_responses_free(r);
}
END_TEST

START_TEST(bad_options_are_refused)
{
	cxj_responses *r = fresh();
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	o.version = 99;
	ck_assert_rc(import(r, "respondent\n", &o), CXJ_EINVAL);
	ck_assert_rc(cxj_csv_options_init(&o, 99), CXJ_EINVAL);
	ck_assert_rc(cxj_csv_options_init(&o, CXJ_CSV_OPTIONS_VERSION), CXJ_OK);
	o.delimiter = '"';
	ck_assert_rc(import(r, "respondent\n", &o), CXJ_EINVAL);
	o.delimiter = 0;
	o.metric = "bad\x01name";
	ck_assert_rc(import(r, "respondent\n", &o), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_import_csv_buffer(NULL, "x", 1, NULL),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_responses_import_csv_buffer(r, NULL, 1, NULL),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_responses_import_csv_buffer(r, NULL, 0, NULL),
		     CXJ_EPARSE);
	ck_assert_rc(cxj_responses_import_csv_file(r, NULL, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_responses_import_csv_file(NULL, "x", NULL),
		     CXJ_EINVAL);
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	cxj_responses_free(r);
}
END_TEST

START_TEST(failed_import_leaves_store_unchanged)
{
	cxj_responses *r = fresh();
	size_t core0, opt0, core1, opt1;
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "a,t,nps,9\n",
			    NULL),
		     CXJ_OK);
	cxj_responses_memory(r, &core0, &opt0, NULL);
	/* many good rows with new strings and optional columns, then one bad */
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score,segment,"
			    "timestamp,weight\n"
			    "n1,t2,aht,5,S,2025-01-01,2\n"
			    "n2,t3,ces,5,S2,2025-01-02,3\n"
			    "n3,t3,ces,9,S2,,\n",
			    NULL),
		     CXJ_EPARSE);
	ck_assert_uint_eq(cxj_error_last()->line, 4);
	ck_assert_uint_eq(cxj_responses_count(r), 1);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  1);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_TARGETS), 1);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_SEGMENTS), 0);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_METRICS), 4);
	cxj_responses_memory(r, &core1, &opt1, NULL);
	ck_assert_uint_eq(opt1, 0);
	ck_assert_str_eq(cxj_responses_respondent(r, 0), "a");
	/* the interner still finds what it had, and takes new strings */
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\n"
			    "a,t,nps,9\nn1,t,nps,1\n",
			    NULL),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  2);
	ck_assert_str_eq(cxj_responses_respondent(r, 2), "n1");
	cxj_responses_free(r);
}
END_TEST

START_TEST(many_distinct_strings_intern_correctly)
{
	/* enough ids to force several rehashes of each table */
	cxj_responses *r = fresh();
	size_t n = 20000, len = 0;
	char *text = malloc(n * 40 + 64);
	ck_assert_ptr_nonnull(text);
	len += (size_t)sprintf(text, "respondent,touchpoint,metric,score\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "resp%zu,tp%zu,nps,%zu\n",
				       i % 7001, i % 997, i % 11);
	ck_assert_rc(cxj_responses_import_csv_buffer(r, text, len, NULL),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), n);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  7001);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_TARGETS),
			  997);
	for (size_t i = 0; i < n; i += 997) {
		char want[32];
		sprintf(want, "resp%zu", i % 7001);
		ck_assert_str_eq(cxj_responses_respondent(r, i), want);
		sprintf(want, "tp%zu", i % 997);
		ck_assert_str_eq(cxj_responses_target(r, i), want);
		ck_assert_double_eq(cxj_responses_score(r, i),
				    (double)(i % 11));
	}
	free(text);
	cxj_responses_free(r);
}
END_TEST

START_TEST(large_import_presizes_and_batches)
{
	/* 300,000 rows: the respondent table is sized from the first 65,536
	 * and respondents are interned in batches; every row must still get
	 * its own respondent, in order of first appearance */
	cxj_responses *r = fresh();
	size_t n = 300000, len = 0;
	char *text = malloc(n * 32 + 64);
	ck_assert_ptr_nonnull(text);
	len += (size_t)sprintf(text, "respondent,touchpoint,metric,score\n");
	for (size_t i = 0; i < n; i++)
		/* runs of three answers; every 10th respondent comes back */
		len += (size_t)sprintf(text + len, "p%zu,t%zu,nps,%zu\n",
				       (i / 3) % 10 ? i / 3 : i / 30, i % 13,
				       i % 11);
	ck_assert_rc(cxj_responses_import_csv_buffer(r, text, len, NULL),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), n);
	for (size_t i = 0; i < n; i += 7) {
		char want[32];
		size_t k = (i / 3) % 10 ? i / 3 : i / 30;
		sprintf(want, "p%zu", k);
		ck_assert_str_eq(cxj_responses_respondent(r, i), want);
	}
	/* python3 -c "print(len({(i // 3 if (i // 3) % 10 else i // 30)
	 * for i in range(300000)}))" -> 91000 */
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  91000);
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_RESPONDENTS, 0),
			 "p0");
	ck_assert_str_eq(cxj_responses_string_at(r, CXJ_TABLE_RESPONDENTS, 1),
			 "p1");
	free(text);
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
	return cxj_responses_import_csv_buffer(c->r, c->text, strlen(c->text),
					       c->o);
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
	ck_assert_uint_eq(cxj_responses_string_count(c->r, CXJ_TABLE_SEGMENTS),
			  0);
	ck_assert_uint_eq(cxj_responses_string_count(c->r, CXJ_TABLE_METRICS),
			  4);
	ck_assert_uint_eq(cxj_responses_skipped_count(c->r), 0);
	cxj_responses_memory(c->r, NULL, &opt, NULL);
	ck_assert_uint_eq(opt, 0);
	ck_assert_str_eq(cxj_responses_respondent(c->r, 0), "first");
}

/* A store holding one answer, as sweep_unchanged expects. */
static cxj_responses *store_with_first(void)
{
	cxj_responses *r = fresh();
	ck_assert_rc(import(r,
			    "respondent,touchpoint,metric,score\nfirst,t,nps,"
			    "1\n",
			    NULL),
		     CXJ_OK);
	return r;
}

START_TEST(allocation_failure_sweep_over_import)
{
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	sweep_ctx c;
	unsigned long n;
	o.skip_bad_rows = 1;
	c.r = store_with_first();
	c.o = &o;
	c.text = "respondent,touchpoint,metric,score,segment,timestamp,"
		 "weight\n"
		 "\"q\"\"1\",t2,aht,5,S,2025-01-01,2\n"
		 "bad,t3,nps,99,S,,\n"
		 "r2,\"t,3\",ces,5,S2,2025-01-02,3\n";
	n = cxjt_sweep(sweep_import, sweep_unchanged, &c);
	ck_assert_uint_ge(n, 8);
	ck_assert_uint_eq(cxj_responses_count(c.r), 3);
	ck_assert_uint_eq(cxj_responses_skipped_count(c.r), 1);
	ck_assert_str_eq(cxj_responses_respondent(c.r, 1), "q\"1");
	ck_assert_str_eq(cxj_responses_metric(c.r, 1), "aht");
	ck_assert_double_eq(cxj_responses_weight(c.r, 2), 3);
	cxj_responses_free(c.r);
}
END_TEST

/* ---- reading in parts, for threads ---- */

typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* A pseudo-random export of rows answers (seeded: the same text every
 * run) with what cuts into parts must respect: quoted fields with
 * delimiters, doubled quotes and line breaks, CRLF, blank lines, a byte
 * order mark, optional columns on some rows, KPI values and contacts.
 * Respondents come in increasing order or shuffled. */
static char *export_text(unsigned seed, size_t rows, int shuffled,
			 size_t *len)
{
	text t = {NULL, 0, 0};
	unsigned x = seed * 2654435761u + 1;
#define NEXT() (x = x * 1103515245u + 12345u, (x >> 8) & 0xffff)
	if (seed % 3 == 0)
		put(&t, "\xEF\xBB\xBF");
	put(&t, "respondent,touchpoint,metric,score,segment,source,timestamp,"
		"weight,comment\n");
	for (size_t i = 0; i < rows; i++) {
		unsigned r = NEXT(), kind = r % 10;
		size_t who = shuffled ? NEXT() % (rows / 2 + 1) : i / 3;
		const char *end = r % 7 == 0 ? "\r\n" : "\n";
		if (r % 23 == 0)
			put(&t, "\n"); /* a blank line */
		if (r % 5 == 0)
			put(&t, "\"r%05zu\",", who);
		else
			put(&t, "r%05zu,", who);
		if (r % 11 == 0)
			put(&t, "\"tp,%u\",", r % 17);
		else
			put(&t, "tp%u,", r % 17);
		if (kind < 4)
			put(&t, "nps,%u,", r % 11);
		else if (kind < 6)
			put(&t, "csat,%u,", 1 + r % 5);
		else if (kind < 7)
			put(&t, "aht,%u.%u,", r % 900, r % 10);
		else if (kind < 8)
			put(&t, "contact,,");
		else
			put(&t, "ces,%u,", 1 + r % 7);
		if (r % 13 == 0)
			put(&t, "\"FI \"\"north\"\", team\",");
		else if (r % 4)
			put(&t, "%s,", r % 4 == 1 ? "FI" : "SE");
		else
			put(&t, ",");
		put(&t, "%s,", r % 9 == 0 ? "employee" : "");
		if (r % 6 == 0)
			put(&t, "2025-%02u-%02uT10:00:00Z,", 1 + r % 12,
			    1 + r % 28);
		else
			put(&t, ",");
		if (r % 8 == 0)
			put(&t, "%u.5", 1 + r % 3);
		/* a comment (no column of ours) with quotes, delimiters and
		 * line breaks inside: line feeds a cut must not take */
		if (r % 3 == 0)
			put(&t, ",\"said \"\"slow\"\",\nthen\r\n,left\"");
		else
			put(&t, ",");
		/* the last row may end without a line break */
		if (i + 1 < rows || seed % 2)
			put(&t, "%s", end);
	}
#undef NEXT
	*len = t.len;
	return t.s;
}

/* The text read in one thread and in parts gives the same store (fresh,
 * and after earlier answers), or the same error at the same place. */
static void same_in_parts(const char *s, size_t len, cxj_csv_options o,
			  int threads, int in_parts)
{
	unsigned long before = cxj__csv_parallel_reads;
	cxj_responses *one = fresh(), *parts = fresh();
	char why[128], msg[400];
	int rc1, rc2;
	for (int round = 0; round < 2; round++) {
		cxj_error e;
		o.threads = 1;
		rc1 = cxj_responses_import_csv_buffer(one, s, len, &o);
		e = *cxj_error_last();
		snprintf(msg, sizeof msg, "%s", e.message);
		o.threads = threads;
		rc2 = cxj_responses_import_csv_buffer(parts, s, len, &o);
		ck_assert_int_eq(rc1, rc2);
		if (rc1 != CXJ_OK) {
			ck_assert_int_eq(cxj_error_last()->code, e.code);
			ck_assert_uint_eq(cxj_error_last()->line, e.line);
			ck_assert_uint_eq(cxj_error_last()->column, e.column);
			ck_assert_str_eq(cxj_error_last()->message, msg);
		}
		ck_assert_msg(cxjt_same_store(one, parts, why, sizeof why),
			      "%d threads, round %d: %s", threads, round, why);
	}
	/* a good text was read in parts, not by the fallback */
	if (in_parts)
		ck_assert_uint_eq(cxj__csv_parallel_reads, before + 2);
	cxj_responses_free(one);
	cxj_responses_free(parts);
}

START_TEST(threads_leave_the_store_one_thread_leaves)
{
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	const int threads[] = {2, 3, 4, 7, 16};
	for (unsigned seed = 0; seed < 12; seed++) {
		size_t len;
		char *s = export_text(seed, 40 + seed * 97, seed % 2, &len);
		for (size_t k = 0; k < sizeof threads / sizeof *threads; k++)
			same_in_parts(s, len, o, threads[k], 1);
		free(s);
	}
	/* a fixed metric and another delimiter */
	{
		const char *s = "respondent;touchpoint;score\n"
				"a;t1;3.5\nb;t2;4\n\"c;d\";t1;1\n"
				"e;t3;2\nf;t1;9\n";
		o.metric = "handle_time";
		o.delimiter = ';';
		same_in_parts(s, strlen(s), o, 3, 1);
	}
}
END_TEST

START_TEST(threads_report_bad_rows_as_one_thread)
{
	const char *bad[] = {"r9,tp1,nps,11,FI,,,,\n", "r9,tp1,nps,3\n",
			     "r9,tp1,nps,3,FI,,,,\"x\n",
			     "r9,tp1,nps,3,F\"I,,,,\n",
			     "r9,tp1,nps,3,FI,,,,\r"};
	for (unsigned seed = 0; seed < 6; seed++) {
		size_t len;
		char *s = export_text(seed, 300, seed % 2, &len);
		for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
			cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
			/* the bad row goes after a line feed ending a record
			 * (one not inside quotes) near a quarter, a half or
			 * the end of the text */
			size_t at = len / 4 * (1 + seed % 3), q = 0;
			char *t;
			size_t blen = strlen(bad[b]);
			for (size_t i = 0; i < len; i++) {
				q += s[i] == '"';
				if (i >= at && s[i] == '\n' && q % 2 == 0) {
					at = i + 1;
					break;
				}
			}
			if (at > len)
				at = len;
			t = malloc(len + blen + 1);
			ck_assert_ptr_nonnull(t);
			memcpy(t, s, at);
			memcpy(t + at, bad[b], blen);
			memcpy(t + at + blen, s + at, len - at);
			for (int skip = 0; skip < 2; skip++) {
				o.skip_bad_rows = skip;
				same_in_parts(t, len + blen, o, 2 + seed % 3,
					      0);
			}
			free(t);
		}
		free(s);
	}
}
END_TEST

START_TEST(allocation_failure_sweep_over_import_in_parts)
{
	/* a failing allocation in any part falls back to one thread, which
	 * may fail too: either way the store is as it was */
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	cxj_responses *want = store_with_first();
	sweep_ctx c;
	size_t len;
	char *s = export_text(5, 60, 1, &len), why[128];
	unsigned long n;
	o.threads = 3;
	c.r = store_with_first();
	c.o = &o;
	c.text = s;
	n = cxjt_sweep(sweep_import, sweep_unchanged, &c);
	ck_assert_uint_ge(n, 3);
	ck_assert_rc(cxj_responses_import_csv_buffer(want, s, len, NULL),
		     CXJ_OK);
	ck_assert_msg(cxjt_same_store(want, c.r, why, sizeof why), "%s", why);
	free(s);
	cxj_responses_free(want);
	cxj_responses_free(c.r);
}
END_TEST

START_TEST(ordered_and_shuffled_respondents_intern_alike)
{
	/* respondents in increasing order keep their table a sorted array
	 * until one comes out of order; lookups must find every one either
	 * way, and a second import of the same text adds no strings */
	for (int shuffled = 0; shuffled < 2; shuffled++) {
		cxj_responses *r = fresh();
		size_t len, n, distinct;
		char *s = export_text(7, 2000, shuffled, &len);
		ck_assert_rc(cxj_responses_import_csv_buffer(r, s, len, NULL),
			     CXJ_OK);
		n = cxj_responses_count(r);
		distinct =
		    cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS);
		ck_assert_rc(cxj_responses_import_csv_buffer(r, s, len, NULL),
			     CXJ_OK);
		ck_assert_uint_eq(cxj_responses_count(r), 2 * n);
		ck_assert_uint_eq(
		    cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
		    distinct);
		for (size_t i = 0; i < n; i++)
			ck_assert_str_eq(cxj_responses_respondent(r, i),
					 cxj_responses_respondent(r, n + i));
		/* one answer by hand for an early respondent, one for a new
		 * respondent that sorts first */
		{
			cxj_answer a = CXJ_ANSWER_INIT;
			a.respondent = cxj_responses_string_at(
			    r, CXJ_TABLE_RESPONDENTS, 1);
			a.target = "tp1";
			a.metric = "nps";
			a.score = 9;
			ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
			a.respondent = "a-first";
			ck_assert_rc(cxj_responses_add(r, &a), CXJ_OK);
		}
		ck_assert_uint_eq(
		    cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
		    distinct + 1);
		ck_assert_str_eq(cxj_responses_respondent(r, 2 * n),
				 cxj_responses_string_at(
				     r, CXJ_TABLE_RESPONDENTS, 1));
		ck_assert_str_eq(cxj_responses_respondent(r, 2 * n + 1),
				 "a-first");
		free(s);
		cxj_responses_free(r);
	}
}
END_TEST

START_TEST(ids_lose_surrounding_spaces)
{
	cxj_responses *r = fresh();
	ck_assert_rc(import(r, "respondent,touchpoint,metric,score,segment\n"
			       " r1 ,\tcall-desk ,nps,9, FI\n"
			       "r1,call-desk,nps,7,FI\n"
			       "\" r2\",call-desk,nps,7,\"FI \"\n",
			    NULL),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_RESPONDENTS),
			  2);
	ck_assert_str_eq(cxj_responses_respondent(r, 0), "r1");
	ck_assert_str_eq(cxj_responses_respondent(r, 2), "r2");
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_TARGETS), 1);
	ck_assert_str_eq(cxj_responses_target(r, 0), "call-desk");
	ck_assert_uint_eq(cxj_responses_string_count(r, CXJ_TABLE_SEGMENTS), 1);
	ck_assert_str_eq(cxj_responses_segment(r, 2), "FI");
	cxj_responses_free(r);
	/* the next-line control U+0085 is a control character */
	fails_at("respondent,touchpoint,metric,score\nr\xc2\x85" "1,t,nps,9\n",
		 2, 1, "respondent");
}
END_TEST

/* A failed import gives back what it grew: the store holds no more memory
 * than before it (37 MB stayed behind a failed import of 10M answers). */
START_TEST(a_failed_import_gives_back_its_memory)
{
	size_t rows = 200000, len = 0;
	char *csv = malloc(64 + rows * 40);
	cxj_responses *r = fresh();
	size_t before[3], after[3];
	len += (size_t)sprintf(csv, "respondent,touchpoint,metric,score\n");
	for (size_t i = 0; i < rows; i++)
		len += (size_t)sprintf(csv + len, "r%zu,tp%zu,nps,%zu\n",
				       (i * 7919) % rows, i % 977, i % 11);
	ck_assert_rc(import(r, "respondent,touchpoint,metric,score\n"
			       "a,b,nps,9\nc,d,csat,4\n",
			    NULL),
		     CXJ_OK);
	for (int threads = 1; threads <= 2; threads++) {
		cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
		o.threads = (unsigned)threads;
		cxj_responses_memory(r, &before[0], &before[1], &before[2]);
		/* a bad score on the last row */
		len += (size_t)sprintf(csv + len, "z,t,nps,12\n");
		ck_assert_rc(cxj_responses_import_csv_buffer(r, csv, len, &o),
			     CXJ_EPARSE);
		len -= strlen("z,t,nps,12\n");
		cxj_responses_memory(r, &after[0], &after[1], &after[2]);
		ck_assert_uint_eq(cxj_responses_count(r), 2);
		ck_assert_uint_eq(after[0], before[0]);
		ck_assert_uint_eq(after[1], before[1]);
		ck_assert_uint_eq(after[2], before[2]);
	}
	cxj_responses_free(r);
	free(csv);
}
END_TEST

/* A file that is not what it should be says what it is. */
static void refused_as(const char *data, size_t len, unsigned line,
		       unsigned col, const char *what)
{
	cxj_responses *r = fresh();
	ck_assert_rc(cxj_responses_import_csv_buffer(r, data, len, NULL),
		     CXJ_EPARSE);
	ck_assert_msg(strstr(cxj_error_last()->message, what),
		      "'%s' lacks '%s'", cxj_error_last()->message, what);
	ck_assert_uint_eq(cxj_error_last()->line, line);
	ck_assert_uint_eq(cxj_error_last()->column, col);
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	cxj_responses_free(r);
}

START_TEST(the_wrong_kind_of_file_is_named)
{
	static const char semi[] = "respondent;touchpoint;metric;score\n"
				   "r1;call;nps;9\n";
	static const char utf16bom[] = "\xff\xfer\0e\0s\0p\0";
	static const char utf16[] = "r\0e\0s\0p\0o\0n\0";
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0";
	static const char nul[] = "respondent,touchpoint,metric,score\n"
				  "r1,call,nps,9\nr2,ca\0ll,nps,9\n";
	refused_as(semi, sizeof semi - 1, 1, 1,
		   "the header is one column "
		   "'respondent;touchpoint;metric;score': the delimiter "
		   "looks like ';' (set the delimiter option)");
	refused_as(utf16bom, sizeof utf16bom - 1, 1, 1,
		   "UTF-16 text (byte order mark FF FE): save the file as "
		   "UTF-8");
	refused_as(utf16, sizeof utf16 - 1, 1, 1,
		   "UTF-16 text (a NUL byte beside each letter)");
	refused_as(elf, sizeof elf - 1, 1, 5,
		   "binary data at byte 4 (0x02): not a CSV file in UTF-8 "
		   "text");
	refused_as(nul, sizeof nul - 1, 3, 6, "a NUL byte");
	/* a near header name is offered */
	refused_as("respondant,touchpoint,metric,score\nr,t,nps,9\n", 44, 1, 1,
		   "missing column 'respondent' (did you mean 'respondant'?)");
	/* an optional column the caller renamed must be there; under its
	 * default name it may be absent */
	{
		static const char csv[] = "respondent,touchpoint,metric,score,"
					  "Country\nr,t,nps,9,FI\n";
		cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
		cxj_responses *r = fresh();
		o.segment_column = "Contry";
		ck_assert_rc(import(r, csv, &o), CXJ_EPARSE);
		ck_assert_str_eq(cxj_error_last()->message,
				 "missing column 'Contry' (did you mean "
				 "'Country'?)");
		ck_assert_uint_eq(cxj_responses_count(r), 0);
		o.segment_column = NULL;
		o.weight_column = "country";
		ck_assert_rc(import(r, csv, &o), CXJ_EPARSE);
		o.weight_column = NULL;
		ck_assert_rc(import(r, csv, &o), CXJ_OK);
		ck_assert_uint_eq(cxj_responses_string_count(
				      r, CXJ_TABLE_SEGMENTS),
				  0);
		cxj_responses_free(r);
	}
}
END_TEST

/* The report of what an import took but a person should see, and strict
 * mode refusing each at its first row. */
START_TEST(the_import_reports_near_misses)
{
	static const char csv[] = "respondent,touchpoint,metric,score,segment\n"
				  "r1,call-desk,nps,9,FI\n"
				  "r2,call-dsk,nsp,7,fi\n"
				  "r3,call-dsk,nsp,8,FI\n"
				  "r4,call-desk,aht,300,SE\n";
	static const struct {
		cxj_rule rule;
		const char *object;
		unsigned line, column;
		const char *message;
	} want[] = {
	    {CXJ_RULE_NEAR_METRIC, "nsp", 3, 13,
	     "metric 'nsp' is no known metric (did you mean 'nps'?), taken "
	     "as a KPI: 2 row(s)"},
	    {CXJ_RULE_SEGMENT_CASE, "fi", 3, 19,
	     "segment 'fi' differs from segment 'FI' only in case: 1 row(s)"},
	    {CXJ_RULE_UNKNOWN_ID, "call-dsk", 3, 4,
	     "'call-dsk' is no touchpoint, stage or journey of map "
	     "'itsm-support' (did you mean 'call-desk'?): 2 row(s)"},
	};
	cxj_journey *j = NULL;
	cxj_responses *r = fresh();
	cxj_diagnostics *d = NULL;
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	ck_assert_rc(cxj_journey_load_file("examples/itsm-support.yaml", NULL,
					   &j),
		     CXJ_OK);
	o.report = &d;
	o.journey = j;
	ck_assert_rc(import(r, csv, &o), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 4);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 3);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(cxj_diagnostics_rule(d, i), want[i].rule);
		ck_assert_int_eq(cxj_diagnostics_severity(d, i),
				 CXJ_SEVERITY_WARNING);
		ck_assert_str_eq(cxj_diagnostics_object(d, i), want[i].object);
		ck_assert_uint_eq(cxj_diagnostics_line(d, i), want[i].line);
		ck_assert_uint_eq(cxj_diagnostics_column(d, i),
				  want[i].column);
		ck_assert_str_eq(cxj_diagnostics_message(d, i),
				 want[i].message);
	}
	cxj_diagnostics_free(d);
	/* the same rows again: nothing new, nothing noted */
	d = NULL;
	ck_assert_rc(import(r, csv, &o), CXJ_OK);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 0);
	cxj_diagnostics_free(d);
	cxj_responses_free(r);
	/* strict: the first one is an error of its row, nothing stored */
	r = fresh();
	d = (cxj_diagnostics *)&o;
	o.strict = 1;
	ck_assert_rc(import(r, csv, &o), CXJ_EPARSE);
	ck_assert_uint_eq(cxj_error_last()->line, 3);
	ck_assert_uint_eq(cxj_error_last()->column, 13);
	ck_assert_str_eq(cxj_error_last()->message,
			 "metric 'nsp' is no known metric (did you mean "
			 "'nps'?) (a strict import refuses it)");
	ck_assert_ptr_eq(d, (cxj_diagnostics *)&o);
	ck_assert_uint_eq(cxj_responses_count(r), 0);
	/* strict with skip_bad_rows: those rows are skipped */
	o.skip_bad_rows = 1;
	o.report = NULL;
	ck_assert_rc(import(r, csv, &o), CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 2);
	ck_assert_uint_eq(cxj_responses_skipped_count(r), 2);
	cxj_responses_free(r);
	cxj_journey_free(j);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("import");
	tcase_add_test(tc, file_with_bom_crlf_quotes_and_every_column);
	tcase_add_test(tc, absent_columns_cost_nothing);
	tcase_add_test(tc, quoting_edge_cases);
	tcase_add_test(tc, quoted_and_plain_ids_keep_first_appearance_order);
	tcase_add_test(tc, metric_names_alternate);
	tcase_add_test(tc, blank_lines_and_spaces);
	tcase_add_test(tc, error_positions_are_exact);
	tcase_add_test(tc, optional_columns_are_checked);
	tcase_add_test(tc, timestamps_in_every_accepted_form);
	tcase_add_test(tc, file_errors_name_the_file_and_line);
	tcase_add_test(tc, bad_rows_skipped_and_counted_on_request);
	tcase_add_test(tc, column_mapping_for_ticketing_exports);
	tcase_add_test(tc, fixed_kpi_metric_and_delimiter);
	tcase_add_test(tc, bad_options_are_refused);
	tcase_add_test(tc, failed_import_leaves_store_unchanged);
	tcase_add_test(tc, many_distinct_strings_intern_correctly);
	tcase_add_test(tc, large_import_presizes_and_batches);
	tcase_add_test(tc, allocation_failure_sweep_over_import);
	tcase_add_test(tc, ordered_and_shuffled_respondents_intern_alike);
	suite_add_tcase(s, tc);
	tc = tcase_create("threads");
	tcase_add_test(tc, threads_leave_the_store_one_thread_leaves);
	tcase_add_test(tc, threads_report_bad_rows_as_one_thread);
	tcase_add_test(tc, allocation_failure_sweep_over_import_in_parts);
	tcase_add_test(tc, ids_lose_surrounding_spaces);
	tcase_add_test(tc, a_failed_import_gives_back_its_memory);
	tcase_add_test(tc, the_wrong_kind_of_file_is_named);
	tcase_add_test(tc, the_import_reports_near_misses);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
