"""A test case with a journey scored from CSV text, for the tests of
scores: self.j, self.r and self.s, closed after each test."""

import unittest

import cxjourney as cx


class ScoredCase(unittest.TestCase):
    #: the answers, as CSV text; the journey comes from make_journey()
    CSV = ""
    #: the period the scores are cut by (None: none)
    PERIOD = None

    def make_journey(self):
        raise NotImplementedError

    def setUp(self):
        self.j = self.make_journey()
        self.r = cx.Responses()
        self.r.import_csv_text(self.CSV)
        self.s = self.j.score(self.r, period=self.PERIOD)

    def tearDown(self):
        self.s.close()
        self.r.close()
        self.j.close()
