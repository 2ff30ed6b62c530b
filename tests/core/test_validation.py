"""Pre-save checks for clients and visits (reference: Decisions, 3.1, 3.4, 7)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glutedesk.domain.models import (
    Advice,
    Consent,
    ConsentKind,
    ExercisePrescription,
    Instrument,
    Nprs,
    OutcomeScore,
    PainMark,
    RedFlagAnswer,
    RedFlagScreen,
    RedFlagTier,
    Referral,
    Side,
    SymptomType,
    Treatment,
)
from glutedesk.domain.models import (
    TestResult as Result,
)
from glutedesk.domain.validation import (
    RED_FLAG_ADVICE_MISSING,
    FieldError,
    has_errors,
    validate_client,
    validate_visit,
)
from tests.factories import make_client, make_visit, with_red_flag

TODAY = dt.date(2026, 3, 1)
DOB = dt.date(1984, 3, 9)
LONE = "\ud83d"  # half of an emoji: cannot be encoded as UTF-8

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def _catalogue(name: str) -> list[dict]:
    return json.loads((RESOURCES / f"{name}.json").read_text(encoding="utf-8"))[name]


TIERS = {e["id"]: RedFlagTier(e["tier"]) for e in _catalogue("red_flags")}
INDICATORS = {
    e["id"]: (e["indicates"], e["prompts_referral"], e["label"])
    for e in _catalogue("pain_character")
}
EXERCISES = {e["id"] for e in _catalogue("exercises")}
TESTS = {e["id"] for e in _catalogue("tests")}


def check(visit, **kwargs):
    options = dict(
        tiers=TIERS,
        indicators=INDICATORS,
        exercise_ids=EXERCISES,
        test_ids=TESTS,
        client_dob=DOB,
        today=TODAY,
    )
    options.update(kwargs)
    return validate_visit(visit, **options)


def fields(problems, severity=None):
    return [p.field for p in problems if severity is None or p.severity == severity]


def visit(visit_date=dt.date(2026, 2, 1), **overrides):
    return make_visit("c1", visit_date, **overrides)


# ---- FieldError ------------------------------------------------------------------------------


def test_field_error_and_has_errors():
    warning = FieldError("nprs", "check", "warning")
    error = FieldError("therapist", "enter it")
    assert error.severity == "error" and error.is_error
    assert not has_errors([warning])
    assert has_errors([warning, error])
    assert not has_errors([])
    with pytest.raises(ValueError):
        FieldError("x", "y", "fatal")


# ---- client ----------------------------------------------------------------------------------


def test_factory_client_is_valid():
    assert validate_client(make_client(), today=TODAY) == []


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"first_name": "  "}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"date_of_birth": dt.date(2026, 3, 2)}, "date_of_birth"),
        ({"date_of_birth": dt.date(1899, 12, 31)}, "date_of_birth"),
        ({"sitting_hours_per_day": 25}, "sitting_hours_per_day"),
        ({"sitting_hours_per_day": -1}, "sitting_hours_per_day"),
        ({"sitting_hours_per_day": float("nan")}, "sitting_hours_per_day"),
        ({"email": "zoe.example.org"}, "email"),
        ({"email": "zoe@example"}, "email"),
        ({"email": "zo e@example.org"}, "email"),
        ({"notes": f"Hello {LONE}"}, "notes"),
    ],
)
def test_client_errors(overrides, field):
    problems = validate_client(make_client(**overrides), today=TODAY)
    assert fields(problems, "error") == [field]
    assert has_errors(problems)


def test_client_boundaries_are_allowed():
    client = make_client(
        date_of_birth=TODAY, sitting_hours_per_day=0, email="", phone="", gp_name=""
    )
    assert validate_client(client, today=TODAY) == []
    assert (
        validate_client(
            make_client(date_of_birth=dt.date(1900, 1, 1), sitting_hours_per_day=24), today=TODAY
        )
        == []
    )


def test_lone_surrogate_in_nested_text_names_the_field():
    client = make_client(history=replace(make_client().history, medication=f"Ibu{LONE}"))
    (problem,) = validate_client(client, today=TODAY)
    assert problem.field == "history.medication"
    assert "medication" in problem.message and "retype" in problem.message


def test_consents():
    client = make_client(
        consents=(
            Consent(ConsentKind.TREATMENT, True, None, "v2"),
            Consent(ConsentKind.DATA_PROCESSING, True, dt.date(2026, 4, 1), "v2"),
            Consent(ConsentKind.CONTACT_GP, False, None, "v2"),
            Consent(ConsentKind.CONTACT_GP, False, None, "v2"),
        )
    )
    problems = validate_client(client, today=TODAY)
    assert fields(problems, "error") == [
        "consents.treatment.date",
        "consents.data_processing.date",
        "consents.contact_gp",
    ]


def test_missing_treatment_consent_is_a_warning():
    problems = validate_client(make_client(consents=()), today=TODAY)
    assert [(p.field, p.severity) for p in problems] == [("consents.treatment", "warning")]


# ---- visit: basics ---------------------------------------------------------------------------


def test_factory_visit_is_valid():
    assert check(visit()) == []
    assert check(with_red_flag(visit())) == []


def test_visit_dates_and_therapist():
    problems = check(visit(visit_date=dt.date(2026, 3, 2), next_visit=None))
    assert fields(problems) == ["visit_date"]
    assert check(visit(visit_date=TODAY)) == []
    problems = check(visit(visit_date=dt.date(1984, 3, 8), next_visit=None))
    assert fields(problems) == ["visit_date"]
    assert "date of birth" in problems[0].message
    assert fields(check(visit(therapist=" "))) == ["therapist"]
    problems = check(visit(next_visit=dt.date(2026, 1, 1)))
    assert [(p.field, p.severity) for p in problems] == [("next_visit", "warning")]


def test_default_today_is_used():
    future = dt.date.today() + dt.timedelta(days=1)
    problems = validate_visit(
        visit(visit_date=future, next_visit=None), tiers=TIERS, indicators=INDICATORS
    )
    assert fields(problems) == ["visit_date"]


# ---- NPRS and marks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nprs, expected",
    [
        (Nprs(4, 2, 7), []),
        (Nprs(), []),
        (Nprs(0, 0, 10), []),
        (Nprs(now=11), [("nprs.now", "error")]),
        (Nprs(best=-1), [("nprs.best", "error")]),
        (Nprs(worst=2.5), [("nprs.worst", "error")]),
        (Nprs(now=8, best=2, worst=6), [("nprs", "warning")]),
        (Nprs(now=1, best=2, worst=6), [("nprs", "warning")]),
        (Nprs(best=7, worst=3), [("nprs", "warning")]),
    ],
)
def test_nprs(nprs, expected):
    assert [(p.field, p.severity) for p in check(visit(nprs=nprs))] == expected


def test_mark_intensity_range():
    marks = (PainMark("back.lumbar.R", SymptomType.ACHE, 11, "1"),)
    assert fields(check(visit(pain_marks=marks))) == ["pain_marks[0].intensity"]


# ---- red flags -------------------------------------------------------------------------------


def screen(*present, advice=None, note=""):
    answers = tuple(RedFlagAnswer(f, True) for f in present)
    return RedFlagScreen(answers=answers, advice=advice, advice_note=note)


def test_ticked_flag_without_advice_blocks_saving():
    problems = check(visit(red_flags=screen("thoracic_pain")))
    assert problems == [FieldError("red_flags.advice", RED_FLAG_ADVICE_MISSING, "error")]
    assert RED_FLAG_ADVICE_MISSING == (
        "A red flag is ticked: record the advice given before saving"
    )


def test_less_urgent_advice_is_an_error_unless_explained():
    problems = check(visit(red_flags=screen("ces_saddle_numbness", advice=Advice.URGENT_GP)))
    assert [(p.field, p.severity) for p in problems] == [("red_flags.advice", "error")]
    assert "A&E" in problems[0].message
    explained = screen("ces_saddle_numbness", advice=Advice.URGENT_GP, note="Already at A&E today")
    problems = check(visit(red_flags=explained))
    assert [(p.field, p.severity) for p in problems] == [("red_flags.advice", "warning")]


def test_no_action_is_never_enough_for_a_ticked_flag():
    problems = check(visit(red_flags=screen("thoracic_pain", advice=Advice.NO_ACTION_NEEDED)))
    assert fields(problems, "error") == ["red_flags.advice"]


def test_more_urgent_advice_is_fine():
    assert check(visit(red_flags=screen("cancer_history", advice=Advice.A_AND_E_NOW))) == []


def test_unticked_flags_need_no_advice_and_unknown_flags_are_errors():
    answers = (RedFlagAnswer("thoracic_pain", False), RedFlagAnswer("telepathy", True))
    problems = check(visit(red_flags=RedFlagScreen(answers=answers)))
    assert fields(problems) == ["red_flags"]
    assert "telepathy" in problems[0].message
    answers = (RedFlagAnswer("thoracic_pain", False), RedFlagAnswer("thoracic_pain", True))
    problems = check(visit(red_flags=RedFlagScreen(answers=answers, advice=Advice.ROUTINE_GP)))
    assert fields(problems) == ["red_flags"]


@given(
    st.lists(st.sampled_from(sorted(TIERS)), min_size=1),
    st.sampled_from([None, *Advice]),
)
def test_a_ticked_flag_always_needs_adequate_advice(present, advice):
    problems = check(visit(red_flags=screen(*dict.fromkeys(present), advice=advice)))
    tiers = {TIERS[f] for f in present}
    needed = {RedFlagTier.EMERGENCY: 3, RedFlagTier.URGENT_GP: 2, RedFlagTier.ROUTINE_GP: 1}
    rank = {
        None: -1,
        Advice.NO_ACTION_NEEDED: 0,
        Advice.ROUTINE_GP: 1,
        Advice.URGENT_GP: 2,
        Advice.A_AND_E_NOW: 3,
    }
    adequate = rank[advice] >= max(needed[t] for t in tiers)
    assert has_errors(problems) is (not adequate)


# ---- nerve-type symptoms ---------------------------------------------------------------------


def test_nerve_symptoms_need_advice():
    problems = check(visit(pain_character=("pins_and_needles",)))
    assert fields(problems) == ["nerve_advice"]
    assert '"Pins and needles or tingling?"' in problems[0].message
    assert "GP" in problems[0].message
    assert check(visit(pain_character=("pins_and_needles",), nerve_advice=Advice.ROUTINE_GP)) == []


def test_nerve_marks_need_advice():
    marks = (PainMark("front.lateral_thigh.L", SymptomType.NUMBNESS, None, "1"),)
    assert fields(check(visit(pain_marks=marks))) == ["nerve_advice"]


def test_nerve_type_without_referral_prompt_needs_no_advice():
    assert check(visit(pain_character=("burning",))) == []


def test_no_action_for_nerve_symptoms_needs_a_note():
    base = visit(pain_character=("numbness",), nerve_advice=Advice.NO_ACTION_NEEDED)
    assert [(p.field, p.severity) for p in check(base)] == [("nerve_advice", "warning")]
    assert check(replace(base, nerve_advice_note="Long-standing, GP aware")) == []


def test_unknown_pain_character():
    problems = check(visit(pain_character=("dull_ache", "tickly")))
    assert fields(problems) == ["pain_character"]
    assert "tickly" in problems[0].message


# ---- exercises -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prescription, field",
    [
        (ExercisePrescription("clam", sets=0, reps=10), "exercises[0].sets"),
        (ExercisePrescription("clam", sets=3), "exercises[0].reps"),
        (ExercisePrescription("clam", sets=3, reps=10, hold_seconds=30), "exercises[0].reps"),
        (ExercisePrescription("clam", sets=3, reps=0), "exercises[0].reps"),
        (ExercisePrescription("clam", sets=3, hold_seconds=0), "exercises[0].hold_seconds"),
        (
            ExercisePrescription("clam", sets=3, reps=10, frequency_per_week=0),
            "exercises[0].frequency_per_week",
        ),
        (
            ExercisePrescription("clam", sets=3, reps=10, frequency_per_week=15),
            "exercises[0].frequency_per_week",
        ),
        (ExercisePrescription("moonwalk", sets=3, reps=10), "exercises[0].exercise_id"),
    ],
)
def test_exercise_dose(prescription, field):
    problems = check(visit(exercises=(prescription,)))
    assert fields(problems) == [field]


def test_exercise_dose_boundaries():
    ok = (
        ExercisePrescription("clam", sets=1, reps=1, frequency_per_week=1),
        ExercisePrescription("clam", sets=1, hold_seconds=1, frequency_per_week=14),
    )
    assert check(visit(exercises=ok)) == []


def test_unknown_ids_only_checked_when_collections_given():
    ex = (ExercisePrescription("moonwalk", sets=3, reps=10),)
    tests = (Result("x_ray_vision", Side.LEFT),)
    assert check(visit(exercises=ex, test_results=tests), exercise_ids=None, test_ids=None) == []
    problems = check(visit(exercises=ex, test_results=tests))
    assert sorted(fields(problems)) == ["exercises[0].exercise_id", "test_results[0].test_id"]


def test_hands_on_without_exercise_warns_citing_nice():
    problems = check(visit(exercises=()))
    assert [(p.field, p.severity) for p in problems] == [("exercises", "warning")]
    assert "NICE NG59" in problems[0].message
    assert check(visit(exercises=(), treatment=Treatment())) == []


# ---- tests and outcomes ----------------------------------------------------------------------


def test_duplicate_test_and_side():
    results = (
        Result("oxford_glute_max", Side.LEFT, {"grade": "4"}),
        Result("oxford_glute_max", Side.RIGHT, {"grade": "4"}),
        Result("oxford_glute_max", Side.LEFT, {"grade": "3"}),
    )
    problems = check(visit(test_results=results))
    assert fields(problems) == ["test_results[2]"]
    assert "left" in problems[0].message


def test_outcome_items_are_validated():
    scores = (OutcomeScore(Instrument.ODI, (1, 2, 9)),)
    problems = check(visit(outcome_scores=scores))
    assert fields(problems) == ["outcome_scores.odi", "outcome_scores.odi"]
    assert problems[0].message == "ODI needs 10 section scores; 3 were given"


def test_duplicate_instrument_and_unnamed_psfs():
    scores = (
        OutcomeScore(Instrument.PSFS, (4, 6), labels=("Running", "Sitting")),
        OutcomeScore(Instrument.PSFS, (4, 6)),
    )
    problems = check(visit(outcome_scores=scores))
    assert [(p.field, p.severity) for p in problems] == [
        ("outcome_scores.psfs", "error"),
        ("outcome_scores.psfs.labels", "warning"),
    ]


# ---- referrals and text ----------------------------------------------------------------------


def test_referral_needs_recipient_and_reason():
    problems = check(visit(referrals=(Referral(" ", ""),)))
    assert fields(problems) == ["referrals[0].to_whom", "referrals[0].reason"]


def test_lone_surrogates_anywhere_in_a_visit():
    base = visit()
    bad = replace(
        base,
        soap=replace(base.soap, plan=f"Review {LONE}"),
        test_results=(Result("trendelenburg", Side.RIGHT, {"note": LONE}),),
    )
    problems = check(bad)
    assert fields(problems) == ["test_results[0].values.note", "soap.plan"]
    assert all(p.severity == "error" for p in problems)


@given(st.text())
def test_any_encodable_text_is_accepted(text):
    problems = check(visit(complaint=text, change_since_last=text))
    assert not any(p.field in ("complaint", "change_since_last") for p in problems)
