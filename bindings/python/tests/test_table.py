"""An analyst's Python: Scores iterated and measured, Scores.table() rows
checked against figures computed here from the raw CSV rows (csv module,
textbook formulas), periods as dates, segments in sorted order, and the
rows as a pandas DataFrame in one call."""

import csv
import datetime
import io
import math
import unittest
from statistics import NormalDist

import cxjourney as cx

from .scored import ScoredCase

# Segments arrive unsorted and in two cases; one NPS answer has none.
CSV = """respondent,touchpoint,metric,score,segment,source,timestamp
r1,support,nps,9,SE,customer,2025-01-03T10:00:00Z
r2,support,nps,3,fi,customer,2025-02-03T10:00:00Z
r3,support,nps,10,Öland,customer,2025-02-05T10:00:00Z
r4,support,nps,7,,customer,2025-02-05T11:00:00Z
r5,support,nps,10,FI,customer,2025-01-20T10:00:00Z
r6,support,nps,6,FI,employee,2025-02-21T10:00:00Z
r1,call-desk,csat,4,SE,customer,2025-01-04T10:00:00Z
r2,call-desk,csat,2,fi,customer,2025-02-04T10:00:00Z
r3,call-desk,csat,5,Öland,employee,2025-02-06T10:00:00Z
r5,call-desk,csat,3,FI,customer,2025-01-21T10:00:00Z
r6,call-desk,csat,5,FI,customer,2025-02-22T10:00:00Z
r1,fix,csat,5,SE,customer,2025-01-08T10:00:00Z
r5,fix,csat,1,FI,customer,2025-01-28T10:00:00Z
r2,resolve,handle-time,12.5,fi,customer,2025-02-09T10:00:00Z
r3,resolve,handle-time,14,Öland,customer,2025-02-10T10:00:00Z
r5,resolve,handle-time,30,FI,customer,2025-01-10T10:00:00Z
r6,resolve,handle-time,8,FI,customer,2025-02-23T10:00:00Z
r1,fix,contact,0,SE,customer,2025-01-09T10:00:00Z
x1,portal,csat,4,SE,customer,2025-01-09T10:00:00Z
"""
ROWS = list(csv.DictReader(io.StringIO(CSV)))
MAP = [("support", "journey"), ("decide", "stage"),
       ("call-desk", "touchpoint"), ("resolve", "stage"),
       ("fix", "touchpoint")]
Z = NormalDist().inv_cdf(0.975)
# /usr/bin/python3 -c "from scipy import stats; print(repr(stats.t.ppf(0.975, 3)))"
T_975_3 = 3.182446305284263


def journey():
    j = cx.Journey("support")
    j.add_stage("decide").add_touchpoint("call-desk", channel="phone")
    j.add_stage("resolve").add_touchpoint("fix")
    return j


def month(row):
    return datetime.date(int(row["timestamp"][:4]),
                         int(row["timestamp"][5:7]), 1)


def answers(id, metric, **where):
    """The scores of the raw rows naming id with metric, filtered."""
    out = []
    for row in ROWS:
        if row["touchpoint"] != id or row["metric"] != metric:
            continue
        if "segment" in where and row["segment"] != where["segment"]:
            continue
        if "source" in where and row["source"] != where["source"]:
            continue
        if "period" in where and month(row) != where["period"]:
            continue
        out.append(float(row["score"]))
    return out


def wilson(xs):
    """CSAT top-two-box percent and its Wilson interval."""
    n = len(xs)
    p = sum(x >= 4 for x in xs) / n
    mid = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / \
        (1 + Z * Z / n)
    return 100 * p, 100 * (mid - half), 100 * (mid + half)


def wald_nps(xs):
    """NPS and its Wald interval, cut to the scale's -100..100."""
    n = len(xs)
    pro = sum(x >= 9 for x in xs) / n
    det = sum(x <= 6 for x in xs) / n
    se = 100 * math.sqrt((pro + det - (pro - det) ** 2) / n)
    nps = 100 * (pro - det)
    return nps, max(-100.0, nps - Z * se), min(100.0, nps + Z * se)


class TableTest(ScoredCase):
    CSV = CSV
    PERIOD = "month"

    def make_journey(self):
        return journey()

    def test_iterating_gives_the_figures_with_answers(self):
        s = self.s
        metrics = ["csat", "nps", "ces", "handle-time"]
        want = [(id, level, m) for id, level in MAP for m in metrics
                if answers(id, m)]
        self.assertEqual([tuple(k) for k in s], want)
        self.assertEqual(len(s), len(want))
        self.assertIsInstance(next(iter(s)), cx.Key)
        self.assertIn(cx.Key("fix", "touchpoint", "csat"), s)
        self.assertIn(("resolve", "handle-time"), s)
        self.assertNotIn(("decide", "nps"), s)     # asked nothing
        self.assertNotIn(("portal", "csat"), s)    # not in the map
        self.assertEqual(s.levels, dict(MAP))
        self.assertEqual(s.metric_names, metrics)
        # every key is a figure with answers, and only those
        for k in s:
            self.assertGreater(s.metric(k.id, k.metric).count, 0)

    def test_segments_sorted_whatever_the_order_of_arrival(self):
        seen = {r["segment"] for r in ROWS if r["segment"]}
        self.assertEqual(self.s.segments, sorted(seen))
        self.assertEqual(self.s.segments, ["FI", "SE", "fi", "Öland"])
        # reversed arrival, same order
        r = cx.Responses()
        r.import_csv_text(CSV.splitlines()[0] + "\n" +
                          "\n".join(reversed(CSV.splitlines()[1:])) + "\n")
        with r, self.j.score(r) as s2:
            self.assertEqual(s2.segments, self.s.segments)
            self.assertEqual(
                [(p.segment_a, p.segment_b)
                 for p in s2.compare_segments("support", "nps")],
                [(p.segment_a, p.segment_b)
                 for p in self.s.compare_segments("support", "nps")])

    def test_rows_per_id_against_the_raw_answers(self):
        rows = self.s.table("csat")
        self.assertEqual([(r.id, r.level) for r in rows], MAP)
        for row in rows:
            xs = answers(row.id, "csat")
            self.assertEqual((row.metric, row.segment, row.source,
                              row.period), ("csat", None, None, None))
            self.assertEqual(row.n, len(xs))
            if not xs:
                self.assertTrue(math.isnan(row.value))
                self.assertTrue(math.isnan(row.ci_low))
                self.assertEqual((row.method, row.note),
                                 (None, "no answers"))
                continue
            value, lo, hi = wilson(xs)
            self.assertAlmostEqual(row.value, value)
            self.assertAlmostEqual(row.ci_low, lo)
            self.assertAlmostEqual(row.ci_high, hi)
            self.assertEqual((row.method, row.note), ("wilson", None))

    def test_rows_by_segment_with_no_segment_first(self):
        rows = self.s.table("nps", by="segment")
        segs = [""] + self.s.segments     # one NPS answer has no segment
        self.assertEqual([(r.id, r.segment) for r in rows],
                         [(id, g) for id, _ in MAP for g in segs])
        for row in rows:
            xs = answers(row.id, "nps", segment=row.segment)
            self.assertEqual(row.n, len(xs), row)
            if xs:
                nps, lo, hi = wald_nps(xs)
                self.assertAlmostEqual(row.value, nps)
                self.assertAlmostEqual(row.ci_low, lo)
                self.assertAlmostEqual(row.ci_high, hi)
                self.assertEqual(row.method, "wald")
        # no answer of csat lacks a segment: no "" rows
        self.assertEqual(
            {r.segment for r in self.s.table("csat", by="segment")},
            set(self.s.segments))

    def test_rows_by_source_and_by_period_with_a_selection(self):
        rows = self.s.table("csat", by="source", rollup=True)
        self.assertEqual([r.source for r in rows[:2]],
                         ["customer", "employee"])
        decide = [r for r in rows if r.id == "decide"]
        self.assertEqual([r.n for r in decide],
                         [len(answers("call-desk", "csat", source=s))
                          for s in ("customer", "employee")])
        jan, feb = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)
        self.assertEqual(self.s.periods, [jan, feb])
        rows = self.s.table("nps", by="period", source="customer")
        self.assertEqual([r.period for r in rows if r.id == "support"],
                         [jan, feb])
        for row in rows:
            self.assertIsInstance(row.period, datetime.date)
            self.assertEqual(row.source, "customer")
            self.assertEqual(row.n, len(answers(row.id, "nps",
                                                source="customer",
                                                period=row.period)))
        # a period selected by its date is the one selected by index
        self.assertEqual(
            bytes(self.s.metric("support", "nps", period=feb)),
            bytes(self.s.metric("support", "nps", period=1)))
        self.assertEqual(set(self.s.breakdown("support", "nps",
                                               by="period")), {jan, feb})
        self.assertEqual(self.s.trend("support", "nps", feb),
                         self.s.trend("support", "nps", 1))
        with self.assertRaises(cx.NotFound) as cm:
            self.s.metric("support", "nps", period=datetime.date(2025, 3, 1))
        self.assertEqual(str(cm.exception), "no period starting 2025-03-01 "
                         "in the scores (periods start 2025-01-01, "
                         "2025-02-01)")

    def test_kpi_rows_t_interval_and_notes(self):
        rows = self.s.table("handle-time", level=0.95)
        resolve = [r for r in rows if r.id == "resolve"][0]
        xs = answers("resolve", "handle-time")
        n, mean = len(xs), sum(xs) / len(xs)
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
        self.assertEqual((resolve.n, resolve.method), (4, "t"))
        self.assertAlmostEqual(resolve.value, mean)
        self.assertAlmostEqual(resolve.ci_low, mean - T_975_3 * sd /
                               math.sqrt(n))
        self.assertAlmostEqual(resolve.ci_high, mean + T_975_3 * sd /
                               math.sqrt(n))
        # one answer: a value, no interval, and the library says why
        one = [r for r in self.s.table("handle-time", by="segment")
               if r.id == "resolve" and r.segment == "fi"][0]
        self.assertEqual((one.n, one.value), (1, 12.5))
        self.assertTrue(math.isnan(one.ci_low))
        self.assertIsNone(one.method)
        self.assertIn("a mean needs at least 2", one.note)

    def test_table_misses_and_bad_arguments(self):
        s = self.s
        with self.assertRaises(cx.NotFound) as cm:
            s.table("cast")
        self.assertEqual(str(cm.exception), "no metric 'cast' in the scores "
                         "(did you mean 'csat'?)")
        with self.assertRaises(cx.NotFound):
            s.table("csat", segment="Fi")
        with self.assertRaises(ValueError):
            s.table("csat", by="colour")
        with self.assertRaises(TypeError):
            s.table("csat", by="segment", segment="FI")
        with self.assertRaises(cx.InvalidArgument):
            s.table("csat", level=95)

    def test_pandas_data_frame_in_one_call(self):
        try:
            import pandas
        except ImportError:
            self.skipTest("pandas is not installed for this python "
                          "(make check-python runs this test under "
                          "/usr/bin/python3 too)")
        rows = self.s.table("nps", by="segment")
        df = pandas.DataFrame(rows)
        self.assertEqual(list(df.columns), list(cx.TableRow._fields))
        self.assertEqual(len(df), len(rows))
        self.assertEqual(str(df["n"].dtype), "int64")
        self.assertEqual(str(df["value"].dtype), "float64")
        fi = df[(df.id == "support") & (df.segment == "FI")].iloc[0]
        self.assertAlmostEqual(fi.value, wald_nps(answers(
            "support", "nps", segment="FI"))[0])
        by_period = pandas.DataFrame(self.s.table("csat", by="period"))
        self.assertEqual(set(by_period.period),
                         {datetime.date(2025, 1, 1),
                          datetime.date(2025, 2, 1)})


if __name__ == "__main__":
    unittest.main()
