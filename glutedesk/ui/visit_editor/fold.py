"""A panel that folds to one line: the editor's problems list and its signature panel.

The head line is a toggle button (reached with Tab, opened and closed with Space or a click)
and a one-line summary; the body shows only when open. The editor opens or closes a fold when
what it shows changes (a new problem, the visit becoming ready to sign); in between, the
therapist's own choice stays.
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

FOLD_STYLE = """
QToolButton#foldToggle {
    border: none;
    background: transparent;
    font-weight: 600;
    padding: 2px 4px;
}
QToolButton#foldToggle:focus { text-decoration: underline; }
"""


class Fold(QWidget):
    """``body`` under a one-line head (toggle and summary); folded, only the head shows."""

    opened = Signal(bool)

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.toggle = QToolButton()
        self.toggle.setObjectName("foldToggle")
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setAccessibleName(f"Show or hide {title.lower()}")
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        # A long summary is cut, never widens the window.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(body)
        self._shown_for: Hashable = object()
        self._seen: frozenset[Hashable] = frozenset()
        self._summaries = ("", "")
        self.toggle.toggled.connect(self._set_body)
        self.set_open(False)

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_open(self, open_: bool) -> None:
        """Open (show the body) or fold to the head line."""
        self.toggle.setChecked(open_)
        self._set_body(open_)

    def _set_body(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        self._show_summary()
        self.opened.emit(open_)

    def set_summary(self, folded: str, open_: str | None = None) -> None:
        """The head line's text when folded, and (if different) when open."""
        self._summaries = (folded, folded if open_ is None else open_)
        self._show_summary()

    def _show_summary(self) -> None:
        text = self._summaries[1 if self.is_open() else 0]
        self.summary.setText(text)
        self.summary.setToolTip(text)

    def open_on_new(self, items: frozenset[Hashable]) -> None:
        """Open when ``items`` holds one not seen last time; fold when it is empty."""
        seen = self._seen
        self._seen = items
        if not items:
            self.set_open(False)
        elif items - seen:
            self.set_open(True)

    def open_for(self, state: Hashable, open_: bool) -> None:
        """Open (or fold) when ``state`` differs from the last one; else keep the choice."""
        if state != self._shown_for:
            self._shown_for = state
            self.set_open(open_)
