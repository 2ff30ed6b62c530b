"""The client's progress report: what changed since the first visit, on A4.

Clinic header; client and period; a plain-English summary of change; the strength chart and
the pain/function chart (the same figures the timeline shows); first-versus-latest body maps;
the results at every visit; the latest findings; home exercises with their dose; referrals and
advice; the therapist's sign-off. Observations and measurements only, never a diagnosis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table

from glutedesk.domain.catalogue import Catalogue, load_catalogue
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Client, Side, Visit
from glutedesk.reports import pdf_common as pc
from glutedesk.reports.amendments import amendment_flowables, signature_flowable
from glutedesk.reports.correction_notes import (
    NPRS_NOW,
    corrections_note,
    marked,
    outcome_prefix,
    summary_note,
)
from glutedesk.reports.correction_notes import result_prefix as P
from glutedesk.reports.outcome_sections import (
    chosen_measures,
    disability_section,
    number_sections,
)
from glutedesk.reports.pdf_document import build_pdf, clinic_header
from glutedesk.reports.records import load_record, period_text, therapist_of
from glutedesk.reports.sections import (
    body_map_section,
    client_box,
    exercise_table,
    referral_rows,
    sign_off,
)
from glutedesk.reports.series import (
    GLUTE_MAX,
    GLUTE_MED,
    format_score,
    timeline,
)
from glutedesk.reports.strength_words import symmetry_cell, symmetry_note
from glutedesk.reports.wording import change_summary, key_test_rows
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import ClinicSettings
from glutedesk.storage.signing import (
    Amendment,
    Signature,
)

TITLE = "Progress report"


def build_progress_report(
    clinic: Clinic,
    client_id: str,
    out: Path,
    *,
    settings: ClinicSettings | None = None,
    today: dt.date | None = None,
    charts: Sequence[str] | None = None,
) -> Path:
    """Write ``client_id``'s progress report to ``out`` (PDF, A4) and return the path.

    ``settings`` defaults to the clinic settings stored in ``clinic``; ``today`` (the printed
    date) to today; ``charts`` (catalogue numbers "test_id.field_id" to chart) to the clinic's
    choice (:meth:`Clinic.report_charts`). Raises
    :class:`~glutedesk.reports.pdf_common.ReportError` for an unknown client or a file that
    cannot be written.
    """
    client, visits = load_record(clinic, client_id)
    settings = settings or clinic.settings()
    today = today or dt.date.today()
    story = progress_story(
        client,
        visits,
        settings,
        today=today,
        signatures=clinic.signatures(client.id),
        amendments=clinic.client_amendments(client.id),
        number_charts=clinic.report_charts() if charts is None else charts,
    )
    return build_pdf(
        Path(out),
        story,
        title=f"{TITLE} — {client.name}",
        subject="Progress report",
        author=settings.name or therapist_of(settings, visits),
        running=f"{TITLE} · {client.name}",
        today=today,
    )


def progress_story(
    client: Client,
    visits: Sequence[Visit],
    settings: ClinicSettings,
    *,
    today: dt.date,
    catalogue: Catalogue | None = None,
    signatures: Sequence[Signature] = (),
    amendments: Sequence[Amendment] = (),
    number_charts: Sequence[str] = (),
) -> list[Flowable]:
    """Return the report's flowables (exposed so the preview and tests can inspect them).

    ``signatures`` and ``amendments`` of the client's visits are printed at the end, each
    correction beside the text it replaces, so the paper record matches the stored one.
    ``number_charts`` names catalogue numbers ("thomas_test.hip_angle") charted after strength.
    """
    from glutedesk.reports.charts import pain_function_figure, strength_figure

    catalogue = catalogue or load_catalogue()
    styles = pc.make_styles()
    visits = sorted(visits, key=lambda v: v.visit_date)
    story: list[Flowable] = [
        clinic_header(settings, TITLE, styles, date=today),
        pc.spacer(10),
        pc.para(client.name, styles.title),
        pc.para(period_text(visits), styles.subtitle),
        pc.spacer(6),
        client_box(client, visits, settings, styles),
    ]

    summary = change_summary(visits, client.history.involved_side)
    heading = "Summary of change since the first visit" if len(visits) > 1 else "Summary"
    story.append(pc.para(heading, styles.h1))
    if not visits:
        story.append(pc.note_box([pc.para(summary[0], styles.body)]))
        story.extend(sign_off(settings, visits, styles, today=today))
        return story
    story.append(pc.note_box(pc.bullets([*summary, *summary_note(visits)], styles.bullet)))

    story.append(
        pc.keep(
            pc.para("Pain and everyday activities", styles.h1),
            pc.figure_image(pain_function_figure(visits)),
            *_psfs_note(visits, styles),
        )
    )
    story.extend(disability_section(visits, styles))

    story.append(
        pc.keep(
            pc.para("Glute strength", styles.h1),
            pc.figure_image(strength_figure(visits)),
            pc.para(
                "Oxford scale: 0 no contraction, 1 flicker, 2 movement with gravity "
                "eliminated, 3 against gravity, 4 against some resistance, 5 normal; a minus "
                "or plus marks a small difference. Solid lines and filled circles: left; dashed "
                "lines and open squares: right (drawn a little apart where they coincide). "
                "Dynamometer readings have one axis per unit.",
                styles.muted,
            ),
        )
    )
    story.extend(number_sections(visits, chosen_measures(number_charts, catalogue), styles))
    story.extend(body_map_section(visits, styles))

    story.append(pc.para("Results at each visit", styles.h1))
    story.append(results_table(visits, styles, client.history.involved_side))
    story.append(pc.para(symmetry_note(client.history.involved_side), styles.muted))
    story.extend(corrections_note(visits, styles))

    findings_visit = _latest_full_assessment(visits)
    if findings_visit is not None:
        rows = key_test_rows(findings_visit, catalogue)
        when = format_date(findings_visit.visit_date)
        story.append(pc.para(f"Findings at the latest full assessment ({when})", styles.h1))
        story.append(findings_table(rows, styles))

    exercise_visit = next((v for v in reversed(visits) if v.exercises), None)
    story.append(pc.para("Home exercises", styles.h1))
    if exercise_visit is None:
        story.append(pc.para("No home exercises have been prescribed yet.", styles.body))
    else:
        story.append(
            pc.para(f"As prescribed on {format_date(exercise_visit.visit_date)}.", styles.muted)
        )
        story.append(pc.spacer(3))
        story.append(exercise_table(exercise_visit, catalogue, styles))

    story.append(pc.para("Referrals and advice", styles.h1))
    refs = referral_rows(visits, catalogue)
    if refs:
        story.append(_referral_table(refs, styles))
    else:
        story.append(pc.para("No referrals were made and no red flags were found.", styles.body))

    story.extend(record_section(visits, signatures, amendments, styles))
    story.extend(sign_off(settings, visits, styles, today=today))
    return story


def record_section(
    visits: Sequence[Visit],
    signatures: Sequence[Signature],
    amendments: Sequence[Amendment],
    styles: pc.Styles,
) -> list[Flowable]:
    """Return the signatures and amendments of each visit that has any (empty when none)."""
    if not signatures and not amendments:
        return []
    signed = {s.visit_id: s for s in signatures}
    out: list[Flowable] = [pc.para("Signed records and amendments", styles.h1)]
    for visit in visits:
        corrections = [a for a in amendments if a.visit_id == visit.id]
        if visit.id not in signed and not corrections:
            continue
        out.append(pc.para(f"Visit of {format_date(visit.visit_date)}", styles.h2))
        out.append(signature_flowable(signed.get(visit.id)))
        out.extend(amendment_flowables(corrections))
    return out


def results_table(
    visits: Sequence[Visit], styles: pc.Styles, involved_side: str | None = None
) -> Table:
    """Return the table of key figures at every visit, oldest first.

    Strength cells hold what was recorded: the grade, the reading with its unit, or both. The
    L–R balance comes from readings in one unit (unit shown) or else from grades.
    """
    cell, head = styles.cell, styles.cell_head
    header_top = [
        pc.para("", head),
        pc.para("", head),
        pc.para("Glute max", head),
        "",
        pc.para("Glute med", head),
        "",
        pc.para("L–R balance", head),
        "",
        pc.para("", head),
        pc.para("", head),
    ]
    header = [
        pc.para(text, head)
        for text in ("Date", "Pain (NPRS)", "L", "R", "L", "R", "max", "med", "PSFS", "Notes")
    ]
    rows: list[list] = [header_top, header]
    # Figure cells are short text GluteDesk writes itself (dates, grades, numbers): plain strings
    # draw several times faster than paragraphs in a long history. Notes may wrap: paragraphs.
    alert = ParagraphStyle("cellAlert", parent=cell, textColor=pc.ALERT)
    by_id = {v.id: v for v in visits}
    for figures in timeline(visits, involved_side):
        v = by_id[figures.visit_id]  # corrected values carry a dagger (correction_notes)
        notes = []
        if figures.red_flags:
            notes.append(f"Red flag ({figures.red_flags})")
        if figures.referrals:
            notes.append("Referral")
        if figures.nerve_symptoms:
            notes.append("Nerve-type symptoms")
        rows.append(
            [
                format_date(figures.date),
                marked(v, "" if figures.nprs is None else f"{figures.nprs}/10", NPRS_NOW),
                marked(
                    v, figures.strength_text(GLUTE_MAX, Side.LEFT, "\n"), P(GLUTE_MAX, Side.LEFT)
                ),
                marked(
                    v, figures.strength_text(GLUTE_MAX, Side.RIGHT, "\n"), P(GLUTE_MAX, Side.RIGHT)
                ),
                marked(
                    v, figures.strength_text(GLUTE_MED, Side.LEFT, "\n"), P(GLUTE_MED, Side.LEFT)
                ),
                marked(
                    v, figures.strength_text(GLUTE_MED, Side.RIGHT, "\n"), P(GLUTE_MED, Side.RIGHT)
                ),
                symmetry_cell(figures.symmetry_detail(GLUTE_MAX)),
                symmetry_cell(figures.symmetry_detail(GLUTE_MED)),
                marked(v, format_score(figures.psfs), outcome_prefix("psfs")),
                pc.para(", ".join(notes), alert) if notes else "",
            ]
        )
    widths: list[float] = [60, 42, 48, 48, 48, 48, 40, 40, 32]
    widths.append(pc.FRAME_WIDTH - sum(widths))
    extra = [
        ("SPAN", (2, 0), (3, 0)),
        ("SPAN", (4, 0), (5, 0)),
        ("SPAN", (6, 0), (7, 0)),
        ("LINEBELOW", (2, 0), (7, 0), 0.4, pc.RULE),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
        ("FONTNAME", (0, 2), (-1, -1), pc.FONT),
        ("FONTSIZE", (0, 2), (-1, -1), cell.fontSize),
        ("LEADING", (0, 2), (-1, -1), cell.leading),
        ("TEXTCOLOR", (0, 2), (-1, -1), pc.INK),
    ]
    return pc.data_table(rows, widths, header_rows=2, extra=extra)


def findings_table(rows: Sequence[tuple[str, str, str]], styles: pc.Styles) -> Table:
    """Return a Test | Left | Right table of described results."""
    cell, head = styles.cell, styles.cell_head
    data: list[list] = [[pc.para(t, head) for t in ("Test", "Left (or whole test)", "Right")]]
    for name, left, right in rows:
        data.append([pc.para(name, styles.cell_bold), pc.para(left, cell), pc.para(right, cell)])
    width = pc.FRAME_WIDTH
    return pc.data_table(data, [width * 0.28, width * 0.36, width * 0.36])


def _psfs_note(visits: Sequence[Visit], styles: pc.Styles) -> list[Flowable]:
    from glutedesk.domain.models import Instrument

    latest = next(
        (v.score(Instrument.PSFS) for v in reversed(visits) if v.score(Instrument.PSFS)), None
    )
    parts = [
        "Shaded: where a later score counts as a meaningful improvement on the first visit "
        "(pain: 2 points or 30% lower; activities: 2 points higher)."
    ]
    if latest is not None and any(label.strip() for label in latest.labels):
        activities = "; ".join(label.strip() for label in latest.labels if label.strip())
        parts.append(f"Activities rated: {activities}.")
    return [pc.para(" ".join(parts), styles.muted)]


def _latest_full_assessment(visits: Sequence[Visit]) -> Visit | None:
    """The latest visit that tested more than glute strength (else the latest with any test)."""
    strength_only = {GLUTE_MAX, GLUTE_MED}
    for visit in reversed(visits):
        if {r.test_id for r in visit.test_results} - strength_only:
            return visit
    return next((v for v in reversed(visits) if v.test_results), None)


def _referral_table(rows: Sequence[tuple[dt.date, str, str]], styles: pc.Styles) -> Table:
    cell, head = styles.cell, styles.cell_head
    data: list[list] = [[pc.para(t, head) for t in ("Date", "What was found", "Advice given")]]
    for date, found, advice in rows:
        data.append([pc.para(format_date(date), cell), pc.para(found, cell), pc.para(advice, cell)])
    width = pc.FRAME_WIDTH
    return pc.data_table(data, [66, (width - 66) * 0.55, (width - 66) * 0.45])
