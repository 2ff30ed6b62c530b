"""Clients: save, load, list and search (any part of a name)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import CaseHistory, Client, Consent, ConsentKind
from glutedesk.storage.audit import record_event
from glutedesk.storage.changes import Changes
from glutedesk.storage.client_list import (  # the list's reads, re-exported here
    ClientListItem as ClientListItem,
)
from glutedesk.storage.client_list import ClientNotFound as ClientNotFound
from glutedesk.storage.client_list import count_clients as count_clients
from glutedesk.storage.client_list import list_clients as list_clients
from glutedesk.storage.client_list import search_clients as search_clients
from glutedesk.storage.errors import write_errors
from glutedesk.storage.row_mappers import CLIENT_TABLES, client_rows, insert_sql
from glutedesk.storage.rows import date_or_none, fetch_dict, stamped

if TYPE_CHECKING:
    from sqlite_utils import Database

# The columns read back as they are stored (the others are converted or are the id).
_CLIENT_COLUMNS = tuple(
    c
    for c in CLIENT_TABLES["clients"]
    if c not in ("id", "date_of_birth", "sitting_hours_per_day", "created_at", "updated_at")
)
_HISTORY_COLUMNS = tuple(f.name for f in dataclasses.fields(CaseHistory))


def save_client(
    db: Database, client: Client, *, touch: bool = True, audit: bool = True
) -> tuple[Client, Changes]:
    """Insert or update ``client`` with its consents and case history in one transaction.

    With ``touch`` (the default) ``updated_at`` is set to now and ``created_at`` kept or set;
    without it the record's own timestamps are stored as they are (used by import). Returns
    the stored client and the change record. With ``audit`` a create/update event is logged
    in the same transaction. Disk-full, locked and read-only failures raise the clear errors
    of :mod:`glutedesk.storage.errors`, with nothing written.
    """
    client = stamped(client, touch=touch)
    rows = client_rows(client)
    row = dict(zip(CLIENT_TABLES["clients"], rows["clients"][0], strict=True))
    history = dict(zip(CLIENT_TABLES["case_histories"], rows["case_histories"][0], strict=True))
    with write_errors(), db.atomic():
        exists = db.execute("SELECT 1 FROM clients WHERE id = ?", [client.id]).fetchone()
        if exists:
            assignments = ", ".join(f"{k} = :{k}" for k in row if k != "id")
            db.execute(f"UPDATE clients SET {assignments} WHERE id = :id", row)
        else:
            cols = ", ".join(row)
            db.execute(f"INSERT INTO clients ({cols}) VALUES ({_params(row)})", row)
        db.execute(
            f"INSERT OR REPLACE INTO case_histories ({', '.join(history)}) "
            f"VALUES ({_params(history)})",
            history,
        )
        db.execute("DELETE FROM consents WHERE client_id = ?", [client.id])
        db.conn.executemany(insert_sql("consents"), rows["consents"])
        if audit:
            record_event(db, "update" if exists else "create", client_id=client.id, detail="client")
    return client, Changes(clients=frozenset({client.id}))


def get_client(db: Database, client_id: str) -> Client:
    """Return the client with ``client_id``; raises :class:`ClientNotFound`."""
    row = fetch_dict(db, "SELECT * FROM clients WHERE id = ?", [client_id])
    if row is None:
        raise ClientNotFound(f"No client with id {client_id!r}.")
    return _client_from_row(db, row)


def all_clients(db: Database) -> list[Client]:
    """Return every client, fully loaded, ordered by last then first name."""
    ids = [r[0] for r in db.execute("SELECT id FROM clients ORDER BY last_name, first_name, id")]
    return [get_client(db, cid) for cid in ids]


def client_ids(db: Database) -> list[ClientId]:
    """Return every client id, ordered by last then first name."""
    return [
        ClientId(r[0])
        for r in db.execute("SELECT id FROM clients ORDER BY last_name, first_name, id")
    ]


def resolve_client_id(db: Database, text: str) -> ClientId:
    """Return the id of the one client whose id is ``text`` or starts with it (>= 4 chars).

    Raises :class:`ClientNotFound` when none or several match.
    """
    text = text.strip()
    if db.execute("SELECT 1 FROM clients WHERE id = ?", [text]).fetchone():
        return ClientId(text)
    if len(text) >= 4:
        rows = db.execute(
            "SELECT id FROM clients WHERE substr(id, 1, ?) = ? LIMIT 2", [len(text), text]
        ).fetchall()
        if len(rows) == 1:
            return ClientId(rows[0][0])
        if len(rows) > 1:
            raise ClientNotFound(f"Several clients have ids starting {text!r}; give more of it.")
    raise ClientNotFound(f"No client with id {text!r}.")


def _client_from_row(db: Database, row: dict) -> Client:
    hist_row = db.execute(
        f"SELECT {', '.join(_HISTORY_COLUMNS)} FROM case_histories WHERE client_id = ?",
        [row["id"]],
    ).fetchone()
    history = (
        CaseHistory(**dict(zip(_HISTORY_COLUMNS, hist_row, strict=True)))
        if hist_row
        else CaseHistory()
    )
    consents = tuple(
        Consent(
            kind=ConsentKind(kind),
            given=bool(given),
            date=date_or_none(date),
            wording_version=version,
        )
        for kind, given, date, version in db.execute(
            "SELECT kind, given, date, wording_version FROM consents WHERE client_id = ? "
            "ORDER BY CASE kind WHEN 'treatment' THEN 0 WHEN 'data_processing' THEN 1 ELSE 2 END",
            [row["id"]],
        )
    )
    return Client(
        id=ClientId(row["id"]),
        date_of_birth=date_or_none(row["date_of_birth"]),
        sitting_hours_per_day=row["sitting_hours_per_day"],
        consents=consents,
        history=history,
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
        **{name: row[name] for name in _CLIENT_COLUMNS},
    )


def _params(row: dict) -> str:
    return ", ".join(f":{k}" for k in row)


def sample_client_names(db: Database, count: int) -> list[str]:
    """Return ``count`` client names spread evenly through the clinic, as "First Last".

    Used by the benchmark to type realistic searches into the running app.
    """
    total = db.execute("SELECT count(*) FROM clients").fetchone()[0]
    step = max(1, total // max(count, 1))
    rows = db.execute(
        "SELECT first_name, last_name FROM clients WHERE (rowid - 1) % ? = 0 ORDER BY rowid "
        "LIMIT ?",
        [step, count],
    ).fetchall()
    return [f"{first} {last}" for first, last in rows]
