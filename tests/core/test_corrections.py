"""Corrections of recorded values: the pure corrected view, the checks, and the stored record."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from glutedesk.domain.correction_check import (
    correctable_values,
    correction_problems,
    describe,
    parse_value,
)
from glutedesk.domain.correction_models import CorrectionMark, ValueCorrection
from glutedesk.domain.corrections import (
    CorrectionError,
    apply_corrections,
    nprs_path,
    outcome_item_path,
    pain_path,
    result_value_path,
    value_at,
)
from glutedesk.domain.models import Side, Visit
from glutedesk.domain.serialize import from_json, to_json
from glutedesk.storage.audit import events
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.errors import SigningError
from tests.factories import make_client, make_visit

GRADE = result_value_path("oxford_glute_max", Side.LEFT, "grade")
DYNAMO = result_value_path("oxford_glute_max", Side.RIGHT, "dynamometer")
T1 = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)


def _mark(field, old, new, at=T1, reason="Misread the form"):
    return CorrectionMark(field, old, new, at, "Sam Therapist", reason)


# -- the pure corrected view ------------------------------------------------------------------


def test_apply_corrections_changes_the_values_and_marks_them_leaving_the_original():
    visit = make_visit("c1")
    corrected = apply_corrections(
        visit,
        [
            _mark(GRADE, "4", "4+"),
            _mark(nprs_path("now"), 4, 6),
            _mark(pain_path("back.lumbar.R"), 5, 2),
            _mark(outcome_item_path("odi", 3), 3, 1),
            _mark(DYNAMO, 152.5, 162.0),
        ],
    )
    assert corrected.result("oxford_glute_max", Side.LEFT).values["grade"] == "4+"
    assert corrected.nprs.now == 6 and corrected.nprs.best == 2
    assert corrected.pain_marks[0].intensity == 2
    assert corrected.score("odi").items[2] == 1
    assert corrected.result("oxford_glute_max", Side.RIGHT).values == {
        "grade": "3+",
        "dynamometer": 162.0,
        "dynamometer_unit": "n",
    }
    # the original is untouched, and carries no marks
    assert visit.result("oxford_glute_max", Side.LEFT).values["grade"] == "4"
    assert visit.nprs.now == 4 and visit.corrections == ()
    mark = corrected.correction(GRADE)
    assert mark is not None and mark.old_value == "4" and mark.new_value == "4+"
    assert mark.label == "corrected 3 Dec 2026"
    assert corrected.correction(nprs_path("best")) is None


def test_a_value_corrected_twice_keeps_the_original_and_the_latest_mark():
    visit = make_visit("c1")
    corrected = apply_corrections(
        visit,
        # given out of order: applied oldest first
        [_mark(GRADE, "4+", "5", T2, "Second look"), _mark(GRADE, "4", "4+", T1)],
    )
    assert corrected.result("oxford_glute_max", Side.LEFT).values["grade"] == "5"
    (mark,) = corrected.corrections
    assert (mark.old_value, mark.new_value, mark.reason) == ("4", "5", "Second look")
    assert mark.corrected_at == T2


def test_removing_a_reading_and_apply_with_no_marks():
    visit = make_visit("c1")
    assert apply_corrections(visit, []) is visit
    corrected = apply_corrections(visit, [_mark(DYNAMO, 152.5, None)])
    values = corrected.result("oxford_glute_max", Side.RIGHT).values
    assert values == {"grade": "3+", "dynamometer_unit": "n"}  # the unit stays with the grade


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nprs/often", "not a recorded value"),
        ("tests/oxford_glute_med/left/values/grade", "No oxford_glute_med result"),
        ("pain_marks/back.glute_max.L/intensity", "No pain was marked"),
        ("outcomes/rmdq/items/1", "No RMDQ"),
        ("outcomes/odi/items/11", "ODI has no item 11"),
        ("treatment/notes", "not a recorded value"),
    ],
)
def test_a_path_naming_nothing_recorded_is_refused(path, message):
    with pytest.raises(CorrectionError, match=message):
        value_at(make_visit("c1"), path)


def test_marks_are_not_part_of_the_visit_data():
    corrected = apply_corrections(make_visit("c1"), [_mark(GRADE, "4", "4+")])
    data = to_json(corrected)
    assert "corrections" not in data
    assert from_json(Visit, data) == corrected
    with pytest.raises(ValueError, match="unknown field 'corrections'"):
        from_json(Visit, {**data, "corrections": []})


# -- checks and words -------------------------------------------------------------------------


def test_correction_problems_use_the_editors_save_gate():
    visit = make_visit("c1")
    ok = [ValueCorrection(GRADE, "4", "4+"), ValueCorrection(nprs_path("now"), 4, 5)]
    assert correction_problems(visit, ok) == []
    bad = correction_problems(visit, [ValueCorrection(nprs_path("now"), 4, 11)])
    assert bad == ["Pain now must be a whole number from 0 to 10"]
    (grade,) = correction_problems(visit, [ValueCorrection(GRADE, "4", "6")])
    assert "Oxford" in grade and "6" in grade
    (stale,) = correction_problems(visit, [ValueCorrection(GRADE, "3", "4+")])
    assert stale.endswith("now reads 4, not 3")
    (same,) = correction_problems(visit, [ValueCorrection(GRADE, "4", "4")])
    assert "already reads 4" in same
    twice = [ValueCorrection(GRADE, "4", "4+"), ValueCorrection(GRADE, "4+", "5")]
    assert any("corrected twice" in p for p in correction_problems(visit, twice))


def test_parse_value_reads_what_the_therapist_types():
    entries = {e.path: e for e in correctable_values(make_visit("c1"))}
    assert parse_value(entries[GRADE], " 4 − ") == "4-"
    assert parse_value(entries[nprs_path("now")], "7") == 7
    assert parse_value(entries[nprs_path("now")], "") is None
    assert parse_value(entries[DYNAMO], "162,5") == 162.5
    with pytest.raises(CorrectionError, match="not a number"):
        parse_value(entries[DYNAMO], "lots")
    with pytest.raises(CorrectionError, match="whole number"):
        parse_value(entries[nprs_path("now")], "6.5")
    with pytest.raises(CorrectionError, match="Oxford grade"):
        parse_value(entries[GRADE], "5+")
    assert describe(GRADE) == "Gluteus maximus strength (Oxford), left: Oxford grade"


# -- storage: the corrected view at the Clinic's door -----------------------------------------


@pytest.fixture
def signed_clinic():
    clinic = Clinic.in_memory()
    client, _ = clinic.save_client(make_client())
    visit, _ = clinic.save_visit(make_visit(client.id))
    clinic.sign(visit.id, "Sam Therapist")
    return clinic, visit


def test_correct_stores_beside_the_original_and_every_reader_gets_the_corrected_view(
    signed_clinic,
):
    clinic, visit = signed_clinic
    amendment = clinic.correct(
        visit.id,
        "Sam Therapist",
        "Grade and pain read from the wrong line of the form",
        [ValueCorrection(GRADE, "4", "4+"), ValueCorrection(nprs_path("now"), 4, 6)],
        at=T1,
    )
    assert amendment.section == "values"
    assert "Oxford grade: 4\n" in amendment.old_text + "\n"
    assert "Pain (NPRS) now: 6" in amendment.new_text
    for seen in (clinic.visit(visit.id), clinic.visits(visit.client_id)[0]):
        assert seen.result("oxford_glute_max", Side.LEFT).values["grade"] == "4+"
        assert seen.nprs.now == 6
        assert seen.correction(GRADE).label == "corrected 3 Dec 2026"
    latest = clinic.latest_visit(visit.client_id)
    assert latest is not None and latest.nprs.now == 6
    _client, record = clinic.record(visit.client_id)
    assert record[0].nprs.now == 6
    original = clinic.original_visit(visit.id)
    assert original.nprs.now == 4 and original.corrections == ()
    assert original.result("oxford_glute_max", Side.LEFT).values["grade"] == "4"
    (stored,) = clinic.amendments(visit.id)
    assert stored.corrections == amendment.corrections
    detail = [e.detail for e in events(clinic.db) if e.action == "amend"]
    assert detail == [f"section values; corrects {GRADE}; corrects nprs/now"]
    assert clinic.check().ok


def test_refused_corrections_store_nothing(signed_clinic):
    clinic, visit = signed_clinic
    with pytest.raises(SigningError, match="from 0 to 10"):
        clinic.correct(visit.id, "Sam", "typo", [ValueCorrection(nprs_path("now"), 4, 12)])
    with pytest.raises(SigningError, match="reason"):
        clinic.correct(visit.id, "Sam", "  ", [ValueCorrection(nprs_path("now"), 4, 5)])
    with pytest.raises(SigningError, match="Choose a recorded value"):
        clinic.correct(visit.id, "Sam", "typo", [])
    assert clinic.amendments(visit.id) == []
    unsigned, _ = clinic.save_visit(make_visit(visit.client_id, dt.date(2026, 2, 8)))
    with pytest.raises(SigningError, match="not signed"):
        clinic.correct(unsigned.id, "Sam", "typo", [ValueCorrection(nprs_path("now"), 4, 5)])


def test_a_later_correction_must_start_from_the_corrected_value(signed_clinic):
    clinic, visit = signed_clinic
    clinic.correct(visit.id, "Sam", "first", [ValueCorrection(GRADE, "4", "4+")], at=T1)
    with pytest.raises(SigningError, match="now reads 4\\+, not 4"):
        clinic.correct(visit.id, "Sam", "again", [ValueCorrection(GRADE, "4", "5")], at=T2)
    clinic.correct(visit.id, "Sam", "again", [ValueCorrection(GRADE, "4+", "5")], at=T2)
    mark = clinic.visit(visit.id).correction(GRADE)
    assert (mark.old_value, mark.new_value) == ("4", "5")


def test_text_amendments_still_read_the_sections_text_not_a_correction(signed_clinic):
    clinic, visit = signed_clinic
    clinic.correct(visit.id, "Sam", "typo", [ValueCorrection(pain_path("back.lumbar.R"), 5, 4)])
    assert clinic.current_text(visit.id, "pain_marks") == ""
    amendment = clinic.amend(visit.id, "Sam", "added", "pain_marks", "Also the left side")
    assert amendment.old_text == ""


def test_corrections_cannot_be_changed_or_removed_and_tampering_is_found(signed_clinic):
    clinic, visit = signed_clinic
    clinic.correct(visit.id, "Sam", "typo", [ValueCorrection(GRADE, "4", "4+")])
    db = clinic.db
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        db.execute("UPDATE amendment_corrections SET new_value = '\"5\"'")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be removed"):
        db.execute("DELETE FROM amendment_corrections")
    assert clinic.check().ok
    # behind the triggers' back: the corrected value changed
    db.execute("DROP TRIGGER amendment_corrections_no_update")
    db.execute("UPDATE amendment_corrections SET new_value = '\"5\"'")
    report = clinic.check()
    assert not report.ok
    assert any("was changed after it was written" in p for p in report.problems)


def test_a_correction_row_slipped_under_a_text_amendment_is_found(signed_clinic):
    clinic, visit = signed_clinic
    clinic.amend(visit.id, "Sam", "added", "general", "Client phoned later")
    amendment_id = clinic.db.execute("SELECT id FROM amendments").fetchone()[0]
    clinic.db.execute(
        "INSERT INTO amendment_corrections VALUES (?, 0, ?, ?, ?)",
        [amendment_id, GRADE, json.dumps("4"), json.dumps("5")],
    )
    assert clinic.visit(visit.id).result("oxford_glute_max", Side.LEFT).values["grade"] == "5"
    report = clinic.check()
    assert any(f"amendment {amendment_id} " in p for p in report.problems)


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        (
            [
                "DROP TRIGGER amendment_corrections_no_update",
                "UPDATE amendment_corrections SET new_value = '\"5\"'",
            ],
            "was changed after it was written",
        ),
        (
            [
                "DROP TRIGGER amendment_corrections_no_delete",
                "DELETE FROM amendment_corrections",
            ],
            "was changed after it was written",
        ),
        (
            [
                "DROP TRIGGER amendments_no_delete",
                "DROP TRIGGER amendment_corrections_no_delete",
                "DELETE FROM amendment_corrections",
                "DELETE FROM amendments",
            ],
            "1 amendment logged in the audit trail but 0 remain",
        ),
    ],
)
def test_glutedesk_check_finds_a_tampered_correction(tmp_path, tamper, says):
    import subprocess
    import sys

    path = tmp_path / "clinic.sqlite3"
    clinic = Clinic.open(path)
    client, _ = clinic.save_client(make_client())
    visit, _ = clinic.save_visit(make_visit(client.id))
    clinic.sign(visit.id, "Sam Therapist")
    clinic.correct(visit.id, "Sam", "typo", [ValueCorrection(GRADE, "4", "4+")])
    clinic.close()
    check = [sys.executable, "-m", "glutedesk", "--db", str(path), "check"]
    done = subprocess.run(check, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with sqlite3.connect(path) as raw:  # an attacker with the file, behind GluteDesk's back
        for statement in tamper:
            raw.execute(statement)
    done = subprocess.run(check, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert says in done.stdout + done.stderr
    assert "it stops a corrected value being changed or removed" in done.stdout + done.stderr


def test_erasing_the_client_erases_their_corrections_and_check_stays_healthy(signed_clinic):
    from glutedesk.storage.erasure import erase_client

    clinic, visit = signed_clinic
    clinic.correct(visit.id, "Sam", "typo", [ValueCorrection(GRADE, "4", "4+")])
    erase_client(clinic.db, visit.client_id, "Client asked (UK GDPR Art. 17)")
    assert clinic.db.execute("SELECT count(*) FROM amendment_corrections").fetchone()[0] == 0
    assert clinic.db.execute("SELECT count(*) FROM amendments").fetchone()[0] == 0
    assert clinic.check().ok
