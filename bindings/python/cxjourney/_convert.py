"""Converting between Python values and the C arguments and results of the
binding: text, paths, indexes, numbers, enums, ids, selections and arrays.
_ffi.py holds the ctypes table and the error checks; everything that shapes
a value on its way in or out lives here."""

import array
import datetime
import ctypes
import itertools
import numbers
import operator
import os
import sys
from ctypes import c_char_p, c_double, c_int64, c_uint8, c_uint64, c_void_p

from . import _ffi
from ._enums import MetricKind, Source
from ._errors import CxjError, OutOfRange

lib = _ffi.lib


def enc(text, what="text"):
    """A str argument as NUL-terminated UTF-8 bytes; None stays None."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise TypeError("%s must be str, not %s" % (what, type(text).__name__))
    if "\0" in text:
        raise ValueError("%s must not contain NUL characters" % what)
    return text.encode("utf-8")


def path(p):
    """A path argument (str, bytes or os.PathLike) as file-system bytes."""
    raw = os.fsencode(os.fspath(p))
    if b"\0" in raw:
        raise ValueError("a path must not contain NUL characters")
    return raw


def dec(raw):
    """A borrowed C string (bytes from c_char_p) as str; None stays None."""
    if raw is None:
        return None
    return raw.decode("utf-8")


def take_bytes(ptr, size):
    """Copies size bytes from memory the library handed over, then frees it
    with cxj_free. The one way owned buffers leave C."""
    try:
        return ctypes.string_at(ptr, size)
    finally:
        lib.cxj_free(ptr)


def take_string(ptr):
    """An owned NUL-terminated string (POINTER(c_char)) as str; frees it."""
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.cxj_free(ptr)


def address(ptr):
    """The address a handle points to, as an int (0 for NULL)."""
    return ctypes.cast(ptr, c_void_p).value or 0


def index(i, n, what="index", end_ok=False):
    """Normalizes a Python index (negative counts from the end) into 0..n-1
    (0..n with end_ok), raising IndexError otherwise."""
    i = operator.index(i)
    if i < 0:
        i += n
    if i < 0 or i > n or (i == n and not end_ok):
        raise IndexError("%s out of range" % what)
    return i


def real(x, what="score"):
    """A number argument as float; TypeError for str, None and the like."""
    if isinstance(x, numbers.Real):
        return float(x)
    raise TypeError("%s must be a number, not %s" % (what, type(x).__name__))


def to_enum(cls, value):
    """An enum member from a member, its int value or its name in any case
    ("front_office", "front-office", "agresti-coull")."""
    if isinstance(value, str):
        try:
            return cls[value.upper().replace("-", "_").replace(" ", "_")]
        except KeyError:
            raise ValueError("unknown %s %r" % (cls.__name__, value)) from None
    return cls(value)


def _native(*codes):
    order = "<" if sys.byteorder == "little" else ">"
    return frozenset(p + c for c in codes for p in ("", "=", "@", order))


# buffer formats read in place, by ctypes element type
_FORMATS = {c_double: ("d", _native("d")), c_int64: ("q", _native("q", "l")),
            c_uint64: ("Q", _native("Q", "L")), c_uint8: ("B", _native("B"))}


def buffer_of(values, ctype=c_double):
    """values as (ctypes array of ctype, n) for a const pointer argument.
    A C-contiguous buffer of that element type (array.array('d'), a numpy
    float64 array, a memoryview) is shared without copying or looping in
    Python; anything else is converted once by array.array."""
    typecode, formats = _FORMATS[ctype]
    try:
        mv = memoryview(values)
    except TypeError:
        mv = None
    if mv is not None and mv.format in formats and mv.c_contiguous and \
            mv.itemsize == ctypes.sizeof(ctype):
        if mv.ndim != 1:
            mv = mv.cast("B").cast(typecode)
        n = mv.nbytes // mv.itemsize
        if mv.readonly:
            return (ctype * n).from_buffer_copy(mv), n
        return (ctype * n).from_buffer(mv), n
    arr = array.array(typecode, values)
    n = len(arr)
    return (ctype * n).from_buffer(arr), n


def doubles(values):
    """buffer_of(values, c_double): the common case of score arrays."""
    return buffer_of(values, c_double)


def strings(values, what="string"):
    """A sequence of str (None allowed) as a C array of char *; the array
    keeps the encoded bytes alive."""
    encoded = [enc(v, what) for v in values]
    return (c_char_p * len(encoded))(*encoded), len(encoded)


def bytes_in(data):
    """A bytes-like object as (ctypes uint8 array, n) for a const uint8_t *."""
    mv = memoryview(data).cast("B")
    n = mv.nbytes
    if mv.readonly:
        return (c_uint8 * n).from_buffer_copy(mv), n
    return (c_uint8 * n).from_buffer(mv), n


def kind(value):
    """A MetricKind from a member, its int or a name the library knows
    ("csat", "NPS", "kpi")."""
    if isinstance(value, str):
        out = ctypes.c_int()
        lib.cxj_metric_kind_from_name(enc(value, "kind"), ctypes.byref(out))
        return MetricKind(out.value)
    return MetricKind(value)


def id_of(obj):
    """An id argument from a str or a journey object (Journey, Stage,
    Touchpoint, anything with an id and a handle)."""
    if isinstance(obj, str):
        return enc(obj, "id")
    if hasattr(obj, "_h") and hasattr(obj, "id"):
        return enc(obj.id, "id")
    raise TypeError("expected an id or a journey object, not %s"
                    % type(obj).__name__)


def selection(segment=None, source=None, period=None, rollup=False):
    """A cxj_selection: segment None is every segment and "" answers
    without one; source None is both; period None is all periods."""
    sel = _ffi.cxj_selection()
    lib.cxj_selection_init(ctypes.byref(sel), _ffi.cxj_selection.VERSION)
    sel.segment = enc(segment, "segment")
    sel.source = _ffi.ANY_SOURCE if source is None else \
        to_enum(Source, source)
    if period is not None:
        sel.period = index(period, 2 ** 62, "period")
    sel.rollup = 1 if rollup else 0
    return sel


def handle(obj, ptr_type, what):
    """The live handle of a wrapper whose C type is ptr_type (ClosedError
    when it is closed), or TypeError naming what was expected: for modules
    that take another module's objects without importing their class."""
    h = getattr(obj, "_h", None)
    if not isinstance(h, ptr_type):
        raise TypeError("expected %s, not %s" % (what, type(obj).__name__))
    return h


def score(x, what="score"):
    """A score or weight argument as float; OutOfRange naming it when it is
    NaN (the library would call it out of scale)."""
    x = real(x, what)
    if x != x:
        raise OutOfRange("%s is NaN" % what)
    return x


def drop_nan(scores, *columns):
    """(scores, *columns) without the rows whose score is NaN: the inputs
    themselves when there is none, else scores as an array('d') and each
    column (None stays None) as a list."""
    buf, n = doubles(scores)
    keep = [x == x for x in buf]
    if all(keep):
        return (buf,) + columns
    rows = [None if c is None else _rows(c) for c in columns]
    for r in rows:
        if r is not None and len(r) != n:
            raise ValueError("%d scores but a column of %d rows"
                             % (n, len(r)))
    kept = array.array("d", itertools.compress(buf, keep))
    return (kept,) + tuple(None if r is None else
                           list(itertools.compress(r, keep)) for r in rows)


def _rows(column):
    """A column's values as a sequence: a buffer through memoryview (a
    bytes-like column gives ints), anything else as a list."""
    try:
        return memoryview(column).tolist()
    except TypeError:
        return list(column)


def nan_error(error, columns, accepts, hint):
    """The error for a bulk add the library refused: when the first element
    it refused is NaN, an OutOfRange that says so ("scores[3] is NaN") and
    adds hint; else error itself. columns: (name, ctypes array or None)
    pairs; accepts(i) adds the first i rows alone to a scratch object,
    raising when the library refuses them."""
    first = None
    for name, arr in columns:
        if arr is None:
            continue
        i = next((k for k, x in enumerate(arr) if x != x), None)
        if i is not None and (first is None or i < first[1]):
            first = (name, i)
    if first is None:
        return error
    name, i = first
    try:
        accepts(i)
    except CxjError:
        return error
    return OutOfRange("%s[%d] is NaN%s" % (name, i,
                                           hint if name == "scores" else ""))


def date_of(seconds):
    """A period start (seconds since the epoch, UTC) as a datetime.date."""
    return datetime.datetime.fromtimestamp(seconds,
                                           datetime.timezone.utc).date()
