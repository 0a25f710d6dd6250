"""The C library's public enums as Python IntEnums, in one module that
imports nothing of the binding, so that every other module can use them
without importing another's objects."""

import enum

__all__ = ["Alternative", "CorrMethod", "Experience", "Figure", "Method",
           "MetricKind", "PAdjust", "Period", "PersonaKind", "Quadrant",
           "Rule", "Severity", "Source", "Table", "name_of"]


# journey.h
class PersonaKind(enum.IntEnum):
    CUSTOMER = 0
    FRONT_OFFICE = 1
    BACK_OFFICE = 2


class Experience(enum.IntEnum):
    UNKNOWN = 0
    NEGATIVE = 1
    NEUTRAL = 2
    POSITIVE = 3


class Severity(enum.IntEnum):
    WARNING = 1
    ERROR = 2


class Rule(enum.IntEnum):
    EMPTY_STAGE = 1
    NO_CHANNEL = 2
    PROMISE_MISSING = 3
    UNREFERENCED_PERSONA = 4
    NO_STAGES = 5
    UNKNOWN_KEY = 6
    # notes of a CSV import (report=True)
    NEAR_METRIC = 7
    SEGMENT_CASE = 8
    UNKNOWN_ID = 9


# metric.h
class MetricKind(enum.IntEnum):
    CSAT = 1
    NPS = 2
    CES = 3
    KPI = 4


class Figure(enum.IntEnum):
    VALUE = 0
    MEAN = 1
    TOP_BOX = 2


class Method(enum.IntEnum):
    DEFAULT = 0
    WILSON = 1
    AGRESTI_COULL = 2
    WALD = 3
    ADJUSTED_WALD = 4
    T = 5
    POOLED_Z = 6
    WELCH = 7


class Alternative(enum.IntEnum):
    BELOW = 1
    ABOVE = 2


class PAdjust(enum.IntEnum):
    BONFERRONI = 1
    HOLM = 2
    BH = 3


# responses.h
class Source(enum.IntEnum):
    CUSTOMER = 0
    EMPLOYEE = 1


class Table(enum.IntEnum):
    RESPONDENTS = 0
    TARGETS = 1
    SEGMENTS = 2
    METRICS = 3


# score.h
class Period(enum.IntEnum):
    NONE = 0
    DAY = 1
    WEEK = 2
    MONTH = 3
    QUARTER = 4


# correlation.h, drivers.h
class CorrMethod(enum.IntEnum):
    PEARSON = 1
    SPEARMAN = 2
    KENDALL_B = 3
    KENDALL = 3  # alias: tau-b is the Kendall the library computes


class Quadrant(enum.IntEnum):
    NONE = 0
    FIX_FIRST = 1
    STRENGTH = 2
    LOW_PRIORITY = 3
    MAINTAIN = 4


def name_of(member):
    """An enum member as the string a table or a note shows: its name in
    lower case ("customer", "front_office"); anything else as it is."""
    if isinstance(member, enum.Enum):
        return member.name.lower()
    return member
