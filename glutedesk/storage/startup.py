"""The start-up check: is the database readable, and is it somewhere safe?

A crash (a force-quit, a power cut) leaves committed pages in the ``-wal``; SQLite replays them
on the next open, so the main file alone may look short or stale while the clinic is sound.
The file is therefore judged only by SQLite's own checks, run on the file together with its
``-wal``, never by its size. A file that fails them is never written to and never moved by
this module on its own: :func:`startup_check` says what was found and which backup could
replace it, and the therapist chooses (open read-only, restore that backup, or
:func:`set_aside` the file with its ``-wal``/``-shm``). A database in a cloud-sync folder or on
a network drive gets a warning: SQLite's locking and write-ahead log are not safe there.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from glutedesk.storage import cipher
from glutedesk.storage.backup_files import backup_stem, backup_time, default_backup_dir, move_aside
from glutedesk.storage.readonly import connect_read_only

if TYPE_CHECKING:  # the backup modules load only when a damaged clinic needs one
    from glutedesk.storage.backup_check import BackupCheck

CLOUD_FOLDERS = ("onedrive", "dropbox", "icloud", "google drive", "googledrive", "mobile documents")
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "sshfs",
        "afpfs",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "9p",
    }
)

Status = Literal["ok", "new", "damaged", "missing_after_damage"]
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class StartupCheck:
    """What :func:`startup_check` found (it changes nothing).

    ``status`` is "ok" (a sound database), "new" (no file yet), "damaged" (SQLite's checks of
    the file with its ``-wal`` failed; ``problem`` says how) or "missing_after_damage" (no
    file, but an earlier start set a damaged one aside, listed in ``moved_aside``). ``backup``
    is the newest backup that passes its checks, if any; ``location_warning`` is set for a
    network or cloud-sync folder.
    """

    status: Status
    problem: str = ""
    moved_aside: tuple[Path, ...] = ()
    backup: Path | None = None
    backup_check: BackupCheck | None = None
    location_warning: str | None = None

    @property
    def needs_recovery(self) -> bool:
        return self.status in ("damaged", "missing_after_damage")

    @property
    def backup_taken(self) -> dt.datetime | None:
        return backup_time(self.backup) if self.backup else None


class CheckStopped(Exception):
    """The full check was stopped before it finished (GluteDesk is closing): no verdict."""


class CheckStop:
    """Stops a full check (:func:`damage_problem`) from another thread, within a millisecond.

    :meth:`set` interrupts the check's connection (``sqlite3_interrupt``, safe from any
    thread). Nothing runs in Python while SQLite checks the file: a progress handler (a
    Python callback SQLite calls up to thousands of times a second) needs the interpreter
    lock at every call, which it takes from the GUI thread, and it is not called at all
    while SQLite 3.40 checks the pages (two-thirds of a plain check).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._set = False
        self._conn: Any = None

    def set(self) -> None:
        """Stop the running check now, or the next one before it starts."""
        with self._lock:
            self._set = True
            if self._conn is not None:
                self._conn.interrupt()

    def clear(self) -> None:
        """Let the next check run."""
        with self._lock:
            self._set = False

    def is_set(self) -> bool:
        """Whether the stop has been set (and not cleared since)."""
        return self._set

    @contextmanager
    def watching(self, conn: Any) -> Iterator[None]:
        """Within the block, :meth:`set` interrupts ``conn`` (at once if set already)."""
        with self._lock:
            self._conn = conn
            if self._set:
                conn.interrupt()
        try:
            yield
        finally:
            with self._lock:  # never an interrupt for a connection about to be closed
                self._conn = None


def damage_problem(
    db_path: Path, *, full: bool = True, live: bool = False, stop: CheckStop | None = None
) -> str | None:
    """Return why the file at ``db_path`` is damaged, or None if it passes SQLite's checks.

    The file is read together with its ``-wal`` (committed pages a crash left there count) and
    never changed. With ``full`` (the default) SQLite's whole integrity check runs; without it
    only a wiped header is looked for and the schema read, which takes milliseconds on any
    size of file (damaged pages are then found by the full check, which the app runs once its
    window is up). ``live`` means GluteDesk already has the database open in this process:
    the check then goes through SQLite only, because plain file I/O on the file would drop
    this process's SQLite locks when closed. Setting ``stop`` (from another thread) ends a
    full check within moments and raises :class:`CheckStopped`.

    An SQLite file whose check fails or cannot run and a file whose header has been wiped to
    zeros count as damaged. A missing or empty file, or one that is plainly something else (not
    SQLite at all), is not "damaged": opening it is refused later, and it is left where it is.
    """
    db_path = Path(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        if live:
            conn = cipher.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        else:
            with db_path.open("rb") as f:
                header = f.read(100)
            if not header.startswith(SQLITE_MAGIC) and cipher.key_for(db_path) is None:
                if header.strip(b"\x00"):
                    return None
                return "its first page has been wiped (the file header is all zeros)"
            conn = connect_read_only(db_path)
    except sqlite3.Error as exc:
        return f"SQLite cannot open it ({exc})"
    try:
        if full:
            rows = _integrity_check(conn, stop)
        else:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            rows = ["ok"]
    except sqlite3.DatabaseError as exc:
        if stop is not None and stop.is_set():
            raise CheckStopped from exc
        return f"SQLite cannot read it ({exc})"
    finally:
        conn.close()
    if rows != ["ok"]:
        return f"SQLite's integrity check failed ({rows[0]})"
    return None


def _integrity_check(conn: Any, stop: CheckStop | None) -> list[str]:
    if stop is None:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    # SQLite forgets an interrupt that comes while none of the connection's statements runs
    # (a statement starting on an idle connection clears it): with this one left open, a stop
    # set just before the check's statement starts still stops it.
    running = conn.execute("SELECT 1 UNION ALL SELECT 2")
    running.fetchone()
    try:
        with stop.watching(conn):
            return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        running.close()


def earlier_damaged_files(db_path: Path) -> list[Path]:
    """Return files set aside as damaged (``<name>.corrupt-*``), newest first."""
    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        return []
    found = [
        p
        for p in db_path.parent.glob(f"{db_path.name}.corrupt-*")
        if not p.name.endswith(("-wal", "-shm", "-journal"))
    ]
    return sorted(found, reverse=True)


def startup_check(
    db_path: Path,
    backup_dir: Path | None = None,
    now: dt.datetime | None = None,
    *,
    full: bool = True,
) -> StartupCheck:
    """Check the database before the app opens it; change nothing.

    Returns a :class:`StartupCheck` saying what was found, with the newest good backup of
    this database (from ``backup_dir``, by default :func:`default_backup_dir`) when recovery
    is needed. Without ``full`` only the quick checks run (see :func:`damage_problem`).
    ``now`` is accepted for symmetry with :func:`set_aside` and not used.
    """
    from glutedesk.storage.restore_journal import recover_leftovers

    recover_leftovers(db_path)  # an interrupted restore is finished first; leftovers cleaned
    db_path = Path(db_path)
    backup_dir = backup_dir or default_backup_dir(db_path)
    warning = location_warning(db_path)
    exists = db_path.exists() and db_path.stat().st_size > 0
    if not exists:
        earlier = earlier_damaged_files(db_path)
        if not earlier:
            return StartupCheck("new", location_warning=warning)
        good = _newest_good_backup(backup_dir, db_path)
        return StartupCheck(
            "missing_after_damage",
            problem=f"A damaged database was set aside as {earlier[0]}.",
            moved_aside=(earlier[0],),
            backup=good[0] if good else None,
            backup_check=good[1] if good else None,
            location_warning=warning,
        )
    problem = damage_problem(db_path, full=full)
    if problem is None:
        return StartupCheck("ok", location_warning=warning)
    good = _newest_good_backup(backup_dir, db_path)
    return StartupCheck(
        "damaged",
        problem=problem,
        backup=good[0] if good else None,
        backup_check=good[1] if good else None,
        location_warning=warning,
    )


def _newest_good_backup(backup_dir: Path, db_path: Path) -> tuple[Path, BackupCheck] | None:
    from glutedesk.storage.backup import newest_good_backup

    return newest_good_backup(backup_dir, backup_stem(db_path))


def set_aside(db_path: Path, now: dt.datetime | None = None) -> tuple[Path, ...]:
    """Rename a damaged database with its ``-wal``/``-shm`` to ``<name>.corrupt-<time>``.

    Only when the therapist chose it. The files move together (the log stays with its file,
    so the set-aside copy still opens with every committed page); nothing is deleted.
    Returns the new paths.
    """
    return move_aside(Path(db_path), "corrupt", now)


def location_warning(db_path: Path, *, mounts: Path = Path("/proc/mounts")) -> str | None:
    """Return a warning when ``db_path`` is in a cloud-sync folder or on a network drive."""
    path = Path(db_path).expanduser().absolute()
    lowered = [part.lower() for part in path.parts]
    for marker in CLOUD_FOLDERS:
        if any(marker in part for part in lowered):
            return (
                f"The database is in a cloud-sync folder ({path.parent}). Sync programs can copy "
                "it half-written and damage it: move it to a local folder and let GluteDesk's "
                "backups go to the cloud instead."
            )
    if str(path).startswith("\\\\"):
        return _network_warning(path, "a network share")
    if sys.platform.startswith("linux") or mounts != Path("/proc/mounts"):
        fstype = mount_type(path, mounts)
        if fstype in NETWORK_FILESYSTEMS:
            return _network_warning(path, f"a network drive ({fstype})")
    return None


def mount_type(path: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """Return the file-system type of the mount holding ``path`` (from a mounts table)."""
    try:
        text = Path(mounts).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    target = str(Path(path).absolute())
    best, best_type = "", None
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def _unescape(field: str) -> str:
    # /proc/mounts writes spaces, tabs, newlines and backslashes as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _network_warning(path: Path, where: str) -> str:
    return (
        f"The database is on {where} ({path.parent}). SQLite cannot lock files safely there, "
        "so records can be damaged: keep the database on this computer's own disk."
    )
