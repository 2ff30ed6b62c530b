"""The Tools menu: every command-line job, for the open clinic, with progress and a result.

| command line          | here                                                  |
|-----------------------|-------------------------------------------------------|
| ``glutedesk export``  | Tools ▸ Export records… (whole clinic or the selected client) |
| ``glutedesk import``  | Tools ▸ Import records…                               |
| ``glutedesk check``   | Tools ▸ Check the clinic file                         |
| ``glutedesk sar``     | Tools ▸ Subject-access bundle for the selected client… |
| ``glutedesk erase``   | Tools ▸ Erase the selected client…, or from the retention list |
| ``glutedesk retention`` | Tools ▸ Retention list…                             |

Export, import, check and the bundle run the command itself in a child process; erasure and
the retention list run in a worker thread with their own connection (:mod:`.runner`,
:mod:`.work`). Nothing blocks the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from glutedesk.storage.clinic import Clinic
from glutedesk.ui import preferences
from glutedesk.ui.clinic_jobs import work
from glutedesk.ui.clinic_jobs.dialogs import (
    CheckResultDialog,
    EraseDialog,
    ExportFileDialog,
    ExportScopeDialog,
    FolderDialog,
    ImportFileDialog,
    ResultMessage,
)
from glutedesk.ui.clinic_jobs.retention import RetentionDialog
from glutedesk.ui.clinic_jobs.runner import run_command, run_job

if TYPE_CHECKING:
    from glutedesk.storage.gdpr import RetentionItem

if TYPE_CHECKING:
    from glutedesk.ui.main_window import MainWindow


class ClinicJobs(QObject):
    """The Tools menu's jobs for one window over one clinic file."""

    def __init__(
        self,
        window: MainWindow,
        clinic: Clinic,
        db_path: Path,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._clinic = clinic
        self._db_path = Path(db_path)
        self.today = today
        self.retention_dialog: RetentionDialog | None = None
        self.export_action = QAction("&Export records…", window)
        self.import_action = QAction("&Import records…", window)
        self.check_action = QAction("&Check the clinic file", window)
        self.sar_action = QAction("&Subject-access bundle for the selected client…", window)
        self.erase_action = QAction("E&rase the selected client…", window)
        self.retention_action = QAction("Re&tention list…", window)
        self.export_action.triggered.connect(self.export)
        self.import_action.triggered.connect(self.import_file)
        self.check_action.triggered.connect(self.check)
        self.sar_action.triggered.connect(self.subject_access)
        self.erase_action.triggered.connect(self.erase_selected)
        self.retention_action.triggered.connect(self.retention)
        window.client_list.client_selected.connect(lambda _id: self.update_actions())
        self.update_actions()

    def build_menu(self, menu: QMenu) -> QMenu:
        for action in (self.export_action, self.import_action, self.check_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.sar_action)
        menu.addAction(self.retention_action)
        menu.addAction(self.erase_action)
        menu.aboutToShow.connect(self.update_actions)
        return menu

    # State -------------------------------------------------------------------------------

    @property
    def writable(self) -> bool:
        return self._window.read_only is None

    def selected(self) -> tuple[str, str] | None:
        """The selected client's id and name, if any."""
        client = self._window.details.client
        if client is None or self._window.client_list.selected_id != client.id:
            return None
        return client.id, client.name

    def update_actions(self) -> None:
        chosen = self.selected() is not None
        self.sar_action.setEnabled(chosen)
        self.erase_action.setEnabled(chosen and self.writable)
        self.import_action.setEnabled(self.writable)

    def _run(self, label: str, job: Callable[[], Any], done: Callable[[Any], None], title: str):
        return run_job(
            self._window,
            label,
            job,
            done,
            lambda message: ResultMessage.ask(self._window, title, message, ok=False),
        )

    # Jobs ---------------------------------------------------------------------------------

    def _command(self, label: str, args: list[str], done: Callable[[str], None], title: str):
        """Run ``glutedesk ARGS --db <this clinic>`` in a child process; show its refusal."""
        return run_command(
            self._window,
            label,
            [*args, "--db", str(self._db_path)],
            lambda out, err: done(_with_notes(out, err)),
            lambda message, _out, _err: ResultMessage.ask(self._window, title, message, ok=False),
        )

    def export(self) -> None:
        """Export the whole clinic, or the selected client, to a JSON file."""
        chosen = self.selected()
        scope = ExportScopeDialog.ask(self._window, chosen[1] if chosen else None)
        if scope is None:
            return
        client_id = chosen[0] if scope == "client" and chosen else None
        stem = f"{chosen[1]} export" if client_id and chosen else f"{self._db_path.stem} export"
        name = f"{stem} {self.today():%Y-%m-%d}.json".replace("/", "-")
        out = ExportFileDialog.ask(self._window, preferences.last_folder("export") / name)
        if out is None:
            return
        preferences.remember_folder("export", out)
        args = ["export", "--out", str(out)] + (["--client", client_id] if client_id else [])
        self._command(
            "Exporting records…",
            args,
            lambda text: ResultMessage.ask(self._window, "Export finished", text),
            "The export was not written",
        )

    def import_file(self) -> None:
        """Import an export file: all of it, or nothing (the refusal names record and field)."""
        if not self.writable:
            return
        file = ImportFileDialog.ask(self._window, preferences.last_folder("import"))
        if file is None:
            return
        preferences.remember_folder("import", file)

        def done(text: str) -> None:
            self._window.refresh()
            ResultMessage.ask(self._window, "Import finished", f"{file.name}: {text}")

        def refused(message: str, _out: str, _err: str) -> None:
            ResultMessage.ask(
                self._window,
                "Nothing was imported",
                f"{file.name} was refused: {message}\n\nAn import is all or nothing, so no "
                "record from it was added. Correct that record (or ask for a new export) and "
                "import it again.",
                ok=False,
            )

        run_command(
            self._window,
            "Importing records…",
            ["import", str(file), "--db", str(self._db_path)],
            lambda out, err: done(_with_notes(out, err)),
            refused,
        )

    def check(self) -> None:
        """Run the full check of the clinic file and show what it found."""

        def found(out: str, err: str) -> None:
            problems = _prefixed(err, "problem: ")
            notes = _prefixed(out, "note: ")
            CheckResultDialog.ask(self._window, not problems, problems, notes, self._db_path)

        def failed(message: str, out: str, err: str) -> None:
            if _prefixed(err, "problem: "):  # the check ran and found problems (exit status 1)
                found(out, err)
                return
            ResultMessage.ask(self._window, "The check could not run", message, ok=False)

        run_command(
            self._window,
            "Checking the clinic file…",
            ["check", "--db", str(self._db_path)],
            found,
            failed,
        )

    def subject_access(self) -> None:
        """Write the selected client's subject-access bundle into a chosen folder."""
        chosen = self.selected()
        if chosen is None:
            return
        client_id, name = chosen
        start = preferences.last_folder("sar")
        folder = FolderDialog.ask(self._window, f"Folder for {name}'s bundle", start)
        if folder is None:
            return
        preferences.remember_folder("sar", folder)

        def done(text: str) -> None:
            bundle = Path(text.split(" written to ", 1)[-1].splitlines()[0].strip())
            box = QMessageBox(self._window)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle("Subject-access bundle written")
            box.setText(f"{name}'s subject-access bundle (PDF and JSON) was written to\n{bundle}")
            show = box.addButton("Show folder", QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Ok)
            box.exec()
            if box.clickedButton() is show:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(bundle)))

        self._command(
            f"Writing {name}'s subject-access bundle…",
            ["sar", "--client", client_id, "--out", str(folder)],
            done,
            "The bundle was not written",
        )

    def erase_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.erase(*chosen)

    def erase(
        self,
        client_id: str,
        name: str,
        after: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Ask (reason, typed ERASE), then erase the client everywhere and say what remains."""
        if not self.writable:
            return
        parent = parent or self._window
        if getattr(self._window, "_editors", None):
            ResultMessage.ask(
                parent,
                "Close the open visits first",
                "A visit window is open. Close every visit window, then erase.",
                ok=False,
            )
            return
        visits = len(self._clinic.visit_summaries(client_id))
        answer = EraseDialog.ask(parent, name, visits)
        if answer is None:
            return
        reason, purge = answer

        def done(outcome: work.ErasureOutcome) -> None:
            self._window.refresh()
            complete, text = work.erasure_summary(outcome, self._db_path)
            ResultMessage.ask(parent, f"{name} was erased", text, ok=complete)
            if after is not None:
                after()

        self._run(
            f"Erasing {name}…",
            lambda: work.erase_client(self._db_path, client_id, reason, purge=purge),
            done,
            f"{name} was not erased",
        )

    def retention(self) -> None:
        """Load the retention list off the GUI thread and show it."""
        self._run(
            "Reading the retention periods…",
            lambda: work.retention_list(self._db_path, None, self.today()),
            self._show_retention,
            "The retention list could not be read",
        )

    def _show_retention(self, listing: work.RetentionList) -> None:
        dialog = RetentionDialog(
            self._window, listing, self._erase_from_retention, can_erase=self.writable
        )
        self.retention_dialog = dialog
        dialog.exec()
        self.retention_dialog = None
        dialog.deleteLater()

    def _erase_from_retention(self, item: RetentionItem) -> None:
        def reload() -> None:
            self._run(
                "Reading the retention periods…",
                lambda: work.retention_list(self._db_path, None, self.today()),
                lambda listing: (
                    self.retention_dialog and self.retention_dialog.set_listing(listing)
                ),
                "The retention list could not be read",
            )

        self.erase(item.client_id, item.name, after=reload, parent=self.retention_dialog)


def _prefixed(text: str, prefix: str) -> list[str]:
    return [line.removeprefix(prefix) for line in text.splitlines() if line.startswith(prefix)]


def _with_notes(out: str, err: str) -> str:
    """The command's report, with its notes (e.g. opened read-only) after it."""
    notes = [line.removeprefix("glutedesk: ") for line in err.splitlines() if line.strip()]
    return "\n\n".join([out.strip(), *notes]).strip()


def install_clinic_jobs(window: MainWindow, clinic: Clinic, db_path: Path) -> ClinicJobs:
    """Give ``window`` a Tools menu (before Help) with every command-line job."""
    jobs = ClinicJobs(window, clinic, db_path)
    menu_bar = window.menuBar()
    help_menu = next(
        (a for a in menu_bar.actions() if a.menu() and a.text().replace("&", "") == "Help"), None
    )
    tools = QMenu("&Tools", window)
    jobs.build_menu(tools)
    if help_menu is not None:
        menu_bar.insertMenu(help_menu, tools)
    else:
        menu_bar.addMenu(tools)
    window.tools_menu = tools
    return jobs
