"""The printable documents by name, for the command line and the GUI.

Importing this module is cheap: each builder (and with it reportlab and matplotlib) is imported
only when a document is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.domain.dates import format_date
from glutedesk.storage.clinic import Clinic

if TYPE_CHECKING:
    from glutedesk.storage.settings import ClinicSettings


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its command-line name, title and default file-name stem."""

    name: str
    title: str
    file_stem: str
    description: str


KINDS: dict[str, DocumentKind] = {
    "progress": DocumentKind(
        "progress",
        "Progress report",
        "progress-report",
        "change since the first visit, charts, body maps, results, exercises",
    ),
    "handout": DocumentKind(
        "handout",
        "Home-exercise handout",
        "home-exercises",
        "the latest home exercises with their dose, in large type",
    ),
    "referral": DocumentKind(
        "referral",
        "GP referral letter",
        "gp-referral",
        "findings, symptoms and advice given, for the client's GP",
    ),
}


def build_document(
    kind: str,
    clinic: Clinic,
    client_id: str,
    out: Path,
    *,
    visit_id: str | None = None,
    settings: ClinicSettings | None = None,
    today: dt.date | None = None,
    charts: Sequence[str] | None = None,
) -> Path:
    """Build the document ``kind`` ("progress", "handout" or "referral") to ``out``.

    ``charts`` (progress report only) names the catalogue numbers to chart; None: the clinic's
    choice. Raises ``ValueError`` for an unknown kind and
    :class:`~glutedesk.reports.errors.ReportError` when the document cannot be made.
    """
    builder = _builder(kind)
    if kind == "progress":
        return builder(clinic, client_id, Path(out), settings=settings, today=today, charts=charts)
    return builder(clinic, client_id, Path(out), visit_id, settings=settings, today=today)


def default_file_name(kind: str, client_name: str, date: dt.date) -> str:
    """Return a safe file name such as "progress-report-zoë-obrien-2026-03-01.pdf".

    Letters of any script are kept; markup characters, slashes and spaces become hyphens.
    """
    import re

    stem = KINDS[kind].file_stem if kind in KINDS else kind
    name = re.sub(r"['’]", "", client_name.lower())
    slug = re.sub(r"[\W_]+", "-", name).strip("-") or "client"
    return f"{stem}-{slug}-{date.isoformat()}.pdf"


def count_pages(path: Path) -> int:
    """Return the number of pages of a PDF GluteDesk wrote (0 if it cannot be read)."""
    import re

    try:
        data = Path(path).read_bytes()
    except OSError:
        return 0
    return len(re.findall(rb"/Type /Page(?![s\w])", data))


def _builder(kind: str) -> Callable[..., Path]:
    if kind == "progress":
        from glutedesk.reports.progress import build_progress_report

        return build_progress_report
    if kind == "handout":
        from glutedesk.reports.handout import build_handout

        return build_handout
    if kind == "referral":
        from glutedesk.reports.referral import build_referral_letter

        return build_referral_letter
    raise ValueError(f"Unknown document {kind!r}; use one of {', '.join(KINDS)}.")


def document_summary(
    kind: str, clinic: Clinic, client_id: str, *, visit_id: str | None = None
) -> list[str]:
    """Return a few plain lines saying what the document ``kind`` will hold (for a preview).

    Progress: the change sentences; handout: each exercise with its dose; referral: who it
    goes to and the reasons. Raises :class:`~glutedesk.reports.errors.RecordNotFound`.
    """
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.reports.records import load_record, pick_visit
    from glutedesk.reports.wording import change_summary, dose_text

    client, visits = load_record(clinic, client_id)
    if kind == "progress":
        return change_summary(visits)
    if kind == "handout":
        visit = (
            pick_visit(visits, visit_id)
            if visit_id
            else next((v for v in reversed(visits) if v.exercises), None)
        )
        if visit is None or not visit.exercises:
            return ["No home exercises have been prescribed yet."]
        catalogue = load_catalogue()
        lines = []
        for prescription in visit.exercises:
            try:
                name = catalogue.exercise(prescription.exercise_id).name
            except KeyError:
                name = prescription.exercise_id
            lines.append(f"{name}: {dose_text(prescription)}")
        return lines
    if kind == "referral":
        to = ", ".join(x for x in (client.gp_name.strip(), client.gp_practice.strip()) if x)
        lines = [f"To: {to or 'the client’s GP (no GP recorded)'}"]
        for visit in visits:
            for referral in visit.referrals:
                lines.append(
                    f"{format_date(visit.visit_date)}: {referral.reason or referral.to_whom}"
                )
        if len(lines) == 1:
            lines.append("No referral has been recorded; the letter reports the latest visit.")
        return lines
    raise ValueError(f"Unknown document {kind!r}; use one of {', '.join(KINDS)}.")
