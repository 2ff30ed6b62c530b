"""A referral letter to the client's GP: what was reported and observed, and the advice given.

Observational wording only: red flags are "reported", symptoms are what the client described
and where they marked them, test results are what the therapist recorded. The letter asks the
GP to assess; it never names a diagnosis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Table

from glutedesk.domain.catalogue import Catalogue, PainIndicator, load_catalogue
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Client, ConsentKind, Side, Visit
from glutedesk.domain.red_flags import ADVICE_LABELS, URGENCY_WORDS, advice_urgency_rank
from glutedesk.domain.regions import load_regions
from glutedesk.reports import pdf_common as pc
from glutedesk.reports.correction_notes import corrections_note, marked, result_prefix
from glutedesk.reports.map_style import symptom_label
from glutedesk.reports.pdf_document import build_pdf, clinic_header
from glutedesk.reports.records import load_record, pick_visit, therapist_of
from glutedesk.reports.sections import red_flag_label
from glutedesk.reports.series import GLUTE_MAX, GLUTE_MED, format_score, visit_figures
from glutedesk.reports.summary import outcome_lines
from glutedesk.reports.wording import key_test_rows, observed_symptom
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import ClinicSettings

TITLE = "Referral letter"
NO_VISITS = "No visits have been recorded yet, so there are no findings to report."
NOT_A_DIAGNOSIS = (
    "These are observations from a sports and remedial massage assessment. I have not made a "
    "diagnosis, and I would be grateful if you would assess {first}."
)


def build_referral_letter(
    clinic: Clinic,
    client_id: str,
    out: Path,
    visit_id: str | None = None,
    *,
    settings: ClinicSettings | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write a GP referral letter for ``client_id`` to ``out`` and return the path.

    The letter reports ``visit_id``, or by default the latest visit with a referral, a red flag
    or nerve-type symptoms (else the latest visit). Raises
    :class:`~glutedesk.reports.errors.ReportError` for an unknown client or visit or a file
    that cannot be written.
    """
    client, visits = load_record(clinic, client_id)
    visit = pick_visit(visits, visit_id) if visit_id else _visit_to_report(visits)
    settings = settings or clinic.settings()
    today = today or dt.date.today()
    story = referral_story(
        client,
        visit,
        settings,
        today=today,
        history=[v for v in visits if visit is not None and v.visit_date <= visit.visit_date],
    )
    return build_pdf(
        Path(out),
        story,
        title=f"{TITLE} — {client.name}",
        subject="GP referral letter",
        author=settings.name or therapist_of(settings, visits),
        running=f"{TITLE} · {client.name}",
        today=today,
    )


def _visit_to_report(visits: list[Visit]) -> Visit | None:
    """The latest visit with a referral, else with a red flag or nerve-type symptoms, else the
    latest visit."""
    for visit in reversed(visits):
        if visit.referrals:
            return visit
    for visit in reversed(visits):
        if (
            visit.red_flags.present_flags
            or visit.has_nerve_symptom_marks
            or visit.nerve_advice is not None
        ):
            return visit
    return pick_visit(visits, None)


def referral_story(
    client: Client,
    visit: Visit | None,
    settings: ClinicSettings,
    *,
    today: dt.date,
    catalogue: Catalogue | None = None,
    history: Sequence[Visit] = (),
) -> list[Flowable]:
    """Return the letter's flowables for ``visit`` (``None``: no visit recorded yet).

    ``history`` (the client's visits up to ``visit``) gives the outcome-measure lines: each
    measure's latest score and its change since first scored.
    """
    catalogue = catalogue or load_catalogue()
    styles = pc.make_styles()
    story: list[Flowable] = [
        clinic_header(settings, TITLE, styles, date=today),
        pc.spacer(12),
    ]
    story.extend(_addressee(client, styles))
    story.append(pc.spacer(10))
    story.append(pc.para(format_date(today), styles.body))
    story.append(pc.spacer(8))
    re_line = client.name
    if client.date_of_birth is not None:
        re_line += f", born {format_date(client.date_of_birth)}"
    story.append(pc.markup("<b>Re: {who}</b>", styles.body, who=re_line))
    if client.address.strip():
        story.append(pc.para(client.address.strip(), styles.muted))
    story.append(pc.spacer(8))
    gp = client.gp_name.strip()
    story.append(pc.para(f"Dear {gp}," if gp else "Dear Doctor,", styles.body))

    if visit is None:
        story.append(pc.para(NO_VISITS, styles.body))
        story.extend(_closing(client, None, settings, styles))
        return story

    complaint = visit.complaint.strip() or client.history.complaint.strip()
    intro = f"I am a sports and remedial massage therapist. I saw {client.name} on " + (
        f"{format_date(visit.visit_date)}"
    )
    intro += f" about: {complaint}." if complaint else "."
    story.append(pc.para(intro, styles.body))

    reasons = list(visit.referrals)
    if reasons:
        story.append(pc.para("Reason for this letter", styles.h2))
        story.extend(
            pc.bullets(
                [
                    f"{_sentence(r.reason) or 'Referral.'} Advised: {ADVICE_LABELS[r.urgency]}."
                    for r in reasons
                ],
                styles.bullet,
            )
        )

    reported = _reported(visit, catalogue)
    story.append(pc.para("What the client reported", styles.h2))
    if reported:
        story.extend(pc.bullets(reported, styles.bullet))
    else:
        story.append(
            pc.para("No red flags or nerve-type symptoms were reported at this visit.", styles.body)
        )

    advice = _advice_given(visit, catalogue)
    story.append(pc.para("Advice given", styles.h2))
    if advice:
        story.extend(pc.bullets(advice, styles.bullet))
    else:
        story.append(pc.para("No advice recorded.", styles.body))

    story.append(pc.para(f"Findings on {format_date(visit.visit_date)}", styles.h2))
    story.append(_findings(visit, catalogue, styles))
    story.extend(corrections_note([visit], styles))
    outcomes = outcome_lines(history or [visit])
    if outcomes:
        story.append(pc.para("Outcome measures", styles.h2))
        story.extend(pc.bullets(outcomes, styles.bullet))
    story.extend(_closing(client, visit, settings, styles))
    return story


def _addressee(client: Client, styles: pc.Styles) -> list[Flowable]:
    lines = [x.strip() for x in (client.gp_name, client.gp_practice) if x.strip()]
    if client.gp_address.strip():
        lines.append(client.gp_address.strip())
    if not lines:
        lines = ["To the client's GP"]
    return [pc.para("\n".join(lines), styles.body)]


def _reported(visit: Visit, catalogue: Catalogue) -> list[str]:
    items: list[str] = []
    for flag in visit.red_flags.present_flags:
        items.append(f"Red flag: {red_flag_label(catalogue, flag)}")
    nerve_items = []
    for item_id in visit.pain_character:
        try:
            item = catalogue.pain_item(item_id)
        except KeyError:
            continue
        if item.indicates == PainIndicator.NERVE:
            nerve_items.append(observed_symptom(item.label))
    if nerve_items:
        items.append("Nerve-type symptoms described: " + "; ".join(nerve_items))
    regions = load_regions()
    for mark in visit.pain_marks:
        if not mark.symptom.is_nerve_type:
            continue
        try:
            where = regions.get(mark.region_id).label
        except (KeyError, LookupError):
            where = mark.region_id
        rating = "" if mark.intensity is None else f" ({mark.intensity}/10)"
        items.append(f"{symptom_label(mark.symptom)} marked on the body chart: {where}{rating}")
    nprs = visit.nprs
    if nprs.now is not None:
        parts = [f"now {nprs.now}/10"]
        if nprs.best is not None:
            parts.append(f"best {nprs.best}/10")
        if nprs.worst is not None:
            parts.append(f"worst {nprs.worst}/10")
        items.append(marked(visit, "Pain rating (NPRS): " + ", ".join(parts), "nprs"))
    return items


def _advice_given(visit: Visit, catalogue: Catalogue) -> list[str]:
    items: list[str] = []
    given = []
    screens = (
        (visit.red_flags.advice, visit.red_flags.advice_note, "the red-flag screen"),
        (visit.nerve_advice, visit.nerve_advice_note, "the nerve-type symptoms"),
    )
    for index, (advice, note, context) in enumerate(screens):
        if advice is None or (index == 0 and not visit.red_flags.present_flags and not note):
            continue
        text = f"After {context}: {ADVICE_LABELS[advice]}"
        items.append(_sentence(text) + (f" {note.strip()}" if note.strip() else ""))
        given.append(advice)
    for referral in visit.referrals:
        items.append(f"Referred to {referral.to_whom} ({URGENCY_WORDS[referral.urgency]}).")
        given.append(referral.urgency)
    if given:
        most_urgent = max(given, key=advice_urgency_rank)
        try:
            safety = catalogue.advice_option(most_urgent).safety_net
        except KeyError:
            safety = ""
        if safety:
            items.append(f"Safety-net advice given: {safety}")
    return items


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _findings(visit: Visit, catalogue: Catalogue, styles: pc.Styles) -> Table:
    figures = visit_figures(visit)
    rows: list[tuple[str, str, str]] = []
    for test_id, name in (
        (GLUTE_MAX, "Gluteus maximus strength"),
        (GLUTE_MED, "Gluteus medius strength"),
    ):
        left = marked(
            visit, figures.strength_text(test_id, Side.LEFT), result_prefix(test_id, Side.LEFT)
        )
        right = marked(
            visit, figures.strength_text(test_id, Side.RIGHT), result_prefix(test_id, Side.RIGHT)
        )
        if left or right:
            rows.append((name, left, right))
    for name, left, right in key_test_rows(visit, catalogue):
        if name.endswith("strength (Oxford)") and ("maximus" in name or "medius" in name):
            continue
        rows.append((name, left, right))
    if figures.psfs is not None:
        rows.append(("Everyday activities (PSFS, 0–10)", format_score(figures.psfs), ""))
    cell, head = styles.cell, styles.cell_head
    data: list[list] = [[pc.para(t, head) for t in ("Test", "Left (or whole test)", "Right")]]
    for name, left, right in rows:
        data.append([pc.para(name, styles.cell_bold), pc.para(left, cell), pc.para(right, cell)])
    if not rows:
        data.append([pc.para("No tests recorded at this visit.", cell), "", ""])
    width = pc.FRAME_WIDTH
    return pc.data_table(data, [width * 0.3, width * 0.35, width * 0.35])


def _consent_line(client: Client) -> str:
    consent = client.consent(ConsentKind.CONTACT_GP)
    if consent is not None and consent.given:
        when = f" on {format_date(consent.date)}" if consent.date else ""
        return f"{client.name} consented{when} to my contacting you."
    if consent is not None:
        return (
            f"{client.name} has not consented to my contacting you directly; I have given this "
            "letter to them to pass on."
        )
    return "I have given this letter to the client to pass on to you."


def _closing(
    client: Client, visit: Visit | None, settings: ClinicSettings, styles: pc.Styles
) -> list[Flowable]:
    first = client.first_name.strip() or client.name
    therapist = (settings.therapist_name.strip() or (visit.therapist if visit else "")).strip()
    sign = [pc.para("Yours sincerely,", styles.body), pc.spacer(26)]
    sign.append(pc.markup("<b>{name}</b>", styles.body, name=therapist or "Therapist"))
    details = [
        ("", settings.therapist_details.strip()),
        ("", settings.name.strip()),
        ("", settings.address.strip()),
        ("", f"Tel. {settings.phone.strip()}" if settings.phone.strip() else ""),
    ]
    for _, text in details:
        if text:
            sign.append(pc.para(text, styles.muted))
    return [
        pc.spacer(8),
        pc.para(NOT_A_DIAGNOSIS.format(first=first), styles.body),
        pc.para(_consent_line(client), styles.body),
        pc.spacer(8),
        KeepTogether(sign),
    ]
