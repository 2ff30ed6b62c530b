"""The client list's reads: its rows, the name search and the count (and ``ClientNotFound``).

Apart from :mod:`glutedesk.storage.clients` (which re-exports them) because the first window
needs only these: they import nothing of the domain model and run on any :class:`Reader`, the
Clinic's plain connection included.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from glutedesk.storage.name_search import matching_rowids_sql, name_words, starts_first_sql

if TYPE_CHECKING:
    from collections.abc import Collection

    from glutedesk.domain.ids import ClientId
    from glutedesk.storage.reader import Reader


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


def list_clients(db: Reader, *, limit: int | None = None) -> list[ClientListItem]:
    """Return the client list ordered by last then first name, with visit counts."""
    sql = _LIST_SQL + " ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id"
    params: list[object] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_list_item(r) for r in db.execute(sql, params)]


def search_clients(db: Reader, text: str, *, limit: int = 200) -> list[ClientListItem]:
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


def list_items_of(db: Reader, client_ids: Collection[str]) -> list[ClientListItem]:
    """The client-list rows of the clients ``client_ids`` that exist, in no set order."""
    ids = list(client_ids)
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    return [_list_item(r) for r in db.execute(_LIST_SQL + f" WHERE c.id IN ({marks})", ids)]


def count_clients(db: Reader) -> int:
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
