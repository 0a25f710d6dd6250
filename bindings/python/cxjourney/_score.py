"""Scores of a journey from its responses (cxj_journey_score): metrics per
touchpoint, stage and journey, overall and by segment, source and period;
contacts, targets and gaps, the emotional curve, trends and drill-down; the
figures as rows for a data frame (Scores.table)."""

import datetime
from ctypes import byref
from typing import (Any, Dict, Iterator, List, NamedTuple, Optional,
                    Tuple, Union)

from . import _convert, _ffi
from ._base import Owner
from ._enums import Experience, Figure, Method, Period, Source, Table, \
    name_of
from ._errors import CxjError, InvalidArgument, NotFound
from ._metric import Comparison, Metric, comparison, comparison_tuple
from ._responses import Responses

_lib = _ffi.lib

_BY = ("segment", "source", "period")

#: An id argument: the id, or the Journey, Stage or Touchpoint itself.
IdLike = Any
#: A period argument: an index into Scores.periods or the date one starts.
PeriodLike = Union[int, datetime.date, None]
SourceLike = Union[Source, str, int, None]


class SegmentPair(NamedTuple):
    """Two segments' figures compared (a minus b), with the p-value
    adjusted over every pair by Holm and by Benjamini-Hochberg."""
    segment_a: str
    segment_b: str
    comparison: Comparison
    p_holm: float
    p_bh: float


class Key(NamedTuple):
    """A figure of the scores: what iterating over Scores yields."""
    id: str
    #: "journey", "stage" or "touchpoint"
    level: str
    #: "csat", "nps", "ces" or a KPI name
    metric: str


class TableRow(NamedTuple):
    """One row of Scores.table(): a figure under one selection.

    segment, source and period are what the row is about: the key of the
    breakdown (by=...) or the selection given, None meaning all. segment
    "" is the answers without a segment; source is "customer" or
    "employee"; period the datetime.date the period starts. n is the
    number of answers (zero weights included); value the figure (NaN
    without answers); ci_low and ci_high its interval at the table's level
    by the default method, whose name is method ("wilson", "wald", "t");
    note is None, "no answers", or why there is no interval."""
    id: str
    level: str
    metric: str
    segment: Optional[str]
    source: Optional[str]
    period: Optional[datetime.date]
    n: int
    value: float
    ci_low: float
    ci_high: float
    method: Optional[str]
    note: Optional[str]


def _levels(j: Any) -> Dict[str, str]:
    """{id: level} of a journey handle, in map order."""
    out = {_convert.dec(_lib.cxj_journey_id(j)): "journey"}
    for i in range(_lib.cxj_journey_stage_count(j)):
        s = _lib.cxj_journey_stage_at(j, i)
        out[_convert.dec(_lib.cxj_stage_id(s))] = "stage"
        for k in range(_lib.cxj_stage_touchpoint_count(s)):
            t = _lib.cxj_stage_touchpoint_at(s, k)
            out[_convert.dec(_lib.cxj_touchpoint_id(t))] = "touchpoint"
    return out


def _metric_names(r: Any) -> List[str]:
    """The metric names of a responses handle but "contact"."""
    table = Table.METRICS
    names = [_convert.dec(_lib.cxj_responses_string_at(r, table, i))
             for i in range(_lib.cxj_responses_string_count(r, table))]
    return [n for n in names if n != _ffi.METRIC_CONTACT.decode()]


def _name(obj: IdLike) -> str:
    """The id of an id argument (str or journey object) as str."""
    return obj if isinstance(obj, str) else obj.id


def _shown(value: Any) -> str:
    """A selection value as a note shows it."""
    if isinstance(value, str):
        return "'%s'" % value
    return str(name_of(value))


def _places(keys: List[Key]) -> str:
    """Where figures are, in a few words: "the journey 'j'",
    "stages 'a', 'b' and touchpoint 'c'"."""
    parts = []
    for level in ("journey", "stage", "touchpoint"):
        ids = ["'%s'" % k.id for k in keys if k.level == level]
        if not ids:
            continue
        if len(ids) > 3:
            ids = ids[:3] + ["%d more" % (len(ids) - 3)]
        if level == "journey":
            parts.append("the journey " + ids[0])
        else:
            parts.append("%s%s %s" % (level, "s" if len(ids) > 1 else "",
                                      ", ".join(ids)))
    return " and ".join(parts)


class Scores(Owner):
    """The result of journey.score(responses). Independent of the journey
    and the responses once made.

    Selections take segment (None: all, "": answers without one), source
    ("customer", "employee" or None: both), period (an index into
    periods, or the datetime.date a period starts; None: all) and rollup
    (count answers naming anything inside the id too).

    Iterating gives the figures that have answers, as Key(id, level,
    metric) tuples in map order (the journey, then each stage followed by
    its touchpoints; metrics as in metric_names): every id and metric with
    at least one answer naming the id itself, over all segments, sources
    and periods. len() is their number and ``in`` asks for one (a Key or
    an (id, metric) pair). table() gives them as rows for a data frame.

    Misses are loud: an id, metric, segment or period the scores do not
    know raises NotFound (a KeyError) whose message names the nearest known
    name ("no metric 'cast' in the scores (did you mean 'csat'?)"). A
    figure the scores know but no answer falls under is not a miss: it is
    an empty Metric (count 0, value NaN) whose repr says why (a stage asked
    nothing when NPS was asked of the journey only, a segment that never
    answered, answers that name only what a stage holds)."""

    _free = "cxj_scores_free"
    _what = "scores"

    def __init__(self, journey: Any, responses: Responses,
                 period: Union[Period, str, int, None] = Period.NONE,
                 negative_below: float = 0.0, positive_from: float = 0.3,
                 customers: float = 0.0) -> None:
        j = _convert.handle(journey, _ffi.Journey_p, "a Journey")
        if not isinstance(responses, Responses):
            raise TypeError("expected Responses")
        opts = _ffi.cxj_score_options()
        _lib.cxj_score_options_init(byref(opts),
                                    _ffi.cxj_score_options.VERSION)
        opts.period = _convert.to_enum(Period, period or Period.NONE)
        opts.negative_below = _convert.real(negative_below, "negative_below")
        opts.positive_from = _convert.real(positive_from, "positive_from")
        opts.customers = _convert.real(customers, "customers")
        out = _ffi.Scores_p()
        _lib.cxj_journey_score(j, responses._h, byref(opts),
                               byref(out))
        self._adopt(out)
        # The scores list neither their ids with levels nor their metric
        # names; both are read here, from what was scored.
        self._levels = _levels(j)
        self._metric_names = _metric_names(responses._h)
        self._keys: Optional[List[Key]] = None
        self._periods: Optional[List[datetime.date]] = None

    # ---- selections ----
    def _sel(self, segment: Optional[str] = None, source: SourceLike = None,
             period: PeriodLike = None, rollup: bool = False) -> Any:
        """A cxj_selection, with a period given as a date turned into its
        index."""
        return _convert.selection(segment, source, self._period_index(period),
                                  rollup)

    def _period_index(self, period: PeriodLike) -> Optional[int]:
        if not isinstance(period, datetime.date):
            return period
        if isinstance(period, datetime.datetime):
            if period.tzinfo is not None:
                period = period.astimezone(datetime.timezone.utc)
            period = period.date()
        periods = self.periods
        if period in periods:
            return periods.index(period)
        if not periods:
            known = "the scores have no periods: score with period=..."
        else:
            shown = [str(p) for p in periods]
            if len(shown) > 6:
                shown = shown[:3] + ["..."] + shown[-2:]
            known = "periods start %s" % ", ".join(shown)
        raise NotFound("no period starting %s in the scores (%s)"
                       % (period, known))

    def _period_date(self, period: PeriodLike) -> Optional[datetime.date]:
        """A period argument as the date it starts (None stays None)."""
        if period is None or isinstance(period, datetime.date):
            return period
        periods = self.periods
        return periods[_convert.index(period, len(periods), "period")]

    # ---- metrics ----
    def metric(self, id: IdLike, metric: str, segment: Optional[str] = None,
               source: SourceLike = None, period: PeriodLike = None,
               rollup: bool = False) -> Metric:
        """A copy of the accumulator of metric ("csat", "nps", "ces" or a KPI
        name) for id under the selection.

        Never None. A figure no answer falls under is an empty Metric
        (count 0, value NaN) whose note, shown in its repr, says why: the
        metric was asked elsewhere only ("nps was asked at the journey
        'support', not at stage 'decide'"), the selection left every answer
        out, the answers name only what the id holds (rollup=True counts
        them), or the metric has no answers at all. NotFound (a KeyError)
        when the scores know no such id, metric, segment or period: the
        message names the nearest known name. InvalidArgument for
        "contact" (see contacts())."""
        sel = self._sel(segment, source, period, rollup)
        m = self._borrow(_convert.id_of(id), metric, sel)
        out = _ffi.Metric_p()
        _lib.cxj_metric_clone(m, byref(out))
        result = Metric._from_handle(out)
        if not result.count:
            result.note = self._why_empty(_name(id), metric, segment, source,
                                          self._period_date(period), rollup)
        return result

    def _borrow(self, id: bytes, metric: str, sel: Any) -> Any:
        """The scores' own metric of a figure (borrowed, not copied)."""
        name = _convert.enc(metric, "metric")
        if name.lower() == _ffi.METRIC_CONTACT:
            raise InvalidArgument("contacts are counted, not scored: ask "
                                  "Scores.contacts()")
        return _lib.cxj_scores_metric(self._h, id, name, byref(sel))

    def _count(self, id: str, metric: str, **selection: Any) -> int:
        """Answers of a figure, without copying its metric."""
        return _lib.cxj_metric_count(self._borrow(
            _convert.enc(id, "id"), metric, self._sel(**selection)))

    def _why_empty(self, id: str, metric: str, segment: Optional[str],
                   source: SourceLike, period: Optional[datetime.date],
                   rollup: bool) -> str:
        """Why the figure of metric at id under the selection has no
        answers, in a few words for the Metric's repr."""
        what = "%s '%s'" % (self._levels.get(id, "id"), id)
        narrowed = ["%s %s" % (k, _shown(v)) for k, v in
                    (("segment", segment), ("source", source),
                     ("period", period)) if v is not None]
        if narrowed:
            whole = self._count(id, metric, rollup=rollup)
            if whole:
                return "no answers under %s (%s has %d in all)" % (
                    ", ".join(narrowed), what, whole)
        if not rollup and self._levels.get(id) != "touchpoint":
            held = self._count(id, metric, rollup=True)
            if held:
                return ("no answers name %s itself; %d name what it holds "
                        "(rollup=True)" % (what, held))
        where = [k for k in self._figures() if k.metric == metric]
        if not where:
            return "no %s answers at all" % metric
        return "%s was asked at %s, not at %s" % (metric, _places(where),
                                                  what)

    def _figures(self) -> List[Key]:
        """Every (id, level, metric) with answers naming the id, in map
        order; computed once (the scores do not change)."""
        if self._keys is None:
            sel = self._sel()
            self._keys = [
                Key(id, level, name)
                for id, level in self._levels.items()
                for name in self._metric_names
                if _lib.cxj_metric_count(self._borrow(
                    _convert.enc(id, "id"), name, sel))]
        return self._keys

    def __iter__(self) -> Iterator[Key]:
        return iter(self._figures())

    def __len__(self) -> int:
        return len(self._figures())

    def __contains__(self, key: object) -> bool:
        if isinstance(key, Key):
            return key in self._figures()
        if isinstance(key, tuple) and len(key) == 2:
            return any((k.id, k.metric) == key for k in self._figures())
        return False

    def breakdown(self, id: IdLike, metric: str, by: str = "segment",
                  rollup: bool = False,
                  **selection: Any) -> Dict[Any, Metric]:
        """{key: Metric} of id's metric by segment, source or period (keys:
        segment names in sorted order, Source members, the dates periods
        start); keys without answers are left out, so the dict is empty
        (never None) when no answer falls under any. NotFound as for
        metric()."""
        if by not in _BY:
            raise ValueError("by must be one of %s" % ", ".join(_BY))
        out = {}
        for key in self._keys_by(by):
            sel = dict(selection)
            sel[by] = key
            m = self.metric(id, metric, rollup=rollup, **sel)
            if m.count:
                out[key] = m
            else:
                m.close()
        return out

    def _keys_by(self, by: str) -> List[Any]:
        if by == "segment":
            return self.segments
        if by == "source":
            return list(Source)
        return self.periods

    # ---- a table for data frames ----
    def table(self, metric: str, by: Optional[str] = None,
              rollup: bool = False, level: float = 0.95,
              **selection: Any) -> List[TableRow]:
        """metric's figure at every id, as a list of TableRow named tuples:
        ``pandas.DataFrame(scores.table("nps", by="segment"))`` is the data
        frame.

        Rows go id by id in map order (the journey, then each stage
        followed by its touchpoints), every id with a row even without
        answers (n 0, value NaN, note "no answers"). by splits each id's
        row by "segment" (the segments in byte order of their names, as
        segments lists them, after "" for answers without a segment when
        the metric has any), "source" ("customer", "employee") or "period"
        (each period's start date); None gives one row per id. rollup
        counts the answers naming what an id holds too; level is the
        confidence level of the interval; selection (segment, source,
        period) narrows every row. NotFound for a metric, segment or period
        the scores do not know."""
        if by is not None and by not in _BY:
            raise ValueError("by must be None or one of %s" % ", ".join(_BY))
        if by in selection:
            raise TypeError("table(by=%r) splits by %s; it takes no %s=" % (
                by, by, by))
        level = _convert.real(level, "level")
        if not 0 < level < 1:
            raise InvalidArgument("level must lie strictly between 0 and 1")
        fixed = {"segment": selection.get("segment"),
                 "source": name_of(None if selection.get("source") is None
                                   else _convert.to_enum(
                                       Source, selection["source"])),
                 "period": self._period_date(selection.get("period"))}
        top = next(iter(self._levels))
        keys: List[Any] = [None]
        if by == "segment":
            keys = self.segments
            if self._count(top, metric, rollup=True,
                           **dict(selection, segment="")):
                keys = [""] + keys
        elif by is not None:
            keys = self._keys_by(by)
        rows = []
        for id, lvl in self._levels.items():
            bid = _convert.enc(id, "id")
            for key in keys:
                sel = dict(selection)
                where = dict(fixed)
                if by is not None:
                    sel[by] = key
                    where[by] = name_of(key)
                m = self._borrow(bid, metric, self._sel(rollup=rollup, **sel))
                rows.append(TableRow(id, lvl, metric, where["segment"],
                                     where["source"], where["period"],
                                     *_figure(m, level)))
        return rows

    # ---- contacts, targets, gaps ----
    def contacts(self, id: IdLike, **selection: Any) -> int:
        """Contacts (failure demand) attributed to id under the selection;
        0 when none. NotFound for an id, segment or period the scores do
        not know."""
        return self._recorded(_lib.cxj_scores_contacts, id, selection)

    def contact_share(self, id: IdLike, **selection: Any) -> float:
        """id's share of the contacts attributed in the map; NaN when there
        are none. NotFound as for contacts()."""
        return self._recorded(_lib.cxj_scores_contact_share, id, selection)

    def contact_rate(self, id: IdLike, **selection: Any) -> float:
        """id's contacts per customer; NaN when the base is 0. NotFound as
        for contacts()."""
        return self._recorded(_lib.cxj_scores_contact_rate, id, selection)

    def _recorded(self, getter: Any, id: IdLike,
                  selection: Dict[str, Any]) -> Any:
        sel = self._sel(**selection)
        return _ffi.recorded(getter, self._h, _convert.id_of(id), byref(sel))

    def target(self, id: IdLike, metric: str) -> float:
        """The map's target for metric on id; NaN when it has none.
        NotFound for an unknown id, and for a metric that has neither a
        target there nor answers anywhere (a typo: "cast")."""
        return self._with_target(_lib.cxj_scores_target, id, metric)

    def gap(self, id: IdLike, metric: str) -> float:
        """The figure minus its target (the rollup when no answer names id
        itself); NaN without a target or without answers. NotFound for an
        unknown id, and for a metric the scores do not know (no answers to
        it anywhere), target or not."""
        return self._with_target(_lib.cxj_scores_gap, id, metric)

    def _with_target(self, getter: Any, id: IdLike, metric: str) -> float:
        i, m = _convert.id_of(id), _convert.enc(metric, "metric")
        value = _ffi.recorded(getter, self._h, i, m)
        if value != value and m != _ffi.METRIC_CONTACT:
            # NaN: a metric the scores do not know raises NotFound here
            _lib.cxj_scores_metric(self._h, i, m, None)
        return value

    # ---- what was scored ----
    @property
    def levels(self) -> Dict[str, str]:
        """{id: "journey", "stage" or "touchpoint"} of every id scored, in
        map order: the journey, then each stage followed by its
        touchpoints."""
        self._h
        return dict(self._levels)

    @property
    def metric_names(self) -> List[str]:
        """The metric names the scores know: "csat", "nps", "ces", then the
        KPI names of the responses in order of first appearance."""
        self._h
        return list(self._metric_names)

    # ---- the emotional curve ----
    @property
    def curve(self) -> List[Tuple[str, float]]:
        """[(touchpoint id, value)] in map order; NaN without answers."""
        h = self._h
        return [(_convert.dec(_lib.cxj_scores_curve_id(h, i)),
                 _lib.cxj_scores_curve_value(h, i))
                for i in range(_lib.cxj_scores_curve_count(h))]

    def experience(self, touchpoint: IdLike) -> Experience:
        """The touchpoint's derived experience (UNKNOWN without answers).
        NotFound for an unknown id, InvalidArgument for a stage or the
        journey."""
        return Experience(_ffi.recorded(_lib.cxj_scores_experience, self._h,
                                        _convert.id_of(touchpoint)))

    # ---- periods and trends ----
    @property
    def periods(self) -> List[datetime.date]:
        """The date (UTC) each period starts, first to last, empty periods
        included; [] when scored without a period or without timestamps.
        Selections take an index into this list or one of its dates."""
        h = self._h
        if self._periods is None:
            self._periods = [
                _convert.date_of(_lib.cxj_scores_period_start(h, i))
                for i in range(_lib.cxj_scores_period_count(h))]
        return list(self._periods)

    def trend(self, id: IdLike, metric: str, period: PeriodLike,
              **selection: Any) -> Comparison:
        """period (an index or a start date) against the one before it (a
        minus b), as a Comparison."""
        sel = self._sel(period=period, **selection)
        return comparison(lambda p: _lib.cxj_scores_trend(
            self._h, _convert.id_of(id), _convert.enc(metric, "metric"),
            byref(sel), p))

    def compare_segments(self, id: IdLike, metric: str,
                         **selection: Any) -> List[SegmentPair]:
        """Every pair of segments with answers for id's metric, compared
        (a minus b), with Holm and Benjamini-Hochberg adjusted p-values:
        a list of SegmentPair(segment_a, segment_b, comparison, p_holm,
        p_bh), in the order of segments (sorted), so that a difference
        keeps its sign from one export to the next. Selection: source,
        period, rollup."""
        if "segment" in selection:
            raise TypeError("compare_segments compares every segment")
        sel = self._sel(**selection)
        out = _ffi.SegmentPairs_p()
        _lib.cxj_scores_compare_segments(self._h, _convert.id_of(id),
                                         _convert.enc(metric, "metric"),
                                         byref(sel), byref(out))
        try:
            pair = _ffi.cxj_segment_pair()
            result = []
            for i in range(_lib.cxj_segment_pairs_count(out)):
                _lib.cxj_segment_pair_init(byref(pair),
                                           _ffi.cxj_segment_pair.VERSION)
                _lib.cxj_segment_pairs_get(out, i, byref(pair))
                result.append(SegmentPair(
                    _convert.dec(pair.segment_a),
                    _convert.dec(pair.segment_b),
                    comparison_tuple(pair.comparison), pair.p_holm,
                    pair.p_bh))
            return result
        finally:
            _lib.cxj_segment_pairs_free(out)

    # ---- what was seen ----
    @property
    def segments(self) -> List[str]:
        """The segments of the scored answers, sorted (byte order of their
        UTF-8 names, which is Python's order of str): "FI" and "fi" are
        two segments, "FI" first. Answers without a segment are not one."""
        h = self._h
        return [_convert.dec(_lib.cxj_scores_segment_at(h, i))
                for i in range(_lib.cxj_scores_segment_count(h))]

    @property
    def unknown_count(self) -> int:
        """Answers naming ids that are not in the map."""
        return _lib.cxj_scores_unknown_count(self._h)

    @property
    def unknown(self) -> Dict[str, int]:
        """{id: answers} for ids not in the map."""
        h = self._h
        return {_convert.dec(_lib.cxj_scores_unknown_id_at(h, i)):
                _lib.cxj_scores_unknown_id_answers(h, i)
                for i in range(_lib.cxj_scores_unknown_id_count(h))}

    def drill(self, responses: Responses, id: IdLike, metric: str,
              min_score: float, max_score: float,
              **selection: Any) -> List[str]:
        """Respondent ids behind a figure whose score lies in min..max
        (e.g. 0, 6 for detractors); responses must be the scored store."""
        if not isinstance(responses, Responses):
            raise TypeError("expected Responses")
        sel = self._sel(**selection)
        out = _ffi.Idlist_p()
        _lib.cxj_scores_drill(self._h, responses._h, _convert.id_of(id),
                              _convert.enc(metric, "metric"), byref(sel),
                              _convert.real(min_score, "min_score"),
                              _convert.real(max_score, "max_score"),
                              byref(out))
        try:
            return [_convert.dec(_lib.cxj_idlist_at(out, i))
                    for i in range(_lib.cxj_idlist_count(out))]
        finally:
            _lib.cxj_idlist_free(out)

    def __repr__(self) -> str:
        if self.closed:
            return "<Scores (closed)>"
        return "<Scores %d touchpoints, %d segments, %d periods>" % (
            len(self.curve), len(self.segments), len(self.periods))


def _figure(m: Any, level: float) -> Tuple[int, float, float, float,
                                             Optional[str], Optional[str]]:
    """(n, value, ci_low, ci_high, method, note) of a borrowed metric."""
    n = _lib.cxj_metric_count(m)
    value = _lib.cxj_metric_value(m)
    nan = float("nan")
    if not n:
        return n, value, nan, nan, None, "no answers"
    out = _ffi.cxj_interval()
    _lib.cxj_interval_init(byref(out), _ffi.cxj_interval.VERSION)
    try:
        _lib.cxj_metric_interval(m, Figure.VALUE, Method.DEFAULT, level,
                                 byref(out))
    except CxjError as e:
        return n, value, nan, nan, None, e.message
    return (n, value, out.lo, out.hi,
            _convert.dec(_lib.cxj_method_name(out.method)), None)
