"""Small conversions between Python values and SQLite column values."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any, TypeVar

from glutedesk.domain.models import Client, Visit

if TYPE_CHECKING:
    from sqlite_utils import Database

Stamped = TypeVar("Stamped", Client, Visit)


def now_utc() -> dt.datetime:
    """Return the current time, timezone-aware in UTC, to the microsecond."""
    return dt.datetime.now(dt.UTC)


def stamped(record: Stamped, *, touch: bool) -> Stamped:
    """Return ``record`` with its timestamps set for saving.

    A new record gets ``created_at`` now; with ``touch`` (an edit) ``updated_at`` becomes now,
    without it (an import) the record's own timestamps are kept where it has them.
    """
    if not touch and record.created_at is not None and record.updated_at is not None:
        return record
    now = now_utc()
    return dataclasses.replace(
        record,
        created_at=record.created_at or now,
        updated_at=now if touch or record.updated_at is None else record.updated_at,
    )


def iso(value: dt.date | None) -> str | None:
    """Return a date as ``YYYY-MM-DD`` (None stays None)."""
    return value.isoformat() if value is not None else None


def timestamp(value: dt.datetime | None) -> str | None:
    """Return a datetime as ISO 8601 text (None stays None)."""
    return value.isoformat() if value is not None else None


def date_or_none(text: str | None) -> dt.date | None:
    """Parse a stored ``YYYY-MM-DD`` date (None stays None)."""
    return dt.date.fromisoformat(text) if text else None


def dumps(value: Any) -> str:
    """Encode a JSON column value compactly and deterministically (no NaN or infinity)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


def fetch_dict(db: Database, sql: str, params: Any = ()) -> dict[str, Any] | None:
    """Run ``sql`` and return its first row as a dict keyed by column name, or None."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip((d[0] for d in cursor.description), row, strict=True))


def fetch_dicts(db: Database, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """Run ``sql`` and return every row as a dict keyed by column name."""
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
