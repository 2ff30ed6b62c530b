"""The key-visit reads of the practice insights that hand a column over as one joined value
(pain answers, exercises) or one value a visit (tests): what is joined, what cannot hold the
separator, and what happens with nothing to read or a value missing."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from glutedesk.domain.insights.data import Courses
from glutedesk.domain.insights.data import TestFacts as Facts  # not a test class
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.insights_keyed import read_exercises, read_pain, read_tests
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

DAY = dt.date(2026, 2, 2)


@pytest.fixture
def bare():
    """The columns these reads touch, without the clinic's CHECKs (a damaged or foreign
    file): NULLs and odd values can be stored here."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE visits (id TEXT PRIMARY KEY, pain_character TEXT);
        CREATE TABLE pain_marks (visit_id TEXT, region_id TEXT, symptom TEXT,
            PRIMARY KEY (visit_id, region_id)) WITHOUT ROWID;
        CREATE TABLE exercise_prescriptions (visit_id TEXT, position INTEGER, exercise_id TEXT,
            PRIMARY KEY (visit_id, position)) WITHOUT ROWID;
        CREATE TABLE test_results (visit_id TEXT, test_id TEXT, side TEXT, result TEXT,
            not_tested_reason TEXT, PRIMARY KEY (visit_id, test_id, side)) WITHOUT ROWID;
        """
    )
    yield conn
    conn.close()


def test_an_empty_clinic_reads_nothing(file_db):
    conn = file_db.conn
    assert read_pain(conn, []) == {}
    assert read_tests(conn, [], []) == {}
    assert read_exercises(conn, Courses()) == {}
    data = Clinic(file_db).insights_data(as_of=DAY)
    assert (len(data.courses), data.pain, data.tests, data.exercises) == (0, {}, {}, {})


def test_pain_answers_stay_with_their_visits_when_one_is_missing(bare):
    bare.executemany(
        "INSERT INTO visits VALUES (?, ?)",
        [("a", '["sharp"]'), ("b", None), ("c", '["burning", 3]'), ("d", "")],
    )
    bare.execute("INSERT INTO pain_marks VALUES ('c', 'back.glute_max.L', 'numbness')")
    # "b" is skipped by group_concat: the parts no longer match the visits, so the answers
    # are read a row a visit instead of being shifted onto the wrong visits
    assert read_pain(bare, ["c", "a", "b", "d"]) == {
        "a": (("sharp",), ()),
        "b": ((), ()),
        "c": (("burning",), ("numbness",)),
        "d": ((), ()),
    }


def test_pain_answers_joined_in_one_value_match_a_row_a_visit(bare):
    answers = ['["sharp", "burning"]', "[]", '["ache"]', '["sharp", "burning"]']
    bare.executemany(
        "INSERT INTO visits VALUES (?, ?)", [(f"v{n}", a) for n, a in enumerate(answers)]
    )
    found = read_pain(bare, [f"v{n}" for n in range(4)])
    assert found == {
        "v0": (("sharp", "burning"), ()),
        "v1": ((), ()),
        "v2": (("ache",), ()),
        "v3": (("sharp", "burning"), ()),
    }
    assert found["v0"][0] is found["v3"][0]  # each distinct answer parsed once


def test_a_pain_answer_cannot_hold_the_separator(file_db):
    """The answers are joined by char(30): JSON cannot hold a raw control character (in a
    string or between values), and the column only takes valid JSON."""
    client, _ = save_client(file_db, make_client())
    visit, _ = save_visit(file_db, make_visit(client.id, DAY, next_visit=None))
    conn = file_db.conn
    assert conn.execute("SELECT json_valid(?)", ['["a\x1eb"]']).fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE visits SET pain_character = ? WHERE id = ?", ['["a\x1eb"]', visit.id])


def test_exercises_come_back_whole_with_each_client_once(bare):
    courses = Courses(
        client_ids=("c1", "c2"),
        lengths=(3, 1),
        finished=(True, False),
        all_lengths=((3,), (1,)),
        first_dates=(DAY, DAY),
        starts=(0, 3, 4),
        visit_ids=("v1", "v2", "v3", "w1"),  # c1's first, second and last visits; c2's one
    )
    bare.executemany(
        "INSERT INTO exercise_prescriptions VALUES (?, ?, ?)",
        [
            ("v1", 1, "bridge, held"),  # an id with the separator in it: not split
            ("v3", 1, "bridge, held"),
            ("v3", 2, "clam"),
            ("v2", 1, "side_plank"),  # not the first or last visit: not read
            ("w1", 1, "clam"),
        ],
    )
    assert read_exercises(bare, courses) == {
        "bridge, held": frozenset({"c1"}),
        "clam": frozenset({"c1", "c2"}),
    }
    assert list(read_exercises(bare, courses)) == ["bridge, held", "clam"]  # in id order


def test_a_visit_without_the_tests_read_is_left_out(bare):
    rows = [
        ("v1", "oxford_glute_max", "left", '{"grade": "4"}', None),
        ("v1", "oxford_glute_max", "right", '{"grade": "5"}', None),
        ("v1", "slump", "left", '{"result": "negative"}', None),  # not read
        ("v2", "slump", "left", '{"result": "negative"}', None),
        ("v3", "oxford_glute_med", "left", "{}", "pain"),  # not tested
        ("v4", "thomas_test", "right", '{"hip_angle": 5.0}', None),
    ]
    bare.executemany("INSERT INTO test_results VALUES (?, ?, ?, ?, ?)", rows)
    found = read_tests(bare, ["v1", "v2", "v3", "v4"], ["v4"])
    assert found == {
        "v1": (
            Facts("oxford_glute_max", "left", {"grade": "4"}),
            Facts("oxford_glute_max", "right", {"grade": "5"}),
        ),
        "v4": (Facts("thomas_test", "right", {"hip_angle": 5.0}),),
    }
