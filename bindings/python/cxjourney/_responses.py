"""Survey answers and contact records (responses.h): a columnar store filled
by calls, by columns (data-frame shaped) or by CSV import."""

import datetime
import operator
import os
from ctypes import byref, c_char_p, c_int64, c_size_t, c_uint8, pointer
from typing import (Any, Dict, Iterable, Iterator, List, Mapping,
                    NamedTuple, Optional, Sequence, Union, overload)

from . import _convert, _ffi
from ._base import Diagnostic, Owner, take_diagnostics
from ._correlation import Crosstab, crosstab
from ._enums import MetricKind, Source, Table
from ._errors import NotFound, OutOfRange, did_you_mean

_lib = _ffi.lib


#: A time argument: seconds since the epoch, a datetime (naive means
#: UTC), a date (its midnight UTC), or None for none.
TimeLike = Union[int, datetime.datetime, datetime.date, None]
SourceLike = Union[Source, str, int]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class Answer(NamedTuple):
    """One stored answer. kind is None for a contact record (metric
    "contact"), segment None for an answer without a segment, timestamp
    None (else seconds since the epoch, UTC) for one without a time; None
    means nothing else here."""
    respondent: str
    target: str
    metric: str
    kind: Optional[MetricKind]
    score: float
    segment: Optional[str]
    source: Source
    timestamp: Optional[int]
    weight: float

_CSV_OPTIONS = ("respondent_column", "target_column", "metric_column",
                "score_column", "segment_column", "source_column",
                "timestamp_column", "weight_column", "metric")


def _questions(opts: Any,
               questions: Mapping[str, Sequence[str]]) -> List[Any]:
    """Sets a wide import's questions from {column: (target, metric)};
    returns the arrays, which must outlive the import."""
    if not isinstance(questions, Mapping):
        raise TypeError("questions maps a column name to (target, metric)")
    cols, targets, metrics = [], [], []
    for col, pair in questions.items():
        if isinstance(pair, (str, bytes)) or len(pair) != 2:
            raise ValueError("question %r: give (target, metric)" % (col,))
        cols.append(_convert.enc(col, "question column"))
        targets.append(_convert.enc(pair[0], "question target"))
        metrics.append(_convert.enc(pair[1], "question metric"))
    n = len(cols)
    if not n:
        raise ValueError("questions is empty")
    arrays = [(c_char_p * n)(*cols), (c_char_p * n)(*targets),
              (c_char_p * n)(*metrics)]
    opts.question_columns, opts.question_targets, opts.question_metrics = \
        arrays
    opts.question_count = n
    return arrays


def _timestamp(t: TimeLike) -> int:
    """None, seconds since the epoch, or a datetime (naive means UTC)."""
    if t is None:
        return _ffi.NO_TIMESTAMP
    if isinstance(t, datetime.datetime):
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        return int(t.timestamp())
    if isinstance(t, datetime.date):
        return int(datetime.datetime(t.year, t.month, t.day,
                                     tzinfo=datetime.timezone.utc)
                   .timestamp())
    return operator.index(t)


def _csv_options(delimiter: str = ",", skip_bad_rows: bool = False,
                 threads: int = 0, **columns: Optional[str]) -> Any:
    opts = _ffi.cxj_csv_options()
    _lib.cxj_csv_options_init(byref(opts), _ffi.cxj_csv_options.VERSION)
    for k, v in columns.items():
        if k not in _CSV_OPTIONS:
            raise TypeError("unknown CSV option %r" % k)
        setattr(opts, k, _convert.enc(v, k))
    d = _convert.enc(delimiter, "delimiter")
    if len(d) != 1:
        raise ValueError("the delimiter must be one ASCII character")
    opts.delimiter = d
    opts.skip_bad_rows = 1 if skip_bad_rows else 0
    if not isinstance(threads, int) or threads < 0:
        raise ValueError("threads must be an int >= 0")
    opts.threads = threads
    return opts


def _scratch_columns(columns, n):
    """Adds the first n rows of filled answer columns to a new store (to
    see whether the library takes them)."""
    out = _ffi.Responses_p()
    _lib.cxj_responses_new(byref(out))
    try:
        count = columns.count
        columns.count = n
        try:
            _lib.cxj_responses_add_columns(out, byref(columns))
        finally:
            columns.count = count
    finally:
        _lib.cxj_responses_free(out)


class Responses(Owner):
    """Answers in arrival order. len(), indexing and iteration give Answer
    tuples; add()/append()/extend()/add_columns()/import_csv() fill it."""

    _free = "cxj_responses_free"
    _what = "responses"

    def __init__(self, rows: Iterable[Union[Mapping[str, Any],
                                            Sequence[Any]]] = ()) -> None:
        out = _ffi.Responses_p()
        _lib.cxj_responses_new(byref(out))
        self._adopt(out)
        if rows:
            try:
                self.extend(rows)
            except BaseException:
                self.close()
                raise

    @classmethod
    def from_csv(cls, path: PathLike, **options: Any) -> "Responses":
        """A store filled from a CSV file; see import_csv for options."""
        r = cls()
        try:
            r.import_csv(path, **options)
        except BaseException:
            r.close()
            raise
        return r

    # ---- filling ----
    def add(self, respondent: str, target: str, metric: str,
            score: float = 0.0, segment: Optional[str] = None,
            source: SourceLike = Source.CUSTOMER, timestamp: TimeLike = None,
            weight: float = 1.0) -> None:
        """Appends one answer; on failure nothing is stored. OutOfRange for
        a score off the metric's scale or NaN, or a weight that is not a
        number above 0."""
        a = _ffi.cxj_answer()
        _lib.cxj_answer_init(byref(a), _ffi.cxj_answer.VERSION)
        a.respondent = _convert.enc(respondent, "respondent")
        a.target = _convert.enc(target, "target")
        a.metric = _convert.enc(metric, "metric")
        a.score = _convert.score(score)
        a.segment = _convert.enc(segment, "segment")
        a.source = _convert.to_enum(Source, source)
        a.timestamp = _timestamp(timestamp)
        a.weight = _convert.score(weight, "weight")
        _lib.cxj_responses_add(self._h, byref(a))

    def append(self, row: Union[Mapping[str, Any], Sequence[Any]]) -> None:
        """Appends a row given as a mapping (keys as add's arguments) or a
        sequence in add's argument order."""
        if hasattr(row, "keys"):
            self.add(**row)  # type: ignore[arg-type]
        else:
            self.add(*row)

    def extend(self, rows: Iterable[Union[Mapping[str, Any],
                                          Sequence[Any]]]) -> None:
        """Appends rows one by one (not atomic: use add_columns for
        all-or-nothing bulk loads)."""
        for row in rows:
            self.append(row)

    def add_contact(self, customer: str, touchpoint: str,
                    segment: Optional[str] = None,
                    timestamp: TimeLike = None) -> None:
        """Records a contact to customer service at touchpoint."""
        _lib.cxj_responses_add_contact(
            self._h, _convert.enc(customer, "customer"),
            _convert.enc(touchpoint, "touchpoint"), _convert.enc(segment, "segment"),
            _timestamp(timestamp))

    def add_columns(self, metric: str, respondents: Sequence[str],
                    targets: Sequence[str], scores: Any = None,
                    segments: Optional[Sequence[Optional[str]]] = None,
                    sources: Any = None, timestamps: Any = None,
                    weights: Any = None, skipna: bool = False) -> None:
        """Appends many answers of one metric from parallel columns, all or
        none. Numeric columns that are float64 / int64 / uint8 buffers are
        passed without copying.

        A NaN score fails with OutOfRange ("scores[3] is NaN: pass
        skipna=True to leave those rows out"); skipna=True leaves out the
        rows whose score is NaN (a blank cell of a survey export: no
        answer), every column of them."""
        if skipna and scores is not None:
            scores, respondents, targets, segments, sources, timestamps, \
                weights = _convert.drop_nan(scores, respondents, targets,
                                            segments, sources, timestamps,
                                            weights)
        c = _ffi.cxj_answer_columns()
        _lib.cxj_answer_columns_init(byref(c), _ffi.cxj_answer_columns.VERSION)
        c.metric = _convert.enc(metric, "metric")
        keep = []
        resp, n = _convert.strings(respondents, "respondent")
        keep.append(resp)
        c.respondents = resp

        def column(values: Any, make: Any, name: str) -> Any:
            arr, m = make(values)
            if m != n:
                raise ValueError("%s has %d rows, respondents %d"
                                 % (name, m, n))
            keep.append(arr)
            return arr

        c.targets = column(targets, lambda v: _convert.strings(v, "target"),
                           "targets")
        sarr = warr = None
        if scores is not None:
            c.scores = sarr = column(scores, _convert.doubles, "scores")
        if segments is not None:
            c.segments = column(segments,
                                lambda v: _convert.strings(v, "segment"),
                                "segments")
        if sources is not None:
            if not isinstance(sources, (bytes, bytearray, memoryview)) and \
                    not hasattr(sources, "__array_interface__"):
                sources = [_convert.to_enum(Source, s) for s in sources]
            c.sources = column(sources,
                               lambda v: _convert.buffer_of(v, c_uint8),
                               "sources")
        if timestamps is not None:
            if not hasattr(timestamps, "__array_interface__"):
                try:
                    memoryview(timestamps)
                except TypeError:
                    timestamps = [_timestamp(t) for t in timestamps]
            c.timestamps = column(timestamps,
                                  lambda v: _convert.buffer_of(v, c_int64),
                                  "timestamps")
        if weights is not None:
            c.weights = warr = column(weights, _convert.doubles, "weights")
        c.count = n
        try:
            _lib.cxj_responses_add_columns(self._h, byref(c))
        except OutOfRange as e:
            raise _convert.nan_error(
                e, (("scores", sarr), ("weights", warr)),
                lambda i: _scratch_columns(c, i),
                ": pass skipna=True to leave those rows out") from None

    def import_csv(self, path: PathLike,
                   **options: Any) -> Optional[List[Diagnostic]]:
        """Imports a CSV file (RFC 4180), all rows or none unless
        skip_bad_rows=True. Options: respondent_column, target_column,
        metric_column, score_column, segment_column, source_column,
        timestamp_column, weight_column (header names), metric (for files
        without a metric column), delimiter, skip_bad_rows, threads (0:
        one per processor for each 8 MiB; 1: this thread only).

        A wide export (one row per respondent, one column per question):
        questions={"Q1": ("call-desk", "csat"), ...} maps each question
        column to its (target id, metric), or mapping="survey.yaml" reads
        a survey mapping file (columns, delimiter and questions; see
        cxj_responses(3)). Blank cells are no answer.

        report=True returns the list of what the import took but a
        person should look at (a metric name near a known one, a segment
        differing from another only in case, an id not in journey=, with
        line, column and rows); strict=True refuses each of those at its
        first line instead. Both read in one thread."""
        return self._import(
            lambda o: _lib.cxj_responses_import_csv_file(
                self._h, _convert.path(path), o), options)

    def import_csv_text(self, text: Union[str, bytes],
                        **options: Any) -> Optional[List[Diagnostic]]:
        """Imports CSV from a str or bytes, as import_csv."""
        data = text.encode("utf-8") if isinstance(text, str) else \
            bytes(memoryview(text).cast("B"))
        return self._import(
            lambda o: _lib.cxj_responses_import_csv_buffer(
                self._h, data, len(data), o), options)

    def _import(self, call: Any,
                options: Dict[str, Any]) -> Optional[List[Diagnostic]]:
        questions = options.pop("questions", None)
        mapping = options.pop("mapping", None)
        journey = options.pop("journey", None)
        strict = options.pop("strict", False)
        report = options.pop("report", False)
        opts = _csv_options(**options)
        keep = []  # the question arrays live through the call
        m = _ffi.SurveyMapping_p()
        try:
            if mapping is not None and questions is not None:
                raise TypeError("give questions or mapping, not both")
            if mapping is not None:
                _lib.cxj_survey_mapping_load_file(_convert.path(mapping),
                                                  byref(m))
                _lib.cxj_survey_mapping_apply(m, byref(opts))
            elif questions is not None:
                keep = _questions(opts, questions)
            if journey is not None:
                h = getattr(journey, "_h", None)
                if not isinstance(h, _ffi.Journey_p):
                    raise TypeError("journey must be a Journey, not %s"
                                    % type(journey).__name__)
                opts.journey = h
            opts.strict = 1 if strict else 0
            d = _ffi.Diagnostics_p()
            if report:
                opts.report = pointer(d)
            call(byref(opts))
            return take_diagnostics(d) if report else None
        finally:
            del keep
            if m:
                _lib.cxj_survey_mapping_free(m)

    # ---- reading ----
    def __len__(self) -> int:
        return _lib.cxj_responses_count(self._h)

    def _row(self, h: Any, i: int) -> Answer:
        kind = _lib.cxj_responses_kind(h, i)
        ts = _lib.cxj_responses_timestamp(h, i)
        return Answer(
            _convert.dec(_lib.cxj_responses_respondent(h, i)),
            _convert.dec(_lib.cxj_responses_target(h, i)),
            _convert.dec(_lib.cxj_responses_metric(h, i)),
            MetricKind(kind) if kind else None,
            _lib.cxj_responses_score(h, i),
            _convert.dec(_lib.cxj_responses_segment(h, i)) or None,
            Source(_lib.cxj_responses_source(h, i)),
            None if ts == _ffi.NO_TIMESTAMP else ts,
            _lib.cxj_responses_weight(h, i))

    @overload
    def __getitem__(self, i: int) -> Answer: ...

    @overload
    def __getitem__(self, i: slice) -> List[Answer]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Answer,
                                                          List[Answer]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        h = self._h
        return self._row(h, _convert.index(i, _lib.cxj_responses_count(h)))

    def __iter__(self) -> Iterator[Answer]:
        h = self._h
        for i in range(_lib.cxj_responses_count(h)):
            yield self._row(h, i)

    def column(self, name: str) -> List[Any]:
        """One column as a list: respondent, target, metric, kind, score,
        segment, source, timestamp or weight. NotFound (a KeyError) for
        another name."""
        if name not in Answer._fields:
            hint = did_you_mean(name, Answer._fields) or \
                " (they are %s)" % ", ".join(Answer._fields)
            raise NotFound("no column '%s' in the answers%s" % (name, hint))
        k = Answer._fields.index(name)
        return [row[k] for row in self]

    def strings(self, table: Union[Table, str, int]) -> List[str]:
        """The distinct strings of a table (Table or "respondents",
        "targets", "segments", "metrics"), in order of first appearance."""
        t = _convert.to_enum(Table, table)
        h = self._h
        return [_convert.dec(_lib.cxj_responses_string_at(h, t, i))
                for i in range(_lib.cxj_responses_string_count(h, t))]

    @property
    def skipped_lines(self) -> List[int]:
        """Lines (from 1) where rows skipped by lenient imports began."""
        h = self._h
        return [_lib.cxj_responses_skipped_line(h, i)
                for i in range(_lib.cxj_responses_skipped_count(h))]

    def crosstab(self, row_metric: str, col_metric: str) -> Crosstab:
        """The contingency table (a Crosstab) of two metrics whose values
        are category codes, over respondents who answered both."""
        return crosstab(self, row_metric, col_metric)

    def memory(self) -> Dict[str, int]:
        """Bytes held: {"core", "optional", "strings"}."""
        a, b, c = c_size_t(), c_size_t(), c_size_t()
        _lib.cxj_responses_memory(self._h, byref(a), byref(b), byref(c))
        return {"core": a.value, "optional": b.value, "strings": c.value}

    def __repr__(self) -> str:
        if self.closed:
            return "<Responses (closed)>"
        return "<Responses %d answers, %d respondents>" % (
            len(self), _lib.cxj_responses_string_count(self._h,
                                                       Table.RESPONDENTS))
