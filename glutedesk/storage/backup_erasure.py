"""Which backups still hold an erased client, when rotation removes them, and purging on request.

UK GDPR does not require a client to be erased from backups at once, provided the data is put
"beyond use" and goes when the backup rotates out (see docs/reliability.md). So an erasure
lists each backup that still holds the client with the date it will rotate out, and the
therapist may purge the client from those backups too (:func:`purge_backups`).

Rotation keeps the newest automatic backup of each of the last ``keep`` days that have one
(default 14). A manual backup, or any file not named as an automatic backup, is never rotated:
it has no automatic date and stays until the therapist deletes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from glutedesk.domain.dates import format_long_date
from glutedesk.storage import cipher
from glutedesk.storage.backup import (
    DEFAULT_KEEP,
    backup_time,
    fsync_dir,
    list_backups,
    verify_backup,
)
from glutedesk.storage.fingerprint import record_fingerprint

MANUAL_MARK = "-manual"


@dataclass(frozen=True)
class BackupHolding:
    """One backup that holds a client: ``rotates_out`` is None when rotation never removes it.

    ``second_place`` marks a backup found in a second place (a USB stick, another disk),
    which automatic rotation does not reach.
    """

    path: Path
    automatic: bool
    rotates_out: dt.date | None
    second_place: bool = False

    def describe(self) -> str:
        """One line for the therapist: the file and when it goes."""
        if self.rotates_out is None:
            if self.second_place:
                why = "in a second place"
            elif MANUAL_MARK in self.path.name:
                why = "manual"
            else:
                why = "not rotated automatically"
            return f"{self.path}  no automatic date ({why}: kept until you delete it)"
        return f"{self.path}  rotates out on or after {format_long_date(self.rotates_out)}"


@dataclass(frozen=True)
class PurgeResult:
    """The outcome of purging one backup: ``problem`` is empty when it worked and re-verified."""

    path: Path
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def is_automatic(path: Path) -> bool:
    """Return True for a backup that rotation may delete (named as one, not marked manual)."""
    return backup_time(path) is not None and MANUAL_MARK not in Path(path).name


def rotation_dates(
    backups: list[Path], *, keep: int = DEFAULT_KEEP, today: dt.date | None = None
) -> dict[Path, dt.date | None]:
    """Return the day each backup will rotate out, assuming an automatic backup every day.

    A backup that is not the newest of its day goes at the next automatic backup; the newest
    of its day goes once ``keep`` newer days have a backup. Days without use push the date
    later, which is why it is "on or after". Manual and foreign files map to None.
    """
    today = today or dt.date.today()
    auto = [(p, backup_time(p)) for p in backups if is_automatic(p)]
    newest: dict[dt.date, tuple[dt.datetime, Path]] = {}
    for path, taken in auto:
        assert taken is not None
        day = taken.date()
        if day not in newest or (taken, path.name) > (newest[day][0], newest[day][1].name):
            newest[day] = (taken, path)
    days = sorted(newest, reverse=True)
    first_new_day = today + dt.timedelta(days=1) if days and days[0] >= today else today
    dates: dict[Path, dt.date | None] = {p: None for p in backups}
    for path, taken in auto:
        assert taken is not None
        if newest[taken.date()][1] != path:
            dates[path] = first_new_day
            continue
        newer_days = sum(1 for d in days if d > taken.date())
        dates[path] = first_new_day + dt.timedelta(days=max(keep - newer_days, 1) - 1)
    return dates


def holds_client(path: Path, client_id: str) -> bool:
    """Return True when the SQLite file at ``path`` still has the client's record.

    The file is read without being changed. A file SQLite cannot read that way (damaged, or
    with a ``-wal`` beside it) is searched for the client's id byte for byte instead.
    """
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    if not wal.exists():
        try:
            conn = cipher.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            try:
                row = conn.execute("SELECT 1 FROM clients WHERE id = ?", [client_id]).fetchone()
                return row is not None
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            pass
    needle = client_id.encode("utf-8")
    for part in (path, wal):
        with contextlib.suppress(OSError):
            if needle in part.read_bytes():
                return True
    return False


def backups_holding(
    folders: list[Path],
    client_id: str,
    *,
    keep: int = DEFAULT_KEEP,
    today: dt.date | None = None,
    second_places: list[Path] | None = None,
) -> list[BackupHolding]:
    """Return the backups holding the client, with the day each rotates out.

    ``folders`` are rotated backup folders (the clinic's own); ``second_places`` are folders
    backups are copied to that rotation does not reach, so theirs have no automatic date.
    """
    found: list[BackupHolding] = []
    places = [(Path(f), False) for f in folders]
    places += [(Path(f), True) for f in second_places or ()]
    for folder, second in places:
        backups = list_backups(folder) + _other_files(folder)
        dates = {} if second else rotation_dates(list_backups(folder), keep=keep, today=today)
        for path in backups:
            if holds_client(path, client_id):
                automatic = is_automatic(path) and not second
                found.append(BackupHolding(path, automatic, dates.get(path), second))
    return found


def _other_files(folder: Path) -> list[Path]:
    """SQLite files in a backup folder that are not named as automatic backups."""
    if not Path(folder).is_dir():
        return []
    named = set(list_backups(folder))
    return sorted(
        p
        for p in Path(folder).iterdir()
        if p.suffix in (".sqlite3", ".db", ".sqlite") and p.is_file() and p not in named
    )


def purge_backups(holdings: list[BackupHolding], client_id: str) -> list[PurgeResult]:
    """Remove the client from each backup listed; return what happened to each.

    Each backup is copied (SQLite's backup API) to ``<name>.purging.partial``, the client is
    deleted there with ``secure_delete`` and the copy vacuumed and checked
    (:func:`verify_backup`, and the client must be gone); only then does it replace the
    backup, which is checked once more. A failure leaves the backup as it was.
    """
    return [_purge_one(h.path, client_id) for h in holdings]


def _purge_one(path: Path, client_id: str) -> PurgeResult:
    tmp = path.with_name(path.name + ".purging.partial")
    tmp.unlink(missing_ok=True)
    try:
        source = cipher.connect(path)
        try:
            dest = cipher.connect_like(source, tmp, isolation_level=None)
            try:
                source.backup(dest)
                _delete_client(dest, client_id)
            finally:
                dest.close()
        finally:
            source.close()
        check = verify_backup(tmp)
        if not check.ok:
            raise ValueError(f"the purged copy failed its check ({check.problems[0]})")
        if holds_client(tmp, client_id):
            raise ValueError("the client was still found in the purged copy")
        os.replace(tmp, path)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        fsync_dir(path.parent)
    except (OSError, sqlite3.Error, ValueError) as exc:
        tmp.unlink(missing_ok=True)
        return PurgeResult(path, f"not purged: {exc}")
    recheck = verify_backup(path)
    if not recheck.ok or holds_client(path, client_id):
        return PurgeResult(path, f"re-check failed after purging: {recheck.problems[:1]}")
    _after_purge(path)
    return PurgeResult(path)


def _delete_client(conn: sqlite3.Connection, client_id: str) -> None:
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.execute("BEGIN IMMEDIATE")
    try:
        if "erasure_permits" in tables:
            conn.execute("INSERT INTO erasure_permits (client_id) VALUES (?)", [client_id])
        conn.execute("DELETE FROM clients WHERE id = ?", [client_id])
        if "erasure_permits" in tables:
            conn.execute("DELETE FROM erasure_permits WHERE client_id = ?", [client_id])
        if "clients_fts" in tables:
            conn.execute("INSERT INTO clients_fts (clients_fts) VALUES ('rebuild')")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("VACUUM")
    if "clients_fts" in tables:  # VACUUM may renumber the rowids the name index points to
        conn.execute("INSERT INTO clients_fts (clients_fts) VALUES ('rebuild')")


def _after_purge(path: Path) -> None:
    """Record the purged backup's fingerprint again: GluteDesk changed its bytes on purpose.

    Without this the next restore of ``path`` would warn that the backup was edited since
    GluteDesk wrote it.
    """
    record_fingerprint(path)
