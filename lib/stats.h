/* stats.h: probability distributions (distributions.c), the linear algebra
 * of key drivers (drivers_math.c) and the internals of correlation
 * (correlate.c). */
#ifndef CXJ_STATS_H
#define CXJ_STATS_H

#include "base.h"

/* distributions.c: probability functions behind every p-value and interval.
 * sf is the upper tail 1 - cdf, computed directly so that it stays accurate
 * far into the tail; ppf is the quantile (inverse cdf). */
double cxj__norm_cdf(double x);
double cxj__norm_sf(double x);
double cxj__norm_ppf(double p);
double cxj__t_cdf(double t, double df);
double cxj__t_sf(double t, double df);
double cxj__t_ppf(double p, double df);
double cxj__chi2_sf(double x, double df);
double cxj__chi2_cdf(double x, double df);
/* regularized incomplete beta I_x(a, b) and its complement 1 - I_x(a, b) */
double cxj__beta_inc(double a, double b, double x);
double cxj__beta_incc(double a, double b, double x);
/* regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P(a, x) */
double cxj__gamma_p(double a, double x);
double cxj__gamma_q(double a, double x);
double cxj__lgamma(double x);

/* drivers_math.c: the linear algebra behind key-driver analysis. */
/* Eigen-decomposition of the symmetric p x p matrix a (row-major, destroyed)
 * by cyclic Jacobi rotations: eigenvalues into values (ascending), unit
 * eigenvectors into the columns of vectors (p x p, row-major). */
int cxj__sym_eigen(double *a, size_t p, double *values, double *vectors);
/* Johnson's relative weights from the predictors' correlation matrix rxx
 * (p x p) and their correlations with the outcome rxy (p). */
int cxj__relative_weights_corr(const double *rxx, const double *rxy, size_t p,
			       double *weights, double *r2);

/* correlate.c */
/* Kendall's two-sided p for S = concordant - discordant among n pairs by
 * the normal approximation with the tie-corrected variance; gx and gy are
 * the sizes of the tie groups of x and y (kx and ky of them). */
double cxj__kendall_p_normal(uint64_t n, int64_t s, const uint64_t *gx,
			     size_t kx, const uint64_t *gy, size_t ky);

#endif
