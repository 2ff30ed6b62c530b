"""The check an imported file's value corrections must pass before anything is written."""

from __future__ import annotations

from collections.abc import Sequence

from glutedesk.domain.correction_check import correction_problems
from glutedesk.domain.correction_models import CorrectionMark
from glutedesk.domain.corrections import apply_corrections, marks_from
from glutedesk.domain.models import Visit
from glutedesk.storage.signing import Amendment


def imported_correction_problems(
    visits: Sequence[Visit], amendments: Sequence[Amendment]
) -> list[str]:
    """Return what is wrong with the corrections of ``amendments`` (empty: fine).

    Each visit's corrections are checked oldest first against the visit as the earlier ones
    left it, exactly as :func:`glutedesk.storage.corrections.add_correction` checks them: the
    value must be recorded, read as the correction says it did, change, and pass the editor's
    save gate.
    """
    by_id = {v.id: v for v in visits}
    marks: dict[str, list[CorrectionMark]] = {}
    problems: list[str] = []
    order = sorted(enumerate(amendments), key=lambda pair: pair[1].created_at)
    for i, amendment in order:
        if not amendment.corrections or amendment.visit_id not in by_id:
            continue
        earlier = marks.setdefault(amendment.visit_id, [])
        visit = apply_corrections(by_id[amendment.visit_id], earlier)
        found = correction_problems(visit, amendment.corrections)
        problems.extend(f"amendments[{i}].corrections: {p}" for p in found)
        if not found:
            earlier += marks_from(
                amendment.corrections, amendment.created_at, amendment.author, amendment.reason
            )
    return problems
