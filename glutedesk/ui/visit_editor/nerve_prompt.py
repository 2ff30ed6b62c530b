"""The referral prompt for nerve-type symptoms: the reasons, the advice given, a GP referral.

Whether the advice recorded is enough is the domain's rule (``nerve_advice`` in
:mod:`glutedesk.domain.save_gate`); the prompt shows the problem the editor hands it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from glutedesk.domain.pain import NERVE_REFERRAL_ADVICE, PainClassification
from glutedesk.domain.record_rules import pain_indicators
from glutedesk.domain.referrals import (
    gp_recipient,
    nerve_referral_findings,
    nerve_referral_reason,
    nerve_referral_urgency,
)
from glutedesk.domain.validation import FieldError
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import EditorContext, field_label
from glutedesk.ui.visit_editor.problem_label import show_problem
from glutedesk.ui.visit_editor.red_flag_panel import AdviceCombo


class NervePrompt(QFrame):
    """The referral prompt for nerve-type symptoms: advice given, a note, and a GP referral."""

    add_referral = Signal(object)

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("alertPanel")
        self._classification: PainClassification | None = None
        self._character: tuple[str, ...] = ()
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.heading = QLabel(
            "Nerve-type symptoms: the rule is to advise the client to see their GP."
        )
        self.heading.setStyleSheet(themed("font-weight: 600; color: #a3312a;"))
        self.heading.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.advice = AdviceCombo(context)
        self.advice.setObjectName("nerveAdvice")
        self.note = QLineEdit()
        self.note.setObjectName("nerveAdviceNote")
        self.note.setPlaceholderText("What you advised, e.g. letter given, GP appointment booked")
        self.status = QLabel()
        self.status.setObjectName("inlineError")
        self.status.setWordWrap(True)
        self.referral_button = QPushButton("Add GP referral")
        self.referral_button.setObjectName("addNerveReferral")
        layout.addWidget(self.heading, 0, 0, 1, 2)
        layout.addWidget(self.reasons, 1, 0, 1, 2)
        layout.addWidget(field_label("Advice given"), 2, 0)
        layout.addWidget(self.advice, 2, 1)
        layout.addWidget(field_label("Note"), 3, 0)
        layout.addWidget(self.note, 3, 1)
        layout.addWidget(self.status, 4, 0, 1, 2)
        layout.addWidget(self.referral_button, 5, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        layout.setColumnStretch(1, 1)
        self.referral_button.clicked.connect(self._on_referral)
        self.hide()

    @property
    def required(self) -> bool:
        return bool(self._classification and self._classification.prompts_referral)

    def set_classification(
        self, classification: PainClassification, character: tuple[str, ...] = ()
    ) -> None:
        """Show why a referral is prompted; ``character`` is the pain-character items ticked."""
        self._classification = classification
        self._character = character
        reasons = classification.referral_reasons
        self.reasons.setText("\n".join(f"• {r}" for r in reasons))
        self.setVisible(self.required or self.advice.advice() is not None)

    def show_problem(self, problem: FieldError | None) -> None:
        """Show the save gate's problem with the advice (``nerve_advice``), if any."""
        show_problem(self.status, problem, "Advice recorded.")

    def _on_referral(self) -> None:
        reasons = self._classification.referral_reasons if self._classification else ()
        advice = self.advice.advice()
        if advice is None:
            self.advice.set_advice(NERVE_REFERRAL_ADVICE)
        findings = nerve_referral_findings(self._character, pain_indicators(self.context.catalogue))
        self.add_referral.emit(
            (
                gp_recipient(self.context.client),
                nerve_referral_reason(reasons),
                nerve_referral_urgency(advice),
                findings,
            )
        )
