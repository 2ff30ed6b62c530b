"""The main window's splitter: the client list beside the record, sized for narrow screens.

Until the therapist drags the handle (or their saved sizes are restored), the list takes what
the record can spare above :data:`RECORD_ROOM` (the Timeline's width and a margin), between
its minimum and :data:`LIST_WIDTH`: on a 1024-px laptop it is wide enough for long names
instead of being squeezed to its minimum, and it gives way first when the window narrows.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

LIST_WIDTH = 500
LIST_MIN_WIDTH = 430
RECORD_ROOM = 520


def list_width_for(total: int) -> int:
    """The client list's width in a splitter ``total`` pixels wide (before any drag)."""
    return max(LIST_MIN_WIDTH, min(LIST_WIDTH, total - RECORD_ROOM))


class ListSplitter(QSplitter):
    """A horizontal splitter whose first widget is the client list (see the module doc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.chosen = False  # the therapist set the sizes: leave them to QSplitter
        self.splitterMoved.connect(self._on_moved)

    def restoreState(self, state: QByteArray | bytes | bytearray | memoryview) -> bool:
        restored = super().restoreState(state)
        self.chosen = self.chosen or restored
        return restored

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.chosen and self.count() == 2:
            total = sum(self.sizes())
            first = list_width_for(total)
            self.setSizes([first, total - first])

    def _on_moved(self, *_args: object) -> None:
        self.chosen = True
