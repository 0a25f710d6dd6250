"""Metric accumulators (CSAT, NPS, CES, KPI): mergeable, serializable, with
uncertainty and comparisons; and the planning helpers of metric.h."""

import operator
from ctypes import POINTER, byref, c_double, c_int, c_size_t, c_uint8, \
    c_uint64
from typing import (Any, Callable, Dict, Iterable, List, NamedTuple,
                    Optional, Sequence, Tuple, Union)

from . import _convert, _ffi
from ._base import Owner
from ._enums import Alternative, Figure, Method, MetricKind, PAdjust
from ._errors import OutOfRange

_lib = _ffi.lib


#: What the metric arguments take: a member, its int, or a name ("nps").
KindLike = Union[MetricKind, str, int]
FigureLike = Union[Figure, str, int]
MethodLike = Union[Method, str, int]
#: Scores in bulk: a float64 buffer (array.array("d"), a numpy array) is
#: read in place; any other iterable of numbers is converted once.
Numbers = Union[Sequence[float], Iterable[float], Any]


class Comparison(NamedTuple):
    """a minus b, two-sided: the difference, its standard error, the test
    statistic (z or t) with its df (inf for z), the p-value, and the method
    and figure used."""
    difference: float
    std_error: float
    statistic: float
    df: float
    p_value: float
    method: Method
    figure: Figure


class Interval(NamedTuple):
    """A confidence interval of a figure (lo, hi) around its estimate."""
    estimate: float
    lo: float
    hi: float
    std_error: float
    level: float
    n: float
    df: float
    method: Method
    figure: Figure


class TargetTest(NamedTuple):
    """A one-sided test of a figure against a target."""
    target: float
    estimate: float
    difference: float
    std_error: float
    statistic: float
    df: float
    p_value: float
    method: Method
    figure: Figure
    alternative: Alternative


class Summary(NamedTuple):
    """Every figure of a metric at once."""
    kind: MetricKind
    count: int  # type: ignore[assignment]
    weight_sum: float
    effective_n: float
    value: float
    std_error: float
    mean: float
    stddev: float
    min: float
    max: float
    top_box: float
    promoters: float
    passives: float
    detractors: float


def _as_tuple(out: Any, tuple_type: Any, enums: Any = ()) -> Any:
    """A filled ctypes struct as tuple_type, converting the named int fields
    to enums."""
    values = {name: getattr(out, name) for name in tuple_type._fields}
    for name, cls in enums:
        values[name] = cls(values[name])
    return tuple_type(**values)


def _result(struct_type: Any, init: Any, tuple_type: Any, call: Any,
            enums: Any = ()) -> Any:
    """Fills a versioned result struct through call(ptr) and returns it as
    tuple_type."""
    out = struct_type()
    init(byref(out), struct_type.VERSION)
    call(byref(out))
    return _as_tuple(out, tuple_type, enums)


_COMPARISON_ENUMS = (("method", Method), ("figure", Figure))


def comparison_tuple(c: Any) -> Comparison:
    """A filled cxj_comparison as a Comparison."""
    return _as_tuple(c, Comparison, _COMPARISON_ENUMS)


def comparison(call: Callable[[Any], Any]) -> Comparison:
    """The Comparison that call(cxj_comparison *) fills."""
    return _result(_ffi.cxj_comparison, _lib.cxj_comparison_init, Comparison,
                   call, _COMPARISON_ENUMS)


def _metric_arg(other: Any) -> Any:
    if not isinstance(other, Metric):
        raise TypeError("expected a Metric, not %s" % type(other).__name__)
    return other._h


def _population(population: Optional[float], what: str) -> float:
    """A population size for the _fpc calls: None is unbounded (0)."""
    return 0.0 if population is None else _convert.real(population, what)


def _state_of(handle: Any) -> bytes:
    """The portable state bytes of the C metric at handle (owned or
    borrowed)."""
    ptr = POINTER(c_uint8)()
    n = c_size_t()
    _lib.cxj_metric_state_save(handle, byref(ptr), byref(n))
    return _convert.take_bytes(ptr, n.value)


class Metric(Owner):
    """An accumulator of answers of one kind. Metric("nps") or Metric.nps();
    add() one score, extend() many (float64 buffers go to C unlooped);
    bytes(metric) and Metric.from_bytes() carry its state between processes,
    merge() combines states.

    A metric without answers has count 0 and value NaN; its repr says so
    (``<Metric nps n=0: no answers here>``), with the reason in ``note``
    when the metric came from Scores.metric()."""

    _free = "cxj_metric_free"
    _what = "metric"
    #: Why the metric has no answers, when it came from scores that know
    #: ("nps was asked at the journey 'support', not at stage 'decide'");
    #: None otherwise.
    note: Optional[str] = None

    def __init__(self, kind: KindLike, unit: Optional[str] = None) -> None:
        out = _ffi.Metric_p()
        _lib.cxj_metric_new(_convert.kind(kind), byref(out))
        self._adopt(out)
        if unit is not None:
            try:
                self.unit = unit
            except BaseException:
                self.close()
                raise

    @classmethod
    def _from_handle(cls, ptr: Any) -> "Metric":
        self = cls.__new__(cls)
        self._adopt(ptr)
        return self

    @classmethod
    def csat(cls) -> "Metric":
        return cls(MetricKind.CSAT)

    @classmethod
    def nps(cls) -> "Metric":
        return cls(MetricKind.NPS)

    @classmethod
    def ces(cls) -> "Metric":
        return cls(MetricKind.CES)

    @classmethod
    def kpi(cls, unit: Optional[str] = None) -> "Metric":
        return cls(MetricKind.KPI, unit)

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]
                   ) -> "Metric":
        """The metric whose state bytes(metric) gave."""
        buf, n = _convert.bytes_in(data)
        out = _ffi.Metric_p()
        _lib.cxj_metric_state_load(buf, n, byref(out))
        return cls._from_handle(out)

    @classmethod
    def _copy_of(cls, handle: Any) -> "Metric":
        """An independent metric with the state of the one at handle, which
        another object owns: through the portable state, as a process
        boundary would carry it."""
        return cls.from_bytes(_state_of(handle))

    def __bytes__(self) -> bytes:
        return _state_of(self._h)

    def __reduce__(self) -> Any:
        return (Metric.from_bytes, (bytes(self),))

    def copy(self) -> "Metric":
        out = _ffi.Metric_p()
        _lib.cxj_metric_clone(self._h, byref(out))
        m = Metric._from_handle(out)
        m.note = self.note
        return m

    __copy__ = copy

    def __deepcopy__(self, memo: Any) -> "Metric":
        return self.copy()

    # ---- adding ----
    def add(self, score: float, weight: Optional[float] = None) -> None:
        """Adds one answer (of weight 1 unless given). OutOfRange for a
        score off the kind's scale, not whole (CSAT, NPS, CES) or NaN, and
        for a weight that is negative or NaN."""
        if weight is None:
            _lib.cxj_metric_add(self._h, _convert.score(score))
        else:
            _lib.cxj_metric_add_weighted(self._h, _convert.score(score),
                                         _convert.score(weight, "weight"))

    def add_count(self, score: float, count: int) -> None:
        """count answers of one score at once."""
        _lib.cxj_metric_add_count(self._h, _convert.score(score),
                                  operator.index(count))

    def extend(self, scores: Numbers, weights: Optional[Numbers] = None,
               skipna: bool = False) -> None:
        """Adds every score (with weights[i] when given), all or nothing.
        array.array('d') and float64 numpy arrays are read in place; other
        iterables are converted once.

        A NaN score fails with OutOfRange ("scores[3] is NaN: pass
        skipna=True to leave NaN scores out"); skipna=True leaves out the
        NaN scores and their weights instead, as pandas does. A NaN weight
        fails either way ("weights[3] is NaN")."""
        h = self._h
        if skipna:
            scores, weights = _convert.drop_nan(scores, weights)
        buf, n = _convert.doubles(scores)
        wbuf = None
        if weights is not None:
            wbuf, nw = _convert.doubles(weights)
            if nw != n:
                raise ValueError("%d scores but %d weights" % (n, nw))
        try:
            if wbuf is None:
                _lib.cxj_metric_add_array(h, buf, n)
            else:
                _lib.cxj_metric_add_weighted_array(h, buf, wbuf, n)
        except OutOfRange as e:
            raise _convert.nan_error(
                e, (("scores", buf), ("weights", wbuf)),
                lambda i: self._scratch_extend(buf, wbuf, i),
                ": pass skipna=True to leave NaN scores out") from None

    def _scratch_extend(self, buf: Any, wbuf: Any, n: int) -> None:
        """Adds the first n scores to a new metric of this kind (to see
        whether the library takes them)."""
        with Metric(self.kind) as m:
            if wbuf is None:
                _lib.cxj_metric_add_array(m._h, buf, n)
            else:
                _lib.cxj_metric_add_weighted_array(m._h, buf, wbuf, n)

    def merge(self, other: "Metric") -> None:
        """Adds every answer of other (of the same kind) into this metric."""
        _lib.cxj_metric_merge(self._h, _metric_arg(other))

    def __iadd__(self, other: "Metric") -> "Metric":
        self.merge(other)
        return self

    def __add__(self, other: "Metric") -> "Metric":
        _metric_arg(other)
        m = self.copy()
        try:
            m.merge(other)
        except BaseException:
            m.close()
            raise
        return m

    def reset(self) -> None:
        """Forgets every answer; keeps the kind and the unit."""
        _lib.cxj_metric_reset(self._h)

    # ---- reading ----
    @property
    def kind(self) -> MetricKind:
        return MetricKind(_lib.cxj_metric_kind_of(self._h))

    @property
    def unit(self) -> str:
        return _convert.dec(_lib.cxj_metric_unit(self._h))

    @unit.setter
    def unit(self, unit: Optional[str]) -> None:
        _lib.cxj_metric_set_unit(self._h, _convert.enc(unit, "unit"))

    @property
    def count(self) -> int:
        return _lib.cxj_metric_count(self._h)

    @property
    def weight_sum(self) -> float:
        return _lib.cxj_metric_weight_sum(self._h)

    @property
    def effective_n(self) -> float:
        return _lib.cxj_metric_effective_n(self._h)

    @property
    def value(self) -> float:
        """The headline value (CSAT top-two-box %, NPS, CES or KPI mean);
        NaN when empty."""
        return _lib.cxj_metric_value(self._h)

    @property
    def stderr(self) -> float:
        return _lib.cxj_metric_stderr(self._h)

    @property
    def mean(self) -> float:
        return _lib.cxj_metric_mean(self._h)

    def summary(self) -> Summary:
        return _result(_ffi.cxj_metric_summary, _lib.cxj_metric_summary_init,
                       Summary,
                       lambda p: _lib.cxj_metric_summarize(self._h, p),
                       (("kind", MetricKind),))

    def point_count(self, score: int) -> int:
        return _lib.cxj_metric_point_count(self._h, score)

    def point_weight(self, score: int) -> float:
        return _lib.cxj_metric_point_weight(self._h, score)

    def histogram(self) -> Dict[int, int]:
        """{score: count} over the kind's scale (empty for a KPI)."""
        if self.kind == MetricKind.KPI:
            return {}
        lo, hi = kind_scale(self.kind)
        h = self._h
        return {s: _lib.cxj_metric_point_count(h, s)
                for s in range(lo, hi + 1)}

    # ---- uncertainty and tests ----
    # population: the number of units (accounts, customers) the answers
    # were drawn from, for the finite-population correction; None or
    # math.inf is unbounded. A census (population == count) has an interval
    # of width 0 and cannot be tested. See cxj_metric_stats(3).
    def ci(self, level: float = 0.95, *,
           population: Optional[float] = None) -> Tuple[float, float]:
        """(lo, hi) of the value at this confidence level."""
        if population is not None:
            iv = self.interval(level=level, population=population)
            return iv.lo, iv.hi
        lo, hi = c_double(), c_double()
        _lib.cxj_metric_ci(self._h, level, byref(lo), byref(hi))
        return lo.value, hi.value

    def interval(self, figure: FigureLike = "value",
                 method: MethodLike = "default",
                 level: float = 0.95, *,
                 population: Optional[float] = None) -> Interval:
        """The interval of figure by method; with population, corrected
        for a finite population of that many units (std_error is the
        corrected one, n the effective sample size)."""
        figure = _convert.to_enum(Figure, figure)
        method = _convert.to_enum(Method, method)
        if population is None:
            call = lambda p: _lib.cxj_metric_interval(
                self._h, figure, method, level, p)
        else:
            n = _population(population, "population")
            call = lambda p: _lib.cxj_metric_interval_fpc(
                self._h, n, figure, method, level, p)
        return _result(_ffi.cxj_interval, _lib.cxj_interval_init, Interval,
                       call, (("method", Method), ("figure", Figure)))

    def compare(self, other: "Metric", figure: Optional[FigureLike] = None,
                method: Optional[MethodLike] = None, *,
                population: Optional[float] = None,
                other_population: Optional[float] = None) -> Comparison:
        """This metric against other: Comparison(difference, std_error,
        statistic, df, p_value, method, figure); two-sided. population and
        other_population are the sizes of the populations each metric's
        answers were drawn from (None: unbounded)."""
        b = _metric_arg(other)
        if population is not None or other_population is not None:
            na = _population(population, "population")
            nb = _population(other_population, "other_population")
            f = _convert.to_enum(Figure, figure or "value")
            m = _convert.to_enum(Method, method or "default")
            call = lambda p: _lib.cxj_metric_compare_fpc(
                self._h, na, b, nb, f, m, p)
        elif figure is None and method is None:
            call = lambda p: _lib.cxj_metric_compare(self._h, b, p)
        else:
            f = _convert.to_enum(Figure, figure or "value")
            m = _convert.to_enum(Method, method or "default")
            call = lambda p: _lib.cxj_metric_compare_with(self._h, b, f, m, p)
        return comparison(call)

    def test_target(self, target: float,
                    alternative: Union[Alternative, str, int] = "below",
                    figure: FigureLike = "value",
                    method: MethodLike = "default", *,
                    population: Optional[float] = None) -> TargetTest:
        """One-sided test: is the figure below (or above) target? With
        population, corrected for a finite population of that many
        units."""
        f = _convert.to_enum(Figure, figure)
        a = _convert.to_enum(Alternative, alternative)
        m = _convert.to_enum(Method, method)
        if population is None:
            call = lambda p: _lib.cxj_metric_test_target(
                self._h, f, target, a, m, p)
        else:
            n = _population(population, "population")
            call = lambda p: _lib.cxj_metric_test_target_fpc(
                self._h, n, f, target, a, m, p)
        return _result(_ffi.cxj_target_test, _lib.cxj_target_test_init,
                       TargetTest, call,
                       (("method", Method), ("figure", Figure),
                        ("alternative", Alternative)))

    def __repr__(self) -> str:
        if self.closed:
            return "<Metric (closed)>"
        unit = self.unit
        head = "<Metric %s%s n=%d" % (
            _convert.dec(_lib.cxj_metric_kind_name(self.kind)),
            " unit=%r" % unit if unit else "", self.count)
        if not self.count:
            return "%s: %s>" % (head, self.note or "no answers here")
        return "%s value=%.6g>" % (head, self.value)


# ---- module functions ----

def kind_scale(kind: KindLike) -> Tuple[int, int]:
    """(lo, hi) of a survey kind's scale; InvalidArgument for KPI."""
    lo, hi = c_int(), c_int()
    _lib.cxj_metric_kind_scale(_convert.kind(kind), byref(lo), byref(hi))
    return lo.value, hi.value


def method_name(method: MethodLike) -> str:
    return _convert.dec(_lib.cxj_method_name(_convert.to_enum(Method, method)))


def _size(fn: Any, *args: float) -> int:
    out = c_uint64()
    fn(*(args + (byref(out),)))
    return out.value


def sample_size_proportion(expected_percent: float, margin: float,
                           level: float = 0.95) -> int:
    return _size(_lib.cxj_sample_size_proportion, expected_percent, margin,
                 level)


def sample_size_nps(promoters_percent: float, detractors_percent: float,
                    margin: float, level: float = 0.95) -> int:
    return _size(_lib.cxj_sample_size_nps, promoters_percent,
                 detractors_percent, margin, level)


def sample_size_mean(sd: float, margin: float, level: float = 0.95) -> int:
    return _size(_lib.cxj_sample_size_mean, sd, margin, level)


def sample_size_two_proportions(percent_a: float, percent_b: float,
                                alpha: float = 0.05,
                                power: float = 0.8) -> int:
    return _size(_lib.cxj_sample_size_two_proportions, percent_a, percent_b,
                 alpha, power)


def sample_size_two_nps(promoters_a: float, detractors_a: float,
                        promoters_b: float, detractors_b: float,
                        alpha: float = 0.05, power: float = 0.8) -> int:
    return _size(_lib.cxj_sample_size_two_nps, promoters_a, detractors_a,
                 promoters_b, detractors_b, alpha, power)


def sample_size_two_means(difference: float, sd: float, alpha: float = 0.05,
                          power: float = 0.8) -> int:
    return _size(_lib.cxj_sample_size_two_means, difference, sd, alpha,
                 power)


def p_adjust(p_values: Numbers,
             method: Union[PAdjust, str, int] = "holm") -> List[float]:
    """Adjusted p-values, in the input order, as a list."""
    method = _convert.to_enum(PAdjust, method)
    buf, n = _convert.doubles(p_values)
    out = (c_double * n)()
    _lib.cxj_p_adjust(buf, n, method, out)
    return list(out)
