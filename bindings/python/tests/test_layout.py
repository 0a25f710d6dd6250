"""The ctypes mirrors of the public C structs match the headers: a small C
program compiled against include/ prints every field's offset and each
struct's size, which must equal what ctypes computes. A header change that
moves a field fails here instead of corrupting memory at run time."""

import ctypes
import os
import shutil
import subprocess
import tempfile
import unittest

from cxjourney import _ffi

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..",
                                     ".."))


def headers():
    d = os.path.join(ROOT, "include", "cxjourney")
    text = ""
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), encoding="utf-8") as f:
            text += f.read()
    return text


def mirrored():
    """Every ctypes Structure in _ffi with fields (the opaque ones have
    none) whose C typedef the headers declare and whose family the library
    provides (its <name>_init function; cxj_error has none)."""
    text = headers()
    out = []
    for name in dir(_ffi):
        obj = getattr(_ffi, name)
        if isinstance(obj, type) and issubclass(obj, ctypes.Structure) and \
                obj is not ctypes.Structure and \
                getattr(obj, "_fields_", None) and \
                ("} %s;" % obj.__name__) in text and \
                (obj is _ffi.cxj_error or
                 "%s_init" % obj.__name__ not in _ffi.missing):
            out.append(obj)
    return out


class LayoutTest(unittest.TestCase):
    def test_structs_match_headers(self):
        cc = os.environ.get("CC", "cc")
        if not shutil.which(cc):
            self.skipTest("no C compiler")
        structs = mirrored()
        self.assertIn(_ffi.cxj_error, structs)
        lines = ["#include <stdio.h>", "#include <stddef.h>",
                 "#include <cxjourney.h>", "int main(void) {"]
        for s in structs:
            lines.append('printf("%s %%zu\\n", sizeof(%s));'
                         % (s.__name__, s.__name__))
            for f in s._fields_:
                lines.append('printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                             % (s.__name__, f[0], s.__name__, f[0]))
        lines.append("return 0; }")
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "layout.c")
            exe = os.path.join(d, "layout")
            with open(src, "w") as f:
                f.write("\n".join(lines) + "\n")
            r = subprocess.run([cc, "-std=c99", "-I",
                                os.path.join(ROOT, "include"), src, "-o",
                                exe], capture_output=True, text=True)
            if r.returncode != 0:
                self.fail("layout program does not compile (a struct or "
                          "field the binding mirrors is gone):\n" + r.stderr)
            got = subprocess.run([exe], capture_output=True, text=True,
                                 check=True).stdout.split("\n")
        c = dict(line.split() for line in got if line)
        for s in structs:
            self.assertEqual(int(c[s.__name__]), ctypes.sizeof(s),
                             "sizeof(%s)" % s.__name__)
            for f in s._fields_:
                key = "%s.%s" % (s.__name__, f[0])
                self.assertEqual(int(c[key]), getattr(s, f[0]).offset, key)


if __name__ == "__main__":
    unittest.main()
