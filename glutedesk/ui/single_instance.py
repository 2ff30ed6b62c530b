"""One running GluteDesk per database: a ``QLockFile`` on ``<database>.lock``.

The lock records the process id, so a lock left behind by a crash (its process is gone) is
taken over at once (``setStaleLockTime(0)``); a live one means GluteDesk already has the
database open, and the second launch explains that instead of opening it twice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget

from glutedesk.storage.startup import lock_path

TRY_MS = 100


class InstanceLock:
    """The lock on one database file; :meth:`acquire` before opening, :meth:`release` after."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(Path(db_path))
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """Take the lock (taking over one left by a crashed process); False if it is held."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return self._lock.tryLock(TRY_MS)

    def holder(self) -> int | None:
        """Return the process id holding the lock, if it can be read."""
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), pid 0 when unreadable
        pid = info[0] if isinstance(info, tuple) and info else 0
        return int(pid) or None

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def locked(self) -> bool:
        return self._lock.isLocked()


class AlreadyOpenMessage:
    """Shown by a second launch on the same database."""

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path, pid: int | None) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("GluteDesk is already open")
        who = f" (process {pid})" if pid else ""
        box.setText(f"GluteDesk already has this database open{who}.")
        box.setInformativeText(
            f"{db_path}\n\nSwitch to that window: opening the same records twice could lose "
            "changes. If GluteDesk is not visibly running, wait a moment and try again."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()


def acquire_or_explain(db_path: Path, parent: QWidget | None = None) -> InstanceLock | None:
    """Take the database's lock, or tell the therapist it is already open and return None."""
    lock = InstanceLock(db_path)
    if lock.acquire():
        return lock
    AlreadyOpenMessage.ask(parent, Path(db_path), lock.holder())
    return None
