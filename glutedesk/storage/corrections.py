"""Corrected values of signed visits: adding them, and the corrected view every reader gets.

A value correction is an amendment (:mod:`glutedesk.storage.signing`) whose corrected values
are stored beside it in ``amendment_corrections`` (migration ``0007``); the visit's own rows
are never touched. :func:`corrected_visits` turns stored visits into their corrected view with
the one domain function :func:`glutedesk.domain.corrections.apply_corrections`;
:class:`~glutedesk.storage.clinic.Clinic` hands that view to every screen and report.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from glutedesk.domain.correction_check import correction_problems, describe, format_value
from glutedesk.domain.correction_models import CorrectionMark, ValueCorrection
from glutedesk.domain.corrections import apply_corrections, group_of, marks_from
from glutedesk.domain.models import Visit
from glutedesk.storage.errors import SigningError
from glutedesk.storage.signing import (
    Amendment,
    _amendments,
    _client_of,
    add_amendment,
    amendments_for_client,
    is_signed,
)
from glutedesk.storage.visit_loading import get_visit

if TYPE_CHECKING:
    from sqlite_utils import Database

# The amendment section a value correction is filed under, by the part of the visit it changes.
_SECTION_OF_GROUP = {
    "nprs": "nprs",
    "pain_marks": "pain_marks",
    "tests": "test_results",
    "outcomes": "outcome_scores",
}


def marks_of(amendments: Sequence[Amendment]) -> dict[str, list[CorrectionMark]]:
    """Return the correction marks of ``amendments``, by visit id, oldest first."""
    out: dict[str, list[CorrectionMark]] = {}
    for a in amendments:
        if a.corrections:
            out.setdefault(a.visit_id, []).extend(
                marks_from(a.corrections, a.created_at, a.author, a.reason)
            )
    return out


def corrected_visits(db: Database, visits: Sequence[Visit]) -> list[Visit]:
    """Return ``visits`` as they now stand: each with its corrections applied and marked."""
    client_ids = {v.client_id for v in visits}
    if len(client_ids) == 1 and len(visits) > 1:
        amendments = amendments_for_client(db, next(iter(client_ids)))
    else:  # all in one query, however many visits
        ids = json.dumps(sorted({v.id for v in visits}))
        amendments = _amendments(db, "a.visit_id IN (SELECT value FROM json_each(?))", [ids])
    marks = marks_of(amendments)
    return [apply_corrections(v, marks[v.id]) if v.id in marks else v for v in visits]


def corrected_visit(db: Database, visit_id: str) -> Visit:
    """Return one visit as it now stands (corrections applied and marked)."""
    return corrected_visits(db, [get_visit(db, visit_id)])[0]


def correction_texts(
    corrections: Sequence[ValueCorrection],
) -> tuple[str, str]:
    """Return the "was" and "now" texts of an amendment stating ``corrections`` in words."""
    was = "\n".join(f"{describe(c.field)}: {format_value(c.old_value)}" for c in corrections)
    now = "\n".join(f"{describe(c.field)}: {format_value(c.new_value)}" for c in corrections)
    return was, now


def section_for(corrections: Sequence[ValueCorrection]) -> str:
    """Return the amendment section of ``corrections``: their part of the visit, or "values"."""
    sections = {_SECTION_OF_GROUP[group_of(c.field)] for c in corrections}
    return sections.pop() if len(sections) == 1 else "values"


def add_correction(
    db: Database,
    visit_id: str,
    author: str,
    reason: str,
    corrections: Sequence[ValueCorrection],
    *,
    at: dt.datetime | None = None,
) -> Amendment:
    """Correct recorded values of a signed visit by an amendment, and return it.

    Each correction must name a value recorded at the visit, give the value it replaces as it
    now reads (after earlier corrections) and change it; the corrected visit must pass the
    editor's save gate. Raises :class:`SigningError` naming every problem, or as
    :func:`~glutedesk.storage.signing.add_amendment` does (unsigned visit, blank author or
    reason). The amendment states the corrections in words as its "was" and "now" texts.
    """
    corrections = tuple(corrections)
    _client_of(db, visit_id)  # an unknown visit is refused by name
    if not is_signed(db, visit_id):
        raise SigningError("This visit is not signed yet: edit it directly instead.")
    if not corrections:
        raise SigningError("Choose a recorded value to correct.")
    problems = correction_problems(corrected_visit(db, visit_id), corrections)
    if problems:
        raise SigningError("; ".join(problems) + ".")
    was, now = correction_texts(corrections)
    return add_amendment(
        db,
        visit_id,
        author,
        reason,
        section_for(corrections),
        now,
        at=at,
        corrections=corrections,
        was=was,
    )
