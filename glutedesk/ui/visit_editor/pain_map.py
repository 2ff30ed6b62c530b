"""Pain map: the body diagram, with the last visit's marks as a ghost to compare against."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QVBoxLayout, QWidget

from glutedesk.domain.models import PainMark, Visit
from glutedesk.ui.body_diagram import BodyDiagram
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.common import EditorContext, Section, card, keep_order, same_items


class PainMapSection(Section):
    title = "Pain map"

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        previous = context.previous
        hint = "Click a region to mark it; pick the symptom and a 0–10 rating."
        if previous is not None:
            hint += (
                f" The outline shows the marks from the last visit "
                f"({format_date(previous.visit_date)})."
            )
        frame, lay = card("Where it hurts", hint)
        self.diagram = BodyDiagram(context.regions)
        self.diagram.setMinimumHeight(560)
        lay.addWidget(self.diagram, 1)
        outer.addWidget(frame, 1)
        self.diagram.marks_changed.connect(self.changed)
        self.diagram.nerve_symptoms_changed.connect(lambda _n: self.changed.emit())
        self._original: tuple[PainMark, ...] = ()

    def first_input(self) -> QWidget:
        return self.diagram

    def load(self, visit: Visit) -> None:
        previous = self.context.previous
        if previous is not None:
            self.diagram.set_previous_marks(previous.pain_marks)
            self.diagram.set_show_previous(bool(previous.pain_marks))
        else:
            self.diagram.set_previous_marks(())
        self.diagram.set_marks(visit.pain_marks)
        self._original = visit.pain_marks

    def marks(self) -> tuple[PainMark, ...]:
        marks = self.diagram.marks()
        if same_items(marks, self._original):
            return self._original
        return keep_order(self._original, marks, key=lambda m: (m.region_id, m.symptom))

    def apply(self, visit: Visit) -> Visit:
        marks = self.marks()
        if marks == visit.pain_marks:
            return visit
        return dataclasses.replace(visit, pain_marks=marks)

    def marked_regions(self) -> list[str]:
        return list(dict.fromkeys(m.region_id for m in self.diagram.marks()))
