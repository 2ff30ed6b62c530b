"""Backup files on disk: their names, listing, rotation, leftovers, and durable renames.

A backup is named ``<stem>-backup-YYYYMMDD-HHMMSS[-N].sqlite3`` (automatic) or
``<stem>-backup-YYYYMMDD-HHMMSS[-N]-manual.sqlite3`` (made because the therapist asked). Rotation
deletes automatic backups only: a manual one is never removed by GluteDesk. While a backup is
written it is ``<final name>.<process id>.partial``; a partial file whose process is gone is a
leftover and is removed (:func:`clean_stale_partials`).

Standard library only, so :mod:`glutedesk.storage.database` can use it before anything opens.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
from pathlib import Path

from glutedesk.storage.fingerprint import remove_backup_file, sidecar_path

SIDE_FILES = ("-wal", "-shm", "-journal")
DEFAULT_KEEP = 14
LEGACY_PARTIAL_AGE_S = 3600

_NAME = re.compile(
    r"^(?P<stem>.+)-backup-(?P<ts>\d{8}-\d{6})(?:-(?P<n>\d+))?(?P<manual>-manual)?\.sqlite3$"
)
_PARTIAL = re.compile(
    r"^(?P<final>.+\.sqlite3)"
    r"(?:\.sha256\.(?P<tpid>\d+)\.tmp|(?:\.(?P<pid>\d+))?\.partial(?:-journal)?)$"
)


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


def stem_of(path: Path) -> str | None:
    """Return the database stem a backup file belongs to, or None if it is not a backup."""
    match = _NAME.match(Path(path).name)
    return match["stem"] if match else None


def is_manual(path: Path) -> bool:
    """Return True for a backup the therapist asked for (never deleted by rotation)."""
    match = _NAME.match(Path(path).name)
    return bool(match and match["manual"])


def list_backups(
    backup_dir: Path, stem: str | None = None, *, manual: bool | None = None
) -> list[Path]:
    """Return the backups in ``backup_dir``, newest first.

    ``stem`` keeps only one database's backups; ``manual`` (True or False) keeps only manual or
    only automatic ones.
    """
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.iterdir():
        match = _NAME.match(path.name)
        if not match or (stem is not None and match["stem"] != stem):
            continue
        if manual is not None and bool(match["manual"]) != manual:
            continue
        if path.is_file():
            found.append((match["ts"], int(match["n"] or 1), path))
    return [p for _ts, _n, p in sorted(found, reverse=True)]


def free_name(folder: Path, stem: str, stamp: dt.datetime, *, manual: bool = False) -> Path:
    """Return an unused backup name in ``folder`` for a backup made at ``stamp``."""
    base = f"{stem}-backup-{stamp:%Y%m%d-%H%M%S}"
    tail = "-manual" if manual else ""
    path = folder / f"{base}{tail}.sqlite3"
    n = 2
    while path.exists() or sidecar_path(path).exists():
        path = folder / f"{base}-{n}{tail}.sqlite3"
        n += 1
    return path


def partial_name(final: Path) -> Path:
    """Return the temporary name a backup is written under before it is checked."""
    return final.with_name(f"{final.name}.{os.getpid()}.partial")


def rotate_backups(backup_dir: Path, stem: str, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Keep the newest automatic backup of each of the ``keep`` most recent days; delete the rest.

    Only automatic backups of ``stem`` are considered: manual backups are never deleted. A
    removed backup's fingerprint goes with it. Returns the files removed.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    kept_days: list[dt.date] = []
    removed: list[Path] = []
    for path in list_backups(backup_dir, stem, manual=False):
        day = backup_time(path).date()  # type: ignore[union-attr]  # listed backups are dated
        if day not in kept_days and len(kept_days) < keep:
            kept_days.append(day)
            continue
        if remove_backup_file(path):
            removed.append(path)
    return removed


def clean_stale_partials(folder: Path, stem: str | None = None) -> list[Path]:
    """Remove half-written backups (``*.partial``, fingerprint ``*.tmp``) whose writer is gone.

    A partial file names the process writing it; it is removed only when that process no
    longer runs. An older partial without a process id is removed once it is an hour old.
    Returns the files removed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for path in folder.iterdir():
        match = _PARTIAL.match(path.name)
        if not match:
            continue
        final = _NAME.match(match["final"])
        if final is None or (stem is not None and final["stem"] != stem):
            continue
        pid = match["pid"] or match["tpid"]
        if pid is not None:
            if process_alive(int(pid)):
                continue
        else:
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime < LEGACY_PARTIAL_AGE_S:
                    continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def process_alive(pid: int) -> bool:
    """Return True if a process with this id runs on this computer (always True off POSIX)."""
    if os.name != "posix" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def move_aside(db_path: Path, label: str, now: dt.datetime | None = None) -> tuple[Path, ...]:
    """Rename a database file and its ``-wal``/``-shm``/``-journal`` to ``<name>.<label>-<time>``.

    The side files keep their suffix after the new name, so the moved database still opens
    with its log. Returns the new paths; nothing is deleted.
    """
    db_path = Path(db_path)
    aside = aside_name(db_path, label, now)
    moved: list[Path] = []
    for suffix in ("", *SIDE_FILES):
        source = db_path.with_name(db_path.name + suffix)
        if source.exists():
            target = aside.with_name(aside.name + suffix)
            os.replace(source, target)
            moved.append(target)
    return tuple(moved)


def aside_name(db_path: Path, label: str, now: dt.datetime | None = None) -> Path:
    """Return an unused ``<name>.<label>-<time>`` path beside ``db_path`` (side files included)."""
    db_path = Path(db_path)
    base = f"{db_path.name}.{label}-{local_time(now):%Y%m%d-%H%M%S}"
    aside = db_path.with_name(base)
    n = 2
    while any(aside.with_name(aside.name + s).exists() for s in ("", *SIDE_FILES)):
        aside = db_path.with_name(f"{base}-{n}")
        n += 1
    return aside


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing; a folder created here is owner-only."""
    folder = Path(folder)
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)


def local_time(now: dt.datetime | None) -> dt.datetime:
    """Return ``now`` (default: the current time) as a naive local time."""
    now = now or dt.datetime.now().astimezone()
    return now.astimezone().replace(tzinfo=None) if now.tzinfo else now


def remove_quietly(path: Path) -> None:
    """Delete ``path`` if it exists; a failure is ignored."""
    with contextlib.suppress(OSError):
        Path(path).unlink(missing_ok=True)


def fsync_file(path: Path) -> None:
    """Flush ``path``'s bytes to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)
