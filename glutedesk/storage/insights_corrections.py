"""The practice insights' facts as corrected by amendments (docs/design/0006-corrections.md).

A signed visit's values may have been corrected by an amendment; the insights must count the
value as it now stands, as the timeline and the reports show it. Corrections are few, so the
stored facts are read set-based as before (:mod:`glutedesk.storage.insights_data`), then one
query finds which of the visits in scope carry corrections, and only those visits are read
whole and corrected by the one rule every reader uses
(:func:`~glutedesk.storage.corrections.corrected_visits`); their facts replace the stored ones.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from glutedesk.domain.ids import VisitId
from glutedesk.domain.insights.data import Courses, TestFacts
from glutedesk.domain.models import Visit
from glutedesk.domain.outcomes import score_outcome
from glutedesk.storage.insights_keyed import in_schema

if TYPE_CHECKING:
    from sqlite_utils import Database

Tests = dict[VisitId, tuple[TestFacts, ...]]
Scores = dict[str, list[Any]]
Pain = dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]

_CORRECTED = (
    "SELECT DISTINCT a.visit_id FROM amendment_corrections c "
    "JOIN amendments a ON a.id = c.amendment_id"
)


def corrected_key_visits(conn: Any, courses: Courses) -> dict[VisitId, int]:
    """The key visits of ``courses`` that carry a value correction, each with its place in
    ``courses.visit_ids``, in id order (one query over the few corrections; none on a file
    made before they existed)."""
    if not in_schema(conn, "table", "amendment_corrections"):
        return {}
    corrected = {visit_id for (visit_id,) in conn.execute(_CORRECTED)}
    if not corrected:
        return {}
    places = {v: i for i, v in enumerate(courses.visit_ids) if v in corrected}
    return {v: places[v] for v in sorted(places)}


def apply_to_facts(
    db: Database,
    courses: Courses,
    facts: tuple[Tests, Scores, Pain],
    *,
    glutes: Collection[str],
    first_visit_tests: Collection[str],
    scored: Collection[str],
    nerve_symptoms: Collection[str],
) -> None:
    """Put the corrected values of every corrected key visit into the facts read from the
    file: NPRS now and outcome totals (in the ``scores`` columns, "nprs" among them), test
    values and nerve-type pain marks.

    ``tests``, ``scores`` and ``pain`` (in ``facts``) are changed in place. The tests read are
    ``first_visit_tests`` at a course's first visit and ``glutes`` at its last, as the stored
    read does (none at the visits between).
    """
    tests, scores, pain = facts
    key_visits = corrected_key_visits(db.conn, courses)
    if not key_visits:
        return
    from glutedesk.storage.corrections import corrected_visits
    from glutedesk.storage.visit_loading import _load

    stored = _load(db, "v.id IN (SELECT value FROM json_each(?))", [json.dumps(list(key_visits))])
    starts = courses.starts
    for visit in corrected_visits(db, stored):
        place = key_visits[visit.id]
        course = bisect_right(starts, place) - 1  # the course whose key visits hold it
        is_first = starts[course] == place
        is_last = courses.lengths[course] > 1 and starts[course + 1] - 1 == place
        scores["nprs"][place] = visit.nprs.now
        if is_first or is_last:
            read = first_visit_tests if is_first else glutes
            _put(tests, visit.id, _test_facts(visit, read))
        totals = _totals(visit, scored)
        for measure in scored:
            scores[measure][place] = totals.get(measure)
        if is_first:
            character = pain.get(visit.id, ((), ()))[0]
            marks = tuple(str(m.symptom) for m in visit.pain_marks)
            pain[visit.id] = (character, tuple(s for s in marks if s in nerve_symptoms))


def _put(found: dict[VisitId, Any], visit_id: VisitId, value: Any) -> None:
    """Set or (when empty, as the stored read leaves it out) remove ``visit_id``'s facts."""
    if value:
        found[visit_id] = value
    else:
        found.pop(visit_id, None)


def _test_facts(visit: Visit, test_ids: Collection[str]) -> tuple[TestFacts, ...]:
    """The visit's recorded tests among ``test_ids`` (not-tested and empty ones left out)."""
    return tuple(
        TestFacts(str(r.test_id), str(r.side), dict(r.values))
        for r in visit.test_results
        if r.test_id in test_ids and r.not_tested_reason is None and r.values
    )


def _totals(visit: Visit, scored: Collection[str]) -> dict[str, float]:
    """The visit's totals of the ``scored`` instruments, computed as they are stored."""
    totals: dict[str, float] = {}
    for score in visit.outcome_scores:
        if str(score.instrument) not in scored:
            continue
        try:
            total = score_outcome(score)
        except ValueError:  # unscorable answers are stored without a total: not counted
            total = None
        if total is not None:
            totals[str(score.instrument)] = total
    return totals
