"""The Pain map section's layout: one card holding the body diagram.

Layout only (TagStudio's rule): the widgets are public and :class:`PainMapSection` wires them.
The body diagram (both views, the marks list and the symptom buttons) is a composite widget of
its own, shared with the Timeline's comparison.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from glutedesk.domain.regions import RegionManifest
from glutedesk.ui.body_diagram import BodyDiagram
from glutedesk.ui.visit_editor.common import card


class PainMapView(QVBoxLayout):
    """The "Where it hurts" card, its hint (given by the controller) and the diagram."""

    def __init__(self, regions: RegionManifest, hint: str) -> None:
        super().__init__()
        frame, lay = card("Where it hurts", hint)
        self.diagram = BodyDiagram(regions)
        self.diagram.setMinimumHeight(560)
        lay.addWidget(self.diagram, 1)
        self.addWidget(frame, 1)
