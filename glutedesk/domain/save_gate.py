"""The save gate: every problem that blocks (error) or warns about saving a visit.

One call, :func:`visit_problems`, returns every :class:`FieldError` the editor and the importer
act on. Each names a field id (``"red_flags.advice"``, ``"nerve_advice"``, ``"exercises"``,
``"test_results[2]"`` …) so a screen can show the message beside that field and in its list of
problems; the rules themselves live in :mod:`glutedesk.domain.validation` and
:mod:`glutedesk.domain.record_rules`, and a screen holds none of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.models import Visit
from glutedesk.domain.record_rules import check_visit
from glutedesk.domain.regions import RegionManifest
from glutedesk.domain.validation import FieldError

RED_FLAG_ADVICE = "red_flags.advice"
"""Field id of the advice given for ticked red flags."""
RED_FLAGS_SCREENED = "red_flags.screened"
"""Field id of "red flags screened at this visit"."""
NERVE_ADVICE = "nerve_advice"
"""Field id of the advice given for nerve-type symptoms."""
EXERCISES = "exercises"
"""Field id of the home exercises as a whole (the NICE NG59 reminder)."""

NOT_SCREENED = "Red flags not screened at this visit: ask the checklist and tick 'screened'"


def screening_problems(visit: Visit) -> list[FieldError]:
    """Warn when the red-flag checklist was not asked at this visit (reference 3.1: every visit)."""
    if visit.red_flags.answers:
        return []
    return [FieldError(RED_FLAGS_SCREENED, NOT_SCREENED, "warning")]


def visit_problems(
    visit: Visit,
    *,
    catalogue: Catalogue | None = None,
    regions: RegionManifest | None = None,
    client_dob: dt.date | None = None,
    today: dt.date | None = None,
) -> list[FieldError]:
    """Return every problem with saving ``visit``: errors block it, warnings do not.

    The record rules of :func:`glutedesk.domain.record_rules.check_visit` (red-flag advice at
    least as urgent as the tier, nerve-symptom advice, the NICE NG59 reminder, doses, ids …)
    plus the warning for a visit whose red flags were not screened.
    """
    problems = check_visit(
        visit, catalogue=catalogue, regions=regions, client_dob=client_dob, today=today
    )
    problems.extend(screening_problems(visit))
    return problems


def at_field(problems: Iterable[FieldError], field: str) -> list[FieldError]:
    """The problems addressed to exactly ``field``, errors first."""
    found = [p for p in problems if p.field == field]
    return sorted(found, key=lambda p: not p.is_error)


def inline_message(problems: Iterable[FieldError], field: str) -> FieldError | None:
    """The most serious problem addressed to ``field`` (to show beside it), or None."""
    found = at_field(problems, field)
    return found[0] if found else None
