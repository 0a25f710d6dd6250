/* check_libyaml_alloc.c: every allocation of a load and a save fails in
 * turn, libyaml's own included: this suite links libyaml statically with
 * malloc, calloc, realloc, strdup and free wrapped (-Wl,--wrap), so the
 * Nth request anywhere below the API can be refused. Each failure must
 * give CXJ_ENOMEM, leak nothing, and change nothing: no journey handed
 * out, no buffer, the file on disk as it was and nothing beside it. */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxjourney.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
void __wrap_free(void *p);

static unsigned long seq, fail_at, failures;
static long live;
static int armed; /* only the library's calls count, not Check's */

/* Whether this request is the one to refuse (and every one after it). */
static int refuse(void)
{
	if (!armed)
		return 0;
	seq++;
	if (fail_at && seq >= fail_at) {
		failures++;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t size)
{
	void *p = refuse() ? NULL : __real_malloc(size);
	live += p != NULL;
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = refuse() ? NULL : __real_calloc(n, size);
	live += p != NULL;
	return p;
}

void *__wrap_realloc(void *ptr, size_t size)
{
	void *p = refuse() ? NULL : __real_realloc(ptr, size);
	live += p != NULL && ptr == NULL;
	return p;
}

char *__wrap_strdup(const char *s)
{
	char *p = refuse() ? NULL : __real_strdup(s);
	live += p != NULL;
	return p;
}

void __wrap_free(void *p)
{
	live -= p != NULL;
	__real_free(p);
}

static char *example;
static size_t example_len;

static void read_example(void)
{
	FILE *f = fopen("examples/itsm-support.yaml", "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	example_len = (size_t)ftell(f);
	rewind(f);
	example = __real_malloc(example_len);
	ck_assert_uint_eq(fread(example, 1, example_len, f), example_len);
	fclose(f);
}

#define UNTOUCHED ((void *)&example)

/* Runs scenario with the 1st, 2nd ... request failing until it passes;
 * returns how many runs failed. */
static unsigned long sweep(int (*scenario)(void), void (*unchanged)(void))
{
	unsigned long n;
	for (n = 1;; n++) {
		long before = live;
		int rc;
		failures = 0;
		seq = 0;
		fail_at = n;
		rc = scenario();
		fail_at = 0;
		if (!failures) {
			ck_assert_int_eq(rc, CXJ_OK);
			return n - 1;
		}
		ck_assert_msg(rc == CXJ_ENOMEM,
			      "request %lu refused: got %d (%s), want "
			      "CXJ_ENOMEM",
			      n, rc, cxj_error_last()->message);
		ck_assert_msg(live == before,
			      "request %lu refused: %ld block(s) leaked", n,
			      live - before);
		if (unchanged)
			unchanged();
	}
}

static cxj_journey *out;

static int load(void)
{
	int rc;
	out = UNTOUCHED;
	armed = 1;
	rc = cxj_journey_load_buffer(example, example_len, "example", NULL,
				     &out);
	armed = 0;
	if (rc == CXJ_OK) {
		cxj_journey_free(out);
		out = UNTOUCHED;
	}
	return rc;
}

static void load_unchanged(void)
{
	ck_assert_ptr_eq(out, UNTOUCHED);
}

START_TEST(every_failure_inside_a_load)
{
	unsigned long runs;
	read_example();
	runs = sweep(load, load_unchanged);
	/* libyaml's own requests are among them: far more than ours */
	ck_assert_uint_gt(runs, 50);
	fprintf(stderr, "libyaml_alloc: %lu refused requests in a load, each CXJ_ENOMEM\n", runs);
	__real_free(example);
}
END_TEST

static cxj_journey *journey;
static char *text;
static size_t text_len;
static char dir[64], path[96];

static int save_buffer(void)
{
	char *buf = UNTOUCHED;
	size_t len = 7;
	int rc;
	armed = 1;
	rc = cxj_journey_save_buffer(journey, NULL, &buf, &len);
	armed = 0;
	if (rc == CXJ_OK) {
		ck_assert_uint_eq(len, text_len);
		ck_assert(memcmp(buf, text, len) == 0);
		cxj_free(buf);
	} else {
		ck_assert_ptr_eq(buf, UNTOUCHED);
		ck_assert_uint_eq(len, 7);
	}
	return rc;
}

static int save_file(void)
{
	int rc;
	armed = 1;
	rc = cxj_journey_save_file(journey, path, NULL);
	armed = 0;
	return rc;
}

static void file_unchanged(void)
{
	FILE *f = fopen(path, "rb");
	char got[16] = {0};
	DIR *d;
	struct dirent *e;
	int others = 0;
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(got, 1, sizeof got - 1, f), 4);
	fclose(f);
	ck_assert_str_eq(got, "old\n");
	d = opendir(dir);
	while ((e = readdir(d)))
		others += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			  strcmp(e->d_name, "map.yaml");
	closedir(d);
	ck_assert_int_eq(others, 0);
}

START_TEST(every_failure_inside_a_save)
{
	FILE *f;
	read_example();
	ck_assert_int_eq(cxj_journey_load_buffer(example, example_len, NULL,
						 NULL, &journey),
			 CXJ_OK);
	ck_assert_int_eq(cxj_journey_save_buffer(journey, NULL, &text,
						 &text_len),
			 CXJ_OK);
	ck_assert_uint_gt(sweep(save_buffer, NULL), 10);
	strcpy(dir, "/tmp/cxj-oom-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/map.yaml", dir);
	/* each run starts from the old file; the last one replaces it */
	for (unsigned long n = 1;; n++) {
		long before = live;
		int rc;
		f = fopen(path, "w");
		fputs("old\n", f);
		fclose(f);
		failures = 0;
		seq = 0;
		fail_at = n;
		rc = save_file();
		fail_at = 0;
		if (!failures) {
			ck_assert_int_eq(rc, CXJ_OK);
			break;
		}
		ck_assert_msg(rc == CXJ_ENOMEM, "request %lu: got %d (%s)", n,
			      rc, cxj_error_last()->message);
		ck_assert_int_eq(live, before);
		file_unchanged();
	}
	unlink(path);
	rmdir(dir);
	cxj_free(text);
	cxj_journey_free(journey);
	__real_free(example);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("libyaml allocation failures");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_failure_inside_a_load);
	tcase_add_test(tc, every_failure_inside_a_save);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
