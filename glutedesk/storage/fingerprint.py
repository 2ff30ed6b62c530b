"""Backup fingerprints: the SHA-256 GluteDesk recorded when it wrote each backup.

Beside every backup ``X.sqlite3`` GluteDesk writes ``X.sqlite3.sha256`` (owner-only), one line in
the ``sha256sum`` format, so ``sha256sum -c`` can check it too. A restore compares the backup's
bytes with it: a backup changed since GluteDesk wrote it, or one without a fingerprint, is
restored only after a warning. When GluteDesk itself rewrites a backup (for example to purge an
erased client), it records the new fingerprint with :func:`record_fingerprint`.

Standard library only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Literal

from glutedesk.storage.private_files import replace_whole

SUFFIX = ".sha256"
CHUNK = 1 << 20

FingerprintStatus = Literal["matches", "changed", "missing"]


def sidecar_path(backup: Path) -> Path:
    """Return the fingerprint file of ``backup``."""
    backup = Path(backup)
    return backup.with_name(backup.name + SUFFIX)


def file_sha256(path: Path) -> str:
    """Return the SHA-256 (hex) of the bytes of ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def record_fingerprint(backup: Path, digest: str | None = None, *, name: str | None = None) -> str:
    """(Re)record the fingerprint of ``backup`` and return it.

    Call this whenever GluteDesk itself writes or rewrites a backup file. ``digest`` is the
    SHA-256 already computed (else it is computed now); ``name`` is the file name to record
    when ``backup`` is still under a temporary name. The fingerprint file is written whole
    (temporary file, flush, rename) and is readable by its owner only.
    """
    backup = Path(backup)
    digest = digest or file_sha256(backup)
    target = sidecar_path(backup.with_name(name) if name else backup)
    line = f"{digest}  {target.name[: -len(SUFFIX)]}\n"
    replace_whole(target, line.encode(), target.with_name(f"{target.name}.{os.getpid()}.tmp"))
    return digest


def recorded_fingerprint(backup: Path) -> str | None:
    """Return the SHA-256 recorded for ``backup``; None when there is none or it is unreadable."""
    try:
        text = sidecar_path(backup).read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    digest = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return digest


def fingerprint_status(backup: Path) -> FingerprintStatus:
    """Compare ``backup``'s bytes with its recorded fingerprint.

    "matches": unchanged since GluteDesk wrote it; "changed": its bytes differ; "missing": there is
    no fingerprint to compare with (a backup made before fingerprints, or copied without it).
    """
    recorded = recorded_fingerprint(backup)
    if recorded is None:
        return "missing"
    try:
        actual = file_sha256(backup)
    except OSError:
        return "changed"
    return "matches" if actual == recorded else "changed"


def fingerprint_warning(backup: Path, status: FingerprintStatus) -> str | None:
    """Return the plain-words warning for a backup that is not as GluteDesk wrote it, or None."""
    name = Path(backup).name
    if status == "changed":
        return (
            f"{name} has changed since GluteDesk wrote it: its contents no longer match the "
            "fingerprint recorded when it was made. Someone or something edited it, so the "
            "records in it may not be the ones you backed up."
        )
    if status == "missing":
        return (
            f"{name} has no fingerprint, so GluteDesk cannot tell whether it was changed "
            "since it was made (it may be from an older GluteDesk or copied without its "
            f"{name}{SUFFIX} file)."
        )
    return None


def remove_backup_file(backup: Path) -> bool:
    """Delete a backup and its fingerprint; return False if the backup could not be deleted."""
    try:
        Path(backup).unlink()
    except OSError:
        return False  # a locked or vanished old backup is not worth an error
    with contextlib.suppress(OSError):
        sidecar_path(backup).unlink(missing_ok=True)
    return True
