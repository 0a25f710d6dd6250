"""The README's Python blocks run, in order and in one namespace, from the
top of the source tree, against the library under test; a block that
imports pandas is left out where pandas is not installed."""

import contextlib
import io
import os
import re
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(HERE, "..", "README.md")
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def blocks():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"```python\n(.*?)```", text, re.S)


class ReadmeTest(unittest.TestCase):
    def test_python_blocks_run(self):
        try:
            import pandas  # noqa: F401
            have_pandas = True
        except ImportError:
            have_pandas = False
        code = blocks()
        self.assertGreaterEqual(len(code), 6)
        namespace = {"__name__": "readme"}
        out = io.StringIO()
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            with contextlib.redirect_stdout(out):
                for i, block in enumerate(code):
                    if "import pandas" in block and not have_pandas:
                        continue
                    exec(compile(block, "README.md block %d" % (i + 1),
                                 "exec"), namespace)
        finally:
            os.chdir(cwd)
            for v in namespace.values():
                if hasattr(v, "close") and hasattr(v, "_free"):
                    v.close()
        # what the comments beside the blocks promise
        text = out.getvalue()
        for line in ("<Responses 630 answers, 73 respondents>",
                     "no touchpoint, stage or journey 'call-dsk' in the "
                     "scores (did you mean 'call-desk'?)",
                     "no metric 'cast' in the scores (did you mean 'csat'?)",
                     "<Metric nps n=0: nps was asked at the journey "
                     "'itsm-support', not at stage 'diagnose'>",
                     "scores[2] is NaN: pass skipna=True to leave NaN "
                     "scores out",
                     "<Metric csat n=2 value=100>"):
            self.assertIn(line, text)


if __name__ == "__main__":
    unittest.main()
