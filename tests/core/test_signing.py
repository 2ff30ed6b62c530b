"""Signing freezes a visit (triggers on every child table); amendments sit beside it."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from glutedesk.storage.audit import events
from glutedesk.storage.clients import save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.errors import SigningError, VisitSigned
from glutedesk.storage.exchange import (
    ImportRefused,
    export_records,
    import_records,
    parse_export,
)
from glutedesk.storage.signing import (
    add_amendment,
    amendments_for_visit,
    current_text,
    is_signed,
    sign_visit,
    signature,
)
from glutedesk.storage.visits import delete_visit, get_visit, save_visit
from tests.factories import make_client, make_visit, with_red_flag

CHILD_TABLES = (
    "red_flag_answers",
    "pain_marks",
    "test_results",
    "outcome_scores",
    "posture_findings",
    "exercise_prescriptions",
    "referrals",
)


@pytest.fixture
def signed(memory_db):
    client, _ = save_client(memory_db, make_client())
    visit, _ = save_visit(memory_db, with_red_flag(make_visit(client.id)))
    sign_visit(memory_db, visit.id, "Sam Therapist")
    return memory_db, visit


def test_visit_tables_all_have_freeze_triggers(memory_db):
    tables = {
        r[0]
        for r in memory_db.execute("SELECT m.name FROM sqlite_master m WHERE m.type = 'table'")
        if "visit_id" in [c[1] for c in memory_db.execute(f"PRAGMA table_info('{r[0]}')")]
    }
    triggers = {
        r[0] for r in memory_db.execute("SELECT tbl_name FROM sqlite_master WHERE type='trigger'")
    }
    # every table holding visit rows is guarded (audit_log only refers to visits by id)
    assert tables - {"audit_log"} <= triggers
    assert set(CHILD_TABLES) <= tables


def test_sign_then_is_signed_and_audited(signed):
    db, visit = signed
    assert is_signed(db, visit.id)
    sig = signature(db, visit.id)
    assert sig is not None and sig.signed_by == "Sam Therapist"
    assert [e.action for e in events(db, client_id=visit.client_id)][-1] == "sign"


def test_save_visit_of_a_signed_visit_raises_clearly_and_changes_nothing(signed):
    db, visit = signed
    stored = get_visit(db, visit.id)
    changed = dataclasses.replace(stored, complaint="rewritten history")
    with pytest.raises(VisitSigned, match="signed by Sam Therapist"):
        save_visit(db, changed)
    assert get_visit(db, visit.id) == stored
    with pytest.raises(VisitSigned):
        delete_visit(db, visit.id)
    with pytest.raises(VisitSigned):
        sign_visit(db, visit.id, "Someone Else")


@pytest.mark.parametrize("table", ("visits", *CHILD_TABLES))
def test_triggers_abort_raw_update_and_delete(signed, table):
    db, visit = signed
    key = "id" if table == "visits" else "visit_id"
    before = db.execute(f"SELECT count(*) FROM {table} WHERE {key} = ?", [visit.id]).fetchone()
    assert before[0] > 0, "the factory visit fills every table"
    column = "therapist" if table == "visits" else key
    with pytest.raises(sqlite3.IntegrityError, match="signed"):
        db.execute(f"UPDATE {table} SET {column} = {column} || 'x' WHERE {key} = ?", [visit.id])
    with pytest.raises(sqlite3.IntegrityError, match="signed"):
        db.execute(f"DELETE FROM {table} WHERE {key} = ?", [visit.id])
    after = db.execute(f"SELECT count(*) FROM {table} WHERE {key} = ?", [visit.id]).fetchone()
    assert after == before


def test_no_new_child_rows_on_a_signed_visit(signed):
    db, visit = signed
    with pytest.raises(sqlite3.IntegrityError, match="signed"):
        db.execute(
            "INSERT INTO pain_marks (visit_id, region_id, symptom, intensity, diagram_version) "
            "VALUES (?, 'back.lumbar.L', 'ache', 2, '1')",
            [visit.id],
        )


def test_signatures_and_amendments_are_append_only(signed):
    db, visit = signed
    add_amendment(db, visit.id, "Sam", "Typo", "soap.assessment", "Left glute med weaker")
    for sql in (
        "UPDATE visit_signatures SET signed_by = 'X'",
        "DELETE FROM visit_signatures",
        "UPDATE amendments SET reason = 'X'",
        "DELETE FROM amendments",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(sql)
    assert len(amendments_for_visit(db, visit.id)) == 1


def test_amendment_keeps_old_and_new_text_beside_the_original(signed):
    db, visit = signed
    first = add_amendment(db, visit.id, "Sam", "Wrong side", "soap.assessment", "Left weaker")
    second = add_amendment(db, visit.id, "Sam", "Clarified", "soap.assessment", "Left much weaker")
    assert first.old_text == visit.soap.assessment
    assert second.old_text == "Left weaker"
    assert current_text(db, visit.id, "soap.assessment") == "Left much weaker"
    assert get_visit(db, visit.id).soap.assessment == visit.soap.assessment  # original intact
    assert [a.reason for a in amendments_for_visit(db, visit.id)] == ["Wrong side", "Clarified"]
    assert [e.action for e in events(db, client_id=visit.client_id)][-2:] == ["amend", "amend"]


@pytest.mark.parametrize(
    "author, reason, section, text, message",
    [
        ("Sam", "   ", "general", "x", "reason"),
        ("", "Typo", "general", "x", "who"),
        ("Sam", "Typo", "general", "  ", "empty"),
        ("Sam", "Typo", "shoe_size", "x", "Unknown section"),
        ("Sam", "Typo\ud800", "general", "x", "cannot be stored"),
    ],
)
def test_bad_amendments_are_refused(signed, author, reason, section, text, message):
    db, visit = signed
    with pytest.raises(SigningError, match=message):
        add_amendment(db, visit.id, author, reason, section, text)
    assert amendments_for_visit(db, visit.id) == []


def test_blank_reason_is_refused_by_the_database_too(signed):
    db, visit = signed
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO amendments (visit_id, created_at, author, reason, section, new_text) "
            "VALUES (?, '2026-03-01T10:00:00+00:00', 'Sam', ' ', 'general', 'x')",
            [visit.id],
        )


def test_unsigned_visit_cannot_be_amended_but_can_be_saved(memory_db):
    client, _ = save_client(memory_db, make_client())
    visit, _ = save_visit(memory_db, make_visit(client.id))
    with pytest.raises(SigningError, match="not signed"):
        add_amendment(memory_db, visit.id, "Sam", "Typo", "general", "x")
    save_visit(memory_db, dataclasses.replace(visit, complaint="edited before signing"))
    assert get_visit(memory_db, visit.id).complaint == "edited before signing"
    with pytest.raises(SigningError, match="No visit"):
        sign_visit(memory_db, "nope", "Sam")
    with pytest.raises(SigningError, match="name"):
        sign_visit(memory_db, visit.id, "  ")


def test_export_carries_signatures_and_amendments_and_imports_them(signed, tmp_path):
    db, visit = signed
    add_amendment(db, visit.id, "Sam", "Wrong side", "soap.assessment", "Left <weaker> & sore")
    doc = json.loads(json.dumps(export_records(db)))
    assert doc["signatures"][0]["visit_id"] == visit.id
    assert doc["amendments"][0]["new_text"] == "Left <weaker> & sore"
    target = open_database(tmp_path / "target.sqlite3")
    try:
        import_records(target, parse_export(doc))
        again = export_records(target)
        assert again["signatures"] == doc["signatures"]
        assert again["amendments"] == doc["amendments"]
        assert is_signed(target, visit.id)
        with pytest.raises(VisitSigned):
            save_visit(target, get_visit(target, visit.id))
        assert {e.action for e in events(target)} == {"import"}
    finally:
        target.close()


def test_version_1_files_without_the_new_keys_still_import(memory_db, tmp_path):
    client, _ = save_client(memory_db, make_client())
    save_visit(memory_db, make_visit(client.id))
    doc = json.loads(json.dumps(export_records(memory_db)))
    assert "signatures" not in doc and "amendments" not in doc and doc["format_version"] == 1
    target = open_database(tmp_path / "v1.sqlite3")
    try:
        import_records(target, parse_export(doc))
        assert export_records(target)["visits"] == doc["visits"]
    finally:
        target.close()


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["signatures"][0].update(visit_id="missing"), "not in the file"),
        (lambda d: d["signatures"].append(d["signatures"][0]), "signed twice"),
        (lambda d: d["amendments"][0].update(reason=" "), "reason is blank"),
        (lambda d: d["amendments"][0].update(colour="red"), "unknown field"),
        (lambda d: d.update(signatures={}), "must be a list"),
        (lambda d: d.pop("signatures"), "not signed"),
    ],
)
def test_bad_signing_records_in_an_import_are_refused(signed, mutate, message):
    db, visit = signed
    add_amendment(db, visit.id, "Sam", "Typo", "general", "Addendum")
    doc = json.loads(json.dumps(export_records(db)))
    mutate(doc)
    with pytest.raises(ImportRefused, match=message):
        parse_export(doc)
