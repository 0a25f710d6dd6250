/* libcxjourney: correlation (Pearson, Spearman, Kendall tau-b), categorical
 * association (chi-square, Cramér's V) with the cross-tabulation of answers
 * that feeds it, and Johnson's relative weights. */
#ifndef CXJOURNEY_CORRELATION_H
#define CXJOURNEY_CORRELATION_H

#include "common.h"
#include "responses.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cxj_corr_method {
	CXJ_PEARSON = 1,  /* linear; p-value from the exact beta null */
	CXJ_SPEARMAN = 2, /* Pearson on average ranks; p from t, n - 2 df */
	CXJ_KENDALL_B = 3 /* tau-b; exact p without ties for small n, else
			   * normal with the tie-corrected variance */
} cxj_corr_method;

/* One correlation. Fill with CXJ_CORR_RESULT_INIT (or
 * cxj_corr_result_init()); ci_level is read, the rest is written. Fields are
 * only ever appended. */
typedef struct cxj_corr_result {
	unsigned int version;
	double r;         /* the coefficient, in [-1, 1] */
	double p_value;   /* two-sided, against no association */
	size_t n;         /* complete pairs used (pairs with a NaN skipped) */
	double ci_low;    /* Fisher-z interval, standard error
			   * 1 / sqrt(n - 3), for Pearson and Spearman */
	double ci_high;   /* ([-1, 1] when n = 3); NaN for Kendall */
	double ci_level;  /* in: the interval's level, in (0, 1) */
} cxj_corr_result;

#define CXJ_CORR_RESULT_VERSION 1
#define CXJ_CORR_RESULT_INIT {CXJ_CORR_RESULT_VERSION, 0, 0, 0, 0, 0, 0.95}

/* Sets *result to CXJ_CORR_RESULT_INIT with version set; CXJ_EINVAL for a
 * NULL result or an unknown version. */
CXJ_EXTERN int cxj_corr_result_init(cxj_corr_result *result,
				    unsigned int version);

/* "pearson", "spearman", "kendall-b"; "unknown" for a value out of range.
 * A static string; it cannot fail. */
CXJ_EXTERN const char *cxj_corr_method_name(cxj_corr_method method);

/* Correlates x[i] with y[i], i < n, skipping pairs with a NaN on either
 * side. CXJ_EINVAL for fewer than 3 complete pairs, a constant series, an
 * infinite value (Pearson only; the rank methods order infinities), an
 * unknown method or a ci_level outside (0, 1); *out is only written on
 * success. CXJ_EINVAL also for a NULL out, NULL x or y when n > 0, or an
 * unknown out->version; CXJ_ELIMIT for more than 2^32 - 1 complete pairs;
 * CXJ_ENOMEM. */
CXJ_EXTERN int cxj_correlate(const double *x, const double *y, size_t n,
			     cxj_corr_method method, cxj_corr_result *out);

/* Pairwise-complete correlations of p series of n values each, stored
 * column after column (series j is data[j * n .. j * n + n - 1], NaN for a
 * missing value). Writes the p x p matrices (row-major; symmetric): r_out,
 * and when not NULL p_out (two-sided p-values) and n_out (complete pairs).
 * A pair with fewer than 3 complete values or a constant side gets NaN for
 * r and p (the diagonal is 1 and 0 where the series itself qualifies, else
 * NaN). Fails only for bad arguments (CXJ_EINVAL) or memory (CXJ_ENOMEM),
 * leaving the outputs untouched. */
CXJ_EXTERN int cxj_correlation_matrix(const double *data, size_t n, size_t p,
				      cxj_corr_method method, double *r_out,
				      double *p_out, size_t *n_out);

/* Association in a contingency table (e.g. constraint x experience
 * factor). Fill with CXJ_ASSOCIATION_RESULT_INIT; all fields are written. */
typedef struct cxj_association_result {
	unsigned int version;
	double chi2;                /* Pearson chi-square, no continuity
				     * correction */
	double df;                  /* (rows_used - 1)(cols_used - 1) */
	double p_value;             /* upper tail of chi-square(df) */
	double cramers_v;           /* sqrt(chi2 / (total (min - 1))) */
	double cramers_v_corrected; /* Bergsma (2013) bias-corrected V; NaN
				     * when the table is too small for it */
	double total;               /* sum of the counts */
	double min_expected;        /* smallest expected count */
	int low_expected;           /* 1 when an expected count is below 5 */
	size_t rows_used;           /* rows with a nonzero total */
	size_t cols_used;           /* columns with a nonzero total */
} cxj_association_result;

#define CXJ_ASSOCIATION_RESULT_VERSION 1
#define CXJ_ASSOCIATION_RESULT_INIT                                            \
	{CXJ_ASSOCIATION_RESULT_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/* Sets *result to CXJ_ASSOCIATION_RESULT_INIT with version set; CXJ_EINVAL
 * for a NULL result or an unknown version. */
CXJ_EXTERN int cxj_association_result_init(cxj_association_result *result,
					   unsigned int version);

/* The table is rows x cols counts, row-major (counts[i * cols + j]); counts
 * may be weighted (any finite value >= 0). Rows and columns whose total is
 * zero are left out (they carry no information and would divide by zero);
 * at least two of each must remain, else CXJ_EINVAL, as for a negative or
 * non-finite count. *out is only written on success. CXJ_EINVAL also for
 * NULL counts or out, an unknown out->version, or a table too large to
 * address; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_association(const double *counts, size_t rows,
			       size_t cols, cxj_association_result *out);
/* The same for integer counts, with the same codes (CXJ_EINVAL,
 * CXJ_ENOMEM). */
CXJ_EXTERN int cxj_association_u64(const uint64_t *counts, size_t rows,
				   size_t cols, cxj_association_result *out);

/* ---- cross-tabulating two codings ----
 * Categorical codings stored as answers (for example a "constraint" and an
 * "experience-factor" KPI whose values are category codes) become the
 * contingency table that cxj_association_u64 tests. */
typedef struct cxj_crosstab cxj_crosstab;

/* Counts, over the respondents who answered both metrics, each pair of a
 * code of row_metric and a code of col_metric they gave: a respondent who
 * named two constraints and one factor adds one to two cells. A
 * respondent's repeated code counts once. Codes are the scale points of
 * CSAT, NPS and CES or the values of a KPI; rows and columns are the
 * distinct codes these respondents gave, in ascending order. CXJ_EINVAL
 * when either metric has no answers or no respondent answered both. The
 * table is new, freed with cxj_crosstab_free, and outlives the responses.
 * CXJ_EINVAL also for a NULL argument, "contact" as either metric, or one
 * metric given twice; CXJ_ENOMEM. */
CXJ_EXTERN int cxj_responses_crosstab(const cxj_responses *responses,
				      const char *row_metric,
				      const char *col_metric,
				      cxj_crosstab **out);
/* Frees the table; NULL is a no-op. Its rows and columns: how many (0 for
 * NULL). */
CXJ_EXTERN void cxj_crosstab_free(cxj_crosstab *table);
CXJ_EXTERN size_t cxj_crosstab_rows(const cxj_crosstab *table);
CXJ_EXTERN size_t cxj_crosstab_cols(const cxj_crosstab *table);
/* The code of a row or column; NaN out of range. */
CXJ_EXTERN double cxj_crosstab_row_code(const cxj_crosstab *table, size_t row);
CXJ_EXTERN double cxj_crosstab_col_code(const cxj_crosstab *table, size_t col);
/* All counts, row-major (rows x cols), owned by the table, valid until
 * cxj_crosstab_free; NULL for NULL. */
CXJ_EXTERN const uint64_t *cxj_crosstab_counts(const cxj_crosstab *table);
/* Respondents who answered both metrics; 0 for NULL. */
CXJ_EXTERN size_t cxj_crosstab_respondents(const cxj_crosstab *table);

/* Johnson's (2000) relative weights: how much of the outcome's variance
 * explained by a linear model each predictor carries, through the
 * orthogonal predictors closest to the originals. x holds p predictors of n
 * rows each, column after column (predictor j is x[j * n .. j * n + n - 1]),
 * y the n outcomes; rows with a NaN anywhere are left out. Writes p raw
 * weights into weights_out, which sum to the model R^2, written to *r2_out
 * (may be NULL). CXJ_EINVAL for fewer than p + 2 complete rows, a constant
 * column, infinite values, or predictors so collinear that their
 * correlation matrix is numerically singular. CXJ_EINVAL also for NULL x, y
 * or weights_out, p = 0, or more values than memory can address;
 * CXJ_ERANGE when the eigen-decomposition does not converge; CXJ_ENOMEM.
 * On failure the outputs are untouched. */
CXJ_EXTERN int cxj_relative_weights(const double *x, size_t n, size_t p,
				    const double *y, double *weights_out,
				    double *r2_out);

#ifdef __cplusplus
}
#endif

#endif
