"""Practice insights from real SQLite files: figures that can be counted by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.insights.compute import compute_insights
from glutedesk.domain.insights.figures import anonymous_code
from glutedesk.domain.models import Instrument, Nprs, OutcomeScore, Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.storage.clients import save_client
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import save_visit
from tests.factories import make_client, make_visit

START = dt.date(2026, 1, 5)
AS_OF = dt.date(2026, 6, 1)


def _glutes(left: str, right: str, **extra) -> tuple[Result, ...]:
    return tuple(
        Result(test, side, {"grade": grade, **extra})
        for test in ("oxford_glute_max", "oxford_glute_med")
        for side, grade in ((Side.LEFT, left), (Side.RIGHT, right))
    )


def _thomas(hip: float) -> tuple[Result, ...]:
    return (Result("thomas_test", Side.LEFT, {"hip_angle": hip, "knee_angle": 80.0}),)


def _visit(client_id, day: int, nprs: int, tests=(), odi: float | None = None):
    scores = ()
    if odi is not None:  # ten items giving that total: odi = sum / 50 × 100
        per = round(odi / 20)
        scores = (OutcomeScore(Instrument.ODI, (per,) * 10, "2.1a"),)
    return make_visit(
        client_id,
        START + dt.timedelta(days=day),
        nprs=Nprs(now=nprs),
        test_results=tests,
        outcome_scores=scores,
        next_visit=None,
    )


@pytest.fixture
def seeded(file_db):
    """Seven clients whose figures are known by hand (see each comment)."""
    people = []
    for n in range(7):
        client, _ = save_client(
            file_db,
            make_client(
                first_name=f"Person{n}",
                last_name="Known",
                date_of_birth=dt.date(1990 - n * 6, 3, 1),
                sport_activity="Half-marathon training" if n < 3 else "Netball",
            ),
        )
        people.append(client.id)
    # 0–3: weak (grade 4 on the left), short hip flexors for 0–1; 4–5: full strength.
    for n in range(6):
        grade = "4" if n < 4 else "5"
        first = _visit(people[n], n, 6, _glutes(grade, "5") + _thomas(5.0 if n < 2 else -5.0), 40)
        save_visit(file_db, first)
        # visit 2 and 3: pain falls by 3 points for 0–2, stays for 3–5
        save_visit(file_db, _visit(people[n], n + 14, 5 if n < 3 else 6))
        save_visit(file_db, _visit(people[n], n + 28, 3 if n < 3 else 6, _glutes("5", "5"), 25))
    # 6: two courses (a 90-day gap), the first of two visits; weak by symmetry only (readings)
    readings = (
        Result("oxford_glute_med", Side.LEFT, {"dynamometer": 150.0, "dynamometer_unit": "n"}),
        Result("oxford_glute_med", Side.RIGHT, {"dynamometer": 200.0, "dynamometer_unit": "n"}),
    )
    save_visit(file_db, _visit(people[6], 0, 7, readings))
    save_visit(file_db, _visit(people[6], 10, 7))
    save_visit(file_db, _visit(people[6], 100, 2))
    return people


def _insights(db, start=None, end=None):
    data = Clinic(db).insights_data(start, end, as_of=AS_OF)
    return compute_insights(data, load_catalogue())


def test_first_assessment_shares_count_by_hand(file_db, seeded):
    insights = _insights(file_db)
    weak = insights.figure("weak_glutes")
    assert (len(weak.hits), weak.n) == (5, 7)  # clients 0–3 by grade, 6 by symmetry (75 %)
    assert set(weak.hits) == {*seeded[:4], seeded[6]}
    assert insights.figure("weak_med").n == 7 and insights.figure("weak_max").n == 6
    short = insights.figure("short_flexors")
    assert (len(short.hits), short.n) == (2, 6)  # client 6 had no Thomas test: not in the base
    both = insights.figure("weak_and_short")
    assert (len(both.hits), both.n) == (2, 6)
    assert insights.figure("weak_left").hits == {*seeded[:4], seeded[6]}
    hard = insights.figure("weak_activity_trains_hard")
    assert (len(hard.hits), hard.n, hard.too_few) == (3, 3, True)


def test_courses_milestones_and_discharge(file_db, seeded):
    insights = _insights(file_db)
    assert insights.clients == 7 and insights.visits == 21
    assert sorted(insights.course_lengths) == [1, 2, 3, 3, 3, 3, 3, 3]
    by3 = insights.figure("nprs_meaningful_v3")
    assert (len(by3.hits), by3.n) == (3, 6)  # 6 → 3 for clients 0–2; client 6 had 2 visits
    discharged = insights.figure("courses_finished")
    assert set(discharged.hits) == set(seeded)  # every course ended 56+ days before AS_OF
    odi = insights.figure("odi_change")
    assert odi.n == 6 and odi.value == -20.0  # 40 → 20 (items of 2 give 20 %; 25 → 20 by rounding)
    grade = insights.figure("med_grade_change")
    assert grade.n == 6 and grade.value == 1.0  # +1 for four clients, 0 for two


def test_period_limits_the_visits_and_too_few_shows(file_db, seeded):
    late = _insights(file_db, start=START + dt.timedelta(days=90))
    assert late.clients == 1 and late.visits == 1
    assert late.figure("weak_glutes").too_few
    assert late.figure("weak_glutes").as_dict()["share_pct"] is None


def test_a_read_only_file_gives_the_same_figures(db_path, file_db, seeded):
    written = _insights(file_db).as_dict()
    reader = Clinic.open_read_only(db_path)
    try:
        data = reader.insights_data(as_of=AS_OF)
        assert compute_insights(data, load_catalogue()).as_dict() == written
    finally:
        reader.close()


def test_json_is_anonymous(file_db, seeded):
    text = json.dumps(_insights(file_db).as_dict(), ensure_ascii=False)
    assert "Person" not in text and "Known" not in text and "marathon" not in text.lower()
    assert "1990-03-01" not in text and seeded[0] not in text
    assert anonymous_code(seeded[0]) in text


def test_demo_clinic_figures_are_plausible():
    from glutedesk.samples.demo import build_demo_clinic

    clinic = Clinic.in_memory()
    build_demo_clinic(clinic, today=AS_OF)
    insights = compute_insights(clinic.insights_data(as_of=AS_OF), load_catalogue())
    assert insights.clients == 24
    assert 85 <= insights.figure("weak_glutes").share < 100  # the clinic's "about 98 %"
    assert insights.figure("weak_max").share < insights.figure("weak_med").share
    assert all(insights.figure(f"weak_{side}").share < 95 for side in ("left", "right"))
    assert 20 <= insights.figure("trendelenburg").share <= 80
    assert 30 <= insights.figure("short_flexors").share < 100
    odi = insights.figure("odi_change")
    assert not odi.too_few and odi.value < 0
    assert not insights.figure("rmdq_change").too_few  # some clients are followed with the RMDQ
    assert insights.figure("red_flag_emergency").hits  # client 3's saddle numbness
    assert insights.figure("pain_mixed").hits  # client 2's nerve-type symptoms
