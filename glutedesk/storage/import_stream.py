"""Import an export file of any size a record at a time: all of it, or nothing.

Each record is read (:mod:`glutedesk.storage.export_stream`), checked against the format and
the same clinical rules as the editor, and written inside one transaction; the first refusal
rolls the transaction back, so the database is left exactly as it was. Memory holds one record,
the ids seen so far and the (small) signatures and amendments, never the whole file: the
export of a 10,000-client clinic (1.2 GB) imports in bounded memory.

The file must hold its parts in the order GluteDesk writes them: ``format`` and
``format_version`` before any records, then ``clients``, ``visits``, ``signatures``,
``amendments`` (a visit is checked against its client, a signature against the visits).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glutedesk.domain.counts import plural
from glutedesk.domain.models import Client, Visit
from glutedesk.domain.record_rules import check_client, check_visit
from glutedesk.domain.serialize import SerializationError, from_json
from glutedesk.storage.audit import record_event
from glutedesk.storage.clients import save_client
from glutedesk.storage.correction_import import imported_correction_problems
from glutedesk.storage.exchange import FORMAT_NAME, FORMAT_VERSION, ImportRefused
from glutedesk.storage.export_stream import LIST_OPENED, LISTS, ExportReader, Item, ReadRefused
from glutedesk.storage.signing import (
    Amendment,
    Signature,
    insert_amendment,
    insert_signature,
    signing_problems,
)
from glutedesk.storage.sqlite_utils_loader import Database
from glutedesk.storage.strict_json import JsonLimitError
from glutedesk.storage.visit_loading import get_visit
from glutedesk.storage.visits import save_visit

__all__ = ["ExportReader", "Imported", "check_room", "import_export", "open_export"]
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")  # GluteDesk makes 32 hex digits
_HEAD = ("format", "format_version", "app_version", "exported_at")


@dataclass(frozen=True)
class Imported:
    """What an import wrote."""

    clients: int
    visits: int


def open_export(path: Path) -> ExportReader:
    """Open ``path`` for :func:`import_export` (path, size, encoding mark and emptiness are
    checked here, before any database is opened); raises :class:`ImportRefused`."""
    try:
        return ExportReader(path)
    except ReadRefused as exc:
        raise ImportRefused(str(exc)) from None


def check_room(reader: ExportReader, db_path: Path) -> None:
    """Refuse a file whose records could not fit on the database's disk.

    The database grows by about two thirds of the file's size, and the transaction's log by as
    much again until it is checkpointed: the import needs the file's size free.
    """
    folder = Path(db_path).resolve().parent
    free = shutil.disk_usage(folder).free
    if reader.size > free:
        raise ImportRefused(
            f"Not enough free disk space to import {reader.path}: it needs about "
            f"{_size(reader.size)} beside the database in {folder}, and {_size(free)} is free."
        )


def import_export(db: Database, reader: ExportReader, db_path: Path | None = None) -> Imported:
    """Write the records of ``reader`` in one transaction, checking each (see the module doc).

    ``db_path`` (the database file) is checked for room first (:func:`check_room`). Raises
    :class:`ImportRefused` naming the first problem; nothing is then written.
    """
    if db_path is not None:
        check_room(reader, db_path)
    state = _State(db)
    try:
        with db.atomic():
            for item in reader:
                state.take(item)
            state.finish()
    except ReadRefused as exc:
        raise ImportRefused(str(exc)) from None
    except JsonLimitError as exc:
        raise ImportRefused(
            f"Invalid record: {exc}" if exc.field else f"{reader.path} {exc}"
        ) from None
    except sqlite3.IntegrityError as exc:
        raise ImportRefused(f"A record breaks a database rule ({exc}); nothing imported.") from None
    return Imported(len(state.client_dobs), state.visit_count)


@dataclass
class _State:
    db: Database
    head: dict[str, Any] = field(default_factory=dict)
    last_list: int = -1
    client_dobs: dict[str, dt.date | None] = field(default_factory=dict)
    visit_ids: set[str] = field(default_factory=set)
    visit_count: int = 0
    visits_per_client: dict[str, int] = field(default_factory=dict)
    signatures: list[Signature] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)

    def take(self, item: Item) -> None:
        if item.key in _HEAD:
            self._head(item)
            return
        if item.key not in LISTS:
            if "format" not in self.head:
                raise ImportRefused("The file is not a GluteDesk export (its 'format' is missing).")
            raise ImportRefused(f"The export has an unknown top-level field {item.key!r}.")
        if item.value is LIST_OPENED:
            self._in_order(item.key)
        elif item.index is None:
            raise ImportRefused(f"The export's {item.key!r} must be a list.")
        elif item.key == "clients":
            self._client(item)
        elif item.key == "visits":
            self._visit(item)
        elif item.key == "signatures":
            self.signatures.append(_record(Signature, item))
        else:
            self.amendments.append(_record(Amendment, item))

    def _head(self, item: Item) -> None:
        value = item.value
        if item.key == "format" and value != FORMAT_NAME:
            raise ImportRefused("The file is not a GluteDesk export (its 'format' is missing).")
        if item.key == "format_version" and (type(value) is not int or value != FORMAT_VERSION):
            raise ImportRefused(
                f"The export is format version {value!r}; this GluteDesk reads version "
                f"{FORMAT_VERSION}."
            )
        if item.key == "exported_at":
            value = _record(dt.datetime, item)
        elif item.key == "app_version":
            value = _record(str, item)
        self.head[item.key] = value

    def _in_order(self, key: str) -> None:
        position = LISTS.index(key)
        if "format" not in self.head:
            raise ImportRefused("The file is not a GluteDesk export (its 'format' is missing).")
        if "format_version" not in self.head:
            raise ImportRefused(
                "The export's 'format_version' must come before its records; this GluteDesk "
                f"reads version {FORMAT_VERSION}."
            )
        if position <= self.last_list and key in self.head:  # also caught as a repeated field
            raise ImportRefused(f"The export's {key!r} appears twice.")
        if position < self.last_list:
            raise ImportRefused(
                f"The export's {key!r} must come before its {LISTS[self.last_list]!r}."
            )
        self.last_list = position
        self.head[key] = True

    def _client(self, item: Item) -> None:
        client = _record(Client, item)
        _check_id(item, client.id)
        if client.id in self.client_dobs:
            raise ImportRefused(f"Client id {client.id} appears twice in the file.")
        for problem in check_client(client):
            if problem.severity == "error":
                raise ImportRefused(
                    f"Invalid record: {item.where} ({client.name}), {problem.field}: "
                    f"{problem.message}"
                )
        if _exists(self.db, "clients", client.id):
            raise ImportRefused(
                f"Client {client.id} is already in this database; nothing imported."
            )
        save_client(self.db, client, touch=False, audit=False)
        self.client_dobs[client.id] = client.date_of_birth
        self.visits_per_client[client.id] = 0

    def _visit(self, item: Item) -> None:
        visit = _record(Visit, item)
        _check_id(item, visit.id)
        if visit.id in self.visit_ids:
            raise ImportRefused(f"Visit id {visit.id} appears twice in the file.")
        if visit.client_id not in self.client_dobs:
            raise ImportRefused(
                f"Visit {visit.id} belongs to client {visit.client_id}, not in the file."
            )
        dob = self.client_dobs[visit.client_id]
        for problem in check_visit(visit, client_dob=dob):
            if problem.severity == "error":
                raise ImportRefused(
                    f"Invalid record: {item.where} ({visit.visit_date}), {problem.field}: "
                    f"{problem.message}"
                )
        if _exists(self.db, "visits", visit.id):
            raise ImportRefused(f"Visit {visit.id} is already in this database; nothing imported.")
        save_visit(self.db, visit, touch=False, audit=False)
        self.visit_ids.add(visit.id)
        self.visit_count += 1
        self.visits_per_client[visit.client_id] += 1

    def finish(self) -> None:
        if "format" not in self.head:
            raise ImportRefused("The file is not a GluteDesk export (its 'format' is missing).")
        for key in ("format_version", "clients", "visits"):
            if key not in self.head:
                raise ImportRefused(f"The export's {key!r} is missing.")
        signatures, amendments = tuple(self.signatures), tuple(self.amendments)
        problems = signing_problems(self.visit_ids, signatures, amendments)
        amended = {a.visit_id for a in amendments if a.corrections and a.visit_id in self.visit_ids}
        visits = [get_visit(self.db, visit_id) for visit_id in sorted(amended)]
        problems += imported_correction_problems(visits, amendments)
        if problems:
            raise ImportRefused(f"Invalid record: {problems[0]}")
        for signature in signatures:
            insert_signature(self.db, signature)
        for amendment in amendments:
            insert_amendment(self.db, amendment)
        for client_id, count in self.visits_per_client.items():
            detail = f"client, {plural(count, 'visit')}"
            record_event(self.db, "import", client_id=client_id, detail=detail)


def _record(kind: Any, item: Item) -> Any:
    try:
        return from_json(kind, item.value, item.where)
    except SerializationError as exc:
        raise ImportRefused(f"Invalid record: {exc}") from None


def _check_id(item: Item, record_id: str) -> None:
    if not _ID.fullmatch(record_id):
        shown = record_id if len(record_id) <= 40 else record_id[:36] + "..."
        raise ImportRefused(
            f"Invalid record: {item.where}.id: {shown!r} is not a GluteDesk id "
            "(1 to 64 letters, digits, '-' or '_')."
        )


def _exists(db: Database, table: str, record_id: str) -> bool:
    query = f"SELECT 1 FROM {table} WHERE id = ?"  # table is one of two names above
    return db.execute(query, [record_id]).fetchone() is not None


def _size(count: int) -> str:
    return f"{count / 1e9:,.1f} GB" if count >= 1e9 else f"{count / 1e6:,.0f} MB"
