/* libcxjourney internals shared by the translation units; never installed.
 * Helpers are named cxj__* and are not exported. */
#ifndef CXJ_INTERNAL_H
#define CXJ_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "cxjourney.h"

#if defined(__GNUC__) || defined(__clang__)
#define CXJ__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CXJ__PRINTF(f, a)
#endif

/* alloc.c: every allocation goes through the installed allocator. */
void *cxj__malloc(size_t size);
void *cxj__calloc(size_t count, size_t size);
void *cxj__realloc(void *ptr, size_t size);
/* Grows *items to hold at least need elements of size bytes (capacity in
 * *cap); leaves everything unchanged on failure. */
int cxj__reserve(void **items, size_t *cap, size_t need, size_t size);
void cxj__free(void *ptr);
char *cxj__strdup(const char *s);
char *cxj__strndup(const char *s, size_t len);

/* error.c: record the failure and return its code. */
int cxj__error(int code, const char *fmt, ...) CXJ__PRINTF(2, 3);
int cxj__error_at(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, ...) CXJ__PRINTF(5, 6);
int cxj__error_va(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, va_list ap);
int cxj__nomem(void);

/* utf8.c */
int cxj__utf8_valid(const char *s, size_t len);
/* Checks a text argument: valid UTF-8 (NULL allowed). what names it. */
int cxj__check_text(const char *s, const char *what);
/* Checks an id: 1..255 bytes, UTF-8, no spaces or control characters. */
int cxj__check_id(const char *id);

/* strmap.c: an open-addressing map from NUL-terminated keys, which the
 * caller keeps alive, to values. */
typedef struct cxj__strmap_slot {
	const char *key;
	void *value;
	uint64_t hash;
} cxj__strmap_slot;

typedef struct cxj__strmap {
	cxj__strmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t len;
} cxj__strmap;

uint64_t cxj__hash(const char *s, size_t len);
void *cxj__strmap_get(const cxj__strmap *map, const char *key);
/* Makes room for extra more keys so that the next inserts cannot fail. */
int cxj__strmap_reserve(cxj__strmap *map, size_t extra);
/* Inserts or replaces; fails only with CXJ_ENOMEM. */
int cxj__strmap_put(cxj__strmap *map, const char *key, void *value);
void cxj__strmap_remove(cxj__strmap *map, const char *key);
void cxj__strmap_clear(cxj__strmap *map);

#endif

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
