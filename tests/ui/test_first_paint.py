"""The main window first, the rest straight after its first paint (ui/first_paint.py)."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.ui import app as app_module
from glutedesk.ui.accessibility import derive_name, uninstall_accessible_names
from glutedesk.ui.first_paint import after_first_paint, first_paint_done
from glutedesk.ui.input_guard import _GUARD_NAME, InputGuard
from tests.factories import make_client


class PaintLog(QObject):
    """Records "paint" when ``widget`` is painted, so callbacks can be placed after it."""

    def __init__(self, widget: QWidget, log: list[str]) -> None:
        super().__init__(widget)
        self.log = log
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and "paint" not in self.log:
            self.log.append("paint")
        return False


def test_callbacks_run_after_the_first_paint_in_order_and_once(qtbot):
    widget = QLabel("Clients")
    qtbot.addWidget(widget)
    log: list[str] = []
    PaintLog(widget, log)
    after_first_paint(widget, lambda: log.append("first"))
    after_first_paint(widget, lambda: log.append("second"))
    widget.show()
    qtbot.waitUntil(lambda: first_paint_done(widget), timeout=10_000)
    assert log == ["paint", "first", "second"]
    widget.update()
    qtbot.wait(50)
    assert log == ["paint", "first", "second"]  # later paints run nothing again
    after_first_paint(widget, lambda: log.append("late"))  # already painted: at once
    assert log[-1] == "late"


def test_a_window_never_shown_still_gets_its_callbacks(qtbot):
    widget = QLabel("never shown")
    qtbot.addWidget(widget)
    ran: list[str] = []
    after_first_paint(widget, lambda: ran.append("ran"))
    assert not ran  # not during the call: once the event loop runs
    qtbot.waitUntil(lambda: ran == ["ran"], timeout=10_000)


def test_a_failing_callback_does_not_stop_the_others(qtbot, monkeypatch):
    widget = QLabel("x")
    qtbot.addWidget(widget)
    seen: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda _t, exc, _tb: seen.append(exc))
    ran: list[str] = []

    def fail() -> None:
        raise ValueError("broken")

    after_first_paint(widget, fail)
    after_first_paint(widget, lambda: ran.append("after"))
    qtbot.waitUntil(lambda: first_paint_done(widget), timeout=10_000)
    qtbot.wait(20)
    assert ran == ["after"]
    assert [str(e) for e in seen] == ["broken"]


@pytest.fixture
def no_guard_or_names(qapp):
    """Start without the input guard and the accessible names (other tests installed them)."""
    old = qapp.findChild(InputGuard, _GUARD_NAME)
    if old is not None:
        qapp.removeEventFilter(old)
        old.setObjectName("")
        old.deleteLater()
    uninstall_accessible_names(qapp)
    yield
    uninstall_accessible_names(qapp)


def test_the_window_shows_its_clients_first_and_is_complete_after_its_first_paint(
    qtbot, file_db, db_path, no_guard_or_names
):
    for name in ("Ada", "Bea", "Cy"):
        save_client(file_db, make_client(first_name=name))
    clinic = Clinic(file_db)
    window = app_module.open_main_window(clinic, db_path)
    qtbot.addWidget(window)

    # What the first paint shows is there before the event loop runs...
    assert window.isVisible()
    assert window.client_list.model.rowCount() == 3
    assert [a.text() for a in window.file_menu.actions()][:2] == ["New &client…", "&New visit"]
    # ...and what it does not need is not yet.
    assert window.backup_actions is None and window.protection is None
    assert window.clinic_files is None and window.clinic_jobs is None
    assert QApplication.instance().findChild(InputGuard, _GUARD_NAME) is None
    assert window.client_list.accessibleName() == ""
    assert not first_paint_done(window)

    qtbot.waitUntil(lambda: first_paint_done(window), timeout=20_000)
    assert window.backup_actions is not None and window.protection is not None
    assert window.clinic_files is not None and window.clinic_jobs is not None
    texts = [a.text() for a in window.file_menu.actions()]
    assert window.protection.lock.action.text() in texts  # Lock now, above Quit
    assert texts[-1] == "&Quit"
    assert QApplication.instance().findChild(InputGuard, _GUARD_NAME) is not None
    # The widgets polished before the names were installed got the names they would have.
    assert window.client_list.accessibleName() == derive_name(window.client_list) != ""
    assert window.details.accessibleName() == derive_name(window.details) != ""


def test_a_read_only_window_is_read_only_before_and_after_its_set_up(
    qtbot, file_db, db_path, no_guard_or_names
):
    save_client(file_db, make_client(first_name="Ada"))
    window = app_module.open_main_window(Clinic(file_db), db_path, read_only="a test says so")
    qtbot.addWidget(window)
    assert not window.new_visit_action.isEnabled() and window.read_only_banner.isVisible()
    qtbot.waitUntil(lambda: first_paint_done(window), timeout=20_000)
    assert not window.new_visit_action.isEnabled()
    assert window.windowTitle() == f"GluteDesk — {db_path.name} (read-only)"
    assert window.backup_actions is not None and not window.backup_actions.timer.isActive()


def test_the_watcher_does_not_keep_a_window_alive(qtbot):
    # Nothing the watcher keeps may hold the window: a leaked window keeps all its widgets,
    # and every later change of style walks them all.
    freed: list[str] = []

    def make(name: str, show: bool) -> None:
        window = QLabel(name)
        window.destroyed.connect(lambda: freed.append(name))
        after_first_paint(window, lambda: None)
        if show:
            window.show()
            qtbot.waitUntil(lambda: first_paint_done(window), timeout=20_000)
            window.close()

    make("dropped before its first paint", show=False)
    make("closed after it", show=True)
    gc.collect()
    QApplication.processEvents()
    assert sorted(freed) == ["closed after it", "dropped before its first paint"]
