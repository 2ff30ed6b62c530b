"""Backups through SQLite's online backup API (never a file copy of the live database), verified.

A plain copy of a live database can miss the rows still in its write-ahead log or catch it
half-written; ``Connection.backup()`` copies a consistent snapshot page by page. Every backup
is written under a temporary name, checked (:func:`verify_backup`: integrity, foreign keys,
application id, known migrations, audit chain, row counts equal to the source's), given a
fingerprint (:mod:`glutedesk.storage.fingerprint`) and only then renamed into place, so a file
named like a backup is always a good one. Each backup then also goes to the second backup
place when one is chosen and reachable (:mod:`glutedesk.storage.second_place`).

The other parts live beside this module and stay importable from here: file names, listing
and rotation (:mod:`~glutedesk.storage.backup_files`), the check
(:mod:`~glutedesk.storage.backup_check`) and the restore (:mod:`~glutedesk.storage.restore`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage import cipher
from glutedesk.storage.audit import record_event
from glutedesk.storage.backup_check import BackupCheck, table_counts, verify_backup
from glutedesk.storage.backup_files import (
    DEFAULT_KEEP,
    SIDE_FILES,
    backup_stem,
    backup_time,
    clean_stale_partials,
    default_backup_dir,
    free_name,
    fsync_dir,
    is_manual,
    list_backups,
    local_time,
    make_private_dir,
    move_aside,
    partial_name,
    remove_quietly,
    rotate_backups,
)
from glutedesk.storage.database import StorageError, open_database
from glutedesk.storage.errors import DiskFullError, storage_error_for, write_errors
from glutedesk.storage.fingerprint import (
    file_sha256,
    fingerprint_status,
    record_fingerprint,
    sidecar_path,
)
from glutedesk.storage.second_place import SecondPlaceResult, copy_to_second_place

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glutedesk.storage.restore import BackupChanged, RestoreResult, restore_database

__all__ = [
    "DEFAULT_KEEP",
    "PAGES_PER_STEP",
    "SIDE_FILES",
    "BackupChanged",
    "BackupCheck",
    "BackupError",
    "BackupOutcome",
    "Progress",
    "RestoreResult",
    "backup_database",
    "backup_if_due",
    "backup_stem",
    "backup_time",
    "default_backup_dir",
    "fsync_dir",
    "is_manual",
    "list_backups",
    "make_backup",
    "move_aside",
    "newest_good_backup",
    "record_fingerprint",
    "restore_database",
    "rotate_backups",
    "table_counts",
    "verify_backup",
]

PAGES_PER_STEP = 256

Progress = Callable[[int, int], None]
"""Called as ``progress(pages_done, pages_total)`` while a backup or restore copies pages."""


class BackupError(StorageError):
    """A backup could not be made or used; the live database was not changed."""


@dataclass(frozen=True)
class BackupOutcome:
    """A backup made by :func:`make_backup`, its check, and what happened at the second place."""

    path: Path
    check: BackupCheck
    second: SecondPlaceResult | None


def backup_database(
    source: Database | Path,
    to_dir: Path,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    manual: bool = False,
) -> Path:
    """Back up ``source`` (an open database or a database file) into ``to_dir``; return the file.

    The file is named ``<stem>-backup-YYYYMMDD-HHMMSS.sqlite3`` (local time; ``-manual`` before
    ``.sqlite3`` when ``manual``, which rotation never deletes), verified against the source's
    row counts and fingerprinted before it gets that name, and the backup is logged in the
    source's audit trail. The folder is created (owner-only) if missing. Raises
    :class:`BackupError` (or :class:`DiskFullError`) with nothing left behind on failure.
    """
    if not isinstance(source, (str, os.PathLike)):  # an open database
        return _backup_open(source, _db_file(source), Path(to_dir), now, progress, manual)
    db = open_database(Path(source), create=False)
    try:
        return _backup_open(db, Path(source), Path(to_dir), now, progress, manual)
    finally:
        db.close()


def _backup_open(
    db: Database,
    db_path: Path | None,
    to_dir: Path,
    now: dt.datetime | None,
    progress: Progress | None,
    manual: bool,
) -> Path:
    stamp = local_time(now)
    stem = backup_stem(db_path) if db_path else "glutedesk"
    try:
        make_private_dir(to_dir)
    except OSError as exc:
        raise BackupError(f"Cannot create the backup folder {to_dir}: {exc.strerror}") from None
    clean_stale_partials(to_dir, stem)
    final = free_name(to_dir, stem, stamp, manual=manual)
    tmp = partial_name(final)
    try:
        counts = copy_database(db.conn, tmp, progress, read_counts=True)
        check = verify_backup(tmp, expected_counts=counts)
        if not check.ok:
            raise BackupError(f"The backup failed its check ({check.problems[0]}); not kept.")
        record_fingerprint(tmp, file_sha256(tmp), name=final.name)
        os.replace(tmp, final)
        fsync_dir(to_dir)
    except BaseException as exc:
        remove_quietly(tmp)
        if not final.exists():
            remove_quietly(sidecar_path(final))
        if isinstance(exc, OSError):
            raise os_error("back up", final, exc) from None
        raise
    # The backup is good whatever happens next; a database another program holds (or a
    # read-only one) just cannot log it.
    with contextlib.suppress(StorageError, sqlite3.OperationalError), write_errors("log it"):
        record_event(db, "backup", detail=final.name)
    return final


def make_backup(
    db: Database,
    to_dir: Path | None = None,
    *,
    manual: bool = True,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> BackupOutcome:
    """Back up ``db`` (by default a manual backup into its backup folder) and to the second place.

    Returns the backup, its check, and the second place's result (None when none is chosen).
    """
    db_path = _db_file(db)
    if to_dir is None:
        if db_path is None:
            raise BackupError("An in-memory database has no backup folder; pass one.")
        to_dir = default_backup_dir(db_path)
    made = backup_database(db, to_dir, now=now, progress=progress, manual=manual)
    second = copy_to_second_place(db, made, now=now)
    return BackupOutcome(made, verify_backup(made), second)


def backup_if_due(
    db: Database | Path,
    backup_dir: Path | None = None,
    now: dt.datetime | None = None,
    *,
    keep: int = DEFAULT_KEEP,
) -> Path | None:
    """Make the automatic backup if one is due; return it (None when none was needed).

    A backup is due when there is none from today, or when anything was recorded since the
    newest one (manual ones count). Older automatic backups are then rotated
    (:func:`rotate_backups`); manual ones are never deleted. The backup also goes to the
    second place; when none was due, the newest backup is copied there if it is missing.
    Called when the app closes and once an hour while it runs.
    """
    if isinstance(db, (str, os.PathLike)):  # a database file
        database = open_database(Path(db), create=False)
        try:
            return backup_if_due(database, backup_dir or default_backup_dir(Path(db)), now)
        finally:
            database.close()
    db_path = _db_file(db)
    if backup_dir is None:
        if db_path is None:
            raise BackupError("An in-memory database has no backup folder; pass one.")
        backup_dir = default_backup_dir(db_path)
    stem = backup_stem(db_path) if db_path else "glutedesk"
    stamp = local_time(now)
    newest = next(iter(list_backups(backup_dir, stem)), None)
    if newest is not None and backup_time(newest).date() == stamp.date():  # type: ignore[union-attr]  # listed: dated
        check = verify_backup(newest)
        live = db.execute("SELECT coalesce(max(id), 0) FROM audit_log WHERE action != 'backup'")
        if check.ok and live.fetchone()[0] <= check.last_audit_id:
            copy_to_second_place(db, newest, now=now, keep=keep)
            return None
    made = backup_database(db, backup_dir, now=stamp)
    rotate_backups(backup_dir, stem, keep)
    copy_to_second_place(db, made, now=now, keep=keep)
    return made


def newest_good_backup(backup_dir: Path, stem: str) -> tuple[Path, BackupCheck] | None:
    """Return the newest backup of ``stem`` that passes :func:`verify_backup`, or None.

    A backup whose bytes changed since GluteDesk wrote it is never offered here.
    """
    for path in list_backups(backup_dir, stem):
        check = verify_backup(path)
        if check.ok and fingerprint_status(path) != "changed":
            return path, check
    return None


def copy_database(
    source: sqlite3.Connection, target: Path, progress: Progress | None, *, read_counts: bool
) -> dict[str, int]:
    """Copy ``source`` into a new file ``target`` (rollback journal, so one file); return counts.

    Counting and copying happen inside one read transaction, so the counts describe exactly
    the snapshot copied even if another connection writes meanwhile. ``target`` is owner-only.
    """
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    dest = cipher.connect_like(source, target)
    counts: dict[str, int] = {}
    began = False
    try:
        if read_counts and not source.in_transaction:
            source.execute("BEGIN")
            began = True
        if read_counts:
            counts = table_counts(source)

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        try:
            source.backup(dest, pages=PAGES_PER_STEP, progress=step)
            dest.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.DatabaseError as exc:
            clear = storage_error_for(exc, "back up")
            if clear is None:
                raise BackupError(f"The backup could not be written: {exc}") from None
            raise clear from None
    finally:
        if began:
            source.execute("COMMIT")
        dest.close()
    return counts


def os_error(what: str, path: Path, exc: OSError) -> StorageError:
    """Return the clear error for a failed file operation while trying to ``what``."""
    if exc.errno == errno.ENOSPC:
        return DiskFullError(f"Could not {what}: the disk is full. Free some space and try again.")
    return BackupError(f"Could not {what} ({path}): {exc.strerror or exc}")


def _db_file(db: Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def __getattr__(name: str) -> object:
    # The restore lives in its own module, which imports this one; re-exported lazily.
    if name in ("restore_database", "RestoreResult", "BackupChanged"):
        from glutedesk.storage import restore

        return getattr(restore, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
