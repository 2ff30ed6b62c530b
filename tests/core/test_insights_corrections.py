"""Practice insights count a signed visit's values as corrected by amendments (#19)."""

from __future__ import annotations

import datetime as dt

import pytest

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.corrections import (
    nprs_path,
    outcome_item_path,
    pain_path,
    result_value_path,
)
from glutedesk.domain.insights.compute import compute_insights
from glutedesk.domain.insights.figures import anonymous_code
from glutedesk.domain.models import (
    Advice,
    Instrument,
    Nprs,
    OutcomeScore,
    PainMark,
    RedFlagScreen,
    Side,
    SymptomType,
)
from glutedesk.domain.models import TestResult as Result
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.corrections import add_correction
from glutedesk.storage.signing import sign_visit
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

START = dt.date(2026, 1, 5)
AS_OF = dt.date(2026, 6, 1)
AT = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _tests(med_left: str, hip: float = -5.0) -> tuple[Result, ...]:
    glutes = tuple(
        Result(test, side, {"grade": med_left if (test, side) == _MED_LEFT else "5"})
        for test in ("oxford_glute_max", "oxford_glute_med")
        for side in (Side.LEFT, Side.RIGHT)
    )
    return (*glutes, Result("thomas_test", Side.LEFT, {"hip_angle": hip, "knee_angle": 80.0}))


_MED_LEFT = ("oxford_glute_med", Side.LEFT)


def _visit(client_id, day: int, nprs: int, tests=(), odi_items=None, symptom=SymptomType.ACHE):
    scores = ()
    if odi_items is not None:
        scores = (OutcomeScore(Instrument.ODI, (odi_items,) * 10, "2.1a"),)
    return make_visit(
        client_id,
        START + dt.timedelta(days=day),
        nprs=Nprs(now=nprs),
        test_results=tests,
        outcome_scores=scores,
        pain_marks=(PainMark("back.lumbar.R", symptom, 5, "1"),),
        red_flags=RedFlagScreen(advice=None if symptom is SymptomType.ACHE else Advice.ROUTINE_GP),
        next_visit=None,
    )


@pytest.fixture
def clinic(file_db):
    """Four clients, three visits each; every visit signed. Client 0's first glute med
    grade is 3 (weak); every other grade is 5. Client 2 marked numbness (a nerve-type
    symptom). NPRS 6 → 5 → 5 (not a meaningful change); ODI items of 2 (40 %) at the first and
    last visit."""
    people, firsts, lasts, middles = [], [], [], []
    for n in range(4):
        client, _ = save_client(file_db, make_client(first_name=f"Person{n}", last_name="Known"))
        nerve = SymptomType.NUMBNESS if n == 2 else SymptomType.ACHE
        first = _visit(client.id, n, 6, _tests("3" if n == 0 else "5"), 2, nerve)
        save_visit(file_db, first)
        middle = _visit(client.id, n + 14, 5, _tests("5")[:4])
        save_visit(file_db, middle)
        sign_visit(file_db, middle.id, "Sam Therapist", at=AT)
        middles.append(middle.id)
        last = _visit(client.id, n + 28, 5, _tests("5")[:4], 2)
        save_visit(file_db, last)
        sign_visit(file_db, first.id, "Sam Therapist", at=AT)
        sign_visit(file_db, last.id, "Sam Therapist", at=AT)
        people.append(client.id)
        firsts.append(first.id)
        lasts.append(last.id)
    return people, firsts, lasts, middles


def _data(db):
    return Clinic(db).insights_data(as_of=AS_OF)


def _grade(db, visit_id) -> str:
    """The glute med grade on the left read for the insights at ``visit_id``."""
    (grade,) = [
        f.values["grade"]
        for f in _data(db).tests[visit_id]
        if (f.test_id, f.side) == (_MED_LEFT[0], "left")
    ]
    return grade


def _insights(db):
    return compute_insights(Clinic(db).insights_data(as_of=AS_OF), load_catalogue())


def _correct(db, visit_id, *corrections, days: int = 0):
    add_correction(
        db,
        visit_id,
        "Sam Therapist",
        "Misread my notes",
        [ValueCorrection(*c) for c in corrections],
        at=AT + dt.timedelta(days=1 + days),
    )


def test_a_corrected_grade_and_nprs_change_the_figures(file_db, clinic):
    people, firsts, _lasts, _middles = clinic
    before = _insights(file_db)
    assert before.figure("weak_glutes").hits == {people[0]}
    assert before.figure("weak_med").hits == {people[0]}
    assert before.figure("nprs_meaningful_v3").hits == set()
    assert before.figure("nprs_change").value == -1.0

    _correct(file_db, firsts[0], (result_value_path("oxford_glute_med", "left", "grade"), "3", "5"))
    _correct(file_db, firsts[1], (nprs_path("now"), 6, 9))
    after = _insights(file_db)

    assert after.figure("weak_glutes").hits == set()  # 3 corrected to 5: no longer weak
    assert after.figure("weak_glutes").n == 4
    assert after.figure("weak_med").hits == set()
    grades = {
        f.side: f.values["grade"]
        for f in _data(file_db).tests[firsts[0]]
        if f.test_id == _MED_LEFT[0]
    }
    assert grades == {"left": "5", "right": "5"}
    assert after.figure("nprs_meaningful_v3").hits == {people[1]}  # 9 → 5 is meaningful
    assert after.figure("nprs_change").n == 4
    # the anonymous record lists behind a figure follow the corrected values too
    listed = after.figure("nprs_meaningful_v3").as_dict()
    assert listed["records_counted"] == [anonymous_code(people[1])]
    assert before.figure("weak_glutes").as_dict()["records_counted"] == [anonymous_code(people[0])]
    assert after.figure("weak_glutes").as_dict()["records_counted"] == []


def test_the_latest_of_several_corrections_counts(file_db, clinic):
    people, firsts, _lasts, _middles = clinic
    path = result_value_path("oxford_glute_med", "left", "grade")
    _correct(file_db, firsts[2], (path, "5", "3"))
    assert _insights(file_db).figure("weak_glutes").hits == {people[0], people[2]}
    _correct(file_db, firsts[2], (path, "3", "4"), days=1)
    assert _insights(file_db).figure("weak_glutes").hits == {people[0], people[2]}
    _correct(file_db, firsts[2], (path, "4", "5"), days=2)
    assert _insights(file_db).figure("weak_glutes").hits == {people[0]}


def test_corrected_thomas_odi_last_visit_and_pain_marks(file_db, clinic):
    people, firsts, lasts, _middles = clinic
    before = _insights(file_db)
    assert before.figure("short_flexors").hits == set()
    assert before.figure("odi_meaningful_v3").hits == set()
    assert _data(file_db).score(firsts[1], "odi") == 40.0
    assert before.figure("pain_mixed").hits == {people[2]}
    assert _grade(file_db, lasts[0]) == "5"

    _correct(file_db, firsts[3], (result_value_path("thomas_test", "left", "hip_angle"), -5.0, 5.0))
    # every ODI item of client 1's first visit from 2 to 4: 40 % → 80 %
    odi = [(outcome_item_path("odi", i), 2, 4) for i in range(1, 11)]
    _correct(file_db, firsts[1], *odi)
    _correct(file_db, lasts[0], (result_value_path("oxford_glute_med", "left", "grade"), "5", "4"))
    _correct(file_db, firsts[2], (pain_path("back.lumbar.R", "symptom"), "numbness", "ache"))
    after = _insights(file_db)

    assert after.figure("short_flexors").hits == {people[3]}
    assert _data(file_db).score(firsts[1], "odi") == 80.0  # the total of the corrected items
    assert after.figure("odi_meaningful_v3").hits == {people[1]}  # 80 % → 40 %
    assert _grade(file_db, lasts[0]) == "4"  # a last visit's grade, as corrected
    assert after.figure("weak_glutes").hits == {people[0]}  # first visits only
    assert after.figure("pain_mixed").hits == set()  # numbness corrected to an ache


def test_a_read_only_file_gives_the_corrected_figures(db_path, file_db, clinic):
    _people, firsts, _lasts, _middles = clinic
    _correct(file_db, firsts[0], (result_value_path("oxford_glute_med", "left", "grade"), "3", "5"))
    written = _insights(file_db).as_dict()
    reader = Clinic.open_read_only(db_path)
    try:
        read = compute_insights(reader.insights_data(as_of=AS_OF), load_catalogue())
    finally:
        reader.close()
    assert read.as_dict() == written
    assert read.figure("weak_glutes").hits == set()  # the corrected grade, read-only too


def test_corrections_outside_the_figures_change_nothing(file_db, clinic):
    """A corrected visit that no figure reads (a course's second visit), and a corrected
    first visit before the period asked for, leave the figures as they were."""
    people, firsts, _lasts, middles = clinic
    late = dt.date(2026, 1, 15)  # after every first visit, before every second one
    before = _period(file_db, late).as_dict()
    _correct(file_db, middles[1], (nprs_path("now"), 5, 1))
    _correct(file_db, firsts[0], (result_value_path("oxford_glute_med", "left", "grade"), "3", "5"))
    full, period = _insights(file_db), _period(file_db, late)
    assert period.as_dict() == before  # the corrected first visit is outside this period
    assert full.figure("weak_glutes").hits == set()  # …and inside the whole record
    # visit 2's NPRS (5 corrected to 1) is read, but visit 3's is the latest by visit 3
    assert full.figure("nprs_change").value == -1.0
    assert full.figure("nprs_meaningful_v3").hits == set()
    assert people[1] in full.figure("nprs_meaningful_v3").base


def _period(db, start):
    return compute_insights(Clinic(db).insights_data(start, None, as_of=AS_OF), load_catalogue())


def test_a_corrected_visit_between_first_and_last_gives_only_what_is_read_there(file_db, clinic):
    """Visit 2 is a key visit (its NPRS and totals are read) but its tests are not: a
    correction there shows in its NPRS and adds no test facts the stored read would not."""
    people, _firsts, _lasts, middles = clinic
    grade = result_value_path("oxford_glute_med", "left", "grade")
    _correct(file_db, middles[0], (grade, "5", "4"), (nprs_path("now"), 5, 2))
    data = _data(file_db)
    assert middles[0] not in data.tests
    (second,) = [v for v in data.course(people[0]).visits if v.id == middles[0]]
    assert (second.number, second.nprs_now) == (2, 2)
