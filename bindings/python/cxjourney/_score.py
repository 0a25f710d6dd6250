"""Scores of a journey from its responses (cxj_journey_score): metrics per
touchpoint, stage and journey, overall and by segment, source and period;
contacts, targets and gaps, the emotional curve, trends and drill-down."""

from collections import namedtuple
from ctypes import byref

from . import _convert, _errors, _ffi
from ._base import Owner
from ._enums import Experience, Period, Source
from ._metric import Metric, comparison, comparison_tuple
from ._responses import Responses

_lib = _ffi.lib


_BY = ("segment", "source", "period")

SegmentPair = namedtuple("SegmentPair", "segment_a segment_b comparison "
                         "p_holm p_bh")


class Scores(Owner):
    """The result of journey.score(responses). Independent of the journey
    and the responses once made. Selections take segment (None: all, "":
    answers without one), source ("customer", "employee" or None), period
    (an index into periods, or None) and rollup (count answers naming
    anything inside the id too)."""

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

    # ---- metrics ----
    def metric(self, id, metric, segment=None, source=None, period=None,
               rollup=False):
        """A copy of the accumulator of metric ("csat", "nps", "ces" or a KPI
        name) for id under the selection; an empty one (count 0) when no
        answer falls under it. NotFound (a KeyError) when the scores know no
        such id, metric or segment: the message names the nearest."""
        sel = _convert.selection(segment, source, period, rollup)
        m = _lib.cxj_scores_metric(self._h, _convert.id_of(id),
                                   _convert.enc(metric, "metric"), byref(sel))
        if not m:
            _ffi.raise_last(_errors.ENOTFOUND)
        out = _ffi.Metric_p()
        _lib.cxj_metric_clone(m, byref(out))
        return Metric._from_handle(out)

    def breakdown(self, id, metric, by="segment", rollup=False, **selection):
        """{key: Metric} of id's metric by segment, source or period (keys:
        segment names, Source members, period start times); keys without
        answers are left out."""
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
            if m is not None:
                out[label] = m
        return out

    # ---- contacts, targets, gaps ----
    def contacts(self, id, **selection):
        return _lib.cxj_scores_contacts(self._h, _convert.id_of(id),
                                        byref(_convert.selection(**selection)))

    def contact_share(self, id, **selection):
        return _lib.cxj_scores_contact_share(self._h, _convert.id_of(id),
                                             byref(_convert.selection(**selection)))

    def contact_rate(self, id, **selection):
        return _lib.cxj_scores_contact_rate(self._h, _convert.id_of(id),
                                            byref(_convert.selection(**selection)))

    def target(self, id, metric):
        return _lib.cxj_scores_target(self._h, _convert.id_of(id),
                                      _convert.enc(metric, "metric"))

    def gap(self, id, metric):
        return _lib.cxj_scores_gap(self._h, _convert.id_of(id),
                                   _convert.enc(metric, "metric"))

    # ---- the emotional curve ----
    @property
    def curve(self):
        """[(touchpoint id, value)] in map order; NaN without answers."""
        h = self._h
        return [(_convert.dec(_lib.cxj_scores_curve_id(h, i)),
                 _lib.cxj_scores_curve_value(h, i))
                for i in range(_lib.cxj_scores_curve_count(h))]

    def experience(self, touchpoint):
        return Experience(_lib.cxj_scores_experience(self._h,
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
