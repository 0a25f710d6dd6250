/* metric_state.c: a metric's state as portable bytes and back, so partial
 * results from many processes or machines can be merged anywhere.
 *
 * Format 1, every integer little-endian, every double its IEEE-754 bits:
 *   0  "CXJM"        magic
 *   4  u16 format    1
 *   6  u8  kind      1 csat, 2 nps, 3 ces, 4 kpi
 *   7  u8  reserved  0
 *   8  u64 count     answers
 *  16  f64 wsum2     sum of squared weights
 *  24  survey kinds: per scale point lo..hi: u64 answers, f64 weight sum
 *      kpi: f64 wsum, shift, mean, m2, min, max; u16 unit length; unit
 *      bytes (mean is relative to shift, one of the answers)
 * Nothing may follow. An empty KPI stores shift 0, min +inf, max -inf. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "metrics.h"
#include "text.h"

#define MAGIC "CXJM"
#define FORMAT 1
#define HEAD 24
#define KPI_FIXED (HEAD + 6 * 8 + 2)

static void put_u16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)(v >> 8);
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_f64(uint8_t *p, double d)
{
	uint64_t v;
	memcpy(&v, &d, sizeof v);
	put_u64(p, v);
}

static unsigned get_u16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static double get_f64(const uint8_t *p)
{
	uint64_t v = get_u64(p);
	double d;
	memcpy(&d, &v, sizeof d);
	return d;
}

static size_t state_size(const cxj_metric *m)
{
	if (m->kind == CXJ_KPI)
		return KPI_FIXED + (m->unit ? strlen(m->unit) : 0);
	return HEAD + 16 * (size_t)(m->hi - m->lo + 1);
}

int cxj_metric_state_save(const cxj_metric *m, uint8_t **bytes, size_t *len)
{
	size_t size;
	uint8_t *b, *p;
	if (!m || !bytes || !len)
		return cxj__error(CXJ_EINVAL, "metric, bytes or len is NULL");
	size = state_size(m);
	if (!(b = cxj__malloc(size)))
		return cxj__nomem();
	memcpy(b, MAGIC, 4);
	put_u16(b + 4, FORMAT);
	b[6] = (uint8_t)m->kind;
	b[7] = 0;
	put_u64(b + 8, m->count);
	put_f64(b + 16, m->wsum2);
	p = b + HEAD;
	if (m->kind == CXJ_KPI) {
		size_t ulen = m->unit ? strlen(m->unit) : 0;
		put_f64(p, m->wsum);
		put_f64(p + 8, m->shift);
		put_f64(p + 16, m->mean);
		put_f64(p + 24, m->m2);
		put_f64(p + 32, m->min);
		put_f64(p + 40, m->max);
		put_u16(p + 48, (unsigned)ulen);
		if (ulen)
			memcpy(p + 50, m->unit, ulen);
	} else {
		for (int k = m->lo; k <= m->hi; k++, p += 16) {
			put_u64(p, m->hist[k]);
			put_f64(p + 8, m->hist_w[k]);
		}
	}
	*bytes = b;
	*len = size;
	return CXJ_OK;
}

static int bad(const char *what)
{
	return cxj__error(CXJ_EPARSE, "metric state: %s", what);
}

static int weight_ok(double w)
{
	return isfinite(w) && w >= 0;
}

/* ---- the rules a state must keep ---- */

static int fault_at(cxj__state_fault *f, cxj__state_part part, int point,
		    const char *why)
{
	f->part = part;
	f->point = point;
	f->why = why;
	return CXJ_EPARSE;
}

/* Sums of many weights differ from the exact ones by rounding: the
 * relations below are held to this relative slack, far above what any
 * sequence of adds and merges accumulates and far below what a damaged
 * state shows. */
#define SLACK 1e-6

/* The squared weights S against the weights: with n answers of weights
 * w_i >= 0 summing to W, W^2 / n <= S <= W^2 (Cauchy-Schwarz; each w_i^2
 * at most w_i W), so that Kish's effective n = W^2 / S lies in 1..n.
 * Where the answers fall in groups of n_g answers and weight W_g (scale
 * points), the same holds group by group: least and most are the sums of
 * W_g^2 / n_g and of W_g^2. */
static int check_squared_weights(double w, double s, double least,
				 double most, cxj__state_fault *f)
{
	if (w == 0)
		return s == 0 ? CXJ_OK
			      : fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
					 "squared weights without any weight");
	/* every weight above 0 has a square of at least DBL_MIN */
	if (s < DBL_MIN)
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
				"squared weights are below what the weights "
				"allow (effective n above the count)");
	if (s < least * (1 - SLACK))
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
				"squared weights are below what the weights "
				"allow (effective n above the count)");
	if (s > most * (1 + SLACK))
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
				"squared weights are above the square of the "
				"weight sum (effective n below 1)");
	return CXJ_OK;
}

static int check_survey(const cxj_metric *m, cxj__state_fault *f)
{
	uint64_t total = 0;
	double w = 0, least = 0, most = 0;
	for (int k = m->lo; k <= m->hi; k++) {
		uint64_t c = m->hist[k];
		double pw = m->hist_w[k];
		if (c > UINT64_MAX - total)
			return fault_at(f, CXJ__STATE_POINT_COUNTS, k,
					"point counts overflow");
		total += c;
		if (!weight_ok(pw))
			return fault_at(f, CXJ__STATE_POINT_WEIGHT, k,
					"a point weight is negative or not "
					"finite");
		if (c == 0 && pw != 0)
			return fault_at(f, CXJ__STATE_POINT_WEIGHT, k,
					"a point without answers has a weight");
		if (c) /* W_k^2 / c_k, in an order that cannot overflow */
			least += pw * (pw / (double)c);
		most += pw * pw;
		w += pw;
	}
	if (total != m->count)
		return fault_at(f, CXJ__STATE_POINT_COUNTS, m->hi,
				"point counts do not add up to the count");
	if (!isfinite(w))
		return fault_at(f, CXJ__STATE_POINT_WEIGHT, m->hi,
				"the point weights add up past the largest "
				"number");
	return check_squared_weights(w, m->wsum2, least, most, f);
}

/* An empty KPI holds exactly what cxj_metric_new gives it: the first
 * field that differs. */
static int check_empty_kpi(const cxj_metric *m, cxj__state_fault *f)
{
	static const char why[] = "an empty kpi has moments";
	if (m->wsum != 0)
		return fault_at(f, CXJ__STATE_WEIGHT_SUM, 0, why);
	if (m->wsum2 != 0)
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0, why);
	if (m->shift != 0)
		return fault_at(f, CXJ__STATE_SHIFT, 0, why);
	if (m->mean != 0)
		return fault_at(f, CXJ__STATE_MEAN, 0, why);
	if (m->m2 != 0)
		return fault_at(f, CXJ__STATE_M2, 0, why);
	if (m->min != INFINITY)
		return fault_at(f, CXJ__STATE_MIN, 0, why);
	if (m->max != -INFINITY)
		return fault_at(f, CXJ__STATE_MAX, 0, why);
	return CXJ_OK;
}

/* One answer is its own min, max, shift and mean, without spread. */
static int check_one_answer(const cxj_metric *m, cxj__state_fault *f)
{
	static const char why[] = "a kpi with one answer has a different "
				  "min, max and mean or a spread";
	if (m->max != m->min)
		return fault_at(f, CXJ__STATE_MAX, 0, why);
	if (m->shift != m->min)
		return fault_at(f, CXJ__STATE_SHIFT, 0, why);
	if (m->mean != 0)
		return fault_at(f, CXJ__STATE_MEAN, 0, why);
	if (m->m2 != 0)
		return fault_at(f, CXJ__STATE_M2, 0, why);
	if (m->wsum > 0 && m->wsum2 < DBL_MIN) /* as check_squared_weights */
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
				"squared weights are below what the weights "
				"allow (effective n above the count)");
	if (m->wsum2 != m->wsum * m->wsum)
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
				"squared weights of one answer are not the "
				"square of its weight");
	return CXJ_OK;
}

/* The weighted squared deviations of answers within min..max are at most
 * W (max - min)^2 / 4 (Popoviciu), and the variance and standard error
 * they give must be numbers. */
static int check_spread(const cxj_metric *m, cxj__state_fault *f)
{
	double range = m->max - m->min, most;
	if (range == 0 && m->m2 != 0)
		return fault_at(f, CXJ__STATE_M2, 0,
				"kpi answers all alike have a spread");
	most = m->wsum * (range / 2) * (range / 2);
	if (m->m2 > most * (1 + SLACK))
		return fault_at(f, CXJ__STATE_M2, 0,
				"kpi spread is wider than min..max allows");
	if (!cxj__kpi_stderr_finite(m))
		return fault_at(f, CXJ__STATE_M2, 0,
				"kpi standard error is not a finite number");
	return CXJ_OK;
}

static int check_kpi(const cxj_metric *m, cxj__state_fault *f)
{
	static const char moments[] = "kpi moments are negative or not finite";
	static const char range[] = "kpi min and max are not a finite range";
	double mean = m->shift + m->mean, span;
	if (!weight_ok(m->wsum))
		return fault_at(f, CXJ__STATE_WEIGHT_SUM, 0, moments);
	if (!weight_ok(m->m2))
		return fault_at(f, CXJ__STATE_M2, 0, moments);
	if (!isfinite(m->shift))
		return fault_at(f, CXJ__STATE_SHIFT, 0, moments);
	if (!isfinite(m->mean) || !isfinite(mean))
		return fault_at(f, CXJ__STATE_MEAN, 0, moments);
	if (m->count == 0)
		return check_empty_kpi(m, f);
	if (!isfinite(m->min))
		return fault_at(f, CXJ__STATE_MIN, 0, range);
	if (!isfinite(m->max) || m->min > m->max)
		return fault_at(f, CXJ__STATE_MAX, 0, range);
	if (m->shift < m->min || m->shift > m->max)
		return fault_at(f, CXJ__STATE_SHIFT, 0,
				"kpi shift is not one of the answers");
	/* a weighted mean lies within min..max, up to rounding */
	span = (fabs(m->min) + fabs(m->max)) * 1e-9;
	if (m->wsum > 0 && (mean < m->min - span || mean > m->max + span))
		return fault_at(f, CXJ__STATE_MEAN, 0,
				"kpi mean lies outside min..max");
	if (m->wsum == 0 && (m->mean != 0 || m->m2 != 0))
		return fault_at(f,
				m->mean != 0 ? CXJ__STATE_MEAN : CXJ__STATE_M2,
				0, "a kpi without weight has moments");
	if (m->count == 1)
		return check_one_answer(m, f);
	if (check_squared_weights(m->wsum, m->wsum2,
				  m->wsum * (m->wsum / (double)m->count),
				  m->wsum * m->wsum, f))
		return CXJ_EPARSE;
	return check_spread(m, f);
}

int cxj__metric_check_state(const cxj_metric *m, cxj__state_fault *f)
{
	if (!weight_ok(m->wsum2))
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
				"sum of squared weights is negative or not "
				"finite");
	if (m->count == 0 && m->wsum2 != 0)
		return fault_at(f, CXJ__STATE_SQUARED_WEIGHTS, 0,
				"an empty metric has weights");
	return m->kind == CXJ_KPI ? check_kpi(m, f) : check_survey(m, f);
}

/* ---- reading ---- */

static void read_survey(cxj_metric *m, const uint8_t *p)
{
	for (int k = m->lo; k <= m->hi; k++, p += 16) {
		m->hist[k] = get_u64(p);
		m->hist_w[k] = get_f64(p + 8);
	}
}

static void read_kpi(cxj_metric *m, const uint8_t *p)
{
	m->wsum = get_f64(p);
	m->shift = get_f64(p + 8);
	m->mean = get_f64(p + 16);
	m->m2 = get_f64(p + 24);
	m->min = get_f64(p + 32);
	m->max = get_f64(p + 40);
}

static int read_unit(cxj_metric *m, const uint8_t *p, size_t ulen)
{
	const char *u = (const char *)p;
	if (!ulen)
		return CXJ_OK;
	if (memchr(u, '\0', ulen) || !cxj__utf8_valid(u, ulen))
		return bad("the unit is not valid UTF-8 text");
	if (!(m->unit = cxj__strndup(u, ulen)))
		return cxj__nomem();
	return CXJ_OK;
}

int cxj_metric_state_load(const uint8_t *bytes, size_t len, cxj_metric **out)
{
	cxj_metric *m = NULL;
	cxj__state_fault fault;
	unsigned version, kind;
	size_t want;
	int rc;
	if (!out || (!bytes && len))
		return cxj__error(CXJ_EINVAL, "bytes or out is NULL");
	if (len < HEAD)
		return cxj__error(CXJ_EPARSE,
				  "metric state: truncated at %zu of at least "
				  "%d bytes",
				  len, HEAD);
	if (memcmp(bytes, MAGIC, 4))
		return bad("not a metric state (bad magic)");
	version = get_u16(bytes + 4);
	if (version != FORMAT)
		return cxj__error(CXJ_EPARSE,
				  "metric state: format version %u is not "
				  "supported (this library reads %d)",
				  version, FORMAT);
	kind = bytes[6];
	if (kind < CXJ_CSAT || kind > CXJ_KPI)
		return cxj__error(CXJ_EPARSE, "metric state: unknown kind %u",
				  kind);
	if (bytes[7] != 0)
		return bad("reserved byte is not 0");
	if (kind == CXJ_KPI) {
		if (len < KPI_FIXED)
			return cxj__error(CXJ_EPARSE,
					  "metric state: truncated at %zu of "
					  "at least %d bytes",
					  len, KPI_FIXED);
		want = KPI_FIXED + get_u16(bytes + HEAD + 48);
		if (want - KPI_FIXED > CXJ__UNIT_MAX)
			return bad("the unit is longer than 255 bytes");
	} else {
		int lo, hi;
		cxj_metric_kind_scale((cxj_metric_kind)kind, &lo, &hi);
		want = HEAD + 16 * (size_t)(hi - lo + 1);
	}
	if (len != want)
		return cxj__error(CXJ_EPARSE,
				  "metric state: %zu bytes where a %s state "
				  "has %zu",
				  len, cxj_metric_kind_name((cxj_metric_kind)kind),
				  want);
	if ((rc = cxj__metric_alloc((cxj_metric_kind)kind, &m)) != CXJ_OK)
		return rc;
	m->count = get_u64(bytes + 8);
	m->wsum2 = get_f64(bytes + 16);
	if (kind == CXJ_KPI)
		read_kpi(m, bytes + HEAD);
	else
		read_survey(m, bytes + HEAD);
	if (cxj__metric_check_state(m, &fault)) {
		rc = bad(fault.why);
		goto fail;
	}
	if (kind == CXJ_KPI &&
	    (rc = read_unit(m, bytes + HEAD + 50, want - KPI_FIXED)))
		goto fail;
	*out = m;
	return CXJ_OK;
fail:
	cxj_metric_free(m);
	return rc;
}
