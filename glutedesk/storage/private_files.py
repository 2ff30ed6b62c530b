"""Owner-only files: what GluteDesk writes about clients is readable by this account alone.

Health records must not be readable by the other accounts on a shared laptop. On POSIX systems
every file GluteDesk creates is ``0600`` and every folder ``0700``: the command line and the
app set the process umask to ``077`` once at start (:func:`restrict_process_umask`), so files
written by any part (SQLite, reportlab, ``tempfile``, logging) are owner-only from the moment
they exist. Files made by an older GluteDesk, or copied in, are tightened when a clinic is
opened (:func:`tighten_clinic`). SQLite gives a database's ``-wal`` and ``-shm`` the main
file's permission bits, so tightening the main file before they are created covers them too.

On Windows the permission bits mean nothing; the files live under the user's own
``%LOCALAPPDATA%``, whose access list admits only that user (see docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
OWNER_ONLY_UMASK = 0o077
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def posix_modes() -> bool:
    """Return True where permission bits protect files (everywhere but Windows)."""
    return os.name == "posix"


def restrict_process_umask() -> int:
    """Make every file and folder this process creates owner-only; return the old umask."""
    return os.umask(OWNER_ONLY_UMASK)


def make_private_dir(path: Path | str) -> Path:
    """Create ``path`` (and any missing parents) as ``0700`` folders; return it.

    Folders that already exist are left as they are (a parent may be the therapist's own
    Documents folder); use :func:`tighten` for a folder GluteDesk owns.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        tighten(folder)
    if not path.is_dir():
        path.mkdir(mode=DIR_MODE, exist_ok=True)  # raises the clear OSError (a file is there)
    return path


def tighten(path: Path | str) -> bool:
    """Take away group and other permissions from one file or folder; return True if changed.

    Files keep only their owner bits (``0644`` becomes ``0600``), folders become ``0700``.
    Symlinks are not followed. A file that vanished, belongs to someone else or sits on a
    read-only mount is left alone: tightening is a safeguard, never a reason to refuse
    opening a clinic.
    """
    if not posix_modes():
        return False
    path = Path(path)
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return False
    bits = stat.S_IMODE(info.st_mode)
    if stat.S_ISDIR(info.st_mode):
        wanted = DIR_MODE
    elif stat.S_ISREG(info.st_mode):
        wanted = bits & 0o700  # 0644 becomes 0600; a read-only 0444 becomes 0400
    else:
        return False
    if bits == wanted:
        return False
    try:
        os.chmod(path, wanted)
    except OSError:
        return False
    return True


def tighten_all(paths: Iterable[Path]) -> list[Path]:
    """Tighten each path (see :func:`tighten`); return the ones that changed."""
    return [p for p in paths if tighten(p)]


def _folder_and_files(folder: Path) -> list[Path]:
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = [folder]
    with contextlib.suppress(OSError):
        found.extend(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())
    return found


def clinic_paths(db_path: Path | str) -> list[Path]:
    """Return the files and folders of the clinic at ``db_path`` that GluteDesk keeps private.

    The database with its ``-wal``/``-shm``/``-journal`` and audit anchor, the drafts folder
    and its files, the backup folder and its files, and the log folder with its files (log,
    rotated logs, crash file). The folder holding the database is included only when it is
    GluteDesk's own data folder (never one the therapist chose).
    """
    from glutedesk.storage.audit_anchor import anchor_path
    from glutedesk.storage.backup_files import default_backup_dir
    from glutedesk.storage.database import default_db_path
    from glutedesk.storage.drafts import drafts_dir

    db_path = Path(db_path)
    paths = [db_path.with_name(db_path.name + suffix) for suffix in ("", *SQLITE_SIDE_FILES)]
    paths.append(anchor_path(db_path))
    paths = [p for p in paths if p.exists()]
    paths += _folder_and_files(drafts_dir(db_path))
    paths += _folder_and_files(default_backup_dir(db_path))
    with contextlib.suppress(Exception):  # platformdirs missing or no home: nothing to add
        own = default_db_path().parent
        if db_path.parent.resolve() == own.resolve():
            paths.insert(0, db_path.parent)
    log = log_file()
    if log.parent.parent.name == "GluteDesk":  # <state>/GluteDesk/log on Linux
        paths.append(log.parent.parent)
    # The log, its rotated copies and the crash file (storage/app_log.py).
    paths += _folder_and_files(log.parent) or [log.parent, log]
    return [p for p in paths if p.exists()]


def log_file() -> Path:
    """Return GluteDesk's log file (shared by the app and the command line; may not exist)."""
    from platformdirs import user_log_dir

    return Path(user_log_dir("GluteDesk", appauthor=False)) / "glutedesk.log"


def tighten_clinic(db_path: Path | str) -> list[Path]:
    """Make the clinic's existing files and folders owner-only; return what was changed.

    Called each time a clinic is opened, so files written by an older GluteDesk (0644 files,
    0755 folders) are closed to other accounts from then on. Never raises.
    """
    if not posix_modes():
        return []
    try:
        return tighten_all(clinic_paths(db_path))
    except OSError:
        return []


def replace_whole(target: Path, data: bytes, temp: Path, *, durable: bool = True) -> None:
    """Replace ``target`` with ``data``, owner-only, never half-written: write ``temp`` (beside
    it; its name is the caller's, so its own recovery can find it), flush it to disk when
    ``durable``, then rename it over ``target``. ``temp`` is removed if anything fails.
    """
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # an older temp file may have had other modes
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
