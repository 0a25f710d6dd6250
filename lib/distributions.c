/* distributions.c: the normal, Student t and chi-square distributions and the
 * special functions under them (incomplete beta and gamma, log gamma). */
#include <float.h>
#include <math.h>

#include "stats.h"

#define LN_SQRT_2PI 0.91893853320467274178 /* log(sqrt(2 pi)) */
#define SQRT_2PI 2.50662827463100050242
#define PI 3.14159265358979323846
#define EULER_GAMMA 0.57721566490153286061
/* sqrt(1/2) split into the nearest double and the rest, so that x / sqrt(2)
 * can be corrected for its rounding far in the tails */
#define SQRT1_2_HI 0.70710678118654757274
#define SQRT1_2_LO (-4.833646656726457e-17)

/* Convergence limit for the series and continued fractions: their terms are
 * compared with the sum, so this is a relative precision. */
#define TOL (DBL_EPSILON / 4)

/* Past these shapes the series and continued fractions would need
 * O(sqrt(shape)) steps (a second at 1e12, years at 1e300), while the
 * uniform asymptotic expansions below are exact to rounding: their first
 * neglected term is O(shape^-2) and O(df^-3) of the result. Below them every
 * loop is bounded by its shape's cap, so each call ends in at most about
 * 500,000 steps whatever its arguments. */
#define GAMMA_ASYMPTOTIC_A 1e8
#define T_ASYMPTOTIC_DF 1e7

/* The Stirling error: delta(z) = log Gamma(z) - ((z - 1/2) log z - z +
 * log sqrt(2 pi)), here for z >= 8, where the asymptotic series is accurate
 * to a few units in the last place. Working with delta keeps the huge
 * z log z terms out of differences such as log B(a, b) for large a, b. */
static double stirlerr(double z)
{
	/* B(2k) / (2k (2k - 1)) */
	static const double c[] = {1.0 / 12,
				   -1.0 / 360,
				   1.0 / 1260,
				   -1.0 / 1680,
				   1.0 / 1188,
				   -691.0 / 360360,
				   1.0 / 156,
				   -3617.0 / 122400,
				   43867.0 / 244188};
	double z2 = 1 / (z * z), s = 0;
	int k;
	if (z > 1e8)
		return c[0] / z;
	for (k = (int)(sizeof c / sizeof *c) - 1; k >= 0; k--)
		s = s * z2 + c[k];
	return s / z;
}

/* bd0(p, q) = p log(p / q) + q - p >= 0, the deviance term of the Poisson
 * and binomial densities. Near p == q both parts cancel, so there it is
 * summed as a series in v = (p - q) / (p + q), whose terms are all small. */
static double bd0(double p, double q)
{
	double v, v2, s, ej, s1;
	int j;
	if (q == 0)
		return p == 0 ? 0 : INFINITY;
	if (isinf(q))
		return INFINITY;
	if (fabs(p - q) >= 0.1 * (p + q))
		return p * log(p / q) + q - p;
	v = (p - q) / (p + q);
	s = (p - q) * v;
	ej = 2 * p * v;
	v2 = v * v;
	for (j = 1; j < 1000; j++) {
		ej *= v2;
		s1 = s + ej / (2 * j + 1);
		if (s1 == s)
			break;
		s = s1;
	}
	return s;
}

/* log Gamma(1 + z) for |z| <= 0.25 from its Taylor series, which keeps the
 * relative accuracy that log(tgamma()) loses next to the zeros at 1 and 2.
 * The coefficients are (-1)^k zeta(k) / k (mpmath, 40 digits). */
static double lgamma1p_small(double z)
{
	static const double c[] = {
		8.22467033424113203e-01,  -4.00685634386531431e-01,
		2.70580808427784536e-01,  -2.07385551028673981e-01,
		1.69557176997408188e-01,  -1.44049896768846108e-01,
		1.25509669524743045e-01,  -1.11334265869564686e-01,
		1.00099457512781806e-01,  -9.09540171458290414e-02,
		8.33538405461090037e-02,  -7.69325164113521948e-02,
		7.14329462953613298e-02,  -6.66687058824204648e-02,
		6.25009551412130382e-02,  -5.88239786586845850e-02,
		5.55557676274036141e-02,  -5.26316793796166582e-02,
		5.00000476981016934e-02,  -4.76190703301422255e-02,
		4.54545562932046690e-02,  -4.34782660530402612e-02,
		4.16666691503412082e-02,  -4.00000011921401374e-02,
		3.84615390346751823e-02};
	double s = 0;
	int k;
	for (k = (int)(sizeof c / sizeof *c) - 1; k >= 0; k--)
		s = s * z + c[k];
	return z * (-EULER_GAMMA + z * s);
}

double cxj__lgamma(double x)
{
	double r;
	if (isnan(x))
		return x;
	if (isinf(x))
		return INFINITY;
	if (x <= 0) {
		/* reflection; r is exact, and sin(pi r) keeps its accuracy */
		if (x == floor(x))
			return INFINITY;
		r = x - floor(x + 0.5);
		return log(PI / fabs(sin(PI * r))) - cxj__lgamma(1 - x);
	}
	if (x < 1e-300)
		return -log(x);
	if (fabs(x - 1) <= 0.25)
		return lgamma1p_small(x - 1);
	if (fabs(x - 2) <= 0.25)
		return lgamma1p_small(x - 2) + log1p(x - 2);
	if (x < 10)
		return log(tgamma(x));
	return (x - 0.5) * log(x) - x + LN_SQRT_2PI + stirlerr(x);
}

/* log Gamma(a + 1/2) - log Gamma(a), without the cancellation of two huge
 * log gammas when a is large (t densities with many degrees of freedom). */
static double lgamma_half_ratio(double a)
{
	double h;
	if (a < 8)
		return cxj__lgamma(a + 0.5) - cxj__lgamma(a);
	/* from log Gamma(z) = (z - 1/2) log z - z + log sqrt(2 pi) + delta(z) */
	h = 0.5 / a;
	return 0.5 * log(a) + (a * log1p(h) - 0.5) + stirlerr(a + 0.5) -
	       stirlerr(a);
}

/* ---- normal ---- */

/* 0.5 erfc(x / sqrt 2), with the rounding of x / sqrt 2 corrected to first
 * order: the relative effect of that rounding grows like x^2. */
static double half_erfc_scaled(double x)
{
	double z = x * SQRT1_2_HI, dz, e;
	if (isinf(x))
		return x > 0 ? 0 : 1;
	dz = fma(x, SQRT1_2_HI, -z) + x * SQRT1_2_LO;
	e = erfc(z);
	if (e == 0)
		return 0;
	/* d erfc(z) = -2 / sqrt(pi) exp(-z^2) dz */
	return 0.5 * (e - 1.1283791670955126 * exp(-z * z) * dz);
}

double cxj__norm_sf(double x)
{
	if (isnan(x))
		return x;
	return half_erfc_scaled(x);
}

double cxj__norm_cdf(double x)
{
	if (isnan(x))
		return x;
	return half_erfc_scaled(-x);
}

/* log of the upper tail and the Mills ratio sf(s) / pdf(s) for s > 0. Past
 * s = 30 erfc nears underflow, and the asymptotic series of the Mills ratio
 * is exact to rounding there. */
static double norm_logsf(double s, double *mills)
{
	double sf, z2, term, sum;
	int k;
	if (s < 30) {
		sf = half_erfc_scaled(s);
		*mills = sf * SQRT_2PI * exp(0.5 * s * s);
		return log(sf);
	}
	z2 = 1 / (s * s);
	term = 1;
	sum = 1;
	for (k = 1; k <= 12; k++) {
		term *= -(2 * k - 1) * z2;
		sum += term;
	}
	*mills = sum / s;
	return log(*mills) - 0.5 * s * s - LN_SQRT_2PI;
}

/* Acklam's rational approximation (relative error about 1e-9), the
 * starting point for the refinement below. Valid for 0 < p <= 0.5. */
static double norm_ppf_guess(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
				   -2.759285104469687e+02, 1.383577518672690e+02,
				   -3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
				   -1.556989798598866e+02, 6.680131188771972e+01,
				   -1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
				   -2.400758277161838e+00, -2.549732539343734e+00,
				   4.374664141464968e+00,  2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
				   2.445134137142996e+00, 3.754408661907416e+00};
	double q, r;
	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) *
				q + c[5]) /
		       ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	q = p - 0.5;
	r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r +
		a[5]) * q /
	       (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double cxj__norm_ppf(double p)
{
	double s, q, g, u, ds, logp, mills;
	int i;
	if (isnan(p) || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	if (p > 0.5)
		return -cxj__norm_ppf(1 - p); /* 1 - p is exact here */
	if (p == 0.5)
		return 0;
	s = -norm_ppf_guess(p); /* solve for s = -x > 0 */
	if (p > 0.075) {
		/* central: erf(s / sqrt 2) / 2 = 1/2 - p, whose right side is
		 * exact, keeps relative accuracy as s goes to 0 (Halley) */
		q = 0.5 - p;
		for (i = 0; i < 4; i++) {
			g = 0.5 * erf(s * SQRT1_2_HI) - q;
			u = g * SQRT_2PI * exp(0.5 * s * s);
			ds = u / (1 + 0.5 * s * u);
			s -= ds;
			if (fabs(ds) <= 1e-17 * s)
				break;
		}
		return -s;
	}
	/* tail: Newton on log sf(s) = log p, whose slope is -1 / Mills */
	logp = log(p);
	for (i = 0; i < 50; i++) {
		g = norm_logsf(s, &mills) - logp;
		ds = g * mills;
		s += ds;
		if (fabs(ds) <= 1e-16 * s)
			break;
	}
	return -s;
}

/* ---- incomplete gamma ---- */

/* x^a e^-x / Gamma(a), through the Stirling error and bd0 for large a so
 * that no large logarithms cancel. */
static double gamma_prefix(double a, double x)
{
	if (x == 0)
		return 0;
	if (a >= 8)
		return sqrt(a / (2 * PI)) * exp(-bd0(a, x) - stirlerr(a));
	return exp(a * log(x) - x) / tgamma(a);
}

/* Temme's uniform expansion for large a (DLMF 8.12): with lambda = x / a
 * and eta^2 / 2 = lambda - 1 - log lambda (sign of lambda - 1),
 * Q = erfc(eta sqrt(a / 2)) / 2 + R and P = erfc(-eta sqrt(a / 2)) / 2 - R,
 * R = exp(-a eta^2 / 2) / sqrt(2 pi a) (c0(eta) + c1(eta) / a). Near
 * eta = 0 the closed forms of c0 and c1 cancel, so there their Taylor
 * series stand in (coefficients checked against mpmath at 60 digits). */
static void gamma_pq_asymptotic(double a, double x, double *p, double *q)
{
	double m = (x - a) / a, eta, c0, c1, r, w;
	eta = sqrt(2 * bd0(a, x) / a);
	if (m < 0)
		eta = -eta;
	if (fabs(eta) < 0.01) {
		c0 = -1.0 / 3 + eta * (1.0 / 12 + eta * (-2.0 / 135 +
			eta * (1.0 / 864 + eta / 2835)));
		c1 = -1.0 / 540 - eta / 288;
	} else {
		c0 = 1 / m - 1 / eta;
		c1 = 1 / (eta * eta * eta) - 1 / (m * m * m) - 1 / (m * m) -
		     1 / (12 * m);
	}
	w = eta * sqrt(a);
	r = exp(-0.5 * w * w) / (SQRT_2PI * sqrt(a)) * (c0 + c1 / a);
	*q = cxj__norm_sf(w) + r;
	*p = cxj__norm_cdf(w) - r;
}

/* For a < 1, P is close to 1 where Q is small, so Q is not 1 - P: with
 * t = a log x - log Gamma(1 + a), P = e^t (1 + a sum_{n>=1} (-x)^n /
 * (n! (a + n))) (the series of the lower gamma), and
 * Q = -expm1(t) - e^t a sum, where nothing cancels. */
static void gamma_pq_small_a(double a, double x, double *p, double *q)
{
	double t = a * log(x) -
		   (a <= 0.25 ? lgamma1p_small(a) : cxj__lgamma(1 + a));
	double sum = 0, term = 1, e = exp(t);
	for (long n = 1; n < 1000; n++) {
		term *= -x / (double)n;
		double add = term / (a + (double)n);
		sum += add;
		if (fabs(add) < fabs(sum) * TOL)
			break;
	}
	*q = -expm1(t) - e * a * sum;
	*p = e * (1 + a * sum);
}

/* One step of the modified Lentz method for a continued fraction, with
 * partial numerator an and denominator bn: updates the running ratios c
 * and d (kept off zero) and returns the factor of the value, which has
 * converged when the factor is 1. */
static double lentz_step(double an, double bn, double *c, double *d)
{
	*d = bn + an * *d;
	if (fabs(*d) < DBL_MIN)
		*d = DBL_MIN;
	*c = bn + an / *c;
	if (fabs(*c) < DBL_MIN)
		*c = DBL_MIN;
	*d = 1 / *d;
	return *c * *d;
}

static void gamma_pq(double a, double x, double *p, double *q)
{
	double sum, term, pre, b, c, d, h, an, del;
	long n, max;
	if (isnan(a) || isnan(x) || a <= 0 || x < 0 || isinf(a)) {
		*p = *q = NAN;
		return;
	}
	if (x == 0) {
		*p = 0;
		*q = 1;
		return;
	}
	if (isinf(x)) {
		*p = 1;
		*q = 0;
		return;
	}
	if (a > GAMMA_ASYMPTOTIC_A) {
		gamma_pq_asymptotic(a, x, p, q);
		return;
	}
	/* both need O(sqrt(a)) steps when x is near a */
	max = 1000 + (long)(50 * sqrt(a));
	pre = gamma_prefix(a, x);
	if (a < 1 && x < a + 1) {
		gamma_pq_small_a(a, x, p, q);
		return;
	}
	if (x < a + 1) {
		/* P = x^a e^-x / Gamma(a + 1) sum x^n / ((a+1)...(a+n)) */
		sum = 1;
		term = 1;
		for (n = 1; n < max; n++) {
			term *= x / (a + n);
			sum += term;
			if (term < sum * TOL)
				break;
		}
		*p = pre / a * sum;
		*q = 1 - *p;
		return;
	}
	/* Q from its continued fraction (modified Lentz) */
	b = x + 1 - a;
	c = 1 / DBL_MIN;
	d = 1 / b;
	h = d;
	for (n = 1; n < max; n++) {
		an = -n * (n - a);
		b += 2;
		del = lentz_step(an, b, &c, &d);
		h *= del;
		if (fabs(del - 1) < TOL)
			break;
	}
	*q = pre * h;
	*p = 1 - *q;
}

double cxj__gamma_p(double a, double x)
{
	double p, q;
	gamma_pq(a, x, &p, &q);
	return p;
}

double cxj__gamma_q(double a, double x)
{
	double p, q;
	gamma_pq(a, x, &p, &q);
	return q;
}

double cxj__chi2_sf(double x, double df)
{
	if (isnan(x) || isnan(df) || df <= 0)
		return NAN;
	if (x <= 0)
		return 1;
	return cxj__gamma_q(df / 2, x / 2);
}

double cxj__chi2_cdf(double x, double df)
{
	if (isnan(x) || isnan(df) || df <= 0)
		return NAN;
	if (x <= 0)
		return 0;
	return cxj__gamma_p(df / 2, x / 2);
}

/* ---- incomplete beta ---- */

/* x^a y^b / B(a, b) with y = 1 - x given separately by the caller, who
 * knows it more accurately than 1 - x. Large parameters go through the
 * Stirling error and bd0, so that t with a million degrees of freedom
 * keeps its digits. */
static double beta_prefix(double a, double b, double x, double y)
{
	double c = a + b, e, lx, ly;
	if (x == 0 || y == 0)
		return 0;
	if (a >= 8 && b >= 8) {
		e = -(bd0(a, c * x) + bd0(b, c * y)) + stirlerr(c) -
		    stirlerr(a) - stirlerr(b);
		return sqrt(a / (2 * PI) * (b / c)) * exp(e);
	}
	if (a >= 8) {
		e = b * log(c * y) - c * y - bd0(a, c * x) + stirlerr(c) -
		    stirlerr(a);
		return sqrt(a / c) / tgamma(b) * exp(e);
	}
	if (b >= 8) {
		e = a * log(c * x) - c * x - bd0(b, c * y) + stirlerr(c) -
		    stirlerr(b);
		return sqrt(b / c) / tgamma(a) * exp(e);
	}
	lx = x <= 0.5 ? log(x) : log1p(-y);
	ly = y <= 0.5 ? log(y) : log1p(-x);
	return exp(a * lx + b * ly) * (tgamma(c) / (tgamma(a) * tgamma(b)));
}

/* I_x(a, b) / (x^a y^b / B(a, b)) from the continued fraction of DLMF
 * 8.17.22, evaluated by the modified Lentz method. Each partial denominator
 * is written with y = 1 - x as m + m (b - m) x / (a + 2m - 1) +
 * (a + m)(a y - b x + 1 + m (1 + y)) / (a + 2m + 1), so that nothing cancels
 * when a is large and x is close to 1 (t with many degrees of freedom).
 * Converges fast for x < (a + 1) / (a + b + 2). */
static double beta_cf(double a, double b, double x, double y)
{
	double f, c, d, an, bn, del, base = a * y - b * x + 1;
	/* exact to rounding up to shapes of 1e8, where the cap is 501,000
	 * steps; the callers stay below (t past T_ASYMPTOTIC_DF, Pearson past
	 * 2e7 pairs go through t_normal_deviate), and beyond it the cap
	 * bounds the time */
	double big = fmin(a > b ? a : b, 1e8);
	long m, max = 1000 + (long)(50 * sqrt(big));
	bn = a * base / (a + 1);
	if (fabs(bn) < DBL_MIN)
		bn = DBL_MIN;
	c = bn;
	d = 0;
	f = bn;
	for (m = 1; m < max; m++) {
		double k = a + 2.0 * m - 1;
		/* grouped so that no product overflows for huge shapes */
		an = (a + m - 1) / k * x * ((a + b + m - 1) / k * x) * m *
		     (b - m);
		bn = m + m * (b - m) * x / k +
		     (a + m) * (base + m * (1 + y)) / (k + 2);
		del = lentz_step(an, bn, &c, &d);
		f *= del;
		if (fabs(del - 1) < TOL)
			break;
	}
	return 1 / f;
}

/* I_x(a, b) below the mean; an underflowed prefix spares the fraction,
 * which huge shapes could drive to 0 * infinity. */
static double beta_lower_tail(double a, double b, double x, double y)
{
	double pre = beta_prefix(a, b, x, y);
	return pre == 0 ? 0 : pre * beta_cf(a, b, x, y);
}

/* I_x(a, b) into *w and 1 - I_x(a, b) into *wc, y = 1 - x. */
static void beta_inc2(double a, double b, double x, double y, double *w,
		      double *wc)
{
	if (isnan(a) || isnan(b) || isnan(x) || isnan(y) || a <= 0 || b <= 0 ||
	    x < 0 || y < 0) {
		*w = *wc = NAN;
		return;
	}
	if (x == 0 || y == 0) {
		*w = x == 0 ? 0 : 1;
		*wc = 1 - *w;
		return;
	}
	/* the fraction converges on the side below the mean; the other side
	 * is its mirror image. Decided once: rounding can put x past both
	 * thresholds when a or b is huge. */
	if (x > (a + 1) / (a + b + 2)) {
		*wc = beta_lower_tail(b, a, y, x);
		*w = 1 - *wc;
		return;
	}
	*w = beta_lower_tail(a, b, x, y);
	*wc = 1 - *w;
}

double cxj__beta_inc(double a, double b, double x)
{
	double w, wc;
	if (x > 1)
		return NAN;
	beta_inc2(a, b, x, 1 - x, &w, &wc);
	return w;
}

double cxj__beta_incc(double a, double b, double x)
{
	double w, wc;
	if (x > 1)
		return NAN;
	beta_inc2(a, b, x, 1 - x, &w, &wc);
	return wc;
}

/* ---- Student t ---- */

/* Hill's correction (CACM algorithm 395) of the normal deviate z0 below:
 * the terms in 1 / df^2 and 1 / df^4 of the expansion of the t tail. */
static double t_hill_correction(double z, double df)
{
	double a = df - 0.5, b = 48 * a * a, z2 = z * z;
	/* past z = 40 the tail is below the smallest double; past df = 1e30
	 * the correction is below rounding (and 48 a^2 overflows) */
	if (!(z < 40) || df > 1e30)
		return 0;
	return z * (z2 + 3) / b -
	       z * (((4 * z2 + 33) * z2 + 240) * z2 + 855) /
		       (10 * b * (b + 0.8 * z2 * z2 + 100));
}

/* The normal deviate with the t tail at s for df past T_ASYMPTOTIC_DF:
 * z0 = sqrt((df - 1/2) log(1 + s^2 / df)), from the large-shape limit of
 * I_x(df / 2, 1/2), plus Hill's correction. */
static double t_normal_deviate(double s, double df)
{
	double r = s / sqrt(df), q = r * r, z;
	if (r > 1e150)
		z = sqrt((df - 0.5) * 2 * log(r));
	else /* s sqrt(log1p(q) / q ...): q may be subnormal for huge df */
		z = s * sqrt((df - 0.5) / df *
			     (q < 1e-8 ? 1 - q / 2 : log1p(q) / q));
	return z + t_hill_correction(z, df);
}

static void normal_tails(double z, double *upper, double *lower,
			 double *inner)
{
	*upper = cxj__norm_sf(z);
	*lower = cxj__norm_cdf(z);
	*inner = erf(z * SQRT1_2_HI);
}

/* Upper and lower tails at s >= 0, and P(|T| < s): sf = I_x(df/2, 1/2) / 2
 * with x = df / (df + s^2), both x and 1 - x formed without cancellation. */
static void t_tails(double s, double df, double *upper, double *lower,
		    double *inner)
{
	double q, x, y, w, wc, a = df / 2;
	if (isinf(df)) {
		normal_tails(s, upper, lower, inner);
		return;
	}
	if (df > T_ASYMPTOTIC_DF) {
		normal_tails(t_normal_deviate(s, df), upper, lower, inner);
		return;
	}
	if (df == 1) {
		/* Cauchy, exact */
		*upper = atan2(1, s) / PI;
		*lower = 0.5 + atan(s) / PI;
		*inner = 2 * atan(s) / PI;
		return;
	}
	if (s > 1e150) {
		/* x underflows: keep the leading term x^a / (a B(a, 1/2)) */
		double lx = log(df) - 2 * log(s);
		*upper = 0.5 * exp(a * lx - log(a) -
				   (cxj__lgamma(0.5) - lgamma_half_ratio(a)));
		*lower = 1 - *upper;
		*inner = 1 - 2 * *upper;
		return;
	}
	if (s * s > df) {
		q = df / s / s;
		x = q / (1 + q);
		y = 1 / (1 + q);
	} else {
		q = s * s / df;
		x = 1 / (1 + q);
		y = q / (1 + q);
	}
	beta_inc2(a, 0.5, x, y, &w, &wc);
	*upper = 0.5 * w;
	*lower = 0.5 + 0.5 * wc;
	*inner = wc;
}

double cxj__t_sf(double t, double df)
{
	double up, lo, in;
	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	t_tails(fabs(t), df, &up, &lo, &in);
	return t >= 0 ? up : lo;
}

double cxj__t_cdf(double t, double df)
{
	double up, lo, in;
	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	t_tails(fabs(t), df, &up, &lo, &in);
	return t >= 0 ? lo : up;
}

/* log of the t density at s, for the Newton steps of t_ppf (its accuracy
 * only sets the speed of convergence, not the root). */
static double t_logpdf(double s, double df)
{
	double l1 = s > 1e150 ? 2 * (log(s) - 0.5 * log(df))
			      : log1p(s / df * s);
	return -(df + 1) / 2 * l1 - 0.5 * log(df) -
	       (cxj__lgamma(0.5) - lgamma_half_ratio(df / 2));
}

/* Inverts t_normal_deviate: the correction is a tiny, smooth function of
 * z, so two fixed-point steps give z0 to rounding. */
static double t_isf_asymptotic(double z, double df)
{
	double z0 = z - t_hill_correction(z, df), u;
	z0 = z - t_hill_correction(z0, df);
	/* s = sqrt(df expm1(u)), u = z0^2 / (df - 1/2), written so that a
	 * subnormal u (df near 1e300) keeps its digits */
	u = z0 * z0 / (df - 0.5);
	return z0 * sqrt(df / (df - 0.5) * (u < 1e-8 ? 1 + u / 2
						     : expm1(u) / u));
}

/* s > 0 with sf(s) = p for p < 0.5; 1 - 2p is exact for p >= 0.25. */
static double t_isf(double p, double df)
{
	double s, lo = 0, hi = INFINITY, g, ds, up, low, in, logp = log(p), z;
	int i, central = p >= 0.25;
	if (df == 1)
		return p < 0.25 ? 1 / tan(PI * p) : tan(PI * (0.5 - p));
	if (df == 2)
		return (1 - 2 * p) / sqrt(2 * p * (1 - p));
	/* start from Cornish-Fisher, or from the power-law tail when that
	 * lies further out */
	z = -cxj__norm_ppf(p);
	if (isinf(df))
		return z;
	if (df > T_ASYMPTOTIC_DF)
		return t_isf_asymptotic(z, df);
	s = z + (z * z * z + z) / (4 * df);
	{
		double tail = sqrt(df) *
			      exp(-(log(df * p) + cxj__lgamma(0.5) -
				    lgamma_half_ratio(df / 2)) /
				  df);
		if (tail > 1e300) {
			/* a few degrees of freedom below 1 put the quantile
			 * of a small p past the largest double */
			t_tails(DBL_MAX, df, &up, &low, &in);
			if (up > p)
				return INFINITY;
		}
		if (tail > s && isfinite(tail))
			s = tail;
	}
	for (i = 0; i < 200; i++) {
		t_tails(s, df, &up, &low, &in);
		if (central) {
			/* P(|T| < s) = 1 - 2p */
			g = in - (1 - 2 * p);
			if (g > 0)
				hi = s;
			else
				lo = s;
			ds = -g / (2 * exp(t_logpdf(s, df)));
		} else {
			g = log(up) - logp;
			if (g < 0)
				hi = s;
			else
				lo = s;
			ds = g * up / exp(t_logpdf(s, df));
		}
		if (g == 0)
			break;
		if (!(s + ds > lo && s + ds < hi)) {
			/* Newton left the bracket: bisect or expand */
			ds = (isinf(hi) ? 2 * s : 0.5 * (lo + hi)) - s;
		}
		s += ds;
		if (fabs(ds) <= 4 * DBL_EPSILON * s)
			break;
	}
	return s;
}

double cxj__t_ppf(double p, double df)
{
	if (isnan(p) || isnan(df) || df <= 0 || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	if (p == 0.5)
		return 0;
	if (p > 0.5)
		return t_isf(1 - p, df);
	return -t_isf(p, df);
}
