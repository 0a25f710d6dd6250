/* libcxjourney: metric accumulators (CSAT, NPS, CES, KPI). A metric is a
 * mergeable histogram or moment state that answers value, uncertainty and
 * comparison, and serializes to portable bytes.
 *
 * A metric is the caller's, freed with cxj_metric_free. Functions that
 * return a status fail with CXJ_EINVAL for a NULL metric, and for a NULL
 * pointer they must write their result through (optional ones are named);
 * the other codes are given at each. The getters cannot fail: for a NULL
 * metric they return 0 for counts and sums, NaN for figures. */
#ifndef CXJOURNEY_METRIC_H
#define CXJOURNEY_METRIC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cxj_metric_kind {
	CXJ_CSAT = 1, /* 1..5, value: top-two-box percent */
	CXJ_NPS = 2,  /* 0..10, value: promoters% - detractors% */
	CXJ_CES = 3,  /* 1..7, value: mean */
	CXJ_KPI = 4   /* any finite number, value: mean */
} cxj_metric_kind;

typedef struct cxj_metric cxj_metric;

/* Which figure of a metric an interval or a test is about.
 * CXJ_FIGURE_VALUE is the headline value of the kind (above);
 * CXJ_FIGURE_MEAN the mean score (any kind); CXJ_FIGURE_TOP_BOX the percent
 * of answers at the top of the scale: CSAT 4-5, CES 5-7 ("agree"), NPS 9-10
 * (promoters); a KPI has none. */
typedef enum cxj_metric_figure {
	CXJ_FIGURE_VALUE = 0,
	CXJ_FIGURE_MEAN = 1,
	CXJ_FIGURE_TOP_BOX = 2
} cxj_metric_figure;

/* The method behind an interval or a test; recorded in every result.
 * CXJ_METHOD_DEFAULT picks, for the figure: Wilson (top box), Wald (NPS),
 * t (means) for intervals and target tests; pooled two-proportion z (top
 * box), Wald z (NPS), Welch t (means) for comparisons. */
typedef enum cxj_method {
	CXJ_METHOD_DEFAULT = 0,
	CXJ_METHOD_WILSON = 1,         /* top box: Wilson score interval;
					  target test: score z (null SE) */
	CXJ_METHOD_AGRESTI_COULL = 2,  /* top box interval: n + z^2,
					  x + z^2/2 */
	CXJ_METHOD_WALD = 3,           /* NPS or top box: normal with the
					  estimated SE */
	CXJ_METHOD_ADJUSTED_WALD = 4,  /* NPS: n + 3, +3/4 to promoters and
					  to detractors */
	CXJ_METHOD_T = 5,              /* means: Student t, df = n - 1 */
	CXJ_METHOD_POOLED_Z = 6,       /* top box comparison, pooled p */
	CXJ_METHOD_WELCH = 7           /* means comparison, Welch t with
					  Welch-Satterthwaite df */
} cxj_method;

/* Two-sided comparison of two metrics of one kind. Fill with
 * CXJ_COMPARISON_INIT; fields are only ever appended. */
typedef struct cxj_comparison {
	unsigned int version;
	double difference; /* a - b, in the value's unit */
	double std_error;  /* standard error of the difference; not "stderr",
			      * which some C libraries define as a macro */
	double statistic;  /* z or t */
	double df;         /* degrees of freedom; infinity for z */
	double p_value;    /* two-sided */
	cxj_method method; /* the method used (never CXJ_METHOD_DEFAULT) */
	cxj_metric_figure figure; /* the figure compared */
} cxj_comparison;

#define CXJ_COMPARISON_VERSION 1
#define CXJ_COMPARISON_INIT                                                    \
	{CXJ_COMPARISON_VERSION, 0, 0, 0, 0, 0, CXJ_METHOD_DEFAULT,            \
	 CXJ_FIGURE_VALUE}

/* A confidence interval, with what produced it. */
typedef struct cxj_interval {
	unsigned int version;
	double estimate;   /* the point estimate of the figure (unadjusted) */
	double lo;         /* bounds, clipped to the figure's range */
	double hi;
	double std_error;  /* the standard error the method used */
	double level;      /* confidence level, e.g. 0.95 */
	double n;          /* effective sample size (Kish for weighted data) */
	double df;         /* t degrees of freedom; infinity for z methods */
	cxj_method method; /* never CXJ_METHOD_DEFAULT */
	cxj_metric_figure figure;
} cxj_interval;

#define CXJ_INTERVAL_VERSION 1
#define CXJ_INTERVAL_INIT                                                      \
	{CXJ_INTERVAL_VERSION, 0, 0, 0, 0, 0, 0, 0, CXJ_METHOD_DEFAULT,        \
	 CXJ_FIGURE_VALUE}

/* The alternative hypothesis of a one-sided test against a target. */
typedef enum cxj_alternative {
	CXJ_BELOW = 1, /* the figure is below the target */
	CXJ_ABOVE = 2  /* the figure is above the target */
} cxj_alternative;

/* A one-sided test of a figure against a target or benchmark. */
typedef struct cxj_target_test {
	unsigned int version;
	double target;
	double estimate;   /* the figure, unadjusted */
	double difference; /* (adjusted) estimate - target */
	double std_error;  /* of the estimate, as the method takes it */
	double statistic;  /* z or t */
	double df;         /* infinity for z */
	double p_value;    /* one-sided, in the direction of alternative */
	cxj_method method; /* never CXJ_METHOD_DEFAULT */
	cxj_metric_figure figure;
	cxj_alternative alternative;
} cxj_target_test;

#define CXJ_TARGET_TEST_VERSION 1
#define CXJ_TARGET_TEST_INIT                                                   \
	{CXJ_TARGET_TEST_VERSION, 0, 0, 0, 0, 0, 0, 0, CXJ_METHOD_DEFAULT,     \
	 CXJ_FIGURE_VALUE, CXJ_BELOW}

/* Everything a metric reports at once. Figures that do not apply to the
 * kind, or that need more answers than there are, are NaN. Percents are
 * 0..100. */
typedef struct cxj_metric_summary {
	unsigned int version;
	cxj_metric_kind kind;
	uint64_t count;     /* answers added, zero weights included */
	double weight_sum;  /* equals count for unweighted data */
	double effective_n; /* Kish: weight_sum^2 / sum of squared weights */
	double value;       /* as cxj_metric_value */
	double std_error;   /* as cxj_metric_stderr */
	double mean;        /* mean score */
	double stddev;      /* sample standard deviation of the score */
	double min;         /* smallest and largest score added */
	double max;
	double top_box;     /* CSAT 4-5, CES 5-7, NPS 9-10; NaN for KPI */
	double promoters;   /* NPS only */
	double passives;
	double detractors;
} cxj_metric_summary;

#define CXJ_METRIC_SUMMARY_VERSION 1
#define CXJ_METRIC_SUMMARY_INIT                                                \
	{CXJ_METRIC_SUMMARY_VERSION, CXJ_KPI, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
	 0, 0}

/* Ways to adjust p-values for many comparisons. */
typedef enum cxj_p_adjust_method {
	CXJ_P_BONFERRONI = 1,
	CXJ_P_HOLM = 2, /* step-down, controls the family-wise error rate */
	CXJ_P_BH = 3    /* Benjamini-Hochberg, controls the false discovery
			   rate */
} cxj_p_adjust_method;

/* For bindings that cannot use the _INIT macros: fill the struct with its
 * _INIT value and set its version; CXJ_EINVAL for a NULL struct or a
 * version this library does not know (0, or above the current one). */
CXJ_EXTERN int cxj_comparison_init(cxj_comparison *c, unsigned int version);
CXJ_EXTERN int cxj_interval_init(cxj_interval *i, unsigned int version);
CXJ_EXTERN int cxj_target_test_init(cxj_target_test *t, unsigned int version);
CXJ_EXTERN int cxj_metric_summary_init(cxj_metric_summary *s,
				       unsigned int version);

/* ---- accumulating ----
 * A score out of its kind's scale, not an integer (CSAT, NPS, CES) or not
 * finite, and a weight that is negative, not finite, or whose square is
 * not a normal double (past about 1.3e154, or above 0 and below about
 * 1.5e-154), fail with CXJ_ERANGE and change nothing, as does an add or
 * merge that would overflow the answer count or a sum; the array adds take
 * all or nothing.
 *
 * Weights are sampling weights: shares, means and spreads are weighted, and
 * every standard error, interval and test uses Kish's effective sample size
 * n = (sum w)^2 / sum w^2 (the variance is the weighted one times
 * n / (n - 1)). A weight of 0 counts the answer and moves no figure. With
 * all weights 1 every figure equals the unweighted one. */
/* A new metric of kind, without answers, in *out; freed with
 * cxj_metric_free. CXJ_EINVAL for a NULL out or an unknown kind,
 * CXJ_ENOMEM. */
CXJ_EXTERN int cxj_metric_new(cxj_metric_kind kind, cxj_metric **out);
/* NULL is a no-op. */
CXJ_EXTERN void cxj_metric_free(cxj_metric *m);
/* A new copy of m, answers and unit, in *out; freed with cxj_metric_free.
 * CXJ_EINVAL for a NULL argument, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_metric_clone(const cxj_metric *m, cxj_metric **out);
/* Forgets every answer; keeps the kind and the unit. NULL is a no-op. */
CXJ_EXTERN void cxj_metric_reset(cxj_metric *m);
/* The kind; 0 for NULL. */
CXJ_EXTERN cxj_metric_kind cxj_metric_kind_of(const cxj_metric *m);
/* One answer of weight 1. CXJ_EINVAL for a NULL metric, CXJ_ERANGE for a
 * bad score or an overflow (above). */
CXJ_EXTERN int cxj_metric_add(cxj_metric *m, double score);
/* One answer with its weight. CXJ_ERANGE for a bad score or weight, or an
 * overflow. */
CXJ_EXTERN int cxj_metric_add_weighted(cxj_metric *m, double score,
				       double weight);
/* scores[0..n-1], weight 1 each, all or nothing. CXJ_EINVAL for NULL
 * scores when n > 0; CXJ_ERANGE for the first bad score (the message names
 * its index) or an overflow. */
CXJ_EXTERN int cxj_metric_add_array(cxj_metric *m, const double *scores,
				    size_t n);
/* scores[i] with weights[i], all or nothing. CXJ_EINVAL for NULL scores or
 * weights when n > 0; CXJ_ERANGE for the first bad weight or score (the
 * message names its index) or an overflow. */
CXJ_EXTERN int cxj_metric_add_weighted_array(cxj_metric *m,
					     const double *scores,
					     const double *weights, size_t n);
/* count answers of one score at once (a category count, weight 1 each).
 * CXJ_ERANGE for a bad score or a count that would overflow. */
CXJ_EXTERN int cxj_metric_add_count(cxj_metric *m, double score,
				    uint64_t count);
/* Adds every answer of from into into: the result is the state one metric
 * fed both inputs would hold. Kinds must match (CXJ_EINVAL), and so must
 * KPI units when both are set; an unset unit takes from's. CXJ_EINVAL also
 * for a NULL metric or into == from, CXJ_ERANGE when the count or the sums
 * would overflow, CXJ_ENOMEM; a failed merge changes nothing. */
CXJ_EXTERN int cxj_metric_merge(cxj_metric *into, const cxj_metric *from);

/* The unit of a KPI ("s", "min", "%"): 1..255 bytes of UTF-8; NULL or ""
 * clears it. Other kinds have no unit (CXJ_EINVAL). The setter copies it:
 * CXJ_EINVAL also for a longer unit or one that is not UTF-8, CXJ_ENOMEM.
 * The getter never returns NULL ("" when unset or for NULL); the string is
 * the metric's, valid until the unit changes or the metric is freed. */
CXJ_EXTERN int cxj_metric_set_unit(cxj_metric *m, const char *unit);
CXJ_EXTERN const char *cxj_metric_unit(const cxj_metric *m);

/* The scale of a survey kind (CSAT 1..5, NPS 0..10, CES 1..7) into *lo and
 * *hi, either of which may be NULL; CXJ_EINVAL for CXJ_KPI or an unknown
 * kind. */
CXJ_EXTERN int cxj_metric_kind_scale(cxj_metric_kind kind, int *lo, int *hi);
/* "csat", "nps", "ces", "kpi"; "unknown" otherwise. A static string. */
CXJ_EXTERN const char *cxj_metric_kind_name(cxj_metric_kind kind);
/* The reverse, ASCII case-insensitive, into *out (which may be NULL);
 * CXJ_EINVAL for other names and NULL. */
CXJ_EXTERN int cxj_metric_kind_from_name(const char *name,
					 cxj_metric_kind *out);
/* "wilson", "agresti-coull", "wald", ...; "default" and "unknown". A static
 * string. */
CXJ_EXTERN const char *cxj_method_name(cxj_method method);
/* The names of the other enumerations of metrics: "value", "mean",
 * "top-box"; "below", "above"; "bonferroni", "holm", "bh"; "unknown" for
 * a value out of range. Static strings; they cannot fail. */
CXJ_EXTERN const char *cxj_figure_name(cxj_metric_figure figure);
CXJ_EXTERN const char *cxj_alternative_name(cxj_alternative alternative);
CXJ_EXTERN const char *cxj_p_adjust_name(cxj_p_adjust_method method);

/* ---- answers ---- */
/* Answers added, zero weights included; 0 for NULL. */
CXJ_EXTERN uint64_t cxj_metric_count(const cxj_metric *m);
/* The sum of their weights; the count for unweighted data, 0 for NULL. */
CXJ_EXTERN double cxj_metric_weight_sum(const cxj_metric *m);
/* Kish effective sample size; equals the count for unweighted data; 0
 * without answers of weight above 0. */
CXJ_EXTERN double cxj_metric_effective_n(const cxj_metric *m);
/* The value of the kind (see cxj_metric_kind): top-two-box percent, NPS or
 * mean; NaN without answers of weight above 0. */
CXJ_EXTERN double cxj_metric_value(const cxj_metric *m); /* NaN when empty */
/* Standard error of the value, in the value's unit; NaN when it cannot be
 * estimated (no answers; for a mean, an effective sample size of 1 or
 * less, as with a single answer). */
CXJ_EXTERN double cxj_metric_stderr(const cxj_metric *m);
/* The mean score, any kind; NaN without answers of weight above 0. */
CXJ_EXTERN double cxj_metric_mean(const cxj_metric *m);
/* Every figure at once into *out, whose version the caller sets
 * (CXJ_METRIC_SUMMARY_INIT). CXJ_EINVAL for a NULL argument or an unknown
 * version. */
CXJ_EXTERN int cxj_metric_summarize(const cxj_metric *m,
				    cxj_metric_summary *out);
/* Answers and their weight sum at one point of a survey scale; 0 for a
 * score off the scale, for a KPI and for NULL. */
CXJ_EXTERN uint64_t cxj_metric_point_count(const cxj_metric *m, int score);
CXJ_EXTERN double cxj_metric_point_weight(const cxj_metric *m, int score);

/* ---- uncertainty and tests ----
 * level is the confidence level, strictly between 0 and 1. Too few answers
 * for the method: CXJ_EINVAL with a message. */
/* The interval of the value by the default method, into *lo and *hi
 * (either may be NULL). CXJ_EINVAL for a NULL metric, a bad level or too
 * few answers. */
CXJ_EXTERN int cxj_metric_ci(const cxj_metric *m, double level, double *lo,
			     double *hi);
/* The interval of figure by method (see cxj_method) into *out, whose
 * version the caller sets. CXJ_EINVAL for a NULL argument, an unknown
 * version, figure or method, a method that does not fit the figure, a
 * KPI's top box, a bad level or too few answers. */
CXJ_EXTERN int cxj_metric_interval(const cxj_metric *m,
				   cxj_metric_figure figure, cxj_method method,
				   double level, cxj_interval *out);
/* The value of a against b, default method; kinds must match. Errors as
 * for cxj_metric_compare_with (CXJ_EINVAL). */
CXJ_EXTERN int cxj_metric_compare(const cxj_metric *a, const cxj_metric *b,
				  cxj_comparison *out);
/* figure of a against b (a minus b) by method into *out, whose version the
 * caller sets. CXJ_EINVAL for a NULL argument, an unknown version, kinds
 * that differ, a figure or method that does not apply, too few answers on
 * either side, or a nonzero difference without variance to test it (every
 * answer in each metric alike). */
CXJ_EXTERN int cxj_metric_compare_with(const cxj_metric *a,
				       const cxj_metric *b,
				       cxj_metric_figure figure,
				       cxj_method method, cxj_comparison *out);
/* Is the figure significantly below (or above) target? target is in the
 * figure's unit: percent for top box (strictly inside 0..100 for the score
 * test), -100..100 for NPS. The result goes to *out, whose version the
 * caller sets. CXJ_EINVAL for a NULL argument, an unknown version or
 * alternative, a figure or method that does not apply, too few answers, or
 * an estimate without variance (every answer alike); CXJ_ERANGE for a
 * target that is not finite or out of its range. */
CXJ_EXTERN int cxj_metric_test_target(const cxj_metric *m,
				      cxj_metric_figure figure, double target,
				      cxj_alternative alternative,
				      cxj_method method, cxj_target_test *out);

/* ---- finite populations ----
 * The three calls above for answers drawn from a finite population of N
 * units, given as population (a survey of 40 of 300 customer accounts),
 * with the finite-population correction. A population of 0 or INFINITY
 * is unbounded and gives exactly the result of the call without _fpc.
 * Otherwise it must be a whole number at least the metric's count n
 * (cxj_metric_count: the units sampled, zero weights included):
 * CXJ_ERANGE for NaN, a negative or fractional population, or one below n
 * (the message names both numbers).
 *
 * With fpc^2 = (N - n) / (N - 1), the correction multiplies each standard
 * error by fpc: Wald, t (df stays n - 1), Welch (df from the corrected
 * variances), and each group's part of the pooled z (the pooled share
 * stays that of the answers). Methods built on a sample size rather than
 * a standard error take the design-effect form instead, as Kish's
 * effective n does: their n becomes n_eff / fpc^2 (Wilson and
 * Agresti-Coull intervals, the Wilson score target test, adjusted Wald
 * wherever it is used). Weighted data keep Kish's n_eff; fpc uses the
 * count n and N. Results keep their fields: std_error is the corrected
 * one, an interval's n stays n_eff.
 *
 * A census (N == n) has no sampling error: its interval is the estimate
 * itself (lo == hi == estimate, std_error 0, by any method); a target
 * test of a census, and a comparison whose standard error is 0 because
 * of one, fail with CXJ_EINVAL. */
/* cxj_metric_interval for a sample of population units (above) into
 * *out, the caller's struct, whose version the caller sets; written only
 * on success. CXJ_EINVAL as for cxj_metric_interval; CXJ_ERANGE for a bad
 * population or one below the answers. */
CXJ_EXTERN int cxj_metric_interval_fpc(const cxj_metric *m, double population,
				       cxj_metric_figure figure,
				       cxj_method method, double level,
				       cxj_interval *out);
/* cxj_metric_test_target for a sample of population units (above) into
 * *out, the caller's struct, whose version the caller sets; written only
 * on success. CXJ_EINVAL as for cxj_metric_test_target, and for a census;
 * CXJ_ERANGE for a bad target, a bad population or one below the
 * answers. */
CXJ_EXTERN int cxj_metric_test_target_fpc(const cxj_metric *m,
					  double population,
					  cxj_metric_figure figure,
					  double target,
					  cxj_alternative alternative,
					  cxj_method method,
					  cxj_target_test *out);
/* cxj_metric_compare_with for a sample of population_a units in a and of
 * population_b in b (above; either may be 0 for unbounded) into *out, the
 * caller's struct, whose version the caller sets; written only on
 * success. CXJ_EINVAL as for cxj_metric_compare_with, and for a difference
 * whose standard error is 0 because a or b is a census (even a difference
 * of 0); CXJ_ERANGE for a bad population or one below its metric's
 * answers (the message names population_a or population_b). */
CXJ_EXTERN int cxj_metric_compare_fpc(const cxj_metric *a, double population_a,
				      const cxj_metric *b, double population_b,
				      cxj_metric_figure figure,
				      cxj_method method, cxj_comparison *out);

/* ---- planning ----
 * Answers needed so that the half-width of a level interval is at most
 * margin, from an expected figure (normal approximation for percents,
 * t for means). Percents and margins of percents are 0..100 points. */
/* The answers to estimate a percent expected near expected_percent.
 * CXJ_EINVAL for a NULL out, a margin that is not a positive number or a
 * bad level; CXJ_ERANGE for a percent outside 0..100 or an answer past
 * 9e15. */
CXJ_EXTERN int cxj_sample_size_proportion(double expected_percent,
					  double margin, double level,
					  uint64_t *out);
/* The same for an NPS from its expected shares of promoters and
 * detractors: CXJ_ERANGE also when they add up to more than 100. */
CXJ_EXTERN int cxj_sample_size_nps(double promoters_percent,
				   double detractors_percent, double margin,
				   double level, uint64_t *out);
/* The same for a mean, sd being the answers' standard deviation in the
 * unit of margin: the smallest n whose t interval fits. CXJ_EINVAL for a
 * NULL out, an sd or margin that is not a positive number or a bad level;
 * CXJ_ERANGE for an answer past 9e15. */
CXJ_EXTERN int cxj_sample_size_mean(double sd, double margin, double level,
				    uint64_t *out);
/* Answers per group to detect the difference between two groups with a
 * two-sided test at alpha with the given power (normal approximation:
 * pooled-variance null for proportions). CXJ_EINVAL for a NULL out, alpha
 * or power outside (0, 1), or groups that do not differ; CXJ_ERANGE for a
 * percent outside 0..100, promoters and detractors adding up to more than
 * 100, or an answer past 9e15. */
CXJ_EXTERN int cxj_sample_size_two_proportions(double percent_a,
					       double percent_b, double alpha,
					       double power, uint64_t *out);
CXJ_EXTERN int cxj_sample_size_two_nps(double promoters_a,
				       double detractors_a,
				       double promoters_b,
				       double detractors_b, double alpha,
				       double power, uint64_t *out);
/* difference is in the unit of sd. CXJ_EINVAL also for a difference that
 * is 0 or not finite, or an sd that is not a positive number. */
CXJ_EXTERN int cxj_sample_size_two_means(double difference, double sd,
					 double alpha, double power,
					 uint64_t *out);

/* Adjusted p-values for n tests, in the input order; out may be p. A p-value
 * outside 0..1 or NaN: CXJ_ERANGE. CXJ_EINVAL for a NULL p or out when
 * n > 0, or an unknown method; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_p_adjust(const double *p, size_t n,
			    cxj_p_adjust_method method, double *out);

/* ---- state ----
 * A portable byte string (little-endian, IEEE-754 doubles, a magic and a
 * format version) that cxj_metric_state_load turns back into an equal
 * metric, on any machine. Free the bytes with cxj_free. Malformed,
 * truncated or inconsistent bytes: CXJ_EPARSE. */
/* The state of m as new bytes in *bytes, freed with cxj_free, and their
 * number in *len. CXJ_EINVAL for a NULL argument, CXJ_ENOMEM. */
CXJ_EXTERN int cxj_metric_state_save(const cxj_metric *m, uint8_t **bytes,
				     size_t *len);
/* A new metric from the len bytes at bytes in *out, freed with
 * cxj_metric_free. CXJ_EINVAL for a NULL out, or NULL bytes with len > 0;
 * CXJ_EPARSE (above); CXJ_ENOMEM. */
CXJ_EXTERN int cxj_metric_state_load(const uint8_t *bytes, size_t len,
				     cxj_metric **out);

#ifdef __cplusplus
}
#endif

#endif
