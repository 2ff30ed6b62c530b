"""The visit editor: a complete visit through the widgets, catalogue-built tests, clinical
safety prompts, copy forward and the demo clinic's visits re-saved unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from glutedesk.domain.catalogue import load_catalogue
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import (
    Advice,
    Instrument,
    PainMark,
    Side,
    SymptomType,
)
from glutedesk.storage.visits import count_visits, get_visit, latest_visit, visits_for_client
from glutedesk.ui.visit_editor.editor import OBJECTIVE, PAIN_MAP, PLAN, SUBJECTIVE
from glutedesk.ui.widgets.fields import OxfordPicker
from tests.ui.conftest import TODAY

FIXTURE_CATALOGUE = Path(__file__).parents[1] / "fixtures" / "catalogue"


def side(editor, test_id: str, which: Side):
    return editor.objective.cards[test_id].sides[which]


def fill_complete_visit(editor, qtbot) -> None:
    """Everything a first assessment records, typed into the editor's own widgets."""
    s = editor.subjective
    s.visit_date.setDate(QDate(2026, 2, 27))
    s.therapist.setText("Alex Morgan")
    s.consent.setChecked(True)
    s.chaperone.setChecked(True)
    s.complaint.setText("Ache <low back> & right buttock 🙂")
    s.nprs_now.setValue(5)
    s.nprs_best.setValue(2)
    s.nprs_worst.setValue(8)
    s.change.setText("First visit")
    s.goals.setText("Run 10 km")
    s.character_boxes["dull_ache"].setChecked(True)
    s.character_boxes["worse_on_movement"].setChecked(True)
    s.red_flags.screened.setChecked(True)
    s.red_flags.advice.set_advice(Advice.NO_ACTION_NEEDED)
    for row, (label, rating) in enumerate((("Running", 3), ("Sitting at work", 5))):
        s.psfs.labels[row].setText(label)
        s.psfs.ratings[row].setValue(rating)
    s.notes.setPlainText("Sleeps badly on the right side")

    editor.pain_map.diagram.set_marks(
        [
            PainMark("back.lumbar.R", SymptomType.ACHE, 5, editor.regions.version),
            PainMark("back.glute_med.R", SymptomType.SHARP, 4, editor.regions.version),
        ]
    )

    o = editor.objective
    o.posture.rows["pelvic_tilt"].value.set_value("anterior")
    o.posture.rows["pelvic_obliquity"].value.set_value("right_high")
    o.posture.rows["pelvic_obliquity"].note.setText("1 cm")
    left = side(editor, "oxford_glute_med", Side.LEFT)
    right = side(editor, "oxford_glute_med", Side.RIGHT)
    qtbot.keyClick(left.fields["grade"], Qt.Key.Key_4)
    qtbot.keyClick(right.fields["grade"], Qt.Key.Key_3)
    qtbot.keyClick(right.fields["grade"], Qt.Key.Key_Plus)
    left.fields["dynamometer"].edit.setText("182.5")
    left.fields["dynamometer_unit"].set_value("n")
    right.compensations.boxes["hip_hike"].setChecked(True)
    gmax = side(editor, "oxford_glute_max", Side.LEFT)
    gmax.variant.set_value("prone_knee_flexed")
    qtbot.keyClick(gmax.fields["grade"], Qt.Key.Key_5)
    qtbot.keyClick(gmax.fields["grade"], Qt.Key.Key_Minus)
    phe = side(editor, "janda_prone_hip_extension", Side.RIGHT)
    phe.fields["order"].places[0].set_value("hamstrings")
    phe.fields["order"].places[1].set_value("glute_max")
    phe.fields["faults"].boxes["knee_flexes"].setChecked(True)
    side(editor, "janda_prone_hip_extension", Side.LEFT).fields["order"].undetermined.setChecked(
        True
    )
    trend = side(editor, "trendelenburg", Side.RIGHT)
    trend.fields["result"].set_value("drop")
    trend.fields["seconds_held"].edit.setText("20")
    trend.fields["pain"].set_value(True)
    trend.symptom.setChecked(True)
    trend.region.set_value("back.glute_med.R")
    trend.note.setText("Felt in the right buttock")
    ober = side(editor, "ober_test", Side.LEFT)
    ober.not_tested.setChecked(True)
    ober.reason.setText("Short of time")
    o.notes.setPlainText("Tender over right glute med")

    out = editor.outcomes
    out.odi.recorded.setChecked(True)
    for spin, value in zip(out.odi.spins, (2, 1, 3, 1, 2, 1, 2, None, 2, 2), strict=True):
        spin.set_value_or_none(value)
    out.rmdq.recorded.setChecked(True)
    for number in (1, 4, 9):
        out.rmdq.boxes[number - 1].setChecked(True)
    out.startback.recorded.setChecked(True)
    for combo, value in zip(out.startback.combos, (1, 0, 1, 0, 1, 1, 0, 0, 1), strict=True):
        combo.set_value(value)

    t = editor.treatment
    t.techniques.boxes["effleurage"].setChecked(True)
    t.techniques.boxes["soft_tissue_release"].setChecked(True)
    editor.refresh_now()
    t.use_marked.click()
    t.response.setText("Eased, NPRS 5 → 3")

    p = editor.plan
    p.assessment.setPlainText("Right glute med weaker than left")
    p.exercise_picker.setCurrentIndex(p.exercise_picker.findData("clam"))
    p.add_exercise_button.click()
    p.add_exercise_by_id("half_kneeling_hip_flexor_stretch")
    p.exercise_rows[0].sets.setValue(3)
    p.exercise_rows[0].cues.setText("Keep the heels together")
    p.next_booked.setChecked(True)
    p.next_date.setDate(QDate(2026, 3, 13))
    p.add_referral_button.click()
    p.referral_rows[0].to_whom.setText("GP: Dr Amira Shah")
    p.referral_rows[0].reason.setText("Night pain: please review")
    p.plan_notes.setPlainText("Review in two weeks")


def test_a_complete_visit_is_saved_and_reopens_identical(clinic, make_editor, file_db, qtbot):
    saved = []
    editor = make_editor(clinic["Liam"], on_saved=saved.append)
    assert editor.is_new and not editor.copied_forward
    fill_complete_visit(editor, qtbot)
    assert editor.save() is True
    assert saved and editor.visit_id in saved[0].visits

    stored = get_visit(file_db, editor.visit_id)
    assert stored == editor.collect()
    assert stored.visit_date == dt.date(2026, 2, 27)
    assert stored.complaint == "Ache <low back> & right buttock 🙂"
    assert (stored.nprs.now, stored.nprs.best, stored.nprs.worst) == (5, 2, 8)
    assert stored.pain_character == ("dull_ache", "worse_on_movement")
    assert len(stored.red_flags.answers) == len(editor.catalogue.red_flags)
    assert stored.red_flags.present_flags == ()
    assert stored.red_flags.advice is Advice.NO_ACTION_NEEDED
    assert {m.region_id for m in stored.pain_marks} == {"back.lumbar.R", "back.glute_med.R"}
    assert stored.result("oxford_glute_med", Side.LEFT).values == {
        "grade": "4",
        "dynamometer": 182.5,
        "dynamometer_unit": "n",
    }
    right = stored.result("oxford_glute_med", Side.RIGHT)
    assert right.values == {"grade": "3+"} and right.compensations == ("hip_hike",)
    gmax = stored.result("oxford_glute_max", Side.LEFT)
    assert gmax.values == {"grade": "5-"} and gmax.variant == "prone_knee_flexed"
    assert stored.result("janda_prone_hip_extension", Side.RIGHT).values == {
        "order": ["hamstrings", "glute_max"],
        "faults": ["knee_flexes"],
    }
    assert stored.result("janda_prone_hip_extension", Side.LEFT).values == {"order": "undetermined"}
    trend = stored.result("trendelenburg", Side.RIGHT)
    assert trend.values == {"result": "drop", "seconds_held": 20, "pain": True}
    assert trend.symptom_provoked and trend.symptom_region == "back.glute_med.R"
    ober = stored.result("ober_test", Side.LEFT)
    assert ober.not_tested_reason == "Short of time" and ober.values == {}
    assert stored.result("oxford_glute_med", Side.NOT_APPLICABLE) is None
    assert {(f.item_id, f.value, f.note) for f in stored.posture} == {
        ("pelvic_tilt", "anterior", ""),
        ("pelvic_obliquity", "right_high", "1 cm"),
    }
    assert stored.score(Instrument.ODI).items == (2, 1, 3, 1, 2, 1, 2, None, 2, 2)
    assert sum(stored.score(Instrument.RMDQ).items) == 3
    assert stored.score(Instrument.STARTBACK).items == (1, 0, 1, 0, 1, 1, 0, 0, 1)
    psfs = stored.score(Instrument.PSFS)
    assert psfs.labels == ("Running", "Sitting at work") and psfs.items == (3, 5)
    assert stored.treatment.techniques == ("effleurage", "soft_tissue_release")
    assert set(stored.treatment.areas) == {"back.lumbar.R", "back.glute_med.R"}
    assert [(e.exercise_id, e.sets, e.reps, e.hold_seconds) for e in stored.exercises] == [
        ("clam", 3, 12, None),
        ("half_kneeling_hip_flexor_stretch", 3, None, 30),
    ]
    assert stored.exercises[0].cues == "Keep the heels together"
    assert stored.referrals[0].to_whom == "GP: Dr Amira Shah"
    assert stored.next_visit == dt.date(2026, 3, 13)
    assert stored.soap.subjective == "Sleeps badly on the right side"
    assert stored.soap.objective == "Tender over right glute med"
    assert stored.soap.plan == "Review in two weeks"
    assert stored.consent_reconfirmed and stored.chaperone_offered
    assert not editor.is_dirty()

    reopened = make_editor(clinic["Liam"], editor.visit_id)
    assert not reopened.is_new
    assert reopened.collect() == stored
    assert not reopened.is_dirty()


def test_oxford_picker_digits_set_grades_and_plus_minus_step(qtbot):
    picker = OxfordPicker()
    qtbot.addWidget(picker)
    assert picker.value() is None
    qtbot.keyClick(picker, Qt.Key.Key_4)
    assert picker.value() == "4"
    qtbot.keyClick(picker, Qt.Key.Key_Plus)
    assert picker.value() == "4+"
    qtbot.keyClick(picker, Qt.Key.Key_Plus)
    assert picker.value() == "5-"
    qtbot.keyClick(picker, Qt.Key.Key_Minus)
    qtbot.keyClick(picker, Qt.Key.Key_Minus)
    assert picker.value() == "4"
    qtbot.keyClick(picker, Qt.Key.Key_0)
    qtbot.keyClick(picker, Qt.Key.Key_Minus)
    assert picker.value() == "0"
    qtbot.keyClick(picker, Qt.Key.Key_Delete)
    assert picker.value() is None


def test_a_test_added_to_the_catalogue_appears_with_no_code_change(clinic, make_editor, file_db):
    catalogue = load_catalogue(FIXTURE_CATALOGUE)
    editor = make_editor(clinic["Liam"], catalogue=catalogue)
    card = editor.objective.cards["fixture_extra_test"]
    assert card.test.name == "Fixture-only test"
    assert not card.expanded  # optional tests start collapsed
    assert set(card.sides) == {Side.LEFT, Side.RIGHT}
    assert not card.expanded
    default_editor = make_editor(clinic["Liam"])
    assert "fixture_extra_test" not in default_editor.objective.cards

    card.sides[Side.RIGHT].fields["result"].set_value("fail")
    editor.subjective.therapist.setText("Sam")
    assert editor.save()
    stored = get_visit(file_db, editor.visit_id)
    assert stored.result("fixture_extra_test", Side.RIGHT).values == {"result": "fail"}
    reopened = make_editor(clinic["Liam"], editor.visit_id, catalogue=catalogue)
    assert reopened.objective.cards["fixture_extra_test"].expanded  # has a result: open


def test_a_ticked_red_flag_blocks_saving_until_the_advice_is_recorded(clinic, make_editor, file_db):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    panel = editor.subjective.red_flags
    panel.boxes["ces_saddle_numbness"].setChecked(True)
    assert panel.screened.isChecked()
    editor.go_to(PLAN)
    before = count_visits(file_db)
    assert editor.save() is False
    assert count_visits(file_db) == before
    assert editor.current_section() == SUBJECTIVE
    assert "record the advice given" in panel.advice_problem.text()
    assert not panel.advice_problem.isHidden()
    issues = [editor.issues.item(i).text() for i in range(editor.issues.count())]
    assert any(text.startswith("Error · Subjective") and "red flag" in text for text in issues)
    assert "emergency (A&E now)" in panel.tier_label.text()
    option = editor.catalogue.advice_option(Advice.A_AND_E_NOW)
    assert option.text in panel.advice_text.text()
    assert option.safety_net in panel.safety_net.text()

    panel.advice.set_advice(Advice.URGENT_GP)  # less urgent than the tier, no note
    assert editor.save() is False
    panel.advice.set_advice(Advice.A_AND_E_NOW)
    panel.advice_note.setText("Safety-net card given; went to A&E")
    assert editor.save() is True
    stored = get_visit(file_db, editor.visit_id)
    assert stored.red_flags.present_flags == ("ces_saddle_numbness",)
    assert stored.red_flags.advice is Advice.A_AND_E_NOW


def test_nerve_type_symptoms_raise_the_referral_prompt(clinic, make_editor, file_db):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    prompt = editor.subjective.nerve_prompt
    editor.refresh_now()
    assert prompt.isHidden()
    editor.subjective.character_boxes["pins_and_needles"].setChecked(True)
    editor.refresh_now()
    assert not prompt.isHidden()
    assert "Pins and needles" in prompt.reasons.text()
    assert "nerve-type" in editor.subjective.classification_label.text()
    assert "Pins and needles" in editor.subjective.classification_reasons.text()
    assert editor.save() is False

    prompt.referral_button.click()
    assert editor.current_section() == PLAN
    [row] = editor.plan.referral_rows
    assert row.to_whom.text().startswith("GP")
    assert "Pins and needles" in row.reason.text()
    findings = [w.text() for w in row.findChildren(QLabel) if w.text().startswith("Findings")]
    assert findings == ["Findings: Pins and needles or tingling"]  # the catalogue's words
    urgencies = [row.urgency.itemText(i) for i in range(row.urgency.count())]
    assert urgencies == [
        "Go to A&E now",
        "See a GP urgently",
        "See a GP (routine)",
        "No action needed",
    ]
    assert prompt.advice.advice() is Advice.ROUTINE_GP
    prompt.note.setText("Advised to see GP this week; letter given")
    assert editor.save() is True
    stored = get_visit(file_db, editor.visit_id)
    assert stored.nerve_advice is Advice.ROUTINE_GP
    assert stored.nerve_advice_note == "Advised to see GP this week; letter given"
    assert stored.referrals[0].flags == ("pins_and_needles",)


def test_numbness_on_the_body_diagram_raises_the_prompt_too(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    prompt = editor.subjective.nerve_prompt
    diagram = editor.pain_map.diagram
    with_nerve = []
    diagram.nerve_symptoms_changed.connect(with_nerve.append)
    diagram.set_marks([PainMark("back.calf.L", SymptomType.NUMBNESS, 2, editor.regions.version)])
    editor.refresh_now()
    assert not prompt.isHidden()
    assert "Numbness marked on the body map" in prompt.reasons.text()
    assert any("Nerve-type" in p.message for p in editor.problems() if p.is_error)


def test_copy_forward_copies_the_last_visit_and_highlights_changes(clinic, make_editor, file_db):
    zoe = clinic["Zoë"]
    last = latest_visit(file_db, zoe)
    editor = make_editor(zoe)
    assert editor.copied_forward
    visit = editor.collect()
    assert visit.id != last.id and visit.visit_date == TODAY
    assert visit.test_results == last.test_results
    assert visit.exercises == last.exercises
    assert visit.score(Instrument.PSFS) == last.score(Instrument.PSFS)
    assert visit.red_flags.answers == ()  # screened afresh every visit
    assert visit.nerve_advice is None and visit.referrals == ()
    assert editor.highlighter.changed_widgets() == []

    grade = side(editor, "oxford_glute_max", Side.RIGHT).fields["grade"]
    assert grade.value() == "3+"
    grade.set_value("4")
    editor.refresh_now()
    assert editor.highlighter.changed_widgets() == [grade]
    assert grade.property("changed") is True
    untouched = side(editor, "oxford_glute_max", Side.LEFT).fields["grade"]
    assert not untouched.property("changed")
    assert "copied from" in editor.subtitle_label.text()


def test_the_nice_reminder_shows_for_hands_on_treatment_without_exercise(clinic, make_editor):
    editor = make_editor(clinic["Liam"])
    editor.treatment.techniques.boxes["effleurage"].setChecked(True)
    editor.refresh_now()
    assert not editor.plan.nice_reminder.isHidden()
    warnings = [p for p in editor.problems() if not p.is_error]
    assert any("NICE NG59" in p.message for p in warnings)
    editor.plan.add_exercise_by_id("glute_bridge")
    editor.refresh_now()
    assert editor.plan.nice_reminder.isHidden()


def test_keyboard_moves_between_sections(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    editor.show()
    ctrl = Qt.KeyboardModifier.ControlModifier
    assert editor.current_section() == SUBJECTIVE
    assert editor.focusWidget() is editor.subjective.nprs_now
    qtbot.keyClick(editor.subjective.nprs_now, Qt.Key.Key_PageDown, ctrl)
    assert editor.current_section() == PAIN_MAP
    qtbot.keyClick(editor.focusWidget(), Qt.Key.Key_PageDown, ctrl)
    assert editor.current_section() == OBJECTIVE
    qtbot.keyClick(editor.focusWidget(), Qt.Key.Key_PageUp, ctrl)
    assert editor.current_section() == PAIN_MAP


def test_invalid_numbers_are_reported_inline_and_block_saving(clinic, make_editor, file_db):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    dyn = side(editor, "oxford_glute_max", Side.LEFT).fields["dynamometer"].edit
    dyn.setText("1500")  # the validator lets it be typed; it is above the 1000 maximum
    assert editor.save() is False
    assert any("1500 is above 1000" in p.message for p in editor.problems())
    assert dyn.text() == "1500"
    dyn.setText("150")
    side(editor, "oxford_glute_max", Side.LEFT).fields["grade"].set_value("4")
    order = side(editor, "janda_prone_hip_extension", Side.LEFT).fields["order"]
    order.places[0].set_value("glute_max")
    order.places[1].set_value("glute_max")
    assert editor.save() is False
    assert editor.current_section() == OBJECTIVE
    assert any("appears twice" in p.message for p in editor.problems())
    order.places[1].set_value("hamstrings")
    # a reading without its unit is refused, naming the field (clinical reference 1.1a)
    assert editor.save() is False
    assert any(
        "has no unit" in p.message and p.field.endswith("values.dynamometer_unit")
        for p in editor.problems()
        if p.is_error
    )
    side(editor, "oxford_glute_max", Side.LEFT).fields["dynamometer_unit"].set_value("n")
    assert [p.message for p in editor.problems() if p.is_error] == []
    assert editor.save() is True


@pytest.mark.parametrize("client_index", [0, 2, 3])
def test_demo_visits_open_and_resave_unchanged(demo_clinic, make_editor, file_db, client_index):
    client_id = demo_clinic.client_ids[client_index]
    for original in visits_for_client(file_db, client_id)[:3]:
        editor = make_editor(client_id, original.id)
        assert editor.collect() == original
        assert not editor.is_dirty()
        assert not [p for p in editor.problems() if p.is_error]
        assert editor.save() is True
        stored = get_visit(file_db, original.id)
        assert stored.updated_at != original.updated_at
        assert dataclasses.replace(stored, updated_at=original.updated_at) == original
        editor.close()


def test_a_follow_up_answers_copied_nerve_symptoms_in_one_key(clinic, make_editor, file_db):
    """Last visit: pins and needles, advised to see the GP. Today Alt+L records that advice
    again (saying so), or Alt+N unticks the symptoms; neither happens without the key."""
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    editor.subjective.character_boxes["pins_and_needles"].setChecked(True)
    editor.subjective.nerve_prompt.advice.set_advice(Advice.ROUTINE_GP)
    editor.subjective.nerve_prompt.note.setText("Letter given")
    assert editor.save() is True
    editor._clean = editor.collect()
    editor.close()

    follow_up = make_editor(clinic["Liam"])
    follow_up.show()
    prompt = follow_up.subjective.nerve_prompt
    follow_up.refresh_now()
    assert prompt.isVisible() and prompt.same_button.isVisible()
    assert prompt.advice.advice() is None  # recorded afresh: nothing carried silently
    assert follow_up.save() is False
    QTest.keyClick(follow_up.subjective.nprs_now, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert prompt.advice.advice() is Advice.ROUTINE_GP
    assert prompt.note.text() == f"Same advice as on {format_date(TODAY)}: Letter given"

    QTest.keyClick(follow_up.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert not follow_up.subjective.character_boxes["pins_and_needles"].isChecked()
    follow_up._clean = follow_up.collect()


def test_an_exercise_is_swapped_in_place(clinic, make_editor, file_db, qtbot):
    zoe = clinic["Zoë"]
    last = latest_visit(file_db, zoe)
    assert len(last.exercises) >= 2
    editor = make_editor(zoe)  # copied forward
    plan = editor.plan
    row = plan.exercise_rows[0]
    before = [r.exercise_id for r in plan.exercise_rows]
    editor.show()
    qtbot.waitExposed(editor)
    editor.go_to(PLAN)
    row.choice.setFocus()
    qtbot.keyClick(row.choice, Qt.Key.Key_Down)  # the next exercise of the list, in place
    swapped = row.exercise_id
    assert swapped != before[0]
    default = editor.catalogue.exercise(swapped).default_prescription()
    assert row.prescription() == default  # the new exercise's own dose and cues
    assert [r.exercise_id for r in plan.exercise_rows] == [swapped, *before[1:]]
    editor.subjective.therapist.setText("Sam")
    editor.subjective.red_flags.screened.setChecked(True)
    assert editor.save() is True
    stored = get_visit(file_db, editor.visit_id)
    assert [e.exercise_id for e in stored.exercises] == [swapped, *before[1:]]
