"""The Plan section's layout: assessment, home exercises, next visit, referrals, plan notes.

Layout only (TagStudio's rule): the widgets are public and :class:`PlanSection` wires them.
The exercise and referral rows (``plan_rows``) map one prescription or referral to its fields.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from glutedesk.domain.catalogue import Catalogue, ExerciseTarget
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import EditorContext, NotesEdit, card, muted

TARGET_LABELS = {
    ExerciseTarget.MAX: "Glute max",
    ExerciseTarget.MED: "Glute med",
    ExerciseTarget.FLEXOR_LENGTH: "Hip flexor length",
    ExerciseTarget.CONTROL: "Control",
}


def exercise_choices(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(label, id) of every catalogue exercise, grouped by what it targets."""
    return [
        (f"{TARGET_LABELS.get(target, str(target))} · {ex.name}", ex.id)
        for target in ExerciseTarget
        for ex in catalogue.exercises
        if ex.target == target
    ]


class PlanView(QVBoxLayout):
    """The Plan page's cards and fields."""

    def __init__(self, context: EditorContext) -> None:
        super().__init__()
        self.setSpacing(14)
        self.addWidget(self._assessment_card())
        self.addWidget(self._exercises_card(context))
        self.addWidget(self._next_visit_card())
        self.addWidget(self._referrals_card())
        notes, lay = card("Plan notes")
        self.plan_notes = NotesEdit("Next session, advice given")
        self.plan_notes.setObjectName("planNotes")
        lay.addWidget(self.plan_notes)
        self.addWidget(notes)
        self.addStretch(1)

    def _assessment_card(self) -> QFrame:
        assessment, lay = card("Assessment", "Response and progress, in your own words.")
        self.assessment = NotesEdit("e.g. Right glute med weaker than left; improving")
        self.assessment.setObjectName("assessment")
        lay.addWidget(self.assessment)
        return assessment

    def _exercises_card(self, context: EditorContext) -> QFrame:
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
        for label, exercise_id in exercise_choices(context.catalogue):
            self.exercise_picker.addItem(label, exercise_id)
        self.add_exercise_button = QPushButton("Add exercise")
        self.add_exercise_button.setObjectName("addExercise")
        add_row.addWidget(self.exercise_picker, 1)
        add_row.addWidget(self.add_exercise_button)
        lay.addLayout(add_row)
        return exercises

    def _next_visit_card(self) -> QFrame:
        follow_up, lay = card("Next visit")
        row = QHBoxLayout()
        self.next_booked = QCheckBox("Next visit booked for")
        self.next_booked.setObjectName("nextVisitBooked")
        self.next_date = QDateEdit()
        self.next_date.setObjectName("nextVisitDate")
        self.next_date.setCalendarPopup(True)
        self.next_date.setDisplayFormat("d MMM yyyy")
        self.next_date.setEnabled(False)
        row.addWidget(self.next_booked)
        row.addWidget(self.next_date)
        row.addStretch(1)
        lay.addLayout(row)
        return follow_up

    def _referrals_card(self) -> QFrame:
        referrals, lay = card("Referrals", "To whom, why, and how urgently.")
        self.referral_box = QVBoxLayout()
        self.referral_box.setSpacing(0)
        lay.addLayout(self.referral_box)
        self.add_referral_button = QPushButton("Add referral")
        self.add_referral_button.setObjectName("addReferral")
        lay.addWidget(self.add_referral_button, 0, Qt.AlignmentFlag.AlignLeft)
        return referrals
