"""The client's home-exercise handout: large clear type, one block per exercise.

Each exercise shows its dose ("3 sets × 10 reps, each side, 3 times a week"), the catalogue's
printable instructions, the cues, what to take care with, an easier version, and a week of
tick boxes. The safety-net advice is at the top.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from glutedesk.domain.catalogue import Catalogue, ExerciseDefinition, load_catalogue
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Advice, Client, ExercisePrescription, Visit
from glutedesk.reports import pdf_common as pc
from glutedesk.reports.pdf_document import build_pdf, clinic_header
from glutedesk.reports.records import load_record, pick_visit, therapist_of
from glutedesk.reports.wording import cue_list, dose_text
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import ClinicSettings

TITLE = "Home exercises"
NO_EXERCISES = "No home exercises have been prescribed yet."
HANDOUT_SCALE = 1.3
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def build_handout(
    clinic: Clinic,
    client_id: str,
    out: Path,
    visit_id: str | None = None,
    *,
    settings: ClinicSettings | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write the home-exercise handout for ``client_id`` to ``out`` and return the path.

    The exercises are those of ``visit_id``, or by default of the latest visit that prescribed
    any. Raises :class:`~glutedesk.reports.errors.ReportError` for an unknown client or visit
    or a file that cannot be written.
    """
    client, visits = load_record(clinic, client_id)
    if visit_id is None:
        visit = next((v for v in reversed(visits) if v.exercises), None) or pick_visit(visits, None)
    else:
        visit = pick_visit(visits, visit_id)
    settings = settings or clinic.settings()
    today = today or dt.date.today()
    story = handout_story(client, visit, settings, today=today, visits=visits)
    return build_pdf(
        Path(out),
        story,
        title=f"{TITLE} — {client.name}",
        subject="Home-exercise handout",
        author=settings.name or therapist_of(settings, visits),
        running=f"{TITLE} · {client.name}",
        today=today,
    )


def handout_story(
    client: Client,
    visit: Visit | None,
    settings: ClinicSettings,
    *,
    today: dt.date,
    visits: list[Visit] | None = None,
    catalogue: Catalogue | None = None,
) -> list[Flowable]:
    """Return the handout's flowables for ``visit``'s exercises (``None``: no visit yet)."""
    catalogue = catalogue or load_catalogue()
    styles = pc.make_styles(HANDOUT_SCALE)
    therapist = (visit.therapist if visit else "") or therapist_of(settings, visits or [])
    story: list[Flowable] = [
        clinic_header(settings, TITLE, pc.make_styles(), date=today),
        pc.spacer(8),
        pc.para("Your home exercises", styles.title),
    ]
    sub = f"For {client.name}"
    if visit is not None:
        sub += f" · from your visit on {format_date(visit.visit_date)}"
    story.append(pc.para(sub, styles.subtitle))
    story.append(pc.spacer(8))
    if visit is None or not visit.exercises:
        story.append(pc.note_box([pc.para(NO_EXERCISES, styles.body)]))
        story.extend(_safety(catalogue, styles))
        return story
    who = therapist or "your therapist"
    story.append(
        pc.note_box(
            [
                pc.para(
                    "Move slowly and with control. Feeling the muscles work, or a gentle "
                    "stretch, is normal. Stop any exercise that causes sharp pain, pins and "
                    f"needles or numbness, and tell {who}.",
                    styles.body,
                )
            ]
        )
    )
    story.extend(_safety(catalogue, styles))
    for number, prescription in enumerate(visit.exercises, start=1):
        story.append(_exercise_block(number, prescription, catalogue, styles))
    return story


def _definition(catalogue: Catalogue, exercise_id: str) -> ExerciseDefinition | None:
    try:
        return catalogue.exercise(exercise_id)
    except KeyError:
        return None


def _exercise_block(
    number: int, prescription: ExercisePrescription, catalogue: Catalogue, styles: pc.Styles
) -> KeepTogether:
    definition = _definition(catalogue, prescription.exercise_id)
    name = definition.name if definition else prescription.exercise_id
    parts: list[Flowable] = [
        pc.markup("{number}. {name}", styles.h1, number=number, name=name),
        _dose_pill(dose_text(prescription), styles),
        pc.spacer(5),
    ]
    if definition is not None:
        where = definition.position
        if definition.equipment:
            where += f". You need: {', '.join(definition.equipment)}"
        parts.append(pc.para(where + ".", styles.muted))
        parts.append(pc.spacer(3))
        parts.append(pc.para(definition.printable, styles.body))
    cues = cue_list(prescription, definition.cues if definition else ())
    if cues:
        parts.append(pc.para("Tips", styles.h2))
        parts.extend(pc.bullets(cues, styles.bullet))
    if definition is not None and definition.cautions:
        parts.append(pc.para("Take care", styles.h2))
        parts.extend(pc.bullets(definition.cautions, styles.bullet))
    if definition is not None and definition.regressions:
        parts.append(pc.para("If it is too hard", styles.h2))
        parts.extend(pc.bullets(definition.regressions, styles.bullet))
    parts.append(pc.spacer(4))
    parts.append(_tick_boxes(styles))
    return KeepTogether(parts)


def _dose_pill(text: str, styles: pc.Styles) -> Table:
    table = Table([[pc.markup("<b>{dose}</b>", styles.body, dose=text)]], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), pc.ACCENT_TINT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _tick_boxes(styles: pc.Styles) -> Table:
    label = pc.para("Tick when done:", styles.muted)
    cells = [label, *(pc.para(day, styles.muted) for day in DAYS)]
    widths = [120] + [40] * len(DAYS)
    table = Table([cells], colWidths=widths, rowHeights=[22], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
    ]
    for column in range(1, len(cells)):
        commands.append(("BOX", (column, 0), (column, 0), 0.6, pc.RULE))
    table.setStyle(TableStyle(commands))
    return table


def _safety(catalogue: Catalogue, styles: pc.Styles) -> list[Flowable]:
    try:
        text = catalogue.advice_option(Advice.NO_ACTION_NEEDED).safety_net
    except KeyError:
        text = ""
    if not text:
        return []
    return [
        pc.spacer(6),
        pc.note_box(
            [pc.markup("<b>Important:</b> {text}", styles.body, text=text)],
            tint=pc.ALERT_TINT,
            edge=pc.ALERT,
        ),
    ]
