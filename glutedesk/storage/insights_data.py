"""The facts the practice insights are computed from, read in a few set-based queries.

A 10,000-client clinic holds about 200,000 visits and millions of child rows, so nothing here
loads visits whole or queries per client. First every visit's date and NPRS (one query); the
domain then decides each client's first course of care and which of its visits matter
(:func:`glutedesk.domain.insights.data.key_visits`); their ids go into a temporary table and
the details of those visits only are read by joins against it. Test values are picked out
with ``json_extract`` so only the fields the rules read cross into Python.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlite_utils import Database

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import (
    ClientCourse,
    ClientFacts,
    InsightsData,
    TestFacts,
    VisitFacts,
    first_courses,
    key_visits,
)

Progress = Callable[[int, int], None]
"""Called as ``progress(step, steps)`` while the facts are read."""

_STEPS = 7
_FIRST_VISIT_TESTS = ("oxford_glute_max", "oxford_glute_med", "thomas_test", "trendelenburg")
_GLUTE_TESTS = ("oxford_glute_max", "oxford_glute_med")
_SCORED = ("odi", "rmdq", "psfs")
# Only these fields of a test's stored values are read (see domain.insights.rules).
_FIELDS = (
    "grade",
    "dynamometer",
    "dynamometer_unit",
    "unit",
    "hip_angle",
    "knee_angle",
    "flags",
    "result",
)
_JSON_FIELDS = ("dynamometer", "flags")  # may hold an object or a list (JSON text)
_PERIOD = "(:start IS NULL OR v.visit_date >= :start) AND (:end IS NULL OR v.visit_date <= :end)"


def fetch_insights_data(
    db: Database,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> InsightsData:
    """Read everything the practice insights need for visits from ``start`` to ``end``.

    ``as_of`` (default: ``end`` or today) decides whether a course has finished. The whole
    read runs in one transaction, so the figures come from one consistent state of the file.
    """
    tick = progress or (lambda _step, _steps: None)
    as_of = as_of or end or dt.date.today()
    period = {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
    conn = db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one read snapshot; nothing is written
    try:
        visits = _visits(conn, period)
        tick(1, _STEPS)
        clients = _clients(conn, visits)
        courses = first_courses(visits, as_of)
        tick(2, _STEPS)
        keys = {"keys": _keys(courses)}
        tests = _tests(conn, keys)
        tick(3, _STEPS)
        scores = _scores(conn, keys)
        tick(4, _STEPS)
        pain = _pain(conn, keys)
        tick(5, _STEPS)
        flags = _pairs(conn, _RED_FLAGS, period)
        referrals = _pairs(conn, _REFERRALS, period)
        tick(6, _STEPS)
        exercises = _pairs(conn, _EXERCISES, period)
        tick(7, _STEPS)
    finally:
        if own:
            conn.execute("ROLLBACK")
    return InsightsData(
        as_of=as_of,
        start=start,
        end=end,
        clients=clients,
        visits=visits,
        tests=tests,
        scores=scores,
        pain=pain,
        red_flags=flags,
        referrals=referrals,
        exercises=exercises,
    )


def _visits(conn: Any, period: dict[str, Any]) -> dict[ClientId, tuple[VisitFacts, ...]]:
    rows = conn.execute(
        f"SELECT v.client_id, v.id, v.visit_date, v.nprs_now FROM visits v WHERE {_PERIOD} "
        "ORDER BY v.client_id, v.visit_date, v.created_at, v.id",
        period,
    )
    grouped: dict[ClientId, list[VisitFacts]] = {}
    parse = dt.date.fromisoformat
    for client_id, visit_id, day, nprs in rows:
        grouped.setdefault(client_id, []).append(VisitFacts(visit_id, parse(day), nprs))
    return {c: tuple(v) for c, v in grouped.items()}


def _clients(conn: Any, visits: dict[ClientId, Any]) -> dict[ClientId, ClientFacts]:
    facts: dict[ClientId, ClientFacts] = {}
    for client_id, born, sport in conn.execute(
        "SELECT id, date_of_birth, sport_activity FROM clients WHERE visit_count > 0"
    ):
        if client_id in visits:
            facts[client_id] = ClientFacts(dt.date.fromisoformat(born) if born else None, sport)
    return facts


def _keys(courses: dict[ClientId, ClientCourse]) -> str:
    """The key visits as one JSON parameter: [[visit id, role], …] (role 1 = a first visit,
    2 = the last of a course, 0 = another key visit). Passed whole and read back with
    ``json_each`` so even a read-only connection needs no temporary table."""
    rows: list[tuple[VisitId, int]] = []
    for course in courses.values():
        first, last = course.first.id, course.last.id
        rows += [(v, 1 if v == first else 2 if v == last else 0) for v in key_visits(course)]
    return json.dumps(rows)


# The key visits as a table k(visit_id, role), from the JSON parameter :keys.
_KEYS = (
    "WITH k(visit_id, role) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
    "FROM json_each(:keys)) "
)


def _tests(conn: Any, keys: dict[str, str]) -> dict[VisitId, tuple[TestFacts, ...]]:
    picks = ", ".join(f"json_extract(t.result, '$.{f}')" for f in _FIELDS)
    first = ", ".join(f"'{t}'" for t in _FIRST_VISIT_TESTS)
    glute = ", ".join(f"'{t}'" for t in _GLUTE_TESTS)
    rows = conn.execute(
        f"{_KEYS}SELECT t.visit_id, t.test_id, t.side, {picks} FROM k "
        "JOIN test_results t ON t.visit_id = k.visit_id "
        f"WHERE t.not_tested_reason IS NULL AND ((k.role = 1 AND t.test_id IN ({first})) "
        f"OR (k.role = 2 AND t.test_id IN ({glute})))",
        keys,
    )
    found: dict[VisitId, list[TestFacts]] = {}
    for visit_id, test_id, side, *values in rows:
        picked = {
            name: _json_value(name, value)
            for name, value in zip(_FIELDS, values, strict=True)
            if value is not None
        }
        found.setdefault(visit_id, []).append(TestFacts(test_id, side, picked))
    return {v: tuple(t) for v, t in found.items()}


def _json_value(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS and isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _scores(conn: Any, keys: dict[str, str]) -> dict[VisitId, dict[str, float]]:
    """Stored totals at the key visits, and at each course's latest visit with each measure."""
    scored = ", ".join(f"'{s}'" for s in _SCORED)
    found: dict[VisitId, dict[str, float]] = {}
    for visit_id, instrument, total in conn.execute(
        f"{_KEYS}SELECT o.visit_id, o.instrument, o.total FROM k "
        f"JOIN outcome_scores o ON o.visit_id = k.visit_id WHERE o.instrument IN ({scored}) "
        "AND o.total IS NOT NULL",
        keys,
    ):
        found.setdefault(visit_id, {})[instrument] = total
    return found


def _pain(conn: Any, keys: dict[str, str]) -> dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]:
    pain: dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for visit_id, character in conn.execute(
        f"{_KEYS}SELECT v.id, v.pain_character FROM k JOIN visits v ON v.id = k.visit_id "
        "WHERE k.role = 1",
        keys,
    ):
        items = json.loads(character) if character else []
        pain[visit_id] = (tuple(str(i) for i in items if isinstance(i, str)), ())
    for visit_id, symptom in conn.execute(
        f"{_KEYS}SELECT m.visit_id, m.symptom FROM k "
        "JOIN pain_marks m ON m.visit_id = k.visit_id "
        "WHERE k.role = 1 AND m.symptom IN ('pins_and_needles', 'numbness')",
        keys,
    ):
        character, marks = pain.get(visit_id, ((), ()))
        pain[visit_id] = (character, (*marks, symptom))
    return pain


_RED_FLAGS = (
    "SELECT DISTINCT v.client_id, a.flag_id FROM red_flag_answers a "
    f"JOIN visits v ON v.id = a.visit_id WHERE a.present = 1 AND {_PERIOD}"
)
_REFERRALS = (
    "SELECT DISTINCT v.client_id, r.urgency FROM referrals r "
    f"JOIN visits v ON v.id = r.visit_id WHERE {_PERIOD}"
)
_EXERCISES = (
    "SELECT DISTINCT v.client_id, e.exercise_id FROM exercise_prescriptions e "
    f"JOIN visits v ON v.id = e.visit_id WHERE {_PERIOD}"
)


def _pairs(conn: Any, sql: str, period: dict[str, Any]) -> tuple[tuple[ClientId, str], ...]:
    rows: Iterable[tuple[ClientId, str]] = conn.execute(sql, period)
    return tuple(sorted((c, str(x)) for c, x in rows))
