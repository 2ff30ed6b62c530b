"""The lock screen and privacy mode on a real window over a real (protected) clinic file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from glutedesk.storage.clinic import Clinic
from glutedesk.ui.app import build_main_window
from glutedesk.ui.privacy import MASKED_TITLE

PASS = "correct horse battery staple"


@pytest.fixture
def protected(clinic, file_db, db_path):
    file_db.close()
    opened = Clinic.open(db_path, create=False)
    result = opened.change_passphrase(PASS)
    assert result.recovery_key
    yield opened, clinic
    opened.close()


@pytest.fixture
def app_window(qtbot, protected, db_path, monkeypatch):
    from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog

    # The window closes at the end of each test; an editor's typing is then let go.
    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    opened, _ = protected
    window = build_main_window(opened, db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _type_and_enter(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_ctrl_l_covers_every_window_and_unlocking_keeps_unsaved_typing(
    qtbot, app_window, protected
):
    _, seeded = protected
    window = app_window
    editor = window.open_visit_editor(seeded["Arjun"], None)
    qtbot.waitExposed(editor)
    notes = editor.findChildren(QPlainTextEdit)[0]
    notes.setFocus()
    qtbot.keyClicks(notes, "Left glute tender on palpation")
    lock = window.protection.lock

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    assert len(lock.covers) >= 2  # the main window and the open editor
    assert all(c.isVisible() for c in lock.covers)
    assert not notes.isEnabled()  # nothing under the cover takes typing
    assert not window.new_client_action.isEnabled()
    form = next(c for c in lock.covers if c.field is not None)

    _type_and_enter(qtbot, form.field, "not the passphrase")
    assert lock.locked and "not the passphrase" in form.error.text()

    _type_and_enter(qtbot, form.field, PASS)
    qtbot.waitUntil(lambda: not lock.locked, timeout=20000)
    assert editor.isVisible() and notes.isEnabled()
    assert "Left glute tender on palpation" in notes.toPlainText()
    assert window.new_client_action.isEnabled()


def test_the_window_locks_itself_after_no_input(qtbot, app_window):
    lock = app_window.protection.lock
    assert app_window.protection.lock.clinic.lock_minutes() == 5  # the default
    assert lock.timer.isActive() and lock.timer.interval() == 5 * 60_000
    lock.timer.setInterval(300)  # the same timer, run short so the test need not wait minutes
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=10000)


def test_a_plain_clinic_locks_only_with_a_pin(qtbot, clinic, file_db, db_path):
    window = build_main_window(Clinic(file_db), db_path)
    qtbot.addWidget(window)
    lock = window.protection.lock
    assert lock.how is None and not lock.action.isEnabled()
    lock.lock()
    assert not lock.locked  # nothing could unlock it, so it does not lock
    Clinic(file_db).set_pin("4821")
    lock.restart()
    assert lock.how == "PIN" and lock.action.isEnabled()
    window.show()
    lock.lock()
    form = next(c for c in lock.covers if c.field is not None)
    _type_and_enter(qtbot, form.field, "1111")
    assert lock.locked
    _type_and_enter(qtbot, form.field, "4821")
    assert not lock.locked


def test_privacy_shortcut_blurs_names_and_masks_titles(qtbot, app_window):
    window = app_window
    title = window.windowTitle()
    table = window.client_list.view.table
    assert table.graphicsEffect() is None

    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: table.graphicsEffect() is not None, timeout=5000)
    assert window.details.view.name_label.graphicsEffect() is not None
    assert window.windowTitle() == MASKED_TITLE

    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: table.graphicsEffect() is None, timeout=5000)
    assert window.windowTitle() == title
    QApplication.processEvents()
