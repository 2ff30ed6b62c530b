"""File ▸ New clinic…, Open clinic…, Open recent and Explore the demo clinic: clinics as files.

A clinic is one file, opened like a document. Choosing another one checks it first, without
writing a byte (:func:`glutedesk.storage.database.inspect_database`): a file that is not a
GluteDesk clinic, or was saved by a newer GluteDesk, is refused with a clear message and left
exactly as it was. Otherwise the window closes (asking about unsaved visits as usual) and
:func:`glutedesk.ui.app.run_gui` opens the chosen clinic in a new one, as after a restore.
The demo clinic is a separate file beside the default clinic, marked in the title bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import StorageError, default_db_path, inspect_database
from glutedesk.storage.lock_file import database_in_use
from glutedesk.ui import preferences
from glutedesk.ui.clinic_jobs.runner import run_job
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.single_instance import hand_over

if TYPE_CHECKING:
    from glutedesk.ui.main_window import MainWindow

CLINIC_FILTER = "GluteDesk clinics (*.sqlite3 *.glutedesk);;All files (*)"
DEMO_FILE_NAME = "demo-clinic.sqlite3"
DEMO_CLIENTS = 24


def demo_clinic_path() -> Path:
    """The demo clinic's own file, beside the default clinic (never the therapist's records)."""
    return default_db_path().parent / DEMO_FILE_NAME


def is_demo(path: Path) -> bool:
    """Whether ``path`` is the demo clinic's file."""
    return Path(path).absolute() == demo_clinic_path().absolute()


def window_title(path: Path) -> str:
    """The title bar for a clinic: its file name, and "demo" for the demo clinic."""
    if is_demo(path):
        return "GluteDesk — DEMO clinic (made-up clients)"
    return f"GluteDesk — {Path(path).name}"


def clinic_refusal(path: Path) -> str | None:
    """Why ``path`` cannot be opened as a clinic (one paragraph), or None if it can.

    Only reads the file: a refused file is left byte-for-byte as it was.
    """
    path = Path(path)
    if path.is_dir():
        return f"{path} is a folder, not a GluteDesk clinic file."
    if not path.exists():
        return f"There is no file at {path}."
    if path.stat().st_size == 0:
        return f"{path} is an empty file, not a GluteDesk clinic."
    try:
        inspect_database(path)
    except StorageError as exc:
        return str(exc)
    except OSError as exc:
        return f"{path} cannot be read: {exc.strerror or exc}."
    return None


class OpenClinicDialog:
    """Choose a clinic file to open."""

    @classmethod
    def ask(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open clinic", str(start), CLINIC_FILTER)
        return Path(name) if name else None


class NewClinicDialog:
    """Choose where a new, empty clinic file goes."""

    @classmethod
    def ask(cls, parent: QWidget | None, start: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent,
            "New clinic",
            str(start / "new-clinic.sqlite3"),
            CLINIC_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return None
        chosen = Path(name)
        return chosen if chosen.suffix else chosen.with_suffix(".sqlite3")


class RefusedClinicMessage:
    """A file that cannot be opened as a clinic: why, and that it was not changed."""

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, reason: str) -> None:
        ErrorMessage.ask(
            parent,
            "This is not a clinic GluteDesk can open",
            f"{reason}\n\nThe file has not been changed. Your current clinic stays open.",
        )


class ClinicFiles(QObject):
    """The File menu's clinic actions for one window, and the clinic it was asked to switch to."""

    def __init__(self, window: MainWindow, db_path: Path) -> None:
        super().__init__(window)
        self._window = window
        self._db_path = Path(db_path)
        self.switch_request: Path | None = None
        self.new_action = QAction("New c&linic…", window)
        # No shortcut: the standard New key (Ctrl+N) is "New visit", the everyday action.
        self.open_action = QAction("&Open clinic…", window)
        self.open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.recent_menu = QMenu("Open rec&ent", window)
        self.demo_action = QAction("Explore the &demo clinic", window)
        self.new_action.triggered.connect(self.new_clinic)
        self.open_action.triggered.connect(self.open_clinic)
        self.demo_action.triggered.connect(self.explore_demo)
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.fill_recent()

    def install(self, menu: QMenu, before: QAction) -> None:
        """Put the actions at the top of ``menu`` (above ``before``), then a separator."""
        for action in (self.new_action, self.open_action):
            menu.insertAction(before, action)
        menu.insertMenu(before, self.recent_menu)
        menu.insertAction(before, self.demo_action)
        menu.insertSeparator(before)

    def fill_recent(self) -> None:
        """List the recent clinics (the open one and missing files are shown, disabled)."""
        self.recent_menu.clear()
        recent = preferences.recent_clinics()
        for path in recent:
            label = f"{path.name}  —  {path.parent}" + ("  (demo)" if is_demo(path) else "")
            action = self.recent_menu.addAction(label)
            action.setToolTip(str(path))
            action.setEnabled(path.is_file() and path.absolute() != self._db_path.absolute())
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not recent:
            self.recent_menu.addAction("No recent clinics").setEnabled(False)

    def new_clinic(self) -> Path | None:
        """Create a new, empty clinic file where the therapist chooses, then open it."""
        start = preferences.last_folder("clinic", self._db_path.parent)
        path = NewClinicDialog.ask(self._window, start)
        if path is None:
            return None
        if path.exists():
            RefusedClinicMessage.ask(
                self._window,
                path,
                f"There is already a file at {path}; a new clinic needs a new file name "
                "(use Open clinic… to open an existing one).",
            )
            return None
        try:
            Clinic.open(path, create=True).close()
        except StorageError as exc:
            ErrorMessage.ask(self._window, "The new clinic could not be made", str(exc))
            return None
        preferences.remember_folder("clinic", path)
        return self.switch_to(path)

    def open_clinic(self) -> Path | None:
        """Choose a clinic file and open it (after checking it is one this version can open)."""
        start = preferences.last_folder("clinic", self._db_path.parent)
        path = OpenClinicDialog.ask(self._window, start)
        if path is None:
            return None
        preferences.remember_folder("clinic", path)
        return self.open_path(path)

    def open_path(self, path: Path) -> Path | None:
        """Open the clinic at ``path`` (refused, with the reason, if it is not one)."""
        path = Path(path).absolute()
        if path == self._db_path.absolute():
            return None
        reason = clinic_refusal(path)
        if reason is not None:
            RefusedClinicMessage.ask(self._window, path, reason)
            return None
        return self.switch_to(path)

    def switch_to(self, path: Path) -> Path | None:
        """Close this window so that ``run_gui`` opens ``path`` (another copy's: raise it)."""
        if database_in_use(path) is not None and hand_over(path):
            self._window.statusBar().showMessage(
                f"{path.name} is open in another GluteDesk window; it was brought forward.", 8000
            )
            return None
        self.switch_request = path
        if not self._window.close():  # unsaved work the therapist kept: stay here
            self.switch_request = None
            return None
        return path

    def explore_demo(self) -> None:
        """Open the demo clinic (made the first time, in its own file, with made-up clients)."""
        path = demo_clinic_path()
        if path.absolute() == self._db_path.absolute():
            return
        if path.is_file() and clinic_refusal(path) is None:
            self.switch_to(path)
            return
        run_job(
            self._window,
            "Making the demo clinic (made-up clients)…",
            lambda: build_demo_file(path),
            lambda _summary: self.switch_to(path),
            lambda message: ErrorMessage.ask(
                self._window, "The demo clinic could not be made", message
            ),
        )


def build_demo_file(path: Path, n_clients: int = DEMO_CLIENTS):
    """Fill a new demo clinic file at ``path`` (in the calling thread); return its summary."""
    from glutedesk.samples.demo import build_demo_clinic

    clinic = Clinic.open(path, create=True)
    try:
        if clinic.count_clients() > 0:
            return None
        return build_demo_clinic(clinic, n_clients=n_clients, seed=7)
    finally:
        clinic.close()


def install_clinic_files(window: MainWindow, db_path: Path) -> ClinicFiles:
    """Give ``window`` its clinic actions at the top of the File menu and the demo title."""
    files = ClinicFiles(window, db_path)
    first = window.file_menu.actions()[0]
    files.install(window.file_menu, first)
    window.setWindowTitle(window_title(db_path))
    return files


def pending_switch(files: ClinicFiles | None) -> Path | None:
    """The clinic the window was closed to open (through ``files``), if any."""
    return None if files is None else files.switch_request
