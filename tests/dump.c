/* dump.c: a journey as text through the public getters alone, so that two
 * journeys (or one before and after a failed call, or after a save and a
 * load) can be compared. Free of Check: the fuzz targets use it too. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "dump.h"

/* A getter of an index the count gave cannot fail. */
static void must(int rc)
{
	if (rc != CXJ_OK)
		abort();
}

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
		if (!b->s)
			abort();
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
	must(cxj_metric_state_save(m, &bytes, &len));
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
			must(cxj_##obj##_metric_at(o, i_, &name_, &m_));       \
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
		must(cxj_touchpoint_attr_at(t, i, &k, &v));
		put(b, "   attr [%s]=[%s]\n", k, v);
	}
	for (size_t i = 0; i < cxj_touchpoint_target_count(t); i++) {
		must(cxj_touchpoint_target_at(t, i, &m, &x));
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
		must(cxj_journey_target_at(j, i, &m, &x));
		put(&b, " target [%s]=%a\n", m, x);
	}
	DUMP_METRICS(&b, " ", journey, j);
	for (size_t i = 0; i < cxj_journey_persona_count(j); i++) {
		const cxj_persona *p = cxj_journey_persona_at(j, i);
		put(&b, " persona [%s] %d [%s] [%s]\n", cxj_persona_id(p),
		    (int)cxj_persona_kind_of(p), cxj_persona_name(p),
		    cxj_persona_description(p));
		for (size_t a = 0; a < cxj_persona_attr_count(p); a++) {
			must(cxj_persona_attr_at(p, a, &k, &v));
			put(&b, "  attr [%s]=[%s]\n", k, v);
		}
	}
	for (size_t i = 0; i < cxj_journey_stage_count(j); i++) {
		const cxj_stage *s = cxj_journey_stage_at(j, i);
		put(&b, " stage [%s] [%s] [%s]\n", cxj_stage_id(s),
		    cxj_stage_name(s), cxj_stage_description(s));
		for (size_t t = 0; t < cxj_stage_target_count(s); t++) {
			must(cxj_stage_target_at(s, t, &m, &x));
			put(&b, "  target [%s]=%a\n", m, x);
		}
		DUMP_METRICS(&b, "  ", stage, s);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(s); t++)
			dump_touchpoint(&b, cxj_stage_touchpoint_at(s, t));
	}
	put(&b, "touchpoints %zu\n", cxj_journey_touchpoint_count(j));
	return b.s;
}
