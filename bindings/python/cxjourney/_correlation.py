"""Correlation (correlation.h) and key drivers (drivers.h): numeric series
in, figures out. Float64 buffers reach C without a Python-level loop."""

import array
import operator
from ctypes import byref, c_double, c_size_t, c_uint64
from typing import Any, List, NamedTuple, Optional, Tuple, Union

from . import _convert, _ffi
from ._enums import CorrMethod, MetricKind, Quadrant

_lib = _ffi.lib


CorrMethodLike = Union[CorrMethod, str, int]
#: Numbers in bulk: a float64 buffer is read in place, any other iterable
#: of numbers is converted once.
Numbers = Any


class Correlation(NamedTuple):
    """r with its p-value, the pairs used (n) and r's confidence interval."""
    r: float
    p_value: float
    n: int
    ci_low: float
    ci_high: float
    ci_level: float


class Association(NamedTuple):
    """A chi-square test of a contingency table, with Cramer's V."""
    chi2: float
    df: float
    p_value: float
    cramers_v: float
    cramers_v_corrected: float
    total: float
    min_expected: float
    low_expected: bool
    rows_used: int
    cols_used: int


class Driver(NamedTuple):
    """One touchpoint's importance for the outcome against its
    performance, and the quadrant that puts it in."""
    touchpoint: str
    stage: str
    pairs: int
    importance: float
    p_value: float
    relative_weight: float
    relative_share: float
    performance: float
    answers: int
    quadrant: Quadrant


def correlate(x: Numbers, y: Numbers, method: CorrMethodLike = "spearman",
              ci_level: float = 0.95) -> Correlation:
    """The correlation of x and y (pairs with a NaN skipped):
    Correlation(r, p_value, n, ci_low, ci_high, ci_level)."""
    method = _convert.to_enum(CorrMethod, method)
    bx, nx = _convert.doubles(x)
    by, ny = _convert.doubles(y)
    if nx != ny:
        raise ValueError("x has %d values and y %d" % (nx, ny))
    out = _ffi.cxj_corr_result()
    _lib.cxj_corr_result_init(byref(out), _ffi.cxj_corr_result.VERSION)
    out.ci_level = _convert.real(ci_level, "ci_level")
    _lib.cxj_correlate(bx, by, nx, method, byref(out))
    return Correlation(out.r, out.p_value, out.n, out.ci_low, out.ci_high,
                       out.ci_level)


def _series(series: Any) -> Tuple[Any, int, int]:
    """p series of n values as (flat double array, n, p): a 2-D float64
    buffer of shape (p, n) is used in place; a sequence of sequences is
    joined once."""
    mv: Any
    try:
        mv = memoryview(series)
    except TypeError:
        mv = None
    if mv is not None and mv.ndim == 2:
        buf, total = _convert.doubles(mv)
        return buf, mv.shape[1], mv.shape[0]
    rows = [array.array("d", s) for s in series]
    if not rows:
        raise ValueError("no series")
    n = len(rows[0])
    if any(len(r) != n for r in rows):
        raise ValueError("every series needs the same number of values")
    flat = array.array("d")
    for r in rows:
        flat.extend(r)
    buf, _ = _convert.doubles(flat)
    return buf, n, len(rows)


def association(table: Any) -> Association:
    """Chi-square test of a rows x cols contingency table (nested rows, or
    a 2-D buffer): Association(chi2, df, p_value, cramers_v,
    cramers_v_corrected, total, min_expected, low_expected, rows_used,
    cols_used). Integer counts are passed exactly (uint64)."""
    mv: Any
    flat: Any
    try:
        mv = memoryview(table)
    except TypeError:
        mv = None
    if mv is not None:
        if mv.ndim != 2:
            raise ValueError("a contingency table needs two dimensions")
        rows, cols = mv.shape
        flat = mv
    else:
        table = [list(r) for r in table]
        rows = len(table)
        cols = len(table[0]) if rows else 0
        if any(len(r) != cols for r in table):
            raise ValueError("every row needs the same number of counts")
        flat = [v for r in table for v in r]
        if all(isinstance(v, int) and v >= 0 for v in flat):
            flat = array.array("Q", flat)
    out = _ffi.cxj_association_result()
    _lib.cxj_association_result_init(byref(out),
                                     _ffi.cxj_association_result.VERSION)
    if isinstance(flat, array.array) and flat.typecode == "Q" or \
            mv is not None and mv.format in ("Q", "L", "<Q", "=Q", "@Q"):
        buf, n = _convert.buffer_of(flat, c_uint64)
        _lib.cxj_association_u64(buf, rows, cols, byref(out))
    else:
        buf, n = _convert.doubles(flat)
        _lib.cxj_association(buf, rows, cols, byref(out))
    return Association(out.chi2, out.df, out.p_value, out.cramers_v,
                       out.cramers_v_corrected, out.total, out.min_expected,
                       bool(out.low_expected), out.rows_used, out.cols_used)


class Crosstab(object):
    """Counts of each pair of codes two categorical metrics got from the
    same respondents: row_codes, col_codes, counts (rows x cols lists of
    ints) and respondents. association() tests it."""

    def __init__(self, row_codes: List[float], col_codes: List[float],
                 counts: List[List[int]], respondents: int) -> None:
        self.row_codes = row_codes
        self.col_codes = col_codes
        self.counts = counts
        self.respondents = respondents

    def association(self) -> Association:
        return association(self.counts)

    def __repr__(self) -> str:
        return "<Crosstab %d x %d, %d respondents>" % (
            len(self.row_codes), len(self.col_codes), self.respondents)


def crosstab(responses: Any, row_metric: str,
             col_metric: str) -> Crosstab:
    """The Crosstab of two metrics whose values are category codes."""
    out = _ffi.Crosstab_p()
    _lib.cxj_responses_crosstab(responses._h, _convert.enc(row_metric, "metric"),
                                _convert.enc(col_metric, "metric"), byref(out))
    try:
        rows = _lib.cxj_crosstab_rows(out)
        cols = _lib.cxj_crosstab_cols(out)
        flat = _lib.cxj_crosstab_counts(out)[:rows * cols]
        return Crosstab(
            [_lib.cxj_crosstab_row_code(out, i) for i in range(rows)],
            [_lib.cxj_crosstab_col_code(out, j) for j in range(cols)],
            [flat[i * cols:(i + 1) * cols] for i in range(rows)],
            _lib.cxj_crosstab_respondents(out))
    finally:
        _lib.cxj_crosstab_free(out)


def _square(flat: Any, p: int) -> List[List[Any]]:
    return [list(flat[i * p:(i + 1) * p]) for i in range(p)]


def correlation_matrix(series: Any, method: CorrMethodLike = "spearman"
                       ) -> Tuple[List[List[float]], List[List[float]],
                                  List[List[int]]]:
    """Pairwise-complete correlations of p series (NaN for missing values):
    (r, p_values, pairs), each a p x p list of lists."""
    method = _convert.to_enum(CorrMethod, method)
    buf, n, p = _series(series)
    r = (c_double * (p * p))()
    pv = (c_double * (p * p))()
    pairs = (c_size_t * (p * p))()
    _lib.cxj_correlation_matrix(buf, n, p, method, r, pv, pairs)
    return _square(r, p), _square(pv, p), _square(pairs, p)


def relative_weights(predictors: Any,
                     outcome: Numbers) -> Tuple[List[float], float]:
    """Johnson's relative weights of p predictor series (each n values, as
    for correlation_matrix) for the n outcome values: (weights, r2); the
    weights sum to r2. Rows with a NaN anywhere are left out."""
    buf, n, p = _series(predictors)
    by, ny = _convert.doubles(outcome)
    if ny != n:
        raise ValueError("the outcome needs %d values, one per row" % n)
    w = (c_double * p)()
    r2 = c_double()
    _lib.cxj_relative_weights(buf, n, p, by, w, byref(r2))
    return list(w), r2.value


class Drivers(List[Driver]):
    """The drivers of an outcome, worst important touchpoints first (a list
    of Driver), with the model's r2, respondents, ranked count and the
    mean_importance and mean_performance that split the quadrants."""

    r2 = mean_importance = mean_performance = float("nan")
    respondents = ranked = 0

    def __repr__(self) -> str:
        return "<Drivers %d touchpoints, %d ranked, r2=%.3f>" % (
            len(self), self.ranked, self.r2)


def drivers(journey: Any, responses: Any,
            outcome: Union[MetricKind, str, int] = "nps",
            touchpoint_metric: Union[MetricKind, str, int] = "csat",
            method: CorrMethodLike = "spearman", min_pairs: int = 10,
            segment: Optional[str] = None) -> Drivers:
    """Key-driver analysis of outcome (journey-level "nps", "csat" or "ces"
    answers) by the respondents' touchpoint answers."""
    opts = _ffi.cxj_driver_options()
    _lib.cxj_driver_options_init(byref(opts), _ffi.cxj_driver_options.VERSION)
    opts.touchpoint_metric = _convert.kind(touchpoint_metric)
    opts.method = _convert.to_enum(CorrMethod, method)
    opts.min_pairs = operator.index(min_pairs)
    opts.segment = _convert.enc(segment, "segment")
    out = _ffi.Drivers_p()
    _lib.cxj_journey_drivers(journey._h, responses._h, _convert.kind(outcome),
                             byref(opts), byref(out))
    try:
        result = Drivers()
        d = _ffi.cxj_driver()
        for i in range(_lib.cxj_drivers_count(out)):
            _lib.cxj_driver_init(byref(d), _ffi.cxj_driver.VERSION)
            _lib.cxj_drivers_get(out, i, byref(d))
            result.append(Driver(
                _convert.dec(d.touchpoint), _convert.dec(d.stage), d.pairs,
                d.importance, d.p_value, d.relative_weight,
                d.relative_share, d.performance, d.answers,
                Quadrant(d.quadrant)))
        result.ranked = _lib.cxj_drivers_ranked(out)
        result.r2 = _lib.cxj_drivers_r2(out)
        result.mean_importance = _lib.cxj_drivers_mean_importance(out)
        result.mean_performance = _lib.cxj_drivers_mean_performance(out)
        result.respondents = _lib.cxj_drivers_respondents(out)
        return result
    finally:
        _lib.cxj_drivers_free(out)


def quadrant_name(quadrant: Union[Quadrant, str, int]) -> str:
    return _convert.dec(_lib.cxj_quadrant_name(_convert.to_enum(Quadrant, quadrant)))


__all__ = ["Association", "CorrMethod", "Correlation", "Crosstab",
           "association", "crosstab", "Driver", "Drivers", "MetricKind",
           "Quadrant", "correlate", "correlation_matrix", "drivers",
           "quadrant_name", "relative_weights"]
