"""Answer the real modal dialogs a GUI action opens, in order, with real clicks and keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

POLL_MS = 25


class ModalScript:
    """Steps ``(widget type, action)`` run on each modal dialog as it comes up, in order."""

    def __init__(self, *steps: tuple[type[QWidget], Callable[[QWidget], None]]) -> None:
        self.steps = list(steps)
        self.seen: list[QWidget] = []
        self.texts: list[str] = []
        self.errors: list[BaseException] = []
        self._timer = QTimer()
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        if not self.steps:
            self._timer.stop()
            return
        modal = QApplication.activeModalWidget()
        kind, act = self.steps[0]
        if isinstance(modal, kind) and modal.isVisible() and modal not in self.seen:
            self.steps.pop(0)
            self.seen.append(modal)
            text = getattr(modal, "text", None)
            self.texts.append(text() if callable(text) else "")
            QTimer.singleShot(0, lambda: self._act(act, modal))  # not inside the poll's slot

    def _act(self, act: Callable[[QWidget], None], modal: QWidget) -> None:
        try:
            act(modal)
        except BaseException as exc:  # a failed check: close the dialog, never hang the test
            self.errors.append(exc)
            self.steps.clear()
            modal.close()

    @property
    def done(self) -> bool:
        """True once every step ran; a step that failed is raised here."""
        if self.errors:
            raise self.errors[0]
        return not self.steps
