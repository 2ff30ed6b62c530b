"""One prescribed exercise or one referral on the Plan page, mapped to its fields and back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from glutedesk.domain.ids import ExerciseId
from glutedesk.domain.models import Advice, ExercisePrescription, Referral
from glutedesk.domain.red_flags import advice_sentence
from glutedesk.domain.validation import MAX_FREQUENCY_PER_WEEK
from glutedesk.ui.visit_editor.common import EditorContext, field_label, muted
from glutedesk.ui.visit_editor.plan_view import exercise_choices

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
        self._catalogue = context.catalogue
        self.exercise_id = prescription.exercise_id
        # The exercise itself is a choice: swapping one for another is done in place.
        self.choice = QComboBox()
        self.choice.setObjectName(f"exercise{index}Choice")
        self.choice.setAccessibleName("Exercise")
        for label, exercise_id in exercise_choices(context.catalogue):
            self.choice.addItem(label, exercise_id)
        if self.choice.findData(self.exercise_id) < 0:  # from an older catalogue: kept as is
            self.choice.addItem(f"{self.exercise_id} (not in the catalogue)", self.exercise_id)
        self.choice.setCurrentIndex(self.choice.findData(self.exercise_id))
        self.choice.activated.connect(self._on_swap)
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
        grid.addWidget(self.choice, 0, 0, 1, 6)
        grid.addWidget(self.remove, 0, 8, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.sets, 1, 0)
        grid.addWidget(field_label("sets ×"), 1, 1)
        grid.addWidget(self.amount, 1, 2)
        grid.addWidget(self.mode, 1, 3)
        grid.addWidget(self.per_side, 1, 4)
        grid.addWidget(self.frequency, 1, 5)
        grid.addWidget(field_label("× a week"), 1, 6)
        grid.addWidget(self.cues, 2, 0, 1, 9)  # its own line: cues are sentences
        grid.setColumnStretch(7, 1)
        self.set_prescription(prescription)

    def _on_swap(self, index: int) -> None:
        """Another exercise chosen: it replaces this one with its own default dose and cues."""
        exercise_id = self.choice.itemData(index)
        if exercise_id == self.exercise_id:
            return
        try:
            definition = self._catalogue.exercise(exercise_id)
        except KeyError:
            return
        self.exercise_id = exercise_id
        self.set_prescription(definition.default_prescription())

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

    def __init__(self, context: EditorContext, referral: Referral, index: int) -> None:
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
            self.urgency.addItem(advice_sentence(advice), advice)
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
            words = [context.catalogue.finding_label(flag) for flag in referral.flags]
            grid.addWidget(muted("Findings: " + "; ".join(words)), 2, 1, 1, 4)
        grid.setColumnStretch(1, 1)

    def referral(self) -> Referral:
        return Referral(
            to_whom=self.to_whom.text(),
            reason=self.reason.text(),
            urgency=Advice(self.urgency.currentData()),
            flags=self.flags,
        )
