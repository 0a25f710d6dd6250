/* check_fpc.c: the finite-population correction of intervals, target
 * tests and comparisons (cxj_metric_*_fpc).
 *
 * The first reference is the example of R statpsych ci.mean.fpc: mean
 * 24.5, sd 3.65, 40 of 300 units: SE 0.5381631, 95 % CI 23.41146 to
 * 25.58854 (t, df 39). The others were computed once with numpy and scipy,
 * the formulas written out, by this command (quantiles from scipy.stats;
 * Wilson as the roots of its quadratic, not the closed form):
 *
/usr/bin/python3 - <<'EOF'
import numpy as np
from scipy import stats
z = lambda lv: stats.norm.ppf(1 - (1 - lv) / 2)
f2 = lambda N, n: (N - n) / (N - 1)
out = lambda k, v: print("#define %s %r" % (k, float(v)))
def expand(lo, c):
    return np.repeat(np.arange(lo, lo + len(c)), c).astype(float)
d = 3.65 * np.sqrt(39 / 40)
KA = np.array([24.5 - d] * 20 + [24.5 + d] * 20)
KB = np.array([21, 23.5, 19, 22, 25.5, 20, 24, 22.5, 18.5, 23, 21.5, 26,
               20.5, 22, 24.5, 19.5, 23, 21, 22.5, 20, 25, 21.5, 23.5, 22,
               24.0])
CA, CB = expand(1, [2, 3, 7, 15, 13]), expand(1, [4, 4, 6, 9, 7])
NA, NB = expand(0, [0, 0, 1, 1, 0, 2, 4, 5, 7, 9, 11]), \
    expand(0, [1, 0, 2, 1, 1, 2, 3, 6, 4, 5, 5])
WS = np.array([5, 4, 5, 3, 2, 5, 4, 1, 5, 4, 3, 5.])
WW = np.array([1.5, .5, 2, 1, 1, .8, 1.2, .7, 1, 2.5, 1, .3])
# a mean: t with df n - 1, SE times sqrt(fpc)
def t_iv(x, N, lv):
    n = len(x); se = x.std(ddof=1) / np.sqrt(n) * np.sqrt(f2(N, n))
    q = stats.t.ppf(1 - (1 - lv) / 2, n - 1)
    return se, x.mean() - q * se, x.mean() + q * se
for k, v in zip(("SE", "LO", "HI"), t_iv(KA, 300, .95)):
    out("KA_T95_N300_" + k, v)
for k, v in zip(("SE", "LO", "HI"), t_iv(KA, 100, .90)):
    out("KA_T90_N100_" + k, v)
# top box: n' = n_eff / fpc; Wilson as the roots of its quadratic
def prop(p, ne, n, N, lv, how):
    q = z(lv); m = ne / f2(N, n)
    if how == "wilson":
        lo, hi = sorted(np.roots([1 + q * q / m, -(2 * p + q * q / m),
                                  p * p]).real)
        se = np.sqrt(p * (1 - p) / m)
    elif how == "ac":
        nt = m + q * q; pt = (p * m + q * q / 2) / nt
        se = np.sqrt(pt * (1 - pt) / nt); lo, hi = pt - q * se, pt + q * se
    else:
        se = np.sqrt(p * (1 - p) / m); lo, hi = p - q * se, p + q * se
    return 100 * se, 100 * max(lo, 0), 100 * min(hi, 1)
pa = np.mean(CA >= 4)
for how in ("wilson", "ac", "wald"):
    for k, v in zip(("SE", "LO", "HI"), prop(pa, 40, 40, 300, .95, how)):
        out("CA_%s95_N300_%s" % (how.upper(), k), v)
pw = WW[WS >= 4].sum() / WW.sum(); ne = WW.sum() ** 2 / (WW ** 2).sum()
for k, v in zip(("SE", "LO", "HI"), prop(pw, ne, 12, 20, .95, "wilson")):
    out("CW_WILSON95_N20_" + k, v)
out("CW_NEFF", ne)
# NPS: Wald with SE times sqrt(fpc); adjusted Wald with n' = n / fpc
def nps(x, N, adj):
    n = len(x); m = n / f2(N, n)
    pp, pd = np.mean(x >= 9), np.mean(x <= 6)
    if adj:
        pp, pd, m = (pp * m + .75) / (m + 3), (pd * m + .75) / (m + 3), m + 3
    return 100 * (pp - pd), 100 * np.sqrt((pp + pd - (pp - pd) ** 2) / m)
for adj, name in ((0, "WALD"), (1, "ADJ")):
    e, se = nps(NA, 300, adj)
    out("NA_%s95_N300_SE" % name, se)
    out("NA_%s95_N300_LO" % name, e - z(.95) * se)
    out("NA_%s95_N300_HI" % name, e + z(.95) * se)
# target tests, one-sided
q0 = .6; se = np.sqrt(q0 * (1 - q0) / (40 / f2(300, 40)))
out("CA_SCORE_60_ABOVE_SE", 100 * se)
out("CA_SCORE_60_ABOVE_Z", (pa - q0) / se)
out("CA_SCORE_60_ABOVE_P", stats.norm.sf((pa - q0) / se))
e, se = nps(NA, 300, 0)
out("NA_WALD_15_ABOVE_Z", (e - 15) / se)
out("NA_WALD_15_ABOVE_P", stats.norm.sf((e - 15) / se))
se = KA.std(ddof=1) / np.sqrt(40) * np.sqrt(f2(300, 40))
out("KA_T_255_BELOW_T", (KA.mean() - 25.5) / se)
out("KA_T_255_BELOW_P", stats.t.cdf((KA.mean() - 25.5) / se, 39))
# comparisons, two-sided
pb = np.mean(CB >= 4); fa, fb = f2(300, 40), f2(120, 30)
pp = (pa * 40 + pb * 30) / 70
se = np.sqrt(pp * (1 - pp) * (fa / 40 + fb / 30))
out("C_POOLED_SE", 100 * se)
out("C_POOLED_Z", (pa - pb) / se)
out("C_POOLED_P", 2 * stats.norm.sf(abs(pa - pb) / se))
ea, sa = nps(NA, 300, 0); eb, sb = nps(NB, 90, 0)
se = np.hypot(sa, sb)
out("N_WALD_DIFF", ea - eb)
out("N_WALD_SE", se)
out("N_WALD_P", 2 * stats.norm.sf(abs(ea - eb) / se))
def welch(a, Na, b, Nb):
    va = a.var(ddof=1) / len(a) * f2(Na, len(a))
    vb = b.var(ddof=1) / len(b) * f2(Nb, len(b))
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    t = (a.mean() - b.mean()) / np.sqrt(va + vb)
    return np.sqrt(va + vb), t, df, 2 * stats.t.sf(abs(t), df)
for k, v in zip(("SE", "T", "DF", "P"), welch(KA, 300, KB, 60)):
    out("K_WELCH_" + k, v)
for k, v in zip(("SE", "T", "DF", "P"), welch(KA, 40, KB, 60)):
    out("K_WELCH_CENSUS_A_" + k, v)
EOF
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* the output of the command above */
#define KA_T95_N300_SE 0.5381631399653745
#define KA_T95_N300_LO 23.41146230776141
#define KA_T95_N300_HI 25.58853769223859
#define KA_T90_N100_SE 0.44928394207456446
#define KA_T90_N100_LO 23.743012664408855
#define KA_T90_N100_HI 25.256987335591145
#define CA_WILSON95_N300_SE 6.756639246921763
#define CA_WILSON95_N300_LO 55.64327937940339
#define CA_WILSON95_N300_HI 81.2737780971734
#define CA_AC95_N300_SE 6.582022789590241
#define CA_AC95_N300_LO 55.558001125269655
#define CA_AC95_N300_HI 81.35905635130712
#define CA_WALD95_N300_SE 6.756639246921763
#define CA_WALD95_N300_LO 56.757230419503514
#define CA_WALD95_N300_HI 83.24276958049649
#define CW_WILSON95_N20_SE 9.445551572524165
#define CW_WILSON95_N20_LO 51.85461881215545
#define CW_WILSON95_N20_HI 86.69066257807174
#define CW_NEFF 9.389489953632149
#define NA_WALD95_N300_SE 11.515584902738285
#define NA_WALD95_N300_LO 7.429868329719781
#define NA_WALD95_N300_HI 52.57013167028022
#define NA_ADJ95_N300_SE 11.143206503410747
#define NA_ADJ95_N300_LO 6.3229818871448735
#define NA_ADJ95_N300_HI 50.00354872510002
#define CA_SCORE_60_ABOVE_SE 7.223151185146151
#define CA_SCORE_60_ABOVE_Z 1.3844373104863457
#define CA_SCORE_60_ABOVE_P 0.08311229556417699
#define NA_WALD_15_ABOVE_Z 1.3025825545720355
#define NA_WALD_15_ABOVE_P 0.09635865842737379
#define KA_T_255_BELOW_T -1.858172598116512
#define KA_T_255_BELOW_P 0.03535239575706556
#define C_POOLED_SE 10.469577048534198
#define C_POOLED_Z 1.5919140371577947
#define C_POOLED_P 0.11140402106275273
#define N_WALD_DIFF 30.0
#define N_WALD_SE 16.805398827001127
#define N_WALD_P 0.07423851147954964
#define K_WELCH_SE 0.6213351899938839
#define K_WELCH_T 3.6695169317907848
#define K_WELCH_DF 58.71735650389186
#define K_WELCH_P 0.0005257411355539287
#define K_WELCH_CENSUS_A_SE 0.3105444462671078
#define K_WELCH_CENSUS_A_T 7.341944212516718
#define K_WELCH_CENSUS_A_DF 24.0
#define K_WELCH_CENSUS_A_P 1.3929133460666865e-07

#define REL 1e-9


/* the data of the command above */
static const uint64_t CA[] = {2, 3, 7, 15, 13};
static const uint64_t CB[] = {4, 4, 6, 9, 7};
static const uint64_t NA[] = {0, 0, 1, 1, 0, 2, 4, 5, 7, 9, 11};
static const uint64_t NB[] = {1, 0, 2, 1, 1, 2, 3, 6, 4, 5, 5};
static const double KB[] = {21,   23.5, 19, 22, 25.5, 20, 24,   22.5, 18.5,
			    23,   21.5, 26, 20.5, 22, 24.5, 19.5, 23,  21,
			    22.5, 20,   25, 21.5, 23.5, 22, 24};
static const double WS[] = {5, 4, 5, 3, 2, 5, 4, 1, 5, 4, 3, 5};
static const double WW[] = {1.5, .5, 2, 1, 1, .8, 1.2, .7, 1, 2.5, 1, .3};

/* 40 answers of mean 24.5 and sample sd 3.65: half at 24.5 - d, half at
 * 24.5 + d, where 40 d^2 / 39 = 3.65^2 */
static cxj_metric *statpsych_metric(void)
{
	cxj_metric *m = NULL;
	double d = 3.65 * sqrt(39.0 / 40.0);
	ck_assert_rc(cxj_metric_new(CXJ_KPI, &m), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(m, 24.5 - d, 20), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(m, 24.5 + d, 20), CXJ_OK);
	return m;
}

static cxj_metric *kpi_b(void)
{
	cxj_metric *m = NULL;
	ck_assert_rc(cxj_metric_new(CXJ_KPI, &m), CXJ_OK);
	ck_assert_rc(cxj_metric_add_array(m, KB, N_OF(KB)), CXJ_OK);
	return m;
}

static cxj_metric *weighted_csat(void)
{
	cxj_metric *m = NULL;
	ck_assert_rc(cxj_metric_new(CXJ_CSAT, &m), CXJ_OK);
	ck_assert_rc(cxj_metric_add_weighted_array(m, WS, WW, N_OF(WS)),
		     CXJ_OK);
	return m;
}

/* Result structs start as this pattern, so that a call that writes
 * nothing leaves them byte for byte as they were. */
static void scribble(void *p, size_t n, unsigned int version)
{
	memset(p, 0xa5, n);
	memcpy(p, &version, sizeof version);
}

static cxj_interval interval(const cxj_metric *m, double population,
			     cxj_metric_figure figure, cxj_method method,
			     double level)
{
	cxj_interval iv = CXJ_INTERVAL_INIT;
	ck_assert_rc(cxj_metric_interval_fpc(m, population, figure, method,
					     level, &iv),
		     CXJ_OK);
	ck_assert_int_eq(iv.figure, figure);
	ck_assert(iv.level == level);
	ck_assert(iv.lo <= iv.estimate && iv.estimate <= iv.hi);
	return iv;
}

static void check_iv(const cxj_interval *iv, double se, double lo, double hi)
{
	ck_close(iv->std_error, se, REL);
	ck_close(iv->lo, lo, REL);
	ck_close(iv->hi, hi, REL);
}

/* ---- the references ---- */

START_TEST(statpsych_mean)
{
	cxj_metric *m = statpsych_metric();
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	cxj_interval iv, plain = CXJ_INTERVAL_INIT;
	ck_assert_rc(cxj_metric_summarize(m, &s), CXJ_OK);
	ck_close(s.mean, 24.5, 1e-14);
	ck_close(s.stddev, 3.65, 1e-14);
	iv = interval(m, 300, CXJ_FIGURE_MEAN, CXJ_METHOD_DEFAULT, 0.95);
	/* statpsych prints 7 significant digits */
	ck_close(iv.std_error, 0.5381631, 1e-7);
	ck_close(iv.lo, 23.41146, 1e-6);
	ck_close(iv.hi, 25.58854, 1e-6);
	check_iv(&iv, KA_T95_N300_SE, KA_T95_N300_LO, KA_T95_N300_HI);
	ck_assert_int_eq(iv.method, CXJ_METHOD_T);
	ck_assert(iv.df == 39 && iv.n == 40);
	ck_close(iv.estimate, 24.5, 1e-14);
	/* the uncorrected SE is sd / sqrt(n): the correction is what moved */
	ck_assert_rc(cxj_metric_interval(m, CXJ_FIGURE_MEAN, CXJ_METHOD_T,
					 0.95, &plain),
		     CXJ_OK);
	ck_close(plain.std_error, 3.65 / sqrt(40), 1e-12);
	ck_close(iv.std_error / plain.std_error, sqrt(260.0 / 299.0), 1e-12);
	iv = interval(m, 100, CXJ_FIGURE_VALUE, CXJ_METHOD_T, 0.90);
	check_iv(&iv, KA_T90_N100_SE, KA_T90_N100_LO, KA_T90_N100_HI);
	cxj_metric_free(m);
}
END_TEST

START_TEST(top_box_intervals)
{
	cxj_metric *m = cxjt_from_counts(CXJ_CSAT, CA, N_OF(CA));
	cxj_metric *w = weighted_csat();
	cxj_interval iv;
	iv = interval(m, 300, CXJ_FIGURE_VALUE, CXJ_METHOD_DEFAULT, 0.95);
	ck_assert_int_eq(iv.method, CXJ_METHOD_WILSON);
	check_iv(&iv, CA_WILSON95_N300_SE, CA_WILSON95_N300_LO,
		 CA_WILSON95_N300_HI);
	ck_assert(iv.n == 40 && isinf(iv.df));
	ck_assert(iv.estimate == 70);
	iv = interval(m, 300, CXJ_FIGURE_TOP_BOX, CXJ_METHOD_AGRESTI_COULL,
		      0.95);
	check_iv(&iv, CA_AC95_N300_SE, CA_AC95_N300_LO, CA_AC95_N300_HI);
	ck_assert(iv.n == 40 && iv.estimate == 70);
	iv = interval(m, 300, CXJ_FIGURE_TOP_BOX, CXJ_METHOD_WALD, 0.95);
	check_iv(&iv, CA_WALD95_N300_SE, CA_WALD95_N300_LO,
		 CA_WALD95_N300_HI);
	/* weighted: Kish's n with the fpc of the 12 answers in 20 */
	iv = interval(w, 20, CXJ_FIGURE_VALUE, CXJ_METHOD_WILSON, 0.95);
	check_iv(&iv, CW_WILSON95_N20_SE, CW_WILSON95_N20_LO,
		 CW_WILSON95_N20_HI);
	ck_close(iv.n, CW_NEFF, 1e-12);
	cxj_metric_free(m);
	cxj_metric_free(w);
}
END_TEST

START_TEST(nps_intervals)
{
	cxj_metric *m = cxjt_from_counts(CXJ_NPS, NA, N_OF(NA));
	cxj_interval iv;
	iv = interval(m, 300, CXJ_FIGURE_VALUE, CXJ_METHOD_DEFAULT, 0.95);
	ck_assert_int_eq(iv.method, CXJ_METHOD_WALD);
	check_iv(&iv, NA_WALD95_N300_SE, NA_WALD95_N300_LO,
		 NA_WALD95_N300_HI);
	ck_assert(iv.estimate == 30 && iv.n == 40);
	iv = interval(m, 300, CXJ_FIGURE_VALUE, CXJ_METHOD_ADJUSTED_WALD,
		      0.95);
	check_iv(&iv, NA_ADJ95_N300_SE, NA_ADJ95_N300_LO, NA_ADJ95_N300_HI);
	ck_assert(iv.estimate == 30 && iv.n == 40);
	cxj_metric_free(m);
}
END_TEST

START_TEST(target_tests)
{
	cxj_metric *c = cxjt_from_counts(CXJ_CSAT, CA, N_OF(CA));
	cxj_metric *n = cxjt_from_counts(CXJ_NPS, NA, N_OF(NA));
	cxj_metric *k = statpsych_metric();
	cxj_target_test t = CXJ_TARGET_TEST_INIT;
	ck_assert_rc(cxj_metric_test_target_fpc(c, 300, CXJ_FIGURE_TOP_BOX, 60,
						CXJ_ABOVE, CXJ_METHOD_WILSON,
						&t),
		     CXJ_OK);
	ck_close(t.std_error, CA_SCORE_60_ABOVE_SE, REL);
	ck_close(t.statistic, CA_SCORE_60_ABOVE_Z, REL);
	ck_close(t.p_value, CA_SCORE_60_ABOVE_P, REL);
	ck_assert(t.estimate == 70 && t.difference == 10 && isinf(t.df));
	ck_assert_rc(cxj_metric_test_target_fpc(n, 300, CXJ_FIGURE_VALUE, 15,
						CXJ_ABOVE, CXJ_METHOD_DEFAULT,
						&t),
		     CXJ_OK);
	ck_assert_int_eq(t.method, CXJ_METHOD_WALD);
	ck_close(t.std_error, NA_WALD95_N300_SE, REL);
	ck_close(t.statistic, NA_WALD_15_ABOVE_Z, REL);
	ck_close(t.p_value, NA_WALD_15_ABOVE_P, REL);
	ck_assert_rc(cxj_metric_test_target_fpc(k, 300, CXJ_FIGURE_MEAN, 25.5,
						CXJ_BELOW, CXJ_METHOD_T, &t),
		     CXJ_OK);
	ck_close(t.std_error, KA_T95_N300_SE, REL);
	ck_close(t.statistic, KA_T_255_BELOW_T, REL);
	ck_close(t.p_value, KA_T_255_BELOW_P, REL);
	ck_assert(t.df == 39);
	ck_assert_int_eq(t.alternative, CXJ_BELOW);
	cxj_metric_free(c);
	cxj_metric_free(n);
	cxj_metric_free(k);
}
END_TEST

START_TEST(comparisons)
{
	cxj_metric *ca = cxjt_from_counts(CXJ_CSAT, CA, N_OF(CA));
	cxj_metric *cb = cxjt_from_counts(CXJ_CSAT, CB, N_OF(CB));
	cxj_metric *na = cxjt_from_counts(CXJ_NPS, NA, N_OF(NA));
	cxj_metric *nb = cxjt_from_counts(CXJ_NPS, NB, N_OF(NB));
	cxj_metric *ka = statpsych_metric(), *kb = kpi_b();
	cxj_comparison c = CXJ_COMPARISON_INIT;
	ck_assert_rc(cxj_metric_compare_fpc(ca, 300, cb, 120, CXJ_FIGURE_VALUE,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_OK);
	ck_assert_int_eq(c.method, CXJ_METHOD_POOLED_Z);
	ck_close(c.difference, 70 - 1600.0 / 30, REL);
	ck_close(c.std_error, C_POOLED_SE, REL);
	ck_close(c.statistic, C_POOLED_Z, REL);
	ck_close(c.p_value, C_POOLED_P, REL);
	ck_assert(isinf(c.df));
	ck_assert_rc(cxj_metric_compare_fpc(na, 300, nb, 90, CXJ_FIGURE_VALUE,
					    CXJ_METHOD_WALD, &c),
		     CXJ_OK);
	ck_close(c.difference, N_WALD_DIFF, REL);
	ck_close(c.std_error, N_WALD_SE, REL);
	ck_close(c.p_value, N_WALD_P, REL);
	ck_assert_rc(cxj_metric_compare_fpc(ka, 300, kb, 60, CXJ_FIGURE_VALUE,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_OK);
	ck_assert_int_eq(c.method, CXJ_METHOD_WELCH);
	ck_close(c.std_error, K_WELCH_SE, REL);
	ck_close(c.statistic, K_WELCH_T, REL);
	ck_close(c.df, K_WELCH_DF, REL);
	ck_close(c.p_value, K_WELCH_P, REL);
	/* a is a census: all the error is b's, and so are Welch's df */
	ck_assert_rc(cxj_metric_compare_fpc(ka, 40, kb, 60, CXJ_FIGURE_MEAN,
					    CXJ_METHOD_WELCH, &c),
		     CXJ_OK);
	ck_close(c.std_error, K_WELCH_CENSUS_A_SE, REL);
	ck_close(c.statistic, K_WELCH_CENSUS_A_T, REL);
	ck_close(c.df, K_WELCH_CENSUS_A_DF, REL);
	ck_close(c.p_value, K_WELCH_CENSUS_A_P, REL);
	cxj_metric_free(ca);
	cxj_metric_free(cb);
	cxj_metric_free(na);
	cxj_metric_free(nb);
	cxj_metric_free(ka);
	cxj_metric_free(kb);
}
END_TEST

/* ---- unbounded populations ---- */

/* Metrics of every shape, weighted and not, with too few answers and
 * none, for the calls that must not see a difference. */
static size_t some_metrics(cxj_metric **ms)
{
	size_t n = 0;
	ms[n++] = cxjt_from_counts(CXJ_CSAT, CA, N_OF(CA));
	ms[n++] = cxjt_from_counts(CXJ_CSAT, CB, N_OF(CB));
	ms[n++] = cxjt_from_counts(CXJ_NPS, NA, N_OF(NA));
	ms[n++] = cxjt_from_counts(CXJ_NPS, NB, N_OF(NB));
	ms[n++] = statpsych_metric();
	ms[n++] = kpi_b();
	ms[n++] = weighted_csat();
	ck_assert_rc(cxj_metric_new(CXJ_CES, &ms[n]), CXJ_OK);
	ck_assert_rc(cxj_metric_add(ms[n++], 6), CXJ_OK);
	ck_assert_rc(cxj_metric_new(CXJ_CSAT, &ms[n++]), CXJ_OK);
	return n;
}

/* 0 and infinity are unbounded; 1e20 is bounded, but so far past the
 * answers that (N - n) / (N - 1) rounds to exactly 1 */
static const double as_unbounded[] = {0, INFINITY, 1e20};

/* Each of the three calls with every population in as_unbounded against
 * the call without _fpc: the same status and the same bytes written (or
 * none). Returns whether the call succeeded. */
static int same_interval(const cxj_metric *m, int f, int me, double level)
{
	cxj_interval want, got;
	int rc;
	scribble(&want, sizeof want, 1);
	rc = cxj_metric_interval(m, (cxj_metric_figure)f, (cxj_method)me,
				 level, &want);
	for (size_t u = 0; u < N_OF(as_unbounded); u++) {
		scribble(&got, sizeof got, 1);
		ck_assert_int_eq(cxj_metric_interval_fpc(
				     m, as_unbounded[u], (cxj_metric_figure)f,
				     (cxj_method)me, level, &got),
				 rc);
		ck_assert(memcmp(&got, &want, sizeof got) == 0);
	}
	return rc == CXJ_OK;
}

static int same_test(const cxj_metric *m, int f, int me, double target,
		     int alternative)
{
	cxj_target_test want, got;
	int rc;
	scribble(&want, sizeof want, 1);
	rc = cxj_metric_test_target(m, (cxj_metric_figure)f, target,
				    (cxj_alternative)alternative,
				    (cxj_method)me, &want);
	for (size_t u = 0; u < N_OF(as_unbounded); u++) {
		scribble(&got, sizeof got, 1);
		ck_assert_int_eq(cxj_metric_test_target_fpc(
				     m, as_unbounded[u], (cxj_metric_figure)f,
				     target, (cxj_alternative)alternative,
				     (cxj_method)me, &got),
				 rc);
		ck_assert(memcmp(&got, &want, sizeof got) == 0);
	}
	return rc == CXJ_OK;
}

static int same_compare(const cxj_metric *a, const cxj_metric *b, int f,
			int me)
{
	cxj_comparison want, got;
	int rc;
	scribble(&want, sizeof want, 1);
	rc = cxj_metric_compare_with(a, b, (cxj_metric_figure)f,
				     (cxj_method)me, &want);
	for (size_t u = 0; u < N_OF(as_unbounded); u++) {
		/* a and b each take another of the populations */
		double pb = as_unbounded[(u + 1) % N_OF(as_unbounded)];
		scribble(&got, sizeof got, 1);
		ck_assert_int_eq(cxj_metric_compare_fpc(a, as_unbounded[u], b,
							pb,
							(cxj_metric_figure)f,
							(cxj_method)me, &got),
				 rc);
		ck_assert(memcmp(&got, &want, sizeof got) == 0);
	}
	return rc == CXJ_OK;
}

/* Every figure and method (and one past each: f 0..3, me 0..8), levels,
 * targets in and out of range, both alternatives and an unknown one,
 * every pair of metrics. */
START_TEST(unbounded_is_the_old_call)
{
	static const double levels[] = {0.8, 0.95, 0.999};
	static const double targets[] = {-20, 0, 30, 60, 100, 150, NAN};
	cxj_metric *ms[16];
	size_t nm = some_metrics(ms), calls = 0, ok = 0;
	for (size_t k = 0; k < nm * 4 * 9; k++) {
		cxj_metric *m = ms[k / 36];
		int f = (int)(k / 9 % 4), me = (int)(k % 9);
		for (size_t l = 0; l < N_OF(levels); l++, calls++)
			ok += same_interval(m, f, me, levels[l]);
		for (size_t t = 0; t < N_OF(targets); t++)
			for (int al = 0; al <= 2; al++, calls++)
				ok += same_test(m, f, me, targets[t], al);
		for (size_t j = 0; j < nm; j++, calls++)
			ok += same_compare(m, ms[j], f, me);
	}
	/* the sweep saw both outcomes, many times */
	ck_assert_uint_gt(ok, 500);
	ck_assert_uint_gt(calls - ok, 500);
	for (size_t i = 0; i < nm; i++)
		cxj_metric_free(ms[i]);
}
END_TEST

START_TEST(bounded_is_narrower)
{
	cxj_metric *m = cxjt_from_counts(CXJ_CSAT, CA, N_OF(CA));
	cxj_interval prev = CXJ_INTERVAL_INIT, iv = CXJ_INTERVAL_INIT;
	double last = 0;
	/* the correction shrinks the SE less as N grows, and vanishes */
	static const double pops[] = {41, 60, 300, 1e4, 1e8};
	for (size_t i = 0; i < N_OF(pops); i++) {
		iv = interval(m, pops[i], CXJ_FIGURE_VALUE, CXJ_METHOD_WALD,
			      0.95);
		ck_assert(iv.std_error > last);
		ck_close(iv.std_error,
			 100 * sqrt(0.7 * 0.3 / 40 * (pops[i] - 40) /
				    (pops[i] - 1)),
			 1e-12);
		last = iv.std_error;
	}
	ck_assert_rc(cxj_metric_interval(m, CXJ_FIGURE_VALUE, CXJ_METHOD_WALD,
					 0.95, &prev),
		     CXJ_OK);
	ck_assert(iv.std_error < prev.std_error);
	ck_close(iv.std_error / prev.std_error, sqrt((1e8 - 40) / (1e8 - 1)),
		 1e-12);
	cxj_metric_free(m);
}
END_TEST

/* ---- censuses ---- */

START_TEST(census_interval_is_the_estimate)
{
	cxj_metric *ms[16], *one = NULL;
	size_t nm = some_metrics(ms), seen = 0;
	for (size_t i = 0; i < nm; i++) {
		double n = (double)cxj_metric_count(ms[i]);
		for (int f = 0; f <= 2; f++)
			for (int me = 0; me <= 7; me++) {
				cxj_interval plain = CXJ_INTERVAL_INIT,
					     iv = CXJ_INTERVAL_INIT;
				if (cxj_metric_interval(ms[i],
							(cxj_metric_figure)f,
							(cxj_method)me, 0.95,
							&plain) != CXJ_OK)
					continue;
				ck_assert_rc(cxj_metric_interval_fpc(
						 ms[i], n, (cxj_metric_figure)f,
						 (cxj_method)me, 0.95, &iv),
					     CXJ_OK);
				ck_assert(iv.lo == iv.estimate &&
					  iv.hi == iv.estimate);
				ck_assert(iv.estimate == plain.estimate);
				ck_assert(iv.std_error == 0);
				ck_assert(iv.n == plain.n);
				ck_assert(iv.df == plain.df ||
					  (isinf(iv.df) && isinf(plain.df)));
				ck_assert_int_eq(iv.method, plain.method);
				seen++;
			}
	}
	ck_assert_uint_gt(seen, 20);
	/* one unit, one answer: (N - n) / (N - 1) is 0 / 0 */
	ck_assert_rc(cxj_metric_new(CXJ_CSAT, &one), CXJ_OK);
	ck_assert_rc(cxj_metric_add(one, 5), CXJ_OK);
	for (int me = 1; me <= 3; me++) {
		cxj_interval iv = interval(one, 1, CXJ_FIGURE_VALUE,
					   (cxj_method)me, 0.95);
		ck_assert(iv.lo == 100 && iv.hi == 100 && iv.std_error == 0);
	}
	cxj_metric_free(one);
	for (size_t i = 0; i < nm; i++)
		cxj_metric_free(ms[i]);
}
END_TEST

START_TEST(census_tests_fail)
{
	static const cxj_method nps_methods[] = {
	    CXJ_METHOD_DEFAULT, CXJ_METHOD_WALD, CXJ_METHOD_ADJUSTED_WALD};
	cxj_metric *ka = statpsych_metric(), *kb = kpi_b(), *same = NULL;
	cxj_metric *na = cxjt_from_counts(CXJ_NPS, NA, N_OF(NA));
	cxj_target_test t, keep_t;
	cxj_comparison c, keep_c;
	scribble(&t, sizeof t, 1);
	memcpy(&keep_t, &t, sizeof t);
	ck_assert_rc(cxj_metric_test_target_fpc(ka, 40, CXJ_FIGURE_MEAN, 25,
						CXJ_BELOW, CXJ_METHOD_T, &t),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "the estimate 24.5 is of a census (population 40, "
			 "every unit answered): no sampling error to test it "
			 "against target 25");
	ck_assert(memcmp(&t, &keep_t, sizeof t) == 0);
	for (size_t i = 0; i < N_OF(nps_methods); i++) {
		ck_assert_rc(cxj_metric_test_target_fpc(na, 40,
							CXJ_FIGURE_VALUE, 10,
							CXJ_ABOVE,
							nps_methods[i], &t),
			     CXJ_EINVAL);
		ck_assert_str_eq(cxj_error_last()->message,
				 "the estimate 30 is of a census (population "
				 "40, every unit answered): no sampling error "
				 "to test it against target 10");
		ck_assert(memcmp(&t, &keep_t, sizeof t) == 0);
	}
	/* even a difference of 0 is refused between two censuses */
	ck_assert_rc(cxj_metric_clone(ka, &same), CXJ_OK);
	scribble(&c, sizeof c, 1);
	memcpy(&keep_c, &c, sizeof c);
	ck_assert_rc(cxj_metric_compare_fpc(ka, 40, same, 40, CXJ_FIGURE_MEAN,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "the difference 0 has no sampling error to test it "
			 "with (a and b are each a census of their "
			 "population)");
	ck_assert(memcmp(&c, &keep_c, sizeof c) == 0);
	/* without the census the same pair has a standard error */
	ck_assert_rc(cxj_metric_compare_fpc(ka, 41, same, 40, CXJ_FIGURE_MEAN,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_OK);
	ck_assert(c.std_error > 0 && c.difference == 0 && c.p_value == 1);
	cxj_metric_free(same);
	/* a census of b against an a whose answers are all alike */
	ck_assert_rc(cxj_metric_new(CXJ_KPI, &same), CXJ_OK);
	ck_assert_rc(cxj_metric_add_count(same, 3, 5), CXJ_OK);
	scribble(&c, sizeof c, 1);
	ck_assert_rc(cxj_metric_compare_fpc(same, 0, kb, 25, CXJ_FIGURE_VALUE,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "the difference -19.22 has no sampling error to test "
			 "it with (b is a census of its population and every "
			 "answer of a is alike)");
	ck_assert(memcmp(&c, &keep_c, sizeof c) == 0);
	cxj_metric_free(same);
	cxj_metric_free(ka);
	cxj_metric_free(kb);
	cxj_metric_free(na);
}
END_TEST

/* ---- bad populations ---- */

START_TEST(population_below_the_answers)
{
	cxj_metric *ka = statpsych_metric(), *kb = kpi_b(), *z = NULL;
	cxj_interval iv, keep_iv;
	cxj_target_test t, keep_t;
	cxj_comparison c, keep_c;
	scribble(&iv, sizeof iv, 1);
	scribble(&t, sizeof t, 1);
	scribble(&c, sizeof c, 1);
	memcpy(&keep_iv, &iv, sizeof iv);
	memcpy(&keep_t, &t, sizeof t);
	memcpy(&keep_c, &c, sizeof c);
	ck_assert_rc(cxj_metric_interval_fpc(ka, 30, CXJ_FIGURE_VALUE,
					     CXJ_METHOD_DEFAULT, 0.95, &iv),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "population 30 is smaller than the 40 answers");
	ck_assert_rc(cxj_metric_interval_fpc(ka, 39, CXJ_FIGURE_VALUE,
					     CXJ_METHOD_DEFAULT, 0.95, &iv),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "population 39 is smaller than the 40 answers");
	ck_assert(memcmp(&iv, &keep_iv, sizeof iv) == 0);
	ck_assert_rc(cxj_metric_test_target_fpc(ka, 1, CXJ_FIGURE_VALUE, 25,
						CXJ_ABOVE, CXJ_METHOD_DEFAULT,
						&t),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "population 1 is smaller than the 40 answers");
	ck_assert(memcmp(&t, &keep_t, sizeof t) == 0);
	ck_assert_rc(cxj_metric_compare_fpc(ka, 300, kb, 24, CXJ_FIGURE_VALUE,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "population_b 24 is smaller than the 25 answers of b");
	ck_assert_rc(cxj_metric_compare_fpc(ka, 2, kb, 0, CXJ_FIGURE_VALUE,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "population_a 2 is smaller than the 40 answers of a");
	ck_assert(memcmp(&c, &keep_c, sizeof c) == 0);
	/* answers of weight 0 are units sampled too */
	ck_assert_rc(cxj_metric_new(CXJ_CSAT, &z), CXJ_OK);
	ck_assert_rc(cxj_metric_add_weighted_array(z, WS, WW, N_OF(WS)),
		     CXJ_OK);
	ck_assert_rc(cxj_metric_add_weighted(z, 1, 0), CXJ_OK);
	ck_assert_rc(cxj_metric_interval_fpc(z, 12, CXJ_FIGURE_VALUE,
					     CXJ_METHOD_DEFAULT, 0.95, &iv),
		     CXJ_ERANGE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "population 12 is smaller than the 13 answers");
	ck_assert(memcmp(&iv, &keep_iv, sizeof iv) == 0);
	iv = interval(z, 13, CXJ_FIGURE_VALUE, CXJ_METHOD_DEFAULT, 0.95);
	ck_assert(iv.std_error == 0);
	cxj_metric_free(z);
	cxj_metric_free(ka);
	cxj_metric_free(kb);
}
END_TEST

START_TEST(population_not_a_count)
{
	static const double bad[] = {NAN, -1, -300, -INFINITY, 300.5, 0.5,
				     1e-300, 40.000000001};
	static const char *const text[] = {
	    "population nan is not a positive whole number, 0 or infinity",
	    "population -1 is not a positive whole number, 0 or infinity",
	    "population -300 is not a positive whole number, 0 or infinity",
	    "population -inf is not a positive whole number, 0 or infinity",
	    "population 300.5 is not a positive whole number, 0 or infinity",
	    "population 0.5 is not a positive whole number, 0 or infinity",
	    "population 1e-300 is not a positive whole number, 0 or infinity",
	    ("population 40.000000001 is not a positive whole number, 0 or "
	     "infinity")};
	cxj_metric *ka = statpsych_metric(), *kb = kpi_b();
	cxj_interval iv, keep_iv;
	cxj_target_test t, keep_t;
	cxj_comparison c, keep_c;
	char want[128];
	scribble(&iv, sizeof iv, 1);
	scribble(&t, sizeof t, 1);
	scribble(&c, sizeof c, 1);
	memcpy(&keep_iv, &iv, sizeof iv);
	memcpy(&keep_t, &t, sizeof t);
	memcpy(&keep_c, &c, sizeof c);
	for (size_t i = 0; i < N_OF(bad); i++) {
		ck_assert_rc(cxj_metric_interval_fpc(ka, bad[i],
						     CXJ_FIGURE_VALUE,
						     CXJ_METHOD_DEFAULT, 0.95,
						     &iv),
			     CXJ_ERANGE);
		ck_assert_str_eq(cxj_error_last()->message, text[i]);
		ck_assert_rc(cxj_metric_test_target_fpc(
				 ka, bad[i], CXJ_FIGURE_VALUE, 25, CXJ_BELOW,
				 CXJ_METHOD_DEFAULT, &t),
			     CXJ_ERANGE);
		ck_assert_str_eq(cxj_error_last()->message, text[i]);
		ck_assert_rc(cxj_metric_compare_fpc(ka, 300, kb, bad[i],
						    CXJ_FIGURE_VALUE,
						    CXJ_METHOD_DEFAULT, &c),
			     CXJ_ERANGE);
		snprintf(want, sizeof want, "population_b%s",
			 text[i] + strlen("population"));
		ck_assert_str_eq(cxj_error_last()->message, want);
	}
	ck_assert(memcmp(&iv, &keep_iv, sizeof iv) == 0);
	ck_assert(memcmp(&t, &keep_t, sizeof t) == 0);
	ck_assert(memcmp(&c, &keep_c, sizeof c) == 0);
	cxj_metric_free(ka);
	cxj_metric_free(kb);
}
END_TEST

/* The checks of the call without _fpc come first, the population's after
 * them: a NULL, a bad level or version fails as it always did. */
START_TEST(other_errors_first)
{
	cxj_metric *ka = statpsych_metric();
	cxj_interval iv = CXJ_INTERVAL_INIT;
	cxj_target_test t = CXJ_TARGET_TEST_INIT;
	cxj_comparison c = CXJ_COMPARISON_INIT;
	ck_assert_rc(cxj_metric_interval_fpc(NULL, 300, CXJ_FIGURE_VALUE,
					     CXJ_METHOD_DEFAULT, 0.95, &iv),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_metric_interval_fpc(ka, 300, CXJ_FIGURE_VALUE,
					     CXJ_METHOD_DEFAULT, 0.95, NULL),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_metric_interval_fpc(ka, NAN, CXJ_FIGURE_VALUE,
					     CXJ_METHOD_DEFAULT, 1.5, &iv),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "confidence level 1.5 is not strictly between 0 "
			 "and 1");
	ck_assert_rc(cxj_metric_test_target_fpc(NULL, 300, CXJ_FIGURE_VALUE,
						25, CXJ_BELOW,
						CXJ_METHOD_DEFAULT, &t),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_metric_test_target_fpc(ka, -1, CXJ_FIGURE_TOP_BOX, 25,
						CXJ_BELOW, CXJ_METHOD_DEFAULT,
						&t),
		     CXJ_EINVAL);
	ck_assert_str_eq(cxj_error_last()->message,
			 "a kpi metric has no top box");
	ck_assert_rc(cxj_metric_compare_fpc(ka, 300, NULL, 300,
					    CXJ_FIGURE_VALUE,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_EINVAL);
	c.version = 9;
	ck_assert_rc(cxj_metric_compare_fpc(ka, 300, ka, 300, CXJ_FIGURE_VALUE,
					    CXJ_METHOD_DEFAULT, &c),
		     CXJ_EINVAL);
	cxj_metric_free(ka);
}
END_TEST

static Suite *fpc_suite(void)
{
	Suite *s = suite_create("fpc");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, statpsych_mean);
	tcase_add_test(tc, top_box_intervals);
	tcase_add_test(tc, nps_intervals);
	tcase_add_test(tc, target_tests);
	tcase_add_test(tc, comparisons);
	tcase_add_test(tc, unbounded_is_the_old_call);
	tcase_add_test(tc, bounded_is_narrower);
	tcase_add_test(tc, census_interval_is_the_estimate);
	tcase_add_test(tc, census_tests_fail);
	tcase_add_test(tc, population_below_the_answers);
	tcase_add_test(tc, population_not_a_count);
	tcase_add_test(tc, other_errors_first);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(fpc_suite());
}
