"""Subjective: the visit details, complaint, NPRS, pain character, red flags, change, goals, PSFS.

The pain-character answers are classified live (soft-tissue vs nerve-type) with the reasons
shown. Nerve-type symptoms open a prompt that must be answered (the advice given is recorded)
and offers a GP referral. Ticked red flags show the advice their tier calls for, with the
catalogue's wording and safety net; the visit cannot be saved until the advice is recorded.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.catalogue import PainIndicator, RedFlagGroup
from glutedesk.domain.ids import RedFlagId
from glutedesk.domain.models import (
    Advice,
    Instrument,
    Nprs,
    OutcomeScore,
    RedFlagAnswer,
    RedFlagScreen,
    RedFlagTier,
    Visit,
)
from glutedesk.domain.outcomes import PSFS_MAX_ACTIVITIES, psfs_score
from glutedesk.domain.pain import PainClassification
from glutedesk.domain.red_flags import (
    TIER_LABELS,
    advice_is_adequate,
    required_advice,
    screen_tier,
)
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
from glutedesk.ui.visit_editor.scores import replace_score

GROUP_TITLES: dict[RedFlagGroup, str] = {
    RedFlagGroup.CAUDA_EQUINA: "Cauda equina",
    RedFlagGroup.CANCER: "Possible cancer",
    RedFlagGroup.INFECTION: "Possible infection",
    RedFlagGroup.FRACTURE: "Possible fracture",
    RedFlagGroup.OTHER: "Other",
}
TIER_COLOURS: dict[RedFlagTier, str] = {
    RedFlagTier.EMERGENCY: "#a3312a",
    RedFlagTier.URGENT_GP: "#b35c00",
    RedFlagTier.ROUTINE_GP: "#5b6770",
}


def tier_chip(tier: RedFlagTier) -> QLabel:
    chip = QLabel(TIER_LABELS[tier].upper())
    chip.setObjectName("tierChip")
    chip.setStyleSheet(
        f"color: white; background: {TIER_COLOURS[tier]}; border-radius: 4px;"
        "padding: 1px 6px; font-size: 8pt; font-weight: 600;"
    )
    chip.setSizePolicy(chip.sizePolicy().horizontalPolicy(), chip.sizePolicy().verticalPolicy())
    return chip


class AdviceCombo(QComboBox):
    """Advice given, from the catalogue's advice options (blank = not recorded)."""

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("— not recorded —", None)
        for option in context.catalogue.advice:
            self.addItem(option.label, option.id)

    def advice(self) -> Advice | None:
        data = self.currentData()
        return Advice(data) if data is not None else None

    def set_advice(self, advice: Advice | None) -> None:
        index = self.findData(advice) if advice is not None else 0
        self.setCurrentIndex(max(index, 0))


class RedFlagPanel(QWidget):
    """The red-flag checklist, grouped, with tiers, and the advice panel under it."""

    add_referral = Signal(object)  # (to_whom, reason, urgency, flags)
    changed = Signal()

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.boxes: dict[str, QCheckBox] = {}
        self.screened = QCheckBox("Red flags screened with the client at this visit  (Alt+R)")
        self.screened.setObjectName("redFlagsScreened")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.screened)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        groups = [g for g in RedFlagGroup if context.catalogue.red_flags_in_group(g)]
        for index, group in enumerate(groups):
            items = context.catalogue.red_flags_in_group(group)
            box = QFrame()
            box.setObjectName("flagGroup")
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(3)
            header = QHBoxLayout()
            title = QLabel(GROUP_TITLES.get(group, str(group)))
            title.setStyleSheet("font-weight: 600;")
            header.addWidget(title)
            tiers = {item.tier for item in items}
            if len(tiers) == 1:
                header.addWidget(tier_chip(next(iter(tiers))))
            header.addStretch(1)
            box_layout.addLayout(header)
            for item in items:
                check = QCheckBox(item.label)
                check.setObjectName(f"flag_{item.id}")
                check.setProperty("tier", str(item.tier))
                if item.help:
                    check.setToolTip(item.help)
                check.toggled.connect(self._on_flag_toggled)
                self.boxes[item.id] = check
                if len(tiers) > 1:
                    row = QHBoxLayout()
                    row.addWidget(check)
                    row.addWidget(tier_chip(item.tier))
                    row.addStretch(1)
                    box_layout.addLayout(row)
                else:
                    box_layout.addWidget(check)
            if group is RedFlagGroup.CAUDA_EQUINA:
                grid.addWidget(box, 0, 0, 1, 2, Qt.AlignmentFlag.AlignTop)
            else:
                position = index - 1 if RedFlagGroup.CAUDA_EQUINA in groups else index
                grid.addWidget(box, 1 + position // 2, position % 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(grid)

        self.advice_frame = QFrame()
        self.advice_frame.setObjectName("alertPanel")
        advice_layout = QGridLayout(self.advice_frame)
        advice_layout.setContentsMargins(12, 10, 12, 10)
        self.tier_label = QLabel()
        self.tier_label.setWordWrap(True)
        self.tier_label.setStyleSheet("font-weight: 600;")
        self.advice = AdviceCombo(context)
        self.advice.setObjectName("redFlagAdvice")
        self.advice_note = QLineEdit()
        self.advice_note.setObjectName("redFlagAdviceNote")
        self.advice_note.setPlaceholderText("What you told the client, what they will do")
        self.advice_text = QLabel()
        self.advice_text.setWordWrap(True)
        self.advice_text.setTextFormat(Qt.TextFormat.PlainText)
        self.safety_net = QLabel()
        self.safety_net.setWordWrap(True)
        self.safety_net.setProperty("role", "muted")
        self.advice_problem = QLabel()
        self.advice_problem.setObjectName("inlineError")
        self.advice_problem.setWordWrap(True)
        self.referral_button = QPushButton("Add referral from these flags")
        advice_layout.addWidget(self.tier_label, 0, 0, 1, 2)
        advice_layout.addWidget(field_label("Advice given"), 1, 0)
        advice_layout.addWidget(self.advice, 1, 1)
        advice_layout.addWidget(field_label("Advice note"), 2, 0)
        advice_layout.addWidget(self.advice_note, 2, 1)
        advice_layout.addWidget(self.advice_text, 3, 0, 1, 2)
        advice_layout.addWidget(self.safety_net, 4, 0, 1, 2)
        advice_layout.addWidget(self.advice_problem, 5, 0, 1, 2)
        advice_layout.addWidget(self.referral_button, 6, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        advice_layout.setColumnStretch(1, 1)
        layout.addWidget(self.advice_frame)

        self.screened.toggled.connect(self._update)
        self.advice.currentIndexChanged.connect(self._update)
        self.advice_note.textChanged.connect(self._update)
        self.referral_button.clicked.connect(self._on_referral)
        self._loaded: tuple | None = None
        self._original = RedFlagScreen()
        self._update()

    # Loading and reading -------------------------------------------------------------------

    def _state(self) -> tuple:
        return (
            self.screened.isChecked(),
            tuple(sorted(self.ticked())),
            self.advice.currentIndex(),
            self.advice_note.text(),
        )

    def load(self, screen: RedFlagScreen) -> None:
        present = set(screen.present_flags)
        self.screened.setChecked(bool(screen.answers))
        for flag_id, box in self.boxes.items():
            box.setChecked(flag_id in present)
        self.advice.set_advice(screen.advice)
        self.advice_note.setText(screen.advice_note)
        self._original = screen
        self._loaded = self._state()
        self._update()

    def ticked(self) -> list[str]:
        return [flag_id for flag_id, box in self.boxes.items() if box.isChecked()]

    def screen(self) -> RedFlagScreen:
        if self._state() == self._loaded:
            return self._original
        if not self.screened.isChecked():
            answers: tuple[RedFlagAnswer, ...] = ()
        else:
            answers = keep_order(
                self._original.answers,
                (
                    RedFlagAnswer(RedFlagId(flag_id), box.isChecked())
                    for flag_id, box in self.boxes.items()
                ),
                key=lambda a: a.flag_id,
            )
        return RedFlagScreen(answers, self.advice.advice(), self.advice_note.text())

    # Behaviour ------------------------------------------------------------------------------

    def tier(self) -> RedFlagTier | None:
        tiers = {item.id: item.tier for item in self.context.catalogue.red_flags}
        return screen_tier(self.ticked(), tiers)

    def _on_flag_toggled(self, checked: bool) -> None:
        if checked and not self.screened.isChecked():
            self.screened.setChecked(True)
        self._update()

    def problem(self) -> str | None:
        """The inline message about the advice, or None when it is adequate."""
        tier = self.tier()
        if tier is None:
            return None
        advice = self.advice.advice()
        if advice is None:
            return "A red flag is ticked: record the advice given before saving."
        if not advice_is_adequate(tier, advice) and not self.advice_note.text().strip():
            return (
                f"The advice is less urgent than the {TIER_LABELS[tier]} flag calls for: "
                "change it, or explain why in the advice note."
            )
        return None

    def _update(self) -> None:
        tier = self.tier()
        screened = self.screened.isChecked()
        self.advice_frame.setVisible(screened or tier is not None)
        if tier is not None:
            needed = required_advice(tier)
            label = self.context.catalogue.advice_option(needed).label
            self.tier_label.setText(
                f"Most urgent flag ticked: {TIER_LABELS[tier]}. Advise: {label}."
            )
            self.tier_label.setStyleSheet(f"font-weight: 600; color: {TIER_COLOURS[tier]};")
        else:
            self.tier_label.setText("No red flag ticked.")
            self.tier_label.setStyleSheet("font-weight: 600;")
        shown = self.advice.advice() or (required_advice(tier) if tier else None)
        if shown is not None:
            option = self.context.catalogue.advice_option(shown)
            prefix = "" if self.advice.advice() else "Suggested wording: "
            self.advice_text.setText(prefix + option.text)
            self.safety_net.setText(f"Safety net: {option.safety_net}" if option.safety_net else "")
        else:
            self.advice_text.setText("")
            self.safety_net.setText("")
        self.advice_text.setVisible(bool(self.advice_text.text()))
        self.safety_net.setVisible(bool(self.safety_net.text()))
        problem = self.problem()
        self.advice_problem.setText(problem or "")
        self.advice_problem.setVisible(problem is not None)
        self.referral_button.setVisible(tier is not None)
        self.changed.emit()

    def _on_referral(self) -> None:
        tier = self.tier()
        if tier is None:
            return
        ticked = self.ticked()
        labels = [self.context.catalogue.red_flag(f).label.rstrip("?") for f in ticked]
        advice = self.advice.advice() or required_advice(tier)
        to_whom = "A&E" if advice is Advice.A_AND_E_NOW else _gp_name(self.context)
        self.add_referral.emit((to_whom, "Red flag: " + "; ".join(labels), advice, tuple(ticked)))


def _gp_name(context: EditorContext) -> str:
    client = context.client
    name = client.gp_name.strip()
    practice = client.gp_practice.strip()
    parts = [p for p in (name, practice) if p]
    return "GP: " + ", ".join(parts) if parts else "GP"


class NervePrompt(QFrame):
    """The referral prompt for nerve-type symptoms: advice given, a note, and a GP referral."""

    add_referral = Signal(object)

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("alertPanel")
        self._classification: PainClassification | None = None
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.heading = QLabel(
            "Nerve-type symptoms: the rule is to advise the client to see their GP."
        )
        self.heading.setStyleSheet("font-weight: 600; color: #a3312a;")
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
        self.advice.currentIndexChanged.connect(self._update_status)
        self.note.textChanged.connect(self._update_status)
        self.referral_button.clicked.connect(self._on_referral)
        self.hide()

    @property
    def required(self) -> bool:
        return bool(self._classification and self._classification.prompts_referral)

    def set_classification(self, classification: PainClassification) -> None:
        self._classification = classification
        reasons = classification.referral_reasons
        self.reasons.setText("\n".join(f"• {r}" for r in reasons))
        self.setVisible(self.required or self.advice.advice() is not None)
        self._update_status()

    def problem(self) -> str | None:
        if self.required and self.advice.advice() is None:
            return "Record the advice given about the nerve-type symptoms before saving."
        if (
            self.required
            and self.advice.advice() is Advice.NO_ACTION_NEEDED
            and not self.note.text().strip()
        ):
            return "Advice is 'no action needed': add a note explaining why."
        return None

    def _update_status(self) -> None:
        problem = self.problem()
        self.status.setText(problem or "Advice recorded.")
        self.status.setProperty("ok", problem is None)
        self.status.setStyleSheet(
            "color: #185a62; font-weight: 600;" if problem is None else "color: #a3312a;"
        )

    def _on_referral(self) -> None:
        reasons = self._classification.referral_reasons if self._classification else ()
        advice = self.advice.advice()
        urgency = advice if advice in (Advice.URGENT_GP, Advice.A_AND_E_NOW) else Advice.ROUTINE_GP
        if advice is None:
            self.advice.set_advice(Advice.ROUTINE_GP)
        flags = tuple(
            c
            for c in self.context.catalogue.pain_character
            if c.prompts_referral and c.label and any(c.label in r for r in reasons)
        )
        reason = "Nerve-type symptoms: " + "; ".join(reasons) + ". Please assess."
        self.add_referral.emit(
            (_gp_name(self.context), reason, urgency, tuple(f.id for f in flags))
        )


class PsfsEditor(QWidget):
    """Up to five client-named activities, each rated 0 (unable) to 10 (pre-injury level)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.addWidget(field_label("Activity"), 0, 0)
        grid.addWidget(field_label("Today 0–10"), 0, 1)
        grid.addWidget(field_label("Last visit"), 0, 2)
        self.labels: list[QLineEdit] = []
        self.ratings: list[OptionalSpin] = []
        self.previous: list[QLabel] = []
        for row in range(PSFS_MAX_ACTIVITIES):
            label = QLineEdit()
            label.setObjectName(f"psfsLabel{row}")
            label.setPlaceholderText(f"Activity {row + 1}")
            rating = OptionalSpin(0, 10)
            rating.setObjectName(f"psfsRating{row}")
            last = muted("", wrap=False)
            self.labels.append(label)
            self.ratings.append(rating)
            self.previous.append(last)
            grid.addWidget(label, row + 1, 0)
            grid.addWidget(rating, row + 1, 1)
            grid.addWidget(last, row + 1, 2)
        for first, second in zip(self.ratings, self.ratings[1:], strict=False):
            QWidget.setTabOrder(first, second)  # re-rating goes down the ratings
        QWidget.setTabOrder(self.ratings[-1], self.labels[0])
        self.total = QLabel()
        self.total.setStyleSheet("font-weight: 600;")
        grid.addWidget(self.total, PSFS_MAX_ACTIVITIES + 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)
        for w in (*self.labels, *self.ratings):
            (w.textChanged if isinstance(w, QLineEdit) else w.valueChanged).connect(
                self._update_total
            )
        self._loaded: tuple | None = None
        self._original: OutcomeScore | None = None

    def _state(self) -> tuple:
        return tuple(
            (lab.text(), r.value()) for lab, r in zip(self.labels, self.ratings, strict=True)
        )

    def load(self, score: OutcomeScore | None, previous: OutcomeScore | None) -> None:
        items = list(score.items) if score else []
        names = list(score.labels) if score else []
        for row in range(PSFS_MAX_ACTIVITIES):
            self.labels[row].setText(names[row] if row < len(names) else "")
            value = items[row] if row < len(items) else None
            self.ratings[row].set_value_or_none(value)
        prev = dict(zip(previous.labels, previous.items, strict=False)) if previous else {}
        for row in range(PSFS_MAX_ACTIVITIES):
            self.previous[row].setText("")
        if previous:
            for row in range(PSFS_MAX_ACTIVITIES):
                name = self.labels[row].text()
                if name in prev and prev[name] is not None:
                    self.previous[row].setText(f"{prev[name]:g}")
        self._original = score
        self._loaded = self._state()
        self._update_total()

    def score(self, version_from: OutcomeScore | None) -> OutcomeScore | None:
        if self._state() == self._loaded:
            return self._original
        rows = [
            (lab.text(), r.value_or_none())
            for lab, r in zip(self.labels, self.ratings, strict=True)
            if lab.text().strip() or r.value_or_none() is not None
        ]
        if not rows:
            return None
        version = version_from.version if version_from else ""
        return OutcomeScore(
            Instrument.PSFS,
            tuple(r for _l, r in rows),
            version,
            tuple(lab for lab, _r in rows),
        )

    def _update_total(self) -> None:
        rated = [r.value_or_none() for r in self.ratings if r.value_or_none() is not None]
        if rated:
            self.total.setText(f"PSFS score (mean): {psfs_score(rated):g} / 10")
        else:
            self.total.setText("PSFS score: no activity rated yet")


class SubjectiveSection(Section):
    title = "Subjective"

    def __init__(self, context: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)

        # Visit details
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
        outer.addWidget(details)

        # Complaint and pain
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
        self.nprs_previous = muted("", wrap=False)
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
        outer.addWidget(complaint)

        # PSFS
        psfs, lay = card(
            "Patient-Specific Functional Scale",
            "The same activities are re-rated each visit: 0 = unable, 10 = as before the "
            "injury. Alt+P jumps to the first rating.",
        )
        self.psfs = PsfsEditor()
        lay.addWidget(self.psfs)
        outer.addWidget(psfs)

        # Pain character
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
        outer.addWidget(character)

        # Red flags
        flags, lay = card(
            "Red flags",
            "Screen every visit. Red flags raise suspicion; they are not a diagnosis.",
        )
        self.red_flags = RedFlagPanel(context)
        lay.addWidget(self.red_flags)
        outer.addWidget(flags)

        notes, lay = card("Subjective notes")
        self.notes = NotesEdit("Anything else the client tells you")
        self.notes.setObjectName("subjectiveNotes")
        lay.addWidget(self.notes)
        outer.addWidget(notes)
        outer.addStretch(1)
        self._original_character: tuple[str, ...] = ()

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
        self.nerve_prompt.set_classification(classification)
