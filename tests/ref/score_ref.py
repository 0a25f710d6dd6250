#!/usr/bin/python3
"""Reference figures for tests/check_score.c, computed with pandas/numpy/scipy.

    /usr/bin/python3 tests/ref/score_ref.py --write   # (re)writes the CSV
    /usr/bin/python3 tests/ref/score_ref.py           # prints the figures

The map in the test: journey "j" with stage "s1" (touchpoints tp-a, tp-b)
and stage "s2" (tp-c). Answers also name s1, j, and the unknown tp-x, ghost.
"""
import random
import sys

import numpy as np
import pandas as pd
from scipy import stats

PATH = "tests/data/csv/score_small.csv"
SCALE = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def write():
    rnd = random.Random(4)
    rows = []
    months = ["2025-01-%02d", "2025-02-%02d", "2025-03-%02d"]
    for i in range(400):
        resp = "r%03d" % rnd.randrange(90)
        target = rnd.choice(["tp-a"] * 4 + ["tp-b"] * 3 + ["tp-c"] * 3 +
                            ["s1", "j", "j"])
        metric = rnd.choice(["nps", "nps", "csat", "ces", "aht", "contact"])
        if metric in SCALE:
            lo, hi = SCALE[metric]
            score = str(rnd.randint(lo, hi))
        elif metric == "aht":
            score = "%.2f" % rnd.uniform(1, 30)
        else:
            score = ""
        seg = rnd.choice(["FI", "FI", "SE", ""])
        src = rnd.choice(["customer"] * 3 + ["employee"])
        ts = rnd.choice(months) % rnd.randint(1, 28) if rnd.random() < 0.9 else ""
        rows.append((resp, target, metric, score, seg, src, ts))
    for i in range(7):
        rows.insert(rnd.randrange(len(rows)),
                    ("u%d" % i, "tp-x" if i < 5 else "ghost", "nps", "5", "",
                     "", ""))
    with open(PATH, "w") as f:
        f.write("respondent,touchpoint,metric,score,segment,source,timestamp\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def nps(s):
    s = np.asarray(s, dtype=float)
    return 100 * (np.mean(s >= 9) - np.mean(s <= 6))


def nps_var(s):
    s = np.asarray(s, dtype=float)
    p, d = np.mean(s >= 9), np.mean(s <= 6)
    return 1e4 * (p + d - (p - d) ** 2)


def main():
    if "--write" in sys.argv:
        write()
    df = pd.read_csv(PATH, keep_default_na=False, dtype=str)
    df["score_n"] = pd.to_numeric(df["score"], errors="coerce")
    df["src"] = df["source"].replace("", "customer")
    ts = pd.to_datetime(df["timestamp"].replace("", None), utc=True)
    df["month"] = ts.dt.month
    stage = {"tp-a": "s1", "tp-b": "s1", "s1": "s1", "tp-c": "s2"}
    known = df[df.touchpoint.isin(["tp-a", "tp-b", "tp-c", "s1", "j"])]
    out = {}

    def q(mask, metric):
        return df[mask & (df.metric == metric)]["score_n"]

    a = df.touchpoint == "tp-a"
    out["nps_tpa"] = nps(q(a, "nps"))
    out["n_nps_tpa"] = len(q(a, "nps"))
    m = a & (df.segment == "FI") & (df.src == "employee")
    out["nps_tpa_fi_emp"] = nps(q(m, "nps"))
    out["n_nps_tpa_fi_emp"] = len(q(m, "nps"))
    m = a & (df.segment == "")
    out["n_nps_tpa_noseg"] = len(q(m, "nps"))
    b = df.touchpoint == "tp-b"
    cs = q(b, "csat")
    out["csat_tpb"] = 100 * np.mean(cs >= 4)
    out["csat_mean_tpb"] = cs.mean()
    c = df.touchpoint == "tp-c"
    out["ces_tpc"] = q(c, "ces").mean()
    out["aht_tpa"] = q(a, "aht").mean()
    out["aht_tpa_sd"] = q(a, "aht").std(ddof=1)
    s1 = df.touchpoint.map(stage) == "s1"
    out["nps_s1_rollup"] = nps(q(s1, "nps"))
    out["n_nps_s1_rollup"] = len(q(s1, "nps"))
    out["n_nps_s1_direct"] = len(q(df.touchpoint == "s1", "nps"))
    kn = df.touchpoint.isin(["tp-a", "tp-b", "tp-c", "s1", "j"])
    out["nps_j_rollup"] = nps(q(kn, "nps"))
    out["n_nps_j_rollup"] = len(q(kn, "nps"))
    jd = df.touchpoint == "j"
    out["nps_j_direct"] = nps(q(jd, "nps"))
    out["n_nps_j_direct"] = len(q(jd, "nps"))
    # months: periods 0, 1, 2 = Jan, Feb, Mar 2025
    for mo in (1, 2, 3):
        out["n_nps_j_rollup_m%d" % mo] = len(q(kn & (df.month == mo), "nps"))
    x1 = q(kn & (df.month == 1), "nps")
    x2 = q(kn & (df.month == 2), "nps")
    diff = nps(x2) - nps(x1)
    se = np.sqrt(nps_var(x2) / len(x2) + nps_var(x1) / len(x1))
    z = diff / se
    out["trend_m2_diff"] = diff
    out["trend_m2_se"] = se
    out["trend_m2_z"] = z
    out["trend_m2_p"] = 2 * stats.norm.sf(abs(z))
    # customers against employees on the whole journey (article 002)
    xc = q(kn & (df.src == "customer"), "nps")
    xe = q(kn & (df.src == "employee"), "nps")
    diff = nps(xc) - nps(xe)
    se = np.sqrt(nps_var(xc) / len(xc) + nps_var(xe) / len(xe))
    out["cust_emp_n"] = (len(xc), len(xe))
    out["cust_emp_diff"] = diff
    out["cust_emp_se"] = se
    out["cust_emp_p"] = 2 * stats.norm.sf(abs(diff / se))
    # curve: customer answers only
    cust = df.src == "customer"
    for tp in ("tp-a", "tp-b", "tp-c"):
        t = cust & (df.touchpoint == tp)
        num = den = 0.0
        for metric in ("csat", "nps", "ces"):
            s = q(t, metric)
            if len(s) == 0:
                continue
            v = {"nps": nps(s) / 100, "csat": (s.mean() - 3) / 2,
                 "ces": (s.mean() - 4) / 3}[metric]
            num += len(s) * v
            den += len(s)
        out["curve_" + tp] = num / den
    # contacts
    con = df.metric == "contact"
    out["contacts_tpa"] = int((con & a).sum())
    out["contacts_s1_rollup"] = int((con & s1).sum())
    out["contacts_all"] = int((con & kn).sum())
    out["customers"] = df[df.src == "customer"]["respondent"].nunique()
    out["unknown"] = int((~kn).sum())
    # drill: detractors of tp-a in FI, first appearance order
    d = df[a & (df.metric == "nps") & (df.segment == "FI") &
           (df.score_n <= 6)]["respondent"]
    out["drill"] = list(dict.fromkeys(d))
    for k, v in out.items():
        if isinstance(v, (float, np.floating)):
            print("%s = %.17g" % (k, v))
        else:
            print("%s = %s" % (k, v))


main()
