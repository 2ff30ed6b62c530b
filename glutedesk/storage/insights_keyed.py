"""The details of the key visits the practice insights read, joined against their ids.

:mod:`glutedesk.storage.insights_data` decides which visits matter (each course's key visits,
first and last); their ids go to SQLite as one JSON parameter, sorted, read back with
``json_each``, and the child tables are looked up by joins against it (no temporary table, so
a read-only file works too).
"""

from __future__ import annotations

import json
from itertools import repeat
from typing import Any

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import Courses, TestFacts

GLUTE_IDS = ("oxford_glute_max", "oxford_glute_med")
FIRST_VISIT_IDS = (*GLUTE_IDS, "thomas_test", "trendelenburg")
SCORED = ("odi", "rmdq", "psfs")
NERVE_SYMPTOMS = ("pins_and_needles", "numbness")
_GLUTES = ", ".join(f"'{t}'" for t in GLUTE_IDS)
_OTHER_FIRST_VISIT_TESTS = ", ".join(f"'{t}'" for t in FIRST_VISIT_IDS[2:])


def in_schema(conn: Any, kind: str, name: str) -> bool:
    """Whether the file holds the schema object ``name`` of ``kind`` ("table", "index"): the
    insights read a file made before a migration too (an older copy opened read-only)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", [kind, name]
    ).fetchone()
    return found is not None


def sorted_ids(visit_ids: list[VisitId]) -> tuple[list[VisitId], dict[str, str]]:
    """Visit ids sorted, and as the one JSON parameter ``:ids`` the queries read with
    ``json_each``.

    Sorted, because the child tables are keyed by visit id: looking the ids up in key order
    walks each table's B-tree forwards (about three times faster than in client order). The
    queries give back ``k.key``, the id's place in the sorted list, rather than the id: a
    small number costs less to hand over than a new copy of the text."""
    ordered = sorted(visit_ids)
    return ordered, {"ids": json_array(ordered)}


def key_order(visits: tuple[VisitId, ...]) -> tuple[list[int], dict[str, str]]:
    """The places of ``visits`` in key order, and the ids in that order as the parameter
    ``:ids`` (as :func:`sorted_ids`, for reads whose rows go back to the visits' places)."""
    order = sorted(range(len(visits)), key=visits.__getitem__)
    return order, {"ids": json_array(list(map(visits.__getitem__, order)))}


def json_array(ids: list[VisitId]) -> str:
    """``ids`` as a JSON array of strings: joined directly when no id needs escaping in JSON
    (ours are hex; about ten times faster than ``json.dumps``), else by ``json.dumps``."""
    joined = '","'.join(ids)
    plain = joined.isascii() and joined.isprintable() and "\\" not in joined
    if ids and plain and joined.count('"') == 2 * (len(ids) - 1):  # only the separators
        return f'["{joined}"]'
    return json.dumps(ids)


# A visit's tests joined in a sub-query a visit: no temporary B-tree for a GROUP BY, and
# "+t.test_id" reads the visit's few test rows in one range of the primary key rather than
# seeking once per test (the visit's tests come out in key order: test, then side).
_TESTS = (
    "SELECT k.key, (SELECT group_concat(t.test_id || char(31) || t.side || char(31) || "
    "t.result, char(30)) FROM test_results t WHERE t.visit_id = k.value "
    "AND t.not_tested_reason IS NULL AND +t.test_id IN ({tests})) FROM json_each(:ids) k"
)


def read_tests(
    conn: Any, firsts: list[VisitId], lasts: list[VisitId]
) -> dict[VisitId, tuple[TestFacts, ...]]:
    """Test values at first visits (glutes, Thomas, Trendelenburg) and last visits (glutes).

    One row a visit (its tests joined by control characters, which JSON text cannot hold
    unescaped). A clinic holds few distinct test results, so each distinct stored value is
    parsed once, and visits with the same row share one (read-only) tuple of facts.
    """
    parts = TestParts()
    found: dict[VisitId, tuple[TestFacts, ...]] = {}
    for visits, tests in ((firsts, f"{_GLUTES}, {_OTHER_FIRST_VISIT_TESTS}"), (lasts, _GLUTES)):
        ids, param = sorted_ids(visits)
        for key, joined in conn.execute(_TESTS.format(tests=tests), param):
            parts.record(found, ids[key], joined)
    return found


class TestParts(dict[str, TestFacts | None]):
    """One test of a row of :func:`read_tests` (test, side and stored values joined by
    char(31)) to its facts, each distinct text once: first visits share few rows (a Thomas
    angle is rarely repeated) but many tests (10,000 distinct of 40,000 on the benchmark's
    clinic). Equal stored values are one shared dictionary (``parsed``)."""

    def __init__(self) -> None:
        super().__init__()
        self.parsed = _Parsed()
        self._rows: dict[str, tuple[TestFacts, ...]] = {}

    def record(
        self, found: dict[VisitId, tuple[TestFacts, ...]], visit_id: VisitId, joined: str | None
    ) -> None:
        """Put the facts of a visit's joined tests (None: none recorded) into ``found``;
        each distinct row is read once and visits with the same row share its tuple."""
        if joined is None:
            return
        facts = self._rows.get(joined)
        if facts is None:
            # unreadable or empty values (None) left out; a TestFacts is never false
            read = map(self.__getitem__, joined.split("\x1e"))
            facts = self._rows[joined] = tuple(filter(None, read))
        if facts:
            found[visit_id] = facts

    def __missing__(self, part: str) -> TestFacts | None:
        test_id, side, result = part.split("\x1f", 2)
        values = self.parsed[result]
        facts = self[part] = TestFacts(test_id, side, values) if values else None
        return facts


class _Parsed(dict[str, dict[str, Any] | None]):
    """A stored test value (JSON text) to its dictionary (:func:`_values`), each once."""

    def __missing__(self, result: str) -> dict[str, Any] | None:
        values = self[result] = _values(result)
        return values


def _values(result: str) -> dict[str, Any] | None:
    """A test's stored values, or None when unreadable (check_database reports those: they
    are not a finding) or not a JSON object."""
    try:
        values = json.loads(result)
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


# Which of SCORED a row holds, as its place (a small number costs less to hand over than
# the instrument's text); NULL for the others, which are skipped in SQLite.
_SCORED_PLACE = (
    "CASE o.instrument " + " ".join(f"WHEN '{m}' THEN {i}" for i, m in enumerate(SCORED)) + " END"
)


def read_scores(conn: Any, visits: tuple[VisitId, ...]) -> dict[str, list[float | None]]:
    """Stored totals at the key visits: a column per instrument, lined up with ``visits``."""
    order, param = key_order(visits)
    columns: list[list[float | None]] = [[None] * len(visits) for _m in SCORED]
    for key, place, total in conn.execute(
        f"SELECT k.key, {_SCORED_PLACE} AS place, o.total FROM json_each(:ids) k "
        "CROSS JOIN outcome_scores o ON o.visit_id = k.value "
        "WHERE o.total IS NOT NULL AND place IS NOT NULL",
        param,
    ):  # no "instrument IN": that costs a seek per instrument (the CASE is read per row)
        columns[place][order[key]] = total
    return dict(zip(SCORED, columns, strict=True))


def read_pain(
    conn: Any, visits: list[VisitId]
) -> dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The pain-character answers and the nerve-type marks of the first visits (each
    distinct answer parsed once).

    The answers come back as one row: the visits' places and their answers, each column
    joined in one ``group_concat`` (both step over the same rows, so they line up), split in
    C rather than handed over as a Python row a visit. The answers are joined by char(30),
    which JSON text cannot hold unescaped; the count of parts is checked all the same, and
    the answers are read a row a visit when it is off (an answer holding the separator).
    """
    ids, param = sorted_ids(visits)
    answers = PainAnswers()
    places, joined = conn.execute(
        "SELECT group_concat(k.key), group_concat(v.pain_character, char(30)) "
        "FROM json_each(:ids) k CROSS JOIN visits v ON v.id = k.value",
        param,
    ).fetchone()
    pain: dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    if places is not None:
        keys = places.split(",")
        characters = joined.split("\x1e") if joined is not None else []
        if len(characters) == len(keys):
            items = zip(map(answers.__getitem__, characters), repeat(()), strict=False)
            pain = dict(zip(map(ids.__getitem__, map(int, keys)), items, strict=True))
        else:
            pain = _pain_by_rows(conn, ids, param, answers)
    for key, symptom in conn.execute(
        "SELECT k.key, m.symptom FROM json_each(:ids) k "
        "CROSS JOIN pain_marks m ON m.visit_id = k.value "
        "WHERE m.symptom IN ('pins_and_needles', 'numbness')",  # _NERVE_SYMPTOMS
        param,
    ):
        character, marks = pain.get(ids[key], ((), ()))
        pain[ids[key]] = (character, (*marks, symptom))
    return pain


class PainAnswers(dict[str, tuple[str, ...]]):
    """A stored pain-character answer (JSON text) to its items, each distinct answer once."""

    def __missing__(self, character: str) -> tuple[str, ...]:
        loaded = json.loads(character) if character else []
        items = self[character] = tuple(str(i) for i in loaded if isinstance(i, str))
        return items


def _pain_by_rows(
    conn: Any, ids: list[VisitId], param: dict[str, str], answers: PainAnswers
) -> dict[VisitId, tuple[tuple[str, ...], tuple[str, ...]]]:
    """:func:`read_pain`'s answers a row a visit (when an answer holds the separator)."""
    return {
        ids[key]: (answers[character], ())
        for key, character in conn.execute(
            "SELECT k.key, v.pain_character FROM json_each(:ids) k "
            "CROSS JOIN visits v ON v.id = k.value",
            param,
        )
    }


def read_exercises(conn: Any, courses: Courses) -> dict[str, frozenset[ClientId]]:
    """The clients given each home exercise at their course's first or last visit: the
    programme as set and as left.

    One row an exercise: the places of the visits it was given at, joined in one
    ``group_concat`` (numbers only, so the separator cannot occur in them), rather than a
    Python row for each of the clinic's prescriptions."""
    owner = key_visit_owners(courses)
    ids, param = sorted_ids(list(owner))
    owners = [owner[visit_id] for visit_id in ids]
    rows = conn.execute(
        "SELECT e.exercise_id, group_concat(k.key) FROM json_each(:ids) k "
        "CROSS JOIN exercise_prescriptions e ON e.visit_id = k.value GROUP BY e.exercise_id",
        param,
    ).fetchall()
    return {
        exercise_id: frozenset(map(owners.__getitem__, map(int, places.split(","))))
        for exercise_id, places in sorted(rows)
    }


def key_visit_owners(courses: Courses) -> dict[VisitId, ClientId]:
    """Each course's first and last visit to its client."""
    owner = dict(zip(courses.first_ids(), courses.client_ids, strict=True))
    for last, client_id in zip(courses.last_ids(), courses.client_ids, strict=True):
        if last is not None:
            owner[last] = client_id
    return owner
