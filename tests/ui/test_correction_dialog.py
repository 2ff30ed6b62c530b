"""Correcting a recorded value in the GUI: real widgets, real key presses, refusals shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from glutedesk.domain.corrections import nprs_path, result_value_path
from glutedesk.domain.models import Side
from glutedesk.storage.clinic import Clinic
from glutedesk.storage.errors import DiskFullError
from glutedesk.ui.amendments import AmendmentsPanel
from glutedesk.ui.correction_dialog import CorrectionDialog, CorrectionInput
from glutedesk.ui.dialogs import ErrorMessage
from glutedesk.ui.timeline import TimelineView
from glutedesk.ui.timeline.model import MAX_L, NPRS
from tests.factories import make_client, make_visit

GRADE = result_value_path("oxford_glute_max", Side.LEFT, "grade")


@pytest.fixture
def signed(file_db):
    clinic = Clinic(file_db)
    client, _ = clinic.save_client(make_client())
    visit, _ = clinic.save_visit(make_visit(client.id, dt.date(2026, 2, 1)))
    clinic.sign(visit.id, "Sam Therapist")
    return clinic, visit


def _open(qtbot, clinic, visit, previous=None):
    dialog = CorrectionDialog(
        None, clinic.visit(visit.id), previous or CorrectionInput("Sam Therapist", "", "", "")
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _choose_value(qtbot, dialog, path):
    """Move the value list with the Down key until ``path`` is current."""
    dialog.value_combo.setFocus()
    qtbot.keyClick(dialog.value_combo, Qt.Key.Key_Home)
    for _ in range(dialog.value_combo.count()):
        if dialog.value_combo.currentData() == path:
            return
        qtbot.keyClick(dialog.value_combo, Qt.Key.Key_Down)
    raise AssertionError(f"{path} is not offered")


def _choose_grade(qtbot, dialog, grade):
    dialog.new_choice.setFocus()
    for _ in range(dialog.new_choice.count() + 1):
        if dialog.new_choice.currentText() == grade:
            return
        qtbot.keyClick(dialog.new_choice, Qt.Key.Key_Down)
    raise AssertionError(f"grade {grade} is not offered")


def test_a_grade_is_corrected_with_keys_and_enter(qtbot, signed):
    clinic, visit = signed
    dialog = _open(qtbot, clinic, visit)
    _choose_value(qtbot, dialog, GRADE)
    assert dialog.current_label.text() == "4"
    assert dialog.new_stack.currentWidget() is dialog.new_choice  # grades are picked
    assert not dialog.save_button.isEnabled()
    _choose_grade(qtbot, dialog, "4+")
    assert not dialog.save_button.isEnabled()
    assert "reason" in dialog.problem_label.text()
    qtbot.keyClicks(dialog.reason_edit, "Read from the right leg's line")
    assert dialog.save_button.isEnabled() and dialog.problem_label.text() == ""
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    correction = dialog.correction()
    assert (correction.field, correction.old_value, correction.new_value) == (GRADE, "4", "4+")


def test_an_impossible_value_is_refused_with_the_editors_message(qtbot, signed):
    clinic, visit = signed
    dialog = _open(qtbot, clinic, visit)
    _choose_value(qtbot, dialog, nprs_path("now"))
    assert dialog.new_stack.currentWidget() is dialog.new_edit
    qtbot.keyClicks(dialog.reason_edit, "Typo")
    dialog.new_edit.setFocus()
    qtbot.keyClicks(dialog.new_edit, "12")
    assert dialog.problem_label.text() == "Pain now must be a whole number from 0 to 10"
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.new_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    qtbot.keyClick(dialog.new_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.new_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.new_edit, "lots")
    assert "'lots' is not a number" in dialog.problem_label.text()
    dialog.new_edit.selectAll()
    qtbot.keyClicks(dialog.new_edit, "4")
    assert "already reads 4" in dialog.problem_label.text()
    dialog.new_edit.selectAll()
    qtbot.keyClicks(dialog.new_edit, "6")
    assert dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.new_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.correction().new_value == 6


def test_not_recorded_removes_a_reading(qtbot, signed):
    clinic, visit = signed
    dialog = _open(qtbot, clinic, visit)
    reading = result_value_path("oxford_glute_max", Side.RIGHT, "dynamometer")
    _choose_value(qtbot, dialog, reading)
    assert dialog.current_label.text() == "152.5"
    qtbot.keyClicks(dialog.reason_edit, "No dynamometer that day")
    dialog.clear_check.setFocus()
    qtbot.keyClick(dialog.clear_check, Qt.Key.Key_Space)
    assert dialog.clear_check.isChecked() and not dialog.new_edit.isEnabled()
    assert dialog.save_button.isEnabled()
    assert dialog.correction().new_value is None


def test_panel_saves_the_correction_and_the_timeline_marks_it(qtbot, signed, monkeypatch):
    clinic, visit = signed
    panel = AmendmentsPanel(clinic)
    qtbot.addWidget(panel)
    panel.set_visit(visit.id)
    assert panel.correct_button.isEnabled()

    def drive(cls, parent, shown, previous):
        dialog = _open(qtbot, clinic, visit, previous)
        assert shown.id == visit.id and previous.author == "Sam Therapist"
        _choose_value(qtbot, dialog, GRADE)
        _choose_grade(qtbot, dialog, "4+")
        qtbot.keyClicks(dialog.reason_edit, "Read from the wrong line")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.value(), dialog.correction()

    monkeypatch.setattr(CorrectionDialog, "ask", classmethod(drive))
    with qtbot.waitSignal(panel.changed):
        assert panel.correct()
    shown = panel.list_view.toPlainText()
    assert "Read from the wrong line" in shown
    assert "Oxford grade: 4" in shown and "Oxford grade: 4+" in shown
    (amendment,) = clinic.amendments(visit.id)
    assert amendment.corrections[0].new_value == "4+"

    timeline = TimelineView(clinic)
    qtbot.addWidget(timeline)
    timeline.set_client(visit.client_id)
    index = timeline.model.index(0, MAX_L)
    assert index.data() == "4+ †"
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "4+ (recorded 4)" in tip and "corrected " in tip and "Read from the wrong line" in tip
    assert timeline.model.index(0, NPRS).data() == "4/10"  # not corrected: no mark


def test_a_failed_save_reopens_with_the_typing_kept(qtbot, signed, monkeypatch):
    clinic, visit = signed
    panel = AmendmentsPanel(clinic)
    qtbot.addWidget(panel)
    panel.set_visit(visit.id)
    seen: list[CorrectionInput] = []

    def drive(cls, parent, shown, previous):
        seen.append(previous)
        if len(seen) == 3:
            return None
        dialog = _open(qtbot, clinic, visit, previous)
        if len(seen) == 1:
            _choose_value(qtbot, dialog, nprs_path("now"))
            dialog.new_edit.setFocus()
            qtbot.keyClicks(dialog.new_edit, "6")
            qtbot.keyClicks(dialog.reason_edit, "Typo")
        else:  # reopened: everything typed is back
            assert dialog.field() == nprs_path("now") and dialog.new_edit.text() == "6"
            assert dialog.reason_edit.text() == "Typo"
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
        return dialog.value(), dialog.correction()

    def full(*args, **kwargs):
        raise DiskFullError("Could not save the amendment: the disk is full.")

    errors: list[str] = []
    monkeypatch.setattr(CorrectionDialog, "ask", classmethod(drive))
    monkeypatch.setattr(ErrorMessage, "ask", classmethod(lambda c, p, t, m: errors.append(m)))
    monkeypatch.setattr(Clinic, "correct", full)
    assert not panel.correct()
    assert seen[1] == seen[2] and seen[1].typed == "6"
    assert errors == ["Could not save the amendment: the disk is full."] * 2
