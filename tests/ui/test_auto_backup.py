"""Issue 14: the hourly automatic backup runs off the GUI thread, quietly, one backup at a time,
and closing the window lets it finish before the clinic is closed (no torn backup)."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from glutedesk.storage.backup import list_backups, verify_backup
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.ui.app import build_main_window, run_gui
from glutedesk.ui.auto_backup import RUNNING_NOTE, auto_backup_running
from glutedesk.ui.backup_actions import BackupFolderDialog, InfoMessage
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.first_paint import first_paint_done
from glutedesk.ui.main_window import MainWindow
from tests.factories import make_client

SLOW_S = 0.6  # a large clinic's copy and check


@pytest.fixture
def dialogs(monkeypatch):
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


@pytest.fixture
def slow_backups(monkeypatch):
    """Every backup takes a while and records (what, thread, start, end)."""
    spans: list[tuple[str, threading.Thread, float, float]] = []

    def slowed(name, real):
        def run(self, *args, **kwargs):
            start = time.monotonic()
            time.sleep(SLOW_S)
            try:
                return real(self, *args, **kwargs)
            finally:
                spans.append((name, threading.current_thread(), start, time.monotonic()))

        return run

    monkeypatch.setattr(Clinic, "back_up_if_due", slowed("due", Clinic.back_up_if_due))
    monkeypatch.setattr(Clinic, "back_up", slowed("manual", Clinic.back_up))
    return spans


def _ticking(ticks: list[float]) -> QTimer:
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    return timer


def test_the_automatic_backup_runs_in_its_own_thread_while_the_window_keeps_answering(
    built, qtbot, slow_backups, dialogs
):
    ticks: list[float] = []
    timer = _ticking(ticks)
    actions = built.backup_actions
    with qtbot.waitSignal(actions.auto.finished, timeout=60_000) as done:
        assert actions.auto_backup()
        assert built.statusBar().currentMessage() == RUNNING_NOTE  # said, quietly
        assert QApplication.overrideCursor() is None  # no wait cursor: the window is free
        assert not actions.auto_backup()  # never a second one while it runs
    timer.stop()
    [(what, thread, start, end)] = slow_backups
    assert what == "due" and thread is not threading.main_thread()
    assert len([t for t in ticks if start <= t <= end]) >= 3  # the GUI thread kept answering
    made = done.args[0]
    assert made is not None and verify_backup(made).ok
    assert made.name in built.statusBar().currentMessage()
    assert dialogs == []  # an automatic backup never opens a dialog
    assert not auto_backup_running()


def test_back_up_now_waits_for_a_running_automatic_backup(
    built, qtbot, tmp_path, monkeypatch, slow_backups, dialogs
):
    folder = tmp_path / "usb"
    monkeypatch.setattr(BackupFolderDialog, "ask", classmethod(lambda c, p, start: folder))
    actions = built.backup_actions
    with qtbot.waitSignal(actions.auto.finished, timeout=60_000) as done:
        assert actions.auto_backup()
        manual = actions.back_up_now()  # asked for while the automatic one runs
    spans = {what: (start, end) for what, _thread, start, end in slow_backups}
    assert spans["manual"][0] >= spans["due"][1]  # it began once the automatic one was over
    assert manual is not None and verify_backup(manual).ok and verify_backup(done.args[0]).ok
    assert [title for title, _text in dialogs] == ["Backup made"]


def test_a_failing_automatic_backup_says_so_in_the_status_bar_only(
    built, qtbot, monkeypatch, dialogs
):
    def broken(self, *args, **kwargs):
        raise OSError("the backup folder is on a disconnected drive")

    monkeypatch.setattr(Clinic, "back_up_if_due", broken)
    with qtbot.waitSignal(built.backup_actions.auto.finished, timeout=60_000) as done:
        assert built.backup_actions.auto_backup()
    assert done.args[0] is None
    message = built.statusBar().currentMessage()
    assert message.startswith("Automatic backup failed:") and "disconnected drive" in message
    assert dialogs == []
    assert not built.backup_actions.auto.running  # the next hour tries again


def test_a_read_only_window_makes_no_automatic_backup(built, qtbot):
    built.set_read_only("it is damaged (test)")
    assert not built.backup_actions.auto_backup()
    assert list_backups(built.backup_actions.backup_dir) == []


def test_closing_the_window_lets_a_running_automatic_backup_finish_first(
    qapp, tmp_path, monkeypatch, slow_backups, dialogs
):
    """The window closes while the hourly backup runs: run_gui waits for it (off screen)
    before the backup on closing (itself in a worker) and before the clinic closes; no
    half-written file is left."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = tmp_path / "clinic.sqlite3"
    db = open_database(path)
    save_client(db, make_client(first_name="Kept"))
    db.close()
    running_at_close: list[bool] = []
    real_close = Clinic.close

    def closing(self):
        if threading.current_thread() is threading.main_thread():  # the window's clinic
            running_at_close.append(auto_backup_running())
        real_close(self)

    monkeypatch.setattr(Clinic, "close", closing)

    def fake_exec(app) -> int:
        [window] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        deadline = time.monotonic() + 30
        while not first_paint_done(window) and time.monotonic() < deadline:
            QApplication.processEvents()
        assert window.backup_actions.auto_backup()
        window.close()  # at once, while it copies
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_gui(path, log_dir=tmp_path) == 0
    assert not auto_backup_running()
    assert running_at_close and not any(running_at_close)
    (auto, auto_thread, _s1, auto_end), (on_close, close_thread, close_start, _e2) = slow_backups
    assert auto == on_close == "due"
    assert threading.main_thread() not in (auto_thread, close_thread)  # both off the GUI thread
    assert close_start >= auto_end  # the backup on closing waited for the automatic one
    backups = list_backups(tmp_path / "clinic-backups")
    assert len(backups) == 1 and verify_backup(backups[0]).ok  # on closing: nothing new since
    assert not list((tmp_path / "clinic-backups").glob("*.partial"))
    assert dialogs == []
