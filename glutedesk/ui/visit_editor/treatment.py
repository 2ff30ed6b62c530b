"""Treatment: techniques from the catalogue, the body areas treated, and the client's response."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.ids import RegionId, TechniqueId
from glutedesk.domain.models import Treatment, Visit
from glutedesk.ui.visit_editor.common import (
    EditorContext,
    NotesEdit,
    Section,
    card,
    field_label,
    keep_order,
)
from glutedesk.ui.widgets.fields import MultiField


class AreaPicker(QListWidget):
    """Tick the regions treated; regions marked on today's pain map are listed first."""

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("treatmentAreas")
        self._labels = {r.id: r.label for r in context.regions.regions}
        self._order = [r.id for r in context.regions.regions]
        self._marked: list[str] = []
        self.setMinimumHeight(220)
        self._rebuild(set())

    def _rebuild(self, ticked: set[str]) -> None:
        self.blockSignals(True)
        self.clear()
        ordered = self._marked + [r for r in self._order if r not in self._marked]
        for region_id in ordered:
            label = self._labels.get(region_id, region_id)
            if region_id in self._marked:
                label += "  · marked today"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, region_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if region_id in ticked else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        self.blockSignals(False)

    def set_marked(self, marked: list[str]) -> None:
        if marked == self._marked:
            return
        ticked = set(self.ticked())
        self._marked = [m for m in marked if m in self._labels]
        self._rebuild(ticked)

    def ticked(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_ticked(self, regions: tuple[str, ...]) -> None:
        unknown = [r for r in regions if r not in self._labels]
        for r in unknown:
            self._labels[r] = r
            self._order.append(r)
        self._rebuild(set(regions))

    def tick_marked(self) -> None:
        ticked = set(self.ticked()) | set(self._marked)
        self._rebuild(ticked)


class TreatmentSection(Section):
    title = "Treatment"

    def __init__(
        self,
        context: EditorContext,
        marked_regions: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._marked_regions = marked_regions
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        techniques, lay = card("Techniques")
        self.techniques = MultiField(
            [(t.id, t.name) for t in context.catalogue.techniques], columns=3
        )
        self.techniques.setObjectName("techniques")
        for technique in context.catalogue.techniques:
            self.techniques.boxes[technique.id].setToolTip(technique.description)
        lay.addWidget(self.techniques)
        outer.addWidget(techniques)

        areas, lay = card("Areas treated", "Regions marked on today's pain map come first.")
        buttons = QHBoxLayout()
        self.use_marked = QPushButton("Tick the marked regions")
        self.use_marked.setObjectName("useMarkedRegions")
        self.use_marked.clicked.connect(self.tick_marked)
        buttons.addWidget(self.use_marked)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.areas = AreaPicker(context)
        lay.addWidget(self.areas)
        outer.addWidget(areas)

        response, lay = card("Response")
        grid = QGridLayout()
        self.response = QLineEdit()
        self.response.setObjectName("treatmentResponse")
        self.response.setPlaceholderText("How the client responded, e.g. eased, NPRS 5 → 3")
        self.notes = NotesEdit("Treatment notes", lines=2)
        self.notes.setObjectName("treatmentNotes")
        grid.addWidget(field_label("Client response"), 0, 0)
        grid.addWidget(self.response, 0, 1)
        grid.addWidget(field_label("Notes"), 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.notes, 1, 1)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        outer.addWidget(response)
        outer.addStretch(1)
        self._original = Treatment()

    def first_input(self) -> QWidget:
        return self.response  # techniques and areas are usually copied; the response is new

    def refresh_marked(self) -> None:
        self.areas.set_marked(self._marked_regions())

    def tick_marked(self) -> None:
        self.refresh_marked()
        self.areas.tick_marked()
        self.changed.emit()

    def load(self, visit: Visit) -> None:
        treatment = visit.treatment
        self.techniques.set_value(treatment.techniques)
        self.areas.set_ticked(treatment.areas)
        self.refresh_marked()
        self.response.setText(treatment.response)
        self.notes.setPlainText(treatment.notes)
        self._original = treatment

    def treatment(self) -> Treatment:
        original = self._original
        techniques = tuple(self.techniques.value() or ())
        if set(techniques) == set(original.techniques):
            techniques = original.techniques
        else:
            techniques = keep_order(original.techniques, techniques)
        areas = tuple(self.areas.ticked())
        if set(areas) == set(original.areas):
            areas = original.areas
        else:
            areas = keep_order(original.areas, areas)
        treatment = Treatment(
            techniques=tuple(TechniqueId(t) for t in techniques),
            areas=tuple(RegionId(a) for a in areas),
            response=self.response.text(),
            notes=self.notes.toPlainText(),
        )
        return original if treatment == original else treatment

    def apply(self, visit: Visit) -> Visit:
        treatment = self.treatment()
        if treatment == visit.treatment:
            return visit
        return dataclasses.replace(visit, treatment=treatment)
