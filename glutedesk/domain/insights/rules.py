"""The pure rules behind the practice insights: what counts as weak, short, a course of care.

Every threshold comes from :mod:`glutedesk.domain.insights.definitions`. Test-result values are
read defensively: a grade may be missing or not an Oxford grade, a dynamometer reading may come
without a unit (then it is not compared with anything), and symmetry is computed only from two
readings in the same unit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from glutedesk.domain.grades import (
    OXFORD_GRADES,
    grade_rank,
    limb_symmetry_index,
    normalise_grade,
    oxford_to_chart,
)
from glutedesk.domain.insights.definitions import (
    ACTIVITY_HIGH_WORDS,
    ACTIVITY_NONE_WORDS,
    AGE_BANDS,
    FULL_GRADE,
    LSI_WEAK_BELOW,
    THOMAS_HIP_ANGLE_SHORT_ABOVE,
    THOMAS_KNEE_FLEXION_SHORT_BELOW,
    THOMAS_SHORT_FLAGS,
    TRENDELENBURG_POSITIVE,
)

_FULL_RANK = grade_rank(FULL_GRADE)
_RANKS = {grade: rank for rank, grade in enumerate(OXFORD_GRADES)}
_CHARTS = {grade: oxford_to_chart(grade) for grade in OXFORD_GRADES}


# Tuples, not ``str | int``: a union would be built anew at every call, and these run for
# every strength test of a large clinic.
_GRADE_TYPES = (str, int)
_NUMBER_TYPES = (int, float)


@lru_cache(maxsize=512)
def _normalised(raw: str | int) -> str | None:
    # A clinic holds a handful of distinct grade texts; parse each once, not per test.
    try:
        return normalise_grade(raw)
    except ValueError:
        return None


def grade_of(values: Mapping[str, Any]) -> str | None:
    """The Oxford grade in a strength test's values (normalised, e.g. "4-"), or None when it
    is missing or not an Oxford grade."""
    raw = values.get("grade")
    if isinstance(raw, bool) or not isinstance(raw, _GRADE_TYPES):
        return None
    return _normalised(raw)


def chart_value(grade: str) -> float:
    """The chart value of a normalised Oxford grade ("4-" -> 3.667)."""
    value = _CHARTS.get(grade)
    return value if value is not None else oxford_to_chart(grade)


def grade_is_weak(grade: str | None) -> bool | None:
    """True for an Oxford grade below 5, False for 5, None when there is no grade."""
    if grade is None:
        return None
    return _RANKS[grade] < _FULL_RANK if grade in _RANKS else grade_rank(grade) < _FULL_RANK


@dataclass(frozen=True)
class Reading:
    """A dynamometer reading and its unit (never assumed: no unit, no comparison)."""

    value: float
    unit: str


def reading_of(values: Mapping[str, Any]) -> Reading | None:
    """The dynamometer reading in a strength test's values, or None.

    The value may be a number or ``{"value": .., "unit": ..}``; the unit may sit under
    ``dynamometer_unit`` or ``unit``. A reading without a unit, or not a finite number >= 0,
    gives None.
    """
    raw = values.get("dynamometer")
    if raw is None:
        return None
    unit: Any = values.get("dynamometer_unit") or values.get("unit")
    if type(raw) is dict or isinstance(raw, Mapping):
        unit = raw.get("unit") or unit
        raw = raw.get("value")
    if isinstance(raw, bool) or not isinstance(raw, _NUMBER_TYPES):
        return None
    if not math.isfinite(raw) or raw < 0 or not isinstance(unit, str) or not unit.strip():
        return None
    return Reading(float(raw), unit.strip().lower())


class SideComparison(NamedTuple):
    """Left against right for one muscle: symmetry index, what it came from, weaker side.

    A named tuple: one is made for each distinct pair of sides of a large clinic (11,000 on
    the benchmark's), and a frozen dataclass costs several times as much to build."""

    lsi: float | None
    source: str | None  # "readings" (same unit on both sides) or "grades"
    weaker: str | None  # "left", "right", or None when equal or unknown


def compare_sides(left: Mapping[str, Any], right: Mapping[str, Any]) -> SideComparison:
    """Compare one muscle's two sides, from same-unit readings when both have one, else from
    both grades (clinical reference 1.1a). Each side's values are read once."""
    return compare_read(reading_of(left), grade_of(left), reading_of(right), grade_of(right))


def compare_read(
    lr: Reading | None, lg: str | None, rr: Reading | None, rg: str | None
) -> SideComparison:
    """:func:`compare_sides` from each side's reading and grade, already read."""
    if lr is not None and rr is not None and lr.unit == rr.unit:
        lsi = limb_symmetry_index(lr.value, rr.value)
        if lsi is not None:
            weaker = None if lr.value == rr.value else "left" if lr.value < rr.value else "right"
            return SideComparison(lsi, "readings", weaker)
    if lg is not None and rg is not None:
        lsi = limb_symmetry_index(_CHARTS[lg], _CHARTS[rg])
        weaker = None if lg == rg else "left" if _RANKS[lg] < _RANKS[rg] else "right"
        return SideComparison(lsi, "grades" if lsi is not None else None, weaker)
    return SideComparison(None, None, None)


def symmetry(
    left: Mapping[str, Any] | None, right: Mapping[str, Any] | None
) -> tuple[float, str] | None:
    """Limb symmetry index (weaker ÷ stronger × 100) of one muscle, and what it came from.

    From dynamometer readings when both sides have one in the same unit ("readings"), else
    from both grades ("grades"); None when neither pair exists.
    """
    if left is None or right is None:
        return None
    found = compare_sides(left, right)
    return None if found.lsi is None or found.source is None else (found.lsi, found.source)


def symmetry_is_weak(lsi: float | None) -> bool | None:
    """True when the limb symmetry index is below the weak line (90 %); None without one."""
    if lsi is None:
        return None
    return round(lsi, 9) < LSI_WEAK_BELOW


def weaker_of(left: Mapping[str, Any], right: Mapping[str, Any]) -> str | None:
    """ "left" or "right": the weaker side by same-unit readings, else by grades; None if equal."""
    return compare_sides(left, right).weaker


def _number(values: Mapping[str, Any], key: str) -> float | None:
    raw = values.get(key)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        return None
    return float(raw)


def hip_flexors_short(values: Mapping[str, Any]) -> bool | None:
    """Thomas test on one side: True short, False not short, None when nothing was recorded.

    Hip angle above 0° or knee flexion under 67° counts as short; without either angle the
    iliopsoas or rectus femoris flag decides.
    """
    hip, knee = _number(values, "hip_angle"), _number(values, "knee_angle")
    if hip is not None or knee is not None:
        return bool(
            (hip is not None and hip > THOMAS_HIP_ANGLE_SHORT_ABOVE)
            or (knee is not None and knee < THOMAS_KNEE_FLEXION_SHORT_BELOW)
        )
    flags = values.get("flags")
    if isinstance(flags, list | tuple):
        return any(flag in THOMAS_SHORT_FLAGS for flag in flags)
    return None


def trendelenburg_positive(values: Mapping[str, Any]) -> bool | None:
    """True for a drop or trunk lean, False for negative, None when no result was recorded."""
    result = values.get("result")
    if not isinstance(result, str) or not result:
        return None
    return result in TRENDELENBURG_POSITIVE


def any_true(flags: Iterable[bool | None]) -> bool | None:
    """True if any is True, False if all known are False, None when none is known."""
    found: bool | None = None
    for flag in flags:
        if flag:
            return True
        if flag is not None:
            found = False
    return found


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(born: dt.date | None, day: dt.date) -> str:
    """The age band label of someone born on ``born`` on ``day`` ("unknown" without a date)."""
    if born is None:
        return "unknown"
    return _band_of_age(age_on(born, day))


@lru_cache(maxsize=256)  # a few dozen ages, thousands of clients
def _band_of_age(age: int) -> str:
    for low, high in AGE_BANDS:
        if high is None and age >= low:
            return f"{low}+"
        if high is not None and age <= high:
            return f"under {high + 1}" if low == 0 else f"{low}–{high}"
    return "unknown"


def age_band_labels() -> tuple[str, ...]:
    """All age band labels, youngest first."""
    return tuple(
        f"{low}+" if high is None else (f"under {high + 1}" if low == 0 else f"{low}–{high}")
        for low, high in AGE_BANDS
    )


ACTIVITY_LEVELS = ("no regular sport", "some sport", "trains hard")


@lru_cache(maxsize=4096)  # a clinic writes the same few activities again and again
def activity_level(sport_activity: str) -> str:
    """The activity band of a recorded sport/activity (see the "activity_level" definition)."""
    text = " ".join(sport_activity.lower().split())
    if not text or any(word in text for word in ACTIVITY_NONE_WORDS):
        return ACTIVITY_LEVELS[0]
    if any(word in text for word in ACTIVITY_HIGH_WORDS):
        return ACTIVITY_LEVELS[2]
    return ACTIVITY_LEVELS[1]
