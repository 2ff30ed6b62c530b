"""How many keystrokes and clicks a typical follow-up visit takes (the number is in
docs/visit-editor.md).

The script below drives the real window with real key and mouse events (QTest) sent to
whichever widget has the focus. The count is not the script's own tally: an application
event filter counts the key and mouse-button releases Qt actually delivers to the main window
and the editor (a chord such as Ctrl+S is one keystroke; an event propagated to a parent is
counted once). The visit must be saved exactly as typed, and the count must stay within the
documented figure, so a change to the focus order or the shortcuts that needs more keys fails.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from glutedesk.domain.models import Instrument, Side
from glutedesk.storage.visits import get_visit, latest_visit
from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog
from tests.ui.event_count import ALT, CTRL, counted_new_visit

# The documented count (docs/visit-editor.md): keys that are not free text, characters of
# free text, and mouse clicks.
DOCUMENTED_KEYS = 28
DOCUMENTED_TEXT = 11
DOCUMENTED_CLICKS = 1


def focused(editor) -> QWidget:
    widget = editor.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def test_a_typical_follow_up_visit(window, clinic, file_db, monkeypatch, qtbot):
    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    zoe = clinic["Zoë"]
    last = latest_visit(file_db, zoe)
    with counted_new_visit(window, zoe, qtbot) as (editor, counted):
        assert editor.copied_forward
        assert editor.focusWidget() is editor.subjective.nprs_now
        _follow_up(editor)

    stored = get_visit(file_db, editor.visit_id)
    assert (stored.nprs.now, stored.nprs.best, stored.nprs.worst) == (3, 1, 5)
    assert stored.change_since_last == "Better"
    assert stored.score(Instrument.PSFS).items == (5, 6, 7)
    assert stored.score(Instrument.PSFS).labels == last.score(Instrument.PSFS).labels
    assert len(stored.red_flags.answers) == len(editor.catalogue.red_flags)
    assert stored.result("oxford_glute_max", Side.LEFT).values["grade"] == "4"
    assert stored.result("oxford_glute_max", Side.RIGHT).values["grade"] == "4"
    assert stored.result("oxford_glute_med", Side.LEFT).values["grade"] == "3+"
    assert stored.result("oxford_glute_med", Side.RIGHT).values["grade"] == "4"
    assert stored.treatment.response == "Eased"
    assert stored.treatment.techniques == last.treatment.techniques
    assert stored.exercises == last.exercises
    assert stored.pain_marks == last.pain_marks
    assert not editor.is_dirty()
    print(
        f"\nfollow-up visit, as delivered: {counted.keys} keys + {counted.text} text "
        f"characters, {counted.clicks} click: {' '.join(counted.log)}"
    )
    assert counted.text == DOCUMENTED_TEXT  # "Better" + "Eased", every letter delivered
    assert 0 < counted.keys <= DOCUMENTED_KEYS
    assert 0 < counted.clicks <= DOCUMENTED_CLICKS
    editor.close()


def _follow_up(editor) -> None:
    """The documented follow-up visit: every key goes to whichever widget has the focus."""

    def key(k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(focused(editor), k, modifier)

    for i, digit in enumerate("315"):  # NPRS now, best, worst
        key(getattr(Qt.Key, f"Key_{digit}"))
        if i < 2:
            key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Tab)  # to "change since last visit"
    assert editor.focusWidget() is editor.subjective.change
    QTest.keyClicks(focused(editor), "Better")
    key(Qt.Key.Key_P, ALT)  # re-rate the PSFS activities
    for i, digit in enumerate("567"):
        key(getattr(Qt.Key, f"Key_{digit}"))
        if i < 2:
            key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_R, ALT)  # red flags asked: none present
    key(Qt.Key.Key_PageDown, CTRL)  # pain map: unchanged (copied)
    key(Qt.Key.Key_PageDown, CTRL)  # objective: glute max, left grade
    key(Qt.Key.Key_4)
    key(Qt.Key.Key_Tab)  # right grade, side by side
    key(Qt.Key.Key_4)
    key(Qt.Key.Key_Down, CTRL)  # next test: glute med
    key(Qt.Key.Key_3)
    key(Qt.Key.Key_Plus)
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_4)
    key(Qt.Key.Key_PageDown, CTRL)  # outcome measures: none due today
    key(Qt.Key.Key_PageDown, CTRL)  # treatment: response
    QTest.keyClicks(focused(editor), "Eased")
    key(Qt.Key.Key_PageDown, CTRL)  # plan: exercises copied
    key(Qt.Key.Key_S, CTRL)
