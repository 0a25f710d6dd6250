"""The finite-population correction from Python: population= on
Metric.interval, ci, test_target and compare (other_population=).

The reference numbers are those of tests/check_fpc.c, computed once with
numpy and scipy by the command quoted at the top of that file; the first
is R statpsych's ci.mean.fpc example (mean 24.5, sd 3.65, 40 of 300)."""

import math
import unittest

import cxjourney as cx

KA_T95_N300_SE = 0.5381631399653745
KA_T95_N300_LO = 23.41146230776141
KA_T95_N300_HI = 25.58853769223859
CA_WILSON95_N300_SE = 6.756639246921763
CA_WILSON95_N300_LO = 55.64327937940339
CA_WILSON95_N300_HI = 81.2737780971734
CA_AC95_N300_LO = 55.558001125269655
CA_AC95_N300_HI = 81.35905635130712
NA_WALD95_N300_SE = 11.515584902738285
NA_WALD95_N300_LO = 7.429868329719781
NA_WALD95_N300_HI = 52.57013167028022
NA_ADJ95_N300_LO = 6.3229818871448735
NA_ADJ95_N300_HI = 50.00354872510002
CA_SCORE_60_ABOVE_Z = 1.3844373104863457
CA_SCORE_60_ABOVE_P = 0.08311229556417699
KA_T_255_BELOW_T = -1.858172598116512
KA_T_255_BELOW_P = 0.03535239575706556
C_POOLED_SE = 10.469577048534198
C_POOLED_Z = 1.5919140371577947
C_POOLED_P = 0.11140402106275273
K_WELCH_SE = 0.6213351899938839
K_WELCH_T = 3.6695169317907848
K_WELCH_DF = 58.71735650389186
K_WELCH_P = 0.0005257411355539287
K_WELCH_CENSUS_A_SE = 0.3105444462671078
K_WELCH_CENSUS_A_DF = 24.0

CA = [2, 3, 7, 15, 13]                       # CSAT 1..5, 40 answers
CB = [4, 4, 6, 9, 7]                         # CSAT 1..5, 30 answers
NA = [0, 0, 1, 1, 0, 2, 4, 5, 7, 9, 11]      # NPS 0..10, 40 answers
KB = [21, 23.5, 19, 22, 25.5, 20, 24, 22.5, 18.5, 23, 21.5, 26, 20.5, 22,
      24.5, 19.5, 23, 21, 22.5, 20, 25, 21.5, 23.5, 22, 24.0]


def from_counts(kind, counts):
    m = cx.Metric(kind)
    lo = cx.kind_scale(kind)[0]
    for i, c in enumerate(counts):
        m.add_count(lo + i, c)
    return m


def statpsych():
    """40 answers of mean 24.5 and sample sd 3.65: half at 24.5 - d, half
    at 24.5 + d, with 40 d^2 / 39 = 3.65^2."""
    m = cx.Metric.kpi()
    d = 3.65 * math.sqrt(39 / 40)
    m.add_count(24.5 - d, 20)
    m.add_count(24.5 + d, 20)
    return m


class FpcTest(unittest.TestCase):
    def close(self, got, want, rel=1e-9):
        self.assertLessEqual(abs(got - want), rel * abs(want),
                             "%r, want %r" % (got, want))

    def setUp(self):
        self.ka = statpsych()
        self.kb = cx.Metric.kpi()
        self.kb.extend(KB)
        self.ca = from_counts("csat", CA)
        self.cb = from_counts("csat", CB)
        self.na = from_counts("nps", NA)
        for m in (self.ka, self.kb, self.ca, self.cb, self.na):
            self.addCleanup(m.close)

    def test_statpsych_mean(self):
        iv = self.ka.interval("mean", population=300)
        self.close(iv.std_error, 0.5381631, 1e-7)
        self.close(iv.lo, 23.41146, 1e-6)
        self.close(iv.hi, 25.58854, 1e-6)
        self.close(iv.std_error, KA_T95_N300_SE)
        self.close(iv.lo, KA_T95_N300_LO)
        self.close(iv.hi, KA_T95_N300_HI)
        self.assertEqual((iv.df, iv.n, iv.method), (39, 40, cx.Method.T))
        self.assertEqual(self.ka.ci(population=300), (iv.lo, iv.hi))
        self.assertLess(iv.std_error, self.ka.interval("mean").std_error)

    def test_top_box_and_nps_intervals(self):
        iv = self.ca.interval(population=300)
        self.assertEqual(iv.method, cx.Method.WILSON)
        self.close(iv.std_error, CA_WILSON95_N300_SE)
        self.close(iv.lo, CA_WILSON95_N300_LO)
        self.close(iv.hi, CA_WILSON95_N300_HI)
        self.assertEqual(iv.n, 40)
        iv = self.ca.interval("top-box", "agresti-coull", population=300)
        self.close(iv.lo, CA_AC95_N300_LO)
        self.close(iv.hi, CA_AC95_N300_HI)
        iv = self.na.interval(population=300)
        self.close(iv.std_error, NA_WALD95_N300_SE)
        self.close(iv.lo, NA_WALD95_N300_LO)
        self.close(iv.hi, NA_WALD95_N300_HI)
        iv = self.na.interval(method="adjusted-wald", population=300)
        self.close(iv.lo, NA_ADJ95_N300_LO)
        self.close(iv.hi, NA_ADJ95_N300_HI)

    def test_target_tests(self):
        t = self.ca.test_target(60, "above", "top-box", "wilson",
                                population=300)
        self.close(t.statistic, CA_SCORE_60_ABOVE_Z)
        self.close(t.p_value, CA_SCORE_60_ABOVE_P)
        t = self.ka.test_target(25.5, population=300)
        self.close(t.statistic, KA_T_255_BELOW_T)
        self.close(t.p_value, KA_T_255_BELOW_P)
        self.assertEqual(t.df, 39)

    def test_comparisons(self):
        c = self.ca.compare(self.cb, population=300, other_population=120)
        self.assertEqual(c.method, cx.Method.POOLED_Z)
        self.close(c.std_error, C_POOLED_SE)
        self.close(c.statistic, C_POOLED_Z)
        self.close(c.p_value, C_POOLED_P)
        c = self.ka.compare(self.kb, population=300, other_population=60)
        self.assertEqual(c.method, cx.Method.WELCH)
        self.close(c.std_error, K_WELCH_SE)
        self.close(c.statistic, K_WELCH_T)
        self.close(c.df, K_WELCH_DF)
        self.close(c.p_value, K_WELCH_P)
        # a census of a: all the error is b's
        c = self.ka.compare(self.kb, "mean", population=40,
                            other_population=60)
        self.close(c.std_error, K_WELCH_CENSUS_A_SE)
        self.close(c.df, K_WELCH_CENSUS_A_DF)
        # one population alone leaves the other unbounded
        one = self.ka.compare(self.kb, population=300)
        both = self.ka.compare(self.kb, population=300, other_population=0)
        self.assertEqual(one, both)
        self.assertLess(one.std_error, self.ka.compare(self.kb).std_error)
        other = self.ka.compare(self.kb, other_population=60)
        self.assertEqual(other, self.ka.compare(self.kb, population=math.inf,
                                                other_population=60))

    def test_unbounded_is_the_plain_call(self):
        for m, fig, meth in ((self.ca, "value", "default"),
                             (self.ca, "top-box", "agresti-coull"),
                             (self.na, "value", "adjusted-wald"),
                             (self.ka, "mean", "t")):
            for n in (0, math.inf):
                self.assertEqual(m.interval(fig, meth, 0.9, population=n),
                                 m.interval(fig, meth, 0.9))
                self.assertEqual(m.ci(0.9, population=n), m.ci(0.9))
        for n in (0, math.inf):
            self.assertEqual(
                self.ka.test_target(25, "above", population=n),
                self.ka.test_target(25, "above"))
            self.assertEqual(
                self.ca.compare(self.cb, "top-box", "wald", population=n,
                                other_population=n),
                self.ca.compare(self.cb, "top-box", "wald"))

    def test_census(self):
        for meth in ("wilson", "agresti-coull", "wald"):
            iv = self.ca.interval("top-box", meth, population=40)
            self.assertEqual((iv.lo, iv.hi, iv.std_error), (70, 70, 0))
        iv = self.ka.interval(population=40)
        self.assertEqual((iv.lo, iv.hi, iv.std_error),
                         (iv.estimate, iv.estimate, 0))
        with self.assertRaises(cx.InvalidArgument) as cm:
            self.ka.test_target(25, population=40)
        self.assertIn("census", cm.exception.message)
        with self.assertRaises(cx.InvalidArgument) as cm:
            self.ka.compare(self.ka, population=40, other_population=40)
        self.assertIn("each a census", cm.exception.message)

    def test_bad_populations(self):
        with self.assertRaises(cx.OutOfRange) as cm:
            self.ka.interval(population=30)
        self.assertEqual(cm.exception.message,
                         "population 30 is smaller than the 40 answers")
        with self.assertRaises(cx.OutOfRange) as cm:
            self.ka.compare(self.kb, population=300, other_population=24)
        self.assertEqual(cm.exception.message,
                         "population_b 24 is smaller than the 25 answers "
                         "of b")
        for bad in (math.nan, -1, 300.5, -math.inf):
            with self.assertRaises(cx.OutOfRange):
                self.ka.ci(population=bad)
            with self.assertRaises(cx.OutOfRange):
                self.ka.test_target(25, population=bad)
        with self.assertRaises(TypeError):
            self.ka.interval(population="300")
        with self.assertRaises(TypeError):
            self.ka.compare(self.kb, other_population="60")


if __name__ == "__main__":
    unittest.main()
