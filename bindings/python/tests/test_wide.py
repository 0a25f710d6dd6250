"""Wide survey exports from Python: questions as a dict or a mapping file,
compared with the long rows Python's csv module makes of the same text;
the import's report, strict mode and the errors of a mapping file."""

import csv
import io
import os
import tempfile
import unittest

import cxjourney as cx

WIDE = ("ResponseId;Region;Q1;Q2 NPS;Handling time;comment\n"
        "r1;FI;4;9;312.5;fine\n"
        "r2;SE;5;;;\n"
        "r3;FI; ;;;nothing answered\n"
        "r4;SE;;10;95;\n")
QUESTIONS = {"Q1": ("call-desk", "csat"), "Q2 NPS": ("support", "nps"),
             "Handling time": ("portal", "aht")}
MAPPING = """\
# how to read the export
respondent: ResponseId
segment: Region
delimiter: ";"
questions:
  Q1: {target: call-desk, metric: csat}
  Q2 NPS: {target: support, metric: nps}
  Handling time: {target: portal, metric: aht}
"""
EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "..",
                       "examples", "itsm-support.yaml")


def long_rows():
    """The answers the wide text stands for, melted by the csv module."""
    out = []
    for row in csv.DictReader(io.StringIO(WIDE), delimiter=";"):
        for col, (target, metric) in QUESTIONS.items():
            cell = row[col].strip()
            if cell:
                out.append((row["ResponseId"], target, metric, float(cell),
                            row["Region"]))
    return out


class WideImport(unittest.TestCase):
    def rows(self, r):
        return [(a.respondent, a.target, a.metric, a.score, a.segment)
                for a in r]

    def test_questions_dict_gives_the_melted_rows(self):
        r = cx.Responses()
        self.assertIsNone(r.import_csv_text(
            WIDE, questions=QUESTIONS, delimiter=";",
            respondent_column="ResponseId", segment_column="Region"))
        self.assertEqual(self.rows(r), long_rows())
        self.assertEqual(len(r), 6)

    def test_mapping_file_gives_the_same(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "survey.yaml")
            data = os.path.join(d, "export.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write(MAPPING)
            with open(data, "w", encoding="utf-8") as f:
                f.write(WIDE)
            r = cx.Responses()
            r.import_csv(data, mapping=path)
        self.assertEqual(self.rows(r), long_rows())

    def test_report_and_strict(self):
        j = cx.Journey.load(EXAMPLE)
        text = "respondent,segment,Q1,Q2\nr1,FI,9,4\nr2,fi,8,\n"
        q = {"Q1": ("call-desk", "nsp"), "Q2": ("call-dsk", "csat")}
        r = cx.Responses()
        notes = r.import_csv_text(text, questions=q, journey=j, report=True)
        self.assertEqual([n.rule for n in notes],
                         [cx.Rule.NEAR_METRIC, cx.Rule.UNKNOWN_ID,
                          cx.Rule.SEGMENT_CASE])
        self.assertEqual((notes[0].line, notes[0].column), (1, 20))
        self.assertIn("did you mean 'nps'?", notes[0].message)
        self.assertIn("did you mean 'call-desk'?", notes[1].message)
        self.assertEqual(len(r), 3)
        r2 = cx.Responses()
        with self.assertRaises(cx.ParseError) as cm:
            r2.import_csv_text(text, questions=q, strict=True)
        self.assertIn("a strict import refuses it", str(cm.exception))
        self.assertEqual(len(r2), 0)

    def test_mistakes_are_named(self):
        r = cx.Responses()
        with self.assertRaises(TypeError):
            r.import_csv_text(WIDE, questions=QUESTIONS, mapping="x.yaml")
        with self.assertRaises(ValueError):
            r.import_csv_text(WIDE, questions={"Q1": "call-desk"})
        with self.assertRaises(TypeError):
            r.import_csv_text(WIDE, questions=QUESTIONS, journey="map")
        with self.assertRaises(cx.ParseError) as cm:
            r.import_csv_text("respondent,Q1\nr1,4.5\n",
                              questions={"Q1": ("a", "csat")})
        self.assertIn("csat score '4.5' is not a whole number",
                      str(cm.exception))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "survey.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write("questions:\n  Q1: {target: a, metrc: csat}\n")
            with self.assertRaises(cx.ParseError) as cm:
                r.import_csv_text("respondent,Q1\nr1,4\n", mapping=path)
        self.assertIn("unknown key 'metrc' (did you mean 'metric'?)",
                      str(cm.exception))
        self.assertEqual(len(r), 0)


if __name__ == "__main__":
    unittest.main()
