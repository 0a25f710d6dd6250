"""Handle ownership shared by every wrapper: an owner frees its C handle
exactly once (close(), the context manager, or weakref.finalize when it is
collected); a child borrows a handle from its owner and refuses to be used
once the owner is closed or the child was removed."""

import weakref

from . import _ffi
from ._errors import ClosedError


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
