"""The audit trail: appended by every write, append-only, and any edit breaks the chain."""

from __future__ import annotations

import dataclasses
import itertools
import sqlite3

import pytest

from glutedesk.storage.audit import GENESIS_HASH, events, record_event, verify_chain
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import save_client
from glutedesk.storage.exchange import write_export
from glutedesk.storage.visits import delete_visit, save_visit
from tests.factories import make_client, make_visit


def _actions(db, client_id=None):
    return [(e.action, e.visit_id is not None) for e in events(db, client_id=client_id)]


def _tamper(db, sql, params=()):
    """Edit the log behind the app's back, as someone with a SQLite tool could."""
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute(sql, params)


@pytest.fixture
def logged(memory_db):
    client, _ = save_client(memory_db, make_client())
    save_client(memory_db, dataclasses.replace(client, phone="07700 900999"))
    visit, _ = save_visit(memory_db, make_visit(client.id))
    save_visit(memory_db, dataclasses.replace(visit, complaint="Better today"))
    other, _ = save_visit(memory_db, make_visit(client.id))
    delete_visit(memory_db, other.id)
    return memory_db, client


def test_every_save_appends_an_event_in_order(logged):
    db, client = logged
    assert _actions(db, client.id) == [
        ("create", False),
        ("update", False),
        ("create", True),
        ("update", True),
        ("create", True),
        ("delete", True),
    ]
    rows = events(db)
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert verify_chain(db) == []
    assert check_database(db).ok


def test_audit_rows_hold_no_names(logged):
    db, client = logged
    text = " ".join(f"{e.detail} {e.actor}" for e in events(db))
    assert client.first_name not in text and client.last_name not in text


def test_the_app_cannot_update_or_delete_audit_rows(logged):
    db, _ = logged
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET detail = 'x' WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE id = 2")
    assert verify_chain(db) == []


def test_an_edited_row_is_named(logged):
    db, _ = logged
    _tamper(db, "UPDATE audit_log SET actor = 'mallory' WHERE id = 3")
    problems = verify_chain(db)
    assert problems and "row 3" in problems[0] and "changed" in problems[0]
    report = check_database(db)
    assert not report.ok and any("audit row 3" in p for p in report.problems)


def test_a_deleted_row_is_named(logged):
    db, _ = logged
    _tamper(db, "DELETE FROM audit_log WHERE id = 4")
    problems = verify_chain(db)
    assert "row 4 is missing" in problems[0]


def test_a_recomputed_row_still_breaks_the_next_link(logged):
    from glutedesk.storage.audit import row_hash

    db, _ = logged
    row = db.execute("SELECT * FROM audit_log WHERE id = 2").fetchone()
    forged = row_hash(2, row[1], row[2], row[3], row[4], "mallory", row[6], row[7])
    _tamper(db, "UPDATE audit_log SET actor = 'mallory', hash = ? WHERE id = 2", [forged])
    problems = verify_chain(db)
    assert problems == ["audit row 3 does not follow on from the row before it"]


def test_failed_save_leaves_no_audit_row(memory_db):
    client, _ = save_client(memory_db, make_client())
    before = len(events(memory_db))
    bad = make_visit(client.id, nprs=dataclasses.replace(make_visit(client.id).nprs, now=11))
    with pytest.raises(sqlite3.IntegrityError):
        save_visit(memory_db, bad)
    assert len(events(memory_db)) == before


def test_record_event_validates(memory_db):
    with pytest.raises(ValueError, match="Unknown audit action"):
        record_event(memory_db, "dance")
    with pytest.raises(ValueError, match="invalid character"):
        record_event(memory_db, "print", detail="bad \udc00")
    event = record_event(memory_db, "print", client_id="abc", detail="progress report")
    assert event.id == 1 and events(memory_db)[-1] == event


def test_export_is_logged(logged, tmp_path):
    db, client = logged
    write_export(db, tmp_path / "one.json", client.id)
    last = events(db)[-1]
    assert (last.action, last.client_id, last.detail) == ("export", client.id, "1 client")
