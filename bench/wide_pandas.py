"""The pandas half of bench_wide.sh: read_csv, melt to one row per answer,
then per question and segment the CSAT top-two-box share, the CES mean and
the NPS (promoters minus detractors), the figures the library scores,
timed end to end ROUNDS times (3 by default), best kept.
usage: wide_pandas.py file.csv"""
import os
import sys
import time

import pandas as pd

path = sys.argv[1]
rounds = max(1, int(os.environ.get("ROUNDS", "3")))
qs = ["q%02d" % i for i in range(1, 13)]
metric = {q: "csat" if i < 8 else "ces" if i < 10 else "nps"
          for i, q in enumerate(qs)}
best = [float("inf")] * 2
for _ in range(rounds):
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(path)
    long = df.melt(id_vars=["respondent", "segment"], value_vars=qs,
                   var_name="question", value_name="score").dropna()
    long["metric"] = long["question"].map(metric)
    s = long["score"]
    long["top"] = s >= 4
    long["p"] = s >= 9
    long["d"] = s <= 6
    g = long.groupby(["question", "segment"]).agg(
        n=("score", "size"), mean=("score", "mean"), top=("top", "mean"),
        p=("p", "mean"), d=("d", "mean"))
    t1, c1 = time.perf_counter(), time.process_time()
    best = [min(best[0], t1 - t0), min(best[1], c1 - c0)]
q = long.groupby("question")
print("pandas_s %.3f" % best[0])
print("pandas_cpu_s %.3f" % best[1])
print("pandas_answers %d" % len(long))
print("pandas_csat_tp01_FI %.9f" % (100 * g.loc[("q01", "FI"), "top"]))
print("pandas_ces_tp09 %.9f" % q["score"].mean()["q09"])
nps = q[["p", "d"]].mean().loc["q11"]
print("pandas_nps_bench %.9f" % (100 * (nps["p"] - nps["d"])))
