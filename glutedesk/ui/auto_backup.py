"""The hourly automatic backup: in a thread of its own, quietly, never two backups at once.

Copying and checking a large clinic takes seconds; the hourly backup used to do it on the GUI
thread behind a wait cursor. It now runs in a background thread with its own connection (a
connection belongs to the thread that opened it), as Back up now does
(:mod:`glutedesk.ui.backup_worker`), and says only a word in the status bar: that it is
backing up, then where the backup went or why it failed. An automatic backup never opens a
dialog.

Every backup the window makes (this one, Back up now, the copy to the second place, the
backup on closing, the restore) holds :data:`~glutedesk.ui.backup_worker.BACKUP_LOCK` while
it works, so two never run at once. Closing the window (or switching to another clinic) lets
a running automatic backup finish after the window has gone: :func:`wait_for_auto_backups`
is called before the clinic is closed, backed up on closing or restored. A backup is written
under a temporary name and renamed only once it has been checked
(:func:`glutedesk.storage.backup.backup_database`), so even a killed process leaves no torn
backup, only a temporary file the next backup removes.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from glutedesk.storage.backup import default_backup_dir
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import StorageError
from glutedesk.ui.backup_worker import BACKUP_LOCK, in_worker
from glutedesk.ui.dialogs import ErrorMessage

AUTO_BACKUP_INTERVAL_MS = 60 * 60 * 1000
RUNNING_NOTE = "Making the automatic backup…"
CLOSING_LABEL = "Backing up your records before closing…"

_log = logging.getLogger("glutedesk.ui")
_threads: list[threading.Thread] = []  # running automatic backups, for wait_for_auto_backups


class _Signals(QObject):
    done = Signal(object, object)  # the backup made (or None), the error (or None)


class AutoBackup(QObject):
    """The hourly automatic backup of one window's clinic (a child of the window).

    ``finished`` is emitted on the GUI thread with the backup made, or None when none was
    due or it failed (the status bar says which).
    """

    finished = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        db_path: Path,
        backup_dir: Path,
        now: Callable[[], dt.datetime],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._db_path = Path(db_path)
        self.backup_dir = Path(backup_dir)
        self._now = now
        self.running = False
        self._signals = _Signals()
        self._signals.done.connect(self._done)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_BACKUP_INTERVAL_MS)
        self.timer.timeout.connect(self.start)
        self.timer.start()

    def start(self) -> bool:
        """Start the backup in the background if one may run now; return whether it started.

        Nothing starts while one is running, or when the window shows the records read-only
        (a file that cannot record its backups, or one found damaged).
        """
        if self.running or getattr(self._window, "read_only", None):
            return False
        self.running = True
        self._window.statusBar().showMessage(RUNNING_NOTE)
        thread = threading.Thread(
            target=_back_up_if_due,
            args=(self._db_path, self.backup_dir, self._now(), self._signals),
            name="glutedesk-auto-backup",
        )
        _threads.append(thread)
        thread.start()
        return True

    def _done(self, made: Path | None, error: BaseException | None) -> None:
        self.running = False
        bar = self._window.statusBar()
        if error is not None:
            bar.showMessage(f"Automatic backup failed: {error}", 15_000)
        elif made is not None:
            bar.showMessage(f"Backed up to {made.name}", 8_000)
        elif bar.currentMessage() == RUNNING_NOTE:
            bar.clearMessage()
        self.finished.emit(made)


def backup_on_close(clinic: Clinic, db_path: Path, parent: QWidget | None = None) -> Path | None:
    """The automatic backup when GluteDesk closes; a failure is explained, never raised.

    The window has gone already, but on a large clinic the backup takes seconds: it runs in a
    worker thread, through a connection of its own to ``clinic``'s file, behind a small
    progress window (shown after 300 ms, so a quick one never flashes). A running hourly
    backup finishes first (:data:`~glutedesk.ui.backup_worker.BACKUP_LOCK`).
    """
    path = clinic.path or Path(db_path)
    try:
        return in_worker(parent, CLOSING_LABEL, lambda _progress: _closing_backup(path))
    except (StorageError, OSError) as exc:
        ErrorMessage.ask(
            parent,
            "The automatic backup failed",
            f"{exc}\n\nYour records are saved; only the backup copy could not be made.",
        )
        return None


def _closing_backup(db_path: Path) -> Path | None:
    with BACKUP_LOCK:
        clinic = Clinic.open(db_path, create=False)
        try:
            return clinic.back_up_if_due(default_backup_dir(db_path))
        finally:
            clinic.close()


def _back_up_if_due(db_path: Path, backup_dir: Path, now: dt.datetime, signals: _Signals) -> None:
    """The background thread: the backup through its own connection, one backup at a time."""
    made: Path | None = None
    error: BaseException | None = None
    try:
        with BACKUP_LOCK:
            clinic = Clinic.open(db_path, create=False)
            try:
                made = clinic.back_up_if_due(backup_dir, now)
            finally:
                clinic.close()
    except (StorageError, OSError) as exc:
        error = exc
    except Exception as exc:  # a thread has no one to raise to: logged for support, and said
        _log.exception("The automatic backup failed")
        error = StorageError(f"an unexpected problem ({exc}); details are in the log")
    finally:
        _forget(threading.current_thread())
    signals.done.emit(made, error)


def _forget(thread: threading.Thread) -> None:
    if thread in _threads:
        _threads.remove(thread)


def auto_backup_running() -> bool:
    """Whether an automatic backup is still working in the background."""
    return any(thread.is_alive() for thread in list(_threads))


def wait_for_auto_backups(timeout_s: float | None = None) -> bool:
    """Let the running automatic backups finish; return True when none is left running."""
    for thread in list(_threads):
        thread.join(timeout_s)
    return not auto_backup_running()
