"""Scoring a journey from Python, checked against figures computed here in
plain Python from the same CSV rows (read with the csv module)."""

import csv
import datetime
import io
import math
import unittest

import cxjourney as cx

from .scored import ScoredCase

CSV = """respondent,touchpoint,metric,score,segment,source,timestamp
f1,call,nps,10,FI,customer,2025-01-05T10:00:00Z
f2,call,nps,9,FI,customer,2025-01-20T10:00:00Z
f3,call,nps,4,FI,customer,2025-02-03T10:00:00Z
s1,call,nps,6,SE,customer,2025-02-10T10:00:00Z
s2,call,nps,8,SE,customer,2025-02-11T10:00:00Z
s3,call,nps,2,SE,employee,2025-01-11T10:00:00Z
f1,call,csat,5,FI,customer,2025-01-05T10:00:00Z
f2,fix,csat,2,FI,customer,2025-01-21T10:00:00Z
s1,fix,csat,4,SE,customer,2025-02-12T10:00:00Z
s2,fix,csat,1,SE,customer,2025-02-13T10:00:00Z
f3,fix,ces,6,FI,customer,2025-02-04T10:00:00Z
s3,fix,ces,3,SE,customer,2025-02-05T10:00:00Z
f1,call,contact,0,FI,customer,2025-01-06T10:00:00Z
f2,fix,contact,0,FI,customer,2025-01-22T10:00:00Z
s2,fix,contact,0,SE,customer,2025-02-14T10:00:00Z
x1,portal-chat,csat,3,SE,customer,2025-02-14T10:00:00Z
f1,resolve,csat,4,FI,customer,2025-02-15T10:00:00Z
"""

ROWS = list(csv.DictReader(io.StringIO(CSV)))


def journey():
    j = cx.Journey("support")
    j.targets["nps"] = 20
    c = j.add_stage("contact")
    c.add_touchpoint("call", channel="phone").targets["csat"] = 90
    r = j.add_stage("resolve")
    r.add_touchpoint("fix", channel="email")
    return j


def scores(target_ids, metric, **where):
    out = []
    for row in ROWS:
        if row["touchpoint"] in target_ids and row["metric"] == metric and \
                all(row[k] == v for k, v in where.items()):
            out.append(float(row["score"]))
    return out


def nps(xs):
    return 100 * (sum(x >= 9 for x in xs) - sum(x <= 6 for x in xs)) / len(xs)


def top2(xs):
    return 100 * sum(x >= 4 for x in xs) / len(xs)


class ScoreTest(ScoredCase):
    CSV = CSV
    PERIOD = "month"

    def make_journey(self):
        return journey()

    def test_metrics_per_touchpoint_stage_and_journey(self):
        s = self.s
        call = scores({"call"}, "nps")
        m = s.metric("call", "nps")
        self.assertEqual(m.count, len(call))
        self.assertAlmostEqual(m.value, nps(call))
        m.close()
        self.assertAlmostEqual(s.metric(self.j.touchpoint("fix"),
                                        "csat").value,
                               top2(scores({"fix"}, "csat")))
        # a stage: answers naming it, or with rollup its touchpoints too
        self.assertAlmostEqual(s.metric("resolve", "csat").value,
                               top2(scores({"resolve"}, "csat")))
        rolled = s.metric("resolve", "csat", rollup=True)
        self.assertAlmostEqual(rolled.value,
                               top2(scores({"resolve", "fix"}, "csat")))
        everything = scores({"call", "fix", "resolve", "contact", "support"},
                            "csat")
        self.assertEqual(s.metric(self.j, "csat", rollup=True).count,
                         len(everything))
        self.assertEqual(s.metric("call", "ces").count, 0)
        with self.assertRaises(KeyError) as e:
            s.metric("nowhere", "nps")
        self.assertIn("'nowhere'", str(e.exception))
        with self.assertRaises(KeyError) as e:
            s.metric("call", "cast")
        self.assertIn("did you mean 'csat'?", str(e.exception))

    def test_segments_sources_and_breakdown(self):
        s = self.s
        self.assertEqual(sorted(s.segments), ["FI", "SE"])
        by = s.breakdown("call", "nps")
        self.assertEqual(set(by), {"FI", "SE"})
        for seg, m in by.items():
            self.assertAlmostEqual(m.value, nps(scores({"call"}, "nps",
                                                       segment=seg)))
        emp = s.metric("call", "nps", source="employee")
        self.assertEqual(emp.count, len(scores({"call"}, "nps",
                                               source="employee")))
        by_source = s.breakdown("call", "nps", by="source")
        self.assertEqual(by_source[cx.Source.CUSTOMER].count, 5)
        fi_cust = s.metric("call", "nps", segment="FI", source="customer")
        self.assertEqual(fi_cust.count, 3)
        with self.assertRaises(ValueError):
            s.breakdown("call", "nps", by="colour")

    def test_periods_and_trend(self):
        s = self.s
        jan, feb = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)
        self.assertEqual(s.periods, [jan, feb])
        by = s.breakdown("call", "nps", by="period")
        self.assertEqual({k: m.count for k, m in by.items()},
                         {jan: sum(r["timestamp"] < "2025-02" and
                                   r["touchpoint"] == "call" and
                                   r["metric"] == "nps" for r in ROWS),
                          feb: sum(r["timestamp"] >= "2025-02" and
                                   r["touchpoint"] == "call" and
                                   r["metric"] == "nps" for r in ROWS)})
        t = s.trend("call", "nps", 1)
        a, b = by[feb], by[jan]
        self.assertAlmostEqual(t.difference, a.value - b.value)
        self.assertEqual(t, a.compare(b))
        with self.assertRaises(cx.InvalidArgument):
            s.trend("call", "nps", 0)

    def test_contacts_targets_gaps_curve_unknown(self):
        s = self.s
        contacts = [r for r in ROWS if r["metric"] == "contact"]
        self.assertEqual(s.contacts("fix"), sum(r["touchpoint"] == "fix"
                                                for r in contacts))
        self.assertEqual(s.contacts(self.j, rollup=True), len(contacts))
        self.assertAlmostEqual(s.contact_share("fix"), 2 / 3)
        self.assertEqual(s.contacts("fix", segment="SE"), 1)
        self.assertEqual(s.target("call", "csat"), 90.0)
        self.assertTrue(math.isnan(s.target("fix", "csat")))
        self.assertAlmostEqual(s.gap("call", "csat"),
                               top2(scores({"call"}, "csat")) - 90)
        self.assertAlmostEqual(
            s.gap(self.j, "nps"),
            nps(scores({"call", "fix", "contact", "resolve"}, "nps")) - 20)
        # the curve: answer-weighted mean of NPS/100, (CSAT mean-3)/2,
        # (CES mean-4)/3
        fix_csat = scores({"fix"}, "csat")
        fix_ces = scores({"fix"}, "ces")
        parts = [((sum(fix_csat) / len(fix_csat) - 3) / 2, len(fix_csat)),
                 ((sum(fix_ces) / len(fix_ces) - 4) / 3, len(fix_ces))]
        want = sum(v * n for v, n in parts) / sum(n for _, n in parts)
        curve = dict(s.curve)
        self.assertEqual([k for k, _ in s.curve], ["call", "fix"])
        self.assertAlmostEqual(curve["fix"], want)
        self.assertEqual(s.experience("fix"),
                         cx.Experience.NEGATIVE if want < 0 else
                         cx.Experience.POSITIVE if want >= 0.3 else
                         cx.Experience.NEUTRAL)
        self.assertEqual(s.unknown, {"portal-chat": 1})
        self.assertEqual(s.unknown_count, 1)

    def test_drill_down(self):
        s = self.s
        det = s.drill(self.r, "call", "nps", 0, 6)
        want = []
        for r in ROWS:
            if r["touchpoint"] == "call" and r["metric"] == "nps" and \
                    float(r["score"]) <= 6 and r["respondent"] not in want:
                want.append(r["respondent"])
        self.assertEqual(det, want)
        self.assertEqual(s.drill(self.r, "call", "nps", 0, 6, segment="FI"),
                         ["f3"])
        with self.assertRaises(cx.NotFound):
            s.drill(self.r, "nowhere", "nps", 0, 6)
        self.r.add("late", "call", "nps", 1)
        with self.assertRaises(cx.InvalidArgument):
            s.drill(self.r, "call", "nps", 0, 6)

    def test_compare_segments_with_adjusted_p(self):
        r = cx.Responses()
        r.import_csv_text(CSV)
        for i, x in enumerate([10, 9, 9, 10, 8, 9]):
            r.add("d%d" % i, "call", "nps", x, segment="DK")
        with r, self.j.score(r) as s:
            pairs = s.compare_segments("call", "nps")
            segs = s.segments
            self.assertEqual([(p.segment_a, p.segment_b) for p in pairs],
                             [(segs[i], segs[k]) for i in range(len(segs))
                              for k in range(i + 1, len(segs))])
            by = s.breakdown("call", "nps")
            for p in pairs:
                self.assertEqual(p.comparison,
                                 by[p.segment_a].compare(by[p.segment_b]))
            raw = [p.comparison.p_value for p in pairs]
            n = len(raw)
            order = sorted(range(n), key=lambda i: raw[i])
            holm, run = [0.0] * n, 0.0
            for rank, i in enumerate(order):
                run = max(run, min(1.0, (n - rank) * raw[i]))
                holm[i] = run
            bh, run = [0.0] * n, 1.0
            for rank in reversed(range(n)):
                i = order[rank]
                run = min(run, raw[i] * n / (rank + 1))
                bh[i] = run
            for p, h, b in zip(pairs, holm, bh):
                self.assertAlmostEqual(p.p_holm, h)
                self.assertAlmostEqual(p.p_bh, b)
            with self.assertRaises(TypeError):
                s.compare_segments("call", "nps", segment="FI")
            with self.assertRaises(cx.InvalidArgument):
                s.compare_segments("call", "ces")

    def test_scores_outlive_journey_and_responses(self):
        j, r = journey(), cx.Responses()
        r.import_csv_text(CSV)
        s = j.score(r)
        j.close()
        r.close()
        self.assertEqual(s.metric("call", "nps").count, 6)
        self.assertEqual(s.periods, [])
        self.assertIn("Scores", repr(s))
        s.close()
        with self.assertRaises(cx.ClosedError):
            s.curve
        with self.assertRaises(cx.ClosedError):
            journey().score(r)
        with self.assertRaises(TypeError):
            cx.Scores(self.j, "responses")


if __name__ == "__main__":
    unittest.main()
