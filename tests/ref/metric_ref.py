#!/usr/bin/python3
"""Reference values for tests/check_metric*.c, computed once with numpy and
scipy and written to tests/ref/metric_ref.h:

    /usr/bin/python3 tests/ref/metric_ref.py > tests/ref/metric_ref.h

Intervals come from their textbook formulas with scipy.stats.norm.ppf, the t
interval from scipy.stats.t.interval, Welch from scipy.stats.ttest_ind
(equal_var=False) on the expanded answers, one-sample tests from
scipy.stats.ttest_1samp, and the p-value adjustments from an implementation
written here in the style of R's p.adjust (vectorized cumulative max/min),
independent of the C code's loops.
"""
import sys

import numpy as np
from scipy import stats

out = []


def emit(name, value):
    out.append("#define %s %s" % (name, repr(float(value))
                                   if np.isfinite(value) else
                                   ("INFINITY" if value > 0 else "NAN")))


def emit_array(ctype, name, values):
    body = ", ".join(repr(float(v)) if ctype == "double" else str(int(v))
                     for v in values)
    out.append("static const %s %s[] = {%s};" % (ctype, name, body))


def expand(lo, counts):
    return np.repeat(np.arange(lo, lo + len(counts)), counts).astype(float)


z = lambda level: stats.norm.ppf(1 - (1 - level) / 2)

# ---- data ----
CSAT_A = [3, 5, 12, 40, 25]
CSAT_B = [6, 9, 15, 30, 20]
NPS_A = [2, 1, 3, 2, 4, 5, 8, 12, 20, 25, 18]
NPS_B = [5, 3, 4, 6, 5, 8, 10, 15, 14, 12, 8]
CES_A = [2, 4, 6, 10, 25, 30, 13]
CES_B = [4, 6, 10, 15, 20, 18, 7]
rng = np.random.default_rng(20261123)
KPI_A = np.round(rng.gamma(4.0, 60.0, 27), 3)
KPI_B = np.round(rng.gamma(3.5, 75.0, 31), 3)
# weighted CSAT answers: score, weight
WS = rng.integers(1, 6, 40).astype(float)
WW = np.round(rng.uniform(0.2, 3.0, 40), 4)
# weighted KPI answers
WK = np.round(rng.normal(100.0, 15.0, 35), 3)
WKW = np.round(rng.uniform(0.5, 2.5, 35), 4)

# large offset, small spread: sums of squares would lose every digit
KPI_BIG = 1e9 + np.round(rng.normal(0.0, 0.01, 2000), 6)
emit_array("double", "KPI_BIG", KPI_BIG)
# numpy's own mean carries the ulp of 1e9 into the deviations; the exact
# rational moments of the stored doubles are the reference here
from fractions import Fraction

_fx = [Fraction(float(v)) for v in KPI_BIG]
_fm = sum(_fx) / len(_fx)
_fv = sum((v - _fm) ** 2 for v in _fx) / (len(_fx) - 1)
emit("KPI_BIG_MEAN", float(_fm))
emit("KPI_BIG_SD", np.sqrt(float(_fv)))
emit_array("uint64_t", "CSAT_A", CSAT_A)
emit_array("uint64_t", "CSAT_B", CSAT_B)
emit_array("uint64_t", "NPS_A", NPS_A)
emit_array("uint64_t", "NPS_B", NPS_B)
emit_array("uint64_t", "CES_A", CES_A)
emit_array("uint64_t", "CES_B", CES_B)
emit_array("double", "KPI_A", KPI_A)
emit_array("double", "KPI_B", KPI_B)
emit_array("double", "WCSAT_S", WS)
emit_array("double", "WCSAT_WT", WW)
emit_array("double", "WKPI_X", WK)
emit_array("double", "WKPI_WT", WKW)

ca, cb = expand(1, CSAT_A), expand(1, CSAT_B)
na_, nb_ = expand(0, NPS_A), expand(0, NPS_B)
ea, eb = expand(1, CES_A), expand(1, CES_B)
ka, kb = KPI_A, KPI_B


# ---- proportions ----
def prop_intervals(prefix, x, n):
    p = x / n
    emit(prefix + "_TOP", 100 * p)
    emit(prefix + "_TOP_SE", 100 * np.sqrt(p * (1 - p) / n))
    for lvl, tag in ((0.95, "95"), (0.90, "90"), (0.999, "999")):
        zz = z(lvl)
        mid = (p + zz**2 / (2 * n)) / (1 + zz**2 / n)
        half = zz / (1 + zz**2 / n) * np.sqrt(p * (1 - p) / n + zz**2 / (4 * n * n))
        emit(prefix + "_WILSON%s_LO" % tag, 100 * max(0, mid - half))
        emit(prefix + "_WILSON%s_HI" % tag, 100 * min(1, mid + half))
        nt = n + zz**2
        pt = (x + zz**2 / 2) / nt
        h = zz * np.sqrt(pt * (1 - pt) / nt)
        emit(prefix + "_AC%s_LO" % tag, 100 * max(0, pt - h))
        emit(prefix + "_AC%s_HI" % tag, 100 * min(1, pt + h))
        se = np.sqrt(p * (1 - p) / n)
        emit(prefix + "_WALD%s_LO" % tag, 100 * max(0, p - zz * se))
        emit(prefix + "_WALD%s_HI" % tag, 100 * min(1, p + zz * se))


top_a = (ca >= 4).sum()
top_b = (cb >= 4).sum()
prop_intervals("CSAT_A", top_a, len(ca))
prop_intervals("CES_A", (ea >= 5).sum(), len(ea))
emit("CSAT_A_MEAN", ca.mean())
emit("CSAT_A_SD", ca.std(ddof=1))

# two-proportion z, pooled and unpooled
n1, n2 = len(ca), len(cb)
p1, p2 = top_a / n1, top_b / n2
pp = (top_a + top_b) / (n1 + n2)
se = np.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2))
zs = (p1 - p2) / se
emit("CSAT_CMP_DIFF", 100 * (p1 - p2))
emit("CSAT_CMP_SE", 100 * se)
emit("CSAT_CMP_Z", zs)
emit("CSAT_CMP_P", 2 * stats.norm.sf(abs(zs)))
se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
emit("CSAT_CMPW_SE", 100 * se)
emit("CSAT_CMPW_P", 2 * stats.norm.sf(abs((p1 - p2) / se)))

# score test of the top box against a target (CSAT A below 80 %, above 60 %)
for tgt, alt, tag in ((80.0, "less", "BELOW80"), (60.0, "greater", "ABOVE60")):
    p0 = tgt / 100
    zz = (p1 - p0) / np.sqrt(p0 * (1 - p0) / n1)
    emit("CSAT_T%s_Z" % tag, zz)
    emit("CSAT_T%s_P" % tag, stats.norm.cdf(zz) if alt == "less" else stats.norm.sf(zz))


# ---- NPS ----
def nps_parts(v, adjusted):
    n = len(v)
    pr, de = (v >= 9).sum(), (v <= 6).sum()
    if adjusted:
        pr, de, n = pr + 0.75, de + 0.75, n + 3
    pr, de = pr / n, de / n
    return 100 * (pr - de), 100 * np.sqrt((pr + de - (pr - de) ** 2) / n)


for v, tag in ((na_, "A"), (nb_, "B")):
    est, se = nps_parts(v, False)
    emit("NPS_%s_VALUE" % tag, est)
    emit("NPS_%s_SE" % tag, se)
    emit("NPS_%s_PROM" % tag, 100 * (v >= 9).mean())
    emit("NPS_%s_PASS" % tag, 100 * ((v >= 7) & (v <= 8)).mean())
    emit("NPS_%s_DET" % tag, 100 * (v <= 6).mean())
    emit("NPS_%s_MEAN" % tag, v.mean())
    for lvl, lt in ((0.95, "95"), (0.80, "80")):
        emit("NPS_%s_WALD%s_LO" % (tag, lt), max(-100, est - z(lvl) * se))
        emit("NPS_%s_WALD%s_HI" % (tag, lt), min(100, est + z(lvl) * se))
        ae, ase = nps_parts(v, True)
        emit("NPS_%s_ADJ%s_LO" % (tag, lt), max(-100, ae - z(lvl) * ase))
        emit("NPS_%s_ADJ%s_HI" % (tag, lt), min(100, ae + z(lvl) * ase))
    emit("NPS_%s_ADJ_SE" % tag, nps_parts(v, True)[1])

for adj, tag in ((False, "WALD"), (True, "ADJ")):
    ea_, sa = nps_parts(na_, adj)
    eb_, sb = nps_parts(nb_, adj)
    se = np.hypot(sa, sb)
    zz = (ea_ - eb_) / se
    emit("NPS_CMP_%s_DIFF" % tag, ea_ - eb_)
    emit("NPS_CMP_%s_SE" % tag, se)
    emit("NPS_CMP_%s_Z" % tag, zz)
    emit("NPS_CMP_%s_P" % tag, 2 * stats.norm.sf(abs(zz)))
# NPS B against a target of 20, below
est, se = nps_parts(nb_, False)
emit("NPS_B_TBELOW20_Z", (est - 20) / se)
emit("NPS_B_TBELOW20_P", stats.norm.cdf((est - 20) / se))
est, se = nps_parts(nb_, True)
emit("NPS_B_TBELOW20ADJ_P", stats.norm.cdf((est - 20) / se))


# ---- means ----
def mean_block(prefix, x):
    n = len(x)
    emit(prefix + "_MEAN", x.mean())
    emit(prefix + "_SD", x.std(ddof=1))
    emit(prefix + "_SE", stats.sem(x))
    emit(prefix + "_MIN", x.min())
    emit(prefix + "_MAX", x.max())
    for lvl, tag in ((0.95, "95"), (0.99, "99")):
        lo, hi = stats.t.interval(lvl, n - 1, loc=x.mean(), scale=stats.sem(x))
        emit(prefix + "_T%s_LO" % tag, lo)
        emit(prefix + "_T%s_HI" % tag, hi)


def welch(prefix, x, y):
    r = stats.ttest_ind(x, y, equal_var=False)
    va, vb = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    df = (va + vb) ** 2 / (va**2 / (len(x) - 1) + vb**2 / (len(y) - 1))
    emit(prefix + "_DIFF", x.mean() - y.mean())
    emit(prefix + "_SE", np.sqrt(va + vb))
    emit(prefix + "_T", r.statistic)
    emit(prefix + "_DF", df)
    emit(prefix + "_P", r.pvalue)


mean_block("CES_A", ea)
mean_block("KPI_A", ka)
mean_block("KPI_B", kb)
welch("CES_CMP", ea, eb)
welch("KPI_CMP", ka, kb)
welch("CSAT_MEAN_CMP", ca, cb)
r = stats.ttest_1samp(ka, 250.0, alternative="less")
emit("KPI_A_TBELOW250_T", r.statistic)
emit("KPI_A_TBELOW250_P", r.pvalue)
r = stats.ttest_1samp(ea, 4.8, alternative="greater")
emit("CES_A_TABOVE48_T", r.statistic)
emit("CES_A_TABOVE48_P", r.pvalue)

# ---- weighted: Kish effective n ----
w, s = WW, WS
W, W2 = w.sum(), (w**2).sum()
neff = W * W / W2
p = w[s >= 4].sum() / W
emit("WCSAT_WSUM", W)
emit("WCSAT_NEFF", neff)
emit("WCSAT_TOP", 100 * p)
emit("WCSAT_SE", 100 * np.sqrt(p * (1 - p) / neff))
zz = z(0.95)
mid = (p + zz**2 / (2 * neff)) / (1 + zz**2 / neff)
half = zz / (1 + zz**2 / neff) * np.sqrt(p * (1 - p) / neff + zz**2 / (4 * neff**2))
emit("WCSAT_WILSON95_LO", 100 * (mid - half))
emit("WCSAT_WILSON95_HI", 100 * (mid + half))
m = (w * s).sum() / W
var = (w * (s - m) ** 2).sum() / W * neff / (neff - 1)
emit("WCSAT_MEAN", m)
emit("WCSAT_SD", np.sqrt(var))
x, w = WK, WKW
W, W2 = w.sum(), (w**2).sum()
neff = W * W / W2
m = (w * x).sum() / W
var = (w * (x - m) ** 2).sum() / W * neff / (neff - 1)
se = np.sqrt(var / neff)
emit("WKPI_WSUM", W)
emit("WKPI_NEFF", neff)
emit("WKPI_MEAN", m)
emit("WKPI_SD", np.sqrt(var))
emit("WKPI_SE", se)
lo, hi = stats.t.interval(0.95, neff - 1, loc=m, scale=se)
emit("WKPI_T95_LO", lo)
emit("WKPI_T95_HI", hi)

# weighted against unweighted: each side with its Kish n
w, s_ = WW, WS
W, W2 = w.sum(), (w**2).sum()
n1 = W * W / W2
p1 = w[s_ >= 4].sum() / W
n2 = len(cb)
p2 = (cb >= 4).mean()
pp = (p1 * n1 + p2 * n2) / (n1 + n2)
se = np.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2))
emit("WCSAT_CMP_DIFF", 100 * (p1 - p2))
emit("WCSAT_CMP_SE", 100 * se)
emit("WCSAT_CMP_P", 2 * stats.norm.sf(abs((p1 - p2) / se)))
x, w = WK, WKW
W, W2 = w.sum(), (w**2).sum()
na = W * W / W2
ma = (w * x).sum() / W
va = (w * (x - ma) ** 2).sum() / W * na / (na - 1) / na
vb = kb.var(ddof=1) / len(kb)
df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (len(kb) - 1))
t = (ma - kb.mean()) / np.sqrt(va + vb)
emit("WKPI_CMP_T", t)
emit("WKPI_CMP_DF", df)
emit("WKPI_CMP_P", 2 * stats.t.sf(abs(t), df))

# ---- sample sizes ----
import math


def ceil(x):
    return math.ceil(x * (1 - 1e-12))


emit("SS_PROP_50_5_95", ceil(z(0.95) ** 2 * 0.25 / 0.05**2))
emit("SS_PROP_80_3_90", ceil(z(0.90) ** 2 * 0.8 * 0.2 / 0.03**2))
pr, de = 0.45, 0.20
emit("SS_NPS_45_20_5_95", ceil(z(0.95) ** 2 * (pr + de - (pr - de) ** 2) / 0.05**2))


def ss_mean(sd, margin, level):
    n = 2
    while stats.t.ppf(1 - (1 - level) / 2, n - 1) * sd / math.sqrt(n) > margin:
        n += 1
    return n


emit("SS_MEAN_15_2_95", ss_mean(15.0, 2.0, 0.95))
emit("SS_MEAN_1_05_99", ss_mean(1.0, 0.5, 0.99))
za, zb = stats.norm.isf(0.05 / 2), stats.norm.ppf(0.8)
pa, pb = 0.70, 0.60
pm = (pa + pb) / 2
emit("SS_TWO_PROP_70_60",
     ceil((za * math.sqrt(2 * pm * (1 - pm)) + zb * math.sqrt(pa * (1 - pa) + pb * (1 - pb))) ** 2 / (pa - pb) ** 2))
va = 0.50 + 0.15 - (0.50 - 0.15) ** 2
vb = 0.40 + 0.20 - (0.40 - 0.20) ** 2
emit("SS_TWO_NPS", ceil((za + zb) ** 2 * (va + vb) / (0.35 - 0.20) ** 2))
za90, zb90 = stats.norm.isf(0.01 / 2), stats.norm.ppf(0.9)
emit("SS_TWO_MEANS", ceil(2 * (za90 + zb90) ** 2 * 1.2**2 / 0.3**2))

# ---- p-value adjustment ----
P = np.array([0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5, 0.0001, 0.9, 0.049])


def holm(p):
    n = len(p)
    o = np.argsort(p, kind="stable")
    adj = np.minimum(1, np.maximum.accumulate((n - np.arange(n)) * p[o]))
    r = np.empty(n)
    r[o] = adj
    return r


def bh(p):
    n = len(p)
    o = np.argsort(p, kind="stable")[::-1]
    i = np.arange(n, 0, -1)
    adj = np.minimum(1, np.minimum.accumulate(n / i * p[o]))
    r = np.empty(n)
    r[o] = adj
    return r


emit_array("double", "PADJ_IN", P)
emit_array("double", "PADJ_HOLM", holm(P))
emit_array("double", "PADJ_BH", bh(P))
emit_array("double", "PADJ_BONF", np.minimum(1, P * len(P)))

print("/* Generated by: /usr/bin/python3 tests/ref/metric_ref.py "
      "> tests/ref/metric_ref.h\n * (numpy %s, scipy %s). Do not edit. */"
      % (np.__version__, __import__("scipy").__version__))
print("#include <math.h>\n#include <stdint.h>\n")
print("\n".join(out))
