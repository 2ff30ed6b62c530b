"""One visit's glute strength, read once: grades per side, symmetry and the weaker side.

Both the first-assessment figures and the strength-change figures use it, so each visit's
test values are parsed once however many figures rest on them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from glutedesk.domain.ids import VisitId
from glutedesk.domain.insights.data import TestFacts
from glutedesk.domain.insights.rules import Reading, chart_value, compare_read, grade_of, reading_of

GLUTE_TESTS = {"oxford_glute_max": "glute max", "oxford_glute_med": "glute med"}


class MuscleSummary(NamedTuple):
    """One muscle at one visit: grade per side, symmetry (and its source), the weaker side.

    A named tuple, for the same reason as :class:`~glutedesk.domain.insights.rules.SideComparison`
    (one per distinct muscle result of a large clinic)."""

    grades: Mapping[str, str | None]
    lsi: float | None
    lsi_from: str | None
    weaker: str | None
    weaker_grade_value: float | None = None
    """The chart value of the lower of the two grades (or of the only one)."""


def per_side(tests: tuple[TestFacts, ...], test_id: str) -> dict[str, Mapping[str, Any]]:
    """The values of ``test_id`` by side ("left"/"right") among ``tests`` (tested only)."""
    return {t.side: t.values for t in tests if t.test_id == test_id and t.values}


_Read = Callable[[Mapping[str, Any]], tuple[Reading | None, str | None]]


def _read_each(values: Mapping[str, Any]) -> tuple[Reading | None, str | None]:
    return reading_of(values), grade_of(values)


def summarise(tests: tuple[TestFacts, ...]) -> dict[str, MuscleSummary]:
    """Each glute muscle tested among ``tests``, summarised."""
    found: dict[str, MuscleSummary] = {}
    for test_id in GLUTE_TESTS:
        sides = per_side(tests, test_id)
        if sides:
            found[test_id] = _muscle(sides)
    return found


def _muscle(sides: Mapping[str, Mapping[str, Any]], read: _Read = _read_each) -> MuscleSummary:
    """One muscle from its values by side; ``read`` gives a side's (reading, grade)."""
    parts = {name: read(values) for name, values in sides.items()}
    left, right = parts.get("left"), parts.get("right")
    both = compare_read(*left, *right) if left is not None and right is not None else None
    grades = {name: grade for name, (_reading, grade) in parts.items()}
    values = [chart_value(g) for g in grades.values() if g is not None]
    return MuscleSummary(
        grades,
        both.lsi if both else None,
        both.source if both else None,
        both.weaker if both else None,
        min(values) if values else None,
    )


def summarise_all(
    tests: Mapping[VisitId, tuple[TestFacts, ...]],
) -> dict[VisitId, dict[str, MuscleSummary]]:
    """:func:`summarise` for every visit in ``tests``.

    Storage hands equal stored values over as one shared object (and equal sets of a visit's
    tests as one shared tuple), and a clinic holds few distinct strength results, so visits
    whose tests are the same objects share one summary, and so do muscles whose sides hold the
    same values (the keys hold the objects' identity, valid only while ``tests`` holds them:
    the memos live for this call only). The result is the same as summarising each visit.
    """
    by_tuple: dict[int, dict[str, MuscleSummary]] = {}
    by_values: dict[tuple[tuple[str, int], ...], MuscleSummary] = {}
    side_memo: dict[int, tuple[Reading | None, str | None]] = {}

    def read(values: Mapping[str, Any]) -> tuple[Reading | None, str | None]:
        found = side_memo.get(id(values))
        if found is None:
            found = side_memo[id(values)] = _read_each(values)
        return found

    by_muscles: dict[tuple[tuple[str, int], ...], dict[str, MuscleSummary]] = {}
    summaries: dict[VisitId, dict[str, MuscleSummary]] = {}
    for visit_id, visit_tests in tests.items():
        summary = by_tuple.get(id(visit_tests))
        if summary is None:
            summary = _summarise_shared(visit_tests, by_values, read)
            key = tuple((test_id, id(muscle)) for test_id, muscle in summary.items())
            summary = by_tuple[id(visit_tests)] = by_muscles.setdefault(key, summary)
        summaries[visit_id] = summary
    return summaries


def _summarise_shared(
    tests: tuple[TestFacts, ...],
    memo: dict[tuple[tuple[str, int], ...], MuscleSummary],
    read: _Read,
) -> dict[str, MuscleSummary]:
    """:func:`summarise`, each muscle looked up in ``memo`` by its sides' values' identity."""
    found: dict[str, MuscleSummary] = {}
    for test_id in GLUTE_TESTS:
        sides = per_side(tests, test_id)
        if not sides:
            continue
        key = tuple((side, id(values)) for side, values in sides.items())
        summary = memo.get(key)
        if summary is None:
            summary = memo[key] = _muscle(sides, read)
        found[test_id] = summary
    return found
