"""The facts the practice insights are computed from, read in a few set-based queries.

A 10,000-client clinic holds about 200,000 visits and millions of child rows, so nothing here
loads visits whole or queries per client. First every visit's date, from the index on
(client, date) alone (one query); the domain then decides each client's first course of
care and which of its visits matter (:func:`~glutedesk.domain.insights.data.plan_courses`,
``key_positions``); their ids go to SQLite as one JSON parameter, read back with
``json_each``, and the details of those visits only are read by joins against it (no
temporary table, so a read-only file works too).
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
    CoursePlan,
    InsightsData,
    TestFacts,
    VisitFacts,
    key_positions,
    plan_courses,
)

Progress = Callable[[int, int], None]
"""Called as ``progress(step, steps)`` while the facts are read."""

_STEPS = 7
_GLUTE_TESTS = ("oxford_glute_max", "oxford_glute_med")
_FIRST_VISIT_TESTS = (*_GLUTE_TESTS, "thomas_test", "trendelenburg")
_SCORED = ("odi", "rmdq", "psfs")
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
    read runs in one read transaction, so the figures come from one state of the file.
    """
    tick = progress or (lambda _step, _steps: None)
    as_of = as_of or end or dt.date.today()
    period = {
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
    }
    conn = db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one read snapshot; nothing is written
    try:
        courses, count = _courses(conn, period, as_of)
        tick(1, _STEPS)
        clients = _clients(conn, courses)
        tick(2, _STEPS)
        firsts = [c.first.id for c in courses.values()]
        lasts = [c.last.id for c in courses.values() if c.length > 1]
        tests = _tests(conn, _ids(firsts), _ids(lasts))
        tick(3, _STEPS)
        scores = _scores(conn, _ids([v.id for c in courses.values() for v in c.visits]))
        tick(4, _STEPS)
        pain = _pain(conn, _ids(firsts))
        tick(5, _STEPS)
        flags = _pairs(conn, _RED_FLAGS, period)
        referrals = _pairs(conn, _REFERRALS, period)
        tick(6, _STEPS)
        exercises = _exercises(conn, courses)
        tick(7, _STEPS)
    finally:
        if own:
            conn.execute("ROLLBACK")
    return InsightsData(
        as_of=as_of,
        start=start,
        end=end,
        clients=clients,
        courses=courses,
        visits=count,
        tests=tests,
        scores=scores,
        pain=pain,
        red_flags=flags,
        referrals=referrals,
        exercises=exercises,
    )


def _courses(
    conn: Any, period: dict[str, Any], as_of: dt.date
) -> tuple[dict[ClientId, ClientCourse], int]:
    """Each client's first course in the period, with its key visits.

    The first query reads only the index on (client, date): one row a client, its visits'
    day numbers and row ids joined into a string (ordered here, ties by row id, i.e. the
    order they were written). The second reads the key visits' id and NPRS by row id.
    """
    rows = conn.execute(
        "SELECT v.client_id, group_concat(CAST(julianday(v.visit_date) AS INTEGER)), "
        f"group_concat(v.rowid) FROM visits v WHERE {_PERIOD} GROUP BY v.client_id",
        period,
    )
    as_of_day = _JULIAN_OFFSET + as_of.toordinal()
    plans: dict[ClientId, tuple[CoursePlan, list[tuple[int, int]]]] = {}
    days: list[int]
    rids: list[int]
    wanted: list[int] = []
    count = 0
    for client_id, days_text, rids_text in rows:
        days = list(map(int, days_text.split(",")))
        rids = list(map(int, rids_text.split(",")))
        if days != sorted(days):  # the index gives date order; this only makes sure of it
            days, rids = map(list, zip(*sorted(zip(days, rids, strict=True)), strict=True))
        count += len(days)
        plan = plan_courses(days, as_of_day)
        keys = [(i + 1, rids[i]) for i in key_positions(plan.first_length)]
        plans[client_id] = (plan, keys)
        wanted += [rid for _n, rid in keys]
    facts = {
        rid: (visit_id, day, nprs)
        for rid, visit_id, day, nprs in conn.execute(
            "SELECT v.rowid, v.id, v.visit_date, v.nprs_now FROM json_each(:rids) k "
            "CROSS JOIN visits v ON v.rowid = k.value",
            {"rids": json.dumps(sorted(wanted))},  # in table order: one forward pass
        )
    }
    courses: dict[ClientId, ClientCourse] = {}
    for client_id, (plan, keys) in plans.items():
        visits = tuple(
            VisitFacts(facts[rid][0], n, dt.date.fromisoformat(facts[rid][1]), facts[rid][2])
            for n, rid in keys
        )
        courses[client_id] = ClientCourse(
            client_id, visits, plan.first_length, plan.finished, plan.lengths
        )
    return courses, count


# julianday() at midnight is .5 off a whole day: CAST(julianday(d) AS INTEGER) =
# d.toordinal() + 1721424 for every date in the Gregorian range we store.
_JULIAN_OFFSET = 1721424


def _clients(conn: Any, courses: dict[ClientId, Any]) -> dict[ClientId, ClientFacts]:
    facts: dict[ClientId, ClientFacts] = {}
    for client_id, born, sport in conn.execute(
        "SELECT id, date_of_birth, sport_activity FROM clients WHERE visit_count > 0"
    ):
        if client_id in courses:
            facts[client_id] = ClientFacts(dt.date.fromisoformat(born) if born else None, sport)
    return facts


def _ids(visit_ids: list[VisitId]) -> dict[str, str]:
    """Visit ids as the one JSON parameter ``:ids`` the queries read with ``json_each``.

    Sorted, because the child tables are keyed by visit id: looking the ids up in key order
    walks each table's B-tree forwards (about three times faster than in client order)."""
    return {"ids": json.dumps(sorted(visit_ids))}


def _tests(
    conn: Any, firsts: dict[str, str], lasts: dict[str, str]
) -> dict[VisitId, tuple[TestFacts, ...]]:
    """Test values at first visits (glutes, Thomas, Trendelenburg) and last visits (glutes)."""
    found: dict[VisitId, list[TestFacts]] = {}
    # A clinic holds few distinct strength results (grades and rounded readings), so each
    # distinct text is parsed once and the visits share the (read-only) values.
    parsed: dict[str, dict[str, Any] | None] = {}
    for ids, tests in ((firsts, _FIRST_VISIT_TESTS), (lasts, _GLUTE_TESTS)):
        listed = ", ".join(f"'{t}'" for t in tests)
        rows = conn.execute(
            "SELECT t.visit_id, t.test_id, t.side, t.result FROM json_each(:ids) k "
            "CROSS JOIN test_results t ON t.visit_id = k.value "
            f"WHERE t.not_tested_reason IS NULL AND t.test_id IN ({listed})",
            ids,
        )
        for visit_id, test_id, side, result in rows:
            if result in parsed:
                values = parsed[result]
            else:
                values = parsed[result] = _values(result)
            if values:
                found.setdefault(visit_id, []).append(TestFacts(test_id, side, values))
    return {v: tuple(t) for v, t in found.items()}


def _values(result: str) -> dict[str, Any] | None:
    """A test's stored values, or None when unreadable (check_database reports those: they
    are not a finding) or not a JSON object."""
    try:
        values = json.loads(result)
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


def _scores(conn: Any, ids: dict[str, str]) -> dict[VisitId, dict[str, float]]:
    """Stored totals at the key visits, and at each course's latest visit with each measure."""
    scored = ", ".join(f"'{s}'" for s in _SCORED)
    found: dict[VisitId, dict[str, float]] = {}
    for visit_id, instrument, total in conn.execute(
        "SELECT o.visit_id, o.instrument, o.total FROM json_each(:ids) k "
        f"CROSS JOIN outcome_scores o ON o.visit_id = k.value WHERE o.instrument IN ({scored}) "
        "AND o.total IS NOT NULL",
        ids,
    ):
        found.setdefault(visit_id, {})[instrument] = total
    return found


def _pain(conn: Any, ids: dict[str, str]) -> dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]:
    pain: dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for visit_id, character in conn.execute(
        "SELECT v.id, v.pain_character FROM json_each(:ids) k "
        "CROSS JOIN visits v ON v.id = k.value",
        ids,
    ):
        items = json.loads(character) if character else []
        pain[visit_id] = (tuple(str(i) for i in items if isinstance(i, str)), ())
    for visit_id, symptom in conn.execute(
        "SELECT m.visit_id, m.symptom FROM json_each(:ids) k "
        "CROSS JOIN pain_marks m ON m.visit_id = k.value "
        "WHERE m.symptom IN ('pins_and_needles', 'numbness')",
        ids,
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
    f"CROSS JOIN visits v ON v.id = r.visit_id WHERE {_PERIOD}"
)


def _pairs(conn: Any, sql: str, period: dict[str, Any]) -> tuple[tuple[ClientId, str], ...]:
    rows: Iterable[tuple[ClientId, str]] = conn.execute(sql, period)
    return tuple(sorted((c, str(x)) for c, x in rows))


def _exercises(
    conn: Any, courses: dict[ClientId, ClientCourse]
) -> tuple[tuple[ClientId, str], ...]:
    """(client, exercise) for the home exercises given at each course's first and last visit:
    the programme as set and as left."""
    owner = {v.id: c for c, course in courses.items() for v in (course.first, course.last)}
    found = {
        (owner[visit_id], exercise_id)
        for visit_id, exercise_id in conn.execute(
            "SELECT e.visit_id, e.exercise_id FROM json_each(:ids) k "
            "CROSS JOIN exercise_prescriptions e ON e.visit_id = k.value",
            _ids(list(owner)),
        )
    }
    return tuple(sorted(found))
