"""File ▸ Back up now…, Restore from backup… and Backup places…, plus the automatic backups.

Backups are made on close and once an hour while GluteDesk runs, whenever one is due
(:func:`glutedesk.storage.backup.backup_if_due`: none yet today, or something recorded since
the last), in the background (:mod:`glutedesk.ui.auto_backup`). "Back up now" makes a manual
backup, which rotation never deletes; every backup also goes to the second place when one is
chosen and plugged in, and a warning stays in the status bar while the second place has not
been reached for a week. A restore cannot swap the database
under an open window, so the action checks the backup (and warns, Cancel by default, when its
bytes changed since GluteDesk wrote it or it has no fingerprint), asks, and then asks the window
to close; :func:`glutedesk.ui.app.run_gui` performs the restore (:func:`perform_restore`) and
opens the restored records in a new window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from glutedesk.domain.dates import format_moment
from glutedesk.storage.backup import (
    BackupCheck,
    BackupOutcome,
    Progress,
    backup_stem,
    backup_time,
    default_backup_dir,
    list_backups,
    verify_backup,
)
from glutedesk.storage.backup_files import make_private_dir
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import StorageError
from glutedesk.storage.errors import DATABASE_FAILURES
from glutedesk.storage.fingerprint import (
    FingerprintStatus,
    file_sha256,
    fingerprint_status,
    fingerprint_warning,
)
from glutedesk.storage.restore import restore_database
from glutedesk.ui.auto_backup import AutoBackup
from glutedesk.ui.backup_worker import BACKUP_LOCK, in_worker
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.formatting import record_counts
from glutedesk.ui.second_place_dialog import WARNING_STYLE, BackupPlacesDialog
from glutedesk.ui.style import themed

if TYPE_CHECKING:
    from glutedesk.ui.main_window import MainWindow

T = TypeVar("T")

# The exact bytes (SHA-256) of a changed backup the therapist chose to restore anyway, so the
# restore after the window closes accepts that file and nothing else.
_accepted_changed: dict[Path, str] = {}


class BackupFolderDialog:
    """Choose the folder for a backup (an external drive, ideally)."""

    @classmethod
    def ask(cls, parent: QWidget | None, start: Path) -> Path | None:
        folder = QFileDialog.getExistingDirectory(parent, "Back up to folder", str(start))
        return Path(folder) if folder else None


class RestoreFileDialog:
    """Choose a backup file to restore."""

    @classmethod
    def ask(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent, "Restore from backup", str(start), "GluteDesk backups (*.sqlite3)"
        )
        return Path(name) if name else None


class ConfirmRestore:
    """Replace the open records with a backup? (The current file is kept, moved aside.)"""

    @classmethod
    def ask(cls, parent: QWidget | None, backup: Path, check: BackupCheck) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Restore from backup")
        box.setText(f"Replace your records with the backup {backup.name}?")
        box.setInformativeText(restore_summary(backup, check))
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is restore


class ChangedBackupWarning:
    """The backup is not as GluteDesk wrote it (changed, or no fingerprint): go ahead anyway?"""

    @classmethod
    def ask(cls, parent: QWidget | None, status: FingerprintStatus, text: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(
            "This backup was changed" if status == "changed" else "This backup cannot be checked"
        )
        box.setText(text)
        box.setInformativeText(
            "Restore it only if you know why. Cancel keeps your current records as they are."
        )
        go = box.addButton("Restore it anyway…", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is go


class InfoMessage:
    """A short confirmation that something worked."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


def restore_summary(backup: Path, check: BackupCheck) -> str:
    """Plain words for what a backup holds and what restoring it does."""
    taken = backup_time(backup)
    when = f"made on {format_moment(taken, long=True)}" if taken else f"file {backup.name}"
    counts = check.counts
    return (
        f"The backup ({when}) passed its checks and holds {record_counts(counts)}. Anything "
        "recorded after it was made will not be in the restored records; your current "
        "database is kept beside it, renamed, not deleted. GluteDesk closes this window, "
        "restores, and reopens."
    )


class BackupActions(QObject):
    """The backup and restore menu actions and the hourly automatic backup of one window."""

    def __init__(
        self,
        window: QMainWindow,
        clinic: Clinic,
        db_path: Path,
        *,
        backup_dir: Path | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._clinic = clinic
        self._db_path = Path(db_path)
        self.backup_dir = backup_dir or default_backup_dir(self._db_path)
        self._now = now or (lambda: dt.datetime.now().astimezone())
        self.restore_request: Path | None = None
        self.backup_now_action = QAction("&Back up now…", window)
        self.restore_action = QAction("&Restore from backup…", window)
        self.places_action = QAction("Backup &places…", window)
        self.backup_now_action.triggered.connect(self.back_up_now)
        self.restore_action.triggered.connect(self.restore_from_backup)
        self.places_action.triggered.connect(self.show_places)
        self.banner = QLabel()
        self.banner.setStyleSheet(themed(WARNING_STYLE))
        self.banner.linkActivated.connect(lambda _link: self.show_places())
        window.statusBar().addPermanentWidget(self.banner, 1)
        self.refresh_banner()
        self.auto = AutoBackup(window, self._db_path, self.backup_dir, self._now_for_auto)
        self.auto.finished.connect(self.refresh_banner)
        self.timer = self.auto.timer  # hourly

    def install(self, menu: QMenu, before: QAction | None = None) -> None:
        """Add the actions (and a separator) to ``menu``, above ``before`` if given."""
        actions = (self.backup_now_action, self.restore_action, self.places_action)
        if before is None:
            for action in actions:
                menu.addAction(action)
            menu.addSeparator()
            return
        for action in actions:
            menu.insertAction(before, action)
        menu.insertSeparator(before)

    def refresh_banner(self, *_: object) -> str | None:
        """Show (or hide) the warning that the second place has not been reached for a week."""
        try:
            warning = self._clinic.second_place_warning(self._now())
            short = self._clinic.second_place_warning(self._now(), short=True)
        except DATABASE_FAILURES:  # a status line must never stop the window
            warning = short = None
        self.banner.setText(f'⚠ {short} <a href="places">Backup places…</a>' if short else "")
        self.banner.setToolTip(warning or "")
        self.banner.setVisible(bool(warning))
        return warning

    def start_folder(self) -> Path:
        """The folder "Back up now" proposes: the backup folder, created when first needed."""
        try:
            make_private_dir(self.backup_dir)
        except OSError:
            return self._db_path.parent
        return self.backup_dir

    def back_up_now(self) -> Path | None:
        """Ask for a folder, make a manual backup there with progress, and say where it went."""
        folder = BackupFolderDialog.ask(self._window, self.start_folder())
        if folder is None:
            return None
        now = self._now()
        try:
            outcome = in_worker(
                self._window,
                "Backing up your records…",
                lambda progress: _back_up(self._db_path, folder, now, progress),
            )
        except StorageError as exc:
            ErrorMessage.ask(self._window, "The backup failed", str(exc))
            return None
        InfoMessage.ask(self._window, "Backup made", backup_made_text(outcome))
        self.refresh_banner()
        return outcome.path

    def show_places(self) -> None:
        """File ▸ Backup places…: the backup folder and the second place."""
        BackupPlacesDialog.ask(
            self._window,
            self._clinic,
            self._db_path,
            self.backup_dir,
            on_chosen=self.copy_newest_to_second_place,
            now=self._now,
        )
        self.refresh_banner()

    def copy_newest_to_second_place(self) -> str | None:
        """Copy the newest backup to the (just chosen) second place; say what happened."""
        newest = next(iter(list_backups(self.backup_dir, backup_stem(self._db_path))), None)
        if newest is None:
            return "The next backup will be copied there."
        now = self._now()
        result = in_worker(  # copying and checking a large backup takes seconds
            self._window,
            "Copying the newest backup to the second place…",
            lambda _progress: _copy_to_second_place(self._db_path, newest, now),
        )
        if result is None:
            return None
        if result.copied is None:
            return f"The newest backup could not be copied there: {result.problem}"
        return f"The newest backup was copied there and checked: {result.copied.name}"

    def restore_from_backup(self) -> bool:
        """Choose and check a backup, confirm, then close the window so it can be restored."""
        backup = RestoreFileDialog.ask(self._window, self.backup_dir)
        if backup is None:
            return False
        # The backup's full check and fingerprint read every page: seconds for a large one.
        check, status = in_worker(self._window, "Checking the backup…", lambda _p: _check(backup))
        if not check.ok:
            ErrorMessage.ask(
                self._window,
                "This backup cannot be restored",
                f"{backup.name}: {check.problems[0]}.\n\nYour records have not been changed.",
            )
            return False
        assert status is not None
        warning = fingerprint_warning(backup, status)
        if warning is not None and not ChangedBackupWarning.ask(self._window, status, warning):
            return False
        if not ConfirmRestore.ask(self._window, backup, check):
            return False
        if status == "changed":
            _accepted_changed[backup.resolve()] = _sha256_or_blank(backup)
        self.restore_request = backup
        if not self._window.close():  # the window refused to close (unsaved work): no restore
            self.restore_request = None
            return False
        return True

    def auto_backup(self) -> bool:
        """Start the automatic backup in the background (made if due; see :mod:`.auto_backup`)."""
        return self.auto.start()

    def _now_for_auto(self) -> dt.datetime:
        return self._now()


def backup_made_text(outcome: BackupOutcome) -> str:
    """Plain words for a finished manual backup and its copy at the second place."""
    counts = outcome.check.counts
    lines = [
        f"Your records ({record_counts(counts, ', ')}) were backed up and checked:\n{outcome.path}",
        "GluteDesk never deletes a backup you make yourself.",
    ]
    second = outcome.second
    if second is not None and second.copied is not None:
        lines.append(f"Also copied to the second place and checked:\n{second.copied}")
    elif second is not None:
        lines.append(f"Not copied to the second place: {second.problem}")
    else:
        lines.append("Tip: choose a second place (a USB stick) in File ▸ Backup places…")
    return "\n\n".join(lines)


def install_backup_actions(window: MainWindow, clinic: Clinic, db_path: Path) -> BackupActions:
    """Give ``window`` its backup actions (in its File menu, above Quit) and auto-backups."""
    actions = BackupActions(window, clinic, db_path)
    actions.install(window.file_menu, window.quit_action)
    return actions


def _back_up(db_path: Path, folder: Path, now: dt.datetime, progress: Progress) -> BackupOutcome:
    """A manual backup through the worker's own connection (see :mod:`.backup_worker`)."""
    with BACKUP_LOCK:  # after an automatic backup that is running
        clinic = Clinic.open(db_path, create=False)
        try:
            return clinic.back_up(folder, manual=True, now=now, progress=progress)
        finally:
            clinic.close()


def _copy_to_second_place(db_path: Path, made: Path, now: dt.datetime):
    with BACKUP_LOCK:
        clinic = Clinic.open(db_path, create=False)
        try:
            return clinic.copy_to_second_place(made, now=now)
        finally:
            clinic.close()


def _restore(db_path: Path, backup: Path, progress: Progress, accept: bool) -> None:
    with BACKUP_LOCK:  # never while a backup reads the file
        restore_database(db_path, backup, progress=progress, accept_changed=accept)


def _check(backup: Path) -> tuple[BackupCheck, FingerprintStatus | None]:
    check = verify_backup(backup)
    return check, fingerprint_status(backup) if check.ok else None


def _sha256_or_blank(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""


def pending_restore(actions: BackupActions | None) -> Path | None:
    """Return the backup the window was closed to restore (through ``actions``), if any."""
    return None if actions is None else actions.restore_request


def perform_restore(db_path: Path, backup: Path, parent: QWidget | None = None) -> bool:
    """Restore ``backup`` over the (closed) database with progress; explain any failure.

    A backup whose bytes changed since GluteDesk wrote it is restored only if the therapist
    accepted exactly these bytes in :meth:`BackupActions.restore_from_backup`.
    """
    accepted = _accepted_changed.pop(Path(backup).resolve(), None)
    accept = bool(accepted) and accepted == _sha256_or_blank(backup)
    try:
        in_worker(
            parent,
            "Restoring your records…",
            lambda progress: _restore(Path(db_path), backup, progress, accept),
        )
    except (StorageError, OSError) as exc:
        ErrorMessage.ask(parent, "The backup could not be restored", str(exc))
        return False
    InfoMessage.ask(parent, "Records restored", f"Your records were restored from {backup.name}.")
    return True
