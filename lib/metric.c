/* metric.c: the metric accumulator: adding answers (one, weighted, counted,
 * arrays), merging, and the point figures (value, mean, stderr, summary). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "metrics.h"
#include "text.h"

/* Answers of an array are checked and binned in chunks this long before the
 * moments of the chunk join the KPI state (two passes in cache). */
#define KPI_CHUNK 1024

static int kind_valid(cxj_metric_kind kind)
{
	return cxj__kind_info_of(kind) != NULL;
}

int cxj_metric_kind_scale(cxj_metric_kind kind, int *lo, int *hi)
{
	const cxj__kind_info *k = cxj__kind_info_of(kind);
	if (!cxj__kind_is_survey(kind))
		return cxj__error(CXJ_EINVAL, "metric kind %d has no scale",
				  (int)kind);
	if (lo)
		*lo = k->lo;
	if (hi)
		*hi = k->hi;
	return CXJ_OK;
}

const char *cxj_metric_kind_name(cxj_metric_kind kind)
{
	return kind_valid(kind) ? cxj__kind_info_of(kind)->name : "unknown";
}

static const char *const method_names[] = {
	"default", "wilson", "agresti-coull", "wald", "adjusted-wald",
	"t",       "pooled-z", "welch"};

const char *cxj_method_name(cxj_method method)
{
	if ((int)method < 0 || method > CXJ_METHOD_WELCH)
		return "unknown";
	return method_names[method];
}

int cxj_metric_kind_from_name(const char *name, cxj_metric_kind *out)
{
	if (!name)
		return cxj__error(CXJ_EINVAL, "metric kind name is NULL");
	for (int k = CXJ_CSAT; k <= CXJ_KPI; k++) {
		if (cxj__ascii_ieq(name, strlen(name),
				   cxj__kind_info_of((cxj_metric_kind)k)->name)) {
			if (out)
				*out = (cxj_metric_kind)k;
			return CXJ_OK;
		}
	}
	if (cxj__check_text(name, "metric kind name") != CXJ_OK)
		return CXJ_EINVAL;
	return cxj__error(CXJ_EINVAL, "unknown metric kind '%.64s'", name);
}


static void clear_answers(cxj_metric *m)
{
	m->count = 0;
	m->wsum2 = 0;
	memset(m->hist, 0, sizeof m->hist);
	memset(m->hist_w, 0, sizeof m->hist_w);
	m->wsum = 0;
	m->shift = 0;
	m->mean = 0;
	m->m2 = 0;
	m->min = INFINITY;
	m->max = -INFINITY;
}

void cxj__metric_init(cxj_metric *m, cxj_metric_kind kind)
{
	memset(m, 0, sizeof *m);
	m->kind = kind;
	if (kind == CXJ_KPI) {
		m->lo = 0;
		m->hi = -1;
	} else {
		cxj_metric_kind_scale(kind, &m->lo, &m->hi);
	}
	clear_answers(m);
}

int cxj__metric_alloc(cxj_metric_kind kind, cxj_metric **out)
{
	cxj_metric *m;
	if (!kind_valid(kind))
		return cxj__error(CXJ_EINVAL, "unknown metric kind %d",
				  (int)kind);
	m = cxj__malloc(sizeof *m);
	if (!m)
		return cxj__nomem();
	cxj__metric_init(m, kind);
	*out = m;
	return CXJ_OK;
}

int cxj_metric_new(cxj_metric_kind kind, cxj_metric **out)
{
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	return cxj__metric_alloc(kind, out);
}

void cxj_metric_free(cxj_metric *m)
{
	if (!m)
		return;
	cxj__free(m->unit);
	cxj__free(m);
}

int cxj_metric_clone(const cxj_metric *m, cxj_metric **out)
{
	cxj_metric *c;
	char *unit = NULL;
	if (!m || !out)
		return cxj__error(CXJ_EINVAL, "metric or out is NULL");
	if (m->unit && !(unit = cxj__strdup(m->unit)))
		return cxj__nomem();
	c = cxj__malloc(sizeof *c);
	if (!c) {
		cxj__free(unit);
		return cxj__nomem();
	}
	*c = *m;
	c->unit = unit;
	*out = c;
	return CXJ_OK;
}

void cxj_metric_reset(cxj_metric *m)
{
	if (m)
		clear_answers(m);
}

cxj_metric_kind cxj_metric_kind_of(const cxj_metric *m)
{
	return m ? m->kind : (cxj_metric_kind)0;
}

int cxj_metric_set_unit(cxj_metric *m, const char *unit)
{
	char *copy = NULL;
	size_t len;
	if (!m)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	if (m->kind != CXJ_KPI)
		return cxj__error(CXJ_EINVAL, "a %s metric has no unit",
				  cxj_metric_kind_name(m->kind));
	if (unit && *unit) {
		len = strlen(unit);
		if (len > CXJ__UNIT_MAX)
			return cxj__error(CXJ_EINVAL,
					  "unit '%.32s...' is longer than 255 "
					  "bytes",
					  unit);
		if (cxj__check_text(unit, "unit") != CXJ_OK)
			return CXJ_EINVAL;
		if (!(copy = cxj__strdup(unit)))
			return cxj__nomem();
	}
	cxj__free(m->unit);
	m->unit = copy;
	return CXJ_OK;
}

const char *cxj_metric_unit(const cxj_metric *m)
{
	return m && m->unit ? m->unit : "";
}

/* ---- adding ---- */

/* Says why a score is refused, for the messages of single and array adds. */
static void describe_bad(const cxj_metric *m, double score, char *buf,
			 size_t size)
{
	if (m->kind == CXJ_KPI)
		snprintf(buf, size, "kpi score %.10g is not finite", score);
	else
		cxj__point_check(m->kind, score, NULL, 0, buf, size);
}

static int bad_score(const cxj_metric *m, double score)
{
	char why[128];
	describe_bad(m, score, why, sizeof why);
	return cxj__error(CXJ_ERANGE, "%s", why);
}

static int bad_item(const cxj_metric *m, const double *s, size_t i)
{
	char why[128];
	describe_bad(m, s[i], why, sizeof why);
	return cxj__error(CXJ_ERANGE, "scores[%zu]: %s", i, why);
}

/* The histogram slot of a survey score, or -1 when it is off the scale or
 * not an integer. The range test comes first: it also rejects NaN, and it
 * makes the conversion to int defined. */
static inline int slot_of(const cxj_metric *m, double score)
{
	int k;
	if (!(score >= m->lo && score <= m->hi))
		return -1;
	k = (int)score;
	return (double)k == score ? k : -1;
}

static int check_weight(double weight)
{
	if (!(weight >= 0) || !isfinite(weight))
		return cxj__error(CXJ_ERANGE,
				  "weight %g is negative or not finite",
				  weight);
	if (!isfinite(weight * weight))
		return cxj__error(CXJ_ERANGE, "weight %g is too large",
				  weight);
	/* a square below the normal doubles would add nothing to the sum of
	 * squared weights, and leave Kish's n without meaning */
	if (weight > 0 && weight * weight < DBL_MIN)
		return cxj__error(CXJ_ERANGE, "weight %g is too small", weight);
	return CXJ_OK;
}

/* The KPI mean is kept as shift + mean, the shift being one answer of the
 * set (the first): deviations from it are computed without rounding when
 * the data sit far from zero (epoch seconds, amounts in cents), so the
 * mean and M2 keep their digits where a plain running mean would lose
 * them to the ulp of its magnitude. */

/* West's weighted update of mean and M2; zero weights count, move nothing */
static void kpi_add(cxj_metric *m, double x, double w)
{
	double y;
	if (m->count == 0)
		m->shift = x;
	m->count++;
	if (x < m->min)
		m->min = x;
	if (x > m->max)
		m->max = x;
	if (w > 0) {
		double wsum = m->wsum + w;
		double delta;
		y = x - m->shift;
		delta = y - m->mean;
		m->mean += delta * (w / wsum);
		/* w delta (y - new mean), written as the square it equals, so
		 * that rounding never makes the spread negative */
		m->m2 += delta * delta * (w * (m->wsum / wsum));
		m->wsum = wsum;
		m->wsum2 += w * w;
	}
}

/* The moments of another set of answers, its mean relative to shift. */
typedef struct kpi_part {
	uint64_t count;
	double w, w2, shift, mean, m2, min, max;
} kpi_part;

/* Chan's parallel update, with the other part's mean moved onto our
 * shift first. */
static void kpi_join(cxj_metric *m, const kpi_part *p)
{
	if (p->count == 0)
		return;
	if (m->count == 0) {
		/* exactly the other part: merging into an empty metric
		 * copies */
		m->count = p->count;
		m->wsum = p->w;
		m->wsum2 = p->w2;
		m->shift = p->shift;
		m->mean = p->mean;
		m->m2 = p->m2;
		m->min = p->min;
		m->max = p->max;
		return;
	}
	m->count += p->count;
	if (p->min < m->min)
		m->min = p->min;
	if (p->max > m->max)
		m->max = p->max;
	if (p->w > 0) {
		double wsum = m->wsum + p->w;
		double delta = (p->shift - m->shift) + (p->mean - m->mean);
		double f = p->w / wsum;
		m->mean += delta * f;
		m->m2 += p->m2 + delta * delta * m->wsum * f;
		m->wsum = wsum;
		m->wsum2 += p->w2;
	}
}

/* Refuses a state whose sums overflowed, so that a failing add changes
 * nothing and no infinity hides in the moments. */
static int kpi_finite(const cxj_metric *m)
{
	return isfinite(m->wsum) && isfinite(m->wsum2) && isfinite(m->mean) &&
	       isfinite(m->m2) && isfinite(m->shift + m->mean) &&
	       cxj__kpi_stderr_finite(m);
}

int cxj__kpi_stderr_finite(const cxj_metric *m)
{
	cxj__moments o;
	cxj__metric_moments(m, &o);
	return !(o.n > 1) || isfinite(sqrt(o.var / o.n));
}

static int overflowed(void)
{
	return cxj__error(CXJ_ERANGE,
			  "the sums of the metric would overflow");
}

int cxj_metric_add_weighted(cxj_metric *m, double score, double weight)
{
	int k;
	if (!m)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	if (check_weight(weight) != CXJ_OK)
		return CXJ_ERANGE;
	if (m->count == UINT64_MAX)
		return cxj__error(CXJ_ERANGE, "the answer count would overflow");
	if (m->kind == CXJ_KPI) {
		cxj_metric t;
		if (!isfinite(score))
			return bad_score(m, score);
		t = *m;
		kpi_add(&t, score, weight);
		if (!kpi_finite(&t))
			return overflowed();
		*m = t;
		return CXJ_OK;
	}
	if ((k = slot_of(m, score)) < 0)
		return bad_score(m, score);
	if (!isfinite(m->hist_w[k] + weight) ||
	    !isfinite(m->wsum2 + weight * weight))
		return overflowed();
	m->count++;
	m->hist[k]++;
	m->hist_w[k] += weight;
	m->wsum2 += weight * weight;
	return CXJ_OK;
}

/* The answer-at-a-time path of survey kinds: weight 1 cannot overflow a
 * finite sum, so only the score is checked. */
int cxj_metric_add(cxj_metric *m, double score)
{
	int k;
	if (m && m->kind != CXJ_KPI && m->count != UINT64_MAX &&
	    (k = slot_of(m, score)) >= 0) {
		m->count++;
		m->hist[k]++;
		m->hist_w[k] += 1.0;
		m->wsum2 += 1.0;
		return CXJ_OK;
	}
	return cxj_metric_add_weighted(m, score, 1.0);
}

int cxj_metric_add_count(cxj_metric *m, double score, uint64_t count)
{
	int k;
	if (!m)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	if (count > UINT64_MAX - m->count)
		return cxj__error(CXJ_ERANGE, "the answer count would overflow");
	if (m->kind == CXJ_KPI) {
		cxj_metric t;
		if (!isfinite(score))
			return bad_score(m, score);
		t = *m;
		kpi_part p = {count, (double)count, (double)count, score, 0, 0,
			      score, score};
		kpi_join(&t, &p);
		if (!kpi_finite(&t))
			return overflowed();
		*m = t;
		return CXJ_OK;
	}
	if ((k = slot_of(m, score)) < 0)
		return bad_score(m, score);
	m->count += count;
	m->hist[k] += count;
	m->hist_w[k] += (double)count;
	m->wsum2 += (double)count;
	return CXJ_OK;
}

/* Survey kinds: bin into local histograms, commit only when every score is
 * good. The loop does no more than the range and integer tests; four
 * histograms let runs of one score proceed without waiting on one counter. */
static int survey_add_array(cxj_metric *m, const double *s, size_t n)
{
	uint64_t local[4][CXJ__POINTS] = {{0}};
	const double lo = m->lo, hi = m->hi;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		double x0 = s[i], x1 = s[i + 1], x2 = s[i + 2], x3 = s[i + 3];
		int k0, k1, k2, k3;
		if (!(x0 >= lo && x0 <= hi && x1 >= lo && x1 <= hi &&
		      x2 >= lo && x2 <= hi && x3 >= lo && x3 <= hi))
			break;
		k0 = (int)x0;
		k1 = (int)x1;
		k2 = (int)x2;
		k3 = (int)x3;
		if ((double)k0 != x0 || (double)k1 != x1 || (double)k2 != x2 ||
		    (double)k3 != x3)
			break;
		local[0][k0]++;
		local[1][k1]++;
		local[2][k2]++;
		local[3][k3]++;
	}
	/* the tail, and the block that held a bad score, one at a time */
	for (; i < n; i++) {
		double x = s[i];
		int k;
		if (!(x >= lo && x <= hi))
			return bad_item(m, s, i);
		k = (int)x;
		if ((double)k != x)
			return bad_item(m, s, i);
		local[0][k]++;
	}
	for (int k = m->lo; k <= m->hi; k++) {
		uint64_t c = local[0][k] + local[1][k] + local[2][k] +
			     local[3][k];
		m->hist[k] += c;
		m->hist_w[k] += (double)c;
	}
	m->count += n;
	m->wsum2 += (double)n;
	return CXJ_OK;
}

/* KPI: per chunk, check and sum the deviations from the shift, then the
 * centred second moment around the chunk mean (a corrected two-pass), then
 * Chan's rule into a copy. */
static int kpi_add_array(cxj_metric *m, const double *s, size_t n)
{
	cxj_metric t = *m;
	if (t.count == 0)
		t.shift = s[0];
	for (size_t at = 0; at < n; at += KPI_CHUNK) {
		size_t len = n - at < KPI_CHUNK ? n - at : KPI_CHUNK;
		const double *c = s + at;
		const double shift = t.shift;
		double sum = 0, min = INFINITY, max = -INFINITY;
		double mean, d, dsum = 0, d2 = 0;
		for (size_t i = 0; i < len; i++) {
			double x = c[i];
			if (!isfinite(x))
				return bad_item(m, s, at + i);
			sum += x - shift;
			min = x < min ? x : min;
			max = x > max ? x : max;
		}
		if (!isfinite(sum)) {
			/* huge magnitudes: one at a time keeps the mean */
			for (size_t i = 0; i < len; i++)
				kpi_add(&t, c[i], 1.0);
			continue;
		}
		mean = sum / (double)len;
		for (size_t i = 0; i < len; i++) {
			d = (c[i] - shift) - mean;
			dsum += d;
			d2 += d * d;
		}
		mean += dsum / (double)len;
		d2 -= dsum * dsum / (double)len;
		if (d2 < 0)
			d2 = 0;
		{
			kpi_part p = {len,  (double)len, (double)len, shift,
				      mean, d2,          min,         max};
			kpi_join(&t, &p);
		}
	}
	if (!kpi_finite(&t))
		return overflowed();
	*m = t;
	return CXJ_OK;
}

int cxj_metric_add_array(cxj_metric *m, const double *scores, size_t n)
{
	if (!m)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	if (n == 0)
		return CXJ_OK;
	if (!scores)
		return cxj__error(CXJ_EINVAL, "scores is NULL");
	if (n > UINT64_MAX - m->count)
		return cxj__error(CXJ_ERANGE, "the answer count would overflow");
	if (m->kind == CXJ_KPI)
		return kpi_add_array(m, scores, n);
	return survey_add_array(m, scores, n);
}

/* Weighted arrays go one answer at a time into a copy (survey kinds: local
 * sums), committed only when every score and weight is good. */
int cxj_metric_add_weighted_array(cxj_metric *m, const double *scores,
				  const double *weights, size_t n)
{
	char why[128];
	if (!m)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	if (n == 0)
		return CXJ_OK;
	if (!scores || !weights)
		return cxj__error(CXJ_EINVAL, "scores or weights is NULL");
	if (n > UINT64_MAX - m->count)
		return cxj__error(CXJ_ERANGE, "the answer count would overflow");
	for (size_t i = 0; i < n; i++) {
		double w = weights[i];
		if (!(w >= 0) || !isfinite(w * w)) {
			check_weight(w);
			snprintf(why, sizeof why, "%s", cxj_error_last()->message);
			return cxj__error(CXJ_ERANGE, "weights[%zu]: %s", i, why);
		}
	}
	if (m->kind == CXJ_KPI) {
		cxj_metric t = *m;
		for (size_t i = 0; i < n; i++) {
			if (!isfinite(scores[i]))
				return bad_item(m, scores, i);
			kpi_add(&t, scores[i], weights[i]);
		}
		if (!kpi_finite(&t))
			return overflowed();
		*m = t;
		return CXJ_OK;
	} else {
		uint64_t cnt[CXJ__POINTS] = {0};
		double wsum[CXJ__POINTS] = {0}, w2 = 0;
		for (size_t i = 0; i < n; i++) {
			int k = slot_of(m, scores[i]);
			if (k < 0)
				return bad_item(m, scores, i);
			cnt[k]++;
			wsum[k] += weights[i];
			w2 += weights[i] * weights[i];
		}
		for (int k = m->lo; k <= m->hi; k++)
			if (!isfinite(m->hist_w[k] + wsum[k]))
				return overflowed();
		if (!isfinite(m->wsum2 + w2))
			return overflowed();
		for (int k = m->lo; k <= m->hi; k++) {
			m->hist[k] += cnt[k];
			m->hist_w[k] += wsum[k];
		}
		m->count += n;
		m->wsum2 += w2;
		return CXJ_OK;
	}
}

int cxj_metric_merge(cxj_metric *into, const cxj_metric *from)
{
	char *unit = NULL;
	if (!into || !from)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	if (into == from)
		return cxj__error(CXJ_EINVAL, "cannot merge a metric into itself");
	if (into->kind != from->kind)
		return cxj__error(CXJ_EINVAL, "cannot merge a %s metric into a "
					      "%s metric",
				  cxj_metric_kind_name(from->kind), cxj_metric_kind_name(into->kind));
	if (from->count > UINT64_MAX - into->count)
		return cxj__error(CXJ_ERANGE, "the answer count would overflow");
	if (into->kind == CXJ_KPI) {
		cxj_metric t;
		if (into->unit && from->unit && strcmp(into->unit, from->unit))
			return cxj__error(CXJ_EINVAL,
					  "cannot merge kpi unit '%s' into "
					  "unit '%s'",
					  from->unit, into->unit);
		t = *into;
		kpi_part p = {from->count, from->wsum, from->wsum2,
			      from->shift, from->mean,  from->m2,
			      from->min,   from->max};
		kpi_join(&t, &p);
		if (!kpi_finite(&t))
			return overflowed();
		if (!into->unit && from->unit &&
		    !(unit = cxj__strdup(from->unit)))
			return cxj__nomem();
		*into = t;
		if (unit)
			into->unit = unit;
		return CXJ_OK;
	}
	for (int k = into->lo; k <= into->hi; k++)
		if (!isfinite(into->hist_w[k] + from->hist_w[k]))
			return overflowed();
	if (!isfinite(into->wsum2 + from->wsum2))
		return overflowed();
	for (int k = into->lo; k <= into->hi; k++) {
		into->hist[k] += from->hist[k];
		into->hist_w[k] += from->hist_w[k];
	}
	into->count += from->count;
	into->wsum2 += from->wsum2;
	return CXJ_OK;
}

/* ---- figures ---- */

static double survey_wsum(const cxj_metric *m)
{
	double w = 0;
	for (int k = m->lo; k <= m->hi; k++)
		w += m->hist_w[k];
	return w;
}

uint64_t cxj_metric_count(const cxj_metric *m)
{
	return m ? m->count : 0;
}

double cxj_metric_weight_sum(const cxj_metric *m)
{
	if (!m)
		return 0;
	return m->kind == CXJ_KPI ? m->wsum : survey_wsum(m);
}

/* Kish's effective n. Unweighted data give the count exactly, without the
 * rounding of w * w / w2. */
static double kish(double w, double w2, uint64_t count)
{
	double n;
	if (!(w > 0) || !(w2 > 0))
		return 0;
	if (w == (double)count && w2 == (double)count)
		return w;
	/* 1..count holds exactly; rounding in long sums of weights (or a
	 * stored state within the slack of its checks) may step past it */
	n = w * (w / w2);
	return n > (double)count ? (double)count : n < 1 ? 1 : n;
}

void cxj__metric_moments(const cxj_metric *m, cxj__moments *o)
{
	o->w = cxj_metric_weight_sum(m);
	o->n = kish(o->w, m->wsum2, m->count);
	o->mean = o->var = o->top = o->prom = o->det = NAN;
	if (!(o->w > 0))
		return;
	if (m->kind == CXJ_KPI) {
		o->mean = m->shift + m->mean;
		/* in an order that overflows only when the variance does */
		if (o->n > 1)
			o->var = m->m2 / o->w * (o->n / (o->n - 1));
		return;
	} else {
		double sx = 0, top = 0, ss = 0;
		int from = cxj__kind_info_of(m->kind)->top_from;
		for (int k = m->lo; k <= m->hi; k++) {
			sx += k * m->hist_w[k];
			if (k >= from)
				top += m->hist_w[k];
		}
		o->mean = sx / o->w;
		for (int k = m->lo; k <= m->hi; k++) {
			double d = k - o->mean;
			ss += m->hist_w[k] * d * d;
		}
		if (o->n > 1)
			o->var = ss / o->w * (o->n / (o->n - 1));
		o->top = top / o->w;
		if (m->kind == CXJ_NPS) {
			double det = 0;
			for (int k = 0; k <= 6; k++)
				det += m->hist_w[k];
			o->prom = top / o->w;
			o->det = det / o->w;
		}
	}
}

double cxj_metric_effective_n(const cxj_metric *m)
{
	if (!m)
		return 0;
	return kish(cxj_metric_weight_sum(m), m->wsum2, m->count);
}

static double value_of(const cxj_metric *m, const cxj__moments *o)
{
	switch (m->kind) {
	case CXJ_CSAT: return 100 * o->top;
	case CXJ_NPS: return 100 * (o->prom - o->det);
	default: return o->mean;
	}
}

static double stderr_of(const cxj_metric *m, const cxj__moments *o)
{
	if (!(o->n > 0))
		return NAN;
	switch (m->kind) {
	case CXJ_CSAT: return 100 * sqrt(o->top * (1 - o->top) / o->n);
	case CXJ_NPS: {
		double d = o->prom - o->det;
		double v = o->prom + o->det - d * d;
		return 100 * sqrt((v > 0 ? v : 0) / o->n);
	}
	default: return sqrt(o->var / o->n);
	}
}

static double mean_of(const cxj_metric *m, const cxj__moments *o)
{
	(void)m;
	return o->mean;
}

/* One figure of m from its moments; NaN for a NULL metric. */
static double figure_of(const cxj_metric *m,
			double (*of)(const cxj_metric *, const cxj__moments *))
{
	cxj__moments o;
	if (!m)
		return NAN;
	cxj__metric_moments(m, &o);
	return of(m, &o);
}

double cxj_metric_value(const cxj_metric *m)
{
	return figure_of(m, value_of);
}

double cxj_metric_stderr(const cxj_metric *m)
{
	return figure_of(m, stderr_of);
}

double cxj_metric_mean(const cxj_metric *m)
{
	return figure_of(m, mean_of);
}

uint64_t cxj_metric_point_count(const cxj_metric *m, int score)
{
	if (!m || m->kind == CXJ_KPI || score < m->lo || score > m->hi)
		return 0;
	return m->hist[score];
}

double cxj_metric_point_weight(const cxj_metric *m, int score)
{
	if (!m || m->kind == CXJ_KPI || score < m->lo || score > m->hi)
		return 0;
	return m->hist_w[score];
}

CXJ__VERSIONED(summary_type, cxj_metric_summary, CXJ_METRIC_SUMMARY_INIT,
	       sizeof(cxj_metric_summary));

int cxj_metric_summary_init(cxj_metric_summary *s, unsigned int version)
{
	return cxj__versioned_init(&summary_type, s, version, "summary");
}

int cxj_metric_summarize(const cxj_metric *m, cxj_metric_summary *dst)
{
	cxj_metric_summary summary, *out = &summary;
	cxj__moments o;
	if (!m || !dst)
		return cxj__error(CXJ_EINVAL, "metric or summary is NULL");
	if (cxj__versioned_read(&summary_type, dst, out))
		return CXJ_EINVAL;
	cxj__metric_moments(m, &o);
	out->kind = m->kind;
	out->count = m->count;
	out->weight_sum = o.w;
	out->effective_n = o.n;
	out->value = value_of(m, &o);
	out->std_error = stderr_of(m, &o);
	out->mean = o.mean;
	out->stddev = sqrt(o.var);
	out->min = out->max = NAN;
	if (m->kind == CXJ_KPI) {
		if (m->count) {
			out->min = m->min;
			out->max = m->max;
		}
	} else {
		for (int k = m->lo; k <= m->hi; k++)
			if (m->hist[k]) {
				if (isnan(out->min))
					out->min = k;
				out->max = k;
			}
	}
	out->top_box = 100 * o.top;
	out->promoters = 100 * o.prom;
	out->detractors = 100 * o.det;
	out->passives = NAN;
	if (m->kind == CXJ_NPS && o.w > 0) {
		double pas = 0;
		for (int k = 7; k <= 8; k++)
			pas += m->hist_w[k];
		out->passives = 100 * pas / o.w;
	}
	cxj__versioned_write(&summary_type, dst, out);
	return CXJ_OK;
}
