/* check_correlation.c: cxj_correlate and cxj_correlation_matrix against
 * scipy.stats and pandas (tests/ref/correlation.py). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

#include "ref/correlation_ref.h"
#include "ref/relative_weights_ref.h"

static const cxj_corr_method methods[3] = {CXJ_PEARSON, CXJ_SPEARMAN,
					   CXJ_KENDALL_B};

/* The generator of tests/ref/correlation.py: a 64-bit LCG, top 53 bits. */
static void lcg(uint64_t seed, double *out, size_t count)
{
	uint64_t s = seed;
	size_t i;
	for (i = 0; i < count; i++) {
		s = s * 6364136223846793005u + 1442695040888963407u;
		out[i] = (double)(s >> 11) * 0x1p-53;
	}
}

static void generate(int kind, size_t n, double *x, double *y)
{
	double *u = malloc(2 * n * sizeof *u);
	size_t i;
	ck_assert_ptr_nonnull(u);
	lcg((uint64_t)kind, u, 2 * n);
	for (i = 0; i < n; i++) {
		double a = u[2 * i], b = u[2 * i + 1];
		switch (kind) {
		case 1:
			x[i] = a;
			y[i] = 0.5 * a + b;
			break;
		case 2:
		case 4:
			x[i] = floor(a * 11);
			y[i] = fmin(10.0, fmax(0.0, x[i] + floor(b * 5) - 2));
			break;
		case 3:
			x[i] = i % 97 == 0 ? NAN : 1e9 + a;
			y[i] = 1e9 + 0.25 * a + b * 0.1;
			break;
		case 5:
			x[i] = a;
			y[i] = 0.004 * a + b;
			break;
		case 6:
			x[i] = floor(a * 5) + 1;
			y[i] = floor((0.006 * a + 0.994 * b) * 11);
			break;
		case 7:
		case 8:
		case 9:
			x[i] = floor(a * 7) + 1;
			y[i] = fmin(7.0, fmax(1.0, x[i] + floor(b * 3) - 1));
			if (kind == 7) {
				if (i % 13 == 0)
					y[i] = NAN;
				if (i >= 5 && (i - 5) % 29 == 0)
					x[i] = NAN;
			}
			break;
		default:
			ck_abort_msg("unknown generator %d", kind);
		}
	}
	if (kind == 8)
		x[n - 3] = 4.5;
	if (kind == 9)
		y[n - 700] = 1000.0;
	free(u);
}

static double rel(double got, double want)
{
	if (got == want)
		return 0;
	return fabs(got - want) / fabs(want);
}

static void check_case(const struct corr_case *c)
{
	double *gx = NULL, *gy = NULL;
	const double *x = c->x, *y = c->y;
	int k;
	if (!x) {
		gx = malloc(c->len * sizeof *gx);
		gy = malloc(c->len * sizeof *gy);
		ck_assert(gx && gy);
		generate(c->gen, c->len, gx, gy);
		x = gx;
		y = gy;
	}
	for (k = 0; k < 3; k++) {
		cxj_corr_result res = CXJ_CORR_RESULT_INIT;
		ck_assert_rc(cxj_correlate(x, y, c->len, methods[k], &res),
			     CXJ_OK);
		ck_assert_uint_eq(res.n, c->n);
		ck_assert_msg(fabs(res.r - c->r_true[k]) <= 1e-12,
			      "%s method %d: r %.17g, want %.17g", c->name,
			      k, res.r, c->r_true[k]);
		if (c->r_scipy_ok[k])
			ck_assert_msg(fabs(res.r - c->r[k]) <= 1e-12,
				      "%s method %d: r %.17g, scipy %.17g",
				      c->name, k, res.r, c->r[k]);
		if (c->p_true[k] > 1e-300) {
			ck_assert_msg(rel(res.p_value, c->p_true[k]) <= 1e-9,
				      "%s method %d: p %.17g, true %.17g",
				      c->name, k, res.p_value, c->p_true[k]);
			if (c->p_scipy_ok[k])
				ck_assert_msg(rel(res.p_value, c->p[k]) <= 1e-9,
					      "%s method %d: p %.17g, scipy "
					      "%.17g",
					      c->name, k, res.p_value, c->p[k]);
		} else {
			ck_assert_msg(res.p_value <= 1e-290,
				      "%s method %d: p %g, want ~0", c->name,
				      k, res.p_value);
		}
		if (k < 2) {
			ck_assert_msg(fabs(res.ci_low - c->ci_low[k]) <= 1e-12 &&
					      fabs(res.ci_high - c->ci_high[k]) <=
						      1e-12,
				      "%s method %d: ci [%.17g, %.17g], want "
				      "[%.17g, %.17g]",
				      c->name, k, res.ci_low, res.ci_high,
				      c->ci_low[k], c->ci_high[k]);
		} else {
			ck_assert(isnan(res.ci_low) && isnan(res.ci_high));
		}
		ck_assert(res.ci_level == 0.95);
	}
	free(gx);
	free(gy);
}

START_TEST(against_scipy)
{
	check_case(&corr_cases[_i]);
}
END_TEST

START_TEST(result_init)
{
	cxj_corr_result r, want = CXJ_CORR_RESULT_INIT;
	memset(&r, 0xff, sizeof r);
	ck_assert_rc(cxj_corr_result_init(&r, CXJ_CORR_RESULT_VERSION), CXJ_OK);
	ck_assert_uint_eq(r.version, CXJ_CORR_RESULT_VERSION);
	ck_assert(r.ci_level == 0.95 && r.r == 0 && r.n == 0);
	ck_assert(memcmp(&r.ci_level, &want.ci_level, sizeof r.ci_level) == 0);
	ck_assert_rc(cxj_corr_result_init(&r, 0), CXJ_EINVAL);
	ck_assert_rc(cxj_corr_result_init(&r, 99), CXJ_EINVAL);
	ck_assert_rc(cxj_corr_result_init(NULL, 1), CXJ_EINVAL);
}
END_TEST

/* Field by field (the padding after version is never written), bitwise so
 * that NaN equals NaN. */
#define SAME_FIELD(a, b, f) (memcmp(&(a)->f, &(b)->f, sizeof (a)->f) == 0)

static int same_result(const cxj_corr_result *a, const cxj_corr_result *b)
{
	return SAME_FIELD(a, b, version) && SAME_FIELD(a, b, r) &&
	       SAME_FIELD(a, b, p_value) && SAME_FIELD(a, b, n) &&
	       SAME_FIELD(a, b, ci_low) && SAME_FIELD(a, b, ci_high) &&
	       SAME_FIELD(a, b, ci_level);
}

START_TEST(errors_leave_result_alone)
{
	static const double x[] = {1, 2, 3, 4}, y[] = {2, 1, 4, 3};
	static const double c[] = {5, 5, 5, 5};
	static const double xn[] = {1, NAN, 3, 4}, yn[] = {2, 1, NAN, 3};
	static const double xi[] = {1, 2, INFINITY, 4};
	cxj_corr_result r = CXJ_CORR_RESULT_INIT, before;
	r.r = 42;
	before = r;
	ck_assert_rc(cxj_correlate(x, y, 4, CXJ_PEARSON, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_correlate(NULL, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	ck_assert_rc(cxj_correlate(x, NULL, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	ck_assert_rc(cxj_correlate(x, y, 4, (cxj_corr_method)0, &r),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "unknown correlation method 0");
	ck_assert_rc(cxj_correlate(x, y, 2, CXJ_PEARSON, &r), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "x and y: 2 complete pairs, need at least 3");
	ck_assert_rc(cxj_correlate(xn, yn, 4, CXJ_SPEARMAN, &r), CXJ_EINVAL);
	ck_assert_rc(cxj_correlate(NULL, NULL, 0, CXJ_KENDALL_B, &r),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_correlate(c, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message, "x is constant");
	ck_assert_rc(cxj_correlate(x, c, 4, CXJ_KENDALL_B, &r), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message, "y is constant");
	ck_assert_rc(cxj_correlate(xi, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "x holds an infinite value");
	ck_assert(same_result(&r, &before));
	r.ci_level = 1;
	before = r;
	ck_assert_rc(cxj_correlate(x, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	r.ci_level = 0;
	ck_assert_rc(cxj_correlate(x, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	r.ci_level = NAN;
	ck_assert_rc(cxj_correlate(x, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	r.ci_level = 0.95;
	r.version = 0;
	ck_assert_rc(cxj_correlate(x, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
	r.version = CXJ_CORR_RESULT_VERSION + 1;
	ck_assert_rc(cxj_correlate(x, y, 4, CXJ_PEARSON, &r), CXJ_EINVAL);
}
END_TEST

START_TEST(rank_methods_order_infinities)
{
	/* an infinity ranks like any value beyond the others */
	static const double x[] = {3, -INFINITY, 1, 7, INFINITY, 2, 5};
	static const double xf[] = {3, -1e300, 1, 7, 1e300, 2, 5};
	static const double y[] = {1, 2, 0.5, 4, 9, 2, 3};
	int k;
	for (k = 1; k < 3; k++) {
		cxj_corr_result a = CXJ_CORR_RESULT_INIT;
		cxj_corr_result b = CXJ_CORR_RESULT_INIT;
		ck_assert_rc(cxj_correlate(x, y, 7, methods[k], &a), CXJ_OK);
		ck_assert_rc(cxj_correlate(xf, y, 7, methods[k], &b), CXJ_OK);
		ck_assert(a.r == b.r && a.p_value == b.p_value);
		ck_assert(a.r > 0.3);
	}
}
END_TEST

START_TEST(signed_zeros_tie)
{
	/* -0 and +0 are one value to the rank methods */
	static const double x[] = {-0.0, 0.0, 1.5, 2.5, -0.0, 3.5};
	static const double z[] = {0.0, 0.0, 1.5, 2.5, 0.0, 3.5};
	static const double y[] = {2, 1, 4, 3, 0.5, 5};
	int k;
	for (k = 1; k < 3; k++) {
		cxj_corr_result a = CXJ_CORR_RESULT_INIT;
		cxj_corr_result b = CXJ_CORR_RESULT_INIT;
		ck_assert_rc(cxj_correlate(x, y, 6, methods[k], &a), CXJ_OK);
		ck_assert_rc(cxj_correlate(z, y, 6, methods[k], &b), CXJ_OK);
		ck_assert(a.r == b.r && a.p_value == b.p_value);
	}
}
END_TEST

START_TEST(interval_level)
{
	const struct corr_case *c = &corr_cases[3]; /* random30 */
	cxj_corr_result a = CXJ_CORR_RESULT_INIT, b = CXJ_CORR_RESULT_INIT;
	double z, h;
	b.ci_level = 0.99;
	ck_assert_rc(cxj_correlate(c->x, c->y, c->len, CXJ_PEARSON, &a),
		     CXJ_OK);
	ck_assert_rc(cxj_correlate(c->x, c->y, c->len, CXJ_PEARSON, &b),
		     CXJ_OK);
	ck_assert(b.ci_low < a.ci_low && a.ci_high < b.ci_high);
	/* tanh(atanh(r) + 2.5758293035489004 / sqrt(27)); the quantile is
	 * scipy.special.ndtri(0.995) */
	z = atanh(a.r);
	h = 2.5758293035489004 / sqrt(27.0);
	ck_assert(fabs(b.ci_high - tanh(z + h)) < 1e-14);
	ck_assert(fabs(b.ci_low - tanh(z - h)) < 1e-14);
}
END_TEST

START_TEST(kendall_p_at_1e8)
{
	/* 1e8 Likert answers: the tie terms overflow 64-bit integers (scipy's
	 * do); values from tests/ref/kendall_large.py (exact integers) */
	static const uint64_t gx[] = {9000000, 9000000, 9000000, 9000000,
				      9000000, 9000000, 9000000, 9000000,
				      9000000, 9000000, 10000000};
	static const uint64_t gy[] = {20000000, 20000000, 20000000, 20000000,
				      20000000};
	static const struct {
		int64_t s;
		double p;
	} want[] = {{3000000000000, 2.8648858944411465e-20},
		    {-500000000000, 0.12421581831574396},
		    {10000000000, 0.97547184231941263}};
	size_t i;
	for (i = 0; i < 3; i++) {
		double p = cxj__kendall_p_normal(100000000, want[i].s, gx, 11,
						 gy, 5);
		ck_assert_msg(rel(p, want[i].p) <= 1e-9, "S %lld: p %.17g, want "
			      "%.17g", (long long)want[i].s, p, want[i].p);
	}
}
END_TEST

/* ---- allocation failures ---- */

typedef struct sweep_ctx {
	const double *x, *y;
	size_t n;
	cxj_corr_method method;
	cxj_corr_result res, before;
} sweep_ctx;

static int correlate_scenario(void *p)
{
	sweep_ctx *c = p;
	return cxj_correlate(c->x, c->y, c->n, c->method, &c->res);
}

static void result_unchanged(void *p)
{
	sweep_ctx *c = p;
	ck_assert(same_result(&c->res, &c->before));
}

static void sweep_correlate(const double *x, const double *y, size_t n,
			    cxj_corr_method method, unsigned long min_fail)
{
	sweep_ctx c;
	cxj_corr_result init = CXJ_CORR_RESULT_INIT;
	c.x = x;
	c.y = y;
	c.n = n;
	c.method = method;
	c.res = init;
	c.res.r = -7;
	c.before = c.res;
	ck_assert_uint_ge(cxjt_sweep(correlate_scenario, result_unchanged, &c),
			  min_fail);
	ck_assert(c.res.n > 0 && c.res.r != -7);
}

START_TEST(allocation_failures)
{
	const struct corr_case *nanc = &corr_cases[13]; /* nan_pairs */
	const struct corr_case *lik = &corr_cases[10];  /* likert_1_5 */
	const struct corr_case *mix = &corr_cases[11];  /* likert_vs_cont */
	ck_assert_str_eq(nanc->name, "nan_pairs");
	ck_assert_str_eq(lik->name, "likert_1_5");
	ck_assert_str_eq(mix->name, "likert_vs_continuous");
	sweep_correlate(nanc->x, nanc->y, nanc->len, CXJ_SPEARMAN, 2);
	sweep_correlate(nanc->x, nanc->y, nanc->len, CXJ_KENDALL_B, 4);
	sweep_correlate(lik->x, lik->y, lik->len, CXJ_SPEARMAN, 2);
	sweep_correlate(lik->x, lik->y, lik->len, CXJ_KENDALL_B, 2);
	sweep_correlate(mix->x, mix->y, mix->len, CXJ_SPEARMAN, 2);
	/* Pearson needs no memory */
	sweep_correlate(nanc->x, nanc->y, nanc->len, CXJ_PEARSON, 0);
	/* the one-pass window table of long integer series, with holes */
	{
		double *x = malloc(20000 * sizeof *x), *y = malloc(20000 * sizeof *y);
		int k;
		ck_assert(x && y);
		generate(7, 20000, x, y);
		for (k = 0; k < 3; k++)
			sweep_correlate(x, y, 20000, methods[k], 2);
		free(x);
		free(y);
	}
}
END_TEST

/* ---- the matrix ---- */

static void check_matrix(cxj_corr_method method, const double *want_r,
			 const double *want_p, const size_t *want_n)
{
	size_t p = matrix_p, i;
	double r[16], pv[16];
	size_t n[16];
	ck_assert_rc(cxj_correlation_matrix(matrix_data, matrix_n, p, method,
					    r, pv, n),
		     CXJ_OK);
	for (i = 0; i < p * p; i++) {
		ck_assert_msg(fabs(r[i] - want_r[i]) <= 1e-12,
			      "method %d cell %zu: r %.17g, pandas %.17g",
			      (int)method, i, r[i], want_r[i]);
		ck_assert_msg(rel(pv[i], want_p[i]) <= 1e-9,
			      "method %d cell %zu: p %.17g, scipy %.17g",
			      (int)method, i, pv[i], want_p[i]);
		ck_assert_uint_eq(n[i], want_n[i]);
	}
	/* r alone */
	memset(r, 0, sizeof r);
	ck_assert_rc(cxj_correlation_matrix(matrix_data, matrix_n, p, method,
					    r, NULL, NULL),
		     CXJ_OK);
	for (i = 0; i < p * p; i++)
		ck_assert(fabs(r[i] - want_r[i]) <= 1e-12);
}

START_TEST(matrix_against_pandas)
{
	check_matrix(CXJ_PEARSON, matrix_pearson_r, matrix_pearson_p,
		     matrix_pearson_n);
	check_matrix(CXJ_SPEARMAN, matrix_spearman_r, matrix_spearman_p,
		     matrix_spearman_n);
	check_matrix(CXJ_KENDALL_B, matrix_kendall_r, matrix_kendall_p,
		     matrix_kendall_n);
}
END_TEST

START_TEST(matrix_unusable_cells)
{
	/* series 0 fine, 1 constant, 2 overlaps series 0 in two rows only */
	static const double d[] = {
		1, 2, 3, 4, 5,  /* 0 */
		7, 7, 7, 7, 7,  /* 1 */
		NAN, NAN, NAN, 1, 2, /* 2 */
	};
	double r[9], p[9];
	size_t n[9];
	ck_assert_rc(cxj_correlation_matrix(d, 5, 3, CXJ_PEARSON, r, p, n),
		     CXJ_OK);
	ck_assert(r[0] == 1 && p[0] == 0 && n[0] == 5);
	ck_assert(isnan(r[4]) && isnan(p[4]) && n[4] == 5);
	ck_assert(isnan(r[8]) && n[8] == 2);
	ck_assert(isnan(r[1]) && isnan(r[3]) && n[1] == 5);
	ck_assert(isnan(r[2]) && isnan(r[6]) && n[2] == 2 && n[6] == 2);
	/* nothing to do for no series; bad arguments */
	ck_assert_rc(cxj_correlation_matrix(NULL, 0, 0, CXJ_PEARSON, r, NULL,
					    NULL),
		     CXJ_OK);
	ck_assert_rc(cxj_correlation_matrix(d, 5, 3, CXJ_PEARSON, NULL, p, n),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_correlation_matrix(NULL, 5, 3, CXJ_PEARSON, r, p, n),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_correlation_matrix(d, 5, 3, (cxj_corr_method)9, r,
					    p, n),
		     CXJ_EINVAL);
}
END_TEST

typedef struct matrix_ctx {
	double r[16], p[16];
	size_t n[16];
	cxj_corr_method method;
} matrix_ctx;

static int matrix_scenario(void *p)
{
	matrix_ctx *c = p;
	return cxj_correlation_matrix(matrix_data, matrix_n, matrix_p,
				      c->method, c->r, c->p, c->n);
}

static void matrix_unchanged(void *p)
{
	matrix_ctx *c = p;
	size_t i;
	for (i = 0; i < 16; i++)
		ck_assert(c->r[i] == -3 && c->p[i] == -3 && c->n[i] == 3);
}

START_TEST(matrix_allocation_failures)
{
	matrix_ctx c;
	size_t i;
	int k;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 16; i++) {
			c.r[i] = c.p[i] = -3;
			c.n[i] = 3;
		}
		c.method = methods[k];
		ck_assert_uint_ge(cxjt_sweep(matrix_scenario, matrix_unchanged,
					     &c),
				  1);
		ck_assert(fabs(c.r[1] - (k == 0   ? matrix_pearson_r[1]
					 : k == 1 ? matrix_spearman_r[1]
						  : matrix_kendall_r[1])) <
			  1e-12);
	}
}
END_TEST

/* ---- Johnson's relative weights ---- */

static void rw_generate(const struct rw_case *c, double *x, double *y)
{
	size_t n = c->n, p = c->p, i, j;
	double *u = malloc(n * (p + 1) * sizeof *u);
	ck_assert_ptr_nonnull(u);
	lcg((uint64_t)c->gen, u, n * (p + 1));
	for (i = 0; i < n; i++) {
		const double *r = u + i * (p + 1);
		x[i] = r[0];
		for (j = 1; j < p; j++)
			x[j * n + i] = 0.6 * x[(j - 1) * n + i] + r[j];
		y[i] = x[i] * 0.3 + x[2 * n + i] * 0.2 - x[5 * n + i] * 0.1 +
		       r[p];
	}
	for (i = 0; i < n * p; i++)
		x[i] += 1e6;
	free(u);
}

START_TEST(relative_weights_against_numpy)
{
	const struct rw_case *c = &rw_cases[_i];
	double *gx = NULL, *gy = NULL, w[8], r2 = -1, sum = 0;
	const double *x = c->x, *y = c->y;
	size_t j;
	if (!x) {
		gx = malloc(c->n * c->p * sizeof *gx);
		gy = malloc(c->n * sizeof *gy);
		ck_assert(gx && gy);
		rw_generate(c, gx, gy);
		x = gx;
		y = gy;
	}
	ck_assert_uint_le(c->p, 8);
	ck_assert_rc(cxj_relative_weights(x, c->n, c->p, y, w, &r2), CXJ_OK);
	for (j = 0; j < c->p; j++) {
		ck_assert_msg(fabs(w[j] - c->w[j]) <= 1e-9,
			      "%s: weight %zu %.17g, numpy %.17g", c->name, j,
			      w[j], c->w[j]);
		sum += w[j];
	}
	ck_assert_msg(fabs(r2 - c->r2) <= 1e-9, "%s: R2 %.17g, want %.17g",
		      c->name, r2, c->r2);
	ck_assert(fabs(sum - r2) <= 1e-12);
	/* R^2 may be left out */
	ck_assert_rc(cxj_relative_weights(x, c->n, c->p, y, w, NULL), CXJ_OK);
	free(gx);
	free(gy);
}
END_TEST

START_TEST(relative_weights_single_predictor_is_r_squared)
{
	const struct rw_case *c = &rw_cases[2];
	cxj_corr_result res = CXJ_CORR_RESULT_INIT;
	double w, r2;
	ck_assert_str_eq(c->name, "single");
	ck_assert_rc(cxj_relative_weights(c->x, c->n, 1, c->y, &w, &r2),
		     CXJ_OK);
	ck_assert_rc(cxj_correlate(c->x, c->y, c->n, CXJ_PEARSON, &res),
		     CXJ_OK);
	ck_assert(fabs(w - res.r * res.r) < 1e-14);
	ck_assert(fabs(r2 - res.r * res.r) < 1e-14);
}
END_TEST

START_TEST(relative_weights_errors)
{
	/* 6 rows, 2 predictors */
	double x[12] = {1, 2, 3, 4, 5, 6, 2, 1, 4, 3, 6, 5};
	double y[6] = {1, 3, 2, 5, 4, 6};
	double w[2] = {-1, -1}, r2 = -1;
	ck_assert_rc(cxj_relative_weights(NULL, 6, 2, y, w, &r2), CXJ_EINVAL);
	ck_assert_rc(cxj_relative_weights(x, 6, 2, NULL, w, &r2), CXJ_EINVAL);
	ck_assert_rc(cxj_relative_weights(x, 6, 2, y, NULL, &r2), CXJ_EINVAL);
	ck_assert_rc(cxj_relative_weights(x, 6, 0, y, w, &r2), CXJ_EINVAL);
	ck_assert_rc(cxj_relative_weights(x, 3, 2, y, w, &r2), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "3 complete rows for 2 predictors, need at least 4");
	x[8] = NAN;
	x[9] = NAN;
	x[10] = NAN;
	ck_assert_rc(cxj_relative_weights(x, 6, 2, y, w, &r2), CXJ_EINVAL);
	x[8] = 4;
	x[9] = 3;
	x[10] = INFINITY;
	ck_assert_rc(cxj_relative_weights(x, 6, 2, y, w, &r2), CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message, "x[4] is infinite");
	x[10] = 6;
	/* collinear: the second predictor is twice the first */
	{
		double xc[12] = {1, 2, 3, 4, 5, 6, 2, 4, 6, 8, 10, 12};
		ck_assert_rc(cxj_relative_weights(xc, 6, 2, y, w, &r2),
			     CXJ_EINVAL);
		ck_assert(strstr(cxj_error_last()->message, "collinear"));
	}
	{
		double xk[12] = {1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7};
		ck_assert_rc(cxj_relative_weights(xk, 6, 2, y, w, &r2),
			     CXJ_EINVAL);
		ck_assert_str_eq(cxj_error_last()->message,
				 "predictor 1 is constant");
	}
	{
		double yk[6] = {3, 3, 3, 3, 3, 3};
		ck_assert_rc(cxj_relative_weights(x, 6, 2, yk, w, &r2),
			     CXJ_EINVAL);
		ck_assert_str_eq(cxj_error_last()->message,
				 "the outcome is constant");
	}
	ck_assert(w[0] == -1 && w[1] == -1 && r2 == -1);
	ck_assert_rc(cxj_relative_weights(x, 6, 2, y, w, &r2), CXJ_OK);
	ck_assert(w[0] > 0 && w[1] > 0 && fabs(w[0] + w[1] - r2) < 1e-14);
}
END_TEST

typedef struct rw_ctx {
	double w[4], r2;
} rw_ctx;

static int rw_scenario(void *p)
{
	rw_ctx *c = p;
	const struct rw_case *k = &rw_cases[1];
	return cxj_relative_weights(k->x, k->n, k->p, k->y, c->w, &c->r2);
}

static void rw_unchanged(void *p)
{
	rw_ctx *c = p;
	ck_assert(c->w[0] == -5 && c->w[3] == -5 && c->r2 == -5);
}

START_TEST(relative_weights_allocation_failures)
{
	rw_ctx c = {{-5, -5, -5, -5}, -5};
	ck_assert_str_eq(rw_cases[1].name, "holes40");
	ck_assert_uint_ge(cxjt_sweep(rw_scenario, rw_unchanged, &c), 2);
	ck_assert(fabs(c.r2 - rw_cases[1].r2) <= 1e-9);
}
END_TEST

START_TEST(eigen_solver)
{
	double a[25], v[25], lam[5];
	size_t i, j, k;
	memcpy(a, eig_a, sizeof a);
	ck_assert_rc(cxj__sym_eigen(a, 5, lam, v), CXJ_OK);
	for (i = 0; i < 5; i++) {
		ck_assert_msg(fabs(lam[i] - eig_values[i]) <= 1e-13,
			      "eigenvalue %zu: %.17g, numpy %.17g", i, lam[i],
			      eig_values[i]);
		/* A v = lambda v, and the vectors are orthonormal */
		for (j = 0; j < 5; j++) {
			double s = 0, d = 0;
			for (k = 0; k < 5; k++) {
				s += eig_a[j * 5 + k] * v[k * 5 + i];
				d += v[k * 5 + i] * v[k * 5 + j];
			}
			ck_assert(fabs(s - lam[i] * v[j * 5 + i]) < 1e-13);
			ck_assert(fabs(d - (i == j)) < 1e-14);
		}
	}
}
END_TEST

/* Long Likert columns take the one-pass window table in the matrix too:
 * each cell must equal the pair correlated alone, and the matrix must
 * survive allocation failures there. */
typedef struct likert_matrix {
	double *data;
	double r[9], p[9];
	size_t n[9];
	cxj_corr_method method;
} likert_matrix;

static int likert_matrix_scenario(void *p)
{
	likert_matrix *c = p;
	return cxj_correlation_matrix(c->data, 5000, 3, c->method, c->r, c->p,
				      c->n);
}

static void likert_matrix_unchanged(void *p)
{
	likert_matrix *c = p;
	ck_assert(c->r[4] == -2 && c->n[8] == 9);
}

START_TEST(matrix_of_long_likert_columns)
{
	likert_matrix c;
	double *y = malloc(20000 * sizeof *y), *x = malloc(20000 * sizeof *x);
	size_t i, j;
	int k;
	c.data = malloc(3 * 5000 * sizeof *c.data);
	ck_assert(x && y && c.data);
	generate(7, 20000, x, y); /* Likert 1..7 with holes */
	memcpy(c.data, x, 5000 * sizeof *x);
	memcpy(c.data + 5000, y, 5000 * sizeof *y);
	memcpy(c.data + 10000, y + 5000, 5000 * sizeof *y);
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 9; i++) {
			c.r[i] = c.p[i] = -2;
			c.n[i] = 9;
		}
		c.method = methods[k];
		ck_assert_uint_ge(cxjt_sweep(likert_matrix_scenario,
					     likert_matrix_unchanged, &c),
				  1);
		for (i = 0; i < 3; i++)
			for (j = 0; j < 3; j++) {
				cxj_corr_result one = CXJ_CORR_RESULT_INIT;
				if (i == j)
					continue;
				ck_assert_rc(cxj_correlate(c.data + i * 5000,
							   c.data + j * 5000,
							   5000, methods[k],
							   &one),
					     CXJ_OK);
				/* the matrix correlates i < j; the swapped
				 * pair rounds differently */
				ck_assert(i < j ? c.r[i * 3 + j] == one.r
						: fabs(c.r[i * 3 + j] - one.r) <
							  1e-14);
				ck_assert(rel(c.p[i * 3 + j], one.p_value) <
					  (i < j ? 1e-300 : 1e-12));
				ck_assert_uint_eq(c.n[i * 3 + j], one.n);
			}
	}
	free(x);
	free(y);
	free(c.data);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("correlation");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, against_scipy, 0,
			    (int)(sizeof corr_cases / sizeof *corr_cases));
	tcase_add_test(tc, result_init);
	tcase_add_test(tc, errors_leave_result_alone);
	tcase_add_test(tc, rank_methods_order_infinities);
	tcase_add_test(tc, signed_zeros_tie);
	tcase_add_test(tc, interval_level);
	tcase_add_test(tc, kendall_p_at_1e8);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, matrix_against_pandas);
	tcase_add_test(tc, matrix_unusable_cells);
	tcase_add_test(tc, matrix_allocation_failures);
	tcase_add_test(tc, matrix_of_long_likert_columns);
	tcase_add_loop_test(tc, relative_weights_against_numpy, 0,
			    (int)(sizeof rw_cases / sizeof *rw_cases));
	tcase_add_test(tc, relative_weights_single_predictor_is_r_squared);
	tcase_add_test(tc, relative_weights_errors);
	tcase_add_test(tc, relative_weights_allocation_failures);
	tcase_add_test(tc, eigen_solver);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
