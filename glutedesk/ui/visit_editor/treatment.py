"""Treatment: techniques from the catalogue, the body areas treated, and the client's response.

The layout is :class:`TreatmentView`; this controller wires it and maps it to and from the visit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from glutedesk.domain.ids import RegionId, TechniqueId
from glutedesk.domain.models import Treatment, Visit
from glutedesk.ui.visit_editor.common import EditorContext, Section, keep_order
from glutedesk.ui.visit_editor.treatment_view import TreatmentView


class TreatmentSection(Section):
    title = "Treatment"
    view: TreatmentView

    def __init__(
        self,
        context: EditorContext,
        marked_regions: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._marked_regions = marked_regions
        self.install_view(TreatmentView(context))
        self._original = Treatment()
        self.view.use_marked.clicked.connect(self.tick_marked)

    def first_input(self) -> QWidget:
        return self.view.response  # techniques and areas are usually copied; the response is new

    def refresh_marked(self) -> None:
        self.view.areas.set_marked(self._marked_regions())

    def tick_marked(self) -> None:
        self.refresh_marked()
        self.view.areas.tick_marked()
        self.changed.emit()

    def load(self, visit: Visit) -> None:
        treatment = visit.treatment
        self.view.techniques.set_value(treatment.techniques)
        self.view.areas.set_ticked(treatment.areas)
        self.refresh_marked()
        self.view.response.setText(treatment.response)
        self.view.notes.setPlainText(treatment.notes)
        self._original = treatment

    def treatment(self) -> Treatment:
        original = self._original
        techniques = tuple(self.view.techniques.value() or ())
        if set(techniques) == set(original.techniques):
            techniques = original.techniques
        else:
            techniques = keep_order(original.techniques, techniques)
        areas = tuple(self.view.areas.ticked())
        if set(areas) == set(original.areas):
            areas = original.areas
        else:
            areas = keep_order(original.areas, areas)
        treatment = Treatment(
            techniques=tuple(TechniqueId(t) for t in techniques),
            areas=tuple(RegionId(a) for a in areas),
            response=self.view.response.text(),
            notes=self.view.notes.toPlainText(),
        )
        return original if treatment == original else treatment

    def apply(self, visit: Visit) -> Visit:
        treatment = self.treatment()
        if treatment == visit.treatment:
            return visit
        return dataclasses.replace(visit, treatment=treatment)
