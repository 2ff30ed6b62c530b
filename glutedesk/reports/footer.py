"""The running footer of every GluteDesk PDF: the document and client on the left, the page
number on the right, never overlapping.

A running text too long to sit beside the page number (a long client name) moves to its own
line under it, across the whole width, so the name is printed whole; only a text longer than
the full width is cut, with "…".
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from glutedesk.reports import text_shaping as shaping
from glutedesk.reports.fonts import text_width

GAP = 12  # points between the running text and the page number
LINE = 9  # points between the footer's two lines


def footer_layout(
    running: str, page: str, left: float, right: float, size: float, font: str
) -> tuple[bool, float]:
    """Return (on its own line?, width available) for ``running`` beside ``page``."""
    page_width = pdfmetrics.stringWidth(page, font, size)
    beside = right - left - page_width - GAP
    text = shaping.visual_line(" ".join(running.split()))
    if text_width(text, size) <= beside:
        return False, beside
    return True, right - left


def draw_footer(
    canvas: Canvas,
    *,
    running: str,
    page: str,
    left: float,
    right: float,
    y: float,
    size: float,
    font: str,
) -> None:
    """Draw ``page`` right-aligned at ``y`` and ``running`` at the left, on the same line when
    it fits beside the page number, else on its own full-width line below."""
    canvas.setFont(font, size)
    canvas.drawRightString(right, y, page)
    own_line, room = footer_layout(running, page, left, right, size, font)
    shaping.draw_line(canvas, left, y - LINE if own_line else y, running, size, room)
