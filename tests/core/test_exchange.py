"""Export and import: lossless round trip, strict validation, all-or-nothing writes."""

from __future__ import annotations

import json

import pytest

from glutedesk.storage.clients import count_clients, save_client
from glutedesk.storage.database import open_database
from glutedesk.storage.exchange import (
    FORMAT_VERSION,
    ImportRefused,
    export_records,
    import_records,
    parse_export,
    read_export,
    write_export,
)
from glutedesk.storage.visits import count_visits, save_visit
from tests.factories import make_client, make_visit, with_red_flag


def _records(doc):
    return {k: v for k, v in doc.items() if k != "exported_at"}


@pytest.fixture
def clinic(memory_db):
    for i in range(3):
        client, _ = save_client(memory_db, make_client(first_name=f"Client{i}"))
        save_visit(memory_db, make_visit(client.id))
        save_visit(memory_db, with_red_flag(make_visit(client.id)))
    return memory_db


def test_export_import_export_is_lossless(clinic, tmp_path):
    out = tmp_path / "clinic.json"
    assert write_export(clinic, out) == 3
    target = open_database(tmp_path / "empty.sqlite3")
    import_records(target, read_export(out))
    assert _records(export_records(target)) == _records(json.loads(out.read_text("utf-8")))
    target.close()


def test_single_client_export(clinic):
    doc = export_records(clinic)
    one = export_records(clinic, doc["clients"][1]["id"])
    assert [c["id"] for c in one["clients"]] == [doc["clients"][1]["id"]]
    assert {v["client_id"] for v in one["visits"]} == {doc["clients"][1]["id"]}


def _doc(clinic):
    return json.loads(json.dumps(export_records(clinic)))


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="other"), "not a GluteDesk export"),
        (lambda d: d.update(format_version=FORMAT_VERSION + 1), "format version"),
        (lambda d: d.update(extra=[]), "unknown top-level field"),
        (lambda d: d["visits"][0].update(visit_date="2026-13-01"), "visit_date"),
        (lambda d: d["visits"][0]["nprs"].update(now="seven"), "nprs.now"),
        (lambda d: d["clients"][0].update(shoe_size=9), "unknown field 'shoe_size'"),
        (lambda d: d["visits"][0].update(client_id="missing"), "not in the file"),
        (lambda d: d["clients"].append(d["clients"][0]), "appears twice"),
    ],
)
def test_bad_files_are_refused_with_a_clear_reason(clinic, mutate, message):
    data = _doc(clinic)
    mutate(data)
    with pytest.raises(ImportRefused, match=message):
        parse_export(data)


def test_clinical_rules_refuse_a_bad_record_before_writing(clinic, tmp_path):
    data = _doc(clinic)
    data["visits"][-1]["exercises"][0]["sets"] = 0
    target = open_database(tmp_path / "target.sqlite3")
    with pytest.raises(ImportRefused, match=r"exercises\[0\]\.sets"):
        import_records(target, parse_export(data))
    assert count_clients(target) == 0 and count_visits(target) == 0
    target.close()


def test_import_is_one_transaction_even_past_validation(clinic, tmp_path):
    data = _doc(clinic)
    # A record only the schema rejects, with the clinical checks switched off, proves the write
    # itself is all-or-nothing: the clients and visits before it must not be kept either.
    data["visits"][-1]["exercises"][0]["sets"] = 0
    target = open_database(tmp_path / "target.sqlite3")
    with pytest.raises(ImportRefused, match="nothing imported"):
        import_records(target, parse_export(data), validate=lambda doc: [])
    assert count_clients(target) == 0 and count_visits(target) == 0
    target.close()


def test_importing_records_already_present_is_refused(clinic):
    doc = parse_export(_doc(clinic))
    with pytest.raises(ImportRefused, match="already in this database"):
        import_records(clinic, doc)


def test_unreadable_files_get_one_line_reasons(tmp_path):
    with pytest.raises(ImportRefused, match="No such file"):
        read_export(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportRefused, match="not valid JSON"):
        read_export(bad)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ImportRefused):
        read_export(latin)
