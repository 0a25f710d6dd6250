/* fuzz_round_trip.c: the bytes are a program of API calls that build a
 * journey (ids, texts and numbers taken from the bytes themselves, so any
 * UTF-8 the API accepts, any double, any stored metric). Whatever the API
 * built, the file must carry: saved and loaded it is the same journey
 * (through every getter), and a second save gives the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cxjourney.h"
#include "dump.h"

typedef struct program {
	const uint8_t *p, *end;
} program;

static unsigned next_byte(program *g)
{
	return g->p < g->end ? *g->p++ : 0;
}

/* A string of up to 31 bytes from the program (NUL ends it early). */
static const char *next_text(program *g, char *buf)
{
	size_t n = next_byte(g) % 32, i;
	for (i = 0; i < n && g->p < g->end; i++)
		buf[i] = (char)*g->p++;
	buf[i] = '\0';
	return buf;
}

static double next_double(program *g)
{
	uint64_t v = 0;
	double d;
	for (int i = 0; i < 8; i++)
		v = v << 8 | next_byte(g);
	memcpy(&d, &v, sizeof d);
	return d;
}

static cxj_touchpoint *some_touchpoint(const cxj_journey *j, program *g)
{
	size_t s = cxj_journey_stage_count(j), n;
	cxj_stage *st;
	if (!s)
		return NULL;
	st = cxj_journey_stage_at(j, next_byte(g) % s);
	n = cxj_stage_touchpoint_count(st);
	return n ? cxj_stage_touchpoint_at(st, next_byte(g) % n) : NULL;
}

static cxj_stage *some_stage(const cxj_journey *j, program *g)
{
	size_t s = cxj_journey_stage_count(j);
	return s ? cxj_journey_stage_at(j, next_byte(g) % s) : NULL;
}

/* A metric of answers from the program; NULL when none could be made. */
static cxj_metric *some_metric(program *g)
{
	cxj_metric *m = NULL;
	unsigned n = next_byte(g) % 6;
	if (cxj_metric_new((cxj_metric_kind)(1 + next_byte(g) % 4), &m))
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		double score = cxj_metric_kind_of(m) == CXJ_KPI
				   ? next_double(g)
				   : (double)(next_byte(g) % 11);
		double weight = next_byte(g) % 2 ? next_double(g) : 1;
		(void)cxj_metric_add_weighted(m, score, weight);
	}
	return m;
}

static void step(cxj_journey *j, program *g)
{
	char a[32], b[32];
	cxj_touchpoint *tp;
	cxj_stage *st;
	cxj_metric *m;
	switch (next_byte(g) % 12) {
	case 0:
		(void)cxj_journey_add_persona(j, next_text(g, a),
					      (cxj_persona_kind)(next_byte(g) %
								 3),
					      NULL);
		break;
	case 1:
		(void)cxj_journey_add_stage(j, next_text(g, a), NULL);
		break;
	case 2:
		if ((st = some_stage(j, g)))
			(void)cxj_stage_add_touchpoint(st, next_text(g, a),
						       NULL);
		break;
	case 3:
		if ((tp = some_touchpoint(j, g))) {
			typedef int (*setter)(cxj_touchpoint *, const char *);
			static const setter set[] = {
			    cxj_touchpoint_set_name,
			    cxj_touchpoint_set_description,
			    cxj_touchpoint_set_activity,
			    cxj_touchpoint_set_channel,
			    cxj_touchpoint_set_back_end_process,
			    cxj_touchpoint_set_think_feel,
			    cxj_touchpoint_set_promise};
			(void)set[next_byte(g) % 7](tp, next_text(g, a));
		}
		break;
	case 4:
		if ((tp = some_touchpoint(j, g)))
			(void)cxj_touchpoint_add_item(
			    tp, (cxj_list)(next_byte(g) % 4), next_text(g, a));
		break;
	case 5:
		if ((tp = some_touchpoint(j, g)) &&
		    cxj_journey_persona_count(j))
			(void)cxj_touchpoint_add_persona(
			    tp, cxj_persona_id(cxj_journey_persona_at(
				    j, next_byte(g) %
					   cxj_journey_persona_count(j))));
		break;
	case 6:
		if ((tp = some_touchpoint(j, g)))
			(void)cxj_touchpoint_set_attr(tp, next_text(g, a),
						      next_text(g, b));
		else if (cxj_journey_persona_count(j))
			(void)cxj_persona_set_attr(
			    cxj_journey_persona_at(j, 0), next_text(g, a),
			    next_text(g, b));
		break;
	case 7:
		next_text(g, a);
		if ((tp = some_touchpoint(j, g)))
			(void)cxj_touchpoint_set_target(tp, a, next_double(g));
		else
			(void)cxj_journey_set_target(j, a, next_double(g));
		break;
	case 8:
		if ((st = some_stage(j, g))) {
			(void)cxj_stage_set_name(st, next_text(g, a));
			(void)cxj_stage_set_description(st, next_text(g, b));
		} else {
			(void)cxj_journey_set_name(j, next_text(g, a));
			(void)cxj_journey_set_description(j, next_text(g, b));
		}
		break;
	case 9:
		next_text(g, a);
		if (!(m = some_metric(g)))
			break;
		if ((tp = some_touchpoint(j, g)))
			(void)cxj_touchpoint_set_metric(tp, a, m);
		else if ((st = some_stage(j, g)))
			(void)cxj_stage_set_metric(st, a, m);
		else
			(void)cxj_journey_set_metric(j, a, m);
		cxj_metric_free(m);
		break;
	case 10:
		if ((tp = some_touchpoint(j, g))) {
			(void)cxj_touchpoint_set_moment_of_truth(
			    tp, next_byte(g) % 2);
			(void)cxj_touchpoint_set_experience(
			    tp, (cxj_experience)(next_byte(g) % 4));
		}
		break;
	default:
		/* edits: a stage moved, a touchpoint removed */
		if ((st = some_stage(j, g)))
			(void)cxj_journey_move_stage(
			    j, st, next_byte(g) % cxj_journey_stage_count(j));
		if ((tp = some_touchpoint(j, g)) && next_byte(g) % 4 == 0)
			(void)cxj_stage_remove_touchpoint(
			    cxj_touchpoint_stage(tp), tp);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	program g = {data, data + size};
	cxj_journey *j = NULL, *back = NULL;
	char *a = NULL, *b = NULL, *da, *db;
	size_t alen = 0, blen = 0;
	if (cxj_journey_new("fuzz", &j) != CXJ_OK)
		return 0;
	for (int n = 0; n < 200 && g.p < g.end; n++)
		step(j, &g);
	if (cxj_journey_save_buffer(j, NULL, &a, &alen) != CXJ_OK)
		abort(); /* anything the API built can be written */
	if (cxj_journey_load_buffer(a, alen, "saved", NULL, &back) != CXJ_OK)
		abort(); /* and read back */
	da = cxjt_dump(j);
	db = cxjt_dump(back);
	if (strcmp(da, db) != 0)
		abort(); /* the same journey, getter by getter */
	if (cxj_journey_save_buffer(back, NULL, &b, &blen) != CXJ_OK ||
	    alen != blen || memcmp(a, b, alen) != 0)
		abort(); /* and the same bytes */
	free(da);
	free(db);
	cxj_free(a);
	cxj_free(b);
	cxj_journey_free(back);
	cxj_journey_free(j);
	return 0;
}
