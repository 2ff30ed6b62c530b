"""The editor's problems list and signature panel fold to one line, so the form gets the space.

Real windows fitted to a 1366×768 and a 1024×640 screen, driven by real clicks and keys: the
problems list opens when a problem appears and can be folded; the signature panel is one line
until the visit is saved without errors, then opens with its Sign button, which still signs.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from glutedesk.ui.amendments import SignVisitDialog
from glutedesk.ui.style import apply_style
from tests.ui.test_window_fit import SCREENS, fit_and_show

CTRL = Qt.KeyboardModifier.ControlModifier
LAPTOPS = ("1366x768", "1024x640")


@pytest.fixture(autouse=True)
def real_style(qapp):
    apply_style(qapp, dark=False)


def inside(widget: QWidget) -> bool:
    """``widget`` is shown and wholly inside its window."""
    window = widget.window()
    corner = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(corner, widget.size()))


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("size", LAPTOPS)
def test_the_form_gets_the_space_and_both_panels_still_work(
    clinic, make_editor, qtbot, monkeypatch, size
):
    monkeypatch.setattr(SignVisitDialog, "ask", classmethod(lambda cls, p, label, who: who))
    editor = make_editor(clinic["Liam"], copy_last=False)
    fit_and_show(qtbot, editor, SCREENS[size])
    view = editor.view
    problems, signature = view.problems_fold, view.signature_fold
    editor.refresh_now()

    # A new visit: its problems are listed; the signature panel is a single line.
    assert problems.is_open() and inside(editor.issues)
    assert not signature.is_open() and not editor.amendments.isVisible()
    assert inside(signature.toggle) and "save the visit" in signature.summary.text()
    line = signature.toggle.height()
    assert signature.height() <= line + 6

    # Folded by a click: one line saying how many problems; the form grows by the list.
    form_before = editor.stack.height()
    click(problems.toggle)
    qtbot.waitUntil(lambda: not editor.issues.isVisible())
    qtbot.waitUntil(lambda: editor.stack.height() > form_before)
    assert "error" in problems.summary.text()
    assert problems.height() <= line + 6
    # The form has most of the window (header, one line each for the two panels).
    assert editor.stack.height() >= 0.65 * editor.height()

    # Reached with the keyboard: Space on the focused toggle opens it again.
    problems.toggle.setFocus(Qt.FocusReason.TabFocusReason)
    assert problems.toggle.focusPolicy() & Qt.FocusPolicy.TabFocus
    QTest.keyClick(problems.toggle, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: editor.issues.isVisible())
    click(problems.toggle)  # folded again by the therapist
    qtbot.waitUntil(lambda: not editor.issues.isVisible())

    # Fixing the problems keeps it folded, saying all is well.
    editor.subjective.therapist.setText("Sam Therapist")
    editor.subjective.red_flags.screened.setChecked(True)
    editor.refresh_now()
    errors = [p for p in editor.problems() if p.is_error]
    assert not errors, errors
    assert not problems.is_open() and "ready to save" in problems.summary.text()

    # A problem appearing opens the list, with the problem in view.
    editor.subjective.therapist.clear()
    editor.refresh_now()
    assert problems.is_open() and inside(editor.issues)
    editor.subjective.therapist.setText("Sam Therapist")

    # Saved without errors: the signature panel opens, its Sign button in view and working.
    QTest.keyClick(editor.focusWidget() or editor, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.is_new and not editor.is_dirty(), timeout=10000)
    qtbot.waitUntil(lambda: editor.amendments.sign_button.isVisible())
    assert signature.is_open() and inside(editor.amendments.sign_button)
    assert editor.stack.height() >= 0.5 * editor.height()
    click(editor.amendments.sign_button)
    qtbot.waitUntil(lambda: editor.is_signed, timeout=10000)
    assert signature.is_open() and "Signed by Sam Therapist" in signature.summary.text()
    assert inside(editor.amendments.amend_button)

    # The therapist can fold it to one line with the keyboard too.
    signature.toggle.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(signature.toggle, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not editor.amendments.isVisible())
    assert "Signed by Sam Therapist" in signature.summary.text()


@pytest.mark.parametrize("size", LAPTOPS)
def test_a_signed_visit_with_amendments_fits_with_its_panel_open(
    clinic, make_editor, file_db, qtbot, size
):
    from glutedesk.storage.clinic import Clinic
    from tests.ui.test_visit_editor_signing import get_visit_ids

    visit_id = get_visit_ids(file_db, clinic["Zoë"])[0]
    stored = Clinic(file_db)
    stored.sign(visit_id, "Sam Therapist")
    stored.amend(visit_id, "Sam Therapist", "Client phoned", "general", "Pain eased by evening")
    editor = make_editor(clinic["Zoë"], visit_id)
    fit_and_show(qtbot, editor, SCREENS[size])
    signature = editor.view.signature_fold
    assert signature.is_open()
    qtbot.waitUntil(lambda: editor.amendments.list_view.isVisible())
    assert inside(editor.amendments.list_view) and inside(editor.amendments.amend_button)
    assert "Pain eased by evening" in editor.amendments.list_view.toPlainText()
    # The amendments take the room they need, not a fixed box: the form keeps half or more.
    assert editor.stack.height() >= 0.45 * editor.height()
