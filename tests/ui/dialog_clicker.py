"""Answers the next real modal dialog by clicking one of its buttons, as a therapist would."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


class Clicker:
    """Clicks a button of the next message box that opens; remembers what it said."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._answers: list[QMessageBox.StandardButton | str] = []

    def answer(self, *buttons: QMessageBox.StandardButton | str) -> None:
        self._answers.extend(buttons)
        QTimer.singleShot(0, self._click)

    def _click(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, self._click)
            return
        wanted = self._answers.pop(0)
        self.texts.append(box.text())
        if isinstance(wanted, str):
            button = next(b for b in box.buttons() if b.text() == wanted)
        else:
            button = box.button(wanted)
        assert button is not None, f"no {wanted} button"
        button.click()
        if self._answers:
            QTimer.singleShot(0, self._click)


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
