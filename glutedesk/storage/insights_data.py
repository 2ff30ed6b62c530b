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
from collections.abc import Callable, Iterable
from itertools import islice
from operator import ge
from typing import TYPE_CHECKING, Any

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import (
    ClientFacts,
    Courses,
    InsightsData,
    collector_paused,
    key_positions,
    plan_courses,
)
from glutedesk.storage.insights_corrections import apply_to_facts
from glutedesk.storage.insights_keyed import (
    FIRST_VISIT_IDS,
    GLUTE_IDS,
    NERVE_SYMPTOMS,
    SCORED,
    read_exercises,
    read_pain,
    read_scores,
    read_tests,
)
from glutedesk.storage.insights_summary import SummaryFacts, has_summary, read_summary

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int], None]
"""Called as ``progress(step, steps)`` while the facts are read."""

_STEPS = 6
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
        courses, nprs, count = _courses(conn, period, as_of)
        tick(1, _STEPS)
        clients = _clients(conn, courses.client_ids)
        tick(2, _STEPS)
        summary = read_summary(conn, courses) if has_summary(conn) else None
        if summary is None:  # a file from before migration 0009 (opened read-only)
            summary = _read_child_tables(conn, courses)
        tests, key_scores, pain, exercises = summary
        tick(3, _STEPS)
        scores: dict[str, list[Any]] = {"nprs": nprs, **key_scores}
        tick(4, _STEPS)
        flags = _pairs(conn, _RED_FLAGS, period)
        referrals = _pairs(conn, _REFERRALS, period)
        tick(5, _STEPS)
        apply_to_facts(
            db,
            courses,
            (tests, scores, pain),
            glutes=GLUTE_IDS,
            first_visit_tests=FIRST_VISIT_IDS,
            scored=SCORED,
            nerve_symptoms=NERVE_SYMPTOMS,
        )
        tick(6, _STEPS)
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
        scores={measure: tuple(column) for measure, column in scores.items()},
        tests=tests,
        pain=pain,
        red_flags=flags,
        referrals=referrals,
        exercises=exercises,
    )


def _read_child_tables(conn: Any, courses: Courses) -> SummaryFacts:
    """The key visits' details read from the child tables themselves (no summary table)."""
    firsts = courses.first_ids()
    lasts = [v for v in courses.last_ids() if v is not None]
    tests = read_tests(conn, firsts, lasts)
    scores = read_scores(conn, courses.visit_ids)
    return SummaryFacts(tests, scores, read_pain(conn, firsts), read_exercises(conn, courses))


# One row a client; ids joined by char(30), which a (hex) visit id does not hold (checked).
# The dates go over as stored text (a clinic's visits fall on a few thousand days, each turned
# into a day number once), not as julianday() numbers worked out for every visit.
_VISITS = (
    "SELECT v.client_id, group_concat(v.visit_date), group_concat(v.id, char(30)), "
    f"group_concat(ifnull(v.nprs_now, '')) FROM visits v WHERE {_PERIOD} GROUP BY v.client_id"
)


def _courses(
    conn: Any, period: dict[str, Any], as_of: dt.date
) -> tuple[Courses, list[int | None], int]:
    """Each client's first course in the period as columns, its key visits' NPRS (a column
    lined up with the key visits), and how many visits the period holds.

    One query, one row a client: its visits' dates, ids and NPRS joined into strings, read
    from the index ``visits_insights`` (migration 0008) without touching the wide visit rows
    (on a file without it, SQLite reads the rows: same answer, slower), so in date order.
    Visits are ordered by day, ties by row id (the order they were written): a client with
    two visits on one day (rare) is read apart in that order.
    """
    rows = conn.execute(_VISITS, period)
    as_of_day = as_of.toordinal()
    dates: dict[int, dt.date] = {}
    client_ids: list[ClientId] = []
    lengths: list[int] = []
    finished: list[bool] = []
    all_lengths: list[tuple[int, ...]] = []
    first_dates: list[dt.date] = []
    starts = [0]
    visit_ids: list[VisitId] = []
    nprs_now: list[int | None] = []
    count = 0
    for client_id, dates_text, ids_text, nprs_text in rows:
        days = list(map(_DAYS.__getitem__, dates_text.split(",")))
        nprs: list[str] = nprs_text.split(",")
        ids: list[Any] | None = None  # split only when needed: most are not key visits
        if ids_text.count("\x1e") + 1 != len(days) or any(map(ge, days, islice(days, 1, None))):
            # an id holding the separator, or a day twice (to be ordered by row id)
            days, ids, nprs = _client_visits(conn, client_id, period)  # read this client's apart
        count += len(days)
        plan = plan_courses(days, as_of_day)
        keys = key_positions(plan.first_length)
        if ids is None:
            visit_ids.extend(_key_ids(ids_text, keys, len(days)))
        else:
            visit_ids.extend(map(ids.__getitem__, keys))
        nprs_now.extend(map(_NPRS.__getitem__, map(nprs.__getitem__, keys)))
        starts.append(len(visit_ids))
        day = days[0]
        on = dates.get(day)
        if on is None:
            on = dates[day] = dt.date.fromordinal(day)
        client_ids.append(client_id)
        lengths.append(plan.first_length)
        finished.append(plan.finished)
        all_lengths.append(plan.lengths)
        first_dates.append(on)
    courses = Courses(
        tuple(client_ids),
        tuple(lengths),
        tuple(finished),
        tuple(all_lengths),
        tuple(first_dates),
        tuple(starts),
        tuple(visit_ids),
    )
    return courses, nprs_now, count


def _key_ids(ids_text: str, keys: tuple[int, ...], count: int) -> list[Any]:
    """The ids at the places ``keys`` (ascending) among ``count`` ids joined by char(30),
    without splitting off every id: only those up to the last key but one, and the last
    key's from the end when it is the last visit."""
    *inner, last = keys
    head = ids_text.split("\x1e", inner[-1] + 1) if inner else []
    if last == count - 1:
        last_id = ids_text.rpartition("\x1e")[2]
    else:
        last_id = ids_text.split("\x1e", last + 1)[last]
    return [*map(head.__getitem__, inner), last_id]


class _DayNumbers(dict[str, int]):
    """A stored visit date (ISO text) to its day number (``date.toordinal()``), each once."""

    def __missing__(self, text: str) -> int:
        value = self[text] = dt.date.fromisoformat(text).toordinal()
        return value


_DAYS = _DayNumbers()


class _NprsText(dict[str, int | None]):
    """NPRS as joined by the query ("" when not recorded) to a number, each text once."""

    def __missing__(self, text: str) -> int | None:
        value = self[text] = int(text) if text else None
        return value


_NPRS = _NprsText()


def _client_visits(
    conn: Any, client_id: ClientId, period: dict[str, Any]
) -> tuple[list[int], list[Any], list[str]]:
    """One client's visits as :func:`_courses` reads them (day numbers, ids, NPRS as text),
    one row a visit, ordered by day, ties by row id."""
    rows = conn.execute(
        "SELECT v.visit_date, v.id, ifnull(v.nprs_now, '') "
        f"FROM visits v WHERE v.client_id = :client AND {_PERIOD} "
        "ORDER BY v.visit_date, v.rowid",
        {**period, "client": client_id},
    ).fetchall()
    return [_DAYS[r[0]] for r in rows], [r[1] for r in rows], [str(r[2]) for r in rows]


def _clients(conn: Any, client_ids: Iterable[ClientId]) -> dict[ClientId, ClientFacts]:
    facts: dict[ClientId, ClientFacts] = {}
    wanted = set(client_ids)
    for client_id, born, sport in conn.execute(
        "SELECT id, date_of_birth, sport_activity FROM clients WHERE visit_count > 0"
    ):
        if client_id in wanted:
            facts[client_id] = ClientFacts(dt.date.fromisoformat(born) if born else None, sport)
    return facts


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
