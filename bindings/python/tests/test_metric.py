"""Metric accumulators from Python. Expected values are computed here with
plain Python arithmetic from the raw scores (math.erfc for normal tails);
Student t quantiles and tails come from scipy, computed once with the command
quoted beside them."""

import array
import copy
import math
import pickle
import unittest

import cxjourney as cx
from cxjourney import _convert, _ffi

Z975 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)

# /usr/bin/python3 -c "from scipy import stats; print(repr(stats.t.ppf(0.975, 7)))"
T975_DF7 = 2.3646242510102993
# /usr/bin/python3 -c "from scipy import stats; import numpy as np;
#   a=np.array([7,6,5,5,4,7,3,6.]); b=np.array([2,3,5,4,3.]);
#   r=stats.ttest_ind(a,b,equal_var=False); print(repr(r.statistic), repr(r.pvalue))"
WELCH_T, WELCH_P = 2.771625173365856, 0.019656069705032274

CES_A = [7, 6, 5, 5, 4, 7, 3, 6]
CES_B = [2, 3, 5, 4, 3]


def mean(xs):
    return sum(xs) / len(xs)


def var(xs):
    m = mean(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def nps_parts(xs):
    n = len(xs)
    p = sum(1 for x in xs if x >= 9) / n
    d = sum(1 for x in xs if x <= 6) / n
    return p, d, 100 * (p - d), 100 * math.sqrt((p + d - (p - d) ** 2) / n)


def norm_sf(z):
    return 0.5 * math.erfc(z / math.sqrt(2))


class MetricBasicsTest(unittest.TestCase):
    def test_constructors_and_kinds(self):
        for make, kind in ((cx.Metric.csat, cx.MetricKind.CSAT),
                           (cx.Metric.nps, cx.MetricKind.NPS),
                           (cx.Metric.ces, cx.MetricKind.CES),
                           (cx.Metric.kpi, cx.MetricKind.KPI)):
            with make() as m:
                self.assertEqual(m.kind, kind)
                self.assertEqual(m.count, 0)
                self.assertTrue(math.isnan(m.value))
        with cx.Metric("NPS") as m:
            self.assertEqual(m.kind, cx.MetricKind.NPS)
        with self.assertRaises(cx.InvalidArgument) as cm:
            cx.Metric("happiness")
        self.assertIn("happiness", str(cm.exception))
        with self.assertRaises(ValueError):
            cx.Metric(9)
        with cx.Metric.kpi("s") as m:
            self.assertEqual(m.unit, "s")
            m.unit = None
            self.assertEqual(m.unit, "")
        with self.assertRaises(cx.InvalidArgument):
            cx.Metric("csat", unit="s")
        self.assertEqual(cx.kind_scale("nps"), (0, 10))
        self.assertEqual(cx.kind_scale(cx.MetricKind.CES), (1, 7))
        with self.assertRaises(cx.InvalidArgument):
            cx.kind_scale("kpi")
        self.assertEqual(cx.method_name("agresti-coull"), "agresti-coull")
        self.assertEqual(cx.method_name(cx.Method.WELCH), "welch")

    def test_nps_value_and_error_from_raw_scores(self):
        scores = [0, 5, 9, 10, 10, 7, 8, 6, 9, 3, 10]
        p, d, value, se = nps_parts(scores)
        with cx.Metric.nps() as m:
            for s in scores:
                m.add(s)
            self.assertEqual(m.count, len(scores))
            self.assertTrue(m)  # truthy even when empty: no __len__
            self.assertAlmostEqual(m.value, value, places=10)
            self.assertAlmostEqual(m.stderr, se, places=10)
            self.assertAlmostEqual(m.mean, mean(scores), places=12)
            lo, hi = m.ci(0.95)
            self.assertAlmostEqual(lo, value - Z975 * se, places=8)
            self.assertAlmostEqual(hi, value + Z975 * se, places=8)
            s = m.summary()
            self.assertEqual(s.kind, cx.MetricKind.NPS)
            self.assertAlmostEqual(s.promoters, 100 * p)
            self.assertAlmostEqual(s.detractors, 100 * d)
            self.assertAlmostEqual(s.passives, 100 * (1 - p - d))
            self.assertAlmostEqual(s.stddev, math.sqrt(var(scores)))
            self.assertEqual((s.min, s.max), (0, 10))
            self.assertEqual(m.histogram(),
                             {k: scores.count(k) for k in range(11)})
            self.assertEqual(m.point_count(10), 3)
            self.assertEqual(m.point_weight(10), 3.0)
            self.assertEqual(m.point_count(11), 0)

    def test_csat_top_two_box_and_wilson(self):
        scores = [5, 4, 4, 3, 1, 5, 2, 4, 5, 5]
        n = len(scores)
        x = sum(1 for s in scores if s >= 4)
        with cx.Metric.csat() as m:
            m.extend(scores)
            self.assertAlmostEqual(m.value, 100 * x / n)
            i = m.interval("top_box", "wilson", 0.95)
            ph, z = x / n, Z975
            centre = (ph + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * math.sqrt(ph * (1 - ph) / n +
                                                   z * z / (4 * n * n))
            self.assertEqual(i.method, cx.Method.WILSON)
            self.assertEqual(i.figure, cx.Figure.TOP_BOX)
            self.assertAlmostEqual(i.lo, 100 * (centre - half), places=8)
            self.assertAlmostEqual(i.hi, 100 * (centre + half), places=8)
            self.assertAlmostEqual(i.estimate, 100 * ph)
            self.assertEqual(i.level, 0.95)

    def test_ces_mean_interval_uses_t(self):
        with cx.Metric.ces() as m:
            m.extend(array.array("d", CES_A))
            se = math.sqrt(var(CES_A) / len(CES_A))
            self.assertAlmostEqual(m.value, mean(CES_A))
            self.assertAlmostEqual(m.stderr, se)
            lo, hi = m.ci()
            self.assertAlmostEqual(lo, mean(CES_A) - T975_DF7 * se, places=8)
            self.assertAlmostEqual(hi, mean(CES_A) + T975_DF7 * se, places=8)

    def test_kpi_and_weights(self):
        xs = [12.5, 30.0, 7.25, 60.0]
        ws = [1.0, 2.0, 0.5, 1.5]
        with cx.Metric.kpi("min") as m:
            m.extend(xs)
            self.assertAlmostEqual(m.value, mean(xs))
            self.assertAlmostEqual(m.stderr, math.sqrt(var(xs) / len(xs)))
            self.assertEqual(m.summary().min, 7.25)
        with cx.Metric.kpi() as m:
            for x, w in zip(xs, ws):
                m.add(x, w)
            self.assertEqual(m.count, 4)
            self.assertAlmostEqual(m.weight_sum, sum(ws))
            self.assertAlmostEqual(m.effective_n,
                                   sum(ws) ** 2 / sum(w * w for w in ws))
            self.assertAlmostEqual(
                m.mean, sum(x * w for x, w in zip(xs, ws)) / sum(ws))

    def test_extend_weighted_equals_one_by_one(self):
        xs, ws = [9, 3, 10, 7], [0.5, 2.0, 1.0, 1.5]
        with cx.Metric.nps() as a, cx.Metric.nps() as b:
            a.extend(array.array("d", xs), array.array("d", ws))
            for x, w in zip(xs, ws):
                b.add(x, w)
            self.assertEqual(bytes(a), bytes(b))
            self.assertAlmostEqual(a.weight_sum, sum(ws))
            before = bytes(a)
            with self.assertRaises(cx.OutOfRange):
                a.extend([9, 9], [1.0, -1.0])
            with self.assertRaises(ValueError):
                a.extend([9, 9], [1.0])
            self.assertEqual(bytes(a), before)

    def test_add_count(self):
        with cx.Metric.csat() as a, cx.Metric.csat() as b:
            a.add_count(5, 3)
            a.add_count(2, 1)
            b.extend([5, 5, 5, 2])
            self.assertEqual(bytes(a), bytes(b))
            with self.assertRaises(cx.OutOfRange):
                a.add_count(6, 1)


class MetricErrorsTest(unittest.TestCase):
    def test_out_of_scale_changes_nothing(self):
        with cx.Metric.nps() as m:
            m.extend([9, 10])
            before = bytes(m)
            for bad in (11, -1, 7.5, float("nan"), float("inf")):
                with self.assertRaises(cx.OutOfRange):
                    m.add(bad)
            with self.assertRaises(cx.OutOfRange) as cm:
                m.extend([1, 2, 12, 3])
            self.assertIn("scores[2]", cm.exception.message)
            with self.assertRaises(cx.OutOfRange):
                m.add(5, -1.0)
            self.assertEqual(bytes(m), before)
            with self.assertRaises(TypeError):
                m.add("9")
            with self.assertRaises(TypeError):
                m.extend(["9"])

    def test_too_few_answers_for_an_interval(self):
        with cx.Metric.ces() as m:
            m.add(5)
            with self.assertRaises(cx.InvalidArgument):
                m.ci()
            with self.assertRaises(cx.InvalidArgument):
                m.ci(1.5)

    def test_merge_and_compare_refuse_mismatch(self):
        with cx.Metric.nps() as a, cx.Metric.csat() as b:
            with self.assertRaises(cx.InvalidArgument):
                a.merge(b)
            with self.assertRaises(cx.InvalidArgument):
                a.merge(a)
            with self.assertRaises(TypeError):
                a.merge("b")
            with self.assertRaises(TypeError):
                a + 1
            a.extend([1, 9])
            b.extend([1, 5])
            with self.assertRaises(cx.InvalidArgument):
                a.compare(b)
        with cx.Metric.kpi("s") as a, cx.Metric.kpi("min") as b:
            with self.assertRaises(cx.InvalidArgument):
                a.merge(b)

    def test_malformed_state(self):
        with self.assertRaises(cx.ParseError):
            cx.Metric.from_bytes(b"not a metric state")
        with cx.Metric.nps() as m:
            m.add(9)
            state = bytes(m)
        with self.assertRaises(cx.ParseError):
            cx.Metric.from_bytes(state[:-1])
        with self.assertRaises(cx.ParseError):
            cx.Metric.from_bytes(b"")

    def test_use_after_close(self):
        m = cx.Metric.nps()
        m.close()
        m.close()
        for f in (lambda: m.value, lambda: m.add(1), lambda: bytes(m),
                  lambda: m.extend([1])):
            with self.assertRaises(cx.ClosedError) as cm:
                f()
            self.assertEqual(str(cm.exception), "metric is closed")
        self.assertEqual(repr(m), "<Metric (closed)>")
        with cx.Metric.nps() as live, self.assertRaises(cx.ClosedError):
            live.merge(m)

    def test_wrong_handle_at_the_ffi_level(self):
        import ctypes
        with cx.Metric.nps() as m, cx.Journey("j") as j:
            with self.assertRaises(ctypes.ArgumentError):
                _ffi.lib.cxj_metric_value(j._h)
            with self.assertRaises(ctypes.ArgumentError):
                _ffi.lib.cxj_journey_id(m._h)


class MetricStateTest(unittest.TestCase):
    def test_bytes_round_trip_and_pickle(self):
        with cx.Metric.ces() as m:
            m.extend(CES_A)
            m.add(4, 2.5)
            again = cx.Metric.from_bytes(bytes(m))
            self.assertEqual(bytes(again), bytes(m))
            self.assertEqual(again.count, m.count)
            self.assertEqual(again.value, m.value)
            p = pickle.loads(pickle.dumps(m))
            self.assertEqual(bytes(p), bytes(m))
            c = copy.copy(m)
            d = copy.deepcopy(m)
            c.add(7)
            self.assertEqual(m.count, 9)
            self.assertEqual(c.count, 10)
            self.assertEqual(bytes(d), bytes(m))
            # from a writable buffer too
            self.assertEqual(bytes(cx.Metric.from_bytes(
                bytearray(bytes(m)))), bytes(m))
            for x in (again, p, c, d):
                x.close()

    def test_merge_equals_one_accumulator(self):
        left, right = [0, 3, 9, 10, 8], [10, 10, 6, 7]
        with cx.Metric.nps() as a, cx.Metric.nps() as b, \
                cx.Metric.nps() as whole:
            a.extend(left)
            b.extend(right)
            whole.extend(left + right)
            partial = cx.Metric.from_bytes(bytes(b))  # "another process"
            s = a + partial
            self.assertEqual(a.count, len(left))  # + does not change a
            a.merge(partial)
            self.assertEqual(bytes(a), bytes(whole))
            self.assertEqual(bytes(s), bytes(whole))
            a.reset()
            self.assertEqual(a.count, 0)
            a += whole
            self.assertEqual(a.value, whole.value)
            partial.close()
            s.close()

    def test_merge_kpi_moments(self):
        xs, ys = [1.5, 2.5, 10.0], [4.0, 8.0]
        with cx.Metric.kpi() as a, cx.Metric.kpi() as b:
            a.extend(xs)
            b.extend(ys)
            a.merge(b)
            self.assertAlmostEqual(a.value, mean(xs + ys))
            self.assertAlmostEqual(a.stderr,
                                   math.sqrt(var(xs + ys) / len(xs + ys)))


class CompareTest(unittest.TestCase):
    def test_nps_wald_comparison(self):
        fi = [10, 9, 9, 7, 3, 10, 8, 9, 6, 10]
        se_ = [5, 7, 9, 4, 6, 8, 2, 9]
        _, _, va, sa = nps_parts(fi)
        _, _, vb, sb = nps_parts(se_)
        with cx.Metric.nps() as a, cx.Metric.nps() as b:
            a.extend(fi)
            b.extend(se_)
            c = a.compare(b)
            se = math.sqrt(sa * sa + sb * sb)
            self.assertAlmostEqual(c.difference, va - vb)
            self.assertAlmostEqual(c.std_error, se)
            self.assertAlmostEqual(c.statistic, (va - vb) / se)
            self.assertTrue(math.isinf(c.df))
            self.assertAlmostEqual(c.p_value, 2 * norm_sf(abs(c.statistic)),
                                   places=10)
            self.assertEqual(c.method, cx.Method.WALD)
            # the test against a target, one-sided below
            t = a.test_target(90, "below")
            z = (va - 90) / sa
            self.assertAlmostEqual(t.statistic, z)
            self.assertAlmostEqual(t.p_value, norm_sf(-z), places=10)
            self.assertEqual(t.alternative, cx.Alternative.BELOW)

    def test_ces_welch_matches_scipy(self):
        with cx.Metric.ces() as a, cx.Metric.ces() as b:
            a.extend(CES_A)
            b.extend(CES_B)
            c = a.compare(b)
            va, vb = var(CES_A) / len(CES_A), var(CES_B) / len(CES_B)
            df = (va + vb) ** 2 / (va ** 2 / (len(CES_A) - 1) +
                                   vb ** 2 / (len(CES_B) - 1))
            self.assertEqual(c.method, cx.Method.WELCH)
            self.assertAlmostEqual(c.difference, mean(CES_A) - mean(CES_B))
            self.assertAlmostEqual(c.df, df)
            self.assertAlmostEqual(c.statistic, WELCH_T, places=10)
            self.assertAlmostEqual(c.p_value, WELCH_P, places=8)
            c2 = a.compare(b, figure="mean", method="welch")
            self.assertEqual(c2.figure, cx.Figure.MEAN)
            self.assertAlmostEqual(c2.p_value, WELCH_P, places=8)

    def test_top_box_pooled_z(self):
        a_s, b_s = [5, 5, 4, 3, 2, 5, 4], [3, 2, 4, 1, 5, 2]
        xa = sum(s >= 4 for s in a_s)
        xb = sum(s >= 4 for s in b_s)
        na, nb = len(a_s), len(b_s)
        pool = (xa + xb) / (na + nb)
        se = math.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
        z = (xa / na - xb / nb) / se
        with cx.Metric.csat() as a, cx.Metric.csat() as b:
            a.extend(a_s)
            b.extend(b_s)
            c = a.compare(b, "top_box", "pooled_z")
            self.assertAlmostEqual(c.statistic, z)
            self.assertAlmostEqual(c.p_value, 2 * norm_sf(abs(z)), places=10)


class BufferTest(unittest.TestCase):
    def check(self, values, expected):
        with cx.Metric.kpi() as m:
            m.extend(values)
            self.assertEqual(m.count, len(expected))
            self.assertAlmostEqual(m.value, mean(expected))

    def test_buffers_and_iterables(self):
        xs = [1.0, 2.0, 4.0, 8.0]
        arr = array.array("d", xs)
        self.check(arr, xs)
        arr.append(16.0)  # the export was released after the call
        self.check(memoryview(arr).toreadonly(), xs + [16.0])
        self.check(memoryview(arr)[::2], [1.0, 4.0, 16.0])
        two_d = memoryview(array.array("d", xs)).cast("B").cast("d", (2, 2))
        self.check(two_d, xs)
        self.check(array.array("i", [1, 2, 3]), [1, 2, 3])
        self.check(iter(xs), xs)
        self.check((x for x in xs), xs)
        self.check(range(1, 4), [1, 2, 3])
        with cx.Metric.kpi() as m:
            m.extend(array.array("d"))
            m.extend([])
            self.assertEqual(m.count, 0)

    def test_float64_buffer_is_shared_not_copied(self):
        arr = array.array("d", [3.0, 5.0])
        buf, n = _convert.doubles(arr)
        self.assertEqual(n, 2)
        arr[0] = 7.0  # the ctypes array sees the same memory
        self.assertEqual(buf[0], 7.0)
        del buf

    @unittest.skipUnless(__import__("importlib").util.find_spec("numpy"),
                         "numpy not installed")
    def test_numpy(self):  # pragma: no cover - default python3 lacks numpy
        import numpy as np
        a = np.array([9, 10, 3], dtype=np.float64)
        with cx.Metric.nps() as m:
            m.extend(a)
            self.assertEqual(m.count, 3)
            m.extend(a[::2])
            m.extend(np.array([1, 2], dtype=np.int32))
            self.assertEqual(m.count, 7)


class PlanningTest(unittest.TestCase):
    def test_sample_sizes_from_formulas(self):
        z = Z975
        self.assertEqual(cx.sample_size_proportion(50, 5),
                         math.ceil(z * z * 0.25 / 0.05 ** 2))
        self.assertEqual(cx.sample_size_mean(1.2, 0.1) >=
                         math.ceil((z * 1.2 / 0.1) ** 2), True)
        self.assertGreater(cx.sample_size_nps(40, 20, 5), 0)
        self.assertGreater(cx.sample_size_two_proportions(80, 70), 0)
        self.assertGreater(cx.sample_size_two_nps(40, 20, 30, 25), 0)
        self.assertGreater(cx.sample_size_two_means(0.3, 1.2), 0)
        with self.assertRaises(cx.CxjError):
            cx.sample_size_proportion(50, 0)

    def test_p_adjust_from_definitions(self):
        p = [0.01, 0.04, 0.03, 0.2]
        n = len(p)
        self.assertEqual(cx.p_adjust(p, "bonferroni"),
                         [min(1.0, x * n) for x in p])
        order = sorted(range(n), key=lambda i: p[i])
        holm, run = [0.0] * n, 0.0
        for rank, i in enumerate(order):
            run = max(run, min(1.0, (n - rank) * p[i]))
            holm[i] = run
        for got, want in zip(cx.p_adjust(p, cx.PAdjust.HOLM), holm):
            self.assertAlmostEqual(got, want)
        bh, run = [0.0] * n, 1.0
        for rank in reversed(range(n)):
            i = order[rank]
            run = min(run, p[i] * n / (rank + 1))
            bh[i] = run
        for got, want in zip(cx.p_adjust(p, "bh"), bh):
            self.assertAlmostEqual(got, want)
        with self.assertRaises(cx.OutOfRange):
            cx.p_adjust([0.5, 1.5])
        with self.assertRaises(ValueError):
            cx.p_adjust(p, "fisher")


if __name__ == "__main__":
    unittest.main()
