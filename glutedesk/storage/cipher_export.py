"""Copying a clinic into a new file under another key, laid out as everyday use lays it out.

SQLCipher's ``sqlcipher_export`` copies each table with SQLite's transfer optimisation, as
``VACUUM`` does: every b-tree is written in key order and each page filled to the brim. That is
right for a backup (smaller, only read), but not for the clinic itself: a visit's id, and so
the keys of its parts, are random, so the first saves after protecting split a full page in
nearly every index and WITHOUT ROWID table they touch (about 28 pages written per save on the
10,000-client benchmark clinic instead of 18), and on a protected clinic every page written is
encrypted, HMAC'd and synced. :func:`export_as_used` copies row by row instead: tables in rowid
order (appended, as they grew), indexes and WITHOUT ROWID tables filled by inserts in no
particular key order, which leaves the room in each page that use leaves. Rowids are kept (the
name search's index refers to them). See docs/design/0007-encryption.md.
"""

from __future__ import annotations

import re
from typing import Any

SHUFFLE_MAX_ROWS = 50_000  # shuffled in memory, well under what SQLite's sorter keeps there
_CREATE = re.compile(r"^(CREATE (?:UNIQUE )?(?:TABLE|INDEX) )(IF NOT EXISTS )?", re.IGNORECASE)


def _in_target(sql: str, target: str) -> str:
    match = _CREATE.match(sql)
    if match is None:
        raise ValueError(f"Unexpected schema statement: {sql[:40]!r}")
    return f'{match.group(0)}"{target}".{sql[match.end() :]}'


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sorts(conn: Any, select: str) -> bool:
    """Whether SQLite would sort for ``select`` (a sort may spill rows to a plain temp file)."""
    plan = conn.execute(f"EXPLAIN QUERY PLAN {select}").fetchall()
    return any("TEMP B-TREE" in str(row[-1]) for row in plan)


def _unordered_selects(conn: Any, table: str, columns: list[str]) -> list[str]:
    """SELECTs giving ``table``'s rows not in key order, with no sort that could spill.

    Rows of a table keyed by a visit come in the order the visits were made (the visits'
    rowids), then any without a visit; a small table's rows are shuffled in memory; otherwise
    key order (packed pages, as ``sqlcipher_export`` leaves them).
    """
    source, names = f"main.{_quoted(table)}", ", ".join(columns)
    if '"visit_id"' in columns:
        picked = ", ".join(f"t.{c}" for c in columns)
        joined = (
            f"SELECT {picked} FROM main.visits AS v JOIN {source} AS t ON t.visit_id = v.id "
            "ORDER BY v.rowid"
        )
        if not _sorts(conn, joined):
            orphans = (
                f"SELECT {names} FROM {source} WHERE visit_id NOT IN (SELECT id FROM main.visits)"
            )
            return [joined, orphans]
    rows = conn.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
    if rows <= SHUFFLE_MAX_ROWS:
        return [f"SELECT {names} FROM {source} ORDER BY random()"]
    return [f"SELECT {names} FROM {source} WHERE 1"]  # WHERE: no transfer optimisation


def _copy_rows(conn: Any, table: str, sql: str, target: str) -> None:
    columns = [
        _quoted(row[1])
        for row in conn.execute(f"PRAGMA main.table_xinfo({_quoted(table)})")
        if row[6] == 0  # not hidden, not generated
    ]
    names = ", ".join(columns)
    source, dest = f"main.{_quoted(table)}", f'"{target}".{_quoted(table)}'
    if re.search(r"\bWITHOUT\s+ROWID\b", sql, re.IGNORECASE):
        for select in _unordered_selects(conn, table, columns):
            conn.execute(f"INSERT INTO {dest} ({names}) {select}")
    else:  # a rowid scan: no sort; ORDER BY keeps SQLite from its transfer optimisation
        conn.execute(
            f"INSERT INTO {dest} (rowid, {names}) "
            f"SELECT rowid, {names} FROM {source} ORDER BY rowid"
        )


def export_as_used(conn: Any, target: str = "target") -> None:
    """Copy every table, index, trigger and view of ``main`` into the empty attached ``target``.

    ``conn`` is an ``sqlcipher3`` connection in autocommit mode with ``target`` attached (under
    its own key, or none). The copy is one transaction; the caller checks it afterwards.
    """
    conn.execute(f'PRAGMA "{target}".journal_mode = OFF')  # a scratch file until checked
    conn.execute(f'PRAGMA "{target}".synchronous = OFF')  # the caller syncs it once, at the end
    conn.execute("BEGIN")
    try:
        schema = conn.execute(
            "SELECT type, name, sql FROM main.sqlite_schema "
            "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "AND (type = 'index' OR (type = 'table' AND rootpage > 0)) ORDER BY rowid"
        ).fetchall()
        for kind in ("table", "index"):
            for found, _name, sql in schema:
                if found == kind:
                    conn.execute(_in_target(sql, target))
        for found, name, sql in schema:
            if found == "table":
                _copy_rows(conn, name, sql, target)
        if conn.execute(
            "SELECT 1 FROM main.sqlite_schema WHERE name = 'sqlite_sequence'"
        ).fetchone():
            conn.execute(f'DELETE FROM "{target}".sqlite_sequence')
            conn.execute(
                f'INSERT INTO "{target}".sqlite_sequence SELECT * FROM main.sqlite_sequence'
            )
        # Triggers, views and virtual tables have no storage of their own: their schema rows
        # are copied as they are (as sqlcipher_export and VACUUM do), after the rows, so no
        # trigger fires during the copy.
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.execute(
                f'INSERT INTO "{target}".sqlite_schema (type, name, tbl_name, rootpage, sql) '
                "SELECT type, name, tbl_name, rootpage, sql FROM main.sqlite_schema WHERE "
                "type IN ('view', 'trigger') OR (type = 'table' AND rootpage = 0) ORDER BY rowid"
            )
        finally:
            conn.execute("PRAGMA writable_schema = OFF")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
