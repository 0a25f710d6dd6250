"""Exceptions of the cxjourney binding: one class per C status code.

Each class also derives from the built-in exception a Python caller would
expect (ValueError, KeyError, OSError, MemoryError), so ordinary handlers work.
"""

import difflib
from typing import Iterable, Optional

OK = 0
ENOMEM = -1
EINVAL = -2
EPARSE = -3
EIO = -4
ENOTFOUND = -5
EEXIST = -6
ELIMIT = -7
ERANGE = -8
EINUSE = -9


class CxjError(Exception):
    """A failure reported by libcxjourney (or refused by the binding).

    Attributes: code (negative CXJ_E* status), message (one line), file
    (input file or None), line and column (counted from 1; 0 when unknown).
    """

    code: Optional[int] = None

    def __init__(self, message: str, code: Optional[int] = None,
                 file: Optional[str] = None, line: int = 0,
                 column: int = 0) -> None:
        Exception.__init__(self, message)
        if code is not None:
            self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += ":%d" % self.line
                if self.column:
                    where += ":%d" % self.column
            where += ": "
        elif self.line:
            where = "line %d" % self.line
            if self.column:
                where += ", column %d" % self.column
            where += ": "
        return where + self.message

    def __repr__(self) -> str:
        return "%s(%r, code=%r)" % (type(self).__name__, self.message,
                                    self.code)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.message, self.code, self.file, self.line,
                             self.column))


class NoMemory(CxjError, MemoryError):
    code = ENOMEM


class InvalidArgument(CxjError, ValueError):
    code = EINVAL


class ParseError(CxjError, ValueError):
    code = EPARSE


class CxjIOError(CxjError, OSError):
    code = EIO

    def __init__(self, message: str, code: Optional[int] = None,
                 file: Optional[str] = None, line: int = 0,
                 column: int = 0) -> None:
        CxjError.__init__(self, message, code, file, line, column)

    # OSError.__str__ would print "[Errno ...]"; keep ours.
    __str__ = CxjError.__str__  # type: ignore[assignment]


class NotFound(CxjError, KeyError):
    """A lookup found nothing: an id, segment, period, metric name or key.
    A KeyError, whose message names the nearest known name."""
    code = ENOTFOUND
    __str__ = CxjError.__str__  # type: ignore[assignment]


class AlreadyExists(CxjError, ValueError):
    code = EEXIST


class LimitExceeded(CxjError, ValueError):
    code = ELIMIT


class OutOfRange(CxjError, ValueError):
    code = ERANGE


class InUse(CxjError, RuntimeError):
    code = EINUSE


class ClosedError(InvalidArgument):
    """Use of a handle whose journey (or itself) was closed or removed."""


_BY_CODE = {cls.code: cls for cls in (
    NoMemory, InvalidArgument, ParseError, CxjIOError, NotFound,
    AlreadyExists, LimitExceeded, OutOfRange, InUse)}


def error_class(code: int) -> type:
    """The exception class for a status code (CxjError for unknown codes)."""
    return _BY_CODE.get(code, CxjError)


def make_error(code: int, message: str, file: Optional[str] = None,
               line: int = 0, column: int = 0) -> CxjError:
    return error_class(code)(message, code, file, line, column)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the known name nearest to name, or "":
    for the misses the binding reports itself, where the library records
    no message (attributes, targets, answer columns). A name that differs
    only in case is the nearest."""
    known = list(known)
    folded = {k.lower(): k for k in reversed(known)}
    best = folded.get(name.lower())
    if best is None or best == name:
        close = difflib.get_close_matches(name.lower(), list(folded), 1, 0.6)
        best = folded[close[0]] if close else None
    return " (did you mean '%s'?)" % best if best and best != name else ""
