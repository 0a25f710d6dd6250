/* testutil.c: the counting, failing allocator and the sweep driver. */
#include <stdarg.h>
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

/* ---- a text dump through the public getters, to compare journeys ---- */


typedef struct buf {
	char *s;
	size_t len, cap;
} buf;

static void put(buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		ck_assert_ptr_nonnull(b->s);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* A stored metric as its kind, name and state bytes in hex: equal dumps
 * mean states equal to the byte. */
static void dump_metric(buf *b, const char *indent, const char *name,
			const cxj_metric *m)
{
	uint8_t *bytes = NULL;
	size_t len = 0;
	ck_assert_int_eq(cxj_metric_state_save(m, &bytes, &len), CXJ_OK);
	put(b, "%smetric [%s] %s ", indent, name,
	    cxj_metric_kind_name(cxj_metric_kind_of(m)));
	for (size_t i = 0; i < len; i++)
		put(b, "%02x", bytes[i]);
	put(b, "\n");
	cxj_free(bytes);
}

/* The metrics an object stores, through its count and _at accessors. */
#define DUMP_METRICS(b, indent, obj, o)                                        \
	do {                                                                   \
		const char *name_;                                             \
		const cxj_metric *m_;                                          \
		for (size_t i_ = 0; i_ < cxj_##obj##_metric_count(o); i_++) {  \
			ck_assert_int_eq(                                      \
			    cxj_##obj##_metric_at(o, i_, &name_, &m_),         \
			    CXJ_OK);                                           \
			dump_metric(b, indent, name_, m_);                     \
		}                                                              \
	} while (0)

static void dump_touchpoint(buf *b, const cxj_touchpoint *t)
{
	const char *k, *v, *m;
	double x;
	put(b, "  tp [%s] name=[%s] desc=[%s] act=[%s] ch=[%s] bep=[%s] "
	       "tf=[%s] mot=%d promise=[%s] exp=%d\n",
	    cxj_touchpoint_id(t), cxj_touchpoint_name(t),
	    cxj_touchpoint_description(t), cxj_touchpoint_activity(t),
	    cxj_touchpoint_channel(t), cxj_touchpoint_back_end_process(t),
	    cxj_touchpoint_think_feel(t), cxj_touchpoint_moment_of_truth(t),
	    cxj_touchpoint_promise(t), (int)cxj_touchpoint_experience(t));
	for (int l = 0; l < 4; l++)
		for (size_t i = 0; i < cxj_touchpoint_item_count(t, l); i++)
			put(b, "   item %d [%s]\n", l,
			    cxj_touchpoint_item_at(t, l, i));
	for (int kind = 0; kind < 3; kind++)
		for (size_t i = 0; i < cxj_touchpoint_persona_count(t, kind);
		     i++)
			put(b, "   ref %d %s\n", kind,
			    cxj_persona_id(
				    cxj_touchpoint_persona_at(t, kind, i)));
	for (size_t i = 0; i < cxj_touchpoint_attr_count(t); i++) {
		ck_assert_int_eq(cxj_touchpoint_attr_at(t, i, &k, &v), CXJ_OK);
		put(b, "   attr [%s]=[%s]\n", k, v);
	}
	for (size_t i = 0; i < cxj_touchpoint_target_count(t); i++) {
		ck_assert_int_eq(cxj_touchpoint_target_at(t, i, &m, &x),
				 CXJ_OK);
		put(b, "   target [%s]=%a\n", m, x);
	}
	DUMP_METRICS(b, "   ", touchpoint, t);
}

char *cxjt_dump(const cxj_journey *j)
{
	buf b = {NULL, 0, 0};
	const char *k, *v, *m;
	double x;
	put(&b, "journey [%s] [%s] [%s]\n", cxj_journey_id(j),
	    cxj_journey_name(j), cxj_journey_description(j));
	for (size_t i = 0; i < cxj_journey_target_count(j); i++) {
		ck_assert_int_eq(cxj_journey_target_at(j, i, &m, &x), CXJ_OK);
		put(&b, " target [%s]=%a\n", m, x);
	}
	DUMP_METRICS(&b, " ", journey, j);
	for (size_t i = 0; i < cxj_journey_persona_count(j); i++) {
		const cxj_persona *p = cxj_journey_persona_at(j, i);
		put(&b, " persona [%s] %d [%s] [%s]\n", cxj_persona_id(p),
		    (int)cxj_persona_kind_of(p), cxj_persona_name(p),
		    cxj_persona_description(p));
		for (size_t a = 0; a < cxj_persona_attr_count(p); a++) {
			ck_assert_int_eq(cxj_persona_attr_at(p, a, &k, &v),
					 CXJ_OK);
			put(&b, "  attr [%s]=[%s]\n", k, v);
		}
	}
	for (size_t i = 0; i < cxj_journey_stage_count(j); i++) {
		const cxj_stage *s = cxj_journey_stage_at(j, i);
		put(&b, " stage [%s] [%s] [%s]\n", cxj_stage_id(s),
		    cxj_stage_name(s), cxj_stage_description(s));
		for (size_t t = 0; t < cxj_stage_target_count(s); t++) {
			ck_assert_int_eq(cxj_stage_target_at(s, t, &m, &x),
					 CXJ_OK);
			put(&b, "  target [%s]=%a\n", m, x);
		}
		DUMP_METRICS(&b, "  ", stage, s);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(s); t++)
			dump_touchpoint(&b, cxj_stage_touchpoint_at(s, t));
	}
	put(&b, "touchpoints %zu\n", cxj_journey_touchpoint_count(j));
	return b.s;
}
