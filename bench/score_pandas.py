"""The pandas half of bench_score.sh: read_csv, then NPS per touchpoint and
segment by groupby, timed apart, ROUNDS times (3 by default), best kept as
for our half. Prints the figures bench_score.sh compares.
usage: score_pandas.py file.csv"""
import os
import sys
import time

import pandas as pd

path = sys.argv[1]
rounds = max(1, int(os.environ.get("ROUNDS", "3")))
best = [float("inf")] * 4
for _ in range(rounds):
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(path)
    t1, c1 = time.perf_counter(), time.process_time()
    df["p"] = df["score"] >= 9
    df["d"] = df["score"] <= 6
    g = df.groupby(["touchpoint", "segment"])[["p", "d"]].mean()
    nps = 100 * (g["p"] - g["d"])
    t2, c2 = time.perf_counter(), time.process_time()
    best = [min(b, x) for b, x in zip(best, (t1 - t0, t2 - t1, c1 - c0,
                                             c2 - c1))]
overall = 100 * (df["p"].mean() - df["d"].mean())
print("pandas_read_s %.3f" % best[0])
print("pandas_groupby_s %.3f" % best[1])
print("pandas_read_cpu_s %.3f" % best[2])
print("pandas_groupby_cpu_s %.3f" % best[3])
print("pandas_rows %d" % len(df))
print("pandas_nps_tp0000_FI %.9f" % nps.loc[("tp0000", "FI")])
print("pandas_nps_all %.9f" % overall)
