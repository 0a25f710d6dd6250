"""Reference figures for tests/check_drivers.c, computed independently of
libcxjourney with pandas, scipy.stats.spearmanr and numpy.linalg.eigh.

Run from the repository root:  /usr/bin/python3 tests/ref/drivers_ref.py
and paste its output into check_drivers.c."""
import numpy as np
import pandas as pd
from scipy import stats

MAP_ORDER = ["find-channel", "raise-ticket", "call-desk", "first-answer",
             "clarify", "escalate", "workaround", "fix-delivered", "confirm",
             "survey", "service-review", "renewal"]
STAGE = {"find-channel": "contact", "raise-ticket": "contact",
         "call-desk": "contact", "first-answer": "diagnose",
         "clarify": "diagnose", "escalate": "diagnose",
         "workaround": "resolve", "fix-delivered": "resolve",
         "confirm": "resolve", "survey": "follow-up",
         "service-review": "follow-up", "renewal": "follow-up"}
MIN_PAIRS = 10


def johnson(rxx, rxy):
    lam, v = np.linalg.eigh(rxx)
    keep = lam > 1e-12
    half = (v[:, keep] * np.sqrt(lam[keep])) @ v[:, keep].T
    beta = (v[:, keep] / np.sqrt(lam[keep])) @ v[:, keep].T @ rxy
    w = (half ** 2) @ (beta ** 2)
    return w, w.sum()


def main():
    d = pd.read_csv("examples/itsm-responses.csv")
    out = d[(d.touchpoint == "itsm-support") & (d.metric == "nps")]
    y = out.groupby("respondent").score.mean()
    csat = d[d.metric == "csat"]
    rows = []
    for tp in MAP_ORDER:
        a = csat[csat.touchpoint == tp]
        if a.empty:
            continue
        perf = 100.0 * (a.score >= 4).mean()
        x = a.groupby("respondent").score.mean()
        both = pd.concat([x, y], axis=1, join="inner")
        both.columns = ["x", "y"]
        r = p = float("nan")
        if len(both) >= MIN_PAIRS:
            r, p = stats.spearmanr(both.x, both.y)
        rows.append(dict(tp=tp, pairs=len(both), r=r, p=p, perf=perf,
                         answers=len(a)))
    ranked = [e for e in rows if not np.isnan(e["r"])]
    wide = csat.pivot_table(index="respondent", columns="touchpoint",
                            values="score", aggfunc="mean")
    wide = wide.reindex(y.index)
    names = [e["tp"] for e in ranked]
    # a missing touchpoint score is the touchpoint's mean over the
    # respondents with an outcome, so the matrix is a true correlation matrix
    frame = wide[names].copy()
    frame = frame.fillna(frame.mean())
    frame["__y"] = y
    corr = frame.corr(method="pearson")
    rxx = corr.loc[names, names].to_numpy()
    rxy = corr.loc[names, "__y"].to_numpy()
    w, r2 = johnson(rxx, rxy)
    mi = np.mean([e["r"] for e in ranked])
    mp = np.mean([e["perf"] for e in ranked])
    for e, wi in zip(ranked, w):
        e["w"] = wi
        imp, good = e["r"] >= mi, e["perf"] >= mp
        e["q"] = (2 if good else 1) if imp else (4 if good else 3)
    order = {1: lambda e: e["perf"], 2: lambda e: -e["r"],
             3: lambda e: e["perf"], 4: lambda e: -e["r"]}
    ranked.sort(key=lambda e: (e["q"], order[e["q"]](e),
                               MAP_ORDER.index(e["tp"])))
    print("/* respondents %d, R2 %.17g, mean importance %.17g, "
          "mean performance %.17g */" % (len(y), r2, mi, mp))
    for e in ranked:
        print('\t{"%s", "%s", %d, %.17g, %.17g, %.17g, %.17g, %d, %d},'
              % (e["tp"], STAGE[e["tp"]], e["pairs"], e["r"], e["p"],
                 e["w"], e["perf"], e["answers"], e["q"]))
    for e in rows:
        if np.isnan(e["r"]):
            print('\t{"%s", "%s", %d, NAN, NAN, NAN, %.17g, %d, 0},'
                  % (e["tp"], STAGE[e["tp"]], e["pairs"], e["perf"],
                     e["answers"]))


main()
