/* metric_stats.c: inference on metrics: confidence intervals, two-sample
 * comparisons, one-sided tests against a target, sample-size planning and
 * p-value adjustment. The probability functions live in distributions.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "metrics.h"
#include "stats.h"

/* What a figure is, statistically. */
enum shape { PROP, NPS, MEAN };

CXJ__VERSIONED(comparison_type, cxj_comparison, CXJ_COMPARISON_INIT,
	       sizeof(cxj_comparison));
CXJ__VERSIONED(interval_type, cxj_interval, CXJ_INTERVAL_INIT,
	       sizeof(cxj_interval));
CXJ__VERSIONED(target_test_type, cxj_target_test, CXJ_TARGET_TEST_INIT,
	       sizeof(cxj_target_test));

int cxj_comparison_init(cxj_comparison *c, unsigned int version)
{
	return cxj__versioned_init(&comparison_type, c, version, "comparison");
}

int cxj_interval_init(cxj_interval *i, unsigned int version)
{
	return cxj__versioned_init(&interval_type, i, version, "interval");
}

int cxj_target_test_init(cxj_target_test *t, unsigned int version)
{
	return cxj__versioned_init(&target_test_type, t, version,
				   "target test");
}

static int check_level(double level, const char *what)
{
	if (!(level > 0 && level < 1))
		return cxj__error(CXJ_EINVAL,
				  "%s %g is not strictly between 0 and 1", what,
				  level);
	return CXJ_OK;
}

/* The upper (1 + level) / 2 quantile, computed from the small tail so that
 * levels near 1 keep their digits. */
static double z_two_sided(double level)
{
	return -cxj__norm_ppf((1 - level) / 2);
}

static double t_two_sided(double level, double df)
{
	return -cxj__t_ppf((1 - level) / 2, df);
}

/* P(Z > stat) for a z statistic (df infinite), else P(T > stat): the
 * tail of every comparison and target test. */
static double upper_tail(double stat, double df)
{
	return isinf(df) ? cxj__norm_sf(stat) : cxj__t_sf(stat, df);
}

static double clip(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

static int shape_of(const cxj_metric *m, cxj_metric_figure figure,
		    enum shape *out)
{
	switch (figure) {
	case CXJ_FIGURE_VALUE:
		switch (cxj__kind_info_of(m->kind)->value) {
		case CXJ__VALUE_TOP_BOX: *out = PROP; break;
		case CXJ__VALUE_NPS: *out = NPS; break;
		default: *out = MEAN; break;
		}
		return CXJ_OK;
	case CXJ_FIGURE_MEAN:
		*out = MEAN;
		return CXJ_OK;
	case CXJ_FIGURE_TOP_BOX:
		if (m->kind == CXJ_KPI)
			return cxj__error(CXJ_EINVAL,
					  "a kpi metric has no top box");
		*out = PROP;
		return CXJ_OK;
	}
	return cxj__error(CXJ_EINVAL, "unknown metric figure %d", (int)figure);
}

static const char *shape_name(enum shape s)
{
	return s == PROP ? "a top-box percent" : s == NPS ? "nps" : "a mean";
}

/* Resolves the default and refuses a method that does not fit the figure.
 * what: 0 interval, 1 comparison, 2 target test. */
static int pick_method(enum shape s, cxj_method method, int what,
		       cxj_method *out)
{
	static const cxj_method defaults[3][3] = {
		/* PROP, NPS, MEAN */
		{CXJ_METHOD_WILSON, CXJ_METHOD_WALD, CXJ_METHOD_T},
		{CXJ_METHOD_POOLED_Z, CXJ_METHOD_WALD, CXJ_METHOD_WELCH},
		{CXJ_METHOD_WILSON, CXJ_METHOD_WALD, CXJ_METHOD_T}};
	static const char *const whats[3] = {"an interval", "a comparison",
					     "a target test"};
	int ok = 0;
	if (method == CXJ_METHOD_DEFAULT) {
		*out = defaults[what][s];
		return CXJ_OK;
	}
	switch (s) {
	case PROP:
		ok = method == CXJ_METHOD_WALD ||
		     (what == 0 && method == CXJ_METHOD_AGRESTI_COULL) ||
		     (what != 1 && method == CXJ_METHOD_WILSON) ||
		     (what == 1 && method == CXJ_METHOD_POOLED_Z);
		break;
	case NPS:
		ok = method == CXJ_METHOD_WALD ||
		     method == CXJ_METHOD_ADJUSTED_WALD;
		break;
	case MEAN:
		ok = method == (what == 1 ? CXJ_METHOD_WELCH : CXJ_METHOD_T);
		break;
	}
	if (!ok)
		return cxj__error(CXJ_EINVAL,
				  "method '%s' does not apply to %s of %s",
				  cxj_method_name(method), whats[what],
				  shape_name(s));
	*out = method;
	return CXJ_OK;
}

/* Enough answers for the shape: one (with weight) for percents, two for a
 * mean and its variance. */
static int enough(const cxj_metric *m, const cxj__moments *o, enum shape s,
		  const char *name)
{
	if (!(o->n > 0))
		return cxj__error(CXJ_EINVAL, "%s%s%s %s metric has no answers",
				  name ? "metric " : "", name ? name : "",
				  name ? ": the" : "the",
				  cxj_metric_kind_name(m->kind));
	if (s == MEAN && (m->count < 2 || !(o->n > 1)))
		return cxj__error(CXJ_EINVAL,
				  "%s%s%s %s metric has %llu answer(s) "
				  "(effective n %g); a mean needs at least 2",
				  name ? "metric " : "", name ? name : "",
				  name ? ": the" : "the",
				  cxj_metric_kind_name(m->kind),
				  (unsigned long long)m->count, o->n);
	return CXJ_OK;
}

/* NPS shares, raw or adjusted (n + 3, +3/4 to each end). The population
 * factor f2 enters as a design effect (n / f2), which for Wald is the
 * standard error times sqrt(f2) and gives the adjustment its weight; a
 * census (f2 = 0) has no sampling error. */
static void nps_parts(const cxj__moments *o, double f2, int adjusted,
		      double *est, double *se)
{
	double pp = o->prom, pd = o->det, nn, d, v;
	if (f2 == 0) {
		*est = 100 * (pp - pd);
		*se = 0;
		return;
	}
	nn = o->n / f2;
	if (adjusted) {
		pp = (pp * nn + 0.75) / (nn + 3);
		pd = (pd * nn + 0.75) / (nn + 3);
		nn += 3;
	}
	d = pp - pd;
	v = pp + pd - d * d;
	*est = 100 * d;
	*se = 100 * sqrt((v > 0 ? v : 0) / nn);
}

static double figure_estimate(enum shape s, const cxj__moments *o)
{
	return s == PROP ? 100 * o->top
	       : s == NPS ? 100 * (o->prom - o->det)
			  : o->mean;
}

/* The finite-population factor fpc^2 = (N - n) / (N - 1) for m's count n
 * into *f2: exactly 1 for an unbounded population (0 or infinity), so that
 * every formula gives the uncorrected bits, and 0 for a census. arg and of
 * name the argument and the metric in messages. */
static int population_factor(const cxj_metric *m, double population,
			     const char *arg, const char *of, double *f2)
{
	if (population == 0 || population == INFINITY) {
		*f2 = 1;
		return CXJ_OK;
	}
	if (!(population >= 1) || !isfinite(population) ||
	    population != floor(population))
		return cxj__error(CXJ_ERANGE,
				  "%s %.15g is not a positive whole number, 0 "
				  "or infinity",
				  arg, population);
	/* compared as integers: a double near 2^64 cannot hold every count */
	if (population < 0x1p64 && (uint64_t)population < m->count)
		return cxj__error(CXJ_ERANGE,
				  "%s %.0f is smaller than the %llu answers%s",
				  arg, population,
				  (unsigned long long)m->count, of);
	if (population < 0x1p64 && (uint64_t)population == m->count)
		*f2 = 0;
	else
		*f2 = (population - (double)m->count) / (population - 1);
	return CXJ_OK;
}

/* What an interval (what 0) or a target test (what 2) of one metric starts
 * from: the figure's shape, the method used, the moments and the
 * population factor. CXJ_EINVAL or CXJ_ERANGE, recorded, when the metric
 * cannot give them. */
static int one_metric(const cxj_metric *m, double population,
		      cxj_metric_figure figure, cxj_method method, int what,
		      enum shape *s, cxj_method *use, cxj__moments *o,
		      double *f2)
{
	if (shape_of(m, figure, s) || pick_method(*s, method, what, use))
		return CXJ_EINVAL;
	cxj__metric_moments(m, o);
	if (enough(m, o, *s, NULL))
		return CXJ_EINVAL;
	if (population_factor(m, population, "population", "", f2))
		return CXJ_ERANGE;
	return CXJ_OK;
}

int cxj_metric_interval_fpc(const cxj_metric *m, double population,
			    cxj_metric_figure figure, cxj_method method,
			    double level, cxj_interval *dst)
{
	cxj_interval result, *out = &result;
	cxj__moments o;
	enum shape s;
	cxj_method use;
	double lo, hi, se, f2, df = INFINITY;
	int rc;
	if (!m || !dst)
		return cxj__error(CXJ_EINVAL, "metric or interval is NULL");
	if (cxj__versioned_read(&interval_type, dst, out))
		return CXJ_EINVAL;
	if (check_level(level, "confidence level"))
		return CXJ_EINVAL;
	if ((rc = one_metric(m, population, figure, method, 0, &s, &use, &o,
			     &f2)))
		return rc;
	if (f2 == 0) {
		/* a census: the figure is known, whatever the method */
		lo = hi = figure_estimate(s, &o);
		se = 0;
		if (s == MEAN)
			df = o.n - 1;
	} else if (s == PROP) {
		/* the design effect of a finite population, as Kish's n */
		double p = o.top, n = o.n / f2, z = z_two_sided(level),
		       z2 = z * z;
		se = sqrt(p * (1 - p) / n);
		if (use == CXJ_METHOD_WILSON) {
			double den = 1 + z2 / n;
			double mid = (p + z2 / (2 * n)) / den;
			double half = z / den *
				      sqrt(p * (1 - p) / n + z2 / (4 * n * n));
			lo = mid - half;
			hi = mid + half;
		} else if (use == CXJ_METHOD_AGRESTI_COULL) {
			double nt = n + z2, pt = (p * n + z2 / 2) / nt;
			se = sqrt(pt * (1 - pt) / nt);
			lo = pt - z * se;
			hi = pt + z * se;
		} else {
			lo = p - z * se;
			hi = p + z * se;
		}
		lo = 100 * clip(lo, 0, 1);
		hi = 100 * clip(hi, 0, 1);
		se *= 100;
	} else if (s == NPS) {
		double est, z = z_two_sided(level);
		nps_parts(&o, f2, use == CXJ_METHOD_ADJUSTED_WALD, &est, &se);
		lo = clip(est - z * se, -100, 100);
		hi = clip(est + z * se, -100, 100);
	} else {
		double t;
		df = o.n - 1;
		se = sqrt(o.var / o.n * f2);
		t = t_two_sided(level, df);
		/* no spread is the point itself, also where t is infinite
		 * (a fraction of a degree of freedom at a high level) */
		lo = se > 0 ? o.mean - t * se : o.mean;
		hi = se > 0 ? o.mean + t * se : o.mean;
		if (m->kind != CXJ_KPI) {
			/* a mean score stays on its scale: with a
			 * fraction of a degree of freedom (one weight
			 * dominating) t runs past any bound */
			lo = clip(lo, m->lo, m->hi);
			hi = clip(hi, m->lo, m->hi);
		}
	}
	out->estimate = figure_estimate(s, &o);
	out->lo = lo;
	out->hi = hi;
	out->std_error = se;
	out->level = level;
	out->n = o.n;
	out->df = df;
	out->method = use;
	out->figure = figure;
	cxj__versioned_write(&interval_type, dst, out);
	return CXJ_OK;
}

int cxj_metric_interval(const cxj_metric *m, cxj_metric_figure figure,
			cxj_method method, double level, cxj_interval *out)
{
	return cxj_metric_interval_fpc(m, 0, figure, method, level, out);
}

int cxj_metric_ci(const cxj_metric *m, double level, double *lo, double *hi)
{
	cxj_interval iv = CXJ_INTERVAL_INIT;
	int rc = cxj_metric_interval(m, CXJ_FIGURE_VALUE, CXJ_METHOD_DEFAULT,
				     level, &iv);
	if (rc != CXJ_OK)
		return rc;
	if (lo)
		*lo = iv.lo;
	if (hi)
		*hi = iv.hi;
	return CXJ_OK;
}

/* Why a difference has no standard error; NULL when no census is to
 * blame, for the message of a comparison that cannot be tested. */
static const char *census_reason(double fa, double fb)
{
	if (fa == 0 && fb == 0)
		return "a and b are each a census of their population";
	if (fa == 0)
		return "a is a census of its population and every answer of b "
		       "is alike";
	if (fb == 0)
		return "b is a census of its population and every answer of a "
		       "is alike";
	return NULL;
}

int cxj_metric_compare_fpc(const cxj_metric *a, double population_a,
			   const cxj_metric *b, double population_b,
			   cxj_metric_figure figure, cxj_method method,
			   cxj_comparison *dst)
{
	cxj_comparison result, *out = &result;
	cxj__moments oa, ob;
	enum shape s;
	cxj_method use;
	double diff, se, stat, fa, fb, df = INFINITY, p;
	if (!a || !b || !dst)
		return cxj__error(CXJ_EINVAL, "metric or comparison is NULL");
	if (cxj__versioned_read(&comparison_type, dst, out))
		return CXJ_EINVAL;
	if (a->kind != b->kind)
		return cxj__error(CXJ_EINVAL,
				  "cannot compare a %s metric with a %s metric",
				  cxj_metric_kind_name(a->kind),
				  cxj_metric_kind_name(b->kind));
	if (shape_of(a, figure, &s) || pick_method(s, method, 1, &use))
		return CXJ_EINVAL;
	cxj__metric_moments(a, &oa);
	cxj__metric_moments(b, &ob);
	if (enough(a, &oa, s, "a") || enough(b, &ob, s, "b"))
		return CXJ_EINVAL;
	if (population_factor(a, population_a, "population_a", " of a", &fa) ||
	    population_factor(b, population_b, "population_b", " of b", &fb))
		return CXJ_ERANGE;
	if (s == PROP) {
		double pa = oa.top, pb = ob.top, na = oa.n, nb = ob.n;
		diff = 100 * (pa - pb);
		if (use == CXJ_METHOD_POOLED_Z) {
			/* the pooled share is of the answers; each group's
			 * part of the variance takes its own correction */
			double pp = (pa * na + pb * nb) / (na + nb);
			se = sqrt(pp * (1 - pp) * (fa / na + fb / nb));
		} else {
			se = sqrt(pa * (1 - pa) * fa / na +
				  pb * (1 - pb) * fb / nb);
		}
		se *= 100;
	} else if (s == NPS) {
		double ea, sa, eb, sb;
		int adj = use == CXJ_METHOD_ADJUSTED_WALD;
		nps_parts(&oa, fa, adj, &ea, &sa);
		nps_parts(&ob, fb, adj, &eb, &sb);
		diff = ea - eb;
		se = sqrt(sa * sa + sb * sb);
	} else {
		double va = oa.var / oa.n * fa, vb = ob.var / ob.n * fb, ra, rb;
		diff = oa.mean - ob.mean;
		se = sqrt(va + vb);
		/* Welch-Satterthwaite in shares of the variance, which
		 * neither underflow nor overflow when the variances do */
		ra = va / (va + vb);
		rb = vb / (va + vb);
		df = 1 / (ra * ra / (oa.n - 1) + rb * rb / (ob.n - 1));
		if (!(se > 0))
			df = oa.n + ob.n - 2;
	}
	if (!(se > 0)) {
		/* a census leaves nothing to test, even a zero difference */
		const char *why = census_reason(fa, fb);
		if (why)
			return cxj__error(CXJ_EINVAL,
					  "the difference %g has no sampling "
					  "error to test it with (%s)",
					  diff, why);
		if (diff != 0)
			return cxj__error(CXJ_EINVAL,
					  "the difference %g has no variance "
					  "to test it with (every answer in "
					  "each metric is alike)",
					  diff);
		stat = 0;
		p = 1;
	} else {
		stat = diff / se;
		p = 2 * upper_tail(fabs(stat), df);
		if (p > 1)
			p = 1;
	}
	out->difference = diff;
	out->std_error = se;
	out->statistic = stat;
	out->df = df;
	out->p_value = p;
	out->method = use;
	out->figure = figure;
	cxj__versioned_write(&comparison_type, dst, out);
	return CXJ_OK;
}

int cxj_metric_compare_with(const cxj_metric *a, const cxj_metric *b,
			    cxj_metric_figure figure, cxj_method method,
			    cxj_comparison *out)
{
	return cxj_metric_compare_fpc(a, 0, b, 0, figure, method, out);
}

int cxj_metric_compare(const cxj_metric *a, const cxj_metric *b,
		       cxj_comparison *out)
{
	return cxj_metric_compare_with(a, b, CXJ_FIGURE_VALUE,
				       CXJ_METHOD_DEFAULT, out);
}

int cxj_metric_test_target_fpc(const cxj_metric *m, double population,
			       cxj_metric_figure figure, double target,
			       cxj_alternative alternative, cxj_method method,
			       cxj_target_test *dst)
{
	cxj_target_test result, *out = &result;
	cxj__moments o;
	enum shape s;
	cxj_method use;
	double est, se, f2, n, df = INFINITY, stat, p;
	int rc;
	if (!m || !dst)
		return cxj__error(CXJ_EINVAL, "metric or target test is NULL");
	if (cxj__versioned_read(&target_test_type, dst, out))
		return CXJ_EINVAL;
	if (alternative != CXJ_BELOW && alternative != CXJ_ABOVE)
		return cxj__error(CXJ_EINVAL, "unknown alternative %d",
				  (int)alternative);
	if (!isfinite(target))
		return cxj__error(CXJ_ERANGE, "target %g is not finite",
				  target);
	if ((rc = one_metric(m, population, figure, method, 2, &s, &use, &o,
			     &f2)))
		return rc;
	/* the design effect of a finite population; a census has an
	 * infinite n, so no standard error, and is refused below */
	n = f2 > 0 ? o.n / f2 : INFINITY;
	if (s == PROP) {
		if (use == CXJ_METHOD_WILSON ? !(target > 0 && target < 100)
					     : !(target >= 0 && target <= 100))
			return cxj__error(CXJ_ERANGE,
					  "top-box target %g is outside "
					  "%s0..100%s",
					  target,
					  use == CXJ_METHOD_WILSON ? "(" : "",
					  use == CXJ_METHOD_WILSON ? ")" : "");
		est = 100 * o.top;
		if (use == CXJ_METHOD_WILSON) {
			double p0 = target / 100;
			se = 100 * sqrt(p0 * (1 - p0) / n);
		} else {
			se = 100 * sqrt(o.top * (1 - o.top) / n);
		}
	} else if (s == NPS) {
		if (!(target >= -100 && target <= 100))
			return cxj__error(CXJ_ERANGE,
					  "nps target %g is outside -100..100",
					  target);
		nps_parts(&o, f2, use == CXJ_METHOD_ADJUSTED_WALD, &est, &se);
	} else {
		est = o.mean;
		se = sqrt(o.var / o.n * f2);
		df = o.n - 1;
	}
	if (f2 == 0)
		return cxj__error(CXJ_EINVAL,
				  "the estimate %g is of a census (population "
				  "%.0f, every unit answered): no sampling "
				  "error to test it against target %g",
				  est, population, target);
	if (!(se > 0))
		return cxj__error(CXJ_EINVAL,
				  "the estimate %g has no variance to test it "
				  "against target %g (every answer is alike)",
				  est, target);
	stat = (est - target) / se;
	if (alternative == CXJ_BELOW)
		stat = -stat;
	p = upper_tail(stat, df);
	if (alternative == CXJ_BELOW)
		stat = -stat;
	out->target = target;
	out->estimate = figure_estimate(s, &o);
	out->difference = est - target;
	out->std_error = se;
	out->statistic = stat;
	out->df = df;
	out->p_value = p;
	out->method = use;
	out->figure = figure;
	out->alternative = alternative;
	cxj__versioned_write(&target_test_type, dst, out);
	return CXJ_OK;
}

int cxj_metric_test_target(const cxj_metric *m, cxj_metric_figure figure,
			   double target, cxj_alternative alternative,
			   cxj_method method, cxj_target_test *out)
{
	return cxj_metric_test_target_fpc(m, 0, figure, target, alternative,
					  method, out);
}

/* ---- planning ---- */

/* ceil that forgives the last bits of rounding (384.0000000001 is 384) and
 * refuses what no survey can collect. */
static int to_count(double x, uint64_t *out)
{
	double c;
	if (!(x < 9.0e15))
		return cxj__error(CXJ_ERANGE,
				  "the sample size %g is too large", x);
	c = ceil(x * (1 - 1e-12));
	*out = c < 1 ? 1 : (uint64_t)c;
	return CXJ_OK;
}

static int check_percent(double p, const char *what)
{
	if (!(p >= 0 && p <= 100))
		return cxj__error(CXJ_ERANGE, "%s %g is outside 0..100", what,
				  p);
	return CXJ_OK;
}

static int check_margin(double margin)
{
	if (!(margin > 0) || !isfinite(margin))
		return cxj__error(CXJ_EINVAL,
				  "margin %g is not a positive number",
				  margin);
	return CXJ_OK;
}

int cxj_sample_size_proportion(double expected_percent, double margin,
			       double level, uint64_t *out)
{
	double p = expected_percent / 100, m = margin / 100, z;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if (check_percent(expected_percent, "expected percent"))
		return CXJ_ERANGE;
	if (check_margin(margin) || check_level(level, "confidence level"))
		return CXJ_EINVAL;
	z = z_two_sided(level);
	return to_count(z * z * p * (1 - p) / (m * m), out);
}

static int check_nps_shares(double prom, double det, const char *which)
{
	if (check_percent(prom, "promoters percent") ||
	    check_percent(det, "detractors percent"))
		return CXJ_ERANGE;
	if (prom + det > 100 + 1e-9)
		return cxj__error(CXJ_ERANGE,
				  "promoters %g%% and detractors %g%%%s add up "
				  "to more than 100",
				  prom, det, which);
	return CXJ_OK;
}

/* per-answer variance of the NPS in shares */
static double nps_unit_var(double prom, double det)
{
	double pp = prom / 100, pd = det / 100, d = pp - pd;
	double v = pp + pd - d * d;
	return v > 0 ? v : 0;
}

int cxj_sample_size_nps(double promoters_percent, double detractors_percent,
			double margin, double level, uint64_t *out)
{
	double m = margin / 100, z;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if (check_nps_shares(promoters_percent, detractors_percent, ""))
		return CXJ_ERANGE;
	if (check_margin(margin) || check_level(level, "confidence level"))
		return CXJ_EINVAL;
	z = z_two_sided(level);
	return to_count(z * z *
				nps_unit_var(promoters_percent,
					     detractors_percent) /
				(m * m),
			out);
}

int cxj_sample_size_mean(double sd, double margin, double level,
			 uint64_t *out)
{
	double z, x;
	uint64_t n = 0;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if (!(sd > 0) || !isfinite(sd))
		return cxj__error(CXJ_EINVAL,
				  "standard deviation %g is not a positive "
				  "number",
				  sd);
	if (check_margin(margin) || check_level(level, "confidence level"))
		return CXJ_EINVAL;
	z = z_two_sided(level);
	x = z * sd / margin;
	if (to_count(x * x, &n))
		return CXJ_ERANGE;
	/* the t quantile exceeds z, so the normal answer is a lower bound;
	 * step up to the first n whose t half-width fits */
	if (n < 2)
		n = 2;
	while (t_two_sided(level, (double)(n - 1)) * sd / sqrt((double)n) >
	       margin)
		n++;
	*out = n;
	return CXJ_OK;
}

static int check_power(double alpha, double power)
{
	if (check_level(alpha, "alpha") || check_level(power, "power"))
		return CXJ_EINVAL;
	return CXJ_OK;
}

int cxj_sample_size_two_proportions(double percent_a, double percent_b,
				    double alpha, double power, uint64_t *out)
{
	double pa = percent_a / 100, pb = percent_b / 100, pm, za, zb, x;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if (check_percent(percent_a, "percent a") ||
	    check_percent(percent_b, "percent b"))
		return CXJ_ERANGE;
	if (check_power(alpha, power))
		return CXJ_EINVAL;
	if (pa == pb)
		return cxj__error(CXJ_EINVAL,
				  "percents a and b are equal (%g): no "
				  "difference to detect",
				  percent_a);
	pm = (pa + pb) / 2;
	za = -cxj__norm_ppf(alpha / 2);
	zb = -cxj__norm_ppf(1 - power);
	x = za * sqrt(2 * pm * (1 - pm)) +
	    zb * sqrt(pa * (1 - pa) + pb * (1 - pb));
	return to_count(x * x / ((pa - pb) * (pa - pb)), out);
}

int cxj_sample_size_two_nps(double promoters_a, double detractors_a,
			    double promoters_b, double detractors_b,
			    double alpha, double power, uint64_t *out)
{
	double d, za, zb;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if (check_nps_shares(promoters_a, detractors_a, " of a") ||
	    check_nps_shares(promoters_b, detractors_b, " of b"))
		return CXJ_ERANGE;
	if (check_power(alpha, power))
		return CXJ_EINVAL;
	d = (promoters_a - detractors_a - promoters_b + detractors_b) / 100;
	if (d == 0)
		return cxj__error(CXJ_EINVAL,
				  "the two nps are equal: no difference to "
				  "detect");
	za = -cxj__norm_ppf(alpha / 2);
	zb = -cxj__norm_ppf(1 - power);
	return to_count((za + zb) * (za + zb) *
				(nps_unit_var(promoters_a, detractors_a) +
				 nps_unit_var(promoters_b, detractors_b)) /
				(d * d),
			out);
}

int cxj_sample_size_two_means(double difference, double sd, double alpha,
			      double power, uint64_t *out)
{
	double za, zb;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if (!(difference != 0) || !isfinite(difference))
		return cxj__error(CXJ_EINVAL,
				  "difference %g is zero or not finite",
				  difference);
	if (!(sd > 0) || !isfinite(sd))
		return cxj__error(CXJ_EINVAL,
				  "standard deviation %g is not a positive "
				  "number",
				  sd);
	if (check_power(alpha, power))
		return CXJ_EINVAL;
	za = -cxj__norm_ppf(alpha / 2);
	zb = -cxj__norm_ppf(1 - power);
	return to_count(2 * (za + zb) * (za + zb) * sd * sd /
				(difference * difference),
			out);
}

/* ---- many tests ---- */

typedef struct ranked {
	double p;
	size_t at;
} ranked;

static int by_p(const void *x, const void *y)
{
	const ranked *a = x, *b = y;
	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

int cxj_p_adjust(const double *p, size_t n, cxj_p_adjust_method method,
		 double *out)
{
	ranked *r;
	double run;
	if (n && (!p || !out))
		return cxj__error(CXJ_EINVAL, "p or out is NULL");
	if (method != CXJ_P_BONFERRONI && method != CXJ_P_HOLM &&
	    method != CXJ_P_BH)
		return cxj__error(CXJ_EINVAL, "unknown p-value adjustment %d",
				  (int)method);
	for (size_t i = 0; i < n; i++)
		if (!(p[i] >= 0 && p[i] <= 1))
			return cxj__error(CXJ_ERANGE,
					  "p[%zu] = %g is outside 0..1", i,
					  p[i]);
	if (n == 0)
		return CXJ_OK;
	if (n > SIZE_MAX / sizeof *r)
		return cxj__nomem();
	if (!(r = cxj__malloc(n * sizeof *r)))
		return cxj__nomem();
	for (size_t i = 0; i < n; i++) {
		r[i].p = p[i];
		r[i].at = i;
	}
	qsort(r, n, sizeof *r, by_p);
	switch (method) {
	case CXJ_P_BONFERRONI:
		for (size_t i = 0; i < n; i++)
			r[i].p = fmin(1, r[i].p * (double)n);
		break;
	case CXJ_P_HOLM:
		/* step down: the running maximum of (n - i) p_(i) */
		run = 0;
		for (size_t i = 0; i < n; i++) {
			double v = fmin(1, r[i].p * (double)(n - i));
			run = v > run ? v : run;
			r[i].p = run;
		}
		break;
	default:
		/* step up: the running minimum of n / (i + 1) p_(i) from the
		 * largest down */
		run = 1;
		for (size_t i = n; i-- > 0;) {
			double v = fmin(1, r[i].p * (double)n / (double)(i + 1));
			run = v < run ? v : run;
			r[i].p = run;
		}
		break;
	}
	for (size_t i = 0; i < n; i++)
		out[r[i].at] = r[i].p;
	cxj__free(r);
	return CXJ_OK;
}
