"""Type hints on the public API: every public function, method and
property of what cxjourney exports is annotated, the annotations resolve,
and the package carries py.typed. Where mypy is installed (for this
python or REFPYTHON), it checks the package and a small client: the
client's correct use passes and a wrong one is caught."""

import inspect
import os
import shutil
import subprocess
import sys
import tempfile
import typing
import unittest

import cxjourney as cx

PKG = os.path.dirname(os.path.abspath(cx.__file__))

CLIENT_OK = """
import datetime
from typing import List, Optional
import cxjourney as cx

j = cx.Journey("j", name="J")
t = j.add_stage("s").add_touchpoint("t", channel="phone")
name: str = t.channel.upper()
steps: List[str] = list(t.steps)
r = cx.Responses()
r.add("a", "t", "csat", 4)
with j.score(r, period="month") as s:
    m: cx.Metric = s.metric("t", "csat")
    v: float = m.value + 1.0
    rows: List[cx.TableRow] = s.table("csat", by="segment")
    p: Optional[datetime.date] = rows[0].period
    keys: List[cx.Key] = list(s)
    n: int = len(s)
    c: cx.Comparison = m.compare(m)
"""

CLIENT_WRONG = """
import cxjourney as cx

m = cx.Metric.nps()
text: str = m.value
"""


def public_callables():
    """(qualified name, callable) of every public function, method and
    property getter in cxjourney.__all__, defined by the package."""
    out = []
    for name in cx.__all__:
        obj = getattr(cx, name)
        if inspect.isfunction(obj):
            out.append((name, obj))
        elif inspect.isclass(obj) and obj.__module__.startswith("cxjourney") \
                and not issubclass(obj, (int, tuple, BaseException)):
            for attr, member in vars(obj).items():
                if attr.startswith("_") and attr not in ("__init__",
                                                         "__iter__",
                                                         "__len__",
                                                         "__getitem__"):
                    continue
                if isinstance(member, (classmethod, staticmethod)):
                    member = member.__func__
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member):
                    out.append(("%s.%s" % (name, attr), member))
    return out


def mypy():
    """A command that runs mypy, or None."""
    for python in (sys.executable, os.environ.get("REFPYTHON"),
                   "/usr/bin/python3"):
        if python and shutil.which(python) and subprocess.run(
                [python, "-m", "mypy", "--version"],
                capture_output=True).returncode == 0:
            return [python, "-m", "mypy"]
    return None


class TypesTest(unittest.TestCase):
    def test_every_public_callable_is_annotated(self):
        found = public_callables()
        self.assertGreater(len(found), 120)
        missing = []
        for name, f in found:
            sig = inspect.signature(f)
            for p in list(sig.parameters.values())[0:]:
                if p.name in ("self", "cls"):
                    continue
                if p.annotation is inspect.Parameter.empty:
                    missing.append("%s(%s)" % (name, p.name))
            if sig.return_annotation is inspect.Signature.empty:
                missing.append("%s -> ?" % name)
            typing.get_type_hints(f)   # every name in them resolves
        self.assertEqual(missing, [])

    def test_fields_are_typed_descriptors(self):
        hints = typing.get_type_hints(cx.TableRow)
        self.assertEqual(hints["n"], int)
        self.assertEqual(typing.get_type_hints(type(cx.Journey.name).__set__)
                         ["value"], typing.Optional[str])

    def test_py_typed_marker(self):
        self.assertTrue(os.path.isfile(os.path.join(PKG, "py.typed")))

    def test_mypy_reads_the_hints(self):
        cmd = mypy()
        if cmd is None:
            self.skipTest("mypy is not installed here")
        root = os.path.dirname(PKG)
        env = dict(os.environ, MYPYPATH=root)
        with tempfile.TemporaryDirectory() as d:
            base = cmd + ["--cache-dir", os.path.join(d, "cache"),
                          "--ignore-missing-imports"]
            r = subprocess.run(base + ["-p", "cxjourney"], cwd=root,
                               capture_output=True, text=True, env=env)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            for text, ok in ((CLIENT_OK, True), (CLIENT_WRONG, False)):
                path = os.path.join(d, "client.py")
                with open(path, "w") as f:
                    f.write(text)
                r = subprocess.run(base + [path], cwd=d, capture_output=True,
                                   text=True, env=env)
                if ok:
                    self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                else:
                    self.assertIn('incompatible types in assignment '
                                  '(expression has type "float", variable '
                                  'has type "str")', r.stdout.lower())


if __name__ == "__main__":
    unittest.main()
