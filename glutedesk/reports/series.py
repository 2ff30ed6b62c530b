"""The numbers the timeline, the charts and the printed reports show, taken from whole visits.

No matplotlib, reportlab or Qt here: the screen and the paper read the same series, so they
never disagree. Grades that are missing or not Oxford grades are left out, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from glutedesk.domain.grades import oxford_to_chart
from glutedesk.domain.ids import VisitId
from glutedesk.domain.models import Instrument, Side, Visit
from glutedesk.domain.outcomes import score_outcome
from glutedesk.domain.strength import Reading, Symmetry, grade_of, limb_symmetry, reading_of
from glutedesk.reports.outcome_series import NO_OUTCOMES, OutcomeFigures, outcome_figures

GLUTE_MAX = "oxford_glute_max"
GLUTE_MED = "oxford_glute_med"

MUSCLES: dict[str, str] = {GLUTE_MAX: "gluteus maximus", GLUTE_MED: "gluteus medius"}
SHORT_MUSCLES: dict[str, str] = {GLUTE_MAX: "max", GLUTE_MED: "med"}
SIDES: tuple[Side, Side] = (Side.LEFT, Side.RIGHT)
SIDE_WORDS: dict[Side, str] = {Side.LEFT: "left", Side.RIGHT: "right"}

LEGACY_SIDE_WORDS: dict[Side, str] = {Side.BILATERAL: "both sides", Side.NOT_APPLICABLE: "no side"}


@dataclass(frozen=True)
class StrengthPoint:
    """One strength test at one visit: an Oxford grade, a dynamometer reading, or both.

    ``value`` is the grade's chart value (None without a grade); ``reading`` the dynamometer
    reading with its unit id ("" when an old record kept none: never assumed to be N).
    """

    visit_id: VisitId
    date: dt.date
    grade: str | None
    value: float | None
    reading: Reading | None = None

    @property
    def dynamometer(self) -> float | None:
        """The reading's number, or None."""
        return None if self.reading is None else self.reading.value

    @property
    def unit_id(self) -> str:
        """The reading's unit id ("" with no reading or no recorded unit)."""
        return "" if self.reading is None else self.reading.unit

    @property
    def unit(self) -> str:
        """The reading's unit as printed ("Nm", "unit not recorded"); "" with no reading."""
        return "" if self.reading is None else self.reading.unit_label


@dataclass(frozen=True)
class StrengthSeries:
    """One muscle on one side across the visits that graded or measured it, oldest first.

    The side is left or right; an old record's other side ("bilateral", "na") gets a series of
    its own so that nothing recorded is dropped.
    """

    test_id: str
    side: Side
    points: tuple[StrengthPoint, ...]

    @property
    def side_word(self) -> str:
        """ "left", "right", or "both sides" / "no side" for an old record."""
        return SIDE_WORDS.get(self.side) or LEGACY_SIDE_WORDS[self.side]

    @property
    def label(self) -> str:
        """E.g. "Right gluteus medius"; "Gluteus medius (both sides, old record)"."""
        if self.side in SIDE_WORDS:
            return f"{self.side_word.capitalize()} {MUSCLES[self.test_id]}"
        return f"{MUSCLES[self.test_id].capitalize()} ({self.side_word}, old record)"

    @property
    def short_label(self) -> str:
        """E.g. "Med R"; "Med both" for an old record."""
        word = self.side_word[0].upper() if self.side in SIDE_WORDS else self.side_word
        return f"{SHORT_MUSCLES[self.test_id].capitalize()} {word}"

    @property
    def graded_points(self) -> tuple[StrengthPoint, ...]:
        """The points with an Oxford grade."""
        return tuple(p for p in self.points if p.grade is not None)

    @property
    def dynamometer_points(self) -> tuple[StrengthPoint, ...]:
        """The points with a dynamometer reading."""
        return tuple(p for p in self.points if p.reading is not None)

    def readings_in(self, unit_id: str) -> tuple[StrengthPoint, ...]:
        """The points with a reading in ``unit_id`` ("" = unit not recorded)."""
        return tuple(p for p in self.dynamometer_points if p.unit_id == unit_id)

    @property
    def reading_units(self) -> tuple[str, ...]:
        """The unit ids of this series' readings, in the order first recorded."""
        return tuple(dict.fromkeys(p.unit_id for p in self.dynamometer_points))


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
    readings: dict[tuple[str, Side], Reading] = field(default_factory=dict)
    symmetries: dict[str, Symmetry] = field(default_factory=dict)
    old_records: dict[str, str] = field(default_factory=dict)  # test id -> "4- (both sides)"
    outcomes: OutcomeFigures = NO_OUTCOMES

    def grade(self, test_id: str, side: Side) -> str | None:
        """The Oxford grade of ``test_id`` on ``side``, or None when not graded."""
        return self.grades.get((test_id, side))

    def reading(self, test_id: str, side: Side) -> Reading | None:
        """The dynamometer reading of ``test_id`` on ``side``, or None."""
        return self.readings.get((test_id, side))

    def strength_text(self, test_id: str, side: Side, sep: str = " · ") -> str:
        """E.g. "4-", "182 N", "4- · 182 N" or "" (what was recorded, nothing invented)."""
        grade = self.grade(test_id, side)
        reading = self.reading(test_id, side)
        text = sep.join(x for x in (grade, reading.text if reading else None) if x)
        return text or self.old_records.get(test_id, "")

    def symmetry(self, test_id: str) -> float | None:
        """Limb symmetry index of ``test_id`` (readings if comparable, else grades), or None."""
        found = self.symmetries.get(test_id)
        return None if found is None else found.index

    def symmetry_detail(self, test_id: str) -> Symmetry | None:
        """The symmetry index of ``test_id`` with its basis and method, or None."""
        return self.symmetries.get(test_id)


def visit_grade(visit: Visit, test_id: str, side: Side) -> str | None:
    """Return the Oxford grade recorded for ``test_id`` on ``side`` at ``visit``, or None."""
    result = visit.result(test_id, side)
    if result is None or not result.tested:
        return None
    return grade_of(result.values)


def visit_reading(visit: Visit, test_id: str, side: Side) -> Reading | None:
    """Return the dynamometer reading (with its unit id) for ``test_id``/``side``, or None."""
    result = visit.result(test_id, side)
    if result is None or not result.tested:
        return None
    return reading_of(result.values)


def visit_dynamometer(visit: Visit, test_id: str, side: Side) -> tuple[float, str] | None:
    """Return (value, unit as printed) of the reading for ``test_id``/``side``, or None."""
    reading = visit_reading(visit, test_id, side)
    return None if reading is None else (reading.value, reading.unit_label)


def _point(visit: Visit, test_id: str, side: Side) -> StrengthPoint | None:
    grade = visit_grade(visit, test_id, side)
    reading = visit_reading(visit, test_id, side)
    if grade is None and reading is None:
        return None
    value = None if grade is None else oxford_to_chart(grade)
    return StrengthPoint(visit.id, visit.visit_date, grade, value, reading)


def strength_series(visits: Iterable[Visit]) -> list[StrengthSeries]:
    """Return the glute series: max L, max R, med L, med R (each oldest first), then any old
    record's other side (both sides / no side), which is shown, never dropped.

    A series holds only the visits that graded or measured that muscle on that side; the four
    left/right series are always returned, and may be empty.
    """
    ordered = sorted(visits, key=lambda v: v.visit_date)
    series: list[StrengthSeries] = []
    for test_id in (GLUTE_MAX, GLUTE_MED):
        for side in (*SIDES, *LEGACY_SIDE_WORDS):
            points = tuple(
                p for visit in ordered if (p := _point(visit, test_id, side)) is not None
            )
            if points or side in SIDES:
                series.append(StrengthSeries(test_id, side, points))
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


def visit_figures(visit: Visit, involved_side: str | None = None) -> VisitFigures:
    """Return ``visit``'s key figures (grades, readings, symmetry, NPRS, PSFS, flags).

    ``involved_side`` (the client's, from the case history) makes the symmetry index
    involved ÷ uninvolved; without it, weaker ÷ stronger.
    """
    keys = [(t, side) for t in (GLUTE_MAX, GLUTE_MED) for side in SIDES]
    grades = {k: g for k in keys if (g := visit_grade(visit, *k)) is not None}
    readings = {k: r for k in keys if (r := visit_reading(visit, *k)) is not None}
    symmetries = {}
    for test_id in (GLUTE_MAX, GLUTE_MED):
        left, right = visit.result(test_id, Side.LEFT), visit.result(test_id, Side.RIGHT)
        if left is None or right is None or not left.tested or not right.tested:
            continue
        found = limb_symmetry(left.values, right.values, involved_side)
        if found is not None:
            symmetries[test_id] = found
    old_records = {}
    for test_id in (GLUTE_MAX, GLUTE_MED):
        for side, word in LEGACY_SIDE_WORDS.items():
            if (point := _point(visit, test_id, side)) is not None:
                recorded = " · ".join(
                    x for x in (point.grade, point.reading.text if point.reading else None) if x
                )
                old_records[test_id] = f"{recorded} ({word})"
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
        readings=readings,
        symmetries=symmetries,
        old_records=old_records,
        outcomes=outcome_figures(visit),
    )


def timeline(visits: Sequence[Visit], involved_side: str | None = None) -> list[VisitFigures]:
    """Return every visit's key figures, oldest first."""
    ordered = sorted(visits, key=lambda v: v.visit_date)
    return [visit_figures(v, involved_side) for v in ordered]


def format_lsi(value: float | None) -> str:
    """Return a symmetry index as "88%" ("" when missing)."""
    return "" if value is None else f"{value:.0f}%"


def format_score(value: float | None) -> str:
    """Return a PSFS-style score as "6.3" or "7" ("" when missing)."""
    if value is None:
        return ""
    return f"{value:.1f}".removesuffix(".0")
