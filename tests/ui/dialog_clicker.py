"""Answers the next real modal dialog as a therapist would: :func:`when_modal` waits for it and
acts on it; :class:`Clicker` uses it to click message-box buttons and remember what they said."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def when_modal(kind: type, action) -> list:
    """Run ``action(dialog)`` on the next visible modal dialog of ``kind``; returns a list that
    receives the dialog once it was seen (empty if it never opened)."""
    seen: list = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            QTimer.singleShot(10, attempt)
            return
        seen.append(dialog)
        action(dialog)

    QTimer.singleShot(0, attempt)
    return seen


class Clicker:
    """Clicks a button of each next message box that opens, in order; remembers what it said."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def answer(self, *buttons: QMessageBox.StandardButton | str) -> None:
        """Click ``buttons[0]`` on the next message box, then ``buttons[1]`` on the one after…"""
        if buttons:
            when_modal(QMessageBox, lambda box: self._press(box, buttons))

    def _press(self, box: QMessageBox, buttons: tuple) -> None:
        wanted, *rest = buttons
        self.texts.append(box.text())
        if isinstance(wanted, str):
            button = next(b for b in box.buttons() if b.text() == wanted)
        else:
            button = box.button(wanted)
        assert button is not None, f"no {wanted} button"
        button.click()
        self.answer(*rest)
