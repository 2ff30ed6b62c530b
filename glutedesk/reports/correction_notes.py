"""How a corrected value is marked on screen and on paper: a dagger and a dated note.

Text only at import time (the timeline uses it; reportlab loads only to print). Every reader
gets visits with their corrections applied (``Clinic.visits``); a cell or sentence
showing a corrected value adds :data:`DAGGER`, and :func:`correction_lines` states below it what
was corrected, from what, when, by whom and why ("corrected 3 Dec 2026").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from glutedesk.domain.correction_check import describe, format_value
from glutedesk.domain.correction_models import CorrectionMark
from glutedesk.domain.corrections import marks_under, nprs_path
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Side, Visit

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from glutedesk.reports import pdf_common as pc

DAGGER = "†"
NPRS_NOW = nprs_path("now")


def result_prefix(test_id: str, side: Side | str) -> str:
    """The path prefix of the result values of one test (grade, reading …)."""
    return f"tests/{test_id}/{Side(side).value}/values"


def outcome_prefix(instrument: str) -> str:
    """The path prefix of every answer of one questionnaire."""
    return f"outcomes/{instrument}"


def marked(visit: Visit, text: str, *prefixes: str) -> str:
    """Return ``text`` with the dagger when a value under ``prefixes`` was corrected."""
    if text and marks_under(visit, *prefixes):
        return f"{text} {DAGGER}"
    return text


def tooltip(visit: Visit, *prefixes: str) -> str:
    """Return the corrections under ``prefixes`` as lines for a tooltip ("" when none)."""
    return "\n".join(_line(m) for m in marks_under(visit, *prefixes))


def _line(mark: CorrectionMark) -> str:
    return (
        f"{describe(mark.field)}: {format_value(mark.new_value)} "
        f"(recorded {format_value(mark.old_value)}); {mark.label} by {mark.author}: "
        f"{mark.reason}"
    )


def correction_lines(visits: Sequence[Visit]) -> list[str]:
    """Return one sentence per corrected value of ``visits`` (oldest visit first).

    E.g. "Visit of 3 Feb 2026 — Gluteus maximus strength (Oxford), left: Oxford grade: 4+
    (recorded 4); corrected 3 Dec 2026 by Sam Therapist: read from the wrong line."
    """
    lines = []
    for visit in sorted(visits, key=lambda v: v.visit_date):
        for mark in visit.corrections:
            lines.append(f"Visit of {format_date(visit.visit_date)} — {_line(mark)}")
    return lines


def corrections_note(visits: Sequence[Visit], styles: pc.Styles) -> list[Flowable]:
    """Return the note printed under a table whose daggered values were corrected (or [])."""
    from glutedesk.reports import pdf_common as pc  # the timeline reads this module: no PDF

    lines = correction_lines(visits)
    if not lines:
        return []
    head = f"{DAGGER} Corrected after the visit was signed; the original stays in the record."
    return [pc.spacer(3), pc.para(head, styles.muted), *(pc.para(x, styles.muted) for x in lines)]


def summary_note(visits: Sequence[Visit]) -> list[str]:
    """Return the summary's sentence about corrected values (empty when none was corrected)."""
    marks = [m for v in visits for m in v.corrections]
    if not marks:
        return []
    latest = max(marks, key=lambda m: m.corrected_at)
    were = "value was" if len(marks) == 1 else "values were"
    return [
        f"{len(marks)} recorded {were} corrected after signing (latest {latest.label}); this "
        f"report uses the corrected values, marked {DAGGER} in the results table."
    ]
