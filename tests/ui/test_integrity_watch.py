"""The full integrity check runs after the window is up; damage stops all writes at once."""

from __future__ import annotations

import sqlite3

import pytest

from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.ui.app import build_main_window
from glutedesk.ui.integrity_watch import DamageFoundDialog, watch_integrity
from tests.factories import make_client


def _clinic(path, clients=20, settings=300):
    db = open_database(path)
    for i in range(clients):
        save_client(db, make_client(first_name=f"Client{i:03d}"))
    # Written last, these fill the file's last pages: damage there is invisible at start-up.
    with db.atomic():
        for i in range(settings):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [f"k{i:04d}", "v" * 400])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def _damage_late_pages(path, pages=3, page_size=4096):
    data = bytearray(path.read_bytes())
    start = len(data) - pages * page_size - page_size
    for i in range(start, start + pages * page_size):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.fixture
def asked(monkeypatch):
    calls = []
    monkeypatch.setattr(
        DamageFoundDialog,
        "ask",
        classmethod(
            lambda cls, parent, problem, backup, check=None: calls.append(problem) or False
        ),
    )
    return calls


def test_a_sound_database_stays_writable(qtbot, tmp_path, asked):
    path = tmp_path / "clinic.sqlite3"
    _clinic(path, settings=0)
    db = open_database(path)
    clinic = Clinic(db)
    window = build_main_window(clinic, path)
    qtbot.addWidget(window)
    watch = watch_integrity(window, clinic, path)
    qtbot.waitUntil(lambda: watch.done, timeout=20_000)
    assert watch.problem is None and asked == []
    save_client(db, make_client(first_name="Still", last_name="Writable"))
    window.close()
    db.close()


def test_damage_found_after_start_up_switches_saving_off(qtbot, tmp_path, asked):
    path = tmp_path / "clinic.sqlite3"
    _clinic(path)
    _damage_late_pages(path)
    db = open_database(path)  # the quick checks at start-up cannot see damaged pages
    clinic = Clinic(db)
    window = build_main_window(clinic, path)
    qtbot.addWidget(window)
    watch = watch_integrity(window, clinic, path)
    qtbot.waitUntil(lambda: watch.done, timeout=20_000)
    assert watch.problem is not None
    assert asked == [watch.problem]  # the therapist is told, never left unaware
    with pytest.raises(sqlite3.OperationalError):
        db.execute("INSERT INTO settings (key, value) VALUES ('a', 'b')")
    assert "saving is switched off" in window.statusBar().currentMessage()
    # The window turns read-only and says why; nothing was moved aside.
    assert window.read_only and "damaged" in window.read_only
    assert not window.read_only_banner.isHidden()
    assert not window.new_visit_action.isEnabled()
    assert path.exists() and not list(path.parent.glob("*.corrupt-*"))
    window.close()
    db.close()
