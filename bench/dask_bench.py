"""The two halves of bench_dask.sh, best of ROUNDS (3) each, on score_gen's
answers (columns touchpoint, metric, score, segment read):

  pandas in one process: read_csv, then NPS per touchpoint x segment by
    groupby means of (score >= 9) and (score <= 6), as score_pandas.py;
  Dask on a LocalCluster of 2 worker processes (1 thread each):
    dd.read_csv + cxjourney.dask.metrics (states per partition, merged by
    the tree), end to end; and the scoring alone on the frame persisted in
    the workers' memory, against pandas' groupby on its frame in memory.

Prints key value lines that bench_dask.sh turns into ratios, and whether
every group's NPS and count agree with pandas.
usage: dask_bench.py file.csv"""

import logging
import os
import sys
import time

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster, wait

from cxjourney import dask as cxdask

COLS = ["touchpoint", "metric", "score", "segment"]
BLOCK = 64 * 2 ** 20


def best(rounds, fn):
    t, out = float("inf"), None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return t, out


def pandas_nps(df):
    f = df.assign(p=df.score >= 9, d=df.score <= 6)
    g = f.groupby(["touchpoint", "segment"])[["p", "d"]].mean()
    return 100 * (g.p - g.d), f.groupby(["touchpoint", "segment"]).size()


def main():
    path = sys.argv[1]
    rounds = max(1, int(os.environ.get("ROUNDS", "3")))
    t_read, df = best(rounds, lambda: pd.read_csv(path, usecols=COLS))
    t_group, (ref, sizes) = best(rounds, lambda: pandas_nps(df))
    rows = len(df)
    del df
    print("pandas_rows %d" % rows)
    print("pandas_read_s %.3f" % t_read)
    print("pandas_groupby_s %.3f" % t_group)

    cluster = LocalCluster(n_workers=2, threads_per_worker=1,
                           processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        t_e2e, _ = best(rounds, lambda: cxdask.metrics(
            dd.read_csv(path, usecols=COLS, blocksize=BLOCK), weight=False))
        ddf = dd.read_csv(path, usecols=COLS, blocksize=BLOCK).persist()
        wait(ddf)
        t_score, got = best(rounds, lambda: cxdask.metrics(ddf,
                                                           weight=False))
        print("dask_partitions %d" % ddf.npartitions)
    finally:
        client.close()
        cluster.close()
    print("dask_end_to_end_s %.3f" % t_e2e)
    print("dask_score_s %.3f" % t_score)
    diff = max(abs(got[("nps", tp, seg)].value - v)
               for (tp, seg), v in ref.items())
    same_n = all(got[("nps", tp, seg)].count == n
                 for (tp, seg), n in sizes.items())
    print("dask_groups %d" % len(got))
    print("dask_max_abs_diff %.3g" % diff)
    print("dask_counts_equal %d" % (same_n and len(got) == len(ref)))
    print("dask_answers %d" % sum(m.count for m in got.values()))


if __name__ == "__main__":
    main()
