"""How many keystrokes and clicks a typical follow-up visit takes (the number is in
docs/visit-editor.md). Every key is a real key event sent to the widget that has focus, so a
change to the focus order or the shortcuts changes the count and fails this test."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from glutedesk.domain.models import Instrument, Side
from glutedesk.storage.visits import get_visit, latest_visit
from glutedesk.ui.visit_editor.dialogs import UnsavedChangesDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier

# The documented count (docs/visit-editor.md): keys that are not free text, text characters,
# and mouse clicks.
EXPECTED_KEYS = 28
EXPECTED_TEXT = 11
EXPECTED_CLICKS = 1


@dataclass
class Counter:
    editor: object = None
    keys: int = 0
    text: int = 0
    clicks: int = 0
    log: list[str] = field(default_factory=list)

    def focused(self):
        widget = self.editor.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def key(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.focused(), key, modifier)
        self.keys += 1
        self.log.append(f"{modifier.name if modifier.value else ''}{key.name}")

    def type(self, text: str) -> None:
        QTest.keyClicks(self.focused(), text)
        self.text += len(text)
        self.log.append(repr(text))


def test_a_typical_follow_up_visit(window, clinic, file_db, monkeypatch, qtbot):
    monkeypatch.setattr(UnsavedChangesDialog, "ask", classmethod(lambda cls, parent: "discard"))
    zoe = clinic["Zoë"]
    last = latest_visit(file_db, zoe)
    count = Counter()

    window.client_list.select_client(zoe)  # one click on the client in the list
    count.clicks += 1
    window.new_visit_action.trigger()  # Ctrl+N (a main-window shortcut)
    count.keys += 1
    [editor] = window._editors.values()
    count.editor = editor
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    assert editor.copied_forward
    assert editor.focusWidget() is editor.subjective.nprs_now

    for i, digit in enumerate("315"):  # NPRS now, best, worst
        count.key(getattr(Qt.Key, f"Key_{digit}"))
        if i < 2:
            count.key(Qt.Key.Key_Tab)
    count.key(Qt.Key.Key_Tab)  # to "change since last visit"
    assert editor.focusWidget() is editor.subjective.change
    count.type("Better")
    count.key(Qt.Key.Key_P, ALT)  # re-rate the PSFS activities
    for i, digit in enumerate("567"):
        count.key(getattr(Qt.Key, f"Key_{digit}"))
        if i < 2:
            count.key(Qt.Key.Key_Tab)
    count.key(Qt.Key.Key_R, ALT)  # red flags asked: none present
    count.key(Qt.Key.Key_PageDown, CTRL)  # pain map: unchanged (copied)
    count.key(Qt.Key.Key_PageDown, CTRL)  # objective: glute max, left grade
    count.key(Qt.Key.Key_4)
    count.key(Qt.Key.Key_Tab)  # right grade, side by side
    count.key(Qt.Key.Key_4)
    count.key(Qt.Key.Key_Down, CTRL)  # next test: glute med
    count.key(Qt.Key.Key_3)
    count.key(Qt.Key.Key_Plus)
    count.key(Qt.Key.Key_Tab)
    count.key(Qt.Key.Key_4)
    count.key(Qt.Key.Key_PageDown, CTRL)  # outcome measures: none due today
    count.key(Qt.Key.Key_PageDown, CTRL)  # treatment: response
    count.type("Eased")
    count.key(Qt.Key.Key_PageDown, CTRL)  # plan: exercises copied
    count.key(Qt.Key.Key_S, CTRL)

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
        f"\nfollow-up visit: {count.keys} keys + {count.text} text characters, "
        f"{count.clicks} click: {' '.join(count.log)}"
    )
    assert (count.keys, count.text, count.clicks) == (
        EXPECTED_KEYS,
        EXPECTED_TEXT,
        EXPECTED_CLICKS,
    )
    editor.close()
