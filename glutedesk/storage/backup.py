"""Backups through SQLite's online backup API (never a file copy), verified, rotated, restored.

A plain copy of a live database can miss the rows still in its write-ahead log or catch it
half-written; ``Connection.backup()`` copies a consistent snapshot page by page. Every backup
is written under a temporary name, checked (:func:`verify_backup`: integrity, foreign keys,
application id, known migrations, audit chain, row counts equal to the source's) and only
then renamed into place, so a file named like a backup is always a good one.

A restore checks the backup first, copies it (again with the backup API) beside the live
file, and only then moves the live file and its ``-wal``/``-shm`` aside to
``<name>.replaced-<time>``; nothing is ever deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from glutedesk.storage.audit import record_event, verify_chain
from glutedesk.storage.database import (
    APPLICATION_ID,
    StorageError,
    open_database,
    wrap_connection,
)
from glutedesk.storage.errors import DiskFullError, storage_error_for, write_errors
from glutedesk.storage.migrations import MIGRATION_SET, known_migrations

DEFAULT_KEEP = 14
PAGES_PER_STEP = 256
SIDE_FILES = ("-wal", "-shm", "-journal")

Progress = Callable[[int, int], None]
"""Called as ``progress(pages_done, pages_total)`` while a backup or restore copies pages."""

_NAME = re.compile(r"^(?P<stem>.+)-backup-(?P<ts>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$")


class BackupError(StorageError):
    """A backup could not be made or used; the live database was not changed."""


@dataclass(frozen=True)
class BackupCheck:
    """What :func:`verify_backup` found: ``ok`` when there are no problems."""

    path: Path
    problems: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    migrations: tuple[str, ...] = ()
    last_audit_id: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore_database` did: the backup used and where the old files went."""

    restored_from: Path
    moved_aside: tuple[Path, ...]
    counts: dict[str, int]


def default_backup_dir(db_path: Path) -> Path:
    """Return the folder automatic backups of ``db_path`` go to (beside it, not created here)."""
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.stem}-backups"


def backup_stem(db_path: Path) -> str:
    """Return the name prefix that marks backups of ``db_path``."""
    return Path(db_path).stem


def backup_time(path: Path) -> dt.datetime | None:
    """Return the (local) time encoded in a backup's file name, or None if it is not a backup."""
    match = _NAME.match(Path(path).name)
    if not match:
        return None
    return dt.datetime.strptime(match["ts"], "%Y%m%d-%H%M%S")


def list_backups(backup_dir: Path, stem: str | None = None) -> list[Path]:
    """Return the backups in ``backup_dir`` (optionally only those of ``stem``), newest first."""
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.iterdir():
        match = _NAME.match(path.name)
        if match and (stem is None or match["stem"] == stem) and path.is_file():
            found.append((match["ts"], int(match["n"] or 1), path))
    return [p for _ts, _n, p in sorted(found, reverse=True)]


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Return the row count of every ordinary table (full-text index internals left out)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'clients_fts%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def backup_database(
    source: Database | Path,
    to_dir: Path,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Back up ``source`` (an open database or a database file) into ``to_dir``; return the file.

    The file is named ``<stem>-backup-YYYYMMDD-HHMMSS.sqlite3`` (local time), verified against
    the source's row counts before it gets that name, and the backup is logged in the source's
    audit trail. Raises :class:`BackupError` (or :class:`DiskFullError`) with nothing left
    behind on failure.
    """
    if isinstance(source, Database):
        return _backup_open(source, _db_file(source), Path(to_dir), now, progress)
    db = open_database(Path(source), create=False)
    try:
        return _backup_open(db, Path(source), Path(to_dir), now, progress)
    finally:
        db.close()


def _backup_open(
    db: Database,
    db_path: Path | None,
    to_dir: Path,
    now: dt.datetime | None,
    progress: Progress | None,
) -> Path:
    stamp = _local(now)
    stem = backup_stem(db_path) if db_path else "glutedesk"
    try:
        to_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the backup folder {to_dir}: {exc.strerror}") from None
    final = _free_name(to_dir, stem, stamp)
    tmp = final.with_name(final.name + ".partial")
    try:
        counts = _copy(db.conn, tmp, progress, read_counts=True)
        check = verify_backup(tmp, expected_counts=counts)
        if not check.ok:
            raise BackupError(f"The backup failed its check ({check.problems[0]}); not kept.")
        os.replace(tmp, final)
        fsync_dir(to_dir)
    except BaseException as exc:
        _remove_quietly(tmp)
        if isinstance(exc, OSError):
            raise _os_error("back up", final, exc) from None
        raise
    # The backup is good whatever happens next; a database another program holds (or a
    # read-only one) just cannot log it.
    with contextlib.suppress(StorageError, sqlite3.OperationalError), write_errors("log it"):
        record_event(db, "backup", detail=final.name)
    return final


def verify_backup(path: Path, *, expected_counts: dict[str, int] | None = None) -> BackupCheck:
    """Check a backup file without changing it; return what was found.

    Checks SQLite's integrity and foreign keys, GluteDesk's application id, that every schema
    migration in it is one this version knows, the audit chain, and (if given) that each
    table holds ``expected_counts`` rows.
    """
    path = Path(path)
    if not path.is_file():
        return BackupCheck(path, (f"{path} does not exist",))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return BackupCheck(path, (f"cannot open it: {exc}",))
    problems: list[str] = []
    counts: dict[str, int] = {}
    applied: tuple[str, ...] = ()
    last_audit = 0
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"it is damaged ({integrity[0]})")
            return BackupCheck(path, tuple(problems))
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            problems.append("some rows point to records that are missing (foreign keys)")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            problems.append("it is not a GluteDesk database")
            return BackupCheck(path, tuple(problems))
        applied = tuple(
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        )
        unknown = [m for m in applied if m not in known_migrations()]
        if unknown:
            problems.append(
                f"it was made by a newer GluteDesk (schema change {unknown[0]!r}); update first"
            )
        counts = table_counts(conn)
        if "audit_log" in counts:
            problems.extend(verify_chain(wrap_connection(conn)))
            last_audit = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        if expected_counts is not None:
            for table, expected in expected_counts.items():
                if counts.get(table) != expected:
                    problems.append(
                        f"table {table} has {counts.get(table)} rows, the source {expected}"
                    )
    except sqlite3.DatabaseError as exc:
        problems.append(f"it cannot be read ({exc})")
    finally:
        conn.close()
    return BackupCheck(path, tuple(problems), counts, applied, last_audit)


def rotate_backups(backup_dir: Path, stem: str, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Keep the newest backup of each of the ``keep`` most recent days; delete the rest.

    Only files named as backups of ``stem`` are considered. Returns the files removed.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    kept_days: list[dt.date] = []
    removed: list[Path] = []
    for path in list_backups(backup_dir, stem):
        day = backup_time(path).date()  # type: ignore[union-attr]
        if day not in kept_days and len(kept_days) < keep:
            kept_days.append(day)
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass  # a locked or vanished old backup is not worth an error
    return removed


def backup_if_due(
    db: Database | Path,
    backup_dir: Path | None = None,
    now: dt.datetime | None = None,
    *,
    keep: int = DEFAULT_KEEP,
) -> Path | None:
    """Make the automatic backup if one is due; return it (None when none was needed).

    A backup is due when there is none from today, or when anything was recorded since the
    newest one. Older backups are then rotated (:func:`rotate_backups`). Called when the app
    closes and once an hour while it runs.
    """
    if not isinstance(db, Database):
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
    stamp = _local(now)
    newest = next(iter(list_backups(backup_dir, stem)), None)
    if newest is not None and backup_time(newest).date() == stamp.date():  # type: ignore[union-attr]
        check = verify_backup(newest)
        live = db.execute("SELECT coalesce(max(id), 0) FROM audit_log WHERE action != 'backup'")
        if check.ok and live.fetchone()[0] <= check.last_audit_id:
            return None
    made = backup_database(db, backup_dir, now=stamp)
    rotate_backups(backup_dir, stem, keep)
    return made


def newest_good_backup(backup_dir: Path, stem: str) -> tuple[Path, BackupCheck] | None:
    """Return the newest backup of ``stem`` that passes :func:`verify_backup`, or None."""
    for path in list_backups(backup_dir, stem):
        check = verify_backup(path)
        if check.ok:
            return path, check
    return None


def move_aside(db_path: Path, label: str, now: dt.datetime | None = None) -> tuple[Path, ...]:
    """Rename a database file and its ``-wal``/``-shm``/``-journal`` to ``<name>.<label>-<time>``.

    The side files keep their suffix after the new name, so the moved database still opens
    with its log. Returns the new paths; nothing is deleted.
    """
    db_path = Path(db_path)
    aside = db_path.with_name(f"{db_path.name}.{label}-{_local(now):%Y%m%d-%H%M%S}")
    n = 2
    while aside.exists():
        aside = aside.with_name(f"{db_path.name}.{label}-{_local(now):%Y%m%d-%H%M%S}-{n}")
        n += 1
    moved: list[Path] = []
    for suffix in ("", *SIDE_FILES):
        source = db_path.with_name(db_path.name + suffix)
        if source.exists():
            target = aside.with_name(aside.name + suffix)
            os.replace(source, target)
            moved.append(target)
    return tuple(moved)


def restore_database(
    db_path: Path,
    backup: Path,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace the database at ``db_path`` with the backup ``backup``.

    The backup is verified first; a damaged, foreign or newer backup raises
    :class:`BackupError` before the live file is touched. The backup is then copied with the
    backup API to a temporary file beside the live one and checked again; only then is the
    live file (with its ``-wal``/``-shm``) moved aside to ``<name>.replaced-<time>`` and the
    copy renamed into its place. The restore is logged in the restored database's audit
    trail. The database must not be open anywhere while this runs.
    """
    db_path, backup = Path(db_path), Path(backup)
    check = verify_backup(backup)
    if not check.ok:
        raise BackupError(
            f"{backup.name} cannot be restored: {check.problems[0]}. Your database has not "
            "been changed."
        )
    tmp = db_path.with_name(db_path.name + ".restoring")
    for suffix in ("", *SIDE_FILES):
        _remove_quietly(tmp.with_name(tmp.name + suffix))
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            _copy(source, tmp, progress, read_counts=False)
        finally:
            source.close()
        copied = verify_backup(tmp, expected_counts=check.counts)
        if not copied.ok:
            raise BackupError(f"The restored copy failed its check ({copied.problems[0]}).")
    except BaseException as exc:
        _remove_quietly(tmp)
        if isinstance(exc, OSError):
            raise _os_error("restore", db_path, exc) from None
        raise
    moved = move_aside(db_path, "replaced", now)
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
    restored = open_database(db_path, create=False)
    try:
        record_event(restored, "restore", detail=f"from {backup.name}")
    finally:
        restored.close()
    return RestoreResult(backup, moved, check.counts)


def _copy(
    source: sqlite3.Connection, target: Path, progress: Progress | None, *, read_counts: bool
) -> dict[str, int]:
    """Copy ``source`` into a new file ``target`` (rollback journal, so one file); return counts.

    Counting and copying happen inside one read transaction, so the counts describe exactly
    the snapshot copied even if another connection writes meanwhile.
    """
    dest = sqlite3.connect(target)
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


def _db_file(db: Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def _local(now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now().astimezone()
    return now.astimezone().replace(tzinfo=None) if now.tzinfo else now


def _free_name(folder: Path, stem: str, stamp: dt.datetime) -> Path:
    base = f"{stem}-backup-{stamp:%Y%m%d-%H%M%S}"
    path = folder / f"{base}.sqlite3"
    n = 2
    while path.exists():
        path = folder / f"{base}-{n}.sqlite3"
        n += 1
    return path


def _os_error(what: str, path: Path, exc: OSError) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return DiskFullError(f"Could not {what}: the disk is full. Free some space and try again.")
    return BackupError(f"Could not {what} ({path}): {exc.strerror or exc}")


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make a rename or new file in ``folder`` durable where the platform allows (not Windows)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
