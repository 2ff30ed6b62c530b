"""The columnar read of the insights facts against a simple one: every visit loaded whole.

``Clinic.insights_data`` reads only the key visits' details, joined against their ids, as
columns. Here the same :class:`InsightsData` is built the plain way, from each client's visits
as the record shows them (``Clinic.visits``: corrections applied), with the domain's own
course rules, and both must give the same figures: clients, courses, scores, tests, pain,
red flags, referrals and exercises.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.corrections import nprs_path, result_value_path
from glutedesk.domain.insights.compute import compute_insights
from glutedesk.domain.insights.data import (
    ClientFacts,
    Courses,
    InsightsData,
    key_positions,
    plan_courses,
)
from glutedesk.domain.insights.data import TestFacts as Facts  # not a test class
from glutedesk.domain.models import Nprs
from glutedesk.domain.outcomes import score_outcome
from glutedesk.samples.demo.clinic import build_demo_clinic
from glutedesk.storage.clinic import Clinic
from tests.factories import make_visit

AS_OF = dt.date(2026, 6, 1)
_GLUTES = ("oxford_glute_max", "oxford_glute_med")
_FIRST_TESTS = (*_GLUTES, "thomas_test", "trendelenburg")


def _tests(visit, wanted) -> tuple[Facts, ...]:
    return tuple(
        Facts(r.test_id, str(r.side), r.values)
        for r in visit.test_results
        if r.test_id in wanted and r.not_tested_reason is None and r.values
    )


def _simple(clinic: Clinic, start=None, end=None) -> InsightsData:
    """The insights facts from every visit loaded whole, one client at a time."""
    in_period = {}
    for client in sorted(clinic.clients(), key=lambda c: c.id):
        visits = [
            v
            for v in clinic.visits(client.id)
            if (start is None or v.visit_date >= start) and (end is None or v.visit_date <= end)
        ]
        if visits:
            in_period[client.id] = (client, visits)
    columns: dict[str, list] = {"ids": [], "lengths": [], "finished": [], "all": [], "dates": []}
    starts, key_visits, tests, pain = [0], [], {}, {}
    scores: dict[str, list] = {"nprs": [], "odi": [], "rmdq": [], "psfs": []}
    exercises: defaultdict[str, set] = defaultdict(set)
    flags, referrals, count = set(), set(), 0
    for client_id, (_client, visits) in in_period.items():
        count += len(visits)
        plan = plan_courses([v.visit_date.toordinal() for v in visits], AS_OF.toordinal())
        keys = [visits[p] for p in key_positions(plan.first_length)]
        for v in keys:
            key_visits.append(v.id)
            scores["nprs"].append(v.nprs.now)
            totals = {str(s.instrument): score_outcome(s) for s in v.outcome_scores}
            for measure in ("odi", "rmdq", "psfs"):
                scores[measure].append(totals.get(measure))
        starts.append(len(key_visits))
        first, last = keys[0], keys[-1] if plan.first_length > 1 else None
        if found := _tests(first, _FIRST_TESTS):
            tests[first.id] = found
        if last is not None and (found := _tests(last, _GLUTES)):
            tests[last.id] = found
        nerve = tuple(
            str(m.symptom)
            for m in first.pain_marks
            if str(m.symptom) in ("pins_and_needles", "numbness")
        )
        pain[first.id] = (first.pain_character, nerve)
        for v in (first, last) if last is not None else (first,):
            for e in v.exercises:
                exercises[e.exercise_id].add(client_id)
        for v in visits:
            flags |= {(client_id, a.flag_id) for a in v.red_flags.answers if a.present}
            referrals |= {(client_id, str(r.urgency)) for r in v.referrals}
        columns["ids"].append(client_id)
        columns["lengths"].append(plan.first_length)
        columns["finished"].append(plan.finished)
        columns["all"].append(plan.lengths)
        columns["dates"].append(visits[0].visit_date)
    courses = Courses(
        tuple(columns["ids"]),
        tuple(columns["lengths"]),
        tuple(columns["finished"]),
        tuple(columns["all"]),
        tuple(columns["dates"]),
        tuple(starts),
        tuple(key_visits),
    )
    return InsightsData(
        as_of=AS_OF,
        start=start,
        end=end,
        clients={
            c.id: ClientFacts(c.date_of_birth, c.sport_activity) for c, _v in in_period.values()
        },
        courses=courses,
        visits=count,
        scores={m: tuple(column) for m, column in scores.items()},
        tests=tests,
        pain=pain,
        red_flags=tuple(sorted(flags)),
        referrals=tuple(sorted(referrals)),
        exercises={e: frozenset(c) for e, c in sorted(exercises.items())},
    )


@pytest.fixture(scope="module")
def demo():
    """The demo clinic with some values of its first visits corrected (signed, then corrected)."""
    clinic = Clinic.in_memory()
    build_demo_clinic(clinic, today=AS_OF)
    at = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    # a second visit on the day of a client's first: the one written first comes first
    client_id = sorted(c.id for c in clinic.clients())[1]
    first = clinic.visits(client_id)[0]
    again = make_visit(client_id, first.visit_date, nprs=Nprs(now=10), next_visit=None)
    clinic.save_visit(again)
    for n, client in enumerate(sorted(clinic.clients(), key=lambda c: c.id)[::3]):
        visit = clinic.visits(client.id)[0]
        changes = []
        if visit.nprs.now is not None:
            changes.append(
                ValueCorrection(nprs_path("now"), visit.nprs.now, (visit.nprs.now + 3) % 11)
            )
        for r in visit.test_results:
            if r.test_id == "oxford_glute_med" and r.values.get("grade") not in (None, "3"):
                changes.append(
                    ValueCorrection(
                        result_value_path(r.test_id, r.side, "grade"), r.values["grade"], "3"
                    )
                )
        if not changes:
            continue
        if not clinic.is_signed(visit.id):
            clinic.sign(visit.id, "Sam Therapist", at=at)
        clinic.correct(
            visit.id, "Sam Therapist", "Misread my notes", changes, at=at + dt.timedelta(minutes=n)
        )
    return clinic


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), (dt.date(2026, 3, 1), None), (None, dt.date(2026, 2, 15))],
)
def test_the_columnar_read_gives_the_figures_of_whole_visits(demo, start, end):
    catalogue = load_catalogue()
    read = demo.insights_data(start, end, as_of=AS_OF)
    simple = _simple(demo, start, end)
    assert read.visits == simple.visits and read.courses == simple.courses
    assert (
        compute_insights(read, catalogue).as_dict() == compute_insights(simple, catalogue).as_dict()
    )


def test_the_corrections_reach_the_simple_reading_too(demo):
    """The comparison above is about corrected values: some were corrected, and they count."""
    simple = _simple(demo)
    original = {v: demo.original_visit(v).nprs.now for v in simple.courses.first_ids()}
    shown = dict(zip(simple.courses.visit_ids, simple.scores["nprs"], strict=True))
    assert any(original[v] != shown[v] for v in original)


def test_a_second_visit_on_the_first_day_comes_after_the_one_written_first(demo):
    client_id = sorted(c.id for c in demo.clients())[1]
    recorded = demo.visits(client_id)
    assert recorded[0].visit_date == recorded[1].visit_date and recorded[1].nprs.now == 10
    courses = demo.insights_data(as_of=AS_OF).courses
    start = courses.starts[courses.client_ids.index(client_id)]
    assert courses.visit_ids[start : start + 2] == (recorded[0].id, recorded[1].id)
