"""pyproject.toml installs the package: pip, offline (--no-index,
--no-build-isolation), into a new venv made without pip, from a copy of
bindings/python; the installed package carries py.typed, loads the
library named by CXJ_LIBRARY, and finds libcxjourney.so.0 through the
dynamic loader as after `make install`. Skipped where no interpreter has
pip and setuptools 61 or later (with wheel before setuptools 70.1)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
ROOT = os.path.normpath(os.path.join(PKG, "..", ".."))

PROBE = """
import setuptools
import pip
major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
assert (major, minor) >= (61, 0)
if (major, minor) < (70, 1):
    import wheel
"""


def builder():
    """An interpreter that can build and install the package offline."""
    for python in (sys.executable, os.environ.get("REFPYTHON"),
                   "/usr/bin/python3"):
        if python and shutil.which(python) and subprocess.run(
                [python, "-c", PROBE], capture_output=True).returncode == 0:
            return python
    return None


def library():
    """The shared library under test, as the test run names it."""
    lib = os.environ.get("CXJ_LIBRARY") or os.path.join(
        ROOT, "build", "libcxjourney.so.0")
    return lib if os.path.exists(lib) else None


class InstallTest(unittest.TestCase):
    def test_pip_installs_into_a_fresh_venv(self):
        python = builder()
        if python is None:
            self.skipTest("no python here has pip and setuptools>=61 (and "
                          "wheel) to build the package offline")
        lib = library()
        if lib is None:
            self.skipTest("no built library to load")
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "src")
            os.mkdir(src)
            # a copy: pip builds in the source tree, which stays clean
            shutil.copytree(os.path.join(PKG, "cxjourney"),
                            os.path.join(src, "cxjourney"),
                            ignore=shutil.ignore_patterns("__pycache__"))
            for f in ("pyproject.toml", "README.md"):
                shutil.copy(os.path.join(PKG, f), src)
            venv = os.path.join(d, "venv")
            subprocess.run([python, "-m", "venv", "--without-pip",
                            "--system-site-packages", venv], check=True)
            vpy = os.path.join(venv, "bin", "python")
            env = dict(os.environ)
            for k in ("CXJ_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH"):
                env.pop(k, None)
            r = subprocess.run([vpy, "-m", "pip", "install", "--no-index",
                                "--no-build-isolation", "--no-deps", src],
                               cwd=d, env=env, capture_output=True,
                               text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

            def run(code, **extra):
                e = dict(env)
                e.update(extra)
                return subprocess.run([vpy, "-c", code], cwd=d, env=e,
                                      capture_output=True, text=True,
                                      timeout=60)

            r = run("import cxjourney as cx, os, sys\n"
                    "print(cx.__file__.startswith(sys.prefix))\n"
                    "print(os.path.exists(os.path.join(os.path.dirname("
                    "cx.__file__), 'py.typed')))\n"
                    "print(cx.__version__)\n"
                    "print(cx.Metric.nps())\n"
                    "from importlib import metadata\n"
                    "print(metadata.version('cxjourney'))\n",
                    CXJ_LIBRARY=lib)
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.split("\n")
            self.assertEqual(lines[:2], ["True", "True"])
            self.assertEqual(lines[3], "<Metric nps n=0: no answers here>")
            self.assertEqual(lines[4], lines[2])
            # installed outside a source tree: the loader's path finds it
            r = run("import cxjourney._ffi as f; print(f.library_path)",
                    LD_LIBRARY_PATH=os.path.dirname(lib))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.strip(), "libcxjourney.so.0")
            if not shutil.which("ldconfig") or subprocess.run(
                    ["sh", "-c", "ldconfig -p | grep -q libcxjourney"]
            ).returncode != 0:
                r = run("import cxjourney")
                self.assertIn("cannot find libcxjourney", r.stderr)
                self.assertIn("system: libcxjourney.so.0", r.stderr)


if __name__ == "__main__":
    unittest.main()
