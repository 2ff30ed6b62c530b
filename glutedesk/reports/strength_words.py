"""Sentences about strength for the progress summary: grades and readings, never invented.

A test recorded as a dynamometer reading without a grade is stated as a reading; a grade is
stated only where one was recorded. Readings are compared only within one unit, and a change
smaller than the between-session error of hand-held dynamometry (12 %) is "within measurement
error" (clinical reference 1.1a). The symmetry index says whether it came from readings or grades.
"""

from __future__ import annotations

from collections.abc import Sequence

from glutedesk.domain.grades import grade_rank
from glutedesk.domain.models import Side, Visit
from glutedesk.domain.strength import (
    INVOLVED_NOT_KNOWN,
    INVOLVED_SIDES,
    Symmetry,
    involved_limb,
    limb_symmetry,
    unit_label,
    within_measurement_error,
)
from glutedesk.reports.series import GLUTE_MAX, GLUTE_MED, MUSCLES, strength_series


def baseline_strength_sentences(visit: Visit) -> list[str]:
    """What one visit recorded per muscle and side: "Left gluteus maximus strength: 4- (Oxford);
    dynamometer 182 N." or, without a grade, "Left gluteus maximus: dynamometer 182 N (no
    Oxford grade recorded)."
    """
    sentences = []
    for s in strength_series([visit]):
        if not s.points:
            continue
        point = s.points[0]
        reading = f"dynamometer {point.reading.text}" if point.reading else ""
        if point.grade is not None:
            tail = f"; {reading}" if reading else ""
            sentences.append(f"{s.label} strength: {point.grade} (Oxford){tail}.")
        else:
            sentences.append(f"{s.label}: {reading} (no Oxford grade recorded).")
    return sentences


def _grade_sentence(label: str, first: str, latest: str) -> str:
    step = grade_rank(latest) - grade_rank(first)
    if step > 0:
        return f"{label} strength improved from {first} to {latest} (Oxford)"
    if step == 0:
        return f"{label} strength stayed at {latest} (Oxford)"
    return f"{label} strength graded {latest} at the latest visit, {first} at the first (Oxford)"


def strength_change_sentences(visits: Sequence[Visit]) -> list[str]:
    """Per muscle and side: the change of grade (when graded twice) and of readings per unit."""
    sentences = []
    for s in strength_series(visits):
        parts = []
        graded = s.graded_points
        if len(graded) >= 2:
            parts.append(_grade_sentence(s.label, graded[0].grade or "", graded[-1].grade or ""))
        for unit in s.reading_units:
            points = s.readings_in(unit)
            if len(points) < 2 or points[0].reading is None or points[-1].reading is None:
                continue
            first, latest = points[0].reading, points[-1].reading
            text = f"dynamometer {first.text} → {latest.text}"
            if unit and within_measurement_error(first, latest):
                text += " (within measurement error, 12%)"
            parts.append(text if parts else f"{s.label}: {text}")
        if parts:
            sentences.append("; ".join(parts) + ".")
    return sentences


def symmetry_sentences(visits: Sequence[Visit], involved_side: str | None = None) -> list[str]:
    """The left–right balance per muscle, first and latest, naming its basis and method."""
    sentences = []
    for test_id in (GLUTE_MED, GLUTE_MAX):
        found = []
        for v in sorted(visits, key=lambda v: v.visit_date):
            left, right = v.result(test_id, Side.LEFT), v.result(test_id, Side.RIGHT)
            if left and right and left.tested and right.tested:
                sym = limb_symmetry(left.values, right.values, involved_side)
                if sym is not None:
                    found.append(sym)
        if len(found) >= 2 and round(found[0].index) != round(found[-1].index):
            first, latest = found[0], found[-1]
            name = f"Left–right balance of the {MUSCLES[test_id]} ({latest.method}"
            if (first.basis, first.unit) == (latest.basis, latest.unit):
                sentences.append(
                    f"{name}, {latest.source}): {latest.index:.1f}%, from {first.index:.1f}% "
                    "at the first visit."
                )
            else:
                sentences.append(
                    f"{name}): {latest.index:.1f}% {latest.source}, from {first.index:.1f}% "
                    f"{first.source} at the first visit."
                )
    return sentences


def symmetry_cell(symmetry: Symmetry | None) -> str:
    """A results-table cell: "88%" from grades, "87.7%" and the unit on a second line from
    readings; "" when there is none."""
    if symmetry is None:
        return ""
    if symmetry.basis == "readings":
        return f"{symmetry.index:.1f}%\n{unit_label(symmetry.unit)}"
    return f"{symmetry.index:.0f}%"


def symmetry_note(involved_side: str | None) -> str:
    """The note under the results table saying how its L–R balance was worked out."""
    involved = involved_limb(involved_side)
    method = (
        f"involved ({involved.value}) ÷ uninvolved side x 100"
        if involved is not None
        else "weaker ÷ stronger side x 100 (involved side: "
        + INVOLVED_SIDES.get(involved_side or INVOLVED_NOT_KNOWN, "not known")
        + ")"
    )
    return (
        f"L–R balance (limb symmetry index): {method}; from dynamometer readings where both "
        "sides have one in the same unit (unit shown under the figure), otherwise from the "
        "Oxford grades."
    )
