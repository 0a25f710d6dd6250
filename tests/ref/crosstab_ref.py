"""Writes tests/data/csv/codings.csv (constraint x experience-factor codings
of 120 respondents, some naming two constraints, some only one coding) and
prints the reference figures for tests/check_crosstab.c from pandas and
scipy.stats.chi2_contingency. Run from the repository root:
    /usr/bin/python3 tests/ref/crosstab_ref.py"""
import itertools

import numpy as np
import pandas as pd
from scipy import stats

rng = np.random.default_rng(20261123)
rows = []
for i in range(120):
    who = "r%03d" % i
    factor = int(rng.integers(1, 4))
    # constraints lean on the factor so that the test has something to find
    base = [1, 2, 3, 4][(factor + int(rng.integers(0, 2))) % 4]
    codes = {base}
    if rng.random() < 0.3:
        codes.add(int(rng.integers(1, 5)))
    if i % 17 != 0:
        for c in sorted(codes):
            rows.append((who, "itsm-support", "constraint", c))
    if i % 13 != 0:
        rows.append((who, "itsm-support", "experience-factor", factor))
df = pd.DataFrame(rows, columns=["respondent", "touchpoint", "metric",
                                 "score"])
df.to_csv("tests/data/csv/codings.csv", index=False)

a = df[df.metric == "constraint"].drop_duplicates()
b = df[df.metric == "experience-factor"].drop_duplicates()
pairs = a.merge(b, on="respondent")
table = pd.crosstab(pairs.score_x, pairs.score_y)
chi2, p, dof, expected = stats.chi2_contingency(table.to_numpy(),
                                                correction=False)
n = table.to_numpy().sum()
v = np.sqrt(chi2 / (n * (min(table.shape) - 1)))
print("/* respondents with both: %d */" % pairs.respondent.nunique())
print("/* rows %s cols %s */" % (list(table.index), list(table.columns)))
print("static const uint64_t want_counts[] = {%s};"
      % ", ".join(str(x) for x in table.to_numpy().ravel()))
print("/* chi2 %.17g df %d p %.17g V %.17g min expected %.17g */"
      % (chi2, dof, p, v, expected.min()))
