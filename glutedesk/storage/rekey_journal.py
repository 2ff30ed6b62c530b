"""The journal of a passphrase change (``<database>.rekey-journal``): what a change still has
to do to the backups and drafts once the clinic itself is under its new key.

A change re-writes the clinic first and renames it into place; the backups and drafts follow.
A process killed in between would leave them under the old key (or plain) with the old key
gone. So, before the rename, the journal is written (owner-only, flushed to disk) with the old
key and the salt of the new clinic; it is removed once every backup and draft is done. The next
open of the clinic (:func:`glutedesk.storage.protect.finish_interrupted_change`) finds it and
finishes the work.

The old key is sealed (:mod:`glutedesk.storage.sealed`) under a key derived from the *new*
clinic key, so the journal tells nothing without the new passphrase. When protection is being
removed there is no new key: the old key is kept as it is, for as long as the journal lives
(the clinic it protected is already plain by then, and the backups it opens are about to be).
A journal whose salt is not the clinic's belongs to a change that never reached its rename: it
is dropped.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from glutedesk.storage import cipher, sealed
from glutedesk.storage.cipher import FileKey
from glutedesk.storage.private_files import replace_whole

JOURNAL_FORMAT = "glutedesk-rekey-journal"
JOURNAL_VERSION = 1
_PURPOSE = "rekey journal"


@dataclass(frozen=True)
class RekeyJournal:
    """A change's journal: the salt of the clinic it made (None: plain) and the old key."""

    new_salt: bytes | None
    old_salt: bytes | None
    old_key_blob: bytes | None  # sealed under the new key, or the raw old key (removal)

    def old_key(self, new: FileKey | None) -> FileKey | None:
        """The clinic's key before the change (None: it was plain, or cannot be read)."""
        if self.old_salt is None or self.old_key_blob is None:
            return None
        raw = self.old_key_blob
        if new is not None:
            try:
                raw = sealed.unseal(new.subkey(_PURPOSE), raw)
            except sealed.SealBroken:
                return None
        return FileKey(raw, self.old_salt) if len(raw) == cipher.KEY_BYTES else None


def journal_path(db_path: Path) -> Path:
    """Where the journal of a passphrase change of the clinic at ``db_path`` lives."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".rekey-journal")


def write_journal(db_path: Path, old: FileKey | None, new: FileKey | None) -> None:
    """Write the journal of a change from ``old`` to ``new`` (None: plain), flushed to disk."""
    blob = None
    if old is not None:
        blob = sealed.seal(new.subkey(_PURPOSE), old.key) if new is not None else old.key
    document = {
        "format": JOURNAL_FORMAT,
        "version": JOURNAL_VERSION,
        "new_salt": new.salt.hex() if new is not None else None,
        "old_salt": old.salt.hex() if old is not None else None,
        "old_key": blob.hex() if blob is not None else None,
    }
    target = journal_path(db_path)
    data = json.dumps(document, indent=1).encode("utf-8")
    replace_whole(target, data, target.with_name(target.name + ".tmp"))


def read_journal(db_path: Path) -> RekeyJournal | None:
    """The journal beside ``db_path``; None when there is none or it cannot be read."""
    try:
        data = json.loads(journal_path(db_path).read_text(encoding="utf-8"))
        if data["format"] != JOURNAL_FORMAT or data["version"] != JOURNAL_VERSION:
            return None
        values = [data[k] for k in ("new_salt", "old_salt", "old_key")]
        return RekeyJournal(*(bytes.fromhex(v) if v is not None else None for v in values))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None


def journal_exists(db_path: Path) -> bool:
    """Whether a change left a journal beside ``db_path`` (readable or not)."""
    return journal_path(db_path).exists()


def hold(db_path: Path) -> int | None:
    """Open the journal and lock it for this process while the change (or its finishing)
    works, so a command opening the clinic meanwhile leaves it alone. None: there is no
    journal, or another live process holds it. The lock goes with the process if it dies."""
    try:
        import fcntl
    except ImportError:  # no advisory locks (Windows, where an open file cannot be removed)
        return -1 if journal_exists(db_path) else None
    try:
        fd = os.open(journal_path(db_path), os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def release(fd: int | None) -> None:
    """Let go of a journal held by :func:`hold`."""
    if fd is not None and fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)


def drop_journal(db_path: Path) -> None:
    """Remove the journal (and a half-written one); the change is complete."""
    target = journal_path(db_path)
    for path in (target, target.with_name(target.name + ".tmp")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
