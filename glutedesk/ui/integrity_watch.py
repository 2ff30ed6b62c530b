"""The full integrity check, run on a worker thread once the main window is on screen.

Before the window opens only the quick structural checks run (a wiped header or a truncated
file is caught there, in milliseconds). SQLite's full integrity check reads every page, which
takes seconds on a large clinic, so it runs here, on its own read-only connection. If it finds
damage, the app's connection is switched to ``query_only`` at once, so nothing more is written
to the damaged file, and restoring the newest good backup is offered; the damaged file is kept
(restoring moves it aside, never deletes it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from sqlite_utils import Database

from glutedesk.storage.backup import backup_stem, default_backup_dir, newest_good_backup
from glutedesk.storage.startup import damage_problem


class DamageFoundDialog:
    """The full check failed while GluteDesk is open: restore the newest good backup?"""

    @classmethod
    def ask(cls, parent: QWidget | None, problem: str, backup: Path | None) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The database is damaged")
        text = (
            f"SQLite's check of your records found damage: {problem}.\n\n"
            "GluteDesk has stopped saving to this file so nothing more is written to it. "
            "Anything you type is kept as a draft."
        )
        restore = None
        if backup is not None:
            text += f"\n\nThe newest good backup is {backup.name}. The damaged file is kept."
            restore = box.addButton("Restore the backup now", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setText(text)
        box.exec()
        return restore is not None and box.clickedButton() is restore


class _Signals(QObject):
    finished = Signal(object)  # None (sound) or the problem text


class _CheckJob(QRunnable):
    def __init__(self, db_path: Path, signals: _Signals) -> None:
        super().__init__()
        self._db_path = db_path
        self._signals = signals

    def run(self) -> None:
        try:
            problem = damage_problem(self._db_path, full=True, live=True)
        except OSError as exc:
            problem = f"the file could not be read ({exc.strerror or exc})"
        self._signals.finished.emit(problem)


class IntegrityWatch(QObject):
    """Runs the full check in the background for one window and reacts to its answer."""

    checked = Signal(object)  # None when sound, else the problem

    def __init__(self, window: QMainWindow, db: Database, db_path: Path) -> None:
        super().__init__(window)
        self._window = window
        self._db = db
        self._db_path = Path(db_path)
        self._signals = _Signals()
        self._signals.finished.connect(self._on_finished)
        self.problem: str | None = None
        self.done = False

    def start(self) -> None:
        QThreadPool.globalInstance().start(_CheckJob(self._db_path, self._signals))

    def _on_finished(self, problem: str | None) -> None:
        self.done = True
        self.problem = problem
        if problem is not None:
            self._db.conn.execute("PRAGMA query_only = ON")
            self._window.statusBar().showMessage(
                "The database is damaged: saving is switched off.", 0
            )
            good = newest_good_backup(default_backup_dir(self._db_path), backup_stem(self._db_path))
            backup = good[0] if good else None
            if DamageFoundDialog.ask(self._window, problem, backup) and backup is not None:
                actions = getattr(self._window, "backup_actions", None)
                if actions is not None:
                    actions.restore_request = backup
                    if not self._window.close():
                        actions.restore_request = None
        self.checked.emit(problem)


def watch_integrity(window: QMainWindow, db: Database, db_path: Path) -> IntegrityWatch:
    """Start the background full check for ``window``'s database; return its watcher."""
    watch = IntegrityWatch(window, db, db_path)
    window.integrity_watch = watch  # type: ignore[attr-defined]
    watch.start()
    return watch
