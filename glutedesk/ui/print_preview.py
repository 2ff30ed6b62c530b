"""The print preview: Qt's own QPrintPreviewDialog showing the PDF's real pages, with Save as PDF
and Open in PDF viewer beside its Print button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QPaintEngine
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QToolBar, QWidget

from glutedesk.ui.printing import PREVIEW_DPI, PRINT_DPI, PrintError, paint_pdf, prepare_printer
from glutedesk.ui.window_fit import fit_window

OPEN, SAVE, PRINTED = "open", "save", "printed"


class PrintPreview(QPrintPreviewDialog):
    """The pages of ``pdf`` as they will print; ``choice`` says how it was left.

    ``choice`` is "printed" after Print, "save" or "open" after those buttons, else None.
    ``error`` holds the reason when the pages could not be painted.
    """

    def __init__(self, pdf: Path, title: str, parent: QWidget | None) -> None:
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(title)
        prepare_printer(pdf, self.printer)
        super().__init__(self.printer, parent)
        self.setWindowTitle(f"Print preview — {title}")
        self.setObjectName("printPreview")
        self.pdf = Path(pdf)
        self.choice: str | None = None
        self.error: str | None = None
        self.painted = 0
        self.preview = self.findChild(QPrintPreviewWidget)
        self.preview.setAccessibleName("Pages as they will print")
        self.paintRequested.connect(self._paint)
        toolbar = self.findChild(QToolBar)
        self.save_action = QAction("Save as PDF…", self)
        self.open_action = QAction("Open in PDF viewer", self)
        for action, choice in ((self.save_action, SAVE), (self.open_action, OPEN)):
            action.triggered.connect(lambda _=False, c=choice: self._choose(c))
            if toolbar is not None:
                toolbar.addSeparator()
                toolbar.addAction(action)
        fit_window(self, 1180, 980)

    def _paint(self, printer: QPrinter) -> None:
        # The preview records pages (a picture engine) for the screen; paper gets sharper ones.
        previewing = printer.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = PREVIEW_DPI if previewing else PRINT_DPI
        try:
            self.painted = paint_pdf(self.pdf, printer, dpi)
        except PrintError as exc:
            self.error = str(exc)

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and self.choice is None:
            self.choice = PRINTED  # Qt's Print button prints, then accepts
        super().done(result)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        super().done(QDialog.DialogCode.Accepted)

    @classmethod
    def ask(cls, parent: QWidget | None, pdf: Path, title: str) -> tuple[str | None, str | None]:
        """Show the preview until closed; return (choice, error)."""
        dialog = cls(pdf, title, parent)
        dialog.exec()
        return dialog.choice, dialog.error
