"""Corrections travel in the export and the subject-access bundle, both values kept."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys

import pytest

from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.corrections import nprs_path, result_value_path
from glutedesk.domain.models import Side
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.exchange import ImportRefused, export_records, parse_export
from tests.factories import make_client, make_visit

GRADE = result_value_path("oxford_glute_max", Side.LEFT, "grade")
T1 = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
GLUTEDESK = [sys.executable, "-m", "glutedesk"]


@pytest.fixture
def corrected(tmp_path):
    clinic = Clinic.open(tmp_path / "source.sqlite3")
    client, _ = clinic.save_client(make_client())
    visit, _ = clinic.save_visit(make_visit(client.id))
    clinic.sign(visit.id, "Sam Therapist")
    clinic.amend(visit.id, "Sam", "Typo", "soap.plan", "Review in two weeks", at=T1)
    clinic.correct(
        visit.id,
        "Sam Therapist",
        "Read the grade from the right leg's line",
        [ValueCorrection(GRADE, "4", "4-"), ValueCorrection(nprs_path("now"), 4, 6)],
        at=T1,
    )
    clinic.correct(visit.id, "Sam", "Second look", [ValueCorrection(GRADE, "4-", "4+")], at=T2)
    yield clinic, visit
    clinic.close()


def test_export_keeps_the_original_and_each_correction(corrected):
    clinic, _visit = corrected
    doc = json.loads(json.dumps(export_records(clinic.db)))
    (exported,) = doc["visits"]
    left = next(t for t in exported["test_results"] if t["side"] == "left")
    assert left["values"]["grade"] == "4"  # the visit as recorded and signed
    assert exported["nprs"]["now"] == 4
    text, first, second = doc["amendments"]
    assert "corrections" not in text  # a text amendment reads as before
    assert first["corrections"] == [
        {"field": GRADE, "old_value": "4", "new_value": "4-"},
        {"field": "nprs/now", "old_value": 4, "new_value": 6},
    ]
    assert first["reason"] == "Read the grade from the right leg's line"
    assert second["corrections"] == [{"field": GRADE, "old_value": "4-", "new_value": "4+"}]


def test_export_with_corrections_reimports_exactly_through_the_cli(corrected, tmp_path):
    clinic, visit = corrected
    out = tmp_path / "export.json"
    clinic.write_export(out)
    target = tmp_path / "target.sqlite3"
    run = [*GLUTEDESK, "--db", str(target)]
    done = subprocess.run([*run, "import", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    again = tmp_path / "again.json"
    done = subprocess.run(
        [*run, "export", "--out", str(again)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    first, second = json.loads(out.read_text()), json.loads(again.read_text())
    for key in ("clients", "visits", "signatures", "amendments"):
        assert first[key] == second[key], key
    done = subprocess.run([*run, "check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    reopened = Clinic.open(target)
    try:
        seen = reopened.visit(visit.id)
        assert seen.result("oxford_glute_max", Side.LEFT).values["grade"] == "4+"
        assert seen.nprs.now == 6
        assert seen.correction(GRADE).old_value == "4"
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda a: a[1]["corrections"][0].update(old_value="3"), "now reads 4, not 3"),
        (lambda a: a[1]["corrections"][1].update(new_value=12), "from 0 to 10"),
        (lambda a: a[1]["corrections"][0].update(field="nprs/often"), "not a recorded value"),
        (lambda a: a[2]["corrections"][0].update(old_value="4"), "now reads 4-, not 4"),
        (lambda a: a[1]["corrections"][0].pop("new_value"), "missing field 'new_value'"),
    ],
)
def test_bad_corrections_in_an_import_are_refused(corrected, mutate, message):
    clinic, _visit = corrected
    doc = copy.deepcopy(json.loads(json.dumps(export_records(clinic.db))))
    mutate(doc["amendments"])
    with pytest.raises(ImportRefused, match=message):
        parse_export(doc)


def test_subject_access_bundle_keeps_both_values(corrected, tmp_path):
    clinic, visit = corrected
    out = tmp_path / "sar"
    done = subprocess.run(
        [*GLUTEDESK, "--db", str(clinic.path), "sar", "--client", visit.client_id, "--out", out],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (bundle,) = out.iterdir()
    records = json.loads((bundle / "records.json").read_text())
    audit = json.loads((bundle / "audit-log.json").read_text())
    amendments = records["amendments"]
    assert amendments[1]["corrections"][0] == {"field": GRADE, "old_value": "4", "new_value": "4-"}
    left = next(t for t in records["visits"][0]["test_results"] if t["side"] == "left")
    assert left["values"]["grade"] == "4"
    details = [e["detail"] for e in audit if e["action"] == "amend"]
    assert f"section test_results; corrects {GRADE}" in details
