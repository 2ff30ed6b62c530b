"""Pain map: the body diagram, with the last visit's marks as a ghost to compare against.

The layout is :class:`PainMapView`; this controller maps the diagram to and from the visit.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QWidget

from glutedesk.domain.models import PainMark, Visit
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.common import EditorContext, Section, keep_order, same_items
from glutedesk.ui.visit_editor.pain_map_view import PainMapView


class PainMapSection(Section):
    title = "Pain map"
    view: PainMapView

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        previous = context.previous
        hint = "Click a region to mark it; pick the symptom and a 0–10 rating."
        if previous is not None:
            hint += (
                f" The outline shows the marks from the last visit "
                f"({format_date(previous.visit_date)})."
            )
        self.install_view(PainMapView(context.regions, hint))
        self._original: tuple[PainMark, ...] = ()
        self._connect_callbacks()

    def _connect_callbacks(self) -> None:
        diagram = self.view.diagram
        diagram.marks_changed.connect(self.changed)
        diagram.nerve_symptoms_changed.connect(lambda _n: self.changed.emit())

    def first_input(self) -> QWidget:
        return self.view.diagram

    def load(self, visit: Visit) -> None:
        diagram, previous = self.view.diagram, self.context.previous
        if previous is not None:
            diagram.set_previous_marks(previous.pain_marks)
            diagram.set_show_previous(bool(previous.pain_marks))
        else:
            diagram.set_previous_marks(())
        diagram.set_marks(visit.pain_marks)
        self._original = visit.pain_marks

    def marks(self) -> tuple[PainMark, ...]:
        marks = self.view.diagram.marks()
        if same_items(marks, self._original):
            return self._original
        return keep_order(self._original, marks, key=lambda m: (m.region_id, m.symptom))

    def apply(self, visit: Visit) -> Visit:
        marks = self.marks()
        if marks == visit.pain_marks:
            return visit
        return dataclasses.replace(visit, pain_marks=marks)

    def marked_regions(self) -> list[str]:
        return list(dict.fromkeys(m.region_id for m in self.view.diagram.marks()))
