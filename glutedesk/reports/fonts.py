"""The fonts GluteDesk prints with, and which one prints each character.

Each character is set in the first font that has a glyph for it (checked against the font's
own character map): DejaVu Sans, the house font that ships with matplotlib; then the fonts
bundled in ``resources/fonts``: Droid Sans Fallback (Chinese and Japanese; Apache 2.0) and
Lateef (the Urdu letters DejaVu lacks; SIL OFL); then Last Resort (also from matplotlib),
which draws a visible placeholder naming the script, never a blank. Text that needed a
placeholder is logged as a warning.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

log = logging.getLogger(__name__)

FONT = "GDSans"
FONT_BOLD = "GDSans-Bold"
FONT_ITALIC = "GDSans-Oblique"
FALLBACK = "GDFallback"
URDU = "GDUrdu"
LAST_RESORT = "GDLastResort"
FALLBACK_FILE = "DroidSansFallbackFull.ttf"
# Fallback fonts in the order they are tried, after DejaVu Sans; both are in resources/fonts
# with their licences (Droid: Apache 2.0; Lateef: SIL OFL 1.1).
FALLBACKS = ((FALLBACK, FALLBACK_FILE), (URDU, "Lateef-Regular.ttf"))


# Fonts --------------------------------------------------------------------------------------


def matplotlib_font(name: str) -> Path:
    """Return the path of a TTF that ships with matplotlib (e.g. "DejaVuSans.ttf")."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def fallback_font_path(file: str = FALLBACK_FILE) -> Path | None:
    """A bundled fallback font (``resources/fonts/<file>``), or None if it is missing."""
    from glutedesk.paths import resource

    candidate = resource(f"fonts/{file}")
    return candidate if candidate.is_file() else None


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab 5.1 writes such a character as ``<1F637>``, which PDF readers reject, so text
    copied or extracted from the PDF loses every emoji; the subject-access PDF must not.
    """

    def utf16(value: int) -> str:
        if value <= 0xFFFF:
            return f"{value:04X}"
        value -= 0x10000
        return f"{0xD800 + (value >> 10):04X}{0xDC00 + (value & 0x3FF):04X}"

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@cache
def register_fonts() -> None:
    """Register the house font (regular, bold, oblique) and the fallbacks, once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap

    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
        (LAST_RESORT, "LastResortHE-Regular.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(matplotlib_font(file))))
    for name, file in FALLBACKS:
        path = fallback_font_path(file)
        if path is not None:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)


def _face(name: str) -> Any:
    """The glyph tables of the registered TrueType font ``name``."""
    return pdfmetrics.getFont(name).face  # type: ignore[attr-defined]  # a TTFont: it has one


@cache
def _house_chars() -> frozenset[int]:
    """Code points that both regular and bold DejaVu Sans have (user text is never oblique;
    the oblique face has no Arabic or Hebrew)."""
    register_fonts()
    regular, bold = (_face(n).charToGlyph for n in (FONT, FONT_BOLD))
    return frozenset(regular).intersection(bold)


@cache
def _fallback_chars() -> tuple[tuple[str, frozenset[int]], ...]:
    """(font name, code points) of each registered fallback font, in the order tried."""
    register_fonts()
    registered = pdfmetrics.getRegisteredFontNames()
    return tuple(
        (name, frozenset(_face(name).charToGlyph)) for name, _ in FALLBACKS if name in registered
    )


def font_for(char: str) -> str:
    """The font that prints ``char``: the house font, a fallback, or Last Resort."""
    code = ord(char)
    if code in _house_chars() or char in "\n\t ":
        return FONT
    fallback = _fallback_for(code)
    if fallback is not None:
        return fallback
    if unicodedata.category(char) in ("Cf", "Mn"):
        return FONT  # invisible joiners and selectors: nothing to draw either way
    _teach_last_resort(code)
    return LAST_RESORT


@cache
def _last_resort_cmap() -> tuple[dict[int, str], Any, float]:
    """Last Resort's own character map (format 13: every code point to its block's glyph)."""
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(matplotlib_font("LastResortHE-Regular.ttf"), lazy=True)
    table = next(t for t in font["cmap"].tables if t.format == 13)
    return table.cmap, font, 1000 / font["head"].unitsPerEm


def _teach_last_resort(code: int) -> None:
    """Map ``code`` to its placeholder glyph in reportlab's copy of Last Resort.

    reportlab reads only Last Resort's small format-4 map, so without this every placeholder
    would be the blank notdef glyph and the character would be lost from the PDF's text.
    """
    register_fonts()
    face = _face(LAST_RESORT)
    if code in face.charToGlyph:
        return
    cmap, font, scale = _last_resort_cmap()
    name = cmap.get(code)
    if name is not None:
        face.charToGlyph[code] = font.getGlyphID(name)
        face.charWidths[code] = font["hmtx"][name][0] * scale


def _fallback_for(code: int) -> str | None:
    return next((name for name, chars in _fallback_chars() if code in chars), None)


def unprintable(text: str) -> list[str]:
    """The distinct characters of ``text`` no embedded font has (they print as placeholders)."""
    return sorted({c for c in text if font_for(c) == LAST_RESORT})


def runs(text: str) -> Iterator[tuple[str, str]]:
    """Split ``text`` into (font name, text) runs, each set in the font that has its glyphs."""
    if all(font_for(char) == FONT for char in set(text)):  # the usual case: one run
        if text:
            yield FONT, text
        return
    current, start = None, 0
    for index, char in enumerate(text):
        font = font_for(char)
        if font != current:
            if current is not None and index > start:
                yield current, text[start:index]
            current, start = font, index
    if current is not None and start < len(text):
        yield current, text[start:]


def font_markup(text: str) -> str:
    """Escape ``text`` for reportlab markup, wrapping runs the house font lacks in <font>."""
    parts = []
    missing = False
    for font, chunk in runs(text):
        if font == FONT:
            parts.append(escape(chunk))
        else:
            missing = missing or font == LAST_RESORT
            parts.append(f'<font name="{font}">{escape(chunk)}</font>')
    if missing:
        new = [c for c in unprintable(text) if c not in _warned]
        if new:
            _warned.update(new)
            log.warning("Printed placeholders for characters no font has: %s", "".join(new))
    return "".join(parts)


_warned: set[str] = set()


def text_width(text: str, size: float, font: str = FONT) -> float:
    """The printed width of ``text`` in points, each run measured in its own font."""
    register_fonts()
    return sum(
        pdfmetrics.stringWidth(chunk, font if name == FONT else name, size)
        for name, chunk in runs(text)
    )
