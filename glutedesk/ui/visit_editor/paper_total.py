"""Entry of a questionnaire total scored on paper ("total only") for the ODI and the RMDQ.

Item entry stays the default; choosing "Total only" hides the items and asks for the total
and how the form stated it (ODI as % or as points of 50; RMDQ as points of 24).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from glutedesk.domain.models import Instrument, PaperTotal, TotalScale
from glutedesk.domain.outcomes import SCALE_TOP, odi_band, paper_total_score, validate_paper_total
from glutedesk.ui.widgets.fields import BLANK

ITEMS, TOTAL = "items", "total"
SCALE_LABELS = {
    TotalScale.PERCENT: "% (0–100)",
    TotalScale.POINTS_OF_50: "points of 50",
    TotalScale.POINTS_OF_24: "points of 24",
}


class _TotalSpin(QDoubleSpinBox):
    """A total with up to one decimal, shown as typed: "22", "35.6" (never "22.0")."""

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"


def total_words(total: PaperTotal) -> str:
    """A paper total as the form stated it: "22.2%", "17 of 50", "8 of 24"."""
    if total.scale is TotalScale.PERCENT:
        return f"{total.value:g}%"
    return f"{total.value:g} of {SCALE_TOP[total.scale]}"


class PaperTotalBox(QWidget):
    """ "Item by item" or "Total only", and the total with its stated scale."""

    changed = Signal()

    def __init__(self, name: str, scales: tuple[TotalScale, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = QComboBox()
        self.mode.setObjectName(f"{name}EntryMode")
        self.mode.addItem("Item by item", ITEMS)
        self.mode.addItem("Total only (scored on paper)", TOTAL)
        self.mode.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.mode.setToolTip(
            "A questionnaire scored on paper can be entered as its total; it is marked "
            "'total only' everywhere it is shown"
        )
        self.value = _TotalSpin()
        self.value.setObjectName(f"{name}PaperTotal")
        self.value.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
        self.value.setSpecialValueText(BLANK)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setFixedWidth(70)
        self.scale = QComboBox()
        self.scale.setObjectName(f"{name}PaperScale")
        for scale in scales:
            self.scale.addItem(SCALE_LABELS[scale], scale.value)
        self.scale.setEnabled(len(scales) > 1)
        self.scale.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # One range and one precision for every scale, so changing the stated scale never
        # changes a typed number; the save check refuses 70 "points of 50" or 22.5 points.
        self.value.setDecimals(1)
        self.value.setRange(-0.1, max(SCALE_TOP[s] for s in scales))  # minimum = blank
        self.total_label = QLabel("Total")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mode)
        layout.addSpacing(8)
        layout.addWidget(self.total_label)
        layout.addWidget(self.value)
        layout.addWidget(self.scale)
        layout.addStretch(1)
        self._show_mode()
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.scale.currentIndexChanged.connect(self._on_scale)
        self.value.valueChanged.connect(lambda _v: self.changed.emit())

    @property
    def total_only(self) -> bool:
        return self.mode.currentData() == TOTAL

    def paper_total(self) -> PaperTotal | None:
        """The total as entered (None when it is blank)."""
        if self.value.value() == self.value.minimum():
            return None
        return PaperTotal(value=self.value.value(), scale=self.current_scale())

    def current_scale(self) -> TotalScale:
        """The scale the paper form stated the total in."""
        return TotalScale(self.scale.currentData())

    def set_scale(self, scale: TotalScale) -> None:
        """Choose the stated scale (the typed number is kept as it is)."""
        self.scale.setCurrentIndex(max(self.scale.findData(str(scale.value)), 0))

    def set_paper_total(self, total: PaperTotal | None) -> None:
        self.mode.setCurrentIndex(1 if total is not None else 0)
        if total is not None:
            self.set_scale(total.scale)
        self.value.setValue(self.value.minimum() if total is None else total.value)

    def state(self) -> tuple:
        return (self.mode.currentData(), self.value.value(), self.scale.currentData())

    def _on_scale(self, _index: int) -> None:
        self.changed.emit()

    def _show_mode(self) -> None:
        for widget in (self.total_label, self.value, self.scale):
            widget.setVisible(self.total_only)

    def _on_mode(self, _index: int) -> None:
        self._show_mode()
        self.changed.emit()


def paper_total_text(instrument: Instrument, total: PaperTotal | None) -> str:
    """The live total line of a total-only entry: "ODI 44% (22 of 50) · … · total only"."""
    name = instrument.value.upper()
    if total is None:
        return f"{name}: enter the total from the paper form"
    problems = validate_paper_total(instrument, total)
    if problems:
        return problems[0]
    value = paper_total_score(instrument, total)
    if instrument is Instrument.ODI:
        stated = f" ({total.value:g} of 50)" if total.scale is TotalScale.POINTS_OF_50 else ""
        return f"ODI {value:g}%{stated} · {odi_band(value)} disability · total only"
    return f"RMDQ {value:g} / 24 · total only"
