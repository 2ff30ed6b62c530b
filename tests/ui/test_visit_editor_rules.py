"""The editor shows the save gate's problems: for each rule, the domain's message for that
field appears beside the field and in the problems list (tests/core/test_save_gate.py holds
the rules themselves), and the editor adds no rule of its own."""

from __future__ import annotations

import sqlite3

from glutedesk.domain.models import Advice, Instrument
from glutedesk.domain.save_gate import (
    EXERCISES,
    NERVE_ADVICE,
    RED_FLAG_ADVICE,
    RED_FLAGS_SCREENED,
    inline_message,
    visit_problems,
)
from glutedesk.storage.errors import storage_error_for
from glutedesk.ui.visit_editor.editor import PLAN, SUBJECTIVE, save_error_message
from tests.ui.conftest import TODAY


def gate(editor, field: str):
    """The domain's problem at ``field`` for the visit as it stands in the editor."""
    problems = visit_problems(
        editor.collect(),
        catalogue=editor.catalogue,
        regions=editor.regions,
        client_dob=editor.client.date_of_birth,
        today=TODAY,
    )
    return inline_message(problems, field)


def listed(editor) -> list[str]:
    return [editor.issues.item(i).text() for i in range(editor.issues.count())]


def shows(editor, label, field: str, section_title: str) -> None:
    """``label`` shows the domain's problem at ``field``, coloured by severity, and so does
    the problems list."""
    editor.refresh_now()
    problem = gate(editor, field)
    assert problem is not None, f"the domain finds nothing at {field}"
    assert label.text() == problem.message
    assert not label.isHidden()
    assert label.property("severity") == problem.severity
    word = "Error" if problem.is_error else "Warning"
    assert f"{word} · {section_title}: {problem.message}" in listed(editor)


def test_red_flag_advice_missing(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    panel = editor.subjective.red_flags
    panel.boxes["ces_saddle_numbness"].setChecked(True)
    shows(editor, panel.advice_problem, RED_FLAG_ADVICE, "Subjective")
    assert gate(editor, RED_FLAG_ADVICE).is_error


def test_red_flag_advice_less_urgent_than_the_tier(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    panel = editor.subjective.red_flags
    panel.boxes["ces_saddle_numbness"].setChecked(True)
    panel.advice.set_advice(Advice.URGENT_GP)
    shows(editor, panel.advice_problem, RED_FLAG_ADVICE, "Subjective")
    panel.advice_note.setText("Client refused A&E; GP called now")
    shows(editor, panel.advice_problem, RED_FLAG_ADVICE, "Subjective")
    assert not gate(editor, RED_FLAG_ADVICE).is_error
    panel.advice.set_advice(Advice.A_AND_E_NOW)
    editor.refresh_now()
    assert gate(editor, RED_FLAG_ADVICE) is None and panel.advice_problem.isHidden()


def test_red_flags_not_screened(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    panel = editor.subjective.red_flags
    shows(editor, panel.screened_problem, RED_FLAGS_SCREENED, "Subjective")
    editor.toggle_screened()
    editor.refresh_now()
    assert gate(editor, RED_FLAGS_SCREENED) is None
    assert panel.screened_problem.isHidden()
    assert not any("not screened" in text for text in listed(editor))


def test_nerve_advice_missing(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    editor.subjective.character_boxes["pins_and_needles"].setChecked(True)
    prompt = editor.subjective.nerve_prompt
    shows(editor, prompt.status, NERVE_ADVICE, "Subjective")
    assert gate(editor, NERVE_ADVICE).is_error


def test_nerve_advice_no_action_without_a_note_is_the_domains_warning(clinic, make_editor):
    # The old editor copy showed this in red; the domain (a warning) won.
    editor = make_editor(clinic["Liam"])
    editor.subjective.character_boxes["pins_and_needles"].setChecked(True)
    prompt = editor.subjective.nerve_prompt
    prompt.advice.set_advice(Advice.NO_ACTION_NEEDED)
    shows(editor, prompt.status, NERVE_ADVICE, "Subjective")
    assert prompt.status.property("severity") == "warning"
    prompt.note.setText("Long-standing, known to GP")
    editor.refresh_now()
    assert gate(editor, NERVE_ADVICE) is None
    assert prompt.status.text() == "Advice recorded."


def test_nice_reminder(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    editor.treatment.techniques.boxes["effleurage"].setChecked(True)
    shows(editor, editor.plan.nice_reminder, EXERCISES, "Plan")
    editor.plan.add_exercise_by_id("glute_bridge")
    editor.refresh_now()
    assert gate(editor, EXERCISES) is None and editor.plan.nice_reminder.isHidden()


def test_clicking_a_problem_opens_its_section(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    editor.treatment.techniques.boxes["effleurage"].setChecked(True)
    editor.go_to(SUBJECTIVE)
    editor.refresh_now()
    [item] = [
        editor.issues.item(i)
        for i in range(editor.issues.count())
        if "NICE" in editor.issues.item(i).text()
    ]
    editor.issues.itemClicked.emit(item)
    assert editor.current_section() == PLAN


def test_nerve_referral_takes_the_domains_urgency_and_findings(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    s = editor.subjective
    s.character_boxes["pins_and_needles"].setChecked(True)
    s.nerve_prompt.advice.set_advice(Advice.URGENT_GP)
    editor.refresh_now()
    s.nerve_prompt.referral_button.click()
    [row] = editor.plan.referral_rows
    referral = row.referral()
    assert referral.urgency is Advice.URGENT_GP
    assert referral.flags == ("pins_and_needles",)


def test_the_new_visit_is_the_domains_copy_forward(clinic, make_editor, file_db):
    from glutedesk.domain.copy_forward import RECORDED_AFRESH, copy_forward
    from glutedesk.storage.visits import latest_visit

    last = latest_visit(file_db, clinic["Zoë"])
    editor = make_editor(clinic["Zoë"])
    expected = copy_forward(last, TODAY)
    shown = editor.collect()
    for name in RECORDED_AFRESH:
        assert getattr(shown, name) == getattr(expected, name), name
    assert shown.score(Instrument.PSFS) == expected.score(Instrument.PSFS)
    assert shown.test_results == expected.test_results


def test_a_failed_save_is_worded_by_storage():
    for text in ("database is locked", "database or disk is full", "attempt to write a readonly"):
        exc = sqlite3.OperationalError(text)
        reason = str(storage_error_for(exc)).split(": ", 1)[1]
        assert save_error_message(exc) == f"The visit was not saved: {reason}"
