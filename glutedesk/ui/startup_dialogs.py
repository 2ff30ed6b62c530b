"""What the therapist sees before the main window: a damaged database, a risky location.

:func:`prepare_database` runs the start-up check (:mod:`glutedesk.storage.startup`). A damaged
file has already been moved aside when the dialog appears; the therapist chooses to restore
the newest good backup, to start a new empty database, or to quit and leave things as they are.
A database in a cloud-sync folder or on a network drive gets a warning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from glutedesk.storage.backup import BackupError, restore_database
from glutedesk.storage.database import StorageError
from glutedesk.storage.startup import StartupCheck, startup_check
from glutedesk.ui.dialogs import ErrorMessage

Recovery = Literal["restore", "empty", "quit"]


class DamagedDatabaseDialog:
    """The database could not be read: restore a backup, start empty, or quit."""

    @classmethod
    def ask(cls, parent: QWidget | None, check: StartupCheck) -> Recovery:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The database is damaged")
        box.setText(damaged_text(check))
        restore = None
        if check.backup is not None:
            restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        empty = box.addButton("Start a new empty database", QMessageBox.ButtonRole.DestructiveRole)
        quit_ = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore or quit_)
        box.exec()
        clicked = box.clickedButton()
        if restore is not None and clicked is restore:
            return "restore"
        return "empty" if clicked is empty else "quit"


class LocationWarning:
    """The database is in a cloud-sync folder or on a network drive."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> None:
        ErrorMessage.ask(parent, "Your records are in a risky place", text)


def damaged_text(check: StartupCheck) -> str:
    """The dialog's explanation (plain text) of a damaged or missing database."""
    where = check.moved_aside[0] if check.moved_aside else None
    lines = [
        "GluteDesk could not read your database safely, so it has not been used.",
        f"Details: {check.problem}" if check.problem else "",
        f"The damaged file is kept, untouched, as {where}." if where else "",
    ]
    if check.backup is not None and check.backup_check is not None:
        taken = check.backup_taken
        when = f"{taken:%d %B %Y at %H:%M}" if isinstance(taken, dt.datetime) else "recently"
        counts = check.backup_check.counts
        lines.append(
            f"The newest good backup was made on {when} and holds {counts.get('clients', 0)} "
            f"clients and {counts.get('visits', 0)} visits. Work done since then is not in it."
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
) -> bool:
    """Check the database before it is opened; return False when the app should not start.

    By default only the quick checks run here; the full integrity check runs once the window
    is up (see :mod:`glutedesk.ui.integrity_watch`). ``full`` runs it now (used when reading
    the records failed).
    """
    check = startup_check(Path(db_path), now=now, full=full)
    if check.location_warning:
        LocationWarning.ask(parent, check.location_warning)
    if not check.needs_recovery:
        return True
    choice = DamagedDatabaseDialog.ask(parent, check)
    if choice == "quit":
        return False
    if choice == "empty":
        return True
    assert check.backup is not None
    try:
        restore_database(Path(db_path), check.backup)
    except (BackupError, StorageError, OSError) as exc:
        ErrorMessage.ask(parent, "The backup could not be restored", str(exc))
        return False
    return True
