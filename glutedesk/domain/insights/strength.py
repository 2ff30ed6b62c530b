"""One visit's glute strength, read once: grades per side, symmetry and the weaker side.

Both the first-assessment figures and the strength-change figures use it, so each visit's
test values are parsed once however many figures rest on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from glutedesk.domain.ids import VisitId
from glutedesk.domain.insights.data import TestFacts
from glutedesk.domain.insights.rules import chart_value, compare_sides, grade_of

GLUTE_TESTS = {"oxford_glute_max": "glute max", "oxford_glute_med": "glute med"}


@dataclass(frozen=True)
class MuscleSummary:
    """One muscle at one visit: grade per side, symmetry (and its source), the weaker side."""

    grades: Mapping[str, str | None]
    lsi: float | None
    lsi_from: str | None
    weaker: str | None

    @cached_property  # summaries are shared between visits (see summarise_all)
    def weaker_grade_value(self) -> float | None:
        """The chart value of the lower of the two grades (or of the only one)."""
        values = [chart_value(g) for g in self.grades.values() if g is not None]
        return min(values) if values else None


def per_side(tests: tuple[TestFacts, ...], test_id: str) -> dict[str, Mapping[str, Any]]:
    """The values of ``test_id`` by side ("left"/"right") among ``tests`` (tested only)."""
    return {t.side: t.values for t in tests if t.test_id == test_id and t.values}


def summarise(tests: tuple[TestFacts, ...]) -> dict[str, MuscleSummary]:
    """Each glute muscle tested among ``tests``, summarised."""
    found: dict[str, MuscleSummary] = {}
    for test_id in GLUTE_TESTS:
        sides = per_side(tests, test_id)
        if not sides:
            continue
        left, right = sides.get("left"), sides.get("right")
        both = compare_sides(left, right) if left is not None and right is not None else None
        found[test_id] = MuscleSummary(
            {name: grade_of(values) for name, values in sides.items()},
            both.lsi if both else None,
            both.source if both else None,
            both.weaker if both else None,
        )
    return found


def summarise_all(
    tests: Mapping[VisitId, tuple[TestFacts, ...]],
) -> dict[VisitId, dict[str, MuscleSummary]]:
    """:func:`summarise` for every visit in ``tests``.

    Storage hands equal stored values over as one shared object, and a clinic holds few
    distinct strength results, so visits whose glute tests are the same objects share one
    summary (the key holds the objects' identity, valid only while ``tests`` holds them:
    the memo lives for this call only). The result is the same as summarising each visit.
    """
    memo: dict[tuple[tuple[str, str, int], ...], dict[str, MuscleSummary]] = {}
    found: dict[VisitId, dict[str, MuscleSummary]] = {}
    for visit_id, visit_tests in tests.items():
        key = tuple(
            (t.test_id, t.side, id(t.values)) for t in visit_tests if t.test_id in GLUTE_TESTS
        )
        summary = memo.get(key)
        if summary is None:
            summary = memo[key] = summarise(visit_tests)
        found[visit_id] = summary
    return found
