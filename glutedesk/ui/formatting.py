"""Plain-text formatting shared by the screens (UK conventions, no Qt)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from glutedesk.domain.counts import plural as plural
from glutedesk.domain.counts import record_counts as record_counts
from glutedesk.domain.dates import format_date as format_date

if TYPE_CHECKING:
    from glutedesk.domain.models import ConsentKind

    CONSENT_LABELS: dict[ConsentKind, str]


def __getattr__(name: str) -> object:
    # CONSENT_LABELS is made at its first use: the domain model it is keyed by is not needed to
    # paint the first window.
    if name != "CONSENT_LABELS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from glutedesk.domain.models import ConsentKind

    labels = {
        ConsentKind.TREATMENT: "Treatment",
        ConsentKind.DATA_PROCESSING: "Data processing",
        ConsentKind.CONTACT_GP: "Contact GP",
    }
    globals()[name] = labels
    return labels


# Case-history fields in the order a therapist takes them, with their on-screen labels.
HISTORY_LABELS: dict[str, str] = {
    "complaint": "Presenting complaint",
    "onset": "Onset",
    "mechanism": "Mechanism",
    "duration": "Duration",
    "aggravating": "Aggravating",
    "easing": "Easing",
    "pattern_24h": "24-hour pattern",
    "past_medical_history": "Past medical history",
    "surgery": "Surgery",
    "medication": "Medication",
    "contraindications": "Contraindications",
    "goals": "Goals",
}


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    """Return the age in whole years on ``today``."""
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - int(before_birthday)


def format_hours(hours: float | None) -> str:
    """Return daily sitting hours as "9.5 h a day" (or "" when not recorded)."""
    if hours is None:
        return ""
    text = f"{hours:g}"
    return f"{text} h a day"
