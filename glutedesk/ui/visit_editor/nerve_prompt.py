"""The referral prompt for nerve-type symptoms: the reasons, the advice given, a GP referral.

Whether the advice recorded is enough is the domain's rule (``nerve_advice`` in
:mod:`glutedesk.domain.save_gate`); the prompt shows the problem the editor hands it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from glutedesk.domain.dates import format_date
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
    resolved = Signal()  # "the nerve-type symptoms have gone": untick them

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
        self.same_button = QPushButton("Same advice as last visit  (Alt+L)")
        self.same_button.setObjectName("nerveSameAsLast")
        self.resolved_button = QPushButton("Symptoms resolved  (Alt+N)")
        self.resolved_button.setObjectName("nerveResolved")
        self.resolved_button.setToolTip(
            "Untick the nerve-type answers: the client no longer has them"
        )
        previous = context.previous
        self._previous = previous if previous and previous.nerve_advice is not None else None
        self.same_button.setVisible(self._previous is not None)
        if self._previous is not None:
            self.same_button.setToolTip(
                f"Record again the advice given on {format_date(self._previous.visit_date)}"
            )
        layout.addWidget(self.heading, 0, 0, 1, 2)
        layout.addWidget(self.reasons, 1, 0, 1, 2)
        layout.addWidget(field_label("Advice given"), 2, 0)
        layout.addWidget(self.advice, 2, 1)
        layout.addWidget(field_label("Note"), 3, 0)
        layout.addWidget(self.note, 3, 1)
        layout.addWidget(self.status, 4, 0, 1, 2)
        buttons = QHBoxLayout()
        for button in (self.same_button, self.resolved_button, self.referral_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons, 5, 0, 1, 2)
        layout.setColumnStretch(1, 1)
        self.referral_button.clicked.connect(self._on_referral)
        self.same_button.clicked.connect(self.same_as_last)
        self.resolved_button.clicked.connect(self.resolved)
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

    def same_as_last(self) -> bool:
        """Record the advice given at the last visit again, saying so in the note (Alt+L).

        The therapist chooses this; it is never applied on its own. False when the last visit
        recorded no advice.
        """
        previous = self._previous
        if previous is None or previous.nerve_advice is None:
            return False
        self.advice.set_advice(previous.nerve_advice)
        when = format_date(previous.visit_date)
        note = previous.nerve_advice_note.strip()
        self.note.setText(
            f"Same advice as on {when}: {note}" if note else f"Same advice as on {when}"
        )
        return True

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
