#!/usr/bin/python3
# Reference for the kendall_p_at_1e8 test in tests/check_correlation.c:
#   /usr/bin/python3 tests/ref/kendall_large.py
# Kendall's tie-corrected normal p for n = 1e8 Likert answers, with the
# variance in exact integers (scipy's int64 arithmetic overflows here), the
# tail at 50 digits.
import mpmath as mp

mp.mp.dps = 50
n = 10 ** 8
gx = [9 * 10 ** 6] * 10 + [10 ** 7]          # 0..10
gy = [2 * 10 ** 7] * 5                       # 1..5
assert sum(gx) == n and sum(gy) == n
for s in [3 * 10 ** 12, -5 * 10 ** 11, 10 ** 10]:
    xtie = sum(c * (c - 1) // 2 for c in gx)
    ytie = sum(c * (c - 1) // 2 for c in gy)
    x0 = sum(c * (c - 1) * (c - 2) for c in gx)
    y0 = sum(c * (c - 1) * (c - 2) for c in gy)
    x1 = sum(c * (c - 1) * (2 * c + 5) for c in gx)
    y1 = sum(c * (c - 1) * (2 * c + 5) for c in gy)
    m = n * (n - 1)
    var = (mp.mpf(m * (2 * n + 5) - x1 - y1) / 18 + mp.mpf(2 * xtie * ytie) / m
           + mp.mpf(x0 * y0) / (9 * m * (n - 2)))
    print('s = %d: p = %s (2 xtie ytie = %d > 2^63)' % (
        s, mp.nstr(2 * mp.ncdf(-abs(s) / mp.sqrt(var)), 17),
        2 * xtie * ytie))
