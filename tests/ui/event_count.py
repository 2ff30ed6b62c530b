"""Counts the key presses and clicks Qt really delivers to a set of windows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier

_MODIFIER_KEYS = {Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta}


@dataclass
class DeliveredEvents(QObject):
    """Counts the keystrokes and clicks Qt delivers to widgets of ``windows``."""

    windows: list[QWidget]
    keys: int = 0
    text: int = 0
    clicks: int = 0
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        QObject.__init__(self)
        self._last: tuple | None = None

    def _counted(self, window: QWidget) -> bool:
        """A counted window, or a dialog it opened (a sign-off question, a drop-down list)."""
        while window is not None:
            if window in self.windows:
                return True
            parent = window.parentWidget()
            window = parent.window() if parent is not None else None
        return False

    def _first_delivery(self, kind: str, receiver: QWidget, detail: tuple) -> bool:
        last = self._last
        if last is not None and last[:2] == (kind, detail) and receiver.isAncestorOf(last[2]):
            self._last = (kind, detail, receiver)
            return False  # the same event, propagated to a parent
        self._last = (kind, detail, receiver)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget) or not self._counted(watched.window()):
            return False
        if event.type() == QEvent.Type.KeyRelease:
            key = Qt.Key(event.key())
            detail = (key, event.modifiers().value)
            if key not in _MODIFIER_KEYS and self._first_delivery("key", watched, detail):
                typed = event.text()
                free_text = isinstance(watched, QLineEdit | QPlainTextEdit) and typed.isalpha()
                if free_text and not event.modifiers() & (CTRL | ALT):
                    self.text += 1
                else:
                    self.keys += 1
                    self.log.append(f"{event.modifiers().name or ''}{key.name}")
        elif event.type() == QEvent.Type.MouseButtonRelease and self._first_delivery(
            "mouse", watched, (event.button().value,)
        ):
            self.clicks += 1
            self.log.append(f"click:{watched.objectName() or type(watched).__name__}")
        return False


@contextmanager
def counted_new_visit(window, client_id: str, qtbot) -> Iterator[tuple[QWidget, DeliveredEvents]]:
    """Click ``client_id`` in the main window's list and press Ctrl+N, counting both; yield the
    new visit's editor (active) and the counter, which goes on counting in the editor (and the
    dialogs and lists it opens) until the block ends."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    app = QApplication.instance()
    counted = DeliveredEvents([window])
    app.installEventFilter(counted)
    try:
        table = window.client_list.view.table
        row = window.client_list.model.row_of(client_id)
        cell = table.visualRect(table.model().index(row, 0)).center()
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        QTest.keyClick(table, Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: len(window._editors) == 1)
        [editor] = window._editors.values()
        counted.windows.append(editor)
        # The editor filters its own shortcuts; the counter must see the keys first.
        app.removeEventFilter(counted)
        app.installEventFilter(counted)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
        yield editor, counted
    finally:
        app.removeEventFilter(counted)
