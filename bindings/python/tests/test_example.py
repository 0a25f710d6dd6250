"""examples/python/journey_report.py runs against the library under test."""

import os
import subprocess
import sys
import unittest

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..",
                                     ".."))
SCRIPT = os.path.join(ROOT, "examples", "python", "journey_report.py")


class ExampleTest(unittest.TestCase):
    def test_journey_report_runs(self):
        r = subprocess.run([sys.executable, SCRIPT], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("<Journey 'itsm-support'", r.stdout)
        self.assertIn("validation: 0 error(s)", r.stdout)
        self.assertIn("NPS by customer team", r.stdout)
        self.assertIn("FI - SE:", r.stdout)
        self.assertIn("Key drivers of the journey NPS", r.stdout)
        self.assertNotIn("not in this library", r.stdout)


if __name__ == "__main__":
    unittest.main()
