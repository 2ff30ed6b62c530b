"""Printing a finished PDF through Qt: the pages the therapist sees in the print preview are the
pages of the very file "Save as PDF" writes, rasterised by PDFium (pypdfium2) and painted on a
``QPrinter``, so any printer the system offers works without a PDF viewer, ``lp`` or a shell
verb. A printer set to PDF output gets a byte-for-byte copy of the file instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter

if TYPE_CHECKING:  # QtPrintSupport is a library of its own: loaded when a document is printed
    from PySide6.QtPrintSupport import QPrinter

# Sharp text on paper without multi-hundred-megabyte pages; the preview uses less.
PRINT_DPI = 300
PREVIEW_DPI = 150


class PrintError(Exception):
    """The document could not be sent to the printer."""


def _open(pdf: Path):
    import pypdfium2 as pdfium  # loaded only when a document is shown or printed

    try:
        return pdfium.PdfDocument(str(pdf))
    except (OSError, pdfium.PdfiumError) as exc:
        raise PrintError(f"The document {pdf.name} could not be read ({exc}).") from None


def page_count(pdf: Path) -> int:
    """The number of pages in ``pdf``."""
    document = _open(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_page(pdf: Path, index: int, dpi: int = PREVIEW_DPI) -> QImage:
    """Page ``index`` (0-based) of ``pdf`` as an image at ``dpi`` on a white page."""
    document = _open(pdf)
    try:
        return _render(document, index, dpi)
    finally:
        document.close()


def _render(document, index: int, dpi: int) -> QImage:
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, rev_byteorder=True)
        image = QImage(
            bitmap.buffer,
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGBX8888,
        ).copy()  # the bitmap's memory goes with it
        bitmap.close()
        return image
    finally:
        page.close()


def prepare_printer(pdf: Path, printer: QPrinter) -> None:
    """Set ``printer`` to the document's paper size, no margins, and its page count."""
    document = _open(pdf)
    try:
        width, height = document[0].get_size()
        pages = len(document)
    finally:
        document.close()
    size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.FuzzyMatch)
    printer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setFromTo(1, pages)
    printer.setDocName(printer.docName() or pdf.stem)


def paint_pdf(pdf: Path, printer: QPrinter, dpi: int = PRINT_DPI) -> int:
    """Paint the pages of ``pdf`` (within the printer's page range) on ``printer``.

    Each page is scaled to fit the paper, keeping its shape. Returns the number of pages
    painted; raises :class:`PrintError` when the file cannot be read or the printer refuses.
    """
    document = _open(pdf)
    try:
        pages = len(document)
        first, last = printer.fromPage(), printer.toPage()
        if first < 1 or last < 1:  # no range chosen: every page
            first, last = 1, pages
        indices = range(max(first, 1) - 1, min(last, pages))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError("The printer could not be started. Is it switched on and ready?")
        try:
            for n, index in enumerate(indices):
                if n and not printer.newPage():
                    raise PrintError("The printer stopped accepting pages.")
                image = _render(document, index, dpi)
                painter.drawImage(_fit(image, printer), image)
        finally:
            painter.end()
        return len(indices)
    finally:
        document.close()


def _fit(image: QImage, printer: QPrinter) -> QRectF:
    from PySide6.QtPrintSupport import QPrinter

    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)


def send_to_printer(pdf: Path, printer: QPrinter) -> str:
    """Print ``pdf`` on the printer chosen in ``printer``; return a one-line confirmation.

    A printer set to PDF output gets a copy of the file at its output file name; any other
    printer gets the pages painted through Qt. Raises :class:`PrintError` with a plain
    message when that is not possible.
    """
    from PySide6.QtPrintSupport import QPrinter

    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        target = printer.outputFileName()
        if not target:
            raise PrintError("No file was chosen to print to.")
        try:
            shutil.copyfile(pdf, target)
        except OSError as exc:
            raise PrintError(f"Cannot write {target}: {exc.strerror or exc}") from None
        return f"Printed to {target}"
    count = paint_pdf(pdf, printer)
    name = printer.printerName() or "the printer"
    return f"Sent {count} page{'s' if count != 1 else ''} to {name}"
