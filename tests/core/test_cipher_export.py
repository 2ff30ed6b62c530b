"""The clinic re-written under a passphrase by ``export_as_used`` holds exactly what it held:
every row of every table with its rowid (the name search's index refers to clients' rowids),
the same schema (tables, indexes, triggers, the full-text index), the same user_version."""

from __future__ import annotations

import hashlib
import sqlite3

from glutedesk.storage import cipher
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.protect import rewrite
from tests.factories import make_client


def digest(conn, table: str, sql: str) -> str:
    rowid = "WITHOUT ROWID" not in sql.upper()
    query = f'SELECT {"rowid, " if rowid else ""}* FROM "{table}"'
    rows = sorted(repr(r) for r in conn.execute(query))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_the_re_written_clinic_holds_every_row_rowid_and_schema(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    clinic = Clinic.open(path)
    for i in range(30):
        clinic.save_client(make_client(first_name=f"Ann{i}", last_name=f"Smith{i}"))
    clinic.close()
    with sqlite3.connect(path) as conn:  # a gap in the rowids, as an erasure leaves
        conn.execute("DELETE FROM clients WHERE first_name = 'Ann3'")
    conn.close()
    key = cipher.derive_key("a passphrase for the test", cipher.new_salt())
    target = tmp_path / "protected.sqlite3"
    rewrite(path, target, None, key)
    assert not target.read_bytes().startswith(b"SQLite format 3")
    plain = sqlite3.connect(path)
    protected = cipher.connect_keyed(target, key)
    try:
        schema = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
        assert plain.execute(schema).fetchall() == protected.execute(schema).fetchall()
        tables = plain.execute(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND rootpage > 0"
        ).fetchall()
        assert len(tables) > 10
        for name, sql in tables:
            assert digest(plain, name, sql) == digest(protected, name, sql), name
        for pragma in ("user_version", "application_id"):
            assert (
                plain.execute(f"PRAGMA {pragma}").fetchone()
                == protected.execute(f"PRAGMA {pragma}").fetchone()
            )
        protected.execute("INSERT INTO clients_fts(clients_fts) VALUES ('integrity-check')")
        found = protected.execute(
            "SELECT c.first_name FROM clients_fts f JOIN clients c ON c.rowid = f.rowid "
            "WHERE clients_fts MATCH 'Smith17'"
        ).fetchall()
        assert found == [("Ann17",)]
    finally:
        plain.close()
        protected.close()
