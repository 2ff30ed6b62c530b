"""Backups, restores and backup checks in a worker thread, behind a progress dialog.

Copying and checking a large clinic takes seconds; on the GUI thread that froze the window
between progress updates. :func:`in_worker` runs the work on the global ``QThreadPool`` (the
pattern of :mod:`glutedesk.ui.clinic_jobs`): the work opens its own connection (one belongs
to the thread that made it), a window-modal progress dialog follows its page counts, and the
window keeps painting. The caller waits for the result in a local event loop, so it reads as
a plain call: the result is returned, or the work's exception raised on the GUI thread.

:data:`BACKUP_LOCK` is held by every backup, copy to the second place and restore while it
works (the hourly one runs in its own thread, :mod:`glutedesk.ui.auto_backup`): never two at
once, and a restore never replaces the file while a backup reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from glutedesk.storage.backup import Progress
from glutedesk.ui.busy import busy_dialog

T = TypeVar("T")
SHOW_AFTER_MS = 300
BACKUP_LOCK = threading.Lock()


class _Signals(QObject):
    progressed = Signal(int, int)
    finished = Signal(object, object)  # result, exception (one of them None)


class _Work(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.setAutoDelete(False)  # kept by in_worker until its signal has arrived

    def run(self) -> None:
        try:
            result = self.work(self.signals.progressed.emit)
        except BaseException as exc:  # handed to the GUI thread, raised there
            self.signals.finished.emit(None, exc)
            return
        self.signals.finished.emit(result, None)


def in_worker(
    parent: QWidget | None,
    label: str,
    work: Callable[[Progress], T],
    *,
    show_after_ms: int = SHOW_AFTER_MS,
) -> T:
    """Run ``work(progress)`` in a worker thread behind a progress dialog; return its result.

    The window keeps painting meanwhile; the dialog (window-modal, shown after
    ``show_after_ms``) follows the page counts ``work`` reports. An exception raised by
    ``work`` is raised here, on the GUI thread.
    """
    dialog = busy_dialog(parent, label, show_after_ms)
    job = _Work(work)
    loop = QEventLoop()
    outcome: list[tuple[Any, BaseException | None]] = []

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def finished(result: Any, error: BaseException | None) -> None:
        outcome.append((result, error))
        loop.quit()

    job.signals.progressed.connect(progressed)
    job.signals.finished.connect(finished)
    QThreadPool.globalInstance().start(job)
    try:
        if not outcome:
            loop.exec()
    finally:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
    result, error = outcome[0]
    if error is not None:
        raise error
    return result
