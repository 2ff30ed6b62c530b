"""Start-up in the GUI: a damaged database is moved aside and a restore offered."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from PySide6.QtWidgets import QApplication

from glutedesk.storage.backup import backup_database, default_backup_dir
from glutedesk.storage.clients import count_clients, save_client
from glutedesk.storage.database import open_database
from glutedesk.ui.app import run_gui
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.startup_dialogs import (
    DamagedDatabaseDialog,
    LocationWarning,
    damaged_text,
    prepare_database,
)
from tests.factories import make_client

NOW = dt.datetime(2026, 3, 1, 9, 0)


@pytest.fixture
def damaged(db_path):
    db = open_database(db_path)
    save_client(db, make_client(first_name="Backed"))
    backup_database(db, default_backup_dir(db_path), now=NOW - dt.timedelta(days=1))
    save_client(db, make_client(first_name="After"))
    db.close()
    with db_path.open("r+b") as f:
        f.write(bytes(100))  # the header is wiped
    return db_path


def _choose(monkeypatch, choice):
    asked = []

    def ask(cls, parent, check):
        asked.append(check)
        return choice

    monkeypatch.setattr(DamagedDatabaseDialog, "ask", classmethod(ask))
    return asked


def test_restore_is_offered_and_works(qapp, damaged, monkeypatch):
    asked = _choose(monkeypatch, "restore")
    assert prepare_database(damaged, now=NOW)
    [check] = asked
    text = damaged_text(check)
    assert str(check.moved_aside[0]) in text and "1 clients" in text
    assert "all zeros" in text
    db = open_database(damaged, create=False)
    try:
        assert count_clients(db) == 1
    finally:
        db.close()
    assert check.moved_aside[0].exists()  # the damaged file is kept


def test_quit_leaves_the_damaged_file_aside_and_asks_again(qapp, damaged, monkeypatch):
    asked = _choose(monkeypatch, "quit")
    assert not prepare_database(damaged, now=NOW)
    assert not damaged.exists()
    assert not prepare_database(damaged, now=NOW)  # next start: the same offer
    assert [c.status for c in asked] == ["damaged", "missing_after_damage"]
    _choose(monkeypatch, "empty")
    assert prepare_database(damaged, now=NOW)  # the therapist chose to start afresh


def test_no_backup_means_no_restore_button_text(qapp, db_path, monkeypatch):
    db = open_database(db_path)
    save_client(db, make_client())
    db.close()
    with db_path.open("r+b") as f:
        f.write(bytes(100))
    asked = _choose(monkeypatch, "quit")
    prepare_database(db_path, now=NOW)
    assert "No good backup" in damaged_text(asked[0])


def test_cloud_folder_warning(qapp, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(LocationWarning, "ask", classmethod(lambda c, p, t: warnings.append(t)))
    assert prepare_database(tmp_path / "Dropbox" / "clinic.sqlite3")
    assert warnings and "cloud-sync" in warnings[0]


def test_run_gui_on_a_damaged_database_quits_cleanly(qapp, damaged, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    _choose(monkeypatch, "quit")
    errors = []
    monkeypatch.setattr(ErrorMessage, "ask", classmethod(lambda c, p, t, m: errors.append(t)))
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("no window should open"))
    assert run_gui(damaged, log_dir=tmp_path) == 1
    assert errors == []


def test_damaged_client_pages_found_while_opening_lead_to_the_full_check(
    qapp, db_path, tmp_path, monkeypatch
):
    # The quick start-up checks pass, but reading the client list hits a damaged page: the
    # full check then runs, the file is moved aside and the recovery offered, no traceback.
    db = open_database(db_path)
    for i in range(60):
        save_client(db, make_client(first_name=f"C{i:02d}", notes="n" * 1500))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'clients'").fetchone()[0]
    db.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page_size
    for i in range(start, start + page_size):  # the clients table's root page
        data[i] ^= 0x5A
    db_path.write_bytes(bytes(data))

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    asked = _choose(monkeypatch, "quit")
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("no window should open"))
    assert run_gui(db_path, log_dir=tmp_path) == 1
    assert [c.status for c in asked] == ["damaged"]
    assert not db_path.exists()
    assert list(db_path.parent.glob("clinic.sqlite3.corrupt-*"))
