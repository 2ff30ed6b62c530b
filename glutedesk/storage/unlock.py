"""Unlocking a protected clinic with its passphrase or recovery key.

A wrong passphrase writes nothing and costs a growing wait after repeated failures (none for
the first two, then 1, 2, 4 … up to 30 seconds, per clinic, for as long as the process runs),
on top of the key derivation itself. The key file (:mod:`glutedesk.storage.keyfile`) tells a
wrong passphrase from a damaged file; without it the two cannot be told apart and the message
says so.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from glutedesk.storage import cipher
from glutedesk.storage.cipher import FileKey
from glutedesk.storage.database import CorruptDatabaseError, StorageError
from glutedesk.storage.keyfile import (
    KeyFile,
    KeyFileDamaged,
    key_check,
    key_from_recovery,
    key_path,
    pending_key_path,
    read_key_file,
)

MAX_DELAY_S = 30.0
_failures: dict[Path, int] = {}


class PassphraseRequiredError(StorageError):
    """The clinic is protected and no passphrase was given."""


class WrongPassphraseError(StorageError):
    """The passphrase (or recovery key) given is not this clinic's."""


class ProtectedFileDamaged(CorruptDatabaseError):
    """The passphrase is right but the protected file (or its key file) is damaged."""


def failure_delay(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` wrong ones in a row."""
    return 0.0 if failures < 3 else min(2.0 ** (failures - 3), MAX_DELAY_S)


def is_protected(path: Path) -> bool:
    """Whether the file at ``path`` is an SQLCipher file (a clinic protected by a passphrase)."""
    return cipher.file_salt(Path(path)) is not None


def settle_leftovers(db_path: Path) -> None:
    """Finish or clean up after a ``passphrase set|change|remove`` that was interrupted.

    The clinic file is replaced in one rename, so it is always whole: the old one or the new
    one. A waiting key file belongs to it only if its salt is the clinic's salt.
    """
    db_path = Path(db_path)
    for leftover in (db_path.with_name(db_path.name + ".rekey-tmp"),):
        with contextlib.suppress(OSError):
            leftover.unlink()
    pending = pending_key_path(db_path)
    salt = cipher.file_salt(db_path)
    if pending.exists():
        try:
            waiting = read_key_file(pending)
        except KeyFileDamaged:
            waiting = None
        if waiting is not None and salt is not None and waiting.salt == salt:
            os.replace(pending, key_path(db_path))
        else:
            pending.unlink()
    if salt is None and key_path(db_path).exists() and db_path.exists():
        key_path(db_path).unlink()  # the clinic was made plain; its key file is stale


def current_key_file(db_path: Path) -> tuple[KeyFile | None, str | None]:
    """The clinic's key file if it belongs to the file as it is now, and why not otherwise."""
    try:
        found = read_key_file(key_path(db_path))
    except KeyFileDamaged as exc:
        return None, str(exc)
    if found is None:
        return None, "its key file is missing"
    if found.salt != cipher.file_salt(Path(db_path)):
        return None, "its key file belongs to another version of the file"
    return found, None


def _wait_turn(resolved: Path) -> None:
    delay = failure_delay(_failures.get(resolved, 0))
    if delay:
        time.sleep(delay)


def _failed(resolved: Path, message: str) -> WrongPassphraseError:
    _failures[resolved] = _failures.get(resolved, 0) + 1
    return WrongPassphraseError(message)


def unlock(db_path: Path, passphrase: str) -> FileKey:
    """Check ``passphrase`` against the clinic at ``db_path`` and remember its key.

    Raises :class:`WrongPassphraseError`, :class:`ProtectedFileDamaged`; writes nothing.
    """
    db_path = Path(db_path)
    resolved = db_path.resolve()
    _wait_turn(resolved)
    salt = cipher.file_salt(db_path)
    if salt is None:
        raise StorageError(f"{db_path} is not protected by a passphrase.")
    keyfile, why_not = current_key_file(db_path)
    key = cipher.derive_key(passphrase, salt)
    if keyfile is not None and key_check(key) != keyfile.check:
        raise _failed(resolved, f"Wrong passphrase for {db_path}; nothing was opened or changed.")
    return _accept(db_path, key, keyfile is not None, why_not)


def unlock_with_recovery(db_path: Path, recovery_key: str) -> FileKey:
    """Unlock the clinic with its recovery key (then a new passphrase should be set)."""
    db_path = Path(db_path)
    resolved = db_path.resolve()
    _wait_turn(resolved)
    keyfile, why_not = current_key_file(db_path)
    if keyfile is None:
        raise StorageError(f"The recovery key cannot be used: {why_not}.")
    key = key_from_recovery(keyfile, recovery_key)
    if key is None:
        raise _failed(resolved, f"Wrong recovery key for {db_path}; nothing was changed.")
    return _accept(db_path, key, True, None)


def _accept(db_path: Path, key: FileKey, checked: bool, why_not: str | None) -> FileKey:
    resolved = db_path.resolve()
    problem = _read_problem(db_path, key)
    if problem is not None:
        if checked:
            raise ProtectedFileDamaged(
                f"{db_path} is damaged: the passphrase is right, but the file fails its "
                f"check ({problem}). Restore a backup."
            )
        raise _failed(
            resolved,
            f"Wrong passphrase for {db_path}, or the file is damaged ({why_not}, so the two "
            "cannot be told apart); nothing was changed.",
        )
    _failures.pop(resolved, None)
    cipher.remember(db_path, key)
    return key


def _read_problem(db_path: Path, key: FileKey) -> str | None:
    uri = f"{db_path.resolve().as_uri()}?mode=ro"
    try:
        conn = cipher.connect_keyed(uri, key, uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()
    return None
