"""Export and import of whole records as versioned JSON (see docs/export-format.md).

An export holds every client and visit field, timestamps included, so that export -> import
into an empty database -> export gives the same records. An import is all-or-nothing: the
whole file is parsed and validated before the first row is written, and the write is one
transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glutedesk import __version__
from glutedesk.domain.counts import plural
from glutedesk.domain.models import Client, Visit
from glutedesk.domain.record_rules import check_client, check_visit
from glutedesk.domain.serialize import SerializationError, from_json, to_json
from glutedesk.storage.audit import record_event
from glutedesk.storage.changes import Changes
from glutedesk.storage.clients import all_clients, get_client, save_client
from glutedesk.storage.correction_import import imported_correction_problems
from glutedesk.storage.rows import now_utc
from glutedesk.storage.safe_paths import (
    PathRefused,
    one_line,
    read_regular_file,
    write_file_atomically,
)
from glutedesk.storage.signing import (
    Amendment,
    Signature,
    amendments_for_client,
    insert_amendment,
    insert_signature,
    signatures_for_client,
    signing_problems,
)
from glutedesk.storage.strict_json import JsonLimitError, check_limits, decode
from glutedesk.storage.visits import save_visit, visits_for_client

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMAT_NAME = "glutedesk-export"
FORMAT_VERSION = 1
MAX_DOCUMENT_BYTES = 250_000_000
"""The largest file :func:`read_export` reads whole (parsing takes a few times this in memory).
The import command reads any export a record at a time (:mod:`glutedesk.storage.import_stream`)."""


class ImportRefused(ValueError):
    """An import file was refused; nothing was written. ``str()`` says why, in one line.

    The message quotes values from the file, so it is shortened and its control characters
    (line breaks, terminal escapes) are shown escaped: one printable line, whatever the file.
    """

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


@dataclass(frozen=True)
class ExportDocument:
    """The parsed content of an export file."""

    exported_at: dt.datetime
    app_version: str
    clients: tuple[Client, ...]
    visits: tuple[Visit, ...]
    signatures: tuple[Signature, ...] = ()
    amendments: tuple[Amendment, ...] = ()


def export_records(db: Database, client_id: str | None = None) -> dict[str, Any]:
    """Return every record (or one client's) as the versioned export document (JSON data)."""
    clients = [get_client(db, client_id)] if client_id else all_clients(db)
    visits = [v for c in clients for v in visits_for_client(db, c.id)]
    doc = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": now_utc().isoformat(),
        "clients": [to_json(c) for c in clients],
        "visits": [to_json(v) for v in visits],
    }
    # Optional keys, written only when there is something to write (older readers refuse them).
    signatures = [s for c in clients for s in signatures_for_client(db, c.id)]
    amendments = [a for c in clients for a in amendments_for_client(db, c.id)]
    if signatures:
        doc["signatures"] = [to_json(s) for s in signatures]
    if amendments:
        doc["amendments"] = [_amendment_json(a) for a in amendments]
    return doc


def _amendment_json(amendment: Amendment) -> dict[str, Any]:
    data: dict[str, Any] = to_json(amendment)
    if not data["corrections"]:
        del data["corrections"]  # a text amendment reads as it did before corrections existed
    return data


def write_export(db: Database, out: Path, client_id: str | None = None) -> int:
    """Write the export document to ``out`` atomically (temp file then rename).

    Returns the number of clients written. ``out`` must be a new name or a regular file: a
    symbolic link, device, named pipe or folder is refused with :class:`PathRefused` before
    anything is written, and a failed write leaves ``out`` as it was and no partial file.
    """
    clients = [get_client(db, client_id)] if client_id else all_clients(db)
    write_file_atomically(Path(out), _export_pieces(db, clients))
    record_event(db, "export", client_id=client_id, detail=plural(len(clients), "client"))
    return len(clients)


def _export_pieces(db: Database, clients: list[Client]) -> Iterator[bytes]:
    """The export document as :func:`json.dumps` with ``indent=1`` writes it, a record at a
    time: a clinic of 200,000 visits is never held whole in memory (it took 13 GB)."""
    head = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": now_utc().isoformat(),
    }
    yield ("{\n" + ",\n".join(f" {_dumps(k)}: {_dumps(v)}" for k, v in head.items())).encode()
    visits = (v for c in clients for v in visits_for_client(db, c.id))
    signatures = (s for c in clients for s in signatures_for_client(db, c.id))
    amendments = (a for c in clients for a in amendments_for_client(db, c.id))
    yield from _list_pieces("clients", map(to_json, clients), always=True)
    yield from _list_pieces("visits", map(to_json, visits), always=True)
    # Optional keys, written only when there is something to write (older readers refuse them).
    yield from _list_pieces("signatures", map(to_json, signatures), always=False)
    yield from _list_pieces("amendments", map(_amendment_json, amendments), always=False)
    yield b"\n}"


def _list_pieces(key: str, records: Iterator[Any], *, always: bool) -> Iterator[bytes]:
    first = True
    for record in records:
        text = "\n".join("  " + line for line in _dumps(record, indent=1).split("\n"))
        yield ((f",\n {_dumps(key)}: [\n" if first else ",\n") + text).encode()
        first = False
    if not first:
        yield b"\n ]"
    elif always:
        yield f",\n {_dumps(key)}: []".encode()


def _dumps(value: Any, indent: int | None = None) -> str:
    # A JSON string never holds a raw line break, so splitting the text on them is safe.
    return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)


def parse_export(data: Any) -> ExportDocument:
    """Validate export JSON data strictly and return the records it holds.

    Raises :class:`ImportRefused` naming the first problem (wrong format or version, an unknown
    field, a wrong type, an invalid date, a visit whose client is missing, a duplicate id, a
    number or nesting beyond the format's limits).
    """
    try:
        check_limits(data)
    except JsonLimitError as exc:
        raise ImportRefused(_limit_message(exc, "The export")) from None
    return _parse_checked(data)


def _parse_checked(data: Any) -> ExportDocument:
    if not isinstance(data, dict):
        raise ImportRefused("The file is not a GluteDesk export (expected a JSON object).")
    if data.get("format") != FORMAT_NAME:
        raise ImportRefused("The file is not a GluteDesk export (its 'format' is missing).")
    version = data.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:  # true and 1.0 equal 1 in Python
        raise ImportRefused(
            f"The export is format version {version!r}; this GluteDesk reads version "
            f"{FORMAT_VERSION}."
        )
    unknown = sorted(set(data) - _TOP_LEVEL_KEYS)
    if unknown:
        raise ImportRefused(f"The export has an unknown top-level field {unknown[0]!r}.")
    for key in ("clients", "visits"):
        if not isinstance(data.get(key), list):
            raise ImportRefused(f"The export's {key!r} must be a list.")
    for key in ("signatures", "amendments"):
        if not isinstance(data.get(key, []), list):
            raise ImportRefused(f"The export's {key!r} must be a list.")
    try:
        exported_at = from_json(dt.datetime, data.get("exported_at"), "exported_at")
        app_version = from_json(str, data.get("app_version", ""), "app_version")
        clients = tuple(
            from_json(Client, c, f"clients[{i}]") for i, c in enumerate(data["clients"])
        )
        visits = tuple(from_json(Visit, v, f"visits[{i}]") for i, v in enumerate(data["visits"]))
        signatures = tuple(
            from_json(Signature, s, f"signatures[{i}]")
            for i, s in enumerate(data.get("signatures", []))
        )
        amendments = tuple(
            from_json(Amendment, a, f"amendments[{i}]")
            for i, a in enumerate(data.get("amendments", []))
        )
    except SerializationError as exc:
        raise ImportRefused(f"Invalid record: {exc}") from None
    _check_ids(clients, visits)
    problems = signing_problems({v.id for v in visits}, signatures, amendments)
    problems += imported_correction_problems(visits, amendments)
    if problems:
        raise ImportRefused(f"Invalid record: {problems[0]}")
    return ExportDocument(exported_at, app_version, clients, visits, signatures, amendments)


def read_export(path: Path) -> ExportDocument:
    """Read and validate a small export file whole, in memory (see :func:`parse_export`).

    Only a regular file of at most :data:`MAX_DOCUMENT_BYTES` is read (a pipe, device or folder is
    refused without waiting); it must be UTF-8 (a leading byte-order mark is ignored) JSON
    within the limits of :mod:`glutedesk.storage.strict_json`.
    """
    try:
        raw = read_regular_file(Path(path), limit=MAX_DOCUMENT_BYTES, what="GluteDesk export file")
    except PathRefused as exc:
        raise ImportRefused(str(exc)) from None
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    elif raw.startswith(_UTF16_BOMS):
        raise ImportRefused(f"{path} is UTF-16 text; GluteDesk reads exports saved as UTF-8.")
    if not raw.strip():
        raise ImportRefused(f"{path} is empty, not a GluteDesk export.")
    try:
        data = decode(raw)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportRefused(
            f"{path} is not UTF-8 text (an invalid byte at line {line}, column {column})."
        ) from None
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except JsonLimitError as exc:
        raise ImportRefused(_limit_message(exc, path)) from None
    return _parse_checked(data)


def _limit_message(exc: JsonLimitError, source: object) -> str:
    return f"Invalid record: {exc}" if exc.field else f"{source} {exc}"


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


Validator = Callable[[ExportDocument], Iterable[str]]


def clinical_problems(doc: ExportDocument) -> Iterator[str]:
    """Yield each record of ``doc`` that breaks a clinical rule (the same rules as the editor)."""
    dobs = {c.id: c.date_of_birth for c in doc.clients}
    for i, client in enumerate(doc.clients):
        for problem in check_client(client):
            if problem.severity == "error":
                yield f"clients[{i}] ({client.name}), {problem.field}: {problem.message}"
    for i, visit in enumerate(doc.visits):
        for problem in check_visit(visit, client_dob=dobs.get(visit.client_id)):
            if problem.severity == "error":
                yield f"visits[{i}] ({visit.visit_date}), {problem.field}: {problem.message}"


def import_records(
    db: Database, doc: ExportDocument, *, validate: Validator = clinical_problems
) -> Changes:
    """Write the records of ``doc`` in one transaction, after validating all of them.

    ``validate`` returns problem messages (by default every clinical rule the editor applies);
    any problem refuses the import. Ids already in the database are refused rather than
    overwritten. On any failure nothing is written and :class:`ImportRefused` explains why.
    """
    problems = list(validate(doc))
    if problems:
        raise ImportRefused(f"Invalid record: {problems[0]}")
    existing = _existing_ids(db, "clients", [c.id for c in doc.clients])
    if existing:
        raise ImportRefused(f"Client {existing[0]} is already in this database; nothing imported.")
    existing = _existing_ids(db, "visits", [v.id for v in doc.visits])
    if existing:
        raise ImportRefused(f"Visit {existing[0]} is already in this database; nothing imported.")
    changes = Changes()
    try:
        with db.atomic():
            for client in doc.clients:
                changes |= save_client(db, client, touch=False, audit=False)[1]
            for visit in doc.visits:
                changes |= save_visit(db, visit, touch=False, audit=False)[1]
            for sig in doc.signatures:
                insert_signature(db, sig)
            for amendment in doc.amendments:
                insert_amendment(db, amendment)
            for client in doc.clients:
                count = sum(1 for v in doc.visits if v.client_id == client.id)
                detail = f"client, {plural(count, 'visit')}"
                record_event(db, "import", client_id=client.id, detail=detail)
    except sqlite3.IntegrityError as exc:
        raise ImportRefused(f"A record breaks a database rule ({exc}); nothing imported.") from None
    return changes


_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")  # GluteDesk makes 32 hex digits
_TOP_LEVEL_KEYS = frozenset(
    {"format", "format_version", "app_version", "exported_at", "clients", "visits"}
    | {"signatures", "amendments"}  # optional
)


def _check_ids(clients: tuple[Client, ...], visits: tuple[Visit, ...]) -> None:
    groups: tuple[tuple[str, Sequence[Client | Visit]], ...] = (
        ("clients", clients),
        ("visits", visits),
    )
    for kind, records in groups:
        for i, record in enumerate(records):
            if not _ID.fullmatch(record.id):
                shown = record.id if len(record.id) <= 40 else record.id[:36] + "..."
                raise ImportRefused(
                    f"Invalid record: {kind}[{i}].id: {shown!r} is not a GluteDesk id "
                    "(1 to 64 letters, digits, '-' or '_')."
                )
    seen: set[str] = set()
    for c in clients:
        if c.id in seen:
            raise ImportRefused(f"Client id {c.id} appears twice in the file.")
        seen.add(c.id)
    visit_ids: set[str] = set()
    for v in visits:
        if v.id in visit_ids:
            raise ImportRefused(f"Visit id {v.id} appears twice in the file.")
        visit_ids.add(v.id)
        if v.client_id not in seen:
            raise ImportRefused(f"Visit {v.id} belongs to client {v.client_id}, not in the file.")


def _existing_ids(db: Database, table: str, ids: list[str]) -> list[str]:
    found: list[str] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found += [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)]
    return found
