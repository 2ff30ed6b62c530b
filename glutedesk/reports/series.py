"""The numbers the timeline, the charts and the printed reports show, taken from whole visits.

No matplotlib, reportlab or Qt here: the screen and the paper read the same series, so they
never disagree. Grades that are missing or not Oxford grades are left out, never guessed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glutedesk.domain.grades import lsi_from_grades, normalise_grade, oxford_to_chart
from glutedesk.domain.ids import VisitId
from glutedesk.domain.models import Instrument, Side, Visit
from glutedesk.domain.outcomes import score_outcome
from glutedesk.reports.outcome_series import NO_OUTCOMES, OutcomeFigures, outcome_figures

GLUTE_MAX = "oxford_glute_max"
GLUTE_MED = "oxford_glute_med"

MUSCLES: dict[str, str] = {GLUTE_MAX: "gluteus maximus", GLUTE_MED: "gluteus medius"}
SHORT_MUSCLES: dict[str, str] = {GLUTE_MAX: "max", GLUTE_MED: "med"}
SIDES: tuple[Side, Side] = (Side.LEFT, Side.RIGHT)
SIDE_WORDS: dict[Side, str] = {Side.LEFT: "left", Side.RIGHT: "right"}

UNIT_LABELS: dict[str, str] = {"n": "N", "kg": "kg"}


@dataclass(frozen=True)
class StrengthPoint:
    """One graded test: the Oxford grade, its chart value and any dynamometer reading."""

    visit_id: VisitId
    date: dt.date
    grade: str
    value: float
    dynamometer: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class StrengthSeries:
    """One muscle on one side across the visits that graded it, oldest first."""

    test_id: str
    side: Side
    points: tuple[StrengthPoint, ...]

    @property
    def label(self) -> str:
        """E.g. "Right gluteus medius"."""
        return f"{SIDE_WORDS[self.side].capitalize()} {MUSCLES[self.test_id]}"

    @property
    def short_label(self) -> str:
        """E.g. "Med R"."""
        return f"{SHORT_MUSCLES[self.test_id].capitalize()} {SIDE_WORDS[self.side][0].upper()}"

    @property
    def dynamometer_points(self) -> tuple[StrengthPoint, ...]:
        """The points with a dynamometer reading."""
        return tuple(p for p in self.points if p.dynamometer is not None)


@dataclass(frozen=True)
class VisitFigures:
    """A visit's key figures for the timeline and the report's results table."""

    visit_id: VisitId
    date: dt.date
    therapist: str
    nprs: int | None
    grades: dict[tuple[str, Side], str]
    psfs: float | None
    red_flags: int
    referrals: int
    nerve_symptoms: bool
    outcomes: OutcomeFigures = NO_OUTCOMES

    def grade(self, test_id: str, side: Side) -> str | None:
        """The Oxford grade of ``test_id`` on ``side``, or None when not graded."""
        return self.grades.get((test_id, side))

    def symmetry(self, test_id: str) -> float | None:
        """Limb symmetry index (weaker / stronger x 100) of ``test_id``, or None."""
        return lsi_from_grades(self.grade(test_id, Side.LEFT), self.grade(test_id, Side.RIGHT))


def visit_grade(visit: Visit, test_id: str, side: Side) -> str | None:
    """Return the Oxford grade recorded for ``test_id`` on ``side`` at ``visit``, or None."""
    result = visit.result(test_id, side)
    if result is None or not result.tested:
        return None
    raw = result.values.get("grade")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return normalise_grade(raw)
    except ValueError:
        return None


def visit_dynamometer(visit: Visit, test_id: str, side: Side) -> tuple[float, str] | None:
    """Return (value, unit label) of the dynamometer reading for ``test_id``/``side``, or None."""
    result = visit.result(test_id, side)
    if result is None or not result.tested:
        return None
    value = result.values.get("dynamometer")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    unit = UNIT_LABELS.get(str(result.values.get("dynamometer_unit") or "n"), "N")
    return float(value), unit


def strength_series(visits: Iterable[Visit]) -> list[StrengthSeries]:
    """Return the four glute series (max L, max R, med L, med R), each oldest first.

    A series holds only the visits that graded that muscle on that side; it may be empty.
    """
    ordered = sorted(visits, key=lambda v: v.visit_date)
    series: list[StrengthSeries] = []
    for test_id in (GLUTE_MAX, GLUTE_MED):
        for side in SIDES:
            points: list[StrengthPoint] = []
            for visit in ordered:
                grade = visit_grade(visit, test_id, side)
                if grade is None:
                    continue
                dyn = visit_dynamometer(visit, test_id, side)
                points.append(
                    StrengthPoint(
                        visit_id=visit.id,
                        date=visit.visit_date,
                        grade=grade,
                        value=oxford_to_chart(grade),
                        dynamometer=dyn[0] if dyn else None,
                        unit=dyn[1] if dyn else "",
                    )
                )
            series.append(StrengthSeries(test_id, side, tuple(points)))
    return series


def psfs_score(visit: Visit) -> float | None:
    """Return the visit's PSFS score (mean of the rated activities), or None."""
    score = visit.score(Instrument.PSFS)
    if score is None:
        return None
    try:
        return score_outcome(score)
    except ValueError:
        return None


def nprs_points(visits: Iterable[Visit]) -> list[tuple[dt.date, int]]:
    """Return (date, NPRS now) for the visits that recorded it, oldest first."""
    return [
        (v.visit_date, v.nprs.now)
        for v in sorted(visits, key=lambda v: v.visit_date)
        if v.nprs.now is not None
    ]


def psfs_points(visits: Iterable[Visit]) -> list[tuple[dt.date, float]]:
    """Return (date, PSFS score) for the visits that recorded it, oldest first."""
    points = []
    for visit in sorted(visits, key=lambda v: v.visit_date):
        score = psfs_score(visit)
        if score is not None:
            points.append((visit.visit_date, score))
    return points


def visit_figures(visit: Visit) -> VisitFigures:
    """Return ``visit``'s key figures (grades, NPRS, PSFS, red flags, referrals)."""
    grades = {
        (test_id, side): grade
        for test_id in (GLUTE_MAX, GLUTE_MED)
        for side in SIDES
        if (grade := visit_grade(visit, test_id, side)) is not None
    }
    return VisitFigures(
        visit_id=visit.id,
        date=visit.visit_date,
        therapist=visit.therapist,
        nprs=visit.nprs.now,
        grades=grades,
        psfs=psfs_score(visit),
        red_flags=len(visit.red_flags.present_flags),
        referrals=len(visit.referrals),
        nerve_symptoms=visit.has_nerve_symptom_marks,
        outcomes=outcome_figures(visit),
    )


def timeline(visits: Sequence[Visit]) -> list[VisitFigures]:
    """Return every visit's key figures, oldest first."""
    return [visit_figures(v) for v in sorted(visits, key=lambda v: v.visit_date)]


def format_lsi(value: float | None) -> str:
    """Return a symmetry index as "88%" ("" when missing)."""
    return "" if value is None else f"{value:.0f}%"


def format_score(value: float | None) -> str:
    """Return a PSFS-style score as "6.3" or "7" ("" when missing)."""
    if value is None:
        return ""
    return f"{value:.1f}".removesuffix(".0")
