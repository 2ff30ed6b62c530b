"""The benchmark's visit-editor figure, measured inside the running app (the session probe).

Each opening is what Ctrl+N does on a selected client with 100 visits: the main window's
*New visit* action is triggered, the editor copies the last visit forward, is shown, and is
timed until its window has been painted and a key posted to its focused field has been
delivered (so the editor also has to finish whatever it queued behind the paint). The first
opening in the process also imports the editor's modules; later ones are the warm openings.
Nothing of the editor is imported here before the first opening is timed.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

TIMEOUT_S = 60.0


class _Watch(QObject):
    """Installed on the new editor and its focused field only (an application-wide filter
    would slow down every event of the opening it measures)."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__()
        self.editor = editor
        self.target: QObject | None = None
        self.painted = False
        self.key_seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint and watched is self.editor:
            self.painted = True
        elif kind == QEvent.Type.KeyPress and watched is self.target:
            self.key_seen = True
        return False


def time_editor(window, config: dict[str, Any]) -> dict[str, Any]:
    """Open the editor for a new visit ``editor_reps + 1`` times; return the raw timings."""
    client_id = config["long_ids"][0]
    window.client_list.view.search_edit.clear()
    window.client_list.reload()  # the whole list again, as after clearing the search
    if not window.client_list.select_client(client_id):
        raise RuntimeError("the 100-visit client is not in the client list")
    QApplication.processEvents()
    times: list[float] = []
    for _ in range(int(config["editor_reps"]) + 1):
        times.append(_open_once(window))
    return {"editor_open_s": times}


def _open_once(window) -> float:
    before = set(QApplication.topLevelWidgets())
    started = time.perf_counter()
    window.new_visit_action.trigger()  # what Ctrl+N does: the editor is built and shown
    editor = next(
        (w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()), None
    )
    if editor is None or type(editor).__name__ != "VisitEditor":
        raise RuntimeError("New visit did not open the visit editor")
    watch = _Watch(editor)
    editor.installEventFilter(watch)
    _wait(lambda: watch.painted, "the editor was not painted")
    watch.target = editor.focusWidget() or editor
    watch.target.installEventFilter(watch)
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    QCoreApplication.postEvent(watch.target, key)  # queued behind what the editor posted
    _wait(lambda: watch.key_seen, "the editor did not take a key")
    elapsed = time.perf_counter() - started
    watch.target.removeEventFilter(watch)
    editor.removeEventFilter(watch)
    _close(editor)
    return elapsed


def _wait(condition, failure: str) -> None:
    deadline = time.perf_counter() + TIMEOUT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(failure)
        QCoreApplication.processEvents()


def _close(editor) -> None:
    """Close the editor (an untouched copied-forward visit closes without asking)."""
    if editor.is_dirty():
        raise RuntimeError("a new visit opened with unsaved changes; it cannot close unasked")
    editor.close()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
