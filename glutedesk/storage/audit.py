"""The audit trail: an append-only, hash-chained log of who did what to which record, and when.

Each row's ``hash`` is the SHA-256 of the row's own values (id, time, action, client, visit,
actor, detail) and the previous row's hash, so editing, deleting or inserting any row breaks
the chain from that row on; :func:`verify_chain` finds the first break. Triggers (migration
``0002_signing_audit``) refuse UPDATE and DELETE on the table, so the app itself can only
append. After each commit that added a row, the newest row is anchored outside the log
(:mod:`glutedesk.storage.audit_anchor`), so removing the newest rows shows too. Rows name
clients and visits by id only: ``detail`` must never hold a name or clinical text, so the log
can outlive an erased client.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutedesk.storage.audit_anchor import audit_written
from glutedesk.storage.rows import now_utc

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS_HASH = "0" * 64

ACTIONS = frozenset(
    {
        "create",
        "update",
        "delete",
        "view",
        "sign",
        "amend",
        "export",
        "import",
        "print",
        "backup",
        "restore",
        "erase",
        "login",
        "lock",
    }
)


@dataclass(frozen=True)
class AuditEvent:
    """One row of the audit log."""

    id: int
    at: dt.datetime
    action: str
    client_id: str | None
    visit_id: str | None
    actor: str
    detail: str
    prev_hash: str
    hash: str


def default_actor() -> str:
    """Return who is acting: the operating-system account name ("" if it cannot be found)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # pragma: no cover - no login name at all
        return ""


def row_hash(
    row_id: int,
    at: str,
    action: str,
    client_id: str | None,
    visit_id: str | None,
    actor: str,
    detail: str,
    prev_hash: str,
) -> str:
    """Return the SHA-256 (hex) of one audit row's canonical JSON form and the previous hash."""
    canonical = json.dumps(
        [row_id, at, action, client_id, visit_id, actor, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_event(
    db: Database,
    action: str,
    *,
    client_id: str | None = None,
    visit_id: str | None = None,
    detail: str = "",
    actor: str | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent | None:
    """Append one event to the audit log (inside the caller's transaction, if one is open).

    ``action`` is one of :data:`ACTIONS`; ``detail`` is a short note without personal data
    (for example ``"visit, 4 tests"`` or the reason for an erasure). Raises ``ValueError`` for
    an unknown action or text that cannot be stored. On a database opened read-only nothing
    can be logged: None is returned and the caller tells the therapist so.
    """
    if db.conn.execute("PRAGMA query_only").fetchone()[0]:
        return None
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}.")
    actor = default_actor() if actor is None else actor
    for name, text in (("detail", detail), ("actor", actor)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"The audit {name} contains an invalid character.") from None
    stamp = (at or now_utc()).isoformat()
    with db.atomic():
        last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        row_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        digest = row_hash(row_id, stamp, action, client_id, visit_id, actor, detail, prev)
        db.execute(
            "INSERT INTO audit_log (id, at, action, client_id, visit_id, actor, detail, "
            "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row_id, stamp, action, client_id, visit_id, actor, detail, prev, digest],
        )
    audit_written(db)
    return AuditEvent(
        row_id,
        dt.datetime.fromisoformat(stamp),
        action,
        client_id,
        visit_id,
        actor,
        detail,
        prev,
        digest,
    )


_COLUMNS = "id, at, action, client_id, visit_id, actor, detail, prev_hash, hash"


def _event(row: tuple) -> AuditEvent:
    return AuditEvent(row[0], dt.datetime.fromisoformat(row[1]), row[2], row[3], row[4], *row[5:9])


def events(
    db: Database, *, client_id: str | None = None, limit: int | None = None
) -> list[AuditEvent]:
    """Return audit events oldest first: all of them, or those naming ``client_id``."""
    sql = f"SELECT {_COLUMNS} FROM audit_log"
    params: list[object] = []
    if client_id is not None:
        sql += " WHERE client_id = ?"
        params.append(client_id)
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_event(r) for r in db.execute(sql, params)]


def event_to_json(event: AuditEvent) -> dict[str, object]:
    """Return one event as plain JSON data (for subject-access bundles)."""
    return {
        "id": event.id,
        "at": event.at.isoformat(),
        "action": event.action,
        "client_id": event.client_id,
        "visit_id": event.visit_id,
        "actor": event.actor,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def verify_chain(db: Database, *, max_problems: int = 10) -> list[str]:
    """Recompute the chain and return plain-English problems (an empty list: intact).

    The first problem names the first row that was edited, removed or inserted out of turn.
    After a break the check carries on from the stored hash, so independent breaks further on
    are reported too (up to ``max_problems``).
    """
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    expected_id = 1
    for row in db.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id"):
        row_id, at, action, client_id, visit_id, actor, detail, prev, stored = row
        if row_id != expected_id:
            problems.append(
                f"audit row {expected_id} is missing (the log jumps from row "
                f"{expected_id - 1} to row {row_id})"
            )
        elif prev != expected_prev:
            problems.append(f"audit row {row_id} does not follow on from the row before it")
        if row_hash(row_id, at, action, client_id, visit_id, actor, detail, prev) != stored:
            problems.append(f"audit row {row_id} ({action}, {at}) was changed after it was written")
        if len(problems) >= max_problems:
            break
        expected_prev = stored
        expected_id = row_id + 1
    return problems[:max_problems]
