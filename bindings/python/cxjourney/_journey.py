"""The journey map: Journey owns its personas, stages and touchpoints.

Child wrappers are cached per C address in their journey, so one C object
always has one Python wrapper, and removing it invalidates that wrapper."""

import os
import weakref
from ctypes import byref
from typing import (Any, Callable, Generic, Iterable, List, Mapping,
                    Optional, Type, TypeVar, Union, overload)

from . import _convert, _ffi, _io
from ._base import Child, Owner, take_diagnostics
from ._correlation import drivers
from ._base import Diagnostic
from ._enums import Experience, MetricKind, Period, PersonaKind, Severity, \
    name_of
from ._errors import NotFound
from ._correlation import Drivers
from ._responses import Responses
from ._score import Scores
from ._views import Attributes, ChildList, ItemList, Metrics, Targets

_lib = _ffi.lib


_D = TypeVar("_D", bound="_Field[Any]")
_V = TypeVar("_V")
_C = TypeVar("_C", bound=Child)
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
KindLike = Union[PersonaKind, str, int]


class _Field(Generic[_V]):
    """A field of a journey object whose value (a _V) is read and written
    through the C API: a data descriptor, so that type checkers know the
    field's type. Subclasses read in _read and write in __set__."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self: _D, obj: None, cls: Any = None) -> _D: ...

    @overload
    def __get__(self, obj: object, cls: Any = None) -> _V: ...

    def __get__(self, obj: Any, cls: Any = None) -> Any:
        if obj is None:
            return self
        return self._read(obj)

    def _read(self, obj: Any) -> _V:
        raise NotImplementedError


class _Text(_Field[str]):
    """A str field read and written through cxj_<family>_<field> and
    cxj_<family>_set_<field>; None or "" clears it."""

    def __init__(self, family: str, field: str, doc: str) -> None:
        self._get = _ffi.fn("cxj_%s_%s" % (family, field))
        self._put = _ffi.fn("cxj_%s_set_%s" % (family, field))
        self._field = field
        self.__doc__ = doc

    def _read(self, obj: Any) -> str:
        return _convert.dec(self._get(obj._h))

    def __set__(self, obj: Any, value: Optional[str]) -> None:
        self._put(obj._h, _convert.enc(value, self._field))


class _Items(_Field[ItemList]):
    """One of the four text lists of a touchpoint (cxj_list which): reads
    as a live ItemList; assigning an iterable of str replaces it."""

    def __init__(self, which: int, what: str) -> None:
        self._which = which
        self.__doc__ = ("The touchpoint's %s (a mutable list view; assign "
                        "any iterable of str to replace it)." % what)

    def _read(self, obj: Any) -> ItemList:
        return ItemList(obj, self._which)

    def __set__(self, obj: Any, items: Iterable[str]) -> None:
        items = list(items)
        for x in items:
            _convert.enc(x, "item")
        view = ItemList(obj, self._which)
        view.clear()
        view.extend(items)


class _Refs(_Field["ChildList[Persona]"]):
    """The personas of one kind a touchpoint refers to: a live read-only
    sequence."""

    def __init__(self, kind: PersonaKind) -> None:
        self._kind = kind
        self.__doc__ = "Personas of kind %s at this touchpoint." % kind.name

    def _read(self, obj: Any) -> "ChildList[Persona]":
        return ChildList(obj, Persona, "cxj_touchpoint_persona_count",
                         "cxj_touchpoint_persona_at", int(self._kind))

    def __set__(self, obj: Any, value: Any) -> None:
        raise AttributeError("%s is read-only: use add_persona() and "
                             "remove_persona()" % self._name)


def _child_repr(obj: Any, extra: str = "") -> str:
    if not obj.valid:
        return "<%s (%s)>" % (type(obj).__name__,
                              "journey closed" if obj._journey.closed
                              else "removed")
    s = "<%s %r" % (type(obj).__name__, obj.id)
    if obj.name:
        s += " name=%r" % obj.name
    return s + extra + ">"


class Journey(Owner):
    """A journey map. Journey(id) makes an empty one; close() (or a with
    block) frees it, after which the journey and all its children raise
    ClosedError when used."""

    _free = "cxj_journey_free"
    _what = "journey"

    def __init__(self, id: str, name: Optional[str] = None,
                 description: Optional[str] = None) -> None:
        out = _ffi.Journey_p()
        _lib.cxj_journey_new(_convert.enc(id, "id"), byref(out))
        self._init(out)
        try:
            if name is not None:
                self.name = name
            if description is not None:
                self.description = description
        except BaseException:
            self.close()
            raise

    @classmethod
    def _from_handle(cls, ptr: Any) -> "Journey":
        self = cls.__new__(cls)
        self._init(ptr)
        return self

    def _init(self, ptr: Any) -> None:
        self._adopt(ptr)
        self._children: "weakref.WeakValueDictionary[int, Child]" = \
            weakref.WeakValueDictionary()
        #: warnings of a lenient load (Diagnostic list); [] otherwise
        self.load_warnings: List[Diagnostic] = []

    # ---- YAML (io.h) ----
    @classmethod
    def load(cls, path: PathLike, unknown_keys: str = "error",
             **limits: Optional[int]) -> "Journey":
        """The journey in a YAML file. unknown_keys="warn" skips unknown
        keys and lists them in journey.load_warnings; limits (max_depth,
        max_alias_expansion, max_scalar_length, max_document_size,
        max_objects, max_entries) override the library's defaults."""
        return cls._loaded(*_io.load(path, unknown_keys, limits))

    @classmethod
    def loads(cls, text: Union[str, bytes], name: Optional[str] = None,
              unknown_keys: str = "error",
              **limits: Optional[int]) -> "Journey":
        """The journey in YAML text (str or bytes); name labels errors.
        Options as for load."""
        return cls._loaded(*_io.loads(text, name, unknown_keys, limits))

    @classmethod
    def _loaded(cls, handle: Any, warnings: List[Diagnostic]) -> "Journey":
        j = cls._from_handle(handle)
        j.load_warnings = warnings
        return j

    def save(self, path: PathLike) -> None:
        """Writes the journey as canonical YAML, replacing path atomically."""
        _io.save(self._h, path)

    def dumps(self) -> str:
        """The journey as canonical YAML text."""
        return _io.dumps(self._h)

    def score(self, responses: Responses,
              period: Union[Period, str, int, None] = None,
              **options: float) -> Scores:
        """Scores of this journey from responses (a Scores object): period
        ("day", "week", "month", "quarter" or None), negative_below,
        positive_from, customers."""
        return Scores(self, responses, period, **options)

    def drivers(self, responses: Responses,
                outcome: Union[MetricKind, str, int] = "nps",
                **options: Any) -> Drivers:
        """Key drivers of the journey-level outcome ("nps", "csat", "ces")
        among the touchpoints: a Drivers list, worst important first.
        Options: touchpoint_metric, method, min_pairs, segment."""
        return drivers(self, responses, outcome, **options)

    def copy(self) -> "Journey":
        """An independent journey equal to this one (through YAML)."""
        return Journey.loads(self.dumps())

    def __reduce__(self) -> Any:
        # Pickles as its canonical YAML.
        return (_loads, (self.dumps(),))

    @property
    def _journey(self) -> "Journey":
        return self

    def _wrap(self, cls: Type[_C], ptr: Any) -> _C:
        """The one wrapper of the child at ptr (None for NULL)."""
        addr = _convert.address(ptr)
        if not addr:
            return None  # type: ignore[return-value]
        w = self._children.get(addr)
        if w is None or type(w) is not cls:
            w = cls(self, ptr)
            self._children[addr] = w
        return w

    def _forget(self, ptr: Any) -> None:
        w = self._children.pop(_convert.address(ptr), None)
        if w is not None:
            w._raw = None

    # ---- fields ----
    id = _Text("journey", "id", "The journey's id (unique in the journey).")
    name = _Text("journey", "name", "Display name.")
    description = _Text("journey", "description", "Free text.")

    @property
    def targets(self) -> Targets:
        """Metric targets of the whole journey, as a mutable mapping."""
        return Targets(self, "journey")

    @property
    def metrics(self) -> Metrics:
        """The metric states the journey stores, by name, as a mutable
        mapping of Metric copies (see cxjourney._views.Metrics)."""
        return Metrics(self, "journey")

    # ---- personas ----
    @property
    def personas(self) -> "ChildList[Persona]":
        """The journey's personas, in order (a live read-only sequence)."""
        return ChildList(self, Persona, "cxj_journey_persona_count",
                         "cxj_journey_persona_at")

    def add_persona(self, id: str, kind: KindLike = PersonaKind.CUSTOMER,
                    name: Optional[str] = None,
                    description: Optional[str] = None,
                    attributes: Optional[Mapping[str, str]] = None
                    ) -> "Persona":
        """Adds a persona of kind (PersonaKind or "customer",
        "front_office", "back_office") and returns it."""
        kind = _convert.to_enum(PersonaKind, kind)
        out = _ffi.Persona_p()
        _lib.cxj_journey_add_persona(self._h, _convert.enc(id, "id"), kind,
                                     byref(out))
        p = self._wrap(Persona, out)
        self._fill(p, self.remove_persona, name=name, description=description,
                   attributes=attributes)
        return p

    def persona(self, id: str) -> "Persona":
        """The persona with this id, never None: NotFound (a KeyError) when
        there is none, its message naming the nearest persona id ("no
        persona 'fi-tem' in journey 'itsm' (did you mean 'fi-team'?)")."""
        return self._find(Persona, _lib.cxj_journey_find_persona, id)

    def move_persona(self, persona: Union["Persona", str],
                     index: int) -> None:
        h = self._h
        _lib.cxj_journey_move_persona(
            h, self._own(persona, Persona)._h,
            _convert.index(index, _lib.cxj_journey_persona_count(h)))

    def remove_persona(self, persona: Union["Persona", str]) -> None:
        """Removes a persona (object or id). InUse while a touchpoint still
        refers to it."""
        p = self._own(persona, Persona)
        _lib.cxj_journey_remove_persona(self._h, p._h)
        self._forget(p._raw)

    # ---- stages ----
    @property
    def stages(self) -> "ChildList[Stage]":
        """The journey's stages, in order (a live read-only sequence)."""
        return ChildList(self, Stage, "cxj_journey_stage_count",
                         "cxj_journey_stage_at")

    def add_stage(self, id: str, name: Optional[str] = None,
                  description: Optional[str] = None,
                  index: Optional[int] = None) -> "Stage":
        """Appends a stage (or places it at index) and returns it."""
        h = self._h
        out = _ffi.Stage_p()
        _lib.cxj_journey_add_stage(h, _convert.enc(id, "id"), byref(out))
        s = self._wrap(Stage, out)
        self._fill(s, self.remove_stage, name=name, description=description,
                   _index=index)
        return s

    def stage(self, id: str) -> "Stage":
        """The stage with this id; NotFound as for persona()."""
        return self._find(Stage, _lib.cxj_journey_find_stage, id)

    def move_stage(self, stage: Union["Stage", str], index: int) -> None:
        h = self._h
        _lib.cxj_journey_move_stage(
            h, self._own(stage, Stage)._h,
            _convert.index(index, _lib.cxj_journey_stage_count(h)))

    def remove_stage(self, stage: Union["Stage", str]) -> None:
        """Removes a stage (object or id) with all its touchpoints; their
        wrappers become invalid."""
        s = self._own(stage, Stage)
        h = s._h
        doomed = [_lib.cxj_stage_touchpoint_at(h, i)
                  for i in range(_lib.cxj_stage_touchpoint_count(h))]
        _lib.cxj_journey_remove_stage(self._h, h)
        for t in doomed:
            self._forget(t)
        self._forget(s._raw)

    # ---- touchpoints ----
    def touchpoint(self, id: str) -> "Touchpoint":
        """The touchpoint with this id, in any stage; NotFound as for
        persona()."""
        return self._find(Touchpoint, _lib.cxj_journey_find_touchpoint, id)

    @property
    def touchpoints(self) -> "List[Touchpoint]":
        """Every touchpoint of the journey, stage by stage (a list)."""
        return [t for s in self.stages for t in s.touchpoints]

    @property
    def touchpoint_count(self) -> int:
        return _lib.cxj_journey_touchpoint_count(self._h)

    # ---- validation ----
    def validate(self) -> List[Diagnostic]:
        """Every problem found, as a list of Diagnostic(severity, rule,
        message, object, line, column); errors and warnings alike."""
        out = _ffi.Diagnostics_p()
        _lib.cxj_journey_validate(self._h, byref(out))
        return take_diagnostics(out)

    def is_valid(self) -> bool:
        """True when validation finds no error (warnings allowed)."""
        return all(d.severity != Severity.ERROR for d in self.validate())

    # ---- helpers ----
    def _find(self, cls: Type[_C], finder: Any, id: str) -> _C:
        # a miss raises in the finder's errcheck, with the library's message
        return self._wrap(cls, finder(self._h, _convert.enc(id, "id")))

    def _own(self, obj: Any, cls: Type[_C]) -> _C:
        """obj as a live child of this journey: a cls wrapper or an id."""
        if isinstance(obj, str):
            return self._find(cls, _FINDERS[cls], obj)
        if not isinstance(obj, cls):
            raise TypeError("expected %s or id, not %s"
                            % (cls.__name__, type(obj).__name__))
        obj._h
        if obj._journey is not self:
            raise NotFound("%s '%s' belongs to another journey"
                           % (cls._what, obj.id))  # type: ignore
        return obj

    def _fill(self, obj: Any, undo: Callable[[Any], None],
              _index: Optional[int] = None, **fields: Any) -> None:
        """Sets optional fields of a just-added child; on failure removes it
        again, so that a failed add leaves the journey as it was."""
        try:
            for k, v in fields.items():
                if v is None:
                    continue
                if k == "attributes":
                    obj.attributes.update(v)
                else:
                    setattr(obj, k, v)
            if _index is not None:
                obj.move(_index)
        except BaseException:
            undo(obj)
            raise

    def __repr__(self) -> str:
        if self.closed:
            return "<Journey (closed)>"
        s = "<Journey %r" % self.id
        if self.name:
            s += " name=%r" % self.name
        return s + " (%d stages, %d touchpoints, %d personas)>" % (
            len(self.stages), self.touchpoint_count, len(self.personas))


def _loads(text: str) -> Journey:
    return Journey.loads(text)


class Persona(Child):
    """A customer archetype or an employee role (front or back office)."""

    _what = "persona"

    id = _Text("persona", "id", "The persona's id.")
    name = _Text("persona", "name", "Display name.")
    description = _Text("persona", "description", "Free text.")

    @property
    def kind(self) -> PersonaKind:
        return PersonaKind(_lib.cxj_persona_kind_of(self._h))

    @kind.setter
    def kind(self, value: KindLike) -> None:
        _lib.cxj_persona_set_kind(self._h, _convert.to_enum(PersonaKind, value))

    @property
    def index(self) -> int:
        return _lib.cxj_persona_index(self._h)

    @property
    def attributes(self) -> Attributes:
        return Attributes(self, "persona")

    def move(self, index: int) -> None:
        self._journey.move_persona(self, index)

    def __repr__(self) -> str:
        return _child_repr(self, self.valid and " kind=%s" % name_of(self.kind)
                           or "")


class Stage(Child):
    """A phase of the journey, holding its ordered touchpoints."""

    _what = "stage"

    id = _Text("stage", "id", "The stage's id.")
    name = _Text("stage", "name", "Display name.")
    description = _Text("stage", "description", "Free text.")

    @property
    def index(self) -> int:
        return _lib.cxj_stage_index(self._h)

    @property
    def targets(self) -> Targets:
        return Targets(self, "stage")

    @property
    def metrics(self) -> Metrics:
        """The metric states the stage stores (a mapping of copies)."""
        return Metrics(self, "stage")

    @property
    def touchpoints(self) -> "ChildList[Touchpoint]":
        """The stage's touchpoints, in order (a live read-only sequence)."""
        return ChildList(self, Touchpoint, "cxj_stage_touchpoint_count",
                         "cxj_stage_touchpoint_at")

    def add_touchpoint(self, id: str, index: Optional[int] = None,
                       **fields: Any) -> "Touchpoint":
        """Appends a touchpoint (or places it at index) and returns it.
        Keyword arguments set its fields (name, channel, steps, ...)."""
        for k in fields:
            if not isinstance(getattr(Touchpoint, k, None),
                              (property, _Field)):
                raise TypeError("unknown touchpoint field %r" % k)
        out = _ffi.Touchpoint_p()
        _lib.cxj_stage_add_touchpoint(self._h, _convert.enc(id, "id"), byref(out))
        t = self._journey._wrap(Touchpoint, out)
        self._journey._fill(t, self.remove_touchpoint, _index=index, **fields)
        return t

    def move_touchpoint(self, touchpoint: Union["Touchpoint", str],
                        index: int) -> None:
        """Places a touchpoint of this journey (possibly from another stage)
        at index in this stage; index may equal len(touchpoints)."""
        t = self._journey._own(touchpoint, Touchpoint)
        h = self._h
        end_ok = t.stage is not self
        _lib.cxj_stage_move_touchpoint(
            h, t._h, _convert.index(index, _lib.cxj_stage_touchpoint_count(h),
                                end_ok=end_ok))

    def remove_touchpoint(self,
                          touchpoint: Union["Touchpoint", str]) -> None:
        t = self._journey._own(touchpoint, Touchpoint)
        _lib.cxj_stage_remove_touchpoint(self._h, t._h)
        self._journey._forget(t._raw)

    def move(self, index: int) -> None:
        self._journey.move_stage(self, index)

    def __repr__(self) -> str:
        return _child_repr(self, self.valid and " (%d touchpoints)"
                           % len(self.touchpoints) or "")


class Touchpoint(Child):
    """What the customer does in a step, with the four lines of the map."""

    _what = "touchpoint"

    id = _Text("touchpoint", "id", "The touchpoint's id.")
    name = _Text("touchpoint", "name", "Display name.")
    description = _Text("touchpoint", "description", "Free text.")
    activity = _Text("touchpoint", "activity",
                     "Line of journey: the customer's action in the stage.")
    channel = _Text("touchpoint", "channel",
                    "Line of customer visibility: phone, email, web portal...")
    back_end_process = _Text("touchpoint", "back_end_process",
                             "Line of internal interaction.")
    think_feel = _Text("touchpoint", "think_feel",
                       "Line of emotional experience: the impression.")
    promise = _Text("touchpoint", "promise",
                    "The promise kept at a moment of truth.")

    @property
    def moment_of_truth(self) -> bool:
        return bool(_lib.cxj_touchpoint_moment_of_truth(self._h))

    @moment_of_truth.setter
    def moment_of_truth(self, flag: bool) -> None:
        _lib.cxj_touchpoint_set_moment_of_truth(self._h, 1 if flag else 0)

    @property
    def experience(self) -> Experience:
        return Experience(_lib.cxj_touchpoint_experience(self._h))

    @experience.setter
    def experience(self, value: Union[Experience, str, int]) -> None:
        _lib.cxj_touchpoint_set_experience(self._h, _convert.to_enum(Experience, value))

    @property
    def stage(self) -> Stage:
        return self._journey._wrap(Stage, _lib.cxj_touchpoint_stage(self._h))

    @property
    def index(self) -> int:
        """Position within its stage, from 0."""
        return _lib.cxj_touchpoint_index(self._h)

    @property
    def attributes(self) -> Attributes:
        return Attributes(self, "touchpoint")

    @property
    def targets(self) -> Targets:
        return Targets(self, "touchpoint")

    @property
    def metrics(self) -> Metrics:
        """The metric states the touchpoint stores (a mapping of copies)."""
        return Metrics(self, "touchpoint")

    # persona references, one read-only view per kind
    customers = _Refs(PersonaKind.CUSTOMER)
    front_office = _Refs(PersonaKind.FRONT_OFFICE)
    back_office = _Refs(PersonaKind.BACK_OFFICE)

    # the four text lists
    steps = _Items(0, "steps")
    systems = _Items(1, "systems")
    pain_points = _Items(2, "pain points")
    opportunities = _Items(3, "opportunities")

    def personas(self, kind: Optional[KindLike] = None) -> List[Persona]:
        """The personas referred to (all kinds, or one kind)."""
        kinds = list(PersonaKind) if kind is None else [_convert.to_enum(PersonaKind,
                                                              kind)]
        return [p for k in kinds
                for p in ChildList(self, Persona,
                                   "cxj_touchpoint_persona_count",
                                   "cxj_touchpoint_persona_at", int(k))]

    def add_persona(self, persona: Union[Persona, str]) -> None:
        """Refers to a persona (object or id) of this journey; it lands in
        the list of its kind."""
        _lib.cxj_touchpoint_add_persona(self._h, self._persona_id(persona))

    def remove_persona(self, persona: Union[Persona, str]) -> None:
        _lib.cxj_touchpoint_remove_persona(self._h,
                                           self._persona_id(persona))

    def _persona_id(self, persona: Union[Persona, str]) -> bytes:
        if isinstance(persona, Persona):
            if persona._journey is not self._journey:
                raise NotFound("persona '%s' belongs to another journey"
                               % persona.id)
            return _convert.enc(persona.id)
        return _convert.enc(persona, "persona id")

    def move(self, index: int, stage: Optional[Stage] = None) -> None:
        """Moves within its stage, or to index in another stage."""
        (stage if stage is not None else self.stage).move_touchpoint(self,
                                                                     index)

    def __repr__(self) -> str:
        return _child_repr(self, self.valid and self.channel and
                           " channel=%r" % self.channel or "")


_FINDERS = {Persona: _lib.cxj_journey_find_persona,
            Stage: _lib.cxj_journey_find_stage,
            Touchpoint: _lib.cxj_journey_find_touchpoint}
