"""Connections to clinic files, plain or protected by a passphrase (SQLCipher 4).

Every connection ``storage`` makes to a clinic file, a backup or a copy goes through
:func:`connect`, which picks the engine from the file itself: a file that begins with
"SQLite format 3" (or does not exist yet) is opened with Python's ``sqlite3`` exactly as before;
any other file is an SQLCipher file and is opened with ``sqlcipher3`` and the key unlocked for
it. SQLCipher 4's defaults are kept (AES-256, PBKDF2-HMAC-SHA512 with 256,000 iterations,
per-page HMAC-SHA512). The key is derived once here (the same derivation SQLCipher does) and
then given to SQLCipher as a raw key *with the file's salt*, so opening a connection costs no
key derivation, and every copy made from a protected clinic (backups, restores, snapshots)
carries the clinic's salt and opens with the passphrase alone. See
docs/design/0007-encryption.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

SQLITE_MAGIC = b"SQLite format 3\x00"
KDF_ITERATIONS = 256_000  # SQLCipher 4's default
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PAGE_SIZE = 512  # SQLCipher files are whole pages of 512 to 65536 bytes


class ClinicLocked(sqlite3.DatabaseError):
    """A protected file was opened without its key (an ``sqlite3.DatabaseError``, so a
    caller that already handles an unreadable file handles this one too)."""


@dataclass(frozen=True)
class FileKey:
    """The raw SQLCipher key of one clinic and the salt its files carry."""

    key: bytes
    salt: bytes

    def pragma(self) -> str:
        """The ``PRAGMA key`` value: raw key and salt, so no derivation runs in SQLCipher."""
        return f"\"x'{self.key.hex()}{self.salt.hex()}'\""

    def subkey(self, purpose: str) -> bytes:
        """A key for another use (drafts), derived from this one and never equal to it."""
        return hmac.new(self.key, b"glutedesk " + purpose.encode(), hashlib.sha256).digest()


_lock = threading.Lock()
_by_path: dict[Path, FileKey] = {}
_by_salt: dict[bytes, FileKey] = {}
_plain_paths: set[Path] = set()


def derive_key(passphrase: str, salt: bytes) -> FileKey:
    """Derive the clinic key from ``passphrase`` as SQLCipher 4 does (PBKDF2-HMAC-SHA512)."""
    raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)
    return FileKey(raw, salt)


def new_salt() -> bytes:
    """A fresh random salt for a newly protected clinic."""
    return os.urandom(SALT_BYTES)


def remember(path: Path | None, key: FileKey) -> None:
    """Use ``key`` from now on for ``path`` and for every file carrying its salt."""
    with _lock:
        if path is not None:
            resolved = Path(path).resolve()
            _by_path[resolved] = key
            _plain_paths.discard(resolved)
        _by_salt[key.salt] = key


def remember_plain(path: Path) -> None:
    """Note that ``path`` is a plain clinic, so :func:`connect` need not read its header
    (reading a file this process holds open would drop SQLite's locks on it)."""
    with _lock:
        resolved = Path(path).resolve()
        _plain_paths.add(resolved)
        _by_path.pop(resolved, None)


def forget(path: Path) -> None:
    """Forget what is known about ``path`` (it was re-encrypted, decrypted or replaced)."""
    with _lock:
        resolved = Path(path).resolve()
        key = _by_path.pop(resolved, None)
        _plain_paths.discard(resolved)
        if key is not None and key not in _by_path.values():
            _by_salt.pop(key.salt, None)


def known_plain(path: Path) -> bool:
    """Whether ``path`` was opened as a plain clinic by this process."""
    with _lock:
        return Path(path).resolve() in _plain_paths


def key_for(path: Path) -> FileKey | None:
    """The key unlocked for the clinic at ``path`` (None: plain, or not unlocked)."""
    with _lock:
        return _by_path.get(Path(path).resolve())


def file_salt(path: Path) -> bytes | None:
    """The salt at the start of an SQLCipher file; None for a plain, empty or missing file,
    and for one that cannot be an SQLCipher file (not whole pages: text, other formats)."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return None
    if len(head) < SALT_BYTES or head.startswith(SQLITE_MAGIC) or size % MIN_PAGE_SIZE:
        return None
    if not head.strip(b"\x00"):
        return None  # a wiped header: a damaged plain file, not a random salt
    return head[:SALT_BYTES]


def _file_of(database: str | Path, uri: bool) -> Path | None:
    text = str(database)
    if text == ":memory:" or text == "":
        return None
    if uri and text.startswith("file:"):
        return Path(unquote(urlparse(text).path))
    return Path(text)


def _key_for_file(path: Path) -> FileKey | None:
    resolved = path.resolve()
    with _lock:
        if resolved in _by_path:
            return _by_path[resolved]
        if resolved in _plain_paths:
            return None
    salt = file_salt(resolved)
    if salt is None:
        return None
    with _lock:
        key = _by_salt.get(salt)
    if key is None:
        raise ClinicLocked(f"{path.name} is protected by a passphrase, which has not been given")
    return key


def connect(database: str | Path, *, uri: bool = False, **kwargs: Any) -> Any:
    """Open ``database`` with ``sqlite3`` (plain) or SQLCipher (protected), as the file says.

    Accepts what ``sqlite3.connect`` accepts. Raises :class:`ClinicLocked` for a protected
    file whose key is not known; SQLCipher's own errors surface as ``sqlite3`` errors.
    """
    path = _file_of(database, uri)
    key = _key_for_file(path) if path is not None else None
    if key is None:
        return sqlite3.connect(database, uri=uri, **kwargs)
    return connect_keyed(database, key, uri=uri, **kwargs)


def connect_keyed(database: str | Path, key: FileKey, *, uri: bool = False, **kwargs: Any) -> Any:
    """Open ``database`` with SQLCipher and ``key`` (a new file is written with its salt)."""
    import sqlcipher3  # type: ignore[import-untyped]

    from glutedesk.storage.cipher_connection import CipherConnection, translated

    with translated():
        raw = sqlcipher3.connect(str(database), uri=uri, **kwargs)
        try:
            raw.execute("PRAGMA cipher_log_level = NONE")
            raw.execute(f"PRAGMA key = {key.pragma()}")
        except BaseException:
            raw.close()
            raise
    return CipherConnection(raw, key)


def connection_key(conn: Any) -> FileKey | None:
    """The key of an open connection (None for a plain one)."""
    return getattr(conn, "file_key", None)


def connect_like(source: Any, target: Path, **kwargs: Any) -> Any:
    """Open a new file ``target`` protected exactly as ``source``'s connection (or plain)."""
    key = connection_key(source)
    if key is None:
        return sqlite3.connect(target, **kwargs)
    return connect_keyed(target, key, **kwargs)
