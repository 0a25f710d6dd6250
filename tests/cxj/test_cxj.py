"""The cxj tool: every command's behaviour, exit codes and documents.

Environment (set by `make check-cxj`): CXJ, the tool; CXJ_WRAPPER, a
command every cxj runs under (valgrind); CXJ_REFLIB, the shared library
the Python binding loads to compute the library's numbers by another
path; CHROMIUM, the browser of the page test; CXJ_CI=1 makes a missing
browser a failure instead of a skip. Standard library only.
"""
import csv
import io
import json
import math
import os
import re
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
CXJ = os.environ.get("CXJ", os.path.join(ROOT, "build", "cxj"))
WRAPPER = shlex.split(os.environ.get("CXJ_WRAPPER", ""))
MAP = os.path.join(ROOT, "examples", "itsm-support.yaml")
ANSWERS = os.path.join(ROOT, "examples", "itsm-responses.csv")
SVG = "{http://www.w3.org/2000/svg}"

sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
if os.environ.get("CXJ_REFLIB"):
    os.environ["CXJ_LIBRARY"] = os.environ["CXJ_REFLIB"]
import cxjourney as cx  # noqa: E402


def run(*args, stdin=None, env=None, expect=None):
    """Runs cxj; fails on any sanitizer or valgrind report."""
    e = dict(os.environ)
    e.setdefault("ASAN_OPTIONS", "exitcode=96")
    e.setdefault("UBSAN_OPTIONS", "exitcode=96:print_stacktrace=1")
    e.update(env or {})
    p = subprocess.run(WRAPPER + [CXJ] + list(args), input=stdin,
                       capture_output=True, text=True, env=e, timeout=600)
    for mark in ("AddressSanitizer", "LeakSanitizer", "runtime error:",
                 "==ERROR", "Invalid read", "Invalid write",
                 "definitely lost", "uninitialised"):
        assert mark not in p.stderr, p.stderr
    assert p.returncode not in (96, 97), p.stderr
    if expect is not None:
        assert p.returncode == expect, (args, p.returncode, p.stderr)
    return p


def example_answers():
    with open(ANSWERS, newline="") as f:
        return list(csv.DictReader(f))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


BROKEN = """cxjourney: 1
id: broken
personas:
- id: lonely
  kind: customer
- id: fi-team
  kind: customer
stages:
- id: contact
  touchpoints:
  - id: call
    customers:
    - fi-team
    moment-of-truth: true
  - id: mail
    channel: e-mail
    colour: blue
- id: empty
"""


class Common(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="cxj-test-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)


class TestUsage(Common):
    def test_help_and_version(self):
        p = run("--help", expect=0)
        for c in ("validate", "show", "fmt", "score", "compare", "drivers",
                  "diff", "render"):
            self.assertIn(c, p.stdout)
            q = run(c, "--help", expect=0)
            self.assertIn("usage: cxj " + c, q.stdout)
        p = run("--version", expect=0)
        self.assertRegex(p.stdout, r"^cxj \d+\.\d+\.\d+ \(libcxjourney "
                                   r"\d+\.\d+\.\d+\)")

    def test_usage_errors_say_what_was_expected(self):
        p = run(expect=2)
        self.assertIn("usage: cxj COMMAND", p.stderr)
        p = run("scroe", expect=2)
        self.assertIn("unknown command 'scroe'", p.stderr)
        p = run("score", MAP, ANSWERS, "--bogus", expect=2)
        self.assertIn("unknown option '--bogus'", p.stderr)
        self.assertIn("--by ATTR", p.stderr)
        p = run("score", MAP, expect=2)
        self.assertIn("missing ANSWERS", p.stderr)
        p = run("score", MAP, ANSWERS, "--level", expect=2)
        self.assertIn("--level needs a value", p.stderr)
        p = run("score", MAP, ANSWERS, "--level", "95", expect=2)
        self.assertIn("--level takes a number above 0 and below 1", p.stderr)
        p = run("score", MAP, ANSWERS, "--period", "year", expect=2)
        self.assertIn("--period takes one of", p.stderr)
        p = run("score", MAP, ANSWERS, "--json", "--csv", expect=2)
        self.assertIn("exclude each other", p.stderr)
        p = run("compare", MAP, ANSWERS, expect=2)
        self.assertIn("missing --by ATTR", p.stderr)
        p = run("render", MAP, expect=2)
        self.assertIn("missing -o FILE", p.stderr)
        p = run("render", MAP, "-o", self.path("x.png"), expect=2)
        self.assertIn("cannot tell the format", p.stderr)
        p = run("diff", MAP, MAP, MAP, expect=2)
        self.assertIn("unexpected argument", p.stderr)

    def test_io_errors_exit_2(self):
        p = run("score", MAP, self.path("none.csv"), expect=2)
        self.assertIn("none.csv", p.stderr)
        p = run("show", self.path("none.yaml"), expect=2)
        self.assertIn("cannot open", p.stderr)
        bad = write(self.path("bad.csv"),
                    "respondent,touchpoint,metric,score\nr1,call-desk,csat,9\n")
        p = run("score", MAP, bad, expect=2)
        self.assertIn(bad + ":2:", p.stderr)


class TestValidate(Common):
    def test_example_is_valid(self):
        p = run("validate", MAP, expect=0)
        self.assertIn("ok: 4 stage(s), 12 touchpoint(s), 9 persona(s)",
                      p.stdout)

    def test_every_problem_with_file_line_column(self):
        bad = write(self.path("broken.yaml"), BROKEN)
        p = run("validate", bad, expect=1)
        lines = p.stderr.splitlines()
        expected = [
            (":17:5: error:", "unknown key 'colour'"),   # the key itself
            # the others at the object's id, where the library read it
            (":18:7: error:", "'empty'"),                # no touchpoint
            (":11:9: error:", "'call'"),                 # no channel
            (":11:9: error:", "moment of truth"),        # no promise
            (":4:7: warning:", "'lonely'"),              # unused persona
        ]
        for where, what in expected:
            self.assertTrue(any(bad + where in l and what in l for l in lines),
                            (where, what, lines))
        self.assertIn("4 error(s), 1 warning(s)", p.stdout)
        j = json.loads(run("validate", "--json", bad, expect=1).stdout)
        self.assertEqual(j["format"], "cxj-validate")
        self.assertEqual(j["format_version"], 1)
        f = j["files"][0]
        self.assertEqual((f["errors"], f["warnings"], f["ok"]), (4, 1, False))
        rules = {(d["rule"], d["line"], d["column"]) for d in f["problems"]}
        self.assertIn(("unknown-key", 17, 5), rules)
        self.assertIn(("no-channel", 11, 9), rules)
        self.assertIn(("empty-stage", 18, 7), rules)

    def test_syntax_error_and_strict(self):
        bad = write(self.path("syntax.yaml"),
                    "cxjourney: 1\nid: x\nstages: [\n")
        p = run("validate", bad, expect=1)
        self.assertRegex(p.stderr, re.escape(bad) + r":\d+:\d+: error: ")
        warn = write(self.path("warn.yaml"), """cxjourney: 1
id: w
personas:
- id: unused
stages:
- id: s
  touchpoints:
  - id: t
    channel: phone
""")
        run("validate", warn, expect=0)
        p = run("validate", "--strict", warn, expect=1)
        self.assertIn(warn + ":4:7: warning:", p.stderr)
        p = run("validate", MAP, self.path("missing.yaml"), expect=2)
        self.assertIn("ok:", p.stdout)


class TestShow(Common):
    def test_fits_80_columns_and_has_the_four_lines(self):
        p = run("show", MAP, expect=0)
        for line in p.stdout.splitlines():
            self.assertLessEqual(len(line), 80, line)
        for part in ("LINE OF JOURNEY", "LINE OF CUSTOMER VISIBILITY",
                     "line of visibility", "LINE OF INTERNAL INTERACTION",
                     "LINE OF EMOTIONAL EXPERIENCE", "Call the service desk",
                     "STAGE 4 of 4: Follow-up"):
            self.assertIn(part, p.stdout)
        self.assertEqual(p.stdout.count("LINE OF JOURNEY"), 12)

    def test_wraps_long_texts_and_words(self):
        word = "x" * 150
        m = write(self.path("long.yaml"), """cxjourney: 1
id: long
stages:
- id: s
  touchpoints:
  - id: t
    name: %s
    channel: phone
    think-feel: "%s"
""" % (word, " ".join(["käytettävyys"] * 40)))
        p = run("show", "--width", "50", m, expect=0)
        for line in p.stdout.splitlines():
            self.assertLessEqual(len(line), 50, line)
        joined = "".join(l.strip() for l in p.stdout.splitlines())
        self.assertIn("x" * 150, joined)
        self.assertEqual(p.stdout.count("käytettävyys"), 40)

    def test_json_is_the_map(self):
        j = json.loads(run("show", "--json", MAP, expect=0).stdout)
        self.assertEqual(j["format"], "cxj-show")
        tps = [t for s in j["journey"]["stages"] for t in s["touchpoints"]]
        with cx.Journey.load(MAP) as jj:
            self.assertEqual(len(tps), jj.touchpoint_count)
            call = jj.touchpoint("call-desk")
            mine = [t for t in tps if t["id"] == "call-desk"][0]
            self.assertEqual(mine["channel"], call.channel)
            self.assertEqual(mine["pain_points"], list(call.pain_points))
            self.assertEqual(mine["experience"], "positive")


class TestFmt(Common):
    def test_canonical_idempotent_atomic(self):
        canon = run("fmt", MAP, expect=0).stdout
        again = run("fmt", "-", stdin=canon, expect=0).stdout
        self.assertEqual(canon, again)
        messy = self.path("messy.yaml")
        write(messy, "cxjourney: 1\n# a comment\nstages:\n"
                     "- touchpoints:\n  - {channel: phone, id: t}\n  id: s\n"
                     "id:   tiny\n")
        p = run("fmt", "--check", messy, expect=1)
        self.assertIn("not in canonical form", p.stdout)
        before = os.stat(messy).st_ino
        run("fmt", "-i", messy, expect=0)
        text = read(messy)
        self.assertTrue(text.startswith("cxjourney: 1\nid: tiny\n"), text)
        self.assertNotEqual(os.stat(messy).st_ino, before)  # renamed over
        run("fmt", "--check", messy, expect=0)
        st = os.stat(messy)
        run("fmt", "-i", messy, expect=0)  # already canonical: untouched
        self.assertEqual(os.stat(messy).st_ino, st.st_ino)
        self.assertEqual(os.stat(messy).st_mtime_ns, st.st_mtime_ns)
        self.assertEqual([n for n in os.listdir(self.tmp) if ".tmp" in n
                          or n.startswith(".")], [])
        broken = write(self.path("half.yaml"), "cxjourney: 1\nid: [\n")
        run("fmt", "-i", broken, expect=2)
        self.assertEqual(read(broken), "cxjourney: 1\nid: [\n")
        run("fmt", MAP, messy, expect=2)


def wilson(k, n, level=0.95):
    z = statistics.NormalDist().inv_cdf(0.5 + level / 2)
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (mid - half), 100 * (mid + half)


class TestScore(Common):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = run("score", "--json", MAP, ANSWERS, expect=0)
        cls.doc = json.loads(p.stdout)
        cls.warn = p.stderr

    def fig(self, id, metric, group="all"):
        for f in self.doc["figures"]:
            if (f["id"], f["metric"], f["group"]) == (id, metric, group):
                return f
        self.fail("no figure %s %s %s" % (id, metric, group))

    def test_document(self):
        d = self.doc
        self.assertEqual((d["format"], d["format_version"]), ("cxj-score", 1))
        self.assertEqual(d["journey"]["id"], "itsm-support")
        self.assertEqual(d["answers"], 630)
        self.assertEqual(d["source"], "customer")
        self.assertIn("'portal-chat' (1)", self.warn)
        self.assertEqual(d["unknown_ids"], [{"id": "portal-chat",
                                             "answers": 1}])

    def test_hand_computed_from_the_csv(self):
        rows = [r for r in example_answers() if r["source"] == "customer"]
        # call-desk CSAT: top-two-box percent with a Wilson interval
        s = [int(r["score"]) for r in rows
             if r["touchpoint"] == "call-desk" and r["metric"] == "csat"]
        f = self.fig("call-desk", "csat")
        k = sum(1 for x in s if x >= 4)
        self.assertEqual(f["n"], len(s))
        self.assertAlmostEqual(f["value"], 100 * k / len(s), places=9)
        lo, hi = wilson(k, len(s))
        self.assertAlmostEqual(f["interval"]["lo"], lo, places=6)
        self.assertAlmostEqual(f["interval"]["hi"], hi, places=6)
        self.assertEqual(f["interval"]["method"], "wilson")
        self.assertEqual(f["basis"], "direct")
        self.assertFalse(f["low_n"])
        # the journey NPS: promoters minus detractors of the journey answers
        s = [int(r["score"]) for r in rows
             if r["touchpoint"] == "itsm-support" and r["metric"] == "nps"]
        f = self.fig("itsm-support", "nps")
        nps = 100 * (sum(x >= 9 for x in s) - sum(x <= 6 for x in s)) / len(s)
        self.assertAlmostEqual(f["value"], nps, places=9)
        self.assertEqual((f["target"], f["n"]), (20, len(s)))
        self.assertAlmostEqual(f["gap"], nps - 20, places=9)
        # a stage's CES rolls its touchpoints up; its target is the stage's
        s = [int(r["score"]) for r in rows if r["metric"] == "ces" and
             r["touchpoint"] in ("find-channel", "raise-ticket", "call-desk")]
        f = self.fig("contact", "ces")
        self.assertEqual((f["basis"], f["n"]), ("rollup", len(s)))
        self.assertAlmostEqual(f["value"], statistics.mean(s), places=9)
        self.assertAlmostEqual(f["gap"], statistics.mean(s) - 5.5, places=9)
        self.assertTrue(f["low_n"])  # 22 answers, below 30: flagged, shown
        self.assertEqual(f["interval"]["method"], "t")
        # a target nobody measures is listed with n = 0
        f = self.fig("call-desk", "speed-to-answer-seconds")
        self.assertEqual((f["n"], f["target"], f["value"]), (0, 120, None))

    def test_against_the_library_through_python(self):
        with cx.Journey.load(MAP) as j, \
                cx.Responses.from_csv(ANSWERS) as r, j.score(r) as sc:
            for f in self.doc["figures"]:
                if f["n"] == 0:
                    continue
                m = sc.metric(f["id"], f["metric"], source=cx.Source.CUSTOMER,
                              rollup=f["basis"] == "rollup")
                self.assertEqual(m.count, f["n"], f)
                self.assertAlmostEqual(m.value, f["value"], places=9)
                lo, hi = m.ci(0.95)
                self.assertAlmostEqual(lo, f["interval"]["lo"], places=9)
                self.assertAlmostEqual(hi, f["interval"]["hi"], places=9)

    def test_csv_matches_json(self):
        p = run("score", "--csv", MAP, ANSWERS, expect=0)
        rows = list(csv.DictReader(io.StringIO(p.stdout)))
        self.assertEqual(len(rows), len(self.doc["figures"]))
        for row, f in zip(rows, self.doc["figures"]):
            self.assertEqual((row["id"], row["metric"]), (f["id"], f["metric"]))
            if f["value"] is not None:
                self.assertAlmostEqual(float(row["value"]), f["value"],
                                       places=9)
            self.assertEqual(row["low_n"], "1" if f["low_n"] else "0")

    def test_by_segment_and_period(self):
        d = json.loads(run("score", "--json", "--by", "segment", MAP, ANSWERS,
                           expect=0).stdout)
        # segments in byte order of their names, as the library lists them
        self.assertEqual(d["groups"], ["all", "FI", "SE"])
        n = {f["group"]: f["n"] for f in d["figures"]
             if f["id"] == "itsm-support" and f["metric"] == "csat"}
        self.assertEqual(n["SE"] + n["FI"], n["all"])
        d = json.loads(run("score", "--json", "--period", "month", MAP,
                           ANSWERS, expect=0).stdout)
        self.assertGreaterEqual(len(d["periods"]), 2)
        self.assertEqual(d["periods"][0]["start"][8:], "01")
        total = sum(f["n"] for p in d["periods"] for f in p["figures"]
                    if f["id"] == "itsm-support" and f["metric"] == "nps")
        self.assertEqual(total, self.fig("itsm-support", "nps")["n"])
        # a column --by names must be there; one that is there but empty
        # says so
        p = run("score", MAP, ANSWERS, "--by", "country", expect=2)
        self.assertIn(ANSWERS + ":1:1: error: missing column 'country'",
                      p.stderr)
        empty = write(self.path("empty-country.csv"),
                      "respondent,touchpoint,metric,score,country\n"
                      "r1,call-desk,csat,4,\n")
        p = run("score", MAP, empty, "--by", "country", expect=2)
        self.assertIn("no answer has a value in a column 'country'", p.stderr)

    def test_text_marks_low_n(self):
        p = run("score", MAP, ANSWERS, expect=0)
        self.assertRegex(p.stdout, r"\n\s+find-channel\s+csat\s+19\?")
        self.assertRegex(p.stdout, r"\n\s+call-desk\s+csat\s+35 ")


class TestSurvey(Common):
    """A wide export read through a survey mapping scores as the long rows
    it stands for, melted here with the csv module."""
    WIDE = os.path.join(ROOT, "examples", "itsm-survey-wide.csv")
    SURVEY = os.path.join(ROOT, "examples", "itsm-survey.yaml")
    QUESTIONS = [("Call desk satisfaction (1-5)", "call-desk", "csat"),
                 ("Effort to raise the ticket (1-7)", "raise-ticket", "ces"),
                 ("Satisfaction with the fix (1-5)", "fix-delivered", "csat"),
                 ("Hours to resolve", "fix-delivered", "time_to_resolve_h"),
                 ("Likely to recommend (0-10)", "itsm-support", "nps")]

    def test_scores_equal_the_melted_rows(self):
        p = run("score", "--json", "--survey", self.SURVEY, MAP, self.WIDE,
                expect=0)
        wide = json.loads(p.stdout)
        rows = ["respondent,touchpoint,metric,score,segment,timestamp"]
        with open(self.WIDE, newline="") as f:
            for r in csv.DictReader(f, delimiter=";"):
                for col, target, metric in self.QUESTIONS:
                    if r[col].strip():
                        rows.append(",".join([r["ResponseId"], target, metric,
                                              r[col], r["Country"],
                                              r["Submitted"]]))
        melted = write(self.path("melted.csv"), "\n".join(rows) + "\n")
        p = run("score", "--json", MAP, melted, expect=0)
        long = json.loads(p.stdout)
        self.assertEqual(wide["answers"], len(rows) - 1)
        self.assertEqual(wide["figures"], long["figures"])
        self.assertTrue(any(f["n"] for f in wide["figures"]))

    def test_mapping_errors_and_notes_at_their_place(self):
        bad = write(self.path("survey.yaml"),
                    "questions:\n  Q1: {target: call-desk, metrc: csat}\n")
        p = run("score", "--survey", bad, MAP, self.WIDE, expect=2)
        self.assertIn(bad + ":2:27: error: question 'Q1': unknown key "
                      "'metrc' (did you mean 'metric'?)", p.stderr)
        near = write(self.path("near.yaml"),
                     "delimiter: ';'\nrespondent: ResponseId\nquestions:\n"
                     "  Likely to recommend (0-10): "
                     "{target: itsm-suport, metric: nsp}\n")
        p = run("score", "--survey", near, MAP, self.WIDE, expect=0)
        self.assertIn(self.WIDE + ":1:", p.stderr)
        self.assertIn("metric 'nsp' is no known metric (did you mean "
                      "'nps'?), taken as a KPI", p.stderr)
        self.assertIn("'itsm-suport' is no touchpoint, stage or journey of "
                      "map 'itsm-support' (did you mean 'itsm-support'?)",
                      p.stderr)


class TestCompare(Common):
    def test_two_segments_against_the_library(self):
        d = json.loads(run("compare", "--json", MAP, ANSWERS, "--by",
                           "segment", "FI", "SE", expect=0).stdout)
        self.assertEqual((d["format"], d["a"], d["b"]),
                         ("cxj-compare", "FI", "SE"))
        row = [c for c in d["comparisons"] if c["id"] == "itsm-support"
               and c["metric"] == "nps"][0]
        with cx.Journey.load(MAP) as j, \
                cx.Responses.from_csv(ANSWERS) as r, j.score(r) as sc:
            fi = sc.metric("itsm-support", "nps", segment="FI",
                           source=cx.Source.CUSTOMER)
            se = sc.metric("itsm-support", "nps", segment="SE",
                           source=cx.Source.CUSTOMER)
            c = fi.compare(se)
        self.assertAlmostEqual(row["comparison"]["difference"], c.difference,
                               places=9)
        self.assertAlmostEqual(row["comparison"]["p_value"], c.p_value,
                               places=9)
        self.assertAlmostEqual(row["a"]["value"] - row["b"]["value"],
                               c.difference, places=9)
        self.assertEqual(row["significant"], c.p_value < 0.05)

    def test_all_pairs_and_sources(self):
        d = json.loads(run("compare", "--json", MAP, ANSWERS, "--by",
                           "segment", expect=0).stdout)
        self.assertTrue(d["adjusted"])
        for c in d["comparisons"]:
            if c["p_holm"] is not None:
                self.assertGreaterEqual(c["p_holm"] + 1e-12,
                                        c["comparison"]["p_value"])
        d = json.loads(run("compare", "--json", MAP, ANSWERS, "--by", "source",
                           "--metric", "csat", expect=0).stdout)
        pair = {(c["a"]["group"], c["b"]["group"]) for c in d["comparisons"]}
        self.assertEqual(pair, {("customer", "employee")})
        p = run("compare", MAP, ANSWERS, "--by", "segment", "FI", "NO",
                expect=2)
        self.assertIn("no answers of segment 'NO'", p.stderr)


class TestDrivers(Common):
    def test_ranked_as_the_library_ranks(self):
        d = json.loads(run("drivers", "--json", MAP, ANSWERS, "--outcome",
                           "nps", expect=0).stdout)
        self.assertEqual((d["format"], d["outcome"], d["respondents"]),
                         ("cxj-drivers", "nps", 60))
        with cx.Journey.load(MAP) as j, cx.Responses.from_csv(ANSWERS) as r:
            ref = list(j.drivers(r, outcome="nps"))
        self.assertEqual([x["touchpoint"] for x in d["drivers"]],
                         [x.touchpoint for x in ref])
        for mine, theirs in zip(d["drivers"], ref):
            self.assertAlmostEqual(mine["importance"], theirs.importance,
                                   places=9)
            self.assertEqual(mine["quadrant"].replace(" ", "_"),
                             theirs.quadrant.name.lower())
        self.assertEqual(d["drivers"][0]["quadrant"], "fix first")
        p = run("drivers", "--csv", MAP, ANSWERS, expect=0)
        self.assertEqual(len(p.stdout.splitlines()), 1 + len(ref))
        run("drivers", MAP, ANSWERS, "--outcome", "kpi", expect=2)


class TestDiff(Common):
    def test_two_versions(self):
        old = read(MAP)
        new = old.replace("    channel: phone\n    front-office:\n    - sd-agent"
                          "\n    back-office:\n    - sd-coordinator",
                          "    channel: chat\n    front-office:\n    - sd-agent"
                          "\n    back-office:\n    - sd-coordinator", 1)
        new = new.replace("  - id: workaround\n", "  - id: workaround-call\n")
        i = new.index("- id: follow-up")
        j = new.index("- id: resolve")
        new = new[:j] + new[i:] + new[j:i]  # follow-up before resolve
        a = write(self.path("old.yaml"), old)
        b = write(self.path("new.yaml"), new)
        p = run("diff", a, b, expect=1)
        self.assertIn("~ touchpoint 'call-desk' channel: \"phone\" -> \"chat\"",
                      p.stdout)
        d = json.loads(run("diff", "--json", a, b, expect=1).stdout)
        ops = {(c["op"], c["kind"], c["id"]) for c in d["changes"]}
        self.assertIn(("removed", "touchpoint", "workaround"), ops)
        self.assertIn(("added", "touchpoint", "workaround-call"), ops)
        self.assertTrue(("moved", "stage", "follow-up") in ops or
                        ("moved", "stage", "resolve") in ops, ops)
        self.assertEqual(len([o for o in ops if o[0] == "moved"]), 1, ops)
        self.assertEqual(d["count"], len(d["changes"]))
        p = run("diff", a, a, expect=0)
        self.assertIn("0 change(s)", p.stdout)


HOSTILE = """cxjourney: 1
id: hostile
name: "<script>alert('x')</script> & \\"quotes\\" ]]> --> <!--"
description: "Ünïcödé ✓ 日本語の説明 \\x01 bell \\a"
personas:
- id: p1
  kind: customer
  name: "Tom & Jerry <b>bold</b>"
stages:
- id: s1
  name: "</text></svg><svg onload=alert(1)>"
  touchpoints:
  - id: t1
    name: "%s"
    channel: "e-mail & <chat>"
    customers: [p1]
    think-feel: "It's \\"fine\\" & <ok> \\x01"
    pain-points: ["<img src=x onerror=alert(1)>", "%s"]
    moment-of-truth:
      promise: "😀 emoji & 🇫🇮 flags"
    experience: negative
"""


class TestRender(Common):
    def render(self, *args, out="map.html"):
        path = self.path(out)
        run("render", *args, "-o", path, expect=0)
        return path

    def test_well_formed_with_one_card_per_touchpoint(self):
        with cx.Journey.load(MAP) as j:
            n = j.touchpoint_count
        for out, extra in (("a.svg", ()), ("a.html", (ANSWERS,)),
                           ("b.html", ())):
            root = ET.parse(self.render(MAP, *extra, out=out)).getroot()
            cards = [e for e in root.iter() if e.get("data-touchpoint")]
            self.assertEqual(len(cards), n, out)
            text = read(self.path(out))
            self.assertNotIn("<script", text)
            urls = set(re.findall(r"https?://[^\"' )]+", text))
            self.assertLessEqual(urls, {"http://www.w3.org/2000/svg",
                                        "http://www.w3.org/1999/xhtml"})
        page = read(self.path("a.html"))
        for part in ('id="scores"', 'id="segments"', 'id="drivers"',
                     'class="drivers-chart"', "FIX FIRST"):
            self.assertIn(part, page)
        # the curve's tooltips give n and the interval
        root = ET.parse(self.path("a.html")).getroot()
        titles = [e.find(SVG + "title").text for e in root.iter(SVG + "g")
                  if e.get("class") == "point"]
        self.assertEqual(len(titles), n)
        call = [t for t in titles if "(call-desk)" in t][0]
        self.assertRegex(call, r"positive: \+0\.\d\d \[\+0\.\d\d, \+0\.\d\d\]"
                               r" at 95%\nn = \d+ customer answers")

    def test_hostile_text_is_escaped(self):
        word = "Ä" + "w" * 400
        m = write(self.path("hostile.yaml"), HOSTILE % (word, "x" * 3000))
        for out in ("h.svg", "h.html"):
            path = self.render(m, out=out)
            root = ET.parse(path).getroot()
            names = {e.tag.split("}")[1] for e in root.iter()}
            self.assertFalse(names & {"script", "img"}, names)
            self.assertNotIn("bold", [e.text for e in root.iter()
                                      if e.tag.endswith("}b")])
            alltext = "".join(root.itertext())
            self.assertIn("<script>alert('x')</script>", alltext)
            self.assertIn("Tom & Jerry <b>bold</b>", alltext)
            self.assertIn("</text></svg><svg onload=alert(1)>", alltext)
            self.assertIn("\ufffd", alltext)       # the control character
            self.assertNotIn("\x01", alltext)
            self.assertIn("😀 emoji", alltext)
            # the long word is cut into lines, none wider than a card
            spans = [e.text or "" for e in root.iter(SVG + "tspan")
                     if "www" in (e.text or "")]
            self.assertGreater(len(spans), 1)
            self.assertTrue(all(len(s) < 40 for s in spans), spans)

    def test_200_touchpoints_stay_legible(self):
        big = self.path("big.yaml")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench",
                                                     "yaml_gen.py"),
                        big, "200", "7"], check=True)
        path = self.render(big, out="big.html")
        root = ET.parse(path).getroot()
        body = [e for e in root.iter(SVG + "svg") if e.get("class") == "body"][0]
        self.assertGreaterEqual(float(body.get("width")), 200 * 200)
        cards = [e for e in root.iter() if e.get("data-touchpoint")]
        self.assertEqual(len(cards), 200)
        page = read(path)
        self.assertIn(".map-scroll{overflow-x:auto", page)
        self.assertIn("position:sticky", page)

    @unittest.skipIf(WRAPPER, "timing is meaningless under a wrapper")
    def test_linear_time(self):
        times = []
        for n in (1000, 8000):
            m = self.path("lin%d.yaml" % n)
            subprocess.run([sys.executable, os.path.join(ROOT, "bench",
                                                         "yaml_gen.py"),
                            m, str(n), "3"], check=True)
            best = 1e9
            for _ in range(3):
                t = time.perf_counter()
                run("render", m, "-o", self.path("lin.svg"), expect=0)
                best = min(best, time.perf_counter() - t)
            times.append(best)
        # 8 times the touchpoints: far from 64 times the time
        self.assertLess(times[1] / times[0], 20, times)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", head
    return struct.unpack(">II", head[16:24])


class TestChromium(Common):
    """The page in a real browser: it loads without errors and shows one
    card per touchpoint."""

    def browser(self):
        path = os.environ.get("CHROMIUM") or shutil.which("chromium")
        if not path:
            if os.environ.get("CXJ_CI"):
                self.fail("chromium is missing (CXJ_CI=1)")
            self.skipTest("chromium is missing: apt-get install chromium")
        return path

    def chromium(self, *args):
        prof = tempfile.mkdtemp(prefix="cxj-chromium-", dir=self.tmp)
        return subprocess.run(
            [self.browser(), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + prof,
             "--enable-logging=stderr", "--v=0", "--hide-scrollbars"]
            + list(args), capture_output=True, text=True, timeout=120)

    def test_page_in_chromium(self):
        self.browser()
        page = self.path("page.html")
        run("render", MAP, ANSWERS, "-o", page, expect=0)
        url = "file://" + page
        p = self.chromium("--dump-dom", url)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        with cx.Journey.load(MAP) as j:
            n = j.touchpoint_count
        self.assertEqual(len(re.findall(r'<g class="touchpoint" '
                                        r'data-touchpoint="', p.stdout)), n)
        self.assertIn("<title>ITSM support for Finnish", p.stdout)
        self.assertIn('id="drivers"', p.stdout)
        console = [l for l in p.stderr.splitlines() if "CONSOLE" in l]
        self.assertEqual(console, [])
        self.assertNotIn("Failed to load resource", p.stderr)
        shot = self.path("page.png")
        p = self.chromium("--screenshot=" + shot, "--window-size=1600,1400",
                          url)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        self.assertEqual(png_size(shot), (1600, 1400))
        self.assertGreater(os.path.getsize(shot), 50000)  # not a blank page
        self.assertEqual([l for l in p.stderr.splitlines() if "CONSOLE" in l],
                         [])
        # the same document read as XML by the browser: no parser error
        xhtml = self.path("page.xhtml")
        shutil.copy(page, xhtml)
        p = self.chromium("--dump-dom", "file://" + xhtml)
        self.assertNotIn("parsererror", p.stdout)
        self.assertIn('data-touchpoint="call-desk"', p.stdout)


class TestProgress(Common):
    def test_only_on_a_terminal(self):
        p = run("score", MAP, ANSWERS, env={"CXJ_PROGRESS_AFTER": "0"},
                expect=0)
        self.assertNotIn("importing", p.stderr)
        import pty
        pid, fd = pty.fork()
        if pid == 0:  # the child: stderr is the terminal
            try:
                os.environ["CXJ_PROGRESS_AFTER"] = "0"
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                argv = WRAPPER + [CXJ, "score", MAP, ANSWERS]
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        out = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, out)
        self.assertIn(b"cxj: importing " + ANSWERS.encode(), out)
        self.assertIn(b"done", out)


if __name__ == "__main__":
    unittest.main(verbosity=1)
