"""Running a clinic job (export, import, check, bundle, erasure…) off the GUI thread.

A job is a plain function that opens its own connection to the clinic file (a connection
belongs to the thread that made it), does one storage or report call, and returns its result.
:func:`run_job` runs it on the global ``QThreadPool`` while a window-modal progress dialog says
what is happening; the window keeps painting. An expected refusal (``StorageError``, a refused
import or path, a report error, ``OSError``) comes back as its one-line message; anything else
is logged and explained calmly, never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from glutedesk.reports.errors import ReportError
from glutedesk.storage.clients import ClientNotFound
from glutedesk.storage.database import StorageError
from glutedesk.storage.exchange import ImportRefused
from glutedesk.storage.safe_paths import PathRefused

_log = logging.getLogger("glutedesk.ui")

EXPECTED = (StorageError, ImportRefused, PathRefused, ReportError, ClientNotFound, OSError)
SHOW_AFTER_MS = 200
UNEXPECTED = (
    "The job stopped because of an unexpected error; nothing more was changed. The details "
    "are in GluteDesk's log file."
)


class JobSignals(QObject):
    """A job's outcome, delivered on the GUI thread."""

    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs ``work()`` in a worker thread and emits its result or its refusal."""

    def __init__(self, name: str, work: Callable[[], Any]) -> None:
        super().__init__()
        self.name = name
        self.work = work
        self.signals = JobSignals()
        self.setAutoDelete(False)  # the caller keeps it until its signal has arrived

    def run(self) -> None:
        try:
            result = self.work()
        except EXPECTED as exc:
            self.signals.failed.emit(_message(exc))
            return
        except Exception:
            _log.exception("The %s job failed", self.name)
            self.signals.failed.emit(UNEXPECTED)
            return
        self.signals.finished.emit(result)


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, StorageError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}; nothing more was written."
    return str(exc)


_running: set[Job] = set()  # jobs in flight, kept alive until they report


def run_job(
    parent: QWidget | None,
    label: str,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
) -> Job:
    """Run ``work`` off the GUI thread behind a progress dialog; report on the GUI thread.

    The dialog appears after :data:`SHOW_AFTER_MS` (a quick job never flashes one) and closes
    before ``on_done(result)`` or ``on_failed(message)`` is called.
    """
    dialog = QProgressDialog(label, "", 0, 0, parent)  # 0..0: busy, the job has no steps
    dialog.setWindowTitle("GluteDesk")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setValue(0)
    job = Job(label, work)
    _running.add(job)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(job)
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
        callback(value)

    job.signals.finished.connect(lambda result: finish(on_done, result))
    job.signals.failed.connect(lambda message: finish(on_failed, message))
    QThreadPool.globalInstance().start(job)
    return job


def jobs_running() -> int:
    """How many jobs have not reported yet (tests wait for 0)."""
    return len(_running)
