"""The Clinic: the one door of storage, exercised on a real file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from glutedesk.storage.clients import ClientNotFound
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.database import StorageError
from glutedesk.storage.errors import VisitSigned
from glutedesk.storage.signing import GENERAL_SECTION
from tests.factories import make_client, make_visit


@pytest.fixture
def clinic(db_path):
    opened = Clinic.open(db_path)
    yield opened
    opened.close()


def test_save_find_load_sign_amend(clinic, db_path):
    client, _ = clinic.save_client(make_client())
    visit, changes = clinic.save_visit(make_visit(client.id, dt.date(2026, 3, 4)))
    assert changes.visits == frozenset({visit.id})
    assert [c.id for c in clinic.clients()] == [client.id]
    assert [item.id for item in clinic.find_clients(client.first_name)] == [client.id]
    assert clinic.resolve_client(client.id) == client.id
    loaded_client, visits = clinic.record(client.id)
    assert loaded_client == clinic.client(client.id)
    assert [v.id for v in visits] == [visit.id]
    assert clinic.visit(visit.id).visit_date == dt.date(2026, 3, 4)
    assert clinic.latest_visit(client.id).id == visit.id
    assert clinic.visit_heading(visit.id) == (client.id, dt.date(2026, 3, 4), visit.therapist)
    assert clinic.visit_heading("no-such-visit") is None

    assert clinic.signature(visit.id) is None
    sig = clinic.sign(visit.id, "A. Therapist")
    assert clinic.signature(visit.id) == sig
    assert clinic.signatures(client.id) == [sig]
    with pytest.raises(VisitSigned):
        clinic.save_visit(dataclasses.replace(visit, therapist="Someone else"))
    amendment = clinic.amend(visit.id, "A. Therapist", "typo", GENERAL_SECTION, "Added note")
    assert clinic.amendments(visit.id) == [amendment]
    assert clinic.client_amendments(client.id) == [amendment]

    # A second Clinic on the same file, read-only, sees the same records and refuses writes.
    reader = Clinic.open_read_only(db_path)
    try:
        assert reader.read_only and not clinic.read_only
        assert reader.signature(visit.id) == sig
        with pytest.raises(StorageError):
            reader.save_client(dataclasses.replace(client, first_name="Changed"))
    finally:
        reader.close()


def test_unknown_client_and_settings(clinic):
    with pytest.raises(ClientNotFound):
        clinic.client("nobody")
    settings = dataclasses.replace(clinic.settings(), name="Glute Clinic")
    clinic.save_settings(settings)
    assert clinic.settings().name == "Glute Clinic"


def test_switch_off_saving_refuses_later_writes(clinic):
    client, _ = clinic.save_client(make_client())
    clinic.switch_off_saving()
    assert clinic.read_only
    with pytest.raises(StorageError):
        clinic.save_client(dataclasses.replace(client, first_name="Changed"))
    assert clinic.client(client.id).first_name == client.first_name


def lines_above_storage(pattern: re.Pattern[str]) -> list[str]:
    """Where ``pattern`` occurs in the packages that must go through the Clinic."""
    root = Path(__file__).resolve().parents[2] / "glutedesk"
    return [
        f"{path.relative_to(root)}:{number}"
        for layer in ("ui", "reports", "cli", "samples", "bench")
        for path in sorted((root / layer).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_storage_wraps_an_open_database_and_nothing_else_makes_a_clinic(file_db):
    wrapped = Clinic(file_db)  # what storage (and a test's fixture) may do
    assert wrapped.db is file_db and wrapped.count_clients() == 0
    # No side door: there is no Clinic.of taking a Database, and outside storage a Clinic is
    # only opened (Clinic.open, open_read_only, …) or handed over, never wrapped around one.
    assert not hasattr(Clinic, "of")
    pattern = re.compile(r"\bClinic(\.of)?\(")
    assert lines_above_storage(pattern) == []
    assert pattern.search("clinic = Clinic.of(db)") and pattern.search("Clinic(db)")


def test_stats_count_the_records_and_see_durable_saves(clinic):
    client, _ = clinic.save_client(make_client(first_name="Ann"))
    clinic.save_visit(make_visit(client.id))
    stats = clinic.stats()
    assert (stats.clients, stats.visits, stats.durable) == (1, 1, True)
    assert clinic.sample_client_names(5) == ["Ann O'Brien-Łukasz"]
    memory = Clinic.in_memory()
    assert not memory.stats().durable  # an in-memory clinic has no write-ahead log
    memory.close()


def test_no_sql_or_connection_outside_storage():
    # The import contract keeps sqlite-utils and sqlite3 out; this keeps SQL text, PRAGMAs and
    # reaching through a Clinic to its connection out too, the benchmark's included.
    pattern = re.compile(r"\.execute(many)?\(|\bPRAGMA\b|\.conn\b|\.db\b|\bSELECT\s+\S")
    assert lines_above_storage(pattern) == []
    assert pattern.search('db.execute("PRAGMA query_only = ON")')  # the check can fail
