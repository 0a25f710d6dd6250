#!/usr/bin/python3
# bench/corr_ref.py: the scipy side of bench/bench_correlation.sh.
#   corr_ref.py gen DIR            writes the raw float64 inputs
#   corr_ref.py time DIR OURS      times scipy on them and prints the table
#                                  against our timings (corr_bench output)
import sys
import time
import warnings

import numpy as np
import scipy
import scipy.stats as st

warnings.simplefilter('ignore')
N = 10 ** 6
KENDALL_NS = [10 ** 5, 10 ** 6, 10 ** 7]


def gen(d):
    rng = np.random.default_rng(2026)
    x = rng.integers(0, 11, N).astype(np.float64)
    y = np.clip(x + rng.integers(-3, 4, N), 0, 10).astype(np.float64)
    x.tofile(d + '/likert_x.f64')
    y.tofile(d + '/likert_y.f64')
    x = rng.normal(size=N)
    (0.5 * x + rng.normal(size=N)).tofile(d + '/cont_y.f64')
    x.tofile(d + '/cont_x.f64')
    for n in KENDALL_NS:
        x = rng.normal(size=n)
        x.tofile(d + '/kendall_%d_x.f64' % n)
        (0.3 * x + rng.normal(size=n)).tofile(d + '/kendall_%d_y.f64' % n)


def best(f, x, y, repeat):
    """Best wall and best CPU (process) time of repeat runs, and r."""
    t = c = 1e300
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        r = f(x, y)
        c = min(c, time.process_time() - c0)
        t = min(t, time.perf_counter() - t0)
    return t, c, r[0]


def main():
    mode, d = sys.argv[1], sys.argv[2]
    if mode == 'gen':
        gen(d)
        return
    ours = {}
    for line in open(sys.argv[3]):
        s, m, n, sec, cpu, r = line.split()
        ours[(s, m, int(n))] = (float(sec), float(cpu), float(r))
    fns = {'pearson': st.pearsonr, 'spearman': st.spearmanr,
           'kendall': st.kendalltau}
    target = {('likert', 'spearman'): 50, ('likert', 'kendall'): 50}
    print('scipy %s, numpy %s; best of 5 runs each side; n = %d pairs'
          % (scipy.__version__, np.__version__, N))
    print('wall: elapsed time; cpu: process CPU time (steadier when other '
          'jobs share the cores)')
    print('%-7s %-9s %9s %9s %8s %9s %9s %8s %6s  %s' % (
        'data', 'method', 'scipy', 'ours', 'wall x', 'scipy', 'ours',
        'cpu x', 'target', '|r diff|'))
    print('%-7s %-9s %9s %9s %8s %9s %9s' % ('', '', 'wall s', 'wall s', '',
                                             'cpu s', 'cpu s'))
    for s in ['likert', 'cont']:
        x = np.fromfile('%s/%s_x.f64' % (d, s))
        y = np.fromfile('%s/%s_y.f64' % (d, s))
        for m in ['pearson', 'spearman', 'kendall']:
            ts, cs, rs = best(fns[m], x, y, 5)
            to, co, ro = ours[(s, m, len(x))]
            tg = target.get((s, m), 3)
            print('%-7s %-9s %9.5f %9.5f %7.1fx %9.5f %9.5f %7.1fx %5dx  '
                  '%.1e %s' % (
                      s, m, ts, to, ts / to, cs, co, cs / co, tg,
                      abs(rs - ro),
                      'ok' if min(ts / to, cs / co) >= tg else
                      'ok on %s' % ('wall' if ts / to >= tg else 'cpu')
                      if max(ts / to, cs / co) >= tg else 'MISSED'))
    print()
    print('Kendall tau-b, continuous: ours (scipy at 1e5 and 1e6 for scale)')
    print('%10s %12s %12s %16s %12s' % ('n', 'ours wall s', 'ours cpu s',
                                         'cpu ns/(n lg n)', 'scipy wall s'))
    for n in KENDALL_NS:
        to, co, ro = ours[('kendall_%d' % n, 'kendall', n)]
        sc = ''
        if n <= 10 ** 6:
            x = np.fromfile('%s/kendall_%d_x.f64' % (d, n))
            y = np.fromfile('%s/kendall_%d_y.f64' % (d, n))
            ts, cs, rs = best(st.kendalltau, x, y, 1)
            sc = '%12.5f' % ts
        print('%10d %12.5f %12.5f %16.3f %s' % (
            n, to, co, co * 1e9 / (n * np.log2(n)), sc))


if __name__ == '__main__':
    main()
