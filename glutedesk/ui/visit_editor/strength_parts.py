"""Strength parts of a test card: the symmetry summary, and the words for an old record's
other side.

Per-side tests take only left or right now; an old record's result on "both sides" or "no side"
is shown above the inputs and kept as it is, never dropped (clinical reference, Decisions
"Strength"), unless the therapist copies it into left and right.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from glutedesk.domain.grades import weaker_side
from glutedesk.domain.models import Side, TestResult
from glutedesk.domain.strength import (
    GRADE_FIELD,
    READING_FIELD,
    UNIT_FIELD,
    Symmetry,
    grade_of,
    limb_symmetry,
    reading_of,
    unit_label,
)
from glutedesk.ui.widgets.fields import is_blank


def symmetry_summary(
    left: Mapping[str, Any], right: Mapping[str, Any], involved_side: str | None
) -> tuple[str, str]:
    """(short text, tooltip) of the limb symmetry index of one card's two sides; "" if none."""
    symmetry = limb_symmetry(left, right, involved_side)
    if symmetry is None:
        return "", ""
    if symmetry.involved is not None:
        how = f"{symmetry.involved.value} involved"
    else:
        weaker = _weaker(symmetry, left, right)
        how = {Side.LEFT: "left weaker", Side.RIGHT: "right weaker"}.get(weaker, "equal")  # type: ignore[arg-type]
    basis = f"readings, {unit_label(symmetry.unit)}" if symmetry.basis == "readings" else "grades"
    return (
        f"Symmetry {symmetry.index:.1f}% ({basis}) · {how}",
        f"Limb symmetry index {symmetry.text}",
    )


def _weaker(symmetry: Symmetry, left: Mapping[str, Any], right: Mapping[str, Any]) -> Side | None:
    if symmetry.basis == "readings":
        lread, rread = reading_of(left), reading_of(right)
        return weaker_side(lread.value if lread else None, rread.value if rread else None)
    return weaker_side(grade_of(left), grade_of(right))


def old_sides_text(results: list[TestResult]) -> str:
    """What the strip above a per-side test says about an old record's other-side results."""
    lines = [
        f"Old record, {OLD_SIDE_WORDS.get(r.side, r.side.value)}: {_result_text(r)}"
        for r in results
    ]
    return (
        "\n".join(lines)
        + "\nThis test now takes the left and the right side: copy it into both to save "
        "this visit (until then the record keeps it exactly as it is)."
    )


OLD_SIDE_WORDS = {Side.BILATERAL: "both sides", Side.NOT_APPLICABLE: "no side recorded"}


def _result_text(result: TestResult) -> str:
    if not result.tested:
        return f"not done ({result.not_tested_reason or 'no reason given'})"
    grade = grade_of(result.values)
    reading = reading_of(result.values)
    parts = [f"grade {grade}" if grade else "", f"dynamometer {reading.text}" if reading else ""]
    others = [
        f"{k}: {v}"
        for k, v in result.values.items()
        if k not in (GRADE_FIELD, READING_FIELD, UNIT_FIELD) and not is_blank(v)
    ]
    note = f"note: {result.note}" if result.note.strip() else ""
    return "; ".join(p for p in [*parts, *others, note] if p) or "no values"
