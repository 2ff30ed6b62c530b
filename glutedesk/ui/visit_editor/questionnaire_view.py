"""The layout of one questionnaire: "recorded at this visit", its version, its items, its total.

Layout only (TagStudio's rule): the widgets are public and the questionnaire controllers
(:mod:`~glutedesk.ui.visit_editor.questionnaires`) wire them. Only item NUMBERS appear, never
the licensed wording; how many items there are comes from the controller.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.models import TotalScale
from glutedesk.ui.visit_editor.common import OptionalSpin, field_label, muted
from glutedesk.ui.visit_editor.paper_total import PaperTotalBox
from glutedesk.ui.widgets.fields import ChoiceField


class InstrumentView(QVBoxLayout):
    """The tick, the version and the live total on one line; then a total scored on paper (for
    the ODI and the RMDQ) and the item inputs, which each questionnaire's view fills."""

    def __init__(self, name: str, paper_scales: tuple[TotalScale, ...] = ()) -> None:
        super().__init__()
        self.setContentsMargins(0, 0, 0, 0)
        self.paper = PaperTotalBox(name, paper_scales) if paper_scales else None
        self.recorded = QCheckBox("Recorded at this visit")
        self.recorded.setObjectName(f"{name}Recorded")
        self.version = QLineEdit()
        self.version.setObjectName(f"{name}Version")
        self.version.setMaximumWidth(90)
        self.total = QLabel()
        self.total.setObjectName(f"{name}Total")
        self.total.setStyleSheet("font-weight: 600;")
        self.items_box = QWidget()
        self.items_grid = QGridLayout(self.items_box)
        self.items_grid.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.recorded)
        top.addSpacing(18)
        top.addWidget(field_label("Version"))
        top.addWidget(self.version)
        top.addStretch(1)
        top.addWidget(self.total)
        self.addLayout(top)
        if self.paper is not None:
            self.addWidget(self.paper)
        self.addWidget(self.items_box)


class OdiView(InstrumentView):
    """Ten section scores in a row, each one blank (—) when skipped."""

    def __init__(self, paper_scales: tuple[TotalScale, ...], sections: int, item_max: int):
        super().__init__("odi", paper_scales)
        self.spins: list[OptionalSpin] = []
        for i in range(sections):
            spin = OptionalSpin(0, item_max)
            spin.setObjectName(f"odiItem{i + 1}")
            self.spins.append(spin)
            self.items_grid.addWidget(
                field_label(f"Section {i + 1}"), 0, i, Qt.AlignmentFlag.AlignHCenter
            )
            self.items_grid.addWidget(spin, 1, i, Qt.AlignmentFlag.AlignHCenter)
        self.items_grid.addWidget(
            muted("Each section 0–5; leave a section blank (—) if skipped."), 2, 0, 1, 10
        )


class RmdqView(InstrumentView):
    """A tick box per statement number, twelve to a row."""

    def __init__(self, paper_scales: tuple[TotalScale, ...], items: int) -> None:
        super().__init__("rmdq", paper_scales)
        self.boxes: list[QCheckBox] = []
        for i in range(items):
            box = QCheckBox(f"{i + 1}")
            box.setObjectName(f"rmdqItem{i + 1}")
            self.boxes.append(box)
            self.items_grid.addWidget(box, i // 12, i % 12)
        self.items_grid.addWidget(
            muted("Tick the statement numbers the client marks as true today."), 2, 0, 1, 12
        )


class StartBackView(InstrumentView):
    """Nine items scored 1 or 0, in two columns; the last item has its own answer words."""

    def __init__(self, items: int) -> None:
        super().__init__("startback")
        self.combos: list[ChoiceField] = []
        for i in range(items):
            options = (
                [(1, "1 (very much / extremely)"), (0, "0 (other answers)")]
                if i == items - 1
                else [(1, "1 (agree)"), (0, "0 (disagree)")]
            )
            combo = ChoiceField(options)
            combo.setObjectName(f"startbackItem{i + 1}")
            self.combos.append(combo)
            self.items_grid.addWidget(field_label(f"Item {i + 1}"), i % 5, (i // 5) * 2)
            self.items_grid.addWidget(combo, i % 5, (i // 5) * 2 + 1)
        self.items_grid.setColumnStretch(3, 1)
