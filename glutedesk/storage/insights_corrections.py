"""The practice insights' facts as corrected by amendments (docs/design/0006-corrections.md).

A signed visit's values may have been corrected by an amendment; the insights must count the
value as it now stands, as the timeline and the reports show it. Corrections are few, so the
stored facts are read set-based as before (:mod:`glutedesk.storage.insights_data`), then one
query finds which of the visits in scope carry corrections, and only those visits are read
whole and corrected by the one rule every reader uses
(:func:`~glutedesk.storage.corrections.corrected_visits`); their facts replace the stored ones.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import ClientCourse, TestFacts
from glutedesk.domain.models import Visit
from glutedesk.domain.outcomes import score_outcome

if TYPE_CHECKING:
    from sqlite_utils import Database

Tests = dict[VisitId, tuple[TestFacts, ...]]
Scores = dict[VisitId, dict[str, float]]
Pain = dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]

_CORRECTED = (
    "SELECT DISTINCT a.visit_id, v.client_id FROM amendment_corrections c "
    "JOIN amendments a ON a.id = c.amendment_id JOIN visits v ON v.id = a.visit_id"
)


def corrected_key_visits(
    conn: Any, courses: Mapping[ClientId, ClientCourse]
) -> dict[VisitId, ClientId]:
    """The key visits of ``courses`` that carry a value correction, with their client, in id
    order (one query over the few corrections; none on a file made before they existed)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'amendment_corrections'"
    ).fetchone()
    if not has_table:
        return {}
    found: dict[VisitId, ClientId] = {}
    for visit_id, client_id in sorted(conn.execute(_CORRECTED)):
        course = courses.get(client_id)
        if course is not None and any(v.id == visit_id for v in course.visits):
            found[visit_id] = client_id
    return found


def apply_to_facts(
    db: Database,
    courses: dict[ClientId, ClientCourse],
    facts: tuple[Tests, Scores, Pain],
    *,
    glutes: Collection[str],
    first_visit_tests: Collection[str],
    scored: Collection[str],
    nerve_symptoms: Collection[str],
) -> dict[ClientId, ClientCourse]:
    """Put the corrected values of every corrected key visit into the facts read from the
    file: NPRS now (in the courses), test values, outcome totals and nerve-type pain marks.

    ``tests``, ``scores`` and ``pain`` (in ``facts``) are changed in place; the courses are
    returned (a course is read-only, so a corrected one is a new course). The tests read are
    ``first_visit_tests`` at a course's first visit and ``glutes`` at its last, as the stored
    read does (none at the visits between).
    """
    tests, scores, pain = facts
    key_visits = corrected_key_visits(db.conn, courses)
    if not key_visits:
        return courses
    from glutedesk.storage.corrections import corrected_visits
    from glutedesk.storage.visit_loading import _load

    stored = _load(db, "v.id IN (SELECT value FROM json_each(?))", [json.dumps(list(key_visits))])
    out = dict(courses)
    for visit in corrected_visits(db, stored):
        course = courses[key_visits[visit.id]]
        out[course.client_id] = _with_nprs(out[course.client_id], visit)
        is_first = course.first.id == visit.id
        if is_first or (course.length > 1 and course.last.id == visit.id):
            read = first_visit_tests if is_first else glutes
            _put(tests, visit.id, _test_facts(visit, read))
        _put(scores, visit.id, _totals(visit, scored))
        if is_first:
            character = pain.get(visit.id, ((), ()))[0]
            marks = tuple(str(m.symptom) for m in visit.pain_marks)
            pain[visit.id] = (character, tuple(s for s in marks if s in nerve_symptoms))
    return out


def _put(found: dict[VisitId, Any], visit_id: VisitId, value: Any) -> None:
    """Set or (when empty, as the stored read leaves it out) remove ``visit_id``'s facts."""
    if value:
        found[visit_id] = value
    else:
        found.pop(visit_id, None)


def _with_nprs(course: ClientCourse, visit: Visit) -> ClientCourse:
    visits = tuple(
        v._replace(nprs_now=visit.nprs.now) if v.id == visit.id else v for v in course.visits
    )
    return dataclasses.replace(course, visits=visits)


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
