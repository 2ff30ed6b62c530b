"""A tick box whose words wrap onto more lines instead of widening the page.

Qt's QCheckBox never wraps its text, so a long question (a red flag) sets the page's minimum
width and, on a 1024-px screen, makes it scroll sideways. Here the box holds the state and a
word-wrapped label beside it says what it is; clicking the words ticks the box, as usual.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget


class _Words(QLabel):
    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._box.isEnabled():
            self._box.toggle()
            self._box.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


def wrapping_check(text: str, parent: QWidget | None = None) -> tuple[QWidget, QCheckBox]:
    """Return (the row to lay out, its tick box). The box is named for screen readers."""
    row = QWidget(parent)
    box = QCheckBox()
    box.setAccessibleName(text)
    words = _Words(text, box)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(words, 1)
    row.words = words  # type: ignore[attr-defined]  # for tests and tooltips
    return row, box
