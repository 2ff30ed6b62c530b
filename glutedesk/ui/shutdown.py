"""Stopping when the system says so (SIGTERM, SIGHUP, the session manager): keep what was typed.

Python's default action for SIGTERM ends the process on the spot: no draft of the visit being
typed, no clean close of the database, the lock left behind. Here the signal only wakes the
event loop (``signal.set_wakeup_fd`` writes the signal's number to a pipe a
:class:`QSocketNotifier` watches), and the stop runs in the GUI thread: every open visit
editor writes its draft now, the editors close without asking (nobody is there to answer),
the main window closes and the event loop ends with code 0; ``run_gui`` then closes the
database and releases the lock as after Quit, skipping the closing backup (see
:func:`stop_reason`). The session manager's ``commitDataRequest`` (logout) writes the drafts
too; the stop itself comes with the SIGTERM that follows it.

POSIX only: Windows has no SIGTERM between processes (its logout is a closed window).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication, QDialog

if TYPE_CHECKING:
    from glutedesk.storage.clinic import Clinic
    from glutedesk.ui.visit_editor.editor import VisitEditor

STOP_SIGNALS = ("SIGTERM", "SIGHUP")
EDITOR_MODULE = "glutedesk.ui.visit_editor.editor"

_log = logging.getLogger("glutedesk.ui")


def signal_name(number: int) -> str:
    """The name of signal ``number`` (``SIGTERM``), or ``signal N`` for one without a name."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def stop_signals() -> list[int]:
    """The numbers of the signals that stop GluteDesk cleanly on this system (none on Windows)."""
    if os.name != "posix":
        return []
    return [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]


def open_editors(app: QApplication) -> list[VisitEditor]:
    """Every visit editor window still open (none when no editor was ever imported)."""
    module = sys.modules.get(EDITOR_MODULE)
    if module is None:
        return []
    return [w for w in app.topLevelWidgets() if isinstance(w, module.VisitEditor)]


def keep_drafts(app: QApplication) -> tuple[int, int]:
    """Write the draft of every open visit editor now; return (editors, drafts not written)."""
    editors = open_editors(app)
    return len(editors), sum(1 for editor in editors if not editor.keep_draft_now())


class SystemStop(QObject):
    """Wakes the event loop on a stop signal and closes GluteDesk from the GUI thread."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.reason: str | None = None
        self._fds: tuple[int, int] | None = None
        self._notifier: QSocketNotifier | None = None
        self._previous: dict[int, object] = {}
        self._previous_fd = -1
        self._commit = None

    def install(self) -> bool:
        """Catch the stop signals (POSIX) and the session manager's request; True if caught."""
        commit = getattr(self._app, "commitDataRequest", None)
        if commit is not None:
            commit.connect(self._commit_data)
            self._commit = commit
        numbers = stop_signals()
        if not numbers:
            return False
        read_fd, write_fd = os.pipe()
        for fd in (read_fd, write_fd):
            os.set_blocking(fd, False)
            os.set_inheritable(fd, False)
        try:
            self._previous_fd = signal.set_wakeup_fd(write_fd)
        except ValueError:  # not the main thread: the default action stays
            os.close(read_fd)
            os.close(write_fd)
            return False
        self._fds = (read_fd, write_fd)
        self._notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        for number in numbers:
            # The handler itself does nothing: its only job is to replace the default action;
            # the C-level handler has already written the number to the wake-up pipe.
            self._previous[number] = signal.signal(number, _note_signal)
        return True

    def uninstall(self) -> None:
        """Put the previous handlers back and close the pipe."""
        if self._commit is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._commit.disconnect(self._commit_data)
            self._commit = None
        for number, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(number, handler)  # type: ignore[arg-type]
        self._previous.clear()
        if self._fds is not None:
            with contextlib.suppress(ValueError):
                signal.set_wakeup_fd(self._previous_fd)
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            for fd in self._fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._fds = None

    def _woken(self, *_args: object) -> None:
        if self._fds is None:
            return
        try:
            data = os.read(self._fds[0], 512)
        except OSError:  # nothing there after all (EAGAIN)
            return
        stops = set(stop_signals())
        for number in data:
            if number in stops:
                self.stop(signal_name(number))
                return

    def _commit_data(self, *_args: object) -> None:
        _log.info(
            "The session is ending: %d visit editor(s), %d draft(s) not written",
            *keep_drafts(self._app),
        )

    def stop(self, reason: str) -> None:
        """Keep every draft, close every window without asking and end the event loop (code 0).

        A second stop while the first is under way does nothing.
        """
        if self.reason is not None:
            return
        self.reason = reason
        from glutedesk.ui.app import announce_start  # not at import: app imports this module

        announce_start()  # the support log is set up after the first paint: it may not be yet
        editors, failed = keep_drafts(self._app)
        _log.info(
            "The system asked GluteDesk to stop (%s): drafts kept of %d open visit editor(s) "
            "(%d could not be written); closing",
            reason,
            editors,
            failed,
        )
        for editor in open_editors(self._app):
            editor.close_without_asking()
        self._close_questions()
        for widget in self._app.topLevelWidgets():
            if widget.isVisible():
                widget.close()
        self._app.exit(0)  # also ends any question's own loop that is still running

    def _close_questions(self) -> None:
        for _ in range(20):  # a question that refuses to close must not hold the stop
            modal = self._app.activeModalWidget()
            if modal is None:
                return
            if isinstance(modal, QDialog):
                modal.done(QDialog.DialogCode.Rejected)
            else:
                modal.close()
            modal.hide()


def _note_signal(_number: int, _frame: object) -> None:
    """Replaces the default action (which would end the process); the pipe wakes the loop."""


_current: list[SystemStop] = []  # the stop of the run under way (one at a time)


def install_stop_handlers(app: QApplication) -> SystemStop:
    """Make SIGTERM, SIGHUP and the session's end close GluteDesk cleanly until
    :func:`uninstall_stop_handlers` (``run_gui`` does both)."""
    uninstall_stop_handlers()
    stop = SystemStop(app)
    stop.install()
    _current.append(stop)
    return stop


def uninstall_stop_handlers() -> None:
    """Give the stop signals back their previous handlers (the run is over)."""
    while _current:
        stop = _current.pop()
        stop.uninstall()
        stop.deleteLater()


def stop_reason() -> str | None:
    """Why the system stopped GluteDesk (``SIGTERM``), or None when it was not stopped."""
    return _current[-1].reason if _current else None


def run_event_loop(app: QApplication) -> int:
    """``app.exec()``, unless the system already stopped GluteDesk (during a question asked
    before the window, whose own loop ended): then 0 at once."""
    return 0 if stop_reason() is not None else app.exec()


def closing_backup(clinic: Clinic, db_path: Path) -> None:
    """The automatic backup as GluteDesk closes, skipped (and logged) when the system stopped it.

    A backup of a large clinic takes seconds to minutes, longer than a shutdown waits before
    it kills what is left (systemd: 90 s); the next close or the hourly backup makes it.
    """
    reason = stop_reason()
    if reason is not None:
        _log.info(
            "Closing backup skipped: the system asked GluteDesk to stop (%s) and may not wait "
            "for a backup; the next close or the hourly backup makes it",
            reason,
        )
        return
    from glutedesk.ui.auto_backup import backup_on_close

    backup_on_close(clinic, db_path)


__all__ = [
    "SystemStop",
    "closing_backup",
    "install_stop_handlers",
    "keep_drafts",
    "run_event_loop",
    "signal_name",
    "stop_reason",
    "stop_signals",
    "uninstall_stop_handlers",
]
