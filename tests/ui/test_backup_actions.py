"""File ▸ Back up now / Restore from backup, the automatic backups, and restore-and-reopen."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import sys
import time

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from glutedesk.storage.backup import backup_database, is_manual, list_backups, verify_backup
from glutedesk.storage.clients import count_clients, save_client, search_clients
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.storage.errors import DiskFullError
from glutedesk.storage.second_place import second_place_status
from glutedesk.ui import backup_actions as module
from glutedesk.ui.app import build_main_window, run_gui
from glutedesk.ui.auto_backup import backup_on_close
from glutedesk.ui.backup_actions import (
    BackupFolderDialog,
    ChangedBackupWarning,
    ConfirmRestore,
    InfoMessage,
    RestoreFileDialog,
)
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.first_paint import first_paint_done
from glutedesk.ui.main_window import MainWindow
from glutedesk.ui.second_place_dialog import BackupPlacesDialog, SecondPlaceFolderDialog
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
    window = build_main_window(Clinic(file_db), db_path)
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
    assert title == "Backup made" and str(made) in text and "(1 client, 0 visits)" in text


def test_a_failed_backup_is_explained(built, tmp_path, monkeypatch, messages):
    monkeypatch.setattr(BackupFolderDialog, "ask", classmethod(lambda c, p, s: tmp_path))

    def full(*args, **kwargs):
        raise DiskFullError("Could not back up: the disk is full.")

    monkeypatch.setattr(Clinic, "back_up", full)
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


def _auto_backup(qtbot, window):
    """Start the automatic backup and wait for it (it runs in its own thread); return it."""
    with qtbot.waitSignal(window.backup_actions.auto.finished, timeout=60_000) as done:
        assert window.backup_actions.auto_backup()
    return done.args[0]


def test_automatic_backup_reports_in_the_status_bar(built, db_path, qtbot):
    made = _auto_backup(qtbot, built)
    assert made is not None and made in list_backups(built.backup_actions.backup_dir)
    assert made.name in built.statusBar().currentMessage()
    assert _auto_backup(qtbot, built) is None  # nothing new since


def test_backup_on_close_failure_is_explained(file_db, db_path, monkeypatch, messages):
    def broken(*args, **kwargs):
        raise OSError("the backup folder is on a disconnected drive")

    monkeypatch.setattr(Clinic, "back_up_if_due", broken)
    assert backup_on_close(Clinic(file_db), db_path) is None
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
        counts.append(count_clients(window._clinic.db))
        # The File menu's backup actions are added straight after the window's first paint:
        # let the events run that far, as the real loop would.
        deadline = time.monotonic() + 30
        while not first_paint_done(window) and time.monotonic() < deadline:
            QApplication.processEvents()
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


def test_back_up_now_proposes_the_backup_folder_created_and_makes_a_manual_backup(
    built, db_path, monkeypatch, messages
):
    proposed = []

    def choose(cls, parent, start):
        proposed.append(start)
        return start

    monkeypatch.setattr(BackupFolderDialog, "ask", classmethod(choose))
    made = built.backup_actions.back_up_now()
    [start] = proposed
    assert start == db_path.parent / "clinic-backups" and start.is_dir()  # it can be chosen
    assert stat.S_IMODE(start.stat().st_mode) == 0o700
    assert made is not None and is_manual(made) and made.parent == start
    assert "GluteDesk never deletes a backup you make yourself." in messages[0][1]
    assert "File ▸ Backup places" in messages[0][1]  # no second place yet: how to choose one


def _changed_backup(db, tmp_path):
    made = backup_database(db, tmp_path / "b", manual=True)
    conn = sqlite3.connect(made)
    conn.execute("UPDATE clients SET first_name = 'Edited'")
    conn.commit()
    conn.close()
    return made


def test_restoring_a_changed_backup_warns_with_cancel_as_default(
    built, file_db, tmp_path, monkeypatch, messages
):
    made = _changed_backup(file_db, tmp_path)
    monkeypatch.setattr(RestoreFileDialog, "ask", classmethod(lambda c, p, s: made))
    shown = []

    def press_enter(box):  # what Enter or Escape would press: the default button
        shown.append((box.windowTitle(), box.text(), box.defaultButton().text()))
        box.defaultButton().click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_enter)
    confirm = []
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda c, p, b, ch: confirm.append(b)))
    assert not built.backup_actions.restore_from_backup()
    [(title, text, default)] = shown
    assert title == "This backup was changed" and default == "Cancel"
    assert text.startswith(f"{made.name} has changed since GluteDesk wrote it")
    assert confirm == [] and built.backup_actions.restore_request is None


def test_a_changed_backup_accepted_in_the_dialog_is_restored(
    built, file_db, db_path, tmp_path, monkeypatch, messages
):
    made = _changed_backup(file_db, tmp_path)
    monkeypatch.setattr(RestoreFileDialog, "ask", classmethod(lambda c, p, s: made))
    monkeypatch.setattr(ChangedBackupWarning, "ask", classmethod(lambda c, p, s, t: True))
    monkeypatch.setattr(ConfirmRestore, "ask", classmethod(lambda c, p, b, check: True))
    built.show()
    assert built.backup_actions.restore_from_backup()
    file_db.close()
    assert module.perform_restore(db_path, made)
    db = open_database(db_path, create=False)
    try:
        assert [c.first_name for c in search_clients(db, "")] == ["Edited"]
    finally:
        db.close()
    # Accepted once, for those bytes only: a second restore of it is refused again.
    assert not module.perform_restore(db_path, made)
    assert messages[-1][0] == "The backup could not be restored"


def test_backup_places_dialog_chooses_the_second_place_and_the_banner_warns(
    built, file_db, db_path, tmp_path, monkeypatch, messages, qtbot
):
    usb = tmp_path / "usb"
    usb.mkdir()
    assert _auto_backup(qtbot, built) is not None
    monkeypatch.setattr(SecondPlaceFolderDialog, "ask", classmethod(lambda c, p, s: usb))
    dialog = BackupPlacesDialog(
        built,
        Clinic(file_db),
        db_path,
        built.backup_actions.backup_dir,
        on_chosen=built.backup_actions.copy_newest_to_second_place,
    )
    assert dialog.place_label.text() == "No second place chosen yet."
    assert dialog.choose() == usb
    assert second_place_status(file_db).place == usb
    assert "The newest backup was copied there and checked" in dialog.note_label.text()
    assert len(list_backups(usb)) == 1 and dialog.place_label.text().endswith("(plugged in)")
    assert not built.backup_actions.refresh_banner()
    usb.rename(tmp_path / "unplugged")
    later = dt.datetime.now().astimezone() + dt.timedelta(days=8)
    built.backup_actions._now = lambda: later
    warning = built.backup_actions.refresh_banner()
    assert warning and warning.startswith("Your backups have not reached the second place")
    assert built.backup_actions.banner.toolTip() == warning
    assert "Backups have not reached the second place for 8 days" in (
        built.backup_actions.banner.text()
    )
    assert not built.backup_actions.banner.isHidden()
    dialog.forget()
    assert second_place_status(file_db).place is None and not built.backup_actions.refresh_banner()


def test_back_up_now_runs_in_a_worker_while_the_window_keeps_answering(
    built, tmp_path, monkeypatch, messages
):
    """Issue 14: the backup's copy and check run off the GUI thread (behind a progress dialog);
    the window's event loop keeps running meanwhile."""
    import threading
    import time

    from PySide6.QtCore import QTimer

    folder = tmp_path / "usb"
    monkeypatch.setattr(BackupFolderDialog, "ask", classmethod(lambda c, p, start: folder))
    threads, ticks = [], []
    real = Clinic.back_up

    def large(self, *args, **kwargs):
        threads.append(threading.current_thread())
        time.sleep(0.6)  # a large clinic's copy and check
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Clinic, "back_up", large)
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    made = built.backup_actions.back_up_now()
    timer.stop()
    assert threads and threads[0] is not threading.main_thread()
    assert len(ticks) >= 3  # the GUI thread answered events during the backup
    assert made is not None and made.parent == folder and verify_backup(made).ok
    [(title, text)] = messages
    assert title == "Backup made" and str(made) in text
