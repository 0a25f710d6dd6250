"""What every wrapper shares. Handle ownership: an owner frees its C
handle exactly once (close(), the context manager, or weakref.finalize when
it is collected); a child borrows a handle from its owner and refuses to be
used once the owner is closed or the child was removed. And diagnostics
lists (validation, lenient loads) as Diagnostic tuples."""

import weakref
from typing import Any, List, Literal, NamedTuple, Optional, TypeVar, Union

from . import _convert, _ffi
from ._enums import Rule, Severity
from ._errors import ClosedError

_lib = _ffi.lib
_O = TypeVar("_O", bound="Owner")

class Diagnostic(NamedTuple):
    """One problem found by validation or a lenient load: its severity, the
    rule (a Rule, or the int of a rule newer than the binding), the
    message, the object's id, and the line and column (from 1; 0 when
    unknown) the object came from."""
    severity: Severity
    rule: Union[Rule, int]
    message: str
    object: str
    line: int
    column: int


def take_diagnostics(d: Any) -> List[Diagnostic]:
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


def _enum_or_int(cls: Any, value: int) -> Any:
    try:
        return cls(value)
    except ValueError:
        return value


class Owner(object):
    """Wraps a C handle this object owns. Subclasses set _free (the name of
    the C function that releases the handle) and _what (for messages)."""

    _free: Optional[str] = None
    _what = "object"
    _raw: Any = None

    def _adopt(self, ptr: Any) -> None:
        self._raw = ptr
        # The finalizer holds the pointer, not self, so it can run from gc.
        self._finalizer = weakref.finalize(self, _ffi.fn(self._free),
                                           ptr)

    @property
    def _h(self) -> Any:
        """The live handle; ClosedError after close()."""
        raw = self._raw
        if raw is None:
            raise ClosedError("%s is closed" % self._what)
        return raw

    @property
    def closed(self) -> bool:
        return self._raw is None

    def close(self) -> None:
        """Frees the C object now. Further use raises ClosedError; closing
        again does nothing."""
        if self._raw is not None:
            self._raw = None
            self._finalizer()

    def __enter__(self: _O) -> _O:
        self._h
        return self

    def __exit__(self, *exc: Any) -> Literal[False]:
        self.close()
        return False


class Child(object):
    """A handle owned by a journey (persona, stage, touchpoint). The wrapper
    keeps the journey alive; the journey invalidates it on removal."""

    _what = "object"

    def __init__(self, journey: Any, ptr: Any) -> None:
        self._journey = journey
        self._raw = ptr

    @property
    def _h(self) -> Any:
        """The live handle, or ClosedError when the journey is closed or the
        object was removed from it."""
        self._journey._h
        raw = self._raw
        if raw is None:
            raise ClosedError("%s was removed from its journey" % self._what)
        return raw

    @property
    def journey(self) -> Any:
        return self._journey

    @property
    def valid(self) -> bool:
        """False once the journey is closed or this object was removed."""
        return self._raw is not None and not self._journey.closed
