"""GDPR: retention list, erasure that really erases (and is logged), the subject-access bundle."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from glutedesk.cli import _register_command_modules, cli
from glutedesk.reports.sar import build_sar_bundle
from glutedesk.storage.audit import events, verify_chain
from glutedesk.storage.check import check_database
from glutedesk.storage.clients import ClientNotFound, count_clients, save_client, search_clients
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.exchange import parse_export
from glutedesk.storage.gdpr import (
    ErasureRefused,
    add_years,
    erase_client,
    keep_until,
    retention_due,
    retention_schedule,
    set_retention_years,
)
from glutedesk.storage.signing import add_amendment, sign_visit
from glutedesk.storage.visits import count_visits, save_visit
from tests.factories import make_client, make_visit

TODAY = dt.date(2026, 3, 1)
TRICKY = "Left <knee> pain & R&D &nbsp; a <b>unclosed 😀 中文 שלום"


def test_keep_until_rules():
    adult = keep_until(dt.date(2018, 1, 10), dt.date(1980, 5, 1))
    assert adult == (dt.date(2026, 1, 10), "8 years after the last visit")
    minor = keep_until(dt.date(2018, 1, 10), dt.date(2005, 5, 1))
    assert minor == (dt.date(2030, 5, 1), "kept until the client's 25th birthday")
    assert keep_until(dt.date(2018, 1, 10), None, years=10)[0] == dt.date(2028, 1, 10)
    assert add_years(dt.date(2024, 2, 29), 8) == dt.date(2032, 2, 29)
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_retention_lists_only_records_past_their_period(memory_db):
    old, _ = save_client(
        memory_db, make_client(first_name="Old", date_of_birth=dt.date(1970, 1, 1))
    )
    save_visit(memory_db, make_visit(old.id, dt.date(2017, 6, 1)))
    young, _ = save_client(
        memory_db, make_client(first_name="Young", date_of_birth=dt.date(2008, 4, 1))
    )
    save_visit(memory_db, make_visit(young.id, dt.date(2017, 6, 1)))
    recent, _ = save_client(memory_db, make_client(first_name="Recent"))
    save_visit(memory_db, make_visit(recent.id, dt.date(2025, 6, 1)))
    due = retention_due(memory_db, TODAY)
    assert [i.client_id for i in due] == [old.id]
    assert due[0].keep_until == dt.date(2025, 6, 1) and due[0].last_visit == dt.date(2017, 6, 1)
    assert [i.client_id for i in retention_due(memory_db, TODAY, years=10)] == []
    set_retention_years(memory_db, 5)
    assert {i.client_id for i in retention_due(memory_db, TODAY)} == {old.id}
    assert len(retention_schedule(memory_db)) == 3
    assert count_clients(memory_db) == 3  # listing deletes nothing


@pytest.fixture
def signed_client(file_db):
    client, _ = save_client(
        file_db, make_client(first_name="Quentin", last_name="Quixotebury", notes=TRICKY)
    )
    visit, _ = save_visit(file_db, make_visit(client.id, complaint=TRICKY))
    sign_visit(file_db, visit.id, "Sam Therapist")
    add_amendment(
        file_db,
        visit.id,
        "Sam Therapist",
        "Wrong side recorded",
        "soap.assessment",
        "Left glute med weaker <not right>",
    )
    other, _ = save_client(file_db, make_client(first_name="Kept"))
    save_visit(file_db, make_visit(other.id))
    return file_db, client, visit


def test_erasure_removes_everything_and_logs_id_and_reason(signed_client, db_path):
    db, client, visit = signed_client
    with pytest.raises(ErasureRefused, match="reason"):
        erase_client(db, client.id, "  ")
    with pytest.raises(ClientNotFound):
        erase_client(db, "nobody", "asked")
    erase_client(db, client.id, "Client asked for erasure by email")
    assert count_clients(db) == 1 and count_visits(db) == 1
    for table in ("consents", "case_histories"):
        sql = f"SELECT count(*) FROM {table} WHERE client_id = ?"
        assert db.execute(sql, [client.id]).fetchone()[0] == 0, table
    for table in ("visit_signatures", "amendments", "pain_marks", "test_results", "referrals"):
        sql = f"SELECT count(*) FROM {table} WHERE visit_id = ?"
        assert db.execute(sql, [visit.id]).fetchone()[0] == 0, table
    assert search_clients(db, "Quixotebury") == []
    last = events(db)[-1]
    assert (last.action, last.client_id) == ("erase", client.id)
    assert "Client asked for erasure by email" in last.detail and "Quixotebury" not in last.detail
    assert verify_chain(db) == [] and check_database(db).ok
    db.close()
    raw = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert b"Quixotebury" not in raw and b"uixotebur" not in raw.lower()
    assert b"unclosed" not in raw


def test_sar_bundle_holds_every_record_amendment_and_audit_row(signed_client, tmp_path):
    db, client, visit = signed_client
    folder = build_sar_bundle(Clinic(db), client.id, tmp_path, now=dt.datetime(2026, 3, 1, 10, 0))
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.txt",
        "audit-log.json",
        "records.json",
        "records.pdf",
    ]
    records = json.loads((folder / "records.json").read_text("utf-8"))
    doc = parse_export(records)  # the records file is a valid, importable export
    assert [c.id for c in doc.clients] == [client.id] and doc.amendments[0].reason
    audit = json.loads((folder / "audit-log.json").read_text("utf-8"))
    assert [e["action"] for e in audit] == ["create", "create", "sign", "amend"]
    text = "\n".join(page.extract_text() for page in PdfReader(folder / "records.pdf").pages)
    flat = " ".join(text.split())
    for expected in (
        "Quentin Quixotebury",
        "Left <knee> pain & R&D &nbsp; a <b>unclosed",
        "Wrong side recorded",
        "Left glute med weaker <not right>",
        visit.soap.assessment,
        "Signed by Sam Therapist",
        "Audit log",
    ):
        assert " ".join(expected.split()) in flat, expected
    assert events(db)[-1].detail == "subject access bundle"


def test_cli_sar_retention_erase(signed_client, db_path, tmp_path):
    db, client, _ = signed_client
    old = dataclasses.replace(make_client(first_name="Ancient"), date_of_birth=dt.date(1950, 1, 1))
    old, _ = save_client(db, old)
    save_visit(db, make_visit(old.id, dt.date(2010, 1, 5)))
    db.close()
    _register_command_modules()
    run = CliRunner().invoke
    result = run(
        cli,
        ["sar", "--db", str(db_path), "--client", client.id[:8], "--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out").is_dir()
    result = run(cli, ["retention", "--db", str(db_path), "--today", "2026-03-01"])
    assert result.exit_code == 0 and "1 of 3 records" in result.output
    assert old.id[:8] in result.output and "DUE" in result.output
    result = run(cli, ["erase", "--db", str(db_path), "--client", old.id, "--reason", "Retention"])
    assert result.exit_code == 1  # no --yes and no confirmation typed: nothing erased
    result = run(
        cli,
        [
            "erase",
            "--db",
            str(db_path),
            "--client",
            old.id,
            "--reason",
            "Retention period ended",
            "--yes",
        ],
    )
    assert result.exit_code == 0 and "Erased Ancient" in result.output
    result = run(cli, ["retention", "--db", str(db_path), "--today", "2026-03-01"])
    assert "0 of 2 records" in result.output
    result = run(cli, ["sar", "--db", str(db_path), "--client", "zzzzzz", "--out", "x"])
    assert result.exit_code == 1 and "No client" in result.output
