"""The pandas half of bench_score.sh: read_csv, then NPS per touchpoint and
segment by groupby, timed apart. Prints the figures bench_score.sh compares.
usage: score_pandas.py file.csv"""
import sys
import time

import pandas as pd

path = sys.argv[1]
t0, c0 = time.perf_counter(), time.process_time()
df = pd.read_csv(path)
t1, c1 = time.perf_counter(), time.process_time()
df["p"] = df["score"] >= 9
df["d"] = df["score"] <= 6
g = df.groupby(["touchpoint", "segment"])[["p", "d"]].mean()
nps = 100 * (g["p"] - g["d"])
t2, c2 = time.perf_counter(), time.process_time()
overall = 100 * (df["p"].mean() - df["d"].mean())
print("pandas_read_s %.3f" % (t1 - t0))
print("pandas_groupby_s %.3f" % (t2 - t1))
print("pandas_read_cpu_s %.3f" % (c1 - c0))
print("pandas_groupby_cpu_s %.3f" % (c2 - c1))
print("pandas_rows %d" % len(df))
print("pandas_nps_tp0000_FI %.9f" % nps.loc[("tp0000", "FI")])
print("pandas_nps_all %.9f" % overall)
