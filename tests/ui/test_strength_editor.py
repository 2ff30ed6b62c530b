"""Strength readings typed into the visit editor with real key events: every unit, a reading
without a grade, the unit refused when missing, the unit remembered per test, symmetry from
readings, and an old record's "both sides" result shown and kept (issue 13, items 1 and 2)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from glutedesk.domain.models import Side
from glutedesk.domain.models import TestResult as Result
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.visits import get_visit, save_visit, visits_for_client
from tests.factories import make_visit
from tests.ui.conftest import TODAY

# What a therapist types into the unit box to pick each unit (the combo's keyboard search).
UNIT_KEYS = {
    "n": ("N", "N (newtons)"),
    "kg": ("k", "kg"),
    "lbf": ("l", "lbf"),
    "nm": ("Nm", "Nm (torque)"),
    "n_per_kg": ("N/", "N/kg of body mass"),
    "percent_bw": ("%", "% body weight"),
}
READINGS = {"n": 182.5, "kg": 18.6, "lbf": 41.0, "nm": 5.11, "n_per_kg": 2.45, "percent_bw": 23.5}


def side(editor, test_id: str, which: Side):
    return editor.objective.cards[test_id].sides[which]


def type_reading(qtbot, inputs, text: str) -> None:
    edit = inputs.fields["dynamometer"].edit
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def pick_unit(qtbot, inputs, keys: str) -> None:
    combo = inputs.fields["dynamometer_unit"]
    combo.setFocus()
    qtbot.keyClicks(combo, keys)


def stored_values(file_db, client_id, test_id="oxford_glute_med", which=Side.LEFT) -> dict:
    [visit] = visits_for_client(file_db, client_id)
    result = visit.result(test_id, which)
    assert result is not None
    return dict(result.values)


@pytest.mark.parametrize("unit", list(UNIT_KEYS))
def test_a_reading_without_a_grade_is_saved_in_each_unit(clinic, make_editor, file_db, qtbot, unit):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    left = side(editor, "oxford_glute_med", Side.LEFT)
    type_reading(qtbot, left, str(READINGS[unit]))
    keys, label = UNIT_KEYS[unit]
    pick_unit(qtbot, left, keys)
    assert left.fields["dynamometer_unit"].currentText() == label
    assert editor.save() is True
    # no grade was typed, and none is stored
    assert stored_values(file_db, clinic["Liam"]) == {
        "dynamometer": READINGS[unit],
        "dynamometer_unit": unit,
    }


def test_a_reading_without_a_unit_is_refused_naming_the_field(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    left = side(editor, "oxford_glute_med", Side.LEFT)
    type_reading(qtbot, left, "182")
    assert left.fields["dynamometer_unit"].value() is None  # nothing remembered yet
    assert editor.save() is False
    errors = [p for p in editor.problems() if p.is_error]
    assert any(
        p.field.endswith(".values.dynamometer_unit") and "has no unit" in p.message for p in errors
    ), errors
    assert left.fields["dynamometer"].value() == 182.0  # nothing typed is lost


def test_the_unit_is_remembered_per_test(clinic, make_editor, file_db, qtbot):
    editor = make_editor(clinic["Liam"])
    editor.subjective.therapist.setText("Sam")
    left = side(editor, "oxford_glute_max", Side.LEFT)
    type_reading(qtbot, left, "5.11")
    pick_unit(qtbot, left, "Nm")
    assert editor.save() is True
    assert Clinic(file_db).unit_defaults()["oxford_glute_max"] == "nm"
    editor.close()

    later = make_editor(clinic["Margaret"])
    right = side(later, "oxford_glute_max", Side.RIGHT)
    type_reading(qtbot, right, "5.83")
    assert right.fields["dynamometer_unit"].value() == "nm"  # the therapist's default
    med = side(later, "oxford_glute_med", Side.RIGHT)
    type_reading(qtbot, med, "140")
    assert med.fields["dynamometer_unit"].value() is None  # another test: not assumed


def test_symmetry_comes_from_readings_and_says_so(clinic, make_editor, qtbot):
    editor = make_editor(clinic["Liam"])
    card = editor.objective.cards["oxford_glute_max"]
    left, right = card.sides[Side.LEFT], card.sides[Side.RIGHT]
    for inputs, reading in ((left, "5.11"), (right, "5.83")):
        qtbot.keyClick(inputs.fields["grade"], Qt.Key.Key_5)
        type_reading(qtbot, inputs, reading)
        pick_unit(qtbot, inputs, "Nm")
    card.update_summary()
    assert card.summary.text() == "Symmetry 87.7% (readings, Nm) · left weaker"
    right.fields["dynamometer_unit"].set_value("n")  # units differ: grades instead
    card.update_summary()
    assert card.summary.text() == "Symmetry 100.0% (grades) · equal"


def test_an_old_both_sides_result_is_shown_kept_and_can_be_copied(
    clinic, make_editor, file_db, qtbot
):
    old = Result("oxford_glute_med", Side.BILATERAL, {"grade": "4-"}, note="old paper card")
    stored, _ = save_visit(
        file_db, make_visit(clinic["Liam"], TODAY, therapist="Sam", test_results=(old,))
    )
    editor = make_editor(clinic["Liam"], stored.id)
    card = editor.objective.cards["oxford_glute_med"]
    assert card.old_sides.isVisibleTo(card)
    assert "Old record, both sides: grade 4-" in card.old_sides.text.text()
    # opening and collecting keeps it exactly as stored
    assert editor.collect().test_results == stored.test_results
    qtbot.mouseClick(card.old_sides.copy_button, Qt.MouseButton.LeftButton)
    assert card.sides[Side.LEFT].fields["grade"].value() == "4-"
    assert card.sides[Side.RIGHT].fields["grade"].value() == "4-"
    assert editor.save() is True
    saved = get_visit(file_db, stored.id)
    sides = {r.side: r.values for r in saved.test_results if r.test_id == "oxford_glute_med"}
    assert sides == {Side.LEFT: {"grade": "4-"}, Side.RIGHT: {"grade": "4-"}}


def test_involved_side_makes_the_card_read_involved_over_uninvolved(
    clinic, make_editor, file_db, qtbot
):
    clinic_door = Clinic(file_db)
    client = clinic_door.client(clinic["Liam"])
    involved = dataclasses.replace(client.history, involved_side="left")
    clinic_door.save_client(dataclasses.replace(client, history=involved))
    editor = make_editor(clinic["Liam"])
    card = editor.objective.cards["oxford_glute_max"]
    for which, reading in ((Side.LEFT, "5.11"), (Side.RIGHT, "5.83")):
        type_reading(qtbot, card.sides[which], reading)
        pick_unit(qtbot, card.sides[which], "Nm")
    card.update_summary()
    assert card.summary.text() == "Symmetry 87.7% (readings, Nm) · left involved"
    assert "left ÷ right (involved ÷ uninvolved)" in card.summary.toolTip()
