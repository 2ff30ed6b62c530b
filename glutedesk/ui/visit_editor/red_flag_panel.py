"""The red-flag checklist (grouped, tiers shown) and the advice panel under it.

The panel shows the most urgent tier ticked, the advice it calls for and the catalogue's
wording and safety net. Whether the advice recorded is adequate is the domain's rule
(:mod:`glutedesk.domain.save_gate`): the editor hands the panel the problem addressed to
``red_flags.advice`` and the panel shows it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.catalogue import RedFlagGroup
from glutedesk.domain.ids import RedFlagId
from glutedesk.domain.models import Advice, RedFlagAnswer, RedFlagScreen, RedFlagTier
from glutedesk.domain.red_flags import TIER_LABELS, required_advice, screen_tier
from glutedesk.domain.referrals import red_flag_referral
from glutedesk.domain.validation import FieldError
from glutedesk.ui.style import themed
from glutedesk.ui.visit_editor.common import EditorContext, field_label, keep_order
from glutedesk.ui.visit_editor.problem_label import show_problem
from glutedesk.ui.widgets.wrapping_check import wrapping_check

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
        self.screened_problem = QLabel()
        self.screened_problem.setObjectName("redFlagsScreenedProblem")
        self.screened_problem.setWordWrap(True)
        self.screened_problem.hide()
        layout.addWidget(self.screened_problem)
        layout.addLayout(self._checklist())

        self.advice_frame = self._advice_panel()
        layout.addWidget(self.advice_frame)

        self.screened.toggled.connect(self._update)
        self.advice.currentIndexChanged.connect(self._update)
        self.advice_note.textChanged.connect(self._update)
        self.referral_button.clicked.connect(self._on_referral)
        self._loaded: tuple | None = None
        self._original = RedFlagScreen()
        self._update()

    def _checklist(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        groups = [g for g in RedFlagGroup if self.context.catalogue.red_flags_in_group(g)]
        for index, group in enumerate(groups):
            items = self.context.catalogue.red_flags_in_group(group)
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
                line, check = wrapping_check(item.label)  # long questions wrap, never widen
                check.setObjectName(f"flag_{item.id}")
                check.setProperty("tier", str(item.tier))
                if item.help:
                    line.setToolTip(item.help)
                check.toggled.connect(self._on_flag_toggled)
                self.boxes[item.id] = check
                if len(tiers) > 1:
                    line.layout().addWidget(tier_chip(item.tier), 0, Qt.AlignmentFlag.AlignTop)
                box_layout.addWidget(line)
            if group is RedFlagGroup.CAUDA_EQUINA:
                grid.addWidget(box, 0, 0, 1, 2, Qt.AlignmentFlag.AlignTop)
            else:
                position = index - 1 if RedFlagGroup.CAUDA_EQUINA in groups else index
                grid.addWidget(box, 1 + position // 2, position % 2, Qt.AlignmentFlag.AlignTop)
        return grid

    def _advice_panel(self) -> QFrame:
        self.advice_frame = QFrame()
        self.advice_frame.setObjectName("alertPanel")
        advice_layout = QGridLayout(self.advice_frame)
        advice_layout.setContentsMargins(12, 10, 12, 10)
        self.tier_label = QLabel()
        self.tier_label.setWordWrap(True)
        self.tier_label.setStyleSheet("font-weight: 600;")
        self.advice = AdviceCombo(self.context)
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
        return self.advice_frame

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

    def show_problems(self, advice: FieldError | None, screened: FieldError | None) -> None:
        """Show the save gate's problems with the advice and with the screening, if any."""
        show_problem(self.advice_problem, advice)
        show_problem(self.screened_problem, screened)

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
            self.tier_label.setStyleSheet(themed(f"font-weight: 600; color: {TIER_COLOURS[tier]};"))
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
        self.referral_button.setVisible(tier is not None)
        self.changed.emit()

    def _on_referral(self) -> None:
        tier = self.tier()
        if tier is None:
            return
        ticked = self.ticked()
        labels = [self.context.catalogue.red_flag(f).label for f in ticked]
        to_whom, reason, urgency = red_flag_referral(
            tier, self.advice.advice(), labels, self.context.client
        )
        self.add_referral.emit((to_whom, reason, urgency, tuple(ticked)))
