"""The outcome measures over visits: NPRS, ODI, RMDQ and PSFS scores and STarT Back risk.

No matplotlib, reportlab or Qt here: the timeline table, its charts, the progress report and
the referral letter all read these, so screen and paper agree. A score whose items are invalid
is left out, never guessed; a total scored on paper is kept and marked ``total_only``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from glutedesk.domain.ids import VisitId
from glutedesk.domain.models import Instrument, Visit
from glutedesk.domain.outcome_change import MEASURES, format_number
from glutedesk.domain.outcomes import StartBackResult, score_outcome, startback_score

SCORED = ("nprs", "odi", "rmdq", "psfs")


@dataclass(frozen=True)
class OutcomePoint:
    """One visit's score of one measure; ``total_only`` when entered as a paper total."""

    visit_id: VisitId
    date: dt.date
    value: float
    total_only: bool = False


@dataclass(frozen=True)
class OutcomeFigures:
    """A visit's outcome scores for the timeline table and the report's results table."""

    odi: OutcomePoint | None = None
    rmdq: OutcomePoint | None = None
    startback: StartBackResult | None = None


NO_OUTCOMES = OutcomeFigures()


def visit_outcome(visit: Visit, key: str) -> OutcomePoint | None:
    """Return ``visit``'s score of ``key`` ("nprs", "odi", "rmdq", "psfs"), or None."""
    if key == "nprs":
        if visit.nprs.now is None:
            return None
        return OutcomePoint(visit.id, visit.visit_date, float(visit.nprs.now))
    score = visit.score(Instrument(key))
    if score is None:
        return None
    try:
        value = score_outcome(score)
    except ValueError:
        return None
    if value is None:
        return None
    return OutcomePoint(visit.id, visit.visit_date, value, score.total_only)


def outcome_points(visits: Iterable[Visit], key: str) -> list[OutcomePoint]:
    """Return the scores of measure ``key`` at the visits that recorded it, oldest first."""
    ordered = sorted(visits, key=lambda v: v.visit_date)
    return [p for v in ordered if (p := visit_outcome(v, key)) is not None]


def visit_startback(visit: Visit) -> StartBackResult | None:
    """Return ``visit``'s STarT Back total, distress and risk group (None unless all 9 answered)."""
    score = visit.score(Instrument.STARTBACK)
    if score is None or any(v is None for v in score.items):
        return None
    try:
        return startback_score(score.items)  # type: ignore[arg-type]  # no None left
    except ValueError:
        return None


def startback_points(visits: Iterable[Visit]) -> list[tuple[dt.date, StartBackResult]]:
    """Return (date, STarT Back result) for the visits that completed it, oldest first."""
    ordered = sorted(visits, key=lambda v: v.visit_date)
    return [(v.visit_date, r) for v in ordered if (r := visit_startback(v)) is not None]


def outcome_figures(visit: Visit) -> OutcomeFigures:
    """Return ``visit``'s ODI, RMDQ and STarT Back figures."""
    return OutcomeFigures(
        odi=visit_outcome(visit, "odi"),
        rmdq=visit_outcome(visit, "rmdq"),
        startback=visit_startback(visit),
    )


def format_outcome(point: OutcomePoint | None, key: str, *, mark_total_only: bool = True) -> str:
    """A table cell: "36%", "11/24" ("" when missing), "(total)" added for a paper total."""
    if point is None:
        return ""
    text = MEASURES[key].with_unit(point.value)
    return f"{text} (total)" if point.total_only and mark_total_only else text


def format_startback(result: StartBackResult | None) -> str:
    """A table cell: "Medium 5/9" ("" when not completed)."""
    if result is None:
        return ""
    return f"{result.risk.capitalize()} {result.total}/9"


__all__ = [
    "NO_OUTCOMES",
    "SCORED",
    "OutcomeFigures",
    "OutcomePoint",
    "format_number",
    "format_outcome",
    "format_startback",
    "outcome_figures",
    "outcome_points",
    "startback_points",
    "visit_outcome",
    "visit_startback",
]
