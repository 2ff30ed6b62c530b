"""The composition root: the one place that creates the application and wires it together.

No other module creates the QApplication, opens the database for the GUI or holds a global
window; everything a screen needs is passed to its constructor from here.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from glutedesk.storage.app_log import (
    configure_logging,
    configured_folder,
    enable_crash_log,
    log_startup,
)
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import ReadOnlyDatabaseError, StorageError, default_db_path
from glutedesk.storage.errors import READ_FAILURES, DiskFullError, disk_is_full
from glutedesk.storage.private_files import make_private_dir, restrict_process_umask, tighten
from glutedesk.storage.readonly import read_only_reason
from glutedesk.ui import preferences, shutdown
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.first_paint import after_first_paint
from glutedesk.ui.main_window import MainWindow
from glutedesk.ui.passphrase_dialogs import unlock_at_start
from glutedesk.ui.single_instance import (
    InstanceServer,
    bring_forward,
    bring_question_forward,
    claim_clinic,
)
from glutedesk.ui.startup_dialogs import prepare_database, update_clinic
from glutedesk.ui.style import apply_style
from glutedesk.ui.window_assembly import build_main_window, open_main_window

APP_NAME = "GluteDesk"
LOG_FILE_NAME = "glutedesk.log"

_log = logging.getLogger("glutedesk.ui")


def default_log_dir() -> Path:
    """The folder for GluteDesk's log (the same file the command line writes to)."""
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def start_log(log_dir: Path | None = None, *, announce: bool = True, later: bool = False) -> Path:
    """Configure the rotating support log (and crash file) once; return the log file.

    ``announce`` writes the "window opening" line (version and system) at once; without it
    the caller calls :func:`announce_start` later (reading the system's name starts a
    program on Linux, which the window does not wait for). ``later`` turns on only the crash
    file now and leaves the log to :func:`announce_start` (the window's start-up writes no log
    line before it, and the rotating log's module costs it ~5 ms; an error before it is
    written to the log file all the same, see :func:`make_excepthook`).
    """
    folder = log_dir or default_log_dir()
    _announced.clear()
    _pending.clear()
    try:
        if later:
            enable_crash_log(folder)
            _pending.append(folder)
            return folder / LOG_FILE_NAME
        path = configure_logging(folder)
    except OSError:  # no log folder: the app still runs; the error note says so
        return folder / LOG_FILE_NAME
    if announce:
        announce_start()
    return path


_announced: list[bool] = []
_pending: list[Path] = []  # the folder of a log started ``later``, until it is configured


def announce_start() -> None:
    """Write the "window opening" line to the support log, once a start (configuring the log
    first if :func:`start_log` left it for later)."""
    if _pending:
        with contextlib.suppress(OSError):  # no log folder: nothing is written, as before
            configure_logging(_pending[0])
        _pending.clear()
    if not _announced:
        _announced.append(True)
        log_startup("window opening")


def run_gui(db_path: Path | None, *, log_dir: Path | None = None) -> int:
    """Open ``db_path`` in the GluteDesk window and run until it closes; return the exit code.

    Without ``db_path`` the clinic open last time opens (or the default clinic). A database
    that cannot be opened is explained in a message box (exit code 1). A second launch on a
    clinic already open brings that window forward and exits (code 0). Unexpected errors while
    running are logged under ``log_dir`` and shown as a calm message.
    """
    restrict_process_umask()  # every file and folder written from here on is owner-only
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    apply_style(app)  # the accessible names are installed once the first window is painted
    log_path = start_log(log_dir, announce=False, later=True)  # set up once the window is up
    previous_hook = sys.excepthook
    sys.excepthook = make_excepthook(log_path)
    shutdown.install_stop_handlers(app)  # SIGTERM, SIGHUP: drafts kept, closed, exit code 0
    path = Path(db_path) if db_path is not None else preferences.last_clinic()
    path = path or default_db_path()
    try:
        while True:
            code, switch = _run_locked(app, path)
            if switch is None:
                return code if shutdown.stop_reason() is None else 0
            path = switch
    finally:
        announce_start()  # a start that ended before its window is logged too
        if "glutedesk.ui.warm_up" in sys.modules:  # ended before Python exits (warm_up.py)
            sys.modules["glutedesk.ui.warm_up"].stop_warm_up()
        sys.excepthook = previous_hook
        shutdown.uninstall_stop_handlers()


def _run_locked(app: QApplication, db_path: Path) -> tuple[int, Path | None]:
    """Run the clinic at ``db_path`` holding its lock and listening for second launches."""
    lock = None
    # One running copy per database; a clinic nobody can write needs no lock (and on a
    # read-only folder or drive, or a full disk, none can be made beside it).
    if read_only_reason(db_path) is None and not disk_is_full(db_path):
        claimed = claim_clinic(db_path)
        if isinstance(claimed, int):  # the running copy came forward, or was explained
            return claimed, None
        lock = claimed
    server = None
    if lock is not None:  # only the lock's holder may claim the clinic's socket
        server = InstanceServer(db_path, lambda _path: _bring_main_window_forward(app))
        server.listen()
    try:
        return _run_windows(app, db_path, server)
    finally:
        if server is not None:
            server.close()
        if lock is not None:
            lock.release()


def _bring_main_window_forward(app: QApplication) -> None:
    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            bring_forward(widget)
            widget.statusBar().showMessage(
                "GluteDesk was started again on this clinic: here it is.", 8000
            )
    bring_question_forward(app)


def _run_windows(
    app: QApplication, db_path: Path, server: InstanceServer | None = None
) -> tuple[int, Path | None]:
    """Check, open and show the database until the window closes; again after a restore.

    A damaged database is explained first and the therapist chooses (read-only, restore, set
    aside); a database that cannot be written opens read-only. On close an automatic backup
    is made if one is due. File ▸ Restore closes the window, the restore happens here with the
    database closed, and the restored records open in a new window. File ▸ Open clinic… (and
    New, Open recent, the demo) closes the window too: the clinic it chose is returned.
    Once the window has closed for good, a second launch is told this copy is ``closing``.
    """
    if not unlock_at_start(db_path):  # a protected clinic asks for its passphrase first
        return 1, None
    decision = prepare_database(db_path)
    if not decision:
        return 1, None
    read_only, damaged = decision.read_only, decision.damaged
    if not read_only:
        update_clinic(db_path)  # an older clinic's update, behind a progress window
    failures = 0
    while True:
        try:
            clinic = Clinic.open_read_only(db_path) if read_only else Clinic.open(db_path)
        except ReadOnlyDatabaseError as exc:
            if read_only:
                ErrorMessage.ask(None, "GluteDesk cannot open the database", str(exc))
                return 1, None
            read_only = str(exc)  # SQLite itself refused to write: read it instead
            continue
        except DiskFullError as exc:
            if read_only:
                ErrorMessage.ask(None, "GluteDesk cannot open the database", str(exc))
                return 1, None
            read_only = "the disk is full, so nothing can be saved until some space is freed"
            continue
        except StorageError as exc:
            if damaged:  # chosen read-only, but even reading fails: the other choices remain
                decision = prepare_database(db_path, full=True, offer_read_only=False)
                if not decision:
                    return 1, None
                read_only, damaged = decision.read_only, decision.damaged
                continue
            ErrorMessage.ask(None, "GluteDesk cannot open the database", str(exc))
            return 1, None
        try:
            try:
                window = open_main_window(clinic, db_path, read_only=read_only)
            except READ_FAILURES as exc:
                clinic.close()
                if failures >= 2:  # the checks keep passing yet the records cannot be read
                    ErrorMessage.ask(
                        None,
                        "GluteDesk cannot read the database",
                        f"Reading the records failed ({exc}), although SQLite's check found "
                        "no damage. Nothing has been changed.",
                    )
                    return 1, None
                failures += 1
                # A damaged page the quick checks could not see: check fully, explain, and
                # go on with whatever the therapist chose (read-only again only if that was
                # not what just failed).
                decision = prepare_database(db_path, full=True, offer_read_only=not read_only)
                if not decision:
                    return 1, None
                read_only, damaged = decision.read_only, decision.damaged
                continue
            after_first_paint(window, functools.partial(_when_up, window, clinic, db_path, damaged))
            # Its size is kept as it closes: a closed window is deleted (window_assembly).
            window.closed.connect(functools.partial(_save_window, window))
            if server is not None:
                window.closed.connect(functools.partial(_mark_closing, server, window))
            code = shutdown.run_event_loop(app)
            if shiboken6.isValid(window):  # the loop ended without the window closing
                _save_window(window)
                window.hide()  # never left on screen once its loop is over (its db closes next)
                window.deleteLater()
            # Stopped by the system (SIGTERM): no switch, no restore, no closing backup.
            stopped = shutdown.stop_reason() is not None
            switch = None if stopped else _pending_switch(window)
            restore = None if stopped else _pending_restore(window)
            if server is not None:  # no window comes back unless a restore reopens it
                server.closing = restore is None
            if restore is None and window.read_only is None:
                shutdown.closing_backup(clinic, db_path)
        finally:
            _wait_for_auto_backups()  # a running automatic backup finishes (off screen) first
            clinic.close()
        if restore is None:
            return code, switch
        read_only, damaged = None, False
        from glutedesk.ui.backup_actions import perform_restore

        perform_restore(db_path, restore)  # on failure the unchanged database reopens


def _when_up(window: MainWindow, clinic: Clinic, db_path: Path, damaged: bool) -> None:
    """Once the window is painted and complete: recent clinics, welcome, warm-up, checks."""
    from glutedesk.ui.clinic_files import is_demo
    from glutedesk.ui.warm_up import schedule_warm_up

    gc.enable()  # paused while the app started (glutedesk.launcher)
    announce_start()
    preferences.add_recent_clinic(db_path, last=not is_demo(db_path))
    QTimer.singleShot(0, window, functools.partial(_welcome, window))
    schedule_warm_up()  # the first chart's libraries load in the background
    if not damaged:  # known damage is not checked again
        QTimer.singleShot(0, window, functools.partial(_watch_integrity, window, clinic, db_path))


def _mark_closing(server: InstanceServer, window: MainWindow) -> None:
    server.closing = _pending_restore(window) is None


def _wait_for_auto_backups() -> None:
    if "glutedesk.ui.auto_backup" in sys.modules:  # none can run before it is imported
        from glutedesk.ui.auto_backup import wait_for_auto_backups

        wait_for_auto_backups()


def _save_window(window: MainWindow) -> None:
    preferences.save_window(window, {"main": window.splitter})


def _pending_switch(window: MainWindow) -> Path | None:
    if window.clinic_files is None:  # closed before its set-up finished: nothing chosen
        return None
    from glutedesk.ui.clinic_files import pending_switch

    return pending_switch(window.clinic_files)


def _pending_restore(window: MainWindow) -> Path | None:
    if window.backup_actions is None:
        return None
    from glutedesk.ui.backup_actions import pending_restore

    return pending_restore(window.backup_actions)


def _welcome(window: MainWindow) -> None:
    from glutedesk.ui.welcome import offer_welcome  # only an empty clinic needs it

    if not window.isVisible():  # its run is already over (the clinic is closed)
        return
    actions = window.backup_actions
    assert actions is not None
    files = window.clinic_files
    offer_welcome(
        window,
        backup_dir=actions.backup_dir,
        choose_second_place=actions.show_places,
        explore_demo=files.explore_demo if files is not None else None,
        protect=window.protection.open_settings if window.protection is not None else None,
    )


def _watch_integrity(window: MainWindow, clinic: Clinic, db_path: Path) -> None:
    from glutedesk.ui.integrity_watch import watch_integrity  # not needed to paint the window

    window.integrity_watch = watch_integrity(window, clinic, db_path, window.backup_actions)


ShowError = Callable[[str], None]


def make_excepthook(log_path: Path, show: ShowError | None = None):
    """Return a ``sys.excepthook`` that logs the traceback to ``log_path`` and shows a calm note.

    The therapist sees only the note (``show``, by default an :class:`ErrorMessage`); the
    details go to the log file for support.
    """
    showing = False

    def hook(
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        written = _write_log(log_path, "".join(traceback.format_exception(exc_type, exc, tb)))
        where = str(log_path) if written else "the GluteDesk log (it could not be written)"
        message = (
            f"Something went wrong. Your saved records are safe.\n\nDetails were written to {where}"
        )
        if showing:  # an error while the note is up: log it, do not stack dialogs
            return
        showing = True
        try:
            (show or _show_error)(message)
        finally:
            showing = False

    return hook


def _show_error(message: str) -> None:
    if QApplication.instance() is None:
        print(message, file=sys.stderr)
        return
    ErrorMessage.ask(QApplication.activeWindow(), "GluteDesk", message)


def _write_log(log_path: Path, details: str) -> bool:
    if configured_folder() == log_path.parent:  # the rotating support log is already there
        _log.error("Unexpected error\n%s", details.rstrip())
        tighten(log_path)
        return log_path.exists()
    try:
        make_private_dir(log_path.parent)
        handler = logging.FileHandler(log_path, encoding="utf-8")
        tighten(log_path)
    except OSError:
        return False
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s\n%(message)s"))
    try:
        _log.addHandler(handler)
        _log.error("Unexpected error\n%s", details.rstrip())
    finally:
        _log.removeHandler(handler)
        handler.close()
    return True


__all__ = ["build_main_window", "make_excepthook", "run_gui"]
