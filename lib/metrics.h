/* metrics.h: the metric accumulator (metric.c), the table of metric kinds
 * (kinds.c) and the rules of a metric state (metric_state.c). */
#ifndef CXJ_METRICS_H
#define CXJ_METRICS_H

#include "base.h"

/* metric.c: the accumulator behind cxj_metric. Survey kinds keep a histogram
 * indexed by the score itself (hist[0] is unused for CSAT and CES); a KPI
 * keeps weighted moments (West's update; Chan's rule when merging). */
#define CXJ__POINTS 11
#define CXJ__UNIT_MAX 255

struct cxj_metric {
	cxj_metric_kind kind;
	int lo, hi;     /* the scale; 0, -1 for a KPI */
	uint64_t count; /* answers, zero weights included */
	double wsum2;   /* sum of squared weights (Kish) */
	uint64_t hist[CXJ__POINTS];
	double hist_w[CXJ__POINTS];
	double wsum;    /* KPI: sum of weights (survey kinds: sum of hist_w) */
	double shift;   /* KPI: the first answer; mean is relative to it */
	double mean, m2, min, max; /* KPI; min/max +inf/-inf when empty */
	char *unit;     /* KPI, or NULL */
};

/* Weighted figures of a metric, the inputs of every interval and test. */
typedef struct cxj__moments {
	double w;     /* weight sum */
	double n;     /* Kish effective n */
	double mean;
	double var;   /* sample variance of the score, n/(n-1) corrected;
			 NaN when n <= 1 */
	double top;   /* top-box share 0..1 (NaN for a KPI or when w = 0) */
	double prom;  /* NPS shares 0..1 */
	double det;
} cxj__moments;

int cxj__metric_alloc(cxj_metric_kind kind, cxj_metric **out);
/* Makes *m an empty metric of kind (a valid one), without a unit. */
void cxj__metric_init(cxj_metric *m, cxj_metric_kind kind);
void cxj__metric_moments(const cxj_metric *m, cxj__moments *out);
/* Whether a KPI's standard error is a number (true below two answers'
 * worth of effective n): adds and loads refuse the states where not. */
int cxj__kpi_stderr_finite(const cxj_metric *m);

/* kinds.c: the table of metric kinds. The value of a kind reports a top-box
 * percent, an NPS or a mean; a target of it lies in target_lo..target_hi. */
typedef enum cxj__value_shape {
	CXJ__VALUE_TOP_BOX,
	CXJ__VALUE_NPS,
	CXJ__VALUE_MEAN
} cxj__value_shape;
typedef struct cxj__kind_info {
	const char *name;
	int lo, hi;   /* the scale; 0, -1 for a KPI */
	int top_from; /* the first point of the top box; 0: none */
	cxj__value_shape value;
	double target_lo, target_hi;
} cxj__kind_info;
/* The row of a kind, or NULL for one that does not exist. */
const cxj__kind_info *cxj__kind_info_of(cxj_metric_kind kind);
/* Whether answers of the kind are points of a scale (not a KPI). */
int cxj__kind_is_survey(cxj_metric_kind kind);
/* An answer store knows four metric names from the start, at these
 * indices: the survey kinds in kind order, then contact. */
#define CXJ__BUILTIN_METRICS 4
/* The index of a built-in metric name (any ASCII case), or -1. */
int cxj__builtin_metric(const char *name, size_t len);
const char *cxj__builtin_metric_name(int index);
/* The kind of the answers at a metric index (0 for contacts). */
cxj_metric_kind cxj__metric_kind_of_index(uint32_t metric_index);
/* 0 when score is a point of a survey kind's scale; else 1 with the
 * message, which quotes the len bytes of text, the score as a file gave it
 * ("csat score '4.5' is not a whole number (the scale is 1..5)"); with text
 * NULL, the number itself ("csat score 6 is outside the scale 1..5", "csat
 * score is NaN, not a point of the scale 1..5"). */
int cxj__point_check(cxj_metric_kind kind, double score, const char *text,
		     size_t len, char *msg, size_t size);
/* The kind a stored metric's name is reserved for ("csat", "nps", "ces",
 * compared exactly), CXJ_KPI for any other name. */
cxj_metric_kind cxj__metric_name_kind(const char *name);

/* metric_state.c: the rules that the answers of a metric read from outside
 * must keep, shared by cxj_metric_state_load and the YAML loader so that
 * both accept exactly the same states. A refusal names the part of the
 * state at fault, for a reader that can point at where it came from. */
typedef enum cxj__state_part {
	CXJ__STATE_SQUARED_WEIGHTS = 1,
	CXJ__STATE_POINT_COUNTS, /* the counts of the scale points together */
	CXJ__STATE_POINT_WEIGHT, /* the weight sum of one point */
	CXJ__STATE_WEIGHT_SUM,	 /* a KPI's moments from here on */
	CXJ__STATE_SHIFT,
	CXJ__STATE_MEAN,
	CXJ__STATE_M2,
	CXJ__STATE_MIN,
	CXJ__STATE_MAX
} cxj__state_part;

typedef struct cxj__state_fault {
	cxj__state_part part;
	int point;	 /* the scale point, for the parts of points */
	const char *why; /* e.g. "a point weight is negative or not finite" */
} cxj__state_fault;

/* Checks every field of m but its unit (kind and scale set as
 * cxj__metric_init sets them): CXJ_OK, or CXJ_EPARSE with the first rule
 * broken in *fault and no error recorded, for the caller to report in its
 * own terms. */
int cxj__metric_check_state(const cxj_metric *m, cxj__state_fault *fault);

#endif
