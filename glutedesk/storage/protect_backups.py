"""The backups of a clinic whose passphrase is set, changed or removed: both places.

Every backup in the clinic's backup folder, and every copy of them at the second backup place
(a USB stick or another disk, when one is chosen and plugged in), is re-written under the new
key, each by copy, check and one rename (:func:`glutedesk.storage.protect.rewrite`), so a crash
leaves each file whole under the old key or the new one. A file that cannot be re-written
(damaged, or protected by another passphrase) is listed with the reason; one that is still
readable without a passphrase can then be removed, on the therapist's confirmation
(:func:`remove_backups`). See docs/design/0007-encryption.md.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.storage import cipher
from glutedesk.storage.backup_files import backup_stem, default_backup_dir, fsync_dir, list_backups
from glutedesk.storage.database import StorageError
from glutedesk.storage.fingerprint import file_sha256, record_fingerprint, remove_backup_file
from glutedesk.storage.second_place import PLACE_KEY

if TYPE_CHECKING:
    from glutedesk.storage.protect import ProtectResult


def second_place_of(db_path: Path) -> Path | None:
    """The second backup place chosen for the clinic at ``db_path`` (None: none chosen).

    Read through a connection of its own (the clinic's key, if any, is already known).
    """
    try:
        conn = cipher.connect(str(db_path))
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [PLACE_KEY]).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    return Path(row[0]) if row and row[0] else None


def rewrite_backups(
    db_path: Path, old: cipher.FileKey | None, new: cipher.FileKey | None, result: ProtectResult
) -> None:
    """Re-write the backups in both places under ``new``; record each in ``result``."""
    local = default_backup_dir(db_path)
    if local.is_dir():
        _clean_leftovers(local)
        _rewrite_folder(sorted(local.glob("*.sqlite3")), old, new, result)
    place = second_place_of(db_path)
    result.second_place = place
    if place is None or (local.is_dir() and place.resolve() == local.resolve()):
        return
    if not place.is_dir():
        result.second_place_reached = False
        return
    _clean_leftovers(place)
    copies = sorted(list_backups(place, backup_stem(db_path)))
    _rewrite_folder(copies, old, new, result)


def _clean_leftovers(folder: Path) -> None:
    # A copy half re-written when an earlier run was killed (the backup beside it is whole).
    for leftover in folder.glob("*.sqlite3.rekey-tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _rewrite_folder(
    backups: list[Path],
    old: cipher.FileKey | None,
    new: cipher.FileKey | None,
    result: ProtectResult,
) -> None:
    from glutedesk.storage.protect import rewrite

    for backup in backups:
        salt = cipher.file_salt(backup)
        if salt is None and new is None and readable_without_passphrase(backup):
            continue  # already plain (a removal finished after it was interrupted)
        if salt is not None and (old is None or salt != old.salt):
            if new is not None and salt == new.salt:
                continue  # already under the new key (a second place that is the same disk)
            result.backups_failed.append((backup, "protected by another passphrase"))
            continue
        tmp = backup.with_name(backup.name + ".rekey-tmp")
        try:
            rewrite(backup, tmp, old if salt is not None else None, new, packed=True)
            os.replace(tmp, backup)
            record_fingerprint(backup, file_sha256(backup))
        except (OSError, sqlite3.Error, StorageError) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            result.backups_failed.append((backup, str(exc)))
            continue
        result.backups_rewritten.append(backup)
    if backups:
        fsync_dir(backups[0].parent)


def readable_without_passphrase(backup: Path) -> bool:
    """Whether ``backup`` still holds its records in the clear (a plain SQLite file)."""
    try:
        with Path(backup).open("rb") as handle:
            return handle.read(len(cipher.SQLITE_MAGIC)) == cipher.SQLITE_MAGIC
    except OSError:
        return False


def remove_backups(backups: list[Path]) -> list[tuple[Path, bool]]:
    """Delete ``backups`` (and their fingerprints), as confirmed; each with whether it went."""
    done = [(backup, remove_backup_file(backup)) for backup in backups]
    for folder in {backup.parent for backup in backups}:
        with contextlib.suppress(OSError):
            fsync_dir(folder)
    return done
