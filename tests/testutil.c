/* testutil.c: the counting, failing allocator and the sweep driver. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static unsigned long alloc_seq, fail_from;
static long live;

/* A header in front of each block remembers nothing but keeps alignment;
 * live counts blocks so a sweep can see leaks without a sanitizer. */
typedef union {
	long double align_ld;
	void *align_p;
	long long align_ll;
	size_t size;
} header;

/* atomic, so that suites with threads keep exact counts */
static int should_fail(void)
{
	unsigned long seq = __atomic_add_fetch(&alloc_seq, 1, __ATOMIC_RELAXED);
	unsigned long from = __atomic_load_n(&fail_from, __ATOMIC_RELAXED);
	return from && seq >= from;
}

static void *t_malloc(size_t size, void *user)
{
	header *h;
	(void)user;
	if (should_fail())
		return NULL;
	h = malloc(sizeof *h + size);
	if (!h)
		return NULL;
	h->size = size;
	__atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
	return h + 1;
}

static void *t_realloc(void *ptr, size_t size, void *user)
{
	header *h;
	if (!ptr)
		return t_malloc(size, user);
	if (should_fail())
		return NULL;
	h = realloc((header *)ptr - 1, sizeof *h + size);
	if (!h)
		return NULL;
	h->size = size;
	return h + 1;
}

static void t_free(void *ptr, void *user)
{
	(void)user;
	if (!ptr)
		return;
	__atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
	free((header *)ptr - 1);
}

void cxjt_fail_at(unsigned long nth)
{
	fail_from = nth ? alloc_seq + nth : 0;
}

long cxjt_live(void)
{
	return __atomic_load_n(&live, __ATOMIC_RELAXED);
}

unsigned long cxjt_sweep(int (*scenario)(void *ctx),
			 void (*unchanged)(void *ctx), void *ctx)
{
	unsigned long n;
	for (n = 1; n < 1000000; n++) {
		long before = live;
		int rc;
		cxjt_fail_at(n);
		rc = scenario(ctx);
		cxjt_fail_at(0);
		if (rc == CXJ_OK)
			return n - 1;
		ck_assert_msg(rc == CXJ_ENOMEM,
			      "allocation %lu failing gave %d (%s), want "
			      "CXJ_ENOMEM",
			      n, rc, cxj_error_last()->message);
		ck_assert_int_eq(cxj_error_last()->code, CXJ_ENOMEM);
		ck_assert_msg(live == before,
			      "allocation %lu failing leaked %ld block(s)", n,
			      live - before);
		if (unchanged)
			unchanged(ctx);
	}
	ck_abort_msg("scenario never succeeded");
	return n;
}

int cxjt_run(Suite *suite)
{
	static const cxj_allocator counting = {t_malloc, t_realloc, t_free,
					       NULL};
	SRunner *sr;
	int failed;
	if (cxj_set_allocator(&counting) != CXJ_OK) {
		fprintf(stderr, "cannot install the test allocator\n");
		return 1;
	}
	sr = srunner_create(suite);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

cxj_metric *cxjt_from_counts(cxj_metric_kind kind, const uint64_t *c,
			     size_t n)
{
	cxj_metric *m = NULL;
	int lo;
	ck_assert_rc(cxj_metric_new(kind, &m), CXJ_OK);
	ck_assert_rc(cxj_metric_kind_scale(kind, &lo, NULL), CXJ_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_rc(cxj_metric_add_count(m, lo + (double)i, c[i]),
			     CXJ_OK);
	return m;
}
