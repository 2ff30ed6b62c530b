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
    InsightsData,
    TestFacts,
    VisitFacts,
    collector_paused,
    key_positions,
    plan_courses,
)
from glutedesk.storage.insights_corrections import apply_to_facts

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int], None]
"""Called as ``progress(step, steps)`` while the facts are read."""

_STEPS = 7
_GLUTE_IDS = ("oxford_glute_max", "oxford_glute_med")
_FIRST_VISIT_IDS = (*_GLUTE_IDS, "thomas_test", "trendelenburg")
_GLUTES = ", ".join(f"'{t}'" for t in _GLUTE_IDS)
_OTHER_FIRST_VISIT_TESTS = ", ".join(f"'{t}'" for t in _FIRST_VISIT_IDS[2:])
_SCORED = ("odi", "rmdq", "psfs")
_NERVE_SYMPTOMS = ("pins_and_needles", "numbness")
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
        scores = _scores(conn, [v.id for c in courses.values() for v in c.visits])
        tick(4, _STEPS)
        pain = _pain(conn, firsts)
        tick(5, _STEPS)
        flags = _pairs(conn, _RED_FLAGS, period)
        referrals = _pairs(conn, _REFERRALS, period)
        tick(6, _STEPS)
        exercises = _exercises(conn, courses)
        courses = apply_to_facts(
            db,
            courses,
            (tests, scores, pain),
            glutes=_GLUTE_IDS,
            first_visit_tests=_FIRST_VISIT_IDS,
            scored=_SCORED,
            nerve_symptoms=_NERVE_SYMPTOMS,
        )
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


# One row a client; ids joined by char(30), which a (hex) visit id does not hold (checked).
_VISITS = (
    "SELECT v.client_id, group_concat(CAST(julianday(v.visit_date) AS INTEGER)), "
    "group_concat(v.rowid), group_concat(v.id, char(30)), "
    f"group_concat(ifnull(v.nprs_now, '')) FROM visits v WHERE {_PERIOD} GROUP BY v.client_id"
)


def _courses(
    conn: Any, period: dict[str, Any], as_of: dt.date
) -> tuple[dict[ClientId, ClientCourse], int]:
    """Each client's first course in the period, with its key visits.

    One query, one row a client: its visits' day numbers, row ids, ids and NPRS joined into
    strings, read from the index ``visits_insights`` (migration 0008) without touching the
    wide visit rows (on a file without it, SQLite reads the rows: same answer, slower).
    Visits are ordered by day, ties by row id (the order they were written).
    """
    rows = conn.execute(_VISITS, period)
    as_of_day = _JULIAN_OFFSET + as_of.toordinal()
    dates: dict[int, dt.date] = {}  # a clinic's visits fall on a few thousand days
    courses: dict[ClientId, ClientCourse] = {}
    count = 0
    for client_id, days_text, rids_text, ids_text, nprs_text in rows:
        days = list(map(int, days_text.split(",")))
        ids: list[Any] = ids_text.split("\x1e")  # visit ids
        nprs: list[str] = nprs_text.split(",")
        if len(ids) != len(days):  # an id holding the separator: read this client's apart
            days, ids, nprs = _client_visits(conn, client_id, period)
        elif len(set(days)) != len(days) or days != sorted(days):
            rids = map(int, rids_text.split(","))
            ordered = sorted(zip(days, rids, ids, nprs, strict=True))
            days = [d for d, _r, _i, _n in ordered]
            ids, nprs = [i for _d, _r, i, _n in ordered], [n for _d, _r, _i, n in ordered]
        count += len(days)
        plan = plan_courses(days, as_of_day)
        visits = []
        for i in key_positions(plan.first_length):
            day = days[i]
            on = dates.get(day)
            if on is None:  # the day numbers are julianday()s: see _JULIAN_OFFSET
                on = dates[day] = dt.date.fromordinal(day - _JULIAN_OFFSET)
            visits.append(VisitFacts(ids[i], i + 1, on, int(nprs[i]) if nprs[i] else None))
        courses[client_id] = ClientCourse(
            client_id, tuple(visits), plan.first_length, plan.finished, plan.lengths
        )
    return courses, count


def _client_visits(
    conn: Any, client_id: ClientId, period: dict[str, Any]
) -> tuple[list[int], list[Any], list[str]]:
    """One client's visits as :func:`_courses` reads them (day numbers, ids, NPRS as text),
    one row a visit, ordered by day, ties by row id."""
    rows = conn.execute(
        "SELECT CAST(julianday(v.visit_date) AS INTEGER), v.id, ifnull(v.nprs_now, '') "
        f"FROM visits v WHERE v.client_id = :client AND {_PERIOD} "
        "ORDER BY v.visit_date, v.rowid",
        {**period, "client": client_id},
    ).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows], [str(r[2]) for r in rows]


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


def _ids(visit_ids: list[VisitId]) -> tuple[list[VisitId], dict[str, str]]:
    """Visit ids sorted, and as the one JSON parameter ``:ids`` the queries read with
    ``json_each``.

    Sorted, because the child tables are keyed by visit id: looking the ids up in key order
    walks each table's B-tree forwards (about three times faster than in client order). The
    queries give back ``k.key``, the id's place in the sorted list, rather than the id: a
    small number costs less to hand over than a new copy of the text."""
    ordered = sorted(visit_ids)
    return ordered, {"ids": json.dumps(ordered)}


def _tests(
    conn: Any, firsts: list[VisitId], lasts: list[VisitId]
) -> dict[VisitId, tuple[TestFacts, ...]]:
    """Test values at first visits (glutes, Thomas, Trendelenburg) and last visits (glutes).

    One row a visit (its tests joined by control characters, which JSON text cannot hold
    unescaped). A clinic holds few distinct test results, so each distinct stored value is
    parsed once, and visits with the same row share one (read-only) tuple of facts.
    """
    parsed: dict[str, dict[str, Any] | None] = {}
    shared: dict[str, tuple[TestFacts, ...]] = {}
    found: dict[VisitId, tuple[TestFacts, ...]] = {}
    for visits, tests in ((firsts, f"{_GLUTES}, {_OTHER_FIRST_VISIT_TESTS}"), (lasts, _GLUTES)):
        ids, param = _ids(visits)
        for key, joined in conn.execute(
            "SELECT k.key, group_concat(t.test_id || char(31) || t.side || char(31) || "
            "t.result, char(30)) FROM json_each(:ids) k CROSS JOIN test_results t "
            f"ON t.visit_id = k.value WHERE t.not_tested_reason IS NULL AND t.test_id IN ({tests}) "
            "GROUP BY k.key",
            param,
        ):
            facts = shared.get(joined)
            if facts is None:
                facts = shared[joined] = tuple(_facts(joined, parsed))
            if facts:
                found[ids[key]] = facts
    return found


def _facts(joined: str, parsed: dict[str, dict[str, Any] | None]) -> list[TestFacts]:
    """The tests of one row of :func:`_tests` (unreadable or empty values left out)."""
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


def _scores(conn: Any, visits: list[VisitId]) -> dict[VisitId, dict[str, float]]:
    """Stored totals at the key visits."""
    ids, param = _ids(visits)
    found: dict[VisitId, dict[str, float]] = {}
    for key, instrument, total in conn.execute(
        "SELECT k.key, o.instrument, o.total FROM json_each(:ids) k "
        "CROSS JOIN outcome_scores o ON o.visit_id = k.value WHERE o.total IS NOT NULL",
        param,
    ):  # no "instrument IN": that costs a seek per instrument; the few others are skipped here
        if instrument in _SCORED:
            found.setdefault(ids[key], {})[instrument] = total
    return found


def _pain(
    conn: Any, visits: list[VisitId]
) -> dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The pain-character answers and the nerve-type marks of the first visits (each
    distinct answer parsed once)."""
    ids, param = _ids(visits)
    answers: dict[str, tuple[str, ...]] = {}
    pain: dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for key, character in conn.execute(
        "SELECT k.key, v.pain_character FROM json_each(:ids) k "
        "CROSS JOIN visits v ON v.id = k.value",
        param,
    ):
        items = answers.get(character)
        if items is None:
            loaded = json.loads(character) if character else []
            items = answers[character] = tuple(str(i) for i in loaded if isinstance(i, str))
        pain[ids[key]] = (items, ())
    for key, symptom in conn.execute(
        "SELECT k.key, m.symptom FROM json_each(:ids) k "
        "CROSS JOIN pain_marks m ON m.visit_id = k.value "
        "WHERE m.symptom IN ('pins_and_needles', 'numbness')",  # _NERVE_SYMPTOMS
        param,
    ):
        character, marks = pain.get(ids[key], ((), ()))
        pain[ids[key]] = (character, (*marks, symptom))
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
    ids, param = _ids(list(owner))
    owners = [owner[visit_id] for visit_id in ids]
    given: dict[ClientId, set[str]] = {}
    for key, exercise_id in conn.execute(
        "SELECT k.key, e.exercise_id FROM json_each(:ids) k "
        "CROSS JOIN exercise_prescriptions e ON e.visit_id = k.value",
        param,
    ):
        client_given = given.get(owners[key])
        if client_given is None:
            client_given = given[owners[key]] = set()
        client_given.add(exercise_id)
    # (client, exercise) in order: clients sorted, then each client's few exercises, which is
    # the order of sorting all the pairs without comparing 50,000 of them
    return tuple((c, e) for c in sorted(given) for e in sorted(given[c]))
