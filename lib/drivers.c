/* drivers.c: key-driver analysis of a scored journey: each touchpoint's
 * correlation with the journey-level outcome (importance), its metric value
 * (performance), Johnson's relative weights, and the quadrant they give. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "metrics.h"
#include "stats.h"
#include "store.h"

#define NONE UINT32_MAX

typedef struct entry {
	char *touchpoint, *stage;
	size_t pairs;
	double importance, p_value, weight, share, performance;
	uint64_t answers;
	cxj_quadrant quadrant;
	size_t map_order;
} entry;

struct cxj_drivers {
	entry *items;
	size_t count, ranked, respondents;
	double r2, mean_importance, mean_performance;
};

/* The working set of one analysis. */
typedef struct study {
	const cxj_journey *journey;
	const cxj_responses *r;
	cxj_driver_options opts;
	uint8_t outcome_metric, tp_metric;
	uint32_t journey_target, segment; /* segment: index + 1, 0 = all */
	size_t ntp, nrows;
	const cxj_touchpoint **tps; /* map order */
	uint32_t *column_of_target; /* target string -> touchpoint column */
	uint32_t *row_of;	    /* respondent string -> row */
	double *y;		    /* outcome per row */
	double *x;		    /* column-major nrows x ntp, NaN: none */
	uint32_t *cells;	    /* answers per cell */
	cxj_metric **performance;   /* per column */
} study;

CXJ__VERSIONED(options_type, cxj_driver_options, CXJ_DRIVER_OPTIONS_INIT,
	       sizeof(cxj_driver_options));
CXJ__VERSIONED(driver_type, cxj_driver, CXJ_DRIVER_INIT, sizeof(cxj_driver));

int cxj_driver_options_init(cxj_driver_options *opts, unsigned int version)
{
	return cxj__versioned_init(&options_type, opts, version, "opts");
}

int cxj_driver_init(cxj_driver *driver, unsigned int version)
{
	return cxj__versioned_init(&driver_type, driver, version, "driver");
}

const char *cxj_quadrant_name(cxj_quadrant q)
{
	switch (q) {
	case CXJ_QUADRANT_FIX_FIRST: return "fix first";
	case CXJ_QUADRANT_STRENGTH: return "strength";
	case CXJ_QUADRANT_LOW_PRIORITY: return "low priority";
	case CXJ_QUADRANT_MAINTAIN: return "maintain";
	default: return "not ranked";
	}
}

static int is_survey_kind(cxj_metric_kind k)
{
	return cxj__kind_is_survey(k);
}

static long find_string(const cxj_responses *r, cxj_table table,
			const char *s)
{
	return cxj__intern_find_str(&r->strings[table], s, strlen(s));
}

static int setup(study *st, cxj_metric_kind outcome,
		 const cxj_driver_options *opts)
{
	long at;
	if (cxj__versioned_read(&options_type, opts, &st->opts))
		return CXJ_EINVAL;
	if (!is_survey_kind(outcome) ||
	    !is_survey_kind(st->opts.touchpoint_metric))
		return cxj__error(CXJ_EINVAL, "drivers need CSAT, NPS or CES "
					      "for the outcome and the "
					      "touchpoints");
	if (st->opts.method < CXJ_PEARSON || st->opts.method > CXJ_KENDALL_B)
		return cxj__error(CXJ_EINVAL, "unknown correlation method %d",
				  (int)st->opts.method);
	if (st->opts.min_pairs < 3)
		return cxj__error(CXJ_EINVAL, "min_pairs must be at least 3");
	/* the built-in metric indices follow the kinds: csat, nps, ces */
	st->outcome_metric = (uint8_t)(outcome - CXJ_CSAT);
	st->tp_metric = (uint8_t)(st->opts.touchpoint_metric - CXJ_CSAT);
	st->segment = 0;
	if (st->opts.segment) {
		at = find_string(st->r, CXJ_TABLE_SEGMENTS, st->opts.segment);
		st->segment = at < 0 ? NONE : (uint32_t)at + 1;
	}
	at = find_string(st->r, CXJ_TABLE_TARGETS, cxj_journey_id(st->journey));
	st->journey_target = at < 0 ? NONE : (uint32_t)at;
	return CXJ_OK;
}

static int allocate(study *st)
{
	const cxj_responses *r = st->r;
	size_t ntargets = r->strings[CXJ_TABLE_TARGETS].count;
	size_t nresp = r->strings[CXJ_TABLE_RESPONDENTS].count;
	size_t k = 0;
	st->ntp = cxj_journey_touchpoint_count(st->journey);
	st->tps = cxj__calloc(st->ntp + 1, sizeof *st->tps);
	st->column_of_target = cxj__malloc((ntargets + 1) * sizeof(uint32_t));
	st->row_of = cxj__malloc((nresp + 1) * sizeof(uint32_t));
	st->y = cxj__calloc(nresp + 1, sizeof(double));
	st->performance = cxj__calloc(st->ntp + 1, sizeof(cxj_metric *));
	if (!st->tps || !st->column_of_target || !st->row_of || !st->y ||
	    !st->performance)
		return cxj__nomem();
	for (size_t i = 0; i < ntargets; i++)
		st->column_of_target[i] = NONE;
	for (size_t i = 0; i < nresp; i++)
		st->row_of[i] = NONE;
	for (size_t s = 0; s < cxj_journey_stage_count(st->journey); s++) {
		const cxj_stage *stage = cxj_journey_stage_at(st->journey, s);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(stage); t++) {
			const cxj_touchpoint *tp =
				cxj_stage_touchpoint_at(stage, t);
			long at = find_string(r, CXJ_TABLE_TARGETS,
					      cxj_touchpoint_id(tp));
			if (at >= 0)
				st->column_of_target[at] = (uint32_t)k;
			st->tps[k++] = tp;
		}
	}
	for (size_t j = 0; j < st->ntp; j++)
		if (cxj_metric_new(st->opts.touchpoint_metric,
				   &st->performance[j]))
			return CXJ_ENOMEM;
	return CXJ_OK;
}

static int in_segment(const study *st, size_t i)
{
	return st->segment == 0 || st->r->segment[i] == st->segment;
}

static double weight_of(const cxj_responses *r, size_t i)
{
	return r->weight ? r->weight[i] : 1.0;
}

/* Pass one: each respondent with an outcome answer gets a row and the
 * mean of their outcome answers. */
static void gather_outcomes(study *st)
{
	const cxj_responses *r = st->r;
	uint32_t *counts = st->row_of; /* reused below as row numbers */
	st->nrows = 0;
	if (st->journey_target == NONE)
		return;
	for (size_t i = 0; i < r->count; i++) {
		uint32_t who = r->respondent[i];
		if (r->target[i] != st->journey_target ||
		    r->metric[i] != st->outcome_metric || !in_segment(st, i))
			continue;
		if (counts[who] == NONE) {
			counts[who] = (uint32_t)st->nrows;
			st->y[st->nrows] = 0;
			st->nrows++;
		}
		st->y[counts[who]] += r->score[i];
	}
	/* second look: divide by each row's number of answers */
	{
		double *n = (double *)st->x; /* scratch, nrows doubles */
		memset(n, 0, st->nrows * sizeof *n);
		for (size_t i = 0; i < r->count; i++)
			if (r->target[i] == st->journey_target &&
			    r->metric[i] == st->outcome_metric &&
			    in_segment(st, i))
				n[st->row_of[r->respondent[i]]] += 1;
		for (size_t row = 0; row < st->nrows; row++)
			st->y[row] /= n[row];
	}
}

/* Pass two: the respondents' touchpoint answers, averaged per cell, and
 * every touchpoint answer into the performance accumulators. */
static int gather_touchpoints(study *st)
{
	const cxj_responses *r = st->r;
	size_t cells = st->nrows * st->ntp;
	memset(st->x, 0, cells * sizeof *st->x);
	memset(st->cells, 0, cells * sizeof *st->cells);
	for (size_t i = 0; i < r->count; i++) {
		uint32_t col, row;
		int rc;
		if (r->metric[i] != st->tp_metric || !in_segment(st, i))
			continue;
		col = st->column_of_target[r->target[i]];
		if (col == NONE)
			continue;
		rc = cxj_metric_add_weighted(st->performance[col], r->score[i],
					     weight_of(r, i));
		if (rc)
			return rc;
		row = st->row_of[r->respondent[i]];
		if (row == NONE)
			continue;
		st->x[(size_t)col * st->nrows + row] += r->score[i];
		st->cells[(size_t)col * st->nrows + row]++;
	}
	for (size_t c = 0; c < cells; c++)
		st->x[c] = st->cells[c] ? st->x[c] / st->cells[c] : NAN;
	return CXJ_OK;
}

static int rank_cmp(const void *pa, const void *pb)
{
	const entry *a = pa, *b = pb;
	int ra = a->quadrant == CXJ_QUADRANT_NONE;
	int rb = b->quadrant == CXJ_QUADRANT_NONE;
	if (ra != rb)
		return ra - rb;
	if (ra)
		return a->map_order < b->map_order ? -1 : 1;
	if (a->quadrant != b->quadrant)
		return (int)a->quadrant - (int)b->quadrant;
	/* fix first and low priority: worst first; the others: most
	 * important first */
	if (a->quadrant == CXJ_QUADRANT_FIX_FIRST ||
	    a->quadrant == CXJ_QUADRANT_LOW_PRIORITY) {
		if (a->performance != b->performance)
			return a->performance < b->performance ? -1 : 1;
	} else if (a->importance != b->importance) {
		return a->importance > b->importance ? -1 : 1;
	}
	return a->map_order < b->map_order ? -1 : 1;
}

/* Importance of every touchpoint with answers; which are ranked. */
static int correlate_each(study *st, cxj_drivers *d)
{
	for (size_t j = 0; j < st->ntp; j++) {
		entry *e;
		size_t pairs = 0;
		cxj_corr_result res = CXJ_CORR_RESULT_INIT;
		if (cxj_metric_count(st->performance[j]) == 0)
			continue;
		e = &d->items[d->count++];
		e->map_order = j;
		e->answers = cxj_metric_count(st->performance[j]);
		e->performance = cxj_metric_value(st->performance[j]);
		e->importance = e->p_value = e->weight = e->share = NAN;
		e->quadrant = CXJ_QUADRANT_NONE;
		for (size_t row = 0; row < st->nrows; row++)
			pairs += st->cells[j * st->nrows + row] != 0;
		e->pairs = pairs;
		if (!(e->touchpoint = cxj__strdup(cxj_touchpoint_id(st->tps[j]))) ||
		    !(e->stage = cxj__strdup(
			      cxj_stage_id(cxj_touchpoint_stage(st->tps[j])))))
			return cxj__nomem();
		if (pairs < st->opts.min_pairs)
			continue;
		switch (cxj_correlate(st->x + j * st->nrows, st->y, st->nrows,
				      st->opts.method, &res)) {
		case CXJ_OK:
			e->importance = res.r;
			e->p_value = res.p_value;
			/* ranked for now; the quadrant comes later */
			e->quadrant = CXJ_QUADRANT_FIX_FIRST;
			d->ranked++;
			break;
		case CXJ_EINVAL: /* a constant side: nothing to rank */
			break;
		default:
			return cxj_error_last()->code;
		}
	}
	return CXJ_OK;
}

/* Johnson's weights over the ranked touchpoints from Pearson correlations.
 * Survey respondents rate a few touchpoints each, so a missing score is
 * replaced by the touchpoint's mean: pairwise-complete correlations of
 * sparse answers do not form a valid correlation matrix and give an R
 * squared beyond 1. */
static void impute_means(double *col, size_t n)
{
	double sum = 0;
	size_t have = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(col[i])) {
			sum += col[i];
			have++;
		}
	for (size_t i = 0; i < n; i++)
		if (isnan(col[i]))
			col[i] = sum / (double)have;
}

static int weigh(study *st, cxj_drivers *d)
{
	size_t m = d->ranked, q = m + 1, c = 0;
	double *data, *rmat, *rxx, *rxy, *w;
	int rc = CXJ_ENOMEM;
	d->r2 = NAN;
	if (m == 0)
		return CXJ_OK;
	data = cxj__malloc(q * st->nrows * sizeof *data);
	rmat = cxj__malloc(q * q * sizeof *rmat);
	rxx = cxj__malloc(m * m * sizeof *rxx);
	rxy = cxj__malloc(m * sizeof *rxy);
	w = cxj__malloc(m * sizeof *w);
	if (!data || !rmat || !rxx || !rxy || !w) {
		cxj__nomem();
		goto done;
	}
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].quadrant != CXJ_QUADRANT_NONE) {
			memcpy(data + st->nrows * c,
			       st->x + d->items[i].map_order * st->nrows,
			       st->nrows * sizeof *data);
			impute_means(data + st->nrows * c++, st->nrows);
		}
	memcpy(data + st->nrows * m, st->y, st->nrows * sizeof *data);
	if ((rc = cxj_correlation_matrix(data, st->nrows, q, CXJ_PEARSON, rmat,
					 NULL, NULL)))
		goto done;
	for (size_t a = 0; a < m; a++) {
		for (size_t b = 0; b < m; b++)
			rxx[a * m + b] = rmat[a * q + b];
		rxy[a] = rmat[a * q + m];
	}
	rc = cxj__relative_weights_corr(rxx, rxy, m, w, &d->r2);
	if (rc == CXJ_EINVAL) {
		/* collinear touchpoints: importance stands, weights do not */
		d->r2 = NAN;
		rc = CXJ_OK;
		goto done;
	}
	if (rc)
		goto done;
	c = 0;
	for (size_t i = 0; i < d->count; i++) {
		entry *e = &d->items[i];
		if (e->quadrant == CXJ_QUADRANT_NONE)
			continue;
		e->weight = w[c++];
		e->share = d->r2 > 0 ? 100 * e->weight / d->r2 : NAN;
	}
done:
	cxj__free(data);
	cxj__free(rmat);
	cxj__free(rxx);
	cxj__free(rxy);
	cxj__free(w);
	return rc;
}

static void classify(cxj_drivers *d)
{
	double si = 0, sp = 0;
	d->mean_importance = d->mean_performance = NAN;
	if (d->ranked == 0)
		return;
	for (size_t i = 0; i < d->count; i++)
		if (d->items[i].quadrant != CXJ_QUADRANT_NONE) {
			si += d->items[i].importance;
			sp += d->items[i].performance;
		}
	d->mean_importance = si / (double)d->ranked;
	d->mean_performance = sp / (double)d->ranked;
	for (size_t i = 0; i < d->count; i++) {
		entry *e = &d->items[i];
		int important = e->importance >= d->mean_importance;
		int good = e->performance >= d->mean_performance;
		if (e->quadrant == CXJ_QUADRANT_NONE)
			continue;
		e->quadrant = important ? (good ? CXJ_QUADRANT_STRENGTH
						: CXJ_QUADRANT_FIX_FIRST)
					: (good ? CXJ_QUADRANT_MAINTAIN
						: CXJ_QUADRANT_LOW_PRIORITY);
	}
	qsort(d->items, d->count, sizeof *d->items, rank_cmp);
}

static void study_free(study *st)
{
	if (st->performance)
		for (size_t j = 0; j < st->ntp; j++)
			cxj_metric_free(st->performance[j]);
	cxj__free(st->performance);
	cxj__free(st->tps);
	cxj__free(st->column_of_target);
	cxj__free(st->row_of);
	cxj__free(st->y);
	cxj__free(st->x);
	cxj__free(st->cells);
}

int cxj_journey_drivers(const cxj_journey *journey,
			const cxj_responses *responses,
			cxj_metric_kind outcome,
			const cxj_driver_options *opts, cxj_drivers **out)
{
	study st;
	cxj_drivers *d = NULL;
	size_t nresp;
	int rc;
	if (!journey || !responses || !out)
		return cxj__error(CXJ_EINVAL, "journey, responses and out are "
					      "required");
	memset(&st, 0, sizeof st);
	st.journey = journey;
	st.r = responses;
	if ((rc = setup(&st, outcome, opts)) || (rc = allocate(&st)))
		goto fail;
	nresp = responses->strings[CXJ_TABLE_RESPONDENTS].count;
	/* pass one borrows x as scratch for nrows <= nresp doubles */
	if (!(st.x = cxj__malloc((nresp + 1) * sizeof *st.x))) {
		rc = cxj__nomem();
		goto fail;
	}
	gather_outcomes(&st);
	if (st.nrows < 3) {
		rc = cxj__error(CXJ_EINVAL,
				"only %zu respondent(s) answered the journey's "
				"%s question; drivers need at least 3",
				st.nrows, cxj_metric_kind_name(outcome));
		goto fail;
	}
	cxj__free(st.x);
	if (st.ntp && st.nrows > SIZE_MAX / sizeof(double) / st.ntp) {
		st.x = NULL;
		rc = cxj__error(CXJ_ELIMIT, "too many respondents x touchpoints");
		goto fail;
	}
	st.x = cxj__malloc(st.nrows * st.ntp * sizeof *st.x + 1);
	st.cells = cxj__malloc(st.nrows * st.ntp * sizeof *st.cells + 1);
	d = cxj__calloc(1, sizeof *d);
	if (!st.x || !st.cells || !d ||
	    !(d->items = cxj__calloc(st.ntp + 1, sizeof *d->items))) {
		rc = cxj__nomem();
		goto fail;
	}
	d->respondents = st.nrows;
	if ((rc = gather_touchpoints(&st)) || (rc = correlate_each(&st, d)) ||
	    (rc = weigh(&st, d)))
		goto fail;
	classify(d);
	study_free(&st);
	*out = d;
	return CXJ_OK;
fail:
	study_free(&st);
	cxj_drivers_free(d);
	return rc;
}

void cxj_drivers_free(cxj_drivers *d)
{
	if (!d)
		return;
	if (d->items)
		for (size_t i = 0; i < d->count; i++) {
			cxj__free(d->items[i].touchpoint);
			cxj__free(d->items[i].stage);
		}
	cxj__free(d->items);
	cxj__free(d);
}

size_t cxj_drivers_count(const cxj_drivers *d)
{
	return d ? d->count : 0;
}

size_t cxj_drivers_ranked(const cxj_drivers *d)
{
	return d ? d->ranked : 0;
}

double cxj_drivers_r2(const cxj_drivers *d)
{
	return d ? d->r2 : NAN;
}

double cxj_drivers_mean_importance(const cxj_drivers *d)
{
	return d ? d->mean_importance : NAN;
}

double cxj_drivers_mean_performance(const cxj_drivers *d)
{
	return d ? d->mean_performance : NAN;
}

size_t cxj_drivers_respondents(const cxj_drivers *d)
{
	return d ? d->respondents : 0;
}

int cxj_drivers_get(const cxj_drivers *d, size_t index, cxj_driver *out)
{
	const entry *e;
	cxj_driver r;
	if (!d || !out)
		return cxj__error(CXJ_EINVAL, "drivers and out are required");
	if (cxj__versioned_read(&driver_type, out, &r))
		return CXJ_EINVAL;
	if (index >= d->count)
		return cxj__error(CXJ_ENOTFOUND, "no driver at index %zu",
				  index);
	e = &d->items[index];
	r.touchpoint = e->touchpoint;
	r.stage = e->stage;
	r.pairs = e->pairs;
	r.importance = e->importance;
	r.p_value = e->p_value;
	r.relative_weight = e->weight;
	r.relative_share = e->share;
	r.performance = e->performance;
	r.answers = e->answers;
	r.quadrant = e->quadrant;
	cxj__versioned_write(&driver_type, out, &r);
	return CXJ_OK;
}
