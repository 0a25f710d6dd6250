"""What every wrapper shares. Handle ownership: an owner frees its C
handle exactly once (close(), the context manager, or weakref.finalize when
it is collected); a child borrows a handle from its owner and refuses to be
used once the owner is closed or the child was removed. And diagnostics
lists (validation, lenient loads) as Diagnostic tuples."""

import weakref
from collections import namedtuple

from . import _convert, _ffi
from ._enums import Rule, Severity
from ._errors import ClosedError

_lib = _ffi.lib

Diagnostic = namedtuple("Diagnostic",
                        "severity rule message object line column")


def take_diagnostics(d):
    """A C diagnostics list as a list of Diagnostic; frees the C list."""
    try:
        return [Diagnostic(
            Severity(_lib.cxj_diagnostics_severity(d, i)),
            _enum_or_int(Rule, _lib.cxj_diagnostics_rule(d, i)),
            _convert.dec(_lib.cxj_diagnostics_message(d, i)),
            _convert.dec(_lib.cxj_diagnostics_object(d, i)),
            _lib.cxj_diagnostics_line(d, i),
            _lib.cxj_diagnostics_column(d, i))
            for i in range(_lib.cxj_diagnostics_count(d))]
    finally:
        _lib.cxj_diagnostics_free(d)


def _enum_or_int(cls, value):
    try:
        return cls(value)
    except ValueError:
        return value


class Owner(object):
    """Wraps a C handle this object owns. Subclasses set _free (the name of
    the C function that releases the handle) and _what (for messages)."""

    _free = None
    _what = "object"
    _raw = None

    def _adopt(self, ptr):
        self._raw = ptr
        # The finalizer holds the pointer, not self, so it can run from gc.
        self._finalizer = weakref.finalize(self, _ffi.fn(self._free),
                                           ptr)

    @property
    def _h(self):
        """The live handle; ClosedError after close()."""
        raw = self._raw
        if raw is None:
            raise ClosedError("%s is closed" % self._what)
        return raw

    @property
    def closed(self):
        return self._raw is None

    def close(self):
        """Frees the C object now. Further use raises ClosedError; closing
        again does nothing."""
        if self._raw is not None:
            self._raw = None
            self._finalizer()

    def __enter__(self):
        self._h
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Child(object):
    """A handle owned by a journey (persona, stage, touchpoint). The wrapper
    keeps the journey alive; the journey invalidates it on removal."""

    _what = "object"

    def __init__(self, journey, ptr):
        self._journey = journey
        self._raw = ptr

    @property
    def _h(self):
        """The live handle, or ClosedError when the journey is closed or the
        object was removed from it."""
        self._journey._h
        raw = self._raw
        if raw is None:
            raise ClosedError("%s was removed from its journey" % self._what)
        return raw

    @property
    def journey(self):
        return self._journey

    @property
    def valid(self):
        """False once the journey is closed or this object was removed."""
        return self._raw is not None and not self._journey.closed
