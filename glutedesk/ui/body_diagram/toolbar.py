"""The small inspector above the diagram: symptom buttons, intensity, undo/clear, ghost toggle."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)

from glutedesk.domain.models import SymptomType
from glutedesk.reports import map_style as ms
from glutedesk.ui.keys import StandardKey, key_text
from glutedesk.ui.style import themed

STYLE = """
QToolButton[role="symptom"] {
    background: #ffffff;
    border: 1px solid #c4cbd0;
    border-radius: 6px;
    padding: 4px 9px;
}
QToolButton[role="symptom"]:hover { border-color: #1f6f78; }
QToolButton[role="symptom"]:checked {
    background: #1f6f78;
    border-color: #1f6f78;
    color: white;
}
QToolButton[role="symptom"]:disabled { color: #9aa3aa; }
QLabel#markTarget { font-weight: 600; color: #185a62; }
"""


class MarkToolbar(QWidget):
    """Shows the current symptom and intensity; edits apply to the selected mark."""

    symptom_chosen = Signal(object)  # SymptomType
    intensity_chosen = Signal(int, bool)  # value, still dragging
    drag_finished = Signal()
    undo_requested = Signal()
    clear_requested = Signal()
    show_previous_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyDiagramToolbar")
        self.setAccessibleName("Mark symptom and intensity")
        self.setStyleSheet(themed(STYLE))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)

        self.target = QLabel()
        self.target.setObjectName("markTarget")
        grid.addWidget(self.target, 0, 0, 1, 3)

        grid.addWidget(QLabel("Symptom"), 1, 0)
        symptoms = QHBoxLayout()
        symptoms.setSpacing(4)
        self.symptom_group = QButtonGroup(self)
        self.symptom_group.setExclusive(True)
        self.symptom_buttons: dict[SymptomType, QToolButton] = {}
        for symptom in SymptomType:
            button = QToolButton()
            key = ms.SYMPTOM_KEYS[symptom]
            button.setText(ms.symptom_label(symptom))
            button.setToolTip(f"{ms.symptom_label(symptom)} (key {key})")
            button.setCheckable(True)
            button.setProperty("role", "symptom")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _checked=False, s=symptom: self.symptom_chosen.emit(s))
            self.symptom_group.addButton(button)
            self.symptom_buttons[symptom] = button
            symptoms.addWidget(button)
        symptoms.addStretch(1)
        grid.addLayout(symptoms, 1, 1, 1, 2)

        grid.addWidget(QLabel("Intensity"), 2, 0)
        intensity = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 10)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setMinimumWidth(140)
        self.slider.setMaximumWidth(280)
        self.slider.setToolTip("Intensity 0–10 (keys 0–9, T = 10, + / − to step)")
        self.slider.setAccessibleName("Intensity")
        self.spin = QSpinBox()
        self.spin.setRange(0, 10)
        self.spin.setSuffix("/10")
        self.spin.setAccessibleName("Intensity")
        self.slider.valueChanged.connect(
            lambda v: self.intensity_chosen.emit(v, self.slider.isSliderDown())
        )
        self.slider.sliderReleased.connect(self.drag_finished)
        self.spin.valueChanged.connect(lambda v: self.intensity_chosen.emit(v, False))
        intensity.addWidget(self.slider, 1)
        intensity.addWidget(self.spin)
        intensity.addStretch(1)

        self.show_previous = QCheckBox("Show previous visit")
        self.show_previous.setToolTip("Ghost the previous visit's marks (dashed, translucent)")
        self.show_previous.toggled.connect(self.show_previous_toggled)
        intensity.addWidget(self.show_previous)
        intensity.addSpacing(8)
        self.undo_button = QToolButton()
        self.undo_button.setText("Undo")
        self.undo_button.setToolTip(f"Undo the last change ({key_text(StandardKey.Undo)})")
        self.undo_button.clicked.connect(self.undo_requested)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear all")
        self.clear_button.setToolTip("Remove every mark (Undo brings them back)")
        self.clear_button.clicked.connect(self.clear_requested)
        intensity.addWidget(self.undo_button)
        intensity.addWidget(self.clear_button)
        grid.addLayout(intensity, 2, 1, 1, 2)
        grid.setColumnStretch(2, 1)

    def show_current(
        self,
        symptom: SymptomType,
        intensity: int,
        target: str,
        *,
        can_undo: bool,
        can_clear: bool,
        read_only: bool,
    ) -> None:
        """Reflect the current tool values without emitting any signal."""
        for widget in (self.slider, self.spin, self.symptom_group):
            widget.blockSignals(True)
        try:
            self.symptom_buttons[symptom].setChecked(True)
            self.slider.setValue(intensity)
            self.spin.setValue(intensity)
        finally:
            for widget in (self.slider, self.spin, self.symptom_group):
                widget.blockSignals(False)
        self.target.setText(target)
        for button in self.symptom_buttons.values():
            button.setEnabled(not read_only)
        self.slider.setEnabled(not read_only)
        self.spin.setEnabled(not read_only)
        self.undo_button.setEnabled(can_undo and not read_only)
        self.clear_button.setEnabled(can_clear and not read_only)

    def set_show_previous(self, show: bool, *, available: bool) -> None:
        self.show_previous.blockSignals(True)
        self.show_previous.setChecked(show)
        self.show_previous.blockSignals(False)
        self.show_previous.setEnabled(available)
