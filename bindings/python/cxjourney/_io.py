"""Journeys as YAML (io.h): load from a file or text, save atomically or to
text. Journey.load/loads/save/dumps are the usual entry points."""

from ctypes import POINTER, byref, c_char, c_size_t

from . import _ffi
from ._journey import Journey, take_diagnostics

_lib = _ffi.lib

_LIMITS = ("max_depth", "max_alias_expansion", "max_scalar_length",
           "max_document_size", "max_objects", "max_entries")


def _load(loader, unknown_keys, limits):
    """Runs loader(options_ptr, out_ptr) and wraps the new journey, with the
    warnings of a lenient load in journey.load_warnings."""
    opts = _ffi.cxj_load_options()
    _lib.cxj_load_options_init(byref(opts), _ffi.cxj_load_options.VERSION)
    for k, v in limits.items():
        if k not in _LIMITS:
            raise TypeError("unknown load option %r" % k)
        if v is not None:
            setattr(opts, k, v)
    if unknown_keys not in ("error", "warn"):
        raise ValueError("unknown_keys must be 'error' or 'warn'")
    warnings = _ffi.Diagnostics_p()
    if unknown_keys == "warn":
        opts.flags |= _ffi.LOAD_UNKNOWN_KEYS_WARN
    opts.warnings = POINTER(_ffi.Diagnostics_p)(warnings)
    out = _ffi.Journey_p()
    loader(byref(opts), byref(out))
    j = Journey._from_handle(out)
    j.load_warnings = take_diagnostics(warnings)
    return j


def load(path, unknown_keys="error", **limits):
    """The journey in a YAML file. unknown_keys="warn" skips unknown keys
    and lists them in journey.load_warnings; limits (max_depth,
    max_alias_expansion, max_scalar_length, max_document_size, max_objects,
    max_entries) override the library's defaults."""
    p = _ffi.path(path)
    return _load(lambda o, out: _lib.cxj_journey_load_file(p, o, out),
                 unknown_keys, limits)


def loads(text, name=None, unknown_keys="error", **limits):
    """The journey in YAML text (str or bytes); name labels errors."""
    if isinstance(text, str):
        data = text.encode("utf-8")
    else:
        data = bytes(memoryview(text).cast("B"))
    n = _ffi.enc(name, "name")
    return _load(lambda o, out: _lib.cxj_journey_load_buffer(
        data, len(data), n, o, out), unknown_keys, limits)


def _save_options():
    opts = _ffi.cxj_save_options()
    _lib.cxj_save_options_init(byref(opts), _ffi.cxj_save_options.VERSION)
    return opts


def save(journey, path):
    """Writes the journey to path atomically (canonical YAML)."""
    _lib.cxj_journey_save_file(journey._h, _ffi.path(path),
                               byref(_save_options()))


def dumps(journey):
    """The journey as canonical YAML text."""
    buf = POINTER(c_char)()
    n = c_size_t()
    _lib.cxj_journey_save_buffer(journey._h, byref(_save_options()),
                                 byref(buf), byref(n))
    return _ffi.take_bytes(buf, n.value).decode("utf-8")
