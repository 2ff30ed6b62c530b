"""Opening the visit editor steps the application's input watchers (the input guard, the idle
lock) aside while it is built and shown, and puts them back; its own keys sit on the widget
with the focus, not on the application."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from glutedesk.storage.clinic import Clinic
from glutedesk.ui import idle
from glutedesk.ui.app import build_main_window
from glutedesk.ui.input_guard import install_input_guard
from glutedesk.ui.visit_editor.editor_navigation import OBJECTIVE, PAIN_MAP, SUBJECTIVE
from tests.ui.test_input_guard import wheel


def test_the_input_watchers_are_back_once_the_editor_is_open(
    qtbot, clinic, file_db, db_path, monkeypatch
):
    window = build_main_window(Clinic(file_db), db_path)  # with its idle lock
    qtbot.addWidget(window)
    install_input_guard()
    noted: list[int] = []
    monkeypatch.setattr(idle, "note_input", lambda: noted.append(1))
    editor = window.open_visit_editor(clinic["Zoë"], None)
    qtbot.waitExposed(editor)
    editor.go_to(OBJECTIVE)  # a section built on the way (the watchers step aside again)
    editor.go_to(SUBJECTIVE)

    QTest.keyClick(editor.focusWidget(), Qt.Key.Key_Shift)
    assert noted  # the idle lock saw the key press

    best = editor.subjective.nprs_best  # a spin box without the focus
    assert not best.hasFocus() and best.isEnabled()
    before = best.value()
    wheel(best)
    assert best.value() == before  # the input guard passed the wheel to the page
    editor._clean = editor.collect()
    editor.close()


def test_the_editor_keys_follow_the_focus_and_leave_with_the_editor(qtbot, clinic, make_editor):
    editor = make_editor(clinic["Zoë"])
    editor.show()
    ctrl = Qt.KeyboardModifier.ControlModifier
    editor.subjective.nprs_best.setFocus()  # moved in code, the window active or not
    QTest.keyClick(editor.subjective.nprs_best, Qt.Key.Key_PageDown, ctrl)
    assert editor.current_section() == PAIN_MAP
    QTest.keyClick(editor.focusWidget() or editor, Qt.Key.Key_PageUp, ctrl)
    assert editor.current_section() == SUBJECTIVE

    editor._clean = editor.collect()
    focused = editor.focusWidget()
    assert focused is not None
    editor.close()
    QTest.keyClick(focused, Qt.Key.Key_PageDown, ctrl)
    assert editor.current_section() == SUBJECTIVE  # closed: its keys are caught no more
