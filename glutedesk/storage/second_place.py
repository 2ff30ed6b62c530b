"""The second backup place: a USB stick or another disk, chosen once; every backup goes there too.

One disk failing must not take the records and every backup together. The folder is chosen
once (stored in ``settings``); after each automatic or manual backup the finished backup file
is copied there when the folder is reachable, checked byte for byte against the fingerprint
recorded when it was made and by :func:`~glutedesk.storage.backup_check.verify_backup`, and only
then given its name. The backup is a closed, self-contained file, so a byte copy is exact; the
live database is never copied this way. The folder is never created: a USB stick that is not
plugged in must not turn into a folder on the laptop's own disk.

When the second place has not been reached for :data:`STALE_AFTER` or more,
:func:`second_place_warning` says so in plain words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage.backup_check import verify_backup
from glutedesk.storage.backup_files import (
    DEFAULT_KEEP,
    clean_stale_partials,
    fsync_dir,
    fsync_file,
    is_manual,
    partial_name,
    remove_quietly,
    rotate_backups,
    stem_of,
)
from glutedesk.storage.fingerprint import file_sha256, record_fingerprint, recorded_fingerprint
from glutedesk.storage.settings import get_setting, set_setting

if TYPE_CHECKING:
    from sqlite_utils import Database

    from glutedesk.storage.reader import Reader

PLACE_KEY = "backup.second_place"
LAST_REACHED_KEY = "backup.second_place_last_reached"
CHOSEN_AT_KEY = "backup.second_place_chosen_at"
STALE_AFTER = dt.timedelta(days=7)


@dataclass(frozen=True)
class SecondPlaceResult:
    """What happened at the second place after a backup: ``copied`` is None when not reached."""

    place: Path
    copied: Path | None
    problem: str = ""


@dataclass(frozen=True)
class SecondPlaceStatus:
    """The second place as chosen, when it was last reached, and whether it is reachable now."""

    place: Path | None
    last_reached: dt.datetime | None
    chosen_at: dt.datetime | None
    reachable: bool


def second_place(db: Reader) -> Path | None:
    """Return the chosen second backup place, or None when none was chosen."""
    value = get_setting(db, PLACE_KEY)
    return Path(value) if value else None


def set_second_place(db: Database, place: Path | None, *, now: dt.datetime | None = None) -> None:
    """Choose (or with None, forget) the second backup place.

    The folder must exist (a mounted USB stick or another disk); raises ``ValueError`` with a
    plain message when it does not or when it is the database's own backup folder.
    """
    if place is None:
        with db.atomic():
            for key in (PLACE_KEY, LAST_REACHED_KEY, CHOSEN_AT_KEY):
                set_setting(db, key, "")
        return
    place = Path(place).expanduser().absolute()
    if not place.is_dir():
        raise ValueError(f"{place} is not a folder that can be reached now; plug the drive in.")
    with db.atomic():
        set_setting(db, PLACE_KEY, str(place))
        set_setting(db, CHOSEN_AT_KEY, _stamp(now))
        set_setting(db, LAST_REACHED_KEY, "")


def same_disk_warning(db_path: Path, place: Path) -> str | None:
    """Return a warning when ``place`` is on the same disk as the database, else None."""
    try:
        same = os.stat(place).st_dev == os.stat(Path(db_path).absolute().parent).st_dev
    except OSError:
        return None
    if not same:
        return None
    return (
        f"{place} is on the same disk as your records: if that disk fails, both are lost. "
        "Choose a USB stick or another disk if you can."
    )


def second_place_status(db: Reader) -> SecondPlaceStatus:
    """Return the second place's settings and whether its folder can be reached now."""
    place = second_place(db)
    return SecondPlaceStatus(
        place=place,
        last_reached=_parse(get_setting(db, LAST_REACHED_KEY)),
        chosen_at=_parse(get_setting(db, CHOSEN_AT_KEY)),
        reachable=place is not None and place.is_dir(),
    )


def second_place_warning(
    db: Reader, now: dt.datetime | None = None, *, short: bool = False
) -> str | None:
    """Return the plain warning when the second place has not been reached for 7 days or more.

    ``short`` gives one line for a status bar.
    """
    status = second_place_status(db)
    if status.place is None:
        return None
    since = status.last_reached or status.chosen_at
    current = _now(now)
    if since is None or current - since < STALE_AFTER:
        return None
    days = (current - since).days
    if short:
        return f"Backups have not reached the second place for {days} days: plug in that drive."
    when = f"for {days} days" if status.last_reached else f"since it was chosen {days} days ago"
    return (
        f"Your backups have not reached the second place ({status.place}) {when}. Plug in "
        "that drive so a backup can be copied to it; until then one failing disk could take "
        "your records and every backup together."
    )


def copy_to_second_place(
    db: Database,
    backup: Path,
    *,
    now: dt.datetime | None = None,
    keep: int = DEFAULT_KEEP,
) -> SecondPlaceResult | None:
    """Copy the finished ``backup`` to the second place, checked; None when none is chosen.

    Returns what happened: the copy, or the reason it could not be made (not plugged in, full,
    not writable). The time is recorded when it was reached. Automatic backups there are
    rotated like the first place's; manual ones are kept.
    """
    place = second_place(db)
    if place is None:
        return None
    backup = Path(backup)
    if not place.is_dir():
        problem = f"{place} cannot be reached (is the drive plugged in?)"
        return SecondPlaceResult(place, None, problem)
    if place.resolve() == backup.parent.resolve():
        _mark_reached(db, now)
        return SecondPlaceResult(place, backup)
    target = place / backup.name
    try:
        copied = _copy_checked(backup, target)
    except OSError as exc:
        return SecondPlaceResult(place, None, f"{place}: {exc.strerror or exc}")
    except ValueError as exc:
        return SecondPlaceResult(place, None, str(exc))
    _mark_reached(db, now)
    stem = stem_of(backup)
    if stem is not None and not is_manual(backup):
        rotate_backups(place, stem, keep)
    return SecondPlaceResult(place, copied)


def _copy_checked(backup: Path, target: Path) -> Path:
    clean_stale_partials(target.parent)
    expected = recorded_fingerprint(backup) or file_sha256(backup)
    if target.exists() and file_sha256(target) == expected:
        record_fingerprint(target, expected)
        return target
    tmp = partial_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        shutil.copyfile(backup, tmp)
        fsync_file(tmp)
        if file_sha256(tmp) != expected:
            raise ValueError(f"The copy at {target.parent} did not match the backup; not kept.")
        check = verify_backup(tmp)
        if not check.ok:
            raise ValueError(f"The copy at {target.parent} failed its check ({check.problems[0]}).")
        record_fingerprint(tmp, expected, name=target.name)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        remove_quietly(tmp)
        raise
    return target


def _mark_reached(db: Database, now: dt.datetime | None) -> None:
    # A read-only or busy database only misses the note of when the place was reached.
    with contextlib.suppress(sqlite3.Error, ValueError):
        set_setting(db, LAST_REACHED_KEY, _stamp(now))


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


def _stamp(now: dt.datetime | None) -> str:
    return _now(now).isoformat(timespec="seconds")


def _parse(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
