/* state_invariants.h: what every metric a state can load must satisfy,
 * through the public API: the figures of some sequence of answers, and an
 * interval, a comparison and a target test that each end with a number or
 * a clear refusal. Shared by the metric-state fuzz target and the Check
 * sweep over damaged states. Returns NULL, or the broken rule. */
#ifndef CXJ_STATE_INVARIANTS_H
#define CXJ_STATE_INVARIANTS_H

#include <math.h>

#include "cxjourney.h"

/* The slack of rounding in sums of many weights (as the loader's). */
#define CXJT_SLACK 1e-6

static const char *cxjt_check_interval(const cxj_metric *m,
				       cxj_metric_figure fig, double level)
{
	cxj_interval iv = CXJ_INTERVAL_INIT;
	int rc = cxj_metric_interval(m, fig, CXJ_METHOD_DEFAULT, level, &iv);
	if (rc == CXJ_EINVAL)
		return NULL; /* too few answers, or no such figure */
	if (rc != CXJ_OK)
		return "interval failed with an unexpected code";
	/* a KPI's t interval may be unbounded: with a fraction of a degree
	 * of freedom the quantile passes the largest double */
	if (!(iv.lo <= iv.hi) || !isfinite(iv.std_error) ||
	    (cxj_metric_kind_of(m) != CXJ_KPI &&
	     (!isfinite(iv.lo) || !isfinite(iv.hi))))
		return "interval bounds are not an ordered pair of numbers";
	if (!(iv.lo <= iv.estimate + 1e-9 * fabs(iv.estimate) + 1e-9 &&
	      iv.estimate - 1e-9 * fabs(iv.estimate) - 1e-9 <= iv.hi))
		return "interval does not hold its estimate";
	if (!(iv.n >= 1 - CXJT_SLACK))
		return "interval has an effective n below 1";
	return NULL;
}

static const char *cxjt_check_tests(const cxj_metric *m, const cxj_metric *o)
{
	cxj_comparison c = CXJ_COMPARISON_INIT;
	cxj_target_test t = CXJ_TARGET_TEST_INIT;
	double target = cxj_metric_kind_of(m) == CXJ_KPI ? 0 : 50;
	int rc = cxj_metric_compare(m, o, &c);
	if (rc != CXJ_OK && rc != CXJ_EINVAL)
		return "compare failed with an unexpected code";
	if (rc == CXJ_OK && !(c.p_value >= 0 && c.p_value <= 1))
		return "compare p-value is not a probability";
	rc = cxj_metric_test_target(m, CXJ_FIGURE_VALUE, target, CXJ_BELOW,
				    CXJ_METHOD_DEFAULT, &t);
	if (rc != CXJ_OK && rc != CXJ_EINVAL && rc != CXJ_ERANGE)
		return "target test failed with an unexpected code";
	if (rc == CXJ_OK && !(t.p_value >= 0 && t.p_value <= 1))
		return "target test p-value is not a probability";
	return NULL;
}

static const char *cxjt_state_invariants(const cxj_metric *m)
{
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	const char *why;
	static const double levels[] = {0.5, 0.95, 0.999999};
	if (cxj_metric_summarize(m, &s) != CXJ_OK)
		return "summarize failed";
	if (s.weight_sum > 0) {
		if (!(s.effective_n >= 1 - CXJT_SLACK))
			return "effective n below 1";
		if (!(s.effective_n <= (double)s.count * (1 + CXJT_SLACK)))
			return "effective n above the count";
		if (!isfinite(s.value))
			return "value is not a number";
	}
	if (s.count == 1 && s.min != s.max)
		return "one answer with min other than max";
	/* rounding of a mean is relative to the magnitudes of the answers */
	if (s.count >= 1 && s.weight_sum > 0 &&
	    !(s.mean >= s.min - 1e-9 * (fabs(s.min) + fabs(s.max)) &&
	      s.mean <= s.max + 1e-9 * (fabs(s.min) + fabs(s.max))))
		return "mean outside min..max";
	if (s.effective_n > 1 && isfinite(s.stddev) &&
	    s.stddev * s.stddev >
		(s.max - s.min) * (s.max - s.min) / 4 * s.effective_n /
			(s.effective_n - 1) * (1 + CXJT_SLACK))
		return "variance larger than the range allows";
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
		if ((why = cxjt_check_interval(m, CXJ_FIGURE_VALUE,
					       levels[i])) ||
		    (why = cxjt_check_interval(m, CXJ_FIGURE_MEAN,
					       levels[i])) ||
		    (why = cxjt_check_interval(m, CXJ_FIGURE_TOP_BOX,
					       levels[i])))
			return why;
	}
	return cxjt_check_tests(m, m);
}

#endif
