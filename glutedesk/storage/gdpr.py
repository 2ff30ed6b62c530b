"""UK GDPR tools: subject-access data, the retention list and erasure on request.

Retention follows the clinical reference's decision: a record is kept until the later of the
last visit plus ``years`` (default 8, configurable) and the client's 25th birthday. Nothing is
ever deleted automatically: :func:`retention_due` only lists records, and
:func:`erase_client` runs after the therapist confirms, logging the erasure in the audit trail
with the client's id and the reason, never their name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from glutedesk.domain.ids import ClientId
from glutedesk.storage.audit import event_to_json, events, record_event
from glutedesk.storage.changes import Changes
from glutedesk.storage.clients import ClientNotFound
from glutedesk.storage.errors import StorageError, write_errors
from glutedesk.storage.exchange import export_records

DEFAULT_RETENTION_YEARS = 8
ADULT_RECORD_AGE = 25
RETENTION_YEARS_KEY = "gdpr.retention_years"


class ErasureRefused(StorageError):
    """An erasure was not carried out (no reason given, unknown client); nothing changed."""


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


def erase_client(db: Database, client_id: str, reason: str, *, actor: str | None = None) -> Changes:
    """Erase a client and everything recorded about them, signed visits and amendments too.

    Call only after the therapist has confirmed. The erasure is one transaction, logged in the
    audit trail with the client's id and ``reason`` (no name); the audit rows themselves stay.
    Freed pages are overwritten (``secure_delete``) and the write-ahead log is truncated, so
    the text does not linger in the file. Backups made earlier still hold the record until
    they are rotated away.
    """
    reason = reason.strip()
    if not reason:
        raise ErasureRefused("Give the reason for the erasure; it is kept in the audit log.")
    try:
        reason.encode("utf-8")
    except UnicodeEncodeError:
        raise ErasureRefused("The reason contains a character that cannot be stored.") from None
    row = db.execute("SELECT 1 FROM clients WHERE id = ?", [client_id]).fetchone()
    if row is None:
        raise ClientNotFound(f"No client with id {client_id!r}.")
    visits = db.execute("SELECT count(*) FROM visits WHERE client_id = ?", [client_id]).fetchone()
    previous = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    try:
        with write_errors("erase the record"), db.atomic():
            db.execute("INSERT INTO erasure_permits (client_id) VALUES (?)", [client_id])
            db.execute("DELETE FROM clients WHERE id = ?", [client_id])
            db.execute("DELETE FROM erasure_permits WHERE client_id = ?", [client_id])
            # Merge the name index so the erased name's tokens leave it, not just get masked.
            db.execute("INSERT INTO clients_fts (clients_fts) VALUES ('optimize')")
            record_event(
                db,
                "erase",
                client_id=client_id,
                actor=actor,
                detail=f"{visits[0]} visit(s) erased; reason: {reason}",
            )
    finally:
        db.execute(f"PRAGMA secure_delete = {int(previous)}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Changes(clients=frozenset({ClientId(client_id)}))


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
