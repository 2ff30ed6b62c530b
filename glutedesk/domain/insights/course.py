"""Figures over the course of care: outcome measures, meaningful change, strength change.

Everything is within each client's first course of care in the period (see "course_of_care"),
measured against its first visit. A change "by visit 3" uses the latest score recorded at
visits 2 to 3; "at discharge" and "first to latest" the latest score among visits 2 to 6 and
the course's last visit (the key visits storage reads). These describe what
happened alongside care; without a comparison group they cannot say that care caused it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress, repeat
from operator import is_not

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import InsightsData
from glutedesk.domain.insights.definitions import MILESTONE_VISITS
from glutedesk.domain.insights.figures import Figure, Section, median_figure, share_figure
from glutedesk.domain.insights.strength import GLUTE_TESTS, MuscleSummary
from glutedesk.domain.outcomes import is_meaningful_change

MEASURES = {"nprs": "Pain (NPRS)", "odi": "ODI", "rmdq": "RMDQ", "psfs": "PSFS"}
CHANGE_DEFS = ("meaningful_change", "course_of_care")


Pairs = dict[ClientId, tuple[float, float]]


def _stage_pairs(data: InsightsData) -> dict[str, dict[str, Pairs]]:
    """Per measure and stage ("latest", "v3", "v6", "discharge"): (first score, latest score
    at or before that stage) for the clients it applies to.

    A client counts when the course's first visit has the measure and a later key visit does;
    "v*k*" only when the course reached visit *k*, "discharge" only for finished courses.
    A course's key visits are visits 1 to 6 and its last (``key_positions``), so visit *k*
    (*k* up to 6) is the key visit at place *k* - 1 when the course reached it.
    """
    stages = ("latest", *(f"v{k}" for k in MILESTONE_VISITS), "discharge")
    found: dict[str, dict[str, Pairs]] = {m: {s: {} for s in stages} for m in MEASURES}
    courses = data.courses
    rows = tuple(
        zip(
            courses.client_ids,
            courses.starts,
            courses.starts[1:],
            courses.lengths,
            courses.finished,
            strict=False,  # starts has one more entry than there are courses
        )
    )
    for measure in MEASURES:
        column = data.scores.get(measure)
        if column is None:
            continue
        pairs = found[measure]
        latest_pairs, discharged = pairs["latest"], pairs["discharge"]
        milestones = [(k, pairs[f"v{k}"]) for k in MILESTONE_VISITS]
        # only the courses whose first visit has the measure (chosen in C, not looped over)
        recorded = map(is_not, map(column.__getitem__, courses.starts[:-1]), repeat(None))
        for client_id, start, end, length, finished in compress(rows, recorded):
            # the last score is usually recorded: looked at here, _last_known only when not
            latest = column[end - 1] if end - 1 > start else None
            if latest is None:
                latest = _last_known(column, start + 1, end - 1)
                if latest is None:
                    continue
            first = float(column[start])  # type: ignore[arg-type]  # recorded: see above
            latest_pairs[client_id] = last = (first, float(latest))
            if finished:
                discharged[client_id] = last
            for k, at in milestones:
                if length >= k:
                    stop = start + k
                    score = column[stop - 1] if stop - 1 > start else None
                    if score is None:
                        score = _last_known(column, start + 1, stop - 1)
                    if score is not None:
                        at[client_id] = (first, float(score))
    return found


def _last_known(column: Sequence[float | None], start: int, stop: int) -> float | None:
    """The last recorded score in ``column[start:stop]`` (None when there is none)."""
    for i in range(stop - 1, start - 1, -1):
        score = column[i]
        if score is not None:
            return score
    return None


_NO_MUSCLES: Mapping[str, MuscleSummary] = {}


class _Judged(dict[tuple[float, float], bool]):
    """(first, later) -> whether it is a meaningful improvement of one measure, each
    distinct pair judged once (scores are whole numbers or a few steps)."""

    def __init__(self, measure: str) -> None:
        super().__init__()
        self.measure = measure

    def __missing__(self, pair: tuple[float, float]) -> bool:
        improved = self[pair] = is_meaningful_change(self.measure, *pair)
        return improved


def _meaningful(pairs: Mapping[ClientId, tuple[float, float]], judged: _Judged) -> set[ClientId]:
    # each client's pair looked up once, in C; only distinct pairs reach the rule
    return set(compress(pairs, map(judged.__getitem__, pairs.values())))


def outcome_figures(data: InsightsData) -> list[Figure]:
    """First-to-latest medians and meaningful-change shares by visit 3, 6 and at discharge."""
    figures: list[Figure] = []
    staged = _stage_pairs(data)
    for measure, name in MEASURES.items():
        pairs = staged[measure]
        judged = _Judged(measure)
        figures.append(
            median_figure(
                f"{measure}_change", f"{name}, first to latest", pairs["latest"], "", CHANGE_DEFS
            )
        )
        for k in MILESTONE_VISITS:
            pk = pairs[f"v{k}"]
            figures.append(
                share_figure(
                    f"{measure}_meaningful_v{k}",
                    f"{name}: meaningful change by visit {k}",
                    pk,
                    _meaningful(pk, judged),
                    CHANGE_DEFS,
                )
            )
        pd = pairs["discharge"]
        figures.append(
            share_figure(
                f"{measure}_meaningful_discharge",
                f"{name}: meaningful change at discharge",
                pd,
                _meaningful(pd, judged),
                (*CHANGE_DEFS, "discharge"),
            )
        )
    return figures


def strength_figures(
    data: InsightsData,
    muscles: Mapping[VisitId, Mapping[str, MuscleSummary]],
) -> list[Figure]:
    """Median change of the weaker side's grade and of the symmetry index, per muscle, from
    the first visit to the last visit of the course (symmetry only when both come from the
    same source: readings in one unit, or grades)."""
    grades: dict[str, dict[ClientId, tuple[float, float]]] = {t: {} for t in GLUTE_TESTS}
    lsis: dict[str, dict[ClientId, tuple[float, float]]] = {t: {} for t in GLUTE_TESTS}
    courses = data.courses
    for client_id, first_id, last_id in zip(
        courses.client_ids, courses.first_ids(), courses.last_ids(), strict=True
    ):
        if last_id is None:  # a course of one visit
            continue
        first, later = muscles.get(first_id, _NO_MUSCLES), muscles.get(last_id, _NO_MUSCLES)
        for test_id in GLUTE_TESTS:
            a, b = first.get(test_id), later.get(test_id)
            if a is None or b is None:
                continue
            ga, gb = a.weaker_grade_value, b.weaker_grade_value
            if ga is not None and gb is not None:
                grades[test_id][client_id] = (ga, gb)
            if a.lsi is not None and b.lsi is not None and a.lsi_from == b.lsi_from:
                lsis[test_id][client_id] = (a.lsi, b.lsi)
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


def course_section(
    data: InsightsData,
    muscles: Mapping[VisitId, Mapping[str, MuscleSummary]],
) -> Section:
    """The "Over the course of care" section."""
    return Section(
        "course",
        "Over the course of care",
        tuple(outcome_figures(data) + strength_figures(data, muscles)),
        "Each client's first course of care in the period, against its first visit. Lower "
        "is better for NPRS, ODI and RMDQ; higher for PSFS, grades and symmetry. These "
        "changes happened alongside care; with no comparison group they do not show that "
        "care caused them. Grades are coarse (clinical reference, section 0).",
    )
