/* relweights.c: Johnson's relative weights and the symmetric eigen-solver
 * behind them. Small dense matrices (one row per touchpoint) make cyclic
 * Jacobi rotations accurate and simple enough. */
#include <math.h>
#include <string.h>

#include "internal.h"

/* Diagonalizes the symmetric n x n matrix a (row-major; destroyed): on
 * return its diagonal holds the eigenvalues and v (row-major) the
 * eigenvectors as columns. Cyclic Jacobi converges quadratically. */
static void jacobi_eigen(double *a, double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			v[i * n + j] = i == j;
	for (int sweep = 0; sweep < 100; sweep++) {
		double off = 0, scale = 0;
		for (size_t i = 0; i < n; i++) {
			scale += a[i * n + i] * a[i * n + i];
			for (size_t j = i + 1; j < n; j++)
				off += a[i * n + j] * a[i * n + j];
		}
		if (off <= 1e-30 * (scale + 1e-300))
			return;
		for (size_t p = 0; p < n; p++) {
			for (size_t q = p + 1; q < n; q++) {
				double apq = a[p * n + q], theta, t, c, s;
				if (fabs(apq) < 1e-300)
					continue;
				/* the rotation that zeroes a[p][q] */
				theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
				t = (theta >= 0 ? 1.0 : -1.0) /
				    (fabs(theta) + sqrt(theta * theta + 1));
				c = 1 / sqrt(t * t + 1);
				s = t * c;
				for (size_t k = 0; k < n; k++) {
					double akp = a[k * n + p], akq = a[k * n + q];
					a[k * n + p] = c * akp - s * akq;
					a[k * n + q] = s * akp + c * akq;
				}
				for (size_t k = 0; k < n; k++) {
					double apk = a[p * n + k], aqk = a[q * n + k];
					a[p * n + k] = c * apk - s * aqk;
					a[q * n + k] = s * apk + c * aqk;
				}
				for (size_t k = 0; k < n; k++) {
					double vkp = v[k * n + p], vkq = v[k * n + q];
					v[k * n + p] = c * vkp - s * vkq;
					v[k * n + q] = s * vkp + c * vkq;
				}
			}
		}
	}
}

static int check_input(const double *rxx, const double *rxy, size_t p)
{
	if (!rxx || !rxy || p == 0)
		return cxj__error(CXJ_EINVAL, "relative weights need at least "
					      "one predictor");
	for (size_t i = 0; i < p; i++) {
		if (!isfinite(rxy[i]))
			return cxj__error(CXJ_EINVAL,
					  "correlation %zu with the outcome is "
					  "not finite",
					  i);
		for (size_t j = 0; j < p; j++) {
			double a = rxx[i * p + j], b = rxx[j * p + i];
			if (!isfinite(a))
				return cxj__error(CXJ_EINVAL,
						  "correlation [%zu][%zu] is "
						  "not finite",
						  i, j);
			if (fabs(a - b) > 1e-12 * (1 + fabs(a)))
				return cxj__error(CXJ_EINVAL,
						  "the correlation matrix is "
						  "not symmetric at [%zu][%zu]",
						  i, j);
		}
	}
	return CXJ_OK;
}

/* With R = V diag(l) V', the predictors' correlations with their nearest
 * orthogonal counterparts are L = V diag(sqrt l) V'; the outcome regressed
 * on those gives beta = V diag(1 / sqrt l) V' rxy, and predictor j's weight
 * is sum over k of L[j][k]^2 beta[k]^2 (Johnson 2000). */
int cxj_relative_weights(const double *rxx, const double *rxy, size_t p,
			 double *weights, double *r2)
{
	double *a, *v, *lam, *beta, *tmp, total = 0;
	int rc;
	if ((rc = check_input(rxx, rxy, p)))
		return rc;
	if (!weights)
		return cxj__error(CXJ_EINVAL, "weights is NULL");
	if (p > SIZE_MAX / 8 / p)
		return cxj__nomem();
	a = cxj__malloc(p * p * sizeof *a);
	v = cxj__malloc(p * p * sizeof *v);
	lam = cxj__malloc(p * sizeof *lam);
	beta = cxj__malloc(p * sizeof *beta);
	tmp = cxj__malloc(p * sizeof *tmp);
	if (!a || !v || !lam || !beta || !tmp) {
		rc = cxj__nomem();
		goto done;
	}
	memcpy(a, rxx, p * p * sizeof *a);
	jacobi_eigen(a, v, p);
	for (size_t k = 0; k < p; k++)
		lam[k] = a[k * p + k];
	/* tmp = diag(1 / sqrt l) V' rxy, leaving out null directions */
	for (size_t k = 0; k < p; k++) {
		double dot = 0;
		for (size_t i = 0; i < p; i++)
			dot += v[i * p + k] * rxy[i];
		tmp[k] = lam[k] > 1e-12 ? dot / sqrt(lam[k]) : 0;
	}
	for (size_t j = 0; j < p; j++) {
		double b = 0;
		for (size_t k = 0; k < p; k++)
			b += v[j * p + k] * tmp[k];
		beta[j] = b;
	}
	/* a = L = V diag(sqrt l) V' */
	for (size_t i = 0; i < p; i++)
		for (size_t j = 0; j < p; j++) {
			double s = 0;
			for (size_t k = 0; k < p; k++)
				if (lam[k] > 1e-12)
					s += v[i * p + k] * sqrt(lam[k]) *
					     v[j * p + k];
			a[i * p + j] = s;
		}
	for (size_t j = 0; j < p; j++) {
		double w = 0;
		for (size_t k = 0; k < p; k++)
			w += a[j * p + k] * a[j * p + k] * beta[k] * beta[k];
		weights[j] = w;
		total += w;
	}
	if (r2)
		*r2 = total;
	rc = CXJ_OK;
done:
	cxj__free(a);
	cxj__free(v);
	cxj__free(lam);
	cxj__free(beta);
	cxj__free(tmp);
	return rc;
}
