"""The package's modules depend on each other one way: no import circle,
not even through imports inside functions; the enums need nothing of the
binding; _ffi.py is the ctypes table and the error checks, and the
converters live in _convert.py."""

import ast
import os
import unittest

import cxjourney
from cxjourney import _ffi

PKG = os.path.dirname(os.path.abspath(cxjourney.__file__))


def imports():
    """{module: set of package modules it imports anywhere in its text}."""
    graph = {}
    for fn in sorted(os.listdir(PKG)):
        if not fn.endswith(".py"):
            continue
        name = fn[:-3]
        with open(os.path.join(PKG, fn), encoding="utf-8") as f:
            tree = ast.parse(f.read(), fn)
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level == 1 and node.module:
                    deps.add(node.module.split(".")[0])
                elif node.level == 1:
                    deps.update(a.name for a in node.names)
                elif node.module and node.module.startswith("cxjourney."):
                    deps.add(node.module.split(".")[1])
                elif node.module == "cxjourney":
                    deps.update(a.name for a in node.names)
        deps.discard(name)
        graph[name] = deps
    return graph


class ModulesTest(unittest.TestCase):
    def test_no_import_circle(self):
        graph = imports()
        # depth-first search; a grey node met again closes a circle
        state = {}

        def visit(m, path):
            if state.get(m) == "done":
                return
            if state.get(m) == "open":
                self.fail("import circle: " + " -> ".join(path + [m]))
            state[m] = "open"
            for d in sorted(graph.get(m, ())):
                visit(d, path + [m])
            state[m] = "done"

        for m in sorted(graph):
            visit(m, [])
        # the three of the old circle, now one way
        self.assertNotIn("_journey", graph["_io"])
        self.assertNotIn("_journey", graph["_score"])
        self.assertIn("_io", graph["_journey"])
        self.assertIn("_score", graph["_journey"])

    def test_enums_and_ffi_stand_low(self):
        graph = imports()
        self.assertEqual(graph["_enums"], set())
        self.assertEqual(graph["_errors"], set())
        self.assertEqual(graph["_ffi"], {"_errors"})

    def test_ffi_is_the_table_and_the_error_checks(self):
        functions = {k for k, v in vars(_ffi).items()
                     if callable(v) and getattr(v, "__module__", None) ==
                     _ffi.__name__ and not isinstance(v, type)}
        self.assertEqual(functions, {"_candidates", "_load", "_opaque",
                                     "raise_last", "_text", "check_status",
                                     "check_status_but_einval", "_ok",
                                     "raise_recorded", "check_found",
                                     "_found", "recorded", "_absent",
                                     "_bind", "fn"})
        from cxjourney import _convert
        for name in ("enc", "dec", "path", "index", "real", "to_enum",
                     "doubles", "strings", "buffer_of", "bytes_in",
                     "take_bytes", "take_string", "id_of", "selection",
                     "kind", "handle"):
            self.assertTrue(callable(getattr(_convert, name)), name)
            self.assertFalse(hasattr(_ffi, name), name)


if __name__ == "__main__":
    unittest.main()
