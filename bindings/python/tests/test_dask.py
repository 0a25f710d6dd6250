"""cxjourney.dask on a distributed.LocalCluster of two worker processes:
the states built across workers and merged by the tree equal what one
metric fed every answer of a group gives (byte for byte for survey kinds,
counts exactly and moments to rounding for KPIs and weights), and NPS
equals pandas' own groupby arithmetic.

The cluster tests need pandas and distributed (Debian python3-pandas and
python3-distributed, for /usr/bin/python3). `make check-dask` runs them
with CXJ_DASK=1; without it (the stdlib-only `make check-python`) they are
skipped with a message, and so they are where pandas or distributed are
missing, unless CXJ_CI=1, where that is a failure. The import test runs
everywhere."""

import os
import subprocess
import sys
import unittest

import cxjourney as cx
from cxjourney import dask as cxdask

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)


def _dask_missing():
    """Why the cluster tests cannot run here, or None."""
    if os.environ.get("CXJ_DASK") != "1":
        return "run by make check-dask (with /usr/bin/python3)"
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import numpy  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as e:
        why = "%s: pandas and distributed are needed " \
              "(apt-get install python3-pandas python3-distributed)" % e
        if os.environ.get("CXJ_CI") == "1":
            raise RuntimeError(why + "; CXJ_CI=1, so this fails")
        return why
    return None


MISSING = _dask_missing()
if MISSING and os.environ.get("CXJ_DASK") == "1":
    print("dask: skipping the cluster tests: " + MISSING, file=sys.stderr)


class ImportTest(unittest.TestCase):
    def test_module_imports_without_dask(self):
        """Importing the binding and this module loads neither Dask, pandas
        nor numpy."""
        code = ("import sys, cxjourney, cxjourney.dask; "
                "print(sorted(m for m in ('dask', 'pandas', 'numpy', "
                "'distributed') if m in sys.modules))")
        env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT)
        out = subprocess.run([sys.executable, "-c", code], env=env,
                             capture_output=True, text=True, check=True)
        self.assertEqual(out.stdout.strip(), "[]")


def answers(n, seed=16):
    """A long-format frame as the CSV import reads it: NPS, CSAT, CES and a
    KPI over 40 touchpoints and 3 segments (some missing), some scores NaN,
    weights on every row."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    metric = rng.choice(["nps", "csat", "ces", "handle_time"], n,
                        p=[0.4, 0.3, 0.2, 0.1])
    score = np.where(metric == "nps", rng.integers(0, 11, n),
                     np.where(metric == "csat", rng.integers(1, 6, n),
                              rng.integers(1, 8, n))).astype(np.float64)
    kpi = metric == "handle_time"
    score[kpi] = np.round(rng.lognormal(5, 0.8, kpi.sum()), 3)
    score[rng.random(n) < 0.01] = np.nan
    segment = rng.choice(np.array(["FI", "SE", None], dtype=object), n,
                         p=[0.45, 0.45, 0.1])
    return pd.DataFrame({
        "respondent": ["r%06d" % i for i in range(n)],
        "touchpoint": ["tp%02d" % i for i in rng.integers(0, 40, n)],
        "metric": metric,
        "score": score,
        "segment": segment,
        "timestamp": pd.Timestamp("2025-01-01") +
        pd.to_timedelta(rng.integers(0, 90 * 86400, n), unit="s"),
        "weight": rng.choice([0.5, 1.0, 2.0, 3.25], n),
    })


def one_process(frame, weighted):
    """{(metric, touchpoint, segment): Metric} with one metric fed each
    group's answers in the frame's order: the reference, built without
    cxjourney.dask."""
    out = {}
    groups = frame.groupby(["metric", "touchpoint", "segment"], sort=False,
                           dropna=False)
    for (metric, tp, seg), g in groups:
        g = g[g.score.notna()]
        if not len(g):
            continue
        kind = metric if metric in ("nps", "csat", "ces") else "kpi"
        m = cx.Metric(kind)
        if weighted:
            m.extend(g.score.to_numpy(), g.weight.to_numpy())
        else:
            m.extend(g.score.to_numpy())
        seg = None if not isinstance(seg, str) else seg
        out[(metric, tp, seg)] = m
    return out


def close(a, b, rel=1e-12):
    return a == b or abs(a - b) <= rel * max(1.0, abs(a), abs(b))


@unittest.skipIf(MISSING, MISSING)
class ClusterTest(unittest.TestCase):
    ROWS = 200000

    @classmethod
    def setUpClass(cls):
        import logging
        import warnings

        # distributed 2022.12 on Python 3.11: tornado's own deprecation
        warnings.filterwarnings("ignore", "make_current is deprecated",
                                DeprecationWarning)

        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        # the workers import the binding and load the same library
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [PACKAGE_ROOT] + [p for p in os.environ.get("PYTHONPATH",
                                                        "").split(os.pathsep)
                              if p])
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1,
                                   processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        cls.client = Client(cls.cluster)
        cls.frame = answers(cls.ROWS)
        cls.ddf = dd.from_pandas(cls.frame, npartitions=8)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def assert_same(self, got, want, survey_exact):
        self.assertEqual(set(got), set(want))
        for key, m in want.items():
            theirs = got[key]
            if survey_exact and m.kind != cx.MetricKind.KPI:
                self.assertEqual(bytes(theirs), bytes(m), key)
                continue
            a, b = theirs.summary(), m.summary()
            self.assertEqual(a.count, b.count, key)
            self.assertEqual(theirs.histogram(), m.histogram(), key)
            self.assertEqual((a.min, a.max), (b.min, b.max), key)
            for f in ("weight_sum", "effective_n", "value", "std_error",
                      "mean", "stddev"):
                self.assertTrue(close(getattr(a, f), getattr(b, f)),
                                "%s %s: %r != %r" % (key, f, getattr(a, f),
                                                     getattr(b, f)))

    def test_across_workers_equals_one_process(self):
        from distributed import get_task_stream

        with get_task_stream(self.client) as ts:
            got = cxdask.metrics(self.ddf, weight=False, split_every=2)
        workers = {t["worker"] for t in ts.data
                   if "_partition_states" in t["key"]}
        self.assertEqual(len(workers), 2, "partitions ran on %s" % workers)
        merges = [t for t in ts.data if "_merge_states" in t["key"]]
        self.assertEqual(len(merges), 4 + 2 + 1)  # 8 partitions, fan-in 2
        want = one_process(self.frame, weighted=False)
        self.assert_same(got, want, survey_exact=True)
        kinds = {m.kind for m in want.values()}
        self.assertEqual(len(kinds), 4)
        self.assertEqual(sum(m.count for m in got.values()),
                         int(self.frame.score.notna().sum()))

    def test_weighted_counts_exact_moments_to_rounding(self):
        got = cxdask.metrics(self.ddf)          # the weight column
        want = one_process(self.frame, weighted=True)
        self.assert_same(got, want, survey_exact=False)
        key = ("nps", "tp07", "FI")
        self.assertNotEqual(got[key].effective_n, got[key].count)

    def test_nps_equals_pandas_groupby(self):
        f = self.frame[(self.frame.metric == "nps") & self.frame.score.notna()]
        f = f.assign(p=f.score >= 9, d=f.score <= 6)
        g = f.groupby(["touchpoint", "segment"])[["p", "d"]].mean()
        ref = 100 * (g.p - g.d)
        got = cxdask.metrics(self.ddf, metric="nps", weight=False)
        self.assertEqual(len(ref), sum(1 for k in got if k[2] is not None))
        for (tp, seg), v in ref.items():
            self.assertAlmostEqual(got[("nps", tp, seg)].value, v, places=9)

    def test_pandas_frame_and_other_keys(self):
        """A pandas frame is scored in this process, to the same states;
        by=[] gives one state per metric; daily keys for a rollup."""
        first = self.ddf.partitions[:1]
        here = cxdask.states(first.compute(), weight=False)
        there = cxdask.states(first, weight=False)
        self.assertEqual(here, there)
        # an integer score column (as read from a CSV) takes the same states
        pdf = first.compute()
        survey = pdf[pdf.metric != "handle_time"].dropna(subset=["score"])
        as_int = survey.assign(score=survey.score.astype("int64"))
        self.assertEqual(cxdask.states(as_int, weight=False),
                         cxdask.states(survey, weight=False))
        bad = as_int.assign(score=as_int.score.where(
            as_int.index != as_int.index[3], 11))
        with self.assertRaises(cx.OutOfRange):
            cxdask.states(bad, weight=False)
        per_metric = cxdask.metrics(self.ddf, by=[], weight=False)
        self.assertEqual(set(per_metric), {("nps",), ("csat",), ("ces",),
                                           ("handle_time",)})
        frame = self.ddf.assign(day=self.ddf.timestamp.dt.floor("D"))
        daily = cxdask.metrics(frame, by=["touchpoint", "segment", "day"],
                               weight=False)
        quarter = {}
        for (metric, tp, seg, day), m in daily.items():
            if (metric, tp, seg) in quarter:
                quarter[(metric, tp, seg)].merge(m)
            else:
                quarter[(metric, tp, seg)] = m
        want = one_process(self.frame, weighted=False)
        self.assert_same(quarter, want, survey_exact=False)
        for key, m in want.items():
            if m.kind != cx.MetricKind.KPI:
                self.assertEqual(bytes(quarter[key]), bytes(m), key)

    def test_bad_score_raises_the_library_error(self):
        import dask.dataframe as dd

        bad = self.frame.iloc[:1000].copy()
        bad.loc[bad.index[500], ["metric", "score"]] = ["nps", 11.0]
        with self.assertRaises(cx.OutOfRange) as cm:
            cxdask.metrics(dd.from_pandas(bad, npartitions=2))
        self.assertIn("11", str(cm.exception))
        self.assertIn("0..10", str(cm.exception))

    def test_arguments(self):
        with self.assertRaises(KeyError):
            cxdask.states(self.ddf, by=["channel"])
        with self.assertRaises(ValueError):
            cxdask.states(self.ddf.drop(columns="metric"))
        with self.assertRaises(ValueError):
            cxdask.states(self.ddf, split_every=1)
        only = cxdask.states(self.ddf.drop(columns="metric")
                             [self.ddf.metric == "csat"], metric="csat",
                             weight=False)
        self.assertEqual({k[0] for k in only}, {"csat"})


if __name__ == "__main__":
    unittest.main()
