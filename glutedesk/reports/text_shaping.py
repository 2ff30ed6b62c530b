"""The one place where user text becomes printable: bidi order, Arabic joining, fonts per glyph.

reportlab lays text out left to right, one glyph per character, in one font per run. So before
it sees user text:

* right-to-left lines (Arabic, Hebrew, Urdu) are reshaped into joined letter forms
  (``arabic_reshaper``) and put in visual order (``python-bidi``), one *printed* line at a
  time: :class:`ShapedParagraph` wraps a right-to-left paragraph itself, so a long Arabic note
  reads top to bottom in the right order;
* each character is set in the first font that has a glyph for it (:mod:`.fonts`): DejaVu
  Sans, then the bundled fallbacks, then a visible Last Resort placeholder, never a blank. An
  Urdu letter whose joined form no font has (yeh barree, heh goal) prints in its plain form.

Everything is escaped here, so user text is never read as reportlab markup.
"""

from __future__ import annotations

import unicodedata

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from glutedesk.reports.fonts import LAST_RESORT, font_for, font_markup, runs, text_width

_RTL = {"R", "AL"}

# Right-to-left ------------------------------------------------------------------------------


def has_rtl(text: str) -> bool:
    """True when ``text`` holds right-to-left letters (Hebrew, Arabic, Urdu...)."""
    return any(unicodedata.bidirectional(c) in _RTL for c in set(text))


def is_rtl_paragraph(text: str) -> bool:
    """True when the first strongly directional letter of ``text`` is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return True
        if kind == "L":
            return False
    return False


def visual_line(line: str) -> str:
    """One printed line in visual order with joined Arabic letters (unchanged if all LTR)."""
    if not has_rtl(line):
        return line
    from bidi import get_display

    return get_display(reshape(line))


def reshape(text: str) -> str:
    """Arabic letters in their joined (presentation) forms; a form the fonts lack falls back
    to its plain letter (for example Urdu's final yeh barree), which prints unjoined."""
    import arabic_reshaper

    shaped = arabic_reshaper.reshape(text)
    return "".join(_printable_form(c) for c in shaped)


def _printable_form(char: str) -> str:
    if font_for(char) != LAST_RESORT:
        return char
    plain = unicodedata.normalize("NFKC", char)
    return plain if len(plain) == 1 and font_for(plain) != LAST_RESORT else char


def visual_text(text: str) -> str:
    """``text`` with each of its lines in visual order (for short values and for checks)."""
    return "\n".join(visual_line(line) for line in text.replace("\r\n", "\n").split("\n"))


def markup_text(text: object) -> str:
    """User text as reportlab markup: visual order, escaped, fonts per glyph, ``<br/>``."""
    value = "" if text is None else str(text)
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(font_markup(visual_line(line)) for line in lines)


def _wrap_logical(line: str, width: float, size: float, font: str) -> list[str]:
    """Break one logical line into printed lines no wider than ``width`` (words, then chars)."""

    def measure(piece: str) -> float:
        return text_width(reshape(piece) if has_rtl(piece) else piece, size, font)

    space = text_width(" ", size, font)
    out: list[str] = []
    current, used = "", 0.0
    for word in line.split(" "):
        wide = measure(word)
        if wide > width:  # a word longer than the line: break it between characters
            if current:
                out.append(current)
            current, used = "", 0.0
            for char in word:
                char_width = measure(char)
                if used + char_width > width and current:
                    out.append(current)
                    current, used = "", 0.0
                current += char
                used += char_width
            continue
        if current and used + space + wide > width:
            out.append(current)
            current, used = word, wide
        else:
            current = f"{current} {word}" if current else word
            used += (space if used else 0.0) + wide
    out.append(current)
    return out


class ShapedParagraph(Paragraph):
    """A Paragraph of user text with right-to-left lines wrapped before they are reordered.

    Reordering a whole paragraph and letting reportlab wrap it would print a long Arabic note
    bottom line first; so the logical text is broken into lines that fit the width it is given,
    and each printed line is then reshaped and reordered. Paragraphs that open with a
    right-to-left letter are right-aligned.
    """

    def __init__(self, text: str, style: ParagraphStyle, bulletText: str | None = None) -> None:
        self._raw = text.replace("\r\n", "\n").replace("\r", "\n")
        self._for_width: float | None = None
        if is_rtl_paragraph(self._raw):
            style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        self._markup = markup_text(self._raw)
        super().__init__(self._markup, style, bulletText)

    def _reshape(self, avail_width: float) -> None:
        if self._for_width == avail_width:
            return
        style = self.style
        width = max(avail_width - style.leftIndent - style.rightIndent, style.fontSize) * 0.98
        lines: list[str] = []
        for logical in self._raw.split("\n"):
            if has_rtl(logical):
                lines.extend(
                    visual_line(p)
                    for p in _wrap_logical(logical, width, style.fontSize, style.fontName)
                )
            else:
                lines.append(logical)
        raw, bullet = self._raw, self.bulletText
        self._markup = "<br/>".join(font_markup(x) for x in lines)
        Paragraph.__init__(self, self._markup, style, bullet)
        self._raw, self._for_width = raw, avail_width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._reshape(availWidth)
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list:
        self._reshape(availWidth)
        # The pieces are plain Paragraphs: their lines are already in printed order.
        whole = Paragraph(self._markup, self.style, self.bulletText)
        return whole.split(availWidth, availHeight)


def paragraph(text: object, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A Paragraph that prints user ``text`` exactly as typed, in any script."""
    value = "" if text is None else str(text)
    if has_rtl(value):
        return ShapedParagraph(value, style, bullet)
    return Paragraph(markup_text(value), style, bulletText=bullet)


def fit_line(text: str, size: float, max_width: float) -> str:
    """``text`` on one line (printed order), cut with "…" to fit ``max_width`` points.

    The cut is made in reading order (the end of the text goes), then the line is reordered.
    """
    text = " ".join(text.split())
    if text_width(visual_line(text), size) <= max_width:
        return visual_line(text)
    low, high = 0, len(text)
    while low < high:  # the longest start of the text that fits with the ellipsis
        middle = (low + high + 1) // 2
        if text_width(visual_line(text[:middle] + "…"), size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return visual_line(text[:low] + "…")


def draw_line(canvas: Canvas, x: float, y: float, text: str, size: float, max_width: float) -> None:
    """Draw user ``text`` on a canvas at (x, y), shaped, font per glyph, cut to ``max_width``."""
    for font, chunk in runs(fit_line(text, size, max_width)):
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)


CHUNK = 2_000  # characters per Paragraph: reportlab re-wraps a whole paragraph at every split


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at line breaks where possible,
    else at the last space, else anywhere (one very long word)."""
    pieces: list[str] = []
    current = ""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        while len(line) > size:
            cut = line.rfind(" ", size // 2, size)
            cut = cut + 1 if cut > 0 else size
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        if current and len(current) + 1 + len(line) > size:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    pieces.append(current)
    return pieces


def paragraphs(text: object, style: ParagraphStyle) -> list[Paragraph]:
    """User ``text`` of any length as Paragraphs of at most :data:`CHUNK` characters each, so a
    note of a hundred pages lays out in time proportional to its length."""
    value = "" if text is None else str(text)
    return [paragraph(piece, style) for piece in chunks(value)]
