"""Setting, changing and removing a clinic's passphrase, crash safe.

The clinic is re-written under its new key into ``<database>.rekey-tmp`` through an attached
database (the backup API cannot copy between differently keyed files), laid out as use lays it
out (:mod:`glutedesk.storage.cipher_export`); the copy is checked (integrity, the same row
count in every table), its key file is written as ``<database>.key.new``, and only then is
the copy renamed over the clinic, in one rename. A crash at any moment leaves the old clinic
whole, or the new one whole with its key file waiting;
:func:`glutedesk.storage.unlock.settle_leftovers` finishes or cleans up at the next open.

The backups in the clinic's backup folder, and their copies at the second backup place, are
then re-written under the new key too (:mod:`glutedesk.storage.protect_backups`), so a backup
made before a change opens with the new passphrase, and none made before protection stays
readable without it. Their part is journalled (:mod:`glutedesk.storage.rekey_journal`) before
the clinic's rename, so a change killed between the clinic and its backups is finished by the
next open (:func:`finish_interrupted_change`).

No other connection to the clinic may be open while this runs (the app closes its own first).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Only what every open of a clinic has loaded already: the opens call
# finish_interrupted_change, and the backups' and drafts' modules (the domain model with them,
# ~20 ms) load only when a change is made or a journal is found.
from glutedesk.storage import cipher, rekey_journal, sealed
from glutedesk.storage.database import APPLICATION_ID, StorageError
from glutedesk.storage.keyfile import (
    key_path,
    make_key_file,
    new_recovery_key,
    pending_key_path,
    write_key_file,
)

EXPORT_CACHE = -131072  # 128 MiB each side while copying (the index inserts jump about)


@dataclass
class ProtectResult:
    """What a passphrase change did: the recovery key (shown once) and the backups rewritten."""

    recovery_key: str | None
    backups_rewritten: list[Path] = field(default_factory=list)
    backups_failed: list[tuple[Path, str]] = field(default_factory=list)
    drafts_resealed: list[Path] = field(default_factory=list)
    drafts_failed: list[tuple[Path, str]] = field(default_factory=list)
    second_place: Path | None = None  # the second backup place, when one is chosen
    second_place_reached: bool = True  # False: not plugged in, so its copies were not touched

    @property
    def touched_files(self) -> bool:
        """Whether a backup or draft was re-written, or failed to be."""
        return any(
            (self.backups_rewritten, self.backups_failed, self.drafts_resealed, self.drafts_failed)
        )

    def unencrypted_left(self) -> list[Path]:
        """Backups that could not be re-written and still hold the records in the clear."""
        from glutedesk.storage.protect_backups import readable_without_passphrase

        return [p for p, _why in self.backups_failed if readable_without_passphrase(p)]


def _raw(path: Path, key: cipher.FileKey | None) -> Any:
    import sqlcipher3  # type: ignore[import-untyped]

    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = {key.pragma()}")
    return conn


def _target_key(key: cipher.FileKey | None) -> str:
    return key.pragma() if key is not None else "''"


def rewrite(
    source: Path,
    target: Path,
    old: cipher.FileKey | None,
    new: cipher.FileKey | None,
    *,
    packed: bool = False,
) -> None:
    """Write ``source`` (under ``old``) as a new file ``target`` under ``new``, and check it.

    The clinic is laid out as use lays it out (:mod:`glutedesk.storage.cipher_export`); with
    ``packed`` (backups, which are only read) SQLCipher's faster ``sqlcipher_export`` fills
    every page.
    """
    from glutedesk.storage.backup_check import table_counts
    from glutedesk.storage.cipher_connection import translated
    from glutedesk.storage.cipher_export import export_as_used

    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    with translated():
        conn = _raw(source, old)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            counts = table_counts(conn)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            literal = str(target).replace("'", "''")
            conn.execute(f"ATTACH DATABASE '{literal}' AS target KEY {_target_key(new)}")
            conn.execute(f"PRAGMA cache_size = {EXPORT_CACHE}")
            conn.execute(f"PRAGMA target.cache_size = {EXPORT_CACHE}")
            if packed:
                conn.execute("SELECT sqlcipher_export('target')")
            else:
                export_as_used(conn)
            conn.execute(f"PRAGMA target.user_version = {int(version)}")
            conn.execute(f"PRAGMA target.application_id = {APPLICATION_ID}")
            conn.execute("DETACH DATABASE target")
        finally:
            conn.close()
        check = _raw(target, new)
        try:
            problems = [r[0] for r in check.execute("PRAGMA integrity_check")]
            copied = table_counts(check)
        finally:
            check.close()
    if problems != ["ok"] or copied != counts:
        target.unlink()
        raise StorageError(
            f"The re-written copy of {source.name} failed its check; nothing changed."
        )
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def change_protection(db_path: Path, new_passphrase: str | None) -> ProtectResult:
    """Protect the clinic with ``new_passphrase`` (None: remove the protection).

    The clinic must already be unlocked in this process if it is protected. Returns the new
    recovery key (None when protection was removed) and the backups re-written.
    """
    from glutedesk.storage.backup_files import fsync_dir

    db_path = Path(db_path)
    old = cipher.key_for(db_path)
    if old is None and cipher.file_salt(db_path) is not None:
        raise StorageError(f"{db_path} is protected: unlock it first.")
    new = cipher.derive_key(new_passphrase, cipher.new_salt()) if new_passphrase else None
    recovery = new_recovery_key() if new is not None else None
    tmp = db_path.with_name(db_path.name + ".rekey-tmp")
    try:
        rewrite(db_path, tmp, old, new)
        if new is not None and recovery is not None:
            write_key_file(pending_key_path(db_path), make_key_file(new, recovery))
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(f"Could not re-write {db_path.name} ({exc}); nothing changed.") from None
    try:
        rekey_journal.write_journal(db_path, old, new)  # the backups' part, should this stop
        held = rekey_journal.hold(db_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(
            f"Could not write beside {db_path.name} ({exc}); nothing changed."
        ) from None
    for suffix in ("-wal", "-shm"):  # empty after the checkpoint; must not meet the new file
        with contextlib.suppress(FileNotFoundError):
            db_path.with_name(db_path.name + suffix).unlink()
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
    if new is not None:
        os.replace(pending_key_path(db_path), key_path(db_path))
        cipher.forget(db_path)
        cipher.remember(db_path, new)
    else:
        with contextlib.suppress(FileNotFoundError):
            key_path(db_path).unlink()
        cipher.forget(db_path)
        cipher.remember_plain(db_path)
    fsync_dir(db_path.parent)
    result = ProtectResult(recovery)
    try:
        _finish_files(db_path, old, new, result)
    finally:
        rekey_journal.release(held)
    return result


def _finish_files(
    db_path: Path, old: cipher.FileKey | None, new: cipher.FileKey | None, result: ProtectResult
) -> None:
    """Re-seal the drafts and re-write the backups, then drop the change's journal.

    While the second backup place cannot be reached (a USB stick not plugged in) the journal
    stays: the copies there are still under the old key (or plain), and the first open that
    finds the place re-writes them (:func:`finish_interrupted_change`).
    """
    from glutedesk.storage.backup_files import fsync_dir
    from glutedesk.storage.drafts import drafts_dir
    from glutedesk.storage.protect_backups import rewrite_backups

    _reseal_drafts(drafts_dir(db_path), old, new, result)
    rewrite_backups(db_path, old, new, result)
    if result.second_place_reached:
        rekey_journal.drop_journal(db_path)
    fsync_dir(db_path.parent)


def finish_interrupted_change(db_path: Path) -> ProtectResult | None:
    """Finish a passphrase change that was stopped after the clinic was re-written.

    The change's journal (:mod:`glutedesk.storage.rekey_journal`) holds the old key; the drafts
    and the backups in both places still under it (or plain) are re-written under the clinic's
    key as it is now, exactly as the change would have. Needs the clinic unlocked in this
    process if it is protected (otherwise nothing is done yet). Returns what was done, or None
    when there was nothing to finish. A journal that belongs to a change that never reached
    the clinic's rename is dropped.
    """
    db_path = Path(db_path)
    if not rekey_journal.journal_exists(db_path):
        return None
    held = rekey_journal.hold(db_path)
    if held is None:
        return None  # another process is making or finishing this change
    try:
        if not rekey_journal.journal_exists(db_path):
            return None  # it finished while this one waited
        return _finish_journal(db_path)
    finally:
        rekey_journal.release(held)


def _finish_journal(db_path: Path) -> ProtectResult | None:
    journal = rekey_journal.read_journal(db_path)
    salt = cipher.file_salt(db_path)
    if journal is not None and journal.new_salt != salt:
        rekey_journal.drop_journal(db_path)  # stale: the change never replaced the clinic
        return None
    if not db_path.exists():
        return None
    from glutedesk.storage.unlock import settle_leftovers

    settle_leftovers(db_path)  # the new clinic's key file first, if it was still waiting
    new = cipher.key_for(db_path) if salt is not None else None
    if salt is not None and new is None:
        return None  # not unlocked yet: finished at an open that has the passphrase
    old = journal.old_key(new) if journal is not None else None
    result = ProtectResult(None)
    _finish_files(db_path, old, new, result)
    if result.touched_files:  # else only the second place still waits: nothing to tell
        _finished[db_path.resolve()] = result
    return result


_finished: dict[Path, ProtectResult] = {}


def take_finished_change(db_path: Path) -> ProtectResult | None:
    """What :func:`finish_interrupted_change` did for ``db_path`` in this process, once."""
    return _finished.pop(Path(db_path).resolve(), None)


def _in_state(data: bytes, key: cipher.FileKey | None) -> bool:
    if not sealed.is_sealed(data):
        return key is None
    if key is None:
        return False
    try:
        sealed.unseal(key.subkey("drafts"), data)
    except sealed.SealBroken:
        return False
    return True


def _reseal_drafts(
    folder: Path, old: cipher.FileKey | None, new: cipher.FileKey | None, result: ProtectResult
) -> None:
    """Seal every draft (and half-written temporary draft) under the new key."""
    from glutedesk.storage.backup_files import fsync_dir

    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()):
        data = path.read_bytes()
        if _in_state(data, new):
            continue  # already re-sealed (a change finished after it was interrupted)
        try:
            if sealed.is_sealed(data):
                if old is None:
                    raise sealed.SealBroken("sealed by another passphrase")
                data = sealed.unseal(old.subkey("drafts"), data)
        except sealed.SealBroken as exc:
            result.drafts_failed.append((path, str(exc)))
            continue
        blob = sealed.seal(new.subkey("drafts"), data) if new is not None else data
        fd, tmp = tempfile.mkstemp(prefix=".reseal.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        result.drafts_resealed.append(path)
    fsync_dir(folder)
