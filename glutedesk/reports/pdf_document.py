"""Building a GluteDesk PDF: the clinic's first-page header, the running footer with
"Page N of M", and the safe write (a temporary file beside the target, moved into place, so a
failed build never leaves half a PDF behind)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from glutedesk.domain.dates import format_date
from glutedesk.reports.errors import ReportError
from glutedesk.reports.footer import draw_footer
from glutedesk.storage.settings import ClinicSettings

if TYPE_CHECKING:
    pass
from glutedesk.reports.pdf_common import (
    ACCENT,
    FONT,
    FRAME_PADDING,
    FRAME_WIDTH,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    RULE,
    Styles,
    esc,
    para,
    register_fonts,
)

# Header, footer, page numbers ----------------------------------------------------------------


def clinic_header(settings: ClinicSettings, title: str, styles: Styles, *, date: dt.date) -> Table:
    """Return the first-page header: logo, clinic name and address, document title and date."""
    name = settings.name.strip() or "GluteDesk"
    left: list[Flowable] = [
        Paragraph(esc(name), ParagraphStyle("clinic", parent=styles.h2, spaceBefore=0)),
    ]
    if settings.address.strip():
        left.append(para(settings.address.strip(), styles.muted))
    if settings.phone.strip():
        left.append(para(f"Tel. {settings.phone.strip()}", styles.muted))
    right = [
        Paragraph(esc(title), ParagraphStyle("doc", parent=styles.h2, alignment=TA_RIGHT)),
        para(format_date(date), styles.right),
    ]
    logo = _logo(settings.logo_path)
    if logo is not None:
        cells = [[logo, left, right]]
        widths = [logo.drawWidth + 8, FRAME_WIDTH * 0.62 - logo.drawWidth - 8, FRAME_WIDTH * 0.38]
    else:
        cells = [[left, right]]
        widths = [FRAME_WIDTH * 0.62, FRAME_WIDTH * 0.38]
    table = Table(cells, colWidths=widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
            ]
        )
    )
    return table


LOGO_MAX_HEIGHT = 16 * mm
LOGO_MAX_WIDTH = 40 * mm


def _logo(path_text: str) -> Image | None:
    """The clinic logo scaled to fit the header, or None when unset or unreadable."""
    if not path_text.strip():
        return None
    path = Path(path_text).expanduser()
    try:
        reader = ImageReader(str(path))
        width, height = reader.getSize()
    except Exception:  # a missing or broken logo must never stop the report
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(LOGO_MAX_HEIGHT / height, LOGO_MAX_WIDTH / width)
    return Image(str(path), width=width * scale, height=height * scale)


def _numbered_canvas(running: str, printed: str) -> type[pdf_canvas.Canvas]:
    """A canvas class that writes the running footer and "Page N of M" on every page."""

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own, not in its stubs

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = PAGE_SIZE
            left, right = MARGIN + FRAME_PADDING, width - MARGIN - FRAME_PADDING
            y = 11 * mm
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, y + 9, right, y + 9)
            self.setFillColor(MUTED)
            number = self._pageNumber  # type: ignore[attr-defined]  # not in reportlab's stubs
            page = f"Page {number} of {total}  ·  printed {printed}"
            draw_footer(
                self, running=running, page=page, left=left, right=right, y=y, size=7.5, font=FONT
            )
            self.restoreState()

    return NumberedCanvas


def build_pdf(
    out: Path,
    story: list[Flowable],
    *,
    title: str,
    subject: str,
    author: str,
    running: str,
    today: dt.date | None = None,
) -> Path:
    """Lay ``story`` out on A4 pages with the footer and write it to ``out`` atomically.

    ``running`` is the footer's left text (document and client). Raises :class:`ReportError`
    when the file cannot be written; an existing file at ``out`` is then left untouched.
    """
    register_fonts()
    out = Path(out)
    printed = format_date(today or dt.date.today())
    folder = out.parent if str(out.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".glutedesk-", suffix=".pdf", dir=folder)
    except OSError as exc:
        raise ReportError(f"Cannot write to {folder}: {exc.strerror or exc}") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        doc = SimpleDocTemplate(
            str(temp),
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=16 * mm,
            bottomMargin=20 * mm,
            title=title,
            subject=subject,
            author=author,
            creator="GluteDesk",
        )
        _build_binary(doc, story, _numbered_canvas(running, printed))
        os.replace(temp, out)
    except OSError as exc:
        raise ReportError(f"Cannot write {out}: {exc.strerror or exc}") from None
    except LayoutError as exc:  # a flowable no page can hold: say so, never a traceback
        raise ReportError(f"{title} could not be laid out: {exc}") from None
    finally:
        if temp.exists():
            temp.unlink(missing_ok=True)
    return out


def _build_binary(
    doc: SimpleDocTemplate, story: list[Flowable], canvasmaker: type[pdf_canvas.Canvas]
) -> None:
    """Build with binary (not ASCII85) streams: smaller files, and reportlab's pure-Python
    ASCII85 encoder was a fifth of the build time of a report with two 300 dpi charts."""
    from reportlab import rl_config

    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(story, canvasmaker=canvasmaker)
    finally:
        rl_config.useA85 = previous
