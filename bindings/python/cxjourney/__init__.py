"""cxjourney: Python binding of libcxjourney (customer journey maps and CX
metrics) through ctypes. Pure Python, standard library only.

The shared library is found through $CXJ_LIBRARY, then the build tree this
package sits in, then the system (libcxjourney.so.0, find_library)."""

#: The version of this binding (library_version is the C library's).
__version__ = "0.1.0"

from ._errors import (AlreadyExists, ClosedError, CxjError, CxjIOError,
                      InUse, InvalidArgument, LimitExceeded, NoMemory,
                      NotFound, OutOfRange, ParseError)
from . import _ffi
from ._ffi import missing as _missing
from ._ffi import version as library_version
from ._ffi import version_number as library_version_number
from ._base import Diagnostic
from ._enums import (Alternative, CorrMethod, Experience, Figure, Method,
                     MetricKind, PAdjust, Period, PersonaKind, Quadrant,
                     Rule, Severity, Source, Table)
from ._journey import Journey, Persona, Stage, Touchpoint
from ._metric import (Comparison, Interval, Metric, Summary, TargetTest,
                      kind_scale, method_name, p_adjust,
                      sample_size_mean, sample_size_nps,
                      sample_size_proportion, sample_size_two_means,
                      sample_size_two_nps, sample_size_two_proportions)
from ._responses import Answer, Responses
from ._score import Key, Scores, SegmentPair, TableRow
from ._correlation import (Association, Correlation, Crosstab, Driver,
                           Drivers, association, correlate,
                           correlation_matrix, quadrant_name,
                           relative_weights)

#: C functions of the binding's table that the loaded library lacks (a
#: library older than the binding); calling them raises NotImplementedError.
missing_functions = tuple(_missing)


def has_function(name: str) -> bool:
    """True when the binding declares the C function name and the loaded
    library provides it: the way to test for a feature."""
    return name in _ffi._declared and name not in _ffi.missing


__all__ = [
    "AlreadyExists", "ClosedError", "CxjError", "CxjIOError", "InUse",
    "InvalidArgument", "LimitExceeded", "NoMemory", "NotFound", "OutOfRange",
    "ParseError",
    "Diagnostic", "Experience", "Journey", "Persona", "PersonaKind", "Rule",
    "Severity", "Stage", "Touchpoint",
    "Alternative", "Comparison", "Figure", "Interval", "Method", "Metric",
    "MetricKind", "PAdjust", "Summary", "TargetTest", "kind_scale",
    "method_name", "p_adjust", "sample_size_mean", "sample_size_nps",
    "sample_size_proportion", "sample_size_two_means", "sample_size_two_nps",
    "sample_size_two_proportions",
    "Answer", "Responses", "Source", "Table", "Period", "Scores",
    "SegmentPair", "Key", "TableRow",
    "Association", "association", "Crosstab", "CorrMethod", "Correlation", "Driver", "Drivers", "Quadrant", "correlate",
    "correlation_matrix", "quadrant_name", "relative_weights",
    "library_version", "library_version_number", "missing_functions",
    "has_function", "__version__",
]
