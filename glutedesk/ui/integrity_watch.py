"""The full integrity check, run on a worker thread once the main window is on screen.

Before the window opens only the quick checks run (a wiped header or an unreadable schema is
caught there, in milliseconds). SQLite's full integrity check reads every page (of the file
with its ``-wal``), which takes seconds on a large clinic (1.5 s of CPU on the benchmark's
10,000-client clinic, 4.5 s when it is encrypted: every page is decrypted and its HMAC
checked), so it runs here, on its own read-only connection, in a pause: once the therapist
has left the keyboard and mouse alone for a few seconds *and* GluteDesk itself is quiet (a
chart being drawn or a report being built without a key pressed is not a pause). It makes way
at the therapist's next key or click (SQLite stops it within a millisecond; it starts again
at the next pause): on a 2-core laptop it would otherwise take a core from the search, visit
or chart the therapist came back for. A minute after the window opens it starts in any case
and runs to its end. Closing the window stops it within moments instead of keeping the window
on screen until it ends.

If it finds damage, the app's connection is switched to ``query_only`` at once, so nothing
more is written to the damaged file, and the window turns read-only with the reason shown.
Nothing is moved aside automatically: the therapist sees what was found and may restore the
newest good backup (named, with its date and counts), which keeps the damaged file beside it;
the default is to keep reading the records read-only.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from glutedesk.domain.dates import format_moment
from glutedesk.storage.backup import (
    BackupCheck,
    backup_stem,
    backup_time,
    default_backup_dir,
    newest_good_backup,
)
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.startup import CheckStop, CheckStopped, damage_problem
from glutedesk.ui import idle
from glutedesk.ui.backup_actions import BackupActions
from glutedesk.ui.formatting import record_counts
from glutedesk.ui.main_window import MainWindow


class DamageFoundDialog:
    """The full check failed while GluteDesk is open: keep reading it, or restore the backup?"""

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        problem: str,
        backup: Path | None,
        check: BackupCheck | None = None,
    ) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The database is damaged")
        text = (
            f"SQLite's check of your records found damage: {problem}.\n\n"
            "GluteDesk has stopped saving to this file so nothing more is written to it; you "
            "can keep reading and printing what is readable. Nothing has been moved or deleted."
        )
        restore = None
        if backup is not None:
            text += "\n\n" + backup_summary(backup, check) + " The damaged file is kept."
            restore = box.addButton("Restore this backup", QMessageBox.ButtonRole.ActionRole)
        keep = box.addButton("Keep it open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setText(text)
        box.exec()
        return restore is not None and box.clickedButton() is restore


def backup_summary(backup: Path, check: BackupCheck | None) -> str:
    """One sentence naming a backup, when it was made and what it holds."""
    taken = backup_time(backup)
    when = f", made on {format_moment(taken, long=True)}" if isinstance(taken, dt.datetime) else ""
    holds = ""
    if check is not None:
        counts = check.counts
        holds = f", holds {record_counts(counts)}"
    return f"The newest good backup is {backup.name}{when}{holds}."


class _Signals(QObject):
    finished = Signal(object)  # None (sound) or the problem text


IDLE_BEFORE_CHECK_S = 3.0  # a pause this long without input starts the full check
# ...unless GluteDesk used more than this share of a core since the last look: an idle window
# uses 0.1-1 %; busy, its threads got 20 % and more of a core even on a 2-core machine at load 9
BUSY_SHARE = 0.05
CHECK_AT_LATEST_S = 60.0  # ...and it starts by then in any case, and is not stopped for input
_POLL_MS = 250
STOPPED = "stopped"  # the job's answer when the check was stopped before it ended


class _Activity:
    """How busy this process has been since the last look (all its threads, in cores)."""

    def __init__(self) -> None:
        self._since = (time.monotonic(), time.process_time())

    def share(self) -> float:
        """The share of one core this process used since the last call (or the reset)."""
        now = (time.monotonic(), time.process_time())
        wall = now[0] - self._since[0]
        used = now[1] - self._since[1]
        self._since = now
        return used / wall if wall > 0 else 1.0

    def reset(self) -> None:
        """Count from now (what ran before, such as the check itself, is not counted)."""
        self._since = (time.monotonic(), time.process_time())


class _CheckJob(QRunnable):
    def __init__(
        self, db_path: Path, signals: _Signals, stop: CheckStop, *, live: bool = True
    ) -> None:
        super().__init__()
        self._db_path = db_path
        self._signals = signals
        self._stop = stop
        self._live = live

    def run(self) -> None:
        problem: str | None
        try:
            problem = damage_problem(self._db_path, full=True, live=self._live, stop=self._stop)
        except CheckStopped:
            problem = STOPPED
        except OSError as exc:
            problem = f"the file could not be read ({exc.strerror or exc})"
        self._signals.finished.emit(problem)


class IntegrityWatch(QObject):
    """Runs the full check in the background for one window and reacts to its answer."""

    checked = Signal(object)  # None when sound, else the problem

    def __init__(
        self,
        window: MainWindow,
        clinic: Clinic,
        db_path: Path,
        backup_actions: BackupActions | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._backup_actions = backup_actions
        self._clinic = clinic
        self._db_path = Path(db_path)
        self._signals = _Signals()
        self._signals.finished.connect(self._on_finished)
        self._stop = CheckStop()
        self._waiting_since = time.monotonic()
        self._activity = _Activity()
        self._cancel_yield: Callable[[], None] | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(_POLL_MS)
        self._poll.timeout.connect(self._start_when_idle)
        window.installEventFilter(self)  # the window's own events only: it sees Close
        self.problem: str | None = None
        self.running = False
        self.done = False

    def start(self) -> None:
        """Start the check at the therapist's first pause (see the module's docstring)."""
        self._activity.reset()
        self._poll.start()

    def start_now(self, *, make_way: bool = False) -> None:
        """Start the check at once; with ``make_way``, stop it at the therapist's next input
        (it starts again at the next pause)."""
        self._poll.stop()
        self._stop.clear()
        self.running = True
        if make_way:
            self._cancel_yield = idle.call_on_input(self._stop.set)
        # A read-only connection holds no write locks to lose, and on read-only media the
        # check needs the same care as the app's own connection (see storage.readonly).
        live = self._window.read_only is None
        job = _CheckJob(self._db_path, self._signals, self._stop, live=live)
        QThreadPool.globalInstance().start(job)

    def _start_when_idle(self) -> None:
        busy = self._activity.share() > BUSY_SHARE  # measured at every look, idle or not
        if time.monotonic() - self._waiting_since >= CHECK_AT_LATEST_S:
            self.start_now()
        elif idle.idle_seconds() >= IDLE_BEFORE_CHECK_S and not busy:
            self.start_now(make_way=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self._stop.set()  # the window waits for its jobs before it goes
        return False

    def _on_finished(self, problem: str | None) -> None:
        self.running = False
        if self._cancel_yield is not None:
            self._cancel_yield()
            self._cancel_yield = None
        if problem == STOPPED:  # the therapist came back, or the window is closing (if the
            # close was refused, go on): start again at the next pause
            if self._window.isVisible():
                self.start()
            return
        self.done = True
        self.problem = problem
        if problem is not None:
            self._clinic.switch_off_saving()
            self._window.statusBar().showMessage(
                "The database is damaged: saving is switched off.", 0
            )
            self._window.set_read_only(f"it is damaged ({problem})")
            good = newest_good_backup(default_backup_dir(self._db_path), backup_stem(self._db_path))
            backup, check = good if good else (None, None)
            if DamageFoundDialog.ask(self._window, problem, backup, check) and backup is not None:
                actions = self._backup_actions
                if actions is not None:
                    actions.restore_request = backup
                    if not self._window.close():
                        actions.restore_request = None
        self.checked.emit(problem)


def watch_integrity(
    window: MainWindow,
    clinic: Clinic,
    db_path: Path,
    backup_actions: BackupActions | None = None,
) -> IntegrityWatch:
    """Start the background full check for ``window``'s database; return its watcher.

    ``backup_actions`` receives the restore the therapist chooses when damage is found.
    """
    watch = IntegrityWatch(window, clinic, db_path, backup_actions)
    watch.start()
    return watch
