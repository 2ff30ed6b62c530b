"""Migration 0009: the per-visit summary the practice insights read is kept true on every
write path, and the facts read through it equal the facts read from the child tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
from functools import partial

import pytest
from sqlite_utils import Database

from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.corrections import nprs_path, result_value_path
from glutedesk.domain.models import (
    Advice,
    ExercisePrescription,
    Instrument,
    Nprs,
    OutcomeScore,
    PainMark,
    Side,
    SymptomType,
)
from glutedesk.domain.models import (
    TestResult as Result,
)
from glutedesk.storage import insights_data
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.corrections import add_correction
from glutedesk.storage.database import needs_update, open_database
from glutedesk.storage.erasure import erase_client
from glutedesk.storage.exchange import import_records, read_export, write_export
from glutedesk.storage.insights_data import fetch_insights_data
from glutedesk.storage.insights_summary import has_summary, read_summary
from glutedesk.storage.migration_summary import TABLE, summary_mismatches
from glutedesk.storage.signing import sign_visit
from glutedesk.storage.visits import delete_visit, save_visit
from tests.factories import make_client, make_visit

AS_OF = dt.date(2026, 6, 1)
DAY = dt.date(2026, 2, 2)
AT = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
MIGRATION = "0009_insights_summary"


def _visit(client_id, days: int, **overrides):
    return make_visit(client_id, DAY + dt.timedelta(days=days), next_visit=None, **overrides)


def _thomas(hip: float) -> Result:
    return Result("thomas_test", Side.LEFT, {"hip_angle": hip, "knee_angle": 80.0})


def _numb() -> dict[str, object]:
    """Nerve-type marks on the body map, with the advice they call for."""
    marks = (
        PainMark("back.lumbar.R", SymptomType.NUMBNESS, 5, "1"),
        PainMark("back.glute_med.R", SymptomType.PINS_AND_NEEDLES, 3, "1"),
    )
    return {"pain_marks": marks, "nerve_advice": Advice.ROUTINE_GP}


def _clinic(db) -> dict[str, list[str]]:
    """Three clients, three visits each, with glute, Thomas and Trendelenburg tests, ODI and
    PSFS, nerve-type marks and exercises (the factory's complete visit, varied)."""
    visits: dict[str, list[str]] = {}
    for n in range(3):
        client, _ = save_client(db, make_client(first_name=f"Person{n}"))
        ids = []
        for k in range(3):
            base = make_visit(client.id)
            extra = _numb() if (n + k) % 2 else {}
            visit = _visit(
                client.id,
                n + 7 * k,
                nprs=Nprs(now=6 - k),
                test_results=(*base.test_results, _thomas(-5.0 - n - k)),
                **extra,
            )
            save_visit(db, visit)
            ids.append(visit.id)
        visits[client.id] = ids
    return visits


def _raw_facts(db, monkeypatch):
    """The facts read from the child tables, as a file without the summary is read."""
    with monkeypatch.context() as patched:
        patched.setattr(insights_data, "has_summary", lambda _conn: False)
        return Clinic(db).insights_data(as_of=AS_OF)


def assert_summary_true(db, monkeypatch) -> None:
    """The summary equals what the raw rows give, row for row, and the facts read through
    it equal the facts read from the child tables."""
    assert summary_mismatches(db.conn) == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]  # and its index
    rows = db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
    assert rows == db.execute("SELECT count(*) FROM visits").fetchone()[0]
    data = Clinic(db).insights_data(as_of=AS_OF)
    assert read_summary(db.conn, data.courses) is not None  # the summary was read
    assert data == _raw_facts(db, monkeypatch)


def test_a_new_clinic_has_the_summary_and_the_insights_read_it(file_db, monkeypatch):
    _clinic(file_db)
    assert file_db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0] == 9
    assert_summary_true(file_db, monkeypatch)
    data = Clinic(file_db).insights_data(as_of=AS_OF)
    assert data.scores["odi"][0] is not None and data.exercises and data.tests
    assert any(marks for _character, marks in data.pain.values())


def test_saved_again_and_deleted_visits_keep_it_true(file_db, monkeypatch):
    visits = _clinic(file_db)
    client_id, ids = next(iter(visits.items()))
    first = Clinic(file_db).visit(ids[0])
    edited = dataclasses.replace(
        first,
        test_results=(_thomas(-20.0),),  # glutes and Trendelenburg removed, Thomas changed
        outcome_scores=(OutcomeScore(Instrument.RMDQ, (1,) * 24, ""),),
        **_numb(),
        pain_character=("burning",),
        exercises=(ExercisePrescription("clam", sets=2, reps=12, frequency_per_week=4),),
    )
    save_visit(file_db, edited)  # an edited draft saved again
    row = file_db.execute(
        f"SELECT glute_tests, other_tests, odi, rmdq, psfs, nerve_marks, pain_character, "
        f"exercises FROM {TABLE} WHERE visit_id = ?",
        [first.id],
    ).fetchone()
    assert row[0] is None and row[1].startswith("thomas_test\x1fleft\x1f")
    assert row[2:] == (None, 24.0, None, "pins_and_needles,numbness", '["burning"]', '["clam"]')
    assert_summary_true(file_db, monkeypatch)
    delete_visit(file_db, ids[1])
    assert file_db.execute(f"SELECT 1 FROM {TABLE} WHERE visit_id = ?", [ids[1]]).fetchone() is None
    assert_summary_true(file_db, monkeypatch)
    save_visit(file_db, _visit(client_id, 60))  # a new visit at the end of the course
    assert_summary_true(file_db, monkeypatch)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE test_results SET result = '{\"grade\": \"2\"}' WHERE test_id = 'oxford_glute_max'",
        "UPDATE test_results SET not_tested_reason = 'Pain' WHERE test_id = 'thomas_test'",
        "UPDATE test_results SET test_id = 'ober_test' WHERE test_id = 'trendelenburg'",
        "UPDATE test_results SET test_id = 'thomas_test', side = 'right', not_tested_reason = NULL "
        "WHERE test_id = 'ober_test'",
        "UPDATE outcome_scores SET total = total + 1",
        "UPDATE outcome_scores SET instrument = 'rmdq' WHERE instrument = 'odi'",
        "UPDATE outcome_scores SET instrument = 'startback' WHERE instrument = 'psfs'",
        "UPDATE pain_marks SET symptom = 'numbness' WHERE symptom = 'ache'",
        "UPDATE pain_marks SET symptom = 'ache' WHERE symptom = 'numbness'",
        "UPDATE exercise_prescriptions SET exercise_id = 'clam' WHERE position = 0",
        "UPDATE visits SET pain_character = '[\"sharp\"]'",
        "DELETE FROM test_results WHERE side = 'left'",
        "DELETE FROM outcome_scores WHERE instrument = 'odi'",
        "DELETE FROM pain_marks WHERE symptom = 'pins_and_needles'",
        "DELETE FROM exercise_prescriptions WHERE position = 1",
    ],
)
def test_any_change_to_a_visits_rows_is_followed(file_db, monkeypatch, sql):
    _clinic(file_db)
    before = file_db.execute(f"SELECT * FROM {TABLE} ORDER BY visit_id").fetchall()
    with file_db.conn:
        assert file_db.execute(sql).rowcount > 0
    assert file_db.execute(f"SELECT * FROM {TABLE} ORDER BY visit_id").fetchall() != before
    assert_summary_true(file_db, monkeypatch)


def test_a_row_moved_to_another_visit_leaves_both_true(file_db, monkeypatch):
    visits = _clinic(file_db)
    ids = next(iter(visits.values()))
    with file_db.conn:
        file_db.execute("DELETE FROM test_results WHERE visit_id = ?", [ids[2]])
        moved = file_db.execute(
            "UPDATE test_results SET visit_id = ? WHERE visit_id = ? AND test_id = 'trendelenburg'",
            [ids[2], ids[1]],
        )
        assert moved.rowcount == 1
    glutes, others = file_db.execute(
        f"SELECT glute_tests, other_tests FROM {TABLE} WHERE visit_id = ?", [ids[2]]
    ).fetchone()
    assert glutes is None and others.startswith("trendelenburg\x1fright\x1f")
    assert_summary_true(file_db, monkeypatch)


def test_corrections_leave_the_summary_at_the_stored_values(file_db, monkeypatch):
    visits = _clinic(file_db)
    ids = next(iter(visits.values()))
    for visit_id in ids:
        sign_visit(file_db, visit_id, "Sam Therapist", at=AT)
    stored = file_db.execute(f"SELECT * FROM {TABLE} ORDER BY visit_id").fetchall()
    grade = result_value_path("oxford_glute_max", "left", "grade")
    add_correction(
        file_db,
        ids[0],
        "Sam Therapist",
        "Misread my notes",
        [ValueCorrection(grade, "4", "2"), ValueCorrection(nprs_path("now"), 6, 9)],
        at=AT + dt.timedelta(days=1),
    )
    assert file_db.execute(f"SELECT * FROM {TABLE} ORDER BY visit_id").fetchall() == stored
    data = Clinic(file_db).insights_data(as_of=AS_OF)
    (facts,) = [
        f for f in data.tests[ids[0]] if (f.test_id, f.side) == ("oxford_glute_max", "left")
    ]
    assert facts.values["grade"] == "2"  # the correction is applied on top, as before
    assert data.scores["nprs"][data.courses.visit_ids.index(ids[0])] == 9
    assert_summary_true(file_db, monkeypatch)


def test_a_signed_visits_summary_row_is_frozen_with_its_other_rows(file_db):
    visits = _clinic(file_db)
    ids = next(iter(visits.values()))
    sign_visit(file_db, ids[0], "Sam Therapist", at=AT)
    for sql in (
        f"UPDATE {TABLE} SET odi = 0 WHERE visit_id = ?",
        f"DELETE FROM {TABLE} WHERE visit_id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="signed"), file_db.conn:
            file_db.execute(sql, [ids[0]])
    with file_db.conn:  # an unsigned visit's row is the triggers' to keep, not frozen
        file_db.execute(f"UPDATE {TABLE} SET odi = 0 WHERE visit_id = ?", [ids[1]])
    assert summary_mismatches(file_db.conn) == [ids[1]]


def test_erasing_a_client_leaves_nothing_of_them_in_the_summary(file_db, monkeypatch):
    visits = _clinic(file_db)
    client_id, ids = next(iter(visits.items()))
    sign_visit(file_db, ids[0], "Sam Therapist", at=AT)
    erase_client(file_db, client_id, "Asked to be forgotten")
    held = file_db.execute(
        f"SELECT count(*) FROM {TABLE} WHERE visit_id IN (SELECT value FROM json_each(?))",
        [f'["{ids[0]}", "{ids[1]}", "{ids[2]}"]'],
    ).fetchone()[0]
    assert held == 0
    assert_summary_true(file_db, monkeypatch)


def test_an_export_imported_into_a_fresh_clinic_has_the_same_summary(
    file_db, tmp_path, monkeypatch
):
    _clinic(file_db)
    out = tmp_path / "export.json"
    write_export(file_db, out)
    fresh = open_database(tmp_path / "fresh.sqlite3")
    try:
        import_records(fresh, read_export(out))
        assert_summary_true(fresh, monkeypatch)
        rows = f"SELECT * FROM {TABLE} ORDER BY visit_id"
        assert fresh.execute(rows).fetchall() == file_db.execute(rows).fetchall()
    finally:
        fresh.close()


def _as_before_0009(path, *, forget_migration: bool = True) -> None:
    """Make the file at ``path`` one from before migration 0009 (no summary, no triggers, so
    no index of its totals either; with ``forget_migration=False`` its record still lists
    0009 and 0010)."""
    raw = sqlite3.connect(path)
    names = raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?", [f"{TABLE}%"]
    ).fetchall()
    for (name,) in names:
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute(f"DROP TABLE {TABLE}")
    if forget_migration:
        raw.execute("DELETE FROM _sqlite_migrations WHERE name >= ?", [MIGRATION])
    raw.commit()
    raw.close()


def _older_copy(db_path, file_db, make_older=_as_before_0009):
    """The clinic's facts read as this version reads them, and a copy of the clinic that
    ``make_older`` (given the copy's path) turned into an older version's file."""
    _clinic(file_db)
    through_summary = Clinic(file_db).insights_data(as_of=AS_OF)
    file_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = db_path.with_name("older.sqlite3")
    shutil.copyfile(db_path, copy)
    make_older(copy)
    return through_summary, copy


def test_an_older_file_read_read_only_gives_the_same_facts(db_path, file_db):
    through_summary, copy = _older_copy(db_path, file_db)
    older = Database(sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True))
    try:  # as any reader of an older file finds it: no summary, nothing written
        assert not has_summary(older.conn)
        assert fetch_insights_data(older, as_of=AS_OF) == through_summary
    finally:
        older.close()


def test_a_read_only_file_without_the_table_gives_the_same_facts(db_path, file_db):
    through_summary, copy = _older_copy(
        db_path, file_db, partial(_as_before_0009, forget_migration=False)
    )
    reader = Clinic.open_read_only(copy)  # read-only: never upgraded or repaired
    try:
        assert not has_summary(reader.db.conn)
        assert reader.insights_data(as_of=AS_OF) == through_summary
    finally:
        reader.close()


def test_a_key_visit_without_a_summary_row_is_read_from_the_child_tables(file_db, monkeypatch):
    visits = _clinic(file_db)
    whole = Clinic(file_db).insights_data(as_of=AS_OF)
    with file_db.conn:
        file_db.execute(f"DELETE FROM {TABLE} WHERE visit_id = ?", [next(iter(visits.values()))[0]])
    assert read_summary(file_db.conn, whole.courses) is None
    assert Clinic(file_db).insights_data(as_of=AS_OF) == whole
    assert summary_mismatches(file_db.conn) == [next(iter(visits.values()))[0]]
    problems = check_database(file_db).problems
    assert any("insights summary" in p for p in problems), problems


def test_upgrading_a_clinic_from_before_0009_backfills_the_summary(db_path, file_db, monkeypatch):
    _clinic(file_db)
    before = Clinic(file_db).insights_data(as_of=AS_OF)
    rows = file_db.execute(f"SELECT * FROM {TABLE} ORDER BY visit_id").fetchall()
    file_db.close()
    assert not needs_update(db_path)
    _as_before_0009(db_path)
    assert needs_update(db_path) and not needs_update(db_path.with_name("none.sqlite3"))
    upgraded = open_database(db_path)
    try:
        assert upgraded.execute(f"SELECT * FROM {TABLE} ORDER BY visit_id").fetchall() == rows
        assert_summary_true(upgraded, monkeypatch)
        assert Clinic(upgraded).insights_data(as_of=AS_OF) == before
        assert check_database(upgraded).ok
    finally:
        upgraded.close()
