"""Migration 0010: the insights summary's outcome totals in an index of their own, which the
insights read when the file has it, with the same facts as without it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from glutedesk.storage.check import check_database
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import needs_update, open_database
from glutedesk.storage.insights_data import fetch_insights_data
from glutedesk.storage.insights_keyed import in_schema
from glutedesk.storage.migration_summary_scores import INDEX
from tests.core.test_insights_summary import AS_OF, _clinic, _older_copy, _raw_facts

MIGRATION = "0010_summary_scores_index"


@contextmanager
def _statements(conn: sqlite3.Connection) -> Iterator[list[str]]:
    """The SQL statements run on ``conn`` inside the block."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def _totals_read(seen: list[str]) -> str:
    (read,) = [s for s in seen if "s.odi, s.rmdq, s.psfs" in s]
    return read


def _without_index(path) -> None:
    """Make the file at ``path`` one from before migration 0010 (as 0009 left it)."""
    raw = sqlite3.connect(path)
    raw.execute(f"DROP INDEX {INDEX}")
    raw.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [MIGRATION])
    raw.commit()
    raw.close()


def test_a_new_clinic_reads_the_totals_through_the_index(file_db, monkeypatch):
    _clinic(file_db)
    columns = file_db.execute(f"SELECT name FROM pragma_index_info('{INDEX}')").fetchall()
    assert [c[0] for c in columns] == ["visit_id", "odi", "rmdq", "psfs"]
    with _statements(file_db.conn) as seen:
        data = Clinic(file_db).insights_data(as_of=AS_OF)
    # INDEXED BY makes SQLite refuse the query rather than read the table instead
    assert f"INDEXED BY {INDEX}" in _totals_read(seen)
    assert data.scores["odi"][0] is not None and data.scores["psfs"][0] is not None
    assert data == _raw_facts(file_db, monkeypatch)


def test_a_clinic_from_before_0010_gets_the_index_when_opened(db_path, file_db, monkeypatch):
    _clinic(file_db)
    before = Clinic(file_db).insights_data(as_of=AS_OF)
    file_db.close()
    _without_index(db_path)
    assert needs_update(db_path)
    upgraded = open_database(db_path)
    try:
        assert in_schema(upgraded.conn, "index", INDEX)
        assert Clinic(upgraded).insights_data(as_of=AS_OF) == before
        assert check_database(upgraded).ok
    finally:
        upgraded.close()
    assert not needs_update(db_path)


def test_a_read_only_file_without_the_index_gives_the_same_facts(db_path, file_db):
    with_index, copy = _older_copy(db_path, file_db, _without_index)
    older = Database(sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True))
    try:  # as any reader of an older file finds it: nothing written, nothing upgraded
        with _statements(older.conn) as seen:
            facts = fetch_insights_data(older, as_of=AS_OF)
        assert "INDEXED BY" not in _totals_read(seen)
        assert facts == with_index
    finally:
        older.close()
