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
from typing import TYPE_CHECKING, Any

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import (
    ClientCourse,
    ClientFacts,
    CoursePlan,
    InsightsData,
    TestFacts,
    VisitFacts,
    collector_paused,
    key_positions,
    plan_courses,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int], None]
"""Called as ``progress(step, steps)`` while the facts are read."""

_STEPS = 7
_GLUTES = "'oxford_glute_max', 'oxford_glute_med'"
_OTHER_FIRST_VISIT_TESTS = "'thomas_test', 'trendelenburg'"
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
    with collector_paused():
        return _fetch(db, start, end, as_of or end or dt.date.today(), progress)


def _fetch(
    db: Database,
    start: dt.date | None,
    end: dt.date | None,
    as_of: dt.date,
    progress: Progress | None,
) -> InsightsData:
    tick = progress or (lambda _step, _steps: None)
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
        tests = _tests(conn, firsts, lasts)
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
    order they were written). The second reads the key visits' id and NPRS by row id; their
    dates come from the day numbers.
    """
    rows = conn.execute(
        "SELECT v.client_id, group_concat(CAST(julianday(v.visit_date) AS INTEGER)), "
        f"group_concat(v.rowid) FROM visits v WHERE {_PERIOD} GROUP BY v.client_id",
        period,
    )
    as_of_day = _JULIAN_OFFSET + as_of.toordinal()
    plans: list[tuple[ClientId, CoursePlan, list[tuple[int, int, int]]]] = []
    wanted: list[int] = []
    count = 0
    for client_id, days_text, rids_text in rows:
        days = list(map(int, days_text.split(",")))
        rids: list[Any] = rids_text.split(",")  # only the key visits' ids are turned to int
        if days != sorted(days):  # the index gives date order; this only makes sure of it
            pairs = sorted(zip(days, map(int, rids), strict=True))
            days, rids = [d for d, _r in pairs], [r for _d, r in pairs]
        count += len(days)
        plan = plan_courses(days, as_of_day)
        keys = [(i + 1, days[i], int(rids[i])) for i in key_positions(plan.first_length)]
        plans.append((client_id, plan, keys))
        wanted += [rid for _n, _day, rid in keys]
    facts = {
        rid: (visit_id, nprs)
        for rid, visit_id, nprs in conn.execute(
            "SELECT v.rowid, v.id, v.nprs_now FROM json_each(:rids) k "
            "CROSS JOIN visits v ON v.rowid = k.value",
            {"rids": json.dumps(sorted(wanted))},  # in table order: one forward pass
        )
    }
    courses: dict[ClientId, ClientCourse] = {}
    on_day = dt.date.fromordinal  # the day numbers are julianday()s: see _JULIAN_OFFSET
    for client_id, plan, keys in plans:
        visits = tuple(
            VisitFacts(facts[rid][0], n, on_day(day - _JULIAN_OFFSET), facts[rid][1])
            for n, day, rid in keys
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
    conn: Any, firsts: list[VisitId], lasts: list[VisitId]
) -> dict[VisitId, tuple[TestFacts, ...]]:
    """Test values at first visits (glutes, Thomas, Trendelenburg) and last visits (glutes).

    The glute tests come one row a visit (its tests joined by control characters, which JSON
    text cannot hold unescaped); a clinic holds few distinct strength results, so each
    distinct row is read once and the visits share the (read-only) facts. The other tests,
    at first visits only, come one row a test.
    """
    parsed: dict[str, dict[str, Any] | None] = {}
    shared: dict[str, tuple[TestFacts, ...]] = {}
    found: dict[VisitId, tuple[TestFacts, ...]] = {}
    for visit_id, joined in conn.execute(
        "SELECT t.visit_id, group_concat(t.test_id || char(31) || t.side || char(31) || "
        "t.result, char(30)) FROM json_each(:ids) k CROSS JOIN test_results t "
        f"ON t.visit_id = k.value WHERE t.not_tested_reason IS NULL AND t.test_id IN ({_GLUTES}) "
        "GROUP BY t.visit_id",
        _ids(firsts + lasts),
    ):
        facts = shared.get(joined)
        if facts is None:
            facts = shared[joined] = tuple(_facts(joined, parsed))
        if facts:
            found[visit_id] = facts
    for visit_id, test_id, side, result in conn.execute(
        "SELECT t.visit_id, t.test_id, t.side, t.result FROM json_each(:ids) k "
        "CROSS JOIN test_results t ON t.visit_id = k.value "
        f"WHERE t.not_tested_reason IS NULL AND t.test_id IN ({_OTHER_FIRST_VISIT_TESTS})",
        _ids(firsts),
    ):
        values = _values(result)
        if values:
            found[visit_id] = (*found.get(visit_id, ()), TestFacts(test_id, side, values))
    return found


def _facts(joined: str, parsed: dict[str, dict[str, Any] | None]) -> list[TestFacts]:
    """The tests of one glute row of :func:`_tests` (unreadable or empty values left out)."""
    facts: list[TestFacts] = []
    for part in joined.split("\x1e"):
        test_id, side, result = part.split("\x1f", 2)
        if result in parsed:
            values = parsed[result]
        else:
            values = parsed[result] = _values(result)
        if values:
            facts.append(TestFacts(test_id, side, values))
    return facts


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
