"""UK GDPR tools: subject-access data, the retention list and erasure on request.

Retention follows the clinical reference's decision: a record is kept until the later of the
last visit plus ``years`` (default 8, configurable) and the client's 25th birthday. Nothing is
ever deleted automatically: :func:`retention_due` only lists records, and
:func:`erase_client` (in :mod:`glutedesk.storage.erasure`, re-exported here) runs after the
therapist confirms, logging the erasure in the audit trail with the client's id and the
reason, never their name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glutedesk.domain.ids import ClientId
from glutedesk.storage.audit import event_to_json, events
from glutedesk.storage.erasure import ErasureRefused, erase_client
from glutedesk.storage.errors import write_errors
from glutedesk.storage.exchange import export_records

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_RETENTION_YEARS = 8
ADULT_RECORD_AGE = 25
RETENTION_YEARS_KEY = "gdpr.retention_years"


@dataclass(frozen=True)
class RetentionItem:
    """One client on the retention list: when their record may be erased, and why then."""

    client_id: ClientId
    name: str
    date_of_birth: dt.date | None
    last_visit: dt.date | None
    keep_until: dt.date
    reason: str

    def is_due(self, today: dt.date) -> bool:
        return self.keep_until <= today


def add_years(day: dt.date, years: int) -> dt.date:
    """Return ``day`` moved ``years`` on (29 February becomes 28 February in other years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def keep_until(
    last_activity: dt.date, date_of_birth: dt.date | None, years: int = DEFAULT_RETENTION_YEARS
) -> tuple[dt.date, str]:
    """Return the date a record may be erased from, and the rule that set it."""
    after_last = add_years(last_activity, years)
    if date_of_birth is not None:
        birthday = add_years(date_of_birth, ADULT_RECORD_AGE)
        if birthday > after_last:
            return birthday, f"kept until the client's {ADULT_RECORD_AGE}th birthday"
    return after_last, f"{years} years after the last visit"


def retention_years(db: Database) -> int:
    """Return the configured retention period in years (the settings table), default 8."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [RETENTION_YEARS_KEY]).fetchone()
    try:
        years = int(row[0]) if row else DEFAULT_RETENTION_YEARS
    except ValueError:
        return DEFAULT_RETENTION_YEARS
    return years if 1 <= years <= 100 else DEFAULT_RETENTION_YEARS


def set_retention_years(db: Database, years: int) -> None:
    """Store the retention period (whole years, 1 to 100)."""
    if not 1 <= years <= 100:
        raise ValueError("The retention period must be between 1 and 100 years.")
    with write_errors("save the setting"), db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            [RETENTION_YEARS_KEY, str(years)],
        )


def retention_schedule(db: Database, years: int | None = None) -> list[RetentionItem]:
    """Return every client with the date their record may be erased from, earliest first.

    A client without visits counts from the day their record was created.
    """
    years = retention_years(db) if years is None else years
    rows = db.execute(
        "SELECT c.id, c.first_name, c.last_name, c.date_of_birth, c.created_at, "
        "(SELECT max(visit_date) FROM visits v WHERE v.client_id = c.id) FROM clients c"
    )
    items = []
    for cid, first, last, dob, created, last_visit in rows:
        born = dt.date.fromisoformat(dob) if dob else None
        seen = dt.date.fromisoformat(last_visit) if last_visit else None
        activity = seen or dt.datetime.fromisoformat(created).date()
        until, reason = keep_until(activity, born, years)
        if seen is None:
            reason += " (no visits: counted from when the record was created)"
        items.append(RetentionItem(ClientId(cid), f"{first} {last}", born, seen, until, reason))
    return sorted(items, key=lambda i: (i.keep_until, i.name.casefold(), i.client_id))


def retention_due(db: Database, today: dt.date, years: int | None = None) -> list[RetentionItem]:
    """Return the clients whose retention period has ended by ``today`` (nothing is deleted)."""
    return [item for item in retention_schedule(db, years) if item.is_due(today)]


def subject_access_data(db: Database, client_id: str) -> dict[str, Any]:
    """Return everything held about one client as JSON data: records and audit events.

    ``records`` is the export document for the client (importable, with signatures and
    amendments); ``audit`` lists every audit event naming the client.
    """
    records = export_records(db, client_id)
    return {
        "records": records,
        "audit": [event_to_json(e) for e in events(db, client_id=client_id)],
    }


__all__ = [
    "ErasureRefused",
    "RetentionItem",
    "erase_client",
    "keep_until",
    "retention_due",
    "retention_schedule",
    "retention_years",
    "set_retention_years",
    "subject_access_data",
]
