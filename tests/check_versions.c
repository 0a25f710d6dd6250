/* check_versions.c: a program built against an older header keeps
 * working after a versioned struct grows. cxj_csv_options went from
 * version 1 (up to threads) to version 2 (the import's report); a caller
 * of version 1 passes the smaller struct, which the library must neither
 * read past nor write past. The structs live in blocks of exactly their
 * size, so that AddressSanitizer (make sanitize) and valgrind see any
 * access beyond them. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* cxj_csv_options as the version-1 header declared it. */
typedef struct csv_options_v1 {
	unsigned int version;
	const char *respondent_column;
	const char *target_column;
	const char *metric_column;
	const char *score_column;
	const char *segment_column;
	const char *source_column;
	const char *timestamp_column;
	const char *weight_column;
	const char *metric;
	char delimiter;
	int skip_bad_rows;
	int threads;
} csv_options_v1;

static const char csv[] = "who;where;score\n"
			  "r1;call-desk;9\n"
			  "r2;call-dsk;7\n";

START_TEST(a_version_1_caller_still_imports)
{
	csv_options_v1 *o = malloc(sizeof *o);
	cxj_responses *r = NULL;
	ck_assert_ptr_nonnull(o);
	/* the init writes version 1's bytes only */
	ck_assert_rc(cxj_csv_options_init((cxj_csv_options *)o, 1), CXJ_OK);
	ck_assert_uint_eq(o->version, 1);
	ck_assert_ptr_null(o->respondent_column);
	ck_assert_int_eq(o->threads, 0);
	o->respondent_column = "who";
	o->target_column = "where";
	o->metric = "nps";
	o->delimiter = ';';
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	ck_assert_rc(cxj_responses_import_csv_buffer(
			 r, csv, sizeof csv - 1, (const cxj_csv_options *)o),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_responses_count(r), 2);
	ck_assert_str_eq(cxj_responses_target(r, 1), "call-dsk");
	cxj_responses_free(r);
	free(o);
}
END_TEST

START_TEST(the_current_version_reads_its_new_fields)
{
	cxj_csv_options *o = malloc(sizeof *o);
	cxj_responses *r = NULL;
	cxj_diagnostics *d = NULL;
	ck_assert_rc(cxj_csv_options_init(o, CXJ_CSV_OPTIONS_VERSION), CXJ_OK);
	ck_assert_uint_eq(o->version, 2);
	o->respondent_column = "who";
	o->target_column = "where";
	o->metric = "nps";
	o->delimiter = ';';
	o->report = &d;
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	ck_assert_rc(cxj_responses_import_csv_buffer(r, csv, sizeof csv - 1,
						     o),
		     CXJ_OK);
	ck_assert_ptr_nonnull(d);
	cxj_diagnostics_free(d);
	cxj_responses_free(r);
	free(o);
}
END_TEST

START_TEST(unknown_versions_are_refused)
{
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	cxj_interval iv = CXJ_INTERVAL_INIT;
	cxj_responses *r = NULL;
	cxj_metric *m = NULL;
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	o.version = 0;
	ck_assert_rc(cxj_responses_import_csv_buffer(r, csv, sizeof csv - 1,
						     &o),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "cxj_csv_options version 0 is not supported "
			 "(initialize it with CXJ_CSV_OPTIONS_INIT)");
	o.version = CXJ_CSV_OPTIONS_VERSION + 1;
	ck_assert_rc(cxj_responses_import_csv_buffer(r, csv, sizeof csv - 1,
						     &o),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_csv_options_init(&o, 3), CXJ_EINVAL);
	/* results alike: a version the library does not know is refused
	 * before anything is written */
	ck_assert_rc(cxj_metric_new(CXJ_CES, &m), CXJ_OK);
	ck_assert_rc(cxj_metric_add(m, 3), CXJ_OK);
	ck_assert_rc(cxj_metric_add(m, 5), CXJ_OK);
	iv.version = 7;
	iv.lo = 42;
	ck_assert_rc(cxj_metric_interval(m, CXJ_FIGURE_VALUE,
					 CXJ_METHOD_DEFAULT, 0.95, &iv),
		     CXJ_EINVAL);
	ck_assert_double_eq(iv.lo, 42);
	cxj_metric_free(m);
	cxj_responses_free(r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("versions");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, a_version_1_caller_still_imports);
	tcase_add_test(tc, the_current_version_reads_its_new_fields);
	tcase_add_test(tc, unknown_versions_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
