"""Erasure that leaves nothing behind: the rows, the search index, free pages, drafts, partials.

Deleting rows is not enough for a right-to-erasure request. SQLite keeps deleted text in free
pages, in the ``-wal`` (every earlier version of every changed page) and in the full-text
index's old segments; a crash leaves half-written drafts and ``*.partial`` backups beside the
clinic. :func:`erase_everywhere` therefore:

1. deletes the client in one transaction with ``PRAGMA secure_delete = ON`` (freed content is
   overwritten with zeros) and rebuilds the name index from what is left;
2. runs ``VACUUM`` (free pages written by earlier edits, before secure delete was on, vanish;
   the name index is rebuilt again if the vacuum renumbered rows);
3. truncates the ``-wal`` with ``wal_checkpoint(TRUNCATE)``. When another program holds a read
   open, the checkpoint cannot finish: the old pages stay in the ``-wal`` and the main file
   until that program lets go, and the report says so instead of claiming success;
4. deletes the client's drafts and every partial file, and lists the other files in the
   clinic's folder and the backups that still hold the client (see
   :mod:`glutedesk.storage.backup_erasure`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.domain.counts import plural
from glutedesk.domain.ids import ClientId
from glutedesk.storage.audit import record_event
from glutedesk.storage.backup import default_backup_dir
from glutedesk.storage.backup_erasure import BackupHolding, backups_holding, holds_client
from glutedesk.storage.changes import Changes
from glutedesk.storage.clients import ClientNotFound
from glutedesk.storage.drafts import database_file, drafts_dir, remove_client_drafts
from glutedesk.storage.errors import StorageError, write_errors

if TYPE_CHECKING:
    from sqlite_utils import Database


class ErasureRefused(StorageError):
    """An erasure was not carried out (no reason given, unknown client); nothing changed."""


@dataclass(frozen=True)
class Checkpoint:
    """The outcome of ``wal_checkpoint(TRUNCATE)``: ``complete`` when the ``-wal`` is empty."""

    complete: bool
    wal_frames: int
    copied_frames: int


@dataclass(frozen=True)
class ErasureReport:
    """What :func:`erase_everywhere` did and what still holds the client.

    ``cleared`` is True only when the live database file and its ``-wal`` no longer hold the
    client's data; when False, ``pending`` says what remains and when it will be cleared.
    """

    client_id: ClientId
    visits: int
    checkpoint: Checkpoint
    removed_files: tuple[Path, ...] = ()
    other_copies: tuple[Path, ...] = ()
    backups: tuple[BackupHolding, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def cleared(self) -> bool:
        return self.checkpoint.complete and not self.problems

    @property
    def changes(self) -> Changes:
        return Changes(clients=frozenset({self.client_id}))


def erase_client(db: Database, client_id: str, reason: str, *, actor: str | None = None) -> Changes:
    """Erase a client and everything recorded about them, signed visits and amendments too.

    Call only after the therapist has confirmed. The erasure is one transaction, logged in the
    audit trail with the client's id and ``reason`` (no name); the audit rows themselves stay.
    Freed pages are overwritten, the database is vacuumed and the write-ahead log truncated
    where no other program prevents it: use :func:`erase_everywhere` to learn whether it could,
    and to clear drafts and partial files too.
    """
    _erase_rows(db, client_id, reason, actor)
    clear_free_space(db)
    checkpoint(db)
    return Changes(clients=frozenset({ClientId(client_id)}))


def erase_everywhere(
    db: Database,
    client_id: str,
    reason: str,
    *,
    actor: str | None = None,
    backup_dirs: tuple[Path, ...] | None = None,
    second_places: tuple[Path, ...] = (),
    today: dt.date | None = None,
) -> ErasureReport:
    """Erase a client from the clinic, its drafts and partial files; report what still holds them.

    ``backup_dirs`` are the rotated backup folders searched (default: the clinic's own);
    ``second_places`` are folders backups are also copied to, which rotation does not reach.
    Backups are never changed here; see
    :func:`glutedesk.storage.backup_erasure.purge_backups`.
    """
    path = database_file(db)
    folders = backup_dirs
    if folders is None:
        folders = (default_backup_dir(path),) if path is not None else ()
    holding = backups_holding(
        list(folders), client_id, today=today, second_places=list(second_places)
    )
    visits = _erase_rows(db, client_id, reason, actor)
    problems: list[str] = []
    removed: list[Path] = []
    try:
        clear_free_space(db)
    except StorageError as exc:
        problems.append(f"the free space could not be cleared ({exc})")
    state = checkpoint(db)
    others: list[Path] = []
    if path is not None:
        try:
            removed += remove_client_drafts(drafts_dir(path), client_id)
            removed += remove_partials(path, folders)
        except OSError as exc:
            problems.append(f"a draft or partial file could not be deleted ({exc})")
        others = [p for p in set_aside_copies(path) if holds_client(p, client_id)]
    return ErasureReport(
        ClientId(client_id),
        visits,
        state,
        tuple(removed),
        tuple(others),
        tuple(holding),
        tuple(problems),
    )


def _erase_rows(db: Database, client_id: str, reason: str, actor: str | None) -> int:
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
            # Rebuilt from the remaining clients, so the erased name's tokens leave the index
            # rather than being masked by a delete marker in an old segment.
            db.execute("INSERT INTO clients_fts (clients_fts) VALUES ('rebuild')")
            record_event(
                db,
                "erase",
                client_id=client_id,
                actor=actor,
                detail=f"{plural(visits[0], 'visit')} erased; reason: {reason}",
            )
    finally:
        db.execute(f"PRAGMA secure_delete = {int(previous)}")
    return int(visits[0])


def clear_free_space(db: Database) -> None:
    """Rewrite the database without free pages (``VACUUM``), keeping the name index in step.

    Earlier edits made without ``secure_delete`` may have left old text in free pages; VACUUM
    writes a fresh copy of only the live rows. VACUUM may renumber the clients' hidden rowids,
    which the name index refers to, so the index is rebuilt when they changed.
    """
    if db.conn.in_transaction:
        return  # VACUUM cannot run inside a transaction; the caller's commit comes first
    before = db.execute("SELECT rowid, id FROM clients ORDER BY rowid").fetchall()
    with write_errors("clear the free space"):
        db.execute("VACUUM")
        after = db.execute("SELECT rowid, id FROM clients ORDER BY rowid").fetchall()
        if after != before:
            with db.atomic():
                db.execute("INSERT INTO clients_fts (clients_fts) VALUES ('rebuild')")


def checkpoint(db: Database) -> Checkpoint:
    """Copy the ``-wal`` into the database file and empty it; report whether that completed.

    Another connection in the middle of a read keeps the old pages it may still need: then
    the checkpoint stops short (after the busy timeout) and ``complete`` is False.
    """
    try:
        busy, frames, copied = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:  # locked by another writer: report, never raise
        return Checkpoint(False, -1, -1)
    if frames == -1:  # not in WAL mode (an in-memory database): nothing to truncate
        return Checkpoint(True, 0, 0)
    return Checkpoint(busy == 0 and frames == 0, int(frames), int(copied))


def remove_partials(db_path: Path, backup_dirs: tuple[Path, ...] | list[Path]) -> list[Path]:
    """Delete the half-written backups (``*.partial``) beside the clinic and in its backups.

    A ``.partial`` file is a copy of the whole clinic interrupted before it was checked, so
    nothing ever restores from it; rotation does not see it. Returns the files deleted.
    """
    db_path = Path(db_path)
    removed: list[Path] = []
    places = [(db_path.parent, db_path.name)] + [(Path(d), "") for d in backup_dirs]
    for folder, prefix in places:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            name = path.name
            if name.endswith(".partial") and name.startswith(prefix) and path.is_file():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def set_aside_copies(db_path: Path) -> list[Path]:
    """Return the other copies of the clinic beside it (``.replaced-*``, ``.corrupt-*``...).

    Restores and the start-up check move a database aside instead of deleting it; such a copy
    holds every client it held then. Side files (``-wal``, ``-shm``) are not listed apart.
    """
    db_path = Path(db_path)
    found = []
    for path in sorted(db_path.parent.glob(f"{db_path.name}.*")):
        name = path.name
        if path.is_file() and not name.endswith(("-wal", "-shm", "-journal", ".partial", ".lock")):
            found.append(path)
    return found
