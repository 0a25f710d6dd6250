/* association.c: Pearson's chi-square test of independence and Cramér's V
 * (plain and bias-corrected) for a contingency table the host passes. */
#include <math.h>

#include "alloc.h"
#include "stats.h"

CXJ__VERSIONED(result_type, cxj_association_result,
	       CXJ_ASSOCIATION_RESULT_INIT, sizeof(cxj_association_result));

int cxj_association_result_init(cxj_association_result *result,
				unsigned int version)
{
	return cxj__versioned_init(&result_type, result, version, "result");
}

/* One of the two count arrays is given. */
static double cell(const double *d, const uint64_t *u, size_t i)
{
	return d ? d[i] : (double)u[i];
}

/* CXJ_EINVAL unless the table is at least 2 x 2, fits in memory with
 * its margins, and holds counts: finite and not negative. */
static int check_table(const double *d, const uint64_t *u, size_t rows,
		       size_t cols)
{
	if (rows < 2 || cols < 2)
		return cxj__error(CXJ_EINVAL,
				  "a %zu x %zu table, need at least 2 x 2",
				  rows, cols);
	if (!d && !u)
		return cxj__error(CXJ_EINVAL, "counts is NULL");
	if (rows > SIZE_MAX / cols || rows + cols < rows ||
	    rows + cols > SIZE_MAX / sizeof(double))
		return cxj__error(CXJ_EINVAL, "a %zu x %zu table is too large",
				  rows, cols);
	for (size_t i = 0; i < rows * cols; i++) {
		double v = cell(d, u, i);
		if (!(v >= 0) || isinf(v))
			return cxj__error(CXJ_EINVAL,
					  "counts[%zu][%zu] = %g is not a "
					  "count",
					  i / cols, i % cols, v);
	}
	return CXJ_OK;
}

/* Row totals rt and column totals ct (zeroed by the caller), the grand
 * total, and the rows and columns that hold any count. */
static void margins(const double *d, const uint64_t *u, size_t rows,
		    size_t cols, double *rt, double *ct, double *total,
		    size_t *ru, size_t *cu)
{
	double sum = 0;
	size_t i, j, nr = 0, nc = 0;
	for (i = 0; i < rows; i++)
		for (j = 0; j < cols; j++) {
			double v = cell(d, u, i * cols + j);
			rt[i] += v;
			ct[j] += v;
		}
	for (i = 0; i < rows; i++) {
		sum += rt[i];
		nr += rt[i] > 0;
	}
	for (j = 0; j < cols; j++)
		nc += ct[j] > 0;
	*total = sum;
	*ru = nr;
	*cu = nc;
}

/* Pearson's statistic over the rows and columns that hold counts, and the
 * smallest expected count among them. */
static void chi_square(const double *d, const uint64_t *u, size_t rows,
		       size_t cols, const double *rt, const double *ct,
		       double total, double *chi2, double *min_e)
{
	double sum = 0, least = INFINITY;
	for (size_t i = 0; i < rows; i++) {
		if (!(rt[i] > 0))
			continue;
		for (size_t j = 0; j < cols; j++) {
			double e, o;
			if (!(ct[j] > 0))
				continue;
			/* expected = row total * column total / total */
			e = rt[i] / total * ct[j];
			o = cell(d, u, i * cols + j);
			sum += (o - e) * (o - e) / e;
			if (e < least)
				least = e;
		}
	}
	*chi2 = sum;
	*min_e = least;
}

/* Bergsma: shrink phi^2 by its expectation under independence and the
 * table's dimensions (r x c used) by their small-sample bias. */
static double cramers_v_corrected(double chi2, double total, double r,
				  double c)
{
	double nm1 = total - 1;
	double phi2 = fmax(0, chi2 / total - (r - 1) * (c - 1) / nm1);
	double rr = r - (r - 1) * (r - 1) / nm1;
	double cc = c - (c - 1) * (c - 1) / nm1;
	double den = fmin(rr - 1, cc - 1);
	return nm1 > 0 && den > 0 ? sqrt(phi2 / den) : NAN;
}

static int associate(const double *d, const uint64_t *u, size_t rows,
		     size_t cols, cxj_association_result *out)
{
	cxj_association_result res;
	double *rt, total, chi2, min_e, k, r, c;
	size_t ru, cu;
	int rc;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	if (cxj__versioned_read(&result_type, out, &res))
		return CXJ_EINVAL;
	if ((rc = check_table(d, u, rows, cols)))
		return rc;
	rt = cxj__calloc(rows + cols, sizeof *rt);
	if (!rt)
		return cxj__nomem();
	margins(d, u, rows, cols, rt, rt + rows, &total, &ru, &cu);
	if (ru < 2 || cu < 2) {
		cxj__free(rt);
		return cxj__error(CXJ_EINVAL,
				  "%zu non-empty rows and %zu non-empty "
				  "columns, need at least 2 of each",
				  ru, cu);
	}
	chi_square(d, u, rows, cols, rt, rt + rows, total, &chi2, &min_e);
	cxj__free(rt);
	r = (double)ru;
	c = (double)cu;
	k = r < c ? r : c;
	res.chi2 = chi2;
	res.df = (r - 1) * (c - 1);
	res.p_value = cxj__chi2_sf(chi2, res.df);
	res.cramers_v = sqrt(chi2 / (total * (k - 1)));
	res.cramers_v_corrected = cramers_v_corrected(chi2, total, r, c);
	res.total = total;
	res.min_expected = min_e;
	res.low_expected = min_e < 5;
	res.rows_used = ru;
	res.cols_used = cu;
	cxj__versioned_write(&result_type, out, &res);
	return CXJ_OK;
}

int cxj_association(const double *counts, size_t rows, size_t cols,
		    cxj_association_result *out)
{
	if (!counts)
		return cxj__error(CXJ_EINVAL, "counts is NULL");
	return associate(counts, NULL, rows, cols, out);
}

int cxj_association_u64(const uint64_t *counts, size_t rows, size_t cols,
			cxj_association_result *out)
{
	if (!counts)
		return cxj__error(CXJ_EINVAL, "counts is NULL");
	return associate(NULL, counts, rows, cols, out);
}
