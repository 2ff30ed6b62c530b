"""Figures over the course of care: outcome measures, meaningful change, strength change.

Everything is within each client's first course of care in the period (see "course_of_care"),
measured against its first visit. A change "by visit 3" uses the latest score recorded at
visits 2 to 3; "at discharge" and "first to latest" the latest score among visits 2 to 6 and
the course's last visit (the key visits storage reads). These describe what
happened alongside care; without a comparison group they cannot say that care caused it.
"""

from __future__ import annotations

from collections.abc import Mapping

from glutedesk.domain.ids import ClientId
from glutedesk.domain.insights.data import ClientCourse, InsightsData, VisitFacts
from glutedesk.domain.insights.definitions import MILESTONE_VISITS
from glutedesk.domain.insights.figures import Figure, Section, median_figure, share_figure
from glutedesk.domain.insights.first_assessment import GLUTE_TESTS, per_side
from glutedesk.domain.insights.rules import chart_value, grade_of, symmetry
from glutedesk.domain.outcomes import is_meaningful_change

MEASURES = {"nprs": "Pain (NPRS)", "odi": "ODI", "rmdq": "RMDQ", "psfs": "PSFS"}
CHANGE_DEFS = ("meaningful_change", "course_of_care")


def score_at(data: InsightsData, visit: VisitFacts, measure: str) -> float | None:
    """``measure`` at ``visit``: NPRS now from the visit, the others from its stored totals."""
    if measure == "nprs":
        return None if visit.nprs_now is None else float(visit.nprs_now)
    value = data.scores.get(visit.id, {}).get(measure)
    return None if value is None else float(value)


def latest_score(
    data: InsightsData, visits: tuple[VisitFacts, ...], measure: str
) -> float | None:
    """The latest ``measure`` among ``visits`` (after the first), or None."""
    for visit in reversed(visits[1:]):
        value = score_at(data, visit, measure)
        if value is not None:
            return value
    return None


def _pairs(
    data: InsightsData,
    courses: Mapping[ClientId, ClientCourse],
    measure: str,
    upto: int | None = None,
    finished_only: bool = False,
) -> dict[ClientId, tuple[float, float]]:
    pairs: dict[ClientId, tuple[float, float]] = {}
    for client_id, course in courses.items():
        if finished_only and not course.finished:
            continue
        if upto is not None and course.length < upto:
            continue
        baseline = score_at(data, course.first, measure)
        if baseline is None:
            continue
        later = latest_score(data, course.upto(upto) if upto else course.visits, measure)
        if later is not None:
            pairs[client_id] = (baseline, later)
    return pairs


def _meaningful(pairs: Mapping[ClientId, tuple[float, float]], measure: str) -> set[ClientId]:
    return {c for c, (first, later) in pairs.items() if is_meaningful_change(measure, first, later)}


def outcome_figures(data: InsightsData, courses: Mapping[ClientId, ClientCourse]) -> list[Figure]:
    """First-to-latest medians and meaningful-change shares by visit 3, 6 and at discharge."""
    figures: list[Figure] = []
    for measure, name in MEASURES.items():
        pairs = _pairs(data, courses, measure)
        figures.append(
            median_figure(f"{measure}_change", f"{name}, first to latest", pairs, "",
                          CHANGE_DEFS)
        )
        for k in MILESTONE_VISITS:
            pk = _pairs(data, courses, measure, upto=k)
            figures.append(
                share_figure(
                    f"{measure}_meaningful_v{k}",
                    f"{name}: meaningful change by visit {k}",
                    pk,
                    _meaningful(pk, measure),
                    CHANGE_DEFS,
                )
            )
        pd = _pairs(data, courses, measure, finished_only=True)
        figures.append(
            share_figure(
                f"{measure}_meaningful_discharge",
                f"{name}: meaningful change at discharge",
                pd,
                _meaningful(pd, measure),
                (*CHANGE_DEFS, "discharge"),
            )
        )
    return figures


def _strength_visit(data: InsightsData, course: ClientCourse) -> VisitFacts | None:
    """The latest visit of the course (after the first) with glute tests recorded."""
    for visit in reversed(course.visits[1:]):
        tests = data.tests.get(visit.id, ())
        if any(t.test_id in GLUTE_TESTS for t in tests):
            return visit
    return None


def _weaker_grade(sides: Mapping[str, Mapping[str, object]]) -> float | None:
    grades = [grade_of(v) for v in sides.values()]
    values = [chart_value(g) for g in grades if g is not None]
    return min(values) if values else None


def strength_figures(
    data: InsightsData, courses: Mapping[ClientId, ClientCourse]
) -> list[Figure]:
    """Median change of the weaker side's grade and of the symmetry index, per muscle."""
    grades: dict[str, dict[ClientId, tuple[float, float]]] = {t: {} for t in GLUTE_TESTS}
    lsis: dict[str, dict[ClientId, tuple[float, float]]] = {t: {} for t in GLUTE_TESTS}
    for client_id, course in courses.items():
        later = _strength_visit(data, course)
        if later is None:
            continue
        first_tests = data.tests.get(course.first.id, ())
        later_tests = data.tests.get(later.id, ())
        for test_id in GLUTE_TESTS:
            a, b = per_side(first_tests, test_id), per_side(later_tests, test_id)
            ga, gb = _weaker_grade(a), _weaker_grade(b)
            if ga is not None and gb is not None:
                grades[test_id][client_id] = (ga, gb)
            sa = symmetry(a.get("left"), a.get("right"))
            sb = symmetry(b.get("left"), b.get("right"))
            if sa and sb and sa[1] == sb[1]:
                lsis[test_id][client_id] = (sa[0], sb[0])
    figures: list[Figure] = []
    for test_id, name in GLUTE_TESTS.items():
        short = name.split()[1]
        figures.append(
            median_figure(
                f"{short}_grade_change",
                f"{name.capitalize()} grade, weaker side (chart value)",
                grades[test_id],
                "",
                ("weak_grade", "course_of_care"),
            )
        )
        figures.append(
            median_figure(
                f"{short}_symmetry_change",
                f"{name.capitalize()} symmetry index (%)",
                lsis[test_id],
                " points",
                ("weak_symmetry", "course_of_care"),
            )
        )
    return figures


def course_section(data: InsightsData, courses: Mapping[ClientId, ClientCourse]) -> Section:
    """The "Over the course of care" section."""
    return Section(
        "course",
        "Over the course of care",
        tuple(outcome_figures(data, courses) + strength_figures(data, courses)),
        "Each client's first course of care in the period, against its first visit. Lower "
        "is better for NPRS, ODI and RMDQ; higher for PSFS, grades and symmetry. These "
        "changes happened alongside care; with no comparison group they do not show that "
        "care caused them. Grades are coarse (clinical reference, section 0).",
    )
