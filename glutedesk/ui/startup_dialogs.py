"""What the therapist sees before the main window: a damaged database, a new one, a risky place.

:func:`prepare_database` runs the start-up check (:mod:`glutedesk.storage.startup`), which
changes nothing. When SQLite's checks find real damage the therapist sees what was found and
chooses: open it read-only (the default: nothing is written, the records can be read and
printed), restore the newest good backup (named, with its date and what it holds), set the
damaged file aside with its ``-wal``/``-shm`` and start a new empty database, or quit. A
database that cannot be written (read-only file, folder or drive) opens read-only with the
reason shown. A missing database at a path the therapist named is created only after asking.

The full check (only when reading the records failed although the quick checks passed) and a
chosen restore take seconds on a large clinic, before there is any window: they run in a
worker thread behind a small progress window (:data:`FULL_CHECK_LABEL`, :data:`RESTORE_LABEL`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from glutedesk.domain.dates import format_moment
from glutedesk.storage.database import (
    StorageError,
    default_db_path,
    needs_update,
    update_database,
)
from glutedesk.storage.readonly import read_only_reason
from glutedesk.storage.startup import StartupCheck, set_aside, startup_check
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.formatting import record_counts

Recovery = Literal["read_only", "restore", "set_aside", "quit"]
FULL_CHECK_LABEL = (
    "Checking your whole database for damage…\n"
    "Reading the records failed, so every page is checked first. Nothing is changed."
)
RESTORE_LABEL = "Restoring your records from the backup…"
UPDATE_LABEL = (
    "Updating your clinic for this version of GluteDesk…\n"
    "This happens once; a large clinic takes a few seconds. Nothing is lost."
)
SHOW_AFTER_MS = 100  # no window is on screen yet: say something almost at once
T = TypeVar("T")


@dataclass(frozen=True)
class StartupDecision:
    """What :func:`prepare_database` decided; true when the app should go on and open the file.

    ``read_only`` is the reason to open it read-only (damaged, or cannot be written), or None;
    ``damaged`` is true when that reason is damage SQLite found.
    """

    go: bool
    read_only: str | None = None
    damaged: bool = False

    def __bool__(self) -> bool:
        return self.go


class DamagedDatabaseDialog:
    """SQLite found damage: open read-only (default), restore the backup, set aside, or quit."""

    @classmethod
    def ask(
        cls, parent: QWidget | None, check: StartupCheck, *, read_only: bool = True
    ) -> Recovery:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(
            "The database is damaged"
            if check.status == "damaged"
            else "The damaged database was set aside"
        )
        box.setText(damaged_text(check))
        buttons: dict[object, Recovery] = {}
        default = None
        if check.status == "damaged" and read_only:
            default = box.addButton("Open it read-only", QMessageBox.ButtonRole.AcceptRole)
            buttons[default] = "read_only"
        if check.backup is not None:
            restore = box.addButton("Restore this backup", QMessageBox.ButtonRole.ActionRole)
            buttons[restore] = "restore"
            default = default or restore
        aside_label = (
            "Set it aside and start a new empty database"
            if check.status == "damaged"
            else "Start a new empty database"
        )
        aside = box.addButton(aside_label, QMessageBox.ButtonRole.DestructiveRole)
        buttons[aside] = "set_aside"
        quit_ = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        buttons[quit_] = "quit"
        box.setDefaultButton(default or quit_)
        box.setEscapeButton(quit_)
        box.exec()
        return buttons.get(box.clickedButton(), "quit")


class CreateDatabaseDialog:
    """No database at the path given: create a new, empty clinic there?"""

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path) -> bool:
        answer = QMessageBox.question(
            parent,
            "No database here",
            f"There is no GluteDesk database at\n{db_path}\n\nCreate a new, empty clinic "
            "there? If you expected your records, choose No and check the path.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


class LocationWarning:
    """The database is in a cloud-sync folder or on a network drive."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> None:
        ErrorMessage.ask(parent, "Your records are in a risky place", text)


def damaged_text(check: StartupCheck) -> str:
    """The dialog's explanation (plain text) of a damaged or set-aside database."""
    if check.status == "damaged":
        lines = [
            "SQLite's own check of your database (with its log of recent saves) found damage. "
            "Nothing has been written to it, moved or deleted.",
            f"What was found: {check.problem}" if check.problem else "",
            "You can open it read-only to read and print what is still readable, restore a "
            "backup (the damaged file is kept beside it), or set the damaged file aside.",
        ]
    else:
        where = check.moved_aside[0] if check.moved_aside else None
        lines = [
            "There is no database here: an earlier start found it damaged and it was set aside.",
            f"The damaged file is kept, untouched, as {where}." if where else "",
        ]
    if check.backup is not None and check.backup_check is not None:
        taken = check.backup_taken
        when = format_moment(taken, long=True) if isinstance(taken, dt.datetime) else "recently"
        counts = check.backup_check.counts
        lines.append(
            f"The newest good backup is {check.backup.name}, made on {when}. It holds "
            f"{record_counts(counts)}. "
            "Work done since then is not in it."
        )
    else:
        lines.append("No good backup was found, so there is nothing to restore from.")
    return "\n\n".join(line for line in lines if line)


def prepare_database(
    db_path: Path,
    parent: QWidget | None = None,
    *,
    now: dt.datetime | None = None,
    full: bool = False,
    offer_read_only: bool = True,
) -> StartupDecision:
    """Check the database before it is opened; say whether (and how) the app should open it.

    By default only the quick checks run here; the full integrity check runs once the window
    is up (see :mod:`glutedesk.ui.integrity_watch`). ``full`` runs it now (used when reading
    the records failed). ``offer_read_only=False`` leaves out "Open it read-only" (it was
    chosen and even reading failed). Nothing is moved or written unless the therapist chooses.
    """
    db_path = Path(db_path)
    if full:  # seconds on a large clinic, and no window yet: a progress window says so
        check = _in_worker(
            parent, FULL_CHECK_LABEL, lambda: startup_check(db_path, now=now, full=True)
        )
    else:
        check = startup_check(db_path, now=now, full=False)
    if check.location_warning:
        LocationWarning.ask(parent, check.location_warning)
    if check.status == "new":
        if _is_default(db_path) or CreateDatabaseDialog.ask(parent, db_path):
            return StartupDecision(True)
        return StartupDecision(False)
    if check.status == "ok":
        return StartupDecision(True, read_only_reason(db_path))
    if offer_read_only:
        choice = DamagedDatabaseDialog.ask(parent, check)
    else:
        choice = DamagedDatabaseDialog.ask(parent, check, read_only=False)
    if choice == "quit":
        return StartupDecision(False)
    if choice == "read_only":
        return StartupDecision(True, f"it is damaged ({check.problem})", damaged=True)
    from glutedesk.storage.backup import BackupError, restore_database  # rarely needed

    try:
        if choice == "set_aside":
            if check.status == "damaged":
                set_aside(db_path, now)
            return StartupDecision(True)
        backup = check.backup
        assert backup is not None
        _in_worker(parent, RESTORE_LABEL, lambda: restore_database(db_path, backup))
    except (BackupError, StorageError, OSError) as exc:
        what = "set aside" if choice == "set_aside" else "restored"
        ErrorMessage.ask(parent, f"The database could not be {what}", str(exc))
        return StartupDecision(False)
    return StartupDecision(True)


def update_clinic(db_path: Path, parent: QWidget | None = None) -> None:
    """Apply the migrations an existing clinic lacks in a worker thread behind a progress
    window: no window is on screen yet, and a large clinic takes seconds (0009 writes a
    summary row for every visit). A clinic that is up to date, new or cannot be inspected is
    left to :meth:`Clinic.open`, as is a failure here: opening meets it again and explains it
    as usual (read-only, disk full, damaged)."""
    if not needs_update(db_path):
        return
    try:
        _in_worker(parent, UPDATE_LABEL, lambda: update_database(db_path))
    except StorageError:
        return


def _in_worker(parent: QWidget | None, label: str, work: Callable[[], T]) -> T:
    from glutedesk.ui.backup_worker import in_worker  # only these rare starts need it

    return in_worker(parent, label, lambda _progress: work(), show_after_ms=SHOW_AFTER_MS)


def _is_default(db_path: Path) -> bool:
    try:
        return db_path.resolve() == default_db_path().resolve()
    except OSError:
        return False
