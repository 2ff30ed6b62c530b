"""The print preview shows the PDF's real pages, and printing paints them through QPrinter."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QToolBar

from glutedesk.ui import printing
from glutedesk.ui import report_actions as ra
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.print_preview import PrintPreview


@pytest.fixture
def progress_pdf(window, clinic, qtbot, tmp_path, monkeypatch) -> Path:
    """A real progress report for Zoë, built by the app's own Save as PDF."""
    target = tmp_path / "zoe-progress.pdf"
    monkeypatch.setattr(ra.SavePdfDialog, "ask", classmethod(lambda cls, p, s: target))
    window.client_list.select_client(clinic["Zoë"])
    with qtbot.waitSignal(window.reports.document_ready, timeout=60000):
        window.reports.start("progress", ra.SAVE)
    return target


def difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference of two images' grey levels (0-255), sampled on a grid."""
    b = b.scaled(a.size())
    total, count = 0, 0
    for y in range(0, a.height(), 3):
        for x in range(0, a.width(), 3):
            total += abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value())
            count += 1
    return total / count


def test_preview_shows_every_page_of_the_real_pdf(progress_pdf, qtbot):
    pages = len(PdfReader(str(progress_pdf)).pages)
    dialog = PrintPreview(progress_pdf, "Progress report — Zoë", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.pageCount() == pages, timeout=30000)
    assert pages > 1 and dialog.painted == pages and dialog.error is None
    texts = [a.text() for a in dialog.findChild(QToolBar).actions()]
    assert "Save as PDF…" in texts and "Open in PDF viewer" in texts
    dialog.save_action.trigger()
    assert dialog.choice == "save"


def test_printing_paints_the_same_pages_on_the_printer(progress_pdf, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printing.prepare_printer(progress_pdf, printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer we can read back
    out = tmp_path / "paper.pdf"
    printer.setOutputFileName(str(out))
    painted = printing.paint_pdf(progress_pdf, printer, dpi=100)
    source_pages = len(PdfReader(str(progress_pdf)).pages)
    assert painted == source_pages == len(PdfReader(str(out)).pages)
    for index in range(source_pages):
        original = printing.render_page(progress_pdf, index, 40)
        paper = printing.render_page(out, index, 40)
        assert abs(paper.width() / paper.height() - original.width() / original.height()) < 0.01
        assert difference(original, paper) < 6  # the same page, only re-rasterised
    # and not a blank or shifted page: another page of the report differs clearly
    assert (
        difference(printing.render_page(progress_pdf, 0, 40), printing.render_page(out, 1, 40)) > 6
    )


def test_a_page_range_prints_only_those_pages(progress_pdf, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printing.prepare_printer(progress_pdf, printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    printer.setFromTo(2, 3)
    assert printing.paint_pdf(progress_pdf, printer, dpi=72) == 2
    assert len(PdfReader(str(tmp_path / "two.pdf")).pages) == 2


def test_an_unreadable_pdf_is_a_plain_refusal(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(printing.PrintError, match="could not be read"):
        printing.page_count(broken)


def test_ctrl_p_previews_the_selected_clients_progress_report(window, clinic, qtbot, monkeypatch):
    action = window.reports.actions[("progress", ra.PREVIEW)]
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    shown: list[tuple[Path, str]] = []

    def fake_ask(cls, parent, pdf, title):  # the dialog is modal: record what it would show
        shown.append((pdf, title))
        return "printed", None

    monkeypatch.setattr(PrintPreview, "ask", classmethod(fake_ask))
    monkeypatch.setattr(ErrorMessage, "ask", classmethod(lambda cls, *a: None))
    messages: list[str] = []
    window.reports.message.connect(messages.append)
    window.client_list.select_client(clinic["Zoë"])
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    combination = QKeySequence(QKeySequence.StandardKey.Print)[0]
    target = window.focusWidget() or window
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)
    pdf, title = shown[0]
    assert title.startswith("Progress report — Zoë") and pdf.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["Printed progress report"]
