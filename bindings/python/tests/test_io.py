"""Journeys as YAML from Python: load, loads, save, dumps, errors with their
positions, limits and lenient loads."""

import os
import pathlib
import stat
import tempfile
import unittest

import cxjourney as cx

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..",
                                     ".."))
EXAMPLE = os.path.join(ROOT, "examples", "itsm-support.yaml")

SMALL = """cxjourney: 1
id: x
stages:
- id: s
  touchpoints:
  - id: t
    channel: phone
"""


def build():
    j = cx.Journey("itsm", name="ITSM support", description="Tickets ✓")
    j.targets["nps"] = 20
    j.add_persona("fi", "customer", name="Finnish team",
                  attributes={"country": "FI"})
    j.add_persona("agent", "front-office")
    s = j.add_stage("contact", name="Contact")
    t = s.add_touchpoint("call", name="Call", channel="phone",
                         steps=["dial", "wait"], pain_points=["queue"],
                         experience="negative", moment_of_truth=True,
                         promise="Answer in 2 min")
    t.add_persona("fi")
    t.add_persona("agent")
    t.targets["csat"] = 85
    return j


class IoTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_round_trip_through_text_and_file(self):
        with build() as j:
            text = j.dumps()
            self.assertTrue(text.startswith("cxjourney: 1\n"))
            path = pathlib.Path(self.dir) / "j.yaml"
            j.save(path)
            self.assertEqual(path.read_text(encoding="utf-8"), text)
        with cx.Journey.load(path) as k, cx.Journey.loads(text) as m:
            for x in (k, m):
                self.assertEqual(x.dumps(), text)
                self.assertEqual(x.description, "Tickets ✓")
                t = x.touchpoint("call")
                self.assertEqual(t.steps, ["dial", "wait"])
                self.assertEqual(t.experience, cx.Experience.NEGATIVE)
                self.assertEqual(t.front_office.ids(), ["agent"])
                self.assertEqual(dict(t.targets), {"csat": 85.0})
                self.assertEqual(x.persona("fi").attributes["country"], "FI")
                self.assertEqual(x.load_warnings, [])
        with cx.Journey.loads(text.encode("utf-8")) as b:
            self.assertEqual(b.id, "itsm")
        with cx.Journey.loads(bytearray(text.encode("utf-8"))) as b:
            self.assertEqual(b.id, "itsm")

    @unittest.skipUnless(os.path.exists(EXAMPLE), "no example journey")
    def test_example_journey(self):
        with cx.Journey.load(EXAMPLE) as j:
            self.assertEqual(j.id, "itsm-support")
            self.assertGreater(len(j.stages), 0)
            self.assertEqual(j.touchpoint_count,
                             sum(len(s.touchpoints) for s in j.stages))
            self.assertEqual([d for d in j.validate()
                              if d.severity == cx.Severity.ERROR], [])
            with open(EXAMPLE, encoding="utf-8") as f:
                self.assertEqual(j.dumps(), f.read())

    def test_parse_errors_carry_positions(self):
        with self.assertRaises(cx.ParseError) as cm:
            cx.Journey.loads("cxjourney: 1\nid: x\nname: [\n",
                             name="m.yaml")
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column), ("m.yaml", 3, 7))
        self.assertTrue(str(e).startswith("m.yaml:3:7: "))
        with self.assertRaises(cx.ParseError) as cm:
            cx.Journey.loads(b"cxjourney: 1\nid: \xff\n")
        self.assertEqual((cm.exception.line, cm.exception.column), (2, 5))
        bad = os.path.join(self.dir, "bad.yaml")
        with open(bad, "w") as f:
            f.write("cxjourney: 1\nid: x\nbogus: 3\n")
        with self.assertRaises(cx.ParseError) as cm:
            cx.Journey.load(bad)
        self.assertEqual(cm.exception.file, bad)
        self.assertEqual((cm.exception.line, cm.exception.column), (3, 1))
        self.assertIn("bogus", cm.exception.message)

    def test_lenient_load_lists_warnings(self):
        with cx.Journey.loads("cxjourney: 1\nid: x\nbogus: 3\n",
                              unknown_keys="warn") as j:
            self.assertEqual(j.load_warnings, [cx.Diagnostic(
                cx.Severity.WARNING, cx.Rule.UNKNOWN_KEY,
                "unknown key 'bogus'", "x", 3, 1)])
        with self.assertRaises(ValueError):
            cx.Journey.loads(SMALL, unknown_keys="ignore")

    def test_limits(self):
        with self.assertRaises(cx.LimitExceeded) as cm:
            cx.Journey.loads(SMALL, max_depth=2)
        self.assertEqual((cm.exception.line, cm.exception.column), (4, 3))
        with cx.Journey.loads(SMALL, max_depth=5) as j:
            self.assertEqual(j.touchpoint("t").channel, "phone")
        with self.assertRaises(cx.LimitExceeded):
            cx.Journey.loads("cxjourney: 1\nid: x\nname: " + "a" * 100,
                             max_scalar_length=10)
        with self.assertRaises(cx.LimitExceeded):
            cx.Journey.loads(SMALL, max_objects=1)
        with self.assertRaises(cx.LimitExceeded):
            cx.Journey.loads(SMALL, max_document_size=10)
        many = "cxjourney: 1\nid: x\ntargets:\n  nps: 1\n  csat: 2\n"
        with self.assertRaises(cx.LimitExceeded):
            cx.Journey.loads(many, max_entries=1)
        with cx.Journey.loads(many, max_entries=2) as j:
            self.assertEqual(len(j.targets), 2)
        with self.assertRaises(TypeError):
            cx.Journey.loads(SMALL, max_speed=3)

    def test_io_errors(self):
        missing = os.path.join(self.dir, "none.yaml")
        with self.assertRaises(cx.CxjIOError) as cm:
            cx.Journey.load(missing)
        self.assertIsInstance(cm.exception, OSError)
        self.assertIn(missing, str(cm.exception))
        with build() as j:
            with self.assertRaises(cx.CxjIOError):
                j.save(os.path.join(self.dir, "no", "such", "dir.yaml"))
            with self.assertRaises(ValueError):
                j.save("a\0b")
            with self.assertRaises(TypeError):
                j.save(3)

    def test_save_is_atomic_and_keeps_mode(self):
        path = os.path.join(self.dir, "j.yaml")
        with open(path, "w") as f:
            f.write("old")
        os.chmod(path, 0o640)
        with build() as j:
            j.save(path)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o640)
            self.assertEqual(os.listdir(self.dir), ["j.yaml"])
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), j.dumps())

    def test_copy_and_pickle(self):
        import pickle
        with build() as j:
            with j.copy() as c, pickle.loads(pickle.dumps(j)) as p:
                for x in (c, p):
                    self.assertIsNot(x, j)
                    self.assertEqual(x.dumps(), j.dumps())
                c.stage("contact").name = "Changed"
                self.assertEqual(j.stage("contact").name, "Contact")

    def test_closed_journey(self):
        j = build()
        j.close()
        with self.assertRaises(cx.ClosedError):
            j.dumps()
        with self.assertRaises(cx.ClosedError):
            j.save(os.path.join(self.dir, "x.yaml"))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.yaml")))


if __name__ == "__main__":
    unittest.main()
