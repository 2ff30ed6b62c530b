"""Clients: save, load, list and search (any part of a name)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import NamedTuple

from sqlite_utils import Database

from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import CaseHistory, Client, Consent, ConsentKind
from glutedesk.storage.audit import record_event
from glutedesk.storage.changes import Changes
from glutedesk.storage.errors import write_errors
from glutedesk.storage.name_search import matching_rowids_sql, name_words, starts_first_sql
from glutedesk.storage.row_mappers import CLIENT_TABLES, client_rows, insert_sql
from glutedesk.storage.rows import date_or_none, fetch_dict, stamped

# The columns read back as they are stored (the others are converted or are the id).
_CLIENT_COLUMNS = tuple(
    c
    for c in CLIENT_TABLES["clients"]
    if c not in ("id", "date_of_birth", "sitting_hours_per_day", "created_at", "updated_at")
)
_HISTORY_COLUMNS = tuple(f.name for f in dataclasses.fields(CaseHistory))


class ClientNotFound(LookupError):
    """No client has the given id."""


class ClientListItem(NamedTuple):
    """One row of the client list: enough to show and find a client, without the full record.

    A named tuple rather than a dataclass: the list holds every client, and tuples are several
    times cheaper to build (it matters at 10,000 clients on every start-up and search).
    """

    id: ClientId
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    visit_count: int
    last_visit: dt.date | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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


def list_clients(db: Database, *, limit: int | None = None) -> list[ClientListItem]:
    """Return the client list ordered by last then first name, with visit counts."""
    sql = _LIST_SQL + " ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id"
    params: list[object] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_list_item(r) for r in db.execute(sql, params)]


def search_clients(db: Database, text: str, *, limit: int = 200) -> list[ClientListItem]:
    """Find clients with each word typed somewhere in their first or last name.

    "als" finds Anna Kowalski and "ali" Alice Brown; accents are ignored as the name index ignores
    them (see :mod:`glutedesk.storage.name_search`). Clients whose names start with the words
    come first, then those matching inside a name, each in name order. An empty query returns
    the client list.
    """
    words = name_words(text)
    if not words:
        return list_clients(db, limit=limit)
    condition, params = matching_rowids_sql(db, words)
    starts_first, order_params = starts_first_sql(words)
    sql = (
        _LIST_SQL
        + f" WHERE {condition} ORDER BY {starts_first},"
        + " c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id LIMIT ?"
    )
    return [_list_item(r) for r in db.execute(sql, [*params, *order_params, limit])]


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


def count_clients(db: Database) -> int:
    """Return how many clients the database holds."""
    return db.execute("SELECT count(*) FROM clients").fetchone()[0]


_LIST_SQL = """
SELECT c.id, c.first_name, c.last_name, c.date_of_birth, c.visit_count, c.last_visit
FROM clients c
"""


def _list_item(row: tuple) -> ClientListItem:
    dob, last = row[3], row[5]
    return ClientListItem(
        row[0],
        row[1],
        row[2],
        _from_iso(dob) if dob else None,
        row[4],
        _from_iso(last) if last else None,
    )


_from_iso = dt.date.fromisoformat


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
