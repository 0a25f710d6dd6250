"""The Python side of bench_python.sh: times Metric.extend() over the raw
doubles py_add_bench.c wrote (read into an array.array('d')), best of REPS
runs; prints seconds, count and value like the C side."""

import array
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "bindings", "python"))
import cxjourney  # noqa: E402


def main(path, reps):
    scores = array.array("d")
    with open(path, "rb") as f:
        scores.frombytes(f.read())
    best = float("inf")
    m = None
    for _ in range(reps):
        if m is not None:
            m.close()
        m = cxjourney.Metric.nps()
        t0 = time.perf_counter()
        m.extend(scores)
        best = min(best, time.perf_counter() - t0)
    print("%.6f %d %.10f" % (best, m.count, m.value))
    m.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
