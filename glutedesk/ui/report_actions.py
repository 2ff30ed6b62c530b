"""Reports ▸ preview, save and print the selected client's documents, built off the GUI thread.

A document is built by a :class:`~glutedesk.ui.report_build.BuildJob` off the GUI thread while a
busy dialog shows the window is working. Nothing here imports reportlab or matplotlib at
start-up. Preview is Qt's print preview of the PDF's real pages (ui/print_preview.py). Printing:
the system print dialog (QPrintDialog) chooses the printer and the number of copies, and
:func:`~glutedesk.ui.printing.send_to_printer` paints the PDF's pages on it through Qt;
choosing "Print to File (PDF)" in the dialog writes that PDF to the chosen file.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMenu,
    QProgressDialog,
    QWidget,
)

from glutedesk.reports.documents import KINDS, default_file_name
from glutedesk.storage.clinic import Clinic
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.report_build import BuildJob, BuiltDocument

if TYPE_CHECKING:  # QtPrintSupport and printing (QtGui's page classes) load when first used
    from PySide6.QtPrintSupport import QPrinter

_log = logging.getLogger("glutedesk.ui")

PREVIEW, SAVE, PRINT = "preview", "save", "print"
PRINTED = "printed"  # printed from the preview
BUSY_DELAY_MS = 300


# Modal dialogs (each has one ask() that tests replace) -----------------------------------------


class SavePdfDialog:
    """Where to save a PDF."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        from glutedesk.ui.preferences import last_folder, remember_folder

        suggested = last_folder("reports", suggested.parent) / suggested.name  # as last time
        path, _ = QFileDialog.getSaveFileName(
            parent, "Save as PDF", str(suggested), "PDF documents (*.pdf)"
        )
        if not path:
            return None
        chosen = Path(path)
        remember_folder("reports", chosen.parent)
        return chosen if chosen.suffix.lower() == ".pdf" else chosen.with_suffix(".pdf")


class PrintDialog:
    """The system print dialog: choose the printer and copies."""

    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print")
        return dialog.exec() == QDialog.DialogCode.Accepted


class ExternalViewer:
    """Opens a file with the system's default application."""

    @classmethod
    def open(cls, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class PreviewDialog:
    """The print preview (Qt's, with the PDF's real pages); ``ask`` returns the choice."""

    @classmethod
    def ask(cls, parent: QWidget | None, document: BuiltDocument, client_name: str) -> str | None:
        """Show the pages; return "open", "save", "printed" or None (closed)."""
        from glutedesk.ui.print_preview import PrintPreview
        from glutedesk.ui.printing import PrintError

        title = f"{KINDS[document.kind].title} — {client_name}"
        try:
            choice, error = PrintPreview.ask(parent, document.path, title)
        except PrintError as exc:
            choice, error = None, str(exc)
        if error:
            ErrorMessage.ask(parent, "The document could not be shown", error)
        return choice


# Printing -------------------------------------------------------------------------------------


# The actions -------------------------------------------------------------------------------


class ReportActions(QObject):
    """The Reports menu's actions for the client shown in the main window.

    Args:
        clinic: The GUI thread's clinic (settings and audit events).
        db_path: The database file; each build opens its own connection from it.
        parent: The window that owns the dialogs.
    """

    document_ready = Signal(object)  # BuiltDocument, after a successful build
    failed = Signal(str)
    message = Signal(str)  # one-line outcome for the status bar

    def __init__(self, clinic: Clinic, db_path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self._clinic = clinic
        self._db_path = Path(db_path)
        self._window = parent
        self._client_id: str | None = None
        self._client_name = ""
        self._jobs: set[BuildJob] = set()
        self._busy: QProgressDialog | None = None
        self._temp = tempfile.TemporaryDirectory(prefix="glutedesk-")
        self.pool = QThreadPool.globalInstance()
        self.actions: dict[tuple[str, str], QAction] = {}
        for kind, info in KINDS.items():
            title = _lower_first(info.title)
            for purpose, text in (
                (PREVIEW, f"Preview {title}…"),
                (SAVE, f"Save {title} as PDF…"),
                (PRINT, f"Print {title}…"),
            ):
                action = QAction(text, self)
                action.setToolTip(f"{info.title}: {info.description}")
                action.triggered.connect(lambda _=False, k=kind, p=purpose: self.start(k, p))
                self.actions[(kind, purpose)] = action
        # Ctrl+P (⌘P): the current client's progress report, shown as it will print.
        self.actions[("progress", PREVIEW)].setShortcut(QKeySequence.StandardKey.Print)
        self.clinic_action = QAction("Clinic details for documents…", self)
        self.clinic_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.clinic_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.clinic_action.triggered.connect(self.edit_clinic_settings)
        self.set_client(None)

    # Client ------------------------------------------------------------------------------

    def set_client(self, client_id: str | None, name: str = "") -> None:
        """The client the actions act on (None disables them)."""
        self._client_id = client_id
        self._client_name = name
        for action in self.actions.values():
            action.setEnabled(client_id is not None)

    @property
    def busy(self) -> bool:
        """True while a document is being built."""
        return bool(self._jobs)

    def build_menu(self, menu: QMenu) -> QMenu:
        """Fill ``menu`` with the actions, one group per document."""
        for index, kind in enumerate(KINDS):
            if index:
                menu.addSeparator()
            for purpose in (PREVIEW, SAVE, PRINT):
                menu.addAction(self.actions[(kind, purpose)])
        menu.addSeparator()
        menu.addAction(self.clinic_action)
        return menu

    # Building ----------------------------------------------------------------------------

    def start(self, kind: str, purpose: str, *, visit_id: str | None = None) -> BuildJob | None:
        """Build ``kind`` for the current client, then preview, save or print it."""
        if self._client_id is None:
            return None
        if purpose == SAVE:
            suggested = Path.home() / default_file_name(kind, self._client_name, _today())
            out = SavePdfDialog.ask(self._window, suggested)
            if out is None:
                return None
        else:
            out = Path(self._temp.name) / default_file_name(kind, self._client_name, _today())
        job = BuildJob(self._db_path, kind, self._client_id, out, purpose, visit_id=visit_id)
        job.setAutoDelete(False)
        job.signals.finished.connect(lambda doc, j=job: self._on_finished(j, doc))
        job.signals.failed.connect(lambda text, j=job: self._on_failed(j, text))
        self._jobs.add(job)
        self._show_busy(f"Making the {KINDS[kind].title.lower()}…")
        self.pool.start(job)
        return job

    def _show_busy(self, text: str) -> None:
        if self._busy is None:
            busy = QProgressDialog(text, "", 0, 0, self._window)
            busy.setWindowTitle("Please wait")
            busy.setCancelButton(None)
            busy.setWindowModality(Qt.WindowModality.WindowModal)
            busy.setMinimumDuration(BUSY_DELAY_MS)
            busy.setAutoClose(False)
            busy.setAutoReset(False)
            self._busy = busy
        self._busy.setLabelText(text)
        self._busy.setValue(0)

    def _hide_busy(self) -> None:
        if self._busy is not None and not self._jobs:
            self._busy.reset()
            self._busy.hide()

    def _on_failed(self, job: BuildJob, text: str) -> None:
        self._jobs.discard(job)
        self._hide_busy()
        self.failed.emit(text)
        ErrorMessage.ask(self._window, "The document could not be made", text)

    def _on_finished(self, job: BuildJob, document: BuiltDocument) -> None:
        self._jobs.discard(job)
        self._hide_busy()
        self.document_ready.emit(document)
        if document.purpose == SAVE:
            self._audit("export", document)
            self.message.emit(f"Saved {document.path}")
        elif document.purpose == PRINT:
            self.print_document(document)
        else:
            self._audit("view", document)
            self.preview(document)

    # After building ------------------------------------------------------------------------

    def preview(self, document: BuiltDocument) -> None:
        """Show the pages as they will print; print, save or open them from there."""
        choice = PreviewDialog.ask(self._window, document, self._client_name)
        if choice == "open":
            if not ExternalViewer.open(document.path):
                ErrorMessage.ask(
                    self._window,
                    "No PDF viewer",
                    f"No program to open PDF files was found. The document is at {document.path}.",
                )
        elif choice == SAVE:
            self.save_copy(document)
        elif choice == PRINTED:
            self._audit("print", document)
            self.message.emit(f"Printed {KINDS[document.kind].title.lower()}")

    def save_copy(self, document: BuiltDocument) -> Path | None:
        """Ask where to save the built PDF and copy it there."""
        suggested = Path.home() / document.path.name
        target = SavePdfDialog.ask(self._window, suggested)
        if target is None:
            return None
        try:
            shutil.copyfile(document.path, target)
        except OSError as exc:
            ErrorMessage.ask(
                self._window, "The PDF was not saved", f"Cannot write {target}: {exc.strerror}"
            )
            return None
        self._audit("export", document)
        self.message.emit(f"Saved {target}")
        return target

    def print_document(self, document: BuiltDocument) -> bool:
        """Ask for a printer with the system print dialog, then print the PDF."""
        from PySide6.QtPrintSupport import QPrinter

        from glutedesk.ui.printing import PrintError, prepare_printer, send_to_printer

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"{KINDS[document.kind].title} — {self._client_name}")
        try:
            prepare_printer(document.path, printer)
            if not PrintDialog.ask(self._window, printer):
                return False
            outcome = send_to_printer(document.path, printer)
        except PrintError as exc:
            ErrorMessage.ask(self._window, "The document was not printed", str(exc))
            return False
        self._audit("print", document)
        self.message.emit(outcome)
        return True

    def edit_clinic_settings(self) -> None:
        """Edit the clinic details printed on every document."""
        from glutedesk.ui.settings_dialog import SettingsDialog

        security = getattr(getattr(self._window, "protection", None), "open_settings", None)
        current = self._clinic.settings()
        if security is None:
            chosen = SettingsDialog.ask(self._window, current)
        else:  # the window offers Security and privacy… (glutedesk.ui.protection)
            chosen = SettingsDialog.ask(self._window, current, security)
        if chosen is None:
            return
        try:
            self._clinic.save_settings(chosen)
        except (ValueError, OSError) as exc:
            ErrorMessage.ask(self._window, "The clinic details were not saved", str(exc))
            return
        self.message.emit("Clinic details saved")

    def _audit(self, action: str, document: BuiltDocument) -> None:
        try:
            self._clinic.record_event(
                action,
                client_id=document.client_id,
                detail=f"{KINDS[document.kind].title}, {document.pages} pages",
            )
        except Exception:  # an audit failure must not lose the document
            _log.exception("Could not record the %s event", action)


def _lower_first(title: str) -> str:
    """ "Progress report" -> "progress report", but "GP referral letter" stays as it is."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]


def _today():
    import datetime as dt

    return dt.date.today()
