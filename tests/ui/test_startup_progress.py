"""Issue 14: the rare full check before the window (reading the records failed) and a restore
chosen there run in a worker thread behind a small progress window, not in silence."""

from __future__ import annotations

import sqlite3
import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from glutedesk.storage.clients import save_client
from glutedesk.storage.database import inspect_database, open_database
from glutedesk.storage.migrations import known_migrations
from glutedesk.ui import startup_dialogs
from glutedesk.ui.startup_dialogs import FULL_CHECK_LABEL, UPDATE_LABEL, prepare_database
from tests.factories import make_client


def _watch_progress(seen: list[str], ticks: list[float]) -> QTimer:
    def tick() -> None:
        ticks.append(time.monotonic())
        seen.extend(
            w.labelText()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        )

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(tick)
    timer.start()
    return timer


def test_the_full_check_before_the_window_shows_a_progress_window(qapp, db_path, monkeypatch):
    db = open_database(db_path)
    save_client(db, make_client(first_name="Kept"))
    db.close()
    real = startup_dialogs.startup_check
    calls: list[tuple[threading.Thread, bool, float, float]] = []

    def slow(*args, **kwargs):
        start = time.monotonic()
        time.sleep(0.8)  # a large clinic's full check
        try:
            return real(*args, **kwargs)
        finally:
            calls.append((threading.current_thread(), kwargs["full"], start, time.monotonic()))

    monkeypatch.setattr(startup_dialogs, "startup_check", slow)
    seen: list[str] = []
    ticks: list[float] = []
    timer = _watch_progress(seen, ticks)
    decision = prepare_database(db_path, full=True)
    timer.stop()
    assert decision and decision.read_only is None  # sound: it opens as usual
    [(thread, full, start, end)] = calls
    assert full and thread is not threading.main_thread()
    assert len([t for t in ticks if start <= t <= end]) >= 3  # the event loop kept answering
    assert FULL_CHECK_LABEL in seen  # and the therapist saw what is happening
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


def test_the_quick_check_stays_quiet_on_the_gui_thread(qapp, db_path, monkeypatch):
    open_database(db_path).close()
    real = startup_dialogs.startup_check
    calls: list[tuple[threading.Thread, bool]] = []

    def spy(*args, **kwargs):
        calls.append((threading.current_thread(), kwargs["full"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(startup_dialogs, "startup_check", spy)
    assert prepare_database(db_path)
    assert calls == [(threading.main_thread(), False)]


def test_an_older_clinic_is_updated_behind_a_progress_window(qapp, db_path, monkeypatch):
    db = open_database(db_path)
    save_client(db, make_client(first_name="Kept"))
    db.close()
    raw = sqlite3.connect(db_path)  # as GluteDesk before migration 0009 left it
    for (name,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'insights_summary_%'"
    ):
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute("DROP TABLE insights_summary")
    raw.execute("DELETE FROM _sqlite_migrations WHERE name >= '0009_insights_summary'")
    raw.commit()
    raw.close()
    real = startup_dialogs.update_database
    threads: list[threading.Thread] = []

    def slow(*args, **kwargs):
        threads.append(threading.current_thread())
        time.sleep(0.8)  # a large clinic's update
        return real(*args, **kwargs)

    monkeypatch.setattr(startup_dialogs, "update_database", slow)
    seen: list[str] = []
    ticks: list[float] = []
    timer = _watch_progress(seen, ticks)
    startup_dialogs.update_clinic(db_path)
    timer.stop()
    [thread] = threads
    assert thread is not threading.main_thread()
    assert UPDATE_LABEL in seen
    assert inspect_database(db_path).applied_migrations == known_migrations()
    startup_dialogs.update_clinic(db_path)  # up to date now: nothing runs, nothing shown
    assert len(threads) == 1
