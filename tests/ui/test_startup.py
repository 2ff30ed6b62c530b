"""Start-up in the GUI: damage is explained and the therapist chooses; nothing moves unasked."""

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


class _Asked(list):
    """The checks the damaged-database dialog was shown, and whether read-only was offered."""

    offered_read_only: list[bool]


def _choose(monkeypatch, *choices):
    asked = _Asked()
    offered_read_only: list[bool] = []

    def ask(cls, parent, check, *, read_only=True):
        asked.append(check)
        offered_read_only.append(read_only)
        return choices[min(len(asked), len(choices)) - 1]

    monkeypatch.setattr(DamagedDatabaseDialog, "ask", classmethod(ask))
    asked.offered_read_only = offered_read_only
    return asked


def _beside(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_damage_is_explained_and_nothing_moves_until_the_therapist_chooses(
    qapp, damaged, monkeypatch
):
    before = _beside(damaged)
    asked = _choose(monkeypatch, "quit")
    assert not prepare_database(damaged, now=NOW)
    assert _beside(damaged) == before  # quitting changes nothing
    [check] = asked
    text = damaged_text(check)
    assert "all zeros" in text and "Nothing has been written to it, moved or deleted" in text
    assert (
        check.backup.name in text and "1 client and 0 visits" in text and "28 February 2026" in text
    )


def test_read_only_is_the_choice_that_opens_the_file_as_it_is(qapp, damaged, monkeypatch):
    before = _beside(damaged)
    _choose(monkeypatch, "read_only")
    decision = prepare_database(damaged, now=NOW)
    assert decision and decision.damaged and "all zeros" in decision.read_only
    assert _beside(damaged) == before


def test_restore_is_offered_and_keeps_the_damaged_file(qapp, damaged, monkeypatch):
    _choose(monkeypatch, "restore")
    decision = prepare_database(damaged, now=NOW)
    assert decision and decision.read_only is None
    db = open_database(damaged, create=False)
    try:
        assert count_clients(db) == 1
    finally:
        db.close()
    assert list(damaged.parent.glob("clinic.sqlite3.replaced-*"))  # kept, not deleted


def test_set_aside_moves_the_file_with_its_log_then_asks_again_next_time(
    qapp, damaged, monkeypatch
):
    asked = _choose(monkeypatch, "set_aside")
    assert prepare_database(damaged, now=NOW)
    assert not damaged.exists()
    assert (damaged.parent / "clinic.sqlite3.corrupt-20260301-090000").exists()
    # Had the therapist quit instead of starting afresh, the next start offers the backup.
    _choose(monkeypatch, "quit")
    asked_again = _choose(monkeypatch, "quit")
    assert not prepare_database(damaged, now=NOW)
    assert [c.status for c in asked + asked_again] == ["damaged", "missing_after_damage"]


def test_no_backup_means_no_restore_button_text(qapp, db_path, monkeypatch):
    db = open_database(db_path)
    save_client(db, make_client())
    db.close()
    with db_path.open("r+b") as f:
        f.write(bytes(100))
    asked = _choose(monkeypatch, "quit")
    prepare_database(db_path, now=NOW)
    assert "No good backup" in damaged_text(asked[0])


def test_a_missing_named_database_is_created_only_when_the_therapist_agrees(
    qapp, tmp_path, answer_create
):
    path = tmp_path / "elsewhere" / "clinic.sqlite3"
    answer_create.value = False
    assert not prepare_database(path)
    assert answer_create.asked == [path] and not path.parent.exists()
    answer_create.value = True
    assert prepare_database(path)


def test_cloud_folder_warning(qapp, tmp_path, monkeypatch, answer_create):
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
    # full check then runs and the choice is offered, no traceback, nothing moved.
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
    assert db_path.exists()
    assert not list(db_path.parent.glob("clinic.sqlite3.corrupt-*"))


def test_read_only_chosen_but_unreadable_offers_the_other_choices(
    qapp, damaged, tmp_path, monkeypatch
):
    # A wiped header cannot be read even read-only: the therapist is asked again, without
    # that choice, instead of seeing an error or a traceback; nothing is moved.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    before = _beside(damaged)
    asked = _choose(monkeypatch, "read_only", "quit")
    errors = []
    monkeypatch.setattr(ErrorMessage, "ask", classmethod(lambda c, p, t, m: errors.append(t)))
    monkeypatch.setattr(QApplication, "exec", lambda app: pytest.fail("no window should open"))
    assert run_gui(damaged, log_dir=tmp_path) == 1
    assert [c.status for c in asked] == ["damaged", "damaged"]
    assert asked.offered_read_only == [True, False]
    assert errors == []
    assert _beside(damaged) == before
