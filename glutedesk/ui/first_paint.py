"""Work that waits until a window has been painted once: what the first sight does not need.

The main window is shown as soon as it can show the clients; the rest of its set-up (the
remaining clients, the menus' actions, the second-launch listener, the welcome, the checks)
follows straight after its first paint, through :func:`after_first_paint`. A window that is
never painted (not shown, or minimised) still gets its callbacks: once the event loop runs
while it is hidden, or ``FALLBACK_MS`` after the event loop first runs at the latest.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000
_PAINT = QEvent.Type.Paint
_NAME = "glutedeskFirstPaint"


class _FirstPaint(QObject):
    """Watches one window for its first paint, then runs its callbacks in order, once."""

    def __init__(self, widget: QWidget) -> None:
        # No reference back to the widget from Python (it is the parent): a cycle through
        # it would keep a closed window, and all its widgets, alive.
        super().__init__(widget)
        self.setObjectName(_NAME)
        self.callbacks: list[Callable[[], object]] = []
        self.done = False
        widget.installEventFilter(self)
        QTimer.singleShot(0, self, self._if_hidden)

    def _if_hidden(self) -> None:
        widget = self.parent()
        if not (isinstance(widget, QWidget) and widget.isVisible()):
            self._run()
            return
        # Counted from here, when the event loop first runs, not from the window's creation:
        # on a slow or busy machine building the window can take longer than the fallback,
        # which would then run the callbacks before the paint they are meant to follow.
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == _PAINT and not self.done:
            watched.removeEventFilter(self)
            # After this paint is over (the children paint in the same pass).
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        if self.done:
            return
        self.done = True
        widget = self.parent()
        if widget is not None:
            widget.removeEventFilter(self)
        failed: Exception | None = None
        while self.callbacks:  # a callback may add more: they run too, in order
            try:
                self.callbacks.pop(0)()
            except Exception as exc:  # the others still run; the first error is reported
                failed = failed or exc
        if failed is not None:
            raise failed


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Run ``callback`` just after ``widget``'s first paint (at once if that is already over).

    Callbacks run in the order given. See the module docstring for windows never painted.
    """
    watcher = _watcher(widget)
    if watcher is None:
        watcher = _FirstPaint(widget)
    if watcher.done:
        callback()
        return
    watcher.callbacks.append(callback)


def first_paint_done(widget: QWidget) -> bool:
    """Whether ``widget``'s after-first-paint callbacks have run (True when it had none)."""
    watcher = _watcher(widget)
    return watcher is None or watcher.done


def _watcher(widget: QWidget) -> _FirstPaint | None:
    return widget.findChild(_FirstPaint, _NAME, Qt.FindChildOption.FindDirectChildrenOnly)
