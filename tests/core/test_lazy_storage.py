"""Opening a clinic reads its client list without sqlite-utils; every write still gets it.

The first window paints before sqlite-utils (with click, dateutil and pluggy) is imported: the
Clinic reads through its plain connection and makes its sqlite-utils ``Database`` when a verb
first needs one (issue #14). These tests hold the two sides of that: nothing is loaded that the
reads do not need, and what the writes need (migrations, recursive triggers, the audit anchor)
is in place all the same.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from glutedesk.storage.audit_anchor import anchor_path, read_anchor
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import configure_connection, open_database, wrap_connection
from glutedesk.storage.deferred import DeferredModule
from glutedesk.storage.migration_registry import MigrationRegistry, known_migrations
from glutedesk.storage.migrations import MIGRATIONS
from tests.factories import make_client


@pytest.fixture
def clinic_file(file_db, db_path):
    for first, last in [("Anna", "Kowalski"), ("Ben", "Okafor"), ("Zoë", "Hart")]:
        save_client(file_db, make_client(first_name=first, last_name=last))
    file_db.close()
    return db_path


def _run(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_client_list_is_read_without_sqlite_utils_and_a_write_loads_it(clinic_file):
    seen = _run(
        f"""
        import json, sys
        from glutedesk.storage.clinic import Clinic
        clinic = Clinic.open({str(clinic_file)!r}, create=False)
        reads = [len(clinic.client_list()), clinic.count_clients(),
                 [c.last_name for c in clinic.find_clients("wal")], clinic.read_only,
                 clinic.path.name]
        before = sorted(m for m in ("sqlite_utils", "click", "numpy") if m in sys.modules)
        clinic.record_event("export", detail="test")  # a write: the Database is made now
        after = sorted(m for m in ("sqlite_utils", "click", "numpy") if m in sys.modules)
        clinic.close()
        print(json.dumps({{"reads": reads, "before": before, "after": after}}))
        """
    )
    assert seen["reads"] == [3, 3, ["Kowalski"], False, clinic_file.name]
    assert seen["before"] == []
    assert seen["after"] == ["click", "sqlite_utils"]  # numpy stays hidden from sqlite-utils
    anchor = read_anchor(anchor_path(clinic_file))  # the write was anchored as always
    db = open_database(clinic_file)
    try:
        newest = db.execute("SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        db.close()
    assert newest[1] == "export"
    assert anchor is not None and anchor.id == newest[0]


# What finishing an interrupted passphrase change needs (the backups', drafts' and copies'
# modules, and the domain model through them): loaded only when a change's journal is found.
CHANGE_ONLY = (
    "glutedesk.domain.models",
    "glutedesk.storage.backup_check",
    "glutedesk.storage.protect_backups",
    "glutedesk.storage.second_place",
    "sqlite_utils",
)


def test_an_open_asks_protect_for_an_interrupted_change_without_loading_what_finishes_one(
    clinic_file,
):
    seen = _run(
        f"""
        import json, sys
        import glutedesk.storage.protect
        alone = sorted(m for m in {CHANGE_ONLY!r} if m in sys.modules)
        from glutedesk.storage.clinic import Clinic
        clinic = Clinic.open({str(clinic_file)!r}, create=False)
        clinic.close()
        opened = sorted(m for m in {CHANGE_ONLY!r} if m in sys.modules)
        print(json.dumps({{"alone": alone, "opened": opened}}))
        """
    )
    assert seen == {"alone": [], "opened": []}


def test_writes_through_a_lazily_made_database_have_recursive_triggers(clinic_file):
    clinic = Clinic.open(clinic_file)
    try:
        conn = clinic._conn
        assert clinic._database is None  # up to date: opened without sqlite-utils' Database
        assert conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 0
        clinic.save_client(make_client(first_name="Cara", last_name="Dunn"))
        assert clinic._database is not None
        assert conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        assert clinic.count_clients() == 4
        assert [c.first_name for c in clinic.find_clients("dunn")] == ["Cara"]
    finally:
        clinic.close()


def test_a_clinic_that_needs_migrating_is_migrated_before_anything_is_read(db_path):
    conn = sqlite3.connect(db_path)
    older = wrap_connection(conn)
    configure_connection(older)
    MIGRATIONS.apply(older, stop_before="0005_involved_side")
    older.close()
    clinic = Clinic.open(db_path)
    try:
        assert clinic._database is not None  # the slow path: migrated through sqlite-utils
        assert MIGRATIONS.up_to_date(clinic._conn)
        applied = [
            r[0] for r in clinic._conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")
        ]
        assert tuple(applied) == known_migrations()
        assert clinic.count_clients() == 0
    finally:
        clinic.close()


def test_up_to_date_means_every_migration_recorded_in_order(clinic_file):
    conn = sqlite3.connect(":memory:")
    assert not MIGRATIONS.up_to_date(conn)  # no record of migrations at all
    conn = sqlite3.connect(clinic_file)
    try:
        assert MIGRATIONS.up_to_date(conn)
        last = known_migrations()[-1]
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [last])
        assert not MIGRATIONS.up_to_date(conn)
    finally:
        conn.rollback()
        conn.close()


def test_a_migration_name_cannot_be_registered_twice():
    registry = MigrationRegistry("test")

    @registry(name="0001_first")
    def first(db) -> None:
        db.execute("CREATE TABLE t (x)")

    with pytest.raises(ValueError, match="0001_first"):
        registry(name="0001_first")(first)
    assert registry.names() == ("0001_first",)


def test_a_registry_applies_its_steps_through_sqlite_utils(tmp_path):
    registry = MigrationRegistry("test")
    registry(name="0001_t")(lambda db: db.execute("CREATE TABLE t (x)"))
    registry(name="0002_u")(lambda db: db.execute("CREATE TABLE u (y)"))
    db = wrap_connection(sqlite3.connect(tmp_path / "t.sqlite3"))
    try:
        assert not registry.up_to_date(db.conn)
        registry.apply(db, stop_before="0002_u")
        assert set(db.table_names()) >= {"t"} and "u" not in db.table_names()
        registry.apply(db)
        assert "u" in db.table_names() and registry.up_to_date(db.conn)
    finally:
        db.close()


def test_a_deferred_module_is_imported_at_its_first_use():
    code = (
        "import sys; from glutedesk.storage.deferred import deferred; "
        "(gdpr,) = deferred('gdpr'); name = 'glutedesk.storage.gdpr'; "
        "before = name in sys.modules; f = gdpr.retention_years; "
        "print(before, name in sys.modules, f.__module__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.split() == ["False", "True", "glutedesk.storage.gdpr"]
    assert repr(DeferredModule("rows")) == "<deferred glutedesk.storage.rows>"
