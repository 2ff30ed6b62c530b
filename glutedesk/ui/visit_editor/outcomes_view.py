"""The Outcome measures section's layout: the every-visit summary, then ODI, RMDQ, STarT Back.

Layout only (TagStudio's rule): the widgets are public and :class:`OutcomesSection` wires them.
Each questionnaire is a composite widget with its own small logic.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from glutedesk.domain.models import Instrument
from glutedesk.ui.visit_editor.common import card, muted
from glutedesk.ui.visit_editor.questionnaires import OdiEditor, RmdqEditor, StartBackEditor


class OutcomesView(QVBoxLayout):
    """The Outcome measures page: one card per questionnaire, each with its last visit's line."""

    def __init__(self) -> None:
        super().__init__()
        self.setSpacing(14)
        every, lay = card(
            "Every visit", "NPRS and PSFS are entered under Subjective; change is shown here."
        )
        self.every_visit = QLabel()
        self.every_visit.setObjectName("everyVisitSummary")
        self.every_visit.setWordWrap(True)
        self.every_visit.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.every_visit)
        self.addWidget(every)
        self.odi = OdiEditor()
        self.rmdq = RmdqEditor()
        self.startback = StartBackEditor()
        self.previous_labels: dict[Instrument, QLabel] = {}
        for editor, title, hint in (
            (
                self.odi,
                "Oswestry Disability Index (ODI)",
                "Licensed questionnaire: enter the section scores from the client's form. "
                "Index = sum ÷ (5 × sections answered) × 100.",
            ),
            (
                self.rmdq,
                "Roland-Morris Disability Questionnaire (RMDQ-24)",
                "Score = number of statements ticked (0–24).",
            ),
            (
                self.startback,
                "Keele STarT Back",
                "Usually at the first visit. Items 1–8 agree = 1; item 9 'very much' or "
                "'extremely' = 1. Distress subscale = items 5–9.",
            ),
        ):
            frame, lay = card(title, hint)
            last = muted("", wrap=False)
            self.previous_labels[editor.instrument] = last
            lay.addWidget(editor)
            lay.addWidget(last)
            self.addWidget(frame)
        self.addStretch(1)
