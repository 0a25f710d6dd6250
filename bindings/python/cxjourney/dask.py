"""Metrics of a Dask dataframe of answers, computed where its partitions
live: each partition builds its metric states through the library, the
states travel between workers as their portable bytes, and a tree of merges
joins them. Counts come out exactly as one process fed every answer would
have them; weight sums and KPI moments to floating-point rounding.

The frame is in the long format of the CSV import (cxj_responses(3)): one
answer a row, columns respondent, touchpoint (or target), metric, score,
segment, source, timestamp, weight; only the score, the metric (unless given
for every row) and the columns grouped by are read.

    import dask.dataframe as dd
    from cxjourney import dask as cxdask

    answers = dd.read_csv("answers-*.csv")
    scores = cxdask.metrics(answers)            # by touchpoint and segment
    fi = scores[("nps", "call-desk", "FI")]     # a cxjourney.Metric
    print(fi.value, fi.ci(), fi.compare(scores[("nps", "call-desk", "SE")]))

    # daily states, to store and merge into any longer period later
    answers["day"] = dd.to_datetime(answers.timestamp).dt.floor("D")
    daily = cxdask.states(answers, by=["touchpoint", "segment", "day"])

Dask, pandas and numpy are imported only inside these functions: importing
this module, like the rest of the binding, needs the standard library only.
A pandas DataFrame is accepted too, and scored in the calling process.
"""

from typing import Any, Dict, Optional, Sequence, Tuple, Union

from ._enums import MetricKind
from ._errors import InvalidArgument
from ._metric import Metric, kind_scale

__all__ = ["metrics", "states"]

_SURVEY = (MetricKind.CSAT, MetricKind.NPS, MetricKind.CES)


def _kind_of(name):
    """The kind of a metric name as the library reads it ("csat", "nps",
    "ces", "kpi", any case); any other name is a KPI."""
    try:
        with Metric(name) as m:
            return m.kind
    except InvalidArgument:
        return MetricKind.KPI


def _resolve(columns, by, metric, score, weight):
    """The columns to read, checked against the frame's: (metric_column or
    None, metric name or None, by, score, weight or None)."""
    columns = list(columns)
    if by is None:
        target = "touchpoint" if "touchpoint" in columns else "target"
        by = [target] + (["segment"] if "segment" in columns else [])
    elif isinstance(by, str):
        by = [by]
    by = list(by)
    metric_column = "metric" if "metric" in columns else None
    if metric_column is None and metric is None:
        raise ValueError("the frame has no 'metric' column: say which "
                         "metric its scores are with metric=")
    if weight is None:
        weight = "weight" if "weight" in columns else False
    need = by + [score] + ([weight] if weight else [])
    missing = [c for c in need if c not in columns]
    if missing:
        raise KeyError("the frame has no column %s (it has %s)"
                       % (", ".join(map(repr, missing)),
                          ", ".join(map(repr, columns))))
    if metric_column in by:
        raise ValueError("'metric' is always the first part of a key; "
                         "leave it out of by")
    return metric_column, metric, tuple(by), score, weight or None


def _group_codes(frame, by):
    """(codes, keys): for each row the number of its group, 0..G-1, and the
    key tuple of each group (missing values as None). Arithmetic in place:
    on a virtual machine every fresh page of a temporary costs more than
    the arithmetic on it."""
    import numpy as np
    import pandas as pd

    n = len(frame)
    if not by:
        return np.zeros(n, dtype=np.int64), [()]
    digits, uniques = [], []
    for col in by:
        c, u = pd.factorize(frame[col])     # a missing value is -1
        c = c.astype(np.int64, copy=False)
        c += 1
        digits.append(c)
        uniques.append([None] + [_plain(v) for v in u])
    size = 1
    for u in uniques:
        size *= len(u)
    if size >= 2 ** 62:
        rows, codes = np.unique(np.stack(digits, axis=1), axis=0,
                                return_inverse=True)
        return codes.reshape(-1), [tuple(u[d] for u, d in zip(uniques, r))
                                   for r in rows.tolist()]
    combined = digits[0]
    for c, u in zip(digits[1:], uniques[1:]):
        combined *= len(u)
        combined += c
    if size <= max(1 << 20, 4 * n):
        present = np.flatnonzero(np.bincount(combined, minlength=size))
        remap = np.zeros(size, dtype=np.int64)
        remap[present] = np.arange(len(present))
        codes = remap[combined]
    else:
        present, codes = np.unique(combined, return_inverse=True)
    cols = []
    rest = present
    for u in reversed(uniques):
        rest, d = np.divmod(rest, len(u))
        cols.append([u[i] for i in d.tolist()])
    return codes, list(zip(*reversed(cols)))


def _plain(v):
    """numpy scalars as Python ones, so that keys compare and hash alike on
    every side."""
    return v.item() if type(v).__module__ == "numpy" else v


def _bin_survey(kind, g, s, whole, groups):
    """Answers per (group, scale point) as a groups x points array, when
    every score s is a whole number on the kind's scale; None otherwise
    (the library then says what is wrong with which score). whole: the
    scores are known to be integers."""
    import numpy as np

    if kind not in _SURVEY or not len(s):
        return None
    lo, hi = kind_scale(kind)
    if s.min() < lo or s.max() > hi:
        return None
    if not whole and not np.array_equal(s, np.floor(s)):
        return None
    width = hi - lo + 1
    idx = s.astype(np.int64)
    idx -= lo
    gw = g * width
    idx += gw
    del gw
    return lo, np.bincount(idx, minlength=groups * width).reshape(groups,
                                                                 width)


def _partition_states(frame, spec):
    """{(metric, *key): state bytes} of one pandas partition. NaN scores
    (and NaN weights) are skipped, as SQL aggregates skip NULLs."""
    import numpy as np
    import pandas as pd
    from pandas.api.types import is_integer_dtype, is_numeric_dtype

    metric_column, metric, by, score, weight = spec
    out = {}
    if not len(frame):
        return out
    col = frame[score]
    if not is_numeric_dtype(col.dtype):
        col = pd.to_numeric(col)
    # a plain integer column: whole numbers, none missing
    whole = is_integer_dtype(col.dtype) and isinstance(col.dtype, np.dtype)
    scores = col.to_numpy() if whole else \
        col.to_numpy(dtype=np.float64, na_value=np.nan)
    keep = None if whole else ~np.isnan(scores)
    weights = None
    if weight:
        weights = pd.to_numeric(frame[weight]).to_numpy(dtype=np.float64,
                                                        na_value=np.nan)
        wkeep = ~np.isnan(weights)
        keep = wkeep if keep is None else keep & wkeep
    if keep is not None and keep.all():
        keep = None
    if metric_column:
        mcodes, names = pd.factorize(frame[metric_column])
        if metric is not None:
            names = [n if n == metric else None for n in names]
    else:
        mcodes, names = None, [metric]
    codes, keys = _group_codes(frame, by)
    for j, name in enumerate(names):
        if name is None:
            continue
        sel = keep
        if mcodes is not None and len(names) > 1:
            mine = mcodes == j
            sel = mine if sel is None else sel & mine
        elif mcodes is not None and (mcodes < 0).any():
            sel = (mcodes == j) if sel is None else sel & (mcodes == j)
        if sel is None:
            g, s, w = codes, scores, weights
        else:
            if not sel.any():
                continue
            g, s = codes[sel], scores[sel]
            w = weights[sel] if weights is not None else None
        kind = _kind_of(name)
        binned = _bin_survey(kind, g, s, whole, len(keys)) \
            if w is None else None
        if binned:
            lo, counts = binned
            for gi in np.flatnonzero(counts.any(axis=1)):
                with Metric(kind) as m:
                    for k in np.flatnonzero(counts[gi]):
                        m.add_count(lo + int(k), int(counts[gi, k]))
                    out[(_plain(name),) + keys[gi]] = bytes(m)
            continue
        # one contiguous run of scores per group, in the frame's order
        order = np.argsort(g, kind="stable")
        g = g[order]
        s = np.ascontiguousarray(s[order], dtype=np.float64)
        if w is not None:
            w = np.ascontiguousarray(w[order])
        starts = np.concatenate(([0], np.flatnonzero(np.diff(g)) + 1))
        ends = np.concatenate((starts[1:], [len(g)]))
        for a, b in zip(starts, ends):
            with Metric(kind) as m:
                m.extend(s[a:b], None if w is None else w[a:b])
                out[(_plain(name),) + keys[g[a]]] = bytes(m)
    return out


def _merge_states(*parts):
    """The states of several partitions (or merges) as one: a state per key,
    merged in the order given."""
    acc = {}
    try:
        for part in parts:
            for key, state in part.items():
                m = Metric.from_bytes(state)
                have = acc.get(key)
                if have is None:
                    acc[key] = m
                else:
                    have.merge(m)
                    m.close()
        return {key: bytes(m) for key, m in acc.items()}
    finally:
        for m in acc.values():
            m.close()


def states(df: Any, by: Optional[Sequence[str]] = None,
           metric: Optional[str] = None, score: str = "score",
           weight: Union[str, bool, None] = None, split_every: int = 8,
           compute: bool = True) -> Any:
    """{(metric, *values of by): state bytes} of every group of answers.

    df: a dask.dataframe.DataFrame (or a pandas DataFrame, scored here).
    by: the columns of a key after the metric; default the touchpoint (or
    target) column and segment when there is one; [] for one state per
    metric. metric: the metric of every row when the frame has no 'metric'
    column; with one, only that metric's rows. score, weight: column names;
    weight defaults to the 'weight' column when there is one (False: none).
    split_every: how many states one merge task joins (the fan-in of the
    tree). compute=False returns the Dask Delayed of the dict instead.

    Missing keys become None; NaN scores and weights are skipped. A bad
    score raises the library's OutOfRange, naming the score and the scale.
    """
    spec = _resolve(df.columns, by, metric, score, weight)
    if split_every < 2:
        raise ValueError("split_every must be at least 2")
    if not hasattr(df, "to_delayed"):
        return _partition_states(df, spec)
    from dask import delayed

    level = [delayed(_partition_states, pure=True)(p, spec)
             for p in df.to_delayed()]
    while len(level) > 1:
        level = [delayed(_merge_states, pure=True)(*level[i:i + split_every])
                 for i in range(0, len(level), split_every)]
    result = level[0] if level else delayed(dict)()
    return result.compute() if compute else result


def metrics(df: Any, by: Optional[Sequence[str]] = None,
            metric: Optional[str] = None, score: str = "score",
            weight: Union[str, bool, None] = None,
            split_every: int = 8) -> Dict[Tuple[Any, ...], Metric]:
    """states(...) as {(metric, *key): Metric}: the value, uncertainty and
    comparisons of each group, and merge() into other periods or shards."""
    return {key: Metric.from_bytes(state)
            for key, state in states(df, by, metric, score, weight,
                                     split_every).items()}
