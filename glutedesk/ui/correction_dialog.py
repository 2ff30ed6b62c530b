"""Correcting a recorded value of a signed visit: pick the value, type or pick the new one.

:class:`CorrectionDialog` lists every value recorded at the visit (pain ratings, pain-map
marks, test fields, questionnaire answers) as it now reads, takes the corrected value (a list
for Oxford grades, choices and yes/no; a box for numbers and text) and a reason. What is typed
is read and checked as you type by the domain (the same save gate as the visit editor), and
the reason for a refusal is shown under the value; Save stays off until the correction holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.correction_check import (
    NOT_RECORDED,
    Correctable,
    correctable_values,
    correction_problems,
    format_value,
    parse_value,
)
from glutedesk.domain.correction_models import ValueCorrection
from glutedesk.domain.corrections import CorrectionError, value_at
from glutedesk.domain.models import Visit

NOTE = (
    "The value as recorded stays in the record. The corrected value is shown from now on in "
    "the timeline, the charts and the reports, marked with today's date; the amendment keeps "
    "your name and the reason."
)


@dataclass(frozen=True)
class CorrectionInput:
    """What the therapist entered: who, which value, the new value (as typed) and why."""

    author: str
    field: str
    typed: str
    reason: str
    cleared: bool = False  # "not recorded" ticked


class CorrectionDialog(QDialog):
    """Correct one recorded value of a signed visit, with a reason."""

    def __init__(self, parent: QWidget | None, visit: Visit, previous: CorrectionInput) -> None:
        super().__init__(parent)
        self.setWindowTitle("Correct a recorded value")
        self.setMinimumWidth(560)
        self._visit = visit
        self._entries = correctable_values(visit)
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.author_edit = QLineEdit(previous.author)
        self.value_combo = QComboBox()
        for entry in self._entries:
            self.value_combo.addItem(entry.label, entry.path)
        self.value_combo.setCurrentIndex(max(0, self.value_combo.findData(previous.field)))
        self.current_label = QLabel()
        self.current_label.setWordWrap(True)
        self.new_edit = QLineEdit()
        self.new_choice = QComboBox()
        self.new_choice.setPlaceholderText("Choose the corrected value")
        self.new_stack = QStackedWidget()
        self.new_stack.addWidget(self.new_edit)
        self.new_stack.addWidget(self.new_choice)
        self.new_stack.setMaximumHeight(self.new_edit.sizeHint().height() + 6)
        self.clear_check = QCheckBox("Not recorded: the value was entered in error")
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setProperty("role", "error")
        self.problem_label.setStyleSheet("color: #a3312a;")
        self.reason_edit = QLineEdit(previous.reason)
        self.reason_edit.setPlaceholderText("Required: why is this value being corrected?")
        form = QFormLayout()
        form.addRow("Author", self.author_edit)
        form.addRow("Value", self.value_combo)
        form.addRow("Now reads", self.current_label)
        form.addRow("Corrected value", self.new_stack)
        form.addRow("", self.clear_check)
        form.addRow("", self.problem_label)
        form.addRow("Reason", self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Save correction", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.value_combo.currentIndexChanged.connect(self._value_changed)
        self.new_edit.textChanged.connect(self._update)
        self.new_choice.currentIndexChanged.connect(self._update)
        self.clear_check.toggled.connect(self._cleared)
        self.author_edit.textChanged.connect(self._update)
        self.reason_edit.textChanged.connect(self._update)
        self._value_changed()
        if previous.field == self.field():
            self._set_typed(previous.typed)
            self.clear_check.setChecked(previous.cleared and self.clear_check.isVisibleTo(self))
        self._update()

    # -- what is shown -------------------------------------------------------------------
    def entry(self) -> Correctable | None:
        index = self.value_combo.currentIndex()
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def field(self) -> str:
        entry = self.entry()
        return entry.path if entry else ""

    def _value_changed(self, *_args: object) -> None:
        entry = self.entry()
        if entry is None:
            self.current_label.setText("Nothing recorded at this visit can be corrected.")
            return
        now = value_at(self._visit, entry.path)
        text = format_value(now)
        mark = self._visit.correction(entry.path)
        if mark is not None:
            text += f" ({mark.label}; recorded as {format_value(mark.old_value)})"
        self.current_label.setText(text)
        self.new_choice.blockSignals(True)
        self.new_choice.clear()
        self.new_choice.addItem(f"— {NOT_RECORDED} —", None)
        for value, label in entry.choices:
            self.new_choice.addItem(label, value)
        self.new_choice.setCurrentIndex(-1)
        self.new_choice.blockSignals(False)
        self.new_edit.clear()
        self.new_edit.setPlaceholderText(_HINTS.get(entry.kind, "The corrected text"))
        self.new_stack.setCurrentWidget(self.new_choice if entry.choices else self.new_edit)
        self.clear_check.setChecked(False)
        self.clear_check.setVisible(not entry.choices)
        self._update()

    def _cleared(self, checked: bool) -> None:
        self.new_edit.setEnabled(not checked)
        self._update()

    def _set_typed(self, typed: str) -> None:
        entry = self.entry()
        if entry is not None and entry.choices:
            labels = [self.new_choice.itemText(i) for i in range(self.new_choice.count())]
            if typed in labels:
                self.new_choice.setCurrentIndex(labels.index(typed))
        else:
            self.new_edit.setText(typed)

    def typed(self) -> str:
        entry = self.entry()
        if self.clear_check.isChecked() and not (entry and entry.choices):
            return ""
        if entry is not None and entry.choices:
            return self.new_choice.currentText() if self.new_choice.currentIndex() >= 0 else ""
        return self.new_edit.text()

    # -- checking ------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Why the correction as entered cannot be saved (empty: it can)."""
        entry = self.entry()
        if entry is None:
            return ["Nothing recorded at this visit can be corrected."]
        try:
            new = self._new_value(entry)
        except CorrectionError as exc:
            return [str(exc)]
        if new is _UNSET:
            return ["Enter the corrected value."]
        now = value_at(self._visit, entry.path)
        found = correction_problems(self._visit, [ValueCorrection(entry.path, now, new)])
        if not self.reason_edit.text().strip():
            found.append("Give the reason for the correction; it is kept with the record.")
        if not self.author_edit.text().strip():
            found.append("Enter who is making the correction.")
        return found

    def _new_value(self, entry: Correctable) -> Any:
        if entry.choices:
            if self.new_choice.currentIndex() < 0:
                return _UNSET
            return self.new_choice.currentData()
        if self.clear_check.isChecked():
            return None
        if not self.new_edit.text().strip():
            return _UNSET
        return parse_value(entry, self.new_edit.text())

    def _update(self, *_args: object) -> None:
        problems = self.problems()
        shown = [p for p in problems if p != "Enter the corrected value."]
        self.problem_label.setText(shown[0] if shown else "")
        self.save_button.setEnabled(not problems)

    def _accept_if_valid(self) -> None:
        if not self.problems():
            self.accept()

    def correction(self) -> ValueCorrection:
        """The correction as entered (call only when :meth:`problems` is empty)."""
        entry = self.entry()
        assert entry is not None
        return ValueCorrection(
            entry.path, value_at(self._visit, entry.path), self._new_value(entry)
        )

    def value(self) -> CorrectionInput:
        return CorrectionInput(
            self.author_edit.text(),
            self.field(),
            self.typed(),
            self.reason_edit.text(),
            self.clear_check.isChecked(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, visit: Visit, previous: CorrectionInput
    ) -> tuple[CorrectionInput, ValueCorrection] | None:
        dialog = cls(parent, visit, previous)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value(), dialog.correction()


_UNSET = object()
_HINTS = {
    "integer": "A whole number",
    "number": "A number (a decimal point or comma is fine)",
}
