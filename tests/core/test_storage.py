"""Storage: connection settings, migrations, refusal of unknown files, save/load of records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3

import pytest

from glutedesk.domain.ids import RegionId
from glutedesk.domain.models import (
    Advice,
    PainMark,
    RedFlagAnswer,
    RedFlagScreen,
    SymptomType,
)
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import (
    ClientNotFound,
    count_clients,
    get_client,
    list_clients,
    resolve_client_id,
    save_client,
    search_clients,
)
from glutedesk.storage.database import (
    APPLICATION_ID,
    CorruptDatabaseError,
    NotAGluteDeskDatabase,
    UnknownMigrationError,
    connection_settings,
    open_database,
)
from glutedesk.storage.migrations import known_migrations
from glutedesk.storage.visits import (
    delete_visit,
    get_visit,
    latest_visit,
    save_visit,
    visit_summaries,
    visits_for_client,
)
from tests.factories import make_client, make_visit, with_red_flag


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_connection_has_the_safety_settings(file_db):
    settings = connection_settings(file_db)
    assert settings["journal_mode"] == "wal"
    assert settings["synchronous"] == 2  # FULL
    assert settings["foreign_keys"] == 1
    assert settings["busy_timeout"] >= 2000
    assert settings["application_id"] == APPLICATION_ID


def test_migrations_are_recorded_and_rerunning_changes_nothing(db_path):
    open_database(db_path).close()
    first = _sha(db_path)
    db = open_database(db_path)
    applied = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    db.close()
    assert applied == list(known_migrations())
    assert applied[0] == "0001_initial"
    assert _sha(db_path) == first


def test_unknown_migration_is_refused_and_file_left_byte_for_byte(db_path):
    db = open_database(db_path)
    save_client(db, make_client())
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        ["glutedesk", "0099_from_the_future", "2030-01-01"],
    )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = _sha(db_path)
    siblings_before = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(UnknownMigrationError, match="0099_from_the_future"):
        open_database(db_path)
    assert _sha(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == siblings_before


def test_foreign_sqlite_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(NotAGluteDeskDatabase):
        open_database(path)
    assert _sha(path) == before


def test_garbage_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    before = _sha(path)
    with pytest.raises((NotAGluteDeskDatabase, CorruptDatabaseError)):
        open_database(path)
    assert _sha(path) == before


def test_client_round_trip_keeps_every_field(memory_db):
    client = make_client()
    stored, changes = save_client(memory_db, client)
    assert changes.clients == {client.id}
    assert get_client(memory_db, client.id) == stored
    assert stored.created_at is not None and stored.created_at.tzinfo is not None


def test_updating_a_client_keeps_created_at(memory_db):
    stored, _ = save_client(memory_db, make_client())
    save_client(memory_db, dataclasses.replace(stored, phone="0113 496 0000"))
    loaded = get_client(memory_db, stored.id)
    assert loaded.phone == "0113 496 0000"
    assert loaded.created_at == stored.created_at
    assert loaded.updated_at >= stored.updated_at
    assert count_clients(memory_db) == 1


def test_missing_client_is_a_clear_error(memory_db):
    with pytest.raises(ClientNotFound, match="No client"):
        get_client(memory_db, "nope")


def test_search_is_prefix_case_and_accent_insensitive(memory_db):
    save_client(memory_db, make_client(first_name="Zoë", last_name="Adams"))
    save_client(memory_db, make_client(first_name="Zach", last_name="Brown"))
    save_client(memory_db, make_client(first_name="Olivia", last_name="Zimmer"))
    assert [c.name for c in search_clients(memory_db, "zoe")] == ["Zoë Adams"]
    assert {c.name for c in search_clients(memory_db, "Z")} == {
        "Zoë Adams",
        "Zach Brown",
        "Olivia Zimmer",
    }
    assert [c.name for c in search_clients(memory_db, "oli zim")] == ["Olivia Zimmer"]
    assert search_clients(memory_db, "xyz") == []
    assert len(search_clients(memory_db, "  ")) == 3
    # punctuation that FTS5 would treat as syntax is harmless
    assert search_clients(memory_db, 'zo" OR *') is not None


def test_search_follows_renames(memory_db):
    client, _ = save_client(memory_db, make_client(first_name="Ann", last_name="Lee"))
    save_client(memory_db, dataclasses.replace(client, last_name="Marsh"))
    assert search_clients(memory_db, "lee") == []
    assert [c.name for c in search_clients(memory_db, "marsh")] == ["Ann Marsh"]


def test_visit_round_trip_keeps_every_part(memory_db):
    client, _ = save_client(memory_db, make_client())
    visit = make_visit(client.id)
    stored, changes = save_visit(memory_db, visit)
    assert changes.visits == {visit.id}
    loaded = get_visit(memory_db, visit.id)
    assert loaded == dataclasses.replace(
        stored,
        pain_marks=tuple(sorted(stored.pain_marks, key=lambda m: m.region_id)),
        outcome_scores=tuple(sorted(stored.outcome_scores, key=lambda s: s.instrument)),
        red_flags=dataclasses.replace(
            stored.red_flags,
            answers=tuple(sorted(stored.red_flags.answers, key=lambda a: a.flag_id)),
        ),
    )


def test_resaving_a_visit_replaces_its_parts(memory_db):
    client, _ = save_client(memory_db, make_client())
    visit, _ = save_visit(memory_db, make_visit(client.id))
    save_visit(memory_db, dataclasses.replace(visit, pain_marks=(), exercises=()))
    loaded = get_visit(memory_db, visit.id)
    assert loaded.pain_marks == () and loaded.exercises == ()
    assert memory_db.execute("SELECT count(*) FROM pain_marks").fetchone()[0] == 0


def test_a_failed_save_leaves_the_previous_visit_whole(memory_db):
    client, _ = save_client(memory_db, make_client())
    visit, _ = save_visit(memory_db, make_visit(client.id))
    bad = dataclasses.replace(
        visit,
        nprs=dataclasses.replace(visit.nprs, now=4),
        exercises=(dataclasses.replace(visit.exercises[0], sets=0),),  # CHECK sets >= 1
    )
    with pytest.raises(sqlite3.IntegrityError):
        save_visit(memory_db, bad)
    assert get_visit(memory_db, visit.id).exercises == visit.exercises


def test_red_flag_without_advice_is_refused_by_the_database(memory_db):
    client, _ = save_client(memory_db, make_client())
    visit = make_visit(client.id)
    unsafe = dataclasses.replace(
        visit, red_flags=RedFlagScreen((RedFlagAnswer("ces_saddle_numbness", True),), advice=None)
    )
    with pytest.raises(sqlite3.IntegrityError, match="no advice"):
        save_visit(memory_db, unsafe)
    assert memory_db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0
    save_visit(memory_db, with_red_flag(visit))
    assert get_visit(memory_db, visit.id).red_flags.advice == Advice.A_AND_E_NOW


@pytest.mark.parametrize(
    "column, value",
    [
        ("visit_date", "2026-02-30"),
        ("nprs_now", 11),
        ("therapist", "   "),
        ("pain_character", "not json"),
    ],
)
def test_check_constraints_back_the_domain(memory_db, column, value):
    client, _ = save_client(memory_db, make_client())
    visit, _ = save_visit(memory_db, make_visit(client.id))
    with pytest.raises(sqlite3.IntegrityError):
        memory_db.execute(f"UPDATE visits SET {column} = ? WHERE id = ?", [value, visit.id])


def test_visits_are_ordered_and_summarised(memory_db):
    client, _ = save_client(memory_db, make_client())
    dates = [dt.date(2026, 3, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    for d in dates:
        save_visit(memory_db, make_visit(client.id, d))
    save_visit(memory_db, with_red_flag(make_visit(client.id, dt.date(2026, 4, 1))))
    assert [v.visit_date for v in visits_for_client(memory_db, client.id)] == sorted(
        [*dates, dt.date(2026, 4, 1)]
    )
    summaries = visit_summaries(memory_db, client.id)
    assert [s.red_flag_count for s in summaries] == [0, 0, 0, 1]
    assert [s.referral_count for s in summaries] == [0, 0, 0, 1]
    assert latest_visit(memory_db, client.id).visit_date == dt.date(2026, 4, 1)
    assert latest_visit(memory_db, client.id, before=dt.date(2026, 2, 15)).visit_date == dt.date(
        2026, 2, 1
    )
    items = list_clients(memory_db)
    assert items[0].visit_count == 4 and items[0].last_visit == dt.date(2026, 4, 1)


def test_summaries_mark_visits_with_nerve_type_symptoms(memory_db):
    client, _ = save_client(memory_db, make_client())
    plain = make_visit(client.id, dt.date(2026, 1, 1))  # ache and sharp only
    tingling = make_visit(client.id, dt.date(2026, 2, 1))
    tingling = dataclasses.replace(
        tingling,
        pain_marks=(
            *tingling.pain_marks,
            PainMark(RegionId("back.glute_max.L"), SymptomType.PINS_AND_NEEDLES, 4, "1"),
        ),
    )
    save_visit(memory_db, plain)
    save_visit(memory_db, tingling)
    summaries = visit_summaries(memory_db, client.id)
    assert [s.nerve_symptoms for s in summaries] == [False, True]


def test_resolve_client_id_by_prefix(memory_db):
    client, _ = save_client(memory_db, make_client())
    assert resolve_client_id(memory_db, client.id[:6]) == client.id
    with pytest.raises(ClientNotFound):
        resolve_client_id(memory_db, "abc")


def test_check_passes_on_a_healthy_database_and_reports_broken_keys(file_db):
    client, _ = save_client(file_db, make_client())
    save_visit(file_db, make_visit(client.id))
    assert check_database(file_db).ok
    file_db.execute("PRAGMA foreign_keys = OFF")
    file_db.execute("DELETE FROM clients")
    report = check_database(file_db)
    assert not report.ok
    assert any("foreign key" in p for p in report.problems)


def test_client_visit_summary_follows_every_visit_change(memory_db):
    client, _ = save_client(memory_db, make_client())

    def summary():
        [item] = list_clients(memory_db)
        return item.visit_count, item.last_visit

    assert summary() == (0, None)
    first, _ = save_visit(memory_db, make_visit(client.id, dt.date(2026, 1, 5)))
    second, _ = save_visit(memory_db, make_visit(client.id, dt.date(2026, 3, 2)))
    assert summary() == (2, dt.date(2026, 3, 2))
    save_visit(memory_db, dataclasses.replace(second, complaint="re-saved"))
    assert summary() == (2, dt.date(2026, 3, 2))
    save_visit(memory_db, dataclasses.replace(second, visit_date=dt.date(2025, 12, 1)))
    assert summary() == (2, dt.date(2026, 1, 5))
    delete_visit(memory_db, first.id)
    assert summary() == (1, dt.date(2025, 12, 1))


def test_migration_0003_backfills_the_summary_of_existing_visits(tmp_path):
    from sqlite_utils import Database

    from glutedesk.storage.database import configure_connection
    from glutedesk.storage.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    db = Database(path)
    configure_connection(db)
    MIGRATIONS.apply(db, stop_before="0003_client_visit_summary")
    # the clients row as that schema held it (today's case history has columns it lacks)
    from glutedesk.storage.row_mappers import CLIENT_TABLES, client_rows

    client = make_client()
    row = dict(zip(CLIENT_TABLES["clients"], client_rows(client)["clients"][0], strict=True))
    db["clients"].insert(row | {"created_at": "2026-01-01T09:00:00", "updated_at": "2026-01-01"})
    for day in (3, 9, 5):
        save_visit(db, make_visit(client.id, dt.date(2026, 2, day)))
    db.close()
    db = open_database(path)  # applies 0003
    [item] = list_clients(db)
    assert (item.visit_count, item.last_visit) == (3, dt.date(2026, 2, 9))
    db.close()
