/* drivers_math.c: the linear algebra of key-driver analysis, a symmetric
 * eigen-solver (cyclic Jacobi) and Johnson's relative weights. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "stats.h"

/* Jacobi rotations converge quadratically once the off-diagonal part is
 * small; this many sweeps is far beyond what any p seen here needs. */
#define JACOBI_SWEEPS 100

int cxj__sym_eigen(double *a, size_t p, double *values, double *vectors)
{
	size_t i, j, k, sweep;
	double scale = 0;
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++) {
			vectors[i * p + j] = i == j;
			scale += a[i * p + j] * a[i * p + j];
		}
	for (sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
		double off = 0;
		for (i = 0; i < p; i++)
			for (j = i + 1; j < p; j++)
				off += a[i * p + j] * a[i * p + j];
		if (off <= scale * DBL_EPSILON * DBL_EPSILON * 1e-4 ||
		    off == 0)
			break;
		for (i = 0; i < p; i++) {
			for (j = i + 1; j < p; j++) {
				double apq = a[i * p + j], theta, t, c, s, tau;
				if (apq == 0)
					continue;
				/* the rotation that zeroes a[i][j]: t = tan of
				 * the angle, the smaller root for stability */
				theta = (a[j * p + j] - a[i * p + i]) /
					(2 * apq);
				t = 1 / (fabs(theta) + sqrt(theta * theta + 1));
				if (theta < 0)
					t = -t;
				if (isinf(theta * theta))
					t = 1 / (2 * theta);
				c = 1 / sqrt(t * t + 1);
				s = t * c;
				tau = s / (1 + c);
				a[i * p + i] -= t * apq;
				a[j * p + j] += t * apq;
				a[i * p + j] = a[j * p + i] = 0;
				for (k = 0; k < p; k++) {
					double g, h;
					if (k != i && k != j) {
						g = a[k * p + i];
						h = a[k * p + j];
						a[k * p + i] = a[i * p + k] =
							g - s * (h + g * tau);
						a[k * p + j] = a[j * p + k] =
							h + s * (g - h * tau);
					}
					g = vectors[k * p + i];
					h = vectors[k * p + j];
					vectors[k * p + i] = g - s * (h + g * tau);
					vectors[k * p + j] = h + s * (g - h * tau);
				}
			}
		}
	}
	if (sweep == JACOBI_SWEEPS)
		return cxj__error(CXJ_ERANGE,
				  "eigen-decomposition did not converge");
	for (i = 0; i < p; i++)
		values[i] = a[i * p + i];
	/* ascending, vectors alongside (selection sort: p is small) */
	for (i = 0; i < p; i++) {
		size_t m = i;
		for (j = i + 1; j < p; j++)
			if (values[j] < values[m])
				m = j;
		if (m != i) {
			double t = values[i];
			values[i] = values[m];
			values[m] = t;
			for (k = 0; k < p; k++) {
				t = vectors[k * p + i];
				vectors[k * p + i] = vectors[k * p + m];
				vectors[k * p + m] = t;
			}
		}
	}
	return CXJ_OK;
}

int cxj__relative_weights_corr(const double *rxx, const double *rxy, size_t p,
			       double *weights, double *r2)
{
	double *a, *q, *lam, *half, *beta, total = 0;
	size_t i, j, k;
	int rc;
	if (p == 0 || p > SIZE_MAX / sizeof(double) / 3 / p)
		return cxj__error(CXJ_EINVAL, "%zu predictors", p);
	a = cxj__malloc((3 * p * p + 2 * p) * sizeof *a);
	if (!a)
		return cxj__nomem();
	q = a + p * p;
	half = q + p * p;
	lam = half + p * p;
	beta = lam + p;
	memcpy(a, rxx, p * p * sizeof *a);
	rc = cxj__sym_eigen(a, p, lam, q);
	if (rc)
		goto done;
	if (!(lam[0] > 1e-12 * lam[p - 1])) {
		rc = cxj__error(CXJ_EINVAL,
				"predictors are collinear (smallest "
				"eigenvalue of their correlations %g)",
				lam[0]);
		goto done;
	}
	/* half = Q diag(sqrt(lambda)) Q', the correlations between the
	 * predictors and their closest orthonormal counterparts; beta, the
	 * outcome's regression on those, is Q diag(1/sqrt(lambda)) Q' rxy */
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++) {
			double s = 0;
			for (k = 0; k < p; k++)
				s += q[i * p + k] * sqrt(lam[k]) * q[j * p + k];
			half[i * p + j] = s;
		}
	for (k = 0; k < p; k++) {
		double s = 0;
		for (j = 0; j < p; j++)
			s += q[j * p + k] * rxy[j];
		a[k] = s / sqrt(lam[k]); /* a is free again */
	}
	for (i = 0; i < p; i++) {
		double s = 0;
		for (k = 0; k < p; k++)
			s += q[i * p + k] * a[k];
		beta[i] = s;
	}
	/* each predictor's share: its squared loadings on the orthogonal
	 * variables times their squared weights */
	for (j = 0; j < p; j++) {
		double s = 0;
		for (k = 0; k < p; k++)
			s += half[j * p + k] * half[j * p + k] * beta[k] *
			     beta[k];
		weights[j] = s;
	}
	for (k = 0; k < p; k++)
		total += beta[k] * beta[k];
	if (r2)
		*r2 = total;
done:
	cxj__free(a);
	return rc;
}

/* The variables of cxj_relative_weights: 0..p-1 the predictors, columns
 * of x (n rows each), p the outcome y. */
static double var_at(const double *x, const double *y, size_t n, size_t p,
		     size_t i, size_t j)
{
	return j < p ? x[j * n + i] : y[i];
}

/* Pass one: the sums of the q = p + 1 variables over the complete rows
 * (no NaN), *m of them; an infinite value before a row's first NaN is
 * CXJ_EINVAL. */
static int sum_complete_rows(const double *x, const double *y, size_t n,
			     size_t p, double *sum, size_t *m)
{
	size_t i, j, q = p + 1, rows = 0;
	for (i = 0; i < n; i++) {
		int ok = 1;
		for (j = 0; j < q && ok; j++) {
			double v = var_at(x, y, n, p, i, j);
			if (isnan(v))
				ok = 0;
			else if (isinf(v))
				return cxj__error(CXJ_EINVAL,
						  "%s[%zu] is infinite",
						  j < p ? "x" : "y", i);
		}
		if (!ok)
			continue;
		rows++;
		for (j = 0; j < q; j++)
			sum[j] += var_at(x, y, n, p, i, j);
	}
	*m = rows;
	return CXJ_OK;
}

/* Pass two: the centered cross-products of the complete rows into cov
 * (q x q, zeroed), with the deviation sums in w (zeroed) correcting the
 * rounding of the means; d is scratch of q. */
static void cross_products(const double *x, const double *y, size_t n,
			   size_t p, const double *mean, size_t m,
			   double *cov, double *d, double *w)
{
	size_t i, j, k, q = p + 1;
	for (i = 0; i < n; i++) {
		int ok = 1;
		for (j = 0; j < q && ok; j++)
			ok = !isnan(var_at(x, y, n, p, i, j));
		if (!ok)
			continue;
		for (j = 0; j < q; j++) {
			d[j] = var_at(x, y, n, p, i, j) - mean[j];
			w[j] += d[j];
		}
		for (j = 0; j < q; j++)
			for (k = j; k < q; k++)
				cov[j * q + k] += d[j] * d[k];
	}
	for (j = 0; j < q; j++)
		for (k = j; k < q; k++) {
			cov[j * q + k] -= w[j] * w[k] / (double)m;
			cov[k * q + j] = cov[j * q + k];
		}
}

/* CXJ_EINVAL naming the first variable without variance. */
static int check_variances(const double *cov, size_t p)
{
	size_t j, q = p + 1;
	for (j = 0; j < q; j++)
		if (!(cov[j * q + j] > 0))
			return j < p ? cxj__error(CXJ_EINVAL,
						  "predictor %zu is constant",
						  j)
				     : cxj__error(CXJ_EINVAL,
						  "the outcome is constant");
	return CXJ_OK;
}

/* The predictors' correlations rxx (p x p, compact: cov has row stride
 * q) and their correlations with the outcome rxy, from cov. */
static void correlations(const double *cov, size_t p, double *rxx,
			 double *rxy)
{
	size_t j, k, q = p + 1;
	for (j = 0; j < p; j++) {
		for (k = 0; k < p; k++)
			rxx[j * p + k] =
				j == k ? 1
				       : cov[j * q + k] / sqrt(cov[j * q + j] *
							       cov[k * q + k]);
		rxy[j] = cov[j * q + p] / sqrt(cov[j * q + j] * cov[p * q + p]);
	}
}

int cxj_relative_weights(const double *x, size_t n, size_t p,
			 const double *y, double *weights_out, double *r2_out)
{
	double *mean, *cov, *d, *rxx, *rxy, *w, r2;
	size_t j, m = 0, q = p + 1;
	int rc;
	if (!x || !y || !weights_out)
		return cxj__error(CXJ_EINVAL, "%s is NULL",
				  !x ? "x" : !y ? "y" : "weights_out");
	if (p == 0)
		return cxj__error(CXJ_EINVAL, "no predictors");
	if (n > SIZE_MAX / q || q > SIZE_MAX / sizeof(double) / 4 / q)
		return cxj__error(CXJ_EINVAL,
				  "%zu rows of %zu predictors are too many",
				  n, p);
	mean = cxj__calloc(q * q + 3 * q + p, sizeof *mean);
	if (!mean)
		return cxj__nomem();
	cov = mean + q;
	d = cov + q * q;
	w = d + q;
	rxy = w + q;
	if ((rc = sum_complete_rows(x, y, n, p, mean, &m)))
		goto fail;
	if (m < p + 2) {
		rc = cxj__error(CXJ_EINVAL,
				"%zu complete rows for %zu predictors, need "
				"at least %zu",
				m, p, p + 2);
		goto fail;
	}
	for (j = 0; j < q; j++)
		mean[j] /= (double)m;
	cross_products(x, y, n, p, mean, m, cov, d, w);
	if ((rc = check_variances(cov, p)))
		goto fail;
	rxx = cxj__malloc(p * p * sizeof *rxx);
	if (!rxx) {
		rc = cxj__nomem();
		goto fail;
	}
	correlations(cov, p, rxx, rxy);
	rc = cxj__relative_weights_corr(rxx, rxy, p, w, &r2);
	cxj__free(rxx);
	if (rc)
		goto fail;
	memcpy(weights_out, w, p * sizeof *w);
	if (r2_out)
		*r2_out = r2;
	cxj__free(mean);
	return CXJ_OK;
fail:
	cxj__free(mean);
	return rc;
}
