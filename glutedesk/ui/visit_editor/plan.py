"""Plan: assessment, home exercises with their dose, next visit, referrals, plan notes.

Exercises come from the catalogue with its default dose and cues, all editable. A visit with
hands-on treatment and no home exercise shows the save gate's NICE NG59 reminder. The layout is
:class:`PlanView`; this controller wires it and maps it to and from the visit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from glutedesk.domain.models import Advice, ExercisePrescription, Referral, Visit
from glutedesk.domain.save_gate import EXERCISES, inline_message
from glutedesk.domain.validation import FieldError
from glutedesk.ui.visit_editor.common import EditorContext, Section, from_qdate, to_qdate
from glutedesk.ui.visit_editor.plan_rows import ExerciseRow, ReferralRow
from glutedesk.ui.visit_editor.plan_view import PlanView


class PlanSection(Section):
    title = "Plan"
    rows_changed = Signal()
    view: PlanView

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.install_view(PlanView(context))
        self.exercise_rows: list[ExerciseRow] = []
        self.referral_rows: list[ReferralRow] = []
        self._counter = 0
        self._connect_callbacks()

    def _connect_callbacks(self) -> None:
        view = self.view
        view.add_exercise_button.clicked.connect(self._on_add_exercise)
        view.next_booked.toggled.connect(view.next_date.setEnabled)
        view.add_referral_button.clicked.connect(
            lambda: self.add_referral(Referral("", "", Advice.ROUTINE_GP))
        )

    def first_input(self) -> QWidget:
        return self.view.assessment

    # Exercises ------------------------------------------------------------------------------

    def add_exercise(self, prescription: ExercisePrescription) -> ExerciseRow:
        self._counter += 1
        row = ExerciseRow(self.context, prescription, self._counter)
        self._add_row(row, self.exercise_rows, self.view.exercise_box)
        return row

    def add_exercise_by_id(self, exercise_id: str) -> ExerciseRow:
        definition = self.context.catalogue.exercise(exercise_id)
        return self.add_exercise(definition.default_prescription())

    def _on_add_exercise(self) -> None:
        exercise_id = self.view.exercise_picker.currentData()
        if exercise_id:
            row = self.add_exercise_by_id(exercise_id)
            row.sets.setFocus()

    # Referrals ------------------------------------------------------------------------------

    def add_referral(self, referral: Referral) -> ReferralRow:
        self._counter += 1
        row = ReferralRow(self.context, referral, self._counter)
        self._add_row(row, self.referral_rows, self.view.referral_box)
        return row

    # Rows -----------------------------------------------------------------------------------

    def _add_row(self, row: ExerciseRow | ReferralRow, rows: list, box: QVBoxLayout) -> None:
        row.remove_requested.connect(self._remove_row)
        rows.append(row)
        box.addWidget(row)
        self._update_rows()

    def _remove_row(self, row: ExerciseRow | ReferralRow) -> None:
        rows: list = self.exercise_rows if isinstance(row, ExerciseRow) else self.referral_rows
        rows.remove(row)
        row.hide()
        row.deleteLater()
        self._update_rows()

    def _update_rows(self) -> None:
        self.view.no_exercises.setVisible(not self.exercise_rows)
        self.rows_changed.emit()
        self.changed.emit()

    def show_problems(self, problems: list[FieldError]) -> None:
        """Show the save gate's warning about the exercises as a whole (NICE NG59)."""
        problem = inline_message(problems, EXERCISES)
        self.view.nice_reminder.setText(problem.message if problem else "")
        self.view.nice_reminder.setProperty("severity", problem.severity if problem else "ok")
        self.view.nice_reminder.setVisible(problem is not None)

    # Load and apply -------------------------------------------------------------------------

    def load(self, visit: Visit) -> None:
        for row in [*self.exercise_rows, *self.referral_rows]:
            row.hide()
            row.deleteLater()
        self.exercise_rows = []
        self.referral_rows = []
        for prescription in visit.exercises:
            self.add_exercise(prescription)
        for referral in visit.referrals:
            self.add_referral(referral)
        self.view.assessment.setPlainText(visit.soap.assessment)
        self.view.plan_notes.setPlainText(visit.soap.plan)
        self.view.next_booked.setChecked(visit.next_visit is not None)
        default_next = visit.next_visit or visit.visit_date + dt.timedelta(days=14)
        self.view.next_date.setDate(to_qdate(default_next))
        self._update_rows()

    def apply(self, visit: Visit) -> Visit:
        exercises = tuple(row.prescription() for row in self.exercise_rows)
        referrals = tuple(row.referral() for row in self.referral_rows)
        view = self.view
        next_visit = from_qdate(view.next_date.date()) if view.next_booked.isChecked() else None
        soap = dataclasses.replace(
            visit.soap,
            assessment=self.view.assessment.toPlainText(),
            plan=self.view.plan_notes.toPlainText(),
        )
        return dataclasses.replace(
            visit,
            exercises=exercises if exercises != visit.exercises else visit.exercises,
            referrals=referrals if referrals != visit.referrals else visit.referrals,
            next_visit=next_visit,
            soap=soap if soap != visit.soap else visit.soap,
        )
