/* libcxjourney: metric accumulators (CSAT, NPS, CES, KPI). A metric is a
 * mergeable histogram or moment state that answers value, uncertainty and
 * comparison, and serializes to portable bytes. */
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
} cxj_comparison;

#define CXJ_COMPARISON_VERSION 1
#define CXJ_COMPARISON_INIT {CXJ_COMPARISON_VERSION, 0, 0, 0, 0, 0}

CXJ_EXTERN int cxj_metric_new(cxj_metric_kind kind, cxj_metric **out);
CXJ_EXTERN void cxj_metric_free(cxj_metric *m);
CXJ_EXTERN int cxj_metric_add(cxj_metric *m, double score);
CXJ_EXTERN int cxj_metric_add_weighted(cxj_metric *m, double score,
				       double weight);
CXJ_EXTERN int cxj_metric_add_array(cxj_metric *m, const double *scores,
				    size_t n);
CXJ_EXTERN uint64_t cxj_metric_count(const cxj_metric *m);
CXJ_EXTERN double cxj_metric_value(const cxj_metric *m); /* NaN when empty */
CXJ_EXTERN double cxj_metric_stderr(const cxj_metric *m);
CXJ_EXTERN int cxj_metric_ci(const cxj_metric *m, double level, double *lo,
			     double *hi);
CXJ_EXTERN int cxj_metric_compare(const cxj_metric *a, const cxj_metric *b,
				  cxj_comparison *out);
CXJ_EXTERN int cxj_metric_merge(cxj_metric *into, const cxj_metric *from);

#ifdef __cplusplus
}
#endif

#endif
