"""The Objective section's layout: the posture checklist, the test battery, objective notes.

Layout only (TagStudio's rule): the widgets are public and :class:`ObjectiveSection` wires them.
The posture checklist and each test card are composite widgets with their own small logic.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from glutedesk.domain.catalogue import TestSection
from glutedesk.ui.visit_editor.battery import TestCard
from glutedesk.ui.visit_editor.battery_view import SECTION_TITLES
from glutedesk.ui.visit_editor.common import EditorContext, NotesEdit, card
from glutedesk.ui.visit_editor.posture import PostureChecklist


class ObjectiveView(QVBoxLayout):
    """The Objective page: posture, then the battery's tests under their section titles."""

    def __init__(self, context: EditorContext, owner: QWidget) -> None:
        super().__init__(owner)  # on its section first: each card is built in place, once
        self.setSpacing(14)
        self.posture_card, lay = card(
            "Posture",
            "Barefoot, from the front, back and both sides. Sides are the client's own.",
        )
        self.posture = PostureChecklist(context.catalogue)
        lay.addWidget(self.posture)
        self.addWidget(self.posture_card)

        self.cards: dict[str, TestCard] = {}
        catalogue = context.catalogue
        for section in (s for s in TestSection if catalogue.tests_in_section(s)):
            heading = QLabel(f"Test battery · {SECTION_TITLES.get(section, str(section))}")
            heading.setObjectName("panelTitle")
            self.addWidget(heading)
            for test in catalogue.tests_in_section(section):
                test_card = TestCard(
                    test,
                    context.regions,
                    owner,
                    unit_defaults=context.unit_defaults,
                    involved_side=context.client.history.involved_side,
                )
                self.cards[test.id] = test_card
                self.addWidget(test_card)

        notes, lay = card("Objective notes", "Palpation, range of movement, anything else seen.")
        self.notes = NotesEdit("Palpation findings, range of movement…")
        self.notes.setObjectName("objectiveNotes")
        lay.addWidget(self.notes)
        self.addWidget(notes)
        self.addStretch(1)
