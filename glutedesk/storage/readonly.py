"""Reading a database that cannot be written: a read-only file, folder or drive.

SQLite needs more than read access to the file to read a database in write-ahead-log mode: it
reads committed pages from the ``-wal`` and keeps an index of them in the ``-shm``. So:

- without a ``-wal`` (or with an empty one) the main file holds everything, and it is opened
  with ``immutable=1``, which reads it without creating any file beside it;
- with a ``-wal`` it is opened ``mode=ro`` (never ``immutable=1``, which would ignore the log
  and lose the changes in it); SQLite uses an existing ``-shm`` even on a read-only drive;
- with a ``-wal`` but no ``-shm`` in a folder where none can be created, SQLite cannot read
  the log in place, so the file and its log are copied into a private (owner-only) temporary
  folder and that copy is read. Nobody can be writing to a file on read-only media, so the
  copy is exactly what is on the disk.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from glutedesk.storage import cipher

_snapshots: list[Path] = []


def side_file(path: Path, suffix: str) -> Path:
    """Return ``path`` with ``suffix`` (``-wal``, ``-shm``) appended to its name."""
    path = Path(path)
    return path.with_name(path.name + suffix)


def has_hot_wal(path: Path) -> bool:
    """Whether ``path`` has a non-empty ``-wal`` (committed pages not yet in the main file)."""
    wal = side_file(path, "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _on_read_only_drive(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def read_only_reason(path: Path) -> str | None:
    """Return why the database at ``path`` cannot be written, or None when it can.

    Looks at the drive (mounted read-only), the file's permissions and the folder's (SQLite
    must be able to create the ``-wal`` and ``-shm`` beside the file). Only the file system
    is asked; the database is not opened.
    """
    path = Path(path)
    folder = path.parent
    if _on_read_only_drive(path if path.exists() else folder):
        return f"the drive holding {folder} is mounted read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only (its permissions do not allow saving)"
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        sides = [side_file(path, s) for s in ("-wal", "-shm")]
        if not all(p.exists() and os.access(p, os.W_OK) for p in sides):
            return (
                f"its folder {folder} is read-only, so GluteDesk cannot create the log files it "
                "saves through"
            )
    return None


def connect_read_only(path: Path) -> Any:
    """Open ``path`` for reading only, together with its ``-wal``; change nothing beside it.

    Raises ``sqlite3.Error`` when SQLite cannot read the file at all.
    """
    path = Path(path).resolve()
    uri = f"{path.as_uri()}?mode=ro"
    if not has_hot_wal(path):
        return cipher.connect(uri + "&immutable=1", uri=True)
    try:
        conn = cipher.connect(uri, uri=True)
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            raise
        return _connect_snapshot(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc):
            raise
        return _connect_snapshot(path)
    return conn


def is_snapshot(conn: Any) -> bool:
    """Whether ``conn`` reads a private copy made by :func:`connect_read_only`."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return bool(row and row[2]) and any(Path(row[2]).is_relative_to(s) for s in _snapshots)


def _connect_snapshot(path: Path) -> Any:
    folder = Path(tempfile.mkdtemp(prefix="glutedesk-readonly-"))  # created 0700
    _snapshots.append(folder)
    copy = folder / path.name
    for suffix in ("", "-wal"):
        target = side_file(copy, suffix)
        shutil.copyfile(side_file(path, suffix), target)
        os.chmod(target, 0o600)
    conn = cipher.connect(copy)  # replays the log into the copy's own index
    conn.execute("PRAGMA query_only = ON")
    return conn


@atexit.register
def _remove_snapshots() -> None:
    for folder in _snapshots:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
