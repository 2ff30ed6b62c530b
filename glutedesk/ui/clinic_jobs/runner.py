"""Running a clinic job (export, import, check, bundle, erasure…) without blocking the window.

The heavy jobs (export, import, check, the subject-access bundle) run as the real command line
in a child process (:func:`run_command`: ``glutedesk export …``, the same code and the same
one-line refusals), so even parsing a large export, which holds Python's GIL for seconds,
cannot stall the window. The light ones (erasure, the retention list, the demo clinic) run
with :func:`run_job` on the global ``QThreadPool``. Either way a window-modal progress dialog
says what is happening while the window keeps painting.

A thread job is a plain function that opens its own connection to the clinic file (a connection
belongs to the thread that made it), does one storage or report call, and returns its result.
:func:`run_job` runs it on the global ``QThreadPool`` while a window-modal progress dialog says
what is happening; the window keeps painting. An expected refusal (``StorageError``, a refused
import or path, a report error, ``OSError``) comes back as its one-line message; anything else
is logged and explained calmly, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QProcess, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from glutedesk.reports.errors import ReportError
from glutedesk.storage.clients import ClientNotFound
from glutedesk.storage.database import StorageError
from glutedesk.storage.safe_paths import PathRefused
from glutedesk.ui.busy import busy_dialog

_log = logging.getLogger("glutedesk.ui")

EXPECTED = (StorageError, PathRefused, ReportError, ClientNotFound, OSError, ValueError)
# ValueError: the import's refusal (storage.exchange.ImportRefused) and the GDPR verbs' own
# refusals are ValueErrors with a one-line message; the exchange module loads only when used.
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


_running: set[object] = set()  # jobs in flight, kept alive until they report


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
    dialog = busy_dialog(parent, label, SHOW_AFTER_MS)
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


def glutedesk_command(args: Sequence[str]) -> list[str]:
    """The command line that runs ``glutedesk ARGS`` with this very GluteDesk."""
    if getattr(sys, "frozen", False):  # the self-contained app: its program is the CLI
        return [sys.executable, *args]
    return [sys.executable, "-m", "glutedesk", *args]


def run_command(
    parent: QWidget | None,
    label: str,
    args: Sequence[str],
    on_done: Callable[[str, str], None],
    on_failed: Callable[[str, str, str], None],
) -> QProcess:
    """Run ``glutedesk ARGS`` in a child process behind a progress dialog.

    ``on_done(stdout, stderr)`` is called when it exits with status 0, otherwise
    ``on_failed(message, stdout, stderr)`` with its one-line refusal (``glutedesk: …``).
    """
    dialog = busy_dialog(parent, label, SHOW_AFTER_MS)
    process = QProcess()
    command = glutedesk_command(args)
    _running.add(process)

    def finished(code: int, status: QProcess.ExitStatus) -> None:
        out = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        err = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        _running.discard(process)
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
        process.deleteLater()
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            on_done(out, err)
            return
        on_failed(refusal_of(err, code), out, err)

    def failed_to_start(error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            _log.error("Could not start %s", command)
            finished(-1, QProcess.ExitStatus.CrashExit)

    process.finished.connect(finished)
    process.errorOccurred.connect(failed_to_start)
    process.start(command[0], command[1:])
    return process


def refusal_of(stderr: str, code: int) -> str:
    """The command's own one-line refusal (without ``glutedesk: ``), or a calm general one."""
    lines = [line for line in stderr.splitlines() if line.startswith("glutedesk: ")]
    refusals = [line for line in lines if not line.startswith("glutedesk: note:")]
    if refusals:
        return refusals[-1].removeprefix("glutedesk: ")
    return UNEXPECTED if code != 0 else ""


def jobs_running() -> int:
    """How many jobs have not reported yet (tests wait for 0)."""
    return len(_running)
