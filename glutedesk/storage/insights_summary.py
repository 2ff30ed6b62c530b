"""The key visits' details read from the per-visit summary (migration 0009) in three queries.

The same facts as :mod:`glutedesk.storage.insights_keyed` reads from the child tables (test
values, outcome totals, pain answers and nerve-type marks, home exercises), from one narrow
row a visit (:mod:`glutedesk.storage.migration_summary`) instead of the visits' rows in four
child tables. A file without the table (an older copy opened read-only, never upgraded)
is read the old way; so is one where a key visit has no summary row (which the triggers
never leave), rather than dropping its facts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, NamedTuple

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import Courses, TestFacts
from glutedesk.storage.insights_keyed import (
    PainAnswers,
    TestParts,
    in_schema,
    key_order,
    key_visit_owners,
    sorted_ids,
)
from glutedesk.storage.migration_summary import SCORED, TABLE
from glutedesk.storage.migration_summary_scores import INDEX as SCORES_INDEX

Tests = dict[VisitId, tuple[TestFacts, ...]]
Pain = dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]


class SummaryFacts(NamedTuple):
    """The key visits' details as the insights hold them (see ``InsightsData``)."""

    tests: Tests
    scores: dict[str, list[float | None]]
    pain: Pain
    exercises: dict[str, frozenset[ClientId]]


def has_summary(conn: Any) -> bool:
    """Whether the file holds the summary table (migration 0009 applied)."""
    return in_schema(conn, "table", TABLE)


_JOIN = f"FROM json_each(:ids) k CROSS JOIN {TABLE} s ON s.visit_id = k.value"


def read_summary(conn: Any, courses: Courses) -> SummaryFacts | None:
    """The key visits' details of ``courses`` from the summary, or None when a key visit
    has no summary row (the caller then reads the child tables)."""
    scores = _scores(conn, courses.visit_ids)
    if scores is None:
        return None
    firsts = courses.first_ids()
    lasts = [v for v in courses.last_ids() if v is not None]
    parts = TestParts()
    tests: Tests = {}
    pain: Pain = {}
    given: defaultdict[str, list[VisitId]] = defaultdict(list)  # programme -> its visits
    ids, param = sorted_ids(firsts)
    rows = conn.execute(
        "SELECT k.key, s.glute_tests, s.other_tests, s.pain_character, s.nerve_marks, "
        f"s.exercises {_JOIN}",
        param,
    ).fetchall()
    if len(rows) != len(ids):
        return None
    answers = PainAnswers()
    for key, glutes, others, character, marks, exercises in rows:
        visit_id = ids[key]
        joined = others if glutes is None else glutes if others is None else f"{glutes}\x1e{others}"
        parts.record(tests, visit_id, joined)
        pain[visit_id] = (answers[character], tuple(marks.split(",")) if marks else ())
        given[exercises].append(visit_id)
    ids, param = sorted_ids(lasts)
    rows = conn.execute(f"SELECT k.key, s.glute_tests, s.exercises {_JOIN}", param).fetchall()
    if len(rows) != len(ids):
        return None
    for key, glutes, exercises in rows:
        parts.record(tests, ids[key], glutes)
        given[exercises].append(ids[key])
    return SummaryFacts(tests, scores, pain, _exercises(courses, given))


def _scores(conn: Any, visits: tuple[VisitId, ...]) -> dict[str, list[float | None]] | None:
    """Stored totals at the key visits, a column per instrument lined up with ``visits``
    (None when a key visit has no summary row).

    Read from the index of totals (migration 0010) when the file has it: the lookups then
    touch the narrow index entries rather than the visits' whole summary rows."""
    order, param = key_order(visits)
    indexed = in_schema(conn, "index", SCORES_INDEX)
    source = f"{TABLE} s INDEXED BY {SCORES_INDEX}" if indexed else f"{TABLE} s"
    rows = conn.execute(
        f"SELECT s.odi, s.rmdq, s.psfs FROM json_each(:ids) k CROSS JOIN {source} "
        "ON s.visit_id = k.value",
        param,
    ).fetchall()
    if len(rows) != len(visits):
        return None
    if not rows:
        return {m: [] for m in SCORED}
    place = [0] * len(order)  # visit i's row is place[i]
    for row, visit in enumerate(order):
        place[visit] = row
    columns = zip(SCORED, zip(*rows, strict=True), strict=True)
    return {m: list(map(column.__getitem__, place)) for m, column in columns}


def _exercises(courses: Courses, given: dict[str, list[VisitId]]) -> dict[str, frozenset[ClientId]]:
    """The clients given each exercise at their course's first or last visit, from the key
    visits grouped by their exercises (a JSON array: a clinic sets few distinct programmes,
    each parsed once)."""
    owner = key_visit_owners(courses)
    clients: dict[str, set[ClientId]] = {}
    for text, visits in given.items():
        owners = set(map(owner.__getitem__, visits))
        for exercise_id in json.loads(text):
            clients.setdefault(exercise_id, set()).update(owners)
    return {e: frozenset(clients[e]) for e in sorted(clients)}
