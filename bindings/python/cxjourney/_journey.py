"""The journey map: Journey owns its personas, stages and touchpoints.

Child wrappers are cached per C address in their journey, so one C object
always has one Python wrapper, and removing it invalidates that wrapper."""

import weakref
from ctypes import byref

from . import _convert, _ffi, _io
from ._base import Child, Owner, take_diagnostics
from ._correlation import drivers
from ._enums import Experience, PersonaKind, Severity, name_of
from ._errors import NotFound
from ._score import Scores
from ._views import Attributes, ChildList, ItemList, Metrics, Targets

_lib = _ffi.lib


# The four text lists of a touchpoint (cxj_list).
_LISTS = {"steps": 0, "systems": 1, "pain_points": 2, "opportunities": 3}

def _text(family, field, doc):
    """A str property read and written through cxj_<family>_<field> and
    cxj_<family>_set_<field>; None or "" clears it."""
    get = _ffi.fn("cxj_%s_%s" % (family, field))
    put = _ffi.fn("cxj_%s_set_%s" % (family, field))

    def fget(self):
        return _convert.dec(get(self._h))

    def fset(self, value):
        put(self._h, _convert.enc(value, field))

    return property(fget, fset, None, doc)


def _child_repr(obj, extra=""):
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

    def __init__(self, id, name=None, description=None):
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
    def _from_handle(cls, ptr):
        self = cls.__new__(cls)
        self._init(ptr)
        return self

    def _init(self, ptr):
        self._adopt(ptr)
        self._children = weakref.WeakValueDictionary()
        #: warnings of a lenient load (Diagnostic list); [] otherwise
        self.load_warnings = []

    # ---- YAML (io.h) ----
    @classmethod
    def load(cls, path, unknown_keys="error", **limits):
        """The journey in a YAML file. unknown_keys="warn" skips unknown
        keys and lists them in journey.load_warnings; limits (max_depth,
        max_alias_expansion, max_scalar_length, max_document_size,
        max_objects, max_entries) override the library's defaults."""
        return cls._loaded(*_io.load(path, unknown_keys, limits))

    @classmethod
    def loads(cls, text, name=None, unknown_keys="error", **limits):
        """The journey in YAML text (str or bytes); name labels errors.
        Options as for load."""
        return cls._loaded(*_io.loads(text, name, unknown_keys, limits))

    @classmethod
    def _loaded(cls, handle, warnings):
        j = cls._from_handle(handle)
        j.load_warnings = warnings
        return j

    def save(self, path):
        """Writes the journey as canonical YAML, replacing path atomically."""
        _io.save(self._h, path)

    def dumps(self):
        """The journey as canonical YAML text."""
        return _io.dumps(self._h)

    def score(self, responses, period=None, **options):
        """Scores of this journey from responses (a Scores object): period
        ("day", "week", "month", "quarter" or None), negative_below,
        positive_from, customers."""
        return Scores(self, responses, period, **options)

    def drivers(self, responses, outcome="nps", **options):
        """Key drivers of the journey-level outcome ("nps", "csat", "ces")
        among the touchpoints: a Drivers list, worst important first.
        Options: touchpoint_metric, method, min_pairs, segment."""
        return drivers(self, responses, outcome, **options)

    def copy(self):
        """An independent journey equal to this one (through YAML)."""
        return Journey.loads(self.dumps())

    def __reduce__(self):
        # Pickles as its canonical YAML.
        return (_loads, (self.dumps(),))

    @property
    def _journey(self):
        return self

    def _wrap(self, cls, ptr):
        """The one wrapper of the child at ptr (None for NULL)."""
        addr = _convert.address(ptr)
        if not addr:
            return None
        w = self._children.get(addr)
        if w is None or type(w) is not cls:
            w = cls(self, ptr)
            self._children[addr] = w
        return w

    def _forget(self, ptr):
        w = self._children.pop(_convert.address(ptr), None)
        if w is not None:
            w._raw = None

    # ---- fields ----
    id = _text("journey", "id", "The journey's id (unique in the journey).")
    name = _text("journey", "name", "Display name.")
    description = _text("journey", "description", "Free text.")

    @property
    def targets(self):
        """Metric targets of the whole journey, as a mutable mapping."""
        return Targets(self, "journey")

    @property
    def metrics(self):
        """The metric states the journey stores, by name, as a mutable
        mapping of Metric copies (see cxjourney._views.Metrics)."""
        return Metrics(self, "journey")

    # ---- personas ----
    @property
    def personas(self):
        return ChildList(self, Persona, "cxj_journey_persona_count",
                         "cxj_journey_persona_at")

    def add_persona(self, id, kind=PersonaKind.CUSTOMER, name=None,
                    description=None, attributes=None):
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

    def persona(self, id):
        """The persona with this id, never None: NotFound (a KeyError) when
        there is none, its message naming the nearest persona id ("no
        persona 'fi-tem' in journey 'itsm' (did you mean 'fi-team'?)")."""
        return self._find(Persona, _lib.cxj_journey_find_persona, id)

    def move_persona(self, persona, index):
        h = self._h
        _lib.cxj_journey_move_persona(
            h, self._own(persona, Persona)._h,
            _convert.index(index, _lib.cxj_journey_persona_count(h)))

    def remove_persona(self, persona):
        """Removes a persona (object or id). InUse while a touchpoint still
        refers to it."""
        p = self._own(persona, Persona)
        _lib.cxj_journey_remove_persona(self._h, p._h)
        self._forget(p._raw)

    # ---- stages ----
    @property
    def stages(self):
        return ChildList(self, Stage, "cxj_journey_stage_count",
                         "cxj_journey_stage_at")

    def add_stage(self, id, name=None, description=None, index=None):
        """Appends a stage (or places it at index) and returns it."""
        h = self._h
        out = _ffi.Stage_p()
        _lib.cxj_journey_add_stage(h, _convert.enc(id, "id"), byref(out))
        s = self._wrap(Stage, out)
        self._fill(s, self.remove_stage, name=name, description=description,
                   _index=index)
        return s

    def stage(self, id):
        """The stage with this id; NotFound as for persona()."""
        return self._find(Stage, _lib.cxj_journey_find_stage, id)

    def move_stage(self, stage, index):
        h = self._h
        _lib.cxj_journey_move_stage(
            h, self._own(stage, Stage)._h,
            _convert.index(index, _lib.cxj_journey_stage_count(h)))

    def remove_stage(self, stage):
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
    def touchpoint(self, id):
        """The touchpoint with this id, in any stage; NotFound as for
        persona()."""
        return self._find(Touchpoint, _lib.cxj_journey_find_touchpoint, id)

    @property
    def touchpoints(self):
        """Every touchpoint of the journey, stage by stage (a list)."""
        return [t for s in self.stages for t in s.touchpoints]

    @property
    def touchpoint_count(self):
        return _lib.cxj_journey_touchpoint_count(self._h)

    # ---- validation ----
    def validate(self):
        """Every problem found, as a list of Diagnostic(severity, rule,
        message, object, line, column); errors and warnings alike."""
        out = _ffi.Diagnostics_p()
        _lib.cxj_journey_validate(self._h, byref(out))
        return take_diagnostics(out)

    def is_valid(self):
        """True when validation finds no error (warnings allowed)."""
        return all(d.severity != Severity.ERROR for d in self.validate())

    # ---- helpers ----
    def _find(self, cls, finder, id):
        # a miss raises in the finder's errcheck, with the library's message
        return self._wrap(cls, finder(self._h, _convert.enc(id, "id")))

    def _own(self, obj, cls):
        """obj as a live child of this journey: a cls wrapper or an id."""
        if isinstance(obj, str):
            return self._find(cls, _FINDERS[cls], obj)
        if not isinstance(obj, cls):
            raise TypeError("expected %s or id, not %s"
                            % (cls.__name__, type(obj).__name__))
        obj._h
        if obj._journey is not self:
            raise NotFound("%s '%s' belongs to another journey"
                           % (cls._what, obj.id))
        return obj

    def _fill(self, obj, undo, _index=None, **fields):
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

    def __repr__(self):
        if self.closed:
            return "<Journey (closed)>"
        s = "<Journey %r" % self.id
        if self.name:
            s += " name=%r" % self.name
        return s + " (%d stages, %d touchpoints, %d personas)>" % (
            len(self.stages), self.touchpoint_count, len(self.personas))


def _loads(text):
    return Journey.loads(text)


class Persona(Child):
    """A customer archetype or an employee role (front or back office)."""

    _what = "persona"

    id = _text("persona", "id", "The persona's id.")
    name = _text("persona", "name", "Display name.")
    description = _text("persona", "description", "Free text.")

    @property
    def kind(self):
        return PersonaKind(_lib.cxj_persona_kind_of(self._h))

    @kind.setter
    def kind(self, value):
        _lib.cxj_persona_set_kind(self._h, _convert.to_enum(PersonaKind, value))

    @property
    def index(self):
        return _lib.cxj_persona_index(self._h)

    @property
    def attributes(self):
        return Attributes(self, "persona")

    def move(self, index):
        self._journey.move_persona(self, index)

    def __repr__(self):
        return _child_repr(self, self.valid and " kind=%s" % name_of(self.kind)
                           or "")


class Stage(Child):
    """A phase of the journey, holding its ordered touchpoints."""

    _what = "stage"

    id = _text("stage", "id", "The stage's id.")
    name = _text("stage", "name", "Display name.")
    description = _text("stage", "description", "Free text.")

    @property
    def index(self):
        return _lib.cxj_stage_index(self._h)

    @property
    def targets(self):
        return Targets(self, "stage")

    @property
    def metrics(self):
        """The metric states the stage stores (a mapping of copies)."""
        return Metrics(self, "stage")

    @property
    def touchpoints(self):
        return ChildList(self, Touchpoint, "cxj_stage_touchpoint_count",
                         "cxj_stage_touchpoint_at")

    def add_touchpoint(self, id, index=None, **fields):
        """Appends a touchpoint (or places it at index) and returns it.
        Keyword arguments set its fields (name, channel, steps, ...)."""
        for k in fields:
            if not isinstance(getattr(Touchpoint, k, None), property):
                raise TypeError("unknown touchpoint field %r" % k)
        out = _ffi.Touchpoint_p()
        _lib.cxj_stage_add_touchpoint(self._h, _convert.enc(id, "id"), byref(out))
        t = self._journey._wrap(Touchpoint, out)
        self._journey._fill(t, self.remove_touchpoint, _index=index, **fields)
        return t

    def move_touchpoint(self, touchpoint, index):
        """Places a touchpoint of this journey (possibly from another stage)
        at index in this stage; index may equal len(touchpoints)."""
        t = self._journey._own(touchpoint, Touchpoint)
        h = self._h
        end_ok = t.stage is not self
        _lib.cxj_stage_move_touchpoint(
            h, t._h, _convert.index(index, _lib.cxj_stage_touchpoint_count(h),
                                end_ok=end_ok))

    def remove_touchpoint(self, touchpoint):
        t = self._journey._own(touchpoint, Touchpoint)
        _lib.cxj_stage_remove_touchpoint(self._h, t._h)
        self._journey._forget(t._raw)

    def move(self, index):
        self._journey.move_stage(self, index)

    def __repr__(self):
        return _child_repr(self, self.valid and " (%d touchpoints)"
                           % len(self.touchpoints) or "")


class Touchpoint(Child):
    """What the customer does in a step, with the four lines of the map."""

    _what = "touchpoint"

    id = _text("touchpoint", "id", "The touchpoint's id.")
    name = _text("touchpoint", "name", "Display name.")
    description = _text("touchpoint", "description", "Free text.")
    activity = _text("touchpoint", "activity",
                     "Line of journey: the customer's action in the stage.")
    channel = _text("touchpoint", "channel",
                    "Line of customer visibility: phone, email, web portal...")
    back_end_process = _text("touchpoint", "back_end_process",
                             "Line of internal interaction.")
    think_feel = _text("touchpoint", "think_feel",
                       "Line of emotional experience: the impression.")
    promise = _text("touchpoint", "promise",
                    "The promise kept at a moment of truth.")

    @property
    def moment_of_truth(self):
        return bool(_lib.cxj_touchpoint_moment_of_truth(self._h))

    @moment_of_truth.setter
    def moment_of_truth(self, flag):
        _lib.cxj_touchpoint_set_moment_of_truth(self._h, 1 if flag else 0)

    @property
    def experience(self):
        return Experience(_lib.cxj_touchpoint_experience(self._h))

    @experience.setter
    def experience(self, value):
        _lib.cxj_touchpoint_set_experience(self._h, _convert.to_enum(Experience, value))

    @property
    def stage(self):
        return self._journey._wrap(Stage, _lib.cxj_touchpoint_stage(self._h))

    @property
    def index(self):
        """Position within its stage, from 0."""
        return _lib.cxj_touchpoint_index(self._h)

    @property
    def attributes(self):
        return Attributes(self, "touchpoint")

    @property
    def targets(self):
        return Targets(self, "touchpoint")

    @property
    def metrics(self):
        """The metric states the touchpoint stores (a mapping of copies)."""
        return Metrics(self, "touchpoint")

    # persona references, one read-only view per kind
    def _refs(kind):
        def fget(self):
            return ChildList(self, Persona, "cxj_touchpoint_persona_count",
                             "cxj_touchpoint_persona_at", int(kind))
        return property(fget, None, None,
                        "Personas of kind %s at this touchpoint."
                        % kind.name)

    customers = _refs(PersonaKind.CUSTOMER)
    front_office = _refs(PersonaKind.FRONT_OFFICE)
    back_office = _refs(PersonaKind.BACK_OFFICE)
    del _refs

    def personas(self, kind=None):
        """The personas referred to (all kinds, or one kind)."""
        kinds = list(PersonaKind) if kind is None else [_convert.to_enum(PersonaKind,
                                                              kind)]
        return [p for k in kinds
                for p in ChildList(self, Persona,
                                   "cxj_touchpoint_persona_count",
                                   "cxj_touchpoint_persona_at", int(k))]

    def add_persona(self, persona):
        """Refers to a persona (object or id) of this journey; it lands in
        the list of its kind."""
        _lib.cxj_touchpoint_add_persona(self._h, self._persona_id(persona))

    def remove_persona(self, persona):
        _lib.cxj_touchpoint_remove_persona(self._h,
                                           self._persona_id(persona))

    def _persona_id(self, persona):
        if isinstance(persona, Persona):
            if persona._journey is not self._journey:
                raise NotFound("persona '%s' belongs to another journey"
                               % persona.id)
            return _convert.enc(persona.id)
        return _convert.enc(persona, "persona id")

    def move(self, index, stage=None):
        """Moves within its stage, or to index in another stage."""
        (stage if stage is not None else self.stage).move_touchpoint(self,
                                                                     index)

    def __repr__(self):
        return _child_repr(self, self.valid and self.channel and
                           " channel=%r" % self.channel or "")


def _list_property(name, which):
    def fget(self):
        return ItemList(self, which)

    def fset(self, items):
        items = list(items)
        for x in items:
            _convert.enc(x, "item")
        view = ItemList(self, which)
        view.clear()
        view.extend(items)

    return property(fget, fset, None, "The touchpoint's %s (a mutable list "
                    "view; assign any iterable of str to replace it)."
                    % name.replace("_", " "))


for _name, _which in _LISTS.items():
    setattr(Touchpoint, _name, _list_property(_name, _which))
del _name, _which

_FINDERS = {Persona: _lib.cxj_journey_find_persona,
            Stage: _lib.cxj_journey_find_stage,
            Touchpoint: _lib.cxj_journey_find_touchpoint}
