"""Live views over a C object's collections: child sequences (stages,
touchpoints, personas), text lists, and key/value maps (attributes, targets,
stored metrics). They hold their owner, never a copy, so they always show the
current state."""

import math
from collections.abc import Mapping
from ctypes import byref, c_char_p, c_double
from typing import (Any, Iterator, List, MutableMapping,
                    MutableSequence, Optional, Sequence, Tuple, Type,
                    TypeVar, Union, overload)

from . import _convert, _ffi
from ._errors import NotFound, did_you_mean
from ._metric import Metric, _metric_arg

_lib = _ffi.lib

T = TypeVar("T")
V = TypeVar("V")


class _ListLike(object):
    """Equality with any sequence, and a repr showing the items."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Sequence, _ListLike)) and \
                not isinstance(other, (str, bytes)):
            return list(self) == list(other)  # type: ignore
        return NotImplemented

    def __repr__(self) -> str:
        try:
            return "<%s %r>" % (type(self).__name__,
                                list(self))  # type: ignore
        except Exception as e:
            return "<%s (%s)>" % (type(self).__name__, e)


class ChildList(_ListLike, Sequence[T]):
    """A read-only sequence of wrapped children: count + index accessors."""

    def __init__(self, owner: Any, cls: Type[T], count: str, at: str,
                 *extra: int) -> None:
        self._owner = owner
        self._cls = cls
        self._count = _ffi.fn(count)
        self._at = _ffi.fn(at)
        self._extra = extra

    def __len__(self) -> int:
        return self._count(self._owner._h, *self._extra)

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> List[T]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[T, List[T]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        h = self._owner._h
        i = _convert.index(i, self._count(h, *self._extra))
        return self._owner._journey._wrap(self._cls,
                                          self._at(h, *(self._extra + (i,))))

    def __iter__(self) -> Iterator[T]:
        # Goes by index so that a child removed during iteration ends it
        # cleanly instead of reading a freed array.
        i = 0
        while True:
            h = self._owner._h
            if i >= self._count(h, *self._extra):
                return
            yield self._owner._journey._wrap(
                self._cls, self._at(h, *(self._extra + (i,))))
            i += 1

    def __contains__(self, item: object) -> bool:
        return any(x is item for x in self)

    def ids(self) -> List[str]:
        """The ids of the children, in order."""
        return [c.id for c in self]  # type: ignore[attr-defined]


class ItemList(_ListLike, MutableSequence[str]):
    """One text list of a touchpoint (steps, systems, pain points,
    opportunities): supports indexing, assignment, del, insert, append,
    extend, pop, remove and move."""

    def __init__(self, touchpoint: Any, which: int) -> None:
        self._tp = touchpoint
        self._which = which

    def __len__(self) -> int:
        return _lib.cxj_touchpoint_item_count(self._tp._h, self._which)

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> List[str]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[str, List[str]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        h = self._tp._h
        i = _convert.index(i, _lib.cxj_touchpoint_item_count(h, self._which))
        return _convert.dec(_lib.cxj_touchpoint_item_at(h, self._which, i))

    def __setitem__(self, i: Any, text: Any) -> None:
        if isinstance(i, slice):
            raise TypeError("slice assignment is not supported")
        h = self._tp._h
        i = _convert.index(i, _lib.cxj_touchpoint_item_count(h, self._which))
        _lib.cxj_touchpoint_set_item(h, self._which, i, _convert.enc(text, "item"))

    def __delitem__(self, i: Union[int, slice]) -> None:
        if isinstance(i, slice):
            for k in sorted(range(*i.indices(len(self))), reverse=True):
                del self[k]
            return
        h = self._tp._h
        i = _convert.index(i, _lib.cxj_touchpoint_item_count(h, self._which))
        _lib.cxj_touchpoint_remove_item(h, self._which, i)

    def insert(self, i: int, text: str) -> None:
        h = self._tp._h
        n = _lib.cxj_touchpoint_item_count(h, self._which)
        # list.insert clamps its index; so do we.
        i = max(0, min(n, i + n if i < 0 else i))
        _lib.cxj_touchpoint_add_item(h, self._which, _convert.enc(text, "item"))
        if i != n:
            _lib.cxj_touchpoint_move_item(h, self._which, n, i)

    def move(self, source: int, dest: int) -> None:
        """Moves the item at source so that it ends at index dest."""
        h = self._tp._h
        n = _lib.cxj_touchpoint_item_count(h, self._which)
        _lib.cxj_touchpoint_move_item(h, self._which,
                                      _convert.index(source, n, "source"),
                                      _convert.index(dest, n, "destination"))

    def clear(self) -> None:
        h = self._tp._h
        for i in reversed(range(_lib.cxj_touchpoint_item_count(h,
                                                               self._which))):
            _lib.cxj_touchpoint_remove_item(h, self._which, i)


class _KeyValueMap(MutableMapping[str, V]):
    """A map kept by the C object in first-set order. Subclasses name the C
    family ("persona", ...) and the field ("attr" or "target"). A key that
    is not set raises NotFound (a KeyError) naming the nearest key that
    is; get() gives None (or its default) instead."""

    _field = ""
    _ctype: Any = None
    _noun = ""

    def __init__(self, owner: Any, family: str) -> None:
        self._owner = owner
        p = "cxj_%s_" % family
        f = self._field
        self._get = _ffi.fn(p + f)
        self._set = _ffi.fn(p + "set_" + f)
        self._remove = _ffi.fn(p + "remove_" + f)
        self._count = _ffi.fn(p + f + "_count")
        self._at = _ffi.fn(p + f + "_at")

    def _to_c(self, value: Any) -> Any:
        raise NotImplementedError

    def _missing(self, raw: Any) -> bool:
        raise NotImplementedError

    def _from_c(self, raw: Any) -> V:
        return raw

    def _unbox(self, out: Any) -> Any:
        """The value an _at out-parameter holds, for _from_c."""
        return out.value

    def __len__(self) -> int:
        return self._count(self._owner._h)

    def __getitem__(self, key: str) -> V:
        raw = self._get(self._owner._h, _convert.enc(key, "key"))
        if self._missing(raw):
            self._miss(key)
        return self._from_c(raw)

    def _miss(self, key: str) -> None:
        """Raises NotFound for key, as the library words the misses of the
        stored metrics: "'call' has no target 'cast' (did you mean
        'csat'?)"."""
        raise NotFound("'%s' has no %s '%s'%s" % (
            self._owner.id, self._noun, key, did_you_mean(key, self)))

    def __setitem__(self, key: str, value: V) -> None:
        self._set(self._owner._h, _convert.enc(key, "key"), self._to_c(value))

    def __delitem__(self, key: str) -> None:
        h = self._owner._h
        k = _convert.enc(key, "key")
        if self._missing(self._get(h, k)):
            self._miss(key)
        self._remove(h, k)

    def _pair(self, h: Any, i: int) -> Tuple[str, V]:
        key = c_char_p()
        value = self._ctype()
        self._at(h, i, byref(key), byref(value))
        return _convert.dec(key.value), self._from_c(self._unbox(value))

    def __iter__(self) -> Iterator[str]:
        i = 0
        while True:
            h = self._owner._h
            if i >= self._count(h):
                return
            yield self._pair(h, i)[0]
            i += 1

    def items(self) -> List[Tuple[str, V]]:  # type: ignore[override]
        h = self._owner._h
        return [self._pair(h, i) for i in range(self._count(h))]

    def __repr__(self) -> str:
        try:
            return "<%s %r>" % (type(self).__name__, dict(self.items()))
        except Exception as e:
            return "<%s (%s)>" % (type(self).__name__, e)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class Attributes(_KeyValueMap[str]):
    """Free key/value text attributes (segment, country, team, ...)."""

    _field = "attr"
    _ctype = c_char_p
    _noun = "attribute"

    def _to_c(self, value: Any) -> Any:
        if value is None:
            raise TypeError("an attribute value must be str, not None")
        return _convert.enc(value, "value")

    def _missing(self, raw: Any) -> bool:
        return raw is None

    def _from_c(self, raw: Any) -> str:
        return _convert.dec(raw)


class Targets(_KeyValueMap[float]):
    """Metric targets by metric name ("csat", "nps", "ces" or a KPI)."""

    _field = "target"
    _ctype = c_double
    _noun = "target"

    def _to_c(self, value: Any) -> Any:
        if isinstance(value, (str, bytes)) or value is None:
            raise TypeError("a target must be a number")
        return float(value)

    def _missing(self, raw: Any) -> bool:
        return math.isnan(raw)


class Metrics(_KeyValueMap[Metric]):
    """Stored metric states by name: "csat", "nps" and "ces" hold a metric
    of their own kind, any other name a metric of any kind. Reading gives
    an independent Metric, a copy through the portable state; assigning
    stores a copy of a Metric; merge() adds a Metric's answers into the one
    stored (or stores a copy). A name nothing is stored under raises the
    library's NotFound ("'call' stores no metric 'npss' (did you mean
    'nps'?)")."""

    _field = "metric"
    _ctype = _ffi.Metric_p

    def __init__(self, owner: Any, family: str) -> None:
        super().__init__(owner, family)
        self._merge = _ffi.fn("cxj_%s_merge_metric" % family)

    def _to_c(self, value: Any) -> Any:
        return _metric_arg(value)

    def _missing(self, raw: Any) -> bool:
        return False  # the getter's errcheck raises the library's NotFound

    def _from_c(self, raw: Any) -> Metric:
        return Metric._copy_of(raw)

    def _unbox(self, out: Any) -> Any:
        return out

    def __contains__(self, key: object) -> bool:
        # without copying the metric, as __getitem__ would
        try:
            self._get(self._owner._h, _convert.enc(key, "key"))  # type: ignore
        except NotFound:
            return False
        return True

    def merge(self, key: str, metric: Metric) -> None:
        """Adds metric's answers into the one stored under key, as
        Metric.merge does (kinds, and KPI units when both are set, must
        match; a failure changes nothing), or stores a copy."""
        self._merge(self._owner._h, _convert.enc(key, "key"),
                    _metric_arg(metric))

    def __eq__(self, other: object) -> bool:
        # metrics compare by their state bytes
        if isinstance(other, Mapping):
            mine, theirs = _states(self), _states(other)
            return theirs is not None and mine == theirs
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _states(mapping: Any) -> Optional[dict]:
    """{name: state bytes}, or None when a value is not a Metric."""
    out = {}
    for k, v in mapping.items():
        if not isinstance(v, Metric):
            return None
        out[k] = bytes(v)
    return out


__all__ = ["ChildList", "ItemList", "Attributes", "Targets", "Metrics"]
