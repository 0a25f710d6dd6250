"""The one place where libcxjourney meets ctypes: finding the library, the
C types, and a single table declaring every function the binding calls.

Every function used elsewhere is reached as ``_ffi.lib.cxj_...`` and has its
argtypes, restype and errcheck set here, from the table ``FUNCTIONS``.
"""

import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, c_char, c_char_p, c_double, c_int,
                    c_int64, c_size_t, c_uint, c_uint8, c_uint64, c_void_p)

from . import _errors

#: The major version of the C library this binding was written for.
ABI_MAJOR = 0

_SONAME = "libcxjourney.so.0"


# ---- finding the library ----

def _candidates():
    """(description, path-or-name) pairs in lookup order."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    build = os.path.join(root, "build")
    return [
        ("build tree", os.path.join(build, _SONAME)),
        ("build tree", os.path.join(build, "libcxjourney.so")),
        ("system", _SONAME),
        ("find_library", ctypes.util.find_library("cxjourney")),
    ]


def _load():
    tried = []
    env = os.environ.get("CXJ_LIBRARY")
    if env:
        # An explicit choice is never silently replaced by another library.
        try:
            return ctypes.CDLL(env), env
        except OSError as e:
            raise ImportError("cxjourney: cannot load CXJ_LIBRARY=%s: %s"
                              % (env, e)) from None
    for what, path in _candidates():
        if not path:
            tried.append("%s: not found" % what)
            continue
        if os.sep in path and not os.path.exists(path):
            tried.append("%s: %s (no such file)" % (what, path))
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s: %s (%s)" % (what, path, e))
    raise ImportError("cxjourney: cannot find libcxjourney; set CXJ_LIBRARY "
                      "to its path. Tried:\n  " + "\n  ".join(tried))


# ---- C types ----

def _opaque(name):
    """A distinct opaque struct type: a handle of another type passed where
    this one is expected is a ctypes.ArgumentError, not a crash."""
    return type(name, (Structure,), {})


cxj_journey = _opaque("cxj_journey")
cxj_persona = _opaque("cxj_persona")
cxj_stage = _opaque("cxj_stage")
cxj_touchpoint = _opaque("cxj_touchpoint")
cxj_diagnostics = _opaque("cxj_diagnostics")
cxj_metric = _opaque("cxj_metric")
cxj_responses = _opaque("cxj_responses")
cxj_scores = _opaque("cxj_scores")
cxj_idlist = _opaque("cxj_idlist")
cxj_drivers = _opaque("cxj_drivers")
cxj_crosstab = _opaque("cxj_crosstab")
cxj_segment_pairs = _opaque("cxj_segment_pairs")
cxj_survey_mapping = _opaque("cxj_survey_mapping")

Journey_p = POINTER(cxj_journey)
Persona_p = POINTER(cxj_persona)
Stage_p = POINTER(cxj_stage)
Touchpoint_p = POINTER(cxj_touchpoint)
Diagnostics_p = POINTER(cxj_diagnostics)
Metric_p = POINTER(cxj_metric)
Responses_p = POINTER(cxj_responses)
Scores_p = POINTER(cxj_scores)
Idlist_p = POINTER(cxj_idlist)
Drivers_p = POINTER(cxj_drivers)
Crosstab_p = POINTER(cxj_crosstab)
SegmentPairs_p = POINTER(cxj_segment_pairs)
SurveyMapping_p = POINTER(cxj_survey_mapping)


class cxj_error(Structure):
    _fields_ = [("code", c_int), ("message", c_char_p), ("file", c_char_p),
                ("line", c_uint), ("column", c_uint)]


# Versioned result structs of metric.h; the binding fills each with its
# cxj_*_init(ptr, version) function since it cannot use the _INIT macros.
class cxj_comparison(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("difference", c_double),
                ("std_error", c_double), ("statistic", c_double),
                ("df", c_double), ("p_value", c_double),
                ("method", c_int), ("figure", c_int)]


class cxj_interval(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("estimate", c_double),
                ("lo", c_double), ("hi", c_double), ("std_error", c_double),
                ("level", c_double), ("n", c_double), ("df", c_double),
                ("method", c_int), ("figure", c_int)]


class cxj_target_test(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("target", c_double),
                ("estimate", c_double), ("difference", c_double),
                ("std_error", c_double), ("statistic", c_double),
                ("df", c_double), ("p_value", c_double), ("method", c_int),
                ("figure", c_int), ("alternative", c_int)]


class cxj_metric_summary(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("kind", c_int), ("count", c_uint64),
                ("weight_sum", c_double), ("effective_n", c_double),
                ("value", c_double), ("std_error", c_double),
                ("mean", c_double), ("stddev", c_double), ("min", c_double),
                ("max", c_double), ("top_box", c_double),
                ("promoters", c_double), ("passives", c_double),
                ("detractors", c_double)]


# io.h option structs
class cxj_load_options(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("flags", c_uint),
                ("max_depth", c_uint), ("max_alias_expansion", c_uint),
                ("max_scalar_length", c_size_t),
                ("max_document_size", c_size_t),
                ("max_objects", c_size_t), ("max_entries", c_size_t),
                ("warnings", POINTER(Diagnostics_p))]


class cxj_save_options(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("flags", c_uint)]


LOAD_UNKNOWN_KEYS_WARN = 0x1


# responses.h
NO_TIMESTAMP = -(2 ** 63)
METRIC_CONTACT = b"contact"


class cxj_answer(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("respondent", c_char_p),
                ("target", c_char_p), ("metric", c_char_p),
                ("score", c_double), ("segment", c_char_p),
                ("source", c_int), ("timestamp", c_int64),
                ("weight", c_double)]


class cxj_answer_columns(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("count", c_size_t),
                ("metric", c_char_p), ("respondents", POINTER(c_char_p)),
                ("targets", POINTER(c_char_p)),
                ("scores", POINTER(c_double)),
                ("segments", POINTER(c_char_p)),
                ("sources", POINTER(c_uint8)),
                ("timestamps", POINTER(c_int64)),
                ("weights", POINTER(c_double))]


class cxj_csv_options(Structure):
    VERSION = 2
    _fields_ = [("version", c_uint), ("respondent_column", c_char_p),
                ("target_column", c_char_p), ("metric_column", c_char_p),
                ("score_column", c_char_p), ("segment_column", c_char_p),
                ("source_column", c_char_p),
                ("timestamp_column", c_char_p),
                ("weight_column", c_char_p), ("metric", c_char_p),
                ("delimiter", c_char), ("skip_bad_rows", c_int),
                ("threads", c_int), ("report", POINTER(Diagnostics_p)),
                ("journey", Journey_p), ("strict", c_int),
                ("question_columns", POINTER(c_char_p)),
                ("question_targets", POINTER(c_char_p)),
                ("question_metrics", POINTER(c_char_p)),
                ("question_count", c_size_t)]


# scoring (responses.h)
ANY_SOURCE = -1
ALL_PERIODS = 2 ** (ctypes.sizeof(c_size_t) * 8) - 1


class cxj_score_options(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("period", c_int),
                ("negative_below", c_double), ("positive_from", c_double),
                ("customers", c_double)]


class cxj_segment_pair(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("segment_a", c_char_p),
                ("segment_b", c_char_p), ("comparison", cxj_comparison),
                ("p_holm", c_double), ("p_bh", c_double)]


class cxj_selection(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("segment", c_char_p),
                ("source", c_int), ("period", c_size_t), ("rollup", c_int)]


# correlation.h and drivers.h
class cxj_corr_result(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("r", c_double), ("p_value", c_double),
                ("n", c_size_t), ("ci_low", c_double), ("ci_high", c_double),
                ("ci_level", c_double)]


class cxj_association_result(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("chi2", c_double), ("df", c_double),
                ("p_value", c_double), ("cramers_v", c_double),
                ("cramers_v_corrected", c_double), ("total", c_double),
                ("min_expected", c_double), ("low_expected", c_int),
                ("rows_used", c_size_t), ("cols_used", c_size_t)]


class cxj_driver_options(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("touchpoint_metric", c_int),
                ("method", c_int), ("min_pairs", c_size_t),
                ("segment", c_char_p)]


class cxj_driver(Structure):
    VERSION = 1
    _fields_ = [("version", c_uint), ("touchpoint", c_char_p),
                ("stage", c_char_p), ("pairs", c_size_t),
                ("importance", c_double), ("p_value", c_double),
                ("relative_weight", c_double), ("relative_share", c_double),
                ("performance", c_double), ("answers", c_uint64),
                ("quadrant", c_int)]


# ---- error checks ----

def raise_last(code):
    """Raises the exception for status code, with the details of the thread's
    last error when it matches the code."""
    e = lib.cxj_error_last().contents
    if e.code == code:
        raise _errors.make_error(code, _text(e.message), _text(e.file),
                                 e.line, e.column)
    raise _errors.make_error(code, _text(lib.cxj_strerror(code)))


def _text(raw):
    return None if raw is None else raw.decode("utf-8")


def check_status(result, func, args):
    """errcheck for int-returning calls: negative means failure."""
    if result < 0:
        raise_last(result)
    return result


def check_status_but_einval(result, func, args):
    """errcheck for calls whose CXJ_EINVAL carries a result (validation)."""
    if result < 0 and result != _errors.EINVAL:
        raise_last(result)
    return result


def raise_recorded(default=_errors.ENOTFOUND):
    """Raises the error the thread's last call recorded, with its own code;
    default (CXJ_ENOTFOUND) when none is recorded."""
    code = lib.cxj_error_last().contents.code
    raise_last(code if code < 0 else default)


def check_found(result, func, args):
    """errcheck for lookups that return NULL only for a miss (the finders,
    stored and scored metrics): raises what the call recorded, NotFound
    naming the nearest known name, or InvalidArgument."""
    if not result:
        raise_recorded()
    return result


def recorded(f, *args):
    """Calls f, a getter that returns a value (0, NaN) even for a miss and
    records the miss in cxj_error_last() (cxj_scores_contacts, _target,
    _gap, _experience): the error is cleared first, and what the call
    recorded is raised."""
    lib.cxj_error_clear()
    result = f(*args)
    if lib.cxj_error_last().contents.code < 0:
        raise_recorded()
    return result


# ---- the table: (name, argtypes, restype, errcheck) ----

_J, _P, _S, _T, _D = Journey_p, Persona_p, Stage_p, Touchpoint_p, Diagnostics_p
_M, _R, _SC, _IL = Metric_p, Responses_p, Scores_p, Idlist_p
_DR, _CT, _SP = Drivers_p, Crosstab_p, SegmentPairs_p
_u64, _pdbl, _pu64 = c_uint64, POINTER(c_double), POINTER(c_uint64)
_str, _sz, _int, _dbl = c_char_p, c_size_t, c_int, c_double
_ok = check_status
_found = check_found
_pstr = POINTER(c_char_p)

FUNCTIONS = [
    # common.h
    ("cxj_error_last", [], POINTER(cxj_error), None),
    ("cxj_error_clear", [], None, None),
    ("cxj_strerror", [_int], _str, None),
    ("cxj_version", [], _str, None),
    ("cxj_version_number", [], _int, None),
    ("cxj_free", [c_void_p], None, None),

    # journey.h: journey
    ("cxj_journey_new", [_str, POINTER(_J)], _int, _ok),
    ("cxj_journey_free", [_J], None, None),
    ("cxj_journey_id", [_J], _str, None),
    ("cxj_journey_set_id", [_J, _str], _int, _ok),
    ("cxj_journey_name", [_J], _str, None),
    ("cxj_journey_set_name", [_J, _str], _int, _ok),
    ("cxj_journey_description", [_J], _str, None),
    ("cxj_journey_set_description", [_J, _str], _int, _ok),

    # personas
    ("cxj_journey_add_persona", [_J, _str, _int, POINTER(_P)], _int, _ok),
    ("cxj_journey_persona_count", [_J], _sz, None),
    ("cxj_journey_persona_at", [_J, _sz], _P, None),
    ("cxj_journey_find_persona", [_J, _str], _P, _found),
    ("cxj_journey_move_persona", [_J, _P, _sz], _int, _ok),
    ("cxj_journey_remove_persona", [_J, _P], _int, _ok),
    ("cxj_persona_journey", [_P], _J, None),
    ("cxj_persona_index", [_P], _sz, None),
    ("cxj_persona_id", [_P], _str, None),
    ("cxj_persona_set_id", [_P, _str], _int, _ok),
    ("cxj_persona_name", [_P], _str, None),
    ("cxj_persona_set_name", [_P, _str], _int, _ok),
    ("cxj_persona_description", [_P], _str, None),
    ("cxj_persona_set_description", [_P, _str], _int, _ok),
    ("cxj_persona_kind_of", [_P], _int, None),
    ("cxj_persona_set_kind", [_P, _int], _int, _ok),
    ("cxj_persona_attr_count", [_P], _sz, None),
    ("cxj_persona_attr_at", [_P, _sz, _pstr, _pstr], _int, _ok),
    ("cxj_persona_attr", [_P, _str], _str, None),
    ("cxj_persona_set_attr", [_P, _str, _str], _int, _ok),
    ("cxj_persona_remove_attr", [_P, _str], _int, _ok),

    # stages
    ("cxj_journey_add_stage", [_J, _str, POINTER(_S)], _int, _ok),
    ("cxj_journey_stage_count", [_J], _sz, None),
    ("cxj_journey_stage_at", [_J, _sz], _S, None),
    ("cxj_journey_find_stage", [_J, _str], _S, _found),
    ("cxj_journey_move_stage", [_J, _S, _sz], _int, _ok),
    ("cxj_journey_remove_stage", [_J, _S], _int, _ok),
    ("cxj_stage_journey", [_S], _J, None),
    ("cxj_stage_index", [_S], _sz, None),
    ("cxj_stage_id", [_S], _str, None),
    ("cxj_stage_set_id", [_S, _str], _int, _ok),
    ("cxj_stage_name", [_S], _str, None),
    ("cxj_stage_set_name", [_S, _str], _int, _ok),
    ("cxj_stage_description", [_S], _str, None),
    ("cxj_stage_set_description", [_S, _str], _int, _ok),

    # touchpoints
    ("cxj_stage_add_touchpoint", [_S, _str, POINTER(_T)], _int, _ok),
    ("cxj_stage_touchpoint_count", [_S], _sz, None),
    ("cxj_stage_touchpoint_at", [_S, _sz], _T, None),
    ("cxj_stage_move_touchpoint", [_S, _T, _sz], _int, _ok),
    ("cxj_stage_remove_touchpoint", [_S, _T], _int, _ok),
    ("cxj_journey_find_touchpoint", [_J, _str], _T, _found),
    ("cxj_journey_touchpoint_count", [_J], _sz, None),
    ("cxj_touchpoint_stage", [_T], _S, None),
    ("cxj_touchpoint_index", [_T], _sz, None),
    ("cxj_touchpoint_id", [_T], _str, None),
    ("cxj_touchpoint_set_id", [_T, _str], _int, _ok),
    ("cxj_touchpoint_name", [_T], _str, None),
    ("cxj_touchpoint_set_name", [_T, _str], _int, _ok),
    ("cxj_touchpoint_description", [_T], _str, None),
    ("cxj_touchpoint_set_description", [_T, _str], _int, _ok),
    ("cxj_touchpoint_activity", [_T], _str, None),
    ("cxj_touchpoint_set_activity", [_T, _str], _int, _ok),
    ("cxj_touchpoint_channel", [_T], _str, None),
    ("cxj_touchpoint_set_channel", [_T, _str], _int, _ok),
    ("cxj_touchpoint_back_end_process", [_T], _str, None),
    ("cxj_touchpoint_set_back_end_process", [_T, _str], _int, _ok),
    ("cxj_touchpoint_think_feel", [_T], _str, None),
    ("cxj_touchpoint_set_think_feel", [_T, _str], _int, _ok),
    ("cxj_touchpoint_moment_of_truth", [_T], _int, None),
    ("cxj_touchpoint_set_moment_of_truth", [_T, _int], _int, _ok),
    ("cxj_touchpoint_promise", [_T], _str, None),
    ("cxj_touchpoint_set_promise", [_T, _str], _int, _ok),
    ("cxj_touchpoint_experience", [_T], _int, None),
    ("cxj_touchpoint_set_experience", [_T, _int], _int, _ok),
    ("cxj_touchpoint_item_count", [_T, _int], _sz, None),
    ("cxj_touchpoint_item_at", [_T, _int, _sz], _str, None),
    ("cxj_touchpoint_add_item", [_T, _int, _str], _int, _ok),
    ("cxj_touchpoint_set_item", [_T, _int, _sz, _str], _int, _ok),
    ("cxj_touchpoint_move_item", [_T, _int, _sz, _sz], _int, _ok),
    ("cxj_touchpoint_remove_item", [_T, _int, _sz], _int, _ok),
    ("cxj_touchpoint_add_persona", [_T, _str], _int, _ok),
    ("cxj_touchpoint_remove_persona", [_T, _str], _int, _ok),
    ("cxj_touchpoint_persona_count", [_T, _int], _sz, None),
    ("cxj_touchpoint_persona_at", [_T, _int, _sz], _P, None),
    ("cxj_touchpoint_attr_count", [_T], _sz, None),
    ("cxj_touchpoint_attr_at", [_T, _sz, _pstr, _pstr], _int, _ok),
    ("cxj_touchpoint_attr", [_T, _str], _str, None),
    ("cxj_touchpoint_set_attr", [_T, _str, _str], _int, _ok),
    ("cxj_touchpoint_remove_attr", [_T, _str], _int, _ok),

    # targets
    ("cxj_journey_set_target", [_J, _str, _dbl], _int, _ok),
    ("cxj_journey_target", [_J, _str], _dbl, None),
    ("cxj_journey_target_count", [_J], _sz, None),
    ("cxj_journey_target_at", [_J, _sz, _pstr, POINTER(_dbl)], _int, _ok),
    ("cxj_journey_remove_target", [_J, _str], _int, _ok),
    ("cxj_stage_set_target", [_S, _str, _dbl], _int, _ok),
    ("cxj_stage_target", [_S, _str], _dbl, None),
    ("cxj_stage_target_count", [_S], _sz, None),
    ("cxj_stage_target_at", [_S, _sz, _pstr, POINTER(_dbl)], _int, _ok),
    ("cxj_stage_remove_target", [_S, _str], _int, _ok),
    ("cxj_touchpoint_set_target", [_T, _str, _dbl], _int, _ok),
    ("cxj_touchpoint_target", [_T, _str], _dbl, None),
    ("cxj_touchpoint_target_count", [_T], _sz, None),
    ("cxj_touchpoint_target_at", [_T, _sz, _pstr, POINTER(_dbl)], _int,
     _ok),
    ("cxj_touchpoint_remove_target", [_T, _str], _int, _ok),

    # stored metrics: the getters lend the object's metric, which the
    # binding copies at once
    ("cxj_journey_set_metric", [_J, _str, _M], _int, _ok),
    ("cxj_journey_merge_metric", [_J, _str, _M], _int, _ok),
    ("cxj_journey_metric", [_J, _str], _M, _found),
    ("cxj_journey_metric_count", [_J], _sz, None),
    ("cxj_journey_metric_at", [_J, _sz, _pstr, POINTER(_M)], _int, _ok),
    ("cxj_journey_remove_metric", [_J, _str], _int, _ok),
    ("cxj_stage_set_metric", [_S, _str, _M], _int, _ok),
    ("cxj_stage_merge_metric", [_S, _str, _M], _int, _ok),
    ("cxj_stage_metric", [_S, _str], _M, _found),
    ("cxj_stage_metric_count", [_S], _sz, None),
    ("cxj_stage_metric_at", [_S, _sz, _pstr, POINTER(_M)], _int, _ok),
    ("cxj_stage_remove_metric", [_S, _str], _int, _ok),
    ("cxj_touchpoint_set_metric", [_T, _str, _M], _int, _ok),
    ("cxj_touchpoint_merge_metric", [_T, _str, _M], _int, _ok),
    ("cxj_touchpoint_metric", [_T, _str], _M, _found),
    ("cxj_touchpoint_metric_count", [_T], _sz, None),
    ("cxj_touchpoint_metric_at", [_T, _sz, _pstr, POINTER(_M)], _int, _ok),
    ("cxj_touchpoint_remove_metric", [_T, _str], _int, _ok),

    # validation
    ("cxj_journey_validate", [_J, POINTER(_D)], _int,
     check_status_but_einval),
    ("cxj_diagnostics_free", [_D], None, None),
    ("cxj_diagnostics_count", [_D], _sz, None),
    ("cxj_diagnostics_error_count", [_D], _sz, None),
    ("cxj_diagnostics_severity", [_D, _sz], _int, None),
    ("cxj_diagnostics_rule", [_D, _sz], _int, None),
    ("cxj_diagnostics_message", [_D, _sz], _str, None),
    ("cxj_diagnostics_object", [_D, _sz], _str, None),
    ("cxj_diagnostics_line", [_D, _sz], c_uint, None),
    ("cxj_diagnostics_column", [_D, _sz], c_uint, None),

    # metric.h
    ("cxj_comparison_init", [POINTER(cxj_comparison), c_uint], _int, _ok),
    ("cxj_interval_init", [POINTER(cxj_interval), c_uint], _int, _ok),
    ("cxj_target_test_init", [POINTER(cxj_target_test), c_uint], _int, _ok),
    ("cxj_metric_summary_init", [POINTER(cxj_metric_summary), c_uint], _int,
     _ok),
    ("cxj_metric_new", [_int, POINTER(_M)], _int, _ok),
    ("cxj_metric_free", [_M], None, None),
    ("cxj_metric_clone", [_M, POINTER(_M)], _int, _ok),
    ("cxj_metric_reset", [_M], None, None),
    ("cxj_metric_kind_of", [_M], _int, None),
    ("cxj_metric_add", [_M, _dbl], _int, _ok),
    ("cxj_metric_add_weighted", [_M, _dbl, _dbl], _int, _ok),
    ("cxj_metric_add_array", [_M, _pdbl, _sz], _int, _ok),
    ("cxj_metric_add_weighted_array", [_M, _pdbl, _pdbl, _sz], _int, _ok),
    ("cxj_metric_add_count", [_M, _dbl, _u64], _int, _ok),
    ("cxj_metric_merge", [_M, _M], _int, _ok),
    ("cxj_metric_set_unit", [_M, _str], _int, _ok),
    ("cxj_metric_unit", [_M], _str, None),
    ("cxj_metric_kind_scale", [_int, POINTER(_int), POINTER(_int)], _int,
     _ok),
    ("cxj_metric_kind_name", [_int], _str, None),
    ("cxj_metric_kind_from_name", [_str, POINTER(_int)], _int, _ok),
    ("cxj_method_name", [_int], _str, None),
    ("cxj_metric_count", [_M], _u64, None),
    ("cxj_metric_weight_sum", [_M], _dbl, None),
    ("cxj_metric_effective_n", [_M], _dbl, None),
    ("cxj_metric_value", [_M], _dbl, None),
    ("cxj_metric_stderr", [_M], _dbl, None),
    ("cxj_metric_mean", [_M], _dbl, None),
    ("cxj_metric_summarize", [_M, POINTER(cxj_metric_summary)], _int, _ok),
    ("cxj_metric_point_count", [_M, _int], _u64, None),
    ("cxj_metric_point_weight", [_M, _int], _dbl, None),
    ("cxj_metric_ci", [_M, _dbl, _pdbl, _pdbl], _int, _ok),
    ("cxj_metric_interval", [_M, _int, _int, _dbl, POINTER(cxj_interval)],
     _int, _ok),
    ("cxj_metric_compare", [_M, _M, POINTER(cxj_comparison)], _int, _ok),
    ("cxj_metric_compare_with", [_M, _M, _int, _int,
                                 POINTER(cxj_comparison)], _int, _ok),
    ("cxj_metric_test_target", [_M, _int, _dbl, _int, _int,
                                POINTER(cxj_target_test)], _int, _ok),
    ("cxj_metric_interval_fpc", [_M, _dbl, _int, _int, _dbl,
                                 POINTER(cxj_interval)], _int, _ok),
    ("cxj_metric_test_target_fpc", [_M, _dbl, _int, _dbl, _int, _int,
                                    POINTER(cxj_target_test)], _int, _ok),
    ("cxj_metric_compare_fpc", [_M, _dbl, _M, _dbl, _int, _int,
                                POINTER(cxj_comparison)], _int, _ok),
    ("cxj_sample_size_proportion", [_dbl, _dbl, _dbl, _pu64], _int, _ok),
    ("cxj_sample_size_nps", [_dbl, _dbl, _dbl, _dbl, _pu64], _int, _ok),
    ("cxj_sample_size_mean", [_dbl, _dbl, _dbl, _pu64], _int, _ok),
    ("cxj_sample_size_two_proportions", [_dbl, _dbl, _dbl, _dbl, _pu64],
     _int, _ok),
    ("cxj_sample_size_two_nps", [_dbl, _dbl, _dbl, _dbl, _dbl, _dbl, _pu64],
     _int, _ok),
    ("cxj_sample_size_two_means", [_dbl, _dbl, _dbl, _dbl, _pu64], _int,
     _ok),
    ("cxj_p_adjust", [_pdbl, _sz, _int, _pdbl], _int, _ok),
    ("cxj_metric_state_save", [_M, POINTER(POINTER(c_uint8)),
                               POINTER(_sz)], _int, _ok),
    ("cxj_metric_state_load", [POINTER(c_uint8), _sz, POINTER(_M)], _int,
     _ok),

    # io.h (the FILE * stream variants are not bound: Python has files)
    ("cxj_load_options_init", [POINTER(cxj_load_options), c_uint], _int,
     _ok),
    ("cxj_save_options_init", [POINTER(cxj_save_options), c_uint], _int,
     _ok),
    ("cxj_journey_load_file", [_str, POINTER(cxj_load_options), POINTER(_J)],
     _int, _ok),
    ("cxj_journey_load_buffer", [c_void_p, _sz, _str,
                                 POINTER(cxj_load_options), POINTER(_J)],
     _int, _ok),
    ("cxj_journey_save_file", [_J, _str, POINTER(cxj_save_options)], _int,
     _ok),
    ("cxj_journey_save_buffer", [_J, POINTER(cxj_save_options),
                                 POINTER(POINTER(c_char)), POINTER(_sz)],
     _int, _ok),

    # responses.h
    ("cxj_answer_init", [POINTER(cxj_answer), c_uint], _int, _ok),
    ("cxj_answer_columns_init", [POINTER(cxj_answer_columns), c_uint], _int,
     _ok),
    ("cxj_csv_options_init", [POINTER(cxj_csv_options), c_uint], _int, _ok),
    ("cxj_responses_new", [POINTER(_R)], _int, _ok),
    ("cxj_responses_free", [_R], None, None),
    ("cxj_responses_add", [_R, POINTER(cxj_answer)], _int, _ok),
    ("cxj_responses_add_contact", [_R, _str, _str, _str, c_int64], _int,
     _ok),
    ("cxj_responses_add_columns", [_R, POINTER(cxj_answer_columns)], _int,
     _ok),
    ("cxj_responses_import_csv_file", [_R, _str, POINTER(cxj_csv_options)],
     _int, _ok),
    ("cxj_responses_import_csv_buffer", [_R, c_void_p, _sz,
                                         POINTER(cxj_csv_options)], _int,
     _ok),
    ("cxj_survey_mapping_load_file", [_str, POINTER(SurveyMapping_p)],
     _int, _ok),
    ("cxj_survey_mapping_free", [SurveyMapping_p], None, None),
    ("cxj_survey_mapping_count", [SurveyMapping_p], _sz, None),
    ("cxj_survey_mapping_apply", [SurveyMapping_p, POINTER(cxj_csv_options)],
     _int, _ok),
    ("cxj_responses_skipped_count", [_R], _sz, None),
    ("cxj_responses_skipped_line", [_R, _sz], c_uint, None),
    ("cxj_responses_count", [_R], _sz, None),
    ("cxj_responses_respondent", [_R, _sz], _str, None),
    ("cxj_responses_target", [_R, _sz], _str, None),
    ("cxj_responses_metric", [_R, _sz], _str, None),
    ("cxj_responses_kind", [_R, _sz], _int, None),
    ("cxj_responses_score", [_R, _sz], _dbl, None),
    ("cxj_responses_segment", [_R, _sz], _str, None),
    ("cxj_responses_source", [_R, _sz], _int, None),
    ("cxj_responses_timestamp", [_R, _sz], c_int64, None),
    ("cxj_responses_weight", [_R, _sz], _dbl, None),
    ("cxj_responses_string_count", [_R, _int], _sz, None),
    ("cxj_responses_string_at", [_R, _int, _sz], _str, None),
    ("cxj_responses_memory", [_R, POINTER(_sz), POINTER(_sz), POINTER(_sz)],
     None, None),

    # responses.h: scoring a journey
    ("cxj_score_options_init", [POINTER(cxj_score_options), c_uint], _int,
     _ok),
    ("cxj_selection_init", [POINTER(cxj_selection), c_uint], _int, _ok),
    ("cxj_journey_score", [_J, _R, POINTER(cxj_score_options),
                           POINTER(_SC)], _int, _ok),
    ("cxj_scores_free", [_SC], None, None),
    ("cxj_scores_metric", [_SC, _str, _str, POINTER(cxj_selection)], _M,
     _found),
    ("cxj_scores_contacts", [_SC, _str, POINTER(cxj_selection)], _u64, None),
    ("cxj_scores_contact_share", [_SC, _str, POINTER(cxj_selection)], _dbl,
     None),
    ("cxj_scores_contact_rate", [_SC, _str, POINTER(cxj_selection)], _dbl,
     None),
    ("cxj_scores_target", [_SC, _str, _str], _dbl, None),
    ("cxj_scores_gap", [_SC, _str, _str], _dbl, None),
    ("cxj_scores_curve_count", [_SC], _sz, None),
    ("cxj_scores_curve_value", [_SC, _sz], _dbl, None),
    ("cxj_scores_curve_id", [_SC, _sz], _str, None),
    ("cxj_scores_experience", [_SC, _str], _int, None),
    ("cxj_scores_period_count", [_SC], _sz, None),
    ("cxj_scores_period_start", [_SC, _sz], c_int64, None),
    ("cxj_scores_trend", [_SC, _str, _str, POINTER(cxj_selection),
                          POINTER(cxj_comparison)], _int, _ok),
    ("cxj_scores_segment_count", [_SC], _sz, None),
    ("cxj_scores_segment_at", [_SC, _sz], _str, None),
    ("cxj_scores_unknown_count", [_SC], _u64, None),
    ("cxj_scores_unknown_id_count", [_SC], _sz, None),
    ("cxj_scores_unknown_id_at", [_SC, _sz], _str, None),
    ("cxj_scores_unknown_id_answers", [_SC, _sz], _u64, None),
    ("cxj_scores_drill", [_SC, _R, _str, _str, POINTER(cxj_selection), _dbl,
                          _dbl, POINTER(_IL)], _int, _ok),
    ("cxj_segment_pair_init", [POINTER(cxj_segment_pair), c_uint], _int,
     _ok),
    ("cxj_scores_compare_segments", [_SC, _str, _str, POINTER(cxj_selection),
                                     POINTER(_SP)], _int, _ok),
    ("cxj_segment_pairs_free", [_SP], None, None),
    ("cxj_segment_pairs_count", [_SP], _sz, None),
    ("cxj_segment_pairs_get", [_SP, _sz, POINTER(cxj_segment_pair)], _int,
     _ok),
    ("cxj_idlist_free", [_IL], None, None),
    ("cxj_idlist_count", [_IL], _sz, None),
    ("cxj_idlist_at", [_IL, _sz], _str, None),

    # correlation.h
    ("cxj_corr_result_init", [POINTER(cxj_corr_result), c_uint], _int, _ok),
    ("cxj_correlate", [_pdbl, _pdbl, _sz, _int, POINTER(cxj_corr_result)],
     _int, _ok),
    ("cxj_correlation_matrix", [_pdbl, _sz, _sz, _int, _pdbl, _pdbl,
                                POINTER(_sz)], _int, _ok),

    ("cxj_association_result_init", [POINTER(cxj_association_result),
                                     c_uint], _int, _ok),
    ("cxj_association", [_pdbl, _sz, _sz, POINTER(cxj_association_result)],
     _int, _ok),
    ("cxj_association_u64", [POINTER(c_uint64), _sz, _sz,
                             POINTER(cxj_association_result)], _int, _ok),

    # drivers.h
    ("cxj_relative_weights", [_pdbl, _sz, _sz, _pdbl, _pdbl, _pdbl], _int, _ok),
    ("cxj_driver_options_init", [POINTER(cxj_driver_options), c_uint], _int,
     _ok),
    ("cxj_driver_init", [POINTER(cxj_driver), c_uint], _int, _ok),
    ("cxj_journey_drivers", [_J, _R, _int, POINTER(cxj_driver_options),
                             POINTER(_DR)], _int, _ok),
    ("cxj_drivers_free", [_DR], None, None),
    ("cxj_drivers_count", [_DR], _sz, None),
    ("cxj_drivers_ranked", [_DR], _sz, None),
    ("cxj_drivers_r2", [_DR], _dbl, None),
    ("cxj_drivers_mean_importance", [_DR], _dbl, None),
    ("cxj_drivers_mean_performance", [_DR], _dbl, None),
    ("cxj_drivers_respondents", [_DR], _sz, None),
    ("cxj_drivers_get", [_DR, _sz, POINTER(cxj_driver)], _int, _ok),
    ("cxj_quadrant_name", [_int], _str, None),
    ("cxj_responses_crosstab", [_R, _str, _str, POINTER(_CT)], _int, _ok),
    ("cxj_crosstab_free", [_CT], None, None),
    ("cxj_crosstab_rows", [_CT], _sz, None),
    ("cxj_crosstab_cols", [_CT], _sz, None),
    ("cxj_crosstab_row_code", [_CT, _sz], _dbl, None),
    ("cxj_crosstab_col_code", [_CT, _sz], _dbl, None),
    ("cxj_crosstab_counts", [_CT], POINTER(c_uint64), None),
    ("cxj_crosstab_respondents", [_CT], _sz, None),
]


def _absent(name, path):
    def call(*args):
        raise NotImplementedError("cxjourney: %s has no %s (a library older "
                                  "than this binding)" % (path, name))
    call.__name__ = name
    return call


def _bind(cdll, path):
    """Declares every row on the library. A missing symbol does not stop the
    import (a binding newer than the library still serves the rest); calling
    it raises NotImplementedError, and the names are kept in ``missing``."""
    missing = []
    for name, argtypes, restype, errcheck in FUNCTIONS:
        try:
            f = getattr(cdll, name)
        except AttributeError:
            missing.append(name)
            setattr(cdll, name, _absent(name, path))
            continue
        f.argtypes = argtypes
        f.restype = restype
        if errcheck is not None:
            f.errcheck = errcheck
    return missing


#: the loaded library and the path or name it was loaded from
lib, library_path = _load()
#: table rows the loaded library lacks
missing = _bind(lib, library_path)
if {"cxj_version_number", "cxj_error_last"} & set(missing):
    raise ImportError("cxjourney: %s is not libcxjourney" % library_path)
_declared = frozenset(row[0] for row in FUNCTIONS)


def fn(name):
    """A declared function by its name (for names built at run time): a name
    without a table row is a bug, never an undeclared ctypes call."""
    if name not in _declared:
        raise AttributeError("%s has no row in cxjourney._ffi.FUNCTIONS"
                             % name)
    return getattr(lib, name)

version = lib.cxj_version().decode("ascii")
version_number = lib.cxj_version_number()
if version_number // 10000 != ABI_MAJOR:
    raise ImportError("cxjourney: %s is version %s; this binding needs %d.x"
                      % (library_path, version, ABI_MAJOR))
