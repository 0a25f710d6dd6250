/* check_distributions.c: the probability functions behind every p-value,
 * against 50-digit values and scipy.special (tests/ref/distributions.py). */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "internal.h"
#include "testutil.h"

#include "ref/distributions_ref.h"

#define REL_TOL 1e-12

static double rel_err(double got, double want)
{
	if (got == want)
		return 0;
	if (isnan(got) || isnan(want))
		return INFINITY;
	if (want == 0)
		return fabs(got);
	return fabs(got - want) / fabs(want);
}

/* Holds got to the true value, and to scipy where scipy is right. */
#define CHECK_ROWS(table, expr, fmt, ...)                                      \
	do {                                                                   \
		size_t i_;                                                     \
		for (i_ = 0; i_ < sizeof table / sizeof *table; i_++) {        \
			const double *arg = table[i_].arg;                      \
			double got = (expr);                                   \
			double e = rel_err(got, table[i_].truth);              \
			ck_assert_msg(e <= REL_TOL,                            \
				      #table "[%zu] (" fmt "): got %.17g, "    \
				      "true %.17g, relative error %.3g",       \
				      i_, __VA_ARGS__, got, table[i_].truth,   \
				      e);                                      \
			if (table[i_].scipy_ok) {                              \
				e = rel_err(got, table[i_].scipy);             \
				ck_assert_msg(e <= REL_TOL,                    \
					      #table "[%zu]: got %.17g, "      \
					      "scipy %.17g",                   \
					      i_, got, table[i_].scipy);       \
			}                                                      \
		}                                                              \
	} while (0)

START_TEST(normal_cdf_and_sf)
{
	CHECK_ROWS(ref_ndtr, cxj__norm_cdf(arg[0]), "%g", arg[0]);
	/* the upper tail is the lower tail mirrored, computed directly */
	CHECK_ROWS(ref_ndtr, cxj__norm_sf(-arg[0]), "%g", arg[0]);
	ck_assert(isnan(cxj__norm_cdf(NAN)));
	ck_assert(cxj__norm_cdf(-INFINITY) == 0);
	ck_assert(cxj__norm_sf(-INFINITY) == 1);
}
END_TEST

START_TEST(normal_quantile)
{
	CHECK_ROWS(ref_ndtri, cxj__norm_ppf(arg[0]), "%g", arg[0]);
	ck_assert(cxj__norm_ppf(0) == -INFINITY);
	ck_assert(cxj__norm_ppf(1) == INFINITY);
	ck_assert(isnan(cxj__norm_ppf(-0.1)));
	ck_assert(isnan(cxj__norm_ppf(1.1)));
	ck_assert(isnan(cxj__norm_ppf(NAN)));
	/* a subnormal probability still gives a finite, ordered quantile */
	ck_assert(cxj__norm_ppf(1e-310) < cxj__norm_ppf(1e-300));
	ck_assert(isfinite(cxj__norm_ppf(4.9e-324)));
}
END_TEST

START_TEST(log_gamma)
{
	CHECK_ROWS(ref_gammaln, cxj__lgamma(arg[0]), "%g", arg[0]);
	ck_assert(cxj__lgamma(0) == INFINITY);
	ck_assert(cxj__lgamma(-3) == INFINITY);
	ck_assert(cxj__lgamma(INFINITY) == INFINITY);
	ck_assert(isnan(cxj__lgamma(NAN)));
}
END_TEST

START_TEST(student_t)
{
	CHECK_ROWS(ref_stdtr, cxj__t_cdf(arg[1], arg[0]), "df %g, t %g",
		   arg[0], arg[1]);
	CHECK_ROWS(ref_stdtr, cxj__t_sf(-arg[1], arg[0]), "df %g, t %g",
		   arg[0], arg[1]);
	ck_assert(cxj__t_cdf(0, 7) == 0.5);
	ck_assert(isnan(cxj__t_cdf(1, 0)));
	ck_assert(isnan(cxj__t_sf(NAN, 3)));
	/* infinite df is the normal distribution */
	ck_assert(rel_err(cxj__t_sf(2.5, INFINITY), cxj__norm_sf(2.5)) == 0);
}
END_TEST

START_TEST(student_t_quantile)
{
	CHECK_ROWS(ref_stdtrit, cxj__t_ppf(arg[1], arg[0]), "df %g, p %g",
		   arg[0], arg[1]);
	ck_assert(cxj__t_ppf(0.5, 12) == 0);
	ck_assert(cxj__t_ppf(0, 12) == -INFINITY);
	ck_assert(cxj__t_ppf(1, 12) == INFINITY);
	ck_assert(isnan(cxj__t_ppf(0.3, -1)));
	ck_assert(isnan(cxj__t_ppf(1.5, 3)));
}
END_TEST

START_TEST(chi_square)
{
	CHECK_ROWS(ref_chdtrc, cxj__chi2_sf(arg[1], arg[0]), "df %g, x %g",
		   arg[0], arg[1]);
	CHECK_ROWS(ref_chdtr, cxj__chi2_cdf(arg[1], arg[0]), "df %g, x %g",
		   arg[0], arg[1]);
	ck_assert(cxj__chi2_sf(0, 3) == 1);
	ck_assert(cxj__chi2_sf(-1, 3) == 1);
	ck_assert(cxj__chi2_cdf(-1, 3) == 0);
	ck_assert(cxj__chi2_sf(INFINITY, 3) == 0);
	ck_assert(isnan(cxj__chi2_sf(1, 0)));
}
END_TEST

START_TEST(incomplete_gamma)
{
	CHECK_ROWS(ref_gammainc, cxj__gamma_p(arg[0], arg[1]), "a %g, x %g",
		   arg[0], arg[1]);
	CHECK_ROWS(ref_gammaincc, cxj__gamma_q(arg[0], arg[1]), "a %g, x %g",
		   arg[0], arg[1]);
	ck_assert(cxj__gamma_p(2, 0) == 0);
	ck_assert(cxj__gamma_q(2, 0) == 1);
	ck_assert(isnan(cxj__gamma_p(-1, 1)));
	ck_assert(isnan(cxj__gamma_q(1, -1)));
}
END_TEST

START_TEST(incomplete_beta)
{
	CHECK_ROWS(ref_betainc, cxj__beta_inc(arg[0], arg[1], arg[2]),
		   "a %g, b %g, x %g", arg[0], arg[1], arg[2]);
	CHECK_ROWS(ref_betaincc, cxj__beta_incc(arg[0], arg[1], arg[2]),
		   "a %g, b %g, x %g", arg[0], arg[1], arg[2]);
	ck_assert(cxj__beta_inc(2, 3, 0) == 0);
	ck_assert(cxj__beta_inc(2, 3, 1) == 1);
	ck_assert(cxj__beta_incc(2, 3, 1) == 0);
	ck_assert(isnan(cxj__beta_inc(2, 3, 1.5)));
	ck_assert(isnan(cxj__beta_inc(0, 3, 0.5)));
}
END_TEST

/* Every function ends, for every finite argument, with a probability (or
 * an ordered quantile): df and shapes from 1e-3 to 1e300, arguments deep
 * in both tails. A hang fails the test by its timeout. */
static int is_prob(double p)
{
	return p >= 0 && p <= 1;
}

START_TEST(extreme_arguments_end_in_range)
{
	static const double s[] = {0,    1e-300, 1e-10, 0.5, 1.96,
				   40,   1e10,   1e150, 1e300};
	static const double ps[] = {1e-300, 1e-10, 0.025, 0.5 - 1e-9,
				    0.5,    0.975, 1 - 1e-9};
	static const double xs[] = {1e-300, 1e-3, 0.5, 1, 2, 1e3};
	for (double ldf = -3; ldf <= 300; ldf += 2.5) {
		double df = pow(10, ldf), prev_q = -INFINITY, prev = 2;
		for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
			double up = cxj__t_sf(s[i], df), lo = cxj__t_cdf(s[i], df);
			ck_assert_msg(is_prob(up) && is_prob(lo) &&
					  fabs(up + lo - 1) < 1e-12 &&
					  up <= prev,
				      "t at df %g, s %g: sf %g cdf %g", df, s[i],
				      up, lo);
			prev = up;
		}
		for (size_t i = 0; i < sizeof ps / sizeof *ps; i++) {
			double q = cxj__t_ppf(ps[i], df);
			ck_assert_msg(!isnan(q) && q >= prev_q,
				      "t quantile at df %g, p %g: %g", df,
				      ps[i], q);
			if (isfinite(q) && ps[i] <= 0.5)
				ck_assert_msg(fabs(cxj__t_cdf(q, df) - ps[i]) <=
						  1e-9 * ps[i],
					      "t cdf(ppf(%g)) at df %g: %g",
					      ps[i], df, cxj__t_cdf(q, df));
			prev_q = q;
		}
		for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
			double up = cxj__chi2_sf(df * xs[i], df);
			double lo = cxj__chi2_cdf(df * xs[i], df);
			ck_assert_msg(is_prob(up) && is_prob(lo) &&
					  fabs(up + lo - 1) < 1e-12,
				      "chi2 at df %g, x %g: %g %g", df,
				      df * xs[i], up, lo);
		}
		for (double lb = -3; lb <= 300; lb += 37.5) {
			double b = pow(10, lb);
			for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
				double x = xs[i] < 1 ? xs[i] : 1 / (1 + xs[i]);
				double w = cxj__beta_inc(df, b, x);
				double wc = cxj__beta_incc(df, b, x);
				ck_assert_msg(is_prob(w) && is_prob(wc),
					      "beta at a %g, b %g, x %g: %g %g",
					      df, b, x, w, wc);
			}
		}
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("distributions");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, normal_cdf_and_sf);
	tcase_add_test(tc, normal_quantile);
	tcase_add_test(tc, log_gamma);
	tcase_add_test(tc, student_t);
	tcase_add_test(tc, student_t_quantile);
	tcase_add_test(tc, chi_square);
	tcase_add_test(tc, incomplete_gamma);
	tcase_add_test(tc, incomplete_beta);
	tcase_add_test(tc, extreme_arguments_end_in_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
