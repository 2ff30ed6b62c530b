"""The key file beside a protected clinic (``<database>.key``): a passphrase check and the
recovery key's wrapped copy of the clinic key.

It never holds the key itself. ``check`` is an HMAC of a fixed text under the clinic key, so a
passphrase can be told right or wrong before the database is read (a right passphrase on a
file whose pages fail SQLCipher's check means the *file* is damaged). ``recovery`` is the clinic
key XOR-ed with a PBKDF2-HMAC-SHA512 derivation of the recovery key under its own salt: a
one-time pad over a single 32-byte value, so without the recovery key it tells nothing.

Losing the key file loses neither the records nor the passphrase (the database opens with the
passphrase alone); only the recovery key stops working and wrong/damaged are no longer told
apart. The file is written atomically (a temporary file, fsync, rename).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from glutedesk.storage.cipher import KDF_ITERATIONS, FileKey

KEY_FORMAT = "glutedesk-key"
KEY_VERSION = 1
_CHECK_TEXT = b"glutedesk key check"


class KeyFileDamaged(Exception):
    """The key file beside the clinic cannot be read."""


@dataclass(frozen=True)
class KeyFile:
    """What a key file holds."""

    salt: bytes
    check: bytes
    recovery_salt: bytes
    recovery_wrapped: bytes


def key_path(db_path: Path) -> Path:
    """Where the key file of the clinic at ``db_path`` lives."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".key")


def pending_key_path(db_path: Path) -> Path:
    """Where a key file waits while the clinic it belongs to is being put in place."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".key.new")


def key_check(key: FileKey) -> bytes:
    """The value that tells whether ``key`` is the clinic's key."""
    return hmac.new(key.key, _CHECK_TEXT, hashlib.sha256).digest()


def new_recovery_key() -> str:
    """A new recovery key: 25 letters and digits in five groups (125 bits), easy to copy out."""
    text = base64.b32encode(secrets.token_bytes(16)).decode("ascii")[:25]
    return "-".join(text[i : i + 5] for i in range(0, 25, 5))


def _normal(recovery_key: str) -> bytes:
    return "".join(ch for ch in recovery_key.upper() if ch.isalnum()).encode("ascii")


def _pad(recovery_key: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", _normal(recovery_key), salt, KDF_ITERATIONS, 32)


def make_key_file(key: FileKey, recovery_key: str) -> KeyFile:
    """The key file for ``key``, with ``recovery_key`` able to give the key back."""
    salt = os.urandom(16)
    wrapped = bytes(a ^ b for a, b in zip(key.key, _pad(recovery_key, salt), strict=True))
    return KeyFile(key.salt, key_check(key), salt, wrapped)


def key_from_recovery(keyfile: KeyFile, recovery_key: str) -> FileKey | None:
    """The clinic key that ``recovery_key`` unwraps, or None when it is not the right one."""
    pad = _pad(recovery_key, keyfile.recovery_salt)
    raw = bytes(a ^ b for a, b in zip(keyfile.recovery_wrapped, pad, strict=True))
    key = FileKey(raw, keyfile.salt)
    return key if hmac.compare_digest(key_check(key), keyfile.check) else None


def write_key_file(path: Path, keyfile: KeyFile) -> None:
    """Write ``keyfile`` to ``path`` atomically, owner-only."""
    document = {
        "format": KEY_FORMAT,
        "version": KEY_VERSION,
        "cipher": "SQLCipher 4 (AES-256, PBKDF2-HMAC-SHA512 256000, HMAC-SHA512)",
        "salt": keyfile.salt.hex(),
        "check": keyfile.check.hex(),
        "recovery_salt": keyfile.recovery_salt.hex(),
        "recovery_wrapped": keyfile.recovery_wrapped.hex(),
    }
    fd, tmp = tempfile.mkstemp(prefix=".key.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_key_file(path: Path) -> KeyFile | None:
    """The key file at ``path``; None when there is none. Raises :class:`KeyFileDamaged`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeyFileDamaged(f"{Path(path).name} cannot be read ({exc})") from None
    try:
        if data["format"] != KEY_FORMAT or data["version"] != KEY_VERSION:
            raise ValueError("not a GluteDesk key file of a known version")
        found = KeyFile(
            bytes.fromhex(data["salt"]),
            bytes.fromhex(data["check"]),
            bytes.fromhex(data["recovery_salt"]),
            bytes.fromhex(data["recovery_wrapped"]),
        )
        if len(found.salt) != 16 or len(found.check) != 32 or len(found.recovery_wrapped) != 32:
            raise ValueError("a value has the wrong length")
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileDamaged(f"{Path(path).name} is damaged ({exc})") from None
    return found
