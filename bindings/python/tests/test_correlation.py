"""Correlation and key drivers from Python. Coefficients and p-values are
scipy's, computed once with the command quoted; the drivers' figures are
recomputed here in plain Python from the CSV rows."""

import array
import csv
import io
import math
import unittest

import cxjourney as cx

X = [1.5, 2.0, 3.7, 4.1, 5.0, 6.2, 7.7, 8.1, 9.9, 10.4]
Y = [2.1, 1.9, 4.4, 3.0, 5.5, 6.1, 6.0, 9.2, 8.8, 11.0]
A = [1, 2, 2, 3, 3, 3, 4, 5, 5, 5, 1, 2]
B = [2, 2, 3, 3, 4, 3, 5, 5, 4, 5, 1, 1]

# /usr/bin/python3 -c "from scipy import stats; x=X; y=Y; a=A; b=B
#   (the lists above); print(stats.pearsonr(x,y), stats.spearmanr(x,y),
#   stats.kendalltau(x,y), stats.kendalltau(a,b), stats.spearmanr(a,b))"
SCIPY = {
    ("pearson", "xy"): (0.9543590173456216, 1.7964330861890277e-05),
    ("spearman", "xy"): (0.9515151515151514, 2.279854920641689e-05),
    ("kendall", "xy"): (0.8222222222222221, 0.0003576940035273369),
    ("kendall", "ab"): (0.7964913660803873, 0.00115402171401674),
    ("spearman", "ab"): (0.8941665390372195, 8.733327472915773e-05),
}
# /usr/bin/python3 -c "import numpy as np; X=np.array([[1,2,3,4,5,6,7,8],
#   [2,1,4,3,6,5,8,9],[5,3,4,1,2,6,8,7]],float);
#   y=np.array([1.5,2.1,3.9,3.2,5.8,5.1,7.7,8.4]);
#   c=np.corrcoef(np.vstack([X,y])); rxx=c[:3,:3]; rxy=c[:3,3];
#   lam,v=np.linalg.eigh(rxx); half=(v*np.sqrt(lam))@v.T;
#   beta=(v/np.sqrt(lam))@v.T@rxy; w=(half**2)@(beta**2);
#   print(list(w), rxy@np.linalg.solve(rxx,rxy))"
RW_X = [[1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 9],
        [5, 3, 4, 1, 2, 6, 8, 7]]
RW_Y = [1.5, 2.1, 3.9, 3.2, 5.8, 5.1, 7.7, 8.4]
RAW_WEIGHTS = [0.4167259971025134, 0.4459245414492501, 0.12335158975115132]
R2 = 0.9860021283029168


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


class CorrelateTest(unittest.TestCase):
    def test_against_scipy(self):
        data = {"xy": (X, Y), "ab": (A, B)}
        for (method, which), (r, p) in SCIPY.items():
            x, y = data[which]
            c = cx.correlate(x, y, method)
            self.assertAlmostEqual(c.r, r, places=12, msg=(method, which))
            self.assertTrue(close(c.p_value, p), (method, which, c.p_value))
            self.assertEqual(c.n, len(x))
        self.assertEqual(cx.correlate(X, Y, cx.CorrMethod.KENDALL_B).r,
                         cx.correlate(X, Y, "kendall_b").r)

    def test_fisher_interval(self):
        c = cx.correlate(X, Y, "pearson", ci_level=0.9)
        z = math.atanh(c.r)
        half = 1.6448536269514722 / math.sqrt(len(X) - 3)  # norm.ppf(0.95)
        self.assertAlmostEqual(c.ci_low, math.tanh(z - half), places=10)
        self.assertAlmostEqual(c.ci_high, math.tanh(z + half), places=10)
        self.assertEqual(c.ci_level, 0.9)
        self.assertTrue(math.isnan(cx.correlate(X, Y, "kendall").ci_low))

    def test_buffers_nan_and_errors(self):
        x = array.array("d", X + [float("nan")])
        y = array.array("d", Y + [3.0])
        c = cx.correlate(x, y, "pearson")
        self.assertEqual(c.n, len(X))
        self.assertAlmostEqual(c.r, SCIPY[("pearson", "xy")][0], places=12)
        x.append(1.0)  # exports released
        with self.assertRaises(ValueError):
            cx.correlate([1, 2, 3], [1, 2])
        with self.assertRaises(cx.InvalidArgument):
            cx.correlate([1, 2], [1, 2])
        with self.assertRaises(cx.InvalidArgument) as cm:
            cx.correlate([1, 1, 1, 1], [1, 2, 3, 4])
        self.assertTrue(cm.exception.message)
        with self.assertRaises(cx.InvalidArgument):
            cx.correlate(X, Y, ci_level=1.5)
        with self.assertRaises(ValueError):
            cx.correlate(X, Y, "distance")

    def test_matrix(self):
        third = [float("nan")] + [v * -2.0 for v in X[1:]]
        r, p, n = cx.correlation_matrix([X, Y, third], "pearson")
        self.assertEqual(n[0][1], len(X))
        self.assertEqual(n[0][2], len(X) - 1)
        self.assertAlmostEqual(r[0][1], SCIPY[("pearson", "xy")][0])
        self.assertAlmostEqual(r[1][0], r[0][1])
        self.assertAlmostEqual(r[0][2], -1.0)
        self.assertEqual([r[i][i] for i in range(3)], [1.0, 1.0, 1.0])
        self.assertTrue(close(p[0][1], SCIPY[("pearson", "xy")][1]))
        # a (p, n) float64 buffer is taken in place
        flat = array.array("d", X + Y)
        r2, _, _ = cx.correlation_matrix(
            memoryview(flat).cast("B").cast("d", (2, len(X))), "spearman")
        self.assertAlmostEqual(r2[0][1], SCIPY[("spearman", "xy")][0])
        with self.assertRaises(ValueError):
            cx.correlation_matrix([X, Y[:-1]])
        with self.assertRaises(ValueError):
            cx.correlation_matrix([])

    def test_relative_weights_against_numpy(self):
        w, r2 = cx.relative_weights(RW_X, RW_Y)
        for got, want in zip(w, RAW_WEIGHTS):
            self.assertAlmostEqual(got, want, places=9)
        self.assertAlmostEqual(r2, R2, places=9)
        self.assertAlmostEqual(sum(w), r2, places=12)
        with self.assertRaises(ValueError):
            cx.relative_weights(RW_X, RW_Y[:-1])
        # a predictor that copies another: singular correlations
        with self.assertRaises(cx.InvalidArgument):
            cx.relative_weights([RW_X[0], RW_X[0]], RW_Y)


class AssociationTest(unittest.TestCase):
    # /usr/bin/python3 -c "from scipy import stats; import numpy as np;
    #   t=np.array([[10,20,30],[20,15,5]]);
    #   r=stats.chi2_contingency(t, correction=False);
    #   print(r.statistic, r.pvalue, r.dof,
    #         stats.contingency.association(t, method='cramer'),
    #         r.expected_freq.min())"
    TABLE = [[10, 20, 30], [20, 15, 5]]
    CHI2, P, DF, V, MIN_E = (18.650793650793652, 8.913158246593224e-05, 2,
                             0.43186564636231084, 12.0)

    def test_against_scipy(self):
        for table in (self.TABLE, [[float(v) for v in r] for r in self.TABLE],
                      memoryview(array.array("d", [10, 20, 30, 20, 15, 5]))
                      .cast("B").cast("d", (2, 3)),
                      memoryview(array.array("Q", [10, 20, 30, 20, 15, 5]))
                      .cast("B").cast("Q", (2, 3))):
            a = cx.association(table)
            self.assertAlmostEqual(a.chi2, self.CHI2, places=10)
            self.assertTrue(close(a.p_value, self.P))
            self.assertEqual(a.df, self.DF)
            self.assertAlmostEqual(a.cramers_v, self.V, places=12)
            self.assertAlmostEqual(a.min_expected, self.MIN_E)
            self.assertEqual((a.total, a.rows_used, a.cols_used),
                             (100, 2, 3))
            self.assertFalse(a.low_expected)
        # Bergsma's corrected V from its definition
        n, r, k = 100, 2, 3
        phi2 = max(0.0, self.CHI2 / n - (k - 1) * (r - 1) / (n - 1))
        rc = r - (r - 1) ** 2 / (n - 1)
        kc = k - (k - 1) ** 2 / (n - 1)
        self.assertAlmostEqual(a.cramers_v_corrected,
                               math.sqrt(phi2 / min(kc - 1, rc - 1)))

    def test_empty_lines_low_counts_and_errors(self):
        a = cx.association([[3, 0, 1], [0, 0, 0], [1, 0, 4]])
        self.assertEqual((a.rows_used, a.cols_used), (2, 2))
        self.assertTrue(a.low_expected)
        big = 2 ** 60 + 1  # exact only as an integer count
        self.assertEqual(cx.association([[big, 1], [1, big]]).total,
                         float(2 * big + 2))
        with self.assertRaises(cx.InvalidArgument):
            cx.association([[1, 2], [0, 0]])
        with self.assertRaises(cx.InvalidArgument):
            cx.association([[1, -2], [3, 4]])
        with self.assertRaises(ValueError):
            cx.association([[1, 2], [3]])
        with self.assertRaises(ValueError):
            cx.association(memoryview(array.array("d", [1, 2, 3])))


CODINGS = """respondent,touchpoint,metric,score
r1,j,constraint,1
r1,j,constraint,2
r1,j,factor,3
r2,j,constraint,1
r2,j,factor,4
r3,j,constraint,2
r3,j,factor,3
r4,j,factor,4
r5,j,constraint,2
r5,j,constraint,2
r5,j,factor,4
r6,j,constraint,3
r6,j,factor,5
r6,j,factor,3
"""


class CrosstabRowsTest(unittest.TestCase):
    def test_against_the_rows(self):
        rows = list(csv.DictReader(io.StringIO(CODINGS)))
        codes = {}
        for r in rows:
            codes.setdefault(r["respondent"], {}).setdefault(
                r["metric"], set()).add(float(r["score"]))
        both = {k: v for k, v in codes.items()
                if "constraint" in v and "factor" in v}
        rc = sorted({c for v in both.values() for c in v["constraint"]})
        cc = sorted({c for v in both.values() for c in v["factor"]})
        want = [[sum(1 for v in both.values()
                     if a in v["constraint"] and b in v["factor"])
                 for b in cc] for a in rc]
        with cx.Responses() as r:
            r.import_csv_text(CODINGS)
            t = r.crosstab("constraint", "factor")
            self.assertEqual((t.row_codes, t.col_codes), (rc, cc))
            self.assertEqual(t.counts, want)
            self.assertEqual(t.respondents, len(both))
            self.assertEqual(t.association(), cx.association(want))
            self.assertIn("3 x 3", repr(t))
            with self.assertRaises(cx.InvalidArgument):
                r.crosstab("constraint", "nothing")
        with self.assertRaises(cx.ClosedError):
            r.crosstab("constraint", "factor")


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    out = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def make_answers():
    """Respondents give a journey NPS and CSAT for three touchpoints; call
    tracks the NPS closely, mail loosely, form hardly at all."""
    rows = ["respondent,touchpoint,metric,score,segment"]
    for i in range(24):
        nps = i % 11
        call = 1 + nps * 4 // 10
        mail = 1 + ((nps * 3 + i) % 5)
        form = 1 + (i * 7 % 5)
        seg = "FI" if i % 2 else "SE"
        rows += ["r%d,support,nps,%d,%s" % (i, nps, seg),
                 "r%d,call,csat,%d,%s" % (i, call, seg),
                 "r%d,mail,csat,%d,%s" % (i, mail, seg),
                 "r%d,form,csat,%d,%s" % (i, form, seg)]
        if i % 4 == 0:  # a second answer to the same question is averaged
            rows.append("r%d,call,csat,%d,%s" % (i, 5, seg))
    return "\n".join(rows) + "\n"


class CrosstabTest(unittest.TestCase):
    """tests/data/csv/codings.csv and its figures from
    /usr/bin/python3 tests/ref/crosstab_ref.py (pandas crosstab of each
    respondent's distinct code pairs, scipy.stats.chi2_contingency)."""

    def test_codings_table_and_association(self):
        here = __import__("os").path.dirname(__file__)
        path = here + "/../../../tests/data/csv/codings.csv"
        with cx.Responses.from_csv(path) as r:
            t = r.crosstab("constraint", "experience-factor")
            self.assertEqual(t.row_codes, [1.0, 2.0, 3.0, 4.0])
            self.assertEqual(t.col_codes, [1.0, 2.0, 3.0])
            self.assertEqual(t.counts, [[1, 1, 16], [20, 3, 2], [23, 20, 0],
                                        [3, 15, 19]])
            self.assertEqual(t.respondents, 103)
            a = t.association()
            self.assertTrue(close(a.chi2, 81.923042247803608, 1e-12))
            self.assertTrue(close(a.p_value, 1.4307258917519568e-15))
            self.assertTrue(close(a.cramers_v, 0.5770792813316824, 1e-12))
            with self.assertRaises(cx.InvalidArgument):
                r.crosstab("constraint", "constraint")
            with self.assertRaises(cx.InvalidArgument):
                r.crosstab("constraint", "nps")


class DriversTest(unittest.TestCase):
    def setUp(self):
        self.j = cx.Journey("support")
        st = self.j.add_stage("contact")
        for t in ("call", "mail", "form"):
            st.add_touchpoint(t, channel="phone")
        self.text = make_answers()
        self.r = cx.Responses()
        self.r.import_csv_text(self.text)

    def tearDown(self):
        self.r.close()
        self.j.close()

    def expected(self, touchpoint):
        rows = list(csv.DictReader(io.StringIO(self.text)))
        outcome = {r["respondent"]: float(r["score"]) for r in rows
                   if r["touchpoint"] == "support"}
        per = {}
        for r in rows:
            if r["touchpoint"] == touchpoint:
                per.setdefault(r["respondent"], []).append(float(r["score"]))
        ids = [k for k in per if k in outcome]
        tp = [sum(per[k]) / len(per[k]) for k in ids]
        oc = [outcome[k] for k in ids]
        scores = [float(r["score"]) for r in rows
                  if r["touchpoint"] == touchpoint]
        top2 = 100 * sum(s >= 4 for s in scores) / len(scores)
        return pearson(ranks(tp), ranks(oc)), len(ids), top2, len(scores)

    def test_drivers_match_plain_python(self):
        d = self.j.drivers(self.r, "nps", min_pairs=5)
        self.assertIsInstance(d, cx.Drivers)
        self.assertEqual(len(d), 3)
        self.assertEqual(d.ranked, 3)
        self.assertEqual(d.respondents, 24)
        for drv in d:
            r, pairs, top2, answers = self.expected(drv.touchpoint)
            self.assertAlmostEqual(drv.importance, r, places=12,
                                   msg=drv.touchpoint)
            self.assertEqual(drv.pairs, pairs)
            self.assertAlmostEqual(drv.performance, top2)
            self.assertEqual(drv.answers, answers)
            self.assertEqual(drv.stage, "contact")
            self.assertIsInstance(drv.quadrant, cx.Quadrant)
        self.assertAlmostEqual(sum(x.relative_weight for x in d), d.r2)
        self.assertAlmostEqual(sum(x.relative_share for x in d), 100.0)
        self.assertAlmostEqual(d.mean_importance,
                               sum(x.importance for x in d) / 3)
        self.assertAlmostEqual(d.mean_performance,
                               sum(x.performance for x in d) / 3)
        for x in d:
            important = x.importance >= d.mean_importance
            good = x.performance >= d.mean_performance
            self.assertEqual(x.quadrant, {
                (True, False): cx.Quadrant.FIX_FIRST,
                (True, True): cx.Quadrant.STRENGTH,
                (False, False): cx.Quadrant.LOW_PRIORITY,
                (False, True): cx.Quadrant.MAINTAIN}[(important, good)])
        self.assertEqual(cx.quadrant_name("fix_first"),
                         cx.quadrant_name(cx.Quadrant.FIX_FIRST))
        self.assertIn("3 ranked", repr(d))

    def test_unranked_segments_and_errors(self):
        d = self.j.drivers(self.r, "nps", min_pairs=5, segment="FI")
        self.assertEqual(d.respondents, 12)
        with self.assertRaises(cx.InvalidArgument):
            self.j.drivers(self.r, "csat")  # no journey-level CSAT answers
        # Too few pairs everywhere: every touchpoint listed, none ranked.
        # (drivers.h says CXJ_EINVAL with fewer than two ranked
        # touchpoints; the library returns the unranked list instead.)
        d = self.j.drivers(self.r, "nps", min_pairs=100)
        self.assertEqual(d.ranked, 0)
        self.assertEqual([x.quadrant for x in d], [cx.Quadrant.NONE] * 3)
        self.assertEqual([x.touchpoint for x in d], ["call", "mail", "form"])
        self.assertTrue(all(math.isnan(x.importance) for x in d))
        with self.assertRaises(cx.InvalidArgument):
            self.j.drivers(self.r, "nps", min_pairs=2)
        with self.assertRaises(ValueError):
            self.j.drivers(self.r, "nps", method="distance")
        self.j.close()
        with self.assertRaises(cx.ClosedError):
            self.j.drivers(self.r, "nps")


if __name__ == "__main__":
    unittest.main()
