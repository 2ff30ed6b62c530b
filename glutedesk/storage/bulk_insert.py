"""Writing many records at once, for sample clinics built in bulk (never for the app's saves).

:func:`bulk_loading` relaxes durability for the length of a build that would be thrown away,
not repaired, if it stopped half-way; :func:`insert_rows` writes rows mapped by
:mod:`glutedesk.storage.row_mappers` in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from glutedesk.storage.row_mappers import insert_sql

if TYPE_CHECKING:
    from sqlite_utils import Database


@contextmanager
def bulk_loading(db: Database) -> Iterator[None]:
    """Enlarge the page cache and turn ``synchronous`` off while the block runs.

    Both settings are restored afterwards, and the write-ahead log is checkpointed into the
    database file once the block has finished without error.
    """
    conn = db.conn
    saved = {
        name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "synchronous")
    }
    conn.execute("PRAGMA cache_size = -524288")  # 512 MiB while building
    conn.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        for name, value in saved.items():
            conn.execute(f"PRAGMA {name} = {value}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def insert_rows(db: Database, rows: dict[str, list[tuple[Any, ...]]]) -> int:
    """Insert mapped rows (parents' tables first) in one transaction; return how many."""
    written = 0
    with db.atomic():
        for table, table_rows in rows.items():
            db.conn.executemany(insert_sql(table), table_rows)
            written += len(table_rows)
    return written
