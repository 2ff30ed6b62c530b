"""Disk full, locked and read-only databases: a clear error, nothing half-written, retry works."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from sqlite_utils import Database

from glutedesk.storage.audit import verify_chain
from glutedesk.storage.clients import count_clients, get_client, save_client
from glutedesk.storage.errors import (
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyDatabaseError,
    StorageError,
    VisitSigned,
    storage_error_for,
)
from glutedesk.storage.visits import count_visits, get_visit, save_visit
from tests.factories import make_client, make_visit

BIG = "Long note. " * 40_000  # about 440 kB: needs many new pages


def _snapshot(db):
    return (
        count_clients(db),
        count_visits(db),
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


@pytest.fixture
def seeded(file_db):
    client, _ = save_client(file_db, make_client())
    save_visit(file_db, make_visit(client.id))
    return file_db, client


def test_disk_full_is_clear_and_retry_saves(seeded):
    db, client = seeded
    before = _snapshot(db)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    visit = make_visit(client.id, complaint=BIG)
    with pytest.raises(DiskFullError, match="disk is full") as info:
        save_visit(db, visit)
    assert "Free some space" in str(info.value) and "\n" not in str(info.value)
    assert _snapshot(db) == before
    assert not db.conn.in_transaction
    with pytest.raises(DiskFullError):
        save_client(db, dataclasses.replace(client, notes=BIG))
    assert get_client(db, client.id).notes == client.notes
    db.execute("PRAGMA max_page_count = 1073741823")
    save_visit(db, visit)  # the same record, retried, now fits
    assert get_visit(db, visit.id).complaint == BIG
    assert verify_chain(db) == []


def test_locked_database_is_clear_and_retry_saves(seeded, db_path):
    db, client = seeded
    db.execute("PRAGMA busy_timeout = 50")
    before = _snapshot(db)
    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="in use by another program"):
            save_client(db, dataclasses.replace(client, phone="01632 960000"))
        with pytest.raises(DatabaseLockedError):
            save_visit(db, make_visit(client.id))
    finally:
        other.rollback()
        other.close()
    assert _snapshot(db) == before
    save_client(db, dataclasses.replace(client, phone="01632 960000"))
    assert get_client(db, client.id).phone == "01632 960000"


def test_read_only_database_is_clear(seeded, db_path):
    db, client = seeded
    before = _snapshot(db)
    ro = Database(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True))
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="read-only"):
            save_client(ro, dataclasses.replace(client, phone="01632 960001"))
        with pytest.raises(ReadOnlyDatabaseError):
            save_visit(ro, make_visit(client.id))
        assert _snapshot(ro) == before
    finally:
        ro.close()
    assert get_client(db, client.id).phone == client.phone


def test_all_are_storage_errors_and_other_failures_pass_through():
    for cls in (DiskFullError, DatabaseLockedError, ReadOnlyDatabaseError, VisitSigned):
        assert issubclass(cls, StorageError)
    assert storage_error_for(sqlite3.OperationalError("no such table: x")) is None
    assert isinstance(
        storage_error_for(sqlite3.OperationalError("database or disk is full")), DiskFullError
    )


def test_constraint_failures_are_not_disguised(seeded):
    db, client = seeded
    bad = make_visit(client.id, therapist="   ")
    with pytest.raises(sqlite3.IntegrityError):
        save_visit(db, bad)
