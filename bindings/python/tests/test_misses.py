"""Misses are loud: every lookup by id, segment, period or metric name that
finds nothing raises NotFound (a KeyError) with a message naming what was
asked and the nearest known name; a figure without answers is an empty
Metric whose repr says why; NaN in a bulk add is named, or skipped on
request."""

import array
import math
import unittest

import cxjourney as cx

from .scored import ScoredCase

# NPS is asked of the journey only, CSAT at touchpoints, a KPI at a stage.
CSV = """respondent,touchpoint,metric,score,segment,source
a,support,nps,9,FI,customer
b,support,nps,3,SE,customer
c,support,nps,10,fi,customer
a,call-desk,csat,4,FI,customer
b,call-desk,csat,2,SE,customer
c,call-desk,csat,5,SE,employee
a,fix,csat,5,FI,customer
b,resolve,handle-time,12.5,SE,customer
a,call-desk,contact,0,FI,customer
"""


def journey():
    j = cx.Journey("support")
    d = j.add_stage("decide")
    t = d.add_touchpoint("call-desk", channel="phone")
    t.targets["csat"] = 80
    t.targets["aht"] = 300
    t.attributes["team"] = "service desk"
    t.attributes["Country"] = "FI"
    j.add_stage("resolve").add_touchpoint("fix")
    return j


class ScoresMissTest(ScoredCase):
    CSV = CSV

    def make_journey(self):
        return journey()

    def assertMiss(self, call, message):
        with self.assertRaises(cx.NotFound) as cm:
            call()
        self.assertIsInstance(cm.exception, KeyError)
        self.assertEqual(str(cm.exception), message)

    def test_metric_misses_name_the_nearest(self):
        s = self.s
        self.assertMiss(lambda: s.metric("call-dsk", "csat"),
                        "no touchpoint, stage or journey 'call-dsk' in the "
                        "scores (did you mean 'call-desk'?)")
        self.assertMiss(lambda: s.metric("call-desk", "cast"),
                        "no metric 'cast' in the scores (did you mean "
                        "'csat'?)")
        self.assertMiss(lambda: s.metric("call-desk", "csat", segment="Se"),
                        "no segment 'Se' in the scores (did you mean 'SE'?)")
        self.assertMiss(lambda: s.metric("call-desk", "handle-tme"),
                        "no metric 'handle-tme' in the scores (did you mean "
                        "'handle-time'?)")
        with self.assertRaises(cx.InvalidArgument) as cm:
            s.metric("call-desk", "contact")
        self.assertIn("Scores.contacts()", str(cm.exception))

    def test_getters_of_numbers_raise_instead_of_zero(self):
        s = self.s
        hint = ("no touchpoint, stage or journey 'call-dsk' in the scores "
                "(did you mean 'call-desk'?)")
        for getter in (s.contacts, s.contact_share, s.contact_rate):
            self.assertMiss(lambda: getter("call-dsk"), hint)
            self.assertMiss(lambda: getter("call-desk", segment="se"),
                            "no segment 'se' in the scores (did you mean "
                            "'SE'?)")
        self.assertEqual(s.contacts("call-desk"), 1)
        self.assertEqual(s.contacts("fix"), 0)   # known, no contacts: 0
        self.assertMiss(lambda: s.target("call-dsk", "csat"), hint)
        self.assertMiss(lambda: s.gap("call-dsk", "csat"), hint)
        # a typo of a metric name: neither a target nor answers
        for getter in (s.target, s.gap):
            self.assertMiss(lambda: getter("call-desk", "cast"),
                            "no metric 'cast' in the scores (did you mean "
                            "'csat'?)")
        # no target is not a miss; a target of a metric never answered is
        # there, but its gap is the library's miss
        self.assertTrue(math.isnan(s.target("fix", "csat")))
        self.assertEqual(s.target("call-desk", "aht"), 300)
        self.assertMiss(lambda: s.gap("call-desk", "aht"),
                        "no metric 'aht' in the scores")
        self.assertAlmostEqual(s.gap("call-desk", "csat"),
                               100 * 2 / 3 - 80)
        self.assertMiss(lambda: s.experience("fx"),
                        "no touchpoint, stage or journey 'fx' in the scores "
                        "(did you mean 'fix'?)")
        with self.assertRaises(cx.InvalidArgument) as cm:
            s.experience("decide")
        self.assertIn("'decide' is no touchpoint", str(cm.exception))

    def test_trend_and_drill_misses(self):
        with self.assertRaises(cx.NotFound):
            self.s.drill(self.r, "call-dsk", "csat", 1, 2)
        with self.assertRaises(cx.NotFound):
            self.s.metric("call-desk", "csat", period=0)

    def test_breakdown_leaves_out_the_empty_and_raises_on_misses(self):
        by = self.s.breakdown("call-desk", "csat")
        self.assertEqual(sorted(by), ["FI", "SE"])   # no 'fi' csat answers
        self.assertEqual(self.s.breakdown("decide", "nps"), {})
        self.assertMiss(lambda: self.s.breakdown("call-desk", "cast"),
                        "no metric 'cast' in the scores (did you mean "
                        "'csat'?)")

    def test_empty_figures_say_why(self):
        s = self.s
        m = s.metric("decide", "nps")
        self.assertEqual((m.count, math.isnan(m.value)), (0, True))
        self.assertEqual(repr(m), "<Metric nps n=0: nps was asked at the "
                         "journey 'support', not at stage 'decide'>")
        self.assertEqual(repr(s.metric("decide", "csat")),
                         "<Metric csat n=0: no answers name stage 'decide' "
                         "itself; 3 name what it holds (rollup=True)>")
        self.assertEqual(s.metric("decide", "csat", rollup=True).count, 3)
        self.assertEqual(repr(s.metric("call-desk", "csat", segment="fi")),
                         "<Metric csat n=0: no answers under segment 'fi' "
                         "(touchpoint 'call-desk' has 3 in all)>")
        self.assertEqual(
            repr(s.metric("fix", "csat", source="employee")),
            "<Metric csat n=0: no answers under source 'employee' "
            "(touchpoint 'fix' has 1 in all)>")
        self.assertEqual(repr(s.metric("fix", "ces")),
                         "<Metric ces n=0: no ces answers at all>")
        self.assertEqual(repr(s.metric("call-desk", "nps")),
                         "<Metric nps n=0: nps was asked at the journey "
                         "'support', not at touchpoint 'call-desk'>")
        self.assertEqual(
            repr(s.metric("fix", "handle-time")),
            "<Metric kpi n=0: handle-time was asked at stage 'resolve', not "
            "at touchpoint 'fix'>")
        # the note is for the repr; answers added make it a plain metric
        m.add(10)
        self.assertEqual(repr(m), "<Metric nps n=1 value=100>")

    def test_a_plain_empty_metric(self):
        self.assertEqual(repr(cx.Metric.nps()),
                         "<Metric nps n=0: no answers here>")
        self.assertIsNone(cx.Metric.nps().note)


class ViewMissTest(unittest.TestCase):
    def setUp(self):
        self.j = journey()
        self.t = self.j.touchpoint("call-desk")

    def tearDown(self):
        self.j.close()

    def test_finders(self):
        j = self.j
        with self.assertRaises(KeyError) as cm:
            j.touchpoint("call-dsk")
        self.assertEqual(str(cm.exception), "no touchpoint 'call-dsk' in "
                         "journey 'support' (did you mean 'call-desk'?)")
        with self.assertRaises(KeyError) as cm:
            j.stage("decid")
        self.assertEqual(str(cm.exception), "no stage 'decid' in journey "
                         "'support' (did you mean 'decide'?)")

    def test_attributes_and_targets(self):
        t = self.t
        for view, key, message in (
                (t.targets, "cast", "'call-desk' has no target 'cast' (did "
                 "you mean 'csat'?)"),
                (t.attributes, "tema", "'call-desk' has no attribute 'tema' "
                 "(did you mean 'team'?)"),
                (t.attributes, "country", "'call-desk' has no attribute "
                 "'country' (did you mean 'Country'?)"),
                (t.targets, "nps", "'call-desk' has no target 'nps'")):
            for miss in (lambda: view[key], lambda: view.__delitem__(key)):
                with self.assertRaises(cx.NotFound) as cm:
                    miss()
                self.assertIsInstance(cm.exception, KeyError)
                self.assertEqual(str(cm.exception), message)
            # get() and `in` are how to ask without an exception
            self.assertIsNone(view.get(key))
            self.assertNotIn(key, view)

    def test_stored_metrics(self):
        ms = self.t.metrics
        m = cx.Metric.nps()
        m.add(9)
        ms["nps"] = m
        with self.assertRaises(cx.NotFound) as cm:
            ms["npss"]
        self.assertEqual(str(cm.exception), "'call-desk' stores no metric "
                         "'npss' (did you mean 'nps'?)")
        self.assertNotIn("npss", ms)
        self.assertIn("nps", ms)
        self.assertIsNone(ms.get("npss"))

    def test_answer_columns(self):
        with cx.Responses() as r:
            r.add("a", "t", "csat", 4)
            self.assertEqual(r.column("score"), [4.0])
            with self.assertRaises(cx.NotFound) as cm:
                r.column("scroe")
            self.assertEqual(str(cm.exception), "no column 'scroe' in the "
                             "answers (did you mean 'score'?)")


NAN = float("nan")


def top2(xs, ws=None):
    ws = ws or [1.0] * len(xs)
    return 100 * sum(w for x, w in zip(xs, ws) if x >= 4) / sum(ws)


class NanTest(unittest.TestCase):
    def test_extend_names_the_nan(self):
        m = cx.Metric.csat()
        for scores, weights, message in (
                ([4, 5, NAN, 1], None, "scores[2] is NaN: pass skipna=True "
                 "to leave NaN scores out"),
                (array.array("d", [NAN]), None, "scores[0] is NaN: pass "
                 "skipna=True to leave NaN scores out"),
                ([4, 5], [1, NAN], "weights[1] is NaN")):
            with self.assertRaises(cx.OutOfRange) as cm:
                m.extend(scores, weights)
            self.assertIsInstance(cm.exception, ValueError)
            self.assertEqual(str(cm.exception), message)
        self.assertEqual(m.count, 0)   # all or nothing
        # a bad score before the NaN keeps the library's own message
        with self.assertRaises(cx.OutOfRange) as cm:
            m.extend([4, 9, NAN])
        self.assertEqual(str(cm.exception),
                         "scores[1]: csat score 9 is outside the scale 1..5")
        with self.assertRaises(cx.OutOfRange) as cm:
            m.add(NAN)
        self.assertEqual(str(cm.exception), "score is NaN")
        with self.assertRaises(cx.OutOfRange) as cm:
            m.add(4, NAN)
        self.assertEqual(str(cm.exception), "weight is NaN")

    def test_skipna_drops_scores_and_their_weights(self):
        scores = [4, NAN, 2, 5, NAN, 1]
        weights = [1.0, 50.0, 2.0, 0.5, 9.0, 1.5]
        kept = [(x, w) for x, w in zip(scores, weights) if x == x]
        m = cx.Metric.csat()
        m.extend(scores, weights, skipna=True)
        self.assertEqual(m.count, len(kept))
        self.assertAlmostEqual(m.weight_sum, sum(w for _, w in kept))
        self.assertAlmostEqual(m.value, top2([x for x, _ in kept],
                                             [w for _, w in kept]))
        k = cx.Metric.kpi()
        k.extend(array.array("d", [NAN, 3.0, NAN, 5.0]), skipna=True)
        self.assertEqual((k.count, k.mean), (2, 4.0))
        k.extend([], skipna=True)
        k.extend([1.0], skipna=True)   # nothing to drop
        self.assertEqual(k.count, 3)

    def test_add_columns_names_and_skips_nan_rows(self):
        with cx.Responses() as r:
            with self.assertRaises(cx.OutOfRange) as cm:
                r.add_columns("nps", ["a", "b", "c"], ["t", "t", "t"],
                              [9, NAN, 3])
            self.assertEqual(str(cm.exception), "scores[1] is NaN: pass "
                             "skipna=True to leave those rows out")
            self.assertEqual(len(r), 0)
            r.add_columns("nps", ["a", "b", "c"], ["t", "u", "t"],
                          [9, NAN, 3], segments=["FI", "SE", None],
                          sources=bytes([0, 1, 1]),
                          timestamps=array.array("q", [1, 2, 3]),
                          weights=[1.0, 2.0, 3.0], skipna=True)
            self.assertEqual(
                [(a.respondent, a.target, a.score, a.segment, a.source,
                  a.timestamp, a.weight) for a in r],
                [("a", "t", 9.0, "FI", cx.Source.CUSTOMER, 1, 1.0),
                 ("c", "t", 3.0, None, cx.Source.EMPLOYEE, 3, 3.0)])
            with self.assertRaises(cx.OutOfRange) as cm:
                r.add("d", "t", "nps", NAN)
            self.assertEqual(str(cm.exception), "score is NaN")


if __name__ == "__main__":
    unittest.main()
