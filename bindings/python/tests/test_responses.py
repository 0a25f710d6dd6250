"""Responses from Python: rows by call, by columns and by CSV, compared with
what Python's own csv and datetime modules read from the same text."""

import array
import csv
import datetime
import io
import os
import tempfile
import unittest

import cxjourney as cx

CSV = (
    "\ufeffrespondent,touchpoint,metric,score,segment,source,timestamp,"
    "weight,comment\r\n"
    "r1,portal,nps,9,FI,customer,2025-03-01,,\r\n"
    "r1,\"call, phone\",csat,4,FI,,2025-03-01T08:30:00Z,,\"said \"\"ok\"\"\"\r\n"
    "\"r \"\"2\"\"\",portal,NPS,0,SE,employee,1740818000,2.5,\r\n"
    "r3,\"call, phone\",ces,7,,customer,2025-03-02T10:00:00+02:00,,\"two\n"
    "lines\"\r\n"
    "r3,portal,handle_time,12.5,SE,,,,\r\n")


def expected_rows():
    """The CSV read by the standard library, in Answer's shape."""
    out = []
    for row in csv.DictReader(io.StringIO(CSV.lstrip("\ufeff"))):
        ts = row["timestamp"]
        if not ts:
            t = None
        elif ts.isdigit():
            t = int(ts)
        else:
            d = datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))
            if d.tzinfo is None:
                d = d.replace(tzinfo=datetime.timezone.utc)
            t = int(d.timestamp())
        metric = row["metric"]
        if metric.lower() in ("csat", "nps", "ces"):
            metric = metric.lower()
        out.append((row["respondent"], row["touchpoint"], metric,
                    float(row["score"]), row["segment"] or None,
                    cx.Source.EMPLOYEE if row["source"] == "employee"
                    else cx.Source.CUSTOMER, t,
                    float(row["weight"]) if row["weight"] else 1.0))
    return out


def strip_kind(a):
    return (a.respondent, a.target, a.metric, a.score, a.segment, a.source,
            a.timestamp, a.weight)


class ResponsesTest(unittest.TestCase):
    def test_csv_matches_the_standard_library(self):
        with cx.Responses() as r:
            r.import_csv_text(CSV)
            self.assertEqual([strip_kind(a) for a in r], expected_rows())
            self.assertEqual([a.kind for a in r],
                             [cx.MetricKind.NPS, cx.MetricKind.CSAT,
                              cx.MetricKind.NPS, cx.MetricKind.CES,
                              cx.MetricKind.KPI])
            self.assertEqual(r.strings("respondents"), ["r1", 'r "2"', "r3"])
            self.assertEqual(r.strings(cx.Table.METRICS)[:4],
                             ["csat", "nps", "ces", "contact"])
            self.assertEqual(r.column("segment"), ["FI", "FI", "SE", None,
                                                   "SE"])
            self.assertEqual(r[-1].score, 12.5)
            self.assertEqual(len(r[1:3]), 2)
            with self.assertRaises(IndexError):
                r[5]
            m = r.memory()
            self.assertEqual(set(m), {"core", "optional", "strings"})
            self.assertGreater(m["core"], 0)
            self.assertEqual(repr(r), "<Responses 5 answers, 3 respondents>")

    def test_from_csv_file_and_column_names(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "tickets.csv")
            with open(p, "w", encoding="utf-8") as f:
                f.write("Requester;Ticket Category;Satisfaction;Country\n"
                        "alice;resolve;5;FI\nbob;resolve;2;SE\n")
            with cx.Responses.from_csv(
                    p, respondent_column="Requester",
                    target_column="Ticket Category",
                    score_column="Satisfaction", segment_column="Country",
                    metric="csat", delimiter=";") as r:
                self.assertEqual([(a.respondent, a.score, a.segment)
                                  for a in r],
                                 [("alice", 5.0, "FI"), ("bob", 2.0, "SE")])
            with self.assertRaises(cx.ParseError) as cm:
                cx.Responses.from_csv(p, delimiter=";", metric="csat")
            self.assertEqual(cm.exception.file, p)
            with self.assertRaises(cx.CxjIOError):
                cx.Responses.from_csv(os.path.join(d, "none.csv"))
        with self.assertRaises(TypeError):
            cx.Responses.from_csv("x.csv", colour="red")
        with self.assertRaises(ValueError):
            cx.Responses().import_csv_text("a", delimiter=";;")

    def test_bad_row_fails_all_or_is_skipped(self):
        text = ("respondent,touchpoint,metric,score\n"
                "r1,portal,nps,9\nr2,portal,nps,12\nr3,portal,nps,7\n")
        with cx.Responses() as r:
            with self.assertRaises(cx.ParseError) as cm:
                r.import_csv_text(text)
            self.assertEqual(cm.exception.line, 3)
            self.assertEqual(len(r), 0)
            r.import_csv_text(text, skip_bad_rows=True)
            self.assertEqual([a.respondent for a in r], ["r1", "r3"])
            self.assertEqual(r.skipped_lines, [3])

    def test_add_append_and_contacts(self):
        with cx.Responses([("r1", "portal", "nps", 9)]) as r:
            r.add("r2", "portal", "csat", 4, segment="FI",
                  source="employee",
                  timestamp=datetime.datetime(2025, 3, 1, 8, 30,
                                              tzinfo=datetime.timezone.utc),
                  weight=2)
            r.append({"respondent": "r3", "target": "call", "metric": "ces",
                      "score": 6, "timestamp": datetime.date(2025, 3, 2)})
            r.add_contact("r4", "call", segment="SE", timestamp=1700000000)
            self.assertEqual(len(r), 4)
            a = r[1]
            self.assertEqual((a.source, a.weight, a.segment),
                             (cx.Source.EMPLOYEE, 2.0, "FI"))
            self.assertEqual(a.timestamp, 1740817800)
            self.assertEqual(r[2].timestamp, 1740873600)
            c = r[3]
            self.assertEqual((c.metric, c.kind, c.score, c.segment,
                              c.timestamp), ("contact", None, 0.0, "SE",
                                             1700000000))
            before = len(r)
            with self.assertRaises(cx.OutOfRange):
                r.add("r5", "portal", "nps", 11)
            with self.assertRaises(cx.InvalidArgument):
                r.add("", "portal", "nps", 1)
            with self.assertRaises(cx.CxjError):
                r.add("r5", "portal", "nps", 5, weight=0)
            with self.assertRaises(TypeError):
                r.add("r5", "portal", "nps", "5")
            with self.assertRaises(ValueError):
                r.add("r5", "portal", "nps", 5, source="robot")
            self.assertEqual(len(r), before)

    def test_columns_all_or_nothing(self):
        with cx.Responses() as r:
            scores = array.array("d", [9, 3, 10])
            r.add_columns("nps", ["a", "b", "c"], ["t", "t", "u"], scores,
                          segments=["FI", None, "SE"],
                          sources=[0, "employee", cx.Source.CUSTOMER],
                          timestamps=array.array("q", [1, 2, 3]),
                          weights=[1, 2, 3])
            self.assertEqual([(a.respondent, a.score, a.segment, a.source,
                               a.timestamp, a.weight) for a in r],
                             [("a", 9.0, "FI", cx.Source.CUSTOMER, 1, 1.0),
                              ("b", 3.0, None, cx.Source.EMPLOYEE, 2, 2.0),
                              ("c", 10.0, "SE", cx.Source.CUSTOMER, 3, 3.0)])
            scores.append(1)  # the buffer export was released
            with self.assertRaises(cx.OutOfRange):
                r.add_columns("nps", ["d", "e"], ["t", "t"], [1, 99])
            with self.assertRaises(ValueError):
                r.add_columns("nps", ["d", "e"], ["t"], [1, 2])
            r.add_columns("handle_time", ["d"], ["t"], [4.5],
                          timestamps=[datetime.date(1970, 1, 2)])
            self.assertEqual(len(r), 4)
            self.assertEqual(r[-1].timestamp, 86400)

    def test_use_after_close(self):
        r = cx.Responses()
        r.close()
        with self.assertRaises(cx.ClosedError):
            len(r)
        with self.assertRaises(cx.ClosedError):
            r.add("a", "b", "nps", 1)
        self.assertEqual(repr(r), "<Responses (closed)>")


if __name__ == "__main__":
    unittest.main()
