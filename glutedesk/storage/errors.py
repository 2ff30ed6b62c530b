"""Write failures the therapist can act on, as clear one-line :class:`StorageError` subclasses.

SQLite reports a full disk, a lock held by another program and a read-only file as
``sqlite3.OperationalError`` with terse English text. A full disk does not always read "disk is
full": when the write-ahead log or its index cannot grow, SQLite says "disk I/O error". Such an
error is called a full disk when the drive holding the database (or an open database of this
process) has no free space left. :func:`write_errors` turns those into
:class:`DiskFullError`, :class:`DatabaseLockedError` and :class:`ReadOnlyDatabaseError` after the
transaction has been rolled back, so the caller knows nothing was stored and can retry.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from glutedesk.storage.database import (
    CorruptDatabaseError,
    ReadOnlyDatabaseError,
    StorageError,
    opened_paths,
)

FULL_BELOW_BYTES = 256 * 1024  # less free space than this cannot hold one more save

# What a save or read can raise: the layers above catch these without importing sqlite3.
DATABASE_FAILURES: tuple[type[Exception], ...] = (sqlite3.Error, StorageError)
# SQLite could not read the file's pages (damage the quick checks did not see).
READ_FAILURES: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)

__all__ = [
    "DATABASE_FAILURES",
    "READ_FAILURES",
    "CorruptDatabaseError",
    "DatabaseLockedError",
    "DiskFullError",
    "ReadOnlyDatabaseError",
    "SigningError",
    "StorageError",
    "VisitSigned",
    "disk_full_error",
    "disk_is_full",
    "storage_error_for",
    "write_errors",
]


class DiskFullError(StorageError):
    """The disk (or the database's size limit) is full; nothing was written."""


class DatabaseLockedError(StorageError):
    """Another program or window holds the database; nothing was written."""


class VisitSigned(StorageError):
    """The visit is signed: it cannot be changed or deleted, only amended."""


class SigningError(StorageError):
    """A signature or amendment was refused (already signed, blank reason, unknown visit)."""


def disk_is_full(path: Path) -> bool:
    """Whether the drive holding ``path`` (or its nearest existing folder) has no room left."""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        stat = os.statvfs(path)
    except (OSError, AttributeError):  # no statvfs on Windows: cannot tell
        return False
    return stat.f_bavail * stat.f_frsize < FULL_BELOW_BYTES


def disk_full_error(what: str = "save") -> DiskFullError:
    """The clear message for a full disk while trying to ``what``."""
    return DiskFullError(
        f"Could not {what}: the disk is full. Free some space (empty the bin, move large "
        f"files), then {what} again. Nothing was half-written."
    )


def storage_error_for(
    exc: sqlite3.Error | OSError, what: str = "save", *, path: Path | None = None
) -> StorageError | None:
    """Return the clear error for a SQLite (or file) failure while trying to ``what``, or None.

    None means the failure is not one of the kinds the therapist can fix (a bug, a constraint);
    the caller should let the original exception through. ``path`` is the file being written;
    a "disk I/O error" counts as a full disk when its drive, or that of any database this
    process opened, is full.
    """
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return disk_full_error(what)
        if exc.errno == errno.EROFS:
            return ReadOnlyDatabaseError(
                f"Could not {what}: the drive is read-only ({exc.filename or path})."
            )
        return None
    text = str(exc).lower()
    if "database or disk is full" in text or "disk is full" in text:
        return disk_full_error(what)
    if "disk i/o error" in text and _any_full([path] if path else [], opened_paths()):
        return disk_full_error(what)
    if "database is locked" in text or "database table is locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"Could not {what}: the database is in use by another program or GluteDesk window. "
            f"Close it, then {what} again."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDatabaseError(
            f"Could not {what}: the database file is read-only (check the file's permissions or "
            f"that the drive is not write-protected), then {what} again."
        )
    if "disk i/o error" in text:
        return StorageError(
            f"Could not {what}: the disk reported an error. Check the drive, then {what} again."
        )
    if "malformed" in text or "not a database" in text:
        return CorruptDatabaseError(
            f"Could not {what}: the database file is damaged. Close GluteDesk and reopen it to "
            "restore a backup."
        )
    return None


@contextmanager
def write_errors(what: str = "save") -> Iterator[None]:
    """Turn SQLite's disk-full, locked and read-only failures inside the block into clear errors.

    Use it outside ``db.atomic()`` so the transaction is already rolled back when the clear
    error is raised: ``with write_errors(), db.atomic(): ...``.
    """
    try:
        yield
    except sqlite3.OperationalError as exc:
        clear = storage_error_for(exc, what)
        if clear is None:
            raise
        raise clear from exc
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError):
            raise
        clear = storage_error_for(exc, what)
        if clear is None:
            raise
        raise clear from exc


def _any_full(*groups: Iterable[Path]) -> bool:
    return any(disk_is_full(p) for group in groups for p in group)
