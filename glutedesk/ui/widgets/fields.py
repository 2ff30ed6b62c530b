"""One input widget per catalogue field type, so a test added to the catalogue needs no code.

:func:`field_widget` builds the widget for a :class:`FieldDefinition`. Every field widget has
``value()`` (None when nothing is recorded), ``set_value(value)`` and a ``changed`` signal.
All are keyboard-first: an Oxford grade is typed as a digit and nudged with + and -, numbers
are typed, choices are picked by their first letter, booleans with Y and N.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator, QFocusEvent, QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from glutedesk.domain.catalogue import (
    ORDER_UNDETERMINED,
    FieldDefinition,
    FieldType,
)
from glutedesk.domain.grades import OXFORD_GRADES
from glutedesk.ui.widgets.wrapping_check import wrapping_check

BLANK = "—"
ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th")


class OxfordPicker(QComboBox):
    """An Oxford grade: type 0–5 to set the grade, + and - to step, Delete to clear."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(BLANK, None)
        for grade in OXFORD_GRADES:
            self.addItem(grade, grade)
        self.setMinimumWidth(72)
        self.setToolTip("Type 0–5 for the grade, + or - to adjust, Delete to clear")
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if isinstance(value, str) else -1
        self.setCurrentIndex(max(index, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        if text in ("0", "1", "2", "3", "4", "5"):
            self.set_value(text)
        elif text in ("+", "="):
            self.step(1)
        elif text in ("-", "_"):
            self.step(-1)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.setCurrentIndex(0)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def step(self, delta: int) -> None:
        """Move one step along the 11-step scale (from blank, + starts at 0 and - at 5)."""
        index = self.currentIndex()
        if index == 0:
            self.setCurrentIndex(1 if delta > 0 else self.count() - 1)
            return
        self.setCurrentIndex(min(max(1, index + delta), self.count() - 1))


class NumberEdit(QLineEdit):
    """A number that may be left blank (typed, with its range checked as you type)."""

    changed = Signal()

    def __init__(
        self,
        *,
        integer: bool,
        minimum: float | None = None,
        maximum: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._integer = integer
        self._min = minimum
        self._max = maximum
        if integer:
            validator = QIntValidator(self)
            if minimum is not None:
                validator.setBottom(int(minimum))
            if maximum is not None:
                validator.setTop(int(maximum))
        else:
            validator = QDoubleValidator(self)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            validator.setDecimals(2)
            if minimum is not None:
                validator.setBottom(minimum)
            if maximum is not None:
                validator.setTop(maximum)
        self.setValidator(validator)
        self.setMaximumWidth(90)
        if minimum is not None and maximum is not None:
            self.setPlaceholderText(f"{minimum:g}–{maximum:g}")
        self.textChanged.connect(lambda _t: self.changed.emit())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)  # typing replaces the number

    def value(self) -> int | float | None:
        text = self.text().strip().replace(",", ".")
        if not text or text in ("-", "+", "."):
            return None
        try:
            number = float(text)
        except ValueError:
            return None
        if self._integer:
            return int(number)
        return number

    def set_value(self, value: Any) -> None:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            self.setText("")
        elif self._integer:
            self.setText(str(int(value)))
        else:
            self.setText(f"{value:g}")

    def problem(self) -> str | None:
        """Plain words when the text typed is not an acceptable number yet."""
        text = self.text().strip()
        if not text:
            return None
        number = self.value()
        if number is None:
            return f"{text!r} is not a number"
        if self._min is not None and number < self._min:
            return f"{number:g} is below {self._min:g}"
        if self._max is not None and number > self._max:
            return f"{number:g} is above {self._max:g}"
        return None


class NumberField(QWidget):
    """A :class:`NumberEdit` with its unit after it."""

    changed = Signal()

    def __init__(self, field: FieldDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = NumberEdit(
            integer=field.type is FieldType.INTEGER,
            minimum=field.min,
            maximum=field.max,
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        if field.unit:
            unit = QLabel(field.unit)
            unit.setProperty("role", "muted")
            layout.addWidget(unit)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.changed.connect(self.changed)

    def value(self) -> int | float | None:
        return self.edit.value()

    def set_value(self, value: Any) -> None:
        self.edit.set_value(value)


class ChoiceField(QComboBox):
    """One option of several, or blank; type a first letter to pick."""

    changed = Signal()

    def __init__(self, options: list[tuple[Any, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(BLANK, None)
        for data, label in options:
            self.addItem(label, data)
        longest = max((len(label) for _d, label in options), default=4)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # A long option must not widen the page on a small screen: the box asks for room for
        # 14 characters and grows with its column; its list always shows options whole.
        self.setMinimumContentsLength(min(longest, 14))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))


class BooleanField(ChoiceField):
    """Yes, No or not recorded (Y and N pick)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([(True, "Yes"), (False, "No")], parent)

    def set_value(self, value: Any) -> None:
        if value is True:
            self.setCurrentIndex(1)
        elif value is False:
            self.setCurrentIndex(2)
        else:
            self.setCurrentIndex(0)


class MultiField(QWidget):
    """Tick any of several options (Space ticks, Tab moves on)."""

    changed = Signal()

    def __init__(
        self, options: list[tuple[str, str]], *, columns: int = 1, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        self.rows: dict[str, QWidget] = {}  # box and words: put tooltips here
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        for i, (option_id, label) in enumerate(options):
            row, box = wrapping_check(label)  # long options wrap instead of widening the page
            box.toggled.connect(lambda _c: self.changed.emit())
            self.boxes[option_id] = box
            self.rows[option_id] = row
            layout.addWidget(row, i // columns, i % columns)
        for column in range(columns):
            layout.setColumnStretch(column, 1)
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def value(self) -> list[str] | None:
        ticked = [option_id for option_id, box in self.boxes.items() if box.isChecked()]
        return ticked or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or ())
        for option_id, box in self.boxes.items():
            box.setChecked(option_id in chosen)


class TextField(QLineEdit):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> str | None:
        return self.text() or None

    def set_value(self, value: Any) -> None:
        self.setText(value if isinstance(value, str) else "")


class OrderField(QWidget):
    """The observed order of several items (1st, 2nd, ...) or "undetermined"."""

    changed = Signal()

    def __init__(self, field: FieldDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items = [(item.id, item.label) for item in field.items]
        self.places: list[ChoiceField] = []
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(2)
        for i in range(len(self._items)):
            label = QLabel(ORDINALS[i] if i < len(ORDINALS) else f"{i + 1}th")
            label.setProperty("role", "muted")
            combo = ChoiceField(self._items)
            combo.changed.connect(self.changed)
            self.places.append(combo)
            layout.addWidget(label, i, 0)
            layout.addWidget(combo, i, 1)
        self.undetermined = QCheckBox("Undetermined")
        self.undetermined.toggled.connect(self._on_undetermined)
        layout.addWidget(self.undetermined, len(self._items), 0, 1, 2)
        self.setFocusProxy(self.places[0] if self.places else self.undetermined)

    def _on_undetermined(self, checked: bool) -> None:
        for combo in self.places:
            combo.setEnabled(not checked)
        self.changed.emit()

    def value(self) -> list[str] | str | None:
        if self.undetermined.isChecked():
            return ORDER_UNDETERMINED
        chosen = [combo.value() for combo in self.places if combo.value() is not None]
        return chosen or None

    def set_value(self, value: Any) -> None:
        self.undetermined.setChecked(value == ORDER_UNDETERMINED)
        ordered = list(value) if isinstance(value, list | tuple) else []
        for i, combo in enumerate(self.places):
            combo.set_value(ordered[i] if i < len(ordered) else None)

    def problem(self) -> str | None:
        value = self.value()
        if isinstance(value, list) and len(set(value)) != len(value):
            return "An item appears twice in the order"
        return None


def field_widget(field: FieldDefinition, parent: QWidget | None = None) -> QWidget:
    """Return the input widget for one catalogue field (see the module docstring)."""
    if field.type is FieldType.OXFORD:
        widget: QWidget = OxfordPicker(parent)
    elif field.type in (FieldType.INTEGER, FieldType.NUMBER):
        widget = NumberField(field, parent)
    elif field.type is FieldType.CHOICE:
        widget = ChoiceField([(o.id, o.label) for o in field.options], parent)
    elif field.type is FieldType.MULTI:
        widget = MultiField([(o.id, o.label) for o in field.options], parent=parent)
    elif field.type is FieldType.BOOLEAN:
        widget = BooleanField(parent)
    elif field.type is FieldType.ORDER:
        widget = OrderField(field, parent)
    else:
        widget = TextField(parent)
    widget.setObjectName(f"field_{field.id}")
    if field.help:
        widget.setToolTip(field.help)
    return widget


def is_blank(value: Any) -> bool:
    """True for values that mean "not recorded": None, "" and empty lists."""
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


__all__ = [
    "BLANK",
    "BooleanField",
    "ChoiceField",
    "MultiField",
    "NumberEdit",
    "NumberField",
    "OrderField",
    "OxfordPicker",
    "TextField",
    "field_widget",
    "is_blank",
]
