"""The Treatment section's layout: techniques, the areas treated, the client's response.

Layout only (TagStudio's rule): the widgets are public and :class:`TreatmentSection` wires them.
"""

from __future__ import annotations

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

from glutedesk.ui.visit_editor.common import EditorContext, NotesEdit, card, field_label
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


class TreatmentView(QVBoxLayout):
    """The Treatment page's cards and fields."""

    def __init__(self, context: EditorContext) -> None:
        super().__init__()
        self.setSpacing(14)
        techniques, lay = card("Techniques")
        self.techniques = MultiField(
            [(t.id, t.name) for t in context.catalogue.techniques], columns=3
        )
        self.techniques.setObjectName("techniques")
        for technique in context.catalogue.techniques:
            self.techniques.rows[technique.id].setToolTip(technique.description)
        lay.addWidget(self.techniques)
        self.addWidget(techniques)

        areas, lay = card("Areas treated", "Regions marked on today's pain map come first.")
        buttons = QHBoxLayout()
        self.use_marked = QPushButton("Tick the marked regions")
        self.use_marked.setObjectName("useMarkedRegions")
        buttons.addWidget(self.use_marked)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.areas = AreaPicker(context)
        lay.addWidget(self.areas)
        self.addWidget(areas)

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
        self.addWidget(response)
        self.addStretch(1)
