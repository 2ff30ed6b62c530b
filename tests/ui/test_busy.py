"""The window shows it is busy while it builds the visit editor or a timeline, or backs up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from glutedesk.ui.busy import busy_cursor


def override_shape():
    cursor = QApplication.overrideCursor()
    return None if cursor is None else cursor.shape()


class CursorAtShow(QObject):
    """Records the override cursor when a widget of ``type_name`` gets an ``kind`` event."""

    def __init__(self, type_name: str, kind: QEvent.Type = QEvent.Type.Show) -> None:
        super().__init__()
        self.type_name = type_name
        self.kind = kind
        self.seen: list[object] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == self.kind and type(watched).__name__ == self.type_name:
            self.seen.append(override_shape())
        return False


def test_the_busy_cursor_is_restored_even_after_an_error(qapp):
    assert override_shape() is None
    with busy_cursor():
        assert override_shape() == Qt.CursorShape.WaitCursor
    assert override_shape() is None
    with pytest.raises(RuntimeError), busy_cursor():
        raise RuntimeError("boom")
    assert override_shape() is None


def test_the_editor_is_built_and_shown_under_the_wait_cursor(qtbot, window, clinic):
    watch = CursorAtShow("VisitEditor")
    QApplication.instance().installEventFilter(watch)
    try:
        window.client_list.select_client(clinic["Zoë"])
        window.new_visit_action.trigger()
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert watch.seen[:1] == [Qt.CursorShape.WaitCursor]
    assert override_shape() is None  # and it is gone once the editor is up
    editor = next(iter(window._editors.values()))
    editor.close()


def test_the_timeline_is_built_under_the_wait_cursor(qtbot, window, clinic):
    watch = CursorAtShow("TimelineView", QEvent.Type.ParentChange)  # put into its tab
    QApplication.instance().installEventFilter(watch)
    window.show()
    qtbot.waitExposed(window)
    try:
        window.client_list.select_client(clinic["Zoë"])
        window.record_tabs.setCurrentIndex(1)  # the Timeline tab, as a click would
        qtbot.waitUntil(lambda: bool(watch.seen), timeout=10_000)
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert watch.seen[0] == Qt.CursorShape.WaitCursor
    assert override_shape() is None
    assert len(window.timeline.visits) == 3
