"""What every GluteDesk PDF shares: the embedded font, the styles, escaping and the flowables.

All user text goes through :func:`para` (or :func:`esc` inside our own markup), which hands it
to :mod:`glutedesk.reports.text_shaping`: escaped before reportlab's Paragraph parses it, so
"Left <knee> pain & R&D" prints exactly as typed; right-to-left lines joined and in printed
order; each character in an embedded font that has it (:mod:`glutedesk.reports.fonts`).
The header, footer and the safe write of a whole document are in
:mod:`glutedesk.reports.pdf_document`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from glutedesk.reports import fonts
from glutedesk.reports import text_shaping as shaping
from glutedesk.reports.chart_image import CHART_DPI, ChartImage, chart_image

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT = fonts.FONT
FONT_BOLD = fonts.FONT_BOLD
FONT_ITALIC = fonts.FONT_ITALIC

PAGE_SIZE = A4
MARGIN = 18 * mm
FRAME_PADDING = 6  # platypus frames pad their content by 6 pt on each side
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN - 2 * FRAME_PADDING

INK = colors.HexColor("#1f2a30")
MUTED = colors.HexColor("#5b6770")
ACCENT = colors.HexColor("#1f6f78")
ACCENT_TINT = colors.HexColor("#dbecee")
RULE = colors.HexColor("#d9dee2")
ZEBRA = colors.HexColor("#f6f7f8")
ALERT = colors.HexColor("#a3312a")
ALERT_TINT = colors.HexColor("#f7e3e1")

DISCLAIMER = (
    "This document records what was observed and measured at each visit by a sports and "
    "remedial massage therapist. It is not a medical diagnosis."
)


# Fonts and styles ---------------------------------------------------------------------------


def font_path(name: str) -> Path:
    """Return the path of a TTF that ships with matplotlib (e.g. "DejaVuSans.ttf")."""
    return fonts.matplotlib_font(name)


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) and the fallback fonts, once per process."""
    fonts.register_fonts()


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one document (``scale`` enlarges the type for handouts)."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    bullet: ParagraphStyle
    right: ParagraphStyle


def make_styles(scale: float = 1.0) -> Styles:
    """Return the house paragraph styles, all in the embedded font."""
    register_fonts()

    def style(name: str, size: float, *, leading: float = 1.32, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", FONT)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontSize=size * scale, leading=size * scale * leading, **kw)

    return Styles(
        title=style("title", 20, leading=1.2, fontName=FONT_BOLD, spaceAfter=2),
        subtitle=style("subtitle", 11.5, textColor=MUTED, spaceAfter=2),
        h1=style(
            "h1",
            13,
            fontName=FONT_BOLD,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h2=style("h2", 11, fontName=FONT_BOLD, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        body=style("body", 9.5, spaceAfter=4),
        small=style("small", 8),
        muted=style("muted", 8, textColor=MUTED),
        cell=style("cell", 8.5, leading=1.25),
        cell_bold=style("cellBold", 8.5, leading=1.25, fontName=FONT_BOLD),
        cell_head=style("cellHead", 8, leading=1.25, fontName=FONT_BOLD, textColor=MUTED),
        bullet=style("bullet", 9.5, leftIndent=12, bulletIndent=2, spaceAfter=3),
        right=style("right", 8.5, alignment=TA_RIGHT, textColor=MUTED),
    )


# Escaping -----------------------------------------------------------------------------------


def esc(text: object) -> str:
    """Escape user text for reportlab markup: line breaks become ``<br/>``, right-to-left
    lines are put in printed order and characters DejaVu lacks get a fallback font."""
    return shaping.markup_text(text)


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """Return a Paragraph that prints ``text`` exactly as typed, in any script and length."""
    return shaping.paragraph(text, style)


def markup(template: str, style: ParagraphStyle, **values: object) -> Paragraph:
    """Return a Paragraph of our own ``template`` markup with escaped user ``values``.

    ``markup("<b>{name}</b> was seen", s, name=client.name)`` bolds the name without letting
    anything inside it be read as markup. A long right-to-left value is printed without the
    template's bold or italics instead, so that its wrapped lines keep their reading order.
    """
    if any(len(str(v)) > RTL_MARKUP_LIMIT and shaping.has_rtl(str(v)) for v in values.values()):
        plain = re.sub(r"<[^>]*>", "", template).format(**{k: str(v) for k, v in values.items()})
        return shaping.paragraph(plain, style)
    return Paragraph(template.format(**{k: esc(v) for k, v in values.items()}), style)


RTL_MARKUP_LIMIT = 60  # characters: about a third of a line, so it cannot wrap


def bullets(items: Sequence[str], style: ParagraphStyle) -> list[Paragraph]:
    """Return one bulleted Paragraph per (escaped) item."""
    return [shaping.paragraph(item, style, "•") for item in items]


# Figures ------------------------------------------------------------------------------------


def figure_image(fig: Figure, width: float = FRAME_WIDTH, *, dpi: int = CHART_DPI) -> ChartImage:
    """Return ``fig`` drawn at ``dpi`` as a flowable ``width`` points wide (aspect kept).

    See :func:`glutedesk.reports.chart_image.chart_image`.
    """
    return chart_image(fig, width, dpi=dpi)


# Tables -------------------------------------------------------------------------------------


def data_table(
    rows: Sequence[list[Any] | tuple[Any, ...]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    zebra: bool = True,
    extra: Sequence[tuple] = (),
) -> Table:
    """Return a quiet house-style table: muted bold header, hairline rules, zebra rows."""
    table = Table(
        list(rows), colWidths=list(widths), repeatRows=header_rows, hAlign="LEFT", splitInRow=1
    )
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
    ]
    if zebra:
        for row in range(header_rows, len(rows)):
            if (row - header_rows) % 2 == 1:
                commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def note_box(
    flowables: Sequence[Flowable], *, tint: colors.Color = ACCENT_TINT, edge: colors.Color = ACCENT
) -> Table:
    """Return ``flowables`` in a tinted box with a coloured left edge (for key messages)."""
    table = Table([[list(flowables)]], colWidths=[FRAME_WIDTH], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), tint),
                ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def keep(*flowables: Flowable) -> KeepTogether:
    """Keep a heading with what follows it."""
    return KeepTogether(list(flowables))


def spacer(height: float = 6) -> Spacer:
    """Vertical space in points."""
    return Spacer(1, height)
