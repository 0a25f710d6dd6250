"""Journeys as YAML (io.h): load from a file or text, save atomically or to
text. This module works on C handles; Journey.load/loads/save/dumps wrap
them and are the entry points."""

from ctypes import POINTER, byref, c_char, c_size_t

from . import _convert, _ffi
from ._base import take_diagnostics

_lib = _ffi.lib

_LIMITS = ("max_depth", "max_alias_expansion", "max_scalar_length",
           "max_document_size", "max_objects", "max_entries")


def _load(loader, unknown_keys, limits):
    """Runs loader(options_ptr, out_ptr): (the new journey's handle, the
    warnings of a lenient load as a list of Diagnostic)."""
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
    return out, take_diagnostics(warnings)


def load(path, unknown_keys, limits):
    """(handle, warnings) of the journey in a YAML file; see Journey.load."""
    p = _convert.path(path)
    return _load(lambda o, out: _lib.cxj_journey_load_file(p, o, out),
                 unknown_keys, limits)


def loads(text, name, unknown_keys, limits):
    """(handle, warnings) of the journey in YAML text (str or bytes); name
    labels errors."""
    if isinstance(text, str):
        data = text.encode("utf-8")
    else:
        data = bytes(memoryview(text).cast("B"))
    n = _convert.enc(name, "name")
    return _load(lambda o, out: _lib.cxj_journey_load_buffer(
        data, len(data), n, o, out), unknown_keys, limits)


def _save_options():
    opts = _ffi.cxj_save_options()
    _lib.cxj_save_options_init(byref(opts), _ffi.cxj_save_options.VERSION)
    return opts


def save(journey, path):
    """Writes the journey (a handle) to path atomically (canonical YAML)."""
    _lib.cxj_journey_save_file(journey, _convert.path(path),
                               byref(_save_options()))


def dumps(journey):
    """The journey (a handle) as canonical YAML text."""
    buf = POINTER(c_char)()
    n = c_size_t()
    _lib.cxj_journey_save_buffer(journey, byref(_save_options()),
                                 byref(buf), byref(n))
    return _convert.take_bytes(buf, n.value).decode("utf-8")
