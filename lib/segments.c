/* segments.c: one figure compared across every pair of segments, with the
 * adjusted p-values a reader needs once more than two are compared. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "scores.h"
#include "stats.h"

struct cxj_segment_pairs {
	cxj_segment_pair *items;
	char **names; /* owned copies of the segment names */
	size_t count, nnames;
};

CXJ__VERSIONED(pair_type, cxj_segment_pair, CXJ_SEGMENT_PAIR_INIT,
	       sizeof(cxj_segment_pair));

int cxj_segment_pair_init(cxj_segment_pair *pair, unsigned int version)
{
	return cxj__versioned_init(&pair_type, pair, version, "pair");
}

void cxj_segment_pairs_free(cxj_segment_pairs *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nnames; i++)
		cxj__free(l->names[i]);
	cxj__free(l->names);
	cxj__free(l->items);
	cxj__free(l);
}

size_t cxj_segment_pairs_count(const cxj_segment_pairs *l)
{
	return l ? l->count : 0;
}

int cxj_segment_pairs_get(const cxj_segment_pairs *l, size_t index,
			  cxj_segment_pair *out)
{
	if (!l || !out)
		return cxj__error(CXJ_EINVAL, "pairs and out are required");
	if (cxj__versioned_check(&pair_type, out))
		return CXJ_EINVAL;
	if (index >= l->count)
		return cxj__error(CXJ_ENOTFOUND, "no segment pair at index %zu",
				  index);
	cxj__versioned_write(&pair_type, out, &l->items[index]);
	return CXJ_OK;
}

/* The metrics of the segments that have answers for the figure. */
static int gather(const cxj_scores *sc, const char *id, const char *metric,
		  const cxj_selection *sel, cxj_segment_pairs *l,
		  const cxj_metric ***metrics)
{
	size_t n = cxj_scores_segment_count(sc);
	cxj_selection one;
	const cxj_metric **m;
	cxj__selection_read(sel, &one); /* checked by the caller */
	m = cxj__calloc(n + 1, sizeof *m);
	l->names = cxj__calloc(n + 1, sizeof *l->names);
	if (!m || !l->names) {
		cxj__free(m);
		return cxj__nomem();
	}
	for (size_t i = 0; i < n; i++) {
		const cxj_metric *x;
		one.segment = cxj_scores_segment_at(sc, i);
		x = cxj_scores_metric(sc, id, metric, &one);
		if (!x) { /* a miss: id or metric unknown */
			cxj__free(m);
			return cxj_error_last()->code;
		}
		if (cxj_metric_count(x) == 0)
			continue;
		if (!(l->names[l->nnames] = cxj__strdup(one.segment))) {
			cxj__free(m);
			return cxj__nomem();
		}
		m[l->nnames++] = x;
	}
	*metrics = m;
	return CXJ_OK;
}

/* Compares every pair; a pair that cannot be compared keeps NaN. */
static int compare_all(cxj_segment_pairs *l, const cxj_metric **m)
{
	size_t k = 0;
	for (size_t a = 0; a < l->nnames; a++)
		for (size_t b = a + 1; b < l->nnames; b++, k++) {
			cxj_segment_pair *p = &l->items[k];
			cxj_comparison c = CXJ_COMPARISON_INIT;
			int rc = cxj_metric_compare(m[a], m[b], &c);
			cxj_segment_pair_init(p, CXJ_SEGMENT_PAIR_VERSION);
			p->segment_a = l->names[a];
			p->segment_b = l->names[b];
			if (rc == CXJ_EINVAL) {
				c.difference = c.std_error = c.statistic =
					c.df = c.p_value = NAN;
			} else if (rc) {
				return rc;
			}
			p->comparison = c;
		}
	l->count = k;
	return CXJ_OK;
}

/* Holm and BH over the pairs that have a p-value. */
static int adjust(cxj_segment_pairs *l)
{
	double *p = cxj__malloc((2 * l->count + 1) * sizeof *p), *q;
	size_t n = 0, k = 0;
	int rc;
	if (!p)
		return cxj__nomem();
	q = p + l->count;
	for (size_t i = 0; i < l->count; i++)
		if (!isnan(l->items[i].comparison.p_value))
			p[n++] = l->items[i].comparison.p_value;
	for (int method = CXJ_P_HOLM; method <= CXJ_P_BH; method++) {
		if (n && (rc = cxj_p_adjust(p, n, method, q))) {
			cxj__free(p);
			return rc;
		}
		k = 0;
		for (size_t i = 0; i < l->count; i++) {
			cxj_segment_pair *e = &l->items[i];
			double v = isnan(e->comparison.p_value) ? NAN : q[k++];
			if (method == CXJ_P_HOLM)
				e->p_holm = v;
			else
				e->p_bh = v;
		}
	}
	cxj__free(p);
	return CXJ_OK;
}

int cxj_scores_compare_segments(const cxj_scores *sc, const char *id,
				const char *metric, const cxj_selection *sel,
				cxj_segment_pairs **out)
{
	cxj_segment_pairs *l;
	const cxj_metric **m = NULL;
	size_t pairs;
	int rc;
	if (!sc || !id || !metric || !out)
		return cxj__error(CXJ_EINVAL, "scores, id, metric and out are "
					      "required");
	if (sel) {
		cxj_selection check;
		if (cxj__selection_read(sel, &check))
			return CXJ_EINVAL;
	}
	if (!(l = cxj__calloc(1, sizeof *l)))
		return cxj__nomem();
	if ((rc = gather(sc, id, metric, sel, l, &m)))
		goto fail;
	if (l->nnames < 2) {
		rc = cxj__error(CXJ_EINVAL,
				"'%s' has %s answers in %zu segment(s); comparing "
				"needs two",
				id, metric, l->nnames);
		goto fail;
	}
	pairs = l->nnames * (l->nnames - 1) / 2;
	if (!(l->items = cxj__calloc(pairs, sizeof *l->items))) {
		rc = cxj__nomem();
		goto fail;
	}
	if ((rc = compare_all(l, m)) || (rc = adjust(l)))
		goto fail;
	cxj__free(m);
	*out = l;
	return CXJ_OK;
fail:
	cxj__free(m);
	cxj_segment_pairs_free(l);
	return rc;
}
