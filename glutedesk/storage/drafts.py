"""Crash-safe drafts of visits being edited: one JSON file per visit, beside the database.

The visit editor autosaves what has been typed every few seconds into
``<database file>.drafts/<visit id>.json``. A draft is written atomically (a temporary file in
the same folder, flushed and fsynced, then ``os.replace``), so a crash mid-write leaves either
the old draft or the new one, never half a file. After a successful save the draft is
discarded; after a crash it is still there, and the editor offers to restore it.

The drafts of a clinic protected by a passphrase are sealed (:mod:`glutedesk.storage.sealed`)
with a key derived from the clinic's key; their names keep the ``.json`` suffix but hold no
readable JSON.

Drafts hold work in progress, so they are never validated against the clinical rules here
(that happens on save); they are only required to be well-formed visits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.serialize import SerializationError, from_json, to_json
from glutedesk.storage import cipher, sealed
from glutedesk.storage.backup_files import fsync_dir as _fsync_dir
from glutedesk.storage.private_files import make_private_dir, tighten

if TYPE_CHECKING:
    from glutedesk.domain.models import Visit
    from glutedesk.storage.reader import Reader

DRAFT_FORMAT = "glutedesk-visit-draft"
DRAFT_VERSION = 1
SUFFIX = ".json"


class DraftError(ValueError):
    """A draft file cannot be read or does not hold a visit; the message says which file."""


@dataclass(frozen=True)
class Draft:
    """A visit as it was being edited, with when it was written and whether it was new."""

    visit: Visit
    saved_at: dt.datetime
    is_new: bool
    path: Path

    @property
    def visit_id(self) -> VisitId:
        return self.visit.id

    @property
    def client_id(self) -> ClientId:
        return self.visit.client_id


def drafts_dir(db_path: Path | str) -> Path:
    """Return the drafts folder of the database at ``db_path`` (``<db>.drafts``)."""
    path = Path(db_path)
    return path.with_name(path.name + ".drafts")


def database_file(db: Reader) -> Path | None:
    """Return the file behind ``db``'s main schema, or None for an in-memory database."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def _drafts_key(folder: Path) -> bytes | None:
    name = folder.name
    if not name.endswith(".drafts"):
        return None
    key = cipher.key_for(folder.with_name(name[: -len(".drafts")]))
    return key.subkey("drafts") if key is not None else None


def _encode(folder: Path, text: str) -> bytes:
    data = text.encode("utf-8")
    key = _drafts_key(folder)
    return sealed.seal(key, data) if key is not None else data


def _decode(path: Path, data: bytes) -> str:
    if sealed.is_sealed(data):
        key = _drafts_key(path.parent)
        if key is None:
            raise DraftError(f"{path.name}: sealed by a protected clinic that is not unlocked")
        try:
            data = sealed.unseal(key, data)
        except sealed.SealBroken as exc:
            raise DraftError(f"{path.name}: {exc}") from None
    return data.decode("utf-8")


def _draft_path(folder: Path, visit_id: str) -> Path:
    if not visit_id or any(ch in visit_id for ch in "/\\:") or visit_id.startswith("."):
        raise DraftError(f"{visit_id!r} is not a valid visit id for a draft file name")
    return folder / f"{visit_id}{SUFFIX}"


def save_draft(folder: Path, visit: Visit, *, is_new: bool, now: dt.datetime | None = None) -> Path:
    """Write ``visit`` as the draft of its visit id in ``folder``, atomically; return the path.

    The folder is created if needed, owner-only (``0700``; the draft itself is ``0600``, as
    ``mkstemp`` makes it). The previous draft of the same visit is replaced only once the new
    one is completely on disk. Raises ``OSError`` when the disk refuses the write (the
    previous draft, if any, is left intact).
    """
    folder = make_private_dir(folder)
    tighten(folder)
    target = _draft_path(folder, visit.id)
    saved_at = now or dt.datetime.now(dt.UTC)
    document = {
        "format": DRAFT_FORMAT,
        "version": DRAFT_VERSION,
        "saved_at": saved_at.isoformat(),
        "is_new": bool(is_new),
        "visit": to_json(visit),
    }
    text = json.dumps(document, ensure_ascii=False, indent=1)
    fd, temp_name = tempfile.mkstemp(prefix=f".{visit.id}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_encode(folder, text))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_dir(folder)
    return target


def load_draft(folder: Path, visit_id: str) -> Draft:
    """Return the draft of ``visit_id`` in ``folder``.

    Raises ``FileNotFoundError`` when there is none and :class:`DraftError` when the file is
    not a readable GluteDesk draft.
    """
    return _read(_draft_path(Path(folder), visit_id))


def _read(path: Path) -> Draft:
    try:
        text = _decode(path, path.read_bytes())
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftError(f"{path.name}: cannot be read ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DraftError(f"{path.name}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
        raise DraftError(f"{path.name}: not a GluteDesk visit draft")
    if data.get("version") != DRAFT_VERSION:
        raise DraftError(f"{path.name}: draft version {data.get('version')!r} is not supported")
    from glutedesk.domain.models import Visit  # not needed to open a clinic

    try:
        visit = from_json(Visit, data.get("visit"))
        saved_at = dt.datetime.fromisoformat(str(data.get("saved_at")))
    except (SerializationError, ValueError) as exc:
        raise DraftError(f"{path.name}: {exc}") from None
    return Draft(visit=visit, saved_at=saved_at, is_new=bool(data.get("is_new")), path=path)


def _draft_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.suffix == SUFFIX and not path.name.startswith(".") and path.is_file():
            yield path


def list_drafts(folder: Path, *, client_id: str | None = None) -> list[Draft]:
    """Return the readable drafts in ``folder``, oldest first (optionally of one client).

    Unreadable files are skipped, never deleted: see :func:`unreadable_drafts`.
    """
    drafts: list[Draft] = []
    for path in _draft_files(Path(folder)):
        try:
            draft = _read(path)
        except (DraftError, OSError):
            continue
        if client_id is None or draft.client_id == client_id:
            drafts.append(draft)
    return sorted(drafts, key=lambda d: d.saved_at)


def unreadable_drafts(folder: Path) -> list[Path]:
    """Return draft files in ``folder`` that cannot be read (kept for support to look at)."""
    bad: list[Path] = []
    for path in _draft_files(Path(folder)):
        try:
            _read(path)
        except (DraftError, OSError):
            bad.append(path)
    return bad


def discard_draft(folder: Path, visit_id: str) -> bool:
    """Delete the draft of ``visit_id``; return False when there was none."""
    try:
        _draft_path(Path(folder), visit_id).unlink()
    except FileNotFoundError:
        return False
    return True


def remove_client_drafts(folder: Path, client_id: str) -> list[Path]:
    """Delete every file in ``folder`` that mentions ``client_id``; return the files deleted.

    Used by erasure: the client's drafts, drafts that can no longer be read and half-written
    temporary files (``.<visit>.*.tmp`` left by a crash) alike, since any of them may hold
    what was typed about the client. Raises ``OSError`` when a file cannot be deleted.
    """
    folder = Path(folder)
    if not folder.is_dir() or not client_id:
        return []
    needle = client_id.encode("utf-8")
    removed: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        key = _drafts_key(folder)
        if key is not None and sealed.is_sealed(data):
            with contextlib.suppress(sealed.SealBroken):
                data = sealed.unseal(key, data)
        holds = needle in data
        if holds:
            path.unlink()
            removed.append(path)
    if removed:
        _fsync_dir(folder)
    return removed
