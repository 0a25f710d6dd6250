"""The loader, the function table and error translation."""

import ctypes
import os
import pickle
import subprocess
import sys
import unittest

import cxjourney
from cxjourney import _convert, _errors, _ffi

HERE = os.path.dirname(os.path.abspath(__file__))
PKG_ROOT = os.path.dirname(HERE)

INT_GETTERS = {
    "cxj_version_number", "cxj_persona_kind_of",
    "cxj_touchpoint_moment_of_truth", "cxj_touchpoint_experience",
    "cxj_diagnostics_severity", "cxj_diagnostics_rule", "cxj_metric_kind_of",
    "cxj_responses_kind", "cxj_responses_source", "cxj_scores_experience"}


class LoaderTest(unittest.TestCase):
    def test_version_matches_header_major(self):
        self.assertEqual(cxjourney.library_version_number // 10000,
                         _ffi.ABI_MAJOR)
        major, minor, patch = map(int, cxjourney.library_version.split("."))
        self.assertEqual(cxjourney.library_version_number,
                         major * 10000 + minor * 100 + patch)

    def _import_with(self, env):
        e = dict(os.environ)
        e.pop("CXJ_LIBRARY", None)
        e.update(env)
        return subprocess.run(
            [sys.executable, "-c", "import cxjourney, cxjourney._ffi as f;"
             "print(f.library_path)"], cwd=PKG_ROOT, env=e, capture_output=True,
            text=True)

    def test_bad_cxj_library_is_an_import_error_naming_it(self):
        r = self._import_with({"CXJ_LIBRARY": "/nonexistent/libcx.so"})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError", r.stderr)
        self.assertIn("/nonexistent/libcx.so", r.stderr)

    def test_nothing_found_lists_every_path_tried(self):
        import ctypes.util
        import shutil
        import tempfile
        if ctypes.util.find_library("cxjourney"):
            self.skipTest("libcxjourney is installed on this system")
        with tempfile.TemporaryDirectory() as d:
            pkg = os.path.join(d, "bindings", "python")
            shutil.copytree(os.path.join(PKG_ROOT, "cxjourney"),
                            os.path.join(pkg, "cxjourney"))
            e = dict(os.environ)
            e.pop("CXJ_LIBRARY", None)
            e.pop("LD_LIBRARY_PATH", None)
            r = subprocess.run([sys.executable, "-c", "import cxjourney"],
                               cwd=pkg, env=e, capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError: cxjourney: cannot find libcxjourney",
                      r.stderr)
        for tried in (os.path.join(d, "build", "libcxjourney.so.0"),
                      os.path.join(d, "build", "libcxjourney.so"),
                      "system: libcxjourney.so.0", "find_library: not found"):
            self.assertIn(tried, r.stderr)

    def test_build_tree_found_without_cxj_library(self):
        r = self._import_with({})
        self.assertEqual(r.returncode, 0, r.stderr)
        root = os.path.normpath(os.path.join(PKG_ROOT, "..", ".."))
        self.assertTrue(r.stdout.strip().startswith(os.path.join(root,
                                                                 "build")))

    def test_library_has_every_row(self):
        # The build tree's library must provide every function bound.
        self.assertEqual(_ffi.missing, [])

    def test_has_function(self):
        self.assertTrue(cxjourney.has_function("cxj_journey_new"))
        self.assertFalse(cxjourney.has_function("cxj_set_allocator"))
        self.assertFalse(cxjourney.has_function("cxj_no_such_thing"))
        for name in cxjourney.missing_functions:
            self.assertFalse(cxjourney.has_function(name))

    def test_names_outside_the_table_are_refused(self):
        self.assertIs(_ffi.fn("cxj_journey_id"), _ffi.lib.cxj_journey_id)
        with self.assertRaises(AttributeError):
            _ffi.fn("cxj_set_allocator")

    def test_table_declares_every_function(self):
        names = [row[0] for row in _ffi.FUNCTIONS]
        self.assertEqual(len(names), len(set(names)), "duplicate rows")
        for name, argtypes, restype, errcheck in _ffi.FUNCTIONS:
            if name in _ffi.missing:
                continue
            f = getattr(_ffi.lib, name)
            self.assertEqual(f.argtypes, argtypes, name)
            self.assertIs(f.restype, restype, name)
            # an int result is a status code, checked, unless the function
            # is one of these getters of enum or flag values
            if restype is ctypes.c_int and errcheck is None:
                self.assertIn(name, INT_GETTERS)

    def test_every_binding_call_is_in_the_table(self):
        # Any lib.cxj_* name used by the package must have a table row.
        import re
        pkg = os.path.dirname(cxjourney.__file__)
        names = {row[0] for row in _ffi.FUNCTIONS}
        for fn in os.listdir(pkg):
            if not fn.endswith(".py"):
                continue
            with open(os.path.join(pkg, fn), encoding="utf-8") as f:
                src = f.read()
            for m in re.finditer(r"_lib\.(cxj_\w+)", src):
                self.assertIn(m.group(1), names, fn)

    def test_wrong_handle_type_is_a_ctypes_error_not_a_crash(self):
        j = cxjourney.Journey("j")
        s = j.add_stage("s")
        with self.assertRaises(ctypes.ArgumentError) as cm:
            _ffi.lib.cxj_persona_id(s._h)
        self.assertIn("TypeError", str(cm.exception))
        with self.assertRaises(ctypes.ArgumentError):
            _ffi.lib.cxj_stage_id(j._h)
        j.close()


class ErrorTest(unittest.TestCase):
    def test_classes_per_code(self):
        expect = {
            -1: (cxjourney.NoMemory, MemoryError),
            -2: (cxjourney.InvalidArgument, ValueError),
            -3: (cxjourney.ParseError, ValueError),
            -4: (cxjourney.CxjIOError, OSError),
            -5: (cxjourney.NotFound, KeyError),
            -6: (cxjourney.AlreadyExists, ValueError),
            -7: (cxjourney.LimitExceeded, ValueError),
            -8: (cxjourney.OutOfRange, ValueError),
            -9: (cxjourney.InUse, RuntimeError),
        }
        for code, (cls, builtin) in expect.items():
            e = _errors.make_error(code, "boom")
            self.assertIs(type(e), cls)
            self.assertIsInstance(e, cxjourney.CxjError)
            self.assertIsInstance(e, builtin)
            self.assertEqual(e.code, code)
            self.assertEqual(str(e), "boom")
        self.assertIs(type(_errors.make_error(-99, "x")), cxjourney.CxjError)

    def test_position_in_message_and_pickle(self):
        e = _errors.make_error(-3, "bad key", "j.yaml", 3, 7)
        self.assertEqual(str(e), "j.yaml:3:7: bad key")
        self.assertEqual((e.file, e.line, e.column), ("j.yaml", 3, 7))
        e2 = pickle.loads(pickle.dumps(e))
        self.assertEqual((type(e2), str(e2)), (type(e), str(e)))
        self.assertEqual(str(_errors.make_error(-3, "m", None, 2, 5)),
                         "line 2, column 5: m")

    def test_errcheck_uses_the_thread_last_error(self):
        j = cxjourney.Journey("j")
        j.add_stage("dup")
        with self.assertRaises(cxjourney.AlreadyExists) as cm:
            j.add_stage("dup")
        last = _ffi.lib.cxj_error_last().contents
        self.assertEqual(cm.exception.code, last.code)
        self.assertEqual(cm.exception.message, last.message.decode())
        self.assertIn("dup", cm.exception.message)
        self.assertIsNone(cm.exception.file)
        j.close()

    def test_errors_are_per_thread(self):
        # ctypes releases the GIL during calls; each thread's exception must
        # carry its own last error, not another thread's.
        import threading
        bad = []

        def work(k):
            with cxjourney.Journey("j%d" % k) as j:
                j.add_stage("s%d" % k)
                for _ in range(300):
                    try:
                        j.add_stage("s%d" % k)
                    except cxjourney.AlreadyExists as e:
                        if "s%d" % k not in e.message:
                            bad.append(e.message)
                    else:
                        bad.append("no error")

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(bad, [])

    def test_mismatched_last_error_falls_back_to_strerror(self):
        _ffi.lib.cxj_error_clear()
        with self.assertRaises(cxjourney.InUse) as cm:
            _ffi.raise_last(-9)
        self.assertEqual(str(cm.exception),
                         _ffi.lib.cxj_strerror(-9).decode())

    def test_strings_in(self):
        self.assertIsNone(_convert.enc(None))
        self.assertEqual(_convert.enc("ä"), b"\xc3\xa4")
        with self.assertRaises(TypeError):
            _convert.enc(b"bytes")
        with self.assertRaisesRegex(ValueError, "NUL"):
            _convert.enc("a\0b")
        with self.assertRaises(UnicodeEncodeError):
            _convert.enc("\udc80")

    def test_index_helper(self):
        self.assertEqual(_convert.index(-1, 3), 2)
        self.assertEqual(_convert.index(3, 3, end_ok=True), 3)
        for bad in (3, -4):
            with self.assertRaises(IndexError):
                _convert.index(bad, 3)
        with self.assertRaises(TypeError):
            _convert.index(1.0, 3)


if __name__ == "__main__":
    unittest.main()
