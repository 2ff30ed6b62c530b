"""Loading a client's record for a document, and the few facts every document states.

No reportlab or matplotlib here (the GUI's preview summary uses it too).
"""

from __future__ import annotations

from collections.abc import Sequence

from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Client, Visit
from glutedesk.reports.errors import RecordNotFound
from glutedesk.storage.clients import ClientNotFound
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.settings import ClinicSettings


def load_record(clinic: Clinic, client_id: str) -> tuple[Client, list[Visit]]:
    """Return the client and all their visits (oldest first).

    Raises :class:`RecordNotFound` with a plain message when there is no such client.
    """
    try:
        return clinic.record(client_id)
    except ClientNotFound:
        raise RecordNotFound(f"No client with id {client_id!r}.") from None


def pick_visit(visits: Sequence[Visit], visit_id: str | None) -> Visit | None:
    """Return the visit with ``visit_id`` (None: the latest), or None when there are no visits.

    Raises :class:`RecordNotFound` when ``visit_id`` is given but is not one of ``visits``.
    """
    if visit_id is None:
        return max(visits, key=lambda v: v.visit_date) if visits else None
    for visit in visits:
        if visit.id == visit_id:
            return visit
    raise RecordNotFound(f"No visit with id {visit_id!r} for this client.")


def period_text(visits: Sequence[Visit]) -> str:
    """Return "3 visits · 4 Jan 2026 to 15 Feb 2026", "1 visit · 4 Jan 2026" or "No visits yet"."""
    if not visits:
        return "No visits yet"
    dates = sorted(v.visit_date for v in visits)
    count = f"{len(visits)} visit{'s' if len(visits) != 1 else ''}"
    first, last = format_date(dates[0]), format_date(dates[-1])
    return f"{count} · {first}" if first == last else f"{count} · {first} to {last}"


def therapist_of(settings: ClinicSettings, visits: Sequence[Visit]) -> str:
    """The therapist to sign a document: the clinic setting, else the latest visit's."""
    if settings.therapist_name.strip():
        return settings.therapist_name.strip()
    if visits:
        return max(visits, key=lambda v: v.visit_date).therapist
    return ""
