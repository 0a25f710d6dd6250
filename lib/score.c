/* score.c: scoring a journey. Answers are counted into per-cell histograms
 * (scope, metric, source, segment, period) in one pass over the columns, then
 * rolled up into cxj_metric accumulators, targets, the curve and contacts. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "civil.h"
#include "metrics.h"
#include "scores.h"
#include "store.h"

/* A cell key: scope (22 bits; rollups of stages and the journey above the
 * direct scopes), metric index (8), source (2), segment (20), period (12). */
#define SRC_ANY 2u
#define SEG_ALL 0xFFFFFu
#define SEG_MAX (SEG_ALL - 1)
#define PER_ALL 0xFFFu
#define PER_MAX (PER_ALL - 1)
#define SCOPE_MAX ((1u << 21) - 1)
#define NONE UINT32_MAX
#define POINTS 11
#define STRIDE 16 /* dense counters per cell: a shift, not a multiply */

static uint64_t mkkey(uint32_t scope, unsigned metric, unsigned src,
		      uint32_t seg, uint32_t per)
{
	return (uint64_t)scope << 42 | (uint64_t)metric << 34 |
	       (uint64_t)src << 32 | (uint64_t)seg << 12 | per;
}

/* ---- a map from 64-bit keys to entry indices ---- */

typedef struct kmap {
	uint64_t *keys;
	uint32_t *vals; /* index + 1; 0: empty */
	size_t cap, len;
} kmap;

static size_t kslot(uint64_t key, size_t cap)
{
	key ^= key >> 31;
	key *= 0x9e3779b97f4a7c15ULL;
	key ^= key >> 29;
	return (size_t)key & (cap - 1);
}

static long kmap_get(const kmap *m, uint64_t key)
{
	if (!m->cap)
		return -1;
	for (size_t i = kslot(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i])
			return -1;
		if (m->keys[i] == key)
			return (long)m->vals[i] - 1;
	}
}

/* Inserts a key known to be absent; room was reserved. */
static void kmap_put(kmap *m, uint64_t key, uint32_t val)
{
	size_t i = kslot(key, m->cap);
	while (m->vals[i])
		i = (i + 1) & (m->cap - 1);
	m->keys[i] = key;
	m->vals[i] = val + 1;
	m->len++;
}

static void kmap_clear(kmap *m)
{
	cxj__free(m->keys);
	cxj__free(m->vals);
	memset(m, 0, sizeof *m);
}

/* Room for extra more keys, the table at most half full: a new table the
 * keys move into as puts; on failure m stays as it was. */
static int kmap_reserve(kmap *m, size_t extra)
{
	size_t ncap = m->cap ? m->cap : 64;
	kmap grown;
	while (ncap / 2 < m->len + extra)
		ncap *= 2;
	if (ncap == m->cap)
		return CXJ_OK;
	grown.keys = cxj__malloc(ncap * sizeof *grown.keys);
	grown.vals = cxj__calloc(ncap, sizeof *grown.vals);
	grown.cap = ncap;
	grown.len = 0;
	if (!grown.keys || !grown.vals) {
		kmap_clear(&grown);
		return cxj__nomem();
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->vals[i])
			kmap_put(&grown, m->keys[i], m->vals[i] - 1);
	kmap_clear(m);
	*m = grown;
	return CXJ_OK;
}

/* ---- the scores ---- */

typedef struct entry {
	uint64_t key;
	uint64_t hist[POINTS]; /* contacts: hist[0] */
	cxj_metric *m;
} entry;

/* Entries found by key: in order of arrival, with the map to their
 * indices. The scores keep their figures in one; counting keeps the base
 * cells the dense counters do not take in another. */
typedef struct cellmap {
	entry *v;
	size_t n, cap;
	kmap index;
} cellmap;

static void cellmap_clear(cellmap *c)
{
	for (size_t i = 0; i < c->n; i++)
		cxj_metric_free(c->v[i].m);
	cxj__free(c->v);
	kmap_clear(&c->index);
}

/* The entry of key, added empty when new; NULL when out of memory. */
static entry *cellmap_get(cellmap *c, uint64_t key)
{
	long k = kmap_get(&c->index, key);
	entry *e;
	if (k >= 0)
		return &c->v[k];
	if (cxj__reserve((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v) ||
	    kmap_reserve(&c->index, 1))
		return NULL;
	e = &c->v[c->n];
	memset(e, 0, sizeof *e);
	e->key = key;
	kmap_put(&c->index, key, (uint32_t)c->n++);
	return e;
}

static const entry *cellmap_find(const cellmap *c, uint64_t key)
{
	long k = kmap_get(&c->index, key);
	return k >= 0 ? &c->v[k] : NULL;
}

struct cxj_idlist {
	size_t count;
	size_t *offs;
	char *bytes;
};

struct cxj_scores {
	cxj__intern ids; /* scopes: touchpoints in map order, stages, journey */
	uint32_t ntp, nstage, nscopes;
	uint32_t *parent;     /* per scope; NONE for the journey */
	cxj__intern metrics;  /* the responses' metric names, same indices */
	cxj__intern segments; /* the responses' segments, same indices */
	uint32_t *seg_order;  /* segment indices in byte order of names */
	cxj_metric *empty[4]; /* of each kind: a known figure without answers */
	cellmap figures;
	cxj__intern tnames; /* target metric names */
	kmap targets;	    /* scope << 32 | tname -> tvals index */
	double *tvals;
	size_t ntvals, tvals_cap;
	double *curve;
	uint8_t *experience;
	cxj_period period;
	int64_t period_first;
	uint32_t nperiods;
	uint64_t unknown_answers;
	cxj__intern unknown;
	uint64_t *unknown_counts;
	double customers;
	/* for drill-down: which store was scored, and its target mapping */
	const cxj_responses *scored;
	size_t scored_count;
	uint32_t *scope_of_target;
};

CXJ__VERSIONED(options_type, cxj_score_options, CXJ_SCORE_OPTIONS_INIT,
	       sizeof(cxj_score_options));
CXJ__VERSIONED(selection_type, cxj_selection, CXJ_SELECTION_INIT,
	       sizeof(cxj_selection));

int cxj_score_options_init(cxj_score_options *opts, unsigned int version)
{
	return cxj__versioned_init(&options_type, opts, version, "opts");
}

int cxj_selection_init(cxj_selection *sel, unsigned int version)
{
	return cxj__versioned_init(&selection_type, sel, version, "sel");
}

int cxj__selection_read(const cxj_selection *in, cxj_selection *full)
{
	return cxj__versioned_read(&selection_type, in, full);
}

void cxj_scores_free(cxj_scores *s)
{
	if (!s)
		return;
	cxj__intern_clear(&s->ids);
	cxj__free(s->parent);
	cxj__intern_clear(&s->metrics);
	cxj__intern_clear(&s->segments);
	cellmap_clear(&s->figures);
	cxj__intern_clear(&s->tnames);
	kmap_clear(&s->targets);
	cxj__free(s->tvals);
	cxj__free(s->curve);
	cxj__free(s->experience);
	cxj__intern_clear(&s->unknown);
	cxj__free(s->unknown_counts);
	cxj__free(s->scope_of_target);
	cxj__free(s->seg_order);
	for (int k = 0; k < 4; k++)
		cxj_metric_free(s->empty[k]);
	cxj__free(s);
}

static int intern_cstr(cxj__intern *in, const char *str, uint32_t *out)
{
	return cxj__intern_add_str(in, str, strlen(str), out);
}

static long find_cstr(const cxj__intern *in, const char *str)
{
	return cxj__intern_find_str(in, str, strlen(str));
}

/* ---- periods ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t period_of(int64_t ts, cxj_period p)
{
	int64_t days = floor_div(ts, 86400), y;
	unsigned m;
	switch (p) {
	case CXJ_PERIOD_DAY:
		return days;
	/* 1970-01-01 was a Thursday: three days on, weeks start on Monday */
	case CXJ_PERIOD_WEEK:
		return floor_div(days + 3, 7);
	case CXJ_PERIOD_MONTH:
		cxj__civil_from_days(days, &y, &m);
		return y * 12 + (m - 1);
	default:
		cxj__civil_from_days(days, &y, &m);
		return y * 4 + (m - 1) / 3;
	}
}

static int64_t period_start(int64_t n, cxj_period p)
{
	switch (p) {
	case CXJ_PERIOD_DAY:
		return n * 86400;
	case CXJ_PERIOD_WEEK:
		return (n * 7 - 3) * 86400;
	case CXJ_PERIOD_MONTH:
		return cxj__civil_to_days(
			   floor_div(n, 12),
			   (unsigned)(n - floor_div(n, 12) * 12) + 1, 1) *
		       86400;
	default:
		return cxj__civil_to_days(
			   floor_div(n, 4),
			   (unsigned)(n - floor_div(n, 4) * 4) * 3 + 1, 1) *
		       86400;
	}
}

/* ---- building ---- */

static int add_scope(cxj_scores *s, const char *id, uint32_t parent)
{
	uint32_t k;
	int rc = intern_cstr(&s->ids, id, &k);
	if (rc)
		return rc;
	if (k != s->nscopes)
		/* the model keeps ids unique; a repeat would misfile answers */
		return cxj__error(CXJ_EINVAL,
				  "id '%s' appears twice in the map", id);
	s->parent[s->nscopes++] = parent;
	return CXJ_OK;
}

static int add_targets(cxj_scores *s, uint32_t scope, size_t n,
		       int (*at)(const void *, size_t, const char **, double *),
		       const void *obj)
{
	for (size_t i = 0; i < n; i++) {
		const char *name;
		double v;
		uint32_t t;
		int rc;
		if (at(obj, i, &name, &v) != CXJ_OK)
			continue;
		if ((rc = intern_cstr(&s->tnames, name, &t)) ||
		    (rc = kmap_reserve(&s->targets, 1)) ||
		    (rc = cxj__reserve((void **)&s->tvals, &s->tvals_cap,
				       s->ntvals + 1, sizeof *s->tvals)))
			return rc;
		kmap_put(&s->targets, (uint64_t)scope << 32 | t,
			 (uint32_t)s->ntvals);
		s->tvals[s->ntvals++] = v;
	}
	return CXJ_OK;
}

static int j_target_at(const void *o, size_t i, const char **m, double *v)
{
	return cxj_journey_target_at(o, i, m, v);
}
static int s_target_at(const void *o, size_t i, const char **m, double *v)
{
	return cxj_stage_target_at(o, i, m, v);
}
static int t_target_at(const void *o, size_t i, const char **m, double *v)
{
	return cxj_touchpoint_target_at(o, i, m, v);
}

/* Copies the map's ids, tree and targets. */
static int load_map(cxj_scores *s, const cxj_journey *j)
{
	size_t nst = cxj_journey_stage_count(j);
	size_t ntp = cxj_journey_touchpoint_count(j);
	uint32_t tp = 0;
	int rc;
	if (ntp + nst + 1 > SCOPE_MAX)
		return cxj__error(CXJ_ELIMIT,
				  "more than %u touchpoints and stages",
				  SCOPE_MAX - 1);
	s->ntp = (uint32_t)ntp;
	s->nstage = (uint32_t)nst;
	s->parent = cxj__malloc((ntp + nst + 1) * sizeof *s->parent);
	if (!s->parent)
		return cxj__nomem();
	for (size_t i = 0; i < nst; i++) {
		const cxj_stage *st = cxj_journey_stage_at(j, i);
		size_t n = cxj_stage_touchpoint_count(st);
		for (size_t k = 0; k < n; k++, tp++) {
			const cxj_touchpoint *t =
			    cxj_stage_touchpoint_at(st, k);
			if ((rc = add_scope(s, cxj_touchpoint_id(t),
					    (uint32_t)(ntp + i))) ||
			    (rc = add_targets(s, tp,
					      cxj_touchpoint_target_count(t),
					      t_target_at, t)))
				return rc;
		}
	}
	for (size_t i = 0; i < nst; i++) {
		const cxj_stage *st = cxj_journey_stage_at(j, i);
		if ((rc = add_scope(s, cxj_stage_id(st),
				    (uint32_t)(ntp + nst))) ||
		    (rc = add_targets(s, (uint32_t)(ntp + i),
				      cxj_stage_target_count(st), s_target_at,
				      st)))
			return rc;
	}
	if ((rc = add_scope(s, cxj_journey_id(j), NONE)) ||
	    (rc = add_targets(s, (uint32_t)(ntp + nst),
			      cxj_journey_target_count(j), j_target_at, j)))
		return rc;
	return CXJ_OK;
}

static int copy_table(cxj__intern *to, const cxj__intern *from)
{
	for (uint32_t i = 0; i < from->count; i++) {
		uint32_t k;
		int rc = cxj__intern_add_str(to, cxj__intern_str(from, i),
					     cxj__intern_len(from, i), &k);
		if (rc)
			return rc;
	}
	return CXJ_OK;
}

/* Adds one base cell into every figure it belongs to: itself and the
 * rollups above it, times all sources, all segments and all periods. */
static int derive(cxj_scores *s, uint32_t scope, unsigned metric, unsigned src,
		  uint32_t seg, uint32_t per, const uint64_t *hist,
		  const cxj_metric *extra)
{
	uint32_t scopes[3];
	unsigned nsc = 0, srcs[2] = {src, SRC_ANY};
	uint32_t segs[2] = {seg, SEG_ALL}, pers[2] = {per, PER_ALL};
	uint32_t journey = s->nscopes - 1;
	scopes[nsc++] = scope;
	if (scope < s->ntp) {
		scopes[nsc++] = s->nscopes + s->parent[scope];
		scopes[nsc++] = s->nscopes + journey;
	} else if (scope < journey) {
		scopes[nsc++] = s->nscopes + scope;
		scopes[nsc++] = s->nscopes + journey;
	} else {
		scopes[nsc++] = s->nscopes + journey;
	}
	for (unsigned a = 0; a < nsc; a++)
		for (unsigned b = 0; b < 2; b++)
			for (unsigned c = 0; c < 2; c++)
				for (unsigned d = 0;
				     d < (per == PER_ALL ? 1u : 2u); d++) {
					entry *e = cellmap_get(
					    &s->figures,
					    mkkey(scopes[a], metric, srcs[b],
						  segs[c], pers[d]));
					if (!e)
						return CXJ_ENOMEM;
					for (int p = 0; p < POINTS; p++)
						e->hist[p] += hist[p];
					if (!extra)
						continue;
					if (!e->m &&
					    cxj_metric_new(
						cxj_metric_kind_of(extra),
						&e->m))
						return CXJ_ENOMEM;
					if (cxj_metric_merge(e->m, extra))
						return cxj_error_last()->code;
				}
	return CXJ_OK;
}

/* The counting pass's working state: dense counters per base cell (NULL
 * when they would not pay), their shape, and the base cells they do not
 * take: weighted answers and KPI values (into a metric per cell), and
 * everything when the dense array would be too large (into the cell's
 * histogram). */
typedef struct tally {
	uint32_t *dense;
	uint64_t cells;
	uint32_t G; /* segments + 1 (none) */
	uint32_t P; /* periods + 1 (no timestamp); 1 without periods */
	cellmap extra;
} tally;

/* Sizes the cells and allocates the dense counters when they fit in
 * 64 MiB and are not much sparser than the answers; else every answer
 * takes the per-cell path. */
static int tally_init(const cxj_scores *s, const cxj_responses *r, tally *t)
{
	const size_t n = r->count;
	const uint32_t nseg = r->strings[CXJ_TABLE_SEGMENTS].count;
	memset(t, 0, sizeof *t);
	if (nseg > SEG_MAX)
		return cxj__error(CXJ_ELIMIT, "more than %u segments", SEG_MAX);
	t->G = nseg + 1;
	t->P = s->nperiods ? s->nperiods + 1 : 1;
	t->cells =
	    (uint64_t)s->nscopes * CXJ__BUILTIN_METRICS * 2 * t->G * t->P;
	if (t->cells * STRIDE <= (1u << 24) &&
	    (t->cells * STRIDE <= (1u << 16) ||
	     t->cells * STRIDE <= 16 * (uint64_t)n) &&
	    n < UINT32_MAX) {
		t->dense = cxj__calloc((size_t)t->cells * STRIDE,
				       sizeof *t->dense);
		if (!t->dense)
			return cxj__nomem();
	}
	return CXJ_OK;
}

/* The common case in one tight loop: dense counters, no periods, no
 * weights. The shape is copied into locals, which the counter writes
 * cannot alias. */
static int count_plain(cxj_scores *s, const cxj_responses *r, tally *t)
{
	const size_t n = r->count;
	const uint32_t G = t->G;
	const uint32_t *map = s->scope_of_target;
	uint32_t *dense = t->dense;
	const uint32_t *tg = r->target, *sg = r->segment;
	const uint8_t *mt = r->metric, *sr = r->source, *sco = r->score;
	int rc;
	for (size_t i = 0; i < n; i++) {
		uint32_t sc = map[tg[i]];
		unsigned m = mt[i];
		if (sc == NONE) {
			s->unknown_answers++;
			s->unknown_counts[tg[i]]++;
			continue;
		}
		if (m <= CXJ__METRIC_CONTACT) {
			size_t cell =
			    (((size_t)sc * CXJ__BUILTIN_METRICS + m) * 2 + sr[i]) * G +
			    sg[i];
			dense[cell * STRIDE + sco[i]]++;
			continue;
		}
		/* a KPI value */
		{
			entry *e = cellmap_get(
			    &t->extra, mkkey(sc, m, sr[i], sg[i], PER_ALL));
			if (!e || (!e->m && cxj_metric_new(CXJ_KPI, &e->m)))
				return CXJ_ENOMEM;
			if ((rc = cxj_metric_add(e->m, r->value[i])))
				return rc;
		}
	}
	return CXJ_OK;
}

/* Every answer in turn, with its period and weight: into the dense
 * counters where it is a plain count, else into its extra cell. */
static int count_general(cxj_scores *s, const cxj_responses *r, tally *t)
{
	const size_t n = r->count;
	const uint32_t G = t->G, P = t->P;
	const uint32_t *map = s->scope_of_target;
	uint32_t *dense = t->dense;
	int rc = CXJ_OK;
	for (size_t i = 0; i < n; i++) {
		uint32_t sc = map[r->target[i]];
		unsigned m = r->metric[i], src = r->source[i];
		uint32_t seg = r->segment[i], per = PER_ALL, pd = 0;
		double w = r->weight ? r->weight[i] : 1.0;
		if (sc == NONE) {
			s->unknown_answers++;
			s->unknown_counts[r->target[i]]++;
			continue;
		}
		if (s->nperiods) {
			int64_t ts =
			    r->timestamp ? r->timestamp[i] : CXJ_NO_TIMESTAMP;
			if (ts != CXJ_NO_TIMESTAMP) {
				per = (uint32_t)(period_of(ts, s->period) -
						 s->period_first);
				pd = per;
			} else {
				pd = s->nperiods;
			}
		}
		if (m <= CXJ__METRIC_CONTACT &&
		    (w == 1.0 || m == CXJ__METRIC_CONTACT)) {
			entry *e;
			if (dense) {
				size_t cell =
				    ((((size_t)sc * CXJ__BUILTIN_METRICS + m) * 2 + src) * G +
				     seg) *
					P +
				    pd;
				dense[cell * STRIDE + r->score[i]]++;
				continue;
			}
			if (!(e = cellmap_get(&t->extra,
					      mkkey(sc, m, src, seg, per))))
				return CXJ_ENOMEM;
			e->hist[r->score[i]]++;
		} else {
			int kind = (int)cxj__metric_kind_of_index(m);
			double v = kind == CXJ_KPI ? r->value[i] : r->score[i];
			entry *e =
			    cellmap_get(&t->extra, mkkey(sc, m, src, seg, per));
			if (!e ||
			    (!e->m &&
			     cxj_metric_new((cxj_metric_kind)kind, &e->m)))
				return CXJ_ENOMEM;
			rc = w == 1.0 ? cxj_metric_add(e->m, v)
				      : cxj_metric_add_weighted(e->m, v, w);
		}
		if (rc)
			return rc;
	}
	return CXJ_OK;
}

/* Rolls the dense cells up; a cell's index spells its coordinates. */
static int roll_up_dense(cxj_scores *s, const tally *t)
{
	const uint32_t G = t->G, P = t->P;
	for (size_t cell = 0; t->dense && cell < t->cells; cell++) {
		const uint32_t *c = t->dense + cell * STRIDE;
		uint64_t hist[POINTS], any = 0;
		size_t rest = cell;
		uint32_t pd, seg, sc;
		unsigned src, m;
		int rc;
		for (int p = 0; p < POINTS; p++)
			any |= hist[p] = c[p];
		if (!any)
			continue;
		pd = (uint32_t)(rest % P);
		rest /= P;
		seg = (uint32_t)(rest % G);
		rest /= G;
		src = (unsigned)(rest % 2);
		rest /= 2;
		m = (unsigned)(rest % 4);
		sc = (uint32_t)(rest / 4);
		rc = derive(s, sc, m, src, seg,
			    s->nperiods && pd < s->nperiods ? pd : PER_ALL,
			    hist, NULL);
		if (rc)
			return rc;
	}
	return CXJ_OK;
}

/* Rolls the extra cells up; a cell's key spells its coordinates. */
static int roll_up_extra(cxj_scores *s, const tally *t)
{
	for (size_t i = 0; i < t->extra.n; i++) {
		const entry *x = &t->extra.v[i];
		uint64_t k = x->key;
		uint32_t sc = (uint32_t)(k >> 42);
		unsigned m = (unsigned)(k >> 34) & 0xff;
		unsigned src = (unsigned)(k >> 32) & 3;
		uint32_t seg = (uint32_t)(k >> 12) & SEG_ALL;
		uint32_t per = (uint32_t)k & PER_ALL;
		int rc = derive(s, sc, m, src, seg, per, x->hist, x->m);
		if (rc)
			return rc;
	}
	return CXJ_OK;
}

/* The figures' histograms into their accumulators. */
static int fill_accumulators(cxj_scores *s)
{
	int rc;
	for (size_t i = 0; i < s->figures.n; i++) {
		entry *e = &s->figures.v[i];
		unsigned m = (unsigned)(e->key >> 34) & 0xff;
		int kind = (int)cxj__metric_kind_of_index(m), lo = 0;
		if (m == CXJ__METRIC_CONTACT) {
			if (e->m) {
				/* contacts are counted, never scored */
				cxj_metric_free(e->m);
				e->m = NULL;
			}
			continue;
		}
		if (!e->m &&
		    (rc = cxj_metric_new((cxj_metric_kind)kind, &e->m)))
			return rc;
		if (kind == CXJ_KPI)
			continue;
		if (kind != CXJ_NPS)
			lo = 1;
		for (int p = lo; p < POINTS; p++)
			if (e->hist[p] &&
			    (rc = cxj_metric_add_count(e->m, p, e->hist[p])))
				return rc;
	}
	return CXJ_OK;
}

/* The counting pass and the rollups. */
static int count(cxj_scores *s, const cxj_responses *r)
{
	tally t;
	int rc = tally_init(s, r, &t);
	if (rc)
		return rc;
	if (t.dense && !s->nperiods && !r->weight)
		rc = count_plain(s, r, &t);
	else
		rc = count_general(s, r, &t);
	if (!rc && !(rc = roll_up_dense(s, &t)) && !(rc = roll_up_extra(s, &t)))
		rc = fill_accumulators(s);
	cxj__free(t.dense);
	cellmap_clear(&t.extra);
	return rc;
}

/* The -1..1 value of a touchpoint's customer answers. */
static double curve_value(const cxj_scores *s, uint32_t tp)
{
	double num = 0, den = 0;
	for (unsigned m = 0; m < 3; m++) {
		const entry *e =
		    cellmap_find(&s->figures, mkkey(tp, m, CXJ_SOURCE_CUSTOMER,
						    SEG_ALL, PER_ALL));
		double n, v;
		if (!e || !e->m || !(n = cxj_metric_weight_sum(e->m)))
			continue;
		if (m == CXJ__METRIC_NPS)
			v = cxj_metric_value(e->m) / 100;
		else if (m == CXJ__METRIC_CSAT)
			v = (cxj_metric_mean(e->m) - 3) / 2;
		else
			v = (cxj_metric_mean(e->m) - 4) / 3;
		num += n * v;
		den += n;
	}
	return den > 0 ? num / den : NAN;
}

static int curve(cxj_scores *s, const cxj_score_options *o)
{
	s->curve = cxj__malloc((s->ntp ? s->ntp : 1) * sizeof *s->curve);
	s->experience = cxj__malloc(s->ntp ? s->ntp : 1);
	if (!s->curve || !s->experience)
		return cxj__nomem();
	for (uint32_t t = 0; t < s->ntp; t++) {
		double v = curve_value(s, t);
		s->curve[t] = v;
		s->experience[t] =
		    isnan(v)		    ? CXJ_EXPERIENCE_UNKNOWN
		    : v < o->negative_below ? CXJ_EXPERIENCE_NEGATIVE
		    : v >= o->positive_from ? CXJ_EXPERIENCE_POSITIVE
					    : CXJ_EXPERIENCE_NEUTRAL;
	}
	return CXJ_OK;
}

static int unknown_ids(cxj_scores *s, const cxj_responses *r)
{
	const cxj__intern *t = &r->strings[CXJ_TABLE_TARGETS];
	size_t k = 0;
	int rc;
	if (!s->unknown_answers)
		return CXJ_OK;
	for (uint32_t i = 0; i < t->count; i++) {
		uint32_t idx;
		if (!s->unknown_counts[i])
			continue;
		rc = cxj__intern_add_str(&s->unknown, cxj__intern_str(t, i),
					 cxj__intern_len(t, i), &idx);
		if (rc)
			return rc;
		/* compact the counts into the order of the unknown table */
		s->unknown_counts[k++] = s->unknown_counts[i];
	}
	return CXJ_OK;
}

/* Whether respondent k is seen here first: then marks it in the bitset. */
static int first_sight(uint8_t *seen, uint32_t k)
{
	if (seen[k >> 3] & (1u << (k & 7)))
		return 0;
	seen[k >> 3] |= (uint8_t)(1u << (k & 7));
	return 1;
}

/* Distinct customer respondents: the default base of contact rates. */
static int count_customers(cxj_scores *s, const cxj_responses *r)
{
	uint32_t nresp = r->strings[CXJ_TABLE_RESPONDENTS].count;
	uint8_t *seen;
	uint64_t n = 0;
	if (!(seen = cxj__calloc(nresp / 8 + 1, 1)))
		return cxj__nomem();
	for (size_t i = 0; i < r->count; i++) {
		if (r->source[i] == CXJ_SOURCE_CUSTOMER &&
		    first_sight(seen, r->respondent[i]))
			n++;
	}
	cxj__free(seen);
	s->customers = (double)n;
	return CXJ_OK;
}

static int has_contacts(const cxj_scores *s)
{
	for (size_t i = 0; i < s->figures.n; i++)
		if (((s->figures.v[i].key >> 34) & 0xff) == CXJ__METRIC_CONTACT)
			return 1;
	return 0;
}

static int find_periods(cxj_scores *s, const cxj_responses *r)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	if (s->period == CXJ_PERIOD_NONE || !r->timestamp)
		return CXJ_OK;
	for (size_t i = 0; i < r->count; i++) {
		int64_t p;
		if (r->timestamp[i] == CXJ_NO_TIMESTAMP)
			continue;
		p = period_of(r->timestamp[i], s->period);
		if (p < lo)
			lo = p;
		if (p > hi)
			hi = p;
	}
	if (lo > hi)
		return CXJ_OK;
	if (hi - lo >= PER_MAX)
		return cxj__error(CXJ_ELIMIT,
				  "the timestamps span more than %u periods",
				  PER_MAX);
	s->period_first = lo;
	s->nperiods = (uint32_t)(hi - lo + 1);
	return CXJ_OK;
}

/* Segments are listed in byte order of their names, whatever order the
 * answers came in, so that the pairs of a comparison (a minus b) keep
 * their sign from one export to the next. */
static int order_segments(cxj_scores *s)
{
	uint32_t n = s->segments.count;
	if (!(s->seg_order = cxj__malloc((n ? n : 1) * sizeof *s->seg_order)))
		return cxj__nomem();
	for (uint32_t i = 0; i < n; i++)
		s->seg_order[i] = i;
	cxj__sort_names(&s->segments, s->seg_order, n);
	return CXJ_OK;
}

/* The metric a known figure without answers gives: one empty per kind. */
static int make_empty(cxj_scores *s)
{
	for (int k = 0; k < 4; k++)
		if (cxj_metric_new((cxj_metric_kind)(CXJ_CSAT + k),
				   &s->empty[k]))
			return CXJ_ENOMEM;
	return CXJ_OK;
}

int cxj_journey_score(const cxj_journey *j, const cxj_responses *r,
		      const cxj_score_options *given, cxj_scores **out)
{
	cxj_score_options in, *opts = &in;
	const cxj__intern *targets;
	cxj_scores *s;
	int rc;
	if (!j || !r || !out)
		return cxj__error(CXJ_EINVAL,
				  "journey, responses and out are required");
	if (cxj__versioned_read(&options_type, given, &in))
		return CXJ_EINVAL;
	if ((unsigned)opts->period > CXJ_PERIOD_QUARTER)
		return cxj__error(CXJ_EINVAL, "unknown period %d",
				  (int)opts->period);
	if (isnan(opts->negative_below) || isnan(opts->positive_from) ||
	    opts->negative_below > opts->positive_from)
		return cxj__error(CXJ_EINVAL, "experience thresholds must be "
					      "ordered numbers");
	if (!(opts->customers >= 0) || isinf(opts->customers))
		return cxj__error(CXJ_EINVAL, "customers must be a finite "
					      "number of at least 0");
	if (!(s = cxj__calloc(1, sizeof *s)))
		return cxj__nomem();
	s->period = opts->period;
	s->customers = opts->customers;
	s->scored = r;
	s->scored_count = r->count;
	targets = &r->strings[CXJ_TABLE_TARGETS];
	if ((rc = load_map(s, j)) ||
	    (rc = copy_table(&s->metrics, &r->strings[CXJ_TABLE_METRICS])) ||
	    (rc = copy_table(&s->segments, &r->strings[CXJ_TABLE_SEGMENTS])))
		goto fail;
	s->scope_of_target = cxj__malloc((targets->count ? targets->count : 1) *
					 sizeof(uint32_t));
	s->unknown_counts =
	    cxj__calloc(targets->count ? targets->count : 1, sizeof(uint64_t));
	if (!s->scope_of_target || !s->unknown_counts) {
		rc = cxj__nomem();
		goto fail;
	}
	for (uint32_t i = 0; i < targets->count; i++) {
		long k = cxj__intern_find_str(&s->ids,
					      cxj__intern_str(targets, i),
					      cxj__intern_len(targets, i));
		s->scope_of_target[i] = k >= 0 ? (uint32_t)k : NONE;
	}
	if ((rc = find_periods(s, r)) || (rc = count(s, r)) ||
	    (rc = curve(s, opts)) || (rc = unknown_ids(s, r)) ||
	    (rc = order_segments(s)) || (rc = make_empty(s)))
		goto fail;
	/* the base of contact rates costs a pass over the answers: only
	 * when there are contacts to rate */
	if (s->customers == 0 && has_contacts(s) &&
	    (rc = count_customers(s, r)))
		goto fail;
	*out = s;
	return CXJ_OK;
fail:
	cxj_scores_free(s);
	return rc;
}

/* ---- queries ----
 * Every id, metric and segment a query names must be known to the scores:
 * a name that is not is a miss (CXJ_ENOTFOUND, naming what was asked and
 * the nearest known name), never an empty answer. */

/* A miss among the names of a table. */
static int miss(const char *what, const char *name, const cxj__intern *known)
{
	cxj__nearest near;
	char hint[CXJ__HINT_SIZE];
	cxj__nearest_init(&near, name);
	for (uint32_t i = 0; i < known->count; i++)
		cxj__nearest_offer(&near, cxj__intern_str(known, i),
				   cxj__intern_len(known, i));
	return cxj__error(CXJ_ENOTFOUND, "no %s '%s' in the scores%s", what,
			  name, cxj__nearest_hint(&near, hint, sizeof hint));
}

static int find_scope(const cxj_scores *s, const char *id, long *scope)
{
	if (!id)
		return cxj__error(CXJ_EINVAL, "id is NULL");
	*scope = find_cstr(&s->ids, id);
	return *scope < 0 ? miss("touchpoint, stage or journey", id, &s->ids)
			  : CXJ_OK;
}

static int find_metric(const cxj_scores *s, const char *name, long *metric)
{
	if (!name)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	*metric = cxj__builtin_metric(name, strlen(name));
	if (*metric < 0)
		*metric = find_cstr(&s->metrics, name);
	return *metric < 0 ? miss("metric", name, &s->metrics) : CXJ_OK;
}

/* What a query asks for, resolved against the scores' tables. */
typedef struct query {
	long scope, metric;
	uint32_t seg; /* SEG_ALL, 0 for none, or index + 1 */
	unsigned src; /* SRC_ANY or a cxj_source */
	uint32_t per; /* PER_ALL or a period index */
	int rollup;
} query;

static int resolve(const cxj_scores *s, const char *id, long metric,
		   const cxj_selection *given, query *q)
{
	cxj_selection in, *sel = &in;
	int rc;
	if (cxj__selection_read(given, &in))
		return CXJ_EINVAL;
	if ((rc = find_scope(s, id, &q->scope)))
		return rc;
	q->metric = metric;
	if (!sel->segment) {
		q->seg = SEG_ALL;
	} else if (!*sel->segment) {
		q->seg = 0;
	} else {
		long k = find_cstr(&s->segments, sel->segment);
		if (k < 0)
			return miss("segment", sel->segment, &s->segments);
		q->seg = (uint32_t)k + 1;
	}
	if (sel->source == CXJ_ANY_SOURCE)
		q->src = SRC_ANY;
	else if (sel->source == CXJ_SOURCE_CUSTOMER ||
		 sel->source == CXJ_SOURCE_EMPLOYEE)
		q->src = (unsigned)sel->source;
	else
		return cxj__error(CXJ_EINVAL, "unknown source %d", sel->source);
	if (sel->period == CXJ_ALL_PERIODS)
		q->per = PER_ALL;
	else if (sel->period < s->nperiods)
		q->per = (uint32_t)sel->period;
	else
		return cxj__error(CXJ_ENOTFOUND,
				  "no period %zu in the scores (they have %u)",
				  sel->period, s->nperiods);
	q->rollup = sel->rollup != 0;
	return CXJ_OK;
}

static uint64_t key_of(const cxj_scores *s, const query *q)
{
	uint32_t scope = (uint32_t)q->scope;
	if (q->rollup && scope >= s->ntp)
		scope += s->nscopes;
	return mkkey(scope, (unsigned)q->metric, q->src, q->seg, q->per);
}

const cxj_metric *cxj_scores_metric(const cxj_scores *s, const char *id,
				    const char *metric,
				    const cxj_selection *sel)
{
	const entry *e;
	query q;
	long m;
	if (!s) {
		cxj__error(CXJ_EINVAL, "scores is NULL");
		return NULL;
	}
	if (find_metric(s, metric, &m) || resolve(s, id, m, sel, &q))
		return NULL;
	if (m == CXJ__METRIC_CONTACT) {
		cxj__error(CXJ_EINVAL, "contacts are counted, not scored: ask "
				       "cxj_scores_contacts");
		return NULL;
	}
	e = cellmap_find(&s->figures, key_of(s, &q));
	if (e && e->m)
		return e->m;
	/* known, without answers: the empty metric of the kind */
	return s->empty[cxj__metric_kind_of_index((uint32_t)m) - CXJ_CSAT];
}

uint64_t cxj_scores_contacts(const cxj_scores *s, const char *id,
			     const cxj_selection *sel)
{
	const entry *e;
	query q;
	if (!s) {
		cxj__error(CXJ_EINVAL, "scores is NULL");
		return 0;
	}
	if (resolve(s, id, CXJ__METRIC_CONTACT, sel, &q))
		return 0;
	e = cellmap_find(&s->figures, key_of(s, &q));
	return e ? e->hist[0] : 0;
}

double cxj_scores_contact_share(const cxj_scores *s, const char *id,
				const cxj_selection *sel)
{
	cxj_selection whole;
	uint64_t total, here;
	query q;
	if (!s || resolve(s, id, CXJ__METRIC_CONTACT, sel, &q))
		return NAN;
	here = cxj_scores_contacts(s, id, sel);
	cxj__selection_read(sel, &whole); /* read by resolve already */
	whole.rollup = 1;
	total = cxj_scores_contacts(s, cxj__intern_str(&s->ids, s->nscopes - 1),
				    &whole);
	return total ? (double)here / (double)total : NAN;
}

double cxj_scores_contact_rate(const cxj_scores *s, const char *id,
			       const cxj_selection *sel)
{
	query q;
	if (!s || resolve(s, id, CXJ__METRIC_CONTACT, sel, &q))
		return NAN;
	if (s->customers <= 0)
		return NAN;
	return (double)cxj_scores_contacts(s, id, sel) / s->customers;
}

double cxj_scores_target(const cxj_scores *s, const char *id,
			 const char *metric)
{
	long scope, t, k;
	if (!s || find_scope(s, id, &scope))
		return NAN;
	if (!metric || (t = find_cstr(&s->tnames, metric)) < 0)
		return NAN; /* no target of that name: not a miss */
	k = kmap_get(&s->targets, (uint64_t)scope << 32 | (uint64_t)t);
	return k >= 0 ? s->tvals[k] : NAN;
}

double cxj_scores_gap(const cxj_scores *s, const char *id, const char *metric)
{
	cxj_selection sel = CXJ_SELECTION_INIT;
	const cxj_metric *m;
	double target = cxj_scores_target(s, id, metric);
	if (isnan(target))
		return NAN;
	if (!(m = cxj_scores_metric(s, id, metric, &sel)))
		return NAN;
	if (!cxj_metric_count(m)) {
		sel.rollup = 1;
		m = cxj_scores_metric(s, id, metric, &sel);
	}
	if (!m || !cxj_metric_count(m))
		return NAN;
	return cxj_metric_value(m) - target;
}

size_t cxj_scores_curve_count(const cxj_scores *s)
{
	return s ? s->ntp : 0;
}

double cxj_scores_curve_value(const cxj_scores *s, size_t index)
{
	return s && index < s->ntp ? s->curve[index] : NAN;
}

const char *cxj_scores_curve_id(const cxj_scores *s, size_t index)
{
	return s && index < s->ntp ? cxj__intern_str(&s->ids, (uint32_t)index)
				   : NULL;
}

cxj_experience cxj_scores_experience(const cxj_scores *s, const char *id)
{
	long k;
	if (!s || find_scope(s, id, &k))
		return CXJ_EXPERIENCE_UNKNOWN;
	if ((uint32_t)k >= s->ntp) {
		cxj__error(CXJ_EINVAL, "'%s' is no touchpoint: stages and the "
				       "journey have no experience", id);
		return CXJ_EXPERIENCE_UNKNOWN;
	}
	return (cxj_experience)s->experience[k];
}

size_t cxj_scores_period_count(const cxj_scores *s)
{
	return s ? s->nperiods : 0;
}

int64_t cxj_scores_period_start(const cxj_scores *s, size_t index)
{
	if (!s || index >= s->nperiods)
		return CXJ_NO_TIMESTAMP;
	return period_start(s->period_first + (int64_t)index, s->period);
}

int cxj_scores_trend(const cxj_scores *s, const char *id, const char *metric,
		     const cxj_selection *sel, cxj_comparison *out)
{
	cxj_selection a, b;
	const cxj_metric *ma, *mb;
	if (!s || !id || !metric || !sel || !out)
		return cxj__error(CXJ_EINVAL, "scores, id, metric, selection "
					      "and out are required");
	if (cxj__selection_read(sel, &a))
		return CXJ_EINVAL;
	if (a.period == CXJ_ALL_PERIODS || a.period == 0 ||
	    a.period >= s->nperiods)
		return cxj__error(CXJ_EINVAL,
				  "a trend needs a period from 1 to %u",
				  s->nperiods ? s->nperiods - 1 : 0);
	b = a;
	b.period = sel->period - 1;
	if (!(ma = cxj_scores_metric(s, id, metric, &a)) ||
	    !(mb = cxj_scores_metric(s, id, metric, &b)))
		return cxj_error_last()->code;
	if (!cxj_metric_count(ma) || !cxj_metric_count(mb))
		return cxj__error(CXJ_ENOTFOUND,
				  "no '%s' answers for '%s' in period %zu or "
				  "the one before",
				  metric, id, sel->period);
	return cxj_metric_compare(ma, mb, out);
}

size_t cxj_scores_segment_count(const cxj_scores *s)
{
	return s ? s->segments.count : 0;
}

const char *cxj_scores_segment_at(const cxj_scores *s, size_t index)
{
	if (!s || index >= s->segments.count)
		return NULL;
	return cxj__intern_str(&s->segments, s->seg_order[index]);
}

uint64_t cxj_scores_unknown_count(const cxj_scores *s)
{
	return s ? s->unknown_answers : 0;
}

size_t cxj_scores_unknown_id_count(const cxj_scores *s)
{
	return s ? s->unknown.count : 0;
}

const char *cxj_scores_unknown_id_at(const cxj_scores *s, size_t index)
{
	if (!s || index >= s->unknown.count)
		return NULL;
	return cxj__intern_str(&s->unknown, (uint32_t)index);
}

uint64_t cxj_scores_unknown_id_answers(const cxj_scores *s, size_t index)
{
	if (!s || index >= s->unknown.count)
		return 0;
	return s->unknown_counts[index];
}

/* ---- drill-down ---- */

static int inside(const cxj_scores *s, uint32_t row_scope, uint32_t scope,
		  int rollup)
{
	if (row_scope == scope)
		return 1;
	if (!rollup || row_scope == NONE)
		return 0;
	for (uint32_t p = s->parent[row_scope]; p != NONE; p = s->parent[p])
		if (p == scope)
			return 1;
	return 0;
}

/* Whether answer i is one the drill-down asks for, its value aside. */
static int drill_wants(const cxj_scores *s, const cxj_responses *r, size_t i,
		       long m, uint32_t scope, long seg,
		       const cxj_selection *sel)
{
	int64_t ts;
	if (r->metric[i] != m ||
	    !inside(s, s->scope_of_target[r->target[i]], scope, sel->rollup) ||
	    (sel->source != CXJ_ANY_SOURCE && r->source[i] != sel->source) ||
	    (seg >= 0 && r->segment[i] != (uint32_t)seg))
		return 0;
	if (sel->period == CXJ_ALL_PERIODS)
		return 1;
	ts = r->timestamp ? r->timestamp[i] : CXJ_NO_TIMESTAMP;
	return ts != CXJ_NO_TIMESTAMP &&
	       period_of(ts, s->period) - s->period_first ==
		   (int64_t)sel->period;
}

/* The respondents of the answers asked for whose value lies in lo..hi,
 * each once, in the order of their first such answer. */
static int pick_respondents(const cxj_scores *s, const cxj_responses *r,
			    long m, const query *q, const cxj_selection *sel,
			    double lo, double hi, uint32_t **out, size_t *count)
{
	long seg = q->seg == SEG_ALL ? -1 : (long)q->seg;
	uint32_t *picked = NULL;
	size_t npicked = 0, cap = 0;
	uint8_t *seen =
	    cxj__calloc(r->strings[CXJ_TABLE_RESPONDENTS].count / 8 + 1, 1);
	if (!seen)
		return cxj__nomem();
	for (size_t i = 0; i < r->count; i++) {
		uint32_t k = r->respondent[i];
		double v;
		if (!drill_wants(s, r, i, m, (uint32_t)q->scope, seg, sel))
			continue;
		v = m > CXJ__METRIC_CONTACT ? r->value[i] : r->score[i];
		if (!(v >= lo && v <= hi) || !first_sight(seen, k))
			continue;
		if (cxj__reserve((void **)&picked, &cap, npicked + 1,
				 sizeof *picked)) {
			cxj__free(seen);
			cxj__free(picked);
			return CXJ_ENOMEM;
		}
		picked[npicked++] = k;
	}
	cxj__free(seen);
	*out = picked;
	*count = npicked;
	return CXJ_OK;
}

/* A new list of the respondent ids picked, in that order. */
static int idlist_of(const cxj_responses *r, const uint32_t *picked,
		     size_t npicked, cxj_idlist **out)
{
	const cxj__intern *in = &r->strings[CXJ_TABLE_RESPONDENTS];
	cxj_idlist *list;
	size_t bytes = 0;
	for (size_t i = 0; i < npicked; i++)
		bytes += cxj__intern_len(in, picked[i]) + 1;
	list = cxj__calloc(1, sizeof *list);
	if (!list ||
	    !(list->offs =
		  cxj__malloc((npicked ? npicked : 1) * sizeof *list->offs)) ||
	    !(list->bytes = cxj__malloc(bytes ? bytes : 1))) {
		cxj_idlist_free(list);
		return cxj__nomem();
	}
	bytes = 0;
	for (size_t i = 0; i < npicked; i++) {
		size_t len = cxj__intern_len(in, picked[i]);
		memcpy(list->bytes + bytes, cxj__intern_str(in, picked[i]),
		       len + 1);
		list->offs[i] = bytes;
		bytes += len + 1;
	}
	list->count = npicked;
	*out = list;
	return CXJ_OK;
}

int cxj_scores_drill(const cxj_scores *s, const cxj_responses *r,
		     const char *id, const char *metric,
		     const cxj_selection *sel, double lo, double hi,
		     cxj_idlist **out)
{
	static const cxj_selection all = CXJ_SELECTION_INIT;
	uint32_t *picked = NULL;
	size_t npicked = 0;
	long m;
	query q;
	int rc;
	if (!s || !r || !id || !metric || !out)
		return cxj__error(CXJ_EINVAL, "scores, responses, id, metric "
					      "and out are required");
	if (r != s->scored || r->count != s->scored_count)
		return cxj__error(CXJ_EINVAL, "the responses are not the store "
					      "these scores came from, or "
					      "changed since");
	if ((rc = find_metric(s, metric, &m)) ||
	    (rc = resolve(s, id, m, sel, &q)))
		return rc;
	if (!sel)
		sel = &all;
	rc = pick_respondents(s, r, m, &q, sel, lo, hi, &picked, &npicked);
	if (rc)
		return rc;
	rc = idlist_of(r, picked, npicked, out);
	cxj__free(picked);
	return rc;
}

void cxj_idlist_free(cxj_idlist *list)
{
	if (!list)
		return;
	cxj__free(list->offs);
	cxj__free(list->bytes);
	cxj__free(list);
}

size_t cxj_idlist_count(const cxj_idlist *list)
{
	return list ? list->count : 0;
}

const char *cxj_idlist_at(const cxj_idlist *list, size_t index)
{
	if (!list || index >= list->count)
		return NULL;
	return list->bytes + list->offs[index];
}
