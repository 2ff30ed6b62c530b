"""The Subjective section's layout: visit details, complaint and NPRS, PSFS, pain character,
red flags and notes.

Layout only (TagStudio's rule): the widgets are public and :class:`SubjectiveSection` wires
them. The nerve prompt and the red-flag panel are composite widgets with their own small logic.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from glutedesk.domain.catalogue import PainIndicator
from glutedesk.ui.visit_editor.common import (
    EditorContext,
    NotesEdit,
    OptionalSpin,
    card,
    field_label,
    muted,
)
from glutedesk.ui.visit_editor.nerve_prompt import NervePrompt
from glutedesk.ui.visit_editor.psfs_editor import PsfsEditor
from glutedesk.ui.visit_editor.red_flag_panel import RedFlagPanel


class SubjectiveView(QVBoxLayout):
    """The Subjective page's cards and fields."""

    def __init__(self, context: EditorContext) -> None:
        super().__init__()
        self.setSpacing(14)
        self.addWidget(self._visit_card())
        self.addWidget(self._complaint_card())
        self.addWidget(self._psfs_card())
        self.addWidget(self._character_card(context))
        self.addWidget(self._flags_card(context))
        self.addWidget(self._notes_card())
        self.addStretch(1)

    def _visit_card(self) -> QFrame:
        details, lay = card("Visit")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.visit_date = QDateEdit()
        self.visit_date.setObjectName("visitDate")
        self.visit_date.setCalendarPopup(True)
        self.visit_date.setDisplayFormat("d MMM yyyy")
        self.therapist = QLineEdit()
        self.therapist.setObjectName("therapist")
        self.consent = QCheckBox("Consent re-confirmed verbally")
        self.chaperone = QCheckBox("Chaperone offered")
        grid.addWidget(field_label("Date"), 0, 0)
        grid.addWidget(self.visit_date, 0, 1)
        grid.addWidget(field_label("Therapist"), 0, 2)
        grid.addWidget(self.therapist, 0, 3)
        grid.addWidget(self.consent, 1, 1)
        grid.addWidget(self.chaperone, 1, 3)
        grid.setColumnStretch(3, 1)
        lay.addLayout(grid)
        return details

    def _complaint_card(self) -> QFrame:
        complaint, lay = card("Complaint and pain")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.complaint = QLineEdit()
        self.complaint.setObjectName("complaint")
        self.complaint.setPlaceholderText("Presenting complaint in the client's words")
        self.change = QLineEdit()
        self.change.setObjectName("changeSinceLast")
        self.change.setPlaceholderText("Better, worse, the same — and how")
        self.goals = QLineEdit()
        self.goals.setObjectName("goals")
        self.nprs_now = OptionalSpin(0, 10)
        self.nprs_now.setObjectName("nprsNow")
        self.nprs_best = OptionalSpin(0, 10)
        self.nprs_best.setObjectName("nprsBest")
        self.nprs_worst = OptionalSpin(0, 10)
        self.nprs_worst.setObjectName("nprsWorst")
        nprs_row = QHBoxLayout()
        for text, spin in (("Now", self.nprs_now), ("Best", self.nprs_best)):
            nprs_row.addWidget(field_label(text))
            nprs_row.addSpacing(4)
            nprs_row.addWidget(spin)
            nprs_row.addSpacing(10)
        nprs_row.addWidget(field_label("Worst (24 h / week)"))
        nprs_row.addSpacing(4)
        nprs_row.addWidget(self.nprs_worst)
        nprs_row.addSpacing(14)
        self.nprs_previous = muted("", wrap=True)  # may wrap: the row must fit 1024 px
        nprs_row.addWidget(self.nprs_previous)
        nprs_row.addStretch(1)
        grid.addWidget(field_label("Complaint"), 0, 0)
        grid.addWidget(self.complaint, 0, 1)
        grid.addWidget(field_label("Pain (NPRS 0–10)"), 1, 0)
        grid.addLayout(nprs_row, 1, 1)
        grid.addWidget(field_label("Change since last visit"), 2, 0)
        grid.addWidget(self.change, 2, 1)
        grid.addWidget(field_label("Goals"), 3, 0)
        grid.addWidget(self.goals, 3, 1)
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        return complaint

    def _psfs_card(self) -> QFrame:
        psfs, lay = card(
            "Patient-Specific Functional Scale",
            "The same activities are re-rated each visit: 0 = unable, 10 = as before the "
            "injury. Alt+P jumps to the first rating.",
        )
        self.psfs = PsfsEditor()
        lay.addWidget(self.psfs)
        return psfs

    def _character_card(self, context: EditorContext) -> QFrame:
        character, lay = card(
            "Pain character", "Tick what the client reports; the classification explains itself."
        )
        columns = QVBoxLayout()
        columns.setSpacing(10)
        self.character_boxes: dict[str, QCheckBox] = {}
        for indicator, heading in (
            (PainIndicator.SOFT_TISSUE, "Soft-tissue type signs"),
            (PainIndicator.NERVE, "Nerve-type signs"),
        ):
            column = QVBoxLayout()
            title = QLabel(heading)
            title.setStyleSheet("font-weight: 600;")
            column.addWidget(title)
            for item in context.catalogue.pain_character:
                if item.indicates != indicator:
                    continue
                box = QCheckBox(item.label)
                box.setObjectName(f"pain_{item.id}")
                if item.prompts_referral:
                    box.setToolTip("Prompts a GP referral")
                self.character_boxes[item.id] = box
                column.addWidget(box)
            columns.addLayout(column)
        lay.addLayout(columns)
        self.classification_label = QLabel()
        self.classification_label.setObjectName("classification")
        self.classification_label.setStyleSheet("font-weight: 600;")
        self.classification_reasons = QLabel()
        self.classification_reasons.setObjectName("classificationReasons")
        self.classification_reasons.setWordWrap(True)
        self.classification_reasons.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.classification_label)
        lay.addWidget(self.classification_reasons)
        self.nerve_prompt = NervePrompt(context)
        lay.addWidget(self.nerve_prompt)
        return character

    def _flags_card(self, context: EditorContext) -> QFrame:
        flags, lay = card(
            "Red flags",
            "Screen every visit. Red flags raise suspicion; they are not a diagnosis.",
        )
        self.red_flags = RedFlagPanel(context)
        lay.addWidget(self.red_flags)
        return flags

    def _notes_card(self) -> QFrame:
        notes, lay = card("Subjective notes")
        self.notes = NotesEdit("Anything else the client tells you")
        self.notes.setObjectName("subjectiveNotes")
        lay.addWidget(self.notes)
        return notes
