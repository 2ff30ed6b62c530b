"""Amendments and signatures as reportlab flowables, for any GluteDesk PDF.

:func:`amendment_flowables` prints each correction beside the original record: when, by whom,
which section, why, the text it replaces and the new text. All user text is escaped before
reportlab parses it and set in the embedded DejaVu Sans, so it prints exactly as typed. The
reports that show visits include these under each signed visit.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from glutedesk.reports import pdf_common as pc
from glutedesk.reports.text_shaping import paragraphs
from glutedesk.storage.signing import Amendment, Signature, section_label

FONT = pc.FONT
FONT_BOLD = pc.FONT_BOLD
INK = pc.INK
MUTED = pc.MUTED
EDGE = colors.HexColor("#b5742a")
TINT = colors.HexColor("#fbf3e8")
SIGNED = pc.ACCENT
DEFAULT_WIDTH = pc.FRAME_WIDTH
LONG_TEXT = 2_000  # characters: a longer reason, "was" or "now" text flows below the box
esc = pc.esc
register_fonts = pc.register_fonts


@cache
def record_styles() -> dict[str, ParagraphStyle]:
    """Return the paragraph styles used for records (title, h1, h2, body, cell, small...)."""
    register_fonts()

    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", FONT)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontSize=size, leading=size * 1.3, **kw)

    return {
        "title": style("rec-title", 18, fontName=FONT_BOLD, spaceAfter=4),
        "subtitle": style("rec-subtitle", 10.5, textColor=MUTED, spaceAfter=8),
        "h1": style(
            "rec-h1",
            13,
            fontName=FONT_BOLD,
            textColor=SIGNED,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h2": style("rec-h2", 11, fontName=FONT_BOLD, spaceBefore=9, spaceAfter=3, keepWithNext=1),
        "body": style("rec-body", 9.5, spaceAfter=4),
        "cell": style("rec-cell", 8.5),
        "cell_bold": style("rec-cell-bold", 8.5, fontName=FONT_BOLD),
        "small": style("rec-small", 8, textColor=MUTED),
        "signed": style("rec-signed", 9, textColor=SIGNED, spaceAfter=4),
    }


def when(moment: object) -> str:
    """Format a datetime for a record, in local time: ``3 Mar 2026 14:05``."""
    import datetime as dt

    if isinstance(moment, dt.datetime):
        local = moment.astimezone() if moment.tzinfo else moment
        return f"{local.day} {local:%b %Y %H:%M}"
    return str(moment)


def signature_flowable(signature: Signature | None) -> Paragraph:
    """Return the 'Signed by … on …' line for a visit (or 'Not signed')."""
    styles = record_styles()
    if signature is None:
        return Paragraph("Not signed: this visit could still be edited.", styles["small"])
    return Paragraph(
        f"<b>Signed</b> by {esc(signature.signed_by)} on {esc(when(signature.signed_at))}; "
        "locked since, corrections appear as amendments.",
        styles["signed"],
    )


def amendment_flowables(
    amendments: Sequence[Amendment], *, width: float = DEFAULT_WIDTH
) -> list[Flowable]:
    """Return flowables printing each amendment beside the original record, oldest first.

    Each is a tinted box: number, date and author, the section, the reason, the text it
    replaces ("Was") and the new text ("Now"). An empty sequence gives an empty list.
    """
    styles = record_styles()
    out: list[Flowable] = []
    for number, amendment in enumerate(amendments, start=1):
        head = Paragraph(
            f"<b>Amendment {number}</b> · {esc(when(amendment.created_at))} · "
            f"{esc(amendment.author)} · {esc(section_label(amendment.section))}",
            styles["cell"],
        )
        parts = [("Reason", amendment.reason)]
        if amendment.old_text:
            parts.append(("Was", amendment.old_text))
        parts.append(("Now", amendment.new_text))
        rows: list[list] = [[head, ""]]
        block: list[Flowable] = []
        for label, text in parts:
            if len(text) <= LONG_TEXT:
                rows.append(
                    [Paragraph(f"<b>{label}</b>", styles["cell"]), pc.para(text, styles["cell"])]
                )
                continue
            # A long text flows at full width below the box, in pieces: inside a table cell
            # it would be laid out again at every page break.
            if rows:
                block.append(_box(rows, width))
            rows = []
            block.append(Paragraph(f"<b>{label}</b>", styles["cell"]))
            block.extend(paragraphs(text, styles["cell"]))
        if rows:
            block.append(_box(rows, width))
        block.append(Spacer(1, 4))
        if len(block) <= 2:
            out.append(KeepTogether(block))  # a short amendment stays in one piece
        else:
            out.extend(block)
    return out


def _box(rows: list[list], width: float) -> Table:
    """The tinted amendment box; a first row spanning both columns is the heading."""
    table = Table(rows, colWidths=[0.12 * width, 0.88 * width], hAlign="LEFT", splitInRow=1)
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, EDGE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if rows and rows[0][1] == "":
        commands.append(("SPAN", (0, 0), (1, 0)))
    table.setStyle(TableStyle(commands))
    return table
