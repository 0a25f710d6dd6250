/* libcxjourney: key-driver analysis. Which touchpoints move the overall
 * journey score most (importance) against how well they do (performance). */
#ifndef CXJOURNEY_DRIVERS_H
#define CXJOURNEY_DRIVERS_H

#include "common.h"
#include "correlation.h"
#include "journey.h"
#include "metric.h"
#include "responses.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cxj_quadrant {
	CXJ_QUADRANT_NONE = 0,	   /* too few paired answers: not ranked */
	CXJ_QUADRANT_FIX_FIRST = 1, /* important, performing below average */
	CXJ_QUADRANT_STRENGTH = 2,  /* important, performing above average */
	CXJ_QUADRANT_LOW_PRIORITY = 3, /* less important, below average */
	CXJ_QUADRANT_MAINTAIN = 4	   /* less important, above average */
} cxj_quadrant;

/* Fill with CXJ_DRIVER_OPTIONS_INIT; fields are only ever appended. */
typedef struct cxj_driver_options {
	unsigned int version;
	/* The touchpoint answers that explain the outcome: CXJ_CSAT, CXJ_NPS
	 * or CXJ_CES. */
	cxj_metric_kind touchpoint_metric; /* CXJ_CSAT */
	cxj_corr_method method;		   /* CXJ_SPEARMAN */
	/* A touchpoint needs this many respondents who answered both it
	 * and the outcome to be ranked (at least 3). */
	size_t min_pairs; /* 10 */
	/* Only answers of this segment; NULL: all. */
	const char *segment;
} cxj_driver_options;

#define CXJ_DRIVER_OPTIONS_VERSION 1
#define CXJ_DRIVER_OPTIONS_INIT                                                \
	{                                                                      \
		CXJ_DRIVER_OPTIONS_VERSION, CXJ_CSAT, CXJ_SPEARMAN, 10, NULL   \
	}

/* One touchpoint's figures. Fill with CXJ_DRIVER_INIT before
 * cxj_drivers_get; fields are only ever appended. */
typedef struct cxj_driver {
	unsigned int version;
	const char *touchpoint; /* borrowed from the result */
	const char *stage;	/* borrowed from the result */
	size_t pairs;		/* respondents with both answers */
	double importance;	/* correlation with the outcome; NaN if unranked */
	double p_value;		/* of that correlation; NaN if unranked */
	/* Johnson's raw relative weight (they sum to the model R squared)
	 * and its share of R squared in percent; NaN if unranked. */
	double relative_weight;
	double relative_share;
	double performance; /* the touchpoint's metric value, all answers */
	uint64_t answers;   /* answers behind the performance */
	cxj_quadrant quadrant;
} cxj_driver;

#define CXJ_DRIVER_VERSION 1
#define CXJ_DRIVER_INIT                                                        \
	{                                                                      \
		CXJ_DRIVER_VERSION, NULL, NULL, 0, 0, 0, 0, 0, 0, 0,           \
		    CXJ_QUADRANT_NONE                                          \
	}

typedef struct cxj_drivers cxj_drivers;

/* For bindings that cannot use the _INIT macros: fill the struct with its
 * _INIT value and set its version; CXJ_EINVAL for a NULL struct or a
 * version this library does not know (0, or above the current one). */
CXJ_EXTERN int cxj_driver_options_init(cxj_driver_options *opts,
				       unsigned int version);
CXJ_EXTERN int cxj_driver_init(cxj_driver *driver, unsigned int version);

/* Explains the outcome (CXJ_NPS, CXJ_CSAT or CXJ_CES answers naming the
 * journey itself) by the touchpoint answers of the same respondents. A
 * respondent's several answers to one question are averaged. Every
 * touchpoint with answers is listed: ranked ones first, sorted so that the
 * worst important touchpoints come first (fix first by performance,
 * strength by importance, low priority by performance, maintain by
 * importance), then the unranked ones in map order. opts may be NULL.
 * CXJ_EINVAL when fewer than 3 respondents answered the outcome; with no
 * touchpoint ranked the call succeeds and cxj_drivers_r2 is NaN. The
 * result is new, freed with cxj_drivers_free, and outlives the journey and
 * the responses. CXJ_EINVAL also for a NULL argument, an unknown options
 * version, an outcome or touchpoint metric other than the three, an
 * unknown method or min_pairs below 3; CXJ_ELIMIT when respondents times
 * touchpoints do not fit in memory addresses; CXJ_ERANGE when the relative
 * weights' eigen-decomposition does not converge; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_journey_drivers(const cxj_journey *journey,
				   const cxj_responses *responses,
				   cxj_metric_kind outcome,
				   const cxj_driver_options *opts,
				   cxj_drivers **out);
/* Frees the result; NULL is a no-op. */
CXJ_EXTERN void cxj_drivers_free(cxj_drivers *drivers);
/* Touchpoints listed; 0 for NULL. */
CXJ_EXTERN size_t cxj_drivers_count(const cxj_drivers *drivers);
/* Touchpoints that were ranked (they come first); 0 for NULL. */
CXJ_EXTERN size_t cxj_drivers_ranked(const cxj_drivers *drivers);
/* The model R squared of the relative weights; the averages of importance
 * and performance over the ranked touchpoints that split the quadrants.
 * NaN for NULL or without a ranked touchpoint (R squared also when the
 * ranked touchpoints are collinear). */
CXJ_EXTERN double cxj_drivers_r2(const cxj_drivers *drivers);
CXJ_EXTERN double cxj_drivers_mean_importance(const cxj_drivers *drivers);
CXJ_EXTERN double cxj_drivers_mean_performance(const cxj_drivers *drivers);
/* Respondents with an outcome answer; 0 for NULL. */
CXJ_EXTERN size_t cxj_drivers_respondents(const cxj_drivers *drivers);
/* Copies the driver at index into *out, whose version the caller sets; its
 * ids are the result's, valid until cxj_drivers_free. CXJ_EINVAL for a
 * NULL argument or an unknown version, CXJ_ENOTFOUND when index is out of
 * range. */
CXJ_EXTERN int cxj_drivers_get(const cxj_drivers *drivers, size_t index,
			       cxj_driver *out);
/* "fix first", "strength", "low priority", "maintain"; "not ranked"
 * otherwise. A static string. */
CXJ_EXTERN const char *cxj_quadrant_name(cxj_quadrant quadrant);

#ifdef __cplusplus
}
#endif

#endif
