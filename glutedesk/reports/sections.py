"""Blocks that more than one document prints: the client box, body maps, the exercise table,
referrals and advice, and the therapist's sign-off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from glutedesk.domain.catalogue import Catalogue
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Advice, Client, PainMark, Visit
from glutedesk.domain.red_flags import URGENCY_WORDS, advice_sentence
from glutedesk.domain.regions import load_regions
from glutedesk.reports import pdf_common as pc
from glutedesk.reports.correction_notes import NPRS_NOW, marked
from glutedesk.reports.map_style import mark_description
from glutedesk.reports.records import therapist_of
from glutedesk.reports.wording import cue_list, dose_text
from glutedesk.storage.settings import ClinicSettings

MAP_VIEWS = ("back", "front")
MAP_SCALE = 0.86  # of the column width: keeps the section on one page with a chart above


def label_value_table(
    rows: Sequence[tuple[str, str]], styles: pc.Styles, *, width: float = pc.FRAME_WIDTH
) -> Table:
    """Return a two-column "label: value" table (values are user text, escaped)."""
    data = [
        [pc.para(label, styles.cell_head), pc.para(value, styles.cell)] for label, value in rows
    ]
    table = Table(data, colWidths=[width * 0.24, width * 0.76], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def client_box(
    client: Client, visits: Sequence[Visit], settings: ClinicSettings, styles: pc.Styles
) -> Table:
    """Return the client's identity and the report's scope as a label/value table."""
    rows = [("Date of birth", format_date(client.date_of_birth, "not recorded"))]
    complaint = client.history.complaint.strip() or next(
        (v.complaint for v in visits if v.complaint.strip()), ""
    )
    if complaint:
        rows.append(("Reason for visits", complaint))
    goals = client.history.goals.strip() or next(
        (v.goals for v in reversed(visits) if v.goals.strip()), ""
    )
    if goals:
        rows.append(("Goals", goals))
    if client.history.involved_side in ("left", "right", "both"):
        side = "both sides" if client.history.involved_side == "both" else "client's "
        side += "" if client.history.involved_side == "both" else client.history.involved_side
        rows.append(("Involved side", side))
    therapist = therapist_of(settings, visits)
    if therapist:
        rows.append(("Therapist", therapist))
    return label_value_table(rows, styles)


# Body maps -----------------------------------------------------------------------------------


def _mark_lines(marks: Sequence[PainMark]) -> list[str]:
    regions = load_regions()
    lines = []
    for mark in sorted(marks, key=lambda m: (-(m.intensity or 0), m.region_id)):
        try:
            label = regions.get(mark.region_id).label
        except (KeyError, LookupError):
            label = mark.region_id
        lines.append(f"{label}: {mark_description(mark).lower()}")
    return lines


def _map_column(visit: Visit, caption: str, styles: pc.Styles, width: float) -> list[Flowable]:
    from glutedesk.reports.body_map import body_maps_drawing

    drawing = body_maps_drawing(visit.pain_marks, width * MAP_SCALE, views=MAP_VIEWS)
    nprs = "" if visit.nprs.now is None else marked(visit, f" · pain {visit.nprs.now}/10", NPRS_NOW)
    column: list[Flowable] = [
        pc.markup(
            "<b>{caption}</b> · {date}{nprs}",
            styles.cell,
            caption=caption,
            date=format_date(visit.visit_date),
            nprs=nprs,
        ),
        pc.spacer(4),
        drawing,
        pc.spacer(4),
    ]
    lines = _mark_lines(visit.pain_marks)
    if lines:
        column.extend(pc.para(line, styles.small) for line in lines)
    else:
        column.append(pc.para("No pain marked.", styles.muted))
    return column


def body_map_section(visits: Sequence[Visit], styles: pc.Styles) -> list[Flowable]:
    """Return the "where it hurts" section: first and latest visit's body maps side by side.

    With one visit only that visit is shown; with none, nothing.
    """
    if not visits:
        return []
    from glutedesk.reports.body_map import legend_drawing

    ordered = sorted(visits, key=lambda v: v.visit_date)
    first, latest = ordered[0], ordered[-1]
    half = (pc.FRAME_WIDTH - 16) / 2
    if first is latest:
        columns = [_map_column(first, "First visit", styles, half)]
        widths = [half + 16]
        title = "Where it hurts"
    else:
        columns = [
            _map_column(first, "First visit", styles, half),
            _map_column(latest, "Latest visit", styles, half),
        ]
        widths = [half + 16, half]
        title = "Where it hurts: first and latest visit"
    table = Table([columns], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 16),
                ("LINEAFTER", (0, 0), (0, -1), 0.4, pc.RULE)
                if len(columns) > 1
                else ("NOSPLIT", (0, 0), (-1, -1)),
            ]
        )
    )
    return [
        KeepTogether(
            [
                pc.para(title, styles.h1),
                table,
                pc.spacer(4),
                legend_drawing(pc.FRAME_WIDTH),
                pc.para(
                    "Views are labelled with the client's own left and right. Colour shows the "
                    "pain rating (0–10); hatching marks pins and needles or numbness.",
                    styles.muted,
                ),
            ]
        )
    ]


# Exercises -------------------------------------------------------------------------------------


def exercise_table(visit: Visit, catalogue: Catalogue, styles: pc.Styles) -> Table:
    """Return an Exercise | Dose | How table of ``visit``'s home exercises."""
    cell, head = styles.cell, styles.cell_head
    data: list[list] = [[pc.para(t, head) for t in ("Exercise", "Dose", "How to do it well")]]
    for prescription in visit.exercises:
        try:
            definition = catalogue.exercise(prescription.exercise_id)
            name, default_cues = definition.name, definition.cues
        except KeyError:
            name, default_cues = prescription.exercise_id, ()
        cues = cue_list(prescription, default_cues)
        data.append(
            [
                pc.para(name, styles.cell_bold),
                pc.para(dose_text(prescription), cell),
                pc.para("; ".join(cues), cell),
            ]
        )
    width = pc.FRAME_WIDTH
    return pc.data_table(data, [width * 0.27, width * 0.28, width * 0.45])


# Referrals and advice ------------------------------------------------------------------------


def referral_rows(visits: Sequence[Visit], catalogue: Catalogue) -> list[tuple[dt.date, str, str]]:
    """Return (date, what was found, advice given) for every visit with a red flag, nerve-type
    symptoms or a referral, oldest first. Wording is observational: flags are "reported",
    not diagnoses.
    """
    rows = []
    for visit in sorted(visits, key=lambda v: v.visit_date):
        found: list[str] = []
        advice: list[str] = []
        flags = visit.red_flags.present_flags
        if flags:
            found.append(
                "Red flag reported: " + "; ".join(red_flag_label(catalogue, f) for f in flags)
            )
            if visit.red_flags.advice is not None:
                advice.append(_advice(visit.red_flags.advice, visit.red_flags.advice_note))
        if visit.has_nerve_symptom_marks or visit.nerve_advice is not None:
            found.append("Nerve-type symptoms reported")
            if visit.nerve_advice is not None:
                advice.append(_advice(visit.nerve_advice, visit.nerve_advice_note))
        for referral in visit.referrals:
            text = f"Referred to {referral.to_whom}"
            if referral.reason.strip():
                text += f": {referral.reason.strip()}"
            advice.append(f"{text} ({URGENCY_WORDS[referral.urgency]})")
        if found or advice:
            rows.append(
                (visit.visit_date, "\n".join(found) or "—", "\n".join(dict.fromkeys(advice)))
            )
    return rows


def red_flag_label(catalogue: Catalogue, flag_id: str) -> str:
    """The checklist wording of a red flag without its question mark (the id if unknown)."""
    return catalogue.finding_label(flag_id)


def _advice(advice: Advice, note: str) -> str:
    text = advice_sentence(advice)
    return f"{text} — {note.strip()}" if note.strip() else text


# Sign-off -----------------------------------------------------------------------------------


def sign_off(
    settings: ClinicSettings, visits: Sequence[Visit], styles: pc.Styles, *, today: dt.date
) -> list[Flowable]:
    """Return the therapist's sign-off block and the "not a diagnosis" line."""
    therapist = therapist_of(settings, visits) or "Therapist"
    lines = [pc.markup("<b>{name}</b>", styles.body, name=therapist)]
    if settings.therapist_details.strip():
        lines.append(pc.para(settings.therapist_details.strip(), styles.muted))
    if settings.name.strip():
        lines.append(pc.para(settings.name.strip(), styles.muted))
    signature = Table(
        [
            [lines, "", "", ""],
            ["", pc.para("Signature", styles.muted), "", pc.para("Date", styles.muted)],
        ],
        colWidths=[w * pc.FRAME_WIDTH for w in (0.42, 0.34, 0.04, 0.2)],
        hAlign="LEFT",
        splitInRow=1,
    )
    signature.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 10),
                ("LINEABOVE", (1, 1), (1, 1), 0.6, pc.MUTED),
                ("LINEABOVE", (3, 1), (3, 1), 0.6, pc.MUTED),
            ]
        )
    )
    return [
        KeepTogether(
            [
                pc.spacer(14),
                pc.para("Therapist", styles.h1),
                signature,
                pc.spacer(10),
                pc.para(pc.DISCLAIMER, styles.muted),
            ]
        )
    ]
