"""File ▸ Back up now / Restore from backup, the automatic backups, and restore-and-reopen."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication

from glutedesk.storage.backup import backup_database, list_backups, verify_backup
from glutedesk.storage.clients import count_clients, save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.errors import DiskFullError
from glutedesk.ui import backup_actions as module
from glutedesk.ui.app import build_main_window, run_gui
from glutedesk.ui.backup_actions import (
    BackupFolderDialog,
    ConfirmRestore,
    InfoMessage,
    RestoreFileDialog,
    backup_on_close,
)
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.main_window import MainWindow
from tests.factories import make_client


@pytest.fixture
def messages(monkeypatch):
    shown = []
    monkeypatch.setattr(InfoMessage, "ask", classmethod(lambda c, p, t, m: shown.append((t, m))))
    monkeypatch.setattr(ErrorMessage, "ask", classmethod(lambda c, p, t, m: shown.append((t, m))))
    return shown


@pytest.fixture
def built(qtbot, file_db, db_path):
    save_client(file_db, make_client(first_name="Before"))
    window = build_main_window(file_db, db_path)
    qtbot.addWidget(window)
    return window


def test_menu_has_backup_and_restore_above_quit(built):
    texts = [a.text() for a in built.file_menu.actions()]
    assert (
        texts.index("&Back up now…") < texts.index("&Restore from backup…") < texts.index("&Quit")
    )


def test_back_up_now_to_a_chosen_folder(built, tmp_path, monkeypatch, messages):
    folder = tmp_path / "usb"
    monkeypatch.setattr(BackupFolderDialog, "ask", classmethod(lambda c, p, start: folder))
    made = built.backup_actions.back_up_now()
    assert made is not None and made.parent == folder and verify_backup(made).ok
    [(title, text)] = messages
    assert title == "Backup made" and str(made) in text and "1 clients" in text


def test_a_failed_backup_is_explained(built, tmp_path, monkeypatch, messages):
    monkeypatch.setattr(BackupFolderDialog, "ask", classmethod(lambda c, p, s: tmp_path))

    def full(*args, **kwargs):
        raise DiskFullError("Could not back up: the disk is full.")

    monkeypatch.setattr(module, "make_backup", full)
    assert built.backup_actions.back_up_now() is None
    assert messages == [("The backup failed", "Could not back up: the disk is full.")]


def test_restore_refuses_a_bad_file_and_asks_before_a_good_one(
    built, file_db, tmp_path, monkeypatch, messages
):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\0" * 4096)
    monkeypatch.setattr(RestoreFileDialog, "ask", classmethod(lambda c, p, s: bad))
    assert not built.backup_actions.restore_from_backup()
    assert messages[0][0] == "This backup cannot be restored"
    assert built.backup_actions.restore_request is None
    good = backup_database(file_db, tmp_path / "b")
    monkeypatch.setattr(RestoreFileDialog, "ask", classmethod(lambda c, p, s: good))
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda c, p, b, check: False))
    assert not built.backup_actions.restore_from_backup()
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda c, p, b, check: True))
    built.show()
    assert built.backup_actions.restore_from_backup()
    assert built.backup_actions.restore_request == good and not built.isVisible()


def test_automatic_backup_reports_in_the_status_bar(built, db_path):
    made = built.backup_actions.auto_backup()
    assert made is not None and made in list_backups(built.backup_actions.backup_dir)
    assert made.name in built.statusBar().currentMessage()
    assert built.backup_actions.auto_backup() is None  # nothing new since


def test_backup_on_close_failure_is_explained(file_db, db_path, monkeypatch, messages):
    def broken(*args, **kwargs):
        raise OSError("the backup folder is on a disconnected drive")

    monkeypatch.setattr(module, "backup_if_due", broken)
    assert backup_on_close(file_db, db_path) is None
    assert messages[0][0] == "The automatic backup failed"


def test_run_gui_backs_up_on_close_and_restores_then_reopens(qapp, tmp_path, monkeypatch, messages):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    save_client(db, make_client(first_name="Kept"))
    good = backup_database(db, tmp_path / "manual")
    save_client(db, make_client(first_name="Lost"))
    db.close()
    counts: list[int] = []

    def fake_exec(app) -> int:
        [window] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.db_path == path
        ]
        counts.append(count_clients(window._db))
        if len(counts) == 1:  # the therapist picks File ▸ Restore from backup…
            window.backup_actions.restore_request = good
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_gui(path, log_dir=tmp_path) == 0
    assert counts == [2, 1]  # the restored records opened in a new window
    assert ("Records restored", f"Your records were restored from {good.name}.") in messages
    assert list(tmp_path.glob("clinic.sqlite3.replaced-*"))
    assert len(list_backups(tmp_path / "clinic-backups")) == 1  # the backup on close
