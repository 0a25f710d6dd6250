"""Scores of a journey from its responses (cxj_journey_score): metrics per
touchpoint, stage and journey, overall and by segment, source and period;
contacts, targets and gaps, the emotional curve, trends and drill-down."""

from collections import namedtuple
from ctypes import byref

from . import _convert, _ffi
from ._base import Owner
from ._enums import Experience, Period, Source, Table, name_of
from ._errors import InvalidArgument
from ._metric import Metric, comparison, comparison_tuple
from ._responses import Responses

_lib = _ffi.lib


_BY = ("segment", "source", "period")

SegmentPair = namedtuple("SegmentPair", "segment_a segment_b comparison "
                         "p_holm p_bh")
#: A figure of the scores: an id, its level ("journey", "stage",
#: "touchpoint") and a metric name.
Key = namedtuple("Key", "id level metric")


def _levels(j):
    """{id: level} of a journey handle, in map order."""
    out = {_convert.dec(_lib.cxj_journey_id(j)): "journey"}
    for i in range(_lib.cxj_journey_stage_count(j)):
        s = _lib.cxj_journey_stage_at(j, i)
        out[_convert.dec(_lib.cxj_stage_id(s))] = "stage"
        for k in range(_lib.cxj_stage_touchpoint_count(s)):
            t = _lib.cxj_stage_touchpoint_at(s, k)
            out[_convert.dec(_lib.cxj_touchpoint_id(t))] = "touchpoint"
    return out


def _metric_names(r):
    """The metric names of a responses handle but "contact"."""
    table = Table.METRICS
    names = [_convert.dec(_lib.cxj_responses_string_at(r, table, i))
             for i in range(_lib.cxj_responses_string_count(r, table))]
    return [n for n in names if n != _ffi.METRIC_CONTACT.decode()]


def _name(obj):
    """The id of an id argument (str or journey object) as str."""
    return obj if isinstance(obj, str) else obj.id


def _shown(value):
    """A selection value as a note shows it."""
    if isinstance(value, str):
        return "'%s'" % value
    return str(name_of(value))


def _places(keys):
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
    and the responses once made. Selections take segment (None: all, "":
    answers without one), source ("customer", "employee" or None), period
    (an index into periods, or None) and rollup (count answers naming
    anything inside the id too).

    Misses are loud: an id, metric, segment or period the scores do not
    know raises NotFound (a KeyError) whose message names the nearest known
    name ("no metric 'cast' in the scores (did you mean 'csat'?)"). A
    figure the scores know but no answer falls under is not a miss: it is
    an empty Metric (count 0, value NaN) whose repr says why (a stage asked
    nothing when NPS was asked of the journey only, a segment that never
    answered, answers that name only what a stage holds)."""

    _free = "cxj_scores_free"
    _what = "scores"

    def __init__(self, journey, responses, period=Period.NONE,
                 negative_below=0.0, positive_from=0.3, customers=0.0):
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
        self._keys = None

    # ---- metrics ----
    def metric(self, id, metric, segment=None, source=None, period=None,
               rollup=False):
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
        sel = _convert.selection(segment, source, period, rollup)
        name = _convert.enc(metric, "metric")
        if name.lower() == _ffi.METRIC_CONTACT:
            raise InvalidArgument("contacts are counted, not scored: ask "
                                  "Scores.contacts()")
        m = _lib.cxj_scores_metric(self._h, _convert.id_of(id), name,
                                   byref(sel))
        out = _ffi.Metric_p()
        _lib.cxj_metric_clone(m, byref(out))
        result = Metric._from_handle(out)
        if not result.count:
            result.note = self._why_empty(_name(id), metric, segment, source,
                                          period, rollup)
        return result

    def _count(self, id, metric, **selection):
        """Answers of a figure, without copying its metric."""
        sel = _convert.selection(**selection)
        return _lib.cxj_metric_count(_lib.cxj_scores_metric(
            self._h, _convert.enc(id, "id"), _convert.enc(metric, "metric"),
            byref(sel)))

    def _why_empty(self, id, metric, segment, source, period, rollup):
        """Why the figure of metric at id under the selection has no
        answers, in a few words for the Metric's repr."""
        what = "%s '%s'" % (self._levels.get(id, "id"), id)
        narrowed = [("segment", segment), ("source", source),
                    ("period", period)]
        narrowed = ["%s %s" % (k, _shown(v)) for k, v in narrowed
                    if v is not None]
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

    def _figures(self):
        """Every (id, level, metric) with answers naming the id, in map
        order; computed once (the scores do not change)."""
        if self._keys is None:
            h = self._h
            sel = _convert.selection()
            keys = []
            for id, level in self._levels.items():
                for name in self._metric_names:
                    m = _lib.cxj_scores_metric(h, _convert.enc(id, "id"),
                                               _convert.enc(name, "metric"),
                                               byref(sel))
                    if _lib.cxj_metric_count(m):
                        keys.append(Key(id, level, name))
            self._keys = keys
        return self._keys

    def breakdown(self, id, metric, by="segment", rollup=False, **selection):
        """{key: Metric} of id's metric by segment, source or period (keys:
        segment names, Source members, period start times); keys without
        answers are left out, so the dict is empty (never None) when no
        answer falls under any. NotFound as for metric()."""
        if by not in _BY:
            raise ValueError("by must be one of %s" % ", ".join(_BY))
        if by == "segment":
            keys = [(s, s) for s in self.segments]
        elif by == "source":
            keys = [(s, s) for s in Source]
        else:
            keys = list(enumerate(self.periods))
        out = {}
        for key, label in keys:
            sel = dict(selection)
            sel[by] = key
            m = self.metric(id, metric, rollup=rollup, **sel)
            if m.count:
                out[label] = m
            else:
                m.close()
        return out

    # ---- contacts, targets, gaps ----
    def contacts(self, id, **selection):
        """Contacts (failure demand) attributed to id under the selection;
        0 when none. NotFound for an id, segment or period the scores do
        not know."""
        return self._recorded(_lib.cxj_scores_contacts, id, selection)

    def contact_share(self, id, **selection):
        """id's share of the contacts attributed in the map; NaN when there
        are none. NotFound as for contacts()."""
        return self._recorded(_lib.cxj_scores_contact_share, id, selection)

    def contact_rate(self, id, **selection):
        """id's contacts per customer; NaN when the base is 0. NotFound as
        for contacts()."""
        return self._recorded(_lib.cxj_scores_contact_rate, id, selection)

    def _recorded(self, getter, id, selection):
        sel = _convert.selection(**selection)
        return _ffi.recorded(getter, self._h, _convert.id_of(id), byref(sel))

    def target(self, id, metric):
        """The map's target for metric on id; NaN when it has none.
        NotFound for an unknown id, and for a metric that has neither a
        target there nor answers anywhere (a typo: "cast")."""
        return self._with_target(_lib.cxj_scores_target, id, metric)

    def gap(self, id, metric):
        """The figure minus its target (the rollup when no answer names id
        itself); NaN without a target or without answers. NotFound for an
        unknown id, and for a metric the scores do not know (no answers to
        it anywhere), target or not."""
        return self._with_target(_lib.cxj_scores_gap, id, metric)

    def _with_target(self, getter, id, metric):
        i, m = _convert.id_of(id), _convert.enc(metric, "metric")
        value = _ffi.recorded(getter, self._h, i, m)
        if value != value and m != _ffi.METRIC_CONTACT:
            # NaN: a metric the scores do not know raises NotFound here
            _lib.cxj_scores_metric(self._h, i, m, None)
        return value

    # ---- the emotional curve ----
    @property
    def levels(self):
        """{id: "journey", "stage" or "touchpoint"} of every id scored, in
        map order: the journey, then each stage followed by its
        touchpoints."""
        return dict(self._levels)

    @property
    def metric_names(self):
        """The metric names the scores know: "csat", "nps", "ces", then the
        KPI names of the responses in order of first appearance."""
        return list(self._metric_names)

    @property
    def curve(self):
        """[(touchpoint id, value)] in map order; NaN without answers."""
        h = self._h
        return [(_convert.dec(_lib.cxj_scores_curve_id(h, i)),
                 _lib.cxj_scores_curve_value(h, i))
                for i in range(_lib.cxj_scores_curve_count(h))]

    def experience(self, touchpoint):
        """The touchpoint's derived experience (UNKNOWN without answers).
        NotFound for an unknown id, InvalidArgument for a stage or the
        journey."""
        return Experience(_ffi.recorded(_lib.cxj_scores_experience, self._h,
                                        _convert.id_of(touchpoint)))

    # ---- periods and trends ----
    @property
    def periods(self):
        """Start of each period (seconds since the epoch, UTC)."""
        h = self._h
        return [_lib.cxj_scores_period_start(h, i)
                for i in range(_lib.cxj_scores_period_count(h))]

    def trend(self, id, metric, period, **selection):
        """period against the one before it (a minus b), as a
        Comparison."""
        sel = _convert.selection(period=period, **selection)
        return comparison(lambda p: _lib.cxj_scores_trend(
            self._h, _convert.id_of(id), _convert.enc(metric, "metric"), byref(sel), p))

    def compare_segments(self, id, metric, **selection):
        """Every pair of segments with answers for id's metric, compared
        (a minus b), with Holm and Benjamini-Hochberg adjusted p-values:
        a list of SegmentPair(segment_a, segment_b, comparison, p_holm,
        p_bh). Selection: source, period, rollup."""
        if "segment" in selection:
            raise TypeError("compare_segments compares every segment")
        sel = _convert.selection(**selection)
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
                    _convert.dec(pair.segment_a), _convert.dec(pair.segment_b),
                    comparison_tuple(pair.comparison), pair.p_holm,
                    pair.p_bh))
            return result
        finally:
            _lib.cxj_segment_pairs_free(out)

    # ---- what was seen ----
    @property
    def segments(self):
        h = self._h
        return [_convert.dec(_lib.cxj_scores_segment_at(h, i))
                for i in range(_lib.cxj_scores_segment_count(h))]

    @property
    def unknown_count(self):
        """Answers naming ids that are not in the map."""
        return _lib.cxj_scores_unknown_count(self._h)

    @property
    def unknown(self):
        """{id: answers} for ids not in the map."""
        h = self._h
        return {_convert.dec(_lib.cxj_scores_unknown_id_at(h, i)):
                _lib.cxj_scores_unknown_id_answers(h, i)
                for i in range(_lib.cxj_scores_unknown_id_count(h))}

    def drill(self, responses, id, metric, min_score, max_score, **selection):
        """Respondent ids behind a figure whose score lies in min..max
        (e.g. 0, 6 for detractors); responses must be the scored store."""
        if not isinstance(responses, Responses):
            raise TypeError("expected Responses")
        sel = _convert.selection(**selection)
        out = _ffi.Idlist_p()
        _lib.cxj_scores_drill(self._h, responses._h, _convert.id_of(id),
                              _convert.enc(metric, "metric"), byref(sel),
                              _convert.real(min_score, "min_score"),
                              _convert.real(max_score, "max_score"), byref(out))
        try:
            return [_convert.dec(_lib.cxj_idlist_at(out, i))
                    for i in range(_lib.cxj_idlist_count(out))]
        finally:
            _lib.cxj_idlist_free(out)

    def __repr__(self):
        if self.closed:
            return "<Scores (closed)>"
        return "<Scores %d touchpoints, %d segments, %d periods>" % (
            len(self.curve), len(self.segments), len(self.periods))
