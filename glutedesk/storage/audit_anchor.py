"""The audit trail's head, anchored outside the log in a small file beside the database.

Deleting the newest audit rows, or all of them, leaves a chain that still verifies; the
anchor file ``<database>.audit-head`` remembers the newest committed entry (its id and hash)
so ``glutedesk check`` can tell. It is rewritten (owner-only, temp file and rename) after
each commit that added an audit event. A crash between the commit and the rename leaves the
anchor one entry behind, so a log longer than its anchor is fine; a log whose head is older
than the anchor, or whose anchored row is missing or different, is not.

:class:`~glutedesk.storage.anchored_database.AnchoredDatabase` (the class every GluteDesk
connection uses) knows when a transaction really committed; with a plain sqlite-utils
``Database`` the anchor is written when the event is not inside a caller's transaction, and
otherwise catches up later.
"""

from __future__ import annotations

import contextlib
import json
import os
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage.private_files import replace_whole

if TYPE_CHECKING:
    from sqlite_utils import Database

ANCHOR_SUFFIX = ".audit-head"
ANCHOR_FORMAT = "glutedesk-audit-head/1"

_pending: weakref.WeakSet[Database] = weakref.WeakSet()


@dataclass(frozen=True)
class AuditAnchor:
    """The newest audit entry as the anchor file recorded it."""

    id: int
    hash: str


class AnchorUnreadable(Exception):
    """The anchor file exists but does not hold a GluteDesk audit head."""


class AnchorEmpty(AnchorUnreadable):
    """The anchor file is empty, as a power cut right after writing it can leave it."""


def discard_pending(db: Database) -> None:
    """Forget a pending anchor of ``db`` (its transaction was rolled back)."""
    _pending.discard(db)


def database_file(db: Database) -> Path | None:
    """Return the file behind ``db``'s main schema (None for an in-memory database)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def anchor_path(db_path: Path) -> Path:
    """Return the anchor file of the database at ``db_path``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ANCHOR_SUFFIX)


def audit_head(db: Database) -> AuditAnchor | None:
    """Return the newest row of ``db``'s audit log (None when the log is empty)."""
    row = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return AuditAnchor(row[0], row[1]) if row else None


def audit_written(db: Database) -> None:
    """Note that an audit event was added; anchor it now if it is already committed."""
    _pending.add(db)
    if not db.conn.in_transaction:
        flush_anchor(db)


def flush_anchor(db: Database) -> None:
    """Write the committed audit head of ``db`` to its anchor file, if an event is pending.

    Failing to write the anchor (a read-only folder, a full disk) never fails the save that
    came before it: the anchor then lags, which ``glutedesk check`` accepts.
    """
    if db not in _pending or db.conn.in_transaction:
        return
    _pending.discard(db)
    path = database_file(db)
    head = audit_head(db)
    if path is None or head is None:
        return
    with contextlib.suppress(OSError):
        write_anchor(anchor_path(path), head)


def reanchor(db: Database) -> None:
    """Anchor ``db``'s committed audit head now, whether or not an event is pending.

    For code that replaces a clinic's file (a restore) and may not log a new event on it.
    """
    _pending.add(db)
    flush_anchor(db)


def write_anchor(path: Path, head: AuditAnchor) -> None:
    """Replace the anchor file at ``path`` with ``head`` (owner-only, temp file and rename).

    No fsync: it doubled the cost of a save, and a power cut can at worst bring back an older
    anchor (accepted as lagging) or, on some file systems, leave it empty (a note in check).
    """
    data = json.dumps({"format": ANCHOR_FORMAT, "id": head.id, "hash": head.hash}) + "\n"
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    replace_whole(path, data.encode("ascii"), temp, durable=False)


def read_anchor(path: Path) -> AuditAnchor | None:
    """Return the anchored head in ``path`` (None when there is no anchor file).

    Raises :class:`AnchorUnreadable` when the file is there but is not a valid anchor
    (:class:`AnchorEmpty` when it is empty).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnchorUnreadable(f"cannot be read ({exc})") from None
    if not text:
        raise AnchorEmpty("is empty")
    try:
        data = json.loads(text)
        anchor = AuditAnchor(int(data["id"]), str(data["hash"]))
        valid = data.get("format") == ANCHOR_FORMAT
    except (ValueError, TypeError, KeyError, AttributeError):
        raise AnchorUnreadable("does not hold an audit head") from None
    if not valid or anchor.id < 1 or len(anchor.hash) != 64:
        raise AnchorUnreadable("does not hold an audit head")
    return anchor
