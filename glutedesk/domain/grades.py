"""Oxford/MRC manual muscle test grades, their chart values and the limb symmetry index.

The scale has 11 ordered steps (clinical reference, Decisions "Strength"):
0, 1, 2, 3-, 3, 3+, 4-, 4, 4+, 5-, 5. For charts a minus is -1/3 and a plus +1/3 of a grade,
so "3-" charts at 2.667 and "4+" at 4.333. The limb symmetry index (LSI) is the weaker side as a
percentage of the stronger side.
"""

from __future__ import annotations

import math

from glutedesk.domain.models import Side

OXFORD_GRADES: tuple[str, ...] = ("0", "1", "2", "3-", "3", "3+", "4-", "4", "4+", "5-", "5")

_THIRD = 1.0 / 3.0

_CHART_VALUES: dict[str, float] = {
    grade: (
        float(grade[0]) - _THIRD
        if grade.endswith("-")
        else float(grade[0]) + _THIRD
        if grade.endswith("+")
        else float(grade)
    )
    for grade in OXFORD_GRADES
}

# Characters people (and word processors) type for "minus" and "plus".
_MINUS_LOOKALIKES = "\u2212\u2013\u2012\u2010\u2011\ufe63\uff0d"
_PLUS_LOOKALIKES = "\uff0b\ufe62"

_VALID_LIST = ", ".join(OXFORD_GRADES)


def normalise_grade(text: str | int) -> str:
    """Return ``text`` as one of :data:`OXFORD_GRADES`.

    Surrounding and inner spaces are removed and the unicode minus sign "−" (and similar dashes)
    becomes "-". A whole number 0–5 is accepted too. Raises ``ValueError`` naming the valid
    grades for anything else (for example "6", "5+", "0-", "" or "4++").
    """
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise ValueError(f"Oxford grade must be text such as '4-', not {text!r}")
    raw = str(text)
    cleaned = "".join(raw.split())
    for char in _MINUS_LOOKALIKES:
        cleaned = cleaned.replace(char, "-")
    for char in _PLUS_LOOKALIKES:
        cleaned = cleaned.replace(char, "+")
    if cleaned not in _CHART_VALUES:
        raise ValueError(f"{raw!r} is not an Oxford grade; use one of {_VALID_LIST}")
    return cleaned


def grade_rank(grade: str) -> int:
    """Return the position of ``grade`` on the 11-step scale: "0" is 0, "5" is 10.

    Raises ``ValueError`` for text that is not an Oxford grade.
    """
    return OXFORD_GRADES.index(normalise_grade(grade))


def oxford_to_chart(grade: str) -> float:
    """Return the chart value of ``grade``: the number, minus or plus one third for "-"/"+".

    "3-" gives 2.6667 (exactly 8/3) and "4+" gives 4.3333. Raises ``ValueError`` for anything
    that is not an Oxford grade.
    """
    return _CHART_VALUES[normalise_grade(grade)]


def chart_to_oxford(value: float) -> str:
    """Return the Oxford grade whose chart value is nearest ``value``.

    The exact inverse of :func:`oxford_to_chart` for all 11 grades. A value exactly halfway
    between two grades goes to the lower (more cautious) grade. Raises ``ValueError`` for values
    that are not finite numbers or lie outside 0–5.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"chart value must be a number, not {value!r}")
    if not math.isfinite(value) or value < 0 or value > 5:
        raise ValueError(f"chart value {value!r} is outside the Oxford scale 0–5")
    return min(OXFORD_GRADES, key=lambda g: (abs(_CHART_VALUES[g] - value), _CHART_VALUES[g]))


def _check_strength(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} strength must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} strength must be a finite number, not {value!r}")
    if value < 0:
        raise ValueError(f"{name} strength cannot be negative ({value!r})")
    return float(value)


def limb_symmetry_index(left: float | None, right: float | None) -> float | None:
    """Return the limb symmetry index: weaker side / stronger side x 100 (0–100).

    Works for any strength measure (chart values, newtons, kilograms) as long as both sides use
    the same unit. Returns None when a side is missing or both are 0 (nothing to compare).
    Raises ``ValueError`` for negative or non-finite values. The result is not rounded.
    """
    lft = _check_strength("left", left)
    rgt = _check_strength("right", right)
    if lft is None or rgt is None:
        return None
    stronger = max(lft, rgt)
    if stronger == 0:
        return None
    return min(lft, rgt) / stronger * 100.0


def lsi_from_grades(left_grade: str | None, right_grade: str | None) -> float | None:
    """Return the limb symmetry index of two Oxford grades, using their chart values.

    For example "4" against "5" gives 80.0. None when either grade is missing (None or blank)
    or both are "0". Raises ``ValueError`` for text that is not an Oxford grade.
    """
    if left_grade is None or right_grade is None:
        return None
    if not str(left_grade).strip() or not str(right_grade).strip():
        return None
    return limb_symmetry_index(oxford_to_chart(left_grade), oxford_to_chart(right_grade))


def _strength_value(name: str, value: float | str | None) -> float | None:
    if isinstance(value, str):
        return oxford_to_chart(value) if value.strip() else None
    return _check_strength(name, value)


def weaker_side(left: float | str | None, right: float | str | None) -> Side | None:
    """Return the client's weaker side, or None when the sides are equal or one is missing.

    ``left`` and ``right`` are both numbers in the same unit or both Oxford grades (text).
    Raises ``ValueError`` for negative numbers or text that is not an Oxford grade.
    """
    lft = _strength_value("left", left)
    rgt = _strength_value("right", right)
    if lft is None or rgt is None or math.isclose(lft, rgt, rel_tol=1e-12, abs_tol=1e-12):
        return None
    return Side.LEFT if lft < rgt else Side.RIGHT
