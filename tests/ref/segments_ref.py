"""Reference for tests/check_segments.c: NPS of four segments compared pair
by pair (z on the difference with the two Wald variances), with Holm and
Benjamini-Hochberg adjustment written out here from their definitions.
Run: /usr/bin/python3 tests/ref/segments_ref.py"""
import itertools

import numpy as np
from scipy import stats

SEGMENTS = {  # NPS answers per segment, in the order the test adds them
    "FI": [10, 9, 9, 8, 7, 6, 3, 10, 9, 2, 9, 10],
    "SE": [5, 6, 7, 9, 3, 2, 8, 6, 10, 4],
    "NO": [9, 10, 10, 9, 8, 9, 10, 7, 9],
    "DK": [0, 3, 6, 9, 5, 7, 2, 6],
}


def nps(xs):
    xs = np.asarray(xs)
    p, d = np.mean(xs >= 9), np.mean(xs <= 6)
    return 100 * (p - d), 100 * np.sqrt((p + d - (p - d) ** 2) / len(xs))


def holm(ps):
    m, order = len(ps), np.argsort(ps, kind="stable")
    out, run = np.empty(m), 0.0
    for rank, i in enumerate(order):
        run = max(run, min(1.0, (m - rank) * ps[i]))
        out[i] = run
    return out


def bh(ps):
    m, order = len(ps), np.argsort(ps, kind="stable")[::-1]
    out, run = np.empty(m), 1.0
    for k, i in enumerate(order):
        rank = m - k
        run = min(run, ps[i] * m / rank)
        out[i] = run
    return out


rows = []
# pairs in byte order of the segment names, as the scores list them
for a, b in itertools.combinations(sorted(SEGMENTS), 2):
    va, sa = nps(SEGMENTS[a])
    vb, sb = nps(SEGMENTS[b])
    se = np.hypot(sa, sb)
    z = (va - vb) / se
    rows.append((a, b, va - vb, se, z, 2 * stats.norm.sf(abs(z))))
ps = np.array([r[5] for r in rows])
for r, h, q in zip(rows, holm(ps), bh(ps)):
    print('\t{"%s", "%s", %.17g, %.17g, %.17g, %.17g, %.17g, %.17g},'
          % (r + (h, q)))
