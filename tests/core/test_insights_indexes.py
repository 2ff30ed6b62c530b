"""Migration 0008: the indexes behind the practice insights' reads, and what they must not
change (the facts read are the same with and without them, whatever the order of writing)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

from glutedesk.domain.models import Nprs
from glutedesk.storage import insights_data
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import open_database
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit, with_red_flag

AS_OF = dt.date(2026, 6, 1)
DAY = dt.date(2026, 2, 2)
INDEXES = ("visits_insights", "red_flags_ticked")


def _plan(db, sql: str) -> str:
    params = {"start": None, "end": None}
    return " ".join(r[-1] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def _clinic_with_visits(db) -> list[str]:
    """Two clients: one with two visits on one day (written worse pain first), one with a
    red flag ticked. Returns the first client's visit ids in the order they were written."""
    client, _ = save_client(db, make_client())
    ids = []
    for nprs in (8, 2):  # the index orders a day's visits by NPRS: 2 before 8
        visit, _ = save_visit(db, make_visit(client.id, DAY, nprs=Nprs(now=nprs), next_visit=None))
        ids.append(visit.id)
    save_visit(db, make_visit(client.id, DAY + dt.timedelta(days=7), next_visit=None))
    other, _ = save_client(db, make_client(first_name="Flag"))
    save_visit(db, with_red_flag(make_visit(other.id, DAY, next_visit=None)))
    return ids


def test_a_new_clinic_has_the_indexes_and_the_reads_use_them(file_db):
    names = {r[0] for r in file_db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(INDEXES) <= names
    assert "COVERING INDEX visits_insights" in _plan(file_db, insights_data._VISITS)
    assert "COVERING INDEX red_flags_ticked" in _plan(file_db, insights_data._RED_FLAGS)


def test_visits_on_one_day_keep_the_order_they_were_written(file_db):
    written = _clinic_with_visits(file_db)
    data = Clinic(file_db).insights_data(as_of=AS_OF)
    lengths = dict(zip(data.courses.client_ids, data.courses.lengths, strict=True))
    course = data.course(next(c for c, n in lengths.items() if n == 3))
    assert [v.id for v in course.visits[:2]] == written
    assert [v.nprs_now for v in course.visits[:2]] == [8, 2]
    assert len(data.red_flags) == 1


def test_a_file_without_the_indexes_gives_the_same_facts(db_path, file_db):
    _clinic_with_visits(file_db)
    with_indexes = Clinic(file_db).insights_data(as_of=AS_OF)
    file_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file, then copy it
    copy = db_path.with_name("older.sqlite3")
    shutil.copyfile(db_path, copy)
    raw = sqlite3.connect(copy)
    for name in INDEXES:
        raw.execute(f"DROP INDEX {name}")
    raw.commit()
    raw.close()
    reader = Clinic.open_read_only(copy)  # read-only: not upgraded, read without the indexes
    try:
        assert "visits_insights" not in _plan(reader.db, insights_data._VISITS)
        assert reader.insights_data(as_of=AS_OF) == with_indexes
    finally:
        reader.close()


def test_upgrading_a_clinic_from_before_0008_builds_the_indexes(db_path, file_db):
    _clinic_with_visits(file_db)
    before = Clinic(file_db).insights_data(as_of=AS_OF)
    file_db.close()
    raw = sqlite3.connect(db_path)
    for name in INDEXES:
        raw.execute(f"DROP INDEX {name}")
    raw.execute("DELETE FROM _sqlite_migrations WHERE name = '0008_insights_indexes'")
    raw.commit()
    raw.close()
    upgraded = open_database(db_path)
    try:
        names = {r[0] for r in upgraded.execute("SELECT name FROM sqlite_master")}
        assert set(INDEXES) <= names
        assert Clinic(upgraded).insights_data(as_of=AS_OF) == before
    finally:
        upgraded.close()


def test_a_visit_id_holding_the_separator_is_read_apart(file_db):
    client, _ = save_client(file_db, make_client())
    odd = "visit\x1eodd"
    save_visit(file_db, make_visit(client.id, DAY, id=odd, next_visit=None))
    save_visit(file_db, make_visit(client.id, DAY + dt.timedelta(days=3), next_visit=None))
    course = Clinic(file_db).insights_data(as_of=AS_OF).course(client.id)
    assert course.length == 2 and course.first.id == odd
