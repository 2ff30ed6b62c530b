"""Has the audit trail lost entries at its end? Compare it with its anchor and the backups.

The hash chain shows an edited, removed or inserted row anywhere but at the end: removing
the newest rows, or every row, leaves a chain that still verifies. Two witnesses outside the
log catch that: the anchor file beside the database (:mod:`glutedesk.storage.audit_anchor`)
and the newest backups, each a full copy of the clinic with its own audit log. A backup
whose log runs past the live head, and agrees with the live log up to it, shows the live
log was cut short. A restore writes its own event, so an older backup's history diverging
from the live one is not mistaken for this.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage import cipher
from glutedesk.storage.audit_anchor import (
    AnchorEmpty,
    AnchorUnreadable,
    AuditAnchor,
    anchor_path,
    audit_head,
    database_file,
    read_anchor,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

BACKUPS_COMPARED = 3


@dataclass
class TrailFindings:
    """Problems (``check`` fails) and notes (shown, not failing) about the trail's end."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def trail_findings(db: Database, db_path: Path | None = None) -> TrailFindings:
    """Compare the live audit trail's head with its anchor file and the newest backups."""
    found = TrailFindings()
    db_path = db_path or database_file(db)
    if db_path is None:
        return found
    head = audit_head(db)
    live_id = head.id if head else 0
    _check_anchor(db, db_path, live_id, found)
    backup_line = _check_backups(db, db_path, live_id, head.hash if head else None)
    if backup_line:
        found.problems.append(backup_line)
    return found


def _check_anchor(db: Database, db_path: Path, live_id: int, found: TrailFindings) -> None:
    path = anchor_path(db_path)
    try:
        anchor = read_anchor(path)
    except AnchorEmpty:
        found.notes.append(
            f"the audit anchor beside the database ({path.name}) is empty, as a power cut "
            "while it was written can leave it: it is rewritten with the next recorded event"
        )
        return
    except AnchorUnreadable as exc:
        found.problems.append(f"the audit anchor beside the database ({path.name}) {exc}")
        return
    if anchor is None:
        if live_id:
            found.notes.append(
                f"no audit anchor beside the database yet ({path.name}; an older clinic or a "
                "copied file): it is written with the next recorded event"
            )
        return
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [anchor.id]).fetchone()
    if (row is None or row[0] != anchor.hash) and (replaced := _replaced_holding(db_path, anchor)):
        found.notes.append(
            f"the audit anchor beside the database records entry {anchor.id} of the clinic a "
            f"restore replaced ({replaced}), which still holds it: it is rewritten with the next "
            "recorded event"
        )
        return
    if live_id < anchor.id:
        if live_id == 0:
            found.problems.append(
                f"the audit trail is empty, but its anchor beside the database records "
                f"{anchor.id} entries: the log was emptied"
            )
        else:
            lost = anchor.id - live_id
            what = "entry was" if lost == 1 else f"{lost} entries were"
            found.problems.append(
                f"the audit trail ends at entry {live_id}, but its anchor beside the database "
                f"records entry {anchor.id}: the newest {what} removed"
            )
        return
    if row is None:
        found.problems.append(
            f"audit entry {anchor.id}, recorded in the anchor beside the database, is missing"
        )
    elif row[0] != anchor.hash:
        found.problems.append(
            f"audit entry {anchor.id} is not the one anchored beside the database: the log "
            "was rewritten"
        )


def _replaced_holding(db_path: Path, anchor: AuditAnchor) -> str:
    """Return the name of a file a restore moved aside that holds the anchored entry ("" if none).

    A restore moves the live file aside as ``<name>.replaced-<time>``; when the anchor still
    describes that file, the live trail is not cut short, it is a different (restored) one.
    """
    side = ("-wal", "-shm", "-journal")
    candidates = sorted(db_path.parent.glob(f"{db_path.name}.replaced-*"), reverse=True)
    for path in (p for p in candidates if not p.name.endswith(side) and p.is_file()):
        try:
            conn = cipher.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            continue
        try:
            row = conn.execute("SELECT hash FROM audit_log WHERE id = ?", [anchor.id]).fetchone()
            if row is not None and row[0] == anchor.hash:
                return path.name
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return ""


def _check_backups(db: Database, db_path: Path, live_id: int, live_hash: str | None) -> str:
    from glutedesk.storage.backup import backup_stem, default_backup_dir, list_backups

    backups = list_backups(default_backup_dir(db_path), backup_stem(db_path))
    for backup in backups[:BACKUPS_COMPARED]:
        try:
            conn = cipher.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error:
            continue
        try:
            row = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()
            newest = row[0]
            if newest <= live_id:
                continue
            if live_id:
                same = conn.execute("SELECT hash FROM audit_log WHERE id = ?", [live_id])
                agreed = same.fetchone()
                if agreed is None or agreed[0] != live_hash:
                    continue  # a different history (a restore since), not a cut-short one
            where = f"ends at entry {live_id}" if live_id else "is empty"
            return (
                f"the audit trail {where}, but backup {backup.name} holds entries up to "
                f"{newest} that agree with it: the newest entries were removed from the log"
            )
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return ""
