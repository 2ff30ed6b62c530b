"""Subjective: the visit details, complaint, NPRS, pain character, red flags, change, goals, PSFS.

The pain-character answers are classified live (soft-tissue vs nerve-type) with the reasons
shown. Nerve-type symptoms open a prompt that must be answered (the advice given is recorded)
and offers a GP referral. Ticked red flags show the advice their tier calls for, with the
catalogue's wording and safety net; the visit cannot be saved until the advice is recorded.
The layout is :class:`SubjectiveView`; this controller maps it to and from the visit.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QWidget

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
    Section,
    from_qdate,
    keep_order,
    to_qdate,
)
from glutedesk.ui.visit_editor.scores import replace_score
from glutedesk.ui.visit_editor.subjective_view import SubjectiveView


class SubjectiveSection(Section):
    title = "Subjective"
    view: SubjectiveView

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.install_view(SubjectiveView(context))
        self._original_character: tuple[str, ...] = ()
        if context.therapists:
            completer = QCompleter(list(context.therapists), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.view.therapist.setCompleter(completer)
        self.view.nerve_prompt.resolved.connect(self.untick_nerve_symptoms)

    def untick_nerve_symptoms(self) -> None:
        """The client no longer has the nerve-type symptoms: untick those answers."""
        nerve = {
            item.id
            for item in self.context.catalogue.pain_character
            if item.indicates == PainIndicator.NERVE
        }
        for item_id, box in self.view.character_boxes.items():
            if item_id in nerve:
                box.setChecked(False)

    def first_input(self) -> QWidget:
        return self.view.nprs_now

    def load(self, visit: Visit) -> None:
        self.view.visit_date.setDate(to_qdate(visit.visit_date))
        self.view.therapist.setText(visit.therapist)
        self.view.consent.setChecked(visit.consent_reconfirmed)
        self.view.chaperone.setChecked(visit.chaperone_offered)
        self.view.complaint.setText(visit.complaint)
        self.view.change.setText(visit.change_since_last)
        self.view.goals.setText(visit.goals)
        self.view.nprs_now.set_value_or_none(visit.nprs.now)
        self.view.nprs_best.set_value_or_none(visit.nprs.best)
        self.view.nprs_worst.set_value_or_none(visit.nprs.worst)
        previous = self.context.previous
        if previous is not None and previous.nprs.now is not None:
            self.view.nprs_previous.setText(
                f"Last visit ({format_date(previous.visit_date)}): now {previous.nprs.now}"
            )
        else:
            self.view.nprs_previous.setText("")
        ticked = set(visit.pain_character)
        for item_id, box in self.view.character_boxes.items():
            box.setChecked(item_id in ticked)
        self._original_character = visit.pain_character
        self.view.nerve_prompt.advice.set_advice(visit.nerve_advice)
        self.view.nerve_prompt.note.setText(visit.nerve_advice_note)
        self.view.red_flags.load(visit.red_flags)
        self.view.psfs.load(
            visit.score(Instrument.PSFS), previous.score(Instrument.PSFS) if previous else None
        )
        self.view.notes.setPlainText(visit.soap.subjective)

    def pain_character(self) -> tuple[str, ...]:
        ticked = [item_id for item_id, box in self.view.character_boxes.items() if box.isChecked()]
        original = self._original_character
        unknown = [c for c in original if c not in self.view.character_boxes]
        if set(ticked) == set(original) - set(unknown) and not unknown:
            return original
        return keep_order(original, ticked)

    def apply(self, visit: Visit) -> Visit:
        nprs = Nprs(
            self.view.nprs_now.value_or_none(),
            self.view.nprs_best.value_or_none(),
            self.view.nprs_worst.value_or_none(),
        )
        visit = dataclasses.replace(
            visit,
            visit_date=from_qdate(self.view.visit_date.date()),
            therapist=self.view.therapist.text(),
            consent_reconfirmed=self.view.consent.isChecked(),
            chaperone_offered=self.view.chaperone.isChecked(),
            complaint=self.view.complaint.text(),
            change_since_last=self.view.change.text(),
            goals=self.view.goals.text(),
            nprs=nprs if nprs != visit.nprs else visit.nprs,
            pain_character=self.pain_character(),
            nerve_advice=self.view.nerve_prompt.advice.advice(),
            nerve_advice_note=self.view.nerve_prompt.note.text(),
            red_flags=self.view.red_flags.screen(),
            soap=dataclasses.replace(visit.soap, subjective=self.view.notes.toPlainText()),
        )
        previous = self.context.previous
        version_from = visit.score(Instrument.PSFS) or (
            previous.score(Instrument.PSFS) if previous else None
        )
        return replace_score(visit, Instrument.PSFS, self.view.psfs.score(version_from))

    def show_classification(self, classification: PainClassification) -> None:
        self.view.classification_label.setText(f"Classification: {classification.label}")
        if classification.reasons:
            self.view.classification_reasons.setText(
                "Why: " + "; ".join(classification.reasons) + "."
            )
        else:
            self.view.classification_reasons.setText("Tick the pain-character answers above.")
        self.view.nerve_prompt.set_classification(classification, self.pain_character())

    def show_problems(self, problems: list[FieldError]) -> None:
        self.view.red_flags.show_problems(
            inline_message(problems, RED_FLAG_ADVICE), inline_message(problems, RED_FLAGS_SCREENED)
        )
        self.view.nerve_prompt.show_problem(inline_message(problems, NERVE_ADVICE))
