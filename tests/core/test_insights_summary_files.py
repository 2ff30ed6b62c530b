"""Migration 0009 on whole files: a restore from a backup made before it migrates and
backfills, and an encrypted (SQLCipher) clinic keeps its summary true."""

from __future__ import annotations

import dataclasses
import datetime as dt

from glutedesk.domain.models import Nprs
from glutedesk.storage import cipher
from glutedesk.storage.backup import backup_database
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.storage.migration_summary import TABLE
from glutedesk.storage.protect import change_protection
from glutedesk.storage.restore import restore_database
from glutedesk.storage.visits import delete_visit, save_visit
from tests.core.test_insights_summary import (
    AS_OF,
    _as_before_0009,
    _clinic,
    _visit,
    assert_summary_true,
)

NOON = dt.datetime(2026, 3, 1, 12, 0)
PASS = "correct horse battery staple"


def _summary_rows(db) -> list[tuple]:
    return db.execute(f"SELECT * FROM {TABLE} ORDER BY visit_id").fetchall()


def test_a_restore_from_a_backup_made_before_0009_migrates_and_backfills(
    file_db, db_path, tmp_path, monkeypatch
):
    _clinic(file_db)
    rows = _summary_rows(file_db)
    facts = Clinic(file_db).insights_data(as_of=AS_OF)
    made = backup_database(file_db, tmp_path / "backups", now=NOON)
    file_db.close()
    _as_before_0009(made)  # as an older GluteDesk wrote it
    restore_database(db_path, made, now=NOON + dt.timedelta(hours=1), accept_changed=True)
    restored = open_database(db_path, create=False)  # opening migrates: 0009 backfills
    try:
        assert _summary_rows(restored) == rows
        assert_summary_true(restored, monkeypatch)
        assert Clinic(restored).insights_data(as_of=AS_OF) == facts
    finally:
        restored.close()


def _protect(db_path) -> None:
    change_protection(db_path, PASS)
    assert cipher.file_salt(db_path) is not None  # the file is encrypted now


def test_an_encrypted_clinic_keeps_its_summary_true(file_db, db_path, monkeypatch):
    visits = _clinic(file_db)
    rows = _summary_rows(file_db)
    file_db.close()
    _protect(db_path)
    db = open_database(db_path, create=False)
    try:
        assert _summary_rows(db) == rows  # copied with its triggers
        client_id, ids = next(iter(visits.items()))
        edited = dataclasses.replace(Clinic(db).visit(ids[0]), nprs=Nprs(now=9), test_results=())
        save_visit(db, edited)
        delete_visit(db, ids[1])
        save_visit(db, _visit(client_id, 40))
        assert _summary_rows(db) != rows
        assert_summary_true(db, monkeypatch)
    finally:
        db.close()


def test_an_encrypted_clinic_from_before_0009_is_migrated_and_backfilled(
    file_db, db_path, monkeypatch
):
    _clinic(file_db)
    rows = _summary_rows(file_db)
    file_db.close()
    _as_before_0009(db_path)
    _protect(db_path)
    db = open_database(db_path, create=False)
    try:
        assert _summary_rows(db) == rows
        assert_summary_true(db, monkeypatch)
    finally:
        db.close()
