"""The composition root: start-up errors, the event loop, unexpected-error handling."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from PySide6.QtWidgets import QApplication

from glutedesk.storage import database as database_module
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import StorageError
from glutedesk.ui.app import build_main_window, make_excepthook, run_gui
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.main_window import MainWindow


def record_errors(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ErrorMessage,
        "ask",
        classmethod(lambda cls, parent, title, text: shown.append((title, text))),
    )
    return shown


def test_build_main_window(qtbot, file_db, db_path):
    window = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert window.windowTitle() == "GluteDesk — clinic.sqlite3"


def test_a_file_that_is_not_a_database_is_explained_and_exits_1(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = record_errors(monkeypatch)
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are not the records you are looking for" * 100)
    assert run_gui(path, log_dir=tmp_path / "logs") == 1
    [(title, text)] = shown
    assert title == "GluteDesk cannot open the database"
    assert "not a GluteDesk database" in text
    assert "Traceback" not in text
    assert path.read_bytes().startswith(b"these are not")


def test_any_storage_error_at_start_up_is_shown_and_exits_1(
    qapp, tmp_path, monkeypatch, answer_create
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = record_errors(monkeypatch)

    def refuse(path, **kwargs):
        raise StorageError("The database is on a drive that is not connected.")

    monkeypatch.setattr(database_module, "open_connection", refuse)  # what Clinic.open calls
    assert run_gui(tmp_path / "clinic.sqlite3", log_dir=tmp_path) == 1
    assert shown == [
        ("GluteDesk cannot open the database", "The database is on a drive that is not connected.")
    ]


def test_run_gui_shows_the_window_and_closes_the_database(
    qapp, tmp_path, monkeypatch, answer_create
):
    previous_hook = sys.excepthook
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    opened = []
    real_open = database_module.open_connection

    def spy_open(path, **kwargs):
        conn, db = real_open(path, **kwargs)
        opened.append(conn)
        return conn, db

    monkeypatch.setattr(database_module, "open_connection", spy_open)
    seen: list[str] = []

    def fake_exec(app) -> int:
        # Running the real event loop inside pytest-qt leaves later timers dead; instead,
        # look at what would be on screen and report a normal exit.
        seen.extend(
            w.windowTitle()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()
        )
        assert sys.excepthook is not previous_hook
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_gui(tmp_path / "new.sqlite3", log_dir=tmp_path) == 0
    assert QApplication.applicationName() == "GluteDesk"
    assert QApplication.organizationName() == "GluteDesk"
    assert seen == ["GluteDesk — new.sqlite3"]
    assert answer_create.asked == [tmp_path / "new.sqlite3"]  # a named new path: asked first
    assert (tmp_path / "new.sqlite3").exists()
    # The window's connection, and the backup on closing's own (in its worker thread).
    assert 1 <= len(opened) <= 2
    for db in opened:  # in_transaction asks only whether it is open, from any thread
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            db.in_transaction  # noqa: B018
    assert sys.excepthook is previous_hook


def test_unexpected_errors_are_logged_and_shown_calmly(tmp_path):
    shown: list[str] = []
    log_path = tmp_path / "logs" / "glutedesk.log"
    hook = make_excepthook(log_path, show=shown.append)
    try:
        raise ZeroDivisionError("division by zero in the symmetry index")
    except ZeroDivisionError:
        hook(*sys.exc_info())
    [message] = shown
    assert message.startswith("Something went wrong. Your saved records are safe.")
    assert f"Details were written to {log_path}" in message
    assert "Traceback" not in message and "ZeroDivisionError" not in message
    log = log_path.read_text(encoding="utf-8")
    assert "Traceback" in log
    assert "ZeroDivisionError: division by zero in the symmetry index" in log


def test_unwritable_log_still_shows_the_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    shown: list[str] = []
    hook = make_excepthook(blocker / "glutedesk.log", show=shown.append)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        hook(*sys.exc_info())
    [message] = shown
    assert "Your saved records are safe" in message
    assert "could not be written" in message
