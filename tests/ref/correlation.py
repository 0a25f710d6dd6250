#!/usr/bin/python3
# Reference values for tests/check_correlation.c. Run from the top of the
# tree with Debian's Python (scipy 1.10, pandas, mpmath):
#   /usr/bin/python3 tests/ref/correlation.py > tests/ref/correlation_ref.h
# r, p and the Fisher-z intervals come from scipy.stats (pearsonr,
# spearmanr, kendalltau with their defaults) on the complete pairs. Each p is
# also recomputed independently of scipy: the Pearson and Spearman nulls at
# 50 digits (mpmath), Kendall's normal approximation in exact integers. The
# test holds our p to that value, and to scipy's wherever scipy agrees with
# it to 1e-10 (scipy's tie variance overflows int64 for a million Likert
# pairs, and its incomplete beta loses digits for large n).
import sys
import warnings

import mpmath as mp
import numpy as np
import pandas as pd
import scipy.special as sp
import scipy.stats as st

sys.path.insert(0, 'tests/ref')
from distributions import ibeta, t_tails  # noqa: E402

warnings.simplefilter('ignore')
mp.mp.dps = 50


def lcg(seed, count):
    """The generator the C test repeats: 64-bit LCG (Knuth's MMIX
    constants), top 53 bits as a double in [0, 1)."""
    s = seed
    out = np.empty(count)
    for i in range(count):
        s = (s * 6364136223846793005 + 1442695040888963407) % 2 ** 64
        out[i] = (s >> 11) * 2.0 ** -53
    return out


def generated(kind, n):
    u = lcg(kind, 2 * n)
    a, b = u[0::2], u[1::2]
    if kind == 1:      # continuous, moderately correlated
        return a, 0.5 * a + b
    if kind == 2:      # Likert 0..10, heavy ties
        x = np.floor(a * 11)
        return x, np.minimum(10.0, np.maximum(0.0, x + np.floor(b * 5) - 2))
    if kind == 3:      # offset by 1e9, every 97th x missing
        x = 1e9 + a
        y = 1e9 + 0.25 * a + b * 0.1
        x[::97] = np.nan
        return x, y
    if kind == 4:      # the same Likert shape at a million pairs
        x = np.floor(a * 11)
        return x, np.minimum(10.0, np.maximum(0.0, x + np.floor(b * 5) - 2))
    if kind == 5:      # continuous, weak: p in the middle at n = 1e5
        return a, 0.004 * a + b
    if kind == 6:      # Likert 1..5 against 0..10, weak, a million pairs
        return np.floor(a * 5) + 1, np.floor((0.006 * a + 0.994 * b) * 11)
    if kind in (7, 8, 9):  # Likert 1..7; holes; a late surprise
        x = np.floor(a * 7) + 1
        y = np.minimum(7.0, np.maximum(1.0, x + np.floor(b * 3) - 1))
        if kind == 7:
            y[::13] = np.nan
            x[5::29] = np.nan
        elif kind == 8:
            x[n - 3] = 4.5       # not an integer, past many blocks
        else:
            y[n - 700] = 1000.0  # far off the window
        return x, y
    raise ValueError(kind)


def true_pearson_p(r, n):
    if abs(r) >= 1:
        return mp.mpf(0)
    ab = mp.mpf(n) / 2 - 1
    return 2 * ibeta(ab, ab, (1 - abs(mp.mpf(r))) / 2)[0]


def true_spearman_p(r, n):
    if abs(r) >= 1:
        return mp.mpf(0)
    r = mp.mpf(r)
    df = n - 2
    t = r * mp.sqrt(df / ((r + 1) * (1 - r)))
    return 2 * t_tails(abs(t), df)[1]


def true_kendall_p(x, y, tau_p):
    """Kendall's p with the tie variance in exact integers; the exact
    small-sample cases are left to scipy (returned as given)."""
    n = len(x)
    _, cx = np.unique(x, return_counts=True)
    _, cy = np.unique(y, return_counts=True)
    if len(cx) == n and len(cy) == n:
        return None
    cx = [int(c) for c in cx]
    cy = [int(c) for c in cy]
    xtie = sum(c * (c - 1) // 2 for c in cx)
    ytie = sum(c * (c - 1) // 2 for c in cy)
    x0 = sum(c * (c - 1) * (c - 2) for c in cx)
    y0 = sum(c * (c - 1) * (c - 2) for c in cy)
    x1 = sum(c * (c - 1) * (2 * c + 5) for c in cx)
    y1 = sum(c * (c - 1) * (2 * c + 5) for c in cy)
    tot = n * (n - 1) // 2
    # concordant - discordant, exactly: tau_b * sqrt((tot-xtie)(tot-ytie))
    # rounds to the integer it came from
    s = int(round(tau_p * float(mp.sqrt(mp.mpf(tot - xtie) * (tot - ytie)))))
    m = mp.mpf(n) * (n - 1)
    var = (m * (2 * n + 5) - x1 - y1) / 18 + mp.mpf(2 * xtie * ytie) / m + \
        mp.mpf(x0 * y0) / (9 * m * (n - 2))
    return 2 * mp.ncdf(-abs(s) / mp.sqrt(var))


def exact_r(x, y):
    """Pearson r at 50 digits: exact integer sums for integer data (ranks
    doubled), else sums of 60-digit deviations."""
    if np.all(x == np.round(x)) and np.all(y == np.round(y)) and \
            np.abs(x).max() < 2 ** 40 and np.abs(y).max() < 2 ** 40:
        xi = [int(v) for v in x]
        yi = [int(v) for v in y]
        n = len(xi)
        sx, sy = sum(xi), sum(yi)
        sxx = n * sum(a * a for a in xi) - sx * sx
        syy = n * sum(b * b for b in yi) - sy * sy
        sxy = n * sum(a * b for a, b in zip(xi, yi)) - sx * sy
        return mp.mpf(sxy) / mp.sqrt(mp.mpf(sxx) * syy)
    with mp.workdps(60):
        xs = [mp.mpf(float(v)) for v in x]
        ys = [mp.mpf(float(v)) for v in y]
        mx = mp.fsum(xs) / len(xs)
        my = mp.fsum(ys) / len(ys)
        dx = [v - mx for v in xs]
        dy = [v - my for v in ys]
        sxy = mp.fsum(a * b for a, b in zip(dx, dy))
        sxx = mp.fsum(a * a for a in dx)
        syy = mp.fsum(b * b for b in dy)
        return sxy / mp.sqrt(sxx * syy)


def fisher(r, n, level=0.95):
    if n <= 3:
        return -1.0, 1.0
    z = np.inf if r >= 1 else -np.inf if r <= -1 else np.arctanh(r)
    h = sp.ndtri(0.5 + level / 2)
    se = np.sqrt(1 / (n - 3))
    return np.tanh(z - h * se), np.tanh(z + h * se)


rng = np.random.default_rng(20261123)
cases = []


def case(name, x, y, gen=0):
    cases.append((name, np.asarray(x, float), np.asarray(y, float), gen))


case('n3', [1.0, 2.0, 3.5], [2.0, 1.0, 7.0])
case('n3_perfect', [1.0, 2.0, 3.0], [10.0, 20.0, 30.0])
case('n4_negative', [1.0, 2.0, 3.0, 4.0], [8.0, 6.0, 7.0, 1.0])
x = rng.normal(size=30)
case('random30', x, 0.6 * x + rng.normal(size=30))
x = rng.normal(size=33)
case('random33_exact_kendall', x, 0.2 * x + rng.normal(size=33))
x = rng.normal(size=34)
case('random34_normal_kendall', x, 0.2 * x + rng.normal(size=34))
x = np.arange(60.0)
y = x.copy()
y[[10, 11]] = y[[11, 10]]
case('n60_one_swap', x, y)
case('n60_reversed', x, -x ** 3)
x = rng.integers(0, 2, 40).astype(float)
case('heavy_ties_binary', x, np.clip(x + rng.integers(-1, 2, 40), 0, 2))
x = np.ones(25)
x[7] = 2.0
case('all_equal_but_one', x, rng.normal(size=25))
x = rng.integers(1, 6, 200).astype(float)
case('likert_1_5', x, np.clip(x + rng.integers(-2, 3, 200), 1, 5))
x = rng.integers(0, 11, 150).astype(float)
case('likert_vs_continuous', x, x + rng.normal(size=150))
x = rng.normal(size=50)
case('offset_1e9', 1e9 + x, 1e9 + 0.5 * x + 0.3 * rng.normal(size=50))
x = rng.normal(size=45)
y = 0.7 * x + rng.normal(size=45)
x[[3, 9, 20]] = np.nan
y[[9, 30]] = np.nan
case('nan_pairs', x, y)
x = rng.normal(size=500) * 1e-200
case('tiny_scale', x, x * 3e-100 + rng.normal(size=500) * 1e-300)
x = rng.normal(size=400)
case('strong_tail_p', x, x + 0.05 * rng.normal(size=400))
x = rng.normal(size=1000)
y = 0.4 * x + rng.normal(size=1000)
x[0], y[0] = 100.0, -60.0  # far from the rest: one-pass sums would cancel
case('outlier_first', x, y)
x = rng.integers(-1000, 1000, 300).astype(float)
case('wide_integers', x, x + rng.integers(-500, 500, 300))
for kind, n in [(1, 100000), (2, 100000), (3, 100000), (4, 1000000),
                (5, 100000), (6, 1000000), (7, 20000), (8, 10000),
                (9, 10000)]:
    gx, gy = generated(kind, n)
    case('generated_%d_n%d' % (kind, n), gx, gy, kind)


def fmt(v):
    v = float(v)
    if np.isnan(v):
        return 'NAN'
    if np.isinf(v):
        return 'INFINITY' if v > 0 else '-INFINITY'
    return repr(v)


print('/* Generated by: /usr/bin/python3 tests/ref/correlation.py > '
      'tests/ref/correlation_ref.h')
print(' * (scipy %s, pandas %s, mpmath %s). Do not edit. */' % (
    __import__('scipy').__version__, pd.__version__, mp.__version__))
out = []
for name, x, y, gen in cases:
    ok = ~(np.isnan(x) | np.isnan(y))
    xs, ys = x[ok], y[ok]
    n = len(xs)
    pr = st.pearsonr(xs, ys)
    ci = pr.confidence_interval(0.95)
    sr = st.spearmanr(xs, ys)
    kt = st.kendalltau(xs, ys)
    r = [pr[0], sr[0], kt[0]]
    p = [pr[1], sr[1], kt[1]]
    rt = [exact_r(xs, ys), exact_r(2 * st.rankdata(xs), 2 * st.rankdata(ys)),
          mp.mpf(kt[0])]
    r_ok = [int(abs(r[i] - rt[i]) <= 1e-13) for i in range(3)]
    truth = [true_pearson_p(rt[0], n), true_spearman_p(rt[1], n),
             true_kendall_p(xs, ys, kt[0])]
    truth = [p[i] if truth[i] is None else truth[i] for i in range(3)]
    ok_scipy = [int(t == 0 and q == 0 or t != 0 and
                    abs(q - t) <= 1e-10 * abs(t)) for q, t in zip(p, truth)]
    pci = fisher(float(rt[0]), n)
    sci = fisher(float(rt[1]), n)
    assert abs(ci.low - pci[0]) < 1e-11 and abs(ci.high - pci[1]) < 1e-11
    if not gen:
        print('static const double %s_x[] = {%s};' % (
            name, ', '.join(fmt(v) for v in x)))
        print('static const double %s_y[] = {%s};' % (
            name, ', '.join(fmt(v) for v in y)))
    notes = [
        'scipy p off by %.2g' % (abs(p[i] - truth[i]) / truth[i])
        for i in range(3) if not ok_scipy[i] and truth[i] > 1e-300] + [
        'scipy r off by %.2g' % abs(r[i] - rt[i])
        for i in range(3) if not r_ok[i]]
    out.append('\t{"%s", %d, %s, %s, %d, %d,\n\t {%s}, {%s}, {%s},\n'
               '\t {%s}, {%s}, {%s},\n\t {%s, %s}, {%s, %s}},%s' % (
                   name, len(x), 'NULL' if gen else name + '_x',
                   'NULL' if gen else name + '_y', gen, n,
                   ', '.join(fmt(v) for v in r),
                   ', '.join(fmt(v) for v in rt),
                   ', '.join(str(v) for v in r_ok),
                   ', '.join(fmt(v) for v in p),
                   ', '.join(fmt(v) for v in truth),
                   ', '.join(str(v) for v in ok_scipy),
                   fmt(pci[0]), fmt(sci[0]), fmt(pci[1]), fmt(sci[1]),
                   ' /* %s */' % '; '.join(notes) if notes else ''))
print('''
/* r (scipy), r (50 digits), scipy r trusted; p (scipy), p (independent),
 * scipy p trusted; the 95% interval lows and highs for Pearson and Spearman
 * from the 50-digit r */
static const struct corr_case {
	const char *name;
	size_t len;          /* values per series, NaN pairs included */
	const double *x, *y; /* NULL: generated (gen) */
	int gen;
	size_t n;            /* complete pairs */
	double r[3], r_true[3];
	int r_scipy_ok[3];
	double p[3], p_true[3];
	int p_scipy_ok[3];
	double ci_low[2], ci_high[2];
} corr_cases[] = {''')
print('\n'.join(out))
print('};')

# pairwise-complete matrix over four series with holes (pandas)
m = 80
a = rng.normal(size=m)
cols = np.column_stack([a, a + rng.normal(size=m), rng.integers(0, 5, m),
                        -a + 0.5 * rng.normal(size=m)]).astype(float)
cols[[1, 5, 9], 0] = np.nan
cols[[5, 6, 40, 41, 42], 1] = np.nan
cols[[70], 2] = np.nan
df = pd.DataFrame(cols)
print('static const double matrix_data[] = {%s};' % ', '.join(
    fmt(v) for v in cols.T.ravel()))
print('static const size_t matrix_n = %d, matrix_p = %d;' % (m, cols.shape[1]))
for meth, fn in [('pearson', st.pearsonr), ('spearman', st.spearmanr),
                 ('kendall', st.kendalltau)]:
    rm = df.corr(method=meth).values
    pm = np.zeros_like(rm)
    nm = np.zeros_like(rm)
    for i in range(cols.shape[1]):
        for j in range(cols.shape[1]):
            ok = ~(np.isnan(cols[:, i]) | np.isnan(cols[:, j]))
            nm[i, j] = ok.sum()
            pm[i, j] = 0.0 if i == j else fn(cols[ok, i], cols[ok, j])[1]
    print('static const double matrix_%s_r[] = {%s};' % (
        meth, ', '.join(fmt(v) for v in rm.ravel())))
    print('static const double matrix_%s_p[] = {%s};' % (
        meth, ', '.join(fmt(v) for v in pm.ravel())))
    print('static const size_t matrix_%s_n[] = {%s};' % (
        meth, ', '.join(str(int(v)) for v in nm.ravel())))
