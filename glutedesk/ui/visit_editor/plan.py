"""Plan: assessment, home exercises with their dose, next visit, referrals, plan notes.

Exercises come from the catalogue with its default dose and cues, all editable. A visit with
hands-on treatment and no home exercise shows the save gate's NICE NG59 reminder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.catalogue import ExerciseTarget
from glutedesk.domain.ids import ExerciseId
from glutedesk.domain.models import Advice, ExercisePrescription, Referral, Visit
from glutedesk.domain.red_flags import ADVICE_LABELS
from glutedesk.domain.save_gate import EXERCISES, inline_message
from glutedesk.domain.validation import MAX_FREQUENCY_PER_WEEK, FieldError
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import (
    EditorContext,
    NotesEdit,
    Section,
    card,
    field_label,
    from_qdate,
    muted,
    to_qdate,
)

TARGET_LABELS = {
    ExerciseTarget.MAX: "Glute max",
    ExerciseTarget.MED: "Glute med",
    ExerciseTarget.FLEXOR_LENGTH: "Hip flexor length",
    ExerciseTarget.CONTROL: "Control",
}
URGENCY_ORDER = (Advice.A_AND_E_NOW, Advice.URGENT_GP, Advice.ROUTINE_GP, Advice.NO_ACTION_NEEDED)


def _spin(low: int, high: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setObjectName(name)
    spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
    spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
    spin.setFixedWidth(52)
    return spin


class ExerciseRow(QFrame):
    """One prescribed exercise: sets × reps (or hold seconds), per side, times a week, cues."""

    remove_requested = Signal(object)

    def __init__(self, context: EditorContext, prescription: ExercisePrescription, index: int):
        super().__init__()
        self.setObjectName("exerciseRow")
        self.exercise_id = prescription.exercise_id
        try:
            definition = context.catalogue.exercise(prescription.exercise_id)
            name = definition.name
            target = TARGET_LABELS.get(definition.target, str(definition.target))
        except KeyError:
            name, target = prescription.exercise_id, "not in the catalogue"
        self.sets = _spin(1, 20, f"exercise{index}Sets")
        self.mode = QComboBox()
        self.mode.setObjectName(f"exercise{index}Mode")
        self.mode.addItem("reps", "reps")
        self.mode.addItem("s hold", "hold")
        self.amount = _spin(1, 600, f"exercise{index}Amount")
        self.per_side = QCheckBox("each side")
        self.per_side.setObjectName(f"exercise{index}PerSide")
        self.frequency = _spin(1, MAX_FREQUENCY_PER_WEEK, f"exercise{index}Frequency")
        self.cues = QLineEdit()
        self.cues.setObjectName(f"exercise{index}Cues")
        self.cues.setPlaceholderText("Cues")
        self.remove = QPushButton("Remove")
        self.remove.setObjectName(f"exercise{index}Remove")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 6, 0, 6)
        grid.setHorizontalSpacing(6)
        title = QLabel(name)
        title.setStyleSheet("font-weight: 600;")
        grid.addWidget(title, 0, 0, 1, 3)
        grid.addWidget(muted(target, wrap=False), 0, 3, 1, 3)
        grid.addWidget(self.remove, 0, 8, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.sets, 1, 0)
        grid.addWidget(field_label("sets ×"), 1, 1)
        grid.addWidget(self.amount, 1, 2)
        grid.addWidget(self.mode, 1, 3)
        grid.addWidget(self.per_side, 1, 4)
        grid.addWidget(self.frequency, 1, 5)
        grid.addWidget(field_label("× a week"), 1, 6)
        grid.addWidget(self.cues, 1, 7, 1, 2)
        grid.setColumnStretch(7, 1)
        self.set_prescription(prescription)

    def set_prescription(self, p: ExercisePrescription) -> None:
        self.sets.setValue(p.sets)
        hold = p.hold_seconds is not None and p.reps is None
        self.mode.setCurrentIndex(1 if hold else 0)
        self.amount.setValue((p.hold_seconds if hold else p.reps) or 1)
        self.per_side.setChecked(p.per_side)
        self.frequency.setValue(p.frequency_per_week)
        self.cues.setText(p.cues)
        self.cues.setCursorPosition(0)

    def prescription(self) -> ExercisePrescription:
        hold = self.mode.currentData() == "hold"
        return ExercisePrescription(
            exercise_id=ExerciseId(self.exercise_id),
            sets=self.sets.value(),
            reps=None if hold else self.amount.value(),
            hold_seconds=self.amount.value() if hold else None,
            per_side=self.per_side.isChecked(),
            frequency_per_week=self.frequency.value(),
            cues=self.cues.text(),
        )


class ReferralRow(QFrame):
    remove_requested = Signal(object)

    def __init__(self, referral: Referral, index: int) -> None:
        super().__init__()
        self.setObjectName("referralRow")
        self.flags = referral.flags
        self.to_whom = QLineEdit(referral.to_whom)
        self.to_whom.setObjectName(f"referral{index}To")
        self.to_whom.setPlaceholderText("To whom (e.g. GP: Dr Shah, A&E)")
        self.reason = QLineEdit(referral.reason)
        self.reason.setObjectName(f"referral{index}Reason")
        self.reason.setPlaceholderText("Why: the findings behind the referral")
        self.urgency = QComboBox()
        self.urgency.setObjectName(f"referral{index}Urgency")
        for advice in URGENCY_ORDER:
            self.urgency.addItem(ADVICE_LABELS[advice].capitalize(), advice)
        self.urgency.setCurrentIndex(max(0, self.urgency.findData(referral.urgency)))
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 6, 0, 6)
        grid.addWidget(field_label("To"), 0, 0)
        grid.addWidget(self.to_whom, 0, 1)
        grid.addWidget(field_label("Urgency"), 0, 2)
        grid.addWidget(self.urgency, 0, 3)
        grid.addWidget(self.remove, 0, 4)
        grid.addWidget(field_label("Reason"), 1, 0)
        grid.addWidget(self.reason, 1, 1, 1, 4)
        if referral.flags:
            grid.addWidget(muted("Findings: " + ", ".join(referral.flags)), 2, 1, 1, 4)
        grid.setColumnStretch(1, 1)

    def referral(self) -> Referral:
        return Referral(
            to_whom=self.to_whom.text(),
            reason=self.reason.text(),
            urgency=Advice(self.urgency.currentData()),
            flags=self.flags,
        )


class PlanSection(Section):
    title = "Plan"
    rows_changed = Signal()

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)

        assessment, lay = card("Assessment", "Response and progress, in your own words.")
        self.assessment = NotesEdit("e.g. Right glute med weaker than left; improving")
        self.assessment.setObjectName("assessment")
        lay.addWidget(self.assessment)
        outer.addWidget(assessment)

        exercises, lay = card("Home exercises", "Default dose and cues come from the catalogue.")
        self.nice_reminder = QLabel()
        self.nice_reminder.setObjectName("niceReminder")
        self.nice_reminder.setWordWrap(True)
        self.nice_reminder.setStyleSheet(
            themed(
                "background: #fff4d1; border: 1px solid #d9a520; border-radius: 6px; padding: 6px;"
            )
        )
        self.nice_reminder.hide()
        lay.addWidget(self.nice_reminder)
        self.exercise_box = QVBoxLayout()
        self.exercise_box.setSpacing(0)
        lay.addLayout(self.exercise_box)
        self.no_exercises = muted("No home exercise prescribed yet.")
        lay.addWidget(self.no_exercises)
        add_row = QHBoxLayout()
        self.exercise_picker = QComboBox()
        self.exercise_picker.setObjectName("exercisePicker")
        for target in ExerciseTarget:
            for ex in context.catalogue.exercises:
                if ex.target == target:
                    self.exercise_picker.addItem(
                        f"{TARGET_LABELS.get(target, str(target))} · {ex.name}", ex.id
                    )
        self.add_exercise_button = QPushButton("Add exercise")
        self.add_exercise_button.setObjectName("addExercise")
        self.add_exercise_button.clicked.connect(self._on_add_exercise)
        add_row.addWidget(self.exercise_picker, 1)
        add_row.addWidget(self.add_exercise_button)
        lay.addLayout(add_row)
        outer.addWidget(exercises)

        follow_up, lay = card("Next visit")
        row = QHBoxLayout()
        self.next_booked = QCheckBox("Next visit booked for")
        self.next_booked.setObjectName("nextVisitBooked")
        self.next_date = QDateEdit()
        self.next_date.setObjectName("nextVisitDate")
        self.next_date.setCalendarPopup(True)
        self.next_date.setDisplayFormat("d MMM yyyy")
        self.next_date.setEnabled(False)
        self.next_booked.toggled.connect(self.next_date.setEnabled)
        row.addWidget(self.next_booked)
        row.addWidget(self.next_date)
        row.addStretch(1)
        lay.addLayout(row)
        outer.addWidget(follow_up)

        referrals, lay = card("Referrals", "To whom, why, and how urgently.")
        self.referral_box = QVBoxLayout()
        self.referral_box.setSpacing(0)
        lay.addLayout(self.referral_box)
        self.add_referral_button = QPushButton("Add referral")
        self.add_referral_button.setObjectName("addReferral")
        self.add_referral_button.clicked.connect(
            lambda: self.add_referral(Referral("", "", Advice.ROUTINE_GP))
        )
        lay.addWidget(self.add_referral_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(referrals)

        notes, lay = card("Plan notes")
        self.plan_notes = NotesEdit("Next session, advice given")
        self.plan_notes.setObjectName("planNotes")
        lay.addWidget(self.plan_notes)
        outer.addWidget(notes)
        outer.addStretch(1)
        self.exercise_rows: list[ExerciseRow] = []
        self.referral_rows: list[ReferralRow] = []
        self._counter = 0

    def first_input(self) -> QWidget:
        return self.assessment

    # Exercises ------------------------------------------------------------------------------

    def add_exercise(self, prescription: ExercisePrescription) -> ExerciseRow:
        self._counter += 1
        row = ExerciseRow(self.context, prescription, self._counter)
        row.remove_requested.connect(self._remove_exercise)
        self.exercise_rows.append(row)
        self.exercise_box.addWidget(row)
        self._update_rows()
        return row

    def add_exercise_by_id(self, exercise_id: str) -> ExerciseRow:
        definition = self.context.catalogue.exercise(exercise_id)
        return self.add_exercise(definition.default_prescription())

    def _on_add_exercise(self) -> None:
        exercise_id = self.exercise_picker.currentData()
        if exercise_id:
            row = self.add_exercise_by_id(exercise_id)
            row.sets.setFocus()

    def _remove_exercise(self, row: ExerciseRow) -> None:
        self.exercise_rows.remove(row)
        row.hide()
        row.deleteLater()
        self._update_rows()

    # Referrals ------------------------------------------------------------------------------

    def add_referral(self, referral: Referral) -> ReferralRow:
        self._counter += 1
        row = ReferralRow(referral, self._counter)
        row.remove_requested.connect(self._remove_referral)
        self.referral_rows.append(row)
        self.referral_box.addWidget(row)
        self._update_rows()
        return row

    def _remove_referral(self, row: ReferralRow) -> None:
        self.referral_rows.remove(row)
        row.hide()
        row.deleteLater()
        self._update_rows()

    def _update_rows(self) -> None:
        self.no_exercises.setVisible(not self.exercise_rows)
        self.rows_changed.emit()
        self.changed.emit()

    def show_problems(self, problems: list[FieldError]) -> None:
        """Show the save gate's warning about the exercises as a whole (NICE NG59)."""
        problem = inline_message(problems, EXERCISES)
        self.nice_reminder.setText(problem.message if problem else "")
        self.nice_reminder.setProperty("severity", problem.severity if problem else "ok")
        self.nice_reminder.setVisible(problem is not None)

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
        self.assessment.setPlainText(visit.soap.assessment)
        self.plan_notes.setPlainText(visit.soap.plan)
        self.next_booked.setChecked(visit.next_visit is not None)
        default_next = visit.next_visit or visit.visit_date + dt.timedelta(days=14)
        self.next_date.setDate(to_qdate(default_next))
        self._update_rows()

    def apply(self, visit: Visit) -> Visit:
        exercises = tuple(row.prescription() for row in self.exercise_rows)
        referrals = tuple(row.referral() for row in self.referral_rows)
        next_visit = from_qdate(self.next_date.date()) if self.next_booked.isChecked() else None
        soap = dataclasses.replace(
            visit.soap,
            assessment=self.assessment.toPlainText(),
            plan=self.plan_notes.toPlainText(),
        )
        return dataclasses.replace(
            visit,
            exercises=exercises if exercises != visit.exercises else visit.exercises,
            referrals=referrals if referrals != visit.referrals else visit.referrals,
            next_visit=next_visit,
            soap=soap if soap != visit.soap else visit.soap,
        )
