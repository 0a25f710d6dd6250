"""Every C block the binding causes to be allocated is freed exactly once,
also when an allocation fails midway. A child process installs a counting,
failing allocator with cxj_set_allocator before anything else touches the
library, then runs a workload once per allocation, failing that one."""

import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

CHILD = r'''
import ctypes, gc, json, os, sys
from ctypes import CFUNCTYPE, POINTER, Structure, c_int, c_size_t, c_void_p

libc = ctypes.CDLL(None)
libc.malloc.restype = c_void_p
libc.malloc.argtypes = [c_size_t]
libc.realloc.restype = c_void_p
libc.realloc.argtypes = [c_void_p, c_size_t]
libc.free.argtypes = [c_void_p]

live = set()
state = {"n": 0, "fail_at": 0, "failed": False, "bad_free": 0}

def take():
    state["n"] += 1
    if state["n"] == state["fail_at"]:
        state["failed"] = True
        return False
    return True

MALLOC = CFUNCTYPE(c_void_p, c_size_t, c_void_p)
REALLOC = CFUNCTYPE(c_void_p, c_void_p, c_size_t, c_void_p)
FREE = CFUNCTYPE(None, c_void_p, c_void_p)

@MALLOC
def my_malloc(size, user):
    if not take():
        return None
    p = libc.malloc(size)
    live.add(p)
    return p

@REALLOC
def my_realloc(ptr, size, user):
    if not take():
        return None
    q = libc.realloc(ptr, size)
    if q:
        live.discard(ptr)
        live.add(q)
    return q

@FREE
def my_free(ptr, user):
    if ptr is None:
        return
    if ptr not in live:
        state["bad_free"] += 1
        return
    live.remove(ptr)
    libc.free(ptr)

class Allocator(Structure):
    _fields_ = [("malloc", MALLOC), ("realloc", REALLOC), ("free", FREE),
                ("user", c_void_p)]

lib = ctypes.CDLL(os.environ["CXJ_LIBRARY"])
lib.cxj_set_allocator.argtypes = [POINTER(Allocator)]
allocator = Allocator(my_malloc, my_realloc, my_free, None)
assert lib.cxj_set_allocator(ctypes.byref(allocator)) == 0

sys.path.insert(0, sys.argv[1])
import cxjourney as cx

def model():
    j = cx.Journey("itsm", name="ITSM", description="d")
    j.targets["nps"] = 20
    p = j.add_persona("fi", "customer", name="FI", attributes={"c": "FI"})
    j.add_persona("agent", "front_office")
    s = j.add_stage("contact", name="Contact")
    t = s.add_touchpoint("call", name="Call", channel="phone",
                         steps=["a", "b"], pain_points=["p"], promise="x",
                         moment_of_truth=True)
    t.add_persona(p)
    t.add_persona("agent")
    t.attributes["k"] = "v"
    t.targets["csat"] = 80
    s.add_touchpoint("mail", channel="email", index=0)
    j.add_stage("resolve", index=0).move(1)
    t.steps.insert(0, "z")
    j.validate()
    t.steps.pop()
    j.remove_stage("resolve")
    j.stage("contact").remove_touchpoint("mail")
    if "cxj_journey_save_buffer" not in cx.missing_functions:
        with cx.Journey.loads(j.dumps(), unknown_keys="warn") as k:
            k.touchpoint("call").name
    j.close()

def metrics():
    if "cxj_metric_new" in cx.missing_functions:
        return
    with cx.Metric.nps() as a, cx.Metric.kpi("s") as k:
        a.extend([9, 10, 3])
        b = cx.Metric.from_bytes(bytes(a))
        c = a + b
        a.merge(c)
        a.compare(b)
        a.ci()
        k.add(1.5, 2.0)
        for m in (b, c):
            m.close()

def responses():
    if "cxj_responses_new" in cx.missing_functions:
        return
    with cx.Responses() as r:
        r.add("r1", "call", "nps", 9, segment="FI", timestamp=5)
        r.add_contact("r2", "call")
        r.add_columns("csat", ["r3", "r4"], ["call", "mail"], [4, 5],
                      segments=["SE", None])
        r.import_csv_text("respondent,touchpoint,metric,score\nr5,call,nps,7\n")
        list(r)
        if "cxj_journey_score" not in cx.missing_functions:
            with cx.Journey("j") as j:
                j.add_stage("s").add_touchpoint("call")
                with j.score(r, period="day") as s:
                    s.metric("call", "nps").close()
                    s.breakdown("call", "nps")
                    s.drill(r, "call", "nps", 0, 10)
                    s.curve

def stats():
    cx.correlate([1, 2, 3, 4], [2, 1, 4, 3], "kendall")
    cx.correlation_matrix([[1, 2, 3, 4], [2, 1, 4, 3], [4, 3, 1, 2]])
    cx.association([[3, 1], [1, 4]])
    cx.relative_weights([[1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 6]],
                        [1, 2, 3, 5, 4, 6])
    with cx.Responses() as r:
        text = "respondent,touchpoint,metric,score\n"
        for i in range(8):
            text += "r%d,j,nps,%d\nr%d,a,csat,%d\nr%d,b,csat,%d\n" % (
                i, i, i, 1 + i % 5, i, 1 + (i * 3) % 5)
            text += "r%d,j,code1,%d\nr%d,j,code2,%d\n" % (i, i % 2, i,
                                                          i % 3)
        r.import_csv_text(text)
        r.crosstab("code1", "code2")
        with cx.Journey("j") as j:
            s = j.add_stage("s")
            s.add_touchpoint("a")
            s.add_touchpoint("b")
            j.drivers(r, "nps", min_pairs=3)

workload = [model, metrics, responses, stats]
report = {"runs": 0, "leaks": [], "bad_free": 0, "nomem": 0, "other": []}
fail_at = 1
while True:
    state.update(n=0, fail_at=fail_at, failed=False)
    try:
        for w in workload:
            w()
    except cx.NoMemory:
        report["nomem"] += 1
    except Exception as e:
        report["other"].append("%d: %r" % (fail_at, e))
    gc.collect()
    report["runs"] += 1
    if live:
        report["leaks"].append(fail_at)
        live.clear()
    if not state["failed"]:
        break
    fail_at += 1
report["bad_free"] = state["bad_free"]
report["allocations"] = state["n"]
print(json.dumps(report))
'''


class MemoryTest(unittest.TestCase):
    def test_every_block_freed_once_under_failing_allocations(self):
        env = dict(os.environ)
        if "CXJ_LIBRARY" not in env:
            self.skipTest("needs CXJ_LIBRARY")
        r = subprocess.run([sys.executable, "-c", CHILD,
                            os.path.dirname(HERE)], capture_output=True,
                           text=True, env=env, timeout=240)
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        report = json.loads(r.stdout.strip().splitlines()[-1])
        self.assertEqual(report["leaks"], [], report)
        self.assertEqual(report["bad_free"], 0, report)
        self.assertEqual(report["other"], [], report)
        # the sweep reached the end: one run per allocation plus a clean one
        self.assertEqual(report["runs"], report["allocations"] + 1)
        self.assertGreater(report["nomem"], 0)


if __name__ == "__main__":
    unittest.main()
