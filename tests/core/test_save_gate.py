"""The save gate: each rule that blocks or warns on saving a visit, one test per rule.

Every test states the field id the editor maps to its widget, so removing or re-addressing a
rule fails here (the editor's side is in tests/ui/test_visit_editor_rules.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from glutedesk.domain.ids import ClientId
from glutedesk.domain.models import (
    Advice,
    PainMark,
    RedFlagAnswer,
    RedFlagScreen,
    SymptomType,
    Treatment,
)
from glutedesk.domain.save_gate import (
    EXERCISES,
    NERVE_ADVICE,
    NOT_SCREENED,
    RED_FLAG_ADVICE,
    RED_FLAGS_SCREENED,
    at_field,
    inline_message,
    visit_problems,
)
from glutedesk.domain.validation import FieldError
from tests.factories import make_visit

TODAY = dt.date(2026, 3, 1)
CLIENT = ClientId("c1")


def _problems(**overrides) -> list[FieldError]:
    return visit_problems(make_visit(CLIENT, **overrides), today=TODAY)


def test_a_sound_visit_has_no_problem_at_the_gated_fields():
    problems = _problems()
    for field in (RED_FLAG_ADVICE, RED_FLAGS_SCREENED, NERVE_ADVICE, EXERCISES):
        assert at_field(problems, field) == [], field


def test_a_ticked_red_flag_without_advice_is_an_error_at_the_advice_field():
    screen = RedFlagScreen((RedFlagAnswer("ces_saddle_numbness", True),), advice=None)
    problem = inline_message(_problems(red_flags=screen), RED_FLAG_ADVICE)
    assert problem is not None and problem.is_error
    assert "record the advice given" in problem.message


def test_advice_less_urgent_than_the_tier_is_an_error_unless_a_note_explains_it():
    flag = (RedFlagAnswer("ces_saddle_numbness", True),)
    bare = RedFlagScreen(flag, advice=Advice.URGENT_GP)
    problem = inline_message(_problems(red_flags=bare), RED_FLAG_ADVICE)
    assert problem is not None and problem.is_error
    explained = RedFlagScreen(flag, advice=Advice.URGENT_GP, advice_note="Client refused A&E")
    problem = inline_message(_problems(red_flags=explained), RED_FLAG_ADVICE)
    assert problem is not None and not problem.is_error
    enough = RedFlagScreen(flag, advice=Advice.A_AND_E_NOW)
    assert inline_message(_problems(red_flags=enough), RED_FLAG_ADVICE) is None


def test_red_flags_not_screened_warns_at_the_screened_field():
    problem = inline_message(_problems(red_flags=RedFlagScreen()), RED_FLAGS_SCREENED)
    assert problem == FieldError(RED_FLAGS_SCREENED, NOT_SCREENED, "warning")


def test_nerve_type_symptoms_without_advice_are_an_error_at_the_nerve_advice_field():
    problem = inline_message(_problems(pain_character=("pins_and_needles",)), NERVE_ADVICE)
    assert problem is not None and problem.is_error
    assert "Pins and needles" in problem.message


def test_numbness_marked_on_the_body_map_needs_nerve_advice_too():
    marks = (PainMark("back.calf.L", SymptomType.NUMBNESS, 2, "1"),)
    problem = inline_message(_problems(pain_marks=marks), NERVE_ADVICE)
    assert problem is not None and problem.is_error


def test_no_action_for_nerve_symptoms_warns_without_a_note_and_not_with_one():
    # The domain's strength wins over the old editor copy (which showed this in red): the
    # clinical reference asks for the advice to be logged, not for "no action" to block.
    nerve = {"pain_character": ("pins_and_needles",), "nerve_advice": Advice.NO_ACTION_NEEDED}
    problem = inline_message(_problems(**nerve), NERVE_ADVICE)
    assert problem is not None and not problem.is_error
    noted = inline_message(_problems(**nerve, nerve_advice_note="Known, under GP"), NERVE_ADVICE)
    assert noted is None
    gp = inline_message(
        _problems(pain_character=("pins_and_needles",), nerve_advice=Advice.ROUTINE_GP),
        NERVE_ADVICE,
    )
    assert gp is None


def test_hands_on_treatment_without_exercise_warns_at_the_exercises_field():
    problem = inline_message(_problems(exercises=()), EXERCISES)
    assert problem is not None and not problem.is_error
    assert "NICE NG59" in problem.message
    no_hands_on = _problems(exercises=(), treatment=Treatment())
    assert inline_message(no_hands_on, EXERCISES) is None


def test_at_field_matches_the_exact_field_errors_first():
    problems = [
        FieldError("exercises[0].sets", "a"),
        FieldError("exercises", "warn", "warning"),
        FieldError("exercises", "err"),
    ]
    assert [p.message for p in at_field(problems, "exercises")] == ["err", "warn"]


def test_the_gate_keeps_every_record_rule():
    visit = make_visit(CLIENT, therapist="  ")
    assert any(p.field == "therapist" and p.is_error for p in visit_problems(visit, today=TODAY))
    future = dataclasses.replace(visit, therapist="Sam", visit_date=TODAY + dt.timedelta(days=1))
    assert any(p.field == "visit_date" for p in visit_problems(future, today=TODAY))
