"""The window's lock file beside a database: who holds it, and is it one a crash left behind?

While GluteDesk's window has ``<database>.lock`` (Qt's ``QLockFile``) it keeps the file open
with an exclusive ``flock`` on it, which the system drops the moment the process ends, however
it ends. Qt itself judges a lock by the process id written in the file, and that misjudges two
leftovers of a crash as "still open", for ever:

- an empty or unreadable file (the process was killed, or the power cut, between Qt creating
  the file and writing its id into it);
- an id that the system has since given to another program of the same name (process ids are
  reused: on Linux after 32,768 of them by default, and from 1 after every boot).

:func:`lock_left_behind` asks the system instead: a lock file that nobody holds a ``flock`` on
was left behind. On Windows (no ``flock``) Qt's own judgement stands.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

RECHECK_S = 0.05  # a lock file is only judged left behind if it stays unheld this long


def lock_path(db_path: Path) -> Path:
    """Return the lock file GluteDesk's window holds while it has ``db_path`` open: beside the
    file itself, with links followed, so every path to one clinic shares one lock (as SQLite's
    own ``-wal`` file does)."""
    try:
        db_path = Path(db_path).resolve()
    except OSError:  # a loop of links: SQLite will refuse the path too
        db_path = Path(db_path).absolute()
    return db_path.with_name(db_path.name + ".lock")


def _unheld_identity(lock_file: Path) -> tuple[int, int, bytes] | None:
    """The file's (device, inode, contents) when no process holds a ``flock`` on it, else None."""
    assert fcntl is not None
    try:
        fd = os.open(lock_file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None  # gone (nothing left behind), or not ours to read
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return None  # held by a live process (or flock unsupported here: cannot tell)
        try:
            info = os.fstat(fd)
            contents = os.read(fd, 4096)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
        return info.st_dev, info.st_ino, contents
    finally:
        os.close(fd)


def lock_left_behind(lock_file: Path) -> bool:
    """Whether ``lock_file`` exists but no running process holds it (a crash left it).

    Looked at twice, :data:`RECHECK_S` apart: a GluteDesk starting at this very moment holds
    its new lock file within microseconds of creating it, so a file that is still the same
    and still unheld was not just made. False on Windows, and whenever it cannot be told.
    """
    if fcntl is None:
        return False
    first = _unheld_identity(Path(lock_file))
    if first is None:
        return False
    time.sleep(RECHECK_S)
    return _unheld_identity(Path(lock_file)) == first


def database_in_use(db_path: Path) -> int | None:
    """Return the process id of a running GluteDesk that has ``db_path`` open, or None.

    Reads the window's lock file (Qt's ``QLockFile`` format: process id, app name, host). A
    lock file nobody holds (:func:`lock_left_behind`) is free, whatever process id it names;
    otherwise the process must be alive on this computer. On Windows the process check is
    not made and None is returned.
    """
    path = lock_path(db_path)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if os.name != "posix":
        return None
    host = lines[2] if len(lines) > 2 else ""
    if host and host != socket.gethostname():
        return pid  # held from another computer: cannot check, so assume it is in use
    if lock_left_behind(path):
        return None  # the process that wrote it is gone; its id may belong to another now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid
