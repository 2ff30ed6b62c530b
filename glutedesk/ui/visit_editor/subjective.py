"""Subjective: the visit details, complaint, NPRS, pain character, red flags, change, goals, PSFS.

The pain-character answers are classified live (soft-tissue vs nerve-type) with the reasons
shown. Nerve-type symptoms open a prompt that must be answered (the advice given is recorded)
and offers a GP referral. Ticked red flags show the advice their tier calls for, with the
catalogue's wording and safety net; the visit cannot be saved until the advice is recorded.
"""

from __future__ import annotations

import dataclasses

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
    QWidget,
)

from glutedesk.domain.catalogue import PainIndicator
from glutedesk.domain.models import Instrument, Nprs, Visit
from glutedesk.domain.pain import PainClassification
from glutedesk.domain.save_gate import (
    NERVE_ADVICE,
    RED_FLAG_ADVICE,
    RED_FLAGS_SCREENED,
    inline_message,
)
from glutedesk.domain.validation import FieldError
from glutedesk.ui.formatting import format_date
from glutedesk.ui.visit_editor.common import (
    EditorContext,
    NotesEdit,
    OptionalSpin,
    Section,
    card,
    field_label,
    from_qdate,
    keep_order,
    muted,
    to_qdate,
)
from glutedesk.ui.visit_editor.nerve_prompt import NervePrompt
from glutedesk.ui.visit_editor.psfs_editor import PsfsEditor
from glutedesk.ui.visit_editor.red_flag_panel import (  # noqa: F401 - also imported from here
    GROUP_TITLES,
    TIER_COLOURS,
    AdviceCombo,
    RedFlagPanel,
    tier_chip,
)
from glutedesk.ui.visit_editor.scores import replace_score


class SubjectiveSection(Section):
    title = "Subjective"

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)

        outer.addWidget(self._visit_card())
        outer.addWidget(self._complaint_card())
        outer.addWidget(self._psfs_card())
        outer.addWidget(self._character_card())
        outer.addWidget(self._flags_card())
        outer.addWidget(self._notes_card())
        outer.addStretch(1)
        self._original_character: tuple[str, ...] = ()

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

    def _character_card(self) -> QFrame:
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
            for item in self.context.catalogue.pain_character:
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
        self.nerve_prompt = NervePrompt(self.context)
        lay.addWidget(self.nerve_prompt)
        return character

    def _flags_card(self) -> QFrame:
        flags, lay = card(
            "Red flags",
            "Screen every visit. Red flags raise suspicion; they are not a diagnosis.",
        )
        self.red_flags = RedFlagPanel(self.context)
        lay.addWidget(self.red_flags)
        return flags

    def _notes_card(self) -> QFrame:
        notes, lay = card("Subjective notes")
        self.notes = NotesEdit("Anything else the client tells you")
        self.notes.setObjectName("subjectiveNotes")
        lay.addWidget(self.notes)
        return notes

    def first_input(self) -> QWidget:
        return self.nprs_now

    def load(self, visit: Visit) -> None:
        self.visit_date.setDate(to_qdate(visit.visit_date))
        self.therapist.setText(visit.therapist)
        self.consent.setChecked(visit.consent_reconfirmed)
        self.chaperone.setChecked(visit.chaperone_offered)
        self.complaint.setText(visit.complaint)
        self.change.setText(visit.change_since_last)
        self.goals.setText(visit.goals)
        self.nprs_now.set_value_or_none(visit.nprs.now)
        self.nprs_best.set_value_or_none(visit.nprs.best)
        self.nprs_worst.set_value_or_none(visit.nprs.worst)
        previous = self.context.previous
        if previous is not None and previous.nprs.now is not None:
            self.nprs_previous.setText(
                f"Last visit ({format_date(previous.visit_date)}): now {previous.nprs.now}"
            )
        else:
            self.nprs_previous.setText("")
        ticked = set(visit.pain_character)
        for item_id, box in self.character_boxes.items():
            box.setChecked(item_id in ticked)
        self._original_character = visit.pain_character
        self.nerve_prompt.advice.set_advice(visit.nerve_advice)
        self.nerve_prompt.note.setText(visit.nerve_advice_note)
        self.red_flags.load(visit.red_flags)
        self.psfs.load(
            visit.score(Instrument.PSFS), previous.score(Instrument.PSFS) if previous else None
        )
        self.notes.setPlainText(visit.soap.subjective)

    def pain_character(self) -> tuple[str, ...]:
        ticked = [item_id for item_id, box in self.character_boxes.items() if box.isChecked()]
        original = self._original_character
        unknown = [c for c in original if c not in self.character_boxes]
        if set(ticked) == set(original) - set(unknown) and not unknown:
            return original
        return keep_order(original, ticked)

    def apply(self, visit: Visit) -> Visit:
        nprs = Nprs(
            self.nprs_now.value_or_none(),
            self.nprs_best.value_or_none(),
            self.nprs_worst.value_or_none(),
        )
        visit = dataclasses.replace(
            visit,
            visit_date=from_qdate(self.visit_date.date()),
            therapist=self.therapist.text(),
            consent_reconfirmed=self.consent.isChecked(),
            chaperone_offered=self.chaperone.isChecked(),
            complaint=self.complaint.text(),
            change_since_last=self.change.text(),
            goals=self.goals.text(),
            nprs=nprs if nprs != visit.nprs else visit.nprs,
            pain_character=self.pain_character(),
            nerve_advice=self.nerve_prompt.advice.advice(),
            nerve_advice_note=self.nerve_prompt.note.text(),
            red_flags=self.red_flags.screen(),
            soap=dataclasses.replace(visit.soap, subjective=self.notes.toPlainText()),
        )
        previous = self.context.previous
        version_from = visit.score(Instrument.PSFS) or (
            previous.score(Instrument.PSFS) if previous else None
        )
        return replace_score(visit, Instrument.PSFS, self.psfs.score(version_from))

    def show_classification(self, classification: PainClassification) -> None:
        self.classification_label.setText(f"Classification: {classification.label}")
        if classification.reasons:
            self.classification_reasons.setText("Why: " + "; ".join(classification.reasons) + ".")
        else:
            self.classification_reasons.setText("Tick the pain-character answers above.")
        self.nerve_prompt.set_classification(classification, self.pain_character())

    def show_problems(self, problems: list[FieldError]) -> None:
        self.red_flags.show_problems(
            inline_message(problems, RED_FLAG_ADVICE), inline_message(problems, RED_FLAGS_SCREENED)
        )
        self.nerve_prompt.show_problem(inline_message(problems, NERVE_ADVICE))
